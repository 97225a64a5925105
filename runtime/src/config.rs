//! Client configuration: region, endpoint and the HTTP client.

use crate::transport::{HttpClient, SharedHttpClient};
use std::borrow::Cow;
use std::fmt;

/// An AWS region, such as `us-west-2`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Region(Cow<'static, str>);

impl Region {
    /// A region from its name.
    pub fn new(region: impl Into<Cow<'static, str>>) -> Self {
        Self(region.into())
    }
    /// A region from a static name.
    pub const fn from_static(region: &'static str) -> Self {
        Self(Cow::Borrowed(region))
    }
}

impl AsRef<str> for Region {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Configuration of a generated client. Build one with [`Config::builder`].
#[derive(Clone, Debug, Default)]
pub struct Config {
    region: Option<Region>,
    endpoint_url: Option<String>,
    http_client: Option<SharedHttpClient>,
}

impl Config {
    /// A builder with nothing set.
    pub fn builder() -> Builder {
        Builder::default()
    }
    /// A builder holding this configuration, to change part of it.
    pub fn to_builder(&self) -> Builder {
        Builder { inner: self.clone() }
    }
    /// The region requests are sent to and signed for.
    pub fn region(&self) -> Option<&Region> {
        self.region.as_ref()
    }
    /// The endpoint that overrides the region's.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }
    /// The HTTP client requests go through.
    pub fn http_client(&self) -> Option<SharedHttpClient> {
        self.http_client.clone()
    }
}

/// Builder for [`Config`].
#[derive(Clone, Debug, Default)]
pub struct Builder {
    inner: Config,
}

impl Builder {
    /// Sets the region.
    pub fn region(mut self, region: impl Into<Option<Region>>) -> Self {
        self.set_region(region.into());
        self
    }
    /// Sets or clears the region.
    pub fn set_region(&mut self, region: Option<Region>) -> &mut Self {
        self.inner.region = region;
        self
    }
    /// Sends every request to `url` (such as `http://127.0.0.1:4566`) instead of the region's
    /// endpoint.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.set_endpoint_url(Some(url.into()));
        self
    }
    /// Sets or clears the endpoint override.
    pub fn set_endpoint_url(&mut self, url: Option<String>) -> &mut Self {
        self.inner.endpoint_url = url;
        self
    }
    /// Sends requests through `client`.
    pub fn http_client(mut self, client: impl HttpClient + 'static) -> Self {
        self.set_http_client(Some(SharedHttpClient::new(client)));
        self
    }
    /// Sets or clears the HTTP client.
    pub fn set_http_client(&mut self, client: Option<SharedHttpClient>) -> &mut Self {
        self.inner.http_client = client;
        self
    }
    /// The configuration.
    pub fn build(self) -> Config {
        self.inner
    }
}
