//! Lowering: the normalised model becomes the [`Crate`] IR. Every Rust name is decided here.

use super::*;
use crate::docs::doc_lines;
use crate::error::Problem;
use crate::ident::{field_ident, module_ident, to_snake_case, type_ident, variant_ident};
use crate::model::{shape_name, Member as ModelMember, Model, Shape, ShapeKind, PRELUDE};
use crate::normalize::{traits, SYNTHETIC_NAMESPACE};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Lowers a normalised model's `service` into the crate `package`.
pub fn lower(model: &Model, service: &str, package: &str) -> Result<Crate, Vec<Problem>> {
    let boxed = model.recursive_members();
    let service_shape = &model.shapes[service];
    let aws_service = service_shape.traits.get(traits::AWS_SERVICE);
    let aws_str = |key: &str| aws_service.and_then(|v| v.get(key)).and_then(Value::as_str).map(str::to_owned);
    let sdk_id = aws_str("sdkId").unwrap_or_else(|| shape_name(service).to_owned());
    let signing_name = service_shape
        .traits
        .get(traits::SIGV4)
        .and_then(|v| v.get("name"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| sdk_id.to_lowercase());
    let endpoint_prefix = aws_str("endpointPrefix").unwrap_or_else(|| signing_name.clone());
    let title = service_shape.traits.str(traits::TITLE).unwrap_or(shape_name(service)).to_owned();
    let mut docs = vec![title.clone(), String::new()];
    docs.extend(doc_lines(service_shape.traits.str(traits::DOCUMENTATION).unwrap_or_default()));

    // Operations are lowered on a thread of their own while the types are lowered here.
    let lower_operations = || {
        let mut cx = Lowering { model, problems: Vec::new(), boxed: &boxed };
        let mut operations: Vec<Operation> = model.operations_of(service).iter().map(|id| cx.operation(id)).collect();
        operations.sort_by(|a, b| a.wire_name.cmp(&b.wire_name));
        (operations, cx.problems)
    };
    let (types, (operations, mut problems)) = std::thread::scope(|scope| {
        let operations = scope.spawn(lower_operations);
        let types = lower_types(model, service, &boxed);
        // A thread only panics on a broken invariant of the generator itself.
        (types, operations.join().expect("lowering the operations panicked"))
    });
    let (types, type_problems) = types;
    problems.extend(type_problems);
    let mut operations = operations;
    let version = service_shape.version.clone().unwrap_or_default();
    apply_customizations(&mut operations, &customizations::for_service(&sdk_id, &version));
    let errors: BTreeSet<ErrorRef> = operations.iter().flat_map(|op| op.errors.iter().cloned()).collect();
    if !problems.is_empty() {
        problems.sort();
        problems.dedup();
        return Err(problems);
    }
    Ok(Crate {
        package: package.to_owned(),
        title,
        docs,
        service: ServiceInfo {
            env_key: sdk_id.to_ascii_uppercase().replace([' ', '-'], "_"),
            sdk_id,
            signing_name,
            endpoint_prefix,
            api_version: service_shape.version.clone().unwrap_or_default(),
        },
        types,
        errors: errors.into_iter().collect(),
        endpoint_rules: endpoint_rules(&service_shape.traits),
        left_out: left_out(&service_shape.traits),
        protocol_tests: protocol_tests::lower(model, &operations),
        operations,
    })
}

/// What the service's customizations add to each operation.
fn apply_customizations(operations: &mut [Operation], c: &customizations::Customizations) {
    for op in operations {
        op.request_headers.clone_from(&c.request_headers);
        op.glacier_checksums =
            c.glacier_checksums && op.input.structure.members.iter().any(|m| m.location == Location::Payload);
        for m in &mut op.input.structure.members {
            if matches!(m.location, Location::Label { .. }) {
                m.label_default =
                    c.label_defaults.iter().find(|(name, _)| *name == m.wire_name).map(|(_, v)| v.clone());
            }
        }
    }
}

/// The types of the service, sorted by path, and the problems found lowering them.
fn lower_types(model: &Model, service: &str, boxed: &BTreeSet<(String, String)>) -> (Vec<TypeDef>, Vec<Problem>) {
    let mut cx = Lowering { model, problems: Vec::new(), boxed };
    let carried = directions(model, service);
    let mut types = Vec::new();
    for id in model.reachable_shapes(service) {
        let shape = &model.shapes[&id];
        if crate::model::namespace(&id) == SYNTHETIC_NAMESPACE || id.starts_with(PRELUDE) {
            continue;
        }
        let kind = match shape.kind {
            ShapeKind::Structure if shape.traits.has(traits::ERROR) => TypeKind::Error(cx.error_shape(&id, shape)),
            ShapeKind::Structure => TypeKind::Structure(cx.structure(&id, shape, Bindings::Nested)),
            ShapeKind::Enum | ShapeKind::IntEnum => TypeKind::Enum(cx.enumeration(&id, shape)),
            ShapeKind::Union => TypeKind::Union(cx.union(&id, shape)),
            _ => continue,
        };
        types.push(TypeDef {
            wire_name: shape.traits.str(traits::WIRE_NAME).unwrap_or(shape_name(&id)).to_owned(),
            path: cx.path_of(&id, shape),
            docs: cx.docs_or(&shape.traits, &format!("The `{}` shape.", shape_name(&id))),
            sent_by: carried.get(&id).map(|c| c.0.iter().cloned().collect()).unwrap_or_default(),
            received_by: carried.get(&id).map(|c| c.1.iter().cloned().collect()).unwrap_or_default(),
            ser_fn: ser_fn(&id),
            de_fn: de_fn(&id),
            kind,
            id,
        });
    }
    types.sort_by(|a, b| a.path.cmp(&b.path));
    for pair in types.windows(2) {
        if pair[0].path == pair[1].path {
            cx.problems.push(Problem::shape(
                &pair[1].id,
                format!("its Rust name `{}` collides with that of `{}`", pair[1].path.name, pair[0].id),
            ));
        }
    }
    (types, cx.problems)
}

/// The operations normalisation left out (see [`crate::normalize::leave_out_event_streams`]).
fn left_out(service_traits: &crate::model::Traits) -> Vec<LeftOut> {
    let Some(Value::Object(left_out)) = service_traits.get(traits::LEFT_OUT) else { return Vec::new() };
    let mut all: Vec<LeftOut> = left_out
        .iter()
        .map(|(id, reason)| LeftOut { id: id.clone(), reason: reason.as_str().unwrap_or_default().to_owned() })
        .collect();
    all.sort_by(|a, b| a.id.cmp(&b.id));
    all
}

/// The endpoint rule set and its tests, named so that `cargo test endpoint` runs them.
fn endpoint_rules(service_traits: &crate::model::Traits) -> Option<EndpointRules> {
    let rule_set = service_traits.get("smithy.rules#endpointRuleSet")?;
    let cases = service_traits
        .get("smithy.rules#endpointTests")
        .and_then(|t| t.get("testCases"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    // A rule set without a `UseDualStack` parameter that builds endpoints from the partition's
    // `dualStackDnsSuffix` (and never its `dnsSuffix`) is a dual-stack-only service.
    let rule_set_text = rule_set.to_string();
    let dual_stack_only = rule_set.get("parameters").and_then(|p| p.get("UseDualStack")).is_none()
        && rule_set_text.contains("#dualStackDnsSuffix")
        && !rule_set_text.contains("#dnsSuffix");
    let tests = cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let doc = case.get("documentation").and_then(Value::as_str).unwrap_or_default();
            let words: String = to_snake_case(doc).chars().take(80).collect();
            let name = format!("endpoint_{}_{}", i + 1, words.trim_end_matches('_'));
            EndpointTest {
                name: field_ident(name.trim_end_matches('_')),
                case_json: case.to_string(),
                ignored: stale_partition_case(case, dual_stack_only),
            }
        })
        .collect();
    Some(EndpointRules { rule_set_json: serde_json::to_string_pretty(rule_set).unwrap_or_default() + "\n", tests })
}

/// The isolated partitions that had no dual stack in the `partitions.json` many published models'
/// endpoint tests were written against, and do in the runtime's newer table: the prefix of their
/// regions and the DNS suffix an endpoint had there without dual stack.
const DUAL_STACK_ADDED: &[(&str, &str)] = &[
    ("us-iso-", ".c2s.ic.gov"),
    ("us-isob-", ".sc2s.sgov.gov"),
    ("us-isof-", ".csp.hci.ic.gov"),
    ("eu-isoe-", ".cloud.adc-e.uk"),
];

/// Why an endpoint test case cannot pass with the runtime's partitions table, or `None`: a case
/// with dual stack (its `UseDualStack` parameter, or a `dual_stack_only` rule set) in one of the
/// [`DUAL_STACK_ADDED`] partitions that expects the old answer (the error that the partition has
/// no dual stack, or an endpoint with the old DNS suffix). Such a case is generated `#[ignore]`d
/// with this reason; the same case written for the newer table runs.
fn stale_partition_case(case: &Value, dual_stack_only: bool) -> Option<String> {
    let params = case.get("params")?;
    if !dual_stack_only && params.get("UseDualStack") != Some(&Value::Bool(true)) {
        return None;
    }
    let region = params.get("Region").and_then(Value::as_str)?;
    let (_, suffix) = DUAL_STACK_ADDED.iter().find(|(prefix, _)| region.starts_with(prefix))?;
    let expect = case.get("expect")?;
    let old_error = expect.get("error").and_then(Value::as_str).is_some_and(|e| e.contains("does not support"));
    let old_url = expect
        .get("endpoint")
        .and_then(|e| e.get("url"))
        .and_then(Value::as_str)
        .is_some_and(|url| url.trim_end_matches('/').ends_with(suffix));
    (old_error || old_url).then(|| {
        format!(
            "written for an older partitions.json, in which the partition of {region} had no dual stack; \
             the runtime's table gives it one"
        )
    })
}

fn ser_fn(id: &str) -> RustIdent {
    field_ident(&format!("ser_{}", to_snake_case(shape_name(id))))
}

fn de_fn(id: &str) -> RustIdent {
    field_ident(&format!("de_{}", to_snake_case(shape_name(id))))
}

/// The cargo feature of an operation: `get-channel`.
pub fn feature_of(operation_id: &str) -> String {
    crate::ident::to_kebab_case(shape_name(operation_id))
}

/// For every shape, the features of the operations whose requests carry it and of those whose
/// responses (outputs and errors) carry it.
fn directions(model: &Model, service: &str) -> BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> {
    let closure = |roots: Vec<String>| {
        let mut seen = BTreeSet::new();
        let mut stack = roots;
        while let Some(id) = stack.pop() {
            if !seen.insert(id.clone()) {
                continue;
            }
            if let Some(shape) = model.shapes.get(&id) {
                stack.extend(shape.members.iter().map(|(_, m)| m.target.clone()));
                stack.extend([&shape.member, &shape.key, &shape.value].into_iter().flatten().map(|m| m.target.clone()));
            }
        }
        seen
    };
    let mut carried: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for op in model.operations_of(service) {
        let shape = &model.shapes[&op];
        let feature = feature_of(&op);
        for id in closure(shape.input.iter().map(|t| t.target.clone()).collect()) {
            carried.entry(id).or_default().0.insert(feature.clone());
        }
        for id in closure(shape.output.iter().chain(&shape.errors).map(|t| t.target.clone()).collect()) {
            carried.entry(id).or_default().1.insert(feature.clone());
        }
    }
    carried
}

/// The HTTP binding traits a structure's members may have: Smithy ignores each one outside the
/// structures it applies to (`@httpQuery` on an output member, `@httpHeader` on a nested one).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Bindings {
    /// An operation's input: labels, query parameters, headers and a payload.
    Input,
    /// An operation's output or an error: headers, a payload and the status code.
    Response,
    /// A structure or union inside a message: every member is in the JSON.
    Nested,
}

