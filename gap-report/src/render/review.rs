//! The review sections, in a form every format draws: what the gates found, changed code no test references,
//! the comparison with a baseline, the accepted gaps. Each is a [`Block`]: a title, lead paragraphs, tables,
//! and what its short form adds (a size cap may put the title, lead and short form in its place). Names pass
//! through the output's [`Style`].

use super::{Align, Style};
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

/// A table of a block; cells already pass through the style.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Column names and alignment.
    pub header: Vec<(&'static str, Align)>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
    /// True when the last row is a TOTAL row (bold).
    pub bold_last: bool,
}

/// A review section for any format.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// Its heading; empty for the gates, which stand under the verdict.
    pub title: &'static str,
    /// Paragraphs before the tables.
    pub lead: Vec<String>,
    /// Its tables, in order.
    pub tables: Vec<Grid>,
    /// Paragraphs the short form adds after the lead, in place of the tables.
    pub short: Vec<String>,
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// A commit as a short hash.
fn short(commit: &str) -> &str {
    &commit[..commit.len().min(12)]
}

/// `❌ **Gate failed** (`--fail-on high`): 2 gaps ...` or `✅ Gate passed (...)`, a paragraph per gate.
pub fn gates(outcome: &Outcome, style: &Style) -> Block {
    let lead = outcome
        .checks
        .iter()
        .map(|c| {
            let head = if c.passed {
                "✅ Gate passed".to_string()
            } else {
                format!("❌ {}", (style.strong)("Gate failed"))
            };
            format!(
                "{head} ({}): {}",
                (style.command)(&c.gate),
                (style.prose)(&c.finding)
            )
        })
        .collect();
    Block {
        title: "",
        lead,
        tables: Vec::new(),
        short: Vec::new(),
    }
}

