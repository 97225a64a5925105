//! The in-memory service behind a real HTTP/1.1 server on `127.0.0.1`.
//!
//! [`FakeIvs::builder`] configures a server and [`FakeIvsBuilder::start`] binds it; the
//! [`RunningServer`] it returns serves until [`RunningServer::shutdown`] or until it is dropped.
//!
//! Every request goes through these steps, in order:
//!
//! 1. It is counted ([`RunningServer::requests_seen`]).
//! 2. The oldest armed fault, if any, takes one use ([`Faults`]). Faults that replace the answer
//!    (throttling, server errors, malformed bodies, HTML from a proxy) answer at once: neither
//!    the signature nor the service sees the request. Faults in transit (delays, dropped
//!    connections, truncated bodies) let the request through and act on its answer: the
//!    service acts on the request, and the answer is delayed or lost on the way back.
//! 3. Its SigV4 signature is verified against the registered credentials, and its `X-Amz-Date`
//!    must be within 15 minutes of the server's [`Clock`]; failures answer 403.
//! 4. The [`InMemoryIvs`] answers it.
//! 5. The answer is logged as a [`LoggedRequest`] ([`RunningServer::request_log`]).
//!
//! Every answer carries an `x-amzn-RequestId`, and `Content-Type: application/json` when its
//! body is JSON.
//!
//! With [`FakeIvsBuilder::tls`] the server speaks HTTPS (rustls) with the certificate it is
//! given, and counts the connections whose TLS handshake failed
//! ([`RunningServer::tls_handshake_failures`]).

use crate::service::{Clock, InMemoryIvs};
use aws_client_runtime::signing::Credentials;
use aws_client_runtime::transport::{HttpRequest, HttpResponse};
use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::json;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::{JoinHandle, JoinSet};

/// The access key id a server accepts when the builder registers no credentials.
pub const DEFAULT_ACCESS_KEY: &str = "AKIDEXAMPLE";
/// The secret access key of [`DEFAULT_ACCESS_KEY`].
pub const DEFAULT_SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
/// How far a request's `X-Amz-Date` may be from the server's clock, either way.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(15 * 60);
/// The message of an `InvalidSignatureException` for a signature that does not match.
pub const SIGNATURE_MISMATCH_MESSAGE: &str = "The request signature we calculated does not match the signature you \
     provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

/// How long a broken answer (a dropped connection or a truncated body) waits after writing
/// what it writes, so that it reaches the client before the connection closes.
const BREAK_PAUSE: Duration = Duration::from_millis(20);

/// A namespace for [`FakeIvs::builder`].
#[derive(Debug)]
pub struct FakeIvs {
    _private: (),
}

impl FakeIvs {
    /// A builder for a server with the default credentials ([`DEFAULT_ACCESS_KEY`]), region
    /// `us-west-2`, account `123456789012` and a random port.
    pub fn builder() -> FakeIvsBuilder {
        FakeIvsBuilder::default()
    }
}

/// Configures and starts a [`RunningServer`].
#[derive(Debug)]
pub struct FakeIvsBuilder {
    keys: Vec<Credentials>,
    region: String,
    account: String,
    port: u16,
    clock: Option<Clock>,
    service: Option<InMemoryIvs>,
    channel_quota: Option<usize>,
    verify_signatures: bool,
    journal: bool,
    tls: Option<(String, String)>,
}

impl Default for FakeIvsBuilder {
    fn default() -> Self {
        Self {
            keys: Vec::new(),
            region: crate::service::DEFAULT_REGION.to_owned(),
            account: crate::service::DEFAULT_ACCOUNT.to_owned(),
            port: 0,
            clock: None,
            service: None,
            channel_quota: None,
            verify_signatures: true,
            journal: true,
            tls: None,
        }
    }
}

