//! Writing JSON bodies: values streamed into a `String` (no tree is built), with `aws-smithy-json`'s
//! string escaping and number encoding and restJson1's encodings: non-finite doubles as the
//! strings `NaN`, `Infinity` and `-Infinity`, blobs as base64, timestamps in their format, big
//! numbers with every digit. An [`Object`] or [`Array`] is closed when it is dropped.

use crate::error::BuildError;
use crate::{Blob, DateTime, Document, TimestampFormat};
use aws_smithy_json::serialize::JsonValueWriter;
use aws_smithy_types::primitive::Encoder;
use aws_smithy_types::Number;
use std::collections::HashMap;

/// The place of one JSON value: writing it consumes the writer.
pub struct Value<'a> {
    out: &'a mut String,
}

impl<'a> Value<'a> {
    /// The writer of the value that `out` continues with.
    pub fn new(out: &'a mut String) -> Self {
        Value { out }
    }

    /// Writes `null`.
    pub fn null(self) {
        JsonValueWriter::new(self.out).null();
    }

    /// Writes `true` or `false`.
    pub fn boolean(self, value: bool) {
        JsonValueWriter::new(self.out).boolean(value);
    }

    /// Writes a string, escaped.
    pub fn string(self, value: &str) {
        JsonValueWriter::new(self.out).string(value);
    }

    /// Writes an integer (`byte` to `long`, and `intEnum` values).
    pub fn integer(self, value: i64) {
        JsonValueWriter::new(self.out).number(Number::NegInt(value));
    }

    /// Writes a double; non-finite values become the strings restJson1 uses.
    pub fn double(self, value: f64) {
        JsonValueWriter::new(self.out).number(Number::Float(value));
    }

    /// Writes a float with its shortest text (`0.1`, not the `0.10000000149011612` of its `f64`).
    pub fn float(self, value: f32) {
        if value.is_finite() {
            self.out.push_str(Encoder::from(value).encode());
        } else {
            self.double(f64::from(value));
        }
    }

    /// Writes an arbitrary-precision number (`bigInteger`, `bigDecimal`) from its decimal text,
    /// every digit kept; text that is not a JSON number is written as a string.
    pub fn big_number(self, text: &str) {
        if is_json_number(text) {
            self.out.push_str(text);
        } else {
            self.string(text);
        }
    }

    /// Writes a blob as base64.
    pub fn blob(self, value: &Blob) {
        self.string(&aws_smithy_types::base64::encode(value.as_ref()));
    }

    /// Writes a timestamp in `format`: epoch seconds as a number (whole seconds as an integer),
    /// the others as strings. Fails for a date the format cannot write.
    pub fn timestamp(self, value: &DateTime, format: TimestampFormat) -> Result<(), BuildError> {
        match format {
            TimestampFormat::EpochSeconds if value.subsec_nanos() == 0 => self.integer(value.secs()),
            TimestampFormat::EpochSeconds => self.double(value.as_secs_f64()),
            other => self.string(&value.fmt(other)?),
        }
        Ok(())
    }

    /// Writes a document; object keys are sorted, so that a document always gives the same bytes.
    pub fn document(self, value: &Document) {
        match value {
            Document::Null => self.null(),
            Document::Bool(b) => self.boolean(*b),
            Document::Number(Number::PosInt(u)) => self.out.push_str(Encoder::from(*u).encode()),
            Document::Number(Number::NegInt(i)) => self.integer(*i),
            Document::Number(Number::Float(f)) => self.double(*f),
            Document::String(s) => self.string(s),
            Document::Array(items) => {
                let mut array = self.array();
                for item in items {
                    array.value().document(item);
                }
            }
            Document::Object(map) => {
                let mut object = self.object();
                for (key, item) in sorted(map) {
                    object.key(key).document(item);
                }
            }
        }
    }

    /// Starts an object, closed when the returned writer is dropped.
    pub fn object(self) -> Object<'a> {
        self.out.push('{');
        Object { out: self.out, empty: true }
    }

    /// Writes `{}` (a unit, or a structure without members).
    pub fn empty_object(self) {
        self.out.push_str("{}");
    }

    /// Starts an array, closed when the returned writer is dropped.
    pub fn array(self) -> Array<'a> {
        self.out.push('[');
        Array { out: self.out, empty: true }
    }
}

/// An object being written; `}` is written when it is dropped.
pub struct Object<'a> {
    out: &'a mut String,
    empty: bool,
}

impl Object<'_> {
    /// Starts the member `key`: its value is to be written next.
    pub fn key(&mut self, key: &str) -> Value<'_> {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        JsonValueWriter::new(self.out).string(key);
        self.out.push(':');
        Value { out: self.out }
    }
}

impl Drop for Object<'_> {
    fn drop(&mut self) {
        self.out.push('}');
    }
}

/// An array being written; `]` is written when it is dropped.
pub struct Array<'a> {
    out: &'a mut String,
    empty: bool,
}

impl Array<'_> {
    /// Starts the next item.
    pub fn value(&mut self) -> Value<'_> {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        Value { out: self.out }
    }
}

impl Drop for Array<'_> {
    fn drop(&mut self) {
        self.out.push(']');
    }
}

