//! The rule set's syntax tree and its parser from JSON.
//!
//! Parsing also checks what can be checked without running the rules: every function is known
//! and has the right number of arguments, every reference (in `ref` objects and in templates)
//! names a parameter or a variable assigned earlier in scope, no assignment shadows a name in
//! scope, `getAttr` paths are well formed, and nesting stays under [`MAX_DEPTH`].

use super::{Parameter, ParameterType, RuleSetError, Value};
use crate::json_value::Value as Json;

/// The deepest nesting of rules, expressions and property values that a rule set may have.
/// Evaluation recurses no deeper than parsing did, so this also bounds evaluation.
pub(crate) const MAX_DEPTH: usize = 100;

/// One step of a `getAttr` path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PathSegment {
    /// A record field.
    Key(String),
    /// An array index.
    Index(usize),
}

/// A string with `{Name}` / `{Name#path}` holes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Template {
    pub(crate) parts: Vec<TemplatePart>,
}

/// A piece of a [`Template`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TemplatePart {
    Literal(String),
    /// A reference, with a (possibly empty) `getAttr` path.
    Dynamic(String, Vec<PathSegment>),
}

/// A library function.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Func {
    IsSet,
    Not,
    BooleanEquals,
    StringEquals,
    /// `getAttr`, with its (literal) path parsed.
    GetAttr(Vec<PathSegment>),
    Substring,
    UriEncode,
    ParseUrl,
    IsValidHostLabel,
    Coalesce,
    Ite,
    Split,
    AwsPartition,
    AwsParseArn,
    AwsIsVirtualHostableS3Bucket,
}

impl Func {
    /// The function named `name`, with the number of arguments it takes (`None`: two or more).
    fn lookup(name: &str) -> Option<(Func, Option<usize>)> {
        Some(match name {
            "isSet" => (Func::IsSet, Some(1)),
            "not" => (Func::Not, Some(1)),
            "booleanEquals" => (Func::BooleanEquals, Some(2)),
            "stringEquals" => (Func::StringEquals, Some(2)),
            "getAttr" => (Func::GetAttr(Vec::new()), Some(2)),
            "substring" => (Func::Substring, Some(4)),
            "uriEncode" => (Func::UriEncode, Some(1)),
            "parseURL" => (Func::ParseUrl, Some(1)),
            "isValidHostLabel" => (Func::IsValidHostLabel, Some(2)),
            "coalesce" => (Func::Coalesce, None),
            "ite" => (Func::Ite, Some(3)),
            "split" => (Func::Split, Some(3)),
            "aws.partition" => (Func::AwsPartition, Some(1)),
            "aws.parseArn" => (Func::AwsParseArn, Some(1)),
            "aws.isVirtualHostableS3Bucket" => (Func::AwsIsVirtualHostableS3Bucket, Some(2)),
            _ => return None,
        })
    }

    /// The function's name in rule sets.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Func::IsSet => "isSet",
            Func::Not => "not",
            Func::BooleanEquals => "booleanEquals",
            Func::StringEquals => "stringEquals",
            Func::GetAttr(_) => "getAttr",
            Func::Substring => "substring",
            Func::UriEncode => "uriEncode",
            Func::ParseUrl => "parseURL",
            Func::IsValidHostLabel => "isValidHostLabel",
            Func::Coalesce => "coalesce",
            Func::Ite => "ite",
            Func::Split => "split",
            Func::AwsPartition => "aws.partition",
            Func::AwsParseArn => "aws.parseArn",
            Func::AwsIsVirtualHostableS3Bucket => "aws.isVirtualHostableS3Bucket",
        }
    }
}

/// An expression: a literal, a reference or a function call.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Str(Template),
    Bool(bool),
    Int(i64),
    Array(Vec<Expr>),
    Ref(String),
    Call(Func, Vec<Expr>),
}

/// A rule condition: a function call, its result optionally assigned to a variable.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Condition {
    pub(crate) call: Expr,
    pub(crate) assign: Option<String>,
}

