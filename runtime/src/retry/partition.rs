//! Retry partitions: clients configured with the same partition share one retry quota (token
//! bucket) and one adaptive rate limiter, as the official SDK's `RetryPartition`.

use super::adaptive::ClientRateLimiter;
use super::RetryQuota;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

/// The official SDK's name for the retry quota: a token bucket retries draw on.
pub type TokenBucket = RetryQuota;

/// What the clients of one partition share.
type SharedState = (Arc<TokenBucket>, Arc<ClientRateLimiter>);

/// A named retry partition (`Config::builder().retry_partition(RetryPartition::new("ivs"))`).
#[derive(Clone)]
pub struct RetryPartition {
    name: Cow<'static, str>,
    token_bucket: Option<Arc<TokenBucket>>,
    rate_limiter: Option<Arc<ClientRateLimiter>>,
}

impl RetryPartition {
    /// The partition `name`: every client configured with it, in this process, shares its
    /// quota and rate limiter.
    pub fn new(name: impl Into<Cow<'static, str>>) -> Self {
        Self { name: name.into(), token_bucket: None, rate_limiter: None }
    }
    /// A partition with a token bucket or rate limiter of your own, shared by the clients
    /// configured with this value (and its clones).
    pub fn custom(name: impl Into<Cow<'static, str>>) -> RetryPartitionBuilder {
        RetryPartitionBuilder { partition: Self::new(name) }
    }
    /// The partition's name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The quota and rate limiter of this partition.
    pub fn shared_state(&self) -> SharedState {
        static NAMED: OnceLock<Mutex<HashMap<String, SharedState>>> = OnceLock::new();
        if let (Some(bucket), Some(limiter)) = (&self.token_bucket, &self.rate_limiter) {
            return (bucket.clone(), limiter.clone());
        }
        let mut named = NAMED.get_or_init(Default::default).lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let shared = named.entry(self.name.to_string()).or_default();
        let bucket = self.token_bucket.clone().unwrap_or_else(|| shared.0.clone());
        (bucket, self.rate_limiter.clone().unwrap_or_else(|| shared.1.clone()))
    }
}

impl PartialEq for RetryPartition {
    fn eq(&self, other: &Self) -> bool {
        fn same<T>(a: &Option<Arc<T>>, b: &Option<Arc<T>>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
        }
        self.name == other.name
            && same(&self.token_bucket, &other.token_bucket)
            && same(&self.rate_limiter, &other.rate_limiter)
    }
}

impl fmt::Debug for RetryPartition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryPartition").field("name", &self.name).finish_non_exhaustive()
    }
}

impl fmt::Display for RetryPartition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// Builder of a partition with its own token bucket or rate limiter.
#[derive(Debug)]
pub struct RetryPartitionBuilder {
    partition: RetryPartition,
}

impl RetryPartitionBuilder {
    /// The partition's token bucket.
    pub fn token_bucket(mut self, token_bucket: TokenBucket) -> Self {
        self.partition.token_bucket = Some(Arc::new(token_bucket));
        self
    }
    /// The partition's adaptive-mode rate limiter.
    pub fn client_rate_limiter(mut self, rate_limiter: ClientRateLimiter) -> Self {
        self.partition.rate_limiter = Some(Arc::new(rate_limiter));
        self
    }
    /// The partition.
    pub fn build(self) -> RetryPartition {
        self.partition
    }
}
