//! Paginators follow `nextToken` through every page, and stop when they should.

use ivs_tests::{client, in_memory_client, InMemoryIvs, Recorder, CHANNEL_ARN};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::Duration;

/// Fails the test instead of hanging when a paginator never ends.
async fn bounded<F: std::future::Future>(future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(10), future).await.expect("the paginator finished within 10 s")
}

fn seed(service: &InMemoryIvs, n: usize) -> Vec<String> {
    (0..n).map(|i| service.seed_channel(&format!("channel-{i}"), &[("n", &i.to_string())])).collect()
}

fn list_requests(service: &InMemoryIvs, operation: &str) -> Vec<Value> {
    service
        .journal()
        .into_iter()
        .filter(|e| e.operation == operation)
        .map(|e| e.request_body.unwrap_or(Value::Null))
        .collect()
}

#[tokio::test]
async fn list_channels_pages_of_two() {
    let (service, client) = in_memory_client();
    let arns = seed(&service, 5);

    let mut pages = client.list_channels().into_paginator().page_size(2).send();
    let mut sizes = Vec::new();
    let mut seen = Vec::new();
    let mut tokens = Vec::new();
    while let Some(page) = bounded(pages.next()).await {
        let page = page.expect("page");
        sizes.push(page.channels().len());
        tokens.push(page.next_token().map(str::to_owned));
        seen.extend(page.channels().iter().filter_map(|c| c.arn()).map(str::to_owned));
    }
    assert_eq!(sizes, [2, 2, 1]);
    assert_eq!(seen, arns);
    assert!(tokens[0].is_some() && tokens[1].is_some());
    assert_eq!(tokens[2], None);

    let requests = list_requests(&service, "ListChannels");
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert_eq!(request["maxResults"], json!(2), "{request}");
    }
    assert!(requests[0].get("nextToken").is_none());
    assert_eq!(requests[1]["nextToken"], json!(tokens[0]));
    assert_eq!(requests[2]["nextToken"], json!(tokens[1]));
}

#[tokio::test]
async fn the_paginator_keeps_the_other_members() {
    let (service, client) = in_memory_client();
    for name in ["red-1", "blue-1", "red-2", "red-3", "blue-2"] {
        service.seed_channel(name, &[]);
    }
    let pages =
        bounded(client.list_channels().filter_by_name("red").into_paginator().page_size(1).send().try_collect())
            .await
            .expect("pages");
    let names: Vec<Vec<&str>> = pages.iter().map(|p| p.channels().iter().filter_map(|c| c.name()).collect()).collect();
    assert_eq!(names, [["red-1"], ["red-2"], ["red-3"]]);
    for request in list_requests(&service, "ListChannels") {
        assert_eq!(request["filterByName"], json!("red"), "{request}");
    }
}

#[tokio::test]
async fn list_channels_items() {
    let (service, client) = in_memory_client();
    let arns = seed(&service, 5);
    let items = bounded(client.list_channels().into_paginator().page_size(2).items().send().try_collect())
        .await
        .expect("items");
    assert_eq!(items.len(), 5);
    let item_arns: Vec<&str> = items.iter().filter_map(|c| c.arn()).collect();
    assert_eq!(item_arns, arns);
    let names: Vec<&str> = items.iter().filter_map(|c| c.name()).collect();
    assert_eq!(names, ["channel-0", "channel-1", "channel-2", "channel-3", "channel-4"]);
    assert_eq!(items[3].tags().and_then(|t| t.get("n")).map(String::as_str), Some("3"));
    assert_eq!(list_requests(&service, "ListChannels").len(), 3);
}

#[tokio::test]
async fn list_tags_for_resource_items() {
    let (service, client) = in_memory_client();
    let tags = [("a", "1"), ("b", "2"), ("cost center", "x/y"), ("d", ""), ("ü", "unicode")];
    let arn = service.seed_channel("tagged", &tags);
    let items = bounded(
        client.list_tags_for_resource().resource_arn(&arn).into_paginator().page_size(2).items().send().try_collect(),
    )
    .await
    .expect("tag items");
    assert_eq!(items.len(), 5, "{items:?}");
    let got: BTreeMap<String, String> = items.into_iter().collect();
    let expected: BTreeMap<String, String> = tags.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    assert_eq!(got, expected);

    let requests: Vec<_> = service.journal().into_iter().filter(|e| e.operation == "ListTagsForResource").collect();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert!(request.query.contains(&("maxResults".to_owned(), "2".to_owned())), "{:?}", request.query);
    }
    assert!(!requests[0].query.iter().any(|(k, _)| k == "nextToken"));
    assert!(requests[1].query.iter().any(|(k, _)| k == "nextToken"));
}

#[tokio::test]
async fn list_streams_and_stream_keys_paginate() {
    let (service, client) = in_memory_client();
    let arns = seed(&service, 5);
    for arn in &arns[..3] {
        assert!(service.set_live(arn));
    }
    let pages =
        bounded(client.list_streams().into_paginator().page_size(2).send().try_collect()).await.expect("stream pages");
    assert_eq!(pages.iter().map(|p| p.streams().len()).collect::<Vec<_>>(), [2, 1]);
    let live: Vec<&str> = pages.iter().flat_map(|p| p.streams()).filter_map(|s| s.channel_arn()).collect();
    assert_eq!(live, arns[..3].iter().map(String::as_str).collect::<Vec<_>>());

    let keys = bounded(
        client.list_stream_keys().channel_arn(&arns[0]).into_paginator().page_size(1).items().send().try_collect(),
    )
    .await
    .expect("stream keys");
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].channel_arn(), Some(arns[0].as_str()));
}

