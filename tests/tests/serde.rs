//! The `serde` feature: `Serialize` and `Deserialize` of every generated type, with the
//! service's JSON keys and wire formats.
//!
//! - Every structure, enum, input, output and error of `ivs` round-trips arbitrary JSON that
//!   the Smithy model (`model/ivs.json`) allows: the JSON comes back as it went in (so keys and
//!   value formats are the model's), and reading it again gives an equal value. A test checks
//!   that the list of types covers every type the crate declares.
//! - Each of the 18 operations' output reads the exact body fake-ivs answers with, and writes
//!   it back.
//! - The fixture crate `advanced`: documents, unions (recursive, unit and unknown members),
//!   timestamps in each format, blobs, big numbers, floats that JSON has no number for,
//!   `@jsonName` and sparse collections, against JSON written by hand from Smithy's rules.

use aws_client_runtime::serde_support::serde::{de::DeserializeOwned, Serialize};
use fake_ivs::service::format_timestamp;
use ivs_tests::{in_memory_client, InMemoryIvs};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use std::fmt::Debug;

const NAMESPACE: &str = "com.amazonaws.ivs#";

/// Reads `json` (as text) into a `T`, checks that it writes the same JSON back, and that that
/// JSON reads into an equal value.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(json: &Value) -> Result<(), TestCaseError> {
    let value: T = serde_json::from_str(&json.to_string()).map_err(|e| TestCaseError::fail(format!("read: {e}")))?;
    let written = serde_json::to_value(&value).map_err(|e| TestCaseError::fail(format!("write: {e}")))?;
    prop_assert_eq!(&written, json);
    let again: T = serde_json::from_str(&serde_json::to_string(&value).expect("written once already"))
        .map_err(|e| TestCaseError::fail(format!("read again: {e}")))?;
    prop_assert_eq!(again, value);
    Ok(())
}

/// A generated type and its round trip.
struct Case {
    /// The type's name: its shape's name, or `<Operation>Input`/`<Operation>Output`.
    name: &'static str,
    check: fn(&Value) -> Result<(), TestCaseError>,
}

macro_rules! cases {
    ($($ty:path),* $(,)?) => {
        vec![$(Case {
            name: stringify!($ty).rsplit("::").next().unwrap_or_default().trim(),
            check: round_trip::<$ty>,
        }),*]
    };
}

/// Every structure, enum, error, input and output of `ivs`.
fn every_type() -> Vec<Case> {
    use ivs::operation::*;
    use ivs::types::error::*;
    use ivs::types::*;
    cases![
        BatchError,
        Channel,
        ChannelLatencyMode,
        ChannelSummary,
        ChannelType,
        Stream,
        StreamHealth,
        StreamKey,
        StreamKeySummary,
        StreamState,
        StreamSummary,
        AccessDeniedException,
        ChannelNotBroadcasting,
        ConflictException,
        InternalServerException,
        PendingVerification,
        ResourceNotFoundException,
        ServiceQuotaExceededException,
        StreamUnavailable,
        ThrottlingException,
        ValidationException,
        batch_get_channel::BatchGetChannelInput,
        batch_get_channel::BatchGetChannelOutput,
        batch_get_stream_key::BatchGetStreamKeyInput,
        batch_get_stream_key::BatchGetStreamKeyOutput,
        create_channel::CreateChannelInput,
        create_channel::CreateChannelOutput,
        create_stream_key::CreateStreamKeyInput,
        create_stream_key::CreateStreamKeyOutput,
        delete_channel::DeleteChannelInput,
        delete_channel::DeleteChannelOutput,
        delete_stream_key::DeleteStreamKeyInput,
        delete_stream_key::DeleteStreamKeyOutput,
        get_channel::GetChannelInput,
        get_channel::GetChannelOutput,
        get_stream::GetStreamInput,
        get_stream::GetStreamOutput,
        get_stream_key::GetStreamKeyInput,
        get_stream_key::GetStreamKeyOutput,
        list_channels::ListChannelsInput,
        list_channels::ListChannelsOutput,
        list_stream_keys::ListStreamKeysInput,
        list_stream_keys::ListStreamKeysOutput,
        list_streams::ListStreamsInput,
        list_streams::ListStreamsOutput,
        list_tags_for_resource::ListTagsForResourceInput,
        list_tags_for_resource::ListTagsForResourceOutput,
        put_metadata::PutMetadataInput,
        put_metadata::PutMetadataOutput,
        stop_stream::StopStreamInput,
        stop_stream::StopStreamOutput,
        tag_resource::TagResourceInput,
        tag_resource::TagResourceOutput,
        untag_resource::UntagResourceInput,
        untag_resource::UntagResourceOutput,
        update_channel::UpdateChannelInput,
        update_channel::UpdateChannelOutput,
    ]
}

