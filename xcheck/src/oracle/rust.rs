//! Rust by tree-sitter: functions, structs, enums, traits and unions of the file and of its inline
//! modules (named with the module path, `sync::Lazy`), methods of inherent `impl` blocks named
//! `Type.method`, a trait impl with functions as one `impl` item named `Trait for Type`, a name defined twice
//! once; test code is not a definition (`#[test]`-like functions, items under `#[cfg(test)]`). Imports: each leaf
//! of a `use` tree outside functions, its path joined with `::` (`a::b::*` for a glob, `self` naming its
//! parent), at the `use` line.

use tree_sitter::Node;

use super::{compact, named_children, text, Reading};
use gap_core::SymbolKind;

/// Reads a source file.
pub fn read(root: Node, src: &str, r: &mut Reading) {
    items(root, src, "", r);
    // A name defined twice (a method in two `#[cfg]` variants of an impl) is one definition, the first.
    let mut seen = std::collections::HashSet::new();
    r.defs
        .retain(|d| seen.insert((d.item.name.clone(), d.item.kind)));
}

/// The attributes right before `n` (outer attributes are its preceding siblings).
fn attributes(n: Node, src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut p = n.prev_sibling();
    while let Some(a) = p {
        match a.kind() {
            "attribute_item" => out.push(compact(a, src)),
            "line_comment" | "block_comment" => {}
            _ => break,
        }
        p = a.prev_sibling();
    }
    out
}

/// `#[test]`, `#[tokio::test]`, `#[rstest]`-like: an attribute whose path ends in `test`.
fn is_test(attrs: &[String]) -> bool {
    attrs.iter().any(|a| {
        let inner = a.trim_start_matches("#[").trim_end_matches(']');
        let path = inner.split(['(', '=']).next().unwrap_or("");
        path == "test" || path.ends_with("::test")
    })
}

fn is_cfg_test(attrs: &[String]) -> bool {
    attrs.iter().any(|a| a == "#[cfg(test)]")
}

fn items(n: Node, src: &str, prefix: &str, r: &mut Reading) {
    for c in named_children(n) {
        let attrs = attributes(c, src);
        if is_cfg_test(&attrs) {
            continue;
        }
        let name = c.child_by_field_name("name");
        match c.kind() {
            "function_item" if !is_test(&attrs) => {
                if let Some(name) = name {
                    r.def(
                        format!("{prefix}{}", text(name, src)),
                        SymbolKind::Function,
                        name,
                        c.kind(),
                    );
                }
            }
            "struct_item" | "enum_item" | "trait_item" | "union_item" => {
                if let Some(name) = name {
                    r.def(
                        format!("{prefix}{}", text(name, src)),
                        SymbolKind::Class,
                        name,
                        c.kind(),
                    );
                }
            }
            "impl_item" => {
                let ty = c.child_by_field_name("type").and_then(type_name);
                let body = c.child_by_field_name("body");
                let of_trait = c.child_by_field_name("trait");
                if let (Some(tr), Some(written), Some(body)) =
                    (of_trait, c.child_by_field_name("type"), body)
                {
                    // A trait impl with functions is one item, `Trait for Type` as written.
                    let fns = named_children(body)
                        .into_iter()
                        .any(|m| m.kind() == "function_item" && !is_test(&attributes(m, src)));
                    if fns {
                        let name = format!(
                            "{} for {}",
                            spelled(last_segment(text(tr, src))),
                            spelled(text(written, src))
                        );
                        r.def(name, SymbolKind::Impl, c, "impl_item with a trait");
                    }
                } else if let (Some(ty), Some(body)) = (ty, body) {
                    for m in named_children(body) {
                        if m.kind() != "function_item" || is_test(&attributes(m, src)) {
                            continue;
                        }
                        if let Some(name) = m.child_by_field_name("name") {
                            let full = format!("{prefix}{}.{}", text(ty, src), text(name, src));
                            r.def(full, SymbolKind::Method, name, "function_item in impl_item");
                        }
                    }
                }
            }
            "mod_item" => {
                if let (Some(name), Some(body)) = (name, c.child_by_field_name("body")) {
                    let inner = format!("{prefix}{}::", text(name, src));
                    items(body, src, &inner, r);
                }
            }
            "use_declaration" => {
                if let Some(arg) = c.child_by_field_name("argument") {
                    let mut leaves = Vec::new();
                    use_tree(arg, src, "", &mut leaves);
                    for leaf in leaves {
                        r.import(leaf, c, "use_declaration");
                    }
                }
            }
            _ => {}
        }
    }
}

/// The last segment of a trait's path at angle level 0 (`Display` of `fmt::Display`, `Deserialize<'de>` of
/// `de::Deserialize<'de>`).
fn last_segment(path: &str) -> &str {
    let (mut level, mut start) = (0i32, 0);
    let b = path.as_bytes();
    for i in 0..b.len() {
        match b[i] {
            b'<' => level += 1,
            b'>' => level -= 1,
            b':' if level == 0 && b.get(i + 1) == Some(&b':') => start = i + 2,
            _ => {}
        }
    }
    &path[start.min(path.len())..]
}

/// Code with whitespace normalized: a space only between two word characters and after `,` and `;`.
fn spelled(code: &str) -> String {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::new();
    let mut pending_space = false;
    for c in code.chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && out.ends_with(word) && word(c) {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
        if c == ',' || c == ';' {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

/// The implementing type's name: `T` of `T`, `T<X>`, `&T`, `a::T`, `dyn T + '_`; none for slices, arrays
/// and tuples.
fn type_name(mut t: Node) -> Option<Node> {
    loop {
        match t.kind() {
            "type_identifier" | "primitive_type" => return Some(t),
            "generic_type" | "reference_type" | "pointer_type" => {
                t = t.child_by_field_name("type")?
            }
            "scoped_type_identifier" => t = t.child_by_field_name("name")?,
            "dynamic_type" => t = t.child_by_field_name("trait")?,
            "bounded_type" => t = named_children(t).into_iter().next()?,
            _ => return None,
        }
    }
}

fn join(prefix: &str, tail: &str) -> String {
    let tail = tail.trim_start_matches("::");
    match (prefix.is_empty(), tail) {
        (true, _) => tail.to_string(),
        (false, "self") => prefix.to_string(),
        (false, _) => format!("{prefix}::{tail}"),
    }
}

/// The leaves of a use tree.
fn use_tree(n: Node, src: &str, prefix: &str, out: &mut Vec<String>) {
    match n.kind() {
        "use_as_clause" => {
            if let Some(p) = n.child_by_field_name("path") {
                use_tree(p, src, prefix, out);
            }
        }
        "use_list" => {
            for c in named_children(n) {
                use_tree(c, src, prefix, out);
            }
        }
        "scoped_use_list" => {
            let inner = n
                .child_by_field_name("path")
                .map_or(prefix.to_string(), |p| join(prefix, &compact(p, src)));
            if let Some(list) = n.child_by_field_name("list") {
                use_tree(list, src, &inner, out);
            }
        }
        "line_comment" | "block_comment" => {}
        _ => out.push(join(prefix, &compact(n, src))),
    }
}
