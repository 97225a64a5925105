//! A Smithy endpoint rules engine: an interpreter for `smithy.rules#endpointRuleSet` documents,
//! the rules language in which AWS service models say how to build a request's endpoint.
//!
//! A [`RuleSet`] is parsed (and checked) once from the trait's JSON; [`resolve`] then evaluates
//! it against [`Params`], the values of the rule set's parameters, and yields the [`Endpoint`]
//! or the rule set's error message.
//!
//! ```
//! use aws_client_runtime::endpoint_rules::{resolve, Params, RuleSet, Value};
//!
//! let rules = RuleSet::from_json(r#"{
//!     "version": "1.0",
//!     "parameters": {
//!         "Region": {"type": "string", "builtIn": "AWS::Region", "required": true, "documentation": "region"}
//!     },
//!     "rules": [{
//!         "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}],
//!         "endpoint": {"url": "https://svc.{Region}.{P#dnsSuffix}"},
//!         "type": "endpoint"
//!     }]
//! }"#).unwrap();
//! let endpoint = resolve(&rules, &Params::new().set("Region", "cn-north-1")).unwrap();
//! assert_eq!(endpoint.url, "https://svc.cn-north-1.amazonaws.com.cn");
//! ```
//!
//! The standard library is supported in full (`isSet`, `not`, `booleanEquals`, `stringEquals`,
//! `getAttr`, `substring`, `uriEncode`, `parseURL`, `isValidHostLabel`, and the 1.1 additions
//! `coalesce`, `ite` and `split`), with the AWS functions `aws.partition`, `aws.parseArn` and
//! `aws.isVirtualHostableS3Bucket`. The partitions table is built in.
//!
//! Evaluation follows the specification: rules are tried in order; a condition fails when its
//! function returns `false` or no value; values assigned by conditions are visible to the later
//! conditions of their rule and to its subrules; a tree rule whose conditions hold but whose
//! subrules all fail ends resolution with [`ResolveError::NoMatch`]. Where the specification
//! leaves a malformed call undefined, the engine is lenient in one way: a function (other than
//! `isSet`, `coalesce` and `ite`) given an argument without a value returns no value, so its
//! condition fails instead of the resolution.

mod aws;
mod eval;
mod partitions;
mod stdlib;
mod syntax;
mod test_cases;
mod url;

pub use test_cases::{Expectation, TestCase};

use std::collections::BTreeMap;
use std::fmt;

/// A value of the rules language: a parameter's value, a function's result or a variable.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Value {
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// An array of strings: a `stringArray` parameter, or the result of `split`.
    StringArray(Vec<String>),
    /// An integer literal (the indexes of `substring`, the limit of `split`).
    Integer(i64),
    /// An array whose items are not all strings.
    Array(Vec<Value>),
    /// A record, such as the results of `parseURL`, `aws.partition` and `aws.parseArn`.
    Record(BTreeMap<String, Value>),
}

