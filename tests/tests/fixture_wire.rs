//! Wire tests of the generated fixture crates `features` and `naming-obstacle`.
//!
//! Each test drives a generated client through a scripted, capturing in-memory transport: the
//! transport records every request exactly as it would go on the wire (method, absolute URI,
//! headers, body) and answers with the next scripted response. The assertions pin the exact
//! wire values restJson1 prescribes: label, query and header encodings, JSON body keys, and how
//! response bodies, headers and error responses are read back.

use aws_client_runtime::transport::{BoxFuture, ConnectorError, HttpClient, HttpRequest, HttpResponse};
use bytes::Bytes;
use features::config::{Credentials, Region, RetryConfig};
use features::error::{ProvideErrorMetadata, SdkError};
use features::operation::get_object::GetObjectError;
use features::operation::RequestId;
use features::primitives::{Blob, DateTime, Document};
use features::types::{Circle, Color, Inner, Outer, Shape, Size, Times, TreeNode};
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const ENDPOINT: &str = "http://fixture.test";
/// 2020-07-15T17:42:31Z, a Wednesday.
const JULY: i64 = 1_594_834_951;
/// 2020-09-13T12:26:40Z, a Sunday.
const SEPTEMBER: i64 = 1_600_000_000;
/// 2023-11-14T22:13:20Z, a Tuesday.
const NOVEMBER: i64 = 1_700_000_000;

// ---------------------------------------------------------------------------------------------
// The scripted transport.
// ---------------------------------------------------------------------------------------------

/// One request as the transport received it.
#[derive(Clone, Debug)]
struct Captured {
    method: http::Method,
    uri: http::Uri,
    headers: http::HeaderMap,
    body: Bytes,
}

impl Captured {
    /// The single value of header `name`; fails the test when the header is repeated.
    fn header(&self, name: &str) -> Option<&str> {
        let mut values = self.headers.get_all(name).iter();
        let first = values.next()?;
        assert!(values.next().is_none(), "header {name} was sent more than once");
        Some(first.to_str().expect("header value is text"))
    }

    /// The raw (still percent-encoded) path.
    fn path(&self) -> &str {
        self.uri.path()
    }

    /// The raw `key=value` pieces of the query string, in the order they were sent.
    fn query_pieces(&self) -> Vec<&str> {
        self.uri.query().map(|q| q.split('&').collect()).unwrap_or_default()
    }

    /// The query pieces, sorted: the order of different keys carries no meaning.
    fn sorted_query(&self) -> Vec<&str> {
        let mut pieces = self.query_pieces();
        pieces.sort_unstable();
        pieces
    }

    /// The raw values of query key `key`, in the order they were sent.
    fn query_values(&self, key: &str) -> Vec<&str> {
        self.query_pieces().into_iter().filter_map(|p| p.strip_prefix(key)?.strip_prefix('=')).collect()
    }

    /// The body parsed as JSON.
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {:?}", String::from_utf8_lossy(&self.body)))
    }
}

#[derive(Default)]
struct Script {
    responses: VecDeque<HttpResponse>,
    seen: Vec<Captured>,
}

/// Answers each request with the next scripted response and records the request. A request
/// beyond the script fails with a transport error (never retried: it is not an I/O error).
#[derive(Clone, Default)]
struct Scripted(Arc<Mutex<Script>>);

impl fmt::Debug for Scripted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Scripted")
    }
}

impl Scripted {
    fn new(responses: impl IntoIterator<Item = HttpResponse>) -> Self {
        Self(Arc::new(Mutex::new(Script { responses: responses.into_iter().collect(), seen: Vec::new() })))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Script> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Every request received so far.
    fn requests(&self) -> Vec<Captured> {
        self.lock().seen.clone()
    }

    /// The one request received; fails the test unless there was exactly one.
    fn only_request(&self) -> Captured {
        let seen = self.requests();
        assert_eq!(seen.len(), 1, "expected exactly one request, got {seen:#?}");
        seen.into_iter().next().expect("one request")
    }

    /// How many scripted responses were not used.
    fn unused(&self) -> usize {
        self.lock().responses.len()
    }
}

impl HttpClient for Scripted {
    fn send(&self, request: HttpRequest) -> BoxFuture<'static, Result<HttpResponse, ConnectorError>> {
        let (parts, body) = request.into_parts();
        let mut script = self.lock();
        script.seen.push(Captured { method: parts.method, uri: parts.uri, headers: parts.headers, body });
        let next = script.responses.pop_front();
        Box::pin(
            async move { next.ok_or_else(|| ConnectorError::other("the script has no response for this request")) },
        )
    }
}

/// A response with `status`, `headers` and `body`.
fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Bytes::from(body.to_owned())).expect("valid response")
}

/// A 200 response with a JSON body.
fn ok_json(body: Value) -> HttpResponse {
    reply(200, &[("content-type", "application/json")], &body.to_string())
}

fn credentials() -> Credentials {
    Credentials::new("AKIDEXAMPLE", "secret", None, None, "test")
}

fn features_client_with(transport: &Scripted, retry: RetryConfig) -> features::Client {
    features::Client::from_conf(
        features::Config::builder()
            .region(Region::new("us-west-2"))
            .endpoint_url(ENDPOINT)
            .credentials_provider(credentials())
            .retry_config(retry)
            .http_client(transport.clone())
            .build(),
    )
}

/// A `features` client on `transport`, with retries disabled so that every scripted response
/// answers exactly one call.
fn features_client(transport: &Scripted) -> features::Client {
    features_client_with(transport, RetryConfig::disabled())
}

