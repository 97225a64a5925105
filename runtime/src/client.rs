//! Sending an operation: serialise, send through the transport, deserialise.

use crate::config::Config;
use crate::error::{BuildError, DeserializeError, ErrorMetadata, SdkError};
use crate::transport::{HttpClient, HttpRequest, HttpResponse};

/// Facts about a service that the runtime needs, taken from its model.
#[derive(Debug)]
pub struct ServiceInfo {
    /// The model's `sdkId`, such as `ivs`.
    pub sdk_id: &'static str,
    /// The SigV4 signing name.
    pub signing_name: &'static str,
    /// The host prefix of the service's endpoints.
    pub endpoint_prefix: &'static str,
    /// The API version of the model.
    pub api_version: &'static str,
}

/// What a generated client holds: its configuration and its service.
#[derive(Debug)]
pub struct ClientHandle {
    config: Config,
    service: &'static ServiceInfo,
}

impl ClientHandle {
    /// A handle for `service` configured by `config`.
    pub fn new(config: Config, service: &'static ServiceInfo) -> Self {
        Self { config, service }
    }
    /// The client's configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }
    /// The service this client talks to.
    pub fn service(&self) -> &'static ServiceInfo {
        self.service
    }

    /// The endpoint requests go to: the configured `endpoint_url`, else the region's.
    pub fn endpoint(&self) -> Result<String, BuildError> {
        if let Some(url) = self.config.endpoint_url() {
            return Ok(url.trim_end_matches('/').to_owned());
        }
        let region = self.config.region().ok_or_else(|| {
            BuildError::other(
                "no region is configured: set one with `Config::builder().region(Region::new(\"us-west-2\"))`, \
                 or set `endpoint_url`",
            )
        })?;
        let region = region.as_ref();
        let suffix = if region.starts_with("cn-") { "amazonaws.com.cn" } else { "amazonaws.com" };
        Ok(format!("https://{}.{region}.{suffix}", self.service.endpoint_prefix))
    }
}

/// One operation of a generated client, implemented by a unit struct per operation.
pub trait Operation {
    /// The operation's input.
    type Input;
    /// The operation's output.
    type Output;
    /// The operation's error.
    type Error;
    /// The operation's name in the model.
    const NAME: &'static str;

    /// Builds the request: method, path and query (no scheme or host), headers and body.
    fn serialize_request(input: &Self::Input) -> Result<HttpRequest, BuildError>;
    /// Reads a successful response.
    fn deserialize_output(response: &HttpResponse) -> Result<Self::Output, DeserializeError>;
    /// Reads an error response whose code and message are already in `meta`.
    fn deserialize_error(response: &HttpResponse, meta: ErrorMetadata) -> Self::Error;
}

/// Sends `input` as operation `Op` and reads the answer.
pub async fn invoke<Op: Operation>(handle: &ClientHandle, input: Op::Input) -> Result<Op::Output, SdkError<Op::Error>> {
    let mut request = Op::serialize_request(&input).map_err(SdkError::construction_failure)?;
    let endpoint = handle.endpoint().map_err(SdkError::construction_failure)?;
    let path = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let uri = format!("{endpoint}{path}");
    *request.uri_mut() =
        uri.parse().map_err(|e| SdkError::construction_failure(format!("invalid endpoint URL {endpoint:?}: {e}")))?;
    let client = handle.config.http_client().ok_or_else(|| {
        SdkError::construction_failure("no HTTP client is configured: set one with `Config::builder().http_client(..)`")
    })?;
    let response = client.send(request).await.map_err(|e| {
        if e.is_timeout() {
            SdkError::timeout_error(e)
        } else {
            SdkError::dispatch_failure(e)
        }
    })?;
    if response.status().is_success() {
        match Op::deserialize_output(&response) {
            Ok(output) => Ok(output),
            Err(e) => Err(SdkError::response_error(e, response)),
        }
    } else {
        let meta = crate::error::parse_error_metadata(&response);
        let error = Op::deserialize_error(&response, meta);
        Err(SdkError::service_error(error, response))
    }
}
