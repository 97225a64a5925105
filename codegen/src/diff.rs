//! What changed between two models, as users of the generated crate see it.
//!
//! Both models go through the generator's own pipeline (`model` -> `normalize` -> `ir`), and the
//! two IRs are compared: operations by name, types by shape name (so a namespace change alone is
//! no change; a service `rename` is the name users see), members by their name in the model,
//! enum values by their wire value, operation errors by their variant. Comparing
//! the IR rather than the JSON means that what is reported is what the generated code would
//! show: an `@enum` string that became an `enum` shape is no change, a `set` that became a
//! `list` is no change (both are `Vec<T>`), a member's documentation is never a change.
//!
//! # Classification
//!
//! Every [`Entry`] is **breaking** (code written against the old crate may stop compiling, or
//! stop working) or **non-breaking**, by these rules:
//!
//! | Change | Breaking? | Why |
//! |---|---|---|
//! | operation, type, member, union variant or enum value removed | yes | its method, type, field or variant disappears |
//! | operation or type added | no | new items only |
//! | optional member added | no | structures are `#[non_exhaustive]` and built through builders |
//! | required member added to an operation input | yes | `send()` fails unless callers set it |
//! | required member (no default) added elsewhere | yes | the builder's `build()` fails unless it is set |
//! | union variant added | no | unions are `#[non_exhaustive]` with an `Unknown` variant |
//! | enum value added | no | enums are `#[non_exhaustive]` with an `Unknown` variant |
//! | enum value's Rust variant renamed | yes | the old variant name disappears |
//! | input member became required | yes | `send()` fails when callers leave it unset |
//! | idempotency token became required (or was added required) | no | the client fills in a UUID |
//! | input member became optional | no | input fields are `Option<T>` either way |
//! | input member's default added, removed or changed | no | input fields are `Option<T>` either way |
//! | other member became required/optional, or got/lost a default, changing its field between `Option<T>` and `T` | yes | the field's type changes |
//! | the same without a change of the field's type | no | the field keeps its type |
//! | member's Rust type changed (`i32` -> `i64`, `Vec` -> `HashMap`, another named type, boxing) | yes | the field, getter and setter change type |
//! | member's model type changed but not its Rust type (timestamp format, `string` <-> `bigInteger`) | no | wire-level only |
//! | a builder's `build()` became fallible or infallible | yes | its return type changes |
//! | type changed kind (structure -> union, structure -> error, enum -> intEnum) | yes | a different Rust item |
//! | error added to an operation | no | `<Op>Error` is `#[non_exhaustive]` |
//! | error removed from an operation | yes | the `<Op>Error` variant and its `is_*()` disappear |
//! | pagination added, or a page size or items member added to it | no | new methods only |
//! | pagination, its page size or its items removed; the item type changed | yes | `into_paginator()`, `page_size()` or `items()` changes |
//! | pagination tokens changed | no | internal to the paginator |
//! | HTTP binding changed: method, URI, status code, a member moved between body, label, query and header, a query or header name, `@jsonName`, an error's status | no | wire-level only: the Rust API is the same (listed for review) |
//! | operation, member or enum value became `#[deprecated]` | no | a warning, not an error |
//! | documentation changed | not reported | |
//!
//! The [`Report::semver_bump`] is [`Bump::Major`] if anything breaks, [`Bump::Minor`] if anything
//! was added, and [`Bump::Patch`] otherwise.

use crate::error::{Problem, Problems};
use crate::ident::{to_kebab_case, variant_ident};
use crate::ir::{self, Crate, Location, Member, Module, Operation, Presence, Type, TypeDef, TypeKind};
use crate::model::{self, Model, Shape};
use crate::normalize::{self, traits};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The reason given for every HTTP binding change.
const WIRE_ONLY: &str = "wire-level only: the Rust API is unchanged";

/// Why a required idempotency token asks nothing of callers.
const IDEMPOTENCY_TOKEN: &str = "an idempotency token: the client fills in a fresh UUID when it is unset";

