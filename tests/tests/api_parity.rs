//! API parity with aws-sdk-ivs 1.131 (issue 13).
//!
//! The crate generated from `../shared/models/ivs-2026-04.json` (the 40-operation API) is
//! written afresh into a workspace of its own, `target/api-parity` (with a copy of the root
//! `Cargo.lock` and a target directory of its own, `target/api-parity/target`, so that its builds
//! neither wait for nor invalidate the main one's), and:
//!
//! - its public API, from rustdoc's JSON and aws-client-runtime's, must hold every name of
//!   `tests/fixtures/api-parity/aws-sdk-ivs-1.131.txt` (aws-sdk-ivs's list, made by the commands
//!   in its header) but those of [`OMITTED`], and enough of them of each kind ([`THRESHOLDS`]);
//! - `tests/fixtures/api-parity/program.rs`, a program written for aws-sdk-ivs, must compile
//!   against it, and against aws-sdk-ivs 1.131 itself (so the program stays honest).
//!
//! Without ../shared/models the tests of our crate print SKIPPED, and fail when `CI` is set.

use ivs_tests::public_api::{extract, Doc};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The least share of aws-sdk-ivs's names of each kind that our crate must have, in percent.
/// The names of [`OMITTED`] count as missing. These are issue 13's definition of done.
const THRESHOLDS: [(&str, f64); 3] = [("type", 99.0), ("method", 98.0), ("impl", 97.0)];

/// The reason of the methods not there yet: a behaviour each would need, not just a name.
const NYI: &str = "not implemented: clock-skew correction, a custom invocation-id generator, the signing-name getter and the observability attributes";

/// Why a name is left out: auth schemes of your own. The client signs with SigV4 or sends
/// unsigned (`noAuth`), chosen by the auth scheme resolver; issue 13 lets these stay out.
const AUTH: &str = "auth schemes of your own: the client signs with SigV4 or sends unsigned (noAuth), as the auth scheme resolver chooses";
/// Why a name is left out: the official orchestrator's plugin machinery.
const PLUGINS: &str = "the official orchestrator's runtime plugins and config layers: this client has none (config_override and interceptors do what users do with them)";
/// Why a name is left out: hooks after deserialization.
const HOOKS: &str = "this client reads the response once, after the retry loop: the hooks after deserialization are not called (runtime/src/interceptors.rs)";
/// Why a name is left out: event streams.
const EVENT_STREAMS: &str = "event streams are not implemented: their operations are left out of the crate (issue 11)";

