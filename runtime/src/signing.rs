//! AWS Signature Version 4 (SigV4): signing outgoing requests and checking signed ones.
//!
//! The cryptography and the canonical request are those of the official `aws-sigv4` crate; this
//! module adapts it to [`HttpRequest`] and never panics on bad input.
//!
//! - [`sign`] / [`sign_with_settings`] add `Authorization` and `X-Amz-Date` (plus
//!   `X-Amz-Security-Token` when the credentials carry a session token, and `x-amz-content-sha256`
//!   when the settings ask for it) to a request whose whole body is in memory.
//! - [`verify`] is the server side, for local test servers: it checks the `Authorization` header of
//!   a received request against known credentials by re-signing a copy of the request.
//!
//! ```
//! use aws_client_runtime::signing::{sign, verify, Credentials};
//! use std::time::{Duration, SystemTime};
//!
//! let credentials = Credentials::new("AKIDEXAMPLE", "secret", None, None, "example");
//! let mut request = http::Request::builder()
//!     .method("POST")
//!     .uri("https://ivs.us-west-2.amazonaws.com/ListChannels")
//!     .body(bytes::Bytes::from_static(b"{}"))
//!     .unwrap();
//! let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160);
//! sign(&mut request, &credentials, "us-west-2", "ivs", time).unwrap();
//! assert!(request.headers()["authorization"].to_str().unwrap().starts_with("AWS4-HMAC-SHA256 "));
//!
//! let verified = verify(&request, |key| (key == "AKIDEXAMPLE").then(|| credentials.clone()), "ivs").unwrap();
//! assert_eq!(verified.region, "us-west-2");
//! ```

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sigv4::http_request::{SignableBody, SignableRequest};
use aws_sigv4::sign::v4;
use http::header::{HeaderName, HeaderValue, AUTHORIZATION, HOST};
use subtle::ConstantTimeEq;

use crate::transport::HttpRequest;

pub use aws_credential_types::Credentials;
pub use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SessionTokenMode, SignatureLocation, SigningSettings,
    UriPathNormalizationMode,
};

/// The only algorithm signed and accepted here.
const ALGORITHM: &str = "AWS4-HMAC-SHA256";
const X_AMZ_DATE: &str = "x-amz-date";
const X_AMZ_SECURITY_TOKEN: &str = "x-amz-security-token";
const X_AMZ_CONTENT_SHA256: &str = "x-amz-content-sha256";
/// 9999-12-31T23:59:59Z: the signing date has four digits for its year.
const LATEST_SIGNING_TIME: Duration = Duration::from_secs(253_402_300_799);

/// Signs `request` in place with SigV4 and the default [`SigningSettings`].
///
/// Adds `Authorization` and `X-Amz-Date`, and `X-Amz-Security-Token` when `credentials` carry a
/// session token (signed, as AWS services other than S3 expect). No `x-amz-content-sha256` header
/// is added: use [`sign_with_settings`] with [`PayloadChecksumKind::XAmzSha256`] for that. The
/// payload hash is computed from the in-memory body. The path is normalised and URI-encoded twice,
/// as every AWS service except S3 expects.
///
/// The request's URI must be absolute (its host is signed) unless the request has a `Host`
/// header. Headers that are present are replaced; all others are left alone. On error the request
/// is unchanged.
pub fn sign(
    request: &mut HttpRequest,
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
) -> Result<(), SigningError> {
    sign_with_settings(request, credentials, region, service, time, &SigningSettings::default())
}

/// Signs `request` in place like [`sign`], with explicit `settings`.
///
/// `settings` choose path normalisation, single or double URI encoding, whether the session token
/// is signed ([`SessionTokenMode::Exclude`] still sends it, unsigned) and whether an
/// `x-amz-content-sha256` header is added and signed ([`PayloadChecksumKind::XAmzSha256`]).
/// Only header signing is offered: [`SignatureLocation::QueryParams`] (presigning) is an error.
pub fn sign_with_settings(
    request: &mut HttpRequest,
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
    settings: &SigningSettings,
) -> Result<(), SigningError> {
    let signed = compute_signature(request, credentials, region, service, time, settings.clone())?;
    // Build every header first, so that a failure leaves the request as it was.
    let mut new_headers = Vec::with_capacity(signed.headers.len());
    for (name, value, sensitive) in signed.headers {
        let is_token = sensitive || name.eq_ignore_ascii_case(X_AMZ_SECURITY_TOKEN);
        let name =
            HeaderName::from_bytes(name.as_bytes()).map_err(|_| SigningError::new(ErrorKind::InvalidHeaderName))?;
        let mut value = HeaderValue::from_str(&value).map_err(|_| {
            SigningError::new(if is_token { ErrorKind::InvalidSessionToken } else { ErrorKind::InvalidHeaderValue })
        })?;
        value.set_sensitive(sensitive);
        new_headers.push((name, value));
    }
    for (name, value) in new_headers {
        request.headers_mut().insert(name, value);
    }
    Ok(())
}

