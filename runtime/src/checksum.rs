//! `@httpChecksumRequired`: a `Content-MD5` header (the base64 of the MD5 digest of the body as
//! sent, after any compression), as the official SDKs add.
//!
//! The generated `serialize_request` of such an operation puts [`HttpChecksumRequired`] in the
//! request's extensions; the client adds the header once the body is final, before signing.

use crate::transport::HttpRequest;
use md5::{Digest, Md5};

/// Marks a request whose operation has `@httpChecksumRequired`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HttpChecksumRequired;

/// The `Content-MD5` value of `body`: the base64 of its MD5 digest.
pub fn content_md5(body: &[u8]) -> String {
    aws_smithy_types::base64::encode(Md5::digest(body))
}

/// Sets `Content-MD5` on `request` from its body.
pub fn add_content_md5(request: &mut HttpRequest) {
    let value = content_md5(request.body());
    // Base64 is always a valid header value.
    if let Ok(value) = http::HeaderValue::from_str(&value) {
        request.headers_mut().insert("content-md5", value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_md5_is_the_base64_of_the_md5_of_the_body() {
        // RFC 1321's test suite.
        assert_eq!(content_md5(b""), "1B2M2Y8AsgTpgAmY7PhCfg==");
        assert_eq!(content_md5(b"abc"), "kAFQmDzST7DWlj99KOF/cg==");
        // The Smithy suite's RestJsonHttpChecksumRequired.
        assert_eq!(content_md5(br#"{"foo":"base64 encoded md5 checksum"}"#), "iB0/3YSo7maijL0IGOgA9g==");
    }

    #[test]
    fn the_header_replaces_any_earlier_one() {
        let mut request =
            http::Request::builder().header("content-md5", "stale").body(bytes::Bytes::from_static(b"abc")).unwrap();
        add_content_md5(&mut request);
        let values: Vec<_> = request.headers().get_all("content-md5").iter().collect();
        assert_eq!(values, ["kAFQmDzST7DWlj99KOF/cg=="]);
    }
}
