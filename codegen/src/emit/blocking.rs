//! The `blocking` feature: a client whose operations block instead of returning futures.
//!
//! Only the per-operation wrappers are generated: each blocking fluent builder holds the async
//! one and forwards its setters (the same [`setters`] the async fluent builders are made of),
//! and its `send()` runs the async `send()` on the client's runtime. The runtime, the check
//! that refuses to block inside an async runtime and the iterator over a paginator's stream are
//! ordinary Rust in `aws_client_runtime::blocking`.

use super::names::*;
use super::operation::paginated_items;
use super::types::{deprecated, setters};
use super::{docs, feature_gate, inner_docs, rust_type};
use crate::ir::{Crate, Operation, Type};
use proc_macro2::TokenStream;
use quote::quote;

/// `src/blocking.rs`.
pub fn blocking_rs(krate: &Crate) -> TokenStream {
    let module_docs = inner_docs(&[
        "A client whose `send()` blocks (the `blocking` feature), for programs that are not async.",
        "",
        "[`Client`] has the same operations as the async [`crate::Client`], with the same setters;",
        "`send()` blocks until the call is done and returns the same `Result`. A paginator's `send()`",
        "is an [`Iterator`] of pages, and `items().send()` an [`Iterator`] of the items on them.",
        "",
        "The client runs its calls on a small runtime of its own (one thread's worth, started on the",
        "first call and shared by its clones); any number of threads may use it at once. It must not",
        "be called inside an async runtime (async code, or a `spawn_blocking` closure of a tokio",
        "runtime), where blocking would stall the runtime: there every call fails at once, without",
        "sending anything, with an [`SdkError::ConstructionFailure`] whose source is an",
        "[`aws_client_runtime::blocking::BlockingError`] saying to use the async client instead.",
        "",
        "An operation whose output is a stream of bytes reads the whole body before `send()` returns.",
        "",
        "[`SdkError::ConstructionFailure`]: crate::error::SdkError::ConstructionFailure",
        "[`aws_client_runtime::blocking::BlockingError`]: aws_client_runtime::blocking::BlockingError",
    ]);
    let client_doc = format!(
        " Client for {}, whose calls block: one method per operation, each returning a fluent builder.",
        krate.title
    );
    let methods = krate.operations.iter().map(|op| {
        let (method, module, fluent) = (&op.method, &op.module, &op.fluent_builder);
        let gate = feature_gate(std::slice::from_ref(&op.feature), krate);
        let (op_docs, deprecated) = (docs(&op.docs), deprecated(&op.deprecated));
        quote! {
            #gate
            #op_docs
            #deprecated
            pub fn #method(&self) -> operation::#module::builders::#fluent {
                operation::#module::builders::#fluent::new(self.inner.#method(), self.runtime.clone())
            }
        }
    });
    let modules = krate.operations.iter().map(|op| operation_module(krate, op));
    // Only the operations' methods use the runtime: a build with none of them leaves it unread.
    let features = krate.operations.iter().map(|op| op.feature.as_str());
    let unread = quote!(#[cfg_attr(not(any(#(feature = #features),*)), allow(dead_code))]);
    quote! {
        #module_docs
        // `send()` returns the very `Result` the async client's does, large error and all.
        #![allow(clippy::result_large_err)]

        #[doc = #client_doc]
        ///
        /// Cloning is cheap: clones share their configuration, connections and runtime.
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: crate::Client,
            #unread
            runtime: ::aws_client_runtime::blocking::BlockingRuntime,
        }

        impl Client {
            /// A client with the given configuration.
            pub fn from_conf(conf: crate::Config) -> Self {
                Self::from(crate::Client::from_conf(conf))
            }
            /// A client configured by the shared AWS configuration:
            /// `Client::new(&sdk_config)`, as the async client is made.
            #[cfg(feature = "aws-config")]
            pub fn new(sdk_config: &::aws_client_runtime::config::SdkConfig) -> Self {
                Self::from_conf(crate::Config::from(sdk_config))
            }
            /// The client's configuration.
            pub fn config(&self) -> &crate::Config {
                self.inner.config()
            }
            #(#methods)*
        }

        /// The blocking client of an async client: the same configuration, connections and
        /// retry quota, with a runtime of its own to run the calls on. A connection the async
        /// client already opened is served by the runtime that opened it: when that runtime
        /// may stop running, make the blocking client from a fresh async client.
        impl #FROM<crate::Client> for Client {
            fn from(inner: crate::Client) -> Self {
                Self {
                    inner,
                    runtime: ::aws_client_runtime::blocking::BlockingRuntime::new(concat!(env!("CARGO_CRATE_NAME"), "::Client")),
                }
            }
        }

        /// The blocking fluent builders and paginators, one module per operation, laid out as
        /// in [`crate::operation`].
        pub mod operation {
            #(#modules)*
        }
    }
}

