//! What a generated crate's `serde` feature builds on: wire formats of timestamps, blobs and documents.
//!
//! A generated crate's `Serialize` and `Deserialize` impls write what the service's restJson1
//! body holds: the same keys and the same value formats. A member whose Rust type does not say
//! its format on its own (a timestamp, a blob, a document, a big number, a float that may be
//! `NaN`) names one of the [`WireFormat`]s below through [`As`], as in
//! `#[serde(with = "As::<Optional<EpochSeconds>>")]`:
//!
//! | format | Rust type | JSON |
//! |---|---|---|
//! | [`Plain`] | anything with its own impls | as that type writes itself |
//! | [`Float`] | `f32`, `f64` | a number; `"NaN"`, `"Infinity"`, `"-Infinity"` |
//! | [`BigNumber`] | `String` (`bigInteger`, `bigDecimal`) | a number with every digit |
//! | [`EpochSeconds`], [`Rfc3339`], [`HttpDate`] | [`DateTime`] | `1594834951.5`, `"2020-07-15T17:42:31.5Z"`, `"Wed, 15 Jul 2020 17:42:31 GMT"` |
//! | [`Base64`] | [`Blob`] | a base64 string |
//! | [`Json`] | [`Document`] | any JSON value |
//! | [`List`], [`SparseList`], [`Map`], [`SparseMap`], [`Optional`], [`Boxed`] | containers of the above | |
//!
//! Reading accepts what the generated JSON readers accept: `null` items of a dense list or
//! map are dropped, numbers may be strings where restJson1 allows it. Writing is deterministic:
//! maps are written in key order.
//!
//! Numbers that need every digit (big numbers, fractional epoch seconds) are written and read
//! as `serde_json` numbers, which keep their text (the runtime turns on `serde_json`'s
//! `arbitrary_precision`).

use crate::{Blob, DateTime, Document, TimestampFormat};
use serde::de::{DeserializeOwned, Error as _, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Error as _, SerializeMap};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;

/// The `serde` crate, re-exported so that generated crates need no dependency of their own
/// (generated derives say `#[serde(crate = "::aws_client_runtime::serde_support::serde")]`).
pub use serde;

/// How a value of type `T` is written and read.
pub trait WireFormat<T> {
    /// Writes `value`.
    fn serialize<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error>;
    /// Reads a value.
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error>;
}

/// A [`WireFormat`] as a path for `#[serde(with = "As::<F>")]`.
pub struct As<F>(PhantomData<F>);

impl<F> As<F> {
    /// Writes `value` in the format `F`.
    pub fn serialize<T, S>(value: &T, serializer: S) -> Result<S::Ok, S::Error>
    where
        F: WireFormat<T>,
        S: Serializer,
    {
        F::serialize(value, serializer)
    }

    /// Reads a value in the format `F`.
    pub fn deserialize<'de, T, D>(deserializer: D) -> Result<T, D::Error>
    where
        F: WireFormat<T>,
        D: Deserializer<'de>,
    {
        F::deserialize(deserializer)
    }
}

/// A reference to a value, written in the format `F`.
struct Ser<'a, F, T>(&'a T, PhantomData<F>);

impl<F: WireFormat<T>, T> Serialize for Ser<'_, F, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        F::serialize(self.0, serializer)
    }
}

fn ser<F, T>(value: &T) -> Ser<'_, F, T> {
    Ser(value, PhantomData)
}

/// A value read in the format `F`.
struct De<F, T>(T, PhantomData<F>);

impl<'de, F: WireFormat<T>, T> Deserialize<'de> for De<F, T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        F::deserialize(deserializer).map(|value| De(value, PhantomData))
    }
}

/// The type's own `Serialize` and `Deserialize`: strings, integers, booleans, generated types.
pub struct Plain;

impl<T: Serialize + DeserializeOwned> WireFormat<T> for Plain {
    fn serialize<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        T::deserialize(deserializer)
    }
}

/// `float` and `double`: a number, or the strings `NaN`, `Infinity` and `-Infinity` that
/// restJson1 uses for the values JSON has no number for.
pub struct Float;

fn non_finite_text(value: f64) -> &'static str {
    if value.is_nan() {
        "NaN"
    } else if value > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    }
}

