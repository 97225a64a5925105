//! The fake IVS over a real socket: signed requests, authentication failures, every kind of
//! fault, `PutMetadata` throttling, shutdown, and the binary.
//!
//! Requests go out through a tiny hand-written HTTP/1.1 client (`Connection: close`, read to
//! EOF), so that a broken answer is seen byte for byte. Every exchange is bounded by a timeout.

use aws_client_runtime::signing::{sign, Credentials};
use bytes::Bytes;
use fake_ivs::{Clock, FakeIvs, Fault, LoggedRequest, RunningServer, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::time::{Duration, Instant, SystemTime};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;

/// The most any one exchange or test step may take.
const LIMIT: Duration = Duration::from_secs(10);

/// An answer as it came off the socket.
#[derive(Debug)]
struct Raw {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Raw {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {:?}", String::from_utf8_lossy(&self.body)))
    }

    fn declared_length(&self) -> Option<usize> {
        self.header("content-length").map(|v| v.parse().expect("numeric Content-Length"))
    }

    /// Whether the whole declared body arrived.
    fn complete(&self) -> bool {
        self.declared_length().is_none_or(|n| n == self.body.len())
    }

    fn error_type(&self) -> Option<&str> {
        self.header("x-amzn-errortype")
    }

    /// The `x-amzn-RequestId`, which must look like a UUID.
    fn request_id(&self) -> &str {
        let id = self.header("x-amzn-requestid").unwrap_or_else(|| panic!("no x-amzn-RequestId in {self:?}"));
        let shape: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(shape, [8, 4, 4, 4, 12], "{id}");
        assert!(id.bytes().all(|b| b == b'-' || b.is_ascii_hexdigit()), "{id}");
        id
    }
}

/// Parses status line, headers and whatever body bytes follow.
fn parse(bytes: &[u8]) -> Raw {
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no complete head in {:?}", String::from_utf8_lossy(bytes)));
    let head = std::str::from_utf8(&bytes[..end]).expect("ASCII head");
    let mut lines = head.split("\r\n");
    let status_line = lines.next().expect("status line");
    let mut parts = status_line.splitn(3, ' ');
    assert_eq!(parts.next(), Some("HTTP/1.1"), "{status_line}");
    let status = parts.next().and_then(|s| s.parse().ok()).expect("status code");
    let headers = lines
        .map(|line| {
            let (k, v) = line.split_once(':').expect("header line");
            (k.trim().to_owned(), v.trim().to_owned())
        })
        .collect();
    Raw { status, headers, body: bytes[end + 4..].to_vec() }
}

/// Writes `request` on a fresh connection and reads until the server closes it.
async fn exchange(addr: SocketAddr, request: &http::Request<Bytes>) -> Vec<u8> {
    let mut wire =
        format!("{} {} HTTP/1.1\r\n", request.method(), request.uri().path_and_query().map_or("/", |pq| pq.as_str()))
            .into_bytes();
    if !request.headers().contains_key("host") {
        wire.extend_from_slice(format!("host: {addr}\r\n").as_bytes());
    }
    for (name, value) in request.headers() {
        wire.extend_from_slice(name.as_str().as_bytes());
        wire.extend_from_slice(b": ");
        wire.extend_from_slice(value.as_bytes());
        wire.extend_from_slice(b"\r\n");
    }
    wire.extend_from_slice(format!("content-length: {}\r\nconnection: close\r\n\r\n", request.body().len()).as_bytes());
    wire.extend_from_slice(request.body());
    timeout(LIMIT, async {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        stream.write_all(&wire).await.expect("write request");
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
                // A reset after what was sent still leaves what was read.
                Err(_) => break,
            }
        }
        out
    })
    .await
    .expect("the server answered and closed the connection in time")
}

/// A request to the server, not signed.
fn unsigned(server: &RunningServer, method: &str, path: &str, body: &str) -> http::Request<Bytes> {
    http::Request::builder()
        .method(method)
        .uri(format!("{}{path}", server.endpoint()))
        .header("content-type", "application/json")
        .body(Bytes::from(body.to_owned()))
        .expect("request")
}

