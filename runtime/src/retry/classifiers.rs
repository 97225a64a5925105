//! Retry classifiers of your own, the official SDK's [`ClassifyRetry`]: each failed attempt is
//! shown to them, in the order they were added, before the built-in rules; the first that
//! indicates a retry, or forbids one, decides, and when none does the built-in rules do.
//!
//! A classifier sees the attempt as the official SDK shows it, in an [`InterceptorContext`]:
//! the HTTP response, if one came, and the error: the operation's own error type for an error
//! answer (`error.as_operation_error()` downcasts to `GetChannelError`), a connector error
//! otherwise.

use super::RetryKind;
use crate::error::ErrorMetadata;
use crate::transport::HttpResponse;
use aws_smithy_runtime_api::client::interceptors::context::{Error as ContextError, Input};
use aws_smithy_runtime_api::client::orchestrator::OrchestratorError;
use aws_smithy_types::retry::ErrorKind;
use std::time::Duration;

pub use aws_smithy_runtime_api::client::interceptors::context::InterceptorContext;
pub use aws_smithy_runtime_api::client::retries::classifiers::{
    ClassifyRetry, RetryAction, RetryClassifierPriority, RetryReason, SharedRetryClassifier,
};
pub use aws_smithy_runtime_api::client::retries::ShouldAttempt;

/// Reads an error answer as the operation's error, type-erased as the official SDK's
/// interceptor context holds it.
pub type EraseError = fn(&HttpResponse, ErrorMetadata) -> ContextError;

/// A failed attempt, as the classifiers are shown it.
pub(crate) enum Attempt<'a> {
    /// The service answered with an error.
    Answer { response: &'a HttpResponse, meta: &'a ErrorMetadata, erase_error: EraseError },
    /// The transport failed.
    Connector(&'a crate::transport::ConnectorError),
}

/// What the classifiers decided: `None` when none indicated anything; `Some((None, _))` when a
/// classifier forbade a retry; otherwise why to retry, and after how long if it said.
pub(crate) fn classify(
    classifiers: &[SharedRetryClassifier],
    attempt: Attempt<'_>,
) -> Option<(Option<RetryKind>, Option<Duration>)> {
    if classifiers.is_empty() {
        return None;
    }
    let mut context = InterceptorContext::new(Input::erase(()));
    match attempt {
        Attempt::Answer { response, meta, erase_error } => {
            if let Ok(official) = crate::interceptors::to_smithy_response(response, response.body().clone().into()) {
                context.set_response(official);
            }
            let error = erase_error(response, meta.clone());
            context.set_output_or_error(Err(OrchestratorError::operation(error)));
        }
        Attempt::Connector(error) => {
            let official = match error.kind() {
                crate::transport::ConnectorErrorKind::Timeout => {
                    aws_smithy_runtime_api::client::result::ConnectorError::timeout(error.to_string().into())
                }
                crate::transport::ConnectorErrorKind::Io => {
                    aws_smithy_runtime_api::client::result::ConnectorError::io(error.to_string().into())
                }
                _ => aws_smithy_runtime_api::client::result::ConnectorError::other(error.to_string().into(), None),
            };
            context.set_output_or_error(Err(OrchestratorError::connector(official)));
        }
    }
    classifiers.iter().find_map(|classifier| match classifier.classify_retry(&context) {
        RetryAction::NoActionIndicated => None,
        RetryAction::RetryForbidden => Some((None, None)),
        RetryAction::RetryIndicated(RetryReason::RetryableError { kind, retry_after }) => {
            let kind = match kind {
                ErrorKind::ThrottlingError => RetryKind::Throttling,
                ErrorKind::TransientError => RetryKind::Transient,
                _ => RetryKind::ServerError,
            };
            Some((Some(kind), retry_after))
        }
        // A reason added to the official enum after this client was written: a retry.
        RetryAction::RetryIndicated(_) => Some((Some(RetryKind::ServerError), None)),
        _ => None,
    })
}
