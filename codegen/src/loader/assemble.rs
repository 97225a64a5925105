//! Merges parsed files into one model: shape ids resolved, traits and metadata merged, `apply`
//! applied, elided members given their targets, the 1.0 to 2.0 rules run, then [`validate`].
//!
//! [`validate`]: super::validate

use super::idl::parser::{self, Node, ParsedFile, ParsedTrait, Version};
use super::json_ast::{self, JsonFile};
use super::{builtin, validate, LoadError, LoadErrors, LoadedMember, LoadedModel, LoadedShape, Location, Source};
use crate::model::ShapeKind;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// The prelude's namespace.
const PRELUDE: &str = "smithy.api";

/// Assembles `sources` with the built-in definitions.
pub fn assemble(sources: &[Source]) -> Result<LoadedModel, LoadErrors> {
    let builtin = builtin::sources();
    let mut assembler = Assembler::default();
    let texts: HashMap<Arc<str>, &str> =
        builtin.iter().chain(sources).map(|s| (s.path.clone(), s.text.as_str())).collect();
    let mut idl_files = Vec::new();
    let mut json_files = Vec::new();
    for (source, is_builtin) in builtin.iter().map(|s| (s, true)).chain(sources.iter().map(|s| (s, false))) {
        if source.is_json() {
            match json_ast::read(&source.path, &source.text) {
                Ok(file) => json_files.push((file, is_builtin)),
                Err(errors) => assembler.errors.extend(errors),
            }
        } else {
            let (file, errors) = parser::parse(&source.path, &source.text);
            assembler.errors.extend(errors);
            idl_files.push((file, is_builtin));
        }
    }
    // Every defined shape id, so that relative ids resolve to shapes of any file.
    for (file, _) in &idl_files {
        if let Some(ns) = &file.namespace {
            for shape in &file.shapes {
                assembler.defined.insert(format!("{ns}#{}", shape.name));
            }
        }
    }
    for (file, _) in &json_files {
        assembler.defined.extend(file.shapes.iter().map(|(id, _)| id.clone()));
    }
    for (file, is_builtin) in &idl_files {
        assembler.add_idl(file, *is_builtin);
    }
    for (file, is_builtin) in json_files {
        assembler.add_json(file, is_builtin);
    }
    assembler.finish();
    let mut errors = assembler.errors;
    if errors.is_empty() {
        errors.extend(validate::validate(&assembler.model));
    }
    if errors.is_empty() {
        return Ok(assembler.model);
    }
    errors.sort_by(|a, b| a.location.cmp(&b.location));
    errors.dedup();
    Err(LoadErrors(
        errors
            .into_iter()
            .map(|e| match texts.get(&e.location.path) {
                Some(text) if e.source_line.is_none() => e.with_source(text),
                _ => e,
            })
            .collect(),
    ))
}

/// A member whose target was elided (`$name`), resolved once every shape is known.
struct Elided {
    shape: String,
    member: String,
    for_resource: Option<String>,
    location: Location,
}

/// Traits to apply to a shape or member once every shape is known.
struct Application {
    target: String,
    traits: Vec<(String, Value, Location)>,
    location: Location,
}

#[derive(Default)]
struct Assembler {
    model: LoadedModel,
    defined: BTreeSet<String>,
    errors: Vec<LoadError>,
    elided: Vec<Elided>,
    applications: Vec<Application>,
    /// Where each metadata key was set.
    metadata_at: BTreeMap<String, Location>,
    /// Shapes defined in IDL 1.0 or JSON 1.0 files, for the 1.0 to 2.0 rules.
    v1_shapes: BTreeSet<String>,
}

/// Resolves the shape ids of one IDL file.
struct Scope<'a> {
    namespace: &'a str,
    uses: BTreeMap<String, String>,
    defined: &'a BTreeSet<String>,
    /// Shape names of the file's namespace and of the prelude, to their absolute ids.
    local: HashMap<&'a str, &'a str>,
    prelude: &'a HashMap<&'a str, &'a str>,
}

