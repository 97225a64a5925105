//! HTTP bindings: labels, query strings and headers (restJson1).

use crate::error::{BuildError, DeserializeError};
use crate::{DateTime, TimestampFormat};
use http::header::{HeaderMap, HeaderName, HeaderValue};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986's unreserved characters is percent-encoded.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
/// A greedy label keeps its `/` separators.
const UNRESERVED_AND_SLASH: &AsciiSet = &UNRESERVED.remove(b'/');

/// Percent-encodes a path label; a greedy label (`{key+}`) keeps its `/`.
pub fn encode_label(value: &str, greedy: bool) -> String {
    let set = if greedy { UNRESERVED_AND_SLASH } else { UNRESERVED };
    utf8_percent_encode(value, set).to_string()
}

/// Checks a label's value before it goes into a path: it may not be empty.
pub fn label<'a>(value: Option<&'a str>, member: &'static str) -> Result<&'a str, BuildError> {
    match value {
        Some(v) if !v.is_empty() => Ok(v),
        Some(_) => Err(BuildError::invalid_field(member, "an HTTP label may not be empty")),
        None => Err(BuildError::missing_field(member, "it is bound to the request path")),
    }
}

/// Builds a query string, percent-encoding every key and value.
#[derive(Debug, Default)]
pub struct QueryWriter {
    out: String,
}

impl QueryWriter {
    /// An empty query string.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `key=value`.
    pub fn push(&mut self, key: &str, value: &str) {
        if !self.out.is_empty() {
            self.out.push('&');
        }
        self.out.extend(utf8_percent_encode(key, UNRESERVED));
        self.out.push('=');
        self.out.extend(utf8_percent_encode(value, UNRESERVED));
    }

    /// Appends a key with no value (`?flag`), as a URI pattern can give one.
    pub fn push_key(&mut self, key: &str) {
        if !self.out.is_empty() {
            self.out.push('&');
        }
        self.out.extend(utf8_percent_encode(key, UNRESERVED));
    }

    /// Appends `path` and, when any parameter was pushed, `?` and the query.
    pub fn finish(self, path: String) -> String {
        if self.out.is_empty() {
            path
        } else {
            format!("{path}?{}", self.out)
        }
    }
}

/// Formats a timestamp for a query parameter or a header.
pub fn timestamp_to_string(value: &DateTime, format: TimestampFormat) -> Result<String, BuildError> {
    Ok(value.fmt(format)?)
}

/// Formats a double for a query parameter or a header (`NaN`, `Infinity`, `-Infinity` included).
pub fn double_to_string(value: f64) -> String {
    if value.is_nan() {
        "NaN".into()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        value.to_string()
    }
}

/// Formats a float for a query parameter or a header with its shortest text.
pub fn float_to_string(value: f32) -> String {
    if value.is_finite() {
        value.to_string()
    } else {
        double_to_string(f64::from(value))
    }
}

/// Makes a header value, refusing characters HTTP forbids.
pub fn header_value(value: &str, member: &'static str) -> Result<HeaderValue, BuildError> {
    HeaderValue::from_str(value)
        .map_err(|_| BuildError::invalid_field(member, format!("{value:?} cannot be sent in an HTTP header")))
}

/// Makes a header name (for `@httpPrefixHeaders`), refusing invalid ones.
pub fn header_name(name: &str, member: &'static str) -> Result<HeaderName, BuildError> {
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| BuildError::invalid_field(member, format!("{name:?} is not a valid HTTP header name")))
}

