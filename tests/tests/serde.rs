//! Placeholder: the `serde` tests are being written (issue 14).
