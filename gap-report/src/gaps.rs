//! What the report says, decided once for every format: the Critical Gaps rows (with whole untested
//! categories collapsed into one row), the per-category trees with their headings and marks, the Summary
//! rows. Renderers only lay these out, so markdown, table and tree always agree.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use gap_core::{Category, Document, Module, Priority, Status, Tally, TestType};

/// What the Summary table has a row per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// One row per category.
    Category,
    /// One row per language.
    Language,
}

/// The message of a document that gap-rank has not seen.
pub const NOT_RANKED: &str = "document is not ranked; pipe it through gap-rank first";

/// What every section says when the document has no testable module.
pub const NO_MODULES: &str = "No source modules found.";

/// The report's content, ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The scanned root.
    pub root: String,
    /// Totals over all testable modules (the document's summary).
    pub total: Tally,
    /// Number of categories with testable modules.
    pub categories: usize,
    /// True when the document has no testable module: every section says [`NO_MODULES`].
    pub empty: bool,
    /// Critical Gaps rows, most urgent first, at most `--top`.
    pub critical: Vec<CriticalRow>,
    /// Modules of priority HIGH or above that `--top` left out of the table.
    pub critical_more: usize,
    /// One tree per category with gaps, by category priority then id.
    pub trees: Vec<TreeSection>,
    /// Display names of categories whose testable modules are all tested.
    pub fully_tested: Vec<String>,
    /// Summary rows, by category id or by language.
    pub summary: Vec<SummaryRow>,
    /// What the Summary rows are.
    pub summary_by: By,
}

/// One row of the Critical Gaps table.
#[derive(Debug, Clone, PartialEq)]
pub struct CriticalRow {
    /// File name, path when the name is not unique among the rows, or `All NAME (N modules, L lines)`.
    pub component: String,
    /// Unit or Integration.
    pub test_type: TestType,
    /// The untested symbols, most complex first, and `error cases` when the module raises.
    pub missing: String,
    /// Its priority.
    pub priority: Priority,
    /// The first reason.
    pub why: String,
}

/// How bad a tree line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// ❌: untested, or reached only indirectly.
    Missing,
    /// ⚠️: imported only, or limited.
    Weak,
}

impl Mark {
    /// The symbol printed at the end of the line.
    pub fn symbol(self) -> &'static str {
        match self {
            Mark::Missing => "❌",
            Mark::Weak => "⚠️",
        }
    }
}

/// One file in a category tree.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeLine {
    /// File name.
    pub name: String,
    /// Physical lines.
    pub lines: u64,
    /// Why it is a gap, e.g. `2 imports only`.
    pub note: String,
    /// ❌ or ⚠️.
    pub mark: Mark,
}

/// The tree of one category's gaps.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeSection {
    /// e.g. `Repositories with ZERO Tests (7 of 14)`.
    pub heading: String,
    /// The category folder with a trailing `/`.
    pub folder: String,
    /// Its gaps, by score then path.
    pub lines: Vec<TreeLine>,
    /// File names of its tested modules, by path.
    pub tested: Vec<String>,
    /// The category's priority.
    pub priority: Option<Priority>,
}

/// One Summary row.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    /// Display name of the category, or the language.
    pub category: String,
    /// Its tally.
    pub tally: Tally,
}

/// The heading of a category tree, from its tally.
pub fn heading(name: &str, t: &Tally) -> String {
    let (u, n) = (t.untested, t.modules);
    if u == n && n > 0 {
        format!("{name} - ALL UNTESTED")
    } else if u > 0 && 2 * u >= n {
        format!("{name} with ZERO Tests ({u} of {n})")
    } else if u > 0 {
        format!("{name} - {u} of {n} UNTESTED")
    } else {
        format!("{name} with Inadequate Coverage")
    }
}

