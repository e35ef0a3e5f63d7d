//! Python files to units: roles (pytest conventions), import names, resolved imports, and what each test
//! file uses.

use std::collections::HashSet;

use super::by_name::ByName;
use super::entry_points::EntryPoint;
use super::mapping::Mapper;
use super::resolve::{Binding, Resolved, Resolver, Target};
use super::PyFile;
use crate::lang::{self, Language};
use crate::model::{self, parent, NotProduct, Parsed, Role, Unit};
use crate::parallel;
use crate::reader::guarded_map;
use gap_core::SymbolKind;

/// The role of the file at `rel`: on the test side (by name or folder) a test when it holds test functions
/// or a `Test*` class (pytest collects inherited test methods too). Outside test folders a `Test*` class
/// with methods none of which is a test is a base for tests (`markdown.test_tools.TestCase`).
pub fn role(rel: &str, file: &Parsed<PyFile>, lang: &Language) -> Role {
    let defs = &file.facts.defs;
    let place = lang.test_place(rel);
    // `m` is a member of class `class` when its name is the class's and a dot, then more (no string built per def).
    let member_of = |m: &str, class: &str| {
        m.strip_prefix(class)
            .is_some_and(|rest| rest.starts_with('.'))
    };
    let test_class = defs.iter().any(|d| {
        d.kind == SymbolKind::Class
            && d.name.starts_with("Test")
            && (place.in_test_dir || !defs.iter().any(|m| member_of(&m.name, &d.name)))
    });
    let holds_tests = test_class || file.facts.test_functions > 0;
    model::role_at(place, holds_tests)
}

/// True when only its name puts the file at `rel` on the test side: not a support name, not in a test
/// folder.
fn named_only(rel: &str, lang: &Language) -> bool {
    let place = lang.test_place(rel);
    place.named && !place.in_test_dir && !place.support
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

/// What the Python reader knows of the tree's projects.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct PyProjects {
    /// Project marker files (`pyproject.toml`, `package.json`...), which make their folders import roots.
    pub markers: Vec<String>,
    /// Entry points the Python projects declare (plugins loaded by name).
    pub entry_points: Vec<EntryPoint>,
    /// The project's own loader functions (gap.toml `[python] loaders`).
    pub loaders: Vec<String>,
}

/// Units for Python files `paths` (sorted) with their parsed `files`; indices in the units are into `paths`.
pub fn analyze(paths: &[String], files: &[Parsed<PyFile>], projects: &PyProjects) -> Vec<Unit> {
    let markers = &projects.markers;
    let py = &lang::PYTHON;
    let roles: Vec<Role> = guarded_map(paths.len(), |i| role(&paths[i], &files[i], py));
    let resolver = Resolver::new(paths, files, markers, py.test_dirs);
    let resolved: Vec<Resolved> = guarded_map(paths.len(), |i| resolver.resolve(i));
    // A file its name alone puts on the test side is source when it sits in a package and holds no tests
    // (`markdown/test_tools.py`), or when source modules import it (`jinja2/tests.py`, the template tests
    // `jinja2/defaults.py` imports).
    let in_package = |p: &str| {
        let init = model::join(parent(p), "__init__.py");
        paths.binary_search(&init).is_ok()
    };
    let mut roles = roles;
    for i in 0..paths.len() {
        if roles[i] == Role::Support && named_only(&paths[i], py) && in_package(&paths[i]) {
            roles[i] = Role::Source;
        }
    }
    for i in 0..paths.len() {
        if roles[i] == Role::Source {
            for &g in resolved[i].files.keys() {
                if roles[g] != Role::Source && named_only(&paths[g], py) {
                    roles[g] = Role::Source;
                }
            }
        }
    }
    let test_side: Vec<bool> = roles.iter().map(|r| *r != Role::Source).collect();
    let by_name = ByName::new(&resolver, files, &projects.entry_points, &projects.loaders);
    let mapper = Mapper::new(&resolver, paths, files, &resolved, &test_side, &by_name);
    let packages: HashSet<&str> = paths
        .iter()
        .filter(|p| p.as_str() == "__init__.py" || p.ends_with("/__init__.py"))
        .map(|p| parent(p))
        .collect();
    let units = guarded_map(paths.len(), |i| {
        let r = &resolved[i];
        let mut u = Unit::new(roles[i], module_name(&paths[i], &packages));
        u.imports = r.files.clone();
        // A package's __init__.py is crossed only through imports in its functions: its module-level
        // imports are re-exports, and a re-exported name already links its importer to the definer.
        u.runtime_imports = if paths[i].ends_with("__init__.py") {
            r.lazy.clone()
        } else {
            r.eager.union(&r.lazy).copied().collect()
        };
        if roles[i] == Role::Source && !paths[i].ends_with("__init__.py") {
            let runs = runs_through_packages(&resolver, paths, &files[i], r, &u.runtime_imports);
            u.runtime_imports
                .extend(runs.into_iter().filter(|&f| f != i));
        }
        if roles[i] == Role::Source {
            // Modules a source module names by a string (plugins it loads by name) run when it does.
            for s in &files[i].own.names {
                if let Some(g) = by_name.loaded(s, i) {
                    model::import(&mut u.imports, g, s.line);
                    u.runtime_imports.insert(g);
                }
            }
        }
        u.external = r.external.clone();
        if roles[i] == Role::Source {
            u.bases = mapper.bases_of(i);
        }
        if roles[i] == Role::Test {
            u.credits = mapper.facts(i).credits;
        }
        if roles[i] == Role::Source {
            u.not_product = NotProduct::by_folder(&paths[i]).or_else(|| migration(&files[i].facts));
            if files[i].own.declaration {
                u.not_product = Some(NotProduct {
                    reason: "declaration",
                    detail: "only stub definitions (`...` bodies): type declarations".to_string(),
                });
            }
        }
        u
    });
    parallel::drop_in_background(resolved);
    units
}

