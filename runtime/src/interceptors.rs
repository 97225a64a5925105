//! Interceptors: user code that reads or changes a call's input, request and response at fixed points of its lifecycle, with the official SDK's `Intercept` hooks.
//!
//! An interceptor implements [`Intercept`] and is added to a client with
//! `Config::builder().interceptor(..)`, or to one call with
//! `.customize().interceptor(..)`. Code written for the official SDK compiles unchanged when it
//! imports the trait and the context types from the generated crate (`ivs::config::Intercept`,
//! `ivs::config::interceptors::BeforeTransmitInterceptorContextMut`, `ivs::config::{ConfigBag,
//! RuntimeComponents}`):
//!
//! ```
//! use aws_client_runtime::config::{ConfigBag, Intercept, RuntimeComponents};
//! use aws_client_runtime::interceptors::context::BeforeTransmitInterceptorContextMut;
//! use aws_client_runtime::transport::BoxError;
//!
//! #[derive(Debug)]
//! struct TraceHeader;
//!
//! impl Intercept for TraceHeader {
//!     fn name(&self) -> &'static str {
//!         "TraceHeader"
//!     }
//!     fn modify_before_signing(
//!         &self,
//!         context: &mut BeforeTransmitInterceptorContextMut<'_>,
//!         _runtime_components: &RuntimeComponents,
//!         _cfg: &mut ConfigBag,
//!     ) -> Result<(), BoxError> {
//!         context.request_mut().headers_mut().insert("x-trace", "abc");
//!         Ok(())
//!     }
//! }
//! ```
//!
//! # The hooks, and where they run
//!
//! Every hook of the trait is called where the official orchestrator calls it, in its order:
//! `read_before_execution`, `modify_before_serialization` and `read_before_serialization` see
//! the input; the request is serialized; `read_after_serialization` and
//! `modify_before_retry_loop` see the request (its URI still a path: the endpoint is not
//! resolved yet). Then, for each attempt: `read_before_attempt`, `modify_before_signing` and
//! `read_before_signing` see the request as it will be signed (endpoint, body encoding,
//! `Content-Length` and the SDK headers in place), so that what they add is signed;
//! `read_after_signing`, `modify_before_transmit` and `read_before_transmit` see the signed
//! request; `read_after_transmit`, `modify_before_deserialization` and
//! `read_before_deserialization` see the response; `read_after_attempt` ends the attempt.
//! `read_after_execution` ends the call, whatever its outcome.
//!
//! Each hook runs every interceptor (the client's first, then the call's) even when one fails;
//! the last error is kept, and the call fails with it, as an [`InterceptorError`] naming the
//! interceptor and the hook, classified by the phase the official SDK is in at that hook: a
//! `ConstructionFailure` from the hooks that see the input, a `DispatchFailure` from
//! `read_after_serialization` to `read_before_transmit`, a `ResponseError` (with the response)
//! once a response has been received. A failed hook is never retried; `read_after_attempt`
//! and `read_after_execution` still run after it.
//!
//! The official hooks that see the deserialized output or error
//! (`read_after_deserialization`, `modify_before_attempt_completion` and
//! `modify_before_completion`) are not offered: this client deserializes once, after the
//! retry loop, and a streamed output cannot be shared with a hook. For the same reason the
//! finalizer context has no `output_or_error`.
//!
//! A client without interceptors pays nothing for them: the request stays an
//! `http::Request` from serialization to the transport. With interceptors, the request is
//! converted to the official SDK's [`HttpRequest`] for each group of hooks and back (the body is
//! shared, not copied, unless a hook replaces it).

use crate::endpoint_resolver::SharedEndpointResolver;
use crate::transport::{BoxError, SharedHttpClient};
use aws_smithy_types::body::SdkBody;
use std::fmt;
use std::sync::Arc;

pub use aws_smithy_runtime_api::client::interceptors::InterceptorError;
pub use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
pub use aws_smithy_types::config_bag::ConfigBag;
pub use context::Input;

use context::{
    BeforeDeserializationInterceptorContextMut, BeforeDeserializationInterceptorContextRef,
    BeforeSerializationInterceptorContextMut, BeforeSerializationInterceptorContextRef,
    BeforeTransmitInterceptorContextMut, BeforeTransmitInterceptorContextRef, FinalizerInterceptorContextRef,
};

