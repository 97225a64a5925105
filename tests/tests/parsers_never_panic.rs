//! Whatever the service answers, `send()` returns `Ok` or `Err` and never panics.
//!
//! Arbitrary bytes and arbitrary JSON documents (biased towards the model's member names and
//! enum values) are answered to every operation, as success bodies and as error bodies with
//! and without an error-type header. Beyond not panicking, a success status never yields a
//! service error, an error status never yields `Ok`, and an error-type header always decides
//! the error code.

use ivs_tests::{call_operation, client, success_status, Outcome, Recorder, OPERATIONS};
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::{Map, Value};
use std::sync::OnceLock;

/// The member names of the model's outputs and errors, so that generated objects reach the
/// parsers' interesting paths.
const MEMBER_NAMES: &[&str] = &[
    "channel",
    "channels",
    "streamKey",
    "streamKeys",
    "stream",
    "streams",
    "errors",
    "tags",
    "nextToken",
    "arn",
    "name",
    "latencyMode",
    "type",
    "ingestEndpoint",
    "playbackUrl",
    "value",
    "channelArn",
    "startTime",
    "state",
    "health",
    "viewerCount",
    "code",
    "message",
    "exceptionMessage",
    "__type",
];

/// Strings the parsers give meaning to, and near misses.
const STRINGS: &[&str] = &[
    "LOW",
    "NORMAL",
    "BASIC",
    "STANDARD",
    "LIVE",
    "OFFLINE",
    "HEALTHY",
    "STARVING",
    "UNKNOWN",
    "low",
    "",
    "2020-07-15T17:42:31Z",
    "2020-07-15T17:42:31.123456789Z",
    "2020-07-15T17:42:31+02:00",
    "9999-12-31T23:59:59Z",
    "0000-00-00T00:00:00Z",
    "2020-13-45T25:61:61Z",
    "Wed, 15 Jul 2020 17:42:31 GMT",
    "1594834951",
    "NaN",
    "-Infinity",
    "arn:aws:ivs:us-west-2:123456789012:channel/abcdABCDefgh",
    "ValidationException",
    "com.amazonaws.ivs#ResourceNotFoundException:http://internal.amazon.com/",
    "#",
    ":",
    "\u{0}\u{ffff}ü",
];

/// Every error code the model knows, plus some it does not.
const ERROR_CODES: &[&str] = &[
    "AccessDeniedException",
    "ChannelNotBroadcasting",
    "ConflictException",
    "InternalServerException",
    "PendingVerification",
    "ResourceNotFoundException",
    "ServiceQuotaExceededException",
    "StreamUnavailable",
    "ThrottlingException",
    "ValidationException",
    "UnknownOperationException",
    "SomethingElse",
];

const ERROR_STATUSES: &[u16] = &[400, 402, 403, 404, 409, 429, 500, 502, 503];

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| tokio::runtime::Builder::new_current_thread().build().expect("a tokio runtime"))
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(MEMBER_NAMES).prop_map(str::to_owned),
        1 => "[a-zA-Z_]{0,8}",
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<u64>().prop_map(Value::from),
        1 => any::<f64>().prop_map(Value::from),
        1 => (-5i64..5).prop_map(Value::from),
        3 => prop::sample::select(STRINGS).prop_map(Value::from),
        1 => ".{0,16}".prop_map(Value::String),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A body document: mostly an object keyed by the model's member names.
fn json_body() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => prop::collection::vec((key(), json_value()), 0..6)
            .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        1 => json_value(),
    ]
}

/// Bytes: random, or a JSON document cut short, or one with a byte flipped.
fn body_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..128),
        json_body()
            .prop_flat_map(|v| {
                let text = v.to_string().into_bytes();
                let len = text.len();
                (Just(text), 0..=len)
            })
            .prop_map(|(text, cut)| text[..cut].to_vec()),
        (json_body(), any::<prop::sample::Index>(), any::<u8>()).prop_map(|(v, at, byte)| {
            let mut text = v.to_string().into_bytes();
            let i = at.index(text.len());
            text[i] = byte;
            text
        }),
    ]
}

/// Answers every operation with `status`, `header` (as `x-amzn-ErrorType`) and `body`.
fn run_all(status: Option<u16>, header: Option<&str>, body: &[u8]) -> Vec<(&'static str, Outcome)> {
    runtime().block_on(async {
        let mut outcomes = Vec::new();
        for operation in OPERATIONS {
            let status = status.unwrap_or_else(|| success_status(operation));
            let mut headers = vec![("x-amzn-RequestId", "fuzz")];
            if let Some(code) = header {
                headers.push(("x-amzn-ErrorType", code));
            }
            let recorder = Recorder::always(status, &headers, body.to_vec());
            let outcome = call_operation(&client(recorder), operation).await;
            outcomes.push((operation, outcome));
        }
        outcomes
    })
}

fn check_success(outcomes: &[(&str, Outcome)]) -> Result<(), TestCaseError> {
    for (operation, outcome) in outcomes {
        prop_assert!(
            matches!(outcome, Outcome::Ok { .. } | Outcome::Response { .. }),
            "{operation}: a success status gave {outcome:?}"
        );
    }
    Ok(())
}

fn check_error(outcomes: &[(&str, Outcome)], header: Option<&str>) -> Result<(), TestCaseError> {
    for (operation, outcome) in outcomes {
        prop_assert!(matches!(outcome, Outcome::Service { .. }), "{operation}: an error status gave {outcome:?}");
        if let Some(code) = header {
            prop_assert_eq!(outcome.code(), Some(code), "{}: {:?}", operation, outcome);
        }
    }
    Ok(())
}

fn config() -> Config {
    Config { cases: 64, failure_persistence: None, ..Config::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn success_bodies_of_arbitrary_bytes(body in body_bytes()) {
        check_success(&run_all(None, None, &body))?;
    }

    #[test]
    fn success_bodies_of_arbitrary_json(body in json_body()) {
        check_success(&run_all(None, None, body.to_string().as_bytes()))?;
    }

    #[test]
    fn error_bodies_with_an_error_type_header(
        body in prop_oneof![json_body().prop_map(|v| v.to_string().into_bytes()), body_bytes()],
        status in prop::sample::select(ERROR_STATUSES),
        code in prop::sample::select(ERROR_CODES),
    ) {
        check_error(&run_all(Some(status), Some(code), &body), Some(code))?;
    }

    #[test]
    fn error_bodies_without_a_header(
        body in prop_oneof![json_body().prop_map(|v| v.to_string().into_bytes()), body_bytes()],
        status in prop::sample::select(ERROR_STATUSES),
    ) {
        check_error(&run_all(Some(status), None, &body), None)?;
    }

    #[test]
    fn error_bodies_naming_a_modeled_error(
        code in prop::sample::select(ERROR_CODES),
        message in json_value(),
        extra in json_body(),
        status in prop::sample::select(ERROR_STATUSES),
    ) {
        let mut body = match extra {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        body.insert("__type".into(), Value::from(format!("com.amazonaws.ivs#{code}")));
        body.insert("exceptionMessage".into(), message);
        let outcomes = run_all(Some(status), None, Value::Object(body).to_string().as_bytes());
        check_error(&outcomes, Some(code))?;
    }
}
