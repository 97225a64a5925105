//! Naming: turning Smithy shape and member names into Rust identifiers.
//!
//! Word splitting follows the acronym-aware rules of smithy-rs (the generator
//! behind the official AWS SDK for Rust), so generated names match the SDK's:
//! `ACLs` -> `acls`, `IPv4Address` -> `ipv4_address`, `DBv2` -> `dbv2`.
//!
//! Every function here is total: any input, including empty, punctuation-only
//! or non-ASCII text, yields a valid ASCII Rust identifier. Characters that are
//! not ASCII letters or digits separate words and never reach the output.

use std::fmt;

use proc_macro2::{Ident, Span, TokenStream};
use quote::ToTokens;

/// A Rust identifier decided by the generator: the text and whether it needs `r#`.
///
/// Only the constructors in this module make one, so the text is always a
/// valid identifier and [`RustIdent::to_ident`] cannot panic.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RustIdent {
    name: String,
    raw: bool,
}

impl RustIdent {
    /// The identifier text without any `r#` prefix, e.g. `"type"`.
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// Whether the identifier is a keyword that must be written as `r#name`.
    pub fn is_raw(&self) -> bool {
        self.raw
    }

    /// The identifier as a token, spanned at the call site.
    pub fn to_ident(&self) -> Ident {
        if self.raw {
            Ident::new_raw(&self.name, Span::call_site())
        } else {
            Ident::new(&self.name, Span::call_site())
        }
    }
}

impl fmt::Display for RustIdent {
    /// Writes the identifier as it appears in source, e.g. `r#type`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.raw {
            f.write_str("r#")?;
        }
        f.write_str(&self.name)
    }
}

impl ToTokens for RustIdent {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.to_ident().to_tokens(tokens);
    }
}

/// Words cased irregularly that must stay whole (`IPv4`, `MiB`, `SigV4`).
const WHOLE_WORDS: &[&str] = &["ipv4", "ipv6", "sigv4", "mib", "gib", "kib", "ttl"];

/// Keywords that are usable as identifiers once written raw (`r#type`).
///
/// Strict and reserved keywords of every edition up to 2024. Weak keywords
/// (`union`, `raw`, `safe`, `macro_rules`) are ordinary identifiers and are
/// left alone.
#[rustfmt::skip] // keep one group per line
const RAW_KEYWORDS: &[&str] = &[
    // strict, 2015
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static",
    "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    // strict, 2018+
    "async", "await", "dyn",
    // reserved
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
    "virtual", "yield",
    // reserved, 2018+ and 2024+
    "try", "gen",
];

/// Keywords that cannot be raw identifiers; they get a `_` suffix instead.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Splits a name into lowercase ASCII words, aware of acronyms.
///
/// Boundaries are non-alphanumeric characters (including `_`, `-`, `.` and
/// all non-ASCII characters), a lowercase letter or digit followed by an
/// uppercase one (`nextToken`, `S3Key`), and the end of an acronym
/// (`HTTPResponse`). Plural and versioned acronyms stay whole (`ACLs`,
/// `DBv2`), as do irregularly cased words (`IPv4`, `SigV4`, `MiB`). In an all-lowercase name a
/// digit followed by a letter also splits (`s3key` -> `s3`, `key`).
pub fn split_words(name: &str) -> Vec<String> {
    // Work on an ASCII view so indexing is simple and the output is ASCII.
    let bytes: Vec<u8> = name.chars().map(|c| if c.is_ascii_alphanumeric() { c as u8 } else { b' ' }).collect();
    let all_lower = !bytes.iter().any(u8::is_ascii_uppercase);
    let word = |range: std::ops::Range<usize>| String::from_utf8_lossy(&bytes[range]).to_ascii_lowercase();

    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    for (i, &c) in bytes.iter().enumerate() {
        if c == b' ' {
            if let Some(s) = start.take() {
                words.push(word(s..i));
            }
            continue;
        }
        match start {
            None => start = Some(i),
            Some(s) if word_boundary(&bytes, s, i, all_lower) => {
                words.push(word(s..i));
                start = Some(i);
            }
            Some(_) => {}
        }
    }
    if let Some(s) = start {
        words.push(word(s..bytes.len()));
    }
    words
}

/// Whether a new word starts at `i`, inside a word that began at `start`.
fn word_boundary(bytes: &[u8], start: usize, i: usize, all_lower: bool) -> bool {
    let prev = bytes[i - 1];
    let cur = bytes[i];
    if !whole_word_in_progress(bytes, start, i) {
        // `next[T]oken`, `S3[K]ey`
        if cur.is_ascii_uppercase() && (prev.is_ascii_lowercase() || prev.is_ascii_digit()) {
            return true;
        }
        // `s3[k]ey`: only without capitals, which otherwise mark boundaries.
        if all_lower && prev.is_ascii_digit() && cur.is_ascii_lowercase() {
            return true;
        }
    }
    acronym_ends(bytes, i)
}

