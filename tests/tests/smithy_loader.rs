//! Smithy's own loader test suite (`tests/fixtures/smithy/loader-tests`, copied from the Smithy
//! repository) run against `codegen::loader`, and every real model in `../shared/models` through
//! the loader and back to a JSON AST. One libtest-mimic trial per case, named after its file:
//!
//! | trial | what must hold |
//! |---|---|
//! | `valid::DIR::X` | `valid/DIR/X.smithy` and `valid/DIR/X.json` (each with `valid/__shared.json`) both load, and to the same model once flattened |
//! | `valid-flattened::DIR::X` | `X.smithy` flattened, mixins removed, equals `X.flattened.smithy` (both with `__shared.json`) |
//! | `invalid::DIR::X` | `invalid/DIR/X.smithy` is rejected, with an error at the line and column its first-line comment names, if it names one |
//! | `invalid::DIR::X.json` | `invalid/DIR/X.json` is rejected |
//! | `errorfiles::X` | `errorfiles/X.smithy` or `X.json` is rejected exactly when `X.errors` lists an `[ERROR]` or `[DANGER]` |
//! | `roundtrip::X`, `roundtrip::aws::X` | `../shared/models/X.json` loaded and written back as a JSON AST is the same `codegen::model::Model` |
//! | `roundtrip::deterministic-json-ast` | two loads of one real model write byte-identical JSON ASTs |
//!
//! Cases we do not support are listed in [`SKIPPED`] with the reason; they run as ignored and the
//! table is printed at the start of every run, with the fixture files that are no case (a
//! `.smithy` with no JSON twin, a `.flattened.smithy` whose original the suite lacks). Run with `cargo test -p ivs-tests --test
//! smithy_loader`, one case with `-- --exact valid::mixins::loads-mixins`.

use codegen::loader::flatten::{flatten, flatten_and_remove_mixins};
use codegen::loader::{assemble_sources, load_paths, LoadErrors, LoadedMember, LoadedModel, LoadedShape, Source};
use codegen::model::ShapeKind;
use libtest_mimic::{Arguments, Completion, Failed, Trial};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Cases of Smithy's suite we decide not to support: `(trial name, reason)`. Each runs as ignored
/// (`-- --include-ignored` runs it anyway). A name that matches no case fails the run.
const SKIPPED: &[(&str, &str)] = &[
    (
        "errorfiles::suppression-hierarchy",
        "its DANGER comes from an `EmitEachSelector` validator declared in `metadata validators`: \
         user-defined model validators and selectors are not run by this loader",
    ),
    (
        "errorfiles::suppression-test",
        "its DANGER comes from an `EmitEachSelector` validator declared in `metadata validators`: \
         user-defined model validators and selectors are not run by this loader",
    ),
    (
        "errorfiles::suppression-metadata-cannot-suppress-errors",
        "trait selectors are not evaluated: a trait applied outside its definition's `selector` \
         (here `@idempotent` on a string) is accepted, not rejected as Smithy's TraitTarget validator does",
    ),
    (
        "errorfiles::suppression-trait-cannot-suppress-errors",
        "trait selectors are not evaluated: a trait applied outside its definition's `selector` \
         (here `@idempotent` on a string) is accepted, not rejected as Smithy's TraitTarget validator does",
    ),
];

/// At most this many differences are listed in one failure message.
const MAX_DIFFERENCES: usize = 40;

/// At most this many characters of one node value are shown in a difference.
const MAX_VALUE_CHARS: usize = 240;

