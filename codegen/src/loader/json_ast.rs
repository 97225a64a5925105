//! Reads a Smithy JSON AST file into the loader's shapes, checking its structure. A small JSON
//! parser of its own keeps members in file order and gives every error its line and column.

use super::cursor::Cursor;
use super::idl::parser::Version;
use super::{LoadError, LoadedMember, LoadedShape, Location};
use crate::model::ShapeKind;
use serde_json::Value;
use std::sync::Arc;

/// Traits an `apply` entry gives: trait id, value, where.
pub type AppliedTraits = Vec<(String, Value, Location)>;

/// What one JSON AST file says, with absolute ids.
#[derive(Debug)]
pub struct JsonFile {
    /// `1.0` or `2.0`.
    pub version: Version,
    /// Its metadata.
    pub metadata: Vec<(String, Value, Location)>,
    /// Its shapes.
    pub shapes: Vec<(String, LoadedShape)>,
    /// Its `apply` entries: target, traits, location.
    pub applies: Vec<(String, AppliedTraits, Location)>,
}

/// A JSON value with the position of each object entry and array item.
#[derive(Clone, Debug)]
enum Json {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<(Json, Location)>),
    Object(Vec<(String, Json, Location)>),
}

impl Json {
    fn type_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "boolean",
            Json::Number(_) => "number",
            Json::String(_) => "string",
            Json::Array(_) => "array",
            Json::Object(_) => "object",
        }
    }

    fn to_value(&self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Number(n.clone()),
            Json::String(s) => Value::String(s.clone()),
            Json::Array(items) => Value::Array(items.iter().map(|(j, _)| j.to_value()).collect()),
            Json::Object(entries) => Value::Object(entries.iter().map(|(k, v, _)| (k.clone(), v.to_value())).collect()),
        }
    }

    fn get(&self, key: &str) -> Option<(&Json, &Location)> {
        match self {
            Json::Object(entries) => entries.iter().find(|(k, _, _)| k == key).map(|(_, v, l)| (v, l)),
            _ => None,
        }
    }
}

/// Reads the JSON AST in `text`; every structural problem is reported.
pub fn read(path: &Arc<str>, text: &str) -> Result<JsonFile, Vec<LoadError>> {
    let mut parser = JsonParser { path: path.clone(), cursor: Cursor::new(text), depth: 0 };
    let root_location = parser.location();
    let root = parser.document().map_err(|e| vec![e.with_source(text)])?;
    let mut reader = Reader { errors: Vec::new() };
    let file = reader.file(&root, &root_location);
    if reader.errors.is_empty() {
        Ok(file)
    } else {
        Err(reader.errors.into_iter().map(|e| e.with_source(text)).collect())
    }
}

struct Reader {
    errors: Vec<LoadError>,
}

impl Reader {
    fn error(&mut self, location: &Location, message: impl Into<String>) {
        self.errors.push(LoadError::new(location.clone(), message));
    }

    fn file(&mut self, root: &Json, location: &Location) -> JsonFile {
        let mut file = JsonFile { version: Version::V2, metadata: Vec::new(), shapes: Vec::new(), applies: Vec::new() };
        let Json::Object(_) = root else {
            self.error(location, format!("Expected a JSON object for the model, but found {}", root.type_name()));
            return file;
        };
        match root.get("smithy") {
            Some((Json::String(v), l)) => match v.as_str() {
                "1" | "1.0" => file.version = Version::V1,
                "2" | "2.0" => file.version = Version::V2,
                other => self.error(l, format!("Unsupported Smithy version number: {other}")),
            },
            Some((other, l)) => self.error(l, format!("Expected `smithy` to be a string; found {}", other.type_name())),
            None => self.error(location, "Missing required property `smithy`"),
        }
        if let Some((metadata, l)) = root.get("metadata") {
            match metadata {
                Json::Object(entries) => {
                    for (key, value, location) in entries {
                        if key == "validators" && !matches!(value, Json::Array(_)) {
                            self.error(location, format!("validators must be an array. Found {}.", value.type_name()));
                        }
                        file.metadata.push((key.clone(), value.to_value(), location.clone()));
                    }
                }
                other => self.error(l, format!("Expected `metadata` to be an object; found {}", other.type_name())),
            }
        }
        match root.get("shapes") {
            None => {}
            Some((Json::Object(shapes), _)) => {
                for (id, shape, location) in shapes {
                    self.shape(&mut file, id, shape, location);
                }
            }
            Some((other, l)) => {
                self.error(l, format!("Expected `shapes` to be an object; found {}", other.type_name()))
            }
        }
        file
    }

