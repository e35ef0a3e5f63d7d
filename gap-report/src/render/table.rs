//! Terminal tables drawn with box characters, fitted to the terminal's width (cells wrap, tree notes are cut
//! with `…`), coloured by priority and mark when asked. Names pass through `gap_core::escape::line`.

use super::review;
use super::width::{cut, pad, width, wrap};
use super::{
    critical_cells, excluded, fully_tested_line, more_gaps, scanned, summary_cells, summary_header,
    tested_line, total_row, tree_lines, verdict, Align, CRITICAL_HEADER, CRITICAL_TITLE, LEGEND,
    NO_CRITICAL, NO_TREES, SUMMARY_TITLE, TERMINAL, TITLE, TREES_TITLE,
};
use crate::gaps::{Mark, Report, TreeSection, NO_MODULES};
use crate::style::Paint;
use gap_core::Priority;

/// The narrowest a wrapping column gets.
const MIN_COLUMN: usize = 8;

/// Column widths for `natural` widths within `max` columns in all: of the `flexible` columns `(index,
/// weight)`, the one widest for its weight gives up a column at a time until the table fits (or every flexible
/// column is at its minimum); a heavier column keeps more of its width.
pub fn fit_columns(
    natural: &[usize],
    minimum: &[usize],
    flexible: &[(usize, f64)],
    max: Option<usize>,
) -> Vec<usize> {
    let mut w = natural.to_vec();
    let Some(max) = max else { return w };
    let frame = 3 * natural.len() + 1;
    let mut total: usize = w.iter().sum::<usize>() + frame;
    while total > max {
        let widest = flexible
            .iter()
            .copied()
            .filter(|&(i, _)| w[i] > minimum[i])
            .max_by(|a, b| {
                (w[a.0] as f64 / a.1)
                    .total_cmp(&(w[b.0] as f64 / b.1))
                    .then(b.0.cmp(&a.0))
            });
        let Some((i, _)) = widest else { break };
        w[i] -= 1;
        total -= 1;
    }
    w
}

/// Draws a table within `max` columns: the `flexible` columns wrap their cells; `paint_cell(row, col, text)`
/// may colour a padded cell line (after padding, so escapes never count toward a column's width).
pub fn grid(
    header: &[(&str, Align)],
    rows: &[Vec<String>],
    flexible: &[(usize, f64)],
    max: Option<usize>,
    paint: Paint,
    paint_cell: &dyn Fn(usize, usize, String) -> String,
) -> String {
    let mut natural: Vec<usize> = header.iter().map(|h| width(h.0)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            natural[i] = natural[i].max(width(c));
        }
    }
    let minimum: Vec<usize> = header
        .iter()
        .zip(&natural)
        .map(|(h, n)| (*n).min(width(h.0).max(MIN_COLUMN)))
        .collect();
    let w = fit_columns(&natural, &minimum, flexible, max);
    let cells: Vec<Vec<Vec<String>>> = rows
        .iter()
        .map(|r| r.iter().zip(&w).map(|(c, n)| wrap(c, *n)).collect())
        .collect();
    let tall = cells.iter().any(|r| r.iter().any(|c| c.len() > 1));
    let rule = |l: &str, m: &str, r: &str| {
        let parts: Vec<String> = w.iter().map(|n| "─".repeat(n + 2)).collect();
        format!("{l}{}{r}\n", parts.join(m))
    };
    let mut out = rule("┌", "┬", "┐");
    let head: Vec<String> = header
        .iter()
        .zip(&w)
        .map(|(h, n)| paint.bold(&pad(&cut(h.0, *n), *n, h.1 == Align::Right)))
        .collect();
    out.push_str(&format!("│ {} │\n", head.join(" │ ")));
    out.push_str(&rule("├", "┼", "┤"));
    for (ri, r) in cells.iter().enumerate() {
        if tall && ri > 0 {
            out.push_str(&rule("├", "┼", "┤"));
        }
        let height = r.iter().map(Vec::len).max().unwrap_or(1);
        for li in 0..height {
            let line: Vec<String> = r
                .iter()
                .enumerate()
                .map(|(ci, c)| {
                    let text = c.get(li).map_or("", String::as_str);
                    paint_cell(ri, ci, pad(text, w[ci], header[ci].1 == Align::Right))
                })
                .collect();
            out.push_str(&format!("│ {} │\n", line.join(" │ ")));
        }
    }
    out.push_str(&rule("└", "┴", "┘"));
    out
}