fn naming_client(transport: &Scripted) -> naming_obstacle::Client {
    naming_obstacle::Client::from_conf(
        naming_obstacle::Config::builder()
            .region(naming_obstacle::config::Region::new("us-west-2"))
            .endpoint_url(ENDPOINT)
            .credentials_provider(naming_obstacle::config::Credentials::new(
                "AKIDEXAMPLE",
                "secret",
                None,
                None,
                "test",
            ))
            .retry_config(naming_obstacle::config::RetryConfig::disabled())
            .http_client(transport.clone())
            .build(),
    )
}

/// The request went to the configured endpoint and was signed with SigV4 for `signing_name`.
fn assert_signed_for(request: &Captured, signing_name: &str) {
    assert_eq!(request.uri.scheme_str(), Some("http"), "{}", request.uri);
    assert_eq!(request.uri.authority().map(|a| a.as_str()), Some("fixture.test"), "{}", request.uri);
    let authorization = request.header("authorization").expect("an Authorization header");
    assert!(authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), "{authorization}");
    assert!(authorization.contains(&format!("/us-west-2/{signing_name}/aws4_request")), "{authorization}");
    assert!(request.header("x-amz-date").is_some(), "an X-Amz-Date header");
}

fn secs(t: Option<&DateTime>) -> Option<(i64, u32)> {
    t.map(|t| (t.secs(), t.subsec_nanos()))
}

