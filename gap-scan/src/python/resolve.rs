//! Python import resolution: import roots, the dotted-name index, and following names through packages'
//! re-exports (`from .user_repository import UserRepository` in an `__init__.py`) to the defining module.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::OnceLock;

// The resolver's look-ups by name and path hash with foldhash (keyed per process): only looked up, never
// iterated where order would show.
use foldhash::{HashMap as NameMap, HashSet as NameSet};

use super::{Import, PyFile, When};
use crate::model::Parsed;
use crate::reader::guarded_map;
use crate::reexport::Visited;
use gap_core::SymbolKind;

/// What a name in a module stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// A function or class defined in file `.0`.
    Symbol(usize, String),
    /// The module in file `.0`.
    Module(usize),
}

/// A name bound in a test (or any) file by one of its imports.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Binding {
    /// `from m import C [as local]`: `local` stands for symbol `C` of the file.
    Symbol {
        local: String,
        file: usize,
        symbol: String,
    },
    /// `import m`, `import m as x`, `from pkg import submodule`, `from m import *`: the module's names are
    /// reached as attributes (or, for `*`, directly); with the line of the import.
    Module(usize, u64),
}

/// The imports of one file, resolved.
#[derive(Debug, Default, Clone)]
pub struct Resolved {
    /// Files of the tree it imports: named modules and, through re-exports, the defining ones; each with the
    /// line of its first import.
    pub files: BTreeMap<usize, u64>,
    /// Those of `files` imported as the module itself is imported.
    pub eager: BTreeSet<usize>,
    /// Those of `files` imported when a function or class body runs.
    pub lazy: BTreeSet<usize>,
    /// Dotted names of imports that are not in the tree.
    pub external: BTreeSet<String>,
    /// Names its imports bind.
    pub bindings: Vec<Binding>,
}

/// The index of every Python file of the scan by path and by dotted import name.
pub struct Resolver<'a> {
    paths: &'a [String],
    files: &'a [Parsed<PyFile>],
    by_path: NameMap<&'a str, usize>,
    by_name: NameMap<String, Vec<usize>>,
    /// Defined symbol names per file.
    defined: Vec<NameSet<&'a str>>,
    /// Per file, module-level names bound to a call's result (`codes = LookupDict(...)`): instances a test
    /// reads stand for the module's code that built them.
    instances: Vec<NameSet<&'a str>>,
    /// Per file, names defined only inside a module-level block (`except ImportError: def main()`): an
    /// import of the same name wins over them.
    fallbacks: Vec<NameSet<&'a str>>,
    /// Names bound by from-imports and aliased imports per file: local name -> import index.
    imported: Vec<NameMap<&'a str, (usize, usize)>>,
    /// Child modules of each folder: folder -> [(name, file)].
    children: NameMap<&'a str, Vec<(&'a str, usize)>>,
    /// Per file, per import: the folder and file it names (computed once; lookups follow them often).
    bases: Vec<Vec<(Option<String>, Option<usize>)>>,
    /// Per file: the files its `from ... import *` lines name.
    stars: Vec<Vec<usize>>,
    /// Per file: every name it offers, star imports expanded (filled on first use, from any thread).
    all_names: Vec<OnceLock<Vec<&'a str>>>,
}

pub use crate::model::parent;

