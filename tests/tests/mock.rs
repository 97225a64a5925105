//! `ivs::mock::Mock` (the `test-util` feature): typed rules answered through the client's real
//! serialize, sign, retry and deserialize path.
//!
//! Expected values come from elsewhere wherever they can: the responses of the in-memory IVS
//! service (`fake-ivs`), the requests the recording transport sees for the same call, and the
//! hand-written responses of `fixture_wire_advanced.rs`.

use aws_client_runtime::transport::{
    BoxFuture, ConnectorError, HttpClient, HttpRequest, HttpResponse, SharedHttpClient,
};
use ivs::error::{ProvideErrorMetadata, SdkError};
use ivs::mock::Mock;
use ivs::operation::create_channel::CreateChannelError;
use ivs::operation::get_channel::{GetChannelError, GetChannelOutput};
use ivs::operation::list_channels::ListChannelsOutput;
use ivs::operation::put_metadata::PutMetadataError;
use ivs::types::error::{ResourceNotFoundException, ServiceQuotaExceededException, ThrottlingException};
use ivs::types::{Channel, ChannelLatencyMode, ChannelSummary, ChannelType};
use ivs_tests::{client, in_memory_client, Recorder, CHANNEL_ARN, CHANNEL_ARN_2};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A response as a [`Tap`] saw it.
#[derive(Clone, Debug, PartialEq)]
struct Seen {
    status: u16,
    content_type: Option<String>,
    error_type: Option<String>,
    /// The body as JSON; `Value::Null` when it is empty.
    json: Value,
}

/// A transport that passes requests to another and keeps what comes back.
#[derive(Clone, Debug)]
struct Tap {
    inner: SharedHttpClient,
    seen: Arc<Mutex<Vec<(u16, http::HeaderMap, bytes::Bytes)>>>,
}

impl Tap {
    fn new(inner: impl HttpClient + 'static) -> Self {
        Self { inner: SharedHttpClient::new(inner), seen: Arc::default() }
    }
    /// The `index`-th response: status, headers and body.
    fn raw(&self, index: usize) -> (u16, http::HeaderMap, bytes::Bytes) {
        self.seen.lock().unwrap()[index].clone()
    }
    fn seen(&self, index: usize) -> Seen {
        let (status, headers, body) = self.raw(index);
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let json = if body.is_empty() { Value::Null } else { serde_json::from_slice(&body).expect("a JSON body") };
        Seen { status, content_type: header("content-type"), error_type: header("x-amzn-errortype"), json }
    }
    fn last(&self) -> Seen {
        let count = self.seen.lock().unwrap().len();
        self.seen(count - 1)
    }
}

impl HttpClient for Tap {
    fn send(&self, request: HttpRequest) -> BoxFuture<'static, Result<HttpResponse, ConnectorError>> {
        let response = self.inner.send(request);
        let seen = self.seen.clone();
        Box::pin(async move {
            let response = response.await?;
            seen.lock().unwrap().push((
                response.status().as_u16(),
                response.headers().clone(),
                response.body().clone(),
            ));
            Ok(response)
        })
    }
}

/// A client of `mock` whose responses `Tap` keeps.
fn tapped(mock: &Mock) -> (ivs::Client, Tap) {
    let tap = Tap::new(mock.config().build().http_client().expect("the mock's transport"));
    (ivs::Client::from_conf(mock.config().http_client(tap.clone()).build()), tap)
}

/// The in-memory IVS service, a client of it and the tap on its responses.
fn service() -> (ivs_tests::InMemoryIvs, ivs::Client, Tap) {
    let (service, _) = in_memory_client();
    let tap = Tap::new(service.clone());
    (service, client(tap.clone()), tap)
}

fn channel(name: &str) -> Channel {
    Channel::builder()
        .arn(CHANNEL_ARN)
        .name(name)
        .latency_mode(ChannelLatencyMode::LowLatency)
        .r#type(ChannelType::StandardChannelType)
        .tags("team", "video")
        .tags("env", "test")
        .build()
}

fn summary(arn: &str, name: &str) -> ChannelSummary {
    ChannelSummary::builder().arn(arn).name(name).build()
}

fn page(names: &[&str]) -> ListChannelsOutput {
    let channels = names.iter().map(|n| summary(&format!("arn:aws:ivs:us-west-2:123456789012:channel/{n}"), n));
    ListChannelsOutput::builder()
        .set_channels(Some(channels.collect()))
        // Replaced by the mock: the pages' tokens are its own.
        .next_token("ignored")
        .build()
        .expect("channels are set")
}

