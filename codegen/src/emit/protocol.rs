//! restJson1: the JSON readers and writers of every type, and the expressions that convert one
//! member between Rust and JSON or HTTP text.

use super::json_write::{structure_writer, union_writer};
use super::names::*;
use super::{
    default_expr, default_is_cheap, gated_uses, has_default, inner_docs, private_feature_gate, protocol_fn, type_path,
    Gated,
};
use crate::ir::{Crate, Location, Member, NamedKind, Presence, Structure, TimestampFormat, Type, TypeDef, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// `src/protocol.rs`: a reader and a writer per structure, union and error the wire carries.
pub fn protocol_rs(krate: &Crate) -> TokenStream {
    let docs = inner_docs(&["JSON readers and writers of the service's types (restJson1)."]);
    let fns: Vec<Gated> = krate.types.iter().flat_map(type_fns).collect();
    let uses = gated_uses(&fns);
    let fns = fns.iter().map(|f| &f.tokens);
    quote! {
        #docs
        #uses
        #(#fns)*
    }
}

/// The writer and reader functions of a type, each with the features that compile it and the
/// runtime modules it uses.
fn type_fns(def: &TypeDef) -> Vec<Gated> {
    let path = type_path(&def.path);
    let de = &def.de_fn;
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Structure(s) => {
            if !def.sent_by.is_empty() {
                push(&mut out, &def.sent_by, || structure_writer(def, s, &path));
            }
            if !def.received_by.is_empty() {
                push(&mut out, &def.received_by, || {
                    let (locals, read) = body_reader(&s.members, false);
                    let fields = read_members(&s.members, None);
                    quote! {
                        pub(crate) fn #de(reader: &mut #JSON::Reader<'_>) -> #RESULT<#OPTION<#path>, #ERROR::DeserializeError> {
                            #locals
                            if !#JSON::object(reader, #read)? {
                                return #OK(#NONE);
                            }
                            #OK(#SOME(#path { #(#fields)* }))
                        }
                    }
                });
            }
        }
        TypeKind::Union(u) => {
            if !def.sent_by.is_empty() {
                push(&mut out, &def.sent_by, || union_writer(def, u, &path));
            }
            if !def.received_by.is_empty() {
                push(&mut out, &def.received_by, || {
                    let arms = u.variants.iter().map(|v| {
                        let ident = &v.name;
                        let key = &v.member.json_name;
                        if v.member.ty == Type::Unit {
                            // A unit member is `{}` on the wire; any object is accepted.
                            return quote! { #key => #JSON::unit(reader)?.map(|()| #path::#ident), };
                        }
                        let read = de_value(&v.member.ty, &quote!(reader));
                        if v.member.boxed {
                            quote! { #key => #read?.map(|v| #path::#ident(#BOX::new(v))), }
                        } else {
                            quote! { #key => #read?.map(#path::#ident), }
                        }
                    });
                    let unknown = quote!(#JSON::skip_value(reader)?.map(|()| #path::Unknown));
                    let variant = if u.variants.is_empty() {
                        quote!(|_, reader| #OK(#unknown))
                    } else {
                        quote! {
                            |key, reader| {
                                #OK(match key {
                                    #(#arms)*
                                    _ => #unknown,
                                })
                            }
                        }
                    };
                    quote! {
                        pub(crate) fn #de(reader: &mut #JSON::Reader<'_>) -> #RESULT<#OPTION<#path>, #ERROR::DeserializeError> {
                            #JSON::union(reader, #variant)
                        }
                    }
                });
            }
        }
        TypeKind::Error(e) => push(&mut out, &def.received_by, || {
            let fields = read_members(&e.structure.members, Some(&quote!(response)));
            let message = match e.message_member {
                Some(i) if e.structure.members[i].presence == Presence::Optional => {
                    let f = &e.structure.members[i].field;
                    quote!(error.#f.as_deref())
                }
                _ => quote!(#NONE),
            };
            let read = if has_body_members(&e.structure) {
                let (locals, read) = body_reader(&e.structure.members, true);
                quote! {
                    #locals
                    // An error body that is not a JSON object still gives the error its code and status.
                    #JSON::error_body_object(response.body(), #read)?;
                }
            } else {
                quote!()
            };
            // Every member is read from the response (its body, headers or status).
            let response = if e.structure.members.is_empty() { quote!(_response) } else { quote!(response) };
            quote! {
                pub(crate) fn #de(
                    #response: &#TRANSPORT::HttpResponse,
                    meta: &#ERROR::ErrorMetadata,
                ) -> #RESULT<#path, #ERROR::DeserializeError> {
                    #read
                    let mut error = #path { #(#fields)* meta: #BOX::new(meta.clone()) };
                    *error.meta = #ERROR::with_message(*error.meta, #message);
                    #OK(error)
                }
            }
        }),
        TypeKind::Enum(_) => {}
    }
    out
}

