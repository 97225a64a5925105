//! JSON reading and writing for restJson1 bodies.
//!
//! Reading: a response body is tokenized once (`aws-smithy-json`'s tokenizer) into a [`Parsed`]
//! tree whose strings borrow from the body, and generated code converts members with these
//! functions, allocating only the values it keeps. None of them panics, whatever the input.
//! Writing: [`write`](mod@write) streams request bodies into a `String`.

use crate::error::DeserializeError;
use crate::{Blob, DateTime, Document, TimestampFormat};
use aws_smithy_json::deserialize::{json_token_iter, JsonTokenIterator, Token};
use aws_smithy_types::Number;
use std::borrow::Cow;
use std::collections::HashMap;

pub mod write;

/// Deeper nesting than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 128;

/// A JSON value read from a response body. Strings borrow from the body unless they hold
/// escapes; numbers keep their text, so `bigInteger` and `bigDecimal` lose no digit.
#[derive(Clone, Debug, PartialEq)]
pub enum Parsed<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written in the body.
    Number(&'a str),
    /// A string, unescaped.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Parsed<'a>>),
    /// An object.
    Object(ParsedObject<'a>),
}

/// A JSON object read from a response body, its members in body order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParsedObject<'a> {
    members: Vec<(Cow<'a, str>, Parsed<'a>)>,
}

impl<'a> ParsedObject<'a> {
    /// The value of `key` (the last one, when the body repeats a key).
    pub fn get(&self, key: &str) -> Option<&Parsed<'a>> {
        self.members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The members, in body order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Parsed<'a>)> {
        self.members.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether the object has no members.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
}

impl Parsed<'_> {
    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Parsed::Null)
    }

    fn kind(&self) -> &'static str {
        match self {
            Parsed::Null => "null",
            Parsed::Bool(_) => "a boolean",
            Parsed::Number(_) => "a number",
            Parsed::String(_) => "a string",
            Parsed::Array(_) => "an array",
            Parsed::Object(_) => "an object",
        }
    }
}

/// Parses a response body as a JSON object; an empty body is an empty object.
pub fn parse_object(body: &[u8]) -> Result<ParsedObject<'_>, DeserializeError> {
    match parse_payload(body)? {
        None => Ok(ParsedObject::default()),
        Some(Parsed::Object(object)) => Ok(object),
        Some(other) => {
            Err(DeserializeError::new(format!("expected a JSON object as the response body, found {}", other.kind())))
        }
    }
}

/// Parses an `@httpPayload` body: `None` when empty, else any JSON value.
pub fn parse_payload(body: &[u8]) -> Result<Option<Parsed<'_>>, DeserializeError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let mut tokens = json_token_iter(body);
    let value = read_value(&mut tokens, body, 0)?;
    match tokens.next() {
        None => Ok(Some(value)),
        Some(Err(e)) => Err(invalid(e)),
        Some(Ok(_)) => {
            Err(DeserializeError::new("response body is not valid JSON: trailing characters after the value"))
        }
    }
}

fn invalid(e: impl std::fmt::Display) -> DeserializeError {
    DeserializeError::new(format!("response body is not valid JSON: {e}"))
}

fn next_token<'a>(tokens: &mut JsonTokenIterator<'a>) -> Result<Token<'a>, DeserializeError> {
    match tokens.next() {
        Some(Ok(token)) => Ok(token),
        Some(Err(e)) => Err(invalid(e)),
        None => Err(invalid("unexpected end of input")),
    }
}

/// Reads the value whose first token is next.
fn read_value<'a>(
    tokens: &mut JsonTokenIterator<'a>,
    body: &'a [u8],
    depth: usize,
) -> Result<Parsed<'a>, DeserializeError> {
    let token = next_token(tokens)?;
    read_value_from(token, tokens, body, depth)
}