fn read_double<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Number(n) => {
            n.as_f64().ok_or_else(|| D::Error::custom(format!("{n} is not a number a double can hold")))
        }
        serde_json::Value::String(s) => match s.as_str() {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(D::Error::custom(format!("expected a number, found the string {s:?}"))),
        },
        other => Err(D::Error::custom(format!("expected a number, found {}", kind(&other)))),
    }
}

impl WireFormat<f64> for Float {
    fn serialize<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        if value.is_finite() {
            serializer.serialize_f64(*value)
        } else {
            serializer.serialize_str(non_finite_text(*value))
        }
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        read_double(deserializer)
    }
}

impl WireFormat<f32> for Float {
    fn serialize<S: Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
        if value.is_finite() {
            serializer.serialize_f32(*value)
        } else {
            serializer.serialize_str(non_finite_text(f64::from(*value)))
        }
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f32, D::Error> {
        read_double(deserializer).map(|f| f as f32)
    }
}

fn kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Writes the decimal `text` as a number that keeps every digit, or as a string when it is
/// not a number.
fn serialize_decimal<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    match text.parse::<serde_json::Number>() {
        Ok(number) => number.serialize(serializer),
        Err(_) => serializer.serialize_str(text),
    }
}

/// `bigInteger` and `bigDecimal`, held as their decimal text: a JSON number with every digit.
pub struct BigNumber;

impl WireFormat<String> for BigNumber {
    fn serialize<S: Serializer>(value: &String, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_decimal(value, serializer)
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::Number(n) => Ok(n.to_string()),
            serde_json::Value::String(s) => Ok(s),
            other => Err(D::Error::custom(format!("expected a number, found {}", kind(&other)))),
        }
    }
}

/// A timestamp as seconds since the epoch, fractional when it has nanoseconds (restJson1's
/// default for body members). A string of epoch seconds is read too.
pub struct EpochSeconds;

impl WireFormat<DateTime> for EpochSeconds {
    fn serialize<S: Serializer>(value: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
        if value.subsec_nanos() == 0 {
            serializer.serialize_i64(value.secs())
        } else {
            serialize_decimal(&value.fmt(TimestampFormat::EpochSeconds).map_err(S::Error::custom)?, serializer)
        }
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        let text = match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(s) => s,
            other => return Err(D::Error::custom(format!("expected a timestamp, found {}", kind(&other)))),
        };
        if let Ok(exact) = DateTime::from_str(&text, TimestampFormat::EpochSeconds) {
            return Ok(exact);
        }
        // Numbers in exponent notation (`1.5e9`).
        match text.parse::<f64>() {
            Ok(secs) if secs.is_finite() && secs.abs() <= 1e15 => Ok(DateTime::from_secs_f64(secs)),
            _ => Err(D::Error::custom(format!("invalid epoch-seconds timestamp {text}"))),
        }
    }
}

fn serialize_timestamp<S: Serializer>(
    value: &DateTime,
    format: TimestampFormat,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&value.fmt(format).map_err(S::Error::custom)?)
}

fn deserialize_timestamp<'de, D: Deserializer<'de>>(
    deserializer: D,
    format: TimestampFormat,
) -> Result<DateTime, D::Error> {
    let text = String::deserialize(deserializer)?;
    DateTime::from_str(&text, format).map_err(|e| D::Error::custom(format!("invalid timestamp {text:?}: {e}")))
}

/// A timestamp as an RFC 3339 string (`@timestampFormat("date-time")`), to the microsecond;
/// an offset is read, never written.
pub struct Rfc3339;

impl WireFormat<DateTime> for Rfc3339 {
    fn serialize<S: Serializer>(value: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_timestamp(value, TimestampFormat::DateTime, serializer)
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        deserialize_timestamp(deserializer, TimestampFormat::DateTimeWithOffset)
    }
}

/// A timestamp as an HTTP date (`@timestampFormat("http-date")`), to the second.
pub struct HttpDate;

impl WireFormat<DateTime> for HttpDate {
    fn serialize<S: Serializer>(value: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_timestamp(value, TimestampFormat::HttpDate, serializer)
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        deserialize_timestamp(deserializer, TimestampFormat::HttpDate)
    }
}

/// A blob as a base64 string.
pub struct Base64;

