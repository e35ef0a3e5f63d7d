//! Facts about one Java or Kotlin file: package, imports, top-level types with their methods (and Kotlin's
//! top-level functions), branch points, throw sites, identifiers and `@Test` methods.

use std::collections::BTreeSet;

use crate::clike::{self, text, Dialect, Kind, Token};
use crate::model::Def;
use gap_core::{Raise, SymbolKind};

/// Branch points: keywords.
pub const BRANCH_KEYWORDS: &[&str] = &["if", "for", "while", "case", "catch"];
/// Branch points: operators.
pub const BRANCH_OPERATORS: &[&str] = &["&&", "||", "?"];

const KEYWORDS: &[&str] = &[
    "abstract",
    "as",
    "boolean",
    "break",
    "byte",
    "case",
    "catch",
    "char",
    "class",
    "companion",
    "continue",
    "data",
    "default",
    "do",
    "double",
    "else",
    "enum",
    "extends",
    "false",
    "final",
    "finally",
    "float",
    "for",
    "fun",
    "if",
    "implements",
    "import",
    "in",
    "int",
    "interface",
    "internal",
    "is",
    "long",
    "new",
    "null",
    "object",
    "open",
    "override",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "short",
    "static",
    "super",
    "switch",
    "synchronized",
    "this",
    "throw",
    "throws",
    "true",
    "try",
    "val",
    "var",
    "void",
    "when",
    "while",
];
/// Words that open a type declaration.
const TYPE_WORDS: &[&str] = &["class", "interface", "enum", "record", "object"];
/// Words that look like calls at the top of a class body but are not method declarations.
const NOT_METHODS: &[&str] = &[
    "if",
    "for",
    "while",
    "switch",
    "catch",
    "return",
    "throw",
    "new",
    "super",
    "this",
    "synchronized",
    "when",
];

/// One import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JvmImport {
    /// The dotted path, without a trailing `.*`.
    pub path: String,
    /// `import a.b.*`.
    pub wildcard: bool,
    /// `import static`.
    pub is_static: bool,
    /// Kotlin's `import a.B as C`.
    pub alias: Option<String>,
}

/// Everything gap reads from one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JvmFile {
    /// The package clause.
    pub package: String,
    /// Physical lines.
    pub lines: u64,
    /// Lines with code.
    pub code_lines: u64,
    /// Imports.
    pub imports: Vec<JvmImport>,
    /// Top-level types, their methods (`Type.method`), Kotlin top-level functions.
    pub defs: Vec<Def>,
    /// `throw` sites.
    pub raises: Vec<Raise>,
    /// Branch points in the file.
    pub branches: u64,
    /// Names used outside the package clause and imports.
    pub identifiers: BTreeSet<String>,
    /// `@Test`, `@ParameterizedTest`, `@RepeatedTest`, `@TestFactory` methods.
    pub test_functions: u64,
}