    fn shape(&mut self, file: &mut JsonFile, id: &str, shape: &Json, location: &Location) {
        if !is_absolute_id(id) {
            return self.error(location, format!("Invalid shape ID: {id}"));
        }
        let Json::Object(_) = shape else {
            return self.error(location, format!("{id}: Expected a shape object; found {}", shape.type_name()));
        };
        let kind_name = match shape.get("type") {
            Some((Json::String(kind), _)) => kind.clone(),
            _ => return self.error(location, format!("{id}: Expected `type` to be a string")),
        };
        let traits = self.traits(id, shape);
        if kind_name == "apply" {
            file.applies.push((id.to_owned(), traits, location.clone()));
            return;
        }
        if id.contains('$') {
            return self.error(location, format!("{id}: Shape IDs of shape definitions cannot contain a member"));
        }
        let Some(kind) = super::write_ast::kind_from_name(&kind_name) else {
            return self.error(location, format!("{id}: Invalid shape `type`: {kind_name}"));
        };
        let mut loaded = LoadedShape::new(kind, location.clone());
        loaded.traits = traits.into_iter().map(|(k, v, _)| (k, v)).collect();
        use ShapeKind::*;
        match kind {
            List | Set => self.named_members(id, shape, &["member"], &mut loaded),
            Map => self.named_members(id, shape, &["key", "value"], &mut loaded),
            Structure | Union | Enum | IntEnum => {
                if let Some((members, l)) = shape.get("members") {
                    match members {
                        Json::Object(entries) => {
                            for (name, member, location) in entries {
                                if let Some(member) = self.member(id, name, member, location) {
                                    loaded.members.push((name.clone(), member));
                                }
                            }
                        }
                        other => self
                            .error(l, format!("{id}: Expected `members` to be an object; found {}", other.type_name())),
                    }
                }
            }
            _ => {}
        }
        if let Some((mixins, l)) = shape.get("mixins") {
            loaded.mixins = self.references(id, "mixins", mixins, l);
        }
        let properties: &[&str] = match kind {
            Service => &["version", "operations", "resources", "errors", "rename"],
            Operation => &["input", "output", "errors"],
            Resource => &[
                "identifiers",
                "properties",
                "create",
                "put",
                "read",
                "update",
                "delete",
                "list",
                "operations",
                "collectionOperations",
                "resources",
            ],
            _ => &[],
        };
        for key in properties {
            let Some((value, l)) = shape.get(key) else { continue };
            if kind == Resource && *key == "properties" && file.version == Version::V1 {
                self.error(l, format!("{id}: Resource properties can only be used with Smithy version 2 or later."));
                continue;
            }
            let checked = match *key {
                "version" => matches!(value, Json::String(_)).then(|| value.to_value()),
                "rename" => matches!(value, Json::Object(_)).then(|| value.to_value()),
                "operations" | "resources" | "errors" | "collectionOperations" => {
                    let targets = self.references(id, key, value, l);
                    Some(Value::Array(targets.iter().map(|t| super::write_ast::target(t)).collect()))
                }
                "identifiers" | "properties" => match value {
                    Json::Object(entries) => Some(Value::Object(
                        entries
                            .iter()
                            .filter_map(|(name, t, l)| {
                                Some((name.clone(), super::write_ast::target(&self.reference(id, key, t, l)?)))
                            })
                            .collect(),
                    )),
                    _ => None,
                },
                _ => self.reference(id, key, value, l).map(|t| super::write_ast::target(&t)),
            };
            match checked {
                Some(value) => {
                    loaded.properties.insert((*key).to_owned(), value);
                }
                None if self.errors.is_empty() || !matches!(*key, "operations" | "resources" | "errors") => self.error(
                    l,
                    format!("{id}: Expected `{key}` to be {}; found {}", expected_form(key), value.type_name()),
                ),
                None => {}
            }
        }
        file.shapes.push((id.to_owned(), loaded));
    }

    fn named_members(&mut self, id: &str, shape: &Json, names: &[&str], loaded: &mut LoadedShape) {
        for name in names {
            if let Some((member, location)) = shape.get(name) {
                if let Some(member) = self.member(id, name, member, location) {
                    loaded.members.push(((*name).to_owned(), member));
                }
            }
        }
    }

