//! Shared helpers for the black-box tests of the generated `ivs` crate.
//!
//! - [`client`] builds an `ivs::Client` over any transport, pointed at [`ENDPOINT`].
//! - [`Recorder`] is a transport that records every request and answers from a script.
//! - [`InMemoryIvs`] is a whole IVS service in memory (see [`in_memory_ivs`]).
//! - [`call_operation`] calls any of the 18 operations with valid inputs and sums up the
//!   result as an [`Outcome`], so that a test can loop over [`OPERATIONS`].
#![deny(missing_docs)]

/// The README's examples, run as doc tests when every optional feature of `ivs` is on.
#[cfg(all(doctest, feature = "serde", feature = "test-util", feature = "blocking"))]
#[doc = include_str!("../../README.md")]
pub struct ReadmeExamples;

/// A crate's public API, from rustdoc's JSON, as lines to compare (`tests/tests/api_parity.rs`).
pub mod public_api;

pub use fake_ivs::service as in_memory_ivs;
pub use fake_ivs::InMemoryIvs;

use aws_client_runtime::transport::{BoxFuture, ConnectorError, HttpClient, HttpRequest, HttpResponse};
use bytes::Bytes;
use ivs::error::{ProvideErrorMetadata, SdkError};
use ivs::operation::RequestId;
use std::fmt;
use std::sync::{Arc, Mutex};

/// The endpoint every test client sends to.
pub const ENDPOINT: &str = "http://ivs.test";
/// The region every test client is configured with.
pub const REGION: &str = "us-west-2";
/// The account of the ARNs the tests use.
pub const ACCOUNT: &str = "123456789012";
/// A well-formed channel ARN.
pub const CHANNEL_ARN: &str = "arn:aws:ivs:us-west-2:123456789012:channel/abcdABCDefgh";
/// A second well-formed channel ARN.
pub const CHANNEL_ARN_2: &str = "arn:aws:ivs:us-west-2:123456789012:channel/ijklIJKLmnop";
/// A well-formed stream-key ARN.
pub const STREAM_KEY_ARN: &str = "arn:aws:ivs:us-west-2:123456789012:stream-key/g1H2I3J4k5L6";

/// The 18 operations of the IVS model, by their model names.
pub const OPERATIONS: [&str; 18] = [
    "BatchGetChannel",
    "BatchGetStreamKey",
    "CreateChannel",
    "CreateStreamKey",
    "DeleteChannel",
    "DeleteStreamKey",
    "GetChannel",
    "GetStream",
    "GetStreamKey",
    "ListChannels",
    "ListStreamKeys",
    "ListStreams",
    "ListTagsForResource",
    "PutMetadata",
    "StopStream",
    "TagResource",
    "UntagResource",
    "UpdateChannel",
];

/// The HTTP status an operation answers with on success: 204 for the three whose output is
/// `Unit`, 200 for the others.
pub fn success_status(operation: &str) -> u16 {
    match operation {
        "DeleteChannel" | "DeleteStreamKey" | "PutMetadata" => 204,
        _ => 200,
    }
}

/// The SigV4 test suite's credentials, which the local IVS server knows.
pub fn test_credentials() -> ivs::config::Credentials {
    ivs::config::Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, None, "ivs-tests")
}

/// A client for `http`, configured with [`ENDPOINT`] and [`REGION`].
pub fn client(http: impl HttpClient + 'static) -> ivs::Client {
    ivs::Client::from_conf(
        ivs::Config::builder()
            .endpoint_url(ENDPOINT)
            .region(ivs::config::Region::new(REGION))
            .credentials_provider(test_credentials())
            // Scripted transports answer once per script entry; retries are tested end to end.
            .retry_config(ivs::config::RetryConfig::disabled())
            .http_client(http)
            .build(),
    )
}

/// A fresh [`InMemoryIvs`] and a client that talks to it.
pub fn in_memory_client() -> (InMemoryIvs, ivs::Client) {
    let service = InMemoryIvs::new();
    let client = client(service.clone());
    (service, client)
}

/// A response with `status`, `headers` and `body`.
pub fn response(status: u16, headers: &[(&str, &str)], body: impl Into<Bytes>) -> HttpResponse {
    let mut response = http::Response::new(body.into());
    *response.status_mut() = http::StatusCode::from_u16(status).expect("valid status code");
    for (name, value) in headers {
        response.headers_mut().append(
            http::HeaderName::from_bytes(name.as_bytes()).expect("valid header name"),
            http::HeaderValue::from_str(value).expect("valid header value"),
        );
    }
    response
}

