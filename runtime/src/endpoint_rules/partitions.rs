//! The AWS partitions table behind `aws.partition`, written out by hand from AWS's
//! `partitions.json` (version 1.1).
//!
//! A region resolves to a partition in three steps, as the rules engine specifies:
//!
//! 1. a partition that lists the region explicitly (such as `aws-global` or `us-east-1`);
//! 2. otherwise the first partition whose `regionRegex` matches the region;
//! 3. otherwise the `aws` partition.
//!
//! Every `regionRegex` in the table has the shape `^PREFIX\w+\-\d+$`, where `PREFIX` is one of a
//! few literal alternatives that end in `-`. They are matched by hand ([`matches_region_regex`])
//! rather than with a regular-expression engine, which keeps the runtime light.

/// One partition of the table.
#[derive(Debug)]
pub(crate) struct PartitionData {
    /// The partition id, which is also the `name` output.
    pub(crate) id: &'static str,
    /// The partition's `regionRegex`, as published. Informational: matching uses `prefixes`.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) region_regex: &'static str,
    /// The literal alternatives that start the regex, each ending with its `-`.
    prefixes: &'static [&'static str],
    /// Regions listed explicitly.
    regions: &'static [&'static str],
    pub(crate) dns_suffix: &'static str,
    pub(crate) dual_stack_dns_suffix: &'static str,
    pub(crate) supports_fips: bool,
    pub(crate) supports_dual_stack: bool,
    pub(crate) implicit_global_region: &'static str,
}

/// The partitions, in the order of `partitions.json`.
pub(crate) static PARTITIONS: &[PartitionData] = &[
    PartitionData {
        id: "aws",
        region_regex: r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$",
        prefixes: &["us-", "eu-", "ap-", "sa-", "ca-", "me-", "af-", "il-", "mx-"],
        regions: &[
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-south-1",
            "ap-south-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "aws-global",
            "ca-central-1",
            "ca-west-1",
            "eu-central-1",
            "eu-central-2",
            "eu-north-1",
            "eu-south-1",
            "eu-south-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "il-central-1",
            "me-central-1",
            "me-south-1",
            "mx-central-1",
            "sa-east-1",
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
        ],
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-east-1",
    },
    PartitionData {
        id: "aws-cn",
        region_regex: r"^cn\-\w+\-\d+$",
        prefixes: &["cn-"],
        regions: &["aws-cn-global", "cn-north-1", "cn-northwest-1"],
        dns_suffix: "amazonaws.com.cn",
        dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "cn-northwest-1",
    },
    PartitionData {
        id: "aws-eusc",
        region_regex: r"^eusc\-(de)\-\w+\-\d+$",
        prefixes: &["eusc-de-"],
        regions: &["eusc-de-east-1"],
        dns_suffix: "amazonaws.eu",
        dual_stack_dns_suffix: "api.amazonwebservices.eu",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "eusc-de-east-1",
    },
    PartitionData {
        id: "aws-iso",
        region_regex: r"^us\-iso\-\w+\-\d+$",
        prefixes: &["us-iso-"],
        regions: &["aws-iso-global", "us-iso-east-1", "us-iso-west-1"],
        dns_suffix: "c2s.ic.gov",
        dual_stack_dns_suffix: "api.aws.ic.gov",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-iso-east-1",
    },
    PartitionData {
        id: "aws-iso-b",
        region_regex: r"^us\-isob\-\w+\-\d+$",
        prefixes: &["us-isob-"],
        regions: &["aws-iso-b-global", "us-isob-east-1", "us-isob-west-1"],
        dns_suffix: "sc2s.sgov.gov",
        dual_stack_dns_suffix: "api.aws.scloud",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-isob-east-1",
    },
    PartitionData {
        id: "aws-iso-e",
        region_regex: r"^eu\-isoe\-\w+\-\d+$",
        prefixes: &["eu-isoe-"],
        regions: &["aws-iso-e-global", "eu-isoe-west-1"],
        dns_suffix: "cloud.adc-e.uk",
        dual_stack_dns_suffix: "api.cloud-aws.adc-e.uk",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "eu-isoe-west-1",
    },
    PartitionData {
        id: "aws-iso-f",
        region_regex: r"^us\-isof\-\w+\-\d+$",
        prefixes: &["us-isof-"],
        regions: &["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"],
        dns_suffix: "csp.hci.ic.gov",
        dual_stack_dns_suffix: "api.aws.hci.ic.gov",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-isof-south-1",
    },
    PartitionData {
        id: "aws-us-gov",
        region_regex: r"^us\-gov\-\w+\-\d+$",
        prefixes: &["us-gov-"],
        regions: &["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"],
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-gov-west-1",
    },
];