/// `blocking::operation::<op>`: the operation's blocking fluent builder and paginators.
fn operation_module(krate: &Crate, op: &Operation) -> TokenStream {
    let (module, fluent, input_builder) = (&op.module, &op.fluent_builder, &op.input.structure.builder);
    let (output, error) = (&op.output.name, &op.error);
    let output_path = quote!(crate::operation::#module::#output);
    let result = quote!(#RESULT<#output_path, #ERROR::SdkError<crate::operation::#module::#error>>);
    let async_fluent = quote!(crate::operation::#module::builders::#fluent);
    let gate = feature_gate(std::slice::from_ref(&op.feature), krate);
    let module_doc = format!(" The `{}` operation, blocking.", op.wire_name);
    let builder_doc =
        format!(" Blocking fluent builder of the `{}` operation: set the input, then `send()`.", op.wire_name);
    let setters = op.input.structure.members.iter().map(|m| setters(m, true));
    let streamed_output = op.output.structure.members.iter().find(|m| m.ty == Type::ByteStream);
    let (send, customize) = match streamed_output {
        // Once `send()` returns, nothing drives the runtime that would read the rest of the
        // body: it is read first. `customize()` would hand it over unread, so there is none.
        Some(m) => {
            let field = &m.field;
            let send = quote! {
                /// Sends the request and reads the response, blocking until it is done; the
                /// streamed body is read into memory before this returns.
                pub fn send(self) -> #result {
                    let inner = self.inner;
                    self.runtime.block_on(async move {
                        let mut output = inner.send().await?;
                        output.#field = ::aws_client_runtime::blocking::buffer_body(output.#field).await?;
                        #OK(output)
                    })
                }
            };
            (send, quote!())
        }
        None => {
            let send = quote! {
                /// Sends the request and reads the response, blocking until it is done.
                pub fn send(self) -> #result {
                    self.runtime.block_on(self.inner.send())
                }
            };
            let customize = quote! {
                /// Customizes this call: its configuration (`config_override`), interceptors, or
                /// the request itself (`mutate_request`), then `send()`, which blocks.
                pub fn customize(self) -> ::aws_client_runtime::blocking::CustomizableOperation<#output_path, crate::operation::#module::#error, #async_fluent> {
                    ::aws_client_runtime::blocking::CustomizableOperation::new(self.inner, self.runtime)
                }
            };
            (send, customize)
        }
    };
    let streaming_input = op.input.structure.members.iter().any(|m| m.ty == Type::ByteStream);
    let derives = if streaming_input { quote!(#[derive(Debug)]) } else { quote!(#[derive(Clone, Debug)]) };
    let (into_paginator, paginator) = match &op.pagination {
        Some(p) => {
            let name = &p.paginator;
            let into = quote! {
                /// Pages through every result: `send()` on the paginator gives an iterator of pages.
                pub fn into_paginator(self) -> super::paginator::#name {
                    super::paginator::#name::new(self.inner.into_paginator(), self.runtime)
                }
            };
            (into, paginator_module(op, p))
        }
        None => (quote!(), quote!()),
    };
    quote! {
        #[doc = #module_doc]
        #gate
        pub mod #module {
            /// The operation's blocking fluent builder.
            pub mod builders {
                #[doc = #builder_doc]
                #derives
                pub struct #fluent {
                    inner: #async_fluent,
                    runtime: ::aws_client_runtime::blocking::BlockingRuntime,
                }
                impl #fluent {
                    pub(crate) fn new(inner: #async_fluent, runtime: ::aws_client_runtime::blocking::BlockingRuntime) -> Self {
                        Self { inner, runtime }
                    }
                    /// The input built so far.
                    pub fn as_input(&self) -> &crate::operation::#module::builders::#input_builder {
                        self.inner.as_input()
                    }
                    #send
                    #customize
                    #into_paginator
                    #(#setters)*
                }
            }
            #paginator
        }
    }
}

