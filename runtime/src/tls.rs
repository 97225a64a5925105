//! Which servers the built-in HTTPS client trusts, and what an untrusted one gives.
//!
//! Trust comes from two places, and nothing else:
//!
//! - **The platform's trust store** ([`platform_roots`]), as the official AWS SDK for Rust
//!   loads it (`aws-smithy-http-client` uses `rustls-native-certs` too): on Linux the CA file
//!   and directory OpenSSL uses (`/etc/ssl/certs/ca-certificates.crt` on Debian, found by
//!   `openssl-probe`), on macOS the keychain's trust settings, on Windows the system store.
//!   `SSL_CERT_FILE` and `SSL_CERT_DIR` point it elsewhere, as they do for OpenSSL. A corporate
//!   CA installed on the machine is trusted without any configuration. It is read once per
//!   process.
//! - **A CA bundle**: a PEM file of CA certificates named by the `AWS_CA_BUNDLE` environment
//!   variable (read by `Config::from_env`) or by `Config::builder().ca_bundle(path)` (the AWS
//!   SDKs' `ca_bundle` setting). Its certificates are trusted in addition to the platform's,
//!   as the AWS SDK for Go v2 and the Rust SDK's `TrustStore::with_pem_certificate` do.
//!
//! No root certificates are compiled in, and no certificate is ever accepted without
//! verification. A certificate the client does not accept fails the request at once, never
//! retried, with an [`InvalidCertificate`] error that names the problem (`UnknownIssuer`,
//! `NotValidForName`, `Expired`, ...).

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The environment variable that names a CA bundle, as for the AWS CLI and SDKs.
pub const CA_BUNDLE_ENV: &str = "AWS_CA_BUNDLE";

/// The platform's trust store, as loaded once per process.
#[derive(Debug)]
pub struct PlatformRoots {
    /// The certificates found.
    pub certificates: Vec<CertificateDer<'static>>,
    /// What could not be read (a file or store that failed), as text.
    pub errors: Vec<String>,
}

/// The platform's trust store (see the module documentation), loaded on first use.
pub fn platform_roots() -> &'static PlatformRoots {
    static ROOTS: OnceLock<PlatformRoots> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let found = rustls_native_certs::load_native_certs();
        let errors: Vec<String> = found.errors.iter().map(ToString::to_string).collect();
        if !errors.is_empty() {
            tracing::warn!(?errors, "parts of the platform's trust store could not be read");
        }
        if found.certs.is_empty() {
            tracing::warn!("the platform's trust store has no certificates: only a CA bundle can be trusted");
        }
        PlatformRoots { certificates: found.certs, errors }
    })
}

/// The CA certificates of the PEM file at `path`; the error names the file and the problem.
pub fn read_ca_bundle(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let name = path.display();
    let pem = std::fs::read(path).map_err(|e| format!("the CA bundle {name} cannot be read: {e}"))?;
    let certificates = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("the CA bundle {name} is not a PEM file of certificates: {e}"))?;
    if certificates.is_empty() {
        return Err(format!("the CA bundle {name} holds no certificate (no -----BEGIN CERTIFICATE----- block)"));
    }
    Ok(certificates)
}

/// The roots the client trusts: the platform's, and those of the CA bundle at `ca_bundle`.
pub fn root_store(ca_bundle: Option<&Path>) -> Result<rustls::RootCertStore, String> {
    let mut roots = rustls::RootCertStore::empty();
    // A platform certificate that rustls cannot use as a trust anchor is left out, as the
    // official SDK does; the others still count.
    roots.add_parsable_certificates(platform_roots().certificates.iter().cloned());
    if let Some(path) = ca_bundle {
        for certificate in read_ca_bundle(path)? {
            roots.add(certificate).map_err(|e| {
                format!("the CA bundle {} has a certificate that cannot be a trust anchor: {e}", path.display())
            })?;
        }
    }
    Ok(roots)
}

/// The rustls configuration of the built-in client: ring, TLS 1.2 and 1.3, the [`root_store`]
/// of `ca_bundle`. When the CA bundle cannot be used, the configuration trusts the platform's
/// store alone and the problem comes back beside it, for HTTPS requests to fail with.
pub(crate) fn client_config(ca_bundle: Option<&Path>) -> (rustls::ClientConfig, Option<String>) {
    let (roots, problem) = match root_store(ca_bundle) {
        Ok(roots) => (roots, None),
        Err(problem) => (root_store(None).unwrap_or_else(|_| rustls::RootCertStore::empty()), Some(problem)),
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        // ring's provider supports the safe defaults, so this cannot fail; fall back to TLS 1.2
        // defaults rather than panic if it ever did.
        .unwrap_or_else(|_| rustls::ClientConfig::builder_with_protocol_versions(&[&rustls::version::TLS12]))
        .with_root_certificates(roots)
        .with_no_client_auth();
    (config, problem)
}

/// The server's certificate was not accepted: the error of such a request's
/// [`ConnectorError`](crate::transport::ConnectorError) (kind `Tls`, never retried).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidCertificate {
    problem: String,
    message: String,
}

impl InvalidCertificate {
    /// The problem, as rustls names it without its details: `UnknownIssuer`,
    /// `NotValidForName`, `Expired`, `NotValidYet`, `Revoked`, `BadSignature`, ...
    pub fn problem(&self) -> &str {
        &self.problem
    }

