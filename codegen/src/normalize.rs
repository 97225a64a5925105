//! Normalisation passes: each rewrites the model into a simpler one the IR can lower directly.
//!
//! The passes mirror what smithy-rs runs before generating code: checks that every target
//! resolves and the protocol is supported, operations with event streams left out (until they
//! are supported), `@enum` strings made into `enum` shapes, service errors copied onto
//! operations, a synthetic input and output structure per operation, and recursive members boxed.

use crate::error::Problem;
use crate::model::{namespace, shape_name, Member, Model, Shape, ShapeKind, Target, Traits, PRELUDE};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Trait ids the passes and the IR read.
pub mod traits {
    #![allow(missing_docs)]
    pub const DOCUMENTATION: &str = "smithy.api#documentation";
    pub const REQUIRED: &str = "smithy.api#required";
    pub const DEFAULT: &str = "smithy.api#default";
    pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
    pub const SENSITIVE: &str = "smithy.api#sensitive";
    pub const ENUM: &str = "smithy.api#enum";
    pub const ENUM_VALUE: &str = "smithy.api#enumValue";
    pub const ERROR: &str = "smithy.api#error";
    pub const HTTP: &str = "smithy.api#http";
    pub const HTTP_ERROR: &str = "smithy.api#httpError";
    pub const HTTP_LABEL: &str = "smithy.api#httpLabel";
    pub const HTTP_QUERY: &str = "smithy.api#httpQuery";
    pub const HTTP_QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
    pub const HTTP_HEADER: &str = "smithy.api#httpHeader";
    pub const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
    pub const HTTP_PAYLOAD: &str = "smithy.api#httpPayload";
    pub const HTTP_RESPONSE_CODE: &str = "smithy.api#httpResponseCode";
    pub const JSON_NAME: &str = "smithy.api#jsonName";
    pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
    pub const PAGINATED: &str = "smithy.api#paginated";
    pub const SPARSE: &str = "smithy.api#sparse";
    pub const DEPRECATED: &str = "smithy.api#deprecated";
    pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
    pub const RETRYABLE: &str = "smithy.api#retryable";
    pub const STREAMING: &str = "smithy.api#streaming";
    pub const ENDPOINT: &str = "smithy.api#endpoint";
    pub const HOST_LABEL: &str = "smithy.api#hostLabel";
    pub const HTTP_CHECKSUM_REQUIRED: &str = "smithy.api#httpChecksumRequired";
    pub const REQUEST_COMPRESSION: &str = "smithy.api#requestCompression";
    pub const UNIT_TYPE: &str = "smithy.api#unitType";
    pub const TITLE: &str = "smithy.api#title";
    pub const REST_JSON1: &str = "aws.protocols#restJson1";
    pub const SIGV4: &str = "aws.auth#sigv4";
    pub const AWS_SERVICE: &str = "aws.api#service";
    /// Marks a structure made by [`super::synthesize_operation_shapes`]; its value is the
    /// operation's id.
    pub const SYNTHETIC_INPUT: &str = "codegen.synthetic#input";
    /// See [`SYNTHETIC_INPUT`].
    pub const SYNTHETIC_OUTPUT: &str = "codegen.synthetic#output";
    /// The shape a synthetic structure was copied from, to name it in problems.
    pub const SYNTHETIC_SOURCE: &str = "codegen.synthetic#source";
    /// The name a renamed shape has on the wire (its error code), set by
    /// [`super::apply_service_renames`].
    pub const WIRE_NAME: &str = "codegen.synthetic#wireName";
    /// On the service: the operations [`super::leave_out_event_streams`] left out, an object
    /// from each operation's id to the reason.
    pub const LEFT_OUT: &str = "codegen.synthetic#leftOut";
    pub const MIXIN: &str = "smithy.api#mixin";
    pub const ADDED_DEFAULT: &str = "smithy.api#addedDefault";
}