/// Joins list values for one header, quoting those that hold a comma or a quote.
pub fn join_header_list<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    values
        .into_iter()
        .map(|v| {
            if v.contains(',') || v.contains('"') {
                format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))
            } else {
                v.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads a header as a string; `None` when absent.
pub fn header_string(headers: &HeaderMap, name: &str) -> Result<Option<String>, DeserializeError> {
    header_text(headers, name).map(|text| text.map(str::to_owned))
}

/// Reads a header and parses it with `parse`; `None` when absent.
pub fn header_parsed<T>(
    headers: &HeaderMap,
    name: &str,
    parse: impl Fn(&str) -> Result<T, DeserializeError>,
) -> Result<Option<T>, DeserializeError> {
    match header_text(headers, name)? {
        None => Ok(None),
        Some(s) => parse(s).map(Some).map_err(|e| e.at(&format!("header {name}"))),
    }
}

/// A header's text, trimmed; `None` when absent.
fn header_text<'h>(headers: &'h HeaderMap, name: &str) -> Result<Option<&'h str>, DeserializeError> {
    match headers.get(name) {
        None => Ok(None),
        Some(v) => v
            .to_str()
            .map(|s| Some(s.trim()))
            .map_err(|_| DeserializeError::new(format!("header {name} is not valid text"))),
    }
}

/// The base64 text of a blob, as it goes in a header, a label or a query parameter.
pub fn blob_text(value: &crate::Blob) -> String {
    aws_smithy_types::base64::encode(value.as_ref())
}

/// Base64 of a `@mediaType` string, as it goes in a header.
pub fn base64_text(text: &str) -> String {
    aws_smithy_types::base64::encode(text.as_bytes())
}

/// Reads a `@mediaType` string header: base64 of the text.
pub fn header_base64_string(headers: &HeaderMap, name: &str) -> Result<Option<String>, DeserializeError> {
    let Some(text) = header_string(headers, name)? else { return Ok(None) };
    let bytes = aws_smithy_types::base64::decode(&text)
        .map_err(|e| DeserializeError::new(format!("header {name}: invalid base64: {e}")))?;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|e| DeserializeError::new(format!("header {name}: the decoded value is not UTF-8: {e}")))
}

/// Parses a header blob: base64 text.
pub fn parse_blob(text: &str) -> Result<crate::Blob, DeserializeError> {
    aws_smithy_types::base64::decode(text)
        .map(crate::Blob::new)
        .map_err(|e| DeserializeError::new(format!("invalid base64: {e}")))
}

/// Parses a header number.
pub fn parse_number<T: std::str::FromStr>(text: &str) -> Result<T, DeserializeError> {
    text.parse().map_err(|_| DeserializeError::new(format!("{text:?} is not a valid number")))
}

/// Parses a header boolean.
pub fn parse_bool(text: &str) -> Result<bool, DeserializeError> {
    match text {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(DeserializeError::new(format!("{text:?} is not a boolean"))),
    }
}

/// Parses a header timestamp (`http-date` unless the model says otherwise).
pub fn parse_timestamp(text: &str, format: TimestampFormat) -> Result<DateTime, DeserializeError> {
    let format = if format == TimestampFormat::DateTime { TimestampFormat::DateTimeWithOffset } else { format };
    DateTime::from_str(text, format).map_err(|e| DeserializeError::new(format!("invalid timestamp {text:?}: {e}")))
}

/// Splits a list header into its values, honouring quoted values.
pub fn split_header_list(text: &str) -> Vec<String> {
    let mut values = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if quoted => current.extend(chars.next()),
            ',' if !quoted => values.push(std::mem::take(&mut current).trim().to_owned()),
            c => current.push(c),
        }
    }
    values.push(current.trim().to_owned());
    values
}

/// Parses a list header with `item`, honouring quoted values; an error names the item.
pub fn parse_header_list<T>(
    text: &str,
    item: impl Fn(&str) -> Result<T, DeserializeError>,
) -> Result<Vec<T>, DeserializeError> {
    split_header_list(text).iter().enumerate().map(|(i, v)| item(v).map_err(|e| e.at(&format!("[{i}]")))).collect()
}

