//! What a generated crate's `blocking` feature builds on: blocking calls on an owned runtime.
//!
//! A generated `blocking::Client` wraps the async client and a [`BlockingRuntime`]; each
//! blocking `send()` runs the async call to completion on that runtime. The generated code only
//! forwards setters; everything here is the same for every service:
//!
//! - [`BlockingRuntime`]: a tokio current-thread runtime, built on first use and shared by the
//!   clones of a client. Several threads may block on it at once: one of them drives the
//!   runtime (its connections and timers) while the others wait for their own results.
//! - The in-runtime check: blocking on a thread that runs async tasks would stall them, and
//!   deadlock when the call waits for one of them (a server on the same runtime, say). A call
//!   made inside an async runtime (where `tokio::runtime::Handle::try_current()` finds one:
//!   async code, and `spawn_blocking` closures too) therefore fails at once with [`InAsyncRuntime`], as an
//!   [`SdkError::ConstructionFailure`] (no request was sent), whose message names the async
//!   client to use instead.
//! - [`PaginationIter`]: a paginator's [`PaginationStream`] as an [`Iterator`].
//! - [`CustomizableOperation`]: `.customize()` on a blocking fluent builder.

// A blocking call returns the very `Result` its async counterpart does, large error and all.
#![allow(clippy::result_large_err)]

use crate::byte_stream::ByteStream;
use crate::customize::CustomizableSend;
use crate::error::SdkError;
use crate::interceptors::{HttpRequest, Intercept};
use crate::paginate::PaginationStream;
use crate::transport::ConnectorError;
use std::fmt;
use std::future::Future;
use std::sync::{Arc, OnceLock};

/// The runtime a blocking client runs its calls on: a tokio current-thread runtime with I/O
/// and timers, built the first time a call needs it. Clones share it; it shuts down when the
/// last clone is dropped (without waiting, so dropping one inside an async runtime is fine).
#[derive(Clone)]
pub struct BlockingRuntime {
    shared: Arc<Shared>,
}

struct Shared {
    runtime: OnceLock<tokio::runtime::Runtime>,
    /// The async client to use instead, for the error message (`ivs::Client`).
    async_client: &'static str,
}

impl Drop for Shared {
    fn drop(&mut self) {
        // A plain drop would wait for blocking tasks (a DNS lookup, say), and panics when it
        // happens inside an async runtime.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl fmt::Debug for BlockingRuntime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockingRuntime")
            .field("started", &self.shared.runtime.get().is_some())
            .field("async_client", &self.shared.async_client)
            .finish()
    }
}

impl BlockingRuntime {
    /// A runtime for a blocking client whose async counterpart is `async_client` (its path, as
    /// the error of a call made inside an async runtime names it: `"ivs::Client"`). Nothing is
    /// started until the first call.
    pub fn new(async_client: &'static str) -> Self {
        Self { shared: Arc::new(Shared { runtime: OnceLock::new(), async_client }) }
    }

    /// Runs `future` to completion on this runtime, blocking the current thread.
    ///
    /// # Errors
    /// [`BlockingError`] when called inside an async runtime (then `future` is dropped without
    /// being polled), or when the runtime cannot be started.
    pub fn try_block_on<F: Future>(&self, future: F) -> Result<F::Output, BlockingError> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(BlockingError::InAsyncRuntime(InAsyncRuntime { async_client: self.shared.async_client }));
        }
        Ok(self.runtime()?.block_on(future))
    }

    /// Runs one call to completion, blocking the current thread; the call's own result, or a
    /// [`SdkError::ConstructionFailure`] whose source is the [`BlockingError`] that kept it from
    /// running (no request was sent).
    pub fn block_on<T, E>(&self, call: impl Future<Output = Result<T, SdkError<E>>>) -> Result<T, SdkError<E>> {
        self.try_block_on(call).unwrap_or_else(|e| Err(SdkError::construction_failure(e)))
    }

    /// The runtime, started if it was not yet. Only called outside any async runtime.
    fn runtime(&self) -> Result<&tokio::runtime::Runtime, BlockingError> {
        if let Some(runtime) = self.shared.runtime.get() {
            return Ok(runtime);
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .thread_name("aws-client-runtime-blocking")
            .build()
            .map_err(|e| BlockingError::NoRuntime(Arc::new(e)))?;
        // When another thread started one meanwhile, that one is kept and this one dropped
        // (outside any async runtime, where dropping it is allowed).
        Ok(self.shared.runtime.get_or_init(|| runtime))
    }
}

/// Why a blocking call could not run.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum BlockingError {
    /// It was made inside an async runtime.
    InAsyncRuntime(InAsyncRuntime),
    /// The runtime could not be started (the operating system refused a resource it needs).
    NoRuntime(Arc<std::io::Error>),
}

impl BlockingError {
    /// Whether the call was made inside an async runtime.
    pub fn is_in_async_runtime(&self) -> bool {
        matches!(self, Self::InAsyncRuntime(_))
    }
}

impl fmt::Display for BlockingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InAsyncRuntime(e) => e.fmt(f),
            Self::NoRuntime(e) => write!(f, "the blocking client could not start its runtime: {e}"),
        }
    }
}

