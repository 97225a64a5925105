//! The requests the generated client sends are the ones boto3 sends.
//!
//! `fixtures/boto3-wire.json` holds what botocore put on the wire for 26 calls of the 18
//! operations (captured by `boto3_wire.py`, without network). Each call is replayed through the
//! fluent builders and the captured request is compared with boto3's: method, raw path, query
//! parameters in order, Content-Type and JSON body.

use ivs::error::SdkError;
use ivs::types::{ChannelLatencyMode, ChannelType};
use ivs_tests::in_memory_ivs::parse_query;
use ivs_tests::{client, response, CapturedRequest, Recorder, ENDPOINT};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::fmt::Display;

/// How many cases `fixtures/boto3-wire.json` holds (its generator, `boto3_wire.py`, has 26
/// entries in `CASES`).
const EXPECTED_CASES: usize = 26;

fn fixture() -> Value {
    serde_json::from_str(include_str!("../fixtures/boto3-wire.json")).expect("fixtures/boto3-wire.json is JSON")
}

/// A minimal valid answer for the request: 204 for the Unit operations, otherwise 200 with the
/// required members present.
fn answer(request: &CapturedRequest, _index: usize) -> http::Response<bytes::Bytes> {
    let path = request.uri.path();
    let body = match (request.method.as_str(), path) {
        (_, "/DeleteChannel" | "/DeleteStreamKey" | "/PutMetadata") => {
            return response(204, &[("x-amzn-RequestId", "wire")], "")
        }
        (_, "/ListChannels") => json!({"channels": []}),
        (_, "/ListStreamKeys") => json!({"streamKeys": []}),
        (_, "/ListStreams") => json!({"streams": []}),
        ("GET", _) => json!({"tags": {}}),
        _ => json!({}),
    };
    response(200, &[("x-amzn-RequestId", "wire"), ("content-type", "application/json")], body.to_string())
}

fn string<'a>(params: &'a Value, key: &str) -> Option<&'a str> {
    params.get(key).and_then(Value::as_str)
}

fn int(params: &Value, key: &str) -> Option<i32> {
    params.get(key).and_then(Value::as_i64).map(|n| i32::try_from(n).expect("maxResults fits i32"))
}

fn strings<'a>(params: &'a Value, key: &str) -> Vec<&'a str> {
    params
        .get(key)
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn pairs<'a>(params: &'a Value, key: &str) -> Vec<(&'a str, &'a str)> {
    params
        .get(key)
        .and_then(Value::as_object)
        .map(|map| map.iter().filter_map(|(k, v)| Some((k.as_str(), v.as_str()?))).collect())
        .unwrap_or_default()
}

fn done<O, E: Display>(result: Result<O, SdkError<E>>) -> Result<(), String> {
    result.map(drop).map_err(|e| e.to_string())
}

/// The members of each operation that the builder calls below know how to set.
fn mapped_members(operation: &str) -> &'static [&'static str] {
    match operation {
        "CreateChannel" => &["name", "latencyMode", "type", "tags"],
        "UpdateChannel" => &["arn", "name", "latencyMode", "type"],
        "GetChannel" | "DeleteChannel" | "GetStreamKey" | "DeleteStreamKey" => &["arn"],
        "BatchGetChannel" | "BatchGetStreamKey" => &["arns"],
        "ListChannels" => &["filterByName", "maxResults", "nextToken"],
        "CreateStreamKey" => &["channelArn", "tags"],
        "ListStreamKeys" => &["channelArn", "maxResults", "nextToken"],
        "GetStream" | "StopStream" => &["channelArn"],
        "ListStreams" => &["maxResults", "nextToken"],
        "PutMetadata" => &["channelArn", "metadata"],
        "TagResource" => &["resourceArn", "tags"],
        "ListTagsForResource" => &["resourceArn", "maxResults", "nextToken"],
        "UntagResource" => &["resourceArn", "tagKeys"],
        _ => &[],
    }
}

