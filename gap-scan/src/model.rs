//! The language-neutral facts of a scan: each file as a [`Unit`] whose imports and test references point
//! at other units. Every language's reader produces units; statuses, reach and the document come from them.

use std::collections::{BTreeSet, HashSet};

use gap_core::{Raise, SymbolKind};

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

/// One file's facts, with links to other files as indices into the scan's sorted file list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Language id.
    pub language: &'static str,
    /// Source, test or support.
    pub role: Role,
    /// Import name (`app.services.auth`, `crate::db::pool`, `github.com/x/y/pkg`).
    pub name: String,
    /// Physical lines.
    pub lines: u64,
    /// Code lines.
    pub code_lines: u64,
    /// Branch points in the whole file.
    pub branches: u64,
    /// Definitions, in file order.
    pub defs: Vec<Def>,
    /// Raise sites, in file order.
    pub raises: Vec<Raise>,
    /// Test functions it defines (tests and, for inline tests, source files).
    pub test_functions: u64,
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
    /// A unit with no facts yet.
    pub fn new(language: &'static str, role: Role) -> Self {
        Unit {
            language,
            role,
            name: String::new(),
            lines: 0,
            code_lines: 0,
            branches: 0,
            defs: Vec::new(),
            raises: Vec::new(),
            test_functions: 0,
            imports: BTreeSet::new(),
            runtime_imports: BTreeSet::new(),
            external: BTreeSet::new(),
            test_imports: BTreeSet::new(),
            refs: BTreeSet::new(),
        }
    }
}

/// The folder of a `/`-separated relative path (`""` at the root).
pub fn parent(path: &str) -> &str {
    path.rfind('/').map(|i| &path[..i]).unwrap_or("")
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

/// (name, kind, public, branch points) of each definition, for tests of the readers.
#[cfg(test)]
pub fn def_summary(defs: &[Def]) -> Vec<(&str, SymbolKind, bool, u64)> {
    defs.iter()
        .map(|d| (d.name.as_str(), d.kind, d.public, d.branches))
        .collect()
}