fn join(dir: &str, rest: &str) -> String {
    if dir.is_empty() {
        rest.to_string()
    } else {
        format!("{dir}/{rest}")
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// The module name of `rel` (a path below some root), e.g. `app/db/__init__.py` -> `app.db`.
fn dotted(rel: &str) -> Option<String> {
    let stem = rel.strip_suffix(".py")?;
    let stem = stem.strip_suffix("/__init__").unwrap_or(stem);
    if stem == "__init__" || stem.is_empty() {
        return None;
    }
    stem.split('/')
        .all(is_identifier)
        .then(|| stem.replace('/', "."))
}

impl<'a> Resolver<'a> {
    /// Indexes `paths` (sorted, relative, `/`-separated) with their parsed files. `markers` are paths of
    /// files that mark a project folder (`pyproject.toml`, `setup.py`, `setup.cfg`).
    pub fn new(
        paths: &'a [String],
        files: &'a [Parsed<PyFile>],
        markers: &[String],
        test_dirs: &[&str],
    ) -> Self {
        let by_path: NameMap<&str, usize> = paths
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), i))
            .collect();
        let packages: HashSet<&str> = paths
            .iter()
            .filter(|p| {
                p.ends_with("__init__.py") && (p.len() == 11 || p.ends_with("/__init__.py"))
            })
            .map(|p| parent(p))
            .collect();
        // Import roots: the scanned root, src/, project folders, the parents of tests folders, and the folder
        // above each top-level package (which is also each script's own folder).
        let mut roots: HashSet<String> = HashSet::new();
        roots.insert(String::new());
        roots.insert("src".to_string());
        for m in markers {
            roots.insert(parent(m).to_string());
        }
        for p in paths {
            let mut dir = parent(p);
            while packages.contains(dir) && !dir.is_empty() {
                dir = parent(dir);
            }
            roots.insert(dir.to_string());
            let mut d = parent(p);
            while !d.is_empty() {
                let name = d.rsplit('/').next().unwrap_or(d);
                if test_dirs.contains(&name) {
                    roots.insert(parent(d).to_string());
                }
                d = parent(d);
            }
        }
        let mut by_name: NameMap<String, Vec<usize>> = NameMap::default();
        for (i, p) in paths.iter().enumerate() {
            let mut dir = parent(p);
            loop {
                if roots.contains(dir) {
                    let rel = if dir.is_empty() {
                        p.as_str()
                    } else {
                        &p[dir.len() + 1..]
                    };
                    if let Some(name) = dotted(rel) {
                        by_name.entry(name).or_default().push(i);
                    }
                }
                if dir.is_empty() {
                    break;
                }
                dir = parent(dir);
            }
        }
        let mut children: NameMap<&str, Vec<(&str, usize)>> = NameMap::default();
        for (i, p) in paths.iter().enumerate() {
            let (dir, name) = match p.strip_suffix("/__init__.py") {
                Some(pkg) => (parent(pkg), pkg.rsplit('/').next().unwrap_or(pkg)),
                None => match p.strip_suffix(".py") {
                    Some(stem) if !stem.ends_with("__init__") || stem.contains('/') => {
                        (parent(p), stem.rsplit('/').next().unwrap_or(stem))
                    }
                    _ => continue,
                },
            };
            if name != "__init__" {
                children.entry(dir).or_default().push((name, i));
            }
        }
        let defined = guarded_map(files.len(), |i| {
            let f = &files[i];
            f.facts
                .defs
                .iter()
                .filter(|d| d.kind != SymbolKind::Method)
                .map(|d| d.name.as_str())
                .collect()
        });
        let fallbacks = guarded_map(files.len(), |i| {
            let f = &files[i];
            f.facts
                .defs
                .iter()
                .zip(&f.own.def_info)
                .filter(|(d, i)| i.in_block && d.kind != SymbolKind::Method)
                .map(|(d, _)| d.name.as_str())
                .collect()
        });
        let imported = guarded_map(files.len(), |i| {
            let f = &files[i];
            let mut names = NameMap::default();
            for (k, imp) in f.own.imports.iter().enumerate() {
                match imp {
                    Import::From { names: list, .. } => {
                        for (j, n) in list.iter().enumerate() {
                            let local = n.alias.as_deref().unwrap_or(&n.name);
                            names.insert(local, (k, j));
                        }
                    }
                    Import::Module { alias: Some(a), .. } => {
                        names.insert(a.as_str(), (k, usize::MAX));
                    }
                    Import::Module { .. } => {}
                }
            }
            names
        });
        let instances = guarded_map(files.len(), |i| {
            let f = &files[i];
            f.own.instances.iter().map(String::as_str).collect()
        });
        let mut r = Resolver {
            paths,
            files,
            by_path,
            by_name,
            defined,
            instances,
            fallbacks,
            imported,
            children,
            bases: Vec::new(),
            stars: Vec::new(),
            all_names: std::iter::repeat_with(OnceLock::new)
                .take(files.len())
                .collect(),
        };
        r.bases = guarded_map(files.len(), |f| {
            files[f]
                .own
                .imports
                .iter()
                .map(|imp| match imp {
                    Import::From { level, module, .. } => r.base_of(f, *level, module),
                    Import::Module { .. } => (None, None),
                })
                .collect()
        });
        r.stars = (0..files.len())
            .map(|f| {
                files[f]
                    .own
                    .imports
                    .iter()
                    .enumerate()
                    .filter(|(_, imp)| matches!(imp, Import::From { star: true, .. }))
                    .filter_map(|(k, _)| r.bases[f][k].1)
                    .filter(|&b| b != f)
                    .collect()
            })
            .collect();
        r
    }

    /// Every name file `file` offers as an attribute, with the public names its star imports bring (sorted,
    /// each once).
    pub fn all_names(&self, file: usize) -> &[&'a str] {
        self.all_names[file].get_or_init(|| {
            let mut names: Vec<&'a str> = self.names_of(file);
            let mut seen = HashSet::from([file]);
            let mut queue: Vec<usize> = self.stars[file].clone();
            while let Some(s) = queue.pop() {
                if !seen.insert(s) {
                    continue;
                }
                names.extend(self.names_of(s).into_iter().filter(|n| !n.starts_with('_')));
                queue.extend(self.stars[s].iter().copied());
            }
            names.sort_unstable();
            names.dedup();
            names
        })
    }

    /// The file at `path`, if indexed.
    pub fn file(&self, path: &str) -> Option<usize> {
        self.by_path.get(path).copied()
    }

    /// The file for absolute module `name` as seen from file `from`: the candidate nearest to it.
    pub fn absolute(&self, name: &str, from: usize) -> Option<usize> {
        let candidates = self.by_name.get(name)?;
        let here = self.paths[from].as_str();
        candidates.iter().copied().max_by_key(|&c| {
            let p = self.paths[c].as_str();
            let common = here
                .split('/')
                .zip(p.split('/'))
                .take_while(|(a, b)| a == b)
                .count();
            (common, std::cmp::Reverse(p.len()), std::cmp::Reverse(p))
        })
    }

    /// The module file at `dir/dotted` (as `x.py` or `x/__init__.py`).
    fn module_in(&self, dir: &str, dotted: &str) -> Option<usize> {
        let base = join(dir, &dotted.replace('.', "/"));
        self.file(&format!("{base}.py"))
            .or_else(|| self.file(&format!("{base}/__init__.py")))
    }

    /// The folder a relative import of `level` dots starts from, seen from file `from`.
    fn relative_base(&self, from: usize, level: u32) -> Option<&'a str> {
        let mut dir = parent(&self.paths[from]);
        for _ in 1..level {
            if dir.is_empty() {
                return None;
            }
            dir = parent(dir);
        }
        Some(dir)
    }

    /// The folder and file (if any) that `from [.]*module` names.
    fn base_of(&self, from: usize, level: u32, module: &str) -> (Option<String>, Option<usize>) {
        if level == 0 {
            let file = self.absolute(module, from);
            let dir = file.and_then(|f| {
                self.paths[f]
                    .strip_suffix("/__init__.py")
                    .map(str::to_string)
            });
            return (dir, file);
        }
        let Some(base) = self.relative_base(from, level) else {
            return (None, None);
        };
        if module.is_empty() {
            let init = self.file(&join(base, "__init__.py"));
            return (Some(base.to_string()), init);
        }
        let file = self.module_in(base, module);
        let dir = join(base, &module.replace('.', "/"));
        let is_pkg = file.is_some_and(|f| self.paths[f].ends_with("__init__.py"));
        (
            if is_pkg || file.is_none() {
                Some(dir)
            } else {
                None
            },
            file,
        )
    }

    /// What `name` stands for inside file `file`, following re-exports to the defining module.
    pub fn name_in(&self, file: usize, name: &str) -> Option<Target> {
        self.name_in_hops(file, name, 0, &mut Visited::default())
    }

    fn name_in_hops(
        &self,
        file: usize,
        name: &str,
        hops: usize,
        seen: &mut Visited,
    ) -> Option<Target> {
        if !seen.enter(file, name, hops) {
            return None;
        }
        let shadowed =
            self.fallbacks[file].contains(name) && self.imported[file].contains_key(name);
        if self.defined[file].contains(name) && !shadowed {
            return Some(Target::Symbol(file, name.to_string()));
        }
        if let Some(&(k, j)) = self.imported[file].get(name) {
            let found = match &self.files[file].own.imports[k] {
                Import::From { names, .. } => {
                    let (dir, base) = &self.bases[file][k];
                    let (dir, base) = (dir.as_deref(), *base);
                    let original = &names[j].name;
                    match dir.and_then(|d| self.module_in(d, original)) {
                        Some(sub) => Some(Target::Module(sub)),
                        None => base.and_then(|b| self.name_in_hops(b, original, hops + 1, seen)),
                    }
                }
                Import::Module { module, .. } => self.absolute(module, file).map(Target::Module),
            };
            // A fallback definition stands when the import it shadows leaves the tree.
            return found.or_else(|| shadowed.then(|| Target::Symbol(file, name.to_string())));
        }
        if self.instances[file].contains(name) {
            return Some(Target::Symbol(file, name.to_string()));
        }
        // A package's submodule is reachable as an attribute of the package.
        if let Some(pkg) = self.paths[file].strip_suffix("/__init__.py") {
            if let Some(sub) = self.module_in(pkg, name) {
                return Some(Target::Module(sub));
            }
        }
        // Star imports: `from .x import *` re-exports x's public names.
        if !name.starts_with('_') {
            for &base in &self.stars[file] {
                if let Some(t) = self.name_in_hops(base, name, hops + 1, seen) {
                    return Some(t);
                }
            }
        }
        None
    }

    /// The names a module offers as attributes: its definitions, its imported names and its submodules.
    pub fn names_of(&self, file: usize) -> Vec<&'a str> {
        let mut names: Vec<&str> = self.defined[file].iter().copied().collect();
        names.extend(self.instances[file].iter().copied());
        names.extend(self.imported[file].keys().copied());
        if let Some(pkg) = self.paths[file].strip_suffix("/__init__.py") {
            if let Some(kids) = self.children.get(pkg) {
                names.extend(kids.iter().map(|(n, _)| *n));
            }
        }
        names
    }

    /// Resolves every import of file `from`.
    pub fn resolve(&self, from: usize) -> Resolved {
        let mut out = Resolved::default();
        for imp in &self.files[from].own.imports {
            let line = match imp {
                Import::Module { line, .. } | Import::From { line, .. } => *line,
            };
            let mut files = BTreeSet::new();
            match imp {
                Import::Module { module, .. } => match self.absolute(module, from) {
                    Some(f) => {
                        files.insert(f);
                        out.bindings.push(Binding::Module(f, line));
                    }
                    None => {
                        if !self.is_internal_prefix(module, from) {
                            out.external.insert(module.clone());
                        }
                    }
                },
                Import::From {
                    level,
                    module,
                    names,
                    star,
                    ..
                } => {
                    let (dir, base) = self.base_of(from, *level, module);
                    if *level == 0 && base.is_none() {
                        if !self.is_internal_prefix(module, from) {
                            out.external.insert(module.clone());
                        }
                        continue;
                    }
                    if let Some(b) = base {
                        files.insert(b);
                        if *star {
                            out.bindings.push(Binding::Module(b, line));
                        }
                    }
                    for n in names {
                        let local = n.alias.clone().unwrap_or_else(|| n.name.clone());
                        if let Some(sub) = dir.as_deref().and_then(|d| self.module_in(d, &n.name)) {
                            files.insert(sub);
                            out.bindings.push(Binding::Module(sub, line));
                            continue;
                        }
                        let Some(b) = base else { continue };
                        match self.name_in(b, &n.name) {
                            Some(Target::Symbol(f, symbol)) => {
                                files.insert(f);
                                out.bindings.push(Binding::Symbol {
                                    local,
                                    file: f,
                                    symbol,
                                });
                            }
                            Some(Target::Module(f)) => {
                                files.insert(f);
                                out.bindings.push(Binding::Module(f, line));
                            }
                            None => {}
                        }
                    }
                }
            }
            match imp.when() {
                When::Eager => out.eager.extend(files.iter().copied()),
                When::Lazy => out.lazy.extend(files.iter().copied()),
                When::Conditional => {}
            }
            for f in files {
                out.files.entry(f).or_insert(line);
            }
        }
        out.files.remove(&from);
        out.eager.remove(&from);
        out.lazy.remove(&from);
        out
    }

    /// True when the first component of `module` names a module of the tree (an unresolvable internal import).
    fn is_internal_prefix(&self, module: &str, from: usize) -> bool {
        let top = module.split('.').next().unwrap_or(module);
        self.absolute(top, from).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::parse;

    /// Indexes (path, source) pairs, returning the paths and parsed files.
    fn tree(files: &[(&str, &str)]) -> (Vec<String>, Vec<Parsed<PyFile>>) {
        let mut files: Vec<(&str, &str)> = files.to_vec();
        files.sort();
        (
            files.iter().map(|(p, _)| p.to_string()).collect(),
            files
                .iter()
                .map(|(_, t)| parse(t, &crate::lang::PYTHON))
                .collect(),
        )
    }

    fn resolved(files: &[(&str, &str)], from: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
        let (paths, parsed) = tree(files);
        let r = Resolver::new(&paths, &parsed, &[], &["tests", "test"]);
        let out = r.resolve(r.file(from).unwrap());
        let files = out.files.keys().map(|&f| paths[f].clone()).collect();
        let bindings = out
            .bindings
            .iter()
            .map(|b| match b {
                Binding::Symbol {
                    local,
                    file,
                    symbol,
                } => format!("{local}={}:{symbol}", paths[*file]),
                Binding::Module(f, _) => format!("module {}", paths[*f]),
            })
            .collect();
        (files, bindings, out.external.into_iter().collect())
    }

    const REPOS: &[(&str, &str)] = &[
        ("app/__init__.py", ""),
        ("app/db/__init__.py", ""),
        (
            "app/db/repositories/__init__.py",
            "from .user_repository import UserRepository\nfrom app.db.repositories.event_repository import EventRepository as Events\n",
        ),
        ("app/db/repositories/user_repository.py", "class UserRepository:\n    def get(self):\n        pass\n"),
        ("app/db/repositories/event_repository.py", "class EventRepository:\n    pass\n"),
        ("app/services/__init__.py", ""),
    ];

    fn with(extra: (&'static str, &'static str)) -> Vec<(&'static str, &'static str)> {
        let mut v = REPOS.to_vec();
        v.push(extra);
        v
    }

    #[test]
    fn from_import_through_a_package_reexport_reaches_the_defining_module() {
        let files = with((
            "tests/test_x.py",
            "from app.db.repositories import UserRepository, Events\n",
        ));
        let (imported, bindings, _) = resolved(&files, "tests/test_x.py");
        assert_eq!(
            imported,
            [
                "app/db/repositories/__init__.py",
                "app/db/repositories/event_repository.py",
                "app/db/repositories/user_repository.py"
            ]
        );
        assert_eq!(
            bindings,
            [
                "UserRepository=app/db/repositories/user_repository.py:UserRepository",
                "Events=app/db/repositories/event_repository.py:EventRepository"
            ]
        );
    }

    #[test]
    fn import_module_with_and_without_alias() {
        let files = with(("tests/test_x.py", "import app.db.repositories.user_repository as ur\nimport app.db\nimport os.path, sqlalchemy.orm\n"));
        let (imported, bindings, external) = resolved(&files, "tests/test_x.py");
        assert_eq!(
            imported,
            [
                "app/db/__init__.py",
                "app/db/repositories/user_repository.py"
            ]
        );
        assert_eq!(
            bindings,
            [
                "module app/db/repositories/user_repository.py",
                "module app/db/__init__.py"
            ]
        );
        assert_eq!(external, ["os.path", "sqlalchemy.orm"]);
    }

    #[test]
    fn from_package_import_submodule() {
        let files = with((
            "tests/test_x.py",
            "from app.db.repositories import event_repository\n",
        ));
        let (imported, bindings, _) = resolved(&files, "tests/test_x.py");
        assert!(imported.contains(&"app/db/repositories/event_repository.py".to_string()));
        assert_eq!(bindings, ["module app/db/repositories/event_repository.py"]);
    }

    #[test]
    fn relative_imports_climb_folders() {
        let files = with((
            "app/services/users.py",
            "from ..db.repositories import UserRepository\nfrom . import missing\nfrom ...outside import nothing\n",
        ));
        let (imported, bindings, external) = resolved(&files, "app/services/users.py");
        assert_eq!(
            imported,
            [
                "app/db/repositories/__init__.py",
                "app/services/__init__.py",
                "app/db/repositories/user_repository.py"
            ]
            .iter()
            .map(|s| s.to_string())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
        );
        assert_eq!(
            bindings,
            ["UserRepository=app/db/repositories/user_repository.py:UserRepository"]
        );
        assert!(external.is_empty(), "relative imports are never external");
    }

    #[test]
    fn star_imports_and_cycles_do_not_loop() {
        let files = vec![
            ("pkg/__init__.py", "from .a import *\n"),
            ("pkg/a.py", "from .b import *\ndef fa():\n    pass\n"),
            ("pkg/b.py", "from .a import *\ndef fb():\n    pass\n"),
        ];
        let (paths, parsed) = tree(&files);
        let r = Resolver::new(&paths, &parsed, &[], &[]);
        let init = r.file("pkg/__init__.py").unwrap();
        assert_eq!(
            r.name_in(init, "fb"),
            Some(Target::Symbol(r.file("pkg/b.py").unwrap(), "fb".into()))
        );
        assert_eq!(r.name_in(init, "nothing"), None);
    }

    #[test]
    fn the_nearest_of_two_same_named_modules_wins() {
        let files = vec![
            ("svc_a/util.py", "def a():\n    pass\n"),
            ("svc_a/main.py", "import util\n"),
            ("svc_b/util.py", "def b():\n    pass\n"),
            ("svc_b/main.py", "import util\n"),
        ];
        let (imported, _, _) = resolved(&files, "svc_b/main.py");
        assert_eq!(imported, ["svc_b/util.py"]);
    }

    #[test]
    fn src_layout_names_packages_from_src() {
        let files = vec![
            ("src/pkg/__init__.py", ""),
            ("src/pkg/core.py", "def run():\n    pass\n"),
            ("tests/test_core.py", "from pkg.core import run\n"),
        ];
        let (imported, _, _) = resolved(&files, "tests/test_core.py");
        assert_eq!(imported, ["src/pkg/core.py"]);
    }
}
