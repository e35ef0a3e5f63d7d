//! The reference side: tree-sitter grammars read each file, and per language a walk picks out definitions
//! and imports by the rules gap documents (docs/languages.md, "Cross-check").

pub mod csharp;
pub mod go;
pub mod java;
pub mod javascript;
pub mod kotlin;
pub mod python;
pub mod rust;
#[cfg(test)]
mod tests;

use tree_sitter::{Node, Parser, Tree};

use crate::outline::{Def, Import};
use gap_core::SymbolKind;

/// A tree-sitter grammar the cross-check reads with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grammar {
    CSharp,
    Go,
    Java,
    JavaScript,
    Kotlin,
    Python,
    Rust,
    Tsx,
    TypeScript,
}

/// The language id (as gap names it) and grammar of a file, by extension; `None` for other files.
pub fn by_path(path: &str) -> Option<(&'static str, Grammar)> {
    let ext = path.rsplit_once('.')?.1;
    Some(match ext {
        "cs" => ("csharp", Grammar::CSharp),
        "go" => ("go", Grammar::Go),
        "java" => ("java", Grammar::Java),
        "js" | "jsx" | "mjs" | "cjs" => ("javascript", Grammar::JavaScript),
        "ts" | "mts" | "cts" => ("javascript", Grammar::TypeScript),
        "tsx" => ("javascript", Grammar::Tsx),
        "kt" => ("kotlin", Grammar::Kotlin),
        "py" => ("python", Grammar::Python),
        "rs" => ("rust", Grammar::Rust),
        _ => return None,
    })
}

/// A definition or import the reference found, with the construct it came from (for grouping).
#[derive(Debug, Clone)]
pub struct Found<T> {
    /// The item.
    pub item: T,
    /// The syntax it came from (`method_definition`, `import_from_statement`).
    pub construct: String,
}

/// What the reference reads from one file.
#[derive(Debug, Default)]
pub struct Reading {
    /// Definitions.
    pub defs: Vec<Found<Def>>,
    /// Imports.
    pub imports: Vec<Found<Import>>,
}

/// A parsed file: its tree and text.
pub struct Parsed<'a> {
    /// The grammar it was read with.
    pub grammar: Grammar,
    /// The syntax tree.
    pub tree: Tree,
    /// The file's text.
    pub src: &'a str,
}

impl Parsed<'_> {
    /// Why the reference cannot be trusted on this file, if it cannot: an ERROR or MISSING node (the
    /// grammar could not read the whole file), or a declaration the grammar is known to misread.
    pub fn error(&self) -> Option<String> {
        if let Some(e) = self.first_error() {
            return Some(e);
        }
        let unsure = match self.grammar {
            Grammar::Kotlin => kotlin::unsure(self.tree.root_node()),
            _ => None,
        };
        unsure.map(|l| format!("declaration read as an expression at line {l}"))
    }

    /// The first ERROR node's line, or the MISSING node's kind and line.
    fn first_error(&self) -> Option<String> {
        let root = self.tree.root_node();
        if !root.has_error() {
            return None;
        }
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            if n.is_error() {
                return Some(format!("ERROR node at line {}", line(n)));
            }
            if n.is_missing() {
                return Some(format!("MISSING {} at line {}", n.kind(), line(n)));
            }
            let mut c = n.walk();
            let children: Vec<Node> = n.children(&mut c).collect();
            stack.extend(children.into_iter().rev());
        }
        Some("an error tree-sitter reports without placing it".into())
    }

    /// Where gap found `name` on `line` but the reference found nothing: the kinds of the nodes around the
    /// identifier spelled `name` on that line (`call_expression < field_definition`), else of the line's
    /// first node.
    pub fn context(&self, line: u64, name: &str) -> String {
        let word = name
            .rsplit(['.', ':'])
            .next()
            .unwrap_or(name)
            .trim_start_matches('#');
        let row = line.saturating_sub(1) as usize;
        let mut first: Option<Node> = None;
        let mut stack = vec![self.tree.root_node()];
        while let Some(n) = stack.pop() {
            let (start, end) = (n.start_position().row, n.end_position().row);
            if row < start || row > end {
                continue;
            }
            if start == row && n.is_named() && first.is_none() && n.parent().is_some() {
                first = Some(n);
            }
            if n.child_count() == 0 && start == row && text(n, self.src) == word {
                return chain(n, 3);
            }
            let mut c = n.walk();
            let children: Vec<Node> = n.children(&mut c).collect();
            stack.extend(children.into_iter().rev());
        }
        first.map_or_else(|| "nothing".to_string(), |n| chain(n, 2))
    }
}

