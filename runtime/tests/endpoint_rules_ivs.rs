//! The endpoint rule set of the real IVS model (`../shared/models/ivs-2026-04.json`, beside the
//! repository; not part of it) against the 27 `smithy.rules#endpointTests` cases embedded in
//! the same model. Skipped, loudly, where the model is absent.

use aws_client_runtime::endpoint_rules::{resolve, Params, ResolveError, RuleSet, TestCase};
use std::path::PathBuf;

fn model_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/models/ivs-2026-04.json")
}

/// The service shape's rule set and tests; without the model, a failure when `CI` is set, and
/// otherwise `None` after a SKIPPED line written straight to standard error (libtest hides what
/// `println!` and `eprintln!` print in a passing test).
fn load() -> Option<(RuleSet, Vec<TestCase>)> {
    let path = model_path();
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            let reason = format!(
                "IVS endpoint rule tests: {} cannot be read ({e}): ../shared/models is not beside the repository",
                path.display()
            );
            if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
                panic!("CI is set, so this test may not be skipped: {reason}");
            }
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "\nSKIPPED: {reason}\n");
            return None;
        }
    };
    let model: serde_json::Value = serde_json::from_str(&text).expect("the IVS model is JSON");
    let shapes = model["shapes"].as_object().expect("model has shapes");
    let traits = shapes
        .values()
        .filter(|s| s["type"] == "service")
        .map(|s| &s["traits"])
        .find(|t| t.get("smithy.rules#endpointRuleSet").is_some())
        .expect("a service shape with smithy.rules#endpointRuleSet");
    let rules =
        RuleSet::from_json(&traits["smithy.rules#endpointRuleSet"].to_string()).expect("the IVS rule set parses");
    let cases = TestCase::parse_all(
        &aws_client_runtime::json_value::Value::parse(&traits["smithy.rules#endpointTests"].to_string()).unwrap(),
    )
    .expect("the IVS endpoint tests parse");
    Some((rules, cases))
}

#[test]
fn all_27_ivs_endpoint_tests_pass() {
    let Some((rules, cases)) = load() else { return };
    assert_eq!(cases.len(), 27, "the IVS model embeds 27 endpoint tests");
    let failures: Vec<String> = cases.iter().filter_map(|c| c.check(&rules).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} IVS endpoint tests failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    println!("{} IVS endpoint tests passed", cases.len());
}

#[test]
fn ivs_rule_set_parameters_and_edge_cases() {
    let Some((rules, _)) = load() else { return };
    assert_eq!(rules.version(), "1.0");
    let built_ins: Vec<_> = ["AWS::Region", "AWS::UseFIPS", "AWS::UseDualStack", "SDK::Endpoint"]
        .iter()
        .map(|b| rules.parameter_for_built_in(b).map(|p| p.name().to_owned()))
        .collect();
    assert_eq!(
        built_ins,
        [Some("Region".into()), Some("UseFIPS".into()), Some("UseDualStack".into()), Some("Endpoint".into())]
    );
    let url = |params: Params| resolve(&rules, &params).map(|e| e.url);
    // Defaults fill UseFIPS and UseDualStack.
    assert_eq!(url(Params::new().set("Region", "eu-west-3")), Ok("https://ivs.eu-west-3.amazonaws.com".into()));
    // Regions not in the tests: new ones, the sovereign cloud, unknown ones.
    assert_eq!(
        url(Params::new().set("Region", "eusc-de-east-1").set("UseFIPS", true)),
        Ok("https://ivs-fips.eusc-de-east-1.amazonaws.eu".into())
    );
    assert_eq!(url(Params::new().set("Region", "local")), Ok("https://ivs.local.amazonaws.com".into()));
    assert_eq!(url(Params::new().set("Endpoint", "http://localhost:8080")), Ok("http://localhost:8080".into()));
    assert_eq!(url(Params::new()), Err(ResolveError::Rule("Invalid Configuration: Missing Region".into())));
    assert!(matches!(url(Params::new().set("UseFIPS", "yes")), Err(ResolveError::Invalid(_))));
}
