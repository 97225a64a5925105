//! Quickstart: create a channel, list channels, tag it, and delete it.
//!
//! Against the local IVS server (`cargo xtask fake-ivs` prints its address):
//!
//! ```sh
//! AWS_ENDPOINT_URL=http://127.0.0.1:PORT AWS_REGION=us-west-2 \
//! AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY \
//!     cargo run -p ivs --example quickstart
//! ```
//!
//! Against AWS, leave out `AWS_ENDPOINT_URL` and use real credentials.
//! (This file is hand-written; `cargo xtask codegen` leaves `examples/` alone.)

use ivs::error::ProvideErrorMetadata;
use ivs::types::{ChannelLatencyMode, ChannelType};

#[tokio::main]
async fn main() -> Result<(), ivs::Error> {
    let client = ivs::Client::from_conf(ivs::Config::from_env());

    let created = client
        .create_channel()
        .name("quickstart")
        .latency_mode(ChannelLatencyMode::LowLatency)
        .r#type(ChannelType::BasicChannelType)
        .tags("team", "video")
        .send()
        .await?;
    let channel = created.channel().expect("CreateChannel returns the channel");
    let arn = channel.arn().unwrap_or_default().to_owned();
    println!("created {arn}");
    println!("stream key: {:?}", created.stream_key()); // its value prints redacted

    let channels = client.list_channels().into_paginator().items().send().try_collect().await?;
    println!("{} channel(s)", channels.len());

    client.tag_resource().resource_arn(&arn).tags("env", "demo").send().await?;
    let tags = client.list_tags_for_resource().resource_arn(&arn).send().await?;
    println!("tags: {:?}", tags.tags());

    client.delete_channel().arn(&arn).send().await?;
    match client.get_channel().arn(&arn).send().await {
        Ok(_) => println!("still there?"),
        Err(e) => println!("after delete: {:?} {:?}", e.code(), e.message()),
    }
    Ok(())
}
