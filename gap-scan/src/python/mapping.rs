//! Which tests exercise which modules: the names each test file (with the support files it uses) takes from
//! the tree, matched against the identifiers it uses outside its import lines.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::by_name::ByName;
use super::resolve::{parent, Binding, Resolved, Resolver, Target};
use super::PyFile;
use crate::model::{Credit, Credits, Parsed, Uses};
use crate::reader::guarded_map;
use gap_core::SymbolKind;

/// What one test file does with the tree.
#[derive(Debug, Default, Clone)]
pub struct TestFacts {
    /// What it credits modules of the tree with: the files its import lines (and those of helper modules it
    /// imports) name, the symbols its code (with its fixtures and helpers) uses; each at its first line.
    pub credits: Credits,
    /// Support files whose names it uses (conftest.py fixtures, imported helpers), each with the line of the
    /// test where it first draws on them.
    pub support: BTreeMap<usize, u64>,
}

/// Computes [`TestFacts`] for test files.
pub struct Mapper<'a> {
    resolver: &'a Resolver<'a>,
    paths: &'a [String],
    files: &'a [Parsed<PyFile>],
    resolved: &'a [Resolved],
    test_side: &'a [bool],
    /// Modules named by strings.
    by_name: &'a ByName<'a>,
    /// class -> [(method name, "Class.method")] per file.
    methods: Vec<HashMap<&'a str, Vec<(&'a str, &'a str)>>>,
    /// Per file, the names its module-level `__getattr__` (PEP 562) serves: the strings it compares.
    served: Vec<Vec<&'a str>>,
    /// (file, class) -> its base classes of the tree, followed through imports to their defining modules.
    parents: HashMap<(usize, &'a str), Vec<(usize, String)>>,
}

/// How many base classes deep a test's use of a class reaches (a chain longer than this is not followed).
const MAX_ANCESTRY: usize = 16;

/// The names a module-level `__getattr__` of `file` serves: the plain strings in its body that no call takes
/// (`if name == "BaseCommand":`, `name in ("A", "B")`; not `version("flask")`).
fn served_names(file: &Parsed<PyFile>) -> Vec<&str> {
    let Some(def) = file
        .facts
        .defs
        .iter()
        .find(|d| d.kind == SymbolKind::Function && d.name == "__getattr__")
    else {
        return Vec::new();
    };
    file.own
        .names
        .iter()
        .filter(|s| (def.line..=def.end_line).contains(&s.line) && !s.text.contains(['.', ':']))
        .filter(|s| s.call.as_deref().is_none_or(|c| c == "in"))
        .map(|s| s.text.as_str())
        .collect()
}

/// The class a base written as `base` in file `file` stands for (`App`, `sansio.App`, `pkg.mod.Base`), followed
/// through imports and re-exports to its defining module.
fn base_class(resolver: &Resolver, file: usize, base: &str) -> Option<(usize, String)> {
    let symbol = |t: Option<Target>| match t {
        Some(Target::Symbol(g, s)) => Some((g, s)),
        _ => None,
    };
    let Some((path, last)) = base.rsplit_once('.') else {
        return symbol(resolver.name_in(file, base));
    };
    let mut parts = path.split('.');
    let first = parts.next()?;
    let mut module = match resolver.name_in(file, first) {
        Some(Target::Module(m)) => m,
        Some(Target::Symbol(..)) => return None,
        // `import pkg.mod` binds `pkg`: the module by its dotted name.
        None => return symbol(resolver.name_in(resolver.absolute(path, file)?, last)),
    };
    for part in parts {
        match resolver.name_in(module, part) {
            Some(Target::Module(m)) => module = m,
            _ => return None,
        }
    }
    symbol(resolver.name_in(module, last))
}