impl FakeIvsBuilder {
    /// Accepts requests signed with `access_key` and `secret_key` (and no session token).
    ///
    /// May be called more than once to accept several keys. When no credentials are given the
    /// server accepts [`DEFAULT_ACCESS_KEY`] and [`DEFAULT_SECRET_KEY`].
    pub fn credentials(mut self, access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        self.keys.push(Credentials::new(access_key.into(), secret_key.into(), None, None, "fake-ivs"));
        self
    }

    /// Accepts requests signed with temporary credentials: their `X-Amz-Security-Token` must
    /// be `session_token`.
    pub fn session_credentials(
        mut self,
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
        session_token: impl Into<String>,
    ) -> Self {
        self.keys.push(Credentials::new(
            access_key.into(),
            secret_key.into(),
            Some(session_token.into()),
            None,
            "fake-ivs",
        ));
        self
    }

    /// The region of the service's ARNs (default `us-west-2`). Ignored with
    /// [`service`](Self::service).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    /// The account of the service's ARNs (default `123456789012`). Ignored with
    /// [`service`](Self::service).
    pub fn account(mut self, account: impl Into<String>) -> Self {
        self.account = account.into();
        self
    }

    /// The port to listen on; 0 (the default) picks a free one.
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The clock that both the signature check and the service read (default: the service's,
    /// which is the system's unless it was given another).
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Serves this service (and its state) instead of a fresh one.
    pub fn service(mut self, service: InMemoryIvs) -> Self {
        self.service = Some(service);
        self
    }

    /// Allows at most `quota` channels (see [`InMemoryIvs::with_channel_quota`]).
    pub fn channel_quota(mut self, quota: usize) -> Self {
        self.channel_quota = Some(quota);
        self
    }

    /// Whether to verify SigV4 signatures (default `true`). Without verification, unsigned
    /// requests are served too; this is for clients that do not sign yet.
    pub fn verify_signatures(mut self, verify: bool) -> Self {
        self.verify_signatures = verify;
        self
    }

    /// Whether the service records each request in its journal (default `true`; see
    /// [`InMemoryIvs::without_journal`]).
    pub fn journal(mut self, journal: bool) -> Self {
        self.journal = journal;
        self
    }

    /// Serves HTTPS instead of plain HTTP, presenting `certificate_chain_pem` (the server's
    /// certificate first, then any intermediates, PEM) with the private key `private_key_pem`
    /// (PEM: PKCS#8, PKCS#1 or SEC1). [`RunningServer::endpoint`] is then
    /// `https://127.0.0.1:PORT`, so the certificate must be valid for the IP address
    /// `127.0.0.1` for a client to accept it.
    pub fn tls(mut self, certificate_chain_pem: impl Into<String>, private_key_pem: impl Into<String>) -> Self {
        self.tls = Some((certificate_chain_pem.into(), private_key_pem.into()));
        self
    }

    /// Binds `127.0.0.1` on the configured port and starts serving on the current Tokio
    /// runtime.
    ///
    /// # Errors
    /// When the port cannot be bound, or the TLS certificate or key cannot be used.
    pub async fn start(self) -> std::io::Result<RunningServer> {
        let tls = match &self.tls {
            Some((chain, key)) => Some(tls_acceptor(chain, key)?),
            None => None,
        };
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, self.port)).await?;
        let addr = listener.local_addr()?;
        let seed = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0)
            ^ u64::from(addr.port()).rotate_left(40);
        // A service of our own gets request ids of its own; one handed in keeps its sequence.
        let mut service = match self.service {
            Some(service) => service,
            None => InMemoryIvs::with_account(&self.region, &self.account).with_request_id_salt(splitmix(seed)),
        };
        if let Some(clock) = self.clock {
            service = service.with_clock(clock);
        }
        if let Some(quota) = self.channel_quota {
            service = service.with_channel_quota(quota);
        }
        if !self.journal {
            service = service.without_journal();
        }
        let keys = if self.keys.is_empty() {
            vec![Credentials::new(DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, None, None, "fake-ivs")]
        } else {
            self.keys
        };
        let shared = Arc::new(Shared {
            clock: service.clock(),
            region: service.region(),
            service,
            faults: Faults::default(),
            keys,
            verify_signatures: self.verify_signatures,
            seen: AtomicUsize::new(0),
            log: Mutex::new(Vec::new()),
            ids: AtomicU64::new(seed),
            tls,
            tls_failures: AtomicUsize::new(0),
        });
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(accept_loop(listener, shared.clone(), stopped));
        Ok(RunningServer { addr, shared, stop: Some(stop), task: Some(task) })
    }
}

