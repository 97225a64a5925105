//! What a user gets for each kind of bad input or hostile environment: the exact `SdkError`
//! variant, and a `Display` that says what is wrong and how to fix it.
//!
//! Every client here uses the built-in hyper client over loopback (no `http_client`), and every
//! test body runs inside a 30 s `tokio::time::timeout` that only proves nothing hangs.

use fake_ivs::FakeIvs;
use ivs::config::{Credentials, Region, RetryConfig};
use ivs::error::{ProvideErrorMetadata, SdkError};
use std::future::Future;
use std::time::Duration;

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const MAX_ATTEMPTS: u32 = 3;

async fn within<F: Future>(body: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(30), body).await.expect("the test did not finish within 30 s: it hangs")
}

fn retries() -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(MAX_ATTEMPTS)
        .with_initial_backoff(Duration::from_millis(10))
        .with_max_backoff(Duration::from_millis(50))
}

fn credentials() -> Credentials {
    Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "test")
}

/// Region, endpoint, credentials and fast retries: everything a client needs.
fn config(endpoint: &str) -> ivs::config::Builder {
    ivs::Config::builder()
        .region(Region::new("us-west-2"))
        .endpoint_url(endpoint)
        .credentials_provider(credentials())
        .retry_config(retries())
}

fn client(builder: ivs::config::Builder) -> ivs::Client {
    ivs::Client::from_conf(builder.build())
}

/// Asserts that `err` is a `ConstructionFailure` (no attempt made) and returns its Display.
fn construction_failure<E: std::fmt::Debug + std::fmt::Display>(err: &SdkError<E>) -> String {
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "expected ConstructionFailure, got {err:?}");
    assert_eq!(err.attempts(), 0, "nothing was sent");
    err.to_string()
}

/// A port on 127.0.0.1 that nothing listens on (it was free a moment ago).
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    port
}

#[tokio::test]
async fn missing_region_without_endpoint_is_a_construction_failure() {
    within(async {
        let client = client(ivs::Config::builder().credentials_provider(credentials()).retry_config(retries()));
        let err = client.list_channels().send().await.expect_err("no region");
        let shown = construction_failure(&err);
        assert_eq!(
            shown,
            "failed to construct request: no region is configured: set one with \
             `Config::builder().region(Region::new(\"us-west-2\"))`, or set the AWS_REGION environment variable \
             and use `Config::from_env()`"
        );
    })
    .await
}

#[tokio::test]
async fn missing_region_with_an_endpoint_is_a_construction_failure_too() {
    // The endpoint is known, but a request cannot be signed without a region.
    within(async {
        let server = FakeIvs::builder().start().await.expect("start");
        let client = client(
            ivs::Config::builder()
                .endpoint_url(server.endpoint())
                .credentials_provider(credentials())
                .retry_config(retries()),
        );
        let err = client.list_channels().send().await.expect_err("no region");
        let shown = construction_failure(&err);
        assert!(shown.starts_with("failed to construct request: no region is configured: set one with "), "{shown}");
        assert_eq!(server.requests_seen(), 0);
    })
    .await
}

#[tokio::test]
async fn an_invalid_region_is_a_construction_failure() {
    within(async {
        let client = client(
            ivs::Config::builder()
                .region(Region::new("us west 2"))
                .credentials_provider(credentials())
                .retry_config(retries()),
        );
        let err = client.list_channels().send().await.expect_err("bad region");
        let shown = construction_failure(&err);
        assert_eq!(
            shown,
            "failed to construct request: invalid region \"us west 2\": a region is a name like `us-west-2`"
        );
    })
    .await
}

#[tokio::test]
async fn missing_credentials_are_a_construction_failure() {
    within(async {
        let server = FakeIvs::builder().start().await.expect("start");
        let client = client(
            ivs::Config::builder()
                .region(Region::new("us-west-2"))
                .endpoint_url(server.endpoint())
                .retry_config(retries()),
        );
        let err = client.list_channels().send().await.expect_err("no credentials");
        let shown = construction_failure(&err);
        assert_eq!(
            shown,
            "failed to construct request: no credentials are configured: set them with \
             `Config::builder().credentials_provider(Credentials::new(access_key, secret_key, None, None, \"name\"))`, \
             or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY and use `Config::from_env()`"
        );
        assert_eq!(server.requests_seen(), 0, "nothing unsigned is sent");
    })
    .await
}