// ---------------------------------------------------------------------------------------------
// features: GetObject requests.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_object_binds_labels_query_and_headers() {
    let transport = Scripted::new([ok_json(json!({}))]);
    let client = features_client(&transport);
    client
        .get_object()
        .bucket("my bucket")
        .key("a/b c/d")
        .version_id("v 1")
        .tags("x")
        .tags("y")
        .since(DateTime::from_secs(JULY))
        .limit(25)
        .flag(true)
        .if_modified_since(DateTime::from_secs(SEPTEMBER))
        .labels("plain")
        .labels("with,comma")
        .labels("say \"hi\"")
        .counts(1)
        .counts(-2)
        .dates(DateTime::from_secs(JULY))
        .dates(DateTime::from_secs(SEPTEMBER))
        .send()
        .await
        .expect("GetObject succeeds");

    let request = transport.only_request();
    assert_eq!(request.method, http::Method::GET);
    assert_signed_for(&request, "features");
    // The plain label encodes its space; the greedy label keeps its `/` and encodes its space.
    assert_eq!(request.path(), "/buckets/my%20bucket/objects/a/b%20c/d");
    let uri = request.uri.to_string();
    assert!(uri.starts_with(&format!("{ENDPOINT}/buckets/my%20bucket/objects/a/b%20c/d?")), "{uri}");
    let mut expected = vec!["versionId=v%201", "tag=x", "tag=y", "since=2020-07-15T17%3A42%3A31Z", "limit=25"];
    expected.sort_unstable();
    assert_eq!(request.sorted_query(), expected, "query {:?}", request.uri.query());
    // A list bound to a query key repeats the key, in list order.
    assert_eq!(request.query_values("tag"), ["x", "y"]);

    assert_eq!(request.header("x-flag"), Some("true"));
    // A timestamp header is an http-date by default.
    assert_eq!(request.header("if-modified-since"), Some("Sun, 13 Sep 2020 12:26:40 GMT"));
    // A list header is one comma-separated header; values with a comma or a quote are quoted.
    assert_eq!(request.header("x-labels"), Some(r#"plain, "with,comma", "say \"hi\"""#));
    // Items of other types are written as their header text; http-dates, which hold a comma of
    // their own, are never quoted (Smithy's `InputAndOutputWithTimestampHeaders`).
    assert_eq!(request.header("x-counts"), Some("1, -2"));
    assert_eq!(request.header("x-dates"), Some("Wed, 15 Jul 2020 17:42:31 GMT, Sun, 13 Sep 2020 12:26:40 GMT"));

    // A GET without body members sends no body and no Content-Type.
    assert_eq!(request.header("content-type"), None);
    assert!(request.body.is_empty(), "body {:?}", request.body);
}

#[tokio::test]
async fn get_object_sends_only_the_members_that_are_set() {
    let transport = Scripted::new([ok_json(json!({}))]);
    let client = features_client(&transport);
    client.get_object().bucket("b").key("k").send().await.expect("GetObject succeeds");

    let request = transport.only_request();
    assert_eq!(request.path(), "/buckets/b/objects/k");
    assert_eq!(request.uri.query(), None, "no query string at all");
    for header in ["x-flag", "if-modified-since", "x-labels", "content-type"] {
        assert_eq!(request.header(header), None, "{header} is not set");
    }
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn get_object_sends_false_and_empty_values() {
    let transport = Scripted::new([ok_json(json!({}))]);
    let client = features_client(&transport);
    client.get_object().bucket("b").key("k").flag(false).limit(0).version_id("").send().await.expect("GetObject");

    let request = transport.only_request();
    assert_eq!(request.header("x-flag"), Some("false"));
    let mut expected = vec!["limit=0", "versionId="];
    expected.sort_unstable();
    assert_eq!(request.sorted_query(), expected);
}

#[tokio::test]
async fn get_object_percent_encodes_labels_and_query_values() {
    let transport = Scripted::new([ok_json(json!({}))]);
    let client = features_client(&transport);
    client
        .get_object()
        .bucket("a/b:c+d~e_f.g-h")
        .key("100%/ü x+y?/a&b=c.txt")
        .version_id("a&b=c/d+e ü")
        .tags("t,1")
        .send()
        .await
        .expect("GetObject succeeds");

    let request = transport.only_request();
    // A plain label encodes `/` too; only unreserved characters (`A-Za-z0-9-._~`) stay as they are.
    assert_eq!(request.path(), "/buckets/a%2Fb%3Ac%2Bd~e_f.g-h/objects/100%25/%C3%BC%20x%2By%3F/a%26b%3Dc.txt");
    let mut expected = vec!["versionId=a%26b%3Dc%2Fd%2Be%20%C3%BC", "tag=t%2C1"];
    expected.sort_unstable();
    assert_eq!(request.sorted_query(), expected);
}

#[tokio::test]
async fn get_object_without_a_label_is_a_construction_failure() {
    let transport = Scripted::new([]);
    let client = features_client(&transport);

    let missing = client.get_object().key("k").send().await.expect_err("bucket is required");
    assert!(matches!(missing, SdkError::ConstructionFailure(_)), "{missing:?}");
    assert!(missing.to_string().contains("bucket"), "{missing}");

    let empty = client.get_object().bucket("b").key("").send().await.expect_err("an empty label is refused");
    assert!(matches!(empty, SdkError::ConstructionFailure(_)), "{empty:?}");
    assert!(empty.to_string().contains("key"), "{empty}");

    assert!(transport.requests().is_empty(), "nothing is sent");
}

// ---------------------------------------------------------------------------------------------
// features: GetObject responses.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_object_fills_in_defaults_for_absent_settings() {
    let transport = Scripted::new([
        ok_json(json!({"settings": {}})),
        ok_json(json!({"settings": {"count": null, "enabled": null, "label": null, "color": null, "tags": null}})),
    ]);
    let client = features_client(&transport);
    for case in ["absent", "null"] {
        let output = client.get_object().bucket("b").key("k").send().await.expect("GetObject succeeds");
        let settings = output.settings().expect("settings were sent");
        assert_eq!(settings.count(), 5, "{case}");
        assert!(settings.enabled(), "{case}");
        assert_eq!(settings.label(), "none", "{case}");
        assert_eq!(settings.color(), &Color::Red, "{case}");
        assert_eq!(settings.color().as_str(), "red", "{case}");
        assert!(settings.tags().is_empty(), "{case}");
        // Members absent from the body and headers stay absent.
        assert_eq!(output.times(), None);
        assert_eq!(output.shape(), None);
        assert_eq!(output.object_size(), None);
        assert_eq!(output.e_tag(), None);
    }

    // With no `settings` at all there is nothing to fill in.
    let transport = Scripted::new([ok_json(json!({}))]);
    let output = features_client(&transport).get_object().bucket("b").key("k").send().await.expect("GetObject");
    assert_eq!(output.settings(), None);
}

#[tokio::test]
async fn get_object_keeps_settings_that_are_present() {
    let transport = Scripted::new([
        ok_json(json!({"settings": {"count": 0, "enabled": false, "label": "", "color": "green", "tags": ["a", "b"]}})),
        ok_json(json!({"settings": {"count": 9, "color": "purple"}})),
    ]);
    let client = features_client(&transport);

    // Zero values are values: they must not be replaced by the defaults.
    let output = client.get_object().bucket("b").key("k").send().await.expect("GetObject succeeds");
    let settings = output.settings().expect("settings");
    assert_eq!(settings.count(), 0);
    assert!(!settings.enabled());
    assert_eq!(settings.label(), "");
    assert_eq!(settings.color(), &Color::Green);
    assert_eq!(settings.tags(), ["a", "b"]);

    let output = client.get_object().bucket("b").key("k").send().await.expect("GetObject succeeds");
    let settings = output.settings().expect("settings");
    assert_eq!(settings.count(), 9);
    assert!(settings.enabled(), "absent members still get their default");
    assert_eq!(settings.label(), "none");
    // An enum value this crate does not know is kept.
    assert_eq!(settings.color().as_str(), "purple");
    assert_ne!(settings.color(), &Color::Red);
    assert_ne!(settings.color(), &Color::Green);
}

#[tokio::test]
async fn get_object_reads_timestamps_in_each_format() {
    let transport = Scripted::new([
        ok_json(json!({"times": {
            "epoch": JULY,
            "dateTime": "2020-09-13T12:26:40Z",
            "httpDate": "Tue, 14 Nov 2023 22:13:20 GMT",
        }})),
        ok_json(json!({"times": {"epoch": 1_594_834_951.25, "dateTime": "2020-09-13T12:26:40.5Z"}})),
    ]);
    let client = features_client(&transport);

    let output = client.get_object().bucket("b").key("k").send().await.expect("GetObject succeeds");
    let times = output.times().expect("times");
    assert_eq!(secs(times.epoch()), Some((JULY, 0)));
    assert_eq!(secs(times.date_time()), Some((SEPTEMBER, 0)));
    assert_eq!(secs(times.http_date()), Some((NOVEMBER, 0)));

    let output = client.get_object().bucket("b").key("k").send().await.expect("GetObject succeeds");
    let times = output.times().expect("times");
    assert_eq!(secs(times.epoch()), Some((JULY, 250_000_000)));
    assert_eq!(secs(times.date_time()), Some((SEPTEMBER, 500_000_000)));
    assert_eq!(times.http_date(), None);
}

/// Smithy's `RestJsonDateTimeWithNegativeOffset` and `RestJsonDateTimeWithPositiveOffset`
/// response tests: a client accepts a `date-time` with a UTC offset.
#[tokio::test]
async fn get_object_reads_date_times_with_offsets() {
    let transport = Scripted::new([
        ok_json(json!({"times": {"dateTime": "2019-12-16T22:48:18-01:00"}})),
        ok_json(json!({"times": {"dateTime": "2019-12-17T00:48:18+01:00"}})),
    ]);
    let client = features_client(&transport);
    for _ in 0..2 {
        let result = client.get_object().bucket("b").key("k").send().await;
        let output = result.unwrap_or_else(|e| panic!("GetObject fails: {e}"));
        let times = output.times().expect("times");
        assert_eq!(secs(times.date_time()), Some((1_576_540_098, 0)), "2019-12-16T23:48:18Z");
    }
}

#[tokio::test]
async fn get_object_reads_each_union_variant() {
    let transport = Scripted::new([
        ok_json(json!({"shape": {"circle": {"radius": 2.5}}})),
        ok_json(json!({"shape": {"square": 4}})),
        ok_json(json!({"shape": {"label": "hi"}})),
        ok_json(json!({"shape": {"color": "green"}})),
        ok_json(json!({"shape": {"hexagon": {"sides": 6}}})),
    ]);
    let client = features_client(&transport);
    let mut shapes = Vec::new();
    for _ in 0..5 {
        let output = client.get_object().bucket("b").key("k").send().await.expect("GetObject succeeds");
        shapes.push(output.shape().cloned().expect("a shape"));
    }

    assert_eq!(shapes[0], Shape::Circle(Circle::builder().radius(2.5).build()));
    assert_eq!(shapes[0].as_circle().ok().and_then(|c| c.radius()), Some(2.5));
    assert_eq!(shapes[1], Shape::Square(4));
    assert_eq!(shapes[1].as_square(), Ok(&4));
    assert_eq!(shapes[2], Shape::Label("hi".to_owned()));
    assert_eq!(shapes[3], Shape::Color(Color::Green));
    // A member this crate does not know is `Unknown`, not an error.
    assert!(shapes[4].is_unknown(), "{:?}", shapes[4]);
    assert!(!shapes[4].is_circle() && !shapes[4].is_square() && !shapes[4].is_label() && !shapes[4].is_color());
    assert!(!shapes[0].is_unknown());
}

/// Smithy's `RestJsonDeserializeIgnoreType` response test: a client ignores a `__type` key
/// in a union.
#[tokio::test]
async fn get_object_ignores_dunder_type_in_a_union() {
    let transport = Scripted::new([ok_json(json!({"shape": {"__type": "example.features#Shape", "label": "hi"}}))]);
    let client = features_client(&transport);
    let result = client.get_object().bucket("b").key("k").send().await;
    let output = result.unwrap_or_else(|e| panic!("GetObject fails: {e}"));
    assert_eq!(output.shape(), Some(&Shape::Label("hi".to_owned())));
}

#[tokio::test]
async fn bad_list_headers_are_response_errors_naming_the_header() {
    for (header, value) in [("X-Counts", "1, two"), ("X-Dates", "Wed, 15 Jul 2020 17:42:31 GMT, Sun")] {
        let transport = Scripted::new([reply(200, &[("content-type", "application/json"), (header, value)], "{}")]);
        let client = features_client(&transport);
        let error = client.get_object().bucket("b").key("k").send().await.expect_err("a bad list header");
        assert!(matches!(error, SdkError::ResponseError(_)), "{header}: {error:?}");
        let mut text = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            text = format!("{text}: {cause}");
            source = cause.source();
        }
        assert!(text.contains(&header.to_ascii_lowercase()), "{header}: {text}");
    }
}

