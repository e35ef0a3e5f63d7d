//! gap-rank: reads a gap/1 document, gives every module a priority, a score broken into parts, the reasons,
//! the kind of test it needs and an estimate of the tests it misses, and adds per-category and total tallies.

pub mod estimate;
pub mod knowledge;
pub mod score;

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Result;
use clap::Parser;
use gap_core::{Document, Exit, Module, Priority, Tally, TestType, Tool};

/// Ranks the test gaps of a gap/1 document: reads it from FILE or stdin, writes it back with priorities.
#[derive(Debug, Parser)]
#[command(name = "gap-rank", version, about)]
pub struct Args {
    /// The document to rank (`-` or absent: stdin).
    pub file: Option<PathBuf>,
}

/// Runs gap-rank.
pub fn run(args: Args) -> Result<Exit> {
    let mut doc = gap_core::read_input(args.file.as_deref())?;
    rank(&mut doc);
    gap_core::write_document(&doc, std::io::stdout().lock())?;
    Ok(Exit::Success)
}

/// Ranks every module and writes the tallies, in place.
pub fn rank(doc: &mut Document) {
    for m in &mut doc.modules {
        rank_module(m);
    }
    let mut by_category: BTreeMap<&str, (Tally, Option<Priority>)> = BTreeMap::new();
    let mut by_language: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut total = Tally::default();
    for m in doc.modules.iter().filter(|m| m.testable) {
        let entry = by_category.entry(m.category.as_str()).or_default();
        entry.0.add(m);
        entry.1 = entry.1.max(m.priority);
        by_language.entry(m.language.as_str()).or_default().add(m);
        total.add(m);
    }
    let languages = by_language
        .into_iter()
        .map(|(language, summary)| gap_core::LanguageSummary {
            language: language.to_string(),
            summary,
            extra: Default::default(),
        })
        .collect();
    for c in &mut doc.categories {
        let (tally, priority) = by_category.remove(c.id.as_str()).unwrap_or_default();
        c.summary = Some(tally);
        c.priority = priority;
    }
    doc.summary = Some(total);
    doc.languages = languages;
    doc.stamp(Tool::new("gap-rank", env!("CARGO_PKG_VERSION")));
}

/// Ranks one module: priority, score, parts, reasons, test type, missing tests.
pub fn rank_module(m: &mut Module) {
    let (missing, missing_symbols) = estimate::missing(m);
    m.missing_tests = Some(missing);
    m.missing_symbols = Some(missing_symbols);
    let (test_type, why) = match knowledge::integration_import(&m.external_imports) {
        Some((import, what)) => (
            TestType::Integration,
            Some(format!("imports {import} ({what})")),
        ),
        None => (TestType::Unit, None),
    };
    m.test_type = Some(test_type);
    m.test_type_reason = why;
    if !m.testable {
        m.score = Some(0.0);
        m.priority = Some(Priority::Low);
        m.score_parts = Some(Vec::new());
        m.reasons = Some(vec!["defines no functions or classes".to_string()]);
        return;
    }
    let (parts, reasons) = score::score(m);
    let total = score::round1(parts.iter().map(|p| p.value).sum());
    m.score = Some(total);
    m.priority = Some(score::priority(total));
    m.score_parts = Some(parts);
    m.reasons = Some(reasons.into_iter().map(|(_, r)| r).collect());
}

#[cfg(test)]
mod tests {
    use super::*;
    use gap_core::{Status, Symbol, SymbolKind};

    fn sym(name: &str, kind: SymbolKind, branches: u64, referenced: bool) -> Symbol {
        Symbol {
            name: name.into(),
            kind,
            line: 1,
            branches,
            raises: 0,
            public: !name.rsplit('.').next().unwrap().starts_with('_'),
            referenced,
            extra: Default::default(),
        }
    }

    fn module(path: &str, status: Status, code_lines: u64, branches: u64) -> Module {
        let mut m = Module::new(path, "python");
        m.status = status;
        m.code_lines = code_lines;
        m.lines = code_lines + 10;
        m.branches = branches;
        m
    }

    fn ranked(mut m: Module) -> Module {
        rank_module(&mut m);
        m
    }

    #[test]
    fn each_signal_raises_the_score() {
        let base = ranked(module("app/x.py", Status::Untested, 0, 0));
        assert_eq!(base.score, Some(40.0));
        assert_eq!(base.priority, Some(Priority::Medium));
        let big = ranked(module("app/x.py", Status::Untested, 300, 0));
        assert_eq!(big.score, Some(55.0));
        assert_eq!(big.priority, Some(Priority::High));
        let branchy = ranked(module("app/x.py", Status::Untested, 0, 25));
        assert_eq!(branchy.score, Some(47.5));
        let mut used = module("app/x.py", Status::Untested, 0, 0);
        used.imported_by = (0..20).map(|i| format!("m{i}.py")).collect();
        assert_eq!(ranked(used).score, Some(55.0), "fan-in is capped at 15");
        let auth = ranked(module("app/auth_service.py", Status::Untested, 0, 0));
        assert_eq!(auth.score, Some(60.0));
        assert_eq!(auth.priority, Some(Priority::Critical));
        assert_eq!(
            auth.reasons.as_ref().unwrap()[0],
            "no test imports it or reaches it"
        );
        assert_eq!(
            auth.reasons.as_ref().unwrap()[1],
            "name suggests authentication"
        );
    }

