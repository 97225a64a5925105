//! What the client does to a serialized request before sending it, driven through `invoke` with
//! a hand-written operation (as a generated crate's would be) and a capturing transport: the
//! `@endpoint` host prefix, `@requestCompression`, `@httpChecksumRequired` and `Content-Length`.

use aws_client_runtime::checksum::{content_md5, HttpChecksumRequired};
use aws_client_runtime::client::{invoke, ClientHandle, Operation, ServiceInfo};
use aws_client_runtime::compression::RequestCompression;
use aws_client_runtime::config::{Config, Credentials, Region, RetryConfig};
use aws_client_runtime::endpoint::{host_label, EndpointPrefix};
use aws_client_runtime::error::{BuildError, DeserializeError, ErrorMetadata, SdkError};
use aws_client_runtime::protocol_test::CaptureClient;
use aws_client_runtime::transport::{HttpRequest, HttpResponse};
use std::io::Read;

static SERVICE: ServiceInfo = ServiceInfo {
    sdk_id: "Test",
    signing_name: "test",
    endpoint_prefix: "test",
    api_version: "2020-01-01",
    env_key: "TEST",
    crate_name: "test",
    crate_version: "0.1.0",
    endpoint_rules: None,
};

/// What the test operation sends, and which of its traits it has.
#[derive(Debug, Default)]
struct Input {
    method: &'static str,
    body: Vec<u8>,
    content_encoding: Option<&'static str>,
    /// `@endpoint(hostPrefix: "foo.{label}.")` with this `@hostLabel` value.
    label: Option<&'static str>,
    compression: bool,
    checksum: bool,
}

struct TestOperation;

impl Operation for TestOperation {
    type Input = Input;
    type Output = ();
    type Error = ErrorMetadata;
    const NAME: &'static str = "TestOperation";

    fn serialize_request(input: &Input) -> Result<HttpRequest, BuildError> {
        let mut request = http::Request::builder().method(input.method).uri("/test");
        if let Some(encoding) = input.content_encoding {
            request = request.header("content-encoding", encoding);
        }
        let mut request = request.body(input.body.clone().into()).map_err(BuildError::other)?;
        if input.label.is_some() {
            let prefix = EndpointPrefix::new(["foo.", host_label(input.label, "label")?, "."].concat())?;
            request.extensions_mut().insert(prefix);
        }
        if input.compression {
            request.extensions_mut().insert(RequestCompression::new(&["gzip"]));
        }
        if input.checksum {
            request.extensions_mut().insert(HttpChecksumRequired);
        }
        Ok(request)
    }

    fn deserialize_output(_: &HttpResponse) -> Result<(), DeserializeError> {
        Ok(())
    }

    fn deserialize_error(_: &HttpResponse, meta: ErrorMetadata) -> ErrorMetadata {
        meta
    }
}

fn config() -> aws_client_runtime::config::Builder {
    Config::builder()
        .region(Region::new("us-east-1"))
        .endpoint_url("https://example.com")
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .retry_config(RetryConfig::disabled())
}

/// Sends `input` with `config` and returns the request the transport got.
async fn send(config: aws_client_runtime::config::Builder, input: Input) -> Result<HttpRequest, String> {
    let transport = CaptureClient::ok();
    let handle = ClientHandle::new(config.http_client(transport.clone()).build(), &SERVICE);
    invoke::<TestOperation>(&handle, input).await.map_err(|e: SdkError<ErrorMetadata>| e.to_string())?;
    transport.only_request()
}

fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
    request.headers().get(name).map(|v| v.to_str().unwrap())
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}

fn post(body: &[u8]) -> Input {
    Input { method: "POST", body: body.to_vec(), ..Input::default() }
}

#[tokio::test]
async fn the_host_prefix_goes_in_front_of_the_endpoint_and_is_signed() {
    let request = send(config(), Input { label: Some("bar"), ..post(b"{}") }).await.unwrap();
    assert_eq!(request.uri().to_string(), "https://foo.bar.example.com/test");
    let signed = header(&request, "authorization").unwrap();
    assert!(signed.contains("SignedHeaders=") && signed.contains("host"), "{signed}");

    let err = send(config(), Input { label: Some("not a label"), ..post(b"{}") }).await.unwrap_err();
    assert!(err.starts_with("failed to construct request") && err.contains("label"), "{err}");
    assert!(err.contains("not a valid host label"), "{err}");
}

#[tokio::test]
async fn a_large_body_is_gzipped_then_checksummed_and_measured() {
    let body = br#"{"data":"abc"}"#.repeat(1_000);
    let input = Input { compression: true, checksum: true, content_encoding: Some("custom"), ..post(&body) };
    let request = send(config(), input).await.unwrap();
    assert_eq!(header(&request, "content-encoding"), Some("custom, gzip"));
    assert_eq!(gunzip(request.body()), body);
    assert_eq!(header(&request, "content-length"), Some(request.body().len().to_string().as_str()));
    assert_eq!(header(&request, "content-md5"), Some(content_md5(request.body()).as_str()));
    assert!(request.body().len() < body.len());
}

#[tokio::test]
async fn compression_follows_the_configuration() {
    let small = b"a".repeat(100);
    let compressed = Input { compression: true, ..post(&small) };
    // Below the default minimum (10240 bytes): sent as it is.
    let request = send(config(), compressed).await.unwrap();
    assert_eq!(request.body().as_ref(), small.as_slice());
    assert_eq!(header(&request, "content-encoding"), None);
    assert_eq!(header(&request, "content-length"), Some("100"));

    let request = send(config().request_min_compression_size_bytes(0), Input { compression: true, ..post(&small) })
        .await
        .unwrap();
    assert_eq!(header(&request, "content-encoding"), Some("gzip"));
    assert_eq!(gunzip(request.body()), small);

    let large = b"a".repeat(20_000);
    let request =
        send(config().disable_request_compression(true), Input { compression: true, ..post(&large) }).await.unwrap();
    assert_eq!(request.body().len(), 20_000);
    assert_eq!(header(&request, "content-encoding"), None);

    let vars = [
        ("AWS_REGION", "us-east-1"),
        ("AWS_ENDPOINT_URL", "https://example.com"),
        ("AWS_ACCESS_KEY_ID", "AKID"),
        ("AWS_SECRET_ACCESS_KEY", "SECRET"),
        ("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "50"),
    ];
    let from_env = Config::from_vars(vars.map(|(k, v)| (k.to_owned(), v.to_owned())));
    let request = send(from_env.to_builder(), Input { compression: true, ..post(&small) }).await.unwrap();
    assert_eq!(header(&request, "content-encoding"), Some("gzip"));

    // An operation without the trait is never compressed.
    let request = send(config().request_min_compression_size_bytes(0), post(&large)).await.unwrap();
    assert_eq!(request.body().len(), 20_000);

    let err =
        send(config().request_min_compression_size_bytes(10_485_761), Input { compression: true, ..post(&small) })
            .await
            .unwrap_err();
    assert!(err.contains("invalid request_min_compression_size_bytes 10485761"), "{err}");
}

#[tokio::test]
async fn content_length_is_sent_exactly_when_there_is_a_body() {
    let request = send(config(), post(b"blobby blob blob")).await.unwrap();
    assert_eq!(header(&request, "content-length"), Some("16"));
    let request = send(config(), Input { method: "GET", ..Input::default() }).await.unwrap();
    assert_eq!(header(&request, "content-length"), None);
    let request = send(config(), Input { checksum: true, ..post(b"") }).await.unwrap();
    assert_eq!(header(&request, "content-md5"), Some("1B2M2Y8AsgTpgAmY7PhCfg=="));
}
