//! Standard AWS endpoint resolution for services whose model has no endpoint rule set:
//! `https://{prefix}.{region}.{dnsSuffix}`, with the partition's DNS suffix and the FIPS and
//! dual-stack variants; and the host prefix an operation's `@endpoint(hostPrefix: ..)` puts in
//! front of whatever endpoint was resolved ([`EndpointPrefix`]).

use crate::error::BuildError;

/// An AWS partition: the regions it holds and its DNS suffixes.
struct Partition {
    /// Region name prefixes of the partition.
    prefixes: &'static [&'static str],
    dns_suffix: &'static str,
    dual_stack_dns_suffix: &'static str,
}

const PARTITIONS: &[Partition] = &[
    Partition {
        prefixes: &["cn-"],
        dns_suffix: "amazonaws.com.cn",
        dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
    },
    Partition { prefixes: &["us-gov-"], dns_suffix: "amazonaws.com", dual_stack_dns_suffix: "api.aws" },
    Partition { prefixes: &["us-isob-"], dns_suffix: "sc2s.sgov.gov", dual_stack_dns_suffix: "sc2s.sgov.gov" },
    Partition { prefixes: &["us-iso-"], dns_suffix: "c2s.ic.gov", dual_stack_dns_suffix: "c2s.ic.gov" },
    Partition { prefixes: &["eu-isoe-"], dns_suffix: "cloud.adc-e.uk", dual_stack_dns_suffix: "cloud.adc-e.uk" },
    Partition { prefixes: &["us-isof-"], dns_suffix: "csp.hci.ic.gov", dual_stack_dns_suffix: "csp.hci.ic.gov" },
    Partition { prefixes: &["eusc-"], dns_suffix: "amazonaws.eu", dual_stack_dns_suffix: "amazonaws.eu" },
];

const AWS: Partition = Partition { prefixes: &[], dns_suffix: "amazonaws.com", dual_stack_dns_suffix: "api.aws" };

/// The endpoint of service `prefix` in `region`.
pub fn resolve(prefix: &str, region: &str, use_fips: bool, use_dual_stack: bool) -> String {
    let partition = PARTITIONS.iter().find(|p| p.prefixes.iter().any(|pre| region.starts_with(pre))).unwrap_or(&AWS);
    match (use_fips, use_dual_stack) {
        (false, false) => format!("https://{prefix}.{region}.{}", partition.dns_suffix),
        (true, false) => format!("https://{prefix}-fips.{region}.{}", partition.dns_suffix),
        (false, true) => format!("https://{prefix}.{region}.{}", partition.dual_stack_dns_suffix),
        (true, true) => format!("https://{prefix}-fips.{region}.{}", partition.dual_stack_dns_suffix),
    }
}

/// Whether `region` can appear in a host name (letters, digits and inner hyphens).
pub fn is_valid_region(region: &str) -> bool {
    is_valid_host_label(region)
}

/// Whether `label` is one label of a host name: 1 to 63 letters, digits and hyphens, neither
/// starting nor ending with a hyphen.
pub fn is_valid_host_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// The value of a `@hostLabel` member, checked: it goes into the request's host, so it must be
/// a valid host label. `member` names the member in the error.
pub fn host_label<'a>(value: Option<&'a str>, member: &'static str) -> Result<&'a str, BuildError> {
    match value {
        Some(v) if is_valid_host_label(v) => Ok(v),
        Some(v) => Err(BuildError::invalid_field(
            member,
            format!(
                "{v:?} is not a valid host label (1 to 63 letters, digits and hyphens, not starting or ending \
                 with a hyphen): it is part of the endpoint's host"
            ),
        )),
        None => Err(BuildError::missing_field(member, "it is part of the endpoint's host")),
    }
}

/// The text an operation's `@endpoint(hostPrefix: "...")` puts in front of the endpoint's host,
/// its `{labels}` replaced by the input's `@hostLabel` values: `foo.` makes `https://example.com`
/// `https://foo.example.com`.
///
/// The generated `serialize_request` puts it in the request's extensions; the client applies it
/// to the resolved endpoint (an `endpoint_url` too, as the official SDK does) before signing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointPrefix(String);

