//! What the report says, decided once for every format: the Critical Gaps rows (with whole untested
//! categories collapsed into one row), the per-category trees and their headings, the Summary rows.

use std::collections::BTreeMap;

use gap_core::{Document, Module, Priority, Status, Tally, TestType};

/// What the Summary table has a row per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// One row per category.
    Category,
    /// One row per language.
    Language,
}

/// The report's content, ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The scanned root.
    pub root: String,
    /// Totals over all testable modules.
    pub total: Tally,
    /// Number of categories with testable modules.
    pub categories: usize,
    /// Critical Gaps rows, most urgent first.
    pub critical: Vec<CriticalRow>,
    /// Gaps of priority HIGH or above left out by `--top`.
    pub critical_more: usize,
    /// One tree per category with gaps.
    pub trees: Vec<TreeSection>,
    /// Display names of categories without gaps.
    pub fully_tested: Vec<String>,
    /// Summary rows, by category id or by language.
    pub summary: Vec<SummaryRow>,
    /// What the Summary rows are.
    pub summary_by: By,
}

/// One row of the Critical Gaps table.
#[derive(Debug, Clone, PartialEq)]
pub struct CriticalRow {
    /// File name, path when the name is ambiguous, or `All NAME (N modules, L lines)`.
    pub component: String,
    /// Unit or Integration.
    pub test_type: TestType,
    /// The untested symbols, most complex first.
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
    /// Why it is a gap.
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
    /// Its gaps, worst first.
    pub lines: Vec<TreeLine>,
    /// File names of its tested modules.
    pub tested: Vec<String>,
    /// The category's priority.
    pub priority: Option<Priority>,
}

/// One Summary row.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    /// Display name.
    pub category: String,
    /// The category's tally.
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

