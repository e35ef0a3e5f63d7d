//! gap-rank: reads a gap/1 document, gives every module a priority, a score broken into parts, the reasons,
//! the kind of test it needs and an estimate of the tests it misses, and adds per-category and total tallies.

pub mod check;
pub mod estimate;
pub mod explain;
pub mod knowledge;
pub mod score;

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Result;
use clap::Parser;
use gap_core::{Config, Document, Exit, Module, Priority, ScorePart, Tally, TestType, Tool};

/// Ranks the test gaps of a gap/1 document: reads it from FILE or stdin, writes it back with priorities.
#[derive(Debug, Parser)]
#[command(name = "gap-rank", version, about)]
pub struct Args {
    /// The document to rank (`-` or absent: stdin).
    pub file: Option<PathBuf>,
    /// Instead of the document, print every signal, score part and the priority of the module at PATH.
    #[arg(long, value_name = "PATH")]
    pub explain: Option<String>,
    #[command(flatten)]
    pub quiet: gap_core::diag::Quiet,
}

/// Runs gap-rank.
pub fn run(args: Args) -> Result<Exit> {
    args.quiet.apply();
    gap_core::io::refuse_terminal_stdin(
        args.file.as_deref(),
        "gap-rank reads a gap/1 document: `gap-scan PATH | gap-rank`, or `gap-rank FILE`",
    )?;
    let mut doc = gap_core::read_input(args.file.as_deref())?;
    if doc.extra.get("kind").and_then(|k| k.as_str()) == Some("shard") {
        let source = args
            .file
            .as_deref()
            .filter(|p| *p != std::path::Path::new("-"))
            .map_or("<stdin>".to_string(), |p| p.display().to_string());
        anyhow::bail!(
            "{source}: a shard document (gap-scan --shard K/N): join every shard with `gap merge` first, \
             then rank the merged document"
        );
    }
    rank_document(&mut doc)?;
    if let Some(path) = &args.explain {
        let text = explain::explain(&doc, path).map_err(anyhow::Error::msg)?;
        gap_core::write_output(&text)?;
        return Ok(Exit::Success);
    }
    // Sorted here, in place: `write_document` would otherwise sort a copy of a whole unsorted document.
    doc.canonicalize();
    gap_core::write_document(&doc, std::io::stdout().lock())?;
    // The process ends next and gives its memory back at once, without freeing the document piece by piece.
    std::mem::forget(doc);
    Ok(Exit::Success)
}

/// Checks the document's numbers and ranks it in place, as `gap-rank` does between reading and writing; the
/// front command `gap` runs its pipeline through this.
pub fn rank_document(doc: &mut Document) -> Result<()> {
    check::numbers(doc).map_err(anyhow::Error::msg)?;
    rank(doc);
    Ok(())
}

/// What a module's category asks of its ranking: weight, floor and test type, with the category's name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CategoryTerms {
    /// The category's display name, for reasons.
    pub name: String,
    /// Multiplies the score (1 when absent).
    pub weight: Option<f64>,
    /// The lowest priority of its modules that are not tested.
    pub floor: Option<Priority>,
    /// The kind of test its modules need.
    pub test_type: Option<TestType>,
}

impl CategoryTerms {
    /// The terms a category carries; a document written before categories carried them falls back to the
    /// gap.toml rule of the same name.
    pub fn of(c: &gap_core::Category, config: &Config) -> Self {
        let own = CategoryTerms {
            name: c.name.clone(),
            weight: c.weight,
            floor: c.floor,
            test_type: c.test_type,
        };
        if own.weight.is_some() || own.floor.is_some() || own.test_type.is_some() {
            return own;
        }
        match config.categories.iter().find(|r| r.name == c.id) {
            Some(r) => CategoryTerms {
                name: c.name.clone(),
                weight: (r.weight != 1.0).then_some(r.weight),
                floor: r.floor,
                test_type: r.test_type,
            },
            None => own,
        }
    }
}

