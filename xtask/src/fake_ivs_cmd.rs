//! `cargo xtask fake-ivs [ARGS]`: builds and runs the local IVS server, `cargo run --release -p
//! fake-ivs -- ARGS`. The server's dependencies stay out of xtask: cargo builds them.

use std::path::Path;
use std::process::Command;

/// Runs the `fake-ivs` binary with `args` until it exits.
pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(&cargo)
        .args(["run", "--release", "-p", "fake-ivs", "--"])
        .args(args)
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("fake-ivs exited with {status}"))
    }
}
