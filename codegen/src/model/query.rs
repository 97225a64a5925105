//! Read-only queries on a [`Model`]: its services, a service's operations and shapes, cycles.

use super::{Model, ShapeKind};
use std::collections::BTreeSet;

impl Model {
    /// The ids of the model's service shapes, sorted.
    pub fn services(&self) -> Vec<&str> {
        self.shapes.iter().filter(|(_, s)| s.kind == ShapeKind::Service).map(|(id, _)| id.as_str()).collect()
    }

    /// Every operation of `service`, directly or through its resources, sorted by id.
    pub fn operations_of(&self, service: &str) -> Vec<String> {
        let mut found = BTreeSet::new();
        let mut resources: Vec<String> = Vec::new();
        let root = &self.shapes[service];
        found.extend(root.operations.iter().map(|t| t.target.clone()));
        resources.extend(root.resources.iter().map(|t| t.target.clone()));
        let mut seen = BTreeSet::new();
        while let Some(resource) = resources.pop() {
            if !seen.insert(resource.clone()) {
                continue;
            }
            let Some(shape) = self.shapes.get(&resource) else { continue };
            let lifecycle = [&shape.create, &shape.put, &shape.read, &shape.update, &shape.delete, &shape.list];
            found.extend(lifecycle.into_iter().flatten().map(|t| t.target.clone()));
            found.extend(shape.operations.iter().chain(&shape.collection_operations).map(|t| t.target.clone()));
            resources.extend(shape.resources.iter().map(|t| t.target.clone()));
        }
        found.into_iter().filter(|id| self.shapes.get(id).is_some_and(|s| s.kind == ShapeKind::Operation)).collect()
    }

    /// Every shape reachable from the operations of `service` (their inputs, outputs and
    /// errors), following members; the members of an enum are not followed.
    pub fn reachable_shapes(&self, service: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<String> = Vec::new();
        for op in self.operations_of(service) {
            let shape = &self.shapes[&op];
            stack.extend(shape.input.iter().chain(shape.output.iter()).chain(&shape.errors).map(|t| t.target.clone()));
        }
        while let Some(id) = stack.pop() {
            if !seen.insert(id.clone()) {
                continue;
            }
            let Some(shape) = self.shapes.get(&id) else { continue };
            if matches!(shape.kind, ShapeKind::Enum | ShapeKind::IntEnum) {
                continue;
            }
            stack.extend(shape.members.iter().map(|(_, m)| m.target.clone()));
            stack.extend([&shape.member, &shape.key, &shape.value].into_iter().flatten().map(|m| m.target.clone()));
        }
        seen
    }

