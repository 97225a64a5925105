// The demo program of the benchmark, shared by `demo-ivs` and `demo-sdk` through `include!`.
// `demo-sdk` puts `use aws_sdk_ivs as ivs;` before it; on `ivs` that line is left out.
use ivs::error::ProvideErrorMetadata;
use ivs::operation::get_channel::GetChannelError;
use ivs::types::{ChannelLatencyMode, ChannelType};

async fn demo(client: &ivs::Client) -> Result<(), ivs::Error> {
    let created = client.create_channel().name("demo").latency_mode(ChannelLatencyMode::LowLatency).r#type(ChannelType::BasicChannelType).tags("team", "video").send().await?;
    let channel = created.channel().expect("channel");
    let arn = channel.arn().unwrap_or_default().to_string();
    let key = created.stream_key().expect("stream key");
    println!("{:?}", key);
    let _ = key.value();
    let mut pages = client.list_channels().max_results(2).into_paginator().send();
    while let Some(page) = pages.next().await {
        for c in page?.channels() { println!("{:?} {:?}", c.name(), c.latency_mode()); }
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
