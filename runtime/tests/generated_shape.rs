//! The re-exports and items a generated crate emits for `customize()`, interceptors and endpoint
//! resolvers (module `ivs` below, written as the generator is to emit it), and code written for
//! the official `aws-sdk-ivs` (taken from its documentation) compiling and running against them
//! with only the crate name changed.

mod recording;

/// What a generated crate emits, with `Put` standing for an operation. (A library's public
/// re-exports, which this test binary does not all use.)
#[allow(unused_imports)]
mod ivs {
    pub mod config {
        pub use aws_client_runtime::config::{
            BehaviorVersion, Builder, Config, ConfigBag, Credentials, Intercept, Region, RetryConfig,
            RuntimeComponents, SharedInterceptor,
        };

        /// Interceptor contexts, where the official SDK keeps them.
        pub mod interceptors {
            pub use aws_client_runtime::interceptors::context::{
                BeforeDeserializationInterceptorContextMut, BeforeDeserializationInterceptorContextRef,
                BeforeSerializationInterceptorContextMut, BeforeSerializationInterceptorContextRef,
                BeforeTransmitInterceptorContextMut, BeforeTransmitInterceptorContextRef,
                FinalizerInterceptorContextRef,
            };
        }

        /// The HTTP request and response types interceptors and request mutators see.
        pub mod http {
            pub use aws_client_runtime::interceptors::{HttpRequest, HttpResponse};
        }

        /// Endpoint resolution.
        pub mod endpoint {
            pub use aws_client_runtime::endpoint_resolver::{
                Endpoint, EndpointFuture, InvalidParams, Params, ParamsBuilder, ResolveEndpoint, SharedEndpointResolver,
            };

            /// The endpoint resolver the client uses when none is configured: this service's
            /// endpoint rules.
            #[derive(Clone, Debug)]
            pub struct DefaultResolver(aws_client_runtime::endpoint_resolver::DefaultResolver);

            impl DefaultResolver {
                /// The resolver of this service's endpoint rules.
                pub fn new() -> Self {
                    Self(aws_client_runtime::endpoint_resolver::DefaultResolver::for_service(
                        &crate::recording::SERVICE,
                    ))
                }
            }

            impl Default for DefaultResolver {
                fn default() -> Self {
                    Self::new()
                }
            }

            impl ResolveEndpoint for DefaultResolver {
                fn resolve_endpoint<'a>(&'a self, params: &'a Params) -> EndpointFuture<'a> {
                    self.0.resolve_endpoint(params)
                }
            }
        }
    }

    pub mod client {
        /// Customizing one call.
        pub mod customize {
            pub use aws_client_runtime::customize::CustomizableOperation;
        }
    }

    /// The client: one method per operation, each returning its fluent builder (whose
    /// `customize()` and `CustomizableSend` are in `recording`).
    #[derive(Clone, Debug)]
    pub struct Client {
        handle: std::sync::Arc<aws_client_runtime::client::ClientHandle>,
    }

    impl Client {
        pub fn from_conf(conf: config::Config) -> Self {
            Self { handle: crate::recording::client(conf) }
        }
        pub fn put(&self) -> crate::recording::PutFluentBuilder {
            crate::recording::PutFluentBuilder::new(self.handle.clone())
        }
    }
}

use recording::RecordingServer;

// From the official `Builder::interceptor` documentation, imports from the crate.
mod uri_modifier {
    use crate::ivs;
    use aws_client_runtime::transport::BoxError;
    use ivs::config::interceptors::BeforeTransmitInterceptorContextMut;
    use ivs::config::{ConfigBag, Intercept, RuntimeComponents};

    pub fn base_url() -> String {
        std::env::var("UNUSED_BASE").unwrap_or_default()
    }

    #[derive(Debug)]
    pub struct UriModifierInterceptor;
    impl Intercept for UriModifierInterceptor {
        fn name(&self) -> &'static str {
            "UriModifierInterceptor"
        }
        fn modify_before_signing(
            &self,
            context: &mut BeforeTransmitInterceptorContextMut<'_>,
            _runtime_components: &RuntimeComponents,
            _cfg: &mut ConfigBag,
        ) -> Result<(), BoxError> {
            let request = context.request_mut();
            let uri = format!("{}{}", base_url(), request.uri());
            request.set_uri(uri)?;
            request.headers_mut().insert("x-modified", "yes");
            Ok(())
        }
    }
}

// From the official `Builder::endpoint_resolver` documentation (elided lifetimes and all).
mod stage_resolver {
    use crate::ivs;
    use ivs::config::endpoint::{Endpoint, EndpointFuture, Params, ResolveEndpoint};

    #[derive(Debug)]
    pub struct StageResolver {
        pub stage: String,
    }
    impl ResolveEndpoint for StageResolver {
        fn resolve_endpoint(&self, params: &Params) -> EndpointFuture<'_> {
            let stage = &self.stage;
            let _ = params.region();
            EndpointFuture::ready(Ok(Endpoint::builder().url(stage.to_string()).build()))
        }
    }
}

#[tokio::test]
async fn official_sdk_code_compiles_and_runs_against_the_generated_shape() {
    use ivs::config::{BehaviorVersion, Config, Credentials, Region, RetryConfig};

    let server = RecordingServer::start(&[500]);
    let config = Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-west-2"))
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .retry_config(RetryConfig::disabled())
        .endpoint_resolver(stage_resolver::StageResolver { stage: server.endpoint() })
        .interceptor(uri_modifier::UriModifierInterceptor)
        .build();
    let client = ivs::Client::from_conf(config);

    let output = client
        .put()
        .customize()
        .config_override(Config::builder().retry_config(RetryConfig::standard().with_max_attempts(2)))
        .mutate_request(|req: &mut ivs::config::http::HttpRequest| {
            req.headers_mut().insert("x-a", "b");
        })
        .send()
        .await
        .expect("the second attempt succeeds");
    let _: ivs::client::customize::CustomizableOperation<
        bytes::Bytes,
        recording::OpError,
        recording::PutFluentBuilder,
    > = client.put().customize();
    assert_eq!(output.as_ref(), b"{}");
    let request = &server.requests()[1];
    assert_eq!((request.header("x-a"), request.header("x-modified")), (Some("b"), Some("yes")));
    assert!(request.signed_headers().contains(&"x-a") && request.signed_headers().contains(&"x-modified"));
    assert!(client.put().customize().send().await.is_ok(), "the server answers 200 once its script is spent");

    // The generated DefaultResolver resolves with the service's rules, without a client.
    use ivs::config::endpoint::{DefaultResolver, Params, ResolveEndpoint};
    let params =
        Params::builder().region("eu-west-1".to_string()).use_fips(false).use_dual_stack(false).build().unwrap();
    let endpoint = DefaultResolver::new().resolve_endpoint(&params).await.unwrap();
    assert_eq!(endpoint.url(), "https://test.eu-west-1.amazonaws.com");
}