/// Whether `region` matches `^PREFIX\w+\-\d+$` for one of `prefixes`, where `\w` is
/// `[A-Za-z0-9_]` and `\d` is `[0-9]`.
///
/// `\w` cannot match `-`, so after the prefix the rest must hold exactly one `-`, with word
/// characters before it and digits after it.
fn matches_region_regex(prefixes: &[&str], region: &str) -> bool {
    prefixes.iter().any(|prefix| {
        let Some(rest) = region.strip_prefix(prefix) else { return false };
        let Some((word, digits)) = rest.split_once('-') else { return false };
        !word.is_empty()
            && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
    })
}

/// The partition of `region`: an explicit listing first, then the region regexes, then `aws`.
pub(crate) fn partition_of(region: &str) -> &'static PartitionData {
    PARTITIONS
        .iter()
        .find(|p| p.regions.contains(&region))
        .or_else(|| PARTITIONS.iter().find(|p| matches_region_regex(p.prefixes, region)))
        .unwrap_or(&PARTITIONS[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(region: &str) -> &'static str {
        partition_of(region).id
    }

    #[test]
    fn explicit_regions_resolve_to_their_partition() {
        assert_eq!(name("aws-global"), "aws");
        assert_eq!(name("us-east-1"), "aws");
        assert_eq!(name("aws-cn-global"), "aws-cn");
        assert_eq!(name("aws-us-gov-global"), "aws-us-gov");
        assert_eq!(name("aws-iso-global"), "aws-iso");
        assert_eq!(name("aws-iso-b-global"), "aws-iso-b");
        assert_eq!(name("aws-iso-e-global"), "aws-iso-e");
        assert_eq!(name("aws-iso-f-global"), "aws-iso-f");
        assert_eq!(name("eusc-de-east-1"), "aws-eusc");
    }

    #[test]
    fn each_region_family_matches_its_regex() {
        for (region, partition) in [
            ("us-east-7", "aws"),
            ("eu-west-9", "aws"),
            ("ap-southeast-12", "aws"),
            ("sa-east-2", "aws"),
            ("ca-west-3", "aws"),
            ("me-west-1", "aws"),
            ("af-north-1", "aws"),
            ("il-central-2", "aws"),
            ("mx-central-2", "aws"),
            ("cn-south-1", "aws-cn"),
            ("us-gov-north-1", "aws-us-gov"),
            ("us-iso-north-2", "aws-iso"),
            ("us-isob-south-1", "aws-iso-b"),
            ("eu-isoe-north-1", "aws-iso-e"),
            ("us-isof-north-1", "aws-iso-f"),
            ("eusc-de-west-1", "aws-eusc"),
            ("us-under_score-1", "aws"),
        ] {
            assert_eq!(name(region), partition, "{region}");
            let data = partition_of(region);
            assert!(matches_region_regex(data.prefixes, region), "{region} should match {}", data.region_regex);
        }
    }

    #[test]
    fn regexes_reject_near_misses() {
        let aws = &PARTITIONS[0];
        for region in [
            "us-east-1a",
            "us-east-",
            "us--1",
            "us-east1",
            "us-gov-west-1",
            "xx-east-1",
            "US-east-1",
            "us-east-1\n",
            "us-eást-1",
            "",
        ] {
            assert!(!matches_region_regex(aws.prefixes, region), "{region:?}");
        }
        let eusc = PARTITIONS.iter().find(|p| p.id == "aws-eusc").unwrap();
        assert!(!matches_region_regex(eusc.prefixes, "eusc-fr-east-1"));
    }

    #[test]
    fn unknown_regions_fall_back_to_aws() {
        for region in ["", "local", "mars-east-1", "eusc-fr-east-1", "us-gov-west", "🦀"] {
            assert_eq!(name(region), "aws", "{region:?}");
        }
    }

    #[test]
    fn outputs_match_partitions_json() {
        let cn = partition_of("cn-north-1");
        assert_eq!(cn.dns_suffix, "amazonaws.com.cn");
        assert_eq!(cn.dual_stack_dns_suffix, "api.amazonwebservices.com.cn");
        let gov = partition_of("us-gov-west-1");
        assert_eq!((gov.dns_suffix, gov.dual_stack_dns_suffix), ("amazonaws.com", "api.aws"));
        assert_eq!(gov.implicit_global_region, "us-gov-west-1");
        assert_eq!(partition_of("us-iso-east-1").dns_suffix, "c2s.ic.gov");
        assert_eq!(partition_of("us-isob-east-1").dns_suffix, "sc2s.sgov.gov");
        assert_eq!(partition_of("eu-isoe-west-1").dns_suffix, "cloud.adc-e.uk");
        assert_eq!(partition_of("us-isof-south-1").dns_suffix, "csp.hci.ic.gov");
        assert_eq!(partition_of("eusc-de-east-1").dns_suffix, "amazonaws.eu");
        assert!(PARTITIONS.iter().all(|p| p.supports_fips));
        // Every regex in the table has the hand-matched shape.
        for p in PARTITIONS {
            assert!(p.region_regex.starts_with('^') && p.region_regex.ends_with(r"\w+\-\d+$"), "{}", p.id);
            for r in p.regions {
                assert_eq!(partition_of(r).id, p.id, "{r}");
            }
        }
    }
}
