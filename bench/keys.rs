// The second program of the benchmark, shared by `keys-ivs` and `keys-sdk` through `include!`.
// `keys-sdk` puts `use aws_sdk_ivs as ivs;` before it; on `ivs` that line is left out.
//
// Unlike `demo.rs` it loads no configuration: the client's `Config` is built by hand (region,
// static credentials, behavior version, and the endpoint from `AWS_ENDPOINT_URL`), so the
// official SDK's program needs no `aws-config`. It exercises stream keys, tagging and the item
// paginators, and checks every answer: it prints `keys: ok` only if the service behaved.
use ivs::config::{BehaviorVersion, Credentials, Region};
use ivs::error::ProvideErrorMetadata;
use ivs::operation::get_stream_key::GetStreamKeyError;

/// The SigV4 test suite's example credentials, which fake-ivs verifies.
const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

fn client(endpoint: &str) -> ivs::Client {
    let config = ivs::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-west-2"))
        .credentials_provider(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "keys"))
        .endpoint_url(endpoint)
        .build();
    ivs::Client::from_conf(config)
}

/// Panics with `what` unless `ok`: a wrong answer is a failed run.
fn check(ok: bool, what: &str) {
    assert!(ok, "keys: {what}");
}

async fn keys(client: &ivs::Client) -> Result<(), ivs::Error> {
    // A channel comes with a stream key; a channel may hold only one, so that one goes first.
    let created = client.create_channel().name("keys").send().await?;
    let channel = created.channel().and_then(|c| c.arn()).expect("channel arn").to_string();
    let first = created.stream_key().and_then(|k| k.arn()).expect("stream key arn").to_string();
    client.delete_stream_key().arn(&first).send().await?;

    let made = client.create_stream_key().channel_arn(&channel).tags("purpose", "bench").send().await?;
    let key = made.stream_key().expect("stream key");
    let arn = key.arn().expect("stream key arn").to_string();
    let value = key.value().expect("stream key value").to_string();
    let got = client.get_stream_key().arn(&arn).send().await?;
    check(got.stream_key().and_then(|k| k.value()) == Some(value.as_str()), "GetStreamKey gave another value");

    // Every stream key of the channel, one key a page. (The official SDK has `items()` only
    // where the model's `@paginated` names its items, which ListStreamKeys's does not.)
    let mut listed = Vec::new();
    let mut pages = client.list_stream_keys().channel_arn(&channel).into_paginator().page_size(1).send();
    while let Some(page) = pages.next().await {
        listed.extend(page?.stream_keys().iter().map(|k| k.arn().unwrap_or_default().to_string()));
    }
    check(listed == [arn.clone()], "ListStreamKeys did not list exactly the new key");

    client.tag_resource().resource_arn(&arn).tags("env", "test").tags("team", "video").send().await?;
    let tags = client.list_tags_for_resource().resource_arn(&arn).send().await?;
    check(
        tags.tags().len() == 3 && tags.tags().get("env").map(String::as_str) == Some("test"),
        "tags after TagResource",
    );
    client.untag_resource().resource_arn(&arn).tag_keys("purpose").tag_keys("team").send().await?;
    let tags = client.list_tags_for_resource().resource_arn(&arn).send().await?;
    println!("tags of {arn}: {:?}", tags.tags());
    check(tags.tags().len() == 1 && !tags.tags().contains_key("purpose"), "tags after UntagResource");

    // The channels, one a page: with a second channel, at least two pages.
    let other = client.create_channel().name("keys-other").send().await?;
    let other = other.channel().and_then(|c| c.arn()).expect("channel arn").to_string();
    let (mut pages_seen, mut named) = (0, 0);
    let mut pages = client.list_channels().into_paginator().page_size(1).send();
    while let Some(page) = pages.next().await {
        pages_seen += 1;
        named += page?.channels().iter().filter(|c| c.arn() == Some(&channel) || c.arn() == Some(&other)).count();
    }
    check(pages_seen >= 2 && named == 2, "ListChannels did not list both channels, a page each");
    client.delete_channel().arn(&other).send().await?;

    client.delete_stream_key().arn(&arn).send().await?;
    match client.get_stream_key().arn(&arn).send().await {
        Err(e) => match e.into_service_error() {
            GetStreamKeyError::ResourceNotFoundException(_) => {}
            other => panic!("keys: GetStreamKey after DeleteStreamKey: {:?} {:?}", other.code(), other.message()),
        },
        Ok(_) => panic!("keys: the deleted stream key is still there"),
    }
    client.delete_channel().arn(&channel).send().await?;
    println!("keys: ok");
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), ivs::Error> {
    let endpoint = std::env::var("AWS_ENDPOINT_URL").expect("AWS_ENDPOINT_URL names the service's endpoint");
    keys(&client(&endpoint)).await
}
