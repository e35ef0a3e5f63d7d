//! The score of a module and its priority: named parts, each traceable to one signal of the document and one
//! weight of the configuration (docs/ranking.md).
//!
//! score = status + complexity + (size + fan_in + sensitive + churn) × gap, plus a `category` part of
//! (weight − 1) × that sum where a gap.toml category weighs other than 1; gap is 1 for a module without direct
//! tests and `1 − symbol_coverage` for one with them, and complexity is the classic risk measure
//! Σ cc² × (1 − covered)³ + cc over its functions and methods (cc = branch points + 1).

use gap_core::config::{PriorityThresholds, Weights};
use gap_core::{Config, Module, Priority, ScorePart, Status, SymbolKind};

use crate::knowledge;

/// Points for the status alone.
pub fn status_points(status: Status, w: &Weights) -> f64 {
    match status {
        Status::Untested => w.untested,
        Status::ImportOnly => w.import_only,
        Status::Indirect => w.indirect,
        Status::Limited => w.limited,
        Status::Tested => 0.0,
    }
}

/// The share of the exposure that counts: 1 without direct tests, else the share of public symbols no test uses.
pub fn gap_factor(m: &Module) -> f64 {
    match m.status {
        Status::Limited | Status::Tested => 1.0 - m.symbol_coverage.unwrap_or(1.0).clamp(0.0, 1.0),
        _ => 1.0,
    }
}

/// Complexity risk (CRAP) of a module: Σ over its functions and methods of cc² × (1 − c)³ + cc, where cc is
/// its branch points + 1 and c is 1 when a test uses it (only in a directly tested module), else 0.
pub fn crap(m: &Module) -> f64 {
    let direct = matches!(m.status, Status::Limited | Status::Tested);
    m.symbols
        .iter()
        .filter(|s| s.kind != SymbolKind::Class)
        .map(|s| {
            let cc = s.branches as f64 + 1.0;
            let covered: f64 = if direct && s.referenced { 1.0 } else { 0.0 };
            cc * cc * (1.0 - covered).powi(3) + cc
        })
        .sum()
}

/// The score parts of `m` with one reason per part that adds something, most points first.
pub fn score(m: &Module, config: &Config) -> (Vec<ScorePart>, Vec<(f64, String)>) {
    let w = &config.score;
    let gap = gap_factor(m);
    let fan_in = m.imported_by.len() as f64;
    let sensitive = knowledge::sensitive_word(&m.path, &config.sensitive);
    let risk = crap(m);
    let commits = m.history.as_ref().map_or(0, |h| h.commits);
    let parts = [
        ("status", status_points(m.status, w)),
        (
            "complexity",
            w.complexity * (risk / w.complexity_full_at).min(1.0),
        ),
        (
            "size",
            gap * w.size * (m.code_lines as f64 / w.size_full_at).min(1.0),
        ),
        ("fan_in", gap * (w.fan_in_each * fan_in).min(w.fan_in)),
        (
            "sensitive",
            if sensitive.is_some() {
                gap * w.sensitive
            } else {
                0.0
            },
        ),
        (
            "churn",
            gap * w.churn * (commits as f64 / w.churn_full_at).min(1.0),
        ),
    ];
    let functions = m
        .symbols
        .iter()
        .filter(|s| s.kind != SymbolKind::Class)
        .count();
    let mut reasons = Vec::new();
    for (name, value) in parts {
        if value <= 0.0 && name != "status" {
            continue;
        }
        let text = match name {
            "status" => status_reason(m),
            "complexity" => format!(
                "complexity risk {:.0} over {} function{} ({} branch points)",
                risk,
                functions,
                if functions == 1 { "" } else { "s" },
                m.branches
            ),
            "size" => format!("{} code lines", m.code_lines),
            "fan_in" => plural(
                m.imported_by.len() as u64,
                "imported by 1 module",
                "imported by {} modules",
            ),
            "churn" => {
                let h = m.history.clone().unwrap_or_default();
                let window = config.history.window_days;
                format!(
                    "changed in {} commit{} over {window} days by {} author{}",
                    h.commits,
                    if h.commits == 1 { "" } else { "s" },
                    h.authors,
                    if h.authors == 1 { "" } else { "s" }
                )
            }
            _ => format!("name suggests {}", sensitive.clone().unwrap_or_default()),
        };
        reasons.push((value, text));
    }
    reasons.sort_by(|a, b| b.0.total_cmp(&a.0));
    let parts = parts
        .iter()
        .map(|(name, value)| ScorePart {
            name: name.to_string(),
            value: round1(*value),
            extra: Default::default(),
        })
        .collect();
    (parts, reasons)
}

/// The plain-words reason for a status.
fn status_reason(m: &Module) -> String {
    match m.status {
        Status::Untested => "no test imports it or reaches it".to_string(),
        Status::ImportOnly => plural(
            m.import_only_tests.len() as u64,
            "imported by 1 test file that uses none of its symbols",
            "imported by {} test files that use none of its symbols",
        ),
        Status::Indirect => match m.indirect_via.as_slice() {
            [] => "no direct tests; reached only through other modules".to_string(),
            [via] => format!("no direct tests; reached only through {via}"),
            [via, rest @ ..] => format!(
                "no direct tests; reached only through {via} and {} more",
                rest.len()
            ),
        },
        Status::Limited | Status::Tested => {
            format!(
                "tests use {} of {} public symbols",
                m.referenced_symbols, m.public_symbols
            )
        }
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        one.to_string()
    } else {
        many.replace("{}", &n.to_string())
    }
}

/// Rounds to one decimal so the JSON stays short and stable.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The priority a score earns.
pub fn priority(score: f64, t: &PriorityThresholds) -> Priority {
    if score >= t.critical {
        Priority::Critical
    } else if score >= t.high {
        Priority::High
    } else if score >= t.medium {
        Priority::Medium
    } else {
        Priority::Low
    }
}