impl std::error::Error for BlockingError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::InAsyncRuntime(e) => Some(e),
            Self::NoRuntime(e) => Some(e.as_ref()),
        }
    }
}

/// A blocking call was made inside an async runtime, where blocking would stall the runtime's
/// thread (and deadlock it when the call waits for a task of that runtime). Use the async
/// client there, and `.await` its calls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InAsyncRuntime {
    async_client: &'static str,
}

impl InAsyncRuntime {
    /// The async client to use instead (`ivs::Client`).
    pub fn async_client(&self) -> &'static str {
        self.async_client
    }
}

impl fmt::Display for InAsyncRuntime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the blocking client was called inside an async runtime, where blocking would stall the runtime; \
             use the async client `{}` and `.await` its calls instead",
            self.async_client
        )
    }
}

impl std::error::Error for InAsyncRuntime {}

/// Reads a streamed response body into memory, for a blocking call that returns it: once the
/// call has returned, nothing drives the runtime that would read the rest. A body that cannot
/// be read is a dispatch failure (the response was not received).
pub async fn buffer_body<E>(body: ByteStream) -> Result<ByteStream, SdkError<E>> {
    body.buffered().await.map_err(|e| SdkError::dispatch_failure(ConnectorError::io(e)))
}

/// The pages of a paginator, or the items on them, one at a time: each `next()` blocks until
/// the next result arrives, sending a request when the current page is used up.
///
/// Called inside an async runtime, `next()` yields one error (see [`BlockingRuntime::block_on`])
/// and then `None`; after any other error, the pages end as the async paginator's do.
pub struct PaginationIter<T> {
    stream: Option<PaginationStream<T>>,
    runtime: BlockingRuntime,
}

impl<T> fmt::Debug for PaginationIter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaginationIter").field("done", &self.stream.is_none()).finish()
    }
}

impl<T> PaginationIter<T> {
    /// The results of `stream`, on `runtime`.
    pub fn new(stream: PaginationStream<T>, runtime: BlockingRuntime) -> Self {
        Self { stream: Some(stream), runtime }
    }
}

impl<O, E> Iterator for PaginationIter<Result<O, SdkError<E>>> {
    type Item = Result<O, SdkError<E>>;

    fn next(&mut self) -> Option<Self::Item> {
        let stream = self.stream.as_mut()?;
        let next = match self.runtime.try_block_on(stream.next()) {
            Ok(next) => next,
            Err(e) => Some(Err(SdkError::construction_failure(e))),
        };
        if !matches!(next, Some(Ok(_))) {
            // An error or the end: nothing follows (an async paginator ends after an error too).
            self.stream = None;
        }
        next
    }
}

impl<O, E> std::iter::FusedIterator for PaginationIter<Result<O, SdkError<E>>> {}

/// One blocking call, customized before it is sent: `.customize()` on a blocking fluent
/// builder. The same settings as the async [`crate::customize::CustomizableOperation`], whose
/// documentation says what each does; [`send`](Self::send) blocks.
pub struct CustomizableOperation<T, E, B> {
    inner: crate::customize::CustomizableOperation<T, E, B>,
    runtime: BlockingRuntime,
}

impl<T, E, B: fmt::Debug> fmt::Debug for CustomizableOperation<T, E, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CustomizableOperation").field("inner", &self.inner).finish_non_exhaustive()
    }
}

impl<T, E, B> CustomizableOperation<T, E, B> {
    /// The call an async fluent builder would send, run on `runtime`.
    pub fn new(customizable_send: B, runtime: BlockingRuntime) -> Self {
        Self { inner: crate::customize::CustomizableOperation::new(customizable_send), runtime }
    }

    /// Adds an [interceptor](crate::interceptors) for this call; it runs after the client's.
    pub fn interceptor(mut self, interceptor: impl Intercept + 'static) -> Self {
        self.inner = self.inner.interceptor(interceptor);
        self
    }

    /// Replaces the request before it is signed with what `f` makes of it.
    pub fn map_request<F, MapE>(mut self, f: F) -> Self
    where
        F: Fn(HttpRequest) -> Result<HttpRequest, MapE> + Send + Sync + 'static,
        MapE: std::error::Error + Send + Sync + 'static,
    {
        self.inner = self.inner.map_request(f);
        self
    }

    /// Changes the request before it is signed, so that the signature covers the change.
    pub fn mutate_request<F>(mut self, f: F) -> Self
    where
        F: Fn(&mut HttpRequest) + Send + Sync + 'static,
    {
        self.inner = self.inner.mutate_request(f);
        self
    }

    /// Overrides the configuration for this call only.
    pub fn config_override(mut self, config_override: impl Into<crate::config::Builder>) -> Self {
        self.inner = self.inner.config_override(config_override);
        self
    }

