//! The generated client end to end against moto (`moto[server]==5.2.5`, a third-party AWS mock in
//! Python), over real HTTP on loopback with the built-in hyper client: the channel operations
//! moto implements for IVS (Create, Get, List, BatchGet, Update, Delete).
//!
//! `cargo xtask test` installs moto into `target/moto-venv` and passes its `moto_server` in
//! `MOTO_SERVER`. Without it, each test says SKIPPED on stderr and passes, unless `CI` is set:
//! then it fails, so that CI never skips these tests silently.
//!
//! Each test starts its own `moto_server` on a free port of 127.0.0.1 (so it sees only the
//! channels it made) and a guard kills it when the test ends, panics included. Every test body
//! runs inside a 60 s timeout: the bound only proves that nothing hangs.
//!
//! What moto 5.2.5 answers, and what the client must accept: every success is a 200 with
//! `Content-Type: text/html; charset=utf-8` (DeleteChannel too, with an empty body, where the model
//! says 204); absent values are JSON nulls (`"name": null`, `"nextToken": null`); channels carry
//! members our 2020 model does not know (`authorized`, `insecureIngest`, `preset`,
//! `recordingConfigurationArn`), also in ListChannels' summaries; errors are JSON with `__type` and
//! `X-Amzn-ErrorType`. BatchGetChannel leaves out unknown ARNs without an entry in `errors`, and
//! TagResource and ListTagsForResource are not implemented: an HTML 404 from the web framework.

use ivs::config::{Credentials, Region};
use ivs::error::{ProvideErrorMetadata, SdkError};
use ivs::operation::batch_get_channel::BatchGetChannelOutput;
use ivs::operation::delete_channel::DeleteChannelError;
use ivs::operation::get_channel::GetChannelError;
use ivs::operation::list_tags_for_resource::ListTagsForResourceError;
use ivs::operation::tag_resource::TagResourceError;
use ivs::operation::update_channel::UpdateChannelError;
use ivs::operation::RequestId;
use ivs::types::{Channel, ChannelLatencyMode, ChannelType};
use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::io::Read;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// moto's default account.
const ACCOUNT: &str = "123456789012";
const CHANNEL_ARN_PREFIX: &str = "arn:aws:ivs:us-west-2:123456789012:channel/";
const STREAM_KEY_ARN_PREFIX: &str = "arn:aws:ivs:us-west-2:123456789012:stream-key/";
const MISSING_CHANNEL: &str = "arn:aws:ivs:us-west-2:123456789012:channel/doesNotExist1";
/// How long `moto_server` may take to accept connections.
const STARTUP_BOUND: Duration = Duration::from_secs(30);

/// A running `moto_server`, killed (and reaped) when dropped.
struct Moto {
    child: Child,
    port: u16,
    /// Everything the server printed so far (stdout and stderr), for failure messages.
    output: Arc<Mutex<String>>,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Moto {
    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The client of the issue: no HTTP client configured, so the built-in hyper client is used.
    fn client(&self) -> ivs::Client {
        ivs::Client::from_conf(
            ivs::Config::builder()
                .region(Region::new("us-west-2"))
                .endpoint_url(self.endpoint())
                .credentials_provider(Credentials::new(
                    "AKIDEXAMPLE",
                    "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                    None,
                    None,
                    "moto",
                ))
                .build(),
        )
    }

    fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }
}

/// The `moto_server` to run, from `MOTO_SERVER`; `None` (after a loud SKIPPED) when it is not set
/// outside CI. In CI (`CI` set) a missing `MOTO_SERVER` fails the test.
fn moto_server_path() -> Option<PathBuf> {
    match std::env::var_os("MOTO_SERVER").filter(|p| !p.is_empty()) {
        Some(path) => {
            let path = PathBuf::from(path);
            assert!(path.is_file(), "MOTO_SERVER={} does not exist (run `cargo xtask test`)", path.display());
            Some(path)
        }
        None => {
            ivs_tests::skip_outside_ci(
                "the moto tests need MOTO_SERVER, the path of moto_server (`cargo xtask test` installs moto and sets it)",
            );
            None
        }
    }
}

