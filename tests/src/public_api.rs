//! A crate's public API as rustdoc's JSON describes it, as a sorted list of lines, so that two
//! crates' APIs can be compared name by name (`tests/tests/api_parity.rs` compares ours with
//! aws-sdk-ivs's). The crate's own name is written `crate`.
//!
//! Three kinds of line:
//!
//! - `type crate::operation::get_channel::GetChannelInput`: a path that code outside the crate
//!   can name: a module, struct, enum, union, trait, type alias, function, constant, static or
//!   macro, and each variant of an enum (`crate::types::ChannelType::Basic` is a path too). An item
//!   is listed under every path that reaches it: `pub use` re-exports are followed, globs
//!   included, and an item re-exported from another crate counts under the re-exported path.
//! - `method crate::operation::get_channel::GetChannelInput::arn`: a public inherent associated
//!   function or constant of a struct, enum or union, under every path of the type. Trait methods
//!   are not listed; the trait impl is.
//! - `impl crate::Error: From<BuildError>`: a trait impl of a struct, enum or union, under every
//!   path of the type, except rustdoc's synthetic auto-trait impls (`Send`, `Unpin`, ...) and
//!   blanket impls (`impl<T> Into<U> for T`). The trait and the types in its arguments are
//!   written by their last path segment (`std::error::Error` is `Error`), a generic parameter as
//!   `_` (its name is the impl's own business), without lifetimes, and the traits of a `dyn` in
//!   sorted order, so that the same impl reads the same whichever crate writes it.
//!
//! The methods and impls of a type defined in another crate are only in that crate's JSON:
//! [`extract`](crate::public_api::extract) takes several docs, the main crate's first, and looks
//! an item of another crate up in that crate's doc by the path rustdoc records for it. A type
//! whose crate has no doc given is listed as a path, without methods or impls: the list made
//! from aws-sdk-ivs alone counts the methods and impls of its own types only, while ours is
//! extracted with aws-client-runtime's doc too, since many of our types live there.
//!
//! Written against rustdoc's JSON format version
//! [`FORMAT_VERSION`](crate::public_api::FORMAT_VERSION) (rustc 1.95), read with
//! `serde_json::Value`: an older format is refused, a newer one is read, and the fields that lead
//! to names (a module's items, an enum's variants, a type's impls, an item's kind) must be where
//! this reader expects them, or it is an error rather than a silently shorter list.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The rustdoc JSON format version this reader was written against (rustc 1.95).
pub const FORMAT_VERSION: u64 = 57;

/// One crate's rustdoc JSON.
pub struct Doc {
    /// The crate's name, as rustdoc gives it (`aws_sdk_ivs`).
    pub name: String,
    json: Value,
    /// The crate's own items by their definition path (`["ivs", "config", "Config"]`), as other
    /// crates' docs record the items they re-export.
    by_path: HashMap<(Vec<String>, String), String>,
}

impl Doc {
    /// Reads a crate's rustdoc JSON.
    pub fn parse(text: &str) -> Result<Doc, String> {
        let json: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        let version = json["format_version"].as_u64().ok_or("no format_version: not rustdoc JSON")?;
        if version < FORMAT_VERSION {
            return Err(format!(
                "rustdoc JSON format {version} is older than {FORMAT_VERSION}, which this reader reads"
            ));
        }
        for field in ["index", "paths", "external_crates"] {
            if !json[field].is_object() {
                return Err(format!("rustdoc JSON without `{field}`"));
            }
        }
        let root = key(&json["root"]).ok_or("rustdoc JSON without `root`")?;
        let name = json["index"][&root]["name"].as_str().ok_or("the root item has no name")?.to_owned();
        let mut by_path = HashMap::new();
        for (id, summary) in json["paths"].as_object().into_iter().flatten() {
            if summary["crate_id"].as_u64() == Some(0) {
                by_path.insert((strings(&summary["path"]), text_of(&summary["kind"])), id.clone());
            }
        }
        Ok(Doc { name, json, by_path })
    }

    fn root(&self) -> Result<&Value, String> {
        self.item(&self.json["root"])
    }

    /// The item `id` of this crate's index.
    fn item(&self, id: &Value) -> Result<&Value, String> {
        key(id)
            .and_then(|k| self.json["index"].get(&k))
            .ok_or_else(|| format!("{}: item {id} is not in the index", self.name))
    }
}

