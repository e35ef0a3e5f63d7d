//! gap-rank: reads a gap/1 document, gives every module a priority, a score broken into parts, the reasons,
//! the kind of test it needs and an estimate of the tests it misses, and adds per-category and total tallies.

pub mod estimate;
pub mod knowledge;
pub mod score;

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Result;
use clap::Parser;
use gap_core::{
    escape, Config, Document, Exit, Module, Priority, ScorePart, Tally, TestType, Tool,
};

/// Ranks the test gaps of a gap/1 document: reads it from FILE or stdin, writes it back with priorities.
#[derive(Debug, Parser)]
#[command(name = "gap-rank", version, about)]
pub struct Args {
    /// The document to rank (`-` or absent: stdin).
    pub file: Option<PathBuf>,
    /// Instead of the document, print every signal, score part and the priority of the module at PATH.
    #[arg(long, value_name = "PATH")]
    pub explain: Option<String>,
}

/// Runs gap-rank.
pub fn run(args: Args) -> Result<Exit> {
    let mut doc = gap_core::read_input(args.file.as_deref())?;
    rank(&mut doc);
    if let Some(path) = &args.explain {
        let text = explain(&doc, path)
            .ok_or_else(|| anyhow::anyhow!("{path}: no such module in the document"))?;
        gap_core::write_output(&text)?;
        return Ok(Exit::Success);
    }
    gap_core::write_document(&doc, std::io::stdout().lock())?;
    Ok(Exit::Success)
}

