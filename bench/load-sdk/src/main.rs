//! The fake-ivs load client on the official `aws-sdk-ivs`; see `../../load.rs`.

use aws_sdk_ivs as sdk;
const SDK_NAME: &str = "aws-sdk-ivs";
include!("../../load.rs");
