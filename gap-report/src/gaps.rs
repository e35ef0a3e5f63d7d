//! What the report says, decided once for every format: the verdict, the header, the Critical Gaps rows (whole
//! untested categories collapsed into one row), the per-category trees with their headings and marks, the
//! Summary rows. Names stay raw here; each renderer makes them inert for its output. Renderers only lay these
//! out, so markdown, table and tree always agree.
//!
//! One meaning per mark everywhere: ❌ no direct test (`untested`, or `indirect`: reached only through other
//! modules), ⚠️ weak (`import_only`, `limited`), and tested. Tree lines, heading counts and Summary columns
//! all count these classes (the tally's `no_direct` and `weak`).

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use gap_core::{
    Category, Document, EvidenceKind, Module, Priority, Status, SymbolKind, Tally, TestType,
};

/// What the Summary table has a row per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// One row per category.
    Category,
    /// One row per language.
    Language,
}

/// How much the report shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Detail {
    /// The most urgent gap lines of each tree, tested files named in one short line.
    Summary,
    /// Every gap line and every tested file; long trees fold into `<details>` in markdown.
    Full,
}

/// The message of a document that gap-rank has not seen.
pub const NOT_RANKED: &str = "document is not ranked; pipe it through gap-rank first";

/// What every section says when the document has no testable module.
pub const NO_MODULES: &str = "No source modules found.";

/// Tested files a tree names in summary detail.
pub const TESTED_NAMES: usize = 5;

/// Symbols a Missing Tests cell names before `+N`.
pub const MISSING_NAMES: usize = 3;

/// Gap lines the trees show in all, in summary detail, before each tree is cut.
pub const ALL_GAP_LINES: usize = 60;

/// Gap lines each tree shows in summary detail, for a report of `modules` testable modules with `gaps` gap
/// lines in all: every one when they are few ([`ALL_GAP_LINES`]), else from 5 for a service to 15 for a
/// large application.
pub fn tree_lines_for(modules: u64, gaps: usize) -> usize {
    if gaps <= ALL_GAP_LINES {
        gaps
    } else {
        ((modules / 60) as usize).clamp(5, 15)
    }
}

/// The report's content, ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The scanned root.
    pub root: String,
    /// Totals over all testable modules (the document's summary).
    pub total: Tally,
    /// Number of categories with testable modules.
    pub categories: usize,
    /// Modules that define no function or class (left out of every count).
    pub untestable: usize,
    /// Test files the scan found.
    pub test_files: usize,
    /// True when the document has no testable module: every section says [`NO_MODULES`].
    pub empty: bool,
    /// The one-line verdict.
    pub verdict: Verdict,
    /// What the scan left out on purpose: (reason, count), most first.
    pub excluded: Vec<(String, usize)>,
    /// Whole-scan warnings (thin input, a root that looks wrong), as gap-scan recorded them.
    pub notes: Vec<String>,
    /// Critical Gaps rows, most urgent first, at most `--top`.
    pub critical: Vec<CriticalRow>,
    /// Modules of priority HIGH or above that `--top` left out of the table.
    pub critical_more: usize,
    /// One tree per category with gaps, by category priority then folder.
    pub trees: Vec<TreeSection>,
    /// Display names of categories whose testable modules are all tested.
    pub fully_tested: Vec<String>,
    /// Summary rows, by category folder or by language.
    pub summary: Vec<SummaryRow>,
    /// What the Summary rows are.
    pub summary_by: By,
    /// How much the trees show.
    pub detail: Detail,
    /// Gaps the team accepts, listed apart (crate::accepted).
    pub accepted: Vec<crate::accepted::AcceptedRow>,
    /// The change under review and the changed code no test references, when the scan marked one.
    pub changed: Option<crate::changes::ChangeSection>,
    /// The comparison with `--baseline`, when one was given.
    pub baseline: Option<crate::baseline::Comparison>,
    /// The gates' outcome, when gates were asked for.
    pub gates: Option<crate::gate::Outcome>,
}

/// The one-line verdict: how many modules have direct tests, how many have none, how urgent the gaps are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Share of modules with direct tests (tested or limited), in percent.
    pub direct_percent: u64,
    /// Testable modules.
    pub modules: u64,
    /// Modules without a direct test (❌).
    pub no_direct: u64,
    /// Modules tests import without using (⚠️, no direct test either).
    pub import_only: u64,
    /// CRITICAL modules.
    pub critical: usize,
    /// HIGH modules.
    pub high: usize,
    /// Gaps the team accepts (modules), left out of `critical` and `high`.
    pub accepted: u64,
}

/// What a Critical Gaps row is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Component {
    /// One module, named by the shortest end of its path no other module of the document shares.
    File(String),
    /// A wholly untested category: its display name, modules and lines.
    Group {
        /// Display name of the category.
        name: String,
        /// Its testable modules.
        modules: u64,
        /// Their lines.
        lines: u64,
    },
}

/// The tests a row misses: untested symbols grouped by class, and whether error cases are among them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Missing {
    /// `(class, members)` in order of urgency: `(Some("EventRepository"), ["find", "count"])`, or
    /// `(None, ["parse_alert"])` for functions and classes without public methods.
    pub groups: Vec<(Option<String>, Vec<String>)>,
    /// Untested symbols not named.
    pub more: usize,
    /// What is missing when no symbol can be named, e.g. `direct tests`.
    pub instead: Option<String>,
    /// True when the untested code raises: its error cases need tests too.
    pub error_cases: bool,
}