/// Every defined shape of `namespace`, by name.
fn names_in<'a>(defined: &'a BTreeSet<String>, namespace: &str) -> HashMap<&'a str, &'a str> {
    let start = format!("{namespace}#");
    defined
        .range(start.clone()..)
        .take_while(|id| id.starts_with(&start))
        .map(|id| (&id[start.len()..], id.as_str()))
        .collect()
}

impl Scope<'_> {
    /// The absolute id `name` refers to, if it refers to a shape that exists.
    fn resolve(&self, name: &str) -> Option<String> {
        let (root, member) = match name.split_once('$') {
            Some((root, member)) => (root, Some(member)),
            None => (name, None),
        };
        let absolute = if root.contains('#') {
            self.defined.contains(root).then(|| root.to_owned())
        } else if let Some(used) = self.uses.get(root) {
            Some(used.clone())
        } else {
            self.local.get(root).or_else(|| self.prelude.get(root)).map(|id| (*id).to_owned())
        }?;
        Some(match member {
            Some(member) => format!("{absolute}${member}"),
            None => absolute,
        })
    }

    /// `name` resolved, or made absolute in the file's namespace (a missing target is reported
    /// by validation, naming the shape that refers to it).
    fn target(&self, name: &str) -> String {
        self.resolve(name).unwrap_or_else(|| {
            if name.contains('#') {
                name.to_owned()
            } else {
                format!("{}#{name}", self.namespace)
            }
        })
    }
}

impl Assembler {
    fn error(&mut self, location: &Location, message: impl Into<String>) {
        self.errors.push(LoadError::new(location.clone(), message));
    }

    fn add_idl(&mut self, file: &ParsedFile, is_builtin: bool) {
        let defined = std::mem::take(&mut self.defined);
        self.add_idl_with(file, is_builtin, &defined);
        self.defined = defined;
    }

    fn add_idl_with(&mut self, file: &ParsedFile, is_builtin: bool, defined: &BTreeSet<String>) {
        let prelude = names_in(defined, PRELUDE);
        for (key, node, location) in &file.metadata {
            let scope =
                Scope { namespace: PRELUDE, uses: BTreeMap::new(), defined, local: HashMap::new(), prelude: &prelude };
            let value = self.node_value(&scope, node);
            self.add_metadata(key, value, location);
        }
        let Some(namespace) = file.namespace.as_deref() else { return };
        let mut uses = BTreeMap::new();
        for (id, location) in &file.uses {
            let name = crate::model::shape_name(id).to_owned();
            if let Some(previous) = uses.get(&name) {
                if previous != id {
                    let message = format!("Cannot use name `{id}` because it conflicts with `{previous}`");
                    self.error(location, message);
                }
                continue;
            }
            if file.shapes.iter().any(|s| s.name == name) {
                self.error(location, format!("Shape name `{name}` conflicts with imported shape `{id}`"));
                continue;
            }
            uses.insert(name, id.clone());
        }
        let scope = Scope { namespace, uses, defined, local: names_in(defined, namespace), prelude: &prelude };
        for parsed in &file.shapes {
            let id = format!("{namespace}#{}", parsed.name);
            let mut shape = LoadedShape::new(parsed.kind, parsed.location.clone());
            shape.builtin = is_builtin;
            shape.mixins = parsed.mixins.iter().map(|(m, _)| scope.target(m)).collect();
            for (name, node, location) in &parsed.properties {
                match self.property(&scope, parsed.kind, &id, name, node, location, file.version) {
                    Some(value) => {
                        shape.properties.insert(name.clone(), value);
                    }
                    None => continue,
                }
            }
            let for_resource = parsed.for_resource.as_ref().map(|(r, _)| scope.target(r));
            for member in &parsed.members {
                if shape.members.iter().any(|(n, _)| *n == member.name) {
                    let message = format!("Duplicate member of `{id}`: '{}'", member.name);
                    self.error(&member.location, message);
                    continue;
                }
                let mut loaded =
                    LoadedMember { target: String::new(), traits: BTreeMap::new(), location: member.location.clone() };
                if matches!(parsed.kind, ShapeKind::Enum | ShapeKind::IntEnum) {
                    loaded.target = format!("{PRELUDE}#Unit");
                } else if let Some(target) = &member.target {
                    loaded.target = scope.target(target);
                } else {
                    self.elided.push(Elided {
                        shape: id.clone(),
                        member: member.name.clone(),
                        for_resource: for_resource.clone(),
                        location: member.location.clone(),
                    });
                }
                let trait_scope_member = format!("{id}${}", member.name);
                self.add_traits(&scope, &mut loaded.traits, &member.traits, &trait_scope_member);
                if let Some((value, location)) = &member.value {
                    let value = self.node_value(&scope, value);
                    let trait_id = match parsed.kind {
                        ShapeKind::Enum | ShapeKind::IntEnum => "smithy.api#enumValue",
                        _ => "smithy.api#default",
                    };
                    if loaded.traits.contains_key(trait_id) {
                        let message = format!("Conflicting `{trait_id}` trait found on shape `{trait_scope_member}`.");
                        self.error(location, message);
                    }
                    loaded.traits.insert(trait_id.to_owned(), value);
                }
                shape.members.push((member.name.clone(), loaded));
            }
            self.add_traits(&scope, &mut shape.traits, &parsed.traits, &id);
            if file.version == Version::V1 {
                self.v1_shapes.insert(id.clone());
            }
            self.add_shape(id, shape);
        }
        for apply in &file.applies {
            let target = scope.target(&apply.target);
            let traits = apply
                .traits
                .iter()
                .filter_map(|t| {
                    let id = self.trait_id(&scope, t)?;
                    Some((id, self.trait_value(&scope, t), t.location.clone()))
                })
                .collect();
            self.applications.push(Application { target, traits, location: apply.location.clone() });
        }
    }