/// Sends `operation` with `p` (boto3's parameters) through the fluent builder.
async fn send(client: &ivs::Client, operation: &str, p: &Value) -> Result<(), String> {
    match operation {
        "CreateChannel" => {
            let mut b = client.create_channel();
            if let Some(v) = string(p, "name") {
                b = b.name(v);
            }
            if let Some(v) = string(p, "latencyMode") {
                b = b.latency_mode(ChannelLatencyMode::from(v));
            }
            if let Some(v) = string(p, "type") {
                b = b.r#type(ChannelType::from(v));
            }
            for (k, v) in pairs(p, "tags") {
                b = b.tags(k, v);
            }
            done(b.send().await)
        }
        "UpdateChannel" => {
            let mut b = client.update_channel();
            if let Some(v) = string(p, "arn") {
                b = b.arn(v);
            }
            if let Some(v) = string(p, "name") {
                b = b.name(v);
            }
            if let Some(v) = string(p, "latencyMode") {
                b = b.latency_mode(ChannelLatencyMode::from(v));
            }
            if let Some(v) = string(p, "type") {
                b = b.r#type(ChannelType::from(v));
            }
            done(b.send().await)
        }
        "GetChannel" => done(client.get_channel().set_arn(string(p, "arn").map(Into::into)).send().await),
        "DeleteChannel" => done(client.delete_channel().set_arn(string(p, "arn").map(Into::into)).send().await),
        "GetStreamKey" => done(client.get_stream_key().set_arn(string(p, "arn").map(Into::into)).send().await),
        "DeleteStreamKey" => done(client.delete_stream_key().set_arn(string(p, "arn").map(Into::into)).send().await),
        "BatchGetChannel" => {
            let mut b = client.batch_get_channel();
            for arn in strings(p, "arns") {
                b = b.arns(arn);
            }
            done(b.send().await)
        }
        "BatchGetStreamKey" => {
            let mut b = client.batch_get_stream_key();
            for arn in strings(p, "arns") {
                b = b.arns(arn);
            }
            done(b.send().await)
        }
        "ListChannels" => done(
            client
                .list_channels()
                .set_filter_by_name(string(p, "filterByName").map(Into::into))
                .set_max_results(int(p, "maxResults"))
                .set_next_token(string(p, "nextToken").map(Into::into))
                .send()
                .await,
        ),
        "CreateStreamKey" => {
            let mut b = client.create_stream_key().set_channel_arn(string(p, "channelArn").map(Into::into));
            for (k, v) in pairs(p, "tags") {
                b = b.tags(k, v);
            }
            done(b.send().await)
        }
        "ListStreamKeys" => done(
            client
                .list_stream_keys()
                .set_channel_arn(string(p, "channelArn").map(Into::into))
                .set_max_results(int(p, "maxResults"))
                .set_next_token(string(p, "nextToken").map(Into::into))
                .send()
                .await,
        ),
        "GetStream" => done(client.get_stream().set_channel_arn(string(p, "channelArn").map(Into::into)).send().await),
        "StopStream" => {
            done(client.stop_stream().set_channel_arn(string(p, "channelArn").map(Into::into)).send().await)
        }
        "ListStreams" => done(
            client
                .list_streams()
                .set_max_results(int(p, "maxResults"))
                .set_next_token(string(p, "nextToken").map(Into::into))
                .send()
                .await,
        ),
        "PutMetadata" => done(
            client
                .put_metadata()
                .set_channel_arn(string(p, "channelArn").map(Into::into))
                .set_metadata(string(p, "metadata").map(Into::into))
                .send()
                .await,
        ),
        "TagResource" => {
            let mut b = client.tag_resource().set_resource_arn(string(p, "resourceArn").map(Into::into));
            for (k, v) in pairs(p, "tags") {
                b = b.tags(k, v);
            }
            done(b.send().await)
        }
        "ListTagsForResource" => done(
            client
                .list_tags_for_resource()
                .set_resource_arn(string(p, "resourceArn").map(Into::into))
                .set_max_results(int(p, "maxResults"))
                .set_next_token(string(p, "nextToken").map(Into::into))
                .send()
                .await,
        ),
        "UntagResource" => {
            let mut b = client.untag_resource().set_resource_arn(string(p, "resourceArn").map(Into::into));
            for key in strings(p, "tagKeys") {
                b = b.tag_keys(key);
            }
            done(b.send().await)
        }
        other => Err(format!("no builder mapping for operation {other}")),
    }
}