impl Missing {
    /// The cell as plain text: `EventRepository: find, count_by_kind, timeline, +6, error cases`; `name` renders
    /// each name (escaping for the output).
    pub fn render(&self, name: &dyn Fn(&str) -> String, text: &dyn Fn(&str) -> String) -> String {
        let mut parts: Vec<String> = self
            .groups
            .iter()
            .map(|(class, members)| {
                let list: Vec<String> = members.iter().map(|m| name(m)).collect();
                match class {
                    Some(c) if !list.is_empty() => format!("{}: {}", name(c), list.join(", ")),
                    Some(c) => name(c),
                    None => list.join(", "),
                }
            })
            .collect();
        if let Some(instead) = &self.instead {
            parts.push(text(instead));
        }
        let mut out = parts.join("; ");
        if self.more > 0 {
            out.push_str(&text(&format!(", +{}", self.more)));
        }
        if self.error_cases {
            out.push_str(&text(", error cases"));
        }
        out
    }
}

/// One row of the Critical Gaps table.
#[derive(Debug, Clone, PartialEq)]
pub struct CriticalRow {
    /// The module, or the wholly untested category.
    pub component: Component,
    /// Unit or Integration.
    pub test_type: TestType,
    /// The untested symbols.
    pub missing: Missing,
    /// Its priority.
    pub priority: Priority,
    /// The first reason.
    pub why: String,
}

/// How bad a tree line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// ❌: no direct test: untested, or reached only indirectly.
    Missing,
    /// ⚠️: weak: imported only, or limited.
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

    /// The mark of a status; `None` for tested.
    pub fn of(status: Status) -> Option<Mark> {
        match status {
            Status::Untested | Status::Indirect => Some(Mark::Missing),
            Status::ImportOnly | Status::Limited => Some(Mark::Weak),
            Status::Tested => None,
        }
    }
}

/// One file in a category tree.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeLine {
    /// Path from the category's folder.
    pub name: String,
    /// Physical lines.
    pub lines: u64,
    /// Why it is a gap, e.g. `2 imports only`.
    pub note: String,
    /// ❌ or ⚠️.
    pub mark: Mark,
}

/// The count a tree heading states, from the category's ❌ modules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heading {
    /// Every module ❌.
    AllUntested,
    /// Half or more ❌: `x of n`.
    Zero(u64, u64),
    /// Some ❌: `x of n`.
    Some(u64, u64),
    /// No ❌, only ⚠️.
    Inadequate,
}

impl Heading {
    /// The heading's count from a tally: ❌ modules (`no_direct`) of all.
    pub fn of(t: &Tally) -> Heading {
        let (x, n) = (t.untested + t.indirect, t.modules);
        if x == n && n > 0 {
            Heading::AllUntested
        } else if x > 0 && 2 * x >= n {
            Heading::Zero(x, n)
        } else if x > 0 {
            Heading::Some(x, n)
        } else {
            Heading::Inadequate
        }
    }

    /// The words after the category's name.
    pub fn suffix(self) -> String {
        match self {
            Heading::AllUntested => " - ALL UNTESTED".to_string(),
            Heading::Zero(x, n) => format!(" with ZERO Tests ({x} of {n})"),
            Heading::Some(x, n) => format!(" - {x} of {n} UNTESTED"),
            Heading::Inadequate => " with Inadequate Coverage".to_string(),
        }
    }
}

/// The tree of one category's gaps.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeSection {
    /// Display name of the category.
    pub name: String,
    /// What the heading counts.
    pub heading: Heading,
    /// The category folder with a trailing `/`.
    pub folder: String,
    /// Its gap lines shown, most urgent first.
    pub lines: Vec<TreeLine>,
    /// Gap lines the summary detail left out: (❌, ⚠️).
    pub hidden: (usize, usize),
    /// Paths (from the folder) of its tested modules named, by path.
    pub tested: Vec<String>,
    /// How those of `tested` credited by one kind of evidence only are tested: path -> `via HTTP`.
    pub tested_how: BTreeMap<String, &'static str>,
    /// All its tested modules.
    pub tested_total: usize,
    /// The category's priority.
    pub priority: Option<Priority>,
}

impl TreeSection {
    /// `Repositories with ZERO Tests (7 of 14)` with the name as `name` renders it.
    pub fn title(&self, name: &dyn Fn(&str) -> String) -> String {
        format!("{}{}", name(&self.name), self.heading.suffix())
    }
}

/// One Summary row.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    /// Display name of the category, or the language.
    pub category: String,
    /// Its tally.
    pub tally: Tally,
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

/// What a module's direct tests that use none of its public symbols are, from its evidence: `tested by URL,
/// none of its 7 public symbols used`.
fn unused_by_direct_tests(m: &Module) -> String {
    let kinds: BTreeSet<EvidenceKind> = m.evidence.iter().map(|e| e.kind).collect();
    let symbols = plural(m.public_symbols as usize, "public symbol");
    let how = if kinds.contains(&EvidenceKind::Http) {
        "by URL"
    } else if kinds.contains(&EvidenceKind::ByName) {
        "by name"
    } else if kinds.contains(&EvidenceKind::Convention) {
        "by naming convention"
    } else if m.direct_tests.contains(&m.path) {
        return format!("its own tests use none of its {symbols}");
    } else {
        let n = m.direct_tests.len().max(1);
        return format!(
            "{} use{} none of its {symbols}",
            plural(n, "direct test"),
            if n == 1 { "s" } else { "" }
        );
    };
    format!("tested {how}, none of its {symbols} used")
}

