//! What the generated protocol compliance tests (`smithy.test#httpRequestTests` and
//! `httpResponseTests`) need: a transport that captures the request, a response built from a
//! test case, and the comparisons the Smithy specification prescribes for each field.

use crate::json_value::Value;
use crate::transport::{BoxFuture, ConnectorError, HttpClient, HttpRequest, HttpResponse};
use crate::Document;
use std::fmt;
use std::sync::{Arc, Mutex};

/// A transport that keeps every request and answers each with a copy of one response.
#[derive(Clone)]
pub struct CaptureClient {
    response: Arc<HttpResponse>,
    requests: Arc<Mutex<Vec<HttpRequest>>>,
}

impl fmt::Debug for CaptureClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CaptureClient")
    }
}

impl CaptureClient {
    /// Answers every request with `response`.
    pub fn new(response: HttpResponse) -> Self {
        Self { response: Arc::new(response), requests: Arc::default() }
    }

    /// Answers every request with `200` and `{}`, for request tests.
    pub fn ok() -> Self {
        Self::new(response(200, &[], b"{}"))
    }

    /// The requests sent so far.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.requests.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The one request sent; an error when there was none.
    pub fn only_request(&self) -> Result<HttpRequest, String> {
        let requests = self.requests();
        match requests.len() {
            0 => Err("the client sent no request".into()),
            _ => Ok(requests.into_iter().next_back().expect("not empty")),
        }
    }
}

impl HttpClient for CaptureClient {
    fn send(&self, request: HttpRequest) -> BoxFuture<'static, Result<HttpResponse, ConnectorError>> {
        self.requests.lock().unwrap_or_else(|p| p.into_inner()).push(request);
        let mut builder = http::Response::builder().status(self.response.status());
        for (name, value) in self.response.headers() {
            builder = builder.header(name, value);
        }
        let response = builder.body(self.response.body().clone()).map_err(ConnectorError::other);
        Box::pin(async move { response })
    }
}

/// A response with `status`, `headers` and `body`.
pub fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> HttpResponse {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(bytes::Bytes::copy_from_slice(body)).expect("a test case's status and headers are valid")
}

/// A document from JSON text (the `params` of a test case).
pub fn document(json: &str) -> Document {
    Value::parse(json).expect("a test case's document is JSON").to_document()
}

/// What an `httpRequestTests` case expects of the request, as the case's JSON gives it.
#[derive(Debug, Default)]
pub struct ExpectedRequest<'a> {
    /// `method`.
    pub method: &'a str,
    /// `uri`: the path.
    pub uri: &'a str,
    /// `resolvedHost`, when the case has one.
    pub resolved_host: Option<&'a str>,
    /// `queryParams`: `key=value` pieces that must be in the query string, as encoded.
    pub query_params: &'a [&'a str],
    /// `forbidQueryParams`: keys that must not be in the query string.
    pub forbid_query_params: &'a [&'a str],
    /// `requireQueryParams`: keys that must be in the query string.
    pub require_query_params: &'a [&'a str],
    /// `headers`: names (any case) and exact values.
    pub headers: &'a [(&'a str, &'a str)],
    /// `forbidHeaders`.
    pub forbid_headers: &'a [&'a str],
    /// `requireHeaders`.
    pub require_headers: &'a [&'a str],
    /// `body`, when the case has one; `Some("")` means no body.
    pub body: Option<&'a str>,
    /// `bodyMediaType`.
    pub body_media_type: Option<&'a str>,
}

/// Every way `request` differs from `expected`, one line each; empty when it matches.
pub fn request_differences(request: &HttpRequest, expected: &ExpectedRequest<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    if request.method().as_str() != expected.method {
        problems.push(format!("method: sent {}, expected {}", request.method(), expected.method));
    }
    let path = request.uri().path();
    if path != expected.uri {
        problems.push(format!("uri: sent {path}, expected {}", expected.uri));
    }
    if let Some(host) = expected.resolved_host {
        let sent = request.uri().host().unwrap_or_default();
        if sent != host {
            problems.push(format!("host: sent {sent}, expected {host}"));
        }
    }
    let query: Vec<&str> = request.uri().query().map(|q| q.split('&').collect()).unwrap_or_default();
    let key = |piece: &str| piece.split_once('=').map_or(piece, |(k, _)| k).to_owned();
    for piece in expected.query_params {
        if !query.contains(piece) {
            problems.push(format!("query: `{piece}` was not sent (query: {:?})", request.uri().query()));
        }
    }
    for forbidden in expected.forbid_query_params {
        if query.iter().any(|p| key(p) == *forbidden) {
            problems.push(format!("query: `{forbidden}` must not be sent (query: {:?})", request.uri().query()));
        }
    }
    for required in expected.require_query_params {
        if !query.iter().any(|p| key(p) == *required) {
            problems.push(format!("query: `{required}` must be sent (query: {:?})", request.uri().query()));
        }
    }
    let headers = request.headers();
    for (name, value) in expected.headers {
        let sent: Vec<&str> = headers.get_all(*name).iter().filter_map(|v| v.to_str().ok()).collect();
        let sent = sent.join(", ");
        if headers.get(*name).is_none() {
            problems.push(format!("header {name}: not sent, expected `{value}`"));
        } else if sent != *value {
            problems.push(format!("header {name}: sent `{sent}`, expected `{value}`"));
        }
    }
    for name in expected.forbid_headers {
        if let Some(value) = headers.get(*name) {
            problems.push(format!("header {name}: must not be sent, but was `{value:?}`"));
        }
    }
    for name in expected.require_headers {
        if headers.get(*name).is_none() {
            problems.push(format!("header {name}: must be sent"));
        }
    }
    if let Some(body) = expected.body {
        problems.extend(body_difference(request.body(), body, expected.body_media_type));
    }
    problems
}