/// What aws-sigv4 computed: the headers to set (name, value, sensitive) and the hex signature.
struct Signed {
    headers: Vec<(&'static str, String, bool)>,
    signature: String,
}

fn compute_signature(
    request: &HttpRequest,
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
    settings: SigningSettings,
) -> Result<Signed, SigningError> {
    if !is_scope_part(region) {
        return Err(SigningError::new(ErrorKind::InvalidRegion));
    }
    if !is_scope_part(service) {
        return Err(SigningError::new(ErrorKind::InvalidService));
    }
    if !is_access_key_id(credentials.access_key_id()) {
        return Err(SigningError::new(ErrorKind::InvalidAccessKeyId));
    }
    match time.duration_since(UNIX_EPOCH) {
        Ok(since_epoch) if since_epoch <= LATEST_SIGNING_TIME => {}
        _ => return Err(SigningError::new(ErrorKind::TimeOutOfRange)),
    }
    if settings.signature_location != SignatureLocation::Headers {
        return Err(SigningError::new(ErrorKind::QuerySigningUnsupported));
    }
    // aws-sigv4 panics when it can find no host to sign.
    if request.uri().host().is_none() && !request.headers().contains_key(HOST) {
        return Err(SigningError::new(ErrorKind::NoHost));
    }
    let mut headers = Vec::with_capacity(request.headers().len());
    for (name, value) in request.headers() {
        let value = std::str::from_utf8(value.as_bytes())
            .map_err(|_| SigningError::new(ErrorKind::NonUtf8Header(name.clone())))?;
        headers.push((name.as_str(), value));
    }
    let signable = SignableRequest::new(
        request.method().as_str(),
        request.uri().to_string(),
        headers.into_iter(),
        SignableBody::Bytes(request.body()),
    )
    .map_err(SigningError::sigv4)?;
    let identity = credentials.clone().into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(settings)
        .build()
        .map_err(|_| SigningError::new(ErrorKind::Parameters))?
        .into();
    let (instructions, signature) =
        aws_sigv4::http_request::sign(signable, &params).map_err(SigningError::sigv4)?.into_parts();
    let (headers, _query_params) = instructions.into_parts();
    let headers = headers.into_iter().map(|h| (h.name(), h.value().to_owned(), h.sensitive())).collect();
    Ok(Signed { headers, signature })
}

/// A region or service name: it becomes part of the credential scope.
fn is_scope_part(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// An access key id must survive the `Credential=AKID/...` syntax of the Authorization header.
fn is_access_key_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic() && !matches!(b, b'/' | b','))
}

/// Why a request could not be signed. Its text never contains a secret key or session token.
#[derive(Debug)]
pub struct SigningError {
    kind: ErrorKind,
    source: Option<aws_sigv4::http_request::SigningError>,
}

#[derive(Debug)]
enum ErrorKind {
    InvalidRegion,
    InvalidService,
    InvalidAccessKeyId,
    TimeOutOfRange,
    QuerySigningUnsupported,
    NoHost,
    NonUtf8Header(HeaderName),
    InvalidSessionToken,
    InvalidHeaderName,
    InvalidHeaderValue,
    Parameters,
    Sigv4,
}

impl SigningError {
    fn new(kind: ErrorKind) -> Self {
        Self { kind, source: None }
    }

    fn sigv4(source: aws_sigv4::http_request::SigningError) -> Self {
        Self { kind: ErrorKind::Sigv4, source: Some(source) }
    }

