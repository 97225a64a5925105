//! `cargo xtask model ast PATH... [--out FILE]`: the model assembled from Smithy IDL and JSON AST files, as a JSON AST.

use clap::Subcommand;
use std::fs;
use std::path::{Path, PathBuf};

/// The `model` subcommands.
#[derive(Debug, PartialEq, Subcommand)]
pub enum ModelCommand {
    /// Print the model assembled from PATH... (`.smithy` and `.json` files, directories walked
    /// recursively) as a Smithy 2.0 JSON AST, as `smithy ast` does: shapes sorted, the prelude
    /// and built-in trait definitions left out, the same bytes on every run.
    Ast {
        /// Model files and directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Write the JSON AST to FILE instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// Runs a `model` subcommand.
pub fn run(command: &ModelCommand) -> Result<(), String> {
    match command {
        ModelCommand::Ast { paths, out } => ast(paths, out.as_deref()),
    }
}

/// Assembles `paths` and prints the JSON AST, or writes it to `out`; on a load error writes
/// nothing and returns every problem.
fn ast(paths: &[PathBuf], out: Option<&Path>) -> Result<(), String> {
    let loaded = codegen::loader::load_paths(paths)
        .map_err(|errors| format!("{errors}\n{} problem(s); nothing was written.", errors.0.len()))?;
    let json = loaded.to_json_ast();
    match out {
        None => print!("{json}"),
        Some(file) => {
            if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
                fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            fs::write(file, &json).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        }
    }
    Ok(())
}
