//! GitHub-flavoured markdown, built as sections that a caller may fold or drop (a size cap drops the least
//! urgent first): the title, the one-line verdict, the header, Critical Gaps, one section per category tree,
//! the Summary. Names pass through `gap_core::escape`: code spans for paths, escaped punctuation in prose,
//! fences longer than any backtick run inside, entities in `<details><summary>`.

use super::review;
use super::{
    critical_cells, excluded, fully_tested_line, more_gaps, scanned, summary_cells, summary_header,
    tested_line, total_row, tree_lines, verdict, Align, Style, CRITICAL_HEADER, CRITICAL_TITLE,
    LEGEND, NO_CRITICAL, NO_TREES, SUMMARY_TITLE, TITLE, TREES_TITLE,
};
use crate::gaps::{Report, TreeSection, NO_MODULES};
use gap_core::escape;

/// Trees with more lines than this fold into `<details>`.
pub const DETAILS_AT: usize = 15;

pub(crate) fn code(s: &str) -> String {
    escape::markdown_code(s)
}

/// A command of gap's own (never a name from the tree) as a code span outside a table.
pub(crate) fn command(s: &str) -> String {
    format!("`{s}`")
}

pub(crate) fn prose(s: &str) -> String {
    escape::markdown(s)
}

/// Markdown: paths and commands as code spans, other names with their punctuation escaped.
pub const MARKDOWN: Style = Style {
    name: code,
    prose,
    command,
    strong,
};

/// Gap's own words in bold.
fn strong(s: &str) -> String {
    format!("**{s}**")
}

/// A review block as markdown, and its short form.
fn review_block(b: &review::Block) -> (String, String) {
    let mut head = String::new();
    if !b.title.is_empty() {
        head.push_str(&format!("## {}\n\n", b.title));
    }
    head.push_str(&b.lead.join("\n\n"));
    head.push('\n');
    let mut text = head.clone();
    for t in &b.tables {
        text.push('\n');
        text.push_str(&table(&t.header, &t.rows, t.bold_last));
    }
    let mut short = head;
    for p in &b.short {
        short.push_str(&format!("\n{p}\n"));
    }
    (text, short)
}

/// What a section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// `# Missing Test Coverage Report`.
    Title,
    /// The one-line verdict, in bold.
    Verdict,
    /// What the gates found, when gates were asked for.
    Gates,
    /// Changed code no test references, when the scan marked a change.
    Changed,
    /// The comparison with the baseline.
    Baseline,
    /// The accepted gaps.
    Accepted,
    /// What `--max-bytes` cut.
    Cut,
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
    /// A shorter form a size cap may put in its place.
    pub short: Option<String>,
    /// How early a size cap shortens or drops it: highest first; 0 never.
    pub cut_rank: u16,
    /// What the cut note calls it: `the tree of Workers`.
    pub label: String,
}

impl Section {
    fn new(part: Part, text: String) -> Self {
        Section {
            part,
            text,
            short: None,
            cut_rank: 0,
            label: String::new(),
        }
    }

    fn cut(mut self, rank: u16, label: impl Into<String>, short: Option<String>) -> Self {
        self.cut_rank = rank;
        self.label = label.into();
        self.short = short;
        self
    }
}

/// A pipe table; the last row is bold when `bold_last` (the TOTAL row). Cells are already escaped.
pub(crate) fn table(header: &[(&str, Align)], rows: &[Vec<String>], bold_last: bool) -> String {
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

/// Gap lines a tree keeps when a size cap shortens it.
pub const SHORT_TREE: usize = 5;

/// How early a size cap shortens a tree (the last tree first); a shortened tree is dropped from
/// [`TREE_RANK`] - 100 on, before the trees' title goes (290).
pub const TREE_RANK: u16 = 400;

/// `t` with its [`SHORT_TREE`] most urgent gap lines; the others counted as hidden.
fn shortened(t: &TreeSection) -> TreeSection {
    let mut short = t.clone();
    for l in short.lines.drain(SHORT_TREE.min(t.lines.len())..) {
        match l.mark {
            crate::gaps::Mark::Missing => short.hidden.0 += 1,
            _ => short.hidden.1 += 1,
        }
    }
    short
}

/// The report as sections, in order.
pub fn sections(report: &Report) -> Vec<Section> {
    let mut out = vec![Section::new(Part::Title, format!("# {TITLE}\n"))];
    if !report.empty {
        out.push(Section::new(
            Part::Verdict,
            format!("**{}**\n", verdict(report)),
        ));
    }
    if let Some(gates) = &report.gates {
        out.push(Section::new(
            Part::Gates,
            review_block(&review::gates(gates, &MARKDOWN)).0,
        ));
    }
    let mut push = |part: Part, text: String| out.push(Section::new(part, text));
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
    if let Some(changed) = &report.changed {
        let (text, short) = review_block(&review::changed(changed, &MARKDOWN));
        out.push(Section::new(Part::Changed, text).cut(110, "the changed-code table", Some(short)));
    }
    if let Some(baseline) = &report.baseline {
        let (text, short) = review_block(&review::baseline(baseline, &MARKDOWN));
        out.push(Section::new(Part::Baseline, text).cut(120, "the baseline tables", Some(short)));
    }

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
    let critical_short = format!(
        "## {CRITICAL_TITLE}\n\n{} gaps of priority HIGH or above; the JSON lists them all: {}\n",
        report.critical.len() + report.critical_more,
        command(super::MORE_JQ)
    );
    out.push(Section::new(Part::Critical, critical).cut(
        100,
        "the Critical Gaps table",
        Some(critical_short),
    ));

    let mut title = format!("## {TREES_TITLE}\n");
    if report.empty {
        title.push_str(&format!("\n{NO_MODULES}\n"));
    } else if report.trees.is_empty() {
        title.push_str(&format!("\n{NO_TREES}\n"));
    }
    let trees = report.trees.len().min(99) as u16;
    out.push(Section::new(Part::TreesTitle, title).cut(290, "", None));
    for (i, t) in report.trees.iter().enumerate() {
        let short = (t.lines.len() > SHORT_TREE).then(|| tree_section(&shortened(t)));
        out.push(Section::new(Part::Tree(i), tree_section(t)).cut(
            TREE_RANK + trees.saturating_sub(i as u16),
            prose(&t.name),
            short,
        ));
    }
    if let Some(line) = fully_tested_line(report, &MARKDOWN) {
        out.push(Section::new(Part::FullyTested, format!("{line}\n")).cut(
            280,
            "the fully tested categories",
            None,
        ));
    }

    let mut summary = format!("## {SUMMARY_TITLE}\n\n");
    let mut summary_short = None;
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
        summary_short = Some(summary.clone());
        summary.push_str(&format!("\n{LEGEND}\n"));
    }
    out.push(Section::new(Part::Summary, summary).cut(150, "the Summary's legend", summary_short));
    if !report.accepted.is_empty() {
        let (text, short) = review_block(&review::accepted(&report.accepted, &MARKDOWN));
        out.push(Section::new(Part::Accepted, text).cut(
            200,
            "the accepted gaps' table",
            Some(short),
        ));
    }
    out
}

/// The whole report as markdown; sections are separated by blank lines.
pub fn render(report: &Report) -> String {
    join(&sections(report))
}

/// Sections joined by blank lines.
pub fn join(sections: &[Section]) -> String {
    sections
        .iter()
        .map(|s| s.text.as_str())
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
