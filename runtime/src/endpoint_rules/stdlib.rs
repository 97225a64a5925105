//! The string functions of the rules engine's standard library: `substring`, `uriEncode`,
//! `isValidHostLabel` and `split`. `parseURL` lives in [`super::url`]; the functions that act on
//! values (`isSet`, `not`, the equalities, `getAttr`, `coalesce`, `ite`) in the evaluator.

/// `substring(input, start, stop, reverse)`: the ASCII characters `start..stop` of `input`,
/// counted from the end when `reverse` is set (the result still reads forwards).
///
/// `None` when the input holds a non-ASCII character, when `start >= stop`, when an index is
/// negative or when the input is shorter than `stop`.
pub(crate) fn substring(input: &str, start: i64, stop: i64, reverse: bool) -> Option<String> {
    if !input.is_ascii() || start < 0 || start >= stop {
        return None;
    }
    let (start, stop) = (usize::try_from(start).ok()?, usize::try_from(stop).ok()?);
    let len = input.len();
    if stop > len {
        return None;
    }
    let range = if reverse { len - stop..len - start } else { start..stop };
    input.get(range).map(str::to_owned)
}

/// `uriEncode(value)`: RFC 3986 percent-encoding of every byte of the UTF-8 input except the
/// unreserved characters `A-Z a-z 0-9 - _ . ~`, with uppercase hex digits.
pub(crate) fn uri_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
    out
}

/// Whether `label` is one RFC 1123 host label: 1 to 63 ASCII letters, digits and hyphens, not
/// starting with a hyphen.
fn is_host_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes[0].is_ascii_alphanumeric()
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

/// `isValidHostLabel(value, allowSubDomains)`: whether `value` is a host label, or with
/// `allow_sub_domains` a sequence of host labels joined by single dots (so no leading, trailing
/// or doubled dot).
pub(crate) fn is_valid_host_label(value: &str, allow_sub_domains: bool) -> bool {
    if allow_sub_domains {
        value.split('.').all(is_host_label)
    } else {
        is_host_label(value)
    }
}

/// Why `split` refused its arguments.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SplitError {
    EmptyDelimiter,
    NegativeLimit,
}