macro_rules! hook {
    ($(#[$doc:meta])* $name:ident, ref $context:ident) => {
        $(#[$doc])*
        fn $name(
            &self,
            context: &$context<'_>,
            runtime_components: &RuntimeComponents,
            cfg: &mut ConfigBag,
        ) -> Result<(), BoxError> {
            let (_context, _runtime_components, _cfg) = (context, runtime_components, cfg);
            Ok(())
        }
    };
    ($(#[$doc:meta])* $name:ident, mut $context:ident) => {
        $(#[$doc])*
        fn $name(
            &self,
            context: &mut $context<'_>,
            runtime_components: &RuntimeComponents,
            cfg: &mut ConfigBag,
        ) -> Result<(), BoxError> {
            let (_context, _runtime_components, _cfg) = (context, runtime_components, cfg);
            Ok(())
        }
    };
}

/// Code run at fixed points of every call: the official SDK's `Intercept`, with the same
/// method names and signatures. Every hook does nothing unless overridden; an error from one
/// fails the call (see the [module documentation](self)).
pub trait Intercept: fmt::Debug + Send + Sync {
    /// The interceptor's name, used in the errors it causes.
    fn name(&self) -> &'static str;

    /// Called first, once per call, with the input as the caller built it.
    fn read_before_execution(
        &self,
        context: &BeforeSerializationInterceptorContextRef<'_>,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let (_context, _cfg) = (context, cfg);
        Ok(())
    }

    hook!(
        /// Called once per call before the input is serialized; may change the input (it must
        /// stay of the operation's input type).
        modify_before_serialization, mut BeforeSerializationInterceptorContextMut
    );
    hook!(
        /// Called once per call before the input is serialized.
        read_before_serialization, ref BeforeSerializationInterceptorContextRef
    );
    hook!(
        /// Called once per call with the serialized request (its URI is still a path).
        read_after_serialization, ref BeforeTransmitInterceptorContextRef
    );
    hook!(
        /// Called once per call before the first attempt; may change the request every attempt
        /// starts from.
        modify_before_retry_loop, mut BeforeTransmitInterceptorContextMut
    );
    hook!(
        /// Called at the start of every attempt.
        read_before_attempt, ref BeforeTransmitInterceptorContextRef
    );
    hook!(
        /// Called in every attempt before signing; what it changes is signed.
        modify_before_signing, mut BeforeTransmitInterceptorContextMut
    );
    hook!(
        /// Called in every attempt just before signing.
        read_before_signing, ref BeforeTransmitInterceptorContextRef
    );
    hook!(
        /// Called in every attempt with the signed request (`authorization` set).
        read_after_signing, ref BeforeTransmitInterceptorContextRef
    );
    hook!(
        /// Called in every attempt before the request is sent; a change here is not signed.
        modify_before_transmit, mut BeforeTransmitInterceptorContextMut
    );
    hook!(
        /// Called in every attempt just before the request is sent.
        read_before_transmit, ref BeforeTransmitInterceptorContextRef
    );
    hook!(
        /// Called in every attempt that received a response, with it.
        read_after_transmit, ref BeforeDeserializationInterceptorContextRef
    );
    hook!(
        /// Called in every attempt that received a response; may change it before it is read.
        modify_before_deserialization, mut BeforeDeserializationInterceptorContextMut
    );
    hook!(
        /// Called in every attempt that received a response, just before it is read.
        read_before_deserialization, ref BeforeDeserializationInterceptorContextRef
    );
    hook!(
        /// Called at the end of every attempt that `read_before_attempt` began, whatever its
        /// outcome, before the retry decision.
        read_after_attempt, ref FinalizerInterceptorContextRef
    );
    hook!(
        /// Called last, once per call, whatever its outcome; an error here becomes the call's.
        read_after_execution, ref FinalizerInterceptorContextRef
    );
}

/// A cheaply cloneable, shared [`Intercept`].
#[derive(Clone)]
pub struct SharedInterceptor(Arc<dyn Intercept>);

impl SharedInterceptor {
    /// Wraps `interceptor` so that configurations and calls can share it.
    pub fn new<T: Intercept + 'static>(interceptor: T) -> Self {
        Self(Arc::new(interceptor))
    }
}

impl fmt::Debug for SharedInterceptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SharedInterceptor").field(&self.0.name()).finish()
    }
}

macro_rules! delegate {
    ($($name:ident: $ty:ident $context:ident),* $(,)?) => {
        $(delegate!(@one $name $ty $context);)*
    };
    (@one $name:ident ref $context:ident) => {
        fn $name(&self, context: &$context<'_>, rc: &RuntimeComponents, cfg: &mut ConfigBag) -> Result<(), BoxError> {
            self.0.$name(context, rc, cfg)
        }
    };
    (@one $name:ident mut $context:ident) => {
        fn $name(&self, context: &mut $context<'_>, rc: &RuntimeComponents, cfg: &mut ConfigBag) -> Result<(), BoxError> {
            self.0.$name(context, rc, cfg)
        }
    };
}

impl Intercept for SharedInterceptor {
    fn name(&self) -> &'static str {
        self.0.name()
    }
    fn read_before_execution(
        &self,
        context: &BeforeSerializationInterceptorContextRef<'_>,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.read_before_execution(context, cfg)
    }
    delegate!(
        modify_before_serialization: mut BeforeSerializationInterceptorContextMut,
        read_before_serialization: ref BeforeSerializationInterceptorContextRef,
        read_after_serialization: ref BeforeTransmitInterceptorContextRef,
        modify_before_retry_loop: mut BeforeTransmitInterceptorContextMut,
        read_before_attempt: ref BeforeTransmitInterceptorContextRef,
        modify_before_signing: mut BeforeTransmitInterceptorContextMut,
        read_before_signing: ref BeforeTransmitInterceptorContextRef,
        read_after_signing: ref BeforeTransmitInterceptorContextRef,
        modify_before_transmit: mut BeforeTransmitInterceptorContextMut,
        read_before_transmit: ref BeforeTransmitInterceptorContextRef,
        read_after_transmit: ref BeforeDeserializationInterceptorContextRef,
        modify_before_deserialization: mut BeforeDeserializationInterceptorContextMut,
        read_before_deserialization: ref BeforeDeserializationInterceptorContextRef,
        read_after_attempt: ref FinalizerInterceptorContextRef,
        read_after_execution: ref FinalizerInterceptorContextRef,
    );
}