/// Reads one Java or Kotlin file; `kotlin` switches declarations to Kotlin's (`fun`, public by default).
pub fn parse(src: &str, kotlin: bool) -> JvmFile {
    let lexed = clike::lex(
        src,
        Dialect {
            backtick_strings: kotlin,
            rust: false,
        },
    );
    let toks = &lexed.tokens;
    let mut f = JvmFile {
        lines: lexed.lines,
        code_lines: lexed.code_lines,
        branches: clike::count_branches(src, toks, BRANCH_KEYWORDS, BRANCH_OPERATORS),
        ..Default::default()
    };
    let word = |i: usize| {
        toks.get(i)
            .filter(|t| t.kind == Kind::Name)
            .map_or("", |t| text(src, t))
    };
    let op = |i: usize, c: u8| toks.get(i).is_some_and(|t| t.kind == Kind::Op(c));
    let mut skip = vec![false; toks.len()];
    let mut owner: Vec<Option<usize>> = vec![None; toks.len()];
    // (def index of the current top-level type, its public flag)
    let mut current_type: Option<(usize, bool)> = None;
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        let w = word(i);
        if t.depth == 0 && (w == "package" || w == "import") {
            let mut j = i + 1;
            let is_static = word(j) == "static";
            if is_static {
                j += 1;
            }
            let mut path = String::new();
            let mut wildcard = false;
            let line = t.line;
            while j < toks.len() && toks[j].line == line && !op(j, b';') {
                match toks[j].kind {
                    Kind::Name if word(j) == "as" => break,
                    Kind::Name => path.push_str(word(j)),
                    Kind::Op(b'.') => path.push('.'),
                    Kind::Op(b'*') => wildcard = true,
                    _ => {}
                }
                j += 1;
            }
            let mut alias = None;
            if word(j) == "as" {
                alias = Some(word(j + 1).to_string());
                j += 2;
            }
            let path = path.trim_end_matches('.').to_string();
            if w == "package" {
                f.package = path;
            } else {
                f.imports.push(JvmImport {
                    path,
                    wildcard,
                    is_static,
                    alias,
                });
            }
            let end = if op(j, b';') { j + 1 } else { j };
            skip[i..end].iter_mut().for_each(|x| *x = true);
            i = end;
            continue;
        }
        // `enum class`, `annotation class`, `fun interface`: the last type word names the type.
        if t.depth == 0
            && TYPE_WORDS.contains(&w)
            && !TYPE_WORDS.contains(&word(i + 1))
            && !(w == "object" && op(i + 1, b':'))
            && !op(i - usize::from(i > 0), b'.')
        {
            let name = word(i + 1);
            if !name.is_empty() && name != "{" {
                let public = modifiers_public(src, toks, i, kotlin);
                f.defs.push(Def {
                    name: name.to_string(),
                    kind: SymbolKind::Class,
                    line: u64::from(t.line),
                    branches: 0,
                    raises: 0,
                    public,
                });
                current_type = Some((f.defs.len() - 1, public));
            }
            i += 2;
            continue;
        }
        // Kotlin top-level functions.
        if kotlin && t.depth == 0 && w == "fun" {
            let mut j = i + 1;
            if op(j, b'<') {
                while j < toks.len() && !op(j, b'>') {
                    j += 1;
                }
                j += 1;
            }
            // Extension functions: `fun Type.name(`.
            while op(j + 1, b'.') {
                j += 2;
            }
            let name = word(j);
            if !name.is_empty() {
                let public = modifiers_public(src, toks, i, kotlin);
                f.defs.push(Def {
                    name: name.to_string(),
                    kind: SymbolKind::Function,
                    line: u64::from(t.line),
                    branches: 0,
                    raises: 0,
                    public,
                });
                let d = f.defs.len() - 1;
                let end = body_end(toks, j, 0);
                owner[i..end].iter_mut().for_each(|x| *x = Some(d));
                i = end.max(i + 1);
                continue;
            }
        }
        // Methods: declarations at depth 1 of a top-level type.
        if let Some((ty, type_public)) = current_type {
            let is_decl = t.depth == 1
                && t.kind == Kind::Name
                && op(i + 1, b'(')
                && !NOT_METHODS.contains(&w)
                && if kotlin {
                    i > 0 && word(i - 1) == "fun"
                } else {
                    i > 0
                        && (toks[i - 1].kind == Kind::Name || op(i - 1, b'>') || op(i - 1, b']'))
                        && !matches!(word(i - 1), "new" | "return" | "throw" | "else")
                };
            if is_decl {
                let type_name = f.defs[ty].name.clone();
                let annotations = annotations_before(src, toks, i);
                let markers =
                    crate::lang::by_id(if kotlin { "kotlin" } else { "java" }).test_markers;
                if annotations.iter().any(|a| {
                    markers
                        .iter()
                        .any(|m| m.strip_prefix('@') == Some(a.as_str()))
                }) {
                    f.test_functions += 1;
                }
                let public =
                    type_public && modifiers_public(src, toks, i, kotlin) && w != type_name;
                f.defs.push(Def {
                    name: format!("{type_name}.{w}"),
                    kind: SymbolKind::Method,
                    line: u64::from(t.line),
                    branches: 0,
                    raises: 0,
                    public,
                });
                let d = f.defs.len() - 1;
                let end = body_end(toks, i, 1);
                owner[i..end].iter_mut().for_each(|x| *x = Some(d));
                i = end.max(i + 1);
                continue;
            }
        }
        i += 1;
    }
    // Branch points and throws per definition.
    let mut k = 0;
    while k < toks.len() {
        let start = k;
        while k < toks.len() && owner[k] == owner[start] {
            k += 1;
        }
        if let Some(d) = owner[start] {
            f.defs[d].branches +=
                clike::count_branches(src, &toks[start..k], BRANCH_KEYWORDS, BRANCH_OPERATORS);
        }
    }
    for (k, t) in toks.iter().enumerate() {
        if t.kind != Kind::Name {
            continue;
        }
        let w = text(src, t);
        if w == "throw" {
            let j = k + 1 + usize::from(word(k + 1) == "new");
            let mut name = word(j).to_string();
            let mut m = j;
            while op(m + 1, b'.') && !word(m + 2).is_empty() {
                name = format!("{name}.{}", word(m + 2));
                m += 2;
            }
            f.raises.push(Raise {
                line: u64::from(t.line),
                name,
                extra: Default::default(),
            });
            if let Some(d) = owner[k] {
                f.defs[d].raises += 1;
            }
        }
        if !skip[k] && !KEYWORDS.contains(&w) {
            f.identifiers.insert(w.to_string());
        }
    }
    f
}

