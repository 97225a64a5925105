//! Where a shape becomes a type: structures, enums, unions and errors, with their builders.

use super::names::*;
use super::{
    builder_path, default_expr, default_is_cheap, docs, feature_gate, field_type, gated_uses, inner_docs,
    struct_derives, type_path, type_path_text, value_type, Gated,
};
use crate::ident::RustIdent;
use crate::ir::{
    Crate, Enum, ErrorShape, Member, Module, Presence, Structure, Type, TypeDef, TypeKind, TypePath, Union,
};
use proc_macro2::TokenStream;
use quote::quote;

/// What a structure is for; decides its extra fields and how its builder builds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// A plain structure.
    Plain,
    /// An operation's input: `build()` always returns a `Result`.
    Input,
    /// An operation's output: carries the request id.
    Output,
    /// A modeled error: carries its metadata.
    Error,
}

/// `src/types.rs` or `src/types/error.rs`: every type of `module`, then their builders.
pub fn types_rs(krate: &Crate, module: &Module) -> TokenStream {
    let defs: Vec<&TypeDef> = krate.types.iter().filter(|t| &t.path.module == module).collect();
    let gated = |def: &TypeDef, tokens: TokenStream, imports: Imports| {
        let features = def.used_by();
        let always = features.len() >= krate.operations.len() && !krate.operations.is_empty();
        Gated { features: if always { None } else { Some(features) }, tokens, imports }
    };
    // A type expands to several items (struct, impls, `Debug`); each gets the gate. `types.rs`
    // cannot import the runtime's `error`: it has a module of that name.
    let importing = module == &Module::TypesError;
    let items: Vec<Gated> = defs
        .iter()
        .map(|def| {
            let gate = feature_gate(&def.used_by(), krate);
            let (tokens, imports) = within(Here::Module(module.clone()), importing, || type_def(def, &gate));
            gated(def, tokens, imports)
        })
        .collect();
    let builders: Vec<Gated> = defs
        .iter()
        .filter(|def| matches!(def.kind, TypeKind::Structure(_) | TypeKind::Error(_)))
        .map(|def| {
            let gate = feature_gate(&def.used_by(), krate);
            let (tokens, imports) = within(Here::Builders(module.clone()), true, || match &def.kind {
                TypeKind::Error(e) => {
                    builder(&def.path, &e.structure, Flavor::Error, Some((&def.wire_name, e.message_member)), &gate)
                }
                TypeKind::Structure(s) => builder(&def.path, s, Flavor::Plain, None, &gate),
                _ => TokenStream::new(),
            });
            gated(def, tokens, imports)
        })
        .collect();
    let (item_uses, builder_uses) = (gated_uses(&items), gated_uses(&builders));
    let items = items.iter().map(|i| &i.tokens);
    let builders = builders.iter().map(|b| &b.tokens);
    let (module_docs, builders_doc, submodule) = match module {
        Module::Types => (
            inner_docs(&["Data types of the service: structures, enums and unions."]),
            "Builders for the structures in [`crate::types`].",
            quote! {
                /// Errors the service can return.
                pub mod error;
            },
        ),
        _ => (
            inner_docs(&["Errors the service can return, each a structure."]),
            "Builders for the errors in this module.",
            quote!(),
        ),
    };
    quote! {
        #module_docs
        #item_uses
        #submodule
        #(#items)*
        #[doc = #builders_doc]
        pub mod builders {
            #builder_uses
            #(#builders)*
        }
    }
}

/// A model-defined type with `gate` (a `#[cfg]`, or nothing) on each of its items, after the
/// item's docs.
fn type_def(def: &TypeDef, gate: &TokenStream) -> TokenStream {
    match &def.kind {
        TypeKind::Structure(s) => structure(&def.path, &def.docs, s, Flavor::Plain, gate),
        TypeKind::Error(e) => error_structure(def, e, gate),
        TypeKind::Enum(e) => enumeration(&def.path, &def.docs, e, gate),
        TypeKind::Union(u) => union(&def.path, &def.docs, u, gate),
    }
}

