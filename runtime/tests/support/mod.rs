//! What the fault and retry tests share: a hand-written operation (as a generated crate's
//! would be), a client configuration for it, and a scripted HTTP/1.1 server on a real loopback
//! socket whose every connection does what the test says (answer, close, reset, break the body).
//!
//! The server runs on a thread of its own with blocking sockets, so that it keeps real time even
//! when a test pauses tokio's clock. Every wait it makes is bounded: accepting, reading and
//! waiting for the client each give up after [`IO_LIMIT`].
#![allow(dead_code)]

use aws_client_runtime::client::{invoke, ClientHandle, Operation, ServiceInfo};
use aws_client_runtime::config::{Config, Credentials, Region, RetryConfig, TimeoutConfig};
use aws_client_runtime::error::{BuildError, DeserializeError, ErrorMetadata, SdkError};
use aws_client_runtime::transport::{HttpRequest, HttpResponse};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How long the scripted server waits for anything before giving up.
pub const IO_LIMIT: Duration = Duration::from_secs(10);

pub static SERVICE: ServiceInfo = ServiceInfo {
    sdk_id: "Test",
    signing_name: "test",
    endpoint_prefix: "test",
    api_version: "2020-01-01",
    env_key: "TEST",
    crate_name: "test",
    crate_version: "0.1.0",
    endpoint_rules: None,
};

/// The operation's error, displayed as a generated crate's errors are.
#[derive(Debug)]
pub struct OpError(pub ErrorMetadata);

impl std::fmt::Display for OpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        aws_client_runtime::error::write_code_and_message(f, &self.0)
    }
}

impl std::error::Error for OpError {}

/// A `POST /test` with a small JSON body (not idempotent: the SDKs retry it all the same); its
/// output is the response body.
pub struct Post;

impl Operation for Post {
    type Input = ();
    type Output = bytes::Bytes;
    type Error = OpError;
    const NAME: &'static str = "Post";

    fn serialize_request(_: &()) -> Result<HttpRequest, BuildError> {
        http::Request::builder()
            .method("POST")
            .uri("/test")
            .header("content-type", "application/json")
            .body(bytes::Bytes::from_static(br#"{"name":"test"}"#))
            .map_err(BuildError::other)
    }

    fn deserialize_output(response: &HttpResponse) -> Result<bytes::Bytes, DeserializeError> {
        Ok(response.body().clone())
    }

    fn deserialize_error(_: &HttpResponse, meta: ErrorMetadata) -> OpError {
        OpError(meta)
    }
}

/// Sends [`Post`] through `handle`.
pub async fn post(handle: &ClientHandle) -> Result<bytes::Bytes, SdkError<OpError>> {
    invoke::<Post>(handle, ()).await
}

/// A configuration for `endpoint`: test credentials, `retry` and the given timeouts.
pub fn config(endpoint: &str, retry: RetryConfig, timeouts: TimeoutConfig) -> aws_client_runtime::config::Builder {
    Config::builder()
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .retry_config(retry)
        .timeout_config(timeouts)
}

/// Standard retries (3 attempts) with backoffs of at most 5 ms, for tests on real time.
pub fn quick_retries() -> RetryConfig {
    RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)).with_max_backoff(Duration::from_millis(5))
}

/// A client with the built-in HTTP client for a scripted server, bounded by a 30 s operation
/// timeout (so that a regression fails instead of hanging).
pub fn socket_client(endpoint: &str, retry: RetryConfig) -> ClientHandle {
    let timeouts = TimeoutConfig::builder().operation_timeout(Duration::from_secs(30)).build();
    ClientHandle::new(config(endpoint, retry, timeouts).build(), &SERVICE)
}

