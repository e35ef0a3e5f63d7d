//! Java by tree-sitter: top-level classes, interfaces, enums, records and annotation types; the methods
//! and constructors of their bodies (annotation elements included) named `Type.method`, a constructor
//! `Type.Type`. Imports: each `import` path (`a.b.*` for a wildcard, static imports by their path).

use tree_sitter::Node;

use super::{compact, named_children, text, Reading};
use gap_core::SymbolKind;

/// Reads a compilation unit.
pub fn read(root: Node, src: &str, r: &mut Reading) {
    for c in named_children(root) {
        match c.kind() {
            "class_declaration"
            | "interface_declaration"
            | "enum_declaration"
            | "record_declaration"
            | "annotation_type_declaration" => {
                let Some(name) = c.child_by_field_name("name") else {
                    continue;
                };
                let ty = text(name, src);
                r.def(ty.into(), SymbolKind::Class, name, c.kind());
                if let Some(body) = c.child_by_field_name("body") {
                    members(body, ty, src, r);
                }
            }
            "import_declaration" => r.import(import_path(c, src), c, c.kind()),
            _ => {}
        }
    }
}

fn members(body: Node, ty: &str, src: &str, r: &mut Reading) {
    for m in named_children(body) {
        match m.kind() {
            "method_declaration"
            | "constructor_declaration"
            | "annotation_type_element_declaration" => {
                if let Some(name) = m.child_by_field_name("name") {
                    r.def(
                        format!("{ty}.{}", text(name, src)),
                        SymbolKind::Method,
                        name,
                        m.kind(),
                    );
                }
            }
            // An enum's methods sit after its constants.
            "enum_body_declarations" => members(m, ty, src, r),
            _ => {}
        }
    }
}

fn import_path(n: Node, src: &str) -> String {
    let mut path = String::new();
    for c in named_children(n) {
        match c.kind() {
            "scoped_identifier" | "identifier" => path = compact(c, src),
            "asterisk" => path.push_str(".*"),
            _ => {}
        }
    }
    path
}