impl WireFormat<Blob> for Base64 {
    fn serialize<S: Serializer>(value: &Blob, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&aws_smithy_types::base64::encode(value.as_ref()))
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Blob, D::Error> {
        let text = String::deserialize(deserializer)?;
        aws_smithy_types::base64::decode(&text)
            .map(Blob::new)
            .map_err(|e| D::Error::custom(format!("invalid base64: {e}")))
    }
}

/// A document as the JSON value it is.
pub struct Json;

impl WireFormat<Document> for Json {
    fn serialize<S: Serializer>(value: &Document, serializer: S) -> Result<S::Ok, S::Error> {
        document_to_json(value).serialize(serializer)
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Document, D::Error> {
        serde_json::Value::deserialize(deserializer).map(|value| document_from_json(&value))
    }
}

/// A document as a `serde_json` value; non-finite numbers become the strings restJson1 uses, and
/// object keys are sorted, so that a document always gives the same text.
fn document_to_json(value: &Document) -> serde_json::Value {
    use aws_smithy_types::Number;
    use serde_json::Value;
    match value {
        Document::Null => Value::Null,
        Document::Bool(b) => Value::Bool(*b),
        Document::Number(Number::PosInt(u)) => Value::from(*u),
        Document::Number(Number::NegInt(i)) => Value::from(*i),
        Document::Number(Number::Float(f)) if f.is_nan() => Value::from("NaN"),
        Document::Number(Number::Float(f)) if f.is_infinite() => {
            Value::from(if *f > 0.0 { "Infinity" } else { "-Infinity" })
        }
        Document::Number(Number::Float(f)) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Document::String(s) => Value::String(s.clone()),
        Document::Array(items) => Value::Array(items.iter().map(document_to_json).collect()),
        Document::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k.clone(), document_to_json(v))).collect())
        }
    }
}

/// A document from a `serde_json` value.
fn document_from_json(value: &serde_json::Value) -> Document {
    use aws_smithy_types::Number;
    use serde_json::Value;
    match value {
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
        Value::Array(items) => Document::Array(items.iter().map(document_from_json).collect()),
        Value::Object(map) => Document::Object(map.iter().map(|(k, v)| (k.clone(), document_from_json(v))).collect()),
    }
}

/// A list of values in the format `F`; `null` items are dropped when read.
pub struct List<F>(PhantomData<F>);

impl<F: WireFormat<T>, T> WireFormat<Vec<T>> for List<F> {
    fn serialize<S: Serializer>(value: &Vec<T>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(value.iter().map(ser::<F, T>))
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        let items = Vec::<Option<De<F, T>>>::deserialize(deserializer)?;
        Ok(items.into_iter().flatten().map(|item| item.0).collect())
    }
}

/// A `@sparse` list: `null` items are `None`.
pub struct SparseList<F>(PhantomData<F>);