/// How a module is tested when one kind of evidence credits it alone: `via HTTP` (its routes called by URL or
/// name), `by convention` (a test named after it in the same app); `None` otherwise.
pub fn only_by(m: &Module) -> Option<&'static str> {
    let kinds: BTreeSet<EvidenceKind> = m
        .evidence
        .iter()
        .map(|e| e.kind)
        .filter(|k| !matches!(k, EvidenceKind::Import | EvidenceKind::Indirect))
        .collect();
    match kinds.iter().collect::<Vec<_>>().as_slice() {
        [EvidenceKind::Http] => Some("via HTTP"),
        [EvidenceKind::Convention] => Some("by convention"),
        _ => None,
    }
}

/// Why a module is a gap, and its mark; `None` for a tested module.
pub fn note(m: &Module) -> Option<(String, Mark)> {
    let mark = Mark::of(m.status)?;
    let text = match m.status {
        Status::Untested => "0 tests".to_string(),
        Status::Indirect if m.indirect_via.is_empty() => "0 direct tests".to_string(),
        Status::Indirect => format!(
            "0 direct tests, reached via {}",
            first_names(&file_names(&m.indirect_via), 2)
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
            text
        }
        // Tests reach it but use none of its public symbols: that is not "limited: 0 of N".
        Status::Limited | Status::Tested if m.referenced_symbols == 0 => unused_by_direct_tests(m),
        Status::Limited | Status::Tested => {
            let how = only_by(m).map(|h| format!(", {h}")).unwrap_or_default();
            format!(
                "limited: {} of {} public symbols{how}",
                m.referenced_symbols, m.public_symbols
            )
        }
    };
    Some((text, mark))
}

/// True when an untested public symbol of `m` (or a method of an untested class) raises; without symbol
/// details, when the module raises at all.
fn raises_untested(m: &Module, missing: &[&str]) -> bool {
    if m.symbols.is_empty() {
        return !m.raises.is_empty();
    }
    // A set for a long list: a module of many untested symbols must not cost symbols x missing.
    let set: Option<HashSet<&str>> =
        (missing.len() > 16).then(|| missing.iter().copied().collect());
    let is_missing = |name: &str| match &set {
        Some(set) => set.contains(name),
        None => missing.contains(&name),
    };
    m.symbols.iter().any(|s| {
        s.raises > 0
            && (is_missing(&s.name)
                || (s.kind == SymbolKind::Method
                    && s.name.split_once('.').is_some_and(|(c, _)| is_missing(c))))
    })
}

/// The names of `symbols` grouped by class, the first `max` of them; a class named beside its own methods is
/// shown once, by its methods (`Event: validate`, not `Event: validate; Event`).
fn grouped(symbols: &[&str], max: usize) -> Missing {
    let shown = &symbols[..symbols.len().min(max)];
    let classes: BTreeSet<&str> = shown
        .iter()
        .filter_map(|s| s.split_once('.').map(|(c, _)| c))
        .collect();
    let mut groups: Vec<(Option<String>, Vec<String>)> = Vec::new();
    for s in shown {
        let (class, member) = match s.split_once('.') {
            Some((c, m)) => (Some(c), Some(m)),
            None if classes.contains(s) => (Some(*s), None),
            None => (None, Some(*s)),
        };
        let group = match groups.iter().position(|g| g.0.as_deref() == class) {
            Some(i) => i,
            None => {
                groups.push((class.map(str::to_string), Vec::new()));
                groups.len() - 1
            }
        };
        if let Some(m) = member {
            groups[group].1.push(m.to_string());
        }
    }
    Missing {
        groups,
        more: symbols.len() - shown.len(),
        instead: None,
        error_cases: false,
    }
}

/// The Missing Tests cell of one module: its first untested symbols by class, or what kind of tests it lacks.
pub fn missing_of(m: &Module) -> Missing {
    let symbols: Vec<&str> = m
        .missing_symbols
        .iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let mut cell = grouped(&symbols, MISSING_NAMES);
    if symbols.is_empty() {
        cell.instead = Some(if m.public_symbols == 0 {
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
        });
    }
    cell.error_cases = raises_untested(m, &symbols);
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

/// Tree order: ❌ before ⚠️, accepted gaps after both, then score, then path.
fn by_mark_then_score(a: &Module, b: &Module) -> Ordering {
    let rank = |m: &Module| {
        u8::from(Mark::of(m.status) != Some(Mark::Missing)) + 2 * u8::from(m.accepted.is_some())
    };
    rank(a)
        .cmp(&rank(b))
        .then(score(b).total_cmp(&score(a)))
        .then(a.path.cmp(&b.path))
}

/// The shortest end of each path (whole folders) that no other path of `paths` ends with: `routes/auth.py`
/// beside `enums/auth.py`, `sansio/app.py` beside `app.py`.
pub fn unique_names<'a>(paths: impl Iterator<Item = &'a str>) -> HashMap<&'a str, String> {
    let all: Vec<(&str, Vec<&str>)> = paths.map(|p| (p, p.split('/').collect())).collect();
    let suffix = |parts: &[&str], k: usize| parts[parts.len().saturating_sub(k)..].join("/");
    let mut out: HashMap<&str, String> = HashMap::new();
    let deepest = all.iter().map(|(_, p)| p.len()).max().unwrap_or(0);
    for k in 1..=deepest {
        let mut count: HashMap<String, usize> = HashMap::new();
        for (_, parts) in &all {
            *count.entry(suffix(parts, k)).or_default() += 1;
        }
        for (path, parts) in &all {
            if out.contains_key(path) {
                continue;
            }
            let s = suffix(parts, k);
            if count[&s] == 1 || k >= parts.len() {
                out.insert(path, s);
            }
        }
    }
    out
}

