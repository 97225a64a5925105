//! The retry rules, timed on tokio's paused clock (`start_paused`): every wait the client makes
//! is a real `tokio::time::sleep`, which the paused clock skips, so the tests take no time and
//! the instants they record are exact. Requests go through the transport seam to a scripted
//! answerer that notes when each attempt started.

mod support;

use aws_client_runtime::client::ClientHandle;
use aws_client_runtime::config::{RetryConfig, TimeoutConfig};
use aws_client_runtime::error::SdkError;
use aws_client_runtime::retry::{RETRY_QUOTA_CAPACITY, TIMEOUT_RETRY_COST};
use aws_client_runtime::transport::{BoxFuture, ConnectorError, HttpClient, HttpRequest, HttpResponse};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::{config, post, SERVICE};
use tokio::time::Instant;

type Answer = Result<HttpResponse, ConnectorError>;

/// A transport that answers the n-th attempt (counted from 0) with `answer(n)` and records the
/// instant each attempt started.
#[derive(Clone)]
struct Scripted {
    starts: Arc<Mutex<Vec<Instant>>>,
    answer: Arc<dyn Fn(usize) -> Answer + Send + Sync>,
}

impl std::fmt::Debug for Scripted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Scripted")
    }
}

impl Scripted {
    fn new(answer: impl Fn(usize) -> Answer + Send + Sync + 'static) -> Self {
        Self { starts: Arc::default(), answer: Arc::new(answer) }
    }

    /// The attempts made so far.
    fn attempts(&self) -> usize {
        self.starts.lock().unwrap().len()
    }

    /// The instants the attempts started, from `from` on.
    fn starts_from(&self, from: usize) -> Vec<Instant> {
        self.starts.lock().unwrap()[from..].to_vec()
    }
}

impl HttpClient for Scripted {
    fn send(&self, _: HttpRequest) -> BoxFuture<'static, Answer> {
        let n = {
            let mut starts = self.starts.lock().unwrap();
            starts.push(Instant::now());
            starts.len() - 1
        };
        let answer = (self.answer)(n);
        Box::pin(async move { answer })
    }
}

fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut response = http::Response::builder().status(status);
    for (name, value) in headers {
        response = response.header(*name, *value);
    }
    Ok(response.body(bytes::Bytes::from(body.to_owned())).unwrap())
}

fn ok() -> Answer {
    answer(200, &[], "{}")
}