    fn add_json(&mut self, file: JsonFile, is_builtin: bool) {
        for (key, value, location) in file.metadata {
            self.add_metadata(&key, value, &location);
        }
        for (id, mut shape) in file.shapes {
            shape.builtin = is_builtin;
            if file.version == Version::V1 {
                self.v1_shapes.insert(id.clone());
            }
            self.add_shape(id, shape);
        }
        for (target, traits, location) in file.applies {
            self.applications.push(Application { target, traits, location });
        }
    }

    fn add_shape(&mut self, id: String, shape: LoadedShape) {
        match self.model.shapes.get(&id) {
            None => {
                self.model.shapes.insert(id, shape);
            }
            Some(existing) if same_definition(existing, &shape) => {}
            Some(existing) => {
                let message = format!(
                    "Conflicting shape definition for `{id}` found at {} and {}",
                    existing.location, shape.location
                );
                let location = shape.location.clone();
                self.error(&location, message);
            }
        }
    }

    fn add_metadata(&mut self, key: &str, value: Value, location: &Location) {
        match self.model.metadata.get_mut(key) {
            None => {
                self.model.metadata.insert(key.to_owned(), value);
                self.metadata_at.insert(key.to_owned(), location.clone());
            }
            Some(Value::Array(existing)) if value.is_array() => {
                existing.extend(value.as_array().cloned().unwrap_or_default());
            }
            Some(existing) if *existing == value => {}
            Some(_) => {
                let first = self.metadata_at.get(key).cloned().unwrap_or_default();
                self.error(
                    location,
                    format!("Metadata conflict for key `{key}`. Defined in both {first} and {location}"),
                );
            }
        }
    }

    fn trait_id(&mut self, scope: &Scope, applied: &ParsedTrait) -> Option<String> {
        match scope.resolve(&applied.id) {
            Some(id) => Some(id),
            None => {
                let message = format!("Unable to resolve trait `{}`. If this is a custom trait, then it must be defined before it can be used in a model.", applied.id);
                self.error(&applied.location, message);
                None
            }
        }
    }

    /// A trait's value; `null` for an annotation trait, coerced once its definition is known.
    fn trait_value(&mut self, scope: &Scope, applied: &ParsedTrait) -> Value {
        match &applied.value {
            None => Value::Null,
            Some(Node::Null) => Value::String(EXPLICIT_NULL.into()),
            Some(node) => self.node_value(scope, node),
        }
    }

