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

/// Every entry as (kind, subject, detail, breaking), in report order.
fn full(report: &Report) -> Vec<(Kind, &str, &str, bool)> {
    report.entries.iter().map(|e| (e.kind, e.subject.as_str(), e.detail.as_str(), e.breaking)).collect()
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
    // Fails when CI is set; otherwise says SKIPPED where a passing run shows it.
    let Some(new) = ivs_tests::shared_ivs_model() else { return };
    let old = std::fs::read_to_string(root().join("model/ivs.json")).unwrap();
    let report = diff(&old, &new).expect("both models load");
    assert_eq!(report.of_kind(Kind::OperationAdded).count(), 22, "18 operations grew to 40");
    assert_eq!(report.of_kind(Kind::OperationRemoved).count(), 0);
    assert!(report.of_kind(Kind::MemberAdded).any(|e| e.subject.starts_with("Channel.")), "Channel gained members");
    // AWS dropped ListTagsForResource's pagination: callers of its paginator break.
    assert!(report.breaking().any(|e| e.kind == Kind::PaginationRemoved && e.subject == "ListTagsForResource"));
    assert_eq!(report.semver_bump(), Bump::Major);
    assert!(report
        .to_markdown()
        .ends_with("**Semver bump: 0.x minor (breaking).** 198 change(s): 4 breaking, 194 non-breaking.\n"));

    // What breaks is exactly ListTagsForResource losing its pagination members.
    let breaking: Vec<_> = report.breaking().map(|e| (e.kind, e.subject.as_str())).collect();
    assert_eq!(
        breaking,
        [
            (Kind::MemberRemoved, "ListTagsForResourceInput.maxResults"),
            (Kind::MemberRemoved, "ListTagsForResourceInput.nextToken"),
            (Kind::MemberRemoved, "ListTagsForResourceOutput.nextToken"),
            (Kind::PaginationRemoved, "ListTagsForResource"),
        ]
    );
    let count = |kind| report.of_kind(kind).count();
    assert_eq!((count(Kind::ShapeAdded), count(Kind::ShapeRemoved)), (36, 0));
    assert_eq!(count(Kind::MemberAdded), 132);
    // The HTTP bindings of the 18 original operations did not move (an omitted `code` is 200).
    assert_eq!(count(Kind::HttpBinding), 0);
    // `@enum` strings that became `enum` shapes are no change; ChannelType gained two values.
    let values: Vec<_> =
        report.of_kind(Kind::EnumValueAdded).map(|e| (e.subject.as_str(), e.detail.as_str())).collect();
    assert_eq!(values, [("ChannelType", "`ADVANCED_HD`"), ("ChannelType", "`ADVANCED_SD`")]);
    let errors: Vec<_> = report.of_kind(Kind::ErrorAdded).map(|e| (e.subject.as_str(), e.detail.as_str())).collect();
    assert_eq!(errors, [("BatchGetChannel", "`ServiceUnavailable`"), ("BatchGetStreamKey", "`ServiceUnavailable`")]);
    // Channel gained `authorized` with a default: a plain `bool` field, but on a new member.
    let authorized = report.entries.iter().find(|e| e.subject == "Channel.authorized").expect("Channel.authorized");
    assert_eq!(
        (authorized.kind, authorized.detail.as_str(), authorized.breaking),
        (Kind::MemberAdded, "`bool`", false)
    );
    assert!(authorized.reason.contains("defaulting to `false`"), "{}", authorized.reason);
    // Every error shape gained the CORS and security headers; none of them breaks anything.
    assert!(report.of_kind(Kind::MemberAdded).any(|e| e.subject == "AccessDeniedException.xAmznErrorType"));
    assert_eq!(report.new.operations, 40);
    assert_eq!(report.old.operations, 18);
}

#[test]
fn operations_added_and_removed() {
    let report = pair("operations");
    assert_eq!(
        full(&report),
        [(Kind::OperationRemoved, "DeleteWidget", "", true), (Kind::OperationAdded, "CreateWidget", "", false)]
    );
    assert_eq!(
        report.entries[0].reason,
        "`Client::delete_widget()` and the `operation::delete_widget` module disappear"
    );
    assert_eq!(report.semver_bump(), Bump::Major);
}