impl<'a> Mapper<'a> {
    /// A mapper over the scan's files; `test_side[i]` says whether file `i` is a test or support file.
    pub fn new(
        resolver: &'a Resolver<'a>,
        paths: &'a [String],
        files: &'a [Parsed<PyFile>],
        resolved: &'a [Resolved],
        test_side: &'a [bool],
        by_name: &'a ByName<'a>,
    ) -> Self {
        let methods = guarded_map(files.len(), |f| {
            let mut by_class: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
            for d in files[f]
                .facts
                .defs
                .iter()
                .filter(|d| d.kind == SymbolKind::Method)
            {
                if let Some((class, method)) = d.name.split_once('.') {
                    by_class
                        .entry(class)
                        .or_default()
                        .push((method, d.name.as_str()));
                }
            }
            by_class
        });
        // Following each class's bases through imports is the costly part: per file, on every core.
        let found = guarded_map(files.len(), |f| {
            let file = &files[f];
            file.facts
                .defs
                .iter()
                .zip(&file.own.def_info)
                .filter_map(|(d, info)| {
                    let found: Vec<(usize, String)> = info
                        .bases
                        .iter()
                        .filter_map(|b| base_class(resolver, f, b))
                        .filter(|(g, c)| (*g, c.as_str()) != (f, d.name.as_str()))
                        .collect();
                    (!found.is_empty()).then_some(((f, d.name.as_str()), found))
                })
                .collect::<Vec<_>>()
        });
        let parents = found.into_iter().flatten().collect();
        Mapper {
            resolver,
            paths,
            files,
            resolved,
            test_side,
            by_name,
            methods,
            served: guarded_map(files.len(), |f| served_names(&files[f])),
            parents,
        }
    }

    /// The support files test `t` uses, each with the line of the test where it first draws on it: helpers it
    /// imports (transitively, from the line of the test's import) and conftest.py files above it whose
    /// fixtures it names (from the first fixture name), with the helpers those import.
    fn support_of(&self, t: usize) -> BTreeMap<usize, u64> {
        let idents = &self.files[t].facts.identifiers;
        let mut used = BTreeMap::new();
        let mut queue: Vec<(usize, u64)> = Vec::new();
        let mut dir = parent(&self.paths[t]);
        loop {
            let conftest = if dir.is_empty() {
                "conftest.py".to_string()
            } else {
                format!("{dir}/conftest.py")
            };
            if let Some(c) = self.resolver.file(&conftest).filter(|&c| c != t) {
                let first_fixture = self.files[c]
                    .facts
                    .defs
                    .iter()
                    .filter(|d| d.kind == SymbolKind::Function)
                    .filter_map(|d| idents.get(&d.name).copied())
                    .min();
                if let Some(at) = first_fixture {
                    queue.push((c, at));
                }
            }
            if dir.is_empty() {
                break;
            }
            dir = parent(dir);
        }
        for (&g, &line) in &self.resolved[t].files {
            if self.test_side[g] && g != t {
                queue.push((g, line));
            }
        }
        while let Some((f, at)) = queue.pop() {
            if used.contains_key(&f) {
                continue;
            }
            used.insert(f, at);
            for &g in self.resolved[f].files.keys() {
                if self.test_side[g] && g != t && !used.contains_key(&g) {
                    queue.push((g, at));
                }
            }
        }
        used
    }

    /// The facts of test file `t`.
    pub fn facts(&self, t: usize) -> TestFacts {
        let support = self.support_of(t);
        let mut uses = Uses::of(&self.files[t].facts);
        let mut credits = Credits::default();
        for (&g, &line) in &self.resolved[t].files {
            credits.import(g, line);
        }
        for (&s, &at) in &support {
            uses.lend(&self.files[s].facts, at);
            if !self.paths[s].ends_with("conftest.py") {
                for &g in self.resolved[s].files.keys() {
                    credits.import(g, at);
                }
            }
        }
        let mut expanded = HashSet::new();
        for (f, at) in std::iter::once((t, 0)).chain(support.iter().map(|(&s, &at)| (s, at))) {
            for b in &self.resolved[f].bindings {
                match b {
                    Binding::Symbol {
                        local,
                        file,
                        symbol,
                    } => {
                        if let Some(line) = uses.line(local) {
                            self.add_symbol(&mut credits, &uses, *file, symbol, line);
                        }
                    }
                    Binding::Module(m, line) => {
                        let from = if f == t { *line } else { at };
                        self.expand(&mut credits, &mut expanded, &uses, *m, from);
                    }
                }
            }
        }
        // A module-level `__getattr__` runs for the names it serves that the test reads of its module.
        for &m in &expanded {
            let read = |name: &str| {
                let quoted = self.files[t].own.names.iter().filter(|s| s.text == name);
                uses.line(name)
                    .into_iter()
                    .chain(quoted.map(|s| s.line))
                    .min()
            };
            if let Some(line) = self.served[m].iter().filter_map(|n| read(n)).min() {
                credits.reference(m, "__getattr__", line);
            }
        }
        // Modules the test (or a helper or fixture it uses) names by a string.
        for (f, at) in std::iter::once((t, 0)).chain(support.iter().map(|(&s, &at)| (s, at))) {
            for s in &self.files[f].own.names {
                let Some(named) = self.by_name.module(s, f) else {
                    continue;
                };
                let line = if f == t { s.line } else { at };
                credits.add(Credit {
                    file: named.file,
                    kind: named.kind,
                    symbol: None,
                    line,
                    detail: Some(s.text.clone()),
                });
                // `"pkg.ext:Tables"` (or an entry point's `module:Tables`) loads that object.
                if let Some(symbol) = named.symbol {
                    if let Some(Target::Symbol(g, name)) = self.resolver.name_in(named.file, symbol)
                    {
                        self.add_symbol(&mut credits, &uses, g, &name, line);
                    }
                }
            }
        }
        credits.retain(|f| !self.test_side[f]);
        TestFacts { credits, support }
    }

