//! The built-in HTTP client: hyper 1 over rustls (ring), HTTP/1.1 with connection reuse,
//! trusting the platform's trust store and a CA bundle ([`crate::tls`]). Plain `http://` is
//! used only when an `endpoint_url` asks for it.

use crate::transport::{BoxFuture, ConnectorError, ConnectorErrorKind, HttpClient, HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::stalled_stream_protection::StalledStreamProtectionConfig;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use std::time::Duration;

type Connector = hyper_rustls::HttpsConnector<HttpConnector>;

/// How long an idle pooled connection is kept for reuse before the client closes it: 50 s,
/// shorter than the 60 s after which AWS load balancers (and many proxies) close idle
/// connections themselves, so that a request rarely lands on a connection the server has just
/// closed (and when one does, the retry classification retries it). The AWS SDK for Rust keeps
/// hyper's 90 s; the AWS SDK for Java keeps 60 s.
pub const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(50);

/// HTTPS (and explicit plain HTTP) through hyper, keeping idle connections for reuse.
#[derive(Clone)]
pub struct HyperClient {
    client: Client<Connector, Full<bytes::Bytes>>,
    /// Why the configured CA bundle cannot be used: every HTTPS request fails with it.
    ca_bundle_problem: Option<std::sync::Arc<str>>,
    /// How long a response body may send nothing (stalled stream protection), if limited.
    stall_grace_period: Option<Duration>,
}

impl std::fmt::Debug for HyperClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HyperClient")
    }
}

impl HyperClient {
    /// A client whose connections time out after `connect_timeout`, if set, trusting the
    /// platform's trust store.
    pub fn new(connect_timeout: Option<Duration>) -> Self {
        Self::with_ca_bundle(connect_timeout, None)
    }

    /// A client whose connections time out after `connect_timeout`, if set, trusting the
    /// platform's trust store and the CA certificates of the PEM file `ca_bundle`. When that
    /// file cannot be used, every HTTPS request fails (never retried) with an error that names
    /// it and says why; plain HTTP requests are not affected.
    pub fn with_ca_bundle(connect_timeout: Option<Duration>, ca_bundle: Option<&std::path::Path>) -> Self {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(connect_timeout);
        http.set_nodelay(true);
        let (tls, ca_bundle_problem) = crate::tls::client_config(ca_bundle);
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        // hyper-util closes idle connections only with a timer (without one, the idle timeout
        // is ignored and stale connections are kept forever).
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .build(https);
        Self { client, ca_bundle_problem: ca_bundle_problem.map(Into::into), stall_grace_period: None }
    }

    /// Fails an attempt whose response body sends nothing for the grace period of `config`,
    /// when its download protection is on, with a timeout (which a retry may cure).
    pub fn with_stalled_stream_protection(mut self, config: Option<StalledStreamProtectionConfig>) -> Self {
        self.stall_grace_period =
            config.filter(StalledStreamProtectionConfig::download_enabled).map(|config| config.grace_period());
        self
    }

    /// The error of an HTTPS request when the CA bundle cannot be used.
    fn refuse(&self, request: &HttpRequest) -> Result<(), ConnectorError> {
        match &self.ca_bundle_problem {
            Some(problem) if request.uri().scheme_str() == Some("https") => {
                Err(ConnectorError::tls(problem.to_string()))
            }
            _ => Ok(()),
        }
    }
}

impl HyperClient {
    async fn head(
        client: Client<Connector, Full<bytes::Bytes>>,
        request: HttpRequest,
    ) -> Result<http::Response<hyper::body::Incoming>, ConnectorError> {
        let (parts, body) = request.into_parts();
        let request = http::Request::from_parts(parts, Full::new(body));
        client.request(request).await.map_err(|e| match classify(&e) {
            ConnectorErrorKind::Timeout => ConnectorError::timeout(e),
            ConnectorErrorKind::Io => ConnectorError::io(e),
            // A certificate problem is named (`UnknownIssuer`, `NotValidForName`, `Expired`).
            ConnectorErrorKind::Tls => match crate::tls::InvalidCertificate::find(&e) {
                Some(certificate) => ConnectorError::tls(certificate),
                None => ConnectorError::tls(e),
            },
            _ => ConnectorError::other(e),
        })
    }
}