/// What kind of change an [`Entry`] is. The order is the order of the report's sections.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// An operation was removed.
    OperationRemoved,
    /// An operation was added.
    OperationAdded,
    /// A type (structure, enum, union, error) was removed.
    ShapeRemoved,
    /// A type was added.
    ShapeAdded,
    /// A type kept its name but became another kind of type.
    ShapeKindChanged,
    /// A member (or union variant) was removed.
    MemberRemoved,
    /// A member (or union variant) was added.
    MemberAdded,
    /// An enum value was removed.
    EnumValueRemoved,
    /// An enum value was added.
    EnumValueAdded,
    /// An enum value kept its wire value but its Rust variant has a new name.
    EnumValueRenamed,
    /// A member got `@required`.
    BecameRequired,
    /// A member lost `@required`.
    BecameOptional,
    /// A member got a `@default`.
    DefaultAdded,
    /// A member lost its `@default`.
    DefaultRemoved,
    /// A member's `@default` value changed.
    DefaultChanged,
    /// A member's type changed (its target, its Rust type, its boxing or its optionality).
    TypeChanged,
    /// A builder's `build()` became fallible or infallible.
    BuilderChanged,
    /// An operation can no longer return an error.
    ErrorRemoved,
    /// An operation can return a new error.
    ErrorAdded,
    /// An operation is no longer paginated.
    PaginationRemoved,
    /// An operation became paginated.
    PaginationAdded,
    /// An operation's pagination changed.
    PaginationChanged,
    /// An operation, member or enum value became `#[deprecated]`.
    Deprecated,
    /// An HTTP binding changed: method, URI, status code, member location, names on the wire.
    HttpBinding,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 24] = [
        Kind::OperationRemoved,
        Kind::OperationAdded,
        Kind::ShapeRemoved,
        Kind::ShapeAdded,
        Kind::ShapeKindChanged,
        Kind::MemberRemoved,
        Kind::MemberAdded,
        Kind::EnumValueRemoved,
        Kind::EnumValueAdded,
        Kind::EnumValueRenamed,
        Kind::BecameRequired,
        Kind::BecameOptional,
        Kind::DefaultAdded,
        Kind::DefaultRemoved,
        Kind::DefaultChanged,
        Kind::TypeChanged,
        Kind::BuilderChanged,
        Kind::ErrorRemoved,
        Kind::ErrorAdded,
        Kind::PaginationRemoved,
        Kind::PaginationAdded,
        Kind::PaginationChanged,
        Kind::Deprecated,
        Kind::HttpBinding,
    ];

    /// A short label: `member added`.
    pub fn label(self) -> &'static str {
        match self {
            Kind::OperationRemoved => "operation removed",
            Kind::OperationAdded => "operation added",
            Kind::ShapeRemoved => "type removed",
            Kind::ShapeAdded => "type added",
            Kind::ShapeKindChanged => "type changed kind",
            Kind::MemberRemoved => "member removed",
            Kind::MemberAdded => "member added",
            Kind::EnumValueRemoved => "enum value removed",
            Kind::EnumValueAdded => "enum value added",
            Kind::EnumValueRenamed => "enum variant renamed",
            Kind::BecameRequired => "became required",
            Kind::BecameOptional => "became optional",
            Kind::DefaultAdded => "default added",
            Kind::DefaultRemoved => "default removed",
            Kind::DefaultChanged => "default changed",
            Kind::TypeChanged => "type changed",
            Kind::BuilderChanged => "builder changed",
            Kind::ErrorRemoved => "error removed",
            Kind::ErrorAdded => "error added",
            Kind::PaginationRemoved => "pagination removed",
            Kind::PaginationAdded => "pagination added",
            Kind::PaginationChanged => "pagination changed",
            Kind::Deprecated => "deprecated",
            Kind::HttpBinding => "HTTP binding changed",
        }
    }

    /// The heading of its section: `Members added`.
    pub fn heading(self) -> &'static str {
        match self {
            Kind::OperationRemoved => "Operations removed",
            Kind::OperationAdded => "Operations added",
            Kind::ShapeRemoved => "Types removed",
            Kind::ShapeAdded => "Types added",
            Kind::ShapeKindChanged => "Types that changed kind",
            Kind::MemberRemoved => "Members removed",
            Kind::MemberAdded => "Members added",
            Kind::EnumValueRemoved => "Enum values removed",
            Kind::EnumValueAdded => "Enum values added",
            Kind::EnumValueRenamed => "Enum variants renamed",
            Kind::BecameRequired => "Members that became required",
            Kind::BecameOptional => "Members that became optional",
            Kind::DefaultAdded => "Defaults added",
            Kind::DefaultRemoved => "Defaults removed",
            Kind::DefaultChanged => "Defaults changed",
            Kind::TypeChanged => "Type changes",
            Kind::BuilderChanged => "Builders",
            Kind::ErrorRemoved => "Errors removed from operations",
            Kind::ErrorAdded => "Errors added to operations",
            Kind::PaginationRemoved => "Pagination removed",
            Kind::PaginationAdded => "Pagination added",
            Kind::PaginationChanged => "Pagination changes",
            Kind::Deprecated => "Deprecations",
            Kind::HttpBinding => "HTTP binding changes",
        }
    }

    /// Whether a non-breaking change of this kind adds to the API (a minor bump) rather than
    /// leaving it as it was (a patch).
    pub fn adds_api(self) -> bool {
        matches!(
            self,
            Kind::OperationAdded
                | Kind::ShapeAdded
                | Kind::MemberAdded
                | Kind::EnumValueAdded
                | Kind::ErrorAdded
                | Kind::PaginationAdded
        )
    }
}

/// One change between the two models.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Entry {
    /// What kind of change.
    pub kind: Kind,
    /// What changed: an operation (`GetChannel`), a type (`Channel`), or a member of one
    /// (`Channel.latencyMode`, `CreateChannelInput.name`). Names are the model's.
    pub subject: String,
    /// How it changed, in Markdown (`` `integer` → `long` ``); empty when the kind says it all.
    pub detail: String,
    /// Whether code written against the old crate may break.
    pub breaking: bool,
    /// Why, in one line: what the change does to the generated Rust API.
    pub reason: String,
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let class = if self.breaking { "breaking" } else { "non-breaking" };
        write!(f, "{class}: {} `{}`", self.kind.label(), self.subject)?;
        if !self.detail.is_empty() {
            write!(f, " ({})", self.detail)?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// The semver bump a set of changes calls for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// Nothing a user can see was added or broken.
    Patch,
    /// Something was added; nothing breaks.
    Minor,
    /// Something breaks.
    Major,
}

impl Bump {
    /// How to spell the bump for a crate at version `0.x` (`pre_1_0`) or later. Cargo treats
    /// `0.x.y` -> `0.(x+1).0` as incompatible and `0.x.y` -> `0.x.(y+1)` as compatible, so before
    /// 1.0 a breaking change bumps the minor version and an addition bumps the patch version.
    pub fn describe(self, pre_1_0: bool) -> &'static str {
        match (self, pre_1_0) {
            (Bump::Major, false) => "major",
            (Bump::Major, true) => "0.x minor (breaking)",
            (Bump::Minor, false) => "minor",
            (Bump::Minor, true) => "0.x patch (additions only)",
            (Bump::Patch, false) => "patch",
            (Bump::Patch, true) => "0.x patch",
        }
    }
}

/// Facts about one side of the comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Side {
    /// What to call the model in the report (a path, by default `old` or `new`).
    pub label: String,
    /// The generated crate's default name (from `sdkId`).
    pub package: String,
    /// The service's shape id.
    pub service: String,
    /// The service's API version.
    pub version: String,
    /// Number of operations.
    pub operations: usize,
    /// Number of generated types (structures, enums, unions, errors; operation inputs and
    /// outputs not counted).
    pub types: usize,
}

