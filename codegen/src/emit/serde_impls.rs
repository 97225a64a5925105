//! The `serde` feature: `Serialize` and `Deserialize` for every shape, with its wire names.
//!
//! Structures (inputs, outputs and errors too) derive both through serde's remote derive: a
//! private mirror of the type says each member's key and format, so that the type itself stays
//! as it is without the feature. Enums and unions are written by hand with the runtime's
//! helpers (`aws_client_runtime::serde_support`), which also hold every value format.

use super::names::*;
use super::{default_expr, feature_gate, field_type, has_default, inner_docs, private_feature_gate, type_path};
use crate::ir::{
    Crate, DefaultValue, Enum, ErrorShape, Location, Member, Module, Presence, Structure, TimestampFormat, Type,
    TypeKind, TypePath, Union,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `src/serde_impls.rs`.
pub fn serde_impls_rs(krate: &Crate) -> TokenStream {
    let module_doc = inner_docs(&[
        "`Serialize` and `Deserialize` for every shape (the `serde` feature).",
        "",
        "Keys are the service's JSON keys (`@jsonName` honoured); members bound to HTTP headers, the",
        "query string, the path or the status code have none, and use their member name. Values are",
        "written as the restJson1 body holds them (see `aws_client_runtime::serde_support`).",
    ]);
    let mut items = Vec::new();
    // Whether some item is in every build (used by every operation), so that the `use` below is.
    let mut ungated = false;
    for def in &krate.types {
        let gate = feature_gate(&def.used_by(), krate);
        ungated |= gate.is_empty();
        let tokens = match &def.kind {
            TypeKind::Structure(s) => structure(&def.path, s, Extra::None),
            TypeKind::Error(e) => structure(&def.path, &e.structure, Extra::Error { code: &def.wire_name, error: e }),
            TypeKind::Enum(e) => enumeration(&def.path, e),
            TypeKind::Union(u) => union(&def.path, &def.wire_name, u),
        };
        items.push(quote! { #gate const _: () = { #tokens }; });
    }
    for op in &krate.operations {
        let gate = feature_gate(std::slice::from_ref(&op.feature), krate);
        ungated |= gate.is_empty();
        let module = Module::Operation(op.module.clone());
        let input = TypePath { module: module.clone(), name: op.input.name.clone() };
        let output = TypePath { module, name: op.output.name.clone() };
        let input = structure(&input, &op.input.structure, Extra::None);
        let output = structure(&output, &op.output.structure, Extra::RequestId);
        items.push(quote! { #gate const _: () = { #input }; });
        items.push(quote! { #gate const _: () = { #output }; });
    }
    // Otherwise the items are compiled with some operation, and so is the `use`.
    let gate = if ungated {
        quote!()
    } else {
        let features: Vec<String> = krate.operations.iter().map(|op| op.feature.clone()).collect();
        private_feature_gate(&features)
    };
    quote! {
        #module_doc
        #gate
        use ::aws_client_runtime::serde_support as wire;
        #(#items)*
    }
}

/// The fields a structure has beside its members.
enum Extra<'a> {
    None,
    /// An output's request id: not serialized.
    RequestId,
    /// An error's metadata: not serialized, and made from the error's code and message when read.
    Error {
        code: &'a str,
        error: &'a ErrorShape,
    },
}

/// A structure's impls: serde's remote derive of a private mirror, `Def`.
fn structure(path: &TypePath, s: &Structure, extra: Extra<'_>) -> TokenStream {
    let target = type_path(path);
    let remote = super::type_path_text(path);
    let mut defaults = Vec::new();
    let fields: Vec<TokenStream> = s.members.iter().map(|m| field(m, &mut defaults)).collect();
    let extra_field = match extra {
        Extra::None => quote!(),
        Extra::RequestId => quote! { #[serde(skip)] _request_id: #OPTION<#STRING>, },
        Extra::Error { .. } => quote! { #[serde(skip)] meta: #BOX<::aws_client_runtime::error::ErrorMetadata>, },
    };
    let deserialize = match extra {
        Extra::Error { code, error } => {
            let message = match error.message_member.map(|i| &s.members[i]) {
                Some(m) if m.presence == Presence::Optional => {
                    let f = &m.field;
                    quote!(error.#f.as_deref())
                }
                _ => quote!(#NONE),
            };
            quote! {
                let mut error = Def::deserialize(deserializer)?;
                *error.meta = ::aws_client_runtime::error::complete_metadata(#NONE, #code, #message);
                #OK(error)
            }
        }
        _ => quote!(Def::deserialize(deserializer)),
    };
    quote! {
        #(#defaults)*
        #[derive(wire::serde::Serialize, wire::serde::Deserialize)]
        #[serde(crate = "::aws_client_runtime::serde_support::serde", remote = #remote)]
        struct Def {
            #(#fields)*
            #extra_field
        }
        impl wire::serde::Serialize for #target {
            fn serialize<S: wire::serde::Serializer>(&self, serializer: S) -> #RESULT<S::Ok, S::Error> {
                Def::serialize(self, serializer)
            }
        }
        impl<'de> wire::serde::Deserialize<'de> for #target {
            fn deserialize<D: wire::serde::Deserializer<'de>>(deserializer: D) -> #RESULT<Self, D::Error> {
                #deserialize
            }
        }
    }
}

/// A member's field in `Def`, with its key, format and what an absent value reads as; a
/// function giving its `@default` value goes in `defaults`.
fn field(m: &Member, defaults: &mut Vec<TokenStream>) -> TokenStream {
    let name = &m.field;
    let ty = field_type(m);
    // A stream is read once, by the caller: it has no value to write.
    if m.ty == Type::ByteStream {
        return quote! { #[serde(skip)] #name: #ty, };
    }
    let mut attrs = Vec::new();
    let key = if m.location == Location::Body { &m.json_name } else { &m.wire_name };
    if key != name.as_str().trim_start_matches("r#") {
        attrs.push(quote!(rename = #key));
    }
    match &m.presence {
        Presence::Optional => {
            attrs.push(quote!(default));
            attrs.push(quote!(skip_serializing_if = "::std::option::Option::is_none"));
        }
        Presence::Default(DefaultValue::EmptyList | DefaultValue::EmptyMap) => attrs.push(quote!(default)),
        Presence::Default(value) => {
            let function = format_ident!("default_{}", name.as_str().trim_start_matches("r#"));
            let function_name = function.to_string();
            let value = default_expr(value, &m.ty);
            let value_ty = super::value_type(m);
            let value = if m.boxed { quote!(#BOX::new(#value)) } else { value };
            defaults.push(quote! { fn #function() -> #value_ty { #value } });
            attrs.push(quote!(default = #function_name));
        }
        // Read as the wire readers read it: an absent value is the zero value where there is one.
        Presence::Required if has_default(&m.ty) => attrs.push(quote!(default)),
        Presence::Required => {}
    }
    if let Some(format) = member_format(m) {
        let format = match m.presence {
            Presence::Optional => Format::Wrap("Optional", Box::new(format)),
            _ => format,
        };
        let with = format!("wire::As::<{}>", format.text());
        attrs.push(quote!(with = #with));
    }
    let attrs = if attrs.is_empty() {
        quote!()
    } else {
        quote! { #[serde(#(#attrs),*)] }
    };
    quote! { #attrs #name: #ty, }
}

/// A `WireFormat` of `aws_client_runtime::serde_support`.
enum Format {
    /// A format without parameters.
    Named(&'static str),
    /// A container of values in the inner format.
    Wrap(&'static str, Box<Format>),
}

impl Format {
    /// The format's path, as text for `#[serde(with = "..")]`.
    fn text(&self) -> String {
        match self {
            Format::Named(name) => format!("wire::{name}"),
            Format::Wrap(name, inner) => format!("wire::{name}<{}>", inner.text()),
        }
    }

    /// The format's path.
    fn tokens(&self) -> TokenStream {
        match self {
            Format::Named(name) => {
                let name = format_ident!("{name}");
                quote!(wire::#name)
            }
            Format::Wrap(name, inner) => {
                let (name, inner) = (format_ident!("{name}"), inner.tokens());
                quote!(wire::#name<#inner>)
            }
        }
    }
}

/// The format of a value of `ty`; `None` when its own impls write it as the wire does.
fn format_of(ty: &Type) -> Option<Format> {
    let named = |name| Some(Format::Named(name));
    let inner = |ty: &Type| Box::new(format_of(ty).unwrap_or(Format::Named("Plain")));
    match ty {
        Type::Float | Type::Double => named("Float"),
        Type::BigInteger | Type::BigDecimal => named("BigNumber"),
        Type::Timestamp(TimestampFormat::EpochSeconds) => named("EpochSeconds"),
        Type::Timestamp(TimestampFormat::DateTime) => named("Rfc3339"),
        Type::Timestamp(TimestampFormat::HttpDate) => named("HttpDate"),
        Type::Blob => named("Base64"),
        Type::Document => named("Json"),
        // Containers always have a format: dense ones drop `null`s, maps are written sorted.
        Type::List { item, sparse } => Some(Format::Wrap(if *sparse { "SparseList" } else { "List" }, inner(item))),
        Type::Map { value, sparse } => Some(Format::Wrap(if *sparse { "SparseMap" } else { "Map" }, inner(value))),
        Type::String
        | Type::Boolean
        | Type::Byte
        | Type::Short
        | Type::Integer
        | Type::Long
        | Type::Named(_)
        | Type::Unit
        | Type::ByteStream => None,
    }
}

/// The format of a member's value (boxed or not, without its `Option`).
fn member_format(m: &Member) -> Option<Format> {
    let format = format_of(&m.ty)?;
    Some(if m.boxed { Format::Wrap("Boxed", Box::new(format)) } else { format })
}

fn enumeration(path: &TypePath, e: &Enum) -> TokenStream {
    let target = type_path(path);
    let (write, read) = if e.int {
        (quote!(serializer.serialize_i32(self.as_i32())), quote!(wire::deserialize_int_enum(deserializer)))
    } else {
        (quote!(serializer.serialize_str(self.as_str())), quote!(wire::deserialize_enum(deserializer)))
    };
    quote! {
        impl wire::serde::Serialize for #target {
            fn serialize<S: wire::serde::Serializer>(&self, serializer: S) -> #RESULT<S::Ok, S::Error> {
                #write
            }
        }
        impl<'de> wire::serde::Deserialize<'de> for #target {
            fn deserialize<D: wire::serde::Deserializer<'de>>(deserializer: D) -> #RESULT<Self, D::Error> {
                #read
            }
        }
    }
}

fn union(path: &TypePath, wire_name: &str, u: &Union) -> TokenStream {
    let target = type_path(path);
    let writes = u.variants.iter().map(|v| {
        let (ident, key) = (&v.name, &v.member.json_name);
        if v.member.ty == Type::Unit {
            return quote! { Self::#ident => wire::serialize_union_unit_member(#key, serializer), };
        }
        let format = variant_format(&v.member);
        quote! { Self::#ident(value) => wire::serialize_union_member::<#format, _, _>(#key, value, serializer), }
    });
    let reads = u.variants.iter().map(|v| {
        let (ident, key) = (&v.name, &v.member.json_name);
        if v.member.ty == Type::Unit {
            return quote! { #key => wire::union_unit_member(map)?.map(|()| #target::#ident), };
        }
        let format = variant_format(&v.member);
        quote! { #key => wire::union_member::<#format, _, _>(map)?.map(#target::#ident), }
    });
    quote! {
        impl wire::serde::Serialize for #target {
            fn serialize<S: wire::serde::Serializer>(&self, serializer: S) -> #RESULT<S::Ok, S::Error> {
                match self {
                    #(#writes)*
                    Self::Unknown => wire::unknown_union_member::<S>(#wire_name),
                }
            }
        }
        struct Members;
        impl wire::Union for Members {
            type Value = #target;
            const NAME: &'static str = #wire_name;
            fn read_member<'de, M: wire::serde::de::MapAccess<'de>>(
                key: &str,
                map: &mut M,
            ) -> #RESULT<#OPTION<#target>, M::Error> {
                #OK(match key {
                    #(#reads)*
                    _ => wire::union_unknown_member(map)?.map(|()| #target::Unknown),
                })
            }
        }
        impl<'de> wire::serde::Deserialize<'de> for #target {
            fn deserialize<D: wire::serde::Deserializer<'de>>(deserializer: D) -> #RESULT<Self, D::Error> {
                wire::deserialize_union::<Members, _>(deserializer)
            }
        }
    }
}

/// The format of a union member's value, `wire::Plain` when its own impls write it.
fn variant_format(m: &Member) -> TokenStream {
    match member_format(m) {
        Some(format) => format.tokens(),
        None => quote!(wire::Plain),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(ty: &Type) -> Option<String> {
        format_of(ty).map(|f| f.text())
    }

    #[test]
    fn formats_follow_the_wire() {
        assert_eq!(text(&Type::String), None);
        assert_eq!(text(&Type::Long), None);
        assert_eq!(text(&Type::Double).as_deref(), Some("wire::Float"));
        assert_eq!(text(&Type::BigDecimal).as_deref(), Some("wire::BigNumber"));
        assert_eq!(text(&Type::Timestamp(TimestampFormat::HttpDate)).as_deref(), Some("wire::HttpDate"));
        assert_eq!(text(&Type::Timestamp(TimestampFormat::DateTime)).as_deref(), Some("wire::Rfc3339"));
        assert_eq!(text(&Type::Blob).as_deref(), Some("wire::Base64"));
        assert_eq!(text(&Type::Document).as_deref(), Some("wire::Json"));
        let nested = Type::Map {
            value: Box::new(Type::List {
                item: Box::new(Type::Timestamp(TimestampFormat::EpochSeconds)),
                sparse: true,
            }),
            sparse: false,
        };
        assert_eq!(text(&nested).as_deref(), Some("wire::Map<wire::SparseList<wire::EpochSeconds>>"));
        let strings = Type::List { item: Box::new(Type::String), sparse: false };
        assert_eq!(text(&strings).as_deref(), Some("wire::List<wire::Plain>"));
    }

    #[test]
    fn format_tokens_are_the_text() {
        let ty = Type::Map { value: Box::new(Type::Blob), sparse: true };
        let format = format_of(&ty).expect("a map has a format");
        let parsed: TokenStream = format.text().parse().expect("a path");
        assert_eq!(format.tokens().to_string(), parsed.to_string());
    }
}
