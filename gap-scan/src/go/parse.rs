//! Facts about one Go file: package clause, imports, top-level functions, methods and types, what their
//! signatures lead to, build constraints and generated-code markers, branch points, error sites and the
//! identifiers it uses.

use std::collections::BTreeMap;

use foldhash::HashMap;

use crate::clike::{self, text, Cursor, Dialect, Kind, Token};
use crate::model::{Def, FileFacts, Parsed};
use crate::words::Words;
use gap_core::{Raise, SymbolKind};

/// Go's keywords and predeclared names that never name a definition of the tree.
const KEYWORDS: &Words = &Words::new(&[
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
]);

/// Branch points: keywords and operators.
pub const BRANCH_KEYWORDS: &Words = &Words::new(&["if", "for", "case"]);
/// Branch points: operators.
pub const BRANCH_OPERATORS: &[&str] = &["&&", "||"];

/// One import spec.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
/// `TestXxx`, `BenchmarkXxx`, `ExampleXxx`, `FuzzXxx` functions and suite methods named so (gocheck's
/// `func (s *S) TestX(c *C)`, testify's `func (s *Suite) TestX()`); whose identifiers exclude the package
/// clause and imports).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GoFile {
    /// The package clause's name.
    pub package: String,
    /// Import specs.
    pub imports: Vec<GoImport>,
    /// What each definition and package-level variable or constant leads to: the names a function's or
    /// method's results mention, or a type's, variable's or constant's spec (`NewFlagSet` -> `FlagSet`,
    /// `Suite` -> `Assertions` for an embedded `*assert.Assertions`). Keys are definition names
    /// (`Type.Method` for methods) and value names.
    pub yields: BTreeMap<String, Vec<String>>,
    /// What each struct type's unexported fields mention: followed only inside the package, where those fields
    /// can be used.
    pub hidden: BTreeMap<String, Vec<String>>,
    /// How the file uses each of its identifiers (`FileFacts::identifiers`, in that map's order): the first
    /// line the name shows on its own (`bare`: what a file can use of its own package, or of one imported with
    /// `.`; field names a struct type declares and the keys of composite literals `{Name: v}` are not uses)
    /// and the first line it shows after a `.` (`selected`: fields, methods, names of other packages); 0 for
    /// neither. One entry per name, so a file keeps each name once.
    pub uses: Vec<NameUse>,
    /// Names used after `X.` (`flag.NewFlagSet(...)` uses `NewFlagSet` under `flag`): (index of `X`, index of
    /// the name, first line), indices into the identifiers' order, sorted.
    pub qualified: Vec<(u32, u32, u64)>,
    /// Package-level variables and constants, in file order.
    pub values: Vec<String>,
    /// The build constraint line (`//go:build mage`) when it selects a tool rather than a platform: the file is
    /// built only with one of [`TOOL_TAGS`] set.
    pub tool_constraint: Option<String>,
    /// The `// Code generated ... DO NOT EDIT.` line before the package clause, when there is one.
    pub generated: Option<String>,
}

/// Where one identifier of a Go file is used: first lines, 0 for none (see [`GoFile::uses`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NameUse {
    /// First line it shows on its own.
    pub bare: u64,
    /// First line it shows after a `.`.
    pub selected: u64,
}

/// A Go file's names as its analysis reads them: its identifiers in order, with how each is used.
pub struct Names<'a> {
    /// The identifiers, sorted (the order of [`GoFile::uses`]).
    keys: Vec<&'a str>,
    own: &'a GoFile,
}

impl<'a> Names<'a> {
    /// The names of `file`.
    pub fn new(file: &'a Parsed<GoFile>) -> Self {
        Names {
            keys: file.facts.identifiers.keys().collect(),
            own: &file.own,
        }
    }

    /// How the name at index `k` is used.
    fn at(&self, k: usize) -> NameUse {
        self.own.uses.get(k).copied().unwrap_or_default()
    }

