//! The adaptive retry mode's client-side rate limiter, as the AWS SDKs define it (the same
//! algorithm as botocore's and the Go and Rust SDKs'): a token bucket that is off until the
//! service first throttles the client, then refills at a rate derived from the client's
//! measured sending rate, cut by `BETA` at each throttling answer and grown back along a cubic
//! curve (CUBIC congestion control) as requests succeed.
//!
//! Every attempt takes tokens before it is sent: [`INITIAL_REQUEST_COST`] for a first attempt,
//! [`RETRY_COST`](super::RETRY_COST) or [`TIMEOUT_RETRY_COST`](super::TIMEOUT_RETRY_COST) for a
//! retry. When the bucket is short, the attempt waits until it would have refilled.

use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// What a first attempt takes from the rate limiter's bucket.
pub const INITIAL_REQUEST_COST: f64 = 1.0;
/// The lowest refill rate, in tokens per second.
const MIN_FILL_RATE: f64 = 0.5;
/// The smallest bucket.
const MIN_CAPACITY: f64 = 1.0;
/// The weight of the newest measurement in the smoothed sending rate.
const SMOOTH: f64 = 0.8;
/// The share of the sending rate kept after a throttling answer.
const BETA: f64 = 0.7;
/// How fast the rate grows back after a throttling answer.
const SCALE_CONSTANT: f64 = 0.4;

/// The adaptive mode's rate limiter, shared by all calls of a client.
#[derive(Debug, Default)]
pub struct ClientRateLimiter {
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    /// The instant the limiter's clock counts from, set at its first use.
    epoch: Option<Instant>,
    /// Whether the bucket limits requests: from the first throttling answer on.
    enabled: bool,
    /// Tokens added per second.
    fill_rate: f64,
    /// The most the bucket holds.
    max_capacity: f64,
    /// What it holds now (below zero when attempts have reserved tokens not yet refilled).
    current_capacity: f64,
    /// When it was last refilled, in seconds on the limiter's clock.
    last_refill: Option<f64>,
    /// The smoothed rate at which the client sends requests, per second.
    measured_tx_rate: f64,
    /// The half-second bucket of time the last measurement closed.
    last_tx_rate_bucket: f64,
    /// Requests counted in the current half-second bucket.
    request_count: u64,
    /// The sending rate when the client was last throttled.
    last_max_rate: f64,
    /// When the client was last throttled.
    last_throttle_time: f64,
}

impl Default for State {
    fn default() -> Self {
        Self {
            epoch: None,
            enabled: false,
            fill_rate: MIN_FILL_RATE,
            max_capacity: f64::MAX,
            current_capacity: 0.0,
            last_refill: None,
            measured_tx_rate: 0.0,
            last_tx_rate_bucket: 0.0,
            request_count: 0,
            last_max_rate: 0.0,
            last_throttle_time: 0.0,
        }
    }
}

impl ClientRateLimiter {
    /// A limiter that is off until the first throttling answer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes `cost` tokens for an attempt about to be sent, and says how long it must wait
    /// first (zero while the limiter is off or the bucket holds enough).
    pub fn acquire(&self, cost: f64) -> Duration {
        let mut state = self.lock();
        let now = state.now();
        state.acquire_at(now, cost)
    }

    /// Records the answer to an attempt: whether the service throttled it.
    pub fn update(&self, throttled: bool) {
        let mut state = self.lock();
        let now = state.now();
        state.update_at(now, throttled);
    }

    /// Whether the limiter is limiting (the service has throttled this client).
    pub fn is_enabled(&self) -> bool {
        self.lock().enabled
    }

