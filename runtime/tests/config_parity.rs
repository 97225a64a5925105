//! The official SDK's remaining configuration, used against a real loopback server: a sleep
//! implementation of your own, retry classifiers, retry partitions and their token bucket, the
//! identity cache, framework metadata in the `User-Agent`, auth scheme resolution and stalled
//! stream protection.

mod recording;

use aws_client_runtime::auth::{AuthSchemeId, Params, ResolveAuthScheme, NO_AUTH, SIGV4};
use aws_client_runtime::config::{
    AsyncSleep, Builder, ClassifyRetry, Credentials, FrameworkMetadata, IdentityCache, ProvideCredentials, RetryAction,
    RetryPartition, Sleep, StalledStreamProtectionConfig,
};
use aws_client_runtime::error::SdkError;
use aws_client_runtime::retry::classifiers::InterceptorContext;
use aws_client_runtime::retry::partition::TokenBucket;
use aws_credential_types::provider::future::ProvideCredentials as CredentialsFuture;
use recording::{client, config, quick_retries, OpError, PutFluentBuilder, RecordingServer};
use std::io::{Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// Records each wait it is asked for, and waits for none of them.
#[derive(Clone, Debug, Default)]
struct RecordingSleep(Arc<Mutex<Vec<Duration>>>);

impl AsyncSleep for RecordingSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        self.0.lock().unwrap().push(duration);
        Sleep::new(async {})
    }
}

#[tokio::test]
async fn retries_wait_with_the_configured_sleep_implementation() {
    let server = RecordingServer::start(&[500, 500, 200]);
    let sleeps = RecordingSleep::default();
    // Backoffs of up to a minute: with tokio's timer the call would take minutes.
    let retries =
        quick_retries(3).with_initial_backoff(Duration::from_secs(60)).with_max_backoff(Duration::from_secs(60));
    let handle = client(config(&server.endpoint()).retry_config(retries).sleep_impl(sleeps.clone()).build());
    PutFluentBuilder::new(handle.clone()).send().await.expect("the third attempt succeeds");
    assert_eq!(server.requests().len(), 3);
    let waits = sleeps.0.lock().unwrap().clone();
    assert_eq!(waits.len(), 2, "one wait before each retry: {waits:?}");
    assert!(waits.iter().all(|w| *w <= Duration::from_secs(60)), "{waits:?}");
    assert!(handle.config().sleep_impl().is_some());
}

/// Retries every 400 answer; forbids retrying anything else.
#[derive(Debug, Default)]
struct RetryBadRequests {
    codes_seen: Mutex<Vec<String>>,
}

impl ClassifyRetry for RetryBadRequests {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        // The operation's own error type, as the official SDK shows it to classifiers.
        if let Some(Err(error)) = ctx.output_or_error() {
            if let Some(op_error) = error.as_operation_error().and_then(|e| e.downcast_ref::<OpError>()) {
                self.codes_seen.lock().unwrap().push(op_error.0.code().unwrap_or_default().to_owned());
            }
        }
        match ctx.response().map(|r| r.status().as_u16()) {
            Some(400) => RetryAction::server_error(),
            _ => RetryAction::RetryForbidden,
        }
    }

    fn name(&self) -> &'static str {
        "RetryBadRequests"
    }
}

#[tokio::test]
async fn a_retry_classifier_decides_before_the_built_in_rules() {
    let server = RecordingServer::start(&[400, 400, 200, 500]);
    let classifier = Arc::new(RetryBadRequests::default());
    let handle = client(
        config(&server.endpoint())
            .retry_config(quick_retries(3))
            .retry_classifier(aws_client_runtime::config::SharedRetryClassifier::new(SharedClassifier(
                classifier.clone(),
            )))
            .build(),
    );
    // A 400 is never retried by the built-in rules; the classifier retries it.
    PutFluentBuilder::new(handle.clone()).send().await.expect("the third attempt succeeds");
    assert_eq!(server.requests().len(), 3);
    // A 500 always is; the classifier forbids it.
    let err = PutFluentBuilder::new(handle).send().await.expect_err("a 500 that is not retried");
    assert_eq!(err.attempts(), 1, "{err:?}");
    assert_eq!(server.requests().len(), 4);
    assert_eq!(*classifier.codes_seen.lock().unwrap(), ["InternalFailure"; 3]);
}

