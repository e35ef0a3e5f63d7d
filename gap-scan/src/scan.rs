//! One scan: walk, read, classify, resolve imports, map tests to modules, and write the document.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use gap_core::{
    Category, Document, Module, Status, Symbol, SymbolKind, TestFile, TestKind, Tool, Warning,
};

use crate::category;
use crate::lang::{self, Language};
use crate::mapping::{Mapper, TestFacts};
use crate::python::{self, PyFile};
use crate::resolve::{parent, Resolved, Resolver};
use crate::walk;

/// Share of public symbols tests must use for `tested`; below it a directly tested module is `limited`.
pub const TESTED_SHARE: f64 = 0.5;

/// What a file is to the scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A source module.
    Source,
    /// A test file: holds test functions or classes.
    Test,
    /// Test support: conftest.py, helpers, fixtures.
    Support,
}

/// Test functions in a file: `test*` functions, and `test*` methods of classes whose name holds `Test`.
pub fn test_functions(file: &PyFile, lang: &Language) -> u64 {
    let is_test = |name: &str| lang.test_markers.iter().any(|m| name.starts_with(m));
    file.defs
        .iter()
        .filter(|d| match d.kind {
            SymbolKind::Function => is_test(&d.name),
            SymbolKind::Method => d
                .name
                .split_once('.')
                .is_some_and(|(class, method)| class.contains("Test") && is_test(method)),
            SymbolKind::Class => false,
        })
        .count() as u64
}

/// The role of the file at `rel`.
pub fn role(rel: &str, file: &PyFile, lang: &Language) -> Role {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if lang::matches_any(lang.support_files, name) {
        return Role::Support;
    }
    let in_test_dir = rel
        .split('/')
        .rev()
        .skip(1)
        .any(|d| lang.test_dirs.contains(&d));
    if in_test_dir || lang::matches_any(lang.test_files, name) {
        // Test classes count even without methods of their own: they may inherit them (pytest collects them).
        let test_class = file
            .defs
            .iter()
            .any(|d| d.kind == SymbolKind::Class && d.name.starts_with("Test"));
        if test_class || test_functions(file, lang) > 0 {
            Role::Test
        } else {
            Role::Support
        }
    } else {
        Role::Source
    }
}

/// The test suite a test path belongs to, from its folders: `unit`, `integration`, `e2e` or `other`.
pub fn suite(rel: &str, lang: &Language) -> &'static str {
    rel.split('/')
        .rev()
        .skip(1)
        .find_map(|d| {
            lang.suites
                .iter()
                .find(|(name, _)| *name == d)
                .map(|(_, s)| *s)
        })
        .unwrap_or("other")
}

/// The dotted import name of a module: its path from the folder above its top-level package.
fn module_name(rel: &str, packages: &HashSet<&str>) -> String {
    let mut dir = parent(rel);
    while !dir.is_empty() && packages.contains(dir) {
        dir = parent(dir);
    }
    let below = if dir.is_empty() {
        rel
    } else {
        &rel[dir.len() + 1..]
    };
    let stem = below.strip_suffix(".py").unwrap_or(below);
    let stem = stem.strip_suffix("/__init__").unwrap_or(stem);
    stem.replace('/', ".")
}