/// The components of the client a call runs with, as interceptors see them: the endpoint
/// resolver, the HTTP client and the interceptors. (The official SDK's `RuntimeComponents`
/// also carries its orchestrator's auth schemes, identity cache and retry strategy, which this
/// client does not have as separate components.)
#[derive(Clone, Debug)]
pub struct RuntimeComponents {
    endpoint_resolver: SharedEndpointResolver,
    http_client: Option<SharedHttpClient>,
    interceptors: Vec<SharedInterceptor>,
}

impl RuntimeComponents {
    pub(crate) fn new(
        endpoint_resolver: SharedEndpointResolver,
        http_client: Option<SharedHttpClient>,
        interceptors: Vec<SharedInterceptor>,
    ) -> Self {
        Self { endpoint_resolver, http_client, interceptors }
    }
    /// The endpoint resolver of the call: the configured one, else the service's
    /// `DefaultResolver`.
    pub fn endpoint_resolver(&self) -> SharedEndpointResolver {
        self.endpoint_resolver.clone()
    }
    /// The HTTP client requests go through.
    pub fn http_client(&self) -> Option<SharedHttpClient> {
        self.http_client.clone()
    }
    /// The interceptors of the call, the client's first.
    pub fn interceptors(&self) -> impl Iterator<Item = SharedInterceptor> + '_ {
        self.interceptors.iter().cloned()
    }
}

/// The contexts each hook is given: what it may read or change at that point of the call,
/// with the official SDK's names and methods.
pub mod context {
    use super::{HttpRequest, HttpResponse};
    use std::any::Any;
    use std::fmt;

