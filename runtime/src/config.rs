//! Client configuration: region, endpoint, credentials, retries, timeouts, the HTTP client and
//! the CA bundle it trusts, request compression and idempotency tokens.
//!
//! The builder is source-compatible with the official SDK's on the common path:
//! `Config::builder().region(..).endpoint_url(..).credentials_provider(..).retry_config(..)
//! .timeout_config(..).http_client(..).build()`.

use crate::compression::DEFAULT_MIN_COMPRESSION_SIZE_BYTES;
use crate::transport::{HttpClient, SharedHttpClient};
use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

pub use crate::idempotency_token::IdempotencyTokenProvider;
pub use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
pub use aws_credential_types::Credentials;
pub use aws_smithy_types::retry::RetryConfig;
pub use aws_smithy_types::timeout::TimeoutConfig;
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
        }
    }
}

/// The official SDK's default: a 3.1 s connect timeout, nothing else.
fn default_timeouts() -> TimeoutConfig {
    TimeoutConfig::builder().connect_timeout(std::time::Duration::from_millis(3100)).build()
}

impl Config {
    /// A builder with the defaults: standard retries (3 attempts), a 3.1 s connect timeout,
    /// request compression on for bodies of 10240 bytes or more, random idempotency tokens.
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
        builder.inner.service_endpoint_urls = vars
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("AWS_ENDPOINT_URL_").map(|service| (service.to_owned(), v.clone())))
            .collect();
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
            builder.inner.retry_config = builder.inner.retry_config.with_max_attempts(attempts);
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

    /// A builder holding this configuration, to change part of it.
    pub fn to_builder(&self) -> Builder {
        Builder { inner: self.clone() }
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
}

/// Builder for [`Config`].
#[derive(Clone, Debug, Default)]
pub struct Builder {
    inner: Config,
}

