//! GitHub-flavoured markdown.

use super::{
    critical_cells, overview, summary_cells, summary_header, tested_line, total_row, tree_lines,
    Align, CRITICAL_HEADER, LEGEND,
};
use crate::gaps::Report;

/// Escapes a table cell.
pub fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
}

fn table(out: &mut String, header: &[(&str, Align)], rows: &[Vec<String>]) {
    out.push_str(&format!(
        "| {} |\n",
        header.iter().map(|h| h.0).collect::<Vec<_>>().join(" | ")
    ));
    let rule: Vec<&str> = header
        .iter()
        .map(|h| if h.1 == Align::Right { "---:" } else { "---" })
        .collect();
    out.push_str(&format!("|{}|\n", rule.join("|")));
    for r in rows {
        out.push_str(&format!(
            "| {} |\n",
            r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
        ));
    }
}

/// The whole report as markdown.
pub fn render(report: &Report) -> String {
    let mut out = String::from("# Missing Test Coverage Report\n\n");
    out.push_str(&overview(report));
    out.push_str("\n\n## Critical Gaps (Fix Immediately)\n\n");
    if report.critical.is_empty() {
        out.push_str("No gaps of priority HIGH or above.\n");
    } else {
        let rows: Vec<Vec<String>> = report.critical.iter().map(critical_cells).collect();
        table(&mut out, &CRITICAL_HEADER, &rows);
        if report.critical_more > 0 {
            out.push_str(&format!(
                "\n{} more gaps of priority HIGH or above: `jq '.modules[] | select(.priority == \"HIGH\" or .priority == \"CRITICAL\") | .path'`\n",
                report.critical_more
            ));
        }
    }
    out.push_str("\n## Gaps by Category\n");
    if report.trees.is_empty() {
        out.push_str(
            "\nNo gaps: every module has direct tests using at least half of its public symbols.\n",
        );
    }
    for t in &report.trees {
        out.push_str(&format!("\n### {}\n\n```text\n", t.heading));
        for (line, _) in tree_lines(t) {
            out.push_str(&line);
            out.push('\n');
        }
        out.push_str("```\n");
        if let Some(tested) = tested_line(t) {
            out.push_str(&format!("\n{tested}\n"));
        }
    }
    if !report.fully_tested.is_empty() {
        out.push_str(&format!(
            "\nFully tested: {}.\n",
            report.fully_tested.join(", ")
        ));
    }
    out.push_str("\n## Summary\n\n");
    let mut rows: Vec<Vec<String>> = report.summary.iter().map(summary_cells).collect();
    let mut total = summary_cells(&total_row(report));
    for c in &mut total {
        *c = format!("**{c}**");
    }
    rows.push(total);
    table(&mut out, &summary_header(report), &rows);
    out.push_str(&format!("\n{LEGEND}\n"));
    out
}