#[tokio::test]
async fn a_missing_required_member_is_a_construction_failure() {
    within(async {
        let server = FakeIvs::builder().start().await.expect("start");
        let client = client(config(&server.endpoint()));
        let err = client.get_channel().send().await.expect_err("no arn");
        let shown = construction_failure(&err);
        assert!(shown.starts_with("failed to construct request: "), "{shown}");
        assert!(shown.contains("arn") && shown.contains("GetChannel"), "{shown}");
        assert_eq!(server.requests_seen(), 0);
    })
    .await
}

#[tokio::test]
async fn an_unreachable_endpoint_is_a_dispatch_failure_after_every_attempt() {
    within(async {
        let endpoint = format!("http://127.0.0.1:{}", closed_port());
        let client = client(config(&endpoint));
        let err = client.list_channels().send().await.expect_err("connection refused");
        match &err {
            SdkError::DispatchFailure(failure) => {
                assert_eq!(failure.as_connector_error().kind(), aws_client_runtime::transport::ConnectorErrorKind::Io)
            }
            other => panic!("expected DispatchFailure, got {other:?}"),
        }
        assert_eq!(err.attempts(), MAX_ATTEMPTS, "connection failures are retried");
        let shown = err.to_string();
        assert!(shown.starts_with("dispatch failure: connection error: "), "{shown}");
        assert!(shown.contains("Connection refused"), "{shown}");
        assert!(shown.ends_with(" (after 3 attempts)"), "{shown}");
    })
    .await
}

#[tokio::test]
async fn invalid_endpoint_urls_are_construction_failures() {
    within(async {
        for (url, why) in [
            ("not a url", "invalid uri character"),
            ("ftp://x", "it must start with http:// or https://"),
            ("127.0.0.1:4566", "it must start with http:// or https://"),
            ("http://", "empty string"),
            ("http://h/?q=1", "it may not have a query"),
        ] {
            let client = client(config(url));
            let err = client.list_channels().send().await.expect_err(url);
            let shown = construction_failure(&err);
            assert_eq!(
                shown,
                format!(
                    "failed to construct request: invalid endpoint URL {url:?}: {why} \
                     (an endpoint URL looks like `https://host` or `http://127.0.0.1:4566`)"
                ),
                "{url}"
            );
        }
    })
    .await
}

#[tokio::test]
async fn a_non_json_200_body_is_a_response_error() {
    within(async {
        let server = raw::serve(vec![raw::response(200, &[("Content-Type", "text/plain")], "OK")]);
        let client = client(config(&server.endpoint));
        let err = client.list_channels().send().await.expect_err("not JSON");
        match &err {
            SdkError::ResponseError(e) => {
                assert_eq!(e.raw().status(), 200);
                assert_eq!(e.raw().body().as_ref(), b"OK");
            }
            other => panic!("expected ResponseError, got {other:?}"),
        }
        assert_eq!(err.attempts(), 1);
        assert_eq!(server.requests().len(), 1, "a body that cannot be read is not retried");
        let shown = err.to_string();
        assert!(shown.starts_with("response could not be read: "), "{shown}");
        assert!(shown.contains("JSON"), "{shown}");
    })
    .await
}