fn read_value_from<'a>(
    token: Token<'a>,
    tokens: &mut JsonTokenIterator<'a>,
    body: &'a [u8],
    depth: usize,
) -> Result<Parsed<'a>, DeserializeError> {
    if depth > MAX_DEPTH {
        return Err(invalid(format!("nested deeper than {MAX_DEPTH} levels")));
    }
    Ok(match token {
        Token::ValueNull { .. } => Parsed::Null,
        Token::ValueBool { value, .. } => Parsed::Bool(value),
        Token::ValueNumber { offset, .. } => Parsed::Number(number_text(body, offset.0)?),
        Token::ValueString { value, .. } => Parsed::String(value.to_unescaped().map_err(invalid)?),
        Token::StartArray { .. } => {
            let mut items = Vec::new();
            loop {
                match next_token(tokens)? {
                    Token::EndArray { .. } => break,
                    token => items.push(read_value_from(token, tokens, body, depth + 1)?),
                }
            }
            Parsed::Array(items)
        }
        Token::StartObject { .. } => {
            let mut members = Vec::new();
            loop {
                match next_token(tokens)? {
                    Token::EndObject { .. } => break,
                    Token::ObjectKey { key, .. } => {
                        let key = key.to_unescaped().map_err(invalid)?;
                        members.push((key, read_value(tokens, body, depth + 1)?));
                    }
                    other => return Err(invalid(format!("expected an object key at byte {}", other.offset().0))),
                }
            }
            Parsed::Object(ParsedObject { members })
        }
        other => return Err(invalid(format!("unexpected token at byte {}", other.offset().0))),
    })
}

