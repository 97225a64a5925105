//! How generated code names what it uses: the standard library, the runtime, its own items.
//!
//! The fewer tokens a file has, the faster it is checked and formatted, and the easier it reads:
//!
//! - Prelude names (`Option`, `Some`, `String`, `Result`, `Ok`, ...) are written short unless an
//!   item the crate generates has the same name (a model shape called `Option` or `Result`, see
//!   the naming fixture), in which case that name is written in full (`::std::option::Option`)
//!   everywhere in the crate.
//! - Runtime modules (`json`, `error`, `client`, ...), `crate::types` and `crate::protocol` are
//!   written short in a module that imports them (`use ::aws_client_runtime::json;`), in full
//!   elsewhere. A module imports exactly what its items use, under the same gates: see [`within`].
//! - A generated type is named short in its own module (`Channel`), and from that module's
//!   `builders` as `super::Channel` (see `type_path` in the parent module).
//!
//! The constants below are interpolated in `quote!` (`#OPTION<#STRING>`, `#JSON::member`) and
//! read the state of the file being emitted, which [`in_file`] and [`within`] set: every file's
//! tokens are built on one thread, inside `in_file`. Outside it, every name is written in full.

use crate::ir::{Crate, Module};
use proc_macro2::{Ident, Punct, Spacing, Span, TokenStream};
use quote::{ToTokens, TokenStreamExt};
use std::cell::RefCell;

/// A name from the standard library's prelude.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prelude {
    /// The short name.
    name: &'static str,
    /// The path of the type or trait that defines it, `Option` for `Some`.
    path: &'static [&'static str],
}

/// `Option`.
pub const OPTION: Prelude = Prelude { name: "Option", path: &["std", "option", "Option"] };
/// `Some`.
pub const SOME: Prelude = Prelude { name: "Some", path: &["std", "option", "Option", "Some"] };
/// `None`.
pub const NONE: Prelude = Prelude { name: "None", path: &["std", "option", "Option", "None"] };
/// `Result`.
pub const RESULT: Prelude = Prelude { name: "Result", path: &["std", "result", "Result"] };
/// `Ok`.
pub const OK: Prelude = Prelude { name: "Ok", path: &["std", "result", "Result", "Ok"] };
/// `Err`.
pub const ERR: Prelude = Prelude { name: "Err", path: &["std", "result", "Result", "Err"] };
/// `String`.
pub const STRING: Prelude = Prelude { name: "String", path: &["std", "string", "String"] };
/// `Vec`.
pub const VEC: Prelude = Prelude { name: "Vec", path: &["std", "vec", "Vec"] };
/// `Box`.
pub const BOX: Prelude = Prelude { name: "Box", path: &["std", "boxed", "Box"] };
/// `Default`.
pub const DEFAULT: Prelude = Prelude { name: "Default", path: &["std", "default", "Default"] };
/// `From`.
pub const FROM: Prelude = Prelude { name: "From", path: &["std", "convert", "From"] };
/// `Into`.
pub const INTO: Prelude = Prelude { name: "Into", path: &["std", "convert", "Into"] };
/// `AsRef`.
pub const AS_REF: Prelude = Prelude { name: "AsRef", path: &["std", "convert", "AsRef"] };
/// `Send`.
pub const SEND: Prelude = Prelude { name: "Send", path: &["std", "marker", "Send"] };
/// `Sync`.
pub const SYNC: Prelude = Prelude { name: "Sync", path: &["std", "marker", "Sync"] };

/// Every prelude name the generated code uses; a name's bit in [`Scope::full`] is its index.
const PRELUDE: [Prelude; 15] =
    [OPTION, SOME, NONE, RESULT, OK, ERR, STRING, VEC, BOX, DEFAULT, FROM, INTO, AS_REF, SEND, SYNC];

impl Prelude {
    /// Its bit: names sharing a type share it (`Option`, `Some` and `None`), since a type
    /// called `Option` in scope makes `Option::Some` ambiguous too.
    fn bit(self) -> u32 {
        let owner = match self.path.len() {
            4 => self.path[2],
            _ => self.name,
        };
        PRELUDE.iter().position(|p| p.name == owner).map_or(0, |i| 1 << i)
    }
}

impl ToTokens for Prelude {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let full = SCOPE.with(|s| s.borrow().full & self.bit() != 0);
        if full {
            for segment in self.path {
                path_sep(tokens);
                tokens.append(Ident::new(segment, Span::call_site()));
            }
        } else {
            tokens.append(Ident::new(self.name, Span::call_site()));
        }
    }
}

