//! Service customizations: what a few AWS services need beyond their models, as every official
//! AWS SDK applies it, in one place and keyed by the service's `sdkId`.

/// What the generated client does for one service beyond what its model says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Customizations {
    /// Headers every request carries: `(name, value)`.
    pub request_headers: Vec<(String, String)>,
    /// Path labels that take a value when the input leaves them unset or empty:
    /// `(member name, value)`.
    pub label_defaults: Vec<(String, String)>,
    /// Requests with a body carry Glacier's `X-Amz-Content-Sha256` and `X-Amz-Sha256-Tree-Hash`.
    pub glacier_checksums: bool,
}

/// The customizations of the service with `sdk_id` and API `version`.
pub fn for_service(sdk_id: &str, version: &str) -> Customizations {
    match sdk_id {
        // API Gateway answers in JSON only when asked to.
        "API Gateway" => Customizations {
            request_headers: vec![("Accept".into(), "application/json".into())],
            ..Customizations::default()
        },
        // Glacier wants its API version on every request, `-` for the caller's own account, and
        // the SHA-256 and tree hash of every uploaded body.
        "Glacier" => Customizations {
            request_headers: vec![("X-Amz-Glacier-Version".into(), version.into())],
            label_defaults: vec![("accountId".into(), "-".into())],
            glacier_checksums: true,
        },
        _ => Customizations::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_named_services_are_customized() {
        assert_eq!(for_service("ivs", "2020-07-14"), Customizations::default());
        assert_eq!(
            for_service("API Gateway", "x").request_headers,
            [("Accept".to_owned(), "application/json".to_owned())]
        );
        let glacier = for_service("Glacier", "2012-06-01");
        assert_eq!(glacier.request_headers[0].1, "2012-06-01");
        assert!(glacier.glacier_checksums);
    }
}
