//! The `test-util` feature: a typed mock of every operation, answering with no network.
//!
//! `src/mock.rs` holds `Mock` (one rule method per operation, `<op>_error`, `<op>_pages`),
//! `Calls` (the inputs each operation was called with), and what turns a rule's typed answer
//! into the HTTP response a restJson1 service sends: a writer per operation, per modeled error,
//! and a JSON writer per structure and union that responses carry (the inverse of the readers
//! in `src/protocol.rs`). The machinery that is the same for every model (rule storage, the
//! transport, page tokens) is `aws_client_runtime::mock`.

use super::json_write::{object_body, structure_writer, union_writer};
use super::names::*;
use super::protocol::{http_string, http_text, payload_bytes};
use super::{docs, inner_docs, private_feature_gate, type_path};
use crate::ir::{
    Crate, ErrorShape, Location, Member, Module, Operation, Presence, TimestampFormat, Type, TypeDef, TypeKind,
    TypePath,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `::aws_client_runtime::mock`, always in full (the other modules of the runtime are too: the
/// file imports nothing).
const MOCK: MockModule = MockModule;

/// See [`MOCK`].
#[derive(Clone, Copy)]
struct MockModule;

impl quote::ToTokens for MockModule {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(quote!(::aws_client_runtime::mock));
    }
}

/// `src/mock.rs`.
pub fn mock_rs(krate: &Crate) -> TokenStream {
    let module_doc = inner_docs(&[
        "Typed mocks of every operation, with no network (the `test-util` feature).",
        "",
        "See [`Mock`].",
    ]);
    let (items, _) = within(Here::Mock, false, || {
        let writers: Vec<TokenStream> = krate.types.iter().filter_map(type_writer).collect();
        let responders = krate.operations.iter().map(|op| responder(krate, op));
        let mock = mock_struct(krate);
        let calls = calls_struct(krate);
        quote! {
            #mock
            #calls
            #(#responders)*
            #(#writers)*
        }
    });
    quote! {
        #module_doc
        #items
    }
}

/// The `Mock` type and its methods.
fn mock_struct(krate: &Crate) -> TokenStream {
    let service = &krate.title;
    let doc = [
        format!("A mock of {service}: answers each call with the rule given for its operation, with no network."),
        String::new(),
        "[`Mock::client`] is a real `Client`: each call serializes its input, is signed and retried as".into(),
        "usual, and reads the response a rule's answer is written as (status, headers and JSON body, as".into(),
        "the service sends them). A missing required input member fails before the mock is reached, as".into(),
        "with a real service; an output missing a required member reads as it would from a service.".into(),
        String::new(),
        "- `<operation>(|input| ..)` answers each call with the closure's `Ok(output)` or `Err(error)`;".into(),
        "- `<operation>_error(error)` answers each call with `error`;".into(),
        "- `<operation>_pages(pages)`, for paginated operations, answers with the pages in order: the".into(),
        "  first page to a request without a token, and page `n` to the token `mock-page-n`, which the".into(),
        "  page before it hands out (the last page hands out none), so a paginator walks them all and".into(),
        "  stops. The next-token members of the pages given are replaced.".into(),
        String::new(),
        "A call of an operation without a rule fails with a dispatch failure whose message names the".into(),
        "operation and the method that adds a rule. [`Mock::calls`] lists the inputs of the calls".into(),
        "answered (one per request: a retried call appears once per attempt), and [`Mock::requests`]".into(),
        "the signed requests. Clones share rules and calls; a rule added later applies to clients".into(),
        "made before.".into(),
        String::new(),
        "Errors the client retries (throttling, 5xx) are retried as with a real service, backoff".into(),
        "included: `Client::from_conf(mock.config().retry_config(RetryConfig::disabled()).build())`".into(),
        "answers them at once.".into(),
    ];
    let doc = docs(&doc);
    let methods = krate.operations.iter().map(|op| rule_methods(krate, op));
    quote! {
        #doc
        #[derive(Clone, Debug, Default)]
        pub struct Mock {
            core: #MOCK::MockCore<Calls>,
        }

        impl Mock {
            /// A mock without rules: every call fails, naming the rule it lacks.
            pub fn new() -> Self {
                Self::default()
            }
            /// A configuration that sends through this mock: region `us-east-1`, fixed test
            /// credentials. Change what a test needs (`retry_config`, `time_source`..), then
            /// `Client::from_conf(config.build())`.
            pub fn config(&self) -> crate::config::Builder {
                crate::Config::builder()
                    .region(crate::config::Region::new("us-east-1"))
                    .credentials_provider(crate::config::Credentials::new(
                        "AKIDMOCKEXAMPLE",
                        "mock/secret/access/key",
                        #NONE,
                        #NONE,
                        "mock",
                    ))
                    .http_client(self.core.http_client())
            }
            /// A client that sends through this mock, configured by [`Mock::config`].
            pub fn client(&self) -> crate::Client {
                crate::Client::from_conf(self.config().build())
            }
            /// The inputs of the calls answered so far, per operation, oldest first.
            pub fn calls(&self) -> Calls {
                self.core.calls()
            }
            /// The requests answered so far, as the client sent them (signed), oldest first.
            pub fn requests(&self) -> #VEC<::aws_client_runtime::transport::HttpRequest> {
                self.core.requests()
            }
            #(#methods)*
        }
    }
}

