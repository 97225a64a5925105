//! restJson1 writers: the statements that stream a value into a `::aws_client_runtime::json::write`
//! writer (no JSON tree is built). Object keys come in sorted order and maps are written in key
//! order, so that the same value always gives the same bytes.

use super::names::*;
use super::writer_fn;
use crate::ir::{Location, Member, NamedKind, Presence, Structure, TimestampFormat, Type, TypeDef, Union};
use proc_macro2::TokenStream;
use quote::quote;

/// The JSON writer of a structure (`path`):
/// `ser_fn(json::write::Value<'_>, &T) -> Result<(), BuildError>`.
pub(super) fn structure_writer(def: &TypeDef, s: &Structure, path: &TokenStream) -> TokenStream {
    let ser = &def.ser_fn;
    let members = write_members(&s.members, &quote!(value));
    if members.is_empty() {
        return quote! {
            pub(crate) fn #ser(out: #JSON::write::Value<'_>, _value: &#path) -> #RESULT<(), #ERROR::BuildError> {
                out.empty_object();
                #OK(())
            }
        };
    }
    quote! {
        pub(crate) fn #ser(out: #JSON::write::Value<'_>, value: &#path) -> #RESULT<(), #ERROR::BuildError> {
            let mut object = out.object();
            #members
            #OK(())
        }
    }
}

/// The JSON writer of a union (`path`):
/// `ser_fn(json::write::Value<'_>, &T) -> Result<(), BuildError>`.
pub(super) fn union_writer(def: &TypeDef, u: &Union, path: &TokenStream) -> TokenStream {
    let ser = &def.ser_fn;
    let arms = u.variants.iter().map(|v| {
        let ident = &v.name;
        let key = &v.member.json_name;
        if v.member.ty == Type::Unit {
            return quote! { #path::#ident => object.key(#key).empty_object(), };
        }
        let write = write_value(&v.member.ty, &quote!(object.key(#key)), &quote!(v));
        quote! { #path::#ident(v) => { #write } }
    });
    let name = def.wire_name.as_str();
    quote! {
        pub(crate) fn #ser(out: #JSON::write::Value<'_>, value: &#path) -> #RESULT<(), #ERROR::BuildError> {
            let mut object = out.object();
            match value {
                #(#arms)*
                #path::Unknown => return #ERR(#ERROR::BuildError::other(concat!("cannot send an unknown variant of ", #name))),
            }
            #OK(())
        }
    }
}

/// An expression of type `Result<Bytes, BuildError>`: the JSON object of the body members of
/// `value`, then what `extra` writes into `object`.
pub fn object_body(members: &[Member], value: &TokenStream, extra: TokenStream) -> TokenStream {
    let members = write_members(members, value);
    if members.is_empty() && extra.is_empty() {
        return quote!(#JSON::write::to_body(|out| {
            out.empty_object();
            #OK(())
        }));
    }
    quote!(#JSON::write::to_body(|out| {
        let mut object = out.object();
        #members
        #extra
        #OK(())
    }))
}

/// Statements that write the body members of `value` into `object`, a `json::write::Object`,
/// in key order; empty when there are none.
fn write_members(members: &[Member], value: &TokenStream) -> TokenStream {
    let mut body: Vec<&Member> = members.iter().filter(|m| m.location == Location::Body).collect();
    body.sort_by(|a, b| a.json_name.cmp(&b.json_name));
    body.iter()
        .map(|m| {
            let (field, key) = (&m.field, &m.json_name);
            let write = write_value(&m.ty, &quote!(object.key(#key)), &quote!(v));
            match m.presence {
                Presence::Optional => quote! {
                    if let #SOME(v) = &#value.#field {
                        #write
                    }
                },
                _ => quote! {
                    {
                        let v = &#value.#field;
                        #write
                    }
                },
            }
        })
        .collect()
}

fn timestamp_format(format: TimestampFormat) -> TokenStream {
    match format {
        TimestampFormat::DateTime => quote!(::aws_client_runtime::TimestampFormat::DateTime),
        TimestampFormat::HttpDate => quote!(::aws_client_runtime::TimestampFormat::HttpDate),
        TimestampFormat::EpochSeconds => quote!(::aws_client_runtime::TimestampFormat::EpochSeconds),
    }
}

/// Statements writing `value` (a reference to a value of `ty`) with `w`, an expression of type
/// `json::write::Value`; they use `?` where writing can fail.
fn write_value(ty: &Type, w: &TokenStream, value: &TokenStream) -> TokenStream {
    match ty {
        Type::String => quote!(#w.string(#value);),
        Type::Boolean => quote!(#w.boolean(*#value);),
        Type::Byte | Type::Short | Type::Integer => quote!(#w.integer(i64::from(*#value));),
        Type::Long => quote!(#w.integer(*#value);),
        Type::Float => quote!(#w.float(*#value);),
        Type::Double => quote!(#w.double(*#value);),
        Type::BigInteger | Type::BigDecimal => quote!(#w.big_number(#value);),
        Type::Blob => quote!(#w.blob(#value);),
        Type::Document => quote!(#w.document(#value);),
        Type::Timestamp(format) => {
            let format = timestamp_format(*format);
            quote!(#w.timestamp(#value, #format)?;)
        }
        // Streams are output payloads only: never written as JSON.
        Type::ByteStream => quote! {
            let _ = #value;
            #w.null();
        },
        Type::Unit => quote! {
            let _ = #value;
            #w.empty_object();
        },
        Type::Named(n) if n.kind == NamedKind::IntEnum => quote!(#w.integer(i64::from(#value.as_i32()));),
        Type::Named(n) if n.kind == NamedKind::Enum => quote!(#w.string(#value.as_str());),
        Type::Named(n) => {
            let ser_fn = writer_fn(&n.ser_fn);
            quote!(#ser_fn(#w, #value)?;)
        }
        Type::List { item, sparse } => {
            let write = write_value(item, &quote!(array.value()), &quote!(v));
            let write = if *sparse {
                quote! {
                    if let #SOME(v) = v {
                        #write
                    } else {
                        array.value().null();
                    }
                }
            } else {
                write
            };
            quote! {
                let mut array = #w.array();
                for v in #value {
                    #write
                }
            }
        }
        Type::Map { value: item, sparse } => {
            let write = write_value(item, &quote!(object.key(k)), &quote!(v));
            let write = if *sparse {
                quote! {
                    if let #SOME(v) = v {
                        #write
                    } else {
                        object.key(k).null();
                    }
                }
            } else {
                write
            };
            quote! {
                let mut object = #w.object();
                for (k, v) in #JSON::write::sorted(#value) {
                    #write
                }
            }
        }
    }
}
