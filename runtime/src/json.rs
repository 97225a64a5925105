//! JSON reading and writing for restJson1 bodies.
//!
//! Reading: a response body is read in one pass over `aws-smithy-json`'s tokens by a
//! [`Reader`]; generated readers take each member straight into the value they build, with no
//! tree in between, allocating only what they keep. Every reader gives `None` for `null`. None of
//! them panics, whatever the input.
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

/// Reads one JSON value from a response body, token by token: generated readers take what
/// they keep straight from the tokens (`aws-smithy-json`'s tokenizer), with no tree in
/// between. Strings borrow from the body until a reader keeps them.
pub struct Reader<'a> {
    body: &'a [u8],
    tokens: JsonTokenIterator<'a>,
    /// A token read ahead and put back.
    peeked: Option<Token<'a>>,
    /// The number of arrays and objects open.
    depth: usize,
}

impl<'a> Reader<'a> {
    /// A reader of `body`, which should hold one JSON value.
    pub fn new(body: &'a [u8]) -> Self {
        Self { body, tokens: json_token_iter(body), peeked: None, depth: 0 }
    }

    /// The next token; an error at the end of the input or past [`MAX_DEPTH`] open containers.
    fn next_token(&mut self) -> Result<Token<'a>, DeserializeError> {
        if let Some(token) = self.peeked.take() {
            return Ok(token);
        }
        let token = match self.tokens.next() {
            Some(Ok(token)) => token,
            Some(Err(e)) => return Err(invalid(e)),
            None => return Err(invalid("unexpected end of input")),
        };
        match token {
            Token::StartArray { .. } | Token::StartObject { .. } => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(invalid(format!("nested deeper than {MAX_DEPTH} levels")));
                }
            }
            Token::EndArray { .. } | Token::EndObject { .. } => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        Ok(token)
    }

    /// Puts `token` back, to be the next one read.
    fn put_back(&mut self, token: Token<'a>) {
        self.peeked = Some(token);
    }

    /// The first token of the next value; `None` (having read it) when the value is `null`.
    fn value_token(&mut self) -> Result<Option<Token<'a>>, DeserializeError> {
        match self.next_token()? {
            Token::ValueNull { .. } => Ok(None),
            token @ (Token::ObjectKey { .. } | Token::EndArray { .. } | Token::EndObject { .. }) => {
                Err(invalid(format!("unexpected token at byte {}", token.offset().0)))
            }
            token => Ok(Some(token)),
        }
    }

    /// Checks that nothing but whitespace follows the value read.
    fn finish(mut self) -> Result<(), DeserializeError> {
        match self.peeked.take().map(Ok).or_else(|| self.tokens.next()) {
            None => Ok(()),
            Some(Err(e)) => Err(invalid(e)),
            Some(Ok(_)) => Err(invalid("trailing characters after the value")),
        }
    }

    /// The text of the number starting at `start` (the tokenizer has validated it).
    fn number_text(&self, start: usize) -> Result<&'a str, DeserializeError> {
        std::str::from_utf8(number_bytes(self.body, start)).map_err(invalid)
    }
}

/// The bytes of the number token starting at `start` of `body`: the tokenizer has checked the
/// number, so its text runs to the first byte no number holds.
pub(crate) fn number_bytes(body: &[u8], start: usize) -> &[u8] {
    let rest = body.get(start..).unwrap_or_default();
    let len = rest.iter().take_while(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')).count();
    &rest[..len]
}

impl std::fmt::Debug for Reader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader").field("body_len", &self.body.len()).field("depth", &self.depth).finish()
    }
}

fn invalid(e: impl std::fmt::Display) -> DeserializeError {
    DeserializeError::new(format!("response body is not valid JSON: {e}"))
}

