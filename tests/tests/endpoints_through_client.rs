//! The 27 endpoint test cases (`smithy.rules#endpointTests`) of the current, 40-operation IVS
//! model (`../shared/models/ivs-2026-04.json`) run through the client, not only through the
//! rules engine: for each case a configuration with the case's region, FIPS and dual-stack flags
//! and `endpoint_url`, then a real `GetChannel` sent the way a generated crate's `send()` sends
//! it (`aws_client_runtime::client::invoke` with a `ClientHandle` whose `ServiceInfo` carries the
//! model's rule set, as the crate generated from that model has), and the URL of the request
//! the transport seam captured compared with the case's. A case that expects an error expects
//! the client's error: a construction failure, nothing sent.
//!
//! The crate generated from the 40-operation model is not checked in; its operations send
//! through the same `invoke`, and `GetChannel` is the same operation in both models (same
//! method, path and body), so the checked-in crate's `GetChannel` stands in for it.
//!
//! Without `../shared/models` the tests fail when `CI` is set, and otherwise say SKIPPED.

use aws_client_runtime::client::{invoke, ClientHandle, ServiceInfo};
use aws_client_runtime::config::{Config, Credentials, Region, RetryConfig};
use aws_client_runtime::endpoint_rules::RuleSet;
use aws_client_runtime::error::SdkError;
use aws_client_runtime::protocol_test::CaptureClient;
use ivs::operation::get_channel::{GetChannel, GetChannelInput};
use serde_json::Value;
use std::sync::OnceLock;

const CHANNEL_ARN: &str = "arn:aws:ivs:us-west-2:123456789012:channel/abcdABCDefgh";

/// The model's rule set, once [`load`] has read it.
static RULES: OnceLock<RuleSet> = OnceLock::new();

fn rule_set() -> Result<&'static RuleSet, String> {
    RULES.get().ok_or_else(|| "the IVS rule set was not loaded".to_owned())
}

/// What the client generated from the 40-operation model holds (`src/client.rs`'s `SERVICE`).
static IVS_2026: ServiceInfo = ServiceInfo {
    sdk_id: "ivs",
    signing_name: "ivs",
    endpoint_prefix: "ivs",
    api_version: "2020-07-14",
    env_key: "IVS",
    crate_name: "ivs",
    crate_version: "0.1.0",
    endpoint_rules: Some(rule_set),
};

/// The model's endpoint test cases, with its rule set loaded into [`RULES`]; `None` (after
/// SKIPPED, or a panic in CI) without the model.
fn load() -> Option<Vec<Value>> {
    let text = ivs_tests::shared_ivs_model()?;
    let model: Value = serde_json::from_str(&text).expect("the IVS model is JSON");
    let traits = model["shapes"]
        .as_object()
        .expect("shapes")
        .values()
        .filter(|s| s["type"] == "service")
        .map(|s| &s["traits"])
        .find(|t| t.get("smithy.rules#endpointRuleSet").is_some())
        .expect("a service with smithy.rules#endpointRuleSet");
    let rules = RuleSet::from_json(&traits["smithy.rules#endpointRuleSet"].to_string()).expect("the rule set parses");
    let _ = RULES.set(rules);
    Some(traits["smithy.rules#endpointTests"]["testCases"].as_array().expect("testCases").clone())
}

/// A configuration as a case's parameters give it, sending through `capture`.
fn config_for(params: &Value, capture: &CaptureClient) -> Config {
    let mut builder = Config::builder()
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .retry_config(RetryConfig::disabled())
        .http_client(capture.clone());
    if let Some(region) = params["Region"].as_str() {
        builder = builder.region(Region::new(region.to_owned()));
    }
    if let Some(fips) = params["UseFIPS"].as_bool() {
        builder = builder.use_fips(fips);
    }
    if let Some(dual_stack) = params["UseDualStack"].as_bool() {
        builder = builder.use_dual_stack(dual_stack);
    }
    if let Some(endpoint) = params["Endpoint"].as_str() {
        builder = builder.endpoint_url(endpoint);
    }
    builder.build()
}

async fn get_channel(handle: &ClientHandle) -> Result<(), SdkError<ivs::operation::get_channel::GetChannelError>> {
    let input = GetChannelInput::builder().arn(CHANNEL_ARN).build().expect("input");
    invoke::<GetChannel>(handle, input).await.map(|_| ())
}

