//! Facts about one Go file: package clause, imports, top-level functions, methods and types, branch points,
//! error sites and the identifiers it uses.

use std::collections::BTreeSet;

use crate::clike::{self, text, Dialect, Kind, Token};
use crate::model::Def;
use gap_core::{Raise, SymbolKind};

/// Go's keywords and predeclared names that never name a definition of the tree.
const KEYWORDS: &[&str] = &[
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
];

/// Branch points: keywords and operators.
pub const BRANCH_KEYWORDS: &[&str] = &["if", "for", "case"];
/// Branch points: operators.
pub const BRANCH_OPERATORS: &[&str] = &["&&", "||"];

/// One import spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoImport {
    /// The import path.
    pub path: String,
    /// `alias`, `.` or `_` when given.
    pub alias: Option<String>,
}

/// Everything gap reads from one Go file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoFile {
    /// The package clause's name.
    pub package: String,
    /// Physical lines.
    pub lines: u64,
    /// Lines with code.
    pub code_lines: u64,
    /// Import specs.
    pub imports: Vec<GoImport>,
    /// Functions, methods (`Type.Method`) and types.
    pub defs: Vec<Def>,
    /// `panic(...)`, `errors.New(...)`, `fmt.Errorf(...)` sites.
    pub raises: Vec<Raise>,
    /// Branch points in the file.
    pub branches: u64,
    /// Names used outside the package clause and imports.
    pub identifiers: BTreeSet<String>,
    /// `TestXxx`, `BenchmarkXxx`, `ExampleXxx`, `FuzzXxx` functions.
    pub test_functions: u64,
}

/// `TestXxx`, `BenchmarkXxx`...: a marker of the language table followed by anything but a lower-case letter.
fn is_test_name(name: &str) -> bool {
    crate::lang::by_id("go").test_markers.iter().any(|p| {
        name.strip_prefix(p)
            .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_lowercase()))
    })
}

/// The index just past the `)` or `]` matching the opener at `i`.
fn skip_group(toks: &[Token], i: usize) -> usize {
    let (open, close) = match toks[i].kind {
        Kind::Op(b'(') => (b'(', b')'),
        Kind::Op(b'[') => (b'[', b']'),
        _ => return i + 1,
    };
    let mut level = 0;
    for (j, t) in toks.iter().enumerate().skip(i) {
        if t.kind == Kind::Op(open) {
            level += 1;
        } else if t.kind == Kind::Op(close) {
            level -= 1;
            if level == 0 {
                return j + 1;
            }
        }
    }
    toks.len()
}