impl Value {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The value from JSON: strings, booleans, integers, arrays (a [`Value::StringArray`] when
    /// every item is a string) and objects. `None` for `null` and non-integer numbers.
    pub fn from_json(json: &crate::json_value::Value) -> Option<Value> {
        use crate::json_value::Value as Json;
        Some(match json {
            Json::String(s) => Value::String(s.clone()),
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Integer(n.as_i64()?),
            Json::Array(items) => Value::from_values(items.iter().map(Value::from_json).collect::<Option<_>>()?),
            Json::Object(fields) => Value::Record(
                fields.iter().map(|(k, v)| Some((k.clone(), Value::from_json(v)?))).collect::<Option<_>>()?,
            ),
            Json::Null => return None,
        })
    }

    /// The value as JSON.
    pub fn to_json(&self) -> crate::json_value::Value {
        use crate::json_value::Value as Json;
        match self {
            Value::String(s) => Json::String(s.clone()),
            Value::Bool(b) => Json::Bool(*b),
            Value::StringArray(items) => Json::Array(items.iter().cloned().map(Json::String).collect()),
            Value::Integer(n) => Json::from(*n),
            Value::Array(items) => Json::Array(items.iter().map(Value::to_json).collect()),
            Value::Record(fields) => Json::Object(fields.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()),
        }
    }

    /// An array value: a [`Value::StringArray`] when every item is a string.
    fn from_values(values: Vec<Value>) -> Value {
        if values.iter().all(|v| matches!(v, Value::String(_))) {
            Value::StringArray(
                values
                    .into_iter()
                    .filter_map(|v| match v {
                        Value::String(s) => Some(s),
                        _ => None,
                    })
                    .collect(),
            )
        } else {
            Value::Array(values)
        }
    }

    /// The name of the value's type, for messages.
    fn type_name(&self) -> &'static str {
        match self {
            Value::String(_) => "a string",
            Value::Bool(_) => "a boolean",
            Value::StringArray(_) => "a string array",
            Value::Integer(_) => "an integer",
            Value::Array(_) => "an array",
            Value::Record(_) => "a record",
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<Vec<String>> for Value {
    fn from(items: Vec<String>) -> Self {
        Value::StringArray(items)
    }
}

/// The type of a rule set parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterType {
    /// `string`.
    String,
    /// `boolean`.
    Boolean,
    /// `stringArray`.
    StringArray,
}

impl ParameterType {
    /// `value`, if it is of this type (an [`Value::Array`] of strings counts as a string array).
    fn accept(self, value: Value) -> Option<Value> {
        match (self, value) {
            (ParameterType::String, v @ Value::String(_)) => Some(v),
            (ParameterType::Boolean, v @ Value::Bool(_)) => Some(v),
            (ParameterType::StringArray, v @ Value::StringArray(_)) => Some(v),
            (ParameterType::StringArray, Value::Array(items)) => match Value::from_values(items) {
                v @ Value::StringArray(_) => Some(v),
                _ => None,
            },
            _ => None,
        }
    }
}

impl fmt::Display for ParameterType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ParameterType::String => "string",
            ParameterType::Boolean => "boolean",
            ParameterType::StringArray => "stringArray",
        })
    }
}

/// A parameter declared by a rule set.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    name: String,
    ty: ParameterType,
    built_in: Option<String>,
    default: Option<Value>,
    required: bool,
    documentation: Option<String>,
    deprecated: bool,
}

impl Parameter {
    /// The parameter's name, as [`Params`] and references use it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The parameter's type.
    pub fn param_type(&self) -> ParameterType {
        self.ty
    }

    /// The built-in that supplies the value, such as `AWS::Region` or `SDK::Endpoint`.
    pub fn built_in(&self) -> Option<&str> {
        self.built_in.as_deref()
    }

    /// The value used when [`Params`] has none.
    pub fn default_value(&self) -> Option<&Value> {
        self.default.as_ref()
    }

    /// Whether resolution needs a value (given or default).
    pub fn is_required(&self) -> bool {
        self.required
    }

    /// The parameter's documentation.
    pub fn documentation(&self) -> Option<&str> {
        self.documentation.as_deref()
    }

    /// Whether the parameter is marked deprecated.
    pub fn is_deprecated(&self) -> bool {
        self.deprecated
    }
}

/// A parsed, checked `smithy.rules#endpointRuleSet` document.
#[derive(Debug, Clone)]
pub struct RuleSet {
    parsed: syntax::Parsed,
}

impl RuleSet {
    /// Parses a rule set from its JSON text.
    pub fn from_json(json: &str) -> Result<RuleSet, RuleSetError> {
        let value: crate::json_value::Value =
            crate::json_value::Value::parse(json).map_err(|e| RuleSetError::new(format!("invalid JSON: {e}")))?;
        RuleSet::from_value(&value)
    }

    /// Parses a rule set from JSON, such as the value of the `smithy.rules#endpointRuleSet`
    /// trait in a Smithy JSON AST.
    pub fn from_value(json: &crate::json_value::Value) -> Result<RuleSet, RuleSetError> {
        Ok(RuleSet { parsed: syntax::parse(json)? })
    }

    /// The rules engine version the document declares, such as `1.0`.
    pub fn version(&self) -> &str {
        &self.parsed.version
    }

    /// The declared parameters.
    pub fn parameters(&self) -> &[Parameter] {
        &self.parsed.parameters
    }

