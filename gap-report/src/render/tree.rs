//! Only the per-category trees, as plain text for a terminal: each heading on a line of its own, no code
//! fences, lines fitted to the width and coloured by mark when asked.

use super::table::{paragraph, tree_block, tree_heading};
use super::{fully_tested_line, NO_TREES, TERMINAL};
use crate::gaps::{Report, NO_MODULES};
use crate::style::Paint;

/// The trees, each under its heading, separated by blank lines, within `max` columns.
pub fn render(report: &Report, paint: Paint, max: Option<usize>) -> String {
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
        out.push_str(&tree_heading(t, paint));
        out.push_str("\n\n");
        out.push_str(&tree_block(t, paint, max));
    }
    if let Some(line) = fully_tested_line(report, &TERMINAL) {
        out.push('\n');
        out.push_str(&paragraph(&line, max));
    }
    out
}
