//! The assembled model written back as a Smithy 2.0 JSON AST: sorted, deterministic, no prelude.

use super::{LoadedMember, LoadedModel, LoadedShape};
use crate::model::ShapeKind;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

/// The JSON AST text of `model`: shapes sorted by id, built-in shapes left out, members in
/// their defined order, four-space indentation and a final newline, as `smithy ast` writes.
pub fn to_json_ast(model: &LoadedModel) -> String {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    Ast(model).serialize(&mut serializer).expect("writing JSON to memory cannot fail");
    out.push(b'\n');
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

struct Ast<'a>(&'a LoadedModel);

impl Serialize for Ast<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let model = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("smithy", "2.0")?;
        if !model.metadata.is_empty() {
            map.serialize_entry("metadata", &model.metadata)?;
        }
        map.serialize_entry("shapes", &Shapes(model))?;
        map.end()
    }
}

struct Shapes<'a>(&'a LoadedModel);

impl Serialize for Shapes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (id, shape) in self.0.shapes.iter().filter(|(_, s)| !s.builtin) {
            map.serialize_entry(id, &ShapeAst(shape))?;
        }
        map.end()
    }
}

struct ShapeAst<'a>(&'a LoadedShape);

impl Serialize for ShapeAst<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let shape = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("type", kind_name(shape.kind))?;
        match shape.kind {
            ShapeKind::List | ShapeKind::Set | ShapeKind::Map => {
                for (name, member) in &shape.members {
                    map.serialize_entry(name, &MemberAst(member))?;
                }
            }
            ShapeKind::Structure | ShapeKind::Union | ShapeKind::Enum | ShapeKind::IntEnum => {
                map.serialize_entry("members", &Members(&shape.members))?;
            }
            _ => {}
        }
        for (key, value) in &shape.properties {
            map.serialize_entry(key, value)?;
        }
        if !shape.mixins.is_empty() {
            let mixins: Vec<Value> = shape.mixins.iter().map(|id| target(id)).collect();
            map.serialize_entry("mixins", &mixins)?;
        }
        if !shape.traits.is_empty() {
            map.serialize_entry("traits", &shape.traits)?;
        }
        map.end()
    }
}

struct Members<'a>(&'a [(String, LoadedMember)]);

impl Serialize for Members<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, member) in self.0 {
            map.serialize_entry(name, &MemberAst(member))?;
        }
        map.end()
    }
}

struct MemberAst<'a>(&'a LoadedMember);

impl Serialize for MemberAst<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("target", &self.0.target)?;
        if !self.0.traits.is_empty() {
            map.serialize_entry("traits", &self.0.traits)?;
        }
        map.end()
    }
}

/// `{"target": id}`, the JSON AST's shape reference.
pub fn target(id: &str) -> Value {
    serde_json::json!({ "target": id })
}

/// The JSON AST name of a shape type.
pub fn kind_name(kind: ShapeKind) -> &'static str {
    use ShapeKind::*;
    match kind {
        Blob => "blob",
        Boolean => "boolean",
        String => "string",
        Byte => "byte",
        Short => "short",
        Integer => "integer",
        Long => "long",
        Float => "float",
        Double => "double",
        BigInteger => "bigInteger",
        BigDecimal => "bigDecimal",
        Timestamp => "timestamp",
        Document => "document",
        Enum => "enum",
        IntEnum => "intEnum",
        List => "list",
        Set => "set",
        Map => "map",
        Structure => "structure",
        Union => "union",
        Service => "service",
        Operation => "operation",
        Resource => "resource",
        Apply => "apply",
    }
}

/// The shape type named `name` in the IDL and the JSON AST.
pub fn kind_from_name(name: &str) -> Option<ShapeKind> {
    use ShapeKind::*;
    Some(match name {
        "blob" => Blob,
        "boolean" => Boolean,
        "string" => String,
        "byte" => Byte,
        "short" => Short,
        "integer" => Integer,
        "long" => Long,
        "float" => Float,
        "double" => Double,
        "bigInteger" => BigInteger,
        "bigDecimal" => BigDecimal,
        "timestamp" => Timestamp,
        "document" => Document,
        "enum" => Enum,
        "intEnum" => IntEnum,
        "list" => List,
        "set" => Set,
        "map" => Map,
        "structure" => Structure,
        "union" => Union,
        "service" => Service,
        "operation" => Operation,
        "resource" => Resource,
        _ => return None,
    })
}
