//! Errors returned by generated clients.
//!
//! [`SdkError`] mirrors the official AWS SDK's type of the same name, but its `Display` always
//! says what went wrong: for a service error, the error code and message.

use crate::transport::{BoxError, ConnectorError, HttpResponse};
use std::error::Error;
use std::fmt;

pub use aws_smithy_types::error::display::DisplayErrorContext;
pub use aws_smithy_types::error::metadata::{ErrorMetadata, ProvideErrorMetadata};
pub use aws_smithy_types::error::operation::BuildError;
pub use aws_smithy_types::retry::{ErrorKind, ProvideErrorKind};

/// The key under which the request id is kept in [`ErrorMetadata`].
const REQUEST_ID_KEY: &str = "request_id";

/// The key under which the number of attempts is kept in [`ErrorMetadata`].
pub const ATTEMPTS_KEY: &str = "attempts";

/// The key under which [`ErrorMetadata`] says why a retryable error was not retried (the
/// retry quota was empty).
pub const NOT_RETRIED_KEY: &str = "not_retried";

/// The response header that carries the AWS request id.
pub const REQUEST_ID_HEADER: &str = "x-amzn-requestid";

/// Access to the AWS request id of an output or an error.
pub trait RequestId {
    /// The `x-amzn-RequestId` the service answered with, if any.
    fn request_id(&self) -> Option<&str>;
}

impl RequestId for ErrorMetadata {
    fn request_id(&self) -> Option<&str> {
        self.extra(REQUEST_ID_KEY)
    }
}

/// The request id of a response, from its `x-amzn-RequestId` header.
pub fn request_id_of(response: &HttpResponse) -> Option<String> {
    response.headers().get(REQUEST_ID_HEADER).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// Builds an operation error for a failure that no modeled error describes.
pub trait CreateUnhandledError {
    /// An `Unhandled` error wrapping `source`, with `meta` when the service sent any.
    fn create_unhandled_error(source: BoxError, meta: Option<ErrorMetadata>) -> Self;
}

/// An error that the model does not describe: an unknown error code, or a failure before the
/// service answered. Match it with a wildcard and inspect `code()` instead of naming it.
#[derive(Debug)]
pub struct Unhandled {
    source: BoxError,
    // Boxed, so that errors holding an `Unhandled` stay small.
    meta: Box<ErrorMetadata>,
}

impl Unhandled {
    /// Wraps `source` with the metadata the service sent, if any.
    pub fn new(source: BoxError, meta: Option<ErrorMetadata>) -> Self {
        Self { source, meta: Box::new(meta.unwrap_or_default()) }
    }
}

impl Unhandled {
    /// An error response whose code the model does not describe.
    pub fn unmodeled(meta: ErrorMetadata) -> Self {
        let source = format!(
            "the service answered with the error code {:?}, which this client does not model",
            meta.code().unwrap_or("")
        );
        Self { source: source.into(), meta: Box::new(meta) }
    }
}

impl ProvideErrorMetadata for Unhandled {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.meta.code() {
            Some(_) => write_code_and_message(f, &self.meta),
            None => write!(f, "unhandled error: {}", self.source),
        }
    }
}

impl Error for Unhandled {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// Writes `Code: message (request id: ..)`, the way every error of a generated crate displays.
pub fn write_code_and_message(f: &mut fmt::Formatter<'_>, meta: &ErrorMetadata) -> fmt::Result {
    f.write_str(meta.code().unwrap_or("Unknown"))?;
    if let Some(message) = meta.message() {
        write!(f, ": {message}")?;
    }
    let id = meta.request_id().map(|id| format!("request id: {id}"));
    let attempts = meta.extra(ATTEMPTS_KEY).map(|n| format!("after {n} attempts"));
    let notes: Vec<String> =
        [id, attempts, meta.extra(NOT_RETRIED_KEY).map(str::to_owned)].into_iter().flatten().collect();
    if notes.is_empty() {
        Ok(())
    } else {
        write!(f, " ({})", notes.join("; "))
    }
}

/// A response body or header that could not be read as the model says it should be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeserializeError {
    message: String,
}

