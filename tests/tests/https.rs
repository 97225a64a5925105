//! The client over real HTTPS: `fake-ivs` in its TLS mode on loopback, with a test CA and
//! server certificates made here with `rcgen` (nothing is read from or written to the machine's
//! trust store). The client trusts the server only through the ways a user has: the platform's
//! trust store (which does not know the test CA) and a CA bundle, from `AWS_CA_BUNDLE` or
//! `Config::builder().ca_bundle(..)`.
//!
//! - Every IVS operation succeeds over HTTPS with the test CA in a CA bundle.
//! - A certificate the client does not accept (its issuer unknown, another name, expired) fails
//!   the call at once: one attempt of the three allowed, one TLS handshake, the server never
//!   sees a request, and the error names the problem (`UnknownIssuer`, `NotValidForName`,
//!   `Expired`).
//!
//! Every test body runs inside a 30 s timeout, which only proves that nothing hangs.

use aws_client_runtime::tls::InvalidCertificate;
use aws_client_runtime::transport::ConnectorErrorKind;
use fake_ivs::{FakeIvs, RunningServer};
use ivs::config::{Credentials, Region, RetryConfig};
use ivs::error::SdkError;
use ivs::types::{ChannelLatencyMode, ChannelType};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose, SanType};
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::time::Duration;

const ACCESS_KEY: &str = fake_ivs::DEFAULT_ACCESS_KEY;
const SECRET_KEY: &str = fake_ivs::DEFAULT_SECRET_KEY;

async fn within<F: Future>(body: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(30), body).await.expect("the test did not finish within 30 s: it hangs")
}

/// A test certificate authority: its certificate (PEM) and what signs with it.
struct TestCa {
    pem: String,
    issuer: Issuer<'static, KeyPair>,
}

impl TestCa {
    fn new(name: &str) -> Self {
        let key = KeyPair::generate().expect("CA key");
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let certificate = params.self_signed(&key).expect("CA certificate");
        Self { pem: certificate.pem(), issuer: Issuer::new(params, key) }
    }

    /// A server certificate and its key (PEM), for `dns_names` and `ips`, valid until
    /// `not_after`.
    fn server_certificate(
        &self,
        dns_names: &[&str],
        ips: &[IpAddr],
        not_after: time::OffsetDateTime,
    ) -> (String, String) {
        let key = KeyPair::generate().expect("server key");
        let names: Vec<String> = dns_names.iter().map(|n| n.to_string()).collect();
        let mut params = CertificateParams::new(names).expect("server params");
        params.subject_alt_names.extend(ips.iter().map(|ip| SanType::IpAddress(*ip)));
        params.distinguished_name.push(DnType::CommonName, dns_names.first().copied().unwrap_or("127.0.0.1"));
        params.not_before = rcgen::date_time_ymd(2000, 1, 1);
        params.not_after = not_after;
        let certificate = params.signed_by(&key, &self.issuer).expect("server certificate");
        (certificate.pem(), key.serialize_pem())
    }

    /// A server certificate for `127.0.0.1` (and `localhost`), valid for years.
    fn good_certificate(&self) -> (String, String) {
        self.server_certificate(&["localhost"], &[IpAddr::V4(Ipv4Addr::LOCALHOST)], in_years(5))
    }

    /// This CA's certificate in a PEM file of its own: a CA bundle.
    fn bundle(&self, name: &str) -> TempFile {
        TempFile::new(name, &self.pem)
    }
}

fn in_years(years: i64) -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc() + time::Duration::days(365 * years)
}

/// A file removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, contents: &str) -> Self {
        let path = std::env::temp_dir().join(format!("ivs-https-{}-{name}", std::process::id()));
        std::fs::write(&path, contents).expect("write the temporary file");
        Self(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

async fn start_https((chain, key): (String, String)) -> RunningServer {
    let server = FakeIvs::builder().tls(chain, key).start().await.expect("start fake-ivs over TLS");
    assert!(server.endpoint().starts_with("https://127.0.0.1:"), "{}", server.endpoint());
    server
}

/// Three attempts allowed, with tiny backoffs: a failure after one shows it was not retried.
fn retries() -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
}

/// A configuration for `server` that trusts the CA bundle at `bundle` (or only the platform's
/// trust store).
fn config(server: &RunningServer, bundle: Option<&TempFile>) -> ivs::Config {
    let mut builder = ivs::Config::builder()
        .region(Region::new("us-west-2"))
        .endpoint_url(server.endpoint())
        .credentials_provider(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "test"))
        .retry_config(retries());
    if let Some(bundle) = bundle {
        builder = builder.ca_bundle(&bundle.0);
    }
    builder.build()
}

