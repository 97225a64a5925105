//! JSON reading and writing for restJson1 bodies.
//!
//! Generated code reads a response body into a [`serde_json::Value`] once and converts members
//! with these functions; none of them panics, whatever the input.

use crate::error::{BuildError, DeserializeError};
use crate::{Blob, DateTime, Document, TimestampFormat};
use aws_smithy_types::Number;
use std::collections::HashMap;

pub use serde_json::{from_str, Map, Value};

/// A JSON object.
pub type Object = Map<String, Value>;

/// Parses a response body as a JSON object; an empty body is an empty object.
pub fn parse_object(body: &[u8]) -> Result<Object, DeserializeError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Object::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(other) => Err(DeserializeError::new(format!(
            "expected a JSON object as the response body, found {}",
            kind_of(&other)
        ))),
        Err(e) => Err(DeserializeError::new(format!("response body is not valid JSON: {e}"))),
    }
}

/// Parses an `@httpPayload` body: `None` when empty, else any JSON value.
pub fn parse_payload(body: &[u8]) -> Result<Option<Value>, DeserializeError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(body)
        .map(Some)
        .map_err(|e| DeserializeError::new(format!("response body is not valid JSON: {e}")))
}

/// Serialises a JSON object into a request body.
pub fn to_body(object: Object) -> bytes::Bytes {
    // Writing a `Value` to memory cannot fail: every key is a string.
    bytes::Bytes::from(serde_json::to_vec(&Value::Object(object)).unwrap_or_default())
}

/// Serialises any JSON value into a request body (an `@httpPayload` structure).
pub fn value_to_body(value: &Value) -> bytes::Bytes {
    bytes::Bytes::from(serde_json::to_vec(value).unwrap_or_default())
}

/// The value of `key`, or `None` when it is absent or `null` (restJson1 treats both alike).
pub fn member<'a>(object: &'a Object, key: &str) -> Option<&'a Value> {
    object.get(key).filter(|v| !v.is_null())
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn expected(what: &str, found: &Value) -> DeserializeError {
    DeserializeError::new(format!("expected {what}, found {}", kind_of(found)))
}

/// Reads an object.
pub fn object(value: &Value) -> Result<&Object, DeserializeError> {
    value.as_object().ok_or_else(|| expected("an object", value))
}

/// Reads a string.
pub fn string(value: &Value) -> Result<String, DeserializeError> {
    value.as_str().map(str::to_owned).ok_or_else(|| expected("a string", value))
}

/// Reads a boolean.
pub fn boolean(value: &Value) -> Result<bool, DeserializeError> {
    value.as_bool().ok_or_else(|| expected("a boolean", value))
}

/// Reads an integer that must fit `T` (`i8`, `i16`, `i32` or `i64`).
pub fn integer<T: TryFrom<i64>>(value: &Value) -> Result<T, DeserializeError> {
    let n = value.as_i64().ok_or_else(|| expected("an integer", value))?;
    T::try_from(n).map_err(|_| DeserializeError::new(format!("integer {n} is out of range")))
}

/// Reads a double, including the strings `NaN`, `Infinity` and `-Infinity`.
pub fn double(value: &Value) -> Result<f64, DeserializeError> {
    match value {
        Value::Number(n) => n.as_f64().ok_or_else(|| expected("a number", value)),
        Value::String(s) => match s.as_str() {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(DeserializeError::new(format!("expected a number, found the string {s:?}"))),
        },
        other => Err(expected("a number", other)),
    }
}

/// Reads a float (see [`double`]).
pub fn float(value: &Value) -> Result<f32, DeserializeError> {
    double(value).map(|f| f as f32)
}

/// Reads a timestamp in `format`; epoch seconds may be fractional.
pub fn timestamp(value: &Value, format: TimestampFormat) -> Result<DateTime, DeserializeError> {
    match (value, format) {
        (Value::Number(n), TimestampFormat::EpochSeconds) => {
            let secs = n.as_f64().ok_or_else(|| expected("a number", value))?;
            if !secs.is_finite() || secs.abs() > 1e15 {
                return Err(DeserializeError::new(format!("timestamp {secs} is out of range")));
            }
            Ok(DateTime::from_secs_f64(secs))
        }
        // Some services send epoch seconds as a string; `from_str` reads those too.
        (Value::String(s), _) => {
            // Servers may send `date-time` values with an offset; they are read, never written.
            let format = if format == TimestampFormat::DateTime { TimestampFormat::DateTimeWithOffset } else { format };
            DateTime::from_str(s, format).map_err(|e| DeserializeError::new(format!("invalid timestamp {s:?}: {e}")))
        }
        (other, _) => Err(expected("a timestamp", other)),
    }
}

/// Reads an arbitrary-precision number (`bigInteger`, `bigDecimal`) as its decimal text.
pub fn big_number(value: &Value) -> Result<String, DeserializeError> {
    match value {
        Value::Number(n) => Ok(n.to_string()),
        Value::String(s) => Ok(s.clone()),
        other => Err(expected("a number", other)),
    }
}