/// A request as a [`Recorder`] saw it.
#[derive(Clone, Debug)]
pub struct CapturedRequest {
    /// The HTTP method.
    pub method: http::Method,
    /// The absolute URI.
    pub uri: http::Uri,
    /// Every header.
    pub headers: http::HeaderMap,
    /// The body.
    pub body: Bytes,
}

impl CapturedRequest {
    /// The body as JSON, `None` when it is empty or not JSON.
    pub fn json_body(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The value of header `name` as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

type Answer = dyn Fn(&CapturedRequest, usize) -> HttpResponse + Send + Sync;

/// A transport that records every request and answers each from a function of the request
/// and its index (0 for the first request).
#[derive(Clone)]
pub struct Recorder {
    requests: Arc<Mutex<Vec<CapturedRequest>>>,
    answer: Arc<Answer>,
}

impl fmt::Debug for Recorder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Recorder").field("requests", &self.count()).finish()
    }
}

impl Recorder {
    /// A recorder answering with `answer(request, index)`.
    pub fn new(answer: impl Fn(&CapturedRequest, usize) -> HttpResponse + Send + Sync + 'static) -> Self {
        Self { requests: Arc::default(), answer: Arc::new(answer) }
    }

    /// A recorder answering every request with the same status, headers and body.
    pub fn always(status: u16, headers: &[(&str, &str)], body: impl Into<Bytes>) -> Self {
        let headers: Vec<(String, String)> = headers.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        let body: Bytes = body.into();
        Self::new(move |_, _| {
            let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            response(status, &headers, body.clone())
        })
    }

    /// A recorder answering the n-th request with the n-th JSON body (status 200); past the
    /// end of the script it answers 500 `TestScriptExhausted`.
    pub fn json_pages(bodies: Vec<serde_json::Value>) -> Self {
        Self::new(move |_, index| match bodies.get(index) {
            Some(body) => response(200, &[("content-type", "application/json")], body.to_string()),
            None => response(
                500,
                &[("x-amzn-ErrorType", "TestScriptExhausted")],
                "{\"exceptionMessage\":\"the test script has no more responses\"}",
            ),
        })
    }

    /// Every request so far, oldest first.
    pub fn requests(&self) -> Vec<CapturedRequest> {
        self.lock().clone()
    }

    /// The most recent request.
    pub fn last(&self) -> Option<CapturedRequest> {
        self.lock().last().cloned()
    }

    /// How many requests were sent.
    pub fn count(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<CapturedRequest>> {
        self.requests.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl HttpClient for Recorder {
    fn send(&self, request: HttpRequest) -> BoxFuture<'static, Result<HttpResponse, ConnectorError>> {
        let (parts, body) = request.into_parts();
        let captured = CapturedRequest { method: parts.method, uri: parts.uri, headers: parts.headers, body };
        let index = {
            let mut requests = self.lock();
            requests.push(captured.clone());
            requests.len() - 1
        };
        let response = (self.answer)(&captured, index);
        Box::pin(async move { Ok(response) })
    }
}

/// How a call ended, summed up so that results of different operations compare alike.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The call succeeded.
    Ok {
        /// The output's request id.
        request_id: Option<String>,
    },
    /// The service answered with an error.
    Service {
        /// The error code.
        code: Option<String>,
        /// The error message.
        message: Option<String>,
        /// The error's request id.
        request_id: Option<String>,
        /// How the operation error displays.
        display: String,
    },
    /// A response arrived but could not be read.
    Response {
        /// How the error displays.
        display: String,
    },
    /// The request could not be built; nothing was sent.
    Construction {
        /// How the error displays.
        display: String,
    },
    /// Any other failure (timeout, dispatch).
    Other {
        /// How the error displays.
        display: String,
    },
}

impl Outcome {
    /// Whether the call succeeded.
    pub fn is_ok(&self) -> bool {
        matches!(self, Outcome::Ok { .. })
    }

