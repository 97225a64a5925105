//! Wire tests of the `advanced` fixture (tests/fixtures/models/advanced.json): the Smithy
//! features other restJson1 models use — operations reached through resources, mixins, service
//! errors and renames, int enums, big numbers, non-finite floats, sparse collections, idempotency
//! tokens, `@jsonName`, payloads, prefix headers, query parameter maps, response codes,
//! `@clientOptional`, `@addedDefault`, `default: null` and `@deprecated`.

use advanced::config::{Credentials, Region, RetryConfig};
use advanced::types::{Kind, OtherWidget, PartData, Shape, WidgetData};
use aws_client_runtime::transport::{infallible_client_fn, HttpRequest, SharedHttpClient};
use bytes::Bytes;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

/// A client whose transport records every request and answers with `respond`.
fn client(
    respond: impl Fn(&HttpRequest) -> http::Response<Bytes> + Send + Sync + 'static,
) -> (advanced::Client, Arc<Mutex<Vec<HttpRequest>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let http = infallible_client_fn(move |request: HttpRequest| {
        let response = respond(&request);
        log.lock().unwrap().push(request);
        response
    });
    let mut config = advanced::Config::builder()
        .region(Region::new("us-west-2"))
        .endpoint_url("http://fixture.test")
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "secret", None, None, "test"))
        .retry_config(RetryConfig::disabled());
    config.set_http_client(Some(SharedHttpClient::new(http)));
    (advanced::Client::from_conf(config.build()), seen)
}

fn json_response(status: u16, body: Value) -> http::Response<Bytes> {
    http::Response::builder().status(status).body(Bytes::from(body.to_string())).unwrap()
}

fn body_json(request: &HttpRequest) -> Value {
    serde_json::from_slice(request.body()).expect("a JSON body")
}

fn is_uuid_v4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && s.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
        && parts[2].starts_with('4')
}

#[tokio::test]
async fn create_widget_sends_mixins_renames_big_numbers_sparse_collections_and_a_token() {
    let (client, seen) = client(|_| json_response(200, json!({})));
    let data = WidgetData::builder()
        .created_by("ops")
        .name("w1")
        .kind(Kind::Large)
        .ratio(f32::NAN)
        .score(f64::NEG_INFINITY)
        .big("12345678901234567")
        .precise("1.25")
        .tags("keep", Some("yes".into()))
        .tags("drop", None)
        .notes(Some("first".into()))
        .notes(None)
        .unique("a")
        .shape(Shape::Circle(2.5))
        .other(OtherWidget::builder().id("o-1").build())
        .build();
    client.create_widget().data(data).renamed_field("hello").send().await.expect("created");
    let request = &seen.lock().unwrap()[0];
    assert_eq!((request.method().as_str(), request.uri().path()), ("POST", "/widgets"));
    let body = body_json(request);
    let token = body["clientToken"].as_str().expect("a generated idempotency token");
    assert!(is_uuid_v4(token), "{token}");
    assert_eq!(body["renamed"], json!("hello"));
    assert!(body.get("renamedField").is_none());
    assert_eq!(
        body["data"],
        json!({
            "createdBy": "ops", "name": "w1", "kind": 2, "ratio": "NaN", "score": "-Infinity",
            "big": 12345678901234567u64, "precise": 1.25,
            "tags": {"keep": "yes", "drop": null}, "notes": ["first", null], "unique": ["a"],
            "shape": {"circle": 2.5}, "other": {"id": "o-1"}
        })
    );
}

#[tokio::test]
async fn idempotency_tokens_are_fresh_unless_set() {
    let (client, seen) = client(|_| json_response(200, json!({})));
    client.create_widget().send().await.unwrap();
    client.create_widget().send().await.unwrap();
    client.create_widget().client_token("mine").send().await.unwrap();
    let tokens: Vec<Value> = seen.lock().unwrap().iter().map(|r| body_json(r)["clientToken"].clone()).collect();
    assert_ne!(tokens[0], tokens[1], "each call gets its own token");
    assert_eq!(tokens[2], json!("mine"));
}

#[tokio::test]
async fn get_widget_reads_a_payload_structure_headers_and_prefix_headers() {
    let (client, seen) = client(|_| {
        http::Response::builder()
            .status(200)
            .header("ETag", "\"abc\"")
            .header("Last-Modified", "Wed, 15 Jul 2020 17:42:31 GMT")
            .header("X-Expires", "1594834951")
            .header("X-Meta-Color", "blue")
            .header("X-Meta-Size", "L")
            .body(Bytes::from(
                json!({
                    "createdBy": "ops", "createdAt": 1594834951, "name": "w1", "kind": 99,
                    "ratio": "Infinity", "score": "NaN", "big": 7, "tags": {"a": null}, "notes": [null, "n"],
                    "shape": {"label": "x"}, "legacy": "old", "other": {"id": "o"}
                })
                .to_string(),
            ))
            .unwrap()
    });
    let out = client.get_widget().widget_id("w/1").send().await.expect("a widget");
    assert_eq!(seen.lock().unwrap()[0].uri().path(), "/widgets/w%2F1");
    let widget = out.widget().expect("the payload");
    assert_eq!(widget.created_by(), Some("ops"));
    assert_eq!(widget.created_at().map(|t| t.secs()), Some(1_594_834_951));
    assert_eq!(widget.kind(), Some(&Kind::Unknown(99)));
    assert_eq!(widget.kind().map(Kind::as_i32), Some(99));
    assert_eq!(widget.ratio(), Some(f32::INFINITY));
    assert!(widget.score().is_some_and(f64::is_nan));
    assert_eq!(widget.big(), Some("7"));
    assert_eq!(widget.tags().and_then(|t| t.get("a")), Some(&None));
    assert_eq!(widget.notes(), &[None, Some("n".to_owned())]);
    assert_eq!(widget.shape(), Some(&Shape::Label("x".into())));
    #[allow(deprecated)]
    let legacy = widget.legacy();
    assert_eq!(legacy, Some("old"));
    assert_eq!(widget.other().and_then(|o| o.id()), Some("o"));
    assert_eq!(out.etag(), Some("\"abc\""));
    assert_eq!(out.last_modified().map(|t| t.secs()), Some(1_594_834_951));
    assert_eq!(out.expires().map(|t| t.secs()), Some(1_594_834_951));
    let meta = out.meta().expect("prefix headers");
    assert_eq!((meta.get("color"), meta.get("size"), meta.len()), (Some(&"blue".to_owned()), Some(&"L".to_owned()), 2));
}

