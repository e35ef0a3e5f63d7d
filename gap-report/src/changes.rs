//! Changed code no test references: from the change a scan marked (`gap-scan --since` / `--diff`), each changed
//! module whose changed public symbols no test uses, or whose changed code has no direct test at all. The
//! report leads with it, as test-gap analysis does for a release.

use gap_core::{Document, Module, Priority, Status};

/// The change under review and what of it no test references.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeSection {
    /// `main` (`--since`) or the diff file's name (`--diff`).
    pub against: String,
    /// True for `--since` (a revision), false for `--diff` (a file).
    pub revision: bool,
    /// The merge base the change is measured from, when git gave it.
    pub base_commit: Option<String>,
    /// Modules the change adds, modifies or renames.
    pub modules: usize,
    /// Files of the scan it touches.
    pub files: usize,
    /// Changed modules with changed code no test references, most urgent first.
    pub rows: Vec<ChangedRow>,
}

/// One changed module with changed code no test references.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangedRow {
    /// The module's path.
    pub path: String,
    /// True for a new file.
    pub added: bool,
    /// Its path before, when renamed.
    pub renamed_from: Option<String>,
    /// Changed public symbols in all.
    pub changed_symbols: usize,
    /// Changed public symbols no test uses (not accepted), in file order; empty with `module_code`.
    pub untested: Vec<String>,
    /// True when the changed lines lie outside every public symbol of a module without direct tests.
    pub module_code: bool,
    /// The line to point at: the first untested changed symbol's, else the first changed line.
    pub line: u64,
    /// The module's status and priority.
    pub status: Status,
    /// Its priority.
    pub priority: Priority,
}

/// True when no test uses the module's code directly (no test file credits it with a used symbol).
fn no_direct_test(m: &Module) -> bool {
    matches!(
        m.status,
        Status::Untested | Status::Indirect | Status::ImportOnly
    ) || m.referenced_symbols == 0 && m.direct_tests.is_empty()
}

/// The row of changed module `m`, if its changed code has no test.
fn row(m: &Module) -> Option<ChangedRow> {
    let c = m.changed.as_ref()?;
    if !m.testable || m.accepted.is_some() || (c.lines.is_empty() && !c.added) {
        return None;
    }
    let bare = no_direct_test(m);
    let untested: Vec<String> = c
        .symbols
        .iter()
        .filter(|name| {
            m.symbols
                .iter()
                .find(|s| &s.name == *name)
                .is_some_and(|s| s.accepted.is_none() && (bare || !s.referenced))
        })
        .cloned()
        .collect();
    let module_code = untested.is_empty() && c.symbols.is_empty() && bare;
    if untested.is_empty() && !module_code {
        return None;
    }
    let line = untested
        .first()
        .and_then(|n| m.symbols.iter().find(|s| &s.name == n))
        .map(|s| s.line)
        .or_else(|| c.lines.first().map(|r| r[0]))
        .unwrap_or(1);
    Some(ChangedRow {
        path: m.path.clone(),
        added: c.added,
        renamed_from: c.renamed_from.clone(),
        changed_symbols: c.symbols.len(),
        untested,
        module_code,
        line,
        status: m.status,
        priority: m.priority.unwrap_or(Priority::Low),
    })
}

/// The section for `doc`, when its scan marked a change.
pub fn section(doc: &Document) -> Option<ChangeSection> {
    let info = doc.change.as_ref()?;
    let (against, revision) = match (&info.since, &info.diff) {
        (Some(rev), _) => (rev.clone(), true),
        (None, Some(file)) => (file.clone(), false),
        (None, None) => (String::new(), false),
    };
    let mut rows: Vec<ChangedRow> = doc.modules.iter().filter_map(row).collect();
    rows.sort_by(|a, b| {
        b.priority
            .cmp(&a.priority)
            .then(b.untested.len().cmp(&a.untested.len()))
            .then(a.path.cmp(&b.path))
    });
    Some(ChangeSection {
        against,
        revision,
        base_commit: info.base_commit.clone(),
        modules: doc.modules.iter().filter(|m| m.changed.is_some()).count(),
        files: info.files.len(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gaps::tests::{doc, module};
    use gap_core::{ChangeInfo, ModuleChange, Symbol, SymbolKind};

    fn changed(mut m: Module, symbols: &[(&str, bool)], changed: &[&str]) -> Module {
        m.symbols = symbols
            .iter()
            .enumerate()
            .map(|(i, (name, referenced))| Symbol {
                referenced: *referenced,
                ..Symbol::new(name, SymbolKind::Function, 10 * i as u64 + 1, true)
            })
            .collect();
        m.public_symbols = symbols.len() as u64;
        m.referenced_symbols = symbols.iter().filter(|s| s.1).count() as u64;
        if m.referenced_symbols > 0 {
            m.direct_tests = vec!["tests/test_a.py".into()];
        }
        m.changed = Some(ModuleChange {
            lines: vec![[5, 6]],
            symbols: changed.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        });
        m
    }

    #[test]
    fn rows_name_changed_code_no_test_references() {
        let tested = module("a/tested.py", Status::Tested, Priority::Low, 1.0);
        let bare = module("a/bare.py", Status::Untested, Priority::High, 50.0);
        let mut accepted = module("a/legacy.py", Status::Untested, Priority::High, 50.0);
        accepted.accepted = Some(gap_core::Accepted {
            reason: "frozen".into(),
            by: gap_core::AcceptedBy::Config,
            line: None,
            extra: Default::default(),
        });
        let mut d = doc(vec![
            // A tested module: only its changed symbol no test uses.
            changed(
                tested,
                &[("used", true), ("fresh", false)],
                &["used", "fresh"],
            ),
            // No direct test, only code outside its public symbols changed.
            changed(bare, &[("f", false)], &[]),
            // Accepted: never a row.
            changed(accepted, &[("g", false)], &["g"]),
        ]);
        d.change = Some(ChangeInfo {
            since: Some("main".into()),
            files: vec![
                "a/bare.py".into(),
                "a/legacy.py".into(),
                "a/tested.py".into(),
            ],
            ..Default::default()
        });
        let s = section(&d).unwrap();
        assert_eq!(
            (s.against.as_str(), s.revision, s.modules, s.files),
            ("main", true, 3, 3)
        );
        let rows: Vec<(&str, Vec<String>, bool, u64)> = s
            .rows
            .iter()
            .map(|r| (r.path.as_str(), r.untested.clone(), r.module_code, r.line))
            .collect();
        assert_eq!(
            rows,
            [
                ("a/bare.py", vec![], true, 5),
                ("a/tested.py", vec!["fresh".to_string()], false, 11),
            ]
        );
        d.change = None;
        assert_eq!(section(&d), None);
    }
}
