//! GitHub-flavoured markdown, built as sections that a caller may fold or drop (a size cap drops the least
//! urgent first): the title, the one-line verdict, the header, Critical Gaps, one section per category tree,
//! the Summary. Names pass through `gap_core::escape`: code spans for paths, escaped punctuation in prose,
//! fences longer than any backtick run inside, entities in `<details><summary>`.

use super::{
    critical_cells, excluded, fully_tested_line, more_gaps, scanned, summary_cells, summary_header,
    tested_line, total_row, tree_lines, verdict, Align, Style, CRITICAL_HEADER, CRITICAL_TITLE,
    LEGEND, NO_CRITICAL, NO_TREES, SUMMARY_TITLE, TITLE, TREES_TITLE,
};
use crate::gaps::{Report, TreeSection, NO_MODULES};
use gap_core::escape;

/// Trees with more lines than this fold into `<details>`.
pub const DETAILS_AT: usize = 15;

fn code(s: &str) -> String {
    escape::markdown_code(s)
}

/// A command of gap's own (never a name from the tree) as a code span outside a table.
fn command(s: &str) -> String {
    format!("`{s}`")
}

fn prose(s: &str) -> String {
    escape::markdown(s)
}

/// Markdown: paths and commands as code spans, other names with their punctuation escaped.
pub const MARKDOWN: Style = Style {
    name: code,
    prose,
    command,
};

/// What a section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// `# Missing Test Coverage Report`.
    Title,
    /// The one-line verdict, in bold.
    Verdict,
    /// What was scanned, what was left out, warnings about thin input.
    Header,
    /// The Critical Gaps table.
    Critical,
    /// The `## Gaps by Category` title (and what it says when there are none).
    TreesTitle,
    /// One category's tree, by its index in the report's trees.
    Tree(usize),
    /// `Fully tested: ...`.
    FullyTested,
    /// The Summary table and its legend.
    Summary,
}

/// One block of the report, ending with a newline; blocks are joined by blank lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// What it holds.
    pub part: Part,
    /// Its markdown.
    pub text: String,
}