/// What a token starts, for errors.
fn kind(token: &Token<'_>) -> &'static str {
    match token {
        Token::ValueNull { .. } => "null",
        Token::ValueBool { .. } => "a boolean",
        Token::ValueNumber { .. } => "a number",
        Token::ValueString { .. } => "a string",
        Token::StartArray { .. } => "an array",
        Token::StartObject { .. } => "an object",
        Token::ObjectKey { .. } => "an object key",
        Token::EndArray { .. } | Token::EndObject { .. } => "the end of a container",
    }
}

fn expected(what: &str, found: &Token<'_>) -> DeserializeError {
    DeserializeError::new(format!("expected {what}, found {}", kind(found)))
}

fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

/// Reads a response body that is a JSON object, calling `member` with each key and a reader
/// positioned on its value (which `member` must read or [`skip`]). An empty body is an empty
/// object; anything else but an object is an error.
pub fn body_object<'a>(
    body: &'a [u8],
    member: impl FnMut(&str, &mut Reader<'a>) -> Result<(), DeserializeError>,
) -> Result<(), DeserializeError> {
    if is_blank(body) {
        return Ok(());
    }
    let mut reader = Reader::new(body);
    if !object(&mut reader, member)? {
        return Err(DeserializeError::new("expected a JSON object as the response body, found null"));
    }
    reader.finish()
}

/// Reads the body of an error response like [`body_object`], except that a body that is not a
/// JSON object is read as an empty one: such a body still gives the error its code and status.
/// Checks the body before reading it (error responses are rare, so the second pass is cheap).
pub fn error_body_object<'a>(
    body: &'a [u8],
    member: impl FnMut(&str, &mut Reader<'a>) -> Result<(), DeserializeError>,
) -> Result<(), DeserializeError> {
    let is_object = || {
        let mut reader = Reader::new(body);
        object(&mut reader, |_, reader| skip(reader)).unwrap_or(false) && reader.finish().is_ok()
    };
    if is_object() {
        body_object(body, member)
    } else {
        Ok(())
    }
}

/// Reads an `@httpPayload` body with `read`: `None` when the body is empty or `null`.
pub fn payload<'a, T>(
    body: &'a [u8],
    read: impl FnOnce(&mut Reader<'a>) -> Result<Option<T>, DeserializeError>,
) -> Result<Option<T>, DeserializeError> {
    if is_blank(body) {
        return Ok(None);
    }
    let mut reader = Reader::new(body);
    let value = read(&mut reader)?;
    reader.finish()?;
    Ok(value)
}

/// Reads an `@httpPayload` document: `None` when the body is empty, else any JSON value
/// (`null` included).
pub fn document_payload(body: &[u8]) -> Result<Option<Document>, DeserializeError> {
    if is_blank(body) {
        return Ok(None);
    }
    let mut reader = Reader::new(body);
    let token = reader.next_token()?;
    let value = document_from(&mut reader, token)?;
    reader.finish()?;
    Ok(Some(value))
}

/// The value `read` makes of an empty object: a required structure member that is missing
/// gets the structure its absent members make.
pub fn from_empty_object<T>(
    read: impl for<'r> FnOnce(&mut Reader<'r>) -> Result<Option<T>, DeserializeError>,
) -> Result<T, DeserializeError> {
    read(&mut Reader::new(b"{}"))?.ok_or_else(|| DeserializeError::new("expected an object, found null"))
}

/// Reads an object, calling `member` with each key and a reader positioned on its value
/// (which `member` must read or [`skip`]); an error from `member` is prefixed with the key.
/// `false` when the value is `null`.
///
/// Every member is handed over, `null` ones included: a reader gives `None` for `null`, so
/// that a member read twice keeps its last value, as when the tree was looked up by key.
pub fn object<'a>(
    reader: &mut Reader<'a>,
    mut member: impl FnMut(&str, &mut Reader<'a>) -> Result<(), DeserializeError>,
) -> Result<bool, DeserializeError> {
    match reader.value_token()? {
        None => return Ok(false),
        Some(Token::StartObject { .. }) => {}
        Some(other) => return Err(expected("an object", &other)),
    }
    loop {
        match reader.next_token()? {
            Token::EndObject { .. } => return Ok(true),
            Token::ObjectKey { key, .. } => {
                let key = key.to_unescaped().map_err(invalid)?;
                member(&key, reader).map_err(|e| e.at(&key))?;
            }
            other => return Err(invalid(format!("expected an object key at byte {}", other.offset().0))),
        }
    }
}

