//! The generated client end to end against `fake-ivs` over real HTTP on loopback, with the
//! built-in hyper client: every operation, every modeled error the server produces, pagination,
//! retries, timeouts, broken connections, bad bodies, signatures and redaction (also in the
//! tracing output).
//!
//! Every test body runs inside a 30 s `tokio::time::timeout`: the bound only proves that nothing
//! hangs; no test asserts how fast anything is.

use fake_ivs::{Clock, FakeIvs, Fault, RunningServer};
use ivs::config::{Credentials, Region, RetryConfig, TimeoutConfig};
use ivs::error::{ProvideErrorMetadata, SdkError};
use ivs::operation::RequestId;
use ivs::types::{ChannelLatencyMode, ChannelType, StreamHealth, StreamState};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SESSION_TOKEN: &str = "FQoGZXIvYXdzEXAMPLE-session-token-SHOULD-NEVER-BE-LOGGED";
const MISSING_CHANNEL: &str = "arn:aws:ivs:us-west-2:123456789012:channel/doesNotExist1";
const MISSING_STREAM_KEY: &str = "arn:aws:ivs:us-west-2:123456789012:stream-key/doesNotExist1";
const MAX_ATTEMPTS: u32 = 3;

/// Runs a test body, failing (instead of hanging) if it takes more than 30 s.
async fn within<F: Future>(body: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(30), body).await.expect("the test did not finish within 30 s: it hangs")
}

/// Standard retries with tiny backoffs, so that retry tests are fast.
fn retries(max_attempts: u32) -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(max_attempts)
        .with_initial_backoff(Duration::from_millis(10))
        .with_max_backoff(Duration::from_millis(50))
}

/// A configuration for `endpoint` with the test credentials and 3 attempts; no HTTP client, so
/// the built-in hyper client sends real requests.
fn config(endpoint: &str) -> ivs::config::Builder {
    ivs::Config::builder()
        .region(Region::new("us-west-2"))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "test"))
        .retry_config(retries(MAX_ATTEMPTS))
}

fn client(server: &RunningServer) -> ivs::Client {
    ivs::Client::from_conf(config(&server.endpoint()).build())
}

fn client_with(builder: ivs::config::Builder) -> ivs::Client {
    ivs::Client::from_conf(builder.build())
}

async fn start() -> RunningServer {
    FakeIvs::builder().start().await.expect("start fake-ivs")
}

/// The faults that acted on the last `n` requests the server answered, oldest first.
fn last_faults(server: &RunningServer, n: usize) -> Vec<Option<Fault>> {
    let log = server.request_log();
    assert!(log.len() >= n, "only {} requests were logged: {log:?}", log.len());
    log[log.len() - n..].iter().map(|r| r.fault).collect()
}

/// The statuses of the last `n` requests the server answered, oldest first.
fn last_statuses(server: &RunningServer, n: usize) -> Vec<u16> {
    let log = server.request_log();
    assert!(log.len() >= n, "only {} requests were logged: {log:?}", log.len());
    log[log.len() - n..].iter().map(|r| r.status).collect()
}

/// Creates a channel through the client; returns its ARN and its stream key's ARN and value.
async fn create_channel(client: &ivs::Client, name: &str) -> (String, String, String) {
    let created = client.create_channel().name(name).send().await.expect("CreateChannel");
    let arn = created.channel().and_then(|c| c.arn()).expect("channel ARN").to_owned();
    let key = created.stream_key().expect("stream key");
    (arn, key.arn().expect("key ARN").to_owned(), key.value().expect("key value").to_owned())
}

