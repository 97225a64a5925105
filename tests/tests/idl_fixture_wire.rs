//! Wire tests of `weather`, the fixture crate generated from an IDL model
//! (`tests/fixtures/models/weather.smithy`): what the IDL says (resource identifiers bound by
//! elision, mixin members, inline input and output, `= default`, enum values, `apply`) reaches
//! the request and the parsed response.

use aws_client_runtime::transport::{BoxFuture, ConnectorError, HttpClient, HttpRequest, HttpResponse};
use bytes::Bytes;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use weather::config::{Credentials, Region, RetryConfig};
use weather::error::{ProvideErrorMetadata, SdkError};
use weather::operation::get_city::GetCityError;
use weather::types::{CityKind, Coordinates, Forecast, Severity};

/// Answers every request with one canned response and keeps the requests.
#[derive(Clone, Debug)]
struct Canned {
    status: u16,
    body: Value,
    seen: Arc<Mutex<Vec<(http::Method, http::Uri, Bytes)>>>,
}

impl HttpClient for Canned {
    fn send(&self, request: HttpRequest) -> BoxFuture<'static, Result<HttpResponse, ConnectorError>> {
        let (parts, body) = request.into_parts();
        self.seen.lock().expect("lock").push((parts.method, parts.uri, body));
        let response = http::Response::builder()
            .status(self.status)
            .header("content-type", "application/json")
            .body(Bytes::from(self.body.to_string()))
            .expect("valid response");
        Box::pin(async move { Ok(response) })
    }
}

fn client(status: u16, body: Value) -> (weather::Client, Canned) {
    let transport = Canned { status, body, seen: Arc::default() };
    let config = weather::Config::builder()
        .region(Region::new("us-west-2"))
        .endpoint_url("http://weather.test")
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "secret", None, None, "test"))
        .retry_config(RetryConfig::disabled())
        .http_client(transport.clone())
        .build();
    (weather::Client::from_conf(config), transport)
}

#[tokio::test]
async fn elided_identifier_is_the_label_and_mixin_members_are_read() {
    let body =
        json!({"cityId": "Oslo", "name": "Oslo", "coordinates": {"latitude": 59.9, "longitude": 10.7}, "kind": "town"});
    let (client, transport) = client(200, body);
    let out = client.get_city().city_id("Oslo").send().await.expect("GetCity");
    let seen = transport.seen.lock().expect("lock").clone();
    assert_eq!(seen[0].0, http::Method::GET);
    assert_eq!(seen[0].1.path(), "/cities/Oslo");
    assert!(seen[0].2.is_empty(), "a GET with only a label has no body");
    // `cityId` and `name` come from the CitySummary mixin, `kind` from the resource.
    assert_eq!(out.city_id(), "Oslo");
    assert_eq!(out.name(), Some("Oslo"));
    assert_eq!(out.kind(), Some(&CityKind::Town));
    assert_eq!(out.coordinates().map(|c| c.latitude()), Some(59.9));
}

#[tokio::test]
async fn inline_input_with_a_default_is_sent_as_json() {
    let (client, transport) = client(200, json!({"cityId": "Bergen"}));
    let coordinates = Coordinates::builder().latitude(60.4).longitude(5.3).build().expect("both required");
    let out = client
        .create_city()
        .city_id("Bergen")
        .name("Bergen")
        .coordinates(coordinates)
        .send()
        .await
        .expect("CreateCity");
    assert_eq!(out.city_id(), "Bergen");
    let seen = transport.seen.lock().expect("lock").clone();
    assert_eq!(seen[0].0, http::Method::PUT);
    assert_eq!(seen[0].1.path(), "/cities/Bergen");
    let sent: Value = serde_json::from_slice(&seen[0].2).expect("JSON body");
    assert_eq!(sent["name"], "Bergen");
    assert_eq!(sent["coordinates"], json!({"latitude": 60.4, "longitude": 5.3}));
    assert!(sent.get("cityId").is_none(), "the label is not in the body: {sent}");
}

#[tokio::test]
async fn unions_maps_and_int_enums_from_the_idl_parse() {
    let body = json!({"forecast": {"rain": {"millimetres": 2.5, "severity": 2}}, "alerts": {"wind": 1}});
    let (client, transport) = client(200, body);
    let out = client.get_forecast().city_id("Oslo").days(3).send().await.expect("GetForecast");
    let Some(Forecast::Rain(rain)) = out.forecast() else { panic!("expected rain: {:?}", out.forecast()) };
    assert_eq!(rain.millimetres(), Some(2.5));
    assert_eq!(rain.severity(), Some(&Severity::High));
    assert_eq!(out.alerts().and_then(|a| a.get("wind")), Some(&Severity::Low));
    let seen = transport.seen.lock().expect("lock").clone();
    assert_eq!(seen[0].1.path(), "/forecast/Oslo");
}

#[tokio::test]
async fn errors_bound_in_the_idl_are_modeled() {
    let (client, _) = client(404, json!({"__type": "NoSuchCity", "message": "no Atlantis"}));
    let err = client.get_city().city_id("Atlantis").send().await.expect_err("404");
    let SdkError::ServiceError(service) = &err else { panic!("expected a service error: {err:?}") };
    assert!(matches!(service.err(), GetCityError::NoSuchCity(_)), "{err:?}");
    assert_eq!(err.message(), Some("no Atlantis"));
}
