//! Standard retry mode, as the AWS SDKs define it: which failures are retried, and how long to
//! wait before the next attempt (exponential backoff with full jitter).

use crate::transport::{ConnectorErrorKind, HttpResponse};
use std::time::Duration;

/// Error codes AWS SDKs treat as throttling.
pub const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes AWS SDKs treat as transient.
pub const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException", "InternalError"];

/// HTTP statuses AWS SDKs treat as transient.
pub const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// Why an attempt may be retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryKind {
    /// The service asked us to slow down.
    Throttling,
    /// A failure that the same request may not meet again.
    Transient,
}

/// Classifies an error response; `None` means retrying cannot help (a 4xx like validation).
pub fn classify_response(response: &HttpResponse, code: Option<&str>) -> Option<RetryKind> {
    let status = response.status().as_u16();
    if status == 429 || code.is_some_and(|c| THROTTLING_CODES.contains(&c)) {
        Some(RetryKind::Throttling)
    } else if TRANSIENT_STATUSES.contains(&status) || code.is_some_and(|c| TRANSIENT_CODES.contains(&c)) {
        Some(RetryKind::Transient)
    } else {
        None
    }
}

/// Classifies a transport failure: broken connections and timeouts are transient.
pub fn classify_connector_error(kind: ConnectorErrorKind) -> Option<RetryKind> {
    match kind {
        ConnectorErrorKind::Io | ConnectorErrorKind::Timeout => Some(RetryKind::Transient),
        _ => None,
    }
}

/// The wait before attempt `next_attempt` (2 for the first retry): a uniformly random time
/// between zero and `min(max, initial * 2^(next_attempt - 2))` ("full jitter").
pub fn backoff(initial: Duration, max: Duration, next_attempt: u32, random_unit: f64) -> Duration {
    let exponent = next_attempt.saturating_sub(2).min(62);
    let ceiling = initial.as_secs_f64() * 2f64.powi(exponent as i32);
    let ceiling = ceiling.min(max.as_secs_f64());
    Duration::from_secs_f64((ceiling * random_unit.clamp(0.0, 1.0)).max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16) -> HttpResponse {
        http::Response::builder().status(status).body(bytes::Bytes::new()).unwrap()
    }

    #[test]
    fn throttling_and_transient_failures_are_retried_but_client_errors_are_not() {
        assert_eq!(classify_response(&response(429), None), Some(RetryKind::Throttling));
        assert_eq!(classify_response(&response(400), Some("ThrottlingException")), Some(RetryKind::Throttling));
        for status in [500, 502, 503, 504] {
            assert_eq!(classify_response(&response(status), None), Some(RetryKind::Transient));
        }
        assert_eq!(classify_response(&response(400), Some("ValidationException")), None);
        assert_eq!(classify_response(&response(402), Some("ServiceQuotaExceededException")), None);
        assert_eq!(classify_response(&response(403), Some("AccessDeniedException")), None);
        assert_eq!(classify_connector_error(ConnectorErrorKind::Io), Some(RetryKind::Transient));
        assert_eq!(classify_connector_error(ConnectorErrorKind::Other), None);
        assert_eq!(classify_connector_error(ConnectorErrorKind::Tls), None, "a TLS failure is never retried");
    }

    #[test]
    fn backoff_grows_exponentially_up_to_the_cap_with_full_jitter() {
        let (initial, max) = (Duration::from_secs(1), Duration::from_secs(20));
        assert_eq!(backoff(initial, max, 2, 1.0), Duration::from_secs(1));
        assert_eq!(backoff(initial, max, 3, 1.0), Duration::from_secs(2));
        assert_eq!(backoff(initial, max, 4, 1.0), Duration::from_secs(4));
        assert_eq!(backoff(initial, max, 10, 1.0), Duration::from_secs(20));
        assert_eq!(backoff(initial, max, 4, 0.5), Duration::from_secs(2));
        assert_eq!(backoff(initial, max, 4, 0.0), Duration::ZERO);
        assert_eq!(backoff(initial, max, u32::MAX, 1.0), Duration::from_secs(20));
    }
}