/// `a, b, c, +N more` from at most `max` names.
pub fn first_names(names: &[String], max: usize) -> String {
    let mut out: Vec<String> = names.iter().take(max).cloned().collect();
    if names.len() > max {
        out.push(format!("+{} more", names.len() - max));
    }
    out.join(", ")
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn file_names(paths: &[String]) -> Vec<String> {
    paths.iter().map(|p| file_name(p).to_string()).collect()
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Why a module is a gap, and its mark.
pub fn note(m: &Module) -> (String, Mark) {
    match m.status {
        Status::Untested => ("0 tests".to_string(), Mark::Missing),
        Status::Indirect if m.indirect_via.is_empty() => {
            ("0 direct tests".to_string(), Mark::Missing)
        }
        Status::Indirect => (
            format!(
                "0 direct tests, reached via {}",
                first_names(&file_names(&m.indirect_via), 2)
            ),
            Mark::Missing,
        ),
        Status::ImportOnly => {
            let mut text = format!("{} only", plural(m.import_only_tests.len(), "import"));
            match m.named_tests.len() {
                0 => {}
                1 => text.push_str(&format!(
                    ", {} exists but uses nothing of it",
                    file_name(&m.named_tests[0])
                )),
                _ => text.push_str(&format!(
                    ", {} exist but use nothing of it",
                    first_names(&file_names(&m.named_tests), 2)
                )),
            }
            (text, Mark::Weak)
        }
        Status::Limited | Status::Tested => (
            format!(
                "limited: {} of {} public symbols",
                m.referenced_symbols, m.public_symbols
            ),
            Mark::Weak,
        ),
    }
}

/// The Missing Tests cell of one module: its first untested symbols, or what kind of tests it lacks.
pub fn missing_cell(m: &Module) -> String {
    let symbols = m.missing_symbols.as_deref().unwrap_or_default();
    let mut cell = if !symbols.is_empty() {
        first_names(symbols, 3)
    } else if m.public_symbols == 0 {
        "direct tests".to_string()
    } else if matches!(m.status, Status::Limited | Status::Tested) {
        format!(
            "tests for more of its {}",
            plural(m.public_symbols as usize, "public symbol")
        )
    } else {
        format!(
            "tests for its {}",
            plural(m.public_symbols as usize, "public symbol")
        )
    };
    if !m.raises.is_empty() {
        cell.push_str(", error cases");
    }
    cell
}

fn score(m: &Module) -> f64 {
    m.score.unwrap_or(0.0)
}

/// Critical Gaps order: priority, then score, then path.
fn by_urgency(a: &Module, b: &Module) -> Ordering {
    b.priority
        .cmp(&a.priority)
        .then(score(b).total_cmp(&score(a)))
        .then(a.path.cmp(&b.path))
}

/// Tree order: score, then path.
fn by_score(a: &Module, b: &Module) -> Ordering {
    score(b).total_cmp(&score(a)).then(a.path.cmp(&b.path))
}

/// A Critical Gaps row before `--top` cuts and names are settled.
struct Candidate<'a> {
    /// The module that sorts it: the row's own, or the most urgent of a collapsed category.
    lead: &'a Module,
    /// Modules the row stands for.
    modules: usize,
    /// The row; `component` is filled in last for single modules.
    row: CriticalRow,
    /// False for a collapsed category.
    single: bool,
}

/// The row standing for every qualifying module of a wholly untested category.
fn collapsed_row<'a>(c: &Category, tally: &Tally, members: &[&'a Module]) -> Candidate<'a> {
    // Symbols across the members, most branch points first; ties keep each module's own order.
    let mut symbols: Vec<(u64, &str)> = Vec::new();
    for m in members {
        for name in m.missing_symbols.iter().flatten() {
            let branches = m
                .symbols
                .iter()
                .find(|s| &s.name == name)
                .map_or(0, |s| s.branches);
            if !symbols.iter().any(|s| s.1 == name) {
                symbols.push((branches, name));
            }
        }
    }
    symbols.sort_by_key(|s| std::cmp::Reverse(s.0));
    let symbols: Vec<String> = symbols.into_iter().map(|s| s.1.to_string()).collect();
    let mut missing = if symbols.is_empty() {
        "direct tests".to_string()
    } else {
        first_names(&symbols, 3)
    };
    if members.iter().any(|m| !m.raises.is_empty()) {
        missing.push_str(", error cases");
    }
    let integration = members
        .iter()
        .filter(|m| m.test_type == Some(TestType::Integration))
        .count();
    let lead = members[0];
    Candidate {
        lead,
        modules: members.len(),
        row: CriticalRow {
            component: format!(
                "All {} ({}, {} lines)",
                c.name,
                plural(tally.modules as usize, "module"),
                tally.lines
            ),
            test_type: if 2 * integration > members.len() {
                TestType::Integration
            } else {
                TestType::Unit
            },
            missing,
            priority: lead.priority.unwrap_or(Priority::Low),
            why: format!(
                "no test imports or reaches any of its {}",
                plural(tally.modules as usize, "module")
            ),
        },
        single: false,
    }
}