    /// Names used on their own, each with its first such line, sorted.
    pub fn bare(&self) -> Vec<(&'a str, u64)> {
        (0..self.keys.len())
            .filter_map(|k| Some((self.keys[k], self.at(k).bare)).filter(|&(_, l)| l > 0))
            .collect()
    }

    /// The first line `name` shows after a `.`.
    pub fn selected(&self, name: &str) -> Option<u64> {
        let k = self.keys.binary_search(&name).ok()?;
        Some(self.at(k).selected).filter(|&l| l > 0)
    }

    /// Names used after `x.`, each with its first such line, sorted.
    pub fn qualified(&self, x: &str) -> Vec<(&'a str, u64)> {
        let Ok(k) = self.keys.binary_search(&x) else {
            return Vec::new();
        };
        let k = k as u32;
        let q = &self.own.qualified;
        let from = q.partition_point(|&(a, _, _)| a < k);
        q[from..]
            .iter()
            .take_while(|&&(a, _, _)| a == k)
            .filter_map(|&(_, w, line)| Some((*self.keys.get(w as usize)?, line)))
            .collect()
    }
}

/// Build tags that select tools, not platforms: a file whose constraint requires one is a tool (a generator run
/// with `go run gen.go`, a magefile, a `tools.go` pinning tool dependencies, a go-fuzz harness), never part of
/// the package.
pub const TOOL_TAGS: &[&str] = &["generate", "gofuzz", "ignore", "mage", "tools"];

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

/// Where a name's lines are kept while a file is read: its first use of any kind, its first use on its own
/// (not after a `.`, not a field it declares or a literal's key), its first use after a `.`.
const FIRST: usize = 0;
const BARE: usize = 1;
const SELECTED: usize = 2;

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
            "var" | "const" => p.value_decl(i),
            _ => i + 1,
        };
    }
    p.header();
    p.finish()
}

/// True when Go ends a statement after token `t` at the end of its line (automatic semicolons): after a name,
/// a literal, or a closing bracket.
fn ends_statement(t: &Token) -> bool {
    matches!(
        t.kind,
        Kind::Name | Kind::Num | Kind::Str | Kind::Op(b')' | b']' | b'}')
    )
}

/// The index of the first token after the statement that starts at `from` (and ends at `to` at the latest):
/// the first token at its brace depth and outside brackets on a later line than a token that ends a statement.
fn statement_end(toks: &[Token], from: usize, to: usize) -> usize {
    let Some(base) = toks.get(from).map(|t| t.depth) else {
        return from;
    };
    let mut level = 0i32;
    for k in from..to.min(toks.len()) {
        if k > from {
            let prev = &toks[k - 1];
            if level <= 0
                && toks[k].depth == base
                && toks[k].line > prev.end_line
                && ends_statement(prev)
            {
                return k;
            }
        }
        match toks[k].kind {
            Kind::Op(b'(' | b'[') => level += 1,
            Kind::Op(b')' | b']') => level -= 1,
            _ => {}
        }
    }
    to.min(toks.len())
}

/// The index just past the `}` matching the `{` at `i`.
fn skip_braces(toks: &[Token], i: usize) -> usize {
    let inside = toks[i].depth + 1;
    toks[i + 1..]
        .iter()
        .position(|t| t.kind == Kind::Op(b'}') && t.depth == inside)
        .map_or(toks.len(), |p| i + 1 + p + 1)
}

/// The names among `toks`.
fn names_in(src: &str, toks: &[Token]) -> Vec<String> {
    let mut v: Vec<String> = toks
        .iter()
        .filter(|t| t.kind == Kind::Name)
        .map(|t| text(src, t))
        .filter(|w| !KEYWORDS.contains(w))
        .map(String::from)
        .collect();
    v.sort();
    v.dedup();
    v
}

