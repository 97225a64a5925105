//! Tests of parsing and evaluation (the functions have their own, in their modules).

use super::*;
use proptest::prelude::*;
use serde_json::json;

/// The runtime's JSON value of a `json!` value (built without parsing, so with no depth limit).
fn j(value: serde_json::Value) -> crate::json_value::Value {
    use crate::json_value::Value as J;
    match value {
        serde_json::Value::Null => J::Null,
        serde_json::Value::Bool(b) => J::Bool(b),
        serde_json::Value::Number(n) => J::parse(&n.to_string()).unwrap(),
        serde_json::Value::String(s) => J::String(s),
        serde_json::Value::Array(items) => J::Array(items.into_iter().map(j).collect()),
        serde_json::Value::Object(members) => J::Object(members.into_iter().map(|(k, v)| (k, j(v))).collect()),
    }
}

fn rule_set(parameters: serde_json::Value, rules: serde_json::Value) -> RuleSet {
    RuleSet::from_value(&j(json!({"version": "1.0", "parameters": parameters, "rules": rules}))).unwrap()
}

fn parse_err(parameters: serde_json::Value, rules: serde_json::Value) -> String {
    RuleSet::from_value(&j(json!({"version": "1.0", "parameters": parameters, "rules": rules})))
        .unwrap_err()
        .to_string()
}

fn url(rules: &RuleSet, params: Params) -> String {
    resolve(rules, &params).unwrap().url
}

fn endpoint(url: &str) -> serde_json::Value {
    json!({"conditions": [], "endpoint": {"url": url}, "type": "endpoint"})
}

fn error(message: &str) -> serde_json::Value {
    json!({"conditions": [], "error": message, "type": "error"})
}

#[test]
fn defaults_required_and_types() {
    let rules = rule_set(
        json!({
            "Region": {"type": "String", "required": true, "documentation": "d"},
            "Flag": {"type": "Boolean", "required": true, "default": true},
            "List": {"type": "stringArray", "required": true, "default": ["a", "b"]},
            "Opt": {"type": "string"},
        }),
        json!([{
            "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "Flag"}, true]}],
            "endpoint": {"url": "https://{Region}.{List#[1]}"},
            "type": "endpoint"
        }, error("flag off")]),
    );
    assert_eq!(url(&rules, Params::new().set("Region", "r")), "https://r.b");
    assert_eq!(
        url(&rules, Params::new().set("Region", "r").set("List", vec!["x".to_owned(), "y".to_owned()])),
        "https://r.y"
    );
    assert_eq!(
        resolve(&rules, &Params::new().set("Region", "r").set("Flag", false)),
        Err(ResolveError::Rule("flag off".into()))
    );
    assert_eq!(resolve(&rules, &Params::new()), Err(ResolveError::MissingParameter("Region".into())));
    assert!(matches!(resolve(&rules, &Params::new().set("Region", true)), Err(ResolveError::Invalid(_))));
    assert!(matches!(
        resolve(&rules, &Params::new().set("Region", "r").set("List", "x")),
        Err(ResolveError::Invalid(_))
    ));
    // Undeclared names are ignored.
    assert_eq!(url(&rules, Params::new().set("Region", "r").set("Other", 1.to_string())), "https://r.b");

    let region = rules.parameter("Region").unwrap();
    assert_eq!(region.param_type(), ParameterType::String);
    assert!(region.is_required() && region.default_value().is_none());
    assert_eq!(region.documentation(), Some("d"));
    assert_eq!(rules.parameter("Flag").unwrap().default_value(), Some(&Value::Bool(true)));
    assert_eq!(rules.parameters().len(), 4);
    assert_eq!(rules.version(), "1.0");
}

#[test]
fn built_ins_are_listed() {
    let rules = rule_set(
        json!({"Region": {"type": "string", "builtIn": "AWS::Region"}, "X": {"type": "string"}}),
        json!([endpoint("https://x")]),
    );
    assert_eq!(rules.parameter_for_built_in("AWS::Region").map(Parameter::name), Some("Region"));
    assert_eq!(rules.parameter_for_built_in("SDK::Endpoint"), None);
}

