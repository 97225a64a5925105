//! Client configuration: region, endpoint, credentials, retries, timeouts, the HTTP client and
//! the CA bundle it trusts, request compression, idempotency tokens, the behavior version,
//! interceptors, a custom endpoint resolver, retry classifiers and partitions, the identity
//! cache, auth scheme resolution, stalled stream protection and the sleep implementation.
//!
//! The builder is source-compatible with the official SDK's on the common path:
//! `Config::builder().region(..).endpoint_url(..).credentials_provider(..).retry_config(..)
//! .timeout_config(..).http_client(..).behavior_version(BehaviorVersion::latest()).build()`.
//!
//! A [`Builder`] remembers which settings were given. That makes it a per-call override too:
//! `.customize().config_override(Config::builder().retry_config(..))` changes the retries of
//! that one call and leaves every other setting as the client has it
//! ([`Config::with_override`]).

use crate::compression::DEFAULT_MIN_COMPRESSION_SIZE_BYTES;
use crate::endpoint_resolver::{ResolveEndpoint, SharedEndpointResolver};
use crate::transport::{HttpClient, SharedHttpClient};
use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

pub use crate::app_name::FrameworkMetadata;
pub use crate::app_name::{AppName, InvalidAppName};
pub use crate::auth::{AuthSchemeId, AuthSchemePreference, ResolveAuthScheme, SharedAuthSchemeResolver};
pub use crate::idempotency_token::IdempotencyTokenProvider;
pub use crate::identity_cache::{IdentityCache, ResolveCachedIdentity, SharedIdentityCache};
pub use crate::interceptors::{ConfigBag, Intercept, RuntimeComponents, SharedInterceptor};
pub use crate::retry::classifiers::{ClassifyRetry, RetryAction, SharedRetryClassifier};
pub use crate::retry::partition::RetryPartition;
pub use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
pub use aws_credential_types::Credentials;
pub use aws_smithy_async::rt::sleep::{AsyncSleep, SharedAsyncSleep, Sleep};
pub use aws_smithy_async::time::{SharedTimeSource, TimeSource};
/// The behavior major version: which generation of the SDKs' default behaviors a client
/// follows. This client implements the behaviors of [`BehaviorVersion::latest`] (standard
/// retries with 3 attempts, a 3.1 s connect timeout), and those are its defaults whether or not
/// a version is set; an older version is accepted and kept ([`Config::behavior_version`]) but
/// changes nothing.
pub use aws_smithy_runtime_api::client::behavior_version::BehaviorVersion;
pub use aws_smithy_runtime_api::client::stalled_stream_protection::StalledStreamProtectionConfig;
/// Converts a trait implementation into its shared form (`my_sleep.into_shared()`), as in the
/// official SDK.
pub use aws_smithy_runtime_api::shared::IntoShared;
pub use aws_smithy_types::retry::{ReconnectMode, RetryConfig, RetryConfigBuilder, RetryMode};
pub use aws_smithy_types::timeout::{TimeoutConfig, TimeoutConfigBuilder};
#[cfg(feature = "aws-config")]
pub use aws_types::SdkConfig;

/// An AWS region, such as `us-west-2`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Region(Cow<'static, str>);

impl Region {
    /// A region from its name.
    pub fn new(region: impl Into<Cow<'static, str>>) -> Self {
        Self(region.into())
    }
    /// A region from a static name.
    pub const fn from_static(region: &'static str) -> Self {
        Self(Cow::Borrowed(region))
    }
}

impl AsRef<str> for Region {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Configuration of a generated client. Build one with [`Config::builder`] or
/// [`Config::from_env`].
#[derive(Clone, Debug)]
pub struct Config {
    region: Option<Region>,
    endpoint_url: Option<String>,
    /// `AWS_ENDPOINT_URL_<SERVICE>` variables seen by `from_env`, by service key (`IVS`).
    service_endpoint_urls: Vec<(String, String)>,
    use_fips: bool,
    use_dual_stack: bool,
    credentials_provider: Option<SharedCredentialsProvider>,
    retry_config: RetryConfig,
    timeout_config: TimeoutConfig,
    http_client: Option<SharedHttpClient>,
    /// Whether `http_client` is the built-in client `build()` made (rebuilt by the next
    /// `build()`, so that it follows the timeouts and CA bundle) rather than one set by the user.
    builtin_http_client: bool,
    ca_bundle: Option<PathBuf>,
    disable_request_compression: bool,
    request_min_compression_size_bytes: u32,
    idempotency_token_provider: IdempotencyTokenProvider,
    behavior_version: Option<BehaviorVersion>,
    app_name: Option<AppName>,
    time_source: Option<SharedTimeSource>,
    interceptors: Vec<SharedInterceptor>,
    endpoint_resolver: Option<SharedEndpointResolver>,
    sleep_impl: Option<SharedAsyncSleep>,
    stalled_stream_protection: Option<StalledStreamProtectionConfig>,
    identity_cache: SharedIdentityCache,
    retry_partition: Option<RetryPartition>,
    retry_classifiers: Vec<SharedRetryClassifier>,
    framework_metadata: Vec<FrameworkMetadata>,
    auth_scheme_resolver: Option<SharedAuthSchemeResolver>,
    auth_scheme_preference: Option<AuthSchemePreference>,
    allow_no_auth: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            region: None,
            endpoint_url: None,
            service_endpoint_urls: Vec::new(),
            use_fips: false,
            use_dual_stack: false,
            credentials_provider: None,
            retry_config: RetryConfig::standard(),
            timeout_config: default_timeouts(),
            http_client: None,
            builtin_http_client: false,
            ca_bundle: None,
            disable_request_compression: false,
            request_min_compression_size_bytes: DEFAULT_MIN_COMPRESSION_SIZE_BYTES,
            idempotency_token_provider: IdempotencyTokenProvider::random(),
            behavior_version: None,
            app_name: None,
            time_source: None,
            interceptors: Vec::new(),
            endpoint_resolver: None,
            sleep_impl: None,
            stalled_stream_protection: None,
            identity_cache: IdentityCache::lazy().build(),
            retry_partition: None,
            retry_classifiers: Vec::new(),
            framework_metadata: Vec::new(),
            auth_scheme_resolver: None,
            auth_scheme_preference: None,
            allow_no_auth: false,
        }
    }
}

/// The official SDK's default: a 3.1 s connect timeout, nothing else.
fn default_timeouts() -> TimeoutConfig {
    TimeoutConfig::builder().connect_timeout(std::time::Duration::from_millis(3100)).build()
}

