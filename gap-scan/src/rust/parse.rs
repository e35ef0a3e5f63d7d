//! Facts about one Rust file: `use` trees, `mod` declarations, items (functions, types, methods of `impl`
//! blocks), branch points, error sites, identifiers, `#[test]` functions and what the file's own
//! `#[cfg(test)]` modules and doc tests use.

use std::collections::BTreeSet;

use crate::clike::{self, text, Dialect, Kind, Token};
use crate::model::Def;
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
}

/// Everything gap reads from one Rust file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RsFile {
    /// Physical lines.
    pub lines: u64,
    /// Lines with code.
    pub code_lines: u64,
    /// Branch points in the file outside test modules.
    pub branches: u64,
    /// `use` leaves.
    pub uses: Vec<UseItem>,
    /// `mod name;` declarations (public or not).
    pub mods: Vec<(String, bool)>,
    /// Items outside test modules.
    pub defs: Vec<Def>,
    /// Error sites.
    pub raises: Vec<Raise>,
    /// Names used outside `use` lines and `mod` declarations.
    pub identifiers: BTreeSet<String>,
    /// `#[test]` functions and doc tests.
    pub test_functions: u64,
    /// Names the file's `#[cfg(test)]` modules and doc tests use.
    pub self_test_identifiers: BTreeSet<String>,
    /// Short string literals (binary names that tests run, like `cargo_bin("tool")`).
    pub strings: BTreeSet<String>,
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
    public: bool,
    out: &mut Vec<UseItem>,
) -> usize {
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
                });
                return i;
            }
            Kind::Op(b'*') => {
                out.push(UseItem {
                    path: path.clone(),
                    local: String::new(),
                    glob: true,
                    public,
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
                    let next = use_tree(src, toks, i, &path, public, out);
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

/// Reads one Rust file.
pub fn parse(src: &str) -> RsFile {
    let lexed = clike::lex(
        src,
        Dialect {
            backtick_strings: false,
            rust: true,
        },
    );
    let toks = &lexed.tokens;
    let mut f = RsFile {
        lines: lexed.lines,
        code_lines: lexed.code_lines,
        ..Default::default()
    };
    let word = |i: usize| {
        toks.get(i)
            .filter(|t| t.kind == Kind::Name)
            .map_or("", |t| text(src, t))
    };
    let mut in_use = vec![false; toks.len()];
    let mut in_test = vec![false; toks.len()];
    let mut owner: Vec<Option<usize>> = vec![None; toks.len()];
    // Impl headers: their `for` (`impl Trait for Type`) is no loop.
    let mut header = vec![false; toks.len()];
    let mut attrs = String::new();
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        // Attributes: remember them for the next item.
        if t.kind == Kind::Op(b'#') && toks.get(i + 1).is_some_and(|u| u.kind == Kind::Op(b'[')) {
            let end = skip_group(toks, i + 1, b'[', b']');
            attrs.push_str(&src[t.start..toks[end - 1].end.max(t.start)]);
            i = end;
            continue;
        }
        if t.depth > 0 || t.kind != Kind::Name {
            i += 1;
            continue;
        }
        let mut k = i;
        let mut public = false;
        if word(k) == "pub" {
            public = !toks.get(k + 1).is_some_and(|u| u.kind == Kind::Op(b'('));
            k += 1;
            if toks.get(k).is_some_and(|u| u.kind == Kind::Op(b'(')) {
                k = skip_group(toks, k, b'(', b')');
            }
        }
        while matches!(word(k), "async" | "const" | "unsafe" | "extern" | "default") {
            k += 1;
            if toks.get(k).is_some_and(|u| u.kind == Kind::Str) {
                k += 1;
            }
        }
        let is_test_attr = attrs.contains("test");
        let cfg_test = attrs.contains("cfg(test)");
        attrs.clear();
        match word(k) {
            "use" => {
                let end = use_tree(src, toks, k + 1, &[], public, &mut f.uses);
                let end = toks[end.min(toks.len())..]
                    .iter()
                    .position(|t| t.kind == Kind::Op(b';'))
                    .map_or(toks.len(), |p| end + p + 1);
                in_use[i..end].iter_mut().for_each(|x| *x = true);
                i = end;
            }
            "mod" => {
                let name = word(k + 1).to_string();
                if toks.get(k + 2).is_some_and(|u| u.kind == Kind::Op(b';')) {
                    f.mods.push((name, public));
                    in_use[i..k + 3].iter_mut().for_each(|x| *x = true);
                    i = k + 3;
                } else if let Some(open) = toks[k..]
                    .iter()
                    .position(|u| u.kind == Kind::Op(b'{'))
                    .map(|p| k + p)
                {
                    let end = block_end(toks, open);
                    if cfg_test {
                        in_test[open..end].iter_mut().for_each(|x| *x = true);
                        f.test_functions += count_test_fns(src, &toks[open..end]);
                    }
                    i = end;
                } else {
                    i = k + 1;
                }
            }
            "fn" => {
                let name = word(k + 1).to_string();
                let open = (k..toks.len()).find(|&j| {
                    toks[j].depth == 0 && matches!(toks[j].kind, Kind::Op(b'{') | Kind::Op(b';'))
                });
                let end = match open {
                    Some(o) if toks[o].kind == Kind::Op(b'{') => block_end(toks, o),
                    Some(o) => o + 1,
                    None => toks.len(),
                };
                if is_test_attr {
                    f.test_functions += 1;
                    in_test[i..end].iter_mut().for_each(|x| *x = true);
                } else if !name.is_empty() {
                    f.defs.push(Def {
                        name,
                        kind: SymbolKind::Function,
                        line: u64::from(toks[k].line),
                        branches: 0,
                        raises: 0,
                        public,
                    });
                    let d = f.defs.len() - 1;
                    owner[i..end].iter_mut().for_each(|x| *x = Some(d));
                }
                i = end;
            }
            "struct" | "enum" | "trait" | "union" => {
                let name = word(k + 1).to_string();
                let start = i;
                let mut j = k + 2;
                while j < toks.len()
                    && !(toks[j].depth == 0
                        && matches!(toks[j].kind, Kind::Op(b'{') | Kind::Op(b';')))
                {
                    if toks[j].kind == Kind::Op(b'(') {
                        j = skip_group(toks, j, b'(', b')');
                    } else {
                        j += 1;
                    }
                }
                let end = if toks.get(j).is_some_and(|u| u.kind == Kind::Op(b'{')) {
                    block_end(toks, j)
                } else {
                    j + 1
                };
                if !name.is_empty() {
                    f.defs.push(Def {
                        name,
                        kind: SymbolKind::Class,
                        line: u64::from(toks[k].line),
                        branches: 0,
                        raises: 0,
                        public,
                    });
                    let d = f.defs.len() - 1;
                    owner[start..end.min(toks.len())]
                        .iter_mut()
                        .for_each(|x| *x = Some(d));
                }
                i = end;
            }
            "impl" => {
                let mut j = k + 1;
                if toks.get(j).is_some_and(|u| u.kind == Kind::Op(b'<')) {
                    j = skip_group(toks, j, b'<', b'>');
                }
                // The implementing type: the last name before `{`/`where` at angle level 0, after `for` if any.
                let (mut ty, mut trait_impl, mut angle) = ("", false, 0i32);
                while j < toks.len() && !(toks[j].kind == Kind::Op(b'{') && toks[j].depth == 0) {
                    match toks[j].kind {
                        Kind::Op(b'<') => angle += 1,
                        Kind::Op(b'>') if !(j > 0 && toks[j - 1].kind == Kind::Op(b'-')) => {
                            angle -= 1
                        }
                        Kind::Name if angle == 0 => match word(j) {
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
                while j < toks.len() && !(toks[j].kind == Kind::Op(b'{') && toks[j].depth == 0) {
                    j += 1;
                }
                if j >= toks.len() {
                    break;
                }
                header[i..j].iter_mut().for_each(|x| *x = true);
                let end = block_end(toks, j);
                let ty = ty.to_string();
                // Methods: `fn name` at depth 1.
                let mut m = j + 1;
                let mut mattrs = String::new();
                while m < end {
                    let u = toks[m];
                    if u.kind == Kind::Op(b'#') && u.depth == 1 {
                        let e = skip_group(toks, m + 1, b'[', b']');
                        mattrs.push_str(&src[u.start..toks[e - 1].end]);
                        m = e;
                        continue;
                    }
                    if u.depth == 1 && word(m) == "fn" {
                        let name = word(m + 1).to_string();
                        let mut p = m;
                        while p > j + 1
                            && toks[p - 1].depth == 1
                            && matches!(
                                toks[p - 1].kind,
                                Kind::Name | Kind::Op(b'(') | Kind::Op(b')') | Kind::Str
                            )
                            && word(p - 1) != "fn"
                            && !matches!(toks[p - 1].kind, Kind::Op(b'(') | Kind::Op(b')'))
                        {
                            p -= 1;
                        }
                        let method_public = trait_impl
                            || toks[p..m].iter().any(|x| text(src, x) == "pub")
                                && !toks.get(p + 1).is_some_and(|x| x.kind == Kind::Op(b'('));
                        let open = (m..end).find(|&q| {
                            toks[q].depth == 1
                                && matches!(toks[q].kind, Kind::Op(b'{') | Kind::Op(b';'))
                        });
                        let mend = match open {
                            Some(o) if toks[o].kind == Kind::Op(b'{') => block_end(toks, o),
                            Some(o) => o + 1,
                            None => end,
                        };
                        if mattrs.contains("test") {
                            f.test_functions += 1;
                        } else if !name.is_empty() && !ty.is_empty() {
                            f.defs.push(Def {
                                name: format!("{ty}.{name}"),
                                kind: SymbolKind::Method,
                                line: u64::from(toks[m].line),
                                branches: 0,
                                raises: 0,
                                public: method_public,
                            });
                            let d = f.defs.len() - 1;
                            owner[m..mend].iter_mut().for_each(|x| *x = Some(d));
                        }
                        mattrs.clear();
                        m = mend;
                        continue;
                    }
                    if u.depth == 1 && u.kind == Kind::Op(b';') {
                        mattrs.clear();
                    }
                    m += 1;
                }
                i = end;
            }
            _ => i = k + 1,
        }
    }
    // Branches and error sites outside tests, credited to their items.
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
            && owner[k] == owner[start]
            && in_test[k] == in_test[start]
            && header[k] == header[start]
        {
            k += 1;
        }
        if in_test[start] || header[start] {
            continue;
        }
        let run = &toks[start..k];
        let b = clike::count_branches(src, run, BRANCH_KEYWORDS, BRANCH_OPERATORS)
            + arrows[start..k].iter().filter(|&&a| a).count() as u64;
        f.branches += b;
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
            f.raises.push(Raise {
                line: u64::from(t.line),
                name,
                extra: Default::default(),
            });
            raises += 1;
        }
        if let Some(d) = owner[start] {
            f.defs[d].branches += b;
            f.defs[d].raises += raises;
        }
    }
    for t in toks
        .iter()
        .filter(|t| t.kind == Kind::Str && t.end - t.start <= 66)
    {
        f.strings.insert(clike::unquote(text(src, t)).to_string());
    }
    for (k, t) in toks.iter().enumerate() {
        if t.kind == Kind::Name && !in_use[k] {
            let w = text(src, t);
            if !KEYWORDS.contains(&w) {
                f.identifiers.insert(w.to_string());
                if in_test[k] {
                    f.self_test_identifiers.insert(w.to_string());
                }
            }
        }
    }
    doc_tests(src, &mut f);
    f
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
fn doc_tests(src: &str, f: &mut RsFile) {
    let mut in_block = false;
    let mut pending: u64 = 0;
    let mut code_idents: Vec<String> = Vec::new();
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
                            .map(String::from),
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
                if let Some(d) = f.defs.iter().find(|d| d.line >= at && d.line <= at + 2) {
                    f.self_test_identifiers
                        .insert(d.name.rsplit('.').next().unwrap_or(&d.name).to_string());
                }
                f.test_functions += pending;
                f.self_test_identifiers.extend(code_idents.drain(..));
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
            f.mods,
            [("inner".to_string(), false), ("api".to_string(), true)]
        );
        assert_eq!(f.branches, 5, "if, ||, two match arms, ?");
        let raises: Vec<&str> = f.raises.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(raises, ["Err", "panic!"]);
    }

    #[test]
    fn inline_tests_and_doc_tests() {
        let f = parse(SRC);
        assert_eq!(
            f.test_functions, 3,
            "two #[test]-like functions and one doc test"
        );
        assert!(
            f.self_test_identifiers.contains("get") && f.self_test_identifiers.contains("Pool")
        );
        assert!(
            f.self_test_identifiers.contains("parse"),
            "the doc test documents parse"
        );
        assert!(
            !f.defs.iter().any(|d| d.name == "gets"),
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
}