/// The text of the number starting at `start` (the tokenizer has validated it).
fn number_text(body: &[u8], start: usize) -> Result<&str, DeserializeError> {
    let rest = body.get(start..).unwrap_or_default();
    let len = rest.iter().take_while(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')).count();
    std::str::from_utf8(&rest[..len]).map_err(invalid)
}

/// The value of `key`, or `None` when it is absent or `null` (restJson1 treats both alike).
pub fn member<'o, 'a>(object: &'o ParsedObject<'a>, key: &str) -> Option<&'o Parsed<'a>> {
    object.get(key).filter(|v| !v.is_null())
}

/// Reads member `key` of `object` with `read`: `None` when it is absent or `null`, and an error
/// that names the member when `read` fails.
///
/// Generated code passes function items (`json::string`, `json::enum_value::<T>`), so that one
/// copy of this function serves every member of the same type.
pub fn read_member<'a, T>(
    object: &ParsedObject<'a>,
    key: &str,
    read: impl FnOnce(&Parsed<'a>) -> Result<T, DeserializeError>,
) -> Result<Option<T>, DeserializeError> {
    match member(object, key) {
        None => Ok(None),
        Some(value) => read(value).map(Some).map_err(|e| e.at(key)),
    }
}

/// Reads a string enum; an unknown value is kept, as the enum's `Unknown` variant.
pub fn enum_value<T: for<'s> From<&'s str>>(value: &Parsed<'_>) -> Result<T, DeserializeError> {
    match value {
        Parsed::String(s) => Ok(T::from(s.as_ref())),
        other => Err(expected("a string", other)),
    }
}

/// Reads an integer enum; an unknown value is kept, as the enum's `Unknown` variant.
pub fn int_enum_value<T: From<i32>>(value: &Parsed<'_>) -> Result<T, DeserializeError> {
    integer::<i32>(value).map(T::from)
}

fn expected(what: &str, found: &Parsed<'_>) -> DeserializeError {
    DeserializeError::new(format!("expected {what}, found {}", found.kind()))
}

/// Reads an object.
pub fn object<'o, 'a>(value: &'o Parsed<'a>) -> Result<&'o ParsedObject<'a>, DeserializeError> {
    match value {
        Parsed::Object(object) => Ok(object),
        other => Err(expected("an object", other)),
    }
}

/// Reads a string.
pub fn string(value: &Parsed<'_>) -> Result<String, DeserializeError> {
    match value {
        Parsed::String(s) => Ok(s.as_ref().to_owned()),
        other => Err(expected("a string", other)),
    }
}

/// Reads a boolean.
pub fn boolean(value: &Parsed<'_>) -> Result<bool, DeserializeError> {
    match value {
        Parsed::Bool(b) => Ok(*b),
        other => Err(expected("a boolean", other)),
    }
}

/// Reads an integer that must fit `T` (`i8`, `i16`, `i32` or `i64`).
pub fn integer<T: TryFrom<i64>>(value: &Parsed<'_>) -> Result<T, DeserializeError> {
    let text = match value {
        Parsed::Number(text) if !text.contains(['.', 'e', 'E']) => *text,
        other => return Err(expected("an integer", other)),
    };
    let out_of_range = || DeserializeError::new(format!("integer {text} is out of range"));
    let n: i64 = text.parse().map_err(|_| out_of_range())?;
    T::try_from(n).map_err(|_| out_of_range())
}

/// The value of a number's text (JSON number syntax is Rust's float syntax).
fn number_value(value: &Parsed<'_>, text: &str) -> Result<f64, DeserializeError> {
    text.parse().map_err(|_| expected("a number", value))
}

/// Reads a double, including the strings `NaN`, `Infinity` and `-Infinity`.
pub fn double(value: &Parsed<'_>) -> Result<f64, DeserializeError> {
    match value {
        Parsed::Number(text) => number_value(value, text),
        Parsed::String(s) => match s.as_ref() {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(DeserializeError::new(format!("expected a number, found the string {s:?}"))),
        },
        other => Err(expected("a number", other)),
    }
}

/// Reads a float (see [`double`]).
pub fn float(value: &Parsed<'_>) -> Result<f32, DeserializeError> {
    double(value).map(|f| f as f32)
}

/// Reads a timestamp in `format`; epoch seconds may be fractional.
pub fn timestamp(value: &Parsed<'_>, format: TimestampFormat) -> Result<DateTime, DeserializeError> {
    match (value, format) {
        (Parsed::Number(text), TimestampFormat::EpochSeconds) => {
            let secs = number_value(value, text)?;
            if !secs.is_finite() || secs.abs() > 1e15 {
                return Err(DeserializeError::new(format!("timestamp {secs} is out of range")));
            }
            Ok(DateTime::from_secs_f64(secs))
        }
        // Some services send epoch seconds as a string; `from_str` reads those too.
        (Parsed::String(s), _) => {
            // Servers may send `date-time` values with an offset; they are read, never written.
            let format = if format == TimestampFormat::DateTime { TimestampFormat::DateTimeWithOffset } else { format };
            DateTime::from_str(s, format).map_err(|e| DeserializeError::new(format!("invalid timestamp {s:?}: {e}")))
        }
        (other, _) => Err(expected("a timestamp", other)),
    }
}

/// Reads an arbitrary-precision number (`bigInteger`, `bigDecimal`) as its decimal text.
pub fn big_number(value: &Parsed<'_>) -> Result<String, DeserializeError> {
    match value {
        Parsed::Number(text) => Ok((*text).to_owned()),
        Parsed::String(s) => Ok(s.as_ref().to_owned()),
        other => Err(expected("a number", other)),
    }
}

/// Reads a base64 blob.
pub fn blob(value: &Parsed<'_>) -> Result<Blob, DeserializeError> {
    let Parsed::String(text) = value else { return Err(expected("a base64 string", value)) };
    aws_smithy_types::base64::decode(text.as_ref())
        .map(Blob::new)
        .map_err(|e| DeserializeError::new(format!("invalid base64: {e}")))
}

/// Reads a document: any JSON value.
pub fn document(value: &Parsed<'_>) -> Result<Document, DeserializeError> {
    Ok(match value {
        Parsed::Null => Document::Null,
        Parsed::Bool(b) => Document::Bool(*b),
        Parsed::Number(text) => Document::Number(if let Ok(u) = text.parse::<u64>() {
            Number::PosInt(u)
        } else if let Ok(i) = text.parse::<i64>() {
            Number::NegInt(i)
        } else {
            Number::Float(number_value(value, text)?)
        }),
        Parsed::String(s) => Document::String(s.as_ref().to_owned()),
        Parsed::Array(items) => Document::Array(items.iter().map(document).collect::<Result<_, _>>()?),
        Parsed::Object(map) => Document::Object(
            map.iter().map(|(k, v)| Ok((k.to_owned(), document(v)?))).collect::<Result<_, DeserializeError>>()?,
        ),
    })
}

fn array<'o, 'a>(value: &'o Parsed<'a>) -> Result<&'o [Parsed<'a>], DeserializeError> {
    match value {
        Parsed::Array(items) => Ok(items),
        other => Err(expected("an array", other)),
    }
}

/// Reads a list; `null` entries are dropped, as for a dense list.
pub fn list<'a, T>(
    value: &Parsed<'a>,
    item: impl Fn(&Parsed<'a>) -> Result<T, DeserializeError>,
) -> Result<Vec<T>, DeserializeError> {
    array(value)?
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.is_null())
        .map(|(i, v)| item(v).map_err(|e| e.at(&format!("[{i}]"))))
        .collect()
}