/// The TLS side of an HTTPS server: `chain_pem` and `key_pem` with rustls (ring).
fn tls_acceptor(chain_pem: &str, key_pem: &str) -> std::io::Result<tokio_rustls::TlsAcceptor> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let invalid = |what: &str, e: &dyn fmt::Display| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("{what}: {e}"))
    };
    let chain = CertificateDer::pem_slice_iter(chain_pem.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| invalid("the TLS certificate chain is not PEM", &e))?;
    let key =
        PrivateKeyDer::from_pem_slice(key_pem.as_bytes()).map_err(|e| invalid("the TLS private key is not PEM", &e))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| invalid("TLS versions", &e))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| invalid("the TLS certificate or key cannot be used", &e))?;
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}

/// A server that is serving. Dropping it stops the server (in the background; use
/// [`shutdown`](Self::shutdown) to wait until the port is free).
#[derive(Debug)]
pub struct RunningServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl RunningServer {
    /// The base URL to send requests to: `http://127.0.0.1:PORT`, or `https://127.0.0.1:PORT`
    /// with [`FakeIvsBuilder::tls`].
    pub fn endpoint(&self) -> String {
        let scheme = if self.shared.tls.is_some() { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// How many connections were closed because their TLS handshake failed (with
    /// [`FakeIvsBuilder::tls`]; a client that rejects the server's certificate is one).
    pub fn tls_handshake_failures(&self) -> usize {
        self.shared.tls_failures.load(Ordering::SeqCst)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The service behind the server: its state and test hooks such as
    /// [`InMemoryIvs::set_live`].
    pub fn service(&self) -> &InMemoryIvs {
        &self.shared.service
    }

    /// The fault injection handle.
    pub fn faults(&self) -> &Faults {
        &self.shared.faults
    }

    /// The clock the server checks `X-Amz-Date` against and the service reads.
    pub fn clock(&self) -> &Clock {
        &self.shared.clock
    }

    /// The region of the service's ARNs.
    pub fn region(&self) -> String {
        self.shared.service.region()
    }

    /// How many requests have arrived (whole, with their bodies), whatever became of them.
    pub fn requests_seen(&self) -> usize {
        self.shared.seen.load(Ordering::SeqCst)
    }

    /// Every request answered so far, oldest first. A request still waiting on a delay is not
    /// there yet.
    pub fn request_log(&self) -> Vec<LoggedRequest> {
        self.shared.log().clone()
    }

    /// Stops accepting connections, closes the open ones and waits until the port is free.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// One answered request, as [`RunningServer::request_log`] lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedRequest {
    /// The HTTP method.
    pub method: String,
    /// The path, still percent-encoded, without the query.
    pub path: String,
    /// The status of the answer (for a broken answer, the status its head declared).
    pub status: u16,
    /// The fault that acted on the request, if any.
    pub fault: Option<Fault>,
}

/// A fault the server can inject; see [`Faults`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Answer 429 `ThrottlingException`.
    Throttle,
    /// Answer this status with a JSON error: 500 `InternalServerException`, 503
    /// `ServiceUnavailableException`, any other status `InternalFailure`.
    ServerError(u16),
    /// Wait this long, then handle the request as usual.
    Delay(Duration),
    /// Handle the request, then write the status line and headers of the answer (declaring a
    /// body) and close the connection before any body byte.
    DropConnection,
    /// Handle the request, then write the answer with a `Content-Length` larger than the body
    /// it sends, and close the connection.
    TruncateBody,
    /// Answer 200 with a body that is not JSON: `{"channel": `.
    MalformedBody,
    /// Answer 502 with an HTML page, as a proxy in front of the service would.
    Html502,
}

/// The fault injection handle of a [`RunningServer`]. Clones share the same faults.
///
/// Each call arms a fault for the next `n` requests; faults take effect in the order they were
/// armed, one request at a time, as requests arrive: `throttle_next(1)` then `fail_next(2, 503)`
/// throttles the next request and fails the two after it. Requests that find no armed fault are
/// served normally.
#[derive(Clone, Debug, Default)]
pub struct Faults {
    queue: Arc<Mutex<VecDeque<(Fault, usize)>>>,
}

impl Faults {
    /// Arms `fault` for the next `n` requests (after those already armed).
    pub fn arm(&self, fault: Fault, n: usize) -> &Self {
        if n > 0 {
            self.lock().push_back((fault, n));
        }
        self
    }

    /// The next `n` requests answer 429 `ThrottlingException`.
    pub fn throttle_next(&self, n: usize) -> &Self {
        self.arm(Fault::Throttle, n)
    }

    /// The next `n` requests answer `status` with a JSON error body: 500
    /// `InternalServerException`, 503 `ServiceUnavailableException`, other statuses
    /// `InternalFailure`. A status that is not a valid HTTP status becomes 500.
    pub fn fail_next(&self, n: usize, status: u16) -> &Self {
        self.arm(Fault::ServerError(status), n)
    }

    /// The next `n` requests wait `delay` before they are handled and answered.
    pub fn delay_next(&self, n: usize, delay: Duration) -> &Self {
        self.arm(Fault::Delay(delay), n)
    }

    /// The next `n` requests are handled, but their connection closes right after the status
    /// line and headers of the answer.
    pub fn drop_connection_next(&self, n: usize) -> &Self {
        self.arm(Fault::DropConnection, n)
    }

    /// The next `n` requests are handled, but their answer declares a `Content-Length` larger
    /// than the body sent before the connection closes.
    pub fn truncate_body_next(&self, n: usize) -> &Self {
        self.arm(Fault::TruncateBody, n)
    }

    /// The next `n` requests answer 200 with a body that is not valid JSON.
    pub fn malformed_body_next(&self, n: usize) -> &Self {
        self.arm(Fault::MalformedBody, n)
    }

    /// The next `n` requests answer 502 with an HTML page.
    pub fn html_502_next(&self, n: usize) -> &Self {
        self.arm(Fault::Html502, n)
    }

    /// How many requests the armed faults will still act on.
    pub fn pending(&self) -> usize {
        self.lock().iter().map(|(_, n)| n).sum()
    }

    /// Disarms every fault.
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// Takes one use of the oldest armed fault.
    fn take(&self) -> Option<Fault> {
        let mut queue = self.lock();
        let (fault, remaining) = queue.front_mut()?;
        let fault = *fault;
        *remaining -= 1;
        if *remaining == 0 {
            queue.pop_front();
        }
        Some(fault)
    }

    fn lock(&self) -> MutexGuard<'_, VecDeque<(Fault, usize)>> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// What the accept loop and every connection share.
struct Shared {
    service: InMemoryIvs,
    faults: Faults,
    clock: Clock,
    region: String,
    keys: Vec<Credentials>,
    verify_signatures: bool,
    seen: AtomicUsize,
    log: Mutex<Vec<LoggedRequest>>,
    ids: AtomicU64,
    /// HTTPS, when set.
    tls: Option<tokio_rustls::TlsAcceptor>,
    tls_failures: AtomicUsize,
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shared")
            .field("service", &self.service)
            .field("region", &self.region)
            .field("tls", &self.tls.is_some())
            .finish_non_exhaustive()
    }
}

impl Shared {
    fn log(&self) -> MutexGuard<'_, Vec<LoggedRequest>> {
        self.log.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A fresh request id, formatted as a version 4 UUID.
    fn request_id(&self) -> String {
        let a = splitmix(self.ids.fetch_add(0x9e37_79b9_7f4a_7c15, Ordering::Relaxed));
        let b = splitmix(a ^ 0x5851_f42d_4c95_7f2d);
        crate::service::uuid_from_bits(a, b)
    }

    /// The answer to a request that no fault replaced: an authentication error, or the
    /// service's answer.
    fn answer(&self, request: &HttpRequest) -> HttpResponse {
        if self.verify_signatures {
            if let Err(failure) = crate::auth::authenticate(request, &self.keys, &self.region, self.clock.now()) {
                return failure.response();
            }
        }
        self.service.handle(request)
    }
}

fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>, mut stop: oneshot::Receiver<()>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(serve_connection(stream, shared.clone()));
                }
                // Out of file descriptors and the like: wait a little rather than spin.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    connections.shutdown().await;
}