/// What a `use` or a type alias points at.
enum Target<'a> {
    /// An item in the index of `docs[doc]`.
    Item { doc: usize, item: &'a Value },
    /// An item known only by its path summary: another crate's item whose doc was not given,
    /// or a stripped one; its kind (`struct`, `module`, ...) when known.
    Summary { kind: String },
}

/// A crate's public API, as [`extract`] finds it.
#[derive(Debug, Default)]
pub struct Api {
    /// The names, sorted and deduplicated (see the module docs).
    pub lines: Vec<String>,
    /// The public fields of each struct, by every path of the struct. They are not compared
    /// (the official SDK's data structs have public fields, ours have accessors only); they say
    /// which accessors are members ([`exclude_not_in_model`]).
    pub fields: BTreeMap<String, Vec<String>>,
    /// What could not be followed (a glob re-export of a module of a crate without a doc, an
    /// item missing from its crate's doc), to be shown.
    pub notes: Vec<String>,
}

/// The public API of `docs[0]`'s crate; `docs[1..]` are the docs of crates whose items it
/// re-exports.
pub fn extract(docs: &[Doc]) -> Result<Api, String> {
    let main = docs.first().ok_or("no rustdoc JSON given")?;
    let mut walker =
        Walker { docs, lines: BTreeSet::new(), fields: BTreeMap::new(), notes: Vec::new(), walked: HashSet::new() };
    walker.module(0, main.root()?, "crate")?;
    Ok(Api { lines: walker.lines.into_iter().collect(), fields: walker.fields, notes: walker.notes })
}

struct Walker<'a> {
    docs: &'a [Doc],
    lines: BTreeSet<String>,
    fields: BTreeMap<String, Vec<String>>,
    notes: Vec<String>,
    /// Modules already walked, by doc, id and path: a glob re-export may lead back.
    walked: HashSet<(usize, String, String)>,
}

impl<'a> Walker<'a> {
    /// Lists the public items of `module` (an item of `docs[doc]`) under `prefix`.
    fn module(&mut self, doc: usize, module: &'a Value, prefix: &str) -> Result<(), String> {
        let id = key(&module["id"]).unwrap_or_default();
        if !self.walked.insert((doc, id, prefix.to_owned())) {
            return Ok(());
        }
        let items =
            module["inner"]["module"]["items"].as_array().ok_or_else(|| format!("{prefix}: no module items"))?;
        for child in items {
            let item = self.docs[doc].item(child)?;
            if item["visibility"] != "public" {
                continue;
            }
            if let Some(import) = item["inner"].get("use") {
                self.import(doc, import, prefix)?;
            } else {
                let name = item["name"].as_str().ok_or_else(|| format!("{prefix}: an item without a name"))?;
                self.item(doc, item, &format!("{prefix}::{name}"))?;
            }
        }
        Ok(())
    }

    /// Follows a public `use` in module `prefix` of `docs[doc]`.
    fn import(&mut self, doc: usize, import: &'a Value, prefix: &str) -> Result<(), String> {
        let name = import["name"].as_str().ok_or_else(|| format!("{prefix}: a `use` without a name"))?;
        let target = if import["id"].is_null() { None } else { Some(self.resolve(doc, &import["id"])?) };
        if import["is_glob"] == true {
            match target {
                Some(Target::Item { doc, item }) if item["inner"].get("module").is_some() => {
                    self.module(doc, item, prefix)?
                }
                Some(Target::Item { doc, item }) if item["inner"].get("enum").is_some() => {
                    self.variants(doc, item, prefix)?
                }
                _ => self.notes.push(format!("{prefix}: glob re-export of {} not followed", import["source"])),
            }
            return Ok(());
        }
        let path = format!("{prefix}::{name}");
        match target {
            Some(Target::Item { doc, item }) => self.item(doc, item, &path)?,
            Some(Target::Summary { kind }) if kind == "primitive" => {}
            _ => {
                self.lines.insert(format!("type {path}"));
            }
        }
        Ok(())
    }

