//! IDL tokens to a file's statements: control statements, metadata, namespace, `use`, shapes
//! and `apply`, with shape ids as written. A syntax error skips to the next statement so that
//! one run reports every problem the parser can recover from.

use super::lexer::{self, Token, TokenKind};
use crate::loader::{LoadError, Location};
use crate::model::ShapeKind;
use std::sync::Arc;

use TokenKind as T;

/// The IDL version a file declares (`$version`); a file without one is 1.0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// Smithy IDL 1.0.
    V1,
    /// Smithy IDL 2.0.
    V2,
}

/// A node value as written: shape ids in it are resolved later, against the whole model.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number.
    Number(serde_json::Number),
    /// A quoted string or text block.
    String(String),
    /// An unquoted shape id (a syntactic shape id), and where it is.
    ShapeId(String, Location),
    /// `[...]`
    Array(Vec<Node>),
    /// `{...}`, keys in order.
    Object(Vec<(String, Node)>),
}

/// A trait application: `@id` or `@id(value)`.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedTrait {
    /// The trait's shape id as written.
    pub id: String,
    /// Its value; `None` for an annotation trait written without parentheses or with `()`.
    pub value: Option<Node>,
    /// Where the `@` is.
    pub location: Location,
}

/// A member of a structure, union, list, map, enum or intEnum.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedMember {
    /// Its name.
    pub name: String,
    /// Its target as written; `None` when elided (`$name`) or for enum members.
    pub target: Option<String>,
    /// Whether the target was elided.
    pub elided: bool,
    /// Its traits (documentation comments included, as `smithy.api#documentation`).
    pub traits: Vec<ParsedTrait>,
    /// The value after `=`: a default, or an enum member's value.
    pub value: Option<(Node, Location)>,
    /// Where its name is.
    pub location: Location,
}

/// A shape statement.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedShape {
    /// The shape's name (relative to the file's namespace).
    pub name: String,
    /// Its type.
    pub kind: ShapeKind,
    /// Its traits, documentation comments included.
    pub traits: Vec<ParsedTrait>,
    /// Its members.
    pub members: Vec<ParsedMember>,
    /// `with [...]`, as written.
    pub mixins: Vec<(String, Location)>,
    /// `for Resource`, as written.
    pub for_resource: Option<(String, Location)>,
    /// The body of a service, resource or operation, key by key.
    pub properties: Vec<(String, Node, Location)>,
    /// Where the shape's name is.
    pub location: Location,
}

/// `apply Target @trait` or `apply Target { @a @b }`.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedApply {
    /// The shape or member id as written.
    pub target: String,
    /// The traits it applies.
    pub traits: Vec<ParsedTrait>,
    /// Where the target is.
    pub location: Location,
}

/// Everything one IDL file says.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedFile {
    /// The file's path.
    pub path: Arc<str>,
    /// Its IDL version.
    pub version: Version,
    /// Its namespace, when it has shapes.
    pub namespace: Option<String>,
    /// `use` statements: absolute shape ids.
    pub uses: Vec<(String, Location)>,
    /// `metadata` statements.
    pub metadata: Vec<(String, Node, Location)>,
    /// Shape statements, inline operation inputs and outputs included.
    pub shapes: Vec<ParsedShape>,
    /// `apply` statements.
    pub applies: Vec<ParsedApply>,
}

/// The trait id a documentation comment is given until it is resolved: an explicit
/// `@documentation` on the same shape wins over it.
pub const DOC_COMMENT: &str = "///";

/// A syntax error; the message is Smithy's wording where Smithy has one.
type Fail = LoadError;
type Parsed<T> = Result<T, Fail>;

/// Parses one IDL file. On errors, the file's statements that parsed are returned with them.
pub fn parse(path: &Arc<str>, text: &str) -> (ParsedFile, Vec<LoadError>) {
    let (tokens, token_errors) = lexer::tokenize(text);
    let mut parser = Parser {
        path: path.clone(),
        text,
        tokens,
        token_errors,
        pos: 0,
        docs: Vec::new(),
        depth: 0,
        errors: Vec::new(),
        input_suffix: "Input".into(),
        output_suffix: "Output".into(),
        file: ParsedFile {
            path: path.clone(),
            version: Version::V1,
            namespace: None,
            uses: Vec::new(),
            metadata: Vec::new(),
            shapes: Vec::new(),
            applies: Vec::new(),
        },
    };
    parser.parse_file();
    let errors = parser.errors.into_iter().map(|e| e.with_source(text)).collect();
    (parser.file, errors)
}