#[tokio::test]
async fn get_object_reads_output_headers() {
    let transport = Scripted::new([reply(
        200,
        &[
            ("content-type", "application/json"),
            ("X-Object-Size", "1234567890123"),
            ("ETag", "\"abc-123\""),
            ("x-amzn-RequestId", "req-get-1"),
            ("X-Counts", "1, -2,3"),
            ("X-Dates", "Wed, 15 Jul 2020 17:42:31 GMT, Sun, 13 Sep 2020 12:26:40 GMT"),
            ("X-Labels", r#"plain, "with,comma", "say \"hi\"""#),
        ],
        "{}",
    )]);
    let client = features_client(&transport);
    let output = client.get_object().bucket("b").key("k").send().await.expect("GetObject succeeds");
    assert_eq!(output.counts(), [1, -2, 3]);
    let dates: Vec<i64> = output.dates().iter().map(DateTime::secs).collect();
    assert_eq!(dates, [JULY, SEPTEMBER], "each http-date keeps its own comma");
    assert_eq!(output.labels(), ["plain", "with,comma", "say \"hi\""]);
    assert_eq!(output.object_size(), Some(1_234_567_890_123), "a long beyond i32");
    assert_eq!(output.e_tag(), Some("\"abc-123\""));
    assert_eq!(output.request_id(), Some("req-get-1"));
}

// ---------------------------------------------------------------------------------------------
// features: errors.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn not_found_is_read_from_the_error_type_header_or_the_body() {
    let transport = Scripted::new([
        reply(
            404,
            &[
                ("X-Amzn-Errortype", "NotFound:http://internal.amazon.com/coral/example.features/"),
                ("x-amzn-RequestId", "req-404"),
                ("content-type", "application/json"),
            ],
            r#"{"message": "no such key"}"#,
        ),
        reply(
            404,
            &[("content-type", "application/json")],
            r#"{"__type": "example.features#NotFound", "message": "gone"}"#,
        ),
    ]);
    let client = features_client(&transport);

    let err = client.get_object().bucket("b").key("k").send().await.expect_err("NotFound");
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(404));
    assert_eq!(err.to_string(), "service error: NotFound: no such key (request id: req-404)");
    let err = err.into_service_error();
    assert!(err.is_not_found() && !err.is_throttled(), "{err:?}");
    assert_eq!(err.code(), Some("NotFound"));
    assert_eq!(err.message(), Some("no such key"));
    assert_eq!(err.request_id(), Some("req-404"));
    let GetObjectError::NotFound(not_found) = err else { panic!("expected NotFound") };
    assert_eq!(not_found.message(), Some("no such key"));

    let err = client.get_object().bucket("b").key("k").send().await.expect_err("NotFound");
    let GetObjectError::NotFound(not_found) = err.into_service_error() else { panic!("expected NotFound by __type") };
    assert_eq!(not_found.message(), Some("gone"));
    assert_eq!(not_found.code(), Some("NotFound"));
    assert_eq!(transport.requests().len(), 2, "no retries");
}

