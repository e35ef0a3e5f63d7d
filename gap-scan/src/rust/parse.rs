//! Facts about one Rust file: `use` trees, `mod` declarations, items (functions, types, methods of inherent
//! `impl` blocks, each trait impl as one item of kind `impl`), `macro_rules!` macros, branch points, error
//! sites, identifiers, and what code uses beyond names (paths, macro calls, operators); `#[test]` functions,
//! and what the file's own test code (`#[cfg(test)]` items, doc tests) uses.

use std::collections::{BTreeMap, BTreeSet};

use crate::clike::{self, text, Cursor, Dialect, Kind, Token};
use crate::model::{self, Def, Parsed};
use crate::words::Words;
use gap_core::{Raise, SymbolKind};

/// Branch points: keywords.
pub const BRANCH_KEYWORDS: &Words = &Words::new(&["if", "while", "for"]);
/// Branch points: operators (`?` returns early on errors); each match arm's `=>` counts too.
pub const BRANCH_OPERATORS: &[&str] = &["&&", "||", "?"];
/// Macros that are error sites.
const ERROR_MACROS: &[&str] = &[
    "bail",
    "ensure",
    "panic",
    "todo",
    "unimplemented",
    "unreachable",
];
/// Macros whose functions are tests (`quickcheck! { fn prop(xs: Vec<u8>) -> bool { .. } }`).
pub const TEST_MACROS: &[&str] = &["proptest", "quickcheck"];
/// First path segments that leave the crate for the standard library, or name no module (`Self::new`).
const NOT_TREE_PATHS: &[&str] = &["Self", "alloc", "core", "std"];

const KEYWORDS: &Words = &Words::new(&[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while",
]);

/// Keywords before a name that put it where a type goes (`x: T`, `-> T`, `dyn T`, `impl T for U`, `x as T`).
const TYPE_AFTER: &[&str] = &[
    "as", "dyn", "enum", "for", "impl", "struct", "trait", "type", "where",
];

/// One leaf of a `use` tree.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UseItem {
    /// Path segments (`crate`, `super`, `self` included).
    pub path: Vec<String>,
    /// The local name (the last segment, or the `as` name).
    pub local: String,
    /// `use a::b::*`.
    pub glob: bool,
    /// `pub use`: re-exported.
    pub public: bool,
    /// 1-based line of its `use` statement.
    pub line: u64,
    /// The inline module it sits in (`sync`, `a::b`; a `#[cfg(test)]` module too), `""` at the file's top.
    pub scope: String,
    /// At the item level of the file or an inline module (not in a function body, a macro call or test
    /// code): what the outline lists as an import.
    pub item: bool,
    /// In test code (`#[cfg(test)]` items, doc tests).
    pub test: bool,
}

/// What every leaf of one `use` statement shares.
#[derive(Debug, Clone, Copy)]
struct UseStatement<'s> {
    public: bool,
    line: u64,
    scope: &'s str,
    item: bool,
    test: bool,
}

/// A trait impl (`impl Display for Version { .. }`): one definition of kind `impl`, named `Trait for Type`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TraitImpl {
    /// Its definition: an index into the file's definitions.
    pub def: usize,
    /// The trait's path as written, generic arguments dropped (`fmt::Display`, `PartialEq`).
    pub trait_path: Vec<String>,
    /// Names in the trait's generic arguments (`Value` of `PartialEq<Value>`).
    pub trait_args: Vec<String>,
    /// The implementing type's name (`Value` of `&'a Value`, `Expected` of `dyn Expected + '_`); none for
    /// slices, arrays, tuples and function pointers.
    pub ty: Option<String>,
    /// The inline module it sits in, `""` at the file's top.
    pub scope: String,
    /// Its methods' names.
    pub methods: Vec<String>,
    /// Its type is one of its own generic parameters (`impl<Q: ?Sized> Equivalent<K> for Q`).
    pub blanket: bool,
}

/// A `macro_rules!` macro.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MacroDef {
    /// Its name.
    pub name: String,
    /// 1-based line of `macro_rules!`.
    pub line: u64,
    /// Paths its body names through `$crate` (`crate::private::format_err`), `$crate` read as `crate`.
    pub paths: Vec<Vec<String>>,
    /// Macros its body calls (`__parse_ensure` of `$crate::__parse_ensure!(..)`).
    pub calls: Vec<String>,
    /// Its body writes functions or closures: their code lies in this file wherever the macro expands.
    pub has_code: bool,
}

/// What one part of a file's code (its code outside tests, or its test code) uses beyond plain names.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Usage {
    /// Paths of two or more segments (`crate::debug::Bytes`, `ast::parse::Parser`), by (inline module,
    /// segments), each at its first line; paths into the standard library left out.
    #[serde(with = "crate::codec::pairs")]
    pub paths: BTreeMap<(String, Vec<String>), u64>,
    /// Macros called (`name!`), at their first line.
    pub macros: BTreeMap<String, u64>,
    /// Operators and forms that run trait methods, at their first line: `==`, `!=`, `<`, `<=`, `>`, `>=`,
    /// `+`, `-`, `*`, `/`, `%` between spaced operands, indexing `[]`, `for`, `?`, and `{}` / `{:?}`
    /// placeholders in string literals.
    pub signals: BTreeMap<String, u64>,
    /// Names that show only where a type goes (`x: T`, `Vec<T>`, `f::<T>()`, `impl X for T`), never as a
    /// value, a path or a call.
    pub type_only: BTreeSet<String>,
}

impl Usage {
    /// Adds `other`'s paths, macros and signals, keeping the first line of each (not its type-only names).
    pub fn merge(&mut self, other: &Usage) {
        for (k, &line) in &other.paths {
            let l = self.paths.entry(k.clone()).or_insert(line);
            *l = (*l).min(line);
        }
        for (n, &line) in &other.macros {
            model::note(&mut self.macros, n, line);
        }
        for (n, &line) in &other.signals {
            model::note(&mut self.signals, n, line);
        }
    }
}

/// An item built only with a feature on (or only with it off): `#[cfg(feature = "x")]`,
/// `#[cfg(not(feature = "x"))]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FeatureGate {
    /// The item's first and last line.
    pub lines: (u64, u64),
    /// The feature.
    pub feature: String,
    /// Built when the feature is on (`false`: when it is off).
    pub on: bool,
}

/// One unit of test code (a `#[test]` function, a function of a `#[cfg(test)]` module, a doc test): what it
/// shows, so that a type and a trait's use can be paired inside one test.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TestUnit {
    /// Names it shows (its `use` lines included), at their first line.
    pub names: BTreeMap<String, u64>,
    /// Its macros and signals (paths are left out).
    pub usage: Usage,
}

/// What a Rust file holds beyond the shared facts (whose definitions are items outside test code, methods of
/// inherent `impl` blocks as `Type.method`, trait impls as `Trait for Type`; whose branch points and error
/// sites are outside test code; whose test functions are `#[test]` functions, functions of test macros and
/// doc tests; whose identifiers exclude `use` lines and `mod` declarations).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RsFile {
    /// `use` leaves: of the item level, of function bodies and macro calls, and of test code.
    pub uses: Vec<UseItem>,
    /// `mod name;` declarations outside test code (macro calls such as `cfg_if!` included), with their lines.
    pub mods: Vec<(String, u64)>,
    /// `#[cfg(test)] mod name;` declarations: files of test code.
    pub test_mods: Vec<String>,
    /// Inline modules (`mod sync { ... }`) by path inside the file (`sync`, `sync::inner`), and whether they
    /// and every module around them are public.
    pub inline_mods: Vec<(String, bool)>,
    /// Names the file's test code (`#[cfg(test)]` items, `#[test]` functions, doc tests) uses.
    pub self_test_identifiers: BTreeMap<String, u64>,
    /// Short string literals (binary names that tests run, like `cargo_bin("tool")`).
    pub strings: BTreeMap<String, u64>,
    /// Trait impls, in file order.
    pub impls: Vec<TraitImpl>,
    /// Traits it defines, named as its definitions are (`sync::Lazy`), and whether any of their methods
    /// has a default body.
    pub traits: Vec<(String, bool)>,
    /// `macro_rules!` macros, in file order.
    pub macros: Vec<MacroDef>,
    /// What its code outside tests uses beyond names; `type_only` over the whole file.
    pub code: Usage,
    /// What its test code uses beyond names.
    pub tests: Usage,
    /// The methods with a default body of each trait it defines (a test calling one runs this file).
    pub provided: Vec<(String, Vec<String>)>,
    /// Items built only with a feature on or off, in file order.
    pub feature_gates: Vec<FeatureGate>,
    /// Units of its test code: functions in file order, then doc tests.
    pub test_units: Vec<TestUnit>,
    /// Names written in item-level macro calls outside test code (`index_type_impls!(PatternID, ..)`): the
    /// macro may write methods for them.
    pub macro_args: BTreeSet<String>,
    /// The comment line that says the file is generated (`// @generated`, `// DO NOT EDIT`), among the
    /// comments that open it.
    pub generated: Option<String>,
}

