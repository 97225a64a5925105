//! Load errors: `path:line:column: message`, the offending source line and a caret under the column.

use std::fmt;
use std::sync::Arc;

/// A position in a model file (1-based line and column, in characters).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file's path as given, or `<builtin>/NAME` for the built-in definitions.
    pub path: Arc<str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

impl Location {
    /// A location in `path`.
    pub fn new(path: &Arc<str>, line: u32, column: u32) -> Self {
        Self { path: path.clone(), line, column }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.line, self.column)
    }
}

/// One problem found while loading a model.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LoadError {
    /// Where the problem is.
    pub location: Location,
    /// What is wrong.
    pub message: String,
    /// The text of the offending line, when the file's text is known.
    pub source_line: Option<String>,
}

impl LoadError {
    /// An error at `location`; the source line is filled in later from the file's text.
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        Self { location, message: message.into(), source_line: None }
    }

    /// Fills in the offending line from the text of the file the error is in.
    pub fn with_source(mut self, text: &str) -> Self {
        let line = self.location.line as usize;
        if line > 0 {
            self.source_line = text.lines().nth(line - 1).map(|l| l.trim_end_matches('\r').to_owned());
        }
        self
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)?;
        if let Some(line) = &self.source_line {
            // Tabs are kept so that the caret lines up under them.
            let pad: String = line
                .chars()
                .take(self.location.column.saturating_sub(1) as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n    | {line}\n    | {pad}^")?;
        }
        Ok(())
    }
}

/// Every problem found; nothing was produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadErrors(pub Vec<LoadError>);

impl LoadErrors {
    /// A single error.
    pub fn one(error: LoadError) -> Self {
        Self(vec![error])
    }
}

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_the_line_and_a_caret_under_the_column() {
        let path: Arc<str> = Arc::from("m.smithy");
        let error = LoadError::new(Location::new(&path, 2, 5), "Expected COLON").with_source("a\n\tab!c\n");
        assert_eq!(error.to_string(), "m.smithy:2:5: Expected COLON\n    | \tab!c\n    | \t   ^");
    }
}
