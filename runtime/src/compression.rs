//! Request compression (`@requestCompression`): the body of an operation that allows it is sent
//! gzip-compressed when it is large enough, as the official SDKs do.
//!
//! The generated `serialize_request` of such an operation puts a [`RequestCompression`] in the
//! request's extensions (unless its body is a stream, which is never compressed); the client
//! then compresses the body once, before the first attempt, when compression is not disabled
//! and the body has at least the configured minimum size
//! (`Config::builder().disable_request_compression(..)` and
//! `.request_min_compression_size_bytes(..)`, or `AWS_DISABLE_REQUEST_COMPRESSION` and
//! `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES` with `Config::from_env()`). The encoding is added
//! to `Content-Encoding`, after any the input's own header gives.

use crate::transport::{BoxError, HttpRequest};
use std::io::Write;

/// The default minimum size of a body to compress, in bytes (10 KiB), as in the official SDKs.
pub const DEFAULT_MIN_COMPRESSION_SIZE_BYTES: u32 = 10_240;
/// The largest minimum size allowed, in bytes (10 MiB), as in the official SDKs.
pub const MAX_MIN_COMPRESSION_SIZE_BYTES: u32 = 10_485_760;

/// The encodings this client can compress with, by their `Content-Encoding` name.
const SUPPORTED: &[&str] = &["gzip"];

/// An operation's `@requestCompression` trait: the encodings the service accepts, in the
/// model's order of preference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestCompression {
    encodings: &'static [&'static str],
}

impl RequestCompression {
    /// The trait with its `encodings`.
    pub const fn new(encodings: &'static [&'static str]) -> Self {
        Self { encodings }
    }

    /// The first of the trait's encodings this client supports, if any, by its canonical name.
    pub fn encoding(&self) -> Option<&'static str> {
        self.encodings.iter().find_map(|e| SUPPORTED.iter().copied().find(|s| s.eq_ignore_ascii_case(e)))
    }
}

/// Checks a configured minimum compression size: `0..=10485760`, as the official SDKs allow.
pub fn check_min_compression_size_bytes(size: u32) -> Result<u32, BoxError> {
    if size > MAX_MIN_COMPRESSION_SIZE_BYTES {
        return Err(format!(
            "invalid request_min_compression_size_bytes {size}: it must be between 0 and {MAX_MIN_COMPRESSION_SIZE_BYTES} \
             (set with `Config::builder().request_min_compression_size_bytes(..)` or AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES)"
        )
        .into());
    }
    Ok(size)
}

/// Compresses `request`'s body as `compression` asks, when `disabled` is false and the body
/// has at least `min_size` bytes; returns whether it did. `Content-Encoding` gets the
/// encoding appended (`custom, gzip` when the request already said `custom`).
pub fn compress_request(
    request: &mut HttpRequest,
    compression: &RequestCompression,
    disabled: bool,
    min_size: u32,
) -> Result<bool, BoxError> {
    let min_size = check_min_compression_size_bytes(min_size)?;
    let Some(encoding) = compression.encoding() else { return Ok(false) };
    if disabled || (request.body().len() as u64) < u64::from(min_size) {
        return Ok(false);
    }
    let compressed = gzip(request.body())?;
    *request.body_mut() = compressed.into();
    let headers = request.headers_mut();
    let given: Vec<&str> = headers
        .get_all(http::header::CONTENT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect();
    let value = given.into_iter().chain([encoding]).collect::<Vec<_>>().join(", ");
    let value = http::HeaderValue::from_str(&value).map_err(|e| format!("invalid Content-Encoding {value:?}: {e}"))?;
    headers.insert(http::header::CONTENT_ENCODING, value);
    Ok(true)
}

/// `bytes` gzip-compressed at the default level.
pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>, BoxError> {
    let mut encoder =
        flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 2), flate2::Compression::default());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    const GZIP: RequestCompression = RequestCompression::new(&["gzip"]);

    fn request(body: &[u8], encoding: Option<&str>) -> HttpRequest {
        let mut builder = http::Request::builder().method("POST").uri("/");
        if let Some(encoding) = encoding {
            builder = builder.header("content-encoding", encoding);
        }
        builder.body(bytes::Bytes::copy_from_slice(body)).unwrap()
    }

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn a_body_of_the_minimum_size_is_gzipped_and_labelled() {
        let body = b"a".repeat(10_240);
        let mut req = request(&body, None);
        assert!(compress_request(&mut req, &GZIP, false, DEFAULT_MIN_COMPRESSION_SIZE_BYTES).unwrap());
        assert_eq!(req.headers()["content-encoding"], "gzip");
        assert!(req.body().len() < body.len());
        assert_eq!(&req.body()[..2], &[0x1f, 0x8b], "gzip magic");
        assert_eq!(gunzip(req.body()), body);
    }

    #[test]
    fn gzip_is_appended_after_the_inputs_own_encoding() {
        let mut req = request(b"hello", Some("custom"));
        assert!(compress_request(&mut req, &GZIP, false, 0).unwrap());
        let values: Vec<_> = req.headers().get_all("content-encoding").iter().collect();
        assert_eq!(values, ["custom, gzip"]);
    }

    #[test]
    fn small_bodies_disabled_compression_and_unknown_encodings_are_left_alone() {
        let mut req = request(&b"a".repeat(10_239), None);
        assert!(!compress_request(&mut req, &GZIP, false, DEFAULT_MIN_COMPRESSION_SIZE_BYTES).unwrap());
        assert_eq!(req.body().len(), 10_239);
        assert!(req.headers().get("content-encoding").is_none());

        let mut req = request(&b"a".repeat(20_000), None);
        assert!(!compress_request(&mut req, &GZIP, true, 0).unwrap());
        assert_eq!(req.body().len(), 20_000);

        let mut req = request(b"hello", None);
        assert!(!compress_request(&mut req, &RequestCompression::new(&["br"]), false, 0).unwrap());
        assert_eq!(RequestCompression::new(&["br", "GZIP"]).encoding(), Some("gzip"));
    }

    #[test]
    fn the_minimum_size_is_checked() {
        assert_eq!(check_min_compression_size_bytes(MAX_MIN_COMPRESSION_SIZE_BYTES).unwrap(), 10_485_760);
        let err = check_min_compression_size_bytes(MAX_MIN_COMPRESSION_SIZE_BYTES + 1).unwrap_err().to_string();
        assert!(err.contains("10485761") && err.contains("between 0 and 10485760"), "{err}");
        let mut req = request(b"hello", None);
        assert!(compress_request(&mut req, &GZIP, false, 10_485_761).is_err());
    }
}
