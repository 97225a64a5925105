//! Responses become the right outputs and errors.
//!
//! Every operation's output is read from a realistic body; every modeled error of every
//! operation is recognised whichever way the service names it; and the edges of restJson1
//! (empty bodies, unknown fields and enum values, nulls, timestamps, missing required members,
//! bodies that are not JSON) behave as the official SDK's do. Sensitive values never reach
//! `Debug` output.

use ivs::error::{ProvideErrorMetadata, SdkError};
use ivs::operation::RequestId;
use ivs::types::{ChannelLatencyMode, ChannelType, StreamHealth, StreamState};
use ivs_tests::{
    call_operation, client, outcome, success_status, Outcome, Recorder, CHANNEL_ARN, CHANNEL_ARN_2, OPERATIONS,
    STREAM_KEY_ARN,
};
use serde_json::{json, Value};

const REQUEST_ID: &str = "c0ffee00-1111-4222-8333-444455556666";
const REDACTED: &str = "*** Sensitive Data Redacted ***";
const SECRET_KEY: &str = "sk_us-west-2_SECRETabcdEFGH0123456789";
const STREAM_KEY_ARN_2: &str = "arn:aws:ivs:us-west-2:123456789012:stream-key/m7N8O9P0q1R2";
const INGEST: &str = "a1b2c3d4e5f6.global-contribute.live-video.net";
const PLAYBACK: &str = "https://a1b2c3d4e5f6.us-west-2.playback.live-video.net/api/video/v1/us-west-2.123456789012.channel.abcdABCDefgh.m3u8";
/// 2020-07-15T17:42:31Z.
const START_SECS: i64 = 1_594_834_951;

fn channel_json() -> Value {
    json!({
        "arn": CHANNEL_ARN,
        "name": "my-channel",
        "latencyMode": "NORMAL",
        "type": "BASIC",
        "ingestEndpoint": INGEST,
        "playbackUrl": PLAYBACK,
        "tags": {"env": "test", "team": "video"},
    })
}

fn stream_key_json() -> Value {
    json!({
        "arn": STREAM_KEY_ARN,
        "value": SECRET_KEY,
        "channelArn": CHANNEL_ARN,
        "tags": {"rotation": "weekly"},
    })
}

/// A client whose every call is answered with `status` and the JSON `body`, carrying
/// [`REQUEST_ID`].
fn answering(status: u16, body: &Value) -> (Recorder, ivs::Client) {
    answering_raw(status, body.to_string())
}

fn answering_raw(status: u16, body: impl Into<bytes::Bytes>) -> (Recorder, ivs::Client) {
    let recorder =
        Recorder::always(status, &[("x-amzn-RequestId", REQUEST_ID), ("content-type", "application/json")], body);
    (recorder.clone(), client(recorder))
}