#[test]
fn a_mock_is_clone_send_and_sync() {
    fn check<T: Clone + Send + Sync + 'static>() {}
    check::<Mock>();
    check::<ivs::mock::Calls>();
}

#[tokio::test]
async fn a_rule_sees_the_input_the_caller_set_and_its_output_comes_back_typed() {
    let mock = Mock::new().get_channel(|input| {
        assert_eq!(input.arn(), Some(CHANNEL_ARN));
        Ok(GetChannelOutput::builder().channel(channel("typed")).build())
    });
    let out = mock.client().get_channel().arn(CHANNEL_ARN).send().await.expect("the rule's output");
    assert_eq!(out.channel(), Some(&channel("typed")));
    let tags = out.channel().and_then(|c| c.tags()).expect("a map");
    assert_eq!((tags["team"].as_str(), tags["env"].as_str()), ("video", "test"));
    assert_eq!(mock.calls().get_channel.len(), 1);
}

/// What fake-ivs answers, read by a real client, then answered by a mock rule: the mock's
/// response has the service's status, content type and JSON body, and reads back the same.
#[tokio::test]
async fn outputs_go_on_the_wire_as_the_service_puts_them() {
    let (service, real, service_tap) = service();
    let created = real
        .create_channel()
        .name("wire")
        .latency_mode(ChannelLatencyMode::NormalLatency)
        .r#type(ChannelType::BasicChannelType)
        .tags("team", "video")
        .send()
        .await
        .expect("created");
    let arn = created.channel().and_then(|c| c.arn()).expect("an ARN").to_owned();
    assert!(service.set_live(&arn));
    assert!(service.set_stream_stats(&arn, "HEALTHY", 42));

    // CreateChannel: a channel and a stream key, nested, with a map.
    let mock = Mock::new().create_channel({
        let created = created.clone();
        move |_| Ok(created.clone())
    });
    let (mocked, mock_tap) = tapped(&mock);
    let out = mocked.create_channel().name("wire").send().await.expect("created");
    assert_eq!((out.channel(), out.stream_key()), (created.channel(), created.stream_key()));
    assert_eq!(mock_tap.last(), service_tap.seen(0));

    // GetStream: a timestamp, enums and a number.
    let stream = real.get_stream().channel_arn(&arn).send().await.expect("live");
    let start = stream.stream().and_then(|s| s.start_time()).expect("a start time").secs();
    assert_eq!(start, ivs_tests::in_memory_ivs::FIRST_STREAM_START);
    let mock = mock.get_stream({
        let stream = stream.clone();
        move |_| Ok(stream.clone())
    });
    let out = mocked.get_stream().channel_arn(&arn).send().await.expect("the stream");
    assert_eq!(out.stream(), stream.stream());
    assert_eq!(mock_tap.last(), service_tap.last());

    // ListTagsForResource: a required map.
    let tags = real.list_tags_for_resource().resource_arn(&arn).send().await.expect("tags");
    let mock = mock.list_tags_for_resource({
        let tags = tags.clone();
        move |_| Ok(tags.clone())
    });
    let out = mocked.list_tags_for_resource().resource_arn(&arn).send().await.expect("tags");
    assert_eq!(out.tags(), tags.tags());
    assert_eq!(mock_tap.last(), service_tap.last());

    // DeleteChannel's output is empty: 204 and no body, for the live channel stopped first.
    real.stop_stream().channel_arn(&arn).send().await.expect("stopped");
    let deleted = real.delete_channel().arn(&arn).send().await.expect("deleted");
    let mock = mock.delete_channel(move |_| Ok(deleted.clone()));
    mocked.delete_channel().arn(&arn).send().await.expect("deleted");
    assert_eq!(mock_tap.last(), service_tap.last());
    assert_eq!(mock_tap.last().status, 204);
    assert_eq!(mock.calls().delete_channel.len(), 1);
}