    /// The reason alone, for embedding in a [`VerifyError::Malformed`].
    fn kind_text(&self) -> String {
        let full = self.to_string();
        full.strip_prefix("cannot sign the request with SigV4: ").unwrap_or(&full).to_owned()
    }
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cannot sign the request with SigV4: ")?;
        match &self.kind {
            ErrorKind::InvalidRegion => {
                f.write_str("the region must be non-empty ASCII letters, digits, '-', '_' or '.'")
            }
            ErrorKind::InvalidService => {
                f.write_str("the service name must be non-empty ASCII letters, digits, '-', '_' or '.'")
            }
            ErrorKind::InvalidAccessKeyId => {
                f.write_str("the access key id must be non-empty visible ASCII without '/' or ','")
            }
            ErrorKind::TimeOutOfRange => f.write_str("the signing time must lie between 1970 and the year 9999"),
            ErrorKind::QuerySigningUnsupported => {
                f.write_str("only header signing is supported, not query-string signing (presigning)")
            }
            ErrorKind::NoHost => f.write_str("the URI has no host and the request has no Host header"),
            ErrorKind::NonUtf8Header(name) => write!(f, "the value of header `{name}` is not UTF-8"),
            ErrorKind::InvalidSessionToken => f.write_str("the session token is not a valid HTTP header value"),
            ErrorKind::InvalidHeaderName => f.write_str("the signer produced an invalid header name"),
            ErrorKind::InvalidHeaderValue => f.write_str("the signer produced an invalid header value"),
            ErrorKind::Parameters => f.write_str("incomplete signing parameters"),
            // aws-sigv4's own texts name what went wrong without echoing any value.
            ErrorKind::Sigv4 => match &self.source {
                Some(source) => write!(f, "{source}"),
                None => f.write_str("aws-sigv4 failed"),
            },
        }
    }
}

impl std::error::Error for SigningError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Who signed a request that [`verify`] accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedIdentity {
    /// The access key id of the credential scope.
    pub access_key_id: String,
    /// The region of the credential scope.
    pub region: String,
    /// The service of the credential scope (equal to the one [`verify`] was asked for).
    pub service: String,
    /// When the request was signed, from its `X-Amz-Date` header. [`verify`] does not check clock
    /// skew: compare this with the current time if that matters.
    pub signed_at: SystemTime,
}

/// Why [`verify`] rejected a request. Its text never contains a secret key or session token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VerifyError {
    /// The request has no `Authorization` header (query-string signatures are not supported).
    MissingAuthentication,
    /// The `Authorization` header, `X-Amz-Date` or a signed header cannot be used; says which.
    Malformed(String),
    /// The credential scope names another service than the one verifying.
    WrongService,
    /// The lookup knows no credentials for the access key id.
    UnknownAccessKey,
    /// The signature is not the one the known secret key gives for this request.
    SignatureMismatch,
    /// The signature is right, but the `X-Amz-Security-Token` sent is not the credentials'
    /// session token (missing, different, or sent for credentials that have none).
    InvalidSessionToken,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::MissingAuthentication => f.write_str("the request has no Authorization header"),
            VerifyError::Malformed(why) => write!(f, "malformed SigV4 authentication: {why}"),
            VerifyError::WrongService => f.write_str("the credential scope is for another service"),
            VerifyError::UnknownAccessKey => f.write_str("the access key id is not known"),
            VerifyError::SignatureMismatch => {
                f.write_str("the request signature does not match the one calculated for it")
            }
            VerifyError::InvalidSessionToken => f.write_str("the security token included in the request is invalid"),
        }
    }
}

impl std::error::Error for VerifyError {}

fn malformed(why: impl Into<String>) -> VerifyError {
    VerifyError::Malformed(why.into())
}