/// A structure, its getters and `builder()`; `gate` goes on each item.
pub fn structure(
    path: &TypePath,
    doc_lines: &[String],
    s: &Structure,
    flavor: Flavor,
    gate: &TokenStream,
) -> TokenStream {
    let name = &path.name;
    let doc = docs(doc_lines);
    let fields = s.members.iter().map(|m| {
        let field = &m.field;
        let ty = field_type(m);
        let doc = docs(&m.docs);
        let deprecated = deprecated(&m.deprecated);
        quote! { #doc #deprecated pub #field: #ty, }
    });
    let extra_field = match flavor {
        Flavor::Output => quote! { pub(crate) _request_id: #OPTION<#STRING>, },
        // Boxed, so that `Result<_, Error>` stays small (clippy's `result_large_err`).
        Flavor::Error => quote! { pub(crate) meta: #BOX<#ERROR::ErrorMetadata>, },
        _ => quote!(),
    };
    let getters = s.members.iter().map(getter);
    let builder = builder_path(path, &s.builder);
    let name_str = name.to_string();
    let builder_doc = format!(" A builder for [`{name_str}`].");
    let derives = struct_derives(s, quote!());
    let debug_impl = if s.redacts { redacted_debug(name, &s.members, flavor, gate) } else { quote!() };
    let request_id = if flavor == Flavor::Output {
        quote! {
            #gate
            impl #ERROR::RequestId for #name {
                fn request_id(&self) -> #OPTION<&str> {
                    self._request_id.as_deref()
                }
            }
        }
    } else {
        quote!()
    };
    quote! {
        #doc
        #gate
        #[non_exhaustive]
        #derives
        pub struct #name {
            #(#fields)*
            #extra_field
        }
        #gate
        impl #name {
            #(#getters)*
            #[doc = #builder_doc]
            pub fn builder() -> #builder {
                #builder::default()
            }
        }
        #debug_impl
        #request_id
    }
}