/// Every change between two models, sorted, and what they call for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The old model.
    pub old: Side,
    /// The new model.
    pub new: Side,
    /// Every change, sorted by kind, subject and detail.
    pub entries: Vec<Entry>,
    /// Whether the generated crate is versioned below 1.0, which changes how the bump is
    /// spelled ([`Bump::describe`]). Generated crates are `0.1.0` (see `emit::crate_root`).
    pub pre_1_0: bool,
}

impl Report {
    /// Names the two models in the report (their paths, say).
    pub fn labeled(mut self, old: impl Into<String>, new: impl Into<String>) -> Self {
        self.old.label = old.into();
        self.new.label = new.into();
        self
    }

    /// Whether any change breaks users of the generated crate.
    pub fn is_breaking(&self) -> bool {
        self.entries.iter().any(|e| e.breaking)
    }

    /// The breaking changes.
    pub fn breaking(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.breaking)
    }

    /// The changes of one kind.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| e.kind == kind)
    }

    /// Major if anything breaks, minor if anything was added, patch otherwise.
    pub fn semver_bump(&self) -> Bump {
        if self.is_breaking() {
            Bump::Major
        } else if self.entries.iter().any(|e| e.kind.adds_api()) {
            Bump::Minor
        } else {
            Bump::Patch
        }
    }

    /// The report in Markdown, for a pull request's description: the two models, the breaking
    /// changes, the other changes by kind, then a count per kind and the semver bump.
    pub fn to_markdown(&self) -> String {
        let mut md = String::new();
        let package = if self.old.package == self.new.package {
            format!("`{}`", self.new.package)
        } else {
            format!("`{}` → `{}`", self.old.package, self.new.package)
        };
        md.push_str(&format!("## API changes to the generated crate {package}\n\n"));
        md.push_str("| | Old | New |\n|---|---|---|\n");
        let rows: [(&str, String, String); 5] = [
            ("Model", format!("`{}`", self.old.label), format!("`{}`", self.new.label)),
            ("Service", format!("`{}`", self.old.service), format!("`{}`", self.new.service)),
            ("API version", self.old.version.clone(), self.new.version.clone()),
            ("Operations", self.old.operations.to_string(), self.new.operations.to_string()),
            ("Types", self.old.types.to_string(), self.new.types.to_string()),
        ];
        for (name, old, new) in rows {
            md.push_str(&format!("| {name} | {old} | {new} |\n"));
        }
        md.push('\n');

        let breaking: Vec<&Entry> = self.breaking().collect();
        let other: Vec<&Entry> = self.entries.iter().filter(|e| !e.breaking).collect();
        md.push_str(&format!("### Breaking changes ({})\n\n", breaking.len()));
        if breaking.is_empty() {
            md.push_str("None.\n\n");
        } else {
            push_sections(&mut md, &breaking);
        }
        md.push_str(&format!("### Non-breaking changes ({})\n\n", other.len()));
        if other.is_empty() {
            md.push_str("None.\n\n");
        } else if other.len() > 25 {
            md.push_str(&format!("<details><summary>Show all {} non-breaking changes</summary>\n\n", other.len()));
            push_sections(&mut md, &other);
            md.push_str("</details>\n\n");
        } else {
            push_sections(&mut md, &other);
        }

        md.push_str("### Summary\n\n");
        if self.entries.is_empty() {
            md.push_str("No change that users of the generated crate can see.\n\n");
        } else {
            md.push_str("| Change | Breaking | Non-breaking |\n|---|---:|---:|\n");
            for kind in Kind::ALL {
                let (b, n) =
                    self.of_kind(kind).fold((0, 0), |(b, n), e| if e.breaking { (b + 1, n) } else { (b, n + 1) });
                if b + n > 0 {
                    md.push_str(&format!("| {} | {b} | {n} |\n", kind.heading()));
                }
            }
            md.push_str(&format!("| **Total** | **{}** | **{}** |\n\n", breaking.len(), other.len()));
        }
        md.push_str(&format!(
            "**Semver bump: {}.** {} change(s): {} breaking, {} non-breaking.\n",
            self.semver_bump().describe(self.pre_1_0),
            self.entries.len(),
            breaking.len(),
            other.len()
        ));
        md
    }
}

/// One `####` section per kind, one line per entry.
fn push_sections(md: &mut String, entries: &[&Entry]) {
    let mut by_kind: BTreeMap<Kind, Vec<&Entry>> = BTreeMap::new();
    for entry in entries {
        by_kind.entry(entry.kind).or_default().push(entry);
    }
    for (kind, entries) in by_kind {
        md.push_str(&format!("#### {} ({})\n\n", kind.heading(), entries.len()));
        for e in entries {
            let detail = if e.detail.is_empty() { String::new() } else { format!(" ({})", e.detail) };
            md.push_str(&format!("- `{}`{detail}: {}.\n", e.subject, e.reason));
        }
        md.push('\n');
    }
}

/// Compares two Smithy JSON AST models; a problem in either (it would not generate) is an
/// error, named with the side it comes from.
pub fn diff(old: &str, new: &str) -> Result<Report, Problems> {
    let (old, new) = match (Generated::load(old, "old"), Generated::load(new, "new")) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            let problems = old.err().into_iter().chain(new.err()).flatten().collect();
            return Err(Problems(problems));
        }
    };
    let mut cx = Diff { old: &old, new: &new, entries: Vec::new() };
    cx.operations();
    cx.types();
    let mut entries = cx.entries;
    entries.sort();
    entries.dedup();
    Ok(Report { old: old.side("old"), new: new.side("new"), entries, pre_1_0: true })
}

/// One model, normalised and lowered exactly as the generator does it.
struct Generated {
    model: Model,
    service: String,
    krate: Crate,
}

