//! Runtime support shared by every generated AWS restJson1 client.
//!
//! Generated crates hold only what is specific to their model: shapes, operations and their
//! wire bindings. Everything that is the same for every model lives here as ordinary Rust:
//! the error types, JSON and HTTP binding helpers, pagination streams, the client
//! configuration and the transport seam that requests go through.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod app_name;
pub mod auth;
#[cfg(feature = "blocking")]
pub mod blocking;
pub mod byte_stream;
pub mod checksum;
pub mod client;
pub mod compression;
pub mod config;
pub mod customize;
pub mod endpoint;
pub mod endpoint_resolver;
pub mod endpoint_rules;
pub mod enums;
pub mod error;
pub mod http_binding;
#[cfg(feature = "rustls")]
pub mod hyper_client;
pub mod idempotency_token;
pub mod identity_cache;
pub mod interceptors;
pub mod json;
pub mod json_value;
#[cfg(feature = "test-util")]
pub mod mock;
pub mod paginate;
pub mod protocol_test;
pub mod retry;
pub mod sensitive;
#[cfg(feature = "serde")]
pub mod serde_support;
pub mod signing;
#[cfg(feature = "rustls")]
pub mod tls;
pub mod transport;

pub use aws_smithy_types::{Blob, DateTime, Document};
pub use byte_stream::ByteStream;
/// The `bytes` crate, re-exported for the same reason.
pub use bytes;
/// The `http` crate, re-exported so that generated crates need no dependency of their own.
pub use http;

/// Formats a timestamp can take on the wire.
pub use aws_smithy_types::date_time::Format as TimestampFormat;
