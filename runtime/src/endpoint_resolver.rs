//! Custom endpoint resolvers: the official SDK's `config::endpoint` API (`ResolveEndpoint`, `Params`, `DefaultResolver`), with which a program decides where each request goes.
//!
//! A resolver set with `Config::builder().endpoint_resolver(..)` is called for every call,
//! with [`Params`] made from the configuration (region, `use_fips`, `use_dual_stack` and
//! `endpoint_url`), and the request goes to the URL of the [`Endpoint`] it returns, with the
//! headers the endpoint carries:
//!
//! ```
//! use aws_client_runtime::endpoint_resolver::{Endpoint, EndpointFuture, Params, ResolveEndpoint};
//!
//! #[derive(Debug)]
//! struct StageResolver {
//!     stage: String,
//! }
//!
//! impl ResolveEndpoint for StageResolver {
//!     fn resolve_endpoint<'a>(&'a self, params: &'a Params) -> EndpointFuture<'a> {
//!         let region = params.region().unwrap_or("us-east-1");
//!         let url = format!("https://{}.{region}.example.com", self.stage);
//!         EndpointFuture::ready(Ok(Endpoint::builder().url(url).build()))
//!     }
//! }
//!
//! let config = aws_client_runtime::config::Config::builder()
//!     .endpoint_resolver(StageResolver { stage: "beta".into() })
//!     .build();
//! # let _ = config;
//! ```
//!
//! [`Params`] has the four parameters that nearly every AWS service's endpoint rule set
//! declares (`Region`, `UseFIPS`, `UseDualStack`, `Endpoint`), with the getters and builder of
//! the official SDK's `Params` for such a service (IVS among them). A service whose rule set
//! declares other parameters is resolved with its rule set as before when no resolver is set;
//! a resolver set for it sees these four values only, and its other parameters are left to
//! their defaults by [`DefaultResolver`].
//!
//! A resolver that fails, or returns a URL that is not `http://` or `https://` with a host,
//! fails the call before anything is sent, with a construction failure whose source is a
//! [`ResolveEndpointError`] carrying the resolver's error (the official SDK reports the same
//! error as a dispatch failure).

use crate::client::ServiceInfo;
use crate::transport::BoxError;
use std::borrow::Cow;
use std::fmt;

pub use aws_smithy_runtime_api::client::endpoint::error::ResolveEndpointError;
pub use aws_smithy_runtime_api::client::endpoint::{EndpointFuture, SharedEndpointResolver};
pub use aws_smithy_types::endpoint::Endpoint;

use aws_smithy_runtime_api::client::endpoint::{EndpointResolverParams, ResolveEndpoint as SharedResolve};

/// Resolves the endpoint of a request from its [`Params`]: the official SDK's service-specific
/// `ResolveEndpoint`.
pub trait ResolveEndpoint: Send + Sync + fmt::Debug {
    /// The endpoint for `params`.
    fn resolve_endpoint<'a>(&'a self, params: &'a Params) -> EndpointFuture<'a>;

    /// This resolver as a [`SharedEndpointResolver`], the form the configuration keeps.
    fn into_shared_resolver(self) -> SharedEndpointResolver
    where
        Self: Sized + 'static,
    {
        SharedEndpointResolver::new(DowncastParams(self))
    }
}

/// A [`ResolveEndpoint`] as the official SDK's type-erased resolver.
#[derive(Debug)]
struct DowncastParams<T>(T);

impl<T: ResolveEndpoint> SharedResolve for DowncastParams<T> {
    fn resolve_endpoint<'a>(&'a self, params: &'a EndpointResolverParams) -> EndpointFuture<'a> {
        match params.get::<Params>() {
            Some(params) => self.0.resolve_endpoint(params),
            None => EndpointFuture::ready(Err("the endpoint parameters are not this client's `Params`".into())),
        }
    }
}

/// The parameters an endpoint is resolved from.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    region: Option<String>,
    use_dual_stack: bool,
    use_fips: bool,
    endpoint: Option<String>,
}

impl Params {
    /// A builder for [`Params`].
    pub fn builder() -> ParamsBuilder {
        ParamsBuilder::default()
    }
    /// The AWS region used to dispatch the request.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }
    /// When true, use the dual-stack endpoint.
    pub fn use_dual_stack(&self) -> Option<bool> {
        Some(self.use_dual_stack)
    }
    /// When true, send this request to the FIPS-compliant regional endpoint.
    pub fn use_fips(&self) -> Option<bool> {
        Some(self.use_fips)
    }
    /// The endpoint that overrides the resolved one (`endpoint_url`).
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }
}

/// Builder for [`Params`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParamsBuilder {
    region: Option<String>,
    use_dual_stack: Option<bool>,
    use_fips: Option<bool>,
    endpoint: Option<String>,
}

