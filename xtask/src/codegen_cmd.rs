//! `cargo xtask codegen`: generate, then write only what changed (or, with `--check`, only
//! compare), and remove files the generator no longer produces. A single `.json` model is
//! generated from its text; any other set of models (`.smithy` files, directories, several
//! files) is assembled by the loader first.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::time::Instant;

/// Entries of an output directory that the generator does not own (hand-written examples live
/// beside generated code).
const UNOWNED: &[&str] = &["target", "Cargo.lock", "examples"];

/// The crates the repository checks in: `ivs` and one per fixture model (`.json` or
/// `.smithy`), with their models.
pub fn checked_in_crates(root: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut jobs = vec![(root.join("model/ivs.json"), root.join("generated/ivs"))];
    let mut fixtures: Vec<PathBuf> = fs::read_dir(root.join("tests/fixtures/models"))
        .map(|dir| {
            dir.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json" || x == "smithy"))
                .collect()
        })
        .unwrap_or_default();
    fixtures.sort();
    for model in fixtures {
        let name = model.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        jobs.push((model, root.join("tests/fixtures/crates").join(name)));
    }
    jobs
}

/// The default output directory for `--model PATH...`: `generated/<name>`, where the name is
/// the first path's file stem (its directory name for a directory).
pub fn default_out(root: &Path, models: &[PathBuf]) -> PathBuf {
    let name = models
        .first()
        .and_then(|first| if first.is_dir() { first.file_name() } else { first.file_stem() })
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    root.join("generated").join(name)
}

/// The model file to generate from its text, when `models` is exactly one `.json` file: the
/// path the checked-in crates take, so their output never depends on the loader. `None` means
/// the models go through the loader.
pub fn single_json_model(models: &[PathBuf]) -> Option<&Path> {
    match models {
        [only] if only.extension().is_some_and(|x| x == "json") && !only.is_dir() => Some(only),
        _ => None,
    }
}

/// Generates the model text `text` into `out` (writing only what changed, removing files the
/// generator no longer produces); returns what was generated.
pub fn generate_into(root: &Path, text: &str, out: &Path) -> Result<codegen::Generated, String> {
    let generated =
        codegen::generate(text, &settings_for(root, out, None)?).map_err(|problems| problems.to_string())?;
    for file in &generated.files {
        let path = out.join(&file.path);
        if fs::read_to_string(&path).is_ok_and(|current| current == file.contents) {
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&path, &file.contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let produced: BTreeSet<&str> = generated.files.iter().map(|f| f.path.as_str()).collect();
    for orphan in existing_files(out).iter().filter(|p| !produced.contains(p.as_str())) {
        let path = out.join(orphan);
        fs::remove_file(&path).map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
    }
    Ok(generated)
}

/// The settings for a crate in `out`: the runtime by a path relative to it, and its version;
/// `service` picks the service when the model has several.
fn settings_for(root: &Path, out: &Path, service: Option<&str>) -> Result<codegen::Settings, String> {
    Ok(codegen::Settings {
        package: None,
        runtime_path: relative_path(&absolute(out)?, &root.join("runtime")),
        runtime_version: env!("CARGO_PKG_VERSION").to_owned(),
        service: service.map(str::to_owned),
    })
}

/// Generates the single model file `model` into `out`; in `check` mode compares instead of
/// writing.
pub fn run(root: &Path, model: &Path, out: &Path, check: bool) -> Result<(), String> {
    run_models(root, &[model.to_path_buf()], None, out, check)
}

/// Generates the model assembled from `models` (files and directories) into `out`; in `check`
/// mode compares instead of writing. Nothing is written when the models have a problem.
pub fn run_models(
    root: &Path,
    models: &[PathBuf],
    service: Option<&str>,
    out: &Path,
    check: bool,
) -> Result<(), String> {
    let started = Instant::now();
    let settings = settings_for(root, out, service)?;
    let generated = generate(models, &settings)?;
    warn_left_out(&generated);
    let existing = existing_files(out);
    let produced: BTreeSet<String> = generated.files.iter().map(|f| f.path.clone()).collect();
    let orphans: Vec<&String> = existing.iter().filter(|p| !produced.contains(*p)).collect();
    let (mut written, mut unchanged) = (Vec::new(), 0usize);
    let mut report = Vec::new();
    for file in &generated.files {
        let path = out.join(&file.path);
        match fs::read_to_string(&path) {
            Ok(current) if normalize_newlines(&current) == file.contents => unchanged += 1,
            Ok(current) => {
                report.push(format!("stale: {}\n{}", file.path, short_diff(&current, &file.contents)));
                written.push(file);
            }
            Err(_) => {
                report.push(format!("missing: {}", file.path));
                written.push(file);
            }
        }
    }
    report.extend(orphans.iter().map(|p| format!("orphan: {p} (no longer generated)")));
    if check {
        if report.is_empty() {
            println!("{}: up to date ({} files)", out.display(), generated.files.len());
            return Ok(());
        }
        return Err(format!(
            "{} is stale; run `cargo xtask codegen` to update it:\n{}",
            out.display(),
            report.join("\n")
        ));
    }
    for file in &written {
        let path = out.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&path, &file.contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    for orphan in &orphans {
        let path = out.join(orphan);
        fs::remove_file(&path).map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
    }
    println!(
        "{}: {} shapes, {} operations; {} files written, {} unchanged, {} removed in {} ms",
        generated.package,
        generated.shapes,
        generated.operations,
        written.len(),
        unchanged,
        orphans.len(),
        started.elapsed().as_millis()
    );
    Ok(())
}

/// Generates a crate from `models`: one `.json` file from its text, anything else through the
/// loader. The error lists every problem and says that nothing was written.
fn generate(models: &[PathBuf], settings: &codegen::Settings) -> Result<codegen::Generated, String> {
    let names = models.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
    if let Some(model) = single_json_model(models) {
        let text = fs::read_to_string(model).map_err(|e| format!("cannot read {}: {e}", model.display()))?;
        return codegen::generate(&text, settings)
            .map_err(|problems| format!("{names}: nothing was written.\n{problems}"));
    }
    let loaded = codegen::loader::load_paths(models)
        .map_err(|errors| format!("{errors}\n{names}: {} problem(s); nothing was written.", errors.0.len()))?;
    let model = loaded.to_model().map_err(|problems| format!("{names}: nothing was written.\n{problems}"))?;
    codegen::generate_model(model, settings).map_err(|problems| format!("{names}: nothing was written.\n{problems}"))
}

/// A warning on standard error for each operation of the model the crate leaves out.
fn warn_left_out(generated: &codegen::Generated) {
    for (operation, reason) in &generated.left_out {
        eprintln!("warning: {}: operation {operation} is left out: {reason}", generated.package);
    }
}

fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// Every file under `dir` (relative, `/`-separated), except those the generator does not own.
fn existing_files(dir: &Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        let Ok(entries) = fs::read_dir(dir.join(&relative)) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if relative.as_os_str().is_empty() && UNOWNED.contains(&name.as_str()) {
                continue;
            }
            let path = relative.join(&name);
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push(path),
                Ok(_) => {
                    found.insert(path.to_string_lossy().replace('\\', "/"));
                }
                Err(_) => {}
            }
        }
    }
    found
}