/// Whether the word from `start` is a prefix of a [`WHOLE_WORDS`] entry that
/// is not finished yet, so camel-case boundaries must not split it.
fn whole_word_in_progress(bytes: &[u8], start: usize, i: usize) -> bool {
    let so_far = &bytes[start..i];
    let rest = &bytes[start..];
    !WHOLE_WORDS.iter().any(|w| so_far.eq_ignore_ascii_case(w.as_bytes()))
        && WHOLE_WORDS.iter().any(|w| rest.len() >= w.len() && rest[..w.len()].eq_ignore_ascii_case(w.as_bytes()))
}

/// Whether `i` starts a capitalised word right after an acronym: `DB[P]roxy`.
fn acronym_ends(bytes: &[u8], i: usize) -> bool {
    let next = bytes.get(i + 1).copied();
    let after = bytes.get(i + 2).copied();
    if !(bytes[i - 1].is_ascii_uppercase()
        && bytes[i].is_ascii_uppercase()
        && next.is_some_and(|n| n.is_ascii_lowercase()))
    {
        return false;
    }
    // A plural acronym, `AC[L]s`, is one word; `IAM[U]ser` is two.
    if next == Some(b's') && !after.is_some_and(|a| a.is_ascii_lowercase()) {
        return false;
    }
    // A versioned acronym, `D[B]v2`, is one word.
    if next == Some(b'v') && after.is_some_and(|a| a.is_ascii_digit()) {
        return false;
    }
    true
}

/// `CreateChannelRequest` -> `create_channel_request`.
pub fn to_snake_case(name: &str) -> String {
    split_words(name).join("_")
}

/// `STREAM_LIVE` -> `StreamLive`; `us-west-2` -> `UsWest2`.
pub fn to_pascal_case(name: &str) -> String {
    split_words(name).iter().map(|w| capitalise(w)).collect()
}

/// `GetChannel` -> `get-channel`, the form used for cargo feature names.
pub fn to_kebab_case(name: &str) -> String {
    split_words(name).join("-")
}

/// `latencyMode` -> `LATENCY_MODE`, for constants.
pub fn to_screaming_snake_case(name: &str) -> String {
    to_snake_case(name).to_ascii_uppercase()
}

