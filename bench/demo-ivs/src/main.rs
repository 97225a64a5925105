//! The demo program on `ivs`: configured from the environment (`AWS_ENDPOINT_URL`, `AWS_REGION`,
//! `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`).
#![allow(clippy::single_match)]

include!("../../demo.rs");

#[tokio::main]
async fn main() -> Result<(), ivs::Error> {
    let client = ivs::Client::from_conf(ivs::Config::from_env());
    demo(&client).await
}
