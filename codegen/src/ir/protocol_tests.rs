//! The model's protocol compliance test cases (`smithy.test#httpRequestTests` and
//! `smithy.test#httpResponseTests`, client side, restJson1), lowered for the emitter, and the one
//! table of cases the generator leaves out, each with its reason.

use super::{ErrorRef, Operation};
use crate::ident::{field_ident, to_snake_case, RustIdent};
use crate::model::Model;
use serde_json::Value;

/// Cases the generator does not emit: `(case id, reason)`. A case may be here only when it is
/// wrong upstream or needs something the crate does not support; `cargo xtask test` prints it.
pub const SKIPPED: &[(&str, &str)] = &[];

/// The protocol the generated client speaks; cases for other protocols are not ours.
const REST_JSON1: &str = "aws.protocols#restJson1";

/// One test case.
#[derive(Clone, Debug)]
pub struct ProtocolTest {
    /// The test function: `protocol_<case id in snake_case>`.
    pub name: RustIdent,
    /// The case's id.
    pub id: String,
    /// Index of the operation it runs through in [`super::Crate::operations`].
    pub operation: usize,
    /// The case's `params`: the input, output or error it is about.
    pub params: Value,
    /// What is checked.
    pub kind: CaseKind,
}

/// A request case or a response case.
#[derive(Clone, Debug)]
pub enum CaseKind {
    /// `httpRequestTests`: the input, sent, must give this request.
    Request(RequestCase),
    /// `httpResponseTests`: this response, parsed, must give the output or error.
    Response(ResponseCase),
}

/// What a request case expects.
#[derive(Clone, Debug, Default)]
pub struct RequestCase {
    /// `method`.
    pub method: String,
    /// `uri`.
    pub uri: String,
    /// `host`: the endpoint's host.
    pub host: Option<String>,
    /// `resolvedHost`.
    pub resolved_host: Option<String>,
    /// `queryParams`.
    pub query_params: Vec<String>,
    /// `forbidQueryParams`.
    pub forbid_query_params: Vec<String>,
    /// `requireQueryParams`.
    pub require_query_params: Vec<String>,
    /// `headers`.
    pub headers: Vec<(String, String)>,
    /// `forbidHeaders`.
    pub forbid_headers: Vec<String>,
    /// `requireHeaders`.
    pub require_headers: Vec<String>,
    /// `body`.
    pub body: Option<String>,
    /// `bodyMediaType`.
    pub body_media_type: Option<String>,
}

/// What a response case gives the client.
#[derive(Clone, Debug, Default)]
pub struct ResponseCase {
    /// `code`.
    pub code: u16,
    /// `headers`.
    pub headers: Vec<(String, String)>,
    /// `body`.
    pub body: Option<String>,
    /// The error the response is, for a case on an error structure.
    pub error: Option<ErrorRef>,
}

/// Every client case of the model's operations and of the errors they return, in operation
/// order, leaving out [`SKIPPED`] and other protocols' cases.
pub fn lower(model: &Model, operations: &[Operation]) -> Vec<ProtocolTest> {
    let mut tests = Vec::new();
    for (index, op) in operations.iter().enumerate() {
        let traits = &model.shapes[&op.id].traits;
        for case in cases(traits.get("smithy.test#httpRequestTests")) {
            tests.push(test(case, index, CaseKind::Request(request_case(case))));
        }
        for case in cases(traits.get("smithy.test#httpResponseTests")) {
            tests.push(test(case, index, CaseKind::Response(response_case(case, None))));
        }
    }
    // An error's cases run through the first operation that can return it.
    let mut seen = std::collections::BTreeSet::new();
    for (index, op) in operations.iter().enumerate() {
        for error in &op.errors {
            let is_error = |id: &str, shape: &crate::model::Shape| {
                crate::model::shape_name(id) == error.code && shape.traits.has("smithy.api#error")
            };
            let Some(shape) = model.shapes.iter().find(|(id, shape)| is_error(id, shape)) else {
                continue;
            };
            if !seen.insert(shape.0.clone()) {
                continue;
            }
            for case in cases(shape.1.traits.get("smithy.test#httpResponseTests")) {
                tests.push(test(case, index, CaseKind::Response(response_case(case, Some(error.clone())))));
            }
        }
    }
    // An id used by a request case and a response case names two tests.
    let mut counts = std::collections::BTreeMap::new();
    for t in &tests {
        *counts.entry(t.name.as_str().to_owned()).or_insert(0) += 1;
    }
    for t in &mut tests {
        if counts[t.name.as_str()] > 1 {
            let suffix = match t.kind {
                CaseKind::Request(_) => "request",
                CaseKind::Response(_) => "response",
            };
            t.name = field_ident(&format!("protocol_{}_{suffix}", to_snake_case(&t.id)));
        }
    }
    tests
}

/// The client-side restJson1 cases of a test trait's value, minus [`SKIPPED`].
fn cases(value: Option<&Value>) -> impl Iterator<Item = &Value> {
    value.and_then(Value::as_array).into_iter().flatten().filter(|case| {
        let for_client = case.get("appliesTo").and_then(Value::as_str).is_none_or(|a| a == "client");
        let ours = case.get("protocol").and_then(Value::as_str) == Some(REST_JSON1);
        let id = text(case, "id");
        for_client && ours && !SKIPPED.iter().any(|(skipped, _)| *skipped == id)
    })
}

fn test(case: &Value, operation: usize, kind: CaseKind) -> ProtocolTest {
    let id = text(case, "id");
    ProtocolTest {
        name: field_ident(&format!("protocol_{}", to_snake_case(&id))),
        id,
        operation,
        params: case.get("params").cloned().unwrap_or(Value::Object(Default::default())),
        kind,
    }
}

fn text(case: &Value, key: &str) -> String {
    case.get(key).and_then(Value::as_str).unwrap_or_default().to_owned()
}

fn optional_text(case: &Value, key: &str) -> Option<String> {
    case.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn list(case: &Value, key: &str) -> Vec<String> {
    case.get(key).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
}

fn headers(case: &Value) -> Vec<(String, String)> {
    case.get("headers")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
        .collect()
}

fn request_case(case: &Value) -> RequestCase {
    RequestCase {
        method: text(case, "method"),
        uri: text(case, "uri"),
        host: optional_text(case, "host"),
        resolved_host: optional_text(case, "resolvedHost"),
        query_params: list(case, "queryParams"),
        forbid_query_params: list(case, "forbidQueryParams"),
        require_query_params: list(case, "requireQueryParams"),
        headers: headers(case),
        forbid_headers: list(case, "forbidHeaders"),
        require_headers: list(case, "requireHeaders"),
        body: optional_text(case, "body"),
        body_media_type: optional_text(case, "bodyMediaType"),
    }
}

fn response_case(case: &Value, error: Option<ErrorRef>) -> ResponseCase {
    ResponseCase {
        code: case.get("code").and_then(Value::as_u64).and_then(|c| u16::try_from(c).ok()).unwrap_or(200),
        headers: headers(case),
        body: optional_text(case, "body"),
        error,
    }
}