/// The Critical Gaps rows (at most `top`) and how many HIGH-or-above modules they leave out.
fn critical_rows(doc: &Document, testable: &[&Module], top: usize) -> (Vec<CriticalRow>, usize) {
    let mut urgent: Vec<&Module> = testable
        .iter()
        .copied()
        .filter(|m| m.priority >= Some(Priority::High))
        .collect();
    urgent.sort_by(|a, b| by_urgency(a, b));

    let mut candidates: Vec<Candidate> = Vec::new();
    let mut grouped: Vec<&str> = Vec::new();
    for c in &doc.categories {
        let Some(t) = &c.summary else { continue };
        let members: Vec<&Module> = urgent
            .iter()
            .copied()
            .filter(|m| m.category == c.id)
            .collect();
        if t.modules > 0 && t.untested == t.modules && members.len() >= 3 {
            candidates.push(collapsed_row(c, t, &members));
            grouped.push(&c.id);
        }
    }
    for m in urgent
        .iter()
        .filter(|m| !grouped.contains(&m.category.as_str()))
    {
        candidates.push(Candidate {
            lead: m,
            modules: 1,
            row: CriticalRow {
                component: String::new(),
                test_type: m.test_type.unwrap_or(TestType::Unit),
                missing: missing_cell(m),
                priority: m.priority.unwrap_or(Priority::Low),
                why: m
                    .reasons
                    .as_ref()
                    .and_then(|r| r.first())
                    .cloned()
                    .unwrap_or_default(),
            },
            single: true,
        });
    }
    candidates.sort_by(|a, b| by_urgency(a.lead, b.lead));
    let left_out = candidates.iter().skip(top).map(|c| c.modules).sum();
    candidates.truncate(top);

    // A file name stands alone unless another shown row has it too.
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for c in candidates.iter().filter(|c| c.single) {
        *seen.entry(c.lead.file_name()).or_default() += 1;
    }
    let rows = candidates
        .into_iter()
        .map(|mut c| {
            if c.single {
                c.row.component = if seen[c.lead.file_name()] > 1 {
                    c.lead.path.clone()
                } else {
                    c.lead.file_name().to_string()
                };
            }
            c.row
        })
        .collect();
    (rows, left_out)
}

/// The trees of categories with gaps, and the names of categories without.
fn trees(doc: &Document, testable: &[&Module]) -> (Vec<TreeSection>, Vec<String>) {
    let mut trees = Vec::new();
    let mut fully_tested = Vec::new();
    let mut cats: Vec<(&Category, &Tally)> = doc
        .categories
        .iter()
        .filter_map(|c| c.summary.as_ref().map(|t| (c, t)))
        .filter(|(_, t)| t.modules > 0)
        .collect();
    cats.sort_by(|a, b| b.0.priority.cmp(&a.0.priority).then(a.0.id.cmp(&b.0.id)));
    for (c, tally) in cats {
        let mut members: Vec<&Module> = testable
            .iter()
            .copied()
            .filter(|m| m.category == c.id)
            .collect();
        members.sort_by(|a, b| by_score(a, b));
        let (tested, gaps): (Vec<&Module>, Vec<&Module>) =
            members.iter().partition(|m| m.status == Status::Tested);
        if gaps.is_empty() {
            fully_tested.push(c.name.clone());
            continue;
        }
        let mut tested: Vec<&Module> = tested;
        tested.sort_by(|a, b| a.path.cmp(&b.path));
        trees.push(TreeSection {
            heading: heading(&c.name, tally),
            folder: if c.id == "." {
                "./".to_string()
            } else {
                format!("{}/", c.id.trim_end_matches('/'))
            },
            lines: gaps
                .iter()
                .map(|m| {
                    let (note, mark) = note(m);
                    TreeLine {
                        name: m.file_name().to_string(),
                        lines: m.lines,
                        note,
                        mark,
                    }
                })
                .collect(),
            tested: tested.iter().map(|m| m.file_name().to_string()).collect(),
            priority: c.priority,
        });
    }
    (trees, fully_tested)
}

