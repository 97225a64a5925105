//! The loader's checks on an assembled model: member names, mixins, targets and enum values.

use super::{LoadError, LoadedModel, LoadedShape};
use crate::model::ShapeKind;
use serde_json::Value;
use std::collections::BTreeSet;

/// Every problem Smithy's loader reports as an error for an assembled model.
pub fn validate(model: &LoadedModel) -> Vec<LoadError> {
    let mut errors = Vec::new();
    for (id, shape) in &model.shapes {
        let mut error = |message: String| errors.push(LoadError::new(shape.location.clone(), message));
        check_member_names(id, shape, &mut error);
        check_mixins(model, id, shape, &mut error);
        check_enum(id, shape, &mut error);
        if !shape.traits.contains_key("smithy.api#mixin") {
            check_required_members(model, id, shape, &mut error);
        }
        check_targets(model, id, shape, &mut error);
    }
    errors
}

fn check_member_names(id: &str, shape: &LoadedShape, error: &mut impl FnMut(String)) {
    let allowed: &[&str] = match shape.kind {
        ShapeKind::List => &["member"],
        ShapeKind::Set => &["member"],
        ShapeKind::Map => &["key", "value"],
        _ => return,
    };
    for (name, _) in &shape.members {
        if !allowed.contains(&name.as_str()) {
            let message = match shape.kind {
                ShapeKind::Map => format!("Map shapes may only have `key` and `value` members, but found `{name}`"),
                ShapeKind::Set => format!("Set shapes may only have a `member` member, but found `{name}`"),
                _ => format!("List shapes may only have a `member` member, but found `{name}`"),
            };
            error(format!("{id}: {message}"));
        }
    }
}

/// Lists need a `member` and maps a `key` and `value`, their own or from a mixin.
fn check_required_members(model: &LoadedModel, id: &str, shape: &LoadedShape, error: &mut impl FnMut(String)) {
    let required: &[&str] = match shape.kind {
        ShapeKind::List | ShapeKind::Set => &["member"],
        ShapeKind::Map => &["key", "value"],
        _ => return,
    };
    let missing: Vec<&str> =
        required.iter().copied().filter(|name| !has_member(model, id, name, &mut BTreeSet::new())).collect();
    match missing.as_slice() {
        [] => {}
        [one] => error(format!("Missing required member of shape `{id}`: {one}")),
        many => error(format!("Missing required members of shape `{id}`: {}", many.join(", "))),
    }
}

fn has_member(model: &LoadedModel, id: &str, name: &str, seen: &mut BTreeSet<String>) -> bool {
    if !seen.insert(id.to_owned()) {
        return false;
    }
    let Some(shape) = model.shapes.get(id) else { return false };
    shape.member(name).is_some() || shape.mixins.iter().any(|m| has_member(model, m, name, seen))
}

fn check_mixins(model: &LoadedModel, id: &str, shape: &LoadedShape, error: &mut impl FnMut(String)) {
    for mixin in &shape.mixins {
        match model.shapes.get(mixin) {
            None => error(format!("Cannot apply mixin to {id}: {mixin} not found")),
            Some(m) if !m.traits.contains_key("smithy.api#mixin") => {
                error(format!("Attempted to use {mixin} as a mixin, but it is not marked with the mixin trait"))
            }
            Some(m) if m.kind != shape.kind => {
                error(format!("Cannot apply mixin {mixin} of type {:?} to {id} of type {:?}", m.kind, shape.kind))
            }
            Some(_) => {}
        }
    }
    if reaches(model, id, id, &mut BTreeSet::new()) {
        error(format!("{id}: Unable to resolve mixins; cycles detected between this shape and its mixins"));
        return;
    }
    // A member redeclared from a mixin must keep the mixin's target.
    for (name, member) in &shape.members {
        for mixin in &shape.mixins {
            if let Some(inherited) = inherited_member(model, mixin, name, &mut BTreeSet::new()) {
                if inherited.0 != member.target {
                    error(format!(
                        "{id}${name}: Member conflicts with an inherited mixin member: `{}${name}`",
                        inherited.1
                    ));
                }
            }
        }
    }
    // Two mixins may not give members of the same name different targets.
    let mut seen: Vec<(String, String, String)> = Vec::new();
    for mixin in &shape.mixins {
        let Some(m) = model.shapes.get(mixin) else { continue };
        for (name, member) in &m.members {
            if let Some((_, target, from)) = seen.iter().find(|(n, _, _)| n == name) {
                if *target != member.target {
                    error(format!("{id}${name}: Member conflicts with an inherited mixin member: `{from}${name}`"));
                }
            } else {
                seen.push((name.clone(), member.target.clone(), mixin.clone()));
            }
        }
    }
    if shape.traits.contains_key("smithy.api#mixin") {
        if shape.kind == ShapeKind::Operation {
            let unit = |key: &str| {
                shape
                    .properties
                    .get(key)
                    .and_then(|t| t.get("target"))
                    .and_then(Value::as_str)
                    .is_none_or(|t| t == "smithy.api#Unit")
            };
            if !unit("input") || !unit("output") {
                error(format!("Operation shapes with the mixin trait MUST target `smithy.api#Unit` for their input and output. Operation mixin shape `{id}` defines one or both of these properties."));
            }
        }
        if shape.kind == ShapeKind::Resource
            && (shape.properties.contains_key("properties") || shape.properties.contains_key("identifiers"))
        {
            error(format!("Resource shapes with the mixin trait may not define any properties. Resource mixin shape `{id}` defines one or more properties."));
        }
    }
}

