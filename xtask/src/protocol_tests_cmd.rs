//! `cargo xtask protocol-tests`: generates Smithy's restJson1 protocol compliance service from
//! `tests/fixtures/smithy/protocol-tests` into `target/protocol-tests/rest-json` and runs the
//! generated `tests/protocol_tests.rs`, one test per client case, printing the skip table and
//! the count.

use std::path::Path;
use std::process::Command;

/// The service of the suite.
const SERVICE: &str = "aws.protocoltests.restjson#RestJson";

/// Generates the crate afresh (so it is never stale), builds it with the workspace's target
/// directory and lock file (so shared dependencies compile once), and runs its protocol tests.
pub fn run(root: &Path) -> Result<(), String> {
    let models = root.join("tests/fixtures/smithy/protocol-tests");
    let out = root.join("target/protocol-tests/rest-json");
    if out.exists() {
        std::fs::remove_dir_all(&out).map_err(|e| format!("cannot remove {}: {e}", out.display()))?;
    }
    crate::codegen_cmd::run_models(root, &[models], Some(SERVICE), &out, false)?;
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy Cargo.lock into {}: {e}", out.display()))?;
    print_skipped();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(&cargo)
        .args(["test", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .args(["--test", "protocol_tests", "--", "--test-threads", "2"])
        .env("CARGO_TARGET_DIR", root.join("target"))
        // One line per failure, not a backtrace each.
        .env("RUST_BACKTRACE", "0")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    print!("{stdout}");
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    let summary = stdout.lines().rev().find(|l| l.starts_with("test result:")).unwrap_or("no test result");
    let total = stdout.lines().filter(|l| l.starts_with("test protocol_")).count();
    println!(
        "protocol tests: {total} client cases of {SERVICE} run, {} skipped (table above); {summary}",
        codegen::ir::protocol_tests::SKIPPED.len()
    );
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("the protocol tests of {SERVICE} failed: {summary}"))
    }
}

fn print_skipped() {
    let skipped = codegen::ir::protocol_tests::SKIPPED;
    if skipped.is_empty() {
        println!("protocol tests: skip table empty (every client case runs)");
        return;
    }
    println!("protocol tests: {} case(s) skipped:", skipped.len());
    let width = skipped.iter().map(|(id, _)| id.len()).max().unwrap_or(0);
    for (id, reason) in skipped {
        println!("    {id:width$}  {reason}");
    }
}