/// Reads a sparse list: `null` entries are kept as `None`.
pub fn sparse_list<'a, T>(
    value: &Parsed<'a>,
    item: impl Fn(&Parsed<'a>) -> Result<T, DeserializeError>,
) -> Result<Vec<Option<T>>, DeserializeError> {
    array(value)?
        .iter()
        .enumerate()
        .map(|(i, v)| match v {
            Parsed::Null => Ok(None),
            v => item(v).map(Some).map_err(|e| e.at(&format!("[{i}]"))),
        })
        .collect()
}

/// Reads a map with string keys; `null` values are dropped, as for a dense map.
pub fn map<'a, T>(
    value: &Parsed<'a>,
    item: impl Fn(&Parsed<'a>) -> Result<T, DeserializeError>,
) -> Result<HashMap<String, T>, DeserializeError> {
    let entries = object(value)?;
    entries
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| Ok((k.to_owned(), item(v).map_err(|e| e.at(k))?)))
        .collect()
}

/// Reads a sparse map: `null` values are kept as `None`.
pub fn sparse_map<'a, T>(
    value: &Parsed<'a>,
    item: impl Fn(&Parsed<'a>) -> Result<T, DeserializeError>,
) -> Result<HashMap<String, Option<T>>, DeserializeError> {
    let entries = object(value)?;
    entries
        .iter()
        .map(|(k, v)| match v {
            Parsed::Null => Ok((k.to_owned(), None)),
            v => Ok((k.to_owned(), Some(item(v).map_err(|e| e.at(k))?))),
        })
        .collect()
}

/// A blob from the base64 text of a model's `@default` (the generator copies it from a valid
/// model; text that is not base64 gives an empty blob).
pub fn blob_from_base64_default(text: &str) -> Blob {
    Blob::new(aws_smithy_types::base64::decode(text).unwrap_or_default())
}

