//! Smithy IDL text to tokens, each with its line and column. Never fails: a character that
//! starts no token, or a string left open, becomes an `Error` token the parser reports.

use crate::loader::cursor::Cursor;

/// The kinds of token, named as Smithy's own tokenizer names them in its messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Spaces and tabs.
    Space,
    /// One line break (`\n` or `\r\n`).
    Newline,
    /// `,`, which is whitespace in the IDL.
    Comma,
    /// `// ...` up to and including its line break.
    Comment,
    /// `/// ...` up to and including its line break.
    DocComment,
    /// `@`
    At,
    /// `.`
    Dot,
    /// `#`
    Pound,
    /// `$`
    Dollar,
    /// `:`
    Colon,
    /// `:=`
    Walrus,
    /// `=`
    Equal,
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `[A-Za-z_][A-Za-z0-9_]*`
    Identifier,
    /// A quoted string, quotes included.
    String,
    /// A `"""` text block, delimiters included.
    TextBlock,
    /// A number as the IDL writes it.
    Number,
    /// Something no token starts with, or a string with no end; `error` says what.
    Error,
    /// The end of the file.
    Eof,
}

impl TokenKind {
    /// The name Smithy's messages use, with the token's fixed text where it has one.
    pub fn describe(self) -> &'static str {
        use TokenKind::*;
        match self {
            Space => "SPACE(' ')",
            Newline => "NEWLINE('\\n')",
            Comma => "COMMA(',')",
            Comment => "COMMENT",
            DocComment => "DOC_COMMENT",
            At => "AT('@')",
            Dot => "DOT('.')",
            Pound => "POUND('#')",
            Dollar => "DOLLAR('$')",
            Colon => "COLON(':')",
            Walrus => "WALRUS(':=')",
            Equal => "EQUAL('=')",
            LBrace => "LBRACE('{')",
            RBrace => "RBRACE('}')",
            LBracket => "LBRACKET('[')",
            RBracket => "RBRACKET(']')",
            LParen => "LPAREN('(')",
            RParen => "RPAREN(')')",
            Identifier => "IDENTIFIER",
            String => "STRING('\"')",
            TextBlock => "TEXT_BLOCK('\"\"\"')",
            Number => "NUMBER",
            Error => "ERROR",
            Eof => "EOF",
        }
    }
}

/// One token: its kind, its bytes in the text, and where it starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Byte offset of its first character.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// 1-based line of its first character.
    pub line: u32,
    /// 1-based column of its first character.
    pub column: u32,
}

/// Every token of `text`, ending with `Eof`. An `Error` token's message is in the second list,
/// by token index.
pub fn tokenize(text: &str) -> (Vec<Token>, Vec<(usize, String)>) {
    let mut lexer = Lexer { cursor: Cursor::new(text), tokens: Vec::new(), errors: Vec::new(), open_string: false };
    lexer.run();
    (lexer.tokens, lexer.errors)
}

struct Lexer<'a> {
    cursor: Cursor<'a>,
    tokens: Vec<Token>,
    errors: Vec<(usize, String)>,
    open_string: bool,
}