#[test]
fn types_added_removed_and_changing_kind() {
    let report = pair("shapes");
    assert_eq!(
        full(&report),
        [
            (Kind::ShapeRemoved, "Legacy", "structure", true),
            (Kind::ShapeAdded, "Size", "enum", false),
            (Kind::ShapeKindChanged, "Point", "structure → union", true),
            (Kind::MemberRemoved, "Widget.legacy", "`Option<Legacy>`", true),
            (Kind::MemberAdded, "Widget.size", "`Option<Size>`", false),
        ]
    );
}

#[test]
fn members_added_and_removed_in_inputs_outputs_and_nested_structures() {
    let report = pair("members");
    assert_eq!(
        full(&report),
        [
            (Kind::MemberRemoved, "UpdateWidgetInput.legacyFlag", "`Option<bool>`", true),
            (Kind::MemberRemoved, "UpdateWidgetOutput.etag", "`Option<String>`", true),
            // A required idempotency token is filled in by the client.
            (Kind::MemberAdded, "UpdateWidgetInput.clientToken", "`Option<String>`", false),
            (Kind::MemberAdded, "UpdateWidgetInput.note", "`Option<String>`", false),
            (Kind::MemberAdded, "UpdateWidgetInput.revision", "`Option<i32>`", true),
            (Kind::MemberAdded, "UpdateWidgetOutput.warnings", "`Option<Vec<String>>`", false),
            (Kind::MemberAdded, "Widget.enabled", "`bool`", false),
            (Kind::MemberAdded, "Widget.label", "`Option<String>`", false),
            (Kind::MemberAdded, "Widget.serial", "`String`", true),
            (Kind::BuilderChanged, "Widget", "`build()` became fallible", true),
        ]
    );
}

#[test]
fn enum_values_added_removed_renamed_and_deprecated() {
    let report = pair("enums");
    // `Mode` went from an `@enum` string to an `enum` shape with the same values: no change.
    assert_eq!(
        full(&report),
        [
            (Kind::EnumValueRemoved, "Color", "`blue`", true),
            (Kind::EnumValueAdded, "Color", "`purple`", false),
            (Kind::EnumValueRenamed, "Color", "`green`: `Green` → `Lime`", true),
            (Kind::Deprecated, "Color", "`red`: use PURPLE", false),
        ]
    );
    assert!(report.entries[1].reason.contains("`#[non_exhaustive]`"), "{}", report.entries[1].reason);
}

#[test]
fn required_and_default_mean_different_things_in_inputs_and_outputs() {
    let report = pair("required");
    assert_eq!(
        full(&report),
        [
            (Kind::BecameRequired, "SetWidgetInput.size", "", true),
            (Kind::BecameRequired, "SetWidgetOutput.count", "", true),
            (Kind::BecameOptional, "SetWidgetInput.mode", "", false),
            (Kind::BecameOptional, "SetWidgetOutput.name", "", true),
            (Kind::DefaultAdded, "SetWidgetInput.retries", "none → `3`", false),
            // `@addedDefault` keeps the field an `Option`.
            (Kind::DefaultAdded, "SetWidgetOutput.note", "none → `\"\"`", false),
            (Kind::DefaultAdded, "SetWidgetOutput.total", "none → `0`", true),
            (Kind::DefaultChanged, "SetWidgetOutput.level", "`1` → `2`", false),
        ]
    );
    let reason = |subject: &str| report.entries.iter().find(|e| e.subject == subject).unwrap().reason.as_str();
    assert_eq!(reason("SetWidgetOutput.count"), "its field changes from `Option<i32>` to `i32`");
    assert_eq!(reason("SetWidgetOutput.total"), "its field changes from `Option<i32>` to `i32`");
    assert_eq!(reason("SetWidgetInput.size"), "`send()` now fails when callers leave it unset");
}

