//! `cargo xtask`: the project's automation. Only this crate touches the disk; the generator
//! library returns files as strings.

mod bench_cmd;
mod codegen_cmd;
mod corpus_cmd;
mod diff_cmd;
mod fake_ivs_cmd;
mod test_cmd;

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
    /// Regenerate crates from Smithy JSON AST models. Without `--model`: model/ivs.json into
    /// generated/ivs, and every tests/fixtures/models/NAME.json into tests/fixtures/crates/NAME.
    Codegen {
        /// The model to generate from.
        #[arg(long)]
        model: Option<PathBuf>,
        /// The directory of the generated crate (default with `--model`: `generated/<model name>`).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write nothing; fail if the checked-in output differs from a fresh generation.
        #[arg(long)]
        check: bool,
    },
    /// Generate and `cargo check` a crate for every `*.json` model in DIR (in `target/corpus`).
    Corpus {
        /// The directory of models.
        dir: PathBuf,
    },
    /// Run every check and test, as CI does: freshness, clippy, rustfmt, rustdoc, tests.
    Test,
    /// Run the local in-memory IVS server (`cargo run --release -p fake-ivs -- ARGS`), e.g.
    /// `cargo xtask fake-ivs --port 4566`.
    FakeIvs {
        /// Arguments for `fake-ivs` (`--port N`, `--access-key K --secret-key S`, `--region R`).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Print, as Markdown for a PR description, what changed between two models and whether it
    /// breaks users of the generated crate, with the semver bump it calls for.
    Diff {
        /// The model before the change.
        old: PathBuf,
        /// The model after the change.
        new: PathBuf,
        /// Exit non-zero when a change breaks users of the generated crate.
        #[arg(long)]
        deny_breaking: bool,
    },
    /// Benchmark `ivs` against the official `aws-sdk-ivs` (build time, binary size, requests
    /// against fake-ivs, generate() time); prints the table and writes bench/RESULTS.md.
    Bench {
        /// Runs of each runtime row and of each crate-alone build; the median is reported.
        #[arg(long, default_value_t = 3)]
        repeat: usize,
        /// Runs of each cold build (each takes minutes for aws-sdk-ivs).
        #[arg(long, default_value_t = 1)]
        build_repeat: usize,
        /// Run only these sections (repeatable); such a run does not write bench/RESULTS.md.
        #[arg(long, value_enum)]
        only: Vec<bench_cmd::Section>,
        /// `cargo update` the bench workspace first: the latest aws-sdk-ivs and aws-config 1.x.
        #[arg(long)]
        update: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen { model, out, check } => {
            let root = workspace_root();
            let jobs = match model {
                Some(model) => {
                    let stem = model.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                    let out = out.unwrap_or_else(|| root.join("generated").join(stem));
                    vec![(model, out)]
                }
                None => codegen_cmd::checked_in_crates(&root),
            };
            jobs.iter().try_for_each(|(model, out)| codegen_cmd::run(&root, model, out, check))
        }
        Command::Test => test_cmd::run(&workspace_root()),
        Command::Corpus { dir } => corpus_cmd::run(&workspace_root(), &dir),
        Command::FakeIvs { args } => fake_ivs_cmd::run(&workspace_root(), &args),
        Command::Diff { old, new, deny_breaking } => diff_cmd::run(&old, &new, deny_breaking),
        Command::Bench { repeat, build_repeat, only, update } => {
            bench_cmd::run(&workspace_root(), &bench_cmd::Options { repeat, build_repeat, only, update })
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