/// An endpoint, error or tree rule.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rule {
    pub(crate) conditions: Vec<Condition>,
    pub(crate) kind: RuleKind,
}

/// What a rule yields when its conditions hold.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RuleKind {
    Endpoint(EndpointSpec),
    Error(Expr),
    Tree(Vec<Rule>),
}

/// The `endpoint` object of an endpoint rule.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EndpointSpec {
    pub(crate) url: Expr,
    pub(crate) headers: Vec<(String, Vec<Expr>)>,
    pub(crate) properties: Vec<(String, Prop)>,
}

/// An endpoint property value: JSON whose strings are templates.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Prop {
    Str(Template),
    Bool(bool),
    Number(crate::json_value::Number),
    Null,
    Array(Vec<Prop>),
    Object(Vec<(String, Prop)>),
}

/// A parsed rule set document.
#[derive(Debug, Clone)]
pub(crate) struct Parsed {
    pub(crate) version: String,
    pub(crate) parameters: Vec<Parameter>,
    pub(crate) rules: Vec<Rule>,
}

fn err(message: impl Into<String>) -> RuleSetError {
    RuleSetError::new(message)
}

fn type_name(json: &Json) -> &'static str {
    match json {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

fn as_object<'j>(json: &'j Json, what: &str) -> Result<&'j crate::json_value::Map, RuleSetError> {
    json.as_object().ok_or_else(|| err(format!("{what} must be an object, not {}", type_name(json))))
}

fn as_array<'j>(json: &'j Json, what: &str) -> Result<&'j [Json], RuleSetError> {
    json.as_array().map(Vec::as_slice).ok_or_else(|| err(format!("{what} must be an array, not {}", type_name(json))))
}

fn as_str<'j>(json: &'j Json, what: &str) -> Result<&'j str, RuleSetError> {
    json.as_str().ok_or_else(|| err(format!("{what} must be a string, not {}", type_name(json))))
}

fn required<'j>(obj: &'j crate::json_value::Map, key: &str) -> Result<&'j Json, RuleSetError> {
    obj.get(key).ok_or_else(|| err(format!("missing `{key}`")))
}

/// Parses a `getAttr` path: keys separated by dots, each optionally followed by `[index]`s.
pub(crate) fn parse_path(path: &str) -> Result<Vec<PathSegment>, RuleSetError> {
    let bad = || err(format!("invalid getAttr path `{path}`"));
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut indexes) = match part.find('[') {
            Some(i) => part.split_at(i),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(PathSegment::Key(key.to_owned()));
        } else if indexes.is_empty() {
            return Err(bad());
        }
        while !indexes.is_empty() {
            let inner = indexes.strip_prefix('[').ok_or_else(bad)?;
            let (index, rest) = inner.split_once(']').ok_or_else(bad)?;
            if index.is_empty() || !index.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            out.push(PathSegment::Index(index.parse().map_err(|_| bad())?));
            indexes = rest;
        }
    }
    Ok(out)
}

/// The parser: the names in scope and the current depth.
struct Parser {
    scope: Vec<String>,
    depth: usize,
}