/// `modules` by category id, each category's in the order of `modules`: one pass instead of one per category.
fn by_category<'a>(modules: &[&'a Module]) -> HashMap<&'a str, Vec<&'a Module>> {
    let mut out: HashMap<&str, Vec<&Module>> = HashMap::new();
    for m in modules {
        out.entry(m.category.as_str()).or_default().push(m);
    }
    out
}

/// A Critical Gaps row before `--top` cuts.
struct Candidate<'a> {
    /// The module that sorts it: the row's own, or the most urgent of a collapsed category.
    lead: &'a Module,
    /// Modules the row stands for.
    modules: usize,
    /// The row.
    row: CriticalRow,
}

/// The row standing for every qualifying module of a wholly untested category.
fn collapsed_row<'a>(c: &Category, tally: &Tally, members: &[&'a Module]) -> Candidate<'a> {
    // Symbols across the members, most branch points first; ties keep each module's own order.
    let mut symbols: Vec<(u64, &str)> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for m in members {
        let missing = m.missing_symbols.as_deref().unwrap_or_default();
        if missing.is_empty() {
            continue;
        }
        // The first definition of each name: one look-up per missing name, not a scan of the symbols.
        let mut branches: HashMap<&str, u64> = HashMap::with_capacity(m.symbols.len());
        for s in m.symbols.iter().rev() {
            branches.insert(&s.name, s.branches);
        }
        for name in missing {
            if seen.insert(name) {
                symbols.push((branches.get(name.as_str()).copied().unwrap_or(0), name));
            }
        }
    }
    symbols.sort_by_key(|s| std::cmp::Reverse(s.0));
    let names: Vec<&str> = symbols.iter().map(|s| s.1).collect();
    let mut missing = grouped(&names, MISSING_NAMES);
    if names.is_empty() {
        missing.instead = Some("direct tests".to_string());
    }
    missing.error_cases = members.iter().any(|m| {
        let own: Vec<&str> = m
            .missing_symbols
            .iter()
            .flatten()
            .map(String::as_str)
            .collect();
        raises_untested(m, &own)
    });
    let integration = members
        .iter()
        .filter(|m| m.test_type == Some(TestType::Integration))
        .count();
    let lead = members[0];
    Candidate {
        lead,
        modules: members.len(),
        row: CriticalRow {
            component: Component::Group {
                name: c.name.clone(),
                modules: tally.modules,
                lines: tally.lines,
            },
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
    }
}

