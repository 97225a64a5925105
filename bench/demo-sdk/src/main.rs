//! The demo program on the official `aws-sdk-ivs`: configured by `aws-config` from the
//! environment (`AWS_ENDPOINT_URL`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`).
#![allow(clippy::single_match)]

use aws_sdk_ivs as ivs;
include!("../../demo.rs");

#[tokio::main]
async fn main() -> Result<(), ivs::Error> {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest()).load().await;
    let client = aws_sdk_ivs::Client::new(&config);
    demo(&client).await
}
