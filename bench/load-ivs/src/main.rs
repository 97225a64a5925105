//! The fake-ivs load client on `ivs`; see `../../load.rs`.

use ivs as sdk;
const SDK_NAME: &str = "ivs";
include!("../../load.rs");