    /// The classes of `file` with base classes of the tree: class -> its bases as (file, class).
    pub fn bases_of(&self, file: usize) -> BTreeMap<String, Vec<(usize, String)>> {
        self.files[file]
            .facts
            .defs
            .iter()
            .filter(|d| d.kind == SymbolKind::Class)
            .filter_map(|d| {
                let ps = self.parents.get(&(file, d.name.as_str()))?;
                Some((d.name.clone(), ps.clone()))
            })
            .collect()
    }

    /// Records that the test uses `symbol` of `file` from `line` on, and the methods of it that it names: its
    /// own and those it inherits from base classes of the tree, credited to the module defining each (with
    /// the base class).
    fn add_symbol(&self, credits: &mut Credits, uses: &Uses, file: usize, symbol: &str, line: u64) {
        credits.reference(file, symbol, line);
        self.add_methods(credits, uses, file, symbol, line);
        let mut seen = HashSet::from([(file, symbol.to_string())]);
        let mut queue: Vec<(usize, String, usize)> = self.parents_of(file, symbol, 1);
        while let Some((g, class, depth)) = queue.pop() {
            if !seen.insert((g, class.clone())) {
                continue;
            }
            if self.add_methods(credits, uses, g, &class, line) {
                credits.reference(g, &class, line);
            }
            if depth < MAX_ANCESTRY {
                queue.extend(self.parents_of(g, &class, depth + 1));
            }
        }
    }

    /// The base classes of `class` in `file`, each with `depth`.
    fn parents_of(&self, file: usize, class: &str, depth: usize) -> Vec<(usize, String, usize)> {
        self.parents
            .get(&(file, class))
            .map(|ps| ps.iter().map(|(g, c)| (*g, c.clone(), depth)).collect())
            .unwrap_or_default()
    }

    /// Credits the methods of `class` in `file` the test names (from `line` on); true when there was one.
    fn add_methods(
        &self,
        credits: &mut Credits,
        uses: &Uses,
        file: usize,
        class: &str,
        line: u64,
    ) -> bool {
        let mut any = false;
        if let Some(methods) = self.methods[file].get(class) {
            for (method, full) in methods {
                if let Some(at) = uses.line(method) {
                    credits.reference(file, *full, at.max(line));
                    any = true;
                }
            }
        }
        any
    }