fn main() {
    let args = Arguments::from_args();
    let (mut trials, unused) = loader_trials();
    trials.extend(roundtrip_trials());

    let mut names = BTreeSet::new();
    for trial in &trials {
        assert!(names.insert(trial.name().to_owned()), "two trials are named {}", trial.name());
    }
    print_skipped_table();
    for (file, why) in &unused {
        println!("smithy_loader: not a case: {file} ({why})");
    }
    let stale: Vec<&str> = SKIPPED.iter().map(|(name, _)| *name).filter(|name| !names.contains(*name)).collect();
    if !stale.is_empty() {
        eprintln!("smithy_loader: the SKIPPED table is stale; these entries name no case:");
        for name in stale {
            eprintln!("    {name}");
        }
        std::process::exit(101);
    }

    let skipped: BTreeSet<&str> = SKIPPED.iter().map(|(name, _)| *name).collect();
    trials.sort_by(|a, b| a.name().cmp(b.name()));
    let trials = trials
        .into_iter()
        .map(|trial| {
            let ignored = skipped.contains(trial.name());
            trial.with_ignored_flag(ignored)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

fn print_skipped_table() {
    if SKIPPED.is_empty() {
        println!("smithy_loader: SKIPPED table: empty (every case runs)");
        return;
    }
    println!("smithy_loader: SKIPPED table, {} case(s) run as ignored:", SKIPPED.len());
    let width = SKIPPED.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
    for (name, reason) in SKIPPED {
        println!("    {name:width$}  {reason}");
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/smithy/loader-tests")
}

/// The path a model file is reported under: relative to the workspace root when it is inside it.
fn display_path(path: &Path) -> String {
    path.strip_prefix(workspace_root()).unwrap_or(path).to_string_lossy().into_owned()
}

/// Every file under `dir`, recursively, as paths relative to `dir`, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display())).path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.push(path.strip_prefix(root).expect("under the root").to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// `mixins/loads-mixins.flattened.smithy` with suffix `.flattened.smithy` -> `mixins::loads-mixins`.
fn case_name(rel: &Path, suffix: &str) -> String {
    let rel = rel.to_string_lossy().replace('\\', "/");
    rel.strip_suffix(suffix).unwrap_or(&rel).replace('/', "::")
}

fn read(path: &Path) -> Result<String, Failed> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()).into())
}

/// Assembles `paths` (with the built-in definitions), each reported under its display path.
fn load(paths: &[&Path]) -> Result<Result<LoadedModel, LoadErrors>, Failed> {
    let mut sources = Vec::new();
    for path in paths {
        sources.push(Source::new(display_path(path), read(path)?));
    }
    Ok(assemble_sources(&sources))
}

/// [`load`], a rejection turned into a failure that names the file.
fn load_ok(paths: &[&Path]) -> Result<LoadedModel, Failed> {
    load(paths)?
        .map_err(|errors| format!("{} must load, but is rejected:\n{}", display_path(paths[0]), indent(&errors)).into())
}

fn indent(text: &impl std::fmt::Display) -> String {
    text.to_string().lines().map(|line| format!("    {line}\n")).collect()
}

// ---------------------------------------------------------------------------------------------
// Smithy's loader suite

/// Every case of the suite, and the fixture files that belong to no case (with why).
fn loader_trials() -> (Vec<Trial>, Vec<(String, &'static str)>) {
    let suite = suite_dir();
    let mut trials = Vec::new();
    let mut unused = Vec::new();

    let valid = suite.join("valid");
    let shared = valid.join("__shared.json");
    let valid_files = files_under(&valid);
    let has = |rel: &Path| valid_files.iter().any(|f| f == rel);
    for rel in &valid_files {
        let name = rel.to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".flattened.smithy") {
            let original = PathBuf::from(format!("{stem}.smithy"));
            if !has(&original) {
                unused.push((format!("valid/{name}"), "the suite has no `X.smithy` to flatten beside it"));
                continue;
            }
            let (original, flattened, shared) = (valid.join(original), valid.join(rel), shared.clone());
            trials.push(Trial::test(format!("valid-flattened::{}", case_name(rel, ".flattened.smithy")), move || {
                flattened_case(&original, &flattened, &shared)
            }));
        } else if let Some(stem) = name.strip_suffix(".smithy") {
            let json = PathBuf::from(format!("{stem}.json"));
            if !has(&json) {
                if !has(&PathBuf::from(format!("{stem}.flattened.smithy"))) {
                    unused.push((format!("valid/{name}"), "no JSON twin"));
                }
                continue;
            }
            let (smithy, json, shared) = (valid.join(rel), valid.join(json), shared.clone());
            trials.push(Trial::test(format!("valid::{}", case_name(rel, ".smithy")), move || {
                valid_case(&smithy, &json, &shared)
            }));
        } else if let Some(stem) = name.strip_suffix(".json") {
            if name != "__shared.json" && !has(&PathBuf::from(format!("{stem}.smithy"))) {
                unused.push((format!("valid/{name}"), "no IDL twin"));
            }
        } else {
            unused.push((format!("valid/{name}"), "neither .smithy nor .json"));
        }
    }

    // Smithy's own runner takes only the `.smithy` files here; the one `.json` file
    // (`version/properties-v2-only.json`) is the JSON form of the `.smithy` case beside it (a
    // 1.0 model with resource properties), so it must be rejected too: a case of its own.
    let invalid = suite.join("invalid");
    for rel in files_under(&invalid) {
        let file = invalid.join(&rel);
        let name = match rel.extension().and_then(|x| x.to_str()) {
            Some("smithy") => case_name(&rel, ".smithy"),
            Some("json") => case_name(&rel, ""),
            _ => {
                unused.push((format!("invalid/{}", rel.display()), "neither .smithy nor .json"));
                continue;
            }
        };
        trials.push(Trial::test(format!("invalid::{name}"), move || invalid_case(&file)));
    }

    let errorfiles = suite.join("errorfiles");
    let files = files_under(&errorfiles);
    for rel in &files {
        let Some(stem) = rel.to_string_lossy().strip_suffix(".errors").map(str::to_owned) else { continue };
        let models: Vec<PathBuf> = [".smithy", ".json"]
            .iter()
            .map(|x| PathBuf::from(format!("{stem}{x}")))
            .filter(|m| files.contains(m))
            .collect();
        match models.as_slice() {
            [model] => {
                let (model, errors) = (errorfiles.join(model), errorfiles.join(rel));
                trials.push(Trial::test(format!("errorfiles::{}", case_name(rel, ".errors")), move || {
                    errorfile_case(&model, &errors)
                }));
            }
            [] => unused.push((format!("errorfiles/{}", rel.display()), "no model file beside it")),
            _ => unused.push((format!("errorfiles/{}", rel.display()), "both a .smithy and a .json beside it")),
        }
    }
    assert!(trials.len() > 100, "the loader suite in {} looks empty", suite.display());
    (trials, unused)
}

/// `X.smithy` and `X.json`, each loaded with `__shared.json`, flatten to the same model.
fn valid_case(smithy: &Path, json: &Path, shared: &Path) -> Result<(), Failed> {
    let idl = load(&[smithy, shared])?;
    let ast = load(&[json, shared])?;
    let (idl, ast) = match (idl, ast) {
        (Ok(idl), Ok(ast)) => (idl, ast),
        (idl, ast) => {
            let mut message = String::new();
            for (path, result) in [(smithy, idl), (json, ast)] {
                if let Err(errors) = result {
                    let _ = write!(message, "{} must load, but is rejected:\n{}", display_path(path), indent(&errors));
                }
            }
            return Err(message.into());
        }
    };
    let differences = compare_models(&flatten(&idl), &flatten(&ast), "IDL", "JSON");
    differences_to_result(
        &format!("{} and {} load to different models (both flattened)", display_path(smithy), display_path(json)),
        differences,
    )
}

/// `X.smithy` with its mixins flattened and removed equals `X.flattened.smithy`. The expected side
/// goes through the same transformation: the file has no mixins, but our built-in trait
/// definitions do (`aws.protocols#HttpConfiguration`), and Smithy's test loads none of them.
fn flattened_case(original: &Path, flattened: &Path, shared: &Path) -> Result<(), Failed> {
    let ours = flatten_and_remove_mixins(&load_ok(&[original, shared])?);
    let expected = flatten_and_remove_mixins(&load_ok(&[flattened, shared])?);
    differences_to_result(
        &format!(
            "{} with mixins flattened and removed differs from {}",
            display_path(original),
            display_path(flattened)
        ),
        compare_models(&ours, &expected, "flattened X.smithy", "X.flattened.smithy"),
    )
}

/// The file is rejected; when its first-line comment says `at line L, column C`, one of the
/// errors is at exactly that place in that file.
fn invalid_case(file: &Path) -> Result<(), Failed> {
    let text = read(file)?;
    let expected = text.lines().next().and_then(|line| line.trim().strip_prefix("//")).map(|c| c.trim().to_owned());
    let expected_text = expected.clone().unwrap_or_else(|| "(the file names no expected error)".to_owned());
    let path = display_path(file);
    let errors = match assemble_sources(&[Source::new(&path, text)]) {
        Ok(_) => return Err(format!("{path} loads, but must be rejected.\nexpected: {expected_text}").into()),
        Err(errors) => errors,
    };
    let Some((line, column)) = expected.as_deref().and_then(line_and_column) else { return Ok(()) };
    if errors.0.iter().any(|e| *e.location.path == *path && e.location.line == line && e.location.column == column) {
        return Ok(());
    }
    Err(format!(
        "{path} is rejected, but with no error at line {line}, column {column}.\nexpected: {expected_text}\nours:\n{}",
        indent(&errors)
    )
    .into())
}

/// The first `line L, column C` in Smithy's expected message.
fn line_and_column(message: &str) -> Option<(u32, u32)> {
    message.match_indices("line ").find_map(|(at, word)| {
        let rest = &message[at + word.len()..];
        let line_digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        let line = rest[..line_digits].parse().ok()?;
        let rest = rest[line_digits..].strip_prefix(", column ")?;
        let column_digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        Some((line, rest[..column_digits].parse().ok()?))
    })
}

/// The model is rejected exactly when its `.errors` file lists an `[ERROR]` or `[DANGER]` event:
/// the events for which Smithy's `ValidatedResult::unwrap` refuses the model.
fn errorfile_case(model: &Path, errors_file: &Path) -> Result<(), Failed> {
    let events = read(errors_file)?;
    let must_reject = events.lines().any(|line| {
        let line = line.trim_start();
        line.starts_with("[ERROR]") || line.starts_with("[DANGER]")
    });
    let path = display_path(model);
    let result = load(&[model])?;
    let expected = indent(&events.trim_end());
    let expected = if expected.is_empty() { "    (none)\n".to_owned() } else { expected };
    match (must_reject, result) {
        (true, Err(_)) | (false, Ok(_)) => Ok(()),
        (true, Ok(_)) => Err(format!("{path} loads, but must be rejected; Smithy's events:\n{expected}").into()),
        (false, Err(errors)) => Err(format!(
            "{path} must load (Smithy reports no ERROR or DANGER), but is rejected.\nSmithy's events:\n{expected}ours:\n{}",
            indent(&errors)
        )
        .into()),
    }
}

// ---------------------------------------------------------------------------------------------
// Comparing two loaded models

fn differences_to_result(what: &str, differences: Vec<String>) -> Result<(), Failed> {
    if differences.is_empty() {
        return Ok(());
    }
    let mut message = format!("{what}: {} difference(s)\n", differences.len());
    for difference in differences.iter().take(MAX_DIFFERENCES) {
        let _ = writeln!(message, "  {difference}");
    }
    if differences.len() > MAX_DIFFERENCES {
        let _ = writeln!(message, "  ... and {} more", differences.len() - MAX_DIFFERENCES);
    }
    Err(message.into())
}

/// What differs between two models, one line each, naming the shape, member, trait or metadata
/// key and both values. Locations are ignored; members, traits, properties and metadata are
/// compared as maps (Smithy compares members by name, whatever their order).
fn compare_models(a: &LoadedModel, b: &LoadedModel, la: &str, lb: &str) -> Vec<String> {
    let mut out = Vec::new();
    let ids: BTreeSet<&String> = a.shapes.keys().chain(b.shapes.keys()).collect();
    for id in ids {
        match (a.shapes.get(id), b.shapes.get(id)) {
            (Some(x), Some(y)) => compare_shapes(id, x, y, la, lb, &mut out),
            (Some(x), None) => out.push(format!("{id}: shape only in the {la} model ({:?})", x.kind)),
            (None, Some(y)) => out.push(format!("{id}: shape only in the {lb} model ({:?})", y.kind)),
            (None, None) => unreachable!(),
        }
    }
    compare_value_maps("metadata", "key", &a.metadata, &b.metadata, la, lb, &mut out);
    out
}

fn compare_shapes(id: &str, a: &LoadedShape, b: &LoadedShape, la: &str, lb: &str, out: &mut Vec<String>) {
    if a.kind != b.kind {
        out.push(format!("{id}: kind {:?} ({la}) vs {:?} ({lb})", a.kind, b.kind));
    }
    if a.builtin != b.builtin {
        out.push(format!("{id}: builtin {} ({la}) vs {} ({lb})", a.builtin, b.builtin));
    }
    let members_a: BTreeMap<&str, &LoadedMember> = a.members.iter().map(|(n, m)| (n.as_str(), m)).collect();
    let members_b: BTreeMap<&str, &LoadedMember> = b.members.iter().map(|(n, m)| (n.as_str(), m)).collect();
    let names: BTreeSet<&str> = members_a.keys().chain(members_b.keys()).copied().collect();
    for name in names {
        let subject = format!("{id}${name}");
        match (members_a.get(name), members_b.get(name)) {
            (Some(x), Some(y)) => {
                if x.target != y.target {
                    out.push(format!("{subject}: target {} ({la}) vs {} ({lb})", x.target, y.target));
                }
                compare_value_maps(&subject, "trait", &x.traits, &y.traits, la, lb, out);
            }
            (Some(x), None) => out.push(format!("{subject}: member only in the {la} model (target {})", x.target)),
            (None, Some(y)) => out.push(format!("{subject}: member only in the {lb} model (target {})", y.target)),
            (None, None) => unreachable!(),
        }
    }
    compare_value_maps(id, "trait", &a.traits, &b.traits, la, lb, out);
    if a.mixins != b.mixins {
        out.push(format!("{id}: mixins [{}] ({la}) vs [{}] ({lb})", a.mixins.join(", "), b.mixins.join(", ")));
    }
    let (pa, pb) = (without_defaults(a), without_defaults(b));
    compare_value_maps(id, "property", &pa, &pb, la, lb, out);
}

/// The shape's properties less those that only state Smithy's default, which Smithy's shapes do
/// not tell apart from an absent property: an operation's `input` and `output` of
/// `smithy.api#Unit`, a service's empty `version`, and empty lists and maps (`errors`,
/// `operations`, `identifiers`, `rename`, ...).
fn without_defaults(shape: &LoadedShape) -> BTreeMap<String, Value> {
    let unit = serde_json::json!({ "target": "smithy.api#Unit" });
    let mut properties = shape.properties.clone();
    properties.retain(|key, value| {
        let default = match value {
            Value::Array(items) => items.is_empty(),
            Value::Object(entries) if entries.is_empty() => true,
            Value::String(text) => text.is_empty() && shape.kind == ShapeKind::Service && key == "version",
            _ => shape.kind == ShapeKind::Operation && (key == "input" || key == "output") && *value == unit,
        };
        !default
    });
    properties
}

/// Entries of two maps of node values (traits, properties, metadata) that differ.
fn compare_value_maps(
    subject: &str,
    what: &str,
    a: &BTreeMap<String, Value>,
    b: &BTreeMap<String, Value>,
    la: &str,
    lb: &str,
    out: &mut Vec<String>,
) {
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    for key in keys {
        match (a.get(key), b.get(key)) {
            (Some(x), Some(y)) => {
                // Smithy keeps these properties as sets of shape ids: their order does not count.
                let as_set = what == "property" && SET_PROPERTIES.contains(&key.as_str());
                let (x, y) = if as_set { (sorted(x), sorted(y)) } else { (x.clone(), y.clone()) };
                if let Some((at, vx, vy)) = first_difference(&x, &y, String::new()) {
                    let at = if at.is_empty() { String::new() } else { format!(" at {at}") };
                    out.push(format!("{subject}: {what} {key}{at}: {} ({la}) vs {} ({lb})", show(vx), show(vy)));
                }
            }
            (Some(x), None) => out.push(format!("{subject}: {what} {key} only in the {la} model: {}", show(x))),
            (None, Some(y)) => out.push(format!("{subject}: {what} {key} only in the {lb} model: {}", show(y))),
            (None, None) => unreachable!(),
        }
    }
}

/// Properties of services, resources and operations that Smithy holds as sets.
const SET_PROPERTIES: &[&str] = &["operations", "resources", "collectionOperations"];

/// An array's elements sorted by their JSON text; anything else as it is.
fn sorted(value: &Value) -> Value {
    match value {
        Value::Array(items) => {
            let mut items = items.clone();
            items.sort_by_cached_key(|item| item.to_string());
            Value::Array(items)
        }
        other => other.clone(),
    }
}

/// The first place (a JSON pointer) where two node values differ, and the values there.
/// Numbers compare by value (`1` equals `1.0`), objects by their keys whatever the order.
fn first_difference<'a>(a: &'a Value, b: &'a Value, at: String) -> Option<(String, &'a Value, &'a Value)> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let equal = match (decimal(&x.to_string()), decimal(&y.to_string())) {
                (Some(x), Some(y)) => x == y,
                _ => x.as_f64().is_some() && x.as_f64() == y.as_f64(),
            };
            (!equal).then_some((at, a, b))
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(i, (x, y))| first_difference(x, y, format!("{at}/{i}")))
        }
        (Value::Object(x), Value::Object(y)) if x.len() == y.len() && x.keys().all(|k| y.contains_key(k)) => {
            let keys: BTreeSet<&String> = x.keys().collect();
            keys.into_iter().find_map(|k| {
                first_difference(&x[k], &y[k], format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")))
            })
        }
        _ => (a != b).then_some((at, a, b)),
    }
}