/// Uppercases the first letter of an ASCII lowercase word.
fn capitalise(word: &str) -> String {
    let mut out = word.to_owned();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// A struct field, accessor, setter, method or function name: snake case,
/// sanitised (`type` -> `r#type`, `Self` -> `self_`).
pub fn field_ident(member_name: &str) -> RustIdent {
    sanitise(to_snake_case(member_name), "value")
}

/// A struct, enum or trait name: Pascal case, sanitised (`Self` -> `Self_`).
pub fn type_ident(shape_name: &str) -> RustIdent {
    sanitise(to_pascal_case(shape_name), "Value")
}

/// An enum variant name: Pascal case, sanitised (`NORMAL` -> `Normal`).
pub fn variant_ident(name: &str) -> RustIdent {
    sanitise(to_pascal_case(name), "Value")
}

/// A module name: snake case, sanitised (`GetChannel` -> `get_channel`).
pub fn module_ident(name: &str) -> RustIdent {
    sanitise(to_snake_case(name), "value")
}

/// Makes already-cased ASCII text a valid identifier.
///
/// Text with no words at all becomes `_` + `empty_word` (`_value` or
/// `_Value`): stable, unlikely to collide with a real member, and the
/// leading `_` keeps it apart from a member actually named `value`. A leading
/// digit gets a `_` prefix, keywords that can be raw become raw, and the
/// others (`self`, `Self`, `super`, `crate`, `_`) get a `_` suffix.
fn sanitise(cased: String, empty_word: &str) -> RustIdent {
    let (name, raw) = if cased.is_empty() {
        (format!("_{empty_word}"), false)
    } else if cased.starts_with(|c: char| c.is_ascii_digit()) {
        (format!("_{cased}"), false)
    } else if NON_RAW_KEYWORDS.contains(&cased.as_str()) {
        (format!("{cased}_"), false)
    } else {
        let raw = RAW_KEYWORDS.contains(&cased.as_str());
        (cased, raw)
    };
    RustIdent { name, raw }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn keywords() {
        // (keyword, field_ident, type_ident)
        let table: &[(&str, &str, &str)] = &[
            ("as", "r#as", "As"),
            ("break", "r#break", "Break"),
            ("const", "r#const", "Const"),
            ("continue", "r#continue", "Continue"),
            ("crate", "crate_", "Crate"),
            ("else", "r#else", "Else"),
            ("enum", "r#enum", "Enum"),
            ("extern", "r#extern", "Extern"),
            ("false", "r#false", "False"),
            ("fn", "r#fn", "Fn"),
            ("for", "r#for", "For"),
            ("if", "r#if", "If"),
            ("impl", "r#impl", "Impl"),
            ("in", "r#in", "In"),
            ("let", "r#let", "Let"),
            ("loop", "r#loop", "Loop"),
            ("match", "r#match", "Match"),
            ("mod", "r#mod", "Mod"),
            ("move", "r#move", "Move"),
            ("mut", "r#mut", "Mut"),
            ("pub", "r#pub", "Pub"),
            ("ref", "r#ref", "Ref"),
            ("return", "r#return", "Return"),
            ("self", "self_", "Self_"),
            ("Self", "self_", "Self_"),
            ("static", "r#static", "Static"),
            ("struct", "r#struct", "Struct"),
            ("super", "super_", "Super"),
            ("trait", "r#trait", "Trait"),
            ("true", "r#true", "True"),
            ("type", "r#type", "Type"),
            ("unsafe", "r#unsafe", "Unsafe"),
            ("use", "r#use", "Use"),
            ("where", "r#where", "Where"),
            ("while", "r#while", "While"),
            ("async", "r#async", "Async"),
            ("await", "r#await", "Await"),
            ("dyn", "r#dyn", "Dyn"),
            ("abstract", "r#abstract", "Abstract"),
            ("become", "r#become", "Become"),
            ("box", "r#box", "Box"),
            ("do", "r#do", "Do"),
            ("final", "r#final", "Final"),
            ("macro", "r#macro", "Macro"),
            ("override", "r#override", "Override"),
            ("priv", "r#priv", "Priv"),
            ("typeof", "r#typeof", "Typeof"),
            ("unsized", "r#unsized", "Unsized"),
            ("virtual", "r#virtual", "Virtual"),
            ("yield", "r#yield", "Yield"),
            ("try", "r#try", "Try"),
            ("gen", "r#gen", "Gen"),
            // `_` is a separator, so it leaves no words.
            ("_", "_value", "_Value"),
            // Weak keywords are plain identifiers.
            ("union", "union", "Union"),
            ("raw", "raw", "Raw"),
            ("safe", "safe", "Safe"),
            ("macro_rules", "macro_rules", "MacroRules"),
        ];
        for &(kw, field, ty) in table {
            assert_eq!(field_ident(kw).to_string(), field, "field_ident({kw:?})");
            assert_eq!(module_ident(kw).to_string(), field, "module_ident({kw:?})");
            assert_eq!(type_ident(kw).to_string(), ty, "type_ident({kw:?})");
            assert_eq!(variant_ident(kw).to_string(), ty, "variant_ident({kw:?})");
        }
        // Every keyword list entry is covered by the table.
        for kw in RAW_KEYWORDS.iter().chain(NON_RAW_KEYWORDS) {
            assert!(table.iter().any(|(k, _, _)| k == kw), "{kw} missing");
        }
    }

    #[test]
    fn sanitise_non_raw_keywords_directly() {
        for (kw, want) in [("self", "self_"), ("Self", "Self_"), ("super", "super_"), ("crate", "crate_"), ("_", "__")]
        {
            let ident = sanitise(kw.to_owned(), "value");
            assert_eq!(ident.to_string(), want);
            assert!(!ident.is_raw());
            ident.to_ident();
        }
    }

    #[test]
    fn raw_accessors() {
        let ident = field_ident("type");
        assert_eq!(ident.as_str(), "type");
        assert!(ident.is_raw());
        assert_eq!(ident.to_string(), "r#type");
        assert_eq!(ident.to_ident().to_string(), "r#type");
        assert_eq!(quote!(#ident).to_string(), "r#type");

        let ident = field_ident("channelArn");
        assert_eq!(ident.as_str(), "channel_arn");
        assert!(!ident.is_raw());
        assert_eq!(ident.to_string(), "channel_arn");
    }

    #[test]
    fn splitting() {
        // (input, snake, pascal)
        let table: &[(&str, &str, &str)] = &[
            ("ACLs", "acls", "Acls"),
            ("IPv4Address", "ipv4_address", "Ipv4Address"),
            ("IPv6", "ipv6", "Ipv6"),
            ("DBv2", "dbv2", "Dbv2"),
            ("DynamoDBv2", "dynamo_dbv2", "DynamoDbv2"),
            ("CreateChannelRequest", "create_channel_request", "CreateChannelRequest"),
            ("nextToken", "next_token", "NextToken"),
            ("latencyMode", "latency_mode", "LatencyMode"),
            ("arn", "arn", "Arn"),
            ("channelArn", "channel_arn", "ChannelArn"),
            ("HTTPResponseCode", "http_response_code", "HttpResponseCode"),
            ("ID", "id", "Id"),
            ("streamKeys", "stream_keys", "StreamKeys"),
            ("S3Key", "s3_key", "S3Key"),
            ("s3key", "s3_key", "S3Key"),
            ("Ec2Instance", "ec2_instance", "Ec2Instance"),
            ("UUID", "uuid", "Uuid"),
            ("MD5OfBody", "md5_of_body", "Md5OfBody"),
            ("errorCode", "error_code", "ErrorCode"),
            ("NORMAL", "normal", "Normal"),
            ("STREAM_LIVE", "stream_live", "StreamLive"),
            ("us-west-2", "us_west_2", "UsWest2"),
            ("some.value", "some_value", "SomeValue"),
            ("NormalLatency", "normal_latency", "NormalLatency"),
            ("x-amz-date", "x_amz_date", "XAmzDate"),
            ("already_snake", "already_snake", "AlreadySnake"),
            ("IAMUser", "iam_user", "IamUser"),
            ("DBProxy", "db_proxy", "DbProxy"),
            ("ARNs", "arns", "Arns"),
            ("SigV4", "sigv4", "Sigv4"),
            ("SizeInMiB", "size_in_mib", "SizeInMib"),
            ("TtlSeconds", "ttl_seconds", "TtlSeconds"),
            ("__leading__", "leading", "Leading"),
            ("Café Menu", "caf_menu", "CafMenu"),
            ("", "", ""),
            ("-._ ", "", ""),
        ];
        for &(input, snake, pascal) in table {
            assert_eq!(to_snake_case(input), snake, "to_snake_case({input:?})");
            assert_eq!(to_pascal_case(input), pascal, "to_pascal_case({input:?})");
        }
        assert_eq!(split_words("IPv4Address"), ["ipv4", "address"]);
    }

    #[test]
    fn other_cases() {
        assert_eq!(to_kebab_case("GetChannel"), "get-channel");
        assert_eq!(to_kebab_case("ListStreamKeys"), "list-stream-keys");
        assert_eq!(to_screaming_snake_case("latencyMode"), "LATENCY_MODE");
        assert_eq!(to_screaming_snake_case("IPv4Address"), "IPV4_ADDRESS");
    }

    #[test]
    fn idents() {
        assert_eq!(module_ident("GetChannel").to_string(), "get_channel");
        assert_eq!(field_ident("errorCode").to_string(), "error_code");
        assert_eq!(type_ident("errorCode").to_string(), "ErrorCode");
        assert_eq!(variant_ident("NORMAL").to_string(), "Normal");
        assert_eq!(variant_ident("us-west-2").to_string(), "UsWest2");
        assert_eq!(variant_ident("2XX").to_string(), "_2Xx");
        assert_eq!(field_ident("404").to_string(), "_404");
        assert_eq!(field_ident("").to_string(), "_value");
        assert_eq!(field_ident("🦀").to_string(), "_value");
        assert_eq!(type_ident("").to_string(), "_Value");
        assert_eq!(variant_ident("!!!").to_string(), "_Value");
    }

    /// A tiny xorshift generator so the property test needs no extra crates.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[test]
    fn any_input_gives_a_valid_ident() {
        const PIECES: &[&str] = &[
            "a", "Z", "q", "B", "s", "v", "0", "7", "_", "-", ".", " ", "\t", "\0", "é", "中", "ß", "İ", "ﬁ", "🦀",
            "\u{301}", "self", "Self", "super", "crate", "type", "gen", "try", "IPv4", "ACLs", "DBv2", "ID", "MiB",
            "r#", "#", "'", "2XX",
        ];
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        let makers: [fn(&str) -> RustIdent; 4] = [field_ident, module_ident, type_ident, variant_ident];
        for _ in 0..500 {
            let len = rng.below(8);
            let input: String = (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect();
            for make in makers {
                let ident = make(&input);
                assert!(ident.as_str().is_ascii(), "{input:?} -> {ident}");
                let token = ident.to_ident();
                assert_eq!(token.to_string(), ident.to_string());
                // syn rejects bare keywords, so this also proves sanitising.
                let parsed = syn::parse_str::<syn::Ident>(&ident.to_string())
                    .unwrap_or_else(|e| panic!("{input:?} -> {ident}: {e}"));
                assert_eq!(parsed, token);
                let round =
                    syn::parse2::<syn::Ident>(quote!(#ident)).unwrap_or_else(|e| panic!("{input:?} -> {ident}: {e}"));
                assert_eq!(round, token);
            }
            for case in
                [to_snake_case(&input), to_pascal_case(&input), to_kebab_case(&input), to_screaming_snake_case(&input)]
            {
                assert!(case.is_ascii(), "{input:?} -> {case:?}");
            }
            assert!(!field_ident(&input).as_str().contains(char::is_uppercase));
        }
    }
}