    /// The rate, in requests per second, the limiter lets through once enabled.
    pub fn fill_rate(&self) -> f64 {
        self.lock().fill_rate
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is plain numbers, consistent after every statement: a panic elsewhere
        // while it was held leaves nothing to repair.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl State {
    /// Seconds since the limiter's first use, on tokio's clock (so that a paused clock drives it).
    fn now(&mut self) -> f64 {
        let now = Instant::now();
        let epoch = *self.epoch.get_or_insert(now);
        now.saturating_duration_since(epoch).as_secs_f64()
    }

    fn refill(&mut self, now: f64) {
        if let Some(last) = self.last_refill {
            let added = (now - last).max(0.0) * self.fill_rate;
            self.current_capacity = (self.current_capacity + added).min(self.max_capacity);
        }
        self.last_refill = Some(now);
    }

    fn acquire_at(&mut self, now: f64, cost: f64) -> Duration {
        if !self.enabled {
            return Duration::ZERO;
        }
        self.refill(now);
        let wait = if cost > self.current_capacity { (cost - self.current_capacity) / self.fill_rate } else { 0.0 };
        self.current_capacity -= cost;
        Duration::try_from_secs_f64(wait).unwrap_or(Duration::MAX)
    }

    fn update_at(&mut self, now: f64, throttled: bool) {
        self.measure_sending_rate(now);
        let calculated = if throttled {
            let rate = if self.enabled { self.measured_tx_rate.min(self.fill_rate) } else { self.measured_tx_rate };
            self.last_max_rate = rate;
            self.last_throttle_time = now;
            self.enabled = true;
            rate * BETA
        } else {
            self.cubic_success(now)
        };
        let new_rate = calculated.min(2.0 * self.measured_tx_rate);
        // Refill at the old rate up to now before the new one applies.
        self.refill(now);
        self.fill_rate = new_rate.max(MIN_FILL_RATE);
        self.max_capacity = new_rate.max(MIN_CAPACITY);
        self.current_capacity = self.current_capacity.min(self.max_capacity);
    }

    /// Counts a request in its half-second bucket; when a bucket closes, folds its rate into
    /// the smoothed sending rate.
    fn measure_sending_rate(&mut self, now: f64) {
        let bucket = (now * 2.0).floor() / 2.0;
        self.request_count += 1;
        if bucket > self.last_tx_rate_bucket {
            let rate = self.request_count as f64 / (bucket - self.last_tx_rate_bucket);
            self.measured_tx_rate = rate * SMOOTH + self.measured_tx_rate * (1.0 - SMOOTH);
            self.request_count = 0;
            self.last_tx_rate_bucket = bucket;
        }
    }

    /// The rate on the cubic curve that starts at `BETA` times the last maximum at the last
    /// throttle and passes that maximum again after the curve's time window.
    fn cubic_success(&self, now: f64) -> f64 {
        let window = (self.last_max_rate * (1.0 - BETA) / SCALE_CONSTANT).cbrt();
        SCALE_CONSTANT * (now - self.last_throttle_time - window).powi(3) + self.last_max_rate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    // The expected figures below are the reference values the AWS SDKs test their adaptive
    // mode with (the Go v2 SDK's, also used by the Rust SDK).

    #[test]
    fn the_cubic_curve_grows_back_after_a_throttle() {
        let state = State { last_max_rate: 10.0, last_throttle_time: 5.0, ..State::default() };
        let expected = [
            (5.0, 7.0),
            (6.0, 9.64893600966),
            (7.0, 10.000030849917364),
            (8.0, 10.453284520772092),
            (9.0, 13.408697022224185),
            (10.0, 21.26626835427364),
            (11.0, 36.425998516920465),
        ];
        for (now, rate) in expected {
            assert!(close(state.cubic_success(now), rate), "at {now}: {} != {rate}", state.cubic_success(now));
        }
    }

    #[test]
    fn throttles_cut_the_curve_by_beta() {
        let mut state = State { last_max_rate: 10.0, last_throttle_time: 5.0, ..State::default() };
        let expected = [
            (false, 5.0, 7.0),
            (false, 6.0, 9.64893600966),
            (true, 7.0, 6.754255206761999),
            (true, 8.0, 4.727978644733399),
            (false, 9.0, 4.670125557970046),
            (false, 10.0, 4.770870456867401),
            (false, 11.0, 6.011819748005445),
            (false, 12.0, 10.792973431384178),
        ];
        let mut rate = 0.0;
        for (throttled, now, want) in expected {
            if throttled {
                rate *= BETA;
                state.last_throttle_time = now;
                state.last_max_rate = rate;
            } else {
                rate = state.cubic_success(now);
            }
            assert!(close(rate, want), "at {now}: {rate} != {want}");
        }
    }

    #[test]
    fn the_sending_rate_and_the_fill_rate_follow_the_reference_figures() {
        let mut state = State::default();
        // (throttled, time, measured sending rate, fill rate)
        let expected = [
            (false, 0.2, 0.0, 0.5),
            (false, 0.4, 0.0, 0.5),
            (false, 0.6, 4.800000000000001, 0.5),
            (false, 0.8, 4.800000000000001, 0.5),
            (false, 1.0, 4.16, 0.5),
            (false, 1.2, 4.16, 0.6912),
            (false, 1.4, 4.16, 1.0975999999999997),
            (false, 1.6, 5.632000000000001, 1.6384000000000005),
            (false, 1.8, 5.632000000000001, 2.3328),
            (true, 2.0, 4.3264, 3.0284799999999996),
            (false, 2.2, 4.3264, 3.48663917347026),
            (false, 2.4, 4.3264, 3.821874416040255),
            (false, 2.6, 5.66528, 4.053385727709987),
            (false, 2.8, 5.66528, 4.200373108479454),
            (false, 3.0, 4.333056, 4.282036558348658),
            (true, 3.2, 4.333056, 2.99742559084406),
            (false, 3.4, 4.333056, 3.4522263943863463),
        ];
        for (throttled, now, measured, fill) in expected {
            state.update_at(now, throttled);
            assert!(
                close(state.measured_tx_rate, measured),
                "at {now}: measured {} != {measured}",
                state.measured_tx_rate
            );
            assert!(close(state.fill_rate, fill), "at {now}: fill rate {} != {fill}", state.fill_rate);
        }
    }

    #[test]
    fn the_bucket_is_off_until_the_first_throttle_then_makes_attempts_wait() {
        let mut state = State::default();
        for i in 0..100 {
            assert_eq!(state.acquire_at(0.0, INITIAL_REQUEST_COST), Duration::ZERO, "attempt {i}");
            state.update_at(0.0, false);
        }
        state.update_at(0.0, true);
        assert!(state.enabled);
        // Nothing was measured in the first half second: the rate falls to the floor, 0.5/s.
        assert_eq!(state.fill_rate, MIN_FILL_RATE);
        assert_eq!(state.acquire_at(0.0, INITIAL_REQUEST_COST), Duration::from_secs(2));
        assert_eq!(state.acquire_at(0.0, INITIAL_REQUEST_COST), Duration::from_secs(4), "reserved behind the first");
        assert_eq!(state.acquire_at(4.0, INITIAL_REQUEST_COST), Duration::from_secs(2));
    }
}