/// A configuration read from the environment, as `Config::from_env` reads it.
fn config_from_env(server: &RunningServer, bundle: &TempFile) -> ivs::Config {
    let bundle = bundle.0.display().to_string();
    let endpoint = server.endpoint();
    let vars = [
        ("AWS_REGION", "us-west-2"),
        ("AWS_ENDPOINT_URL", endpoint.as_str()),
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
        ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
        ("AWS_CA_BUNDLE", bundle.as_str()),
    ];
    let config = ivs::Config::from_vars(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    assert_eq!(config.ca_bundle().map(|p| p.display().to_string()), Some(bundle));
    config.to_builder().retry_config(retries()).build()
}

#[tokio::test]
async fn every_ivs_operation_succeeds_over_https_trusting_the_ca_bundle_of_aws_ca_bundle() {
    within(async {
        let ca = TestCa::new("ivs-tests CA");
        let bundle = ca.bundle("ca.pem");
        let server = start_https(ca.good_certificate()).await;
        let client = ivs::Client::from_conf(config_from_env(&server, &bundle));
        let mut called = Vec::new();

        let created = client
            .create_channel()
            .name("tls")
            .latency_mode(ChannelLatencyMode::LowLatency)
            .r#type(ChannelType::BasicChannelType)
            .tags("team", "video")
            .send()
            .await
            .expect("CreateChannel");
        called.push("CreateChannel");
        let arn = created.channel().and_then(|c| c.arn()).expect("channel ARN").to_owned();
        let key_arn = created.stream_key().and_then(|k| k.arn()).expect("key ARN").to_owned();
        let missing = "arn:aws:ivs:us-west-2:123456789012:channel/doesNotExist1";

        client.get_channel().arn(&arn).send().await.expect("GetChannel");
        called.push("GetChannel");
        client.update_channel().arn(&arn).name("tls-renamed").send().await.expect("UpdateChannel");
        called.push("UpdateChannel");
        let batch = client.batch_get_channel().arns(&arn).arns(missing).send().await.expect("BatchGetChannel");
        called.push("BatchGetChannel");
        assert_eq!((batch.channels().len(), batch.errors().len()), (1, 1));
        assert_eq!(client.list_channels().send().await.expect("ListChannels").channels().len(), 1);
        called.push("ListChannels");
        client.get_stream_key().arn(&key_arn).send().await.expect("GetStreamKey");
        called.push("GetStreamKey");
        client.batch_get_stream_key().arns(&key_arn).send().await.expect("BatchGetStreamKey");
        called.push("BatchGetStreamKey");
        client.list_stream_keys().channel_arn(&arn).send().await.expect("ListStreamKeys");
        called.push("ListStreamKeys");
        client.delete_stream_key().arn(&key_arn).send().await.expect("DeleteStreamKey");
        called.push("DeleteStreamKey");
        client.create_stream_key().channel_arn(&arn).send().await.expect("CreateStreamKey");
        called.push("CreateStreamKey");
        client.tag_resource().resource_arn(&arn).tags("env", "prod").send().await.expect("TagResource");
        called.push("TagResource");
        let tags = client.list_tags_for_resource().resource_arn(&arn).send().await.expect("ListTagsForResource");
        called.push("ListTagsForResource");
        assert_eq!(tags.tags().get("env").map(String::as_str), Some("prod"));
        client.untag_resource().resource_arn(&arn).tag_keys("env").send().await.expect("UntagResource");
        called.push("UntagResource");
        assert!(server.service().set_live(&arn));
        client.get_stream().channel_arn(&arn).send().await.expect("GetStream");
        called.push("GetStream");
        assert_eq!(client.list_streams().send().await.expect("ListStreams").streams().len(), 1);
        called.push("ListStreams");
        client.put_metadata().channel_arn(&arn).metadata("{\"cue\": 1}").send().await.expect("PutMetadata");
        called.push("PutMetadata");
        client.stop_stream().channel_arn(&arn).send().await.expect("StopStream");
        called.push("StopStream");
        client.delete_channel().arn(&arn).send().await.expect("DeleteChannel");
        called.push("DeleteChannel");

        called.sort_unstable();
        let mut all = ivs_tests::OPERATIONS.to_vec();
        all.sort_unstable();
        assert_eq!(called, all, "every one of the 18 operations, once each");
        let log = server.request_log();
        assert_eq!(log.len(), 18, "one request each, none retried: {log:?}");
        assert!(log.iter().all(|r| (200..300).contains(&r.status)), "{log:?}");
        assert_eq!(server.tls_handshake_failures(), 0);
    })
    .await
}

#[tokio::test]
async fn the_ca_bundle_setting_trusts_the_server_too() {
    within(async {
        let ca = TestCa::new("ivs-tests CA");
        let bundle = ca.bundle("setting.pem");
        let server = start_https(ca.good_certificate()).await;
        let client = ivs::Client::from_conf(config(&server, Some(&bundle)));
        let listed = client.list_channels().send().await.expect("ListChannels over HTTPS");
        assert!(listed.channels().is_empty());
        assert_eq!(server.requests_seen(), 1);
    })
    .await
}

/// Sends a call that must fail on the certificate; checks that it failed after one attempt,
/// before any request reached the server, with an error that names `problem`.
async fn assert_rejected(server: &RunningServer, client: &ivs::Client, problem: &str) {
    let err = client.list_channels().send().await.expect_err("the certificate must be rejected");
    let shown = err.to_string();
    let SdkError::DispatchFailure(failure) = &err else { panic!("expected a dispatch failure, got {err:?}") };
    let connector = failure.as_connector_error();
    assert_eq!(connector.kind(), ConnectorErrorKind::Tls, "{shown}");
    let certificate = std::error::Error::source(connector)
        .and_then(|e| e.downcast_ref::<InvalidCertificate>())
        .unwrap_or_else(|| panic!("no InvalidCertificate in {shown}"));
    assert_eq!(certificate.problem(), problem, "{shown}");
    assert!(shown.contains(&format!("certificate was rejected ({problem})")), "{shown}");
    assert!(shown.contains("not retried"), "{shown}");
    assert_eq!(err.attempts(), 1, "a certificate problem is never retried: {shown}");
    assert_eq!(server.requests_seen(), 0, "no request may reach a server whose certificate was rejected");
    // The server saw one handshake, which the client broke off.
    for _ in 0..100 {
        if server.tls_handshake_failures() > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(server.tls_handshake_failures(), 1, "one attempt, one handshake");
}

#[tokio::test]
async fn a_certificate_from_an_unknown_issuer_fails_at_once_naming_unknown_issuer() {
    within(async {
        let trusted = TestCa::new("ivs-tests CA");
        let bundle = trusted.bundle("trusted.pem");
        let stranger = TestCa::new("someone else's CA");
        let server = start_https(stranger.good_certificate()).await;
        let client = ivs::Client::from_conf(config(&server, Some(&bundle)));
        assert_rejected(&server, &client, "UnknownIssuer").await;
    })
    .await
}

#[tokio::test]
async fn without_a_ca_bundle_only_the_platform_store_is_trusted_and_the_test_ca_is_unknown() {
    within(async {
        let ca = TestCa::new("ivs-tests CA");
        let server = start_https(ca.good_certificate()).await;
        let client = ivs::Client::from_conf(config(&server, None));
        assert_rejected(&server, &client, "UnknownIssuer").await;
    })
    .await
}

#[tokio::test]
async fn a_certificate_for_another_name_fails_at_once_naming_not_valid_for_name() {
    within(async {
        let ca = TestCa::new("ivs-tests CA");
        let bundle = ca.bundle("name.pem");
        let server = start_https(ca.server_certificate(&["wrong.example"], &[], in_years(5))).await;
        let client = ivs::Client::from_conf(config(&server, Some(&bundle)));
        assert_rejected(&server, &client, "NotValidForName").await;
    })
    .await
}

#[tokio::test]
async fn an_expired_certificate_fails_at_once_naming_expired() {
    within(async {
        let ca = TestCa::new("ivs-tests CA");
        let bundle = ca.bundle("expired.pem");
        let expired = rcgen::date_time_ymd(2020, 1, 1);
        let server =
            start_https(ca.server_certificate(&["localhost"], &[IpAddr::V4(Ipv4Addr::LOCALHOST)], expired)).await;
        let client = ivs::Client::from_conf(config(&server, Some(&bundle)));
        assert_rejected(&server, &client, "Expired").await;
    })
    .await
}

#[tokio::test]
async fn a_ca_bundle_that_cannot_be_read_fails_https_requests_at_once_naming_it() {
    within(async {
        let ca = TestCa::new("ivs-tests CA");
        let server = start_https(ca.good_certificate()).await;
        let missing = TempFile(std::env::temp_dir().join(format!("ivs-https-{}-missing.pem", std::process::id())));
        let client = ivs::Client::from_conf(config(&server, Some(&missing)));
        let err = client.list_channels().send().await.expect_err("the CA bundle is missing");
        let shown = err.to_string();
        assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
        assert!(shown.contains(&format!("the CA bundle {} cannot be read", missing.0.display())), "{shown}");
        assert_eq!(err.attempts(), 1, "{shown}");
        assert_eq!(server.requests_seen(), 0);
    })
    .await
}