impl Generated {
    fn load(text: &str, which: &str) -> Result<Self, Vec<Problem>> {
        let name = |problems: Vec<Problem>| -> Vec<Problem> {
            problems
                .into_iter()
                .map(|p| Problem { message: format!("(in the {which} model) {}", p.message), ..p })
                .collect()
        };
        let mut model = model::load(text).map_err(|p| name(p.0))?;
        let service = normalize::normalize(&mut model, None).map_err(name)?;
        let krate = ir::lower(&model, &service, "diff").map_err(name)?;
        Ok(Self { model, service, krate })
    }

    fn side(&self, label: &str) -> Side {
        Side {
            label: label.to_owned(),
            package: to_kebab_case(&self.krate.service.sdk_id),
            service: self.service.clone(),
            version: self.krate.service.api_version.clone(),
            operations: self.krate.operations.len(),
            types: self.krate.types.len(),
        }
    }

    /// The model shape an operation's input (or output) was lowered from.
    fn io_shape(&self, op: &Operation, input: bool) -> &Shape {
        let shape = &self.model.shapes[&op.id];
        let target = if input { &shape.input } else { &shape.output };
        target.as_ref().and_then(|t| self.model.shapes.get(&t.target)).expect("normalize gives every operation both")
    }

    /// A member's effective `@default` (its own, else its target's), as the IR reads it.
    fn default_of<'a>(&'a self, shape: &'a Shape, member: &str) -> Option<&'a Value> {
        let m = shape.member_named(member)?;
        let target = self.model.shapes.get(&m.target);
        m.traits
            .get(traits::DEFAULT)
            .or_else(|| target.and_then(|t| t.traits.get(traits::DEFAULT)))
            .filter(|v| !v.is_null())
    }
}

/// Where a set of members lives; it decides what their changes mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// An operation's input: every field is `Option<T>`; `@required` is checked by `send()`.
    Input,
    /// An operation's output.
    Output,
    /// A structure in `crate::types`, in requests, responses or both.
    Nested,
    /// An error structure.
    Error,
    /// A union: members are variants.
    Union,
}

/// The members of one structure (or union) on one side.
struct Holder<'a> {
    /// The subject's prefix: `Channel`, `CreateChannelInput`.
    name: &'a str,
    role: Role,
    members: Vec<&'a Member>,
    /// The model shape they were lowered from, for `@default`.
    shape: &'a Shape,
    side: &'a Generated,
}

struct Diff<'a> {
    old: &'a Generated,
    new: &'a Generated,
    entries: Vec<Entry>,
}

