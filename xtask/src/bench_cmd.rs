//! `cargo xtask bench`: `ivs` against the official `aws-sdk-ivs`, on this machine, in one run.
//!
//! Everything it builds lives in `bench/` (a Cargo workspace of its own, outside the root
//! workspace, so that the test command never compiles the official SDK) and under
//! `bench/target/`. It measures, for each SDK:
//!
//! 1. the cold debug build of the same small program (`bench/demo.rs`), and of a second one
//!    (`bench/keys.rs`: stream keys, tags, paginators, a config built by hand, no `aws-config`),
//!    each in a fresh target directory, wall clock and CPU time (user + system of every process
//!    the build ran), with `--timings` kept under `bench/target/timings/`;
//! 2. the release binary size of those programs, and stripped;
//! 3. the debug build of the client crate alone, its dependencies already built, on the same API
//!    (`ivs` generated from the 40-operation model against `aws-sdk-ivs`), and its lines of Rust;
//! 4. requests per second, client CPU per request and client peak RSS against `fake-ivs` on
//!    loopback (release builds of both, `bench/load.rs`), one call at a time and 32 at once;
//! 5. `codegen::generate()` (criterion, `bench/benches/generate.rs`), and `cargo xtask codegen`
//!    over the corpus of models in `../shared/models`.
//!
//! It prints the table (median of the repeated runs, the ratio ours / official, PASS or MISS
//! against the issue's targets) and, on a full run, writes it with a description of the machine
//! to `bench/RESULTS.md`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

/// The credentials fake-ivs verifies and both load clients sign with (the SigV4 test suite's).
const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-west-2";
/// GetChannel and ListChannels calls per load run, and the concurrencies measured.
const GETS: usize = 20_000;
const LISTS: usize = 2_000;
const CONCURRENCIES: [usize; 2] = [1, 32];
/// Channels created before the load runs, and the ListChannels page size: fake-ivs accepts
/// `maxResults` from 1 to 50 (`fake-ivs/src/service.rs`), so 50 is both the issue's figure and
/// its maximum.
const CHANNELS: usize = 100;
const PAGE_SIZE: usize = 50;
/// The model of the API `aws-sdk-ivs` 1.13x is built from, relative to the workspace root.
const CURRENT_MODEL: &str = "../shared/models/ivs-2026-04.json";
/// The corpus of models (every `.json` under it, at any depth), relative to the workspace root.
const CORPUS: &str = "../shared/models";
/// No build may take longer than this, and no load run longer than `RUN_LIMIT`.
const BUILD_LIMIT: Duration = Duration::from_secs(45 * 60);
const RUN_LIMIT: Duration = Duration::from_secs(15 * 60);

/// The parts of a run, for `--only`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Section {
    /// Cold debug builds of the demo program, of the second program (and of the one-operation
    /// program).
    Cold,
    /// Release binary sizes.
    Size,
    /// Build of the client crate alone, and its lines of Rust.
    Crate,
    /// Requests per second, CPU per request and peak RSS against fake-ivs.
    Runtime,
    /// `codegen::generate()` time (criterion), and `cargo xtask codegen` over the model corpus.
    Generate,
}

/// What `cargo xtask bench` was asked for.
pub struct Options {
    /// Runs of each runtime row and of each crate-alone build.
    pub repeat: usize,
    /// Runs of each cold build.
    pub build_repeat: usize,
    /// Only these sections (all when empty); a partial run does not write RESULTS.md.
    pub only: Vec<Section>,
    /// `cargo update` the bench workspace first (the latest aws-sdk-ivs and aws-config 1.x).
    pub update: bool,
}

/// One section of the run: adds its rows (and notes) to the report.
type Measure<'a> = &'a dyn Fn(&mut Report) -> Result<(), String>;

