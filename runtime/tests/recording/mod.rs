//! What the customize, interceptor and endpoint resolver tests share: a keep-alive HTTP/1.1
//! server on a real loopback socket that answers each request with the next status of its
//! script and records every request it reads, and a hand-written operation with a fluent
//! builder that implements `CustomizableSend` as a generated crate's does.
//!
//! The server runs on threads of its own with blocking sockets; every wait it makes is bounded
//! by [`IO_LIMIT`].
#![allow(dead_code)]

use aws_client_runtime::client::{ClientHandle, Operation, ServiceInfo};
use aws_client_runtime::config::{Builder, Config, Credentials, Region, RetryConfig};
use aws_client_runtime::customize::{CustomizableOperation, CustomizableSend};
use aws_client_runtime::error::{BuildError, DeserializeError, ErrorMetadata, SdkError};
use aws_client_runtime::transport::{HttpRequest, HttpResponse};
use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long the server waits for anything before giving up.
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

/// A request as the server read it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    /// Names lower-cased, in the order sent.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Recorded {
    /// The value of header `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The `SignedHeaders` of the SigV4 `authorization` header.
    pub fn signed_headers(&self) -> Vec<&str> {
        let authorization = self.header("authorization").unwrap_or_default();
        let signed = authorization.split("SignedHeaders=").nth(1).unwrap_or_default();
        signed.split(',').next().unwrap_or_default().split(';').collect()
    }

    /// The region of the signature's credential scope (`Credential=AKID/date/REGION/...`).
    pub fn signing_region(&self) -> Option<&str> {
        let authorization = self.header("authorization")?;
        let credential = authorization.split("Credential=").nth(1)?;
        credential.split('/').nth(2)
    }
}

/// A server on `127.0.0.1` answering the n-th request with `statuses[n]` (200 once the script
/// is spent): `{}` for a 200, an `InternalFailure` error body otherwise.
pub struct RecordingServer {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
    stop: Arc<AtomicBool>,
}

impl RecordingServer {
    pub fn start(statuses: &[u16]) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        listener.set_nonblocking(true).expect("non-blocking accept");
        let addr = listener.local_addr().expect("local address");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let script = Arc::new(Mutex::new(VecDeque::from(statuses.to_vec())));
        let (seen, stopped) = (requests.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stopped.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (seen, script) = (seen.clone(), script.clone());
                        std::thread::spawn(move || serve(stream, &seen, &script));
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(2))
                    }
                    Err(_) => return,
                }
            }
        });
        Self { addr, requests, stop }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The requests read so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for RecordingServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn serve(mut stream: TcpStream, seen: &Mutex<Vec<Recorded>>, script: &Mutex<VecDeque<u16>>) {
    if stream.set_nonblocking(false).is_err()
        || stream.set_read_timeout(Some(IO_LIMIT)).is_err()
        || stream.set_write_timeout(Some(IO_LIMIT)).is_err()
    {
        return;
    }
    while let Some(request) = read_request(&mut stream) {
        seen.lock().unwrap().push(request);
        let status = script.lock().unwrap().pop_front().unwrap_or(200);
        let body = if status == 200 { "{}" } else { r#"{"__type":"InternalFailure","message":"scripted failure"}"# };
        let head = format!(
            "HTTP/1.1 {status} Scripted\r\ncontent-type: application/json\r\nx-server: recording\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        if stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(body.as_bytes())).is_err() {
            return;
        }
    }
}

/// Reads one request; `None` when the connection closed or the read ran out of time first.
fn read_request(stream: &mut TcpStream) -> Option<Recorded> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    // At most 1 MiB: every read either adds bytes or ends the loop.
    while buffer.len() < (1 << 20) {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
            let mut lines = head.split("\r\n");
            let mut start = lines.next().unwrap_or_default().split(' ');
            let (method, path) =
                (start.next().unwrap_or_default().to_owned(), start.next().unwrap_or_default().to_owned());
            let headers: Vec<(String, String)> = lines
                .filter_map(|line| line.split_once(':'))
                .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
                .collect();
            let length = headers
                .iter()
                .find(|(k, _)| k == "content-length")
                .and_then(|(_, v)| v.parse::<usize>().ok())
                .unwrap_or(0);
            if buffer.len() >= end + 4 + length {
                let body = String::from_utf8_lossy(&buffer[end + 4..end + 4 + length]).into_owned();
                return Some(Recorded { method, path, headers, body });
            }
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
    None
}

/// The operation's error, displayed as a generated crate's errors are.
#[derive(Debug)]
pub struct OpError(pub ErrorMetadata);

impl std::fmt::Display for OpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        aws_client_runtime::error::write_code_and_message(f, &self.0)
    }
}

impl std::error::Error for OpError {}

/// The input of [`Put`]: an idempotency token.
#[derive(Clone, Debug, PartialEq)]
pub struct PutInput {
    pub token: Option<String>,
}

/// `POST /put` with `{"token": ..}`; its output is the response body.
pub struct Put;

impl Operation for Put {
    type Input = PutInput;
    type Output = bytes::Bytes;
    type Error = OpError;
    const NAME: &'static str = "Put";

    fn serialize_request(input: &PutInput) -> Result<HttpRequest, BuildError> {
        let body = format!(r#"{{"token":"{}"}}"#, input.token.as_deref().unwrap_or_default());
        http::Request::builder()
            .method("POST")
            .uri("/put")
            .header("content-type", "application/json")
            .body(bytes::Bytes::from(body))
            .map_err(BuildError::other)
    }

    fn deserialize_output(response: &HttpResponse) -> Result<bytes::Bytes, DeserializeError> {
        Ok(response.body().clone())
    }

    fn deserialize_error(_: &HttpResponse, meta: ErrorMetadata) -> OpError {
        OpError(meta)
    }
}

/// [`Put`]'s fluent builder, as a generated crate writes one.
#[derive(Clone, Debug)]
pub struct PutFluentBuilder {
    handle: Arc<ClientHandle>,
    token: Option<String>,
}

impl PutFluentBuilder {
    pub fn new(handle: Arc<ClientHandle>) -> Self {
        Self { handle, token: None }
    }

    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    pub fn customize(self) -> CustomizableOperation<bytes::Bytes, OpError, Self> {
        CustomizableOperation::new(self)
    }

    pub async fn send(self) -> Result<bytes::Bytes, SdkError<OpError>> {
        self.customize().send().await
    }
}

impl CustomizableSend for PutFluentBuilder {
    type Operation = Put;

    fn handle(&self) -> &Arc<ClientHandle> {
        &self.handle
    }

    fn build_input(self, config: &Config) -> Result<PutInput, BuildError> {
        let token = self.token.unwrap_or_else(|| config.idempotency_token_provider().make_idempotency_token());
        Ok(PutInput { token: Some(token) })
    }
}

/// A configuration for `endpoint`: region `us-east-1`, test credentials, no retries.
pub fn config(endpoint: &str) -> Builder {
    Config::builder()
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .retry_config(RetryConfig::standard().with_max_attempts(1))
}

/// A client for `config`, as a generated `Client::from_conf` makes it.
pub fn client(config: Config) -> Arc<ClientHandle> {
    Arc::new(ClientHandle::new(config, &SERVICE))
}

/// Standard retries with backoffs of at most 5 ms, for tests on real time.
pub fn quick_retries(max_attempts: u32) -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(max_attempts)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
}
