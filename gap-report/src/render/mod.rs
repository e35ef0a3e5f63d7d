//! Rendering the report: the pieces every format shares (sentences, cells, tree lines). Names from the tree or
//! the document reach an output only through a [`Style`], which makes them inert for that output
//! (`gap_core::escape`).

pub mod budget;
pub mod github;
pub mod location;
pub mod markdown;
pub mod review;
pub mod sarif;
pub mod table;
pub mod tree;
pub mod width;

use crate::gaps::{Component, CriticalRow, Mark, Report, SummaryRow, TreeSection};
use gap_core::escape;

/// How one output shows names and commands; every name passes through it.
pub struct Style {
    /// A name in a cell or list: a path or a symbol (markdown: a code span).
    pub name: fn(&str) -> String,
    /// Text from the document in prose: a category name, a reason (markdown: escaped punctuation).
    pub prose: fn(&str) -> String,
    /// A command to type (markdown: a code span).
    pub command: fn(&str) -> String,
    /// Words of gap's own to stress (markdown: bold); terminals colour instead.
    pub strong: fn(&str) -> String,
}

fn line_owned(s: &str) -> String {
    escape::line(s).into_owned()
}

/// Terminal output: names on one line with control characters shown, never interpreted.
pub const TERMINAL: Style = Style {
    name: line_owned,
    prose: line_owned,
    command: line_owned,
    strong: line_owned,
};

/// Column alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
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
pub fn critical_cells(r: &CriticalRow, style: &Style) -> Vec<String> {
    let component = match &r.component {
        Component::File(path) => (style.name)(path),
        Component::Group {
            name,
            modules,
            lines,
        } => format!(
            "All {} ({} module{}, {lines} lines)",
            (style.prose)(name),
            modules,
            if *modules == 1 { "" } else { "s" }
        ),
    };
    vec![
        component,
        r.test_type.as_str().to_string(),
        r.missing.render(&|s| (style.prose)(s), &|s| s.to_string()),
        r.priority.as_str().to_string(),
        (style.prose)(&r.why),
    ]
}

/// The jq command that lists every gap of priority HIGH or above.
pub const MORE_JQ: &str =
    r#"jq '.modules[] | select(.priority == "HIGH" or .priority == "CRITICAL") | .path'"#;

/// The sentence under a cut Critical Gaps table, or in place of one `--top 0` hid.
pub fn more_gaps(report: &Report, style: &Style) -> Option<String> {
    let n = report.critical_more;
    if n == 0 {
        return None;
    }
    let gaps = format!(
        "{n} {}gap{}",
        if report.critical.is_empty() {
            ""
        } else {
            "more "
        },
        if n == 1 { "" } else { "s" }
    );
    Some(format!(
        "{gaps} of priority HIGH or above{}; the JSON lists them all: {}",
        if report.critical.is_empty() {
            " (not listed here: --top 0)"
        } else {
            ""
        },
        (style.command)(MORE_JQ)
    ))
}

/// Header and alignment of the Summary table.
pub const SUMMARY_HEADER: [(&str, Align); 7] = [
    ("Category", Align::Left),
    ("Modules", Align::Right),
    ("❌", Align::Right),
    ("⚠️", Align::Right),
    ("Coverage", Align::Right),
    ("Symbols", Align::Right),
    ("Missing Tests", Align::Right),
];