    /// Names of module `m` reached as attributes (`m.func`) or through `*`, from line `from` on.
    fn expand(
        &self,
        credits: &mut Credits,
        expanded: &mut HashSet<usize>,
        uses: &Uses,
        m: usize,
        from: u64,
    ) {
        if !expanded.insert(m) {
            return;
        }
        let all = self.resolver.all_names(m);
        for &name in all.iter() {
            // Dunder names are protocol hooks (a test's own `__getattr__`), not attributes it reads.
            if name.starts_with("__") && name.ends_with("__") {
                continue;
            }
            let Some(at) = uses.line(name) else {
                continue;
            };
            match self.resolver.name_in(m, name) {
                Some(Target::Symbol(f, s)) => self.add_symbol(credits, uses, f, &s, at.max(from)),
                Some(Target::Module(f)) => self.expand(credits, expanded, uses, f, from),
                None => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::parse;

    /// The (module, symbol) pairs test file `test` uses, and the modules it imports.
    fn facts(files: &[(&str, &str)], test: &str) -> (Vec<String>, Vec<String>) {
        let mut files = files.to_vec();
        files.sort();
        let paths: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
        let parsed: Vec<Parsed<PyFile>> = files
            .iter()
            .map(|(_, t)| parse(t, &crate::lang::PYTHON))
            .collect();
        let test_side: Vec<bool> = paths.iter().map(|p| p.starts_with("tests/")).collect();
        let r = Resolver::new(&paths, &parsed, &[], &["tests"]);
        let resolved: Vec<Resolved> = (0..paths.len()).map(|i| r.resolve(i)).collect();
        let by_name = ByName::new(&r, &parsed, &[], &[]);
        let m = Mapper::new(&r, &paths, &parsed, &resolved, &test_side, &by_name);
        let f = m.facts(r.file(test).unwrap());
        let mut u = crate::model::Unit::new(crate::model::Role::Test, "");
        u.credits = f.credits;
        (
            crate::model::refs_of(&paths, &u),
            crate::model::imports_of(&paths, &u)
                .into_iter()
                .map(|(p, _)| p)
                .collect(),
        )
    }

    const APP: (&str, &str) = (
        "app/svc.py",
        "class Service:\n    def run(self):\n        pass\n    def stop(self):\n        pass\n\ndef helper():\n    pass\n\ndef unused():\n    pass\n",
    );

    #[test]
    fn names_used_outside_imports_are_references() {
        let test = (
            "tests/test_svc.py",
            "from app.svc import Service, unused\n\ndef test_run():\n    Service().run()\n",
        );
        let (refs, imports) = facts(&[APP, test], "tests/test_svc.py");
        assert_eq!(refs, ["app/svc.py:Service", "app/svc.py:Service.run"]);
        assert_eq!(imports, ["app/svc.py"]);
    }

    #[test]
    fn attributes_of_an_imported_module_are_references() {
        let test = (
            "tests/test_svc.py",
            "import app.svc as s\n\ndef test_helper():\n    assert s.helper() is None\n",
        );
        let (refs, _) = facts(&[APP, test], "tests/test_svc.py");
        assert_eq!(refs, ["app/svc.py:helper"]);
    }

    #[test]
    fn an_unused_import_references_nothing() {
        let test = (
            "tests/test_svc.py",
            "from app.svc import Service\n\ndef test_nothing():\n    assert True\n",
        );
        let (refs, imports) = facts(&[APP, test], "tests/test_svc.py");
        assert!(refs.is_empty());
        assert_eq!(imports, ["app/svc.py"]);
    }

    #[test]
    fn conftest_fixtures_count_for_the_tests_that_name_them() {
        let conftest = (
            "tests/conftest.py",
            "import pytest\nfrom app.svc import Service\n\n@pytest.fixture\ndef service():\n    return Service()\n",
        );
        let user = (
            "tests/test_a.py",
            "def test_a(service):\n    service.stop()\n",
        );
        let other = ("tests/test_b.py", "def test_b():\n    assert 1\n");
        let files = [APP, conftest, user, other];
        let (refs, imports) = facts(&files, "tests/test_a.py");
        assert_eq!(refs, ["app/svc.py:Service", "app/svc.py:Service.stop"]);
        assert!(
            imports.is_empty(),
            "a conftest's imports are not the test's own"
        );
        assert!(facts(&files, "tests/test_b.py").0.is_empty());
    }

    #[test]
    fn helper_modules_lend_their_references() {
        let helper = (
            "tests/helpers.py",
            "from app.svc import helper\n\ndef make():\n    return helper()\n",
        );
        let test = (
            "tests/test_h.py",
            "from tests.helpers import make\n\ndef test_make():\n    make()\n",
        );
        let (refs, imports) = facts(&[APP, helper, test], "tests/test_h.py");
        assert_eq!(refs, ["app/svc.py:helper"]);
        assert_eq!(imports, ["app/svc.py"]);
    }

    #[test]
    fn inherited_methods_credit_the_module_defining_them() {
        let base = (
            "app/sansio/base.py",
            "class Base:\n    def add_rule(self):\n        pass\n    def other(self):\n        pass\n",
        );
        let mid = (
            "app/mid.py",
            "from app.sansio import base\n\nclass Mid(base.Base):\n    pass\n",
        );
        let app = (
            "app/core.py",
            "from .mid import Mid\n\nclass App(Mid):\n    def run(self):\n        pass\n",
        );
        let test = (
            "tests/test_app.py",
            "from app.core import App\n\ndef test_rule():\n    App().add_rule()\n",
        );
        let inits = [("app/__init__.py", ""), ("app/sansio/__init__.py", "")];
        let (refs, _) = facts(
            &[base, mid, app, test, inits[0], inits[1]],
            "tests/test_app.py",
        );
        assert_eq!(
            refs,
            [
                "app/core.py:App",
                "app/sansio/base.py:Base",
                "app/sansio/base.py:Base.add_rule"
            ]
        );
    }
}