impl DeserializeError {
    /// A deserialization failure described by `message`.
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into() }
    }

    /// The same failure, prefixed with where in the document it happened.
    pub fn at(self, location: &str) -> Self {
        Self { message: format!("{location}: {}", self.message) }
    }
}

impl fmt::Display for DeserializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Error for DeserializeError {}

/// The error of every operation of a generated client.
///
/// `E` is the operation's own error (`GetChannelError`), `R` the raw response type.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E, R = HttpResponse> {
    /// The request could not be built: a required member is missing, the configuration is
    /// incomplete, or an input value cannot be put on the wire.
    ConstructionFailure(ConstructionFailure),
    /// The request or its response timed out.
    TimeoutError(TimeoutError),
    /// The request could not be sent or its response not received.
    DispatchFailure(DispatchFailure),
    /// A response was received but could not be understood.
    ResponseError(ResponseError<R>),
    /// The service answered with an error.
    ServiceError(ServiceError<E, R>),
}

/// See [`SdkError::ConstructionFailure`].
#[derive(Debug)]
pub struct ConstructionFailure {
    source: BoxError,
}

/// See [`SdkError::TimeoutError`].
#[derive(Debug)]
pub struct TimeoutError {
    source: BoxError,
    attempts: u32,
    not_retried: Option<&'static str>,
}

/// See [`SdkError::DispatchFailure`].
#[derive(Debug)]
pub struct DispatchFailure {
    source: ConnectorError,
    attempts: u32,
    not_retried: Option<&'static str>,
}

impl DispatchFailure {
    /// The transport's error.
    pub fn as_connector_error(&self) -> &ConnectorError {
        &self.source
    }
}

/// See [`SdkError::ResponseError`].
pub struct ResponseError<R> {
    source: BoxError,
    raw: R,
    attempts: u32,
}

// `Debug` leaves out the raw response: its body may hold a `@sensitive` value.
impl<R> fmt::Debug for ResponseError<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseError")
            .field("source", &self.source)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

impl<E: fmt::Debug, R> fmt::Debug for ServiceError<E, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError")
            .field("source", &self.source)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

impl<R> ResponseError<R> {
    /// The response that could not be understood.
    pub fn raw(&self) -> &R {
        &self.raw
    }
}

/// See [`SdkError::ServiceError`].
pub struct ServiceError<E, R> {
    source: E,
    raw: R,
    attempts: u32,
}

impl<E, R> ServiceError<E, R> {
    /// The operation's error.
    pub fn err(&self) -> &E {
        &self.source
    }
    /// Takes the operation's error.
    pub fn into_err(self) -> E {
        self.source
    }
    /// The raw response.
    pub fn raw(&self) -> &R {
        &self.raw
    }
}

impl<E, R> SdkError<E, R> {
    /// A request that could not be built.
    pub fn construction_failure(source: impl Into<BoxError>) -> Self {
        Self::ConstructionFailure(ConstructionFailure { source: source.into() })
    }
    /// A timeout.
    pub fn timeout_error(source: impl Into<BoxError>) -> Self {
        Self::TimeoutError(TimeoutError { source: source.into(), attempts: 1, not_retried: None })
    }
    /// A transport failure.
    pub fn dispatch_failure(source: ConnectorError) -> Self {
        Self::DispatchFailure(DispatchFailure { source, attempts: 1, not_retried: None })
    }
    /// A response that could not be understood.
    pub fn response_error(source: impl Into<BoxError>, raw: R) -> Self {
        Self::ResponseError(ResponseError { source: source.into(), raw, attempts: 1 })
    }
    /// An error answered by the service.
    pub fn service_error(source: E, raw: R) -> Self {
        Self::ServiceError(ServiceError { source, raw, attempts: 1 })
    }