/// The names of the types `ivs` declares: the top-level structures and enums of its `types`
/// and `types::error` modules, and every operation's input and output.
fn declared_types() -> BTreeSet<String> {
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/../generated/ivs/src");
    let mut files = vec![format!("{src}/types.rs"), format!("{src}/types/error.rs")];
    let mut operations: Vec<String> = std::fs::read_dir(format!("{src}/operation"))
        .expect("generated/ivs/src/operation")
        .map(|entry| entry.expect("a directory entry").path().display().to_string())
        .collect();
    operations.sort();
    files.extend(operations);
    let mut names = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a generated file");
        let operation = file.contains("/operation/");
        for line in text.lines() {
            let Some(rest) = line.strip_prefix("pub struct ").or_else(|| line.strip_prefix("pub enum ")) else {
                continue;
            };
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            // An operation's file also declares the operation itself and its error enum.
            if !operation || name.ends_with("Input") || name.ends_with("Output") {
                names.insert(name);
            }
        }
    }
    names
}

#[test]
fn the_round_trip_covers_every_type_the_crate_declares() {
    let listed: BTreeSet<String> = every_type().iter().map(|c| c.name.to_owned()).collect();
    let declared = declared_types();
    assert_eq!(declared.len(), 57, "{declared:?}");
    assert_eq!(listed, declared);
}

/// The Smithy model of IVS.
struct Model {
    shapes: Map<String, Value>,
}

impl Model {
    fn load() -> Model {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../model/ivs.json")).expect("model/ivs.json");
        let mut model: Value = serde_json::from_str(&text).expect("the model is JSON");
        let Some(Value::Object(shapes)) = model.get_mut("shapes").map(Value::take) else {
            panic!("the model has shapes")
        };
        Model { shapes }
    }

    fn shape(&self, id: &str) -> &Value {
        self.shapes.get(id).unwrap_or_else(|| panic!("{id} is not in the model"))
    }

    /// The shape a type named `name` is generated from, and whether it is an operation's input
    /// or output (whose HTTP-bound members are keyed by member name).
    fn shape_of(&self, name: &str) -> (String, bool) {
        for (suffix, field) in [("Input", "input"), ("Output", "output")] {
            if let Some(operation) = name.strip_suffix(suffix) {
                if let Some(op) = self.shapes.get(&format!("{NAMESPACE}{operation}")) {
                    return (op[field]["target"].as_str().expect("a target").to_owned(), true);
                }
            }
        }
        (format!("{NAMESPACE}{name}"), false)
    }