impl Parser {
    fn enter(&mut self) -> Result<(), RuleSetError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(err(format!("the rule set is nested deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    fn check_ref(&self, name: &str) -> Result<(), RuleSetError> {
        if self.scope.iter().any(|n| n == name) {
            Ok(())
        } else {
            Err(err(format!("`{name}` is neither a parameter nor a variable in scope")))
        }
    }

    fn template(&self, s: &str) -> Result<Template, RuleSetError> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = s;
        while let Some(c) = rest.chars().next() {
            if rest.starts_with("{{") || rest.starts_with("}}") {
                literal.push(c);
                rest = &rest[2..];
            } else if c == '}' {
                return Err(err(format!("unmatched `}}` in template `{s}`")));
            } else if c == '{' {
                let (inner, after) =
                    rest[1..].split_once('}').ok_or_else(|| err(format!("unmatched `{{` in template `{s}`")))?;
                if inner.contains('{') {
                    return Err(err(format!("nested `{{` in template `{s}`")));
                }
                let (name, path) = match inner.split_once('#') {
                    Some((name, path)) => (name, parse_path(path)?),
                    None => (inner, Vec::new()),
                };
                self.check_ref(name).map_err(|e| e.within(format!("template `{s}`")))?;
                if !literal.is_empty() {
                    parts.push(TemplatePart::Literal(std::mem::take(&mut literal)));
                }
                parts.push(TemplatePart::Dynamic(name.to_owned(), path));
                rest = after;
            } else {
                literal.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        if !literal.is_empty() || parts.is_empty() {
            parts.push(TemplatePart::Literal(literal));
        }
        Ok(Template { parts })
    }

    fn expr(&mut self, json: &Json) -> Result<Expr, RuleSetError> {
        self.enter()?;
        let out = match json {
            Json::String(s) => Expr::Str(self.template(s)?),
            Json::Bool(b) => Expr::Bool(*b),
            Json::Number(n) => Expr::Int(n.as_i64().ok_or_else(|| err(format!("`{n}` is not an integer")))?),
            Json::Array(items) => Expr::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, e)| self.expr(e).map_err(|e| e.within(format!("[{i}]"))))
                    .collect::<Result<_, _>>()?,
            ),
            Json::Object(obj) if obj.contains_key("ref") => {
                let name = as_str(&obj["ref"], "`ref`")?;
                self.check_ref(name)?;
                Expr::Ref(name.to_owned())
            }
            Json::Object(obj) if obj.contains_key("fn") => self.call(obj)?,
            Json::Object(_) => {
                return Err(err("an object expression must be a reference (`ref`) or a function (`fn`)"))
            }
            Json::Null => return Err(err("null is not an expression")),
        };
        self.depth -= 1;
        Ok(out)
    }

    fn call(&mut self, obj: &crate::json_value::Map) -> Result<Expr, RuleSetError> {
        let name = as_str(required(obj, "fn")?, "`fn`")?;
        let argv = as_array(required(obj, "argv")?, "`argv`")?;
        let within = |e: RuleSetError| e.within(format!("`{name}`"));
        let (mut func, arity) = Func::lookup(name).ok_or_else(|| err(format!("unknown function `{name}`")))?;
        match arity {
            Some(n) if argv.len() != n => {
                return Err(within(err(format!("takes {n} argument(s), not {}", argv.len()))));
            }
            None if argv.len() < 2 => return Err(within(err("takes two or more arguments"))),
            _ => {}
        }
        let args = if let Func::GetAttr(path) = &mut func {
            *path = parse_path(as_str(&argv[1], "the getAttr path").map_err(within)?).map_err(within)?;
            vec![self.expr(&argv[0]).map_err(within)?]
        } else {
            let mut args = Vec::with_capacity(argv.len());
            for (i, a) in argv.iter().enumerate() {
                args.push(self.expr(a).map_err(|e| within(e.within(format!("argv[{i}]"))))?);
            }
            args
        };
        Ok(Expr::Call(func, args))
    }

