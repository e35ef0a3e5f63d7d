//! Terminal tables drawn with box characters, columns aligned by char width, coloured when asked.

use super::{
    critical_cells, fully_tested_line, more_gaps, overview, pad, summary_cells, summary_header,
    tested_line, total_row, tree_lines, width, Align, CRITICAL_HEADER, CRITICAL_TITLE, LEGEND,
    MORE_JQ, NO_CRITICAL, NO_TREES, SUMMARY_TITLE, TITLE, TREES_TITLE,
};
use crate::gaps::{Mark, Report, NO_MODULES};
use crate::style::Paint;
use gap_core::Priority;

/// Draws a table; `paint_cell(row, col, padded)` may colour a padded cell (after padding, so escapes
/// never count toward a column's width).
fn grid(
    header: &[(&str, Align)],
    rows: &[Vec<String>],
    paint: Paint,
    paint_cell: &dyn Fn(usize, usize, String) -> String,
) -> String {
    let mut w: Vec<usize> = header.iter().map(|h| width(h.0)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            w[i] = w[i].max(width(c));
        }
    }
    let rule = |l: &str, m: &str, r: &str| {
        let parts: Vec<String> = w.iter().map(|n| "─".repeat(n + 2)).collect();
        format!("{l}{}{r}\n", parts.join(m))
    };
    let mut out = rule("┌", "┬", "┐");
    let head: Vec<String> = header
        .iter()
        .zip(&w)
        .map(|(h, n)| paint.bold(&pad(h.0, *n, h.1)))
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

/// A section title: bold, underlined with `═` (`━` for the report's own title).
fn title(paint: Paint, s: &str, rule: char) -> String {
    format!("{}\n{}\n", paint.bold(s), rule.to_string().repeat(width(s)))
}

/// The whole report for a terminal.
pub fn render(report: &Report, paint: Paint) -> String {
    let mut out = title(paint, TITLE, '━');
    out.push_str(&overview(report, &report.root));
    out.push_str("\n\n");

    out.push_str(&title(paint, CRITICAL_TITLE, '═'));
    if report.empty {
        out.push_str(&format!("{NO_MODULES}\n"));
    } else if report.critical.is_empty() {
        out.push_str(&format!("{NO_CRITICAL}\n"));
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
        out.push_str(&grid(&CRITICAL_HEADER, &rows, paint, &paint_cell));
        if report.critical_more > 0 {
            out.push_str(&format!("{}: {MORE_JQ}\n", more_gaps(report.critical_more)));
        }
    }

    out.push('\n');
    out.push_str(&title(paint, TREES_TITLE, '═'));
    if report.empty {
        out.push_str(&format!("{NO_MODULES}\n"));
    } else if report.trees.is_empty() {
        out.push_str(&format!("{NO_TREES}\n"));
    }
    for (i, t) in report.trees.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&title(paint, &t.heading, '─'));
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
    if let Some(line) = fully_tested_line(report) {
        out.push_str(&format!("\n{line}\n"));
    }

    out.push('\n');
    out.push_str(&title(paint, SUMMARY_TITLE, '═'));
    if report.empty {
        out.push_str(&format!("{NO_MODULES}\n"));
        return out;
    }
    let mut rows: Vec<Vec<String>> = report.summary.iter().map(summary_cells).collect();
    rows.push(summary_cells(&total_row(report)));
    let last = rows.len() - 1;
    let paint_cell = |ri: usize, _ci: usize, s: String| {
        if ri == last {
            paint.bold(&s)
        } else {
            s
        }
    };
    out.push_str(&grid(&summary_header(report), &rows, paint, &paint_cell));
    out.push_str(LEGEND);
    out.push('\n');
    out
}