/// The entries of a map sorted by key, so that a map always gives the same bytes.
pub fn sorted<T>(map: &HashMap<String, T>) -> Vec<(&String, &T)> {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    entries
}

/// A body of the JSON that `write` writes.
pub fn to_body(write: impl FnOnce(Value<'_>) -> Result<(), BuildError>) -> Result<bytes::Bytes, BuildError> {
    let mut out = String::new();
    write(Value::new(&mut out))?;
    Ok(bytes::Bytes::from(out))
}

/// Whether `text` is a number in JSON's syntax: `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`.
fn is_json_number(text: &str) -> bool {
    fn digits(bytes: &[u8]) -> usize {
        bytes.iter().take_while(|b| b.is_ascii_digit()).count()
    }
    let mut rest = text.as_bytes();
    if let [b'-', tail @ ..] = rest {
        rest = tail;
    }
    match rest {
        [b'0', tail @ ..] => rest = tail,
        [b'1'..=b'9', ..] => rest = &rest[digits(rest)..],
        _ => return false,
    }
    if let [b'.', tail @ ..] = rest {
        let n = digits(tail);
        if n == 0 {
            return false;
        }
        rest = &tail[n..];
    }
    if let [b'e' | b'E', tail @ ..] = rest {
        let tail = match tail {
            [b'+' | b'-', tail @ ..] => tail,
            tail => tail,
        };
        let n = digits(tail);
        if n == 0 {
            return false;
        }
        rest = &tail[n..];
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(write: impl FnOnce(Value<'_>)) -> String {
        let mut out = String::new();
        write(Value::new(&mut out));
        out
    }

    #[test]
    fn objects_and_arrays_nest_and_close_when_dropped() {
        let text = written(|w| {
            let mut object = w.object();
            object.key("a\"b").string("x\ny");
            {
                let mut array = object.key("list").array();
                array.value().integer(-3);
                array.value().null();
                array.value().empty_object();
                array.value().array();
            }
            object.key("t").boolean(true);
        });
        assert_eq!(text, r#"{"a\"b":"x\ny","list":[-3,null,{},[]],"t":true}"#);
    }

    #[test]
    fn doubles_and_floats() {
        assert_eq!(written(|w| w.double(f64::NAN)), r#""NaN""#);
        assert_eq!(written(|w| w.double(f64::INFINITY)), r#""Infinity""#);
        assert_eq!(written(|w| w.float(f32::NEG_INFINITY)), r#""-Infinity""#);
        assert_eq!(written(|w| w.double(1.5)), "1.5");
        assert_eq!(written(|w| w.double(1e300)), "1e300");
        assert_eq!(written(|w| w.float(0.1)), "0.1");
    }

    #[test]
    fn big_numbers_keep_every_digit() {
        let text = "123456789012345678901234567890.000000000000000000001";
        assert_eq!(written(|w| w.big_number(text)), text);
        assert_eq!(written(|w| w.big_number("-1E+5")), "-1E+5");
        for not_a_number in ["", "-", "01", "1.", ".5", "1e", "1e+", "NaN", "1 ", "0x10"] {
            assert_eq!(written(|w| w.big_number(not_a_number)), format!("{not_a_number:?}"), "{not_a_number:?}");
        }
    }

    #[test]
    fn timestamps_blobs_and_documents() {
        let t = DateTime::from_secs(1_594_834_951);
        let ts = |t: &DateTime, f| written(|w| w.timestamp(t, f).unwrap());
        assert_eq!(ts(&t, TimestampFormat::DateTime), r#""2020-07-15T17:42:31Z""#);
        assert_eq!(ts(&t, TimestampFormat::HttpDate), r#""Wed, 15 Jul 2020 17:42:31 GMT""#);
        assert_eq!(ts(&t, TimestampFormat::EpochSeconds), "1594834951");
        assert_eq!(ts(&DateTime::from_secs_f64(1_594_834_951.5), TimestampFormat::EpochSeconds), "1594834951.5");
        let far = DateTime::from_secs(i64::MAX / 2);
        assert!(Value::new(&mut String::new()).timestamp(&far, TimestampFormat::DateTime).is_err());
        assert_eq!(written(|w| w.blob(&Blob::new(b"hi".to_vec()))), r#""aGk=""#);
        let doc = Document::Object(
            [
                ("z".to_owned(), Document::Array(vec![Document::Number(Number::PosInt(u64::MAX)), Document::Null])),
                ("a".to_owned(), Document::Number(Number::Float(f64::NEG_INFINITY))),
                ("m".to_owned(), Document::Number(Number::NegInt(-2))),
            ]
            .into_iter()
            .collect(),
        );
        assert_eq!(written(|w| w.document(&doc)), r#"{"a":"-Infinity","m":-2,"z":[18446744073709551615,null]}"#);
    }

    #[test]
    fn maps_are_written_in_key_order() {
        let map: HashMap<String, i32> = [("b".to_owned(), 2), ("a".to_owned(), 1), ("c".to_owned(), 3)].into();
        let keys: Vec<&str> = sorted(&map).into_iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["a", "b", "c"]);
        let body = to_body(|w| {
            w.object().key("k").string("v");
            Ok(())
        })
        .unwrap();
        assert_eq!(&body[..], br#"{"k":"v"}"#);
    }
}