async fn serve_connection(stream: TcpStream, shared: Arc<Shared>) {
    match shared.tls.clone() {
        None => serve_http(stream, shared).await,
        Some(acceptor) => match acceptor.accept(stream).await {
            Ok(stream) => serve_http(stream, shared).await,
            // A client that rejects the certificate closes the connection mid-handshake.
            Err(_) => {
                shared.tls_failures.fetch_add(1, Ordering::SeqCst);
            }
        },
    }
}

async fn serve_http<S>(stream: S, shared: Arc<Shared>)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |request| serve(shared.clone(), request));
    let _ = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

async fn serve(
    shared: Arc<Shared>,
    request: http::Request<Incoming>,
) -> Result<http::Response<ServerBody>, Infallible> {
    let (parts, body) = request.into_parts();
    let method = parts.method.as_str().to_owned();
    let path = parts.uri.path().to_owned();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            let response = json_error(400, "SerializationException", "message", "The request body could not be read");
            return Ok(finish(&shared, method, path, None, ServerResponse::whole(response)));
        }
    };
    shared.seen.fetch_add(1, Ordering::SeqCst);
    let request = http::Request::from_parts(parts, body);
    let fault = shared.faults.take();
    let response = match fault {
        None => ServerResponse::whole(shared.answer(&request)),
        Some(Fault::Throttle) => {
            ServerResponse::whole(json_error(429, "ThrottlingException", "exceptionMessage", "Rate exceeded"))
        }
        Some(Fault::ServerError(status)) => {
            let status = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
            let (code, key, message) = match status.as_u16() {
                500 => {
                    ("InternalServerException", "exceptionMessage", "Unexpected error during processing of request.")
                }
                503 => ("ServiceUnavailableException", "message", "Service Unavailable"),
                _ => ("InternalFailure", "message", "The request processing has failed because of an unknown error."),
            };
            ServerResponse::whole(json_error(status.as_u16(), code, key, message))
        }
        Some(Fault::MalformedBody) => ServerResponse::whole(
            http::Response::builder()
                .status(200)
                .header("Content-Type", "application/json")
                .body(Bytes::from_static(b"{\"channel\": "))
                .unwrap_or_default(),
        ),
        Some(Fault::Html502) => ServerResponse::whole(
            http::Response::builder()
                .status(502)
                .header("Content-Type", "text/html")
                .body(Bytes::from_static(BAD_GATEWAY_HTML.as_bytes()))
                .unwrap_or_default(),
        ),
        Some(Fault::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            ServerResponse::whole(shared.answer(&request))
        }
        Some(Fault::DropConnection) => ServerResponse::broken(shared.answer(&request), false),
        Some(Fault::TruncateBody) => ServerResponse::broken(shared.answer(&request), true),
    };
    Ok(finish(&shared, method, path, fault, response))
}