/// What the scripted server does with one request.
#[derive(Clone, Copy, Debug)]
pub enum Reply {
    /// Answers 200 with this JSON body, keeping the connection open.
    Ok(&'static str),
    /// Reads the request, then closes the connection without answering (FIN).
    Close,
    /// Reads the request, then resets the connection (RST, with `SO_LINGER` 0).
    Reset,
    /// Answers 200 declaring this body's length, sends half of it, then closes.
    HalfBody(&'static str),
    /// Reads whatever the client sends first (a TLS ClientHello), answers with plain HTTP and
    /// closes: a TLS handshake that fails.
    NotTls,
}

/// What the scripted server does once a connection's replies are spent (if it is still open).
pub enum Then {
    /// Closes it.
    Close,
    /// Waits until the client closes it, and reports whether it did (`false`: it sent more, or
    /// the wait ran out).
    AwaitClientClose(tokio::sync::oneshot::Sender<bool>),
    /// Waits for the test's word, closes it, and says so.
    CloseWhenTold(std::sync::mpsc::Receiver<()>, tokio::sync::oneshot::Sender<()>),
}

/// One connection's script.
pub struct Connection {
    pub replies: Vec<Reply>,
    pub then: Then,
}

impl Connection {
    /// A connection that gets these replies, then is closed.
    pub fn replies(replies: impl IntoIterator<Item = Reply>) -> Self {
        Self { replies: replies.into_iter().collect(), then: Then::Close }
    }
}

/// A server on `127.0.0.1` that plays its script, one connection after another.
pub struct ScriptServer {
    addr: SocketAddr,
    requests: Arc<AtomicUsize>,
    connections: Arc<AtomicUsize>,
}

impl ScriptServer {
    /// Starts playing `script`: the n-th connection accepted follows `script[n]`.
    pub fn start(script: Vec<Connection>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        listener.set_nonblocking(true).expect("non-blocking accept");
        let addr = listener.local_addr().expect("local address");
        let requests = Arc::new(AtomicUsize::new(0));
        let connections = Arc::new(AtomicUsize::new(0));
        let (seen, accepted) = (requests.clone(), connections.clone());
        std::thread::spawn(move || {
            for connection in script {
                let Some(stream) = accept(&listener) else { return };
                accepted.fetch_add(1, Ordering::SeqCst);
                play(stream, connection, &seen);
            }
        });
        Self { addr, requests, connections }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `https://127.0.0.1:PORT`.
    pub fn https_endpoint(&self) -> String {
        format!("https://{}", self.addr)
    }

    /// How many requests (attempts) the server has read.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// How many connections the server has accepted.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// Accepts one connection, polling for at most [`IO_LIMIT`].
fn accept(listener: &TcpListener) -> Option<TcpStream> {
    let poll = Duration::from_millis(5);
    for _ in 0..(IO_LIMIT.as_millis() / poll.as_millis()) {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false).ok()?;
                stream.set_read_timeout(Some(IO_LIMIT)).ok()?;
                stream.set_write_timeout(Some(IO_LIMIT)).ok()?;
                return Some(stream);
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => std::thread::sleep(poll),
            Err(_) => return None,
        }
    }
    None
}

fn play(mut stream: TcpStream, connection: Connection, requests: &AtomicUsize) {
    for reply in connection.replies {
        if let Reply::NotTls = reply {
            let mut hello = [0u8; 4096];
            let _ = stream.read(&mut hello);
            requests.fetch_add(1, Ordering::SeqCst);
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n");
            return;
        }
        if read_request(&mut stream).is_none() {
            return;
        }
        requests.fetch_add(1, Ordering::SeqCst);
        match reply {
            Reply::Ok(body) => {
                if stream.write_all(&head(body.len())).and_then(|_| stream.write_all(body.as_bytes())).is_err() {
                    return;
                }
            }
            Reply::Close => return,
            Reply::Reset => {
                let _ = socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO));
                return;
            }
            Reply::HalfBody(body) => {
                let half = &body.as_bytes()[..body.len() / 2];
                let _ = stream.write_all(&head(body.len())).and_then(|_| stream.write_all(half));
                let _ = stream.flush();
                return;
            }
            Reply::NotTls => unreachable!("handled above"),
        }
    }
    match connection.then {
        Then::Close => {}
        Then::AwaitClientClose(report) => {
            let mut byte = [0u8; 1];
            let closed = matches!(stream.read(&mut byte), Ok(0));
            let _ = report.send(closed);
        }
        Then::CloseWhenTold(word, done) => {
            let _ = word.recv_timeout(IO_LIMIT);
            drop(stream);
            let _ = done.send(());
        }
    }
}

fn head(length: usize) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {length}\r\n\r\n").into_bytes()
}

/// Reads one request (head and `Content-Length` body); `None` when the connection closed or
/// the read ran out of time first.
fn read_request(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    // At most 1 MiB: every read either adds bytes or ends the loop.
    while buffer.len() < (1 << 20) {
        if let Some(end) = find(&buffer, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if buffer.len() >= end + 4 + length {
                return Some(buffer);
            }
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