fn default_credentials() -> Credentials {
    Credentials::new(DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, None, None, "test")
}

/// A request signed with `credentials` for `region` at `time`.
fn signed_with(
    server: &RunningServer,
    method: &str,
    path: &str,
    body: &str,
    credentials: &Credentials,
    region: &str,
    time: SystemTime,
) -> http::Request<Bytes> {
    let mut request = unsigned(server, method, path, body);
    sign(&mut request, credentials, region, "ivs", time).expect("sign");
    request
}

/// A request signed with the default credentials, now by the server's clock.
fn signed(server: &RunningServer, method: &str, path: &str, body: &str) -> http::Request<Bytes> {
    signed_with(server, method, path, body, &default_credentials(), "us-west-2", server.clock().now())
}

async fn send(server: &RunningServer, request: &http::Request<Bytes>) -> Raw {
    parse(&exchange(server.addr(), request).await)
}

async fn call(server: &RunningServer, method: &str, path: &str, body: &str) -> Raw {
    send(server, &signed(server, method, path, body)).await
}

async fn start() -> RunningServer {
    bounded(FakeIvs::builder().start()).await.expect("bind")
}

/// `step`, or a panic when it takes longer than [`LIMIT`].
async fn bounded<F: std::future::Future>(step: F) -> F::Output {
    timeout(LIMIT, step).await.expect("the step finished in time")
}