/// The names of aws-sdk-ivs's list that our crate leaves out, each with why: the one table of
/// them. Any other missing name fails the test, which prints it as a line of this table; a name
/// here that our crate has (or that the list no longer has) fails it too, so that the table
/// never lies: delete its line. One line per name, sorted, as the test prints them.
#[rustfmt::skip]
const OMITTED: &[(&str, &str)] = &[
    ("impl crate::operation::batch_get_channel::BatchGetChannel: RuntimePlugin", PLUGINS),
    ("impl crate::operation::batch_get_stream_key::BatchGetStreamKey: RuntimePlugin", PLUGINS),
    ("impl crate::operation::batch_start_viewer_session_revocation::BatchStartViewerSessionRevocation: RuntimePlugin", PLUGINS),
    ("impl crate::operation::create_ad_configuration::CreateAdConfiguration: RuntimePlugin", PLUGINS),
    ("impl crate::operation::create_channel::CreateChannel: RuntimePlugin", PLUGINS),
    ("impl crate::operation::create_playback_restriction_policy::CreatePlaybackRestrictionPolicy: RuntimePlugin", PLUGINS),
    ("impl crate::operation::create_recording_configuration::CreateRecordingConfiguration: RuntimePlugin", PLUGINS),
    ("impl crate::operation::create_stream_key::CreateStreamKey: RuntimePlugin", PLUGINS),
    ("impl crate::operation::delete_ad_configuration::DeleteAdConfiguration: RuntimePlugin", PLUGINS),
    ("impl crate::operation::delete_channel::DeleteChannel: RuntimePlugin", PLUGINS),
    ("impl crate::operation::delete_playback_key_pair::DeletePlaybackKeyPair: RuntimePlugin", PLUGINS),
    ("impl crate::operation::delete_playback_restriction_policy::DeletePlaybackRestrictionPolicy: RuntimePlugin", PLUGINS),
    ("impl crate::operation::delete_recording_configuration::DeleteRecordingConfiguration: RuntimePlugin", PLUGINS),
    ("impl crate::operation::delete_stream_key::DeleteStreamKey: RuntimePlugin", PLUGINS),
    ("impl crate::operation::get_ad_configuration::GetAdConfiguration: RuntimePlugin", PLUGINS),
    ("impl crate::operation::get_channel::GetChannel: RuntimePlugin", PLUGINS),
    ("impl crate::operation::get_playback_key_pair::GetPlaybackKeyPair: RuntimePlugin", PLUGINS),
    ("impl crate::operation::get_playback_restriction_policy::GetPlaybackRestrictionPolicy: RuntimePlugin", PLUGINS),
    ("impl crate::operation::get_recording_configuration::GetRecordingConfiguration: RuntimePlugin", PLUGINS),
    ("impl crate::operation::get_stream::GetStream: RuntimePlugin", PLUGINS),
    ("impl crate::operation::get_stream_key::GetStreamKey: RuntimePlugin", PLUGINS),
    ("impl crate::operation::get_stream_session::GetStreamSession: RuntimePlugin", PLUGINS),
    ("impl crate::operation::import_playback_key_pair::ImportPlaybackKeyPair: RuntimePlugin", PLUGINS),
    ("impl crate::operation::insert_ad_break::InsertAdBreak: RuntimePlugin", PLUGINS),
    ("impl crate::operation::list_ad_configurations::ListAdConfigurations: RuntimePlugin", PLUGINS),
    ("impl crate::operation::list_channels::ListChannels: RuntimePlugin", PLUGINS),
    ("impl crate::operation::list_playback_key_pairs::ListPlaybackKeyPairs: RuntimePlugin", PLUGINS),
    ("impl crate::operation::list_playback_restriction_policies::ListPlaybackRestrictionPolicies: RuntimePlugin", PLUGINS),
    ("impl crate::operation::list_recording_configurations::ListRecordingConfigurations: RuntimePlugin", PLUGINS),
    ("impl crate::operation::list_stream_keys::ListStreamKeys: RuntimePlugin", PLUGINS),
    ("impl crate::operation::list_stream_sessions::ListStreamSessions: RuntimePlugin", PLUGINS),
    ("impl crate::operation::list_streams::ListStreams: RuntimePlugin", PLUGINS),
    ("impl crate::operation::list_tags_for_resource::ListTagsForResource: RuntimePlugin", PLUGINS),
    ("impl crate::operation::put_metadata::PutMetadata: RuntimePlugin", PLUGINS),
    ("impl crate::operation::start_viewer_session_revocation::StartViewerSessionRevocation: RuntimePlugin", PLUGINS),
    ("impl crate::operation::stop_stream::StopStream: RuntimePlugin", PLUGINS),
    ("impl crate::operation::tag_resource::TagResource: RuntimePlugin", PLUGINS),
    ("impl crate::operation::untag_resource::UntagResource: RuntimePlugin", PLUGINS),
    ("impl crate::operation::update_channel::UpdateChannel: RuntimePlugin", PLUGINS),
    ("impl crate::operation::update_playback_restriction_policy::UpdatePlaybackRestrictionPolicy: RuntimePlugin", PLUGINS),
    ("method crate::Config::auth_schemes", AUTH),
    ("method crate::Config::disable_clock_skew_correction", NYI),
    ("method crate::Config::invocation_id_generator", NYI),
    ("method crate::Config::signing_name", NYI),
    ("method crate::config::Builder::capture_input_attributes", NYI),
    ("method crate::config::Builder::disable_clock_skew_correction", NYI),
    ("method crate::config::Builder::emit_input_attributes", NYI),
    ("method crate::config::Builder::invocation_id_generator", NYI),
    ("method crate::config::Builder::push_auth_scheme", AUTH),
    ("method crate::config::Builder::set_disable_clock_skew_correction", NYI),
    ("method crate::config::Builder::set_invocation_id_generator", NYI),
    ("method crate::config::Config::auth_schemes", AUTH),
    ("method crate::config::Config::disable_clock_skew_correction", NYI),
    ("method crate::config::Config::invocation_id_generator", NYI),
    ("method crate::config::Config::signing_name", NYI),
    ("type crate::config::FrozenLayer", PLUGINS),
    ("type crate::config::Layer", PLUGINS),
    ("type crate::config::RuntimeComponentsBuilder", PLUGINS),
    ("type crate::config::RuntimePlugin", PLUGINS),
    ("type crate::config::SharedRuntimePlugin", PLUGINS),
    ("type crate::config::interceptors::AfterDeserializationInterceptorContextRef", HOOKS),
    ("type crate::config::interceptors::FinalizerInterceptorContextMut", HOOKS),
    ("type crate::primitives::event_stream", EVENT_STREAMS),
];

/// aws-sdk-ivs's list, made by the commands in its header.
const THEIRS: &str = include_str!("../fixtures/api-parity/aws-sdk-ivs-1.131.txt");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root")
}

fn dir() -> PathBuf {
    root().join("target/api-parity")
}