/// Reads a union: an object with exactly one member that is not `null`, which `variant` reads
/// (`None` when it is `null`). `__type` may name the union's shape; it is not a member
/// (Smithy's `RestJsonDeserializeIgnoreType`).
pub fn union<'a, T>(
    reader: &mut Reader<'a>,
    mut variant: impl FnMut(&str, &mut Reader<'a>) -> Result<Option<T>, DeserializeError>,
) -> Result<Option<T>, DeserializeError> {
    let mut set = None;
    let mut count = 0usize;
    let found = object(reader, |key, reader| {
        if key == "__type" {
            return skip(reader);
        }
        if let Some(value) = variant(key, reader)? {
            count += 1;
            set = Some(value);
        }
        Ok(())
    })?;
    match (found, set) {
        (false, _) => Ok(None),
        (true, Some(value)) if count == 1 => Ok(Some(value)),
        _ => Err(DeserializeError::new("a union must have exactly one member set")),
    }
}

/// Reads and drops any value.
pub fn skip(reader: &mut Reader<'_>) -> Result<(), DeserializeError> {
    skip_value(reader).map(|_| ())
}

/// Reads and drops any value: `None` when it is `null` (an unknown union variant that is set).
/// Strings are still checked for bad escapes.
pub fn skip_value(reader: &mut Reader<'_>) -> Result<Option<()>, DeserializeError> {
    let mut open = 0usize;
    loop {
        match reader.next_token()? {
            Token::ValueNull { .. } if open == 0 => return Ok(None),
            Token::StartArray { .. } | Token::StartObject { .. } => open += 1,
            Token::EndArray { .. } | Token::EndObject { .. } => open = open.saturating_sub(1),
            Token::ValueString { value: text, .. } | Token::ObjectKey { key: text, .. } => {
                text.to_unescaped().map_err(invalid)?;
            }
            _ => {}
        }
        if open == 0 {
            return Ok(Some(()));
        }
    }
}

/// Reads a unit (`{}` on the wire; any object is accepted).
pub fn unit(reader: &mut Reader<'_>) -> Result<Option<()>, DeserializeError> {
    Ok(object(reader, |_, reader| skip(reader))?.then_some(()))
}

/// Reads a string.
pub fn string(reader: &mut Reader<'_>) -> Result<Option<String>, DeserializeError> {
    str_with(reader, |s| Ok(s.into_owned()))
}

/// Reads a string, handing `read` its unescaped text.
fn str_with<'a, T>(
    reader: &mut Reader<'a>,
    read: impl FnOnce(Cow<'a, str>) -> Result<T, DeserializeError>,
) -> Result<Option<T>, DeserializeError> {
    match reader.value_token()? {
        None => Ok(None),
        Some(Token::ValueString { value, .. }) => read(value.to_unescaped().map_err(invalid)?).map(Some),
        Some(other) => Err(expected("a string", &other)),
    }
}

/// Reads a string enum; an unknown value is kept, as the enum's `Unknown` variant.
pub fn enum_value<T: for<'s> From<&'s str>>(reader: &mut Reader<'_>) -> Result<Option<T>, DeserializeError> {
    str_with(reader, |s| Ok(T::from(s.as_ref())))
}

/// Reads an integer enum; an unknown value is kept, as the enum's `Unknown` variant.
pub fn int_enum_value<T: From<i32>>(reader: &mut Reader<'_>) -> Result<Option<T>, DeserializeError> {
    integer::<i32>(reader).map(|n| n.map(T::from))
}

