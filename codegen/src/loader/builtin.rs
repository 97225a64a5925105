//! The Smithy prelude and standard trait definitions, compiled in (see `builtin/README.md`).

use super::Source;

/// Every built-in definition file, as a source reported under `<builtin>/NAME`.
pub fn sources() -> Vec<Source> {
    FILES.iter().map(|(name, text)| Source::new(format!("<builtin>/{name}"), *text)).collect()
}

const FILES: &[(&str, &str)] = &[
    ("prelude.smithy", include_str!("builtin/prelude.smithy")),
    ("aws.api.smithy", include_str!("builtin/aws.api.smithy")),
    ("aws.auth.smithy", include_str!("builtin/aws.auth.smithy")),
    ("aws.customizations.smithy", include_str!("builtin/aws.customizations.smithy")),
    ("aws.endpoints.smithy", include_str!("builtin/aws.endpoints.smithy")),
    ("aws.protocols.smithy", include_str!("builtin/aws.protocols.smithy")),
    ("smithy.framework.validation.smithy", include_str!("builtin/smithy.framework.validation.smithy")),
    ("smithy.rules.smithy", include_str!("builtin/smithy.rules.smithy")),
    ("smithy.test.smithy", include_str!("builtin/smithy.test.smithy")),
    ("waiters.smithy", include_str!("builtin/waiters.smithy")),
];
