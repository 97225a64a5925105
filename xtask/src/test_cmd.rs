//! `cargo xtask test`: every check and test the project has, in the order CI runs them.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The moto release that `tests/tests/moto.rs` runs against, installed from PyPI.
const MOTO_VERSION: &str = "5.2.5";

/// One step: its name, cargo's arguments and extra environment variables.
type Step<'a> = (&'a str, Vec<&'a str>, Vec<(&'a str, &'a str)>);

/// Runs each step and stops at the first that fails.
pub fn run(root: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let hand_written =
        ["-p", "codegen", "-p", "xtask", "-p", "aws-client-runtime", "-p", "ivs-tests", "-p", "fake-ivs"];
    // moto, for tests/tests/moto.rs: installed into this venv before the step that names MOTO_SERVER.
    let moto_venv = root.join("target").join("moto-venv");
    let moto_server = moto_server_path(&moto_venv).to_string_lossy().into_owned();
    let steps: Vec<Step> = vec![
        ("generated code is fresh", vec!["xtask", "codegen", "--check"], vec![]),
        ("rustfmt (hand-written crates)", [&["fmt", "--check"][..], &hand_written[..]].concat(), vec![]),
        ("clippy", vec!["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], vec![]),
        (
            "clippy with the aws-config feature",
            vec![
                "clippy",
                "-p",
                "aws-client-runtime",
                "-p",
                "ivs",
                "--all-targets",
                "--all-features",
                "--",
                "-D",
                "warnings",
            ],
            vec![],
        ),
        ("rustdoc", vec!["doc", "--workspace", "--no-deps"], vec![("RUSTDOCFLAGS", "-D warnings")]),
        (
            "runtime tests with the aws-config feature",
            vec!["test", "-p", "aws-client-runtime", "--all-features"],
            vec![],
        ),
        // The generated crate's optional features: each alone, then all together with the
        // README's examples (doc tests of ivs-tests).
        (
            "clippy: ivs with serde",
            vec!["clippy", "-p", "ivs", "--all-targets", "--features", "serde", "--", "-D", "warnings"],
            vec![],
        ),
        (
            "clippy: ivs with test-util",
            vec!["clippy", "-p", "ivs", "--all-targets", "--features", "test-util", "--", "-D", "warnings"],
            vec![],
        ),
        (
            "clippy: ivs with blocking",
            vec!["clippy", "-p", "ivs", "--all-targets", "--features", "blocking", "--", "-D", "warnings"],
            vec![],
        ),
        ("serde feature alone", vec!["test", "-p", "ivs-tests", "--features", "serde", "--test", "serde"], vec![]),
        (
            "test-util feature alone",
            vec!["test", "-p", "ivs-tests", "--features", "test-util", "--test", "mock"],
            vec![],
        ),
        (
            "blocking feature alone",
            vec!["test", "-p", "ivs-tests", "--features", "blocking", "--test", "blocking"],
            vec![],
        ),
        (
            "serde, test-util and blocking together",
            vec![
                "test",
                "-p",
                "ivs-tests",
                "--features",
                "serde,test-util,blocking",
                "--test",
                "serde",
                "--test",
                "mock",
                "--test",
                "blocking",
            ],
            vec![],
        ),
        (
            "the README's examples (doc tests, every feature on)",
            vec!["test", "-p", "ivs-tests", "--features", "serde,test-util,blocking", "--doc"],
            vec![],
        ),
        // Smithy's restJson1 protocol compliance suite, generated afresh and run.
        ("protocol compliance tests", vec!["xtask", "protocol-tests"], vec![]),
        // Snapshots are checked, never written, here.
        ("tests", vec!["test", "--workspace"], vec![("INSTA_UPDATE", "no"), ("MOTO_SERVER", &moto_server)]),
    ];
    // The real AWS models beside the project, when this checkout has them.
    let shared_models = root.join("../shared/models");
    let shared_models_arg = shared_models.to_string_lossy().into_owned();
    let mut steps = steps;
    if shared_models.is_dir() {
        let tests = steps.pop().expect("the tests step");
        steps.push(("corpus of real models", vec!["xtask", "corpus", &shared_models_arg], vec![]));
        steps.push(tests);
    } else if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        return Err(format!(
            "{} does not exist (it holds the real AWS models), and CI is set: CI must run the corpus step",
            shared_models.display()
        ));
    } else {
        println!("==> SKIPPED corpus: {} does not exist (it holds the real AWS models)", shared_models.display());
    }
    let mut moto_installed = false;
    for (name, args, env) in steps {
        if !moto_installed && env.iter().any(|(key, _)| *key == "MOTO_SERVER") {
            println!("==> moto[server]=={MOTO_VERSION} in {}", moto_venv.display());
            ensure_moto(&moto_venv)?;
            moto_installed = true;
        }
        println!("==> {name}: cargo {}", args.join(" "));
        let status = Command::new(&cargo)
            .args(&args)
            .envs(env)
            .current_dir(root)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("step failed: {name} (cargo {})", args.join(" ")));
        }
    }
    println!("==> all checks passed");
    Ok(())
}

