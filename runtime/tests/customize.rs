//! One call customized through `CustomizableOperation`, on a real loopback server: a
//! `config_override` changes that call only (retries, region, idempotency tokens), a
//! `mutate_request` header arrives and is signed, a `map_request` error fails the call, and the
//! behavior version is kept.

mod recording;

use aws_client_runtime::config::{BehaviorVersion, Builder, Config, IdempotencyTokenProvider, Region};
use aws_client_runtime::error::SdkError;
use recording::{client, config, quick_retries, PutFluentBuilder, RecordingServer};

#[tokio::test]
async fn a_retry_override_changes_that_call_only() {
    // Two failures, a success, then a failure for the plain call.
    let server = RecordingServer::start(&[500, 500, 200, 500]);
    let client = client(config(&server.endpoint()).build());
    assert_eq!(client.config().retry_config().max_attempts(), 1);

    let output = PutFluentBuilder::new(client.clone())
        .customize()
        .config_override(Builder::default().retry_config(quick_retries(3)))
        .send()
        .await
        .expect("the third attempt succeeds");
    assert_eq!(output.as_ref(), b"{}");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[2].header("amz-sdk-request"), Some("attempt=3; max=3"));
    // Everything the override left alone is the client's: endpoint, region, credentials.
    assert_eq!(requests[2].signing_region(), Some("us-east-1"));
    assert!(requests[2].header("authorization").unwrap().contains("Credential=AKID/"));

    let err = PutFluentBuilder::new(client.clone()).send().await.expect_err("the plain call is not retried");
    assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.requests().len(), 4);
    assert_eq!(client.config().retry_config().max_attempts(), 1, "the client's configuration is untouched");
}

#[tokio::test]
async fn a_region_override_changes_the_signature_of_that_call_only() {
    let server = RecordingServer::start(&[]);
    let client = client(config(&server.endpoint()).build());
    PutFluentBuilder::new(client.clone())
        .customize()
        .config_override(Config::builder().region(Region::new("eu-west-1")))
        .send()
        .await
        .unwrap();
    PutFluentBuilder::new(client).send().await.unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].signing_region(), Some("eu-west-1"));
    assert_eq!(requests[1].signing_region(), Some("us-east-1"));
}

#[tokio::test]
async fn idempotency_tokens_come_from_the_configuration_the_call_runs_with() {
    let server = RecordingServer::start(&[]);
    let client = client(config(&server.endpoint()).idempotency_token_provider("client-token").build());
    PutFluentBuilder::new(client.clone())
        .customize()
        .config_override(Builder::default().idempotency_token_provider(IdempotencyTokenProvider::fixed("call-token")))
        .send()
        .await
        .unwrap();
    PutFluentBuilder::new(client.clone()).send().await.unwrap();
    PutFluentBuilder::new(client).token("given").send().await.unwrap();
    let bodies: Vec<String> = server.requests().into_iter().map(|r| r.body).collect();
    assert_eq!(bodies, [r#"{"token":"call-token"}"#, r#"{"token":"client-token"}"#, r#"{"token":"given"}"#]);
}

#[tokio::test]
async fn a_mutate_request_header_arrives_and_is_signed() {
    let server = RecordingServer::start(&[]);
    let client = client(config(&server.endpoint()).build());
    PutFluentBuilder::new(client.clone())
        .customize()
        .mutate_request(|request| {
            request.headers_mut().insert("x-a", "b");
        })
        .send()
        .await
        .unwrap();
    PutFluentBuilder::new(client).send().await.unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].header("x-a"), Some("b"));
    assert!(requests[0].signed_headers().contains(&"x-a"), "{:?}", requests[0].header("authorization"));
    assert_eq!(requests[1].header("x-a"), None, "the mutator belongs to its call");
}

#[tokio::test]
async fn map_request_replaces_the_request_or_fails_the_call() {
    #[derive(Debug)]
    struct Refused;
    impl std::fmt::Display for Refused {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("this request is refused")
        }
    }
    impl std::error::Error for Refused {}

    let server = RecordingServer::start(&[]);
    let client = client(config(&server.endpoint()).build());
    PutFluentBuilder::new(client.clone())
        .customize()
        .map_request(|mut request| {
            request.headers_mut().insert("x-mapped", "yes");
            *request.body_mut() = r#"{"token":"mapped body"}"#.into();
            Ok::<_, Refused>(request)
        })
        .send()
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.header("x-mapped"), Some("yes"));
    assert_eq!(request.body, r#"{"token":"mapped body"}"#);
    assert_eq!(request.header("content-length"), Some("23"), "the length follows the new body");
    assert!(request.signed_headers().contains(&"x-mapped"));

    let err = PutFluentBuilder::new(client)
        .customize()
        .map_request(|_| Err(Refused))
        .send()
        .await
        .expect_err("the mapper refuses");
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("MapRequestInterceptor modify_before_signing interceptor encountered an error"),
        "{message}"
    );
    assert_eq!(server.requests().len(), 1, "nothing more was sent");
}

#[tokio::test]
async fn an_empty_customization_is_a_plain_call() {
    let server = RecordingServer::start(&[]);
    let client = client(config(&server.endpoint()).build());
    PutFluentBuilder::new(client.clone()).customize().send().await.unwrap();
    PutFluentBuilder::new(client).customize().config_override(Builder::default()).send().await.unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn customized_calls_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let client = client(config("http://127.0.0.1:1").build());
    let call = PutFluentBuilder::new(client).customize().mutate_request(|_| {}).send();
    assert_send(&call);
}

#[test]
fn the_behavior_version_is_accepted_and_read_back() {
    let config = Config::builder().behavior_version(BehaviorVersion::latest()).build();
    assert_eq!(config.behavior_version(), Some(BehaviorVersion::latest()));
    assert_eq!(Config::builder().behavior_version_latest().build().behavior_version(), Some(BehaviorVersion::latest()));
    assert_eq!(Config::builder().build().behavior_version(), None);
    assert_eq!(config.to_builder().set_behavior_version(None).clone().build().behavior_version(), None);
    // An older version is kept, and changes none of the defaults (those of the latest).
    #[allow(deprecated)]
    let older = Config::builder().behavior_version(BehaviorVersion::v2024_03_28()).build();
    #[allow(deprecated)]
    let expected = BehaviorVersion::v2024_03_28();
    assert_eq!(older.behavior_version(), Some(expected));
    assert_eq!(older.retry_config().max_attempts(), 3);
    assert_eq!(older.timeout_config().connect_timeout(), Some(std::time::Duration::from_millis(3100)));
    // An override that says nothing of it keeps the client's.
    let kept = config.with_override(&Builder::default().region(Region::new("eu-west-1")));
    assert_eq!(kept.behavior_version(), Some(BehaviorVersion::latest()));
}
