//! A local, in-memory Amazon IVS.
//!
//! - [`service`] is the whole service as a function from an HTTP request to an HTTP response
//!   over shared state: [`InMemoryIvs`]. It is also an
//!   [`HttpClient`](aws_client_runtime::transport::HttpClient), so a generated client can talk
//!   to it without a socket.
//! - [`server`] puts that service behind a real HTTP/1.1 server on `127.0.0.1`: [`FakeIvs`]
//!   verifies the SigV4 signature of every request and can inject faults ([`Faults`]) —
//!   throttling, server errors, delays, dropped connections, truncated or malformed bodies and
//!   HTML pages from a proxy.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let server = fake_ivs::FakeIvs::builder()
//!     .credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
//!     .region("us-west-2")
//!     .start()
//!     .await?;
//! println!("IVS at {}", server.endpoint());
//! server.faults().throttle_next(2);
//! server.shutdown().await;
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod auth;
pub mod server;
pub mod service;

pub use server::{
    FakeIvs, FakeIvsBuilder, Fault, Faults, LoggedRequest, RunningServer, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY,
};
pub use service::{Clock, InMemoryIvs};