    fn add_traits(
        &mut self,
        scope: &Scope,
        traits: &mut BTreeMap<String, Value>,
        applied: &[ParsedTrait],
        owner: &str,
    ) {
        let mut statement = BTreeMap::new();
        for t in applied.iter().filter(|t| t.id != parser::DOC_COMMENT) {
            let Some(id) = self.trait_id(scope, t) else { continue };
            let value = self.trait_value(scope, t);
            // The same trait twice on one statement: lists concatenate, otherwise the first wins.
            match statement.get_mut(&id) {
                Some(Value::Array(existing)) if value.is_array() => {
                    existing.extend(value.as_array().cloned().unwrap_or_default())
                }
                Some(_) => {}
                None => {
                    statement.insert(id, value);
                }
            }
        }
        // A documentation comment gives way to an explicit @documentation.
        if let Some(docs) = applied.iter().find(|t| t.id == parser::DOC_COMMENT) {
            if let Some(Node::String(text)) = &docs.value {
                statement.entry("smithy.api#documentation".into()).or_insert_with(|| Value::String(text.clone()));
            }
        }
        for (id, value) in statement {
            if let Err(message) = merge_trait(traits, &id, value, owner) {
                let location = applied.first().map(|t| t.location.clone()).unwrap_or_default();
                self.error(&location, message);
            }
        }
    }

    /// A node value as JSON, syntactic shape ids resolved.
    fn node_value(&mut self, scope: &Scope, node: &Node) -> Value {
        match node {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(n) => Value::Number(n.clone()),
            Node::String(s) => Value::String(s.clone()),
            Node::ShapeId(id, location) => match scope.resolve(id) {
                Some(resolved) => Value::String(resolved),
                None => {
                    let guess = scope.target(id);
                    let message = format!(
                        "Syntactic shape ID `{id}` does not resolve to a valid shape ID: `{guess}`. Did you mean to quote this string? Are you missing a model file?"
                    );
                    self.error(location, message);
                    Value::String(guess)
                }
            },
            Node::Array(items) => Value::Array(items.iter().map(|n| self.node_value(scope, n)).collect()),
            Node::Object(entries) => {
                Value::Object(entries.iter().map(|(k, v)| (k.clone(), self.node_value(scope, v))).collect())
            }
        }
    }

