//! Sending an operation: serialise, resolve the endpoint, sign, send through the transport
//! with retries and timeouts, and read the response.

use crate::config::{Config, Credentials};
use crate::endpoint_resolver::{DefaultResolver, ResolveEndpoint, ResolveEndpointError};
use crate::endpoint_rules::{Params, RuleSet};
use crate::error::{BuildError, DeserializeError, ErrorMetadata, ProvideErrorMetadata, SdkError};
use crate::interceptors::Interceptors;
use crate::retry::adaptive::{ClientRateLimiter, INITIAL_REQUEST_COST};
use crate::retry::classifiers::{self, Attempt, EraseError};
use crate::retry::{backoff, classify_connector_error, classify_response, RetryKind, RetryQuota};
use crate::transport::{BoxError, ConnectorError, HttpClient, HttpRequest, HttpResponse};
use aws_smithy_types::retry::RetryMode;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tracing::Instrument;

/// Facts about a service that the runtime needs, taken from its model.
#[derive(Debug)]
pub struct ServiceInfo {
    /// The model's `sdkId`, such as `ivs`.
    pub sdk_id: &'static str,
    /// The SigV4 signing name.
    pub signing_name: &'static str,
    /// The host prefix of the service's endpoints.
    pub endpoint_prefix: &'static str,
    /// The API version of the model.
    pub api_version: &'static str,
    /// The suffix of the service's endpoint variable: `IVS` in `AWS_ENDPOINT_URL_IVS`.
    pub env_key: &'static str,
    /// The generated crate's name, for the `User-Agent`.
    pub crate_name: &'static str,
    /// The generated crate's version, for the `User-Agent`.
    pub crate_version: &'static str,
    /// The model's endpoint rule set, when it has one; without, endpoints follow the standard
    /// AWS pattern (`crate::endpoint`).
    pub endpoint_rules: Option<fn() -> Result<&'static RuleSet, String>>,
}

/// What a generated client holds: its configuration, its service, and the retry state all
/// its calls share (the retry quota, and the adaptive mode's rate limiter).
#[derive(Debug)]
pub struct ClientHandle {
    config: Config,
    service: &'static ServiceInfo,
    retry_quota: Arc<RetryQuota>,
    rate_limiter: Arc<ClientRateLimiter>,
}