/// Protocol traits we know of; a service with one of these but not restJson1 is refused by name.
const KNOWN_PROTOCOLS: &[&str] = &[
    "aws.protocols#awsJson1_0",
    "aws.protocols#awsJson1_1",
    "aws.protocols#awsQuery",
    "aws.protocols#ec2Query",
    "aws.protocols#restXml",
    "smithy.protocols#rpcv2Cbor",
];

/// The namespace of synthetic shapes.
pub const SYNTHETIC_NAMESPACE: &str = "codegen.synthetic";

/// Runs every pass in order on the service to generate: `service` (an absolute shape id) when
/// given, else the model's only service. Returns the id of that service after the passes.
pub fn normalize(model: &mut Model, service: Option<&str>) -> Result<String, Vec<Problem>> {
    let service = select_service(model, service)?;
    let mut problems = check_targets(model);
    problems.extend(check_protocol(model, &service));
    if !problems.is_empty() {
        return Err(problems);
    }
    flatten_mixins(model);
    let service = apply_service_renames(model, &service);
    leave_out_event_streams(model, &service);
    enum_traits_to_enum_shapes(model);
    copy_service_errors_to_operations(model, &service);
    synthesize_operation_shapes(model, &service);
    Ok(service)
}

/// The service to generate: `requested`, which must be a service shape of the model, or else
/// the model's only service. A problem lists the model's services.
pub fn select_service(model: &Model, requested: Option<&str>) -> Result<String, Vec<Problem>> {
    let services = model.services();
    let listed = || match services.as_slice() {
        [] => "the model has no service shape".to_owned(),
        all => format!("the model's services: {}", all.join(", ")),
    };
    let problem = match requested {
        Some(id) => match model.shapes.get(id) {
            Some(shape) if shape.kind == ShapeKind::Service => return Ok(id.to_owned()),
            Some(_) => Problem::shape(id, format!("the requested service is not a service shape; {}", listed())),
            None => Problem::shape(id, format!("the requested service is not in the model; {}", listed())),
        },
        None => match services.as_slice() {
            [one] => return Ok((*one).to_owned()),
            [] => Problem::shape("<model>", "the model has no service shape"),
            many => Problem::shape(
                "<model>",
                format!(
                    "the model has {} service shapes ({}); pass `--service SHAPE_ID` to choose one",
                    many.len(),
                    many.join(", ")
                ),
            ),
        },
    };
    Err(vec![problem])
}

/// Every member and reference must point at a shape that exists.
pub fn check_targets(model: &Model) -> Vec<Problem> {
    let mut problems = Vec::new();
    let exists = |t: &str| model.shapes.contains_key(t);
    for (id, shape) in &model.shapes {
        for (name, member) in &shape.members {
            // Enum members target `smithy.api#Unit`, or nothing at all in some models.
            let is_enum = matches!(shape.kind, ShapeKind::Enum | ShapeKind::IntEnum);
            if !is_enum && !exists(&member.target) {
                problems.push(Problem::member(
                    id,
                    name,
                    format!("target `{}` does not resolve to a shape", member.target),
                ));
            }
        }
        for (name, member) in [("member", &shape.member), ("key", &shape.key), ("value", &shape.value)] {
            if let Some(member) = member {
                if !exists(&member.target) {
                    problems.push(Problem::member(
                        id,
                        name,
                        format!("target `{}` does not resolve to a shape", member.target),
                    ));
                }
            }
        }
        let references = shape
            .operations
            .iter()
            .chain(&shape.resources)
            .chain(&shape.errors)
            .chain(&shape.mixins)
            .chain(&shape.collection_operations)
            .chain(shape.input.iter())
            .chain(shape.output.iter())
            .chain(
                [&shape.create, &shape.put, &shape.read, &shape.update, &shape.delete, &shape.list]
                    .into_iter()
                    .flatten(),
            );
        for target in references {
            if !exists(&target.target) {
                problems
                    .push(Problem::shape(id, format!("reference to `{}` does not resolve to a shape", target.target)));
            }
        }
        if matches!(shape.kind, ShapeKind::List | ShapeKind::Set) && shape.member.is_none() {
            problems.push(Problem::shape(id, "a list needs a `member`"));
        }
        if shape.kind == ShapeKind::Map && (shape.key.is_none() || shape.value.is_none()) {
            problems.push(Problem::shape(id, "a map needs a `key` and a `value`"));
        }
    }
    problems
}

