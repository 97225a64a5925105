//! What a generated crate's `test-util` feature builds on: answering calls with no network.
//!
//! A generated crate's `mock::Mock` holds a [`MockCore`]: the rules it answers with, the log of
//! the calls it answered, and the [`HttpClient`] its clients send through. The generated code
//! adds what is specific to each operation: the typed rule methods, and the writers that turn a
//! typed output or error into the HTTP response a restJson1 service would send.
//!
//! A call goes through the client as any other: its input is serialized into a request (a
//! missing required member fails there), the request is signed and sent through the
//! transport, and the response is read by the operation's deserializers. The one addition,
//! with this feature on, is that the client keeps the typed input with the request (a request
//! extension, see [`attach_input`]), so that the mock's transport can hand it to the rule as
//! the caller built it, without parsing the request back.

use crate::error::BuildError;
use crate::transport::{BoxFuture, ConnectorError, HttpClient, HttpRequest, HttpResponse, SharedHttpClient};
use std::any::Any;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

/// The typed input of a call, carried with its request: a request extension the client adds
/// (with the `test-util` feature) after serializing the input.
#[derive(Clone)]
pub struct CallInput {
    operation: &'static str,
    input: Arc<Mutex<Box<dyn Any + Send>>>,
}

impl CallInput {
    /// The operation's name in the model (`GetChannel`).
    pub fn operation(&self) -> &'static str {
        self.operation
    }
}

impl fmt::Debug for CallInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallInput").field("operation", &self.operation).finish_non_exhaustive()
    }
}

/// Keeps `input`, the typed input of operation `operation`, with `request`.
pub fn attach_input<I: Send + 'static>(request: &mut HttpRequest, operation: &'static str, input: I) {
    let input: Box<dyn Any + Send> = Box::new(input);
    request.extensions_mut().insert(CallInput { operation, input: Arc::new(Mutex::new(input)) });
}

/// Copies the typed input `from` carries (if any) to `to`: each attempt sends a copy of the
/// request.
pub fn copy_input(from: &HttpRequest, to: &mut HttpRequest) {
    if let Some(input) = from.extensions().get::<CallInput>() {
        to.extensions_mut().insert(input.clone());
    }
}

/// The log of the calls a mock answered: a struct with one list of inputs per operation,
/// generated for each crate.
pub trait MockCalls: Default + Clone + Send + 'static {
    /// Adds `input`, the input of a call of `operation`, to its operation's list.
    fn record(&mut self, operation: &str, input: &(dyn Any + Send));
    /// The name of the `Mock` method that adds a rule for `operation`: `get_channel`.
    fn rule_method(operation: &str) -> Option<&'static str>;
}

/// What a rule answers a request with: a response, or why it could not write one.
pub type Answer = Result<HttpResponse, BuildError>;

type Rule = Arc<dyn Fn(&(dyn Any + Send)) -> Answer + Send + Sync>;

/// The shared state of a generated `Mock`: rules, calls, requests. Clones share it.
pub struct MockCore<C> {
    shared: Arc<Shared<C>>,
}

struct Shared<C> {
    rules: Mutex<HashMap<&'static str, Rule>>,
    calls: Mutex<C>,
    requests: Mutex<Vec<HttpRequest>>,
}

impl<C> Clone for MockCore<C> {
    fn clone(&self) -> Self {
        Self { shared: self.shared.clone() }
    }
}

impl<C> fmt::Debug for MockCore<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rules: Vec<&str> = lock(&self.shared.rules).keys().copied().collect();
        rules.sort_unstable();
        f.debug_struct("Mock").field("rules", &rules).field("requests", &lock(&self.shared.requests).len()).finish()
    }
}

impl<C: MockCalls> Default for MockCore<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C: MockCalls> MockCore<C> {
    /// A mock with no rules: every call answers with an error naming the rule it lacks.
    pub fn new() -> Self {
        Self {
            shared: Arc::new(Shared {
                rules: Mutex::default(),
                calls: Mutex::new(C::default()),
                requests: Mutex::default(),
            }),
        }
    }