/// A module the generated code uses by path: `::aws_client_runtime::<name>` or `crate::<name>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Import {
    /// Whether it is a module of the runtime crate (else of the generated crate).
    runtime: bool,
    name: &'static str,
    bit: u8,
}

/// `::aws_client_runtime::client`.
pub const CLIENT: Import = Import { runtime: true, name: "client", bit: 1 };
/// `::aws_client_runtime::error`.
pub const ERROR: Import = Import { runtime: true, name: "error", bit: 1 << 1 };
/// `::aws_client_runtime::http`.
pub const HTTP: Import = Import { runtime: true, name: "http", bit: 1 << 2 };
/// `::aws_client_runtime::http_binding`.
pub const HTTP_BINDING: Import = Import { runtime: true, name: "http_binding", bit: 1 << 3 };
/// `::aws_client_runtime::json`.
pub const JSON: Import = Import { runtime: true, name: "json", bit: 1 << 4 };
/// `::aws_client_runtime::transport`.
pub const TRANSPORT: Import = Import { runtime: true, name: "transport", bit: 1 << 5 };
/// `crate::protocol`.
pub const PROTOCOL: Import = Import { runtime: false, name: "protocol", bit: 1 << 6 };
/// `crate::types`.
pub const TYPES: Import = Import { runtime: false, name: "types", bit: 1 << 7 };

/// Every module a file may import, in the order of its `use`.
const IMPORTS: [Import; 8] = [CLIENT, ERROR, HTTP, HTTP_BINDING, JSON, TRANSPORT, PROTOCOL, TYPES];

impl ToTokens for Import {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let imported = SCOPE.with(|s| {
            let mut scope = s.borrow_mut();
            if scope.importing {
                scope.used |= self.bit;
            }
            scope.importing
        });
        if !imported {
            if self.runtime {
                path_sep(tokens);
                tokens.append(Ident::new("aws_client_runtime", Span::call_site()));
            } else {
                tokens.append(Ident::new("crate", Span::call_site()));
            }
            path_sep(tokens);
        }
        tokens.append(Ident::new(self.name, Span::call_site()));
    }
}

/// The modules some tokens used.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Imports(u8);

