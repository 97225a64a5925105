//! Wire tests of the generated fixture crate `advanced` (tests/fixtures/models/advanced.json):
//! the Smithy features other restJson1 models use.
//!
//! Operations reached only through the service's resources (lifecycle, instance, collection and
//! child-resource operations), mixins (members and their traits flattened, a member redeclared
//! to add a trait), service-wide errors, a service `rename`, a union with several members (one
//! of them a unit member), non-finite floats and doubles, `bigInteger`/`bigDecimal`, blobs,
//! documents, an `intEnum`, sparse and `@uniqueItems` collections, `@idempotencyToken`,
//! `@jsonName`, `@httpPayload` (structure, blob, string, enum and document), `@httpResponseCode`,
//! `@httpPrefixHeaders`, `@httpQueryParams`, `@clientOptional`, `@addedDefault`,
//! `default: null`, `@deprecated`, timestamps in `http-date` and `epoch-seconds` headers, and
//! binding traits where Smithy ignores them (`@httpQuery` on an output member, `@httpHeader` on
//! a nested one).
//!
//! Like tests/fixture_wire.rs, each test drives the generated client through a scripted,
//! capturing in-memory transport and pins the exact wire values.

use advanced::config::{Credentials, IdempotencyTokenProvider, Region, RetryConfig};
use advanced::error::ProvideErrorMetadata;
use advanced::primitives::{Blob, DateTime, Document};
use advanced::types::{Kind, Mode, OtherWidget, PartData, Shape, Square, WidgetData};
use aws_client_runtime::transport::{BoxFuture, ConnectorError, HttpClient, HttpRequest, HttpResponse};
use bytes::Bytes;
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex};

const ENDPOINT: &str = "http://fixture.test";
/// 2020-07-15T17:42:31Z, a Wednesday.
const JULY: i64 = 1_594_834_951;
/// `JULY` as an RFC 7231 date.
const JULY_HTTP_DATE: &str = "Wed, 15 Jul 2020 17:42:31 GMT";
/// `JULY` as an RFC 3339 date.
const JULY_DATE_TIME: &str = "2020-07-15T17:42:31Z";

// ---------------------------------------------------------------------------------------------
// The scripted transport (as in tests/fixture_wire.rs).
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

    /// Method and raw (still percent-encoded) path.
    fn route(&self) -> (&str, &str) {
        (self.method.as_str(), self.uri.path())
    }

    /// The raw query string; empty when there is none.
    fn query(&self) -> &str {
        self.uri.query().unwrap_or_default()
    }

    /// The body as text.
    fn text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("the body is UTF-8")
    }

    /// The body parsed as JSON.
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {:?}", String::from_utf8_lossy(&self.body)))
    }

    /// Every header whose name starts with `prefix` (lower case), sorted.
    fn headers_starting_with(&self, prefix: &str) -> Vec<(String, String)> {
        let mut found: Vec<(String, String)> = self
            .headers
            .iter()
            .filter(|(name, _)| name.as_str().starts_with(prefix))
            .map(|(name, value)| (name.as_str().to_owned(), value.to_str().unwrap().to_owned()))
            .collect();
        found.sort();
        found
    }
}

#[derive(Default)]
struct Script {
    responses: VecDeque<HttpResponse>,
    seen: Vec<Captured>,
}

/// Answers each request with the next scripted response and records the request.
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

    fn requests(&self) -> Vec<Captured> {
        self.lock().seen.clone()
    }

    /// The one request received; fails the test unless there was exactly one.
    fn only_request(&self) -> Captured {
        let seen = self.requests();
        assert_eq!(seen.len(), 1, "expected exactly one request, got {seen:#?}");
        seen.into_iter().next().expect("one request")
    }

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

/// An `advanced` client on `transport`, retries disabled: one scripted response per call.
fn client(transport: &Scripted) -> advanced::Client {
    advanced::Client::from_conf(
        advanced::Config::builder()
            .region(Region::new("us-west-2"))
            .endpoint_url(ENDPOINT)
            .credentials_provider(Credentials::new("AKIDEXAMPLE", "secret", None, None, "test"))
            .retry_config(RetryConfig::disabled())
            .http_client(transport.clone())
            .build(),
    )
}

fn uuid_v4_problem(token: &str) -> Option<String> {
    let parts: Vec<&str> = token.split('-').collect();
    let lengths: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    if lengths != [8, 4, 4, 4, 12] {
        return Some(format!("groups of {lengths:?}"));
    }
    if !token.chars().all(|c| c == '-' || matches!(c, '0'..='9' | 'a'..='f')) {
        return Some("not lower-case hex".into());
    }
    if !parts[2].starts_with('4') {
        return Some("version is not 4".into());
    }
    if !parts[3].starts_with(['8', '9', 'a', 'b']) {
        return Some("variant is not RFC 4122".into());
    }
    None
}

fn secs(t: Option<&DateTime>) -> Option<(i64, u32)> {
    t.map(|t| (t.secs(), t.subsec_nanos()))
}