/// Writes an arbitrary-precision number from its decimal text (a string if it is not a number).
pub fn big_number_to_json(text: &str) -> Value {
    serde_json::from_str::<serde_json::Number>(text)
        .map(Value::Number)
        .unwrap_or_else(|_| Value::String(text.to_owned()))
}

/// Reads a base64 blob.
pub fn blob(value: &Value) -> Result<Blob, DeserializeError> {
    let text = value.as_str().ok_or_else(|| expected("a base64 string", value))?;
    aws_smithy_types::base64::decode(text)
        .map(Blob::new)
        .map_err(|e| DeserializeError::new(format!("invalid base64: {e}")))
}

/// Reads a document: any JSON value.
pub fn document(value: &Value) -> Result<Document, DeserializeError> {
    Ok(match value {
        Value::Null => Document::Null,
        Value::Bool(b) => Document::Bool(*b),
        Value::Number(n) => Document::Number(if let Some(u) = n.as_u64() {
            Number::PosInt(u)
        } else if let Some(i) = n.as_i64() {
            Number::NegInt(i)
        } else {
            Number::Float(n.as_f64().unwrap_or(f64::NAN))
        }),
        Value::String(s) => Document::String(s.clone()),
        Value::Array(items) => Document::Array(items.iter().map(document).collect::<Result<_, _>>()?),
        Value::Object(map) => Document::Object(
            map.iter().map(|(k, v)| Ok((k.clone(), document(v)?))).collect::<Result<_, DeserializeError>>()?,
        ),
    })
}

/// Reads a list; `null` entries are dropped, as for a dense list.
pub fn list<T>(
    value: &Value,
    item: impl Fn(&Value) -> Result<T, DeserializeError>,
) -> Result<Vec<T>, DeserializeError> {
    let items = value.as_array().ok_or_else(|| expected("an array", value))?;
    items
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.is_null())
        .map(|(i, v)| item(v).map_err(|e| e.at(&format!("[{i}]"))))
        .collect()
}

/// Reads a sparse list: `null` entries are kept as `None`.
pub fn sparse_list<T>(
    value: &Value,
    item: impl Fn(&Value) -> Result<T, DeserializeError>,
) -> Result<Vec<Option<T>>, DeserializeError> {
    let items = value.as_array().ok_or_else(|| expected("an array", value))?;
    items
        .iter()
        .enumerate()
        .map(|(i, v)| match v {
            Value::Null => Ok(None),
            v => item(v).map(Some).map_err(|e| e.at(&format!("[{i}]"))),
        })
        .collect()
}

/// Reads a map with string keys; `null` values are dropped, as for a dense map.
pub fn map<T>(
    value: &Value,
    item: impl Fn(&Value) -> Result<T, DeserializeError>,
) -> Result<HashMap<String, T>, DeserializeError> {
    let entries = object(value)?;
    entries.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| Ok((k.clone(), item(v).map_err(|e| e.at(k))?))).collect()
}

/// Reads a sparse map: `null` values are kept as `None`.
pub fn sparse_map<T>(
    value: &Value,
    item: impl Fn(&Value) -> Result<T, DeserializeError>,
) -> Result<HashMap<String, Option<T>>, DeserializeError> {
    let entries = object(value)?;
    entries
        .iter()
        .map(|(k, v)| match v {
            Value::Null => Ok((k.clone(), None)),
            v => Ok((k.clone(), Some(item(v).map_err(|e| e.at(k))?))),
        })
        .collect()
}

/// Writes a double; non-finite values become the strings restJson1 uses.
pub fn double_to_json(value: f64) -> Value {
    if value.is_nan() {
        Value::String("NaN".into())
    } else if value.is_infinite() {
        Value::String(if value > 0.0 { "Infinity" } else { "-Infinity" }.into())
    } else {
        serde_json::Number::from_f64(value).map(Value::Number).unwrap_or(Value::Null)
    }
}

/// Writes a float with its shortest text (`0.1`, not the `0.10000000149011612` of its `f64`).
pub fn float_to_json(value: f32) -> Value {
    if value.is_finite() {
        // `f32`'s `Display` is its shortest round-trip text; read as an `f64` it keeps that text.
        value.to_string().parse::<f64>().map(double_to_json).unwrap_or(Value::Null)
    } else {
        double_to_json(f64::from(value))
    }
}

/// Writes a timestamp in `format`.
pub fn timestamp_to_json(value: &DateTime, format: TimestampFormat) -> Result<Value, BuildError> {
    match format {
        TimestampFormat::EpochSeconds => {
            if value.subsec_nanos() == 0 {
                Ok(Value::from(value.secs()))
            } else {
                Ok(double_to_json(value.as_secs_f64()))
            }
        }
        other => Ok(Value::String(value.fmt(other)?)),
    }
}

