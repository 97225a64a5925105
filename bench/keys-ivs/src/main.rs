//! The second program on `ivs`: its config built by hand, the endpoint from `AWS_ENDPOINT_URL`;
//! see `../../keys.rs`.

include!("../../keys.rs");
