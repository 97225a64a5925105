//! Standard AWS endpoint resolution for services whose model has no endpoint rule set:
//! `https://{prefix}.{region}.{dnsSuffix}`, with the partition's DNS suffix and the FIPS and
//! dual-stack variants.

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
    !region.is_empty()
        && region.len() <= 63
        && region.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !region.starts_with('-')
        && !region.ends_with('-')
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
    fn region_names_are_checked_before_use_in_a_host() {
        assert!(is_valid_region("us-west-2"));
        assert!(!is_valid_region("us-west-2/../evil"));
        assert!(!is_valid_region(""));
        assert!(!is_valid_region("-x"));
    }
}