    /// Arbitrary JSON that the model allows for the shape `id`, in restJson1's formats:
    /// `null`s never appear, and every member that has a value on the Rust side even when
    /// unset (`@required`, `@default`) is present.
    fn arbitrary(&self, id: &str, io: bool) -> BoxedStrategy<Value> {
        match id {
            "smithy.api#String" => return any::<String>().prop_map(Value::from).boxed(),
            "smithy.api#Boolean" | "smithy.api#PrimitiveBoolean" => return any::<bool>().prop_map(Value::from).boxed(),
            "smithy.api#Integer" | "smithy.api#PrimitiveInteger" => return any::<i32>().prop_map(Value::from).boxed(),
            "smithy.api#Long" | "smithy.api#PrimitiveLong" => return any::<i64>().prop_map(Value::from).boxed(),
            "smithy.api#Unit" => return Just(json!({})).boxed(),
            _ => {}
        }
        let shape = self.shape(id);
        let traits = &shape["traits"];
        match shape["type"].as_str().expect("a shape type") {
            "string" => match traits["smithy.api#enum"].as_array() {
                Some(values) => {
                    let known: Vec<Value> = values.iter().map(|v| v["value"].clone()).collect();
                    // Values a later version of the service may add, too.
                    prop_oneof![proptest::sample::select(known), any::<String>().prop_map(Value::from)].boxed()
                }
                None => any::<String>().prop_map(Value::from).boxed(),
            },
            "boolean" => any::<bool>().prop_map(Value::from).boxed(),
            "integer" => any::<i32>().prop_map(Value::from).boxed(),
            "long" => any::<i64>().prop_map(Value::from).boxed(),
            "timestamp" => match traits["smithy.api#timestampFormat"].as_str() {
                Some("date-time") => date_time().boxed(),
                other => panic!("no generator for {id}'s timestamp format {other:?}"),
            },
            "list" => {
                let item = self.arbitrary(member_target(&shape["member"]), false);
                proptest::collection::vec(item, 0..4).prop_map(Value::Array).boxed()
            }
            "map" => {
                let value = self.arbitrary(member_target(&shape["value"]), false);
                proptest::collection::btree_map(any::<String>(), value, 0..4)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect()))
                    .boxed()
            }
            "structure" => {
                let members: Vec<BoxedStrategy<Option<(String, Value)>>> = shape["members"]
                    .as_object()
                    .map(|members| members.iter().collect::<Vec<_>>())
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(name, member)| {
                        let key = json_key(name, member, io);
                        let value = self.arbitrary(member_target(member), false);
                        let member_traits = &member["traits"];
                        let always = member_traits.get("smithy.api#required").is_some()
                            || member_traits.get("smithy.api#default").is_some();
                        if always {
                            value.prop_map(move |v| Some((key.clone(), v))).boxed()
                        } else {
                            proptest::option::of(value).prop_map(move |v| v.map(|v| (key.clone(), v))).boxed()
                        }
                    })
                    .collect();
                members.prop_map(|members| Value::Object(members.into_iter().flatten().collect())).boxed()
            }
            other => panic!("no generator for {id}, a {other}"),
        }
    }
}

fn member_target(member: &Value) -> &str {
    member["target"].as_str().expect("a member target")
}

/// A member's key: its `@jsonName`, else its name (also for members bound to HTTP, which have
/// no JSON key on the wire).
fn json_key(name: &str, member: &Value, io: bool) -> String {
    const HTTP: [&str; 7] = [
        "smithy.api#httpLabel",
        "smithy.api#httpQuery",
        "smithy.api#httpQueryParams",
        "smithy.api#httpHeader",
        "smithy.api#httpPrefixHeaders",
        "smithy.api#httpPayload",
        "smithy.api#httpResponseCode",
    ];
    let traits = &member["traits"];
    if io && HTTP.iter().any(|t| traits.get(*t).is_some()) {
        return name.to_owned();
    }
    traits["smithy.api#jsonName"].as_str().unwrap_or(name).to_owned()
}

/// An RFC 3339 date-time between the years 1970 and 9999, to the microsecond, as Smithy's
/// `date-time` format writes it (no fraction when it is zero, no trailing zeros).
fn date_time() -> impl Strategy<Value = Value> {
    (0i64..=253_402_300_799, 0u32..1_000_000).prop_map(|(secs, micros)| {
        let whole = format_timestamp(secs);
        if micros == 0 {
            return Value::from(whole);
        }
        let fraction = format!("{micros:06}");
        let fraction = fraction.trim_end_matches('0');
        Value::from(format!("{}.{fraction}Z", whole.trim_end_matches('Z')))
    })
}