impl Builder {
    /// Sets the region.
    pub fn region(mut self, region: impl Into<Option<Region>>) -> Self {
        self.set_region(region.into());
        self
    }
    /// Sets or clears the region.
    pub fn set_region(&mut self, region: Option<Region>) -> &mut Self {
        self.inner.region = region;
        self
    }
    /// Sends every request to `url` (such as `http://127.0.0.1:4566`) instead of the region's
    /// endpoint. Plain `http://` is allowed only here.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.set_endpoint_url(Some(url.into()));
        self
    }
    /// Sets or clears the endpoint override.
    pub fn set_endpoint_url(&mut self, url: Option<String>) -> &mut Self {
        self.inner.endpoint_url = url;
        self
    }
    /// Uses FIPS endpoints.
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.set_use_fips(Some(use_fips));
        self
    }
    /// Sets or clears the FIPS flag.
    pub fn set_use_fips(&mut self, use_fips: Option<bool>) -> &mut Self {
        self.inner.use_fips = use_fips.unwrap_or(false);
        self
    }
    /// Uses dual-stack endpoints.
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.set_use_dual_stack(Some(use_dual_stack));
        self
    }
    /// Sets or clears the dual-stack flag.
    pub fn set_use_dual_stack(&mut self, use_dual_stack: Option<bool>) -> &mut Self {
        self.inner.use_dual_stack = use_dual_stack.unwrap_or(false);
        self
    }
    /// Sets where credentials come from: `Credentials::new(..)` or any `ProvideCredentials`.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.set_credentials_provider(Some(SharedCredentialsProvider::new(provider)));
        self
    }
    /// Sets or clears the credentials provider.
    pub fn set_credentials_provider(&mut self, provider: Option<SharedCredentialsProvider>) -> &mut Self {
        self.inner.credentials_provider = provider;
        self
    }
    /// Sets how failed attempts are retried (`RetryConfig::standard().with_max_attempts(5)`).
    pub fn retry_config(mut self, retry_config: RetryConfig) -> Self {
        self.set_retry_config(Some(retry_config));
        self
    }
    /// Sets the retry configuration, or restores the default.
    pub fn set_retry_config(&mut self, retry_config: Option<RetryConfig>) -> &mut Self {
        self.inner.retry_config = retry_config.unwrap_or_else(RetryConfig::standard);
        self
    }
    /// Sets the connect, per-attempt and per-operation timeouts.
    pub fn timeout_config(mut self, timeout_config: TimeoutConfig) -> Self {
        self.set_timeout_config(Some(timeout_config));
        self
    }
    /// Sets the timeouts, or restores the default.
    pub fn set_timeout_config(&mut self, timeout_config: Option<TimeoutConfig>) -> &mut Self {
        self.inner.timeout_config = timeout_config.unwrap_or_else(default_timeouts);
        self
    }
    /// Sends requests through `client` instead of the built-in HTTPS client.
    pub fn http_client(mut self, client: impl HttpClient + 'static) -> Self {
        self.set_http_client(Some(SharedHttpClient::new(client)));
        self
    }
    /// Sets or clears the HTTP client.
    pub fn set_http_client(&mut self, client: Option<SharedHttpClient>) -> &mut Self {
        self.inner.http_client = client;
        self.inner.builtin_http_client = false;
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
        self.inner.ca_bundle = path;
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
        self.inner.disable_request_compression = disable.unwrap_or(false);
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
        self.inner.request_min_compression_size_bytes = size.unwrap_or(DEFAULT_MIN_COMPRESSION_SIZE_BYTES);
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
        self.inner.idempotency_token_provider = provider.unwrap_or_default();
        self
    }
    /// The configuration. Without an HTTP client, the built-in HTTPS client is used, one per
    /// configuration, so that clones of a client share its connections; it trusts the
    /// platform's trust store and the [`ca_bundle`](Self::ca_bundle) (see [`crate::tls`]).
    pub fn build(mut self) -> Config {
        #[cfg(feature = "rustls")]
        if self.inner.http_client.is_none() || self.inner.builtin_http_client {
            let connect_timeout = self.inner.timeout_config.connect_timeout();
            let client =
                crate::hyper_client::HyperClient::with_ca_bundle(connect_timeout, self.inner.ca_bundle.as_deref());
            self.inner.http_client = Some(SharedHttpClient::new(client));
            self.inner.builtin_http_client = true;
        }
        self.inner
    }
}

#[cfg(feature = "aws-config")]
impl From<&SdkConfig> for Config {
    /// Everything the shared AWS configuration (`aws_config::load_from_env().await`) resolved:
    /// region, endpoint, credentials chain, retries, timeouts, FIPS and dual-stack flags.
    fn from(sdk: &SdkConfig) -> Self {
        let mut builder = Builder::default();
        builder.set_region(sdk.region().map(|r| Region::new(r.as_ref().to_owned())));
        builder.set_endpoint_url(sdk.endpoint_url().map(str::to_owned));
        builder.set_credentials_provider(sdk.credentials_provider());
        builder.set_retry_config(sdk.retry_config().cloned());
        if let Some(timeouts) = sdk.timeout_config() {
            let mut timeouts = timeouts.clone();
            timeouts.take_defaults_from(&default_timeouts());
            builder.set_timeout_config(Some(timeouts));
        }
        builder.set_use_fips(sdk.use_fips());
        builder.set_use_dual_stack(sdk.use_dual_stack());
        builder.set_disable_request_compression(sdk.disable_request_compression());
        builder.set_request_min_compression_size_bytes(sdk.request_min_compression_size_bytes());
        builder.build()
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
    fn debug_never_shows_the_secret() {
        let config = Config::builder()
            .credentials_provider(Credentials::new("AKID", "very-secret-key", Some("tok-secret".into()), None, "test"))
            .build();
        let debug = format!("{config:?}");
        assert!(!debug.contains("very-secret-key") && !debug.contains("tok-secret"), "{debug}");
    }
}