#[tokio::test]
async fn a_paginator_is_a_stream() {
    fn assert_stream<S: futures_core::Stream>(_: &S) {}
    let (service, client) = in_memory_client();
    seed(&service, 3);
    let pages = client.list_channels().into_paginator().page_size(2).send();
    assert_stream(&pages);
    let items = client.list_channels().into_paginator().items().send();
    assert_stream(&items);
    let collected = bounded(items.try_collect()).await.expect("items");
    assert_eq!(collected.len(), 3);
}

/// A service that hands back the token it was asked with for its first 10 answers, then ends:
/// a paginator that neither stops nor follows ends anyway, and the test fails instead of hanging.
fn repeating_service() -> Recorder {
    Recorder::new(|_, index| {
        let body = if index < 10 {
            json!({"channels": [{"arn": CHANNEL_ARN, "name": format!("page-{index}")}], "nextToken": "same-token"})
        } else {
            json!({"channels": [{"name": "last"}]})
        };
        ivs_tests::response(200, &[], body.to_string())
    })
}

#[tokio::test]
async fn a_repeated_token_ends_the_pages_as_in_the_official_sdk() {
    let recorder = repeating_service();
    let client = client(recorder.clone());
    let pages = bounded(client.list_channels().into_paginator().send().try_collect()).await.expect("pages");
    // The page that repeats the token is yielded; the paginator then stops instead of looping.
    let names: Vec<_> = pages.iter().map(|p| p.channels()[0].name().unwrap_or_default().to_owned()).collect();
    assert_eq!(names, ["page-0", "page-1"]);
    assert_eq!(recorder.count(), 2, "requests sent");
    assert_eq!(recorder.requests()[1].json_body().expect("body")["nextToken"], json!("same-token"));
}

#[tokio::test]
async fn stop_on_duplicate_token_false_sends_the_repeated_token_again() {
    let recorder = repeating_service();
    let client = client(recorder.clone());
    let items = client.list_channels().into_paginator().stop_on_duplicate_token(false).items().send();
    let items = bounded(items.try_collect()).await.expect("items");
    assert_eq!(items.len(), 11, "ten repeated pages and the last");
    assert_eq!(items.last().and_then(|c| c.name()), Some("last"));
    let requests = recorder.requests();
    assert_eq!(requests.len(), 11);
    assert!(requests[1..].iter().all(|r| r.json_body().expect("body")["nextToken"] == json!("same-token")));
}

#[tokio::test]
async fn an_empty_token_ends_the_pages() {
    let recorder = Recorder::json_pages(vec![
        json!({"channels": [{"name": "a"}], "nextToken": "t1"}),
        json!({"channels": [{"name": "b"}], "nextToken": ""}),
        json!({"channels": [{"name": "never"}]}),
    ]);
    let client = client(recorder.clone());
    let items = bounded(client.list_channels().into_paginator().items().send().try_collect()).await.expect("items");
    let names: Vec<&str> = items.iter().filter_map(|c| c.name()).collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(recorder.count(), 2);
    assert_eq!(recorder.requests()[1].json_body().expect("body")["nextToken"], json!("t1"));
}

#[tokio::test]
async fn an_absent_token_ends_the_pages() {
    let recorder = Recorder::json_pages(vec![
        json!({"streams": [{"channelArn": CHANNEL_ARN, "state": "LIVE"}]}),
        json!({"streams": [{"channelArn": "never"}]}),
    ]);
    let client = client(recorder.clone());
    let pages = bounded(client.list_streams().into_paginator().send().try_collect()).await.expect("pages");
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].streams().len(), 1);
    assert_eq!(recorder.count(), 1);
}

#[tokio::test]
async fn an_error_page_is_yielded_and_ends_collection() {
    let recorder = Recorder::json_pages(vec![json!({"channels": [{"name": "a"}], "nextToken": "t1"})]);
    let client = client(recorder.clone());
    let result = bounded(client.list_channels().into_paginator().send().try_collect()).await;
    let err = result.expect_err("the second page is a 500");
    assert_eq!(ivs::error::ProvideErrorMetadata::code(&err), Some("TestScriptExhausted"));
    assert_eq!(recorder.count(), 2);
}

#[tokio::test]
async fn a_bad_token_is_a_validation_error() {
    let (service, client) = in_memory_client();
    seed(&service, 3);
    let err = client.list_channels().next_token("not-a-token-this-service-gave").send().await.expect_err("bad token");
    let op_err = err.into_service_error();
    assert!(op_err.is_validation_exception(), "{op_err:?}");
}

#[tokio::test]
async fn a_paginator_without_its_required_member_fails_without_sending() {
    let recorder = Recorder::json_pages(vec![json!({"streamKeys": []})]);
    let client = client(recorder.clone());
    let mut pages = client.list_stream_keys().into_paginator().send();
    let first = bounded(pages.next()).await.expect("one result");
    match first {
        Err(ivs::error::SdkError::ConstructionFailure(_)) => {}
        other => panic!("expected a ConstructionFailure, got {other:?}"),
    }
    let text =
        client.list_stream_keys().into_paginator().send().try_collect().await.expect_err("no channel ARN").to_string();
    assert!(text.contains("channel_arn") || text.contains("channelArn"), "{text}");
    assert!(bounded(pages.next()).await.is_none());
    assert_eq!(recorder.count(), 0);
}