/// Checks the SigV4 `Authorization` header of a received request against known credentials.
///
/// `lookup` maps an access key id to its credentials. The request is checked by re-signing a copy
/// of it with aws-sigv4 — only the headers named in `SignedHeaders`, the body, the same
/// `X-Amz-Date` and the region of the credential scope — and comparing the signatures in constant
/// time. The request URI may be a bare path, as a server receives it: the host is then taken from
/// the `Host` header.
///
/// The signature must have been made with the default [`SigningSettings`] (path normalised and
/// URI-encoded twice, as for every AWS service but S3). When `SignedHeaders` includes
/// `x-amz-content-sha256`, the payload hash is recomputed from the body (so `UNSIGNED-PAYLOAD` is
/// rejected). When the credentials have a session token, the request must carry it in
/// `X-Amz-Security-Token`, signed or not. Clock skew is not checked: see
/// [`VerifiedIdentity::signed_at`].
pub fn verify(
    request: &HttpRequest,
    lookup: impl Fn(&str) -> Option<Credentials>,
    service: &str,
) -> Result<VerifiedIdentity, VerifyError> {
    let mut authorizations = request.headers().get_all(AUTHORIZATION).iter();
    let authorization = authorizations.next().ok_or(VerifyError::MissingAuthentication)?;
    if authorizations.next().is_some() {
        return Err(malformed("more than one Authorization header"));
    }
    let authorization =
        authorization.to_str().map_err(|_| malformed("the Authorization header is not visible ASCII"))?;
    let auth = Authorization::parse(authorization)?;
    if auth.service != service {
        return Err(VerifyError::WrongService);
    }
    let credentials = lookup(auth.access_key_id).ok_or(VerifyError::UnknownAccessKey)?;

    let amz_date =
        single_header(request, X_AMZ_DATE)?.ok_or_else(|| malformed("the request has no X-Amz-Date header"))?;
    let amz_date = std::str::from_utf8(amz_date.as_bytes()).map_err(|_| malformed("X-Amz-Date is not UTF-8"))?;
    let signed_at = parse_amz_date(amz_date)?;
    if amz_date.get(..8) != Some(auth.date) {
        return Err(malformed("the date of the credential scope is not the date of X-Amz-Date"));
    }

    let mut copy = signed_copy(request, &auth.signed_headers)?;
    // A signed session token is handed to aws-sigv4 as part of the credentials, not as a plain
    // header of the copy: that way its traces redact it, as they do on the client.
    let signed_token = if auth.signed_headers.contains(&X_AMZ_SECURITY_TOKEN) {
        let token = copy.headers_mut().remove(X_AMZ_SECURITY_TOKEN);
        Some(token.and_then(|t| t.to_str().ok().map(str::to_owned)).ok_or(VerifyError::InvalidSessionToken)?)
    } else {
        None
    };
    let mut settings = SigningSettings::default();
    // The copy holds exactly the headers the client signed: sign them all, whatever their name.
    settings.excluded_headers = None;
    if auth.signed_headers.contains(&X_AMZ_CONTENT_SHA256) {
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    }
    let signing_credentials = Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        signed_token,
        None,
        "sigv4-verify",
    );
    let signed = compute_signature(&copy, &signing_credentials, auth.region, auth.service, signed_at, settings)
        .map_err(|e| malformed(format!("the request cannot be re-signed ({})", e.kind_text())))?;

    // The headers aws-sigv4 signed must be the client's list, or the signatures cannot agree.
    let same_signed_headers = signed
        .headers
        .iter()
        .find(|(name, _, _)| name.eq_ignore_ascii_case(AUTHORIZATION.as_str()))
        .and_then(|(_, value, _)| Authorization::parse(value).ok())
        .is_some_and(|ours| ours.signed_headers == auth.signed_headers);
    let same_signature: bool = signed.signature.as_bytes().ct_eq(auth.signature.as_bytes()).into();
    if !(same_signed_headers && same_signature) {
        return Err(VerifyError::SignatureMismatch);
    }

    let sent_token = single_header(request, X_AMZ_SECURITY_TOKEN).map_err(|_| VerifyError::InvalidSessionToken)?;
    let token_ok = match (credentials.session_token(), sent_token) {
        (None, None) => true,
        (Some(expected), Some(sent)) => bool::from(expected.as_bytes().ct_eq(sent.as_bytes())),
        _ => false,
    };
    if !token_ok {
        return Err(VerifyError::InvalidSessionToken);
    }

    Ok(VerifiedIdentity {
        access_key_id: auth.access_key_id.to_owned(),
        region: auth.region.to_owned(),
        service: auth.service.to_owned(),
        signed_at,
    })
}

/// The one value of header `name`, if present; an error if it is repeated.
fn single_header<'a>(request: &'a HttpRequest, name: &str) -> Result<Option<&'a HeaderValue>, VerifyError> {
    let mut values = request.headers().get_all(name).iter();
    let first = values.next();
    if values.next().is_some() {
        return Err(malformed(format!("more than one {name} header")));
    }
    Ok(first)
}

/// Parses `YYYYMMDDTHHMMSSZ`.
fn parse_amz_date(s: &str) -> Result<SystemTime, VerifyError> {
    let invalid = || malformed("X-Amz-Date is not a YYYYMMDDTHHMMSSZ timestamp");
    let b = s.as_bytes();
    let shape_ok =
        b.len() == 16 && b[8] == b'T' && b[15] == b'Z' && b[..8].iter().chain(&b[9..15]).all(u8::is_ascii_digit);
    if !shape_ok {
        return Err(invalid());
    }
    let rfc3339 = format!("{}-{}-{}T{}:{}:{}Z", &s[0..4], &s[4..6], &s[6..8], &s[9..11], &s[11..13], &s[13..15]);
    let date_time = aws_smithy_types::DateTime::from_str(&rfc3339, aws_smithy_types::date_time::Format::DateTime)
        .map_err(|_| invalid())?;
    SystemTime::try_from(date_time).map_err(|_| invalid())
}