/// The target of member `name` that `mixin` (or its own mixins) gives, and the shape giving it.
fn inherited_member(
    model: &LoadedModel,
    mixin: &str,
    name: &str,
    seen: &mut BTreeSet<String>,
) -> Option<(String, String)> {
    if !seen.insert(mixin.to_owned()) {
        return None;
    }
    let shape = model.shapes.get(mixin)?;
    if let Some(member) = shape.member(name) {
        return Some((member.target.clone(), mixin.to_owned()));
    }
    shape.mixins.iter().find_map(|m| inherited_member(model, m, name, seen))
}

/// Whether `from`'s mixins lead back to `to`.
fn reaches(model: &LoadedModel, from: &str, to: &str, seen: &mut BTreeSet<String>) -> bool {
    let Some(shape) = model.shapes.get(from) else { return false };
    for mixin in &shape.mixins {
        if mixin == to {
            return true;
        }
        if seen.insert(mixin.clone()) && reaches(model, mixin, to, seen) {
            return true;
        }
    }
    false
}

fn check_enum(id: &str, shape: &LoadedShape, error: &mut impl FnMut(String)) {
    match shape.kind {
        ShapeKind::Enum => {
            if shape.members.is_empty() && !shape.traits.contains_key("smithy.api#mixin") && shape.mixins.is_empty() {
                error(format!("{id}: enum must have at least one entry"));
            }
            for (name, member) in &shape.members {
                match member.traits.get("smithy.api#enumValue") {
                    None | Some(Value::String(_)) => {}
                    Some(other) => error(format!(
                        "{id}${name}: enum members can only be assigned string values, but found: {other}"
                    )),
                }
            }
        }
        ShapeKind::IntEnum => {
            if shape.members.is_empty() && !shape.traits.contains_key("smithy.api#mixin") && shape.mixins.is_empty() {
                error(format!("{id}: intEnum shapes must have at least one member"));
            }
            for (name, member) in &shape.members {
                match member.traits.get("smithy.api#enumValue") {
                    Some(Value::Number(n)) if n.is_f64() => {
                        error(format!("{id}${name}: intEnum members do not support floating point values"))
                    }
                    Some(Value::Number(n)) if n.as_i64().is_none_or(|v| i32::try_from(v).is_err()) => {
                        error(format!("{id}${name}: intEnum members must fit within an integer, but found: {n}"))
                    }
                    Some(Value::Number(_)) => {}
                    Some(other) => {
                        error(format!("{id}${name}: intEnum members require integer values, but found: {other}"))
                    }
                    None => error(format!("{id}${name}: intEnum members require integer values")),
                }
            }
        }
        _ => {}
    }
}

/// Every member target and shape reference resolves to a shape.
fn check_targets(model: &LoadedModel, id: &str, shape: &LoadedShape, error: &mut impl FnMut(String)) {
    let exists = |t: &str| model.shapes.contains_key(t);
    for (name, member) in &shape.members {
        if !member.target.is_empty() && !exists(&member.target) {
            error(format!("{id}${name}: member targets a shape that does not exist: `{}`", member.target));
        }
    }
    for (key, value) in &shape.properties {
        let mut targets = Vec::new();
        super::collect_targets(value, &mut targets);
        for target in targets {
            if !exists(target) {
                error(format!("{id}: `{key}` refers to a shape that does not exist: `{target}`"));
            }
        }
    }
}