impl<F: WireFormat<T>, T> WireFormat<Vec<Option<T>>> for SparseList<F> {
    fn serialize<S: Serializer>(value: &Vec<Option<T>>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(value.iter().map(|item| item.as_ref().map(ser::<F, T>)))
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Option<T>>, D::Error> {
        let items = Vec::<Option<De<F, T>>>::deserialize(deserializer)?;
        Ok(items.into_iter().map(|item| item.map(|item| item.0)).collect())
    }
}

/// A map with string keys, written in key order; `null` values are dropped when read.
pub struct Map<F>(PhantomData<F>);

impl<F: WireFormat<T>, T> WireFormat<HashMap<String, T>> for Map<F> {
    fn serialize<S: Serializer>(value: &HashMap<String, T>, serializer: S) -> Result<S::Ok, S::Error> {
        let mut entries: Vec<(&String, &T)> = value.iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        serializer.collect_map(entries.into_iter().map(|(k, v)| (k, ser::<F, T>(v))))
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<HashMap<String, T>, D::Error> {
        let entries = HashMap::<String, Option<De<F, T>>>::deserialize(deserializer)?;
        Ok(entries.into_iter().filter_map(|(k, v)| Some((k, v?.0))).collect())
    }
}

/// A `@sparse` map: `null` values are `None`.
pub struct SparseMap<F>(PhantomData<F>);

impl<F: WireFormat<T>, T> WireFormat<HashMap<String, Option<T>>> for SparseMap<F> {
    fn serialize<S: Serializer>(value: &HashMap<String, Option<T>>, serializer: S) -> Result<S::Ok, S::Error> {
        let mut entries: Vec<(&String, &Option<T>)> = value.iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        serializer.collect_map(entries.into_iter().map(|(k, v)| (k, v.as_ref().map(ser::<F, T>))))
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<HashMap<String, Option<T>>, D::Error> {
        let entries = HashMap::<String, Option<De<F, T>>>::deserialize(deserializer)?;
        Ok(entries.into_iter().map(|(k, v)| (k, v.map(|v| v.0))).collect())
    }
}

/// An optional member: `None` is `null` (generated structures skip it instead), and `null`
/// reads as `None`.
pub struct Optional<F>(PhantomData<F>);

impl<F: WireFormat<T>, T> WireFormat<Option<T>> for Optional<F> {
    fn serialize<S: Serializer>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.serialize_some(&ser::<F, T>(value)),
            None => serializer.serialize_none(),
        }
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        Ok(Option::<De<F, T>>::deserialize(deserializer)?.map(|value| value.0))
    }
}

/// A boxed value (a member that breaks a cycle), in the format `F`.
pub struct Boxed<F>(PhantomData<F>);

impl<F: WireFormat<T>, T> WireFormat<Box<T>> for Boxed<F> {
    fn serialize<S: Serializer>(value: &Box<T>, serializer: S) -> Result<S::Ok, S::Error> {
        F::serialize(value, serializer)
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Box<T>, D::Error> {
        F::deserialize(deserializer).map(Box::new)
    }
}

/// Writes a string enum as its wire value (`as_str()`, the value it was read from when unknown).
pub fn serialize_enum<S: Serializer>(value: &str, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(value)
}

/// Reads a string enum; a value the enum does not know is kept (its `Unknown` variant).
pub fn deserialize_enum<'de, T: for<'s> From<&'s str>, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    let text = String::deserialize(deserializer)?;
    Ok(T::from(text.as_str()))
}

/// Reads an `intEnum`; a value the enum does not know is kept (its `Unknown` variant).
pub fn deserialize_int_enum<'de, T: From<i32>, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    i32::deserialize(deserializer).map(T::from)
}

/// How a generated crate reads the members of a union (see [`deserialize_union`]): implemented
/// by a private type, so that the union's own API does not show it.
pub trait Union {
    /// The union.
    type Value;
    /// The union's shape name, for errors.
    const NAME: &'static str;

    /// Reads the value of the member named `key` with [`union_member`], [`union_unit_member`]
    /// or (for a key the union does not know) [`union_unknown_member`]; `None` when it is `null`.
    fn read_member<'de, M: MapAccess<'de>>(key: &str, map: &mut M) -> Result<Option<Self::Value>, M::Error>;
}

/// Reads a union: an object with exactly one member that is not `null`. `__type` is not a
/// member (restJson1 may name the union's shape there); a member the union does not know
/// gives its `Unknown` variant.
pub fn deserialize_union<'de, U: Union, D: Deserializer<'de>>(deserializer: D) -> Result<U::Value, D::Error> {
    struct UnionVisitor<U>(PhantomData<U>);

    impl<'de, U: Union> Visitor<'de> for UnionVisitor<U> {
        type Value = U::Value;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "the union {} (an object with one member set)", U::NAME)
        }

        fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<U::Value, M::Error> {
            let mut found = None;
            while let Some(key) = map.next_key::<String>()? {
                if key == "__type" {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
                if let Some(value) = U::read_member(&key, &mut map)? {
                    if found.replace(value).is_some() {
                        return Err(M::Error::custom(format!("{} must have exactly one member set", U::NAME)));
                    }
                }
            }
            found.ok_or_else(|| M::Error::custom(format!("{} must have exactly one member set", U::NAME)))
        }
    }

    deserializer.deserialize_map(UnionVisitor::<U>(PhantomData))
}

/// The value of a union member, read in the format `F`; `None` when it is `null`.
pub fn union_member<'de, F: WireFormat<T>, T, M: MapAccess<'de>>(map: &mut M) -> Result<Option<T>, M::Error> {
    Ok(map.next_value::<Option<De<F, T>>>()?.map(|value| value.0))
}

/// The value of a union member that carries none (`smithy.api#Unit`): any object, `{}` on the
/// wire; `None` when it is `null`.
pub fn union_unit_member<'de, M: MapAccess<'de>>(map: &mut M) -> Result<Option<()>, M::Error> {
    Ok(map.next_value::<Option<AnyObject>>()?.map(|_| ()))
}

