//! A place in a model file's text, kept in lines and columns as errors report them.

/// Walks a text one character at a time, counting lines and columns (1-based, in characters).
#[derive(Clone, Debug)]
pub struct Cursor<'a> {
    /// The whole text.
    pub text: &'a str,
    /// Byte offset of the next character.
    pub pos: usize,
    /// Line of the next character.
    pub line: u32,
    /// Column of the next character.
    pub column: u32,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Self { text, pos: 0, line: 1, column: 1 }
    }

    /// The byte `ahead` bytes on, or 0 past the end.
    pub fn peek(&self, ahead: usize) -> u8 {
        self.text.as_bytes().get(self.pos + ahead).copied().unwrap_or(0)
    }

    /// Whether the whole text has been read.
    pub fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    /// The text not read yet.
    pub fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    /// Moves past one character.
    pub fn bump(&mut self) {
        match self.text.as_bytes().get(self.pos) {
            None => {}
            Some(b'\n') => {
                self.pos += 1;
                self.line += 1;
                self.column = 1;
            }
            // Most of a model is ASCII: step over it without decoding.
            Some(b) if b.is_ascii() => {
                self.pos += 1;
                self.column += 1;
            }
            Some(_) => {
                self.pos += self.rest().chars().next().map_or(1, char::len_utf8);
                self.column += 1;
            }
        }
    }

    /// Moves past `n` characters.
    pub fn bump_n(&mut self, n: usize) {
        for _ in 0..n {
            self.bump();
        }
    }
}
