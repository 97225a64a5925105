//! The built-in HTTP client: hyper 1 over rustls (ring) with the webpki roots, HTTP/1.1 with
//! connection reuse. Plain `http://` is used only when an `endpoint_url` asks for it.

use crate::transport::{BoxFuture, ConnectorError, HttpClient, HttpRequest, HttpResponse};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::time::Duration;

type Connector = hyper_rustls::HttpsConnector<HttpConnector>;

/// HTTPS (and explicit plain HTTP) through hyper, keeping idle connections for reuse.
#[derive(Clone)]
pub struct HyperClient {
    client: Client<Connector, Full<bytes::Bytes>>,
}

impl std::fmt::Debug for HyperClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HyperClient")
    }
}

impl HyperClient {
    /// A client whose connections time out after `connect_timeout`, if set.
    pub fn new(connect_timeout: Option<Duration>) -> Self {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(connect_timeout);
        http.set_nodelay(true);
        let tls = rustls_config();
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = Client::builder(TokioExecutor::new()).pool_idle_timeout(Duration::from_secs(90)).build(https);
        Self { client }
    }
}

fn rustls_config() -> rustls::ClientConfig {
    let roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        // ring's provider supports the safe defaults, so this cannot fail; fall back to TLS 1.2
        // defaults rather than panic if it ever did.
        .unwrap_or_else(|_| rustls::ClientConfig::builder_with_protocol_versions(&[&rustls::version::TLS12]))
        .with_root_certificates(roots)
        .with_no_client_auth()
}

impl HyperClient {
    async fn head(
        client: Client<Connector, Full<bytes::Bytes>>,
        request: HttpRequest,
    ) -> Result<http::Response<hyper::body::Incoming>, ConnectorError> {
        let (parts, body) = request.into_parts();
        let request = http::Request::from_parts(parts, Full::new(body));
        client.request(request).await.map_err(|e| {
            if e.is_connect() {
                ConnectorError::io(e)
            } else {
                ConnectorError::other(e)
            }
        })
    }
}

impl HttpClient for HyperClient {
    fn send_streaming(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'static, Result<http::Response<crate::ByteStream>, ConnectorError>> {
        let client = self.client.clone();
        Box::pin(async move {
            let response = Self::head(client, request).await?;
            Ok(response.map(|body| {
                let chunks = body.into_data_stream();
                crate::ByteStream::from_stream(StreamErrors(chunks))
            }))
        })
    }

    fn send(&self, request: HttpRequest) -> BoxFuture<'static, Result<HttpResponse, ConnectorError>> {
        let client = self.client.clone();
        Box::pin(async move {
            let response = Self::head(client, request).await?;
            let (parts, body) = response.into_parts();
            // A connection dropped mid-body is an I/O failure, which a retry may cure.
            let body = body.collect().await.map_err(ConnectorError::io)?.to_bytes();
            Ok(http::Response::from_parts(parts, body))
        })
    }
}

/// Boxes the errors of a body's data stream.
struct StreamErrors<S>(S);

impl<S> futures_core::Stream for StreamErrors<S>
where
    S: futures_core::Stream<Item = Result<bytes::Bytes, hyper::Error>> + Unpin,
{
    type Item = Result<bytes::Bytes, crate::transport::BoxError>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        std::pin::Pin::new(&mut self.0).poll_next(cx).map(|item| item.map(|r| r.map_err(Into::into)))
    }
}