    /// The parameter named `name`.
    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parsed.parameters.iter().find(|p| p.name == name)
    }

    /// The parameter bound to the built-in `built_in` (such as `AWS::Region`), if any.
    pub fn parameter_for_built_in(&self, built_in: &str) -> Option<&Parameter> {
        self.parsed.parameters.iter().find(|p| p.built_in.as_deref() == Some(built_in))
    }
}

impl TryFrom<&crate::json_value::Value> for RuleSet {
    type Error = RuleSetError;

    fn try_from(json: &crate::json_value::Value) -> Result<Self, Self::Error> {
        RuleSet::from_value(json)
    }
}

impl std::str::FromStr for RuleSet {
    type Err = RuleSetError;

    fn from_str(json: &str) -> Result<Self, Self::Err> {
        RuleSet::from_json(json)
    }
}

/// Parameter values for [`resolve`]. Parameters left out take their declared `default`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params {
    values: BTreeMap<String, Value>,
}

impl Params {
    /// No values.
    pub fn new() -> Self {
        Params::default()
    }

    /// These values with `name` set to `value`.
    pub fn set(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.insert(name, value);
        self
    }

    /// Sets `name` to `value`, returning the value it replaces.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<Value>) -> Option<Value> {
        self.values.insert(name.into(), value.into())
    }

    /// Unsets `name`, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.values.remove(name)
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }

    /// The values set, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v))
    }
}

/// A resolved endpoint.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Endpoint {
    /// The URL, such as `https://ivs.us-west-2.amazonaws.com`.
    pub url: String,
    /// Headers to send, each with its values (in the order the rule set gives them).
    pub headers: Vec<(String, Vec<String>)>,
    /// Endpoint properties, such as `authSchemes`.
    pub properties: crate::json_value::Map,
}

/// Why a rule set document could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSetError {
    /// Where in the document, outermost first (built innermost first while unwinding).
    path: Vec<String>,
    message: String,
}

impl RuleSetError {
    fn new(message: impl Into<String>) -> Self {
        RuleSetError { path: Vec::new(), message: message.into() }
    }

    /// The same error, located inside `segment`.
    fn within(mut self, segment: impl Into<String>) -> Self {
        self.path.push(segment.into());
        self
    }

    /// What is wrong, without the location.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for RuleSetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid endpoint rule set")?;
        if !self.path.is_empty() {
            let path: Vec<&str> = self.path.iter().rev().map(String::as_str).collect();
            write!(f, " at {}", path.join("."))?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for RuleSetError {}

/// Why [`resolve`] gave no endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResolveError {
    /// An `error` rule matched; this is its message, templates filled in.
    Rule(String),
    /// A `required` parameter has neither a value nor a default.
    MissingParameter(String),
    /// A parameter value or an evaluated expression has the wrong type.
    Invalid(String),
    /// No rule matched (at the top level, or in a tree rule whose conditions held).
    NoMatch,
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::Rule(message) => f.write_str(message),
            ResolveError::MissingParameter(name) => write!(f, "endpoint parameter `{name}` is required but not set"),
            ResolveError::Invalid(message) => write!(f, "endpoint resolution failed: {message}"),
            ResolveError::NoMatch => f.write_str("no endpoint rule matched the parameters"),
        }
    }
}

impl std::error::Error for ResolveError {}

/// Resolves the endpoint that `rules` give for `params`.
///
/// Values in `params` for names the rule set does not declare are ignored, so a client may pass
/// the same built-ins to every rule set.
pub fn resolve(rules: &RuleSet, params: &Params) -> Result<Endpoint, ResolveError> {
    let mut env = eval::Env::new();
    for p in &rules.parsed.parameters {
        let value = match params.get(&p.name) {
            Some(v) => Some(p.ty.accept(v.clone()).ok_or_else(|| {
                ResolveError::Invalid(format!("parameter `{}` must be a {}, not {}", p.name, p.ty, v.type_name()))
            })?),
            None => p.default.clone(),
        };
        match value {
            Some(v) => env.bind(&p.name, v),
            None if p.required => return Err(ResolveError::MissingParameter(p.name.clone())),
            None => {}
        }
    }
    eval::eval_rules(&rules.parsed.rules, &mut env)?.ok_or(ResolveError::NoMatch)
}

#[cfg(test)]
mod tests;