/// Panics with every difference when `request` does not match `expected`.
pub fn assert_request(request: &HttpRequest, expected: &ExpectedRequest<'_>) {
    let problems = request_differences(request, expected);
    if !problems.is_empty() {
        panic!(
            "the request differs from the test case:\n  {}\nsent body: {}",
            problems.join("\n  "),
            String::from_utf8_lossy(request.body())
        );
    }
}

/// How a sent body differs from the expected one: JSON compared as values (numbers by value),
/// anything else byte for byte; an empty expected body means no body.
pub fn body_difference(sent: &[u8], expected: &str, media_type: Option<&str>) -> Option<String> {
    if expected.is_empty() {
        return (!sent.is_empty()).then(|| format!("body: expected none, sent {}", String::from_utf8_lossy(sent)));
    }
    let is_json = media_type.is_some_and(|m| m == "application/json" || m.ends_with("+json"));
    if is_json {
        let expected_value = match Value::parse(expected) {
            Ok(v) => v,
            Err(e) => return Some(format!("body: the test case's JSON does not parse: {e}")),
        };
        let sent_value = match std::str::from_utf8(sent)
            .map_err(|e| e.to_string())
            .and_then(|s| Value::parse(s).map_err(|e| e.to_string()))
        {
            Ok(v) => v,
            Err(e) => return Some(format!("body: sent body is not JSON ({e}): {}", String::from_utf8_lossy(sent))),
        };
        return (!same_json(&sent_value, &expected_value))
            .then(|| format!("body: sent {sent_value}, expected {expected_value}"));
    }
    (sent != expected.as_bytes())
        .then(|| format!("body: sent {:?}, expected {:?}", String::from_utf8_lossy(sent), expected))
}

/// JSON values equal as values: numbers by numeric value, objects whatever their key order.
pub fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => x == y || (x.is_nan() && y.is_nan()),
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(uri: &str, headers: &[(&str, &str)], body: &str) -> HttpRequest {
        let mut builder = http::Request::builder().method("POST").uri(uri);
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        builder.body(bytes::Bytes::from(body.to_owned())).unwrap()
    }

    #[test]
    fn every_field_is_compared() {
        let sent = request("https://h.test/a/b?x=1&y=%20", &[("X-A", "1"), ("x-b", "2")], r#"{"n": 1.0, "s": "t"}"#);
        let ok = ExpectedRequest {
            method: "POST",
            uri: "/a/b",
            resolved_host: Some("h.test"),
            query_params: &["y=%20"],
            forbid_query_params: &["z"],
            require_query_params: &["x"],
            headers: &[("x-a", "1")],
            forbid_headers: &["x-c"],
            require_headers: &["X-B"],
            body: Some(r#"{"s":"t","n":1}"#),
            body_media_type: Some("application/json"),
        };
        assert_eq!(request_differences(&sent, &ok), Vec::<String>::new());
        let bad = ExpectedRequest {
            method: "GET",
            uri: "/a",
            resolved_host: Some("other.test"),
            query_params: &["y= "],
            forbid_query_params: &["x"],
            require_query_params: &["z"],
            headers: &[("x-a", "2")],
            forbid_headers: &["x-b"],
            require_headers: &["x-c"],
            body: Some(r#"{"n": 2}"#),
            body_media_type: Some("application/json"),
        };
        assert_eq!(request_differences(&sent, &bad).len(), 10, "{:#?}", request_differences(&sent, &bad));
    }

    #[test]
    fn empty_expected_body_means_no_body_and_other_media_types_are_bytes() {
        assert!(body_difference(b"", "", None).is_none());
        assert!(body_difference(b"{}", "", None).is_some());
        assert!(body_difference(b"<a/>", "<a/>", Some("application/xml")).is_none());
        assert!(body_difference(b"<a />", "<a/>", Some("application/xml")).is_some());
    }
}