    /// The same error, made after `attempts` attempts.
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        match &mut self {
            Self::ConstructionFailure(_) => {}
            Self::TimeoutError(e) => e.attempts = attempts,
            Self::DispatchFailure(e) => e.attempts = attempts,
            Self::ResponseError(e) => e.attempts = attempts,
            Self::ServiceError(e) => e.attempts = attempts,
        }
        self
    }

    /// The same error, saying why it was not retried although it could have been (for a
    /// service error, the metadata carries it under [`NOT_RETRIED_KEY`] instead).
    pub fn with_not_retried(mut self, reason: &'static str) -> Self {
        match &mut self {
            Self::TimeoutError(e) => e.not_retried = Some(reason),
            Self::DispatchFailure(e) => e.not_retried = Some(reason),
            _ => {}
        }
        self
    }

    /// How many attempts were made (0 when the request could not be built).
    pub fn attempts(&self) -> u32 {
        match self {
            Self::ConstructionFailure(_) => 0,
            Self::TimeoutError(e) => e.attempts,
            Self::DispatchFailure(e) => e.attempts,
            Self::ResponseError(e) => e.attempts,
            Self::ServiceError(e) => e.attempts,
        }
    }

    /// The service's error, if the service answered with one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            Self::ServiceError(e) => Some(&e.source),
            _ => None,
        }
    }

    /// The raw response, when there is one.
    pub fn raw_response(&self) -> Option<&R> {
        match self {
            Self::ResponseError(e) => Some(&e.raw),
            Self::ServiceError(e) => Some(&e.raw),
            _ => None,
        }
    }

    /// Converts the service's error with `map`, keeping every other variant.
    pub fn map_service_error<E2>(self, map: impl FnOnce(E) -> E2) -> SdkError<E2, R> {
        self.map_service_error_with_raw(|source, _| map(source))
    }

    /// Converts the service's error with `map`, which also sees the raw response.
    pub(crate) fn map_service_error_with_raw<E2>(self, map: impl FnOnce(E, &R) -> E2) -> SdkError<E2, R> {
        match self {
            Self::ConstructionFailure(e) => SdkError::ConstructionFailure(e),
            Self::TimeoutError(e) => SdkError::TimeoutError(e),
            Self::DispatchFailure(e) => SdkError::DispatchFailure(e),
            Self::ResponseError(e) => SdkError::ResponseError(e),
            Self::ServiceError(e) => {
                SdkError::ServiceError(ServiceError { source: map(e.source, &e.raw), raw: e.raw, attempts: e.attempts })
            }
        }
    }
}

impl<E, R> SdkError<E, R>
where
    E: Error + Send + Sync + CreateUnhandledError + 'static,
    R: fmt::Debug + Send + Sync + 'static,
{
    /// The operation's error: the service's error, or any other failure as its `Unhandled`
    /// variant, so that one `match` covers everything.
    pub fn into_service_error(self) -> E {
        match self {
            Self::ServiceError(e) => e.source,
            other => E::create_unhandled_error(Box::new(other), None),
        }
    }
}

impl<E: ProvideErrorMetadata, R> ProvideErrorMetadata for SdkError<E, R> {
    fn meta(&self) -> &ErrorMetadata {
        match self {
            Self::ServiceError(e) => e.source.meta(),
            _ => &aws_smithy_types::error::metadata::EMPTY_ERROR_METADATA,
        }
    }
}

impl<E: fmt::Display, R> fmt::Display for SdkError<E, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ConstructionFailure(e) => write!(f, "failed to construct request: {}", e.source),
            Self::TimeoutError(e) => write!(f, "request timed out: {}{}", e.source, after(e.attempts, e.not_retried)),
            Self::DispatchFailure(e) => write!(f, "dispatch failure: {}{}", e.source, after(e.attempts, e.not_retried)),
            Self::ResponseError(e) => write!(f, "response could not be read: {}{}", e.source, after(e.attempts, None)),
            // The service error's own Display already says how many attempts were made.
            Self::ServiceError(e) => write!(f, "service error: {}", e.source),
        }
    }
}