#[test]
fn assignments_are_scoped_to_their_rule() {
    // `P` assigned in the first tree is not visible to the second rule; a same-named variable
    // may be assigned again in a sibling rule.
    let rules = rule_set(
        json!({"Region": {"type": "string"}, "Which": {"type": "string"}}),
        json!([
            {
                "conditions": [
                    {"fn": "isSet", "argv": [{"ref": "Region"}]},
                    {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"},
                    {"fn": "stringEquals", "argv": [{"ref": "Which"}, "first"]}
                ],
                "rules": [
                    {
                        "conditions": [{"fn": "getAttr", "argv": [{"ref": "P"}, "name"], "assign": "N"}],
                        "endpoint": {"url": "https://{N}.{P#dnsSuffix}"},
                        "type": "endpoint"
                    }
                ],
                "type": "tree"
            },
            {
                "conditions": [
                    {"fn": "isSet", "argv": [{"ref": "Region"}]},
                    {"fn": "aws.partition", "argv": ["{Region}"], "assign": "P"}
                ],
                "endpoint": {"url": "https://second.{P#dualStackDnsSuffix}"},
                "type": "endpoint"
            },
            error("no region")
        ]),
    );
    assert_eq!(
        url(&rules, Params::new().set("Region", "cn-north-1").set("Which", "first")),
        "https://aws-cn.amazonaws.com.cn"
    );
    assert_eq!(url(&rules, Params::new().set("Region", "cn-north-1")), "https://second.api.amazonwebservices.com.cn");
    assert_eq!(resolve(&rules, &Params::new()), Err(ResolveError::Rule("no region".into())));
}

#[test]
fn exhausted_trees_and_rule_sets_are_errors() {
    let rules = rule_set(
        json!({"A": {"type": "boolean", "required": true, "default": false}}),
        json!([
            {
                "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "A"}, true]}],
                "rules": [{"conditions": [{"fn": "not", "argv": [{"ref": "A"}]}], "endpoint": {"url": "https://x"}, "type": "endpoint"}],
                "type": "tree"
            },
            {"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "A"}, true]}], "endpoint": {"url": "https://never"}, "type": "endpoint"}
        ]),
    );
    assert_eq!(resolve(&rules, &Params::new().set("A", true)), Err(ResolveError::NoMatch));
    assert_eq!(resolve(&rules, &Params::new()), Err(ResolveError::NoMatch));
}

#[test]
fn unset_values_fail_conditions() {
    let rules = rule_set(
        json!({"Opt": {"type": "string"}, "B": {"type": "boolean"}}),
        json!([
            {"conditions": [{"fn": "stringEquals", "argv": [{"ref": "Opt"}, "x"]}], "endpoint": {"url": "https://opt"}, "type": "endpoint"},
            {"conditions": [{"fn": "not", "argv": [{"ref": "B"}]}], "endpoint": {"url": "https://not-b"}, "type": "endpoint"},
            {"conditions": [{"fn": "stringEquals", "argv": ["{Opt}", "{Opt}"]}], "endpoint": {"url": "https://tpl"}, "type": "endpoint"},
            {"conditions": [{"fn": "coalesce", "argv": [{"ref": "Opt"}, "dflt"], "assign": "C"}], "endpoint": {"url": "https://{C}"}, "type": "endpoint"}
        ]),
    );
    assert_eq!(url(&rules, Params::new()), "https://dflt");
    assert_eq!(url(&rules, Params::new().set("Opt", "x")), "https://opt");
    assert_eq!(url(&rules, Params::new().set("B", false)), "https://not-b");
    assert_eq!(url(&rules, Params::new().set("Opt", "y")), "https://tpl");
}

#[test]
fn headers_and_properties_are_templated() {
    let rules = rule_set(
        json!({"Region": {"type": "string", "required": true}}),
        json!([{
            "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}],
            "endpoint": {
                "url": {"ref": "Region"},
                "headers": {"x-region": ["{Region}", "static", {"fn": "getAttr", "argv": [{"ref": "P"}, "name"]}], "x-empty": []},
                "properties": {
                    "authSchemes": [{"name": "sigv4", "signingRegion": "{P#implicitGlobalRegion}", "disableDoubleEncoding": true}],
                    "n": 3, "nothing": null, "escaped": "{{literal}}"
                }
            },
            "type": "endpoint"
        }]),
    );
    let mut e = resolve(&rules, &Params::new().set("Region", "us-gov-east-1")).unwrap();
    assert_eq!(e.url, "us-gov-east-1");
    e.headers.sort();
    assert_eq!(
        e.headers,
        [
            ("x-empty".to_owned(), vec![]),
            ("x-region".to_owned(), vec!["us-gov-east-1".to_owned(), "static".to_owned(), "aws-us-gov".to_owned()])
        ]
    );
    assert_eq!(
        crate::json_value::Value::Object(e.properties),
        j(json!({
            "authSchemes": [{"name": "sigv4", "signingRegion": "us-gov-west-1", "disableDoubleEncoding": true}],
            "n": 3, "nothing": null, "escaped": "{literal}"
        }))
    );
}

#[test]
fn get_attr_paths() {
    let rules = rule_set(
        json!({"Arn": {"type": "string", "required": true}}),
        json!([
            {
                "conditions": [
                    {"fn": "aws.parseArn", "argv": [{"ref": "Arn"}], "assign": "A"},
                    {"fn": "getAttr", "argv": [{"ref": "A"}, "resourceId[2]"], "assign": "R2"}
                ],
                "endpoint": {"url": "https://{A#service}.{A#resourceId[0]}.{R2}.{A#region}"},
                "type": "endpoint"
            },
            {
                "conditions": [{"fn": "aws.parseArn", "argv": [{"ref": "Arn"}], "assign": "A"}],
                "endpoint": {"url": "https://short.{A#resourceId[0]}"},
                "type": "endpoint"
            },
            error("not an ARN: {Arn}")
        ]),
    );
    assert_eq!(url(&rules, Params::new().set("Arn", "arn:aws:s3:us-west-2:1:a/b:c")), "https://s3.a.c.us-west-2");
    assert_eq!(url(&rules, Params::new().set("Arn", "arn:aws:s3:us-west-2:1:a")), "https://short.a");
    assert_eq!(resolve(&rules, &Params::new().set("Arn", "nope")), Err(ResolveError::Rule("not an ARN: nope".into())));
}

#[test]
fn type_errors_at_run_time_are_invalid() {
    let rules = rule_set(
        json!({"S": {"type": "string", "required": true}}),
        json!([{"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "S"}, true]}], "endpoint": {"url": "https://x"}, "type": "endpoint"}]),
    );
    let e = resolve(&rules, &Params::new().set("S", "s")).unwrap_err();
    assert!(matches!(&e, ResolveError::Invalid(m) if m.contains("booleanEquals")), "{e}");
    let rules = rule_set(
        json!({"S": {"type": "string", "required": true}}),
        json!([{"conditions": [], "endpoint": {"url": true}, "type": "endpoint"}]),
    );
    assert!(matches!(resolve(&rules, &Params::new().set("S", "s")), Err(ResolveError::Invalid(_))));
    let rules = rule_set(
        json!({"S": {"type": "string", "required": true}}),
        json!([{"conditions": [{"fn": "getAttr", "argv": [{"ref": "S"}, "x"]}], "endpoint": {"url": "https://x"}, "type": "endpoint"}]),
    );
    assert!(matches!(resolve(&rules, &Params::new().set("S", "s")), Err(ResolveError::Invalid(_))));
}

#[test]
fn malformed_rule_sets_are_rejected() {
    let p = json!({"Region": {"type": "string"}});
    let cases = [
        (
            json!([{"conditions": [{"fn": "nope", "argv": []}], "endpoint": {"url": "x"}, "type": "endpoint"}]),
            "unknown function `nope`",
        ),
        (
            json!([{"conditions": [{"fn": "isSet", "argv": []}], "endpoint": {"url": "x"}, "type": "endpoint"}]),
            "takes 1 argument",
        ),
        (
            json!([{"conditions": [{"fn": "coalesce", "argv": ["a"]}], "endpoint": {"url": "x"}, "type": "endpoint"}]),
            "two or more",
        ),
        (json!([{"conditions": [], "endpoint": {"url": "{Nope}"}, "type": "endpoint"}]), "`Nope` is neither"),
        (json!([{"conditions": [], "endpoint": {"url": {"ref": "Nope"}}, "type": "endpoint"}]), "`Nope` is neither"),
        (json!([{"conditions": [], "endpoint": {"url": "{Region"}, "type": "endpoint"}]), "unmatched `{`"),
        (json!([{"conditions": [], "endpoint": {"url": "x"}, "type": "bogus"}]), "unknown rule type"),
        (json!([{"conditions": [], "type": "endpoint"}]), "missing `endpoint`"),
        (json!([{"conditions": [], "rules": [], "type": "tree"}]), "at least one rule"),
        (json!([]), "at least one rule"),
        (
            json!([{"conditions": [{"fn": "aws.partition", "argv": ["x"], "assign": "Region"}], "error": "e", "type": "error"}]),
            "already",
        ),
        (
            json!([{"conditions": [{"fn": "getAttr", "argv": [{"ref": "Region"}, {"ref": "Region"}]}], "error": "e", "type": "error"}]),
            "getAttr path",
        ),
        (
            json!([{"conditions": [{"fn": "getAttr", "argv": [{"ref": "Region"}, "a[-1]"]}], "error": "e", "type": "error"}]),
            "invalid getAttr path",
        ),
        (
            json!([{"conditions": [{"fn": "substring", "argv": ["a", 0.5, 1, false]}], "error": "e", "type": "error"}]),
            "not an integer",
        ),
        (json!([{"conditions": [{"fn": "isSet", "argv": [null]}], "error": "e", "type": "error"}]), "null"),
        (json!([{"conditions": [{"fn": "isSet", "argv": [{"x": 1}]}], "error": "e", "type": "error"}]), "`ref`"),
        (
            json!([{"conditions": [], "endpoint": {"url": "x", "headers": {"h": "v"}}, "type": "endpoint"}]),
            "must be an array",
        ),
        // A variable assigned in one rule is not in scope in the next.
        (
            json!([
                {"conditions": [{"fn": "aws.partition", "argv": ["x"], "assign": "P"}], "error": "e", "type": "error"},
                {"conditions": [], "error": "{P#name}", "type": "error"}
            ]),
            "`P` is neither",
        ),
    ];
    for (rules, expected) in cases {
        let message = parse_err(p.clone(), rules.clone());
        assert!(message.contains(expected), "{rules}: {message}");
    }
    assert!(parse_err(json!({"X": {"type": "integer"}}), json!([endpoint("x")])).contains("unknown parameter type"));
    assert!(parse_err(json!({"X": {"type": "string", "default": true}}), json!([endpoint("x")])).contains("default"));
    assert!(parse_err(json!({"X": {}}), json!([endpoint("x")])).contains("missing `type`"));
    assert!(RuleSet::from_json("{").unwrap_err().to_string().contains("invalid JSON"));
    assert!(RuleSet::from_json("[]").is_err());
    assert!(RuleSet::from_value(&j(json!({"parameters": {}, "rules": [endpoint("x")]}))).is_err());
    // Errors say where.
    let message = parse_err(
        p,
        json!([endpoint("x"), {"conditions": [{"fn": "isSet", "argv": ["{Nope}"]}], "error": "e", "type": "error"}]),
    );
    assert!(message.starts_with("invalid endpoint rule set at rules[1].conditions[0].`isSet`.argv[0]"), "{message}");
}

#[test]
fn deep_nesting_is_bounded() {
    // Rules nested past the limit are rejected when parsed from a value (JSON text hits the
    // JSON reader's own depth limit first).
    let mut rules = endpoint("https://deep");
    for _ in 0..200 {
        rules = json!({"conditions": [], "rules": [rules], "type": "tree"});
    }
    let message =
        RuleSet::from_value(&j(json!({"version": "1.0", "parameters": {}, "rules": [rules]}))).unwrap_err().to_string();
    assert!(message.contains("nested deeper"), "{message}");
    let text = serde_json::to_string(&json!({"version": "1.0", "parameters": {}, "rules": [rules]})).unwrap();
    assert!(RuleSet::from_json(&text).is_err());

    let mut expr = json!(true);
    for _ in 0..200 {
        expr = json!({"fn": "not", "argv": [expr]});
    }
    let doc =
        json!({"version": "1.0", "parameters": {}, "rules": [{"conditions": [expr], "error": "e", "type": "error"}]});
    assert!(RuleSet::from_value(&j(doc)).unwrap_err().to_string().contains("nested deeper"));

    // Within the limit, deep rule sets evaluate.
    let mut rules = endpoint("https://deep");
    for _ in 0..syntax::MAX_DEPTH - 5 {
        rules = json!({"conditions": [{"fn": "not", "argv": [{"fn": "not", "argv": [true]}]}], "rules": [rules], "type": "tree"});
    }
    let rules = rule_set(json!({}), json!([rules]));
    assert_eq!(url(&rules, Params::new()), "https://deep");
    let mut expr = json!(true);
    for _ in 0..syntax::MAX_DEPTH - 3 {
        expr = json!({"fn": "not", "argv": [expr]});
    }
    let rules = rule_set(
        json!({}),
        json!([{"conditions": [{"fn": "isSet", "argv": [expr]}], "endpoint": {"url": "https://not"}, "type": "endpoint"}]),
    );
    assert_eq!(url(&rules, Params::new()), "https://not");
}

#[test]
fn values_convert_to_and_from_json() {
    let json = j(json!({"a": ["x", "y"], "b": [1, "x"], "c": true, "d": 7}));
    let v = Value::from_json(&json).unwrap();
    assert_eq!(v.to_json(), json);
    let Value::Record(fields) = &v else { panic!("{v:?}") };
    assert_eq!(fields["a"], Value::StringArray(vec!["x".into(), "y".into()]));
    assert!(matches!(fields["b"], Value::Array(_)));
    assert_eq!(Value::from_json(&j(json!(null))), None);
    assert_eq!(Value::from_json(&j(json!(1.5))), None);
    assert_eq!(Value::from("s").as_str(), Some("s"));
    assert_eq!(Value::from(true).as_bool(), Some(true));
}

#[test]
fn test_case_runner_reports_differences() {
    let rules = rule_set(
        json!({"R": {"type": "string"}}),
        json!([{"conditions": [{"fn": "isSet", "argv": [{"ref": "R"}]}], "endpoint": {"url": "https://{R}", "headers": {"h": ["v"]}}, "type": "endpoint"}, error("no R")]),
    );
    let cases = TestCase::parse_all(&j(json!({"version": "1.0", "testCases": [
        {"documentation": "ok", "params": {"R": "a"}, "expect": {"endpoint": {"url": "https://a", "headers": {"h": ["v"]}}}},
        {"documentation": "err", "params": {"R": null}, "expect": {"error": "no R"}},
        {"documentation": "wrong url", "params": {"R": "a"}, "expect": {"endpoint": {"url": "https://b", "headers": {"h": ["v"]}}}},
        {"documentation": "wrong headers", "params": {"R": "a"}, "expect": {"endpoint": {"url": "https://a"}}},
        {"documentation": "wrong properties", "params": {"R": "a"}, "expect": {"endpoint": {"url": "https://a", "headers": {"h": ["v"]}, "properties": {"p": 1}}}},
        {"documentation": "wrong error", "params": {}, "expect": {"error": "other"}},
        {"documentation": "expected error", "params": {"R": "a"}, "expect": {"error": "no R"}}
    ]})))
    .unwrap();
    let results: Vec<bool> = cases.iter().map(|c| c.check(&rules).is_ok()).collect();
    assert_eq!(results, [true, true, false, false, false, false, false]);
    assert!(TestCase::parse_all(&j(json!({"testCases": [{"params": {}}]}))).is_err());
    assert!(TestCase::parse_all(&j(json!({"testCases": [{"params": {"x": 1.5}, "expect": {"error": "e"}}]}))).is_err());
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(json!(null)),
        any::<bool>().prop_map(serde_json::Value::from),
        (-3i64..70).prop_map(serde_json::Value::from),
        prop_oneof![
            Just("{Region}".to_owned()),
            Just("{P#name}".to_owned()),
            Just("https://{Region}.x".to_owned()),
            Just("arn:aws:s3:::b/k".to_owned()),
            "[a-z{}#.\\[\\]0-9:/-]{0,12}",
        ]
        .prop_map(serde_json::Value::from),
        prop_oneof![
            Just("isSet"),
            Just("not"),
            Just("booleanEquals"),
            Just("stringEquals"),
            Just("getAttr"),
            Just("substring"),
            Just("uriEncode"),
            Just("parseURL"),
            Just("isValidHostLabel"),
            Just("coalesce"),
            Just("ite"),
            Just("split"),
            Just("aws.partition"),
            Just("aws.parseArn"),
            Just("aws.isVirtualHostableS3Bucket"),
        ]
        .prop_map(|f| json!({"fn": f, "argv": [{"ref": "Region"}, 1, 2, false]})),
        Just(json!({"ref": "Region"})),
    ];
    leaf.prop_recursive(4, 40, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            (
                prop_oneof![
                    Just("isSet"),
                    Just("not"),
                    Just("getAttr"),
                    Just("coalesce"),
                    Just("ite"),
                    Just("substring"),
                    Just("split")
                ],
                prop::collection::vec(inner.clone(), 0..5)
            )
                .prop_map(|(f, argv)| json!({"fn": f, "argv": argv})),
            (inner.clone(), inner).prop_map(
                |(c, e)| json!({"type": "tree", "conditions": [{"fn": "isSet", "argv": [c], "assign": "P"}], "rules": [
                    {"type": "endpoint", "conditions": [], "endpoint": {"url": e.clone(), "headers": {"h": [e]}}}
                ]})
            ),
        ]
    })
}

proptest! {
    #[test]
    fn arbitrary_documents_never_panic(rules in prop::collection::vec(arb_json(), 0..4), region in "[a-z0-9:/.-]{0,16}") {
        let doc = json!({"version": "1.0", "parameters": {"Region": {"type": "string"}}, "rules": rules});
        if let Ok(rules) = RuleSet::from_value(&j(doc)) {
            let _ = resolve(&rules, &Params::new().set("Region", region));
            let _ = resolve(&rules, &Params::new());
        }
    }
}
