//! `@httpChecksumRequired`: a `Content-MD5` header (the base64 of the MD5 digest of the body as
//! sent, after any compression), as the official SDKs add.
//!
//! The generated `serialize_request` of such an operation puts [`HttpChecksumRequired`] in the
//! request's extensions; the client adds the header once the body is final, before signing.
//! Glacier's customization ([`GlacierChecksums`]) adds its SHA-256 and tree hash the same way.

use crate::transport::HttpRequest;
use md5::{Digest, Md5};
use sha2::Sha256;

/// Marks a request whose operation has `@httpChecksumRequired`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HttpChecksumRequired;

/// Marks a Glacier request: it carries the SHA-256 of its body and the body's tree hash.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GlacierChecksums;

/// Sets Glacier's `X-Amz-Content-Sha256` and `X-Amz-Sha256-Tree-Hash` from the body, unless
/// the input already gave them.
pub fn add_glacier_checksums(request: &mut HttpRequest) {
    let body = request.body();
    let (linear, tree) = (hex(&Sha256::digest(body)), hex(&tree_hash(body)));
    for (name, value) in [("x-amz-content-sha256", linear), ("x-amz-sha256-tree-hash", tree)] {
        if !request.headers().contains_key(name) {
            if let Ok(value) = http::HeaderValue::from_str(&value) {
                request.headers_mut().insert(name, value);
            }
        }
    }
}

/// Glacier's tree hash: the SHA-256 of each MiB, then of each pair of hashes, up to one.
pub fn tree_hash(body: &[u8]) -> Vec<u8> {
    const MIB: usize = 1024 * 1024;
    let mut level: Vec<Vec<u8>> = body.chunks(MIB).map(|chunk| Sha256::digest(chunk).to_vec()).collect();
    if level.is_empty() {
        return Sha256::digest(b"").to_vec();
    }
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [a, b] => Sha256::digest([a.as_slice(), b.as_slice()].concat()).to_vec(),
                [one] => one.clone(),
                _ => unreachable!("chunks(2) gives one or two"),
            })
            .collect();
    }
    level.remove(0)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

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
    fn glacier_hashes() {
        // The Smithy suite's GlacierChecksums: one chunk, so the tree hash is the SHA-256.
        let mut request = http::Request::builder().body(bytes::Bytes::from_static(b"hello world")).unwrap();
        add_glacier_checksums(&mut request);
        let sha = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
        assert_eq!(request.headers()["x-amz-content-sha256"], sha);
        assert_eq!(request.headers()["x-amz-sha256-tree-hash"], sha);
        // Two chunks: the hash of the two chunk hashes, not of the whole body.
        let body = vec![7u8; 1024 * 1024 + 1];
        let expected = Sha256::digest(
            [Sha256::digest(&body[..1024 * 1024]).as_slice(), Sha256::digest(&body[1024 * 1024..]).as_slice()].concat(),
        );
        assert_eq!(tree_hash(&body), expected.to_vec());
        assert_ne!(tree_hash(&body), Sha256::digest(&body).to_vec());
    }

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