impl ParamsBuilder {
    /// The parameters; `use_fips` and `use_dual_stack` default to `false`. A region that is not
    /// a valid host name is an error.
    pub fn build(self) -> Result<Params, InvalidParams> {
        if let Some(region) = &self.region {
            if !region.split('.').all(crate::endpoint::is_valid_host_label) {
                return Err(InvalidParams::invalid_value("region", "must be a valid host label"));
            }
        }
        Ok(Params {
            region: self.region,
            use_dual_stack: self.use_dual_stack.unwrap_or(false),
            use_fips: self.use_fips.unwrap_or(false),
            endpoint: self.endpoint,
        })
    }
    /// Sets the region.
    pub fn region(mut self, value: impl Into<String>) -> Self {
        self.region = Some(value.into());
        self
    }
    /// Sets or clears the region.
    pub fn set_region(mut self, param: Option<String>) -> Self {
        self.region = param;
        self
    }
    /// Sets whether to use the dual-stack endpoint (default `false`).
    pub fn use_dual_stack(mut self, value: impl Into<bool>) -> Self {
        self.use_dual_stack = Some(value.into());
        self
    }
    /// Sets or clears whether to use the dual-stack endpoint.
    pub fn set_use_dual_stack(mut self, param: Option<bool>) -> Self {
        self.use_dual_stack = param;
        self
    }
    /// Sets whether to use the FIPS endpoint (default `false`).
    pub fn use_fips(mut self, value: impl Into<bool>) -> Self {
        self.use_fips = Some(value.into());
        self
    }
    /// Sets or clears whether to use the FIPS endpoint.
    pub fn set_use_fips(mut self, param: Option<bool>) -> Self {
        self.use_fips = param;
        self
    }
    /// Sets the endpoint that overrides the resolved one.
    pub fn endpoint(mut self, value: impl Into<String>) -> Self {
        self.endpoint = Some(value.into());
        self
    }
    /// Sets or clears the endpoint override.
    pub fn set_endpoint(mut self, param: Option<String>) -> Self {
        self.endpoint = param;
        self
    }
}

/// Why [`ParamsBuilder::build`] failed.
#[derive(Debug)]
pub struct InvalidParams {
    field: Cow<'static, str>,
    message: &'static str,
}

impl InvalidParams {
    fn invalid_value(field: &'static str, message: &'static str) -> Self {
        Self { field: field.into(), message }
    }
}

impl fmt::Display for InvalidParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid value for field: `{}` - {}", self.field, self.message)
    }
}

impl std::error::Error for InvalidParams {}

/// The resolver a client uses when none is configured: its service's endpoint rule set (or,
/// for a model without one, the standard `https://{prefix}.{region}.{dnsSuffix}` pattern).
///
/// A generated crate wraps it as its own `config::endpoint::DefaultResolver`, whose `new()`
/// binds the crate's service. A custom resolver can hold one to fall back on.
#[derive(Clone, Debug)]
pub struct DefaultResolver {
    service: &'static ServiceInfo,
}

impl DefaultResolver {
    /// The default resolver of `service`.
    pub fn for_service(service: &'static ServiceInfo) -> Self {
        Self { service }
    }
}

impl ResolveEndpoint for DefaultResolver {
    fn resolve_endpoint<'a>(&'a self, params: &'a Params) -> EndpointFuture<'a> {
        EndpointFuture::ready(resolve_builtin(self.service, params))
    }
}

/// Resolves `params` for `service` as the client does without a resolver.
pub(crate) fn resolve_builtin(service: &ServiceInfo, params: &Params) -> Result<Endpoint, BoxError> {
    if let Some(url) = params.endpoint() {
        crate::client::check_endpoint_url(url)?;
    }
    let Some(rules) = service.endpoint_rules else {
        let url = match (params.endpoint(), params.region()) {
            (Some(url), _) => crate::client::check_endpoint_url(url)?,
            (None, Some(region)) if crate::endpoint::is_valid_region(region) => {
                crate::endpoint::resolve(service.endpoint_prefix, region, params.use_fips, params.use_dual_stack)
            }
            (None, Some(region)) => {
                return Err(format!("invalid region {region:?}: a region is a name like `us-west-2`").into())
            }
            (None, None) => return Err("no region is set, and no endpoint".into()),
        };
        return Ok(Endpoint::builder().url(url).build());
    };
    let rules = rules()?;
    let mut values = crate::endpoint_rules::Params::new();
    let mut set = |built_in: &str, value: crate::endpoint_rules::Value| {
        if let Some(parameter) = rules.parameter_for_built_in(built_in) {
            values.insert(parameter.name(), value);
        }
    };
    if let Some(region) = params.region() {
        set("AWS::Region", region.into());
    }
    set("AWS::UseFIPS", params.use_fips.into());
    set("AWS::UseDualStack", params.use_dual_stack.into());
    if let Some(url) = params.endpoint() {
        set("SDK::Endpoint", url.into());
    }
    let resolved = crate::endpoint_rules::resolve(rules, &values)
        .map_err(|e| BoxError::from(format!("no endpoint for this configuration: {e}")))?;
    Ok(to_endpoint(resolved))
}