/// The first few differing lines, to show in `--check` output.
fn short_diff(old: &str, new: &str) -> String {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    let first = old.iter().zip(&new).position(|(a, b)| a != b).unwrap_or(old.len().min(new.len()));
    let mut out = Vec::new();
    for line in old.iter().skip(first).take(3) {
        out.push(format!("  - {line}"));
    }
    for line in new.iter().skip(first).take(3) {
        out.push(format!("  + {line}"));
    }
    out.push(format!("  (first difference at line {}; {} -> {} lines)", first + 1, old.len(), new.len()));
    out.join("\n")
}

fn absolute(path: &Path) -> Result<PathBuf, String> {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?.join(path)
    };
    // Resolve `..` lexically: the directory may not exist yet.
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Ok(out)
}

/// The path from directory `from` to `to`, `/`-separated (`../../runtime`).
fn relative_path(from: &Path, to: &Path) -> String {
    let to = absolute(to).unwrap_or_else(|_| to.to_path_buf());
    let from = absolute(from).unwrap_or_else(|_| from.to_path_buf());
    let from: Vec<_> = from.components().collect();
    let to_parts: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    parts.extend(to_parts[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(relative_path(Path::new("/w/generated/ivs"), Path::new("/w/runtime")), "../../runtime");
        assert_eq!(relative_path(Path::new("/tmp/x"), Path::new("/w/runtime")), "../../w/runtime");
        assert_eq!(relative_path(Path::new("/w/a/../b"), Path::new("/w/runtime")), "../runtime");
    }

    #[test]
    fn only_one_json_file_is_generated_from_its_text() {
        let paths = |names: &[&str]| names.iter().map(PathBuf::from).collect::<Vec<_>>();
        assert_eq!(single_json_model(&paths(&["model/ivs.json"])), Some(Path::new("model/ivs.json")));
        assert_eq!(single_json_model(&paths(&["m.smithy"])), None);
        assert_eq!(single_json_model(&paths(&["a.json", "b.json"])), None);
        assert_eq!(single_json_model(&paths(&["a.json", "b.smithy"])), None);
        assert_eq!(single_json_model(&paths(&[])), None);
        // A directory whose name ends in `.json` is walked by the loader.
        let dir = std::env::temp_dir().join(format!("xtask-models-{}.json", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let found = single_json_model(std::slice::from_ref(&dir)).is_some();
        fs::remove_dir(&dir).unwrap();
        assert!(!found);
    }

    #[test]
    fn default_out_is_named_after_the_first_path() {
        let root = Path::new("/w");
        let paths = |names: &[&str]| names.iter().map(PathBuf::from).collect::<Vec<_>>();
        assert_eq!(default_out(root, &paths(&["m/ivs.json"])), Path::new("/w/generated/ivs"));
        assert_eq!(default_out(root, &paths(&["svc.smithy", "shared.json"])), Path::new("/w/generated/svc"));
        let dir = std::env::temp_dir().join(format!("xtask-model-dir-{}.d", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let out = default_out(root, &[dir.clone(), PathBuf::from("x.smithy")]);
        fs::remove_dir(&dir).unwrap();
        assert_eq!(out, root.join("generated").join(dir.file_name().unwrap()));
    }

    #[test]
    fn short_diff_shows_first_change() {
        let diff = short_diff("a\nb\nc\n", "a\nB\nc\n");
        assert!(diff.contains("  - b") && diff.contains("  + B") && diff.contains("line 2"), "{diff}");
    }
}