#[test]
fn type_changes_break_when_the_rust_type_changes() {
    let report = pair("types");
    // `ids` went from a set to a list: both are `Vec<String>`, so no change.
    assert_eq!(
        full(&report),
        [
            (Kind::TypeChanged, "GetStatsOutput.big", "`string` → `bigInteger`", false),
            (Kind::TypeChanged, "GetStatsOutput.count", "`integer` → `long`", true),
            (Kind::TypeChanged, "GetStatsOutput.tags", "`list of string` → `map of string to string`", true),
            (
                Kind::TypeChanged,
                "GetStatsOutput.updated",
                "`timestamp (epoch-seconds)` → `timestamp (date-time)`",
                false
            ),
        ]
    );
    assert_eq!(report.entries[1].reason, "its Rust type changes from `i32` to `i64`");
    assert_eq!(report.entries[3].reason, "its Rust type stays `DateTime`; only the wire format changes");
}

#[test]
fn every_kind_of_http_binding_change_is_listed_as_non_breaking() {
    let report = pair("http");
    assert_eq!(
        full(&report),
        [
            (Kind::HttpBinding, "CreateWidget", "status code `200` → `201`", false),
            (Kind::HttpBinding, "DeleteWidget", "URI `/widgets/{id}` → `/widgets/{id}/delete`", false),
            (Kind::HttpBinding, "DeleteWidget", "method `DELETE` → `POST`", false),
            (Kind::HttpBinding, "GetWidget", "URI `/widgets/{id}` → `/v2/widgets/{id}`", false),
            (Kind::HttpBinding, "GetWidgetInput.color", "body → query `color`", false),
            (Kind::HttpBinding, "GetWidgetInput.trace", "header `X-Trace` → header `X-Trace-Id`", false),
            (Kind::HttpBinding, "GetWidgetInput.verbose", "query `verbose` → query `detail`", false),
            (Kind::HttpBinding, "GetWidgetOutput.name", "JSON key `name` → `Name`", false),
            (Kind::HttpBinding, "NotFound", "error status `404` → `410`", false),
        ]
    );
    assert_eq!(report.semver_bump(), Bump::Patch);
    assert!(report.to_markdown().contains("**Semver bump: 0.x patch.**"));
}

#[test]
fn errors_added_to_and_removed_from_operations() {
    let report = pair("errors");
    assert_eq!(
        full(&report),
        [
            (Kind::ErrorRemoved, "DeleteWidget", "`NotFound`", true),
            (Kind::ErrorAdded, "GetWidget", "`Throttled`", false)
        ]
    );
    assert_eq!(report.entries[0].reason, "the `DeleteWidgetError::NotFound` variant and `is_not_found()` disappear");
}

#[test]
fn pagination_added_removed_and_changed() {
    let report = pair("pagination");
    assert_eq!(
        full(&report),
        [
            (Kind::PaginationRemoved, "ListB", "", true),
            (Kind::PaginationAdded, "ListA", "", false),
            (Kind::PaginationChanged, "ListC", "items `names` → `numbers`", true),
            (Kind::PaginationChanged, "ListC", "page size `maxResults` removed", true),
        ]
    );
    assert_eq!(report.entries[2].reason, "`items()` yields `i32` instead of `String`");
}

#[test]
fn documentation_namespace_and_equivalent_shapes_change_nothing() {
    let report = pair("docs");
    assert_eq!(full(&report), []);
    assert_eq!(report.semver_bump(), Bump::Patch);
    let markdown = report.to_markdown();
    assert!(markdown.contains("No change that users of the generated crate can see."), "{markdown}");
    assert!(markdown.contains("| Service | `example.diff#Widgets` | `example.renamed#Widgets` |"), "{markdown}");
}

