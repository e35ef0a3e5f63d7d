//! GitHub Actions workflow commands: one annotation per gap on its file and line (`::error` for a gap that
//! fails a gate, `::warning` for the others), changed code no test references first, then gaps by urgency.
//! GitHub shows at most 10 errors and 10 warnings of a step, so the most urgent of each are written and a
//! `::notice` says how many more there are and where they all are. Every value is escaped as GitHub's
//! toolkit escapes it (`gap_core::escape::github_property`, `github_data`), so no name can end a command or
//! start one.

use std::collections::BTreeSet;

use super::location::{gap_line, gap_words, repo_file, why_and_missing};
use crate::gaps::Report;
use gap_core::escape::{github_data, github_property};
use gap_core::{Document, Module, Priority};

/// Annotations of each level GitHub shows per step.
pub const PER_LEVEL: usize = 10;

/// One annotation.
struct Annotation {
    error: bool,
    file: Option<String>,
    line: u64,
    title: String,
    message: String,
}

impl Annotation {
    fn command(&self) -> String {
        let mut props = Vec::new();
        if let Some(f) = &self.file {
            props.push(format!("file={}", github_property(f)));
            props.push(format!("line={}", self.line));
        }
        props.push(format!("title={}", github_property(&self.title)));
        format!(
            "::{} {}::{}\n",
            if self.error { "error" } else { "warning" },
            props.join(","),
            github_data(&self.message)
        )
    }
}

fn urgency(m: &Module) -> (std::cmp::Reverse<Option<Priority>>, i64) {
    (
        std::cmp::Reverse(m.priority),
        -(m.score.unwrap_or(0.0) * 10.0) as i64,
    )
}

/// The workflow commands for `doc` and its report.
pub fn render(doc: &Document, report: &Report) -> String {
    let failing: BTreeSet<&str> = report
        .gates
        .iter()
        .flat_map(|o| o.checks.iter())
        .filter(|c| !c.passed)
        .flat_map(|c| c.paths.iter().map(String::as_str))
        .collect();
    let mut list: Vec<Annotation> = Vec::new();
    for c in report
        .gates
        .iter()
        .flat_map(|o| o.checks.iter())
        .filter(|c| !c.passed)
    {
        list.push(Annotation {
            error: true,
            file: None,
            line: 0,
            title: "gap: gate failed".to_string(),
            message: format!("{}: {}", c.gate, c.finding),
        });
    }
    let mut shown: BTreeSet<&str> = BTreeSet::new();
    if let Some(changed) = &report.changed {
        for r in &changed.rows {
            shown.insert(&r.path);
            let what = if r.module_code {
                "its changed module code".to_string()
            } else {
                crate::gaps::first_names(&r.untested, 5)
            };
            list.push(Annotation {
                error: failing.contains(r.path.as_str()),
                file: Some(repo_file(doc, &r.path)),
                line: r.line,
                title: format!("Changed without tests ({})", r.priority.as_str()),
                message: format!(
                    "{what}: changed here and no test references it ({}, {})",
                    r.status.as_str(),
                    r.priority.as_str()
                ),
            });
        }
    }
    let mut gaps: Vec<&Module> = doc
        .modules
        .iter()
        .filter(|m| m.is_open_gap() && !shown.contains(m.path.as_str()))
        .collect();
    gaps.sort_by(|a, b| urgency(a).cmp(&urgency(b)).then(a.path.cmp(&b.path)));
    for m in gaps {
        let (why, missing) = why_and_missing(m);
        list.push(Annotation {
            error: failing.contains(m.path.as_str()),
            file: Some(repo_file(doc, &m.path)),
            line: gap_line(m),
            title: format!(
                "{} test gap: {}",
                m.priority.unwrap_or(Priority::Low).as_str(),
                m.file_name()
            ),
            message: format!("{} ({why}). Missing: {missing}", gap_words(m)),
        });
    }
    let (errors, warnings): (Vec<Annotation>, Vec<Annotation>) =
        list.into_iter().partition(|a| a.error);
    let mut out = String::new();
    let (more_errors, more_warnings) = (
        errors.len().saturating_sub(PER_LEVEL),
        warnings.len().saturating_sub(PER_LEVEL),
    );
    for a in errors
        .iter()
        .take(PER_LEVEL)
        .chain(warnings.iter().take(PER_LEVEL))
    {
        out.push_str(&a.command());
    }
    let mut summary = super::verdict(report);
    if more_errors + more_warnings > 0 {
        summary.push_str(&format!(
            " {} more not annotated ({more_errors} errors, {more_warnings} warnings; GitHub shows {PER_LEVEL} of \
             each per step): `gap-report --format markdown >> $GITHUB_STEP_SUMMARY` lists them all.",
            more_errors + more_warnings
        ));
    }
    out.push_str(&format!(
        "::notice title={}::{}\n",
        github_property("gap"),
        github_data(&summary)
    ));
    out
}
