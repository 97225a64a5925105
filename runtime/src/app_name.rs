//! What a client adds to its `User-Agent` about who is calling: the application name
//! (`app/<name>`, the official SDK's `AppName`) and frameworks (`lib/<name>#<version>`, its
//! `FrameworkMetadata`).

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

/// A framework the calls are made through, sent in the `User-Agent` as `lib/<name>#<version>`
/// (`Config::builder().framework_metadata(..)`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameworkMetadata {
    name: Cow<'static, str>,
    version: Option<Cow<'static, str>>,
}

impl FrameworkMetadata {
    /// A framework's name and version, each one or more of the characters an HTTP token
    /// allows; [`InvalidMetadataValue`] otherwise.
    pub fn new(
        name: impl Into<Cow<'static, str>>,
        version: Option<Cow<'static, str>>,
    ) -> Result<Self, InvalidMetadataValue> {
        let name = name.into();
        let valid = |value: &str| !value.is_empty() && value.chars().all(is_token_char);
        if !valid(&name) || version.as_deref().is_some_and(|v| !valid(v)) {
            return Err(InvalidMetadataValue);
        }
        Ok(Self { name, version })
    }
}

impl fmt::Display for FrameworkMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.version {
            Some(version) => write!(f, "lib/{}#{version}", self.name),
            None => write!(f, "lib/{}", self.name),
        }
    }
}

/// A framework name or version with a character an HTTP token does not allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidMetadataValue;

impl fmt::Display for InvalidMetadataValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("framework metadata may only use ASCII letters, digits and !#$%&'*+-.^_`|~, and may not be empty")
    }
}

impl std::error::Error for InvalidMetadataValue {}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}