impl EndpointPrefix {
    /// A prefix, checked: dot-separated host labels, normally ending with a dot.
    pub fn new(prefix: impl Into<String>) -> Result<Self, BuildError> {
        let prefix = prefix.into();
        let labels = prefix.strip_suffix('.').unwrap_or(&prefix);
        if !labels.split('.').all(is_valid_host_label) {
            return Err(BuildError::other(format!(
                "invalid endpoint prefix {prefix:?}: it must be host labels separated by dots"
            )));
        }
        Ok(Self(prefix))
    }

    /// The prefix.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `endpoint` (`https://example.com`, maybe with a port or a base path) with the prefix in
    /// front of its host.
    pub fn apply(&self, endpoint: &str) -> Result<String, String> {
        let uri: http::Uri = endpoint.parse().map_err(|e| format!("invalid endpoint URL {endpoint:?}: {e}"))?;
        let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
            return Err(format!("invalid endpoint URL {endpoint:?}: it has no scheme or host"));
        };
        // Credentials in the URL (`user@host`) stay in front of the host.
        let (userinfo, host) = match authority.as_str().rsplit_once('@') {
            Some((userinfo, host)) => (format!("{userinfo}@"), host),
            None => (String::new(), authority.as_str()),
        };
        let rest = uri.path_and_query().map(|p| p.as_str()).unwrap_or_default();
        let rest = if rest == "/" && !endpoint.ends_with('/') { "" } else { rest };
        Ok(format!("{scheme}://{userinfo}{}{host}{rest}", self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_and_variants() {
        assert_eq!(resolve("ivs", "us-west-2", false, false), "https://ivs.us-west-2.amazonaws.com");
        assert_eq!(resolve("ivs", "cn-north-1", false, false), "https://ivs.cn-north-1.amazonaws.com.cn");
        assert_eq!(resolve("ivs", "us-west-2", true, false), "https://ivs-fips.us-west-2.amazonaws.com");
        assert_eq!(resolve("ivs", "us-west-2", false, true), "https://ivs.us-west-2.api.aws");
        assert_eq!(resolve("ivs", "us-west-2", true, true), "https://ivs-fips.us-west-2.api.aws");
        assert_eq!(resolve("ivs", "us-gov-west-1", false, false), "https://ivs.us-gov-west-1.amazonaws.com");
        assert_eq!(resolve("ivs", "us-iso-east-1", false, false), "https://ivs.us-iso-east-1.c2s.ic.gov");
    }

    #[test]
    fn an_endpoint_prefix_goes_in_front_of_the_host() {
        let prefix = EndpointPrefix::new("foo.").unwrap();
        assert_eq!(prefix.apply("https://example.com").unwrap(), "https://foo.example.com");
        assert_eq!(prefix.apply("http://127.0.0.1:4566").unwrap(), "http://foo.127.0.0.1:4566");
        assert_eq!(prefix.apply("https://example.com/base").unwrap(), "https://foo.example.com/base");
        assert_eq!(prefix.apply("https://u:p@example.com").unwrap(), "https://u:p@foo.example.com");
        let labelled = EndpointPrefix::new(["foo.", host_label(Some("bar"), "label").unwrap(), "."].concat()).unwrap();
        assert_eq!(labelled.apply("https://example.com").unwrap(), "https://foo.bar.example.com");
        assert!(prefix.apply("example.com").is_err());
    }

    #[test]
    fn host_labels_and_prefixes_are_checked() {
        assert_eq!(host_label(Some("bar-1"), "label").unwrap(), "bar-1");
        for bad in ["", "a.b", "a b", "-a", "a-", "a/b", &"x".repeat(64)] {
            let err = host_label(Some(bad), "label").unwrap_err().to_string();
            assert!(err.contains("label") && err.contains("not a valid host label"), "{bad:?}: {err}");
        }
        let err = host_label(None, "label").unwrap_err().to_string();
        assert!(err.contains("label"), "{err}");
        assert!(EndpointPrefix::new("foo.bar.").is_ok());
        assert!(EndpointPrefix::new("foo..").is_err());
        assert!(EndpointPrefix::new("foo/.").is_err());
    }

    #[test]
    fn region_names_are_checked_before_use_in_a_host() {
        assert!(is_valid_region("us-west-2"));
        assert!(!is_valid_region("us-west-2/../evil"));
        assert!(!is_valid_region(""));
        assert!(!is_valid_region("-x"));
    }
}
