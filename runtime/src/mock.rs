//! What a generated crate's `test-util` feature builds on: answering calls with no network.