impl ClientHandle {
    /// A handle for `service` configured by `config`, with a full retry quota.
    pub fn new(config: Config, service: &'static ServiceInfo) -> Self {
        let (retry_quota, rate_limiter) = match config.retry_partition() {
            Some(partition) => partition.shared_state(),
            None => (Arc::new(RetryQuota::new()), Arc::new(ClientRateLimiter::new())),
        };
        Self { config, service, retry_quota, rate_limiter }
    }
    /// This client for one call whose configuration `config_override` changes
    /// ([`Config::with_override`]). The call shares the client's retry quota and rate limiter:
    /// retries an override allows still draw on what the client's other calls draw on.
    pub fn with_config_override(&self, config_override: &crate::config::Builder) -> ClientHandle {
        let config = self.config.with_override(config_override);
        // An override naming another retry partition draws on that partition's quota.
        let (retry_quota, rate_limiter) = match config.retry_partition() {
            Some(partition) if Some(partition) != self.config.retry_partition() => partition.shared_state(),
            _ => (self.retry_quota.clone(), self.rate_limiter.clone()),
        };
        ClientHandle { config, service: self.service, retry_quota, rate_limiter }
    }
    /// The retry quota all calls of this client share (standard and adaptive modes).
    pub fn retry_quota(&self) -> &RetryQuota {
        &self.retry_quota
    }
    /// The client-side rate limiter of the adaptive retry mode (unused in the standard mode).
    pub fn rate_limiter(&self) -> &ClientRateLimiter {
        &self.rate_limiter
    }
    /// The client's configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }
    /// The service this client talks to.
    pub fn service(&self) -> &'static ServiceInfo {
        self.service
    }

    /// The endpoint requests go to without an endpoint resolver: the configured
    /// `endpoint_url`, else the region's (with the service's rules, when it has some).
    pub fn endpoint(&self) -> Result<String, BoxError> {
        let endpoint_url = self.config.endpoint_url_for(self.service.env_key);
        if let Some(url) = endpoint_url {
            check_endpoint_url(url)?;
        }
        if let Some(rules) = self.service.endpoint_rules {
            return self.endpoint_from_rules(rules()?, endpoint_url);
        }
        if let Some(url) = endpoint_url {
            return check_endpoint_url(url);
        }
        let region = self.region()?;
        Ok(crate::endpoint::resolve(
            self.service.endpoint_prefix,
            region,
            self.config.use_fips(),
            self.config.use_dual_stack(),
        ))
    }

    /// Resolves the endpoint with the model's rule set; its built-in parameters come from the
    /// configuration.
    fn endpoint_from_rules(&self, rules: &RuleSet, endpoint_url: Option<&str>) -> Result<String, BoxError> {
        let mut params = Params::new();
        let mut set = |built_in: &str, value: crate::endpoint_rules::Value| {
            if let Some(parameter) = rules.parameter_for_built_in(built_in) {
                params.insert(parameter.name(), value);
            }
        };
        if endpoint_url.is_none() {
            // Without an endpoint, a missing region gets our message rather than the rule set's.
            set("AWS::Region", self.region()?.into());
        } else if let Some(region) = self.config.region() {
            set("AWS::Region", region.as_ref().into());
        }
        set("AWS::UseFIPS", self.config.use_fips().into());
        set("AWS::UseDualStack", self.config.use_dual_stack().into());
        if let Some(url) = endpoint_url {
            set("SDK::Endpoint", url.into());
        }
        let endpoint = crate::endpoint_rules::resolve(rules, &params)
            .map_err(|e| BoxError::from(format!("no endpoint for this configuration: {e}")))?;
        Ok(endpoint.url.trim_end_matches('/').to_owned())
    }

    /// The endpoint of a call, and the headers it adds: from the configured endpoint resolver,
    /// called with the configuration's [`Params`](crate::endpoint_resolver::Params), else as
    /// [`Self::endpoint`] resolves it.
    async fn resolve_endpoint(&self) -> Result<(String, Vec<(String, String)>), BoxError> {
        let Some(resolver) = self.config.endpoint_resolver() else { return Ok((self.endpoint()?, Vec::new())) };
        let params = crate::endpoint_resolver::Params::builder()
            .set_region(self.config.region().map(|r| r.as_ref().to_owned()))
            .use_fips(self.config.use_fips())
            .use_dual_stack(self.config.use_dual_stack())
            .set_endpoint(self.config.endpoint_url_for(self.service.env_key).map(str::to_owned))
            .build()
            .map_err(|e| ResolveEndpointError::from_source("the endpoint parameters are invalid", e))?;
        let endpoint = crate::endpoint_resolver::call(&resolver, params).await?;
        let url = check_endpoint_url(endpoint.url()).map_err(|e| {
            ResolveEndpointError::from_source("the configured endpoint resolver returned an invalid endpoint", e)
        })?;
        let headers = endpoint
            .headers()
            .flat_map(|(name, values)| values.map(move |v| (name.to_owned(), v.to_owned())))
            .collect();
        Ok((url, headers))
    }

    /// The interceptors of one call, or `None` when none are configured.
    fn interceptors(&self) -> Option<Interceptors> {
        let interceptors: Vec<_> = self.config.interceptors().collect();
        if interceptors.is_empty() {
            return None;
        }
        let resolver = self
            .config
            .endpoint_resolver()
            .unwrap_or_else(|| DefaultResolver::for_service(self.service).into_shared_resolver());
        Some(Interceptors::new(
            interceptors,
            resolver,
            self.config.http_client(),
            self.config.retry_config(),
            self.config.timeout_config(),
        ))
    }

    fn region(&self) -> Result<&str, BoxError> {
        let region = self.config.region().map(|r| r.as_ref()).ok_or_else(|| {
            BoxError::from(
                "no region is configured: set one with `Config::builder().region(Region::new(\"us-west-2\"))`, \
                 or set the AWS_REGION environment variable and use `Config::from_env()`",
            )
        })?;
        if !crate::endpoint::is_valid_region(region) {
            return Err(BoxError::from(format!("invalid region {region:?}: a region is a name like `us-west-2`")));
        }
        Ok(region)
    }
}

