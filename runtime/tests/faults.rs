//! What the client does when the network misbehaves, each fault made by a scripted server on
//! a real loopback socket (`support::ScriptServer`): a connection closed or reset after the
//! request was read, a body cut in half, a TLS handshake that fails. The server counts the
//! attempts; the transient faults are retried and the second attempt succeeds.
#![cfg(feature = "rustls")]

mod support;

use aws_client_runtime::config::RetryConfig;
use aws_client_runtime::error::SdkError;
use aws_client_runtime::transport::ConnectorErrorKind;
use support::{post, quick_retries, socket_client, Connection, Reply, ScriptServer};

const BODY: &str = r#"{"channel":{"name":"after the fault"}}"#;

/// Plays `fault` on the first connection and a good answer on the second; the call must
/// succeed on its second attempt.
async fn fault_then_success(fault: Reply) {
    let server = ScriptServer::start(vec![Connection::replies([fault]), Connection::replies([Reply::Ok(BODY)])]);
    let client = socket_client(&server.endpoint(), quick_retries());
    let body = post(&client).await.unwrap_or_else(|e| panic!("{fault:?} must be retried: {e}"));
    assert_eq!(body, BODY.as_bytes());
    assert_eq!(server.requests(), 2, "{fault:?}: the failed attempt and the retry");
    assert_eq!(server.connections(), 2, "{fault:?}: the retry opens a new connection");
}

#[tokio::test]
async fn a_connection_closed_after_the_request_was_read_is_retried() {
    fault_then_success(Reply::Close).await;
}

#[tokio::test]
async fn a_connection_reset_after_the_request_was_read_is_retried() {
    fault_then_success(Reply::Reset).await;
}

#[tokio::test]
async fn a_connection_closed_halfway_through_the_body_is_retried() {
    fault_then_success(Reply::HalfBody(BODY)).await;
}

/// Without retries, each fault is a `DispatchFailure` of kind `Io` after one attempt: the
/// kind the retry strategy retries.
#[tokio::test]
async fn each_fault_is_a_connection_error_of_kind_io() {
    for fault in [Reply::Close, Reply::Reset, Reply::HalfBody(BODY)] {
        let server = ScriptServer::start(vec![Connection::replies([fault])]);
        let client = socket_client(&server.endpoint(), RetryConfig::disabled());
        let err = post(&client).await.expect_err("no retries");
        match &err {
            SdkError::DispatchFailure(failure) => {
                assert_eq!(failure.as_connector_error().kind(), ConnectorErrorKind::Io, "{fault:?}: {err}")
            }
            other => panic!("{fault:?}: expected a DispatchFailure, got {other:?}"),
        }
        assert_eq!(err.attempts(), 1);
        assert!(err.to_string().starts_with("dispatch failure: connection error: "), "{err}");
        assert_eq!(server.requests(), 1);
    }
}

/// A fault on every attempt ends after the configured attempts, saying how many were made.
#[tokio::test]
async fn a_connection_closed_on_every_attempt_fails_after_every_attempt() {
    let server = ScriptServer::start((0..3).map(|_| Connection::replies([Reply::Close])).collect());
    let client = socket_client(&server.endpoint(), quick_retries());
    let err = post(&client).await.expect_err("closed every time");
    assert_eq!(err.attempts(), 3);
    assert_eq!(server.requests(), 3);
    assert!(err.to_string().ends_with(" (after 3 attempts)"), "{err}");
}

/// A TLS handshake that fails is not retried, and the error says so.
#[tokio::test]
async fn a_failed_tls_handshake_is_not_retried_and_says_so() {
    let server = ScriptServer::start((0..3).map(|_| Connection::replies([Reply::NotTls])).collect());
    let client = socket_client(&server.https_endpoint(), quick_retries());
    let err = post(&client).await.expect_err("the server does not speak TLS");
    match &err {
        SdkError::DispatchFailure(failure) => {
            assert_eq!(failure.as_connector_error().kind(), ConnectorErrorKind::Tls, "{err}")
        }
        other => panic!("expected a DispatchFailure, got {other:?}"),
    }
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.connections(), 1, "one handshake, no retry");
    let shown = err.to_string();
    assert!(shown.starts_with("dispatch failure: TLS failure (not retried"), "{shown}");
}
