//! The body of a `@streaming` blob member: a response body handed to the user as it arrives,
//! not buffered; a request body, read into memory before the request is signed.

use crate::transport::BoxError;
use bytes::Bytes;
use futures_core::Stream;
use std::fmt;
use std::future::poll_fn;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The chunks of a body, read on demand.
pub struct ByteStream {
    inner: Inner,
}

enum Inner {
    Whole(Option<Bytes>),
    Chunks(Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>),
}

/// Reading a streamed body failed (the connection broke, or timed out).
#[derive(Debug)]
pub struct ByteStreamError(BoxError);

impl fmt::Display for ByteStreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "reading the response body failed: {}", self.0)
    }
}

impl std::error::Error for ByteStreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.0.as_ref())
    }
}

impl ByteStream {
    /// A body already in memory.
    pub fn new(bytes: Bytes) -> Self {
        Self { inner: Inner::Whole(Some(bytes)) }
    }

    /// A body read chunk by chunk from `stream`.
    pub fn from_stream(stream: impl Stream<Item = Result<Bytes, BoxError>> + Send + 'static) -> Self {
        Self { inner: Inner::Chunks(Box::pin(stream)) }
    }

    /// The next chunk, or `None` at the end.
    pub async fn next(&mut self) -> Option<Result<Bytes, ByteStreamError>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The body, when it is in memory (made from bytes, or [`ByteStream::buffered`]).
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.inner {
            Inner::Whole(bytes) => Some(bytes.as_deref().unwrap_or_default()),
            Inner::Chunks(_) => None,
        }
    }

    /// The body in memory, without copying it; `None` for a body still to be read.
    #[doc(hidden)]
    pub fn to_bytes(&self) -> Option<Bytes> {
        match &self.inner {
            Inner::Whole(bytes) => Some(bytes.clone().unwrap_or_default()),
            Inner::Chunks(_) => None,
        }
    }

    /// The same body, read into memory (a body already in memory is kept as it is).
    pub async fn buffered(self) -> Result<ByteStream, ByteStreamError> {
        match self.inner {
            Inner::Whole(_) => Ok(self),
            Inner::Chunks(_) => self.collect().await.map(ByteStream::new),
        }
    }

    /// Reads the rest of the body into memory.
    pub async fn collect(mut self) -> Result<Bytes, ByteStreamError> {
        let mut chunks = Vec::new();
        while let Some(chunk) = self.next().await {
            chunks.push(chunk?);
        }
        Ok(match chunks.len() {
            0 => Bytes::new(),
            1 => chunks.pop().unwrap_or_default(),
            _ => Bytes::from(chunks.concat()),
        })
    }
}

impl Default for ByteStream {
    fn default() -> Self {
        Self::new(Bytes::new())
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        Self::new(bytes)
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(Bytes::from(bytes))
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The content is neither known nor shown: it may be large, or sensitive.
        f.write_str("ByteStream")
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, ByteStreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match &mut self.get_mut().inner {
            Inner::Whole(bytes) => Poll::Ready(bytes.take().filter(|b| !b.is_empty()).map(Ok)),
            Inner::Chunks(stream) => stream.as_mut().poll_next(cx).map(|item| item.map(|r| r.map_err(ByteStreamError))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Chunks(Vec<Result<Bytes, BoxError>>);
    impl Stream for Chunks {
        type Item = Result<Bytes, BoxError>;
        fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            let this = self.get_mut();
            Poll::Ready(if this.0.is_empty() { None } else { Some(this.0.remove(0)) })
        }
    }

    #[tokio::test]
    async fn chunks_arrive_in_order_and_collect() {
        let stream = ByteStream::from_stream(Chunks(vec![Ok(Bytes::from("ab")), Ok(Bytes::from("cd"))]));
        assert_eq!(stream.collect().await.unwrap(), Bytes::from("abcd"));
        let mut whole = ByteStream::new(Bytes::from("xyz"));
        assert_eq!(whole.next().await.unwrap().unwrap(), Bytes::from("xyz"));
        assert!(whole.next().await.is_none());
        assert_eq!(ByteStream::default().collect().await.unwrap(), Bytes::new());
    }

    #[tokio::test]
    async fn a_broken_stream_is_an_error_not_a_panic() {
        let stream = ByteStream::from_stream(Chunks(vec![Ok(Bytes::from("ab")), Err("connection reset".into())]));
        let err = stream.collect().await.unwrap_err();
        assert!(err.to_string().contains("connection reset"), "{err}");
        assert_eq!(format!("{:?}", ByteStream::new(Bytes::from("secret"))), "ByteStream");
    }
}