/// Reads one Go file.
pub fn parse(src: &str) -> GoFile {
    let lexed = clike::lex(
        src,
        Dialect {
            backtick_strings: true,
            rust: false,
        },
    );
    let toks = &lexed.tokens;
    let mut f = GoFile {
        lines: lexed.lines,
        code_lines: lexed.code_lines,
        branches: clike::count_branches(src, toks, BRANCH_KEYWORDS, BRANCH_OPERATORS),
        ..Default::default()
    };
    let name_at = |i: usize| {
        toks.get(i)
            .filter(|t| t.kind == Kind::Name)
            .map(|t| text(src, t))
    };
    let mut skip = vec![false; toks.len()];
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if t.depth != 0 || t.kind != Kind::Name {
            i += 1;
            continue;
        }
        match text(src, t) {
            "package" => {
                f.package = name_at(i + 1).unwrap_or_default().to_string();
                skip[i..(i + 2).min(toks.len())]
                    .iter_mut()
                    .for_each(|s| *s = true);
                i += 2;
            }
            "import" => {
                let end = if toks.get(i + 1).is_some_and(|t| t.kind == Kind::Op(b'(')) {
                    skip_group(toks, i + 1)
                } else if toks.get(i + 1).is_some_and(|t| t.kind == Kind::Str) {
                    i + 2
                } else {
                    (i + 3).min(toks.len())
                };
                let mut alias = None;
                for t in &toks[i + 1..end] {
                    match t.kind {
                        Kind::Name | Kind::Op(b'.') | Kind::Op(b'_') => {
                            alias = Some(text(src, t).to_string())
                        }
                        Kind::Str => {
                            f.imports.push(GoImport {
                                path: clike::unquote(text(src, t)).to_string(),
                                alias: alias.take(),
                            });
                        }
                        _ => {}
                    }
                }
                skip[i..end].iter_mut().for_each(|s| *s = true);
                i = end;
            }
            "func" => {
                let mut j = i + 1;
                let mut receiver = None;
                if toks.get(j).is_some_and(|t| t.kind == Kind::Op(b'(')) {
                    let end = skip_group(toks, j);
                    let mut k = j + 1;
                    while k < end {
                        if toks[k].kind == Kind::Op(b'[') {
                            k = skip_group(toks, k);
                            continue;
                        }
                        if toks[k].kind == Kind::Name {
                            receiver = Some(text(src, &toks[k]));
                        }
                        k += 1;
                    }
                    j = end;
                }
                let Some(name) = name_at(j) else {
                    i += 1;
                    continue;
                };
                // The body: from the first `{` at depth 0 to its matching `}`.
                let mut k = j + 1;
                while k < toks.len() && !(toks[k].kind == Kind::Op(b'{') && toks[k].depth == 0) {
                    if toks[k].kind == Kind::Op(b'(') || toks[k].kind == Kind::Op(b'[') {
                        k = skip_group(toks, k);
                    } else {
                        k += 1;
                    }
                }
                let body_end = toks[k.min(toks.len())..]
                    .iter()
                    .position(|t| t.kind == Kind::Op(b'}') && t.depth == 1)
                    .map_or(toks.len(), |p| k + p + 1);
                let body = &toks[i..body_end];
                let (full, kind) = match receiver {
                    Some(r) => (format!("{r}.{name}"), SymbolKind::Method),
                    None => (name.to_string(), SymbolKind::Function),
                };
                let public = name.starts_with(|c: char| c.is_uppercase())
                    && receiver.is_none_or(|r| r.starts_with(|c: char| c.is_uppercase()));
                let raises = error_sites(src, body, &mut f.raises);
                f.defs.push(Def {
                    name: full,
                    kind,
                    line: u64::from(t.line),
                    branches: clike::count_branches(src, body, BRANCH_KEYWORDS, BRANCH_OPERATORS),
                    raises,
                    public,
                });
                if receiver.is_none() && is_test_name(name) {
                    f.test_functions += 1;
                }
                i = body_end.max(i + 1);
            }
            "type" => {
                let specs: Vec<usize> = if toks.get(i + 1).is_some_and(|t| t.kind == Kind::Op(b'('))
                {
                    // A group: each spec starts a line at depth 0 inside the parentheses.
                    let end = skip_group(toks, i + 1);
                    let mut starts = Vec::new();
                    let mut last_line = 0;
                    let mut level = 0;
                    for (k, t) in toks.iter().enumerate().take(end - 1).skip(i + 2) {
                        match t.kind {
                            Kind::Op(b'(' | b'[') => level += 1,
                            Kind::Op(b')' | b']') => level -= 1,
                            Kind::Name if level == 0 && t.depth == 0 && t.line != last_line => {
                                starts.push(k)
                            }
                            _ => {}
                        }
                        if t.depth == 0 {
                            last_line = t.line;
                        }
                    }
                    starts
                } else {
                    vec![i + 1]
                };
                for k in specs {
                    if let Some(name) = name_at(k) {
                        f.defs.push(Def {
                            name: name.to_string(),
                            kind: SymbolKind::Class,
                            line: u64::from(toks[k].line),
                            branches: 0,
                            raises: 0,
                            public: name.starts_with(|c: char| c.is_uppercase()),
                        });
                    }
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
    for (k, t) in toks.iter().enumerate() {
        if !skip[k] && t.kind == Kind::Name {
            let word = text(src, t);
            if !KEYWORDS.contains(&word) {
                f.identifiers.insert(word.to_string());
            }
        }
    }
    f
}

/// Records `panic(`, `errors.New(`, `fmt.Errorf(` sites of `body`; returns how many.
fn error_sites(src: &str, body: &[Token], out: &mut Vec<Raise>) -> u64 {
    let mut n = 0;
    for (k, t) in body.iter().enumerate() {
        let word = text(src, t);
        let call = |at: usize| body.get(at).is_some_and(|u| u.kind == Kind::Op(b'('));
        let name = match word {
            "panic" if t.kind == Kind::Name && call(k + 1) => "panic".to_string(),
            "errors" | "fmt"
                if body.get(k + 1).is_some_and(|u| u.kind == Kind::Op(b'.'))
                    && body
                        .get(k + 2)
                        .is_some_and(|u| matches!(text(src, u), "New" | "Errorf"))
                    && call(k + 3) =>
            {
                format!("{word}.{}", text(src, &body[k + 2]))
            }
            _ => continue,
        };
        out.push(Raise {
            line: u64::from(t.line),
            name,
            extra: Default::default(),
        });
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r#"// Package store keeps things.
package store

import (
	"errors"
	"fmt"
	cfg "example.com/app/config"
	_ "embed"
)

import "strings"

type (
	Store struct {
		items map[string]int
	}
	key string
)

type Getter interface {
	Get(k string) (int, error)
}

var ErrMissing = errors.New("missing")

func New(c cfg.Config) *Store {
	if c.Size > 0 && c.Strict || c.Debug {
		return &Store{items: make(map[string]int, c.Size)}
	}
	return &Store{items: map[string]int{}}
}

func (s *Store) Get(k string) (int, error) {
	v, ok := s.items[strings.ToLower(k)]
	if !ok {
		return 0, fmt.Errorf("no %s: %w", k, ErrMissing)
	}
	switch {
	case v < 0:
		panic("negative")
	case v == 0:
	}
	return v, nil
}

func (s *Store) put[T any](k string) {}

func helper() {}
"#;

    #[test]
    fn package_imports_and_definitions() {
        let f = parse(SRC);
        assert_eq!(f.package, "store");
        let imports: Vec<(&str, Option<&str>)> = f
            .imports
            .iter()
            .map(|i| (i.path.as_str(), i.alias.as_deref()))
            .collect();
        assert_eq!(
            imports,
            [
                ("errors", None),
                ("fmt", None),
                ("example.com/app/config", Some("cfg")),
                ("embed", Some("_")),
                ("strings", None)
            ]
        );
        let defs = crate::model::def_summary(&f.defs);
        assert_eq!(
            defs,
            [
                ("Store", SymbolKind::Class, true, 0),
                ("key", SymbolKind::Class, false, 0),
                ("Getter", SymbolKind::Class, true, 0),
                ("New", SymbolKind::Function, true, 3),
                ("Store.Get", SymbolKind::Method, true, 3),
                ("Store.put", SymbolKind::Method, false, 0),
                ("helper", SymbolKind::Function, false, 0),
            ]
        );
        assert_eq!(f.branches, 6);
        let raises: Vec<&str> = f.raises.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            raises,
            ["fmt.Errorf", "panic"],
            "errors.New outside a function is not a site of one"
        );
        assert!(f.identifiers.contains("ToLower") && f.identifiers.contains("cfg"));
        assert!(
            !f.identifiers.contains("store"),
            "the package clause is not a use"
        );
    }

    #[test]
    fn test_functions_follow_go_test_naming() {
        let f = parse("package store\n\nfunc TestGet(t *testing.T) {}\nfunc Testify() {}\nfunc BenchmarkGet(b *testing.B) {}\nfunc ExampleNew() {}\nfunc FuzzKey(f *testing.F) {}\nfunc Test(t *testing.T) {}\n");
        assert_eq!(f.test_functions, 5);
    }

    #[test]
    fn hostile_input_never_panics() {
        for src in [
            "func",
            "func (",
            "type (",
            "import (",
            "package",
            "func (s *S",
            "func f() {",
            "type T[",
            "}}}",
        ] {
            let _ = parse(src);
        }
    }
}
