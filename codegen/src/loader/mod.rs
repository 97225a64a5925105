//! Assembles one model from Smithy IDL (`.smithy`) and JSON AST (`.json`) files, as Smithy's
//! model assembler does: the prelude and standard trait definitions built in, files merged,
//! `apply` and mixins resolved, every problem reported with its file, line and column.
//!
//! The stages, each in its own module: [`sources`] (files and directories to texts), [`idl`]
//! (the IDL parser), [`json_ast`] (the JSON AST reader), [`assemble`] (merging, name resolution,
//! traits and metadata), [`validate`] (the loader's checks), [`flatten`] (mixins applied), and
//! [`write_ast`] (the model back to a JSON AST).

pub mod assemble;
pub mod builtin;
pub mod cursor;
pub mod diagnostic;
pub mod flatten;
pub mod idl;
pub mod json_ast;
pub mod sources;
pub mod validate;
pub mod write_ast;

pub use diagnostic::{LoadError, LoadErrors, Location};
pub use sources::Source;

use crate::model::ShapeKind;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Trait values by absolute trait id, as JSON AST node values.
pub type TraitMap = BTreeMap<String, Value>;

/// A model assembled from any number of files: prelude and built-in trait shapes included.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadedModel {
    /// Merged metadata.
    pub metadata: BTreeMap<String, Value>,
    /// Every shape by absolute id.
    pub shapes: BTreeMap<String, LoadedShape>,
}

/// One shape as the JSON AST has it, with every shape id absolute.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedShape {
    /// The shape's type.
    pub kind: ShapeKind,
    /// Members in the order they were defined: those of structures, unions, enums and intEnums,
    /// a list's `member`, a map's `key` and `value`.
    pub members: Vec<(String, LoadedMember)>,
    /// Traits applied to the shape (here, by `apply`, or from other files).
    pub traits: TraitMap,
    /// Mixins, in order.
    pub mixins: Vec<String>,
    /// The other properties of services, operations and resources (`version`, `operations`,
    /// `input`, `identifiers`, `rename`, ...), as JSON AST values.
    pub properties: BTreeMap<String, Value>,
    /// Where the shape was defined.
    pub location: Location,
    /// Whether the shape comes from the prelude or the built-in trait definitions.
    pub builtin: bool,
}

/// A member: its target and traits.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedMember {
    /// The absolute id of the member's target.
    pub target: String,
    /// The member's traits.
    pub traits: TraitMap,
    /// Where the member was defined.
    pub location: Location,
}

impl LoadedShape {
    /// A shape of `kind` defined at `location`, with nothing else set.
    pub fn new(kind: ShapeKind, location: Location) -> Self {
        Self {
            kind,
            members: Vec::new(),
            traits: TraitMap::new(),
            mixins: Vec::new(),
            properties: BTreeMap::new(),
            location,
            builtin: false,
        }
    }

    /// The member called `name`.
    pub fn member(&self, name: &str) -> Option<&LoadedMember> {
        self.members.iter().find(|(n, _)| n == name).map(|(_, m)| m)
    }
}

impl LoadedModel {
    /// The ids of the model's service shapes, sorted.
    pub fn services(&self) -> Vec<&str> {
        self.shapes.iter().filter(|(_, s)| s.kind == ShapeKind::Service).map(|(id, _)| id.as_str()).collect()
    }

    /// The model as a Smithy 2.0 JSON AST: shapes sorted by id, prelude and built-in shapes left
    /// out, mixins kept as written. The same model gives the same bytes.
    pub fn to_json_ast(&self) -> String {
        write_ast::to_json_ast(self)
    }

    /// The model for the generator, as a [`crate::model::Model`]: the JSON AST with the
    /// built-in shapes the model's own shapes refer to (`smithy.framework#ValidationException`);
    /// the generator flattens mixins itself.
    pub fn to_model(&self) -> Result<crate::model::Model, crate::Problems> {
        let referenced = self.referenced_builtins();
        let mut model = self.clone();
        for (id, shape) in &mut model.shapes {
            if referenced.contains(id) {
                shape.builtin = false;
            }
        }
        crate::model::load(&model.to_json_ast())
    }

    /// Built-in shapes outside the prelude that the model's own shapes reach through members,
    /// mixins and operation, service and resource properties.
    fn referenced_builtins(&self) -> std::collections::BTreeSet<String> {
        let mut found = std::collections::BTreeSet::new();
        let mut stack: Vec<&LoadedShape> = self.shapes.values().filter(|s| !s.builtin).collect();
        while let Some(shape) = stack.pop() {
            let mut targets: Vec<&str> = shape.members.iter().map(|(_, m)| m.target.as_str()).collect();
            targets.extend(shape.mixins.iter().map(String::as_str));
            for value in shape.properties.values() {
                collect_targets(value, &mut targets);
            }
            for target in targets {
                let Some(next) = self.shapes.get(target) else { continue };
                if next.builtin
                    && crate::model::namespace(target) != crate::model::PRELUDE
                    && found.insert(target.to_owned())
                {
                    stack.push(next);
                }
            }
        }
        found
    }
}

/// Every `{"target": id}` in a property value.
fn collect_targets<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => match map.get("target") {
            Some(Value::String(t)) => out.push(t),
            _ => map.values().for_each(|v| collect_targets(v, out)),
        },
        Value::Array(items) => items.iter().for_each(|v| collect_targets(v, out)),
        _ => {}
    }
}

/// Loads and assembles every `.smithy` and `.json` file named by `paths` (directories are walked
/// recursively), with the prelude and built-in trait definitions.
pub fn load_paths(paths: &[PathBuf]) -> Result<LoadedModel, LoadErrors> {
    let sources = sources::read(paths)?;
    assemble_sources(&sources)
}

/// Assembles a model from sources already read, with the prelude and built-in trait definitions.
pub fn assemble_sources(sources: &[Source]) -> Result<LoadedModel, LoadErrors> {
    assemble::assemble(sources)
}