/// The Summary header for a report: its first column names what the rows are.
pub fn summary_header(report: &Report) -> [(&'static str, Align); 7] {
    let mut h = SUMMARY_HEADER;
    if report.summary_by == crate::gaps::By::Language {
        h[0].0 = "Language";
    }
    h
}

/// The cells of a Summary row.
pub fn summary_cells(row: &SummaryRow, style: &Style) -> Vec<String> {
    let t = &row.tally;
    vec![
        (style.prose)(&row.category),
        t.modules.to_string(),
        (t.untested + t.indirect).to_string(),
        (t.import_only + t.limited).to_string(),
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

fn plural(n: impl Into<u64>, word: &str) -> String {
    let n = n.into();
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The one-line verdict: `62% of 186 modules have direct tests; 15 have none ❌, 2 are only imported ⚠️;
/// 3 critical and 12 high-priority gaps.`
pub fn verdict(report: &Report) -> String {
    let v = &report.verdict;
    let mut out = format!(
        "{}% of {} {} direct tests; {} {} none ❌",
        v.direct_percent,
        plural(v.modules, "module"),
        if v.modules == 1 { "has" } else { "have" },
        v.no_direct,
        if v.no_direct == 1 { "has" } else { "have" }
    );
    if v.import_only > 0 {
        out.push_str(&format!(
            ", {} only imported ⚠️",
            if v.import_only == 1 {
                "1 is".to_string()
            } else {
                format!("{} are", v.import_only)
            }
        ));
    }
    let urgent = match (v.critical, v.high) {
        (0, 0) => "no gap of priority HIGH or above".to_string(),
        (c, 0) => format!("{} critical gap{}", c, if c == 1 { "" } else { "s" }),
        (0, h) => format!("{h} high-priority gap{}", if h == 1 { "" } else { "s" }),
        (c, h) => format!("{c} critical and {h} high-priority gaps"),
    };
    out.push_str(&format!("; {urgent}"));
    if v.accepted > 0 {
        let are = if v.accepted == 1 { "is" } else { "are" };
        out.push_str(&format!("; {} {are} accepted", plural(v.accepted, "gap")));
    }
    out.push('.');
    out
}

/// `Scanned ROOT: 37 modules in 7 categories, 10 test files; 11 more modules define no function or class.`
pub fn scanned(report: &Report, style: &Style) -> String {
    let mut out = format!(
        "Scanned {}: {} in {}, {}",
        (style.name)(&report.root),
        plural(report.total.modules, "module"),
        if report.categories == 1 {
            "1 category".to_string()
        } else {
            format!("{} categories", report.categories)
        },
        plural(report.test_files as u64, "test file"),
    );
    if report.untestable > 0 {
        out.push_str(&format!(
            "; {} more define{} no function or class",
            report.untestable,
            if report.untestable == 1 { "s" } else { "" }
        ));
    }
    out.push('.');
    out
}

/// `Left out of the scan: 15 (12 generated, 3 hidden); jq .excluded lists them.`
pub fn excluded(report: &Report, style: &Style) -> Option<String> {
    if report.excluded.is_empty() {
        return None;
    }
    let total: usize = report.excluded.iter().map(|e| e.1).sum();
    let by: Vec<String> = report
        .excluded
        .iter()
        .map(|(reason, n)| format!("{n} {}", (style.prose)(&reason.replace('_', " "))))
        .collect();
    Some(format!(
        "Left out of the scan on purpose: {} ({}); {} lists them.",
        plural(total as u64, "file or folder").replace("file or folders", "files and folders"),
        by.join(", "),
        (style.command)("jq .excluded")
    ))
}

/// The lines of a category tree, without heading: the folder, then `├── name (N lines) - note MARK`, names
/// and sizes padded so every column lines up, then `└── … N more` for lines the detail left out; `name`
/// makes names inert (the notes hold names too). With `max`, a line wider than `max` columns has its note
/// cut with `…` (the mark stays), then the whole line.
pub fn tree_lines(
    section: &TreeSection,
    name: &dyn Fn(&str) -> String,
    max: Option<usize>,
) -> Vec<(String, Option<Mark>)> {
    let size = |n: u64| format!("({n} lines)");
    let names: Vec<String> = section.lines.iter().map(|l| name(&l.name)).collect();
    let name_w = names.iter().map(|n| width::width(n)).max().unwrap_or(0);
    let size_w = section
        .lines
        .iter()
        .map(|l| size(l.lines).len())
        .max()
        .unwrap_or(0);
    let (hidden_missing, hidden_weak) = section.hidden;
    let more = hidden_missing + hidden_weak;
    let fit = |text: String| match max {
        Some(w) if width::width(&text) > w => width::cut(&text, w),
        _ => text,
    };
    let mut out = vec![(fit(name(&section.folder)), None)];
    for (i, (l, shown)) in section.lines.iter().zip(&names).enumerate() {
        let branch = if i + 1 == section.lines.len() && more == 0 {
            "└──"
        } else {
            "├──"
        };
        let head = format!(
            "{branch} {} {} - ",
            width::pad(shown, name_w, false),
            width::pad(&size(l.lines), size_w, false),
        );
        let tail = format!(" {}", l.mark.symbol());
        let mut note = name(&l.note);
        if let Some(w) = max {
            let room = w.saturating_sub(width::width(&head) + width::width(&tail));
            if width::width(&note) > room && room >= 8 {
                note = width::cut(&note, room);
            }
        }
        out.push((fit(format!("{head}{note}{tail}")), Some(l.mark)));
    }
    if more > 0 {
        let mut parts = Vec::new();
        if hidden_missing > 0 {
            parts.push(format!("{hidden_missing} ❌"));
        }
        if hidden_weak > 0 {
            parts.push(format!("{hidden_weak} ⚠️"));
        }
        out.push((
            fit(format!(
                "└── … {more} more: {} (--detail full lists them)",
                parts.join(", ")
            )),
            None,
        ));
    }
    out
}

/// `Tested here (12): a.py, b.py, +10 more` for a tree, if it has tested modules.
pub fn tested_line(section: &TreeSection, style: &Style) -> Option<String> {
    if section.tested_total == 0 {
        return None;
    }
    let mut names: Vec<String> = section
        .tested
        .iter()
        .map(|n| match section.tested_how.get(n) {
            Some(how) => format!("{} ({how})", (style.name)(n)),
            None => (style.name)(n),
        })
        .collect();
    if section.tested_total > names.len() {
        names.push(format!("+{} more", section.tested_total - names.len()));
    }
    Some(format!(
        "Tested here ({}): {}",
        section.tested_total,
        names.join(", ")
    ))
}

/// `Fully tested: A, B.` when some categories have no gaps.
pub fn fully_tested_line(report: &Report, style: &Style) -> Option<String> {
    (!report.fully_tested.is_empty()).then(|| {
        let names: Vec<String> = report
            .fully_tested
            .iter()
            .map(|n| (style.prose)(n))
            .collect();
        format!("Fully tested: {}.", names.join(", "))
    })
}

/// The legend under the Summary: what each column counts.
pub const LEGEND: &str = "❌: modules without a direct test (untested, or reached only through other modules). ⚠️: weakly tested (imported by tests that use none of it, or tests use fewer than half its public symbols). Coverage: the share of modules with direct tests (tested, or limited ⚠️). Symbols: the share of public functions, classes and methods tests use. Missing Tests is an estimate (docs/ranking.md).";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gaps::tests::{doc, module};
    use crate::gaps::{build, By, Detail, NO_MODULES};
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
        build(&doc(vec![a, b, c]), 10, By::Category, Detail::Summary).unwrap()
    }

    fn plain(s: &str) -> String {
        s.to_string()
    }

    #[test]
    fn tree_columns_align_whatever_the_marks() {
        let lines = tree_lines(&report().trees[0], &plain, None);
        assert_eq!(lines[0].0, "app/svc/");
        assert_eq!(lines[1].0, "├── a_long_name.py (1200 lines) - 0 tests ❌");
        assert_eq!(
            lines[2].0,
            "└── b.py           (7 lines)    - limited: 1 of 4 public symbols ⚠️"
        );
    }

    #[test]
    fn multi_byte_names_pad_by_columns() {
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
        let r = build(&doc(vec![m, n]), 10, By::Category, Detail::Full).unwrap();
        let lines: Vec<String> = tree_lines(&r.trees[0], &plain, None)
            .into_iter()
            .map(|l| l.0)
            .collect();
        assert_eq!(lines[1], "├── longer_name.py (100 lines) - 0 tests ❌");
        assert_eq!(
            lines[2],
            "└── café_über.py   (100 lines) - 1 import only ⚠️"
        );
        let dash = |l: &str| l.chars().position(|c| c == '-').unwrap();
        assert_eq!(dash(&lines[1]), dash(&lines[2]));
    }

    #[test]
    fn the_verdict_is_one_line_whose_classes_add_up() {
        assert_eq!(
            verdict(&report()),
            "67% of 3 modules have direct tests; 1 has none ❌; 1 critical and 1 high-priority gaps."
        );
    }

    #[test]
    fn a_cut_table_points_at_the_json_and_top_0_does_not_claim_no_gaps() {
        let d = doc(vec![
            module("a/x.py", Status::Untested, Priority::High, 50.0),
            module("a/y.py", Status::Untested, Priority::High, 49.0),
            module("b/z.py", Status::Untested, Priority::High, 48.0),
        ]);
        let r = build(&d, 1, By::Category, Detail::Summary).unwrap();
        let md = markdown::render(&r);
        assert!(md.contains("| `x.py` | Unit |"), "{md}");
        assert!(!md.contains("| `y.py` |"));
        assert!(
            md.contains(&format!(
                "\n2 more gaps of priority HIGH or above; the JSON lists them all: `{MORE_JQ}`\n"
            )),
            "{md}"
        );
        let table = table::render(&r, Paint { on: false }, None);
        assert!(
            table.contains("2 more gaps of priority HIGH or above; the JSON lists them all: jq "),
            "{table}"
        );
        let r = build(&d, 0, By::Category, Detail::Summary).unwrap();
        let md = markdown::render(&r);
        assert!(!md.contains(NO_CRITICAL), "{md}");
        assert!(
            md.contains("3 gaps of priority HIGH or above (not listed here: --top 0)"),
            "{md}"
        );
    }

    #[test]
    fn no_high_gap_and_no_gap_at_all_say_so() {
        let mut ok = module("a/x.py", Status::Tested, Priority::Low, 0.0);
        ok.direct_tests = vec!["t.py".into()];
        let r = build(&doc(vec![ok]), 10, By::Category, Detail::Summary).unwrap();
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
        assert_eq!(
            tree::render(&r, Paint { on: false }, None),
            format!("{NO_TREES}\n")
        );
    }

    #[test]
    fn an_empty_document_renders_every_section_empty() {
        let r = build(&doc(vec![]), 10, By::Category, Detail::Summary).unwrap();
        let md = markdown::render(&r);
        assert_eq!(md.matches(NO_MODULES).count(), 3, "{md}");
        let table = table::render(&r, Paint { on: false }, None);
        assert_eq!(table.matches(NO_MODULES).count(), 3, "{table}");
        assert_eq!(
            tree::render(&r, Paint { on: false }, None),
            format!("{NO_MODULES}\n")
        );
    }
}
