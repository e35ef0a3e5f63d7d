//! Python by tree-sitter: functions and classes not inside another function or class (blocks of `if`,
//! `try`, `with`, `for`, `while` and `match` do not nest), methods likewise directly in a top-level class's
//! body; every import statement, anywhere.

use tree_sitter::Node;

use super::{compact, named_children, text, Reading};
use gap_core::SymbolKind;

/// Reads a module.
pub fn read(root: Node, src: &str, r: &mut Reading) {
    defs(root, src, None, r);
    imports(root, src, r);
}

/// Definitions under `n`, stopping at each function or class; `class` is the enclosing top-level class.
fn defs(n: Node, src: &str, class: Option<&str>, r: &mut Reading) {
    for c in named_children(n) {
        let def = if c.kind() == "decorated_definition" {
            c.child_by_field_name("definition")
        } else {
            Some(c)
        };
        let Some(d) =
            def.filter(|d| matches!(d.kind(), "function_definition" | "class_definition"))
        else {
            if !c.kind().ends_with("expression") {
                defs(c, src, class, r);
            }
            continue;
        };
        let Some(name) = d.child_by_field_name("name") else {
            continue;
        };
        let name_text = text(name, src);
        let is_class = d.kind() == "class_definition";
        match (class, is_class) {
            (None, false) => r.def(name_text.into(), SymbolKind::Function, d, d.kind()),
            (None, true) => {
                r.def(name_text.into(), SymbolKind::Class, d, d.kind());
                if let Some(body) = d.child_by_field_name("body") {
                    defs(body, src, Some(name_text), r);
                }
            }
            (Some(cls), false) => r.def(
                format!("{cls}.{name_text}"),
                SymbolKind::Method,
                d,
                "function_definition in class",
            ),
            (Some(_), true) => {} // a nested class and its methods are not definitions
        }
    }
}

/// Every import statement under `n`.
fn imports(n: Node, src: &str, r: &mut Reading) {
    match n.kind() {
        "import_statement" => {
            for name in n.children_by_field_name("name", &mut n.walk()) {
                let module = if name.kind() == "aliased_import" {
                    name.child_by_field_name("name").unwrap_or(name)
                } else {
                    name
                };
                r.import(compact(module, src), n, "import_statement");
            }
        }
        "import_from_statement" => {
            if let Some(m) = n.child_by_field_name("module_name") {
                r.import(compact(m, src), n, "import_from_statement");
            }
        }
        "future_import_statement" => r.import("__future__".into(), n, "future_import_statement"),
        _ => {
            for c in named_children(n) {
                imports(c, src, r);
            }
        }
    }
}