impl Diff<'_> {
    fn push(
        &mut self,
        kind: Kind,
        subject: impl Into<String>,
        detail: impl Into<String>,
        breaking: bool,
        reason: impl Into<String>,
    ) {
        self.entries.push(Entry {
            kind,
            subject: subject.into(),
            detail: detail.into(),
            breaking,
            reason: reason.into(),
        });
    }

    fn operations(&mut self) {
        let by_name = |g: &'_ Generated| -> BTreeMap<String, usize> {
            g.krate.operations.iter().enumerate().map(|(i, op)| (op.wire_name.clone(), i)).collect()
        };
        let (old_ops, new_ops) = (by_name(self.old), by_name(self.new));
        let (old, new) = (self.old, self.new);
        for (name, &i) in &old_ops {
            if !new_ops.contains_key(name) {
                let op = &old.krate.operations[i];
                let reason = format!("`Client::{}()` and the `operation::{}` module disappear", op.method, op.module);
                self.push(Kind::OperationRemoved, name, "", true, reason);
            }
        }
        for (name, &i) in &new_ops {
            match old_ops.get(name) {
                None => {
                    let op = &new.krate.operations[i];
                    self.push(Kind::OperationAdded, name, "", false, format!("new method `Client::{}()`", op.method));
                }
                Some(&j) => self.operation(&old.krate.operations[j], &new.krate.operations[i]),
            }
        }
    }

    fn operation(&mut self, o: &Operation, n: &Operation) {
        let name = &n.wire_name;
        let (old, new) = (self.old, self.new);
        // HTTP binding of the operation.
        if o.http.method != n.http.method {
            let detail = format!("method `{}` → `{}`", o.http.method, n.http.method);
            self.push(Kind::HttpBinding, name, detail, false, WIRE_ONLY);
        }
        let uri = |g: &Generated, op: &Operation| -> String {
            let http = g.model.shapes[&op.id].traits.get(traits::HTTP);
            http.and_then(|h| h.get("uri")).and_then(Value::as_str).unwrap_or("/").to_owned()
        };
        let (old_uri, new_uri) = (uri(old, o), uri(new, n));
        if old_uri != new_uri {
            self.push(Kind::HttpBinding, name, format!("URI `{old_uri}` → `{new_uri}`"), false, WIRE_ONLY);
        }
        if o.http.code != n.http.code {
            let detail = format!("status code `{}` → `{}`", o.http.code, n.http.code);
            self.push(Kind::HttpBinding, name, detail, false, WIRE_ONLY);
        }

        // Input and output members.
        let (old_in, new_in) = (format!("{}", o.input.name), format!("{}", n.input.name));
        self.members(
            Holder {
                name: &old_in,
                role: Role::Input,
                members: o.input.structure.members.iter().collect(),
                shape: old.io_shape(o, true),
                side: old,
            },
            Holder {
                name: &new_in,
                role: Role::Input,
                members: n.input.structure.members.iter().collect(),
                shape: new.io_shape(n, true),
                side: new,
            },
        );
        let (old_out, new_out) = (format!("{}", o.output.name), format!("{}", n.output.name));
        self.members(
            Holder {
                name: &old_out,
                role: Role::Output,
                members: o.output.structure.members.iter().collect(),
                shape: old.io_shape(o, false),
                side: old,
            },
            Holder {
                name: &new_out,
                role: Role::Output,
                members: n.output.structure.members.iter().collect(),
                shape: new.io_shape(n, false),
                side: new,
            },
        );
        self.builder(&new_out, &o.output.structure, &n.output.structure);

        // Errors.
        let variants =
            |op: &Operation| -> BTreeSet<String> { op.errors.iter().map(|e| e.variant.to_string()).collect() };
        let (old_errors, new_errors) = (variants(o), variants(n));
        for gone in old_errors.difference(&new_errors) {
            let e = o.errors.iter().find(|e| e.variant.as_str() == gone).expect("from this list");
            let reason = format!("the `{}::{}` variant and `{}()` disappear", o.error, e.variant, e.is_fn);
            self.push(Kind::ErrorRemoved, name, format!("`{gone}`"), true, reason);
        }
        for added in new_errors.difference(&old_errors) {
            let reason = format!("a new variant of `{}`, which is `#[non_exhaustive]`", n.error);
            self.push(Kind::ErrorAdded, name, format!("`{added}`"), false, reason);
        }

        self.pagination(o, n);
        if let (None, Some(note)) = (&o.deprecated, &n.deprecated) {
            self.deprecated(name, note, &format!("`Client::{}()`", n.method));
        }
    }

    fn pagination(&mut self, o: &Operation, n: &Operation) {
        let name = &n.wire_name;
        let (op, np) = match (&o.pagination, &n.pagination) {
            (None, None) => return,
            (None, Some(p)) => {
                let reason = format!("new `into_paginator()` on `{}`, giving a `{}`", n.fluent_builder, p.paginator);
                return self.push(Kind::PaginationAdded, name, "", false, reason);
            }
            (Some(p), None) => {
                let reason = format!("`into_paginator()` and `{}` disappear", p.paginator);
                return self.push(Kind::PaginationRemoved, name, "", true, reason);
            }
            (Some(op), Some(np)) => (op, np),
        };
        let (oi, ni) = (&o.input.structure.members, &n.input.structure.members);
        let (oo, no) = (&o.output.structure.members, &n.output.structure.members);
        let tokens = [
            ("input token", &oi[op.input_token].wire_name, &ni[np.input_token].wire_name),
            ("output token", &oo[op.output_token].wire_name, &no[np.output_token].wire_name),
        ];
        for (what, before, after) in tokens {
            if before != after {
                let detail = format!("{what} `{before}` → `{after}`");
                self.push(
                    Kind::PaginationChanged,
                    name,
                    detail,
                    false,
                    "internal to the paginator; its API is unchanged",
                );
            }
        }
        let page_size =
            |members: &[Member], i: Option<usize>| i.map(|i| (members[i].wire_name.clone(), rust_type(&members[i].ty)));
        match (page_size(oi, op.page_size), page_size(ni, np.page_size)) {
            (None, Some((member, _))) => {
                let reason = format!("new `page_size()` on `{}`", np.paginator);
                self.push(Kind::PaginationChanged, name, format!("page size `{member}` added"), false, reason);
            }
            (Some((member, _)), None) => {
                let reason = format!("`{}::page_size()` disappears", op.paginator);
                self.push(Kind::PaginationChanged, name, format!("page size `{member}` removed"), true, reason);
            }
            (Some((om, ot)), Some((nm, nt))) if om != nm || ot != nt => {
                let detail = format!("page size `{om}` → `{nm}`");
                if ot == nt {
                    self.push(
                        Kind::PaginationChanged,
                        name,
                        detail,
                        false,
                        format!("`page_size()` still takes `{nt}`"),
                    );
                } else {
                    self.push(
                        Kind::PaginationChanged,
                        name,
                        detail,
                        true,
                        format!("`page_size()` takes `{nt}` instead of `{ot}`"),
                    );
                }
            }
            _ => {}
        }
        let items = |members: &[Member], i: Option<usize>| {
            i.and_then(|i| item_type(&members[i]).map(|ty| (members[i].wire_name.clone(), ty)))
        };
        match (items(oo, op.items), items(no, np.items)) {
            (None, Some((member, _))) => {
                let reason = format!("new `items()` on `{}`", np.paginator);
                self.push(Kind::PaginationChanged, name, format!("items `{member}` added"), false, reason);
            }
            (Some((member, _)), None) => {
                let reason = format!("`{}::items()` disappears", op.paginator);
                self.push(Kind::PaginationChanged, name, format!("items `{member}` removed"), true, reason);
            }
            (Some((om, ot)), Some((nm, nt))) if om != nm || ot != nt => {
                let detail = format!("items `{om}` → `{nm}`");
                if ot == nt {
                    self.push(Kind::PaginationChanged, name, detail, false, format!("`items()` still yields `{nt}`"));
                } else {
                    self.push(
                        Kind::PaginationChanged,
                        name,
                        detail,
                        true,
                        format!("`items()` yields `{nt}` instead of `{ot}`"),
                    );
                }
            }
            _ => {}
        }
    }

    fn types(&mut self) {
        let by_name = |g: &'_ Generated| -> BTreeMap<String, usize> {
            g.krate.types.iter().enumerate().map(|(i, t)| (model::shape_name(&t.id).to_owned(), i)).collect()
        };
        let (old_types, new_types) = (by_name(self.old), by_name(self.new));
        let (old, new) = (self.old, self.new);
        for (name, &i) in &old_types {
            if !new_types.contains_key(name) {
                let t = &old.krate.types[i];
                let reason = format!("the type `{}` disappears", path_text(&t.path));
                self.push(Kind::ShapeRemoved, name, type_kind(t), true, reason);
            }
        }
        for (name, &i) in &new_types {
            let t = &new.krate.types[i];
            match old_types.get(name) {
                None => {
                    self.push(Kind::ShapeAdded, name, type_kind(t), false, format!("new type `{}`", path_text(&t.path)))
                }
                Some(&j) => self.type_def(&old.krate.types[j], t),
            }
        }
    }

    fn type_def(&mut self, o: &TypeDef, n: &TypeDef) {
        // The name after the service's `rename`, which is the one users see.
        let name = model::shape_name(&n.id);
        let (old, new) = (self.old, self.new);
        let (ok, nk) = (type_kind(o), type_kind(n));
        if ok != nk || o.path != n.path {
            let reason = format!("`{}` ({ok}) becomes `{}` ({nk})", path_text(&o.path), path_text(&n.path));
            return self.push(Kind::ShapeKindChanged, name, format!("{ok} → {nk}"), true, reason);
        }
        let (os, ns) = (&old.model.shapes[&o.id], &new.model.shapes[&n.id]);
        match (&o.kind, &n.kind) {
            (TypeKind::Structure(a), TypeKind::Structure(b)) => {
                self.members(
                    Holder { name, role: Role::Nested, members: a.members.iter().collect(), shape: os, side: old },
                    Holder { name, role: Role::Nested, members: b.members.iter().collect(), shape: ns, side: new },
                );
                self.builder(name, a, b);
            }
            (TypeKind::Error(a), TypeKind::Error(b)) => {
                self.members(
                    Holder {
                        name,
                        role: Role::Error,
                        members: a.structure.members.iter().collect(),
                        shape: os,
                        side: old,
                    },
                    Holder {
                        name,
                        role: Role::Error,
                        members: b.structure.members.iter().collect(),
                        shape: ns,
                        side: new,
                    },
                );
                self.builder(name, &a.structure, &b.structure);
                if a.http_status != b.http_status {
                    let status = |s: Option<u16>| s.map_or("none".to_owned(), |s| format!("`{s}`"));
                    let detail = format!("error status {} → {}", status(a.http_status), status(b.http_status));
                    self.push(Kind::HttpBinding, name, detail, false, WIRE_ONLY);
                }
            }
            (TypeKind::Union(a), TypeKind::Union(b)) => self.members(
                Holder {
                    name,
                    role: Role::Union,
                    members: a.variants.iter().map(|v| &v.member).collect(),
                    shape: os,
                    side: old,
                },
                Holder {
                    name,
                    role: Role::Union,
                    members: b.variants.iter().map(|v| &v.member).collect(),
                    shape: ns,
                    side: new,
                },
            ),
            (TypeKind::Enum(a), TypeKind::Enum(b)) => {
                let path = path_text(&n.path);
                for v in &a.variants {
                    match b.variants.iter().find(|w| w.value == v.value) {
                        None => {
                            let reason = format!("the variant `{path}::{}` disappears", v.name);
                            self.push(Kind::EnumValueRemoved, name, format!("`{}`", v.value), true, reason);
                        }
                        Some(w) if w.name != v.name => {
                            let detail = format!("`{}`: `{}` → `{}`", v.value, v.name, w.name);
                            let reason = format!("the variant `{path}::{}` becomes `{path}::{}`", v.name, w.name);
                            self.push(Kind::EnumValueRenamed, name, detail, true, reason);
                        }
                        Some(_) => {}
                    }
                    let deprecated = b.variants.iter().find(|w| w.value == v.value).and_then(|w| w.deprecated.as_ref());
                    if let (None, Some(note)) = (&v.deprecated, deprecated) {
                        let what = format!("the variant for `{}`", v.value);
                        self.deprecated(name, &format!("`{}`: {note}", v.value), &what);
                    }
                }
                for w in &b.variants {
                    if !a.variants.iter().any(|v| v.value == w.value) {
                        let reason = format!(
                            "new variant `{path}::{}`; the enum is `#[non_exhaustive]` and older crates read the value as `Unknown`",
                            w.name
                        );
                        self.push(Kind::EnumValueAdded, name, format!("`{}`", w.value), false, reason);
                    }
                }
            }
            _ => unreachable!("type_kind compared equal"),
        }
    }

    /// Something became `#[deprecated]`: callers get a warning, their code still compiles.
    fn deprecated(&mut self, subject: &str, detail: &str, what: &str) {
        let reason = format!("{what} is now `#[deprecated]`: uses compile, with a warning");
        self.push(Kind::Deprecated, subject, detail, false, reason);
    }

    /// A change in whether the builder's `build()` returns a `Result` (input builders always do).
    fn builder(&mut self, name: &str, o: &ir::Structure, n: &ir::Structure) {
        if o.build_is_fallible == n.build_is_fallible {
            return;
        }
        let builder = &n.builder;
        let (detail, reason) = if n.build_is_fallible {
            (
                "`build()` became fallible",
                format!("`{builder}::build()` now returns a `Result` (a required member has no default)"),
            )
        } else {
            (
                "`build()` became infallible",
                format!("`{builder}::build()` now returns the value itself, not a `Result`"),
            )
        };
        self.push(Kind::BuilderChanged, name, detail, true, reason);
    }

    fn members(&mut self, o: Holder<'_>, n: Holder<'_>) {
        let role = n.role;
        for m in &o.members {
            if !n.members.iter().any(|x| x.wire_name == m.wire_name) {
                let reason = match role {
                    Role::Input => format!("its setter `{}()` disappears", m.field),
                    Role::Union => format!("the variant `{}::{}` disappears", n.name, variant_ident(&m.wire_name)),
                    _ => format!("its field and getter `{}()` disappear", m.field),
                };
                self.push(
                    Kind::MemberRemoved,
                    format!("{}.{}", n.name, m.wire_name),
                    format!("`{}`", field_type(m)),
                    true,
                    reason,
                );
            }
        }
        for m in &n.members {
            let subject = format!("{}.{}", n.name, m.wire_name);
            let Some(old) = o.members.iter().find(|x| x.wire_name == m.wire_name) else {
                let ty = field_type(m);
                let (breaking, reason) = match role {
                    Role::Input if m.required && m.idempotency_token => (false, IDEMPOTENCY_TOKEN.to_owned()),
                    Role::Input if m.required => (true, "required: `send()` fails unless callers set it".to_owned()),
                    Role::Input => (false, format!("new optional setter `{}()`", m.field)),
                    Role::Union => (
                        false,
                        format!(
                            "new variant `{}::{}`; the union is `#[non_exhaustive]` with an `Unknown` variant",
                            n.name,
                            variant_ident(&m.wire_name)
                        ),
                    ),
                    _ if m.presence == Presence::Required => {
                        (true, "required without a default: the builder's `build()` fails unless it is set".to_owned())
                    }
                    _ => match n.side.default_of(n.shape, &m.wire_name) {
                        Some(default) if matches!(m.presence, Presence::Default(_)) => {
                            (false, format!("new field and getter `{}()`, defaulting to `{default}`", m.field))
                        }
                        _ => (false, format!("new field and getter `{}()`", m.field)),
                    },
                };
                self.push(Kind::MemberAdded, subject, format!("`{ty}`"), breaking, reason);
                continue;
            };
            self.member(&o, &n, old, m, &subject);
        }
    }

    fn member(&mut self, oh: &Holder<'_>, nh: &Holder<'_>, o: &Member, n: &Member, subject: &str) {
        let role = nh.role;
        let (of, nf) = (field_type(o), field_type(n));
        let optionality_changed = (o.presence == Presence::Optional) != (n.presence == Presence::Optional);
        let by_default = matches!(o.presence, Presence::Default(_)) || matches!(n.presence, Presence::Default(_));
        let field_change = format!("its field changes from `{of}` to `{nf}`");
        let mut explained = !optionality_changed;

        if o.required != n.required && role != Role::Union {
            let kind = if n.required { Kind::BecameRequired } else { Kind::BecameOptional };
            let (breaking, reason) = match role {
                Role::Input if n.required && n.idempotency_token => (false, IDEMPOTENCY_TOKEN.to_owned()),
                Role::Input if n.required => (true, "`send()` now fails when callers leave it unset".to_owned()),
                Role::Input => {
                    (false, "`send()` no longer insists on it; input fields are `Option` either way".to_owned())
                }
                _ if optionality_changed && !by_default => {
                    explained = true;
                    (true, field_change.clone())
                }
                _ if optionality_changed => {
                    (false, "its field's type follows its default (see that change)".to_owned())
                }
                _ => (false, format!("its field stays `{nf}`")),
            };
            self.push(kind, subject, "", breaking, reason);
        }

        let show = |v: Option<&Value>| v.map_or("none".to_owned(), |v| format!("`{v}`"));
        let (od, nd) = (oh.side.default_of(oh.shape, &o.wire_name), nh.side.default_of(nh.shape, &n.wire_name));
        if od != nd && role != Role::Union {
            let kind = match (od, nd) {
                (None, _) => Kind::DefaultAdded,
                (_, None) => Kind::DefaultRemoved,
                _ => Kind::DefaultChanged,
            };
            let detail = format!("{} → {}", show(od), show(nd));
            let (breaking, reason) = match role {
                Role::Input => (
                    false,
                    "input fields are `Option` either way; an unset field gets the service's default".to_owned(),
                ),
                _ if optionality_changed && by_default => {
                    explained = true;
                    (true, field_change.clone())
                }
                _ => (false, format!("its field stays `{nf}`")),
            };
            self.push(kind, subject, detail, breaking, reason);
        }

        let (os, ns) = (smithy_type(&o.ty), smithy_type(&n.ty));
        let (ov, nv) = (value_type(o), value_type(n));
        if os != ns || ov != nv {
            let detail = if os != ns { format!("`{os}` → `{ns}`") } else { format!("`{ov}` → `{nv}`") };
            if ov != nv {
                self.push(
                    Kind::TypeChanged,
                    subject,
                    detail,
                    true,
                    format!("its Rust type changes from `{ov}` to `{nv}`"),
                );
            } else {
                let reason = format!("its Rust type stays `{nv}`; only the wire format changes");
                self.push(Kind::TypeChanged, subject, detail, false, reason);
            }
        }
        if !explained {
            // `@clientOptional`, a new cycle, or a union or document target.
            self.push(Kind::TypeChanged, subject, format!("`{of}` → `{nf}`"), true, field_change);
        }

        if o.deprecated.is_none() {
            if let Some(note) = &n.deprecated {
                let what = if role == Role::Input { "setter" } else { "field" };
                self.deprecated(subject, note, &format!("its {what} `{}()`", n.field));
            }
        }
        if o.location != n.location {
            let detail = format!("{} → {}", location(&o.location), location(&n.location));
            self.push(Kind::HttpBinding, subject, detail, false, WIRE_ONLY);
        } else if o.json_name != n.json_name && n.location == Location::Body {
            let detail = format!("JSON key `{}` → `{}`", o.json_name, n.json_name);
            self.push(Kind::HttpBinding, subject, detail, false, WIRE_ONLY);
        }
    }
}