#[tokio::test]
async fn throttled_binds_the_retry_after_header() {
    let transport = Scripted::new([reply(
        429,
        &[("X-Amzn-Errortype", "Throttled"), ("Retry-After", "7"), ("content-type", "application/json")],
        r#"{"message": "slow down"}"#,
    )]);
    let client = features_client(&transport);
    let err = client.get_object().bucket("b").key("k").send().await.expect_err("Throttled");
    assert_eq!(err.attempts(), 1);
    let GetObjectError::Throttled(throttled) = err.into_service_error() else { panic!("expected Throttled") };
    assert_eq!(throttled.retry_after_seconds(), Some(7));
    assert_eq!(throttled.message(), Some("slow down"));
    assert_eq!(throttled.code(), Some("Throttled"));
    assert_eq!(transport.requests().len(), 1);
}

#[tokio::test]
async fn throttled_is_retried_under_the_standard_retry_mode() {
    let throttled = reply(429, &[("X-Amzn-Errortype", "Throttled"), ("Retry-After", "0")], "{}");
    let transport = Scripted::new([throttled, ok_json(json!({"shape": {"square": 1}}))]);
    let retry = RetryConfig::standard().with_max_attempts(2).with_initial_backoff(Duration::from_millis(1));
    let client = features_client_with(&transport, retry);
    let output = client.get_object().bucket("b").key("k").send().await.expect("the retry succeeds");
    assert_eq!(output.shape(), Some(&Shape::Square(1)));

    let requests = transport.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].path(), requests[1].path());
    assert_eq!(requests[0].header("amz-sdk-request"), Some("attempt=1; max=2"));
    assert_eq!(requests[1].header("amz-sdk-request"), Some("attempt=2; max=2"));
}

#[tokio::test]
async fn an_unknown_error_code_is_unhandled_with_its_code() {
    let transport = Scripted::new([reply(
        400,
        &[("X-Amzn-Errortype", "BrandNewException"), ("content-type", "application/json")],
        r#"{"message": "something new"}"#,
    )]);
    let client = features_client(&transport);
    let err = client.get_object().bucket("b").key("k").send().await.expect_err("an error");
    assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
    let err = err.into_service_error();
    assert!(!err.is_not_found() && !err.is_throttled(), "{err:?}");
    match &err {
        GetObjectError::NotFound(_) | GetObjectError::Throttled(_) => panic!("not a modeled error: {err:?}"),
        other => {
            assert_eq!(other.code(), Some("BrandNewException"));
            assert_eq!(other.message(), Some("something new"));
        }
    }
    // It converts into the service-wide error, keeping its code.
    let service: features::Error = err.into();
    assert_eq!(service.code(), Some("BrandNewException"));
}

