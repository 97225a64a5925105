//! One operation's module: its unit struct and client method, input, output, error, HTTP
//! binding, builders and paginator.

use super::json_write::object_body;
use super::names::*;
use super::protocol::{body_reader, has_body_members, http_string, http_text, payload_bytes, read_members};
use super::types::{builder, setters, structure, Flavor};
use super::{docs, inner_docs, rust_type};
use crate::ir::{
    Crate, HostPrefixSegment, Location, Module, NamedKind, Operation, PathSegment, Presence, RetryKind,
    TimestampFormat, Type, TypePath,
};
use proc_macro2::TokenStream;
use quote::quote;

/// `src/operation/<op>.rs`.
pub fn operation_rs(_krate: &Crate, op: &Operation) -> TokenStream {
    let module_doc = format!("The `{}` operation: its input, output, errors and builders.", op.wire_name);
    let module_docs = inner_docs(&[module_doc.as_str()]);
    let (name, method, fluent) = (&op.name, &op.method, &op.fluent_builder);
    let op_docs = docs(&op.docs);
    let deprecated = super::types::deprecated(&op.deprecated);
    let input_path = TypePath { module: Module::Operation(op.module.clone()), name: op.input.name.clone() };
    let output_path = TypePath { module: Module::Operation(op.module.clone()), name: op.output.name.clone() };
    let ungated = TokenStream::new();
    // The module and each module in it import what they use (the whole file is gated by its
    // feature, so nothing is unused).
    let module = Module::Operation(op.module.clone());
    let ((input, output, error, http), imports) = within(Here::Module(module.clone()), true, || {
        (
            structure(&input_path, &op.input.docs, &op.input.structure, Flavor::Input, &ungated),
            structure(&output_path, &op.output.docs, &op.output.structure, Flavor::Output, &ungated),
            error_enum(op),
            operation_impl(op),
        )
    });
    let uses = imports.use_items(&ungated);
    let ((input_builder, output_builder, fluent_builder), imports) = within(Here::Builders(module), true, || {
        (
            builder(&input_path, &op.input.structure, Flavor::Input, None, &ungated),
            builder(&output_path, &op.output.structure, Flavor::Output, None, &ungated),
            fluent_builder(op),
        )
    });
    let builder_uses = imports.use_items(&ungated);
    let paginator = paginator(op);
    quote! {
        #module_docs
        #uses
        #op_docs
        #[non_exhaustive]
        #[derive(Clone, Copy, Debug, Default)]
        pub struct #name;

        impl #name {
            /// The operation, as a value (it holds nothing).
            pub fn new() -> Self {
                Self
            }
        }

        impl crate::Client {
            #op_docs
            #deprecated
            pub fn #method(&self) -> builders::#fluent {
                builders::#fluent::new(self.handle.clone())
            }
        }

        #input
        #output
        #error
        #http

        /// Builders of this operation's input and output, and its fluent builder.
        pub mod builders {
            #builder_uses
            #input_builder
            #output_builder
            #fluent_builder
        }
        #paginator
    }
}

