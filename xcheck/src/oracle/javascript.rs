//! JavaScript and TypeScript by tree-sitter: at the top level (through `export`, `export default` and
//! `declare`), function and class declarations, `const`/`let`/`var` bound to a function or arrow, and
//! `module.exports = function|class` (named `default` when anonymous), `OBJ.NAME = function|arrow|class`
//! statements where OBJ is `exports`, `module.exports` or a name declared at the top (NAME), and
//! `X.prototype.NAME = ...` (method `X.NAME`); methods of those classes (`get`/`set`/`static`/`async`/
//! `#private` too, abstract ones included; overload signatures and computed names are not definitions,
//! nor are named function expressions passed to a call, `defineGetter(req, 'host', function host() {})`,
//! or assigned to a property of an object the module does not declare: values, not declarations). Imports: `import`/`export ... from`
//! statements, and `require('x')` and `import('x')` with a literal, anywhere.

use std::collections::BTreeSet;

use tree_sitter::Node;

use super::{named_children, text, Reading};
use gap_core::SymbolKind;

/// Reads a program.
pub fn read(root: Node, src: &str, r: &mut Reading) {
    let mut declared = BTreeSet::new();
    for c in named_children(root) {
        declarations(c, src, &mut declared);
    }
    for c in named_children(root) {
        top_level(c, src, &declared, r);
        if matches!(c.kind(), "import_statement" | "export_statement") {
            if let Some(s) = source(c) {
                r.import(string(s, src), c, c.kind());
            }
        }
    }
    calls(root, src, r);
}

/// `import x from 's'` / `import x = require('s')` / `export * from 's'`: the source string.
fn source(n: Node) -> Option<Node> {
    n.child_by_field_name("source").or_else(|| {
        named_children(n)
            .into_iter()
            .find(|c| c.kind() == "import_require_clause")
            .and_then(|c| c.child_by_field_name("source"))
    })
}

/// The contents of a string or plain template literal.
fn string(n: Node, src: &str) -> String {
    let t = text(n, src);
    t.get(1..t.len().saturating_sub(1))
        .unwrap_or("")
        .to_string()
}

/// Names a top-level statement declares: each plain name of `var`/`let`/`const`, a function or class
/// declaration's (through `export` and `declare`).
fn declarations<'a>(n: Node, src: &'a str, out: &mut BTreeSet<&'a str>) {
    match n.kind() {
        "export_statement" | "ambient_declaration" => {
            for c in named_children(n) {
                declarations(c, src, out);
            }
        }
        "lexical_declaration" | "variable_declaration" => {
            for d in named_children(n) {
                if let Some(name) = d
                    .child_by_field_name("name")
                    .filter(|x| x.kind() == "identifier")
                {
                    out.insert(text(name, src));
                }
            }
        }
        "function_declaration"
        | "generator_function_declaration"
        | "class_declaration"
        | "abstract_class_declaration" => {
            if let Some(name) = n.child_by_field_name("name") {
                out.insert(text(name, src));
            }
        }
        _ => {}
    }
}

fn top_level(n: Node, src: &str, declared: &BTreeSet<&str>, r: &mut Reading) {
    match n.kind() {
        "export_statement" | "ambient_declaration" => {
            for c in named_children(n) {
                top_level(c, src, declared, r);
            }
        }
        // A bare signature is an overload, not a definition; under `declare` it is the definition.
        "function_declaration" | "generator_function_declaration" | "function_signature"
            if n.kind() != "function_signature"
                || n.parent()
                    .is_some_and(|p| p.kind() == "ambient_declaration") =>
        {
            if let Some(name) = n.child_by_field_name("name") {
                r.def(text(name, src).into(), SymbolKind::Function, name, n.kind());
            }
        }
        "class_declaration" | "abstract_class_declaration" => {
            if let Some(name) = n.child_by_field_name("name") {
                r.def(text(name, src).into(), SymbolKind::Class, name, n.kind());
                if let Some(body) = n.child_by_field_name("body") {
                    methods(body, text(name, src), src, r);
                }
            }
        }
        "lexical_declaration" | "variable_declaration" => {
            for d in named_children(n) {
                let value = d.child_by_field_name("value");
                if let Some(v) = value.filter(|v| v.kind() == "assignment_expression") {
                    module_exports(v, src, r); // var proto = module.exports = function () {}
                }
                if d.kind() == "variable_declarator" && value.is_some_and(is_function) {
                    if let Some(name) = d
                        .child_by_field_name("name")
                        .filter(|x| x.kind() == "identifier")
                    {
                        r.def(
                            text(name, src).into(),
                            SymbolKind::Function,
                            name,
                            "variable_declarator = function",
                        );
                    }
                }
            }
        }
        "expression_statement" => {
            if let Some(a) = named_children(n).into_iter().next() {
                module_exports(a, src, r);
                property_definition(a, src, declared, r);
            }
        }
        _ => {}
    }
}