/// Scans the tree at `root`; `label` is how the root is named in the document.
pub fn scan(root: &Path, label: &str) -> Document {
    let walked = walk::walk(root);
    let mut warnings = walked.warnings;
    let mut paths = Vec::new();
    let mut files = Vec::new();
    for (rel, full) in walked.files {
        match std::fs::read(&full) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => {
                    files.push(python::parse(
                        text.strip_prefix('\u{feff}').unwrap_or(&text),
                    ));
                    paths.push(rel);
                }
                Err(e) => {
                    let at = e.utf8_error().valid_up_to();
                    let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                    warnings.push(Warning {
                        path: rel,
                        message: format!("not UTF-8 (line {line}, byte {at}); skipped"),
                    });
                }
            },
            Err(e) => warnings.push(Warning {
                path: rel,
                message: format!("cannot read: {e}; skipped"),
            }),
        }
    }
    let py = &lang::LANGUAGES[0];
    let roles: Vec<Role> = paths
        .iter()
        .zip(&files)
        .map(|(p, f)| role(p, f, py))
        .collect();
    let test_side: Vec<bool> = roles.iter().map(|r| *r != Role::Source).collect();
    let resolver = Resolver::new(&paths, &files, &walked.markers, py.test_dirs);
    let resolved: Vec<Resolved> = (0..paths.len()).map(|i| resolver.resolve(i)).collect();
    let mapper = Mapper::new(&resolver, &paths, &files, &resolved, &test_side);
    let facts: BTreeMap<usize, TestFacts> = (0..paths.len())
        .filter(|&i| roles[i] == Role::Test)
        .map(|i| (i, mapper.facts(i)))
        .collect();

    // Per module: direct tests, import-only tests, referenced symbols.
    let mut direct: HashMap<usize, BTreeSet<&str>> = HashMap::new();
    let mut import_only: HashMap<usize, BTreeSet<&str>> = HashMap::new();
    let mut referenced: HashSet<(usize, &str)> = HashSet::new();
    for (&t, f) in &facts {
        let used: BTreeSet<usize> = f.refs.iter().map(|(m, _)| *m).collect();
        for &m in &used {
            direct.entry(m).or_default().insert(&paths[t]);
        }
        for &m in f.imports.difference(&used) {
            import_only.entry(m).or_default().insert(&paths[t]);
        }
        referenced.extend(f.refs.iter().map(|(m, s)| (*m, s.as_str())));
    }

    // Source import graph: fan-out and fan-in.
    let sources: Vec<usize> = (0..paths.len())
        .filter(|&i| roles[i] == Role::Source)
        .collect();
    let mut importers: HashMap<usize, BTreeSet<usize>> = HashMap::new();
    for &s in &sources {
        for &g in &resolved[s].files {
            if roles[g] == Role::Source {
                importers.entry(g).or_default().insert(s);
            }
        }
    }
    // Indirect reach: modules a directly tested module imports, directly or through other modules. A package's
    // __init__.py is crossed only through imports in its functions: its module-level imports are re-exports,
    // and a re-exported name already links the importer to the defining module.
    let mut indirect: HashMap<usize, BTreeSet<usize>> = HashMap::new();
    for &d in direct.keys() {
        let mut frontier = vec![d];
        let mut seen = HashSet::from([d]);
        while !frontier.is_empty() {
            let mut next = Vec::new();
            for f in frontier {
                let is_init = paths[f].ends_with("__init__.py");
                let eager = resolved[f].eager.iter().filter(|_| !is_init);
                for &g in eager.chain(&resolved[f].lazy) {
                    if roles[g] == Role::Source && seen.insert(g) {
                        indirect.entry(g).or_default().insert(d);
                        next.push(g);
                    }
                }
            }
            frontier = next;
        }
    }

    // Test files named after each module.
    let mut named: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for (i, p) in paths.iter().enumerate() {
        if roles[i] != Role::Test {
            continue;
        }
        let stem = p.rsplit('/').next().unwrap_or(p).trim_end_matches(".py");
        if let Some(s) = stem
            .strip_prefix("test_")
            .or_else(|| stem.strip_suffix("_test"))
        {
            named.entry(s).or_default().insert(p);
        }
    }

    let packages: HashSet<&str> = paths
        .iter()
        .filter(|p| p.as_str() == "__init__.py" || p.ends_with("/__init__.py"))
        .map(|p| parent(p))
        .collect();
    let strings = |set: Option<&BTreeSet<&str>>| -> Vec<String> {
        set.map(|s| s.iter().map(|x| x.to_string()).collect())
            .unwrap_or_default()
    };
    let path_list = |set: Option<&BTreeSet<usize>>| -> Vec<String> {
        let mut v: Vec<String> = set
            .map(|s| s.iter().map(|&i| paths[i].clone()).collect())
            .unwrap_or_default();
        v.sort();
        v
    };
    let mut modules = Vec::new();
    for &i in &sources {
        let f = &files[i];
        let rel = &paths[i];
        let symbols: Vec<Symbol> = f
            .defs
            .iter()
            .map(|d| Symbol {
                name: d.name.clone(),
                kind: d.kind,
                line: d.line,
                branches: d.branches,
                raises: d.raises,
                public: d.public,
                referenced: referenced.contains(&(i, d.name.as_str())),
                extra: Default::default(),
            })
            .collect();
        let public = symbols.iter().filter(|s| s.public).count() as u64;
        let used = symbols.iter().filter(|s| s.public && s.referenced).count() as u64;
        let coverage = (public > 0).then(|| used as f64 / public as f64);
        let direct_tests = strings(direct.get(&i));
        let import_only_tests = strings(import_only.get(&i));
        let indirect_via = if direct_tests.is_empty() && import_only_tests.is_empty() {
            path_list(indirect.get(&i))
        } else {
            Vec::new()
        };
        let status = if !direct_tests.is_empty() {
            if coverage.is_none_or(|c| c >= TESTED_SHARE) {
                Status::Tested
            } else {
                Status::Limited
            }
        } else if !import_only_tests.is_empty() {
            Status::ImportOnly
        } else if !indirect_via.is_empty() {
            Status::Indirect
        } else {
            Status::Untested
        };
        let file_name = rel.rsplit('/').next().unwrap_or(rel);
        let stem = match file_name {
            "__init__.py" => parent(rel).rsplit('/').next().unwrap_or(""),
            n => n.trim_end_matches(".py"),
        };
        modules.push(Module {
            path: rel.clone(),
            language: py.id.to_string(),
            name: module_name(rel, &packages),
            category: category::id_of(rel),
            lines: f.lines,
            code_lines: f.code_lines,
            branches: f.branches,
            testable: f.defs.iter().any(|d| d.kind != SymbolKind::Method),
            symbols,
            raises: f
                .raises
                .iter()
                .map(|r| gap_core::Raise {
                    line: r.line,
                    name: r.name.clone(),
                })
                .collect(),
            imports: path_list(Some(
                &resolved[i]
                    .files
                    .iter()
                    .copied()
                    .filter(|&g| roles[g] == Role::Source)
                    .collect(),
            )),
            external_imports: resolved[i].external.iter().cloned().collect(),
            imported_by: path_list(importers.get(&i)),
            direct_tests,
            import_only_tests,
            named_tests: strings(named.get(stem)),
            indirect_via,
            public_symbols: public,
            referenced_symbols: used,
            symbol_coverage: coverage.map(|c| (c * 10000.0).round() / 10000.0),
            status,
            priority: None,
            score: None,
            score_parts: None,
            reasons: None,
            test_type: None,
            test_type_reason: None,
            missing_tests: None,
            missing_symbols: None,
            extra: Default::default(),
        });
    }

    let tests = (0..paths.len())
        .filter(|&i| roles[i] != Role::Source)
        .map(|i| {
            let fact = facts.get(&i);
            TestFile {
                path: paths[i].clone(),
                language: py.id.to_string(),
                kind: if roles[i] == Role::Test {
                    TestKind::Test
                } else {
                    TestKind::Support
                },
                suite: suite(&paths[i], py).to_string(),
                lines: files[i].lines,
                test_functions: test_functions(&files[i], py),
                imports: path_list(fact.map(|f| &f.imports)),
                exercises: path_list(
                    fact.map(|f| f.refs.iter().map(|(m, _)| *m).collect())
                        .as_ref(),
                ),
                extra: Default::default(),
            }
        })
        .collect();

    let mut by_category: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for m in &modules {
        by_category
            .entry(m.category.clone())
            .or_default()
            .push(m.path.clone());
    }
    let ids: Vec<String> = by_category.keys().cloned().collect();
    let root_name = std::fs::canonicalize(root)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "root".to_string());
    let names = category::display_names(&ids, &root_name);
    let categories = by_category
        .into_iter()
        .zip(names)
        .map(|((id, modules), name)| Category {
            id,
            name,
            languages: vec![py.id.to_string()],
            modules,
            summary: None,
            priority: None,
            extra: Default::default(),
        })
        .collect();

    let mut doc = Document::new(Tool::new("gap-scan", env!("CARGO_PKG_VERSION")), label);
    doc.modules = modules;
    doc.tests = tests;
    doc.categories = categories;
    doc.warnings = warnings;
    doc.canonicalize();
    doc
}