impl Config {
    /// A builder with the defaults, which are those of [`BehaviorVersion::latest`]: standard
    /// retries (3 attempts), a 3.1 s connect timeout, request compression on for bodies of
    /// 10240 bytes or more, random idempotency tokens.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// Configuration from the environment, as the official SDKs read it: region from
    /// `AWS_REGION` (else `AWS_DEFAULT_REGION`); endpoint from `AWS_ENDPOINT_URL_<SERVICE>`
    /// (`AWS_ENDPOINT_URL_IVS`) else `AWS_ENDPOINT_URL`; credentials from `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`; FIPS and dual-stack endpoints from
    /// `AWS_USE_FIPS_ENDPOINT` and `AWS_USE_DUALSTACK_ENDPOINT` (`true` turns them on); the
    /// attempts from `AWS_MAX_ATTEMPTS` (a positive number); the CA bundle from `AWS_CA_BUNDLE`
    /// (see [`Builder::ca_bundle`]); request compression from
    /// `AWS_DISABLE_REQUEST_COMPRESSION` (`true` or `false`) and
    /// `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES` (a size out of `0..=10485760` makes requests
    /// that would be compressed fail, naming it).
    pub fn from_env() -> Config {
        Self::from_vars(std::env::vars())
    }

    /// [`Config::from_env`] over any set of variables (for tests).
    pub fn from_vars(vars: impl IntoIterator<Item = (String, String)>) -> Config {
        let vars: Vec<(String, String)> = vars.into_iter().filter(|(_, v)| !v.is_empty()).collect();
        let get = |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let mut builder = Builder::default();
        builder.set_region(get("AWS_REGION").or_else(|| get("AWS_DEFAULT_REGION")).map(Region::new));
        builder.set_endpoint_url(get("AWS_ENDPOINT_URL"));
        builder.service_endpoint_urls = Some(
            vars.iter()
                .filter_map(|(k, v)| k.strip_prefix("AWS_ENDPOINT_URL_").map(|service| (service.to_owned(), v.clone())))
                .collect(),
        );
        if let (Some(key), Some(secret)) = (get("AWS_ACCESS_KEY_ID"), get("AWS_SECRET_ACCESS_KEY")) {
            let credentials = Credentials::new(key, secret, get("AWS_SESSION_TOKEN"), None, "environment");
            builder.set_credentials_provider(Some(SharedCredentialsProvider::new(credentials)));
        }
        if let Some(fips) = get("AWS_USE_FIPS_ENDPOINT") {
            builder.set_use_fips(Some(fips.eq_ignore_ascii_case("true")));
        }
        if let Some(dual) = get("AWS_USE_DUALSTACK_ENDPOINT") {
            builder.set_use_dual_stack(Some(dual.eq_ignore_ascii_case("true")));
        }
        if let Some(attempts) = get("AWS_MAX_ATTEMPTS").and_then(|a| a.parse::<u32>().ok()).filter(|a| *a > 0) {
            builder.set_retry_config(Some(RetryConfig::standard().with_max_attempts(attempts)));
        }
        let flag = |v: String| match v.to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        };
        if let Some(disable) = get("AWS_DISABLE_REQUEST_COMPRESSION").and_then(flag) {
            builder.set_disable_request_compression(Some(disable));
        }
        if let Some(size) = get("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES").and_then(|s| s.parse::<u32>().ok()) {
            builder.set_request_min_compression_size_bytes(Some(size));
        }
        builder.set_ca_bundle(get("AWS_CA_BUNDLE").map(PathBuf::from));
        builder.build()
    }

    /// A builder holding this configuration, to change part of it. Every setting counts as
    /// given, except a built-in HTTP client, which the next `build()` makes anew (so that it
    /// follows the timeouts and CA bundle).
    pub fn to_builder(&self) -> Builder {
        Builder {
            region: Some(self.region.clone()),
            endpoint_url: Some(self.endpoint_url.clone()),
            service_endpoint_urls: Some(self.service_endpoint_urls.clone()),
            use_fips: Some(Some(self.use_fips)),
            use_dual_stack: Some(Some(self.use_dual_stack)),
            credentials_provider: Some(self.credentials_provider.clone()),
            retry_config: Some(Some(self.retry_config.clone())),
            timeout_config: Some(Some(self.timeout_config.clone())),
            http_client: if self.builtin_http_client { None } else { Some(self.http_client.clone()) },
            ca_bundle: Some(self.ca_bundle.clone()),
            disable_request_compression: Some(Some(self.disable_request_compression)),
            request_min_compression_size_bytes: Some(Some(self.request_min_compression_size_bytes)),
            idempotency_token_provider: Some(Some(self.idempotency_token_provider.clone())),
            behavior_version: Some(self.behavior_version),
            app_name: Some(self.app_name.clone()),
            time_source: Some(self.time_source.clone()),
            interceptors: self.interceptors.clone(),
            endpoint_resolver: Some(self.endpoint_resolver.clone()),
            sleep_impl: Some(self.sleep_impl.clone()),
            stalled_stream_protection: Some(self.stalled_stream_protection.clone()),
            identity_cache: Some(Some(self.identity_cache.clone())),
            retry_partition: Some(self.retry_partition.clone()),
            retry_classifiers: self.retry_classifiers.clone(),
            framework_metadata: self.framework_metadata.clone(),
            auth_scheme_resolver: Some(self.auth_scheme_resolver.clone()),
            auth_scheme_preference: Some(self.auth_scheme_preference.clone()),
            allow_no_auth: Some(Some(self.allow_no_auth)),
        }
    }

    /// This configuration with the settings `config_override` was given replacing its own, as
    /// the official SDK applies a per-call `config_override`: a setting the override leaves
    /// alone keeps this configuration's value, one it clears (`set_region(None)`) goes back to
    /// the default, and its interceptors run after this configuration's.
    ///
    /// The HTTP client is kept unless the override sets one; a built-in client is made anew
    /// for the override (without the pooled connections) only when the override changes its
    /// connect timeout or CA bundle.
    pub fn with_override(&self, config_override: &Builder) -> Config {
        let mut config = self.clone();
        config.apply(config_override);
        config.interceptors.extend(config_override.interceptors.iter().cloned());
        config.retry_classifiers.extend(config_override.retry_classifiers.iter().cloned());
        config.framework_metadata.extend(config_override.framework_metadata.iter().cloned());
        let builtin_changed = self.builtin_http_client
            && (config.timeout_config.connect_timeout() != self.timeout_config.connect_timeout()
                || config.ca_bundle != self.ca_bundle
                || config.stall_grace_period() != self.stall_grace_period());
        if config.http_client.is_none() || (config.builtin_http_client && builtin_changed) {
            config.builtin_http_client_from_settings();
        }
        config
    }

    /// Applies the settings `builder` was given (its interceptors aside).
    fn apply(&mut self, builder: &Builder) {
        fn pick<T: Clone>(setting: &Setting<T>, current: &mut T, default: impl FnOnce() -> T) {
            match setting {
                None => {}
                Some(Some(value)) => *current = value.clone(),
                Some(None) => *current = default(),
            }
        }
        fn optional<T: Clone>(setting: &Setting<T>, current: &mut Option<T>) {
            if let Some(value) = setting {
                *current = value.clone();
            }
        }
        optional(&builder.region, &mut self.region);
        optional(&builder.endpoint_url, &mut self.endpoint_url);
        if let Some(urls) = &builder.service_endpoint_urls {
            self.service_endpoint_urls = urls.clone();
        }
        pick(&builder.use_fips, &mut self.use_fips, || false);
        pick(&builder.use_dual_stack, &mut self.use_dual_stack, || false);
        optional(&builder.credentials_provider, &mut self.credentials_provider);
        pick(&builder.retry_config, &mut self.retry_config, RetryConfig::standard);
        pick(&builder.timeout_config, &mut self.timeout_config, default_timeouts);
        if let Some(client) = &builder.http_client {
            self.http_client = client.clone();
            self.builtin_http_client = false;
        }
        optional(&builder.ca_bundle, &mut self.ca_bundle);
        pick(&builder.disable_request_compression, &mut self.disable_request_compression, || false);
        pick(&builder.request_min_compression_size_bytes, &mut self.request_min_compression_size_bytes, || {
            DEFAULT_MIN_COMPRESSION_SIZE_BYTES
        });
        pick(&builder.idempotency_token_provider, &mut self.idempotency_token_provider, Default::default);
        optional(&builder.behavior_version, &mut self.behavior_version);
        optional(&builder.app_name, &mut self.app_name);
        optional(&builder.time_source, &mut self.time_source);
        optional(&builder.endpoint_resolver, &mut self.endpoint_resolver);
        optional(&builder.sleep_impl, &mut self.sleep_impl);
        optional(&builder.stalled_stream_protection, &mut self.stalled_stream_protection);
        pick(&builder.identity_cache, &mut self.identity_cache, || IdentityCache::lazy().build());
        optional(&builder.retry_partition, &mut self.retry_partition);
        optional(&builder.auth_scheme_resolver, &mut self.auth_scheme_resolver);
        optional(&builder.auth_scheme_preference, &mut self.auth_scheme_preference);
        pick(&builder.allow_no_auth, &mut self.allow_no_auth, || false);
    }

    /// Makes the built-in HTTPS client for this configuration's connect timeout and CA bundle.
    fn builtin_http_client_from_settings(&mut self) {
        #[cfg(feature = "rustls")]
        {
            let connect_timeout = self.timeout_config.connect_timeout();
            let client = crate::hyper_client::HyperClient::with_ca_bundle(connect_timeout, self.ca_bundle.as_deref())
                .with_stalled_stream_protection(self.stalled_stream_protection());
            self.http_client = Some(SharedHttpClient::new(client));
            self.builtin_http_client = true;
        }
    }

    /// The region requests are sent to and signed for.
    pub fn region(&self) -> Option<&Region> {
        self.region.as_ref()
    }
    /// The endpoint that overrides the region's.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }
    /// The endpoint override for one service (`AWS_ENDPOINT_URL_IVS`), else the general one.
    pub fn endpoint_url_for(&self, service_env_key: &str) -> Option<&str> {
        self.service_endpoint_urls
            .iter()
            .find(|(k, _)| k == service_env_key)
            .map(|(_, v)| v.as_str())
            .or(self.endpoint_url.as_deref())
    }
    /// Whether to use FIPS endpoints.
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }
    /// Whether to use dual-stack (IPv4 and IPv6) endpoints.
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }
    /// Where credentials come from.
    pub fn credentials_provider(&self) -> Option<SharedCredentialsProvider> {
        self.credentials_provider.clone()
    }
    /// How failed attempts are retried.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.retry_config
    }
    /// Connect, per-attempt and per-operation timeouts.
    pub fn timeout_config(&self) -> &TimeoutConfig {
        &self.timeout_config
    }
    /// The HTTP client requests go through.
    pub fn http_client(&self) -> Option<SharedHttpClient> {
        self.http_client.clone()
    }
    /// The PEM file of CA certificates the built-in HTTPS client trusts besides the platform's
    /// trust store (`AWS_CA_BUNDLE`, or [`Builder::ca_bundle`]).
    pub fn ca_bundle(&self) -> Option<&Path> {
        self.ca_bundle.as_deref()
    }
    /// Whether request bodies are never compressed, even for operations that allow it.
    pub fn disable_request_compression(&self) -> bool {
        self.disable_request_compression
    }
    /// The smallest body, in bytes, that is compressed for operations that allow it.
    pub fn request_min_compression_size_bytes(&self) -> u32 {
        self.request_min_compression_size_bytes
    }
    /// What fills the `@idempotencyToken` members a caller leaves unset.
    pub fn idempotency_token_provider(&self) -> &IdempotencyTokenProvider {
        &self.idempotency_token_provider
    }
    /// The behavior version that was set, if any (the client behaves as
    /// [`BehaviorVersion::latest`] either way).
    pub fn behavior_version(&self) -> Option<BehaviorVersion> {
        self.behavior_version
    }
    /// The application name sent in the `User-Agent` (`app/<name>`), if one is set.
    pub fn app_name(&self) -> Option<&AppName> {
        self.app_name.as_ref()
    }
    /// The clock requests are signed with, when one is set instead of the system's.
    pub fn time_source(&self) -> Option<SharedTimeSource> {
        self.time_source.clone()
    }
    /// The interceptors every call runs, in the order they were added.
    pub fn interceptors(&self) -> impl Iterator<Item = SharedInterceptor> + '_ {
        self.interceptors.iter().cloned()
    }
    /// The endpoint resolver that was set, if any; without one, calls resolve endpoints with
    /// their service's rules (its `DefaultResolver`).
    pub fn endpoint_resolver(&self) -> Option<SharedEndpointResolver> {
        self.endpoint_resolver.clone()
    }
    /// What waits between retries, when one was set; without one, tokio's timer.
    pub fn sleep_impl(&self) -> Option<SharedAsyncSleep> {
        self.sleep_impl.clone()
    }
    /// How the built-in HTTP client guards against a response body that stops arriving: by
    /// default, on, with a grace period of 5 s (as the official SDK's latest behavior version).
    pub fn stalled_stream_protection(&self) -> Option<StalledStreamProtectionConfig> {
        Some(self.stalled_stream_protection.clone().unwrap_or_else(default_stalled_stream_protection))
    }
    /// What caches credentials between calls: by default, [`IdentityCache::lazy`] with its
    /// defaults.
    pub fn identity_cache(&self) -> Option<SharedIdentityCache> {
        Some(self.identity_cache.clone())
    }
    /// The identity cache, borrowed (every call reads it).
    pub(crate) fn identity_cache_ref(&self) -> &SharedIdentityCache {
        &self.identity_cache
    }
    /// The retry partition that was set: clients with the same one share a retry quota (token
    /// bucket) and rate limiter. Without one, each client has its own.
    pub fn retry_partition(&self) -> Option<&RetryPartition> {
        self.retry_partition.as_ref()
    }
    /// The retry classifiers that were added, in the order they are consulted.
    pub fn retry_classifiers(&self) -> impl Iterator<Item = SharedRetryClassifier> + '_ {
        self.retry_classifiers.iter().cloned()
    }
    /// The framework metadata added to the `User-Agent`.
    pub fn framework_metadata(&self) -> &[FrameworkMetadata] {
        &self.framework_metadata
    }
    /// The auth scheme resolver that was set; without one, each operation's modeled schemes
    /// ([`DefaultAuthSchemeResolver`](crate::auth::DefaultAuthSchemeResolver)).
    pub fn auth_scheme_resolver(&self) -> Option<SharedAuthSchemeResolver> {
        self.auth_scheme_resolver.clone()
    }
    /// The auth schemes preferred, in order, among those an operation supports.
    pub fn auth_scheme_preference(&self) -> Option<&AuthSchemePreference> {
        self.auth_scheme_preference.as_ref()
    }
    /// Whether operations may be sent unsigned when no other auth scheme can be used.
    pub fn allow_no_auth(&self) -> bool {
        self.allow_no_auth
    }
}