/// A JSON number's exact value: (negative, significant digits, exponent of the last digit), so
/// that `1`, `1.0` and `10e-1` are equal, however large or precise (serde_json keeps the text
/// of numbers here: `codegen` turns on `arbitrary_precision`).
fn decimal(text: &str) -> Option<(bool, String, i64)> {
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], text[at + 1..].parse::<i64>().ok()?),
        None => (text, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() || !whole.chars().chain(fraction.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let digits = format!("{whole}{fraction}");
    let significant = digits.trim_end_matches('0');
    let exponent = exponent - fraction.len() as i64 + (digits.len() - significant.len()) as i64;
    let significant = significant.trim_start_matches('0');
    if significant.is_empty() {
        return Some((false, String::new(), 0));
    }
    Some((negative, significant.to_owned(), exponent))
}

/// A node value as compact JSON, cut short when long.
fn show(value: &Value) -> String {
    truncate(&value.to_string())
}

/// The text, cut short when long.
fn truncate(text: &str) -> String {
    match text.char_indices().nth(MAX_VALUE_CHARS) {
        Some((cut, _)) => format!("{}... ({} chars)", &text[..cut], text.chars().count()),
        None => text.to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// The real models beside the repository, through the loader and back

fn roundtrip_trials() -> Vec<Trial> {
    let dir = workspace_root().join("../shared/models");
    if !dir.is_dir() {
        let shown = dir.display().to_string();
        if std::env::var_os("CI").is_some() {
            return vec![Trial::test("roundtrip::shared-models", move || {
                Err(format!("../shared/models not found ({shown}), and CI is set: CI must have the real models").into())
            })];
        }
        println!(
            "SKIPPED: ../shared/models not found ({shown}): the JSON AST round trip of the real models does not run"
        );
        return vec![Trial::ignorable_test("roundtrip::shared-models", || {
            Ok(Completion::ignored_with("../shared/models not found"))
        })];
    }
    // `/work/shared/models/...` reads better in messages than `/work/main/../shared/models/...`.
    let dir = dir.canonicalize().unwrap_or(dir);
    let files: Vec<PathBuf> =
        files_under(&dir).into_iter().filter(|rel| rel.extension().is_some_and(|x| x == "json")).collect();
    let mut trials: Vec<Trial> = files
        .iter()
        .map(|rel| {
            let file = dir.join(rel);
            Trial::test(format!("roundtrip::{}", case_name(rel, ".json")), move || roundtrip_case(&file))
        })
        .collect();
    let ivs = PathBuf::from("ivs-2026-04.json");
    if let Some(rel) = files.iter().find(|rel| **rel == ivs).or(files.first()) {
        let file = dir.join(rel);
        trials.push(Trial::test("roundtrip::deterministic-json-ast", move || deterministic_case(&file)));
    }
    trials
}

/// `load_paths` -> `to_json_ast` -> `codegen::model::load` gives the shapes that
/// `codegen::model::load` gives for the original file.
fn roundtrip_case(file: &Path) -> Result<(), Failed> {
    let path = display_path(file);
    let original = codegen::model::load(&read(file)?)
        .map_err(|e| format!("codegen::model::load rejects the original {path}:\n{}", indent(&e)))?;
    let loaded = load_paths(&[file.to_path_buf()])
        .map_err(|e| format!("codegen::loader::load_paths rejects {path}:\n{}", indent(&e)))?;
    let ast = loaded.to_json_ast();
    let ours = codegen::model::load(&ast).map_err(|e| {
        format!("codegen::model::load rejects the JSON AST the loader wrote for {path}:\n{}", indent(&e))
    })?;

    let mut differences = Vec::new();
    let ids: BTreeSet<&String> = original.shapes.keys().chain(ours.shapes.keys()).collect();
    for id in ids {
        match (original.shapes.get(id), ours.shapes.get(id)) {
            (Some(x), Some(y)) if x != y => differences.push(format!("{id}: {}", first_debug_difference(x, y))),
            (Some(_), None) => differences.push(format!("{id}: missing after the round trip")),
            (None, Some(_)) => differences.push(format!("{id}: only after the round trip")),
            _ => {}
        }
    }
    differences_to_result(&format!("{path} through the loader and back gives a different model"), differences)
}

/// Where the `{:#?}` forms of two values first differ: the path of enclosing lines that lead
/// there (`members: [ > ("name" > Member { > traits: {`) and both differing lines.
fn first_debug_difference(a: &impl std::fmt::Debug, b: &impl std::fmt::Debug) -> String {
    let (a, b) = (format!("{a:#?}"), format!("{b:#?}"));
    let (mut la, mut lb) = (a.lines(), b.lines());
    // The lines that opened a `{`, `[` or `(` still open, with their indentation.
    let mut open: Vec<(usize, String)> = Vec::new();
    let indentation = |line: &str| line.len() - line.trim_start().len();
    loop {
        match (la.next(), lb.next()) {
            (Some(x), Some(y)) if x == y => {
                let indent = indentation(x);
                open.retain(|(i, _)| *i < indent);
                match open.last_mut() {
                    // A tuple is shown by its first element, a member's name.
                    Some((_, label)) if label.ends_with('(') => label.push_str(x.trim().trim_end_matches(',')),
                    _ if x.ends_with(['{', '[', '(']) => open.push((indent, x.trim().to_owned())),
                    _ => {}
                }
            }
            (x, y) => {
                let indent = x.or(y).map_or(0, indentation);
                open.retain(|(i, _)| *i < indent);
                let path: Vec<&str> = open.iter().map(|(_, label)| label.as_str()).collect();
                let cut = |s: Option<&str>| s.map_or("(end)".to_owned(), |s| format!("`{}`", truncate(s.trim())));
                return format!("at {}: {} (original) vs {} (round trip)", path.join(" > "), cut(x), cut(y));
            }
        }
    }
}

/// Two loads of the same file write byte-identical JSON ASTs.
fn deterministic_case(file: &Path) -> Result<(), Failed> {
    let path = display_path(file);
    let write = || {
        load_paths(&[file.to_path_buf()])
            .map(|model| model.to_json_ast())
            .map_err(|e| format!("codegen::loader::load_paths rejects {path}:\n{}", indent(&e)))
    };
    let (first, second) = (write()?, write()?);
    if first == second {
        return Ok(());
    }
    let at = first.bytes().zip(second.bytes()).position(|(x, y)| x != y).unwrap_or(first.len().min(second.len()));
    Err(format!(
        "two loads of {path} wrote different JSON ASTs ({} and {} bytes), first at byte {at}",
        first.len(),
        second.len()
    )
    .into())
}