fn is_path_sep(toks: &[Token], i: usize) -> bool {
    toks.get(i).is_some_and(|t| t.kind == Kind::Op(b':'))
        && toks
            .get(i + 1)
            .is_some_and(|u| u.kind == Kind::Op(b':') && u.start == toks[i].start + 1)
}

/// The index after the group opened at `i` by `open` and closed by `close` (angle brackets too).
fn skip_group(toks: &[Token], i: usize, open: u8, close: u8) -> usize {
    let mut level = 0i32;
    for (j, t) in toks.iter().enumerate().skip(i) {
        if t.kind == Kind::Op(open) {
            level += 1;
        } else if t.kind == Kind::Op(close)
            && !(close == b'>' && j > 0 && toks[j - 1].kind == Kind::Op(b'-'))
        {
            level -= 1;
            if level == 0 {
                return j + 1;
            }
        }
    }
    toks.len()
}

/// The index after the `}` closing the block whose `{` is at `open`.
fn block_end(toks: &[Token], open: usize) -> usize {
    let d = toks[open].depth;
    toks[open + 1..]
        .iter()
        .position(|t| t.kind == Kind::Op(b'}') && t.depth == d + 1)
        .map_or(toks.len(), |p| open + 1 + p + 1)
}

/// The index after the delimited group (`(..)`, `[..]`, `{..}`) opening at `open`.
fn group_end(toks: &[Token], open: usize) -> usize {
    match toks[open].kind {
        Kind::Op(b'{') => block_end(toks, open),
        Kind::Op(b'(') => skip_group(toks, open, b'(', b')'),
        Kind::Op(b'[') => skip_group(toks, open, b'[', b']'),
        _ => open + 1,
    }
}

/// An attribute's text without whitespace (`#[cfg(all(test,feature="std"))]`).
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// True for a `#[test]`-like attribute (compacted): its path is `test` or ends in `::test` (`#[tokio::test]`).
pub fn is_test_attr(a: &str) -> bool {
    let inner = a.trim_start_matches("#[").trim_end_matches(']');
    let path = inner.split(['(', '=']).next().unwrap_or("");
    path == "test" || path.ends_with("::test")
}

/// The feature an item's attribute (compacted) builds it under: `#[cfg(feature="x")]` gives `("x", true)`,
/// `#[cfg(not(feature="x"))]` `("x", false)`; other attributes (and compound predicates) give `None`.
pub fn feature_gate(a: &str) -> Option<(String, bool)> {
    let pred = a.strip_prefix("#[cfg(")?.strip_suffix(")]")?;
    let (pred, on) = match pred.strip_prefix("not(") {
        Some(p) => (p.strip_suffix(')')?, false),
        None => (pred, true),
    };
    let name = pred.strip_prefix("feature=\"")?.strip_suffix('"')?;
    (!name.contains('"')).then(|| (name.to_string(), on))
}