/// `kind < parent kind < ...`, `depth` deep.
fn chain(mut n: Node, depth: usize) -> String {
    let mut out = Vec::new();
    while out.len() < depth {
        match n.parent() {
            Some(p) => {
                out.push(p.kind().to_string());
                n = p;
            }
            None => break,
        }
    }
    out.join(" < ")
}

/// Parses `src` with `grammar`.
pub fn parse(grammar: Grammar, src: &str) -> anyhow::Result<Parsed<'_>> {
    let language: tree_sitter::Language = match grammar {
        Grammar::CSharp => tree_sitter_c_sharp::LANGUAGE.into(),
        Grammar::Go => tree_sitter_go::LANGUAGE.into(),
        Grammar::Java => tree_sitter_java::LANGUAGE.into(),
        Grammar::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
        Grammar::Kotlin => tree_sitter_kotlin_ng::LANGUAGE.into(),
        Grammar::Python => tree_sitter_python::LANGUAGE.into(),
        Grammar::Rust => tree_sitter_rust::LANGUAGE.into(),
        Grammar::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
        Grammar::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
    };
    let mut parser = Parser::new();
    parser.set_language(&language)?;
    let tree = parser
        .parse(src, None)
        .ok_or_else(|| anyhow::anyhow!("tree-sitter gave no tree"))?;
    Ok(Parsed { grammar, tree, src })
}

/// Definitions and imports of a parsed file, by the rules of its grammar's language.
pub fn read(grammar: Grammar, p: &Parsed) -> Reading {
    let mut r = Reading::default();
    let root = p.tree.root_node();
    match grammar {
        Grammar::CSharp => csharp::read(root, p.src, &mut r),
        Grammar::Go => go::read(root, p.src, &mut r),
        Grammar::Java => java::read(root, p.src, &mut r),
        Grammar::JavaScript | Grammar::TypeScript | Grammar::Tsx => {
            javascript::read(root, p.src, &mut r)
        }
        Grammar::Kotlin => kotlin::read(root, p.src, &mut r),
        Grammar::Python => python::read(root, p.src, &mut r),
        Grammar::Rust => rust::read(root, p.src, &mut r),
    }
    r
}

/// The text of a node.
pub fn text<'a>(n: Node, src: &'a str) -> &'a str {
    &src[n.byte_range()]
}

/// The 1-based line a node starts on.
pub fn line(n: Node) -> u64 {
    n.start_position().row as u64 + 1
}

/// The named children of a node.
pub fn named_children(n: Node) -> Vec<Node> {
    let mut c = n.walk();
    n.named_children(&mut c).collect()
}

/// Every child of a node, named or not.
pub fn children(n: Node) -> Vec<Node> {
    let mut c = n.walk();
    n.children(&mut c).collect()
}

/// The text of a path-like node without spaces, comments or line breaks (`a . b` → `a.b`).
pub fn compact(n: Node, src: &str) -> String {
    let mut out = String::new();
    let mut stack = vec![n];
    while let Some(n) = stack.pop() {
        if n.kind().contains("comment") {
            continue;
        }
        if n.child_count() == 0 {
            out.push_str(text(n, src).trim());
            continue;
        }
        let kids = children(n);
        stack.extend(kids.into_iter().rev());
    }
    out
}

impl Reading {
    /// Records a definition named by the node `name`.
    pub fn def(&mut self, name: String, kind: SymbolKind, at: Node, construct: &str) {
        self.defs.push(Found {
            item: Def {
                name,
                kind,
                line: line(at),
            },
            construct: construct.to_string(),
        });
    }

    /// Records an import of `spec` at the node `at`.
    pub fn import(&mut self, spec: String, at: Node, construct: &str) {
        self.imports.push(Found {
            item: Import {
                spec,
                line: line(at),
            },
            construct: construct.to_string(),
        });
    }
}
