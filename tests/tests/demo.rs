//! The README-style demo program, compiled verbatim (less `use aws_sdk_ivs as ivs;`), runs
//! against the in-memory IVS and does what it says.

use ivs::error::ProvideErrorMetadata;
use ivs::operation::get_channel::GetChannelError;
use ivs::types::{ChannelLatencyMode, ChannelType};

// The program is kept exactly as written, so rustfmt and two style lints stay away from it.
#[rustfmt::skip]
#[allow(clippy::single_match, clippy::uninlined_format_args)]
async fn demo(client: &ivs::Client) -> Result<(), ivs::Error> {
    let created = client
        .create_channel()
        .name("demo")
        .latency_mode(ChannelLatencyMode::LowLatency)
        .r#type(ChannelType::BasicChannelType)
        .tags("team", "video")
        .send()
        .await?;
    let channel = created.channel().expect("channel");
    let arn = channel.arn().unwrap_or_default().to_string();
    let key = created.stream_key().expect("stream key");
    println!("{:?}", key); // the key's value must be redacted
    let _ = key.value();

    let mut pages = client.list_channels().max_results(2).into_paginator().send();
    while let Some(page) = pages.next().await {
        for c in page?.channels() {
            println!("{:?} {:?}", c.name(), c.latency_mode());
        }
    }

    match client.get_channel().arn("arn:aws:ivs:us-west-2:123456789012:channel/missing").send().await {
        Err(e) => match e.into_service_error() {
            GetChannelError::ResourceNotFoundException(nf) => println!("not found: {:?}", nf.message()),
            other => println!("{:?} {:?}", other.code(), other.message()),
        },
        Ok(_) => {}
    }
    client.tag_resource().resource_arn(&arn).tags("env", "prod").send().await?;
    let tags = client.list_tags_for_resource().resource_arn(&arn).send().await?;
    println!("{:?}", tags.tags());
    client.untag_resource().resource_arn(&arn).tag_keys("env").send().await?;
    client.delete_channel().arn(&arn).send().await?;
    Ok(())
}

// ----------------------------------------------------------------------------------------------

use ivs_tests::in_memory_ivs::JournalEntry;
use ivs_tests::{InMemoryIvs, ENDPOINT};
use serde_json::json;

fn client_for(service: &InMemoryIvs) -> ivs::Client {
    ivs::Client::from_conf(
        ivs::Config::builder()
            .endpoint_url(ENDPOINT)
            .region(ivs::config::Region::new("us-west-2"))
            .credentials_provider(ivs_tests::test_credentials())
            .http_client(service.clone())
            .build(),
    )
}

fn only<'a>(journal: &'a [JournalEntry], operation: &str) -> &'a JournalEntry {
    let entries: Vec<&JournalEntry> = journal.iter().filter(|e| e.operation == operation).collect();
    assert_eq!(entries.len(), 1, "{operation} requests: {entries:#?}");
    entries[0]
}

#[tokio::test]
async fn demo_creates_tags_untags_and_deletes_a_channel() {
    let service = InMemoryIvs::new();
    let existing: Vec<String> = ["alpha", "beta", "gamma"].iter().map(|name| service.seed_channel(name, &[])).collect();
    let client = client_for(&service);

    demo(&client).await.expect("the demo runs without error");

    let journal = service.journal();
    let operations: Vec<(&str, u16)> = journal.iter().map(|e| (e.operation.as_str(), e.status)).collect();
    assert_eq!(
        operations,
        [
            ("CreateChannel", 200),
            ("ListChannels", 200),
            ("ListChannels", 200),
            ("GetChannel", 404),
            ("TagResource", 200),
            ("ListTagsForResource", 200),
            ("UntagResource", 200),
            ("DeleteChannel", 204),
        ],
        "the demo's requests"
    );

    // Created as asked.
    let create = only(&journal, "CreateChannel");
    assert_eq!(
        create.request_body,
        Some(json!({"name": "demo", "latencyMode": "LOW", "type": "BASIC", "tags": {"team": "video"}}))
    );
    let response = create.response_body.as_ref().expect("CreateChannel body");
    let arn = response["channel"]["arn"].as_str().expect("created channel ARN").to_owned();
    let key_arn = response["streamKey"]["arn"].as_str().expect("created key ARN").to_owned();

    // Both pages of 2 were read, the second with the first's token.
    let lists: Vec<&JournalEntry> = journal.iter().filter(|e| e.operation == "ListChannels").collect();
    let first = lists[0].request_body.clone().unwrap_or_default();
    let second = lists[1].request_body.clone().unwrap_or_default();
    assert_eq!(first["maxResults"], json!(2));
    assert!(first.get("nextToken").is_none(), "{first}");
    assert_eq!(second["maxResults"], json!(2));
    assert_eq!(second["nextToken"], lists[0].response_body.as_ref().expect("page 1")["nextToken"]);
    let listed: usize =
        lists.iter().map(|e| e.response_body.as_ref().expect("page")["channels"].as_array().map_or(0, Vec::len)).sum();
    assert_eq!(listed, 4, "3 seeded channels and the demo's");

    // The missing channel was reported as such.
    let missing = only(&journal, "GetChannel");
    assert_eq!(missing.error_code.as_deref(), Some("ResourceNotFoundException"));

    // Tagged, read back with both tags, then untagged: all on the created channel.
    let tag = only(&journal, "TagResource");
    assert_eq!(tag.request_body, Some(json!({"tags": {"env": "prod"}})));
    let listed_tags = only(&journal, "ListTagsForResource");
    assert_eq!(listed_tags.response_body, Some(json!({"tags": {"team": "video", "env": "prod"}})));
    let untag = only(&journal, "UntagResource");
    assert_eq!(untag.query, [("tagKeys".to_owned(), "env".to_owned())]);
    for entry in [tag, listed_tags, untag] {
        let label = entry.path.trim_start_matches("/tags/");
        assert_eq!(
            ivs_tests::in_memory_ivs::percent_decode(label).as_deref(),
            Some(arn.as_str()),
            "{} path {}",
            entry.operation,
            entry.path
        );
    }

    // Deleted, with its stream key; the others are untouched.
    let delete = only(&journal, "DeleteChannel");
    assert_eq!(delete.request_body, Some(json!({"arn": arn})));
    assert!(service.channel(&arn).is_none(), "the demo channel is gone");
    assert!(service.stream_key(&key_arn).is_none(), "its stream key is gone");
    let remaining: Vec<String> = service.channels().into_iter().map(|c| c.arn).collect();
    assert_eq!(remaining, existing);

    let gone = client.get_channel().arn(&arn).send().await.expect_err("the channel was deleted");
    assert!(gone.into_service_error().is_resource_not_found_exception(), "GetChannel after the demo");
}

#[tokio::test]
async fn demo_errors_surface_through_the_question_mark() {
    let service = InMemoryIvs::new().with_channel_quota(0);
    let client = client_for(&service);
    let err = demo(&client).await.expect_err("no channel may be created");
    assert!(matches!(err, ivs::Error::ServiceQuotaExceededException(_)), "{err:?}");
    assert_eq!(service.served(), [("CreateChannel".to_owned(), 402)]);
}