/// Sorts a failure of the hyper client the way the AWS SDKs do, so that the retry strategy
/// can decide: a TLS handshake or certificate failure anywhere in the chain is `Tls` (never
/// retried); a timeout is `Timeout`; a connection that could not be made, or that was closed
/// or reset before the whole response arrived (hyper's incomplete message, `ECONNRESET`, a
/// broken pipe, any I/O error) is `Io`; anything else is `Other`.
pub(crate) fn classify(error: &(dyn std::error::Error + 'static)) -> ConnectorErrorKind {
    let mut kind = ConnectorErrorKind::Other;
    let mut next = Some(error);
    // Error chains are short; the bound only guards against a cycle.
    for _ in 0..32 {
        let Some(error) = next else { break };
        if error.is::<rustls::Error>() {
            return ConnectorErrorKind::Tls;
        }
        if let Some(e) = error.downcast_ref::<hyper_util::client::legacy::Error>() {
            if e.is_connect() {
                kind = ConnectorErrorKind::Io;
            }
        }
        if let Some(e) = error.downcast_ref::<hyper::Error>() {
            if e.is_timeout() {
                return ConnectorErrorKind::Timeout;
            }
            if e.is_incomplete_message() || e.is_closed() || e.is_canceled() {
                kind = ConnectorErrorKind::Io;
            }
        }
        if let Some(e) = error.downcast_ref::<std::io::Error>() {
            if e.kind() == std::io::ErrorKind::TimedOut {
                return ConnectorErrorKind::Timeout;
            }
            kind = ConnectorErrorKind::Io;
            // `io::Error::source` skips the error it wraps (rustls puts its own there).
            if let Some(inner) = e.get_ref() {
                next = Some(inner);
                continue;
            }
        }
        next = error.source();
    }
    kind
}

impl HttpClient for HyperClient {
    fn send_streaming(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'static, Result<http::Response<crate::ByteStream>, ConnectorError>> {
        let client = self.client.clone();
        let refused = self.refuse(&request);
        Box::pin(async move {
            refused?;
            let response = Self::head(client, request).await?;
            Ok(response.map(|body| {
                let chunks = body.into_data_stream();
                crate::ByteStream::from_stream(StreamErrors(chunks))
            }))
        })
    }

    fn send(&self, request: HttpRequest) -> BoxFuture<'static, Result<HttpResponse, ConnectorError>> {
        let client = self.client.clone();
        let refused = self.refuse(&request);
        let grace_period = self.stall_grace_period;
        Box::pin(async move {
            refused?;
            let response = Self::head(client, request).await?;
            let (parts, body) = response.into_parts();
            let body = match grace_period {
                Some(grace_period) => read_body_watching_for_stalls(body, grace_period).await?,
                // A connection dropped mid-body is an I/O failure, which a retry may cure.
                None => body.collect().await.map_err(ConnectorError::io)?.to_bytes(),
            };
            Ok(http::Response::from_parts(parts, body))
        })
    }
}

/// Reads a body whole, failing with a timeout when no data comes for `grace_period`.
async fn read_body_watching_for_stalls(
    mut body: hyper::body::Incoming,
    grace_period: Duration,
) -> Result<bytes::Bytes, ConnectorError> {
    use http_body_util::BodyExt;
    // A body in one chunk (the usual case) is kept as it came; only a second chunk copies.
    let mut first = bytes::Bytes::new();
    let mut joined: Option<bytes::BytesMut> = None;
    loop {
        match tokio::time::timeout(grace_period, body.frame()).await {
            Err(_) => {
                return Err(ConnectorError::timeout(format!(
                    "the response body stalled: no data for {grace_period:?} (stalled stream protection)"
                )))
            }
            Ok(None) => return Ok(joined.map_or(first, bytes::BytesMut::freeze)),
            Ok(Some(frame)) => {
                let Ok(chunk) = frame.map_err(ConnectorError::io)?.into_data() else { continue };
                match &mut joined {
                    Some(joined) => joined.extend_from_slice(&chunk),
                    None if first.is_empty() => first = chunk,
                    None => {
                        let mut both = bytes::BytesMut::from(&first[..]);
                        both.extend_from_slice(&chunk);
                        joined = Some(both);
                    }
                }
            }
        }
    }
}

/// Boxes the errors of a body's data stream.
struct StreamErrors<S>(S);

impl<S> futures_core::Stream for StreamErrors<S>
where
    S: futures_core::Stream<Item = Result<bytes::Bytes, hyper::Error>> + Unpin,
{
    type Item = Result<bytes::Bytes, crate::transport::BoxError>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        std::pin::Pin::new(&mut self.0).poll_next(cx).map(|item| item.map(|r| r.map_err(Into::into)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn io(kind: std::io::ErrorKind, inner: impl Into<crate::transport::BoxError>) -> std::io::Error {
        std::io::Error::new(kind, inner)
    }

    #[test]
    fn certificate_and_handshake_failures_are_tls_even_when_wrapped_in_io_errors() {
        let certificate = rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
        let wrapped = io(std::io::ErrorKind::InvalidData, certificate);
        assert_eq!(classify(&wrapped), ConnectorErrorKind::Tls);
        let twice = io(std::io::ErrorKind::Other, wrapped);
        assert_eq!(classify(&twice), ConnectorErrorKind::Tls);
        let handshake = rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType);
        assert_eq!(classify(&handshake), ConnectorErrorKind::Tls);
    }

    #[test]
    fn resets_broken_pipes_and_timeouts_are_sorted() {
        let reset = io(std::io::ErrorKind::ConnectionReset, "connection reset by peer");
        assert_eq!(classify(&reset), ConnectorErrorKind::Io);
        let pipe = io(std::io::ErrorKind::BrokenPipe, "broken pipe");
        assert_eq!(classify(&pipe), ConnectorErrorKind::Io);
        let timed_out = io(std::io::ErrorKind::TimedOut, "connect timed out");
        assert_eq!(classify(&timed_out), ConnectorErrorKind::Timeout);
        let other: crate::transport::BoxError = "something else".into();
        assert_eq!(classify(other.as_ref()), ConnectorErrorKind::Other);
    }
}
