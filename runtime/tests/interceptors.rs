//! Interceptors on a real loopback server: every hook runs where the official orchestrator runs
//! it, a header added before signing arrives signed, the read hooks see the signed request and
//! the response, state carries across hooks in the `ConfigBag`, and a failing hook fails the
//! call with a typed error naming the interceptor.

mod recording;

use aws_client_runtime::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_client_runtime::error::SdkError;
use aws_client_runtime::interceptors::context::{
    BeforeDeserializationInterceptorContextMut, BeforeDeserializationInterceptorContextRef,
    BeforeSerializationInterceptorContextMut, BeforeSerializationInterceptorContextRef,
    BeforeTransmitInterceptorContextMut, BeforeTransmitInterceptorContextRef, FinalizerInterceptorContextRef,
};
use aws_client_runtime::interceptors::InterceptorError;
use aws_client_runtime::transport::BoxError;
use aws_smithy_types::config_bag::{Storable, StoreReplace};
use recording::{client, config, quick_retries, PutFluentBuilder, PutInput, RecordingServer};
use std::sync::{Arc, Mutex};

/// Records every hook; adds `x-trace` before signing; fails the hook it is told to.
#[derive(Clone, Debug)]
struct Recorder {
    seen: Arc<Mutex<SeenCell>>,
    fail_in: Option<&'static str>,
}

#[derive(Default, Debug)]
struct SeenCell(Vec<&'static str>, Vec<String>);

impl Recorder {
    fn new(fail_in: Option<&'static str>) -> (Self, Arc<Mutex<SeenCell>>) {
        let seen = Arc::new(Mutex::new(SeenCell::default()));
        (Self { seen: seen.clone(), fail_in }, seen)
    }

    fn hook(&self, name: &'static str) -> Result<(), BoxError> {
        self.seen.lock().unwrap().0.push(name);
        if self.fail_in == Some(name) {
            return Err(format!("{name} refused").into());
        }
        Ok(())
    }

    fn note(&self, what: String) {
        self.seen.lock().unwrap().1.push(what);
    }
}

#[derive(Debug)]
struct Started(String);
impl Storable for Started {
    type Storer = StoreReplace<Self>;
}

impl Intercept for Recorder {
    fn name(&self) -> &'static str {
        "Recorder"
    }
    fn read_before_execution(
        &self,
        context: &BeforeSerializationInterceptorContextRef<'_>,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let input = context.input().downcast_ref::<PutInput>().expect("the operation's input");
        self.note(format!("token={}", input.token.as_deref().unwrap_or_default()));
        cfg.interceptor_state().store_put(Started("from read_before_execution".into()));
        self.hook("read_before_execution")
    }
    fn modify_before_serialization(
        &self,
        context: &mut BeforeSerializationInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(input) = context.input_mut().downcast_mut::<PutInput>() {
            input.token = Some(format!("{}-modified", input.token.as_deref().unwrap_or_default()));
        }
        self.hook("modify_before_serialization")
    }
    fn read_before_serialization(
        &self,
        _: &BeforeSerializationInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.hook("read_before_serialization")
    }
    fn read_after_serialization(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.note(format!("serialized={}", context.request().uri()));
        self.hook("read_after_serialization")
    }
    fn modify_before_retry_loop(
        &self,
        _: &mut BeforeTransmitInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.hook("modify_before_retry_loop")
    }
    fn read_before_attempt(
        &self,
        _: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.hook("read_before_attempt")
    }
    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        context.request_mut().headers_mut().insert("x-trace", "abc");
        self.note(format!("signing={}", context.request().uri()));
        self.hook("modify_before_signing")
    }
    fn read_before_signing(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        assert!(context.request().headers().get("authorization").is_none());
        self.hook("read_before_signing")
    }
    fn read_after_signing(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        assert!(context.request().headers().get("authorization").is_some());
        self.hook("read_after_signing")
    }
    fn modify_before_transmit(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        context.request_mut().headers_mut().insert("x-unsigned", "late");
        self.hook("modify_before_transmit")
    }
    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let authorization = context.request().headers().get("authorization").unwrap_or("none");
        self.note(format!("authorization={authorization}"));
        self.hook("read_before_transmit")
    }
    fn read_after_transmit(
        &self,
        context: &BeforeDeserializationInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.note(format!("status={}", context.response().status().as_u16()));
        self.hook("read_after_transmit")
    }
    fn modify_before_deserialization(
        &self,
        context: &mut BeforeDeserializationInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if context.response().status().is_success() {
            *context.response_mut().body_mut() = r#"{"changed":true}"#.into();
        }
        self.hook("modify_before_deserialization")
    }
    fn read_before_deserialization(
        &self,
        context: &BeforeDeserializationInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        assert_eq!(context.response().headers().get("x-server"), Some("recording"));
        self.hook("read_before_deserialization")
    }
    fn read_after_attempt(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let status = context.response().map(|r| r.status().as_u16().to_string()).unwrap_or_else(|| "none".into());
        self.note(format!("attempt_status={status}"));
        self.hook("read_after_attempt")
    }
    fn read_after_execution(
        &self,
        _: &FinalizerInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let state = cfg.load::<Started>().map(|s| s.0.clone()).unwrap_or_default();
        self.note(format!("state={state}"));
        self.hook("read_after_execution")
    }
}

const ATTEMPT: [&str; 10] = [
    "read_before_attempt",
    "modify_before_signing",
    "read_before_signing",
    "read_after_signing",
    "modify_before_transmit",
    "read_before_transmit",
    "read_after_transmit",
    "modify_before_deserialization",
    "read_before_deserialization",
    "read_after_attempt",
];

