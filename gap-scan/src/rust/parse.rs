//! Facts about one Rust file: `use` trees, `mod` declarations, items (functions, types, methods of `impl`
//! blocks), branch points, error sites, identifiers, `#[test]` functions and what the file's own
//! `#[cfg(test)]` modules and doc tests use.

use std::collections::BTreeMap;

use crate::clike::{self, text, Cursor, Dialect, Kind, Token};
use crate::model::{self, Def, Parsed};
use gap_core::{Raise, SymbolKind};

/// Branch points: keywords.
pub const BRANCH_KEYWORDS: &[&str] = &["if", "while", "for"];
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

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while",
];

/// One leaf of a `use` tree.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The inline module it sits in (`sync`, `a::b`), `""` at the file's top.
    pub scope: String,
}

/// What every leaf of one `use` statement shares.
#[derive(Debug, Clone, Copy)]
struct UseStatement<'s> {
    public: bool,
    line: u64,
    scope: &'s str,
}

/// What a Rust file holds beyond the shared facts (whose definitions are items outside test modules, methods of
/// `impl` blocks as `Type.method`; whose branch points and error sites are outside test modules; whose test
/// functions are `#[test]` functions and doc tests; whose identifiers exclude `use` lines and `mod`
/// declarations).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RsFile {
    /// `use` leaves.
    pub uses: Vec<UseItem>,
    /// `mod name;` declarations, with their lines.
    pub mods: Vec<(String, u64)>,
    /// Inline modules (`mod sync { ... }`) by path inside the file (`sync`, `sync::inner`), and whether they
    /// and every module around them are public.
    pub inline_mods: Vec<(String, bool)>,
    /// Names the file's `#[cfg(test)]` modules and doc tests use.
    pub self_test_identifiers: BTreeMap<String, u64>,
    /// Short string literals (binary names that tests run, like `cargo_bin("tool")`).
    pub strings: BTreeMap<String, u64>,
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

/// Parses a use tree starting at `i`, pushing leaves; returns the index after it.
fn use_tree(
    src: &str,
    toks: &[Token],
    mut i: usize,
    prefix: &[String],
    statement: UseStatement,
    out: &mut Vec<UseItem>,
) -> usize {
    let UseStatement {
        public,
        line,
        scope,
    } = statement;
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
                out.push(UseItem {
                    path: path.clone(),
                    local,
                    glob: false,
                    public,
                    line,
                    scope: scope.to_string(),
                });
                return i;
            }
            Kind::Op(b'*') => {
                out.push(UseItem {
                    path: path.clone(),
                    local: String::new(),
                    glob: true,
                    public,
                    line,
                    scope: scope.to_string(),
                });
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

/// One file being read: items by kind, each with its own method; which tokens are `use` lines, test code and
/// impl headers, and which item each token belongs to.
struct Parser<'a> {
    c: Cursor<'a>,
    f: Parsed<RsFile>,
    /// Tokens of `use` lines and `mod name;` declarations (not identifiers of the file).
    in_use: Vec<bool>,
    /// Tokens of `#[cfg(test)]` modules and `#[test]` functions.
    in_test: Vec<bool>,
    /// The definition each token belongs to.
    owner: Vec<Option<usize>>,
    /// Impl headers: their `for` (`impl Trait for Type`) is no loop.
    header: Vec<bool>,
    /// The inline module being read (`sync::inner`), `""` at the file's top.
    scope: String,
    /// Every module from the file's top to `scope` is public.
    scope_public: bool,
}