/// True for `#[cfg(test)]` or `#[cfg(all(.., test, ..))]` (compacted): the item exists only in test builds
/// (`#[cfg(not(test))]` and `#[cfg(any(test, ..))]` do not say so).
pub fn is_cfg_test(a: &str) -> bool {
    let Some(pred) = a.strip_prefix("#[cfg(").and_then(|s| s.strip_suffix(")]")) else {
        return false;
    };
    if pred == "test" {
        return true;
    }
    let Some(args) = pred.strip_prefix("all(").and_then(|s| s.strip_suffix(')')) else {
        return false;
    };
    let mut level = 0i32;
    let mut start = 0;
    for (i, c) in args.char_indices() {
        match c {
            '(' => level += 1,
            ')' => level -= 1,
            ',' if level == 0 => {
                if &args[start..i] == "test" {
                    return true;
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    &args[start..] == "test"
}

/// Tokens as written with whitespace normalized: no spaces but between two words and after `,` and `;`
/// (`PartialEq<&'a str>`, `Compound<'a, W, F>`, `[Span; 1]`).
pub fn spelled(src: &str, toks: &[Token]) -> String {
    let mut out = String::new();
    let mut prev_word = false;
    for t in toks {
        let word = matches!(t.kind, Kind::Name | Kind::Num);
        if word && prev_word {
            out.push(' ');
        }
        out.push_str(text(src, t));
        if matches!(t.kind, Kind::Op(b',' | b';')) {
            out.push(' ');
        }
        prev_word = word;
    }
    out.trim_end().to_string()
}

/// The name of the type `toks` spell: the last segment of its path (`Value` of `&'a mut crate::Value<T>`,
/// `Expected` of `dyn Expected + '_`); none for slices, arrays, tuples, pointers to functions and `!`.
fn type_name<'s>(src: &'s str, toks: &[Token]) -> Option<&'s str> {
    let mut j = 0;
    while let Some(t) = toks.get(j) {
        let w = if t.kind == Kind::Name {
            text(src, t)
        } else {
            ""
        };
        match t.kind {
            Kind::Op(b'&' | b'*') => j += 1,
            Kind::Op(b'\'') => j += 2,
            Kind::Name if matches!(w, "mut" | "const" | "dyn") => j += 1,
            _ => break,
        }
    }
    let mut name = None;
    while let Some(t) = toks.get(j) {
        if t.kind != Kind::Name {
            return None;
        }
        let w = text(src, t);
        if matches!(w, "fn" | "impl" | "unsafe" | "extern") {
            return None;
        }
        name = Some(w);
        if !is_path_sep(toks, j + 1) {
            break;
        }
        j += 3;
    }
    name
}

/// Parses a use tree starting at `i`, pushing leaves; returns the index after it.
fn use_tree(
    src: &str,
    toks: &[Token],
    mut i: usize,
    prefix: &[String],
    statement: UseStatement,
    out: &mut Vec<UseItem>,
) -> usize {
    let leaf = |path: &[String], local: String, glob: bool| UseItem {
        path: path.to_vec(),
        local,
        glob,
        public: statement.public,
        line: statement.line,
        scope: statement.scope.to_string(),
        item: statement.item,
        test: statement.test,
    };
    let mut path = prefix.to_vec();
    while i < toks.len() {
        let t = &toks[i];
        match t.kind {
            Kind::Name => {
                path.push(text(src, t).to_string());
                i += 1;
                if is_path_sep(toks, i) {
                    i += 2;
                    continue;
                }
                let mut local = path.last().cloned().unwrap_or_default();
                if toks.get(i).is_some_and(|t| text(src, t) == "as") {
                    local = toks
                        .get(i + 1)
                        .map(|t| text(src, t).to_string())
                        .unwrap_or_default();
                    i += 2;
                }
                if local == "self" {
                    path.pop();
                    local = path.last().cloned().unwrap_or_default();
                }
                out.push(leaf(&path, local, false));
                return i;
            }
            Kind::Op(b'*') => {
                out.push(leaf(&path, String::new(), true));
                return i + 1;
            }
            Kind::Op(b'{') => {
                i += 1;
                while i < toks.len() && toks[i].kind != Kind::Op(b'}') {
                    if toks[i].kind == Kind::Op(b',') {
                        i += 1;
                        continue;
                    }
                    let next = use_tree(src, toks, i, &path, statement, out);
                    i = next.max(i + 1);
                }
                return i + 1;
            }
            Kind::Op(b':') => i += 1, // a leading `::`
            _ => return i,
        }
    }
    i
}

/// The index after the `use` statement whose tree starts at `from`: after its `;`.
fn statement_end(toks: &[Token], from: usize) -> usize {
    let from = from.min(toks.len());
    toks[from..]
        .iter()
        .position(|t| t.kind == Kind::Op(b';'))
        .map_or(toks.len(), |p| from + p + 1)
}

/// One file being read: items by kind, each with its own method; which tokens are `use` lines, test code,
/// macro definitions and impl headers, which item each token belongs to and which inline module it sits in.
struct Parser<'a> {
    c: Cursor<'a>,
    f: Parsed<RsFile>,
    /// Tokens of `use` lines and `mod name;` declarations (not identifiers of the file).
    in_use: Vec<bool>,
    /// Tokens of test code: `#[cfg(test)]` items, `#[test]` functions, test macros.
    in_test: Vec<bool>,
    /// Tokens of `macro_rules!` definitions.
    in_macro: Vec<bool>,
    /// The definition each token belongs to (u32: fewer bytes to clear per token than usize).
    owner: Vec<Option<u32>>,
    /// Impl headers: their `for` (`impl Trait for Type`) is no loop.
    header: Vec<bool>,
    /// The inline module each token sits in: an index into `scopes` (u32, as `owner`).
    scope_of: Vec<u32>,
    /// Inline modules (`""` first, the file's top).
    scopes: Vec<String>,
    /// The inline module being read (`sync::inner`), `""` at the file's top.
    scope: String,
    /// Every module from the file's top to `scope` is public.
    scope_public: bool,
    /// Token ranges of the units of test code outside doc tests (see [`TestUnit`]).
    units: Vec<(usize, usize)>,
}

/// Reads one Rust file.
pub fn parse(src: &str) -> Parsed<RsFile> {
    let lexed = clike::lex(src, Dialect::RUST);
    let toks = &lexed.tokens;
    let n = toks.len();
    let mut p = Parser {
        c: Cursor { src, toks },
        f: Parsed {
            facts: lexed.facts(),
            own: RsFile::default(),
        },
        in_use: vec![false; n],
        in_test: vec![false; n],
        in_macro: vec![false; n],
        owner: vec![None; n],
        header: vec![false; n],
        scope_of: vec![0; n],
        scopes: vec![String::new()],
        scope: String::new(),
        scope_public: true,
        units: Vec::new(),
    };
    p.macro_defs();
    p.items(0, n, 0);
    p.finish()
}

impl<'a> Parser<'a> {
    /// The first `{` or `;` at brace depth `depth` from token `from` on.
    fn body_start(&self, from: usize, depth: u32) -> Option<usize> {
        (from..self.c.toks.len()).find(|&j| {
            self.c.toks[j].depth == depth && matches!(self.c.toks[j].kind, Kind::Op(b'{' | b';'))
        })
    }

    /// The index after the item whose body starts at `open` (a `{ ... }` block or a `;`).
    fn body_end(&self, open: Option<usize>) -> usize {
        match open {
            Some(o) if self.c.op(o, b'{') => block_end(self.c.toks, o),
            Some(o) => o + 1,
            None => self.c.toks.len(),
        }
    }

    /// `name` inside the current inline module: `sync::name`.
    fn scoped(&self, name: &str) -> String {
        if self.scope.is_empty() {
            name.to_string()
        } else {
            format!("{}::{name}", self.scope)
        }
    }

    /// Marks tokens `from..to` as sitting in inline module `path` (a test module too).
    fn enter_scope(&mut self, path: String, from: usize, to: usize) {
        self.scopes.push(path);
        let id = self.scopes.len() - 1;
        let to = to.min(self.scope_of.len());
        self.scope_of[from..to]
            .iter_mut()
            .for_each(|s| *s = id as u32);
    }

    /// Records a definition whose tokens are `from..to`, named and made visible as its module places it.
    fn define(&mut self, mut def: Def, from: usize, to: usize) -> usize {
        def.public &= self.scope_public;
        if !matches!(def.kind, SymbolKind::Method | SymbolKind::Impl) {
            def.name = self.scoped(&def.name);
        }
        self.f.facts.defs.push(def);
        let d = self.f.facts.defs.len() - 1;
        let to = to.min(self.c.toks.len());
        self.owner[from.min(to)..to]
            .iter_mut()
            .for_each(|x| *x = Some(d as u32));
        d
    }

    /// `macro_rules! name { .. }` anywhere (inside other macro calls too): the macro, its paths through
    /// `$crate` and the macros it calls; its tokens are a template, not code of the file.
    fn macro_defs(&mut self) {
        let toks = self.c.toks;
        let mut k = 0;
        while k < toks.len() {
            if !(self.c.word(k) == "macro_rules"
                && self.c.op(k + 1, b'!')
                && !self.c.word(k + 2).is_empty()
                && matches!(
                    toks.get(k + 3).map(|t| t.kind),
                    Some(Kind::Op(b'{' | b'(' | b'['))
                ))
            {
                k += 1;
                continue;
            }
            let end = group_end(toks, k + 3);
            let mut def = MacroDef {
                name: self.c.word(k + 2).to_string(),
                line: u64::from(toks[k].line),
                paths: Vec::new(),
                calls: Vec::new(),
                has_code: false,
            };
            for j in k + 4..end {
                let closure = toks[j].kind == Kind::Op(b'|')
                    && (self.c.word(j - 1) == "move"
                        || matches!(toks[j - 1].kind, Kind::Op(b'(' | b',' | b'=' | b'>')));
                def.has_code |= closure || self.c.word(j) == "fn";
                if let Some((segs, after)) = path_at(self.c.src, toks, j) {
                    if segs[0] == "$crate" {
                        let mut segs = segs;
                        segs[0] = "crate".to_string();
                        if self.c.op(after, b'!') {
                            def.calls.extend(segs.last().cloned());
                        } else {
                            def.paths.push(segs);
                        }
                    }
                } else if let Some(m) = macro_at(self.c.src, toks, j) {
                    if j == 0 || !is_path_sep(toks, j - 2) {
                        def.calls.push(m.to_string());
                    }
                }
            }
            def.paths.sort();
            def.paths.dedup();
            def.calls.sort();
            def.calls.dedup();
            self.f.own.macros.push(def);
            self.in_macro[k..end].iter_mut().for_each(|x| *x = true);
            k = end;
        }
    }

    /// Reads the items among tokens `from..to` at brace depth `depth`.
    fn items(&mut self, from: usize, to: usize, depth: u32) {
        let toks = self.c.toks;
        let mut attrs: Vec<String> = Vec::new();
        let mut i = from;
        while i < to {
            let t = toks[i];
            if self.in_macro[i] {
                i += 1;
                continue;
            }
            // Attributes: remember them for the next item.
            if t.depth >= depth && t.kind == Kind::Op(b'#') && self.c.op(i + 1, b'[') {
                let end = skip_group(toks, i + 1, b'[', b']');
                attrs.push(compact(
                    &self.c.src[t.start..toks[end - 1].end.max(t.start)],
                ));
                i = end;
                continue;
            }
            if t.depth != depth || t.kind != Kind::Name {
                i += 1;
                continue;
            }
            let (k, public) = self.qualifiers(i);
            let test_attr = attrs.iter().any(|a| is_test_attr(a));
            let cfg_test = attrs.iter().any(|a| is_cfg_test(a));
            let mut attrs_gate = attrs.iter().find_map(|a| feature_gate(a));
            attrs.clear();
            let word = self.c.word(k);
            if self.c.op(k + 1, b'!') && !self.c.op(k + 2, b'=') {
                i = self.macro_call(k);
                continue;
            }
            if cfg_test && word != "mod" {
                i = self.test_item(i, k);
                continue;
            }
            let gate = attrs_gate.take();
            let first_line = u64::from(t.line);
            i = match word {
                "use" => self.use_item(i, k, public),
                "mod" => self.mod_item(i, k, public, cfg_test),
                "fn" => self.fn_item(i, k, public, test_attr),
                "struct" | "enum" | "trait" | "union" => self.type_item(i, k, public),
                "impl" => match self.impl_item(i, k) {
                    Some(end) => end,
                    None => break,
                },
                _ => k + 1,
            };
            if let Some((feature, on)) = gate {
                let last = u64::from(toks[i.clamp(1, toks.len()) - 1].line);
                self.f.own.feature_gates.push(FeatureGate {
                    lines: (first_line, last),
                    feature,
                    on,
                });
            }
        }
    }

    /// Visibility and qualifiers (`pub(crate)`, `async`, `const`, `unsafe`, `extern "C"`, `default`) from
    /// token `i`: (the index of the item keyword, whether it is `pub` to everyone).
    fn qualifiers(&self, i: usize) -> (usize, bool) {
        let mut k = i;
        let mut public = false;
        if self.c.word(k) == "pub" {
            public = !self.c.op(k + 1, b'(');
            k += 1;
            if self.c.op(k, b'(') {
                k = skip_group(self.c.toks, k, b'(', b')');
            }
        }
        while matches!(
            self.c.word(k),
            "async" | "const" | "unsafe" | "extern" | "default"
        ) && !self.c.op(k + 1, b'!')
        {
            k += 1;
            if self.c.toks.get(k).is_some_and(|u| u.kind == Kind::Str) {
                k += 1;
            }
        }
        (k, public)
    }

    /// A macro called at the item level (`name! { .. }`, name at `k`): a test macro's functions are tests;
    /// another's `mod name;` declarations are modules (`cfg_if! { mod sse2; use sse2 as imp; }`).
    fn macro_call(&mut self, k: usize) -> usize {
        let toks = self.c.toks;
        let open = k + 2;
        if !matches!(
            toks.get(open).map(|t| t.kind),
            Some(Kind::Op(b'{' | b'(' | b'['))
        ) {
            return k + 2;
        }
        let end = group_end(toks, open);
        let name = self.c.word(k);
        if TEST_MACROS.contains(&name) {
            let inner = toks[open].depth + u32::from(toks[open].kind == Kind::Op(b'{'));
            let fns = (open + 1..end)
                .filter(|&j| self.c.word(j) == "fn" && toks[j].depth == inner)
                .count();
            self.f.facts.test_functions += fns as u64;
            self.in_test[k..end].iter_mut().for_each(|x| *x = true);
        } else {
            for (j, t) in toks.iter().enumerate().take(end).skip(open + 1) {
                if t.kind == Kind::Name && !self.in_test[j] && !self.in_macro[j] {
                    let w = self.c.word(j);
                    if w.starts_with(|c: char| c.is_ascii_uppercase()) {
                        self.f.own.macro_args.insert(w.to_string());
                    }
                }
                if self.c.word(j) == "mod"
                    && !self.c.word(j + 1).is_empty()
                    && self.c.op(j + 2, b';')
                    && !self.in_macro[j]
                {
                    let line = u64::from(t.line);
                    self.f.own.mods.push((self.c.word(j + 1).to_string(), line));
                    self.in_use[j..j + 3].iter_mut().for_each(|x| *x = true);
                }
            }
        }
        if self.c.op(end, b';') {
            end + 1
        } else {
            end
        }
    }

    /// An item that exists only in test builds (`#[cfg(test)] fn helper() {}`), starting at `i` with its
    /// keyword at `k`: test code, no definition.
    fn test_item(&mut self, i: usize, k: usize) -> usize {
        let end = if self.c.word(k) == "use" {
            statement_end(self.c.toks, k)
        } else {
            self.body_end(self.body_start(k, self.c.toks[k].depth))
        };
        self.in_test[i..end].iter_mut().for_each(|x| *x = true);
        if self.c.word(k) == "fn" {
            self.units.push((i, end));
        }
        end
    }

    /// `use tree;` starting at `i` (keyword at `k`), at the item level.
    fn use_item(&mut self, i: usize, k: usize, public: bool) -> usize {
        let scope = self.scope.clone();
        self.use_statement(i, k, public, true, &scope)
    }

    /// The `use` statement starting at `i` (keyword at `k`) in inline module `scope`, at the item level or
    /// not: its leaves; returns the index after it.
    fn use_statement(
        &mut self,
        i: usize,
        k: usize,
        public: bool,
        item: bool,
        scope: &str,
    ) -> usize {
        let toks = self.c.toks;
        let statement = UseStatement {
            public,
            line: u64::from(toks[i].line),
            scope,
            item,
            test: self.in_test[k],
        };
        let end = use_tree(
            self.c.src,
            toks,
            k + 1,
            &[],
            statement,
            &mut self.f.own.uses,
        );
        let end = statement_end(toks, end);
        self.in_use[i..end].iter_mut().for_each(|x| *x = true);
        end
    }

    /// `mod name;` or `mod name { ... }` (keyword at `k`); a `#[cfg(test)]` module is test code (a file of
    /// test code for `mod name;`), another inline module's items are read with its path.
    fn mod_item(&mut self, i: usize, k: usize, public: bool, cfg_test: bool) -> usize {
        let toks = self.c.toks;
        let name = self.c.word(k + 1).to_string();
        if self.c.op(k + 2, b';') {
            let line = u64::from(toks[k].line);
            if cfg_test {
                self.f.own.test_mods.push(name);
            } else {
                self.f.own.mods.push((name, line));
            }
            self.in_use[i..k + 3].iter_mut().for_each(|x| *x = true);
            return k + 3;
        }
        let Some(open) = (k..toks.len()).find(|&j| self.c.op(j, b'{')) else {
            return k + 1;
        };
        let end = block_end(toks, open);
        if cfg_test {
            self.in_test[i..end].iter_mut().for_each(|x| *x = true);
            self.f.facts.test_functions += count_test_fns(self.c.src, &toks[open..end]);
            let mut j = open + 1;
            while j < end {
                if self.c.word(j) == "fn" && !self.in_macro[j] {
                    let e = self.body_end(self.body_start(j, toks[j].depth)).min(end);
                    self.units.push((j, e));
                    j = e.max(j + 1);
                } else {
                    j += 1;
                }
            }
            let path = self.scoped(&name);
            self.enter_scope(path, open, end);
        } else if !name.is_empty() {
            let outer = (self.scope.clone(), self.scope_public);
            self.scope = self.scoped(&name);
            self.scope_public &= public;
            self.f
                .own
                .inline_mods
                .push((self.scope.clone(), self.scope_public));
            self.enter_scope(self.scope.clone(), open, end);
            self.items(open + 1, end, toks[open].depth + 1);
            (self.scope, self.scope_public) = outer;
        }
        end
    }

    /// `fn name ...` (keyword at `k`): a definition, or a test function.
    fn fn_item(&mut self, i: usize, k: usize, public: bool, test: bool) -> usize {
        let name = self.c.word(k + 1).to_string();
        let end = self.body_end(self.body_start(k, self.c.toks[k].depth));
        if test {
            self.f.facts.test_functions += 1;
            self.in_test[i..end].iter_mut().for_each(|x| *x = true);
            self.units.push((i, end));
        } else if !name.is_empty() {
            let line = u64::from(self.c.toks[k].line);
            self.define(Def::new(name, SymbolKind::Function, line, public), i, end);
        }
        end
    }

    /// `struct`, `enum`, `trait`, `union` (keyword at `k`).
    fn type_item(&mut self, i: usize, k: usize, public: bool) -> usize {
        let toks = self.c.toks;
        let depth = toks[k].depth;
        let name = self.c.word(k + 1).to_string();
        let mut j = k + 2;
        while j < toks.len()
            && !(toks[j].depth == depth && matches!(toks[j].kind, Kind::Op(b'{' | b';')))
        {
            if toks[j].kind == Kind::Op(b'(') {
                j = skip_group(toks, j, b'(', b')');
            } else {
                j += 1;
            }
        }
        // A file that ends inside the header (`trait X` and nothing more) ends the item.
        let end = if self.c.op(j, b'{') {
            block_end(toks, j)
        } else {
            (j + 1).min(toks.len())
        };
        if !name.is_empty() {
            let line = u64::from(toks[k].line);
            if self.c.word(k) == "trait" {
                // A default method: `fn` at the block's level whose body opens.
                let inner = depth + 1;
                let provided: Vec<String> = (j..end)
                    .filter(|&m| {
                        toks[m].depth == inner
                            && self.c.word(m) == "fn"
                            && self
                                .body_start(m, inner)
                                .is_some_and(|o| o < end && self.c.op(o, b'{'))
                    })
                    .map(|m| self.c.word(m + 1).to_string())
                    .collect();
                let bodies = !provided.is_empty();
                self.f.own.traits.push((self.scoped(&name), bodies));
                self.f.own.provided.push((self.scoped(&name), provided));
            }
            self.define(Def::new(name, SymbolKind::Class, line, public), i, end);
        }
        end
    }

    /// `impl [<...>] [Trait for] Type { fn ... }` (keyword at `k`): an inherent impl's methods as
    /// `Type.method`; a trait impl with functions as one definition. `None` when the block never opens.
    fn impl_item(&mut self, i: usize, k: usize) -> Option<usize> {
        let toks = self.c.toks;
        let depth = toks[k].depth;
        let mut head = k + 1;
        if self.c.op(head, b'<') {
            head = skip_group(toks, head, b'<', b'>');
        }
        // The header: `[!]Trait for Type` or `Type`, up to `{` or `where` at angle level 0.
        let opens = |j: usize| toks[j].kind == Kind::Op(b'{') && toks[j].depth == depth;
        let (mut angle, mut for_at, mut stop) = (0i32, None, None);
        let mut j = head;
        while j < toks.len() && !opens(j) {
            match toks[j].kind {
                Kind::Op(b'<') => angle += 1,
                Kind::Op(b'>') if !(j > 0 && toks[j - 1].kind == Kind::Op(b'-')) => angle -= 1,
                Kind::Name if angle == 0 => match self.c.word(j) {
                    "for" if for_at.is_none() && !self.c.op(j + 1, b'<') => for_at = Some(j),
                    "where" => {
                        stop = Some(j);
                        break;
                    }
                    _ => {}
                },
                _ => {}
            }
            j += 1;
        }
        let header_end = stop.unwrap_or(j);
        while j < toks.len() && !opens(j) {
            j += 1;
        }
        if j >= toks.len() {
            return None;
        }
        self.header[i..j].iter_mut().for_each(|x| *x = true);
        let end = block_end(toks, j);
        match for_at {
            Some(f) => self.trait_impl(k, head..f, f + 1..header_end, j, end),
            None => {
                let ty = type_name(self.c.src, &toks[head..header_end])
                    .map(|t| self.scoped(t))
                    .unwrap_or_default();
                self.methods(j, end, &ty);
            }
        }
        Some(end)
    }

    /// The `fn` items directly in the block opened at `open` (closing before `end`): (their `fn` token, the
    /// index after them, whether they are `#[test]`-like).
    fn block_fns(&self, open: usize, end: usize) -> Vec<(usize, usize, bool)> {
        let toks = self.c.toks;
        let inner = toks[open].depth + 1;
        let mut out = Vec::new();
        let mut m = open + 1;
        let mut test = false;
        while m < end {
            let u = toks[m];
            if u.kind == Kind::Op(b'#') && u.depth == inner && self.c.op(m + 1, b'[') {
                let e = skip_group(toks, m + 1, b'[', b']');
                test |= is_test_attr(&compact(&self.c.src[u.start..toks[e - 1].end]));
                m = e;
                continue;
            }
            if u.depth == inner && self.c.word(m) == "fn" {
                let mend = match self.body_start(m, inner) {
                    Some(o) if o < end => self.body_end(Some(o)),
                    _ => end,
                };
                out.push((m, mend, test));
                test = false;
                m = mend;
                continue;
            }
            if u.depth == inner && u.kind == Kind::Op(b';') {
                test = false;
            }
            m += 1;
        }
        out
    }

    /// The `fn`s of the inherent impl block opened at `open` (closing before `end`), of type `ty`.
    fn methods(&mut self, open: usize, end: usize, ty: &str) {
        let toks = self.c.toks;
        let inner = toks[open].depth + 1;
        for (m, mend, test) in self.block_fns(open, end) {
            let name = self.c.word(m + 1).to_string();
            let mut p = m;
            while p > open + 1
                && toks[p - 1].depth == inner
                && matches!(toks[p - 1].kind, Kind::Name | Kind::Str)
                && self.c.word(p - 1) != "fn"
            {
                p -= 1;
            }
            let public =
                toks[p..m].iter().any(|x| text(self.c.src, x) == "pub") && !self.c.op(p + 1, b'(');
            if test {
                self.f.facts.test_functions += 1;
                self.in_test[m..mend].iter_mut().for_each(|x| *x = true);
            } else if !name.is_empty() && !ty.is_empty() {
                let line = u64::from(toks[m].line);
                let def = Def::new(format!("{ty}.{name}"), SymbolKind::Method, line, public);
                self.define(def, m, mend);
            }
        }
    }

    /// A trait impl (keyword at `k`, trait tokens `tr`, type tokens `ty`, block `open..end`) with at least
    /// one function: one definition named `Trait for Type` (the trait's last path segment with its generic
    /// arguments, the type as written) whose body is the whole block; public until [`Parser::finish`] finds
    /// its type or trait private in this file.
    fn trait_impl(
        &mut self,
        k: usize,
        tr: std::ops::Range<usize>,
        ty: std::ops::Range<usize>,
        open: usize,
        end: usize,
    ) {
        let (src, toks) = (self.c.src, self.c.toks);
        let fns = self.block_fns(open, end);
        let methods: Vec<String> = fns
            .iter()
            .filter(|f| !f.2)
            .map(|f| self.c.word(f.0 + 1).to_string())
            .filter(|n| !n.is_empty())
            .collect();
        if methods.is_empty() {
            return;
        }
        let trait_toks = &toks[tr.clone()];
        // The trait's path (at angle level 0) and the names in its generic arguments.
        let (mut trait_path, mut trait_args, mut angle, mut last) = (Vec::new(), Vec::new(), 0, 0);
        for (x, t) in trait_toks.iter().enumerate() {
            match t.kind {
                Kind::Op(b'<') => angle += 1,
                Kind::Op(b'>') if !(x > 0 && trait_toks[x - 1].kind == Kind::Op(b'-')) => {
                    angle -= 1
                }
                Kind::Op(b':') if angle == 0 && is_path_sep(trait_toks, x) => last = x + 2,
                Kind::Name if angle == 0 => trait_path.push(text(src, t).to_string()),
                Kind::Name => trait_args.push(text(src, t).to_string()),
                _ => {}
            }
        }
        let last = last.min(trait_toks.len());
        let name = format!(
            "{} for {}",
            spelled(src, &trait_toks[last..]),
            spelled(src, &toks[ty.clone()])
        );
        let line = u64::from(toks[k].line);
        let def = self.define(Def::new(name, SymbolKind::Impl, line, true), k, end);
        for (m, mend, test) in fns {
            if test {
                self.f.facts.test_functions += 1;
                self.in_test[m..mend].iter_mut().for_each(|x| *x = true);
            }
        }
        self.f.own.impls.push(TraitImpl {
            def,
            trait_path,
            trait_args,
            blanket: type_name(src, &toks[ty.clone()]).is_some_and(|t| {
                toks[k + 1..tr.start]
                    .iter()
                    .any(|g| g.kind == Kind::Name && text(src, g) == t)
            }),
            ty: type_name(src, &toks[ty]).map(String::from),
            scope: self.scope.clone(),
            methods,
        });
    }

    /// `use` statements outside the item level (in function bodies, macro calls and test code).
    fn inner_uses(&mut self) {
        let toks = self.c.toks;
        for k in 0..toks.len() {
            let t = &toks[k];
            if t.kind != Kind::Name
                || t.end - t.start != 3
                || self.c.word(k) != "use"
                || self.in_use[k]
                || self.in_macro[k]
            {
                continue;
            }
            let starts = k == 0
                || matches!(toks[k - 1].kind, Kind::Op(b';' | b'{' | b'}' | b']'))
                || self.c.word(k - 1) == "pub";
            if !starts {
                continue;
            }
            let scope = self.scopes[self.scope_of[k] as usize].clone();
            self.use_statement(k, k, false, false, &scope);
        }
    }

    /// A trait impl is not public when its type or its trait is a private item of this file, or it sits in a
    /// private module.
    fn impl_visibility(&mut self) {
        let defs = &mut self.f.facts.defs;
        for im in &self.f.own.impls {
            let private = |name: &str| {
                let full = if im.scope.is_empty() {
                    name.to_string()
                } else {
                    format!("{}::{name}", im.scope)
                };
                defs.iter()
                    .any(|d| d.kind == SymbolKind::Class && d.name == full && !d.public)
            };
            let hidden = im.ty.as_deref().is_some_and(private)
                || im.trait_path.last().is_some_and(|t| private(t));
            let in_public_scope = im.scope.is_empty()
                || self
                    .f
                    .own
                    .inline_mods
                    .iter()
                    .any(|(m, public)| *m == im.scope && *public);
            if hidden || !in_public_scope {
                defs[im.def].public = false;
            }
        }
    }

    /// Branch points and error sites outside tests, credited to their items; strings; identifiers and what
    /// code uses beyond them; doc tests.
    fn finish(mut self) -> Parsed<RsFile> {
        self.inner_uses();
        self.impl_visibility();
        let (src, toks) = (self.c.src, self.c.toks);
        let f = &mut self.f;
        // `=>` at token `j`: a match arm, one branch point.
        let arrow = |j: usize| {
            toks[j].kind == Kind::Op(b'=')
                && toks
                    .get(j + 1)
                    .is_some_and(|u| u.kind == Kind::Op(b'>') && u.start == toks[j].end)
        };
        let mut k = 0;
        while k < toks.len() {
            let start = k;
            while k < toks.len()
                && self.owner[k] == self.owner[start]
                && self.in_test[k] == self.in_test[start]
                && self.header[k] == self.header[start]
                && self.in_macro[k] == self.in_macro[start]
            {
                k += 1;
            }
            if self.in_test[start] || self.header[start] || self.in_macro[start] {
                continue;
            }
            let run = &toks[start..k];
            let b = clike::count_branches(src, run, BRANCH_KEYWORDS, BRANCH_OPERATORS)
                + (start..k).filter(|&j| arrow(j)).count() as u64;
            f.facts.branches += b;
            let raises = error_sites(src, run, &mut f.facts.raises);
            if let Some(d) = self.owner[start].map(|d| d as usize) {
                f.facts.defs[d].branches += b;
                f.facts.defs[d].raises += raises;
            }
        }
        for t in toks
            .iter()
            .filter(|t| t.kind == Kind::Str && t.end - t.start <= 66)
        {
            let line = u64::from(t.line);
            model::note(&mut f.own.strings, clike::unquote(text(src, t)), line);
        }
        let mut names = Names::default();
        let mut test_names = Names::default();
        for k in 0..toks.len() {
            if self.in_use[k] || self.in_macro[k] {
                continue;
            }
            let scope = &self.scopes[self.scope_of[k] as usize];
            let test = self.in_test[k];
            let usage = if test {
                &mut f.own.tests
            } else {
                &mut f.own.code
            };
            if let Some(name) = read_token(src, toks, k, scope, usage) {
                let mut at_type = None;
                let mut type_position =
                    || *at_type.get_or_insert_with(|| type_position(src, toks, k));
                let line = u64::from(toks[k].line);
                names.add(name, line, &mut type_position);
                if test {
                    test_names.add(name, line, &mut type_position);
                    model::note(&mut f.own.self_test_identifiers, name, line);
                }
            }
        }
        // Each name of the file's text once, at its first line: the names sorted, then the map built from
        // them in one pass (no search per name).
        let mut firsts: Vec<(&str, u64)> = names.file.iter().map(|(&n, &(l, _))| (n, l)).collect();
        firsts.sort_unstable_by(|a, b| a.0.cmp(b.0));
        if f.facts.identifiers.is_empty() {
            f.facts.identifiers = firsts
                .into_iter()
                .map(|(n, l)| (n.to_string(), l))
                .collect();
        } else {
            for (name, line) in firsts {
                model::note(&mut f.facts.identifiers, name, line);
            }
        }
        self.units.sort_unstable();
        for &(from, to) in &self.units {
            let unit = test_unit(src, toks, from..to, |k| self.in_macro[k], |l| l);
            f.own.test_units.push(unit);
        }
        doc_tests(src, f, &mut names, &mut test_names);
        f.own.code.type_only = names.type_only();
        f.own.tests.type_only = test_names.type_only();
        f.own.generated = generated(src);
        merge_duplicates(&mut f.facts.defs, &mut f.own.impls);
        self.f
    }
}

/// Words of an opening comment that say a file is generated, lowercase.
const GENERATED_MARKERS: &[&str] = &[
    "@generated",
    "auto-generated",
    "autogenerated",
    "automatically generated",
    "do not edit",
];

/// The comment line among those that open `src` (before its first line of code) that says it is generated.
fn generated(src: &str) -> Option<String> {
    for line in src.lines() {
        let l = line.trim();
        if l.is_empty() || l.starts_with("#!") || l.starts_with("#[") {
            continue;
        }
        let comment = l.strip_prefix("//").or_else(|| l.strip_prefix("/*"))?;
        let lower = comment.to_lowercase();
        if GENERATED_MARKERS.iter().any(|m| lower.contains(m)) {
            return Some(l.to_string());
        }
    }
    None
}

/// Definitions that share a name (a method in two `#[cfg]` variants of an impl block, a trait impl for
/// two targets spelled alike) listed once: the first, with the branch points and error sites of all, public
/// when any is; trait impls point at the one kept.
fn merge_duplicates(defs: &mut Vec<Def>, impls: &mut [TraitImpl]) {
    // Where each definition goes (its first namesake's place among those kept), found by a hash of the
    // names borrowed from `defs`; the definitions then move in one pass.
    let mut to = Vec::with_capacity(defs.len());
    let kept_len = {
        let mut first: foldhash::HashMap<(&str, SymbolKind), usize> = Default::default();
        for d in defs.iter() {
            let next = first.len();
            to.push(*first.entry((d.name.as_str(), d.kind)).or_insert(next));
        }
        first.len()
    };
    if kept_len < defs.len() {
        let mut kept: Vec<Def> = Vec::with_capacity(kept_len);
        for (d, &k) in defs.drain(..).zip(&to) {
            if kept.len() == k {
                kept.push(d);
            } else {
                let e = &mut kept[k];
                e.branches += d.branches;
                e.raises += d.raises;
                e.public |= d.public;
            }
        }
        *defs = kept;
    }
    for im in impls {
        im.def = to[im.def];
    }
}

/// Names seen in some code, each with whether it was seen as a value (not only where a type goes).
#[derive(Debug, Default)]
struct Names<'s> {
    /// Names of the file's text, borrowed from it, with their first line.
    file: foldhash::HashMap<&'s str, (u64, bool)>,
    /// Names of doc tests' code, which lives only while its block is read.
    docs: foldhash::HashMap<String, bool>,
}

