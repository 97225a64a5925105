//! `cargo xtask`: the project's automation. Only this crate touches the disk; the generator
//! library returns files as strings.

mod bench_cmd;
mod codegen_cmd;
mod corpus_cmd;
mod diff_cmd;
mod fake_ivs_cmd;
mod model_cmd;
mod protocol_tests_cmd;
mod test_cmd;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(name = "cargo xtask", about = "Project automation")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, PartialEq, Subcommand)]
enum Command {
    /// Regenerate crates from Smithy models. Without `--model`: model/ivs.json into
    /// generated/ivs, and every tests/fixtures/models/NAME.json into tests/fixtures/crates/NAME.
    Codegen {
        /// The model to generate from: `.smithy` and `.json` files and directories, in any mix
        /// (`--model a b` or `--model a --model b`).
        #[arg(long, num_args = 1.., value_name = "PATH")]
        model: Vec<PathBuf>,
        /// The service to generate (its shape id), when the model has several.
        #[arg(long, value_name = "SHAPE_ID", requires = "model")]
        service: Option<String>,
        /// The directory of the generated crate (default with `--model`: `generated/<name>`,
        /// the first path's file stem, or its name for a directory).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write nothing; fail if the checked-in output differs from a fresh generation.
        #[arg(long)]
        check: bool,
    },
    /// Work with Smithy models without generating: `cargo xtask model ast PATH... [--out FILE]`.
    Model {
        #[command(subcommand)]
        command: model_cmd::ModelCommand,
    },
    /// Generate and `cargo check` a crate for every `*.json` model in DIR (in `target/corpus`).
    Corpus {
        /// The directory of models.
        dir: PathBuf,
    },
    /// Run every check and test, as CI does: freshness, clippy, rustfmt, rustdoc, tests.
    Test,
    /// Generate Smithy's restJson1 protocol test service into `target/protocol-tests` and run
    /// every client case of it.
    ProtocolTests,
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
        Command::Codegen { model, service, out, check } => {
            let root = workspace_root();
            if model.is_empty() {
                codegen_cmd::checked_in_crates(&root)
                    .iter()
                    .try_for_each(|(model, out)| codegen_cmd::run(&root, model, out, check))
            } else {
                let out = out.unwrap_or_else(|| codegen_cmd::default_out(&root, &model));
                codegen_cmd::run_models(&root, &model, service.as_deref(), &out, check)
            }
        }
        Command::Model { command } => model_cmd::run(&command),
        Command::Test => test_cmd::run(&workspace_root()),
        Command::ProtocolTests => protocol_tests_cmd::run(&workspace_root()),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Command {
        Cli::try_parse_from(std::iter::once("cargo xtask").chain(args.iter().copied()))
            .unwrap_or_else(|e| panic!("{args:?}: {e}"))
            .command
    }

    fn codegen(model: &[&str], service: Option<&str>, out: Option<&str>, check: bool) -> Command {
        Command::Codegen {
            model: model.iter().map(PathBuf::from).collect(),
            service: service.map(str::to_owned),
            out: out.map(PathBuf::from),
            check,
        }
    }

    #[test]
    fn the_cli_is_well_formed() {
        <Cli as clap::CommandFactory>::command().debug_assert();
    }

    #[test]
    fn codegen_takes_several_models() {
        assert_eq!(parse(&["codegen"]), codegen(&[], None, None, false));
        assert_eq!(parse(&["codegen", "--check"]), codegen(&[], None, None, true));
        assert_eq!(parse(&["codegen", "--model", "m.json"]), codegen(&["m.json"], None, None, false));
        assert_eq!(
            parse(&["codegen", "--model", "a.smithy", "b.json", "dir", "--out", "o"]),
            codegen(&["a.smithy", "b.json", "dir"], None, Some("o"), false)
        );
        assert_eq!(
            parse(&["codegen", "--model", "a.smithy", "--model", "b.json", "--service", "x#S", "--check"]),
            codegen(&["a.smithy", "b.json"], Some("x#S"), None, true)
        );
        assert_eq!(
            parse(&["codegen", "--model", "a", "b", "--model", "c"]),
            codegen(&["a", "b", "c"], None, None, false)
        );
    }

    #[test]
    fn codegen_refuses_service_without_model_and_model_without_path() {
        assert!(Cli::try_parse_from(["cargo xtask", "codegen", "--service", "x#S"]).is_err());
        assert!(Cli::try_parse_from(["cargo xtask", "codegen", "--model"]).is_err());
    }

    #[test]
    fn model_ast_takes_paths_and_an_output() {
        let ast = |paths: &[&str], out: Option<&str>| Command::Model {
            command: model_cmd::ModelCommand::Ast {
                paths: paths.iter().map(PathBuf::from).collect(),
                out: out.map(PathBuf::from),
            },
        };
        assert_eq!(parse(&["model", "ast", "a.smithy"]), ast(&["a.smithy"], None));
        assert_eq!(
            parse(&["model", "ast", "a.smithy", "dir", "--out", "m.json"]),
            ast(&["a.smithy", "dir"], Some("m.json"))
        );
        assert_eq!(parse(&["model", "ast", "--out", "m.json", "a.json"]), ast(&["a.json"], Some("m.json")));
        assert!(Cli::try_parse_from(["cargo xtask", "model", "ast"]).is_err());
        assert!(Cli::try_parse_from(["cargo xtask", "model"]).is_err());
    }
}