// ---------------------------------------------------------------------------------------------
// Resources: every operation is reached through `Widget` and its child `Part`.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
#[allow(deprecated)] // ActivateWidget is deprecated.
async fn every_resource_operation_is_generated_routed_and_signed() {
    let t = Scripted::new((0..8).map(|_| reply(200, &[], "")));
    let c = client(&t);
    c.create_widget().send().await.expect("create (POST, collection)");
    c.get_widget().widget_id("w1").send().await.expect("read");
    c.update_widget().widget_id("w1").send().await.expect("update");
    c.delete_widget().widget_id("w1").send().await.expect("delete");
    c.list_widgets().send().await.expect("list");
    c.activate_widget().widget_id("w1").send().await.expect("instance operation");
    c.purge_widgets().send().await.expect("collection operation");
    c.put_part().widget_id("w1").part_id("p1").send().await.expect("child resource put");
    let routes: Vec<(String, String)> =
        t.requests().iter().map(|r| (r.route().0.to_owned(), r.route().1.to_owned())).collect();
    let expected = [
        ("POST", "/widgets"),
        ("GET", "/widgets/w1"),
        ("PATCH", "/widgets/w1"),
        ("DELETE", "/widgets/w1"),
        ("GET", "/widgets"),
        ("POST", "/widgets/w1/activate"),
        ("POST", "/widgets/purge"),
        ("PUT", "/widgets/w1/parts/p1"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    assert_eq!(routes, expected);
    for request in t.requests() {
        assert_eq!(request.uri.authority().map(|a| a.as_str()), Some("fixture.test"));
        let authorization = request.header("authorization").expect("signed");
        assert!(authorization.contains("/us-west-2/advanced/aws4_request"), "{authorization}");
    }
}

// ---------------------------------------------------------------------------------------------
// CreateWidget: the structure body, idempotency tokens, @jsonName.
// ---------------------------------------------------------------------------------------------

fn full_widget() -> WidgetData {
    let mut attributes = HashMap::new();
    attributes.insert("nested".to_owned(), Document::from(vec![Document::from(true), Document::Null]));
    attributes.insert("count".to_owned(), Document::from(3u64));
    attributes.insert("delta".to_owned(), Document::from(-2i64));
    attributes.insert("ratio".to_owned(), Document::from(0.5f64));
    attributes.insert("label".to_owned(), Document::from("x"));
    WidgetData::builder()
        .created_by("ops")
        .created_at(DateTime::from_secs(JULY))
        .name("w1")
        .kind(Kind::Large)
        .ratio(2.5)
        .score(-0.25)
        .big("12345678901234567")
        .precise("1.25")
        .tags("keep", Some("yes".into()))
        .tags("drop", None)
        .notes(Some("first".into()))
        .notes(None)
        .unique("a")
        .unique("b")
        .shape(Shape::Circle(2.5))
        .other(OtherWidget::builder().id("o-1").build())
        .digest(Blob::new(b"hello".to_vec()))
        .attributes(Document::from(attributes))
        .readings(1.5)
        .readings(f64::NAN)
        .readings(f64::INFINITY)
        .readings(f64::NEG_INFINITY)
        .build()
}

#[tokio::test]
async fn create_widget_writes_every_kind_of_member() {
    let t = Scripted::new([ok_json(json!({}))]);
    client(&t).create_widget().client_token("tok-1").data(full_widget()).renamed_field("hello").send().await.unwrap();
    let request = t.only_request();
    assert_eq!(request.route(), ("POST", "/widgets"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        json!({
            "clientToken": "tok-1",
            // @jsonName: the member `renamedField` is sent as `renamed`.
            "renamed": "hello",
            "data": {
                // Mixin members, with the mixin's @timestampFormat("date-time").
                "createdBy": "ops", "createdAt": JULY_DATE_TIME,
                "name": "w1", "kind": 2, "ratio": 2.5, "score": -0.25,
                // bigInteger and bigDecimal: decimal text in Rust, JSON numbers on the wire.
                "big": 12345678901234567u64, "precise": 1.25,
                // Sparse collections keep their nulls.
                "tags": {"keep": "yes", "drop": null}, "notes": ["first", null],
                "unique": ["a", "b"],
                "shape": {"circle": 2.5},
                // The renamed `example.other#Widget`.
                "other": {"id": "o-1"},
                // A blob member is base64.
                "digest": "aGVsbG8=",
                "attributes": {"nested": [true, null], "count": 3, "delta": -2, "ratio": 0.5, "label": "x"},
                "readings": [1.5, "NaN", "Infinity", "-Infinity"]
            }
        })
    );
    // The big numbers are JSON numbers, not strings.
    assert!(request.text().contains("\"big\":12345678901234567"), "{}", request.text());
    assert!(request.text().contains("\"precise\":1.25"), "{}", request.text());
}

#[tokio::test]
async fn idempotency_tokens_are_fresh_uuids_unless_set() {
    let t = Scripted::new((0..3).map(|_| ok_json(json!({}))));
    let c = client(&t);
    c.create_widget().send().await.unwrap();
    c.create_widget().send().await.unwrap();
    c.create_widget().client_token("mine").send().await.unwrap();
    let tokens: Vec<Value> = t.requests().iter().map(|r| r.json()["clientToken"].clone()).collect();
    for token in &tokens[..2] {
        let token = token.as_str().expect("a generated token");
        assert_eq!(uuid_v4_problem(token), None, "{token}");
    }
    assert_ne!(tokens[0], tokens[1], "each call gets its own token");
    assert_eq!(tokens[2], json!("mine"), "a token set by the caller is sent as is");
}

#[tokio::test]
async fn the_configured_idempotency_token_provider_fills_unset_tokens() {
    fn with(t: &Scripted, provider: impl Into<IdempotencyTokenProvider>) -> advanced::Client {
        advanced::Client::from_conf(client(t).config().to_builder().idempotency_token_provider(provider).build())
    }
    let t = Scripted::new((0..6).map(|_| ok_json(json!({}))));
    let fixed = with(&t, "00000000-0000-4000-8000-000000000000");
    fixed.create_widget().send().await.unwrap();
    fixed.create_widget().client_token("mine").send().await.unwrap();
    // Two providers with one seed make the same tokens, in order.
    with(&t, IdempotencyTokenProvider::with_seed(42)).create_widget().send().await.unwrap();
    with(&t, IdempotencyTokenProvider::with_seed(42)).create_widget().send().await.unwrap();
    let seeded = with(&t, IdempotencyTokenProvider::with_seed(42));
    seeded.create_widget().send().await.unwrap();
    seeded.create_widget().send().await.unwrap();
    let requests = t.requests();
    let tokens: Vec<Value> = requests.iter().map(|r| r.json()["clientToken"].clone()).collect();
    assert_eq!(tokens[..2], [json!("00000000-0000-4000-8000-000000000000"), json!("mine")]);
    assert_eq!(uuid_v4_problem(tokens[2].as_str().unwrap()), None, "{}", tokens[2]);
    assert_eq!((&tokens[2], &tokens[4]), (&tokens[3], &tokens[2]));
    assert_ne!(tokens[4], tokens[5], "one provider never repeats a token");
    for request in &requests {
        assert_eq!(request.header("content-length"), Some(request.body.len().to_string().as_str()));
    }
}

#[tokio::test]
async fn create_widget_reads_every_kind_of_member() {
    let t = Scripted::new([ok_json(json!({
        "widget": {
            "createdBy": "ops", "createdAt": JULY_DATE_TIME, "name": "w1", "kind": 1,
            "ratio": 0.5, "score": 7, "big": 7, "precise": 0.125,
            "tags": {"a": null, "b": "x"}, "notes": [null, "n"], "unique": ["u"],
            "shape": {"text": "hi"}, "other": {"id": "o"},
            "digest": "AAH/", "attributes": {"list": [1, -1, 1.5, "s", false, null]},
            "readings": ["NaN", "Infinity", "-Infinity", 2]
        }
    }))]);
    let out = client(&t).create_widget().send().await.unwrap();
    let w = out.widget().expect("a widget");
    assert_eq!(w.created_by(), Some("ops"));
    assert_eq!(secs(w.created_at()), Some((JULY, 0)));
    assert_eq!((w.name(), w.kind()), (Some("w1"), Some(&Kind::Small)));
    assert_eq!((w.ratio(), w.score()), (Some(0.5), Some(7.0)));
    assert_eq!((w.big(), w.precise()), (Some("7"), Some("0.125")));
    let tags = w.tags().expect("tags");
    assert_eq!((tags.len(), tags.get("a"), tags.get("b")), (2, Some(&None), Some(&Some("x".to_owned()))));
    assert_eq!(w.notes(), &[None, Some("n".to_owned())]);
    assert_eq!(w.unique(), &["u".to_owned()]);
    assert_eq!(w.shape(), Some(&Shape::Label("hi".into())));
    assert_eq!(w.other().and_then(|o| o.id()), Some("o"));
    assert_eq!(w.digest().map(|b| b.as_ref().to_vec()), Some(vec![0u8, 1, 255]));
    let list = Document::from(vec![
        Document::from(1u64),
        Document::from(-1i64),
        Document::from(1.5f64),
        Document::from("s"),
        Document::from(false),
        Document::Null,
    ]);
    assert_eq!(w.attributes(), Some(&Document::from(HashMap::from([("list".to_owned(), list)]))));
    let readings = w.readings();
    assert_eq!(readings.len(), 4);
    assert!(readings[0].is_nan());
    assert_eq!(&readings[1..], &[f64::INFINITY, f64::NEG_INFINITY, 2.0]);
}

// ---------------------------------------------------------------------------------------------
// Floats and doubles: NaN, Infinity and -Infinity are strings, both ways.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn non_finite_floats_and_doubles_are_written_as_strings() {
    let cases =
        [(f32::NAN, f64::INFINITY, "NaN", "Infinity"), (f32::INFINITY, f64::NEG_INFINITY, "Infinity", "-Infinity")];
    let t = Scripted::new((0..4).map(|_| ok_json(json!({}))));
    let c = client(&t);
    for (float, double, _, _) in cases {
        c.create_widget().data(WidgetData::builder().ratio(float).score(double).build()).send().await.unwrap();
    }
    c.create_widget()
        .data(WidgetData::builder().ratio(f32::NEG_INFINITY).score(f64::NAN).build())
        .send()
        .await
        .unwrap();
    c.update_widget().widget_id("w").scale(f32::NEG_INFINITY).threshold(f64::NAN).send().await.unwrap();
    let seen = t.requests();
    for (request, (_, _, float, double)) in seen.iter().zip(cases) {
        assert_eq!(request.json()["data"], json!({"ratio": float, "score": double}));
    }
    assert_eq!(seen[2].json()["data"], json!({"ratio": "-Infinity", "score": "NaN"}));
    // In a header and a query parameter too.
    assert_eq!(seen[3].header("x-scale"), Some("-Infinity"));
    assert_eq!(seen[3].query(), "threshold=NaN");
}

#[tokio::test]
async fn non_finite_floats_and_doubles_are_read_from_strings() {
    let bodies = [("NaN", "Infinity"), ("Infinity", "-Infinity"), ("-Infinity", "NaN")];
    let t = Scripted::new(bodies.map(|(r, s)| ok_json(json!({"widget": {"ratio": r, "score": s}}))));
    let c = client(&t);
    let mut read = Vec::new();
    for _ in bodies {
        let out = c.create_widget().send().await.unwrap();
        let w = out.widget().unwrap();
        read.push((w.ratio().unwrap(), w.score().unwrap()));
    }
    assert!(read[0].0.is_nan() && read[0].1 == f64::INFINITY, "{read:?}");
    assert!(read[1].0 == f32::INFINITY && read[1].1 == f64::NEG_INFINITY, "{read:?}");
    assert!(read[2].0 == f32::NEG_INFINITY && read[2].1.is_nan(), "{read:?}");
}

#[tokio::test]
async fn floats_are_written_with_their_shortest_text() {
    let t = Scripted::new((0..2).map(|_| ok_json(json!({}))));
    let c = client(&t);
    c.create_widget().client_token("t").data(WidgetData::builder().ratio(0.1).build()).send().await.unwrap();
    c.update_widget().widget_id("w").scale(0.1).send().await.unwrap();
    let seen = t.requests();
    assert_eq!(
        (seen[0].text(), seen[1].header("x-scale")),
        (r#"{"clientToken":"t","data":{"ratio":0.1}}"#, Some("0.1"))
    );
}

// ---------------------------------------------------------------------------------------------
// bigInteger and bigDecimal: decimal text in Rust, JSON numbers on the wire.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn big_numbers_are_written_with_every_digit() {
    let t = Scripted::new([ok_json(json!({}))]);
    let data = WidgetData::builder()
        .big("123456789012345678901234567890")
        .precise("3.14159265358979323846264338327950288")
        .build();
    client(&t).create_widget().client_token("t").data(data).send().await.unwrap();
    assert_eq!(
        t.only_request().text(),
        r#"{"clientToken":"t","data":{"big":123456789012345678901234567890,"precise":3.14159265358979323846264338327950288}}"#
    );
}

#[tokio::test]
async fn big_numbers_are_read_with_every_digit() {
    let body = r#"{"widget":{"big":123456789012345678901234567890,"precise":3.14159265358979323846264338327950288}}"#;
    let t = Scripted::new([reply(200, &[], body)]);
    let out = client(&t).create_widget().send().await.unwrap();
    let w = out.widget().unwrap();
    assert_eq!(
        (w.big(), w.precise()),
        (Some("123456789012345678901234567890"), Some("3.14159265358979323846264338327950288"))
    );
}

#[tokio::test]
async fn big_numbers_within_64_bits_round_trip_and_negative_ones_too() {
    let t = Scripted::new([ok_json(json!({"widget": {"big": -9_223_372_036_854_775_807i64, "precise": -0.5}}))]);
    let data = WidgetData::builder().big("18446744073709551615").precise("-2.5").build();
    let out = client(&t).create_widget().client_token("t").data(data).send().await.unwrap();
    assert_eq!(t.only_request().text(), r#"{"clientToken":"t","data":{"big":18446744073709551615,"precise":-2.5}}"#);
    let w = out.widget().unwrap();
    assert_eq!((w.big(), w.precise()), (Some("-9223372036854775807"), Some("-0.5")));
}

// ---------------------------------------------------------------------------------------------
// The union.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn union_members_are_written_one_at_a_time() {
    let shapes = [
        (Shape::Circle(1.5), json!({"circle": 1.5})),
        (Shape::Label("hi".into()), json!({"text": "hi"})),
        (Shape::Square(Square::builder().side(2.0).build()), json!({"square": {"side": 2.0}})),
        (Shape::Bytes(Blob::new(vec![0xffu8, 0])), json!({"bytes": "/wA="})),
        (Shape::At(DateTime::from_secs(JULY)), json!({"at": JULY})),
        (Shape::Points(vec![1, -2]), json!({"points": [1, -2]})),
        // A member targeting `smithy.api#Unit` is an empty object.
        (Shape::Nothing, json!({"nothing": {}})),
    ];
    let t = Scripted::new(shapes.iter().map(|_| ok_json(json!({}))));
    let c = client(&t);
    for (shape, _) in &shapes {
        c.create_widget().data(WidgetData::builder().shape(shape.clone()).build()).send().await.unwrap();
    }
    let sent: Vec<Value> = t.requests().iter().map(|r| r.json()["data"]["shape"].clone()).collect();
    let expected: Vec<Value> = shapes.iter().map(|(_, wire)| wire.clone()).collect();
    assert_eq!(sent, expected);
}

#[tokio::test]
async fn union_members_are_read_and_a_new_member_is_unknown() {
    let wires = [
        json!({"circle": 1.5}),
        json!({"text": "hi"}),
        json!({"square": {"side": 2}}),
        json!({"bytes": "/wA="}),
        json!({"at": JULY}),
        json!({"points": [1, -2]}),
        // A member this crate does not know yet.
        json!({"hexagon": {"side": 1}}),
        // Null members and `__type` do not count.
        json!({"__type": "example.advanced#Shape", "circle": null, "text": "only"}),
        // A unit member: `{}`, or any object.
        json!({"nothing": {}}),
        json!({"nothing": {"ignored": 1}}),
    ];
    let t = Scripted::new(wires.iter().map(|shape| ok_json(json!({"widget": {"shape": shape}}))));
    let c = client(&t);
    let mut read = Vec::new();
    for _ in &wires {
        let out = c.create_widget().send().await.expect("a shape");
        read.push(out.widget().and_then(|w| w.shape()).cloned().expect("a shape"));
    }
    assert_eq!(read[0], Shape::Circle(1.5));
    assert_eq!(read[1], Shape::Label("hi".into()));
    assert_eq!(read[2].as_square().ok().and_then(|s| s.side()), Some(2.0));
    assert_eq!(read[3].as_bytes().map(|b| b.as_ref().to_vec()), Ok(vec![0xffu8, 0]));
    assert_eq!(read[4], Shape::At(DateTime::from_secs(JULY)));
    assert_eq!(read[5], Shape::Points(vec![1, -2]));
    assert!(read[6].is_unknown(), "{:?}", read[6]);
    assert!(!read[6].is_circle() && !read[6].is_label());
    assert_eq!(read[7], Shape::Label("only".into()));
    assert_eq!((&read[8], read[8].as_nothing(), read[8].is_nothing()), (&Shape::Nothing, Ok(()), true));
    assert_eq!(read[9], Shape::Nothing);
    assert_eq!(read[0].as_nothing(), Err(&read[0]));
}

#[tokio::test]
async fn a_unit_member_that_is_not_an_object_is_a_response_error() {
    let t = Scripted::new([ok_json(json!({"widget": {"shape": {"nothing": 1}}}))]);
    let err = client(&t).create_widget().send().await.expect_err("not an object");
    assert!(matches!(err, advanced::error::SdkError::ResponseError(_)), "{err:?}");
    assert!(err.to_string().contains("nothing"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// The intEnum.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn int_enum_values_round_trip_known_or_not() {
    let t = Scripted::new([
        ok_json(json!({"widget": {"kind": 99}})),
        ok_json(json!({"widget": {"kind": 2}})),
        ok_json(json!({"widgets": []})),
    ]);
    let c = client(&t);
    let unknown = c.create_widget().data(WidgetData::builder().kind(Kind::from(99)).build()).send().await.unwrap();
    let known = c.create_widget().data(WidgetData::builder().kind(Kind::Unknown(2)).build()).send().await.unwrap();
    c.list_widgets().kind(Kind::Small).send().await.unwrap();
    let seen = t.requests();
    assert_eq!(seen[0].json()["data"], json!({"kind": 99}));
    assert_eq!(seen[1].json()["data"], json!({"kind": 2}));
    assert_eq!(seen[2].query(), "kind=1");
    let read = unknown.widget().and_then(|w| w.kind()).copied().unwrap();
    assert_eq!((read, read.as_i32()), (Kind::Unknown(99), 99));
    assert_eq!(known.widget().and_then(|w| w.kind()), Some(&Kind::Large));
    assert_eq!(Kind::values(), &[1, 2]);
}

// ---------------------------------------------------------------------------------------------
// GetWidget: an @httpPayload structure, headers, prefix headers; @deprecated member.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_widget_reads_a_payload_structure_and_its_headers() {
    let t = Scripted::new([reply(
        200,
        &[
            ("ETag", "\"abc\""),
            ("Last-Modified", JULY_HTTP_DATE),
            ("X-Expires", "1594834951.25"),
            ("X-Meta-Color", "blue"),
            ("X-Meta-Size", "L"),
            ("X-Other", "not a prefix header"),
        ],
        &json!({"createdBy": "ops", "name": "w1", "legacy": "old"}).to_string(),
    )]);
    let out = client(&t).get_widget().widget_id("w/1 2").send().await.expect("a widget");
    let request = t.only_request();
    assert_eq!(request.route(), ("GET", "/widgets/w%2F1%202"));
    assert_eq!((request.query(), request.text()), ("", ""));
    assert_eq!(request.header("content-type"), None);
    let widget = out.widget().expect("the payload");
    assert_eq!((widget.created_by(), widget.name()), (Some("ops"), Some("w1")));
    #[allow(deprecated)]
    let legacy = widget.legacy();
    assert_eq!(legacy, Some("old"));
    assert_eq!(out.etag(), Some("\"abc\""));
    assert_eq!(secs(out.last_modified()), Some((JULY, 0)));
    assert_eq!(secs(out.expires()), Some((JULY, 250_000_000)));
    let meta = out.meta().expect("prefix headers");
    let mut meta: Vec<(&str, &str)> = meta.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    meta.sort();
    assert_eq!(meta, [("color", "blue"), ("size", "L")]);
}

#[tokio::test]
async fn get_widget_without_a_payload_has_no_widget() {
    let t = Scripted::new([reply(200, &[], "")]);
    let out = client(&t).get_widget().widget_id("w1").send().await.unwrap();
    assert_eq!(out.widget(), None);
    assert_eq!(out.last_modified(), None);
}

// ---------------------------------------------------------------------------------------------
// UpdateWidget: @httpResponseCode, timestamps in headers, a mixin member redeclared.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn update_widget_binds_headers_query_and_body() {
    let t = Scripted::new((0..2).map(|_| ok_json(json!({}))));
    let c = client(&t);
    c.update_widget()
        .widget_id("w1")
        .if_unmodified_since(DateTime::from_secs(JULY))
        .not_before(DateTime::from_secs(JULY))
        .scale(2.5)
        .threshold(0.75)
        .name("renamed")
        .kind(Kind::Large)
        .send()
        .await
        .unwrap();
    c.update_widget().widget_id("w1").not_before(DateTime::from_secs_f64(JULY as f64 + 0.5)).send().await.unwrap();
    let seen = t.requests();
    assert_eq!(seen[0].route(), ("PATCH", "/widgets/w1"));
    assert_eq!(seen[0].query(), "threshold=0.75");
    assert_eq!(seen[0].header("if-unmodified-since"), Some(JULY_HTTP_DATE), "http-date");
    assert_eq!(seen[0].header("x-not-before"), Some("1594834951"), "epoch-seconds");
    assert_eq!(seen[0].header("x-scale"), Some("2.5"));
    assert_eq!(seen[0].header("content-type"), Some("application/json"));
    assert_eq!(seen[0].json(), json!({"name": "renamed", "kind": 2}));
    assert_eq!(seen[1].header("x-not-before"), Some("1594834951.5"));
    assert_eq!(seen[1].header("if-unmodified-since"), None);
    assert_eq!(seen[1].json(), json!({}));
}

#[tokio::test]
async fn update_widget_reads_the_status_code_headers_and_mixin_members() {
    let t = Scripted::new([
        reply(
            202,
            &[("Last-Modified", JULY_HTTP_DATE)],
            &json!({"author": "ops", "createdBy": "not this one", "createdAt": JULY_DATE_TIME, "name": "w", "kind": 1})
                .to_string(),
        ),
        reply(200, &[], "{}"),
    ]);
    let c = client(&t);
    let out = c.update_widget().widget_id("w1").send().await.unwrap();
    assert_eq!(out.status(), Some(202), "@httpResponseCode");
    assert_eq!(secs(out.last_modified()), Some((JULY, 0)));
    // `createdBy` comes from the mixin; the output redeclares it with @jsonName("author").
    assert_eq!(out.created_by(), Some("ops"));
    assert_eq!(secs(out.created_at()), Some((JULY, 0)));
    assert_eq!((out.name(), out.kind()), (Some("w"), Some(&Kind::Small)));
    let plain = c.update_widget().widget_id("w1").send().await.unwrap();
    assert_eq!(plain.status(), Some(200));
    assert_eq!((plain.created_by(), plain.last_modified()), (None, None));
}

// ---------------------------------------------------------------------------------------------
// ListWidgets: query parameter maps, pagination, mixed-in summaries, optional members.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_widgets_merges_query_maps_and_pages_through_mixed_in_summaries() {
    let t = Scripted::new([
        ok_json(json!({
            "widgets": [{"widgetId": "a", "name": "A", "kind": 1, "createdBy": "ops", "createdAt": JULY_DATE_TIME}],
            "nextToken": "t 2", "count": 2
        })),
        ok_json(json!({"widgets": [{"widgetId": "b", "kind": 7}]})),
    ]);
    let items = client(&t)
        .list_widgets()
        .sort("name")
        .kind(Kind::Large)
        .filters("sort", "ignored")
        .filters("kind", "ignored too")
        .filters("color", "blue")
        .filters("a b", "c&d")
        .into_paginator()
        .page_size(1)
        .items()
        .send()
        .try_collect()
        .await
        .expect("two pages");
    let queries: Vec<String> = t.requests().iter().map(|r| r.query().to_owned()).collect();
    // The explicit `sort` and `kind` win over the map's; the map's other keys follow, sorted.
    assert_eq!(
        queries,
        [
            "maxResults=1&sort=name&kind=2&a%20b=c%26d&color=blue",
            "nextToken=t%202&maxResults=1&sort=name&kind=2&a%20b=c%26d&color=blue"
        ]
    );
    assert!(t.requests().iter().all(|r| r.route() == ("GET", "/widgets")));
    assert_eq!(items.len(), 2);
    assert_eq!((items[0].widget_id(), items[0].name(), items[0].kind()), (Some("a"), Some("A"), Some(&Kind::Small)));
    assert_eq!((items[0].created_by(), secs(items[0].created_at())), (Some("ops"), Some((JULY, 0))));
    assert_eq!((items[1].widget_id(), items[1].kind()), (Some("b"), Some(&Kind::Unknown(7))));
    assert_eq!((items[1].created_by(), items[1].created_at()), (None, None));
}

#[tokio::test]
async fn list_widgets_keeps_client_optional_added_default_and_null_default_members_optional() {
    let t = Scripted::new([
        ok_json(json!({"widgets": [], "maybe": null})),
        ok_json(json!({"widgets": [], "count": 0, "flavor": "spicy", "maybe": "so"})),
    ]);
    let c = client(&t);
    let absent = c.list_widgets().send().await.unwrap();
    assert_eq!(absent.count(), None, "@required @clientOptional stays an Option");
    assert_eq!(absent.flavor(), None, "@default with @addedDefault stays an Option");
    assert_eq!(absent.maybe(), None, "`default: null` is an Option");
    let present = c.list_widgets().send().await.unwrap();
    assert_eq!((present.count(), present.flavor(), present.maybe()), (Some(0), Some("spicy"), Some("so")));
    assert_eq!(t.requests()[0].query(), "");
}

// ---------------------------------------------------------------------------------------------
// ActivateWidget (deprecated): a blob payload in, a status and a text payload out.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
#[allow(deprecated)]
async fn activate_widget_sends_a_blob_payload_and_reads_the_status_and_a_text_payload() {
    let t = Scripted::new([reply(202, &[("content-type", "text/plain")], "activating…")]);
    let out = client(&t)
        .activate_widget()
        .widget_id("w1")
        .firmware(Blob::new(vec![0u8, 1, 2, 255]))
        .send()
        .await
        .expect("activated");
    assert_eq!(out.status(), Some(202));
    assert_eq!(out.log(), Some("activating…"));
    let request = t.only_request();
    assert_eq!(request.route(), ("POST", "/widgets/w1/activate"));
    assert_eq!(request.header("content-type"), Some("application/octet-stream"));
    assert_eq!(request.body.as_ref(), &[0u8, 1, 2, 255]);
}

// ---------------------------------------------------------------------------------------------
// PutPart: a structure payload and prefix headers in.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn put_part_sends_a_structure_payload_and_prefix_headers() {
    let t = Scripted::new([ok_json(json!({}))]);
    client(&t)
        .put_part()
        .widget_id("w1")
        .part_id("p 1")
        .part(PartData::builder().serial("s-1").weight(0.5).build())
        .meta("Owner", "ops")
        .meta("Zone", "b")
        .send()
        .await
        .expect("put");
    let request = t.only_request();
    assert_eq!(request.route(), ("PUT", "/widgets/w1/parts/p%201"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    let meta = request.headers_starting_with("x-meta-");
    assert_eq!(meta, [("x-meta-owner".to_owned(), "ops".to_owned()), ("x-meta-zone".to_owned(), "b".to_owned())]);
    // The payload is the structure itself, not wrapped in its member name.
    assert_eq!(request.json(), json!({"serial": "s-1", "weight": 0.5}));
}

// ---------------------------------------------------------------------------------------------
// PurgeWidgets and DeleteWidget.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn purge_widgets_sends_an_http_date_header() {
    let t = Scripted::new([ok_json(json!({"purged": 3}))]);
    let out = client(&t).purge_widgets().older_than(DateTime::from_secs(JULY)).send().await.unwrap();
    assert_eq!(out.purged(), Some(3));
    let request = t.only_request();
    assert_eq!(request.route(), ("POST", "/widgets/purge"));
    assert_eq!(request.header("x-older-than"), Some(JULY_HTTP_DATE));
}

#[tokio::test]
async fn an_output_member_with_http_query_is_read_from_the_body() {
    let t = Scripted::new([ok_json(json!({"purged": 1, "note": "from the body"}))]);
    let out = client(&t).purge_widgets().send().await.unwrap();
    assert_eq!((out.purged(), out.note()), (Some(1), Some("from the body")));
}

#[tokio::test]
async fn a_nested_member_with_http_header_is_in_the_json() {
    let square = Square::builder().side(1.0).tag("t").build();
    let t = Scripted::new([ok_json(json!({"widget": {"shape": {"square": {"side": 2, "tag": "back"}}}}))]);
    let out = client(&t).create_widget().data(WidgetData::builder().shape(Shape::Square(square)).build()).send().await;
    let read = out.unwrap().widget().and_then(|w| w.shape()).and_then(|s| s.as_square().ok()).cloned();
    assert_eq!(read, Some(Square::builder().side(2.0).tag("back").build()));
    let request = t.only_request();
    assert_eq!(request.json()["data"]["shape"], json!({"square": {"side": 1.0, "tag": "t"}}));
    assert_eq!(request.header("x-tag"), None);
}

#[tokio::test]
async fn delete_widget_accepts_a_204_without_a_body() {
    let t = Scripted::new([reply(204, &[], "")]);
    client(&t).delete_widget().widget_id("w1").send().await.expect("a 204 with no body");
    let request = t.only_request();
    assert_eq!(request.route(), ("DELETE", "/widgets/w1"));
    assert_eq!(request.text(), "");
}

// ---------------------------------------------------------------------------------------------
// SetMode: an enum @httpPayload is the body's text, both ways.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn set_mode_sends_an_enum_payload_as_its_text() {
    let t = Scripted::new([reply(200, &[("content-type", "text/plain")], "safe")]);
    let out = client(&t).set_mode().mode(Mode::Fast).send().await.unwrap();
    assert_eq!(out.mode(), Some(&Mode::Safe));
    let request = t.only_request();
    assert_eq!(request.route(), ("PUT", "/mode"));
    assert_eq!(request.header("content-type"), Some("text/plain"));
    assert_eq!(request.text(), "fast");
}