/// `url` without its trailing `/`, if it is an `http://` or `https://` URL with a host and no
/// query.
pub(crate) fn check_endpoint_url(url: &str) -> Result<String, BoxError> {
    let invalid = |why: &str| {
        BoxError::from(format!(
            "invalid endpoint URL {url:?}: {why} (an endpoint URL looks like `https://host` or `http://127.0.0.1:4566`)"
        ))
    };
    let uri: http::Uri = url.parse().map_err(|e: http::uri::InvalidUri| invalid(&e.to_string()))?;
    match uri.scheme_str() {
        Some("http") | Some("https") => {}
        _ => return Err(invalid("it must start with http:// or https://")),
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(invalid("it has no host"));
    }
    if uri.query().is_some() {
        return Err(invalid("it may not have a query"));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// One operation of a generated client, implemented by a unit struct per operation.
pub trait Operation {
    /// The operation's input (type-erased for interceptors, as the official SDK's `Input`).
    type Input: fmt::Debug + Send + 'static;
    /// The operation's output.
    type Output;
    /// The operation's error.
    type Error: std::error::Error + Send + Sync + 'static;
    /// The operation's name in the model.
    const NAME: &'static str;

    /// Builds the request: method, path and query (no scheme or host), headers and body.
    fn serialize_request(input: &Self::Input) -> Result<HttpRequest, BuildError>;
    /// Reads a successful response.
    fn deserialize_output(response: &HttpResponse) -> Result<Self::Output, DeserializeError>;
    /// Reads an error response whose code and message are already in `meta`.
    fn deserialize_error(response: &HttpResponse, meta: ErrorMetadata) -> Self::Error;

    /// Whether the output's payload is a `@streaming` blob, handed to the user unread.
    const STREAMING_OUTPUT: bool = false;

    /// Whether the input's payload is a `@streaming` blob, read into memory by
    /// [`Self::buffer_input`] before the request is made and signed.
    const STREAMING_INPUT: bool = false;

    /// Reads the input's streaming body into memory; called only when [`Self::STREAMING_INPUT`]
    /// is set.
    fn buffer_input(input: Self::Input) -> crate::transport::BoxFuture<'static, Result<Self::Input, BoxError>> {
        Box::pin(std::future::ready(Ok(input)))
    }

    /// Reads a successful response whose body is still streaming; called only when
    /// [`Self::STREAMING_OUTPUT`] is set.
    fn deserialize_streaming_output(
        response: http::Response<crate::ByteStream>,
    ) -> Result<Self::Output, DeserializeError> {
        let _ = response;
        Err(DeserializeError::new(format!("{} has no streaming output", Self::NAME)))
    }
}

/// Sends `input` as operation `Op`: signed, retried and timed out as the configuration says.
///
/// Only building the request and reading the response depend on `Op`; everything between is
/// one non-generic function, compiled once rather than once per operation.
///
/// The configured [interceptors](crate::interceptors) run around each step; without any, none
/// of their machinery is touched.
pub async fn invoke<Op: Operation>(handle: &ClientHandle, input: Op::Input) -> Result<Op::Output, SdkError<Op::Error>> {
    let Some(mut hooks) = handle.interceptors() else { return execute::<Op>(handle, input, None).await };
    let result = execute::<Op>(handle, input, Some(&mut hooks)).await;
    match hooks.after_execution() {
        Ok(()) => result,
        // The last hook's error becomes the call's, classified by how far the call got.
        Err(error) => Err(match (hooks.last_response(), &result) {
            (Some(response), _) => SdkError::response_error(error, response),
            (None, Err(SdkError::ConstructionFailure(_))) => SdkError::construction_failure(error),
            (None, _) => SdkError::dispatch_failure(ConnectorError::other(error)),
        }),
    }
}

async fn execute<Op: Operation>(
    handle: &ClientHandle,
    input: Op::Input,
    mut hooks: Option<&mut Interceptors>,
) -> Result<Op::Output, SdkError<Op::Error>> {
    let input = if Op::STREAMING_INPUT {
        Op::buffer_input(input).await.map_err(SdkError::construction_failure)?
    } else {
        input
    };
    let input = match hooks.as_deref_mut() {
        Some(hooks) => hooks.before_serialization(input).map_err(SdkError::construction_failure)?,
        None => input,
    };
    let mut request = Op::serialize_request(&input).map_err(SdkError::construction_failure)?;
    // With `test-util`, the typed input travels with the request, for a `mock::Mock`'s transport.
    #[cfg(feature = "test-util")]
    crate::mock::attach_input(&mut request, Op::NAME, input);
    #[cfg(not(feature = "test-util"))]
    drop(input);
    if let Some(hooks) = hooks.as_deref_mut() {
        // The official orchestrator has entered its "before transmit" phase here: a dispatch failure.
        hooks.after_serialization(&mut request).map_err(|e| SdkError::dispatch_failure(ConnectorError::other(e)))?;
    }
    match dispatch(handle, Op::NAME, request, Op::STREAMING_OUTPUT, erase_error::<Op>, hooks).await {
        Ok(Delivered::Whole { response, attempts }) => match Op::deserialize_output(&response) {
            Ok(output) => Ok(output),
            Err(e) => Err(SdkError::response_error(e, response).with_attempts(attempts)),
        },
        Ok(Delivered::Streaming { response, attempts }) => {
            let raw = head_only(&response);
            Op::deserialize_streaming_output(response)
                .map_err(|e| SdkError::response_error(e, raw).with_attempts(attempts))
        }
        Err(e) => Err(e.map_service_error_with_raw(|meta, response| Op::deserialize_error(response, meta))),
    }
}

/// An error answer read as `Op`'s error, type-erased for retry classifiers.
fn erase_error<Op: Operation>(
    response: &HttpResponse,
    meta: ErrorMetadata,
) -> aws_smithy_runtime_api::client::interceptors::context::Error {
    aws_smithy_runtime_api::client::interceptors::context::Error::erase(Op::deserialize_error(response, meta))
}

/// A successful response, delivered to the operation to read.
enum Delivered {
    /// Read whole.
    Whole { response: HttpResponse, attempts: u32 },
    /// Its body still streaming (a `@streaming` output).
    Streaming { response: http::Response<crate::ByteStream>, attempts: u32 },
}

/// Sends a built request: resolves endpoint and credentials, then signs, sends and retries it
/// within the timeouts. A service error comes back as its metadata, for the operation to read.
async fn dispatch(
    handle: &ClientHandle,
    operation: &'static str,
    request: HttpRequest,
    streaming: bool,
    erase_error: EraseError,
    hooks: Option<&mut Interceptors>,
) -> Result<Delivered, SdkError<ErrorMetadata>> {
    let span = tracing::debug_span!("operation", service = handle.service.sdk_id, operation);
    async move {
        // Counted outside the attempts, so that an operation timeout can say how many were made.
        let made = std::sync::atomic::AtomicU32::new(0);
        match handle.config.timeout_config().operation_timeout() {
            Some(limit) => {
                let attempts = attempts(handle, operation, request, streaming, erase_error, &made, hooks);
                match tokio::time::timeout(limit, attempts).await {
                    Ok(result) => result,
                    Err(_) => Err(SdkError::timeout_error(format!("the operation did not complete within {limit:?}"))
                        .with_attempts(made.load(std::sync::atomic::Ordering::Relaxed).max(1))),
                }
            }
            None => attempts(handle, operation, request, streaming, erase_error, &made, hooks).await,
        }
    }
    .instrument(span)
    .await
}

/// Everything resolved once per operation, before the first attempt.
struct Prepared {
    request: HttpRequest,
    /// `None` when the request goes unsigned (the `noAuth` scheme).
    credentials: Option<Credentials>,
    region: String,
    client: crate::transport::SharedHttpClient,
}

async fn prepare(
    handle: &ClientHandle,
    operation: &'static str,
    mut request: HttpRequest,
) -> Result<Prepared, BoxError> {
    let (mut endpoint, endpoint_headers) = handle.resolve_endpoint().await?;
    if let Some(prefix) = request.extensions().get::<crate::endpoint::EndpointPrefix>() {
        endpoint = prefix.apply(&endpoint)?;
    }
    let region = handle.region()?.to_owned();
    let path = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let uri = format!("{endpoint}{path}");
    *request.uri_mut() = uri.parse().map_err(|e| BoxError::from(format!("invalid endpoint URL {endpoint:?}: {e}")))?;
    for (name, value) in endpoint_headers {
        let invalid = |e: &dyn std::fmt::Display| BoxError::from(format!("invalid endpoint header {name:?}: {e}"));
        let header_name = http::HeaderName::from_bytes(name.as_bytes()).map_err(|e| invalid(&e))?;
        let header_value = http::HeaderValue::from_str(&value).map_err(|e| invalid(&e))?;
        request.headers_mut().append(header_name, header_value);
    }
    finish_body(&handle.config, &mut request)?;
    let provider = handle.config.credentials_provider();
    let config = &handle.config;
    let scheme = crate::auth::choose(
        config.auth_scheme_resolver().as_ref(),
        config.auth_scheme_preference(),
        config.allow_no_auth(),
        operation,
        provider.is_some(),
    );
    let credentials = match (scheme, provider) {
        (Some(scheme), Some(provider)) if scheme == crate::auth::SIGV4 => {
            let cache = config.identity_cache_ref();
            Some(crate::identity_cache::ResolveCachedIdentity::resolve_cached_identity(cache, &provider).await?)
        }
        (Some(_), _) => None,
        (None, None) => {
            return Err(BoxError::from(
                "no credentials are configured: set them with \
                 `Config::builder().credentials_provider(Credentials::new(access_key, secret_key, None, None, \"name\"))`, \
                 or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY and use `Config::from_env()`",
            ))
        }
        (None, Some(_)) => {
            return Err(BoxError::from(format!(
                "no auth scheme this client supports (sigv4, noAuth) can sign {operation}: check the auth scheme resolver"
            )))
        }
    };
    let client = handle.config.http_client().ok_or_else(|| {
        BoxError::from(
            "no HTTP client is configured: enable the `rustls` feature or set one with `Config::builder().http_client(..)`",
        )
    })?;
    Ok(Prepared { request, credentials, region, client })
}

/// Makes the body final and describes it, in the official SDK's order: compressed
/// (`@requestCompression`), then checksummed (`@httpChecksumRequired`), then measured.
fn finish_body(config: &Config, request: &mut HttpRequest) -> Result<(), BoxError> {
    if let Some(compression) = request.extensions().get::<crate::compression::RequestCompression>().copied() {
        crate::compression::compress_request(
            request,
            &compression,
            config.disable_request_compression(),
            config.request_min_compression_size_bytes(),
        )?;
    }
    if request.extensions().get::<crate::checksum::HttpChecksumRequired>().is_some() {
        crate::checksum::add_content_md5(request);
    }
    if request.extensions().get::<crate::checksum::GlacierChecksums>().is_some() {
        crate::checksum::add_glacier_checksums(request);
    }
    // Every request with a body says how long it is; one without (a GET) says nothing.
    let length = request.body().len();
    if length > 0 {
        request.headers_mut().insert(http::header::CONTENT_LENGTH, http::HeaderValue::from(length));
    }
    Ok(())
}

async fn attempts(
    handle: &ClientHandle,
    operation: &'static str,
    request: HttpRequest,
    streaming: bool,
    erase_error: EraseError,
    made: &std::sync::atomic::AtomicU32,
    mut hooks: Option<&mut Interceptors>,
) -> Result<Delivered, SdkError<ErrorMetadata>> {
    let prepared = prepare(handle, operation, request).await.map_err(SdkError::construction_failure)?;
    let retry = handle.config.retry_config();
    let max_attempts = if retry.has_retry() { retry.max_attempts().max(1) } else { 1 };
    let attempt_timeout = handle.config.timeout_config().operation_attempt_timeout();
    // The adaptive mode adds the client-side rate limiter to everything the standard one does.
    let limiter = (retry.mode() == RetryMode::Adaptive).then_some(&*handle.rate_limiter);
    let invocation_id = uuid_v4();
    let user_agent = user_agent(handle.service, handle.config());
    let classifiers: Vec<_> = handle.config.retry_classifiers().collect();
    let sleep_impl = handle.config.sleep_impl();
    let sleep = |wait: Duration| sleep(sleep_impl.as_ref(), wait);
    // Read once per operation, not once per attempt (the getter clones a shared handle).
    let clock = handle.config().time_source();
    if let Some(limiter) = limiter {
        sleep(limiter.acquire(INITIAL_REQUEST_COST)).await;
    }
    let mut attempt = 1;
    // What the retry in flight took from the quota: given back if it succeeds.
    let mut quota_held = None;
    loop {
        // The wait a retry classifier asked for, if one did.
        let mut classifier_delay = None;
        let mut request = copy_request(&prepared.request);
        let headers = request.headers_mut();
        headers.insert(http::header::USER_AGENT, header(&user_agent));
        headers.insert("x-amz-user-agent", header(&user_agent));
        headers.insert("amz-sdk-invocation-id", header(&invocation_id));
        headers.insert("amz-sdk-request", header(&format!("attempt={attempt}; max={max_attempts}")));
        // What interceptors add before signing is signed; a failed hook ends the call.
        if let Some(hooks) = hooks.as_deref_mut() {
            if let Err(error) = hooks.before_signing(&mut request) {
                return Err(hook_failed(hooks, error, None, attempt));
            }
        }
        if let Some(credentials) = &prepared.credentials {
            crate::signing::sign(
                &mut request,
                credentials,
                &prepared.region,
                handle.service.signing_name,
                clock.as_ref().map_or_else(SystemTime::now, |clock| clock.now()),
            )
            .map_err(SdkError::construction_failure)?;
        }
        if let Some(hooks) = hooks.as_deref_mut() {
            if let Err(error) = hooks.before_transmit(&mut request) {
                return Err(hook_failed(hooks, error, None, attempt));
            }
            hooks.transmitted();
        }

        made.store(attempt, std::sync::atomic::Ordering::Relaxed);
        let span = tracing::debug_span!("attempt", attempt, max_attempts);
        let outcome = match attempt_timeout {
            Some(limit) => tokio::time::timeout(limit, send_attempt(&prepared.client, request, streaming))
                .instrument(span.clone())
                .await
                .unwrap_or_else(|_| {
                    Err(crate::transport::ConnectorError::timeout(format!(
                        "the attempt did not complete within {limit:?}"
                    )))
                }),
            None => send_attempt(&prepared.client, request, streaming).instrument(span.clone()).await,
        };
        let outcome = match (outcome, hooks.as_deref_mut()) {
            (Ok(Received::Whole(mut response)), Some(hooks)) => match hooks.after_transmit(&mut response) {
                Ok(()) => Ok(Received::Whole(response)),
                Err(error) => return Err(hook_failed(hooks, error, Some(response), attempt)),
            },
            (Ok(Received::Streaming(mut response)), Some(hooks)) => match hooks.after_transmit_streaming(&mut response)
            {
                Ok(()) => Ok(Received::Streaming(response)),
                Err(error) => return Err(hook_failed(hooks, error, Some(head_only(&response)), attempt)),
            },
            (outcome, _) => outcome,
        };
        let succeeded = |attempts: u32| {
            handle.retry_quota.release(quota_held.unwrap_or(crate::retry::NO_RETRY_INCREMENT));
            if let Some(limiter) = limiter {
                limiter.update(false);
            }
            span.in_scope(|| tracing::debug!(attempts, "succeeded"));
        };
        let failure = match outcome {
            // A streaming output is handed over before its body is read.
            Ok(Received::Streaming(response)) => {
                succeeded(attempt);
                if let Some(hooks) = hooks.as_deref_mut() {
                    if let Err(error) = hooks.after_attempt() {
                        return Err(SdkError::response_error(error, head_only(&response)).with_attempts(attempt));
                    }
                }
                return Ok(Delivered::Streaming { response, attempts: attempt });
            }
            Ok(Received::Whole(response)) if response.status().is_success() => {
                succeeded(attempt);
                if let Some(hooks) = hooks.as_deref_mut() {
                    if let Err(error) = hooks.after_attempt() {
                        return Err(SdkError::response_error(error, response).with_attempts(attempt));
                    }
                }
                return Ok(Delivered::Whole { response, attempts: attempt });
            }
            Ok(Received::Whole(response)) => {
                let meta = crate::error::parse_error_metadata(&response);
                let attempt = Attempt::Answer { response: &response, meta: &meta, erase_error };
                let kind = match classifiers::classify(&classifiers, attempt) {
                    Some((kind, delay)) => {
                        classifier_delay = delay;
                        kind
                    }
                    None => classify_response(&response, meta.code()),
                };
                span.in_scope(|| {
                    tracing::debug!(status = response.status().as_u16(), code = meta.code(), retryable = kind.is_some())
                });
                Failure::Service { answer: Box::new((meta, response)), kind }
            }
            Err(error) => {
                let kind = match classifiers::classify(&classifiers, Attempt::Connector(&error)) {
                    Some((kind, delay)) => {
                        classifier_delay = delay;
                        kind
                    }
                    None => classify_connector_error(error.kind()),
                };
                span.in_scope(|| tracing::debug!(error = %error, retryable = kind.is_some(), "transport error"));
                Failure::Connector { error, kind }
            }
        };
        // The attempt is over: its last hook runs before the retry decision, and its error,
        // never retried, replaces the attempt's.
        if let Some(hooks) = hooks.as_deref_mut() {
            if let Err(error) = hooks.after_attempt() {
                return Err(match failure {
                    Failure::Service { answer, .. } => SdkError::response_error(error, answer.1),
                    Failure::Connector { .. } => SdkError::dispatch_failure(ConnectorError::other(error)),
                }
                .with_attempts(attempt));
            }
        }
        let kind = failure.kind();
        if let Some(limiter) = limiter {
            limiter.update(kind == Some(RetryKind::Throttling));
        }
        let Some(kind) = kind else { return Err(failure.into_error(attempt, None)) };
        if attempt >= max_attempts {
            return Err(failure.into_error(attempt, None));
        }
        let Some(cost) = handle.retry_quota.acquire(kind) else {
            tracing::debug!(?kind, "not retrying: the retry quota is empty");
            return Err(failure.into_error(attempt, Some(crate::retry::QUOTA_EMPTY)));
        };
        quota_held = Some(cost);
        // The rate limiter's wait, when it has one, replaces the backoff (as in the SDKs);
        // otherwise the service's x-amz-retry-after, else full-jitter exponential backoff,
        // each capped at the maximum backoff.
        let limited = limiter.map(|l| l.acquire(f64::from(cost))).filter(|wait| !wait.is_zero());
        let wait = match (limited, classifier_delay.or_else(|| failure.retry_after())) {
            (Some(wait), _) | (None, Some(wait)) => wait.min(retry.max_backoff()),
            (None, None) => backoff(retry.initial_backoff(), retry.max_backoff(), attempt + 1, fastrand::f64()),
        };
        tracing::debug!(?kind, wait_ms = wait.as_millis() as u64, quota = handle.retry_quota.available(), "retrying");
        sleep(wait).await;
        attempt += 1;
    }
}

/// The error of an attempt a hook failed: a dispatch failure before a response, a response
/// error after one (as the official SDK classifies them), after `read_after_attempt`, whose own
/// error would replace it. A failed hook is never retried.
fn hook_failed(
    hooks: &mut Interceptors,
    error: BoxError,
    response: Option<HttpResponse>,
    attempt: u32,
) -> SdkError<ErrorMetadata> {
    let error = match hooks.after_attempt() {
        Ok(()) => error,
        Err(later) => {
            tracing::debug!(error = %error, "read_after_attempt failed too; its error replaces this one");
            later
        }
    };
    match response {
        Some(response) => SdkError::response_error(error, response),
        None => SdkError::dispatch_failure(ConnectorError::other(error)),
    }
    .with_attempts(attempt)
}

/// An attempt that failed: the service's error answer, or the transport's failure.
enum Failure {
    /// The error answer (boxed: it is much larger than a transport failure) and its metadata.
    Service {
        answer: Box<(ErrorMetadata, HttpResponse)>,
        kind: Option<RetryKind>,
    },
    Connector {
        error: crate::transport::ConnectorError,
        kind: Option<RetryKind>,
    },
}

impl Failure {
    /// Why it may be retried; `None` when a retry cannot help.
    fn kind(&self) -> Option<RetryKind> {
        match self {
            Self::Service { kind, .. } | Self::Connector { kind, .. } => *kind,
        }
    }

    /// The wait a throttling or transient error answer asked for in `x-amz-retry-after`.
    fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Service { answer, kind: Some(RetryKind::Throttling | RetryKind::Transient) } => {
                crate::retry::retry_after(&answer.1)
            }
            _ => None,
        }
    }

    /// The operation's error after `attempts` attempts, saying why it was not retried if it
    /// could have been.
    fn into_error(self, attempts: u32, not_retried: Option<&'static str>) -> SdkError<ErrorMetadata> {
        match self {
            Self::Service { answer, .. } => {
                let (meta, response) = *answer;
                let mut meta = with_attempts(meta, attempts);
                if let Some(reason) = not_retried {
                    meta = meta.into_builder().custom(crate::error::NOT_RETRIED_KEY, reason).build();
                }
                SdkError::service_error(meta, response).with_attempts(attempts)
            }
            Self::Connector { error, .. } => {
                let error =
                    if error.is_timeout() { SdkError::timeout_error(error) } else { SdkError::dispatch_failure(error) };
                let error = error.with_attempts(attempts);
                match not_retried {
                    Some(reason) => error.with_not_retried(reason),
                    None => error,
                }
            }
        }
    }
}