/// The index after a declaration's body: its `{ ... }` (or `= expr` / `;` without one), for a name at `i`
/// whose body opens at brace depth `depth`.
fn body_end(toks: &[Token], i: usize, depth: u32) -> usize {
    let mut j = i;
    let mut parens = 0i32;
    while j < toks.len() {
        let t = toks[j];
        match t.kind {
            Kind::Op(b'(') => parens += 1,
            Kind::Op(b')') => parens -= 1,
            Kind::Op(b'{') if parens == 0 && t.depth == depth => {
                return toks[j + 1..]
                    .iter()
                    .position(|u| u.kind == Kind::Op(b'}') && u.depth == depth + 1)
                    .map_or(toks.len(), |p| j + 1 + p + 1);
            }
            Kind::Op(b';') if parens == 0 => return j + 1,
            // Kotlin's expression bodies (`fun f() = x`) end with their line.
            Kind::Op(b'=')
                if parens == 0 && toks.get(j + 1).is_some_and(|u| u.kind != Kind::Op(b'=')) =>
            {
                let line = t.line;
                return toks[j..]
                    .iter()
                    .position(|u| u.line > line && u.depth <= depth)
                    .map_or(toks.len(), |p| j + p);
            }
            Kind::Op(b'}') if t.depth <= depth => return j,
            _ => {}
        }
        j += 1;
    }
    toks.len()
}

/// The modifiers and annotations of the declaration whose keyword or name is at `i`, back to the previous
/// `;`, `{` or `}`.
fn declaration_start(toks: &[Token], i: usize) -> usize {
    let mut j = i;
    let mut parens = 0i32;
    while j > 0 {
        match toks[j - 1].kind {
            Kind::Op(b')') => parens += 1,
            Kind::Op(b'(') => parens -= 1,
            Kind::Op(b';') | Kind::Op(b'{') | Kind::Op(b'}') if parens <= 0 => break,
            _ => {}
        }
        j -= 1;
    }
    j
}

fn modifiers_public(src: &str, toks: &[Token], i: usize, kotlin: bool) -> bool {
    let words: Vec<&str> = toks[declaration_start(toks, i)..i]
        .iter()
        .filter(|t| t.kind == Kind::Name)
        .map(|t| text(src, t))
        .collect();
    if kotlin {
        !words
            .iter()
            .any(|w| matches!(*w, "private" | "internal" | "protected"))
    } else {
        words.iter().any(|w| matches!(*w, "public" | "protected"))
    }
}

