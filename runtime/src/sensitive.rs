//! Redaction of `@sensitive` values in `Debug` output.

/// What `Debug` prints in place of a `@sensitive` value, as the official AWS SDK does.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// A `Debug` stand-in for a sensitive value: prints [`REDACTED`] whatever it wraps.
#[derive(Clone, Copy)]
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(REDACTED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacted_debug_hides_everything() {
        assert_eq!(format!("{:?}", Redacted), REDACTED);
        assert_eq!(format!("{:#?}", Some(Redacted)), format!("Some(\n    {REDACTED},\n)"));
    }
}