impl Imports {
    /// `use ::aws_client_runtime::{client, json};` and `use crate::types;` for these modules,
    /// each after `attrs`; nothing when there are none.
    pub fn use_items(self, attrs: &TokenStream) -> TokenStream {
        let names = |runtime: bool| -> Vec<Ident> {
            IMPORTS
                .iter()
                .filter(|m| m.runtime == runtime && self.0 & m.bit != 0)
                .map(|m| Ident::new(m.name, Span::call_site()))
                .collect()
        };
        let mut out = TokenStream::new();
        match names(true).as_slice() {
            [] => {}
            [one] => out.extend(quote::quote! { #attrs use ::aws_client_runtime::#one; }),
            many => out.extend(quote::quote! { #attrs use ::aws_client_runtime::{#(#many),*}; }),
        }
        match names(false).as_slice() {
            [] => {}
            [one] => out.extend(quote::quote! { #attrs use crate::#one; }),
            many => out.extend(quote::quote! { #attrs use crate::{#(#many),*}; }),
        }
        out
    }

    /// Each module used, alone.
    pub fn each(self) -> impl Iterator<Item = Imports> {
        IMPORTS.iter().filter(move |m| self.0 & m.bit != 0).map(|m| Imports(m.bit))
    }
}

impl std::ops::BitOr for Imports {
    type Output = Self;
    fn bitor(self, other: Self) -> Self {
        Imports(self.0 | other.0)
    }
}

/// Where the tokens being built go, for the paths of generated items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Here {
    /// Anywhere: items are named by their absolute paths.
    Elsewhere,
    /// The top level of a module's file.
    Module(Module),
    /// The `builders` module inside a module's file.
    Builders(Module),
    /// `src/protocol.rs`.
    Protocol,
    /// `src/mock.rs` (the `test-util` feature), which has its own JSON writers.
    Mock,
}

/// The state of the file being emitted on this thread.
#[derive(Clone)]
struct Scope {
    /// Bits of the prelude names written in full.
    full: u32,
    /// Where the tokens being built go.
    here: Here,
    /// Whether the modules of [`IMPORTS`] are imported where tokens are being built now.
    importing: bool,
    /// Bits of the modules used since `importing` was last set.
    used: u8,
}

thread_local! {
    /// Outside [`in_file`]: everything in full.
    static SCOPE: RefCell<Scope> =
        const { RefCell::new(Scope { full: u32::MAX, here: Here::Elsewhere, importing: false, used: 0 }) };
}

/// The prelude names the crate's own items shadow somewhere: bits for [`in_file`].
pub fn shadowed(krate: &Crate) -> u32 {
    let mut names: Vec<&str> = Vec::new();
    for def in &krate.types {
        names.push(def.path.name.as_str());
        if let crate::ir::TypeKind::Structure(s) = &def.kind {
            names.push(s.builder.as_str());
        }
        if let crate::ir::TypeKind::Error(e) = &def.kind {
            names.push(e.structure.builder.as_str());
        }
    }
    for op in &krate.operations {
        names.extend([
            op.name.as_str(),
            op.input.name.as_str(),
            op.output.name.as_str(),
            op.error.as_str(),
            op.fluent_builder.as_str(),
            op.input.structure.builder.as_str(),
            op.output.structure.builder.as_str(),
        ]);
        if let Some(p) = &op.pagination {
            names.extend([p.paginator.as_str(), p.paginator_items.as_str()]);
        }
    }
    PRELUDE.iter().filter(|p| names.contains(&p.name)).fold(0, |bits, p| bits | p.bit())
}

/// Builds one file's tokens with the prelude names in `shadowed` written in full, and
/// everything else by its absolute path until [`within`] says otherwise.
pub fn in_file<T>(shadowed: u32, build: impl FnOnce() -> T) -> T {
    with_scope(Scope { full: shadowed, here: Here::Elsewhere, importing: false, used: 0 }, build).0
}

/// Builds tokens that go `here`; when `importing`, the modules of [`IMPORTS`] are named short,
/// and the caller must import the ones used, which are returned.
pub fn within<T>(here: Here, importing: bool, build: impl FnOnce() -> T) -> (T, Imports) {
    let full = SCOPE.with(|s| s.borrow().full);
    with_scope(Scope { full, here, importing, used: 0 }, build)
}

/// Whether the tokens being built go in `src/protocol.rs`.
pub fn in_protocol() -> bool {
    SCOPE.with(|s| s.borrow().here == Here::Protocol)
}

/// Whether the tokens being built go in `src/mock.rs`.
pub fn in_mock() -> bool {
    SCOPE.with(|s| s.borrow().here == Here::Mock)
}

/// Whether the tokens being built go at the top level of `module` (or in its `builders`).
pub fn is_here(module: &Module, builders: bool) -> bool {
    SCOPE.with(|s| match &s.borrow().here {
        Here::Module(m) => !builders && m == module,
        Here::Builders(m) => builders && m == module,
        _ => false,
    })
}

fn with_scope<T>(scope: Scope, build: impl FnOnce() -> T) -> (T, Imports) {
    let outer = SCOPE.with(|s| s.replace(scope));
    // Restored even if `build` panics (a broken invariant), so the thread stays usable.
    struct Restore(Option<Scope>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(outer) = self.0.take() {
                SCOPE.with(|s| *s.borrow_mut() = outer);
            }
        }
    }
    let restore = Restore(Some(outer));
    let out = build();
    let used = SCOPE.with(|s| s.borrow().used);
    drop(restore);
    (out, Imports(used))
}

/// `::`.
fn path_sep(tokens: &mut TokenStream) {
    tokens.append(Punct::new(':', Spacing::Joint));
    tokens.append(Punct::new(':', Spacing::Alone));
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn prelude_names_are_short_unless_shadowed() {
        let tokens = || quote!(#OPTION<#STRING>, #SOME(1), #OK(2)).to_string();
        assert_eq!(in_file(0, tokens), "Option < String > , Some (1) , Ok (2)");
        assert_eq!(
            in_file(OPTION.bit(), tokens),
            ":: std :: option :: Option < String > , :: std :: option :: Option :: Some (1) , Ok (2)"
        );
        assert!(tokens().starts_with(":: std :: option :: Option"), "full paths outside a file");
    }

    #[test]
    fn modules_are_short_only_where_imported() {
        let (tokens, used) = in_file(0, || {
            within(Here::Protocol, true, || {
                let (inner, _) = within(Here::Elsewhere, false, || quote!(#CLIENT::invoke).to_string());
                (quote!(#JSON::member, #TYPES::Channel).to_string(), inner)
            })
        });
        assert_eq!(tokens.0, "json :: member , types :: Channel");
        assert_eq!(tokens.1, ":: aws_client_runtime :: client :: invoke");
        assert_eq!(used.use_items(&quote!()).to_string(), "use :: aws_client_runtime :: json ; use crate :: types ;");
    }
}