/// The rules engine's endpoint as the official SDK's type.
pub(crate) fn to_endpoint(resolved: crate::endpoint_rules::Endpoint) -> Endpoint {
    let mut endpoint = Endpoint::builder().url(resolved.url.trim_end_matches('/').to_owned());
    for (name, values) in resolved.headers {
        for value in values {
            endpoint = endpoint.header(name.clone(), value);
        }
    }
    for (key, value) in resolved.properties {
        endpoint = endpoint.property(key, value.to_document());
    }
    endpoint.build()
}

/// Calls `resolver` with `params`; a failure says so and keeps the resolver's error as its
/// source.
pub(crate) async fn call(resolver: &SharedEndpointResolver, params: Params) -> Result<Endpoint, ResolveEndpointError> {
    let params = EndpointResolverParams::new(params);
    resolver
        .resolve_endpoint(&params)
        .await
        .map_err(|e| ResolveEndpointError::from_source("the configured endpoint resolver failed", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    static PLAIN: ServiceInfo = ServiceInfo {
        sdk_id: "Test",
        signing_name: "test",
        endpoint_prefix: "test",
        api_version: "2020-01-01",
        env_key: "TEST",
        crate_name: "test",
        crate_version: "0.1.0",
        endpoint_rules: None,
    };

    fn resolve(service: &'static ServiceInfo, params: Params) -> Result<Endpoint, BoxError> {
        let resolver = DefaultResolver::for_service(service).into_shared_resolver();
        futures_executor(call(&resolver, params)).map_err(BoxError::from)
    }

    /// Resolves a future that is ready at once (every `DefaultResolver` future is).
    fn futures_executor<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().expect("a runtime").block_on(future)
    }

    #[test]
    fn params_have_the_official_defaults_and_checks() {
        let params = Params::builder().region("us-west-2").build().unwrap();
        assert_eq!(params.region(), Some("us-west-2"));
        assert_eq!(params.use_fips(), Some(false));
        assert_eq!(params.use_dual_stack(), Some(false));
        assert_eq!(params.endpoint(), None);
        let params = Params::builder()
            .set_region(None)
            .use_fips(true)
            .set_use_dual_stack(Some(true))
            .endpoint("http://localhost:1")
            .build()
            .unwrap();
        assert_eq!((params.region(), params.use_fips(), params.use_dual_stack()), (None, Some(true), Some(true)));
        assert_eq!(params.endpoint(), Some("http://localhost:1"));
        let err = Params::builder().region("us-west-2/../x").build().unwrap_err();
        assert_eq!(err.to_string(), "invalid value for field: `region` - must be a valid host label");
    }

    #[test]
    fn the_default_resolver_follows_the_standard_pattern_without_rules() {
        let endpoint = resolve(&PLAIN, Params::builder().region("eu-west-1").use_fips(true).build().unwrap()).unwrap();
        assert_eq!(endpoint.url(), "https://test-fips.eu-west-1.amazonaws.com");
        let endpoint =
            resolve(&PLAIN, Params::builder().region("eu-west-1").endpoint("http://127.0.0.1:9/").build().unwrap())
                .unwrap();
        assert_eq!(endpoint.url(), "http://127.0.0.1:9");
        let err = resolve(&PLAIN, Params::builder().build().unwrap()).unwrap_err();
        assert!(format!("{err:?}").contains("no region"), "{err:?}");
    }

    #[test]
    fn a_wrong_params_type_is_an_error_not_a_panic() {
        let resolver = DefaultResolver::for_service(&PLAIN).into_shared_resolver();
        let err = futures_executor(resolver.resolve_endpoint(&EndpointResolverParams::new(42u8))).unwrap_err();
        assert!(err.to_string().contains("not this client's `Params`"), "{err}");
    }

    #[test]
    fn rule_set_properties_become_documents() {
        let json = crate::json_value::Value::parse(
            r#"{"authSchemes": [{"name": "sigv4", "disableDoubleEncoding": true, "n": -1, "f": 1.5}]}"#,
        )
        .unwrap();
        let resolved = crate::endpoint_rules::Endpoint {
            url: "https://x/".into(),
            headers: vec![("x-h".into(), vec!["a".into(), "b".into()])],
            properties: json.as_object().unwrap().clone(),
        };
        let endpoint = to_endpoint(resolved);
        assert_eq!(endpoint.url(), "https://x");
        let headers: Vec<(&str, Vec<&str>)> = endpoint.headers().map(|(k, v)| (k, v.collect())).collect();
        assert_eq!(headers, vec![("x-h", vec!["a", "b"])]);
        let schemes = endpoint.properties().get("authSchemes").unwrap().as_array().unwrap();
        let scheme = schemes[0].as_object().unwrap();
        assert_eq!(scheme["name"].as_string(), Some("sigv4"));
        assert_eq!(scheme["disableDoubleEncoding"].as_bool(), Some(true));
    }
}