    /// Answers each call of `operation` (whose input is `I`) with `rule(input)`, replacing any
    /// rule it had.
    pub fn set_rule<I: 'static>(&self, operation: &'static str, rule: impl Fn(&I) -> Answer + Send + Sync + 'static) {
        let rule: Rule = Arc::new(move |input: &(dyn Any + Send)| match input.downcast_ref::<I>() {
            Some(input) => rule(input),
            None => Err(BuildError::other(format!("the mock received an input of another type for {operation}"))),
        });
        lock(&self.shared.rules).insert(operation, rule);
    }

    /// Answers each call of `operation` (whose input is `I`) with a copy of `answer`.
    pub fn set_answer<I: 'static>(&self, operation: &'static str, answer: Answer) {
        let answer = answer.map_err(|e| error_text(&e));
        self.set_rule(operation, move |_: &I| match &answer {
            Ok(response) => Ok(copy_response(response)),
            Err(e) => Err(BuildError::other(e.clone())),
        });
    }

    /// The inputs of every call answered so far (one per request: a call that is retried
    /// appears once per attempt).
    pub fn calls(&self) -> C {
        lock(&self.shared.calls).clone()
    }

    /// Every request answered so far, as the client sent it (signed), oldest first.
    pub fn requests(&self) -> Vec<HttpRequest> {
        lock(&self.shared.requests).iter().map(copy_request).collect()
    }

    /// The transport that answers with the rules.
    pub fn http_client(&self) -> SharedHttpClient {
        SharedHttpClient::new(MockHttpClient { core: self.clone() })
    }

    fn answer(&self, request: HttpRequest) -> Result<HttpResponse, ConnectorError> {
        let call = request.extensions().get::<CallInput>().cloned();
        lock(&self.shared.requests).push(copy_request(&request));
        let Some(call) = call else {
            return Err(ConnectorError::other(
                "the mock received a request that does not carry its typed input: \
                 send requests through a client made by `Mock::client()` or `Mock::config()`",
            ));
        };
        let input = lock(&call.input);
        lock(&self.shared.calls).record(call.operation, &**input);
        let rule = lock(&self.shared.rules).get(call.operation).cloned();
        let Some(rule) = rule else {
            return Err(ConnectorError::other(NoRule {
                operation: call.operation,
                method: C::rule_method(call.operation),
            }));
        };
        rule(&**input).map_err(|e| {
            ConnectorError::other(format!(
                "the mock's rule for {} answered with something it cannot send: {}",
                call.operation,
                error_text(&e)
            ))
        })
    }
}

/// The error of a call for which the mock has no rule: it names the operation, and the
/// method that adds a rule for it.
#[derive(Debug)]
pub struct NoRule {
    operation: &'static str,
    method: Option<&'static str>,
}

impl NoRule {
    /// The operation called (`GetChannel`).
    pub fn operation(&self) -> &'static str {
        self.operation
    }
}

impl fmt::Display for NoRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no mock rule for {}", self.operation)?;
        if let Some(method) = self.method {
            write!(f, ": add one with Mock::new().{method}(|input| ...)")?;
        }
        Ok(())
    }
}

impl std::error::Error for NoRule {}

/// The [`HttpClient`] of a mock: answers each request with the rule of its operation.
struct MockHttpClient<C> {
    core: MockCore<C>,
}

impl<C> fmt::Debug for MockHttpClient<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.core.fmt(f)
    }
}

impl<C: MockCalls> HttpClient for MockHttpClient<C> {
    fn send(&self, request: HttpRequest) -> BoxFuture<'static, Result<HttpResponse, ConnectorError>> {
        let answer = self.core.answer(request);
        Box::pin(std::future::ready(answer))
    }
}

/// The prefix of the page tokens a mock's `_pages` rule hands out: the token of page `n`
/// (counted from 0) is `mock-page-n`.
pub const PAGE_TOKEN_PREFIX: &str = "mock-page-";

/// Which of `count` pages a request asking with `token` gets: the first without a token, page
/// `n` for `mock-page-n`.
pub fn page_index(operation: &str, token: Option<&str>, count: usize) -> Result<usize, BuildError> {
    if count == 0 {
        return Err(BuildError::other(format!("the mock's pages of {operation} are empty: give at least one page")));
    }
    let index = match token {
        None => 0,
        Some(token) => token
            .strip_prefix(PAGE_TOKEN_PREFIX)
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| *n < count)
            .ok_or_else(|| {
                BuildError::other(format!(
                    "the mock's pages of {operation} were asked for with token {token:?}, which they did not hand out"
                ))
            })?,
    };
    Ok(index)
}

/// The token page `index` of `count` hands out: the next page's, none on the last page.
pub fn next_page_token(index: usize, count: usize) -> Option<String> {
    (index + 1 < count).then(|| format!("{PAGE_TOKEN_PREFIX}{}", index + 1))
}

/// The page a request asking with `token` gets, of `pages` (see [`page_index`]), and the token
/// it hands out (see [`next_page_token`]).
pub fn page<O: Clone>(operation: &str, pages: &[O], token: Option<&str>) -> Result<(O, Option<String>), BuildError> {
    let index = page_index(operation, token, pages.len())?;
    let page = pages.get(index).cloned().ok_or_else(|| BuildError::other("no such page"))?;
    Ok((page, next_page_token(index, pages.len())))
}

/// The HTTP status of a modeled error without `@httpError`: 400 for a client fault, 500 for a
/// server fault.
pub fn error_status(http_error: Option<u16>, server_fault: bool) -> u16 {
    http_error.unwrap_or(if server_fault { 500 } else { 400 })
}