fn annotations_before(src: &str, toks: &[Token], i: usize) -> Vec<String> {
    let start = declaration_start(toks, i);
    (start..i)
        .filter(|&k| {
            toks[k].kind == Kind::Op(b'@') && toks.get(k + 1).is_some_and(|t| t.kind == Kind::Name)
        })
        .map(|k| text(src, &toks[k + 1]).to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_types_methods_and_visibility() {
        let src = r#"package com.shop.cart;

import java.util.List;
import static org.junit.jupiter.api.Assertions.*;
import com.shop.money.Round;

public class Cart {
    private final List<Integer> items = new ArrayList<>();

    public Cart() {}

    public void add(int cents) {
        if (cents <= 0 || cents > 10_000) {
            throw new IllegalArgumentException("cents");
        }
        items.add(Round.round(cents));
    }

    int total() {
        return items.stream().mapToInt(i -> i).sum();
    }

    protected <T> List<T> copy() { return null; }
}

class Helper {
    public void help() {}
}
"#;
        let f = parse(src, false);
        assert_eq!(f.package, "com.shop.cart");
        let imports: Vec<(&str, bool, bool)> = f
            .imports
            .iter()
            .map(|i| (i.path.as_str(), i.wildcard, i.is_static))
            .collect();
        assert_eq!(
            imports,
            [
                ("java.util.List", false, false),
                ("org.junit.jupiter.api.Assertions", true, true),
                ("com.shop.money.Round", false, false)
            ]
        );
        let defs = crate::model::def_summary(&f.defs);
        assert_eq!(
            defs,
            [
                ("Cart", SymbolKind::Class, true, 0),
                ("Cart.Cart", SymbolKind::Method, false, 0),
                ("Cart.add", SymbolKind::Method, true, 2),
                ("Cart.total", SymbolKind::Method, false, 0),
                ("Cart.copy", SymbolKind::Method, true, 0),
                ("Helper", SymbolKind::Class, false, 0),
                ("Helper.help", SymbolKind::Method, false, 0),
            ]
        );
        assert_eq!(
            f.raises,
            [Raise {
                line: 14,
                name: "IllegalArgumentException".into(),
                extra: Default::default(),
            }]
        );
    }

    #[test]
    fn junit_test_methods() {
        let f = parse("class CartTest {\n    @Test\n    void adds() { assertEquals(1, new Cart().total()); }\n    @ParameterizedTest @ValueSource(ints = {1})\n    void many(int x) {}\n    private void helper() {}\n}\n", false);
        assert_eq!(f.test_functions, 2);
        assert!(f.identifiers.contains("Cart") && f.identifiers.contains("total"));
    }

    #[test]
    fn kotlin_functions_objects_and_visibility() {
        let src = "package com.shop\n\nimport com.shop.money.Round as R\n\nfun total(xs: List<Int>): Int = xs.sum()\n\nprivate fun hidden() {}\n\nobject Registry {\n    fun register(name: String) { if (name.isEmpty()) throw IllegalStateException() }\n    private fun reset() {}\n}\n\ndata class Item(val cents: Int)\n\nenum class Mode { FAST, SLOW }\n";
        let f = parse(src, true);
        assert_eq!(f.imports[0].alias.as_deref(), Some("R"));
        let defs: Vec<(&str, bool)> = f.defs.iter().map(|d| (d.name.as_str(), d.public)).collect();
        assert_eq!(
            defs,
            [
                ("total", true),
                ("hidden", false),
                ("Registry", true),
                ("Registry.register", true),
                ("Registry.reset", false),
                ("Item", true),
                ("Mode", true)
            ]
        );
        assert_eq!(f.defs[3].raises, 1);
    }

    #[test]
    fn hostile_input_never_panics() {
        for src in [
            "class",
            "package",
            "import",
            "class A {",
            "fun",
            "fun <T",
            "@",
            "class A { void f(",
            "object",
        ] {
            let _ = parse(src, false);
            let _ = parse(src, true);
        }
    }
}
