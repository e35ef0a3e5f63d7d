//! Python files to units: roles (pytest conventions), import names, resolved imports, and what each test
//! file uses.

use std::collections::{BTreeMap, HashSet};

use super::mapping::{Mapper, TestFacts};
use super::resolve::{Resolved, Resolver};
use super::PyFile;
use crate::lang::{self, Language};
use crate::model::{self, parent, Role, Unit};
use gap_core::SymbolKind;

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

/// Units for Python files `paths` (sorted) with their parsed `files`; indices in the units are into `paths`.
/// `markers` are project marker files (`pyproject.toml`, ...), which make their folders import roots.
pub fn analyze(paths: &[String], files: &[PyFile], markers: &[String]) -> Vec<Unit> {
    let py = lang::by_id("python");
    let roles: Vec<Role> = paths
        .iter()
        .zip(files)
        .map(|(p, f)| role(p, f, py))
        .collect();
    let test_side: Vec<bool> = roles.iter().map(|r| *r != Role::Source).collect();
    let resolver = Resolver::new(paths, files, markers, py.test_dirs);
    let resolved: Vec<Resolved> = (0..paths.len()).map(|i| resolver.resolve(i)).collect();
    let mapper = Mapper::new(&resolver, paths, files, &resolved, &test_side);
    let facts: BTreeMap<usize, TestFacts> = (0..paths.len())
        .filter(|&i| roles[i] == Role::Test)
        .map(|i| (i, mapper.facts(i)))
        .collect();
    let packages: HashSet<&str> = paths
        .iter()
        .filter(|p| p.as_str() == "__init__.py" || p.ends_with("/__init__.py"))
        .map(|p| parent(p))
        .collect();
    (0..paths.len())
        .map(|i| {
            let f = &files[i];
            let r = &resolved[i];
            let mut u = Unit::new(py.id, roles[i]);
            u.name = module_name(&paths[i], &packages);
            u.lines = f.lines;
            u.code_lines = f.code_lines;
            u.branches = f.branches;
            u.defs = f
                .defs
                .iter()
                .map(|d| model::Def {
                    name: d.name.clone(),
                    kind: d.kind,
                    line: d.line,
                    branches: d.branches,
                    raises: d.raises,
                    public: d.public,
                })
                .collect();
            u.raises = f.raises.clone();
            u.test_functions = test_functions(f, py);
            u.imports = r.files.clone();
            // A package's __init__.py is crossed only through imports in its functions: its module-level
            // imports are re-exports, and a re-exported name already links its importer to the definer.
            u.runtime_imports = if paths[i].ends_with("__init__.py") {
                r.lazy.clone()
            } else {
                r.eager.union(&r.lazy).copied().collect()
            };
            u.external = r.external.clone();
            if let Some(t) = facts.get(&i) {
                u.test_imports = t.imports.clone();
                u.refs = t.refs.clone();
            }
            u
        })
        .collect()
}