struct Parser<'a> {
    path: Arc<str>,
    text: &'a str,
    tokens: Vec<Token>,
    token_errors: Vec<(usize, String)>,
    pos: usize,
    /// Documentation comment lines met in the last run of whitespace.
    docs: Vec<String>,
    /// How deep the node value being parsed is.
    depth: usize,
    errors: Vec<LoadError>,
    input_suffix: String,
    output_suffix: String,
    file: ParsedFile,
}

/// Node values nesting deeper than this are refused rather than risking the stack.
const MAX_DEPTH: usize = 256;

const NODE_START: &str = "one of STRING('\"'), TEXT_BLOCK('\"\"\"'), NUMBER, IDENTIFIER, LBRACE('{'), LBRACKET('[')";

impl Parser<'_> {
    // ---- tokens -------------------------------------------------------------------------

    fn token(&self) -> Token {
        self.tokens[self.pos]
    }

    fn kind(&self) -> TokenKind {
        self.tokens[self.pos].kind
    }

    fn lexeme(&self) -> &str {
        let t = self.token();
        &self.text[t.start..t.end]
    }

    fn is_identifier(&self, word: &str) -> bool {
        self.kind() == T::Identifier && self.lexeme() == word
    }

    fn advance(&mut self) {
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
    }

    fn location(&self) -> Location {
        let t = self.token();
        Location::new(&self.path, t.line, t.column)
    }

    fn fail<R>(&self, message: impl Into<String>) -> Parsed<R> {
        Err(LoadError::new(self.location(), message))
    }

    /// How the current token is named in a message: `IDENTIFIER('apply')`, `NEWLINE('\n')`.
    fn found(&self) -> String {
        let t = self.token();
        match t.kind {
            T::Identifier | T::Number | T::Error => {
                format!("{}('{}')", t.kind.describe(), self.lexeme())
            }
            T::Comment | T::DocComment | T::String | T::TextBlock => {
                let text: String = self.lexeme().chars().take(40).collect();
                let name = match t.kind {
                    T::Comment => "COMMENT",
                    T::DocComment => "DOC_COMMENT",
                    T::String => "STRING",
                    _ => "TEXT_BLOCK",
                };
                format!("{name}('{}')", text.replace('\n', "\\n"))
            }
            kind => kind.describe().to_owned(),
        }
    }

    /// Fails with the lexer's message on an error token, else with "Expected X but found Y".
    fn unexpected<R>(&self, expected: &str) -> Parsed<R> {
        if self.kind() == T::Error {
            let message = self
                .token_errors
                .iter()
                .find(|(i, _)| *i == self.pos)
                .map(|(_, m)| m.clone())
                .unwrap_or_else(|| "Unexpected character".into());
            return self.fail(message);
        }
        self.fail(format!("Expected {expected} but found {}", self.found()))
    }

    fn expect(&mut self, kind: TokenKind) -> Parsed<()> {
        if self.kind() != kind {
            return self.unexpected(kind.describe());
        }
        self.advance();
        Ok(())
    }

    // ---- whitespace ---------------------------------------------------------------------

    fn skip_sp(&mut self) {
        while self.kind() == T::Space {
            self.advance();
        }
    }

    /// Skips spaces, line breaks, commas and comments; keeps the documentation comment lines
    /// of this run of whitespace for the shape or member that follows.
    fn skip_ws(&mut self) {
        self.docs.clear();
        loop {
            match self.kind() {
                T::Space | T::Newline | T::Comma | T::Comment => self.advance(),
                T::DocComment => {
                    let line = self.lexeme().trim_end_matches(['\n', '\r']);
                    let line = &line[3..];
                    self.docs.push(line.strip_prefix(' ').unwrap_or(line).to_owned());
                    self.advance();
                }
                _ => return,
            }
        }
    }

    /// At least one whitespace token, then any more.
    fn expect_ws(&mut self) -> Parsed<()> {
        if !matches!(self.kind(), T::Space | T::Newline | T::Comma | T::Comment | T::DocComment) {
            return self.fail(format!("Expected one or more whitespace characters, but found {}", self.found()));
        }
        self.skip_ws();
        Ok(())
    }

    /// A space (not a line break), then any more spaces.
    fn expect_sp(&mut self) -> Parsed<()> {
        if self.kind() != T::Space {
            return self.unexpected("SPACE(' ')");
        }
        self.skip_sp();
        Ok(())
    }

    /// The end of a statement: spaces, then a line break (or a comment, or the end of the file).
    fn expect_br(&mut self) -> Parsed<()> {
        self.skip_sp();
        match self.kind() {
            T::Newline | T::Comment | T::DocComment => {
                // A `///` on the statement's own line documents nothing.
                self.advance();
                self.skip_ws();
                Ok(())
            }
            T::Eof => Ok(()),
            _ => self.fail(format!("Expected a line break, but found {}", self.found())),
        }
    }

    fn take_docs(&mut self) -> Option<ParsedTrait> {
        if self.docs.is_empty() {
            return None;
        }
        let text = self.docs.join("\n");
        self.docs.clear();
        Some(ParsedTrait { id: DOC_COMMENT.into(), value: Some(Node::String(text)), location: self.location() })
    }

    // ---- identifiers and shape ids ------------------------------------------------------

    fn identifier(&mut self) -> Parsed<String> {
        if self.kind() != T::Identifier {
            return self.unexpected("IDENTIFIER");
        }
        let word = self.lexeme().to_owned();
        if word.bytes().all(|b| b == b'_') {
            let t = self.token();
            let found = self.text[t.end..].chars().next().map_or("[EOF]".to_owned(), |c| c.to_string());
            let location = Location::new(&self.path, t.line, t.column + word.len() as u32);
            return Err(LoadError::new(
                location,
                format!("Expected a valid identifier character, but found '{found}'"),
            ));
        }
        self.advance();
        Ok(word)
    }

    /// `ns.ns#Name$member`, `Name`, `Name$member`: tokens with nothing between them.
    fn shape_id(&mut self) -> Parsed<String> {
        let mut id = self.namespace()?;
        if self.kind() == T::Pound {
            self.advance();
            id.push('#');
            id.push_str(&self.identifier()?);
        } else if id.contains('.') {
            return self.unexpected("POUND('#')");
        }
        if self.kind() == T::Dollar {
            self.advance();
            id.push('$');
            id.push_str(&self.identifier()?);
        }
        Ok(id)
    }

    /// `ns.ns`, or a lone identifier.
    fn namespace(&mut self) -> Parsed<String> {
        let mut id = self.identifier()?;
        while self.kind() == T::Dot {
            self.advance();
            id.push('.');
            id.push_str(&self.identifier()?);
        }
        Ok(id)
    }

    // ---- node values --------------------------------------------------------------------

    fn node(&mut self) -> Parsed<Node> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.fail(format!("Node values nest deeper than {MAX_DEPTH} levels"));
        }
        let node = self.node_inner();
        self.depth -= 1;
        node
    }

    fn node_inner(&mut self) -> Parsed<Node> {
        let location = self.location();
        match self.kind() {
            T::LBrace => self.node_object(),
            T::LBracket => {
                self.advance();
                self.skip_ws();
                let mut items = Vec::new();
                while self.kind() != T::RBracket {
                    if self.kind() == T::Eof {
                        return self.unexpected(NODE_START);
                    }
                    items.push(self.node()?);
                    self.skip_ws();
                }
                self.advance();
                Ok(Node::Array(items))
            }
            T::String => {
                let value = lexer::unquote(self.lexeme()).map_err(|e| LoadError::new(location.clone(), e))?;
                self.advance();
                Ok(Node::String(value))
            }
            T::TextBlock => {
                let value = lexer::text_block(self.lexeme()).map_err(|e| LoadError::new(location.clone(), e))?;
                self.advance();
                Ok(Node::String(value))
            }
            T::Number => {
                let number = parse_number(self.lexeme())
                    .ok_or_else(|| LoadError::new(location.clone(), format!("Invalid number '{}'", self.lexeme())))?;
                self.advance();
                Ok(Node::Number(number))
            }
            T::Identifier => {
                let keyword = match self.lexeme() {
                    "true" => Some(Node::Bool(true)),
                    "false" => Some(Node::Bool(false)),
                    "null" => Some(Node::Null),
                    _ => None,
                };
                if let Some(keyword) = keyword {
                    self.advance();
                    return Ok(keyword);
                }
                let id = self.shape_id()?;
                Ok(Node::ShapeId(id, location))
            }
            _ => self.unexpected(NODE_START),
        }
    }

    fn node_object(&mut self) -> Parsed<Node> {
        self.expect(T::LBrace)?;
        self.skip_ws();
        let entries = self.entries_until(T::RBrace, "Duplicate member")?;
        Ok(Node::Object(entries))
    }

    /// `key: value` pairs up to and including `close`; a key given twice is an error.
    fn entries_until(&mut self, close: TokenKind, duplicate: &str) -> Parsed<Vec<(String, Node)>> {
        let mut entries: Vec<(String, Node)> = Vec::new();
        while self.kind() != close {
            if self.kind() == T::Eof {
                return self.unexpected(close.describe());
            }
            let key_location = self.location();
            let key = self.node_key()?;
            self.skip_ws();
            self.expect(T::Colon)?;
            self.skip_ws();
            let value = self.node()?;
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(LoadError::new(key_location, format!("{duplicate}: '{key}'")));
            }
            entries.push((key, value));
            self.skip_ws();
        }
        self.advance();
        Ok(entries)
    }

    fn node_key(&mut self) -> Parsed<String> {
        match self.kind() {
            T::String => {
                let location = self.location();
                let key = lexer::unquote(self.lexeme()).map_err(|e| LoadError::new(location, e))?;
                self.advance();
                Ok(key)
            }
            T::Identifier => self.identifier(),
            _ => self.unexpected("one of IDENTIFIER, STRING('\"');"),
        }
    }

    // ---- traits ---------------------------------------------------------------------------

    /// Documentation comments and traits before a shape or member.
    fn traits(&mut self) -> Parsed<Vec<ParsedTrait>> {
        let mut traits: Vec<ParsedTrait> = self.take_docs().into_iter().collect();
        while self.kind() == T::At {
            traits.push(self.trait_application()?);
            self.skip_ws();
        }
        self.docs.clear();
        Ok(traits)
    }

    fn trait_application(&mut self) -> Parsed<ParsedTrait> {
        let location = self.location();
        self.expect(T::At)?;
        let id = self.shape_id()?;
        if self.kind() != T::LParen {
            return Ok(ParsedTrait { id, value: None, location });
        }
        self.advance();
        self.skip_ws();
        if self.kind() == T::RParen {
            self.advance();
            return Ok(ParsedTrait { id, value: None, location });
        }
        if self.starts_structure_body() {
            let entries = self.entries_until(T::RParen, "Duplicate member of trait")?;
            return Ok(ParsedTrait { id, value: Some(Node::Object(entries)), location });
        }
        let value = self.node()?;
        self.skip_ws();
        if self.kind() != T::RParen {
            return self.unexpected("RPAREN(')')");
        }
        self.advance();
        Ok(ParsedTrait { id, value: Some(value), location })
    }

    /// Whether a trait body is `key: value, ...` (an identifier or string, then a colon).
    fn starts_structure_body(&self) -> bool {
        if !matches!(self.kind(), T::Identifier | T::String) {
            return false;
        }
        let mut i = self.pos + 1;
        while matches!(self.tokens[i].kind, T::Space | T::Newline | T::Comma | T::Comment | T::DocComment) {
            i += 1;
        }
        self.tokens[i].kind == T::Colon
    }

    // ---- the file -------------------------------------------------------------------------

    fn parse_file(&mut self) {
        self.skip_ws();
        if let Err(e) = self.control_and_metadata() {
            self.errors.push(e);
            self.recover();
        }
        self.docs.clear();
        if self.is_identifier("namespace") {
            if let Err(e) = self.namespace_and_uses() {
                self.errors.push(e);
                self.recover();
            }
        } else if self.kind() != T::Eof && self.errors.is_empty() {
            let message = format!("Expected a namespace definition but found {}", self.found());
            self.errors.push(LoadError::new(self.location(), message));
            return;
        }
        while self.kind() != T::Eof {
            if let Err(e) = self.statement() {
                self.errors.push(e);
                self.recover();
            }
        }
    }

    /// Skips to the next line that starts a statement (a word, `@` or `///` in column 1).
    fn recover(&mut self) {
        self.depth = 0;
        loop {
            if self.kind() == T::Eof {
                return;
            }
            self.advance();
            let t = self.token();
            let after_newline = self.tokens[self.pos - 1].kind == T::Newline
                || self.tokens[self.pos - 1].kind == T::Comment
                || self.tokens[self.pos - 1].kind == T::DocComment;
            if after_newline && t.column == 1 && matches!(t.kind, T::Identifier | T::At | T::DocComment) {
                self.skip_ws();
                return;
            }
        }
    }

    fn control_and_metadata(&mut self) -> Parsed<()> {
        let mut seen: Vec<String> = Vec::new();
        while self.kind() == T::Dollar {
            self.advance();
            let key_location = self.location();
            let key = match self.kind() {
                T::Identifier => self.identifier()?,
                T::String => {
                    let key = lexer::unquote(self.lexeme()).map_err(|e| LoadError::new(key_location.clone(), e))?;
                    self.advance();
                    key
                }
                _ => return self.unexpected("IDENTIFIER"),
            };
            self.skip_sp();
            self.expect(T::Colon)?;
            self.skip_sp();
            let value_location = self.location();
            let value = self.node()?;
            if seen.contains(&key) {
                return Err(LoadError::new(value_location, format!("Duplicate control statement `{key}`")));
            }
            seen.push(key.clone());
            let after_value = self.location();
            self.control(&key, value, value_location, after_value)?;
            self.expect_br()?;
        }
        while self.is_identifier("metadata") {
            self.advance();
            self.expect_sp()?;
            let location = self.location();
            let key = match self.kind() {
                T::String => {
                    let key = lexer::unquote(self.lexeme()).map_err(|e| LoadError::new(location.clone(), e))?;
                    self.advance();
                    key
                }
                _ => self.identifier()?,
            };
            self.skip_sp();
            self.expect(T::Equal)?;
            self.skip_sp();
            let value = self.node()?;
            self.file.metadata.push((key, value, location));
            self.expect_br()?;
        }
        Ok(())
    }

    fn control(&mut self, key: &str, value: Node, location: Location, after_value: Location) -> Parsed<()> {
        let text = |what: &str| match &value {
            Node::String(s) => Ok(s.clone()),
            other => Err(LoadError::new(
                location.clone(),
                format!("The ${what} control statement must have a string value, but found {}", node_text(other)),
            )),
        };
        match key {
            "version" => {
                let version = text("version")?;
                self.file.version = match version.as_str() {
                    "1" | "1.0" => Version::V1,
                    "2" | "2.0" => Version::V2,
                    other => {
                        return Err(LoadError::new(after_value, format!("Unsupported Smithy version number: {other}")))
                    }
                };
            }
            "operationInputSuffix" => self.input_suffix = text("operationInputSuffix")?,
            "operationOutputSuffix" => self.output_suffix = text("operationOutputSuffix")?,
            // Smithy warns about other control statements and goes on.
            _ => {}
        }
        Ok(())
    }

    fn namespace_and_uses(&mut self) -> Parsed<()> {
        self.advance();
        self.expect_sp()?;
        let namespace = self.namespace()?;
        self.file.namespace = Some(namespace);
        self.expect_br()?;
        while self.is_identifier("use") {
            self.advance();
            self.expect_sp()?;
            let location = self.location();
            let id = self.shape_id()?;
            if id.contains('$') {
                return Err(LoadError::new(location, format!("Use statements cannot use members: `{id}`")));
            }
            if !id.contains('#') {
                return Err(LoadError::new(location, format!("Use statements must use absolute shape ids: `{id}`")));
            }
            self.file.uses.push((id, location));
            self.expect_br()?;
        }
        Ok(())
    }

    fn statement(&mut self) -> Parsed<()> {
        let traits = self.traits()?;
        if self.is_identifier("apply") {
            if traits.iter().any(|t| t.id != DOC_COMMENT) {
                return self.fail("Traits applied to apply statement");
            }
            return self.apply();
        }
        if self.kind() != T::Identifier {
            return self.unexpected("IDENTIFIER");
        }
        let type_location = self.location();
        let type_name = self.lexeme().to_owned();
        let Some(kind) = crate::loader::write_ast::kind_from_name(&type_name) else {
            return self.fail(format!("Unknown shape type: {type_name}"));
        };
        if matches!(kind, ShapeKind::Enum | ShapeKind::IntEnum) && self.file.version == Version::V1 {
            return Err(LoadError::new(
                type_location,
                format!("{type_name} shapes cannot be used in Smithy version 1.0"),
            ));
        }
        self.advance();
        self.expect_sp()?;
        let location = self.location();
        let name = self.identifier()?;
        let mut shape = ParsedShape {
            name,
            kind,
            traits,
            members: Vec::new(),
            mixins: Vec::new(),
            for_resource: None,
            properties: Vec::new(),
            location,
        };
        self.skip_sp();
        use ShapeKind::*;
        match kind {
            Structure | Union | List | Set | Map => {
                if self.is_identifier("for") {
                    shape.for_resource = Some(self.for_resource()?);
                    self.skip_sp();
                }
                shape.mixins = self.mixins()?;
                self.skip_ws();
                shape.members = self.members()?;
            }
            Enum | IntEnum => {
                shape.mixins = self.mixins()?;
                self.skip_ws();
                shape.members = self.enum_members()?;
            }
            Service | Resource | Operation => {
                shape.mixins = self.mixins()?;
                self.skip_ws();
                let name = shape.name.clone();
                shape.properties = self.shape_body(kind, &name)?;
            }
            _ => shape.mixins = self.mixins()?,
        }
        self.file.shapes.push(shape);
        self.expect_br()
    }

    fn for_resource(&mut self) -> Parsed<(String, Location)> {
        if self.file.version == Version::V1 {
            return self.fail(
                "Structures can only be bound to resources with Smithy version 2 or later. Attempted to bind a \
                 structure to a resource with version `1.0`.",
            );
        }
        self.advance();
        self.expect_sp()?;
        let location = self.location();
        Ok((self.shape_id()?, location))
    }

    fn mixins(&mut self) -> Parsed<Vec<(String, Location)>> {
        if !self.is_identifier("with") {
            return Ok(Vec::new());
        }
        if self.file.version == Version::V1 {
            return self.fail(
                "Mixins can only be used with Smithy version 2 or later. Attempted to use mixins with version `1.0`.",
            );
        }
        self.advance();
        self.skip_ws();
        self.expect(T::LBracket)?;
        self.skip_ws();
        let mut mixins = Vec::new();
        loop {
            let location = self.location();
            mixins.push((self.shape_id()?, location));
            self.skip_ws();
            if self.kind() == T::RBracket {
                self.advance();
                return Ok(mixins);
            }
        }
    }

    /// `{ name: Target, $elided, @trait name: Target = default }`
    fn members(&mut self) -> Parsed<Vec<ParsedMember>> {
        self.expect(T::LBrace)?;
        self.skip_ws();
        let mut members: Vec<ParsedMember> = Vec::new();
        while self.kind() != T::RBrace {
            let traits = self.traits()?;
            let elided = self.kind() == T::Dollar;
            if elided {
                if self.file.version == Version::V1 {
                    return self.fail("Members can only elide targets in IDL version 2 or later");
                }
                self.advance();
            }
            let location = self.location();
            let name = self.identifier()?;
            let target = if elided {
                None
            } else {
                self.skip_sp();
                self.expect(T::Colon)?;
                self.skip_sp();
                Some(self.shape_id()?)
            };
            self.skip_sp();
            let value = if self.kind() == T::Equal {
                if self.file.version == Version::V1 {
                    return self.fail("@default assignment is only supported in IDL version 2 or later");
                }
                Some(self.value_assignment()?)
            } else {
                None
            };
            members.push(ParsedMember { name, target, elided, traits, value, location });
            self.skip_ws();
        }
        self.advance();
        Ok(members)
    }

    /// `= value`, ending the line.
    fn value_assignment(&mut self) -> Parsed<(Node, Location)> {
        self.expect(T::Equal)?;
        self.skip_sp();
        let location = self.location();
        let value = self.node()?;
        while matches!(self.kind(), T::Space | T::Comma) {
            self.advance();
        }
        if !matches!(self.kind(), T::Newline | T::Comment | T::DocComment | T::Eof) {
            return self.fail(format!("Expected a line break, but found {}", self.found()));
        }
        Ok((value, location))
    }

    fn enum_members(&mut self) -> Parsed<Vec<ParsedMember>> {
        self.expect(T::LBrace)?;
        self.skip_ws();
        let mut members: Vec<ParsedMember> = Vec::new();
        while self.kind() != T::RBrace {
            let traits = self.traits()?;
            let location = self.location();
            let name = self.identifier()?;
            self.skip_sp();
            let value = if self.kind() == T::Equal { Some(self.value_assignment()?) } else { None };
            members.push(ParsedMember { name, target: None, elided: false, traits, value, location });
            self.skip_ws();
        }
        self.advance();
        Ok(members)
    }

    /// The body of a service, resource or operation; an operation's `input :=` and `output :=`
    /// define structures of their own.
    fn shape_body(&mut self, kind: ShapeKind, shape_name: &str) -> Parsed<Vec<(String, Node, Location)>> {
        self.expect(T::LBrace)?;
        self.skip_ws();
        let mut properties: Vec<(String, Node, Location)> = Vec::new();
        while self.kind() != T::RBrace {
            let location = self.location();
            let key = self.node_key()?;
            if properties.iter().any(|(k, _, _)| *k == key) {
                let message = if kind == ShapeKind::Operation && (key == "input" || key == "output") {
                    format!("Duplicate operation {key} property for `{shape_name}`")
                } else {
                    format!("Duplicate member: '{key}'")
                };
                return Err(LoadError::new(location, message));
            }
            self.skip_ws();
            let inline = kind == ShapeKind::Operation && (key == "input" || key == "output");
            let value = if inline && self.kind() == T::Walrus {
                if self.file.version == Version::V1 {
                    return self.fail(
                        "Inlined operation inputs and outputs can only be used with Smithy version 2 or later. \
                         Attempted to use inlined IO with version `1.0`.",
                    );
                }
                self.advance();
                self.skip_ws();
                let suffix = if key == "input" { self.input_suffix.clone() } else { self.output_suffix.clone() };
                let name = format!("{shape_name}{suffix}");
                self.inline_structure(&name, &key)?;
                Node::ShapeId(name, location.clone())
            } else {
                self.expect(T::Colon)?;
                self.skip_ws();
                self.node()?
            };
            properties.push((key, value, location));
            if self.kind() != T::RBrace {
                self.expect_ws()?;
            }
        }
        self.advance();
        Ok(properties)
    }

    fn inline_structure(&mut self, name: &str, role: &str) -> Parsed<()> {
        let mut traits = self.traits()?;
        let location = self.location();
        let explicit = traits.iter().any(|t| t.id == role || t.id == format!("smithy.api#{role}"));
        if !explicit {
            traits.push(ParsedTrait {
                id: format!("smithy.api#{role}"),
                value: Some(Node::Object(Vec::new())),
                location: location.clone(),
            });
        }
        let mut shape = ParsedShape {
            name: name.to_owned(),
            kind: ShapeKind::Structure,
            traits,
            members: Vec::new(),
            mixins: Vec::new(),
            for_resource: None,
            properties: Vec::new(),
            location,
        };
        if self.is_identifier("for") {
            shape.for_resource = Some(self.for_resource()?);
            self.skip_ws();
        }
        shape.mixins = self.mixins()?;
        self.skip_ws();
        shape.members = self.members()?;
        self.file.shapes.push(shape);
        Ok(())
    }

    fn apply(&mut self) -> Parsed<()> {
        self.advance();
        self.expect_ws_before_apply_target()?;
        let location = self.location();
        let target = self.shape_id()?;
        if !matches!(self.kind(), T::Space | T::Newline | T::Comma | T::Comment | T::DocComment) {
            return self.fail(format!("Expected one or more whitespace characters, but found {}", self.found()));
        }
        self.skip_ws();
        let traits = match self.kind() {
            T::At => vec![self.trait_application()?],
            T::LBrace => {
                self.advance();
                self.skip_ws();
                let mut traits = Vec::new();
                while self.kind() != T::RBrace {
                    if self.kind() != T::At {
                        return self.unexpected("AT('@')");
                    }
                    traits.push(self.trait_application()?);
                    self.skip_ws();
                }
                self.advance();
                traits
            }
            _ => return self.unexpected("one of AT('@'), LBRACE('{');"),
        };
        self.file.applies.push(ParsedApply { target, traits, location });
        self.expect_br()
    }

    fn expect_ws_before_apply_target(&mut self) -> Parsed<()> {
        if self.kind() != T::Space {
            return self.fail(format!("Expected one or more whitespace characters, but found {}", self.found()));
        }
        self.skip_sp();
        Ok(())
    }
}