#[tokio::test]
async fn an_html_502_from_a_proxy_is_retried_then_an_http502_service_error() {
    within(async {
        let server = FakeIvs::builder().start().await.expect("start");
        let client = client(config(&server.endpoint()));

        // Once: the retry succeeds.
        server.faults().html_502_next(1);
        client.list_channels().send().await.expect("the retry succeeds");
        assert_eq!(server.requests_seen(), 2);

        // Every time: an unmodeled service error whose code is the status.
        server.faults().html_502_next(MAX_ATTEMPTS as usize);
        let err = client.list_channels().send().await.expect_err("502 every time");
        assert_eq!(server.requests_seen(), 2 + MAX_ATTEMPTS as usize);
        assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
        assert_eq!(err.attempts(), MAX_ATTEMPTS);
        assert!(err.raw_response().is_some_and(|r| r.status() == 502));
        assert_eq!(err.code(), Some("Http502"));
        assert_eq!(err.message(), None);
        let shown = err.to_string();
        assert!(shown.starts_with("service error: Http502 (request id: "), "{shown}");
        assert!(shown.ends_with("; after 3 attempts)"), "{shown}");
        let err = err.into_service_error();
        #[allow(deprecated)]
        let unhandled = matches!(err, ivs::operation::list_channels::ListChannelsError::Unhandled(_));
        assert!(unhandled, "{err:?}");
        assert_eq!(err.code(), Some("Http502"));
    })
    .await
}

#[tokio::test]
async fn an_expired_session_token_is_a_typed_error_and_not_retried() {
    // fake-ivs answers a wrong token with UnrecognizedClientException but has no notion of
    // expiry, so a hand-written server answers as AWS does for an expired token.
    within(async {
        let expired = raw::response(
            403,
            &[("x-amzn-ErrorType", "ExpiredTokenException"), ("Content-Type", "application/json")],
            r#"{"message":"The security token included in the request is expired"}"#,
        );
        let server = raw::serve(vec![expired]);
        let client = client(config(&server.endpoint).credentials_provider(Credentials::new(
            ACCESS_KEY,
            SECRET_KEY,
            Some("an-old-session-token".to_owned()),
            None,
            "session",
        )));
        let err = client.list_channels().send().await.expect_err("expired");
        let requests = server.requests();
        assert_eq!(requests.len(), 1, "an expired token is not retried");
        assert_eq!(raw::header(&requests[0], "x-amz-security-token").as_deref(), Some("an-old-session-token"));
        assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
        assert_eq!(err.attempts(), 1);
        assert_eq!(err.code(), Some("ExpiredTokenException"));
        assert_eq!(err.message(), Some("The security token included in the request is expired"));
        assert_eq!(
            err.to_string(),
            "service error: ExpiredTokenException: The security token included in the request is expired"
        );
        let err = err.into_service_error();
        #[allow(deprecated)]
        let unhandled = matches!(err, ivs::operation::list_channels::ListChannelsError::Unhandled(_));
        assert!(unhandled, "{err:?}");
        assert_eq!(err.code(), Some("ExpiredTokenException"));
    })
    .await
}

#[tokio::test]
async fn a_wrong_session_token_is_unrecognized_and_not_retried() {
    within(async {
        let server =
            FakeIvs::builder().session_credentials(ACCESS_KEY, SECRET_KEY, "the-current-token").start().await.expect("start");
        let client = client(config(&server.endpoint()).credentials_provider(Credentials::new(
            ACCESS_KEY,
            SECRET_KEY,
            Some("a-stale-token".to_owned()),
            None,
            "session",
        )));
        let err = client.list_channels().send().await.expect_err("wrong token");
        assert_eq!(server.requests_seen(), 1);
        assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
        assert_eq!(err.attempts(), 1);
        assert_eq!(err.code(), Some("UnrecognizedClientException"));
        let shown = err.to_string();
        assert!(
            shown.starts_with(
                "service error: UnrecognizedClientException: The security token included in the request is invalid. (request id: "
            ),
            "{shown}"
        );
        assert!(!shown.contains("a-stale-token") && !format!("{err:?}").contains("a-stale-token"));
    })
    .await
}