impl Config {
    /// How long the built-in client lets a response body send nothing; `None`: unlimited.
    fn stall_grace_period(&self) -> Option<std::time::Duration> {
        self.stalled_stream_protection()
            .filter(StalledStreamProtectionConfig::download_enabled)
            .map(|config| config.grace_period())
    }
}

/// The official SDK's default for its latest behavior version: on, with a 5 s grace period.
fn default_stalled_stream_protection() -> StalledStreamProtectionConfig {
    StalledStreamProtectionConfig::enabled().grace_period(std::time::Duration::from_secs(5)).build()
}

/// A setting of a [`Builder`]: `None` when not given, `Some(None)` when cleared (back to the
/// default), `Some(Some(value))` when set.
type Setting<T> = Option<Option<T>>;

/// Builder for [`Config`]. It remembers which settings were given, so that it can also
/// override part of a client's configuration for one call ([`Config::with_override`]).
#[derive(Clone, Debug, Default)]
pub struct Builder {
    region: Setting<Region>,
    endpoint_url: Setting<String>,
    service_endpoint_urls: Option<Vec<(String, String)>>,
    use_fips: Setting<bool>,
    use_dual_stack: Setting<bool>,
    credentials_provider: Setting<SharedCredentialsProvider>,
    retry_config: Setting<RetryConfig>,
    timeout_config: Setting<TimeoutConfig>,
    http_client: Setting<SharedHttpClient>,
    ca_bundle: Setting<PathBuf>,
    disable_request_compression: Setting<bool>,
    request_min_compression_size_bytes: Setting<u32>,
    idempotency_token_provider: Setting<IdempotencyTokenProvider>,
    behavior_version: Setting<BehaviorVersion>,
    app_name: Setting<AppName>,
    time_source: Setting<SharedTimeSource>,
    interceptors: Vec<SharedInterceptor>,
    endpoint_resolver: Setting<SharedEndpointResolver>,
    sleep_impl: Setting<SharedAsyncSleep>,
    stalled_stream_protection: Setting<StalledStreamProtectionConfig>,
    identity_cache: Setting<SharedIdentityCache>,
    retry_partition: Setting<RetryPartition>,
    retry_classifiers: Vec<SharedRetryClassifier>,
    framework_metadata: Vec<FrameworkMetadata>,
    auth_scheme_resolver: Setting<SharedAuthSchemeResolver>,
    auth_scheme_preference: Setting<AuthSchemePreference>,
    allow_no_auth: Setting<bool>,
}

