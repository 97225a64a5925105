//! A custom endpoint resolver on a real loopback server: it is called with the configuration's
//! `Params`, the request goes where it says (with the headers its endpoint carries), its error
//! is a typed construction failure, and it can wrap the `DefaultResolver`.

mod recording;

use aws_client_runtime::config::{Builder, Region};
use aws_client_runtime::endpoint_resolver::{
    DefaultResolver, Endpoint, EndpointFuture, Params, ResolveEndpoint, ResolveEndpointError,
};
use aws_client_runtime::error::SdkError;
use recording::{client, config, PutFluentBuilder, RecordingServer, SERVICE};
use std::sync::{Arc, Mutex};

/// Sends every request to `url`, with an `x-endpoint` header, and keeps the params it saw.
#[derive(Debug)]
struct Fixed {
    url: String,
    seen: Arc<Mutex<Vec<Params>>>,
}

impl ResolveEndpoint for Fixed {
    fn resolve_endpoint<'a>(&'a self, params: &'a Params) -> EndpointFuture<'a> {
        self.seen.lock().unwrap().push(params.clone());
        EndpointFuture::ready(Ok(Endpoint::builder().url(self.url.clone()).header("x-endpoint", "fixed").build()))
    }
}

fn fixed(url: String) -> (Fixed, Arc<Mutex<Vec<Params>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    (Fixed { url, seen: seen.clone() }, seen)
}

#[tokio::test]
async fn the_resolver_gets_the_configuration_and_decides_where_the_request_goes() {
    let server = RecordingServer::start(&[]);
    let (resolver, seen) = fixed(format!("{}/base/", server.endpoint()));
    let config = config("http://configured.invalid:1")
        .region(Region::new("us-west-2"))
        .use_fips(true)
        .use_dual_stack(false)
        .endpoint_resolver(resolver)
        .build();
    PutFluentBuilder::new(client(config)).send().await.expect("sent where the resolver says");

    let params = seen.lock().unwrap()[0].clone();
    assert_eq!(params.region(), Some("us-west-2"));
    assert_eq!(params.use_fips(), Some(true));
    assert_eq!(params.use_dual_stack(), Some(false));
    assert_eq!(params.endpoint(), Some("http://configured.invalid:1"));
    let request = &server.requests()[0];
    assert_eq!(request.path, "/base/put");
    assert_eq!(request.header("x-endpoint"), Some("fixed"));
    assert!(request.signed_headers().contains(&"x-endpoint"), "the endpoint's headers are signed");
    assert_eq!(request.signing_region(), Some("us-west-2"));
}

#[tokio::test]
async fn a_resolver_override_applies_to_that_call_only() {
    let (first, second) = (RecordingServer::start(&[]), RecordingServer::start(&[]));
    let client = client(config(&first.endpoint()).build());
    let (resolver, seen) = fixed(second.endpoint());
    PutFluentBuilder::new(client.clone())
        .customize()
        .config_override(Builder::default().endpoint_resolver(resolver))
        .send()
        .await
        .unwrap();
    PutFluentBuilder::new(client).send().await.unwrap();
    assert_eq!((first.requests().len(), second.requests().len()), (1, 1));
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_resolver_error_is_a_typed_construction_failure_and_nothing_is_sent() {
    #[derive(Debug)]
    struct Refuses;
    impl ResolveEndpoint for Refuses {
        fn resolve_endpoint<'a>(&'a self, _: &'a Params) -> EndpointFuture<'a> {
            EndpointFuture::ready(Err("no endpoint for this stage".into()))
        }
    }
    let server = RecordingServer::start(&[]);
    let client = client(config(&server.endpoint()).endpoint_resolver(Refuses).build());
    let err = PutFluentBuilder::new(client.clone()).send().await.expect_err("the resolver refuses");
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let source = std::error::Error::source(&err).expect("a source");
    let resolve_error = source.downcast_ref::<ResolveEndpointError>().expect("a ResolveEndpointError");
    assert_eq!(resolve_error.to_string(), "the configured endpoint resolver failed");
    assert_eq!(std::error::Error::source(resolve_error).unwrap().to_string(), "no endpoint for this stage");

    let (bad, _) = fixed("ftp://example.com".into());
    let err = PutFluentBuilder::new(client)
        .customize()
        .config_override(Builder::default().endpoint_resolver(bad))
        .send()
        .await
        .expect_err("not an HTTP endpoint");
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let source = std::error::Error::source(&err).unwrap();
    assert!(source.to_string().contains("returned an invalid endpoint"), "{source}");
    assert!(std::error::Error::source(source).unwrap().to_string().contains("http:// or https://"));
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_resolver_can_fall_back_on_the_default_one() {
    /// Sends `beta` requests elsewhere, the rest where the default resolver says.
    #[derive(Debug)]
    struct Staged {
        beta: bool,
        default: DefaultResolver,
    }
    impl ResolveEndpoint for Staged {
        fn resolve_endpoint<'a>(&'a self, params: &'a Params) -> EndpointFuture<'a> {
            if self.beta {
                return EndpointFuture::ready(Ok(Endpoint::builder().url("http://beta.invalid").build()));
            }
            self.default.resolve_endpoint(params)
        }
    }
    let server = RecordingServer::start(&[]);
    let staged = Staged { beta: false, default: DefaultResolver::for_service(&SERVICE) };
    PutFluentBuilder::new(client(config(&server.endpoint()).endpoint_resolver(staged).build())).send().await.unwrap();
    assert_eq!(server.requests().len(), 1);

    // Without an endpoint URL, the default resolver gives the region's AWS endpoint.
    let default = DefaultResolver::for_service(&SERVICE);
    let params = Params::builder().region("ap-southeast-2").use_dual_stack(true).build().unwrap();
    let endpoint = default.resolve_endpoint(&params).await.unwrap();
    assert_eq!(endpoint.url(), "https://test.ap-southeast-2.api.aws");
}
