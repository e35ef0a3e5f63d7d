//! Gates: `--fail-on LEVEL` (a gap that is not accepted at LEVEL or above), `--fail-under PERCENT` (the total
//! coverage, accepted gaps left out) and `--fail-on-new` (only gaps that are new since `--baseline`, or rose
//! to LEVEL). Each also comes from gap.toml (`fail_on`, `fail_under`) through the document's `config`; the
//! command line wins. gap-report writes its output first, then exits 1 when a gate failed.

use gap_core::{percent, Document, Priority, Status};

use crate::baseline::Comparison;

/// The gates asked for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gates {
    /// Fail on a gap at this priority or above.
    pub fail_on: Option<Priority>,
    /// Fail when coverage is below this percent.
    pub fail_under: Option<f64>,
    /// `--fail-on` counts only new gaps and gaps that rose to its level.
    pub only_new: bool,
}

impl Gates {
    /// The gates of the command line, each falling back to gap.toml's value recorded in `doc`.
    pub fn resolve(
        fail_on: Option<Priority>,
        fail_under: Option<f64>,
        only_new: bool,
        doc: &Document,
    ) -> Gates {
        let config = doc.config.as_ref();
        Gates {
            fail_on: fail_on.or_else(|| config.and_then(|c| c.fail_on)),
            fail_under: fail_under.or_else(|| config.and_then(|c| c.fail_under)),
            only_new,
        }
    }

    /// True when no gate is asked for.
    pub fn is_empty(&self) -> bool {
        self.fail_on.is_none() && self.fail_under.is_none()
    }
}

/// One gate's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// The gate as asked: `--fail-on high`, `--fail-under 70`.
    pub gate: String,
    /// True when it passed.
    pub passed: bool,
    /// What it found, in a sentence.
    pub finding: String,
    /// The paths of the gaps that failed it.
    pub paths: Vec<String>,
}

/// Every gate's result.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    /// One per gate asked for.
    pub checks: Vec<Check>,
}

impl Outcome {
    /// True when a gate failed.
    pub fn failed(&self) -> bool {
        self.checks.iter().any(|c| !c.passed)
    }
}

/// The coverage the gate reads: the share of testable modules with direct tests (tested or limited), modules
/// whose gap is accepted left out. Without accepted gaps it is the Summary's total coverage.
pub fn coverage(doc: &Document) -> (u64, u64, u64) {
    let counted: Vec<_> = doc
        .modules
        .iter()
        .filter(|m| m.testable && (m.accepted.is_none() || m.status == Status::Tested))
        .collect();
    let direct = counted
        .iter()
        .filter(|m| matches!(m.status, Status::Tested | Status::Limited))
        .count() as u64;
    let all = counted.len() as u64;
    (percent(direct, all), direct, all)
}

/// `a.py, b.py, +3 more`.
fn listed(paths: &[String]) -> String {
    crate::gaps::first_names(paths, 3)
}