/// The api-parity workspace, prepared once per test binary: our crate generated into `ivs`, and
/// the program on it in `program`. `None` (after SKIPPED) without ../shared/models.
fn workspace() -> Option<&'static Path> {
    static PREPARED: OnceLock<Option<PathBuf>> = OnceLock::new();
    PREPARED
        .get_or_init(|| {
            let model = ivs_tests::shared_ivs_model()?;
            prepare(&model);
            Some(dir())
        })
        .as_deref()
}

fn prepare(model: &str) {
    let dir = dir();
    let settings = codegen::Settings {
        package: None,
        runtime_path: "../../../runtime".into(),
        runtime_version: env!("CARGO_PKG_VERSION").into(),
        service: None,
    };
    let generated = codegen::generate(model, &settings).unwrap_or_else(|e| panic!("the 40-operation model: {e}"));
    assert_eq!(generated.package, "ivs");
    let files: Vec<(String, String)> = generated.files.into_iter().map(|f| (f.path, f.contents)).collect();
    sync_dir(&dir.join("ivs"), &files);
    write_if_changed(
        &dir.join("Cargo.toml"),
        "# Written by tests/tests/api_parity.rs: our crate from the 40-operation model, and the program on it.\n\
         [workspace]\nresolver = \"2\"\nmembers = [\"ivs\", \"program\"]\nexclude = [\"sdk\", \"target\"]\n",
    );
    // `aws-config` gives `From<&SdkConfig>`, which aws-sdk-ivs always has; with the program
    // asking for it, aws-client-runtime's doc (`-p` of a dependency) has it too.
    let ivs = "ivs = { path = \"../ivs\", features = [\"aws-config\"] }";
    write_if_changed(&dir.join("program/Cargo.toml"), &program_manifest("program-ivs", ivs, ""));
    // The main workspace's locked versions, so that nothing is resolved afresh.
    copy(&root().join("Cargo.lock"), &dir.join("Cargo.lock"));
}

/// The program on aws-sdk-ivs: a workspace of its own, `target/api-parity/sdk`, with a copy of
/// bench's lock file (bench depends on aws-sdk-ivs 1.131). Only the crate's API is needed, so
/// none of its default features (an HTTPS client, rustls and aws-lc) are built.
fn prepare_sdk() -> PathBuf {
    let sdk = dir().join("sdk");
    let dependency = "ivs = { package = \"aws-sdk-ivs\", version = \"=1.131.0\", default-features = false }";
    write_if_changed(&sdk.join("Cargo.toml"), &program_manifest("program-sdk", dependency, "\n[workspace]\n"));
    copy(&root().join("bench/Cargo.lock"), &sdk.join("Cargo.lock"));
    sdk
}

fn program_manifest(name: &str, ivs: &str, tail: &str) -> String {
    format!(
        "# Written by tests/tests/api_parity.rs: tests/fixtures/api-parity/program.rs, `ivs` being {name}'s.\n\
         [package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [[bin]]\nname = \"{name}\"\npath = \"../../../tests/fixtures/api-parity/program.rs\"\n\n\
         [dependencies]\n{ivs}\naws-smithy-types = \"1\"\n{tail}"
    )
}

/// Makes `dir` hold exactly `files` (relative paths and contents), writing only what changed.
fn sync_dir(dir: &Path, files: &[(String, String)]) {
    let wanted: BTreeSet<PathBuf> = files.iter().map(|(path, _)| dir.join(path)).collect();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if !wanted.contains(&path) {
                std::fs::remove_file(&path).unwrap_or_else(|e| panic!("cannot remove {}: {e}", path.display()));
            }
        }
    }
    for (path, contents) in files {
        write_if_changed(&dir.join(path), contents);
    }
}

fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).is_ok_and(|current| current == contents) {
        return;
    }
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create the directory");
    std::fs::write(path, contents).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

fn copy(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap_or_else(|e| panic!("cannot copy {} to {}: {e}", from.display(), to.display()));
}

/// Runs cargo on the manifest `manifest` with the api-parity target directory.
/// `RUSTC_BOOTSTRAP=1` for every build, not only rustdoc's, so that they share dependencies.
fn cargo(manifest: &Path, args: &[&str]) -> Output {
    let (command, rest) = args.split_first().expect("a cargo command");
    Command::new(env!("CARGO"))
        .arg(command)
        .arg("--manifest-path")
        .arg(manifest)
        .args(rest)
        .env("CARGO_TARGET_DIR", dir().join("target"))
        .env("RUSTC_BOOTSTRAP", "1")
        .output()
        .expect("cargo runs")
}