/// Reads one Rust file.
pub fn parse(src: &str) -> Parsed<RsFile> {
    let lexed = clike::lex(src, Dialect::RUST);
    let toks = &lexed.tokens;
    let mut p = Parser {
        c: Cursor { src, toks },
        f: Parsed {
            facts: lexed.facts(),
            own: RsFile::default(),
        },
        in_use: vec![false; toks.len()],
        in_test: vec![false; toks.len()],
        owner: vec![None; toks.len()],
        header: vec![false; toks.len()],
        scope: String::new(),
        scope_public: true,
    };
    p.items(0, toks.len(), 0);
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

    /// Records a definition whose tokens are `from..to`, named and made visible as its module places it.
    fn define(&mut self, mut def: Def, from: usize, to: usize) {
        def.public &= self.scope_public;
        if def.kind != SymbolKind::Method {
            def.name = self.scoped(&def.name);
        }
        self.f.facts.defs.push(def);
        let d = self.f.facts.defs.len() - 1;
        let to = to.min(self.c.toks.len());
        self.owner[from.min(to)..to]
            .iter_mut()
            .for_each(|x| *x = Some(d));
    }

    /// Reads the items among tokens `from..to` at brace depth `depth`.
    fn items(&mut self, from: usize, to: usize, depth: u32) {
        let toks = self.c.toks;
        let mut attrs = String::new();
        let mut i = from;
        while i < to {
            let t = toks[i];
            // Attributes: remember them for the next item.
            if t.depth >= depth && t.kind == Kind::Op(b'#') && self.c.op(i + 1, b'[') {
                let end = skip_group(toks, i + 1, b'[', b']');
                attrs.push_str(&self.c.src[t.start..toks[end - 1].end.max(t.start)]);
                i = end;
                continue;
            }
            if t.depth != depth || t.kind != Kind::Name {
                i += 1;
                continue;
            }
            let (k, public) = self.qualifiers(i);
            let is_test_attr = attrs.contains("test");
            let cfg_test = attrs.contains("cfg(test)");
            attrs.clear();
            i = match self.c.word(k) {
                "use" => self.use_item(i, k, public),
                "mod" => self.mod_item(i, k, public, cfg_test),
                "fn" => self.fn_item(i, k, public, is_test_attr),
                "struct" | "enum" | "trait" | "union" => self.type_item(i, k, public),
                "impl" => match self.impl_item(i, k) {
                    Some(end) => end,
                    None => break,
                },
                _ => k + 1,
            };
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
        ) {
            k += 1;
            if self.c.toks.get(k).is_some_and(|u| u.kind == Kind::Str) {
                k += 1;
            }
        }
        (k, public)
    }

    /// `use tree;` starting at `i` (keyword at `k`).
    fn use_item(&mut self, i: usize, k: usize, public: bool) -> usize {
        let toks = self.c.toks;
        let statement = UseStatement {
            public,
            line: u64::from(toks[i].line),
            scope: &self.scope,
        };
        let end = use_tree(
            self.c.src,
            toks,
            k + 1,
            &[],
            statement,
            &mut self.f.own.uses,
        );
        let end = toks[end.min(toks.len())..]
            .iter()
            .position(|t| t.kind == Kind::Op(b';'))
            .map_or(toks.len(), |p| end + p + 1);
        self.in_use[i..end].iter_mut().for_each(|x| *x = true);
        end
    }

    /// `mod name;` or `mod name { ... }` (keyword at `k`); a `#[cfg(test)]` module's tokens are test code,
    /// another inline module's items are read with its path.
    fn mod_item(&mut self, i: usize, k: usize, public: bool, cfg_test: bool) -> usize {
        let toks = self.c.toks;
        let name = self.c.word(k + 1).to_string();
        if self.c.op(k + 2, b';') {
            let line = u64::from(toks[k].line);
            self.f.own.mods.push((name, line));
            self.in_use[i..k + 3].iter_mut().for_each(|x| *x = true);
            return k + 3;
        }
        let Some(open) = (k..toks.len()).find(|&j| self.c.op(j, b'{')) else {
            return k + 1;
        };
        let end = block_end(toks, open);
        if cfg_test {
            self.in_test[open..end].iter_mut().for_each(|x| *x = true);
            self.f.facts.test_functions += count_test_fns(self.c.src, &toks[open..end]);
        } else if !name.is_empty() {
            let outer = (self.scope.clone(), self.scope_public);
            self.scope = self.scoped(&name);
            self.scope_public &= public;
            self.f
                .own
                .inline_mods
                .push((self.scope.clone(), self.scope_public));
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
        let end = if self.c.op(j, b'{') {
            block_end(toks, j)
        } else {
            j + 1
        };
        if !name.is_empty() {
            let line = u64::from(toks[k].line);
            self.define(Def::new(name, SymbolKind::Class, line, public), i, end);
        }
        end
    }

    /// `impl [<...>] [Trait for] Type { fn ... }` (keyword at `k`): its methods as `Type.method`. `None` when
    /// the block never opens.
    fn impl_item(&mut self, i: usize, k: usize) -> Option<usize> {
        let toks = self.c.toks;
        let depth = toks[k].depth;
        let mut j = k + 1;
        if self.c.op(j, b'<') {
            j = skip_group(toks, j, b'<', b'>');
        }
        // The implementing type: the last name before `{`/`where` at angle level 0, after `for` if any.
        let (mut ty, mut trait_impl, mut angle) = ("", false, 0i32);
        let opens = |j: usize| toks[j].kind == Kind::Op(b'{') && toks[j].depth == depth;
        while j < toks.len() && !opens(j) {
            match toks[j].kind {
                Kind::Op(b'<') => angle += 1,
                Kind::Op(b'>') if !(j > 0 && toks[j - 1].kind == Kind::Op(b'-')) => angle -= 1,
                Kind::Name if angle == 0 => match self.c.word(j) {
                    "for" => {
                        trait_impl = true;
                        ty = "";
                    }
                    "where" => break,
                    "dyn" | "mut" | "const" => {}
                    w => ty = w,
                },
                _ => {}
            }
            j += 1;
        }
        while j < toks.len() && !opens(j) {
            j += 1;
        }
        if j >= toks.len() {
            return None;
        }
        self.header[i..j].iter_mut().for_each(|x| *x = true);
        let end = block_end(toks, j);
        let ty = if ty.is_empty() {
            String::new()
        } else {
            self.scoped(ty)
        };
        self.methods(j, end, &ty, trait_impl);
        Some(end)
    }

    /// The `fn`s of the impl block opened at `open` (closing before `end`), of type `ty`; a trait impl's are
    /// public.
    fn methods(&mut self, open: usize, end: usize, ty: &str, trait_impl: bool) {
        let toks = self.c.toks;
        let inner = toks[open].depth + 1;
        let mut m = open + 1;
        let mut attrs = String::new();
        while m < end {
            let u = toks[m];
            if u.kind == Kind::Op(b'#') && u.depth == inner {
                let e = skip_group(toks, m + 1, b'[', b']');
                attrs.push_str(&self.c.src[u.start..toks[e - 1].end]);
                m = e;
                continue;
            }
            if u.depth == inner && self.c.word(m) == "fn" {
                let name = self.c.word(m + 1).to_string();
                let mut p = m;
                while p > open + 1
                    && toks[p - 1].depth == inner
                    && matches!(toks[p - 1].kind, Kind::Name | Kind::Str)
                    && self.c.word(p - 1) != "fn"
                {
                    p -= 1;
                }
                let public = trait_impl
                    || toks[p..m].iter().any(|x| text(self.c.src, x) == "pub")
                        && !self.c.op(p + 1, b'(');
                let mend = match self.body_start(m, inner) {
                    Some(o) if o < end => self.body_end(Some(o)),
                    _ => end,
                };
                if attrs.contains("test") {
                    self.f.facts.test_functions += 1;
                } else if !name.is_empty() && !ty.is_empty() {
                    let line = u64::from(toks[m].line);
                    let def = Def::new(format!("{ty}.{name}"), SymbolKind::Method, line, public);
                    self.define(def, m, mend);
                }
                attrs.clear();
                m = mend;
                continue;
            }
            if u.depth == inner && u.kind == Kind::Op(b';') {
                attrs.clear();
            }
            m += 1;
        }
    }

    /// Branch points and error sites outside tests, credited to their items; strings; identifiers; doc tests.
    fn finish(mut self) -> Parsed<RsFile> {
        let (src, toks) = (self.c.src, self.c.toks);
        let f = &mut self.f;
        let arrows: Vec<bool> = (0..toks.len())
            .map(|k| {
                toks[k].kind == Kind::Op(b'=')
                    && toks
                        .get(k + 1)
                        .is_some_and(|u| u.kind == Kind::Op(b'>') && u.start == toks[k].end)
            })
            .collect();
        let mut k = 0;
        while k < toks.len() {
            let start = k;
            while k < toks.len()
                && self.owner[k] == self.owner[start]
                && self.in_test[k] == self.in_test[start]
                && self.header[k] == self.header[start]
            {
                k += 1;
            }
            if self.in_test[start] || self.header[start] {
                continue;
            }
            let run = &toks[start..k];
            let b = clike::count_branches(src, run, BRANCH_KEYWORDS, BRANCH_OPERATORS)
                + arrows[start..k].iter().filter(|&&a| a).count() as u64;
            f.facts.branches += b;
            let raises = error_sites(src, run, &mut f.facts.raises);
            if let Some(d) = self.owner[start] {
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
        for (k, t) in toks.iter().enumerate() {
            if t.kind == Kind::Name && !self.in_use[k] {
                let w = text(src, t);
                // A raw identifier (`r#type`) is a name even when it spells a keyword.
                let raw = t.start >= 2 && &src.as_bytes()[t.start - 2..t.start] == b"r#";
                if raw || !KEYWORDS.contains(&w) {
                    let line = u64::from(t.line);
                    model::note(&mut f.facts.identifiers, w, line);
                    if self.in_test[k] {
                        model::note(&mut f.own.self_test_identifiers, w, line);
                    }
                }
            }
        }
        doc_tests(src, f);
        self.f
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

fn count_test_fns(src: &str, toks: &[Token]) -> u64 {
    let mut n = 0;
    for (j, t) in toks.iter().enumerate() {
        if t.kind == Kind::Op(b'#') && toks.get(j + 1).is_some_and(|u| u.kind == Kind::Op(b'[')) {
            let end = skip_group(toks, j + 1, b'[', b']');
            let attr = &src[t.start..toks[end - 1].end];
            if attr.contains("test") && !attr.contains("cfg") {
                n += 1;
            }
        }
    }
    n
}

/// Doc tests: fenced code blocks in `///` comments (not `ignore` or `text`), each counted as a test that uses
/// the item it documents and the names in it.
fn doc_tests(src: &str, f: &mut Parsed<RsFile>) {
    let mut in_block = false;
    let mut pending: u64 = 0;
    let mut code_idents: Vec<(String, u64)> = Vec::new();
    let mut block_line = 0;
    for (n, line) in src.lines().enumerate() {
        let trimmed = line.trim_start();
        let doc = trimmed
            .strip_prefix("///")
            .or_else(|| trimmed.strip_prefix("//!"));
        match doc {
            Some(rest) => {
                let rest = rest.trim_start();
                if let Some(info) = rest.strip_prefix("```") {
                    if in_block {
                        in_block = false;
                    } else {
                        let info = info.trim();
                        in_block = true;
                        block_line = (n + 1) as u64;
                        if !(info.contains("ignore")
                            || info.contains("text")
                            || (!info.is_empty()
                                && !info.contains("rust")
                                && !info.contains("no_run")
                                && !info.contains("should_panic")
                                && !info.contains("compile_fail")
                                && !info.contains("edition")))
                        {
                            pending += 1;
                        }
                    }
                } else if in_block {
                    code_idents.extend(
                        rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                            .filter(|w| {
                                w.chars()
                                    .next()
                                    .is_some_and(|c| c.is_alphabetic() || c == '_')
                            })
                            .map(|w| (w.to_string(), (n + 1) as u64)),
                    );
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
                    model::note(&mut f.own.self_test_identifiers, short, block_line);
                }
                f.facts.test_functions += pending;
                for (w, line) in code_idents.drain(..) {
                    model::note(&mut f.own.self_test_identifiers, &w, line);
                }
                pending = 0;
            }
            None => {}
        }
    }
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
                ("Pool.fmt", SymbolKind::Method, true, 1, 0),
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
}
