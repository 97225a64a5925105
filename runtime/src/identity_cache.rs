//! The identity cache: credentials loaded once and reused until shortly before they expire,
//! as the official SDK's `IdentityCache`, rather than asked of the provider on every call.
//!
//! The cache is part of the configuration, so clients built from one configuration share it;
//! it keeps one entry per credentials provider.

use crate::config::{Credentials, SharedCredentialsProvider};
use crate::transport::BoxError;
use crate::transport::BoxFuture;
use aws_smithy_runtime_api::client::identity::{IdentityCachePartition, ResolveIdentity};
use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// The official SDK's defaults: reload 10 s before expiry; give the provider 5 s.
const DEFAULT_BUFFER_TIME: Duration = Duration::from_secs(10);
const DEFAULT_LOAD_TIMEOUT: Duration = Duration::from_secs(5);

/// Gives a call its credentials, from a cache or from `provider`
/// (`Config::builder().identity_cache(..)`).
pub trait ResolveCachedIdentity: fmt::Debug + Send + Sync {
    /// The credentials `provider` gives, cached as this cache decides.
    fn resolve_cached_identity<'a>(
        &'a self,
        provider: &'a SharedCredentialsProvider,
    ) -> BoxFuture<'a, Result<Credentials, BoxError>>;
}

/// A shared [`ResolveCachedIdentity`].
#[derive(Clone, Debug)]
pub struct SharedIdentityCache(Arc<dyn ResolveCachedIdentity>);

impl SharedIdentityCache {
    /// Shares `cache`.
    pub fn new(cache: impl ResolveCachedIdentity + 'static) -> Self {
        Self(Arc::new(cache))
    }
}

impl ResolveCachedIdentity for SharedIdentityCache {
    fn resolve_cached_identity<'a>(
        &'a self,
        provider: &'a SharedCredentialsProvider,
    ) -> BoxFuture<'a, Result<Credentials, BoxError>> {
        self.0.resolve_cached_identity(provider)
    }
}

/// The identity caches the client offers.
#[derive(Debug)]
#[non_exhaustive]
pub struct IdentityCache;

impl IdentityCache {
    /// A cache that loads credentials on first use and reloads them `buffer_time` (10 s)
    /// before they expire; credentials with no expiry are loaded once. The default.
    pub fn lazy() -> LazyCacheBuilder {
        LazyCacheBuilder { buffer_time: DEFAULT_BUFFER_TIME, load_timeout: DEFAULT_LOAD_TIMEOUT }
    }
    /// No cache: every call asks the provider.
    pub fn no_cache() -> SharedIdentityCache {
        SharedIdentityCache::new(NoCache)
    }
}

/// Builder of the lazy cache ([`IdentityCache::lazy`]).
#[derive(Clone, Debug)]
pub struct LazyCacheBuilder {
    buffer_time: Duration,
    load_timeout: Duration,
}

impl LazyCacheBuilder {
    /// How long before expiry credentials are reloaded (default 10 s).
    pub fn buffer_time(mut self, buffer_time: Duration) -> Self {
        self.buffer_time = buffer_time;
        self
    }
    /// How long the provider may take to load credentials (default 5 s).
    pub fn load_timeout(mut self, load_timeout: Duration) -> Self {
        self.load_timeout = load_timeout;
        self
    }
    /// The cache.
    pub fn build(self) -> SharedIdentityCache {
        SharedIdentityCache::new(LazyCache { settings: self, entries: Default::default(), loading: Default::default() })
    }
}

/// Asks the provider every time.
#[derive(Debug)]
struct NoCache;

impl ResolveCachedIdentity for NoCache {
    fn resolve_cached_identity<'a>(
        &'a self,
        provider: &'a SharedCredentialsProvider,
    ) -> BoxFuture<'a, Result<Credentials, BoxError>> {
        Box::pin(load(provider, None))
    }
}

/// One entry per provider. Calls read fresh credentials under a shared lock, so that
/// concurrent calls do not queue; a load happens under a lock of its own, so that concurrent
/// calls that find the credentials stale wait for one load rather than each making their own.
#[derive(Debug)]
struct LazyCache {
    settings: LazyCacheBuilder,
    entries: std::sync::RwLock<HashMap<IdentityCachePartition, Credentials>>,
    loading: tokio::sync::Mutex<()>,
}

impl LazyCache {
    fn fresh(&self, partition: IdentityCachePartition) -> Option<Credentials> {
        let entries = self.entries.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        let credentials = entries.get(&partition)?;
        let fresh = credentials.expiry().is_none_or(|expiry| SystemTime::now() + self.settings.buffer_time < expiry);
        fresh.then(|| credentials.clone())
    }
}

impl ResolveCachedIdentity for LazyCache {
    fn resolve_cached_identity<'a>(
        &'a self,
        provider: &'a SharedCredentialsProvider,
    ) -> BoxFuture<'a, Result<Credentials, BoxError>> {
        Box::pin(async move {
            let Some(partition) = provider.cache_partition() else {
                return load(provider, Some(self.settings.load_timeout)).await;
            };
            if let Some(credentials) = self.fresh(partition) {
                return Ok(credentials);
            }
            let _loading = self.loading.lock().await;
            // Another call may have loaded them while this one waited.
            if let Some(credentials) = self.fresh(partition) {
                return Ok(credentials);
            }
            let credentials = load(provider, Some(self.settings.load_timeout)).await?;
            let mut entries = self.entries.write().unwrap_or_else(std::sync::PoisonError::into_inner);
            entries.insert(partition, credentials.clone());
            Ok(credentials)
        })
    }
}

async fn load(provider: &SharedCredentialsProvider, timeout: Option<Duration>) -> Result<Credentials, BoxError> {
    let mut loading = std::pin::pin!(crate::config::ProvideCredentials::provide_credentials(provider));
    // Credentials at hand (static ones) need no timer: the runtime may have none.
    let first = std::future::poll_fn(|cx| std::task::Poll::Ready(loading.as_mut().poll(cx))).await;
    let loaded = match (first, timeout) {
        (std::task::Poll::Ready(loaded), _) => loaded,
        (std::task::Poll::Pending, Some(limit)) => tokio::time::timeout(limit, loading)
            .await
            .map_err(|_| BoxError::from(format!("the credentials provider did not answer within {limit:?}")))?,
        (std::task::Poll::Pending, None) => loading.await,
    };
    loaded.map_err(|e| BoxError::from(format!("the credentials provider failed: {e}")))
}
