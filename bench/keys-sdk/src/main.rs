//! The second program on the official `aws-sdk-ivs`, without `aws-config`: its config built by
//! hand, the endpoint from `AWS_ENDPOINT_URL`; see `../../keys.rs`.

use aws_sdk_ivs as ivs;
include!("../../keys.rs");
