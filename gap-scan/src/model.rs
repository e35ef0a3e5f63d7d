//! The language-neutral facts of a scan. Every reader turns a file into [`FileFacts`] (with facts of its own
//! language beside them, [`Parsed`]), then a language's files into [`Unit`]s whose imports and test
//! references point at other files; statuses, reach and the document come from them the same way for every
//! language.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use gap_core::{EvidenceKind, Raise, SymbolKind};

use crate::lang::Language;

/// What a file is to the scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A source module.
    Source,
    /// A test file: holds tests.
    Test,
    /// Test support: fixtures, helpers.
    Support,
}

/// A definition, as every language reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Def {
    /// `name`, or `Type.method` for methods.
    pub name: String,
    /// Function, class (or type) or method.
    pub kind: SymbolKind,
    /// 1-based line.
    pub line: u64,
    /// Branch points in its own body.
    pub branches: u64,
    /// Raise (throw, panic, error-return) sites in its own body.
    pub raises: u64,
    /// Visible outside its module.
    pub public: bool,
}

impl Def {
    /// A definition with no branch points or raise sites counted yet.
    pub fn new(name: impl Into<String>, kind: SymbolKind, line: u64, public: bool) -> Self {
        Def {
            name: name.into(),
            kind,
            line,
            branches: 0,
            raises: 0,
            public,
        }
    }
}

/// What every reader reads from one file, whatever its language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileFacts {
    /// Physical lines as `wc -l` counts them: newline bytes.
    pub lines: u64,
    /// Lines holding code (not blank, not only a comment, not a docstring).
    pub code_lines: u64,
    /// Branch points in the whole file.
    pub branches: u64,
    /// Definitions, in file order.
    pub defs: Vec<Def>,
    /// Raise sites, in file order.
    pub raises: Vec<Raise>,
    /// Names used outside import lines, keywords excluded, each with the line it first shows on.
    pub identifiers: BTreeMap<String, u64>,
    /// Test functions it defines (tests and, for inline tests, source files).
    pub test_functions: u64,
}

/// One file as a reader parsed it: the shared facts and the facts of its own language (imports, package...).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed<L> {
    /// What every language reports.
    pub facts: FileFacts,
    /// What only this language reports.
    pub own: L,
}

/// A language's verdict on one file: its role, its import name and its links to other files of the
/// language, as indices into the paths the reader was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Source, test or support.
    pub role: Role,
    /// Import name (`app.services.auth`, `crate::db::pool`, `github.com/x/y/pkg`).
    pub name: String,
    /// Files of the tree it imports, each with the first line of this file that imports it.
    pub imports: Imports,
    /// Files whose code runs when this file's code runs (for `indirect`): a subset of `imports`.
    pub runtime_imports: BTreeSet<usize>,
    /// Imports that are not in the tree.
    pub external: BTreeSet<String>,
    /// What this file, when it tests code, credits other files with (and where).
    pub credits: Credits,
}

/// Records that `name` shows at `line` in a file whose names are `names`, keeping its first line.
pub fn note(names: &mut BTreeMap<String, u64>, name: &str, line: u64) {
    match names.get_mut(name) {
        Some(l) => *l = (*l).min(line),
        None => {
            names.insert(name.to_string(), line);
        }
    }
}

/// Files a file imports: file -> the first line that imports it.
pub type Imports = BTreeMap<usize, u64>;

/// Records that a file imports `file` at `line`, keeping the first line.
pub fn import(imports: &mut Imports, file: usize, line: u64) {
    imports
        .entry(file)
        .and_modify(|l| *l = (*l).min(line))
        .or_insert(line);
}

impl Unit {
    /// A unit with no links yet.
    pub fn new(role: Role, name: impl Into<String>) -> Self {
        Unit {
            role,
            name: name.into(),
            imports: Imports::new(),
            runtime_imports: BTreeSet::new(),
            external: BTreeSet::new(),
            credits: Credits::default(),
        }
    }

    /// Every import runs when the file's code runs.
    pub fn all_imports_run(&mut self) {
        self.runtime_imports = self.imports.keys().copied().collect();
    }

    /// The same unit with every link `i` made `to(i)`; links `to` maps to nothing are dropped.
    pub fn remap(mut self, to: impl Fn(usize) -> Option<usize>) -> Self {
        let mut imports = Imports::new();
        for (&f, &line) in &self.imports {
            if let Some(g) = to(f) {
                import(&mut imports, g, line);
            }
        }
        self.imports = imports;
        self.runtime_imports = self.runtime_imports.iter().filter_map(|&i| to(i)).collect();
        self.credits = std::mem::take(&mut self.credits).remap(&to);
        self
    }
}

