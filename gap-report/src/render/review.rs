//! The markdown of the review sections: what the gates found, changed code no test references, the
//! comparison with a baseline, the accepted gaps. Each comes with a short form (one paragraph) that a size cap
//! may put in its place. Names pass through `gap_core::escape` (code spans, escaped prose).

use super::markdown::{code, command, prose, table};
use super::Align;
use crate::accepted::AcceptedRow;
use crate::baseline::{Comparison, Delta, Entry, RenameBy, State};
use crate::changes::ChangeSection;
use crate::gate::Outcome;
use gap_core::Tally;

/// Title of the changed-code section.
pub const CHANGED_TITLE: &str = "Changed Without Tests";
/// Title of the baseline section.
pub const BASELINE_TITLE: &str = "Since the Baseline";
/// Title of the accepted gaps' section.
pub const ACCEPTED_TITLE: &str = "Accepted Gaps";

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// A commit as a short hash.
fn short(commit: &str) -> &str {
    &commit[..commit.len().min(12)]
}

/// `❌ **Gate failed** (`--fail-on high`): 2 gaps ...` or `✅ Gate passed (...)`, a paragraph per gate.
pub fn gates(outcome: &Outcome) -> String {
    let lines: Vec<String> = outcome
        .checks
        .iter()
        .map(|c| {
            let head = if c.passed {
                "✅ Gate passed"
            } else {
                "❌ **Gate failed**"
            };
            format!("{head} ({}): {}", command(&c.gate), prose(&c.finding))
        })
        .collect();
    lines.join("\n\n") + "\n"
}

/// The changed-code section and its short form.
pub fn changed(c: &ChangeSection) -> (String, String) {
    let against = if c.revision {
        let base = c
            .base_commit
            .as_deref()
            .map(|b| format!(" (merge base {})", code(short(b))))
            .unwrap_or_default();
        format!("Since {}{base}", code(&c.against))
    } else {
        format!("In the diff {}", code(&c.against))
    };
    let symbols: usize = c.rows.iter().map(|r| r.untested.len()).sum();
    let lead = format!(
        "{against}: {} changed, {} of them with changed code no test references ({}).",
        plural(c.modules, "module"),
        c.rows.len(),
        plural(symbols, "public symbol")
    );
    let mut text = format!("## {CHANGED_TITLE}\n\n{lead}\n");
    let short = text.clone();
    if !c.rows.is_empty() {
        let header = [
            ("Component", Align::Left),
            ("Change", Align::Left),
            ("Without Tests", Align::Left),
            ("Status", Align::Left),
            ("Priority", Align::Left),
        ];
        let rows: Vec<Vec<String>> = c
            .rows
            .iter()
            .map(|r| {
                let change = match (&r.renamed_from, r.added) {
                    (_, true) => "new file".to_string(),
                    (Some(from), false) => format!("renamed from {}", code(from)),
                    (None, false) => plural(r.changed_symbols, "symbol") + " changed",
                };
                let without = if r.module_code {
                    "module code".to_string()
                } else {
                    let names: Vec<String> = r.untested.iter().map(|n| code(n)).collect();
                    crate::gaps::first_names(&names, 5)
                };
                vec![
                    code(&r.path),
                    change,
                    without,
                    r.status.as_str().to_string(),
                    r.priority.as_str().to_string(),
                ]
            })
            .collect();
        text.push('\n');
        text.push_str(&table(&header, &rows, false));
    }
    (text, short)
}

fn state(s: &Option<State>) -> (String, String) {
    match s {
        Some(s) => (
            s.status.as_str().to_string(),
            s.priority.as_str().to_string(),
        ),
        None => ("—".to_string(), "—".to_string()),
    }
}

/// `a → b`, or `a` when both are the same.
fn arrow(a: &str, b: &str) -> String {
    if a == b {
        a.to_string()
    } else {
        format!("{a} → {b}")
    }
}

/// `+5`, `-3`, or nothing for 0.
fn signed(d: i128) -> String {
    match d {
        0 => String::new(),
        d if d > 0 => format!(" (+{d})"),
        d => format!(" ({d})"),
    }
}

/// A delta cell: `33% → 50% (+17)`.
fn delta_cell(old: Option<u64>, new: Option<u64>, unit: &str) -> String {
    match (old, new) {
        (Some(o), Some(n)) if o == n => format!("{n}{unit}"),
        (Some(o), Some(n)) => format!(
            "{o}{unit} → {n}{unit}{}",
            signed(i128::from(n) - i128::from(o))
        ),
        (None, Some(n)) => format!("new: {n}{unit}"),
        (Some(o), None) => format!("{o}{unit} → gone"),
        (None, None) => "—".to_string(),
    }
}

fn delta_row(d: &Delta, name: String) -> Vec<String> {
    let get = |t: &Option<Tally>, f: fn(&Tally) -> u64| t.as_ref().map(f);
    vec![
        name,
        delta_cell(get(&d.old, |t| t.modules), get(&d.new, |t| t.modules), ""),
        delta_cell(
            get(&d.old, |t| t.coverage_percent),
            get(&d.new, |t| t.coverage_percent),
            "%",
        ),
        delta_cell(
            get(&d.old, |t| t.no_direct),
            get(&d.new, |t| t.no_direct),
            "",
        ),
        delta_cell(get(&d.old, |t| t.weak), get(&d.new, |t| t.weak), ""),
        delta_cell(
            get(&d.old, |t| t.missing_tests),
            get(&d.new, |t| t.missing_tests),
            "",
        ),
    ]
}

