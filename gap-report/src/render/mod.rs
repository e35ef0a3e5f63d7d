//! Rendering the report: pieces every format shares (cells, tree lines, column widths).

pub mod markdown;
pub mod table;
pub mod tree;

use crate::gaps::{Report, SummaryRow, TreeSection};

/// Column alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
}

/// Display width of `s`, in chars (the marks sit at line ends, where width does not matter).
pub fn width(s: &str) -> usize {
    s.chars().count()
}

/// `s` padded to `w` chars.
pub fn pad(s: &str, w: usize, align: Align) -> String {
    let fill = " ".repeat(w.saturating_sub(width(s)));
    match align {
        Align::Left => format!("{s}{fill}"),
        Align::Right => format!("{fill}{s}"),
    }
}

/// Header and alignment of the Critical Gaps table.
pub const CRITICAL_HEADER: [(&str, Align); 5] = [
    ("Component", Align::Left),
    ("Type", Align::Left),
    ("Missing Tests", Align::Left),
    ("Priority", Align::Left),
    ("Why", Align::Left),
];

/// The cells of a Critical Gaps row, in the header's order.
pub fn critical_cells(r: &crate::gaps::CriticalRow) -> Vec<String> {
    vec![
        r.component.clone(),
        r.test_type.as_str().to_string(),
        r.missing.clone(),
        r.priority.as_str().to_string(),
        r.why.clone(),
    ]
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

/// The TOTAL row.
pub fn total_row(report: &Report) -> SummaryRow {
    SummaryRow {
        category: "TOTAL".to_string(),
        tally: report.total.clone(),
    }
}

/// The one-line overview under the title.
pub fn overview(report: &Report) -> String {
    let t = &report.total;
    format!(
        "Scanned `{}`: {} modules in {} categor{}, {} untested; {}% of modules have direct tests, {}% of public symbols are used by tests; about {} tests missing (estimate).",
        report.root,
        t.modules,
        report.categories,
        if report.categories == 1 { "y" } else { "ies" },
        t.untested,
        t.coverage_percent,
        t.symbol_coverage_percent,
        t.missing_tests
    )
}

/// The lines of a category tree, without heading: the folder, then `├── name (N lines) - note MARK`.
pub fn tree_lines(section: &TreeSection) -> Vec<(String, Option<crate::gaps::Mark>)> {
    let name_w = section
        .lines
        .iter()
        .map(|l| width(&l.name))
        .max()
        .unwrap_or(0);
    let size = |n: u64| format!("({n} lines)");
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

/// `Tested here: a.py, b.py` for a tree, if it has tested modules.
pub fn tested_line(section: &TreeSection) -> Option<String> {
    (!section.tested.is_empty()).then(|| {
        format!(
            "Tested here: {}",
            crate::gaps::first_names(&section.tested, 5)
        )
    })
}

/// The legend under the Summary.
pub const LEGEND: &str = "Coverage: modules with direct tests (tested or limited). Symbols: public functions, classes and methods that tests use. Missing Tests is an estimate (docs/ranking.md).";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gaps::tests::{doc, module};
    use crate::gaps::{build, By};
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
        build(&doc(vec![a, b]), 10, By::Category).unwrap()
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
    fn markdown_escapes_pipes_and_closes_with_total() {
        let md = markdown::render(&report());
        assert!(md.contains("| a_long_name.py | Unit | run\\|fast | CRITICAL | reason of app/svc/a_long_name.py |"), "{md}");
        assert!(md.contains("|---|---:|---:|---:|---:|---:|"));
        assert!(
            md.contains("| **TOTAL** | **2** | **1** | **50%** |"),
            "{md}"
        );
        assert!(md.contains("### Svc with ZERO Tests (1 of 2)"), "{md}");
    }

    #[test]
    fn tables_are_plain_without_colour_and_coloured_with_it() {
        let plain = table::render(&report(), Paint { on: false });
        assert!(!plain.contains('\x1b'));
        assert!(plain.contains("│ Component      │ Type │"), "{plain}");
        let coloured = table::render(&report(), Paint { on: true });
        assert!(coloured.contains("\x1b[1;31mCRITICAL"));
        assert!(coloured.contains("\x1b[31m├── a_long_name.py"));
    }

    #[test]
    fn tree_format_is_only_the_trees() {
        let t = tree::render(&report());
        assert!(
            t.starts_with("Svc with ZERO Tests (1 of 2)\n\napp/svc/\n"),
            "{t}"
        );
        assert!(!t.contains("Summary"));
    }
}