/// `module.exports = function|class` (through `a = module.exports = ...` chains): the module's default
/// export, named by the function or class, else `default`.
fn module_exports(mut a: Node, src: &str, r: &mut Reading) {
    while a.kind() == "assignment_expression" {
        let (Some(left), Some(right)) = (
            a.child_by_field_name("left"),
            a.child_by_field_name("right"),
        ) else {
            return;
        };
        if super::compact(left, src) != "module.exports" {
            a = right;
            continue;
        }
        let kind = match right.kind() {
            "function_expression" | "function" | "generator_function" => SymbolKind::Function,
            "class" => SymbolKind::Class,
            _ => return,
        };
        let name = right.child_by_field_name("name");
        let label = name.map_or("default", |x| text(x, src));
        r.def(
            label.into(),
            kind,
            name.unwrap_or(right),
            "module.exports = function|class",
        );
        if kind == SymbolKind::Class {
            if let Some(body) = right.child_by_field_name("body") {
                methods(body, label, src, r);
            }
        }
        return;
    }
}

/// `OBJ.NAME = function|arrow|class` where OBJ is `exports`, `module.exports` or a name the module declares:
/// NAME; `X.prototype.NAME = ...`: method `X.NAME`.
fn property_definition(a: Node, src: &str, declared: &BTreeSet<&str>, r: &mut Reading) {
    if a.kind() != "assignment_expression" {
        return;
    }
    let (Some(left), Some(right)) = (
        a.child_by_field_name("left"),
        a.child_by_field_name("right"),
    ) else {
        return;
    };
    let (Some(object), Some(property)) = (
        left.child_by_field_name("object")
            .filter(|_| left.kind() == "member_expression"),
        left.child_by_field_name("property"),
    ) else {
        return;
    };
    if property.kind() != "property_identifier" {
        return;
    }
    let name = text(property, src);
    let kind = if is_function(right) {
        SymbolKind::Function
    } else if right.kind() == "class" {
        SymbolKind::Class
    } else {
        return;
    };
    let path = super::compact(object, src);
    let constructor = path
        .strip_suffix(".prototype")
        .filter(|x| object.kind() == "member_expression" && !x.contains('.'));
    if let Some(x) = constructor {
        let label = format!("{x}.{name}");
        r.def(
            label,
            SymbolKind::Method,
            property,
            "X.prototype.NAME = function",
        );
        return;
    }
    let module_object = path == "exports"
        || path == "module.exports"
        || (object.kind() == "identifier" && declared.contains(path.as_str()));
    if !module_object {
        return;
    }
    r.def(name.into(), kind, property, "OBJ.NAME = function|class");
    if kind == SymbolKind::Class {
        if let Some(body) = right.child_by_field_name("body") {
            methods(body, name, src, r);
        }
    }
}

/// A function or arrow, parentheses around it allowed.
fn is_function(mut n: Node) -> bool {
    while n.kind() == "parenthesized_expression" {
        match named_children(n).into_iter().next() {
            Some(inner) => n = inner,
            None => return false,
        }
    }
    matches!(
        n.kind(),
        "arrow_function" | "function_expression" | "function" | "generator_function"
    )
}

/// Methods of a class body.
fn methods(body: Node, class: &str, src: &str, r: &mut Reading) {
    for m in named_children(body) {
        if !matches!(m.kind(), "method_definition" | "abstract_method_signature") {
            continue;
        }
        let Some(name) = m.child_by_field_name("name") else {
            continue;
        };
        let word = match name.kind() {
            "property_identifier" => text(name, src),
            "private_property_identifier" => text(name, src).trim_start_matches('#'),
            _ => continue, // computed, string and number names
        };
        r.def(
            format!("{class}.{word}"),
            SymbolKind::Method,
            name,
            m.kind(),
        );
    }
}

/// `require('x')` and `import('x')` anywhere.
fn calls(n: Node, src: &str, r: &mut Reading) {
    let mut stack = vec![n];
    while let Some(n) = stack.pop() {
        if n.kind() == "call_expression" {
            let f = n.child_by_field_name("function");
            let is_load = f.is_some_and(|f| {
                f.kind() == "import" || (f.kind() == "identifier" && text(f, src) == "require")
            });
            let arg = n
                .child_by_field_name("arguments")
                .and_then(|a| named_children(a).into_iter().next())
                .filter(|a| {
                    a.kind() == "string"
                        || (a.kind() == "template_string"
                            && !named_children(*a)
                                .iter()
                                .any(|c| c.kind() == "template_substitution"))
                });
            if let (true, Some(f), Some(a)) = (is_load, f, arg) {
                r.import(
                    string(a, src),
                    f,
                    if f.kind() == "import" {
                        "import()"
                    } else {
                        "require()"
                    },
                );
            }
        }
        stack.extend(named_children(n).into_iter().rev());
    }
}