    /// The members, as (shape id, member name), that must be boxed because they close a cycle
    /// of structures or unions.
    pub fn recursive_members(&self) -> BTreeSet<(String, String)> {
        // An edge of the graph is a member that holds its target inline (not through a list or
        // map, which are already on the heap).
        let edges = |id: &str| -> Vec<(String, String)> {
            let Some(shape) = self.shapes.get(id) else { return Vec::new() };
            if !matches!(shape.kind, ShapeKind::Structure | ShapeKind::Union) {
                return Vec::new();
            }
            shape
                .members
                .iter()
                .filter(|(_, m)| {
                    self.shapes
                        .get(&m.target)
                        .is_some_and(|t| matches!(t.kind, ShapeKind::Structure | ShapeKind::Union))
                })
                .map(|(name, m)| (name.clone(), m.target.clone()))
                .collect()
        };
        let mut boxed = BTreeSet::new();
        // Depth-first search in id order; a member reaching a shape on the current path is boxed.
        fn visit(
            id: &str,
            edges: &dyn Fn(&str) -> Vec<(String, String)>,
            path: &mut Vec<String>,
            done: &mut BTreeSet<String>,
            boxed: &mut BTreeSet<(String, String)>,
        ) {
            if done.contains(id) {
                return;
            }
            path.push(id.to_owned());
            for (member, target) in edges(id) {
                if path.contains(&target) {
                    boxed.insert((id.to_owned(), member));
                } else {
                    visit(&target, edges, path, done, boxed);
                }
            }
            path.pop();
            done.insert(id.to_owned());
        }
        let mut done = BTreeSet::new();
        for id in self.shapes.keys() {
            visit(id, &edges, &mut Vec::new(), &mut done, &mut boxed);
        }
        boxed
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{load, Model};

    fn model(shapes: &str) -> Model {
        load(&format!(r#"{{"smithy":"2.0","shapes":{{{shapes}}}}}"#)).unwrap()
    }

    #[test]
    fn services_are_listed_sorted() {
        let m = model(r#""a.b#Zeta":{"type":"service"},"a.b#Alpha":{"type":"service"},"a.b#Op":{"type":"operation"}"#);
        assert_eq!(m.services(), ["a.b#Alpha", "a.b#Zeta"]);
        assert!(model("").services().is_empty());
    }

    #[test]
    fn operations_are_found_through_resources() {
        let m = model(
            r#""a.b#Svc":{"type":"service","resources":[{"target":"a.b#R"}]},
            "a.b#R":{"type":"resource","read":{"target":"a.b#Get"},"collectionOperations":[{"target":"a.b#Act"}],"resources":[{"target":"a.b#Child"}]},
            "a.b#Child":{"type":"resource","delete":{"target":"a.b#Del"}},
            "a.b#Get":{"type":"operation"},"a.b#Act":{"type":"operation"},"a.b#Del":{"type":"operation"}"#,
        );
        assert_eq!(m.operations_of("a.b#Svc"), ["a.b#Act", "a.b#Del", "a.b#Get"]);
    }

    #[test]
    fn reachable_shapes_follow_members_but_not_enum_members() {
        let m = model(
            r#""a.b#Svc":{"type":"service","operations":[{"target":"a.b#Op"}]},
            "a.b#Op":{"type":"operation","input":{"target":"a.b#In"},"errors":[{"target":"a.b#Boom"}]},
            "a.b#In":{"type":"structure","members":{"tags":{"target":"a.b#Tags"},"mode":{"target":"a.b#Mode"}}},
            "a.b#Tags":{"type":"map","key":{"target":"smithy.api#String"},"value":{"target":"a.b#Tag"}},
            "a.b#Tag":{"type":"structure","members":{}},
            "a.b#Mode":{"type":"enum","members":{"ON":{"target":"a.b#NotFollowed"}}},
            "a.b#NotFollowed":{"type":"structure","members":{}},
            "a.b#Boom":{"type":"structure","members":{},"traits":{"smithy.api#error":"client"}},
            "a.b#Unused":{"type":"structure","members":{}}"#,
        );
        let reachable = m.reachable_shapes("a.b#Svc");
        let expected = ["a.b#Boom", "a.b#In", "a.b#Mode", "a.b#Tag", "a.b#Tags", "smithy.api#String"];
        assert_eq!(reachable.iter().map(String::as_str).collect::<Vec<_>>(), expected);
    }

    #[test]
    fn cycles_are_broken_once() {
        let m = model(
            r#""a.b#Node":{"type":"structure","members":{"next":{"target":"a.b#Node"},"kids":{"target":"a.b#Nodes"}}},
            "a.b#Nodes":{"type":"list","member":{"target":"a.b#Node"}},
            "a.b#A":{"type":"structure","members":{"b":{"target":"a.b#B"}}},
            "a.b#B":{"type":"union","members":{"a":{"target":"a.b#A"}}}"#,
        );
        let boxed = m.recursive_members();
        assert!(boxed.contains(&("a.b#Node".into(), "next".into())));
        assert!(!boxed.iter().any(|(_, member)| member == "kids"), "lists already break cycles");
        assert_eq!(boxed.iter().filter(|(s, _)| s == "a.b#A" || s == "a.b#B").count(), 1);
    }
}