/// `structure`, `error`, `enum`, `intEnum` or `union`.
fn type_kind(t: &TypeDef) -> &'static str {
    match &t.kind {
        TypeKind::Structure(_) => "structure",
        TypeKind::Error(_) => "error",
        TypeKind::Enum(e) if e.int => "intEnum",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "union",
    }
}

/// A type's path from the crate root: `types::Channel`, `types::error::ConflictException`.
fn path_text(path: &ir::TypePath) -> String {
    match &path.module {
        Module::Types => format!("types::{}", path.name),
        Module::TypesError => format!("types::error::{}", path.name),
        Module::Operation(m) => format!("operation::{m}::{}", path.name),
    }
}

/// A member's type as the model says it: `integer`, `timestamp (date-time)`, `list of Channel`.
fn smithy_type(ty: &Type) -> String {
    match ty {
        Type::ByteStream => "streaming blob".into(),
        Type::Unit => "unit".into(),
        Type::String => "string".into(),
        Type::Boolean => "boolean".into(),
        Type::Byte => "byte".into(),
        Type::Short => "short".into(),
        Type::Integer => "integer".into(),
        Type::Long => "long".into(),
        Type::Float => "float".into(),
        Type::Double => "double".into(),
        Type::BigInteger => "bigInteger".into(),
        Type::BigDecimal => "bigDecimal".into(),
        Type::Blob => "blob".into(),
        Type::Document => "document".into(),
        Type::Timestamp(format) => {
            let format = match format {
                ir::TimestampFormat::DateTime => "date-time",
                ir::TimestampFormat::HttpDate => "http-date",
                ir::TimestampFormat::EpochSeconds => "epoch-seconds",
            };
            format!("timestamp ({format})")
        }
        // Its kind is the type's own business: a change of kind is reported on the type.
        Type::Named(named) => named.path.name.to_string(),
        Type::List { item, sparse } => format!("{}list of {}", if *sparse { "sparse " } else { "" }, smithy_type(item)),
        Type::Map { value, sparse } => {
            format!("{}map of string to {}", if *sparse { "sparse " } else { "" }, smithy_type(value))
        }
    }
}