fn after(attempts: u32, not_retried: Option<&str>) -> String {
    match (attempts > 1, not_retried) {
        (true, Some(reason)) => format!(" (after {attempts} attempts; {reason})"),
        (true, None) => format!(" (after {attempts} attempts)"),
        (false, Some(reason)) => format!(" ({reason})"),
        (false, None) => String::new(),
    }
}

impl<E, R> Error for SdkError<E, R>
where
    E: Error + 'static,
    R: fmt::Debug,
{
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            Self::ConstructionFailure(e) => Some(e.source.as_ref()),
            Self::TimeoutError(e) => Some(e.source.as_ref()),
            Self::DispatchFailure(e) => Some(&e.source),
            Self::ResponseError(e) => Some(e.source.as_ref()),
            Self::ServiceError(e) => Some(&e.source),
        }
    }
}

/// Reads the error code, message and request id of an error response (restJson1).
///
/// The code comes from the `X-Amzn-Errortype` header, else the body's `__type`, else its
/// `code`; it is cleaned of anything after a `:` and before a `#`. A body that is empty or not
/// JSON still yields the header's code, and falls back to the HTTP status otherwise.
pub fn parse_error_metadata(response: &HttpResponse) -> ErrorMetadata {
    let body = top_level_strings(
        response.body(),
        &["__type", "code", "message", "Message", "errorMessage", "exceptionMessage"],
    );
    let body_str = |key: &str| body.iter().rev().find(|(k, _)| k == key).and_then(|(_, v)| v.as_deref());
    let header_code = response.headers().get("x-amzn-errortype").and_then(|v| v.to_str().ok());
    let code = header_code
        .or_else(|| body_str("__type"))
        .or_else(|| body_str("code"))
        .map(sanitize_error_code)
        .filter(|code| !code.is_empty());
    let mut builder = ErrorMetadata::builder();
    builder = match code {
        Some(code) => builder.code(code),
        None => builder.code(format!("Http{}", response.status().as_u16())),
    };
    if let Some(message) = ["message", "Message", "errorMessage", "exceptionMessage"].into_iter().find_map(body_str) {
        builder = builder.message(message);
    }
    if let Some(request_id) = request_id_of(response) {
        builder = builder.custom(REQUEST_ID_KEY, request_id);
    }
    builder.build()
}

/// The members named in `keys` of a JSON object body, at its top level, each with its value
/// when that is a string, in body order; nothing if the body is not a JSON object.
fn top_level_strings(body: &[u8], keys: &[&str]) -> Vec<(String, Option<String>)> {
    use aws_smithy_json::deserialize::{json_token_iter, token::skip_value, Token};
    let read = || -> Option<Vec<(String, Option<String>)>> {
        let mut tokens = json_token_iter(body).peekable();
        let Token::StartObject { .. } = tokens.next()?.ok()? else { return None };
        let mut found = Vec::new();
        loop {
            match tokens.next()?.ok()? {
                Token::EndObject { .. } => break,
                Token::ObjectKey { key, .. } => {
                    let key = key.to_unescaped().ok()?;
                    if !keys.contains(&key.as_ref()) {
                        skip_value(&mut tokens).ok()?;
                    } else if let Some(Ok(Token::ValueString { value, .. })) = tokens.peek() {
                        let value = value.to_unescaped().ok()?.into_owned();
                        tokens.next();
                        found.push((key.into_owned(), Some(value)));
                    } else {
                        skip_value(&mut tokens).ok()?;
                        found.push((key.into_owned(), None));
                    }
                }
                _ => return None,
            }
        }
        tokens.next().is_none().then_some(found)
    };
    read().unwrap_or_default()
}

