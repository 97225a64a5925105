//! A `@streaming` blob output is handed to the user as a byte stream, not buffered: `send()`
//! returns once the response head arrives, and the body is read as the user consumes it.

use bytes::Bytes;
use features::config::{Credentials, Region, RetryConfig};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

fn client(endpoint: &str, http: Option<aws_client_runtime::transport::SharedHttpClient>) -> features::Client {
    let mut config = features::Config::builder()
        .region(Region::new("us-west-2"))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "secret", None, None, "test"))
        .retry_config(RetryConfig::disabled());
    config.set_http_client(http);
    features::Client::from_conf(config.build())
}

#[tokio::test]
async fn an_in_memory_body_arrives_as_one_chunk() {
    let http = aws_client_runtime::transport::infallible_client_fn(|request| {
        assert_eq!(request.uri().path(), "/blobs/b%2F1");
        http::Response::builder()
            .status(200)
            .header("content-type", "image/png")
            .body(Bytes::from_static(b"\x89PNG..."))
            .unwrap()
    });
    let client = client("http://fixture.test", Some(aws_client_runtime::transport::SharedHttpClient::new(http)));
    let output = client.get_blob().id("b/1").send().await.expect("a streamed output");
    assert_eq!(output.content_type(), Some("image/png"));
    assert_eq!(output.body.collect().await.unwrap(), Bytes::from_static(b"\x89PNG..."));
}

#[tokio::test]
async fn send_returns_before_the_body_is_complete() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let (release, released) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = vec![0u8; 8192];
        let mut read = 0;
        while !request[..read].windows(4).any(|w| w == b"\r\n\r\n") {
            read += socket.read(&mut request[read..]).await.unwrap();
        }
        socket
            .write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n",
            )
            .await
            .unwrap();
        // The rest is sent only once the client has its output: a buffering client never gets there.
        released.await.unwrap();
        socket.write_all(b"6\r\nsecond\r\n0\r\n\r\n").await.unwrap();
        socket.flush().await.unwrap();
    });
    let client = client(&endpoint, None);
    let output = tokio::time::timeout(Duration::from_secs(20), client.get_blob().id("big").send())
        .await
        .expect("send() returned before the body was complete")
        .expect("a streamed output");
    assert_eq!(output.content_type(), Some("text/plain"));
    let mut body = output.body;
    let first = tokio::time::timeout(Duration::from_secs(20), body.next()).await.unwrap().unwrap().unwrap();
    assert_eq!(first, Bytes::from_static(b"first"));
    release.send(()).unwrap();
    let rest = tokio::time::timeout(Duration::from_secs(20), body.collect()).await.unwrap().unwrap();
    assert_eq!(rest, Bytes::from_static(b"second"));
    server.await.unwrap();
}

#[tokio::test]
async fn an_error_answer_to_a_streaming_operation_is_a_typed_error() {
    let http = aws_client_runtime::transport::infallible_client_fn(|_| {
        http::Response::builder()
            .status(404)
            .header("x-amzn-errortype", "NotFound")
            .body(Bytes::from_static(br#"{"message":"no such blob"}"#))
            .unwrap()
    });
    let client = client("http://fixture.test", Some(aws_client_runtime::transport::SharedHttpClient::new(http)));
    let err = client.get_blob().id("nope").send().await.expect_err("not found");
    let err = err.into_service_error();
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(err.to_string(), "NotFound: no such blob");
}