/// Reads a boolean.
pub fn boolean(reader: &mut Reader<'_>) -> Result<Option<bool>, DeserializeError> {
    match reader.value_token()? {
        None => Ok(None),
        Some(Token::ValueBool { value, .. }) => Ok(Some(value)),
        Some(other) => Err(expected("a boolean", &other)),
    }
}

/// Reads a number's text.
fn number<'a>(reader: &mut Reader<'a>, what: &str) -> Result<Option<&'a str>, DeserializeError> {
    match reader.value_token()? {
        None => Ok(None),
        Some(Token::ValueNumber { offset, .. }) => reader.number_text(offset.0).map(Some),
        Some(other) => Err(expected(what, &other)),
    }
}

/// Reads an integer that must fit `T` (`i8`, `i16`, `i32` or `i64`).
pub fn integer<T: TryFrom<i64>>(reader: &mut Reader<'_>) -> Result<Option<T>, DeserializeError> {
    let Some(text) = number(reader, "an integer")? else { return Ok(None) };
    if text.contains(['.', 'e', 'E']) {
        return Err(DeserializeError::new(format!("expected an integer, found the number {text}")));
    }
    let out_of_range = || DeserializeError::new(format!("integer {text} is out of range"));
    let n: i64 = text.parse().map_err(|_| out_of_range())?;
    T::try_from(n).map(Some).map_err(|_| out_of_range())
}

/// The value of a number's text (JSON number syntax is Rust's float syntax).
fn number_value(text: &str) -> Result<f64, DeserializeError> {
    text.parse().map_err(|_| DeserializeError::new(format!("expected a number, found {text:?}")))
}

/// Reads a double, including the strings `NaN`, `Infinity` and `-Infinity`.
pub fn double(reader: &mut Reader<'_>) -> Result<Option<f64>, DeserializeError> {
    match reader.value_token()? {
        None => Ok(None),
        Some(Token::ValueNumber { offset, .. }) => number_value(reader.number_text(offset.0)?).map(Some),
        Some(Token::ValueString { value, .. }) => match value.to_unescaped().map_err(invalid)?.as_ref() {
            "NaN" => Ok(Some(f64::NAN)),
            "Infinity" => Ok(Some(f64::INFINITY)),
            "-Infinity" => Ok(Some(f64::NEG_INFINITY)),
            s => Err(DeserializeError::new(format!("expected a number, found the string {s:?}"))),
        },
        Some(other) => Err(expected("a number", &other)),
    }
}

/// Reads a float (see [`double`]).
pub fn float(reader: &mut Reader<'_>) -> Result<Option<f32>, DeserializeError> {
    double(reader).map(|f| f.map(|f| f as f32))
}

/// Reads a timestamp in `format`; epoch seconds may be fractional.
pub fn timestamp(reader: &mut Reader<'_>, format: TimestampFormat) -> Result<Option<DateTime>, DeserializeError> {
    match reader.value_token()? {
        None => Ok(None),
        Some(Token::ValueNumber { offset, .. }) if format == TimestampFormat::EpochSeconds => {
            let secs = number_value(reader.number_text(offset.0)?)?;
            if !secs.is_finite() || secs.abs() > 1e15 {
                return Err(DeserializeError::new(format!("timestamp {secs} is out of range")));
            }
            Ok(Some(DateTime::from_secs_f64(secs)))
        }
        // Some services send epoch seconds as a string; `from_str` reads those too.
        Some(Token::ValueString { value, .. }) => {
            let s = value.to_unescaped().map_err(invalid)?;
            // Servers may send `date-time` values with an offset; they are read, never written.
            let format = if format == TimestampFormat::DateTime { TimestampFormat::DateTimeWithOffset } else { format };
            DateTime::from_str(&s, format)
                .map(Some)
                .map_err(|e| DeserializeError::new(format!("invalid timestamp {s:?}: {e}")))
        }
        Some(other) => Err(expected("a timestamp", &other)),
    }
}

