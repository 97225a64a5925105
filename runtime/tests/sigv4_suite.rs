//! SigV4 signing against AWS's published test suites, and `verify` round trips.
//!
//! Data: `tests/fixtures/sigv4/` (Apache-2.0, licence files beside each suite; see its README.md):
//! - `aws4_testsuite/`: the classic "AWS Signature Version 4 Test Suite" (34 cases) from botocore.
//! - `aws-signing-test-suite/v4/`: the newer suite (context.json per case) shipped in aws-sigv4.
//!
//! Every case not listed in a skip table must pass, and each suite asserts how many cases it ran,
//! so that the test cannot pass by running nothing.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_client_runtime::bytes::Bytes;
use aws_client_runtime::http::header::{HeaderValue, AUTHORIZATION, HOST};
use aws_client_runtime::signing::{
    self, Credentials, PayloadChecksumKind, PercentEncodingMode, SessionTokenMode, SignatureLocation, SigningSettings,
    UriPathNormalizationMode, VerifiedIdentity, VerifyError,
};
use aws_client_runtime::transport::HttpRequest;
use aws_client_runtime::{DateTime, TimestampFormat};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sigv4");

/// The parameters stated by the classic suite (and by every context.json of the newer one).
const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-east-1";
const SERVICE: &str = "service";
/// 2015-08-30T12:36:00Z
fn suite_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_440_938_160)
}

/// The example security token of the classic suite's post-sts-token/readme.txt.
const STS_TOKEN: &str = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

/// Classic cases signed with a session token: (case, token, whether the token is signed).
/// The classic suite has no context file: post-sts-token/readme.txt states the STS token and that
/// "header-before" signs it while "header-after" adds it after signing; the token of
/// get-vanilla-with-session-token is the one in its .creq (and in the newer suite's context.json).
const CLASSIC_SESSION_TOKENS: &[(&str, &str, bool)] = &[
    ("get-vanilla-with-session-token", "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267", true),
    ("post-sts-token/post-sts-header-before", STS_TOKEN, true),
    ("post-sts-token/post-sts-header-after", STS_TOKEN, false),
];

/// Classic cases not run, with the reason. botocore skips four cases (normalize-path/get-space,
/// get-vanilla-query-order-key-case, get-vanilla-query-order-key, get-vanilla-query-order-value);
/// aws-sigv4 passes all four, so they are run here.
const CLASSIC_SKIPS: &[(&str, &str)] = &[];
/// Classic cases whose .sreq (signed request) has an Authorization header that is not the one of
/// their .authz file; the .authz one is the one consistent with the case's .sts (string to sign), and
/// is the one checked. The rest of the .sreq headers are still compared.
const CLASSIC_SREQ_AUTHORIZATION_ERRATA: &[(&str, &str)] = &[(
    "get-vanilla-with-session-token",
    "its .sreq carries Signature=5fa00fa3..., which is not HMAC(signing key, .sts); its .authz \
     (Signature=07ec1639..., which is) is checked instead",
)];
/// The classic suite has 34 cases; the fixtures must hold them all.
const CLASSIC_CASES: usize = 34;
/// Classic cases that must have run (all but the skipped ones).
const CLASSIC_MIN_EXECUTED: usize = 34;

/// Cases of the newer suite's v4/ folder not run, with the reason.
///
/// The first two have no context.json (README: "double-encode-path and double-url-encode have no
/// context.json"): their credentials and settings are not stated, and double-encode-path's
/// canonical request even names another X-Amz-Date than its request. get-space-normalized sends an
/// already encoded path and expects it encoded once more only for the raw space, which needs
/// single URI encoding that its context.json does not ask for (aws-sigv4 ignores it likewise:
/// "relies on single encode of path segments").
const V4_SKIPS: &[(&str, &str)] = &[
    ("double-encode-path", "no context.json: credentials (ANOTREAL, secret not stated) and settings unknown"),
    ("double-url-encode", "no context.json: credentials, region/service/time and settings not stated"),
    (
        "get-space-normalized",
        "request path is already encoded (/example%20space/) and the expected canonical path keeps %20, i.e. \
         single URI encoding, which context.json does not state; with the default double encoding aws-sigv4 \
         signs /example%2520space/ (aws-sigv4's own suite ignores this case: relies on single encode of path segments)",
    ),
];
/// The newer suite has 40 v4 cases, 38 of them with a context.json.
const V4_CASES: usize = 40;
/// Newer-suite cases that must have run with header signing (all but the skipped ones).
const V4_MIN_EXECUTED: usize = 37;
/// Suite cases (both suites) whose signed request `verify` must also accept: every case signed
/// with settings `verify` assumes (path normalisation on, double URI encoding).
const MIN_VERIFIED: usize = 61;

// ---------------------------------------------------------------------------------------------
// Raw HTTP request files
// ---------------------------------------------------------------------------------------------