#[tokio::test]
async fn an_error_rule_gives_the_typed_error_as_the_service_sends_it() {
    let (_, real, service_tap) = service();
    let missing = "arn:aws:ivs:us-west-2:123456789012:channel/missing00000";
    let err = real.get_channel().arn(missing).send().await.expect_err("not found");
    let message = err.message().expect("a message").to_owned();

    let mock = Mock::new()
        .get_channel_error(GetChannelError::ResourceNotFoundException(
            ResourceNotFoundException::builder().exception_message(&message).build(),
        ))
        .create_channel_error(CreateChannelError::ServiceQuotaExceededException(
            ServiceQuotaExceededException::builder().exception_message("too many channels").build(),
        ));
    let (mocked, mock_tap) = tapped(&mock);
    let err = mocked.get_channel().arn(missing).send().await.expect_err("not found");
    assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
    assert!(matches!(err.as_service_error(), Some(GetChannelError::ResourceNotFoundException(_))), "{err:?}");
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    assert_eq!(err.message(), Some(message.as_str()));
    // 404, the code in X-Amzn-ErrorType, the message in `exceptionMessage`: as fake-ivs sends it.
    assert_eq!(mock_tap.last(), service_tap.last());
    assert_eq!(mock_tap.last().status, 404);

    // The same error answers every call.
    for _ in 0..2 {
        let err = mocked.create_channel().name("one-too-many").send().await.expect_err("over quota");
        let err = err.into_service_error();
        assert!(err.is_service_quota_exceeded_exception(), "{err:?}");
        assert_eq!((err.code(), err.message()), (Some("ServiceQuotaExceededException"), Some("too many channels")));
    }
    assert_eq!(mock_tap.last().status, 402, "@httpError(402)");
    assert_eq!(mock.calls().create_channel.len(), 2);
}

#[tokio::test]
async fn a_rule_can_answer_with_an_error_or_an_output_and_the_metadata_message_is_sent() {
    let mock = Mock::new().get_channel(|input| match input.arn() {
        Some(CHANNEL_ARN) => Ok(GetChannelOutput::builder().channel(channel("found")).build()),
        // Only the builder's `message`: it still reaches the client, in the message member.
        _ => Err(GetChannelError::ResourceNotFoundException(
            ResourceNotFoundException::builder().message("no such channel").build(),
        )),
    });
    let client = mock.client();
    let found = client.get_channel().arn(CHANNEL_ARN).send().await.expect("found");
    assert_eq!(found.channel().and_then(|c| c.name()), Some("found"));
    let err = client.get_channel().arn(CHANNEL_ARN_2).send().await.expect_err("not found").into_service_error();
    assert!(err.is_resource_not_found_exception());
    assert_eq!(err.message(), Some("no such channel"));
    match err {
        GetChannelError::ResourceNotFoundException(e) => assert_eq!(e.exception_message(), Some("no such channel")),
        other => panic!("{other:?}"),
    }
    // An error the model does not describe keeps its code and message.
    let mock = Mock::new().get_channel_error(GetChannelError::generic(
        ivs::error::ErrorMetadata::builder().code("TeapotException").message("short and stout").build(),
    ));
    let err = mock.client().get_channel().arn(CHANNEL_ARN).send().await.expect_err("unmodeled");
    assert_eq!((err.code(), err.message()), (Some("TeapotException"), Some("short and stout")));
}

#[tokio::test]
async fn pages_drive_the_paginator_through_every_page_in_order_and_stop() {
    let mock = Mock::new().list_channels_pages(vec![page(&["a", "b"]), page(&["c"]), page(&["d", "e"])]);
    let client = mock.client();
    let pages = client.list_channels().max_results(2).into_paginator().send().try_collect().await.expect("pages");
    let names: Vec<Vec<&str>> = pages.iter().map(|p| p.channels().iter().filter_map(|c| c.name()).collect()).collect();
    assert_eq!(names, [vec!["a", "b"], vec!["c"], vec!["d", "e"]]);
    let tokens: Vec<Option<&str>> = pages.iter().map(|p| p.next_token()).collect();
    assert_eq!(tokens, [Some("mock-page-1"), Some("mock-page-2"), None]);
    // One request per page, each asking with the token the page before handed out.
    let calls = mock.calls().list_channels;
    let asked: Vec<Option<&str>> = calls.iter().map(|i| i.next_token()).collect();
    assert_eq!(asked, [None, Some("mock-page-1"), Some("mock-page-2")]);
    assert!(calls.iter().all(|i| i.max_results() == Some(2)));

    // `items()` walks them again, from the first page.
    let items: Vec<String> = client
        .list_channels()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .expect("items")
        .into_iter()
        .filter_map(|c| c.name().map(str::to_owned))
        .collect();
    assert_eq!(items, ["a", "b", "c", "d", "e"]);
    assert_eq!(mock.calls().list_channels.len(), 6);

    // A token the pages did not hand out is an error, not a page.
    let err = client.list_channels().next_token("elsewhere").send().await.expect_err("unknown token");
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    assert!(err.to_string().contains("did not hand out"), "{err}");
}