// ---------------------------------------------------------------------------------------------
// features: PutThing.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn put_thing_serializes_every_kind_of_member() {
    let transport = Scripted::new([reply(204, &[("x-amzn-RequestId", "req-put")], "")]);
    let client = features_client(&transport);

    let tree = TreeNode::builder()
        .value("root")
        .children(TreeNode::builder().value("leaf-1").build())
        .children(TreeNode::builder().value("leaf-2").children(TreeNode::builder().value("grandchild").build()).build())
        .parent(TreeNode::builder().value("up").parent(TreeNode::builder().value("top").build()).build())
        .build();
    let outer = Outer::builder()
        .inner(Inner::builder().outer(Outer::builder().inner(Inner::builder().build()).build()).build())
        .build();
    let times = Times::builder()
        .epoch(DateTime::from_secs(JULY))
        .date_time(DateTime::from_secs(SEPTEMBER))
        .http_date(DateTime::from_secs(NOVEMBER))
        .build();
    let doc = Document::Object(HashMap::from([
        (
            "list".to_owned(),
            Document::Array(vec![
                Document::from(1u64),
                Document::from(-2i64),
                Document::from(2.5),
                Document::from("s"),
                Document::from(true),
                Document::Null,
            ]),
        ),
        ("nested".to_owned(), Document::Object(HashMap::from([("k".to_owned(), Document::from("v"))]))),
    ]));

    let output = client
        .put_thing()
        .id("thing/1 a")
        .tree(tree)
        .outer(outer)
        .shape(Shape::Circle(Circle::builder().radius(1.5).build()))
        .times(times)
        .color(Color::Green)
        .size(Size::Large)
        .sizes(Size::Small)
        .sizes(Size::Large)
        .sizes(Size::from("huge"))
        .counts("a", 1)
        .counts("b", -2)
        .counts("zero", 0)
        .data(Blob::new(b"hello\0world\xff".to_vec()))
        .doc(doc)
        .ratio(0.25)
        .big(9_007_199_254_740_993)
        .flag(false)
        .json_renamed("renamed")
        .send()
        .await
        .expect("PutThing succeeds");
    // 204 with an empty body is the Unit output.
    assert_eq!(output.request_id(), Some("req-put"));

    let request = transport.only_request();
    assert_eq!(request.method, http::Method::PUT);
    assert_signed_for(&request, "features");
    assert_eq!(request.path(), "/things/thing%2F1%20a");
    assert_eq!(request.uri.query(), None);
    assert_eq!(request.header("content-type"), Some("application/json"));
    let body = request.json();
    assert_eq!(
        body,
        json!({
            "tree": {
                "value": "root",
                "children": [{"value": "leaf-1"}, {"value": "leaf-2", "children": [{"value": "grandchild"}]}],
                "parent": {"value": "up", "parent": {"value": "top"}},
            },
            "outer": {"inner": {"outer": {"inner": {}}}},
            "shape": {"circle": {"radius": 1.5}},
            "times": {
                "epoch": JULY,
                "dateTime": "2020-09-13T12:26:40Z",
                "httpDate": "Tue, 14 Nov 2023 22:13:20 GMT",
            },
            "color": "green",
            "size": "large",
            "sizes": ["small", "large", "huge"],
            "counts": {"a": 1, "b": -2, "zero": 0},
            "data": "aGVsbG8Ad29ybGT/",
            "doc": {"list": [1, -2, 2.5, "s", true, null], "nested": {"k": "v"}},
            "ratio": 0.25,
            "big": 9_007_199_254_740_993_i64,
            "flag": false,
            "renamed_key": "renamed",
        })
    );
    // The jsonName replaces the member name; the label is not repeated in the body.
    assert!(body.get("jsonRenamed").is_none() && body.get("id").is_none());
    // A long beyond 2^53 is written as an exact integer, not through a double.
    assert!(String::from_utf8_lossy(&request.body).contains("9007199254740993"));
}

#[tokio::test]
async fn put_thing_serializes_each_union_variant_and_special_doubles() {
    let transport = Scripted::new((0..4).map(|_| reply(204, &[], "")));
    let client = features_client(&transport);
    client.put_thing().id("1").shape(Shape::Square(3)).ratio(f64::INFINITY).send().await.expect("PutThing");
    client.put_thing().id("2").shape(Shape::Label("x".into())).ratio(f64::NEG_INFINITY).send().await.expect("PutThing");
    client.put_thing().id("3").shape(Shape::Color(Color::Red)).ratio(f64::NAN).send().await.expect("PutThing");
    client.put_thing().id("4").shape(Shape::Color(Color::from("teal"))).send().await.expect("PutThing");

    let bodies: Vec<Value> = transport.requests().iter().map(Captured::json).collect();
    assert_eq!(
        bodies,
        [
            json!({"shape": {"square": 3}, "ratio": "Infinity"}),
            json!({"shape": {"label": "x"}, "ratio": "-Infinity"}),
            json!({"shape": {"color": "red"}, "ratio": "NaN"}),
            json!({"shape": {"color": "teal"}}),
        ]
    );
}

#[tokio::test]
async fn put_thing_with_only_its_label_sends_an_empty_object() {
    let transport = Scripted::new([reply(204, &[], "")]);
    let client = features_client(&transport);
    client.put_thing().id("only-id").send().await.expect("PutThing succeeds");
    let request = transport.only_request();
    assert_eq!(request.path(), "/things/only-id");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(&request.body[..], b"{}");
}

// ---------------------------------------------------------------------------------------------
// features: pagination.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_things_items_follow_query_tokens_across_pages() {
    let transport = Scripted::new([
        ok_json(json!({"things": [{"id": "1", "name": "one"}, {"id": "2"}], "nextToken": "t/1 +"})),
        ok_json(json!({"things": [{"id": "3"}], "nextToken": "t2", "summaryCounts": {"x": 1}})),
        ok_json(json!({"things": [{"id": "4"}, {"id": "5", "name": "five"}]})),
    ]);
    let client = features_client(&transport);
    let things = client
        .list_things()
        .into_paginator()
        .page_size(2)
        .items()
        .send()
        .try_collect()
        .await
        .expect("every page succeeds");

    let ids: Vec<&str> = things.iter().map(|t| t.id()).collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);
    assert_eq!(things[0].name(), Some("one"));
    assert_eq!(things[1].name(), None);
    assert_eq!(things[4].name(), Some("five"));

    let requests = transport.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert_eq!(request.method, http::Method::GET);
        assert_eq!(request.path(), "/things");
        assert!(request.body.is_empty());
        assert_eq!(request.query_values("maxResults"), ["2"], "page size on every page");
    }
    assert_eq!(requests[0].query_values("nextToken"), Vec::<&str>::new(), "no token on the first page");
    assert_eq!(requests[1].query_values("nextToken"), ["t%2F1%20%2B"], "the token, percent-encoded");
    assert_eq!(requests[2].query_values("nextToken"), ["t2"]);
    assert_eq!(requests[1].sorted_query(), ["maxResults=2", "nextToken=t%2F1%20%2B"]);
}