    /// Lists item `item` of `docs[doc]` under `path`, with what it holds.
    fn item(&mut self, doc: usize, item: &'a Value, path: &str) -> Result<(), String> {
        let inner = item["inner"].as_object().ok_or_else(|| format!("{path}: an item without `inner`"))?;
        let kind = inner.keys().next().map(String::as_str).unwrap_or_default();
        match kind {
            "module" => {
                self.lines.insert(format!("type {path}"));
                self.module(doc, item, path)?;
            }
            "struct" | "union" => {
                self.lines.insert(format!("type {path}"));
                self.fields(doc, item, path)?;
                self.members(doc, item, kind, path)?;
            }
            "enum" => {
                self.lines.insert(format!("type {path}"));
                self.variants(doc, item, path)?;
                self.members(doc, item, kind, path)?;
            }
            "type_alias" => {
                self.lines.insert(format!("type {path}"));
                // An alias has the methods and impls of the type it names, when that type is
                // in a doc given.
                let aliased = &item["inner"]["type_alias"]["type"]["resolved_path"];
                if !aliased.is_null() {
                    if let Target::Item { doc, item } = self.resolve(doc, &aliased["id"])? {
                        if let Some(kind) =
                            ["struct", "enum", "union"].into_iter().find(|k| item["inner"].get(*k).is_some())
                        {
                            self.members(doc, item, kind, path)?;
                        }
                    }
                }
            }
            "trait" | "trait_alias" | "function" | "constant" | "static" | "macro" | "proc_macro" | "extern_type"
            | "extern_crate" => {
                self.lines.insert(format!("type {path}"));
            }
            // `pub use std::primitive::u8`-style re-exports name nothing of the crate's own.
            "primitive" => {}
            other => return Err(format!("{path}: an item of kind `{other}` this reader does not know")),
        }
        Ok(())
    }

    fn variants(&mut self, doc: usize, item: &'a Value, path: &str) -> Result<(), String> {
        let variants = item["inner"]["enum"]["variants"].as_array().ok_or_else(|| format!("{path}: no variants"))?;
        for variant in variants {
            let variant = self.docs[doc].item(variant)?;
            let name = variant["name"].as_str().ok_or_else(|| format!("{path}: a variant without a name"))?;
            self.lines.insert(format!("type {path}::{name}"));
        }
        Ok(())
    }

    /// The public named fields of struct `item` of `docs[doc]`, kept under `path`.
    fn fields(&mut self, doc: usize, item: &'a Value, path: &str) -> Result<(), String> {
        let mut names = Vec::new();
        for field in item["inner"]["struct"]["kind"]["plain"]["fields"].as_array().into_iter().flatten() {
            let field = self.docs[doc].item(field)?;
            if field["visibility"] == "public" {
                names.extend(field["name"].as_str().map(str::to_owned));
            }
        }
        if !names.is_empty() {
            self.fields.insert(path.to_owned(), names);
        }
        Ok(())
    }

    /// The inherent methods and trait impls of `item`, a `kind` (struct, enum or union) of
    /// `docs[doc]`, listed under `path`.
    fn members(&mut self, doc: usize, item: &'a Value, kind: &str, path: &str) -> Result<(), String> {
        let this = key(&item["id"]);
        let impls = item["inner"][kind]["impls"].as_array().ok_or_else(|| format!("{path}: no impls"))?;
        for id in impls {
            let block = &self.docs[doc].item(id)?["inner"]["impl"];
            let trait_ = &block["trait"];
            if trait_.is_null() {
                for member in block["items"].as_array().into_iter().flatten() {
                    let member = self.docs[doc].item(member)?;
                    let is_value =
                        member["inner"].get("function").is_some() || member["inner"].get("assoc_const").is_some();
                    if member["visibility"] == "public" && is_value {
                        let name = member["name"].as_str().unwrap_or_default();
                        self.lines.insert(format!("method {path}::{name}"));
                    }
                }
                continue;
            }
            // rustdoc lists under a type the impls that name it elsewhere too (`impl
            // From<GetChannelError> for Error` under `GetChannelError`): keep the type's own.
            let for_this = key(&block["for"]["resolved_path"]["id"]).is_some_and(|id| Some(id) == this);
            if block["is_synthetic"] == true || !block["blanket_impl"].is_null() || !for_this {
                continue;
            }
            let negative = if block["is_negative"] == true { "!" } else { "" };
            self.lines.insert(format!("impl {path}: {negative}{}", render_path(trait_)));
        }
        Ok(())
    }