/// Why a module is a gap, and its mark.
pub fn note(m: &Module) -> (String, Mark) {
    match m.status {
        Status::Untested => ("0 tests".to_string(), Mark::Missing),
        Status::Indirect => {
            let via: Vec<String> = m
                .indirect_via
                .iter()
                .map(|p| file_name(p).to_string())
                .collect();
            (
                format!("0 direct tests, reached via {}", first_names(&via, 2)),
                Mark::Missing,
            )
        }
        Status::ImportOnly => {
            let n = m.import_only_tests.len();
            let mut text = format!("{n} import{} only", if n == 1 { "" } else { "s" });
            if let Some(named) = m.named_tests.first() {
                text.push_str(&format!(", {} uses nothing of it", file_name(named)));
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

/// The Missing Tests cell of a module.
fn missing_cell(m: &Module) -> String {
    let symbols = m.missing_symbols.clone().unwrap_or_default();
    let mut cell = if symbols.is_empty() {
        "direct tests".to_string()
    } else {
        first_names(&symbols, 3)
    };
    if !m.raises.is_empty() {
        cell.push_str(", error cases");
    }
    cell
}

fn order(a: &Module, b: &Module) -> std::cmp::Ordering {
    b.priority
        .cmp(&a.priority)
        .then(b.score.unwrap_or(0.0).total_cmp(&a.score.unwrap_or(0.0)))
        .then(a.path.cmp(&b.path))
}

/// Builds the report from a ranked document; fails when it was not ranked.
pub fn build(doc: &Document, top: usize, by: By) -> Result<Report, String> {
    if doc.modules.iter().any(|m| m.priority.is_none()) {
        return Err("document is not ranked; pipe it through gap-rank first".to_string());
    }
    let testable: Vec<&Module> = doc.modules.iter().filter(|m| m.testable).collect();
    let names: BTreeMap<&str, &str> = doc
        .categories
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    let tallies: BTreeMap<&str, Tally> = doc
        .categories
        .iter()
        .filter_map(|c| c.summary.clone().map(|t| (c.id.as_str(), t)))
        .collect();

    // Critical Gaps: HIGH and above, whole untested categories collapsed.
    let mut urgent: Vec<&Module> = testable
        .iter()
        .copied()
        .filter(|m| m.priority >= Some(Priority::High))
        .collect();
    urgent.sort_by(|a, b| order(a, b));
    let mut per_category: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &urgent {
        *per_category.entry(m.category.as_str()).or_default() += 1;
    }
    let collapsed: Vec<&str> = per_category
        .iter()
        .filter(|(id, count)| {
            **count >= 3 && tallies.get(**id).is_some_and(|t| t.untested == t.modules)
        })
        .map(|(id, _)| *id)
        .collect();
    let mut rows: Vec<(Priority, f64, CriticalRow)> = Vec::new();
    let mut names_seen: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &urgent {
        *names_seen.entry(m.file_name()).or_default() += 1;
    }
    for id in &collapsed {
        let members: Vec<&Module> = urgent
            .iter()
            .copied()
            .filter(|m| m.category == *id)
            .collect();
        let t = &tallies[id];
        let mut symbols: Vec<(u64, String)> = Vec::new();
        for m in &members {
            for name in m.missing_symbols.iter().flatten() {
                let branches = m
                    .symbols
                    .iter()
                    .find(|s| &s.name == name)
                    .map_or(0, |s| s.branches);
                symbols.push((branches, name.clone()));
            }
        }
        symbols.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let symbols: Vec<String> = symbols.into_iter().map(|s| s.1).collect();
        let integration = members
            .iter()
            .filter(|m| m.test_type == Some(TestType::Integration))
            .count();
        let mut missing = first_names(&symbols, 3);
        if members.iter().any(|m| !m.raises.is_empty()) {
            missing.push_str(", error cases");
        }
        let lead = members[0];
        rows.push((
            lead.priority.unwrap_or(Priority::Low),
            lead.score.unwrap_or(0.0),
            CriticalRow {
                component: format!(
                    "All {} ({} modules, {} lines)",
                    names.get(id).copied().unwrap_or(id),
                    t.modules,
                    t.lines
                ),
                test_type: if 2 * integration > members.len() {
                    TestType::Integration
                } else {
                    TestType::Unit
                },
                missing,
                priority: lead.priority.unwrap_or(Priority::Low),
                why: "no module of the category has tests".to_string(),
            },
        ));
    }
    for m in urgent
        .iter()
        .filter(|m| !collapsed.contains(&m.category.as_str()))
    {
        let component = if names_seen[m.file_name()] > 1 {
            m.path.clone()
        } else {
            m.file_name().to_string()
        };
        rows.push((
            m.priority.unwrap_or(Priority::Low),
            m.score.unwrap_or(0.0),
            CriticalRow {
                component,
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
        ));
    }
    rows.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.total_cmp(&a.1))
            .then(a.2.component.cmp(&b.2.component))
    });
    let critical_more = rows.len().saturating_sub(top);
    let critical = rows.into_iter().take(top).map(|r| r.2).collect();

    // Trees: categories with gaps, worst first.
    let mut trees = Vec::new();
    let mut fully_tested = Vec::new();
    let mut cats: Vec<_> = doc
        .categories
        .iter()
        .filter(|c| c.summary.as_ref().is_some_and(|t| t.modules > 0))
        .collect();
    cats.sort_by(|a, b| b.priority.cmp(&a.priority).then(a.id.cmp(&b.id)));
    for c in cats {
        let mut members: Vec<&Module> = testable
            .iter()
            .copied()
            .filter(|m| m.category == c.id)
            .collect();
        members.sort_by(|a, b| order(a, b));
        let gaps: Vec<&&Module> = members
            .iter()
            .filter(|m| m.status != Status::Tested)
            .collect();
        if gaps.is_empty() {
            fully_tested.push(c.name.clone());
            continue;
        }
        let tally = c.summary.clone().unwrap_or_default();
        trees.push(TreeSection {
            heading: heading(&c.name, &tally),
            folder: if c.id == "." {
                "./".to_string()
            } else {
                format!("{}/", c.id)
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
            tested: members
                .iter()
                .filter(|m| m.status == Status::Tested)
                .map(|m| m.file_name().to_string())
                .collect(),
            priority: c.priority,
        });
    }

    let per_language = doc.languages.iter().map(|l| SummaryRow {
        category: l.language.clone(),
        tally: l.summary.clone(),
    });
    let summary: Vec<SummaryRow> = match by {
        By::Language => per_language.filter(|r| r.tally.modules > 0).collect(),
        By::Category => doc
            .categories
            .iter()
            .filter_map(|c| {
                c.summary
                    .clone()
                    .filter(|t| t.modules > 0)
                    .map(|tally| SummaryRow {
                        category: c.name.clone(),
                        tally,
                    })
            })
            .collect(),
    };
    Ok(Report {
        root: doc.root.clone(),
        total: doc.summary.clone().unwrap_or_default(),
        categories: summary.len(),
        critical,
        critical_more,
        trees,
        fully_tested,
        summary,
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
    fn headings_say_what_the_tree_holds() {
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
    }

    #[test]
    fn notes_and_marks_per_status() {
        let mut m = module("a/x.py", Status::Untested, Priority::High, 50.0);
        assert_eq!(note(&m), ("0 tests".to_string(), Mark::Missing));
        m.status = Status::Indirect;
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
                "2 imports only, test_x.py uses nothing of it".to_string(),
                Mark::Weak
            )
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
    fn critical_rows_name_symbols_and_error_cases() {
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
        }];
        let low = module(
            "app/services/low.py",
            Status::Untested,
            Priority::Medium,
            40.0,
        );
        let r = build_c(&doc(vec![m, low]), 10).unwrap();
        assert_eq!(r.critical.len(), 1, "MEDIUM is not critical");
        assert_eq!(r.critical[0].component, "auth.py");
        assert_eq!(
            r.critical[0].missing,
            "login, verify, refresh, +1 more, error cases"
        );
        assert_eq!(r.critical[0].why, "reason of app/services/auth.py");
    }

    #[test]
    fn a_wholly_untested_category_collapses_into_one_row() {
        let events: Vec<Module> = (0..4)
            .map(|i| {
                let mut m = module(
                    &format!("app/kafka/events/e{i}.py"),
                    Status::Untested,
                    Priority::High,
                    45.0 + i as f64,
                );
                m.missing_symbols = Some(vec![format!("Event{i}")]);
                m.symbols = vec![Symbol {
                    name: format!("Event{i}"),
                    kind: SymbolKind::Class,
                    line: 1,
                    branches: i,
                    raises: 0,
                    public: true,
                    referenced: false,
                    extra: Default::default(),
                }];
                m
            })
            .collect();
        let r = build_c(&doc(events), 10).unwrap();
        assert_eq!(r.critical.len(), 1);
        assert_eq!(r.critical[0].component, "All Events (4 modules, 400 lines)");
        assert_eq!(r.critical[0].missing, "Event3, Event2, Event1, +1 more");
        assert_eq!(r.trees[0].heading, "Events - ALL UNTESTED");
    }

    #[test]
    fn same_file_names_show_their_paths_and_top_limits_rows() {
        let a = module("app/a/__init__.py", Status::Untested, Priority::High, 50.0);
        let b = module("app/b/__init__.py", Status::Untested, Priority::High, 49.0);
        let c = module("app/c/x.py", Status::Untested, Priority::Critical, 61.0);
        let r = build_c(&doc(vec![a, b, c]), 2).unwrap();
        let names: Vec<&str> = r.critical.iter().map(|c| c.component.as_str()).collect();
        assert_eq!(names, ["x.py", "app/a/__init__.py"]);
        assert_eq!(r.critical_more, 1);
    }

    #[test]
    fn trees_hold_gaps_worst_first_and_name_tested_neighbours() {
        let mut tested = module("app/s/ok.py", Status::Tested, Priority::Low, 0.0);
        tested.direct_tests = vec!["t.py".into()];
        let worse = module("app/s/worse.py", Status::Untested, Priority::High, 50.0);
        let bad = module("app/s/bad.py", Status::Untested, Priority::Medium, 41.0);
        let clean = module("app/clean/fine.py", Status::Tested, Priority::Low, 0.0);
        let r = build_c(&doc(vec![tested, worse, bad, clean]), 10).unwrap();
        assert_eq!(r.trees.len(), 1);
        let names: Vec<&str> = r.trees[0].lines.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["worse.py", "bad.py"]);
        assert_eq!(r.trees[0].tested, ["ok.py"]);
        assert_eq!(r.fully_tested, ["Clean"]);
        assert_eq!(r.summary.len(), 2);
    }

    #[test]
    fn an_unranked_document_is_refused() {
        let mut d = doc(vec![module("a.py", Status::Untested, Priority::Low, 0.0)]);
        d.modules[0].priority = None;
        assert!(build_c(&d, 10).unwrap_err().contains("gap-rank"));
        assert!(build_c(&doc(vec![]), 10).unwrap().critical.is_empty());
    }
}