#[tokio::test]
async fn calls_lists_each_operations_inputs_in_order() {
    let mock = Mock::new()
        .get_channel(|_| Ok(GetChannelOutput::builder().build()))
        .delete_channel(|_| Ok(ivs::operation::delete_channel::DeleteChannelOutput::builder().build()));
    let client = mock.client();
    for arn in [CHANNEL_ARN, CHANNEL_ARN_2] {
        client.get_channel().arn(arn).send().await.expect("got");
    }
    client.delete_channel().arn(CHANNEL_ARN_2).send().await.expect("deleted");
    client.get_channel().arn("third").send().await.expect("got");
    let calls = mock.calls();
    let arns: Vec<Option<&str>> = calls.get_channel.iter().map(|i| i.arn()).collect();
    assert_eq!(arns, [Some(CHANNEL_ARN), Some(CHANNEL_ARN_2), Some("third")]);
    assert_eq!(calls.delete_channel.len(), 1);
    assert_eq!(calls.delete_channel[0].arn(), Some(CHANNEL_ARN_2));
    assert!(calls.list_channels.is_empty());
    // A clone shares the log, and a rule added after the client was made applies to it.
    let clone = mock.clone().list_channels(|_| Ok(page(&["late"])));
    let listed = client.list_channels().send().await.expect("listed");
    assert_eq!(listed.channels().len(), 1);
    assert_eq!(clone.calls().list_channels.len(), 1);
    assert_eq!(mock.requests().len(), 5);
}

#[tokio::test]
async fn a_call_without_a_rule_names_the_operation_and_how_to_add_one() {
    let mock = Mock::new().get_channel(|_| Ok(GetChannelOutput::builder().build()));
    let err = mock.client().list_streams().send().await.expect_err("no rule");
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "dispatch failure: transport error: no mock rule for ListStreams: add one with Mock::new().list_streams(|input| ...)"
    );
    // Not retried, and recorded: the call was made.
    assert_eq!(mock.calls().list_streams.len(), 1);
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn a_missing_required_input_member_fails_as_with_a_real_transport() {
    let mock = Mock::new().get_channel(|_| panic!("the request is never sent"));
    let mocked = mock.client().get_channel().send().await.expect_err("no ARN");
    let recorder = Recorder::always(200, &[], "{}");
    let real = client(recorder.clone()).get_channel().send().await.expect_err("no ARN");
    assert!(matches!(mocked, SdkError::ConstructionFailure(_)), "{mocked:?}");
    assert_eq!(mocked.to_string(), real.to_string());
    assert!(mocked.to_string().contains("arn"), "{mocked}");
    assert_eq!((recorder.count(), mock.requests().len(), mock.calls().get_channel.len()), (0, 0, 0));
}

/// A required output member cannot be left out of a typed output (its builder refuses), and
/// one left at its zero value reads as a service response without it does (the client fills
/// the zero value of a missing required member).
#[tokio::test]
async fn an_output_without_a_required_member_reads_as_a_service_response_without_it() {
    let err = ListChannelsOutput::builder().build().expect_err("`channels` is required");
    assert!(err.to_string().contains("channels") || format!("{err:?}").contains("channels"), "{err:?}");
    let real = client(Recorder::always(200, &[("content-type", "application/json")], "{}"))
        .list_channels()
        .send()
        .await
        .expect("a response without `channels`");
    let mock =
        Mock::new().list_channels(|_| Ok(ListChannelsOutput::builder().set_channels(Some(vec![])).build().unwrap()));
    let mocked = mock.client().list_channels().send().await.expect("an empty list");
    assert_eq!((mocked.channels(), mocked.next_token()), (real.channels(), real.next_token()));
    assert!(mocked.channels().is_empty());
}

