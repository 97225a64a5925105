//! The generated client against the in-memory IVS, end to end: the service's semantics come
//! back through the client's outputs and errors.

use ivs::error::ProvideErrorMetadata;
use ivs::operation::RequestId;
use ivs::types::{ChannelLatencyMode, ChannelType, StreamHealth, StreamState};
use ivs_tests::in_memory_client;

const MISSING_CHANNEL: &str = "arn:aws:ivs:us-west-2:123456789012:channel/doesNotExist";

#[tokio::test]
async fn channel_lifecycle() {
    let (service, client) = in_memory_client();
    let created = client
        .create_channel()
        .name("lifecycle")
        .latency_mode(ChannelLatencyMode::NormalLatency)
        .r#type(ChannelType::BasicChannelType)
        .tags("team", "video")
        .send()
        .await
        .expect("create");
    assert!(created.request_id().is_some_and(|id| !id.is_empty()));
    let channel = created.channel().expect("channel");
    let arn = channel.arn().expect("arn").to_owned();
    assert!(arn.starts_with("arn:aws:ivs:us-west-2:123456789012:channel/"), "{arn}");
    assert_eq!(channel.name(), Some("lifecycle"));
    assert_eq!(channel.latency_mode(), Some(&ChannelLatencyMode::NormalLatency));
    assert_eq!(channel.r#type(), Some(&ChannelType::BasicChannelType));
    assert!(channel.playback_url().is_some_and(|u| u.ends_with(".m3u8")));
    let key = created.stream_key().expect("stream key");
    assert_eq!(key.channel_arn(), Some(arn.as_str()));
    assert!(key.value().is_some_and(|v| v.starts_with("sk_us-west-2_") && v.len() > "sk_us-west-2_".len()));

    let record = service.channel(&arn).expect("stored");
    assert_eq!(record.tags.get("team").map(String::as_str), Some("video"));

    let got = client.get_channel().arn(&arn).send().await.expect("get");
    assert_eq!(got.channel(), Some(channel));

    let updated = client
        .update_channel()
        .arn(&arn)
        .name("renamed")
        .latency_mode(ChannelLatencyMode::LowLatency)
        .send()
        .await
        .expect("update");
    let updated = updated.channel().expect("channel");
    assert_eq!(updated.name(), Some("renamed"));
    assert_eq!(updated.latency_mode(), Some(&ChannelLatencyMode::LowLatency));
    assert_eq!(updated.r#type(), Some(&ChannelType::BasicChannelType));
    assert_eq!(service.channel(&arn).expect("stored").name, "renamed");

    client.delete_channel().arn(&arn).send().await.expect("delete");
    assert!(service.channels().is_empty());
    assert!(service.stream_keys().is_empty());
    let err = client.delete_channel().arn(&arn).send().await.expect_err("already deleted");
    assert!(err.into_service_error().is_resource_not_found_exception());
}

#[tokio::test]
async fn defaults_and_validation() {
    let (_, client) = in_memory_client();
    let created = client.create_channel().send().await.expect("no members");
    let channel = created.channel().expect("channel");
    assert_eq!(channel.name(), Some(""));
    assert_eq!(channel.latency_mode(), Some(&ChannelLatencyMode::LowLatency));
    assert_eq!(channel.r#type(), Some(&ChannelType::StandardChannelType));

    let err = client.create_channel().name("spaces are not allowed").send().await.expect_err("bad name");
    let err = err.into_service_error();
    assert!(err.is_validation_exception(), "{err:?}");
    assert!(err.message().is_some_and(|m| m.contains("name")), "{err}");

    let err = client.update_channel().arn("not-an-arn").send().await.expect_err("bad ARN");
    assert!(err.into_service_error().is_validation_exception());
}

#[tokio::test]
async fn unknown_arns_are_not_found_with_a_message() {
    let (_, client) = in_memory_client();
    let err = client.get_channel().arn(MISSING_CHANNEL).send().await.expect_err("missing");
    let request_id = err
        .raw_response()
        .and_then(|r| r.headers().get("x-amzn-requestid"))
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    assert!(request_id.is_some());
    let err = err.into_service_error();
    assert!(err.is_resource_not_found_exception(), "{err:?}");
    assert!(err.message().is_some_and(|m| m.contains(MISSING_CHANNEL)), "{err}");
    assert_eq!(err.request_id(), request_id.as_deref());
}

#[tokio::test]
async fn batch_get_reports_unknown_arns() {
    let (service, client) = in_memory_client();
    let a = service.seed_channel("a", &[]);
    let b = service.seed_channel("b", &[]);
    let out = client.batch_get_channel().arns(&a).arns(MISSING_CHANNEL).arns(&b).send().await.expect("batch");
    let found: Vec<&str> = out.channels().iter().filter_map(|c| c.arn()).collect();
    assert_eq!(found, [a.as_str(), b.as_str()]);
    assert_eq!(out.errors().len(), 1);
    assert_eq!(out.errors()[0].arn(), Some(MISSING_CHANNEL));
    assert_eq!(out.errors()[0].code(), Some("ResourceNotFoundException"));

    let key = service.stream_keys()[0].clone();
    let missing_key = "arn:aws:ivs:us-west-2:123456789012:stream-key/nope";
    let out = client.batch_get_stream_key().arns(&key.arn).arns(missing_key).send().await.expect("batch keys");
    assert_eq!(out.stream_keys().len(), 1);
    assert_eq!(out.stream_keys()[0].value(), Some(key.value.as_str()));
    assert_eq!(out.errors().len(), 1);
    assert_eq!(out.errors()[0].arn(), Some(missing_key));
}

#[tokio::test]
async fn one_stream_key_per_channel() {
    let (service, client) = in_memory_client();
    let arn = service.seed_channel("keyed", &[]);
    let err = client.create_stream_key().channel_arn(&arn).send().await.expect_err("a second key");
    assert!(err.into_service_error().is_service_quota_exceeded_exception());

    let keys = client.list_stream_keys().channel_arn(&arn).send().await.expect("list keys");
    assert_eq!(keys.stream_keys().len(), 1);
    let key_arn = keys.stream_keys()[0].arn().expect("key ARN").to_owned();
    let got = client.get_stream_key().arn(&key_arn).send().await.expect("get key");
    assert_eq!(got.stream_key().and_then(|k| k.value()), service.stream_key(&key_arn).map(|k| k.value).as_deref());

    client.delete_stream_key().arn(&key_arn).send().await.expect("delete key");
    let created = client.create_stream_key().channel_arn(&arn).tags("rotated", "yes").send().await.expect("a new key");
    let key = created.stream_key().expect("key");
    assert_ne!(key.arn(), Some(key_arn.as_str()));
    assert_eq!(key.tags().and_then(|t| t.get("rotated")).map(String::as_str), Some("yes"));
    let err = client.get_stream_key().arn(&key_arn).send().await.expect_err("deleted key");
    assert!(err.into_service_error().is_resource_not_found_exception());
}

#[tokio::test]
async fn streams_metadata_and_stopping() {
    let (service, client) = in_memory_client();
    let arn = service.seed_channel("live", &[]);

    let err = client.get_stream().channel_arn(&arn).send().await.expect_err("offline");
    assert!(err.into_service_error().is_channel_not_broadcasting());
    let err = client.put_metadata().channel_arn(&arn).metadata("x").send().await.expect_err("offline");
    assert!(err.into_service_error().is_channel_not_broadcasting());
    let err = client.stop_stream().channel_arn(&arn).send().await.expect_err("offline");
    assert!(err.into_service_error().is_channel_not_broadcasting());

    assert!(service.set_live(&arn));
    assert!(service.set_stream_stats(&arn, "STARVING", 12));
    let out = client.get_stream().channel_arn(&arn).send().await.expect("live");
    let stream = out.stream().expect("stream");
    assert_eq!(stream.channel_arn(), Some(arn.as_str()));
    assert_eq!(stream.state(), Some(&StreamState::StreamLive));
    assert_eq!(stream.health(), Some(&StreamHealth::Starving));
    assert_eq!(stream.viewer_count(), 12);
    assert_eq!(stream.start_time().map(|t| t.secs()), Some(ivs_tests::in_memory_ivs::FIRST_STREAM_START));

    client.put_metadata().channel_arn(&arn).metadata("{\"score\":\"1-0\"}").send().await.expect("metadata");
    assert_eq!(service.channel(&arn).expect("channel").metadata, ["{\"score\":\"1-0\"}"]);

    let err = client.delete_channel().arn(&arn).send().await.expect_err("live channels cannot be deleted");
    assert!(err.into_service_error().is_conflict_exception());

    client.stop_stream().channel_arn(&arn).send().await.expect("stop");
    assert!(service.channel(&arn).expect("channel").live.is_none());
    let streams = client.list_streams().send().await.expect("list");
    assert!(streams.streams().is_empty());
}

#[tokio::test]
async fn tags_on_channels_and_stream_keys() {
    let (service, client) = in_memory_client();
    let arn = service.seed_channel("tagged", &[("a", "1")]);
    let key_arn = service.stream_keys()[0].arn.clone();

    for resource in [&arn, &key_arn] {
        client
            .tag_resource()
            .resource_arn(resource)
            .tags("cost center", "a/b")
            .tags("ü", "x&y=z")
            .send()
            .await
            .expect("tag");
        client.untag_resource().resource_arn(resource).tag_keys("a").send().await.expect("untag");
        let tags = client.list_tags_for_resource().resource_arn(resource).send().await.expect("list tags");
        let mut got: Vec<(&str, &str)> = tags.tags().iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        got.sort_unstable();
        assert_eq!(got, [("cost center", "a/b"), ("ü", "x&y=z")], "{resource}");
    }

    let err = client.list_tags_for_resource().resource_arn(MISSING_CHANNEL).send().await.expect_err("missing");
    assert!(err.into_service_error().is_resource_not_found_exception());
}
