//! What a generated crate's `serde` feature builds on: wire formats of timestamps, blobs and documents.