/// Ranks every module and writes the tallies, in place, with the configuration the scan recorded and the
/// terms each module's category carries.
pub fn rank(doc: &mut Document) {
    let config = doc.config.clone().unwrap_or_default();
    let terms: BTreeMap<String, CategoryTerms> = doc
        .categories
        .iter()
        .map(|c| (c.id.clone(), CategoryTerms::of(c, &config)))
        .collect();
    let none = CategoryTerms::default();
    for m in &mut doc.modules {
        let t = terms.get(&m.category).unwrap_or(&none);
        rank_module(m, t, &config);
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

/// Ranks one module: priority, score, parts, reasons, test type, missing tests; `category` holds what its
/// category asks (weight, floor, test type).
pub fn rank_module(m: &mut Module, category: &CategoryTerms, config: &Config) {
    let (missing, missing_symbols) = estimate::missing(m);
    m.missing_tests = Some(missing);
    m.missing_symbols = Some(missing_symbols);
    let (test_type, why) = match (
        category.test_type,
        knowledge::integration_import(&m.external_imports, &config.integration_imports),
    ) {
        (Some(t), _) => (
            t,
            Some(format!(
                "category {:?} expects {} tests",
                category.name,
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
    m.category_weight = None;
    if !m.testable {
        m.score = Some(0.0);
        m.priority = Some(Priority::Low);
        m.score_parts = Some(Vec::new());
        m.reasons = Some(vec!["defines no functions or classes".to_string()]);
        return;
    }
    let (mut parts, reasons) = score::score(m, config);
    let mut reasons: Vec<String> = reasons.into_iter().map(|(_, r)| r).collect();
    if let Some(w) = category.weight.filter(|w| *w != 1.0) {
        // The weight multiplies the other parts; its effect is a part of its own, so the parts sum to the score.
        let base: f64 = parts.iter().map(|p| p.value).sum();
        parts.push(ScorePart {
            name: "category".into(),
            value: score::round1(base * (w - 1.0)),
            extra: Default::default(),
        });
        m.category_weight = Some(w);
        reasons.push(format!("category {:?} weighs {}", category.name, w));
    }
    let total = score::round1(parts.iter().map(|p| p.value).sum::<f64>()).max(0.0);
    let mut priority = score::priority(total, &config.priority);
    if let Some(floor) = category
        .floor
        .filter(|f| *f > priority && m.status != gap_core::Status::Tested)
    {
        priority = floor;
        reasons.push(format!(
            "category {:?} keeps its gaps at {} or above",
            category.name,
            floor.as_str()
        ));
    }
    // Nothing public to test and nothing missing: never at the top, whatever the score or a floor says.
    if m.public_symbols == 0 && missing == 0 && priority > Priority::Medium {
        priority = Priority::Medium;
        reasons.push("no public symbols and no missing tests: MEDIUM at most".to_string());
    }
    m.score = Some(total);
    m.priority = Some(priority);
    m.score_parts = Some(parts);
    m.reasons = Some(reasons);
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
            end_line: None,
            accepted: None,
            extra: Default::default(),
        }
    }

    fn module(path: &str, status: Status, code_lines: u64, branches: u64) -> Module {
        let mut m = Module::new(path, "python");
        m.status = status;
        m.code_lines = code_lines;
        m.lines = code_lines + 10;
        m.branches = branches;
        m.public_symbols = 1;
        m
    }

    fn ranked(m: Module) -> Module {
        ranked_with(m, &Config::default())
    }

    fn ranked_with(mut m: Module, config: &Config) -> Module {
        // The category a gap.toml rule would give it, as gap-scan records it.
        let terms = config
            .category_of(&m.path)
            .map(|r| {
                let mut c = gap_core::Category::new(&r.name, &r.name);
                c.weight = (r.weight != 1.0).then_some(r.weight);
                c.floor = r.floor;
                c.test_type = r.test_type;
                CategoryTerms::of(&c, config)
            })
            .unwrap_or_default();
        rank_module(&mut m, &terms, config);
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
            extra: Default::default(),
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
    fn nothing_public_and_nothing_missing_is_never_high_whatever_the_floor() {
        let config: Config = gap_core::config::parse(
            "[[category]]\nname = \"Go\"\npaths = [\"**\"]\nfloor = \"CRITICAL\"\n",
            "gap.toml",
            gap_core::config::Source::GapToml,
        )
        .unwrap()
        .unwrap();
        // Private functions only: big, branchy, sensitive, untested; still nothing a test could name.
        let mut m = module("internal/auth_decode.go", Status::Untested, 900, 60);
        m.public_symbols = 0;
        m.symbols = vec![sym("_decode", SymbolKind::Function, 60, false)];
        let m = ranked_with(m, &config);
        assert!(m.score.unwrap() >= 60.0, "{:?}", m.score);
        assert_eq!(m.missing_tests, Some(0));
        assert_eq!(m.priority, Some(Priority::Medium));
        assert_eq!(
            m.reasons.unwrap().last().unwrap(),
            "no public symbols and no missing tests: MEDIUM at most"
        );
        // One public function missing a test: the floor holds.
        let mut m = module("internal/auth_decode.go", Status::Untested, 10, 0);
        m.symbols = vec![sym("Decode", SymbolKind::Function, 0, false)];
        assert_eq!(ranked_with(m, &config).priority, Some(Priority::Critical));
    }

    #[test]
    fn the_score_is_the_sum_of_its_parts_and_the_weight_a_field() {
        let config: Config = gap_core::config::parse(
            "[[category]]\nname = \"Events\"\npaths = [\"app/events/*.py\"]\nweight = 1.5\n",
            "gap.toml",
            gap_core::config::Source::GapToml,
        )
        .unwrap()
        .unwrap();
        let mut m = module("app/events/auth.py", Status::Untested, 123, 7);
        m.symbols = vec![sym("f", SymbolKind::Function, 7, false)];
        let m = ranked_with(m, &config);
        let parts = m.score_parts.clone().unwrap();
        let sum: f64 = parts.iter().map(|p| p.value).sum();
        assert_eq!(m.score, Some(score::round1(sum)));
        assert_eq!(m.category_weight, Some(1.5));
        let weight_part = parts.iter().find(|p| p.name == "category").unwrap();
        assert_eq!(
            weight_part.value,
            score::round1((sum - weight_part.value) * 0.5)
        );
        let plain = ranked(module("app/x.py", Status::Untested, 0, 0));
        assert_eq!(plain.category_weight, None);
        assert!(plain
            .score_parts
            .unwrap()
            .iter()
            .all(|p| p.name != "category"));
    }

    #[test]
    fn huge_counts_neither_panic_nor_wrap() {
        let mut m = module("app/x.py", Status::Limited, 0, 0);
        m.code_lines = u64::MAX;
        m.branches = u64::MAX;
        m.lines = u64::MAX;
        m.public_symbols = 1 << 63;
        m.referenced_symbols = 1;
        m.symbol_coverage = Some(7.0);
        m.symbols = ["a", "b", "c", "d"]
            .iter()
            .map(|n| sym(n, SymbolKind::Function, u64::MAX, false))
            .collect();
        m.history = Some(gap_core::ModuleHistory {
            commits: u64::MAX,
            authors: u64::MAX,
            last_change_days: u64::MAX,
            extra: Default::default(),
        });
        let m = ranked(m);
        assert!(m.score.unwrap().is_finite());
        assert_eq!(m.missing_tests, Some(u64::MAX), "saturates");
        assert!(m
            .score_parts
            .unwrap()
            .iter()
            .all(|p| p.value.is_finite() && p.value >= 0.0));
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
        let text = explain::explain(&doc, "./app/auth.py").unwrap();
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
        assert_eq!(
            explain::explain(&doc, "app/auth_x.py").unwrap_err(),
            "app/auth_x.py: no such module in the document; did you mean app/auth.py?"
        );
        assert_eq!(
            explain::explain(&doc, "zzz/qqq/nope.py").unwrap_err(),
            "zzz/qqq/nope.py: no such module in the document"
        );
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
        let text = explain::explain(&doc, "app/auth.py").unwrap();
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
            doc.categories.push(gap_core::Category::new(id, id));
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