/// The Summary rows: categories with testable modules by id, or languages by name.
fn summary_rows(doc: &Document, by: By) -> Vec<SummaryRow> {
    let mut rows: Vec<(&str, SummaryRow)> = match by {
        By::Language => doc
            .languages
            .iter()
            .map(|l| {
                (
                    l.language.as_str(),
                    SummaryRow {
                        category: l.language.clone(),
                        tally: l.summary.clone(),
                    },
                )
            })
            .collect(),
        By::Category => doc
            .categories
            .iter()
            .filter_map(|c| {
                c.summary.clone().map(|tally| {
                    (
                        c.id.as_str(),
                        SummaryRow {
                            category: c.name.clone(),
                            tally,
                        },
                    )
                })
            })
            .collect(),
    };
    rows.retain(|r| r.1.tally.modules > 0);
    rows.sort_by(|a, b| a.0.cmp(b.0));
    rows.into_iter().map(|r| r.1).collect()
}

/// Builds the report from a ranked document; fails with [`NOT_RANKED`] when gap-rank has not seen it.
pub fn build(doc: &Document, top: usize, by: By) -> Result<Report, String> {
    if doc.modules.iter().any(|m| m.priority.is_none()) {
        return Err(NOT_RANKED.to_string());
    }
    let testable: Vec<&Module> = doc.modules.iter().filter(|m| m.testable).collect();
    let (critical, critical_more) = critical_rows(doc, &testable, top);
    let (trees, fully_tested) = trees(doc, &testable);
    Ok(Report {
        root: doc.root.clone(),
        total: doc.summary.clone().unwrap_or_default(),
        categories: doc
            .categories
            .iter()
            .filter(|c| c.summary.as_ref().is_some_and(|t| t.modules > 0))
            .count(),
        empty: testable.is_empty(),
        critical,
        critical_more,
        trees,
        fully_tested,
        summary: summary_rows(doc, by),
        summary_by: by,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use gap_core::{Category, Raise, Symbol, SymbolKind, Tool};

    /// A ranked module for tests.
    pub fn module(path: &str, status: Status, priority: Priority, score: f64) -> Module {
        let mut m = Module::new(path, "python");
        m.status = status;
        m.priority = Some(priority);
        m.score = Some(score);
        m.lines = 100;
        m.test_type = Some(TestType::Unit);
        m.reasons = Some(vec![format!("reason of {path}")]);
        m.missing_symbols = Some(Vec::new());
        m
    }

    /// A ranked document of `modules`, tallies computed as gap-rank does.
    pub fn doc(modules: Vec<Module>) -> Document {
        let mut d = Document::new(Tool::new("gap-rank", "0"), "svc");
        let mut ids: Vec<String> = modules.iter().map(|m| m.category.clone()).collect();
        ids.sort();
        ids.dedup();
        for id in ids {
            let mut t = Tally::default();
            let mut p = None;
            for m in modules.iter().filter(|m| m.category == id && m.testable) {
                t.add(m);
                p = p.max(m.priority);
            }
            let name = id.rsplit('/').next().unwrap().to_string();
            d.categories.push(Category {
                name: name[..1].to_uppercase() + &name[1..],
                id,
                languages: vec!["python".into()],
                modules: vec![],
                summary: Some(t),
                priority: p,
                extra: Default::default(),
            });
        }
        let mut total = Tally::default();
        modules
            .iter()
            .filter(|m| m.testable)
            .for_each(|m| total.add(m));
        d.summary = Some(total);
        d.modules = modules;
        d.canonicalize();
        d
    }

    fn build_c(d: &Document, top: usize) -> Result<Report, String> {
        build(d, top, By::Category)
    }

    fn tally(modules: u64, untested: u64) -> Tally {
        Tally {
            modules,
            untested,
            ..Default::default()
        }
    }

    #[test]
    fn headings_follow_the_four_cases_of_the_tally() {
        assert_eq!(
            heading("Kafka Events", &tally(8, 8)),
            "Kafka Events - ALL UNTESTED"
        );
        assert_eq!(
            heading("Repositories", &tally(14, 7)),
            "Repositories with ZERO Tests (7 of 14)"
        );
        assert_eq!(
            heading("Middleware", &tally(5, 2)),
            "Middleware - 2 of 5 UNTESTED"
        );
        assert_eq!(
            heading("Services", &tally(5, 0)),
            "Services with Inadequate Coverage"
        );
        assert_eq!(heading("One", &tally(1, 1)), "One - ALL UNTESTED");
        assert_eq!(heading("Three", &tally(3, 1)), "Three - 1 of 3 UNTESTED");
    }

    #[test]
    fn notes_and_marks_per_status() {
        let mut m = module("a/x.py", Status::Untested, Priority::High, 50.0);
        assert_eq!(note(&m), ("0 tests".to_string(), Mark::Missing));
        m.status = Status::Indirect;
        m.indirect_via = vec!["a/b.py".into()];
        assert_eq!(
            note(&m),
            (
                "0 direct tests, reached via b.py".to_string(),
                Mark::Missing
            )
        );
        m.indirect_via = vec!["a/b.py".into(), "a/c.py".into(), "a/d.py".into()];
        assert_eq!(
            note(&m).0,
            "0 direct tests, reached via b.py, c.py, +1 more"
        );
        m.status = Status::ImportOnly;
        m.import_only_tests = vec!["t/test_a.py".into(), "t/test_x.py".into()];
        m.named_tests = vec!["t/test_x.py".into()];
        assert_eq!(
            note(&m),
            (
                "2 imports only, test_x.py exists but uses nothing of it".to_string(),
                Mark::Weak
            )
        );
        m.named_tests.push("t/x_test.py".into());
        assert_eq!(
            note(&m).0,
            "2 imports only, test_x.py, x_test.py exist but use nothing of it"
        );
        m.import_only_tests.pop();
        m.named_tests.clear();
        assert_eq!(note(&m).0, "1 import only");
        m.status = Status::Limited;
        m.referenced_symbols = 3;
        m.public_symbols = 15;
        assert_eq!(
            note(&m),
            ("limited: 3 of 15 public symbols".to_string(), Mark::Weak)
        );
    }

    #[test]
    fn critical_rows_name_three_symbols_then_more_then_error_cases() {
        let mut m = module(
            "app/services/auth.py",
            Status::Untested,
            Priority::Critical,
            70.0,
        );
        m.missing_symbols = Some(vec![
            "login".into(),
            "verify".into(),
            "refresh".into(),
            "logout".into(),
        ]);
        m.raises = vec![Raise {
            line: 3,
            name: "AuthError".into(),
            extra: Default::default(),
        }];
        m.test_type = Some(TestType::Integration);
        let low = module(
            "app/services/low.py",
            Status::Untested,
            Priority::Medium,
            40.0,
        );
        let r = build_c(&doc(vec![m, low]), 10).unwrap();
        assert_eq!(r.critical.len(), 1, "MEDIUM is not critical");
        assert_eq!(
            r.critical[0],
            CriticalRow {
                component: "auth.py".into(),
                test_type: TestType::Integration,
                missing: "login, verify, refresh, +1 more, error cases".into(),
                priority: Priority::Critical,
                why: "reason of app/services/auth.py".into(),
            }
        );
        assert_eq!(r.critical_more, 0);
    }

    #[test]
    fn without_missing_symbols_the_cell_says_what_tests_are_missing() {
        let mut m = module("a/x.py", Status::Untested, Priority::High, 50.0);
        assert_eq!(missing_cell(&m), "direct tests");
        m.public_symbols = 3;
        assert_eq!(missing_cell(&m), "tests for its 3 public symbols");
        m.public_symbols = 1;
        m.raises = vec![Raise {
            line: 1,
            name: String::new(),
            extra: Default::default(),
        }];
        assert_eq!(
            missing_cell(&m),
            "tests for its 1 public symbol, error cases"
        );
        m.status = Status::Limited;
        m.public_symbols = 4;
        assert_eq!(
            missing_cell(&m),
            "tests for more of its 4 public symbols, error cases"
        );
        m.missing_symbols = None;
        m.public_symbols = 0;
        m.raises.clear();
        assert_eq!(missing_cell(&m), "direct tests");
    }

    fn event(i: u64, priority: Priority, test_type: TestType) -> Module {
        let mut m = module(
            &format!("app/kafka/events/e{i}.py"),
            Status::Untested,
            priority,
            45.0 + i as f64,
        );
        m.lines = 10 * (i + 1);
        m.test_type = Some(test_type);
        m.missing_symbols = Some(vec![format!("Event{i}"), format!("Event{i}.check")]);
        m.symbols = vec![Symbol {
            name: format!("Event{i}.check"),
            kind: SymbolKind::Method,
            line: 1,
            branches: i,
            raises: 0,
            public: true,
            referenced: false,
            extra: Default::default(),
        }];
        m
    }

    #[test]
    fn a_wholly_untested_category_collapses_into_one_row() {
        let mut events: Vec<Module> = (0..4)
            .map(|i| event(i, Priority::High, TestType::Integration))
            .collect();
        events[0].test_type = Some(TestType::Unit);
        events[3].priority = Some(Priority::Critical);
        // Not HIGH, but still one of the category's modules: counted in the heading, not the row.
        events.push(event(9, Priority::Medium, TestType::Unit));
        events[4].score = Some(40.0);
        let other = module("app/svc/a.py", Status::Untested, Priority::High, 80.0);
        let r = build_c(&doc([events, vec![other]].concat()), 10).unwrap();
        let rows: Vec<&str> = r.critical.iter().map(|c| c.component.as_str()).collect();
        assert_eq!(rows, ["All Events (5 modules, 200 lines)", "a.py"]);
        let row = &r.critical[0];
        assert_eq!(row.priority, Priority::Critical, "the highest among them");
        assert_eq!(row.test_type, TestType::Integration, "3 of 4 are");
        assert_eq!(
            row.missing,
            "Event3.check, Event2.check, Event1.check, +5 more"
        );
        assert_eq!(row.why, "no test imports or reaches any of its 5 modules");
        assert_eq!(r.trees[0].heading, "Events - ALL UNTESTED");
    }

    #[test]
    fn fewer_than_three_qualifying_or_a_tested_neighbour_keeps_rows_apart() {
        let two: Vec<Module> = (0..2)
            .map(|i| event(i, Priority::High, TestType::Unit))
            .collect();
        let r = build_c(&doc(two), 10).unwrap();
        assert_eq!(r.critical.len(), 2);
        let mut three: Vec<Module> = (0..3)
            .map(|i| event(i, Priority::High, TestType::Unit))
            .collect();
        let mut ok = module("app/kafka/events/ok.py", Status::Tested, Priority::Low, 0.0);
        ok.direct_tests = vec!["t.py".into()];
        three.push(ok);
        let r = build_c(&doc(three), 10).unwrap();
        assert_eq!(r.critical.len(), 3);
        assert_eq!(r.critical[0].component, "e2.py");
    }

    #[test]
    fn same_file_names_among_shown_rows_show_their_paths() {
        let a = module("app/a/__init__.py", Status::Untested, Priority::High, 50.0);
        let b = module("app/b/__init__.py", Status::Untested, Priority::High, 49.0);
        let c = module("app/c/x.py", Status::Untested, Priority::Critical, 61.0);
        let d = doc(vec![a, b, c]);
        let names = |top| -> Vec<String> {
            build_c(&d, top)
                .unwrap()
                .critical
                .into_iter()
                .map(|c| c.component)
                .collect()
        };
        assert_eq!(names(3), ["x.py", "app/a/__init__.py", "app/b/__init__.py"]);
        assert_eq!(names(2), ["x.py", "__init__.py"], "the other is not shown");
    }

    #[test]
    fn top_cuts_rows_and_counts_the_modules_left_out() {
        let mut modules: Vec<Module> = (0..4)
            .map(|i| event(i, Priority::High, TestType::Unit))
            .collect();
        modules.push(module(
            "app/z.py",
            Status::Untested,
            Priority::Critical,
            90.0,
        ));
        let r = build_c(&doc(modules.clone()), 1).unwrap();
        assert_eq!(r.critical[0].component, "z.py");
        assert_eq!(r.critical_more, 4, "the collapsed row stands for 4 modules");
        let r = build_c(&doc(modules), 0).unwrap();
        assert!(r.critical.is_empty());
        assert_eq!(r.critical_more, 5);
    }

    #[test]
    fn critical_rows_sort_by_priority_then_score_then_path() {
        let r = build_c(
            &doc(vec![
                module("app/b.py", Status::Untested, Priority::High, 50.0),
                module("app/a.py", Status::Untested, Priority::High, 50.0),
                module("app/c.py", Status::Untested, Priority::High, 55.0),
                module("app/d.py", Status::Untested, Priority::Critical, 60.0),
                module("app/e.py", Status::Limited, Priority::Medium, 30.0),
            ]),
            10,
        )
        .unwrap();
        let names: Vec<&str> = r.critical.iter().map(|c| c.component.as_str()).collect();
        assert_eq!(names, ["d.py", "c.py", "a.py", "b.py"]);
    }

    #[test]
    fn trees_hold_gaps_by_score_and_name_tested_neighbours() {
        let mut tested = module("app/s/ok.py", Status::Tested, Priority::Low, 0.0);
        tested.direct_tests = vec!["t.py".into()];
        let worse = module("app/s/worse.py", Status::Untested, Priority::High, 50.0);
        let bad = module("app/s/bad.py", Status::Untested, Priority::Medium, 41.0);
        let tie = module("app/s/abc.py", Status::Untested, Priority::Medium, 41.0);
        let mut skipped = module("app/s/consts.py", Status::Untested, Priority::Low, 0.0);
        skipped.testable = false;
        let clean = module("app/clean/fine.py", Status::Tested, Priority::Low, 0.0);
        let r = build_c(&doc(vec![tested, worse, bad, tie, skipped, clean]), 10).unwrap();
        assert_eq!(r.trees.len(), 1);
        let names: Vec<&str> = r.trees[0].lines.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["worse.py", "abc.py", "bad.py"]);
        assert_eq!(r.trees[0].folder, "app/s/");
        assert_eq!(r.trees[0].heading, "S with ZERO Tests (3 of 4)");
        assert_eq!(r.trees[0].tested, ["ok.py"]);
        assert_eq!(r.fully_tested, ["Clean"]);
        assert_eq!(r.categories, 2);
        let summary: Vec<&str> = r.summary.iter().map(|s| s.category.as_str()).collect();
        assert_eq!(summary, ["Clean", "S"], "by category id");
    }

    #[test]
    fn trees_sort_by_category_priority_then_id() {
        let r = build_c(
            &doc(vec![
                module("b/x.py", Status::Untested, Priority::Medium, 40.0),
                module("a/x.py", Status::Untested, Priority::Medium, 40.0),
                module("c/x.py", Status::Untested, Priority::High, 45.0),
                module("root.py", Status::ImportOnly, Priority::Low, 20.0),
            ]),
            10,
        )
        .unwrap();
        let folders: Vec<&str> = r.trees.iter().map(|t| t.folder.as_str()).collect();
        assert_eq!(folders, ["c/", "a/", "b/", "./"]);
        assert_eq!(r.trees[3].heading, ". with Inadequate Coverage");
    }

    #[test]
    fn an_unranked_document_is_refused_and_an_empty_one_is_fine() {
        let mut d = doc(vec![module("a.py", Status::Untested, Priority::Low, 0.0)]);
        d.modules[0].priority = None;
        assert_eq!(build_c(&d, 10).unwrap_err(), NOT_RANKED);
        let r = build_c(&doc(vec![]), 10).unwrap();
        assert!(r.empty && r.critical.is_empty() && r.trees.is_empty());
        assert_eq!(r.categories, 0);
    }

    #[test]
    fn summary_by_language_uses_the_language_tallies() {
        let mut d = doc(vec![module(
            "a/x.py",
            Status::Untested,
            Priority::High,
            50.0,
        )]);
        for lang in ["python", "go", "rust"] {
            d.languages.push(gap_core::LanguageSummary {
                language: lang.into(),
                summary: tally(if lang == "rust" { 0 } else { 1 }, 1),
                extra: Default::default(),
            });
        }
        let r = build(&d, 10, By::Language).unwrap();
        let rows: Vec<&str> = r.summary.iter().map(|s| s.category.as_str()).collect();
        assert_eq!(rows, ["go", "python"]);
        assert_eq!(r.categories, 1, "the overview still counts categories");
    }
}