    /// A service, resource or operation property as its JSON AST value.
    #[allow(clippy::too_many_arguments)]
    fn property(
        &mut self,
        scope: &Scope,
        kind: ShapeKind,
        id: &str,
        name: &str,
        node: &Node,
        location: &Location,
        version: Version,
    ) -> Option<Value> {
        use ShapeKind::*;
        enum Form {
            Text,
            Target,
            Targets,
            NamedTargets,
            Rename,
        }
        let form = match (kind, name) {
            (Service, "version") => Form::Text,
            (Service, "operations" | "resources" | "errors") => Form::Targets,
            (Service, "rename") => Form::Rename,
            (Operation, "input" | "output") => Form::Target,
            (Operation, "errors") => Form::Targets,
            (Resource, "identifiers") => Form::NamedTargets,
            (Resource, "properties") => {
                if version == Version::V1 {
                    self.error(location, "Resource properties can only be used with Smithy version 2 or later.");
                    return None;
                }
                Form::NamedTargets
            }
            (Resource, "create" | "put" | "read" | "update" | "delete" | "list") => Form::Target,
            (Resource, "operations" | "collectionOperations" | "resources") => Form::Targets,
            _ => {
                self.error(location, format!("Unknown property {name} for {id}"));
                return None;
            }
        };
        let target = |this: &mut Self, node: &Node| -> Option<Value> {
            match node {
                Node::ShapeId(name, _) => Some(super::write_ast::target(&scope.target(name))),
                other => {
                    let message =
                        format!("Expected a shape id for `{name}` of {id}, but found {}", parser::node_text(other));
                    this.error(location, message);
                    None
                }
            }
        };
        match (form, node) {
            (Form::Text, Node::String(s)) => Some(Value::String(s.clone())),
            (Form::Target, node) => target(self, node),
            (Form::Targets, Node::Array(items)) => {
                Some(Value::Array(items.iter().filter_map(|item| target(self, item)).collect()))
            }
            (Form::NamedTargets, Node::Object(entries)) => {
                Some(Value::Object(entries.iter().filter_map(|(k, v)| Some((k.clone(), target(self, v)?))).collect()))
            }
            (Form::Rename, Node::Object(entries)) => Some(Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| {
                        let key = scope.target(k);
                        let value = match v {
                            Node::String(s) => Value::String(s.clone()),
                            other => Value::String(parser::node_text(other)),
                        };
                        (key, value)
                    })
                    .collect(),
            )),
            (_, other) => {
                let message = format!("Unexpected value for `{name}` of {id}: {}", parser::node_text(other));
                self.error(location, message);
                None
            }
        }
    }

    /// Everything that needs every shape: elided targets, `apply`, trait coercion, 1.0 rules.
    fn finish(&mut self) {
        self.resolve_elided();
        for application in std::mem::take(&mut self.applications) {
            self.apply(application);
        }
        self.upgrade_v1();
        for shape in self.model.shapes.values_mut() {
            // An operation without input or output has `smithy.api#Unit`, and empty lists are
            // no lists, as Smithy's model has them.
            if shape.kind == ShapeKind::Operation {
                for key in ["input", "output"] {
                    shape.properties.entry(key.into()).or_insert_with(|| super::write_ast::target("smithy.api#Unit"));
                }
            }
            shape.properties.retain(|_, v| match v {
                Value::Array(a) => !a.is_empty(),
                Value::Object(o) => !o.is_empty(),
                _ => true,
            });
        }
        self.coerce_traits();
        // Enum members without a value take their name.
        for shape in self.model.shapes.values_mut().filter(|s| s.kind == ShapeKind::Enum) {
            for (name, member) in &mut shape.members {
                member.traits.entry("smithy.api#enumValue".into()).or_insert_with(|| Value::String(name.clone()));
            }
        }
    }

    fn resolve_elided(&mut self) {
        for elided in std::mem::take(&mut self.elided) {
            let from_resource = elided.for_resource.as_ref().and_then(|resource| {
                let resource = self.model.shapes.get(resource)?;
                ["identifiers", "properties"].iter().find_map(|key| {
                    resource.properties.get(*key)?.get(&elided.member)?.get("target")?.as_str().map(str::to_owned)
                })
            });
            let target = from_resource.or_else(|| self.mixin_member_target(&elided.shape, &elided.member));
            match target {
                Some(target) => {
                    if let Some((_, member)) = self
                        .model
                        .shapes
                        .get_mut(&elided.shape)
                        .and_then(|s| s.members.iter_mut().find(|(n, _)| *n == elided.member))
                    {
                        member.target = target;
                    }
                }
                None => {
                    let message = format!(
                        "{}${}: Member target was elided, but no bound resource or mixin contained a matching identifier or member name.",
                        elided.shape, elided.member
                    );
                    self.error(&elided.location, message);
                    // Keep a target so that later checks do not report the member again.
                    if let Some((_, member)) = self
                        .model
                        .shapes
                        .get_mut(&elided.shape)
                        .and_then(|s| s.members.iter_mut().find(|(n, _)| *n == elided.member))
                    {
                        member.target = format!("{PRELUDE}#Unit");
                    }
                }
            }
        }
    }

    /// The target of member `name` in the mixins of `shape`, searched depth first.
    fn mixin_member_target(&self, shape: &str, name: &str) -> Option<String> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<String> = self.model.shapes.get(shape)?.mixins.iter().rev().cloned().collect();
        while let Some(mixin) = stack.pop() {
            if !seen.insert(mixin.clone()) {
                continue;
            }
            let Some(mixin_shape) = self.model.shapes.get(&mixin) else { continue };
            if let Some(member) = mixin_shape.member(name) {
                if !member.target.is_empty() {
                    return Some(member.target.clone());
                }
            }
            stack.extend(mixin_shape.mixins.iter().rev().cloned());
        }
        None
    }

    fn apply(&mut self, application: Application) {
        let (shape_id, member) = match application.target.split_once('$') {
            Some((shape, member)) => (shape.to_owned(), Some(member.to_owned())),
            None => (application.target.clone(), None),
        };
        let inherited_target = member.as_ref().and_then(|m| self.mixin_member_target(&shape_id, m));
        let Some(shape) = self.model.shapes.get_mut(&shape_id) else {
            let message = format!("Trait applied to a shape that does not exist: `{}`", application.target);
            self.error(&application.location, message);
            return;
        };
        if shape.builtin && shape_id.starts_with("smithy.api#") {
            let names: Vec<&str> = application.traits.iter().map(|(id, _, _)| id.as_str()).collect();
            let message =
                format!("Cannot apply `{}` to an immutable prelude shape defined in `smithy.api`.", names.join("`, `"));
            self.error(&application.location, message);
            return;
        }
        let traits = match &member {
            None => &mut shape.traits,
            Some(name) => {
                if shape.member(name).is_none() {
                    // Traits on a member inherited from a mixin: the member is redeclared here.
                    let Some(target) = inherited_target else {
                        let message =
                            format!("Trait applied to a member that does not exist: `{}`", application.target);
                        self.errors.push(LoadError::new(application.location.clone(), message));
                        return;
                    };
                    let location = application.location.clone();
                    shape.members.push((name.clone(), LoadedMember { target, traits: BTreeMap::new(), location }));
                }
                &mut shape.members.iter_mut().find(|(n, _)| n == name).expect("just ensured").1.traits
            }
        };
        let mut errors = Vec::new();
        for (id, value, location) in application.traits {
            if let Err(message) = merge_trait(traits, &id, value, &application.target) {
                errors.push(LoadError::new(location, message));
            }
        }
        self.errors.extend(errors);
    }

    /// Smithy 1.0 models: numbers and booleans that are not boxed have a zero default, and so do
    /// the structure members that target them without `@box`.
    fn upgrade_v1(&mut self) {
        let zero = |kind: ShapeKind| match kind {
            ShapeKind::Boolean => Some(Value::Bool(false)),
            ShapeKind::Byte
            | ShapeKind::Short
            | ShapeKind::Integer
            | ShapeKind::Long
            | ShapeKind::Float
            | ShapeKind::Double => Some(Value::from(0)),
            _ => None,
        };
        for id in &self.v1_shapes {
            let Some(shape) = self.model.shapes.get(id) else { continue };
            if shape.builtin {
                continue;
            }
            if shape.traits.contains_key("smithy.api#mixin") {
                let message = format!("Mixins can only be used in Smithy 2.0 or later. Attempted to apply a @mixin trait to `{id}` in a model file using version `1.0`.");
                self.errors.push(LoadError::new(shape.location.clone(), message));
            }
            for (name, member) in &shape.members {
                if member.traits.contains_key("smithy.api#default") {
                    let message = format!("{id}${name}: The @default trait can only be used in Smithy 2.0 or later");
                    self.errors.push(LoadError::new(member.location.clone(), message));
                }
            }
        }
        let mut unboxed: BTreeMap<String, Value> = BTreeMap::new();
        for (id, shape) in &self.model.shapes {
            let v1_or_primitive = self.v1_shapes.contains(id) || id.starts_with("smithy.api#Primitive");
            if let Some(zero) = zero(shape.kind) {
                if v1_or_primitive && !shape.traits.contains_key("smithy.api#box") {
                    unboxed.insert(id.clone(), zero);
                }
            }
        }
        for id in &self.v1_shapes {
            let Some(shape) = self.model.shapes.get_mut(id) else { continue };
            if let Some(zero) = unboxed.get(id) {
                if !id.starts_with("smithy.api#") {
                    shape.traits.entry("smithy.api#default".into()).or_insert_with(|| zero.clone());
                }
            }
            if shape.kind != ShapeKind::Structure {
                continue;
            }
            for (_, member) in &mut shape.members {
                if member.traits.contains_key("smithy.api#box") {
                    continue;
                }
                if let Some(zero) = unboxed.get(&member.target) {
                    member.traits.entry("smithy.api#default".into()).or_insert_with(|| zero.clone());
                }
            }
        }
    }

    /// Annotation traits (`@foo`) become `{}` or `[]` by their definition's type; a trait whose
    /// definition is missing, or that is no trait, is an error.
    fn coerce_traits(&mut self) {
        let kinds: HashMap<String, Option<ShapeKind>> = self
            .model
            .shapes
            .iter()
            .map(|(id, s)| (id.clone(), s.traits.contains_key("smithy.api#trait").then_some(s.kind)))
            .collect();
        let mut errors = Vec::new();
        for (id, shape) in &mut self.model.shapes {
            let location = shape.location.clone();
            let owners = std::iter::once((id.clone(), &mut shape.traits, location))
                .chain(shape.members.iter_mut().map(|(n, m)| (format!("{id}${n}"), &mut m.traits, m.location.clone())));
            for (owner, traits, location) in owners {
                for (trait_id, value) in traits.iter_mut() {
                    match kinds.get(trait_id) {
                        // A trait whose definition is not loaded is kept as it is (as the Smithy
                        // CLI's --allow-unknown-traits does): AWS's models use traits
                        // (aws.iam, aws.cloudformation) whose definitions are not built in.
                        None => {}
                        Some(None) => errors.push(LoadError::new(
                            location.clone(),
                            format!("Shape `{trait_id}` cannot be applied as a trait. If this is a custom trait, please add `@trait` to this shape."),
                        )),
                        Some(Some(kind)) => {
                            if let Err(message) = coerce(*kind, value) {
                                errors.push(LoadError::new(
                                    location.clone(),
                                    format!("{owner}: Error validating trait `{trait_id}`: {message}"),
                                ));
                            }
                        }
                    }
                }
            }
        }
        self.errors.extend(errors);
    }
}