/// `split(value, delimiter, limit)` (rules engine 1.1): `value` cut at each `delimiter`; with a
/// positive `limit`, into at most `limit` parts, the last holding the rest. An empty value gives
/// `[""]`.
pub(crate) fn split(value: &str, delimiter: &str, limit: i64) -> Result<Vec<String>, SplitError> {
    if delimiter.is_empty() {
        return Err(SplitError::EmptyDelimiter);
    }
    let parts: Vec<String> = match limit {
        l if l < 0 => return Err(SplitError::NegativeLimit),
        0 => value.split(delimiter).map(str::to_owned).collect(),
        l => value.splitn(usize::try_from(l).unwrap_or(usize::MAX), delimiter).map(str::to_owned).collect(),
    };
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn substring_forwards_and_backwards() {
        assert_eq!(substring("abcdefg", 0, 4, false).as_deref(), Some("abcd"));
        assert_eq!(substring("abcd", 0, 4, false).as_deref(), Some("abcd"));
        assert_eq!(substring("defg", 1, 3, false).as_deref(), Some("ef"));
        assert_eq!(substring("abcdefg", 0, 4, true).as_deref(), Some("defg"));
        assert_eq!(substring("hello", 0, 2, true).as_deref(), Some("lo"));
        assert_eq!(substring("hello", 1, 3, true).as_deref(), Some("ll"));
        assert_eq!(substring("\u{7f}abcdef", 0, 4, false).as_deref(), Some("\u{7f}abc"));
    }

    #[test]
    fn substring_out_of_range_is_none() {
        assert_eq!(substring("abc", 0, 4, false), None);
        assert_eq!(substring("", 0, 4, false), None);
        assert_eq!(substring("abc", 0, 4, true), None);
        assert_eq!(substring("hello", 0, 0, false), None);
        assert_eq!(substring("hello", 3, 2, false), None);
        assert_eq!(substring("hello", -1, 2, false), None);
        assert_eq!(substring("hello", 0, -2, true), None);
        assert_eq!(substring("hello", 0, i64::MAX, false), None);
        assert_eq!(substring("hello", i64::MIN, i64::MAX, true), None);
    }

    #[test]
    fn substring_of_unicode_is_none() {
        assert_eq!(substring("\u{fdfd}", 0, 1, false), None);
        assert_eq!(substring("abcdef\u{1f431}", 0, 4, false), None);
        assert_eq!(substring("abcdef\u{80}", 0, 4, false), None);
        assert_eq!(substring("é", 0, 1, true), None);
    }

    #[test]
    fn uri_encode_cases() {
        assert_eq!(uri_encode("abcdefg"), "abcdefg");
        assert_eq!(uri_encode("abc:defg"), "abc%3Adefg");
        assert_eq!(
            uri_encode("/:,?#[]{}|@! $&'()*+;=%<>\"^`\\"),
            "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C"
        );
        assert_eq!(uri_encode("0123456789.underscore_dash-Tilda~"), "0123456789.underscore_dash-Tilda~");
        assert_eq!(uri_encode("\u{1f639}"), "%F0%9F%98%B9");
        assert_eq!(uri_encode(""), "");
        assert_eq!(uri_encode("\u{0}\n"), "%00%0A");
    }

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("us-east-1", false));
        assert!(is_valid_host_label("3aws4", false));
        assert!(is_valid_host_label("a-", false));
        assert!(is_valid_host_label(&"a".repeat(63), false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label("-a", false));
        assert!(!is_valid_host_label("a_b", false));
        assert!(!is_valid_host_label("part1 part2", false));
        assert!(!is_valid_host_label("ünï", false));
        assert!(!is_valid_host_label("part1.part2", false));
    }

    #[test]
    fn host_labels_with_dots() {
        assert!(is_valid_host_label("part1.part2", true));
        assert!(is_valid_host_label("a.b.c", true));
        assert!(is_valid_host_label("abc", true));
        assert!(is_valid_host_label(&format!("{0}.{0}", "a".repeat(63)), true));
        assert!(!is_valid_host_label(&format!("{}.a", "a".repeat(64)), true));
        assert!(!is_valid_host_label("part1.", true));
        assert!(!is_valid_host_label(".part1", true));
        assert!(!is_valid_host_label(".", true));
        assert!(!is_valid_host_label("", true));
        assert!(!is_valid_host_label("part1..part2", true));
        assert!(!is_valid_host_label("part1.-part2", true));
        assert!(!is_valid_host_label("a_b.c", true));
    }

    #[test]
    fn split_cases() {
        let s = |v: &str, d: &str, l: i64| split(v, d, l).unwrap();
        assert_eq!(s("a--b--c", "--", 0), ["a", "b", "c"]);
        assert_eq!(s("a--b--c", "--", 2), ["a", "b--c"]);
        assert_eq!(s("--b--", "--", 0), ["", "b", ""]);
        assert_eq!(s("abc", "x", 0), ["abc"]);
        assert_eq!(s("", "--", 0), [""]);
        assert_eq!(s("----", "--", 0), ["", "", ""]);
        assert_eq!(s("a--b--c--d", "--", 3), ["a", "b", "c--d"]);
        assert_eq!(s("--", "--", 0), ["", ""]);
        assert_eq!(s("mybucket", "--", 1), ["mybucket"]);
        assert_eq!(s("--x-s3--azid--suffix", "--", 4), ["", "x-s3", "azid", "suffix"]);
        assert_eq!(s("--x-s3--azid--suffix", "--", 2), ["", "x-s3--azid--suffix"]);
        assert_eq!(split("a", "", 0), Err(SplitError::EmptyDelimiter));
        assert_eq!(split("a", "-", -1), Err(SplitError::NegativeLimit));
    }

    proptest! {
        #[test]
        fn string_functions_never_panic(s in any::<String>(), start in -5i64..80, stop in -5i64..80, rev in any::<bool>()) {
            let _ = substring(&s, start, stop, rev);
            let _ = is_valid_host_label(&s, rev);
            let _ = split(&s, "-", start);
            let encoded = uri_encode(&s);
            prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)));
        }

        #[test]
        fn substring_has_the_requested_length(s in "[ -~]{0,20}", start in 0i64..20, stop in 0i64..20, rev in any::<bool>()) {
            if let Some(out) = substring(&s, start, stop, rev) {
                prop_assert_eq!(out.len() as i64, stop - start);
            } else {
                prop_assert!(start >= stop || stop as usize > s.len());
            }
        }
    }
}