#[test]
fn every_type_round_trips_arbitrary_json_the_model_allows() {
    let model = Model::load();
    for case in every_type() {
        let (shape, io) = model.shape_of(case.name);
        let strategy = model.arbitrary(&shape, io);
        let mut runner = TestRunner::new(Config { cases: 48, failure_persistence: None, ..Config::default() });
        if let Err(e) = runner.run(&strategy, |json| (case.check)(&json)) {
            panic!("{} ({shape}): {e}", case.name);
        }
    }
}

/// Checks `output`, which the client read from the body of the last answer of `service` (to
/// `operation`): serde writes that body, and reads it back into a value that writes it again.
fn check_output<O: Serialize + DeserializeOwned + Debug>(service: &InMemoryIvs, operation: &str, output: &O) {
    let entry = service.journal().pop().expect("the service answered");
    assert_eq!(entry.operation, operation);
    assert!(entry.error_code.is_none(), "{operation}: {entry:?}");
    // The three operations whose output is `Unit` answer 204 with no body.
    let body = entry.response_body.unwrap_or_else(|| json!({}));
    assert_eq!(serde_json::to_value(output).expect("write"), body, "{operation}: the client's output");
    let read: O = serde_json::from_str(&body.to_string()).unwrap_or_else(|e| panic!("{operation}: {e}"));
    assert_eq!(serde_json::to_value(&read).expect("write"), body, "{operation}: {read:?}");
}

#[tokio::test]
async fn every_output_reads_and_writes_the_body_fake_ivs_sends() {
    let (service, client) = in_memory_client();
    let mut checked = BTreeSet::new();
    let mut check = |operation: &'static str| {
        checked.insert(operation);
        operation
    };

    let created = client.create_channel().name("serde").tags("team", "video").send().await.expect("create");
    check_output(&service, check("CreateChannel"), &created);
    let channel = created.channel().and_then(|c| c.arn()).expect("a channel ARN").to_owned();
    let key = created.stream_key().and_then(|k| k.arn()).expect("a stream key ARN").to_owned();
    let missing = format!("{channel}x");

    let out = client.get_channel().arn(&channel).send().await.expect("get");
    check_output(&service, check("GetChannel"), &out);
    let out = client.batch_get_channel().arns(&channel).arns(&missing).send().await.expect("batch");
    assert_eq!(out.errors().len(), 1);
    check_output(&service, check("BatchGetChannel"), &out);
    let out = client.delete_stream_key().arn(&key).send().await.expect("delete key");
    check_output(&service, check("DeleteStreamKey"), &out);
    let out = client.create_stream_key().channel_arn(&channel).tags("k", "v").send().await.expect("create key");
    check_output(&service, check("CreateStreamKey"), &out);
    let key = out.stream_key().and_then(|k| k.arn()).expect("a stream key ARN").to_owned();
    let out = client.get_stream_key().arn(&key).send().await.expect("get key");
    check_output(&service, check("GetStreamKey"), &out);
    let out = client.batch_get_stream_key().arns(&key).arns(format!("{key}x")).send().await.expect("batch keys");
    check_output(&service, check("BatchGetStreamKey"), &out);
    let out = client.list_stream_keys().channel_arn(&channel).send().await.expect("list keys");
    check_output(&service, check("ListStreamKeys"), &out);
    let out = client.list_channels().send().await.expect("list channels");
    check_output(&service, check("ListChannels"), &out);
    let out = client.tag_resource().resource_arn(&channel).tags("env", "prod").send().await.expect("tag");
    check_output(&service, check("TagResource"), &out);
    let out = client.list_tags_for_resource().resource_arn(&channel).send().await.expect("list tags");
    assert_eq!(out.tags().len(), 2);
    check_output(&service, check("ListTagsForResource"), &out);
    let out = client.untag_resource().resource_arn(&channel).tag_keys("env").send().await.expect("untag");
    check_output(&service, check("UntagResource"), &out);
    let out = client.update_channel().arn(&channel).name("renamed").send().await.expect("update");
    check_output(&service, check("UpdateChannel"), &out);

    assert!(service.set_live(&channel));
    assert!(service.set_stream_stats(&channel, "STARVING", 42));
    let out = client.get_stream().channel_arn(&channel).send().await.expect("get stream");
    assert!(out.stream().and_then(|s| s.start_time()).is_some());
    check_output(&service, check("GetStream"), &out);
    let out = client.list_streams().send().await.expect("list streams");
    assert_eq!(out.streams().len(), 1);
    check_output(&service, check("ListStreams"), &out);
    let out = client.put_metadata().channel_arn(&channel).metadata("{\"score\":\"1-0\"}").send().await.expect("put");
    check_output(&service, check("PutMetadata"), &out);
    let out = client.stop_stream().channel_arn(&channel).send().await.expect("stop");
    check_output(&service, check("StopStream"), &out);
    let out = client.delete_channel().arn(&channel).send().await.expect("delete");
    check_output(&service, check("DeleteChannel"), &out);

    let all: BTreeSet<&str> = ivs_tests::OPERATIONS.into_iter().collect();
    assert_eq!(checked, all);
}