/// The Rust type of a value, paths shortened to what a reader recognises.
fn rust_type(ty: &Type) -> String {
    match ty {
        Type::ByteStream => "ByteStream".into(),
        Type::Unit => "()".into(),
        Type::String | Type::BigInteger | Type::BigDecimal => "String".into(),
        Type::Boolean => "bool".into(),
        Type::Byte => "i8".into(),
        Type::Short => "i16".into(),
        Type::Integer => "i32".into(),
        Type::Long => "i64".into(),
        Type::Float => "f32".into(),
        Type::Double => "f64".into(),
        Type::Timestamp(_) => "DateTime".into(),
        Type::Blob => "Blob".into(),
        Type::Document => "Document".into(),
        Type::Named(named) => named.path.name.to_string(),
        Type::List { item, sparse: false } => format!("Vec<{}>", rust_type(item)),
        Type::List { item, sparse: true } => format!("Vec<Option<{}>>", rust_type(item)),
        Type::Map { value, sparse: false } => format!("HashMap<String, {}>", rust_type(value)),
        Type::Map { value, sparse: true } => format!("HashMap<String, Option<{}>>", rust_type(value)),
    }
}

/// A member's value type: boxed when it closes a cycle.
fn value_type(m: &Member) -> String {
    let ty = rust_type(&m.ty);
    if m.boxed {
        format!("Box<{ty}>")
    } else {
        ty
    }
}