/// For a struct type's spec (`struct { ... }`, after any type parameters), the names its exported and embedded
/// fields mention, and those its unexported fields mention; `None` for any other spec.
fn struct_fields(src: &str, spec: &[Token]) -> Option<(Vec<String>, Vec<String>)> {
    let mut k = 0;
    if spec.first()?.kind == Kind::Op(b'[') {
        k = skip_group(spec, 0);
    }
    if spec.get(k).map(|t| text(src, t)) != Some("struct")
        || spec.get(k + 1)?.kind != Kind::Op(b'{')
    {
        return None;
    }
    let (mut public, mut private) = (Vec::new(), Vec::new());
    for (start, end) in fields(spec, k + 1) {
        let f = &spec[start..end];
        let declared = declared_names(f);
        // An embedded field (it declares no name) is promoted: as visible as the type.
        let exported = declared.is_empty()
            || declared
                .iter()
                .any(|&j| text(src, &f[j]).starts_with(|c: char| c.is_uppercase()));
        if exported { &mut public } else { &mut private }.extend(names_in(src, f));
    }
    for v in [&mut public, &mut private] {
        v.sort();
        v.dedup();
    }
    Some((public, private))
}

/// The fields of the struct type whose `{` is token `open`: each one's token range, from a token at the
/// struct's own depth that starts a line or follows a `;`.
fn fields(toks: &[Token], open: usize) -> Vec<(usize, usize)> {
    let close = skip_braces(toks, open).saturating_sub(1).max(open + 1);
    let inner = toks[open].depth + 1;
    let mut out = Vec::new();
    let (mut start, mut level) = (open + 1, 0i32);
    for j in open + 1..close.min(toks.len()) {
        let t = &toks[j];
        if level == 0 && t.depth == inner && j > start && t.line > toks[j - 1].end_line {
            out.push((start, j));
            start = j;
        }
        match t.kind {
            Kind::Op(b'(' | b'[') => level += 1,
            Kind::Op(b')' | b']') => level -= 1,
            Kind::Op(b';') if level == 0 && t.depth == inner => {
                out.push((start, j));
                start = j + 1;
            }
            _ => {}
        }
    }
    out.push((start.min(close), close.min(toks.len())));
    out.retain(|(a, b)| a < b);
    out
}

/// The indices (into `f`, one field's tokens) of the names the field declares: `a, B T` declares `a` and `B`;
/// an embedded field (`T`, `*T`, `pkg.T`, `*pkg.T`, with an optional tag) declares none.
fn declared_names(f: &[Token]) -> Vec<usize> {
    let is_name = |j: usize| f.get(j).is_some_and(|t| t.kind == Kind::Name);
    let embedded = f.first().map(|t| t.kind) == Some(Kind::Op(b'*'))
        || (is_name(0)
            && f.get(1)
                .is_none_or(|t| matches!(t.kind, Kind::Str | Kind::Op(b'.'))));
    let mut out = Vec::new();
    let mut j = 0;
    while !embedded && is_name(j) {
        out.push(j);
        if f.get(j + 1).map(|t| t.kind) != Some(Kind::Op(b',')) {
            break;
        }
        j += 2;
    }
    out
}

/// Phrases of a header comment that, with "generated", mark a file made by a tool in words of its own
/// (testify's `CODE GENERATED AUTOMATICALLY ... THIS FILE MUST NOT BE EDITED BY HAND`), lower case.
const DO_NOT_EDIT: &[&str] = &["do not edit", "not be edited", "don't edit"];

/// The comment line that says "generated", when the comments before the package clause (line
/// `package_line`) also say not to edit the file.
fn generated_note(src: &str, package_line: u32) -> Option<String> {
    let header: Vec<&str> = src
        .lines()
        .take(package_line.saturating_sub(1) as usize)
        .collect();
    let lower = header.join("\n").to_lowercase();
    if !DO_NOT_EDIT.iter().any(|p| lower.contains(p)) {
        return None;
    }
    header
        .iter()
        .find(|l| l.to_lowercase().contains("generated"))
        .map(|l| l.trim().to_string())
}

