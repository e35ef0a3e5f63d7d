//! The score of a module and its priority: named parts, each traceable to one signal of the document.
//!
//! score = status + exposure, where exposure = (size + branches + fan_in + sensitive) × gap, and gap is 1 for a
//! module without direct tests and `1 − symbol_coverage` for one with them. docs/ranking.md is the user's copy.

use gap_core::{Module, Priority, ScorePart, Status};

use crate::knowledge;

/// Points for the status alone.
pub fn status_points(status: Status) -> f64 {
    match status {
        Status::Untested => 40.0,
        Status::ImportOnly => 30.0,
        Status::Indirect => 25.0,
        Status::Limited => 15.0,
        Status::Tested => 0.0,
    }
}

/// Code lines at which the size part reaches its maximum.
pub const SIZE_FULL_AT: f64 = 300.0;
/// The size part's maximum.
pub const SIZE_MAX: f64 = 15.0;
/// Branch points at which the branches part reaches its maximum.
pub const BRANCHES_FULL_AT: f64 = 50.0;
/// The branches part's maximum.
pub const BRANCHES_MAX: f64 = 15.0;
/// Points per importing module.
pub const FAN_IN_EACH: f64 = 1.5;
/// The fan-in part's maximum.
pub const FAN_IN_MAX: f64 = 15.0;
/// Points for a sensitive name.
pub const SENSITIVE: f64 = 20.0;

/// Lowest scores of each priority: CRITICAL, HIGH, MEDIUM; anything below is LOW.
pub const THRESHOLDS: [(f64, Priority); 3] = [
    (60.0, Priority::Critical),
    (45.0, Priority::High),
    (25.0, Priority::Medium),
];

/// The share of the exposure that counts: 1 without direct tests, else the share of public symbols no test uses.
pub fn gap_factor(m: &Module) -> f64 {
    match m.status {
        Status::Limited | Status::Tested => 1.0 - m.symbol_coverage.unwrap_or(1.0),
        _ => 1.0,
    }
}

/// The score of `m`, broken into parts, with one reason per part that adds something.
pub fn score(m: &Module) -> (Vec<ScorePart>, Vec<(f64, String)>) {
    let gap = gap_factor(m);
    let fan_in = m.imported_by.len() as f64;
    let sensitive = knowledge::sensitive_word(&m.path);
    let parts = [
        ("status", status_points(m.status)),
        (
            "size",
            gap * SIZE_MAX * (m.code_lines as f64 / SIZE_FULL_AT).min(1.0),
        ),
        (
            "branches",
            gap * BRANCHES_MAX * (m.branches as f64 / BRANCHES_FULL_AT).min(1.0),
        ),
        ("fan_in", gap * (FAN_IN_EACH * fan_in).min(FAN_IN_MAX)),
        (
            "sensitive",
            if sensitive.is_some() {
                gap * SENSITIVE
            } else {
                0.0
            },
        ),
    ];
    let mut reasons = Vec::new();
    for (name, value) in parts {
        if value <= 0.0 && name != "status" {
            continue;
        }
        let text = match name {
            "status" => status_reason(m),
            "size" => format!("{} code lines", m.code_lines),
            "branches" => format!("{} branch points", m.branches),
            "fan_in" => plural(
                m.imported_by.len() as u64,
                "imported by 1 module",
                "imported by {} modules",
            ),
            _ => format!(
                "name suggests {}",
                sensitive.map(|s| s.1).unwrap_or_default()
            ),
        };
        reasons.push((value, text));
    }
    // Most important first; the sort is stable, so ties keep the order above.
    reasons.sort_by(|a, b| b.0.total_cmp(&a.0));
    let parts = parts
        .iter()
        .map(|(name, value)| ScorePart {
            name: name.to_string(),
            value: round1(*value),
        })
        .collect();
    (parts, reasons)
}

/// The plain-words reason for a status.
fn status_reason(m: &Module) -> String {
    match m.status {
        Status::Untested => "no test imports it or reaches it".to_string(),
        Status::ImportOnly => {
            let n = m.import_only_tests.len() as u64;
            plural(
                n,
                "imported by 1 test file that uses none of its symbols",
                "imported by {} test files that use none of its symbols",
            )
        }
        Status::Indirect => match m.indirect_via.as_slice() {
            [] => "no direct tests; reached only through other modules".to_string(),
            [via] => format!("no direct tests; reached only through {via}"),
            [via, rest @ ..] => format!(
                "no direct tests; reached only through {via} and {} more",
                rest.len()
            ),
        },
        Status::Limited | Status::Tested => format!(
            "tests use {} of {} public symbols",
            m.referenced_symbols, m.public_symbols
        ),
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
pub fn priority(score: f64) -> Priority {
    THRESHOLDS
        .iter()
        .find(|(min, _)| score >= *min)
        .map(|(_, p)| *p)
        .unwrap_or(Priority::Low)
}
