//! `cargo xtask corpus DIR`: generate a crate for every model under DIR (walked recursively), so
//! that models the generator has never seen are tried end to end. The crates are members of one
//! generated workspace, `target/corpus`, built with the main workspace's lock file and target
//! directory, so the dependencies they share compile once; clippy and rustdoc then run once for
//! the whole workspace, each error attributed to its model, and every model's endpoint test
//! cases run in this process.

use aws_client_runtime::endpoint_rules::{RuleSet, TestCase};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One model of the corpus and what became of it.
struct Entry {
    /// The model's path under DIR, without `.json` (`aws/app-mesh`).
    name: String,
    /// The crate's directory under `target/corpus` (`aws-app-mesh`).
    dir: String,
    /// The generated package, once generated.
    package: Option<String>,
    operations: usize,
    lines: usize,
    millis: u128,
    /// The first problem, when the model fails.
    error: Option<String>,
}

/// Generates every `*.json` model under `dir` into one workspace and checks it; fails if any
/// model failed.
pub fn run(root: &Path, dir: &Path) -> Result<(), String> {
    let started = Instant::now();
    let mut models = Vec::new();
    find_models(dir, &mut models)?;
    models.sort();
    if models.is_empty() {
        return Err(format!("{} holds no *.json model", dir.display()));
    }
    let corpus = root.join("target/corpus");
    fs::create_dir_all(&corpus).map_err(|e| format!("cannot create {}: {e}", corpus.display()))?;
    let mut entries = Vec::new();
    let mut packages: BTreeMap<String, String> = BTreeMap::new();
    for model in &models {
        let relative = model.strip_prefix(dir).unwrap_or(model).with_extension("");
        let name = relative.to_string_lossy().replace('\\', "/");
        let crate_dir = name.replace('/', "-");
        let mut entry = Entry { name, dir: crate_dir, package: None, operations: 0, lines: 0, millis: 0, error: None };
        let generation = Instant::now();
        let result = fs::read_to_string(model)
            .map_err(|e| format!("cannot read: {e}"))
            .and_then(|text| crate::codegen_cmd::generate_into(root, &text, &corpus.join(&entry.dir)));
        entry.millis = generation.elapsed().as_millis();
        match result {
            Ok(generated) => {
                entry.operations = generated.operations;
                entry.lines = generated
                    .files
                    .iter()
                    .filter(|f| f.path.ends_with(".rs"))
                    .map(|f| f.contents.lines().count())
                    .sum();
                if let Some(other) = packages.get(&generated.package) {
                    entry.error = Some(format!("package `{}` is also generated from {other}", generated.package));
                } else {
                    packages.insert(generated.package.clone(), entry.name.clone());
                    entry.package = Some(generated.package);
                }
            }
            Err(e) => entry.error = Some(format!("generation: {}", first_line(&e))),
        }
        entries.push(entry);
    }
    println!("corpus: {} models generated in {} ms", entries.len(), started.elapsed().as_millis());
    write_workspace(root, &corpus, &entries)?;

    let target = root.join("target");
    let manifest = corpus.join("Cargo.toml");
    // clippy on every target (tests included), as strict as on our own crates.
    let members = passing(&entries);
    if !members.is_empty() {
        let step = Instant::now();
        let output = cargo("clippy", &manifest, &target)
            .args(["--workspace", "--all-targets", "--keep-going", "--message-format", "json"])
            .args(["--", "-D", "warnings"])
            .output()
            .map_err(|e| format!("cannot run cargo clippy: {e}"))?;
        attribute(&mut entries, &corpus, "clippy", &output)?;
        println!("corpus: clippy in {} s", step.elapsed().as_secs());
    }
    // rustdoc without warnings, for the crates clippy passed.
    let members = passing(&entries);
    if !members.is_empty() {
        let step = Instant::now();
        // Every crate documented into one folder makes rustdoc rewrite the shared search
        // index and impl lists of all the others each time (measured: 4 s for a crate alone,
        // about 50 s beside 80 others). `--merge=none` (rustdoc's unstable cross-crate merging
        // flag, hence RUSTC_BOOTSTRAP) writes each crate's own pages only; the lints are the
        // same. The flag changes build scripts' view of the compiler, so this step has a target
        // directory of its own rather than invalidate the shared one.
        let output = cargo("doc", &manifest, &root.join("target/corpus-doc"))
            .args(["--no-deps", "--keep-going", "--message-format", "json"])
            .args(members.iter().flat_map(|p| ["-p", p]))
            .env("RUSTC_BOOTSTRAP", "1")
            .env("RUSTDOCFLAGS", "-D warnings -Z unstable-options --merge=none")
            .output()
            .map_err(|e| format!("cannot run cargo doc: {e}"))?;
        attribute(&mut entries, &corpus, "rustdoc", &output)?;
        println!("corpus: rustdoc in {} s", step.elapsed().as_secs());
    }
    // The endpoint tests of every model with a rule set.
    let step = Instant::now();
    let (run, ignored) = run_endpoint_tests(&mut entries, &corpus);
    println!(
        "corpus: {run} endpoint test cases run ({ignored} ignored, with reasons) in {} ms",
        step.elapsed().as_millis()
    );

    let width = entries.iter().map(|e| e.name.len()).max().unwrap_or(0);
    for entry in &entries {
        let verdict = match &entry.error {
            None => "pass".to_owned(),
            Some(error) => format!("FAIL: {error}"),
        };
        println!(
            "{:width$}  {:4} operations  {:7} lines  {:5} ms  {verdict}",
            entry.name, entry.operations, entry.lines, entry.millis
        );
    }
    let failed = entries.iter().filter(|e| e.error.is_some()).count();
    println!(
        "corpus: {} models, {} pass, {failed} fail, in {} s",
        entries.len(),
        entries.len() - failed,
        started.elapsed().as_secs()
    );
    if failed > 0 {
        return Err(format!("{failed} of {} models failed", entries.len()));
    }
    Ok(())
}