impl Builder {
    /// A builder with no setting given: [`Config::builder`].
    pub fn new() -> Self {
        Self::default()
    }
    /// Whether no setting was given and no interceptor added.
    pub(crate) fn is_empty(&self) -> bool {
        let Self {
            region,
            endpoint_url,
            service_endpoint_urls,
            use_fips,
            use_dual_stack,
            credentials_provider,
            retry_config,
            timeout_config,
            http_client,
            ca_bundle,
            disable_request_compression,
            request_min_compression_size_bytes,
            idempotency_token_provider,
            behavior_version,
            app_name,
            time_source,
            interceptors,
            endpoint_resolver,
            sleep_impl,
            stalled_stream_protection,
            identity_cache,
            retry_partition,
            retry_classifiers,
            framework_metadata,
            auth_scheme_resolver,
            auth_scheme_preference,
            allow_no_auth,
        } = self;
        region.is_none()
            && endpoint_url.is_none()
            && service_endpoint_urls.is_none()
            && use_fips.is_none()
            && use_dual_stack.is_none()
            && credentials_provider.is_none()
            && retry_config.is_none()
            && timeout_config.is_none()
            && http_client.is_none()
            && ca_bundle.is_none()
            && disable_request_compression.is_none()
            && request_min_compression_size_bytes.is_none()
            && idempotency_token_provider.is_none()
            && behavior_version.is_none()
            && app_name.is_none()
            && time_source.is_none()
            && interceptors.is_empty()
            && endpoint_resolver.is_none()
            && sleep_impl.is_none()
            && stalled_stream_protection.is_none()
            && identity_cache.is_none()
            && retry_partition.is_none()
            && retry_classifiers.is_empty()
            && framework_metadata.is_empty()
            && auth_scheme_resolver.is_none()
            && auth_scheme_preference.is_none()
            && allow_no_auth.is_none()
    }
    /// Sets the region.
    pub fn region(mut self, region: impl Into<Option<Region>>) -> Self {
        self.set_region(region.into());
        self
    }
    /// Sets or clears the region.
    pub fn set_region(&mut self, region: Option<Region>) -> &mut Self {
        self.region = Some(region);
        self
    }
    /// Sends every request to `url` (such as `http://127.0.0.1:4566`) instead of the region's
    /// endpoint. Plain `http://` is allowed only here. Set in code, it wins over the
    /// `AWS_ENDPOINT_URL_<SERVICE>` variables `from_env` read.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.set_endpoint_url(Some(url.into()));
        self
    }
    /// Sets or clears the endpoint override (and forgets the `AWS_ENDPOINT_URL_<SERVICE>`
    /// variables).
    pub fn set_endpoint_url(&mut self, url: Option<String>) -> &mut Self {
        self.endpoint_url = Some(url);
        self.service_endpoint_urls = Some(Vec::new());
        self
    }
    /// Uses FIPS endpoints.
    pub fn use_fips(mut self, use_fips: impl Into<bool>) -> Self {
        self.set_use_fips(Some(use_fips.into()));
        self
    }
    /// Sets or clears the FIPS flag.
    pub fn set_use_fips(&mut self, use_fips: Option<bool>) -> &mut Self {
        self.use_fips = Some(use_fips);
        self
    }
    /// Uses dual-stack endpoints.
    pub fn use_dual_stack(mut self, use_dual_stack: impl Into<bool>) -> Self {
        self.set_use_dual_stack(Some(use_dual_stack.into()));
        self
    }
    /// Sets or clears the dual-stack flag.
    pub fn set_use_dual_stack(&mut self, use_dual_stack: Option<bool>) -> &mut Self {
        self.use_dual_stack = Some(use_dual_stack);
        self
    }
    /// Sets where credentials come from: `Credentials::new(..)` or any `ProvideCredentials`.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.set_credentials_provider(Some(SharedCredentialsProvider::new(provider)));
        self
    }
    /// Sets or clears the credentials provider.
    pub fn set_credentials_provider(&mut self, provider: Option<SharedCredentialsProvider>) -> &mut Self {
        self.credentials_provider = Some(provider);
        self
    }
    /// Sets how failed attempts are retried (`RetryConfig::standard().with_max_attempts(5)`).
    ///
    /// Retries also draw on the client's retry quota, which every call of the client (and of
    /// its clones) shares, a call with a `config_override` included.
    pub fn retry_config(mut self, retry_config: RetryConfig) -> Self {
        self.set_retry_config(Some(retry_config));
        self
    }
    /// Sets the retry configuration, or restores the default.
    pub fn set_retry_config(&mut self, retry_config: Option<RetryConfig>) -> &mut Self {
        self.retry_config = Some(retry_config);
        self
    }
    /// Sets the connect, per-attempt and per-operation timeouts.
    pub fn timeout_config(mut self, timeout_config: TimeoutConfig) -> Self {
        self.set_timeout_config(Some(timeout_config));
        self
    }
    /// Sets the timeouts, or restores the default.
    pub fn set_timeout_config(&mut self, timeout_config: Option<TimeoutConfig>) -> &mut Self {
        self.timeout_config = Some(timeout_config);
        self
    }
    /// Sends requests through `client` instead of the built-in HTTPS client.
    pub fn http_client(mut self, client: impl HttpClient + 'static) -> Self {
        self.set_http_client(Some(SharedHttpClient::new(client)));
        self
    }
    /// Sets or clears the HTTP client.
    pub fn set_http_client(&mut self, client: Option<SharedHttpClient>) -> &mut Self {
        self.http_client = Some(client);
        self
    }
    /// Trusts the CA certificates of the PEM file at `path` besides the platform's trust store:
    /// the AWS SDKs' `ca_bundle` setting, which `Config::from_env` reads from `AWS_CA_BUNDLE`
    /// (this setting wins over it). It is for the built-in HTTPS client: an
    /// [`http_client`](Self::http_client) you set brings its own trust. A file that cannot be
    /// read or holds no certificate makes every HTTPS request fail at once (not retried), with
    /// an error that names the file and the problem.
    pub fn ca_bundle(mut self, path: impl Into<PathBuf>) -> Self {
        self.set_ca_bundle(Some(path.into()));
        self
    }
    /// Sets or clears the CA bundle.
    pub fn set_ca_bundle(&mut self, path: Option<PathBuf>) -> &mut Self {
        self.ca_bundle = Some(path);
        self
    }
    /// Never compresses request bodies (`true`), or compresses those of operations with
    /// `@requestCompression` when they are large enough (`false`, the default).
    pub fn disable_request_compression(mut self, disable: bool) -> Self {
        self.set_disable_request_compression(Some(disable));
        self
    }
    /// Sets whether request compression is disabled, or restores the default (enabled).
    pub fn set_disable_request_compression(&mut self, disable: Option<bool>) -> &mut Self {
        self.disable_request_compression = Some(disable);
        self
    }
    /// Sets the smallest body, in bytes, that is compressed (default 10240). It must be in
    /// `0..=10485760`: a larger one makes requests that would be compressed fail, naming it.
    pub fn request_min_compression_size_bytes(mut self, size: u32) -> Self {
        self.set_request_min_compression_size_bytes(Some(size));
        self
    }
    /// Sets the minimum compression size, or restores the default (10240 bytes).
    pub fn set_request_min_compression_size_bytes(&mut self, size: Option<u32>) -> &mut Self {
        self.request_min_compression_size_bytes = Some(size);
        self
    }
    /// Sets what fills the `@idempotencyToken` members a caller leaves unset: a fixed token
    /// (`"00000000-0000-4000-8000-000000000000"`, for tests) or any [`IdempotencyTokenProvider`].
    /// The default is a random UUID v4 per request.
    pub fn idempotency_token_provider(mut self, provider: impl Into<IdempotencyTokenProvider>) -> Self {
        self.set_idempotency_token_provider(Some(provider.into()));
        self
    }
    /// Sets the idempotency token provider, or restores the default (random UUIDs v4).
    pub fn set_idempotency_token_provider(&mut self, provider: Option<IdempotencyTokenProvider>) -> &mut Self {
        self.idempotency_token_provider = Some(provider);
        self
    }
    /// Sets the application name sent in the `User-Agent` (`app/<name>`).
    pub fn app_name(mut self, app_name: AppName) -> Self {
        self.set_app_name(Some(app_name));
        self
    }
    /// Sets the clock requests are signed with (the system's by default): a fixed one makes
    /// signatures reproducible in tests.
    pub fn time_source(mut self, time_source: impl TimeSource + 'static) -> Self {
        self.set_time_source(Some(SharedTimeSource::new(time_source)));
        self
    }
    /// Sets or clears the clock requests are signed with.
    pub fn set_time_source(&mut self, time_source: Option<SharedTimeSource>) -> &mut Self {
        self.time_source = Some(time_source);
        self
    }
    /// Sets or clears the application name sent in the `User-Agent` (`app/<name>`).
    pub fn set_app_name(&mut self, app_name: Option<AppName>) -> &mut Self {
        self.app_name = Some(app_name);
        self
    }
    /// Sets the [behavior version](BehaviorVersion): `BehaviorVersion::latest()`. This
    /// client's defaults are those of the latest version whatever is set.
    pub fn behavior_version(mut self, behavior_version: BehaviorVersion) -> Self {
        self.set_behavior_version(Some(behavior_version));
        self
    }
    /// Sets or clears the behavior version.
    pub fn set_behavior_version(&mut self, behavior_version: Option<BehaviorVersion>) -> &mut Self {
        self.behavior_version = Some(behavior_version);
        self
    }
    /// Sets the behavior version to [`BehaviorVersion::latest`].
    pub fn behavior_version_latest(mut self) -> Self {
        self.set_behavior_version(Some(BehaviorVersion::latest()));
        self
    }
    /// Adds an [interceptor](crate::interceptors) that every call runs, after those added
    /// before it.
    pub fn interceptor(mut self, interceptor: impl Intercept + 'static) -> Self {
        self.push_interceptor(SharedInterceptor::new(interceptor));
        self
    }
    /// Adds a shared interceptor, like [`interceptor`](Self::interceptor).
    pub fn push_interceptor(&mut self, interceptor: SharedInterceptor) -> &mut Self {
        self.interceptors.push(interceptor);
        self
    }
    /// Replaces the interceptors added so far.
    pub fn set_interceptors(&mut self, interceptors: impl IntoIterator<Item = SharedInterceptor>) -> &mut Self {
        self.interceptors = interceptors.into_iter().collect();
        self
    }
    /// Resolves every call's endpoint with `endpoint_resolver` instead of the service's rules
    /// (see [`crate::endpoint_resolver`]).
    pub fn endpoint_resolver(mut self, endpoint_resolver: impl ResolveEndpoint + 'static) -> Self {
        self.set_endpoint_resolver(Some(endpoint_resolver.into_shared_resolver()));
        self
    }
    /// Sets or clears the endpoint resolver.
    pub fn set_endpoint_resolver(&mut self, endpoint_resolver: Option<SharedEndpointResolver>) -> &mut Self {
        self.endpoint_resolver = Some(endpoint_resolver);
        self
    }
    /// Waits between retries with `sleep_impl` instead of tokio's timer (the official SDK's
    /// [`AsyncSleep`]).
    pub fn sleep_impl(mut self, sleep_impl: impl AsyncSleep + 'static) -> Self {
        self.set_sleep_impl(Some(sleep_impl.into_shared()));
        self
    }
    /// Sets or clears what waits between retries.
    pub fn set_sleep_impl(&mut self, sleep_impl: Option<SharedAsyncSleep>) -> &mut Self {
        self.sleep_impl = Some(sleep_impl);
        self
    }
    /// How the built-in HTTP client guards against a response body that stops arriving: with
    /// download protection on, an attempt whose body sends nothing for the grace period fails
    /// with a (retryable) timeout.
    pub fn stalled_stream_protection(mut self, config: StalledStreamProtectionConfig) -> Self {
        self.set_stalled_stream_protection(Some(config));
        self
    }
    /// Sets or clears the stalled stream protection (cleared: the default, on with 5 s).
    pub fn set_stalled_stream_protection(&mut self, config: Option<StalledStreamProtectionConfig>) -> &mut Self {
        self.stalled_stream_protection = Some(config);
        self
    }
    /// Caches credentials with `identity_cache` ([`IdentityCache::lazy`] or
    /// [`IdentityCache::no_cache`], or a cache of your own).
    pub fn identity_cache(mut self, identity_cache: impl ResolveCachedIdentity + 'static) -> Self {
        self.set_identity_cache(Some(SharedIdentityCache::new(identity_cache)));
        self
    }
    /// Sets or clears the identity cache (cleared: the default lazy cache).
    pub fn set_identity_cache(&mut self, identity_cache: Option<SharedIdentityCache>) -> &mut Self {
        self.identity_cache = Some(identity_cache);
        self
    }
    /// Shares the retry quota (token bucket) and rate limiter with every client configured
    /// with the same partition.
    pub fn retry_partition(mut self, retry_partition: RetryPartition) -> Self {
        self.set_retry_partition(Some(retry_partition));
        self
    }
    /// Sets or clears the retry partition (cleared: the client's own quota).
    pub fn set_retry_partition(&mut self, retry_partition: Option<RetryPartition>) -> &mut Self {
        self.retry_partition = Some(retry_partition);
        self
    }
    /// Adds a retry classifier (the official SDK's [`ClassifyRetry`]), consulted before the
    /// built-in rules, after those added before it (see [`crate::retry::classifiers`]).
    pub fn retry_classifier(mut self, retry_classifier: impl ClassifyRetry + 'static) -> Self {
        self.push_retry_classifier(SharedRetryClassifier::new(retry_classifier));
        self
    }
    /// Adds a shared retry classifier, like [`retry_classifier`](Self::retry_classifier).
    pub fn push_retry_classifier(&mut self, retry_classifier: SharedRetryClassifier) -> &mut Self {
        self.retry_classifiers.push(retry_classifier);
        self
    }
    /// Replaces the retry classifiers added so far.
    pub fn set_retry_classifiers(
        &mut self,
        retry_classifiers: impl IntoIterator<Item = SharedRetryClassifier>,
    ) -> &mut Self {
        self.retry_classifiers = retry_classifiers.into_iter().collect();
        self
    }
    /// Adds a framework's name and version to the `User-Agent` (`lib/name#version`).
    pub fn framework_metadata(mut self, framework_metadata: FrameworkMetadata) -> Self {
        self.push_framework_metadata(framework_metadata);
        self
    }
    /// Adds framework metadata, like [`framework_metadata`](Self::framework_metadata).
    pub fn push_framework_metadata(&mut self, framework_metadata: FrameworkMetadata) -> &mut Self {
        self.framework_metadata.push(framework_metadata);
        self
    }
    /// Chooses each operation's auth schemes with `resolver` (see [`crate::auth`]).
    pub fn auth_scheme_resolver(mut self, resolver: impl ResolveAuthScheme + 'static) -> Self {
        self.set_auth_scheme_resolver(Some(SharedAuthSchemeResolver::new(resolver)));
        self
    }
    /// Sets or clears the auth scheme resolver.
    pub fn set_auth_scheme_resolver(&mut self, resolver: Option<SharedAuthSchemeResolver>) -> &mut Self {
        self.auth_scheme_resolver = Some(resolver);
        self
    }
    /// Prefers these auth schemes, in this order, among those an operation supports.
    pub fn auth_scheme_preference(mut self, preference: impl Into<AuthSchemePreference>) -> Self {
        self.set_auth_scheme_preference(Some(preference.into()));
        self
    }
    /// Sets or clears the auth scheme preference.
    pub fn set_auth_scheme_preference(&mut self, preference: Option<AuthSchemePreference>) -> &mut Self {
        self.auth_scheme_preference = Some(preference);
        self
    }
    /// Lets operations be sent unsigned (`noAuth`) when no other auth scheme can be used,
    /// e.g. without credentials.
    pub fn allow_no_auth(mut self) -> Self {
        self.set_allow_no_auth(Some(true));
        self
    }
    /// Sets or clears whether operations may be sent unsigned.
    pub fn set_allow_no_auth(&mut self, allow: Option<bool>) -> &mut Self {
        self.allow_no_auth = Some(allow);
        self
    }
    /// The configuration. Settings not given take their defaults. Without an HTTP client, the
    /// built-in HTTPS client is used, one per configuration, so that clones of a client share
    /// its connections; it trusts the platform's trust store and the
    /// [`ca_bundle`](Self::ca_bundle) (see [`crate::tls`]).
    pub fn build(self) -> Config {
        let mut config = Config::default();
        config.apply(&self);
        config.interceptors = self.interceptors;
        config.retry_classifiers = self.retry_classifiers;
        config.framework_metadata = self.framework_metadata;
        if config.http_client.is_none() {
            config.builtin_http_client_from_settings();
        }
        config
    }
}

