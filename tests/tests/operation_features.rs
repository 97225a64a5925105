//! Pay for what you use: every operation of `ivs` is a cargo feature, and a build with only one
//! of them (or none) compiles, warning-free, with only the shapes that operation reaches.

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root")
}

/// The operation features declared in the generated manifest.
fn operation_features() -> Vec<String> {
    let manifest = std::fs::read_to_string(root().join("generated/ivs/Cargo.toml")).expect("manifest");
    manifest.lines().filter_map(|line| line.strip_suffix(" = []")).map(str::to_owned).collect()
}

fn check(features: &str) -> (bool, String) {
    let output = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--package", "ivs", "--no-default-features", "--message-format", "short"])
        .args(["--features", features])
        // A target directory of its own, so these builds don't invalidate the main one.
        .env("CARGO_TARGET_DIR", root().join("target/feature-checks"))
        .current_dir(root())
        .output()
        .expect("cargo runs");
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn each_single_operation_build_compiles_without_warnings() {
    let features = operation_features();
    assert_eq!(features.len(), 18, "one feature per operation: {features:?}");
    let mut failures = Vec::new();
    for feature in features.iter().map(String::as_str).chain([""]) {
        let (ok, stderr) = check(feature);
        if !ok || stderr.contains("warning") {
            failures.push(format!("--features {feature:?}:\n{stderr}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_single_operation_build_leaves_the_others_out() {
    let generated = std::fs::read_to_string(root().join("generated/ivs/src/operation.rs")).expect("operation.rs");
    assert!(generated.contains("#[cfg(feature = \"get-channel\")]\npub mod get_channel;"), "{generated}");
    let types = std::fs::read_to_string(root().join("generated/ivs/src/types.rs")).expect("types.rs");
    // `StreamKey` is reached by the stream-key operations and CreateChannel, not by GetChannel.
    let before: Vec<&str> = types.lines().take_while(|l| !l.contains("pub struct StreamKey {")).collect();
    let gate = before[before.iter().rposition(|l| l.starts_with("#[cfg(")).expect("a gate")..].join("\n");
    assert!(gate.contains("\"create-stream-key\"") && !gate.contains("\"get-channel\""), "{gate}");
}
