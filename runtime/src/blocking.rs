//! What a generated crate's `blocking` feature builds on: blocking calls on an owned runtime.
