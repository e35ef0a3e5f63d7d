//! Facts about one Go file: package clause, imports, top-level functions, methods and types, branch points,
//! error sites and the identifiers it uses.

use crate::clike::{self, text, Cursor, Dialect, Kind, Token};
use crate::model::{Def, FileFacts, Parsed};
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
    /// 1-based line of its path.
    pub line: u64,
}

/// What a Go file holds beyond the shared facts (whose definitions are functions, methods `Type.Method` and
/// types; whose error sites are `panic(...)`, `errors.New(...)`, `fmt.Errorf(...)`; whose test functions are
/// `TestXxx`, `BenchmarkXxx`, `ExampleXxx`, `FuzzXxx`; whose identifiers exclude the package clause and imports).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoFile {
    /// The package clause's name.
    pub package: String,
    /// Import specs.
    pub imports: Vec<GoImport>,
}

/// `TestXxx`, `BenchmarkXxx`...: a marker of the language table followed by anything but a lower-case letter.
fn is_test_name(name: &str) -> bool {
    crate::lang::GO.test_markers.iter().any(|p| {
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

/// One file being read: a method per top-level declaration.
struct Parser<'a> {
    c: Cursor<'a>,
    f: FileFacts,
    own: GoFile,
    /// Tokens of the package clause and imports (not identifiers of the file).
    skip: Vec<bool>,
}

/// Reads one Go file.
pub fn parse(src: &str) -> Parsed<GoFile> {
    let lexed = clike::lex(src, Dialect::GO);
    let toks = &lexed.tokens;
    let mut p = Parser {
        c: Cursor { src, toks },
        f: FileFacts {
            branches: clike::count_branches(src, toks, BRANCH_KEYWORDS, BRANCH_OPERATORS),
            ..lexed.facts()
        },
        own: GoFile::default(),
        skip: vec![false; toks.len()],
    };
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if t.depth != 0 || t.kind != Kind::Name {
            i += 1;
            continue;
        }
        i = match text(src, t) {
            "package" => p.package_clause(i),
            "import" => p.import_decl(i),
            "func" => p.func_decl(i),
            "type" => p.type_decl(i),
            _ => i + 1,
        };
    }
    p.finish()
}

impl<'a> Parser<'a> {
    /// The name at token `i`, if it is one.
    fn name_at(&self, i: usize) -> Option<&'a str> {
        Some(self.c.word(i)).filter(|w| !w.is_empty())
    }

    /// Marks tokens `from..to` as no uses.
    fn skip(&mut self, from: usize, to: usize) {
        let to = to.min(self.c.toks.len());
        self.skip[from..to].iter_mut().for_each(|s| *s = true);
    }

    /// `package name`.
    fn package_clause(&mut self, i: usize) -> usize {
        self.own.package = self.name_at(i + 1).unwrap_or_default().to_string();
        self.skip(i, i + 2);
        i + 2
    }

    /// `import "path"`, `import alias "path"`, `import ( ... )`.
    fn import_decl(&mut self, i: usize) -> usize {
        let toks = self.c.toks;
        let end = if self.c.op(i + 1, b'(') {
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
                    alias = Some(text(self.c.src, t).to_string())
                }
                Kind::Str => {
                    self.own.imports.push(GoImport {
                        path: clike::unquote(text(self.c.src, t)).to_string(),
                        alias: alias.take(),
                        line: u64::from(t.line),
                    });
                }
                _ => {}
            }
        }
        self.skip(i, end);
        end
    }

    /// `func [(receiver)] Name[...](...) ... { body }`: a function or method. A `func` that is not the first
    /// token of its line (a function type, `[]func()`, `type T func(...) error`) or has no name before its
    /// parameters (a literal) declares nothing.
    fn func_decl(&mut self, i: usize) -> usize {
        let (src, toks) = (self.c.src, self.c.toks);
        if i > 0 && toks[i - 1].line == toks[i].line {
            return i + 1;
        }
        let mut j = i + 1;
        let mut receiver = None;
        if self.c.op(j, b'(') {
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
        let Some(name) = self
            .name_at(j)
            .filter(|_| self.c.op(j + 1, b'(') || self.c.op(j + 1, b'['))
        else {
            return i + 1;
        };
        // The body: from the first `{` at depth 0 to its matching `}`.
        let mut k = j + 1;
        while k < toks.len() && !(toks[k].kind == Kind::Op(b'{') && toks[k].depth == 0) {
            if self.c.op(k, b'(') || self.c.op(k, b'[') {
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
        let mut def = Def::new(full, kind, u64::from(toks[i].line), public);
        def.raises = error_sites(src, body, &mut self.f.raises);
        def.branches = clike::count_branches(src, body, BRANCH_KEYWORDS, BRANCH_OPERATORS);
        self.f.defs.push(def);
        if receiver.is_none() && is_test_name(name) {
            self.f.test_functions += 1;
        }
        body_end.max(i + 1)
    }

    /// `type Name ...` or `type ( ... )`: each spec a type.
    fn type_decl(&mut self, i: usize) -> usize {
        let toks = self.c.toks;
        let specs: Vec<usize> = if self.c.op(i + 1, b'(') {
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
            if let Some(name) = self.name_at(k) {
                let public = name.starts_with(|c: char| c.is_uppercase());
                let line = u64::from(toks[k].line);
                self.f
                    .defs
                    .push(Def::new(name, SymbolKind::Class, line, public));
            }
        }
        i + 2
    }

    /// The identifiers: names outside the package clause and imports, keywords excluded.
    fn finish(mut self) -> Parsed<GoFile> {
        for (k, t) in self.c.toks.iter().enumerate() {
            if !self.skip[k] && t.kind == Kind::Name {
                let word = text(self.c.src, t);
                if !KEYWORDS.contains(&word) {
                    crate::model::note(&mut self.f.identifiers, word, u64::from(t.line));
                }
            }
        }
        Parsed {
            facts: self.f,
            own: self.own,
        }
    }
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
        let Parsed { facts: f, own } = parse(SRC);
        assert_eq!(own.package, "store");
        let imports: Vec<(&str, Option<&str>, u64)> = own
            .imports
            .iter()
            .map(|i| (i.path.as_str(), i.alias.as_deref(), i.line))
            .collect();
        assert_eq!(
            imports,
            [
                ("errors", None, 5),
                ("fmt", None, 6),
                ("example.com/app/config", Some("cfg"), 7),
                ("embed", Some("_"), 8),
                ("strings", None, 11)
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
        assert!(f.identifiers.contains_key("ToLower") && f.identifiers.contains_key("cfg"));
        assert!(
            !f.identifiers.contains_key("store"),
            "the package clause is not a use"
        );
    }

    #[test]
    fn test_functions_follow_go_test_naming() {
        let f = parse("package store\n\nfunc TestGet(t *testing.T) {}\nfunc Testify() {}\nfunc BenchmarkGet(b *testing.B) {}\nfunc ExampleNew() {}\nfunc FuzzKey(f *testing.F) {}\nfunc Test(t *testing.T) {}\n");
        assert_eq!(f.facts.test_functions, 5);
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

    #[test]
    fn func_types_and_literals_are_no_functions() {
        let src = "package cobra\n\nvar initializers []func()\n\nfunc OnInitialize(y ...func()) {\n\tinitializers = append(initializers, y...)\n}\n\ntype PositionalArgs func(cmd *Command, args []string) error\n\nvar handler = \n\tfunc() int { return 1 }\n\nfunc Legacy() {}\n";
        let f = parse(src);
        let defs = crate::model::def_lines(&f.facts.defs);
        assert_eq!(
            defs,
            [
                ("OnInitialize", SymbolKind::Function, 5),
                ("PositionalArgs", SymbolKind::Class, 9),
                ("Legacy", SymbolKind::Function, 14),
            ]
        );
    }
}
