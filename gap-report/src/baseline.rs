//! Comparing with an earlier ranked document (`gap-report --baseline OLD.json`): new gaps, closed gaps, modules
//! whose status or priority changed, renames, and coverage deltas per category.
//!
//! Modules are matched by path; then a module the scan recorded as renamed (`changed.renamed_from`, from git
//! through `gap-scan --since`, or a diff's `rename from` lines) is matched with its old path; then what is left
//! on each side is matched by the similarity of its symbol names (same language, Jaccard index at least
//! [`SIMILAR`] over at least two shared names, or one shared name and the same file name), best pairs first.
//! gap-report runs no git itself: it may not have the tree, and a document names no tree it could trust.
//!
//! A gap is a testable module that is not `tested` and not accepted. It is new when its module is new, or its
//! old self was not a gap; closed when its old self was a gap and it is no longer one or is gone. A gap rose
//! when its priority went up.

use std::collections::{BTreeMap, BTreeSet};

use gap_core::{Document, Module, Priority, Status, Tally};

/// The lowest symbol-name similarity that matches a renamed module without git's word.
pub const SIMILAR: f64 = 0.6;

/// How a rename was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenameBy {
    /// git (or the diff) said so.
    Git,
    /// The modules define the same names.
    Symbols,
}

/// A module's state on one side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    /// Status.
    pub status: Status,
    /// Priority.
    pub priority: Priority,
    /// True when it is a gap: testable, not tested, not accepted.
    pub gap: bool,
}

impl State {
    fn of(m: &Module) -> State {
        State {
            status: m.status,
            priority: m.priority.unwrap_or(Priority::Low),
            gap: m.is_open_gap(),
        }
    }
}

/// One module of the comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Its path now (or, when gone, then).
    pub path: String,
    /// Its path in the baseline, when it differs.
    pub renamed_from: Option<(String, RenameBy)>,
    /// Its state in the baseline (`None`: new module).
    pub old: Option<State>,
    /// Its state now (`None`: gone).
    pub new: Option<State>,
}

impl Entry {
    /// A gap now that was none before.
    pub fn is_new_gap(&self) -> bool {
        self.new.as_ref().is_some_and(|n| n.gap) && self.old.as_ref().is_none_or(|o| !o.gap)
    }

    /// A gap before that is none now.
    pub fn is_closed(&self) -> bool {
        self.old.as_ref().is_some_and(|o| o.gap) && self.new.as_ref().is_none_or(|n| !n.gap)
    }

    /// A gap on both sides whose status or priority changed.
    pub fn is_changed(&self) -> bool {
        match (&self.old, &self.new) {
            (Some(o), Some(n)) => {
                o.gap && n.gap && (o.status != n.status || o.priority != n.priority)
            }
            _ => false,
        }
    }

    /// A gap now at `level` or above that was not a gap at `level` or above before: new, or rose to it.
    pub fn reached(&self, level: Priority) -> bool {
        let now = self
            .new
            .as_ref()
            .is_some_and(|n| n.gap && n.priority >= level);
        now && self
            .old
            .as_ref()
            .is_none_or(|o| !o.gap || o.priority < level)
    }
}

/// The coverage of one category (or the total) on both sides.
#[derive(Debug, Clone, PartialEq)]
pub struct Delta {
    /// Display name.
    pub name: String,
    /// Its tally in the baseline (`None`: new category).
    pub old: Option<Tally>,
    /// Its tally now (`None`: gone).
    pub new: Option<Tally>,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The baseline as named on the command line.
    pub source: String,
    /// The commit the baseline's scan was at, when it recorded one.
    pub commit: Option<String>,
    /// Every module that is a gap on either side, or renamed, by path.
    pub entries: Vec<Entry>,
    /// Categories whose counts changed, by name, then the total last.
    pub categories: Vec<Delta>,
    /// The totals.
    pub total: Delta,
}

impl Comparison {
    /// New gaps.
    pub fn new_gaps(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.is_new_gap())
    }

    /// Closed gaps.
    pub fn closed(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.is_closed())
    }

    /// Gaps whose status or priority changed.
    pub fn changed(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.is_changed())
    }

    /// Renamed modules.
    pub fn renamed(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.renamed_from.is_some())
    }
}

/// Names of `m`'s symbols.
fn names(m: &Module) -> BTreeSet<&str> {
    m.symbols.iter().map(|s| s.name.as_str()).collect()
}

