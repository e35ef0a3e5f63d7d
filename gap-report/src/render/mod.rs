//! Rendering the report: the pieces every format shares (cells, sentences, tree lines, padding).

pub mod markdown;
pub mod table;
pub mod tree;

use crate::gaps::{first_names, CriticalRow, Mark, Report, SummaryRow, TreeSection};

/// Column alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
}

/// Display width of `s`, counted in chars (so multi-byte marks and names pad like one column each).
pub fn width(s: &str) -> usize {
    s.chars().count()
}

/// `s` padded with spaces to `w` chars.
pub fn pad(s: &str, w: usize, align: Align) -> String {
    let fill = " ".repeat(w.saturating_sub(width(s)));
    match align {
        Align::Left => format!("{s}{fill}"),
        Align::Right => format!("{fill}{s}"),
    }
}

/// The report's title.
pub const TITLE: &str = "Missing Test Coverage Report";
/// Title of the Critical Gaps section.
pub const CRITICAL_TITLE: &str = "Critical Gaps (Fix Immediately)";
/// Title of the section holding the trees.
pub const TREES_TITLE: &str = "Gaps by Category";
/// Title of the Summary section.
pub const SUMMARY_TITLE: &str = "Summary";
/// What Critical Gaps says when no module is HIGH or above.
pub const NO_CRITICAL: &str = "No gaps of priority HIGH or above.";
/// What the trees section says when every testable module is tested.
pub const NO_TREES: &str = "No gaps: every testable module is tested.";

/// Header and alignment of the Critical Gaps table.
pub const CRITICAL_HEADER: [(&str, Align); 5] = [
    ("Component", Align::Left),
    ("Type", Align::Left),
    ("Missing Tests", Align::Left),
    ("Priority", Align::Left),
    ("Why", Align::Left),
];

/// The cells of a Critical Gaps row, in the header's order.
pub fn critical_cells(r: &CriticalRow) -> Vec<String> {
    vec![
        r.component.clone(),
        r.test_type.as_str().to_string(),
        r.missing.clone(),
        r.priority.as_str().to_string(),
        r.why.clone(),
    ]
}

/// The jq command that lists every gap of priority HIGH or above.
pub const MORE_JQ: &str =
    r#"jq '.modules[] | select(.priority == "HIGH" or .priority == "CRITICAL") | .path'"#;

/// `N more gaps of priority HIGH or above`, the sentence before [`MORE_JQ`] under a cut table.
pub fn more_gaps(n: usize) -> String {
    format!(
        "{n} more gap{} of priority HIGH or above; the JSON lists them all",
        if n == 1 { "" } else { "s" }
    )
}

/// Header and alignment of the Summary table.
pub const SUMMARY_HEADER: [(&str, Align); 6] = [
    ("Category", Align::Left),
    ("Modules", Align::Right),
    ("Untested", Align::Right),
    ("Coverage", Align::Right),
    ("Symbols", Align::Right),
    ("Missing Tests", Align::Right),
];