/// The metadata of a modeled error: `meta` (or none), with `code` when it has none, and the
/// modeled message member when there is one.
pub fn complete_metadata(meta: Option<ErrorMetadata>, code: &str, message: Option<&str>) -> ErrorMetadata {
    let meta = meta.unwrap_or_default();
    let meta = if meta.code().is_none() { meta.into_builder().code(code).build() } else { meta };
    with_message(meta, message)
}

/// Cleans an error code: `aws.ivs#ValidationException:http://...` becomes `ValidationException`.
pub fn sanitize_error_code(raw: &str) -> &str {
    let without_suffix = raw.split(':').next().unwrap_or(raw);
    let without_namespace = without_suffix.rsplit('#').next().unwrap_or(without_suffix);
    without_namespace.trim()
}

/// A copy of `meta` with its message replaced: the modeled message member wins over the
/// generic body keys.
pub fn with_message(meta: ErrorMetadata, message: Option<&str>) -> ErrorMetadata {
    match message {
        Some(message) => meta.into_builder().message(message).build(),
        None => meta,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        let mut builder = http::Response::builder().status(status);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(bytes::Bytes::from(body.to_owned())).unwrap()
    }

    #[test]
    fn error_code_is_cleaned() {
        assert_eq!(sanitize_error_code("ValidationException"), "ValidationException");
        assert_eq!(sanitize_error_code("com.amazonaws.ivs#ValidationException"), "ValidationException");
        assert_eq!(
            sanitize_error_code("aws.ivs#ResourceNotFoundException:http://internal.amazon.com/"),
            "ResourceNotFoundException"
        );
        assert_eq!(sanitize_error_code("Throttling:x#y"), "Throttling");
    }

    #[test]
    fn code_comes_from_header_then_type_then_code() {
        let by_header = response(
            404,
            &[("x-amzn-errortype", "ResourceNotFoundException:http://x"), ("x-amzn-requestid", "r-1")],
            r#"{"__type":"Other","message":"gone"}"#,
        );
        let meta = parse_error_metadata(&by_header);
        assert_eq!(meta.code(), Some("ResourceNotFoundException"));
        assert_eq!(meta.message(), Some("gone"));
        assert_eq!(meta.request_id(), Some("r-1"));

        let by_type = response(400, &[], r#"{"__type":"ns#ValidationException","code":"Nope"}"#);
        assert_eq!(parse_error_metadata(&by_type).code(), Some("ValidationException"));

        let by_code = response(409, &[], r#"{"code":"ConflictException","Message":"busy"}"#);
        let meta = parse_error_metadata(&by_code);
        assert_eq!(meta.code(), Some("ConflictException"));
        assert_eq!(meta.message(), Some("busy"));
    }

    #[test]
    fn empty_or_garbage_bodies_fall_back_to_header_or_status() {
        let empty = response(403, &[("x-amzn-errortype", "AccessDeniedException")], "");
        assert_eq!(parse_error_metadata(&empty).code(), Some("AccessDeniedException"));
        let html = response(502, &[], "<html>bad gateway</html>");
        assert_eq!(parse_error_metadata(&html).code(), Some("Http502"));
    }

    #[derive(Debug)]
    struct OpError(Unhandled);
    impl fmt::Display for OpError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0.fmt(f)
        }
    }
    impl Error for OpError {}
    impl CreateUnhandledError for OpError {
        fn create_unhandled_error(source: BoxError, meta: Option<ErrorMetadata>) -> Self {
            Self(Unhandled::new(source, meta))
        }
    }

    #[test]
    fn into_service_error_wraps_other_failures_as_unhandled() {
        let err: SdkError<OpError> = SdkError::construction_failure("no region");
        let op = err.into_service_error();
        assert!(op.to_string().contains("no region"), "{op}");
    }
}