/// A document from JSON text, for a model's `@default` document (the generator writes the
/// text, so it is valid JSON; anything else is `Null`).
pub fn document_from_json_text(text: &str) -> Document {
    crate::json_value::Value::parse(text).map(|v| v.to_document()).unwrap_or(Document::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parsed form of `text`, leaked so that tests can hold it: test inputs are tiny.
    fn p(text: &str) -> Parsed<'static> {
        let body: &'static [u8] = Box::leak(text.as_bytes().to_vec().into_boxed_slice());
        parse_payload(body).unwrap().unwrap()
    }

    /// The parsed form of what `write` writes.
    fn written(write: impl FnOnce(write::Value<'_>)) -> Parsed<'static> {
        let mut text = String::new();
        write(write::Value::new(&mut text));
        p(&text)
    }

    #[test]
    fn empty_body_is_empty_object_and_garbage_is_an_error() {
        assert!(parse_object(b"").unwrap().is_empty());
        assert!(parse_object(b"  \n").unwrap().is_empty());
        assert!(parse_object(b"[1]").unwrap_err().to_string().contains("an array"));
        for bad in [&b"{\"a\":"[..], b"{\"a\" 1}", b"{} {}", b"[1,]", b"\"\\ud800\"", b"{\"a\":tru}", b"\xff"] {
            let err = parse_payload(bad).unwrap_err().to_string();
            assert!(err.contains("not valid JSON"), "{:?}: {err}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = "[".repeat(100_000);
        assert!(parse_payload(deep.as_bytes()).unwrap_err().to_string().contains("nested deeper"));
        let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(parse_payload(fine.as_bytes()).is_ok());
    }

    #[test]
    fn null_members_are_absent_and_the_last_duplicate_wins() {
        let object = parse_object(br#"{"a":null,"b":1,"c":"x","c":"y","e":"\u00e9\n"}"#).unwrap();
        assert!(member(&object, "a").is_none());
        assert!(member(&object, "missing").is_none());
        assert_eq!(member(&object, "b"), Some(&Parsed::Number("1")));
        assert_eq!(string(member(&object, "c").unwrap()).unwrap(), "y");
        assert_eq!(string(member(&object, "e").unwrap()).unwrap(), "é\n");
        assert_eq!(object.len(), 5);
    }

    #[test]
    fn members_are_read_with_their_name_in_errors() {
        let object = parse_object(br#"{"a":"x","n":null,"b":true,"e":"HIGH"}"#).unwrap();
        assert_eq!(read_member(&object, "a", string).unwrap().as_deref(), Some("x"));
        assert_eq!(read_member(&object, "n", string).unwrap(), None);
        assert_eq!(read_member(&object, "missing", string).unwrap(), None);
        assert_eq!(read_member(&object, "e", enum_value::<String>).unwrap().as_deref(), Some("HIGH"));
        let err = read_member(&object, "b", string).unwrap_err().to_string();
        assert!(err.starts_with("b: expected a string"), "{err}");
        assert_eq!(int_enum_value::<i64>(&p("3")).unwrap(), 3);
        assert!(int_enum_value::<i64>(&p("\"3\"")).is_err());
    }

    #[test]
    fn integers_are_range_checked() {
        assert_eq!(integer::<i32>(&p("7")).unwrap(), 7);
        assert_eq!(integer::<i64>(&p("-9223372036854775808")).unwrap(), i64::MIN);
        assert!(integer::<i32>(&p(&(1u64 << 40).to_string())).unwrap_err().to_string().contains("out of range"));
        assert!(integer::<i64>(&p("9223372036854775808")).is_err());
        assert!(integer::<i64>(&p("\"7\"")).is_err());
        assert!(integer::<i8>(&p("1.5")).is_err());
        assert!(integer::<i8>(&p("1e2")).is_err());
    }

    #[test]
    fn non_finite_doubles_round_trip_as_strings() {
        for f in [f64::INFINITY, f64::NEG_INFINITY, 1.5, -0.25, 1e300] {
            assert_eq!(double(&written(|w| w.double(f))).unwrap(), f);
        }
        assert!(double(&written(|w| w.double(f64::NAN))).unwrap().is_nan());
        assert!(double(&p("\"nan\"")).is_err());
        assert_eq!(float(&p("0.1")).unwrap(), 0.1f32);
    }

    #[test]
    fn big_numbers_keep_every_digit() {
        let text = "123456789012345678901234567890.000000000000000000001";
        assert_eq!(big_number(&p(text)).unwrap(), text);
        assert_eq!(big_number(&written(|w| w.big_number(text))).unwrap(), text);
    }

    #[test]
    fn timestamps_in_each_format() {
        let t = timestamp(&p("\"2020-07-15T17:42:31Z\""), TimestampFormat::DateTime).unwrap();
        assert_eq!(t.secs(), 1_594_834_951);
        for format in [TimestampFormat::DateTime, TimestampFormat::HttpDate, TimestampFormat::EpochSeconds] {
            assert_eq!(timestamp(&written(|w| w.timestamp(&t, format).unwrap()), format).unwrap(), t);
        }
        let h = timestamp(&p("\"Wed, 15 Jul 2020 17:42:31 GMT\""), TimestampFormat::HttpDate).unwrap();
        assert_eq!(h, t);
        let e = timestamp(&p("1594834951.5"), TimestampFormat::EpochSeconds).unwrap();
        assert_eq!(e.subsec_nanos(), 500_000_000);
        assert!(timestamp(&p("1e300"), TimestampFormat::EpochSeconds).is_err());
        assert!(timestamp(&p("\"yesterday\""), TimestampFormat::DateTime).is_err());
        let offset = timestamp(&p("\"2019-12-16T22:48:18-01:00\""), TimestampFormat::DateTime).unwrap();
        assert_eq!(offset.secs(), 1_576_540_098);
    }

    #[test]
    fn lists_and_maps_drop_nulls_unless_sparse() {
        let v = p(r#"["a", null, "b"]"#);
        assert_eq!(list(&v, string).unwrap(), vec!["a", "b"]);
        assert_eq!(sparse_list(&v, string).unwrap(), vec![Some("a".into()), None, Some("b".into())]);
        let m = p(r#"{"k": "v", "n": null}"#);
        assert_eq!(map(&m, string).unwrap().len(), 1);
        assert_eq!(sparse_map(&m, string).unwrap().get("n"), Some(&None));
        let err = list(&p(r#"["a", 1]"#), string).unwrap_err();
        assert!(err.to_string().starts_with("[1]: "), "{err}");
    }

    #[test]
    fn blobs_and_documents_round_trip() {
        let b = Blob::new(b"hi there".to_vec());
        assert_eq!(blob(&written(|w| w.blob(&b))).unwrap(), b);
        let d = document(&p(r#"{"z": [1, -2, 2.5, "s", true, null], "a": {}}"#)).unwrap();
        assert_eq!(document(&written(|w| w.document(&d))).unwrap(), d);
        assert_eq!(document_from_json_text(r#"{"a": {}, "z": [1, -2, 2.5, "s", true, null]}"#), d);
        assert_eq!(document_from_json_text("not json"), Document::Null);
    }
}