/// An answer on its way out: its head, and a body that may break.
struct ServerResponse(http::Response<ServerBody>);

impl ServerResponse {
    /// An answer sent whole. Its `Content-Length` is left to hyper.
    fn whole(response: HttpResponse) -> Self {
        let (mut parts, body) = response.into_parts();
        parts.headers.remove(http::header::CONTENT_LENGTH);
        Self(http::Response::from_parts(parts, ServerBody::Whole(Some(body))))
    }

    /// `response`'s head, then (when `with_body`) its body, then a closed connection before
    /// the declared `Content-Length` is reached. An answer without a body becomes 200 with a
    /// declared body, since closing the connection after a whole bodiless answer is no fault.
    fn broken(response: HttpResponse, with_body: bool) -> Self {
        let (mut parts, body) = response.into_parts();
        let body = if body.is_empty() { Bytes::from_static(b"{}") } else { body };
        if parts.status == http::StatusCode::NO_CONTENT || parts.status == http::StatusCode::NOT_MODIFIED {
            parts.status = http::StatusCode::OK;
            parts.headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
        }
        let declared = if with_body { body.len() + 64 } else { body.len() };
        parts.headers.insert(http::header::CONTENT_LENGTH, http::HeaderValue::from(declared));
        let sent = with_body.then_some(body);
        Self(http::Response::from_parts(
            parts,
            ServerBody::Broken { data: sent, pause: Box::pin(tokio::time::sleep(BREAK_PAUSE)) },
        ))
    }
}

