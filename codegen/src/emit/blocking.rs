//! The `blocking` feature: a client whose operations block instead of returning futures.

use crate::ir::Crate;
use proc_macro2::TokenStream;
use quote::quote;

/// `src/blocking.rs`.
pub fn blocking_rs(_krate: &Crate) -> TokenStream {
    let module_doc = super::inner_docs(&["A client whose `send()` blocks (the `blocking` feature)."]);
    quote! { #module_doc }
}
