//! The Smithy IDL (1.0 and 2.0): [`lexer`] turns text into tokens, [`parser`] tokens into a file's
//! statements with shape ids still as written; [`crate::loader::assemble`] resolves them.

pub mod lexer;
pub mod parser;
