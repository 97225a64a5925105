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

/// generate() builds and drops millions of small token trees; mimalloc serves them faster than
/// the system allocator (bench/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(name = "cargo xtask", about = "Project automation")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, PartialEq, Subcommand)]
enum Command {
    /// Regenerate crates from Smithy models. Without `--model` and `--out`: model/ivs.json into
    /// generated/ivs, and every tests/fixtures/models/NAME.json into tests/fixtures/crates/NAME;
    /// with `--out DIR` alone: model/ivs.json into DIR.
    Codegen {
        /// The model to generate from: `.smithy` and `.json` files and directories, in any mix
        /// (`--model a b` or `--model a --model b`).
        #[arg(long, num_args = 1.., value_name = "PATH")]
        model: Vec<PathBuf>,
        /// The service to generate (its shape id), when the model has several.
        #[arg(long, value_name = "SHAPE_ID", requires = "model")]
        service: Option<String>,
        /// The directory of the generated crate (default with `--model`: `generated/<name>`,
        /// the first path's file stem, or its name for a directory). Without `--model`, the
        /// default model (model/ivs.json) is generated into it.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write nothing; fail if the output directory (the checked-in crates without `--out`)
        /// differs from a fresh generation.
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
        /// Runs of each runtime row and of each crate-alone build; the median is reported
        /// [default: 3]. Only with the `runtime` or `crate` section.
        #[arg(long, value_parser = at_least_one())]
        repeat: Option<usize>,
        /// Runs of each cold build (each takes minutes for aws-sdk-ivs) [default: 1]. Only with
        /// the `cold` section.
        #[arg(long, value_parser = at_least_one())]
        build_repeat: Option<usize>,
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
            codegen_jobs(&root, model, service, out).into_iter().try_for_each(|job| {
                codegen_cmd::run_models(&root, &job.models, job.service.as_deref(), &job.out, check)
            })
        }
        Command::Model { command } => model_cmd::run(&command),
        Command::Test => test_cmd::run(&workspace_root()),
        Command::ProtocolTests => protocol_tests_cmd::run(&workspace_root()),
        Command::Corpus { dir } => corpus_cmd::run(&workspace_root(), &dir),
        Command::FakeIvs { args } => fake_ivs_cmd::run(&workspace_root(), &args),
        Command::Diff { old, new, deny_breaking } => diff_cmd::run(&old, &new, deny_breaking),
        Command::Bench { repeat, build_repeat, only, update } => bench_options(repeat, build_repeat, only, update)
            .and_then(|options| bench_cmd::run(&workspace_root(), &options)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// One crate `cargo xtask codegen` generates (or, with `--check`, compares).
#[derive(Debug, PartialEq)]
struct CodegenJob {
    models: Vec<PathBuf>,
    service: Option<String>,
    out: PathBuf,
}

/// What `cargo xtask codegen` does with its flags; every flag given is honoured (clap already
/// refuses `--service` without `--model`):
/// - no `--model`, no `--out`: every checked-in crate from its model;
/// - no `--model`, `--out DIR`: the default model (model/ivs.json) into DIR;
/// - `--model PATH...`: those models into `--out`, by default `generated/<name>`.
fn codegen_jobs(root: &Path, models: Vec<PathBuf>, service: Option<String>, out: Option<PathBuf>) -> Vec<CodegenJob> {
    match (models.is_empty(), out) {
        (true, None) => codegen_cmd::checked_in_crates(root)
            .into_iter()
            .map(|(model, out)| CodegenJob { models: vec![model], service: None, out })
            .collect(),
        (true, Some(out)) => vec![CodegenJob { models: vec![root.join("model/ivs.json")], service, out }],
        (false, out) => {
            let out = out.unwrap_or_else(|| codegen_cmd::default_out(root, &models));
            vec![CodegenJob { models, service, out }]
        }
    }
}

/// A count that must be at least 1 (`--repeat 0` would silently mean 1).
fn at_least_one() -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::<usize>::new().range(1..)
}

/// `cargo xtask bench`'s options, refusing a count for a section that `--only` leaves out
/// (it would be ignored).
fn bench_options(
    repeat: Option<usize>,
    build_repeat: Option<usize>,
    only: Vec<bench_cmd::Section>,
    update: bool,
) -> Result<bench_cmd::Options, String> {
    use bench_cmd::Section;
    let runs = |s: Section| only.is_empty() || only.contains(&s);
    if repeat.is_some() && !runs(Section::Runtime) && !runs(Section::Crate) {
        return Err("--repeat sets the runs of the `runtime` and `crate` sections, and --only runs neither".into());
    }
    if build_repeat.is_some() && !runs(Section::Cold) {
        return Err("--build-repeat sets the runs of the `cold` section, and --only does not run it".into());
    }
    Ok(bench_cmd::Options { repeat: repeat.unwrap_or(3), build_repeat: build_repeat.unwrap_or(1), only, update })
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
    fn codegen_without_flags_regenerates_every_checked_in_crate() {
        let root = workspace_root();
        let jobs = codegen_jobs(&root, vec![], None, None);
        assert!(jobs.len() > 1, "{jobs:?}");
        assert_eq!(
            jobs[0],
            CodegenJob { models: vec![root.join("model/ivs.json")], service: None, out: root.join("generated/ivs") }
        );
        assert!(jobs[1..].iter().all(|j| j.out.starts_with(root.join("tests/fixtures/crates"))), "{jobs:?}");
    }

    #[test]
    fn codegen_out_without_model_writes_the_default_model_there_and_nothing_else() {
        let root = workspace_root();
        let Command::Codegen { model, service, out, check } = parse(&["codegen", "--out", "/tmp/x", "--check"]) else {
            panic!("not codegen")
        };
        assert!(check);
        assert_eq!(
            codegen_jobs(&root, model, service, out),
            vec![CodegenJob { models: vec![root.join("model/ivs.json")], service: None, out: PathBuf::from("/tmp/x") }]
        );
    }

    #[test]
    fn codegen_out_without_model_generates_a_crate_that_check_then_accepts() {
        let root = workspace_root();
        let out = std::env::temp_dir().join(format!("xtask-default-model-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        let jobs = codegen_jobs(&root, vec![], None, Some(out.clone()));
        let run = |check| {
            jobs.iter().try_for_each(|j| codegen_cmd::run_models(&root, &j.models, j.service.as_deref(), &j.out, check))
        };
        assert!(run(true).is_err_and(|e| e.contains("missing: Cargo.toml")), "an empty DIR is not up to date");
        run(false).expect("generate into DIR");
        let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("DIR/Cargo.toml");
        assert!(manifest.contains("name = \"ivs\""), "{manifest}");
        run(true).expect("DIR is now up to date");
        std::fs::remove_dir_all(&out).expect("remove DIR");
    }

    #[test]
    fn codegen_with_model_uses_out_or_the_default_and_keeps_the_service() {
        let root = Path::new("/w");
        let job = |out: Option<&str>| {
            codegen_jobs(root, vec![PathBuf::from("m/svc.smithy")], Some("x#S".into()), out.map(PathBuf::from))
        };
        let expected = |out: &str| CodegenJob {
            models: vec![PathBuf::from("m/svc.smithy")],
            service: Some("x#S".into()),
            out: PathBuf::from(out),
        };
        assert_eq!(job(Some("o")), vec![expected("o")]);
        assert_eq!(job(None), vec![expected("/w/generated/svc")]);
    }

    #[test]
    fn codegen_honours_service_with_a_single_json_model() {
        let root = workspace_root();
        let out = std::env::temp_dir().join(format!("xtask-service-{}", std::process::id()));
        let err = codegen_cmd::run_models(&root, &[root.join("model/ivs.json")], Some("com.example#Nope"), &out, true)
            .expect_err("a service the model does not have");
        assert!(err.contains("com.example#Nope"), "{err}");
        assert!(!out.exists(), "nothing may be written");
    }

    #[test]
    fn bench_counts_must_be_positive_and_run_by_a_section() {
        use bench_cmd::Section;
        assert!(Cli::try_parse_from(["cargo xtask", "bench", "--repeat", "0"]).is_err());
        assert!(Cli::try_parse_from(["cargo xtask", "bench", "--build-repeat", "0"]).is_err());
        let options = bench_options(None, None, vec![], false).unwrap();
        assert_eq!((options.repeat, options.build_repeat), (3, 1));
        let options = bench_options(Some(5), Some(2), vec![Section::Cold, Section::Runtime], true).unwrap();
        assert_eq!((options.repeat, options.build_repeat, options.update), (5, 2, true));
        assert!(bench_options(Some(5), None, vec![Section::Crate], false).is_ok());
        let err = bench_options(Some(5), None, vec![Section::Cold, Section::Size], false).err().unwrap();
        assert!(err.contains("--repeat"), "{err}");
        let err = bench_options(None, Some(2), vec![Section::Runtime], false).err().unwrap();
        assert!(err.contains("--build-repeat"), "{err}");
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