/// Ranks every module and writes the tallies, in place, with the configuration the scan recorded.
pub fn rank(doc: &mut Document) {
    let config = doc.config.clone().unwrap_or_default();
    for m in &mut doc.modules {
        rank_module(m, &config);
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
pub fn rank_module(m: &mut Module, config: &Config) {
    let (missing, missing_symbols) = estimate::missing(m);
    m.missing_tests = Some(missing);
    m.missing_symbols = Some(missing_symbols);
    let rule = config.category_of(&m.path);
    let (test_type, why) = match (
        rule.and_then(|r| r.test_type),
        knowledge::integration_import(&m.external_imports, &config.integration_imports),
    ) {
        (Some(t), _) => (
            t,
            Some(format!(
                "category {:?} expects {} tests",
                rule.map_or("", |r| r.name.as_str()),
                t.as_str()
            )),
        ),
        (None, Some(import)) => (
            TestType::Integration,
            Some(format!(
                "imports {import} ({})",
                knowledge::talks_to(import)
            )),
        ),
        (None, None) => (TestType::Unit, None),
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
    let (mut parts, reasons) = score::score(m, config);
    let mut total: f64 = parts.iter().map(|p| p.value).sum();
    let mut reasons: Vec<String> = reasons.into_iter().map(|(_, r)| r).collect();
    if let Some(r) = rule.filter(|r| r.weight != 1.0) {
        parts.push(ScorePart {
            name: "category_weight".into(),
            value: r.weight,
        });
        total *= r.weight;
        reasons.push(format!("category {:?} weighs {}", r.name, r.weight));
    }
    let total = score::round1(total);
    let mut priority = score::priority(total, &config.priority);
    if let Some(floor) = rule
        .and_then(|r| r.floor)
        .filter(|f| *f > priority && m.status != gap_core::Status::Tested)
    {
        priority = floor;
        reasons.push(format!(
            "category {:?} keeps its gaps at {} or above",
            rule.map_or("", |r| r.name.as_str()),
            floor.as_str()
        ));
    }
    m.score = Some(total);
    m.priority = Some(priority);
    m.score_parts = Some(parts);
    m.reasons = Some(reasons);
}

/// `1 module`, `3 modules`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Every signal, score part and the priority of the module at `path` of a ranked document, as text.
pub fn explain(doc: &Document, path: &str) -> Option<String> {
    let m = doc.modules.iter().find(|m| m.path == path)?;
    let config = doc.config.clone().unwrap_or_default();
    let mut out = format!(
        "{}  ({}, category {:?})\n\n",
        m.path, m.language, m.category
    );
    let h = m.history.clone();
    let signals: Vec<(&str, String)> = vec![
        ("status", m.status.as_str().to_string()),
        ("direct tests", m.direct_tests.len().to_string()),
        ("import-only tests", m.import_only_tests.len().to_string()),
        (
            "reached via",
            if m.indirect_via.is_empty() {
                "-".into()
            } else {
                m.indirect_via.join(", ")
            },
        ),
        (
            "public symbols",
            format!(
                "{} used by tests of {}",
                m.referenced_symbols, m.public_symbols
            ),
        ),
        ("lines", format!("{} ({} code)", m.lines, m.code_lines)),
        ("branch points", m.branches.to_string()),
        ("complexity risk", format!("{:.1}", score::crap(m))),
        ("fan-in", count(m.imported_by.len(), "module")),
        ("fan-out", count(m.imports.len(), "module")),
        ("raise sites", m.raises.len().to_string()),
        (
            "history",
            match (&h, &doc.history) {
                (Some(h), _) => format!(
                    "{} by {} in {} days, last change {} days before the newest commit",
                    count(h.commits as usize, "commit"),
                    count(h.authors as usize, "author"),
                    config.history.window_days,
                    h.last_change_days
                ),
                (None, Some(info)) => info.note.clone().unwrap_or_else(|| "none".into()),
                (None, None) => "none".into(),
            },
        ),
        (
            "sensitive name",
            knowledge::sensitive_word(&m.path, &config.sensitive).unwrap_or_else(|| "no".into()),
        ),
        (
            "test type",
            format!(
                "{}{}",
                m.test_type.map_or("", |t| t.as_str()),
                m.test_type_reason
                    .as_ref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default()
            ),
        ),
    ];
    out.push_str("signals\n");
    for (k, v) in signals {
        out.push_str(&format!("  {k:<18} {v}\n"));
    }
    out.push_str("\nevidence (where each credit comes from: kind, file:line, what was matched)\n");
    if m.evidence.is_empty() {
        out.push_str("  none\n");
    }
    for e in &m.evidence {
        let at = match e.line {
            0 => escape::line(&e.test).into_owned(),
            n => format!("{}:{n}", escape::line(&e.test)),
        };
        let detail = e
            .detail
            .as_deref()
            .map(|d| format!("  {}", escape::line(d)))
            .unwrap_or_default();
        out.push_str(&format!("  {:<10} {at}{detail}\n", e.kind.as_str()));
    }
    out.push_str("\nscore parts\n");
    for p in m.score_parts.iter().flatten() {
        out.push_str(&format!("  {:<18} {:>6.1}\n", p.name, p.value));
    }
    let t = &config.priority;
    out.push_str(&format!(
        "  {:<18} {:>6.1}\n\npriority {}  (CRITICAL >= {}, HIGH >= {}, MEDIUM >= {})\n",
        "score",
        m.score.unwrap_or(0.0),
        m.priority.map_or("?", |p| p.as_str()),
        t.critical,
        t.high,
        t.medium
    ));
    out.push_str(&format!(
        "estimated missing tests {}\n\nreasons\n",
        m.missing_tests.unwrap_or(0)
    ));
    for r in m.reasons.iter().flatten() {
        out.push_str(&format!("  - {r}\n"));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gap_core::{EvidenceKind, Status, Symbol, SymbolKind};

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

    fn ranked(m: Module) -> Module {
        ranked_with(m, &Config::default())
    }

    fn ranked_with(mut m: Module, config: &Config) -> Module {
        rank_module(&mut m, config);
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
        let mut branchy = module("app/x.py", Status::Untested, 0, 4);
        branchy.symbols = vec![sym("f", SymbolKind::Function, 4, false)];
        let branchy = ranked(branchy);
        assert_eq!(
            branchy.score,
            Some(44.5),
            "cc 5: 5² + 5 = 30 of 100 for 15 points"
        );
        let mut churned = module("app/x.py", Status::Untested, 0, 0);
        churned.history = Some(gap_core::ModuleHistory {
            commits: 10,
            authors: 2,
            last_change_days: 3,
        });
        let churned = ranked(churned);
        assert_eq!(churned.score, Some(47.5));
        assert_eq!(
            churned.reasons.as_ref().unwrap()[1],
            "changed in 10 commits over 90 days by 2 authors"
        );
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
    fn complexity_risk_falls_as_tests_cover_functions() {
        let mut m = module("app/x.py", Status::Limited, 0, 0);
        m.symbols = vec![
            sym("hard", SymbolKind::Function, 6, false),
            sym("easy", SymbolKind::Function, 0, true),
        ];
        assert_eq!(
            score::crap(&m),
            49.0 + 7.0 + 1.0,
            "hard: 7² + 7; easy covered: 1"
        );
        m.symbols[0].referenced = true;
        assert_eq!(score::crap(&m), 8.0);
        m.status = Status::ImportOnly;
        assert_eq!(
            score::crap(&m),
            56.0 + 2.0,
            "without direct tests nothing counts as covered"
        );
    }

    #[test]
    fn configuration_moves_priorities() {
        let mut config = Config::default();
        config.priority.medium = 41.0;
        assert_eq!(
            ranked_with(module("app/x.py", Status::Untested, 0, 0), &config).priority,
            Some(Priority::Low)
        );
        config.score.untested = 70.0;
        assert_eq!(
            ranked_with(module("app/x.py", Status::Untested, 0, 0), &config).priority,
            Some(Priority::Critical)
        );
        let config = Config {
            sensitive: vec!["vault".into()],
            ..Default::default()
        };
        let v = ranked_with(module("app/vault.py", Status::Untested, 0, 0), &config);
        assert_eq!(v.reasons.unwrap()[1], "name suggests vault (sensitive)");
        assert_eq!(
            ranked_with(module("app/auth.py", Status::Untested, 0, 0), &config).score,
            Some(40.0)
        );
    }

    #[test]
    fn category_rules_weigh_floor_and_type() {
        let config: Config = gap_core::config::parse(
            "[[category]]\nname = \"Events\"\npaths = [\"app/events/*.py\"]\nweight = 1.5\ntest_type = \"Integration\"\nfloor = \"CRITICAL\"\n",
            "gap.toml",
            gap_core::config::Source::GapToml,
        )
        .unwrap()
        .unwrap();
        let e = ranked_with(
            module("app/events/user.py", Status::Untested, 0, 0),
            &config,
        );
        assert_eq!(e.score, Some(60.0), "40 × 1.5");
        assert_eq!(e.priority, Some(Priority::Critical));
        assert_eq!(e.test_type, Some(TestType::Integration));
        assert_eq!(
            e.test_type_reason.as_deref(),
            Some("category \"Events\" expects Integration tests")
        );
        let mut low = module("app/events/small.py", Status::Limited, 0, 0);
        low.symbol_coverage = Some(0.9);
        let low = ranked_with(low, &config);
        assert_eq!(
            low.priority,
            Some(Priority::Critical),
            "the floor lifts it: {:?}",
            low.reasons
        );
        let other = ranked_with(module("app/other.py", Status::Untested, 0, 0), &config);
        assert_eq!(
            (other.score, other.test_type),
            (Some(40.0), Some(TestType::Unit))
        );
    }

    #[test]
    fn explain_prints_every_signal_and_part() {
        let mut doc = Document::new(Tool::new("gap-scan", "0"), "r");
        let mut m = module("app/auth.py", Status::Untested, 12, 3);
        m.symbols = vec![sym("login", SymbolKind::Function, 3, false)];
        doc.modules = vec![m];
        rank(&mut doc);
        let text = explain(&doc, "app/auth.py").unwrap();
        assert!(text.contains(
            "evidence (where each credit comes from: kind, file:line, what was matched)\n  none\n"
        ));
        for needle in [
            "status             untested",
            "complexity risk    20.0",
            "sensitive name     authentication",
            "  status               40.0",
            "  sensitive            20.0",
            "priority CRITICAL",
            "  - no test imports it or reaches it",
        ] {
            assert!(text.contains(needle), "{needle:?} in\n{text}");
        }
        assert!(explain(&doc, "nope.py").is_none());
    }

    #[test]
    fn explain_lists_the_evidence_with_names_escaped() {
        let mut doc = Document::new(Tool::new("gap-scan", "0"), "r");
        let mut m = module("app/auth.py", Status::Tested, 12, 3);
        let evidence = |test: &str, line, kind, detail: Option<&str>| gap_core::Evidence {
            test: test.into(),
            line,
            kind,
            detail: detail.map(String::from),
            extra: Default::default(),
        };
        m.evidence = vec![
            evidence(
                "tests/test_auth.py",
                7,
                EvidenceKind::Reference,
                Some("login"),
            ),
            evidence("tests/x\u{1b}[2J.py", 0, EvidenceKind::Import, None),
        ];
        doc.modules = vec![m];
        rank(&mut doc);
        let text = explain(&doc, "app/auth.py").unwrap();
        assert!(
            text.contains(
                "  reference  tests/test_auth.py:7  login\n  import     tests/x\\u{1b}[2J.py\n"
            ),
            "{text}"
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