/// The similarity of two modules' symbol names, if it is enough to take one for the other renamed.
fn similarity(a: &Module, b: &Module) -> Option<f64> {
    if a.language != b.language {
        return None;
    }
    let (x, y) = (names(a), names(b));
    let shared = x.intersection(&y).count();
    let all = x.union(&y).count();
    if all == 0 {
        return None;
    }
    let j = shared as f64 / all as f64;
    let enough = shared >= 2 || (shared == 1 && a.file_name() == b.file_name());
    (enough && j >= SIMILAR).then_some(j)
}

/// Old path -> (new path, how) for modules not matched by path.
fn renames(old: &Document, new: &Document) -> BTreeMap<String, (String, RenameBy)> {
    let old_paths: BTreeSet<&str> = old.modules.iter().map(|m| m.path.as_str()).collect();
    let new_paths: BTreeSet<&str> = new.modules.iter().map(|m| m.path.as_str()).collect();
    let mut out: BTreeMap<String, (String, RenameBy)> = BTreeMap::new();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for m in new
        .modules
        .iter()
        .filter(|m| !old_paths.contains(m.path.as_str()))
    {
        let from = m.changed.as_ref().and_then(|c| c.renamed_from.as_deref());
        if let Some(from) = from.filter(|f| old_paths.contains(f) && !new_paths.contains(f)) {
            if !out.contains_key(from) {
                out.insert(from.to_string(), (m.path.clone(), RenameBy::Git));
                taken.insert(m.path.clone());
            }
        }
    }
    let gone: Vec<&Module> = old
        .modules
        .iter()
        .filter(|m| !new_paths.contains(m.path.as_str()) && !out.contains_key(&m.path))
        .collect();
    let arrived: Vec<&Module> = new
        .modules
        .iter()
        .filter(|m| !old_paths.contains(m.path.as_str()) && !taken.contains(&m.path))
        .collect();
    let mut pairs: Vec<(f64, &str, &str)> = Vec::new();
    for a in &gone {
        for b in &arrived {
            if let Some(j) = similarity(a, b) {
                pairs.push((j, &a.path, &b.path));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(y.1)).then(x.2.cmp(y.2)));
    for (_, from, to) in pairs {
        if out.contains_key(from) || taken.contains(to) {
            continue;
        }
        out.insert(from.to_string(), (to.to_string(), RenameBy::Symbols));
        taken.insert(to.to_string());
    }
    out
}

/// Per-category deltas: categories by id on both sides, those whose counts changed, by name.
fn deltas(old: &Document, new: &Document) -> Vec<Delta> {
    let mut by_id: BTreeMap<&str, Delta> = BTreeMap::new();
    for c in &old.categories {
        by_id.insert(
            &c.id,
            Delta {
                name: c.name.clone(),
                old: c.summary.clone().filter(|t| t.modules > 0),
                new: None,
            },
        );
    }
    for c in &new.categories {
        let entry = by_id.entry(&c.id).or_insert_with(|| Delta {
            name: c.name.clone(),
            old: None,
            new: None,
        });
        entry.name = c.name.clone();
        entry.new = c.summary.clone().filter(|t| t.modules > 0);
    }
    let key = |t: &Option<Tally>| {
        t.as_ref().map(|t| {
            (
                t.modules,
                t.no_direct,
                t.weak,
                t.coverage_percent,
                t.missing_tests,
            )
        })
    };
    let mut out: Vec<Delta> = by_id
        .into_values()
        .filter(|d| key(&d.old) != key(&d.new))
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Compares `new` with the baseline `old` (named `source`).
pub fn compare(old: &Document, new: &Document, source: &str) -> Comparison {
    let renamed = renames(old, new);
    let new_of: BTreeMap<&str, &str> = renamed
        .iter()
        .map(|(from, (to, _))| (from.as_str(), to.as_str()))
        .collect();
    let old_by_new: BTreeMap<&str, (&str, RenameBy)> = renamed
        .iter()
        .map(|(from, (to, by))| (to.as_str(), (from.as_str(), *by)))
        .collect();
    let olds: BTreeMap<&str, &Module> = old.modules.iter().map(|m| (m.path.as_str(), m)).collect();
    let news: BTreeMap<&str, &Module> = new.modules.iter().map(|m| (m.path.as_str(), m)).collect();
    let mut entries = Vec::new();
    for m in new.modules.iter().filter(|m| m.testable) {
        let (old_m, renamed_from) = match old_by_new.get(m.path.as_str()) {
            Some((from, by)) => (olds.get(from), Some((from.to_string(), *by))),
            None => (olds.get(m.path.as_str()), None),
        };
        let entry = Entry {
            path: m.path.clone(),
            renamed_from,
            old: old_m.filter(|o| o.testable).map(|o| State::of(o)),
            new: Some(State::of(m)),
        };
        if entry.old.as_ref().is_some_and(|o| o.gap)
            || entry.new.as_ref().is_some_and(|n| n.gap)
            || entry.renamed_from.is_some()
        {
            entries.push(entry);
        }
    }
    for m in old.modules.iter().filter(|m| m.testable && m.is_open_gap()) {
        let still = news.contains_key(m.path.as_str()) || new_of.contains_key(m.path.as_str());
        if !still {
            entries.push(Entry {
                path: m.path.clone(),
                renamed_from: None,
                old: Some(State::of(m)),
                new: None,
            });
        }
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    Comparison {
        source: source.to_string(),
        commit: old.head_commit.clone(),
        entries,
        categories: deltas(old, new),
        total: Delta {
            name: "TOTAL".to_string(),
            old: old.summary.clone(),
            new: new.summary.clone(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gaps::tests::{doc, module};
    use gap_core::{ModuleChange, Symbol, SymbolKind};

    fn with_symbols(mut m: Module, names: &[&str]) -> Module {
        m.symbols = names
            .iter()
            .enumerate()
            .map(|(i, n)| Symbol::new(n, SymbolKind::Function, i as u64 + 1, true))
            .collect();
        m
    }

    #[test]
    fn new_closed_changed_and_renamed_gaps() {
        let old = doc(vec![
            module("a/kept.py", Status::Untested, Priority::Medium, 30.0),
            module("a/fixed.py", Status::Untested, Priority::High, 50.0),
            module("a/gone.py", Status::Untested, Priority::Low, 10.0),
            with_symbols(
                module("a/old_name.py", Status::Untested, Priority::High, 50.0),
                &["parse", "render", "Thing"],
            ),
            with_symbols(
                module("a/moved.py", Status::Untested, Priority::Low, 10.0),
                &["x"],
            ),
        ]);
        let mut moved = with_symbols(
            module("b/elsewhere.py", Status::Untested, Priority::Low, 10.0),
            &["y"],
        );
        moved.changed = Some(ModuleChange {
            renamed_from: Some("a/moved.py".into()),
            ..Default::default()
        });
        let new = doc(vec![
            module("a/kept.py", Status::Untested, Priority::High, 50.0),
            module("a/fixed.py", Status::Tested, Priority::Low, 0.0),
            module("a/fresh.py", Status::Untested, Priority::Critical, 70.0),
            with_symbols(
                module("a/new_name.py", Status::Untested, Priority::High, 50.0),
                &["parse", "render", "Thing", "extra"],
            ),
            moved,
        ]);
        let c = compare(&old, &new, "base.json");
        let paths = |it: &mut dyn Iterator<Item = &Entry>| -> Vec<String> {
            it.map(|e| e.path.clone()).collect()
        };
        assert_eq!(paths(&mut c.new_gaps()), ["a/fresh.py"]);
        assert_eq!(paths(&mut c.closed()), ["a/fixed.py", "a/gone.py"]);
        assert_eq!(paths(&mut c.changed()), ["a/kept.py"]);
        let renamed: Vec<(String, String, RenameBy)> = c
            .renamed()
            .map(|e| {
                let (from, by) = e.renamed_from.clone().unwrap();
                (from, e.path.clone(), by)
            })
            .collect();
        assert_eq!(
            renamed,
            [
                (
                    "a/old_name.py".to_string(),
                    "a/new_name.py".to_string(),
                    RenameBy::Symbols
                ),
                (
                    "a/moved.py".to_string(),
                    "b/elsewhere.py".to_string(),
                    RenameBy::Git
                ),
            ]
        );
        let kept = c.entries.iter().find(|e| e.path == "a/kept.py").unwrap();
        assert!(kept.reached(Priority::High) && !kept.reached(Priority::Medium));
        let fresh = c.entries.iter().find(|e| e.path == "a/fresh.py").unwrap();
        assert!(fresh.reached(Priority::Critical));
        let renamed_gap = c
            .entries
            .iter()
            .find(|e| e.path == "a/new_name.py")
            .unwrap();
        assert!(!renamed_gap.is_new_gap(), "a renamed gap is not new");
    }

    #[test]
    fn few_shared_names_are_no_rename() {
        let a = with_symbols(
            module("a/x.py", Status::Untested, Priority::Low, 1.0),
            &["main"],
        );
        let b = with_symbols(
            module("b/y.py", Status::Untested, Priority::Low, 1.0),
            &["main"],
        );
        assert_eq!(similarity(&a, &b), None);
        let c = with_symbols(
            module("c/x.py", Status::Untested, Priority::Low, 1.0),
            &["main"],
        );
        assert_eq!(similarity(&a, &c), Some(1.0));
    }
}