/// Every difference between what the client sent and what boto3 sent.
fn compare(expected: &Value, sent: &CapturedRequest) -> Vec<String> {
    let mut problems = Vec::new();

    let method = expected["method"].as_str().unwrap_or_default();
    if sent.method.as_str() != method {
        problems.push(format!("method: expected {method}, got {}", sent.method));
    }

    let endpoint: http::Uri = ENDPOINT.parse().expect("endpoint is a URI");
    if sent.uri.scheme() != endpoint.scheme() || sent.uri.authority() != endpoint.authority() {
        problems.push(format!("URI: expected it to start with {ENDPOINT}, got {}", sent.uri));
    }

    let path = expected["path"].as_str().unwrap_or_default();
    if sent.uri.path() != path {
        problems.push(format!("path: expected {path:?}, got {:?}", sent.uri.path()));
    }

    let expected_query: Vec<(String, String)> = expected["query_parsed"]
        .as_array()
        .map(|pairs| {
            pairs
                .iter()
                .map(|pair| {
                    (pair[0].as_str().unwrap_or_default().to_owned(), pair[1].as_str().unwrap_or_default().to_owned())
                })
                .collect()
        })
        .unwrap_or_default();
    let raw_query = sent.uri.query().unwrap_or("");
    match parse_query(raw_query) {
        Some(query) if query == expected_query => {}
        Some(query) => problems.push(format!(
            "query: expected {expected_query:?} (boto3: {:?}), got {query:?} (raw {raw_query:?})",
            expected["query"]
        )),
        None => problems.push(format!("query: {raw_query:?} is not decodable")),
    }

    let content_type = expected["content_type"].as_str();
    let sent_content_type = sent.header("content-type");
    if sent_content_type != content_type {
        problems.push(format!("Content-Type: expected {content_type:?}, got {sent_content_type:?}"));
    }

    match expected["body_raw"].as_str() {
        None => {
            if !sent.body.is_empty() {
                problems.push(format!("body: expected none, got {:?}", String::from_utf8_lossy(&sent.body)));
            }
        }
        Some(raw) => {
            let expected_body: Value = serde_json::from_str(raw).expect("boto3 body is JSON");
            match serde_json::from_slice::<Value>(&sent.body) {
                Ok(body) if body == expected_body => {}
                Ok(body) => problems.push(format!("body: expected {expected_body}, got {body}")),
                Err(_) => problems.push(format!(
                    "body: expected {expected_body}, got non-JSON {:?}",
                    String::from_utf8_lossy(&sent.body)
                )),
            }
        }
    }
    problems
}

#[tokio::test]
async fn every_request_matches_boto3() {
    let fixture = fixture();
    let operations = fixture["operations"].as_object().expect("operations is an object");
    let recorder = Recorder::new(answer);
    let client = client(recorder.clone());

    let mut mismatches = Vec::new();
    let mut checked = 0;
    let mut operations_seen = BTreeSet::new();
    for (operation, cases) in operations {
        let cases = cases.as_object().expect("cases are an object");
        for (case, expected) in cases {
            checked += 1;
            operations_seen.insert(operation.as_str());
            let label = format!("{operation}/{case}");
            let params = &expected["params"];

            let known = mapped_members(operation);
            for key in params.as_object().into_iter().flat_map(|p| p.keys()) {
                if !known.contains(&key.as_str()) {
                    mismatches.push(format!("{label}: parameter {key} is not mapped"));
                }
            }

            let before = recorder.count();
            if let Err(e) = send(&client, operation, params).await {
                mismatches.push(format!("{label}: send() failed: {e}"));
            }
            let sent = recorder.requests();
            match &sent[before..] {
                [request] => {
                    for problem in compare(expected, request) {
                        mismatches.push(format!("{label}: {problem}"));
                    }
                }
                other => {
                    mismatches.push(format!("{label}: expected exactly one request, the client sent {}", other.len()))
                }
            }
        }
    }

    assert!(
        mismatches.is_empty(),
        "{} mismatch(es) with boto3 over {checked} cases:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    assert_eq!(checked, EXPECTED_CASES, "cases checked");
    assert_eq!(operations_seen.len(), 18, "operations covered");
}