    /// The item `id` names in `docs[doc]`: an item of its index, or of the doc of the crate that
    /// defines it when that doc was given.
    fn resolve(&mut self, doc: usize, id: &Value) -> Result<Target<'a>, String> {
        let docs = self.docs;
        let this = &docs[doc];
        if let Ok(item) = this.item(id) {
            return Ok(Target::Item { doc, item });
        }
        let summary = key(id)
            .and_then(|k| this.json["paths"].get(&k))
            .ok_or_else(|| format!("{}: item {id} is neither in the index nor in the paths", this.name))?;
        let kind = text_of(&summary["kind"]);
        let crate_id = summary["crate_id"].as_u64().unwrap_or_default();
        if crate_id == 0 {
            return Ok(Target::Summary { kind });
        }
        let crate_name = this.json["external_crates"][crate_id.to_string()]["name"].as_str().unwrap_or_default();
        let Some(other) = docs.iter().position(|d| d.name == crate_name) else {
            return Ok(Target::Summary { kind });
        };
        let path = strings(&summary["path"]);
        match docs[other].by_path.get(&(path.clone(), kind.clone())) {
            Some(found) => Ok(Target::Item { doc: other, item: docs[other].item(&Value::String(found.clone()))? }),
            None => {
                self.notes.push(format!("{} not found in {crate_name}'s doc", path.join("::")));
                Ok(Target::Summary { kind })
            }
        }
    }
}

