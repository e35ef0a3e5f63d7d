//! Only the per-category trees, as plain text: each heading on a line of its own, no code fences.

use super::{fully_tested_line, tested_line, tree_lines, NO_TREES};
use crate::gaps::{Report, NO_MODULES};

/// The trees, each under its heading, separated by blank lines.
pub fn render(report: &Report) -> String {
    if report.empty {
        return format!("{NO_MODULES}\n");
    }
    if report.trees.is_empty() {
        return format!("{NO_TREES}\n");
    }
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
    if let Some(line) = fully_tested_line(report) {
        out.push_str(&format!("\n{line}\n"));
    }
    out
}
