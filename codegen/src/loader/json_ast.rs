//! Reads a Smithy JSON AST file into the loader's shapes, checking its structure.