    macro_rules! opaque_debug {
        ($($name:ident),*) => {
            $(impl fmt::Debug for $name<'_> {
                // The request and response may hold secrets (`authorization`, `@sensitive` values).
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.debug_struct(stringify!($name)).finish_non_exhaustive()
                }
            })*
        };
    }

    opaque_debug!(
        BeforeSerializationInterceptorContextRef,
        BeforeSerializationInterceptorContextMut,
        BeforeTransmitInterceptorContextRef,
        BeforeTransmitInterceptorContextMut,
        BeforeDeserializationInterceptorContextRef,
        BeforeDeserializationInterceptorContextMut,
        FinalizerInterceptorContextRef
    );

    /// An operation's input, its type erased: the official SDK's `Input`, read with
    /// `downcast_ref::<GetChannelInput>()`.
    pub struct Input {
        inner: Box<dyn Any + Send>,
        debug: fn(&(dyn Any + Send), &mut fmt::Formatter<'_>) -> fmt::Result,
    }

    impl Input {
        /// Erases the type of `input`.
        pub fn erase<T: fmt::Debug + Send + 'static>(input: T) -> Self {
            fn debug<T: fmt::Debug + 'static>(value: &(dyn Any + Send), f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match value.downcast_ref::<T>() {
                    Some(value) => value.fmt(f),
                    None => f.write_str("Input"),
                }
            }
            Self { inner: Box::new(input), debug: debug::<T> }
        }
        /// The input, if it is a `T`.
        pub fn downcast_ref<T: fmt::Debug + Send + 'static>(&self) -> Option<&T> {
            self.inner.downcast_ref()
        }
        /// The input, to change, if it is a `T`.
        pub fn downcast_mut<T: fmt::Debug + Send + 'static>(&mut self) -> Option<&mut T> {
            self.inner.downcast_mut()
        }
        /// The input itself if it is a `T`, else this `Input` back.
        pub fn downcast<T: fmt::Debug + Send + 'static>(self) -> Result<T, Self> {
            let debug = self.debug;
            self.inner.downcast::<T>().map(|input| *input).map_err(|inner| Self { inner, debug })
        }
    }

    impl fmt::Debug for Input {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            (self.debug)(&*self.inner, f)
        }
    }

    /// The input, before it is serialized.
    pub struct BeforeSerializationInterceptorContextRef<'a> {
        pub(crate) input: &'a Input,
    }

    impl BeforeSerializationInterceptorContextRef<'_> {
        /// The operation's input (`input().downcast_ref::<GetChannelInput>()`).
        pub fn input(&self) -> &Input {
            self.input
        }
    }

    /// The input, before it is serialized, to change.
    pub struct BeforeSerializationInterceptorContextMut<'a> {
        pub(crate) input: &'a mut Input,
    }

    impl BeforeSerializationInterceptorContextMut<'_> {
        /// The operation's input.
        pub fn input(&self) -> &Input {
            self.input
        }
        /// The operation's input, to change (`input_mut().downcast_mut::<GetChannelInput>()`).
        pub fn input_mut(&mut self) -> &mut Input {
            self.input
        }
    }

    /// The request, before it is sent.
    pub struct BeforeTransmitInterceptorContextRef<'a> {
        pub(crate) request: &'a HttpRequest,
    }

    impl BeforeTransmitInterceptorContextRef<'_> {
        /// The request.
        pub fn request(&self) -> &HttpRequest {
            self.request
        }
    }

    /// The request, before it is sent, to change.
    pub struct BeforeTransmitInterceptorContextMut<'a> {
        pub(crate) request: &'a mut HttpRequest,
    }

    impl BeforeTransmitInterceptorContextMut<'_> {
        /// The request.
        pub fn request(&self) -> &HttpRequest {
            self.request
        }
        /// The request, to change (`request_mut().headers_mut().insert("x-a", "b")`).
        pub fn request_mut(&mut self) -> &mut HttpRequest {
            self.request
        }
    }

    /// The response, before it is read.
    pub struct BeforeDeserializationInterceptorContextRef<'a> {
        pub(crate) response: &'a HttpResponse,
    }

    impl BeforeDeserializationInterceptorContextRef<'_> {
        /// The response (for a `@streaming` output, its body is left out: it is read by the
        /// caller as it arrives).
        pub fn response(&self) -> &HttpResponse {
            self.response
        }
    }

    /// The response, before it is read, to change.
    pub struct BeforeDeserializationInterceptorContextMut<'a> {
        pub(crate) response: &'a mut HttpResponse,
    }

    impl BeforeDeserializationInterceptorContextMut<'_> {
        /// The response.
        pub fn response(&self) -> &HttpResponse {
            self.response
        }
        /// The response, to change (for a `@streaming` output, only its status and headers).
        pub fn response_mut(&mut self) -> &mut HttpResponse {
            self.response
        }
    }

    /// What is left at the end of an attempt or of the call.
    pub struct FinalizerInterceptorContextRef<'a> {
        pub(crate) input: Option<&'a Input>,
        pub(crate) request: Option<&'a HttpRequest>,
        pub(crate) response: Option<&'a HttpResponse>,
    }

    impl FinalizerInterceptorContextRef<'_> {
        /// The input, when the call ended before it was serialized.
        pub fn input(&self) -> Option<&Input> {
            self.input
        }
        /// The request, when the attempt or call ended before it was sent.
        pub fn request(&self) -> Option<&HttpRequest> {
            self.request
        }
        /// The last response received, if any.
        pub fn response(&self) -> Option<&HttpResponse> {
            self.response
        }
    }
}

