//! Retries as the AWS SDKs define them: which failures are retried, how long to wait before the
//! next attempt (exponential backoff with full jitter, or the service's `x-amz-retry-after`),
//! and the standard mode's retry quota, a token bucket shared by all calls of a client that
//! stops retries when too many fail. The adaptive mode's client-side rate limiter is in
//! [`adaptive`].

pub mod adaptive;
pub mod classifiers;
pub mod partition;

use crate::transport::{ConnectorErrorKind, HttpResponse};
use std::sync::atomic::{AtomicU32, Ordering};
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
pub const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException"];

/// Error codes of a failure on the service's side, retried like a 500.
pub const SERVER_ERROR_CODES: &[&str] = &["InternalError"];

/// HTTP statuses AWS SDKs treat as a transient failure of the service.
pub const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// The response header in which a service says how long to wait before retrying, in
/// milliseconds. The AWS SDKs honour it on throttling and transient errors; they ignore the
/// standard `Retry-After` header, and so do we.
pub const RETRY_AFTER_HEADER: &str = "x-amz-retry-after";

/// Why an attempt may be retried (the SDKs' `ErrorKind`); it decides what a retry costs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryKind {
    /// The service asked us to slow down.
    Throttling,
    /// A timeout, or a connection that failed or broke: costs [`TIMEOUT_RETRY_COST`].
    Transient,
    /// The service failed (500, 502, 503, 504).
    ServerError,
}

/// Classifies an error response; `None` means retrying cannot help (a 4xx like validation).
pub fn classify_response(response: &HttpResponse, code: Option<&str>) -> Option<RetryKind> {
    let status = response.status().as_u16();
    let code_is = |codes: &[&str]| code.is_some_and(|c| codes.contains(&c));
    if status == 429 || code_is(THROTTLING_CODES) {
        Some(RetryKind::Throttling)
    } else if code_is(TRANSIENT_CODES) {
        Some(RetryKind::Transient)
    } else if TRANSIENT_STATUSES.contains(&status) || code_is(SERVER_ERROR_CODES) {
        Some(RetryKind::ServerError)
    } else {
        None
    }
}

/// Classifies a transport failure: broken connections and timeouts are transient; a TLS
/// failure, or anything the transport could not sort, is not retried.
pub fn classify_connector_error(kind: ConnectorErrorKind) -> Option<RetryKind> {
    match kind {
        ConnectorErrorKind::Io | ConnectorErrorKind::Timeout => Some(RetryKind::Transient),
        _ => None,
    }
}

/// The wait the service asked for in `x-amz-retry-after` (milliseconds), if any.
pub fn retry_after(response: &HttpResponse) -> Option<Duration> {
    let value = response.headers().get(RETRY_AFTER_HEADER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_millis)
}

/// The wait before attempt `next_attempt` (2 for the first retry): a uniformly random time
/// between zero and `min(max, initial * 2^(next_attempt - 2))` ("full jitter").
pub fn backoff(initial: Duration, max: Duration, next_attempt: u32, random_unit: f64) -> Duration {
    let exponent = next_attempt.saturating_sub(2).min(62);
    let ceiling = initial.as_secs_f64() * 2f64.powi(exponent as i32);
    let ceiling = ceiling.min(max.as_secs_f64());
    Duration::from_secs_f64((ceiling * random_unit.clamp(0.0, 1.0)).max(0.0))
}

/// What the retry quota holds when a client is made, and at most.
pub const RETRY_QUOTA_CAPACITY: u32 = 500;
/// What a retry takes from the quota.
pub const RETRY_COST: u32 = 5;
/// What a retry after a timeout or a broken connection takes from the quota.
pub const TIMEOUT_RETRY_COST: u32 = 10;
/// What a call that succeeds at its first attempt gives back to the quota.
pub const NO_RETRY_INCREMENT: u32 = 1;

/// Why a retryable failure was not retried, as the error says: the quota was empty.
pub const QUOTA_EMPTY: &str = "not retried: this client's retry quota is empty after too many failed attempts; \
     it refills as calls succeed";