/// Runs the benchmark and prints (and on a full run writes) the table.
pub fn run(root: &Path, options: &Options) -> Result<(), String> {
    let started = Instant::now();
    let bench = Bench::new(root)?;
    let machine = machine_description();
    println!("{machine}");
    if options.update {
        bench.run("update", bench.cargo(&["update"]), BUILD_LIMIT)?;
    }
    bench.run("fetch", bench.cargo(&["fetch"]), BUILD_LIMIT)?;
    let lock =
        fs::read_to_string(bench.dir.join("Cargo.lock")).map_err(|e| format!("cannot read bench/Cargo.lock: {e}"))?;
    let versions = ["aws-sdk-ivs", "aws-config", "tokio"]
        .map(|name| format!("{name} {}", lock_version(&lock, name).unwrap_or_else(|| "?".into())))
        .join(", ");
    println!("official SDK: {versions}");
    let sdk_version = lock_version(&lock, "aws-sdk-ivs").ok_or("bench/Cargo.lock has no aws-sdk-ivs")?;

    let wanted = |s: Section| options.only.is_empty() || options.only.contains(&s);
    let mut report = Report::default();
    let sections: [(Section, &str, Measure); 5] = [
        (Section::Cold, "cold debug builds", &|r| cold_builds(&bench, options.build_repeat.max(1), r)),
        (Section::Size, "release binary sizes", &|r| binary_sizes(&bench, r)),
        (Section::Crate, "the client crate alone", &|r| crate_alone(&bench, &sdk_version, options.repeat.max(1), r)),
        (Section::Runtime, "requests against fake-ivs", &|r| runtime(&bench, options.repeat.max(1), r)),
        (Section::Generate, "codegen::generate()", &|r| generate(&bench, r)),
    ];
    for (section, title, measure) in sections {
        if !wanted(section) {
            continue;
        }
        println!("==> {title}");
        let rows_before = report.rows.len();
        if let Err(reason) = measure(&mut report) {
            println!("    FAILED: {reason}");
            report.rows.truncate(rows_before);
            report.rows.push(Row::failed(title, &reason));
        }
    }

    report.note(format!(
        "load average at the end (1, 5, 15 min): {} (above 2 on this 2-core machine means other work shared it)",
        load_average()
    ));
    let table = report.table();
    println!("\n{table}");
    let minutes = started.elapsed().as_secs_f64() / 60.0;
    println!("({minutes:.1} minutes)");
    if options.only.is_empty() {
        let text = results_markdown(&machine, &versions, options, &table, &report.notes, minutes);
        let path = bench.dir.join("RESULTS.md");
        fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("wrote {}", path.display());
    } else {
        println!("(a run with --only does not write bench/RESULTS.md)");
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The rows.

/// Which way a row's ratio (ours / official) should go, or an absolute bound on ours.
#[derive(Clone, Copy)]
enum Target {
    /// Information only.
    None,
    /// The ratio is at most this.
    RatioAtMost(f64),
    /// The ratio is at least this.
    RatioAtLeast(f64),
    /// Our figure is under this (in the row's unit).
    Under(f64),
}

/// One figure: the median of its runs, or why there is none.
#[derive(Clone)]
enum Cell {
    Runs(Vec<f64>),
    Missing(String),
}

impl Cell {
    fn median(&self) -> Option<f64> {
        match self {
            Cell::Runs(runs) if !runs.is_empty() => {
                let mut sorted = runs.clone();
                sorted.sort_by(f64::total_cmp);
                let mid = sorted.len() / 2;
                Some(if sorted.len() % 2 == 1 { sorted[mid] } else { (sorted[mid - 1] + sorted[mid]) / 2.0 })
            }
            _ => None,
        }
    }
}

struct Row {
    name: String,
    unit: &'static str,
    decimals: usize,
    ours: Cell,
    theirs: Cell,
    target: Target,
}

impl Row {
    fn new(name: &str, unit: &'static str, decimals: usize, ours: Cell, theirs: Cell, target: Target) -> Row {
        Row { name: name.to_owned(), unit, decimals, ours, theirs, target }
    }

    fn failed(name: &str, reason: &str) -> Row {
        let reason = format!("not measured: {}", first_line(reason));
        Row::new(name, "", 0, Cell::Missing(reason.clone()), Cell::Missing(reason), Target::None)
    }

    fn cell(&self, cell: &Cell) -> String {
        match (cell, cell.median()) {
            (Cell::Missing(why), _) => why.clone(),
            (Cell::Runs(runs), Some(median)) => {
                let value =
                    format!("{median:.*}{}{}", self.decimals, if self.unit.is_empty() { "" } else { " " }, self.unit);
                if runs.len() > 1 {
                    let (lo, hi) = runs.iter().fold((f64::MAX, f64::MIN), |(lo, hi), &x| (lo.min(x), hi.max(x)));
                    format!("{value} ({lo:.*}–{hi:.*}, {} runs)", self.decimals, self.decimals, runs.len())
                } else {
                    value
                }
            }
            (Cell::Runs(_), None) => "no runs".to_owned(),
        }
    }

    fn ratio(&self) -> Option<f64> {
        match (self.ours.median(), self.theirs.median()) {
            (Some(ours), Some(theirs)) if theirs > 0.0 => Some(ours / theirs),
            _ => None,
        }
    }

    /// The target as text, and PASS / MISS (or an empty verdict for an information row).
    fn verdict(&self) -> (String, String) {
        let pass = |ok: bool| if ok { "PASS" } else { "MISS" }.to_owned();
        match self.target {
            Target::None => ("—".to_owned(), "—".to_owned()),
            Target::RatioAtMost(bound) => {
                (format!("≤ {bound}"), self.ratio().map(|r| pass(r <= bound)).unwrap_or_else(|| "n/a".into()))
            }
            Target::RatioAtLeast(bound) => {
                (format!("≥ {bound}"), self.ratio().map(|r| pass(r >= bound)).unwrap_or_else(|| "n/a".into()))
            }
            Target::Under(bound) => (
                format!("ours < {bound} {}", self.unit),
                self.ours.median().map(|v| pass(v < bound)).unwrap_or_else(|| "n/a".into()),
            ),
        }
    }
}

#[derive(Default)]
struct Report {
    rows: Vec<Row>,
    /// Lines for RESULTS.md under the table: what bounds a figure, what could not be done.
    notes: Vec<String>,
}

impl Report {
    fn row(&mut self, name: &str, unit: &'static str, decimals: usize, ours: Cell, theirs: Cell, target: Target) {
        self.rows.push(Row::new(name, unit, decimals, ours, theirs, target));
    }

    fn note(&mut self, note: String) {
        println!("    note: {note}");
        self.notes.push(note);
    }

    fn table(&self) -> String {
        let mut out =
            String::from("| row | ivs | aws-sdk-ivs | ivs / aws-sdk-ivs | target | |\n|---|---|---|---|---|---|\n");
        for row in &self.rows {
            let (target, verdict) = row.verdict();
            let ratio = row.ratio().map(|r| format!("{r:.2}")).unwrap_or_else(|| "n/a".into());
            let _ = writeln!(
                out,
                "| {} | {} | {} | {ratio} | {target} | {verdict} |",
                row.name,
                row.cell(&row.ours),
                row.cell(&row.theirs)
            );
        }
        out
    }
}

fn results_markdown(
    machine: &str,
    versions: &str,
    options: &Options,
    table: &str,
    notes: &[String],
    minutes: f64,
) -> String {
    let mut out = String::from("# Benchmark: `ivs` against the official `aws-sdk-ivs`\n\n");
    out.push_str("Written by `cargo xtask bench` (`xtask/src/bench_cmd.rs`); regenerate it with that command.\n\n");
    let _ = writeln!(out, "## Machine\n\n{machine}\n");
    let _ = writeln!(
        out,
        "Official SDK: {versions} (the demo with `aws-config` and `behavior-version-latest`; the second program \
         without `aws-config`).\n"
    );
    let _ = writeln!(
        out,
        "Runs: {} of each runtime row and crate-alone build (`--repeat`), {} of each cold build (`--build-repeat`); \
         each cell is the median, with the range when there was more than one run. The run took {minutes:.1} minutes.\n",
        options.repeat, options.build_repeat
    );
    let _ = writeln!(out, "## Results\n\n{table}");
    out.push_str(
        "What bounds each missed target, and what was tried, is in `bench/README.md` (\"Where the targets are missed\").\n\n",
    );
    out.push_str(
        "## What each row measures\n\n\
         - **Cold debug build**: `cargo build -p demo-ivs` / `-p demo-sdk` in `bench/` (the program in `bench/demo.rs`, \
         a `main` that configures a client from the environment and runs `demo`), each in a fresh `CARGO_TARGET_DIR` under \
         `bench/target/cold/`, sources already fetched, `CARGO_INCREMENTAL=0` (so that `ivs`, a path dependency here, builds \
         as it would from crates.io). CPU is user + system time of every process the build ran (the children's rusage). \
         `cargo build --timings` reports are in `bench/target/timings/`.\n\
         - **Second program**: `bench/keys.rs`, one source for `keys-ivs` and `keys-sdk` (only the crate's name differs). \
         It builds its `Config` by hand (`Config::builder()` with region, `Credentials::new` from static keys, \
         `BehaviorVersion::latest()` and the endpoint from `AWS_ENDPOINT_URL`), so `keys-sdk` depends on `aws-sdk-ivs` and \
         tokio only, no `aws-config`. It replaces a channel's stream key (Create/Get/List/DeleteStreamKey), tags and untags \
         it (TagResource, ListTagsForResource, UntagResource), pages through ListStreamKeys and ListChannels with \
         `into_paginator()`, and checks every answer. Its cold build is measured as the demo's (its own fresh target \
         directory and cargo command, `--timings` under `bench/target/timings/keys-*.html`), and it is run once against \
         fake-ivs in the runtime section (it must print `keys: ok`).\n\
         - **One operation**: `bench/one-op-ivs`, a GetChannel-only program on `ivs` with `default-features = false, \
         features = [\"get-channel\"]`. `aws-sdk-ivs` has no per-operation features: its column repeats the full demo figure, \
         which is what any program on it compiles.\n\
         - **Release binary**: `cargo build --release` of the same programs (the demo, the second program), one cargo \
         command each, `strip` for the stripped size. MB = 10^6 bytes.\n\
         - **Client crate alone**: both crates on the same API: `ivs` generated from the 40-operation model \
         (`cargo xtask codegen --model ../shared/models/ivs-2026-04.json --out bench/target/ivs-2026`) and `aws-sdk-ivs`. \
         A debug build of only that crate, its dependencies built: `touch src/lib.rs` for ours, `cargo clean -p aws-sdk-ivs` \
         for theirs, both with `CARGO_INCREMENTAL=0` (a full compile of the crate). Lines are every line of the `.rs` files \
         under the crate's `src/` (for `aws-sdk-ivs`, its source in the cargo registry). The `get-channel` row builds the same \
         generated crate with `--no-default-features --features get-channel`.\n\
         - **Requests against fake-ivs**: release builds of `bench/load-ivs` and `bench/load-sdk` (one source, \
         `bench/load.rs`) against a release `fake-ivs` in its own process on 127.0.0.1, plain HTTP, SigV4 with the example \
         credentials, region us-west-2. 100 channels are created first (with `ivs`). Each run is a new client process: one \
         untimed ListChannels call, then 20,000 GetChannel calls, then 2,000 ListChannels calls (maxResults 50, fake-ivs's \
         maximum, so 50 channels a page), one at a time or spread over 32 tokio tasks (multi-threaded runtime). CPU per \
         request is the client process's getrusage(RUSAGE_SELF) user + system around the loop, divided by the calls; peak \
         RSS is its VmHWM (/proc/self/status) at the end: not ru_maxrss, which on Linux keeps the high-water mark of \
         the address space the process had before exec (here the forking harness's: 30 MiB for both clients). Client and server share the machine's cores.\n\
         - **generate()**: criterion's median of `codegen::generate()` on the model text (`bench/benches/generate.rs`).\n\
         - **`cargo xtask codegen` over the corpus**: every `.json` model under `../shared/models` (at any depth), each \
         generated by `xtask codegen --model MODEL --out DIR` in a process of its own (the xtask binary the harness runs, \
         so the profile `cargo xtask` builds: dev, with syn, proc-macro2, quote and prettyplease at opt-level 3; cargo's own \
         start-up is left out) into an empty directory under `bench/target/corpus-codegen/`, one after the other; the wall \
         time of them all, one run. The notes give the model count, the CPU time and the profile. Nothing is compiled or \
         linted (`cargo xtask corpus` does that as well).\n\n",
    );
    if !notes.is_empty() {
        out.push_str("## Notes from this run\n\n");
        for note in notes {
            let _ = writeln!(out, "- {note}");
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Running commands.

/// Paths and the cargo binary.
struct Bench {
    root: PathBuf,
    /// `bench/`.
    dir: PathBuf,
    /// `bench/target/`.
    target: PathBuf,
    /// `bench/target/logs/`: every command's stdout and stderr.
    logs: PathBuf,
    cargo: String,
    /// Clock ticks per second, for `/proc/self/stat`.
    ticks: f64,
}

/// What a finished command gave.
struct Finished {
    wall: f64,
    /// User + system seconds of the command and every process it waited for; `None` where
    /// `/proc/self/stat` cannot be read.
    cpu: Option<f64>,
    stdout: String,
    stderr: String,
}

impl Finished {
    /// The crates cargo compiled (its `Compiling NAME vX` lines).
    fn compiled(&self) -> Vec<String> {
        self.stderr
            .lines()
            .filter_map(|line| line.trim_start().strip_prefix("Compiling "))
            .filter_map(|rest| rest.split_whitespace().next())
            .map(str::to_owned)
            .collect()
    }
}

impl Bench {
    fn new(root: &Path) -> Result<Bench, String> {
        let dir = root.join("bench");
        if !dir.join("Cargo.toml").is_file() {
            return Err(format!("{} has no Cargo.toml", dir.display()));
        }
        let target = dir.join("target");
        let logs = target.join("logs");
        fs::create_dir_all(&logs).map_err(|e| format!("cannot create {}: {e}", logs.display()))?;
        let ticks = Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
            .unwrap_or(100.0);
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        Ok(Bench { root: root.to_path_buf(), dir, target, logs, cargo, ticks })
    }

    /// `cargo ARGS` in `bench/`, building into `bench/target` unless the caller sets another
    /// `CARGO_TARGET_DIR`.
    fn cargo(&self, args: &[&str]) -> Command {
        let mut command = Command::new(&self.cargo);
        command.args(args).current_dir(&self.dir).env("CARGO_TARGET_DIR", &self.target);
        command
    }

    /// A cargo build as the build rows time it: into `target_dir`, non-incremental.
    fn build(&self, args: &[&str], target_dir: &Path) -> Command {
        let mut command = self.cargo(args);
        command.env("CARGO_TARGET_DIR", target_dir).env("CARGO_INCREMENTAL", "0");
        command
    }

    /// Runs `command` to completion (killed after `limit`), its output in `logs/LABEL.*`; fails
    /// with the tail of its stderr unless it succeeds.
    fn run(&self, label: &str, mut command: Command, limit: Duration) -> Result<Finished, String> {
        let (out_path, err_path) = (self.logs.join(format!("{label}.out")), self.logs.join(format!("{label}.err")));
        let create = |p: &Path| fs::File::create(p).map_err(|e| format!("cannot create {}: {e}", p.display()));
        command.stdin(Stdio::null()).stdout(create(&out_path)?).stderr(create(&err_path)?);
        let cpu_before = self.children_cpu();
        let started = Instant::now();
        let mut child = command.spawn().map_err(|e| format!("{label}: cannot start {command:?}: {e}"))?;
        let status = loop {
            if let Some(status) = child.try_wait().map_err(|e| format!("{label}: {e}"))? {
                break status;
            }
            if started.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("{label}: killed after {} s", limit.as_secs()));
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let wall = started.elapsed().as_secs_f64();
        let cpu = self.children_cpu().zip(cpu_before).map(|(after, before)| after - before);
        let stdout = fs::read_to_string(&out_path).unwrap_or_default();
        let stderr = fs::read_to_string(&err_path).unwrap_or_default();
        if !status.success() {
            let tail: Vec<&str> = stderr.lines().rev().take(15).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            let last = tail.iter().rev().find(|l| !l.trim().is_empty()).map_or("", |l| l.trim());
            return Err(format!("{label} failed ({status}): {last} (see {})\n{}", err_path.display(), tail.join("\n")));
        }
        Ok(Finished { wall, cpu, stdout, stderr })
    }

    /// User + system seconds of the children this process has waited for (`cutime` and
    /// `cstime` of `/proc/self/stat`, as getrusage(RUSAGE_CHILDREN) counts them).
    fn children_cpu(&self) -> Option<f64> {
        let stat = fs::read_to_string("/proc/self/stat").ok()?;
        // Fields after the command name, which is in parentheses: field 3 is the first.
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        let field = |n: usize| fields.get(n - 3)?.parse::<f64>().ok();
        Some((field(16)? + field(17)?) / self.ticks)
    }
}

// ---------------------------------------------------------------------------------------------
// 1. Cold debug builds.

/// Does `generated/ivs` have per-operation features?
fn has_operation_features(root: &Path) -> bool {
    fs::read_to_string(root.join("generated/ivs/Cargo.toml"))
        .is_ok_and(|text| text.lines().any(|line| line.trim_start().starts_with("get-channel =")))
}

fn cold_builds(bench: &Bench, repeat: usize, report: &mut Report) -> Result<(), String> {
    let one_op = has_operation_features(&bench.root);
    let mut packages = vec!["demo-ivs", "demo-sdk", "keys-ivs", "keys-sdk"];
    if one_op {
        packages.push("one-op-ivs");
    }
    let timings = bench.target.join("timings");
    fs::create_dir_all(&timings).map_err(|e| format!("cannot create {}: {e}", timings.display()))?;
    let mut wall: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut cpu: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut crates: BTreeMap<&str, usize> = BTreeMap::new();
    for run in 0..repeat {
        // Alternate the order, so that neither SDK always builds first.
        let mut order = packages.clone();
        if run % 2 == 1 {
            order.reverse();
        }
        for package in order {
            let dir = bench.target.join("cold").join(package);
            if dir.exists() {
                fs::remove_dir_all(&dir).map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
            }
            let label = format!("cold-{package}-{}", run + 1);
            let build = bench.build(&["build", "--locked", "--timings", "-p", package], &dir);
            let done = bench.run(&label, build, BUILD_LIMIT)?;
            let cpu_text = done.cpu.map(|c| format!("{c:.1} s CPU")).unwrap_or_else(|| "CPU unknown".into());
            println!(
                "    {package} run {}: {:.1} s wall, {cpu_text}, {} crates",
                run + 1,
                done.wall,
                done.compiled().len()
            );
            wall.entry(package).or_default().push(done.wall);
            if let Some(c) = done.cpu {
                cpu.entry(package).or_default().push(c);
            }
            crates.insert(package, done.compiled().len());
            let html = dir.join("cargo-timings/cargo-timing.html");
            let kept = timings.join(format!("{package}.html"));
            if fs::copy(&html, &kept).is_ok() && run + 1 == repeat {
                if let Some(slowest) = slowest_units(&kept, 6) {
                    report.note(format!("slowest crates in the cold build of `{package}` (`--timings`): {slowest}"));
                }
            }
        }
    }
    let runs = |map: &BTreeMap<&str, Vec<f64>>, package: &str, why: &str| match map.get(package) {
        Some(runs) => Cell::Runs(runs.clone()),
        None => Cell::Missing(why.to_owned()),
    };
    let count = |package: &str| Cell::Runs(crates.get(package).map(|&n| vec![n as f64]).unwrap_or_default());
    let no_cpu = "n/a (/proc/self/stat unreadable)";
    let program_rows = |report: &mut Report, program: &str, ours: &str, theirs: &str| {
        report.row(
            &format!("Cold debug build of {program}, wall"),
            "s",
            1,
            runs(&wall, ours, ""),
            runs(&wall, theirs, ""),
            Target::RatioAtMost(0.3),
        );
        report.row(
            &format!("Cold debug build of {program}, CPU (user + sys)"),
            "s",
            1,
            runs(&cpu, ours, no_cpu),
            runs(&cpu, theirs, no_cpu),
            Target::None,
        );
        report.row("Crates compiled in that build", "", 0, count(ours), count(theirs), Target::None);
    };
    program_rows(report, "the demo", "demo-ivs", "demo-sdk");
    let one_op_name = "Cold debug build of a GetChannel-only program, wall (ivs: only its `get-channel` feature; \
                       aws-sdk-ivs has no per-operation features: its full demo)";
    if one_op {
        report.row(one_op_name, "s", 1, runs(&wall, "one-op-ivs", ""), runs(&wall, "demo-sdk", ""), Target::None);
    } else {
        let why = "n/a (no per-operation features yet)";
        report.row(one_op_name, "", 0, Cell::Missing(why.into()), Cell::Missing(why.into()), Target::None);
    }
    program_rows(report, "the second program (keys.rs, no aws-config)", "keys-ivs", "keys-sdk");
    Ok(())
}

/// The `count` slowest units of a `cargo build --timings` report, by crate, as
/// `name 12.3 s, ...`. The report embeds its data as `const UNIT_DATA = [...]`, a JSON array of
/// objects with `name`, `target` and `duration` (seconds).
fn slowest_units(html: &Path, count: usize) -> Option<String> {
    let text = fs::read_to_string(html).ok()?;
    let data = text.split_once("UNIT_DATA = [")?.1.split_once("];")?.0;
    let mut by_crate: BTreeMap<String, f64> = BTreeMap::new();
    // One unit per `"name": "..."`; its target and duration follow it.
    for unit in data.split("\"name\":").skip(1) {
        let name = unit.trim_start().strip_prefix('"').and_then(|r| r.split_once('"')).map(|(name, _)| name);
        let target = json_string(unit, "target").unwrap_or_default();
        if let (Some(name), Some(duration)) = (name, json_number(unit, "duration")) {
            let key = if target.contains("build") { format!("{name} (build script)") } else { name.to_owned() };
            *by_crate.entry(key).or_default() += duration;
        }
    }
    let mut units: Vec<(String, f64)> = by_crate.into_iter().collect();
    units.sort_by(|a, b| b.1.total_cmp(&a.1));
    let listed: Vec<String> = units.iter().take(count).map(|(name, s)| format!("{name} {s:.1} s")).collect();
    (!listed.is_empty()).then(|| listed.join(", "))
}

// ---------------------------------------------------------------------------------------------
// 2. Release binary sizes.

/// Release-builds each program with a cargo command of its own: one command would unify the
/// features of shared dependencies across both SDKs' programs (the official SDK turns on
/// hyper's HTTP/2, which then links `h2` into ours), so neither binary would be what its users
/// build.
fn build_release_each(bench: &Bench, programs: &[&str]) -> Result<(), String> {
    for program in programs {
        let args = ["build", "--release", "--locked", "-p", program];
        bench.run(&format!("release-{program}"), bench.cargo(&args), BUILD_LIMIT)?;
    }
    Ok(())
}

fn binary_sizes(bench: &Bench, report: &mut Report) -> Result<(), String> {
    let one_op = has_operation_features(&bench.root);
    let mut programs = vec!["demo-ivs", "demo-sdk", "keys-ivs", "keys-sdk"];
    if one_op {
        programs.push("one-op-ivs");
    }
    build_release_each(bench, &programs)?;
    let release = bench.target.join("release");
    let size = |name: &str| -> Cell {
        match fs::metadata(release.join(name)) {
            Ok(meta) => Cell::Runs(vec![meta.len() as f64 / 1e6]),
            Err(e) => Cell::Missing(format!("n/a ({name}: {e})")),
        }
    };
    let stripped = |name: &str| -> Cell {
        let out = release.join(format!("{name}.stripped"));
        let status = Command::new("strip").arg("-o").arg(&out).arg(release.join(name)).status();
        match status {
            Ok(s) if s.success() => size(&format!("{name}.stripped")),
            Ok(s) => Cell::Missing(format!("n/a (strip exited with {s})")),
            Err(e) => Cell::Missing(format!("n/a (cannot run strip: {e})")),
        }
    };
    report.row("Release binary of the demo", "MB", 2, size("demo-ivs"), size("demo-sdk"), Target::None);
    report.row(
        "Release binary of the demo, stripped",
        "MB",
        2,
        stripped("demo-ivs"),
        stripped("demo-sdk"),
        Target::RatioAtMost(0.3),
    );
    report.row(
        "Release binary of the second program (keys.rs), stripped",
        "MB",
        2,
        stripped("keys-ivs"),
        stripped("keys-sdk"),
        Target::RatioAtMost(0.3),
    );
    let name = "Release binary, GetChannel-only program, stripped (aws-sdk-ivs: full demo)";
    if one_op {
        report.row(name, "MB", 2, stripped("one-op-ivs"), stripped("demo-sdk"), Target::None);
    } else {
        let why = "n/a (no per-operation features yet)";
        report.row(name, "", 0, Cell::Missing(why.into()), Cell::Missing(why.into()), Target::None);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 3. The client crate alone.

fn crate_alone(bench: &Bench, sdk_version: &str, repeat: usize, report: &mut Report) -> Result<(), String> {
    let model = bench.root.join(CURRENT_MODEL);
    if !model.is_file() {
        let why = format!("n/a ({} is absent)", model.display());
        report.row(
            "Debug build of the client crate alone (40-operation API)",
            "",
            0,
            Cell::Missing(why.clone()),
            Cell::Missing(why),
            Target::None,
        );
        return Ok(());
    }
    // Ours: generated from the model aws-sdk-ivs 1.13x is built from, with the root lockfile
    // (the dependency versions the project tests with).
    let ours = bench.target.join("ivs-2026");
    crate::codegen_cmd::run(&bench.root, &model, &ours, false)?;
    fs::copy(bench.root.join("Cargo.lock"), ours.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    let manifest = ours.join("Cargo.toml");
    let manifest = manifest.to_str().ok_or("non-UTF-8 path")?;
    let ours_target = bench.target.join("crate-ivs-2026");
    bench.run("crate-ivs-warm-up", bench.build(&["build", "--manifest-path", manifest], &ours_target), BUILD_LIMIT)?;
    // Theirs: the demo's cold-build directory; `-p aws-sdk-ivs` alone unifies fewer features of
    // its dependencies than the demo, so the warm-up builds those variants too.
    let theirs_target = bench.target.join("cold").join("demo-sdk");
    bench.run(
        "crate-sdk-warm-up",
        bench.build(&["build", "--locked", "-p", "aws-sdk-ivs"], &theirs_target),
        BUILD_LIMIT,
    )?;

    let (mut ours_runs, mut theirs_runs) = (Vec::new(), Vec::new());
    let (mut ours_cpu, mut theirs_cpu) = (Vec::new(), Vec::new());
    for run in 1..=repeat {
        let full = ["build", "--manifest-path", manifest];
        let done = rebuild_generated(bench, &ours, &format!("crate-ivs-{run}"), &full, &ours_target)?;
        println!("    ivs (40 operations) run {run}: {:.1} s", done.wall);
        ours_runs.push(done.wall);
        ours_cpu.extend(done.cpu);

        bench.run(
            &format!("crate-sdk-clean-{run}"),
            bench.build(&["clean", "--locked", "-p", "aws-sdk-ivs"], &theirs_target),
            BUILD_LIMIT,
        )?;
        let done = bench.run(
            &format!("crate-sdk-{run}"),
            bench.build(&["build", "--locked", "-p", "aws-sdk-ivs"], &theirs_target),
            BUILD_LIMIT,
        )?;
        check_only(&done, "aws-sdk-ivs")?;
        println!("    aws-sdk-ivs run {run}: {:.1} s", done.wall);
        theirs_runs.push(done.wall);
        theirs_cpu.extend(done.cpu);
    }
    report.row(
        "Debug build of the client crate alone, dependencies built (40-operation API)",
        "s",
        1,
        Cell::Runs(ours_runs),
        Cell::Runs(theirs_runs.clone()),
        Target::None,
    );
    let cpu = |runs: Vec<f64>| {
        if runs.is_empty() {
            Cell::Missing("n/a (/proc/self/stat unreadable)".into())
        } else {
            Cell::Runs(runs)
        }
    };
    report.row("That build, CPU (user + sys)", "s", 1, cpu(ours_cpu), cpu(theirs_cpu), Target::None);

    // What the per-operation features save: the same crate with only `get-channel`, in its own
    // target directory (another feature set would otherwise invalidate the full build's).
    let one_op_target = bench.target.join("crate-ivs-2026-get-channel");
    let one_op = ["build", "--manifest-path", manifest, "--no-default-features", "--features", "get-channel"];
    bench.run("crate-ivs-get-channel-warm-up", bench.build(&one_op, &one_op_target), BUILD_LIMIT)?;
    let mut one_op_runs = Vec::new();
    for run in 1..=repeat {
        let label = format!("crate-ivs-get-channel-{run}");
        let done = rebuild_generated(bench, &ours, &label, &one_op, &one_op_target)?;
        println!("    ivs (get-channel only) run {run}: {:.1} s", done.wall);
        one_op_runs.push(done.wall);
    }
    report.row(
        "The same build with only the `get-channel` feature (aws-sdk-ivs: no such feature, its full build)",
        "s",
        1,
        Cell::Runs(one_op_runs),
        Cell::Runs(theirs_runs),
        Target::None,
    );
    let registry_src = cargo_home().join("registry/src");
    let theirs_src = fs::read_dir(&registry_src).ok().and_then(|d| {
        d.flatten().map(|e| e.path().join(format!("aws-sdk-ivs-{sdk_version}/src"))).find(|p| p.is_dir())
    });
    let lines = |dir: Option<PathBuf>| match dir {
        Some(dir) => Cell::Runs(vec![rust_lines(&dir) as f64]),
        None => Cell::Missing(format!("n/a (no aws-sdk-ivs-{sdk_version} under {})", registry_src.display())),
    };
    report.row(
        "Lines of Rust in the crate's src/ (40-operation API)",
        "",
        0,
        lines(Some(ours.join("src"))),
        lines(theirs_src),
        Target::None,
    );
    Ok(())
}

/// Rebuilds the generated crate in `dir` (its `src/lib.rs` touched, so that cargo compiles it
/// again) with `args`, and checks that nothing else was compiled.
fn rebuild_generated(bench: &Bench, dir: &Path, label: &str, args: &[&str], target: &Path) -> Result<Finished, String> {
    let lib = dir.join("src/lib.rs");
    fs::File::options()
        .append(true)
        .open(&lib)
        .and_then(|f| f.set_modified(SystemTime::now()))
        .map_err(|e| format!("cannot touch {}: {e}", lib.display()))?;
    let done = bench.run(label, bench.build(args, target), BUILD_LIMIT)?;
    check_only(&done, "ivs")?;
    Ok(done)
}

/// Fails unless the build compiled exactly `package`, as a crate-alone build must.
fn check_only(done: &Finished, package: &str) -> Result<(), String> {
    let compiled = done.compiled();
    if compiled != [package] {
        return Err(format!("expected only {package} to compile, cargo compiled: {}", compiled.join(", ")));
    }
    Ok(())
}

fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"))
}

/// Lines in every `.rs` file under `dir`.
fn rust_lines(dir: &Path) -> usize {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                total += fs::read_to_string(&path).map(|t| t.lines().count()).unwrap_or(0);
            }
        }
    }
    total
}

// ---------------------------------------------------------------------------------------------
// 4. Requests against fake-ivs.

/// The fake-ivs process; killed when dropped.
struct Server {
    child: Child,
    endpoint: String,
}

impl Server {
    fn start(binary: &Path) -> Result<Server, String> {
        let mut child = Command::new(binary)
            .args(["--port", "0", "--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY, "--region", REGION])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (tx, rx) = mpsc::channel();
        // Reads the address line, then drains the pipe until the server exits.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut server = Server { child, endpoint: String::new() };
        let line = rx.recv_timeout(Duration::from_secs(30)).map_err(|_| "fake-ivs printed no address in 30 s")?;
        // `fake-ivs listening on http://127.0.0.1:PORT (...)`
        let endpoint = line.split_whitespace().find(|w| w.starts_with("http://127.0.0.1:"));
        server.endpoint = endpoint.ok_or_else(|| format!("unexpected first line from fake-ivs: {line}"))?.to_owned();
        Ok(server)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn runtime(bench: &Bench, repeat: usize, report: &mut Report) -> Result<(), String> {
    // fake-ivs builds into its own directory, away from the root target other builds hold.
    let server_target = bench.target.join("fake-ivs");
    let mut build = Command::new(&bench.cargo);
    build
        .args(["build", "--release", "-p", "fake-ivs"])
        .current_dir(&bench.root)
        .env("CARGO_TARGET_DIR", &server_target);
    bench.run("release-fake-ivs", build, BUILD_LIMIT)?;
    build_release_each(bench, &["load-ivs", "load-sdk", "demo-ivs", "demo-sdk", "keys-ivs", "keys-sdk"])?;
    let release = bench.target.join("release");

    let server = Server::start(&server_target.join("release/fake-ivs"))?;
    println!("    fake-ivs at {}", server.endpoint);
    let load = |sdk: &str, label: &str, args: &[&str]| -> Result<Finished, String> {
        let mut command = Command::new(release.join(format!("load-{sdk}")));
        command.arg(&server.endpoint).args(args);
        bench.run(label, command, RUN_LIMIT)
    };
    load("ivs", "load-setup", &["setup", &CHANNELS.to_string()])?;
    // Both demo programs, once, against the same server: the programs the build rows compile work.
    for demo in ["demo-ivs", "demo-sdk"] {
        let mut command = Command::new(release.join(demo));
        command
            .env("AWS_ENDPOINT_URL", &server.endpoint)
            .env("AWS_REGION", REGION)
            .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
            .env_remove("AWS_SESSION_TOKEN")
            .env_remove("AWS_PROFILE")
            .env("AWS_CONFIG_FILE", "/nonexistent")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
            .env("AWS_EC2_METADATA_DISABLED", "true");
        let done = bench.run(&format!("run-{demo}"), command, RUN_LIMIT)?;
        if !done.stdout.contains("not found") {
            return Err(format!("{demo} did not report the missing channel:\n{}", done.stdout));
        }
    }
    // The second program configures itself by hand: only the endpoint comes from outside.
    for keys in ["keys-ivs", "keys-sdk"] {
        let mut command = Command::new(release.join(keys));
        command.env("AWS_ENDPOINT_URL", &server.endpoint);
        let done = bench.run(&format!("run-{keys}"), command, RUN_LIMIT)?;
        if !done.stdout.contains("keys: ok") {
            return Err(format!("{keys} did not finish its checks:\n{}", done.stdout));
        }
    }

    let keys = ["get_rps", "list_rps", "get_cpu_us", "list_cpu_us", "peak_rss_kib"];
    // (sdk, concurrency, key) -> runs
    let mut figures: BTreeMap<(&str, usize, &str), Vec<f64>> = BTreeMap::new();
    for run in 1..=repeat {
        for concurrency in CONCURRENCIES {
            let mut order = ["ivs", "sdk"];
            if run % 2 == 0 {
                order.reverse();
            }
            for sdk in order {
                let args = [GETS, LISTS, concurrency, PAGE_SIZE].map(|n| n.to_string());
                let args: Vec<&str> = std::iter::once("run").chain(args.iter().map(String::as_str)).collect();
                let done = load(sdk, &format!("load-{sdk}-c{concurrency}-{run}"), &args)?;
                let json = done.stdout.trim();
                println!("    {json}");
                if json_number(json, "channels_per_page") != Some(PAGE_SIZE as f64) {
                    return Err(format!("load-{sdk}: ListChannels pages are not {PAGE_SIZE} channels: {json}"));
                }
                for key in keys {
                    let value = json_number(json, key).ok_or_else(|| format!("load-{sdk} printed no {key}: {json}"))?;
                    figures.entry((sdk, concurrency, key)).or_default().push(value);
                }
            }
        }
    }
    drop(server);
    let cell = |sdk, concurrency, key, scale: f64| {
        Cell::Runs(
            figures.get(&(sdk, concurrency, key)).map(|v| v.iter().map(|x| x * scale).collect()).unwrap_or_default(),
        )
    };
    let mode = |c: usize| if c == 1 { "one at a time".to_owned() } else { format!("{c} tasks") };
    for (key, what, unit, decimals, scale, target) in [
        ("get_rps", "GetChannel requests/s", "req/s", 0, 1.0, Target::RatioAtLeast(1.5)),
        ("list_rps", "ListChannels (50 a page) requests/s", "req/s", 0, 1.0, Target::RatioAtLeast(1.5)),
        ("get_cpu_us", "Client CPU per GetChannel", "µs", 1, 1.0, Target::RatioAtMost(0.5)),
        ("list_cpu_us", "Client CPU per ListChannels (50 a page)", "µs", 1, 1.0, Target::RatioAtMost(0.5)),
        ("peak_rss_kib", "Client peak RSS", "MiB", 1, 1.0 / 1024.0, Target::RatioAtMost(0.6)),
    ] {
        for concurrency in CONCURRENCIES {
            report.row(
                &format!("{what}, {}", mode(concurrency)),
                unit,
                decimals,
                cell("ivs", concurrency, key, scale),
                cell("sdk", concurrency, key, scale),
                target,
            );
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 5. generate().

fn generate(bench: &Bench, report: &mut Report) -> Result<(), String> {
    let results = bench.target.join("criterion");
    for group in ["generate", "stages-40-operations"] {
        let dir = results.join(group);
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
        }
    }
    let done = bench.run(
        "criterion-generate",
        bench.cargo(&["bench", "--locked", "-p", "codegen-bench", "--bench", "generate"]),
        BUILD_LIMIT,
    )?;
    for line in done.stdout.lines().filter(|l| l.contains("time:")) {
        println!("    {}", line.trim());
    }
    // Criterion's median, in milliseconds, from GROUP/ID/new/estimates.json:
    // {"mean":{...},"median":{"confidence_interval":{...},"point_estimate":NANOSECONDS,...},...}
    let median_ms = |group: &str, id: &str| {
        let estimates = fs::read_to_string(results.join(group).join(id).join("new/estimates.json")).ok()?;
        json_number(estimates.split_once("\"median\"")?.1, "point_estimate").map(|ns| ns / 1e6)
    };
    let official = "n/a (smithy-rs generates aws-sdk-ivs in a JVM/Gradle build, not run here)";
    for (id, name, target) in [
        ("ivs-2020-18-operations", "generate(), model/ivs.json (18 operations)", Target::None),
        ("ivs-2026-40-operations", "generate(), the 40-operation model", Target::Under(50.0)),
    ] {
        let ours = match median_ms("generate", id) {
            Some(ms) => Cell::Runs(vec![ms]),
            None => Cell::Missing(format!("n/a (criterion wrote no estimate for {id})")),
        };
        report.row(name, "ms", 1, ours, Cell::Missing(official.into()), target);
    }
    let stages: Vec<String> = [
        ("load", "load"),
        ("load-normalize-lower", "load + normalize + lower"),
        ("emit", "emit (all files, on every core)"),
        ("reparse-and-format-output", "syn::parse_file + prettyplease::unparse of the output, one thread"),
    ]
    .iter()
    .filter_map(|(id, what)| median_ms("stages-40-operations", id).map(|ms| format!("{what} {ms:.1} ms")))
    .collect();
    if !stages.is_empty() {
        report
            .note(format!("generate() on the 40-operation model, by stage (criterion medians): {}", stages.join("; ")));
    }
    let name = "`cargo xtask codegen` over the model corpus (every .json under ../shared/models), all models";
    let ours = corpus_codegen(bench, report).unwrap_or_else(|reason| {
        println!("    corpus codegen FAILED: {reason}");
        Cell::Missing(format!("not measured: {}", first_line(&reason)))
    });
    report.row(name, "s", 1, ours, Cell::Missing(official.into()), Target::None);
    Ok(())
}

/// `cargo xtask codegen --model MODEL --out DIR` for every model of the corpus, one after the
/// other, each in a process of its own (this xtask binary, so the profile `cargo xtask` builds,
/// without cargo's own start-up) and into an empty directory; the wall time of them all.
fn corpus_codegen(bench: &Bench, report: &mut Report) -> Result<Cell, String> {
    let dir = bench.root.join(CORPUS);
    let mut models = Vec::new();
    crate::corpus_cmd::find_models(&dir, &mut models)?;
    models.sort();
    if models.is_empty() {
        return Err(format!("{} holds no *.json model", dir.display()));
    }
    let xtask = std::env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))?;
    let out = bench.target.join("corpus-codegen");
    if out.exists() {
        fs::remove_dir_all(&out).map_err(|e| format!("cannot remove {}: {e}", out.display()))?;
    }
    let log_path = bench.logs.join("corpus-codegen.log");
    let mut log = String::new();
    let cpu_before = bench.children_cpu();
    let started = Instant::now();
    for model in &models {
        let name = model.strip_prefix(&dir).unwrap_or(model).with_extension("").to_string_lossy().replace('/', "-");
        let output = Command::new(&xtask)
            .arg("codegen")
            .arg("--model")
            .arg(model)
            .arg("--out")
            .arg(out.join(&name))
            .current_dir(&bench.root)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run {}: {e}", xtask.display()))?;
        let _ = writeln!(
            log,
            "== {}\n{}{}",
            model.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        if !output.status.success() {
            let _ = fs::write(&log_path, &log);
            return Err(format!(
                "codegen of {} failed ({}); see {}",
                model.display(),
                output.status,
                log_path.display()
            ));
        }
    }
    let wall = started.elapsed().as_secs_f64();
    let cpu = bench.children_cpu().zip(cpu_before).map(|(after, before)| after - before);
    fs::write(&log_path, &log).map_err(|e| format!("cannot write {}: {e}", log_path.display()))?;
    let profile = if cfg!(debug_assertions) {
        "dev profile, syn, proc-macro2, quote and prettyplease at opt-level 3 (root Cargo.toml), as CI's corpus step runs it"
    } else {
        "release profile"
    };
    let cpu = cpu.map(|c| format!("{c:.1} s CPU")).unwrap_or_else(|| "CPU unknown".into());
    println!("    corpus codegen: {} models, {wall:.1} s wall, {cpu}", models.len());
    report.note(format!(
        "`cargo xtask codegen` over the corpus: {} models, {wall:.1} s wall, {cpu} (user + sys), {profile}; \
         one process per model into an empty directory under `bench/target/corpus-codegen/`",
        models.len()
    ));
    Ok(Cell::Runs(vec![wall]))
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

/// nproc, CPU model, memory, rustc, date and load average, as Markdown lines.
fn machine_description() -> String {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')).map(|(_, v)| v.trim().to_owned()))
        .unwrap_or_else(|| "unknown".into());
    let meminfo = fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kib| format!("{:.1} GiB", kib / 1024.0 / 1024.0))
        .unwrap_or_else(|| "unknown".into());
    let nproc = std::thread::available_parallelism().map(|n| n.get().to_string()).unwrap_or_else(|_| "?".into());
    let command = |program: &str, args: &[&str]| {
        Command::new(program)
            .args(args)
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "unknown".into())
    };
    let load = load_average();
    format!(
        "- date: {}\n- nproc: {nproc}\n- CPU: {cpu}\n- memory: {memory}\n- {}\n- {}\n- load average at the start (1, 5, 15 min): {load}",
        command("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        command("rustc", &["-V"]),
        command("cargo", &["-V"]),
    )
}

/// The 1, 5 and 15 minute load averages.
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// The version of package `name` in a Cargo.lock.
fn lock_version(lock: &str, name: &str) -> Option<String> {
    let needle = format!("name = \"{name}\"\nversion = \"");
    let rest = lock.split_once(&needle)?.1;
    Some(rest.split_once('"')?.0.to_owned())
}

/// The number after `"key":` in flat JSON text.
fn json_number(text: &str, key: &str) -> Option<f64> {
    let rest = text.split_once(&format!("\"{key}\""))?.1.trim_start().strip_prefix(':')?.trim_start();
    let end =
        rest.find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))).unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// The string after `"key":` in flat JSON text (no escapes).
fn json_string(text: &str, key: &str) -> Option<String> {
    let rest = text.split_once(&format!("\"{key}\""))?.1.trim_start().strip_prefix(':')?.trim_start();
    Some(rest.strip_prefix('"')?.split_once('"')?.0.to_owned())
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_ratios() {
        let row =
            Row::new("x", "s", 1, Cell::Runs(vec![3.0, 1.0, 2.0]), Cell::Runs(vec![10.0]), Target::RatioAtMost(0.4));
        assert_eq!(row.ours.median(), Some(2.0));
        assert_eq!(row.ratio(), Some(0.2));
        assert_eq!(row.verdict(), ("≤ 0.4".to_owned(), "PASS".to_owned()));
        assert_eq!(row.cell(&row.ours), "2.0 s (1.0–3.0, 3 runs)");
        let even = Cell::Runs(vec![4.0, 1.0, 2.0, 3.0]);
        assert_eq!(even.median(), Some(2.5));
        let slow =
            Row::new("y", "req/s", 0, Cell::Runs(vec![100.0]), Cell::Runs(vec![100.0]), Target::RatioAtLeast(1.2));
        assert_eq!(slow.verdict().1, "MISS");
        let missing =
            Row::new("z", "", 0, Cell::Missing("n/a (why)".into()), Cell::Runs(vec![1.0]), Target::RatioAtMost(1.0));
        assert_eq!(missing.verdict().1, "n/a");
        assert_eq!(missing.cell(&missing.ours), "n/a (why)");
    }

    #[test]
    fn flat_json() {
        let json = r#"{"sdk": "ivs", "get_rps": 1234.5, "peak_rss_kib": 9000, "e": 1e3}"#;
        assert_eq!(json_number(json, "get_rps"), Some(1234.5));
        assert_eq!(json_number(json, "peak_rss_kib"), Some(9000.0));
        assert_eq!(json_number(json, "e"), Some(1000.0));
        assert_eq!(json_number(json, "sdk"), None);
        assert_eq!(json_string(json, "sdk").as_deref(), Some("ivs"));
    }

    #[test]
    fn slowest_units_of_a_timings_report() {
        let html = r#"<script>
const UNIT_DATA = [
  {
    "i": 1,
    "name": "small",
    "target": "",
    "duration": 0.5,
    "sections": [["frontend", {"start": 0.0, "end": 0.4}]]
  },
  {
    "i": 2,
    "name": "big",
    "target": "",
    "duration": 9.25
  },
  {
    "i": 3,
    "name": "big",
    "target": " build-script",
    "duration": 1.0
  }
];
const CONCURRENCY_DATA = [];
</script>"#;
        let path = std::env::temp_dir().join(format!("xtask-bench-timings-{}.html", std::process::id()));
        fs::write(&path, html).unwrap();
        let slowest = slowest_units(&path, 2);
        let _ = fs::remove_file(&path);
        assert_eq!(slowest.as_deref(), Some("big 9.2 s, big (build script) 1.0 s"));
    }

    #[test]
    fn lockfile_versions() {
        let lock = "[[package]]\nname = \"aws-sdk-ivs\"\nversion = \"1.131.0\"\nsource = \"x\"\n";
        assert_eq!(lock_version(lock, "aws-sdk-ivs").as_deref(), Some("1.131.0"));
        assert_eq!(lock_version(lock, "ivs"), None);
    }
}
