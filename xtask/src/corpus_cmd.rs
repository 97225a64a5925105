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

/// A cargo invocation: its name, arguments, and an environment variable to set.
type CargoStep<'a> = (&'a str, &'a [&'a str], Option<(&'a str, &'a str)>);

fn check_model(root: &Path, model: &Path, out: &Path, target: &Path) -> Result<usize, String> {
    let text = fs::read_to_string(model).map_err(|e| format!("cannot read: {e}"))?;
    let generated = crate::codegen_cmd::generate_into(root, &text, out).map_err(|e| first_line(&e))?;
    // The same bar as our own crate: clippy and rustdoc without warnings, and its tests (the
    // model's endpoint tests, when it has a rule set).
    let steps: [CargoStep; 3] = [
        ("clippy", &["clippy", "--quiet", "--all-targets", "--message-format", "short", "--", "-D", "warnings"], None),
        ("rustdoc", &["doc", "--quiet", "--no-deps"], Some(("RUSTDOCFLAGS", "-D warnings"))),
        ("tests", &["test", "--quiet"], None),
    ];
    for (name, args, env) in steps {
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
        // `--manifest-path` goes right after the subcommand, before any `--`.
        command.arg(args[0]).arg("--manifest-path").arg(out.join("Cargo.toml")).args(&args[1..]);
        command.env("CARGO_TARGET_DIR", target);
        if let Some((key, value)) = env {
            command.env(key, value);
        }
        let output = command.output().map_err(|e| format!("cannot run cargo: {e}"))?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            let first_error = stderr.lines().find(|l| l.contains("error")).unwrap_or("failed");
            return Err(format!("{name}: {first_error}"));
        }
        if let Some(warning) = stderr.lines().find(|l| l.starts_with("warning")) {
            return Err(format!("{name} warns: {warning}"));
        }
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