/// The service must speak restJson1; another protocol is refused by name.
pub fn check_protocol(model: &Model, service: &str) -> Vec<Problem> {
    let traits = &model.shapes[service].traits;
    if traits.has(traits::REST_JSON1) {
        return Vec::new();
    }
    let other: Vec<&str> =
        traits.0.keys().filter(|t| KNOWN_PROTOCOLS.contains(&t.as_str())).map(String::as_str).collect();
    let message = if other.is_empty() {
        "the service declares no protocol; only aws.protocols#restJson1 is supported".to_owned()
    } else {
        format!("unsupported protocol {}; only aws.protocols#restJson1 is supported", other.join(", "))
    };
    vec![Problem::shape(service, message)]
}

/// Mixins are flattened: a shape gets its mixins' members (first, in order) and traits (its own
/// win), and the mixin shapes themselves, which are never generated, are removed.
pub fn flatten_mixins(model: &mut Model) {
    fn flatten(model: &mut Model, id: &str, done: &mut BTreeSet<String>, path: &mut Vec<String>) {
        if done.contains(id) || path.iter().any(|p| p == id) {
            return;
        }
        let Some(mixins) = model.shapes.get(id).map(|s| s.mixins.clone()) else { return };
        path.push(id.to_owned());
        for mixin in &mixins {
            flatten(model, &mixin.target, done, path);
        }
        path.pop();
        let mut members: Vec<(String, Member)> = Vec::new();
        let mut traits = Traits::default();
        for mixin in &mixins {
            let Some(source) = model.shapes.get(&mixin.target) else { continue };
            for (name, member) in &source.members {
                match members.iter_mut().find(|(n, _)| n == name) {
                    Some((_, existing)) => existing.traits.0.extend(member.traits.0.clone()),
                    None => members.push((name.clone(), member.clone())),
                }
            }
            traits.0.extend(
                source.traits.0.iter().filter(|(k, _)| *k != traits::MIXIN).map(|(k, v)| (k.clone(), v.clone())),
            );
        }
        if let Some(shape) = model.shapes.get_mut(id) {
            for (name, own) in std::mem::take(&mut shape.members) {
                match members.iter_mut().find(|(n, _)| *n == name) {
                    // A member redeclared to apply traits keeps the mixin's target.
                    Some((_, inherited)) => inherited.traits.0.extend(own.traits.0),
                    None => members.push((name, own)),
                }
            }
            shape.members = members;
            traits.0.extend(std::mem::take(&mut shape.traits.0));
            shape.traits = traits;
            shape.mixins.clear();
        }
        done.insert(id.to_owned());
    }
    let ids: Vec<String> = model.shapes.keys().cloned().collect();
    let mut done = BTreeSet::new();
    for id in &ids {
        flatten(model, id, &mut done, &mut Vec::new());
    }
    model.shapes.retain(|_, shape| !shape.traits.has(traits::MIXIN));
}