    fn prop(&mut self, json: &Json) -> Result<Prop, RuleSetError> {
        self.enter()?;
        let out = match json {
            Json::String(s) => Prop::Str(self.template(s)?),
            Json::Bool(b) => Prop::Bool(*b),
            Json::Number(n) => Prop::Number(n.clone()),
            Json::Null => Prop::Null,
            Json::Array(items) => Prop::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, p)| self.prop(p).map_err(|e| e.within(format!("[{i}]"))))
                    .collect::<Result<_, _>>()?,
            ),
            Json::Object(obj) => Prop::Object(
                obj.iter()
                    .map(|(k, p)| Ok((k.clone(), self.prop(p).map_err(|e| e.within(k))?)))
                    .collect::<Result<_, RuleSetError>>()?,
            ),
        };
        self.depth -= 1;
        Ok(out)
    }

    fn endpoint(&mut self, json: &Json) -> Result<EndpointSpec, RuleSetError> {
        let obj = as_object(json, "`endpoint`")?;
        let url = self.expr(required(obj, "url")?).map_err(|e| e.within("url"))?;
        let mut headers = Vec::new();
        if let Some(h) = obj.get("headers") {
            for (name, values) in as_object(h, "`headers`")? {
                let within = |e: RuleSetError| e.within(format!("headers.{name}"));
                let values = as_array(values, "a header's values").map_err(within)?;
                let exprs = values.iter().map(|v| self.expr(v)).collect::<Result<_, _>>().map_err(within)?;
                headers.push((name.clone(), exprs));
            }
        }
        let mut properties = Vec::new();
        if let Some(p) = obj.get("properties") {
            for (name, value) in as_object(p, "`properties`")? {
                properties.push((name.clone(), self.prop(value).map_err(|e| e.within(format!("properties.{name}")))?));
            }
        }
        Ok(EndpointSpec { url, headers, properties })
    }

    fn rules(&mut self, json: &Json) -> Result<Vec<Rule>, RuleSetError> {
        let rules = as_array(json, "`rules`")?;
        if rules.is_empty() {
            return Err(err("`rules` must hold at least one rule"));
        }
        rules.iter().enumerate().map(|(i, r)| self.rule(r).map_err(|e| e.within(format!("rules[{i}]")))).collect()
    }

    fn rule(&mut self, json: &Json) -> Result<Rule, RuleSetError> {
        self.enter()?;
        let obj = as_object(json, "a rule")?;
        let scope_mark = self.scope.len();
        let mut conditions = Vec::new();
        if let Some(c) = obj.get("conditions") {
            for (i, c) in as_array(c, "`conditions`")?.iter().enumerate() {
                let condition = self.condition(c).map_err(|e| e.within(format!("conditions[{i}]")))?;
                if let Some(name) = &condition.assign {
                    self.scope.push(name.clone());
                }
                conditions.push(condition);
            }
        }
        let kind = match as_str(required(obj, "type")?, "`type`")? {
            "endpoint" => {
                RuleKind::Endpoint(self.endpoint(required(obj, "endpoint")?).map_err(|e| e.within("endpoint"))?)
            }
            "error" => RuleKind::Error(self.expr(required(obj, "error")?).map_err(|e| e.within("error"))?),
            "tree" => RuleKind::Tree(self.rules(required(obj, "rules")?)?),
            other => return Err(err(format!("unknown rule type `{other}`"))),
        };
        self.scope.truncate(scope_mark);
        self.depth -= 1;
        Ok(Rule { conditions, kind })
    }

    fn condition(&mut self, json: &Json) -> Result<Condition, RuleSetError> {
        let obj = as_object(json, "a condition")?;
        let call = self.call(obj)?;
        let assign = match obj.get("assign") {
            None => None,
            Some(a) => {
                let name = as_str(a, "`assign`")?;
                if name.is_empty() || name.contains(['{', '}', '#']) {
                    return Err(err(format!("`{name}` is not a valid variable name")));
                }
                if self.scope.iter().any(|n| n == name) {
                    return Err(err(format!("`{name}` is already a parameter or a variable in scope")));
                }
                Some(name.to_owned())
            }
        };
        Ok(Condition { call, assign })
    }
}