#[tokio::test]
async fn set_mode_reads_an_unknown_value_and_an_empty_body_is_no_mode() {
    let t = Scripted::new([reply(200, &[], "turbo"), reply(200, &[], "")]);
    let c = client(&t);
    let unknown = c.set_mode().send().await.unwrap();
    assert_eq!(unknown.mode().map(Mode::as_str), Some("turbo"));
    assert!(!Mode::values().contains(&"turbo"));
    assert_eq!(c.set_mode().send().await.unwrap().mode(), None);
    // Without a mode there is no body and no content type.
    let unset = &t.requests()[0];
    assert_eq!((unset.text(), unset.header("content-type")), ("", None));
}

// ---------------------------------------------------------------------------------------------
// PutConfig: a document @httpPayload is the whole JSON body, both ways.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn put_config_sends_and_reads_a_document_payload() {
    let t = Scripted::new([ok_json(json!({"level": 2, "tags": ["a"]})), reply(200, &[], "")]);
    let c = client(&t);
    let mut config = HashMap::new();
    config.insert("on".to_owned(), Document::from(true));
    let out = c.put_config().config(Document::from(config)).send().await.unwrap();
    let mut expected = HashMap::new();
    expected.insert("level".to_owned(), Document::from(2u64));
    expected.insert("tags".to_owned(), Document::from(vec![Document::from("a")]));
    assert_eq!(out.config(), Some(&Document::from(expected)));
    // An empty body is no document.
    assert_eq!(c.put_config().send().await.unwrap().config(), None);
    let sent = &t.requests()[0];
    assert_eq!(sent.route(), ("PUT", "/config"));
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert_eq!(sent.json(), json!({"on": true}));
}

