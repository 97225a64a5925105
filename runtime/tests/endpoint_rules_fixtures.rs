//! The endpoint rules engine against the project's own fixture rule sets in
//! `tests/fixtures/endpoint_rules/`: each file holds a `ruleSet` and its `endpointTests`.

use aws_client_runtime::endpoint_rules::{resolve, Expectation, Params, RuleSet, TestCase};
use std::path::Path;

fn fixture_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/endpoint_rules")
}

fn load(name: &str) -> (RuleSet, Vec<TestCase>) {
    let path = fixture_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = aws_client_runtime::json_value::Value::parse(&text).unwrap();
    let part = |key: &str| doc.get(key).cloned().unwrap_or_default();
    let rules = RuleSet::from_value(&part("ruleSet")).unwrap_or_else(|e| panic!("{name}: {e}"));
    let cases = TestCase::parse_all(&part("endpointTests")).unwrap_or_else(|e| panic!("{name}: {e}"));
    (rules, cases)
}

#[test]
fn every_fixture_case_passes() {
    let mut files: Vec<_> = std::fs::read_dir(fixture_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    let mut total = 0;
    for file in &files {
        let (rules, cases) = load(file);
        assert!(!cases.is_empty(), "{file} has no test cases");
        for case in &cases {
            total += 1;
            if let Err(e) = case.check(&rules) {
                failures.push(format!("{file}: {e}"));
            }
        }
    }
    println!("{total} endpoint rule fixture cases in {} file(s)", files.len());
    assert!(failures.is_empty(), "{} of {total} failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn fixture_exercises_every_function_and_rule_kind() {
    let text = std::fs::read_to_string(fixture_dir().join("functions.json")).unwrap();
    for needle in [
        "\"isSet\"",
        "\"not\"",
        "\"booleanEquals\"",
        "\"stringEquals\"",
        "\"getAttr\"",
        "\"substring\"",
        "\"uriEncode\"",
        "\"parseURL\"",
        "\"isValidHostLabel\"",
        "\"coalesce\"",
        "\"ite\"",
        "\"split\"",
        "\"aws.partition\"",
        "\"aws.parseArn\"",
        "\"aws.isVirtualHostableS3Bucket\"",
        "\"assign\"",
        "\"tree\"",
        "\"error\"",
        "\"endpoint\"",
        "#resourceId[0]}",
        "{{braces}}",
    ] {
        assert!(text.contains(needle), "functions.json does not use {needle}");
    }
    let (rules, cases) = load("functions.json");
    assert_eq!(cases.len(), 52);
    let errors = cases.iter().filter(|c| matches!(c.expect, Expectation::Error(_))).count();
    assert!(errors > 10 && errors < cases.len() - 10, "{errors} error cases");
    assert_eq!(rules.parameter_for_built_in("AWS::Region").map(|p| p.name()), Some("Region"));
}

#[test]
fn the_same_rule_set_resolves_repeatedly_and_across_threads() {
    let (rules, cases) = load("functions.json");
    let rules = std::sync::Arc::new(rules);
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let rules = rules.clone();
            let cases = cases.clone();
            std::thread::spawn(move || cases.iter().all(|c| c.check(&rules).is_ok()))
        })
        .collect();
    for h in handles {
        assert!(h.join().unwrap());
    }
    let params = Params::new().set("Case", "partition").set("Region", "ap-southeast-7");
    assert_eq!(resolve(&rules, &params).unwrap().url, "https://svc.ap-southeast-7.amazonaws.com");
}