#[derive(Debug)]
struct SharedClassifier(Arc<RetryBadRequests>);

impl ClassifyRetry for SharedClassifier {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        self.0.classify_retry(ctx)
    }
    fn name(&self) -> &'static str {
        self.0.name()
    }
}

#[tokio::test]
async fn clients_of_one_retry_partition_share_its_token_bucket() {
    let server = RecordingServer::start(&[500, 200, 500, 500]);
    // Room for exactly one retry (a retry costs 5 tokens).
    let partition = RetryPartition::custom("config-parity").token_bucket(TokenBucket::with_capacity(5)).build();
    let first =
        client(config(&server.endpoint()).retry_config(quick_retries(3)).retry_partition(partition.clone()).build());
    let second = client(config(&server.endpoint()).retry_config(quick_retries(3)).retry_partition(partition).build());
    PutFluentBuilder::new(first).send().await.expect("one retry, then success");
    // The first client's retry took the 5 tokens and its success gave them back: the second
    // client's retry takes them again, and its next retry finds the shared bucket empty (a
    // bucket of its own, of 500 tokens, would have let the third attempt reach the 200).
    let err = PutFluentBuilder::new(second.clone()).send().await.expect_err("the shared bucket runs dry");
    assert_eq!(err.attempts(), 2, "{err:?}");
    assert!(format!("{err:?}").contains("retry quota is empty"), "{err:?}");
    // A client of its own partition still retries.
    let own = client(config(&server.endpoint()).retry_config(quick_retries(3)).build());
    PutFluentBuilder::new(own).send().await.expect("its own bucket pays for the retry");
    assert_eq!(server.requests().len(), 5);
}

/// Counts how often it is asked for credentials; they expire `valid_for` from then.
#[derive(Debug)]
struct CountingProvider {
    calls: Arc<AtomicUsize>,
    valid_for: Duration,
}

impl ProvideCredentials for CountingProvider {
    fn provide_credentials<'a>(&'a self) -> CredentialsFuture<'a>
    where
        Self: 'a,
    {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let expiry = SystemTime::now() + self.valid_for;
        CredentialsFuture::ready(Ok(Credentials::new("AKID", "SECRET", None, Some(expiry), "counting")))
    }
}

async fn provider_calls(cache: Option<aws_client_runtime::config::SharedIdentityCache>, valid_for: Duration) -> usize {
    let server = RecordingServer::start(&[]);
    let calls = Arc::new(AtomicUsize::new(0));
    let mut builder =
        config(&server.endpoint()).credentials_provider(CountingProvider { calls: calls.clone(), valid_for });
    builder.set_identity_cache(cache);
    let handle = client(builder.build());
    for _ in 0..3 {
        PutFluentBuilder::new(handle.clone()).send().await.unwrap();
    }
    assert!(server.requests().iter().all(|r| r.header("authorization").is_some()));
    calls.load(Ordering::SeqCst)
}

#[tokio::test]
async fn credentials_are_cached_until_shortly_before_they_expire() {
    let hour = Duration::from_secs(3600);
    assert_eq!(provider_calls(None, hour).await, 1, "the default cache is lazy");
    assert_eq!(provider_calls(Some(IdentityCache::lazy().build()), hour).await, 1);
    assert_eq!(provider_calls(Some(IdentityCache::no_cache()), hour).await, 3);
    // Credentials within the buffer time of their expiry are loaded again.
    let soon = Some(IdentityCache::lazy().buffer_time(Duration::from_secs(120)).build());
    assert_eq!(provider_calls(soon, Duration::from_secs(60)).await, 3);
}

#[tokio::test]
async fn framework_metadata_is_in_the_user_agent() {
    let server = RecordingServer::start(&[]);
    let framework = FrameworkMetadata::new("my-framework", Some("1.2".into())).unwrap();
    let handle = client(config(&server.endpoint()).framework_metadata(framework).build());
    PutFluentBuilder::new(handle).send().await.unwrap();
    let agent = server.requests()[0].header("user-agent").unwrap().to_owned();
    assert!(agent.contains(" lib/my-framework#1.2"), "{agent}");
    assert!(FrameworkMetadata::new("has space", None).is_err());
}

