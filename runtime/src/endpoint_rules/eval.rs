//! The interpreter: evaluates a parsed rule set against parameter values.

use super::syntax::{Condition, EndpointSpec, Expr, Func, PathSegment, Prop, Rule, RuleKind, Template, TemplatePart};
use super::{aws, partitions, stdlib, url, Endpoint, ResolveError, Value};
use std::collections::BTreeMap;

/// The values in scope: parameters first, then variables assigned by conditions, innermost last.
pub(crate) struct Env<'a> {
    vars: Vec<(&'a str, Value)>,
}

impl<'a> Env<'a> {
    pub(crate) fn new() -> Self {
        Env { vars: Vec::new() }
    }

    pub(crate) fn bind(&mut self, name: &'a str, value: Value) {
        self.vars.push((name, value));
    }

    fn get(&self, name: &str) -> Option<&Value> {
        self.vars.iter().rev().find(|(n, _)| *n == name).map(|(_, v)| v)
    }
}

fn invalid(message: impl Into<String>) -> ResolveError {
    ResolveError::Invalid(message.into())
}

/// Evaluates `rules` in order: the first whose conditions hold decides. `Ok(None)` when none
/// matched. A tree rule whose conditions hold but whose subrules all fail is an error.
pub(crate) fn eval_rules<'a>(rules: &'a [Rule], env: &mut Env<'a>) -> Result<Option<Endpoint>, ResolveError> {
    for rule in rules {
        let mark = env.vars.len();
        let outcome = if conditions_hold(&rule.conditions, env)? {
            match &rule.kind {
                RuleKind::Endpoint(spec) => Some(endpoint(spec, env)?),
                RuleKind::Error(message) => {
                    return Err(ResolveError::Rule(expect_string(eval(message, env)?, "an error message")?));
                }
                RuleKind::Tree(subrules) => Some(eval_rules(subrules, env)?.ok_or(ResolveError::NoMatch)?),
            }
        } else {
            None
        };
        env.vars.truncate(mark);
        if outcome.is_some() {
            return Ok(outcome);
        }
    }
    Ok(None)
}

/// Evaluates conditions in order, binding assigned values; stops at the first that fails (is
/// false or has no value).
fn conditions_hold<'a>(conditions: &'a [Condition], env: &mut Env<'a>) -> Result<bool, ResolveError> {
    for condition in conditions {
        match eval(&condition.call, env)? {
            None | Some(Value::Bool(false)) => return Ok(false),
            Some(value) => {
                if let Some(name) = &condition.assign {
                    env.bind(name, value);
                }
            }
        }
    }
    Ok(true)
}

fn expect_string(value: Option<Value>, what: &str) -> Result<String, ResolveError> {
    match value {
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(invalid(format!("{what} must be a string, not {}", other.type_name()))),
        None => Err(invalid(format!("{what} has no value"))),
    }
}

fn endpoint(spec: &EndpointSpec, env: &Env<'_>) -> Result<Endpoint, ResolveError> {
    let url = expect_string(eval(&spec.url, env)?, "the endpoint URL")?;
    let mut headers = Vec::with_capacity(spec.headers.len());
    for (name, exprs) in &spec.headers {
        let values = exprs
            .iter()
            .map(|e| expect_string(eval(e, env)?, &format!("header `{name}`")))
            .collect::<Result<Vec<_>, _>>()?;
        headers.push((name.clone(), values));
    }
    let mut properties = crate::json_value::Map::new();
    for (name, prop) in &spec.properties {
        properties.insert(name.clone(), property(prop, env)?);
    }
    Ok(Endpoint { url, headers, properties })
}

fn property(prop: &Prop, env: &Env<'_>) -> Result<crate::json_value::Value, ResolveError> {
    use crate::json_value::Value as Json;
    Ok(match prop {
        Prop::Str(t) => Json::String(expect_string(template(t, env)?, "an endpoint property")?),
        Prop::Bool(b) => Json::Bool(*b),
        Prop::Number(n) => Json::Number(n.clone()),
        Prop::Null => Json::Null,
        Prop::Array(items) => Json::Array(items.iter().map(|p| property(p, env)).collect::<Result<_, _>>()?),
        Prop::Object(fields) => Json::Object(
            fields.iter().map(|(k, p)| Ok((k.clone(), property(p, env)?))).collect::<Result<_, ResolveError>>()?,
        ),
    })
}

