//! Placeholder: the `blocking` tests are being written (issue 14).