#[test]
fn unknown_enum_values_round_trip() {
    use ivs::types::{Channel, ChannelType};
    let json = json!({"arn": "arn:x", "type": "PREMIUM", "latencyMode": "LOW"});
    let channel: Channel = serde_json::from_value(json.clone()).expect("read");
    assert_eq!(channel.r#type().map(ChannelType::as_str), Some("PREMIUM"));
    assert!(channel.r#type().is_some_and(|t| ChannelType::try_parse(t.as_str()).is_err()), "an unknown value");
    assert_eq!(serde_json::to_value(&channel).expect("write"), json);
    assert_eq!(serde_json::to_value(ChannelType::from("PREMIUM")).expect("write"), json!("PREMIUM"));
    assert_eq!(serde_json::from_value::<ChannelType>(json!("BASIC")).expect("read"), ChannelType::BasicChannelType);
}

#[test]
fn sensitive_values_are_serialized_though_debug_redacts_them() {
    use ivs::operation::put_metadata::PutMetadataInput;
    use ivs::types::StreamKey;
    let key = StreamKey::builder().arn("arn:key").value("sk_us-west-2_secret").build();
    assert!(!format!("{key:?}").contains("sk_us-west-2_secret"));
    assert_eq!(serde_json::to_value(&key).expect("write"), json!({"arn": "arn:key", "value": "sk_us-west-2_secret"}));
    let input = PutMetadataInput::builder().channel_arn("arn:c").metadata("secret score").build().expect("input");
    assert_eq!(
        serde_json::to_value(&input).expect("write"),
        json!({"channelArn": "arn:c", "metadata": "secret score"})
    );
}

#[test]
fn absent_and_null_optional_members_read_as_none_and_are_not_written() {
    use ivs::types::{Channel, Stream};
    let channel: Channel = serde_json::from_str(r#"{"name": null, "unknownKey": 1}"#).expect("read");
    assert_eq!(channel, Channel::builder().build());
    assert_eq!(serde_json::to_value(&channel).expect("write"), json!({}));
    // `viewerCount` has `@default(0)`: it is always written, and an absent one reads as 0.
    let stream: Stream = serde_json::from_str("{}").expect("read");
    assert_eq!(stream.viewer_count(), 0);
    assert_eq!(serde_json::to_value(&stream).expect("write"), json!({"viewerCount": 0}));
    let err = serde_json::from_str::<Stream>(r#"{"startTime": 1594834951}"#).expect_err("a number");
    assert!(err.to_string().contains("startTime") || err.to_string().contains("string"), "{err}");
}

#[test]
fn errors_read_their_code_and_message() {
    use ivs::error::ProvideErrorMetadata;
    use ivs::types::error::ValidationException;
    let error: ValidationException =
        serde_json::from_value(json!({"exceptionMessage": "name is too long"})).expect("read");
    assert_eq!(error.code(), Some("ValidationException"));
    assert_eq!(error.exception_message(), Some("name is too long"));
    assert_eq!(serde_json::to_value(&error).expect("write"), json!({"exceptionMessage": "name is too long"}));
}

mod advanced_fixture {
    //! JSON written by hand from the Smithy specification's rules for restJson1 bodies.

    use advanced::operation::get_widget::GetWidgetOutput;
    use advanced::operation::update_widget::{UpdateWidgetInput, UpdateWidgetOutput};
    use advanced::primitives::{Blob, DateTime, Document};
    use advanced::types::{Filter, Kind, Shape, WidgetData};
    use aws_client_runtime::serde_support::serde;
    use serde_json::{json, Value};

    fn read<T: serde::de::DeserializeOwned>(json: &Value) -> T {
        serde_json::from_str(&json.to_string()).unwrap_or_else(|e| panic!("{json}: {e}"))
    }

    fn write<T: serde::Serialize>(value: &T) -> Value {
        serde_json::to_value(value).expect("write")
    }

    #[test]
    fn widget_data_in_every_format() {
        // Timestamps in a body are epoch seconds unless `@timestampFormat` says otherwise
        // (`createdAt` comes from a mixin with `date-time`); blobs are base64; documents are
        // JSON as they are; big numbers keep every digit; `NaN` and the infinities are strings.
        let text = r#"{
            "createdBy": "ada",
            "createdAt": "2020-07-15T17:42:31.25Z",
            "name": "w",
            "kind": 2,
            "ratio": 0.1,
            "score": "NaN",
            "big": 123456789012345678901234567890,
            "precise": 0.000000000000000000000000000001,
            "tags": {"a": "x", "b": null},
            "notes": ["n", null],
            "unique": ["u"],
            "shape": {"at": 1594834951.5},
            "other": {"id": "o"},
            "digest": "aGVsbG8=",
            "attributes": {"k": [1, -2, 2.5, "s", true, null, {}]},
            "readings": [1.5, "Infinity", "-Infinity"]
        }"#;
        let json: Value = serde_json::from_str(text).expect("JSON");
        let data: WidgetData = read(&json);
        assert_eq!(data.created_at(), Some(&DateTime::from_secs_and_nanos(1_594_834_951, 250_000_000)));
        assert_eq!(data.kind(), Some(&Kind::Large));
        assert_eq!(data.ratio(), Some(0.1));
        assert!(data.score().is_some_and(f64::is_nan));
        assert_eq!(data.big(), Some("123456789012345678901234567890"));
        assert_eq!(data.precise(), Some("0.000000000000000000000000000001"));
        assert_eq!(data.tags().and_then(|t| t.get("b")), Some(&None));
        assert_eq!(data.notes(), [Some("n".to_owned()), None]);
        assert_eq!(data.shape(), Some(&Shape::At(DateTime::from_secs_and_nanos(1_594_834_951, 500_000_000))));
        assert_eq!(data.digest(), Some(&Blob::new(b"hello".to_vec())));
        assert!(matches!(data.attributes(), Some(Document::Object(o)) if o.len() == 1));
        assert_eq!(data.readings(), [1.5, f64::INFINITY, f64::NEG_INFINITY]);
        // Written back, the same JSON, every digit included.
        assert_eq!(write(&data), json);
        let text = serde_json::to_string(&data).expect("write");
        assert!(text.contains("\"big\":123456789012345678901234567890,"), "{text}");
        assert!(text.contains("\"precise\":0.000000000000000000000000000001"), "{text}");
    }

    #[test]
    fn union_members_and_json_names() {
        for json in [
            json!({"circle": 2.5}),
            json!({"text": "a label"}),
            json!({"square": {"side": 3.5}}),
            json!({"bytes": "AAE="}),
            json!({"at": 0}),
            json!({"points": [1, 2]}),
            json!({"nothing": {}}),
        ] {
            let shape: Shape = read(&json);
            assert!(!shape.is_unknown(), "{json}");
            assert_eq!(write(&shape), json);
        }
        assert!(read::<Shape>(&json!({"label": "x"})).is_unknown(), "the key is the @jsonName, `text`");
        assert_eq!(read::<Shape>(&json!({"text": "x", "__type": "Shape", "circle": null})), Shape::Label("x".into()));
        let unknown: Shape = read(&json!({"hexagon": 6}));
        assert!(unknown.is_unknown());
        assert!(serde_json::to_value(&unknown).is_err(), "an unknown member has nothing to write");
        assert!(serde_json::from_value::<Shape>(json!({"circle": 1, "text": "x"})).is_err());
        assert!(serde_json::from_value::<Shape>(json!({})).is_err());
    }

    #[test]
    fn recursive_unions() {
        let json = json!({"not": {"not": {"details": {"owner": "me"}}}});
        let filter: Filter = read(&json);
        let Filter::Not(inner) = &filter else { panic!("{filter:?}") };
        assert!(matches!(&**inner, Filter::Not(_)));
        assert_eq!(write(&filter), json);
    }

    #[test]
    fn http_bound_members_use_their_member_names_and_wire_formats() {
        // `lastModified` is a header (an HTTP date by default), `expires` a header with
        // `@timestampFormat("epoch-seconds")`, `meta` prefix headers, `status` the status code.
        let json = json!({
            "widget": {"name": "w"},
            "etag": "\"abc\"",
            "lastModified": "Wed, 15 Jul 2020 17:42:31 GMT",
            "expires": 1594834951,
            "meta": {"a": "1"}
        });
        let output: GetWidgetOutput = read(&json);
        assert_eq!(output.last_modified(), Some(&DateTime::from_secs(1_594_834_951)));
        assert_eq!(output.expires(), Some(&DateTime::from_secs(1_594_834_951)));
        assert_eq!(write(&output), json);
        let json = json!({"author": "ada", "status": 201, "lastModified": "Thu, 01 Jan 1970 00:00:00 GMT"});
        let output: UpdateWidgetOutput = read(&json);
        assert_eq!((output.created_by(), output.status()), (Some("ada"), Some(201)));
        assert_eq!(write(&output), json);
        let input = UpdateWidgetInput::builder()
            .widget_id("w1")
            .not_before(DateTime::from_secs(5))
            .scale(f32::INFINITY)
            .build()
            .expect("input");
        assert_eq!(write(&input), json!({"widgetId": "w1", "notBefore": 5, "scale": "Infinity"}));
        assert_eq!(read::<UpdateWidgetInput>(&write(&input)), input);
    }

    #[test]
    fn json_names_of_inputs() {
        use advanced::operation::create_widget::CreateWidgetInput;
        let input: CreateWidgetInput = read(&json!({"renamed": "r", "clientToken": "t"}));
        assert_eq!(input.renamed_field(), Some("r"));
        assert_eq!(write(&input), json!({"renamed": "r", "clientToken": "t"}));
    }
}

mod features_fixture {
    use features::types::{Color, Settings};
    use serde_json::json;

    #[test]
    fn absent_members_with_a_default_read_as_the_model_default_and_are_always_written() {
        // The model's `@default`s: 5, true, "none", "red" and [].
        let settings: Settings = serde_json::from_str("{}").expect("read");
        assert_eq!(
            (settings.count(), settings.enabled(), settings.label(), settings.color(), settings.tags()),
            (5, true, "none", &Color::from("red"), &[][..])
        );
        let written = serde_json::to_value(&settings).expect("write");
        assert_eq!(written, json!({"count": 5, "enabled": true, "label": "none", "color": "red", "tags": []}));
        let other = json!({"count": -1, "enabled": false, "label": "", "color": "teal", "tags": ["a"]});
        let settings: Settings = serde_json::from_value(other.clone()).expect("read");
        assert_eq!(settings.color().as_str(), "teal");
        assert_eq!(serde_json::to_value(&settings).expect("write"), other);
    }
}