    /// The service error's code, if the service answered with an error.
    pub fn code(&self) -> Option<&str> {
        match self {
            Outcome::Service { code, .. } => code.as_deref(),
            _ => None,
        }
    }
}

/// Sums up the result of a call.
pub fn outcome<O, E>(result: Result<O, SdkError<E>>) -> Outcome
where
    O: RequestId,
    E: ProvideErrorMetadata + RequestId + fmt::Display,
{
    match result {
        Ok(output) => Outcome::Ok { request_id: output.request_id().map(str::to_owned) },
        Err(SdkError::ServiceError(e)) => {
            let e = e.err();
            Outcome::Service {
                code: e.code().map(str::to_owned),
                message: e.message().map(str::to_owned),
                request_id: e.request_id().map(str::to_owned),
                display: e.to_string(),
            }
        }
        Err(e @ SdkError::ResponseError(_)) => Outcome::Response { display: e.to_string() },
        Err(e @ SdkError::ConstructionFailure(_)) => Outcome::Construction { display: e.to_string() },
        Err(e) => Outcome::Other { display: e.to_string() },
    }
}

/// Calls `operation` (a name from [`OPERATIONS`]) with valid inputs naming [`CHANNEL_ARN`],
/// [`STREAM_KEY_ARN`] and the like, and sums up the result.
///
/// # Panics
/// When `operation` is not one of [`OPERATIONS`].
pub async fn call_operation(client: &ivs::Client, operation: &str) -> Outcome {
    use ivs::types::{ChannelLatencyMode, ChannelType};
    match operation {
        "BatchGetChannel" => outcome(client.batch_get_channel().arns(CHANNEL_ARN).arns(CHANNEL_ARN_2).send().await),
        "BatchGetStreamKey" => outcome(client.batch_get_stream_key().arns(STREAM_KEY_ARN).send().await),
        "CreateChannel" => outcome(
            client
                .create_channel()
                .name("probe")
                .latency_mode(ChannelLatencyMode::NormalLatency)
                .r#type(ChannelType::BasicChannelType)
                .tags("k", "v")
                .send()
                .await,
        ),
        "CreateStreamKey" => outcome(client.create_stream_key().channel_arn(CHANNEL_ARN).send().await),
        "DeleteChannel" => outcome(client.delete_channel().arn(CHANNEL_ARN).send().await),
        "DeleteStreamKey" => outcome(client.delete_stream_key().arn(STREAM_KEY_ARN).send().await),
        "GetChannel" => outcome(client.get_channel().arn(CHANNEL_ARN).send().await),
        "GetStream" => outcome(client.get_stream().channel_arn(CHANNEL_ARN).send().await),
        "GetStreamKey" => outcome(client.get_stream_key().arn(STREAM_KEY_ARN).send().await),
        "ListChannels" => outcome(client.list_channels().max_results(5).send().await),
        "ListStreamKeys" => outcome(client.list_stream_keys().channel_arn(CHANNEL_ARN).send().await),
        "ListStreams" => outcome(client.list_streams().send().await),
        "ListTagsForResource" => outcome(client.list_tags_for_resource().resource_arn(CHANNEL_ARN).send().await),
        "PutMetadata" => {
            outcome(client.put_metadata().channel_arn(CHANNEL_ARN).metadata("{\"score\":\"1-0\"}").send().await)
        }
        "StopStream" => outcome(client.stop_stream().channel_arn(CHANNEL_ARN).send().await),
        "TagResource" => outcome(client.tag_resource().resource_arn(CHANNEL_ARN).tags("env", "prod").send().await),
        "UntagResource" => outcome(client.untag_resource().resource_arn(CHANNEL_ARN).tag_keys("env").send().await),
        "UpdateChannel" => outcome(client.update_channel().arn(CHANNEL_ARN).name("renamed").send().await),
        other => panic!("{other} is not an IVS operation"),
    }
}

/// What a test does when the real component it needs (moto, `../shared/models`) is missing:
/// when `CI` is set it panics with `reason`, since CI must run every test for real; otherwise
/// it prints `SKIPPED: reason` where a passing run shows it (once per reason and test binary)
/// and returns, so that the test can return early and pass.
///
/// The line goes straight to the process's standard error: libtest captures what `println!`
/// and `eprintln!` print in a test that passes, and would hide it.
///
/// # Panics
/// When `CI` is set (to anything but an empty string).
pub fn skip_outside_ci(reason: &str) {
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        panic!("CI is set, so this test may not be skipped: {reason}");
    }
    // Once per reason and test binary: every moto test skips for the same one.
    static PRINTED: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let mut printed = PRINTED.lock().unwrap_or_else(|e| e.into_inner());
    if !printed.iter().any(|p| p == reason) {
        printed.push(reason.to_owned());
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "\nSKIPPED: {reason}\n");
    }
}

/// The current IVS model beside the repository (`../shared/models/ivs-2026-04.json`, the
/// 40-operation API), read; `None` after [`skip_outside_ci`] when it is missing.
pub fn shared_ivs_model() -> Option<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/models/ivs-2026-04.json");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => {
            skip_outside_ci(&format!(
                "{} cannot be read ({e}): ../shared/models is not beside the repository",
                path.display()
            ));
            None
        }
    }
}
