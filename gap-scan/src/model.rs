//! The language-neutral facts of a scan. Every reader turns a file into [`FileFacts`] (with facts of its own
//! language beside them, [`Parsed`]), then a language's files into [`Unit`]s whose imports and test
//! references point at other files; statuses, reach and the document come from them the same way for every
//! language.

use std::collections::{BTreeSet, HashSet};

use gap_core::{Raise, SymbolKind};

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
    /// Names used outside import lines, keywords excluded.
    pub identifiers: BTreeSet<String>,
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
    /// Files of the tree it imports.
    pub imports: BTreeSet<usize>,
    /// Files whose code runs when this file's code runs (for `indirect`): a subset of `imports`.
    pub runtime_imports: BTreeSet<usize>,
    /// Imports that are not in the tree.
    pub external: BTreeSet<String>,
    /// Tests only: files its imports (and its helpers') name.
    pub test_imports: BTreeSet<usize>,
    /// Tests only: (file, symbol) pairs it uses.
    pub refs: BTreeSet<(usize, String)>,
}

impl Unit {
    /// A unit with no links yet.
    pub fn new(role: Role, name: impl Into<String>) -> Self {
        Unit {
            role,
            name: name.into(),
            imports: BTreeSet::new(),
            runtime_imports: BTreeSet::new(),
            external: BTreeSet::new(),
            test_imports: BTreeSet::new(),
            refs: BTreeSet::new(),
        }
    }

    /// The same unit with every link `i` made `to(i)`; links `to` maps to nothing are dropped.
    pub fn remap(mut self, to: impl Fn(usize) -> Option<usize>) -> Self {
        let set = |s: &BTreeSet<usize>| s.iter().filter_map(|&i| to(i)).collect::<BTreeSet<_>>();
        self.imports = set(&self.imports);
        self.runtime_imports = set(&self.runtime_imports);
        self.test_imports = set(&self.test_imports);
        self.refs = std::mem::take(&mut self.refs)
            .into_iter()
            .filter_map(|(f, s)| Some((to(f)?, s)))
            .collect();
        self
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

/// Records that a test uses `symbol` of `file` (whose definitions are `defs`), and the methods of it whose
/// names the test also uses (`Cart` with `add` in `idents` uses `Cart.add`).
pub fn use_symbol(
    defs: &[Def],
    file: usize,
    symbol: &str,
    idents: &HashSet<&str>,
    refs: &mut BTreeSet<(usize, String)>,
) {
    for d in defs {
        if d.kind == SymbolKind::Method
            && d.name
                .split_once('.')
                .is_some_and(|(c, m)| c == symbol && idents.contains(m))
        {
            refs.insert((file, d.name.clone()));
        }
    }
    refs.insert((file, symbol.to_string()));
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
    u.refs
        .iter()
        .map(|(f, s)| format!("{}:{s}", paths[*f]))
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
