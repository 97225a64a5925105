//! `parseURL`: a small URL parser for the rules engine, written for its needs (HTTP(S) endpoint
//! URLs) rather than for the whole WHATWG grammar.

use std::net::Ipv6Addr;

/// The `URL` record of the rules engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParsedUrl {
    /// `http` or `https`, lowercased, without `://`.
    pub(crate) scheme: String,
    /// Host and port as written, without any userinfo.
    pub(crate) authority: String,
    /// The path as written: empty, or starting with `/`.
    pub(crate) path: String,
    /// The path with a leading and a trailing `/` (just `/` for an empty path).
    pub(crate) normalized_path: String,
    /// Whether the host is an IPv4 or a bracketed IPv6 address.
    pub(crate) is_ip: bool,
}

/// Characters that no part of an endpoint URL may hold.
fn is_forbidden(c: char) -> bool {
    c.is_control() || c.is_whitespace()
}

/// Characters that a registered host name may not hold (beyond [`is_forbidden`]).
fn is_forbidden_in_host(c: char) -> bool {
    matches!(c, '[' | ']' | '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`' | '@' | ':' | '/' | '?' | '#')
}

/// Whether `host` is a dotted IPv4 address: four decimal parts, each from 0 to 255.
pub(crate) fn is_ipv4(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|part| {
            !part.is_empty()
                && part.bytes().all(|b| b.is_ascii_digit())
                && part.trim_start_matches('0').len() <= 3
                && part.parse::<u32>().is_ok_and(|n| n <= 255)
        })
}

/// `parseURL(value)`: the parts of an `http` or `https` URL, or `None` when the URL has another
/// scheme, a query (even an empty one), no host, a bad port or an invalid bracketed IPv6 address.
/// A fragment is ignored.
pub(crate) fn parse_url(input: &str) -> Option<ParsedUrl> {
    if input.chars().any(is_forbidden) {
        return None;
    }
    let (scheme, rest) = input.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let rest = rest.split_once('#').map_or(rest, |(before, _fragment)| before);
    if rest.contains('?') {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let host_port = authority.rsplit_once('@').map_or(authority, |(_userinfo, host_port)| host_port);
    let (host, port) = if let Some(bracketed) = host_port.strip_prefix('[') {
        let (address, after) = bracketed.split_once(']')?;
        address.parse::<Ipv6Addr>().ok()?;
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':')?),
        };
        (&host_port[..address.len() + 2], port)
    } else {
        let (host, port) = match host_port.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        };
        if host.is_empty() || host.chars().any(is_forbidden_in_host) {
            return None;
        }
        (host, port)
    };
    if let Some(port) = port {
        if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) || port.parse::<u16>().is_err() {
            return None;
        }
    }
    let is_ip = host.starts_with('[') || is_ipv4(host);
    let normalized_path = if path.is_empty() {
        "/".to_owned()
    } else if path.ends_with('/') {
        path.to_owned()
    } else {
        format!("{path}/")
    };
    Some(ParsedUrl { scheme, authority: host_port.to_owned(), path: path.to_owned(), normalized_path, is_ip })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parts(url: &str) -> (String, String, String, String, bool) {
        let u = parse_url(url).unwrap_or_else(|| panic!("{url} should parse"));
        (u.scheme, u.authority, u.path, u.normalized_path, u.is_ip)
    }

    fn p(
        scheme: &str,
        authority: &str,
        path: &str,
        normalized: &str,
        ip: bool,
    ) -> (String, String, String, String, bool) {
        (scheme.into(), authority.into(), path.into(), normalized.into(), ip)
    }

    #[test]
    fn spec_examples() {
        assert_eq!(parts("https://example.com"), p("https", "example.com", "", "/", false));
        assert_eq!(parse_url("https://example.com:8443?foo=bar&faz=baz"), None);
        assert_eq!(parts("http://example.com:80/foo/bar"), p("http", "example.com:80", "/foo/bar", "/foo/bar/", false));
        assert_eq!(parts("https://127.0.0.1"), p("https", "127.0.0.1", "", "/", true));
        assert_eq!(parts("https://[fe80::1]"), p("https", "[fe80::1]", "", "/", true));
    }

    #[test]
    fn paths() {
        assert_eq!(parts("https://authority.com/"), p("https", "authority.com", "/", "/", false));
        assert_eq!(
            parts("https://authority.com/custom-path"),
            p("https", "authority.com", "/custom-path", "/custom-path/", false)
        );
        assert_eq!(parts("https://a.com/x/y/"), p("https", "a.com", "/x/y/", "/x/y/", false));
        assert_eq!(parts("https://a.com//"), p("https", "a.com", "//", "//", false));
        assert_eq!(parts("https://a.com/p#frag?x"), p("https", "a.com", "/p", "/p/", false));
    }

    #[test]
    fn ports_and_ips() {
        assert_eq!(parts("http://localhost:8000/path"), p("http", "localhost:8000", "/path", "/path/", false));
        assert_eq!(parts("http://192.168.1.1/foo/"), p("http", "192.168.1.1", "/foo/", "/foo/", true));
        assert_eq!(parts("http://192.168.1.1:1234/foo/"), p("http", "192.168.1.1:1234", "/foo/", "/foo/", true));
        assert_eq!(
            parts("https://[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443"),
            p("https", "[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443", "", "/", true)
        );
        assert_eq!(parts("https://[::1]:8443/a"), p("https", "[::1]:8443", "/a", "/a/", true));
        assert!(!parts("https://999.999.abc.blah").4);
        assert!(!parts("https://256.1.1.1").4);
        assert!(!parts("https://1.2.3").4);
        assert!(!parts("https://1.2.3.4.5").4);
        assert!(parts("https://010.0.0.1").4);
        assert_eq!(parse_url("http://abc.com:a/foo"), None);
        assert_eq!(parse_url("http://abc.com:/foo"), None);
        assert_eq!(parse_url("http://abc.com:65536"), None);
        assert_eq!(parse_url("http://abc.com:1:2"), None);
        assert_eq!(parse_url("https://[fe80::1"), None);
        assert_eq!(parse_url("https://[not-an-ip]"), None);
        assert_eq!(parse_url("https://[::1]x"), None);
        assert_eq!(parse_url("https://[::1]:"), None);
    }

    #[test]
    fn schemes_hosts_and_queries() {
        assert_eq!(parts("HTTPS://Example.com").0, "https");
        assert_eq!(parts("HTTPS://Example.com").1, "Example.com");
        assert_eq!(parse_url("wss://localhost:8443/path"), None);
        assert_eq!(parse_url("acbd://example.com"), None);
        assert_eq!(parse_url("example.com"), None);
        assert_eq!(parse_url("https://"), None);
        assert_eq!(parse_url("https:///path"), None);
        assert_eq!(parse_url("https://example.com/path?query1=foo"), None);
        assert_eq!(parse_url("https://example.com/?"), None);
        assert_eq!(parse_url("https://exa mple.com"), None);
        assert_eq!(parse_url("https://example.com/\n"), None);
        assert_eq!(parts("http://99_ab-.com").1, "99_ab-.com");
        assert_eq!(parts("https://user:pw@host.com:99/x").1, "host.com:99");
    }

    proptest! {
        #[test]
        fn parse_url_never_panics(s in any::<String>()) {
            let _ = parse_url(&s);
            let _ = parse_url(&format!("https://{s}"));
            let _ = parse_url(&format!("https://[{s}]:1/"));
        }
    }
}
