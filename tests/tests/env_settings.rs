//! The environment settings `Config::from_vars` (and so `Config::from_env`) reads, asserted by
//! value, and what each does to the requests the `ivs` client sends: `AWS_USE_FIPS_ENDPOINT`
//! and `AWS_USE_DUALSTACK_ENDPOINT` choose the host, `AWS_MAX_ATTEMPTS` the number of attempts,
//! `AWS_SESSION_TOKEN` the `x-amz-security-token` header.

use aws_client_runtime::config::ProvideCredentials;
use ivs::error::SdkError;
use ivs_tests::Recorder;
use std::time::Duration;

fn from_vars(pairs: &[(&str, &str)]) -> ivs::Config {
    ivs::Config::from_vars(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
}

const BASE: [(&str, &str); 3] =
    [("AWS_REGION", "us-west-2"), ("AWS_ACCESS_KEY_ID", "AKIDENV"), ("AWS_SECRET_ACCESS_KEY", "secret-from-env")];

/// `config` with `recorder` as its transport, keeping everything else, and backoffs of a
/// millisecond so that retries are quick (the attempt count stays the environment's).
fn client(config: &ivs::Config, recorder: &Recorder) -> ivs::Client {
    let retry = config
        .retry_config()
        .clone()
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(1));
    ivs::Client::from_conf(config.to_builder().http_client(recorder.clone()).retry_config(retry).build())
}

#[tokio::test]
async fn fips_and_dual_stack_are_read_by_value_and_choose_the_host() {
    let cases = [
        (None, None, false, false, "ivs.us-west-2.amazonaws.com"),
        (Some("true"), None, true, false, "ivs-fips.us-west-2.amazonaws.com"),
        (None, Some("true"), false, true, "ivs.us-west-2.api.aws"),
        (Some("TRUE"), Some("True"), true, true, "ivs-fips.us-west-2.api.aws"),
        (Some("false"), Some("false"), false, false, "ivs.us-west-2.amazonaws.com"),
        // Only `true` (in any case) turns a flag on.
        (Some("1"), Some("yes"), false, false, "ivs.us-west-2.amazonaws.com"),
    ];
    for (fips, dual_stack, want_fips, want_dual_stack, host) in cases {
        let mut vars = BASE.to_vec();
        vars.extend(fips.map(|v| ("AWS_USE_FIPS_ENDPOINT", v)));
        vars.extend(dual_stack.map(|v| ("AWS_USE_DUALSTACK_ENDPOINT", v)));
        let config = from_vars(&vars);
        assert_eq!((config.use_fips(), config.use_dual_stack()), (want_fips, want_dual_stack), "{vars:?}");
        let recorder = Recorder::always(200, &[], "{}");
        client(&config, &recorder).get_channel().arn(ivs_tests::CHANNEL_ARN).send().await.expect("GetChannel");
        let request = recorder.last().expect("a request");
        assert_eq!(request.uri.scheme_str(), Some("https"));
        assert_eq!(request.uri.host(), Some(host), "{vars:?}");
    }
}

#[tokio::test]
async fn max_attempts_is_read_by_value_and_bounds_the_attempts() {
    for (value, attempts) in [("5", 5), ("1", 1), ("2", 2)] {
        let mut vars = BASE.to_vec();
        vars.push(("AWS_MAX_ATTEMPTS", value));
        let config = from_vars(&vars);
        assert_eq!(config.retry_config().max_attempts(), attempts);
        let recorder = Recorder::always(500, &[("x-amzn-ErrorType", "InternalServerException")], "{}");
        let err = client(&config, &recorder).get_channel().arn(ivs_tests::CHANNEL_ARN).send().await.unwrap_err();
        assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
        assert_eq!(err.attempts(), attempts);
        assert_eq!(recorder.count(), attempts as usize, "AWS_MAX_ATTEMPTS={value}");
        let numbered: Vec<String> =
            recorder.requests().iter().map(|r| r.header("amz-sdk-request").unwrap_or("").to_owned()).collect();
        let expected: Vec<String> = (1..=attempts).map(|n| format!("attempt={n}; max={attempts}")).collect();
        assert_eq!(numbered, expected);
    }
    // Not a positive number: the default (3) stays.
    for value in ["0", "-1", "three"] {
        let mut vars = BASE.to_vec();
        vars.push(("AWS_MAX_ATTEMPTS", value));
        assert_eq!(from_vars(&vars).retry_config().max_attempts(), 3, "AWS_MAX_ATTEMPTS={value}");
    }
}

#[tokio::test]
async fn the_session_token_is_read_by_value_and_sent_as_x_amz_security_token() {
    let mut vars = BASE.to_vec();
    vars.push(("AWS_SESSION_TOKEN", "token-from-env"));
    let config = from_vars(&vars);
    let credentials =
        config.credentials_provider().expect("credentials").provide_credentials().await.expect("credentials");
    assert_eq!(credentials.access_key_id(), "AKIDENV");
    assert_eq!(credentials.secret_access_key(), "secret-from-env");
    assert_eq!(credentials.session_token(), Some("token-from-env"));
    let recorder = Recorder::always(200, &[], "{}");
    client(&config, &recorder).get_channel().arn(ivs_tests::CHANNEL_ARN).send().await.expect("GetChannel");
    let request = recorder.last().expect("a request");
    assert_eq!(request.header("x-amz-security-token"), Some("token-from-env"));
    let signed = request.header("authorization").unwrap_or_default();
    assert!(signed.contains("Credential=AKIDENV/") && signed.contains("x-amz-security-token"), "{signed}");

    // Without the variable, no token and no header.
    let config = from_vars(&BASE);
    let credentials =
        config.credentials_provider().expect("credentials").provide_credentials().await.expect("credentials");
    assert_eq!(credentials.session_token(), None);
    let recorder = Recorder::always(200, &[], "{}");
    client(&config, &recorder).get_channel().arn(ivs_tests::CHANNEL_ARN).send().await.expect("GetChannel");
    assert_eq!(recorder.last().expect("a request").header("x-amz-security-token"), None);
}