/// Reads an arbitrary-precision number (`bigInteger`, `bigDecimal`) as its decimal text.
pub fn big_number(reader: &mut Reader<'_>) -> Result<Option<String>, DeserializeError> {
    match reader.value_token()? {
        None => Ok(None),
        Some(Token::ValueNumber { offset, .. }) => reader.number_text(offset.0).map(|t| Some(t.to_owned())),
        Some(Token::ValueString { value, .. }) => Ok(Some(value.to_unescaped().map_err(invalid)?.into_owned())),
        Some(other) => Err(expected("a number", &other)),
    }
}

/// Reads a base64 blob.
pub fn blob(reader: &mut Reader<'_>) -> Result<Option<Blob>, DeserializeError> {
    match reader.value_token()? {
        None => Ok(None),
        Some(Token::ValueString { value, .. }) => {
            aws_smithy_types::base64::decode(value.to_unescaped().map_err(invalid)?.as_ref())
                .map(|b| Some(Blob::new(b)))
                .map_err(|e| DeserializeError::new(format!("invalid base64: {e}")))
        }
        Some(other) => Err(expected("a base64 string", &other)),
    }
}

/// Reads a document: any JSON value (`None` for `null`, which inside a document is
/// [`Document::Null`]).
pub fn document(reader: &mut Reader<'_>) -> Result<Option<Document>, DeserializeError> {
    match reader.value_token()? {
        None => Ok(None),
        Some(token) => document_from(reader, token).map(Some),
    }
}

/// The document whose first token is `token`.
fn document_from<'a>(reader: &mut Reader<'a>, token: Token<'a>) -> Result<Document, DeserializeError> {
    Ok(match token {
        Token::ValueNull { .. } => Document::Null,
        Token::ValueBool { value, .. } => Document::Bool(value),
        Token::ValueNumber { offset, .. } => {
            let text = reader.number_text(offset.0)?;
            Document::Number(if let Ok(u) = text.parse::<u64>() {
                Number::PosInt(u)
            } else if let Ok(i) = text.parse::<i64>() {
                Number::NegInt(i)
            } else {
                Number::Float(number_value(text)?)
            })
        }
        Token::ValueString { value, .. } => Document::String(value.to_unescaped().map_err(invalid)?.into_owned()),
        Token::StartArray { .. } => {
            let mut items = Vec::new();
            loop {
                match reader.next_token()? {
                    Token::EndArray { .. } => break,
                    token => items.push(document_from(reader, token)?),
                }
            }
            Document::Array(items)
        }
        Token::StartObject { .. } => {
            let mut members = HashMap::new();
            reader.put_back(token);
            object(reader, |key, reader| {
                let token = reader.next_token()?;
                members.insert(key.to_owned(), document_from(reader, token)?);
                Ok(())
            })?;
            Document::Object(members)
        }
        other => return Err(invalid(format!("unexpected token at byte {}", other.offset().0))),
    })
}

/// Reads the items of an array with `item`, handing `keep` each one (`None` for `null`).
fn items<'a, T>(
    reader: &mut Reader<'a>,
    item: impl Fn(&mut Reader<'a>) -> Result<Option<T>, DeserializeError>,
    mut keep: impl FnMut(Option<T>),
) -> Result<bool, DeserializeError> {
    match reader.value_token()? {
        None => return Ok(false),
        Some(Token::StartArray { .. }) => {}
        Some(other) => return Err(expected("an array", &other)),
    }
    for i in 0.. {
        match reader.next_token()? {
            Token::EndArray { .. } => break,
            token => {
                reader.put_back(token);
                keep(item(reader).map_err(|e| e.at(&format!("[{i}]")))?);
            }
        }
    }
    Ok(true)
}

