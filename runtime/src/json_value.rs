//! An owned JSON value read with `aws-smithy-json`'s tokenizer, for JSON the runtime keeps: endpoint rule sets, their test cases, protocol test bodies.

use aws_smithy_json::deserialize::{json_token_iter, JsonTokenIterator, Token};
use std::collections::BTreeMap;
use std::fmt;

/// The members of a JSON object, by key (the last one wins when a key repeats).
pub type Map = BTreeMap<String, Value>;

/// Deeper nesting than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 128;

/// A JSON value.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object.
    Object(Map),
}

/// A JSON number, as its text: no digit is lost, and two numbers are equal when their texts are.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Number(String);

impl Number {
    /// The number as an `i64`, if it is an integer in range.
    pub fn as_i64(&self) -> Option<i64> {
        self.0.parse().ok()
    }

    /// The number as a `u64`, if it is a non-negative integer in range.
    pub fn as_u64(&self) -> Option<u64> {
        self.0.parse().ok()
    }

    /// The number as the nearest `f64`.
    pub fn as_f64(&self) -> Option<f64> {
        self.0.parse().ok()
    }

    /// The number's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Number(Number(n.to_string()))
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_owned())
    }
}

/// Why text is not JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError(String);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParseError {}

impl std::str::FromStr for Value {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Value, ParseError> {
        Value::parse(text)
    }
}

impl Value {
    /// Parses JSON text: one value, with nothing but white space around it.
    pub fn parse(text: &str) -> Result<Value, ParseError> {
        let body = text.as_bytes();
        let mut tokens = json_token_iter(body);
        let value = read(next(&mut tokens)?, &mut tokens, body, 0)?;
        match tokens.next() {
            None => Ok(value),
            Some(Err(e)) => Err(ParseError(e.to_string())),
            Some(Ok(t)) => Err(ParseError(format!("trailing characters at byte {}", t.offset().0))),
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number as an `i64`, if this is an integer in range.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The member `key`, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object().and_then(|members| members.get(key))
    }

    /// The value as a document: integers as integers, other numbers as `f64`.
    pub fn to_document(&self) -> aws_smithy_types::Document {
        use aws_smithy_types::{Document, Number as N};
        match self {
            Value::Null => Document::Null,
            Value::Bool(b) => Document::Bool(*b),
            Value::Number(n) => Document::Number(match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => N::PosInt(u),
                (None, Some(i)) => N::NegInt(i),
                _ => N::Float(n.as_f64().unwrap_or(f64::NAN)),
            }),
            Value::String(s) => Document::String(s.clone()),
            Value::Array(items) => Document::Array(items.iter().map(Value::to_document).collect()),
            Value::Object(members) => {
                Document::Object(members.iter().map(|(k, v)| (k.clone(), v.to_document())).collect())
            }
        }
    }

    fn write(&self, w: crate::json::write::Value<'_>) {
        match self {
            Value::Null => w.null(),
            Value::Bool(b) => w.boolean(*b),
            Value::Number(n) => w.big_number(&n.0),
            Value::String(s) => w.string(s),
            Value::Array(items) => {
                let mut array = w.array();
                for item in items {
                    item.write(array.value());
                }
            }
            Value::Object(members) => {
                let mut object = w.object();
                for (k, v) in members {
                    v.write(object.key(k));
                }
            }
        }
    }
}

/// Compact JSON text.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        self.write(crate::json::write::Value::new(&mut text));
        f.write_str(&text)
    }
}

fn next<'a>(tokens: &mut JsonTokenIterator<'a>) -> Result<Token<'a>, ParseError> {
    match tokens.next() {
        Some(Ok(token)) => Ok(token),
        Some(Err(e)) => Err(ParseError(e.to_string())),
        None => Err(ParseError("unexpected end of input".into())),
    }
}

fn unescape(value: aws_smithy_json::deserialize::EscapedStr<'_>) -> Result<String, ParseError> {
    value.to_unescaped().map(|s| s.into_owned()).map_err(|e| ParseError(e.to_string()))
}

fn read<'a>(
    token: Token<'a>,
    tokens: &mut JsonTokenIterator<'a>,
    body: &'a [u8],
    depth: usize,
) -> Result<Value, ParseError> {
    if depth > MAX_DEPTH {
        return Err(ParseError(format!("nested deeper than {MAX_DEPTH} levels")));
    }
    Ok(match token {
        Token::ValueNull { .. } => Value::Null,
        Token::ValueBool { value, .. } => Value::Bool(value),
        Token::ValueNumber { offset, .. } => {
            Value::Number(Number(String::from_utf8_lossy(crate::json::number_bytes(body, offset.0)).into_owned()))
        }
        Token::ValueString { value, .. } => Value::String(unescape(value)?),
        Token::StartArray { .. } => {
            let mut items = Vec::new();
            loop {
                match next(tokens)? {
                    Token::EndArray { .. } => break,
                    token => items.push(read(token, tokens, body, depth + 1)?),
                }
            }
            Value::Array(items)
        }
        Token::StartObject { .. } => {
            let mut members = Map::new();
            loop {
                match next(tokens)? {
                    Token::EndObject { .. } => break,
                    Token::ObjectKey { key, .. } => {
                        let key = unescape(key)?;
                        let value = read(next(tokens)?, tokens, body, depth + 1)?;
                        members.insert(key, value);
                    }
                    other => return Err(ParseError(format!("expected an object key at byte {}", other.offset().0))),
                }
            }
            Value::Object(members)
        }
        other => return Err(ParseError(format!("unexpected token at byte {}", other.offset().0))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_writes_back() {
        let text = r#"{"a":[1,-2.5e3,"s\n",true,null,{}],"big":123456789012345678901234567890,"z":"\u00e9"}"#;
        let value = Value::parse(text).unwrap();
        assert_eq!(value.to_string(), text.replace("\\u00e9", "é"));
        assert_eq!(value.get("a").and_then(Value::as_array).map(Vec::len), Some(6));
        assert_eq!(value.get("big").unwrap().as_i64(), None);
        assert_eq!(Value::parse(" 7 ").unwrap().as_i64(), Some(7));
        assert_eq!(Value::parse(r#"{"k":1,"k":2}"#).unwrap().get("k"), Some(&Value::from(2)));
    }

    #[test]
    fn bad_json_is_an_error_that_says_where() {
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "1 2", "tru", "\"\\x\""] {
            assert!(Value::parse(bad).is_err(), "{bad:?}");
        }
        assert!(Value::parse("1 2").unwrap_err().to_string().contains("byte 2"));
        let deep = "[".repeat(10_000);
        assert!(Value::parse(&deep).unwrap_err().to_string().contains("nested deeper"));
    }

    #[test]
    fn documents_keep_integers() {
        use aws_smithy_types::{Document, Number as N};
        let doc = Value::parse(r#"[18446744073709551615,-1,1.5]"#).unwrap().to_document();
        assert_eq!(
            doc,
            Document::Array(vec![
                Document::Number(N::PosInt(u64::MAX)),
                Document::Number(N::NegInt(-1)),
                Document::Number(N::Float(1.5))
            ])
        );
    }
}
