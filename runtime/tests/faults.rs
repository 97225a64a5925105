//! What the client does when the network misbehaves, each fault made by a scripted server on
//! a real loopback socket (`support::ScriptServer`): a connection closed or reset after the
//! request was read, a body cut in half, a TLS handshake that fails. The server counts the
//! attempts; the transient faults are retried and the second attempt succeeds. Then stale
//! pooled connections: closed by the server while idle or as a request arrives, and closed by
//! the client after its idle timeout.
#![cfg(feature = "rustls")]

mod support;

use aws_client_runtime::client::ClientHandle;
use aws_client_runtime::config::{RetryConfig, TimeoutConfig};
use aws_client_runtime::error::SdkError;
use aws_client_runtime::hyper_client::POOL_IDLE_TIMEOUT;
use aws_client_runtime::transport::ConnectorErrorKind;
use std::time::Duration;
use support::{post, quick_retries, socket_client, Connection, Reply, ScriptServer, Then};

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

// ---------------------------------------------------------------------------------------------
// Stale pooled connections.
// ---------------------------------------------------------------------------------------------

/// A keep-alive server that closes the connection just as the next request arrives on it (the
/// race a load balancer's idle timeout makes): that request is retried on a new connection.
#[tokio::test]
async fn a_request_on_a_connection_the_server_just_closed_is_retried() {
    let server = ScriptServer::start(vec![
        Connection::replies([Reply::Ok(BODY), Reply::Close]),
        Connection::replies([Reply::Ok(BODY)]),
    ]);
    let client = socket_client(&server.endpoint(), quick_retries());
    post(&client).await.expect("the first call");
    assert_eq!(server.connections(), 1);
    let body = post(&client).await.expect("the second call is retried on a new connection");
    assert_eq!(body, BODY.as_bytes());
    assert_eq!(server.requests(), 3, "the first call, the reused connection, the retry");
    assert_eq!(server.connections(), 2);
}

/// A keep-alive server that closes the idle connection between two calls: the second call
/// succeeds (on a new connection, at once if the client saw the close, else by a retry).
#[tokio::test]
async fn a_keep_alive_connection_closed_while_idle_does_not_fail_the_next_call() {
    let (word, heard) = std::sync::mpsc::channel();
    let (closed, was_closed) = tokio::sync::oneshot::channel();
    let server = ScriptServer::start(vec![
        Connection { replies: vec![Reply::Ok(BODY)], then: Then::CloseWhenTold(heard, closed) },
        Connection::replies([Reply::Ok(BODY)]),
    ]);
    let client = socket_client(&server.endpoint(), quick_retries());
    post(&client).await.expect("the first call");
    word.send(()).expect("the server waits for the word");
    was_closed.await.expect("the server closed the idle connection");
    let body = post(&client).await.expect("the second call");
    assert_eq!(body, BODY.as_bytes());
    assert_eq!(server.requests(), 2);
    assert_eq!(server.connections(), 2);
}

/// An idle pooled connection is closed by the client once it has been idle for
/// `POOL_IDLE_TIMEOUT`; the next call opens a new one. The paused clock skips the 50 s (the
/// server keeps real time on its own thread, and no other timer runs: no timeouts are set).
#[tokio::test(start_paused = true)]
async fn an_idle_pooled_connection_is_closed_after_the_idle_timeout() {
    let (report, closed) = tokio::sync::oneshot::channel();
    let server = ScriptServer::start(vec![
        Connection { replies: vec![Reply::Ok(BODY)], then: Then::AwaitClientClose(report) },
        Connection::replies([Reply::Ok(BODY)]),
    ]);
    let config = support::config(&server.endpoint(), quick_retries(), TimeoutConfig::disabled()).build();
    let client = ClientHandle::new(config, &support::SERVICE);
    post(&client).await.expect("the first call");
    tokio::time::sleep(POOL_IDLE_TIMEOUT + Duration::from_secs(1)).await;
    // The server waits (at most 10 s of real time) for the client to close the connection.
    assert!(closed.await.expect("the server reports"), "the client closed the idle connection");
    post(&client).await.expect("the second call, on a new connection");
    assert_eq!(server.connections(), 2);
}