/// Reads a list; `null` entries are dropped, as for a dense list.
pub fn list<'a, T>(
    reader: &mut Reader<'a>,
    item: impl Fn(&mut Reader<'a>) -> Result<Option<T>, DeserializeError>,
) -> Result<Option<Vec<T>>, DeserializeError> {
    let mut out = Vec::new();
    Ok(items(reader, item, |v| out.extend(v))?.then_some(out))
}

/// Reads a sparse list: `null` entries are kept as `None`.
pub fn sparse_list<'a, T>(
    reader: &mut Reader<'a>,
    item: impl Fn(&mut Reader<'a>) -> Result<Option<T>, DeserializeError>,
) -> Result<Option<Vec<Option<T>>>, DeserializeError> {
    let mut out = Vec::new();
    Ok(items(reader, item, |v| out.push(v))?.then_some(out))
}

/// Reads a map with string keys; `null` values are dropped, as for a dense map.
pub fn map<'a, T>(
    reader: &mut Reader<'a>,
    item: impl Fn(&mut Reader<'a>) -> Result<Option<T>, DeserializeError>,
) -> Result<Option<HashMap<String, T>>, DeserializeError> {
    let mut out = HashMap::new();
    let found = object(reader, |key, reader| {
        if let Some(v) = item(reader)? {
            out.insert(key.to_owned(), v);
        }
        Ok(())
    })?;
    Ok(found.then_some(out))
}

/// Reads a sparse map: `null` values are kept as `None`.
pub fn sparse_map<'a, T>(
    reader: &mut Reader<'a>,
    item: impl Fn(&mut Reader<'a>) -> Result<Option<T>, DeserializeError>,
) -> Result<Option<HashMap<String, Option<T>>>, DeserializeError> {
    let mut out = HashMap::new();
    let found = object(reader, |key, reader| {
        out.insert(key.to_owned(), item(reader)?);
        Ok(())
    })?;
    Ok(found.then_some(out))
}

/// A blob from the base64 text of a model's `@default` (the generator copies it from a valid
/// model; text that is not base64 gives an empty blob).
pub fn blob_from_base64_default(text: &str) -> Blob {
    Blob::new(aws_smithy_types::base64::decode(text).unwrap_or_default())
}