struct Lowering<'a> {
    model: &'a Model,
    problems: Vec<Problem>,
    boxed: &'a BTreeSet<(String, String)>,
}

impl Lowering<'_> {
    /// Module placement, decided here and only here.
    fn module_for(&self, id: &str, shape: &Shape) -> Module {
        if shape.traits.has(traits::ERROR) {
            Module::TypesError
        } else if let Some(op) =
            shape.traits.str(traits::SYNTHETIC_INPUT).or(shape.traits.str(traits::SYNTHETIC_OUTPUT))
        {
            Module::Operation(module_ident(shape_name(op)))
        } else {
            let _ = id;
            Module::Types
        }
    }

    fn path_of(&self, id: &str, shape: &Shape) -> TypePath {
        TypePath { module: self.module_for(id, shape), name: type_ident(shape_name(id)) }
    }

    fn docs_or(&self, traits: &crate::model::Traits, fallback: &str) -> Vec<String> {
        let lines = doc_lines(traits.str(traits::DOCUMENTATION).unwrap_or_default());
        if lines.is_empty() {
            vec![fallback.to_owned()]
        } else {
            lines
        }
    }

    fn operation(&mut self, id: &str) -> Operation {
        let shape = &self.model.shapes[id];
        let wire_name = shape_name(id).to_owned();
        let input_id = shape.input.as_ref().map(|t| t.target.clone()).unwrap_or_default();
        let output_id = shape.output.as_ref().map(|t| t.target.clone()).unwrap_or_default();
        let input_shape = &self.model.shapes[&input_id];
        let output_shape = &self.model.shapes[&output_id];
        let input = OperationShape {
            name: type_ident(&format!("{wire_name}Input")),
            docs: self.docs_or(&input_shape.traits, &format!("The input of the `{wire_name}` operation.")),
            structure: self.structure(&input_id, input_shape, Bindings::Input),
        };
        let output = OperationShape {
            name: type_ident(&format!("{wire_name}Output")),
            docs: self.docs_or(&output_shape.traits, &format!("The output of the `{wire_name}` operation.")),
            structure: self.structure(&output_id, output_shape, Bindings::Response),
        };
        let mut errors: Vec<ErrorRef> = shape
            .errors
            .iter()
            .map(|t| {
                let name = shape_name(&t.target);
                // A renamed error keeps its original name on the wire.
                let error_shape = self.model.shapes.get(&t.target);
                let code = error_shape.and_then(|e| e.traits.str(traits::WIRE_NAME)).unwrap_or(name);
                let retry_kind = error_shape.and_then(|e| {
                    let retryable = e.traits.get(traits::RETRYABLE)?;
                    Some(if retryable.get("throttling").and_then(Value::as_bool) == Some(true) {
                        RetryKind::ThrottlingError
                    } else if e.traits.str(traits::ERROR) == Some("server") {
                        RetryKind::ServerError
                    } else {
                        RetryKind::ClientError
                    })
                });
                ErrorRef {
                    retry_kind,
                    code: code.to_owned(),
                    variant: type_ident(name),
                    path: TypePath { module: Module::TypesError, name: type_ident(name) },
                    is_fn: field_ident(&format!("is_{}", to_snake_case(name))),
                    de_fn: de_fn(&t.target),
                }
            })
            .collect();
        errors.sort();
        errors.dedup();
        let http = self.http_binding(id, shape, &input.structure);
        let pagination = self.pagination(id, shape, &input.structure, &output.structure);
        let host_prefix = self.host_prefix(id, shape, input_shape, &input.structure);
        let request_compression = self.request_compression(shape, input_shape);
        Operation {
            feature: feature_of(id),
            deprecated: deprecation(&shape.traits),
            id: id.to_owned(),
            name: type_ident(&wire_name),
            method: field_ident(&wire_name),
            module: module_ident(&wire_name),
            docs: self.docs_or(&shape.traits, &format!("Calls the `{wire_name}` operation.")),
            error: type_ident(&format!("{wire_name}Error")),
            fluent_builder: type_ident(&format!("{wire_name}FluentBuilder")),
            wire_name,
            input,
            output,
            errors,
            http,
            pagination,
            host_prefix,
            checksum_required: shape.traits.has(traits::HTTP_CHECKSUM_REQUIRED),
            request_compression,
            request_headers: Vec::new(),
            glacier_checksums: false,
        }
    }

    /// `@endpoint(hostPrefix: "foo.{label}.")`, split at its labels; each label must name a
    /// `@hostLabel` string member of the input.
    fn host_prefix(
        &mut self,
        id: &str,
        shape: &Shape,
        input_shape: &Shape,
        input: &Structure,
    ) -> Option<Vec<HostPrefixSegment>> {
        let prefix = shape.traits.get(traits::ENDPOINT)?.get("hostPrefix")?.as_str()?;
        let mut segments = Vec::new();
        let mut rest = prefix;
        while let Some(start) = rest.find('{') {
            let Some(end) = rest[start..].find('}').map(|e| start + e) else {
                self.problems.push(Problem::shape(id, format!("unclosed label in host prefix `{prefix}`")));
                return None;
            };
            if start > 0 {
                segments.push(HostPrefixSegment::Literal(rest[..start].to_owned()));
            }
            let label = &rest[start + 1..end];
            let is_host_label =
                input_shape.members.iter().any(|(name, m)| name == label && m.traits.has(traits::HOST_LABEL));
            match input.members.iter().position(|m| m.wire_name == label) {
                Some(member) if is_host_label && input.members[member].ty == Type::String => {
                    segments.push(HostPrefixSegment::Label(member));
                }
                _ => self.problems.push(Problem::shape(
                    id,
                    format!("host prefix label `{{{label}}}` has no input string member with `@hostLabel`"),
                )),
            }
            rest = &rest[end + 1..];
        }
        if !rest.is_empty() {
            segments.push(HostPrefixSegment::Literal(rest.to_owned()));
        }
        Some(segments)
    }

    /// `@requestCompression`'s encodings; none when the input's payload is a stream, which the
    /// client sends as it is.
    fn request_compression(&self, shape: &Shape, input_shape: &Shape) -> Vec<String> {
        let Some(trait_value) = shape.traits.get(traits::REQUEST_COMPRESSION) else { return Vec::new() };
        let streams = input_shape.members.iter().any(|(_, m)| {
            m.traits.has(traits::HTTP_PAYLOAD)
                && self.model.shapes.get(&m.target).is_some_and(|t| t.traits.has(traits::STREAMING))
        });
        if streams {
            return Vec::new();
        }
        let encodings = trait_value.get("encodings").and_then(Value::as_array);
        encodings.into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
    }

    fn http_binding(&mut self, id: &str, shape: &Shape, input: &Structure) -> HttpBinding {
        let Some(http) = shape.traits.get(traits::HTTP) else {
            self.problems.push(Problem::shape(id, "restJson1 operations need the `smithy.api#http` trait"));
            return HttpBinding {
                method: "POST".into(),
                path: vec![PathSegment::Literal("/".into())],
                query_literals: Vec::new(),
                code: 200,
            };
        };
        let method = http.get("method").and_then(Value::as_str).unwrap_or("POST").to_owned();
        let code = http.get("code").and_then(Value::as_u64).and_then(|c| u16::try_from(c).ok()).unwrap_or(200);
        let uri = http.get("uri").and_then(Value::as_str).unwrap_or("/");
        let (path_text, query_text) = uri.split_once('?').unwrap_or((uri, ""));
        let mut path = Vec::new();
        let mut rest = path_text;
        let mut bound = BTreeSet::new();
        while let Some(start) = rest.find('{') {
            let Some(end) = rest[start..].find('}').map(|e| start + e) else {
                self.problems.push(Problem::shape(id, format!("unclosed label in URI `{uri}`")));
                break;
            };
            if start > 0 {
                path.push(PathSegment::Literal(rest[..start].to_owned()));
            }
            let label = &rest[start + 1..end];
            let (name, greedy) = label.strip_suffix('+').map_or((label, false), |n| (n, true));
            match input.members.iter().position(|m| m.wire_name == name && matches!(m.location, Location::Label { .. }))
            {
                Some(member) => {
                    bound.insert(member);
                    path.push(PathSegment::Label { member, greedy });
                }
                None => self
                    .problems
                    .push(Problem::shape(id, format!("URI label `{{{label}}}` has no input member with `@httpLabel`"))),
            }
            rest = &rest[end + 1..];
        }
        if !rest.is_empty() {
            path.push(PathSegment::Literal(rest.to_owned()));
        }
        for (i, member) in input.members.iter().enumerate() {
            if matches!(member.location, Location::Label { .. }) && !bound.contains(&i) {
                self.problems.push(Problem::member(
                    id,
                    &member.wire_name,
                    format!("`@httpLabel` member is not in the URI `{uri}`"),
                ));
            }
        }
        let query_literals = query_text
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| match pair.split_once('=') {
                Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
                None => (pair.to_owned(), None),
            })
            .collect();
        HttpBinding { method, path, query_literals, code }
    }

    fn pagination(&mut self, id: &str, shape: &Shape, input: &Structure, output: &Structure) -> Option<Pagination> {
        let own = shape.traits.get(traits::PAGINATED)?;
        // The service's `@paginated` supplies defaults for every operation's.
        let service_defaults = self
            .model
            .shapes
            .values()
            .find(|s| s.kind == ShapeKind::Service)
            .and_then(|s| s.traits.get(traits::PAGINATED));
        let field = |key: &str| {
            own.get(key)
                .or_else(|| service_defaults.and_then(|d| d.get(key)))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let find = |members: &[Member], name: &str| members.iter().position(|m| m.wire_name == name);
        let (Some(input_token), Some(output_token)) = (field("inputToken"), field("outputToken")) else { return None };
        let mut resolve = |members: &[Member], name: &str, what: &str| {
            let found = find(members, name);
            if found.is_none() {
                self.problems.push(Problem::shape(
                    id,
                    format!("`@paginated` {what} `{name}` is not a member (nested paths are not supported)"),
                ));
            }
            found
        };
        let input_token = resolve(&input.members, &input_token, "inputToken")?;
        let output_token = resolve(&output.members, &output_token, "outputToken")?;
        let page_size = match field("pageSize") {
            Some(name) => Some(resolve(&input.members, &name, "pageSize")?),
            None => None,
        };
        let items = match field("items") {
            Some(name) => Some(resolve(&output.members, &name, "items")?),
            None => {
                let collections: Vec<usize> = output
                    .members
                    .iter()
                    .enumerate()
                    .filter(|(i, m)| *i != output_token && matches!(m.ty, Type::List { .. } | Type::Map { .. }))
                    .map(|(i, _)| i)
                    .collect();
                (collections.len() == 1).then(|| collections[0])
            }
        };
        let name = shape_name(id);
        Some(Pagination {
            input_token,
            output_token,
            page_size,
            items,
            paginator: type_ident(&format!("{name}Paginator")),
            paginator_items: type_ident(&format!("{name}PaginatorItems")),
        })
    }

    fn structure(&mut self, id: &str, shape: &Shape, bindings: Bindings) -> Structure {
        // Problems name the model's own shape, not our synthetic copy of it.
        let reported = shape.traits.str(traits::SYNTHETIC_SOURCE).unwrap_or(id);
        let members: Vec<Member> =
            shape.members.iter().map(|(name, m)| self.member(id, reported, name, m, bindings)).collect();
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for member in &members {
            if let Some(other) = seen.insert(member.field.to_string(), &member.wire_name) {
                self.problems.push(Problem::member(
                    reported,
                    &member.wire_name,
                    format!("its Rust name `{}` collides with that of member `{other}`", member.field),
                ));
            }
        }
        let redacts = members.iter().any(|m| m.sensitive);
        let build_is_fallible = members.iter().any(|m| m.presence == Presence::Required && m.ty != Type::ByteStream);
        Structure { members, builder: type_ident(&format!("{}Builder", shape_name(id))), build_is_fallible, redacts }
    }

    fn error_shape(&mut self, id: &str, shape: &Shape) -> ErrorShape {
        let structure = self.structure(id, shape, Bindings::Response);
        let message_member = structure.members.iter().position(|m| {
            matches!(m.wire_name.to_ascii_lowercase().as_str(), "message" | "errormessage" | "exceptionmessage")
                && m.ty == Type::String
        });
        ErrorShape {
            structure,
            message_member,
            fault: shape.traits.str(traits::ERROR).unwrap_or("client").to_owned(),
            http_status: shape
                .traits
                .get(traits::HTTP_ERROR)
                .and_then(Value::as_u64)
                .and_then(|c| u16::try_from(c).ok()),
        }
    }

    fn enumeration(&mut self, id: &str, shape: &Shape) -> Enum {
        let int = shape.kind == ShapeKind::IntEnum;
        let mut variants: Vec<Variant> = Vec::new();
        for (name, member) in &shape.members {
            let value = match member.traits.get(traits::ENUM_VALUE) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                _ if int => {
                    self.problems.push(Problem::member(id, name, "intEnum members need an integer `@enumValue`"));
                    continue;
                }
                _ => name.clone(),
            };
            let mut ident = variant_ident(name);
            // `Unknown` is taken by the variant that keeps values this crate does not know.
            if ident.as_str() == "Unknown" {
                ident = variant_ident("UnknownValue");
            }
            if let Some(clash) = variants.iter().find(|v| v.name == ident) {
                self.problems.push(Problem::member(
                    id,
                    name,
                    format!("its variant name `{ident}` collides with that of value `{}`", clash.value),
                ));
            }
            variants.push(Variant {
                docs: self.docs_or(&member.traits, &format!("The `{value}` value.")),
                deprecated: deprecation(&member.traits),
                name: ident,
                value,
            });
        }
        Enum { variants, int }
    }

    fn union(&mut self, id: &str, shape: &Shape) -> Union {
        let structure = self.structure(id, shape, Bindings::Nested);
        let variants = structure
            .members
            .into_iter()
            .map(|mut member| {
                member.presence = Presence::Required;
                UnionVariant {
                    name: variant_ident(&member.wire_name),
                    as_fn: field_ident(&format!("as_{}", to_snake_case(&member.wire_name))),
                    is_fn: field_ident(&format!("is_{}", to_snake_case(&member.wire_name))),
                    member,
                }
            })
            .collect();
        Union { variants }
    }

    /// `id` is the shape holding the member; `owner` the shape named in problems.
    fn member(&mut self, id: &str, owner: &str, name: &str, m: &ModelMember, bindings: Bindings) -> Member {
        let target = &self.model.shapes[&m.target];
        let t = &m.traits;
        let is_input = bindings == Bindings::Input;
        let is_message = bindings != Bindings::Nested;
        // A binding trait where it does not apply is ignored: the member is in the body.
        let location = if is_input && t.has(traits::HTTP_LABEL) {
            let greedy = false; // decided by the URI pattern
            Location::Label { greedy }
        } else if let Some(q) = t.str(traits::HTTP_QUERY).filter(|_| is_input) {
            Location::Query(q.to_owned())
        } else if is_input && t.has(traits::HTTP_QUERY_PARAMS) {
            Location::QueryParams
        } else if let Some(h) = t.str(traits::HTTP_HEADER).filter(|_| is_message) {
            Location::Header(h.to_owned())
        } else if let Some(p) = t.str(traits::HTTP_PREFIX_HEADERS).filter(|_| is_message) {
            Location::PrefixHeaders(p.to_owned())
        } else if is_message && t.has(traits::HTTP_PAYLOAD) {
            Location::Payload
        } else if bindings == Bindings::Response && t.has(traits::HTTP_RESPONSE_CODE) {
            Location::ResponseCode
        } else {
            Location::Body
        };
        let default_format = match location {
            Location::Header(_) | Location::PrefixHeaders(_) => TimestampFormat::HttpDate,
            Location::Label { .. } | Location::Query(_) | Location::QueryParams => TimestampFormat::DateTime,
            _ => TimestampFormat::EpochSeconds,
        };
        let mut ty = self.type_of(owner, name, &m.target, t, default_format);
        let streaming = target.traits.has(traits::STREAMING) && ty == Type::Blob;
        if streaming && location == Location::Payload {
            ty = Type::ByteStream;
        }
        let boxed = self.boxed.contains(&(id.to_owned(), name.to_owned()));
        let required = t.has(traits::REQUIRED);
        let default = t.get(traits::DEFAULT).or_else(|| target.traits.get(traits::DEFAULT)).filter(|v| !v.is_null());
        // A streaming body's `@default("")` is the empty stream an absent body gives anyway.
        let default = default.filter(|_| ty != Type::ByteStream).and_then(|v| self.default_value(owner, name, v, &ty));
        // A default added after the member was published would change its Rust type; keep it an Option.
        let default = default.filter(|_| !t.has(traits::ADDED_DEFAULT));
        let presence = if ty == Type::ByteStream {
            // An absent body is an empty stream.
            Presence::Required
        } else if is_input || boxed || t.has(traits::CLIENT_OPTIONAL) {
            Presence::Optional
        } else if let Some(default) = default {
            Presence::Default(default)
        } else if required && !matches!(&ty, Type::Named(n) if n.kind == NamedKind::Union) && ty != Type::Document {
            Presence::Required
        } else {
            Presence::Optional
        };
        let sensitive = t.has(traits::SENSITIVE) || self.is_sensitive(&m.target);
        let mut docs =
            doc_lines(t.str(traits::DOCUMENTATION).or(target.traits.str(traits::DOCUMENTATION)).unwrap_or_default());
        if docs.is_empty() {
            docs.push(format!("The `{name}` member."));
        }
        let snake = to_snake_case(name);
        let media_type = target.traits.str("smithy.api#mediaType").map(str::to_owned);
        Member {
            wire_name: name.to_owned(),
            json_name: t.str(traits::JSON_NAME).unwrap_or(name).to_owned(),
            field: field_ident(name),
            set_fn: field_ident(&format!("set_{snake}")),
            get_fn: field_ident(&format!("get_{snake}")),
            docs,
            ty,
            presence,
            required,
            boxed,
            sensitive,
            location,
            deprecated: deprecation(t),
            idempotency_token: is_input && t.has(traits::IDEMPOTENCY_TOKEN),
            media_type,
            label_default: None,
        }
    }

    fn is_sensitive(&self, id: &str) -> bool {
        let Some(shape) = self.model.shapes.get(id) else { return false };
        if shape.traits.has(traits::SENSITIVE) {
            return true;
        }
        match shape.kind {
            ShapeKind::List | ShapeKind::Set => shape
                .member
                .as_ref()
                .is_some_and(|m| self.model.shapes.get(&m.target).is_some_and(|s| s.traits.has(traits::SENSITIVE))),
            ShapeKind::Map => shape
                .value
                .as_ref()
                .is_some_and(|m| self.model.shapes.get(&m.target).is_some_and(|s| s.traits.has(traits::SENSITIVE))),
            _ => false,
        }
    }

    fn type_of(
        &mut self,
        owner: &str,
        member: &str,
        target: &str,
        member_traits: &crate::model::Traits,
        default_format: TimestampFormat,
    ) -> Type {
        let shape = &self.model.shapes[target];
        let named = |kind: NamedKind, this: &Self| {
            Type::Named(Box::new(NamedType {
                path: this.path_of(target, shape),
                kind,
                ser_fn: ser_fn(target),
                de_fn: de_fn(target),
            }))
        };
        match shape.kind {
            ShapeKind::String => Type::String,
            ShapeKind::Boolean => Type::Boolean,
            ShapeKind::Byte => Type::Byte,
            ShapeKind::Short => Type::Short,
            ShapeKind::Integer => Type::Integer,
            ShapeKind::Long => Type::Long,
            ShapeKind::Float => Type::Float,
            ShapeKind::Double => Type::Double,
            ShapeKind::BigInteger => Type::BigInteger,
            ShapeKind::BigDecimal => Type::BigDecimal,
            ShapeKind::Blob => Type::Blob,
            ShapeKind::Document => Type::Document,
            ShapeKind::Timestamp => {
                let format = member_traits.str(traits::TIMESTAMP_FORMAT).or(shape.traits.str(traits::TIMESTAMP_FORMAT));
                Type::Timestamp(match format {
                    Some("date-time") => TimestampFormat::DateTime,
                    Some("http-date") => TimestampFormat::HttpDate,
                    Some("epoch-seconds") => TimestampFormat::EpochSeconds,
                    _ => default_format,
                })
            }
            ShapeKind::Enum => named(NamedKind::Enum, self),
            ShapeKind::IntEnum => named(NamedKind::IntEnum, self),
            ShapeKind::Union => named(NamedKind::Union, self),
            // Only a union member may target `smithy.api#Unit`: it becomes a unit variant.
            ShapeKind::Structure if shape.traits.has(traits::UNIT_TYPE) => Type::Unit,
            ShapeKind::Structure => named(NamedKind::Structure, self),
            ShapeKind::List | ShapeKind::Set => {
                let item = shape.member.clone().expect("checked by normalize::check_targets");
                let inner = self.type_of(owner, member, &item.target, &item.traits, default_format);
                Type::List { item: Box::new(inner), sparse: shape.traits.has(traits::SPARSE) }
            }
            ShapeKind::Map => {
                let value = shape.value.clone().expect("checked by normalize::check_targets");
                let inner = self.type_of(owner, member, &value.target, &value.traits, default_format);
                Type::Map { value: Box::new(inner), sparse: shape.traits.has(traits::SPARSE) }
            }
            ShapeKind::Service | ShapeKind::Operation | ShapeKind::Resource | ShapeKind::Apply => {
                self.problems.push(Problem::member(
                    owner,
                    member,
                    format!("a member cannot target the {:?} shape `{target}`", shape.kind),
                ));
                Type::String
            }
        }
    }

    fn default_value(&mut self, owner: &str, member: &str, value: &Value, ty: &Type) -> Option<DefaultValue> {
        let found = match (ty, value) {
            (Type::Boolean, Value::Bool(b)) => Some(DefaultValue::Bool(*b)),
            (Type::Byte | Type::Short | Type::Integer | Type::Long, Value::Number(n)) => {
                n.as_i64().map(DefaultValue::Int)
            }
            (Type::Float | Type::Double, Value::Number(n)) => n.as_f64().map(DefaultValue::Float),
            (Type::String | Type::BigInteger | Type::BigDecimal | Type::Blob, Value::String(s)) => {
                Some(DefaultValue::String(s.clone()))
            }
            (Type::Named(n), Value::String(s)) if n.kind == NamedKind::Enum => Some(DefaultValue::String(s.clone())),
            (Type::Named(n), Value::Number(v)) if n.kind == NamedKind::IntEnum => v.as_i64().map(DefaultValue::Int),
            (Type::Timestamp(_), Value::Number(n)) => n.as_f64().map(DefaultValue::Timestamp),
            (Type::List { .. }, Value::Array(a)) if a.is_empty() => Some(DefaultValue::EmptyList),
            (Type::Map { .. }, Value::Object(o)) if o.is_empty() => Some(DefaultValue::EmptyMap),
            (Type::Document, value) => Some(DefaultValue::Document(value.to_string())),
            _ => {
                self.problems.push(Problem::member(owner, member, format!("unsupported `@default` value {value}")));
                None
            }
        };
        found
    }
}

