//! Model sources: the files named on the command line, directories walked for `.smithy` and `.json`.

use super::{LoadError, LoadErrors, Location};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The text of one model file and the path it is reported under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The path as given (or found under a given directory).
    pub path: Arc<str>,
    /// The file's text.
    pub text: String,
}

impl Source {
    /// A source from a path and its text.
    pub fn new(path: impl AsRef<str>, text: impl Into<String>) -> Self {
        Self { path: Arc::from(path.as_ref()), text: text.into() }
    }

    /// Whether the source is a JSON AST (by its extension; anything else is read as IDL).
    pub fn is_json(&self) -> bool {
        self.path.ends_with(".json")
    }
}

/// Reads every path: a file as it is, a directory walked recursively for `.smithy` and `.json`
/// files (sorted, so that the order is the same on every machine).
pub fn read(paths: &[PathBuf]) -> Result<Vec<Source>, LoadErrors> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files, &mut errors);
        } else {
            files.push(path.clone());
        }
    }
    let mut sources = Vec::new();
    for file in files {
        match std::fs::read_to_string(&file) {
            Ok(text) => sources.push(Source::new(file.to_string_lossy(), text)),
            Err(e) => errors.push(cannot_read(&file, &e)),
        }
    }
    if errors.is_empty() {
        Ok(sources)
    } else {
        Err(LoadErrors(errors))
    }
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<LoadError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return errors.push(cannot_read(dir, &e)),
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, files, errors);
        } else if path.extension().is_some_and(|x| x == "smithy" || x == "json") {
            files.push(path);
        }
    }
}

fn cannot_read(path: &Path, e: &std::io::Error) -> LoadError {
    let path: Arc<str> = Arc::from(path.to_string_lossy().as_ref());
    LoadError::new(Location::new(&path, 1, 1), format!("cannot read: {e}"))
}
