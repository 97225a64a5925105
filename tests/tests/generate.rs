//! The generator's output: snapshots of every generated file, determinism, freshness of the
//! checked-in crates, and the errors a bad model gets.

use codegen::{generate, Generated, Settings};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Generated crates checked into the repository, and the models they come from.
fn checked_in() -> Vec<(PathBuf, PathBuf)> {
    let root = root();
    let mut crates = vec![(root.join("model/ivs.json"), root.join("generated/ivs"))];
    let models = root.join("tests/fixtures/models");
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(&models)
        .map(|dir| {
            dir.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json" || x == "smithy"))
                .collect()
        })
        .unwrap_or_default();
    fixtures.sort();
    for model in fixtures {
        let name = model.file_stem().unwrap().to_string_lossy().into_owned();
        crates.push((model, root.join("tests/fixtures/crates").join(name)));
    }
    crates
}

/// The settings `cargo xtask codegen` uses for a crate in `out`: the runtime by a relative path.
fn settings_for(out: &Path) -> Settings {
    let depth = out.strip_prefix(root()).expect("inside the workspace").components().count();
    Settings { runtime_path: format!("{}runtime", "../".repeat(depth)), ..Settings::default() }
}

/// Generates from a JSON AST's text, or from IDL through the model loader.
fn generate_file(model: &Path, out: &Path) -> Generated {
    if model.extension().is_some_and(|x| x == "smithy") {
        let loaded =
            codegen::loader::load_paths(&[model.to_path_buf()]).unwrap_or_else(|e| panic!("{}: {e}", model.display()));
        let model_ir = loaded.to_model().unwrap_or_else(|e| panic!("{}: {e}", model.display()));
        return codegen::generate_model(model_ir, &settings_for(out))
            .unwrap_or_else(|e| panic!("{}: {e}", model.display()));
    }
    generate(&read(model), &settings_for(out)).unwrap_or_else(|e| panic!("{}: {e}", model.display()))
}

/// One snapshot per generated file, so a PR diff shows exactly which files moved.
#[test]
fn snapshots_of_every_generated_file() {
    for (model, out) in checked_in() {
        let generated = generate_file(&model, &out);
        let crate_name = generated.package.clone();
        for file in &generated.files {
            let name = format!("{crate_name}__{}", file.path.replace(['/', '.'], "_"));
            insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
                insta::assert_snapshot!(name, &file.contents);
            });
        }
    }
}

#[test]
fn generation_is_deterministic() {
    for (model, out) in checked_in() {
        let first = generate_file(&model, &out);
        for _ in 0..3 {
            assert_eq!(generate_file(&model, &out), first, "{} generated different bytes", model.display());
        }
    }
}

/// The checked-in crates equal a fresh generation, so plain `cargo test` catches a stale
/// checkout: this runs the same comparison as CI, `cargo xtask codegen --check`.
#[test]
fn checked_in_crates_are_fresh() {
    let output = std::process::Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--package", "xtask", "--", "codegen", "--check"])
        .current_dir(root())
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// An operation with an event stream is left out, with the shapes only it reaches; the crate's
/// docs list it and `cargo xtask codegen` warns about it.
#[test]
fn event_stream_operations_are_left_out_listed_and_warned_about() {
    let (model, out) =
        (root().join("tests/fixtures/models/advanced.json"), root().join("tests/fixtures/crates/advanced"));
    let generated = generate_file(&model, &out);
    let reason = "its output member `events` is an event stream (`example.advanced#WidgetEvents`), which this \
                  generator does not support yet";
    assert_eq!(generated.left_out, [("example.advanced#WatchWidgets".to_owned(), reason.to_owned())]);
    for file in &generated.files {
        if file.path == "src/lib.rs" {
            let listed = format!(
                "//! ## Operations left out\n//!\n//! These operations of the model are not in this crate:\n\
                 //!\n//! - `example.advanced#WatchWidgets`: {reason}.\n"
            );
            assert!(file.contents.contains(&listed), "{}", file.contents);
            continue;
        }
        for name in ["WatchWidgets", "watch_widgets", "watch-widgets", "WidgetEvents", "WidgetChanged", "WatchFailed"] {
            assert!(!file.contents.contains(name), "{} mentions {name}", file.path);
        }
    }
    let output = std::process::Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--package", "xtask", "--", "codegen", "--check", "--model"])
        .arg(&model)
        .arg("--out")
        .arg(&out)
        .current_dir(root())
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let warning = format!("warning: advanced: operation example.advanced#WatchWidgets is left out: {reason}\n");
    assert!(stderr.contains(&warning), "{stderr}");
}

#[test]
fn generated_files_carry_the_regeneration_header_and_no_version() {
    let generated = generate_file(&root().join("model/ivs.json"), &root().join("generated/ivs"));
    for file in &generated.files {
        assert!(file.contents.contains("cargo xtask codegen"), "{} has no header", file.path);
        assert!(!file.contents.contains("2026"), "{} carries a date", file.path);
    }
}

fn problems_of(model: &str) -> Vec<codegen::Problem> {
    generate(model, &Settings::default()).expect_err("the model is bad").0
}

const SERVICE: &str = r#""a.b#Svc":{"type":"service","version":"1","operations":[{"target":"a.b#Op"}],
    "traits":{"aws.protocols#restJson1":{},"aws.api#service":{"sdkId":"Bad"}}},
    "a.b#Op":{"type":"operation","input":{"target":"a.b#In"},"traits":{"smithy.api#http":{"method":"POST","uri":"/op","code":200}}}"#;