/// Marks a trait written as `@foo(null)`, which no trait accepts, apart from `@foo`.
const EXPLICIT_NULL: &str = "\u{0}explicit null\u{0}";

/// Checks a trait value against its definition's type, turning an annotation into `{}` or `[]`.
fn coerce(kind: ShapeKind, value: &mut Value) -> Result<(), String> {
    use ShapeKind::*;
    let expected = match kind {
        Structure | Map | Union => "object",
        List | Set => "array",
        String | Enum | Blob => "string",
        Boolean => "boolean",
        Byte | Short | Integer | Long | Float | Double | BigInteger | BigDecimal | IntEnum => "number",
        Timestamp | Document => return coerce_null(value, Value::Null).map(|_| ()),
        _ => return Ok(()),
    };
    if value.is_null() {
        return match kind {
            Structure | Map => {
                *value = Value::Object(Default::default());
                Ok(())
            }
            List | Set => {
                *value = Value::Array(Vec::new());
                Ok(())
            }
            _ => Err(format!("Expected {expected} value; found null value")),
        };
    }
    if value.as_str() == Some(EXPLICIT_NULL) {
        return Err(format!("Expected {expected} value; found null value"));
    }
    let found = match value {
        Value::Object(_) => "object",
        Value::Array(_) => "array",
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::Null => "null",
    };
    if found != expected {
        return Err(format!("Expected {expected} value; found {found} value, `{value}`"));
    }
    Ok(())
}

