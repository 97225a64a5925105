//! The test cases of the `smithy.rules#endpointTests` trait, and a runner for them.

use super::{resolve, Params, ResolveError, RuleSet, RuleSetError, Value};
use crate::json_value::Value as Json;
use std::collections::BTreeMap;

/// One case of a `smithy.rules#endpointTests` trait: parameter values and what they resolve to.
#[derive(Debug, Clone, PartialEq)]
pub struct TestCase {
    /// The case's `documentation`.
    pub documentation: Option<String>,
    /// The case's `params` (`null` values are left unset).
    pub params: Params,
    /// The case's `expect`.
    pub expect: Expectation,
}

/// What a [`TestCase`] expects.
#[derive(Debug, Clone, PartialEq)]
pub enum Expectation {
    /// An endpoint; headers and properties left out of the case are expected empty.
    Endpoint {
        /// The URL.
        url: String,
        /// The headers, by name.
        headers: BTreeMap<String, Vec<String>>,
        /// The properties.
        properties: crate::json_value::Map,
    },
    /// An error with this message.
    Error(String),
}

fn err(message: impl Into<String>) -> RuleSetError {
    RuleSetError::new(message)
}

impl TestCase {
    /// The cases of an `endpointTests` trait value (`{"version": .., "testCases": [..]}`) or of
    /// a bare array of cases.
    pub fn parse_all(tests: &Json) -> Result<Vec<TestCase>, RuleSetError> {
        let cases = match tests {
            Json::Array(cases) => cases,
            Json::Object(obj) => match obj.get("testCases") {
                Some(Json::Array(cases)) => cases,
                None => return Ok(Vec::new()),
                Some(_) => return Err(err("`testCases` must be an array")),
            },
            _ => return Err(err("endpoint tests must be an object or an array")),
        };
        cases
            .iter()
            .enumerate()
            .map(|(i, c)| TestCase::from_value(c).map_err(|e| e.within(format!("testCases[{i}]"))))
            .collect()
    }

    /// One test case from its JSON text.
    pub fn from_json(case: &str) -> Result<TestCase, RuleSetError> {
        let case = Json::parse(case).map_err(|e| err(format!("invalid JSON: {e}")))?;
        TestCase::from_value(&case)
    }

    /// One test case from its JSON.
    pub fn from_value(case: &Json) -> Result<TestCase, RuleSetError> {
        let obj = case.as_object().ok_or_else(|| err("a test case must be an object"))?;
        let documentation = obj.get("documentation").and_then(Json::as_str).map(str::to_owned);
        let mut params = Params::new();
        if let Some(p) = obj.get("params") {
            let p = p.as_object().ok_or_else(|| err("`params` must be an object"))?;
            for (name, value) in p {
                if value.is_null() {
                    continue;
                }
                let value = Value::from_json(value).ok_or_else(|| err(format!("unsupported value for `{name}`")))?;
                params.insert(name.clone(), value);
            }
        }
        let expect = obj.get("expect").and_then(Json::as_object).ok_or_else(|| err("missing `expect` object"))?;
        let expect = if let Some(message) = expect.get("error") {
            Expectation::Error(message.as_str().ok_or_else(|| err("`expect.error` must be a string"))?.to_owned())
        } else {
            let endpoint = expect
                .get("endpoint")
                .and_then(Json::as_object)
                .ok_or_else(|| err("`expect` needs `endpoint` or `error`"))?;
            let url = endpoint.get("url").and_then(Json::as_str).ok_or_else(|| err("`expect.endpoint.url` missing"))?;
            let mut headers = BTreeMap::new();
            if let Some(h) = endpoint.get("headers") {
                for (name, values) in h.as_object().ok_or_else(|| err("`expect.endpoint.headers` must be an object"))? {
                    let values = values
                        .as_array()
                        .and_then(|vs| vs.iter().map(|v| v.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>())
                        .ok_or_else(|| err(format!("header `{name}` must be an array of strings")))?;
                    headers.insert(name.clone(), values);
                }
            }
            let properties = match endpoint.get("properties") {
                None | Some(Json::Null) => crate::json_value::Map::new(),
                Some(Json::Object(p)) => p.clone(),
                Some(_) => return Err(err("`expect.endpoint.properties` must be an object")),
            };
            Expectation::Endpoint { url: url.to_owned(), headers, properties }
        };
        Ok(TestCase { documentation, params, expect })
    }

    /// Resolves the case's parameters with `rules` and compares with the expectation; `Err`
    /// says how they differ.
    pub fn check(&self, rules: &RuleSet) -> Result<(), String> {
        let name = self.documentation.as_deref().unwrap_or("(undocumented test case)");
        match (&self.expect, resolve(rules, &self.params)) {
            (Expectation::Endpoint { url, headers, properties }, Ok(endpoint)) => {
                let got_headers: BTreeMap<String, Vec<String>> = endpoint.headers.into_iter().collect();
                if &endpoint.url != url {
                    Err(format!("{name}: expected URL {url}, got {}", endpoint.url))
                } else if &got_headers != headers {
                    Err(format!("{name}: expected headers {headers:?}, got {got_headers:?}"))
                } else if &endpoint.properties != properties {
                    Err(format!(
                        "{name}: expected properties {}, got {}",
                        Json::Object(properties.clone()),
                        Json::Object(endpoint.properties)
                    ))
                } else {
                    Ok(())
                }
            }
            (Expectation::Endpoint { url, .. }, Err(e)) => Err(format!("{name}: expected URL {url}, got error: {e}")),
            (Expectation::Error(expected), Ok(endpoint)) => {
                Err(format!("{name}: expected error {expected:?}, got endpoint {}", endpoint.url))
            }
            (Expectation::Error(expected), Err(e)) => {
                let message = match e {
                    ResolveError::Rule(message) => message,
                    other => other.to_string(),
                };
                if &message == expected {
                    Ok(())
                } else {
                    Err(format!("{name}: expected error {expected:?}, got error {message:?}"))
                }
            }
        }
    }
}
