//! Customizing one call: `.customize()` on a fluent builder gives a [`CustomizableOperation`], which overrides configuration, adds interceptors and changes the request for that call only.
//!
//! ```ignore
//! // With a generated client (`ivs`):
//! let output = client
//!     .get_channel()
//!     .arn("arn:aws:ivs:us-west-2:123456789012:channel/abc")
//!     .customize()
//!     .config_override(ivs::config::Config::builder().retry_config(RetryConfig::standard().with_max_attempts(5)))
//!     .mutate_request(|request| {
//!         request.headers_mut().insert("x-custom", "value");
//!     })
//!     .send()
//!     .await?;
//! ```
//!
//! A generated fluent builder implements [`CustomizableSend`], and its `customize()` returns
//! `CustomizableOperation::new(self)`.

use crate::client::{invoke, ClientHandle, Operation};
use crate::config::{Builder, Config};
use crate::error::{BuildError, SdkError};
use crate::interceptors::context::BeforeTransmitInterceptorContextMut;
use crate::interceptors::{ConfigBag, HttpRequest, Intercept, RuntimeComponents, SharedInterceptor};
use crate::transport::BoxError;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

/// What a generated fluent builder gives the customize machinery: its client, and its input,
/// built for the configuration the call runs with.
pub trait CustomizableSend: Sized {
    /// The operation the builder sends.
    type Operation: Operation;

    /// The client the builder was made from.
    fn handle(&self) -> &Arc<ClientHandle>;

    /// The operation's input, for a call configured by `config` (which fills the
    /// `@idempotencyToken` members the caller left unset, from its
    /// `idempotency_token_provider`).
    fn build_input(self, config: &Config) -> Result<<Self::Operation as Operation>::Input, BuildError>;
}

/// One call, customized before it is sent: the official SDK's `CustomizableOperation`. `T` is
/// the operation's output, `E` its error and `B` its fluent builder.
pub struct CustomizableOperation<T, E, B> {
    customizable_send: B,
    config_override: Option<Builder>,
    interceptors: Vec<SharedInterceptor>,
    _types: PhantomData<fn() -> (T, E)>,
}

impl<T, E, B: fmt::Debug> fmt::Debug for CustomizableOperation<T, E, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CustomizableOperation")
            .field("customizable_send", &self.customizable_send)
            .field("config_override", &self.config_override)
            .field("interceptors", &self.interceptors)
            .finish()
    }
}

impl<T, E, B> CustomizableOperation<T, E, B> {
    /// The call that `customizable_send` (a fluent builder) would send, not customized yet.
    pub fn new(customizable_send: B) -> Self {
        Self { customizable_send, config_override: None, interceptors: Vec::new(), _types: PhantomData }
    }

    /// Adds an [interceptor](crate::interceptors) for this call; it runs after the client's.
    pub fn interceptor(mut self, interceptor: impl Intercept + 'static) -> Self {
        self.interceptors.push(SharedInterceptor::new(interceptor));
        self
    }

    /// Replaces the request before it is signed with what `f` makes of it; an error from `f`
    /// fails the call (a dispatch failure, as in the official SDK).
    pub fn map_request<F, MapE>(mut self, f: F) -> Self
    where
        F: Fn(HttpRequest) -> Result<HttpRequest, MapE> + Send + Sync + 'static,
        MapE: std::error::Error + Send + Sync + 'static,
    {
        self.interceptors.push(SharedInterceptor::new(MapRequestInterceptor { f, _error: PhantomData }));
        self
    }

    /// Changes the request before it is signed, so that the signature covers the change:
    /// `.mutate_request(|request| { request.headers_mut().insert("x-a", "b"); })`.
    pub fn mutate_request<F>(mut self, f: F) -> Self
    where
        F: Fn(&mut HttpRequest) + Send + Sync + 'static,
    {
        self.interceptors.push(SharedInterceptor::new(MutateRequestInterceptor { f }));
        self
    }

    /// Overrides the configuration for this call only: the settings given to
    /// `config_override` replace the client's, the others stay as the client has them
    /// ([`Config::with_override`]). The call shares the client's retry quota.
    pub fn config_override(mut self, config_override: impl Into<Builder>) -> Self {
        self.config_override = Some(config_override.into());
        self
    }

    /// Sends the request and reads the response.
    pub async fn send(self) -> Result<T, SdkError<E>>
    where
        B: CustomizableSend,
        B::Operation: Operation<Output = T, Error = E>,
    {
        let Self { customizable_send, config_override, interceptors, .. } = self;
        let mut config_override = config_override.unwrap_or_default();
        for interceptor in interceptors {
            config_override.push_interceptor(interceptor);
        }
        let client = customizable_send.handle().clone();
        // An empty override changes nothing: the client's own handle serves the call.
        let overridden = (!config_override.is_empty()).then(|| client.with_config_override(&config_override));
        let handle = overridden.as_ref().unwrap_or(&client);
        let input = customizable_send.build_input(handle.config()).map_err(SdkError::construction_failure)?;
        invoke::<B::Operation>(handle, input).await
    }
}

/// The interceptor behind [`CustomizableOperation::mutate_request`].
struct MutateRequestInterceptor<F> {
    f: F,
}

impl<F> fmt::Debug for MutateRequestInterceptor<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MutateRequestInterceptor")
    }
}

impl<F> Intercept for MutateRequestInterceptor<F>
where
    F: Fn(&mut HttpRequest) + Send + Sync + 'static,
{
    fn name(&self) -> &'static str {
        "MutateRequestInterceptor"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        (self.f)(context.request_mut());
        Ok(())
    }
}

/// The interceptor behind [`CustomizableOperation::map_request`].
struct MapRequestInterceptor<F, E> {
    f: F,
    _error: PhantomData<fn() -> E>,
}

impl<F, E> fmt::Debug for MapRequestInterceptor<F, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MapRequestInterceptor")
    }
}

impl<F, E> Intercept for MapRequestInterceptor<F, E>
where
    F: Fn(HttpRequest) -> Result<HttpRequest, E> + Send + Sync + 'static,
    E: std::error::Error + Send + Sync + 'static,
{
    fn name(&self) -> &'static str {
        "MapRequestInterceptor"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = std::mem::replace(context.request_mut(), HttpRequest::empty());
        *context.request_mut() = (self.f)(request)?;
        Ok(())
    }
}