/// The Critical Gaps rows (at most `top`) and how many HIGH-or-above modules they leave out.
fn critical_rows(
    doc: &Document,
    testable: &[&Module],
    names: &HashMap<&str, String>,
    top: usize,
) -> (Vec<CriticalRow>, usize) {
    let mut urgent: Vec<&Module> = testable
        .iter()
        .copied()
        .filter(|m| m.priority >= Some(Priority::High) && m.accepted.is_none())
        .collect();
    urgent.sort_by(|a, b| by_urgency(a, b));
    let by_category = by_category(&urgent);

    let mut candidates: Vec<Candidate> = Vec::new();
    let mut grouped: HashSet<&str> = HashSet::new();
    for c in &doc.categories {
        let Some(t) = &c.summary else { continue };
        let members = by_category
            .get(c.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        if t.modules > 0 && t.untested == t.modules && members.len() >= 3 {
            candidates.push(collapsed_row(c, t, members));
            grouped.insert(&c.id);
        }
    }
    for m in urgent
        .iter()
        .filter(|m| !grouped.contains(m.category.as_str()))
    {
        candidates.push(Candidate {
            lead: m,
            modules: 1,
            row: CriticalRow {
                component: Component::File(
                    names
                        .get(m.path.as_str())
                        .cloned()
                        .unwrap_or_else(|| m.path.clone()),
                ),
                test_type: m.test_type.unwrap_or(TestType::Unit),
                missing: missing_of(m),
                priority: m.priority.unwrap_or(Priority::Low),
                why: m
                    .reasons
                    .as_ref()
                    .and_then(|r| r.first())
                    .cloned()
                    .unwrap_or_default(),
            },
        });
    }
    candidates.sort_by(|a, b| by_urgency(a.lead, b.lead));
    let left_out = candidates.iter().skip(top).map(|c| c.modules).sum();
    candidates.truncate(top);
    (candidates.into_iter().map(|c| c.row).collect(), left_out)
}

/// `path` from `folder` (`.` is the root).
fn from_folder(path: &str, folder: &str) -> String {
    if folder == "." || folder.is_empty() {
        return path.to_string();
    }
    path.strip_prefix(folder)
        .and_then(|r| r.strip_prefix('/'))
        .unwrap_or(path)
        .to_string()
}

/// The trees of categories with gaps, and the names of categories without.
fn trees(
    doc: &Document,
    testable: &[&Module],
    detail: Detail,
    per_tree: usize,
) -> (Vec<TreeSection>, Vec<String>) {
    let mut trees = Vec::new();
    let mut fully_tested = Vec::new();
    let mut cats: Vec<(&Category, &Tally)> = doc
        .categories
        .iter()
        .filter_map(|c| c.summary.as_ref().map(|t| (c, t)))
        .filter(|(_, t)| t.modules > 0)
        .collect();
    cats.sort_by(|a, b| {
        b.0.priority
            .cmp(&a.0.priority)
            .then(a.0.shown_folder().cmp(b.0.shown_folder()))
            .then(a.0.id.cmp(&b.0.id))
    });
    let by_category = by_category(testable);
    for (c, tally) in cats {
        let folder = c.shown_folder();
        let mut members = by_category.get(c.id.as_str()).cloned().unwrap_or_default();
        members.sort_by(|a, b| by_mark_then_score(a, b));
        let (tested, gaps): (Vec<&Module>, Vec<&Module>) =
            members.iter().partition(|m| m.status == Status::Tested);
        if gaps.is_empty() {
            fully_tested.push(c.name.clone());
            continue;
        }
        // A `… 1 more` line would take the line it hides: show that one instead.
        let shown = match detail {
            Detail::Full => gaps.len(),
            Detail::Summary if gaps.len() <= per_tree + 1 => gaps.len(),
            Detail::Summary => per_tree,
        };
        let hidden = &gaps[shown..];
        let hidden_missing = hidden
            .iter()
            .filter(|m| Mark::of(m.status) == Some(Mark::Missing))
            .count();
        let tested_how: BTreeMap<String, &'static str> = tested
            .iter()
            .filter_map(|m| Some((from_folder(&m.path, folder), only_by(m)?)))
            .collect();
        let mut tested: Vec<String> = tested
            .iter()
            .map(|m| from_folder(&m.path, folder))
            .collect();
        tested.sort();
        let tested_total = tested.len();
        if detail == Detail::Summary {
            tested.truncate(TESTED_NAMES);
        }
        trees.push(TreeSection {
            name: c.name.clone(),
            heading: Heading::of(tally),
            folder: if folder == "." {
                "./".to_string()
            } else {
                format!("{}/", folder.trim_end_matches('/'))
            },
            lines: gaps[..shown]
                .iter()
                .filter_map(|m| {
                    let (mut note, mark) = note(m)?;
                    if let Some(a) = &m.accepted {
                        note.push_str(&format!(", accepted: {}", a.reason));
                    }
                    Some(TreeLine {
                        name: from_folder(&m.path, folder),
                        lines: m.lines,
                        note,
                        mark,
                    })
                })
                .collect(),
            hidden: (hidden_missing, hidden.len() - hidden_missing),
            tested_how: tested_how
                .into_iter()
                .filter(|(p, _)| tested.binary_search(p).is_ok())
                .collect(),
            tested,
            tested_total,
            priority: c.priority,
        });
    }
    (trees, fully_tested)
}

/// The Summary rows: categories with testable modules by folder, or languages by name.
fn summary_rows(doc: &Document, by: By) -> Vec<SummaryRow> {
    let mut rows: Vec<(String, SummaryRow)> = match by {
        By::Language => doc
            .languages
            .iter()
            .map(|l| {
                (
                    l.language.clone(),
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
                        format!("{}\u{0}{}", c.shown_folder(), c.id),
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
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows.into_iter().map(|r| r.1).collect()
}

/// What the scan left out, by reason, most first.
fn excluded(doc: &Document) -> Vec<(String, usize)> {
    let mut by: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &doc.excluded {
        *by.entry(e.reason.as_str()).or_default() += 1;
    }
    let mut out: Vec<(String, usize)> = by.into_iter().map(|(r, n)| (r.to_string(), n)).collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// Builds the report from a ranked document; fails with [`NOT_RANKED`] when gap-rank has not seen it.
pub fn build(doc: &Document, top: usize, by: By, detail: Detail) -> Result<Report, String> {
    if doc.modules.iter().any(|m| m.priority.is_none()) {
        return Err(NOT_RANKED.to_string());
    }
    let testable: Vec<&Module> = doc.modules.iter().filter(|m| m.testable).collect();
    let names = unique_names(doc.modules.iter().map(|m| m.path.as_str()));
    let (critical, critical_more) = critical_rows(doc, &testable, &names, top);
    let total = doc.summary.clone().unwrap_or_default();
    let gaps = testable
        .iter()
        .filter(|m| m.status != Status::Tested)
        .count();
    let (trees, fully_tested) = trees(doc, &testable, detail, tree_lines_for(total.modules, gaps));
    let count = |p: Priority| {
        testable
            .iter()
            .filter(|m| m.priority == Some(p) && m.is_open_gap())
            .count()
    };
    Ok(Report {
        root: doc.root.clone(),
        verdict: Verdict {
            direct_percent: total.coverage_percent,
            modules: total.modules,
            no_direct: total.untested + total.indirect,
            import_only: total.import_only,
            critical: count(Priority::Critical),
            high: count(Priority::High),
            accepted: total.accepted,
        },
        total,
        categories: doc
            .categories
            .iter()
            .filter(|c| c.summary.as_ref().is_some_and(|t| t.modules > 0))
            .count(),
        untestable: doc.modules.len() - testable.len(),
        test_files: doc.tests.len(),
        empty: testable.is_empty(),
        excluded: excluded(doc),
        notes: doc
            .warnings
            .iter()
            .filter(|w| w.path.is_empty())
            .map(|w| w.message.clone())
            .collect(),
        critical,
        critical_more,
        trees,
        fully_tested,
        summary: summary_rows(doc, by),
        summary_by: by,
        detail,
        accepted: crate::accepted::rows(doc),
        changed: crate::changes::section(doc),
        baseline: None,
        gates: None,
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
            let mut c = Category::new(&id, &(name[..1].to_uppercase() + &name[1..]));
            c.languages = vec!["python".into()];
            c.summary = Some(t);
            c.priority = p;
            d.categories.push(c);
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

    pub fn build_c(d: &Document, top: usize) -> Result<Report, String> {
        build(d, top, By::Category, Detail::Full)
    }

    fn tally(modules: u64, untested: u64, indirect: u64) -> Tally {
        Tally {
            modules,
            untested,
            indirect,
            ..Default::default()
        }
    }

    fn plain(m: &Missing) -> String {
        m.render(&|s| s.to_string(), &|s| s.to_string())
    }

    fn file(c: &CriticalRow) -> &str {
        match &c.component {
            Component::File(f) => f,
            Component::Group { name, .. } => name,
        }
    }

    #[test]
    fn headings_count_every_module_without_a_direct_test() {
        let t = |m, u, i| format!("X{}", Heading::of(&tally(m, u, i)).suffix());
        assert_eq!(t(8, 8, 0), "X - ALL UNTESTED");
        assert_eq!(
            t(12, 0, 12),
            "X - ALL UNTESTED",
            "reached only indirectly is ❌ too"
        );
        assert_eq!(t(14, 3, 4), "X with ZERO Tests (7 of 14)");
        assert_eq!(t(5, 1, 1), "X - 2 of 5 UNTESTED");
        assert_eq!(t(5, 0, 0), "X with Inadequate Coverage");
        assert_eq!(t(1, 1, 0), "X - ALL UNTESTED");
        assert_eq!(t(3, 1, 0), "X - 1 of 3 UNTESTED");
    }

    #[test]
    fn notes_and_marks_per_status() {
        let mut m = module("a/x.py", Status::Untested, Priority::High, 50.0);
        assert_eq!(note(&m), Some(("0 tests".to_string(), Mark::Missing)));
        m.status = Status::Indirect;
        m.indirect_via = vec!["a/b.py".into()];
        assert_eq!(
            note(&m),
            Some((
                "0 direct tests, reached via b.py".to_string(),
                Mark::Missing
            ))
        );
        m.indirect_via = vec!["a/b.py".into(), "a/c.py".into(), "a/d.py".into()];
        assert_eq!(
            note(&m).unwrap().0,
            "0 direct tests, reached via b.py, c.py, +1 more"
        );
        m.status = Status::ImportOnly;
        m.import_only_tests = vec!["t/test_a.py".into(), "t/test_x.py".into()];
        m.named_tests = vec!["t/test_x.py".into()];
        assert_eq!(
            note(&m),
            Some((
                "2 imports only, test_x.py exists but uses nothing of it".to_string(),
                Mark::Weak
            ))
        );
        m.named_tests.push("t/x_test.py".into());
        assert_eq!(
            note(&m).unwrap().0,
            "2 imports only, test_x.py, x_test.py exist but use nothing of it"
        );
        m.import_only_tests.pop();
        m.named_tests.clear();
        assert_eq!(note(&m).unwrap().0, "1 import only");
        m.status = Status::Limited;
        m.referenced_symbols = 3;
        m.public_symbols = 15;
        assert_eq!(
            note(&m),
            Some(("limited: 3 of 15 public symbols".to_string(), Mark::Weak))
        );
        m.status = Status::Tested;
        assert_eq!(note(&m), None);
    }

    #[test]
    fn limited_never_says_zero_of_n() {
        let mut m = module("a/routes.py", Status::Limited, Priority::Medium, 30.0);
        m.public_symbols = 7;
        m.direct_tests = vec!["t/test_api.py".into()];
        m.evidence = vec![gap_core::Evidence {
            test: "t/test_api.py".into(),
            line: 3,
            kind: EvidenceKind::Http,
            detail: Some("/users".into()),
            extra: Default::default(),
        }];
        let (text, mark) = note(&m).unwrap();
        assert_eq!(text, "tested by URL, none of its 7 public symbols used");
        assert_eq!(mark, Mark::Weak);
        assert!(!text.contains("limited: 0"));
        m.evidence.clear();
        assert_eq!(
            note(&m).unwrap().0,
            "1 direct test uses none of its 7 public symbols"
        );
        m.direct_tests = vec!["a/routes.py".into()];
        assert_eq!(
            note(&m).unwrap().0,
            "its own tests use none of its 7 public symbols"
        );
    }

    fn sym(name: &str, kind: SymbolKind, raises: u64) -> Symbol {
        Symbol {
            name: name.into(),
            kind,
            line: 1,
            branches: 0,
            raises,
            public: true,
            referenced: false,
            end_line: None,
            accepted: None,
            extra: Default::default(),
        }
    }

    #[test]
    fn missing_tests_group_methods_under_their_class() {
        let mut m = module(
            "app/db/event_repository.py",
            Status::Untested,
            Priority::Critical,
            70.0,
        );
        let methods = [
            "find",
            "count_by_kind",
            "timeline",
            "a",
            "b",
            "c",
            "d",
            "e",
            "f",
        ];
        m.missing_symbols = Some(
            methods
                .iter()
                .map(|x| format!("EventRepository.{x}"))
                .collect(),
        );
        m.symbols = methods
            .iter()
            .map(|x| sym(&format!("EventRepository.{x}"), SymbolKind::Method, 0))
            .collect();
        assert_eq!(
            plain(&missing_of(&m)),
            "EventRepository: find, count_by_kind, timeline, +6"
        );
        m.missing_symbols = Some(vec![
            "A.x".into(),
            "helper".into(),
            "A.y".into(),
            "B".into(),
        ]);
        assert_eq!(plain(&missing_of(&m)), "A: x, y; helper, +1");
        m.missing_symbols = Some(vec![
            "Event.validate".into(),
            "Event".into(),
            "Order".into(),
        ]);
        assert_eq!(plain(&missing_of(&m)), "Event: validate; Order");
    }

    #[test]
    fn error_cases_only_where_the_untested_code_raises() {
        let mut m = module("app/x.py", Status::Limited, Priority::High, 50.0);
        m.symbols = vec![
            sym("checked", SymbolKind::Function, 2),
            sym("plain", SymbolKind::Function, 0),
        ];
        m.raises = vec![Raise {
            line: 3,
            name: "ValueError".into(),
            extra: Default::default(),
        }];
        m.missing_symbols = Some(vec!["plain".into()]);
        assert_eq!(plain(&missing_of(&m)), "plain", "the raising one is tested");
        m.missing_symbols = Some(vec!["checked".into(), "plain".into()]);
        assert_eq!(plain(&missing_of(&m)), "checked, plain, error cases");
        // A class without public methods of its own that raise stays without; one whose method raises has them.
        m.symbols = vec![
            sym("Repo", SymbolKind::Class, 0),
            sym("Repo.get", SymbolKind::Method, 1),
        ];
        m.missing_symbols = Some(vec!["Repo".into()]);
        assert_eq!(plain(&missing_of(&m)), "Repo, error cases");
        // Without symbol details, the module's raise sites decide.
        m.symbols.clear();
        assert!(missing_of(&m).error_cases);
    }

    #[test]
    fn without_missing_symbols_the_cell_says_what_tests_are_missing() {
        let mut m = module("a/x.py", Status::Untested, Priority::High, 50.0);
        assert_eq!(plain(&missing_of(&m)), "direct tests");
        m.public_symbols = 3;
        assert_eq!(plain(&missing_of(&m)), "tests for its 3 public symbols");
        m.status = Status::Limited;
        m.public_symbols = 4;
        assert_eq!(
            plain(&missing_of(&m)),
            "tests for more of its 4 public symbols"
        );
    }

    #[test]
    fn component_names_are_unique_in_the_document() {
        let paths = [
            "app/api/routes/auth.py",
            "app/domain/enums/auth.py",
            "src/flask/app.py",
            "src/flask/sansio/app.py",
            "src/flask/cli.py",
            "a/x/__init__.py",
            "b/x/__init__.py",
        ];
        let names = unique_names(paths.iter().copied());
        let got: Vec<&str> = paths.iter().map(|p| names[p].as_str()).collect();
        assert_eq!(
            got,
            [
                "routes/auth.py",
                "enums/auth.py",
                "flask/app.py",
                "sansio/app.py",
                "cli.py",
                "a/x/__init__.py",
                "b/x/__init__.py"
            ]
        );
    }

    #[test]
    fn critical_rows_name_three_symbols_then_more() {
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
        let row = &r.critical[0];
        assert_eq!(row.component, Component::File("auth.py".into()));
        assert_eq!(row.test_type, TestType::Integration);
        assert_eq!(
            plain(&row.missing),
            "login, verify, refresh, +1, error cases"
        );
        assert_eq!(r.critical_more, 0);
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
            end_line: None,
            accepted: None,
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
        assert_eq!(
            r.critical[0].component,
            Component::Group {
                name: "Events".into(),
                modules: 5,
                lines: 200
            }
        );
        assert_eq!(file(&r.critical[1]), "a.py");
        let row = &r.critical[0];
        assert_eq!(row.priority, Priority::Critical, "the highest among them");
        assert_eq!(row.test_type, TestType::Integration, "3 of 4 are");
        assert_eq!(
            plain(&row.missing),
            "Event3: check; Event2: check; Event1: check, +5"
        );
        assert_eq!(row.why, "no test imports or reaches any of its 5 modules");
        assert_eq!(r.trees[0].heading, Heading::AllUntested);
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
        assert_eq!(file(&r.critical[0]), "e2.py");
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
        assert_eq!(file(&r.critical[0]), "z.py");
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
        let names: Vec<&str> = r.critical.iter().map(file).collect();
        assert_eq!(names, ["d.py", "c.py", "a.py", "b.py"]);
    }

    #[test]
    fn trees_hold_gaps_missing_first_and_name_tested_neighbours() {
        let mut tested = module("app/s/ok.py", Status::Tested, Priority::Low, 0.0);
        tested.direct_tests = vec!["t.py".into()];
        let worse = module("app/s/worse.py", Status::Untested, Priority::High, 50.0);
        let bad = module("app/s/bad.py", Status::Untested, Priority::Medium, 41.0);
        let tie = module("app/s/abc.py", Status::Untested, Priority::Medium, 41.0);
        let mut weak = module("app/s/weak.py", Status::ImportOnly, Priority::High, 55.0);
        weak.import_only_tests = vec!["t.py".into()];
        let mut skipped = module("app/s/consts.py", Status::Untested, Priority::Low, 0.0);
        skipped.testable = false;
        let clean = module("app/clean/fine.py", Status::Tested, Priority::Low, 0.0);
        let r = build_c(
            &doc(vec![tested, worse, bad, tie, weak, skipped, clean]),
            10,
        )
        .unwrap();
        assert_eq!(r.trees.len(), 1);
        let names: Vec<&str> = r.trees[0].lines.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["worse.py", "abc.py", "bad.py", "weak.py"]);
        assert_eq!(r.trees[0].folder, "app/s/");
        assert_eq!(r.trees[0].heading, Heading::Zero(3, 5));
        assert_eq!(r.trees[0].tested, ["ok.py"]);
        assert_eq!(r.fully_tested, ["Clean"]);
        assert_eq!(r.categories, 2);
        let summary: Vec<&str> = r.summary.iter().map(|s| s.category.as_str()).collect();
        assert_eq!(summary, ["Clean", "S"], "by category folder");
    }

    #[test]
    fn summary_detail_shows_the_most_urgent_lines_and_counts_the_rest() {
        let modules: Vec<Module> = (0..12)
            .chain(100..160)
            .map(|i| {
                let mut m = module(
                    &format!("app/s/m{i:02}.py"),
                    if i % 3 == 0 {
                        Status::ImportOnly
                    } else {
                        Status::Untested
                    },
                    Priority::Medium,
                    40.0 - i as f64,
                );
                m.import_only_tests = vec!["t.py".into()];
                m
            })
            .collect();
        let r = build(&doc(modules), 10, By::Category, Detail::Summary).unwrap();
        let t = &r.trees[0];
        assert_eq!(t.lines.len(), 5);
        assert!(t.lines.iter().all(|l| l.mark == Mark::Missing), "❌ first");
        assert_eq!(t.hidden, (43, 24));
        assert_eq!(tree_lines_for(150, 60), 60, "few gaps: every one");
        assert_eq!(tree_lines_for(150, 61), 5);
        assert_eq!(tree_lines_for(880, 700), 14);
        assert_eq!(tree_lines_for(5000, 4000), 15);
    }

    #[test]
    fn nested_modules_show_their_path_from_the_category_folder() {
        let mut c = module(
            "app/db/repositories/admin/admin_repo.py",
            Status::Untested,
            Priority::High,
            50.0,
        );
        c.category = "app/db/repositories".into();
        let d = module(
            "app/db/repositories/event_repo.py",
            Status::Untested,
            Priority::High,
            51.0,
        );
        let r = build_c(&doc(vec![c, d]), 10).unwrap();
        let names: Vec<&str> = r.trees[0].lines.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["event_repo.py", "admin/admin_repo.py"]);
    }

    #[test]
    fn verdict_classes_add_up() {
        let mut limited = module("a/l.py", Status::Limited, Priority::Medium, 30.0);
        limited.direct_tests = vec!["t.py".into()];
        let mut imported = module("a/i.py", Status::ImportOnly, Priority::Medium, 30.0);
        imported.import_only_tests = vec!["t.py".into()];
        let r = build_c(
            &doc(vec![
                module("a/u.py", Status::Untested, Priority::Critical, 70.0),
                module("a/v.py", Status::Indirect, Priority::High, 50.0),
                limited,
                imported,
            ]),
            10,
        )
        .unwrap();
        let v = &r.verdict;
        assert_eq!(
            (
                v.direct_percent,
                v.modules,
                v.no_direct,
                v.import_only,
                v.critical,
                v.high
            ),
            (25, 4, 2, 1, 1, 1)
        );
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
                summary: tally(if lang == "rust" { 0 } else { 1 }, 1, 0),
                extra: Default::default(),
            });
        }
        let r = build(&d, 10, By::Language, Detail::Summary).unwrap();
        let rows: Vec<&str> = r.summary.iter().map(|s| s.category.as_str()).collect();
        assert_eq!(rows, ["go", "python"]);
        assert_eq!(r.categories, 1, "the overview still counts categories");
    }

    #[test]
    fn excluded_files_are_counted_by_reason() {
        let mut d = doc(vec![module(
            "a/x.py",
            Status::Untested,
            Priority::High,
            50.0,
        )]);
        for (p, r) in [
            ("a/gen.py", "generated"),
            ("b/gen.py", "generated"),
            (".github/", "hidden"),
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
            message: "no test files found".into(),
            extra: Default::default(),
        });
        d.warnings.push(gap_core::Warning {
            path: "a/bad.py".into(),
            message: "not UTF-8".into(),
            extra: Default::default(),
        });
        let r = build_c(&d, 10).unwrap();
        assert_eq!(
            r.excluded,
            [("generated".to_string(), 2), ("hidden".to_string(), 1)]
        );
        assert_eq!(r.notes, ["no test files found"]);
    }
}