/// Checks `gates` on `doc`; `baseline` is required for `only_new` (the caller refuses it otherwise).
pub fn check(doc: &Document, gates: &Gates, baseline: Option<&Comparison>) -> Outcome {
    let mut checks = Vec::new();
    if let Some(level) = gates.fail_on {
        let name = level.as_str();
        let mut gaps: Vec<(Priority, String)> = match (gates.only_new, baseline) {
            (true, Some(c)) => c
                .entries
                .iter()
                .filter(|e| e.reached(level))
                .filter_map(|e| e.new.as_ref().map(|n| (n.priority, e.path.clone())))
                .collect(),
            _ => doc
                .modules
                .iter()
                .filter(|m| m.is_open_gap() && m.priority >= Some(level))
                .map(|m| (m.priority.unwrap_or(Priority::Low), m.path.clone()))
                .collect(),
        };
        gaps.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let paths: Vec<String> = gaps.iter().map(|g| g.1.clone()).collect();
        let (one, many) = if gates.only_new {
            ("new gap (or gap that rose)", "new gaps (or gaps that rose)")
        } else {
            ("gap", "gaps")
        };
        let gate = format!(
            "--fail-on {}{}",
            name.to_lowercase(),
            if gates.only_new { " --fail-on-new" } else { "" }
        );
        let finding = if paths.is_empty() {
            format!("no {one} of priority {name} or above")
        } else {
            let shown: Vec<String> = gaps
                .iter()
                .map(|(p, path)| format!("{path} ({})", p.as_str()))
                .collect();
            let what = if paths.len() == 1 { one } else { many };
            format!(
                "{} {what} of priority {name} or above: {}",
                paths.len(),
                listed(&shown)
            )
        };
        checks.push(Check {
            gate,
            passed: paths.is_empty(),
            finding,
            paths,
        });
    }
    if let Some(floor) = gates.fail_under {
        let (pct, direct, all) = coverage(doc);
        let accepted = doc.summary.as_ref().map_or(0, |t| t.accepted);
        let left_out = if accepted > 0 {
            format!(
                ", {accepted} accepted gap{} left out",
                if accepted == 1 { "" } else { "s" }
            )
        } else {
            String::new()
        };
        let passed = (pct as f64) >= floor;
        checks.push(Check {
            gate: format!("--fail-under {floor}"),
            passed,
            finding: format!(
                "coverage {pct}% ({direct} of {all} modules with direct tests{left_out}) is {} {floor}%",
                if passed { "at or above" } else { "below" }
            ),
            paths: Vec::new(),
        });
    }
    Outcome { checks }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gaps::tests::{doc, module};
    use gap_core::{Accepted, AcceptedBy};

    fn accepted() -> Option<Accepted> {
        Some(Accepted {
            reason: "legacy".into(),
            by: AcceptedBy::Config,
            line: None,
            extra: Default::default(),
        })
    }

    #[test]
    fn fail_on_counts_open_gaps_at_the_level_and_above() {
        let mut legacy = module("a/legacy.py", Status::Untested, Priority::Critical, 80.0);
        legacy.accepted = accepted();
        let d = doc(vec![
            module("a/x.py", Status::Untested, Priority::High, 50.0),
            module("a/y.py", Status::Limited, Priority::Medium, 30.0),
            module("a/z.py", Status::Tested, Priority::Low, 0.0),
            legacy,
        ]);
        let gates = |level| Gates {
            fail_on: Some(level),
            ..Default::default()
        };
        let o = check(&d, &gates(Priority::Critical), None);
        assert!(
            !o.failed(),
            "the accepted CRITICAL gap does not trip it: {o:?}"
        );
        assert_eq!(o.checks[0].finding, "no gap of priority CRITICAL or above");
        let o = check(&d, &gates(Priority::Medium), None);
        assert!(o.failed());
        assert_eq!(
            o.checks[0].finding,
            "2 gaps of priority MEDIUM or above: a/x.py (HIGH), a/y.py (MEDIUM)"
        );
        assert_eq!(o.checks[0].gate, "--fail-on medium");
    }

    #[test]
    fn fail_under_reads_coverage_without_accepted_gaps() {
        let mut legacy = module("a/legacy.py", Status::Untested, Priority::High, 50.0);
        legacy.accepted = accepted();
        let d = doc(vec![
            module("a/x.py", Status::Tested, Priority::Low, 0.0),
            module("a/y.py", Status::Untested, Priority::High, 50.0),
            legacy,
        ]);
        let g = Gates {
            fail_under: Some(50.0),
            ..Default::default()
        };
        let o = check(&d, &g, None);
        assert!(!o.failed(), "{o:?}");
        assert_eq!(
            o.checks[0].finding,
            "coverage 50% (1 of 2 modules with direct tests, 1 accepted gap left out) is at or above 50%"
        );
        let g = Gates {
            fail_under: Some(50.5),
            ..Default::default()
        };
        assert!(check(&d, &g, None).failed());
    }
}