/// A pipe table; the last row is bold when `bold_last` (the TOTAL row). Cells are already escaped.
fn table(header: &[(&str, Align)], rows: &[Vec<String>], bold_last: bool) -> String {
    let head: Vec<&str> = header.iter().map(|h| h.0).collect();
    let mut out = format!("| {} |\n", head.join(" | "));
    let rule: Vec<&str> = header
        .iter()
        .map(|h| if h.1 == Align::Right { "---:" } else { "---" })
        .collect();
    out.push_str(&format!("|{}|\n", rule.join("|")));
    for (i, r) in rows.iter().enumerate() {
        let bold = bold_last && i + 1 == rows.len();
        let cells: Vec<String> = r
            .iter()
            .map(|c| if bold { format!("**{c}**") } else { c.clone() })
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

/// One category's tree: its heading, the tree in a fence no name can close, the tested files; folded into
/// `<details>` when long.
fn tree_section(t: &TreeSection) -> String {
    let line = |s: &str| escape::line(s).into_owned();
    let lines: Vec<String> = tree_lines(t, &line, None)
        .into_iter()
        .map(|l| l.0)
        .collect();
    let fence = escape::fence(lines.iter().map(String::as_str));
    let mut block = format!("{fence}text\n");
    for l in &lines {
        block.push_str(l);
        block.push('\n');
    }
    block.push_str(&fence);
    block.push('\n');
    let mut out = format!("### {}\n", t.title(&prose));
    let folded = lines.len() > DETAILS_AT + 1;
    if folded {
        out.push_str(&format!(
            // The blank line after `</details>` ends the HTML block, so what follows is markdown again.
            "\n<details><summary>{} files of {}</summary>\n\n{block}\n</details>\n",
            t.lines.len(),
            escape::html(&t.name)
        ));
    } else {
        out.push_str(&block);
    }
    if let Some(tested) = tested_line(t, &MARKDOWN) {
        if folded {
            out.push('\n');
        }
        out.push_str(&format!("{tested}\n"));
    }
    out
}

/// The report as sections, in order.
pub fn sections(report: &Report) -> Vec<Section> {
    let mut out = vec![Section {
        part: Part::Title,
        text: format!("# {TITLE}\n"),
    }];
    let mut push = |part: Part, text: String| out.push(Section { part, text });
    if !report.empty {
        push(Part::Verdict, format!("**{}**\n", verdict(report)));
    }
    let mut header = scanned(report, &MARKDOWN);
    if let Some(left_out) = excluded(report, &MARKDOWN) {
        header.push(' ');
        header.push_str(&left_out);
    }
    header.push('\n');
    for note in &report.notes {
        header.push_str(&format!("\n> ⚠️ {}\n", prose(note)));
    }
    push(Part::Header, header);

    let mut critical = format!("## {CRITICAL_TITLE}\n\n");
    if report.empty {
        critical.push_str(&format!("{NO_MODULES}\n"));
    } else if report.critical.is_empty() && report.critical_more == 0 {
        critical.push_str(&format!("{NO_CRITICAL}\n"));
    } else {
        if !report.critical.is_empty() {
            let rows: Vec<Vec<String>> = report
                .critical
                .iter()
                .map(|r| critical_cells(r, &MARKDOWN))
                .collect();
            critical.push_str(&table(&CRITICAL_HEADER, &rows, false));
        }
        if let Some(more) = more_gaps(report, &MARKDOWN) {
            if !report.critical.is_empty() {
                critical.push('\n');
            }
            critical.push_str(&format!("{more}\n"));
        }
    }
    push(Part::Critical, critical);

    let mut title = format!("## {TREES_TITLE}\n");
    if report.empty {
        title.push_str(&format!("\n{NO_MODULES}\n"));
    } else if report.trees.is_empty() {
        title.push_str(&format!("\n{NO_TREES}\n"));
    }
    push(Part::TreesTitle, title);
    for (i, t) in report.trees.iter().enumerate() {
        push(Part::Tree(i), tree_section(t));
    }
    if let Some(line) = fully_tested_line(report, &MARKDOWN) {
        push(Part::FullyTested, format!("{line}\n"));
    }

    let mut summary = format!("## {SUMMARY_TITLE}\n\n");
    if report.empty {
        summary.push_str(&format!("{NO_MODULES}\n"));
    } else {
        let mut rows: Vec<Vec<String>> = report
            .summary
            .iter()
            .map(|r| summary_cells(r, &MARKDOWN))
            .collect();
        rows.push(summary_cells(&total_row(report), &MARKDOWN));
        summary.push_str(&table(&summary_header(report), &rows, true));
        summary.push_str(&format!("\n{LEGEND}\n"));
    }
    push(Part::Summary, summary);
    out
}

/// The whole report as markdown; sections are separated by blank lines.
pub fn render(report: &Report) -> String {
    sections(report)
        .into_iter()
        .map(|s| s.text)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gaps::tests::{doc, module};
    use crate::gaps::{build, By, Detail};
    use gap_core::{Priority, Status};

    #[test]
    fn cells_are_escaped_the_total_bold_and_numbers_right_aligned() {
        let mut a = module(
            "app/svc/a_long_name.py",
            Status::Untested,
            Priority::Critical,
            70.0,
        );
        a.missing_symbols = Some(vec!["run|fast".into()]);
        let mut c = module("app/svc/__init__.py", Status::Tested, Priority::Low, 0.0);
        c.direct_tests = vec!["t.py".into()];
        let r = build(&doc(vec![a, c]), 10, By::Category, Detail::Summary).unwrap();
        let md = render(&r);
        assert!(md.starts_with("# Missing Test Coverage Report\n\n**50% of 2 modules have direct tests; 1 has none ❌; 1 critical gap.**\n\nScanned `svc`: 2 modules in 1 category, 0 test files.\n\n## Critical Gaps (Fix Immediately)\n\n| Component | Type | Missing Tests | Priority | Why |\n|---|---|---|---|---|\n"), "{md}");
        assert!(
            md.contains("| `a_long_name.py` | Unit | run\\|fast | CRITICAL | reason of app/svc/a_long_name.py |"),
            "{md}"
        );
        assert!(md.contains("| Category | Modules | ❌ | ⚠️ | Coverage | Symbols | Missing Tests |\n|---|---:|---:|---:|---:|---:|---:|\n| Svc | 2 | 1 | 0 | 50% | 0% | ~0 |\n| **TOTAL** | **2** | **1** | **0** | **50%** | **0%** | **~0** |\n"), "{md}");
        assert!(
            md.contains("### Svc with ZERO Tests (1 of 2)\n```text\napp/svc/\n└── a_long_name.py"),
            "{md}"
        );
        assert!(md.contains("```\nTested here (1): `__init__.py`\n"), "{md}");
        assert!(md.ends_with(&format!("\n\n{LEGEND}\n")), "{md}");
        assert!(!md.contains("\n\n\n"), "one blank line between blocks");
    }

    #[test]
    fn sections_come_in_order_and_join_into_the_report() {
        let r = build(
            &doc(vec![module(
                "a/x.py",
                Status::Untested,
                Priority::High,
                50.0,
            )]),
            10,
            By::Category,
            Detail::Summary,
        )
        .unwrap();
        let parts: Vec<Part> = sections(&r).iter().map(|s| s.part).collect();
        assert_eq!(
            parts,
            [
                Part::Title,
                Part::Verdict,
                Part::Header,
                Part::Critical,
                Part::TreesTitle,
                Part::Tree(0),
                Part::Summary
            ]
        );
    }

    #[test]
    fn the_header_says_what_was_left_out_and_warns_about_thin_input() {
        let mut d = doc(vec![module(
            "a/x.py",
            Status::Untested,
            Priority::High,
            50.0,
        )]);
        for (p, r) in [
            ("gen/a.py", "generated"),
            ("gen/b.py", "generated"),
            (".git/", "hidden"),
        ] {
            d.excluded.push(gap_core::Excluded {
                path: p.into(),
                reason: r.into(),
                detail: None,
                extra: Default::default(),
            });
        }
        d.warnings.push(gap_core::Warning {
            path: String::new(),
            message: "no test files found under svc: every module shows as untested".into(),
            extra: Default::default(),
        });
        let md = render(&build(&d, 10, By::Category, Detail::Summary).unwrap());
        assert!(
            md.contains("Scanned `svc`: 1 module in 1 category, 0 test files. Left out of the scan on purpose: 3 files and folders (2 generated, 1 hidden); `jq .excluded` lists them.\n\n> ⚠️ no test files found under svc: every module shows as untested\n"),
            "{md}"
        );
    }

    #[test]
    fn long_trees_fold_into_details() {
        let modules: Vec<_> = (0..20)
            .map(|i| {
                module(
                    &format!("a/<b>{i:02}.py"),
                    Status::Untested,
                    Priority::Medium,
                    40.0,
                )
            })
            .collect();
        let r = build(&doc(modules), 10, By::Category, Detail::Full).unwrap();
        let md = render(&r);
        assert!(
            md.contains("<details><summary>20 files of A</summary>\n\n```text\na/\n├── <b>00.py"),
            "{md}"
        );
        assert!(md.contains("```\n\n</details>\n"), "{md}");
        assert!(!md.contains("\n\n\n"), "{md}");
        let r = build(&doc(vec![]), 10, By::Category, Detail::Full).unwrap();
        assert!(!render(&r).contains("<details>"));
    }
}
