//! Names that programs written for aws-sdk-ivs reach beyond the common path, used the way those
//! programs use them: enum parsing, error structures and their builders, operation errors made
//! by hand, error kinds and the crate's version.

use aws_smithy_types::retry::{ErrorKind, ProvideErrorKind};
use ivs::error::{ErrorMetadata, ProvideErrorMetadata, UnknownVariantError};
use ivs::operation::get_channel::GetChannelError;
use ivs::types::error::ResourceNotFoundException;
use ivs::types::ChannelType;
use ivs_tests::{client, Recorder, CHANNEL_ARN};
use std::error::Error as _;

#[test]
fn try_parse_accepts_known_values_and_rejects_unknown_ones() {
    assert_eq!(ChannelType::try_parse("STANDARD").expect("a known value"), ChannelType::StandardChannelType);
    let err: UnknownVariantError = ChannelType::try_parse("ULTRA").expect_err("not in the model");
    assert_eq!(err.to_string(), "unknown enum variant: 'ULTRA'");
    // `From<&str>` still keeps the unknown value.
    assert_eq!(ChannelType::from("ULTRA").as_str(), "ULTRA");
}

#[test]
fn error_builders_take_a_message_and_metadata() {
    let error = ResourceNotFoundException::builder().message("no such channel").build();
    assert_eq!(error.message(), Some("no such channel"));
    assert_eq!(error.meta().code(), Some("ResourceNotFoundException"));
    assert_eq!(error.to_string(), "ResourceNotFoundException: no such channel");

    // IVS's own message member wins over the generic one.
    let error = ResourceNotFoundException::builder().exception_message("modeled").message("generic").build();
    assert_eq!(error.message(), Some("modeled"));

    let mut builder = ResourceNotFoundException::builder().set_message(Some("from set_message".to_owned()));
    assert_eq!(builder.get_message().as_deref(), Some("from set_message"));
    builder.set_meta(Some(ErrorMetadata::builder().code("ResourceNotFoundException").custom("k", "v").build()));
    let error = builder.build();
    assert_eq!(error.meta().extra("k"), Some("v"));
    assert_eq!(error.message(), Some("from set_message"));
}

#[test]
fn operation_errors_can_be_made_by_hand() {
    let io = std::io::Error::other("disk on fire");
    let error = GetChannelError::unhandled(io);
    assert_eq!(ProvideErrorMetadata::code(&error), None);
    assert_eq!(error.to_string(), "unhandled error: disk on fire");
    let cause = error.source().and_then(|unhandled| unhandled.source()).map(|s| s.to_string());
    assert_eq!(cause.as_deref(), Some("disk on fire"));

    let meta = ErrorMetadata::builder().code("SomethingNew").message("a new failure").build();
    let error = GetChannelError::generic(meta);
    assert_eq!(ProvideErrorMetadata::code(&error), Some("SomethingNew"));
    assert_eq!(ProvideErrorMetadata::message(&error), Some("a new failure"));
    assert_eq!(error.to_string(), "SomethingNew: a new failure");
}

#[tokio::test]
async fn provide_error_kind_reads_the_code_of_a_service_error() {
    let recorder = Recorder::always(
        404,
        &[("x-amzn-errortype", "ResourceNotFoundException")],
        r#"{"exceptionMessage": "no channel"}"#,
    );
    let client = client(recorder);
    let err = client.get_channel().arn(CHANNEL_ARN).send().await.expect_err("404").into_service_error();
    assert_eq!(ProvideErrorKind::code(&err), Some("ResourceNotFoundException"));
    // No IVS error is `@retryable` in the model.
    assert_eq!(err.retryable_error_kind(), None);
}

#[test]
fn provide_error_kind_follows_the_retryable_trait() {
    // tests/fixtures/models/weather.smithy: `@retryable(throttling: true) structure ThrottlingError`.
    use weather::operation::get_city::GetCityError;
    let throttled = GetCityError::ThrottlingError(weather::types::error::ThrottlingError::builder().build());
    assert_eq!(throttled.retryable_error_kind(), Some(ErrorKind::ThrottlingError));
    let missing =
        GetCityError::NoSuchCity(weather::types::error::NoSuchCity::builder().message("x").build().expect("built"));
    assert_eq!(missing.retryable_error_kind(), None);
}

#[test]
fn pkg_version_is_the_manifest_version() {
    let manifest = include_str!("../../generated/ivs/Cargo.toml");
    let version = manifest
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .expect("a version line");
    assert_eq!(ivs::meta::PKG_VERSION, version);
}