fn encode_label(label: &str) -> String {
    label
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn signed_requests_are_served_over_the_socket() {
    let server = start().await;
    assert!(server.endpoint().starts_with("http://127.0.0.1:"), "{}", server.endpoint());
    assert_ne!(server.port(), 0);

    let created = call(&server, "POST", "/CreateChannel", r#"{"name":"socket","tags":{"cost center":"a/b"}}"#).await;
    assert_eq!(created.status, 200, "{created:?}");
    assert_eq!(created.header("content-type"), Some("application/json"));
    assert!(created.complete());
    let first_id = created.request_id().to_owned();
    let body = created.json();
    let arn = body["channel"]["arn"].as_str().expect("channel ARN").to_owned();
    assert!(arn.starts_with("arn:aws:ivs:us-west-2:123456789012:channel/"), "{arn}");
    assert_eq!(body["streamKey"]["channelArn"], arn.as_str());
    assert_eq!(server.service().channels().len(), 1);

    // A percent-encoded ARN in the path survives signing and verification.
    let tags = call(&server, "GET", &format!("/tags/{}", encode_label(&arn)), "").await;
    assert_eq!(tags.status, 200, "{tags:?}");
    assert_eq!(tags.json(), json!({"tags": {"cost center": "a/b"}}));
    assert_ne!(tags.request_id(), first_id);

    let deleted = call(&server, "POST", "/DeleteChannel", &json!({ "arn": arn }).to_string()).await;
    assert_eq!(deleted.status, 204, "{deleted:?}");
    assert!(deleted.body.is_empty());
    deleted.request_id();
    assert!(server.service().channels().is_empty());

    let missing = call(&server, "POST", "/GetChannel", &json!({ "arn": arn }).to_string()).await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.error_type(), Some("ResourceNotFoundException"));
    assert_eq!(missing.header("content-type"), Some("application/json"));

    assert_eq!(server.requests_seen(), 4);
    let log: Vec<(String, String, u16)> =
        server.request_log().into_iter().map(|e| (e.method, e.path, e.status)).collect();
    assert_eq!(log[0], ("POST".to_owned(), "/CreateChannel".to_owned(), 200));
    assert_eq!(log[1].2, 200);
    assert_eq!(log[2], ("POST".to_owned(), "/DeleteChannel".to_owned(), 204));
    assert_eq!(log[3].2, 404);
    bounded(server.shutdown()).await;
}

#[tokio::test]
async fn request_ids_differ_between_servers() {
    let (a, b) = (start().await, start().await);
    let from_a = call(&a, "POST", "/ListChannels", "{}").await;
    let from_b = call(&b, "POST", "/ListChannels", "{}").await;
    let rejected = send(&a, &unsigned(&a, "POST", "/ListChannels", "{}")).await;
    assert_eq!((from_a.status, from_b.status, rejected.status), (200, 200, 403));
    assert_ne!(from_a.request_id(), from_b.request_id());
    assert_ne!(from_a.request_id(), rejected.request_id());
    assert_eq!(a.service().journal()[0].request_id, from_a.request_id(), "the journal names the same id");
}

#[tokio::test]
async fn unsigned_requests_are_missing_a_token() {
    let server = start().await;
    let answer = send(&server, &unsigned(&server, "POST", "/CreateChannel", "{}")).await;
    assert_eq!(answer.status, 403, "{answer:?}");
    assert_eq!(answer.error_type(), Some("MissingAuthenticationTokenException"));
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert_eq!(answer.json(), json!({"message": "Missing Authentication Token"}));
    answer.request_id();
    assert!(server.service().channels().is_empty());
    assert!(server.service().journal().is_empty(), "the service never saw the request");
    assert_eq!(server.request_log()[0].status, 403);
}

#[tokio::test]
async fn verification_can_be_turned_off_for_clients_that_do_not_sign() {
    let server = bounded(FakeIvs::builder().verify_signatures(false).start()).await.expect("bind");
    let answer = send(&server, &unsigned(&server, "POST", "/CreateChannel", r#"{"name":"open"}"#)).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.json()["channel"]["name"], "open");
    answer.request_id();
}

#[tokio::test]
async fn bad_signatures_are_rejected() {
    let server = start().await;
    let now = server.clock().now();

    let wrong_secret = Credentials::new(DEFAULT_ACCESS_KEY, "not-the-secret", None, None, "test");
    let answer =
        send(&server, &signed_with(&server, "POST", "/ListChannels", "{}", &wrong_secret, "us-west-2", now)).await;
    assert_eq!(answer.status, 403, "{answer:?}");
    assert_eq!(answer.error_type(), Some("InvalidSignatureException"));
    let message = answer.json()["message"].as_str().expect("message").to_owned();
    assert!(message.starts_with("The request signature we calculated does not match"), "{message}");

    let unknown = Credentials::new("AKIDUNKNOWN", DEFAULT_SECRET_KEY, None, None, "test");
    let answer = send(&server, &signed_with(&server, "POST", "/ListChannels", "{}", &unknown, "us-west-2", now)).await;
    assert_eq!(answer.status, 403, "{answer:?}");
    assert_eq!(answer.error_type(), Some("UnrecognizedClientException"));

    // The body is signed: changing it after signing breaks the signature.
    let mut tampered = signed(&server, "POST", "/CreateChannel", r#"{"name":"a"}"#);
    *tampered.body_mut() = Bytes::from_static(br#"{"name":"b"}"#);
    let answer = send(&server, &tampered).await;
    assert_eq!(answer.status, 403, "{answer:?}");
    assert_eq!(answer.error_type(), Some("InvalidSignatureException"));

    // Signed for another region.
    let answer =
        send(&server, &signed_with(&server, "POST", "/ListChannels", "{}", &default_credentials(), "eu-west-1", now))
            .await;
    assert_eq!(answer.status, 403, "{answer:?}");
    assert_eq!(answer.error_type(), Some("InvalidSignatureException"));

    // Garbage in the Authorization header.
    let mut garbage = unsigned(&server, "POST", "/ListChannels", "{}");
    garbage.headers_mut().insert("authorization", http::HeaderValue::from_static("Basic dXNlcjpwYXNz"));
    let answer = send(&server, &garbage).await;
    assert_eq!(answer.status, 403, "{answer:?}");
    assert_eq!(answer.error_type(), Some("IncompleteSignatureException"));

    assert!(server.service().journal().is_empty(), "no rejected request reached the service");
    // And the right key still works.
    assert_eq!(call(&server, "POST", "/ListChannels", "{}").await.status, 200);
}

#[tokio::test]
async fn signatures_expire_after_fifteen_minutes() {
    let server = start().await;
    let now = server.clock().now();
    let credentials = default_credentials();

    let old = signed_with(
        &server,
        "POST",
        "/ListChannels",
        "{}",
        &credentials,
        "us-west-2",
        now - Duration::from_secs(16 * 60),
    );
    let answer = send(&server, &old).await;
    assert_eq!(answer.status, 403, "{answer:?}");
    assert_eq!(answer.error_type(), Some("InvalidSignatureException"));
    let message = answer.json()["message"].as_str().expect("message").to_owned();
    assert!(message.starts_with("Signature expired"), "{message}");

    let future = now + Duration::from_secs(16 * 60);
    let answer =
        send(&server, &signed_with(&server, "POST", "/ListChannels", "{}", &credentials, "us-west-2", future)).await;
    assert_eq!(answer.status, 403, "{answer:?}");
    assert_eq!(answer.error_type(), Some("InvalidSignatureException"));

    let recent = now - Duration::from_secs(10 * 60);
    let answer =
        send(&server, &signed_with(&server, "POST", "/ListChannels", "{}", &credentials, "us-west-2", recent)).await;
    assert_eq!(answer.status, 200, "{answer:?}");
}

#[tokio::test]
async fn the_clock_of_the_server_judges_expiry() {
    let clock = Clock::manual(SystemTime::UNIX_EPOCH + Duration::from_secs(1_594_834_951));
    let server = bounded(FakeIvs::builder().clock(clock.clone()).start()).await.expect("bind");
    assert_eq!(call(&server, "POST", "/ListChannels", "{}").await.status, 200);
    let stale = signed(&server, "POST", "/ListChannels", "{}");
    clock.advance(Duration::from_secs(15 * 60 + 1));
    let answer = send(&server, &stale).await;
    assert_eq!(answer.status, 403, "{answer:?}");
    assert!(answer.json()["message"].as_str().is_some_and(|m| m.starts_with("Signature expired")));
}

#[tokio::test]
async fn session_tokens_must_match_the_registered_credentials() {
    let server = timeout(
        LIMIT,
        FakeIvs::builder()
            .credentials("AKIDPERMANENT", "permanent-secret")
            .session_credentials("ASIATEMPORARY", "temporary-secret", "the-token")
            .start(),
    )
    .await
    .expect("start in time")
    .expect("bind");
    let now = server.clock().now();
    let region = "us-west-2";

    let temporary = Credentials::new("ASIATEMPORARY", "temporary-secret", Some("the-token".into()), None, "test");
    let answer = send(&server, &signed_with(&server, "POST", "/ListChannels", "{}", &temporary, region, now)).await;
    assert_eq!(answer.status, 200, "{answer:?}");

    let no_token = Credentials::new("ASIATEMPORARY", "temporary-secret", None, None, "test");
    let answer = send(&server, &signed_with(&server, "POST", "/ListChannels", "{}", &no_token, region, now)).await;
    assert_eq!(answer.status, 403, "{answer:?}");
    assert_eq!(answer.error_type(), Some("UnrecognizedClientException"));

    let wrong_token = Credentials::new("ASIATEMPORARY", "temporary-secret", Some("other".into()), None, "test");
    let answer = send(&server, &signed_with(&server, "POST", "/ListChannels", "{}", &wrong_token, region, now)).await;
    assert_eq!(answer.status, 403, "{answer:?}");
    assert_eq!(answer.error_type(), Some("UnrecognizedClientException"));

    let permanent = Credentials::new("AKIDPERMANENT", "permanent-secret", None, None, "test");
    let answer = send(&server, &signed_with(&server, "POST", "/ListChannels", "{}", &permanent, region, now)).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    // The default key is not accepted when others are registered.
    let answer = call(&server, "POST", "/ListChannels", "{}").await;
    assert_eq!(answer.error_type(), Some("UnrecognizedClientException"));
}

#[tokio::test]
async fn replacing_faults_answer_in_order_of_arming_without_the_service() {
    let server = start().await;
    server.faults().throttle_next(2).fail_next(1, 500).fail_next(1, 503).html_502_next(1).malformed_body_next(1);
    assert_eq!(server.faults().pending(), 6);

    for _ in 0..2 {
        let answer = call(&server, "POST", "/CreateChannel", "{}").await;
        assert_eq!(answer.status, 429, "{answer:?}");
        assert_eq!(answer.error_type(), Some("ThrottlingException"));
        assert_eq!(answer.header("content-type"), Some("application/json"));
        assert!(answer.json()["exceptionMessage"].is_string());
        answer.request_id();
    }
    let answer = call(&server, "POST", "/CreateChannel", "{}").await;
    assert_eq!(answer.status, 500, "{answer:?}");
    assert_eq!(answer.error_type(), Some("InternalServerException"));
    assert!(answer.json().is_object());
    answer.request_id();

    let answer = call(&server, "POST", "/CreateChannel", "{}").await;
    assert_eq!(answer.status, 503, "{answer:?}");
    assert_eq!(answer.error_type(), Some("ServiceUnavailableException"));
    assert!(answer.json()["message"].is_string());

    let answer = call(&server, "POST", "/CreateChannel", "{}").await;
    assert_eq!(answer.status, 502, "{answer:?}");
    assert_eq!(answer.header("content-type"), Some("text/html"));
    assert!(String::from_utf8_lossy(&answer.body).contains("<h1>502 Bad Gateway</h1>"));
    assert!(serde_json::from_slice::<Value>(&answer.body).is_err());
    answer.request_id();

    let answer = call(&server, "POST", "/CreateChannel", "{}").await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert_eq!(answer.body, b"{\"channel\": ");
    assert!(serde_json::from_slice::<Value>(&answer.body).is_err());
    assert!(answer.complete());

    assert_eq!(server.faults().pending(), 0);
    assert!(server.service().channels().is_empty(), "no faulted request reached the service");
    let answer = call(&server, "POST", "/CreateChannel", "{}").await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert!(answer.json()["channel"]["arn"].is_string());
    assert_eq!(server.service().channels().len(), 1);

    assert_eq!(server.requests_seen(), 7);
    let log = server.request_log();
    let statuses: Vec<u16> = log.iter().map(|e| e.status).collect();
    assert_eq!(statuses, [429, 429, 500, 503, 502, 200, 200]);
    let faults: Vec<Option<Fault>> = log.iter().map(|e| e.fault).collect();
    assert_eq!(
        faults,
        [
            Some(Fault::Throttle),
            Some(Fault::Throttle),
            Some(Fault::ServerError(500)),
            Some(Fault::ServerError(503)),
            Some(Fault::Html502),
            Some(Fault::MalformedBody),
            None
        ]
    );
}

#[tokio::test]
async fn faults_apply_to_unsigned_requests_too_and_can_be_cleared() {
    let server = start().await;
    server.faults().fail_next(1, 503).throttle_next(5);
    let answer = send(&server, &unsigned(&server, "POST", "/ListChannels", "{}")).await;
    assert_eq!(answer.status, 503);
    server.faults().clear();
    assert_eq!(server.faults().pending(), 0);
    let answer = send(&server, &unsigned(&server, "POST", "/ListChannels", "{}")).await;
    assert_eq!(answer.status, 403);
    assert_eq!(answer.error_type(), Some("MissingAuthenticationTokenException"));
}

#[tokio::test]
async fn delays_hold_the_answer_back() {
    let server = start().await;
    let delay = Duration::from_millis(300);
    server.faults().delay_next(1, delay);
    let started = Instant::now();
    let answer = call(&server, "POST", "/CreateChannel", r#"{"name":"slow"}"#).await;
    let elapsed = started.elapsed();
    assert!(elapsed >= delay, "answered after {elapsed:?}");
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.json()["channel"]["name"], "slow");
    assert_eq!(server.request_log()[0].fault, Some(Fault::Delay(delay)));

    let started = Instant::now();
    assert_eq!(call(&server, "POST", "/ListChannels", "{}").await.status, 200);
    assert!(started.elapsed() < delay * 3, "only the armed request is delayed");
}

#[tokio::test]
async fn dropped_connections_end_after_the_head() {
    let server = start().await;
    server.faults().drop_connection_next(1);
    let raw = exchange(server.addr(), &signed(&server, "POST", "/CreateChannel", r#"{"name":"lost"}"#)).await;
    let answer = parse(&raw);
    assert_eq!(answer.status, 200, "{answer:?}");
    answer.request_id();
    let declared = answer.declared_length().expect("a declared body");
    assert!(declared > 0);
    assert!(answer.body.is_empty(), "no body byte arrived: {:?}", String::from_utf8_lossy(&answer.body));
    assert!(!answer.complete());
    // The service acted on the request before the answer was lost.
    assert_eq!(server.service().channels().len(), 1);
    assert_eq!(server.service().channels()[0].name, "lost");
    let entry = &server.request_log()[0];
    assert_eq!((entry.status, entry.fault), (200, Some(Fault::DropConnection)));

    // A bodiless answer (204) is declared with a body, so that the drop is visible.
    let arn = server.service().channels()[0].arn.clone();
    server.faults().drop_connection_next(1);
    let answer = call(&server, "POST", "/DeleteChannel", &json!({ "arn": arn }).to_string()).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert!(answer.declared_length().is_some_and(|n| n > 0));
    assert!(!answer.complete());
    assert!(server.service().channels().is_empty());

    // The server itself is fine.
    assert_eq!(call(&server, "POST", "/ListChannels", "{}").await.status, 200);
}

#[tokio::test]
async fn truncated_bodies_fall_short_of_their_length() {
    let server = start().await;
    server.faults().truncate_body_next(1);
    let answer = call(&server, "POST", "/CreateChannel", r#"{"name":"cut"}"#).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    answer.request_id();
    let declared = answer.declared_length().expect("Content-Length");
    assert!(!answer.body.is_empty(), "some of the body arrives");
    assert!(answer.body.len() < declared, "{} of {declared} bytes", answer.body.len());
    assert_eq!(server.service().channels().len(), 1);
    assert_eq!(server.request_log()[0].fault, Some(Fault::TruncateBody));
    assert_eq!(call(&server, "POST", "/ListChannels", "{}").await.json()["channels"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn put_metadata_is_throttled_per_channel_and_second() {
    let clock = Clock::manual(SystemTime::now());
    let server = bounded(FakeIvs::builder().clock(clock.clone()).start()).await.expect("bind");
    let arn = server.service().seed_channel("live", &[]);
    let other = server.service().seed_channel("other", &[]);
    let put = |arn: &str, n: usize| json!({ "channelArn": arn, "metadata": format!("cue {n}") }).to_string();

    let answer = call(&server, "POST", "/PutMetadata", &put(&arn, 0)).await;
    assert_eq!(answer.error_type(), Some("ChannelNotBroadcasting"), "{answer:?}");
    assert!(server.service().set_live(&arn));
    assert!(server.service().set_live(&other));

    for n in 0..5 {
        let answer = call(&server, "POST", "/PutMetadata", &put(&arn, n)).await;
        assert_eq!(answer.status, 204, "call {n}: {answer:?}");
    }
    let answer = call(&server, "POST", "/PutMetadata", &put(&arn, 5)).await;
    assert_eq!(answer.status, 429, "{answer:?}");
    assert_eq!(answer.error_type(), Some("ThrottlingException"));
    // Another channel has its own budget.
    assert_eq!(call(&server, "POST", "/PutMetadata", &put(&other, 0)).await.status, 204);

    clock.advance(Duration::from_millis(999));
    assert_eq!(call(&server, "POST", "/PutMetadata", &put(&arn, 6)).await.status, 429);
    clock.advance(Duration::from_millis(1));
    assert_eq!(call(&server, "POST", "/PutMetadata", &put(&arn, 7)).await.status, 204);
    assert_eq!(server.service().channel(&arn).expect("channel").metadata.len(), 6);

    let too_big = json!({ "channelArn": arn, "metadata": "é".repeat(513) }).to_string();
    clock.advance(Duration::from_secs(5));
    let answer = call(&server, "POST", "/PutMetadata", &too_big).await;
    assert_eq!(answer.status, 400, "{answer:?}");
    assert_eq!(answer.error_type(), Some("ValidationException"));
}

#[tokio::test]
async fn shutdown_frees_the_port() {
    let server = start().await;
    let addr = server.addr();
    assert_eq!(call(&server, "POST", "/ListChannels", "{}").await.status, 200);
    bounded(server.shutdown()).await;
    assert!(bounded(TcpStream::connect(addr)).await.is_err(), "nobody listens any more");
    let listener = TcpListener::bind(addr).await.expect("the port is free again");
    drop(listener);

    // A new server can take the same port; dropping it frees the port as well.
    let again = bounded(FakeIvs::builder().port(addr.port()).start()).await.expect("bind the same port");
    assert_eq!(again.addr(), addr);
    assert_eq!(call(&again, "POST", "/ListChannels", "{}").await.status, 200);
    drop(again);
    let freed = timeout(LIMIT, async {
        loop {
            if TcpListener::bind(addr).await.is_ok() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    assert!(freed.is_ok(), "dropping the server frees its port");
}

#[tokio::test]
async fn servers_can_share_a_seeded_service() {
    let service = fake_ivs::InMemoryIvs::with_account("eu-west-1", "210987654321");
    let arn = service.seed_channel("seeded", &[]);
    let server = bounded(FakeIvs::builder().service(service.clone()).start()).await.expect("bind");
    assert_eq!(server.region(), "eu-west-1");
    let now = server.clock().now();
    let request = signed_with(
        &server,
        "POST",
        "/GetChannel",
        &json!({ "arn": arn }).to_string(),
        &default_credentials(),
        "eu-west-1",
        now,
    );
    let answer = send(&server, &request).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.json()["channel"]["name"], "seeded");
    assert_eq!(service.journal().len(), 1, "the server answered from the shared state");
    let _: Vec<LoggedRequest> = server.request_log();
}

#[tokio::test]
async fn the_binary_serves_until_sigterm() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};

    let mut child = Command::new(env!("CARGO_BIN_EXE_fake-ivs"))
        .args(["--port", "0", "--access-key", "AKIDBINARY", "--secret-key", "binary-secret", "--region", "us-east-1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn fake-ivs");
    let stdout = child.stdout.take().expect("stdout");
    let (line_tx, line_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufReader::new(stdout).read_line(&mut line);
        let _ = line_tx.send(line);
    });
    let line = match line_rx.recv_timeout(LIMIT) {
        Ok(line) => line,
        Err(_) => {
            let _ = child.kill();
            panic!("fake-ivs printed nothing in time");
        }
    };
    let endpoint =
        line.strip_prefix("fake-ivs listening on ").and_then(|rest| rest.split_whitespace().next()).map(str::to_owned);
    let Some(endpoint) = endpoint else {
        let _ = child.kill();
        panic!("unexpected first line: {line:?}");
    };
    assert!(line.contains("(access key AKIDBINARY, region us-east-1)"), "{line}");
    let addr: SocketAddr = endpoint.trim_start_matches("http://").parse().expect("an address");

    let credentials = Credentials::new("AKIDBINARY", "binary-secret", None, None, "test");
    let mut request = http::Request::builder()
        .method("POST")
        .uri(format!("{endpoint}/CreateChannel"))
        .header("content-type", "application/json")
        .body(Bytes::from_static(b"{}"))
        .expect("request");
    sign(&mut request, &credentials, "us-east-1", "ivs", SystemTime::now()).expect("sign");
    let answer = parse(&exchange(addr, &request).await);
    let arn = answer.json()["channel"]["arn"].as_str().unwrap_or_default().to_owned();

    let terminated = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let deadline = Instant::now() + LIMIT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            _ if Instant::now() > deadline => break None,
            _ => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    if status.is_none() {
        let _ = child.kill();
        let _ = child.wait();
    }
    assert_eq!(answer.status, 200, "{answer:?}");
    assert!(arn.starts_with("arn:aws:ivs:us-east-1:123456789012:channel/"), "{arn}");
    assert!(terminated.is_ok_and(|s| s.success()), "kill -TERM ran");
    assert!(status.is_some_and(|s| s.success()), "fake-ivs exits cleanly on SIGTERM: {status:?}");
}