/// An id as the index keys it: ids are numbers in format 57, strings in older formats.
fn key(id: &Value) -> Option<String> {
    match id {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

fn strings(value: &Value) -> Vec<String> {
    value.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
}

fn text_of(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

/// A path (a trait, or a type by name) by its last segment, with its generic arguments.
fn render_path(path: &Value) -> String {
    // `path` in format 57; `name` before.
    let full = path["path"].as_str().or_else(|| path["name"].as_str()).unwrap_or("?");
    let last = full.rsplit("::").next().unwrap_or(full);
    format!("{last}{}", render_args(&path["args"]))
}

fn render_args(args: &Value) -> String {
    if let Some(angle) = args.get("angle_bracketed") {
        let mut parts: Vec<String> = Vec::new();
        for arg in angle["args"].as_array().into_iter().flatten() {
            if let Some(ty) = arg.get("type") {
                parts.push(render_type(ty));
            } else if let Some(constant) = arg.get("const") {
                parts.push(text_of(&constant["expr"]));
            } else if arg == "infer" {
                parts.push("_".to_owned());
            }
            // Lifetimes are left out.
        }
        for constraint in angle["constraints"].as_array().into_iter().flatten() {
            let name = format!("{}{}", text_of(&constraint["name"]), render_args(&constraint["args"]));
            let binding = &constraint["binding"];
            if let Some(ty) = binding["equality"].get("type") {
                parts.push(format!("{name} = {}", render_type(ty)));
            } else if let Some(bounds) = binding.get("constraint") {
                parts.push(format!("{name}: {}", render_bounds(bounds)));
            }
        }
        return if parts.is_empty() { String::new() } else { format!("<{}>", parts.join(", ")) };
    }
    if let Some(paren) = args.get("parenthesized") {
        let inputs: Vec<String> = paren["inputs"].as_array().into_iter().flatten().map(render_type).collect();
        let output =
            if paren["output"].is_null() { String::new() } else { format!(" -> {}", render_type(&paren["output"])) };
        return format!("({}){output}", inputs.join(", "));
    }
    String::new()
}

/// Trait bounds, sorted, lifetimes left out.
fn render_bounds(bounds: &Value) -> String {
    let mut parts: Vec<String> = bounds
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|bound| bound.get("trait_bound"))
        .map(|bound| {
            let maybe = if bound["modifier"] == "maybe" { "?" } else { "" };
            format!("{maybe}{}", render_path(&bound["trait"]))
        })
        .collect();
    parts.sort();
    parts.join(" + ")
}

/// A type as its last path segments write it (see the module docs).
fn render_type(ty: &Value) -> String {
    let Some((kind, inner)) = ty.as_object().and_then(|o| o.iter().next()) else {
        // `"infer"`, the only kind without a body.
        return "_".to_owned();
    };
    match kind.as_str() {
        "resolved_path" => render_path(inner),
        "generic" => "_".to_owned(),
        "primitive" => text_of(inner),
        "borrowed_ref" | "raw_pointer" => {
            let mutable = inner["is_mutable"] == true;
            let prefix = match (kind.as_str(), mutable) {
                ("borrowed_ref", false) => "&",
                ("borrowed_ref", true) => "&mut ",
                (_, false) => "*const ",
                (_, true) => "*mut ",
            };
            format!("{prefix}{}", render_type(&inner["type"]))
        }
        "slice" => format!("[{}]", render_type(inner)),
        "array" => format!("[{}; {}]", render_type(&inner["type"]), text_of(&inner["len"])),
        "tuple" => {
            let items: Vec<String> = inner.as_array().into_iter().flatten().map(render_type).collect();
            format!("({})", items.join(", "))
        }
        "dyn_trait" => {
            let mut traits: Vec<String> =
                inner["traits"].as_array().into_iter().flatten().map(|t| render_path(&t["trait"])).collect();
            traits.sort();
            format!("dyn {}", traits.join(" + "))
        }
        "impl_trait" => format!("impl {}", render_bounds(inner)),
        "function_pointer" => {
            let sig = &inner["sig"];
            let inputs: Vec<String> =
                sig["inputs"].as_array().into_iter().flatten().map(|pair| render_type(&pair[1])).collect();
            let output =
                if sig["output"].is_null() { String::new() } else { format!(" -> {}", render_type(&sig["output"])) };
            format!("fn({}){output}", inputs.join(", "))
        }
        "qualified_path" => {
            let self_type = render_type(&inner["self_type"]);
            let name = text_of(&inner["name"]);
            if inner["trait"].is_null() {
                format!("{self_type}::{name}")
            } else {
                format!("<{self_type} as {}>::{name}", render_path(&inner["trait"]))
            }
        }
        "pat" => render_type(&inner["type"]),
        other => format!("<{other}>"),
    }
}

/// `api` (aws-sdk-ivs's) without what is newer than `model` (a Smithy JSON AST), so that the
/// list holds only what a crate generated from the model can have:
///
/// - each operation the model does not have: its module (under `crate::operation`), its
///   `Client` method, and every line naming its types (`GetFooError`, `GetFooFluentBuilder`, ...);
/// - each type under `crate::types` whose name is not a shape of the model, and every line
///   naming it;
/// - each member a structure of the model does not have (a public field of aws-sdk-ivs's struct
///   with no member of that name): its accessor, its builders' setter and getter, and for an
///   operation input the fluent builder's (the `message` of an error structure is the SDK's
///   own, not a member, and stays);
/// - each error an operation of the model does not name: its variant of the operation's error
///   enum and its `is_` method.
///
/// Returns the lines kept, and one summary line for each thing left out.
pub fn exclude_not_in_model(api: &Api, model: &Value) -> (Vec<String>, Vec<String>) {
    let model = Model::new(model);
    let types: Vec<&str> = api.lines.iter().filter_map(|l| l.strip_prefix("type ")).collect();
    // Names that take every line naming them away, and single lines.
    let mut names: BTreeSet<String> = BTreeSet::new();
    let mut lines: BTreeSet<String> = BTreeSet::new();
    let mut summary = Vec::new();
    for path in &types {
        let segments: Vec<&str> = path.split("::").collect();
        match segments.as_slice() {
            ["crate", "operation", module]
                if module.starts_with(char::is_lowercase) && model.operation(module).is_none() =>
            {
                // The operation's struct (`GetFoo`) and the names made of it (`GetFooInput`,
                // `GetFooError`, `GetFooFluentBuilder`, `GetFooPaginator`, ...).
                let prefix = format!("{path}::");
                let operation = types
                    .iter()
                    .filter_map(|t| t.strip_prefix(&prefix))
                    .find(|rest| !rest.contains("::") && squash(rest) == squash(module));
                names.insert((*module).to_owned());
                if let Some(operation) = operation {
                    for name in types.iter().filter_map(|t| t.rsplit("::").next()) {
                        let rest = name.strip_prefix(operation);
                        if rest.is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_uppercase)) {
                            names.insert(name.to_owned());
                        }
                    }
                }
                summary.push(format!("operation {module}"));
            }
            ["crate", "types", rest @ ..] => {
                let Some(position) = rest.iter().position(|s| s.starts_with(char::is_uppercase)) else { continue };
                let name = rest[position];
                let in_builders = rest[..position].contains(&"builders");
                let shape = if in_builders { name.strip_suffix("Builder").unwrap_or(name) } else { name };
                if position + 1 == rest.len() && model.shape(shape).is_none() && names.insert(name.to_owned()) {
                    summary.push(format!("type {path}"));
                }
            }
            ["crate", "operation", module, error, variant] if error.ends_with("Error") => {
                let Some(operation) = model.operation(module) else { continue };
                let named = operation["errors"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|e| e["target"].as_str().is_some_and(|t| squash(local_name(t)) == squash(variant)));
                if *variant != "Unhandled" && !named {
                    lines.insert(format!("type {path}"));
                    let is = format!("method crate::operation::{module}::{error}::is_");
                    let methods =
                        api.lines.iter().filter(|l| l.strip_prefix(&is).is_some_and(|m| squash(m) == squash(variant)));
                    lines.extend(methods.cloned());
                    summary.push(format!("error {variant} of {module}"));
                }
            }
            _ => {}
        }
    }
    for (path, fields) in &api.fields {
        let Some((members, is_error, builders)) = model.members_of(path) else { continue };
        // An error structure's `message` is the SDK's own, not a member.
        let is_member = |f: &str| members.contains(&squash(f)) || (is_error && f == "message");
        for field in fields.iter().filter(|f| !is_member(f)) {
            let field = field.trim_start_matches("r#");
            for owner in std::iter::once(path).chain(&builders) {
                for method in [field.to_owned(), format!("set_{field}"), format!("get_{field}")] {
                    lines.insert(format!("method {owner}::{method}"));
                }
            }
            summary.push(format!("member {path}::{field}"));
        }
    }
    let named = |line: &str| line.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|t| names.contains(t));
    let kept = api.lines.iter().filter(|line| !lines.contains(*line) && !named(line)).cloned().collect();
    (kept, summary)
}