#[test]
fn a_mixed_update() {
    let report = pair("mixed");
    assert_eq!(
        full(&report),
        [
            (Kind::OperationAdded, "ListWidgets", "", false),
            (Kind::ShapeAdded, "Throttled", "error", false),
            (Kind::MemberRemoved, "PutWidgetInput.dryRun", "`Option<bool>`", true),
            (Kind::MemberAdded, "Widget.owner", "`Option<String>`", false),
            (Kind::EnumValueAdded, "Color", "`green`", false),
            (Kind::BecameRequired, "PutWidgetInput.widget", "", true),
            (Kind::TypeChanged, "Widget.size", "`integer` → `long`", true),
            (Kind::ErrorAdded, "GetWidget", "`Throttled`", false),
            (Kind::HttpBinding, "GetWidget", "URI `/widget/{id}` → `/widgets/{id}`", false),
        ]
    );
    assert!(report.is_breaking());
    assert_eq!(report.semver_bump(), Bump::Major);
    assert_eq!((report.old.version.as_str(), report.new.version.as_str()), ("2024-01-01", "2024-06-01"));

    let markdown = report.to_markdown();
    let breaking = markdown.find("### Breaking changes (3)").expect("breaking section");
    let other = markdown.find("### Non-breaking changes (6)").expect("non-breaking section");
    let summary = markdown.find("### Summary").expect("summary");
    assert!(breaking < other && other < summary, "{markdown}");
    assert!(markdown[breaking..other]
        .contains("- `Widget.size` (`integer` → `long`): its Rust type changes from `i32` to `i64`.\n"));
    assert!(markdown[other..summary].contains("- `ListWidgets`: new method `Client::list_widgets()`.\n"));
    assert!(markdown.contains("| Type changes | 1 | 0 |\n"), "{markdown}");
    assert!(markdown.contains("| **Total** | **3** | **6** |\n"), "{markdown}");
    assert!(markdown.ends_with("**Semver bump: 0.x minor (breaking).** 9 change(s): 3 breaking, 6 non-breaking.\n"));
}

#[test]
fn reports_are_deterministic_and_sorted() {
    for name in ["mixed", "members", "http", "required"] {
        let first = pair(name);
        assert_eq!(pair(name), first, "{name}");
        assert_eq!(pair(name).to_markdown(), first.to_markdown(), "{name}");
        let mut sorted = first.entries.clone();
        sorted.sort();
        assert_eq!(sorted, first.entries, "{name}");
    }
}

#[test]
fn reversing_a_pair_turns_additions_into_breaking_removals() {
    let read = |side: &str| {
        std::fs::read_to_string(root().join(format!("tests/fixtures/diff/operations.{side}.json"))).unwrap()
    };
    let reversed = diff(&read("new"), &read("old")).unwrap();
    assert_eq!(
        full(&reversed),
        [(Kind::OperationRemoved, "CreateWidget", "", true), (Kind::OperationAdded, "DeleteWidget", "", false)]
    );
}

#[test]
fn a_model_that_does_not_generate_is_an_error_naming_its_side() {
    let good = std::fs::read_to_string(root().join("tests/fixtures/diff/mixed.old.json")).unwrap();
    let bad = good.replace("\"aws.protocols#restJson1\": {},", "");
    let problems = diff(&good, &bad).unwrap_err();
    assert!(problems.to_string().contains("(in the new model) the service declares no protocol"), "{problems}");
}

/// The report spells bumps for a 0.x crate, which is what the generator writes.
#[test]
fn bumps_are_spelled_for_the_generated_crates_version() {
    let manifest = std::fs::read_to_string(root().join("generated/ivs/Cargo.toml")).unwrap();
    let version = manifest.lines().find_map(|l| l.strip_prefix("version = \"")).expect("a version line");
    assert_eq!(pair("mixed").pre_1_0, version.starts_with("0."), "generated crates are at {version}");
}

#[test]
fn cli_reports_unreadable_files_and_labels_models_by_path() {
    let missing = std::process::Command::new(env!("CARGO"))
        .args([
            "run",
            "--quiet",
            "--package",
            "xtask",
            "--",
            "diff",
            "no/such/old.json",
            "tests/fixtures/diff/mixed.new.json",
        ])
        .current_dir(root())
        .output()
        .expect("cargo runs");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read no/such/old.json"));

    let ok = xtask_diff("mixed", false);
    assert!(ok.status.success());
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(stdout.starts_with("## API changes to the generated crate `widgets`\n"), "{stdout}");
    assert!(stdout.contains("mixed.old.json") && stdout.contains("mixed.new.json"), "{stdout}");
    assert!(!xtask_diff("mixed", true).status.success());
    assert!(xtask_diff("http", true).status.success(), "wire-only changes pass --deny-breaking");
}