/// The interceptors of one call, with what they share during it.
pub(crate) struct Interceptors {
    list: Vec<SharedInterceptor>,
    components: RuntimeComponents,
    cfg: ConfigBag,
    /// The input, until it is serialized.
    input: Option<Input>,
    /// The request of the attempt in progress, until it is sent.
    request: Option<HttpRequest>,
    /// The last response received, as hooks saw it.
    response: Option<HttpResponse>,
}

impl fmt::Debug for Interceptors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Interceptors").field("list", &self.list).finish_non_exhaustive()
    }
}

/// Runs `$hook` of every interceptor on `$context`, keeping the last error, as the official
/// orchestrator does.
macro_rules! run {
    ($self:ident, $hook:ident, $context:expr) => {{
        let mut failed: Option<(&'static str, BoxError)> = None;
        for interceptor in &$self.list {
            if let Err(error) = interceptor.$hook($context, &$self.components, &mut $self.cfg) {
                if let Some((name, earlier)) = failed.replace((interceptor.name(), error)) {
                    tracing::debug!(interceptor = name, error = %earlier, concat!(stringify!($hook), " failed; a later error replaces this one"));
                }
            }
        }
        match failed {
            Some((name, error)) => Err(InterceptorError::$hook(name, error)),
            None => Ok(()),
        }
    }};
}

impl Interceptors {
    /// The interceptors of a call configured with `list`, or `None` when there are none.
    pub(crate) fn new(
        list: Vec<SharedInterceptor>,
        endpoint_resolver: SharedEndpointResolver,
        http_client: Option<SharedHttpClient>,
        retry: &crate::config::RetryConfig,
        timeouts: &crate::config::TimeoutConfig,
    ) -> Self {
        let mut layer = aws_smithy_types::config_bag::Layer::new("aws_client_runtime::config::Config");
        layer.store_put(retry.clone());
        layer.store_put(timeouts.clone());
        let cfg = ConfigBag::of_layers([layer]);
        let components = RuntimeComponents::new(endpoint_resolver, http_client, list.clone());
        Self { list, components, cfg, input: None, request: None, response: None }
    }

    /// `read_before_execution`, `modify_before_serialization` and `read_before_serialization`
    /// on `input`; gives back the input, of type `I` (a hook may have replaced it).
    pub(crate) fn before_serialization<I>(&mut self, input: I) -> Result<I, BoxError>
    where
        I: fmt::Debug + Send + 'static,
    {
        self.input = Some(Input::erase(input));
        let outcome = self.run_before_serialization();
        let input = self.input.take().ok_or("the input was lost")?;
        outcome?;
        input.downcast::<I>().map_err(|_| {
            BoxError::from(format!(
                "an interceptor replaced the input with a value that is not a {}",
                std::any::type_name::<I>()
            ))
        })
    }

    fn run_before_serialization(&mut self) -> Result<(), InterceptorError> {
        let Some(input) = self.input.as_mut() else { return Ok(()) };
        {
            let context = BeforeSerializationInterceptorContextRef { input: &*input };
            let mut failed: Option<(&'static str, BoxError)> = None;
            for interceptor in &self.list {
                if let Err(error) = interceptor.read_before_execution(&context, &mut self.cfg) {
                    failed = Some((interceptor.name(), error));
                }
            }
            if let Some((name, error)) = failed {
                return Err(InterceptorError::read_before_execution(name, error));
            }
        }
        run!(self, modify_before_serialization, &mut BeforeSerializationInterceptorContextMut { input: &mut *input })?;
        run!(self, read_before_serialization, &BeforeSerializationInterceptorContextRef { input: &*input })
    }

    /// `read_after_serialization` and `modify_before_retry_loop` on the serialized request.
    pub(crate) fn after_serialization(&mut self, request: &mut crate::transport::HttpRequest) -> Result<(), BoxError> {
        self.with_request(request, |this, request| {
            run!(this, read_after_serialization, &BeforeTransmitInterceptorContextRef { request })?;
            run!(this, modify_before_retry_loop, &mut BeforeTransmitInterceptorContextMut { request })
        })
    }

    /// `read_before_attempt`, `modify_before_signing` and `read_before_signing`.
    pub(crate) fn before_signing(&mut self, request: &mut crate::transport::HttpRequest) -> Result<(), BoxError> {
        self.with_request(request, |this, request| {
            run!(this, read_before_attempt, &BeforeTransmitInterceptorContextRef { request })?;
            run!(this, modify_before_signing, &mut BeforeTransmitInterceptorContextMut { request })?;
            run!(this, read_before_signing, &BeforeTransmitInterceptorContextRef { request })
        })
    }

    /// `read_after_signing`, `modify_before_transmit` and `read_before_transmit`.
    pub(crate) fn before_transmit(&mut self, request: &mut crate::transport::HttpRequest) -> Result<(), BoxError> {
        self.with_request(request, |this, request| {
            run!(this, read_after_signing, &BeforeTransmitInterceptorContextRef { request })?;
            run!(this, modify_before_transmit, &mut BeforeTransmitInterceptorContextMut { request })?;
            run!(this, read_before_transmit, &BeforeTransmitInterceptorContextRef { request })
        })
    }

    /// The request is being sent: it is no longer the attempt's.
    pub(crate) fn transmitted(&mut self) {
        self.request = None;
    }

    /// Converts `request` for the hooks `run` calls, and back; the hooks' request is kept for
    /// the finalizers until the request is sent.
    fn with_request(
        &mut self,
        request: &mut crate::transport::HttpRequest,
        run: impl FnOnce(&mut Self, &mut HttpRequest) -> Result<(), InterceptorError>,
    ) -> Result<(), BoxError> {
        // Extensions carry the operation's markers (host prefix, compression...): they stay ours.
        let extensions = std::mem::take(request.extensions_mut());
        let body = request.body().clone();
        let placeholder = http::Request::new(bytes::Bytes::new());
        let mut converted = to_smithy_request(std::mem::replace(request, placeholder))?;
        let outcome = run(self, &mut converted);
        let back = from_smithy_request(&converted, &body);
        self.request = Some(converted);
        outcome?;
        *request = back?;
        *request.extensions_mut() = extensions;
        Ok(())
    }

    /// `read_after_transmit`, `modify_before_deserialization` and `read_before_deserialization`
    /// on a whole response.
    pub(crate) fn after_transmit(&mut self, response: &mut crate::transport::HttpResponse) -> Result<(), BoxError> {
        let body = response.body().clone();
        let mut converted = to_smithy_response(response, SdkBody::from(body.clone()))?;
        let outcome = self.run_after_transmit(&mut converted);
        let back = from_smithy_response(&converted, Some(&body));
        self.response = Some(converted);
        outcome?;
        *response = back?;
        Ok(())
    }

    /// The same hooks on a response whose body is still streaming: they see its status and
    /// headers, and what they change of those is kept.
    pub(crate) fn after_transmit_streaming(
        &mut self,
        response: &mut http::Response<crate::ByteStream>,
    ) -> Result<(), BoxError> {
        let mut head = http::Response::new(bytes::Bytes::new());
        *head.status_mut() = response.status();
        *head.headers_mut() = std::mem::take(response.headers_mut());
        let outcome = self.after_transmit(&mut head);
        *response.status_mut() = head.status();
        *response.headers_mut() = std::mem::take(head.headers_mut());
        outcome
    }

    fn run_after_transmit(&mut self, response: &mut HttpResponse) -> Result<(), InterceptorError> {
        run!(self, read_after_transmit, &BeforeDeserializationInterceptorContextRef { response })?;
        run!(self, modify_before_deserialization, &mut BeforeDeserializationInterceptorContextMut { response })?;
        run!(self, read_before_deserialization, &BeforeDeserializationInterceptorContextRef { response })
    }

    /// `read_after_attempt`.
    pub(crate) fn after_attempt(&mut self) -> Result<(), BoxError> {
        let (request, response) = (self.request.take(), self.response.take());
        let context =
            FinalizerInterceptorContextRef { input: None, request: request.as_ref(), response: response.as_ref() };
        let outcome = run!(self, read_after_attempt, &context);
        self.response = response;
        outcome.map_err(BoxError::from)
    }

    /// `read_after_execution`.
    pub(crate) fn after_execution(&mut self) -> Result<(), BoxError> {
        let (input, request, response) = (self.input.take(), self.request.take(), self.response.take());
        let context = FinalizerInterceptorContextRef {
            input: input.as_ref(),
            request: request.as_ref(),
            response: response.as_ref(),
        };
        let outcome = run!(self, read_after_execution, &context);
        self.response = response;
        outcome.map_err(BoxError::from)
    }

    /// The last response the hooks saw, as the client's type, for an error that must carry it.
    pub(crate) fn last_response(&self) -> Option<crate::transport::HttpResponse> {
        self.response.as_ref().and_then(|r| from_smithy_response(r, None).ok())
    }
}

/// `request` as the official SDK's request type; the body is shared, not copied.
pub(crate) fn to_smithy_request(request: crate::transport::HttpRequest) -> Result<HttpRequest, BoxError> {
    HttpRequest::try_from(request.map(SdkBody::from))
        .map_err(|e| BoxError::from(format!("the request cannot be given to interceptors: {e}")))
}

/// `request` back as the client's type. When its body is still `original`'s bytes, they are
/// shared; a body a hook replaced is copied, and must be in memory.
pub(crate) fn from_smithy_request(
    request: &HttpRequest,
    original: &bytes::Bytes,
) -> Result<crate::transport::HttpRequest, BoxError> {
    let body = body_bytes(request.body(), Some(original))
        .ok_or("an interceptor set a streaming request body: this client sends bodies from memory")?;
    let mut back = http::Request::new(body);
    *back.method_mut() = http::Method::from_bytes(request.method().as_bytes())
        .map_err(|e| BoxError::from(format!("an interceptor set an invalid method: {e}")))?;
    *back.uri_mut() =
        request.uri().parse().map_err(|e| BoxError::from(format!("an interceptor set an invalid URI: {e}")))?;
    *back.headers_mut() = header_map(request.headers())?;
    // A hook that changed the body changes its length.
    if back.headers().contains_key(http::header::CONTENT_LENGTH) || !back.body().is_empty() {
        let length = http::HeaderValue::from(back.body().len());
        back.headers_mut().insert(http::header::CONTENT_LENGTH, length);
    }
    Ok(back)
}

pub(crate) fn to_smithy_response(
    response: &crate::transport::HttpResponse,
    body: SdkBody,
) -> Result<HttpResponse, BoxError> {
    let mut head = http::Response::new(body);
    *head.status_mut() = response.status();
    *head.headers_mut() = response.headers().clone();
    HttpResponse::try_from(head)
        .map_err(|e| BoxError::from(format!("the response cannot be given to interceptors: {e}")))
}

fn from_smithy_response(
    response: &HttpResponse,
    original: Option<&bytes::Bytes>,
) -> Result<crate::transport::HttpResponse, BoxError> {
    let body = body_bytes(response.body(), original).unwrap_or_default();
    let mut back = http::Response::new(body);
    *back.status_mut() = http::StatusCode::from_u16(response.status().as_u16())
        .map_err(|e| BoxError::from(format!("an interceptor set an invalid status: {e}")))?;
    *back.headers_mut() = header_map(response.headers())?;
    Ok(back)
}

/// The bytes of an in-memory `body`: `original`'s own when they are the same bytes.
fn body_bytes(body: &SdkBody, original: Option<&bytes::Bytes>) -> Option<bytes::Bytes> {
    let bytes = body.bytes()?;
    match original {
        Some(original) if original.as_ptr() == bytes.as_ptr() && original.len() == bytes.len() => {
            Some(original.clone())
        }
        _ => Some(bytes::Bytes::copy_from_slice(bytes)),
    }
}

fn header_map(headers: &aws_smithy_runtime_api::http::Headers) -> Result<http::HeaderMap, BoxError> {
    let mut map = http::HeaderMap::with_capacity(headers.len());
    for (name, value) in headers.iter_bytes() {
        let name = http::HeaderName::from_bytes(name.as_bytes())
            .map_err(|e| BoxError::from(format!("an interceptor set an invalid header name {name:?}: {e}")))?;
        let mut value = http::HeaderValue::from_bytes(value)
            .map_err(|e| BoxError::from(format!("an interceptor set an invalid value for header {name}: {e}")))?;
        if name == http::header::AUTHORIZATION || name == "x-amz-security-token" {
            value.set_sensitive(true);
        }
        map.append(name, value);
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_convert_both_ways_sharing_the_body() {
        let body = bytes::Bytes::from_static(b"{\"a\":1}");
        let request = http::Request::builder()
            .method("POST")
            .uri("https://example.com/path?x=1")
            .header("content-type", "application/json")
            .header("x-multi", "1")
            .header("x-multi", "2")
            .body(body.clone())
            .unwrap();
        let converted = to_smithy_request(request).unwrap();
        assert_eq!(converted.headers().get("content-type"), Some("application/json"));
        let back = from_smithy_request(&converted, &body).unwrap();
        assert_eq!(back.uri(), "https://example.com/path?x=1");
        assert_eq!(back.method(), http::Method::POST);
        assert_eq!(back.headers().get_all("x-multi").iter().count(), 2);
        assert_eq!(back.body().as_ptr(), body.as_ptr(), "the body is shared, not copied");
        assert_eq!(back.headers()["content-length"], "7");
    }

    #[test]
    fn a_replaced_body_is_copied_and_measured_and_a_streaming_one_refused() {
        let body = bytes::Bytes::from_static(b"old");
        let mut converted = to_smithy_request(http::Request::new(body.clone())).unwrap();
        *converted.body_mut() = SdkBody::from("a longer body");
        let back = from_smithy_request(&converted, &body).unwrap();
        assert_eq!(back.body().as_ref(), b"a longer body");
        assert_eq!(back.headers()["content-length"], "13");
        *converted.body_mut() = SdkBody::from_body_1_x(http_body_util::Full::new(bytes::Bytes::from_static(b"x")));
        assert!(from_smithy_request(&converted, &body).is_err_and(|e| e.to_string().contains("streaming")));
    }

    #[test]
    fn an_erased_input_downcasts_and_debugs_as_its_value() {
        let mut input = Input::erase(String::from("x"));
        assert_eq!(format!("{input:?}"), "\"x\"");
        assert!(input.downcast_ref::<u8>().is_none());
        input.downcast_mut::<String>().unwrap().push('y');
        let input = input.downcast::<u8>().unwrap_err();
        assert_eq!(format!("{input:?}"), "\"xy\"");
        assert_eq!(input.downcast::<String>().unwrap(), "xy");
    }

    #[test]
    fn the_last_error_of_a_hook_wins_and_names_its_interceptor() {
        #[derive(Debug)]
        struct Fails(&'static str);
        impl Intercept for Fails {
            fn name(&self) -> &'static str {
                self.0
            }
            fn modify_before_signing(
                &self,
                _: &mut BeforeTransmitInterceptorContextMut<'_>,
                _: &RuntimeComponents,
                _: &mut ConfigBag,
            ) -> Result<(), BoxError> {
                Err(format!("{} says no", self.0).into())
            }
        }
        let resolver = crate::endpoint_resolver::SharedEndpointResolver::new(NoResolver);
        let mut interceptors = Interceptors::new(
            vec![SharedInterceptor::new(Fails("First")), SharedInterceptor::new(Fails("Second"))],
            resolver,
            None,
            &crate::config::RetryConfig::standard(),
            &crate::config::TimeoutConfig::disabled(),
        );
        let mut request = http::Request::new(bytes::Bytes::new());
        let error = interceptors.before_signing(&mut request).unwrap_err();
        let error = error.downcast_ref::<InterceptorError>().expect("an InterceptorError");
        assert_eq!(error.to_string(), "Second modify_before_signing interceptor encountered an error");
        assert_eq!(std::error::Error::source(error).unwrap().to_string(), "Second says no");
        assert!(format!("{:?}", SharedInterceptor::new(Fails("First"))).contains("First"));
    }

    #[derive(Debug)]
    struct NoResolver;
    impl aws_smithy_runtime_api::client::endpoint::ResolveEndpoint for NoResolver {
        fn resolve_endpoint<'a>(
            &'a self,
            _: &'a aws_smithy_runtime_api::client::endpoint::EndpointResolverParams,
        ) -> crate::endpoint_resolver::EndpointFuture<'a> {
            crate::endpoint_resolver::EndpointFuture::ready(Err("none".into()))
        }
    }
}