#[cfg(feature = "aws-config")]
impl From<&SdkConfig> for Builder {
    /// The settings the shared AWS configuration (`aws_config::load_from_env().await`)
    /// resolved: region, endpoint, credentials chain, retries, timeouts, FIPS and dual-stack
    /// flags, request compression and the behavior version. What it left unset stays unset,
    /// so the builder also works as a per-call `config_override`.
    fn from(sdk: &SdkConfig) -> Self {
        let mut builder = Builder::default();
        if let Some(region) = sdk.region() {
            builder.set_region(Some(Region::new(region.as_ref().to_owned())));
        }
        if let Some(url) = sdk.endpoint_url() {
            builder.set_endpoint_url(Some(url.to_owned()));
        }
        if let Some(provider) = sdk.credentials_provider() {
            builder.set_credentials_provider(Some(provider));
        }
        if let Some(retry) = sdk.retry_config() {
            builder.set_retry_config(Some(retry.clone()));
        }
        if let Some(timeouts) = sdk.timeout_config() {
            let mut timeouts = timeouts.clone();
            timeouts.take_defaults_from(&default_timeouts());
            builder.set_timeout_config(Some(timeouts));
        }
        if let Some(fips) = sdk.use_fips() {
            builder.set_use_fips(Some(fips));
        }
        if let Some(dual) = sdk.use_dual_stack() {
            builder.set_use_dual_stack(Some(dual));
        }
        if let Some(disable) = sdk.disable_request_compression() {
            builder.set_disable_request_compression(Some(disable));
        }
        if let Some(size) = sdk.request_min_compression_size_bytes() {
            builder.set_request_min_compression_size_bytes(Some(size));
        }
        if let Some(version) = sdk.behavior_version() {
            builder.set_behavior_version(Some(version));
        }
        if let Some(name) = sdk.app_name() {
            builder.set_app_name(AppName::new(name.to_string()).ok());
        }
        builder
    }
}