#[tokio::test]
async fn the_request_the_mock_answers_is_serialized_and_signed_as_a_real_one() {
    let mock = Mock::new().get_channel(|_| Ok(GetChannelOutput::builder().build()));
    mock.client().get_channel().arn(CHANNEL_ARN).send().await.expect("got");
    let recorder = Recorder::always(200, &[("content-type", "application/json")], "{}");
    client(recorder.clone()).get_channel().arn(CHANNEL_ARN).send().await.expect("got");
    let real = recorder.last().expect("a request");
    let requests = mock.requests();
    let [request] = requests.as_slice() else { panic!("one request: {requests:?}") };
    assert_eq!(request.method(), real.method);
    assert_eq!(request.uri().path(), real.uri.path());
    assert_eq!(request.uri().to_string(), "https://ivs.us-east-1.amazonaws.com/GetChannel");
    assert_eq!(request.body(), &real.body);
    assert_eq!(serde_json::from_slice::<Value>(request.body()).unwrap(), json!({ "arn": CHANNEL_ARN }));
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(
        header("authorization").starts_with("AWS4-HMAC-SHA256 Credential=AKIDMOCKEXAMPLE/"),
        "{}",
        header("authorization")
    );
    assert!(header("authorization").contains("/us-east-1/ivs/aws4_request"), "{}", header("authorization"));
    assert_eq!(header("x-amz-date").len(), "20200715T174231Z".len());
    assert_eq!(header("content-type"), "application/json");
    assert_eq!(header("amz-sdk-request"), "attempt=1; max=3");
    assert_eq!(header("user-agent"), real.header("user-agent").unwrap());
}

#[tokio::test]
async fn retryable_errors_are_retried_through_the_mock() {
    let attempts = Arc::new(AtomicUsize::new(0));
    let mock = Mock::new().put_metadata({
        let attempts = attempts.clone();
        move |_| match attempts.fetch_add(1, Ordering::SeqCst) {
            0 => Err(PutMetadataError::ThrottlingException(
                ThrottlingException::builder().exception_message("slow down").build(),
            )),
            _ => Ok(ivs::operation::put_metadata::PutMetadataOutput::builder().build()),
        }
    });
    let retry =
        ivs::config::RetryConfig::standard().with_max_attempts(2).with_initial_backoff(Duration::from_millis(1));
    let client = ivs::Client::from_conf(mock.config().retry_config(retry).build());
    client.put_metadata().channel_arn(CHANNEL_ARN).metadata("cue").send().await.expect("the second attempt");
    assert_eq!(attempts.load(Ordering::SeqCst), 2);
    let calls = mock.calls().put_metadata;
    assert_eq!(calls.len(), 2, "once per attempt");
    assert!(calls.iter().all(|i| i.metadata() == Some("cue")));
    let seen: Vec<String> =
        mock.requests().iter().map(|r| r.headers()["amz-sdk-request"].to_str().unwrap().to_owned()).collect();
    assert_eq!(seen, ["attempt=1; max=2", "attempt=2; max=2"]);

    // Without retries, the throttling error is the call's.
    let mock = Mock::new().put_metadata_error(PutMetadataError::ThrottlingException(
        ThrottlingException::builder().exception_message("slow down").build(),
    ));
    let client = ivs::Client::from_conf(mock.config().retry_config(ivs::config::RetryConfig::disabled()).build());
    let err = client.put_metadata().channel_arn(CHANNEL_ARN).metadata("cue").send().await.expect_err("throttled");
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(429));
    assert!(err.into_service_error().is_throttling_exception());
}

/// The `advanced` fixture's http-bound outputs: headers, prefix headers, a payload structure
/// and a status code, as `fixture_wire_advanced.rs` writes them by hand.
mod http_bindings {
    use super::*;
    use advanced::mock::Mock;
    use advanced::primitives::DateTime;

    const JULY: i64 = 1_594_834_951;
    const JULY_HTTP_DATE: &str = "Wed, 15 Jul 2020 17:42:31 GMT";

    fn client(mock: &Mock) -> (advanced::Client, Tap) {
        let tap = Tap::new(mock.config().build().http_client().expect("the mock's transport"));
        (advanced::Client::from_conf(mock.config().http_client(tap.clone()).build()), tap)
    }