/// What one attempt received.
enum Received {
    /// A whole response (every error, and every output that is not streamed).
    Whole(HttpResponse),
    /// A successful response whose body is still to be read.
    Streaming(http::Response<crate::ByteStream>),
}

async fn send_attempt(
    client: &crate::transport::SharedHttpClient,
    request: HttpRequest,
    streaming: bool,
) -> Result<Received, crate::transport::ConnectorError> {
    if !streaming {
        return client.send(request).await.map(Received::Whole);
    }
    let response = client.send_streaming(request).await?;
    if response.status().is_success() {
        return Ok(Received::Streaming(response));
    }
    // Errors are small JSON documents: read them whole, like any other.
    let (parts, body) = response.into_parts();
    let body = body.collect().await.map_err(crate::transport::ConnectorError::io)?;
    Ok(Received::Whole(http::Response::from_parts(parts, body)))
}

/// The status and headers of a streamed response, for an error that must carry a raw response.
fn head_only(response: &http::Response<crate::ByteStream>) -> HttpResponse {
    let mut head = http::Response::new(bytes::Bytes::new());
    *head.status_mut() = response.status();
    *head.headers_mut() = response.headers().clone();
    head
}

/// Waits `wait` with the configured sleep implementation, else tokio's timer.
async fn sleep(sleep_impl: Option<&crate::config::SharedAsyncSleep>, wait: Duration) {
    if wait.is_zero() {
        return;
    }
    match sleep_impl {
        Some(sleep_impl) => crate::config::AsyncSleep::sleep(sleep_impl, wait).await,
        None => tokio::time::sleep(wait).await,
    }
}