/// Lists the schemes it is given, and records the operations it was asked about.
#[derive(Debug)]
struct Schemes(Vec<AuthSchemeId>, Arc<Mutex<Vec<String>>>);

impl ResolveAuthScheme for Schemes {
    fn resolve_auth_scheme(&self, params: &Params) -> Vec<AuthSchemeId> {
        self.1.lock().unwrap().push(params.operation_name().to_owned());
        self.0.clone()
    }
}

#[tokio::test]
async fn the_auth_scheme_resolver_decides_whether_a_call_is_signed() {
    let server = RecordingServer::start(&[]);
    let asked = Arc::new(Mutex::new(Vec::new()));
    // noAuth from the resolver: unsigned, even with credentials.
    let unsigned =
        client(config(&server.endpoint()).auth_scheme_resolver(Schemes(vec![NO_AUTH], asked.clone())).build());
    PutFluentBuilder::new(unsigned).send().await.unwrap();
    assert_eq!(*asked.lock().unwrap(), ["Put"]);
    // The preference puts noAuth first among the schemes the resolver gives.
    let preferring = config(&server.endpoint())
        .auth_scheme_resolver(Schemes(vec![SIGV4, NO_AUTH], asked.clone()))
        .auth_scheme_preference([NO_AUTH]);
    PutFluentBuilder::new(client(preferring.build())).send().await.unwrap();
    // Without credentials, allow_no_auth sends unsigned rather than failing.
    let mut anonymous = config(&server.endpoint()).allow_no_auth();
    anonymous.set_credentials_provider(None);
    PutFluentBuilder::new(client(anonymous.build())).send().await.unwrap();
    // By default, SigV4.
    PutFluentBuilder::new(client(config(&server.endpoint()).build())).send().await.unwrap();
    let authorizations: Vec<bool> = server.requests().iter().map(|r| r.header("authorization").is_some()).collect();
    assert_eq!(authorizations, [false, false, false, true]);

    let mut no_credentials = config(&server.endpoint());
    no_credentials.set_credentials_provider(None);
    let err = PutFluentBuilder::new(client(no_credentials.build())).send().await.expect_err("nothing can sign");
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
}

/// A server that sends the head and 10 of 100 body bytes, then nothing for 5 s.
fn stalling_server() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(4) {
            let Ok(mut stream) = stream else { return };
            std::thread::spawn(move || {
                let mut buffer = [0u8; 8192];
                let _ = stream.read(&mut buffer);
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n";
                let _ = stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(b"{\"a\":\"bbbb"));
                std::thread::sleep(Duration::from_secs(5));
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_stalled_response_body_fails_the_attempt_after_the_grace_period() {
    let endpoint = stalling_server();
    let protection = StalledStreamProtectionConfig::enabled().grace_period(Duration::from_millis(200)).build();
    let handle = client(config(&endpoint).stalled_stream_protection(protection).build());
    let err = PutFluentBuilder::new(handle).send().await.expect_err("the body stalls");
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    assert!(format!("{err:?}").contains("stalled"), "{err:?}");

    // Without the protection, only the attempt timeout ends it.
    let timeouts = aws_client_runtime::config::TimeoutConfig::builder()
        .operation_attempt_timeout(Duration::from_millis(500))
        .build();
    let unprotected =
        config(&endpoint).stalled_stream_protection(StalledStreamProtectionConfig::disabled()).timeout_config(timeouts);
    let err = PutFluentBuilder::new(client(unprotected.build())).send().await.expect_err("the attempt times out");
    let debug = format!("{err:?}");
    assert!(debug.contains("did not complete within") && !debug.contains("stalled"), "{debug}");
}

#[test]
fn the_builder_keeps_what_it_was_given() {
    let config = Builder::default().allow_no_auth().build();
    assert!(config.allow_no_auth());
    assert!(config.stalled_stream_protection().is_some_and(|p| p.is_enabled()), "on by default");
    assert!(config.identity_cache().is_some());
    assert!(config.retry_partition().is_none());
}
