//! `tests/protocol_tests.rs`: the model's protocol compliance cases, one `#[tokio::test]` each.
//! A case's `params` become Rust through the crate's public API only (builders, enums by value,
//! `DateTime`, `Blob`), so the tests also prove that the API can express every case.

use crate::ident::RustIdent;
use crate::ir::protocol_tests::{CaseKind, ProtocolTest, RequestCase, ResponseCase};
use crate::ir::{Crate, Member, Module, NamedKind, Operation, Structure, Type, TypeDef, TypeKind, TypePath};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;
use std::collections::HashMap;

/// The file, or `None` when the model has no cases.
pub fn protocol_tests_rs(krate: &Crate) -> TokenStream {
    let cx = Context::new(krate);
    let lib = &cx.lib;
    let tests = krate.protocol_tests.iter().map(|t| cx.test(t));
    let module_doc = super::inner_docs(&[
        "The model's protocol compliance test cases (`smithy.test#httpRequestTests` and `httpResponseTests`); `cargo test protocol` runs them.",
    ]);
    quote! {
        #module_doc
        #![allow(clippy::approx_constant, clippy::excessive_precision, clippy::too_many_lines)]
        use ::aws_client_runtime::protocol_test::{CaptureClient, ExpectedRequest};

        /// A client that sends to `endpoint` through `transport`.
        fn client(transport: &CaptureClient, endpoint: &str) -> #lib::Client {
            let config = #lib::Config::builder()
                .region(#lib::config::Region::new("us-east-1"))
                .endpoint_url(endpoint)
                .credentials_provider(#lib::config::Credentials::new("AKIDEXAMPLE", "SECRET", None, None, "test"))
                .retry_config(#lib::config::RetryConfig::disabled())
                .idempotency_token_provider("00000000-0000-4000-8000-000000000000")
                .http_client(transport.clone())
                .build();
            #lib::Client::from_conf(config)
        }

        #(#tests)*
    }
}

struct Context<'a> {
    krate: &'a Crate,
    lib: Ident,
    types: HashMap<&'a TypePath, &'a TypeDef>,
}

impl<'a> Context<'a> {
    fn new(krate: &'a Crate) -> Self {
        Self {
            krate,
            lib: format_ident!("{}", krate.package.replace('-', "_")),
            types: krate.types.iter().map(|t| (&t.path, t)).collect(),
        }
    }

    fn test(&self, test: &ProtocolTest) -> TokenStream {
        let op = &self.krate.operations[test.operation];
        let name = &test.name;
        let doc = format!(" `{}` on `{}`.", test.id, op.wire_name);
        let body = match &test.kind {
            CaseKind::Request(case) => self.request_test(op, &test.params, case),
            CaseKind::Response(case) => self.response_test(op, &test.params, case),
        };
        quote! {
            #[doc = #doc]
            #[::tokio::test]
            async fn #name() {
                #body
            }
        }
    }

    fn request_test(&self, op: &Operation, params: &Value, case: &RequestCase) -> TokenStream {
        let method = &op.method;
        let setters = self.setters(&op.input.structure, params);
        let endpoint = format!("https://{}", case.host.as_deref().unwrap_or("example.com"));
        let strs = |items: &[String]| quote!(&[#(#items),*]);
        let (http_method, uri) = (&case.method, &case.uri);
        let resolved_host = option_str(case.resolved_host.as_deref());
        let query_params = strs(&case.query_params);
        let forbid_query_params = strs(&case.forbid_query_params);
        let require_query_params = strs(&case.require_query_params);
        let headers = case.headers.iter().map(|(k, v)| quote!((#k, #v)));
        let forbid_headers = strs(&case.forbid_headers);
        let require_headers = strs(&case.require_headers);
        let body = option_str(case.body.as_deref());
        let media_type = option_str(case.body_media_type.as_deref());
        quote! {
            let transport = CaptureClient::ok();
            let client = client(&transport, #endpoint);
            // The response is not what this case checks.
            let _ = client.#method()#(#setters)*.send().await;
            let request = transport.only_request().expect("the client sends the request");
            ::aws_client_runtime::protocol_test::assert_request(&request, &ExpectedRequest {
                method: #http_method,
                uri: #uri,
                resolved_host: #resolved_host,
                query_params: #query_params,
                forbid_query_params: #forbid_query_params,
                require_query_params: #require_query_params,
                headers: &[#(#headers),*],
                forbid_headers: #forbid_headers,
                require_headers: #require_headers,
                body: #body,
                body_media_type: #media_type,
            });
        }
    }

    fn response_test(&self, op: &Operation, params: &Value, case: &ResponseCase) -> TokenStream {
        let method = &op.method;
        let code = case.code;
        let headers = case.headers.iter().map(|(k, v)| quote!((#k, #v)));
        let body = case.body.as_deref().unwrap_or_default();
        let body = Literal::byte_string(body.as_bytes());
        let required = self.placeholder_setters(&op.input.structure);
        let send = quote! {
            let transport = CaptureClient::new(::aws_client_runtime::protocol_test::response(#code, &[#(#headers),*], #body));
            let client = client(&transport, "https://example.com");
            let result = client.#method()#(#required)*.send().await;
        };
        match &case.error {
            None => {
                let output = &op.output;
                let expected = self.structure_value(&self.operation_path(op, &output.name), &output.structure, params);
                let checks = self.field_checks(&output.structure, params);
                if checks.is_empty() {
                    return quote! {
                        #send
                        result.expect("the response parses");
                    };
                }
                quote! {
                    #send
                    let actual = result.expect("the response parses");
                    let expected = #expected;
                    #(#checks)*
                }
            }
            Some(error) => {
                let lib = &self.lib;
                let module = &op.module;
                let op_error = &op.error;
                let variant = &error.variant;
                let Some(def) = self.types.get(&error.path) else {
                    return quote!(panic!("the error type is not generated"););
                };
                let TypeKind::Error(shape) = &def.kind else { return quote!(panic!("not an error type");) };
                let expected = self.structure_value(&def.path, &shape.structure, params);
                let checks = self.field_checks(&shape.structure, params);
                let (binding, compare) = if checks.is_empty() {
                    (quote!(_), quote!())
                } else {
                    (quote!(actual), quote!(let expected = #expected; #(#checks)*))
                };
                quote! {
                    #send
                    let error = result.expect_err("the response is an error").into_service_error();
                    let #lib::operation::#module::#op_error::#variant(#binding) = error else {
                        panic!("expected {}, got {error:?}", stringify!(#variant));
                    };
                    #compare
                }
            }
        }
    }

    /// `assert_eq!` on each member the case gives (NaN compared through its `Debug` text).
    fn field_checks(&self, structure: &Structure, params: &Value) -> Vec<TokenStream> {
        let Some(object) = params.as_object() else { return Vec::new() };
        structure
            .members
            .iter()
            .filter(|m| object.get(&m.wire_name).is_some_and(|v| !v.is_null()))
            .map(|m| {
                let field = &m.field;
                let message = format!("member `{}`", m.wire_name);
                if m.ty == Type::ByteStream {
                    return quote! {
                        assert_eq!(
                            actual.#field.collect().await.expect("the body reads"),
                            expected.#field.collect().await.expect("the body reads"),
                            #message
                        );
                    };
                }
                if contains_nan(&object[&m.wire_name]) {
                    quote! {
                        assert_eq!(format!("{:?}", actual.#field), format!("{:?}", expected.#field), #message);
                    }
                } else {
                    quote! { assert_eq!(actual.#field, expected.#field, #message); }
                }
            })
            .collect()
    }

    /// `.set_x(Some(..))` for each member `params` gives.
    fn setters(&self, structure: &Structure, params: &Value) -> Vec<TokenStream> {
        let Some(object) = params.as_object() else { return Vec::new() };
        structure
            .members
            .iter()
            .filter_map(|m| {
                // A null member is one left unset.
                let value = object.get(&m.wire_name).filter(|v| !v.is_null())?;
                let set = &m.set_fn;
                let mut value = self.member_value(m, value);
                if m.boxed {
                    value = quote!(::std::boxed::Box::new(#value));
                }
                Some(quote!(.#set(::std::option::Option::Some(#value))))
            })
            .collect()
    }

    /// Setters for the input's required members, with values any response case accepts.
    fn placeholder_setters(&self, structure: &Structure) -> Vec<TokenStream> {
        let placeholders: serde_json::Map<String, Value> = structure
            .members
            .iter()
            .filter(|m| m.required)
            .filter_map(|m| Some((m.wire_name.clone(), self.placeholder(&m.ty, 0)?)))
            .collect();
        self.setters(structure, &Value::Object(placeholders))
    }

    /// A value of type `ty` as a test case would give it, for members a response case needs set.
    fn placeholder(&self, ty: &Type, depth: usize) -> Option<Value> {
        Some(match ty {
            Type::String | Type::BigInteger | Type::BigDecimal => Value::String("placeholder".into()),
            Type::Boolean => Value::Bool(false),
            Type::Byte | Type::Short | Type::Integer | Type::Long | Type::Float | Type::Double => Value::from(1),
            Type::Timestamp(_) => Value::from(0),
            Type::Blob | Type::ByteStream => Value::String(String::new()),
            Type::Document => Value::Null,
            Type::Unit => Value::Object(Default::default()),
            Type::List { .. } => Value::Array(Vec::new()),
            Type::Map { .. } => Value::Object(Default::default()),
            Type::Named(_) if depth > 8 => return None,
            Type::Named(named) => match self.types.get(&named.path).map(|d| &d.kind)? {
                TypeKind::Enum(e) => {
                    let first = e.variants.first()?;
                    if e.int {
                        Value::from(first.value.parse::<i64>().ok()?)
                    } else {
                        Value::String(first.value.clone())
                    }
                }
                TypeKind::Structure(s) | TypeKind::Error(crate::ir::ErrorShape { structure: s, .. }) => Value::Object(
                    s.members
                        .iter()
                        .filter(|m| m.required)
                        .filter_map(|m| Some((m.wire_name.clone(), self.placeholder(&m.ty, depth + 1)?)))
                        .collect(),
                ),
                TypeKind::Union(u) => {
                    let first = u.variants.first()?;
                    let mut object = serde_json::Map::new();
                    object.insert(first.member.wire_name.clone(), self.placeholder(&first.member.ty, depth + 1)?);
                    Value::Object(object)
                }
            },
        })
    }

    fn member_value(&self, m: &Member, value: &Value) -> TokenStream {
        self.value(&m.ty, value)
    }

    /// The Rust expression of `value` as type `ty`.
    fn value(&self, ty: &Type, value: &Value) -> TokenStream {
        let lib = &self.lib;
        match (ty, value) {
            (Type::String | Type::BigInteger | Type::BigDecimal, Value::String(s)) => quote!(#s.to_owned()),
            (Type::BigInteger | Type::BigDecimal, Value::Number(n)) => {
                let text = n.to_string();
                quote!(#text.to_owned())
            }
            (Type::Boolean, Value::Bool(b)) => quote!(#b),
            (Type::Byte, Value::Number(n)) => int_literal(n, "i8"),
            (Type::Short, Value::Number(n)) => int_literal(n, "i16"),
            (Type::Integer, Value::Number(n)) => int_literal(n, "i32"),
            (Type::Long, Value::Number(n)) => int_literal(n, "i64"),
            (Type::Float, _) => float(value, quote!(f32), |f| format!("{:?}_f32", f as f32)),
            (Type::Double, _) => float(value, quote!(f64), |f| format!("{f:?}_f64")),
            (Type::Timestamp(_), Value::Number(n)) => {
                let (secs, nanos) = secs_and_nanos(&n.to_string());
                quote!(#lib::primitives::DateTime::from_secs_and_nanos(#secs, #nanos))
            }
            (Type::Blob, Value::String(s)) => quote!(#lib::primitives::Blob::new(#s.as_bytes())),
            (Type::ByteStream, Value::String(s)) => {
                quote!(#lib::primitives::ByteStream::from(#s.as_bytes().to_vec()))
            }
            (Type::Document, value) => {
                let json = value.to_string();
                quote!(::aws_client_runtime::protocol_test::document(#json))
            }
            (Type::List { item, sparse }, Value::Array(items)) => {
                let items = items.iter().map(|v| self.maybe_sparse(item, *sparse, v));
                quote!(::std::vec![#(#items),*])
            }
            (Type::Map { value: value_ty, sparse }, Value::Object(entries)) => {
                let entries = entries.iter().map(|(k, v)| {
                    let v = self.maybe_sparse(value_ty, *sparse, v);
                    quote!((#k.to_owned(), #v))
                });
                quote!(::std::collections::HashMap::from([#(#entries),*]))
            }
            (Type::Named(named), value) => {
                let path = self.type_path(&named.path);
                match (named.kind, value) {
                    (NamedKind::Enum, Value::String(s)) => quote!(#path::from(#s)),
                    (NamedKind::IntEnum, Value::Number(n)) => {
                        let n = int_literal(n, "");
                        quote!(#path::from(#n))
                    }
                    (NamedKind::Structure, value) => match self.types.get(&named.path).map(|d| &d.kind) {
                        Some(TypeKind::Structure(s)) => self.structure_value(&named.path, s, value),
                        Some(TypeKind::Error(e)) => self.structure_value(&named.path, &e.structure, value),
                        _ => quote!(compile_error!("no structure for a test case value")),
                    },
                    (NamedKind::Union, Value::Object(entries)) => {
                        let Some(TypeKind::Union(union)) = self.types.get(&named.path).map(|d| &d.kind) else {
                            return quote!(compile_error!("no union for a test case value"));
                        };
                        let Some((key, inner)) = entries.iter().next() else {
                            return quote!(compile_error!("a union value names no member"));
                        };
                        let Some(variant) = union.variants.iter().find(|v| v.member.wire_name == *key) else {
                            return quote!(compile_error!("a union value names an unknown member"));
                        };
                        let name = &variant.name;
                        if variant.member.ty == Type::Unit {
                            return quote!(#path::#name);
                        }
                        let inner = self.value(&variant.member.ty, inner);
                        quote!(#path::#name(#inner))
                    }
                    _ => quote!(compile_error!("a test case value does not fit its type")),
                }
            }
            _ => {
                let message = format!("a test case value does not fit its type: {value}");
                quote!(compile_error!(#message))
            }
        }
    }

    fn maybe_sparse(&self, ty: &Type, sparse: bool, value: &Value) -> TokenStream {
        match (sparse, value) {
            (true, Value::Null) => quote!(::std::option::Option::None),
            (true, value) => {
                let value = self.value(ty, value);
                quote!(::std::option::Option::Some(#value))
            }
            (false, value) => self.value(ty, value),
        }
    }

    /// `Path::builder().set_a(Some(..))...build()`.
    fn structure_value(&self, path: &TypePath, structure: &Structure, params: &Value) -> TokenStream {
        let path = self.type_path(path);
        let setters = self.setters(structure, params);
        let build = if structure.build_is_fallible {
            quote!(.build().expect("the test case's values build"))
        } else {
            quote!(.build())
        };
        quote!(#path::builder()#(#setters)*#build)
    }

    fn operation_path(&self, op: &Operation, name: &RustIdent) -> TypePath {
        TypePath { module: Module::Operation(op.module.clone()), name: name.clone() }
    }

    fn type_path(&self, path: &TypePath) -> TokenStream {
        let lib = &self.lib;
        let name = &path.name;
        match &path.module {
            Module::Types => quote!(#lib::types::#name),
            Module::TypesError => quote!(#lib::types::error::#name),
            Module::Operation(module) => quote!(#lib::operation::#module::#name),
        }
    }
}

fn option_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    }
}

/// An integer literal with `suffix` (`5_i8`), or unsuffixed with `""`.
fn int_literal(n: &serde_json::Number, suffix: &str) -> TokenStream {
    let separator = if suffix.is_empty() { "" } else { "_" };
    match n.as_i64().map(|i| format!("{i}{separator}{suffix}").parse::<TokenStream>()) {
        Some(Ok(tokens)) => tokens,
        _ => quote!(compile_error!("an integer out of range in a test case")),
    }
}

/// A float from a JSON number or `"NaN"`, `"Infinity"`, `"-Infinity"`.
fn float(value: &Value, ty: TokenStream, literal: impl Fn(f64) -> String) -> TokenStream {
    match value {
        Value::String(s) if s == "NaN" => quote!(#ty::NAN),
        Value::String(s) if s == "Infinity" => quote!(#ty::INFINITY),
        Value::String(s) if s == "-Infinity" => quote!(#ty::NEG_INFINITY),
        Value::Number(n) => match n.as_f64() {
            Some(f) => literal(f).parse().unwrap_or_else(|_| quote!(compile_error!("a float test case value"))),
            None => quote!(compile_error!("a float out of range in a test case")),
        },
        _ => quote!(compile_error!("a float test case value is neither a number nor NaN or Infinity")),
    }
}

/// Epoch seconds as written (`1576540098.5`) to whole seconds and nanoseconds, exactly.
fn secs_and_nanos(text: &str) -> (i64, u32) {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let secs: i64 = whole.parse().unwrap_or_default();
    let digits: String =
        fraction.chars().take_while(char::is_ascii_digit).chain(std::iter::repeat('0')).take(9).collect();
    let nanos: u32 = digits.parse().unwrap_or_default();
    // Before the epoch the fraction counts back from the whole second.
    if whole.starts_with('-') && nanos > 0 {
        (secs - 1, 1_000_000_000 - nanos)
    } else {
        (secs, nanos)
    }
}

fn contains_nan(value: &Value) -> bool {
    match value {
        Value::String(s) => s == "NaN",
        Value::Array(items) => items.iter().any(contains_nan),
        Value::Object(entries) => entries.values().any(contains_nan),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A service whose operation has a request case and a response case of one id, a server-only
    /// case and a case of another protocol.
    const MODEL: &str = r#"{"smithy": "2.0", "shapes": {
        "a.b#Svc": {"type": "service", "version": "1", "operations": [{"target": "a.b#SayHello"}],
            "traits": {"aws.protocols#restJson1": {}, "aws.api#service": {"sdkId": "Hello"}}},
        "a.b#SayHello": {"type": "operation", "input": {"target": "a.b#In"}, "output": {"target": "a.b#Out"},
            "traits": {"smithy.api#http": {"method": "POST", "uri": "/hello"},
                "smithy.test#httpRequestTests": [
                    {"id": "SayHello", "protocol": "aws.protocols#restJson1", "method": "POST", "uri": "/hello",
                     "params": {"name": "x", "count": 2, "when": 1.5}, "body": "{\"name\":\"x\",\"count\":2,\"when\":1.5}",
                     "bodyMediaType": "application/json"},
                    {"id": "ServerOnly", "protocol": "aws.protocols#restJson1", "method": "POST", "uri": "/hello", "appliesTo": "server"},
                    {"id": "OtherProtocol", "protocol": "aws.protocols#awsJson1_1", "method": "POST", "uri": "/"}],
                "smithy.test#httpResponseTests": [
                    {"id": "SayHello", "protocol": "aws.protocols#restJson1", "code": 200, "body": "{\"greeting\":\"hi\"}",
                     "params": {"greeting": "hi"}}]}},
        "a.b#In": {"type": "structure", "members": {"name": {"target": "smithy.api#String"},
            "count": {"target": "smithy.api#Integer"}, "when": {"target": "smithy.api#Timestamp"}}},
        "a.b#Out": {"type": "structure", "members": {"greeting": {"target": "smithy.api#String"}}}}}"#;

    #[test]
    fn client_cases_of_the_protocol_become_tests_through_the_builders() {
        let generated = crate::generate(MODEL, &crate::Settings::default()).expect("the model generates");
        let file = generated.files.iter().find(|f| f.path == "tests/protocol_tests.rs").expect("the test file");
        let text = &file.contents;
        assert!(text.contains("async fn protocol_say_hello_request()"), "{text}");
        assert!(text.contains("async fn protocol_say_hello_response()"), "{text}");
        assert!(!text.contains("server_only") && !text.contains("other_protocol"), "{text}");
        assert!(text.contains(".set_name(::std::option::Option::Some(\"x\".to_owned()))"), "{text}");
        assert!(text.contains(".set_count(::std::option::Option::Some(2_i32))"), "{text}");
        assert!(text.contains("DateTime::from_secs_and_nanos(1i64, 500000000u32)"), "{text}");
        assert!(text.contains("assert_eq!(actual.greeting, expected.greeting"), "{text}");
    }

    #[test]
    fn a_model_without_cases_has_no_test_file() {
        let model =
            MODEL.replace("smithy.test#httpRequestTests", "x.y#a").replace("smithy.test#httpResponseTests", "x.y#b");
        let generated = crate::generate(&model, &crate::Settings::default());
        // Unknown traits are the loader's business; the JSON generator keeps them.
        let generated = generated.expect("the model generates");
        assert!(generated.files.iter().all(|f| f.path != "tests/protocol_tests.rs"));
    }

    #[test]
    fn epoch_seconds_split_exactly() {
        assert_eq!(secs_and_nanos("1576540098"), (1576540098, 0));
        assert_eq!(secs_and_nanos("1576540098.2"), (1576540098, 200_000_000));
        assert_eq!(secs_and_nanos("1.000000001"), (1, 1));
        assert_eq!(secs_and_nanos("-1.5"), (-2, 500_000_000));
    }
}