impl Lexer<'_> {
    fn run(&mut self) {
        while !self.cursor.at_end() {
            let (start, line, column) = (self.cursor.pos, self.cursor.line, self.cursor.column);
            let kind = self.next_kind();
            // A string left open is reported where the file ends, as Smithy does.
            let (line, column) = if std::mem::take(&mut self.open_string) {
                (self.cursor.line, self.cursor.column)
            } else {
                (line, column)
            };
            self.tokens.push(Token { kind, start, end: self.cursor.pos, line, column });
        }
        let c = &self.cursor;
        self.tokens.push(Token { kind: TokenKind::Eof, start: c.pos, end: c.pos, line: c.line, column: c.column });
    }

    fn peek(&self, ahead: usize) -> u8 {
        self.cursor.peek(ahead)
    }

    fn bump(&mut self) {
        self.cursor.bump();
    }

    fn bump_n(&mut self, n: usize) {
        self.cursor.bump_n(n);
    }

    fn error(&mut self, message: String) -> TokenKind {
        self.errors.push((self.tokens.len(), message));
        TokenKind::Error
    }

    fn next_kind(&mut self) -> TokenKind {
        use TokenKind::*;
        let c = self.peek(0);
        let single = |kind| (1, kind);
        let (len, kind) = match c {
            b' ' | b'\t' => {
                while matches!(self.peek(0), b' ' | b'\t') {
                    self.bump();
                }
                return Space;
            }
            b'\n' => single(Newline),
            b'\r' if self.peek(1) == b'\n' => (2, Newline),
            b',' => single(Comma),
            b'@' => single(At),
            b'.' => single(Dot),
            b'#' => single(Pound),
            b'$' => single(Dollar),
            b':' if self.peek(1) == b'=' => (2, Walrus),
            b':' => single(Colon),
            b'=' => single(Equal),
            b'{' => single(LBrace),
            b'}' => single(RBrace),
            b'[' => single(LBracket),
            b']' => single(RBracket),
            b'(' => single(LParen),
            b')' => single(RParen),
            b'/' if self.peek(1) == b'/' => {
                let kind = if self.peek(2) == b'/' { DocComment } else { Comment };
                while !self.cursor.at_end() && self.peek(0) != b'\n' {
                    self.bump();
                }
                self.bump();
                return kind;
            }
            b'"' if self.peek(1) == b'"' && self.peek(2) == b'"' => return self.quoted(3, TextBlock),
            b'"' => return self.quoted(1, String),
            b'-' | b'0'..=b'9' => return self.number(),
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while self.peek(0).is_ascii_alphanumeric() || self.peek(0) == b'_' {
                    self.bump();
                }
                return Identifier;
            }
            _ => {
                let ch = self.cursor.rest().chars().next().unwrap_or('\0');
                self.bump();
                return self.error(format!("Unexpected character: '{ch}'"));
            }
        };
        self.bump_n(len);
        kind
    }

    /// A quoted string (`"`) or text block (`"""`), up to its closing delimiter.
    fn quoted(&mut self, delimiter: usize, kind: TokenKind) -> TokenKind {
        self.bump_n(delimiter);
        loop {
            match self.peek(0) {
                _ if self.cursor.at_end() => {
                    self.open_string = true;
                    return self.error("Expected: '\"', but found '[EOF]'".into());
                }
                b'\\' => self.bump_n(2),
                b'"' if (1..delimiter).all(|i| self.peek(i) == b'"') => {
                    self.bump_n(delimiter);
                    return kind;
                }
                _ => self.bump(),
            }
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, with Smithy's messages.
    fn number(&mut self) -> TokenKind {
        let start = self.cursor.pos;
        if self.peek(0) == b'-' {
            self.bump();
            if !self.peek(0).is_ascii_digit() {
                return self.error("Invalid number '-': '-' must be followed by a digit".into());
            }
        }
        if self.peek(0) == b'0' {
            self.bump();
        } else {
            self.digits();
        }
        if self.peek(0) == b'.' {
            self.bump();
            if !self.peek(0).is_ascii_digit() {
                let text = &self.cursor.text[start..self.cursor.pos];
                return self.error(format!("Invalid number '{text}': '.' must be followed by a digit"));
            }
            self.digits();
        }
        if matches!(self.peek(0), b'e' | b'E') {
            self.bump();
            if matches!(self.peek(0), b'+' | b'-') {
                self.bump();
            }
            if !self.peek(0).is_ascii_digit() {
                let text = &self.cursor.text[start..self.cursor.pos];
                return self.error(format!("Invalid number '{text}': 'e', '+', and '-' must be followed by a digit"));
            }
            self.digits();
        }
        TokenKind::Number
    }

    fn digits(&mut self) {
        while self.peek(0).is_ascii_digit() {
            self.bump();
        }
    }
}

/// The value of a quoted string token (quotes included), escapes applied.
pub fn unquote(token_text: &str) -> Result<String, String> {
    let inner = &token_text[1..token_text.len() - 1];
    unescape(&normalize_newlines(inner)).map_err(|e| format!("Error parsing quoted string: {e}"))
}

/// The value of a text block token (delimiters included): incidental whitespace removed, then
/// escapes applied, as the specification says.
pub fn text_block(token_text: &str) -> Result<String, String> {
    let inner = normalize_newlines(&token_text[3..token_text.len() - 3]);
    let wrap = |e: String| format!("Error parsing text block: {e}");
    if inner.is_empty() {
        return Err(wrap("Text block is empty".into()));
    }
    let Some(body) = inner.strip_prefix('\n') else {
        return Err(wrap("Text block must start with a new line".into()));
    };
    let lines: Vec<&str> = body.split('\n').collect();
    let last = lines.len() - 1;
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    // Lines of only whitespace do not count, except the last (the closing delimiter's line).
    let min_indent = lines
        .iter()
        .enumerate()
        .filter(|(i, l)| *i == last || !l.trim().is_empty())
        .map(|(_, l)| indent(l))
        .min()
        .unwrap_or(0);
    let mut out = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let stripped = if line.trim().is_empty() { "" } else { &line[min_indent.min(line.len())..] };
        // The last line is dropped when it is only the whitespace before the delimiter.
        if i == last && line.trim().is_empty() {
            out.push("");
            break;
        }
        out.push(stripped.trim_end_matches([' ', '\t']));
    }
    unescape(&out.join("\n")).map_err(wrap)
}

