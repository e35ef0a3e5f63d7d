//! The status stage: what the tests of the scan give each source module, as evidence (docs/schema.md,
//! "Evidence"), and the rule that turns it into a status.

use std::collections::{BTreeMap, HashMap, HashSet};

use gap_core::{Evidence, EvidenceKind, Status};

use crate::units::Record;

/// True for the kinds of evidence that make a test a direct test of the module (a naming convention only
/// where the route stage gives one: a test of an app's views whose URLs the framework builds out of sight).
pub fn is_direct(kind: EvidenceKind) -> bool {
    matches!(
        kind,
        EvidenceKind::Reference
            | EvidenceKind::Http
            | EvidenceKind::ByName
            | EvidenceKind::Convention
    )
}

/// One module's evidence from tests: (test path, kind) -> (first line, detail).
pub type ModuleEvidence<'a> = BTreeMap<(&'a str, EvidenceKind), (u64, Option<String>)>;

/// What the tests of a scan give its source modules (indices into the records).
#[derive(Debug, Default)]
pub struct Tested<'a> {
    /// Module -> its evidence from tests; an `import` entry only for a test with no direct evidence.
    pub evidence: HashMap<usize, ModuleEvidence<'a>>,
    /// (module, symbol) pairs some test uses.
    pub referenced: HashSet<(usize, &'a str)>,
}

impl Tested<'_> {
    /// The test files of module `m` whose evidence is of a kind `keep` accepts, sorted.
    fn tests(&self, m: usize, keep: impl Fn(EvidenceKind) -> bool) -> Vec<String> {
        let mut v: Vec<String> = self
            .evidence
            .get(&m)
            .into_iter()
            .flatten()
            .filter(|((_, kind), _)| keep(*kind))
            .map(|((test, _), _)| test.to_string())
            .collect();
        v.dedup();
        v
    }

    /// Test files that use module `m` directly.
    pub fn direct_tests(&self, m: usize) -> Vec<String> {
        self.tests(m, is_direct)
    }

    /// Test files that import module `m` and use none of what it defines.
    pub fn import_only_tests(&self, m: usize) -> Vec<String> {
        self.tests(m, |k| k == EvidenceKind::Import)
    }

    /// The modules some test uses directly.
    pub fn directly_tested(&self) -> impl Iterator<Item = usize> + '_ {
        self.evidence
            .iter()
            .filter(|(_, e)| e.keys().any(|(_, kind)| is_direct(*kind)))
            .map(|(&m, _)| m)
    }

    /// Module `m`'s evidence from tests, sorted by test, then kind.
    pub fn evidence_of(&self, m: usize) -> Vec<Evidence> {
        self.evidence
            .get(&m)
            .into_iter()
            .flatten()
            .map(|((test, kind), (line, detail))| Evidence {
                test: test.to_string(),
                line: *line,
                kind: *kind,
                detail: detail.clone(),
                extra: Default::default(),
            })
            .collect()
    }
}

/// What every testing file of `records` (test files, and source files with tests of their own) gives the
/// source modules: its credits grouped into one evidence entry per (test, kind) at the first line, the symbol
/// of a reference as its detail.
pub fn tested(records: &[Record]) -> Tested<'_> {
    let mut out = Tested::default();
    for r in records.iter().filter(|r| r.is_testing()) {
        let test = r.path.as_str();
        for c in r.unit.credits.iter() {
            if !records[c.file].is_source() {
                continue;
            }
            let detail = match c.kind {
                EvidenceKind::Reference => c.symbol,
                _ => c.detail,
            };
            // A `by_name` credit with a symbol names that class or member by string; a route's handler
            // called over HTTP is used as much as a function the test calls; an `import` with a symbol
            // names one that runs no code of its own (a Rust type without methods).
            if let (
                EvidenceKind::Reference
                | EvidenceKind::ByName
                | EvidenceKind::Http
                | EvidenceKind::Import,
                Some(symbol),
            ) = (c.kind, c.symbol)
            {
                out.referenced.insert((c.file, symbol));
            }
            out.evidence
                .entry(c.file)
                .or_default()
                .entry((test, c.kind))
                .and_modify(|e| {
                    if c.line < e.0 {
                        *e = (c.line, detail.map(String::from));
                    }
                })
                .or_insert((c.line, detail.map(String::from)));
        }
    }
    // An import is evidence only from a test that uses nothing of the module.
    for e in out.evidence.values_mut() {
        let direct: HashSet<&str> = e
            .keys()
            .filter(|(_, k)| is_direct(*k))
            .map(|(t, _)| *t)
            .collect();
        e.retain(|(t, k), _| *k != EvidenceKind::Import || !direct.contains(t));
    }
    out
}

/// How tests reach one module.
#[derive(Debug, Clone, Copy)]
pub struct Reached {
    /// Some test uses its symbols.
    pub direct: bool,
    /// Some test imports it.
    pub import_only: bool,
    /// A directly tested module's code runs it.
    pub indirect: bool,
    /// Reach outranks an import that uses nothing (the language's imports run no code:
    /// `Language::import_runs_code`).
    pub reach_wins: bool,
    /// The share of its public symbols tests use; `None` without public symbols.
    pub coverage: Option<f64>,
}

/// The status of a module reached as `r`; `tested_share` is the share of public symbols that makes it
/// tested rather than limited.
pub fn status(r: Reached, tested_share: f64) -> Status {
    if r.direct {
        if r.coverage.is_none_or(|c| c >= tested_share) {
            Status::Tested
        } else {
            Status::Limited
        }
    } else if r.indirect && (r.reach_wins || !r.import_only) {
        Status::Indirect
    } else if r.import_only {
        Status::ImportOnly
    } else {
        Status::Untested
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_rule_that_applies_wins() {
        let r = |direct, import_only, indirect, coverage| Reached {
            direct,
            import_only,
            indirect,
            reach_wins: false,
            coverage,
        };
        assert_eq!(status(r(true, true, true, Some(0.5)), 0.5), Status::Tested);
        assert_eq!(
            status(r(true, false, false, Some(0.4)), 0.5),
            Status::Limited
        );
        assert_eq!(status(r(true, false, false, None), 0.5), Status::Tested);
        assert_eq!(status(r(false, true, true, None), 0.5), Status::ImportOnly);
        let rust = Reached {
            reach_wins: true,
            ..r(false, true, true, None)
        };
        assert_eq!(
            status(rust, 0.5),
            Status::Indirect,
            "where an import runs nothing, reach through code the tests run outranks it"
        );
        assert_eq!(status(r(false, true, false, None), 0.5), Status::ImportOnly);
        assert_eq!(status(r(false, false, true, None), 0.5), Status::Indirect);
        assert_eq!(status(r(false, false, false, None), 0.5), Status::Untested);
    }
}