/// Parses a list of http-dates. Each date holds a comma of its own (`Wed, 15 Jul 2020 17:42:31
/// GMT`), so the values are the comma-separated parts taken two by two.
pub fn parse_http_date_list(text: &str) -> Result<Vec<DateTime>, DeserializeError> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let parts = split_header_list(text);
    if parts.len() % 2 != 0 {
        return Err(DeserializeError::new(format!("{text:?} is not a list of http-dates")));
    }
    parts
        .chunks(2)
        .enumerate()
        .map(|(i, pair)| {
            let date = pair.join(", ");
            parse_timestamp(&date, TimestampFormat::HttpDate).map_err(|e| e.at(&format!("[{i}]")))
        })
        .collect()
}

/// Every header whose name starts with `prefix`, keyed by the rest of the name.
pub fn prefix_headers(
    headers: &HeaderMap,
    prefix: &str,
) -> Result<std::collections::HashMap<String, String>, DeserializeError> {
    let prefix = prefix.to_ascii_lowercase();
    let mut out = std::collections::HashMap::new();
    for (name, value) in headers {
        if let Some(rest) = name.as_str().strip_prefix(prefix.as_str()) {
            let value =
                value.to_str().map_err(|_| DeserializeError::new(format!("header {name} is not valid text")))?;
            out.insert(rest.to_owned(), value.to_owned());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_encode_everything_but_unreserved() {
        assert_eq!(
            encode_label("arn:aws:ivs:us-west-2:123456789012:channel/abcd", false),
            "arn%3Aaws%3Aivs%3Aus-west-2%3A123456789012%3Achannel%2Fabcd"
        );
        assert_eq!(encode_label("a b/c~d", true), "a%20b/c~d");
        assert_eq!(encode_label("ü", false), "%C3%BC");
    }

    #[test]
    fn query_matches_boto3() {
        let mut q = QueryWriter::new();
        for v in ["cost center", "a/b", "x&y=z", "ü"] {
            q.push("tagKeys", v);
        }
        assert_eq!(
            q.finish("/tags/x".into()),
            "/tags/x?tagKeys=cost%20center&tagKeys=a%2Fb&tagKeys=x%26y%3Dz&tagKeys=%C3%BC"
        );
        assert_eq!(QueryWriter::new().finish("/p".into()), "/p");
    }

    #[test]
    fn a_key_without_value_has_no_equals_sign() {
        let mut q = QueryWriter::new();
        q.push("foo", "bar");
        q.push_key("hello");
        assert_eq!(q.finish("/c".into()), "/c?foo=bar&hello");
    }

    #[test]
    fn empty_and_missing_labels_are_build_errors() {
        assert!(label(Some(""), "arn").unwrap_err().to_string().contains("arn"));
        assert!(label(None, "arn").unwrap_err().to_string().contains("arn"));
        assert_eq!(label(Some("x"), "arn").unwrap(), "x");
    }

    #[test]
    fn header_lists_round_trip() {
        let joined = join_header_list(["a", "b,c", "d\"e"]);
        assert_eq!(split_header_list(&joined), vec!["a", "b,c", "d\"e"]);
    }

    #[test]
    fn header_lists_of_numbers_and_http_dates() {
        assert_eq!(parse_header_list("1, -2,3", parse_number::<i32>).unwrap(), [1, -2, 3]);
        let err = parse_header_list("1, two", parse_number::<i32>).unwrap_err().to_string();
        assert!(err.starts_with("[1]: "), "{err}");
        let dates = parse_http_date_list("Wed, 15 Jul 2020 17:42:31 GMT, Sun, 13 Sep 2020 12:26:40 GMT").unwrap();
        assert_eq!(dates.iter().map(DateTime::secs).collect::<Vec<_>>(), [1_594_834_951, 1_600_000_000]);
        assert_eq!(parse_http_date_list(" ").unwrap(), []);
        assert!(parse_http_date_list("Wed, 15 Jul 2020 17:42:31 GMT, Sun").is_err());
        assert!(parse_http_date_list("Wed, 15 Jul 2020 17:42:31 GMT, Sun, yesterday").is_err());
    }

    #[test]
    fn bad_header_values_are_refused() {
        assert!(header_value("a\nb", "h").is_err());
        assert!(header_name("bad name", "h").is_err());
    }
}