impl<'s> Names<'s> {
    /// Notes `name` of the file's text at `line`; `type_position` (asked only when it can matter) says
    /// whether it stands where a type goes.
    fn add(&mut self, name: &'s str, line: u64, type_position: impl FnOnce() -> bool) {
        match self.file.get_mut(name) {
            Some((first, value)) => {
                *first = (*first).min(line);
                if !*value {
                    *value = !type_position();
                }
            }
            None => {
                self.file.insert(name, (line, !type_position()));
            }
        }
    }

    /// Notes `name` of a doc test's code (see [`Names::add`]).
    fn add_doc(&mut self, name: &str, type_position: impl FnOnce() -> bool) {
        match self.docs.get_mut(name) {
            Some(true) => {}
            Some(value) => *value = !type_position(),
            None => {
                self.docs.insert(name.to_string(), !type_position());
            }
        }
    }

    /// The names never seen as a value.
    fn type_only(&self) -> BTreeSet<String> {
        let value = |n: &str| {
            self.file.get(n).is_some_and(|&(_, v)| v) || self.docs.get(n).copied().unwrap_or(false)
        };
        self.file
            .keys()
            .copied()
            .chain(self.docs.keys().map(String::as_str))
            .filter(|n| !value(n))
            .map(String::from)
            .collect()
    }
}