/// A request as written in a suite file: request line, header lines (with obsolete line folding),
/// an empty line and the body.
#[derive(Debug)]
struct RawRequest {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn parse_raw_request(bytes: &[u8]) -> RawRequest {
    // The head ends at the first empty line; files use LF (some without a final newline).
    let mut head_end = bytes.len();
    let mut body_start = bytes.len();
    for (i, _) in bytes.iter().enumerate().filter(|(_, &b)| b == b'\n') {
        let rest = &bytes[i + 1..];
        let blank = if rest.starts_with(b"\r\n") {
            Some(2)
        } else if rest.starts_with(b"\n") {
            Some(1)
        } else {
            None
        };
        if let Some(len) = blank {
            head_end = i;
            body_start = i + 1 + len;
            break;
        }
    }
    let head = std::str::from_utf8(&bytes[..head_end]).expect("request head is UTF-8");
    let body = bytes[body_start.min(bytes.len())..].to_vec();
    let mut lines = head.split('\n').map(|line| line.strip_suffix('\r').unwrap_or(line));

    let request_line = lines.next().expect("request line");
    let (method, rest) = request_line.split_once(' ').expect("method and target");
    // The target may contain spaces (get-space); the protocol version is the last word.
    let target = match rest.rsplit_once(' ') {
        Some((target, version)) if version.starts_with("HTTP/") => target,
        _ => rest,
    };

    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            // Obsolete line folding: the fold becomes one space (RFC 9112, section 5.2).
            let (_, value) = headers.last_mut().expect("continuation line after a header");
            value.push(' ');
            value.push_str(line.trim());
        } else if !line.is_empty() {
            let (name, value) = line.split_once(':').expect("header line Name:value");
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    RawRequest { method: method.to_owned(), target: target.to_owned(), headers, body }
}

/// Builds the `http::Request` of a suite request: absolute URI from the Host header and target.
///
/// `http::Uri` cannot carry a raw space or non-ASCII byte, so those are percent-encoded once here.
/// Returns whether this happened in the path (the query is re-encoded by the signer anyway).
fn build_request(raw: &RawRequest) -> (HttpRequest, bool) {
    let host = raw
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("host"))
        .map(|(_, value)| value.as_str())
        .expect("suite requests have a Host header");
    let mut target = String::new();
    let mut in_query = false;
    let mut path_encoded = false;
    for &b in raw.target.as_bytes() {
        in_query |= b == b'?';
        if b <= b' ' || b >= 0x7f {
            write!(target, "%{b:02X}").unwrap();
            path_encoded |= !in_query;
        } else {
            target.push(char::from(b));
        }
    }
    let mut builder = http::Request::builder().method(raw.method.as_str()).uri(format!("https://{host}{target}"));
    for (name, value) in &raw.headers {
        builder = builder.header(name.as_str(), HeaderValue::from_str(value).expect("header value"));
    }
    (builder.body(Bytes::from(raw.body.clone())).expect("suite request builds"), path_encoded)
}

/// The headers of a request as sorted (lower-case name, value) pairs.
fn header_pairs(request: &HttpRequest) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
        .collect();
    pairs.sort();
    pairs
}

fn raw_header_pairs(raw: &RawRequest) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> =
        raw.headers.iter().map(|(name, value)| (name.to_ascii_lowercase(), value.clone())).collect();
    pairs.sort();
    pairs
}

