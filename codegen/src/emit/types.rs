//! Where a shape becomes a type: structures, enums, unions and errors, with their builders.

use super::{
    builder_path, default_expr, default_is_cheap, docs, feature_gate, field_type, inner_docs, struct_derives,
    type_path, value_type,
};
use crate::ident::RustIdent;
use crate::ir::{
    Crate, Enum, ErrorShape, Member, Module, Presence, Structure, Type, TypeDef, TypeKind, TypePath, Union,
};
use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::Parser;

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
    let items = defs.iter().map(|def| {
        let gate = feature_gate(&def.used_by(), krate);
        let item = type_def(def);
        // The type expands to several items (struct, impls, `Debug`); each gets the gate.
        gate_items(&gate, item)
    });
    let builders = defs.iter().filter_map(|def| {
        let gate = feature_gate(&def.used_by(), krate);
        let builder = match &def.kind {
            TypeKind::Structure(s) => builder(&def.path, s, Flavor::Plain, None),
            TypeKind::Error(e) => {
                builder(&def.path, &e.structure, Flavor::Error, Some((&def.wire_name, e.message_member)))
            }
            _ => return None,
        };
        Some(gate_items(&gate, builder))
    });
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
        #submodule
        #(#items)*
        #[doc = #builders_doc]
        pub mod builders {
            #(#builders)*
        }
    }
}