/// Where a venv keeps its `moto_server` script.
fn moto_server_path(venv: &Path) -> PathBuf {
    venv.join("bin").join("moto_server")
}

/// Makes sure `venv` holds `moto[server]==MOTO_VERSION`: when its `moto_server` is missing or
/// `pip show moto` reports another version (or fails), the venv is created afresh with
/// `python3 -m venv --clear` and moto installed into it from PyPI. Any failure is an error: CI
/// must never skip the moto tests silently.
fn ensure_moto(venv: &Path) -> Result<PathBuf, String> {
    let moto_server = moto_server_path(venv);
    let python = venv.join("bin").join("python");
    match installed_moto_version(venv) {
        Some(version) if version == MOTO_VERSION && moto_server.is_file() => {
            println!("moto {MOTO_VERSION} is already installed: {}", moto_server.display());
            return Ok(moto_server);
        }
        Some(version) => println!("{} has moto {version}; reinstalling moto {MOTO_VERSION}", venv.display()),
        None => println!("no moto in {}; installing moto {MOTO_VERSION}", venv.display()),
    }
    run_loudly(
        Command::new("python3").arg("-m").arg("venv").arg("--clear").arg(venv),
        "python3 -m venv (needs Python 3 with the venv module; on Debian: apt-get install python3-venv)",
    )?;
    run_loudly(
        Command::new(&python).args([
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--progress-bar",
            "off",
            &format!("moto[server]=={MOTO_VERSION}"),
        ]),
        "pip install moto[server] (needs PyPI)",
    )?;
    match installed_moto_version(venv) {
        Some(version) if version == MOTO_VERSION && moto_server.is_file() => Ok(moto_server),
        found => Err(format!(
            "moto was installed into {} but `pip show moto` reports {found:?} (wanted {MOTO_VERSION}) \
             and {} {}",
            venv.display(),
            moto_server.display(),
            if moto_server.is_file() { "exists" } else { "does not exist" },
        )),
    }
}

/// The version `pip show moto` reports in `venv`, or `None` when the venv or moto is missing.
fn installed_moto_version(venv: &Path) -> Option<String> {
    let python = venv.join("bin").join("python");
    if !python.is_file() {
        return None;
    }
    let out = Command::new(&python)
        .args(["-m", "pip", "show", "--disable-pip-version-check", "moto"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout).lines().find_map(|l| l.strip_prefix("Version:")).map(|v| v.trim().to_owned())
}

/// Runs a command with its output shown; an error names `what` when it cannot start or fails.
fn run_loudly(command: &mut Command, what: &str) -> Result<(), String> {
    let status = command.status().map_err(|e| format!("cannot run {what}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed: {status}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fresh-clone path: a venv created from nothing, moto installed from PyPI, then found
    /// installed without a second install. Needs python3 and PyPI, and takes a while, so it is
    /// ignored by default: `cargo test -p xtask -- --ignored moto`.
    #[test]
    #[ignore = "creates a venv and installs moto from PyPI"]
    fn moto_installs_into_a_fresh_venv_and_is_then_found() {
        let venv = std::env::temp_dir().join(format!("xtask-moto-venv-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&venv);
        assert_eq!(installed_moto_version(&venv), None);
        let moto_server = ensure_moto(&venv).expect("install moto");
        assert_eq!(moto_server, venv.join("bin/moto_server"));
        assert!(moto_server.is_file(), "{} is missing", moto_server.display());
        assert_eq!(installed_moto_version(&venv).as_deref(), Some(MOTO_VERSION));
        let modified = std::fs::metadata(&moto_server).and_then(|m| m.modified()).expect("mtime");
        // Installed already: nothing is reinstalled, so the script is untouched.
        assert_eq!(ensure_moto(&venv), Ok(moto_server.clone()));
        assert_eq!(std::fs::metadata(&moto_server).and_then(|m| m.modified()).expect("mtime"), modified);
        std::fs::remove_dir_all(&venv).expect("remove the venv");
    }
}