fn template(t: &Template, env: &Env<'_>) -> Result<Option<Value>, ResolveError> {
    if let [TemplatePart::Literal(s)] = t.parts.as_slice() {
        return Ok(Some(Value::String(s.clone())));
    }
    let mut out = String::new();
    for part in &t.parts {
        match part {
            TemplatePart::Literal(s) => out.push_str(s),
            TemplatePart::Dynamic(name, path) => {
                let Some(value) = env.get(name) else { return Ok(None) };
                match get_attr(value, path)? {
                    None => return Ok(None),
                    Some(Value::String(s)) => out.push_str(&s),
                    Some(other) => {
                        return Err(invalid(format!(
                            "`{{{name}}}` in a template is {}, not a string",
                            other.type_name()
                        )))
                    }
                }
            }
        }
    }
    Ok(Some(Value::String(out)))
}

/// Follows a `getAttr` path. A missing field or an index out of range gives `None`; stepping
/// into something that is neither a record nor an array is an error.
pub(crate) fn get_attr(value: &Value, path: &[PathSegment]) -> Result<Option<Value>, ResolveError> {
    let mut current = value;
    for (i, segment) in path.iter().enumerate() {
        let next = match (segment, current) {
            (PathSegment::Key(k), Value::Record(fields)) => fields.get(k),
            (PathSegment::Index(n), Value::Array(items)) => items.get(*n),
            (PathSegment::Index(n), Value::StringArray(items)) => {
                return match items.get(*n) {
                    Some(s) if i + 1 == path.len() => Ok(Some(Value::String(s.clone()))),
                    Some(_) => Err(invalid("getAttr: a string has no attributes")),
                    None => Ok(None),
                };
            }
            (PathSegment::Key(k), other) => {
                return Err(invalid(format!("getAttr: cannot read field `{k}` of {}", other.type_name())))
            }
            (PathSegment::Index(n), other) => {
                return Err(invalid(format!("getAttr: cannot index [{n}] into {}", other.type_name())))
            }
        };
        match next {
            Some(v) => current = v,
            None => return Ok(None),
        }
    }
    Ok(Some(current.clone()))
}

/// Evaluates an expression. `Ok(None)` is the rules language's empty optional.
pub(crate) fn eval(expr: &Expr, env: &Env<'_>) -> Result<Option<Value>, ResolveError> {
    match expr {
        Expr::Str(t) => template(t, env),
        Expr::Bool(b) => Ok(Some(Value::Bool(*b))),
        Expr::Int(n) => Ok(Some(Value::Integer(*n))),
        Expr::Ref(name) => Ok(env.get(name).cloned()),
        Expr::Array(items) => {
            let mut values = Vec::with_capacity(items.len());
            for item in items {
                match eval(item, env)? {
                    Some(v) => values.push(v),
                    None => return Ok(None),
                }
            }
            Ok(Some(Value::from_values(values)))
        }
        Expr::Call(func, args) => call(func, args, env),
    }
}

/// Typed access to a function's evaluated arguments.
struct Args<'f> {
    func: &'f Func,
    values: Vec<Value>,
}

impl Args<'_> {
    fn mismatch(&self, i: usize, expected: &str) -> ResolveError {
        invalid(format!(
            "`{}` argument {} must be {expected}, not {}",
            self.func.name(),
            i + 1,
            self.values[i].type_name()
        ))
    }

    fn str(&self, i: usize) -> Result<&str, ResolveError> {
        match &self.values[i] {
            Value::String(s) => Ok(s),
            _ => Err(self.mismatch(i, "a string")),
        }
    }

    fn bool(&self, i: usize) -> Result<bool, ResolveError> {
        match &self.values[i] {
            Value::Bool(b) => Ok(*b),
            _ => Err(self.mismatch(i, "a boolean")),
        }
    }

    fn int(&self, i: usize) -> Result<i64, ResolveError> {
        match &self.values[i] {
            Value::Integer(n) => Ok(*n),
            _ => Err(self.mismatch(i, "an integer")),
        }
    }
}

fn record<const N: usize>(fields: [(&str, Value); N]) -> Value {
    Value::Record(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect::<BTreeMap<_, _>>())
}