/// The Summary header for a report: its first column names what the rows are.
pub fn summary_header(report: &Report) -> [(&'static str, Align); 6] {
    let mut h = SUMMARY_HEADER;
    if report.summary_by == crate::gaps::By::Language {
        h[0].0 = "Language";
    }
    h
}

/// The cells of a Summary row.
pub fn summary_cells(row: &SummaryRow) -> Vec<String> {
    let t = &row.tally;
    vec![
        row.category.clone(),
        t.modules.to_string(),
        t.untested.to_string(),
        format!("{}%", t.coverage_percent),
        format!("{}%", t.symbol_coverage_percent),
        format!("~{}", t.missing_tests),
    ]
}

/// The TOTAL row, from the document's summary.
pub fn total_row(report: &Report) -> SummaryRow {
    SummaryRow {
        category: "TOTAL".to_string(),
        tally: report.total.clone(),
    }
}

/// The one-line overview under the title; `root` is the scanned root as the format shows it.
pub fn overview(report: &Report, root: &str) -> String {
    let t = &report.total;
    format!(
        "Scanned {root}: {} module{} in {} categor{}, {} untested, coverage {}% of modules directly tested, {}% of public symbols referenced by tests.",
        t.modules,
        if t.modules == 1 { "" } else { "s" },
        report.categories,
        if report.categories == 1 { "y" } else { "ies" },
        t.untested,
        t.coverage_percent,
        t.symbol_coverage_percent,
    )
}

/// The lines of a category tree, without heading: the folder, then `├── name (N lines) - note MARK`,
/// names and sizes padded (by chars) so every column lines up.
pub fn tree_lines(section: &TreeSection) -> Vec<(String, Option<Mark>)> {
    let size = |n: u64| format!("({n} lines)");
    let name_w = section
        .lines
        .iter()
        .map(|l| width(&l.name))
        .max()
        .unwrap_or(0);
    let size_w = section
        .lines
        .iter()
        .map(|l| width(&size(l.lines)))
        .max()
        .unwrap_or(0);
    let mut out = vec![(section.folder.clone(), None)];
    for (i, l) in section.lines.iter().enumerate() {
        let branch = if i + 1 == section.lines.len() {
            "└──"
        } else {
            "├──"
        };
        out.push((
            format!(
                "{branch} {} {} - {} {}",
                pad(&l.name, name_w, Align::Left),
                pad(&size(l.lines), size_w, Align::Left),
                l.note,
                l.mark.symbol()
            ),
            Some(l.mark),
        ));
    }
    out
}

/// `Tested here: a.py, b.py` for a tree, if it has tested modules (at most 5 named).
pub fn tested_line(section: &TreeSection) -> Option<String> {
    (!section.tested.is_empty())
        .then(|| format!("Tested here: {}", first_names(&section.tested, 5)))
}

/// `Fully tested: A, B.` when some categories have no gaps.
pub fn fully_tested_line(report: &Report) -> Option<String> {
    (!report.fully_tested.is_empty())
        .then(|| format!("Fully tested: {}.", report.fully_tested.join(", ")))
}

/// The legend under the Summary.
pub const LEGEND: &str = "Coverage: modules with direct tests (tested or limited). Symbols: public functions, classes and methods that tests reference. Missing Tests is an estimate (see docs/ranking.md).";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gaps::tests::{doc, module};
    use crate::gaps::{build, By, NO_MODULES};
    use crate::style::Paint;
    use gap_core::{Priority, Status};

    fn report() -> Report {
        let mut a = module(
            "app/svc/a_long_name.py",
            Status::Untested,
            Priority::Critical,
            70.0,
        );
        a.lines = 1200;
        a.missing_symbols = Some(vec!["run|fast".into()]);
        let mut b = module("app/svc/b.py", Status::Limited, Priority::High, 46.0);
        b.lines = 7;
        b.public_symbols = 4;
        b.referenced_symbols = 1;
        b.direct_tests = vec!["t.py".into()];
        let mut c = module("app/svc/__init__.py", Status::Tested, Priority::Low, 0.0);
        c.direct_tests = vec!["t.py".into()];
        build(&doc(vec![a, b, c]), 10, By::Category).unwrap()
    }

    #[test]
    fn tree_columns_align_whatever_the_marks() {
        let lines = tree_lines(&report().trees[0]);
        assert_eq!(lines[0].0, "app/svc/");
        assert_eq!(lines[1].0, "├── a_long_name.py (1200 lines) - 0 tests ❌");
        assert_eq!(
            lines[2].0,
            "└── b.py           (7 lines)    - limited: 1 of 4 public symbols ⚠️"
        );
    }

    #[test]
    fn multi_byte_names_pad_by_chars_not_bytes() {
        let mut m = module(
            "app/x/café_über.py",
            Status::ImportOnly,
            Priority::Medium,
            30.0,
        );
        m.import_only_tests = vec!["t.py".into()];
        let n = module(
            "app/x/longer_name.py",
            Status::Untested,
            Priority::Medium,
            40.0,
        );
        let r = build(&doc(vec![m, n]), 10, By::Category).unwrap();
        let lines: Vec<String> = tree_lines(&r.trees[0]).into_iter().map(|l| l.0).collect();
        assert_eq!(lines[1], "├── longer_name.py (100 lines) - 0 tests ❌");
        assert_eq!(
            lines[2],
            "└── café_über.py   (100 lines) - 1 import only ⚠️"
        );
        let dash = |l: &str| l.chars().position(|c| c == '-').unwrap();
        assert_eq!(dash(&lines[1]), dash(&lines[2]));
    }

    #[test]
    fn markdown_escapes_cells_bolds_the_total_and_right_aligns_numbers() {
        let md = markdown::render(&report());
        assert!(md.starts_with("# Missing Test Coverage Report\n\nScanned `svc`: 3 modules in 1 category, 1 untested, coverage 67% of modules directly tested, 25% of public symbols referenced by tests.\n\n## Critical Gaps (Fix Immediately)\n\n| Component | Type | Missing Tests | Priority | Why |\n|---|---|---|---|---|\n"), "{md}");
        assert!(md.contains("| a_long_name.py | Unit | run\\|fast | CRITICAL | reason of app/svc/a_long_name.py |"), "{md}");
        assert!(
            md.contains("| b.py | Unit | tests for more of its 4 public symbols | HIGH |"),
            "{md}"
        );
        assert!(md.contains("| Category | Modules | Untested | Coverage | Symbols | Missing Tests |\n|---|---:|---:|---:|---:|---:|\n| Svc | 3 | 1 | 67% | 25% | ~0 |\n| **TOTAL** | **3** | **1** | **67%** | **25%** | **~0** |\n"), "{md}");
        assert!(
            md.contains("### Svc - 1 of 3 UNTESTED\n\n```text\napp/svc/\n├── a_long_name.py"),
            "{md}"
        );
        assert!(
            md.contains("```\n\nTested here: \\_\\_init\\_\\_.py\n"),
            "{md}"
        );
        assert!(md.ends_with(&format!("\n\n{LEGEND}\n")), "{md}");
        assert!(!md.contains("\n\n\n"), "one blank line between blocks");
    }

    #[test]
    fn a_cut_table_points_at_the_json() {
        let r = build(
            &doc(vec![
                module("a/x.py", Status::Untested, Priority::High, 50.0),
                module("a/y.py", Status::Untested, Priority::High, 49.0),
                module("b/z.py", Status::Untested, Priority::High, 48.0),
            ]),
            1,
            By::Category,
        )
        .unwrap();
        let md = markdown::render(&r);
        assert!(md.contains("| x.py | Unit |"));
        assert!(!md.contains("| y.py |"));
        assert!(
            md.contains(&format!(
                "\n2 more gaps of priority HIGH or above; the JSON lists them all: `{MORE_JQ}`\n"
            )),
            "{md}"
        );
        let table = table::render(&r, Paint { on: false });
        assert!(
            table.contains("2 more gaps of priority HIGH or above; the JSON lists them all: jq "),
            "{table}"
        );
    }

    #[test]
    fn no_high_gap_and_no_gap_at_all_say_so() {
        let mut ok = module("a/x.py", Status::Tested, Priority::Low, 0.0);
        ok.direct_tests = vec!["t.py".into()];
        let r = build(&doc(vec![ok]), 10, By::Category).unwrap();
        let md = markdown::render(&r);
        assert!(
            md.contains(&format!(
                "## Critical Gaps (Fix Immediately)\n\n{NO_CRITICAL}\n"
            )),
            "{md}"
        );
        assert!(
            md.contains(&format!(
                "## Gaps by Category\n\n{NO_TREES}\n\nFully tested: A.\n"
            )),
            "{md}"
        );
        assert_eq!(tree::render(&r), format!("{NO_TREES}\n"));
    }

    #[test]
    fn an_empty_document_renders_every_section_empty() {
        let r = build(&doc(vec![]), 10, By::Category).unwrap();
        let md = markdown::render(&r);
        assert_eq!(md.matches(NO_MODULES).count(), 3, "{md}");
        assert!(
            md.contains("Scanned `svc`: 0 modules in 0 categories, 0 untested"),
            "{md}"
        );
        let table = table::render(&r, Paint { on: false });
        assert_eq!(table.matches(NO_MODULES).count(), 3, "{table}");
        assert_eq!(tree::render(&r), format!("{NO_MODULES}\n"));
    }

    #[test]
    fn tables_are_plain_without_colour_and_coloured_with_it() {
        let plain = table::render(&report(), Paint { on: false });
        assert!(!plain.contains('\x1b'));
        assert!(plain.contains("│ Component      │ Type │"), "{plain}");
        assert!(
            plain
                .contains("│ Category │ Modules │ Untested │ Coverage │ Symbols │ Missing Tests │"),
            "{plain}"
        );
        assert!(
            plain
                .contains("│ TOTAL    │       3 │        1 │      67% │     25% │            ~0 │"),
            "{plain}"
        );
        assert!(plain.contains("┌────"), "{plain}");
        let coloured = table::render(&report(), Paint { on: true });
        assert!(coloured.contains("\x1b[1;31mCRITICAL"));
        assert!(coloured.contains("\x1b[31mHIGH"));
        assert!(coloured.contains("\x1b[31m├── a_long_name.py"));
        assert!(coloured.contains("\x1b[33m└── b.py"));
        let strip = |s: &str| {
            let mut out = String::new();
            let mut esc = false;
            for c in s.chars() {
                match (esc, c) {
                    (false, '\x1b') => esc = true,
                    (true, 'm') => esc = false,
                    (false, c) => out.push(c),
                    _ => {}
                }
            }
            out
        };
        assert_eq!(strip(&coloured), plain, "colour changes nothing else");
    }

    #[test]
    fn tree_format_is_only_the_trees() {
        let t = tree::render(&report());
        assert_eq!(
            t,
            "Svc - 1 of 3 UNTESTED\n\napp/svc/\n├── a_long_name.py (1200 lines) - 0 tests ❌\n└── b.py           (7 lines)    - limited: 1 of 4 public symbols ⚠️\nTested here: __init__.py\n"
        );
    }
}
