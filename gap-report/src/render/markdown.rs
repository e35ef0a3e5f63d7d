//! GitHub-flavoured markdown: headings, pipe tables with numbers right-aligned, trees in ```text blocks.

use super::{
    critical_cells, fully_tested_line, more_gaps, overview, summary_cells, summary_header,
    tested_line, total_row, tree_lines, Align, CRITICAL_HEADER, CRITICAL_TITLE, LEGEND, MORE_JQ,
    NO_CRITICAL, NO_TREES, SUMMARY_TITLE, TITLE, TREES_TITLE,
};
use crate::gaps::{Report, NO_MODULES};

/// Escapes text for inline markdown and table cells: `|`, backslashes, backticks, `*`, `<`, brackets, and
/// `_` where it could start or end emphasis (`__init__.py`); `parse_alert` stays as it is.
pub fn escape(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let intraword = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|c| c.is_alphanumeric())
        };
        match c {
            '\\' | '|' | '`' | '*' | '<' | '[' | ']' => out.push('\\'),
            '_' if !(intraword(i.checked_sub(1)) && intraword(Some(i + 1))) => out.push('\\'),
            '\n' => {
                out.push(' ');
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// A pipe table; the last row is bold when `bold_last` (the TOTAL row).
fn table(out: &mut String, header: &[(&str, Align)], rows: &[Vec<String>], bold_last: bool) {
    let head: Vec<&str> = header.iter().map(|h| h.0).collect();
    out.push_str(&format!("| {} |\n", head.join(" | ")));
    let rule: Vec<&str> = header
        .iter()
        .map(|h| if h.1 == Align::Right { "---:" } else { "---" })
        .collect();
    out.push_str(&format!("|{}|\n", rule.join("|")));
    for (i, r) in rows.iter().enumerate() {
        let bold = bold_last && i + 1 == rows.len();
        let cells: Vec<String> = r
            .iter()
            .map(|c| {
                if bold {
                    format!("**{}**", escape(c))
                } else {
                    escape(c)
                }
            })
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
}

/// The whole report as markdown; blocks are separated by blank lines.
pub fn render(report: &Report) -> String {
    let mut out = format!("# {TITLE}\n\n");
    let root = format!("`{}`", report.root.replace('`', "'"));
    out.push_str(&overview(report, &root));
    out.push_str(&format!("\n\n## {CRITICAL_TITLE}\n\n"));
    if report.empty {
        out.push_str(&format!("{NO_MODULES}\n"));
    } else if report.critical.is_empty() {
        out.push_str(&format!("{NO_CRITICAL}\n"));
    } else {
        let rows: Vec<Vec<String>> = report.critical.iter().map(critical_cells).collect();
        table(&mut out, &CRITICAL_HEADER, &rows, false);
        if report.critical_more > 0 {
            out.push_str(&format!(
                "\n{}: `{MORE_JQ}`\n",
                more_gaps(report.critical_more)
            ));
        }
    }
    out.push_str(&format!("\n## {TREES_TITLE}\n"));
    if report.empty {
        out.push_str(&format!("\n{NO_MODULES}\n"));
    } else if report.trees.is_empty() {
        out.push_str(&format!("\n{NO_TREES}\n"));
    }
    for t in &report.trees {
        out.push_str(&format!("\n### {}\n\n```text\n", escape(&t.heading)));
        for (line, _) in tree_lines(t) {
            out.push_str(&line);
            out.push('\n');
        }
        out.push_str("```\n");
        if let Some(tested) = tested_line(t) {
            out.push_str(&format!("\n{}\n", escape(&tested)));
        }
    }
    if let Some(line) = fully_tested_line(report) {
        out.push_str(&format!("\n{}\n", escape(&line)));
    }
    out.push_str(&format!("\n## {SUMMARY_TITLE}\n\n"));
    if report.empty {
        out.push_str(&format!("{NO_MODULES}\n"));
        return out;
    }
    let mut rows: Vec<Vec<String>> = report.summary.iter().map(summary_cells).collect();
    rows.push(summary_cells(&total_row(report)));
    table(&mut out, &summary_header(report), &rows, true);
    out.push_str(&format!("\n{LEGEND}\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_what_markdown_would_eat_and_leaves_snake_case_alone() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("parse_alert"), "parse_alert");
        assert_eq!(escape("__init__.py"), "\\_\\_init\\_\\_.py");
        assert_eq!(escape("app/_private.py"), "app/\\_private.py");
        assert_eq!(
            escape("*args <T> [x] `y` \\"),
            "\\*args \\<T> \\[x\\] \\`y\\` \\\\"
        );
        assert_eq!(escape("two\nlines"), "two lines");
    }
}