fn internal_error() -> Answer {
    answer(500, &[], r#"{"__type":"InternalServerException","message":"storm"}"#)
}

fn throttled(headers: &[(&str, &str)]) -> Answer {
    answer(429, headers, r#"{"__type":"ThrottlingException","message":"slow down"}"#)
}

fn timeout() -> Answer {
    Err(ConnectorError::timeout("the attempt did not complete within 1s"))
}

/// A client of `transport` with `retry` and no timeouts.
fn client(transport: &Scripted, retry: RetryConfig) -> ClientHandle {
    let config = config("https://example.com", retry, TimeoutConfig::disabled()).http_client(transport.clone()).build();
    ClientHandle::new(config, &SERVICE)
}

/// The waits between consecutive attempts.
fn gaps(starts: &[Instant]) -> Vec<Duration> {
    starts.windows(2).map(|w| w[1] - w[0]).collect()
}

// ---------------------------------------------------------------------------------------------
// The retry quota.
// ---------------------------------------------------------------------------------------------

#[tokio::test(start_paused = true)]
async fn a_500_storm_drains_the_quota_and_later_calls_fail_after_one_attempt() {
    let healthy = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let service = healthy.clone();
    let transport =
        Scripted::new(move |_| if service.load(std::sync::atomic::Ordering::SeqCst) { ok() } else { internal_error() });
    let client = client(&transport, RetryConfig::standard());

    // Each failing call makes 3 attempts, and its 2 retries take 5 tokens each: 50 calls
    // empty the 500 tokens.
    for call in 0..50 {
        let err = post(&client).await.expect_err("the storm goes on");
        assert_eq!(err.attempts(), 3, "call {call}: {err}");
        assert_eq!(client.retry_quota().available(), RETRY_QUOTA_CAPACITY - 10 * (call + 1));
    }
    assert_eq!(transport.attempts(), 150);

    // Now a call fails after its first attempt, and says why.
    let err = post(&client).await.expect_err("no quota left");
    assert_eq!(err.attempts(), 1);
    assert_eq!(transport.attempts(), 151);
    let shown = err.to_string();
    assert!(
        shown.starts_with(
            "service error: InternalServerException: storm (not retried: this client's retry quota is empty"
        ),
        "{shown}"
    );
    assert!(matches!(err, SdkError::ServiceError(_)), "the last answer is the error: {err:?}");

    // Calls that succeed at once give back a token each: after five, one retry is paid for.
    healthy.store(true, std::sync::atomic::Ordering::SeqCst);
    for _ in 0..5 {
        post(&client).await.expect("the service is back");
    }
    assert_eq!(client.retry_quota().available(), 5);
    healthy.store(false, std::sync::atomic::Ordering::SeqCst);
    let err = post(&client).await.expect_err("a new storm");
    assert_eq!(err.attempts(), 2, "{err}");
    assert!(err.to_string().ends_with("(after 2 attempts; not retried: this client's retry quota is empty after too many failed attempts; it refills as calls succeed)"), "{err}");

    // The quota belongs to the client: another client retries as usual.
    let other = client_with_full_quota(&transport);
    assert_eq!(post(&other).await.expect_err("still failing").attempts(), 3);
}

fn client_with_full_quota(transport: &Scripted) -> ClientHandle {
    client(transport, RetryConfig::standard())
}

#[tokio::test(start_paused = true)]
async fn timeouts_cost_ten_and_a_success_gives_back_what_its_last_retry_took() {
    // Per call, the answers of its attempts in order.
    let script: Vec<Vec<fn() -> Answer>> = vec![
        vec![timeout, ok],
        vec![timeout, timeout, ok],
        vec![internal_error, ok],
        vec![ok],
        vec![timeout, timeout, timeout],
    ];
    let answers: Vec<fn() -> Answer> = script.into_iter().flatten().collect();
    let transport = Scripted::new(move |n| answers.get(n).map_or_else(ok, |answer| answer()));
    let client = client(&transport, RetryConfig::standard());
    let quota = || client.retry_quota().available();

    post(&client).await.expect("the retry succeeds");
    assert_eq!(quota(), RETRY_QUOTA_CAPACITY, "took 10, gave back 10");
    post(&client).await.expect("the second retry succeeds");
    assert_eq!(quota(), RETRY_QUOTA_CAPACITY - TIMEOUT_RETRY_COST, "took 20, gave back the last retry's 10");
    post(&client).await.expect("the retry succeeds");
    assert_eq!(quota(), 490, "took 5, gave back 5");
    post(&client).await.expect("at once");
    assert_eq!(quota(), 491, "a call without retries gives back 1");
    let err = post(&client).await.expect_err("timed out 3 times");
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    assert_eq!(quota(), 471, "a failed call keeps what it took");
}

// ---------------------------------------------------------------------------------------------
// The adaptive mode.
// ---------------------------------------------------------------------------------------------

/// Twenty calls in a row, the eleventh throttled; returns when each call started.
async fn twenty_calls_with_one_throttle(retry: RetryConfig) -> (Vec<Duration>, ClientHandle) {
    let transport = Scripted::new(|n| if n == 10 { throttled(&[]) } else { ok() });
    let client = client(&transport, retry);
    let start = Instant::now();
    for call in 0..20 {
        let result = post(&client).await;
        assert_eq!(result.is_err(), call == 10, "call {call}");
    }
    (transport.starts_from(0).iter().map(|s| *s - start).collect(), client)
}

#[tokio::test(start_paused = true)]
async fn the_adaptive_mode_limits_the_sending_rate_after_a_throttle() {
    let (standard, _) = twenty_calls_with_one_throttle(RetryConfig::standard().with_max_attempts(1)).await;
    assert!(standard.iter().all(Duration::is_zero), "the standard mode never waits: {standard:?}");

    let (adaptive, client) = twenty_calls_with_one_throttle(RetryConfig::adaptive().with_max_attempts(1)).await;
    // Until the service throttles, the limiter is off.
    assert!(adaptive[..11].iter().all(Duration::is_zero), "{adaptive:?}");
    assert!(client.rate_limiter().is_enabled());
    // Then the client sends at the limiter's rate: nothing was measured yet, so the floor of
    // 0.5 requests per second, a request every 2 s, rising as requests succeed.
    assert_eq!(adaptive[11], Duration::from_secs(2), "{adaptive:?}");
    let later: Vec<Duration> = adaptive[11..].windows(2).map(|w| w[1] - w[0]).collect();
    assert!(later.iter().all(|gap| *gap > Duration::ZERO), "every later call waits: {later:?}");
    assert!(later.last() < later.first(), "the rate grows back: {later:?}");
}

#[tokio::test(start_paused = true)]
async fn an_adaptive_retry_after_a_throttle_waits_for_the_rate_limiter() {
    let transport = Scripted::new(|n| if n == 0 { throttled(&[]) } else { ok() });
    let client = client(&transport, RetryConfig::adaptive());
    post(&client).await.expect("the retry succeeds");
    // A retry takes 5 tokens from a bucket that refills at 0.5 per second: 10 s.
    assert_eq!(gaps(&transport.starts_from(0)), vec![Duration::from_secs(10)]);
    assert_eq!(client.retry_quota().available(), RETRY_QUOTA_CAPACITY);
}

// ---------------------------------------------------------------------------------------------
// Backoff, x-amz-retry-after and the operation timeout.
// ---------------------------------------------------------------------------------------------

/// The wait before attempt `n` (2 for the first retry) may be up to `min(max, initial * 2^(n-2))`:
/// the issue's `[0, min(max_backoff, initial * 2^N)]` with N counting retries from 0.
fn ceiling(initial: Duration, max: Duration, n: usize) -> Duration {
    (initial * 2u32.pow(n as u32 - 2)).min(max)
}

#[tokio::test(start_paused = true)]
async fn attempt_n_starts_after_a_full_jitter_delay_within_its_exponential_ceiling() {
    // The client draws its jitter from fastrand's thread-local generator; the paused-clock
    // runtime runs on this thread, so seeding it makes the draws the same on every run.
    fastrand::seed(0x5eed);
    let (initial, max) = (Duration::from_secs(1), Duration::from_secs(6));
    let retry = RetryConfig::standard().with_max_attempts(6).with_initial_backoff(initial).with_max_backoff(max);
    // Waits before attempts 2..=6, over 40 calls that fail every attempt.
    let mut waits: Vec<Vec<Duration>> = vec![Vec::new(); 5];
    for _ in 0..40 {
        let transport = Scripted::new(|_| internal_error());
        let client = client(&transport, retry.clone());
        let start = Instant::now();
        let err = post(&client).await.expect_err("fails every attempt");
        assert_eq!(err.attempts(), 6);
        let starts = transport.starts_from(0);
        assert_eq!(starts[0], start, "the first attempt does not wait");
        for (i, gap) in gaps(&starts).into_iter().enumerate() {
            waits[i].push(gap);
        }
        assert_eq!(
            Instant::now() - start,
            waits.iter().map(|w| w[w.len() - 1]).sum::<Duration>(),
            "the waits are all the time taken"
        );
    }
    for (i, waits) in waits.iter().enumerate() {
        let n = i + 2;
        let ceiling = ceiling(initial, max, n);
        assert!(waits.iter().all(|w| *w <= ceiling), "attempt {n}: {waits:?} within [0, {ceiling:?}]");
        // Full jitter: spread over the whole range, not pinned to the ceiling or to zero.
        let (least, most) = (waits.iter().min().unwrap(), waits.iter().max().unwrap());
        assert!(*least < ceiling / 4 && *most > ceiling * 3 / 4, "attempt {n}: {least:?}..{most:?} of {ceiling:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn x_amz_retry_after_is_honoured_on_throttling_and_capped_and_retry_after_is_ignored() {
    let wait_before_retry = |first: fn() -> Answer| async move {
        let transport = Scripted::new(move |n| if n == 0 { first() } else { ok() });
        let client = client(&transport, RetryConfig::standard());
        post(&client).await.expect("the retry succeeds");
        gaps(&transport.starts_from(0))[0]
    };
    // The service's wait, in milliseconds, to the millisecond.
    assert_eq!(wait_before_retry(|| throttled(&[("x-amz-retry-after", "1500")])).await, Duration::from_millis(1500));
    // Capped at the maximum backoff (20 s by default).
    assert_eq!(wait_before_retry(|| throttled(&[("x-amz-retry-after", "60000")])).await, Duration::from_secs(20));
    // The standard header is not read by the SDKs: the usual backoff (at most 1 s) applies.
    let standard_header = wait_before_retry(|| throttled(&[("retry-after", "7")])).await;
    assert!(standard_header <= Duration::from_secs(1), "{standard_header:?}");
    // Nor is x-amz-retry-after on a plain 500, which is not a throttling or transient error code.
    let on_500 =
        wait_before_retry(|| answer(500, &[("x-amz-retry-after", "5000")], r#"{"__type":"InternalServerException"}"#))
            .await;
    assert!(on_500 <= Duration::from_secs(1), "{on_500:?}");
}

#[tokio::test(start_paused = true)]
async fn the_operation_timeout_bounds_the_whole_retry_loop() {
    let transport = Scripted::new(|_| internal_error());
    let retry = RetryConfig::standard().with_max_attempts(100).with_max_backoff(Duration::from_secs(4));
    let timeouts = TimeoutConfig::builder().operation_timeout(Duration::from_secs(10)).build();
    let config = config("https://example.com", retry, timeouts).http_client(transport.clone()).build();
    let client = ClientHandle::new(config, &SERVICE);
    let start = Instant::now();
    let err = post(&client).await.expect_err("the storm outlasts the operation timeout");
    assert_eq!(Instant::now() - start, Duration::from_secs(10), "ended by the operation timeout, at once");
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    let attempts = transport.attempts();
    assert!(attempts > 1 && attempts < 100, "retried within the 10 s only: {attempts}");
    assert_eq!(err.attempts() as usize, attempts);
    assert!(transport.starts_from(0).iter().all(|s| *s - start < Duration::from_secs(10)));
    assert_eq!(
        err.to_string(),
        format!("request timed out: the operation did not complete within 10s (after {attempts} attempts)")
    );
}