/// Every `*.json` file under `dir`, at any depth.
pub fn find_models(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), String> {
    for entry in fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?.flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            find_models(&path, found)?;
        } else if path.extension().is_some_and(|x| x == "json") {
            found.push(path);
        }
    }
    Ok(())
}

/// Writes `corpus/Cargo.toml` (the generated crates as members) and the main workspace's lock
/// file beside it, and removes crate directories no model produces any more.
fn write_workspace(root: &Path, corpus: &Path, entries: &[Entry]) -> Result<(), String> {
    let members: BTreeSet<&str> = entries.iter().filter(|e| e.package.is_some()).map(|e| e.dir.as_str()).collect();
    let all: BTreeSet<&str> = entries.iter().map(|e| e.dir.as_str()).collect();
    for entry in fs::read_dir(corpus).map_err(|e| format!("cannot read {}: {e}", corpus.display()))?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().is_ok_and(|t| t.is_dir()) && !all.contains(name.as_str()) {
            fs::remove_dir_all(entry.path()).map_err(|e| format!("cannot remove {}: {e}", entry.path().display()))?;
        }
    }
    let list: Vec<String> = members.iter().map(|m| format!("    \"{m}\",\n")).collect();
    let manifest = format!(
        "# Generated by `cargo xtask corpus`: every model's crate, built together.\n\
         [workspace]\nresolver = \"2\"\nmembers = [\n{}]\n",
        list.concat()
    );
    write_if_changed(&corpus.join("Cargo.toml"), &manifest)?;
    let lock = fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    write_if_changed(&corpus.join("Cargo.lock"), &lock)
}

fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if fs::read_to_string(path).is_ok_and(|c| c == contents) {
        return Ok(());
    }
    fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The packages of the models that have not failed yet.
fn passing(entries: &[Entry]) -> Vec<String> {
    entries.iter().filter(|e| e.error.is_none()).filter_map(|e| e.package.clone()).collect()
}

/// A cargo command (`subcommand`) on the corpus workspace.
fn cargo(subcommand: &str, manifest: &Path, target: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command.env("CARGO_TARGET_DIR", target).env("CARGO_TERM_COLOR", "never").env("RUST_BACKTRACE", "0");
    // Each crate is checked once per run: incremental caches would cost gigabytes and time.
    command.env("CARGO_INCREMENTAL", "0");
    command.arg(subcommand).arg("--quiet").arg("--manifest-path").arg(manifest);
    command
}

/// The model whose crate lives in the directory holding `manifest_path`.
fn entry_for<'a>(entries: &'a mut [Entry], corpus: &Path, manifest_path: &str) -> Option<&'a mut Entry> {
    let dir = Path::new(manifest_path).parent()?;
    let name = dir.strip_prefix(corpus).ok()?.to_string_lossy().into_owned();
    entries.iter_mut().find(|e| e.dir == name)
}