fn normalize_newlines(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    }
}

fn unescape(text: &str) -> Result<String, String> {
    if !text.contains('\\') {
        return Ok(text.to_owned());
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('/') => out.push('/'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('\'') => return Err("Invalid escape found in string: `\\'`".into()),
            Some('\n') => {}
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                if hex.len() < 4 {
                    return Err("Invalid unclosed unicode escape found in string".into());
                }
                if let Some(bad) = hex.chars().find(|c| !c.is_ascii_hexdigit()) {
                    return Err(format!("Invalid unicode escape character: `{bad}`"));
                }
                let code = u32::from_str_radix(&hex, 16).map_err(|e| e.to_string())?;
                match char::from_u32(code) {
                    Some(c) => out.push(c),
                    None => return Err(format!("Invalid unicode escape: `\\u{hex}`")),
                }
            }
            Some(other) => return Err(format!("Invalid escape found in string: `\\{other}`")),
            None => return Err("Invalid escape found in string: `\\`".into()),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<TokenKind> {
        tokenize(text).0.iter().map(|t| t.kind).collect()
    }

    #[test]
    fn tokens_with_positions() {
        use TokenKind::*;
        assert_eq!(
            kinds("a.b#C$d := 1.5e3"),
            [Identifier, Dot, Identifier, Pound, Identifier, Dollar, Identifier, Space, Walrus, Space, Number, Eof]
        );
        let (tokens, _) = tokenize("x\n  /// doc\n@y");
        assert_eq!((tokens[3].kind, tokens[3].line, tokens[3].column), (DocComment, 2, 3));
        assert_eq!((tokens[4].kind, tokens[4].line, tokens[4].column), (At, 3, 1));
    }

    #[test]
    fn bad_input_becomes_error_tokens() {
        let (tokens, errors) = tokenize("a ! \"open");
        assert_eq!(tokens[2].kind, TokenKind::Error);
        assert_eq!(errors[0].1, "Unexpected character: '!'");
        assert_eq!(errors[1].1, "Expected: '\"', but found '[EOF]'");
        assert_eq!(tokenize("1.").1[0].1, "Invalid number '1.': '.' must be followed by a digit");
    }

    #[test]
    fn text_blocks_lose_incidental_whitespace() {
        assert_eq!(text_block("\"\"\"\n    Hello\n      there\n    \"\"\"").unwrap(), "Hello\n  there\n");
        assert_eq!(text_block("\"\"\"\n    Hi \\\n    there\"\"\"").unwrap(), "Hi there");
        assert_eq!(text_block("\"\"\"\"\"\"").unwrap_err(), "Error parsing text block: Text block is empty");
    }

    #[test]
    fn escapes() {
        assert_eq!(unquote(r#""a\"b\u00e9\n""#).unwrap(), "a\"b\u{e9}\n");
        assert!(unquote(r#""\'""#).unwrap_err().contains("Invalid escape"));
        assert!(unquote(r#""\u00""#).unwrap_err().contains("unclosed unicode"));
    }
}