fn call(func: &Func, args: &[Expr], env: &Env<'_>) -> Result<Option<Value>, ResolveError> {
    // The functions that do not simply need every argument to have a value.
    match func {
        Func::IsSet => return Ok(Some(Value::Bool(eval(&args[0], env)?.is_some()))),
        Func::Coalesce => {
            for arg in args {
                if let Some(v) = eval(arg, env)? {
                    return Ok(Some(v));
                }
            }
            return Ok(None);
        }
        Func::Ite => {
            let Some(condition) = eval(&args[0], env)? else { return Ok(None) };
            let Value::Bool(condition) = condition else {
                return Err(invalid(format!("`ite` condition must be a boolean, not {}", condition.type_name())));
            };
            return eval(&args[if condition { 1 } else { 2 }], env);
        }
        Func::GetAttr(path) => {
            return match eval(&args[0], env)? {
                Some(v) => get_attr(&v, path),
                None => Ok(None),
            }
        }
        _ => {}
    }
    let mut values = Vec::with_capacity(args.len());
    for arg in args {
        match eval(arg, env)? {
            Some(v) => values.push(v),
            // An argument without a value makes the call have none: its condition fails.
            None => return Ok(None),
        }
    }
    let a = Args { func, values };
    let out = match func {
        Func::Not => Value::Bool(!a.bool(0)?),
        Func::BooleanEquals => Value::Bool(a.bool(0)? == a.bool(1)?),
        Func::StringEquals => Value::Bool(a.str(0)? == a.str(1)?),
        Func::Substring => match stdlib::substring(a.str(0)?, a.int(1)?, a.int(2)?, a.bool(3)?) {
            Some(s) => Value::String(s),
            None => return Ok(None),
        },
        Func::UriEncode => Value::String(stdlib::uri_encode(a.str(0)?)),
        Func::IsValidHostLabel => Value::Bool(stdlib::is_valid_host_label(a.str(0)?, a.bool(1)?)),
        Func::Split => match stdlib::split(a.str(0)?, a.str(1)?, a.int(2)?) {
            Ok(parts) => Value::StringArray(parts),
            Err(stdlib::SplitError::EmptyDelimiter) => return Err(invalid("`split` delimiter must not be empty")),
            Err(stdlib::SplitError::NegativeLimit) => return Err(invalid("`split` limit must not be negative")),
        },
        Func::ParseUrl => match url::parse_url(a.str(0)?) {
            Some(u) => record([
                ("scheme", Value::String(u.scheme)),
                ("authority", Value::String(u.authority)),
                ("path", Value::String(u.path)),
                ("normalizedPath", Value::String(u.normalized_path)),
                ("isIp", Value::Bool(u.is_ip)),
            ]),
            None => return Ok(None),
        },
        Func::AwsPartition => {
            let p = partitions::partition_of(a.str(0)?);
            record([
                ("name", Value::from(p.id)),
                ("dnsSuffix", Value::from(p.dns_suffix)),
                ("dualStackDnsSuffix", Value::from(p.dual_stack_dns_suffix)),
                ("supportsFIPS", Value::Bool(p.supports_fips)),
                ("supportsDualStack", Value::Bool(p.supports_dual_stack)),
                ("implicitGlobalRegion", Value::from(p.implicit_global_region)),
            ])
        }
        Func::AwsParseArn => match aws::parse_arn(a.str(0)?) {
            Some(arn) => record([
                ("partition", Value::String(arn.partition)),
                ("service", Value::String(arn.service)),
                ("region", Value::String(arn.region)),
                ("accountId", Value::String(arn.account_id)),
                ("resourceId", Value::StringArray(arn.resource_id)),
            ]),
            None => return Ok(None),
        },
        Func::AwsIsVirtualHostableS3Bucket => Value::Bool(aws::is_virtual_hostable_s3_bucket(a.str(0)?, a.bool(1)?)),
        Func::IsSet | Func::Coalesce | Func::Ite | Func::GetAttr(_) => unreachable_handled(func)?,
    };
    Ok(Some(out))
}

/// The functions handled before their arguments are evaluated never get here; should one ever,
/// it is an error rather than a panic.
fn unreachable_handled(func: &Func) -> Result<Value, ResolveError> {
    Err(invalid(format!("internal: `{}` was not evaluated", func.name())))
}