    fn member(&mut self, id: &str, name: &str, member: &Json, location: &Location) -> Option<LoadedMember> {
        let Json::Object(_) = member else {
            self.error(location, format!("{id}${name}: Expected a member object; found {}", member.type_name()));
            return None;
        };
        let target = match member.get("target") {
            Some((Json::String(t), l)) => {
                if !is_absolute_id(t) {
                    self.error(l, format!("{id}${name}: Invalid shape ID: {t}"));
                }
                t.clone()
            }
            _ => {
                self.error(location, format!("{id}${name}: Expected `target` to be a shape id string"));
                return None;
            }
        };
        let traits = self.traits(&format!("{id}${name}"), member).into_iter().map(|(k, v, _)| (k, v)).collect();
        Some(LoadedMember { target, traits, location: location.clone() })
    }

    fn traits(&mut self, owner: &str, shape: &Json) -> Vec<(String, Value, Location)> {
        let Some((traits, l)) = shape.get("traits") else { return Vec::new() };
        let Json::Object(entries) = traits else {
            self.error(l, format!("{owner}: Expected `traits` to be an object; found {}", traits.type_name()));
            return Vec::new();
        };
        let mut out = Vec::new();
        for (trait_id, value, location) in entries {
            if !is_absolute_id(trait_id) {
                self.error(location, format!("{owner}: Trait ids must be absolute shape ids: `{trait_id}`"));
                continue;
            }
            out.push((trait_id.clone(), value.to_value(), location.clone()));
        }
        out
    }

    fn references(&mut self, id: &str, key: &str, value: &Json, location: &Location) -> Vec<String> {
        match value {
            Json::Array(items) => items.iter().filter_map(|(item, l)| self.reference(id, key, item, l)).collect(),
            other => {
                self.error(location, format!("{id}: Expected `{key}` to be an array; found {}", other.type_name()));
                Vec::new()
            }
        }
    }

    fn reference(&mut self, id: &str, key: &str, value: &Json, location: &Location) -> Option<String> {
        match value.get("target") {
            Some((Json::String(target), _)) if is_absolute_id(target) => Some(target.clone()),
            Some((Json::String(target), l)) => {
                let l = l.clone();
                self.error(&l, format!("{id}: Invalid shape ID in `{key}`: {target}"));
                None
            }
            _ => {
                self.error(
                    location,
                    format!("{id}: Expected `{key}` to be an object with a `target`; found {}", value.type_name()),
                );
                None
            }
        }
    }
}

fn expected_form(key: &str) -> &'static str {
    match key {
        "version" => "a string",
        "rename" | "identifiers" | "properties" => "an object",
        "operations" | "resources" | "errors" | "collectionOperations" => "an array",
        _ => "an object",
    }
}

/// `namespace#Name` or `namespace#Name$member`, each part a valid identifier.
pub fn is_absolute_id(id: &str) -> bool {
    let Some((namespace, rest)) = id.split_once('#') else { return false };
    let (name, member) = match rest.split_once('$') {
        Some((name, member)) => (name, Some(member)),
        None => (rest, None),
    };
    let identifier = |s: &str| {
        let mut chars = s.chars();
        matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && s.chars().any(|c| c.is_ascii_alphanumeric())
    };
    namespace.split('.').all(identifier) && identifier(name) && member.is_none_or(identifier)
}

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 256;

struct JsonParser<'a> {
    path: Arc<str>,
    cursor: Cursor<'a>,
    depth: usize,
}