/// Reads cargo's JSON messages: the first error or warning of each crate fails its model. A
/// failed command with nothing attributed is an error of the whole run.
fn attribute(
    entries: &mut [Entry],
    corpus: &Path,
    step: &str,
    output: &std::process::Output,
) -> Result<Vec<Value>, String> {
    let mut attributed = false;
    let mut messages = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else { continue };
        if message["reason"] == "compiler-message" {
            let diagnostic = &message["message"];
            let level = diagnostic["level"].as_str().unwrap_or("");
            let spans = diagnostic["spans"].as_array().map(Vec::as_slice).unwrap_or(&[]);
            if !(level == "error" || level == "warning") || spans.is_empty() {
                continue;
            }
            let Some(entry) = entry_for(entries, corpus, message["manifest_path"].as_str().unwrap_or("")) else {
                continue;
            };
            attributed = true;
            if entry.error.is_none() {
                let span = spans.iter().find(|s| s["is_primary"] == true).unwrap_or(&spans[0]);
                entry.error = Some(format!(
                    "{step}: {}: {}:{}: {}",
                    level,
                    span["file_name"].as_str().unwrap_or("?"),
                    span["line_start"],
                    diagnostic["message"].as_str().unwrap_or("?")
                ));
            }
        }
        messages.push(message);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() && !attributed {
        return Err(format!("{step} failed on the corpus workspace:\n{stderr}"));
    }
    // Cargo's own warnings (a manifest problem, a file collision) fail the run; when the build
    // failed, its `could not compile` lines only repeat what was attributed.
    let cargo_warning = stderr.lines().find(|l| {
        l.starts_with("warning") && (output.status.success() || !l.contains("build failed, waiting for other jobs"))
    });
    if let Some(warning) = cargo_warning {
        return Err(format!("{step} on the corpus workspace: {warning}\n{stderr}"));
    }
    Ok(messages)
}

/// Runs every model's endpoint tests: each case of its `tests/endpoint_tests.rs` (which clippy
/// has already type-checked with `--all-targets`) is checked against its `src/endpoint_rules.json`
/// in this process, with the runtime function the test calls. Linking one test binary per model
/// would build every crate in full a third time, for the same checks. Returns the cases run and
/// ignored.
fn run_endpoint_tests(entries: &mut [Entry], corpus: &Path) -> (usize, usize) {
    let (mut run, mut ignored) = (0, 0);
    for entry in entries.iter_mut().filter(|e| e.error.is_none() && e.package.is_some()) {
        let dir = corpus.join(&entry.dir);
        let tests_path = dir.join("tests/endpoint_tests.rs");
        let Ok(tests) = fs::read_to_string(&tests_path) else { continue };
        let result = endpoint_cases(&tests).and_then(|cases| {
            let rules = fs::read_to_string(dir.join("src/endpoint_rules.json"))
                .map_err(|e| format!("cannot read src/endpoint_rules.json: {e}"))?;
            let rules = RuleSet::from_json(&rules).map_err(|e| format!("the rule set is invalid: {e}"))?;
            for case in &cases {
                if case.ignored {
                    ignored += 1;
                    continue;
                }
                run += 1;
                TestCase::from_json(&case.json)
                    .map_err(|e| format!("{}: invalid test case: {e}", case.name))?
                    .check(&rules)
                    .map_err(|e| format!("{} failed: {e}", case.name))?;
            }
            Ok(())
        });
        if let Err(e) = result {
            entry.error = Some(format!("endpoint tests: {}", first_line(&e)));
        }
    }
    (run, ignored)
}

/// One `#[test]` of a generated `tests/endpoint_tests.rs`.
struct EndpointCase {
    name: String,
    json: String,
    ignored: bool,
}

/// The cases of a generated `tests/endpoint_tests.rs`: each `#[test]` function calls
/// `check("<case as JSON>")`, and is `#[ignore = ".."]`d when the generator says why.
fn endpoint_cases(source: &str) -> Result<Vec<EndpointCase>, String> {
    let file = syn::parse_file(source).map_err(|e| format!("tests/endpoint_tests.rs does not parse: {e}"))?;
    let mut cases = Vec::new();
    for item in file.items {
        let syn::Item::Fn(function) = item else { continue };
        if !function.attrs.iter().any(|a| a.path().is_ident("test")) {
            continue;
        }
        let ignored = function.attrs.iter().any(|a| a.path().is_ident("ignore"));
        let name = function.sig.ident.to_string();
        let json = function.block.stmts.iter().find_map(|statement| {
            let syn::Stmt::Expr(syn::Expr::Call(call), _) = statement else { return None };
            match call.args.first() {
                Some(syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. })) => Some(text.value()),
                _ => None,
            }
        });
        let json = json.ok_or_else(|| format!("{name} does not call check(\"<case>\")"))?;
        cases.push(EndpointCase { name, json, ignored });
    }
    Ok(cases)
}

fn first_line(text: &str) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    match lines.as_slice() {
        [] => "generation failed".to_owned(),
        [one] => (*one).to_owned(),
        [first, second, ..] => format!("{} {}", first.trim(), second.trim()),
    }
}