/// A member's field type.
fn field_type(m: &Member) -> String {
    match m.presence {
        Presence::Optional => format!("Option<{}>", value_type(m)),
        _ => value_type(m),
    }
}

/// What a paginator's `items()` yields for this member, if it has one (as `emit` decides).
fn item_type(m: &Member) -> Option<String> {
    match &m.ty {
        Type::List { item, sparse: false } => Some(rust_type(item)),
        Type::List { item, sparse: true } => Some(format!("Option<{}>", rust_type(item))),
        Type::Map { value, .. } => Some(format!("(String, {})", rust_type(value))),
        _ => None,
    }
}

/// Where a member goes in an HTTP message.
fn location(l: &Location) -> String {
    match l {
        Location::Body => "body".into(),
        Location::Label { .. } => "URI label".into(),
        Location::Query(name) => format!("query `{name}`"),
        Location::QueryParams => "query parameters map".into(),
        Location::Header(name) => format!("header `{name}`"),
        Location::PrefixHeaders(prefix) => format!("headers prefixed `{prefix}`"),
        Location::Payload => "payload".into(),
        Location::ResponseCode => "status code".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(shapes: &str) -> String {
        format!(
            r#"{{"smithy":"2.0","shapes":{{
            "a.b#Svc":{{"type":"service","version":"1","operations":[{{"target":"a.b#Get"}}],
                "traits":{{"aws.protocols#restJson1":{{}},"aws.api#service":{{"sdkId":"Svc"}}}}}},
            "a.b#Get":{{"type":"operation","input":{{"target":"a.b#GetIn"}},"output":{{"target":"a.b#GetOut"}},
                "traits":{{"smithy.api#http":{{"method":"GET","uri":"/","code":200}}}}}},
            {shapes}}}}}"#
        )
    }

    #[test]
    fn identical_models_have_no_changes_and_call_for_a_patch() {
        let m =
            service(r#""a.b#GetIn":{"type":"structure","members":{}},"a.b#GetOut":{"type":"structure","members":{}}"#);
        let report = diff(&m, &m).unwrap();
        assert_eq!(report.entries, vec![]);
        assert_eq!(report.semver_bump(), Bump::Patch);
        assert!(report.to_markdown().contains("No change that users of the generated crate can see."));
    }

    #[test]
    fn output_member_getting_a_default_is_breaking_but_input_member_is_not() {
        let shapes = |default: &str| {
            service(&format!(
                r#""a.b#GetIn":{{"type":"structure","members":{{"n":{{"target":"smithy.api#Integer"{default}}}}}}},
                "a.b#GetOut":{{"type":"structure","members":{{"n":{{"target":"smithy.api#Integer"{default}}}}}}}"#
            ))
        };
        let report = diff(&shapes(""), &shapes(r#","traits":{"smithy.api#default":0}"#)).unwrap();
        let got: Vec<_> = report.entries.iter().map(|e| (e.kind, e.subject.as_str(), e.breaking)).collect();
        assert_eq!(got, [(Kind::DefaultAdded, "GetInput.n", false), (Kind::DefaultAdded, "GetOutput.n", true),]);
        assert_eq!(report.entries[1].reason, "its field changes from `Option<i32>` to `i32`");
    }

    #[test]
    fn problems_name_the_side() {
        let err = diff("{", &service("")).unwrap_err();
        assert!(err.0.iter().any(|p| p.message.starts_with("(in the old model)")), "{err}");
        assert!(err.0.iter().any(|p| p.message.starts_with("(in the new model)")), "{err}");
    }

    #[test]
    fn bump_spelling() {
        assert_eq!(Bump::Major.describe(true), "0.x minor (breaking)");
        assert_eq!(Bump::Major.describe(false), "major");
        assert_eq!(Bump::Minor.describe(false), "minor");
        assert!(Bump::Major > Bump::Minor && Bump::Minor > Bump::Patch);
    }
}