fn expected_hooks(attempts: usize) -> Vec<&'static str> {
    let mut hooks = vec![
        "read_before_execution",
        "modify_before_serialization",
        "read_before_serialization",
        "read_after_serialization",
        "modify_before_retry_loop",
    ];
    for _ in 0..attempts {
        hooks.extend(ATTEMPT);
    }
    hooks.push("read_after_execution");
    hooks
}

#[tokio::test]
async fn every_hook_runs_in_the_official_order_and_sees_what_it_should() {
    let server = RecordingServer::start(&[500]);
    let (recorder, seen) = Recorder::new(None);
    let client = client(config(&server.endpoint()).retry_config(quick_retries(2)).interceptor(recorder).build());
    let output = PutFluentBuilder::new(client).token("t").send().await.expect("the retry succeeds");
    assert_eq!(output.as_ref(), br#"{"changed":true}"#, "modify_before_deserialization changed the body read");

    let seen = seen.lock().unwrap();
    assert_eq!(seen.0, expected_hooks(2));
    let notes = &seen.1;
    assert_eq!(notes[0], "token=t");
    assert_eq!(notes[1], "serialized=/put", "the endpoint is applied after the retry loop begins");
    assert!(notes[2].starts_with("signing=http://127.0.0.1:"), "{notes:?}");
    assert!(notes[3].starts_with("authorization=AWS4-HMAC-SHA256 Credential=AKID/"), "{notes:?}");
    assert!(notes.contains(&"status=500".to_owned()) && notes.contains(&"status=200".to_owned()), "{notes:?}");
    assert!(notes.contains(&"attempt_status=500".to_owned()), "{notes:?}");
    assert_eq!(notes.last().unwrap(), "state=from read_before_execution");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.header("x-trace"), Some("abc"));
        assert!(request.signed_headers().contains(&"x-trace"), "{:?}", request.header("authorization"));
        assert_eq!(request.header("x-unsigned"), Some("late"));
        assert!(!request.signed_headers().contains(&"x-unsigned"));
        assert_eq!(request.body, r#"{"token":"t-modified"}"#, "modify_before_serialization changed the input");
    }
}

#[tokio::test]
async fn a_call_interceptor_runs_after_the_clients_and_for_that_call_only() {
    #[derive(Debug)]
    struct Named(&'static str, Arc<Mutex<Vec<&'static str>>>);
    impl Intercept for Named {
        fn name(&self) -> &'static str {
            self.0
        }
        fn read_before_transmit(
            &self,
            _: &BeforeTransmitInterceptorContextRef<'_>,
            _: &RuntimeComponents,
            _: &mut ConfigBag,
        ) -> Result<(), BoxError> {
            self.1.lock().unwrap().push(self.0);
            Ok(())
        }
    }
    let order = Arc::new(Mutex::new(Vec::new()));
    let server = RecordingServer::start(&[]);
    let client = client(config(&server.endpoint()).interceptor(Named("client", order.clone())).build());
    PutFluentBuilder::new(client.clone()).customize().interceptor(Named("call", order.clone())).send().await.unwrap();
    PutFluentBuilder::new(client).send().await.unwrap();
    assert_eq!(*order.lock().unwrap(), ["client", "call", "client"]);
}

/// The interceptor error in `err`'s source chain.
fn interceptor_error<'a>(err: &'a (dyn std::error::Error + 'static)) -> &'a InterceptorError {
    let mut source = Some(err);
    while let Some(error) = source {
        if let Some(found) = error.downcast_ref::<InterceptorError>() {
            return found;
        }
        source = error.source();
    }
    panic!("no InterceptorError in {err:?}")
}

async fn fail_in(hook: &'static str) -> (SdkError<recording::OpError>, Vec<&'static str>, usize) {
    let server = RecordingServer::start(&[]);
    let (recorder, seen) = Recorder::new(Some(hook));
    let client = client(config(&server.endpoint()).retry_config(quick_retries(3)).interceptor(recorder).build());
    let err = PutFluentBuilder::new(client).send().await.expect_err("the hook fails the call");
    let hooks = seen.lock().unwrap().0.clone();
    (err, hooks, server.requests().len())
}

#[tokio::test]
async fn a_failing_hook_fails_the_call_with_a_typed_error_naming_the_interceptor() {
    let (err, hooks, sent) = fail_in("modify_before_signing").await;
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    let interceptor = interceptor_error(&err);
    assert_eq!(interceptor.to_string(), "Recorder modify_before_signing interceptor encountered an error");
    assert_eq!(std::error::Error::source(interceptor).unwrap().to_string(), "modify_before_signing refused");
    assert_eq!(sent, 0, "nothing was sent");
    assert_eq!(err.attempts(), 1, "a failed hook is not retried");
    assert_eq!(&hooks[hooks.len() - 2..], ["read_after_attempt", "read_after_execution"], "the finalizers ran");

    let (err, hooks, sent) = fail_in("read_before_execution").await;
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert!(err.to_string().contains("Recorder read_before_execution interceptor encountered an error"), "{err}");
    assert_eq!((sent, hooks), (0, vec!["read_before_execution", "read_after_execution"]));

    let (err, _, sent) = fail_in("modify_before_retry_loop").await;
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    assert_eq!(sent, 0);

    let (err, _, sent) = fail_in("read_after_transmit").await;
    assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(200));
    assert_eq!(interceptor_error(&err).to_string(), "Recorder read_after_transmit interceptor encountered an error");
    assert_eq!(sent, 1);

    let (err, _, sent) = fail_in("read_after_execution").await;
    assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
    assert_eq!(sent, 1, "the call itself succeeded");
}