/// Reads token `k` of code in inline module `scope`: the paths, macro calls and signals it starts go to
/// `usage`; a name is returned unless it is a keyword.
#[inline(always)]
fn read_token<'s>(
    src: &'s str,
    toks: &[Token],
    k: usize,
    scope: &str,
    usage: &mut Usage,
) -> Option<&'s str> {
    let t = &toks[k];
    let line = u64::from(t.line);
    match t.kind {
        Kind::Name => {}
        Kind::Str => {
            if let Some(p) = placeholder(text(src, t)) {
                model::note(&mut usage.signals, p, line);
            }
            return None;
        }
        Kind::Op(_) => {
            if let Some(s) = signal_at(src, toks, k) {
                model::note(&mut usage.signals, s, line);
            }
            return None;
        }
        _ => return None,
    }
    if let Some((segs, after)) = path_at(src, toks, k) {
        let is_macro = toks.get(after).is_some_and(|u| u.kind == Kind::Op(b'!'))
            && !toks
                .get(after + 1)
                .is_some_and(|u| u.kind == Kind::Op(b'='));
        if is_macro {
            model::note(&mut usage.macros, &segs[segs.len() - 1], line);
        } else if !NOT_TREE_PATHS.contains(&segs[0].as_str()) && !segs[0].starts_with('$') {
            let key = (scope.to_string(), segs);
            let l = usage.paths.entry(key).or_insert(line);
            *l = (*l).min(line);
        }
    } else if let Some(m) = macro_at(src, toks, k) {
        if k < 2 || !is_path_sep(toks, k - 2) {
            model::note(&mut usage.macros, m, line);
        }
    }
    let w = text(src, t);
    if w == "for" {
        model::note(&mut usage.signals, "for", line);
    }
    // A raw identifier (`r#type`) is a name even when it spells a keyword.
    let raw = t.start >= 2 && &src.as_bytes()[t.start - 2..t.start] == b"r#";
    if !raw && KEYWORDS.contains(w) {
        return None;
    }
    Some(w)
}