/// A number token's value, exactly as written.
fn parse_number(text: &str) -> Option<serde_json::Number> {
    // codegen's serde_json keeps every digit (arbitrary_precision), so big numbers load too.
    serde_json::from_str(text).ok()
}

/// How a node is shown in a message.
pub fn node_text(node: &Node) -> String {
    match node {
        Node::Null => "null".into(),
        Node::Bool(b) => b.to_string(),
        Node::Number(n) => n.to_string(),
        Node::String(s) => format!("\"{s}\""),
        Node::ShapeId(id, _) => id.clone(),
        Node::Array(_) => "array".into(),
        Node::Object(_) => "object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> ParsedFile {
        let (file, errors) = parse(&Arc::from("t.smithy"), text);
        assert!(errors.is_empty(), "{errors:?}");
        file
    }

    #[test]
    fn shapes_members_traits_and_docs() {
        let file = parse_ok(
            "$version: \"2\"\nnamespace a.b\n\n/// Docs\n@length(min: 1)\nstructure S with [M] {\n    @required\n    x: String = \"d\"\n    $y\n}\n",
        );
        assert_eq!(file.version, Version::V2);
        let s = &file.shapes[0];
        assert_eq!((s.name.as_str(), s.kind), ("S", ShapeKind::Structure));
        assert_eq!(s.traits[0].value, Some(Node::String("Docs".into())));
        assert_eq!(s.traits[1].id, "length");
        assert_eq!(s.mixins[0].0, "M");
        assert_eq!(s.members[0].value.as_ref().map(|v| &v.0), Some(&Node::String("d".into())));
        assert!(s.members[1].elided);
    }

    #[test]
    fn inline_operation_input_gets_its_suffix() {
        let file = parse_ok("$version: \"2\"\n$operationInputSuffix: \"Request\"\nnamespace a\noperation Op {\n    input := {\n        a: String\n    }\n}\n");
        assert_eq!(file.shapes[0].name, "OpRequest");
        assert!(file.shapes[0].traits.iter().any(|t| t.id == "smithy.api#input"));
        assert_eq!(
            file.shapes[1].properties[0].1,
            Node::ShapeId("OpRequest".into(), file.shapes[1].properties[0].2.clone())
        );
    }

    #[test]
    fn every_statement_error_is_reported() {
        let (_, errors) =
            parse(&Arc::from("t.smithy"), "namespace a\nstring\nstructure X {\n  a: ;\n}\nstring Y\nwidget Z\n");
        let at: Vec<(u32, u32)> = errors.iter().map(|e| (e.location.line, e.location.column)).collect();
        assert_eq!(at, [(2, 7), (4, 6), (7, 1)], "{errors:?}");
    }
}