/// Puts `gate` on each top-level item of `items`, after the item's docs.
fn gate_items(gate: &TokenStream, items: TokenStream) -> TokenStream {
    let (Ok(file), Ok(gate)) =
        (syn::parse2::<syn::File>(items.clone()), syn::Attribute::parse_outer.parse2(gate.clone()))
    else {
        // No gate, or a fragment emission will reject when it checks the whole file.
        return items;
    };
    let mut file = file;
    for item in &mut file.items {
        let attrs = match item {
            syn::Item::Struct(i) => &mut i.attrs,
            syn::Item::Enum(i) => &mut i.attrs,
            syn::Item::Impl(i) => &mut i.attrs,
            syn::Item::Fn(i) => &mut i.attrs,
            _ => continue,
        };
        let after_docs = attrs.iter().take_while(|a| a.path().is_ident("doc")).count();
        attrs.splice(after_docs..after_docs, gate.iter().cloned());
    }
    file.items.iter().map(|item| quote!(#item)).collect()
}

fn type_def(def: &TypeDef) -> TokenStream {
    match &def.kind {
        TypeKind::Structure(s) => structure(&def.path, &def.docs, s, Flavor::Plain),
        TypeKind::Error(e) => error_structure(def, e),
        TypeKind::Enum(e) => enumeration(&def.path, &def.docs, e),
        TypeKind::Union(u) => union(&def.path, &def.docs, u),
    }
}

/// A structure, its getters and `builder()`.
pub fn structure(path: &TypePath, doc_lines: &[String], s: &Structure, flavor: Flavor) -> TokenStream {
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
        Flavor::Output => quote! { pub(crate) _request_id: ::std::option::Option<::std::string::String>, },
        // Boxed, so that `Result<_, Error>` stays small (clippy's `result_large_err`).
        Flavor::Error => quote! { pub(crate) meta: ::std::boxed::Box<::aws_client_runtime::error::ErrorMetadata>, },
        _ => quote!(),
    };
    let getters = s.members.iter().map(getter);
    let builder = builder_path(path, &s.builder);
    let name_str = name.to_string();
    let builder_doc = format!(" A builder for [`{name_str}`].");
    let derives = struct_derives(s, quote!());
    let debug_impl = if s.redacts { redacted_debug(name, &s.members, flavor) } else { quote!() };
    let request_id = if flavor == Flavor::Output {
        quote! {
            impl ::aws_client_runtime::error::RequestId for #name {
                fn request_id(&self) -> ::std::option::Option<&str> {
                    self._request_id.as_deref()
                }
            }
        }
    } else {
        quote!()
    };
    quote! {
        #doc
        #[non_exhaustive]
        #derives
        pub struct #name {
            #(#fields)*
            #extra_field
        }
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
            (quote!(::std::option::Option<&str>), quote!(self.#field.as_deref()))
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
            (quote!(::std::option::Option<#ty>), quote!(self.#field))
        }
        (Presence::Optional, _) if m.boxed => {
            let ty = super::rust_type(&m.ty);
            (quote!(::std::option::Option<&#ty>), quote!(self.#field.as_deref()))
        }
        (Presence::Optional, _) => {
            let ty = value_type(m);
            (quote!(::std::option::Option<&#ty>), quote!(self.#field.as_ref()))
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
        quote!(::std::option::Option<#item>)
    } else {
        item
    }
}

/// `Debug` that prints the redaction marker in place of every sensitive member.
fn redacted_debug(name: &RustIdent, members: &[Member], flavor: Flavor) -> TokenStream {
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
/// `error` is an error's wire code and the index of its message member.
pub fn builder(path: &TypePath, s: &Structure, flavor: Flavor, error: Option<(&str, Option<usize>)>) -> TokenStream {
    let target = type_path(path);
    let name = &s.builder;
    let target_str = path.name.to_string();
    let doc = format!(" A builder for [`{target_str}`]({}).", type_path(path).to_string().replace(' ', ""));
    let fields = s.members.iter().map(|m| {
        let field = &m.field;
        let ty = value_type(m);
        quote! { pub(crate) #field: ::std::option::Option<#ty>, }
    });
    let extra_field = if flavor == Flavor::Error {
        quote! { meta: ::std::option::Option<::aws_client_runtime::error::ErrorMetadata>, }
    } else {
        quote!()
    };
    let setters = s.members.iter().map(|m| setters(m, false));
    let meta_setter = if flavor == Flavor::Error {
        quote! {
            /// Sets the error's metadata: code, message and request id.
            pub fn meta(mut self, meta: ::aws_client_runtime::error::ErrorMetadata) -> Self {
                self.meta = ::std::option::Option::Some(meta);
                self
            }
        }
    } else {
        quote!()
    };
    let values = s.members.iter().map(|m| build_field(m, &target_str));
    let extra_value = match flavor {
        Flavor::Output => quote! { _request_id: ::std::option::Option::None, },
        Flavor::Error => {
            let (code, message_member) = error.unwrap_or((target_str.as_str(), None));
            let message = error_message_expr(s, message_member);
            quote! { meta: ::std::boxed::Box::new(::aws_client_runtime::error::complete_metadata(self.meta, #code, #message)), }
        }
        _ => quote!(),
    };
    let fallible = flavor == Flavor::Input || s.build_is_fallible;
    let build_doc = format!(" Builds a [`{target_str}`]({}).", type_path(path).to_string().replace(' ', ""));
    let build = if fallible {
        quote! {
            #[doc = #build_doc]
            pub fn build(self) -> ::std::result::Result<#target, ::aws_client_runtime::error::BuildError> {
                ::std::result::Result::Ok(#target { #extra_value #(#values)* })
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
    let debug_impl = if s.redacts { redacted_debug(name, &s.members, Flavor::Plain) } else { quote!() };
    quote! {
        #[doc = #doc]
        #[non_exhaustive]
        #derives
        pub struct #name {
            #(#fields)*
            #extra_field
        }
        impl #name {
            #(#setters)*
            #meta_setter
            #build
        }
        #debug_impl
    }
}

/// The message member of an error structure, as an `Option<&str>` expression in its builder.
fn error_message_expr(s: &Structure, message_member: Option<usize>) -> TokenStream {
    match message_member.map(|i| &s.members[i]) {
        Some(m) if m.presence == Presence::Optional => {
            let f = &m.field;
            quote!(self.#f.as_deref())
        }
        _ => quote!(::std::option::Option::None),
    }
}

fn build_field(m: &Member, target: &str) -> TokenStream {
    let field = &m.field;
    let name = m.field.as_str();
    match &m.presence {
        Presence::Optional => quote! { #field: self.#field, },
        Presence::Required => {
            let detail = format!("{name} was not specified but it is required when building {target}");
            quote! {
                #field: self.#field.ok_or_else(|| ::aws_client_runtime::error::BuildError::missing_field(#name, #detail))?,
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
                    self.#field = ::std::option::Option::Some(map);
                    self
                }
            },
            _ => quote! {
                #doc
                pub fn #field(mut self, #params) -> Self {
                    let mut list = self.#field.unwrap_or_default();
                    list.push(#value);
                    self.#field = ::std::option::Option::Some(list);
                    self
                }
            },
        }
    } else {
        quote! {
            #doc
            pub fn #field(mut self, #params) -> Self {
                self.#field = ::std::option::Option::Some(#value);
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
        pub fn #set(mut self, input: ::std::option::Option<#value_ty>) -> Self {
            #set_body
        }
        #[doc = #get_doc]
        pub fn #get(&self) -> &::std::option::Option<#value_ty> {
            #get_body
        }
    }
}

/// The parameters of a member's setter, the value it stores, and whether it appends to a
/// list or map (one element or entry per call, as in the official SDK).
fn setter_input(m: &Member) -> (TokenStream, TokenStream, bool) {
    let into_param = |ty: &Type| -> (TokenStream, bool) {
        match ty {
            Type::String | Type::BigInteger | Type::BigDecimal => {
                (quote!(impl ::std::convert::Into<::std::string::String>), true)
            }
            other => (super::rust_type(other), false),
        }
    };
    match &m.ty {
        Type::List { item, sparse } => {
            let (ty, into) = into_param(item);
            // A sparse element is an `Option` of the plain type: `impl Into` cannot nest in it.
            let ty = if *sparse {
                let plain = super::rust_type(item);
                quote!(::std::option::Option<#plain>)
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
                quote!(::std::option::Option<#plain>)
            } else {
                ty
            };
            let stored = if into && !*sparse { quote!(v.into()) } else { quote!(v) };
            (quote!(k: impl ::std::convert::Into<::std::string::String>, v: #ty), stored, true)
        }
        ty => {
            let (param, into) = into_param(ty);
            let value = if into {
                quote!(input.into())
            } else if m.boxed {
                quote!(::std::boxed::Box::new(input))
            } else {
                quote!(input)
            };
            (quote!(input: #param), value, false)
        }
    }
}

fn error_structure(def: &TypeDef, e: &ErrorShape) -> TokenStream {
    let name = &def.path.name;
    let body = structure(&def.path, &def.docs, &e.structure, Flavor::Error);
    quote! {
        #body
        impl ::aws_client_runtime::error::ProvideErrorMetadata for #name {
            fn meta(&self) -> &::aws_client_runtime::error::ErrorMetadata {
                &self.meta
            }
        }
        impl ::aws_client_runtime::error::RequestId for #name {
            fn request_id(&self) -> ::std::option::Option<&str> {
                self.meta.request_id()
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::aws_client_runtime::error::write_code_and_message(f, &self.meta)
            }
        }
        impl ::std::error::Error for #name {}
    }
}

fn enumeration(path: &TypePath, doc_lines: &[String], e: &Enum) -> TokenStream {
    if e.int {
        return int_enumeration(path, doc_lines, e);
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
        #[non_exhaustive]
        #[derive(Clone, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
        pub enum #name {
            #(#variants)*
            #[doc = #unknown_doc]
            #[deprecated(note = "Don't match on `Unknown` directly: use a wildcard arm, and `as_str()` for the value.")]
            Unknown(::aws_client_runtime::enums::UnknownVariantValue),
        }
        impl ::std::convert::From<&str> for #name {
            fn from(s: &str) -> Self {
                match s {
                    #(#from_arms)*
                    #[allow(deprecated)]
                    other => #name::Unknown(::aws_client_runtime::enums::UnknownVariantValue::new(other)),
                }
            }
        }
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(#name::from(s))
            }
        }
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
        }
        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn int_enumeration(path: &TypePath, doc_lines: &[String], e: &Enum) -> TokenStream {
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
        #[non_exhaustive]
        #[derive(Clone, Copy, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know.
            Unknown(i32),
        }
        impl ::std::convert::From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #(#from_arms)*
                    other => #name::Unknown(other),
                }
            }
        }
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

fn union(path: &TypePath, doc_lines: &[String], u: &Union) -> TokenStream {
    let name = &path.name;
    let doc = docs(doc_lines);
    let variants = u.variants.iter().map(|v| {
        let doc = docs(&v.member.docs);
        let ident = &v.name;
        let ty = value_type(&v.member);
        quote! { #doc #ident(#ty), }
    });
    let accessors = u.variants.iter().map(|v| {
        let (ident, as_fn, is_fn) = (&v.name, &v.as_fn, &v.is_fn);
        let ty = value_type(&v.member);
        let as_doc = format!(" The value if this is `{ident}`, else `Err(self)`.");
        let is_doc = format!(" Whether this is `{ident}`.");
        quote! {
            #[doc = #as_doc]
            pub fn #as_fn(&self) -> ::std::result::Result<&#ty, &Self> {
                if let #name::#ident(value) = self {
                    ::std::result::Result::Ok(value)
                } else {
                    ::std::result::Result::Err(self)
                }
            }
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
            if v.member.sensitive {
                quote! { #name::#ident(_) => f.debug_tuple(#label).field(&::aws_client_runtime::sensitive::REDACTED).finish(), }
            } else {
                quote! { #name::#ident(value) => f.debug_tuple(#label).field(value).finish(), }
            }
        });
        quote! {
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
        #[non_exhaustive]
        #[derive(Clone, PartialEq, #derive_debug)]
        pub enum #name {
            #(#variants)*
            /// A member this version of the crate does not know (added to the service later).
            #[non_exhaustive]
            Unknown,
        }
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
