//! The Smithy JSON AST, as serde types, and the read-only queries on it (in `query`): a
//! model's services, a service's operations and reachable shapes, recursive members.

mod query;

use crate::error::{Problem, Problems};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

/// The namespace of Smithy's prelude shapes and traits.
pub const PRELUDE: &str = "smithy.api";

/// A loaded model: every shape by its absolute id, prelude shapes included.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// The `smithy` version the file declared (`1.0` or `2.0`).
    pub version: String,
    /// The model's shapes, by absolute shape id.
    pub shapes: BTreeMap<String, Shape>,
}

/// The type of a shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub enum ShapeKind {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
    Enum,
    IntEnum,
    List,
    Set,
    Map,
    Structure,
    Union,
    Service,
    Operation,
    Resource,
    Apply,
}

const SHAPE_KINDS: &[&str] = &[
    "blob",
    "boolean",
    "string",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "timestamp",
    "document",
    "enum",
    "intEnum",
    "list",
    "set",
    "map",
    "structure",
    "union",
    "service",
    "operation",
    "resource",
    "apply",
];

/// The traits applied to a shape or member, by absolute trait id.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct Traits(pub BTreeMap<String, Value>);

impl Traits {
    /// The value of trait `id` (`smithy.api#required`), if applied.
    pub fn get(&self, id: &str) -> Option<&Value> {
        self.0.get(id)
    }
    /// Whether trait `id` is applied.
    pub fn has(&self, id: &str) -> bool {
        self.0.contains_key(id)
    }
    /// The value of trait `id` when it is a string.
    pub fn str(&self, id: &str) -> Option<&str> {
        self.get(id).and_then(Value::as_str)
    }
}

/// A reference to another shape.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Target {
    /// The absolute id of the shape referred to.
    pub target: String,
}

/// A member of a structure, union, enum, list or map.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Member {
    /// The absolute id of the member's shape.
    pub target: String,
    /// The member's traits.
    #[serde(default)]
    pub traits: Traits,
}

/// One shape of any type; the fields that a type does not use stay empty.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct Shape {
    #[serde(rename = "type")]
    pub kind: ShapeKind,
    /// Members in the order the model lists them.
    #[serde(default, deserialize_with = "ordered_members")]
    pub members: Vec<(String, Member)>,
    pub member: Option<Member>,
    pub key: Option<Member>,
    pub value: Option<Member>,
    #[serde(default)]
    pub traits: Traits,
    pub version: Option<String>,
    #[serde(default)]
    pub operations: Vec<Target>,
    #[serde(default)]
    pub resources: Vec<Target>,
    #[serde(default)]
    pub errors: Vec<Target>,
    pub input: Option<Target>,
    pub output: Option<Target>,
    #[serde(default)]
    pub rename: BTreeMap<String, String>,
    #[serde(default)]
    pub mixins: Vec<Target>,
    #[serde(default)]
    pub identifiers: BTreeMap<String, Target>,
    pub create: Option<Target>,
    pub put: Option<Target>,
    pub read: Option<Target>,
    pub update: Option<Target>,
    pub delete: Option<Target>,
    pub list: Option<Target>,
    #[serde(default)]
    pub collection_operations: Vec<Target>,
}

impl Shape {
    /// A shape of `kind` with nothing else set.
    pub fn new(kind: ShapeKind) -> Self {
        Self {
            kind,
            members: Vec::new(),
            member: None,
            key: None,
            value: None,
            traits: Traits::default(),
            version: None,
            operations: Vec::new(),
            resources: Vec::new(),
            errors: Vec::new(),
            input: None,
            output: None,
            rename: BTreeMap::new(),
            mixins: Vec::new(),
            identifiers: BTreeMap::new(),
            create: None,
            put: None,
            read: None,
            update: None,
            delete: None,
            list: None,
            collection_operations: Vec::new(),
        }
    }

    /// The member called `name`.
    pub fn member_named(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|(n, _)| n == name).map(|(_, m)| m)
    }
}

/// The name of a shape id without its namespace: `Channel` for `com.amazonaws.ivs#Channel`.
pub fn shape_name(id: &str) -> &str {
    id.rsplit_once('#').map_or(id, |(_, name)| name)
}

/// The namespace of a shape id.
pub fn namespace(id: &str) -> &str {
    id.split_once('#').map_or("", |(ns, _)| ns)
}

fn ordered_members<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<(String, Member)>, D::Error> {
    struct Members;
    impl<'de> Visitor<'de> for Members {
        type Value = Vec<(String, Member)>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object of members")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut members: Vec<(String, Member)> = Vec::new();
            while let Some((name, member)) = map.next_entry::<String, Member>()? {
                if members.iter().any(|(n, _)| *n == name) {
                    return Err(serde::de::Error::custom(format!("member `{name}` appears twice")));
                }
                members.push((name, member));
            }
            Ok(members)
        }
    }
    deserializer.deserialize_map(Members)
}

#[derive(Deserialize)]
struct RawModel {
    smithy: String,
    #[serde(default)]
    shapes: BTreeMap<String, Box<serde_json::value::RawValue>>,
}

/// Just a shape's type, read before the rest so that an unknown one is named as such.
#[derive(Deserialize)]
struct ShapeType {
    #[serde(rename = "type")]
    kind: Option<String>,
}