#[cfg(feature = "aws-config")]
impl Config {
    /// The configuration the shared AWS configuration gives, as `Config::from(sdk_config)`
    /// (the official SDK's `Config::new`).
    pub fn new(sdk_config: &SdkConfig) -> Self {
        Self::from(sdk_config)
    }
}

#[cfg(feature = "aws-config")]
impl From<&SdkConfig> for Config {
    /// Everything the shared AWS configuration (`aws_config::load_from_env().await`) resolved
    /// (see [`Builder`]'s `From<&SdkConfig>`), the defaults for the rest.
    fn from(sdk: &SdkConfig) -> Self {
        Builder::from(sdk).build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn from_env_reads_region_endpoint_and_credentials() {
        let config = Config::from_vars(vars(&[
            ("AWS_DEFAULT_REGION", "eu-west-1"),
            ("AWS_ENDPOINT_URL", "http://general"),
            ("AWS_ENDPOINT_URL_IVS", "http://ivs-only"),
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "secret"),
            ("AWS_SESSION_TOKEN", "token"),
        ]));
        assert_eq!(config.region().map(|r| r.as_ref()), Some("eu-west-1"));
        assert_eq!(config.endpoint_url_for("IVS"), Some("http://ivs-only"));
        assert_eq!(config.endpoint_url_for("S3"), Some("http://general"));
        assert!(config.credentials_provider().is_some());
        let config = Config::from_vars(vars(&[("AWS_REGION", "us-east-2"), ("AWS_DEFAULT_REGION", "eu-west-1")]));
        assert_eq!(config.region().map(|r| r.as_ref()), Some("us-east-2"));
        assert!(config.credentials_provider().is_none(), "a key without a secret is no credentials");
    }