/// The service's `rename` map gives shapes new names (to resolve conflicts between
/// namespaces); references follow, and the old name stays the wire name. Returns the service id.
pub fn apply_service_renames(model: &mut Model, service: &str) -> String {
    let renames = model.shapes.get(service).map(|s| s.rename.clone()).unwrap_or_default();
    let mut moved: BTreeMap<String, String> = BTreeMap::new();
    for (old, new_name) in renames {
        let new = format!("{}#{new_name}", namespace(&old));
        if old == new || model.shapes.contains_key(&new) {
            continue;
        }
        if let Some(mut shape) = model.shapes.remove(&old) {
            shape.traits.0.insert(traits::WIRE_NAME.into(), Value::String(shape_name(&old).to_owned()));
            model.shapes.insert(new.clone(), shape);
            moved.insert(old, new);
        }
    }
    if moved.is_empty() {
        return service.to_owned();
    }
    let follow = |target: &mut String| {
        if let Some(new) = moved.get(target.as_str()) {
            *target = new.clone();
        }
    };
    for shape in model.shapes.values_mut() {
        shape.members.iter_mut().for_each(|(_, m)| follow(&mut m.target));
        [&mut shape.member, &mut shape.key, &mut shape.value].into_iter().flatten().for_each(|m| follow(&mut m.target));
        let lists = [&mut shape.operations, &mut shape.resources, &mut shape.errors, &mut shape.collection_operations];
        lists.into_iter().flatten().for_each(|t| follow(&mut t.target));
        let single = [
            &mut shape.input,
            &mut shape.output,
            &mut shape.create,
            &mut shape.put,
            &mut shape.read,
            &mut shape.update,
            &mut shape.delete,
            &mut shape.list,
        ];
        single.into_iter().flatten().for_each(|t| follow(&mut t.target));
    }
    moved.get(service).cloned().unwrap_or_else(|| service.to_owned())
}

/// Event streams (a `@streaming` union) are not supported yet: an operation whose input or output
/// has a member targeting one is removed from the model, so that neither it nor the shapes only
/// it reaches are generated. The service's [`traits::LEFT_OUT`] records each one and why.
pub fn leave_out_event_streams(model: &mut Model, service: &str) {
    let mut left_out = serde_json::Map::new();
    for operation in model.operations_of(service) {
        let shape = &model.shapes[&operation];
        let sides = [("input", &shape.input), ("output", &shape.output)];
        let reason = sides.into_iter().find_map(|(side, target)| {
            let structure = model.shapes.get(&target.as_ref()?.target)?;
            structure.members.iter().find_map(|(name, member)| {
                let target = model.shapes.get(&member.target)?;
                (target.kind == ShapeKind::Union && target.traits.has(traits::STREAMING)).then(|| {
                    format!(
                        "its {side} member `{name}` is an event stream (`{}`), which this generator does not support yet",
                        member.target
                    )
                })
            })
        });
        if let Some(reason) = reason {
            left_out.insert(operation, Value::String(reason));
        }
    }
    if left_out.is_empty() {
        return;
    }
    for operation in left_out.keys() {
        model.shapes.remove(operation);
    }
    if let Some(shape) = model.shapes.get_mut(service) {
        shape.traits.0.insert(traits::LEFT_OUT.into(), Value::Object(left_out));
    }
}

/// Strings with the `@enum` trait become `enum` shapes, so one code path handles both styles.
pub fn enum_traits_to_enum_shapes(model: &mut Model) {
    for shape in model.shapes.values_mut() {
        if shape.kind != ShapeKind::String {
            continue;
        }
        let Some(Value::Array(definitions)) = shape.traits.0.remove(traits::ENUM) else { continue };
        shape.kind = ShapeKind::Enum;
        for definition in definitions {
            let Some(value) = definition.get("value").and_then(Value::as_str) else { continue };
            let name = definition.get("name").and_then(Value::as_str).unwrap_or(value).to_owned();
            let mut traits = Traits::default();
            traits.0.insert(traits::ENUM_VALUE.into(), Value::String(value.to_owned()));
            if let Some(doc) = definition.get("documentation") {
                traits.0.insert(traits::DOCUMENTATION.into(), doc.clone());
            }
            if definition.get("deprecated").and_then(Value::as_bool) == Some(true) {
                traits.0.insert(traits::DEPRECATED.into(), Value::Object(Default::default()));
            }
            shape.members.push((name, Member { target: format!("{PRELUDE}#Unit"), traits }));
        }
    }
}

