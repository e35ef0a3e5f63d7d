//! Which tests exercise which modules: the names each test file (with the support files it uses) takes from
//! the tree, matched against the identifiers it uses outside its import lines.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::resolve::{parent, Binding, Resolved, Resolver, Target};
use super::PyFile;
use crate::model::Parsed;
use gap_core::SymbolKind;

/// What one test file does with the tree.
#[derive(Debug, Default, Clone)]
pub struct TestFacts {
    /// Files its own import lines (and those of helper modules it imports) name.
    pub imports: BTreeSet<usize>,
    /// (file, symbol) pairs it uses in test code, its fixtures and helpers included.
    pub refs: BTreeSet<(usize, String)>,
    /// Support files whose names it uses (conftest.py fixtures, imported helpers).
    pub support: BTreeSet<usize>,
}

/// Computes [`TestFacts`] for test files.
pub struct Mapper<'a> {
    resolver: &'a Resolver<'a>,
    paths: &'a [String],
    files: &'a [Parsed<PyFile>],
    resolved: &'a [Resolved],
    test_side: &'a [bool],
    /// class -> [(method name, "Class.method")] per file.
    methods: Vec<HashMap<&'a str, Vec<(&'a str, &'a str)>>>,
}

impl<'a> Mapper<'a> {
    /// A mapper over the scan's files; `test_side[i]` says whether file `i` is a test or support file.
    pub fn new(
        resolver: &'a Resolver<'a>,
        paths: &'a [String],
        files: &'a [Parsed<PyFile>],
        resolved: &'a [Resolved],
        test_side: &'a [bool],
    ) -> Self {
        let methods = files
            .iter()
            .map(|f| {
                let mut by_class: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
                for d in f.facts.defs.iter().filter(|d| d.kind == SymbolKind::Method) {
                    if let Some((class, method)) = d.name.split_once('.') {
                        by_class
                            .entry(class)
                            .or_default()
                            .push((method, d.name.as_str()));
                    }
                }
                by_class
            })
            .collect();
        Mapper {
            resolver,
            paths,
            files,
            resolved,
            test_side,
            methods,
        }
    }

    /// The support files test `t` uses: helpers it imports (transitively) and conftest.py files above it
    /// whose fixtures it names.
    fn support_of(&self, t: usize) -> BTreeSet<usize> {
        let idents = &self.files[t].facts.identifiers;
        let mut used = BTreeSet::new();
        let mut queue = vec![t];
        let mut dir = parent(&self.paths[t]);
        loop {
            let conftest = if dir.is_empty() {
                "conftest.py".to_string()
            } else {
                format!("{dir}/conftest.py")
            };
            if let Some(c) = self.resolver.file(&conftest) {
                let fixtures = self.files[c]
                    .facts
                    .defs
                    .iter()
                    .filter(|d| d.kind == SymbolKind::Function);
                if c != t && fixtures.clone().any(|d| idents.contains(&d.name)) {
                    queue.push(c);
                }
            }
            if dir.is_empty() {
                break;
            }
            dir = parent(dir);
        }
        while let Some(f) = queue.pop() {
            if f != t && !used.insert(f) {
                continue;
            }
            for &g in &self.resolved[f].files {
                if self.test_side[g] && g != t && !used.contains(&g) {
                    queue.push(g);
                }
            }
        }
        used
    }

    /// The facts of test file `t`.
    pub fn facts(&self, t: usize) -> TestFacts {
        let support = self.support_of(t);
        let mut idents: HashSet<&str> = self.files[t]
            .facts
            .identifiers
            .iter()
            .map(String::as_str)
            .collect();
        let mut imports: BTreeSet<usize> = self.resolved[t].files.clone();
        for &s in &support {
            idents.extend(self.files[s].facts.identifiers.iter().map(String::as_str));
            if !self.paths[s].ends_with("conftest.py") {
                imports.extend(self.resolved[s].files.iter().copied());
            }
        }
        let mut refs = BTreeSet::new();
        let mut expanded = HashSet::new();
        for f in std::iter::once(t).chain(support.iter().copied()) {
            for b in &self.resolved[f].bindings {
                match b {
                    Binding::Symbol {
                        local,
                        file,
                        symbol,
                    } => {
                        if idents.contains(local.as_str()) {
                            self.add_symbol(&mut refs, &idents, *file, symbol);
                        }
                    }
                    Binding::Module(m) => self.expand(&mut refs, &mut expanded, &idents, *m),
                }
            }
        }
        imports.retain(|&f| !self.test_side[f]);
        refs.retain(|(f, _)| !self.test_side[*f]);
        TestFacts {
            imports,
            refs,
            support,
        }
    }

    fn add_symbol(
        &self,
        refs: &mut BTreeSet<(usize, String)>,
        idents: &HashSet<&str>,
        file: usize,
        symbol: &str,
    ) {
        refs.insert((file, symbol.to_string()));
        if let Some(methods) = self.methods[file].get(symbol) {
            for (method, full) in methods {
                if idents.contains(method) {
                    refs.insert((file, full.to_string()));
                }
            }
        }
    }

    /// Names of module `m` reached as attributes (`m.func`) or through `*`.
    fn expand(
        &self,
        refs: &mut BTreeSet<(usize, String)>,
        expanded: &mut HashSet<usize>,
        idents: &HashSet<&str>,
        m: usize,
    ) {
        if !expanded.insert(m) {
            return;
        }
        let all = self.resolver.all_names(m);
        let names: Vec<&str> = all.iter().copied().filter(|n| idents.contains(n)).collect();
        for name in names {
            match self.resolver.name_in(m, name) {
                Some(Target::Symbol(f, s)) => self.add_symbol(refs, idents, f, &s),
                Some(Target::Module(f)) => self.expand(refs, expanded, idents, f),
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
        let m = Mapper::new(&r, &paths, &parsed, &resolved, &test_side);
        let f = m.facts(r.file(test).unwrap());
        (
            f.refs
                .iter()
                .map(|(m, s)| format!("{}:{s}", paths[*m]))
                .collect(),
            f.imports.iter().map(|&m| paths[m].clone()).collect(),
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
}
