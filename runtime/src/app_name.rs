//! The application name a client adds to its `User-Agent` (`app/<name>`), as the official SDK's
//! `AppName`.

use std::borrow::Cow;
use std::fmt;

/// The name of the application making the calls, sent in the `User-Agent` as `app/<name>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppName(Cow<'static, str>);

impl AppName {
    /// An application name: one or more of the characters an HTTP token allows (ASCII letters,
    /// digits and ``!#$%&'*+-.^_`|~``).
    pub fn new(app_name: impl Into<Cow<'static, str>>) -> Result<Self, InvalidAppName> {
        let app_name = app_name.into();
        let valid = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        if app_name.is_empty() || !app_name.chars().all(valid) {
            return Err(InvalidAppName);
        }
        Ok(Self(app_name))
    }
}

impl AsRef<str> for AppName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AppName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An application name that is empty or has a character an HTTP token does not allow.
#[derive(Debug)]
#[non_exhaustive]
pub struct InvalidAppName;

impl fmt::Display for InvalidAppName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "an app name must be one or more ASCII letters, digits or any of !#$%&'*+-.^_`|~ \
             (it goes into the User-Agent header)",
        )
    }
}

impl std::error::Error for InvalidAppName {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_http_tokens() {
        assert_eq!(AppName::new("my-app_1.0").expect("valid").as_ref(), "my-app_1.0");
        assert!(AppName::new("").is_err());
        assert!(AppName::new("two words").is_err());
        assert!(AppName::new("naïve").is_err());
    }
}
