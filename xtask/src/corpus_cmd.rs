//! `cargo xtask corpus DIR`: generate a crate for every model in DIR and `cargo check` it, so a
//! model the generator has never seen is tried end to end. Everything goes to `target/corpus`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Generates and checks every `*.json` model in `dir`; fails if any model failed.
pub fn run(root: &Path, dir: &Path) -> Result<(), String> {
    let mut models: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    models.sort();
    if models.is_empty() {
        return Err(format!("{} holds no *.json model", dir.display()));
    }
    let corpus = root.join("target/corpus");
    let mut failed = 0;
    for model in &models {
        let name = model.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        match check_model(root, model, &corpus.join("crates").join(&name), &corpus.join("target")) {
            Ok(operations) => println!("{name}: {operations} operations, ok"),
            Err(reason) => {
                failed += 1;
                println!("{name}: FAILED: {reason}");
            }
        }
    }
    if failed > 0 {
        return Err(format!("{failed} of {} models failed", models.len()));
    }
    Ok(())
}

fn check_model(root: &Path, model: &Path, out: &Path, target: &Path) -> Result<usize, String> {
    let text = fs::read_to_string(model).map_err(|e| format!("cannot read: {e}"))?;
    let generated = crate::codegen_cmd::generate_into(root, &text, out).map_err(|e| first_line(&e))?;
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["check", "--quiet", "--all-targets", "--message-format", "short", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        let first_error = stderr.lines().find(|l| l.contains("error")).unwrap_or("cargo check failed");
        return Err(format!("cargo check: {first_error}"));
    }
    if let Some(warning) = stderr.lines().find(|l| l.contains("warning")) {
        return Err(format!("cargo check warns: {warning}"));
    }
    Ok(generated)
}

fn first_line(text: &str) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    match lines.as_slice() {
        [] => "generation failed".to_owned(),
        [one] => (*one).to_owned(),
        [first, second, ..] => format!("{} {}", first.trim(), second.trim()),
    }
}