/// The shapes of a Smithy JSON AST by their names, and its operations by squashed name.
struct Model<'a> {
    shapes: HashMap<&'a str, &'a Value>,
    operations: HashMap<String, &'a Value>,
}

impl<'a> Model<'a> {
    fn new(model: &'a Value) -> Model<'a> {
        let all = model["shapes"].as_object().into_iter().flatten();
        let shapes: HashMap<&str, &Value> = all.map(|(id, shape)| (local_name(id), shape)).collect();
        let operations =
            shapes.iter().filter(|(_, s)| s["type"] == "operation").map(|(n, s)| (squash(n), *s)).collect();
        Model { shapes, operations }
    }

    /// The operation whose module is `module` (`get_channel`).
    fn operation(&self, module: &str) -> Option<&'a Value> {
        self.operations.get(&squash(module)).copied()
    }

    /// The shape `id` (absolute or not).
    fn shape(&self, id: &str) -> Option<&'a Value> {
        self.shapes.get(local_name(id)).copied()
    }

    /// For aws-sdk-ivs's struct at `path`, the members of its shape (squashed), whether the
    /// shape is an error, and the paths of the builders that have its members too.
    fn members_of(&self, path: &str) -> Option<(HashSet<String>, bool, Vec<String>)> {
        let segments: Vec<&str> = path.split("::").collect();
        let (shape, builders) = match segments.as_slice() {
            ["crate", "types", name] => (self.shape(name)?, vec![format!("crate::types::builders::{name}Builder")]),
            ["crate", "types", "error", name] => {
                (self.shape(name)?, vec![format!("crate::types::error::builders::{name}Builder")])
            }
            ["crate", "operation", module, name] => {
                let operation = self.operation(module)?;
                let builders = format!("crate::operation::{module}::builders");
                if let Some(base) = name.strip_suffix("Input") {
                    let shape = self.shape(operation["input"]["target"].as_str()?)?;
                    (shape, vec![format!("{builders}::{name}Builder"), format!("{builders}::{base}FluentBuilder")])
                } else if name.ends_with("Output") {
                    (self.shape(operation["output"]["target"].as_str()?)?, vec![format!("{builders}::{name}Builder")])
                } else {
                    return None;
                }
            }
            _ => return None,
        };
        let members = shape["members"].as_object()?.keys().map(|m| squash(m)).collect();
        Some((members, shape["traits"].get("smithy.api#error").is_some(), builders))
    }
}