#[tokio::test]
async fn list_things_pages_carry_their_other_members() {
    let transport = Scripted::new([
        ok_json(json!({"things": [{"id": "1"}], "nextToken": "a", "summaryCounts": {"small": 2, "large": 0}})),
        ok_json(json!({"things": [], "nextToken": ""})),
    ]);
    let client = features_client(&transport);
    let pages = client.list_things().into_paginator().send().try_collect().await.expect("pages");
    assert_eq!(pages.len(), 2, "an empty token ends the pagination");
    assert_eq!(pages[0].next_token(), Some("a"));
    assert_eq!(pages[0].summary_counts(), Some(&HashMap::from([("small".to_owned(), 2), ("large".to_owned(), 0)])));
    assert!(pages[1].things().is_empty());
    assert_eq!(transport.requests()[0].uri.query(), None, "no page size, no token");
    assert_eq!(transport.requests()[1].sorted_query(), ["nextToken=a"]);
}

#[tokio::test]
async fn list_others_items_follow_body_tokens_across_pages() {
    let transport = Scripted::new([
        ok_json(json!({"others": ["a", "b"], "nextToken": "o/1"})),
        ok_json(json!({"nextToken": "o2"})),
        ok_json(json!({"others": ["c"]})),
    ]);
    let client = features_client(&transport);
    let others = client
        .list_others()
        .into_paginator()
        .page_size(2)
        .items()
        .send()
        .try_collect()
        .await
        .expect("every page succeeds");
    assert_eq!(others, ["a", "b", "c"]);

    let requests = transport.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert_eq!(request.method, http::Method::POST);
        assert_eq!(request.path(), "/others");
        assert_eq!(request.uri.query(), None, "the token travels in the body");
        assert_eq!(request.header("content-type"), Some("application/json"));
    }
    let bodies: Vec<Value> = requests.iter().map(Captured::json).collect();
    assert_eq!(
        bodies,
        [json!({"pageSize": 2}), json!({"pageSize": 2, "nextToken": "o/1"}), json!({"pageSize": 2, "nextToken": "o2"}),]
    );
}

#[tokio::test]
async fn list_others_pages_stop_after_the_last_token() {
    let transport = Scripted::new([
        ok_json(json!({"others": ["a"], "nextToken": "n"})),
        ok_json(json!({"others": ["b"]})),
        ok_json(json!({"others": ["never read"]})),
    ]);
    let client = features_client(&transport);
    let pages = client.list_others().into_paginator().send().try_collect().await.expect("pages");
    let others: Vec<&[String]> = pages.iter().map(|p| p.others()).collect();
    assert_eq!(others, [&["a".to_owned()][..], &["b".to_owned()][..]]);
    assert_eq!(transport.requests().len(), 2);
    assert_eq!(transport.unused(), 1);
}

// ---------------------------------------------------------------------------------------------
// naming-obstacle.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn do_thing_sends_keyword_members_under_their_model_names() {
    let transport = Scripted::new([ok_json(json!({}))]);
    let client = naming_client(&transport);
    client
        .do_thing()
        .r#type("t")
        .self_("s")
        .r#gen("g")
        .r#async("a")
        .r#match("m")
        .crate_("c")
        .acls("read")
        .acls("write")
        .ipv4_address("10.0.0.1")
        .send()
        .await
        .expect("DoThing succeeds");

    let request = transport.only_request();
    assert_eq!(request.method, http::Method::POST);
    assert_signed_for(&request, "namingobstacle");
    assert_eq!(request.path(), "/do-thing");
    assert_eq!(request.uri.query(), None);
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        json!({
            "type": "t",
            "self": "s",
            "gen": "g",
            "async": "a",
            "match": "m",
            "crate": "c",
            "ACLs": ["read", "write"],
            "IPv4Address": "10.0.0.1",
        })
    );
}

