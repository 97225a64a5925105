//! Placeholder: the `mock` tests are being written (issue 14).