/// The path starting at token `k` (a name not after `::` or `.`, followed by `::name`...): its segments
/// (`$crate` as written) and the index after it; `None` for a single name. A turbofish (`::<T>`) ends it.
fn path_at(src: &str, toks: &[Token], k: usize) -> Option<(Vec<String>, usize)> {
    if toks[k].kind != Kind::Name
        || !is_path_sep(toks, k + 1)
        || (k >= 2 && is_path_sep(toks, k - 2))
        || (k >= 1 && toks[k - 1].kind == Kind::Op(b'.'))
    {
        return None;
    }
    let mut segs = vec![text(src, &toks[k]).to_string()];
    let mut j = k + 1;
    while is_path_sep(toks, j) && toks.get(j + 2).is_some_and(|t| t.kind == Kind::Name) {
        segs.push(text(src, &toks[j + 2]).to_string());
        j += 3;
    }
    (segs.len() >= 2).then_some((segs, j))
}

/// The macro called at token `k` (`name!(..)`, `name![..]`, `name! {..}`), not `a != b`.
fn macro_at<'s>(src: &'s str, toks: &[Token], k: usize) -> Option<&'s str> {
    let t = &toks[k];
    let bang = toks.get(k + 1)?;
    let open = toks.get(k + 2)?;
    (t.kind == Kind::Name
        && bang.kind == Kind::Op(b'!')
        && bang.start == t.end
        && matches!(open.kind, Kind::Op(b'(' | b'[' | b'{')))
    .then(|| text(src, t))
}

/// True when the byte before `start` and the byte at `end` of `src` are whitespace (a spaced operator).
fn spaced(src: &str, start: usize, end: usize) -> bool {
    let b = src.as_bytes();
    start > 0
        && b[start - 1].is_ascii_whitespace()
        && b.get(end).is_some_and(|c| c.is_ascii_whitespace())
}

/// The signal token `k` gives: an operator or form that runs a trait's method (see [`Usage::signals`]).
fn signal_at(src: &str, toks: &[Token], k: usize) -> Option<&'static str> {
    let t = &toks[k];
    let next = toks.get(k + 1);
    let joined = |c: u8| next.is_some_and(|u| u.kind == Kind::Op(c) && u.start == t.end);
    let after_joined =
        |c: u8| k > 0 && toks[k - 1].kind == Kind::Op(c) && toks[k - 1].end == t.start;
    match t.kind {
        Kind::Op(b'?') => Some("?"),
        Kind::Op(b'=') if joined(b'=') && !after_joined(b'=') && k > 0 => {
            let prev = &toks[k - 1];
            let glued = prev.end == t.start && matches!(prev.kind, Kind::Op(b'!' | b'<' | b'>'));
            (!glued).then_some("==")
        }
        Kind::Op(b'!') if joined(b'=') => Some("!="),
        Kind::Op(c @ (b'<' | b'>')) => {
            if after_joined(b'-') || after_joined(b'=') {
                return None;
            }
            let (end, eq) = if joined(b'=') {
                (next.map_or(t.end, |u| u.end), true)
            } else {
                (t.end, false)
            };
            if !spaced(src, t.start, end) {
                return None;
            }
            Some(match (c, eq) {
                (b'<', false) => "<",
                (b'<', true) => "<=",
                (_, false) => ">",
                _ => ">=",
            })
        }
        Kind::Op(c @ (b'+' | b'-' | b'*' | b'/' | b'%')) if spaced(src, t.start, t.end) => {
            Some(match c {
                b'+' => "+",
                b'-' => "-",
                b'*' => "*",
                b'/' => "/",
                _ => "%",
            })
        }
        Kind::Op(b'[') if k > 0 => {
            let prev = &toks[k - 1];
            let indexes = prev.end == t.start
                && (matches!(prev.kind, Kind::Op(b')' | b']'))
                    || (prev.kind == Kind::Name && !KEYWORDS.contains(text(src, prev))));
            indexes.then_some("[]")
        }
        _ => None,
    }
}