fn coerce_null(value: &mut Value, replacement: Value) -> Result<(), String> {
    if value.as_str() == Some(EXPLICIT_NULL) {
        *value = replacement;
    }
    Ok(())
}

/// Adds a trait: arrays from several places concatenate; the same value twice is one; any
/// other second value is a conflict.
fn merge_trait(traits: &mut BTreeMap<String, Value>, id: &str, value: Value, owner: &str) -> Result<(), String> {
    match traits.get_mut(id) {
        None => {
            traits.insert(id.to_owned(), value);
            Ok(())
        }
        Some(Value::Array(existing)) if value.is_array() => {
            existing.extend(value.as_array().cloned().unwrap_or_default());
            Ok(())
        }
        Some(existing) if *existing == value => Ok(()),
        Some(_) => Err(format!("Conflicting `{id}` trait found on shape `{owner}`.")),
    }
}

/// Whether two definitions of a shape are the same (Smithy ignores such a duplicate).
fn same_definition(a: &LoadedShape, b: &LoadedShape) -> bool {
    let members = |s: &LoadedShape| -> Vec<(String, String, BTreeMap<String, Value>)> {
        s.members.iter().map(|(n, m)| (n.clone(), m.target.clone(), m.traits.clone())).collect()
    };
    a.kind == b.kind
        && a.traits == b.traits
        && a.mixins == b.mixins
        && a.properties == b.properties
        && members(a) == members(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn load(files: &[(&str, &str)]) -> Result<LoadedModel, LoadErrors> {
        let sources: Vec<Source> = files.iter().map(|(p, t)| Source::new(p, *t)).collect();
        assemble(&sources)
    }

    #[test]
    fn files_merge_metadata_traits_and_forward_references() {
        let model = load(&[
            ("a.smithy", "$version: \"2\"\nmetadata tags = [\"a\"]\nnamespace x\n\nstructure S { t: Later }\n\napply S @tags([\"one\"])\n"),
            ("b.smithy", "$version: \"2\"\nmetadata tags = [\"b\"]\nnamespace x\n\n@tags([\"two\"])\nstring Later\n\napply S @tags([\"three\"])\n"),
            ("c.json", r#"{"smithy": "2.0", "metadata": {"tags": ["c"]}, "shapes": {"x#S$t": {"type": "apply", "traits": {"smithy.api#documentation": "from JSON"}}}}"#),
        ])
        .unwrap();
        assert_eq!(model.metadata["tags"], json!(["a", "b", "c"]));
        let s = &model.shapes["x#S"];
        assert_eq!(s.member("t").unwrap().target, "x#Later");
        assert_eq!(s.member("t").unwrap().traits["smithy.api#documentation"], json!("from JSON"));
        assert_eq!(s.traits["smithy.api#tags"], json!(["one", "three"]));
        assert_eq!(model.shapes["x#Later"].traits["smithy.api#tags"], json!(["two"]));
    }

    #[test]
    fn conflicts_across_files_are_errors_at_both_places() {
        let errors = load(&[
            ("a.smithy", "$version: \"2\"\nmetadata m = 1\nnamespace x\nstring S\napply S @documentation(\"a\")\n"),
            ("b.smithy", "$version: \"2\"\nmetadata m = 2\nnamespace x\ninteger S\napply S @documentation(\"b\")\n"),
        ])
        .unwrap_err();
        let text = errors.to_string();
        assert!(
            text.contains(
                "b.smithy:2:10: Metadata conflict for key `m`. Defined in both a.smithy:2:10 and b.smithy:2:10"
            ),
            "{text}"
        );
        assert!(
            text.contains("Conflicting shape definition for `x#S` found at a.smithy:4:8 and b.smithy:4:9"),
            "{text}"
        );
    }

    #[test]
    fn idl_1_0_rules() {
        // Smithy 1.0: numbers and booleans are non-null unless boxed; members targeting them get
        // their zero default, `@box` members do not; `set` stays a set.
        let model = load(&[(
            "v1.smithy",
            "namespace x\n\ninteger Count\n\n@box\ninteger MaybeCount\n\nset Names { member: String }\n\nstructure S {\n    count: Count\n    maybe: MaybeCount\n    flag: PrimitiveBoolean\n    @box\n    boxed: PrimitiveInteger\n    names: Names\n}\n",
        )])
        .unwrap();
        let s = &model.shapes["x#S"];
        let default = |m: &str| s.member(m).unwrap().traits.get("smithy.api#default").cloned();
        assert_eq!(default("count"), Some(json!(0)));
        assert_eq!(default("maybe"), None);
        assert_eq!(default("flag"), Some(json!(false)));
        assert_eq!(default("boxed"), None);
        assert_eq!(model.shapes["x#Count"].traits.get("smithy.api#default"), Some(&json!(0)));
        assert_eq!(model.shapes["x#MaybeCount"].traits.get("smithy.api#default"), None);
        assert_eq!(model.shapes["x#Names"].kind, ShapeKind::Set);
    }

    #[test]
    fn use_statements_and_local_names_win_over_the_prelude() {
        let model = load(&[
            ("a.smithy", "$version: \"2\"\nnamespace x\nuse y#Thing\n\nstructure S { a: Thing, b: String, c: Integer }\n\nstring Integer\n"),
            ("b.smithy", "$version: \"2\"\nnamespace y\nstring Thing\n"),
        ])
        .unwrap();
        let s = &model.shapes["x#S"];
        assert_eq!(s.member("a").unwrap().target, "y#Thing");
        assert_eq!(s.member("b").unwrap().target, "smithy.api#String");
        assert_eq!(s.member("c").unwrap().target, "x#Integer");
    }
}