fn error_enum(op: &Operation) -> TokenStream {
    let name = &op.error;
    let doc = format!(" An error of the `{}` operation.", op.wire_name);
    let variants = op.errors.iter().map(|e| {
        let (variant, path) = (&e.variant, super::type_path(&e.path));
        let doc = format!(" The service answered `{}`.", e.code);
        quote! { #[doc = #doc] #variant(#path), }
    });
    let is_fns = op.errors.iter().map(|e| {
        let (variant, is_fn) = (&e.variant, &e.is_fn);
        let doc = format!(" Whether this is `{}`.", e.code);
        quote! {
            #[doc = #doc]
            pub fn #is_fn(&self) -> bool {
                matches!(self, Self::#variant(_))
            }
        }
    });
    let variant_names: Vec<_> = op.errors.iter().map(|e| &e.variant).collect();
    let retry_arms = op.errors.iter().filter_map(|e| {
        let variant = &e.variant;
        let kind = match e.retry_kind? {
            RetryKind::ThrottlingError => quote!(ThrottlingError),
            RetryKind::ServerError => quote!(ServerError),
            RetryKind::ClientError => quote!(ClientError),
        };
        Some(quote! { Self::#variant(_) => #SOME(#ERROR::ErrorKind::#kind), })
    });
    let retry_arms: Vec<_> = retry_arms.collect();
    let retry_kind = if retry_arms.is_empty() {
        quote!(#NONE)
    } else {
        quote! {
            match self {
                #(#retry_arms)*
                _ => #NONE,
            }
        }
    };
    // A constant cannot be interpolated in a repetition (`quote!` binds its name there).
    let some = SOME;
    quote! {
        #[doc = #doc]
        #[non_exhaustive]
        #[derive(Debug)]
        pub enum #name {
            #(#variants)*
            /// An error the model does not describe: match it with a wildcard and check `code()`.
            #[deprecated(note = "Matching `Unhandled` directly is not forwards compatible: match with a wildcard and check `.code()`.")]
            Unhandled(#ERROR::Unhandled),
        }
        impl #name {
            /// The error's code, message and request id.
            pub fn meta(&self) -> &#ERROR::ErrorMetadata {
                use #ERROR::ProvideErrorMetadata;
                match self {
                    #(Self::#variant_names(inner) => inner.meta(),)*
                    #[allow(deprecated)]
                    Self::Unhandled(inner) => inner.meta(),
                }
            }
            /// An error for a failure the model does not describe, wrapping `err`.
            pub fn unhandled(err: impl #INTO<#TRANSPORT::BoxError>) -> Self {
                #[allow(deprecated)]
                Self::Unhandled(#ERROR::Unhandled::new(err.into(), #NONE))
            }
            /// An error the model does not describe, made of its code and message alone.
            pub fn generic(err: #ERROR::ErrorMetadata) -> Self {
                #[allow(deprecated)]
                Self::Unhandled(#ERROR::Unhandled::new(err.clone().into(), #SOME(err)))
            }
            #(#is_fns)*
        }
        impl #ERROR::ProvideErrorMetadata for #name {
            fn meta(&self) -> &#ERROR::ErrorMetadata {
                #name::meta(self)
            }
        }
        impl #ERROR::ProvideErrorKind for #name {
            fn code(&self) -> #OPTION<&str> {
                self.meta().code()
            }
            fn retryable_error_kind(&self) -> #OPTION<#ERROR::ErrorKind> {
                #retry_kind
            }
        }
        impl #ERROR::RequestId for #name {
            fn request_id(&self) -> #OPTION<&str> {
                self.meta().request_id()
            }
        }
        impl #ERROR::CreateUnhandledError for #name {
            fn create_unhandled_error(
                source: #TRANSPORT::BoxError,
                meta: #OPTION<#ERROR::ErrorMetadata>,
            ) -> Self {
                #[allow(deprecated)]
                Self::Unhandled(#ERROR::Unhandled::new(source, meta))
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(Self::#variant_names(inner) => inner.fmt(f),)*
                    #[allow(deprecated)]
                    Self::Unhandled(inner) => inner.fmt(f),
                }
            }
        }
        impl ::std::error::Error for #name {
            fn source(&self) -> #OPTION<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #(Self::#variant_names(inner) => #some(inner),)*
                    #[allow(deprecated)]
                    Self::Unhandled(inner) => #SOME(inner),
                }
            }
        }
    }
}