/// `blocking::operation::<op>::paginator`: the async paginators, as iterators.
fn paginator_module(op: &Operation, p: &crate::ir::Pagination) -> TokenStream {
    let (module, output, error, paginator, items_name) =
        (&op.module, &op.output.name, &op.error, &p.paginator, &p.paginator_items);
    let async_paginator = quote!(crate::operation::#module::paginator::#paginator);
    let sdk_error = quote!(#ERROR::SdkError<crate::operation::#module::#error>);
    let doc = format!(" Pages through the results of `{}`, blocking on each page.", op.wire_name);
    let page_size = p.page_size.map(|i| {
        let ty = rust_type(&op.input.structure.members[i].ty);
        quote! {
            /// Sets how many results each page holds.
            pub fn page_size(mut self, limit: #ty) -> Self {
                self.inner = self.inner.page_size(limit);
                self
            }
        }
    });
    let items = paginated_items(op, p).map(|(item_ty, _)| {
        let items_doc = format!(" The items on every page of `{}`, one at a time, blocking.", op.wire_name);
        quote! {
            impl #paginator {
                /// Turns the pages into the items on them.
                pub fn items(self) -> #items_name {
                    #items_name { inner: self.inner.items(), runtime: self.runtime }
                }
            }
            #[doc = #items_doc]
            #[derive(Debug)]
            pub struct #items_name {
                inner: crate::operation::#module::paginator::#items_name,
                runtime: ::aws_client_runtime::blocking::BlockingRuntime,
            }
            impl #items_name {
                /// Starts sending requests; the iterator yields every item of every page, sending
                /// the next request when a page is used up.
                pub fn send(self) -> ::aws_client_runtime::blocking::PaginationIter<#RESULT<#item_ty, #sdk_error>> {
                    ::aws_client_runtime::blocking::PaginationIter::new(self.inner.send(), self.runtime)
                }
            }
        }
    });
    quote! {
        /// The operation's blocking paginators.
        pub mod paginator {
            #[doc = #doc]
            #[derive(Clone, Debug)]
            pub struct #paginator {
                inner: #async_paginator,
                runtime: ::aws_client_runtime::blocking::BlockingRuntime,
            }
            impl #paginator {
                pub(crate) fn new(inner: #async_paginator, runtime: ::aws_client_runtime::blocking::BlockingRuntime) -> Self {
                    Self { inner, runtime }
                }
                #page_size
                /// Whether to stop when the service hands back the token it was just sent (on by
                /// default); off, the same token is sent again, for operations that long-poll.
                pub fn stop_on_duplicate_token(mut self, stop_on_duplicate_token: bool) -> Self {
                    self.inner = self.inner.stop_on_duplicate_token(stop_on_duplicate_token);
                    self
                }
                /// Starts sending requests; the iterator yields one page per request.
                pub fn send(self) -> ::aws_client_runtime::blocking::PaginationIter<#RESULT<crate::operation::#module::#output, #sdk_error>> {
                    ::aws_client_runtime::blocking::PaginationIter::new(self.inner.send(), self.runtime)
                }
            }
            #items
        }
    }
}