    #[test]
    fn worse_statuses_rank_higher() {
        let order = [
            Status::Untested,
            Status::ImportOnly,
            Status::Indirect,
            Status::Limited,
            Status::Tested,
        ];
        let scores: Vec<f64> = order
            .iter()
            .map(|&s| {
                let mut m = module("app/x.py", s, 150, 10);
                m.symbol_coverage = Some(0.5);
                ranked(m).score.unwrap()
            })
            .collect();
        assert!(scores.windows(2).all(|w| w[0] > w[1]), "{scores:?}");
    }

    #[test]
    fn fully_referenced_modules_score_nothing() {
        let mut m = module("app/auth.py", Status::Tested, 300, 50);
        m.symbol_coverage = Some(1.0);
        let m = ranked(m);
        assert_eq!(m.score, Some(0.0));
        assert_eq!(m.priority, Some(Priority::Low));
    }

    #[test]
    fn missing_tests_follow_the_documented_formula() {
        let mut m = module("app/x.py", Status::Limited, 10, 10);
        m.symbols = vec![
            sym("plain", SymbolKind::Function, 0, false),     // 1
            sym("branchy", SymbolKind::Function, 7, false),   // 1 + ceil(7/3) = 4
            sym("done", SymbolKind::Function, 9, true),       // referenced: 0
            sym("_private", SymbolKind::Function, 9, false),  // private: 0
            sym("Model", SymbolKind::Class, 0, false),        // no public methods: 1
            sym("Service", SymbolKind::Class, 0, false),      // has public methods: counted there
            sym("Service.run", SymbolKind::Method, 3, false), // 1 + 1 = 2
            sym("Service.__init__", SymbolKind::Method, 3, false), // private: 0
        ];
        let m = ranked(m);
        assert_eq!(m.missing_tests, Some(8));
        assert_eq!(
            m.missing_symbols.unwrap(),
            vec!["branchy", "Service.run", "plain", "Model"]
        );
    }

    #[test]
    fn test_type_comes_from_imports() {
        let mut m = module("app/repo.py", Status::Untested, 10, 0);
        m.external_imports = vec!["pydantic".into(), "sqlalchemy.orm".into()];
        let m = ranked(m);
        assert_eq!(m.test_type, Some(TestType::Integration));
        assert_eq!(
            m.test_type_reason.as_deref(),
            Some("imports sqlalchemy.orm (a database)")
        );
        assert_eq!(
            ranked(module("app/pure.py", Status::Untested, 1, 0)).test_type,
            Some(TestType::Unit)
        );
    }

    #[test]
    fn tallies_add_up_per_category_and_in_total() {
        let mut doc = Document::new(Tool::new("gap-scan", "0"), "r");
        let mut a = module("app/a.py", Status::Untested, 10, 0);
        a.public_symbols = 2;
        let mut b = module("app/b.py", Status::Tested, 10, 0);
        b.public_symbols = 2;
        b.referenced_symbols = 2;
        b.symbol_coverage = Some(1.0);
        let mut c = module("lib/c.py", Status::Limited, 10, 0);
        c.public_symbols = 4;
        c.referenced_symbols = 1;
        c.symbol_coverage = Some(0.25);
        let mut empty = module("lib/__init__.py", Status::Untested, 0, 0);
        empty.testable = false;
        doc.modules = vec![a, b, c, empty];
        for id in ["app", "lib"] {
            doc.categories.push(gap_core::Category {
                id: id.into(),
                name: id.into(),
                languages: vec!["python".into()],
                modules: vec![],
                summary: None,
                priority: None,
                extra: Default::default(),
            });
        }
        rank(&mut doc);
        let app = doc.categories[0].summary.as_ref().unwrap();
        assert_eq!(
            (app.modules, app.untested, app.tested, app.coverage_percent),
            (2, 1, 1, 50)
        );
        let lib = doc.categories[1].summary.as_ref().unwrap();
        assert_eq!(
            (
                lib.modules,
                lib.limited,
                lib.coverage_percent,
                lib.symbol_coverage_percent
            ),
            (1, 1, 100, 25)
        );
        let total = doc.summary.as_ref().unwrap();
        assert_eq!(
            (total.modules, total.untested, total.coverage_percent),
            (3, 1, 67)
        );
        assert_eq!(total.symbol_coverage_percent, 38, "3 of 8 symbols");
        assert_eq!(total.missing_tests, app.missing_tests + lib.missing_tests);
        assert_eq!(doc.stages.last().unwrap().name, "gap-rank");
    }
}
