//! Mixins applied: members and traits copied from each mixin into the shapes that use it.

use super::{LoadedMember, LoadedModel, LoadedShape, TraitMap};
use serde_json::Value;
use std::collections::BTreeSet;

const MIXIN: &str = "smithy.api#mixin";

/// Every shape with its mixins' members and traits (its own win), mixin references and mixin
/// shapes kept: the form in which Smithy compares two models.
pub fn flatten(model: &LoadedModel) -> LoadedModel {
    let mut out = model.clone();
    for id in model.shapes.keys() {
        if let Some(shape) = flattened(model, id, &mut BTreeSet::new()) {
            out.shapes.insert(id.clone(), shape);
        }
    }
    out
}

/// [`flatten`], then the mixin shapes and every reference to them removed: what a generator sees.
pub fn flatten_and_remove_mixins(model: &LoadedModel) -> LoadedModel {
    let mut out = flatten(model);
    // The built-in definitions stay as Smithy ships them.
    out.shapes.retain(|_, shape| shape.builtin || !shape.traits.contains_key(MIXIN));
    for shape in out.shapes.values_mut().filter(|s| !s.builtin) {
        shape.mixins.clear();
    }
    out
}

/// Shape `id` with everything its mixins give it; `None` when it is missing or in a cycle.
fn flattened(model: &LoadedModel, id: &str, path: &mut BTreeSet<String>) -> Option<LoadedShape> {
    let shape = model.shapes.get(id)?;
    if shape.mixins.is_empty() {
        return Some(shape.clone());
    }
    if !path.insert(id.to_owned()) {
        return None;
    }
    let mut members: Vec<(String, LoadedMember)> = Vec::new();
    let mut traits = TraitMap::new();
    let mut properties = std::collections::BTreeMap::new();
    for mixin_id in &shape.mixins {
        let Some(mixin) = flattened(model, mixin_id, path) else { continue };
        for (name, member) in mixin.members {
            match members.iter_mut().find(|(n, _)| *n == name) {
                Some((_, existing)) => existing.traits.extend(member.traits),
                None => members.push((name, member)),
            }
        }
        traits.extend(inherited_traits(&mixin.traits));
        for (key, value) in mixin.properties {
            merge_property(&mut properties, key, value);
        }
    }
    path.remove(id);
    for (name, own) in &shape.members {
        match members.iter_mut().find(|(n, _)| n == name) {
            Some((_, inherited)) => inherited.traits.extend(own.traits.clone()),
            None => members.push((name.clone(), own.clone())),
        }
    }
    traits.extend(shape.traits.clone());
    for (key, value) in &shape.properties {
        merge_property(&mut properties, key.clone(), value.clone());
    }
    let mut out = shape.clone();
    out.members = members;
    out.traits = traits;
    out.properties = properties;
    Some(out)
}

/// A service, resource or operation property from a mixin or the shape itself: lists append
/// what they do not have yet, objects merge, and other values are replaced.
fn merge_property(properties: &mut std::collections::BTreeMap<String, Value>, key: String, value: Value) {
    match (properties.get_mut(&key), value) {
        (Some(Value::Array(existing)), Value::Array(items)) => {
            for item in items {
                if !existing.contains(&item) {
                    existing.push(item);
                }
            }
        }
        (Some(Value::Object(existing)), Value::Object(entries)) => existing.extend(entries),
        (_, value) => {
            properties.insert(key, value);
        }
    }
}

/// A mixin's traits that pass to the shapes using it: all but `@mixin` and its `localTraits`.
fn inherited_traits(traits: &TraitMap) -> impl Iterator<Item = (String, Value)> + '_ {
    let local: Vec<&str> = traits
        .get(MIXIN)
        .and_then(|m| m.get("localTraits"))
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    traits
        .iter()
        .filter(move |(id, _)| *id != MIXIN && !local.contains(&id.as_str()))
        .map(|(id, value)| (id.clone(), value.clone()))
}
