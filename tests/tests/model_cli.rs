//! `cargo xtask model ast` and `cargo xtask codegen --model` on IDL, as a user runs them: errors
//! as `path:line:column: message` with the line and a caret, every problem in one run, exit 1 and
//! nothing written; the JSON AST the same bytes on every run.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--package", "xtask", "--"])
        .args(args)
        .current_dir(root())
        .output()
        .expect("cargo runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = root().join("target").join("model-cli-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

#[test]
fn bad_idl_lists_every_error_with_line_caret_and_writes_nothing() {
    let dir = scratch("bad");
    let model = dir.join("bad.smithy");
    std::fs::write(&model, "$version: \"2\"\nnamespace a.b\n\nstructure S {\n    a String\n}\n\nwidget W\n").unwrap();
    let out = dir.join("out.json");
    let output = xtask(&["model", "ast", model.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let path = model.display().to_string();
    assert!(stderr.contains(&format!("{path}:5:7: Expected COLON(':') but found IDENTIFIER('String')")), "{stderr}");
    assert!(stderr.contains("    |     a String\n    |       ^"), "{stderr}");
    assert!(stderr.contains(&format!("{path}:8:1: Unknown shape type: widget")), "{stderr}");
    assert!(!out.exists(), "nothing may be written");
}

#[test]
fn the_json_ast_is_sorted_without_prelude_and_the_same_every_run() {
    let model = root().join("tests/fixtures/models/weather.smithy");
    let first = xtask(&["model", "ast", model.to_str().unwrap()]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let second = xtask(&["model", "ast", model.to_str().unwrap()]);
    assert_eq!(first.stdout, second.stdout, "model ast must give the same bytes on every run");
    let text = String::from_utf8(first.stdout).expect("UTF-8");
    let ids: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("        \"") && l.ends_with("\": {"))
        .map(|l| l.trim().trim_end_matches(": {").trim_matches('"'))
        .collect();
    assert!(ids.len() > 20, "{ids:?}");
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "shapes are sorted by id: {ids:?}");
    assert!(ids.iter().all(|id| id.starts_with("example.weather#")), "no prelude or built-in shapes: {ids:?}");
    // The JSON AST loads with the JSON loader to the model the IDL gives the generator.
    let from_ast = codegen::model::load(&text).expect("the JSON AST loads");
    let from_idl = codegen::loader::load_paths(&[model]).unwrap().to_model().unwrap();
    assert_eq!(from_ast.shapes, from_idl.shapes);
}

#[test]
fn several_services_need_service_and_the_error_names_them() {
    let dir = scratch("services");
    let model = dir.join("two.smithy");
    std::fs::write(
        &model,
        "$version: \"2\"\nnamespace a.b\nuse aws.protocols#restJson1\n\n@restJson1\nservice One {}\n\n@restJson1\nservice Two {}\n",
    )
    .unwrap();
    let out = dir.join("crate");
    let output = xtask(&["codegen", "--model", model.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("a.b#One") && stderr.contains("a.b#Two") && stderr.contains("--service"), "{stderr}");
    assert!(!out.exists(), "nothing may be written");
}
