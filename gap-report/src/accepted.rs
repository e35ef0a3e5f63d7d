//! The accepted gaps, listed apart from the others: modules whose gap the team accepts as a whole, and modules
//! some of whose untested symbols it accepts, each with the reason and where it was said.

use gap_core::{Accepted, AcceptedBy, Document, Priority, Status};

/// One module's accepted gap.
#[derive(Debug, Clone, PartialEq)]
pub struct AcceptedRow {
    /// The module's path.
    pub path: String,
    /// Its accepted untested public symbols; empty when the module's gap is accepted as a whole.
    pub symbols: Vec<String>,
    /// Its status (unchanged by the acceptance).
    pub status: Status,
    /// Its priority, were the gap not accepted.
    pub priority: Priority,
    /// The reasons, each with where it was said: `replaced in Q3 (gap.toml)`, `generated (marker, line 3)`.
    pub reasons: Vec<String>,
}

/// `REASON (marker, line N)` or `REASON (gap.toml)`.
pub fn reason(a: &Accepted) -> String {
    match (a.by, a.line) {
        (AcceptedBy::Marker, Some(line)) => format!("{} (marker, line {line})", a.reason),
        (AcceptedBy::Marker, None) => format!("{} (markers)", a.reason),
        (AcceptedBy::Config, _) => format!("{} (gap.toml)", a.reason),
    }
}

/// The accepted gaps of `doc`, most urgent first: modules accepted whole, and modules with accepted untested
/// public symbols.
pub fn rows(doc: &Document) -> Vec<AcceptedRow> {
    let mut out = Vec::new();
    for m in doc.modules.iter().filter(|m| m.testable) {
        let priority = m.priority.unwrap_or(Priority::Low);
        if let Some(a) = &m.accepted {
            if m.status != Status::Tested {
                out.push(AcceptedRow {
                    path: m.path.clone(),
                    symbols: Vec::new(),
                    status: m.status,
                    priority,
                    reasons: vec![reason(a)],
                });
            }
            continue;
        }
        let accepted: Vec<(&str, &Accepted)> = m
            .symbols
            .iter()
            .filter(|s| s.public && !s.referenced)
            .filter_map(|s| s.accepted.as_ref().map(|a| (s.name.as_str(), a)))
            .collect();
        if accepted.is_empty() {
            continue;
        }
        let mut reasons: Vec<String> = accepted.iter().map(|(_, a)| reason(a)).collect();
        reasons.dedup();
        out.push(AcceptedRow {
            path: m.path.clone(),
            symbols: accepted.iter().map(|(n, _)| n.to_string()).collect(),
            status: m.status,
            priority,
            reasons,
        });
    }
    out.sort_by(|a, b| b.priority.cmp(&a.priority).then(a.path.cmp(&b.path)));
    out
}