/// A document from JSON text, for a model's `@default` document (the generator writes the
/// text, so it is valid JSON; anything else is `Null`).
pub fn document_from_json_text(text: &str) -> Document {
    document_payload(text.as_bytes()).ok().flatten().unwrap_or(Document::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `read` makes of `text`, which must be read to its end.
    fn r<T>(
        text: &str,
        read: impl FnOnce(&mut Reader<'_>) -> Result<Option<T>, DeserializeError>,
    ) -> Result<T, DeserializeError> {
        payload(text.as_bytes(), read).map(|v| v.expect("not null"))
    }

    /// What `read` makes of what `write` writes.
    fn written<T>(
        write: impl FnOnce(write::Value<'_>),
        read: impl FnOnce(&mut Reader<'_>) -> Result<Option<T>, DeserializeError>,
    ) -> T {
        let mut text = String::new();
        write(write::Value::new(&mut text));
        r(&text, read).unwrap()
    }

    /// The members of the body object `text`, read as strings (`None` for `null`), in order.
    fn members(text: &str) -> Result<Vec<(String, Option<String>)>, DeserializeError> {
        let mut out = Vec::new();
        body_object(text.as_bytes(), |key, reader| {
            out.push((key.to_owned(), string(reader)?));
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn empty_body_is_empty_object_and_garbage_is_an_error() {
        assert!(members("").unwrap().is_empty());
        assert!(members("  \n").unwrap().is_empty());
        assert!(members("[1]").unwrap_err().to_string().contains("an array"));
        assert!(members("null").is_err());
        for bad in [
            &b"{\"a\":"[..],
            b"{\"a\" 1}",
            b"{} {}",
            b"[1,]",
            b"\"\\ud800\"",
            b"{\"a\":tru}",
            b"\xff",
            b"[\"\\ud800\"]",
        ] {
            let err = payload(bad, |r| skip_value(r)).unwrap_err().to_string();
            assert!(err.contains("not valid JSON"), "{:?}: {err}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn error_bodies_that_are_not_objects_are_empty() {
        for body in ["", "<html>", "[1]", "{\"a\":", "{} {}"] {
            error_body_object(body.as_bytes(), |_, _| panic!("{body:?} has no members")).unwrap();
        }
        let mut seen = Vec::new();
        error_body_object(br#"{"message":"m","x":[{}]}"#, |key, reader| {
            seen.push(key.to_owned());
            skip(reader)
        })
        .unwrap();
        assert_eq!(seen, ["message", "x"]);
        assert!(error_body_object(br#"{"message":1}"#, |_, reader| string(reader).map(drop)).is_err());
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = "[".repeat(100_000);
        assert!(payload(deep.as_bytes(), |r| skip_value(r)).unwrap_err().to_string().contains("nested deeper"));
        assert!(payload(deep.as_bytes(), document).unwrap_err().to_string().contains("nested deeper"));
        let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(payload(fine.as_bytes(), document).is_ok());
        assert!(payload(fine.as_bytes(), |r| skip_value(r)).is_ok());
    }

    #[test]
    fn null_members_are_handed_over_and_read_as_none() {
        let read = members(r#"{"a":null,"c":"x","c":"y","e":"\u00e9\n","k\u0021":"z"}"#).unwrap();
        let expected = [("a", None), ("c", Some("x")), ("c", Some("y")), ("e", Some("é\n")), ("k!", Some("z"))];
        let expected: Vec<_> = expected.iter().map(|(k, v)| (k.to_string(), v.map(str::to_owned))).collect();
        assert_eq!(read, expected);
    }

    #[test]
    fn member_errors_name_the_member() {
        let err = members(r#"{"a":"x","b":true}"#).unwrap_err().to_string();
        assert!(err.starts_with("b: expected a string, found a boolean"), "{err}");
        assert_eq!(r("\"HIGH\"", enum_value::<String>).unwrap(), "HIGH");
        assert_eq!(r("3", int_enum_value::<i64>).unwrap(), 3);
        assert!(r("\"3\"", int_enum_value::<i64>).is_err());
        assert_eq!(payload(b"null", string).unwrap(), None);
    }

    #[test]
    fn integers_are_range_checked() {
        assert_eq!(r("7", integer::<i32>).unwrap(), 7);
        assert_eq!(r("-9223372036854775808", integer::<i64>).unwrap(), i64::MIN);
        assert!(r(&(1u64 << 40).to_string(), integer::<i32>).unwrap_err().to_string().contains("out of range"));
        assert!(r("9223372036854775808", integer::<i64>).is_err());
        assert!(r("\"7\"", integer::<i64>).is_err());
        assert!(r("1.5", integer::<i8>).is_err());
        assert!(r("1e2", integer::<i8>).is_err());
    }

    #[test]
    fn non_finite_doubles_round_trip_as_strings() {
        for f in [f64::INFINITY, f64::NEG_INFINITY, 1.5, -0.25, 1e300] {
            assert_eq!(written(|w| w.double(f), double), f);
        }
        assert!(written(|w| w.double(f64::NAN), double).is_nan());
        assert!(r("\"nan\"", double).is_err());
        assert_eq!(r("0.1", float).unwrap(), 0.1f32);
    }

    #[test]
    fn big_numbers_keep_every_digit() {
        let text = "123456789012345678901234567890.000000000000000000001";
        assert_eq!(r(text, big_number).unwrap(), text);
        assert_eq!(written(|w| w.big_number(text), big_number), text);
    }

    #[test]
    fn timestamps_in_each_format() {
        let ts = |text: &str, format| r(text, |r| timestamp(r, format));
        let t = ts("\"2020-07-15T17:42:31Z\"", TimestampFormat::DateTime).unwrap();
        assert_eq!(t.secs(), 1_594_834_951);
        for format in [TimestampFormat::DateTime, TimestampFormat::HttpDate, TimestampFormat::EpochSeconds] {
            assert_eq!(written(|w| w.timestamp(&t, format).unwrap(), |r| timestamp(r, format)), t);
        }
        let h = ts("\"Wed, 15 Jul 2020 17:42:31 GMT\"", TimestampFormat::HttpDate).unwrap();
        assert_eq!(h, t);
        let e = ts("1594834951.5", TimestampFormat::EpochSeconds).unwrap();
        assert_eq!(e.subsec_nanos(), 500_000_000);
        assert!(ts("1e300", TimestampFormat::EpochSeconds).is_err());
        assert!(ts("\"yesterday\"", TimestampFormat::DateTime).is_err());
        let offset = ts("\"2019-12-16T22:48:18-01:00\"", TimestampFormat::DateTime).unwrap();
        assert_eq!(offset.secs(), 1_576_540_098);
    }

    #[test]
    fn lists_and_maps_drop_nulls_unless_sparse() {
        let v = r#"["a", null, "b"]"#;
        assert_eq!(r(v, |r| list(r, string)).unwrap(), vec!["a", "b"]);
        assert_eq!(r(v, |r| sparse_list(r, string)).unwrap(), vec![Some("a".into()), None, Some("b".into())]);
        let m = r#"{"k": "v", "n": null, "k": null}"#;
        assert_eq!(r(m, |r| map(r, string)).unwrap(), HashMap::from([("k".to_owned(), "v".to_owned())]));
        assert_eq!(r(m, |r| sparse_map(r, string)).unwrap().get("n"), Some(&None));
        let err = r(r#"["a", 1]"#, |r| list(r, string)).unwrap_err();
        assert!(err.to_string().starts_with("[1]: "), "{err}");
        assert!(r("{}", |r| list(r, string)).unwrap_err().to_string().contains("expected an array"));
    }

    #[test]
    fn unions_have_exactly_one_member_set() {
        let u = |text: &str| {
            r(text, |r| {
                union(r, |key, r| match key {
                    "s" => string(r),
                    "unit" => unit(r).map(|v| v.map(|()| "unit".to_owned())),
                    _ => skip_value(r).map(|v| v.map(|()| "unknown".to_owned())),
                })
            })
        };
        assert_eq!(u(r#"{"s":"x","__type":"ns#U","other":null}"#).unwrap(), "x");
        assert_eq!(u(r#"{"unit":{"a":1}}"#).unwrap(), "unit");
        assert_eq!(u(r#"{"new":[1]}"#).unwrap(), "unknown");
        for bad in [r#"{}"#, r#"{"s":"x","unit":{}}"#, r#"{"s":"x","s":"y"}"#, r#"{"__type":"x"}"#] {
            assert!(u(bad).unwrap_err().to_string().contains("exactly one"), "{bad}");
        }
        assert!(u("[]").is_err());
    }

    #[test]
    fn blobs_and_documents_round_trip() {
        let b = Blob::new(b"hi there".to_vec());
        assert_eq!(written(|w| w.blob(&b), blob), b);
        let d = r(r#"{"z": [1, -2, 2.5, "s", true, null], "a": {}}"#, document).unwrap();
        assert_eq!(written(|w| w.document(&d), document), d);
        assert_eq!(document_from_json_text(r#"{"a": {}, "z": [1, -2, 2.5, "s", true, null]}"#), d);
        assert_eq!(document_from_json_text("not json"), Document::Null);
        assert_eq!(document_payload(b"null").unwrap(), Some(Document::Null));
        assert_eq!(document_payload(b" ").unwrap(), None);
        assert_eq!(from_empty_object(|r| object(r, |_, _| Ok(())).map(|found| found.then_some(7))).unwrap(), 7);
    }
}