// ---------------------------------------------------------------------------------------------
// Every operation succeeds.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn all_eighteen_operations_succeed_over_http() {
    within(async {
        let server = start().await;
        let client = client(&server);
        let mut called = Vec::new();

        // CreateChannel
        let created = client
            .create_channel()
            .name("e2e")
            .latency_mode(ChannelLatencyMode::NormalLatency)
            .r#type(ChannelType::BasicChannelType)
            .tags("team", "video")
            .send()
            .await
            .expect("CreateChannel");
        called.push("CreateChannel");
        assert!(created.request_id().is_some_and(|id| !id.is_empty()), "no request id");
        let channel = created.channel().expect("channel");
        let arn = channel.arn().expect("arn").to_owned();
        assert!(arn.starts_with("arn:aws:ivs:us-west-2:123456789012:channel/"), "{arn}");
        assert_eq!(channel.name(), Some("e2e"));
        assert_eq!(channel.latency_mode(), Some(&ChannelLatencyMode::NormalLatency));
        assert_eq!(channel.r#type(), Some(&ChannelType::BasicChannelType));
        assert!(channel.ingest_endpoint().is_some_and(|e| e.ends_with(".global-contribute.live-video.net")));
        assert!(channel.playback_url().is_some_and(|u| u.ends_with(".m3u8")));
        assert_eq!(channel.tags().and_then(|t| t.get("team")).map(String::as_str), Some("video"));
        let key = created.stream_key().expect("stream key");
        let key_arn = key.arn().expect("key arn").to_owned();
        assert_eq!(key.channel_arn(), Some(arn.as_str()));
        let stored = server.service().stream_key(&key_arn).expect("stored key");
        assert_eq!(key.value(), Some(stored.value.as_str()));

        // GetChannel
        let got = client.get_channel().arn(&arn).send().await.expect("GetChannel");
        called.push("GetChannel");
        assert_eq!(got.channel(), Some(channel));

        // UpdateChannel
        let updated = client
            .update_channel()
            .arn(&arn)
            .name("e2e-renamed")
            .latency_mode(ChannelLatencyMode::LowLatency)
            .send()
            .await
            .expect("UpdateChannel");
        called.push("UpdateChannel");
        let updated = updated.channel().expect("channel");
        assert_eq!(updated.name(), Some("e2e-renamed"));
        assert_eq!(updated.latency_mode(), Some(&ChannelLatencyMode::LowLatency));
        assert_eq!(server.service().channel(&arn).expect("stored").name, "e2e-renamed");

        // BatchGetChannel: one found, one error.
        let batch = client.batch_get_channel().arns(&arn).arns(MISSING_CHANNEL).send().await.expect("BatchGetChannel");
        called.push("BatchGetChannel");
        assert_eq!(batch.channels().len(), 1);
        assert_eq!(batch.channels()[0].arn(), Some(arn.as_str()));
        assert_eq!(batch.errors().len(), 1);
        assert_eq!(batch.errors()[0].arn(), Some(MISSING_CHANNEL));
        assert_eq!(batch.errors()[0].code(), Some("ResourceNotFoundException"));

        // ListChannels
        let listed = client.list_channels().send().await.expect("ListChannels");
        called.push("ListChannels");
        assert_eq!(listed.channels().len(), 1);
        assert_eq!(listed.channels()[0].arn(), Some(arn.as_str()));
        assert_eq!(listed.next_token(), None);

        // GetStreamKey
        let got_key = client.get_stream_key().arn(&key_arn).send().await.expect("GetStreamKey");
        called.push("GetStreamKey");
        assert_eq!(got_key.stream_key(), Some(key));

        // BatchGetStreamKey
        let keys = client
            .batch_get_stream_key()
            .arns(&key_arn)
            .arns(MISSING_STREAM_KEY)
            .send()
            .await
            .expect("BatchGetStreamKey");
        called.push("BatchGetStreamKey");
        assert_eq!(keys.stream_keys(), std::slice::from_ref(key));
        assert_eq!(keys.errors().len(), 1);
        assert_eq!(keys.errors()[0].arn(), Some(MISSING_STREAM_KEY));

        // ListStreamKeys
        let listed_keys = client.list_stream_keys().channel_arn(&arn).send().await.expect("ListStreamKeys");
        called.push("ListStreamKeys");
        assert_eq!(listed_keys.stream_keys().len(), 1);
        assert_eq!(listed_keys.stream_keys()[0].arn(), Some(key_arn.as_str()));

        // DeleteStreamKey, then CreateStreamKey (a channel may have only one key).
        client.delete_stream_key().arn(&key_arn).send().await.expect("DeleteStreamKey");
        called.push("DeleteStreamKey");
        assert!(server.service().stream_key(&key_arn).is_none());
        let new_key =
            client.create_stream_key().channel_arn(&arn).tags("k", "v").send().await.expect("CreateStreamKey");
        called.push("CreateStreamKey");
        let new_key = new_key.stream_key().expect("stream key");
        assert_eq!(new_key.channel_arn(), Some(arn.as_str()));
        assert_ne!(new_key.arn(), Some(key_arn.as_str()));
        assert!(new_key.value().is_some_and(|v| v.starts_with("sk_us-west-2_")));

        // TagResource, ListTagsForResource, UntagResource
        client
            .tag_resource()
            .resource_arn(&arn)
            .tags("env", "prod")
            .tags("cost center", "a/b")
            .send()
            .await
            .expect("TagResource");
        called.push("TagResource");
        let tags = client.list_tags_for_resource().resource_arn(&arn).send().await.expect("ListTagsForResource");
        called.push("ListTagsForResource");
        let expected: HashMap<String, String> = [("team", "video"), ("env", "prod"), ("cost center", "a/b")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        assert_eq!(tags.tags(), &expected);
        client
            .untag_resource()
            .resource_arn(&arn)
            .tag_keys("env")
            .tag_keys("cost center")
            .send()
            .await
            .expect("UntagResource");
        called.push("UntagResource");
        let tags = server.service().channel(&arn).expect("stored").tags;
        assert_eq!(tags.keys().collect::<Vec<_>>(), vec!["team"]);

        // The live-stream operations.
        assert!(server.service().set_live(&arn));
        assert!(server.service().set_stream_stats(&arn, "STARVING", 42));
        let stream = client.get_stream().channel_arn(&arn).send().await.expect("GetStream");
        called.push("GetStream");
        let stream = stream.stream().expect("stream");
        assert_eq!(stream.channel_arn(), Some(arn.as_str()));
        assert_eq!(stream.state(), Some(&StreamState::StreamLive));
        assert_eq!(stream.health(), Some(&StreamHealth::Starving));
        assert_eq!(stream.viewer_count(), 42);
        assert_eq!(stream.start_time().map(|t| t.secs()), Some(fake_ivs::service::FIRST_STREAM_START));

        let streams = client.list_streams().send().await.expect("ListStreams");
        called.push("ListStreams");
        assert_eq!(streams.streams().len(), 1);
        assert_eq!(streams.streams()[0].channel_arn(), Some(arn.as_str()));
        assert_eq!(streams.streams()[0].viewer_count(), 42);

        client.put_metadata().channel_arn(&arn).metadata("{\"cue\": 1}").send().await.expect("PutMetadata");
        called.push("PutMetadata");
        assert_eq!(server.service().channel(&arn).expect("stored").metadata, vec!["{\"cue\": 1}".to_owned()]);

        client.stop_stream().channel_arn(&arn).send().await.expect("StopStream");
        called.push("StopStream");
        assert!(server.service().channel(&arn).expect("stored").live.is_none());

        // DeleteChannel
        client.delete_channel().arn(&arn).send().await.expect("DeleteChannel");
        called.push("DeleteChannel");
        assert!(server.service().channels().is_empty());
        assert!(server.service().stream_keys().is_empty());

        called.sort_unstable();
        let mut all = ivs_tests::OPERATIONS.to_vec();
        all.sort_unstable();
        assert_eq!(called, all, "every one of the 18 operations, once each");
        // Each call was one request, answered with success.
        let log = server.request_log();
        assert_eq!(log.len(), 18, "{log:?}");
        assert!(log.iter().all(|r| (200..300).contains(&r.status) && r.fault.is_none()), "{log:?}");
        assert_eq!(server.requests_seen(), 18);
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// Modeled errors come back as their typed variants.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn not_found_errors_are_typed_with_their_messages() {
    within(async {
        let server = start().await;
        let client = client(&server);

        let err = client.get_channel().arn(MISSING_CHANNEL).send().await.expect_err("missing channel");
        assert_eq!(err.attempts(), 1);
        assert!(err.raw_response().is_some_and(|r| r.status() == 404));
        let shown = err.to_string();
        match err.into_service_error() {
            ivs::operation::get_channel::GetChannelError::ResourceNotFoundException(e) => {
                assert_eq!(e.exception_message(), Some(format!("Channel {MISSING_CHANNEL} does not exist").as_str()));
                assert_eq!(e.code(), Some("ResourceNotFoundException"));
                assert!(e.request_id().is_some_and(|id| !id.is_empty()));
            }
            other => panic!("expected ResourceNotFoundException, got {other:?}"),
        }
        assert!(
            shown.starts_with(&format!(
                "service error: ResourceNotFoundException: Channel {MISSING_CHANNEL} does not exist (request id: "
            )),
            "{shown}"
        );

        let err = client.get_stream_key().arn(MISSING_STREAM_KEY).send().await.expect_err("missing key");
        assert!(err.into_service_error().is_resource_not_found_exception());
        let err = client.delete_stream_key().arn(MISSING_STREAM_KEY).send().await.expect_err("missing key");
        assert!(err.into_service_error().is_resource_not_found_exception());
        let err = client.delete_channel().arn(MISSING_CHANNEL).send().await.expect_err("missing channel");
        assert!(err.into_service_error().is_resource_not_found_exception());
        let err = client.update_channel().arn(MISSING_CHANNEL).name("x").send().await.expect_err("missing channel");
        assert!(err.into_service_error().is_resource_not_found_exception());
        let err = client.get_stream().channel_arn(MISSING_CHANNEL).send().await.expect_err("missing channel");
        assert!(err.into_service_error().is_resource_not_found_exception());
        let err = client.stop_stream().channel_arn(MISSING_CHANNEL).send().await.expect_err("missing channel");
        assert!(err.into_service_error().is_resource_not_found_exception());
        let err = client.put_metadata().channel_arn(MISSING_CHANNEL).metadata("x").send().await.expect_err("missing");
        assert!(err.into_service_error().is_resource_not_found_exception());
        let err = client.create_stream_key().channel_arn(MISSING_CHANNEL).send().await.expect_err("missing channel");
        assert!(err.into_service_error().is_resource_not_found_exception());
        let err = client.list_stream_keys().channel_arn(MISSING_CHANNEL).send().await.expect_err("missing channel");
        assert!(err.into_service_error().is_resource_not_found_exception());
        let err = client.list_tags_for_resource().resource_arn(MISSING_CHANNEL).send().await.expect_err("missing");
        assert!(err.into_service_error().is_resource_not_found_exception());
        let err = client.tag_resource().resource_arn(MISSING_CHANNEL).tags("a", "b").send().await.expect_err("missing");
        assert!(err.into_service_error().is_resource_not_found_exception());
        let err =
            client.untag_resource().resource_arn(MISSING_STREAM_KEY).tag_keys("a").send().await.expect_err("missing");
        assert!(err.into_service_error().is_resource_not_found_exception());
        // 13 calls, 13 requests: a 404 is never retried.
        assert_eq!(server.requests_seen(), 13);
    })
    .await
}

#[tokio::test]
async fn validation_errors_are_typed_and_not_retried() {
    within(async {
        let server = start().await;
        let client = client(&server);
        let (arn, _, _) = create_channel(&client, "valid").await;
        let before = server.requests_seen();

        let err = client.list_channels().next_token("bogus").send().await.expect_err("bad token");
        assert_eq!(err.attempts(), 1);
        match err.into_service_error() {
            ivs::operation::list_channels::ListChannelsError::ValidationException(e) => {
                assert_eq!(e.exception_message(), Some("nextToken \"bogus\" is not valid"));
            }
            other => panic!("expected ValidationException, got {other:?}"),
        }
        assert_eq!(server.requests_seen() - before, 1, "a ValidationException is not retried");

        let err = client.list_streams().next_token("bogus").send().await.expect_err("bad token");
        assert!(err.into_service_error().is_validation_exception());
        let err = client.list_channels().max_results(0).send().await.expect_err("bad page size");
        assert!(err.into_service_error().is_validation_exception());
        let err = client.get_channel().arn("not-an-arn").send().await.expect_err("bad ARN");
        assert!(err.into_service_error().is_validation_exception());
        let err = client.create_channel().name("spaces are not allowed").send().await.expect_err("bad name");
        let err = err.into_service_error();
        assert!(err.is_validation_exception(), "{err:?}");
        assert!(err.message().is_some_and(|m| m.contains("name")), "{err}");
        let err = client.batch_get_channel().arns("not-an-arn").send().await.expect_err("bad ARN");
        assert!(err.into_service_error().is_validation_exception());
        let err = client.batch_get_stream_key().arns(&arn).send().await.expect_err("a channel ARN is no key ARN");
        assert!(err.into_service_error().is_validation_exception());

        // Tags over the limits.
        let mut tag = client.tag_resource().resource_arn(&arn);
        for i in 0..=fake_ivs::service::MAX_TAGS {
            tag = tag.tags(format!("k{i}"), "v");
        }
        let err = tag.send().await.expect_err("51 tags");
        match err.into_service_error() {
            ivs::operation::tag_resource::TagResourceError::ValidationException(e) => {
                assert_eq!(e.exception_message(), Some("A resource may have at most 50 tags"));
            }
            other => panic!("expected ValidationException, got {other:?}"),
        }
        let err = client.tag_resource().resource_arn(&arn).tags("k".repeat(129), "v").send().await.expect_err("long");
        assert!(err.into_service_error().is_validation_exception());
        let err = client.tag_resource().resource_arn(&arn).tags("aws:reserved", "v").send().await.expect_err("aws:");
        assert!(err.into_service_error().is_validation_exception());
        let err = client.create_channel().tags("k", "v".repeat(257)).send().await.expect_err("long value");
        assert!(err.into_service_error().is_validation_exception());

        // PutMetadata over 1 KB.
        assert!(server.service().set_live(&arn));
        let err = client.put_metadata().channel_arn(&arn).metadata("x".repeat(1025)).send().await.expect_err("1025 B");
        match err.into_service_error() {
            ivs::operation::put_metadata::PutMetadataError::ValidationException(e) => {
                assert_eq!(e.exception_message(), Some("metadata must be 1 to 1024 bytes long"));
            }
            other => panic!("expected ValidationException, got {other:?}"),
        }
        // 12 calls above, 12 requests: none was retried.
        assert_eq!(server.requests_seen() - before, 12);
        assert!(last_statuses(&server, 12).iter().all(|s| *s == 400));
        assert!(server.service().channel(&arn).expect("stored").tags.is_empty());
    })
    .await
}

#[tokio::test]
async fn stream_state_errors_are_typed() {
    within(async {
        let server = start().await;
        let client = client(&server);
        let (arn, _, _) = create_channel(&client, "offline").await;

        let err = client.get_stream().channel_arn(&arn).send().await.expect_err("offline");
        match err.into_service_error() {
            ivs::operation::get_stream::GetStreamError::ChannelNotBroadcasting(e) => {
                assert_eq!(e.exception_message(), Some(format!("Channel {arn} is not broadcasting").as_str()));
            }
            other => panic!("expected ChannelNotBroadcasting, got {other:?}"),
        }
        let err = client.stop_stream().channel_arn(&arn).send().await.expect_err("offline");
        assert!(err.into_service_error().is_channel_not_broadcasting());
        let err = client.put_metadata().channel_arn(&arn).metadata("x").send().await.expect_err("offline");
        assert!(err.into_service_error().is_channel_not_broadcasting());

        // Deleting a live channel is a conflict.
        assert!(server.service().set_live(&arn));
        let before = server.requests_seen();
        let err = client.delete_channel().arn(&arn).send().await.expect_err("live");
        assert_eq!(err.attempts(), 1);
        match err.into_service_error() {
            ivs::operation::delete_channel::DeleteChannelError::ConflictException(e) => {
                assert!(e.exception_message().is_some_and(|m| m.contains("is live")), "{e}");
            }
            other => panic!("expected ConflictException, got {other:?}"),
        }
        assert_eq!(server.requests_seen() - before, 1, "a ConflictException is not retried");
        assert!(server.service().channel(&arn).is_some());
        client.stop_stream().channel_arn(&arn).send().await.expect("stop");
        client.delete_channel().arn(&arn).send().await.expect("delete once stopped");
    })
    .await
}

#[tokio::test]
async fn quota_errors_are_typed_and_not_retried() {
    within(async {
        let server = FakeIvs::builder().channel_quota(1).start().await.expect("start");
        let client = client(&server);
        let (arn, _, _) = create_channel(&client, "only").await;

        // A second stream key for the same channel.
        let before = server.requests_seen();
        let err = client.create_stream_key().channel_arn(&arn).send().await.expect_err("second key");
        assert_eq!(err.attempts(), 1);
        assert!(err.raw_response().is_some_and(|r| r.status() == 402));
        match err.into_service_error() {
            ivs::operation::create_stream_key::CreateStreamKeyError::ServiceQuotaExceededException(e) => {
                assert!(e.exception_message().is_some_and(|m| m.contains("already has a stream key")), "{e}");
            }
            other => panic!("expected ServiceQuotaExceededException, got {other:?}"),
        }
        assert_eq!(server.requests_seen() - before, 1, "a 402 is not retried");

        // A second channel beyond the quota of 1.
        let err = client.create_channel().name("second").send().await.expect_err("over quota");
        assert_eq!(err.attempts(), 1);
        match err.into_service_error() {
            ivs::operation::create_channel::CreateChannelError::ServiceQuotaExceededException(e) => {
                assert_eq!(e.exception_message(), Some("The account may have at most 1 channels"));
            }
            other => panic!("expected ServiceQuotaExceededException, got {other:?}"),
        }
        assert_eq!(server.requests_seen() - before, 2);
        assert_eq!(server.service().channels().len(), 1);
    })
    .await
}

#[tokio::test]
async fn put_metadata_throttling_is_typed_and_retried_only_when_retries_are_on() {
    within(async {
        // A clock that stands still: all calls fall in the same second, however slow the machine.
        let clock = Clock::manual(SystemTime::now());
        let server = FakeIvs::builder().clock(clock.clone()).start().await.expect("start");
        let no_retries = client_with(config(&server.endpoint()).retry_config(RetryConfig::disabled()));
        let (arn, _, _) = create_channel(&no_retries, "cues").await;
        assert!(server.service().set_live(&arn));

        for i in 0..fake_ivs::service::MAX_METADATA_PER_WINDOW {
            no_retries.put_metadata().channel_arn(&arn).metadata(format!("cue {i}")).send().await.expect("within rate");
        }
        let before = server.requests_seen();
        let err = no_retries.put_metadata().channel_arn(&arn).metadata("cue 6").send().await.expect_err("6th");
        assert_eq!(err.attempts(), 1);
        assert!(err.raw_response().is_some_and(|r| r.status() == 429));
        match err.into_service_error() {
            ivs::operation::put_metadata::PutMetadataError::ThrottlingException(e) => {
                assert_eq!(
                    e.exception_message(),
                    Some(format!("Channel {arn} accepts at most 5 PutMetadata calls per second").as_str())
                );
            }
            other => panic!("expected ThrottlingException, got {other:?}"),
        }
        assert_eq!(server.requests_seen() - before, 1, "retries are disabled");

        // A client that retries tries 3 times, then gives the same typed error.
        let retrying = client(&server);
        let before = server.requests_seen();
        let err = retrying.put_metadata().channel_arn(&arn).metadata("cue 7").send().await.expect_err("still 6th");
        assert_eq!(err.attempts(), MAX_ATTEMPTS);
        assert_eq!(server.requests_seen() - before, MAX_ATTEMPTS as usize);
        assert!(err.to_string().ends_with("after 3 attempts)"), "{err}");
        assert!(err.into_service_error().is_throttling_exception());

        // Once the second has passed, it is accepted again.
        clock.advance(Duration::from_secs(1));
        retrying.put_metadata().channel_arn(&arn).metadata("cue 8").send().await.expect("a second later");
        assert_eq!(server.service().channel(&arn).expect("stored").metadata.len(), 6);
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// Pagination.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn paginators_walk_every_page() {
    within(async {
        let server = start().await;
        let client = client(&server);
        let mut names = Vec::new();
        for i in 0..7 {
            let name = format!("page-{i}");
            create_channel(&client, &name).await;
            names.push(name);
        }

        let before = server.requests_seen();
        let items =
            client.list_channels().into_paginator().page_size(2).items().send().try_collect().await.expect("items");
        let got: Vec<&str> = items.iter().map(|c| c.name().unwrap_or_default()).collect();
        assert_eq!(got, names);
        assert_eq!(server.requests_seen() - before, 4, "7 items at 2 a page are 4 pages");

        let pages = client.list_channels().into_paginator().page_size(2).send().try_collect().await.expect("pages");
        let sizes: Vec<usize> = pages.iter().map(|p| p.channels().len()).collect();
        assert_eq!(sizes, vec![2, 2, 2, 1]);
        assert!(pages[..3].iter().all(|p| p.next_token().is_some()));
        assert_eq!(pages[3].next_token(), None);

        // The requests carried the page size and the tokens the server handed out.
        let journal = server.service().journal();
        let bodies: Vec<_> =
            journal.iter().filter(|e| e.operation == "ListChannels").map(|e| e.request_body.clone()).take(4).collect();
        assert_eq!(
            bodies,
            vec![
                Some(serde_json::json!({"maxResults": 2})),
                Some(serde_json::json!({"maxResults": 2, "nextToken": "ch.2"})),
                Some(serde_json::json!({"maxResults": 2, "nextToken": "ch.4"})),
                Some(serde_json::json!({"maxResults": 2, "nextToken": "ch.6"})),
            ]
        );

        // A retried page does not break the walk.
        server.faults().throttle_next(1);
        let before = server.requests_seen();
        let items =
            client.list_channels().into_paginator().page_size(3).items().send().try_collect().await.expect("items");
        assert_eq!(items.len(), 7);
        assert_eq!(server.requests_seen() - before, 4, "3 pages and one retry");
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// Retries.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn throttled_twice_then_success_in_three_attempts() {
    within(async {
        let server = start().await;
        let client = client(&server);
        let (arn, _, _) = create_channel(&client, "retry").await;
        server.faults().throttle_next(2);
        let before = server.requests_seen();
        let got = client.get_channel().arn(&arn).send().await.expect("third attempt succeeds");
        assert_eq!(got.channel().and_then(|c| c.arn()), Some(arn.as_str()));
        assert_eq!(server.requests_seen() - before, 3);
        assert_eq!(last_faults(&server, 3), vec![Some(Fault::Throttle), Some(Fault::Throttle), None]);
        assert_eq!(last_statuses(&server, 3), vec![429, 429, 200]);
        assert_eq!(server.faults().pending(), 0);
    })
    .await
}

#[tokio::test]
async fn retries_number_their_attempts_in_amz_sdk_request() {
    // fake-ivs's request log has no headers, so a hand-written server records them.
    within(async {
        let throttled =
            raw::response(429, &[("x-amzn-ErrorType", "ThrottlingException")], r#"{"message":"slow down"}"#);
        let ok = raw::response(200, &[("Content-Type", "application/json")], r#"{"channels":[]}"#);
        let server = raw::serve(vec![throttled.clone(), throttled, ok]);
        let client = client_with(config(&server.endpoint));
        let listed = client.list_channels().send().await.expect("third attempt succeeds");
        assert!(listed.channels().is_empty());
        let requests = server.requests();
        assert_eq!(requests.len(), 3, "{requests:#?}");
        let header = |i: usize, name: &str| raw::header(&requests[i], name).unwrap_or_default();
        for (i, request) in requests.iter().enumerate() {
            assert_eq!(header(i, "amz-sdk-request"), format!("attempt={}; max=3", i + 1), "{request}");
            assert!(header(i, "authorization").starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), "{request}");
        }
        let id = header(0, "amz-sdk-invocation-id");
        assert_eq!(id.len(), 36, "{id}");
        assert!((1..3).all(|i| header(i, "amz-sdk-invocation-id") == id), "one invocation id for all attempts");
    })
    .await
}

#[tokio::test]
async fn a_500_storm_gives_up_after_the_configured_attempts() {
    within(async {
        let server = start().await;
        let client = client(&server);
        let (arn, _, _) = create_channel(&client, "storm").await;

        // ListChannels does not model InternalServerException: it comes back unhandled, with its code.
        server.faults().fail_next(10, 500);
        let before = server.requests_seen();
        let err = client.list_channels().send().await.expect_err("500 every time");
        assert_eq!(server.requests_seen() - before, MAX_ATTEMPTS as usize);
        assert_eq!(err.attempts(), MAX_ATTEMPTS);
        assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
        assert_eq!(err.code(), Some("InternalServerException"));
        let shown = err.to_string();
        assert!(
            shown.starts_with(
                "service error: InternalServerException: Unexpected error during processing of request. (request id: "
            ),
            "{shown}"
        );
        assert!(shown.ends_with("; after 3 attempts)"), "{shown}");
        let err = err.into_service_error();
        #[allow(deprecated)]
        let unhandled = matches!(err, ivs::operation::list_channels::ListChannelsError::Unhandled(_));
        assert!(unhandled, "{err:?}");
        assert_eq!(err.code(), Some("InternalServerException"));

        // TagResource models it: the typed variant, after the same 3 attempts.
        let err = client.tag_resource().resource_arn(&arn).tags("a", "b").send().await.expect_err("500 again");
        assert_eq!(err.attempts(), MAX_ATTEMPTS);
        assert!(err.to_string().contains("after 3 attempts"), "{err}");
        match err.into_service_error() {
            ivs::operation::tag_resource::TagResourceError::InternalServerException(e) => {
                assert_eq!(e.exception_message(), Some("Unexpected error during processing of request."));
            }
            other => panic!("expected InternalServerException, got {other:?}"),
        }
        assert_eq!(server.requests_seen() - before, 2 * MAX_ATTEMPTS as usize);

        // A larger budget makes more attempts; 503s are retried too.
        server.faults().clear();
        server.faults().fail_next(10, 503);
        let five = client_with(config(&server.endpoint()).retry_config(retries(5)));
        let before = server.requests_seen();
        let err = five.get_channel().arn(&arn).send().await.expect_err("503 every time");
        assert_eq!(err.attempts(), 5);
        assert_eq!(server.requests_seen() - before, 5);
        assert_eq!(err.code(), Some("ServiceUnavailableException"));
        assert!(err.to_string().ends_with("after 5 attempts)"), "{err}");
        assert_eq!(server.faults().pending(), 5);
    })
    .await
}

#[tokio::test]
async fn a_transient_failure_then_success_is_invisible() {
    within(async {
        let server = start().await;
        let client = client(&server);
        server.faults().fail_next(1, 500).fail_next(1, 502);
        let before = server.requests_seen();
        client.list_channels().send().await.expect("third attempt succeeds");
        assert_eq!(server.requests_seen() - before, 3);
        assert_eq!(last_statuses(&server, 3), vec![500, 502, 200]);
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// Timeouts.
// ---------------------------------------------------------------------------------------------

fn attempt_timeout(limit: Duration) -> TimeoutConfig {
    TimeoutConfig::builder().operation_attempt_timeout(limit).build()
}

#[tokio::test]
async fn a_slow_attempt_times_out_and_the_retry_succeeds() {
    within(async {
        let server = start().await;
        let client =
            client_with(config(&server.endpoint()).timeout_config(attempt_timeout(Duration::from_millis(100))));
        server.faults().delay_next(1, Duration::from_secs(2));
        let before = server.requests_seen();
        let listed = client.list_channels().send().await.expect("second attempt succeeds");
        assert!(listed.channels().is_empty());
        assert_eq!(server.requests_seen() - before, 2, "the slow attempt and the retry");
        // Only the retry was answered: the slow one is still waiting on its delay.
        assert_eq!(server.request_log().last().map(|r| (r.status, r.fault)), Some((200, None)));
    })
    .await
}

#[tokio::test]
async fn slow_attempts_every_time_are_a_timeout_error() {
    within(async {
        let server = start().await;
        let client =
            client_with(config(&server.endpoint()).timeout_config(attempt_timeout(Duration::from_millis(100))));
        server.faults().delay_next(MAX_ATTEMPTS as usize, Duration::from_secs(3));
        let before = server.requests_seen();
        let err = client.list_channels().send().await.expect_err("every attempt is slow");
        assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
        assert_eq!(err.attempts(), MAX_ATTEMPTS);
        assert_eq!(server.requests_seen() - before, MAX_ATTEMPTS as usize);
        assert_eq!(
            err.to_string(),
            "request timed out: timeout: the attempt did not complete within 100ms (after 3 attempts)"
        );
    })
    .await
}

#[tokio::test]
async fn the_operation_timeout_bounds_the_whole_operation() {
    within(async {
        let server = start().await;
        let timeouts = TimeoutConfig::builder().operation_timeout(Duration::from_millis(300)).build();
        let client = client_with(config(&server.endpoint()).timeout_config(timeouts));
        server.faults().delay_next(1, Duration::from_secs(5));
        let err = client.list_channels().send().await.expect_err("slower than the operation timeout");
        assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
        assert_eq!(err.to_string(), "request timed out: the operation did not complete within 300ms");
        assert_eq!(server.requests_seen(), 1, "the operation timeout is not retried");

        // With retries on slow attempts, the operation timeout still ends it.
        let timeouts = TimeoutConfig::builder()
            .operation_attempt_timeout(Duration::from_millis(100))
            .operation_timeout(Duration::from_millis(250))
            .build();
        let client = client_with(config(&server.endpoint()).retry_config(retries(100)).timeout_config(timeouts));
        server.faults().delay_next(100, Duration::from_secs(5));
        let err = client.list_channels().send().await.expect_err("the operation times out");
        assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
        // How many attempts fit in 250 ms depends on the machine; the error says how many were made.
        assert!(err.attempts() >= 2, "{err}");
        assert_eq!(
            err.to_string(),
            format!(
                "request timed out: the operation did not complete within 250ms (after {} attempts)",
                err.attempts()
            )
        );
        assert!(server.requests_seen() < 100, "the operation timeout stopped the retries");
    })
    .await
}

#[tokio::test]
async fn a_server_that_accepts_but_never_answers_times_out() {
    within(async {
        // The kernel accepts the connections into the backlog; nobody ever reads them.
        let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let endpoint = format!("http://{}", silent.local_addr().expect("addr"));

        let client = client_with(config(&endpoint).timeout_config(attempt_timeout(Duration::from_millis(100))));
        let err = client.list_channels().send().await.expect_err("no answer");
        assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
        assert_eq!(err.attempts(), MAX_ATTEMPTS);
        assert_eq!(
            err.to_string(),
            "request timed out: timeout: the attempt did not complete within 100ms (after 3 attempts)"
        );

        let timeouts = TimeoutConfig::builder().operation_timeout(Duration::from_millis(200)).build();
        let client = client_with(config(&endpoint).timeout_config(timeouts));
        let err = client.list_channels().send().await.expect_err("no answer");
        assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
        assert_eq!(err.to_string(), "request timed out: the operation did not complete within 200ms");
        drop(silent);
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// Broken connections and bad bodies.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_connection_dropped_mid_response_is_retried() {
    within(async {
        let server = start().await;
        let client = client(&server);
        let (arn, _, _) = create_channel(&client, "dropped").await;
        server.faults().drop_connection_next(1);
        let before = server.requests_seen();
        let got = client.get_channel().arn(&arn).send().await.expect("the retry succeeds");
        assert_eq!(got.channel().and_then(|c| c.name()), Some("dropped"));
        assert_eq!(server.requests_seen() - before, 2);
        assert_eq!(last_faults(&server, 2), vec![Some(Fault::DropConnection), None]);
    })
    .await
}

#[tokio::test]
async fn connections_dropped_on_every_attempt_are_a_dispatch_failure() {
    within(async {
        let server = start().await;
        let client = client(&server);
        server.faults().drop_connection_next(MAX_ATTEMPTS as usize);
        let before = server.requests_seen();
        let err = client.list_channels().send().await.expect_err("dropped every time");
        assert_eq!(server.requests_seen() - before, MAX_ATTEMPTS as usize);
        match &err {
            SdkError::DispatchFailure(failure) => {
                assert_eq!(failure.as_connector_error().kind(), aws_client_runtime::transport::ConnectorErrorKind::Io);
            }
            other => panic!("expected DispatchFailure, got {other:?}"),
        }
        assert_eq!(err.attempts(), MAX_ATTEMPTS);
        let shown = err.to_string();
        assert!(shown.starts_with("dispatch failure: connection error: "), "{shown}");
        assert!(shown.ends_with(" (after 3 attempts)"), "{shown}");
    })
    .await
}

#[tokio::test]
async fn a_truncated_body_is_retried_and_then_a_dispatch_failure() {
    within(async {
        let server = start().await;
        let client = client(&server);
        let (arn, _, _) = create_channel(&client, "truncated").await;

        server.faults().truncate_body_next(1);
        let before = server.requests_seen();
        let got = client.get_channel().arn(&arn).send().await.expect("the retry succeeds");
        assert_eq!(got.channel().and_then(|c| c.name()), Some("truncated"));
        assert_eq!(server.requests_seen() - before, 2);
        assert_eq!(last_faults(&server, 2), vec![Some(Fault::TruncateBody), None]);

        server.faults().truncate_body_next(MAX_ATTEMPTS as usize);
        let before = server.requests_seen();
        let err = client.get_channel().arn(&arn).send().await.expect_err("truncated every time");
        assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
        assert_eq!(err.attempts(), MAX_ATTEMPTS);
        assert_eq!(server.requests_seen() - before, MAX_ATTEMPTS as usize);
        assert!(err.to_string().starts_with("dispatch failure: connection error: "), "{err}");
    })
    .await
}

#[tokio::test]
async fn a_malformed_200_body_is_a_response_error_and_not_retried() {
    within(async {
        let server = start().await;
        let client = client(&server);
        let (arn, _, _) = create_channel(&client, "malformed").await;
        server.faults().malformed_body_next(1);
        let before = server.requests_seen();
        let err = client.get_channel().arn(&arn).send().await.expect_err("not JSON");
        assert_eq!(server.requests_seen() - before, 1, "a malformed body is not retried");
        match &err {
            SdkError::ResponseError(e) => {
                assert_eq!(e.raw().status(), 200);
                assert_eq!(e.raw().body().as_ref(), b"{\"channel\": ");
            }
            other => panic!("expected ResponseError, got {other:?}"),
        }
        assert_eq!(err.attempts(), 1);
        assert!(err.to_string().starts_with("response could not be read: "), "{err}");
        assert_eq!(err.code(), None);
        // The next call is unaffected.
        client.get_channel().arn(&arn).send().await.expect("next call");

        // The same for a list; an operation whose output has no members does not read the body
        // (as the official SDK): a 200 is a success whatever it carries.
        server.faults().malformed_body_next(2);
        let err = client.list_channels().send().await.expect_err("not JSON");
        assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
        assert!(server.service().channel(&arn).is_some_and(|c| c.live.is_none()));
        client.stop_stream().channel_arn(&arn).send().await.expect("a 200 for StopStream, whatever its body");
        assert_eq!(server.faults().pending(), 0);
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// Signatures.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_wrong_secret_is_one_typed_invalid_signature_error() {
    within(async {
        let server = start().await;
        let wrong = client_with(config(&server.endpoint()).credentials_provider(Credentials::new(
            ACCESS_KEY,
            "not-the-secret",
            None,
            None,
            "wrong",
        )));
        let err = wrong.list_channels().send().await.expect_err("bad signature");
        assert_eq!(server.requests_seen(), 1, "a signature error is not retried");
        assert_eq!(err.attempts(), 1);
        assert!(err.raw_response().is_some_and(|r| r.status() == 403));
        assert_eq!(err.code(), Some("InvalidSignatureException"));
        assert_eq!(err.message(), Some(fake_ivs::server::SIGNATURE_MISMATCH_MESSAGE));
        let shown = err.to_string();
        assert!(
            shown.starts_with(
                "service error: InvalidSignatureException: The request signature we calculated does not match"
            ),
            "{shown}"
        );
        assert!(!shown.contains("not-the-secret") && !format!("{err:?}").contains("not-the-secret"));
        let err = err.into_service_error();
        #[allow(deprecated)]
        let unhandled = matches!(err, ivs::operation::list_channels::ListChannelsError::Unhandled(_));
        assert!(unhandled, "{err:?}");
        assert_eq!(err.code(), Some("InvalidSignatureException"));

        // An unknown access key.
        let unknown = client_with(config(&server.endpoint()).credentials_provider(Credentials::new(
            "AKIDUNKNOWN",
            SECRET_KEY,
            None,
            None,
            "unknown",
        )));
        let err = unknown.list_channels().send().await.expect_err("unknown key");
        assert_eq!(err.code(), Some("UnrecognizedClientException"));
        assert_eq!(err.attempts(), 1);
        assert_eq!(server.requests_seen(), 2);
        assert!(server.service().journal().is_empty(), "the service never saw an unauthenticated request");
    })
    .await
}

#[tokio::test]
async fn session_credentials_are_signed_and_checked() {
    within(async {
        let server =
            FakeIvs::builder().session_credentials(ACCESS_KEY, SECRET_KEY, SESSION_TOKEN).start().await.expect("start");
        let with_token = client_with(config(&server.endpoint()).credentials_provider(Credentials::new(
            ACCESS_KEY,
            SECRET_KEY,
            Some(SESSION_TOKEN.to_owned()),
            None,
            "session",
        )));
        with_token.list_channels().send().await.expect("the right token");

        let without = client(&server);
        let err = without.list_channels().send().await.expect_err("no token");
        assert_eq!(err.code(), Some("UnrecognizedClientException"));
        assert_eq!(err.attempts(), 1);
        assert_eq!(server.requests_seen(), 2);
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// Redaction.
// ---------------------------------------------------------------------------------------------

/// A `tracing` writer that keeps everything written to it.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }
}

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn assert_hidden(text: &str, secrets: &[&str], what: &str) {
    for secret in secrets {
        assert!(!text.contains(secret), "{what} shows the secret {secret:?}:\n{text}");
    }
}

/// A subscriber that writes every event and span (at TRACE and above) into `capture`.
fn capturing_subscriber(capture: &Capture) -> impl tracing::Subscriber + Send + Sync {
    let writer = capture.clone();
    tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(
            tracing_subscriber::fmt::format::FmtSpan::NEW | tracing_subscriber::fmt::format::FmtSpan::CLOSE,
        )
        .finish()
}

fn session_client(server: &RunningServer) -> ivs::Client {
    client_with(config(&server.endpoint()).credentials_provider(Credentials::new(
        ACCESS_KEY,
        SECRET_KEY,
        Some(SESSION_TOKEN.to_owned()),
        None,
        "session",
    )))
}

/// Calls that put a stream key value in responses, retry, and fail, checking the Debug and
/// Display of everything they return.
async fn redaction_scenario(server: &RunningServer) {
    let client = session_client(server);
    let created = client.create_channel().name("secret").send().await.expect("CreateChannel");
    let key = created.stream_key().expect("stream key").clone();
    let value = key.value().expect("value").to_owned();
    assert!(value.starts_with("sk_us-west-2_") && value.len() > 20, "{value}");
    let arn = created.channel().and_then(|c| c.arn()).expect("arn").to_owned();
    let secrets = [value.as_str(), SECRET_KEY, SESSION_TOKEN];

    assert_hidden(&format!("{created:?}"), &secrets, "CreateChannelOutput's Debug");
    assert_hidden(&format!("{created:#?}"), &secrets, "CreateChannelOutput's pretty Debug");
    assert_hidden(&format!("{key:?}"), &secrets, "StreamKey's Debug");
    assert!(format!("{key:?}").contains(aws_client_runtime::sensitive::REDACTED), "{key:?}");
    let key_builder = ivs::types::StreamKey::builder().value(value.clone());
    assert_hidden(&format!("{key_builder:?}"), &secrets, "StreamKeyBuilder's Debug");

    // With a retry in the way, so that the traces show attempts too.
    server.faults().throttle_next(1);
    let got = client.get_stream_key().arn(key.arn().expect("key arn")).send().await.expect("GetStreamKey");
    assert_eq!(got.stream_key().and_then(|k| k.value()), Some(value.as_str()));
    assert_hidden(&format!("{got:?}"), &secrets, "GetStreamKeyOutput's Debug");
    let batch = client.batch_get_stream_key().arns(key.arn().expect("key arn")).send().await.expect("batch");
    assert_hidden(&format!("{batch:?}"), &secrets, "BatchGetStreamKeyOutput's Debug");

    // Errors about the channel and its key.
    let err = client.create_stream_key().channel_arn(&arn).send().await.expect_err("second key");
    assert_hidden(&format!("{err:?} {err}"), &secrets, "SdkError");
    let err = err.into_service_error();
    assert_hidden(&format!("{err:?} {err}"), &secrets, "CreateStreamKeyError");
    server.faults().fail_next(3, 500);
    let err = client.get_stream_key().arn(key.arn().expect("key arn")).send().await.expect_err("500s");
    assert_hidden(&format!("{err:?} {err}"), &secrets, "SdkError after retries");

    // The client and its configuration.
    assert_hidden(&format!("{client:?}"), &secrets, "Client's Debug");
    assert_hidden(&format!("{:?}", client.config()), &secrets, "Config's Debug");
}

/// The traces of [`redaction_scenario`] show its operations and attempts, and no secret.
fn assert_clean_traces(traces: &str) {
    assert!(traces.contains("operation{"), "no operation span in the traces:\n{traces}");
    assert!(traces.contains("operation=\"CreateChannel\""), "{traces}");
    assert!(traces.contains("operation=\"GetStreamKey\""), "{traces}");
    assert!(traces.contains("attempt{attempt=2"), "no second attempt span:\n{traces}");
    assert!(traces.contains("retrying"), "{traces}");
    // TRACE events were captured: aws-sigv4's canonical requests, the token header redacted.
    assert!(traces.contains("x-amz-security-token:** redacted"), "{traces}");
    assert_hidden(traces, &[SECRET_KEY, SESSION_TOKEN], "the traces");
    // The stream key value was in response bodies; it must not reach the traces.
    assert!(!traces.contains("sk_us-west-2_"), "the traces show a stream key value:\n{traces}");
}

#[test]
fn the_clients_debug_display_and_traces_never_show_secrets() {
    // The server runs on a runtime of its own, on other threads, where no subscriber listens:
    // the capture holds what the client side (client, runtime, hyper, aws-sigv4) emits.
    let server_runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("server runtime");
    let server = server_runtime
        .block_on(FakeIvs::builder().session_credentials(ACCESS_KEY, SECRET_KEY, SESSION_TOKEN).start())
        .expect("start");

    let capture = Capture::default();
    // A thread-local default: the client's current-thread runtime polls every one of its tasks
    // on this thread, so the runtime's `operation` and `attempt` spans reach this subscriber.
    let guard = tracing::subscriber::set_default(capturing_subscriber(&capture));
    let client_runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("client runtime");
    client_runtime.block_on(within(redaction_scenario(&server)));
    drop(client_runtime);
    drop(guard);
    drop(server);
    server_runtime.shutdown_background();

    assert_clean_traces(&capture.text());
}

#[tokio::test(flavor = "current_thread")]
async fn traces_of_client_and_server_on_one_thread_never_show_secrets() {
    let capture = Capture::default();
    // The runtime's spans are entered on this thread: a current-thread runtime runs every task
    // (the client's, hyper's and the server's) here, where this default subscriber applies.
    let guard = tracing::subscriber::set_default(capturing_subscriber(&capture));
    within(async {
        let server =
            FakeIvs::builder().session_credentials(ACCESS_KEY, SECRET_KEY, SESSION_TOKEN).start().await.expect("start");
        redaction_scenario(&server).await;
    })
    .await;
    drop(guard);
    assert_clean_traces(&capture.text());
}

#[tokio::test]
async fn a_response_error_never_shows_the_stream_key_in_its_body() {
    within(async {
        let secret = "sk_us-west-2_ThisValueMustNeverBeShown";
        // `arn` has the wrong type, so the body cannot be read, but it carries a key value.
        let body = format!(r#"{{"streamKey":{{"arn":5,"value":"{secret}"}}}}"#);
        let server = raw::serve(vec![raw::response(200, &[("Content-Type", "application/json")], &body)]);
        let client = client_with(config(&server.endpoint));
        let err = client.get_stream_key().arn(MISSING_STREAM_KEY).send().await.expect_err("unreadable body");
        assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
        assert_hidden(&err.to_string(), &[secret], "ResponseError's Display");
        assert_hidden(&format!("{err:?}"), &[secret], "ResponseError's Debug");
    })
    .await
}

/// A tiny hand-written HTTP/1.1 server on loopback that answers from a script and records the
/// heads of the requests it read, for what fake-ivs cannot do.
mod raw {
    use std::collections::VecDeque;
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    type Script = Arc<Mutex<VecDeque<Vec<u8>>>>;
    type Log = Arc<Mutex<Vec<String>>>;

    pub struct RawServer {
        pub endpoint: String,
        log: Log,
    }

    impl RawServer {
        /// The heads (request line and headers) of every request read so far.
        pub fn requests(&self) -> Vec<String> {
            self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
        }
    }

    /// Serves `script`, one answer per request in order; a 500 once it runs out.
    pub fn serve(script: Vec<Vec<u8>>) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let endpoint = format!("http://{}", listener.local_addr().expect("addr"));
        let script: Script = Arc::new(Mutex::new(script.into()));
        let log: Log = Arc::default();
        let server_log = log.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (script, log) = (script.clone(), server_log.clone());
                std::thread::spawn(move || connection(stream, script, log));
            }
        });
        RawServer { endpoint, log }
    }

    fn connection(stream: TcpStream, script: Script, log: Log) {
        let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
        let Ok(read_half) = stream.try_clone() else { return };
        let mut reader = BufReader::new(read_half);
        let mut writer = stream;
        while let Some(head) = read_request(&mut reader) {
            log.lock().unwrap_or_else(|e| e.into_inner()).push(head);
            let answer = script
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .pop_front()
                .unwrap_or_else(|| response(500, &[], "{\"message\":\"the script ran out\"}"));
            if writer.write_all(&answer).and_then(|()| writer.flush()).is_err() {
                return;
            }
        }
    }

    fn read_request(reader: &mut BufReader<TcpStream>) -> Option<String> {
        let mut head = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).ok()? == 0 {
                return None;
            }
            if line == "\r\n" {
                break;
            }
            head.push_str(&line);
        }
        let length = header(&head, "content-length").and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
        let mut body = vec![0; length];
        reader.read_exact(&mut body).ok()?;
        Some(head)
    }

    /// The value of header `name` in a request head, if present.
    pub fn header(head: &str, name: &str) -> Option<String> {
        head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim().eq_ignore_ascii_case(name).then(|| value.trim().to_owned())
        })
    }

    /// A whole HTTP/1.1 answer with a `Content-Length`.
    pub fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {status} Status\r\ncontent-length: {}\r\n", body.len());
        for (name, value) in headers {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
        out.push_str("\r\n");
        out.push_str(body);
        out.into_bytes()
    }
}