    #[test]
    fn defaults_match_the_official_sdk() {
        let config = Config::builder().build();
        assert_eq!(config.retry_config().max_attempts(), 3);
        assert_eq!(config.retry_config().initial_backoff(), std::time::Duration::from_secs(1));
        assert_eq!(config.retry_config().max_backoff(), std::time::Duration::from_secs(20));
        assert_eq!(config.timeout_config().connect_timeout(), Some(std::time::Duration::from_millis(3100)));
        assert!(!config.disable_request_compression());
        assert_eq!(config.request_min_compression_size_bytes(), 10_240);
        assert_eq!(config.idempotency_token_provider().make_idempotency_token().len(), 36);
    }

    #[test]
    fn request_compression_is_configured_in_code_and_from_the_environment() {
        let config = Config::builder().disable_request_compression(true).request_min_compression_size_bytes(0).build();
        assert!(config.disable_request_compression());
        assert_eq!(config.request_min_compression_size_bytes(), 0);
        let restored = config.to_builder().set_request_min_compression_size_bytes(None).clone().build();
        assert_eq!(restored.request_min_compression_size_bytes(), 10_240);

        let config = Config::from_vars(vars(&[
            ("AWS_DISABLE_REQUEST_COMPRESSION", "TRUE"),
            ("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "128"),
        ]));
        assert!(config.disable_request_compression());
        assert_eq!(config.request_min_compression_size_bytes(), 128);
        let config = Config::from_vars(vars(&[
            ("AWS_DISABLE_REQUEST_COMPRESSION", "maybe"),
            ("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "-1"),
        ]));
        assert!(!config.disable_request_compression(), "only true and false are read");
        assert_eq!(config.request_min_compression_size_bytes(), 10_240, "only a number is read");
        // Kept, so that a request that would be compressed fails, naming the setting.
        let config = Config::from_vars(vars(&[("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "10485761")]));
        assert_eq!(config.request_min_compression_size_bytes(), 10_485_761);
    }

    #[test]
    fn the_idempotency_token_provider_is_replaced() {
        let config = Config::builder().idempotency_token_provider("00000000-0000-4000-8000-000000000000").build();
        assert_eq!(
            config.idempotency_token_provider().make_idempotency_token(),
            "00000000-0000-4000-8000-000000000000"
        );
        let config = config.to_builder().idempotency_token_provider(IdempotencyTokenProvider::fixed("another")).build();
        assert_eq!(config.idempotency_token_provider().make_idempotency_token(), "another");
    }

    #[cfg(feature = "aws-config")]
    #[test]
    fn shared_sdk_config_carries_over() {
        let sdk = SdkConfig::builder()
            .region(aws_types::region::Region::new("eu-central-1"))
            .endpoint_url("http://127.0.0.1:4566")
            .credentials_provider(SharedCredentialsProvider::new(Credentials::new("AKID", "s", None, None, "t")))
            .retry_config(RetryConfig::standard().with_max_attempts(7))
            .use_fips(true)
            .disable_request_compression(true)
            .request_min_compression_size_bytes(64)
            .build();
        let config = Config::from(&sdk);
        assert_eq!(config.region().map(|r| r.as_ref()), Some("eu-central-1"));
        assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:4566"));
        assert!(config.credentials_provider().is_some());
        assert_eq!(config.retry_config().max_attempts(), 7);
        assert!(config.use_fips());
        assert!(config.disable_request_compression());
        assert_eq!(config.request_min_compression_size_bytes(), 64);
        assert_eq!(config.timeout_config().connect_timeout(), Some(std::time::Duration::from_millis(3100)));
    }

    #[test]
    fn the_ca_bundle_comes_from_aws_ca_bundle_or_the_setting_and_rebuilds_the_builtin_client() {
        let config = Config::from_vars(vars(&[("AWS_CA_BUNDLE", "/etc/corp/ca.pem")]));
        assert_eq!(config.ca_bundle(), Some(Path::new("/etc/corp/ca.pem")));
        assert_eq!(Config::from_vars(vars(&[("AWS_CA_BUNDLE", "")])).ca_bundle(), None);
        assert_eq!(Config::builder().build().ca_bundle(), None);
        let set = config.to_builder().ca_bundle("/tmp/other.pem").build();
        assert_eq!(set.ca_bundle(), Some(Path::new("/tmp/other.pem")));
        assert_eq!(set.to_builder().set_ca_bundle(None).clone().build().ca_bundle(), None);
        #[cfg(feature = "rustls")]
        {
            assert!(set.builtin_http_client && set.http_client().is_some());
            let custom = set.to_builder().http_client(crate::protocol_test::CaptureClient::ok()).build();
            assert!(!custom.builtin_http_client, "a client the user set is kept");
            assert!(format!("{:?}", custom.http_client()).contains("CaptureClient"));
        }
    }

    #[test]
    fn an_override_replaces_only_the_settings_it_was_given() {
        #[derive(Debug)]
        struct Named(&'static str);
        impl Intercept for Named {
            fn name(&self) -> &'static str {
                self.0
            }
        }
        let base = Config::builder()
            .region(Region::new("us-east-1"))
            .endpoint_url("http://127.0.0.1:1")
            .use_fips(true)
            .retry_config(RetryConfig::disabled())
            .request_min_compression_size_bytes(5)
            .interceptor(Named("client"))
            .build();
        let over =
            Builder::default().retry_config(RetryConfig::standard().with_max_attempts(7)).interceptor(Named("call"));
        let merged = base.with_override(&over);
        assert_eq!(merged.retry_config().max_attempts(), 7);
        assert_eq!(merged.region().map(|r| r.as_ref()), Some("us-east-1"));
        assert_eq!(merged.endpoint_url(), Some("http://127.0.0.1:1"));
        assert!(merged.use_fips());
        assert_eq!(merged.request_min_compression_size_bytes(), 5);
        let names: Vec<&str> = merged.interceptors().map(|i| i.name()).collect();
        assert_eq!(names, ["client", "call"]);

        // An endpoint set in code wins over the service's endpoint variable, in an override too.
        let from_env = Config::from_vars(vars(&[("AWS_ENDPOINT_URL_IVS", "http://env")]));
        assert_eq!(from_env.endpoint_url_for("IVS"), Some("http://env"));
        let overridden = from_env.with_override(&Builder::default().endpoint_url("http://code"));
        assert_eq!(overridden.endpoint_url_for("IVS"), Some("http://code"));
        assert_eq!(
            from_env.to_builder().endpoint_url("http://code").build().endpoint_url_for("IVS"),
            Some("http://code")
        );
        let unrelated = from_env.with_override(&Builder::default().use_dual_stack(true));
        assert_eq!(unrelated.endpoint_url_for("IVS"), Some("http://env"));
        assert_eq!(base.interceptors().count(), 1, "the base is untouched");

        // Cleared settings go back to their defaults; optional ones to none.
        let mut clear = Builder::default();
        clear.set_use_fips(None).set_region(None).set_request_min_compression_size_bytes(None);
        let cleared = base.with_override(&clear);
        assert!(!cleared.use_fips());
        assert_eq!(cleared.region(), None);
        assert_eq!(cleared.request_min_compression_size_bytes(), 10_240);
        assert!(Builder::default().is_empty() && !clear.is_empty());
    }

    #[cfg(feature = "rustls")]
    #[test]
    fn an_override_keeps_the_http_client_unless_it_sets_one() {
        let base = Config::builder().build();
        assert!(base.builtin_http_client);
        let same = base.with_override(&Builder::default().region(Region::new("eu-west-1")));
        assert!(same.builtin_http_client && same.http_client().is_some());
        let timeouts = TimeoutConfig::builder().connect_timeout(std::time::Duration::from_secs(1)).build();
        let rebuilt = base.with_override(&Builder::default().timeout_config(timeouts));
        assert!(rebuilt.builtin_http_client);
        assert_eq!(rebuilt.timeout_config().connect_timeout(), Some(std::time::Duration::from_secs(1)));
        let custom = base.with_override(&Builder::default().http_client(crate::protocol_test::CaptureClient::ok()));
        assert!(!custom.builtin_http_client && format!("{:?}", custom.http_client()).contains("CaptureClient"));
        let kept = custom.with_override(&Builder::default().timeout_config(TimeoutConfig::disabled()));
        assert!(format!("{:?}", kept.http_client()).contains("CaptureClient"), "a client the user set is kept");
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let config = Config::builder()
            .credentials_provider(Credentials::new("AKID", "very-secret-key", Some("tok-secret".into()), None, "test"))
            .build();
        let debug = format!("{config:?}");
        assert!(!debug.contains("very-secret-key") && !debug.contains("tok-secret"), "{debug}");
    }
}