#[tokio::test]
async fn an_input_builder_sends_itself_with_a_client() {
    let recorder = Recorder::always(200, &[], r#"{"channel": {"arn": "arn:from:service"}}"#);
    let client = client(recorder.clone());
    let builder = ivs::operation::get_channel::GetChannelInput::builder().arn(CHANNEL_ARN);
    let output = builder.send_with(&client).await.expect("sent");
    assert_eq!(output.channel().and_then(|c| c.arn()), Some("arn:from:service"));
    let request = recorder.last().expect("one request");
    assert_eq!(request.json_body().expect("a JSON body")["arn"], CHANNEL_ARN);
    assert!(request.header("authorization").is_some_and(|a| a.starts_with("AWS4-HMAC-SHA256 ")), "signed");
}

/// A transport that fails with a 500 `InternalServerException` `failures` times, then answers a
/// channel; every attempt is recorded.
fn flaky(failures: usize) -> Recorder {
    Recorder::new(move |_, index| {
        if index < failures {
            ivs_tests::response(500, &[("x-amzn-errortype", "InternalServerException")], "{}")
        } else {
            ivs_tests::response(200, &[], r#"{"channel": {"arn": "arn:ok"}}"#)
        }
    })
}

#[tokio::test]
async fn config_override_changes_that_one_call_only() {
    use ivs::config::retry::RetryConfig;
    // The test client makes one attempt; the overridden call may make three.
    let recorder = flaky(2);
    let client = client(recorder.clone());
    let three_attempts = ivs::config::Config::builder().retry_config(
        RetryConfig::standard().with_max_attempts(3).with_initial_backoff(std::time::Duration::from_millis(1)),
    );
    let output = client
        .get_channel()
        .arn(CHANNEL_ARN)
        .customize()
        .config_override(three_attempts)
        .send()
        .await
        .expect("the third attempt succeeds");
    assert_eq!(output.channel().and_then(|c| c.arn()), Some("arn:ok"));
    assert_eq!(recorder.count(), 3);

    // The client itself is unchanged: one attempt, and the 500 is the answer.
    let recorder = flaky(1);
    let client = ivs_tests::client(recorder.clone());
    let err = client.get_channel().arn(CHANNEL_ARN).send().await.expect_err("no retry");
    assert_eq!(ProvideErrorMetadata::code(&err), Some("InternalServerException"));
    assert_eq!(recorder.count(), 1);
    let _ = client.get_channel().arn(CHANNEL_ARN).customize().send().await.expect("an empty customization");
    assert_eq!(recorder.count(), 2);
}

#[tokio::test]
async fn mutate_request_adds_a_header_that_is_signed() {
    let recorder = Recorder::always(200, &[], "{}");
    let client = client(recorder.clone());
    client
        .get_channel()
        .arn(CHANNEL_ARN)
        .customize()
        .mutate_request(|request| {
            request.headers_mut().insert("x-trace-id", "abc-123");
        })
        .send()
        .await
        .expect("sent");
    let request = recorder.last().expect("a request");
    assert_eq!(request.header("x-trace-id"), Some("abc-123"));
    let authorization = request.header("authorization").expect("signed");
    assert!(authorization.contains("x-trace-id"), "the header is in SignedHeaders: {authorization}");
}

/// Adds `x-from-interceptor` before signing and records what it sees afterwards.
#[derive(Debug, Default)]
struct Watch {
    seen: std::sync::Mutex<Vec<String>>,
}

impl ivs::config::Intercept for Watch {
    fn name(&self) -> &'static str {
        "Watch"
    }
    fn modify_before_signing(
        &self,
        context: &mut ivs::config::interceptors::BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &ivs::config::RuntimeComponents,
        _cfg: &mut ivs::config::ConfigBag,
    ) -> Result<(), ivs::error::BoxError> {
        context.request_mut().headers_mut().insert("x-from-interceptor", "1");
        Ok(())
    }
    fn read_before_transmit(
        &self,
        context: &ivs::config::interceptors::BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &ivs::config::RuntimeComponents,
        _cfg: &mut ivs::config::ConfigBag,
    ) -> Result<(), ivs::error::BoxError> {
        let authorization = context.request().headers().get("authorization").unwrap_or("unsigned").to_owned();
        self.seen.lock().unwrap().push(authorization);
        Ok(())
    }
}

#[tokio::test]
async fn an_interceptor_sees_the_signed_request() {
    let recorder = Recorder::always(200, &[], "{}");
    let watch = std::sync::Arc::new(Watch::default());
    let client = ivs::Client::from_conf(
        client(recorder.clone()).config().to_builder().interceptor(SharedWatch(watch.clone())).build(),
    );
    client.get_channel().arn(CHANNEL_ARN).send().await.expect("sent");
    let sent = recorder.last().expect("a request");
    assert_eq!(sent.header("x-from-interceptor"), Some("1"));
    let seen = watch.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    assert!(seen[0].starts_with("AWS4-HMAC-SHA256 ") && seen[0].contains("x-from-interceptor"), "{seen:?}");
    assert_eq!(Some(seen[0].as_str()), sent.header("authorization"), "what was sent is what it saw");
}

/// `Watch` shared between the test and the client.
#[derive(Debug)]
struct SharedWatch(std::sync::Arc<Watch>);

impl ivs::config::Intercept for SharedWatch {
    fn name(&self) -> &'static str {
        "SharedWatch"
    }
    fn modify_before_signing(
        &self,
        context: &mut ivs::config::interceptors::BeforeTransmitInterceptorContextMut<'_>,
        runtime_components: &ivs::config::RuntimeComponents,
        cfg: &mut ivs::config::ConfigBag,
    ) -> Result<(), ivs::error::BoxError> {
        self.0.modify_before_signing(context, runtime_components, cfg)
    }
    fn read_before_transmit(
        &self,
        context: &ivs::config::interceptors::BeforeTransmitInterceptorContextRef<'_>,
        runtime_components: &ivs::config::RuntimeComponents,
        cfg: &mut ivs::config::ConfigBag,
    ) -> Result<(), ivs::error::BoxError> {
        self.0.read_before_transmit(context, runtime_components, cfg)
    }
}