/// The runtime's `Operation` for this operation: request serialisation and response reading.
fn operation_impl(op: &Operation) -> TokenStream {
    let (name, input, output, error) = (&op.name, &op.input.name, &op.output.name, &op.error);
    let wire_name = &op.wire_name;
    let serialize = serialize_request(op);
    // Every member of the input is sent somewhere; an input without members is not read.
    let mut input_param = if op.input.structure.members.is_empty() { quote!(_input) } else { quote!(input) };
    let behaviours = request_behaviours(op);
    let serialize = if behaviours.is_empty() {
        serialize
    } else {
        // The HTTP bindings make the request; the operation's traits then mark it for the client.
        let bind_param = std::mem::replace(&mut input_param, quote!(input));
        quote! {
            fn bind(#bind_param: &#input) -> #RESULT<#TRANSPORT::HttpRequest, #ERROR::BuildError> {
                #serialize
            }
            let mut request = bind(input)?;
            #behaviours
            #OK(request)
        }
    };
    let deserialize = deserialize_output(op);
    let error_arms = op.errors.iter().map(|e| {
        let (code, variant, de) = (&e.code, &e.variant, &e.de_fn);
        quote! { #SOME(#code) => #PROTOCOL::#de(response, &meta).map(#error::#variant), }
    });
    let response_param = if op.errors.is_empty() { quote!(_response) } else { quote!(response) };
    let streaming = match op.output.structure.members.iter().find(|m| m.ty == Type::ByteStream) {
        Some(m) => {
            let field = &m.field;
            quote! {
                const STREAMING_OUTPUT: bool = true;

                fn deserialize_streaming_output(
                    response: #HTTP::Response<::aws_client_runtime::ByteStream>,
                ) -> #RESULT<#output, #ERROR::DeserializeError> {
                    // Headers are read as for any response; the body is handed over unread.
                    let (parts, body) = response.into_parts();
                    let head = #HTTP::Response::from_parts(parts, ::aws_client_runtime::bytes::Bytes::new());
                    let mut output = Self::deserialize_output(&head)?;
                    output.#field = body;
                    #OK(output)
                }
            }
        }
        None => quote!(),
    };
    let streams: Vec<_> =
        op.input.structure.members.iter().filter(|m| m.ty == Type::ByteStream).map(|m| &m.field).collect();
    let streaming_input = if streams.is_empty() {
        quote!()
    } else {
        quote! {
            const STREAMING_INPUT: bool = true;
            fn buffer_input(mut input: #input) -> #TRANSPORT::BoxFuture<'static, #RESULT<#input, #TRANSPORT::BoxError>> {
                #BOX::pin(async move {
                    #(input.#streams = input.#streams.buffered().await?;)*
                    #OK(input)
                })
            }
        }
    };
    let unmodeled = quote! {
        #[allow(deprecated)]
        #error::Unhandled(#ERROR::Unhandled::unmodeled(meta))
    };
    // A modeled error whose body cannot be read is unhandled, with the metadata.
    let error_body = if op.errors.is_empty() {
        unmodeled
    } else {
        quote! {
            let read = match meta.code() {
                #(#error_arms)*
                #[allow(deprecated)]
                _ => return #error::Unhandled(#ERROR::Unhandled::unmodeled(meta)),
            };
            #[allow(deprecated)]
            read.unwrap_or_else(|e| #error::Unhandled(#ERROR::Unhandled::new(e.into(), #SOME(meta))))
        }
    };
    quote! {
        impl #CLIENT::Operation for #name {
            type Input = #input;
            type Output = #output;
            type Error = #error;
            const NAME: &'static str = #wire_name;
            #streaming_input

            fn serialize_request(#input_param: &#input) -> #RESULT<#TRANSPORT::HttpRequest, #ERROR::BuildError> {
                #serialize
            }

            fn deserialize_output(response: &#TRANSPORT::HttpResponse) -> #RESULT<#output, #ERROR::DeserializeError> {
                #deserialize
            }

            #streaming

            fn deserialize_error(#response_param: &#TRANSPORT::HttpResponse, meta: #ERROR::ErrorMetadata) -> #error {
                #error_body
            }
        }
    }
}