/// The value of a member the union does not know, skipped; `None` when it is `null`.
pub fn union_unknown_member<'de, M: MapAccess<'de>>(map: &mut M) -> Result<Option<()>, M::Error> {
    Ok(map.next_value::<Option<IgnoredAny>>()?.map(|_| ()))
}

/// Any JSON object, its members ignored.
struct AnyObject;

impl<'de> Deserialize<'de> for AnyObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = AnyObject;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<AnyObject, M::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(AnyObject)
            }
        }
        deserializer.deserialize_map(ObjectVisitor)
    }
}

/// Writes a union: an object with the one member `key`, its value in the format `F`.
pub fn serialize_union_member<F: WireFormat<T>, T, S: Serializer>(
    key: &'static str,
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(key, &ser::<F, T>(value))?;
    map.end()
}

/// Writes a union whose member `key` carries no value: `{"key": {}}`.
pub fn serialize_union_unit_member<S: Serializer>(key: &'static str, serializer: S) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(key, &HashMap::<String, ()>::new())?;
    map.end()
}

/// The error for a union's `Unknown` variant, which has no member to write (as the JSON
/// writers refuse to send one).
pub fn unknown_union_member<S: Serializer>(union: &str) -> Result<S::Ok, S::Error> {
    Err(S::Error::custom(format!("cannot serialize an unknown member of the union {union}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A value written with `F` and read back.
    fn write<F: WireFormat<T>, T>(value: &T) -> serde_json::Value {
        serde_json::to_value(ser::<F, T>(value)).unwrap()
    }

    fn read<F: WireFormat<T>, T>(text: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str::<De<F, T>>(text).map(|v| v.0)
    }

    #[test]
    fn floats_write_non_finite_values_as_strings() {
        assert_eq!(write::<Float, f64>(&f64::NEG_INFINITY), json!("-Infinity"));
        assert_eq!(serde_json::to_string(&ser::<Float, f32>(&0.1)).unwrap(), "0.1");
        assert!(read::<Float, f64>("\"NaN\"").unwrap().is_nan());
        assert_eq!(read::<Float, f64>("1e3").unwrap(), 1000.0);
        assert_eq!(read::<Float, f32>("0.1").unwrap(), 0.1f32);
        assert!(read::<Float, f64>("\"nan\"").unwrap_err().to_string().contains("\"nan\""));
        assert!(read::<Float, f64>("true").is_err());
    }

    #[test]
    fn big_numbers_keep_every_digit() {
        let text = "-123456789012345678901234567890.000000000000000000001";
        assert_eq!(serde_json::to_string(&ser::<BigNumber, String>(&text.to_owned())).unwrap(), text);
        assert_eq!(read::<BigNumber, String>(text).unwrap(), text);
        assert_eq!(read::<BigNumber, String>("\"12\"").unwrap(), "12");
        assert_eq!(write::<BigNumber, String>(&"not a number".to_owned()), json!("not a number"));
    }

    #[test]
    fn epoch_seconds_keep_nanoseconds() {
        let t = DateTime::from_secs_and_nanos(1_594_834_951, 123_456_789);
        let text = serde_json::to_string(&ser::<EpochSeconds, DateTime>(&t)).unwrap();
        assert_eq!(text, "1594834951.123456789");
        assert_eq!(read::<EpochSeconds, DateTime>(&text).unwrap(), t);
        assert_eq!(write::<EpochSeconds, DateTime>(&DateTime::from_secs(-5)), json!(-5));
        assert_eq!(read::<EpochSeconds, DateTime>("\"-5\"").unwrap(), DateTime::from_secs(-5));
        assert_eq!(read::<EpochSeconds, DateTime>("1.5e9").unwrap(), DateTime::from_secs(1_500_000_000));
        assert!(read::<EpochSeconds, DateTime>("1e300").is_err());
        assert!(read::<EpochSeconds, DateTime>("\"soon\"").is_err());
    }

    #[test]
    fn string_timestamps_in_their_format() {
        let t = DateTime::from_secs(1_594_834_951);
        assert_eq!(write::<Rfc3339, DateTime>(&t), json!("2020-07-15T17:42:31Z"));
        assert_eq!(write::<HttpDate, DateTime>(&t), json!("Wed, 15 Jul 2020 17:42:31 GMT"));
        assert_eq!(read::<Rfc3339, DateTime>("\"2020-07-15T18:42:31+01:00\"").unwrap(), t);
        assert_eq!(read::<HttpDate, DateTime>("\"Wed, 15 Jul 2020 17:42:31 GMT\"").unwrap(), t);
        assert!(read::<Rfc3339, DateTime>("1594834951").is_err());
        let far = DateTime::from_secs(i64::MAX / 2);
        assert!(serde_json::to_value(ser::<Rfc3339, DateTime>(&far)).is_err());
    }

    #[test]
    fn blobs_are_base64_and_documents_json() {
        assert_eq!(write::<Base64, Blob>(&Blob::new(b"hi".to_vec())), json!("aGk="));
        assert_eq!(read::<Base64, Blob>("\"aGk=\"").unwrap(), Blob::new(b"hi".to_vec()));
        assert!(read::<Base64, Blob>("\"!!\"").is_err());
        let doc = json!({"a": [1, -2, 2.5, "s", true, null], "b": {}});
        assert_eq!(write::<Json, Document>(&read::<Json, Document>(&doc.to_string()).unwrap()), doc);
    }

    #[test]
    fn containers_drop_nulls_unless_sparse_and_sort_keys() {
        assert_eq!(read::<List<Plain>, Vec<String>>(r#"["a", null, "b"]"#).unwrap(), ["a", "b"]);
        assert_eq!(
            read::<SparseList<Plain>, Vec<Option<String>>>(r#"["a", null]"#).unwrap(),
            [Some("a".to_owned()), None]
        );
        let map = read::<Map<Base64>, HashMap<String, Blob>>(r#"{"z": "aGk=", "n": null, "a": ""}"#).unwrap();
        assert_eq!(map.len(), 2);
        assert_eq!(serde_json::to_string(&ser::<Map<Base64>, _>(&map)).unwrap(), r#"{"a":"","z":"aGk="}"#);
        let sparse = read::<SparseMap<Plain>, HashMap<String, Option<i32>>>(r#"{"n": null}"#).unwrap();
        assert_eq!(sparse.get("n"), Some(&None));
        assert_eq!(write::<SparseMap<Plain>, _>(&sparse), json!({"n": null}));
        assert_eq!(read::<Optional<Float>, Option<f64>>("null").unwrap(), None);
        assert_eq!(read::<Boxed<Float>, Box<f64>>("2").unwrap(), Box::new(2.0));
    }

    #[derive(Debug, PartialEq)]
    enum Shape {
        Side(f64),
        Nothing,
        Unknown,
    }

    struct ShapeMembers;

    impl Union for ShapeMembers {
        type Value = Shape;
        const NAME: &'static str = "Shape";
        fn read_member<'de, M: MapAccess<'de>>(key: &str, map: &mut M) -> Result<Option<Shape>, M::Error> {
            Ok(match key {
                "side" => union_member::<Float, _, _>(map)?.map(Shape::Side),
                "nothing" => union_unit_member(map)?.map(|()| Shape::Nothing),
                _ => union_unknown_member(map)?.map(|()| Shape::Unknown),
            })
        }
    }

    impl<'de> Deserialize<'de> for Shape {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_union::<ShapeMembers, _>(deserializer)
        }
    }

    #[test]
    fn unions_have_one_member_set() {
        let read = |text: &str| serde_json::from_str::<Shape>(text);
        assert_eq!(read(r#"{"side": 2, "__type": "Shape", "other": null}"#).unwrap(), Shape::Side(2.0));
        assert_eq!(read(r#"{"nothing": {}}"#).unwrap(), Shape::Nothing);
        assert_eq!(read(r#"{"later": [1]}"#).unwrap(), Shape::Unknown);
        assert!(read(r#"{"nothing": 1}"#).is_err());
        assert!(read(r#"{"side": 1, "nothing": {}}"#).unwrap_err().to_string().contains("exactly one"));
        assert!(read("{}").unwrap_err().to_string().contains("exactly one"));
        assert!(read("[]").is_err());
        let mut out = Vec::new();
        serialize_union_unit_member("nothing", &mut serde_json::Serializer::new(&mut out)).unwrap();
        assert_eq!(out, br#"{"nothing":{}}"#);
        assert!(unknown_union_member::<serde_json::value::Serializer>("Shape").is_err());
    }
}
