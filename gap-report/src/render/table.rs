//! Terminal tables drawn with box characters, coloured when asked.

use super::{
    critical_cells, overview, pad, summary_cells, summary_header, tested_line, total_row,
    tree_lines, width, Align, CRITICAL_HEADER, LEGEND,
};
use crate::gaps::{Mark, Report};
use crate::style::Paint;
use gap_core::Priority;

/// Draws a table; `paint_cell(row, col, padded)` may colour a padded cell.
fn grid(
    header: &[(&str, Align)],
    rows: &[Vec<String>],
    paint_cell: &dyn Fn(usize, usize, String) -> String,
    bold: &dyn Fn(&str) -> String,
) -> String {
    let mut w: Vec<usize> = header.iter().map(|h| width(h.0)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            w[i] = w[i].max(width(c));
        }
    }
    let rule = |l: &str, m: &str, r: &str| {
        format!(
            "{l}{}{r}\n",
            w.iter()
                .map(|n| "─".repeat(n + 2))
                .collect::<Vec<_>>()
                .join(m)
        )
    };
    let mut out = rule("┌", "┬", "┐");
    let head: Vec<String> = header
        .iter()
        .zip(&w)
        .map(|(h, n)| bold(&pad(h.0, *n, h.1)))
        .collect();
    out.push_str(&format!("│ {} │\n", head.join(" │ ")));
    out.push_str(&rule("├", "┼", "┤"));
    for (ri, r) in rows.iter().enumerate() {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(ci, c)| paint_cell(ri, ci, pad(c, w[ci], header[ci].1)))
            .collect();
        out.push_str(&format!("│ {} │\n", cells.join(" │ ")));
    }
    out.push_str(&rule("└", "┴", "┘"));
    out
}

/// The whole report for a terminal.
pub fn render(report: &Report, paint: Paint) -> String {
    let bold = |s: &str| paint.bold(s);
    let title = |s: &str| format!("{}\n{}\n", paint.bold(s), "═".repeat(width(s)));
    let mut out = title("Missing Test Coverage Report");
    out.push_str(&overview(report).replace('`', ""));
    out.push_str("\n\n");
    out.push_str(&title("Critical Gaps (Fix Immediately)"));
    if report.critical.is_empty() {
        out.push_str("No gaps of priority HIGH or above.\n");
    } else {
        let rows: Vec<Vec<String>> = report.critical.iter().map(critical_cells).collect();
        let priorities: Vec<Priority> = report.critical.iter().map(|r| r.priority).collect();
        let paint_cell = |ri: usize, ci: usize, s: String| {
            if ci == 3 {
                paint.priority(priorities[ri], &s)
            } else {
                s
            }
        };
        out.push_str(&grid(&CRITICAL_HEADER, &rows, &paint_cell, &bold));
        if report.critical_more > 0 {
            out.push_str(&format!(
                "{} more gaps of priority HIGH or above in the JSON.\n",
                report.critical_more
            ));
        }
    }
    for t in &report.trees {
        out.push('\n');
        out.push_str(&title(&t.heading));
        for (line, mark) in tree_lines(t) {
            let line = match mark {
                Some(Mark::Missing) => paint.red(&line),
                Some(Mark::Weak) => paint.yellow(&line),
                None => line,
            };
            out.push_str(&line);
            out.push('\n');
        }
        if let Some(tested) = tested_line(t) {
            out.push_str(&format!("{tested}\n"));
        }
    }
    if !report.fully_tested.is_empty() {
        out.push_str(&format!(
            "\nFully tested: {}.\n",
            report.fully_tested.join(", ")
        ));
    }
    out.push('\n');
    out.push_str(&title("Summary"));
    let mut rows: Vec<Vec<String>> = report.summary.iter().map(summary_cells).collect();
    rows.push(summary_cells(&total_row(report)));
    let last = rows.len() - 1;
    let paint_cell = |ri: usize, _ci: usize, s: String| if ri == last { paint.bold(&s) } else { s };
    out.push_str(&grid(&summary_header(report), &rows, &paint_cell, &bold));
    out.push_str(LEGEND);
    out.push('\n');
    out
}