#[test]
fn do_thing_input_getters_use_the_rust_names() {
    let input = naming_obstacle::operation::do_thing::DoThingInput::builder()
        .r#type("t")
        .self_("s")
        .r#gen("g")
        .r#async("a")
        .r#match("m")
        .crate_("c")
        .acls("x")
        .ipv4_address("ip")
        .build()
        .expect("no required members");
    assert_eq!(
        [input.r#type(), input.self_(), input.r#gen(), input.r#async(), input.r#match(), input.crate_()],
        [Some("t"), Some("s"), Some("g"), Some("a"), Some("m"), Some("c")]
    );
    assert_eq!(input.acls(), ["x"]);
    assert_eq!(input.ipv4_address(), Some("ip"));
}

#[tokio::test]
async fn do_thing_reads_awkwardly_named_output_members() {
    let transport = Scripted::new([ok_json(json!({
        "Self": "me",
        "result": {
            "ok": {"Self": "inner-self", "value": 3},
            "err": {"value": "oops", "box": {"contents": "socks", "weight": 2}},
        },
        "status": "unknown",
        "mode": "self",
        "errorCode": {"code": "E1"},
        "database": {"engine": "pg"},
        "address": {"octets": "10.0.0.1"},
    }))]);
    let client = naming_client(&transport);
    let output = client.do_thing().send().await.expect("DoThing succeeds");

    assert_eq!(output.self_(), Some("me"));
    let result = output.result().expect("result");
    let ok = result.ok().expect("ok");
    assert_eq!(ok.self_(), Some("inner-self"));
    assert_eq!(ok.value(), Some(3));
    let err = result.err().expect("err");
    assert_eq!(err.value(), Some("oops"));
    let boxed = err.r#box().expect("box");
    assert_eq!(boxed.contents(), Some("socks"));
    assert_eq!(boxed.weight(), Some(2));
    assert_eq!(output.status(), Some(&naming_obstacle::types::Status::UnknownValue));
    assert_eq!(output.mode(), Some(&naming_obstacle::types::Mode::Self_));
    assert_eq!(output.error_code().and_then(|e| e.code()), Some("E1"));
    assert_eq!(output.database().and_then(|d| d.engine()), Some("pg"));
    assert_eq!(output.address().and_then(|a| a.octets()), Some("10.0.0.1"));

    // The request had no members set: an empty JSON object.
    assert_eq!(&transport.only_request().body[..], b"{}");
}

#[tokio::test]
async fn status_and_mode_values_round_trip() {
    use naming_obstacle::types::{Mode, Status};

    let wire = [("unknown", "fast"), ("active", "type"), ("in-progress", "self"), ("paused", "turbo")];
    let transport = Scripted::new(wire.iter().map(|(status, mode)| ok_json(json!({"status": status, "mode": mode}))));
    let client = naming_client(&transport);
    let mut read = Vec::new();
    for _ in wire {
        let output = client.do_thing().send().await.expect("DoThing succeeds");
        read.push((output.status().cloned().expect("status"), output.mode().cloned().expect("mode")));
    }

    assert_eq!(read[0], (Status::UnknownValue, Mode::Fast));
    assert_eq!(read[1], (Status::Active, Mode::Type));
    assert_eq!(read[2], (Status::InProgress, Mode::Self_));
    // Values this crate does not know come back as they were sent.
    let (status, mode) = &read[3];
    assert_eq!(status.as_str(), "paused");
    assert_eq!(mode.as_str(), "turbo");
    assert!(!matches!(status, Status::UnknownValue | Status::Active | Status::InProgress), "{status:?}");
    assert!(!matches!(mode, Mode::Fast | Mode::Self_ | Mode::Type), "{mode:?}");
    assert_eq!(Status::from("paused"), *status);

    // The known values, each way.
    assert_eq!(Status::values(), ["unknown", "active", "in-progress"]);
    assert_eq!(Mode::values(), ["fast", "self", "type"]);
    for (value, status) in
        [("unknown", Status::UnknownValue), ("active", Status::Active), ("in-progress", Status::InProgress)]
    {
        assert_eq!(Status::from(value), status);
        assert_eq!(status.as_str(), value);
        assert_eq!(status.to_string(), value);
    }
    for (value, mode) in [("fast", Mode::Fast), ("self", Mode::Self_), ("type", Mode::Type)] {
        assert_eq!(value.parse::<Mode>(), Ok(mode.clone()));
        assert_eq!(mode.as_str(), value);
    }
}

#[tokio::test]
async fn list_things_with_weird_names_reads_the_capitalised_list() {
    use naming_obstacle::types::Mode;

    let transport = Scripted::new([
        ok_json(json!({"Things": [{"name": "a", "type": "fast"}], "nextToken": "p2"})),
        ok_json(json!({"Things": [{"name": "b", "type": "type"}, {"name": "c"}]})),
    ]);
    let client = naming_client(&transport);
    let things =
        client.list_things_with_weird_names().into_paginator().items().send().try_collect().await.expect("items");
    let read: Vec<(Option<&str>, Option<&Mode>)> = things.iter().map(|t| (t.name(), t.r#type())).collect();
    assert_eq!(read, [(Some("a"), Some(&Mode::Fast)), (Some("b"), Some(&Mode::Type)), (Some("c"), None)]);
    let requests = transport.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].uri.query(), None);
    assert_eq!(requests[1].sorted_query(), ["nextToken=p2"]);
}

#[tokio::test]
async fn naming_error_is_read_from_dunder_type() {
    use naming_obstacle::operation::do_thing::DoThingError;

    let transport =
        Scripted::new([reply(400, &[], r#"{"__type": "naming.obstacle#NamingError", "message": "bad name"}"#)]);
    let client = naming_client(&transport);
    let err = client.do_thing().r#type("x").send().await.expect_err("NamingError").into_service_error();
    let DoThingError::NamingError(naming) = err else { panic!("expected NamingError") };
    assert_eq!(naming.message(), Some("bad name"));
    assert_eq!(naming_obstacle::error::ProvideErrorMetadata::code(&naming), Some("NamingError"));
}

/// Shapes named `String`, `Option`, `Result` and `Box` do not shadow std's in the generated
/// crate, and a user can import them next to std's.
mod prelude_shadowing {
    use naming_obstacle::types::{Box, Option, Result, String};

    #[test]
    fn model_types_named_like_the_prelude_live_beside_it() {
        let boxed: Box = Box::builder().contents("socks").weight(2).build();
        let std_boxed: std::boxed::Box<Box> = std::boxed::Box::new(boxed.clone());
        let text: String = String::builder().value("v").r#box(boxed.clone()).build();
        let std_text: std::string::String = std::string::String::from("plain");
        let option: Option = Option::builder().self_("me").value(3).build();
        let std_option: std::option::Option<Option> = Some(option.clone());
        let result: Result = Result::builder().ok(option.clone()).err(text.clone()).build();
        let std_result: std::result::Result<Result, std::string::String> = Ok(result.clone());

        assert_eq!(*std_boxed, boxed);
        assert_eq!(std_boxed.contents(), Some("socks"));
        assert_eq!(text.value(), Some("v"));
        assert_eq!(text.r#box(), Some(&boxed));
        assert_eq!(std_text.len(), 5);
        assert_eq!(std_option.as_ref().and_then(|o| o.self_()), Some("me"));
        assert_eq!(option.value(), Some(3));
        let model_result = std_result.as_ref().ok();
        assert_eq!(model_result.and_then(|r| r.ok()), Some(&option));
        assert_eq!(model_result.and_then(|r| r.err()).and_then(|s| s.r#box()).and_then(|b| b.weight()), Some(2));
    }
}
