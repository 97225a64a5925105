//! A GetChannel-only program on `ivs` with only its `get-channel` feature: what a program that
//! needs one operation compiles. Configured from the environment like the demo; the channel ARN
//! is the first argument.

use ivs::error::ProvideErrorMetadata;

#[tokio::main]
async fn main() -> Result<(), ivs::Error> {
    let client = ivs::Client::from_conf(ivs::Config::from_env());
    let arn =
        std::env::args().nth(1).unwrap_or_else(|| "arn:aws:ivs:us-west-2:123456789012:channel/missing".to_owned());
    match client.get_channel().arn(arn).send().await {
        Ok(out) => println!("{:?}", out.channel()),
        Err(e) => println!("{:?} {:?}", e.code(), e.message()),
    }
    Ok(())
}
