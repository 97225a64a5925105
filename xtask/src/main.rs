//! `cargo xtask`: the project's automation. Only this crate touches the disk; the generator
//! library returns files as strings.

mod codegen_cmd;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Project automation")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate a crate from a Smithy JSON AST model (default: model/ivs.json into generated/ivs).
    Codegen {
        /// The model to generate from.
        #[arg(long)]
        model: Option<PathBuf>,
        /// The directory of the generated crate.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write nothing; fail if the checked-in output differs from a fresh generation.
        #[arg(long)]
        check: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen { model, out, check } => {
            let root = workspace_root();
            let model = model.unwrap_or_else(|| root.join("model/ivs.json"));
            let out = out.unwrap_or_else(|| root.join("generated/ivs"));
            codegen_cmd::run(&root, &model, &out, check)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of this crate's directory.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(PathBuf::from).unwrap_or(manifest_dir)
}
