//! Turns a Smithy JSON AST model of an AWS restJson1 service into a Rust client crate.
//!
//! The pipeline is `model` (load the JSON AST) -> `normalize` (named passes) -> `ir` (every
//! Rust name decided) -> `emit` (`quote!`, checked by `syn`, formatted by `prettyplease`).
//! [`generate`] runs it on the text of a model, [`generate_model`] on a model already loaded (by
//! [`model::load`] or the [`loader`]); both return the files and touch no disk.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod diff;
pub mod docs;
pub mod emit;
pub mod error;
pub mod ident;
pub mod ir;
pub mod loader;
pub mod model;
pub mod normalize;

pub use emit::File;
pub use error::{Problem, Problems};

/// What to generate besides the model itself.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Package and library name of the generated crate; `None` takes the model's `sdkId`.
    pub package: Option<String>,
    /// Path from the generated crate's directory to the runtime crate.
    pub runtime_path: String,
    /// Version of the runtime crate, written beside its path.
    pub runtime_version: String,
    /// The absolute shape id of the service to generate; required when the model has more than
    /// one service. `None` takes the model's only service.
    pub service: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self { package: None, runtime_path: "../../runtime".into(), runtime_version: "0.1.0".into(), service: None }
    }
}

/// The generated crate: its files, sorted by path, and what they hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generated {
    /// The package name.
    pub package: String,
    /// Every file, with paths relative to the crate's directory.
    pub files: Vec<File>,
    /// Number of shapes in the model (prelude excluded).
    pub shapes: usize,
    /// Number of operations.
    pub operations: usize,
    /// Operations of the model the crate leaves out (event streams, until they are supported):
    /// each one's shape id and why, sorted by id.
    pub left_out: Vec<(String, String)>,
}

/// Generates a crate from the text of a Smithy JSON AST model: [`model::load`], then
/// [`generate_model`].
pub fn generate(model_json: &str, settings: &Settings) -> Result<Generated, Problems> {
    generate_model(model::load(model_json)?, settings)
}

/// Generates a crate from a loaded model: normalises it for the service
/// [`Settings::service`] names (or its only service), lowers it to the IR and emits the files.
pub fn generate_model(mut model: model::Model, settings: &Settings) -> Result<Generated, Problems> {
    let shapes = model.shapes.keys().filter(|id| !id.starts_with(model::PRELUDE)).count();
    let service = normalize::normalize(&mut model, settings.service.as_deref()).map_err(Problems)?;
    let package = settings.package.clone().unwrap_or_else(|| default_package(&model, &service));
    let krate = ir::lower(&model, &service, &package).map_err(Problems)?;
    let files = emit::emit(&krate, settings).map_err(Problems)?;
    let left_out = krate.left_out.iter().map(|l| (l.id.clone(), l.reason.clone())).collect();
    Ok(Generated { package, files, shapes, operations: krate.operations.len(), left_out })
}

/// The crate name from the model's `sdkId`: `ivs`, `dynamodb`, `ec2-instance-connect`.
fn default_package(model: &model::Model, service: &str) -> String {
    let sdk_id = model.shapes[service]
        .traits
        .get(normalize::traits::AWS_SERVICE)
        .and_then(|v| v.get("sdkId"))
        .and_then(serde_json::Value::as_str)
        .unwrap_or(model::shape_name(service));
    ident::to_kebab_case(sdk_id)
}