#[tokio::test]
async fn list_widgets_merges_query_maps_and_keeps_optional_members_optional() {
    let pages = Arc::new(Mutex::new(0));
    let (client, seen) = client(move |_| {
        let mut page = pages.lock().unwrap();
        *page += 1;
        if *page == 1 {
            json_response(200, json!({"widgets": [{"name": "a"}], "nextToken": "t 2", "count": 2}))
        } else {
            json_response(200, json!({"widgets": [{"name": "b"}], "maybe": null}))
        }
    });
    let names: Vec<String> = client
        .list_widgets()
        .sort("name")
        .filters("sort", "ignored")
        .filters("color", "blue")
        .filters("a b", "c&d")
        .into_paginator()
        .page_size(1)
        .items()
        .send()
        .try_collect()
        .await
        .expect("two pages")
        .into_iter()
        .filter_map(|w| w.name)
        .collect();
    assert_eq!(names, ["a", "b"]);
    let queries: Vec<String> =
        seen.lock().unwrap().iter().map(|r| r.uri().query().unwrap_or_default().to_owned()).collect();
    // The explicit `sort` wins over the map's; the map's other keys follow, sorted.
    assert_eq!(queries[0], "maxResults=1&sort=name&a%20b=c%26d&color=blue");
    assert_eq!(queries[1], "nextToken=t%202&maxResults=1&sort=name&a%20b=c%26d&color=blue");

    let (client, _) = client_answering(json!({"widgets": []}));
    let out = client.list_widgets().send().await.unwrap();
    assert_eq!(out.count(), None, "@clientOptional keeps a required member an Option");
    assert_eq!(out.flavor(), None, "@addedDefault keeps the member an Option");
    assert_eq!(out.maybe(), None);
}

fn client_answering(body: Value) -> (advanced::Client, Arc<Mutex<Vec<HttpRequest>>>) {
    client(move |_| json_response(200, body.clone()))
}

#[tokio::test]
async fn activate_widget_sends_a_blob_payload_and_reads_the_status_and_a_text_payload() {
    let (client, seen) =
        client(|_| http::Response::builder().status(202).body(Bytes::from_static(b"activating...")).unwrap());
    #[allow(deprecated)]
    let call = client.activate_widget();
    let out = call
        .widget_id("w1")
        .firmware(advanced::primitives::Blob::new(vec![0u8, 1, 2, 255]))
        .send()
        .await
        .expect("activated");
    assert_eq!(out.status(), Some(202));
    assert_eq!(out.log(), Some("activating..."));
    let request = &seen.lock().unwrap()[0];
    assert_eq!(request.uri().path(), "/widgets/w1/activate");
    assert_eq!(request.headers()["content-type"], "application/octet-stream");
    assert_eq!(request.body().as_ref(), &[0u8, 1, 2, 255]);
}

#[tokio::test]
async fn put_part_sends_a_structure_payload_and_prefix_headers() {
    let (client, seen) = client(|_| json_response(200, json!({})));
    client
        .put_part()
        .widget_id("w1")
        .part_id("p 1")
        .part(PartData::builder().serial("s-1").weight(0.5).build())
        .meta("Owner", "ops")
        .send()
        .await
        .expect("put");
    let request = &seen.lock().unwrap()[0];
    assert_eq!((request.method().as_str(), request.uri().path()), ("PUT", "/widgets/w1/parts/p%201"));
    assert_eq!(request.headers()["content-type"], "application/json");
    assert_eq!(request.headers()["x-meta-owner"], "ops");
    assert_eq!(body_json(request), json!({"serial": "s-1", "weight": 0.5}));
}

#[tokio::test]
async fn purge_widgets_sends_an_http_date_header() {
    let (client, seen) = client(|_| json_response(200, json!({"purged": 3})));
    let out = client
        .purge_widgets()
        .older_than(advanced::primitives::DateTime::from_secs(1_594_834_951))
        .send()
        .await
        .unwrap();
    assert_eq!(out.purged(), Some(3));
    assert_eq!(seen.lock().unwrap()[0].headers()["x-older-than"], "Wed, 15 Jul 2020 17:42:31 GMT");
}

#[tokio::test]
async fn service_errors_reach_every_operation_and_deletes_answer_204() {
    let (client, _) = client(|request| {
        if request.method() == "DELETE" && request.uri().path() == "/widgets/gone" {
            http::Response::builder()
                .status(503)
                .header("x-amzn-errortype", "ServiceUnavailable")
                .body(Bytes::from_static(br#"{"message":"try later"}"#))
                .unwrap()
        } else {
            http::Response::builder().status(204).body(Bytes::new()).unwrap()
        }
    });
    client.delete_widget().widget_id("w1").send().await.expect("a 204 with no body");
    let err = client.delete_widget().widget_id("gone").send().await.expect_err("unavailable").into_service_error();
    assert!(err.is_service_unavailable(), "{err:?}");
    assert_eq!(err.to_string(), "ServiceUnavailable: try later");
}