// ---------------------------------------------------------------------------------------------
// Ping: an operation without input.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn ping_sends_a_request_without_a_body() {
    let t = Scripted::new([ok_json(json!({"status": "fine"}))]);
    let out = client(&t).ping().send().await.unwrap();
    assert_eq!(out.status(), Some("fine"));
    let request = t.only_request();
    assert_eq!((request.route(), request.query(), request.text()), (("GET", "/ping"), "", ""));
    assert_eq!(request.header("content-type"), None);
}

// ---------------------------------------------------------------------------------------------
// GetReading: labels of every scalar type; a required status code and prefix headers.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_reading_writes_labels_of_every_scalar_type() {
    let t = Scripted::new([reply(202, &[("x-meta-unit", "kelvin")], r#"{"value": 1.5}"#)]);
    let out = client(&t)
        .get_reading()
        .day(DateTime::from_secs(JULY))
        .hour(7)
        .exact(true)
        .mode(Mode::Fast)
        .ratio(0.5)
        .send()
        .await
        .unwrap();
    let request = t.only_request();
    assert_eq!(request.route(), ("GET", "/readings/2020-07-15T17%3A42%3A31Z/7/true/fast/0.5"));
    // Required in the model, so not an `Option`: the status and the prefix headers are always there.
    let (status, meta): (i32, &HashMap<String, String>) = (out.status(), out.meta());
    assert_eq!((status, out.value()), (202, Some(1.5)));
    assert_eq!(meta, &HashMap::from([("unit".to_owned(), "kelvin".to_owned())]));
}

#[tokio::test]
async fn get_reading_without_prefix_headers_reads_an_empty_map() {
    let t = Scripted::new([reply(200, &[], "")]);
    let c = client(&t);
    let out = c.get_reading().day(DateTime::from_secs(0)).hour(0).exact(false).mode(Mode::Safe).ratio(-1.0);
    let out = out.send().await.unwrap();
    assert_eq!((out.status(), out.meta().len(), out.value()), (200, 0, None));
    assert_eq!(t.only_request().route(), ("GET", "/readings/1970-01-01T00%3A00%3A00Z/0/false/safe/-1"));
}

// ---------------------------------------------------------------------------------------------
// Service errors reach every operation.
// ---------------------------------------------------------------------------------------------

/// The service error of a failed call, reduced to (is AccessDenied, is ServiceUnavailable, code,
/// message).
macro_rules! summary {
    ($call:expr) => {{
        let err = $call.await.expect_err("an error response").into_service_error();
        (
            err.is_access_denied(),
            err.is_service_unavailable(),
            err.code().map(str::to_owned),
            err.message().map(str::to_owned),
        )
    }};
}

/// Calls every operation once, each answered with an error.
#[allow(deprecated)] // ActivateWidget is deprecated.
async fn call_every_operation(c: &advanced::Client) -> Vec<(bool, bool, Option<String>, Option<String>)> {
    vec![
        summary!(c.create_widget().send()),
        summary!(c.get_widget().widget_id("w").send()),
        summary!(c.update_widget().widget_id("w").send()),
        summary!(c.delete_widget().widget_id("w").send()),
        summary!(c.list_widgets().send()),
        summary!(c.activate_widget().widget_id("w").send()),
        summary!(c.purge_widgets().send()),
        summary!(c.put_part().widget_id("w").part_id("p").send()),
    ]
}

#[tokio::test]
async fn access_denied_reaches_every_operation() {
    let t = Scripted::new((0..8).map(|_| {
        reply(403, &[("x-amzn-errortype", "AccessDenied:http://internal.amazon.com/coral/")], r#"{"message":"no"}"#)
    }));
    let results = call_every_operation(&client(&t)).await;
    let expected = (true, false, Some("AccessDenied".to_owned()), Some("no".to_owned()));
    assert_eq!(results, vec![expected; 8]);
    assert_eq!(t.unused(), 0);
}

#[tokio::test]
async fn service_unavailable_reaches_every_operation() {
    let t = Scripted::new(
        (0..8).map(|_| reply(503, &[], r#"{"__type":"example.advanced#ServiceUnavailable","message":"later"}"#)),
    );
    let results = call_every_operation(&client(&t)).await;
    let expected = (false, true, Some("ServiceUnavailable".to_owned()), Some("later".to_owned()));
    assert_eq!(results, vec![expected; 8]);
}

#[tokio::test]
async fn service_errors_convert_into_the_service_wide_error() {
    let t = Scripted::new([
        reply(403, &[("x-amzn-errortype", "AccessDenied")], r#"{"message":"no"}"#),
        reply(503, &[("x-amzn-errortype", "ServiceUnavailable")], r#"{"message":"try later"}"#),
    ]);
    let c = client(&t);
    let denied = advanced::Error::from(c.get_widget().widget_id("w").send().await.unwrap_err());
    assert!(matches!(denied, advanced::Error::AccessDenied(_)), "{denied:?}");
    let err = c.delete_widget().widget_id("gone").send().await.unwrap_err().into_service_error();
    assert!(err.is_service_unavailable(), "{err:?}");
    assert_eq!(err.to_string(), "ServiceUnavailable: try later");
}

// ---------------------------------------------------------------------------------------------
// RenderThumbnail: a blob payload with `@default("")`, a recursive union with a large member.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_blob_payload_with_a_default_is_the_whole_body_even_when_empty() {
    let t = Scripted::new([reply(200, &[("content-type", "image/png")], "\u{1}PNG"), reply(200, &[], "")]);
    let c = client(&t);
    let drawn = c.render_thumbnail().send().await.expect("an image");
    assert_eq!(drawn.image().as_ref(), b"\x01PNG");
    let empty = c.render_thumbnail().send().await.expect("an empty body");
    assert_eq!(empty.image().as_ref(), b"");
}

#[tokio::test]
async fn a_recursive_union_with_a_large_member_is_written_and_read_back() {
    use advanced::types::{Filter, FilterDetails};
    let t = Scripted::new([reply(200, &[], "")]);
    let details = FilterDetails::builder().color("red").grade("A").build();
    let filter = Filter::Not(Box::new(Filter::Details(details.clone())));
    client(&t).render_thumbnail().filter(filter.clone()).send().await.expect("rendered");
    assert_eq!(t.only_request().json(), json!({"filter": {"not": {"details": {"color": "red", "grade": "A"}}}}));
    let inner: &Filter = filter.as_not().expect("not");
    assert_eq!(inner.as_details(), Ok(&details));
    assert!(Filter::Name("w".into()).as_not().is_err());
}

#[tokio::test]
async fn a_streaming_payload_with_a_default_is_sent_whole_and_signed() {
    use advanced::primitives::ByteStream;
    let t = Scripted::new([reply(200, &[], r#"{"size": 11}"#), reply(200, &[], r#"{"size": 0}"#)]);
    let c = client(&t);
    // A body that arrives in chunks is read into memory, then sent and signed as one.
    let chunks: Vec<Result<Bytes, aws_client_runtime::transport::BoxError>> =
        vec![Ok(Bytes::from_static(b"\x89PNG")), Ok(Bytes::from_static(b" image"))];
    let stream = ByteStream::from_stream(chunked(chunks));
    let sent = c.upload_widget_image().name("gear").image(stream).send().await.expect("uploaded");
    assert_eq!(sent.size(), Some(11));
    let request = t.requests()[0].clone();
    assert_eq!(request.route(), ("PUT", "/widgets/gear/image"));
    assert_eq!(request.body.as_ref(), b"\x89PNG image");
    // The target's @mediaType names the body's type.
    assert_eq!(request.header("content-type"), Some("image/png"));
    assert!(request.header("authorization").is_some_and(|a| a.contains("Signature=")));

    // Unset, the stream is empty: no body and no content type.
    c.upload_widget_image().name("gear").send().await.expect("an empty upload");
    let request = t.requests()[1].clone();
    assert!(request.body.is_empty());
    assert_eq!(request.header("content-type"), None);
}

/// A stream of `chunks`, yielded one per poll.
fn chunked(
    chunks: Vec<Result<Bytes, aws_client_runtime::transport::BoxError>>,
) -> impl futures_core::Stream<Item = Result<Bytes, aws_client_runtime::transport::BoxError>> + Send + 'static {
    struct Chunks(VecDeque<Result<Bytes, aws_client_runtime::transport::BoxError>>);
    impl futures_core::Stream for Chunks {
        type Item = Result<Bytes, aws_client_runtime::transport::BoxError>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.pop_front())
        }
    }
    Chunks(chunks.into())
}