fn with_attempts(meta: ErrorMetadata, attempts: u32) -> ErrorMetadata {
    if attempts > 1 {
        meta.into_builder().custom(crate::error::ATTEMPTS_KEY, attempts.to_string()).build()
    } else {
        meta
    }
}

fn header(value: &str) -> http::HeaderValue {
    // Every value passed here is ASCII we built ourselves.
    http::HeaderValue::from_str(value).unwrap_or_else(|_| http::HeaderValue::from_static("invalid"))
}

/// `aws-client-runtime/0.1.0 api/ivs/0.1.0 os/linux lang/rust`, in the official SDK's format.
fn user_agent(service: &ServiceInfo, config: &Config) -> String {
    let sdk_id = service.sdk_id.to_ascii_lowercase().replace(' ', "");
    let mut agent = format!(
        "aws-client-runtime/{} api/{sdk_id}/{} os/{} lang/rust {}/{}",
        env!("CARGO_PKG_VERSION"),
        service.crate_version,
        std::env::consts::OS,
        service.crate_name,
        service.crate_version
    );
    for framework in config.framework_metadata() {
        agent.push(' ');
        agent.push_str(&framework.to_string());
    }
    if let Some(app_name) = config.app_name() {
        agent.push_str(" app/");
        agent.push_str(app_name.as_ref());
    }
    agent
}