/// The placeholder a string literal holds: `{:?}` for a debug one (`{:?}`, `{x:#?}`), else `{}` for a
/// display one (`{}`, `{0}`, `{name:>8}`); `{{` is no placeholder.
fn placeholder(s: &str) -> Option<&'static str> {
    let b = s.as_bytes();
    let mut found = None;
    // Most strings hold no `{`: find the first with one search instead of a test per byte.
    let mut i = s.find('{')?;
    while i < b.len() {
        if b[i] == b'{' {
            if b.get(i + 1) == Some(&b'{') {
                i += 2;
                continue;
            }
            let Some(close) = b[i + 1..].iter().position(|&c| c == b'}') else {
                break;
            };
            let inner = &s[i + 1..i + 1 + close];
            let plausible = inner
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || b"_:?#<>^+-.$ ".contains(&c));
            if plausible && !inner.contains(' ') {
                if inner.ends_with('?') {
                    return Some("{:?}");
                }
                found = Some("{}");
            }
            i += close + 2;
            continue;
        }
        i += 1;
    }
    found
}

/// True when the name at token `k` stands where a type goes: after `:`, `->`, `<`, a `,` inside `<..>`, or
/// `as` / `dyn` / `impl` / `for` / `where`, through a path and `&`, `mut`, lifetimes; never when a path, a
/// call or a struct literal follows (`T::new`, `T(..)`).
fn type_position(src: &str, toks: &[Token], k: usize) -> bool {
    if is_path_sep(toks, k + 1)
        || toks
            .get(k + 1)
            .is_some_and(|t| matches!(t.kind, Kind::Op(b'(' | b'!')))
    {
        return false;
    }
    // Back over the path's prefix (`a::b::`) and `&`, `&mut`, `*const`, lifetimes.
    let mut p = k;
    while p >= 3 && is_path_sep(toks, p - 2) && toks[p - 3].kind == Kind::Name {
        p -= 3;
    }
    if p >= 2 && is_path_sep(toks, p - 2) {
        p -= 2; // `::<T>` or a leading `::`
    }
    while p > 0 {
        let t = &toks[p - 1];
        let w = if t.kind == Kind::Name {
            text(src, t)
        } else {
            ""
        };
        let lifetime = t.kind == Kind::Name && p >= 2 && toks[p - 2].kind == Kind::Op(b'\'');
        if matches!(t.kind, Kind::Op(b'&' | b'*')) || matches!(w, "mut" | "const") {
            p -= 1;
        } else if lifetime {
            p -= 2;
        } else {
            break;
        }
    }
    let Some(prev) = p.checked_sub(1).map(|x| &toks[x]) else {
        return false;
    };
    match prev.kind {
        Kind::Name => TYPE_AFTER.contains(&text(src, prev)),
        Kind::Op(b':') => !(p >= 2 && is_path_sep(toks, p - 2)),
        Kind::Op(b'>')
            if p >= 2 && toks[p - 2].kind == Kind::Op(b'-') && toks[p - 2].end == prev.start =>
        {
            true
        }
        // `impl<T> Name for ..`: back over the generics to `impl`.
        Kind::Op(b'>') => {
            let mut level = 0i32;
            for j in (0..p).rev().take(64) {
                match toks[j].kind {
                    Kind::Op(b'>') => level += 1,
                    Kind::Op(b'<') => {
                        level -= 1;
                        if level == 0 {
                            return j > 0 && text(src, &toks[j - 1]) == "impl";
                        }
                    }
                    Kind::Op(b'{' | b'}' | b';') => return false,
                    _ => {}
                }
            }
            false
        }
        Kind::Op(b'<') => !spaced(src, prev.start, prev.end),
        Kind::Op(b',' | b'+') => {
            // Inside `<..>`: the nearest unclosed bracket before it is `<`.
            let mut level = 0i32;
            for t in toks[..p - 1].iter().rev().take(64) {
                match t.kind {
                    Kind::Op(b'>' | b')' | b']' | b'}') => level += 1,
                    Kind::Op(b'<') if level == 0 => return true,
                    Kind::Op(b'(' | b'[' | b'{') if level == 0 => return false,
                    Kind::Op(b'<' | b'(' | b'[' | b'{') => level -= 1,
                    Kind::Op(b';') => return false,
                    _ => {}
                }
            }
            false
        }
        _ => false,
    }
}

/// Records the error sites among `run` (`Err(`, `panic!` and the other error macros); returns how many.
fn error_sites(src: &str, run: &[Token], out: &mut Vec<Raise>) -> u64 {
    let mut raises = 0;
    for (j, t) in run.iter().enumerate() {
        let w = if t.kind == Kind::Name {
            text(src, t)
        } else {
            ""
        };
        let bang = run.get(j + 1).is_some_and(|u| u.kind == Kind::Op(b'!'));
        let name = if ERROR_MACROS.contains(&w) && bang {
            format!("{w}!")
        } else if w == "Err" && run.get(j + 1).is_some_and(|u| u.kind == Kind::Op(b'(')) {
            "Err".to_string()
        } else {
            continue;
        };
        out.push(Raise {
            line: u64::from(t.line),
            name,
            extra: Default::default(),
        });
        raises += 1;
    }
    raises
}

/// The `#[test]`-like functions among `toks`.
fn count_test_fns(src: &str, toks: &[Token]) -> u64 {
    let mut n = 0;
    for (j, t) in toks.iter().enumerate() {
        if t.kind == Kind::Op(b'#') && toks.get(j + 1).is_some_and(|u| u.kind == Kind::Op(b'[')) {
            let end = skip_group(toks, j + 1, b'[', b']');
            if is_test_attr(&compact(&src[t.start..toks[end - 1].end])) {
                n += 1;
            }
        }
    }
    n
}

/// The unit of test code made of tokens `range` (those `skip` accepts left out): its names (`use` lines
/// included), macros and signals, each at the line `shift` makes of its token's line.
fn test_unit(
    src: &str,
    toks: &[Token],
    range: std::ops::Range<usize>,
    skip: impl Fn(usize) -> bool,
    shift: impl Fn(u64) -> u64,
) -> TestUnit {
    let mut unit = TestUnit::default();
    for k in range.filter(|&k| !skip(k)) {
        if let Some(name) = read_token(src, toks, k, "", &mut unit.usage) {
            model::note(&mut unit.names, name, shift(u64::from(toks[k].line)));
        }
    }
    unit.usage.paths.clear();
    for m in [&mut unit.usage.macros, &mut unit.usage.signals] {
        m.values_mut().for_each(|l| *l = shift(*l));
    }
    unit
}

/// A doc test being read: its code, one line per line of the file from `first`.
struct DocBlock {
    first: u64,
    code: String,
}

/// Doc tests: fenced code blocks in `///` and `//!` comments (not `ignore` or `text`), each counted as a
/// test that uses the item it documents and what its code uses (names, `use` trees, paths, macros, signals).
fn doc_tests(src: &str, f: &mut Parsed<RsFile>, names: &mut Names, test_names: &mut Names) {
    let mut block: Option<DocBlock> = None;
    let mut runs = false;
    let mut pending: u64 = 0;
    let mut blocks: Vec<DocBlock> = Vec::new();
    for (n, line) in src.lines().enumerate() {
        let trimmed = line.trim_start();
        let doc = trimmed
            .strip_prefix("///")
            .or_else(|| trimmed.strip_prefix("//!"));
        match doc {
            Some(rest) => {
                let rest = rest.trim_start();
                if let Some(info) = rest.strip_prefix("```") {
                    if let Some(b) = block.take() {
                        if runs {
                            blocks.push(b);
                        }
                    } else {
                        let info = info.trim();
                        runs = !(info.contains("ignore")
                            || info.contains("text")
                            || (!info.is_empty()
                                && !info.contains("rust")
                                && !info.contains("no_run")
                                && !info.contains("should_panic")
                                && !info.contains("compile_fail")
                                && !info.contains("edition")));
                        pending += u64::from(runs);
                        block = Some(DocBlock {
                            first: (n + 2) as u64,
                            code: String::new(),
                        });
                    }
                } else if let Some(b) = block.as_mut() {
                    let code = rest.strip_prefix("# ").unwrap_or(rest);
                    b.code.push_str(if code == "#" { "" } else { code });
                    b.code.push('\n');
                }
            }
            None if pending > 0
                && !trimmed.is_empty()
                && !trimmed.starts_with("#[")
                && !trimmed.starts_with("//") =>
            {
                // The documented item starts here (or the file's first item, for `//!` docs).
                let at = (n + 1) as u64;
                if let Some(d) = f
                    .facts
                    .defs
                    .iter()
                    .find(|d| d.line >= at && d.line <= at + 2)
                {
                    let short = d.name.rsplit('.').next().unwrap_or(&d.name);
                    let first = blocks.first().map_or(at, |b| b.first - 1);
                    model::note(&mut f.own.self_test_identifiers, short, first);
                }
                f.facts.test_functions += pending;
                for b in blocks.drain(..) {
                    doc_code(&b, f, names, test_names);
                }
                pending = 0;
            }
            None => {}
        }
    }
}