/// Writes a blob as base64.
pub fn blob_to_json(value: &Blob) -> Value {
    Value::String(aws_smithy_types::base64::encode(value.as_ref()))
}

/// Writes a document.
pub fn document_to_json(value: &Document) -> Value {
    match value {
        Document::Null => Value::Null,
        Document::Bool(b) => Value::Bool(*b),
        Document::Number(Number::PosInt(u)) => Value::from(*u),
        Document::Number(Number::NegInt(i)) => Value::from(*i),
        Document::Number(Number::Float(f)) => double_to_json(*f),
        Document::String(s) => Value::String(s.clone()),
        Document::Array(items) => Value::Array(items.iter().map(document_to_json).collect()),
        Document::Object(map) => {
            // Sorted, so that the same document always gives the same bytes.
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k.clone(), document_to_json(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_body_is_empty_object_and_garbage_is_an_error() {
        assert!(parse_object(b"").unwrap().is_empty());
        assert!(parse_object(b"  \n").unwrap().is_empty());
        assert!(parse_object(b"[1]").unwrap_err().to_string().contains("an array"));
        assert!(parse_object(b"{\"a\":").unwrap_err().to_string().contains("not valid JSON"));
    }

    #[test]
    fn null_members_are_absent() {
        let object = parse_object(br#"{"a":null,"b":1}"#).unwrap();
        assert!(member(&object, "a").is_none());
        assert!(member(&object, "missing").is_none());
        assert_eq!(member(&object, "b"), Some(&json!(1)));
    }

    #[test]
    fn integers_are_range_checked() {
        assert_eq!(integer::<i32>(&json!(7)).unwrap(), 7);
        assert!(integer::<i32>(&json!(1u64 << 40)).is_err());
        assert!(integer::<i64>(&json!("7")).is_err());
        assert!(integer::<i8>(&json!(1.5)).is_err());
    }

    #[test]
    fn non_finite_doubles_round_trip_as_strings() {
        for f in [f64::INFINITY, f64::NEG_INFINITY, 1.5] {
            assert_eq!(double(&double_to_json(f)).unwrap(), f);
        }
        assert!(double(&double_to_json(f64::NAN)).unwrap().is_nan());
        assert!(double(&json!("nan")).is_err());
    }

    #[test]
    fn floats_keep_their_shortest_text() {
        assert_eq!(float_to_json(0.1).to_string(), "0.1");
        assert_eq!(float_to_json(f32::NEG_INFINITY), json!("-Infinity"));
    }

    #[test]
    fn timestamps_in_each_format() {
        let t = timestamp(&json!("2020-07-15T17:42:31Z"), TimestampFormat::DateTime).unwrap();
        assert_eq!(t.secs(), 1_594_834_951);
        assert_eq!(timestamp_to_json(&t, TimestampFormat::DateTime).unwrap(), json!("2020-07-15T17:42:31Z"));
        assert_eq!(timestamp_to_json(&t, TimestampFormat::EpochSeconds).unwrap(), json!(1_594_834_951));
        let h = timestamp(&json!("Wed, 15 Jul 2020 17:42:31 GMT"), TimestampFormat::HttpDate).unwrap();
        assert_eq!(h, t);
        let e = timestamp(&json!(1_594_834_951.5), TimestampFormat::EpochSeconds).unwrap();
        assert_eq!(e.subsec_nanos(), 500_000_000);
        assert!(timestamp(&json!(1e300), TimestampFormat::EpochSeconds).is_err());
        assert!(timestamp(&json!("yesterday"), TimestampFormat::DateTime).is_err());
        let offset = timestamp(&json!("2019-12-16T22:48:18-01:00"), TimestampFormat::DateTime).unwrap();
        assert_eq!(offset.secs(), 1_576_540_098);
    }

    #[test]
    fn lists_and_maps_drop_nulls_unless_sparse() {
        let v = json!(["a", null, "b"]);
        assert_eq!(list(&v, string).unwrap(), vec!["a", "b"]);
        assert_eq!(sparse_list(&v, string).unwrap(), vec![Some("a".into()), None, Some("b".into())]);
        let m = json!({"k": "v", "n": null});
        assert_eq!(map(&m, string).unwrap().len(), 1);
        assert_eq!(sparse_map(&m, string).unwrap().get("n"), Some(&None));
        let err = list(&json!(["a", 1]), string).unwrap_err();
        assert!(err.to_string().starts_with("[1]: "), "{err}");
    }

    #[test]
    fn blobs_and_documents_round_trip() {
        let b = Blob::new(b"hi there".to_vec());
        assert_eq!(blob(&blob_to_json(&b)).unwrap(), b);
        let d = json!({"z": [1, -2, 2.5, "s", true, null], "a": {}});
        assert_eq!(document_to_json(&document(&d).unwrap()), d);
    }
}