fn model_with(shapes: &str) -> String {
    format!(r#"{{"smithy":"2.0","shapes":{{{SERVICE},{shapes}}}}}"#)
}

#[test]
fn malformed_json_reports_line_and_column() {
    let problems = problems_of("{\n\"smithy\": \"2.0\",\n\"shapes\": {\n  \"a#B\": {\"type\": \"string\",}\n}}");
    assert_eq!(problems.len(), 1);
    assert!(problems[0].message.contains("line 4"), "{}", problems[0]);
}

#[test]
fn every_problem_is_reported_at_once_with_shape_and_member() {
    let problems = problems_of(&model_with(
        r#""a.b#In":{"type":"structure","members":{"x":{"target":"a.b#Missing"},"y":{"target":"a.b#AlsoMissing"}}},
           "a.b#Weird":{"type":"gizmo"}"#,
    ));
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(text.iter().any(|p| p.contains("a.b#Weird") && p.contains("unknown shape type `gizmo`")), "{text:?}");
    // The unknown type stops loading, so dangling targets are reported by a second model.
    let problems = problems_of(&model_with(
        r#""a.b#In":{"type":"structure","members":{"x":{"target":"a.b#Missing"},"y":{"target":"a.b#AlsoMissing"}}}"#,
    ));
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!((problems[0].shape.as_str(), problems[0].member.as_deref()), ("a.b#In", Some("x")));
    assert_eq!((problems[1].shape.as_str(), problems[1].member.as_deref()), ("a.b#In", Some("y")));
}

#[test]
fn names_that_collide_after_casing_name_both_members() {
    let problems = problems_of(&model_with(
        r#""a.b#In":{"type":"structure","members":{"fooBar":{"target":"smithy.api#String"},"foo_bar":{"target":"smithy.api#String"}}}"#,
    ));
    let text = problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
    assert!(text.contains("foo_bar") && text.contains("fooBar") && text.contains("a.b#In"), "{text}");
}

#[test]
fn other_protocols_are_refused_by_name() {
    let model = model_with(r#""a.b#In":{"type":"structure","members":{}}"#)
        .replace("aws.protocols#restJson1", "aws.protocols#awsJson1_1");
    let problems = problems_of(&model);
    assert!(
        problems.iter().any(|p| p.shape == "a.b#Svc" && p.message.contains("aws.protocols#awsJson1_1")),
        "{problems:?}"
    );
}

#[test]
fn a_bad_model_writes_nothing_through_xtask() {
    let dir = std::env::temp_dir().join(format!("codegen-bad-model-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let model = dir.join("bad.json");
    std::fs::write(&model, model_with(r#""a.b#In":{"type":"structure","members":{"x":{"target":"a.b#Nope"}}}"#))
        .unwrap();
    let out = dir.join("out");
    let status = std::process::Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--package", "xtask", "--", "codegen", "--model"])
        .arg(&model)
        .arg("--out")
        .arg(&out)
        .current_dir(root())
        .output()
        .expect("cargo runs");
    assert!(!status.status.success());
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(stderr.contains("a.b#In$x") && stderr.contains("nothing was written"), "{stderr}");
    assert!(!out.exists(), "xtask wrote {}", out.display());
    std::fs::remove_dir_all(&dir).ok();
}
