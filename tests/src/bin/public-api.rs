//! `cargo run -p ivs-tests --bin public-api -- MAIN.json [OTHER.json...] [--exclude-ops-not-in
//! MODEL.json] [--out FILE]`: the public API of the crate whose rustdoc JSON is MAIN.json, one
//! line per name (see `ivs_tests::public_api`), with the docs of the crates it re-exports from
//! after it. `--exclude-ops-not-in` leaves out what a Smithy JSON model does not have: its
//! operations, the types only they use, members and operation errors (see
//! `ivs_tests::public_api::exclude_not_in_model`). `--out` writes FILE, keeping the comment block at its top (the
//! commands that made it), instead of printing.

use ivs_tests::public_api::{exclude_not_in_model, extract, Doc};
use std::process::ExitCode;

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let (mut docs, mut model, mut out) = (Vec::new(), None, None);
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--exclude-ops-not-in" => model = Some(args.next().ok_or("--exclude-ops-not-in needs a model")?),
            "--out" => out = Some(args.next().ok_or("--out needs a file")?),
            flag if flag.starts_with("--") => return Err(format!("unknown flag {flag}")),
            _ => docs.push(arg),
        }
    }
    if docs.is_empty() {
        return Err("usage: public-api MAIN.json [OTHER.json...] [--exclude-ops-not-in MODEL.json] [--out FILE]".into());
    }
    let docs = docs
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
            Doc::parse(&text).map_err(|e| format!("{path}: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let api = extract(&docs)?;
    for note in &api.notes {
        eprintln!("note: {note}");
    }
    let mut lines = api.lines.clone();
    if let Some(model) = model {
        let text = std::fs::read_to_string(&model).map_err(|e| format!("cannot read {model}: {e}"))?;
        let json = serde_json::from_str(&text).map_err(|e| format!("{model}: {e}"))?;
        let (kept, left_out) = exclude_not_in_model(&api, &json);
        eprintln!("left out, as newer than {model} ({} lines):", lines.len() - kept.len());
        for thing in left_out {
            eprintln!("  {thing}");
        }
        lines = kept;
    }
    let body: String = lines.iter().map(|line| format!("{line}\n")).collect();
    match out {
        None => print!("{body}"),
        Some(out) => {
            let existing = std::fs::read_to_string(&out).unwrap_or_default();
            let header: String =
                existing.lines().take_while(|l| l.starts_with('#')).map(|line| format!("{line}\n")).collect();
            std::fs::write(&out, header + &body).map_err(|e| format!("cannot write {out}: {e}"))?;
        }
    }
    let count = |kind: &str| lines.iter().filter(|l| l.starts_with(kind)).count();
    eprintln!("{} types, {} methods, {} impls", count("type "), count("method "), count("impl "));
    Ok(())
}