/// A section title: bold, underlined with `rule`.
fn title(paint: Paint, s: &str, rule: char) -> String {
    format!("{}\n{}\n", paint.bold(s), rule.to_string().repeat(width(s)))
}

/// Prose wrapped to `max` columns.
pub fn paragraph(text: &str, max: Option<usize>) -> String {
    match max {
        Some(w) => wrap(text, w).join("\n") + "\n",
        None => format!("{text}\n"),
    }
}

/// One tree for a terminal: its lines fitted to `max`, coloured by mark; then its tested files.
pub fn tree_block(t: &TreeSection, paint: Paint, max: Option<usize>) -> String {
    let line = |s: &str| (TERMINAL.name)(s);
    let mut out = String::new();
    for (text, mark) in tree_lines(t, &line, max) {
        let text = match mark {
            Some(Mark::Missing) => paint.red(&text),
            Some(Mark::Weak) => paint.yellow(&text),
            None => text,
        };
        out.push_str(&text);
        out.push('\n');
    }
    if let Some(tested) = tested_line(t, &TERMINAL) {
        out.push_str(&paragraph(&tested, max));
    }
    out
}

/// A tree's heading for a terminal, coloured by the category's priority.
pub fn tree_heading(t: &TreeSection, paint: Paint) -> String {
    let text = t.title(&TERMINAL.prose);
    match t.priority {
        Some(p) if p >= Priority::High => paint.priority(p, &paint.bold(&text)),
        _ => paint.bold(&text),
    }
}

/// A review block for a terminal: its title, its lead paragraphs, its tables (text columns wrap).
fn review_block(b: &review::Block, paint: Paint, max: Option<usize>) -> String {
    let mut out = String::new();
    if !b.title.is_empty() {
        out.push_str(&title(paint, b.title, '═'));
    }
    for p in &b.lead {
        out.push_str(&paragraph(p, max));
    }
    for (i, t) in b.tables.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let flexible: Vec<(usize, f64)> = t
            .header
            .iter()
            .enumerate()
            .filter(|(_, h)| h.1 == Align::Left)
            .map(|(i, _)| (i, 1.0))
            .collect();
        let last = t.rows.len().saturating_sub(1);
        let paint_cell = |ri: usize, _ci: usize, s: String| {
            if t.bold_last && ri == last {
                paint.bold(&s)
            } else {
                s
            }
        };
        out.push_str(&grid(
            &t.header,
            &t.rows,
            &flexible,
            max,
            paint,
            &paint_cell,
        ));
    }
    out
}

