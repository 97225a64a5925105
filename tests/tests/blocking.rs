//! The `blocking` feature: `ivs::blocking::Client` end to end against `fake-ivs` over real HTTP
//! on loopback, with the built-in hyper client.
//!
//! The server runs on a runtime of its own (worker threads in the background), so that the
//! blocking client is called, as it must be, from test threads that are not in a runtime. The
//! `#[tokio::test]`s at the end call it from inside a runtime, where it must refuse at once.

// Closures here pass on the client's results, whose `SdkError` is as large as the async one's.
#![allow(clippy::result_large_err)]

use fake_ivs::{FakeIvs, InMemoryIvs, RunningServer};
use ivs::config::{Credentials, Region, RetryConfig};
use ivs::error::{ProvideErrorMetadata, SdkError};
use ivs::operation::get_channel::GetChannelError;
use ivs::operation::RequestId;
use ivs::types::{ChannelLatencyMode, ChannelType, StreamHealth, StreamState};
use std::collections::{BTreeSet, HashMap};
use std::fmt::{Debug, Display};

const MISSING_CHANNEL: &str = "arn:aws:ivs:us-west-2:123456789012:channel/doesNotExist1";
const MISSING_STREAM_KEY: &str = "arn:aws:ivs:us-west-2:123456789012:stream-key/doesNotExist1";

/// A client configuration for a fake-ivs server at `endpoint` (its default credentials), with
/// one attempt per call.
fn config(endpoint: &str) -> ivs::Config {
    ivs::Config::builder()
        .region(Region::new("us-west-2"))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new(
            fake_ivs::DEFAULT_ACCESS_KEY,
            fake_ivs::DEFAULT_SECRET_KEY,
            None,
            None,
            "test",
        ))
        .retry_config(RetryConfig::standard().with_max_attempts(1))
        .build()
}

/// A fake-ivs server on a runtime of its own, whose worker thread serves in the background.
struct Server {
    server: Option<RunningServer>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Server {
    /// A server whose service starts from the same state, and so answers the same requests with
    /// the same identifiers and request ids, as every other server this makes.
    fn start() -> Self {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("a runtime");
        let service = InMemoryIvs::with_account("us-west-2", "123456789012");
        let server = runtime.block_on(FakeIvs::builder().service(service).start()).expect("start fake-ivs");
        Self { server: Some(server), runtime: Some(runtime) }
    }

    fn get(&self) -> &RunningServer {
        self.server.as_ref().expect("running")
    }

    /// Runs an async call to completion on the server's runtime (for the async client).
    fn run<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.as_ref().expect("running").block_on(future)
    }

    fn config(&self) -> ivs::Config {
        config(&self.get().endpoint())
    }

    fn blocking_client(&self) -> ivs::blocking::Client {
        ivs::blocking::Client::from_conf(self.config())
    }

