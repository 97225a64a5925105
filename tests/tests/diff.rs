//! `cargo xtask diff`: what a model change does to users of the generated crate, on fixture
//! pairs (tests/fixtures/diff/NAME.{old,new}.json) and on the real IVS model when it is present.

use codegen::diff::{diff, Bump, Kind, Report};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

fn pair(name: &str) -> Report {
    let read = |suffix: &str| {
        let path = root().join(format!("tests/fixtures/diff/{name}.{suffix}.json"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    diff(&read("old"), &read("new")).expect("both models load")
}

/// The (kind, subject, breaking) of every entry, sorted.
fn entries(report: &Report) -> Vec<(Kind, String, bool)> {
    let mut all: Vec<_> =
        Kind::ALL.iter().flat_map(|k| report.of_kind(*k)).map(|e| (e.kind, e.subject.clone(), e.breaking)).collect();
    all.sort();
    all
}

#[test]
fn additions_break_nothing_and_call_for_a_minor_bump() {
    let report = pair("additions");
    assert_eq!(
        entries(&report),
        vec![
            (Kind::OperationAdded, "DeleteThing".to_owned(), false),
            (Kind::ShapeAdded, "Throttled".to_owned(), false),
            (Kind::MemberAdded, "Thing.weight".to_owned(), false),
            (Kind::EnumValueAdded, "Color".to_owned(), false),
            (Kind::ErrorAdded, "GetThing".to_owned(), false),
        ]
    );
    assert!(!report.is_breaking());
    assert_eq!(report.semver_bump(), Bump::Minor);
    assert!(report.to_markdown().contains("Semver bump: 0.x patch (additions only)"));
}

#[test]
fn removals_new_requirements_and_type_changes_are_breaking() {
    let report = pair("breaking");
    assert_eq!(
        entries(&report),
        vec![
            (Kind::MemberRemoved, "Thing.size".to_owned(), true),
            (Kind::EnumValueRemoved, "Color".to_owned(), true),
            (Kind::BecameRequired, "GetThingInput.filter".to_owned(), true),
            (Kind::TypeChanged, "Thing.name".to_owned(), true),
        ]
    );
    assert_eq!(report.semver_bump(), Bump::Major);
    let markdown = report.to_markdown();
    assert!(markdown.contains("`string` → `integer`") && markdown.contains("0.x minor (breaking)"), "{markdown}");
}

#[test]
fn http_binding_changes_are_listed_but_do_not_break_rust_users() {
    let report = pair("wire");
    assert_eq!(
        entries(&report),
        vec![
            (Kind::HttpBinding, "GetThing".to_owned(), false),
            (Kind::HttpBinding, "GetThingInput.filter".to_owned(), false),
        ]
    );
    assert_eq!(report.semver_bump(), Bump::Patch);
}

fn xtask_diff(name: &str, deny: bool) -> std::process::Output {
    let dir = root().join("tests/fixtures/diff");
    let mut command = std::process::Command::new(env!("CARGO"));
    command
        .args(["run", "--quiet", "--package", "xtask", "--", "diff"])
        .arg(dir.join(format!("{name}.old.json")))
        .arg(dir.join(format!("{name}.new.json")))
        .current_dir(root());
    if deny {
        command.arg("--deny-breaking");
    }
    command.output().expect("cargo runs")
}

#[test]
fn deny_breaking_fails_only_when_something_breaks() {
    let breaking = xtask_diff("breaking", true);
    assert!(!breaking.status.success());
    assert!(String::from_utf8_lossy(&breaking.stdout).contains("Thing.size"), "the report is printed first");
    assert!(String::from_utf8_lossy(&breaking.stderr).contains("4 breaking change(s)"));
    assert!(xtask_diff("breaking", false).status.success(), "without the flag a report is not a failure");
    assert!(xtask_diff("additions", true).status.success());
}

#[test]
fn the_2020_model_against_the_current_aws_model() {
    let current = root().join("../shared/models/ivs-2026-04.json");
    let Ok(new) = std::fs::read_to_string(&current) else {
        eprintln!("SKIPPED: {} is not present (it holds the current AWS model of IVS)", current.display());
        return;
    };
    let old = std::fs::read_to_string(root().join("model/ivs.json")).unwrap();
    let report = diff(&old, &new).expect("both models load");
    assert_eq!(report.of_kind(Kind::OperationAdded).count(), 22, "18 operations grew to 40");
    assert_eq!(report.of_kind(Kind::OperationRemoved).count(), 0);
    assert!(report.of_kind(Kind::MemberAdded).any(|e| e.subject.starts_with("Channel.")), "Channel gained members");
    // AWS dropped ListTagsForResource's pagination: callers of its paginator break.
    assert!(report.breaking().any(|e| e.kind == Kind::PaginationRemoved && e.subject == "ListTagsForResource"));
    assert_eq!(report.semver_bump(), Bump::Major);
}
