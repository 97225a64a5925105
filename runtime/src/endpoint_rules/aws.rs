//! The AWS functions of the rules engine other than `aws.partition` (see
//! [`super::partitions`]): `aws.parseArn` and `aws.isVirtualHostableS3Bucket`.

use super::url::is_ipv4;

/// The `ARN` record of `aws.parseArn`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Arn {
    pub(crate) partition: String,
    pub(crate) service: String,
    pub(crate) region: String,
    pub(crate) account_id: String,
    /// The resource part, split on every `:` and `/`.
    pub(crate) resource_id: Vec<String>,
}

/// `aws.parseArn(value)`: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, where partition,
/// service and resource must not be empty and the resource may itself hold `:` and `/`.
pub(crate) fn parse_arn(value: &str) -> Option<Arn> {
    let mut parts = value.splitn(6, ':');
    let (arn, partition, service) = (parts.next()?, parts.next()?, parts.next()?);
    let (region, account_id, resource) = (parts.next()?, parts.next()?, parts.next()?);
    if arn != "arn" || partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn {
        partition: partition.to_owned(),
        service: service.to_owned(),
        region: region.to_owned(),
        account_id: account_id.to_owned(),
        resource_id: resource.split([':', '/']).map(str::to_owned).collect(),
    })
}

fn is_lower_alphanumeric(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

/// `aws.isVirtualHostableS3Bucket(value, allowSubDomains)`: whether `value` can be the leftmost
/// label(s) of a virtual-hosted-style S3 host name.
///
/// The name must be 3 to 63 characters of lowercase letters, digits and hyphens that begins and
/// ends with a letter or digit. With `allow_sub_domains` it may also hold dots, but not two dots
/// in a row, nor a dot next to a hyphen, and it must not look like an IPv4 address.
pub(crate) fn is_virtual_hostable_s3_bucket(value: &str, allow_sub_domains: bool) -> bool {
    let bytes = value.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else { return false };
    if !(3..=63).contains(&bytes.len()) || !is_lower_alphanumeric(first) || !is_lower_alphanumeric(last) {
        return false;
    }
    if !allow_sub_domains {
        return bytes.iter().all(|&b| is_lower_alphanumeric(b) || b == b'-');
    }
    let valid_chars = bytes.iter().all(|&b| is_lower_alphanumeric(b) || b == b'-' || b == b'.');
    let bad_pair = bytes.windows(2).any(|w| matches!(w, [b'.', b'.'] | [b'.', b'-'] | [b'-', b'.']));
    valid_chars && !bad_pair && !is_ipv4(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn arn(p: &str, s: &str, r: &str, a: &str, res: &[&str]) -> Option<Arn> {
        Some(Arn {
            partition: p.into(),
            service: s.into(),
            region: r.into(),
            account_id: a.into(),
            resource_id: res.iter().map(|x| x.to_string()).collect(),
        })
    }

    #[test]
    fn spec_examples() {
        assert_eq!(
            parse_arn("arn:aws:sns:us-west-2:012345678910:example-sns-topic-name"),
            arn("aws", "sns", "us-west-2", "012345678910", &["example-sns-topic-name"])
        );
        assert_eq!(parse_arn("11111111-2222-3333-4444-555555555555"), None);
        assert_eq!(
            parse_arn("arn:aws:ec2:us-east-1:012345678910:vpc/vpc-0e9801d129EXAMPLE"),
            arn("aws", "ec2", "us-east-1", "012345678910", &["vpc", "vpc-0e9801d129EXAMPLE"])
        );
        assert_eq!(
            parse_arn("arn:aws:iam::012345678910:user/johndoe"),
            arn("aws", "iam", "", "012345678910", &["user", "johndoe"])
        );
        assert_eq!(parse_arn("arn:aws:s3:::bucket_name"), arn("aws", "s3", "", "", &["bucket_name"]));
    }

    #[test]
    fn colons_and_slashes_in_the_resource() {
        assert_eq!(
            parse_arn("arn:aws:s3:us-east-2:012345678:outpost:op-1234"),
            arn("aws", "s3", "us-east-2", "012345678", &["outpost", "op-1234"])
        );
        assert_eq!(
            parse_arn("arn:aws:s3-outposts:us-west-2:123:outpost/op-01234567890123456/accesspoint/reports"),
            arn(
                "aws",
                "s3-outposts",
                "us-west-2",
                "123",
                &["outpost", "op-01234567890123456", "accesspoint", "reports"]
            )
        );
        assert_eq!(parse_arn("arn:aws:s3:::a:b/c:"), arn("aws", "s3", "", "", &["a", "b", "c", ""]));
        assert_eq!(
            parse_arn("arn:aws:s3:::my_corporate_bucket/Development/*"),
            arn("aws", "s3", "", "", &["my_corporate_bucket", "Development", "*"])
        );
    }

    #[test]
    fn invalid_arns() {
        assert_eq!(parse_arn("arn:aws:s3:us-east-2:012345678:"), None);
        assert_eq!(parse_arn("arn:aws:s3:us-east-2:012345678"), None);
        assert_eq!(parse_arn("arn::s3:r:a:res"), None);
        assert_eq!(parse_arn("arn:aws::r:a:res"), None);
        assert_eq!(parse_arn("ARN:aws:s3:r:a:res"), None);
        assert_eq!(parse_arn("notarn:aws:s3:r:a:res"), None);
        assert_eq!(parse_arn(""), None);
    }

    #[test]
    fn s3_buckets_without_dots() {
        assert!(is_virtual_hostable_s3_bucket("bucket", false));
        assert!(is_virtual_hostable_s3_bucket("a--b--x-s3", false));
        assert!(is_virtual_hostable_s3_bucket("abc", false));
        assert!(is_virtual_hostable_s3_bucket(&"a".repeat(63), false));
        assert!(!is_virtual_hostable_s3_bucket(&"a".repeat(64), false));
        assert!(!is_virtual_hostable_s3_bucket("ab", false));
        assert!(!is_virtual_hostable_s3_bucket("Bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("bucket-", false));
        assert!(!is_virtual_hostable_s3_bucket("buc_ket", false));
        assert!(!is_virtual_hostable_s3_bucket("my.bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("", false));
    }

    #[test]
    fn s3_buckets_with_dots() {
        assert!(is_virtual_hostable_s3_bucket("my.bucket", true));
        assert!(is_virtual_hostable_s3_bucket("a.b.c", true));
        assert!(is_virtual_hostable_s3_bucket("bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("a-.b-.c", true));
        assert!(!is_virtual_hostable_s3_bucket("bucket.-name", true));
        assert!(!is_virtual_hostable_s3_bucket("bucket..name", true));
        assert!(!is_virtual_hostable_s3_bucket(".bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("bucket.", true));
        assert!(!is_virtual_hostable_s3_bucket("192.168.5.4", true));
        assert!(is_virtual_hostable_s3_bucket("192.168.5.400", true));
        assert!(!is_virtual_hostable_s3_bucket("My.bucket", true));
    }

    proptest! {
        #[test]
        fn aws_functions_never_panic(s in any::<String>(), dots in any::<bool>()) {
            let _ = parse_arn(&s);
            let _ = parse_arn(&format!("arn:{s}"));
            let _ = is_virtual_hostable_s3_bucket(&s, dots);
        }
    }
}