/// One credit a testing file gives a module: the document's evidence before it is grouped per test file
/// (docs/schema.md, "Evidence"). Readers record `reference` and `import` credits; other kinds (`by_name`,
/// `http`, `convention`) go through the same list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credit {
    /// The module credited (an index, like every link).
    pub file: usize,
    /// What kind of credit it is.
    pub kind: EvidenceKind,
    /// The symbol used, for a reference.
    pub symbol: Option<String>,
    /// Line of the testing file where it first shows (0 when no line does).
    pub line: u64,
    /// What was matched, when a string or URL was.
    pub detail: Option<String>,
}

/// A [`Credit`] as a [`Credits`] list holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CreditRef<'a> {
    /// The module credited.
    pub file: usize,
    /// What kind of credit it is.
    pub kind: EvidenceKind,
    /// The symbol used, for a reference.
    pub symbol: Option<&'a str>,
    /// Line of the testing file where it first shows.
    pub line: u64,
    /// What was matched, when a string or URL was.
    pub detail: Option<&'a str>,
}

/// What identifies a credit: (file, kind, symbol).
type CreditKey = (usize, EvidenceKind, Option<String>);

/// The credits of one testing file, one per (file, kind, symbol) at its first line (with its detail).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Credits(BTreeMap<CreditKey, (u64, Option<String>)>);

impl Credits {
    /// Records `c`, keeping the earliest line of each (file, kind, symbol).
    pub fn add(&mut self, c: Credit) {
        let value = (c.line, c.detail);
        self.0
            .entry((c.file, c.kind, c.symbol))
            .and_modify(|v| {
                if value.0 < v.0 {
                    *v = value.clone();
                }
            })
            .or_insert(value);
    }

    /// Records that the file uses `symbol` of `file` at `line`.
    pub fn reference(&mut self, file: usize, symbol: impl Into<String>, line: u64) {
        self.add(Credit {
            file,
            kind: EvidenceKind::Reference,
            symbol: Some(symbol.into()),
            line,
            detail: None,
        });
    }

    /// Records that the file imports `file` at `line`.
    pub fn import(&mut self, file: usize, line: u64) {
        self.add(Credit {
            file,
            kind: EvidenceKind::Import,
            symbol: None,
            line,
            detail: None,
        });
    }

    /// Every credit, by file, kind and symbol.
    pub fn iter(&self) -> impl Iterator<Item = CreditRef<'_>> + '_ {
        self.0
            .iter()
            .map(|((file, kind, symbol), (line, detail))| CreditRef {
                file: *file,
                kind: *kind,
                symbol: symbol.as_deref(),
                line: *line,
                detail: detail.as_deref(),
            })
    }

    /// The files credited with `kind`.
    pub fn files(&self, kind: EvidenceKind) -> BTreeSet<usize> {
        self.0
            .keys()
            .filter(|(_, k, _)| *k == kind)
            .map(|(f, _, _)| *f)
            .collect()
    }

    /// No credits at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The credits with every file `i` made `to(i)`; credits of files `to` maps to nothing are dropped.
    pub fn remap(self, to: impl Fn(usize) -> Option<usize>) -> Credits {
        let mut out = Credits::default();
        for ((file, kind, symbol), (line, detail)) in self.0 {
            if let Some(file) = to(file) {
                out.add(Credit {
                    file,
                    kind,
                    symbol,
                    line,
                    detail,
                });
            }
        }
        out
    }

    /// Keeps the credits of the files `keep` accepts.
    pub fn retain(&mut self, keep: impl Fn(usize) -> bool) {
        self.0.retain(|(f, _, _), _| keep(*f));
    }
}

/// The names a test's code uses, each with the line of the test file where it first shows; names only its
/// support files (fixtures, helpers) use count from the line where the test first draws on that file.
#[derive(Debug, Clone, Default)]
pub struct Uses<'a>(HashMap<&'a str, u64>);

impl<'a> Uses<'a> {
    /// The names `facts` (a test file's) use.
    pub fn of(facts: &'a FileFacts) -> Self {
        Uses(
            facts
                .identifiers
                .iter()
                .map(|(n, &l)| (n.as_str(), l))
                .collect(),
        )
    }

    /// Adds the names a support file uses, at line `at` of the test, where they do not show earlier.
    pub fn lend(&mut self, facts: &'a FileFacts, at: u64) {
        for n in facts.identifiers.keys() {
            self.0
                .entry(n.as_str())
                .and_modify(|l| *l = (*l).min(at))
                .or_insert(at);
        }
    }

    /// The line where `name` first shows, if the test uses it.
    pub fn line(&self, name: &str) -> Option<u64> {
        self.0.get(name).copied()
    }

    /// The test uses `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// Every name the test uses.
    pub fn names(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.0.keys().copied()
    }
}