    /// The certificate problem in `error` or anything it wraps, if there is one.
    pub fn find(error: &(dyn std::error::Error + 'static)) -> Option<Self> {
        let mut next = Some(error);
        // Error chains are short; the bound only guards against a cycle.
        for _ in 0..32 {
            let error = next?;
            if let Some(rustls::Error::InvalidCertificate(certificate)) = error.downcast_ref::<rustls::Error>() {
                return Some(Self::new(certificate));
            }
            // `io::Error::source` skips the error it wraps, which is where rustls puts its own.
            next = match error.downcast_ref::<std::io::Error>().and_then(|e| e.get_ref()) {
                Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
                None => error.source(),
            };
        }
        None
    }

    fn new(certificate: &rustls::CertificateError) -> Self {
        // `ExpiredContext { .. }` is `Expired` with details: the name is the variant's, less
        // `Context`, so that it reads the same whichever variant rustls picked.
        let debug = format!("{certificate:?}");
        let variant = debug.split([' ', '{', '(']).next().unwrap_or_default();
        let problem = variant.strip_suffix("Context").unwrap_or(variant).to_owned();
        let hint = match problem.as_str() {
            "UnknownIssuer" => Some(
                "it was not issued by a CA this client trusts (the platform's trust store, and the CA bundle \
                 of AWS_CA_BUNDLE or Config::builder().ca_bundle(..))",
            ),
            "NotValidForName" => Some("it is not valid for the host the request was sent to"),
            "Expired" => Some("it has expired"),
            "NotValidYet" => Some("it is not valid yet (or this machine's clock is wrong)"),
            "Revoked" => Some("it has been revoked"),
            "BadSignature" => Some("it is not correctly signed by its issuer"),
            _ => None,
        };
        let detail = rustls::Error::InvalidCertificate(certificate.clone()).to_string();
        let message = match hint {
            Some(hint) => format!("the server's certificate was rejected ({problem}): {hint}: {detail}"),
            None => format!("the server's certificate was rejected ({problem}): {detail}"),
        };
        Self { problem, message }
    }
}

impl fmt::Display for InvalidCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for InvalidCertificate {}

#[cfg(test)]
mod tests {
    use super::*;
    use rustls::CertificateError;

    #[test]
    fn the_platform_trust_store_loads() {
        let roots = platform_roots();
        assert!(
            !roots.certificates.is_empty(),
            "the platform's trust store has no certificates (errors: {:?}); on Debian: apt-get install ca-certificates",
            roots.errors
        );
        let store = root_store(None).expect("no CA bundle, no problem");
        assert!(
            !store.is_empty() && store.len() <= roots.certificates.len(),
            "{} of {}",
            store.len(),
            roots.certificates.len()
        );
    }

    #[test]
    fn a_ca_bundle_that_cannot_be_used_is_named_with_its_problem() {
        let dir = std::env::temp_dir().join(format!("runtime-ca-bundle-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let missing = dir.join("missing.pem");
        let err = root_store(Some(&missing)).unwrap_err();
        assert!(err.starts_with(&format!("the CA bundle {} cannot be read", missing.display())), "{err}");
        let empty = dir.join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        let err = root_store(Some(&empty)).unwrap_err();
        assert!(err.contains("holds no certificate"), "{err}");
        let (config, problem) = client_config(Some(&empty));
        assert_eq!(problem.as_deref(), Some(err.as_str()));
        assert!(config.alpn_protocols.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn certificate_problems_are_found_through_io_errors_and_named() {
        let wrap = |e: CertificateError| {
            let io = std::io::Error::new(std::io::ErrorKind::InvalidData, rustls::Error::InvalidCertificate(e));
            std::io::Error::other(io)
        };
        let found = InvalidCertificate::find(&wrap(CertificateError::UnknownIssuer)).expect("found");
        assert_eq!(found.problem(), "UnknownIssuer");
        assert!(found.to_string().contains("AWS_CA_BUNDLE"), "{found}");
        let expired = CertificateError::ExpiredContext {
            time: rustls::pki_types::UnixTime::since_unix_epoch(std::time::Duration::from_secs(200)),
            not_after: rustls::pki_types::UnixTime::since_unix_epoch(std::time::Duration::from_secs(100)),
        };
        let found = InvalidCertificate::find(&wrap(expired)).expect("found");
        assert_eq!(found.problem(), "Expired");
        assert!(found.to_string().starts_with("the server's certificate was rejected (Expired): it has expired"));
        let name = CertificateError::NotValidForNameContext {
            expected: rustls::pki_types::ServerName::try_from("127.0.0.1").unwrap(),
            presented: vec!["DnsName(\"wrong.example\")".into()],
        };
        assert_eq!(InvalidCertificate::find(&wrap(name)).expect("found").problem(), "NotValidForName");
        assert_eq!(InvalidCertificate::find(&wrap(CertificateError::Revoked)).expect("found").problem(), "Revoked");
        // A handshake failure that is not about the certificate is no certificate problem.
        let handshake = rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType);
        assert_eq!(InvalidCertificate::find(&std::io::Error::other(handshake)), None);
    }
}