impl JsonParser<'_> {
    fn location(&self) -> Location {
        Location::new(&self.path, self.cursor.line, self.cursor.column)
    }

    fn fail<T>(&self, message: impl Into<String>) -> Result<T, LoadError> {
        Err(LoadError::new(self.location(), format!("malformed JSON: {}", message.into())))
    }

    fn peek(&self) -> Option<u8> {
        (!self.cursor.at_end()).then(|| self.cursor.peek(0))
    }

    fn bump(&mut self) {
        self.cursor.bump();
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    fn document(&mut self) -> Result<Json, LoadError> {
        self.skip_ws();
        let value = self.value()?;
        self.skip_ws();
        if !self.cursor.at_end() {
            return self.fail("trailing characters after the JSON value");
        }
        Ok(value)
    }

    fn value(&mut self) -> Result<Json, LoadError> {
        match self.peek() {
            None => self.fail("unexpected end of file"),
            Some(b'{') => self.nested(|p| p.object()),
            Some(b'[') => self.nested(|p| p.array()),
            Some(b'"') => Ok(Json::String(self.string()?)),
            Some(b't') => self.keyword("true", Json::Bool(true)),
            Some(b'f') => self.keyword("false", Json::Bool(false)),
            Some(b'n') => self.keyword("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => {
                let c = self.cursor.rest().chars().next().unwrap_or('?');
                self.fail(format!("unexpected character '{c}'"))
            }
        }
    }

    fn nested(&mut self, parse: impl FnOnce(&mut Self) -> Result<Json, LoadError>) -> Result<Json, LoadError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.fail(format!("nesting deeper than {MAX_DEPTH}"));
        }
        let result = parse(self);
        self.depth -= 1;
        result
    }

    fn keyword(&mut self, word: &str, value: Json) -> Result<Json, LoadError> {
        if self.cursor.rest().starts_with(word) {
            for _ in 0..word.len() {
                self.bump();
            }
            Ok(value)
        } else {
            self.fail(format!("expected `{word}`"))
        }
    }

    fn number(&mut self) -> Result<Json, LoadError> {
        let start = self.cursor.pos;
        while matches!(self.peek(), Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')) {
            self.bump();
        }
        let text = &self.cursor.text[start..self.cursor.pos];
        match serde_json::from_str::<serde_json::Number>(text) {
            Ok(n) => Ok(Json::Number(n)),
            Err(_) => self.fail(format!("invalid number `{text}`")),
        }
    }

    fn string(&mut self) -> Result<String, LoadError> {
        let start = self.cursor.pos;
        self.bump();
        loop {
            match self.peek() {
                None => return self.fail("unterminated string"),
                Some(b'"') => {
                    self.bump();
                    break;
                }
                Some(b'\\') => {
                    self.bump();
                    self.bump();
                }
                Some(c) if c < 0x20 => return self.fail("control character in string"),
                Some(_) => self.bump(),
            }
        }
        let raw = &self.cursor.text[start..self.cursor.pos];
        serde_json::from_str::<String>(raw).or_else(|e| self.fail(format!("invalid string: {e}")))
    }

    fn expect(&mut self, c: u8) -> Result<(), LoadError> {
        if self.peek() != Some(c) {
            return self.fail(format!("expected '{}'", c as char));
        }
        self.bump();
        Ok(())
    }

    fn object(&mut self) -> Result<Json, LoadError> {
        self.expect(b'{')?;
        self.skip_ws();
        let mut entries: Vec<(String, Json, Location)> = Vec::new();
        if self.peek() == Some(b'}') {
            self.bump();
            return Ok(Json::Object(entries));
        }
        loop {
            self.skip_ws();
            let location = self.location();
            if self.peek() != Some(b'"') {
                return self.fail("expected a string key");
            }
            let key = self.string()?;
            self.skip_ws();
            self.expect(b':')?;
            self.skip_ws();
            let value = self.value()?;
            if entries.iter().any(|(k, _, _)| *k == key) {
                return Err(LoadError::new(location, format!("Duplicate member: '{key}'")));
            }
            entries.push((key, value, location));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.bump(),
                Some(b'}') => {
                    self.bump();
                    return Ok(Json::Object(entries));
                }
                _ => return self.fail("expected ',' or '}'"),
            }
        }
    }

    fn array(&mut self) -> Result<Json, LoadError> {
        self.expect(b'[')?;
        self.skip_ws();
        let mut items = Vec::new();
        if self.peek() == Some(b']') {
            self.bump();
            return Ok(Json::Array(items));
        }
        loop {
            self.skip_ws();
            let location = self.location();
            items.push((self.value()?, location));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.bump(),
                Some(b']') => {
                    self.bump();
                    return Ok(Json::Array(items));
                }
                _ => return self.fail("expected ',' or ']'"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_keep_order_and_errors_have_positions() {
        let text = r#"{"smithy": "2.0", "shapes": {"a#S": {"type": "structure", "members": {"z": {"target": "a#T"}, "a": {"target": "a#T"}}}}}"#;
        let file = read(&Arc::from("m.json"), text).unwrap();
        let names: Vec<&str> = file.shapes[0].1.members.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["z", "a"]);
        let errors = read(&Arc::from("m.json"), "{\n  \"smithy\": \"2.0\",\n  \"shapes\": {,}\n}").unwrap_err();
        assert_eq!((errors[0].location.line, errors[0].location.column), (3, 14));
    }

    #[test]
    fn absolute_ids() {
        assert!(is_absolute_id("a.b#C$d"));
        assert!(!is_absolute_id("C"));
        assert!(!is_absolute_id("a#_"));
    }
}