/// The service's `errors` may be returned by every operation.
pub fn copy_service_errors_to_operations(model: &mut Model, service: &str) {
    let errors = model.shapes[service].errors.clone();
    if errors.is_empty() {
        return;
    }
    for operation in model.operations_of(service) {
        if let Some(shape) = model.shapes.get_mut(&operation) {
            for error in &errors {
                if !shape.errors.contains(error) {
                    shape.errors.push(error.clone());
                }
            }
        }
    }
}

/// Gives every operation its own input and output structure, `<Op>Input` and `<Op>Output`,
/// so that a structure shared by two operations, or also used as a nested type, still
/// becomes one type per use, as in the official SDK.
pub fn synthesize_operation_shapes(model: &mut Model, service: &str) {
    for operation in model.operations_of(service) {
        let op_name = shape_name(&operation).to_owned();
        let shape = &model.shapes[&operation];
        let sources = [
            (shape.input.clone(), "Input", traits::SYNTHETIC_INPUT),
            (shape.output.clone(), "Output", traits::SYNTHETIC_OUTPUT),
        ];
        let mut new_targets = Vec::new();
        for (source, suffix, marker) in sources {
            let mut synthetic = source
                .as_ref()
                .and_then(|t| model.shapes.get(&t.target))
                .filter(|s| !s.traits.has(traits::UNIT_TYPE))
                .cloned()
                .unwrap_or_else(|| Shape::new(ShapeKind::Structure));
            synthetic.traits.0.retain(|k, _| k == traits::DOCUMENTATION || k == traits::SENSITIVE);
            synthetic.traits.0.insert(marker.into(), Value::String(operation.clone()));
            if let Some(source) = source
                .as_ref()
                .filter(|t| model.shapes.get(&t.target).is_some_and(|s| !s.traits.has(traits::UNIT_TYPE)))
            {
                synthetic.traits.0.insert(traits::SYNTHETIC_SOURCE.into(), Value::String(source.target.clone()));
            }
            let id = format!("{SYNTHETIC_NAMESPACE}#{op_name}{suffix}");
            model.shapes.insert(id.clone(), synthetic);
            new_targets.push(id);
        }
        let shape = model.shapes.get_mut(&operation).expect("operation exists");
        shape.output = new_targets.pop().map(|target| Target { target });
        shape.input = new_targets.pop().map(|target| Target { target });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load;

    fn model(shapes: &str) -> Model {
        load(&format!(r#"{{"smithy":"2.0","shapes":{{{shapes}}}}}"#)).unwrap()
    }

    const SERVICE: &str = r#""a.b#Svc":{"type":"service","version":"1","operations":[{"target":"a.b#Op"}],
        "errors":[{"target":"a.b#Boom"}],"traits":{"aws.protocols#restJson1":{}}},
        "a.b#Boom":{"type":"structure","members":{},"traits":{"smithy.api#error":"server"}}"#;

    #[test]
    fn the_only_service_is_selected_or_the_requested_one() {
        let one = model(r#""a.b#Svc":{"type":"service"}"#);
        assert_eq!(select_service(&one, None), Ok("a.b#Svc".to_owned()));
        let two = model(r#""a.b#One":{"type":"service"},"a.b#Two":{"type":"service"}"#);
        assert_eq!(select_service(&two, Some("a.b#Two")), Ok("a.b#Two".to_owned()));
    }

    #[test]
    fn several_services_need_a_choice_and_are_all_listed() {
        let m = model(r#""a.b#One":{"type":"service"},"a.b#Two":{"type":"service"},"c.d#Three":{"type":"service"}"#);
        let problems = select_service(&m, None).unwrap_err();
        assert_eq!(problems.len(), 1);
        let message = &problems[0].message;
        for id in ["a.b#One", "a.b#Two", "c.d#Three", "--service SHAPE_ID"] {
            assert!(message.contains(id), "{message}");
        }
        let problems = select_service(&model(""), None).unwrap_err();
        assert!(problems[0].message.contains("no service shape"), "{problems:?}");
    }

    #[test]
    fn a_requested_service_must_exist_and_be_a_service() {
        let m = model(r#""a.b#One":{"type":"service"},"a.b#Two":{"type":"service"},"a.b#S":{"type":"structure"}"#);
        for requested in ["a.b#Nope", "a.b#S"] {
            let problems = select_service(&m, Some(requested)).unwrap_err();
            assert_eq!(problems[0].shape, requested);
            assert!(problems[0].message.contains("a.b#One, a.b#Two"), "{problems:?}");
        }
    }

    #[test]
    fn dangling_targets_name_shape_and_member() {
        let m = model(r#""a.b#S":{"type":"structure","members":{"x":{"target":"a.b#Nope"}}}"#);
        let problems = check_targets(&m);
        assert_eq!(problems, vec![Problem::member("a.b#S", "x", "target `a.b#Nope` does not resolve to a shape")]);
    }

    #[test]
    fn other_protocols_are_refused_by_name() {
        let m = model(r#""a.b#Svc":{"type":"service","traits":{"aws.protocols#awsJson1_1":{}}}"#);
        let problems = check_protocol(&m, "a.b#Svc");
        assert!(problems[0].message.contains("aws.protocols#awsJson1_1"), "{problems:?}");
    }

    #[test]
    fn enum_trait_becomes_enum_shape() {
        let mut m = model(
            r#""a.b#E":{"type":"string","traits":{"smithy.api#enum":[{"value":"LOW","name":"LowLatency"},{"value":"us-west-2"}]}}"#,
        );
        enum_traits_to_enum_shapes(&mut m);
        let e = &m.shapes["a.b#E"];
        assert_eq!(e.kind, ShapeKind::Enum);
        let members: Vec<_> =
            e.members.iter().map(|(n, m)| (n.as_str(), m.traits.str(traits::ENUM_VALUE).unwrap())).collect();
        assert_eq!(members, [("LowLatency", "LOW"), ("us-west-2", "us-west-2")]);
    }

    #[test]
    fn mixins_are_flattened_and_removed() {
        let mut m = model(
            r#""a.b#Base":{"type":"structure","members":{"id":{"target":"smithy.api#String"},"note":{"target":"smithy.api#String"}},
                "traits":{"smithy.api#mixin":{},"smithy.api#documentation":"base"}},
            "a.b#Timestamps":{"type":"structure","mixins":[{"target":"a.b#Base"}],"members":{"at":{"target":"smithy.api#Timestamp"}},
                "traits":{"smithy.api#mixin":{}}},
            "a.b#Thing":{"type":"structure","mixins":[{"target":"a.b#Timestamps"}],
                "members":{"name":{"target":"smithy.api#String"},"id":{"target":"smithy.api#String","traits":{"smithy.api#required":{}}}}}"#,
        );
        flatten_mixins(&mut m);
        let thing = &m.shapes["a.b#Thing"];
        let names: Vec<_> = thing.members.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["id", "note", "at", "name"]);
        assert!(thing.member_named("id").unwrap().traits.has(traits::REQUIRED));
        assert_eq!(thing.traits.str(traits::DOCUMENTATION), Some("base"));
        assert!(!m.shapes.contains_key("a.b#Base") && !m.shapes.contains_key("a.b#Timestamps"));
    }

    #[test]
    fn renamed_shapes_move_and_keep_their_wire_name() {
        let mut m = model(
            r#""a.b#Svc":{"type":"service","operations":[{"target":"a.b#Op"}],"rename":{"x.y#Widget":"XWidget"}},
            "a.b#Op":{"type":"operation","input":{"target":"a.b#In"},"errors":[{"target":"x.y#Widget"}]},
            "a.b#In":{"type":"structure","members":{"w":{"target":"x.y#Widget"}}},
            "x.y#Widget":{"type":"structure","members":{},"traits":{"smithy.api#error":"client"}}"#,
        );
        apply_service_renames(&mut m, "a.b#Svc");
        assert!(m.shapes.contains_key("x.y#XWidget") && !m.shapes.contains_key("x.y#Widget"));
        assert_eq!(m.shapes["x.y#XWidget"].traits.str(traits::WIRE_NAME), Some("Widget"));
        assert_eq!(m.shapes["a.b#In"].members[0].1.target, "x.y#XWidget");
        assert_eq!(m.shapes["a.b#Op"].errors[0].target, "x.y#XWidget");
    }

    #[test]
    fn operations_with_event_streams_are_left_out_with_their_shapes() {
        let mut m = model(
            r#""a.b#Svc":{"type":"service","operations":[{"target":"a.b#Watch"},{"target":"a.b#Get"},{"target":"a.b#Send"}]},
            "a.b#Watch":{"type":"operation","output":{"target":"a.b#WatchOutput"}},
            "a.b#WatchOutput":{"type":"structure","members":{"events":{"target":"a.b#Events"}}},
            "a.b#Send":{"type":"operation","input":{"target":"a.b#SendInput"}},
            "a.b#SendInput":{"type":"structure","members":{"id":{"target":"smithy.api#String"},"events":{"target":"a.b#Events"}}},
            "a.b#Events":{"type":"union","members":{"changed":{"target":"a.b#Changed"}},"traits":{"smithy.api#streaming":{}}},
            "a.b#Changed":{"type":"structure","members":{}},
            "a.b#Get":{"type":"operation","output":{"target":"a.b#GetOutput"}},
            "a.b#GetOutput":{"type":"structure","members":{"last":{"target":"a.b#Last"}}},
            "a.b#Last":{"type":"union","members":{"changed":{"target":"a.b#Changed"}}}"#,
        );
        leave_out_event_streams(&mut m, "a.b#Svc");
        assert_eq!(m.operations_of("a.b#Svc"), ["a.b#Get"]);
        let reachable = m.reachable_shapes("a.b#Svc");
        assert!(reachable.contains("a.b#Changed") && !reachable.contains("a.b#Events"), "{reachable:?}");
        let left_out = m.shapes["a.b#Svc"].traits.get(traits::LEFT_OUT).and_then(Value::as_object).unwrap();
        let reasons: Vec<(&str, &str)> = left_out.iter().map(|(k, v)| (k.as_str(), v.as_str().unwrap())).collect();
        assert_eq!(
            reasons,
            [
                ("a.b#Send", "its input member `events` is an event stream (`a.b#Events`), which this generator does not support yet"),
                ("a.b#Watch", "its output member `events` is an event stream (`a.b#Events`), which this generator does not support yet"),
            ]
        );
    }

    #[test]
    fn service_errors_reach_every_operation() {
        let mut m = model(&format!(r#"{SERVICE},"a.b#Op":{{"type":"operation"}}"#));
        copy_service_errors_to_operations(&mut m, "a.b#Svc");
        assert_eq!(m.shapes["a.b#Op"].errors, vec![Target { target: "a.b#Boom".into() }]);
    }

    #[test]
    fn operations_get_their_own_input_and_output() {
        let mut m = model(&format!(
            r#"{SERVICE},"a.b#Op":{{"type":"operation","input":{{"target":"a.b#Req"}},"output":{{"target":"smithy.api#Unit"}}}},
            "a.b#Req":{{"type":"structure","members":{{"x":{{"target":"smithy.api#String"}}}},"traits":{{"smithy.api#input":{{}}}}}}"#
        ));
        synthesize_operation_shapes(&mut m, "a.b#Svc");
        let op = &m.shapes["a.b#Op"];
        assert_eq!(op.input.as_ref().unwrap().target, "codegen.synthetic#OpInput");
        assert_eq!(op.output.as_ref().unwrap().target, "codegen.synthetic#OpOutput");
        let input = &m.shapes["codegen.synthetic#OpInput"];
        assert_eq!(input.members.len(), 1);
        assert!(!input.traits.has("smithy.api#input"));
        assert!(m.shapes["codegen.synthetic#OpOutput"].members.is_empty());
    }
}
