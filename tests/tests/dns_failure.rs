//! A host name that does not resolve, through the built-in client: a DNS failure is a
//! connection error, retried like a refused connection (as the official SDK classifies it), and
//! after the last attempt a `DispatchFailure` that says `dns error`.
//!
//! The name has a 64-character label, one more than DNS allows, so the system resolver fails it
//! on this machine without sending a query anywhere (glibc cannot encode it): the test needs no
//! network and sends nothing off the machine.

use ivs::config::{Credentials, Region, RetryConfig};
use ivs::error::SdkError;
use ivs_tests::CHANNEL_ARN;
use std::time::{Duration, Instant};

#[tokio::test]
async fn a_dns_failure_is_a_dispatch_failure_after_every_attempt() {
    let host = format!("{}.invalid", "a".repeat(64));
    let config = ivs::Config::builder()
        .region(Region::new("us-west-2"))
        .endpoint_url(format!("http://{host}"))
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(5)),
        )
        .build();
    let client = ivs::Client::from_conf(config);
    let started = Instant::now();
    let result = tokio::time::timeout(Duration::from_secs(30), client.get_channel().arn(CHANNEL_ARN).send()).await;
    let err = result.expect("a DNS failure must not hang").expect_err("the host does not resolve");
    let shown = err.to_string();
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    assert!(shown.contains("dns error"), "the error says it was DNS: {shown}");
    assert!(shown.starts_with("dispatch failure: connection error:"), "{shown}");
    assert_eq!(err.attempts(), 3, "a DNS failure is retried like any connection failure: {shown}");
    assert!(shown.ends_with("(after 3 attempts)"), "{shown}");
    assert!(started.elapsed() < Duration::from_secs(10), "resolved locally: {:?}", started.elapsed());
}