fn entry_row(kind: &str, e: &Entry) -> Vec<String> {
    let (os, op) = state(&e.old);
    let (ns, np) = state(&e.new);
    let component = match &e.renamed_from {
        Some((from, by)) => format!(
            "{} (was {}, by {})",
            code(&e.path),
            code(from),
            match by {
                RenameBy::Git => "git",
                RenameBy::Symbols => "its symbols",
            }
        ),
        None => code(&e.path),
    };
    vec![
        kind.to_string(),
        component,
        arrow(&os, &ns),
        arrow(&op, &np),
    ]
}

/// The baseline section and its short form.
pub fn baseline(c: &Comparison) -> (String, String) {
    let new: Vec<&Entry> = c.new_gaps().collect();
    let closed: Vec<&Entry> = c.closed().collect();
    let changed: Vec<&Entry> = c.changed().collect();
    let renamed: Vec<&Entry> = c.renamed().collect();
    let commit = c
        .commit
        .as_deref()
        .map(|h| format!(" (commit {})", code(short(h))))
        .unwrap_or_default();
    let lead = format!(
        "Compared with {}{commit}: {} new {}, {} closed, {} changed status or priority, {} renamed.",
        code(&c.source),
        new.len(),
        if new.len() == 1 { "gap" } else { "gaps" },
        closed.len(),
        changed.len(),
        renamed.len()
    );
    let mut text = format!("## {BASELINE_TITLE}\n\n{lead}\n");
    let mut short = text.clone();
    if !new.is_empty() {
        let names: Vec<String> = new.iter().map(|e| code(&e.path)).collect();
        short.push_str(&format!(
            "\nNew gaps: {}\n",
            crate::gaps::first_names(&names, 10)
        ));
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    rows.extend(new.iter().map(|e| entry_row("new", e)));
    for e in &changed {
        let rose = matches!((&e.old, &e.new), (Some(o), Some(n)) if n.priority > o.priority);
        let fell = matches!((&e.old, &e.new), (Some(o), Some(n)) if n.priority < o.priority);
        let kind = if rose {
            "rose"
        } else if fell {
            "fell"
        } else {
            "changed"
        };
        rows.push(entry_row(kind, e));
    }
    rows.extend(closed.iter().map(|e| {
        let kind = if e.new.is_none() {
            "closed (gone)"
        } else {
            "closed"
        };
        entry_row(kind, e)
    }));
    rows.extend(
        renamed
            .iter()
            .filter(|e| !e.is_new_gap() && !e.is_closed() && !e.is_changed())
            .map(|e| entry_row("renamed", e)),
    );
    if !rows.is_empty() {
        let header = [
            ("Change", Align::Left),
            ("Component", Align::Left),
            ("Status", Align::Left),
            ("Priority", Align::Left),
        ];
        text.push('\n');
        text.push_str(&table(&header, &rows, false));
    }
    let mut deltas: Vec<Vec<String>> = c
        .categories
        .iter()
        .map(|d| delta_row(d, prose(&d.name)))
        .collect();
    deltas.push(delta_row(&c.total, "TOTAL".to_string()));
    let header = [
        ("Category", Align::Left),
        ("Modules", Align::Right),
        ("Coverage", Align::Right),
        ("❌", Align::Right),
        ("⚠️", Align::Right),
        ("Missing Tests", Align::Right),
    ];
    text.push('\n');
    text.push_str(&table(&header, &deltas, true));
    (text, short)
}

/// The accepted gaps' section and its short form.
pub fn accepted(rows: &[AcceptedRow]) -> (String, String) {
    let whole = rows.iter().filter(|r| r.symbols.is_empty()).count();
    let symbols: usize = rows.iter().map(|r| r.symbols.len()).sum();
    let mut counts = Vec::new();
    if whole > 0 {
        counts.push(format!("{} as a whole", plural(whole, "module")));
    }
    if symbols > 0 {
        counts.push(format!(
            "{} of {}",
            plural(symbols, "symbol"),
            plural(rows.len() - whole, "module")
        ));
    }
    let lead = format!(
        "The team accepts these gaps (a `gap: accept` comment or gap.toml's `[[accept]]`); gates pass over \
         them: {}.",
        counts.join(", ")
    );
    let text_head = format!("## {ACCEPTED_TITLE}\n\n{lead}\n");
    let short = format!(
        "{text_head}\nThe JSON lists them: {}\n",
        command("jq '.modules[] | select(.accepted or any(.symbols[]; .accepted)) | .path'")
    );
    let header = [
        ("Component", Align::Left),
        ("Accepted", Align::Left),
        ("Status", Align::Left),
        ("Priority", Align::Left),
        ("Reason", Align::Left),
    ];
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let what = if r.symbols.is_empty() {
                "whole module".to_string()
            } else {
                let names: Vec<String> = r.symbols.iter().map(|n| code(n)).collect();
                crate::gaps::first_names(&names, 5)
            };
            let reasons: Vec<String> = r.reasons.iter().map(|x| prose(x)).collect();
            vec![
                code(&r.path),
                what,
                r.status.as_str().to_string(),
                r.priority.as_str().to_string(),
                reasons.join("; "),
            ]
        })
        .collect();
    let text = format!("{text_head}\n{}", table(&header, &cells, false));
    (text, short)
}