/// A shape id's name (`com.amazonaws.ivs#Channel` is `Channel`).
fn local_name(id: &str) -> &str {
    id.rsplit('#').next().unwrap_or(id)
}

/// A name without case or underscores, to compare Smithy's and Rust's spellings.
fn squash(name: &str) -> String {
    name.trim_start_matches("r#").replace('_', "").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn types_are_written_the_same_whoever_writes_them() {
        let boxed = json!({"resolved_path": {"path": "::std::boxed::Box", "id": 1, "args": {"angle_bracketed": {
            "args": [{"type": {"dyn_trait": {"lifetime": "'static", "traits": [
                {"trait": {"path": "Sync", "id": 2, "args": null}, "generic_params": []},
                {"trait": {"path": "std::error::Error", "id": 3, "args": null}, "generic_params": []},
                {"trait": {"path": "Send", "id": 4, "args": null}, "generic_params": []}
            ]}}}], "constraints": []}}}});
        assert_eq!(render_type(&boxed), "Box<dyn Error + Send + Sync>");
        let sdk_error = json!({"path": "SdkError", "id": 5, "args": {"angle_bracketed": {"args": [
            {"lifetime": "'a"},
            {"type": {"resolved_path": {"path": "crate::operation::get_channel::GetChannelError", "id": 6, "args": null}}},
            {"type": {"generic": "R"}}
        ], "constraints": []}}});
        assert_eq!(render_path(&sdk_error), "SdkError<GetChannelError, _>");
        let str_ref = json!({"borrowed_ref": {"lifetime": "'a", "is_mutable": false, "type": {"primitive": "str"}}});
        assert_eq!(render_type(&str_ref), "&str");
    }

    #[test]
    fn what_the_model_lacks_is_left_out() {
        let model = json!({"shapes": {
            "a#GetChannel": {"type": "operation", "input": {"target": "a#GetChannelRequest"},
                "errors": [{"target": "a#NotFound"}]},
            "a#GetChannelRequest": {"type": "structure", "members": {"arn": {"target": "a#String"}}},
            "a#NotFound": {"type": "structure", "members": {}, "traits": {"smithy.api#error": "client"}},
            "a#Channel": {"type": "structure", "members": {}}
        }});
        let lines = [
            "type crate::operation::get_channel",
            "type crate::operation::get_channel::GetChannel",
            "type crate::operation::get_channel::GetChannelError::NotFound",
            "type crate::operation::get_channel::GetChannelError::Throttled",
            "method crate::operation::get_channel::GetChannelError::is_throttled",
            "method crate::operation::get_channel::GetChannelInput::arn",
            "method crate::operation::get_channel::GetChannelInput::slate",
            "method crate::operation::get_channel::builders::GetChannelFluentBuilder::set_slate",
            "type crate::operation::get_slate",
            "type crate::operation::get_slate::GetSlate",
            "type crate::operation::get_slate::GetSlateError",
            "type crate::operation::get_slate::GetSlateInput",
            "method crate::Client::get_slate",
            "impl crate::Error: From<GetSlateError>",
            "type crate::types::Channel",
            "type crate::types::Slate",
            "type crate::types::builders::SlateBuilder",
            "type crate::types::error::NotFound",
            "method crate::types::error::NotFound::message",
        ];
        let api = Api {
            lines: lines.iter().map(|l| l.to_string()).collect(),
            fields: BTreeMap::from([
                (
                    "crate::operation::get_channel::GetChannelInput".to_owned(),
                    vec!["arn".to_owned(), "slate".to_owned()],
                ),
                ("crate::types::error::NotFound".to_owned(), vec!["message".to_owned()]),
            ]),
            notes: Vec::new(),
        };
        let (kept, summary) = exclude_not_in_model(&api, &model);
        assert_eq!(
            kept,
            [
                "type crate::operation::get_channel",
                "type crate::operation::get_channel::GetChannel",
                "type crate::operation::get_channel::GetChannelError::NotFound",
                "method crate::operation::get_channel::GetChannelInput::arn",
                "type crate::types::Channel",
                "type crate::types::error::NotFound",
                "method crate::types::error::NotFound::message",
            ]
        );
        assert_eq!(summary.len(), 5, "{summary:?}");
    }
}
