//! Problems found in a model: every one is reported at once, each naming its shape.

use std::fmt;

/// One problem with the input model.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The shape id the problem is about (`com.amazonaws.ivs#Channel`), or `<model>`.
    pub shape: String,
    /// The member at fault, if the problem is about one.
    pub member: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl Problem {
    /// A problem with a shape.
    pub fn shape(shape: impl Into<String>, message: impl Into<String>) -> Self {
        Self { shape: shape.into(), member: None, message: message.into() }
    }
    /// A problem with a member of a shape.
    pub fn member(shape: impl Into<String>, member: impl Into<String>, message: impl Into<String>) -> Self {
        Self { shape: shape.into(), member: Some(member.into()), message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.member {
            Some(member) => write!(f, "{}${}: {}", self.shape, member, self.message),
            None => write!(f, "{}: {}", self.shape, self.message),
        }
    }
}

/// Every problem found in a model; generation produced nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// A single problem.
    pub fn one(problem: Problem) -> Self {
        Self(vec![problem])
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the model has {} problem(s):", self.0.len())?;
        for problem in &self.0 {
            writeln!(f, "  - {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}