/// Adds a request id when the answer has none, and logs it.
fn finish(
    shared: &Shared,
    method: String,
    path: String,
    fault: Option<Fault>,
    response: ServerResponse,
) -> http::Response<ServerBody> {
    let mut response = response.0;
    if !response.headers().contains_key("x-amzn-requestid") {
        if let Ok(id) = http::HeaderValue::from_str(&shared.request_id()) {
            response.headers_mut().insert("x-amzn-RequestId", id);
        }
    }
    shared.log().push(LoggedRequest { method, path, status: response.status().as_u16(), fault });
    response
}

/// A JSON error answer with `x-amzn-ErrorType: code` and `{key: message}` as its body.
pub(crate) fn json_error(status: u16, code: &str, key: &str, message: &str) -> HttpResponse {
    let mut body = serde_json::Map::new();
    body.insert(key.to_owned(), json!(message));
    http::Response::builder()
        .status(status)
        .header("x-amzn-ErrorType", code)
        .header("Content-Type", "application/json")
        .body(Bytes::from(serde_json::Value::Object(body).to_string()))
        .unwrap_or_default()
}

const BAD_GATEWAY_HTML: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
     <center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";

/// The body of an answer: whole, or one that breaks the connection.
enum ServerBody {
    /// Sent whole.
    Whole(Option<Bytes>),
    /// Sends `data` (if any), waits `pause`, then fails, which makes hyper close the
    /// connection.
    Broken { data: Option<Bytes>, pause: Pin<Box<tokio::time::Sleep>> },
}

/// The error a broken body ends with.
#[derive(Debug)]
struct BrokenConnection;

impl fmt::Display for BrokenConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection broken by fault injection")
    }
}

impl std::error::Error for BrokenConnection {}

impl Body for ServerBody {
    type Data = Bytes;
    type Error = BrokenConnection;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BrokenConnection>>> {
        match self.get_mut() {
            ServerBody::Whole(data) => Poll::Ready(data.take().filter(|d| !d.is_empty()).map(|d| Ok(Frame::data(d)))),
            ServerBody::Broken { data, pause } => {
                if let Some(data) = data.take().filter(|d| !d.is_empty()) {
                    return Poll::Ready(Some(Ok(Frame::data(data))));
                }
                match pause.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Some(Err(BrokenConnection))),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, ServerBody::Whole(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            ServerBody::Whole(Some(data)) => SizeHint::with_exact(data.len() as u64),
            ServerBody::Whole(None) => SizeHint::with_exact(0),
            ServerBody::Broken { .. } => SizeHint::default(),
        }
    }
}