/// rustdoc's JSON for `package` of the api-parity workspace, built with `features`.
fn rustdoc_json(workspace: &Path, package: &str, features: &[&str]) -> Doc {
    let mut args = vec!["rustdoc", "--quiet", "--lib", "-p", package];
    for feature in features {
        args.extend(["--features", feature]);
    }
    args.extend(["--", "-Z", "unstable-options", "--output-format", "json"]);
    let output = cargo(&workspace.join("Cargo.toml"), &args);
    assert!(output.status.success(), "rustdoc for {package} failed:\n{}", String::from_utf8_lossy(&output.stderr));
    let path = workspace.join("target/doc").join(format!("{}.json", package.replace('-', "_")));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    Doc::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const KINDS: [(&str, &str); 3] = [("type", "types"), ("method", "methods"), ("impl", "impls")];

fn kind_of(name: &str) -> &str {
    name.split(' ').next().unwrap_or_default()
}

#[test]
fn our_public_api_has_the_names_of_aws_sdk_ivs() {
    let Some(workspace) = workspace() else { return };
    let docs = [rustdoc_json(workspace, "ivs", &["aws-config"]), rustdoc_json(workspace, "aws-client-runtime", &[])];
    let api = extract(&docs).unwrap_or_else(|e| panic!("our rustdoc JSON: {e}"));
    for note in &api.notes {
        println!("note: {note}");
    }
    let ours: BTreeSet<&str> = api.lines.iter().map(String::as_str).collect();
    let theirs: BTreeSet<&str> = THEIRS.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    let missing: Vec<&str> = theirs.iter().copied().filter(|name| !ours.contains(name)).collect();
    let omitted: BTreeSet<&str> = OMITTED.iter().map(|(name, _)| *name).collect();

    let mut problems = Vec::new();
    // The figures go straight to standard error, where a passing run shows them too (libtest
    // captures `println!` and `eprintln!`); the names, below, only show when the test fails.
    let mut figures = String::from("aws-sdk-ivs 1.131's names that our crate has:\n");
    for (kind, plural) in KINDS {
        let total = theirs.iter().filter(|n| kind_of(n) == kind).count();
        let found = total - missing.iter().filter(|n| kind_of(n) == kind).count();
        let percent = if total == 0 { 100.0 } else { 100.0 * found as f64 / total as f64 };
        figures.push_str(&format!("  {plural}: {found} of {total} ({percent:.1}%)\n"));
        let (_, least) = THRESHOLDS.iter().find(|(k, _)| *k == kind).expect("a threshold per kind");
        if percent < *least {
            problems.push(format!("{plural}: {percent:.1}% of aws-sdk-ivs's, under the {least}% required"));
        }
    }
    let _ = std::io::stderr().write_all(figures.as_bytes());
    for (kind, plural) in KINDS {
        let names: Vec<&&str> = missing.iter().filter(|n| kind_of(n) == kind).collect();
        if !names.is_empty() {
            println!("missing {plural} ({}):", names.len());
            for name in names {
                let mark = if omitted.contains(*name) { "" } else { "  (not in OMITTED)" };
                println!("  {name}{mark}");
            }
        }
    }
    let unexpected: Vec<&&str> = missing.iter().filter(|n| !omitted.contains(*n)).collect();
    if !unexpected.is_empty() {
        let lines: Vec<String> = unexpected.iter().map(|n| format!("    ({n:?}, NYI),")).collect();
        problems.push(format!(
            "{} names of aws-sdk-ivs are missing and not in OMITTED (as table lines):\n{}",
            unexpected.len(),
            lines.join("\n")
        ));
    }
    let stale: Vec<&&str> = omitted.iter().filter(|n| ours.contains(*n) || !theirs.contains(*n)).collect();
    if !stale.is_empty() {
        let lines: Vec<String> = stale.iter().map(|n| format!("    {n:?}")).collect();
        problems.push(format!(
            "OMITTED names that our crate has, or that aws-sdk-ivs's list has not:\n{}",
            lines.join("\n")
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Checks the program of `manifest`; the compiler's errors when it does not compile.
fn check_program(manifest: &Path) -> Result<(), String> {
    let output = cargo(manifest, &["check", "--quiet", "--message-format", "short"]);
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

#[test]
fn the_program_compiles_against_our_crate() {
    let Some(workspace) = workspace() else { return };
    if let Err(errors) = check_program(&workspace.join("program/Cargo.toml")) {
        panic!("tests/fixtures/api-parity/program.rs does not compile against our crate:\n{errors}");
    }
}

/// The program is written for aws-sdk-ivs 1.131 and must compile against it (from the registry,
/// with bench's locked versions; about a minute cold).
#[test]
fn the_program_compiles_against_aws_sdk_ivs() {
    if let Err(errors) = check_program(&prepare_sdk().join("Cargo.toml")) {
        panic!("tests/fixtures/api-parity/program.rs does not compile against aws-sdk-ivs 1.131:\n{errors}");
    }
}