/// The modules a source module's code runs through packages it binds as modules (`from . import forms`,
/// `import pkg`, `from pkg import *`): for each name the package offers (its re-exports included) that the
/// module uses, the module defining it. The package's `__init__.py` is not crossed as a whole (that would
/// run every sibling it re-exports); the names used are followed to their definers, as for a test.
fn runs_through_packages(
    resolver: &Resolver,
    paths: &[String],
    file: &Parsed<PyFile>,
    resolved: &Resolved,
    runs: &std::collections::BTreeSet<usize>,
) -> Vec<usize> {
    let idents = &file.facts.identifiers;
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut queue: Vec<usize> = resolved
        .bindings
        .iter()
        .filter_map(|b| match b {
            Binding::Module(m, _) if runs.contains(m) && paths[*m].ends_with("__init__.py") => {
                Some(*m)
            }
            _ => None,
        })
        .collect();
    while let Some(m) = queue.pop() {
        if !seen.insert(m) {
            continue;
        }
        for &name in resolver.all_names(m).iter() {
            if name.starts_with("__") || !idents.contains_key(name) {
                continue;
            }
            match resolver.name_in(m, name) {
                Some(Target::Symbol(f, _)) => out.push(f),
                Some(Target::Module(f)) if paths[f].ends_with("__init__.py") => queue.push(f),
                Some(Target::Module(f)) => out.push(f),
                None => {}
            }
        }
    }
    out
}

/// A database schema migration, which the migration tool writes and runs (not code unit tests exercise): an
/// Alembic revision (`upgrade` and `downgrade` functions and a `down_revision`) or a Django migration (a
/// `Migration` class with `dependencies` and `operations`).
fn migration(facts: &model::FileFacts) -> Option<NotProduct> {
    let defines =
        |name: &str, kind: SymbolKind| facts.defs.iter().any(|d| d.name == name && d.kind == kind);
    let names = |all: &[&str]| all.iter().all(|n| facts.identifiers.contains_key(*n));
    let detail = if defines("upgrade", SymbolKind::Function)
        && defines("downgrade", SymbolKind::Function)
        && names(&["down_revision"])
    {
        "an Alembic revision (upgrade, downgrade, down_revision)"
    } else if defines("Migration", SymbolKind::Class) && names(&["dependencies", "operations"]) {
        "a Django migration (class Migration with dependencies and operations)"
    } else {
        return None;
    };
    Some(NotProduct {
        reason: "migration",
        detail: detail.to_string(),
    })
}