/// What the operation's behaviour traits ask of the client, as extensions of `request`: the
/// `@endpoint` host prefix (its labels checked), `@httpChecksumRequired` and
/// `@requestCompression`. The client applies them when it prepares the request.
fn request_behaviours(op: &Operation) -> TokenStream {
    let mut out = TokenStream::new();
    if let Some(segments) = &op.host_prefix {
        let parts: Vec<TokenStream> = segments
            .iter()
            .map(|segment| match segment {
                HostPrefixSegment::Literal(text) => quote!(#text),
                HostPrefixSegment::Label(member) => {
                    let m = &op.input.structure.members[*member];
                    let (field, name) = (&m.field, m.field.as_str());
                    quote!(::aws_client_runtime::endpoint::host_label(input.#field.as_deref(), #name)?)
                }
            })
            .collect();
        let prefix = match parts.as_slice() {
            [one] => one.clone(),
            _ => quote!([#(#parts),*].concat()),
        };
        out.extend(quote! {
            request.extensions_mut().insert(::aws_client_runtime::endpoint::EndpointPrefix::new(#prefix)?);
        });
    }
    if op.checksum_required {
        out.extend(quote! {
            request.extensions_mut().insert(::aws_client_runtime::checksum::HttpChecksumRequired);
        });
    }
    // Service customizations (`crate::ir::customizations`).
    for (name, value) in &op.request_headers {
        let name = name.to_ascii_lowercase();
        out.extend(quote! {
            request.headers_mut().insert(#name, #HTTP::HeaderValue::from_static(#value));
        });
    }
    if op.glacier_checksums {
        out.extend(quote! {
            request.extensions_mut().insert(::aws_client_runtime::checksum::GlacierChecksums);
        });
    }
    if !op.request_compression.is_empty() {
        let encodings = &op.request_compression;
        out.extend(quote! {
            request.extensions_mut().insert(::aws_client_runtime::compression::RequestCompression::new(&[#(#encodings),*]));
        });
    }
    out
}

fn serialize_request(op: &Operation) -> TokenStream {
    let members = &op.input.structure.members;
    let mut out = TokenStream::new();
    let details = format!("it is required by {}", op.wire_name);
    // A stream is never missing: an absent body is an empty stream.
    let checked = members.iter().filter(|m| m.required && m.ty != Type::ByteStream);
    for m in checked.filter(|m| !matches!(m.location, Location::Label { .. })) {
        let (field, label) = (&m.field, m.field.as_str());
        out.extend(quote! {
            if input.#field.is_none() {
                return #ERR(#ERROR::BuildError::missing_field(#label, #details));
            }
        });
    }
    // Path.
    out.extend(quote! { let mut path = #STRING::new(); });
    for segment in &op.http.path {
        match segment {
            PathSegment::Literal(text) => match text.chars().collect::<Vec<_>>().as_slice() {
                [one] => out.extend(quote! { path.push(#one); }),
                _ => out.extend(quote! { path.push_str(#text); }),
            },
            PathSegment::Label { member, greedy } => {
                let m = &members[*member];
                let (field, label) = (&m.field, m.field.as_str());
                let value = if let (Type::String, Some(default)) = (&m.ty, &m.label_default) {
                    quote!(input.#field.as_deref().filter(|v| !v.is_empty()).or(#SOME(#default)))
                } else if matches!(m.ty, Type::String) {
                    quote!(input.#field.as_deref())
                } else {
                    let text = http_string(&m.ty, &quote!(v));
                    if matches!(m.ty, Type::Timestamp(_)) {
                        // Writing a timestamp can fail (`?`): no closure.
                        out.extend(quote! {
                            let #field = match &input.#field {
                                #SOME(v) => #SOME(#text),
                                #NONE => #NONE,
                            };
                        });
                    } else {
                        out.extend(quote! { let #field = input.#field.as_ref().map(|v| #text); });
                    }
                    quote!(#field.as_deref())
                };
                out.extend(quote! { path.push_str(&#HTTP_BINDING::encode_label(#HTTP_BINDING::label(#value, #label)?, #greedy)); });
            }
        }
    }
    // Query.
    let explicit_query: Vec<&str> = members
        .iter()
        .filter_map(|m| if let Location::Query(name) = &m.location { Some(name.as_str()) } else { None })
        .chain(op.http.query_literals.iter().map(|(k, _)| k.as_str()))
        .collect();
    let mut query = TokenStream::new();
    for (key, value) in &op.http.query_literals {
        query.extend(match value {
            Some(value) => quote! { query.push(#key, #value); },
            None => quote! { query.push_key(#key); },
        });
    }
    for m in members {
        let field = &m.field;
        match &m.location {
            Location::Query(name) => match &m.ty {
                Type::List { item, sparse } => {
                    let text = http_text(item, &quote!(v));
                    let each = if *sparse { quote!(values.iter().flatten()) } else { quote!(values) };
                    query.extend(quote! {
                        if let #SOME(values) = &input.#field {
                            for v in #each {
                                query.push(#name, #text);
                            }
                        }
                    });
                }
                ty => {
                    let text = http_text(ty, &quote!(v));
                    query.extend(quote! {
                        if let #SOME(v) = &input.#field {
                            query.push(#name, #text);
                        }
                    });
                }
            },
            Location::QueryParams => {
                let push = match &m.ty {
                    Type::Map { value, .. } if matches!(**value, Type::List { .. }) => {
                        quote! { for v in &params[k] { query.push(k, v); } }
                    }
                    _ => quote! { query.push(k, &params[k]); },
                };
                query.extend(quote! {
                    if let #SOME(params) = &input.#field {
                        let mut keys: #VEC<&#STRING> = params.keys().collect();
                        keys.sort();
                        for k in keys {
                            if [#(#explicit_query),*].contains(&k.as_str()) {
                                continue;
                            }
                            #push
                        }
                    }
                });
            }
            _ => {}
        }
    }
    if query.is_empty() {
        out.extend(quote! { let uri = path; });
    } else {
        out.extend(quote! {
            let mut query = #HTTP_BINDING::QueryWriter::new();
            #query
            let uri = query.finish(path);
        });
    }
    let method = &op.http.method;
    let mutates = members
        .iter()
        .any(|m| matches!(m.location, Location::Header(_) | Location::PrefixHeaders(_) | Location::Payload));
    let binding = if mutates { quote!(mut request) } else { quote!(request) };
    out.extend(quote! { let #binding = #HTTP::Request::builder().method(#method).uri(uri); });
    // Headers.
    for m in members {
        let (field, label) = (&m.field, m.field.as_str());
        match &m.location {
            Location::Header(name) => {
                let text = match &m.ty {
                    Type::List { item, .. } => {
                        // A loop rather than a closure: an item's text may be a temporary or use `?`.
                        let item_text = http_string(item, &quote!(v));
                        let join = if **item == Type::Timestamp(TimestampFormat::HttpDate) {
                            // http-dates hold a comma of their own and are never quoted.
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
                    // A `@mediaType` string goes in a header as base64.
                    Type::String if m.media_type.is_some() => quote!(#HTTP_BINDING::base64_text(v).as_str()),
                    ty => http_text(ty, &quote!(v)),
                };
                out.extend(quote! {
                    if let #SOME(v) = &input.#field {
                        request = request.header(#name, #HTTP_BINDING::header_value(#text, #label)?);
                    }
                });
            }
            Location::PrefixHeaders(prefix) => {
                // A header that a member of its own binds is that member's, not the map's.
                let bound: Vec<String> = members
                    .iter()
                    .filter_map(
                        |m| if let Location::Header(h) = &m.location { Some(h.to_ascii_lowercase()) } else { None },
                    )
                    .collect();
                let skip = if bound.is_empty() {
                    quote!()
                } else {
                    quote! {
                        if [#(#bound),*].contains(&name.to_ascii_lowercase().as_str()) {
                            continue;
                        }
                    }
                };
                out.extend(quote! {
                    if let #SOME(headers) = &input.#field {
                        let mut entries: #VEC<_> = headers.iter().collect();
                        entries.sort();
                        for (k, v) in entries {
                            let name = format!("{}{}", #prefix, k);
                            #skip
                            request = request.header(#HTTP_BINDING::header_name(&name, #label)?, #HTTP_BINDING::header_value(v, #label)?);
                        }
                    }
                });
            }
            _ => {}
        }
    }
    // Body.
    let payload = members.iter().find(|m| m.location == Location::Payload);
    if let Some(m) = payload.filter(|m| m.ty == Type::ByteStream) {
        // The runtime read the stream into memory (`Operation::buffer_input`).
        let field = &m.field;
        let content_type = m.media_type.as_deref().unwrap_or("application/octet-stream");
        out.extend(quote! {
            let body = input.#field.to_bytes().ok_or_else(|| {
                #ERROR::BuildError::other("the streaming body was not read into memory before sending")
            })?;
            if !body.is_empty() && !request.headers_ref().is_some_and(|h| h.contains_key("content-type")) {
                request = request.header("content-type", #content_type);
            }
            request.body(body).map_err(#ERROR::BuildError::other)
        });
    } else if let Some(m) = payload {
        let field = &m.field;
        let (content_type, body) = payload_bytes(&m.ty, || quote!(#PROTOCOL::))
            .unwrap_or(("application/octet-stream", quote!(#DEFAULT::default())));
        // The target's `@mediaType` names the body's type; a member bound to Content-Type wins.
        let content_type = m.media_type.as_deref().unwrap_or(content_type);
        let sets_content_type = members
            .iter()
            .any(|m| matches!(&m.location, Location::Header(h) if h.eq_ignore_ascii_case("content-type")));
        let set_content_type = if sets_content_type {
            quote! {
                if !request.headers_ref().is_some_and(|h| h.contains_key("content-type")) {
                    request = request.header("content-type", #content_type);
                }
            }
        } else {
            quote! { request = request.header("content-type", #content_type); }
        };
        // An unset structure payload is an empty JSON object; any other is no body.
        let unset = match &m.ty {
            Type::Named(n) if n.kind == NamedKind::Structure => quote! {
                #set_content_type
                ::aws_client_runtime::bytes::Bytes::from_static(b"{}")
            },
            _ => quote!(#DEFAULT::default()),
        };
        out.extend(quote! {
            let body = match &input.#field {
                #SOME(v) => {
                    #set_content_type
                    #body
                }
                #NONE => { #unset }
            };
            request.body(body).map_err(#ERROR::BuildError::other)
        });
    } else if has_body_members(&op.input.structure) {
        let body = object_body(members, &quote!(input), quote!());
        out.extend(quote! {
            let body = #body?;
            request
                .header("content-type", "application/json")
                .body(body)
                .map_err(#ERROR::BuildError::other)
        });
    } else {
        out.extend(quote! {
            request.body(#DEFAULT::default()).map_err(#ERROR::BuildError::other)
        });
    }
    out
}

fn deserialize_output(op: &Operation) -> TokenStream {
    let s = &op.output.structure;
    let name = &op.output.name;
    let fields = read_members(&s.members, Some(&quote!(response)));
    let parse = if has_body_members(s) {
        let (locals, read) = body_reader(&s.members, true);
        quote! {
            #locals
            #JSON::body_object(response.body(), #read)?;
        }
    } else {
        quote!()
    };
    quote! {
        #parse
        #OK(#name {
            #(#fields)*
            _request_id: #ERROR::request_id_of(response),
        })
    }
}

fn fluent_builder(op: &Operation) -> TokenStream {
    let (fluent, input_builder, output, error, name, method) =
        (&op.fluent_builder, &op.input.structure.builder, &op.output.name, &op.error, &op.name, &op.method);
    let input = &op.input.name;
    let doc = format!(" Fluent builder of the `{}` operation: set the input, then `send()`.", op.wire_name);
    let setters = op.input.structure.members.iter().map(|m| setters(m, true));
    let tokens = op.input.structure.members.iter().filter(|m| m.idempotency_token).map(|m| {
        let field = &m.field;
        quote! {
            if inner.#field.is_none() {
                inner.#field = #SOME(tokens.make_idempotency_token());
            }
        }
    });
    let idempotency = if op.input.structure.members.iter().any(|m| m.idempotency_token) {
        quote! {
            // Left unset, an idempotency token comes from the configured provider (a fresh UUID
            // by default), so that a retried request is recognised as the same one.
            let mut inner = self.inner;
            let tokens = config.idempotency_token_provider();
            #(#tokens)*
        }
    } else {
        quote! {
            let _ = config;
            let inner = self.inner;
        }
    };
    let into_paginator = op.pagination.as_ref().map(|p| {
        let paginator = &p.paginator;
        quote! {
            /// Pages through every result: `send()` on the paginator gives a stream of pages.
            pub fn into_paginator(self) -> super::paginator::#paginator {
                super::paginator::#paginator::new(self.handle, self.inner)
            }
        }
    });
    let streaming = op.input.structure.members.iter().any(|m| m.ty == Type::ByteStream);
    let derives = if streaming { quote!(#[derive(Debug)]) } else { quote!(#[derive(Clone, Debug)]) };
    quote! {
        #[doc = #doc]
        #derives
        pub struct #fluent {
            handle: ::std::sync::Arc<#CLIENT::ClientHandle>,
            inner: #input_builder,
        }
        impl #fluent {
            pub(crate) fn new(handle: ::std::sync::Arc<#CLIENT::ClientHandle>) -> Self {
                Self { handle, inner: #DEFAULT::default() }
            }
            /// The input built so far.
            pub fn as_input(&self) -> &#input_builder {
                &self.inner
            }
            /// Sends the request and reads the response.
            pub async fn send(self) -> #RESULT<super::#output, #ERROR::SdkError<super::#error>> {
                self.customize().send().await
            }
            /// Customizes this call: its configuration (`config_override`), interceptors, or
            /// the request itself (`mutate_request`), then `send()`.
            pub fn customize(self) -> ::aws_client_runtime::customize::CustomizableOperation<super::#output, super::#error, Self> {
                ::aws_client_runtime::customize::CustomizableOperation::new(self)
            }
            #into_paginator
            #(#setters)*
        }
        impl ::aws_client_runtime::customize::CustomizableSend for #fluent {
            type Operation = super::#name;
            fn handle(&self) -> &::std::sync::Arc<#CLIENT::ClientHandle> {
                &self.handle
            }
            fn build_input(self, config: &::aws_client_runtime::config::Config) -> #RESULT<super::#input, #ERROR::BuildError> {
                #idempotency
                inner.build()
            }
        }
        impl #input_builder {
            /// Sends this input with `client`, as `send()` on the client's fluent builder does.
            pub async fn send_with(self, client: &crate::Client) -> #RESULT<super::#output, #ERROR::SdkError<super::#error>> {
                let mut fluent_builder = client.#method();
                fluent_builder.inner = self;
                fluent_builder.send().await
            }
        }
    }
}

fn paginator(op: &Operation) -> TokenStream {
    let Some(p) = &op.pagination else { return quote!() };
    let (content, imports) = within(Here::Elsewhere, true, || paginator_content(op, p));
    let uses = imports.use_items(&TokenStream::new());
    quote! {
        /// Paginators of this operation.
        pub mod paginator {
            #uses
            #content
        }
    }
}

/// The type of the items a paginator's `items()` yields and how they are taken out of a
/// `page`; `None` when the operation names no items member, or one that is neither a list nor
/// a map.
pub(super) fn paginated_items(op: &Operation, p: &crate::ir::Pagination) -> Option<(TokenStream, TokenStream)> {
    let m = &op.output.structure.members[p.items?];
    let field = &m.field;
    let extract =
        if m.presence == Presence::Optional { quote!(page.#field.unwrap_or_default()) } else { quote!(page.#field) };
    match &m.ty {
        Type::List { item, sparse } => {
            let item = rust_type(item);
            Some((if *sparse { quote!(#OPTION<#item>) } else { item }, extract))
        }
        Type::Map { value, .. } => {
            let value = rust_type(value);
            Some((quote!((#STRING, #value)), extract))
        }
        _ => None,
    }
}

/// The items of an operation's `paginator` module.
fn paginator_content(op: &Operation, p: &crate::ir::Pagination) -> TokenStream {
    let (name, output, error, paginator, items_name) =
        (&op.name, &op.output.name, &op.error, &p.paginator, &p.paginator_items);
    let input_builder = &op.input.structure.builder;
    let input_token = &op.input.structure.members[p.input_token].field;
    let out_token = &op.output.structure.members[p.output_token];
    let out_token_field = &out_token.field;
    let get_token = match out_token.presence {
        Presence::Optional => quote!(output.#out_token_field.as_deref()),
        _ => quote!(#SOME(output.#out_token_field.as_str())),
    };
    let page_size = p.page_size.map(|i| {
        let m = &op.input.structure.members[i];
        let (field, ty) = (&m.field, rust_type(&m.ty));
        quote! {
            /// Sets how many results each page holds.
            pub fn page_size(mut self, limit: #ty) -> Self {
                self.builder.#field = #SOME(limit);
                self
            }
        }
    });
    let doc = format!(" Pages through the results of `{}`.", op.wire_name);
    let items = paginated_items(op, p).map(|(item_ty, extract)| {
        let items_doc = format!(" The items on every page of `{}`, one at a time.", op.wire_name);
        quote! {
            impl #paginator {
                /// Turns the stream of pages into a stream of the items on them.
                pub fn items(self) -> #items_name {
                    #items_name(self)
                }
            }
            #[doc = #items_doc]
            #[derive(Debug)]
            pub struct #items_name(#paginator);
            impl #items_name {
                /// Starts sending requests; the stream yields every item of every page.
                pub fn send(self) -> ::aws_client_runtime::paginate::PaginationStream<#RESULT<#item_ty, #ERROR::SdkError<super::#error>>> {
                    ::aws_client_runtime::paginate::items(self.0.send(), |page: super::#output| #extract)
                }
            }
        }
    });
    quote! {
            #[doc = #doc]
            #[derive(Clone, Debug)]
            pub struct #paginator {
                handle: ::std::sync::Arc<#CLIENT::ClientHandle>,
                builder: super::builders::#input_builder,
                stop_on_duplicate_token: bool,
            }
            impl #paginator {
                pub(crate) fn new(handle: ::std::sync::Arc<#CLIENT::ClientHandle>, builder: super::builders::#input_builder) -> Self {
                    Self { handle, builder, stop_on_duplicate_token: true }
                }
                #page_size
                /// Whether to stop when the service hands back the token it was just sent (on by
                /// default); off, the same token is sent again, for operations that long-poll.
                pub fn stop_on_duplicate_token(mut self, stop_on_duplicate_token: bool) -> Self {
                    self.stop_on_duplicate_token = stop_on_duplicate_token;
                    self
                }
                /// Starts sending requests; the stream yields one page per request.
                pub fn send(self) -> ::aws_client_runtime::paginate::PaginationStream<#RESULT<super::#output, #ERROR::SdkError<super::#error>>> {
                    let input = match self.builder.build() {
                        #OK(input) => input,
                        #ERR(e) => {
                            return ::aws_client_runtime::paginate::PaginationStream::once(#ERR(#ERROR::SdkError::construction_failure(e)));
                        }
                    };
                    let handle = self.handle;
                    ::aws_client_runtime::paginate::pages(
                        input,
                        #BOX::new(move |input| {
                            let handle = handle.clone();
                            #BOX::pin(async move { #CLIENT::invoke::<super::#name>(&handle, input).await })
                        }),
                        ::aws_client_runtime::paginate::PageToken {
                            set: |input, token| input.#input_token = token,
                            get: |output| #get_token,
                            stop_on_duplicate: self.stop_on_duplicate_token,
                        },
                    )
                }
            }
            #items
    }
}