/// The methods `Mock` has of its own.
const OWN_METHODS: [&str; 5] = ["new", "config", "client", "calls", "requests"];

/// Whether `name` is neither a method of `Mock`'s own nor an operation's rule method.
fn is_free(krate: &Crate, name: &str) -> bool {
    !OWN_METHODS.contains(&name) && !krate.operations.iter().any(|op| op.method.as_str() == name)
}

fn input_path(op: &Operation) -> TokenStream {
    type_path(&TypePath { module: Module::Operation(op.module.clone()), name: op.input.name.clone() })
}

fn output_path(op: &Operation) -> TokenStream {
    type_path(&TypePath { module: Module::Operation(op.module.clone()), name: op.output.name.clone() })
}

fn error_path(op: &Operation) -> TokenStream {
    let (module, error) = (&op.module, &op.error);
    quote!(crate::operation::#module::#error)
}

fn responder_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("respond_{}", op.module.as_str())
}

/// `get_channel`, `get_channel_error` and `list_channels_pages`.
fn rule_methods(krate: &Crate, op: &Operation) -> TokenStream {
    let gate = private_feature_gate(std::slice::from_ref(&op.feature));
    let (method, wire_name) = (&op.method, &op.wire_name);
    let (input, output, error) = (input_path(op), output_path(op), error_path(op));
    let respond = responder_name(op);
    // A method whose name an operation or `Mock` itself already has is left out.
    let rule = (!OWN_METHODS.contains(&op.method.as_str())).then(|| {
        let doc = format!(" Answers each `{wire_name}` call with what `rule` returns for its input.");
        quote! {
            #[doc = #doc]
            #gate
            pub fn #method<F>(self, rule: F) -> Self
            where
                F: Fn(&#input) -> #RESULT<#output, #error> + #SEND + #SYNC + 'static,
            {
                self.core.set_rule(#wire_name, move |input: &#input| #respond(&rule(input)));
                self
            }
        }
    });
    let error_method = format_ident!("{}_error", op.method.as_str());
    let error_rule = is_free(krate, &error_method.to_string()).then(|| {
        let doc = format!(" Answers each `{wire_name}` call with `error`.");
        quote! {
            #[doc = #doc]
            #gate
            pub fn #error_method(self, error: #error) -> Self {
                self.core.set_answer::<#input>(#wire_name, #respond(&#ERR(error)));
                self
            }
        }
    });
    let pages = pages_method(krate, op);
    quote! {
        #rule
        #error_rule
        #pages
    }
}

/// `<op>_pages`, for a paginated operation whose tokens are strings and whose output can be
/// cloned.
fn pages_method(krate: &Crate, op: &Operation) -> TokenStream {
    let Some(p) = &op.pagination else { return quote!() };
    let (in_token, out_token) =
        (&op.input.structure.members[p.input_token], &op.output.structure.members[p.output_token]);
    if in_token.ty != Type::String || out_token.ty != Type::String {
        return quote!();
    }
    if op.output.structure.members.iter().any(|m| m.ty == Type::ByteStream) {
        return quote!();
    }
    let gate = private_feature_gate(std::slice::from_ref(&op.feature));
    let wire_name = &op.wire_name;
    let method = format_ident!("{}_pages", op.method.as_str());
    if !is_free(krate, &method.to_string()) {
        return quote!();
    }
    let (input, output) = (input_path(op), output_path(op));
    let respond = responder_name(op);
    let in_field = &in_token.field;
    let token = match in_token.presence {
        Presence::Optional => quote!(input.#in_field.as_deref()),
        _ => quote!(#SOME(input.#in_field.as_str()).filter(|t| !t.is_empty())),
    };
    let out_field = &out_token.field;
    let set_token = match out_token.presence {
        Presence::Optional => quote!(page.#out_field = next;),
        _ => quote!(page.#out_field = next.unwrap_or_default();),
    };
    let doc = format!(
        " Answers `{wire_name}` with `pages` in order: the first to a request without a token, page `n` to the token `mock-page-n` that page `n - 1` hands out; the last page hands out none, so a paginator stops after it."
    );
    quote! {
        #[doc = #doc]
        #gate
        pub fn #method(self, pages: #VEC<#output>) -> Self {
            self.core.set_rule(#wire_name, move |input: &#input| {
                let (mut page, next) = #MOCK::page(#wire_name, &pages, #token)?;
                #set_token
                #respond(&#OK(page))
            });
            self
        }
    }
}

/// `Calls` and its `MockCalls` implementation.
fn calls_struct(krate: &Crate) -> TokenStream {
    let fields = krate.operations.iter().map(|op| {
        let gate = private_feature_gate(std::slice::from_ref(&op.feature));
        let (method, input) = (&op.method, input_path(op));
        let doc = format!(" The inputs of `{}` calls.", op.wire_name);
        quote! {
            #[doc = #doc]
            #gate
            pub #method: #VEC<#input>,
        }
    });
    let records = krate.operations.iter().map(|op| {
        let gate = private_feature_gate(std::slice::from_ref(&op.feature));
        let (method, input, wire_name) = (&op.method, input_path(op), &op.wire_name);
        let copy = input_copy(op);
        quote! {
            #gate
            {
                if let (#wire_name, #SOME(input)) = (operation, input.downcast_ref::<#input>()) {
                    self.#method.push(#copy);
                }
            }
        }
    });
    let methods = krate.operations.iter().map(|op| {
        let gate = private_feature_gate(std::slice::from_ref(&op.feature));
        let (method, wire_name) = (op.method.as_str(), &op.wire_name);
        quote! {
            #gate
            {
                if operation == #wire_name {
                    return #SOME(#method);
                }
            }
        }
    });
    // Inputs with a stream cannot derive `Clone`: their copies are made by hand.
    let copies = krate.operations.iter().map(|op| {
        let gate = private_feature_gate(std::slice::from_ref(&op.feature));
        let method = &op.method;
        if op.input.structure.members.iter().any(|m| m.ty == Type::ByteStream) {
            let copy = input_copy(op);
            quote! { #gate #method: self.#method.iter().map(|input| #copy).collect(), }
        } else {
            quote! { #gate #method: self.#method.clone(), }
        }
    });
    quote! {
        /// The inputs of the calls a [`Mock`] answered, per operation, oldest first (one per
        /// request: a retried call appears once per attempt).
        #[derive(Debug, Default)]
        #[non_exhaustive]
        pub struct Calls {
            #(#fields)*
        }

        impl ::std::clone::Clone for Calls {
            fn clone(&self) -> Self {
                Self { #(#copies)* }
            }
        }

        impl #MOCK::MockCalls for Calls {
            fn record(&mut self, operation: &str, input: &(dyn ::std::any::Any + #SEND)) {
                let _ = (operation, input);
                #(#records)*
            }
            fn rule_method(operation: &str) -> #OPTION<&'static str> {
                let _ = operation;
                #(#methods)*
                #NONE
            }
        }
    }
}

/// A copy of `input` (a reference to the operation's input): a clone, or, for an input with a
/// stream (which the client has read into memory before sending), a copy of its bytes.
fn input_copy(op: &Operation) -> TokenStream {
    let members = &op.input.structure.members;
    if !members.iter().any(|m| m.ty == Type::ByteStream) {
        return quote!(input.clone());
    }
    let path = input_path(op);
    let fields = members.iter().map(|m| {
        let field = &m.field;
        if m.ty == Type::ByteStream {
            quote!(#field: crate::primitives::ByteStream::new(input.#field.to_bytes().unwrap_or_default()),)
        } else {
            quote!(#field: input.#field.clone(),)
        }
    });
    quote!(#path { #(#fields)* })
}

/// The writer of an operation's answer: its output, or one of its errors, as a response.
fn responder(krate: &Crate, op: &Operation) -> TokenStream {
    let gate = private_feature_gate(std::slice::from_ref(&op.feature));
    let (output, error) = (output_path(op), error_path(op));
    let respond = responder_name(op);
    let status = proc_macro2::Literal::u16_unsuffixed(op.http.code);
    let write_output = response(&op.output.structure.members, &quote!(output), quote!(#status), None);
    let output_binding = if op.output.structure.members.is_empty() { quote!(_) } else { quote!(output) };
    let arms = op.errors.iter().map(|e| {
        let variant = &e.variant;
        // The error's response writer is named after its type's JSON writer (errors have none).
        match krate.types.iter().find(|def| def.path == e.path) {
            Some(def) => {
                let ser = &def.ser_fn;
                quote! { #ERR(#error::#variant(error)) => #ser(error), }
            }
            None => quote! {
                #ERR(#error::#variant(error)) => #MOCK::unmodeled_error_response(::aws_client_runtime::error::ProvideErrorMetadata::meta(error)),
            },
        }
    });
    let doc = format!(" The response `{}` answers with.", op.wire_name);
    quote! {
        #[doc = #doc]
        #gate
        fn #respond(answer: &#RESULT<#output, #error>) -> #MOCK::Answer {
            match answer {
                #OK(#output_binding) => { #write_output }
                #(#arms)*
                #[allow(deprecated)]
                #ERR(#error::Unhandled(error)) => {
                    #MOCK::unmodeled_error_response(::aws_client_runtime::error::ProvideErrorMetadata::meta(error))
                }
            }
        }
    }
}

/// The JSON writer of a structure or union, or the response writer of an error, that
/// responses carry.
fn type_writer(def: &TypeDef) -> Option<TokenStream> {
    if def.received_by.is_empty() {
        return None;
    }
    let gate = private_feature_gate(&def.received_by);
    let item = match &def.kind {
        TypeKind::Structure(s) => structure_writer(def, s, &type_path(&def.path)),
        TypeKind::Union(u) => union_writer(def, u, &type_path(&def.path)),
        TypeKind::Error(e) => error_writer(def, e),
        TypeKind::Enum(_) => return None,
    };
    Some(quote!(#gate #item))
}

/// The response of a modeled error: its status (`@httpError`, else 400 or 500 by its fault),
/// its code in `x-amzn-errortype`, its members where they are bound.
fn error_writer(def: &TypeDef, e: &ErrorShape) -> TokenStream {
    let (path, ser) = (type_path(&def.path), &def.ser_fn);
    let status = match e.http_status {
        Some(s) => {
            let s = proc_macro2::Literal::u16_unsuffixed(s);
            quote!(#s)
        }
        None => {
            let server = e.fault == "server";
            quote!(#MOCK::error_status(#NONE, #server))
        }
    };
    let code = &def.wire_name;
    let doc = format!(" The response of `{code}`.");
    // The message of its metadata (`.message(..)` on the builder) goes where readers look for
    // it, unless the modeled message member is set: in that member, else under `message`.
    let key = match e.message_member.map(|i| &e.structure.members[i]) {
        Some(m) if m.ty == Type::String => Some(m.json_name.as_str()),
        Some(_) => None,
        None => Some("message"),
    };
    let message = key.and_then(|key| {
        let write = quote! {
            if let #SOME(message) = value.meta.message() {
                object.key(#key).string(message);
            }
        };
        // Unless a body member of that key is set.
        match e.structure.members.iter().find(|m| m.location == Location::Body && m.json_name == key) {
            None => Some(write),
            Some(m) if m.presence == Presence::Optional => {
                let field = &m.field;
                Some(quote! {
                    if value.#field.is_none() {
                        #write
                    }
                })
            }
            Some(_) => None,
        }
    });
    let write = response(&e.structure.members, &quote!(value), status, Some((code.as_str(), message)));
    quote! {
        #[doc = #doc]
        fn #ser(value: &#path) -> #MOCK::Answer {
            #write
        }
    }
}

/// Statements that make the response (`Answer`) of `value`, whose members are `members`:
/// status, headers and body as restJson1 binds them. `error`: the error code and what adds the
/// metadata's message to the JSON body `object`.
fn response(
    members: &[Member],
    value: &TokenStream,
    status: TokenStream,
    error: Option<(&str, Option<TokenStream>)>,
) -> TokenStream {
    let mut out = TokenStream::new();
    let status = match members.iter().find(|m| m.location == Location::ResponseCode) {
        Some(m) => {
            let (field, label) = (&m.field, m.field.as_str());
            let check = quote!(u16::try_from(code).map_err(|_| #ERROR::BuildError::invalid_field(#label, "not an HTTP status code")));
            match m.presence {
                Presence::Optional => quote!(match #value.#field { #SOME(code) => #check?, #NONE => #status }),
                _ => quote!({ let code = #value.#field; #check? }),
            }
        }
        None => status,
    };
    let changed = error.is_some() || members.iter().any(|m| m.location != Location::ResponseCode);
    let binding = if changed { quote!(mut response) } else { quote!(response) };
    out.extend(quote! {
        let #binding = #HTTP::Response::builder().status(#status);
    });
    if let Some((code, _)) = &error {
        out.extend(quote! { response = response.header("x-amzn-errortype", #code); });
    }
    for m in members {
        let label = m.field.as_str();
        match &m.location {
            Location::Header(name) => {
                let name = name.to_ascii_lowercase();
                let text = header_text(&m.ty, m.media_type.is_some());
                out.extend(with_value(m, value, |v| {
                    let _ = v;
                    quote! {
                        response = response.header(#name, #HTTP_BINDING::header_value(#text, #label)?);
                    }
                }));
            }
            Location::PrefixHeaders(prefix) => {
                let item = match &m.ty {
                    Type::Map { value: item, .. } => (**item).clone(),
                    _ => continue,
                };
                let text = header_text(&item, false);
                out.extend(with_value(m, value, |v| {
                    quote! {
                        let mut entries: #VEC<_> = #v.iter().collect();
                        entries.sort();
                        for (k, v) in entries {
                            let name = format!("{}{}", #prefix, k);
                            response = response.header(#HTTP_BINDING::header_name(&name, #label)?, #HTTP_BINDING::header_value(#text, #label)?);
                        }
                    }
                }));
            }
            _ => {}
        }
    }
    let body = if let Some(m) = members.iter().find(|m| m.location == Location::Payload) {
        payload(m, value)
    } else if members.iter().any(|m| m.location == Location::Body) || error.is_some() {
        let message = error.and_then(|(_, message)| message).unwrap_or_default();
        let body = object_body(members, value, message);
        quote! {
            response = response.header("content-type", "application/json");
            #body?
        }
    } else {
        quote!(::aws_client_runtime::bytes::Bytes::new())
    };
    out.extend(quote! {
        let body = { #body };
        response.body(body).map_err(#ERROR::BuildError::other)
    });
    out
}

/// The statements `body` makes of the member's value (`v`, a reference), run only when the
/// member has a value.
fn with_value(m: &Member, value: &TokenStream, body: impl FnOnce(&TokenStream) -> TokenStream) -> TokenStream {
    let field = &m.field;
    let v = quote!(v);
    let body = body(&v);
    match (&m.presence, m.boxed) {
        (Presence::Optional, false) => quote! { if let #SOME(v) = &#value.#field { #body } },
        (Presence::Optional, true) => quote! { if let #SOME(v) = #value.#field.as_deref() { #body } },
        (_, false) => quote! { { let v = &#value.#field; #body } },
        (_, true) => quote! { { let v = &*#value.#field; #body } },
    }
}

/// The header text of `v` (a reference to a value of `ty`), as a `&str` expression.
fn header_text(ty: &Type, media_type: bool) -> TokenStream {
    match ty {
        Type::List { item, .. } => {
            let item_text = http_string(item, &quote!(v));
            let join = if **item == Type::Timestamp(TimestampFormat::HttpDate) {
                quote!(items.join(", "))
            } else {
                quote!(#HTTP_BINDING::join_header_list(items.iter().map(#STRING::as_str)))
            };
            quote!({
                let mut items = #VEC::with_capacity(v.len());
                for v in v {
                    items.push(#item_text);
                }
                #join
            }.as_str())
        }
        Type::String if media_type => quote!(#HTTP_BINDING::base64_text(v).as_str()),
        ty => http_text(ty, &quote!(v)),
    }
}

/// The body of an `@httpPayload` member: its bytes, text or JSON (and its content type).
fn payload(m: &Member, value: &TokenStream) -> TokenStream {
    let (content_type, bytes) = match &m.ty {
        Type::ByteStream => (
            "application/octet-stream",
            quote!(v.to_bytes().ok_or_else(|| #ERROR::BuildError::other("a mock answers with a stream whose bytes are in memory: ByteStream::new or ByteStream::from(Vec<u8>)"))?),
        ),
        ty => match payload_bytes(ty, TokenStream::new) {
            Some(payload) => payload,
            None => return quote!(::aws_client_runtime::bytes::Bytes::new()),
        },
    };
    let content_type = m.media_type.as_deref().unwrap_or(content_type);
    let field = &m.field;
    let set = quote! {
        if !response.headers_ref().is_some_and(|h| h.contains_key("content-type")) {
            response = response.header("content-type", #content_type);
        }
    };
    match (&m.presence, m.boxed) {
        (Presence::Optional, boxed) => {
            let get = if boxed { quote!(#value.#field.as_deref()) } else { quote!(#value.#field.as_ref()) };
            quote! {
                match #get {
                    #SOME(v) => {
                        #set
                        #bytes
                    }
                    #NONE => ::aws_client_runtime::bytes::Bytes::new(),
                }
            }
        }
        (_, boxed) => {
            let get = if boxed { quote!(&*#value.#field) } else { quote!(&#value.#field) };
            quote! {
                let v = #get;
                #set
                #bytes
            }
        }
    }
}

#[cfg(test)]
mod tests {
    /// A service with a paginated operation and one that can fail with a modeled error.
    const MODEL: &str = r#"{"smithy": "2.0", "shapes": {
        "a.b#Svc": {"type": "service", "version": "1", "operations": [{"target": "a.b#ListThings"}, {"target": "a.b#GetThing"}],
            "traits": {"aws.protocols#restJson1": {}, "aws.api#service": {"sdkId": "Things"}}},
        "a.b#ListThings": {"type": "operation", "input": {"target": "a.b#ListIn"}, "output": {"target": "a.b#ListOut"},
            "traits": {"smithy.api#http": {"method": "GET", "uri": "/things"},
                "smithy.api#paginated": {"inputToken": "nextToken", "outputToken": "nextToken", "items": "things"}}},
        "a.b#ListIn": {"type": "structure", "members": {"nextToken": {"target": "smithy.api#String", "traits": {"smithy.api#httpQuery": "next"}}}},
        "a.b#ListOut": {"type": "structure", "members": {"nextToken": {"target": "smithy.api#String"},
            "things": {"target": "a.b#Names"}}},
        "a.b#Names": {"type": "list", "member": {"target": "smithy.api#String"}},
        "a.b#GetThing": {"type": "operation", "input": {"target": "a.b#GetIn"}, "output": {"target": "a.b#GetOut"},
            "errors": [{"target": "a.b#NotFound"}],
            "traits": {"smithy.api#http": {"method": "GET", "uri": "/things/{id}"}}},
        "a.b#GetIn": {"type": "structure", "members": {"id": {"target": "smithy.api#String",
            "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}}}},
        "a.b#GetOut": {"type": "structure", "members": {"etag": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "ETag"}},
            "code": {"target": "smithy.api#Integer", "traits": {"smithy.api#httpResponseCode": {}}}}},
        "a.b#NotFound": {"type": "structure", "members": {"message": {"target": "smithy.api#String"}},
            "traits": {"smithy.api#error": "client", "smithy.api#httpError": 404}}}}"#;

    fn mock_rs() -> String {
        let generated = crate::generate(MODEL, &crate::Settings::default()).expect("the model generates");
        let file = generated.files.into_iter().find(|f| f.path == "src/mock.rs").expect("src/mock.rs");
        file.contents
    }

    #[test]
    fn every_operation_has_a_rule_and_an_error_rule_and_paginated_ones_pages() {
        let text = mock_rs();
        for method in [
            "pub fn list_things<F>(",
            "pub fn list_things_error(",
            "pub fn list_things_pages(",
            "pub fn get_thing<F>(",
            "pub fn get_thing_error(",
        ] {
            assert!(text.contains(method), "{method} in {text}");
        }
        assert!(!text.contains("get_thing_pages"), "{text}");
        assert!(text.contains("pub get_thing: Vec<crate::operation::get_thing::GetThingInput>,"), "{text}");
        assert!(text.contains(r#"return Some("list_things");"#), "{text}");
    }

    #[test]
    fn responses_carry_the_bindings_and_errors_their_status_and_code() {
        let text = mock_rs();
        // The modeled error: its @httpError status and its code.
        assert!(text.contains(".status(404)"), "{text}");
        assert!(text.contains(r#"response.header("x-amzn-errortype", "NotFound")"#), "{text}");
        // The output: its header and its status code member.
        assert!(text.contains(r#""etag","#), "{text}");
        assert!(text.contains("match output.code {"), "{text}");
    }
}