/// The changed-code section.
pub fn changed(c: &ChangeSection, style: &Style) -> Block {
    let name = style.name;
    let against = if c.revision {
        let base = c
            .base_commit
            .as_deref()
            .map(|b| format!(" (merge base {})", name(short(b))))
            .unwrap_or_default();
        format!("Since {}{base}", name(&c.against))
    } else {
        format!("In the diff {}", name(&c.against))
    };
    let symbols: usize = c.rows.iter().map(|r| r.untested.len()).sum();
    let lead = format!(
        "{against}: {} changed, {} of them with changed code no test references ({}).",
        plural(c.modules, "module"),
        c.rows.len(),
        plural(symbols, "public symbol")
    );
    let mut tables = Vec::new();
    if !c.rows.is_empty() {
        let rows: Vec<Vec<String>> = c
            .rows
            .iter()
            .map(|r| {
                let change = match (&r.renamed_from, r.added) {
                    (_, true) => "new file".to_string(),
                    (Some(from), false) => format!("renamed from {}", name(from)),
                    (None, false) if r.changed_symbols == 0 => {
                        "code outside its public symbols changed".to_string()
                    }
                    (None, false) => plural(r.changed_symbols, "symbol") + " changed",
                };
                let without = if r.module_code {
                    "module code".to_string()
                } else {
                    let names: Vec<String> = r.untested.iter().map(|n| name(n)).collect();
                    crate::gaps::first_names(&names, 5)
                };
                vec![
                    name(&r.path),
                    change,
                    without,
                    r.status.as_str().to_string(),
                    r.priority.as_str().to_string(),
                ]
            })
            .collect();
        tables.push(Grid {
            header: vec![
                ("Component", Align::Left),
                ("Change", Align::Left),
                ("Without Tests", Align::Left),
                ("Status", Align::Left),
                ("Priority", Align::Left),
            ],
            rows,
            bold_last: false,
        });
    }
    Block {
        title: CHANGED_TITLE,
        lead: vec![lead],
        tables,
        short: Vec::new(),
    }
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

fn entry_row(kind: &str, e: &Entry, style: &Style) -> Vec<String> {
    let (os, op) = state(&e.old);
    let (ns, np) = state(&e.new);
    let component = match &e.renamed_from {
        Some((from, by)) => format!(
            "{} (was {}, by {})",
            (style.name)(&e.path),
            (style.name)(from),
            match by {
                RenameBy::Git => "git",
                RenameBy::Symbols => "its symbols",
            }
        ),
        None => (style.name)(&e.path),
    };
    vec![
        kind.to_string(),
        component,
        arrow(&os, &ns),
        arrow(&op, &np),
    ]
}

/// The baseline section.
pub fn baseline(c: &Comparison, style: &Style) -> Block {
    let name = style.name;
    let new: Vec<&Entry> = c.new_gaps().collect();
    let closed: Vec<&Entry> = c.closed().collect();
    let changed: Vec<&Entry> = c.changed().collect();
    let renamed: Vec<&Entry> = c.renamed().collect();
    let commit = c
        .commit
        .as_deref()
        .map(|h| format!(" (commit {})", name(short(h))))
        .unwrap_or_default();
    let lead = format!(
        "Compared with {}{commit}: {} new {}, {} closed, {} changed status or priority, {} renamed.",
        name(&c.source),
        new.len(),
        if new.len() == 1 { "gap" } else { "gaps" },
        closed.len(),
        changed.len(),
        renamed.len()
    );
    let mut short = Vec::new();
    if !new.is_empty() {
        let names: Vec<String> = new.iter().map(|e| name(&e.path)).collect();
        short.push(format!(
            "New gaps: {}",
            crate::gaps::first_names(&names, 10)
        ));
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    rows.extend(new.iter().map(|e| entry_row("new", e, style)));
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
        rows.push(entry_row(kind, e, style));
    }
    rows.extend(closed.iter().map(|e| {
        let kind = if e.new.is_none() {
            "closed (gone)"
        } else {
            "closed"
        };
        entry_row(kind, e, style)
    }));
    rows.extend(
        renamed
            .iter()
            .filter(|e| !e.is_new_gap() && !e.is_closed() && !e.is_changed())
            .map(|e| entry_row("renamed", e, style)),
    );
    let mut tables = Vec::new();
    if !rows.is_empty() {
        tables.push(Grid {
            header: vec![
                ("Change", Align::Left),
                ("Component", Align::Left),
                ("Status", Align::Left),
                ("Priority", Align::Left),
            ],
            rows,
            bold_last: false,
        });
    }
    let mut deltas: Vec<Vec<String>> = c
        .categories
        .iter()
        .map(|d| delta_row(d, (style.prose)(&d.name)))
        .collect();
    deltas.push(delta_row(&c.total, "TOTAL".to_string()));
    tables.push(Grid {
        header: vec![
            ("Category", Align::Left),
            ("Modules", Align::Right),
            ("Coverage", Align::Right),
            ("❌", Align::Right),
            ("⚠️", Align::Right),
            ("Missing Tests", Align::Right),
        ],
        rows: deltas,
        bold_last: true,
    });
    Block {
        title: BASELINE_TITLE,
        lead: vec![lead],
        tables,
        short,
    }
}

/// The jq command that lists the accepted gaps.
pub const ACCEPTED_JQ: &str =
    "jq '.modules[] | select(.accepted or any(.symbols[]; .accepted)) | .path'";

/// The accepted gaps' section.
pub fn accepted(rows: &[AcceptedRow], style: &Style) -> Block {
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
        "The team accepts these gaps (a {} comment or gap.toml's {}); gates pass over them: {}.",
        (style.command)("gap: accept"),
        (style.command)("[[accept]]"),
        counts.join(", ")
    );
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let what = if r.symbols.is_empty() {
                "whole module".to_string()
            } else {
                let names: Vec<String> = r.symbols.iter().map(|n| (style.name)(n)).collect();
                crate::gaps::first_names(&names, 5)
            };
            let reasons: Vec<String> = r.reasons.iter().map(|x| (style.prose)(x)).collect();
            vec![
                (style.name)(&r.path),
                what,
                r.status.as_str().to_string(),
                r.priority.as_str().to_string(),
                reasons.join("; "),
            ]
        })
        .collect();
    Block {
        title: ACCEPTED_TITLE,
        lead: vec![lead],
        tables: vec![Grid {
            header: vec![
                ("Component", Align::Left),
                ("Accepted", Align::Left),
                ("Status", Align::Left),
                ("Priority", Align::Left),
                ("Reason", Align::Left),
            ],
            rows: cells,
            bold_last: false,
        }],
        short: vec![format!(
            "The JSON lists them: {}",
            (style.command)(ACCEPTED_JQ)
        )],
    }
}