/// Parses a Smithy JSON AST; reports every malformed shape at once.
pub fn load(json: &str) -> Result<Model, Problems> {
    let raw: RawModel = serde_json::from_str(json).map_err(|e| {
        Problems::one(Problem::shape(
            "<model>",
            format!("malformed JSON at line {}, column {}: {e}", e.line(), e.column()),
        ))
    })?;
    let mut problems = Vec::new();
    if !matches!(raw.smithy.as_str(), "1" | "1.0" | "2" | "2.0") {
        problems.push(Problem::shape(
            "<model>",
            format!("unsupported Smithy version {:?} (expected 1.0 or 2.0)", raw.smithy),
        ));
    }
    let mut shapes = BTreeMap::new();
    // Each shape is parsed from its own text, which keeps members in the model's order.
    for (id, text) in raw.shapes {
        if !id.contains('#') {
            problems.push(Problem::shape(&id, "shape ids must be absolute (`namespace#Name`)"));
            continue;
        }
        let kind = serde_json::from_str::<ShapeType>(text.get()).ok().and_then(|t| t.kind);
        match kind.as_deref() {
            None => problems.push(Problem::shape(&id, "shape has no `type`")),
            Some(kind) if !SHAPE_KINDS.contains(&kind) => {
                problems.push(Problem::shape(&id, format!("unknown shape type `{kind}`")))
            }
            Some(_) => match serde_json::from_str::<Shape>(text.get()) {
                Ok(shape) => {
                    shapes.insert(id, shape);
                }
                Err(e) => problems.push(Problem::shape(&id, format!("malformed shape: {e}"))),
            },
        }
    }
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    add_prelude(&mut shapes, raw.smithy.starts_with('1'));
    Ok(Model { version: raw.smithy, shapes })
}

/// Adds the prelude's simple shapes, so that every target resolves in one map.
fn add_prelude(shapes: &mut BTreeMap<String, Shape>, _idl_v1: bool) {
    use ShapeKind::*;
    let simple = [
        ("String", String),
        ("Blob", Blob),
        ("BigInteger", BigInteger),
        ("BigDecimal", BigDecimal),
        ("Timestamp", Timestamp),
        ("Document", Document),
        ("Boolean", Boolean),
        ("Byte", Byte),
        ("Short", Short),
        ("Integer", Integer),
        ("Long", Long),
        ("Float", Float),
        ("Double", Double),
    ];
    for (name, kind) in simple {
        shapes.entry(format!("{PRELUDE}#{name}")).or_insert_with(|| Shape::new(kind));
    }
    // Primitive prelude shapes are never absent: they default to their zero value.
    let primitive = [
        ("PrimitiveBoolean", Boolean, Value::Bool(false)),
        ("PrimitiveByte", Byte, Value::from(0)),
        ("PrimitiveShort", Short, Value::from(0)),
        ("PrimitiveInteger", Integer, Value::from(0)),
        ("PrimitiveLong", Long, Value::from(0)),
        ("PrimitiveFloat", Float, Value::from(0)),
        ("PrimitiveDouble", Double, Value::from(0)),
    ];
    for (name, kind, default) in primitive {
        let mut shape = Shape::new(kind);
        shape.traits.0.insert(format!("{PRELUDE}#default"), default);
        shapes.entry(format!("{PRELUDE}#{name}")).or_insert(shape);
    }
    let mut unit = Shape::new(Structure);
    unit.traits.0.insert(format!("{PRELUDE}#unitType"), Value::Object(Default::default()));
    shapes.entry(format!("{PRELUDE}#Unit")).or_insert(unit);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_json_names_line_and_column() {
        let err = load("{\n  \"smithy\": \"2.0\",\n  \"shapes\": {,}\n}").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("line 3, column 14"), "{text}");
    }

    #[test]
    fn every_bad_shape_is_reported_at_once() {
        let json = r#"{"smithy":"2.0","shapes":{
            "a.b#One":{"type":"widget"},
            "a.b#Two":{"type":"structure","members":{"x":{"traits":{}}}},
            "a.b#Three":{"type":"string"}}}"#;
        let problems = load(json).unwrap_err().0;
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].shape, "a.b#One");
        assert!(problems[0].message.contains("unknown shape type `widget`"));
        assert_eq!(problems[1].shape, "a.b#Two");
    }

    #[test]
    fn members_keep_model_order_and_prelude_resolves() {
        let json = r#"{"smithy":"1.0","shapes":{"a.b#S":{"type":"structure","members":{
            "zeta":{"target":"smithy.api#String"},"alpha":{"target":"smithy.api#PrimitiveInteger"}}}}}"#;
        let model = load(json).unwrap();
        let names: Vec<_> = model.shapes["a.b#S"].members.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["zeta", "alpha"]);
        assert!(model.shapes["smithy.api#PrimitiveInteger"].traits.has("smithy.api#default"));
        assert!(model.shapes.contains_key("smithy.api#Unit"));
    }

    #[test]
    fn unsupported_version_is_a_problem() {
        let err = load(r#"{"smithy":"3.0","shapes":{}}"#).unwrap_err();
        assert!(err.to_string().contains("unsupported Smithy version"));
    }
}