fn assert_channel(channel: &ivs::types::Channel) {
    assert_eq!(channel.arn(), Some(CHANNEL_ARN));
    assert_eq!(channel.name(), Some("my-channel"));
    assert_eq!(channel.latency_mode(), Some(&ChannelLatencyMode::NormalLatency));
    assert_eq!(channel.r#type(), Some(&ChannelType::BasicChannelType));
    assert_eq!(channel.ingest_endpoint(), Some(INGEST));
    assert_eq!(channel.playback_url(), Some(PLAYBACK));
    let tags = channel.tags().expect("channel tags");
    assert_eq!(tags.len(), 2);
    assert_eq!(tags.get("env").map(String::as_str), Some("test"));
    assert_eq!(tags.get("team").map(String::as_str), Some("video"));
}

fn assert_stream_key(key: &ivs::types::StreamKey) {
    assert_eq!(key.arn(), Some(STREAM_KEY_ARN));
    assert_eq!(key.value(), Some(SECRET_KEY));
    assert_eq!(key.channel_arn(), Some(CHANNEL_ARN));
    let tags = key.tags().expect("stream key tags");
    assert_eq!(tags.get("rotation").map(String::as_str), Some("weekly"));
    assert_eq!(tags.len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn batch_get_channel_output() {
    let (_, client) = answering(
        200,
        &json!({
            "channels": [channel_json(), {"arn": CHANNEL_ARN_2, "name": "second"}],
            "errors": [{
                "arn": "arn:aws:ivs:us-west-2:123456789012:channel/missing",
                "code": "ResourceNotFoundException",
                "message": "channel not found",
            }],
        }),
    );
    let out = client
        .batch_get_channel()
        .arns(CHANNEL_ARN)
        .arns(CHANNEL_ARN_2)
        .send()
        .await
        .expect("BatchGetChannel succeeds");
    assert_eq!(out.channels().len(), 2);
    assert_channel(&out.channels()[0]);
    assert_eq!(out.channels()[1].arn(), Some(CHANNEL_ARN_2));
    assert_eq!(out.channels()[1].name(), Some("second"));
    assert_eq!(out.channels()[1].latency_mode(), None);
    assert_eq!(out.errors().len(), 1);
    let error = &out.errors()[0];
    assert_eq!(error.arn(), Some("arn:aws:ivs:us-west-2:123456789012:channel/missing"));
    assert_eq!(error.code(), Some("ResourceNotFoundException"));
    assert_eq!(error.message(), Some("channel not found"));
    assert_eq!(out.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn batch_get_stream_key_output() {
    let (_, client) = answering(
        200,
        &json!({
            "streamKeys": [stream_key_json(), {"arn": STREAM_KEY_ARN_2, "channelArn": CHANNEL_ARN_2}],
            "errors": [{"arn": "arn:aws:ivs:us-west-2:123456789012:stream-key/gone", "code": "ResourceNotFoundException", "message": "no such key"}],
        }),
    );
    let out = client
        .batch_get_stream_key()
        .arns(STREAM_KEY_ARN)
        .arns(STREAM_KEY_ARN_2)
        .send()
        .await
        .expect("BatchGetStreamKey succeeds");
    assert_eq!(out.stream_keys().len(), 2);
    assert_stream_key(&out.stream_keys()[0]);
    assert_eq!(out.stream_keys()[1].arn(), Some(STREAM_KEY_ARN_2));
    assert_eq!(out.stream_keys()[1].value(), None);
    assert_eq!(out.stream_keys()[1].channel_arn(), Some(CHANNEL_ARN_2));
    assert_eq!(out.errors().len(), 1);
    assert_eq!(out.errors()[0].message(), Some("no such key"));
    assert_eq!(out.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn create_channel_output() {
    let (_, client) = answering(200, &json!({"channel": channel_json(), "streamKey": stream_key_json()}));
    let out = client.create_channel().name("my-channel").send().await.expect("CreateChannel succeeds");
    assert_channel(out.channel().expect("channel"));
    assert_stream_key(out.stream_key().expect("stream key"));
    assert_eq!(out.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn create_stream_key_output() {
    let (_, client) = answering(200, &json!({"streamKey": stream_key_json()}));
    let out = client.create_stream_key().channel_arn(CHANNEL_ARN).send().await.expect("CreateStreamKey succeeds");
    assert_stream_key(out.stream_key().expect("stream key"));
    assert_eq!(out.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn unit_outputs_from_204() {
    let (recorder, client) = answering_raw(204, "");
    let out = client.delete_channel().arn(CHANNEL_ARN).send().await.expect("DeleteChannel succeeds");
    assert_eq!(out.request_id(), Some(REQUEST_ID));
    let out = client.delete_stream_key().arn(STREAM_KEY_ARN).send().await.expect("DeleteStreamKey succeeds");
    assert_eq!(out.request_id(), Some(REQUEST_ID));
    let out =
        client.put_metadata().channel_arn(CHANNEL_ARN).metadata("hello").send().await.expect("PutMetadata succeeds");
    assert_eq!(out.request_id(), Some(REQUEST_ID));
    assert_eq!(recorder.count(), 3);
}

#[tokio::test]
async fn get_channel_output() {
    let (_, client) = answering(200, &json!({"channel": channel_json()}));
    let out = client.get_channel().arn(CHANNEL_ARN).send().await.expect("GetChannel succeeds");
    assert_channel(out.channel().expect("channel"));
    assert_eq!(out.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn get_stream_output_with_timestamp() {
    let (_, client) = answering(
        200,
        &json!({"stream": {
            "channelArn": CHANNEL_ARN,
            "playbackUrl": PLAYBACK,
            "startTime": "2020-07-15T17:42:31Z",
            "state": "LIVE",
            "health": "HEALTHY",
            "viewerCount": 42,
        }}),
    );
    let out = client.get_stream().channel_arn(CHANNEL_ARN).send().await.expect("GetStream succeeds");
    let stream = out.stream().expect("stream");
    assert_eq!(stream.channel_arn(), Some(CHANNEL_ARN));
    assert_eq!(stream.playback_url(), Some(PLAYBACK));
    let start = stream.start_time().expect("start time");
    assert_eq!(start.secs(), START_SECS);
    assert_eq!(start.subsec_nanos(), 0);
    assert_eq!(stream.state(), Some(&StreamState::StreamLive));
    assert_eq!(stream.health(), Some(&StreamHealth::StreamHealthy));
    assert_eq!(stream.viewer_count(), 42);
    assert_eq!(out.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn fractional_date_times_and_large_longs() {
    let (_, client) = answering(
        200,
        &json!({"stream": {"startTime": "2020-07-15T17:42:31.250Z", "viewerCount": 9007199254740993i64}}),
    );
    let out = client.get_stream().channel_arn(CHANNEL_ARN).send().await.expect("GetStream succeeds");
    let stream = out.stream().expect("stream");
    let start = stream.start_time().expect("start time");
    assert_eq!(start.secs(), START_SECS);
    assert_eq!(start.subsec_nanos(), 250_000_000);
    // A long keeps all 64 bits: 2^53 + 1 is not representable as an f64.
    assert_eq!(stream.viewer_count(), 9_007_199_254_740_993);
}

#[tokio::test]
async fn get_stream_key_output() {
    let (_, client) = answering(200, &json!({"streamKey": stream_key_json()}));
    let out = client.get_stream_key().arn(STREAM_KEY_ARN).send().await.expect("GetStreamKey succeeds");
    assert_stream_key(out.stream_key().expect("stream key"));
    assert_eq!(out.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn list_channels_output() {
    let (_, client) = answering(
        200,
        &json!({
            "channels": [
                {"arn": CHANNEL_ARN, "name": "one", "latencyMode": "LOW", "tags": {"a": "1"}},
                {"arn": CHANNEL_ARN_2, "name": "two", "latencyMode": "NORMAL", "tags": {}},
            ],
            "nextToken": "page-2-token",
        }),
    );
    let out = client.list_channels().send().await.expect("ListChannels succeeds");
    let channels = out.channels();
    assert_eq!(channels.len(), 2);
    assert_eq!(channels[0].arn(), Some(CHANNEL_ARN));
    assert_eq!(channels[0].name(), Some("one"));
    assert_eq!(channels[0].latency_mode(), Some(&ChannelLatencyMode::LowLatency));
    assert_eq!(channels[0].tags().and_then(|t| t.get("a")).map(String::as_str), Some("1"));
    assert_eq!(channels[1].name(), Some("two"));
    assert_eq!(channels[1].latency_mode(), Some(&ChannelLatencyMode::NormalLatency));
    assert_eq!(channels[1].tags().map(|t| t.len()), Some(0));
    assert_eq!(out.next_token(), Some("page-2-token"));
    assert_eq!(out.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn list_stream_keys_output() {
    let (_, client) = answering(
        200,
        &json!({
            "streamKeys": [{"arn": STREAM_KEY_ARN, "channelArn": CHANNEL_ARN, "tags": {"k": "v"}}],
            "nextToken": "more",
        }),
    );
    let out = client.list_stream_keys().channel_arn(CHANNEL_ARN).send().await.expect("ListStreamKeys succeeds");
    assert_eq!(out.stream_keys().len(), 1);
    let key = &out.stream_keys()[0];
    assert_eq!(key.arn(), Some(STREAM_KEY_ARN));
    assert_eq!(key.channel_arn(), Some(CHANNEL_ARN));
    assert_eq!(key.tags().and_then(|t| t.get("k")).map(String::as_str), Some("v"));
    assert_eq!(out.next_token(), Some("more"));
    assert_eq!(out.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn list_streams_output() {
    let (_, client) = answering(
        200,
        &json!({
            "streams": [
                {"channelArn": CHANNEL_ARN, "state": "LIVE", "health": "STARVING", "viewerCount": 7, "startTime": "2020-07-15T17:42:31Z"},
                {"channelArn": CHANNEL_ARN_2, "state": "OFFLINE", "health": "UNKNOWN"},
            ],
        }),
    );
    let out = client.list_streams().send().await.expect("ListStreams succeeds");
    let streams = out.streams();
    assert_eq!(streams.len(), 2);
    assert_eq!(streams[0].channel_arn(), Some(CHANNEL_ARN));
    assert_eq!(streams[0].state(), Some(&StreamState::StreamLive));
    assert_eq!(streams[0].health(), Some(&StreamHealth::Starving));
    assert_eq!(streams[0].viewer_count(), 7);
    assert_eq!(streams[0].start_time().map(|t| t.secs()), Some(START_SECS));
    assert_eq!(streams[1].state(), Some(&StreamState::StreamOffline));
    // The model's `UNKNOWN` health is a known value, not the catch-all for unknown ones.
    assert_eq!(streams[1].health(), Some(&StreamHealth::UnknownValue));
    assert_eq!(streams[1].viewer_count(), 0, "viewerCount defaults to 0");
    assert!(streams[1].start_time().is_none());
    assert_eq!(out.next_token(), None);
    assert_eq!(out.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn list_tags_for_resource_output() {
    let (recorder, client) =
        answering(200, &json!({"tags": {"env": "prod", "cost center": "a/b", "empty": ""}, "nextToken": "t2"}));
    let out = client
        .list_tags_for_resource()
        .resource_arn(CHANNEL_ARN)
        .max_results(3)
        .next_token("t1/+= &")
        .send()
        .await
        .expect("ListTagsForResource succeeds");
    let tags = out.tags();
    assert_eq!(tags.len(), 3);
    assert_eq!(tags.get("env").map(String::as_str), Some("prod"));
    assert_eq!(tags.get("cost center").map(String::as_str), Some("a/b"));
    assert_eq!(tags.get("empty").map(String::as_str), Some(""));
    assert_eq!(out.next_token(), Some("t2"));
    assert_eq!(out.request_id(), Some(REQUEST_ID));
    // nextToken and maxResults are query parameters of this GET.
    let sent = recorder.last().expect("one request");
    let query = ivs_tests::in_memory_ivs::parse_query(sent.uri.query().unwrap_or("")).expect("decodable query");
    assert!(query.contains(&("maxResults".to_owned(), "3".to_owned())), "{query:?}");
    assert!(query.contains(&("nextToken".to_owned(), "t1/+= &".to_owned())), "{query:?} (raw {:?})", sent.uri.query());
    assert!(sent.body.is_empty());
}

#[tokio::test]
async fn empty_struct_outputs() {
    let (recorder, client) = answering(200, &json!({}));
    let out = client.stop_stream().channel_arn(CHANNEL_ARN).send().await.expect("StopStream succeeds");
    assert_eq!(out.request_id(), Some(REQUEST_ID));
    let out =
        client.tag_resource().resource_arn(CHANNEL_ARN).tags("a", "b").send().await.expect("TagResource succeeds");
    assert_eq!(out.request_id(), Some(REQUEST_ID));
    let out =
        client.untag_resource().resource_arn(CHANNEL_ARN).tag_keys("a").send().await.expect("UntagResource succeeds");
    assert_eq!(out.request_id(), Some(REQUEST_ID));
    assert_eq!(recorder.count(), 3);
}

#[tokio::test]
async fn update_channel_output() {
    let (_, client) = answering(200, &json!({"channel": channel_json()}));
    let out = client
        .update_channel()
        .arn(CHANNEL_ARN)
        .latency_mode(ChannelLatencyMode::NormalLatency)
        .send()
        .await
        .expect("UpdateChannel succeeds");
    assert_channel(out.channel().expect("channel"));
    assert_eq!(out.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn every_operation_accepts_an_empty_success_body_and_keeps_the_request_id() {
    let mut failures = Vec::new();
    for operation in OPERATIONS {
        let request_id = format!("rid-{operation}");
        let recorder = Recorder::always(success_status(operation), &[("x-amzn-RequestId", request_id.as_str())], "");
        let got = call_operation(&client(recorder.clone()), operation).await;
        let expected = Outcome::Ok { request_id: Some(request_id.clone()) };
        if got != expected {
            failures.push(format!("{operation}: expected {expected:?}, got {got:?}"));
        }
        if recorder.count() != 1 {
            failures.push(format!("{operation}: expected 1 request, got {}", recorder.count()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn empty_bodies_give_default_outputs() {
    let (_, client) = answering_raw(200, "");
    let out = client.get_channel().arn(CHANNEL_ARN).send().await.unwrap();
    assert!(out.channel().is_none());
    let out = client.list_channels().send().await.unwrap();
    assert!(out.channels().is_empty());
    assert!(out.next_token().is_none());
    let out = client.batch_get_channel().arns(CHANNEL_ARN).send().await.unwrap();
    assert!(out.channels().is_empty());
    assert!(out.errors().is_empty());
    let out = client.create_channel().send().await.expect("CreateChannel with an empty answer");
    assert!(out.channel().is_none());
    assert!(out.stream_key().is_none());
}

#[tokio::test]
async fn missing_required_output_members_are_empty() {
    let (_, client) = answering(200, &json!({"nextToken": "x"}));
    let out = client.list_channels().send().await.unwrap();
    assert!(out.channels().is_empty());
    assert_eq!(out.next_token(), Some("x"));
    let out = client.list_stream_keys().channel_arn(CHANNEL_ARN).send().await.unwrap();
    assert!(out.stream_keys().is_empty());
    let out = client.list_streams().send().await.unwrap();
    assert!(out.streams().is_empty());
    let out = client.list_tags_for_resource().resource_arn(CHANNEL_ARN).send().await.unwrap();
    assert!(out.tags().is_empty());
}

#[tokio::test]
async fn unknown_fields_are_ignored() {
    let mut channel = channel_json();
    channel["recordingConfigurationArn"] = json!("arn:aws:ivs:us-west-2:123456789012:recording-configuration/x");
    channel["authorized"] = json!(true);
    channel["insecureIngest"] = json!({"nested": [1, 2, {"deep": null}]});
    let (_, client) = answering(
        200,
        &json!({"channel": channel, "streamKey": stream_key_json(), "somethingNew": [1, "two", {"three": 3}]}),
    );
    let out = client.create_channel().send().await.expect("unknown fields are ignored");
    assert_channel(out.channel().expect("channel"));
    assert_stream_key(out.stream_key().expect("stream key"));
}

#[tokio::test]
async fn unknown_enum_values_are_kept() {
    let (_, client) =
        answering(200, &json!({"channel": {"arn": CHANNEL_ARN, "latencyMode": "ULTRA_LOW", "type": "PREMIUM"}}));
    let out = client.get_channel().arn(CHANNEL_ARN).send().await.unwrap();
    let channel = out.channel().expect("channel");
    let mode = channel.latency_mode().expect("latency mode");
    assert!(
        !ChannelLatencyMode::values().contains(&mode.as_str())
            && ![ChannelLatencyMode::LowLatency, ChannelLatencyMode::NormalLatency].contains(mode),
        "{mode:?} should be an unknown value"
    );
    assert_eq!(mode.as_str(), "ULTRA_LOW");
    let kind = channel.r#type().expect("type");
    assert!(![ChannelType::BasicChannelType, ChannelType::StandardChannelType].contains(kind), "{kind:?}");
    assert_eq!(kind.as_str(), "PREMIUM");
    assert_eq!(ChannelType::from(kind.as_str()), *kind);

    let (_, client) = answering(200, &json!({"stream": {"state": "STARTING", "health": "DEGRADED"}}));
    let out = client.get_stream().channel_arn(CHANNEL_ARN).send().await.unwrap();
    let stream = out.stream().expect("stream");
    let state = stream.state().expect("state");
    assert!(![StreamState::StreamLive, StreamState::StreamOffline].contains(state), "{state:?}");
    assert_eq!(state.as_str(), "STARTING");
    let health = stream.health().expect("health");
    assert!(
        ![StreamHealth::StreamHealthy, StreamHealth::Starving, StreamHealth::UnknownValue].contains(health),
        "{health:?}"
    );
    assert_eq!(health.as_str(), "DEGRADED");
}

#[test]
fn enums_convert_both_ways() {
    let latency = [("LOW", ChannelLatencyMode::LowLatency), ("NORMAL", ChannelLatencyMode::NormalLatency)];
    for (wire, value) in &latency {
        assert_eq!(ChannelLatencyMode::from(*wire), *value);
        assert_eq!(value.as_str(), *wire);
    }
    let mut values = ChannelLatencyMode::values().to_vec();
    values.sort_unstable();
    assert_eq!(values, ["LOW", "NORMAL"]);

    for (wire, value) in [("BASIC", ChannelType::BasicChannelType), ("STANDARD", ChannelType::StandardChannelType)] {
        assert_eq!(ChannelType::from(wire), value);
        assert_eq!(value.as_str(), wire);
    }
    let mut values = ChannelType::values().to_vec();
    values.sort_unstable();
    assert_eq!(values, ["BASIC", "STANDARD"]);

    for (wire, value) in [("LIVE", StreamState::StreamLive), ("OFFLINE", StreamState::StreamOffline)] {
        assert_eq!(StreamState::from(wire), value);
        assert_eq!(value.as_str(), wire);
    }
    let mut values = StreamState::values().to_vec();
    values.sort_unstable();
    assert_eq!(values, ["LIVE", "OFFLINE"]);

    for (wire, value) in [
        ("HEALTHY", StreamHealth::StreamHealthy),
        ("STARVING", StreamHealth::Starving),
        ("UNKNOWN", StreamHealth::UnknownValue),
    ] {
        assert_eq!(StreamHealth::from(wire), value);
        assert_eq!(value.as_str(), wire);
    }
    let mut values = StreamHealth::values().to_vec();
    values.sort_unstable();
    assert_eq!(values, ["HEALTHY", "STARVING", "UNKNOWN"]);

    let premium = ChannelType::from("PREMIUM");
    assert!(![ChannelType::BasicChannelType, ChannelType::StandardChannelType].contains(&premium));
    assert_eq!(premium.as_str(), "PREMIUM");
    // Values are case-sensitive: "low" is not LOW.
    let low = ChannelLatencyMode::from("low");
    assert_ne!(low, ChannelLatencyMode::LowLatency);
    assert_eq!(low.as_str(), "low");
}

#[tokio::test]
async fn unknown_enum_values_are_sent_as_given() {
    let (recorder, client) = answering(200, &json!({}));
    client
        .create_channel()
        .latency_mode(ChannelLatencyMode::from("ULTRA"))
        .r#type(ChannelType::from("PREMIUM"))
        .send()
        .await
        .unwrap();
    let body = recorder.last().and_then(|r| r.json_body()).expect("body");
    assert_eq!(body, json!({"latencyMode": "ULTRA", "type": "PREMIUM"}));
}

#[tokio::test]
async fn nulls_are_absent() {
    let (_, client) = answering(
        200,
        &json!({"channel": {
            "arn": CHANNEL_ARN,
            "name": null,
            "latencyMode": null,
            "type": null,
            "ingestEndpoint": null,
            "playbackUrl": null,
            "tags": null,
        }, "streamKey": null}),
    );
    let out = client.create_channel().send().await.unwrap();
    assert!(out.stream_key().is_none());
    let channel = out.channel().expect("channel");
    assert_eq!(channel.arn(), Some(CHANNEL_ARN));
    assert!(channel.name().is_none());
    assert!(channel.latency_mode().is_none());
    assert!(channel.r#type().is_none());
    assert!(channel.ingest_endpoint().is_none());
    assert!(channel.playback_url().is_none());
    assert!(channel.tags().is_none());

    let (_, client) = answering(200, &json!({"channels": null, "nextToken": null}));
    let out = client.list_channels().send().await.unwrap();
    assert!(out.channels().is_empty());
    assert!(out.next_token().is_none());

    let (_, client) = answering(200, &json!({"stream": {"viewerCount": null, "startTime": null, "state": null}}));
    let out = client.get_stream().channel_arn(CHANNEL_ARN).send().await.unwrap();
    let stream = out.stream().expect("stream");
    assert_eq!(stream.viewer_count(), 0);
    assert!(stream.start_time().is_none());
    assert!(stream.state().is_none());

    // Null entries of a dense list are dropped.
    let (_, client) = answering(200, &json!({"channels": [null, {"arn": CHANNEL_ARN}, null]}));
    let out = client.list_channels().send().await.unwrap();
    assert_eq!(out.channels().len(), 1);
    assert_eq!(out.channels()[0].arn(), Some(CHANNEL_ARN));
}

#[tokio::test]
async fn bodies_that_are_not_json_objects_are_response_errors() {
    for body in ["<html><body>502 Bad Gateway</body></html>", "{\"channel\": ", "[]", "\"a string\""] {
        let (recorder, client) = answering_raw(200, body);
        let result = client.get_channel().arn(CHANNEL_ARN).send().await;
        match result {
            Err(SdkError::ResponseError(ref e)) => {
                assert_eq!(e.raw().status().as_u16(), 200);
                assert_eq!(e.raw().body().as_ref(), body.as_bytes());
            }
            other => panic!("body {body:?}: expected a ResponseError, got {other:?}"),
        }
        assert_eq!(recorder.count(), 1);
        let result = client.list_channels().send().await;
        assert!(matches!(result, Err(SdkError::ResponseError(_))), "ListChannels with {body:?}: {result:?}");
    }
}

#[tokio::test]
async fn members_of_the_wrong_type_are_response_errors() {
    for body in [
        json!({"channel": "not an object"}),
        json!({"channel": {"arn": 5}}),
        json!({"channel": {"tags": ["a"]}}),
        json!({"channel": {"tags": {"a": 1}}}),
    ] {
        let (_, client) = answering(200, &body);
        let result = client.get_channel().arn(CHANNEL_ARN).send().await;
        assert!(matches!(result, Err(SdkError::ResponseError(_))), "{body}: {result:?}");
    }
    for body in [
        json!({"stream": {"startTime": "yesterday"}}),
        json!({"stream": {"viewerCount": "7"}}),
        json!({"stream": {"viewerCount": 1.5}}),
    ] {
        let (_, client) = answering(200, &body);
        let result = client.get_stream().channel_arn(CHANNEL_ARN).send().await;
        assert!(matches!(result, Err(SdkError::ResponseError(_))), "{body}: {result:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// The HTTP status each error shape is modeled with.
fn status_of(code: &str) -> u16 {
    match code {
        "AccessDeniedException" | "PendingVerification" => 403,
        "ResourceNotFoundException" | "ChannelNotBroadcasting" => 404,
        "ValidationException" => 400,
        "ConflictException" => 409,
        "ServiceQuotaExceededException" => 402,
        "ThrottlingException" => 429,
        "InternalServerException" => 500,
        "StreamUnavailable" => 503,
        other => panic!("unknown error shape {other}"),
    }
}

/// The ways a restJson1 service names the error in a response.
#[derive(Clone, Copy, Debug)]
enum Style {
    /// `X-Amzn-Errortype: Code`.
    Header,
    /// `X-Amzn-Errortype: Code:http://internal.amazon.com/...`.
    HeaderWithSuffix,
    /// Body `__type: "com.amazonaws.ivs#Code:http://..."`, no header.
    TypeWithNamespaceAndSuffix,
    /// Body `code: "Code"`, no header.
    BodyCode,
    /// The header and an empty body.
    HeaderAndEmptyBody,
}

const STYLES: [Style; 5] = [
    Style::Header,
    Style::HeaderWithSuffix,
    Style::TypeWithNamespaceAndSuffix,
    Style::BodyCode,
    Style::HeaderAndEmptyBody,
];

impl Style {
    /// A transport answering every request with error `code` named this way.
    fn recorder(self, code: &str, message: &str) -> Recorder {
        let status = status_of(code);
        let suffixed = format!("{code}:http://internal.amazon.com/coral/com.amazon.coral.validate/");
        let (header, body) = match self {
            Style::Header => (Some(code.to_owned()), json!({"exceptionMessage": message}).to_string()),
            Style::HeaderWithSuffix => (Some(suffixed), json!({"exceptionMessage": message}).to_string()),
            Style::TypeWithNamespaceAndSuffix => (
                None,
                json!({"__type": format!("com.amazonaws.ivs#{code}:http://internal.amazon.com/"), "exceptionMessage": message}).to_string(),
            ),
            Style::BodyCode => (None, json!({"code": code, "exceptionMessage": message}).to_string()),
            Style::HeaderAndEmptyBody => (Some(code.to_owned()), String::new()),
        };
        let mut headers = vec![("x-amzn-RequestId", REQUEST_ID.to_owned())];
        if let Some(header) = header {
            headers.push(("x-amzn-ErrorType", header));
        }
        if !body.is_empty() {
            headers.push(("content-type", "application/json".to_owned()));
        }
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        Recorder::always(status, &headers, body)
    }

    /// The message the error should carry.
    fn expected_message(self, message: &str) -> Option<String> {
        match self {
            Style::HeaderAndEmptyBody => None,
            _ => Some(message.to_owned()),
        }
    }
}

/// One test per operation: every modeled error, in every [`Style`], becomes its own variant
/// with its code, message and request id.
macro_rules! modeled_errors {
    ($test:ident, $module:ident :: $Error:ident, |$c:ident| $call:expr,
     [$($Variant:ident => $is:ident),+ $(,)?]) => {
        #[tokio::test]
        async fn $test() {
            use ivs::operation::$module::$Error;
            let mut failures: Vec<String> = Vec::new();
            let mut checked = 0;
            $(
                for style in STYLES {
                    checked += 1;
                    let code = stringify!($Variant);
                    let message = format!("{code} says \"no\" ü ({style:?})");
                    let expected = style.expected_message(&message);
                    let expected = expected.as_deref();
                    let recorder = style.recorder(code, &message);
                    let $c = client(recorder);
                    let case = format!("{}/{code}/{style:?}", stringify!($module));
                    let err = match $call.send().await {
                        Ok(out) => {
                            failures.push(format!("{case}: expected an error, got {out:?}"));
                            continue;
                        }
                        Err(err) => err,
                    };
                    let status = err.raw_response().map(|r| r.status().as_u16());
                    if status != Some(status_of(code)) {
                        failures.push(format!("{case}: raw status {status:?}"));
                    }
                    if err.as_service_error().is_none() {
                        failures.push(format!("{case}: not a service error: {err:?}"));
                        continue;
                    }
                    let op_err = err.into_service_error();
                    if !op_err.$is() {
                        failures.push(format!("{case}: {}() is false for {op_err:?}", stringify!($is)));
                    }
                    if op_err.code() != Some(code) {
                        failures.push(format!("{case}: code() expected {code:?}, got {:?}", op_err.code()));
                    }
                    if op_err.message() != expected {
                        failures.push(format!("{case}: message() expected {expected:?}, got {:?}", op_err.message()));
                    }
                    if op_err.request_id() != Some(REQUEST_ID) {
                        failures.push(format!("{case}: request_id() got {:?}", op_err.request_id()));
                    }
                    match &op_err {
                        $Error::$Variant(inner) => {
                            if inner.exception_message() != expected {
                                failures.push(format!(
                                    "{case}: exception_message() expected {expected:?}, got {:?}",
                                    inner.exception_message()
                                ));
                            }
                            if ProvideErrorMetadata::message(inner) != expected {
                                failures.push(format!(
                                    "{case}: inner message() expected {expected:?}, got {:?}",
                                    ProvideErrorMetadata::message(inner)
                                ));
                            }
                            if ProvideErrorMetadata::code(inner) != Some(code) {
                                failures.push(format!(
                                    "{case}: inner code() got {:?}",
                                    ProvideErrorMetadata::code(inner)
                                ));
                            }
                        }
                        other => failures.push(format!("{case}: wrong variant {other:?}")),
                    }
                }
            )+
            assert!(
                failures.is_empty(),
                "{} of {checked} error cases failed:\n{}",
                failures.len(),
                failures.join("\n")
            );
        }
    };
}

modeled_errors!(batch_get_channel_errors, batch_get_channel::BatchGetChannelError,
    |c| c.batch_get_channel().arns(CHANNEL_ARN),
    [AccessDeniedException => is_access_denied_exception,
     ValidationException => is_validation_exception]);

modeled_errors!(batch_get_stream_key_errors, batch_get_stream_key::BatchGetStreamKeyError,
    |c| c.batch_get_stream_key().arns(STREAM_KEY_ARN),
    [AccessDeniedException => is_access_denied_exception,
     ValidationException => is_validation_exception]);

modeled_errors!(create_channel_errors, create_channel::CreateChannelError,
    |c| c.create_channel().name("x"),
    [AccessDeniedException => is_access_denied_exception,
     PendingVerification => is_pending_verification,
     ResourceNotFoundException => is_resource_not_found_exception,
     ServiceQuotaExceededException => is_service_quota_exceeded_exception,
     ValidationException => is_validation_exception]);

modeled_errors!(create_stream_key_errors, create_stream_key::CreateStreamKeyError,
    |c| c.create_stream_key().channel_arn(CHANNEL_ARN),
    [AccessDeniedException => is_access_denied_exception,
     PendingVerification => is_pending_verification,
     ResourceNotFoundException => is_resource_not_found_exception,
     ServiceQuotaExceededException => is_service_quota_exceeded_exception,
     ValidationException => is_validation_exception]);

modeled_errors!(delete_channel_errors, delete_channel::DeleteChannelError,
    |c| c.delete_channel().arn(CHANNEL_ARN),
    [AccessDeniedException => is_access_denied_exception,
     ConflictException => is_conflict_exception,
     PendingVerification => is_pending_verification,
     ResourceNotFoundException => is_resource_not_found_exception,
     ValidationException => is_validation_exception]);

modeled_errors!(delete_stream_key_errors, delete_stream_key::DeleteStreamKeyError,
    |c| c.delete_stream_key().arn(STREAM_KEY_ARN),
    [AccessDeniedException => is_access_denied_exception,
     PendingVerification => is_pending_verification,
     ResourceNotFoundException => is_resource_not_found_exception,
     ValidationException => is_validation_exception]);

modeled_errors!(get_channel_errors, get_channel::GetChannelError,
    |c| c.get_channel().arn(CHANNEL_ARN),
    [AccessDeniedException => is_access_denied_exception,
     ResourceNotFoundException => is_resource_not_found_exception,
     ValidationException => is_validation_exception]);

modeled_errors!(get_stream_errors, get_stream::GetStreamError,
    |c| c.get_stream().channel_arn(CHANNEL_ARN),
    [AccessDeniedException => is_access_denied_exception,
     ChannelNotBroadcasting => is_channel_not_broadcasting,
     ResourceNotFoundException => is_resource_not_found_exception,
     ValidationException => is_validation_exception]);

modeled_errors!(get_stream_key_errors, get_stream_key::GetStreamKeyError,
    |c| c.get_stream_key().arn(STREAM_KEY_ARN),
    [AccessDeniedException => is_access_denied_exception,
     ResourceNotFoundException => is_resource_not_found_exception,
     ValidationException => is_validation_exception]);

modeled_errors!(list_channels_errors, list_channels::ListChannelsError,
    |c| c.list_channels(),
    [AccessDeniedException => is_access_denied_exception,
     ConflictException => is_conflict_exception,
     ValidationException => is_validation_exception]);

modeled_errors!(list_stream_keys_errors, list_stream_keys::ListStreamKeysError,
    |c| c.list_stream_keys().channel_arn(CHANNEL_ARN),
    [AccessDeniedException => is_access_denied_exception,
     ResourceNotFoundException => is_resource_not_found_exception,
     ValidationException => is_validation_exception]);

modeled_errors!(list_streams_errors, list_streams::ListStreamsError,
    |c| c.list_streams(),
    [AccessDeniedException => is_access_denied_exception,
     ValidationException => is_validation_exception]);

modeled_errors!(list_tags_for_resource_errors, list_tags_for_resource::ListTagsForResourceError,
    |c| c.list_tags_for_resource().resource_arn(CHANNEL_ARN),
    [InternalServerException => is_internal_server_exception,
     ResourceNotFoundException => is_resource_not_found_exception,
     ValidationException => is_validation_exception]);

modeled_errors!(put_metadata_errors, put_metadata::PutMetadataError,
    |c| c.put_metadata().channel_arn(CHANNEL_ARN).metadata("m"),
    [AccessDeniedException => is_access_denied_exception,
     ChannelNotBroadcasting => is_channel_not_broadcasting,
     ResourceNotFoundException => is_resource_not_found_exception,
     ThrottlingException => is_throttling_exception,
     ValidationException => is_validation_exception]);

modeled_errors!(stop_stream_errors, stop_stream::StopStreamError,
    |c| c.stop_stream().channel_arn(CHANNEL_ARN),
    [AccessDeniedException => is_access_denied_exception,
     ChannelNotBroadcasting => is_channel_not_broadcasting,
     ResourceNotFoundException => is_resource_not_found_exception,
     StreamUnavailable => is_stream_unavailable,
     ValidationException => is_validation_exception]);

modeled_errors!(tag_resource_errors, tag_resource::TagResourceError,
    |c| c.tag_resource().resource_arn(CHANNEL_ARN).tags("k", "v"),
    [InternalServerException => is_internal_server_exception,
     ResourceNotFoundException => is_resource_not_found_exception,
     ValidationException => is_validation_exception]);

modeled_errors!(untag_resource_errors, untag_resource::UntagResourceError,
    |c| c.untag_resource().resource_arn(CHANNEL_ARN).tag_keys("k"),
    [InternalServerException => is_internal_server_exception,
     ResourceNotFoundException => is_resource_not_found_exception,
     ValidationException => is_validation_exception]);

modeled_errors!(update_channel_errors, update_channel::UpdateChannelError,
    |c| c.update_channel().arn(CHANNEL_ARN),
    [AccessDeniedException => is_access_denied_exception,
     ConflictException => is_conflict_exception,
     PendingVerification => is_pending_verification,
     ResourceNotFoundException => is_resource_not_found_exception,
     ValidationException => is_validation_exception]);

#[tokio::test]
async fn the_header_wins_over_the_body() {
    let recorder = Recorder::always(
        404,
        &[("x-amzn-ErrorType", "ResourceNotFoundException")],
        json!({"__type": "ValidationException", "code": "AccessDeniedException", "exceptionMessage": "gone"})
            .to_string(),
    );
    let err = client(recorder).get_channel().arn(CHANNEL_ARN).send().await.expect_err("404");
    let op_err = err.into_service_error();
    assert!(op_err.is_resource_not_found_exception(), "{op_err:?}");
    assert_eq!(op_err.message(), Some("gone"));

    // Without the header, __type wins over code.
    let recorder = Recorder::always(
        400,
        &[],
        json!({"__type": "aws.ivs#ValidationException", "code": "AccessDeniedException", "exceptionMessage": "bad"})
            .to_string(),
    );
    let err = client(recorder).get_channel().arn(CHANNEL_ARN).send().await.expect_err("400");
    let op_err = err.into_service_error();
    assert!(op_err.is_validation_exception(), "{op_err:?}");
}

#[tokio::test]
async fn the_modeled_message_member_wins_and_the_status_does_not_decide() {
    // exceptionMessage is the modeled member; a generic `message` must not hide it.
    let recorder = Recorder::always(
        400,
        &[("x-amzn-ErrorType", "ResourceNotFoundException")],
        json!({"message": "generic", "exceptionMessage": "specific"}).to_string(),
    );
    let err = client(recorder).get_stream_key().arn(STREAM_KEY_ARN).send().await.expect_err("an error status");
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(400));
    match err.into_service_error() {
        ivs::operation::get_stream_key::GetStreamKeyError::ResourceNotFoundException(inner) => {
            assert_eq!(inner.exception_message(), Some("specific"));
            assert_eq!(inner.message(), Some("specific"));
        }
        other => panic!("the code, not the 400 status, decides: got {other:?}"),
    }
}

#[tokio::test]
async fn unknown_error_codes_are_unhandled_but_keep_their_code() {
    let recorder = Recorder::always(
        404,
        &[("x-amzn-ErrorType", "SomethingNewException:http://internal/"), ("x-amzn-RequestId", REQUEST_ID)],
        json!({"exceptionMessage": "a new kind of failure"}).to_string(),
    );
    let err = client(recorder).get_channel().arn(CHANNEL_ARN).send().await.expect_err("404");
    let op_err = err.into_service_error();
    use ivs::operation::get_channel::GetChannelError;
    match &op_err {
        GetChannelError::ResourceNotFoundException(_)
        | GetChannelError::AccessDeniedException(_)
        | GetChannelError::ValidationException(_) => {
            panic!("an unknown code must not become a modeled error: {op_err:?}")
        }
        _ => {}
    }
    assert!(!op_err.is_resource_not_found_exception());
    assert_eq!(op_err.code(), Some("SomethingNewException"));
    assert_eq!(op_err.message(), Some("a new kind of failure"));
    assert!(op_err.to_string().contains("SomethingNewException"), "{op_err}");

    // An error response with no code anywhere is still an error, never an output.
    let recorder = Recorder::always(500, &[], "<html>oops</html>");
    let result = client(recorder).list_channels().send().await;
    assert!(matches!(result, Err(SdkError::ServiceError(_))), "{result:?}");
}

#[tokio::test]
async fn an_error_of_another_operation_is_not_modeled_here() {
    // ListChannels does not model ResourceNotFoundException.
    let recorder = Recorder::always(
        404,
        &[("x-amzn-ErrorType", "ResourceNotFoundException")],
        json!({"exceptionMessage": "nope"}).to_string(),
    );
    let op_err = client(recorder).list_channels().send().await.expect_err("404").into_service_error();
    assert!(!op_err.is_access_denied_exception());
    assert!(!op_err.is_conflict_exception());
    assert!(!op_err.is_validation_exception());
    assert_eq!(op_err.code(), Some("ResourceNotFoundException"));
    assert_eq!(op_err.message(), Some("nope"));
}

#[tokio::test]
async fn service_errors_display_code_and_message() {
    let recorder = Recorder::always(
        400,
        &[("x-amzn-ErrorType", "ValidationException"), ("x-amzn-RequestId", REQUEST_ID)],
        json!({"exceptionMessage": "name is too long"}).to_string(),
    );
    let err = client(recorder).create_channel().name("x").send().await.expect_err("400");
    let sdk_text = err.to_string();
    assert!(sdk_text.contains("ValidationException"), "{sdk_text}");
    assert!(sdk_text.contains("name is too long"), "{sdk_text}");
    assert_eq!(err.code(), Some("ValidationException"));
    assert_eq!(err.message(), Some("name is too long"));
    let op_err = err.into_service_error();
    let op_text = op_err.to_string();
    assert!(op_text.contains("ValidationException"), "{op_text}");
    assert!(op_text.contains("name is too long"), "{op_text}");
    if let ivs::operation::create_channel::CreateChannelError::ValidationException(inner) = &op_err {
        let text = inner.to_string();
        assert!(text.contains("ValidationException"), "{text}");
        assert!(text.contains("name is too long"), "{text}");
    } else {
        panic!("expected ValidationException, got {op_err:?}");
    }
}

#[tokio::test]
async fn service_errors_convert_into_the_service_error_enum() {
    let recorder = Recorder::always(
        409,
        &[("x-amzn-ErrorType", "ConflictException")],
        json!({"exceptionMessage": "busy"}).to_string(),
    );
    let err = client(recorder).delete_channel().arn(CHANNEL_ARN).send().await.expect_err("409");
    let err: ivs::Error = err.into();
    match &err {
        ivs::Error::ConflictException(inner) => {
            assert_eq!(inner.exception_message(), Some("busy"))
        }
        other => panic!("expected ivs::Error::ConflictException, got {other:?}"),
    }
    assert!(err.to_string().contains("busy"), "{err}");

    async fn with_question_mark(client: &ivs::Client) -> Result<(), ivs::Error> {
        client.get_stream().channel_arn(CHANNEL_ARN).send().await?;
        Ok(())
    }
    let recorder = Recorder::always(
        404,
        &[("x-amzn-ErrorType", "ChannelNotBroadcasting")],
        json!({"exceptionMessage": "offline"}).to_string(),
    );
    let err = with_question_mark(&client(recorder)).await.expect_err("404");
    assert!(matches!(err, ivs::Error::ChannelNotBroadcasting(_)), "{err:?}");
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

fn names_member(outcome: &Outcome, names: &[&str]) -> bool {
    match outcome {
        Outcome::Construction { display } => names.iter().any(|n| display.contains(n)),
        _ => false,
    }
}

#[tokio::test]
async fn missing_required_members_fail_before_sending() {
    let recorder = Recorder::always(200, &[], "{}");
    let c = client(recorder.clone());
    let cases: Vec<(&str, &[&str], Outcome)> = vec![
        ("BatchGetChannel", &["arns"], outcome(c.batch_get_channel().send().await)),
        ("BatchGetStreamKey", &["arns"], outcome(c.batch_get_stream_key().send().await)),
        ("CreateStreamKey", &["channel_arn", "channelArn"], outcome(c.create_stream_key().tags("a", "b").send().await)),
        ("DeleteChannel", &["arn"], outcome(c.delete_channel().send().await)),
        ("DeleteStreamKey", &["arn"], outcome(c.delete_stream_key().send().await)),
        ("GetChannel", &["arn"], outcome(c.get_channel().send().await)),
        ("GetStream", &["channel_arn", "channelArn"], outcome(c.get_stream().send().await)),
        ("GetStreamKey", &["arn"], outcome(c.get_stream_key().send().await)),
        ("ListStreamKeys", &["channel_arn", "channelArn"], outcome(c.list_stream_keys().max_results(1).send().await)),
        ("ListTagsForResource", &["resource_arn", "resourceArn"], outcome(c.list_tags_for_resource().send().await)),
        ("PutMetadata/metadata", &["metadata"], outcome(c.put_metadata().channel_arn(CHANNEL_ARN).send().await)),
        (
            "PutMetadata/channelArn",
            &["channel_arn", "channelArn"],
            outcome(c.put_metadata().metadata("m").send().await),
        ),
        ("StopStream", &["channel_arn", "channelArn"], outcome(c.stop_stream().send().await)),
        (
            "TagResource/resourceArn",
            &["resource_arn", "resourceArn"],
            outcome(c.tag_resource().tags("k", "v").send().await),
        ),
        ("TagResource/tags", &["tags"], outcome(c.tag_resource().resource_arn(CHANNEL_ARN).send().await)),
        (
            "UntagResource/resourceArn",
            &["resource_arn", "resourceArn"],
            outcome(c.untag_resource().tag_keys("k").send().await),
        ),
        (
            "UntagResource/tagKeys",
            &["tag_keys", "tagKeys"],
            outcome(c.untag_resource().resource_arn(CHANNEL_ARN).send().await),
        ),
        ("UpdateChannel", &["arn"], outcome(c.update_channel().name("n").send().await)),
    ];
    let failures: Vec<String> = cases
        .iter()
        .filter(|(_, names, got)| !names_member(got, names))
        .map(|(case, names, got)| {
            format!("{case}: expected a ConstructionFailure naming one of {names:?}, got {got:?}")
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(recorder.count(), 0, "nothing may be sent: {:?}", recorder.requests());
}

#[tokio::test]
async fn empty_path_labels_fail_before_sending() {
    let recorder = Recorder::always(200, &[], "{}");
    let c = client(recorder.clone());
    for (case, got) in [
        ("ListTagsForResource", outcome(c.list_tags_for_resource().resource_arn("").send().await)),
        ("TagResource", outcome(c.tag_resource().resource_arn("").tags("k", "v").send().await)),
        ("UntagResource", outcome(c.untag_resource().resource_arn("").tag_keys("k").send().await)),
    ] {
        assert!(names_member(&got, &["resource_arn", "resourceArn"]), "{case}: {got:?}");
    }
    assert_eq!(recorder.count(), 0);
}

// ---------------------------------------------------------------------------------------------
// Redaction
// ---------------------------------------------------------------------------------------------

fn assert_redacted(what: &str, debug: &str, secret: &str, visible: &str) {
    assert!(!debug.contains(secret), "{what} leaks the secret: {debug}");
    assert!(debug.contains(REDACTED), "{what} lacks the redaction marker: {debug}");
    assert!(debug.contains(visible), "{what} should still show {visible:?}: {debug}");
}

#[tokio::test]
async fn stream_key_values_are_redacted_in_debug() {
    let (_, client) = answering(
        200,
        &json!({"channel": channel_json(), "streamKey": stream_key_json(), "streamKeys": [stream_key_json()]}),
    );
    let created = client.create_channel().send().await.unwrap();
    let key = created.stream_key().expect("stream key");
    assert_eq!(key.value(), Some(SECRET_KEY), "the value itself is readable");
    assert_redacted("StreamKey", &format!("{key:?}"), SECRET_KEY, STREAM_KEY_ARN);
    assert_redacted("StreamKey {:#?}", &format!("{key:#?}"), SECRET_KEY, STREAM_KEY_ARN);
    assert_redacted("CreateChannelOutput", &format!("{created:?}"), SECRET_KEY, "my-channel");

    let out = client.create_stream_key().channel_arn(CHANNEL_ARN).send().await.unwrap();
    assert_redacted("CreateStreamKeyOutput", &format!("{out:?}"), SECRET_KEY, STREAM_KEY_ARN);
    let out = client.get_stream_key().arn(STREAM_KEY_ARN).send().await.unwrap();
    assert_redacted("GetStreamKeyOutput", &format!("{out:?}"), SECRET_KEY, STREAM_KEY_ARN);
    let out = client.batch_get_stream_key().arns(STREAM_KEY_ARN).send().await.unwrap();
    assert_eq!(out.stream_keys().len(), 1);
    assert_redacted("BatchGetStreamKeyOutput", &format!("{out:?}"), SECRET_KEY, STREAM_KEY_ARN);
}

#[tokio::test]
async fn put_metadata_is_redacted_in_debug_but_sent_in_full() {
    const SECRET_METADATA: &str = "{\"answer\":\"top-secret-metadata-42\"}";
    let recorder = Recorder::always(204, &[], "");
    let client = client(recorder.clone());

    let fluent = client.put_metadata().channel_arn(CHANNEL_ARN).metadata(SECRET_METADATA);
    assert_eq!(fluent.get_metadata().as_deref(), Some(SECRET_METADATA));
    assert_redacted("PutMetadataFluentBuilder", &format!("{fluent:?}"), "top-secret-metadata-42", CHANNEL_ARN);
    assert_redacted(
        "PutMetadataInputBuilder (as_input)",
        &format!("{:?}", fluent.as_input()),
        "top-secret-metadata-42",
        CHANNEL_ARN,
    );

    let builder =
        ivs::operation::put_metadata::PutMetadataInput::builder().channel_arn(CHANNEL_ARN).metadata(SECRET_METADATA);
    assert_redacted("PutMetadataInputBuilder", &format!("{builder:?}"), "top-secret-metadata-42", CHANNEL_ARN);
    let input = builder.build().expect("both members set");
    assert_eq!(input.metadata(), Some(SECRET_METADATA));
    assert_redacted("PutMetadataInput", &format!("{input:?}"), "top-secret-metadata-42", CHANNEL_ARN);

    fluent.send().await.expect("204");
    let body = recorder.last().and_then(|r| r.json_body()).expect("JSON body");
    assert_eq!(body, json!({"channelArn": CHANNEL_ARN, "metadata": SECRET_METADATA}));
}
