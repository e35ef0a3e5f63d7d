//! C# by tree-sitter: classes, structs, interfaces, enums, records and delegates declared outside other
//! types (in block or file-scoped namespaces, or none), named without their namespace; the methods and
//! constructors of their bodies named `Type.method`; top-level statements' local functions as functions.
//! Imports: each `using` and `global using` directive's namespace or type (an alias's target).

use tree_sitter::Node;

use super::{compact, named_children, text, Reading};
use gap_core::SymbolKind;

const TYPES: &[&str] = &[
    "class_declaration",
    "struct_declaration",
    "interface_declaration",
    "enum_declaration",
    "record_declaration",
    "record_struct_declaration",
    "delegate_declaration",
];

/// Reads a compilation unit.
pub fn read(root: Node, src: &str, r: &mut Reading) {
    scope(root, src, r);
}

/// The members of a type's body, those under `#if` / `#elif` / `#else` included (both sides are read, as
/// gap reads them).
fn members(body: Node) -> Vec<Node> {
    let mut out = Vec::new();
    for m in named_children(body) {
        if matches!(m.kind(), "preproc_if" | "preproc_elif" | "preproc_else") {
            out.extend(members(m));
        } else {
            out.push(m);
        }
    }
    out
}

fn scope(n: Node, src: &str, r: &mut Reading) {
    for c in named_children(n) {
        match c.kind() {
            "namespace_declaration"
            | "file_scoped_namespace_declaration"
            | "declaration_list"
            | "preproc_if"
            | "preproc_elif"
            | "preproc_else" => scope(c, src, r),
            "using_directive" => {
                // `using A = X.Y;` names X.Y; `using X.Y;`, `using static X.Y;`, `global using X;`.
                let target = named_children(c)
                    .into_iter()
                    .rfind(|k| k.kind() != "comment");
                if let Some(t) = target {
                    r.import(compact(t, src), c, "using_directive");
                }
            }
            "global_statement" => {
                for s in named_children(c) {
                    if s.kind() == "local_function_statement" {
                        if let Some(name) = s.child_by_field_name("name") {
                            r.def(text(name, src).into(), SymbolKind::Function, name, s.kind());
                        }
                    }
                }
            }
            k if TYPES.contains(&k) => {
                let Some(name) = c.child_by_field_name("name") else {
                    continue;
                };
                let ty = text(name, src);
                r.def(ty.into(), SymbolKind::Class, name, k);
                if let Some(body) = c.child_by_field_name("body") {
                    for m in members(body) {
                        if matches!(m.kind(), "method_declaration" | "constructor_declaration") {
                            if let Some(n) = m.child_by_field_name("name") {
                                let full = format!("{ty}.{}", text(n, src));
                                r.def(full, SymbolKind::Method, n, m.kind());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
}