    #[tokio::test]
    async fn headers_prefix_headers_and_a_payload_structure() {
        let widget = advanced::types::WidgetData::builder().created_by("ops").name("w1").build();
        let mock = Mock::new().get_widget({
            let widget = widget.clone();
            move |input| {
                assert_eq!(input.widget_id(), Some("w/1 2"));
                Ok(advanced::operation::get_widget::GetWidgetOutput::builder()
                    .widget(widget.clone())
                    .etag("\"abc\"")
                    .last_modified(DateTime::from_secs(JULY))
                    .expires(DateTime::from_secs_f64(JULY as f64 + 0.25))
                    .meta("color", "blue")
                    .meta("size", "L")
                    .build())
            }
        });
        let (client, raw) = client(&mock);
        let out = client.get_widget().widget_id("w/1 2").send().await.expect("a widget");
        assert_eq!(out.widget(), Some(&widget));
        assert_eq!(out.etag(), Some("\"abc\""));
        assert_eq!(out.last_modified().map(|t| (t.secs(), t.subsec_nanos())), Some((JULY, 0)));
        assert_eq!(out.expires().map(|t| (t.secs(), t.subsec_nanos())), Some((JULY, 250_000_000)));
        let meta = out.meta().expect("prefix headers");
        assert_eq!((meta["color"].as_str(), meta["size"].as_str()), ("blue", "L"));

        let (status, headers, body) = raw.raw(0);
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        assert_eq!(status, 200);
        assert_eq!(header("etag"), Some("\"abc\""));
        assert_eq!(header("last-modified"), Some(JULY_HTTP_DATE));
        assert_eq!(header("x-expires"), Some("1594834951.25"));
        assert_eq!((header("x-meta-color"), header("x-meta-size")), (Some("blue"), Some("L")));
        assert_eq!(header("content-type"), Some("application/json"));
        assert_eq!(serde_json::from_slice::<Value>(&body).unwrap(), json!({"createdBy": "ops", "name": "w1"}));
        // The request went to the label-bound path, as any request of the operation does.
        let requests = mock.requests();
        assert_eq!(requests[0].uri().path(), "/widgets/w%2F1%202");
        assert_eq!(mock.calls().get_widget.len(), 1);
    }

    #[tokio::test]
    async fn a_status_code_member_and_a_json_name() {
        let mock = Mock::new().update_widget(|_| {
            Ok(advanced::operation::update_widget::UpdateWidgetOutput::builder()
                .status(202)
                .last_modified(DateTime::from_secs(JULY))
                .created_by("ops")
                .name("w")
                .build())
        });
        let (client, raw) = client(&mock);
        let out = client.update_widget().widget_id("w1").send().await.expect("updated");
        assert_eq!(out.status(), Some(202));
        assert_eq!(out.created_by(), Some("ops"));
        let (status, headers, body) = raw.raw(0);
        assert_eq!(status, 202);
        assert_eq!(headers.get("last-modified").and_then(|v| v.to_str().ok()), Some(JULY_HTTP_DATE));
        // `createdBy` is `author` on the wire (@jsonName).
        assert_eq!(serde_json::from_slice::<Value>(&body).unwrap(), json!({"author": "ops", "name": "w"}));
    }

    /// A body that arrives in chunks, as a file or socket would give it.
    struct Chunks(Vec<bytes::Bytes>);

    impl futures_core::Stream for Chunks {
        type Item = Result<bytes::Bytes, aws_client_runtime::transport::BoxError>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready((!self.0.is_empty()).then(|| Ok(self.0.remove(0))))
        }
    }

    #[tokio::test]
    async fn a_streamed_input_reaches_the_rule_and_the_log_read_into_memory() {
        let mock = Mock::new()
            .upload_widget_image(|input| {
                assert_eq!(input.image().bytes(), Some(&b"\x01PNG image"[..]));
                let size = input.image().bytes().map_or(0, |b| b.len() as i64);
                Ok(advanced::operation::upload_widget_image::UploadWidgetImageOutput::builder().size(size).build())
            })
            .render_thumbnail(|_| {
                let image = advanced::primitives::Blob::new(b"\x01PNG".to_vec());
                Ok(advanced::operation::render_thumbnail::RenderThumbnailOutput::builder().image(image).build())
            });
        let (client, raw) = client(&mock);
        let image = advanced::primitives::ByteStream::from_stream(Chunks(vec![
            bytes::Bytes::from_static(b"\x01PNG"),
            bytes::Bytes::from_static(b" image"),
        ]));
        let out = client.upload_widget_image().name("w1").image(image).send().await.expect("uploaded");
        assert_eq!(out.size(), Some(10));
        let calls = mock.calls().upload_widget_image;
        assert_eq!(calls[0].name(), Some("w1"));
        assert_eq!(calls[0].image().bytes(), Some(&b"\x01PNG image"[..]));
        assert_eq!(mock.requests()[0].body().as_ref(), b"\x01PNG image");

        // A blob payload is the whole body, as `fixture_wire_advanced.rs` sends it.
        let drawn = client.render_thumbnail().send().await.expect("an image");
        assert_eq!(drawn.image().as_ref(), b"\x01PNG");
        let (status, headers, body) = raw.raw(1);
        assert_eq!((status, body.as_ref()), (200, &b"\x01PNG"[..]));
        assert_eq!(headers.get("content-type").and_then(|v| v.to_str().ok()), Some("application/octet-stream"));
    }
}
