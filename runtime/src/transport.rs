//! The transport seam: every request of a generated client goes through an [`HttpClient`].
//!
//! Tests and users can answer requests in memory; the real HTTPS transport plugs in here too.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// An HTTP request with its whole body in memory.
pub type HttpRequest = http::Request<bytes::Bytes>;
/// An HTTP response with its whole body in memory.
pub type HttpResponse = http::Response<bytes::Bytes>;
/// A boxed, sendable future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
/// A boxed, sendable error.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Sends one HTTP request and returns its response.
///
/// The request's URI is absolute (scheme, host and path). Implementations must not panic on any
/// input; a failure to reach the server is a [`ConnectorError`].
pub trait HttpClient: Send + Sync + fmt::Debug {
    /// Sends `request` and resolves to the server's response.
    fn send(&self, request: HttpRequest) -> BoxFuture<'static, Result<HttpResponse, ConnectorError>>;

    /// Sends `request` and resolves as soon as the response head arrives; the body is read as
    /// the caller consumes it. The default reads the whole body first.
    fn send_streaming(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'static, Result<http::Response<crate::ByteStream>, ConnectorError>> {
        let response = self.send(request);
        Box::pin(async move { response.await.map(|r| r.map(crate::ByteStream::new)) })
    }
}

/// A cheaply cloneable, shared [`HttpClient`].
#[derive(Clone, Debug)]
pub struct SharedHttpClient(Arc<dyn HttpClient>);

impl SharedHttpClient {
    /// Wraps `client` so that it can be shared between clients and tasks.
    pub fn new(client: impl HttpClient + 'static) -> Self {
        Self(Arc::new(client))
    }
}

impl HttpClient for SharedHttpClient {
    fn send(&self, request: HttpRequest) -> BoxFuture<'static, Result<HttpResponse, ConnectorError>> {
        self.0.send(request)
    }

    fn send_streaming(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'static, Result<http::Response<crate::ByteStream>, ConnectorError>> {
        self.0.send_streaming(request)
    }
}

/// An [`HttpClient`] made from a function, for tests and in-memory services.
///
/// ```
/// use aws_client_runtime::transport::{infallible_client_fn, HttpResponse};
/// let client = infallible_client_fn(|_request| {
///     http::Response::builder().status(200).body(bytes::Bytes::from_static(b"{}")).unwrap()
/// });
/// ```
pub fn infallible_client_fn<F>(f: F) -> FnHttpClient<F>
where
    F: Fn(HttpRequest) -> HttpResponse + Send + Sync + 'static,
{
    FnHttpClient(f)
}

/// The [`HttpClient`] returned by [`infallible_client_fn`].
pub struct FnHttpClient<F>(F);

impl<F> fmt::Debug for FnHttpClient<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FnHttpClient")
    }
}

impl<F> HttpClient for FnHttpClient<F>
where
    F: Fn(HttpRequest) -> HttpResponse + Send + Sync + 'static,
{
    fn send(&self, request: HttpRequest) -> BoxFuture<'static, Result<HttpResponse, ConnectorError>> {
        let response = (self.0)(request);
        Box::pin(async move { Ok(response) })
    }
}

/// Why a request could not be sent or its response not received.
#[derive(Debug)]
pub struct ConnectorError {
    kind: ConnectorErrorKind,
    source: BoxError,
}

/// The kind of a [`ConnectorError`]; decides whether a retry can help.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConnectorErrorKind {
    /// The request or response timed out.
    Timeout,
    /// The connection failed or broke (refused, reset, closed before or during the response).
    Io,
    /// The TLS handshake failed or the server's certificate was not accepted; a retry cannot
    /// help, so it is never retried.
    Tls,
    /// Any other failure.
    Other,
}

impl ConnectorError {
    /// A timeout.
    pub fn timeout(source: impl Into<BoxError>) -> Self {
        Self { kind: ConnectorErrorKind::Timeout, source: source.into() }
    }
    /// A connection failure.
    pub fn io(source: impl Into<BoxError>) -> Self {
        Self { kind: ConnectorErrorKind::Io, source: source.into() }
    }
    /// A TLS handshake failure or a certificate that was not accepted.
    pub fn tls(source: impl Into<BoxError>) -> Self {
        Self { kind: ConnectorErrorKind::Tls, source: source.into() }
    }
    /// Any other failure.
    pub fn other(source: impl Into<BoxError>) -> Self {
        Self { kind: ConnectorErrorKind::Other, source: source.into() }
    }
    /// What kind of failure this is.
    pub fn kind(&self) -> ConnectorErrorKind {
        self.kind
    }
    /// Whether this is a timeout.
    pub fn is_timeout(&self) -> bool {
        self.kind == ConnectorErrorKind::Timeout
    }
}

impl fmt::Display for ConnectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            ConnectorErrorKind::Timeout => "timeout",
            ConnectorErrorKind::Io => "connection error",
            ConnectorErrorKind::Tls => {
                "TLS failure (not retried: a handshake or certificate problem does not go away by retrying)"
            }
            ConnectorErrorKind::Other => "transport error",
        };
        write!(f, "{kind}: {}", self.source)?;
        // Transport errors nest the useful part (`Connection refused`) a few sources deep.
        let mut source = self.source.source();
        while let Some(inner) = source {
            write!(f, ": {inner}")?;
            source = inner.source();
        }
        Ok(())
    }
}

impl std::error::Error for ConnectorError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}