/// What the code of one doc test uses, as test code of the file at the top module.
fn doc_code(b: &DocBlock, f: &mut Parsed<RsFile>, names: &mut Names, test_names: &mut Names) {
    let lexed = clike::lex(&b.code, Dialect::RUST);
    let toks = &lexed.tokens;
    let at = |t: &Token| b.first + u64::from(t.line) - 1;
    let mut in_use = vec![false; toks.len()];
    let mut uses = Vec::new();
    for k in 0..toks.len() {
        if text(&b.code, &toks[k]) == "use"
            && (k == 0 || matches!(toks[k - 1].kind, Kind::Op(b';' | b'{' | b'}')))
        {
            let statement = UseStatement {
                public: false,
                line: at(&toks[k]),
                scope: "",
                item: false,
                test: true,
            };
            let end = statement_end(
                toks,
                use_tree(&b.code, toks, k + 1, &[], statement, &mut uses),
            );
            in_use[k..end].iter_mut().for_each(|x| *x = true);
        }
    }
    f.own.uses.extend(uses);
    let shift = |line: u64| b.first + line - 1;
    let unit = test_unit(&b.code, toks, 0..toks.len(), |_| false, shift);
    f.own.test_units.push(unit);
    let mut usage = Usage::default();
    for k in (0..toks.len()).filter(|&k| !in_use[k]) {
        if let Some(name) = read_token(&b.code, toks, k, "", &mut usage) {
            let mut at_type = None;
            let mut type_position =
                || *at_type.get_or_insert_with(|| type_position(&b.code, toks, k));
            names.add_doc(name, &mut type_position);
            test_names.add_doc(name, &mut type_position);
            model::note(&mut f.own.self_test_identifiers, name, at(&toks[k]));
        }
    }
    // Lines of the doc code are lines of the file from `first`.
    let moved = Usage {
        paths: usage
            .paths
            .into_iter()
            .map(|(k, l)| (k, shift(l)))
            .collect(),
        macros: usage
            .macros
            .into_iter()
            .map(|(k, l)| (k, shift(l)))
            .collect(),
        signals: usage
            .signals
            .into_iter()
            .map(|(k, l)| (k, shift(l)))
            .collect(),
        type_only: BTreeSet::new(),
    };
    f.own.tests.merge(&moved);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn use_trees_of_every_shape() {
        let f = parse("use std::io;\npub use crate::db::{pool::Pool, Conn as C, self};\nuse super::*;\nuse ::serde::Serialize;\nuse my_crate::a::{b::{c, d}, e};\n");
        let u: Vec<String> = f
            .own
            .uses
            .iter()
            .map(|u| {
                format!(
                    "{}{}{}{}",
                    if u.public { "pub " } else { "" },
                    u.path.join("::"),
                    if u.glob { "::*" } else { "" },
                    if u.glob {
                        String::new()
                    } else {
                        format!(" as {}", u.local)
                    }
                )
            })
            .collect();
        assert_eq!(
            u,
            [
                "std::io as io",
                "pub crate::db::pool::Pool as Pool",
                "pub crate::db::Conn as C",
                "pub crate::db as db",
                "super::*",
                "serde::Serialize as Serialize",
                "my_crate::a::b::c as c",
                "my_crate::a::b::d as d",
                "my_crate::a::e as e",
            ]
        );
    }

    const SRC: &str = r#"//! Crate docs.
use std::fmt;

mod inner;
pub mod api;

/// Parses.
///
/// ```
/// assert_eq!(demo::parse("1"), Some(1));
/// ```
pub fn parse(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 {
        return None;
    }
    s.parse().ok()
}

pub(crate) fn helper() -> Result<(), String> {
    Err("no".into())
}

pub struct Pool<T> {
    items: Vec<T>,
}

impl<T: Clone> Pool<T> {
    pub fn get(&self, i: usize) -> Option<&T> {
        match self.items.get(i) {
            Some(x) => Some(x),
            None => panic!("out of range"),
        }
    }
    fn grow(&mut self) {}
}

impl fmt::Display for Pool<u8> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pool")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gets() {
        let p = Pool { items: vec![1] };
        assert_eq!(p.get(0), Some(&1));
    }

    #[tokio::test]
    async fn async_one() {}
}
"#;

    #[test]
    fn items_methods_and_visibility() {
        let f = parse(SRC);
        let defs: Vec<(&str, SymbolKind, bool, u64, u64)> = f
            .facts
            .defs
            .iter()
            .map(|d| (d.name.as_str(), d.kind, d.public, d.branches, d.raises))
            .collect();
        assert_eq!(
            defs,
            [
                ("parse", SymbolKind::Function, true, 2, 0),
                ("helper", SymbolKind::Function, false, 0, 1),
                ("Pool", SymbolKind::Class, true, 0, 0),
                ("Pool.get", SymbolKind::Method, true, 2, 1),
                ("Pool.grow", SymbolKind::Method, false, 0, 0),
                ("Display for Pool<u8>", SymbolKind::Impl, true, 1, 0),
            ]
        );
        assert_eq!(
            f.own.mods,
            [("inner".to_string(), 4), ("api".to_string(), 5)]
        );
        assert_eq!(f.facts.branches, 5, "if, ||, two match arms, ?");
        let raises: Vec<&str> = f.facts.raises.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(raises, ["Err", "panic!"]);
    }

    #[test]
    fn inline_tests_and_doc_tests() {
        let f = parse(SRC);
        assert_eq!(
            f.facts.test_functions, 3,
            "two #[test]-like functions and one doc test"
        );
        assert!(
            f.own.self_test_identifiers.contains_key("get")
                && f.own.self_test_identifiers.contains_key("Pool")
        );
        assert!(
            f.own.self_test_identifiers.contains_key("parse"),
            "the doc test documents parse"
        );
        assert!(
            !f.facts.defs.iter().any(|d| d.name == "gets"),
            "test functions are not items"
        );
    }

    #[test]
    fn hostile_input_never_panics() {
        for src in [
            "fn",
            "impl",
            "impl<T",
            "use",
            "use a::{",
            "mod",
            "#[",
            "pub(",
            "struct S(",
            "/// ```\nfn",
            "'a",
            "r#\"",
        ] {
            let _ = parse(src);
        }
    }

    #[test]
    fn items_of_inline_modules_carry_their_module_path() {
        let src = "pub mod sync {\n    use super::imp::Guard;\n\n    pub struct Lazy<T> {\n        cell: T,\n    }\n\n    impl<T> Lazy<T> {\n        pub fn new(cell: T) -> Self {\n            Lazy { cell }\n        }\n    }\n\n    pub fn helper() {}\n\n    mod inner {\n        pub fn hidden() {}\n    }\n\n    #[test]\n    fn works() {}\n}\n\npub fn top() {}\n";
        let f = parse(src);
        let defs: Vec<(&str, SymbolKind, bool, u64)> = f
            .facts
            .defs
            .iter()
            .map(|d| (d.name.as_str(), d.kind, d.public, d.line))
            .collect();
        assert_eq!(
            defs,
            [
                ("sync::Lazy", SymbolKind::Class, true, 4),
                ("sync::Lazy.new", SymbolKind::Method, true, 9),
                ("sync::helper", SymbolKind::Function, true, 14),
                ("sync::inner::hidden", SymbolKind::Function, false, 17),
                ("top", SymbolKind::Function, true, 24),
            ]
        );
        assert_eq!(f.facts.test_functions, 1);
        assert_eq!(
            f.own.inline_mods,
            [
                ("sync".to_string(), true),
                ("sync::inner".to_string(), false)
            ]
        );
        let u = &f.own.uses[0];
        assert_eq!(
            (u.path.join("::"), u.scope.as_str()),
            ("super::imp::Guard".into(), "sync")
        );
    }

    #[test]
    fn raw_identifiers_and_nested_comments() {
        let f = parse("/* /* */ fn hidden() {} */\npub fn r#async() {}\nfn call() { r#type(); }\n");
        let names: Vec<&str> = f.facts.defs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["async", "call"]);
        assert!(
            f.facts.identifiers.contains_key("type"),
            "a raw identifier is a name, keyword or not"
        );
    }

    /// Found by the readers fuzz target: a file ending right after `trait NAME` (or `struct NAME`) indexed
    /// past its last token.
    #[test]
    fn a_type_item_cut_off_after_its_name_ends_the_file() {
        for src in ["trait \u{fffd}", "trait T", "pub struct S", "enum E"] {
            let parsed = parse(src);
            assert_eq!(parsed.facts.defs.len(), 1, "{src}");
        }
    }
}