fn deprecation(traits: &crate::model::Traits) -> Option<String> {
    let value = traits.get(traits::DEPRECATED)?;
    let message = value.get("message").and_then(Value::as_str);
    let since = value.get("since").and_then(Value::as_str);
    Some(match (message, since) {
        (Some(m), Some(s)) => format!("{m} (since {s})"),
        (Some(m), None) => m.to_owned(),
        (None, Some(s)) => format!("deprecated since {s}"),
        (None, None) => "deprecated".to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_cases_written_for_an_older_partitions_table_are_ignored() {
        let case = |region: &str, dual_stack: bool, expect: &str| {
            let text = format!(
                r#"{{"params":{{"Region":"{region}","UseFIPS":false,"UseDualStack":{dual_stack}}},"expect":{expect}}}"#
            );
            stale_partition_case(&serde_json::from_str(&text).unwrap(), false)
        };
        let old_error = r#"{"error":"DualStack is enabled but this partition does not support DualStack"}"#;
        let both = r#"{"error":"FIPS and DualStack are enabled, but this partition does not support one or both"}"#;
        assert!(case("us-iso-east-1", true, old_error).is_some_and(|r| r.contains("us-iso-east-1")));
        assert!(case("us-isob-east-1", true, both).is_some());
        assert!(case("eu-isoe-west-1", true, old_error).is_some());
        let old_url = r#"{"endpoint":{"url":"https://svc.us-isof-south-1.csp.hci.ic.gov"}}"#;
        assert!(case("us-isof-south-1", true, old_url).is_some());
        // Written for the newer table, without dual stack, or outside those partitions: run.
        let new_url = r#"{"endpoint":{"url":"https://svc.us-iso-east-1.api.aws.ic.gov"}}"#;
        assert_eq!(case("us-iso-east-1", true, new_url), None);
        let plain = r#"{"endpoint":{"url":"https://svc.us-iso-east-1.c2s.ic.gov"}}"#;
        assert_eq!(case("us-iso-east-1", false, plain), None);
        assert_eq!(case("us-east-1", true, old_error), None);
        assert_eq!(case("cn-north-1", true, old_error), None);
        // A dual-stack-only rule set (no `UseDualStack` parameter): its old endpoints are stale.
        let text = r#"{"params":{"Region":"us-iso-east-1"},"expect":{"endpoint":{"url":"https://s.us-iso-east-1.c2s.ic.gov"}}}"#;
        let case: Value = serde_json::from_str(text).unwrap();
        assert!(stale_partition_case(&case, true).is_some());
        assert_eq!(stale_partition_case(&case, false), None);
    }

    /// Lowers a restJson1 service `a.b#Svc` whose operations and shapes are `shapes` (JSON AST
    /// entries) and whose operation list is `operations`.
    fn lower_service(operations: &[&str], shapes: &str) -> Result<Crate, Vec<Problem>> {
        let targets: Vec<String> = operations.iter().map(|o| format!(r#"{{"target":"a.b#{o}"}}"#)).collect();
        let text = format!(
            r#"{{"smithy":"2.0","shapes":{{"a.b#Svc":{{"type":"service","version":"1","operations":[{}],
            "traits":{{"aws.protocols#restJson1":{{}}}}}},{shapes}}}}}"#,
            targets.join(",")
        );
        let mut model = crate::model::load(&text).expect("a valid JSON AST");
        let service = crate::normalize::normalize(&mut model, None)?;
        lower(&model, &service, "svc")
    }

    const INPUT: &str = r#""a.b#In":{"type":"structure","members":{
        "label":{"target":"smithy.api#String","traits":{"smithy.api#required":{},"smithy.api#hostLabel":{}}},
        "plain":{"target":"smithy.api#String"},
        "data":{"target":"a.b#Data","traits":{"smithy.api#httpPayload":{}}}}},
        "a.b#Data":{"type":"blob","traits":{"smithy.api#streaming":{}}}"#;

    fn op(name: &str, traits: &str, input: Option<&str>) -> String {
        let input = input.map(|i| format!(r#","input":{{"target":"a.b#{i}"}}"#)).unwrap_or_default();
        format!(
            r#""a.b#{name}":{{"type":"operation"{input},"traits":{{"smithy.api#http":{{"method":"POST","uri":"/{name}"}}{traits}}}}}"#
        )
    }

    #[test]
    fn behaviour_traits_are_lowered() {
        let shapes = [
            op("Plain", "", None),
            op("Prefixed", r#","smithy.api#endpoint":{"hostPrefix":"foo.{label}.x."}"#, Some("In")),
            op("Checked", r#","smithy.api#httpChecksumRequired":{}"#, None),
            op("Compressed", r#","smithy.api#requestCompression":{"encodings":["br","gzip"]}"#, None),
            op("Streamed", r#","smithy.api#requestCompression":{"encodings":["gzip"]}"#, Some("In")),
            INPUT.to_owned(),
        ];
        let krate = lower_service(&["Plain", "Prefixed", "Checked", "Compressed", "Streamed"], &shapes.join(","))
            .expect("a valid model");
        let op = |name: &str| krate.operations.iter().find(|o| o.wire_name == name).expect("the operation");
        let plain = op("Plain");
        assert_eq!((&plain.host_prefix, plain.checksum_required), (&None, false));
        assert!(plain.request_compression.is_empty());
        assert_eq!(
            op("Prefixed").host_prefix,
            Some(vec![
                HostPrefixSegment::Literal("foo.".into()),
                HostPrefixSegment::Label(0),
                HostPrefixSegment::Literal(".x.".into()),
            ])
        );
        assert!(op("Checked").checksum_required);
        assert_eq!(op("Compressed").request_compression, ["br", "gzip"]);
        assert!(op("Streamed").request_compression.is_empty(), "a streaming payload is never compressed");
    }

    #[test]
    fn a_host_prefix_label_must_be_a_host_label_member() {
        let shapes = [op("Bad", r#","smithy.api#endpoint":{"hostPrefix":"{plain}.{missing}.{label"}"#, Some("In"))];
        let problems = lower_service(&["Bad"], &format!("{},{INPUT}", shapes[0])).unwrap_err();
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(text.len(), 3, "{text:#?}");
        assert!(text.iter().any(|p| p.contains("`{plain}` has no input string member with `@hostLabel`")), "{text:#?}");
        assert!(text.iter().any(|p| p.contains("`{missing}`")), "{text:#?}");
        assert!(text.iter().any(|p| p.contains("unclosed label in host prefix")), "{text:#?}");
    }
}
