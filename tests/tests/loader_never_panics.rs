//! No input makes the model loader panic or hang: every prefix of every IDL and JSON file in
//! Smithy's loader suite and the built-in definitions goes through the IDL parser or the JSON AST
//! reader, and mutated models go through the whole assembler. Each must return (a model or
//! errors with positions inside the file), never panic.

use codegen::loader::idl::parser;
use codegen::loader::{assemble_sources, json_ast, Source};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn suite() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/smithy/loader-tests")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("the loader suite is checked in").flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|x| x == "smithy" || x == "json") {
            out.push(path);
        }
    }
}

fn suite_files() -> Vec<(PathBuf, String)> {
    let mut paths = Vec::new();
    files(&suite(), &mut paths);
    paths.into_iter().map(|p| (p.clone(), std::fs::read_to_string(&p).expect("readable"))).collect()
}

/// Every error points inside the text it is about: a line that exists, a column on it (or just
/// past its end).
fn assert_positions_inside(text: &str, errors: &[codegen::loader::LoadError]) {
    let lines: Vec<&str> = text.split('\n').collect();
    for error in errors {
        let line = error.location.line as usize;
        assert!(line >= 1 && line <= lines.len(), "line {line} is outside the text: {error}");
        let width = lines[line - 1].chars().count() + 1;
        assert!(error.location.column as usize <= width + 1, "column past the line's end: {error}");
    }
}

#[test]
fn every_prefix_of_every_file_parses_or_fails_cleanly() {
    let mut cases = 0;
    for (path, text) in suite_files() {
        let name: Arc<str> = Arc::from(path.to_string_lossy().as_ref());
        let ends: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        for end in ends {
            let prefix = &text[..end];
            if path.extension().is_some_and(|x| x == "json") {
                if let Err(errors) = json_ast::read(&name, prefix) {
                    assert!(!errors.is_empty());
                    assert_positions_inside(prefix, &errors);
                }
            } else {
                let (_, errors) = parser::parse(&name, prefix);
                assert_positions_inside(prefix, &errors);
            }
            cases += 1;
        }
    }
    assert!(cases > 10_000, "the suite should give many prefixes, got {cases}");
}

#[test]
fn unterminated_text_and_deep_nesting_do_not_hang_or_overflow() {
    let deep_idl = format!("$version: \"2\"\nnamespace a\n@tags({}\nstring S\n", "[".repeat(100_000));
    let deep_json = format!("{{\"smithy\": \"2.0\", \"metadata\": {{\"x\": {}}}}}", "[".repeat(100_000));
    for (path, text) in [("deep.smithy", deep_idl), ("deep.json", deep_json)] {
        let result = assemble_sources(&[Source::new(path, text)]);
        let errors = result.expect_err("unbalanced brackets are an error");
        assert!(errors.0[0].to_string().starts_with(path), "{errors}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// A valid file with one byte range replaced by arbitrary Smithy-looking text.
    #[test]
    fn mutated_models_load_or_fail_with_positions(
        file in 0usize..1000,
        at in 0usize..4000,
        len in 0usize..40,
        insert in "[a-zA-Z0-9_#$@.:=(){}\\[\\]\",\n /*-]{0,20}",
    ) {
        let files = suite_files();
        let (path, text) = &files[file % files.len()];
        let start = text.char_indices().map(|(i, _)| i).nth(at % text.chars().count().max(1)).unwrap_or(0);
        let end = text[start..].char_indices().map(|(i, _)| start + i).nth(len).unwrap_or(text.len());
        let mutated = format!("{}{}{}", &text[..start], insert, &text[end..]);
        let name = path.to_string_lossy().into_owned();
        if let Err(errors) = assemble_sources(&[Source::new(&name, mutated.clone())]) {
            let ours: Vec<_> = errors.0.iter().filter(|e| *e.location.path == *name).cloned().collect();
            assert_positions_inside(&mutated, &ours);
        }
    }
}
