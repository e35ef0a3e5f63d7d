//! Kotlin by tree-sitter (`tree-sitter-kotlin-ng`): top-level classes, interfaces, enum classes and objects;
//! top-level functions (extension functions by their own name); functions of those types' bodies named
//! `Type.method` (constructors are not methods, as gap reads Kotlin). Names lose their backquotes. Imports:
//! each path (`a.b.*` for a wildcard, `import a.B as C` as `a.B`).
//!
//! The grammar misreads some declarations without an ERROR node (`@A annotation class X` on one line as an
//! expression, a class body after `by delegate` as a lambda); [`unsure`] reports those files so they are
//! counted with the reference's errors.

use tree_sitter::Node;

use super::{children, compact, line, named_children, Reading};
use gap_core::SymbolKind;

/// A declaration's name without backquotes.
fn text<'a>(n: Node, src: &'a str) -> &'a str {
    super::text(n, src).trim_matches('`')
}

/// Where the grammar read a declaration as something else: a top-level expression (a `.kt` file holds
/// none), or a lambda in a class header (its body after `by delegate`).
pub fn unsure(root: Node) -> Option<u64> {
    for c in named_children(root) {
        if !matches!(
            c.kind(),
            "class_declaration"
                | "object_declaration"
                | "function_declaration"
                | "property_declaration"
                | "type_alias"
                | "import"
                | "package_header"
                | "file_annotation"
                | "shebang"
                | "line_comment"
                | "block_comment"
        ) {
            return Some(line(c));
        }
        let mut stack = vec![c];
        while let Some(n) = stack.pop() {
            if n.kind() == "lambda_literal"
                && n.parent().is_some_and(|p| p.kind() != "function_body")
                && has_ancestor(n, "delegation_specifiers")
            {
                return Some(line(n));
            }
            if matches!(n.kind(), "class_body" | "function_body" | "enum_class_body") {
                continue;
            }
            stack.extend(named_children(n));
        }
    }
    None
}

fn has_ancestor(mut n: Node, kind: &str) -> bool {
    while let Some(p) = n.parent() {
        if p.kind() == kind {
            return true;
        }
        n = p;
    }
    false
}

/// The construct of a method, for grouping: extension and generic functions apart.
fn method_construct(m: Node) -> &'static str {
    let kids = named_children(m);
    let name_at = kids
        .iter()
        .position(|k| Some(*k) == m.child_by_field_name("name"));
    let before = &kids[..name_at.unwrap_or(0)];
    if before
        .iter()
        .any(|k| !matches!(k.kind(), "modifiers" | "type_parameters"))
    {
        "extension function in class"
    } else if before.iter().any(|k| k.kind() == "type_parameters") {
        "generic function in class"
    } else {
        "function_declaration in class"
    }
}

/// Reads a source file.
pub fn read(root: Node, src: &str, r: &mut Reading) {
    for c in named_children(root) {
        match c.kind() {
            "class_declaration" | "object_declaration" => {
                let Some(name) = c.child_by_field_name("name") else {
                    continue;
                };
                let ty = text(name, src);
                r.def(ty.into(), SymbolKind::Class, name, c.kind());
                for body in named_children(c) {
                    if matches!(body.kind(), "class_body" | "enum_class_body") {
                        for m in named_children(body) {
                            if m.kind() == "function_declaration" {
                                if let Some(n) = m.child_by_field_name("name") {
                                    let full = format!("{ty}.{}", text(n, src));
                                    r.def(full, SymbolKind::Method, n, method_construct(m));
                                }
                            }
                        }
                    }
                }
            }
            "function_declaration" => {
                if let Some(n) = c.child_by_field_name("name") {
                    r.def(text(n, src).into(), SymbolKind::Function, n, c.kind());
                }
            }
            "import" => {
                let mut path = String::new();
                let mut wildcard = false;
                for k in children(c) {
                    match k.kind() {
                        "qualified_identifier" | "identifier" if path.is_empty() => {
                            path = compact(k, src)
                        }
                        "*" => wildcard = true,
                        _ => {}
                    }
                }
                if wildcard {
                    path.push_str(".*");
                }
                r.import(path, c, "import");
            }
            _ => {}
        }
    }
}
