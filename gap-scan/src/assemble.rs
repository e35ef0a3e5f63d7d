//! The assembly stage: the document's modules and test files from the records, their credits and reach.

use std::collections::{BTreeSet, HashMap};

use gap_core::{Evidence, EvidenceKind, Module, Symbol, TestFile, TestKind};

use crate::convention;
use crate::model::Role;
use crate::status::{self, Reached, Tested};
use crate::units::Record;

/// What the stages before assembly found, indexed by record.
pub struct Findings<'a> {
    /// Every file of the scan.
    pub records: &'a [Record],
    /// What tests give each module.
    pub tested: Tested<'a>,
    /// Module -> source modules importing it.
    pub importers: HashMap<usize, BTreeSet<usize>>,
    /// Per record, the directly tested modules whose code runs it, with the line of their import, sorted.
    pub indirect: Vec<Vec<(usize, u64)>>,
    /// Name -> test files named after it.
    pub named: HashMap<&'a str, BTreeSet<&'a str>>,
}

impl Findings<'_> {
    /// The paths of records `set`, sorted.
    fn paths(&self, set: impl Iterator<Item = usize>) -> Vec<String> {
        let mut v: Vec<String> = set.map(|i| self.records[i].path.clone()).collect();
        v.sort();
        v
    }

    /// The paths of the source modules among `set`, sorted.
    fn source_paths<'s>(&self, set: impl Iterator<Item = &'s usize>) -> Vec<String> {
        self.paths(set.copied().filter(|&g| self.records[g].is_source()))
    }

    /// The module of source record `i`, its category left for the scan to set; `tested_share` decides tested
    /// from limited.
    pub fn module(&self, i: usize, tested_share: f64) -> Module {
        let r = &self.records[i];
        let (u, f) = (&r.unit, &r.facts);
        let strings = |set: Option<&BTreeSet<&str>>| -> Vec<String> {
            set.map(|s| s.iter().map(|x| x.to_string()).collect())
                .unwrap_or_default()
        };
        let symbols: Vec<Symbol> = f
            .defs
            .iter()
            .map(|d| Symbol {
                name: d.name.clone(),
                kind: d.kind,
                line: d.line,
                end_line: (d.end_line >= d.line && d.end_line > 0).then_some(d.end_line),
                branches: d.branches,
                raises: d.raises,
                public: d.public,
                referenced: self.tested.referenced.contains(&(i, d.name.as_str())),
                accepted: None,
                extra: Default::default(),
            })
            .collect();
        let public = symbols.iter().filter(|s| s.public).count() as u64;
        let used = symbols.iter().filter(|s| s.public && s.referenced).count() as u64;
        let coverage = (public > 0).then(|| used as f64 / public as f64);
        let direct_tests = self.tested.direct_tests(i);
        let import_only_tests = self.tested.import_only_tests(i);
        let mut evidence = self.tested.evidence_of(i);
        let mut indirect_via = Vec::new();
        // Where an import runs code, a test that imports the module and uses nothing outranks reach.
        let reach_wins = !r.lang.import_runs_code;
        if direct_tests.is_empty() && (import_only_tests.is_empty() || reach_wins) {
            let via = &self.indirect[i];
            indirect_via.reserve_exact(via.len());
            evidence.reserve_exact(via.len());
            for &(d, line) in via {
                let via = self.records[d].path.clone();
                indirect_via.push(via.clone());
                evidence.push(Evidence {
                    test: via,
                    line,
                    kind: EvidenceKind::Indirect,
                    detail: None,
                    extra: Default::default(),
                });
            }
            indirect_via.sort();
            evidence.sort_by(|a, b| (&a.test, a.kind).cmp(&(&b.test, b.kind)));
        }
        let reached = Reached {
            direct: !direct_tests.is_empty(),
            import_only: !import_only_tests.is_empty(),
            indirect: !indirect_via.is_empty(),
            reach_wins,
            coverage,
        };
        let mut m = Module::new(&r.path, r.lang.id);
        m.name = u.name.clone();
        m.lines = f.lines;
        m.code_lines = f.code_lines;
        m.branches = f.branches;
        m.testable = !f.defs.is_empty();
        m.symbols = symbols;
        m.raises = f.raises.clone();
        m.imports = self.source_paths(u.imports.keys());
        m.external_imports = u.external.iter().cloned().collect();
        m.imported_by = self.paths(self.importers.get(&i).into_iter().flatten().copied());
        m.direct_tests = direct_tests;
        m.import_only_tests = import_only_tests;
        m.named_tests = strings(self.named.get(convention::stem(&r.path)));
        m.indirect_via = indirect_via;
        m.evidence = evidence;
        m.public_symbols = public;
        m.referenced_symbols = used;
        m.symbol_coverage = coverage.map(|c| (c * 10000.0).round() / 10000.0);
        m.status = status::status(reached, tested_share);
        m
    }

    /// The test file of test or support record `i`.
    pub fn test_file(&self, i: usize) -> TestFile {
        let r = &self.records[i];
        let u = &r.unit;
        TestFile {
            path: r.path.clone(),
            language: r.lang.id.to_string(),
            kind: if u.role == Role::Test {
                TestKind::Test
            } else {
                TestKind::Support
            },
            suite: r.lang.suite(&r.path).to_string(),
            lines: r.facts.lines,
            test_functions: r.facts.test_functions,
            imports: self.source_paths(u.credits.files(EvidenceKind::Import).iter()),
            exercises: self.source_paths(
                u.credits
                    .iter()
                    .filter(|c| status::is_direct(c.kind))
                    .map(|c| c.file)
                    .collect::<BTreeSet<_>>()
                    .iter(),
            ),
            extra: Default::default(),
        }
    }
}