    fn async_client(&self) -> ivs::Client {
        ivs::Client::from_conf(self.config())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.server.take());
        // Without waiting, so that a server can be dropped anywhere, inside a runtime too.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// The async client on one server and the blocking client on another, both starting from the
/// same state: the same calls must give the same results.
struct Pair {
    async_server: Server,
    async_client: ivs::Client,
    blocking_server: Server,
    blocking_client: ivs::blocking::Client,
}

impl Pair {
    fn new() -> Self {
        let async_server = Server::start();
        let blocking_server = Server::start();
        let async_client = async_server.async_client();
        let blocking_client = blocking_server.blocking_client();
        Self { async_server, async_client, blocking_server, blocking_client }
    }
}

/// Asserts that two results of the same call are the same: equal outputs, or errors of the same
/// kind that display the same (code, message and request id).
fn assert_same<O, E>(what: &str, expected: &Result<O, SdkError<E>>, got: &Result<O, SdkError<E>>)
where
    O: PartialEq + Debug,
    E: ProvideErrorMetadata + Display + Debug,
{
    match (expected, got) {
        (Ok(expected), Ok(got)) => assert_eq!(expected, got, "{what}"),
        (Err(expected), Err(got)) => {
            assert_eq!(std::mem::discriminant(expected), std::mem::discriminant(got), "{what}: {expected} / {got}");
            assert_eq!(expected.to_string(), got.to_string(), "{what}");
            assert_eq!(expected.code(), got.code(), "{what}");
        }
        _ => panic!("{what}: the async client gave {expected:?}, the blocking one {got:?}"),
    }
}

/// Makes the same call with the async client (`.send().await`) and the blocking one
/// (`.send()`), each on its own server, asserts the results are the same, and returns the
/// blocking client's. The setters are written once: both fluent builders have them all.
macro_rules! both {
    ($pair:expr, $what:expr, |$client:ident| $call:expr) => {{
        let pair: &Pair = $pair;
        let expected = {
            let $client = &pair.async_client;
            pair.async_server.run(async { $call.send().await })
        };
        let got = {
            let $client = &pair.blocking_client;
            $call.send()
        };
        assert_same($what, &expected, &got);
        got
    }};
}

#[test]
fn all_eighteen_operations_give_what_the_async_client_gives() {
    let pair = &Pair::new();
    let server = pair.blocking_server.get();
    let mut called = Vec::new();

    let created = both!(pair, "CreateChannel", |c| c
        .create_channel()
        .name("blocking")
        .latency_mode(ChannelLatencyMode::NormalLatency)
        .r#type(ChannelType::BasicChannelType)
        .tags("team", "video"))
    .expect("CreateChannel");
    called.push("CreateChannel");
    let channel = created.channel().expect("channel");
    let arn = channel.arn().expect("arn").to_owned();
    let stored = server.service().channel(&arn).expect("the server has the channel");
    assert_eq!(stored.name, "blocking");
    assert_eq!(channel.tags().and_then(|t| t.get("team")).map(String::as_str), Some("video"));
    let key = created.stream_key().expect("stream key");
    let key_arn = key.arn().expect("key arn").to_owned();
    assert_eq!(key.value(), server.service().stream_key(&key_arn).map(|k| k.value).as_deref());

    let got = both!(pair, "GetChannel", |c| c.get_channel().arn(&arn)).expect("GetChannel");
    called.push("GetChannel");
    assert_eq!(got.channel(), Some(channel));

    let updated = both!(pair, "UpdateChannel", |c| c
        .update_channel()
        .arn(&arn)
        .name("renamed")
        .latency_mode(ChannelLatencyMode::LowLatency))
    .expect("UpdateChannel");
    called.push("UpdateChannel");
    assert_eq!(updated.channel().and_then(|c| c.name()), Some("renamed"));
    assert_eq!(server.service().channel(&arn).expect("stored").name, "renamed");

    let batch = both!(pair, "BatchGetChannel", |c| c.batch_get_channel().arns(&arn).arns(MISSING_CHANNEL))
        .expect("BatchGetChannel");
    called.push("BatchGetChannel");
    assert_eq!(batch.channels().len(), 1);
    assert_eq!(batch.errors()[0].arn(), Some(MISSING_CHANNEL));

    let listed = both!(pair, "ListChannels", |c| c.list_channels()).expect("ListChannels");
    called.push("ListChannels");
    assert_eq!(listed.channels()[0].arn(), Some(arn.as_str()));

    let got_key = both!(pair, "GetStreamKey", |c| c.get_stream_key().arn(&key_arn)).expect("GetStreamKey");
    called.push("GetStreamKey");
    assert_eq!(got_key.stream_key(), Some(key));

    let keys = both!(pair, "BatchGetStreamKey", |c| c.batch_get_stream_key().arns(&key_arn).arns(MISSING_STREAM_KEY))
        .expect("BatchGetStreamKey");
    called.push("BatchGetStreamKey");
    assert_eq!(keys.stream_keys(), std::slice::from_ref(key));
    assert_eq!(keys.errors()[0].arn(), Some(MISSING_STREAM_KEY));

    let listed_keys =
        both!(pair, "ListStreamKeys", |c| c.list_stream_keys().channel_arn(&arn)).expect("ListStreamKeys");
    called.push("ListStreamKeys");
    assert_eq!(listed_keys.stream_keys()[0].arn(), Some(key_arn.as_str()));

    both!(pair, "DeleteStreamKey", |c| c.delete_stream_key().arn(&key_arn)).expect("DeleteStreamKey");
    called.push("DeleteStreamKey");
    assert!(server.service().stream_key(&key_arn).is_none());
    let new_key = both!(pair, "CreateStreamKey", |c| c.create_stream_key().channel_arn(&arn).tags("k", "v"))
        .expect("CreateStreamKey");
    called.push("CreateStreamKey");
    assert_eq!(new_key.stream_key().and_then(|k| k.channel_arn()), Some(arn.as_str()));

    both!(pair, "TagResource", |c| c.tag_resource().resource_arn(&arn).tags("env", "prod").tags("cost center", "a/b"))
        .expect("TagResource");
    called.push("TagResource");
    let tags = both!(pair, "ListTagsForResource", |c| c.list_tags_for_resource().resource_arn(&arn))
        .expect("ListTagsForResource");
    called.push("ListTagsForResource");
    let expected: HashMap<String, String> =
        [("team", "video"), ("env", "prod"), ("cost center", "a/b")].map(|(k, v)| (k.to_owned(), v.to_owned())).into();
    assert_eq!(tags.tags(), &expected);
    both!(pair, "UntagResource", |c| c.untag_resource().resource_arn(&arn).tag_keys("env").tag_keys("cost center"))
        .expect("UntagResource");
    called.push("UntagResource");
    assert_eq!(server.service().channel(&arn).expect("stored").tags.keys().collect::<Vec<_>>(), vec!["team"]);

    // The live-stream operations, on a stream both servers go live with.
    for s in [&pair.async_server, &pair.blocking_server] {
        assert!(s.get().service().set_live(&arn));
        assert!(s.get().service().set_stream_stats(&arn, "STARVING", 42));
    }
    let stream = both!(pair, "GetStream", |c| c.get_stream().channel_arn(&arn)).expect("GetStream");
    called.push("GetStream");
    let stream = stream.stream().expect("stream");
    assert_eq!(stream.state(), Some(&StreamState::StreamLive));
    assert_eq!(stream.health(), Some(&StreamHealth::Starving));
    assert_eq!(stream.viewer_count(), 42);
    let streams = both!(pair, "ListStreams", |c| c.list_streams()).expect("ListStreams");
    called.push("ListStreams");
    assert_eq!(streams.streams()[0].channel_arn(), Some(arn.as_str()));
    both!(pair, "PutMetadata", |c| c.put_metadata().channel_arn(&arn).metadata("{\"cue\": 1}")).expect("PutMetadata");
    called.push("PutMetadata");
    assert_eq!(server.service().channel(&arn).expect("stored").metadata, vec!["{\"cue\": 1}".to_owned()]);
    both!(pair, "StopStream", |c| c.stop_stream().channel_arn(&arn)).expect("StopStream");
    called.push("StopStream");
    assert!(server.service().channel(&arn).expect("stored").live.is_none());

    both!(pair, "DeleteChannel", |c| c.delete_channel().arn(&arn)).expect("DeleteChannel");
    called.push("DeleteChannel");
    assert!(server.service().channels().is_empty());

    called.sort_unstable();
    let mut all = ivs_tests::OPERATIONS.to_vec();
    all.sort_unstable();
    assert_eq!(called, all, "every one of the 18 operations, once each");
    // Both servers saw the same 18 requests and answered them the same way.
    let journal = server.service().journal();
    assert_eq!(journal.len(), 18);
    assert!(journal.iter().all(|e| (200..300).contains(&e.status)), "{journal:?}");
    assert_eq!(pair.async_server.get().service().journal(), journal);
}

#[test]
fn modeled_errors_arrive_typed() {
    let pair = &Pair::new();
    let err = both!(pair, "GetChannel", |c| c.get_channel().arn(MISSING_CHANNEL)).expect_err("a missing channel");
    assert!(err.raw_response().is_some_and(|r| r.status() == 404));
    match err.into_service_error() {
        GetChannelError::ResourceNotFoundException(e) => {
            // The message fake-ivs sends, as IVS words it.
            assert_eq!(e.exception_message(), Some(format!("Channel {MISSING_CHANNEL} does not exist").as_str()));
            assert!(e.request_id().is_some_and(|id| !id.is_empty()));
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
    // A validation error (a name that is too long), typed too, and not sent twice.
    let err = both!(pair, "CreateChannel", |c| c.create_channel().name("x".repeat(200))).expect_err("invalid");
    assert!(err.into_service_error().is_validation_exception());
    // A missing required member fails before anything is sent, as with the async client.
    let before = pair.blocking_server.get().requests_seen();
    let err = both!(pair, "GetStream", |c| c.get_stream()).expect_err("no channel ARN");
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert_eq!(pair.blocking_server.get().requests_seen(), before);
}

#[test]
fn setters_getters_customize_and_clones_work_like_the_async_ones() {
    let server = Server::start();
    let client = server.blocking_client();
    assert_eq!(client.config().region().map(|r| r.as_ref()), Some("us-west-2"));
    let builder = client.create_channel().name("a").set_name(Some("b".into())).tags("k", "v");
    assert_eq!(builder.get_name().as_deref(), Some("b"));
    assert_eq!(builder.as_input().get_tags().as_ref().and_then(|t| t.get("k")).map(String::as_str), Some("v"));
    let created = builder.clone().send().expect("CreateChannel");
    assert_eq!(created.channel().and_then(|c| c.name()), Some("b"));
    // `customize()`: the call's own request hooks run, and a hook's error fails the call (a
    // dispatch failure, as with the async client) before anything is sent.
    let arn = created.channel().and_then(|c| c.arn()).expect("arn").to_owned();
    let mutated = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = mutated.clone();
    let got = client
        .clone()
        .get_channel()
        .arn(&arn)
        .customize()
        .mutate_request(move |request| {
            request.headers_mut().insert("x-blocking-test", "yes");
            seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        })
        .send()
        .expect("GetChannel, customized");
    assert_eq!(got.channel().and_then(|c| c.arn()), Some(arn.as_str()));
    assert_eq!(mutated.load(std::sync::atomic::Ordering::SeqCst), 1);
    let err = client
        .get_channel()
        .arn(&arn)
        .customize()
        .map_request(|_| Err(std::io::Error::other("refused by the test")))
        .send()
        .expect_err("the hook refuses");
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    assert!(ivs::error::DisplayErrorContext(&err).to_string().contains("refused by the test"), "{err}");
    // A blocking client made from an async one shares its configuration.
    let from_async = ivs::blocking::Client::from(server.async_client());
    let listed = from_async.list_channels().send().expect("ListChannels");
    assert_eq!(listed.channels().len(), 1);
    assert_eq!(server.get().requests_seen(), 3);
}

#[test]
fn paginators_are_iterators_of_every_page_and_every_item_in_order() {
    let server = Server::start();
    let client = server.blocking_client();
    let names: Vec<String> = (0..7).map(|i| format!("page-{i}")).collect();
    for name in &names {
        client.create_channel().name(name).send().expect("CreateChannel");
    }

    // Pages arrive one request at a time, as the iterator is advanced.
    let before = server.get().requests_seen();
    let mut pages = client.list_channels().into_paginator().page_size(2).send();
    assert_eq!(server.get().requests_seen(), before, "nothing is sent before the first next()");
    let first = pages.next().expect("a first page").expect("ListChannels");
    assert_eq!(first.channels().len(), 2);
    assert_eq!(server.get().requests_seen(), before + 1);
    let rest: Vec<_> = pages.by_ref().collect::<Result<_, _>>().expect("pages");
    let sizes: Vec<usize> = rest.iter().map(|p| p.channels().len()).collect();
    assert_eq!(sizes, vec![2, 2, 1], "7 channels at 2 a page");
    assert!(pages.next().is_none(), "the iterator is fused");
    assert_eq!(server.get().requests_seen(), before + 4);

    let items: Vec<String> = client
        .list_channels()
        .into_paginator()
        .page_size(3)
        .stop_on_duplicate_token(true)
        .items()
        .send()
        .map(|c| c.map(|c| c.name().unwrap_or_default().to_owned()))
        .collect::<Result<_, _>>()
        .expect("items");
    assert_eq!(items, names);
    // The requests carried the page size and the tokens the server handed out.
    let bodies: Vec<_> = server
        .get()
        .service()
        .journal()
        .into_iter()
        .filter(|e| e.operation == "ListChannels")
        .filter_map(|e| e.request_body)
        .collect();
    assert_eq!(
        bodies[4..],
        [
            serde_json::json!({"maxResults": 3}),
            serde_json::json!({"maxResults": 3, "nextToken": "ch.3"}),
            serde_json::json!({"maxResults": 3, "nextToken": "ch.6"}),
        ]
    );

    // An error ends the iteration after it is yielded.
    let mut failing = client.list_channels().into_paginator().page_size(0).send();
    let err = failing.next().expect("an error").expect_err("page size 0 is invalid");
    assert!(err.into_service_error().is_validation_exception());
    assert!(failing.next().is_none());
}

#[test]
fn several_threads_share_one_client() {
    let server = Server::start();
    let client = server.blocking_client();
    let threads = 8;
    std::thread::scope(|scope| {
        for i in 0..threads {
            let shared = &client;
            scope.spawn(move || {
                // Half the threads use the client itself, half a clone of it.
                let own;
                let client = if i % 2 == 0 {
                    shared
                } else {
                    own = shared.clone();
                    &own
                };
                let name = format!("thread-{i}");
                let created = client.create_channel().name(&name).send().expect("CreateChannel");
                let arn = created.channel().and_then(|c| c.arn()).expect("arn");
                for _ in 0..3 {
                    let got = client.get_channel().arn(arn).send().expect("GetChannel");
                    assert_eq!(got.channel().and_then(|c| c.name()), Some(name.as_str()));
                }
            });
        }
        // And this thread at the same time, with the original.
        for _ in 0..3 {
            client.list_channels().send().expect("ListChannels");
        }
    });
    let names: BTreeSet<String> = client
        .list_channels()
        .into_paginator()
        .items()
        .send()
        .map(|c| c.expect("item").name().unwrap_or_default().to_owned())
        .collect();
    let expected: BTreeSet<String> = (0..threads).map(|i| format!("thread-{i}")).collect();
    assert_eq!(names, expected);
    assert_eq!(server.get().service().channels().len(), threads);
}

/// What a call made inside a runtime must give: at once, a construction failure that says to
/// use the async client, with nothing sent.
fn assert_refused<O: Debug, E: Debug + std::error::Error + 'static>(result: Result<O, SdkError<E>>) {
    let err = result.expect_err("a blocking call inside a runtime must fail");
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert_eq!(err.attempts(), 0);
    let source = std::error::Error::source(&err).expect("a source");
    let source = source.downcast_ref::<aws_client_runtime::blocking::BlockingError>().expect("a BlockingError");
    assert!(source.is_in_async_runtime(), "{source:?}");
    let shown = err.to_string();
    assert!(shown.contains("inside an async runtime"), "{shown}");
    assert!(shown.contains("use the async client `ivs::Client`"), "{shown}");
}

/// Every way of sending, inside a runtime; the server runs on that same runtime, so a call that
/// blocked would never be answered.
fn refuse_everything(client: &ivs::blocking::Client) {
    assert_refused(client.get_channel().arn(MISSING_CHANNEL).send());
    assert_refused(client.create_channel().name("x").send());
    assert_refused(client.list_channels().customize().send());
    let mut pages = client.list_channels().into_paginator().send();
    assert_refused(pages.next().expect("one error"));
    assert!(pages.next().is_none());
    let mut items = client.list_channels().into_paginator().items().send();
    assert_refused(items.next().expect("one error"));
    assert!(items.next().is_none());
}

#[tokio::test(flavor = "current_thread")]
async fn inside_a_current_thread_runtime_send_is_an_error_not_a_deadlock() {
    let server = FakeIvs::builder().start().await.expect("start fake-ivs");
    let client = ivs::blocking::Client::from_conf(config(&server.endpoint()));
    refuse_everything(&client);
    assert_eq!(server.requests_seen(), 0);
    // The async client on the same runtime works, and the blocking client drops here quietly.
    let async_client = ivs::Client::from_conf(client.config().clone());
    async_client.list_channels().send().await.expect("ListChannels");
    drop(client);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inside_a_multi_thread_runtime_send_is_an_error_not_a_panic() {
    let server = FakeIvs::builder().start().await.expect("start fake-ivs");
    let client = ivs::blocking::Client::from_conf(config(&server.endpoint()));
    // Used first from a thread outside the runtime (the server is served by the runtime's
    // workers meanwhile), so that its own runtime is running when it is refused and dropped.
    let outside = client.clone();
    let listed = std::thread::spawn(move || outside.list_channels().send()).join().expect("the thread");
    assert!(listed.expect("ListChannels from a plain thread").channels().is_empty());
    assert_eq!(server.requests_seen(), 1);
    refuse_everything(&client);
    assert_eq!(server.requests_seen(), 1, "nothing sent from inside the runtime");
    drop(client);
}

/// A loopback server that answers each connection's first request with `head`, then, after the
/// head has gone out, with each of `body_parts`, then closes the connection.
fn raw_server(head: &'static str, body_parts: &'static [&'static str]) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let endpoint = format!("http://{}", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.flush());
            for part in body_parts {
                std::thread::sleep(std::time::Duration::from_millis(20));
                let _ = stream.write_all(part.as_bytes()).and_then(|()| stream.flush());
            }
        }
    });
    endpoint
}

fn features_client(endpoint: &str) -> features::blocking::Client {
    features::blocking::Client::from_conf(
        features::Config::builder()
            .region(features::config::Region::new("us-west-2"))
            .endpoint_url(endpoint)
            .credentials_provider(features::config::Credentials::new("AKID", "secret", None, None, "test"))
            .retry_config(features::config::RetryConfig::standard().with_max_attempts(1))
            .build(),
    )
}

#[test]
fn a_streamed_output_is_read_whole_before_send_returns() {
    const HEAD: &str = "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n";
    let endpoint = raw_server(HEAD, &["5\r\nhello\r\n", "6\r\n world\r\n", "0\r\n\r\n"]);
    let output = features_client(&endpoint).get_blob().id("b1").send().expect("GetBlob");
    assert_eq!(output.content_type(), Some("text/plain"));
    // In memory: readable without any runtime.
    assert_eq!(output.body().bytes(), Some(&b"hello world"[..]));

    // A body cut off by the server is a dispatch failure, not a short body.
    let endpoint = raw_server(HEAD, &["5\r\nhello\r\n"]);
    let err = features_client(&endpoint).get_blob().id("b1").send().expect_err("a broken body");
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
}