/// True when a build constraint requires one of [`TOOL_TAGS`]: a `//go:build` expression one of whose
/// top-level `&&` terms is a tool tag, or a `// +build` line whose only option (comma-separated terms, all
/// required) holds one.
fn selects_tool(line: &str) -> bool {
    let is_tool = |term: &str| TOOL_TAGS.contains(&term.trim().trim_matches(['(', ')']).trim());
    if let Some(expr) = line.strip_prefix("//go:build") {
        return !expr.contains("||") && expr.split("&&").any(is_tool);
    }
    if let Some(options) = line.strip_prefix("// +build") {
        let options: Vec<&str> = options.split_whitespace().collect();
        return options.len() == 1 && options[0].split(',').any(is_tool);
    }
    false
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
        // Type parameters, parameters, then results up to the body's `{` (a `{` of `struct{}` or
        // `interface{}` among the results is not it); a declaration without a body (implemented in assembly)
        // ends with its line.
        let mut k = j + 1;
        if self.c.op(k, b'[') {
            k = skip_group(toks, k);
        }
        if self.c.op(k, b'(') {
            k = skip_group(toks, k);
        }
        let results_start = k;
        let mut body_open = None;
        while k < toks.len() {
            let t = &toks[k];
            if t.line > toks[k - 1].end_line && ends_statement(&toks[k - 1]) {
                break;
            }
            match t.kind {
                Kind::Op(b'(' | b'[') => k = skip_group(toks, k),
                Kind::Op(b'{') if k > 0 && matches!(self.c.word(k - 1), "struct" | "interface") => {
                    k = skip_braces(toks, k)
                }
                Kind::Op(b'{') => {
                    body_open = Some(k);
                    break;
                }
                _ => k += 1,
            }
        }
        let results = names_in(src, &toks[results_start..k.min(toks.len())]);
        let body_end = match body_open {
            Some(open) => skip_braces(toks, open),
            None => k.min(toks.len()),
        };
        let body = &toks[i..body_end];
        let (full, kind) = match receiver {
            Some(r) => (format!("{r}.{name}"), SymbolKind::Method),
            None => (name.to_string(), SymbolKind::Function),
        };
        let public = name.starts_with(|c: char| c.is_uppercase())
            && receiver.is_none_or(|r| r.starts_with(|c: char| c.is_uppercase()));
        if !results.is_empty() {
            self.own.yields.insert(full.clone(), results);
        }
        let mut def = Def::new(full, kind, u64::from(toks[i].line), public);
        def.raises = error_sites(src, body, &mut self.f.raises);
        def.branches = clike::count_branches(src, body, BRANCH_KEYWORDS, BRANCH_OPERATORS);
        self.f.defs.push(def);
        // Suite methods (gocheck, testify) are tests as much as functions are.
        if is_test_name(name) {
            self.f.test_functions += 1;
        }
        body_end.max(i + 1)
    }

    /// The specs of the declaration whose keyword is token `i`: `(start, end)` token ranges, one per line
    /// starting at depth 0 inside `( ... )`, or the one spec after the keyword.
    fn specs(&self, i: usize) -> Vec<(usize, usize)> {
        let toks = self.c.toks;
        if !self.c.op(i + 1, b'(') {
            return vec![(i + 1, statement_end(toks, i + 1, toks.len()))];
        }
        let end = skip_group(toks, i + 1);
        let mut starts = Vec::new();
        let mut last_line = 0;
        let mut level = 0;
        for (k, t) in toks.iter().enumerate().take(end - 1).skip(i + 2) {
            match t.kind {
                Kind::Op(b'(' | b'[') => level += 1,
                Kind::Op(b')' | b']') => level -= 1,
                Kind::Name if level == 0 && t.depth == 0 && t.line != last_line => starts.push(k),
                _ => {}
            }
            if t.depth == 0 {
                last_line = t.end_line;
            }
        }
        let ends = starts.iter().skip(1).copied().chain([end - 1]);
        starts.iter().copied().zip(ends).collect()
    }

    /// `type Name ...` or `type ( ... )`: each spec a type, leading to the names its spec mentions.
    fn type_decl(&mut self, i: usize) -> usize {
        let (src, toks) = (self.c.src, self.c.toks);
        for (k, end) in self.specs(i) {
            if let Some(name) = self.name_at(k) {
                let public = name.starts_with(|c: char| c.is_uppercase());
                let line = u64::from(toks[k].line);
                let spec = &toks[k + 1..end.max(k + 1)];
                let (mentions, hidden) = match struct_fields(src, spec) {
                    Some(fields) => fields,
                    None => (names_in(src, spec), Vec::new()),
                };
                if !mentions.is_empty() {
                    self.own.yields.insert(name.to_string(), mentions);
                }
                if !hidden.is_empty() {
                    self.own.hidden.insert(name.to_string(), hidden);
                }
                self.f
                    .defs
                    .push(Def::new(name, SymbolKind::Class, line, public));
            }
        }
        i + 2
    }

    /// `var a, b T = ...`, `const ( ... )`: each name a value, leading to the names after the names.
    fn value_decl(&mut self, i: usize) -> usize {
        let (src, toks) = (self.c.src, self.c.toks);
        for (start, end) in self.specs(i) {
            let mut names = Vec::new();
            let mut k = start;
            while let Some(name) = self.name_at(k).filter(|_| k < end) {
                names.push(name);
                if !self.c.op(k + 1, b',') {
                    break;
                }
                k += 2;
            }
            let mentions = names_in(src, &toks[(k + 1).min(end)..end]);
            for name in names.into_iter().filter(|n| *n != "_") {
                self.own.values.push(name.to_string());
                if !mentions.is_empty() {
                    self.own.yields.insert(name.to_string(), mentions.clone());
                }
            }
        }
        i + 1
    }

    /// The `//` lines before the package clause: a build constraint that selects a tool, a generated-code
    /// marker.
    fn header(&mut self) {
        let toks = self.c.toks;
        let package_line = toks
            .iter()
            .find(|t| t.depth == 0 && text(self.c.src, t) == "package")
            .map_or(u32::MAX, |t| t.line);
        for line in self
            .c
            .src
            .lines()
            .take(package_line.saturating_sub(1) as usize)
        {
            let line = line.trim();
            if line.starts_with("//go:build") || line.starts_with("// +build") {
                if selects_tool(line) && self.own.tool_constraint.is_none() {
                    self.own.tool_constraint = Some(line.to_string());
                }
            } else if line.starts_with("// Code generated ") && line.ends_with(" DO NOT EDIT.") {
                self.own.generated = Some(line.to_string());
            }
        }
        if self.own.generated.is_none() {
            self.own.generated = generated_note(self.c.src, package_line);
        }
    }

    /// The identifiers: names outside the package clause and imports, keywords excluded; each bare, selected
    /// (after a `.`) or qualified.
    fn finish(mut self) -> Parsed<GoFile> {
        let (src, toks) = (self.c.src, self.c.toks);
        // Names that declare a struct field.
        let mut declares = vec![false; toks.len()];
        for k in 0..toks.len().saturating_sub(1) {
            if toks[k].kind == Kind::Name
                && text(src, &toks[k]) == "struct"
                && self.c.op(k + 1, b'{')
            {
                for (start, end) in fields(toks, k + 1) {
                    for j in declared_names(&toks[start..end]) {
                        declares[start + j] = true;
                    }
                }
            }
        }
        // Each name's first line, first bare line and first selected line; each `X.name`'s first line. Tokens
        // come in file order, so the first line seen is the first line.
        let mut seen: HashMap<&str, [Option<u64>; 3]> = HashMap::default();
        let mut under: HashMap<(&str, &str), u64> = HashMap::default();
        for (k, t) in toks.iter().enumerate() {
            if self.skip[k] || t.kind != Kind::Name {
                continue;
            }
            let word = text(src, t);
            if KEYWORDS.contains(word) {
                continue;
            }
            let line = u64::from(t.line);
            let how = if k > 0 && self.c.op(k - 1, b'.') {
                if let Some(x) = self.name_at(k - 2).filter(|_| k >= 2) {
                    under.entry((x, word)).or_insert(line);
                }
                SELECTED
            } else {
                let key = k > 0
                    && (self.c.op(k - 1, b'{') || self.c.op(k - 1, b','))
                    && self.c.op(k + 1, b':')
                    && !self.c.op(k + 2, b'=');
                if declares[k] || key {
                    FIRST
                } else {
                    BARE
                }
            };
            let lines = seen.entry(word).or_default();
            lines[FIRST].get_or_insert(line);
            lines[how].get_or_insert(line);
        }
        // Sorted once: the identifiers' order, which the uses and the qualified names follow.
        let mut seen: Vec<(&str, [Option<u64>; 3])> = seen.into_iter().collect();
        seen.sort_unstable_by_key(|&(w, _)| w);
        self.f.identifiers = seen
            .iter()
            .map(|(w, lines)| (w.to_string(), lines[FIRST].unwrap_or_default()))
            .collect();
        self.own.uses = seen
            .iter()
            .map(|(_, lines)| NameUse {
                bare: lines[BARE].unwrap_or(0),
                selected: lines[SELECTED].unwrap_or(0),
            })
            .collect();
        let index = |w: &str| seen.binary_search_by_key(&w, |&(n, _)| n).ok();
        let mut qualified: Vec<(u32, u32, u64)> = under
            .into_iter()
            .filter_map(|((x, word), line)| Some((index(x)? as u32, index(word)? as u32, line)))
            .collect();
        qualified.sort_unstable();
        self.own.qualified = qualified;
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
    fn suite_methods_named_as_tests_are_tests() {
        let gocheck = "package yaml_test\n\nimport . \"gopkg.in/check.v1\"\n\ntype S struct{}\n\nvar _ = Suite(&S{})\n\nfunc (s *S) TestUnmarshal(c *C) {}\nfunc (s *S) SetUpTest(c *C) {}\n";
        assert_eq!(parse(gocheck).facts.test_functions, 1);
        let testify = "package suite\n\ntype MySuite struct{ Suite }\n\nfunc TestMySuite(t *testing.T) { Run(t, new(MySuite)) }\nfunc (s *MySuite) TestOne() {}\nfunc (s *MySuite) TestTwo() {}\n";
        assert_eq!(parse(testify).facts.test_functions, 3);
    }

    #[test]
    fn signatures_and_specs_say_what_they_lead_to() {
        let src = "package pflag\n\ntype FlagSet struct {\n\tUsage func(); formal map[string]*Flag\n\tout io.Writer\n}\n\ntype Suite struct {\n\t*assert.Assertions\n}\n\nvar CommandLine = NewFlagSet(os.Args[0], ExitOnError)\n\nconst (\n\tA, B = 1, 2\n\tC ErrorHandling = iota\n)\n\nfunc NewFlagSet(name string, h ErrorHandling) *FlagSet {\n\treturn &FlagSet{}\n}\n\nfunc (f *FlagSet) Lookup(name string) (flag *Flag, ok bool) { return nil, false }\n\nfunc (f *FlagSet) Parse(args []string) error { return nil }\n\nfunc Each(fn func(*Flag)) {}\n\nfunc Set() (s struct{ x Value }) { return }\n";
        let own = parse(src).own;
        let yields: Vec<(&str, Vec<&str>)> = own
            .yields
            .iter()
            .map(|(k, v)| (k.as_str(), v.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            yields,
            [
                ("C", vec!["ErrorHandling", "iota"]),
                (
                    "CommandLine",
                    vec!["Args", "ExitOnError", "NewFlagSet", "os"]
                ),
                ("FlagSet", vec!["Usage"]),
                ("FlagSet.Lookup", vec!["Flag", "bool", "flag", "ok"]),
                ("FlagSet.Parse", vec!["error"]),
                ("NewFlagSet", vec!["FlagSet"]),
                ("Set", vec!["Value", "s", "x"]),
                ("Suite", vec!["Assertions", "assert"]),
            ]
        );
        assert_eq!(
            own.hidden.get("FlagSet").unwrap(),
            &["Flag", "Writer", "formal", "io", "out", "string"],
            "unexported fields lead on only inside the package"
        );
        assert_eq!(own.values, ["CommandLine", "A", "B", "C"]);
        let facts = parse(src).facts;
        let defs = crate::model::def_lines(&facts.defs);
        assert!(
            defs.contains(&("Set", SymbolKind::Function, 29)),
            "a struct type among the results is not the body: {defs:?}"
        );
    }

    #[test]
    fn names_are_bare_selected_or_qualified() {
        let src = "package logrus\n\nimport \"example.com/flag\"\n\nfunc TestX(t *testing.T) {\n\ttests := []struct {\n\t\tname, isTerminal bool\n\t\t*Entry\n\t}{{isTerminal: true}}\n\tfs := flag.NewFlagSet(\"x\")\n\tfs.Parse(nil)\n\tif x := len(tests); x > 0 {\n\t\tcheckIfTerminal(fs)\n\t}\n}\n";
        let parsed = parse(src);
        let names = Names::new(&parsed);
        fn keys(v: Vec<(&str, u64)>) -> Vec<&str> {
            v.into_iter().map(|(n, _)| n).collect()
        }
        assert_eq!(
            keys(names.bare()),
            [
                "Entry",
                "TestX",
                "bool",
                "checkIfTerminal",
                "flag",
                "fs",
                "len",
                "nil",
                "t",
                "testing",
                "tests",
                "true",
                "x"
            ],
            "field names and literal keys are not uses"
        );
        let selected: Vec<&str> = parsed
            .facts
            .identifiers
            .keys()
            .filter(|n| names.selected(n).is_some())
            .collect();
        assert_eq!(selected, ["NewFlagSet", "Parse", "T"]);
        assert_eq!(keys(names.qualified("flag")), ["NewFlagSet"]);
        assert_eq!(keys(names.qualified("testing")), ["T"]);
        assert_eq!(names.selected("Parse"), Some(11));
    }

    #[test]
    fn tool_constraints_and_generated_markers_are_read_before_the_package_clause() {
        let own = |src: &str| parse(src).own;
        for tool in [
            "//go:build mage\n\npackage main\n",
            "//go:build ignore\n// +build ignore\n\npackage main\n",
            "//go:build tools && go1.18\n\npackage tools\n",
            "// +build generate\n\npackage main\n",
            "// +build gofuzz\n\npackage toml\n",
        ] {
            assert!(own(tool).tool_constraint.is_some(), "{tool}");
        }
        for platform in [
            "//go:build windows\n\npackage x\n",
            "//go:build !ignore\n\npackage x\n",
            "//go:build ignore || linux\n\npackage x\n",
            "// +build ignore linux\n\npackage x\n",
            "package x\n\n//go:build ignore\n",
        ] {
            assert_eq!(own(platform).tool_constraint, None, "{platform}");
        }
        let generated = "// Code generated by stringer -type=Kind; DO NOT EDIT.\n\npackage x\n";
        assert_eq!(
            own(generated).generated.as_deref(),
            Some("// Code generated by stringer -type=Kind; DO NOT EDIT.")
        );
        assert_eq!(
            own("package x\n\n// Code generated by hand; DO NOT EDIT.\n").generated,
            None,
            "only before the package clause"
        );
        let testify = "/*\n* CODE GENERATED AUTOMATICALLY WITH github.com/stretchr/testify/_codegen\n* THIS FILE MUST NOT BE EDITED BY HAND\n */\n\npackage assert\n";
        assert_eq!(
            own(testify).generated.as_deref(),
            Some("* CODE GENERATED AUTOMATICALLY WITH github.com/stretchr/testify/_codegen")
        );
        assert_eq!(
            own("// Package gen generates code.\n// Its output is checked in.\npackage gen\n")
                .generated,
            None,
            "saying 'generate' is not enough"
        );
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
