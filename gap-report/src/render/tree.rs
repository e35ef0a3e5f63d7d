//! Only the per-category trees, as plain text.

use super::{tested_line, tree_lines};
use crate::gaps::Report;

/// The trees, each under its heading.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for (i, t) in report.trees.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&t.heading);
        out.push_str("\n\n");
        for (line, _) in tree_lines(t) {
            out.push_str(&line);
            out.push('\n');
        }
        if let Some(tested) = tested_line(t) {
            out.push_str(&format!("{tested}\n"));
        }
    }
    if report.trees.is_empty() {
        out.push_str("No gaps.\n");
    }
    out
}