#[tokio::test]
async fn a_wrong_secret_key_is_an_invalid_signature_and_not_retried() {
    within(async {
        let server = FakeIvs::builder().start().await.expect("start");
        let client = client(config(&server.endpoint()).credentials_provider(Credentials::new(
            ACCESS_KEY,
            "not-the-secret-key",
            None,
            None,
            "wrong",
        )));
        let err = client.list_channels().send().await.expect_err("bad signature");
        assert_eq!(server.requests_seen(), 1);
        assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
        assert_eq!(err.attempts(), 1);
        assert_eq!(err.code(), Some("InvalidSignatureException"));
        let shown = err.to_string();
        assert!(
            shown.starts_with(&format!(
                "service error: InvalidSignatureException: {} (request id: ",
                fake_ivs::server::SIGNATURE_MISMATCH_MESSAGE
            )),
            "{shown}"
        );
        assert!(!shown.contains("not-the-secret-key") && !format!("{err:?}").contains("not-the-secret-key"));
    })
    .await
}

#[tokio::test]
async fn a_clock_skewed_by_an_hour_is_an_invalid_signature_and_not_retried() {
    within(async {
        // The server's clock is an hour behind the client's.
        let clock = fake_ivs::Clock::manual(std::time::SystemTime::now() - Duration::from_secs(3600));
        let server = FakeIvs::builder().clock(clock).start().await.expect("start");
        let client = client(config(&server.endpoint()));
        let err = client.list_channels().send().await.expect_err("skewed");
        assert_eq!(server.requests_seen(), 1);
        assert_eq!(err.attempts(), 1);
        assert_eq!(err.code(), Some("InvalidSignatureException"));
        let shown = err.to_string();
        assert!(shown.starts_with("service error: InvalidSignatureException: Signature not yet current: "), "{shown}");
        assert!(shown.contains(" + 15 min.)"), "{shown}");
    })
    .await
}

/// A tiny hand-written HTTP/1.1 server on loopback that answers from a script and records the
/// heads of the requests it read, for what fake-ivs cannot do.
mod raw {
    use std::collections::VecDeque;
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    type Script = Arc<Mutex<VecDeque<Vec<u8>>>>;
    type Log = Arc<Mutex<Vec<String>>>;

    pub struct RawServer {
        pub endpoint: String,
        log: Log,
    }

    impl RawServer {
        /// The heads (request line and headers) of every request read so far.
        pub fn requests(&self) -> Vec<String> {
            self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
        }
    }

    /// Serves `script`, one answer per request in order; a 500 once it runs out.
    pub fn serve(script: Vec<Vec<u8>>) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let endpoint = format!("http://{}", listener.local_addr().expect("addr"));
        let script: Script = Arc::new(Mutex::new(script.into()));
        let log: Log = Arc::default();
        let server_log = log.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (script, log) = (script.clone(), server_log.clone());
                std::thread::spawn(move || connection(stream, script, log));
            }
        });
        RawServer { endpoint, log }
    }

    fn connection(stream: TcpStream, script: Script, log: Log) {
        let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
        let Ok(read_half) = stream.try_clone() else { return };
        let mut reader = BufReader::new(read_half);
        let mut writer = stream;
        while let Some(head) = read_request(&mut reader) {
            log.lock().unwrap_or_else(|e| e.into_inner()).push(head);
            let answer = script
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .pop_front()
                .unwrap_or_else(|| response(500, &[], "{\"message\":\"the script ran out\"}"));
            if writer.write_all(&answer).and_then(|()| writer.flush()).is_err() {
                return;
            }
        }
    }

    fn read_request(reader: &mut BufReader<TcpStream>) -> Option<String> {
        let mut head = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).ok()? == 0 {
                return None;
            }
            if line == "\r\n" {
                break;
            }
            head.push_str(&line);
        }
        let length = header(&head, "content-length").and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
        let mut body = vec![0; length];
        reader.read_exact(&mut body).ok()?;
        Some(head)
    }

    /// The value of header `name` in a request head, if present.
    pub fn header(head: &str, name: &str) -> Option<String> {
        head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim().eq_ignore_ascii_case(name).then(|| value.trim().to_owned())
        })
    }

    /// A whole HTTP/1.1 answer with a `Content-Length`.
    pub fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {status} Status\r\ncontent-length: {}\r\n", body.len());
        for (name, value) in headers {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
        out.push_str("\r\n");
        out.push_str(body);
        out.into_bytes()
    }
}
