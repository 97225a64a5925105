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