fn copy_request(request: &HttpRequest) -> HttpRequest {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    #[cfg(feature = "test-util")]
    crate::mock::copy_input(request, &mut copy);
    copy
}

/// A random (version 4) UUID, as the official SDKs send in `amz-sdk-invocation-id`.
pub fn uuid_v4() -> String {
    uuid_v4_from(fastrand::u128(..))
}

/// The version 4 UUID made of `bits` (122 of them are kept: the version and variant are set).
pub fn uuid_v4_from(mut bits: u128) -> String {
    bits = (bits & !(0xf << 76)) | (0x4 << 76);
    bits = (bits & !(0x3 << 62)) | (0x2 << 62);
    let hex = format!("{bits:032x}");
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

impl<E: ProvideErrorMetadata> ProvideErrorMetadata for crate::error::ServiceError<E, HttpResponse> {
    fn meta(&self) -> &ErrorMetadata {
        self.err().meta()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_version_4() {
        let id = uuid_v4();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "{id}");
        assert_ne!(uuid_v4(), id);
    }

    #[test]
    fn endpoint_urls_are_checked() {
        assert_eq!(check_endpoint_url("http://127.0.0.1:4566/").unwrap(), "http://127.0.0.1:4566");
        for bad in ["127.0.0.1:4566", "ftp://x", "http://", "not a url", "http://h/?q=1"] {
            let err = check_endpoint_url(bad).unwrap_err().to_string();
            assert!(err.contains("invalid endpoint URL"), "{bad}: {err}");
        }
    }
}