/// The standard retry mode's retry quota: a token bucket of [`RETRY_QUOTA_CAPACITY`] tokens
/// shared by all calls of a client. A retry takes [`RETRY_COST`] (or [`TIMEOUT_RETRY_COST`]
/// after a timeout or a broken connection); when the bucket cannot pay, the call fails with its
/// last error instead of retrying. A call that succeeds gives back what its last retry took
/// (as the AWS SDKs do: the costs of earlier retries stay spent), or [`NO_RETRY_INCREMENT`]
/// when it needed no retry, up to the capacity. A call that fails keeps what it took.
#[derive(Debug)]
pub struct RetryQuota {
    available: AtomicU32,
    capacity: u32,
}

impl Default for RetryQuota {
    fn default() -> Self {
        Self::with_capacity(RETRY_QUOTA_CAPACITY)
    }
}

impl RetryQuota {
    /// A full quota.
    pub fn new() -> Self {
        Self::default()
    }

    /// A full quota of `capacity` tokens instead of [`RETRY_QUOTA_CAPACITY`].
    pub fn with_capacity(capacity: u32) -> Self {
        Self { available: AtomicU32::new(capacity), capacity }
    }

    /// The tokens left.
    pub fn available(&self) -> u32 {
        self.available.load(Ordering::SeqCst)
    }

    /// Takes what a retry of a `kind` failure costs; `None` (and nothing taken) when the quota
    /// cannot pay it.
    pub fn acquire(&self, kind: RetryKind) -> Option<u32> {
        let cost = match kind {
            RetryKind::Transient => TIMEOUT_RETRY_COST,
            RetryKind::Throttling | RetryKind::ServerError => RETRY_COST,
        };
        self.available.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| left.checked_sub(cost)).ok()?;
        Some(cost)
    }

    /// Gives back `tokens`, up to the capacity.
    pub fn release(&self, tokens: u32) {
        let _ = self.available.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| {
            Some(left.saturating_add(tokens).min(self.capacity))
        });
    }
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
            assert_eq!(classify_response(&response(status), None), Some(RetryKind::ServerError));
        }
        assert_eq!(classify_response(&response(408), Some("RequestTimeout")), Some(RetryKind::Transient));
        assert_eq!(classify_response(&response(500), Some("RequestTimeoutException")), Some(RetryKind::Transient));
        assert_eq!(classify_response(&response(400), Some("ValidationException")), None);
        assert_eq!(classify_response(&response(402), Some("ServiceQuotaExceededException")), None);
        assert_eq!(classify_response(&response(403), Some("AccessDeniedException")), None);
        assert_eq!(classify_connector_error(ConnectorErrorKind::Io), Some(RetryKind::Transient));
        assert_eq!(classify_connector_error(ConnectorErrorKind::Timeout), Some(RetryKind::Transient));
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

    #[test]
    fn x_amz_retry_after_is_read_in_milliseconds_and_retry_after_is_not() {
        let with = |name: &str, value: &str| {
            http::Response::builder().status(429).header(name, value).body(bytes::Bytes::new()).unwrap()
        };
        assert_eq!(retry_after(&with("x-amz-retry-after", "1500")), Some(Duration::from_millis(1500)));
        assert_eq!(retry_after(&with("x-amz-retry-after", "soon")), None);
        assert_eq!(retry_after(&with("retry-after", "7")), None);
    }

    #[test]
    fn the_quota_charges_retries_and_refills_up_to_its_capacity() {
        let quota = RetryQuota::new();
        assert_eq!(quota.acquire(RetryKind::ServerError), Some(RETRY_COST));
        assert_eq!(quota.acquire(RetryKind::Throttling), Some(RETRY_COST));
        assert_eq!(quota.acquire(RetryKind::Transient), Some(TIMEOUT_RETRY_COST));
        assert_eq!(quota.available(), 480);
        quota.release(TIMEOUT_RETRY_COST);
        assert_eq!(quota.available(), 490);
        quota.release(1000);
        assert_eq!(quota.available(), RETRY_QUOTA_CAPACITY, "never above the capacity");
        // 50 timeout retries empty it; then nothing more is taken.
        for _ in 0..50 {
            assert!(quota.acquire(RetryKind::Transient).is_some());
        }
        assert_eq!(quota.available(), 0);
        assert_eq!(quota.acquire(RetryKind::ServerError), None);
        quota.release(NO_RETRY_INCREMENT);
        assert_eq!(quota.acquire(RetryKind::ServerError), None, "1 token does not pay a retry");
        assert_eq!(quota.available(), 1);
    }
}