    /// Sends the request and reads the response, blocking until it is done.
    pub fn send(self) -> Result<T, SdkError<E>>
    where
        B: CustomizableSend,
        B::Operation: crate::client::Operation<Output = T, Error = E>,
    {
        self.runtime.block_on(self.inner.send())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(
        items: Vec<Result<u32, SdkError<std::io::Error>>>,
    ) -> PaginationStream<Result<u32, SdkError<std::io::Error>>> {
        struct Items(std::vec::IntoIter<Result<u32, SdkError<std::io::Error>>>);
        impl futures_core::Stream for Items {
            type Item = Result<u32, SdkError<std::io::Error>>;
            fn poll_next(
                self: std::pin::Pin<&mut Self>,
                _: &mut std::task::Context<'_>,
            ) -> std::task::Poll<Option<Self::Item>> {
                std::task::Poll::Ready(self.get_mut().0.next())
            }
        }
        PaginationStream::new(Items(items.into_iter()))
    }

    #[test]
    fn block_on_runs_the_future_and_timers_work() {
        let runtime = BlockingRuntime::new("svc::Client");
        let out: Result<u32, SdkError<std::io::Error>> = runtime.block_on(async {
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
            Ok(7)
        });
        assert_eq!(out.unwrap(), 7);
        // Clones share the one runtime.
        let clone = runtime.clone();
        assert_eq!(clone.try_block_on(async { 8 }).unwrap(), 8);
        assert!(format!("{runtime:?}").contains("started: true"), "{runtime:?}");
    }

    #[test]
    fn inside_a_runtime_it_is_an_error_naming_the_async_client() {
        let outer = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let runtime = BlockingRuntime::new("svc::Client");
        let polled = std::sync::atomic::AtomicBool::new(false);
        let err = outer.block_on(async {
            runtime.block_on(async {
                polled.store(true, std::sync::atomic::Ordering::SeqCst);
                Ok::<(), SdkError<std::io::Error>>(())
            })
        });
        let err = err.unwrap_err();
        assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
        let source = std::error::Error::source(&err).unwrap().downcast_ref::<BlockingError>().unwrap();
        assert!(source.is_in_async_runtime());
        assert!(err.to_string().contains("use the async client `svc::Client`"), "{err}");
        assert!(!polled.load(std::sync::atomic::Ordering::SeqCst), "the call must not run");
        // A `spawn_blocking` closure is inside the runtime too.
        let clone = runtime.clone();
        let refused = outer
            .block_on(async move { tokio::task::spawn_blocking(move || clone.try_block_on(async { 1 })).await })
            .unwrap();
        assert!(refused.unwrap_err().is_in_async_runtime());
        // Dropping the last clone inside a runtime does not panic, started or not.
        assert_eq!(runtime.try_block_on(async { 2 }).unwrap(), 2);
        outer.block_on(async move { drop(runtime) });
    }

    #[test]
    fn the_iterator_yields_every_item_then_stops_after_an_error() {
        let runtime = BlockingRuntime::new("svc::Client");
        let all: Vec<u32> =
            PaginationIter::new(pages(vec![Ok(1), Ok(2), Ok(3)]), runtime.clone()).collect::<Result<_, _>>().unwrap();
        assert_eq!(all, vec![1, 2, 3]);
        let mut iter =
            PaginationIter::new(pages(vec![Ok(1), Err(SdkError::construction_failure("bad")), Ok(3)]), runtime);
        assert_eq!(iter.next().unwrap().unwrap(), 1);
        assert!(iter.next().unwrap().is_err());
        assert!(iter.next().is_none());
        assert!(iter.next().is_none());
    }

    #[test]
    fn inside_a_runtime_the_iterator_yields_one_error() {
        let outer = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let runtime = BlockingRuntime::new("svc::Client");
        let mut iter = PaginationIter::new(pages(vec![Ok(1)]), runtime);
        outer.block_on(async {
            let err = iter.next().unwrap().unwrap_err();
            assert!(err.to_string().contains("inside an async runtime"), "{err}");
            assert!(iter.next().is_none());
        });
    }

    #[test]
    fn a_streamed_body_is_read_into_memory_and_a_broken_one_is_a_dispatch_failure() {
        fn chunks(items: Vec<Result<bytes::Bytes, crate::transport::BoxError>>) -> ByteStream {
            struct Chunks(std::vec::IntoIter<Result<bytes::Bytes, crate::transport::BoxError>>);
            impl futures_core::Stream for Chunks {
                type Item = Result<bytes::Bytes, crate::transport::BoxError>;
                fn poll_next(
                    self: std::pin::Pin<&mut Self>,
                    _: &mut std::task::Context<'_>,
                ) -> std::task::Poll<Option<Self::Item>> {
                    std::task::Poll::Ready(self.get_mut().0.next())
                }
            }
            ByteStream::from_stream(Chunks(items.into_iter()))
        }
        let runtime = BlockingRuntime::new("svc::Client");
        let body =
            runtime.block_on(buffer_body::<std::io::Error>(chunks(vec![Ok("ab".into()), Ok("cd".into())]))).unwrap();
        assert_eq!(body.bytes(), Some(&b"abcd"[..]));
        let err = runtime.block_on(buffer_body::<std::io::Error>(chunks(vec![Err("reset".into())]))).unwrap_err();
        assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
        assert!(err.to_string().contains("reset"), "{err}");
    }
}