/// Adds the function `build` makes, under the gate of `features`.
fn push(out: &mut Vec<Gated>, features: &[String], build: impl FnOnce() -> TokenStream) {
    let gate = private_feature_gate(features);
    let (item, imports) = within(Here::Protocol, true, build);
    out.push(Gated { features: Some(features.to_vec()), tokens: quote!(#gate #item), imports });
}

/// The local variable a body member is read into: the field's name, unless that is a name the
/// reading code uses itself or one clippy refuses as a placeholder (`disallowed_names`).
fn local(m: &Member) -> TokenStream {
    if local_is_field(m) {
        let ident = m.field.to_ident();
        quote!(#ident)
    } else {
        let ident = quote::format_ident!("{}_", m.field.as_str());
        quote!(#ident)
    }
}

/// Whether the [`local`] of `m` has the field's name.
fn local_is_field(m: &Member) -> bool {
    !["key", "reader", "response", "meta", "error", "foo", "baz", "quux"].contains(&m.field.as_str())
}

/// How the body members of a structure are read: statements declaring a local `Option` per
/// member ([`local`]), and a closure `|key, reader| ...` for `json::object` and its kin that
/// reads each member into its local, skipping unknown ones. [`read_members`] then takes the
/// locals. The members of an operation's output or error (`http_bound`) may be bound elsewhere
/// than the body; those of a nested structure are all in its JSON object.
pub fn body_reader(members: &[Member], http_bound: bool) -> (TokenStream, TokenStream) {
    let body: Vec<&Member> = members.iter().filter(|m| !http_bound || m.location == Location::Body).collect();
    if body.is_empty() {
        return (quote!(), quote!(|_, reader| #JSON::skip(reader)));
    }
    let locals = body.iter().map(|m| {
        let local = local(m);
        quote! { let mut #local = #NONE; }
    });
    let arms = body.iter().map(|m| {
        let local = local(m);
        let key = &m.json_name;
        let read = de_value(&m.ty, &quote!(reader));
        quote! { #key => #local = #read?, }
    });
    let read = quote! {
        |key, reader| {
            match key {
                #(#arms)*
                _ => #JSON::skip(reader)?,
            }
            #OK(())
        }
    };
    (quote! { #(#locals)* }, read)
}

/// `field: value,` for every member: body members from the locals of [`body_reader`], the
/// others from `response` (headers, status, payload).
pub fn read_members(members: &[Member], response: Option<&TokenStream>) -> Vec<TokenStream> {
    members
        .iter()
        .map(|m| {
            let field = &m.field;
            if let (Type::ByteStream, Some(response)) = (&m.ty, response) {
                // Whole responses (tests, in-memory transports) hand their body over as one chunk.
                return quote! { #field: crate::primitives::ByteStream::new(#response.body().clone()), };
            }
            // Values the response always has, whatever the member's presence.
            let always = match (&m.location, response) {
                (Location::PrefixHeaders(prefix), Some(response)) => {
                    Some(quote!(#HTTP_BINDING::prefix_headers(#response.headers(), #prefix)?))
                }
                (Location::ResponseCode, Some(response)) => Some(quote!(i32::from(#response.status().as_u16()))),
                // A blob payload is the body, present even when empty: a member with a default
                // (`@default("")`) or required takes it as it is.
                (Location::Payload, Some(response)) if m.ty == Type::Blob && m.presence != Presence::Optional => {
                    Some(quote!(crate::primitives::Blob::new(#response.body().to_vec())))
                }
                _ => None,
            };
            if let Some(value) = always {
                let value = if m.boxed { quote!(#BOX::new(#value)) } else { value };
                let value = if m.presence == Presence::Optional { quote!(#SOME(#value)) } else { value };
                return quote! { #field: #value, };
            }
            let read = match (&m.location, response) {
                (Location::Header(name), Some(response)) => {
                    let key = name.to_ascii_lowercase();
                    if m.media_type.is_some() && m.ty == Type::String {
                        quote!(#HTTP_BINDING::header_base64_string(#response.headers(), #key)?)
                    } else if matches!(m.ty, Type::String | Type::BigInteger | Type::BigDecimal) {
                        // Not generic: one copy of the reader, however many string headers.
                        quote!(#HTTP_BINDING::header_string(#response.headers(), #key)?)
                    } else {
                        let parse = header_parser(&m.ty);
                        quote!(#HTTP_BINDING::header_parsed(#response.headers(), #key, #parse)?)
                    }
                }
                (Location::Payload, Some(response)) => payload_reader(&m.ty, response),
                _ if m.presence == Presence::Optional && !m.boxed && local_is_field(m) => {
                    // The local holds the field's value under the field's name.
                    return quote! { #field, };
                }
                _ => local(m),
            };
            let read = if m.boxed { quote!(#read.map(#BOX::new)) } else { read };
            let value = match &m.presence {
                Presence::Optional => read,
                Presence::Required => zero_or(read, &m.ty),
                Presence::Default(crate::ir::DefaultValue::EmptyList | crate::ir::DefaultValue::EmptyMap) => {
                    quote!(#read.unwrap_or_default())
                }
                Presence::Default(value) => {
                    let default = default_expr(value, &m.ty);
                    if default_is_cheap(value, &m.ty) {
                        quote!(#read.unwrap_or(#default))
                    } else {
                        quote!(#read.unwrap_or_else(|| #default))
                    }
                }
            };
            quote! { #field: #value, }
        })
        .collect()
}

/// An `@httpPayload` output member: the whole body, as JSON, bytes or text.
fn payload_reader(ty: &Type, response: &TokenStream) -> TokenStream {
    match ty {
        Type::Blob => quote!(#SOME(crate::primitives::Blob::new(#response.body().to_vec()))),
        Type::String => quote!(#SOME(
            #STRING::from_utf8(#response.body().to_vec())
                .map_err(|_| #ERROR::DeserializeError::new("the payload is not valid UTF-8"))?
        )),
        // The text of the body; an empty body is no value (the empty string is no enum's value).
        Type::Named(n) if n.kind == NamedKind::Enum => {
            let path = type_path(&n.path);
            quote!(#SOME(
                ::std::str::from_utf8(#response.body())
                    .map_err(|_| #ERROR::DeserializeError::new("the payload is not valid UTF-8"))?
            )
            .filter(|s| !s.is_empty())
            .map(#path::from))
        }
        Type::Named(n) if matches!(n.kind, NamedKind::Structure | NamedKind::Union) => {
            let de_fn = protocol_fn(&n.de_fn);
            quote!(#JSON::payload(#response.body(), #de_fn)?)
        }
        Type::Document => quote!(#JSON::document_payload(#response.body())?),
        _ => quote!(#NONE),
    }
}

/// A missing required member gets its zero value (client error correction).
fn zero_or(read: TokenStream, ty: &Type) -> TokenStream {
    if has_default(ty) {
        return quote!(#read.unwrap_or_default());
    }
    match ty {
        Type::Timestamp(_) => quote!(#read.unwrap_or_else(|| crate::primitives::DateTime::from_secs(0))),
        Type::Blob => quote!(#read.unwrap_or_else(|| crate::primitives::Blob::new(#VEC::new()))),
        Type::Document => quote!(#read.unwrap_or(crate::primitives::Document::Null)),
        Type::Named(n) => {
            let path = type_path(&n.path);
            match n.kind {
                NamedKind::Enum => quote!(#read.unwrap_or_else(|| #path::from(""))),
                NamedKind::IntEnum => quote!(#read.unwrap_or(#path::from(0))),
                _ => {
                    let de_fn = protocol_fn(&n.de_fn);
                    quote!(#read.map_or_else(|| #JSON::from_empty_object(#de_fn), #OK)?)
                }
            }
        }
        _ => quote!(#read.unwrap_or_default()),
    }
}

fn timestamp_format(format: TimestampFormat) -> TokenStream {
    match format {
        TimestampFormat::DateTime => quote!(::aws_client_runtime::TimestampFormat::DateTime),
        TimestampFormat::HttpDate => quote!(::aws_client_runtime::TimestampFormat::HttpDate),
        TimestampFormat::EpochSeconds => quote!(::aws_client_runtime::TimestampFormat::EpochSeconds),
    }
}

/// Something callable as `Fn(&mut ::aws_client_runtime::json::Reader) -> Result<Option<T>, ::aws_client_runtime::error::DeserializeError>`
/// (`None` for `null`).
fn de_callable(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote!(#JSON::string),
        Type::Boolean => quote!(#JSON::boolean),
        Type::Byte => quote!(#JSON::integer::<i8>),
        Type::Short => quote!(#JSON::integer::<i16>),
        Type::Integer => quote!(#JSON::integer::<i32>),
        Type::Long => quote!(#JSON::integer::<i64>),
        Type::Float => quote!(#JSON::float),
        Type::Double => quote!(#JSON::double),
        Type::BigInteger | Type::BigDecimal => quote!(#JSON::big_number),
        Type::Blob => quote!(#JSON::blob),
        Type::Document => quote!(#JSON::document),
        Type::Unit => quote!(#JSON::unit),
        Type::Named(n) if matches!(n.kind, NamedKind::Structure | NamedKind::Union) => {
            let de_fn = protocol_fn(&n.de_fn);
            quote!(#de_fn)
        }
        // Function items rather than closures: one copy of each generic reader per type.
        Type::Named(n) if n.kind == NamedKind::Enum => {
            let path = type_path(&n.path);
            quote!(#JSON::enum_value::<#path>)
        }
        Type::Named(n) if n.kind == NamedKind::IntEnum => {
            let path = type_path(&n.path);
            quote!(#JSON::int_enum_value::<#path>)
        }
        other => {
            let read = de_value(other, &quote!(reader));
            quote!(|reader| #read)
        }
    }
}

/// An expression of type `Result<Option<T>, ::aws_client_runtime::error::DeserializeError>` reading
/// with `value`, a `&mut ::aws_client_runtime::json::Reader`.
fn de_value(ty: &Type, value: &TokenStream) -> TokenStream {
    match ty {
        Type::Timestamp(format) => {
            let format = timestamp_format(*format);
            quote!(#JSON::timestamp(#value, #format))
        }
        Type::List { item, sparse } => {
            let item = de_callable(item);
            if *sparse {
                quote!(#JSON::sparse_list(#value, #item))
            } else {
                quote!(#JSON::list(#value, #item))
            }
        }
        Type::Map { value: item, sparse } => {
            let item = de_callable(item);
            if *sparse {
                quote!(#JSON::sparse_map(#value, #item))
            } else {
                quote!(#JSON::map(#value, #item))
            }
        }
        other => {
            let callable = de_callable(other);
            quote!(#callable(#value))
        }
    }
}

/// A parser for a header's text: `Fn(&str) -> Result<T, ::aws_client_runtime::error::DeserializeError>`.
fn header_parser(ty: &Type) -> TokenStream {
    let scalar = |ty: &Type| -> TokenStream {
        match ty {
            Type::String | Type::BigInteger | Type::BigDecimal => {
                quote!(|s: &str| #OK(s.to_owned()))
            }
            Type::Boolean => quote!(#HTTP_BINDING::parse_bool),
            Type::Byte => quote!(#HTTP_BINDING::parse_number::<i8>),
            Type::Short => quote!(#HTTP_BINDING::parse_number::<i16>),
            Type::Integer => quote!(#HTTP_BINDING::parse_number::<i32>),
            Type::Long => quote!(#HTTP_BINDING::parse_number::<i64>),
            Type::Float => quote!(#HTTP_BINDING::parse_number::<f32>),
            Type::Double => quote!(#HTTP_BINDING::parse_number::<f64>),
            Type::Timestamp(format) => {
                let format = timestamp_format(*format);
                quote!(|s: &str| #HTTP_BINDING::parse_timestamp(s, #format))
            }
            Type::Named(n) if n.kind == NamedKind::Enum => {
                let path = type_path(&n.path);
                quote!(|s: &str| #OK(#path::from(s)))
            }
            Type::Named(n) if n.kind == NamedKind::IntEnum => {
                let path = type_path(&n.path);
                quote!(|s: &str| #HTTP_BINDING::parse_number::<i32>(s).map(#path::from))
            }
            Type::Blob => quote!(#HTTP_BINDING::parse_blob),
            _ => quote!(|_: &str| #ERR(#ERROR::DeserializeError::new(
                "this type cannot be read from a header"
            ))),
        }
    };
    match ty {
        // http-dates hold a comma of their own, so their list is split after each date.
        Type::List { item, .. } if **item == Type::Timestamp(TimestampFormat::HttpDate) => {
            quote!(#HTTP_BINDING::parse_http_date_list)
        }
        Type::List { item, .. } => {
            let item = scalar(item);
            quote!(|s: &str| #HTTP_BINDING::parse_header_list(s, #item))
        }
        other => scalar(other),
    }
}

/// The content type and the bytes of `v`, the value of an `@httpPayload` member of type `ty`
/// that is held in memory: raw bytes, raw text, or JSON written by the structure and union
/// writers under `writers()` (their path with its trailing `::`, or nothing; built only when
/// used, since naming a module marks its import used). `None` for a stream or a type no
/// payload has.
pub fn payload_bytes(ty: &Type, writers: impl FnOnce() -> TokenStream) -> Option<(&'static str, TokenStream)> {
    Some(match ty {
        Type::Blob => {
            ("application/octet-stream", quote!(::aws_client_runtime::bytes::Bytes::from(v.clone().into_inner())))
        }
        // A string or enum payload is the raw text.
        Type::String => ("text/plain", quote!(::aws_client_runtime::bytes::Bytes::from(v.clone()))),
        Type::Named(n) if n.kind == NamedKind::Enum => {
            ("text/plain", quote!(::aws_client_runtime::bytes::Bytes::from(v.as_str().to_owned())))
        }
        Type::Named(n) if matches!(n.kind, NamedKind::Structure | NamedKind::Union) => {
            let (writers, ser) = (writers(), &n.ser_fn);
            ("application/json", quote!(#JSON::write::to_body(|out| #writers #ser(out, v))?))
        }
        Type::Document => (
            "application/json",
            quote!(#JSON::write::to_body(|out| {
                out.document(v);
                #OK(())
            })?),
        ),
        _ => return None,
    })
}

/// An expression of type `String` (or `&str`) giving the HTTP text of `value` (a reference),
/// for labels, query parameters and headers. May use `?` on a `::aws_client_runtime::error::BuildError`.
pub fn http_text(ty: &Type, value: &TokenStream) -> TokenStream {
    match ty {
        Type::String | Type::BigInteger | Type::BigDecimal => quote!(#value.as_str()),
        Type::Boolean | Type::Byte | Type::Short | Type::Integer | Type::Long => quote!(#value.to_string().as_str()),
        Type::Float => quote!(#HTTP_BINDING::float_to_string(*#value).as_str()),
        Type::Double => quote!(#HTTP_BINDING::double_to_string(*#value).as_str()),
        Type::Timestamp(format) => {
            let format = timestamp_format(*format);
            quote!(#HTTP_BINDING::timestamp_to_string(#value, #format)?.as_str())
        }
        Type::Named(n) if n.kind == NamedKind::IntEnum => quote!(#value.as_i32().to_string().as_str()),
        Type::Named(_) => quote!(#value.as_str()),
        Type::Blob => quote!(#HTTP_BINDING::blob_text(#value).as_str()),
        _ => quote!(""),
    }
}

/// An expression of type `String` giving the HTTP text of `value` (a reference), for the items
/// of a list header. May use `?` on a `::aws_client_runtime::error::BuildError`.
pub fn http_string(ty: &Type, value: &TokenStream) -> TokenStream {
    match ty {
        Type::String | Type::BigInteger | Type::BigDecimal => quote!(#value.clone()),
        Type::Boolean | Type::Byte | Type::Short | Type::Integer | Type::Long => quote!(#value.to_string()),
        Type::Float => quote!(#HTTP_BINDING::float_to_string(*#value)),
        Type::Double => quote!(#HTTP_BINDING::double_to_string(*#value)),
        Type::Timestamp(format) => {
            let format = timestamp_format(*format);
            quote!(#HTTP_BINDING::timestamp_to_string(#value, #format)?)
        }
        Type::Named(n) if n.kind == NamedKind::IntEnum => quote!(#value.as_i32().to_string()),
        Type::Named(_) => quote!(#value.as_str().to_owned()),
        other => {
            let text = http_text(other, value);
            quote!(#STRING::from(#text))
        }
    }
}

/// Whether any member of `s` goes in the JSON body.
pub fn has_body_members(s: &Structure) -> bool {
    s.members.iter().any(|m| m.location == Location::Body)
}