/// What a name in a module stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// A definition (function, class, type) named `.1` in file `.0`.
    Symbol(usize, String),
    /// The module that file `.0` is.
    Module(usize),
}

impl Target {
    /// The file it points into.
    pub fn file(&self) -> usize {
        match self {
            Target::Symbol(f, _) | Target::Module(f) => *f,
        }
    }
}

/// The role of the file at `path` by `lang`'s test rules: support by name; on the test side (by name or
/// folder) a test when `holds_tests`, else support; otherwise source.
pub fn role(lang: &Language, path: &str, holds_tests: bool) -> Role {
    let place = lang.test_place(path);
    if place.support {
        Role::Support
    } else if place.named || place.in_test_dir {
        if holds_tests {
            Role::Test
        } else {
            Role::Support
        }
    } else {
        Role::Source
    }
}

/// The folder of a `/`-separated relative path (`""` at the root).
pub fn parent(path: &str) -> &str {
    path.rfind('/').map(|i| &path[..i]).unwrap_or("")
}

/// `dir/rest`, or `rest` at the root.
pub fn join(dir: &str, rest: &str) -> String {
    if dir.is_empty() {
        rest.to_string()
    } else {
        format!("{dir}/{rest}")
    }
}

/// Records that a test uses `symbol` of `file` (whose definitions are `defs`) from line `line` on, and the
/// methods of it whose names the test also uses (`Cart` with `add` in `uses` uses `Cart.add`, from where
/// both have shown).
pub fn use_symbol(
    defs: &[Def],
    file: usize,
    symbol: &str,
    line: u64,
    uses: &Uses,
    credits: &mut Credits,
) {
    for d in defs {
        if d.kind != SymbolKind::Method {
            continue;
        }
        let Some((class, method)) = d.name.split_once('.') else {
            continue;
        };
        if class == symbol {
            if let Some(at) = uses.line(method) {
                credits.reference(file, d.name.clone(), at.max(line));
            }
        }
    }
    credits.reference(file, symbol, line);
}

/// Definitions by name: name -> (file, full name) for every file that defines it.
pub type NameTable<'a> = std::collections::HashMap<&'a str, Vec<(usize, &'a str)>>;

/// Names of the top-level definitions (functions and classes, not methods).
pub fn top_level_names(defs: &[Def]) -> impl Iterator<Item = &str> {
    defs.iter()
        .filter(|d| d.kind != SymbolKind::Method)
        .map(|d| d.name.as_str())
}

/// `path:symbol` for each (file, symbol) a unit uses, for tests of the readers.
#[cfg(test)]
pub fn refs_of(paths: &[String], u: &Unit) -> Vec<String> {
    refs_with_lines(paths, u)
        .into_iter()
        .map(|(r, _)| r)
        .collect()
}

/// (`path:symbol`, line) for each (file, symbol) a unit uses, for tests of the readers.
#[cfg(test)]
pub fn refs_with_lines(paths: &[String], u: &Unit) -> Vec<(String, u64)> {
    u.credits
        .iter()
        .filter(|c| c.kind == EvidenceKind::Reference)
        .map(|c| {
            let symbol = c.symbol.unwrap_or_default();
            (format!("{}:{symbol}", paths[c.file]), c.line)
        })
        .collect()
}

/// (path, line) of each file a unit's imports credit, for tests of the readers.
#[cfg(test)]
pub fn imports_of(paths: &[String], u: &Unit) -> Vec<(String, u64)> {
    u.credits
        .iter()
        .filter(|c| c.kind == EvidenceKind::Import)
        .map(|c| (paths[c.file].clone(), c.line))
        .collect()
}

/// (name, kind, line) of each definition, for tests of the readers.
#[cfg(test)]
pub fn def_lines(defs: &[Def]) -> Vec<(&str, SymbolKind, u64)> {
    defs.iter()
        .map(|d| (d.name.as_str(), d.kind, d.line))
        .collect()
}

/// (name, kind, public, branch points) of each definition, for tests of the readers.
#[cfg(test)]
pub fn def_summary(defs: &[Def]) -> Vec<(&str, SymbolKind, bool, u64)> {
    defs.iter()
        .map(|d| (d.name.as_str(), d.kind, d.public, d.branches))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang;

    #[test]
    fn roles_follow_the_language_row() {
        assert_eq!(
            role(&lang::PYTHON, "tests/conftest.py", true),
            Role::Support
        );
        assert_eq!(role(&lang::PYTHON, "tests/test_a.py", true), Role::Test);
        assert_eq!(
            role(&lang::PYTHON, "tests/helpers.py", false),
            Role::Support
        );
        assert_eq!(role(&lang::PYTHON, "app/a.py", true), Role::Source);
        assert_eq!(role(&lang::GO, "a/a_test.go", false), Role::Support);
    }
}
