//! The status stage: what the tests of the scan give each source module (direct tests, import-only tests,
//! referenced symbols), and the rule that turns that into a status.

use std::collections::{BTreeSet, HashMap, HashSet};

use gap_core::Status;

use crate::units::Record;

/// What the tests of a scan give its source modules (indices into the records).
#[derive(Debug, Default)]
pub struct Credits<'a> {
    /// Module -> test files that use its symbols.
    pub direct: HashMap<usize, BTreeSet<&'a str>>,
    /// Module -> test files that import it and use none of its symbols.
    pub import_only: HashMap<usize, BTreeSet<&'a str>>,
    /// (module, symbol) pairs some test uses.
    pub referenced: HashSet<(usize, &'a str)>,
}

/// The credits every testing file of `records` gives (test files, and source files with tests of their own).
pub fn credits(records: &[Record]) -> Credits<'_> {
    let mut out = Credits::default();
    let is_source = |m: usize| records[m].is_source();
    for r in records.iter().filter(|r| r.is_testing()) {
        let u = &r.unit;
        let used: BTreeSet<usize> = u
            .refs
            .iter()
            .map(|(m, _)| *m)
            .filter(|&m| is_source(m))
            .collect();
        for &m in &used {
            out.direct.entry(m).or_default().insert(&r.path);
        }
        for &m in u.test_imports.difference(&used).filter(|&&m| is_source(m)) {
            out.import_only.entry(m).or_default().insert(&r.path);
        }
        out.referenced
            .extend(u.refs.iter().map(|(m, s)| (*m, s.as_str())));
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
    } else if r.import_only {
        Status::ImportOnly
    } else if r.indirect {
        Status::Indirect
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
            coverage,
        };
        assert_eq!(status(r(true, true, true, Some(0.5)), 0.5), Status::Tested);
        assert_eq!(
            status(r(true, false, false, Some(0.4)), 0.5),
            Status::Limited
        );
        assert_eq!(status(r(true, false, false, None), 0.5), Status::Tested);
        assert_eq!(status(r(false, true, true, None), 0.5), Status::ImportOnly);
        assert_eq!(status(r(false, false, true, None), 0.5), Status::Indirect);
        assert_eq!(status(r(false, false, false, None), 0.5), Status::Untested);
    }
}
