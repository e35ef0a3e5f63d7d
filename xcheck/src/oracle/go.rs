//! Go by tree-sitter: top-level functions, methods named `Receiver.Method` (the receiver's base type, type
//! parameters and pointer dropped), every type spec (structs, interfaces, aliases) as a class; import
//! paths, each at its spec's line.

use tree_sitter::Node;

use super::{named_children, text, Reading};
use gap_core::SymbolKind;

/// Reads a source file.
pub fn read(root: Node, src: &str, r: &mut Reading) {
    for c in named_children(root) {
        match c.kind() {
            "function_declaration" => {
                if let Some(n) = c.child_by_field_name("name") {
                    r.def(text(n, src).into(), SymbolKind::Function, n, c.kind());
                }
            }
            "method_declaration" => {
                let recv = c.child_by_field_name("receiver").and_then(receiver_type);
                if let (Some(n), Some(t)) = (c.child_by_field_name("name"), recv) {
                    let name = format!("{}.{}", text(t, src), text(n, src));
                    r.def(name, SymbolKind::Method, n, c.kind());
                }
            }
            "type_declaration" => {
                for spec in named_children(c) {
                    if let Some(n) = spec.child_by_field_name("name") {
                        r.def(text(n, src).into(), SymbolKind::Class, n, spec.kind());
                    }
                }
            }
            "import_declaration" => {
                let mut stack = vec![c];
                while let Some(n) = stack.pop() {
                    if n.kind() == "import_spec" {
                        if let Some(p) = n.child_by_field_name("path") {
                            let spec = text(p, src).trim_matches(['"', '`']).to_string();
                            r.import(spec, p, "import_spec");
                        }
                    } else {
                        stack.extend(named_children(n).into_iter().rev());
                    }
                }
            }
            _ => {}
        }
    }
}

/// The receiver's base type name: `T` of `(s *T)`, `(T)`, `(s *T[K, V])`.
fn receiver_type(params: Node) -> Option<Node> {
    let decl = named_children(params)
        .into_iter()
        .find(|n| n.kind() == "parameter_declaration")?;
    let mut t = decl.child_by_field_name("type")?;
    loop {
        match t.kind() {
            "type_identifier" => return Some(t),
            "pointer_type" | "parenthesized_type" => t = named_children(t).into_iter().next()?,
            "generic_type" => t = t.child_by_field_name("type")?,
            _ => return None,
        }
    }
}