/// A copy of `request` with only the signed headers, its body, and an absolute URI.
fn signed_copy(request: &HttpRequest, signed_headers: &[&str]) -> Result<HttpRequest, VerifyError> {
    let host = match request.headers().get(HOST) {
        Some(host) => host.to_str().map_err(|_| malformed("the Host header is not visible ASCII"))?,
        None => match request.uri().authority() {
            Some(authority) => authority.as_str(),
            None => return Err(malformed("the request has no Host header")),
        },
    };
    let path_and_query = request.uri().path_and_query().map_or("/", |pq| pq.as_str());
    let uri: http::Uri = format!("http://{host}{path_and_query}")
        .parse()
        .map_err(|_| malformed("the Host header and path do not form a valid URI"))?;

    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = uri;
    for &name in signed_headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| malformed("SignedHeaders names an invalid header name"))?;
        let mut found = false;
        for value in request.headers().get_all(&name) {
            copy.headers_mut().append(name.clone(), value.clone());
            found = true;
        }
        // A signed host may come from the URI's authority (an HTTP/2 request has no Host header).
        if !found && name != HOST {
            return Err(malformed(format!("signed header `{name}` is not in the request")));
        }
    }
    Ok(copy)
}

/// The parts of `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.
#[derive(Debug)]
struct Authorization<'a> {
    access_key_id: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

impl<'a> Authorization<'a> {
    fn parse(value: &'a str) -> Result<Self, VerifyError> {
        let rest = value
            .strip_prefix(ALGORITHM)
            .filter(|rest| rest.starts_with(' '))
            .ok_or_else(|| malformed("the Authorization header is not of the AWS4-HMAC-SHA256 scheme"))?;
        let (mut credential, mut signed_headers, mut signature) = (None, None, None);
        for component in rest.split(',') {
            let (key, component_value) = component
                .trim()
                .split_once('=')
                .ok_or_else(|| malformed("the Authorization header has a component that is not Key=Value"))?;
            let slot = match key {
                "Credential" => &mut credential,
                "SignedHeaders" => &mut signed_headers,
                "Signature" => &mut signature,
                _ => return Err(malformed("the Authorization header has an unknown component")),
            };
            if slot.replace(component_value).is_some() {
                return Err(malformed("the Authorization header repeats a component"));
            }
        }
        let credential = credential.ok_or_else(|| malformed("the Authorization header has no Credential"))?;
        let signed_headers =
            signed_headers.ok_or_else(|| malformed("the Authorization header has no SignedHeaders"))?;
        let signature = signature.ok_or_else(|| malformed("the Authorization header has no Signature"))?;

        let scope: Vec<&str> = credential.split('/').collect();
        let &[access_key_id, date, region, service, terminator] = scope.as_slice() else {
            return Err(malformed("Credential is not AKID/YYYYMMDD/region/service/aws4_request"));
        };
        if access_key_id.is_empty()
            || date.len() != 8
            || !date.bytes().all(|b| b.is_ascii_digit())
            || region.is_empty()
            || service.is_empty()
            || terminator != "aws4_request"
        {
            return Err(malformed("Credential is not AKID/YYYYMMDD/region/service/aws4_request"));
        }

        let signed_headers: Vec<&str> = signed_headers.split(';').collect();
        let well_formed = signed_headers
            .iter()
            .all(|name| !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic() && !b.is_ascii_uppercase()));
        if !well_formed {
            return Err(malformed("SignedHeaders must be lower-case header names separated by ';'"));
        }
        if !signed_headers.windows(2).all(|pair| pair[0] < pair[1]) {
            return Err(malformed("SignedHeaders must be sorted and without repetition"));
        }
        if !signed_headers.contains(&HOST.as_str()) || !signed_headers.contains(&X_AMZ_DATE) {
            return Err(malformed("SignedHeaders must include host and x-amz-date"));
        }
        if signed_headers.contains(&AUTHORIZATION.as_str()) {
            return Err(malformed("SignedHeaders cannot include authorization"));
        }
        if signature.len() != 64 || !signature.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(malformed("Signature is not 64 lower-case hexadecimal digits"));
        }
        Ok(Self { access_key_id, date, region, service, signed_headers, signature })
    }
}