/// The whole report for a terminal of `max` columns (none: no limit).
pub fn render(report: &Report, paint: Paint, max: Option<usize>) -> String {
    let mut out = title(paint, TITLE, '━');
    if !report.empty {
        out.push_str(&paint.bold(&paragraph(&verdict(report), max)));
    }
    if let Some(gates) = &report.gates {
        out.push_str(&review_block(&review::gates(gates, &TERMINAL), paint, max));
    }
    out.push_str(&paragraph(&scanned(report, &TERMINAL), max));
    if let Some(left_out) = excluded(report, &TERMINAL) {
        out.push_str(&paragraph(&left_out, max));
    }
    for note in &report.notes {
        out.push_str(&paint.yellow(&paragraph(&format!("⚠️ {}", (TERMINAL.prose)(note)), max)));
    }
    out.push('\n');
    if let Some(changed) = &report.changed {
        out.push_str(&review_block(
            &review::changed(changed, &TERMINAL),
            paint,
            max,
        ));
        out.push('\n');
    }
    if let Some(baseline) = &report.baseline {
        out.push_str(&review_block(
            &review::baseline(baseline, &TERMINAL),
            paint,
            max,
        ));
        out.push('\n');
    }

    out.push_str(&title(paint, CRITICAL_TITLE, '═'));
    if report.empty {
        out.push_str(&format!("{NO_MODULES}\n"));
    } else if report.critical.is_empty() && report.critical_more == 0 {
        out.push_str(&format!("{NO_CRITICAL}\n"));
    } else {
        if !report.critical.is_empty() {
            let rows: Vec<Vec<String>> = report
                .critical
                .iter()
                .map(|r| critical_cells(r, &TERMINAL))
                .collect();
            let priorities: Vec<Priority> = report.critical.iter().map(|r| r.priority).collect();
            let paint_cell = |ri: usize, ci: usize, s: String| {
                if ci == 3 {
                    paint.priority(priorities[ri], &s)
                } else {
                    s
                }
            };
            out.push_str(&grid(
                &CRITICAL_HEADER,
                &rows,
                &[(0, 1.0), (2, 1.6), (4, 1.0)],
                max,
                paint,
                &paint_cell,
            ));
        }
        if let Some(more) = more_gaps(report, &TERMINAL) {
            out.push_str(&paragraph(&more, max));
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
        out.push_str(&tree_heading(t, paint));
        out.push('\n');
        out.push_str(&tree_block(t, paint, max));
    }
    if let Some(line) = fully_tested_line(report, &TERMINAL) {
        out.push('\n');
        out.push_str(&paragraph(&line, max));
    }

    out.push('\n');
    out.push_str(&title(paint, SUMMARY_TITLE, '═'));
    if report.empty {
        out.push_str(&format!("{NO_MODULES}\n"));
        return out;
    }
    let mut rows: Vec<Vec<String>> = report
        .summary
        .iter()
        .map(|r| summary_cells(r, &TERMINAL))
        .collect();
    rows.push(summary_cells(&total_row(report), &TERMINAL));
    let last = rows.len() - 1;
    let paint_cell = |ri: usize, _ci: usize, s: String| {
        if ri == last {
            paint.bold(&s)
        } else {
            s
        }
    };
    out.push_str(&grid(
        &summary_header(report),
        &rows,
        &[(0, 1.0)],
        max,
        paint,
        &paint_cell,
    ));
    out.push_str(&paragraph(LEGEND, max));
    if !report.accepted.is_empty() {
        out.push('\n');
        out.push_str(&review_block(
            &review::accepted(&report.accepted, &TERMINAL),
            paint,
            max,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_widest_flexible_column_gives_way_first() {
        // frame: 3 * 3 + 1 = 10 columns.
        assert_eq!(
            fit_columns(&[10, 4, 30], &[8, 4, 8], &[(0, 1.0), (2, 1.0)], Some(40)),
            [10, 4, 16]
        );
        assert_eq!(
            fit_columns(&[20, 4, 20], &[8, 4, 8], &[(0, 1.0), (2, 1.0)], Some(40)),
            [13, 4, 13]
        );
        assert_eq!(
            fit_columns(&[20, 4, 20], &[8, 4, 8], &[(0, 1.0), (2, 1.0)], Some(10)),
            [8, 4, 8]
        );
        assert_eq!(
            fit_columns(&[20, 4, 20], &[8, 4, 8], &[(0, 1.0), (2, 1.0)], None),
            [20, 4, 20]
        );
        assert_eq!(
            fit_columns(&[20, 4, 20], &[8, 4, 8], &[(0, 1.0), (2, 2.0)], Some(40)),
            [8, 4, 18],
            "the heavier column keeps more"
        );
    }

    #[test]
    fn a_narrow_grid_wraps_its_cells_and_keeps_its_frame() {
        let rows = vec![vec![
            "app/services/auth_service.py".to_string(),
            "Unit".to_string(),
            "AuthService: login, refresh, logout, +2, error cases".to_string(),
        ]];
        let header = [
            ("Component", Align::Left),
            ("Type", Align::Left),
            ("Missing Tests", Align::Left),
        ];
        let g = grid(
            &header,
            &rows,
            &[(0, 1.0), (2, 1.0)],
            Some(40),
            Paint { on: false },
            &|_, _, s| s,
        );
        for line in g.lines() {
            assert_eq!(width(line), 40, "{line:?} in\n{g}");
        }
        assert!(g.contains("│ Unit │"), "{g}");
    }
}