fn parameter(name: &str, json: &Json) -> Result<Parameter, RuleSetError> {
    if name.is_empty() || name.contains(['{', '}', '#']) {
        return Err(err(format!("`{name}` is not a valid parameter name")));
    }
    let obj = as_object(json, "a parameter")?;
    let ty = as_str(required(obj, "type")?, "`type`")?;
    let ty = match ty.to_ascii_lowercase().as_str() {
        "string" => ParameterType::String,
        "boolean" => ParameterType::Boolean,
        "stringarray" => ParameterType::StringArray,
        _ => return Err(err(format!("unknown parameter type `{ty}`"))),
    };
    let optional_str = |key: &str| obj.get(key).map(|v| as_str(v, &format!("`{key}`")).map(str::to_owned)).transpose();
    let built_in = optional_str("builtIn")?;
    let documentation = optional_str("documentation")?;
    let required = match obj.get("required") {
        None => false,
        Some(v) => v.as_bool().ok_or_else(|| err("`required` must be a boolean"))?,
    };
    let default = match obj.get("default") {
        None | Some(Json::Null) => None,
        Some(v) => {
            let value = Value::from_json(v).and_then(|v| ty.accept(v));
            Some(value.ok_or_else(|| err(format!("the default must be a {ty}, not {}", type_name(v))))?)
        }
    };
    let deprecated = obj.get("deprecated").is_some_and(|d| !d.is_null());
    Ok(Parameter { name: name.to_owned(), ty, built_in, default, required, documentation, deprecated })
}

/// Parses a rule set document.
pub(crate) fn parse(json: &Json) -> Result<Parsed, RuleSetError> {
    let obj = as_object(json, "the rule set")?;
    let version = as_str(required(obj, "version")?, "`version`")?.to_owned();
    let mut parameters = Vec::new();
    for (name, p) in as_object(required(obj, "parameters")?, "`parameters`")? {
        parameters.push(parameter(name, p).map_err(|e| e.within(format!("parameters.{name}")))?);
    }
    let mut parser = Parser { scope: parameters.iter().map(|p| p.name.clone()).collect(), depth: 0 };
    let rules = parser.rules(required(obj, "rules")?)?;
    Ok(Parsed { version, parameters, rules })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parser(names: &[&str]) -> Parser {
        Parser { scope: names.iter().map(|s| s.to_string()).collect(), depth: 0 }
    }

    #[test]
    fn paths() {
        use PathSegment::{Index, Key};
        assert_eq!(parse_path("name").unwrap(), [Key("name".into())]);
        assert_eq!(parse_path("resourceId[0]").unwrap(), [Key("resourceId".into()), Index(0)]);
        assert_eq!(parse_path("a.b[12].c").unwrap(), [Key("a".into()), Key("b".into()), Index(12), Key("c".into())]);
        assert_eq!(parse_path("[1]").unwrap(), [Index(1)]);
        assert_eq!(parse_path("a[1][2]").unwrap(), [Key("a".into()), Index(1), Index(2)]);
        for bad in ["", "a.", ".a", "a..b", "a[", "a[]", "a[-1]", "a[x]", "a[1]b", "a[99999999999999999999999]"] {
            assert!(parse_path(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn templates() {
        use TemplatePart::{Dynamic, Literal};
        let p = parser(&["Region", "P"]);
        assert_eq!(p.template("plain").unwrap().parts, [Literal("plain".into())]);
        assert_eq!(p.template("").unwrap().parts, [Literal(String::new())]);
        assert_eq!(
            p.template("https://x.{Region}.{P#dnsSuffix}").unwrap().parts,
            [
                Literal("https://x.".into()),
                Dynamic("Region".into(), vec![]),
                Literal(".".into()),
                Dynamic("P".into(), vec![PathSegment::Key("dnsSuffix".into())]),
            ]
        );
        assert_eq!(p.template("{{Region}}").unwrap().parts, [Literal("{Region}".into())]);
        assert_eq!(p.template("a{{{Region}}}b").unwrap().parts.len(), 3);
        assert!(p.template("{Unknown}").is_err());
        assert!(p.template("{Region").is_err());
        assert!(p.template("Region}").is_err());
        assert!(p.template("{}").is_err());
        assert!(p.template("{Region#}").is_err());
        assert!(p.template("{a{Region}}").is_err());
    }
}