/// Runs one case through the client; `Err` says how it went wrong.
async fn run_case(case: &Value) -> Result<(), String> {
    let params = &case["params"];
    let capture = CaptureClient::ok();
    let handle = ClientHandle::new(config_for(params, &capture), &IVS_2026);
    let result = get_channel(&handle).await;
    let sent = capture.requests();
    if let Some(expected) = case["expect"]["endpoint"]["url"].as_str() {
        if params["Region"].is_null() {
            // The endpoint resolves without a region, but SigV4 cannot sign without one: the
            // client refuses, as the official SDK does, and says why.
            if handle.endpoint().map_err(|e| e.to_string())? != expected {
                return Err(format!("resolved {:?}, expected {expected}", handle.endpoint().ok()));
            }
            return match result {
                Err(e @ SdkError::ConstructionFailure(_)) if sent.is_empty() && e.to_string().contains("no region") => {
                    Ok(())
                }
                other => Err(format!("without a region the client must refuse to sign, got {other:?}")),
            };
        }
        result.map_err(|e| format!("send failed: {e}"))?;
        let [request] = sent.as_slice() else {
            return Err(format!("expected one request, the transport saw {}", sent.len()));
        };
        let uri = request.uri();
        let origin = format!("{}://{}", uri.scheme_str().unwrap_or("?"), uri.authority().map_or("?", |a| a.as_str()));
        if origin != expected || uri.path() != "/GetChannel" {
            return Err(format!("the request went to {uri}, expected {expected}/GetChannel"));
        }
        // Signed for the configured region and the service's signing name.
        let region = params["Region"].as_str().unwrap_or_default();
        let authorization = request.headers().get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("");
        if !authorization.contains(&format!("/{region}/ivs/aws4_request")) {
            return Err(format!("signed for another scope: {authorization}"));
        }
        return Ok(());
    }
    let expected = case["expect"]["error"].as_str().ok_or("a case expects an endpoint or an error")?;
    if !sent.is_empty() {
        return Err(format!("expected the error {expected:?}, but {} request(s) went out", sent.len()));
    }
    let message = match result {
        Err(e @ SdkError::ConstructionFailure(_)) => e.to_string(),
        other => return Err(format!("expected a construction failure ({expected:?}), got {other:?}")),
    };
    // Without a region and an endpoint the client says so in its own words, naming the remedy,
    // before the rule set's "Missing Region" would.
    let matches = if expected == "Invalid Configuration: Missing Region" {
        message.contains("no region is configured")
    } else {
        message.contains(expected)
    };
    if matches {
        Ok(())
    } else {
        Err(format!("expected an error with {expected:?}, got: {message}"))
    }
}

#[tokio::test]
async fn the_27_ivs_endpoint_tests_pass_through_the_client() {
    let Some(cases) = load() else { return };
    assert_eq!(cases.len(), 27, "the IVS model embeds 27 endpoint tests");
    let mut failures = Vec::new();
    let mut with_url = 0;
    for case in &cases {
        with_url += usize::from(case["expect"]["endpoint"].is_object());
        if let Err(why) = run_case(case).await {
            failures.push(format!("{}: {why}", case["documentation"].as_str().unwrap_or("?")));
        }
    }
    assert!(failures.is_empty(), "{} of 27 cases failed:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(with_url, 24, "24 cases expect a URL, 3 an error");
}

/// `AWS_USE_FIPS_ENDPOINT` and `AWS_USE_DUALSTACK_ENDPOINT`, read by `Config::from_vars`, reach
/// the rule set: the request goes to the FIPS and dual-stack hosts it gives.
#[tokio::test]
async fn fips_and_dual_stack_from_the_environment_choose_the_host() {
    if load().is_none() {
        return;
    }
    let cases = [
        ("false", "false", "ivs.us-east-1.amazonaws.com"),
        ("true", "false", "ivs-fips.us-east-1.amazonaws.com"),
        ("false", "true", "ivs.us-east-1.api.aws"),
        ("TRUE", "True", "ivs-fips.us-east-1.api.aws"),
    ];
    for (fips, dual_stack, host) in cases {
        let vars = [
            ("AWS_REGION", "us-east-1"),
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "SECRET"),
            ("AWS_USE_FIPS_ENDPOINT", fips),
            ("AWS_USE_DUALSTACK_ENDPOINT", dual_stack),
        ];
        let config = Config::from_vars(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        assert_eq!(config.use_fips(), fips.eq_ignore_ascii_case("true"));
        assert_eq!(config.use_dual_stack(), dual_stack.eq_ignore_ascii_case("true"));
        let capture = CaptureClient::ok();
        let handle = ClientHandle::new(config.to_builder().http_client(capture.clone()).build(), &IVS_2026);
        get_channel(&handle).await.expect("GetChannel");
        let request = capture.only_request().expect("one request");
        assert_eq!(request.uri().host(), Some(host), "FIPS={fips} dual-stack={dual_stack}");
    }
}
