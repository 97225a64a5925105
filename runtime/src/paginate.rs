//! Pagination: a stream of pages, and a stream of the items on them.

use crate::error::SdkError;
use crate::transport::BoxFuture;
use futures_core::Stream;
use std::future::poll_fn;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A stream of results: pages of a paginated operation, or the items on them.
///
/// Use [`next`](Self::next) in a `while let` loop, [`try_collect`](Self::try_collect), or any
/// `futures` combinator through its [`Stream`] implementation.
pub struct PaginationStream<T> {
    inner: Pin<Box<dyn Stream<Item = T> + Send>>,
}

impl<T> std::fmt::Debug for PaginationStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PaginationStream")
    }
}

impl<T> PaginationStream<T> {
    /// Wraps a stream.
    pub fn new(stream: impl Stream<Item = T> + Send + 'static) -> Self {
        Self { inner: Box::pin(stream) }
    }

    /// A stream of exactly one item (a paginator whose input could not be built).
    pub fn once(item: T) -> Self
    where
        T: Send + 'static,
    {
        struct Once<T>(Option<T>);
        // The item is moved out, never pinned in place.
        impl<T> Unpin for Once<T> {}
        impl<T> Stream for Once<T> {
            type Item = T;
            fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<T>> {
                Poll::Ready(self.get_mut().0.take())
            }
        }
        Self::new(Once(Some(item)))
    }

    /// The next result, or `None` at the end.
    pub async fn next(&mut self) -> Option<T> {
        poll_fn(|cx| self.inner.as_mut().poll_next(cx)).await
    }

    /// Every remaining result.
    pub async fn collect<C: Default + Extend<T>>(mut self) -> C {
        let mut out = C::default();
        while let Some(item) = self.next().await {
            out.extend(Some(item));
        }
        out
    }
}

impl<O, E> PaginationStream<Result<O, E>> {
    /// Every remaining value, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<O>, E> {
        let mut out = Vec::new();
        while let Some(item) = self.next().await {
            out.push(item?);
        }
        Ok(out)
    }
}

impl<T> Stream for PaginationStream<T> {
    type Item = T;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.inner.as_mut().poll_next(cx)
    }
}

/// Sends one page's request.
pub type SendPage<I, O, E> = Box<dyn Fn(I) -> BoxFuture<'static, Result<O, SdkError<E>>> + Send + Sync>;

/// How a paginated operation carries its token.
pub struct PageToken<I, O> {
    /// Puts the token into the next request.
    pub set: fn(&mut I, Option<String>),
    /// Reads the next token from a page.
    pub get: fn(&O) -> Option<&str>,
    /// Whether a page that hands back the token it was asked with ends the pages (as in the
    /// official SDK); otherwise the same token is sent again.
    pub stop_on_duplicate: bool,
}

/// The pages of a paginated operation, starting from `input`.
///
/// It stops after a page with an absent or empty token, and, unless told otherwise
/// ([`PageToken::stop_on_duplicate`]), after a page that hands back the token it was asked with
/// (which would otherwise loop forever).
pub fn pages<I, O, E>(
    input: I,
    send: SendPage<I, O, E>,
    token: PageToken<I, O>,
) -> PaginationStream<Result<O, SdkError<E>>>
where
    I: Clone + Send + Sync + Unpin + 'static,
    O: Send + 'static,
    E: Send + 'static,
{
    PaginationStream::new(Pages {
        next_input: Some(input.clone()),
        template: input,
        send,
        token,
        in_flight: None,
        last_token: None,
    })
}

struct Pages<I, O, E> {
    template: I,
    next_input: Option<I>,
    send: SendPage<I, O, E>,
    token: PageToken<I, O>,
    in_flight: Option<BoxFuture<'static, Result<O, SdkError<E>>>>,
    last_token: Option<String>,
}