fn getter(m: &Member) -> TokenStream {
    let field = &m.field;
    let doc = docs(&m.docs);
    let (ret, body) = match (&m.presence, &m.ty) {
        (Presence::Optional, Type::String | Type::BigInteger | Type::BigDecimal) => {
            (quote!(#OPTION<&str>), quote!(self.#field.as_deref()))
        }
        (Presence::Optional, Type::List { .. }) => {
            let item = match &m.ty {
                Type::List { item, sparse } => list_item_type(item, *sparse),
                _ => unreachable!(),
            };
            let doc_extra = " If no value was sent for this field, a default will be set. If you want to determine if no value was sent, use `.#field.is_none()`.".replace("#field", field.as_str());
            return quote! {
                #doc
                #[doc = ""]
                #[doc = #doc_extra]
                pub fn #field(&self) -> &[#item] {
                    self.#field.as_deref().unwrap_or_default()
                }
            };
        }
        (Presence::Optional, ty) if ty.is_copy() => {
            let ty = value_type(m);
            (quote!(#OPTION<#ty>), quote!(self.#field))
        }
        (Presence::Optional, _) if m.boxed => {
            let ty = super::rust_type(&m.ty);
            (quote!(#OPTION<&#ty>), quote!(self.#field.as_deref()))
        }
        (Presence::Optional, _) => {
            let ty = value_type(m);
            (quote!(#OPTION<&#ty>), quote!(self.#field.as_ref()))
        }
        (_, Type::String | Type::BigInteger | Type::BigDecimal) => (quote!(&str), quote!(self.#field.as_str())),
        (_, Type::List { item, sparse }) => {
            let item = list_item_type(item, *sparse);
            (quote!(&[#item]), quote!(self.#field.as_slice()))
        }
        (_, ty) if ty.is_copy() => {
            let ty = value_type(m);
            (ty, quote!(self.#field))
        }
        _ => {
            let ty = value_type(m);
            (quote!(&#ty), quote!(&self.#field))
        }
    };
    let deprecated = deprecated(&m.deprecated);
    quote! {
        #doc
        #deprecated
        pub fn #field(&self) -> #ret {
            #body
        }
    }
}

/// `#[deprecated(note = ..)]` for a member, variant or operation the model deprecates.
pub fn deprecated(note: &Option<String>) -> TokenStream {
    match note {
        Some(note) => quote! { #[deprecated(note = #note)] },
        None => quote!(),
    }
}

fn list_item_type(item: &Type, sparse: bool) -> TokenStream {
    let item = super::rust_type(item);
    if sparse {
        quote!(#OPTION<#item>)
    } else {
        item
    }
}

/// `Debug` that prints the redaction marker in place of every sensitive member.
fn redacted_debug(name: &RustIdent, members: &[Member], flavor: Flavor, gate: &TokenStream) -> TokenStream {
    let name_str = name.to_string();
    let fields = members.iter().map(|m| {
        let field = &m.field;
        let label = m.field.as_str();
        if m.sensitive {
            quote! { formatter.field(#label, &::aws_client_runtime::sensitive::REDACTED); }
        } else {
            quote! { formatter.field(#label, &self.#field); }
        }
    });
    let extra = match flavor {
        Flavor::Output => quote! { formatter.field("_request_id", &self._request_id); },
        Flavor::Error => quote! { formatter.field("meta", &self.meta); },
        _ => quote!(),
    };
    quote! {
        #gate
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let mut formatter = f.debug_struct(#name_str);
                #(#fields)*
                #extra
                formatter.finish()
            }
        }
    }
}

/// A structure's builder: a setter, `set_` and `get_` per member, and `build()`.
/// `error` is an error's wire code and the index of its message member; `gate` goes on each item.
pub fn builder(
    path: &TypePath,
    s: &Structure,
    flavor: Flavor,
    error: Option<(&str, Option<usize>)>,
    gate: &TokenStream,
) -> TokenStream {
    let target = type_path(path);
    let name = &s.builder;
    let target_str = path.name.to_string();
    let doc = format!(" A builder for [`{target_str}`]({}).", type_path_text(path));
    let fields = s.members.iter().map(|m| {
        let field = &m.field;
        let ty = value_type(m);
        quote! { pub(crate) #field: #OPTION<#ty>, }
    });
    // An error without a `message` member gets one in its builder, as in the official SDK.
    let message_field = flavor == Flavor::Error && !has_member(s, "message");
    let extra_field = match flavor {
        Flavor::Error if message_field => {
            quote! { meta: #OPTION<#ERROR::ErrorMetadata>, message: #OPTION<#STRING>, }
        }
        Flavor::Error => quote! { meta: #OPTION<#ERROR::ErrorMetadata>, },
        _ => quote!(),
    };
    let setters = s.members.iter().map(|m| setters(m, false));
    let message_setters = if message_field {
        quote! {
            /// Sets the error's message (a modeled message member, when set, wins).
            pub fn message(mut self, input: impl #INTO<#STRING>) -> Self {
                self.message = #SOME(input.into());
                self
            }
            /// Sets or clears the error's message.
            pub fn set_message(mut self, input: #OPTION<#STRING>) -> Self {
                self.message = input;
                self
            }
            /// The message set, if any.
            pub fn get_message(&self) -> &#OPTION<#STRING> {
                &self.message
            }
        }
    } else {
        quote!()
    };
    let meta_setter = if flavor == Flavor::Error {
        quote! {
            #message_setters
            /// Sets the error's metadata: code, message and request id.
            pub fn meta(mut self, meta: #ERROR::ErrorMetadata) -> Self {
                self.meta = #SOME(meta);
                self
            }
            /// Sets or clears the error's metadata.
            pub fn set_meta(&mut self, meta: #OPTION<#ERROR::ErrorMetadata>) -> &mut Self {
                self.meta = meta;
                self
            }
        }
    } else {
        quote!()
    };
    let values = s.members.iter().map(|m| build_field(m, &target_str));
    let extra_value = match flavor {
        Flavor::Output => quote! { _request_id: #NONE, },
        Flavor::Error => {
            let (code, message_member) = error.unwrap_or((target_str.as_str(), None));
            let mut message = error_message_expr(s, message_member);
            if message_field {
                message = quote!(#message.or(self.message.as_deref()));
            }
            quote! { meta: #BOX::new(#ERROR::complete_metadata(self.meta, #code, #message)), }
        }
        _ => quote!(),
    };
    let fallible = flavor == Flavor::Input || s.build_is_fallible;
    let build_doc = format!(" Builds a [`{target_str}`]({}).", type_path_text(path));
    let build = if fallible {
        quote! {
            #[doc = #build_doc]
            pub fn build(self) -> #RESULT<#target, #ERROR::BuildError> {
                #OK(#target { #extra_value #(#values)* })
            }
        }
    } else {
        quote! {
            #[doc = #build_doc]
            pub fn build(self) -> #target {
                #target { #extra_value #(#values)* }
            }
        }
    };
    let derives = struct_derives(s, quote!(Default,));
    let debug_impl = if s.redacts { redacted_debug(name, &s.members, Flavor::Plain, gate) } else { quote!() };
    quote! {
        #[doc = #doc]
        #gate
        #[non_exhaustive]
        #derives
        pub struct #name {
            #(#fields)*
            #extra_field
        }
        #gate
        impl #name {
            #(#setters)*
            #meta_setter
            #build
        }
        #debug_impl
    }
}

/// Whether a member of `s` is the Rust field `field`.
fn has_member(s: &Structure, field: &str) -> bool {
    s.members.iter().any(|m| m.field.as_str() == field)
}

/// The message member of an error structure, as an `Option<&str>` expression in its builder.
fn error_message_expr(s: &Structure, message_member: Option<usize>) -> TokenStream {
    match message_member.map(|i| &s.members[i]) {
        Some(m) if m.presence == Presence::Optional => {
            let f = &m.field;
            quote!(self.#f.as_deref())
        }
        _ => quote!(#NONE),
    }
}

fn build_field(m: &Member, target: &str) -> TokenStream {
    let field = &m.field;
    let name = m.field.as_str();
    match &m.presence {
        Presence::Optional => quote! { #field: self.#field, },
        // An unset stream is an empty one, as an absent body is.
        Presence::Required if m.ty == Type::ByteStream => quote! { #field: self.#field.unwrap_or_default(), },
        Presence::Required => {
            let detail = format!("{name} was not specified but it is required when building {target}");
            quote! {
                #field: self.#field.ok_or_else(|| #ERROR::BuildError::missing_field(#name, #detail))?,
            }
        }
        Presence::Default(value) => {
            let default = default_expr(value, &m.ty);
            if matches!(value, crate::ir::DefaultValue::EmptyList | crate::ir::DefaultValue::EmptyMap) {
                quote! { #field: self.#field.unwrap_or_default(), }
            } else if default_is_cheap(value, &m.ty) {
                quote! { #field: self.#field.unwrap_or(#default), }
            } else {
                quote! { #field: self.#field.unwrap_or_else(|| #default), }
            }
        }
    }
}

/// The setter, `set_` and `get_` of a member; a fluent builder's delegate to its `inner`.
pub fn setters(m: &Member, fluent: bool) -> TokenStream {
    let field = &m.field;
    let set = &m.set_fn;
    let get = &m.get_fn;
    let (doc, deprecated) = (docs(&m.docs), deprecated(&m.deprecated));
    let doc = quote!(#doc #deprecated);
    let value_ty = value_type(m);
    let (params, value, append) = setter_input(m);
    let primary = if fluent {
        let args = match &m.ty {
            Type::Map { .. } => quote!(k, v),
            _ => quote!(input),
        };
        quote! {
            #doc
            pub fn #field(mut self, #params) -> Self {
                self.inner = self.inner.#field(#args);
                self
            }
        }
    } else if append {
        match &m.ty {
            Type::Map { .. } => quote! {
                #doc
                pub fn #field(mut self, #params) -> Self {
                    let mut map = self.#field.unwrap_or_default();
                    map.insert(k.into(), #value);
                    self.#field = #SOME(map);
                    self
                }
            },
            _ => quote! {
                #doc
                pub fn #field(mut self, #params) -> Self {
                    let mut list = self.#field.unwrap_or_default();
                    list.push(#value);
                    self.#field = #SOME(list);
                    self
                }
            },
        }
    } else {
        quote! {
            #doc
            pub fn #field(mut self, #params) -> Self {
                self.#field = #SOME(#value);
                self
            }
        }
    };
    let set_doc = format!(" Sets or clears `{}`.", m.field.as_str());
    let get_doc = format!(" The value set for `{}`, if any.", m.field.as_str());
    let (set_body, get_body) = if fluent {
        (quote! { self.inner = self.inner.#set(input); self }, quote! { self.inner.#get() })
    } else {
        (quote! { self.#field = input; self }, quote! { &self.#field })
    };
    quote! {
        #primary
        #[doc = #set_doc]
        pub fn #set(mut self, input: #OPTION<#value_ty>) -> Self {
            #set_body
        }
        #[doc = #get_doc]
        pub fn #get(&self) -> &#OPTION<#value_ty> {
            #get_body
        }
    }
}

/// The parameters of a member's setter, the value it stores, and whether it appends to a
/// list or map (one element or entry per call, as in the official SDK).
fn setter_input(m: &Member) -> (TokenStream, TokenStream, bool) {
    let into_param = |ty: &Type| -> (TokenStream, bool) {
        match ty {
            Type::String | Type::BigInteger | Type::BigDecimal => (quote!(impl #INTO<#STRING>), true),
            other => (super::rust_type(other), false),
        }
    };
    match &m.ty {
        Type::List { item, sparse } => {
            let (ty, into) = into_param(item);
            // A sparse element is an `Option` of the plain type: `impl Into` cannot nest in it.
            let ty = if *sparse {
                let plain = super::rust_type(item);
                quote!(#OPTION<#plain>)
            } else {
                ty
            };
            let value = if into && !*sparse { quote!(input.into()) } else { quote!(input) };
            (quote!(input: #ty), value, true)
        }
        Type::Map { value, sparse } => {
            let (ty, into) = into_param(value);
            let ty = if *sparse {
                let plain = super::rust_type(value);
                quote!(#OPTION<#plain>)
            } else {
                ty
            };
            let stored = if into && !*sparse { quote!(v.into()) } else { quote!(v) };
            (quote!(k: impl #INTO<#STRING>, v: #ty), stored, true)
        }
        ty => {
            let (param, into) = into_param(ty);
            let value = if into {
                quote!(input.into())
            } else if m.boxed {
                quote!(#BOX::new(input))
            } else {
                quote!(input)
            };
            (quote!(input: #param), value, false)
        }
    }
}

fn error_structure(def: &TypeDef, e: &ErrorShape, gate: &TokenStream) -> TokenStream {
    let name = &def.path.name;
    let body = structure(&def.path, &def.docs, &e.structure, Flavor::Error, gate);
    let message = if has_member(&e.structure, "message") {
        quote!()
    } else {
        quote! {
            /// The error's message: the modeled message member, else the one the service sent.
            pub fn message(&self) -> #OPTION<&str> {
                self.meta.message()
            }
        }
    };
    quote! {
        #body
        #gate
        impl #name {
            #message
            /// The error's code, message and request id.
            pub fn meta(&self) -> &#ERROR::ErrorMetadata {
                &self.meta
            }
        }
        #gate
        impl #ERROR::ProvideErrorMetadata for #name {
            fn meta(&self) -> &#ERROR::ErrorMetadata {
                &self.meta
            }
        }
        #gate
        impl #ERROR::RequestId for #name {
            fn request_id(&self) -> #OPTION<&str> {
                self.meta.request_id()
            }
        }
        #gate
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #ERROR::write_code_and_message(f, &self.meta)
            }
        }
        #gate
        impl ::std::error::Error for #name {}
    }
}

fn enumeration(path: &TypePath, doc_lines: &[String], e: &Enum, gate: &TokenStream) -> TokenStream {
    if e.int {
        return int_enumeration(path, doc_lines, e, gate);
    }
    let name = &path.name;
    let doc = docs(doc_lines);
    let variants = e.variants.iter().map(|v| {
        let doc = docs(&v.docs);
        let ident = &v.name;
        let deprecated = deprecated(&v.deprecated);
        quote! { #doc #deprecated #ident, }
    });
    let from_arms = e.variants.iter().map(|v| {
        let (ident, value) = (&v.name, &v.value);
        quote! { #value => #name::#ident, }
    });
    let as_str_arms = e.variants.iter().map(|v| {
        let (ident, value) = (&v.name, &v.value);
        quote! { #name::#ident => #value, }
    });
    let values = e.variants.iter().map(|v| &v.value);
    let example = e.variants.first().map(|v| format!("`{}::{}`", name, v.name)).unwrap_or_default();
    let unknown_doc = format!(
        " A value this version of the crate does not know (added to the service later). Match it with a wildcard, not by name; {example} and friends cover the known ones."
    );
    quote! {
        #doc
        #[doc = ""]
        #[doc = " Every value the service may add later parses into `Unknown`, so matching must include a wildcard arm; `as_str()` gives the value back."]
        #gate
        #[non_exhaustive]
        #[derive(Clone, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
        pub enum #name {
            #(#variants)*
            #[doc = #unknown_doc]
            #[deprecated(note = "Don't match on `Unknown` directly: use a wildcard arm, and `as_str()` for the value.")]
            Unknown(::aws_client_runtime::enums::UnknownVariantValue),
        }
        #gate
        impl #FROM<&str> for #name {
            fn from(s: &str) -> Self {
                match s {
                    #(#from_arms)*
                    #[allow(deprecated)]
                    other => #name::Unknown(::aws_client_runtime::enums::UnknownVariantValue::new(other)),
                }
            }
        }
        #gate
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> #RESULT<Self, Self::Err> {
                #OK(#name::from(s))
            }
        }
        #gate
        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str_arms)*
                    #[allow(deprecated)]
                    #name::Unknown(value) => value.as_str(),
                }
            }
            /// Every value this version of the crate knows.
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
            /// Parses a value this version of the crate knows; any other is an error (where
            /// `From<&str>` would give `Unknown`).
            pub fn try_parse(value: &str) -> #RESULT<Self, ::aws_client_runtime::enums::UnknownVariantError> {
                match #name::from(value) {
                    #[allow(deprecated)]
                    #name::Unknown(_) => ::std::result::Result::Err(::aws_client_runtime::enums::UnknownVariantError::new(value)),
                    known => #OK(known),
                }
            }
        }
        #gate
        impl #AS_REF<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
        #gate
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn int_enumeration(path: &TypePath, doc_lines: &[String], e: &Enum, gate: &TokenStream) -> TokenStream {
    let name = &path.name;
    let doc = docs(doc_lines);
    let variants = e.variants.iter().map(|v| {
        let doc = docs(&v.docs);
        let ident = &v.name;
        quote! { #doc #ident, }
    });
    let lit = |v: &str| proc_macro2::Literal::i64_unsuffixed(v.parse::<i64>().unwrap_or_default());
    let from_arms = e.variants.iter().map(|v| {
        let (ident, value) = (&v.name, lit(&v.value));
        quote! { #value => #name::#ident, }
    });
    let as_arms = e.variants.iter().map(|v| {
        let (ident, value) = (&v.name, lit(&v.value));
        quote! { #name::#ident => #value, }
    });
    let values = e.variants.iter().map(|v| lit(&v.value));
    quote! {
        #doc
        #gate
        #[non_exhaustive]
        #[derive(Clone, Copy, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know.
            Unknown(i32),
        }
        #gate
        impl #FROM<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #(#from_arms)*
                    other => #name::Unknown(other),
                }
            }
        }
        #gate
        impl #name {
            /// The value as it appears on the wire.
            pub fn as_i32(&self) -> i32 {
                match self {
                    #(#as_arms)*
                    #name::Unknown(value) => *value,
                }
            }
            /// Every value this version of the crate knows.
            pub const fn values() -> &'static [i32] {
                &[#(#values),*]
            }
        }
    }
}

fn union(path: &TypePath, doc_lines: &[String], u: &Union, gate: &TokenStream) -> TokenStream {
    let name = &path.name;
    let doc = docs(doc_lines);
    // A member targeting `smithy.api#Unit` is a unit variant, as in the official SDK.
    let variants = u.variants.iter().map(|v| {
        let doc = docs(&v.member.docs);
        let ident = &v.name;
        if v.member.ty == Type::Unit {
            return quote! { #doc #ident, };
        }
        let ty = value_type(&v.member);
        quote! { #doc #ident(#ty), }
    });
    let accessors = u.variants.iter().map(|v| {
        let (ident, as_fn, is_fn) = (&v.name, &v.as_fn, &v.is_fn);
        let is_doc = format!(" Whether this is `{ident}`.");
        let accessor = if v.member.ty == Type::Unit {
            let as_doc = format!(" `Ok(())` if this is `{ident}`, else `Err(self)`.");
            quote! {
                #[doc = #as_doc]
                pub fn #as_fn(&self) -> #RESULT<(), &Self> {
                    if matches!(self, #name::#ident) {
                        #OK(())
                    } else {
                        #ERR(self)
                    }
                }
            }
        } else {
            let ty = value_type(&v.member);
            let as_doc = format!(" The value if this is `{ident}`, else `Err(self)`.");
            // A recursive member is boxed; its accessor returns `&Box<T>`, as the AWS SDK's does.
            let allow = if v.member.boxed { quote!(#[allow(clippy::borrowed_box)]) } else { quote!() };
            quote! {
                #[doc = #as_doc]
                #allow
                pub fn #as_fn(&self) -> #RESULT<&#ty, &Self> {
                    if let #name::#ident(value) = self {
                        #OK(value)
                    } else {
                        #ERR(self)
                    }
                }
            }
        };
        quote! {
            #accessor
            #[doc = #is_doc]
            pub fn #is_fn(&self) -> bool {
                self.#as_fn().is_ok()
            }
        }
    });
    let redacts = u.variants.iter().any(|v| v.member.sensitive);
    let derive_debug = if redacts { quote!() } else { quote!(Debug,) };
    let debug_impl = if redacts {
        let arms = u.variants.iter().map(|v| {
            let ident = &v.name;
            let label = ident.to_string();
            if v.member.ty == Type::Unit {
                quote! { #name::#ident => f.write_str(#label), }
            } else if v.member.sensitive {
                quote! { #name::#ident(_) => f.debug_tuple(#label).field(&::aws_client_runtime::sensitive::REDACTED).finish(), }
            } else {
                quote! { #name::#ident(value) => f.debug_tuple(#label).field(value).finish(), }
            }
        });
        quote! {
            #gate
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #(#arms)*
                        #name::Unknown => f.write_str("Unknown"),
                    }
                }
            }
        }
    } else {
        quote!()
    };
    quote! {
        #doc
        #gate
        #[non_exhaustive]
        #[derive(Clone, PartialEq, #derive_debug)]
        // Variants hold their members unboxed, as the AWS SDK's unions do, whatever their sizes.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// A member this version of the crate does not know (added to the service later).
            #[non_exhaustive]
            Unknown,
        }
        #gate
        impl #name {
            #(#accessors)*
            /// Whether this is a member this version of the crate does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown)
            }
        }
        #debug_impl
    }
}
