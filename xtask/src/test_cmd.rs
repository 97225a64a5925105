//! `cargo xtask test`: every check and test the project has, in the order CI runs them.

use std::path::Path;
use std::process::Command;

/// One step: its name, cargo's arguments and extra environment variables.
type Step<'a> = (&'a str, Vec<&'a str>, Vec<(&'a str, &'a str)>);

/// Runs each step and stops at the first that fails.
pub fn run(root: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let hand_written =
        ["-p", "codegen", "-p", "xtask", "-p", "aws-client-runtime", "-p", "ivs-tests", "-p", "fake-ivs"];
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
        // Snapshots are checked, never written, here.
        ("tests", vec!["test", "--workspace"], vec![("INSTA_UPDATE", "no")]),
    ];
    // The real AWS models beside the project, when this checkout has them.
    let shared_models = root.join("../shared/models");
    let shared_models_arg = shared_models.to_string_lossy().into_owned();
    let mut steps = steps;
    if shared_models.is_dir() {
        let tests = steps.pop().expect("the tests step");
        steps.push(("corpus of real models", vec!["xtask", "corpus", &shared_models_arg], vec![]));
        steps.push(tests);
    } else {
        println!("==> SKIPPED corpus: {} does not exist (it holds the real AWS models)", shared_models.display());
    }
    for (name, args, env) in steps {
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