/// The response of an error the model does not describe: its code in `x-amzn-errortype` (none
/// without one) and its message in the body, status 400.
pub fn unmodeled_error_response(meta: &crate::error::ErrorMetadata) -> Answer {
    let body = crate::json::write::to_body(|w| {
        let mut object = w.object();
        if let Some(message) = meta.message() {
            object.key("message").string(message);
        }
        Ok(())
    })?;
    let mut response = http::Response::builder().status(400).header("content-type", "application/json");
    if let Some(code) = meta.code() {
        response = response.header("x-amzn-errortype", crate::http_binding::header_value(code, "code")?);
    }
    response.body(body).map_err(BuildError::other)
}

fn copy_request(request: &HttpRequest) -> HttpRequest {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.version_mut() = request.version();
    *copy.headers_mut() = request.headers().clone();
    copy
}

fn copy_response(response: &HttpResponse) -> HttpResponse {
    let mut copy = http::Response::new(response.body().clone());
    *copy.status_mut() = response.status();
    *copy.version_mut() = response.version();
    *copy.headers_mut() = response.headers().clone();
    copy
}

/// `error` and its sources: a `BuildError` displays only its kind.
fn error_text(error: &BuildError) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}

/// Locks `mutex`, even if a rule panicked while it was held (a failed assertion in a test).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, Default)]
    struct Calls {
        echo: Vec<String>,
    }

    impl MockCalls for Calls {
        fn record(&mut self, operation: &str, input: &(dyn Any + Send)) {
            if let ("Echo", Some(input)) = (operation, input.downcast_ref::<String>()) {
                self.echo.push(input.clone());
            }
        }
        fn rule_method(operation: &str) -> Option<&'static str> {
            (operation == "Echo").then_some("echo")
        }
    }

    fn request(operation: &'static str, input: &str) -> HttpRequest {
        let mut request = http::Request::new(bytes::Bytes::new());
        attach_input(&mut request, operation, input.to_owned());
        request
    }

    #[test]
    fn rules_answer_and_calls_are_recorded() {
        let mock = MockCore::<Calls>::new();
        mock.set_rule("Echo", |input: &String| Ok(http::Response::new(bytes::Bytes::from(input.clone()))));
        let response = mock.answer(request("Echo", "one")).unwrap();
        assert_eq!(response.body(), "one");
        let mut copy = http::Request::new(bytes::Bytes::new());
        copy_input(&request("Echo", "two"), &mut copy);
        assert_eq!(mock.answer(copy).unwrap().body(), "two");
        assert_eq!(mock.calls().echo, ["one", "two"]);
        assert_eq!(mock.requests().len(), 2);
    }

    #[test]
    fn a_call_without_a_rule_names_the_operation_and_the_method() {
        let mock = MockCore::<Calls>::new();
        let err = mock.answer(request("Echo", "x")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "transport error: no mock rule for Echo: add one with Mock::new().echo(|input| ...)"
        );
        // Still recorded: the call was made.
        assert_eq!(mock.calls().echo, ["x"]);
        let err = mock.answer(http::Request::new(bytes::Bytes::new())).unwrap_err();
        assert!(err.to_string().contains("does not carry its typed input"), "{err}");
    }

    #[test]
    fn fixed_answers_are_copied_for_every_call() {
        let mock = MockCore::<Calls>::new();
        let answer =
            http::Response::builder().status(404).header("x-amzn-errortype", "Missing").body(bytes::Bytes::new());
        mock.set_answer::<String>("Echo", answer.map_err(BuildError::other));
        for _ in 0..2 {
            let response = mock.answer(request("Echo", "x")).unwrap();
            assert_eq!(response.status(), 404);
            assert_eq!(response.headers()["x-amzn-errortype"], "Missing");
        }
    }

    #[test]
    fn page_tokens_walk_the_pages_in_order() {
        assert_eq!(page_index("Op", None, 3).unwrap(), 0);
        assert_eq!(next_page_token(0, 3).as_deref(), Some("mock-page-1"));
        assert_eq!(page_index("Op", Some("mock-page-1"), 3).unwrap(), 1);
        assert_eq!(next_page_token(1, 3).as_deref(), Some("mock-page-2"));
        assert_eq!(page_index("Op", Some("mock-page-2"), 3).unwrap(), 2);
        assert_eq!(next_page_token(2, 3), None);
        for bad in ["mock-page-3", "other", "mock-page-x"] {
            let err = error_text(&page_index("Op", Some(bad), 3).unwrap_err());
            assert!(err.contains("did not hand out"), "{err}");
        }
        assert!(error_text(&page_index("Op", None, 0).unwrap_err()).contains("are empty"));
    }

    #[test]
    fn unmodeled_errors_carry_their_code_and_message() {
        let meta = crate::error::ErrorMetadata::builder().code("Teapot").message("short and stout").build();
        let response = unmodeled_error_response(&meta).unwrap();
        let read = crate::error::parse_error_metadata(&response);
        assert_eq!((read.code(), read.message()), (Some("Teapot"), Some("short and stout")));
    }
}