fn authorization(request: &HttpRequest) -> String {
    request.headers().get(AUTHORIZATION).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The request as a server receives it: a bare path as URI, the host in the Host header.
fn server_view(request: &HttpRequest) -> HttpRequest {
    let mut request = request.clone();
    let host = request.uri().authority().map(|a| a.as_str().to_owned());
    let path_and_query = request.uri().path_and_query().map_or("/", |pq| pq.as_str()).to_owned();
    *request.uri_mut() = path_and_query.parse().unwrap();
    if let Some(host) = host {
        if !request.headers().contains_key(HOST) {
            request.headers_mut().insert(HOST, HeaderValue::from_str(&host).unwrap());
        }
    }
    request
}

/// Settings that `verify` assumes the client used.
fn verify_compatible(settings: &SigningSettings) -> bool {
    settings.uri_path_normalization_mode == UriPathNormalizationMode::Enabled
        && settings.percent_encoding_mode == PercentEncodingMode::Double
}

// ---------------------------------------------------------------------------------------------
// The classic aws4_testsuite
// ---------------------------------------------------------------------------------------------

/// Every folder holding `<folder name>.req`, as (path relative to the suite, folder).
fn classic_cases(root: &Path) -> Vec<(String, PathBuf)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
        entries.sort();
        for sub in entries {
            let name = sub.file_name().unwrap().to_str().unwrap().to_owned();
            if sub.join(format!("{name}.req")).is_file() {
                let relative = sub.strip_prefix(root).unwrap().to_str().unwrap().to_owned();
                out.push((relative, sub));
            } else {
                walk(root, &sub, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out
}

#[derive(Default)]
struct Tally {
    executed: usize,
    verified: usize,
    failures: Vec<String>,
}

fn run_classic_suite(tally: &mut Tally) {
    let root = Path::new(FIXTURES).join("aws4_testsuite");
    let cases = classic_cases(&root);
    assert_eq!(
        cases.len(),
        CLASSIC_CASES,
        "classic suite cases found: {:?}",
        cases.iter().map(|c| &c.0).collect::<Vec<_>>()
    );

    for (case, dir) in &cases {
        if let Some((_, why)) = CLASSIC_SKIPS.iter().find(|(name, _)| name == case) {
            eprintln!("SKIPPED aws4_testsuite/{case}: {why}");
            continue;
        }
        let base = dir.file_name().unwrap().to_str().unwrap();
        let raw = parse_raw_request(&std::fs::read(dir.join(format!("{base}.req"))).unwrap());
        let (mut request, path_encoded) = build_request(&raw);

        let mut settings = SigningSettings::default();
        if path_encoded {
            // The suite's canonical URI is its raw path encoded once; the harness already did that.
            settings.percent_encoding_mode = PercentEncodingMode::Single;
            eprintln!(
                "ADAPTED aws4_testsuite/{case}: its path has bytes http::Uri cannot carry raw (space or UTF-8); \
                 they are percent-encoded once when building the request, so it is signed with \
                 PercentEncodingMode::Single to get the suite's once-encoded canonical path"
            );
        }
        let token = CLASSIC_SESSION_TOKENS.iter().find(|(name, _, _)| name == case);
        if let Some((_, _, signed)) = token {
            settings.session_token_mode = if *signed { SessionTokenMode::Include } else { SessionTokenMode::Exclude };
        }
        let credentials =
            Credentials::new(ACCESS_KEY, SECRET, token.map(|(_, token, _)| token.to_string()), None, "suite");

        tally.executed += 1;
        if let Err(e) =
            signing::sign_with_settings(&mut request, &credentials, REGION, SERVICE, suite_time(), &settings)
        {
            tally.failures.push(format!("aws4_testsuite/{case}: sign failed: {e}"));
            continue;
        }
        let expected_authz = read(&dir.join(format!("{base}.authz")));
        let actual_authz = authorization(&request);
        if actual_authz != expected_authz.trim() {
            tally.failures.push(format!(
                "aws4_testsuite/{case}: Authorization\n  expected {}\n  actual   {actual_authz}",
                expected_authz.trim()
            ));
            continue;
        }
        let expected_signed = parse_raw_request(&std::fs::read(dir.join(format!("{base}.sreq"))).unwrap());
        let mut expected_headers = raw_header_pairs(&expected_signed);
        let mut actual_headers = header_pairs(&request);
        if let Some((_, why)) = CLASSIC_SREQ_AUTHORIZATION_ERRATA.iter().find(|(name, _)| name == case) {
            eprintln!("NOTE aws4_testsuite/{case}: .sreq Authorization not compared: {why}");
            expected_headers.retain(|(name, _)| name != "authorization");
            actual_headers.retain(|(name, _)| name != "authorization");
        }
        if expected_headers != actual_headers {
            tally.failures.push(format!(
                "aws4_testsuite/{case}: signed headers\n  expected {expected_headers:?}\n  actual   {actual_headers:?}"
            ));
            continue;
        }
        if verify_compatible(&settings) {
            check_verify(tally, &format!("aws4_testsuite/{case}"), &request, &credentials);
        }
    }
}

fn check_verify(tally: &mut Tally, case: &str, request: &HttpRequest, credentials: &Credentials) {
    let lookup = |key: &str| (key == credentials.access_key_id()).then(|| credentials.clone());
    let expected = VerifiedIdentity {
        access_key_id: ACCESS_KEY.to_owned(),
        region: REGION.to_owned(),
        service: SERVICE.to_owned(),
        signed_at: suite_time(),
    };
    match signing::verify(&server_view(request), lookup, SERVICE) {
        Ok(identity) if identity == expected => tally.verified += 1,
        other => tally.failures.push(format!("{case}: verify of the signed request gave {other:?}")),
    }
}

// ---------------------------------------------------------------------------------------------
// The newer aws-signing-test-suite (v4)
// ---------------------------------------------------------------------------------------------

/// context.json keys understood here; any other key fails the test rather than being ignored.
/// `expiration_in_seconds` matters only to query signing, which is not run.
const CONTEXT_KEYS: &[&str] = &[
    "credentials",
    "expiration_in_seconds",
    "normalize",
    "omit_session_token",
    "region",
    "service",
    "sign_body",
    "timestamp",
];

fn run_v4_suite(tally: &mut Tally) {
    let root = Path::new(FIXTURES).join("aws-signing-test-suite/v4");
    let mut dirs: Vec<PathBuf> =
        std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    assert_eq!(dirs.len(), V4_CASES, "v4 suite cases found");
    let mut query_skipped = 0;

    for dir in &dirs {
        let case = dir.file_name().unwrap().to_str().unwrap();
        if let Some((_, why)) = V4_SKIPS.iter().find(|(name, _)| *name == case) {
            eprintln!("SKIPPED v4/{case}: {why}");
            continue;
        }
        assert!(dir.join("context.json").is_file(), "v4/{case} has no context.json and is not listed in V4_SKIPS");
        let context: serde_json::Value = serde_json::from_str(&read(&dir.join("context.json"))).unwrap();
        let context = context.as_object().unwrap();
        for key in context.keys() {
            assert!(CONTEXT_KEYS.contains(&key.as_str()), "v4/{case}: unknown context.json key `{key}`");
        }
        let text = |key: &str| context[key].as_str().unwrap().to_owned();
        let flag = |key: &str, default: bool| context.get(key).map_or(default, |v| v.as_bool().unwrap());
        let creds = &context["credentials"];
        let credentials = Credentials::new(
            creds["access_key_id"].as_str().unwrap(),
            creds["secret_access_key"].as_str().unwrap(),
            creds.get("token").map(|t| t.as_str().unwrap().to_owned()),
            None,
            "suite",
        );
        let region = text("region");
        let service = text("service");
        let time: SystemTime =
            DateTime::from_str(&text("timestamp"), TimestampFormat::DateTime).unwrap().try_into().unwrap();

        let mut settings = SigningSettings::default();
        settings.uri_path_normalization_mode = flag("normalize", true).into();
        // aws-sigv4's own harness defaults sign_body to true when absent.
        if flag("sign_body", true) {
            settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
        }
        if flag("omit_session_token", false) {
            settings.session_token_mode = SessionTokenMode::Exclude;
        }

        let raw = parse_raw_request(&std::fs::read(dir.join("request.txt")).unwrap());
        let (mut request, path_encoded) = build_request(&raw);
        if path_encoded {
            settings.percent_encoding_mode = PercentEncodingMode::Single;
            eprintln!(
                "ADAPTED v4/{case}: its path has bytes http::Uri cannot carry raw (space or UTF-8); \
                 they are percent-encoded once when building the request, so it is signed with \
                 PercentEncodingMode::Single to get the suite's once-encoded canonical path"
            );
        }
        if dir.join("query-signature.txt").is_file() {
            query_skipped += 1;
        }

        tally.executed += 1;
        if let Err(e) = signing::sign_with_settings(&mut request, &credentials, &region, &service, time, &settings) {
            tally.failures.push(format!("v4/{case}: sign failed: {e}"));
            continue;
        }
        let actual_authz = authorization(&request);
        let expected_signature = read(&dir.join("header-signature.txt")).trim().to_owned();
        let actual_signature = actual_authz.rsplit_once("Signature=").map(|(_, s)| s).unwrap_or_default();
        if actual_signature != expected_signature {
            tally
                .failures
                .push(format!("v4/{case}: signature\n  expected {expected_signature}\n  actual   {actual_signature}"));
            continue;
        }
        let expected_signed = parse_raw_request(&std::fs::read(dir.join("header-signed-request.txt")).unwrap());
        if raw_header_pairs(&expected_signed) != header_pairs(&request) {
            tally.failures.push(format!(
                "v4/{case}: signed headers (incl. Authorization)\n  expected {:?}\n  actual   {:?}",
                raw_header_pairs(&expected_signed),
                header_pairs(&request)
            ));
            continue;
        }
        if verify_compatible(&settings) && region == REGION && service == SERVICE {
            check_verify(tally, &format!("v4/{case}"), &request, &credentials);
        }
    }
    eprintln!(
        "SKIPPED the query-* expectations (query-canonical-request/string-to-sign/signature/signed-request) \
         of {query_skipped} v4 cases: signing::sign offers header signing only, not presigned query strings"
    );
}

#[test]
fn aws_sigv4_test_suites() {
    let mut classic = Tally::default();
    run_classic_suite(&mut classic);
    let mut v4 = Tally::default();
    run_v4_suite(&mut v4);

    let failures: Vec<&String> = classic.failures.iter().chain(&v4.failures).collect();
    for failure in &failures {
        eprintln!("FAILED {failure}");
    }
    eprintln!(
        "aws4_testsuite: {} cases run, {} skipped; aws-signing-test-suite/v4: {} cases run, {} skipped; \
         verify accepted {} signed suite requests",
        classic.executed,
        CLASSIC_SKIPS.len(),
        v4.executed,
        V4_SKIPS.len(),
        classic.verified + v4.verified
    );
    assert!(failures.is_empty(), "{} suite cases failed (see FAILED lines above)", failures.len());
    assert!(classic.executed >= CLASSIC_MIN_EXECUTED, "only {} classic cases ran", classic.executed);
    assert!(v4.executed >= V4_MIN_EXECUTED, "only {} v4 cases ran", v4.executed);
    assert!(classic.verified + v4.verified >= MIN_VERIFIED, "verify ran on too few suite requests");
}

#[test]
fn raw_request_parser_unfolds_and_keeps_the_body() {
    let raw = parse_raw_request(b"POST /a b/?x=1 HTTP/1.1\nHost:h\nMy:one\n  two\n\nbody\nmore");
    assert_eq!(raw.method, "POST");
    assert_eq!(raw.target, "/a b/?x=1");
    assert_eq!(raw.headers, vec![("Host".into(), "h".into()), ("My".into(), "one two".into())]);
    assert_eq!(raw.body, b"body\nmore");
    let (request, path_encoded) = build_request(&raw);
    assert!(path_encoded);
    assert_eq!(request.uri().to_string(), "https://h/a%20b/?x=1");
}

// ---------------------------------------------------------------------------------------------
// sign / verify behaviour
// ---------------------------------------------------------------------------------------------

const IVS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const IVS_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
const IVS_TOKEN: &str = "FwoGZXIvYXdzEXAMPLEsessionTOKEN//secret+part==";

fn ivs_credentials() -> Credentials {
    Credentials::new(IVS_KEY, IVS_SECRET, None, None, "test")
}

fn ivs_credentials_with_token() -> Credentials {
    Credentials::new(IVS_KEY, IVS_SECRET, Some(IVS_TOKEN.to_owned()), None, "test")
}

fn ivs_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

fn ivs_request() -> HttpRequest {
    http::Request::builder()
        .method("POST")
        .uri("https://ivs.us-west-2.amazonaws.com/CreateChannel?dryRun=true")
        .header("content-type", "application/json")
        .body(Bytes::from_static(br#"{"name":"my-channel","latencyMode":"LOW"}"#))
        .unwrap()
}

fn signed_ivs_request(credentials: &Credentials) -> HttpRequest {
    let mut request = ivs_request();
    signing::sign(&mut request, credentials, "us-west-2", "ivs", ivs_time()).unwrap();
    request
}

fn lookup_ivs(key: &str) -> Option<Credentials> {
    (key == IVS_KEY).then(ivs_credentials)
}

fn verify_ivs(request: &HttpRequest) -> Result<VerifiedIdentity, VerifyError> {
    signing::verify(request, lookup_ivs, "ivs")
}

fn expected_identity() -> VerifiedIdentity {
    VerifiedIdentity {
        access_key_id: IVS_KEY.to_owned(),
        region: "us-west-2".to_owned(),
        service: "ivs".to_owned(),
        signed_at: ivs_time(),
    }
}

#[test]
fn sign_adds_date_and_authorization_only() {
    let request = signed_ivs_request(&ivs_credentials());
    let names: BTreeSet<&str> = request.headers().keys().map(|k| k.as_str()).collect();
    assert_eq!(names, BTreeSet::from(["authorization", "content-type", "x-amz-date"]));
    assert_eq!(request.headers()["x-amz-date"], "20231114T221320Z");
    let authz = authorization(&request);
    assert!(
        authz.starts_with(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20231114/us-west-2/ivs/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date, Signature="
        ),
        "{authz}"
    );
    // The URI and body are untouched.
    assert_eq!(request.uri(), ivs_request().uri());
    assert_eq!(request.body(), ivs_request().body());
}

#[test]
fn sign_with_session_token_adds_a_signed_sensitive_token_header() {
    let request = signed_ivs_request(&ivs_credentials_with_token());
    let token = &request.headers()["x-amz-security-token"];
    assert_eq!(token, IVS_TOKEN);
    assert!(token.is_sensitive());
    assert!(authorization(&request).contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,"));

    let mut unsigned_token = ivs_request();
    let mut settings = SigningSettings::default();
    settings.session_token_mode = SessionTokenMode::Exclude;
    signing::sign_with_settings(
        &mut unsigned_token,
        &ivs_credentials_with_token(),
        "us-west-2",
        "ivs",
        ivs_time(),
        &settings,
    )
    .unwrap();
    assert_eq!(unsigned_token.headers()["x-amz-security-token"], IVS_TOKEN);
    assert!(authorization(&unsigned_token).contains("SignedHeaders=content-type;host;x-amz-date,"));
}

#[test]
fn content_sha256_header_only_when_settings_ask() {
    let request = signed_ivs_request(&ivs_credentials());
    assert!(!request.headers().contains_key("x-amz-content-sha256"));

    let mut request = ivs_request();
    let mut settings = SigningSettings::default();
    settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    signing::sign_with_settings(&mut request, &ivs_credentials(), "us-west-2", "ivs", ivs_time(), &settings).unwrap();
    // sha256 of the body, computed by aws-sigv4.
    assert_eq!(
        request.headers()["x-amz-content-sha256"],
        "890f8b6b7cde996ffc8f2f22a0bac5f4cec4beaba81d245e0fce14bee6b823c7"
    );
    assert!(authorization(&request).contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date,"));
    assert_eq!(verify_ivs(&server_view(&request)), Ok(expected_identity()));

    let mut tampered = server_view(&request);
    *tampered.body_mut() = Bytes::from_static(b"{}");
    assert_eq!(verify_ivs(&tampered), Err(VerifyError::SignatureMismatch));
}

#[test]
fn signing_again_gives_the_same_headers() {
    // A retry re-signs the already signed request: the old Authorization is not signed again.
    let once = signed_ivs_request(&ivs_credentials_with_token());
    let mut twice = once.clone();
    signing::sign(&mut twice, &ivs_credentials_with_token(), "us-west-2", "ivs", ivs_time()).unwrap();
    assert_eq!(header_pairs(&once), header_pairs(&twice));
}

#[test]
fn verify_accepts_what_sign_signed() {
    let request = signed_ivs_request(&ivs_credentials());
    // As a server sees it (bare path, Host header) and as the client holds it (absolute URI).
    assert_eq!(verify_ivs(&server_view(&request)), Ok(expected_identity()));
    assert_eq!(verify_ivs(&request), Ok(expected_identity()));

    // Headers added after signing (by the transport, say) are not signed and do not matter.
    let mut with_extras = server_view(&request);
    with_extras.headers_mut().insert("user-agent", HeaderValue::from_static("aws-client-runtime"));
    with_extras.headers_mut().insert("content-length", HeaderValue::from_static("41"));
    assert_eq!(verify_ivs(&with_extras), Ok(expected_identity()));
}

#[test]
fn verify_accepts_session_token_requests_and_checks_the_token() {
    let lookup_with_token = |key: &str| (key == IVS_KEY).then(ivs_credentials_with_token);
    let request = server_view(&signed_ivs_request(&ivs_credentials_with_token()));
    assert_eq!(signing::verify(&request, lookup_with_token, "ivs"), Ok(expected_identity()));

    // The token is signed: changing it breaks the signature.
    let mut other_token = request.clone();
    other_token.headers_mut().insert("x-amz-security-token", HeaderValue::from_static("other"));
    assert_eq!(signing::verify(&other_token, lookup_with_token, "ivs"), Err(VerifyError::SignatureMismatch));

    // Signed with a token the server's credentials do not have.
    let other_session = |key: &str| {
        (key == IVS_KEY).then(|| Credentials::new(IVS_KEY, IVS_SECRET, Some("another".into()), None, "test"))
    };
    assert_eq!(signing::verify(&request, other_session, "ivs"), Err(VerifyError::InvalidSessionToken));
    assert_eq!(signing::verify(&request, lookup_ivs, "ivs"), Err(VerifyError::InvalidSessionToken));

    // Signed without a token, but the credentials need one.
    let no_token = server_view(&signed_ivs_request(&ivs_credentials()));
    assert_eq!(signing::verify(&no_token, lookup_with_token, "ivs"), Err(VerifyError::InvalidSessionToken));
}

#[test]
fn verify_rejects_tampering() {
    let request = server_view(&signed_ivs_request(&ivs_credentials()));
    let tamper = |change: &dyn Fn(&mut HttpRequest)| {
        let mut tampered = request.clone();
        change(&mut tampered);
        verify_ivs(&tampered)
    };
    let mismatch = Err(VerifyError::SignatureMismatch);

    assert_eq!(tamper(&|r| *r.body_mut() = Bytes::from_static(br#"{"name":"evil","latencyMode":"LOW"}"#)), mismatch);
    assert_eq!(tamper(&|r| *r.body_mut() = Bytes::new()), mismatch);
    assert_eq!(
        tamper(&|r| {
            r.headers_mut().insert("content-type", HeaderValue::from_static("text/plain"));
        }),
        mismatch
    );
    assert_eq!(tamper(&|r| *r.uri_mut() = "/DeleteChannel?dryRun=true".parse().unwrap()), mismatch);
    assert_eq!(tamper(&|r| *r.uri_mut() = "/CreateChannel?dryRun=false".parse().unwrap()), mismatch);
    assert_eq!(tamper(&|r| *r.uri_mut() = "/CreateChannel".parse().unwrap()), mismatch);
    assert_eq!(tamper(&|r| *r.method_mut() = http::Method::PUT), mismatch);
    assert_eq!(
        tamper(&|r| {
            r.headers_mut().insert(HOST, HeaderValue::from_static("ivs.us-east-1.amazonaws.com"));
        }),
        mismatch
    );
    // Another time on the same day: the scope still fits, the signature does not.
    assert_eq!(
        tamper(&|r| {
            r.headers_mut().insert("x-amz-date", HeaderValue::from_static("20231114T221321Z"));
        }),
        mismatch
    );
    // A different signature.
    assert_eq!(
        tamper(&|r| {
            let authz = authorization(r);
            let (head, _) = authz.rsplit_once("Signature=").unwrap();
            let forged = format!("{head}Signature={}", "0".repeat(64));
            r.headers_mut().insert(AUTHORIZATION, HeaderValue::from_str(&forged).unwrap());
        }),
        mismatch
    );
    // Claiming fewer signed headers than were signed.
    assert_eq!(
        tamper(&|r| {
            let authz =
                authorization(r).replace("SignedHeaders=content-type;host;x-amz-date", "SignedHeaders=host;x-amz-date");
            r.headers_mut().insert(AUTHORIZATION, HeaderValue::from_str(&authz).unwrap());
        }),
        mismatch
    );

    // The right key id with the wrong secret.
    let wrong_secret =
        |key: &str| (key == IVS_KEY).then(|| Credentials::new(IVS_KEY, "not-the-secret", None, None, "t"));
    assert_eq!(signing::verify(&request, wrong_secret, "ivs"), mismatch);
}

#[test]
fn verify_reports_what_is_missing_or_unknown() {
    let request = server_view(&signed_ivs_request(&ivs_credentials()));

    let mut anonymous = request.clone();
    anonymous.headers_mut().remove(AUTHORIZATION);
    assert_eq!(verify_ivs(&anonymous), Err(VerifyError::MissingAuthentication));

    assert_eq!(signing::verify(&request, |_| None, "ivs"), Err(VerifyError::UnknownAccessKey));
    let other_key = |key: &str| (key == "AKIDOTHER").then(ivs_credentials);
    assert_eq!(signing::verify(&request, other_key, "ivs"), Err(VerifyError::UnknownAccessKey));

    assert_eq!(signing::verify(&request, lookup_ivs, "s3"), Err(VerifyError::WrongService));

    let mut no_date = request.clone();
    no_date.headers_mut().remove("x-amz-date");
    assert!(matches!(verify_ivs(&no_date), Err(VerifyError::Malformed(_))));

    let mut no_signed_header = request.clone();
    no_signed_header.headers_mut().remove("content-type");
    assert!(matches!(verify_ivs(&no_signed_header), Err(VerifyError::Malformed(why)) if why.contains("content-type")));

    let mut other_day = request.clone();
    other_day.headers_mut().insert("x-amz-date", HeaderValue::from_static("20231115T221320Z"));
    assert!(matches!(verify_ivs(&other_day), Err(VerifyError::Malformed(_))));

    let mut no_host = request.clone();
    no_host.headers_mut().remove(HOST);
    assert!(matches!(verify_ivs(&no_host), Err(VerifyError::Malformed(_))));
}

#[test]
fn verify_rejects_malformed_authorization_headers() {
    let request = server_view(&signed_ivs_request(&ivs_credentials()));
    let good = authorization(&request);
    let signature = good.rsplit_once("Signature=").unwrap().1.to_owned();
    let cases = [
        "Bearer abc".to_owned(),
        "AWS4-HMAC-SHA256".to_owned(),
        "AWS4-HMAC-SHA256Credential=x".to_owned(),
        "AWS4-HMAC-SHA1 Credential=AKIAIOSFODNN7EXAMPLE/20231114/us-west-2/ivs/aws4_request".to_owned(),
        good.replace("/aws4_request", "/aws5_request"),
        good.replace("/20231114/", "/2023111/"),
        good.replace("/us-west-2/ivs/", "/ivs/"),
        good.replace("Credential=", "Credentials="),
        good.replace(", Signature=", ", Signature=x, Signature="),
        good.replace("content-type;host", "host;content-type"),
        good.replace("content-type;host", "Content-Type;host"),
        good.replace("content-type;host;x-amz-date", "content-type;x-amz-date"),
        good.replace("content-type;host;x-amz-date", "content-type;host"),
        good.replace("content-type;host;x-amz-date", "authorization;content-type;host;x-amz-date"),
        good.replace(&signature, &signature.to_uppercase()),
        good.replace(&signature, &signature[..63]),
        good.replace(", SignedHeaders=content-type;host;x-amz-date", ""),
        format!("{good}, Extra=1"),
        String::new(),
    ];
    for authz in cases {
        let mut bad = request.clone();
        bad.headers_mut().insert(AUTHORIZATION, HeaderValue::from_str(&authz).unwrap());
        let result = verify_ivs(&bad);
        assert!(matches!(result, Err(VerifyError::Malformed(_))), "{authz:?} gave {result:?}");
    }

    let mut repeated = request.clone();
    repeated.headers_mut().append(AUTHORIZATION, HeaderValue::from_str(&good).unwrap());
    assert!(matches!(verify_ivs(&repeated), Err(VerifyError::Malformed(_))));

    let mut bad_date = request.clone();
    for date in ["2023-11-14T22:13:20Z", "20231114T221320", "20231314T221320Z", "20231114T251320Z", "x"] {
        bad_date.headers_mut().insert("x-amz-date", HeaderValue::from_static(date));
        assert!(matches!(verify_ivs(&bad_date), Err(VerifyError::Malformed(_))), "{date}");
    }
}

#[test]
fn sign_fails_cleanly_and_leaves_the_request_alone() {
    let credentials = ivs_credentials();
    let check = |mut request: HttpRequest, credentials: &Credentials, region: &str, service: &str, time: SystemTime| {
        let before = header_pairs(&request);
        let error = signing::sign(&mut request, credentials, region, service, time).unwrap_err();
        assert_eq!(before, header_pairs(&request), "request changed despite {error}");
        error
    };

    // No host anywhere: aws-sigv4 would panic; we return an error.
    let path_only = http::Request::builder().uri("/CreateChannel").body(Bytes::new()).unwrap();
    check(path_only, &credentials, "us-west-2", "ivs", ivs_time());
    check(ivs_request(), &credentials, "", "ivs", ivs_time());
    check(ivs_request(), &credentials, "us-west-2/x", "ivs", ivs_time());
    check(ivs_request(), &credentials, "us-west-2", "iv s", ivs_time());
    check(ivs_request(), &credentials, "us-west-2", "ivs", UNIX_EPOCH - Duration::from_secs(1));
    check(ivs_request(), &credentials, "us-west-2", "ivs", UNIX_EPOCH + Duration::from_secs(300_000_000_000));
    check(ivs_request(), &Credentials::new("AKID/1", IVS_SECRET, None, None, "t"), "us-west-2", "ivs", ivs_time());

    let mut non_utf8 = ivs_request();
    non_utf8.headers_mut().insert("x-odd", HeaderValue::from_bytes(b"\xff\xfe").unwrap());
    check(non_utf8, &credentials, "us-west-2", "ivs", ivs_time());

    let bad_token = Credentials::new(IVS_KEY, IVS_SECRET, Some(format!("{IVS_TOKEN}\nInjected: yes")), None, "t");
    let error = check(ivs_request(), &bad_token, "us-west-2", "ivs", ivs_time());
    assert!(!error.to_string().contains(IVS_TOKEN), "{error}");

    let mut request = ivs_request();
    let mut settings = SigningSettings::default();
    settings.signature_location = SignatureLocation::QueryParams;
    assert!(signing::sign_with_settings(&mut request, &credentials, "us-west-2", "ivs", ivs_time(), &settings).is_err());
    assert!(!request.headers().contains_key(AUTHORIZATION));

    // A path-only URI with a Host header is fine (a server re-signing, say).
    let mut with_host = http::Request::builder()
        .uri("/CreateChannel")
        .header(HOST, "ivs.us-west-2.amazonaws.com")
        .body(Bytes::new())
        .unwrap();
    signing::sign(&mut with_host, &credentials, "us-west-2", "ivs", ivs_time()).unwrap();
    assert_eq!(verify_ivs(&with_host), Ok(expected_identity()));
}

#[test]
fn error_texts_never_contain_secrets() {
    let secrets = [IVS_SECRET, IVS_TOKEN, SECRET, STS_TOKEN];
    let mut texts: Vec<String> = Vec::new();

    // Every SigningError kind reachable from outside, with secret-bearing credentials.
    let with_token = ivs_credentials_with_token();
    let bad_token = Credentials::new(IVS_KEY, IVS_SECRET, Some(format!("{IVS_TOKEN}\r\n")), None, "t");
    let path_only = || http::Request::builder().uri("/x").body(Bytes::new()).unwrap();
    let mut non_utf8 = ivs_request();
    non_utf8.headers_mut().insert("x-odd", HeaderValue::from_bytes(b"\xff").unwrap());
    let attempts: Vec<(HttpRequest, &Credentials, &str, &str, SystemTime)> = vec![
        (path_only(), &with_token, "us-west-2", "ivs", ivs_time()),
        (ivs_request(), &with_token, "bad/region", "ivs", ivs_time()),
        (ivs_request(), &with_token, "us-west-2", "", ivs_time()),
        (ivs_request(), &with_token, "us-west-2", "ivs", UNIX_EPOCH - Duration::from_secs(5)),
        (non_utf8, &with_token, "us-west-2", "ivs", ivs_time()),
        (ivs_request(), &bad_token, "us-west-2", "ivs", ivs_time()),
    ];
    for (mut request, credentials, region, service, time) in attempts {
        let error = signing::sign(&mut request, credentials, region, service, time).unwrap_err();
        texts.push(error.to_string());
        texts.push(format!("{error:?}"));
        let mut source = std::error::Error::source(&error);
        while let Some(inner) = source {
            texts.push(inner.to_string());
            source = inner.source();
        }
    }

    // Every VerifyError, from requests that carry a session token.
    let request = server_view(&signed_ivs_request(&with_token));
    let lookup = |key: &str| (key == IVS_KEY).then(ivs_credentials_with_token);
    let mut results = vec![
        signing::verify(&request, |_| None, "ivs"),
        signing::verify(&request, lookup, "other"),
        signing::verify(
            &request,
            |k: &str| (k == IVS_KEY).then(|| Credentials::new(IVS_KEY, "x", None, None, "t")),
            "ivs",
        ),
        signing::verify(&request, lookup_ivs, "ivs"),
    ];
    let mut broken = request.clone();
    broken.headers_mut().remove(AUTHORIZATION);
    results.push(signing::verify(&broken, lookup, "ivs"));
    broken.headers_mut().insert(AUTHORIZATION, HeaderValue::from_static("AWS4-HMAC-SHA256 nonsense"));
    results.push(signing::verify(&broken, lookup, "ivs"));
    let mut tampered_token = request.clone();
    tampered_token.headers_mut().insert("x-amz-security-token", HeaderValue::from_str(SECRET).unwrap());
    results.push(signing::verify(&tampered_token, lookup, "ivs"));
    let errors: Vec<VerifyError> = results.into_iter().map(|r| r.unwrap_err()).collect();
    for variant in [
        VerifyError::MissingAuthentication,
        VerifyError::Malformed(String::new()),
        VerifyError::WrongService,
        VerifyError::UnknownAccessKey,
        VerifyError::SignatureMismatch,
        VerifyError::InvalidSessionToken,
    ] {
        assert!(
            errors.iter().any(|e| std::mem::discriminant(e) == std::mem::discriminant(&variant)),
            "no {variant:?} produced"
        );
    }
    for error in &errors {
        texts.push(error.to_string());
        texts.push(format!("{error:?}"));
    }

    for text in &texts {
        for secret in secrets {
            assert!(!text.contains(secret), "error text leaks a secret: {text}");
        }
    }
    assert!(texts.len() >= 12 + 7 * 2);
}