/// A port that was free a moment ago.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local address").port()
}

/// Copies everything `from` yields into `into`, on a thread of its own (so that a full pipe never
/// blocks the server).
fn drain(mut from: impl Read + Send + 'static, into: Arc<Mutex<String>>) {
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = from.read(&mut buf) {
            if n == 0 {
                break;
            }
            into.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
}

/// Starts `moto_server -H 127.0.0.1 -p PORT` and waits (at most 30 s) until it listens and
/// accepts connections; `None` when the moto tests are skipped. A port taken between
/// [`free_port`] and the server's bind is retried with another port, twice.
async fn start_moto() -> Option<Moto> {
    let path = moto_server_path()?;
    for attempt in 1..=3 {
        let port = free_port();
        let mut child = Command::new(&path)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", path.display()));
        let output = Arc::new(Mutex::new(String::new()));
        drain(child.stdout.take().expect("stdout"), output.clone());
        drain(child.stderr.take().expect("stderr"), output.clone());
        let mut moto = Moto { child, port, output };
        // Ready when this very process says it listens (werkzeug prints that once it has bound
        // the port: another test's server that took the same port must not pass for ours) and
        // the port accepts a connection.
        let running = format!("Running on http://127.0.0.1:{port}");
        let started = Instant::now();
        loop {
            if moto.output().contains(&running) && tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return Some(moto);
            }
            if let Some(status) = moto.child.try_wait().expect("try_wait") {
                // Let the drain threads catch the last words.
                tokio::time::sleep(Duration::from_millis(200)).await;
                let output = moto.output();
                if attempt < 3 && output.contains("already in use") {
                    break;
                }
                panic!("moto_server exited ({status}) before accepting connections on port {port}:\n{output}");
            }
            assert!(
                started.elapsed() < STARTUP_BOUND,
                "moto_server did not accept connections on port {port} within {STARTUP_BOUND:?}:\n{}",
                moto.output()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    unreachable!("every attempt either returns or panics on its last round")
}

/// Runs a test body, failing (instead of hanging) if it takes more than 60 s.
async fn within<F: Future>(body: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(60), body).await.expect("the test did not finish within 60 s: it hangs")
}

/// A name no other test uses.
fn unique(test: &str, n: usize) -> String {
    format!("{test}-{}-{n}", std::process::id())
}

fn tags(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// Creates a channel named `name` with moto's defaults for the rest; returns it.
async fn create(client: &ivs::Client, name: &str) -> Channel {
    let out = client.create_channel().name(name).send().await.expect("CreateChannel");
    let channel = out.channel().expect("CreateChannel returned no channel").clone();
    assert_eq!(channel.name(), Some(name));
    channel
}

fn arn(channel: &Channel) -> String {
    channel.arn().expect("channel ARN").to_owned()
}

fn arns_of(channels: &[Channel]) -> BTreeSet<String> {
    channels.iter().map(arn).collect()
}

/// The ARNs of a ListChannels result, checking that none is there twice.
fn once_each<'a>(arns: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    for arn in arns {
        assert!(seen.insert(arn.to_owned()), "{arn} was listed more than once");
    }
    seen
}

/// The HTTP status and Content-Type of an error's raw response.
fn status_and_content_type<E>(err: &SdkError<E>) -> (u16, String) {
    let raw = err.raw_response().expect("a raw response");
    let content_type = raw.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    (raw.status().as_u16(), content_type)
}

#[tokio::test]
async fn create_channel_with_every_member_returns_the_channel_and_its_stream_key() {
    let Some(moto) = start_moto().await else { return };
    let client = moto.client();
    within(async {
        let name = unique("create", 0);
        let created = client
            .create_channel()
            .name(&name)
            .latency_mode(ChannelLatencyMode::NormalLatency)
            .r#type(ChannelType::BasicChannelType)
            .tags("team", "video")
            .tags("env", "moto")
            .send()
            .await
            .expect("CreateChannel");
        // moto sends x-amzn-requestid (lower case).
        assert!(created.request_id().is_some_and(|id| !id.is_empty()), "no request id: {created:?}");

        let channel = created.channel().expect("channel");
        let arn = channel.arn().expect("channel ARN");
        let id = arn.strip_prefix(CHANNEL_ARN_PREFIX).unwrap_or_else(|| panic!("unexpected channel ARN {arn}"));
        assert!(!id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()), "channel id {id:?}");
        assert_eq!(channel.name(), Some(name.as_str()));
        assert_eq!(channel.latency_mode(), Some(&ChannelLatencyMode::NormalLatency));
        assert_eq!(channel.r#type(), Some(&ChannelType::BasicChannelType));
        assert_eq!(channel.tags(), Some(&tags(&[("team", "video"), ("env", "moto")])));
        assert_eq!(channel.ingest_endpoint(), Some("ingest.example.com"));
        assert_eq!(
            channel.playback_url(),
            Some(format!("https://playback.example.com/us-west-2.{ACCOUNT}.{id}.m3u8").as_str())
        );

        let key = created.stream_key().expect("stream key");
        let key_arn = key.arn().expect("stream key ARN");
        assert!(key_arn.starts_with(STREAM_KEY_ARN_PREFIX) && key_arn.len() > STREAM_KEY_ARN_PREFIX.len(), "{key_arn}");
        assert_eq!(key.channel_arn(), Some(arn));
        let value = key.value().expect("stream key value");
        assert!(
            value.starts_with("sk_us-west-2_") && value.len() > "sk_us-west-2_".len(),
            "stream key value {value:?}"
        );
        // moto gives the stream key the channel's tags.
        assert_eq!(key.tags(), Some(&tags(&[("team", "video"), ("env", "moto")])));
        // The stream key value is @sensitive: it never shows in Debug.
        assert!(!format!("{created:?}").contains(value), "the stream key value leaked into Debug");

        // GetChannel answers the same channel.
        let got = client.get_channel().arn(arn).send().await.expect("GetChannel");
        assert_eq!(got.channel(), Some(channel));
    })
    .await;
}

#[tokio::test]
async fn create_channel_with_no_members_takes_moto_defaults_and_null_name_is_none() {
    let Some(moto) = start_moto().await else { return };
    let client = moto.client();
    within(async {
        // moto answers `"name": null` and `"tags": {}`.
        let created = client.create_channel().send().await.expect("CreateChannel without members");
        let channel = created.channel().expect("channel");
        assert!(channel.arn().is_some_and(|a| a.starts_with(CHANNEL_ARN_PREFIX)), "{channel:?}");
        assert_eq!(channel.name(), None);
        assert_eq!(channel.latency_mode(), Some(&ChannelLatencyMode::LowLatency));
        assert_eq!(channel.r#type(), Some(&ChannelType::StandardChannelType));
        assert_eq!(channel.tags(), Some(&HashMap::new()));
        assert!(created.stream_key().and_then(|k| k.value()).is_some(), "no stream key value");

        let got = client.get_channel().arn(arn(channel)).send().await.expect("GetChannel");
        assert_eq!(got.channel(), Some(channel));
        assert_eq!(got.channel().and_then(|c| c.name()), None);

        // The only channel: one page, and `"nextToken": null` is no token.
        let listed = client.list_channels().send().await.expect("ListChannels");
        assert_eq!(listed.next_token(), None);
        assert_eq!(listed.channels().len(), 1, "{listed:?}");
        let summary = &listed.channels()[0];
        assert_eq!(summary.arn(), channel.arn());
        assert_eq!(summary.name(), None);
        assert_eq!(summary.latency_mode(), Some(&ChannelLatencyMode::LowLatency));
        assert_eq!(summary.tags(), Some(&HashMap::new()));
    })
    .await;
}

#[tokio::test]
async fn list_channels_pages_return_every_channel_exactly_once() {
    let Some(moto) = start_moto().await else { return };
    let client = moto.client();
    within(async {
        let mut created = Vec::new();
        for n in 0..5 {
            created.push(create(&client, &unique("page", n)).await);
        }
        let expected = arns_of(&created);
        assert_eq!(expected.len(), 5);

        // Page by page: 2, 2, 1, a token on each page but the last.
        let mut pages = client.list_channels().max_results(2).into_paginator().send();
        let mut sizes = Vec::new();
        let mut tokens = Vec::new();
        let mut listed = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.expect("ListChannels page");
            sizes.push(page.channels().len());
            tokens.push(page.next_token().map(str::to_owned));
            for summary in page.channels() {
                let arn = summary.arn().expect("summary ARN").to_owned();
                let channel = created.iter().find(|c| c.arn() == Some(&arn)).expect("a channel this test made");
                assert_eq!(summary.name(), channel.name());
                assert_eq!(summary.latency_mode(), Some(&ChannelLatencyMode::LowLatency));
                assert_eq!(summary.tags(), Some(&HashMap::new()));
                listed.push(arn);
            }
        }
        assert_eq!(sizes, [2, 2, 1]);
        assert!(tokens[0].is_some() && tokens[1].is_some() && tokens[0] != tokens[1], "{tokens:?}");
        assert_eq!(tokens[2], None);
        assert_eq!(once_each(listed.iter().map(String::as_str)), expected);

        // The items of every page.
        let items = client.list_channels().max_results(2).into_paginator().items().send().try_collect().await;
        let items = items.expect("ListChannels items");
        assert_eq!(items.len(), 5);
        assert_eq!(once_each(items.iter().map(|s| s.arn().expect("summary ARN"))), expected);

        // page_size on the paginator does the same as max_results.
        let pages = client.list_channels().into_paginator().page_size(3).send().try_collect().await;
        let sizes: Vec<usize> = pages.expect("ListChannels pages").iter().map(|p| p.channels().len()).collect();
        assert_eq!(sizes, [3, 2]);

        // Without max_results, one page holds everything (moto's default page is 100).
        let all = client.list_channels().send().await.expect("ListChannels");
        assert_eq!(all.next_token(), None);
        assert_eq!(once_each(all.channels().iter().map(|s| s.arn().expect("summary ARN"))), expected);
    })
    .await;
}

#[tokio::test]
async fn list_channels_filter_by_name_matches_the_exact_name() {
    let Some(moto) = start_moto().await else { return };
    let client = moto.client();
    within(async {
        let alpha = unique("filter-alpha", 0);
        let beta = unique("filter-beta", 0);
        let alphas = vec![create(&client, &alpha).await, create(&client, &alpha).await];
        let betas = vec![create(&client, &beta).await];

        let listed = client.list_channels().filter_by_name(&alpha).send().await.expect("ListChannels alpha");
        assert_eq!(listed.next_token(), None);
        assert!(listed.channels().iter().all(|s| s.name() == Some(alpha.as_str())), "{listed:?}");
        assert_eq!(once_each(listed.channels().iter().map(|s| s.arn().expect("ARN"))), arns_of(&alphas));

        let listed = client.list_channels().filter_by_name(&beta).send().await.expect("ListChannels beta");
        assert_eq!(once_each(listed.channels().iter().map(|s| s.arn().expect("ARN"))), arns_of(&betas));

        // The filter together with pagination: one alpha per page.
        let items = client.list_channels().filter_by_name(&alpha).max_results(1).into_paginator().items().send();
        let items = items.try_collect().await.expect("ListChannels alpha items");
        assert_eq!(once_each(items.iter().map(|s| s.arn().expect("ARN"))), arns_of(&alphas));

        // moto matches the whole name: a prefix matches nothing.
        let prefix = &alpha[..alpha.len() - 1];
        let listed = client.list_channels().filter_by_name(prefix).send().await.expect("ListChannels prefix");
        assert!(listed.channels().is_empty(), "{listed:?}");
        assert_eq!(listed.next_token(), None);
    })
    .await;
}

#[tokio::test]
async fn batch_get_channel_returns_the_known_channels_and_moto_drops_unknown_arns() {
    let Some(moto) = start_moto().await else { return };
    let client = moto.client();
    within(async {
        let first = create(&client, &unique("batch", 0)).await;
        let second = create(&client, &unique("batch", 1)).await;
        let _not_asked = create(&client, &unique("batch", 2)).await;

        let out: BatchGetChannelOutput = client
            .batch_get_channel()
            .arns(arn(&second))
            .arns(MISSING_CHANNEL)
            .arns(arn(&first))
            .send()
            .await
            .expect("BatchGetChannel");
        // moto answers in creation order, whole channels equal to what CreateChannel returned.
        assert_eq!(out.channels(), [first.clone(), second.clone()]);
        // Real IVS lists an unknown ARN in `errors` (ResourceNotFoundException); moto 5.2.5
        // answers `"errors": []`.
        assert!(out.errors().is_empty(), "{:?}", out.errors());

        // Only unknown ARNs: nothing, and no error either.
        let out = client.batch_get_channel().arns(MISSING_CHANNEL).send().await.expect("BatchGetChannel unknown");
        assert!(out.channels().is_empty() && out.errors().is_empty(), "{out:?}");
    })
    .await;
}

#[tokio::test]
async fn update_then_delete_channel_and_the_deleted_channel_is_not_found() {
    let Some(moto) = start_moto().await else { return };
    let client = moto.client();
    within(async {
        let channel = client
            .create_channel()
            .name(unique("update", 0))
            .latency_mode(ChannelLatencyMode::LowLatency)
            .r#type(ChannelType::StandardChannelType)
            .tags("keep", "me")
            .send()
            .await
            .expect("CreateChannel")
            .channel()
            .expect("channel")
            .clone();
        let arn = arn(&channel);
        let other = create(&client, &unique("update", 1)).await;

        let renamed = unique("update", 2);
        let updated = client
            .update_channel()
            .arn(&arn)
            .name(&renamed)
            .latency_mode(ChannelLatencyMode::NormalLatency)
            .r#type(ChannelType::BasicChannelType)
            .send()
            .await
            .expect("UpdateChannel");
        let updated = updated.channel().expect("updated channel").clone();
        assert_eq!(updated.arn(), Some(arn.as_str()));
        assert_eq!(updated.name(), Some(renamed.as_str()));
        assert_eq!(updated.latency_mode(), Some(&ChannelLatencyMode::NormalLatency));
        assert_eq!(updated.r#type(), Some(&ChannelType::BasicChannelType));
        // What UpdateChannel did not name stays.
        assert_eq!(updated.tags(), Some(&tags(&[("keep", "me")])));
        assert_eq!(updated.playback_url(), channel.playback_url());
        assert_eq!(updated.ingest_endpoint(), channel.ingest_endpoint());

        let got = client.get_channel().arn(&arn).send().await.expect("GetChannel after UpdateChannel");
        assert_eq!(got.channel(), Some(&updated));

        // An update naming only one member changes only that one.
        let updated = client
            .update_channel()
            .arn(&arn)
            .latency_mode(ChannelLatencyMode::LowLatency)
            .send()
            .await
            .expect("UpdateChannel latency only");
        let updated = updated.channel().expect("updated channel");
        assert_eq!(updated.name(), Some(renamed.as_str()));
        assert_eq!(updated.latency_mode(), Some(&ChannelLatencyMode::LowLatency));
        assert_eq!(updated.r#type(), Some(&ChannelType::BasicChannelType));

        // moto answers DeleteChannel with a 200 and an empty text/html body (the model says 204).
        let deleted = client.delete_channel().arn(&arn).send().await.expect("DeleteChannel");
        assert!(deleted.request_id().is_some_and(|id| !id.is_empty()), "no request id: {deleted:?}");

        // Gone: GetChannel, UpdateChannel and DeleteChannel answer ResourceNotFoundException
        // (404, application/json, __type and X-Amzn-ErrorType).
        let err = client.get_channel().arn(&arn).send().await.expect_err("GetChannel after DeleteChannel");
        assert_eq!(status_and_content_type(&err), (404, "application/json".to_owned()));
        assert!(err.meta().request_id().is_some_and(|id| !id.is_empty()), "no request id: {err:?}");
        assert_eq!(err.code(), Some("ResourceNotFoundException"));
        let expected_message = format!("Resource: {arn} not found");
        assert_eq!(err.message(), Some(expected_message.as_str()));
        match err.into_service_error() {
            GetChannelError::ResourceNotFoundException(e) => {
                assert_eq!(e.message(), Some(expected_message.as_str()));
                assert_eq!(e.code(), Some("ResourceNotFoundException"));
            }
            other => panic!("expected GetChannelError::ResourceNotFoundException, got {other:?}"),
        }

        let err = client.update_channel().arn(&arn).name("again").send().await.expect_err("UpdateChannel deleted");
        assert_eq!(err.attempts(), 1, "a 404 is not retried");
        assert!(
            matches!(err.as_service_error(), Some(UpdateChannelError::ResourceNotFoundException(_))),
            "expected UpdateChannelError::ResourceNotFoundException, got {err:?}"
        );
        let err = client.delete_channel().arn(&arn).send().await.expect_err("DeleteChannel deleted");
        assert!(
            matches!(err.as_service_error(), Some(DeleteChannelError::ResourceNotFoundException(_))),
            "expected DeleteChannelError::ResourceNotFoundException, got {err:?}"
        );

        // The deleted channel is not listed; the other one is still there.
        let listed = client.list_channels().send().await.expect("ListChannels");
        let arns = once_each(listed.channels().iter().map(|s| s.arn().expect("ARN")));
        assert_eq!(arns, arns_of(&[other]));
    })
    .await;
}

#[tokio::test]
async fn tagging_operations_moto_lacks_are_an_http404_unhandled_error() {
    let Some(moto) = start_moto().await else { return };
    let client = moto.client();
    within(async {
        let channel = create(&client, &unique("tags", 0)).await;

        // moto 5.2.5 has no TagResource for IVS: the web framework's HTML 404, no error type.
        let err =
            client.tag_resource().resource_arn(arn(&channel)).tags("a", "b").send().await.expect_err("TagResource");
        assert_eq!(status_and_content_type(&err), (404, "text/html; charset=utf-8".to_owned()));
        assert_eq!(err.attempts(), 1, "a 404 is not retried");
        assert_eq!(err.code(), Some("Http404"));
        let err = err.into_service_error();
        // Not our ResourceNotFoundException: nothing in the response says so.
        assert!(!err.is_resource_not_found_exception(), "{err:?}");
        #[allow(deprecated)]
        let unhandled = matches!(err, TagResourceError::Unhandled(_));
        assert!(unhandled, "expected TagResourceError::Unhandled, got {err:?}");

        let err = client.list_tags_for_resource().resource_arn(arn(&channel)).send().await;
        let err = err.expect_err("ListTagsForResource");
        assert_eq!(status_and_content_type(&err), (404, "text/html; charset=utf-8".to_owned()));
        assert_eq!(err.code(), Some("Http404"));
        let err = err.into_service_error();
        #[allow(deprecated)]
        let unhandled = matches!(err, ListTagsForResourceError::Unhandled(_));
        assert!(unhandled, "expected ListTagsForResourceError::Unhandled, got {err:?}");

        // The server is still there, and the channel untouched.
        let got = client.get_channel().arn(arn(&channel)).send().await.expect("GetChannel");
        assert_eq!(got.channel(), Some(&channel));
    })
    .await;
}

/// The guard: once the test's `Moto` is dropped, nothing listens on its port any more.
#[tokio::test]
async fn the_server_is_killed_when_its_guard_is_dropped() {
    let Some(moto) = start_moto().await else { return };
    let port = moto.port;
    let pid = moto.child.id();
    within(async {
        create(&moto.client(), &unique("guard", 0)).await;
        let output = moto.output();
        assert!(output.contains("POST /CreateChannel"), "moto logged no CreateChannel:\n{output}");
        drop(moto);
        assert!(
            tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err(),
            "something still listens on port {port} after the guard killed moto_server"
        );
        assert!(!std::path::Path::new(&format!("/proc/{pid}")).exists(), "process {pid} is still there");
    })
    .await;
}
