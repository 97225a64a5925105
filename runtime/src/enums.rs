//! Support for generated enums.

use std::fmt;

/// A value that a generated enum does not know: kept, so a new server value never fails
/// parsing and can be sent back.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnknownVariantValue(String);

impl UnknownVariantValue {
    /// Wraps a value. Generated code calls this; users get one through `From<&str>`.
    #[doc(hidden)]
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownVariantValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What `try_parse` of a generated enum returns for a value the enum does not know.
#[derive(Debug)]
pub struct UnknownVariantError {
    value: String,
}

impl UnknownVariantError {
    /// The error for `value`. Generated code calls this; users get one from `try_parse`.
    #[doc(hidden)]
    pub fn new(value: impl Into<String>) -> Self {
        Self { value: value.into() }
    }
}

impl fmt::Display for UnknownVariantError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown enum variant: '{}'", self.value)
    }
}

impl std::error::Error for UnknownVariantError {}