/// Sends every call to `http://private.example:8443/prefix`, recording the parameters it was given.
#[derive(Clone, Debug, Default)]
struct PrivateEndpoint {
    params: std::sync::Arc<std::sync::Mutex<Vec<ivs::config::endpoint::Params>>>,
}

impl ivs::config::endpoint::ResolveEndpoint for PrivateEndpoint {
    fn resolve_endpoint<'a>(
        &'a self,
        params: &'a ivs::config::endpoint::Params,
    ) -> ivs::config::endpoint::EndpointFuture<'a> {
        self.params.lock().unwrap().push(params.clone());
        ivs::config::endpoint::EndpointFuture::ready(Ok(ivs::config::endpoint::Endpoint::builder()
            .url("http://private.example:8443/prefix")
            .build()))
    }
}

#[tokio::test]
async fn a_custom_endpoint_resolver_is_asked_with_the_configured_parameters() {
    let recorder = Recorder::always(200, &[], "{}");
    let resolver = PrivateEndpoint::default();
    let config = ivs::Config::builder()
        .region(ivs::config::Region::new("eu-west-1"))
        .use_fips(true)
        .credentials_provider(ivs_tests::test_credentials())
        .http_client(recorder.clone())
        .endpoint_resolver(resolver.clone())
        .build();
    ivs::Client::from_conf(config).get_channel().arn(CHANNEL_ARN).send().await.expect("sent");
    let params = resolver.params.lock().unwrap().clone();
    assert_eq!(params.len(), 1);
    assert_eq!(params[0].region(), Some("eu-west-1"));
    assert_eq!(params[0].use_fips(), Some(true));
    assert_eq!(params[0].use_dual_stack(), Some(false));
    assert_eq!(params[0].endpoint(), None);
    let sent = recorder.last().expect("a request");
    assert_eq!(sent.uri.to_string(), "http://private.example:8443/prefix/GetChannel");

    // The default resolver gives what the model's rules give for the same parameters.
    use ivs::config::endpoint::ResolveEndpoint;
    let default = ivs::config::endpoint::DefaultResolver::new();
    let endpoint = default.resolve_endpoint(&params[0]).await.expect("an endpoint");
    assert_eq!(endpoint.url(), "https://ivs-fips.eu-west-1.amazonaws.com");
}

#[tokio::test]
async fn the_app_name_is_in_the_user_agent() {
    let recorder = Recorder::always(200, &[], "{}");
    let config = client(recorder.clone())
        .config()
        .to_builder()
        .app_name(ivs::config::AppName::new("my-tool").expect("a valid name"))
        .behavior_version(ivs::config::BehaviorVersion::latest())
        .build();
    ivs::Client::from_conf(config).get_channel().arn(CHANNEL_ARN).send().await.expect("sent");
    let agent = recorder.last().expect("a request").header("user-agent").map(str::to_owned).expect("a user agent");
    assert!(agent.ends_with(" app/my-tool"), "{agent}");
    assert!(ivs::config::AppName::new("two words").is_err());
}

#[tokio::test]
async fn a_time_source_signs_requests_at_its_time() {
    let recorder = Recorder::always(200, &[], "{}");
    // 2020-07-15T17:42:31Z.
    let clock = aws_smithy_async::time::StaticTimeSource::from_secs(1_594_834_951);
    let config = client(recorder.clone()).config().to_builder().time_source(clock).build();
    assert!(config.time_source().is_some());
    ivs::Client::from_conf(config).get_channel().arn(CHANNEL_ARN).send().await.expect("sent");
    let request = recorder.last().expect("a request");
    assert_eq!(request.header("x-amz-date"), Some("20200715T174231Z"));
    let authorization = request.header("authorization").expect("signed");
    assert!(authorization.contains("/20200715/us-west-2/ivs/aws4_request"), "{authorization}");
}