impl<I: Clone + Unpin, O, E> Stream for Pages<I, O, E> {
    type Item = Result<O, SdkError<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(future) = this.in_flight.as_mut() {
                let result = match future.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(result) => result,
                };
                this.in_flight = None;
                let page = match result {
                    Ok(page) => page,
                    Err(e) => return Poll::Ready(Some(Err(e))),
                };
                match (this.token.get)(&page).filter(|t| !t.is_empty()) {
                    None => {}
                    Some(token) if this.token.stop_on_duplicate && this.last_token.as_deref() == Some(token) => {
                        tracing::debug!(token, "the service returned the pagination token it was sent; stopping");
                    }
                    Some(token) => {
                        let mut next = this.template.clone();
                        (this.token.set)(&mut next, Some(token.to_owned()));
                        this.last_token = Some(token.to_owned());
                        this.next_input = Some(next);
                    }
                }
                return Poll::Ready(Some(Ok(page)));
            }
            match this.next_input.take() {
                Some(input) => this.in_flight = Some((this.send)(input)),
                None => return Poll::Ready(None),
            }
        }
    }
}

/// The items of every page, in order: `extract` takes them out of a page.
pub fn items<O, E, T, It>(
    pages: PaginationStream<Result<O, SdkError<E>>>,
    extract: fn(O) -> It,
) -> PaginationStream<Result<T, SdkError<E>>>
where
    O: 'static,
    E: 'static,
    T: Send + 'static,
    It: IntoIterator<Item = T> + 'static,
    It::IntoIter: Send + Unpin + 'static,
{
    PaginationStream::new(Items { pages, extract, current: None })
}

struct Items<O, E, It: IntoIterator> {
    pages: PaginationStream<Result<O, SdkError<E>>>,
    extract: fn(O) -> It,
    current: Option<It::IntoIter>,
}

impl<O, E, It: IntoIterator> Stream for Items<O, E, It>
where
    It::IntoIter: Unpin,
{
    type Item = Result<It::Item, SdkError<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.current.as_mut().and_then(Iterator::next) {
                return Poll::Ready(Some(Ok(item)));
            }
            match this.pages.inner.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => this.current = Some((this.extract)(page).into_iter()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Debug, Default)]
    struct Input {
        token: Option<String>,
    }
    #[derive(Debug)]
    struct Page {
        items: Vec<u32>,
        next: Option<String>,
    }

    fn service(
        pages: Vec<(Vec<u32>, Option<&'static str>)>,
        seen: Arc<Mutex<Vec<Option<String>>>>,
    ) -> SendPage<Input, Page, String> {
        Box::new(move |input: Input| {
            let mut seen = seen.lock().unwrap();
            let (items, next) = pages[seen.len()].clone();
            seen.push(input.token);
            Box::pin(async move { Ok(Page { items, next: next.map(str::to_owned) }) })
        })
    }

    fn token() -> PageToken<Input, Page> {
        PageToken { set: |i, t| i.token = t, get: |p| p.next.as_deref(), stop_on_duplicate: true }
    }

    #[tokio::test]
    async fn follows_tokens_until_absent_or_empty() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let send = service(vec![(vec![1, 2], Some("a")), (vec![3], Some("b")), (vec![], Some(""))], seen.clone());
        let all = items(pages(Input::default(), send, token()), |p: Page| p.items).try_collect().await.unwrap();
        assert_eq!(all, vec![1, 2, 3]);
        assert_eq!(*seen.lock().unwrap(), vec![None, Some("a".into()), Some("b".into())]);
    }

    #[tokio::test]
    async fn a_repeated_token_ends_the_pages() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let send = service(vec![(vec![1], Some("same")), (vec![2], Some("same")), (vec![3], None)], seen.clone());
        let mut stream = pages(Input::default(), send, token());
        assert_eq!(stream.next().await.unwrap().unwrap().items, vec![1]);
        assert_eq!(stream.next().await.unwrap().unwrap().items, vec![2]);
        assert!(stream.next().await.is_none());
        assert_eq!(seen.lock().unwrap().len(), 2);
    }

    #[tokio::test]
    async fn a_repeated_token_is_sent_again_when_told_not_to_stop() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let send = service(vec![(vec![1], Some("same")), (vec![2], Some("same")), (vec![3], None)], seen.clone());
        let token = PageToken { stop_on_duplicate: false, ..token() };
        let all = items(pages(Input::default(), send, token), |p: Page| p.items).try_collect().await.unwrap();
        assert_eq!(all, vec![1, 2, 3]);
        assert_eq!(*seen.lock().unwrap(), vec![None, Some("same".into()), Some("same".into())]);
    }
}
