//! The formats CI systems read: markdown for a pull-request comment (its tables parsed back, `--max-bytes`),
//! GitHub workflow annotations (escaped, within GitHub's per-step limits) and SARIF 2.1.0 (validated against
//! the OASIS schema vendored in tests/e2e/data, fingerprints stable across runs).

use serde_json::Value;

use super::{feature_repo, rows, service, tables};
use crate::support::{module_of, ranked, repo_root, run, stderr, stdout, Tree};

const SUMMARY: &[&str] = &[
    "Category",
    "Modules",
    "❌",
    "⚠️",
    "Coverage",
    "Symbols",
    "Missing Tests",
];

/// A tree of `folders` folders of `per` untested modules each (named `STEM_NN.py`), and one tested module.
fn wide(folders: usize, per: usize, stem: &str) -> Tree {
    let mut tree = Tree::new()
        .file("app/core.py", "def run(x):\n    return x\n")
        .file(
            "tests/test_core.py",
            "from app.core import run\n\ndef test_run():\n    assert run(1) == 1\n",
        );
    for f in 0..folders {
        for m in 0..per {
            tree = tree.file(
                &format!("app/area_{f:02}/{stem}_{m:02}.py"),
                "def handle(event):\n    if event:\n        return 1\n    return 0\n\n\ndef describe():\n    return 'x'\n",
            );
        }
    }
    tree
}

#[test]
fn the_markdown_tables_read_back_as_the_document_says() {
    let tree = service();
    let doc = ranked(tree.path(), &["--no-history"]);
    let json: Value = serde_json::from_slice(&doc).unwrap();
    let text = stdout(&run("gap-report", &["--format", "markdown"], &doc));
    let t = tables(&text);
    let summary = rows(&t, SUMMARY);
    let total = &json["summary"];
    assert_eq!(
        summary.last().unwrap(),
        &vec![
            "**TOTAL**".to_string(),
            format!("**{}**", total["modules"]),
            format!("**{}**", total["no_direct"]),
            format!("**{}**", total["weak"]),
            format!("**{}%**", total["coverage_percent"]),
            format!("**{}%**", total["symbol_coverage_percent"]),
            format!("**~{}**", total["missing_tests"]),
        ]
    );
    assert_eq!(total["accepted"], 1);
    let critical = rows(
        &t,
        &["Component", "Type", "Missing Tests", "Priority", "Why"],
    );
    assert_eq!(
        critical.len(),
        1,
        "the accepted legacy.py is not there: {text}"
    );
    assert_eq!(critical[0][0], "`payments_auth.py`");
    assert_eq!(critical[0][3], "CRITICAL");
    assert_eq!(
        module_of(&json, "app/payments_auth.py")["priority"],
        "CRITICAL"
    );
    // The verdict leads, as a comment's first line after the title.
    assert!(text.starts_with(
        "# Missing Test Coverage Report\n\n**33% of 3 modules have direct tests; 2 have none ❌; 1 critical gap; \
         1 gap is accepted.**\n"
    ));
}

#[test]
fn max_bytes_folds_the_least_urgent_parts_first_and_says_so() {
    let tree = wide(30, 12, "handler");
    let doc = ranked(tree.path(), &["--no-history"]);
    let full = stdout(&run("gap-report", &["--detail", "full"], &doc));
    assert!(
        full.len() > 20_000,
        "the uncut report is larger: {}",
        full.len()
    );

    let out = run(
        "gap-report",
        &["--detail", "full", "--max-bytes", "6000"],
        &doc,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let cut = stdout(&out);
    assert!(cut.len() <= 6000, "{} bytes", cut.len());
    assert!(
        cut.contains("**0% of 361 modules have direct tests"),
        "{cut}"
    );
    assert!(cut.contains("## Critical Gaps"), "{cut}");
    assert!(cut.contains("## Summary"), "{cut}");
    assert_eq!(
        cut.lines().last().unwrap(),
        "✂️ Cut to fit 6000 bytes: the tree of App to its 5 most urgent lines. Without `--max-bytes` the \
         report shows everything."
    );
    assert!(
        cut.contains("└── … 355 more: 355 ❌ (--detail full lists them)"),
        "{cut}"
    );
    // The Summary's rows stay; its legend goes before it.
    assert!(!rows(&tables(&cut), SUMMARY).is_empty());

    // Without a number: under GitHub's 65,536-character comment limit.
    // Long names make a large report of few modules.
    let tree = wide(20, 30, &"reconciliation_of_settlement_batches_".repeat(3));
    let doc = ranked(tree.path(), &["--no-history"]);
    let full = stdout(&run("gap-report", &["--detail", "full"], &doc));
    assert!(full.len() > 65_536, "{}", full.len());
    let cut = stdout(&run(
        "gap-report",
        &["--detail", "full", "--max-bytes"],
        &doc,
    ));
    assert!(
        cut.chars().count() < 65_536 && cut.len() <= 65_000,
        "{}",
        cut.len()
    );
    assert!(cut.contains("## Summary"));
}

#[test]
fn github_annotations_are_escaped_and_within_the_per_step_limits() {
    let tree = wide(2, 8, "handler");
    let doc = ranked(tree.path(), &["--no-history"]);
    let out = run(
        "gap-report",
        &["--format", "github", "--fail-on", "high"],
        &doc,
    );
    assert_eq!(out.status.code(), Some(0), "no HIGH gap: {}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let warnings = lines.iter().filter(|l| l.starts_with("::warning ")).count();
    assert_eq!(warnings, 10, "{text}");
    let last = lines.last().unwrap();
    assert!(
        last.starts_with("::notice title=gap::")
            && last.contains(
                "6 more not annotated (0 errors, 6 warnings; GitHub shows 10 of each per step)"
            ),
        "{last}"
    );
    // One command a line, each of a kind GitHub knows.
    for l in &lines {
        assert!(
            ["::warning ", "::error ", "::notice "]
                .iter()
                .any(|p| l.starts_with(p)),
            "{l}"
        );
    }

    // Names are escaped as GitHub's toolkit escapes properties: `,` `:` `%` cannot end a property.
    let tree = Tree::new().file(
        "app/we,ird%na:me.py",
        "def f(x):\n    if x:\n        return 1\n    return 2\n",
    );
    let doc = ranked(tree.path(), &["--no-history"]);
    let text = stdout(&run("gap-report", &["--format", "github"], &doc));
    let lines: Vec<&str> = text.lines().collect();
    let weird = lines
        .iter()
        .find(|l| l.contains("ird"))
        .expect("the odd name is annotated");
    assert!(
        weird.starts_with("::warning file=app/we%2Cird%25na%3Ame.py,line=1,title="),
        "{weird}"
    );

    // A gate that fails is an error annotation without a file, and the gaps that fail it are errors.
    let tree = service();
    let doc = ranked(tree.path(), &["--no-history"]);
    let out = run(
        "gap-report",
        &["--format", "github", "--fail-on", "critical"],
        &doc,
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let errors: Vec<&str> = text.lines().filter(|l| l.starts_with("::error")).collect();
    assert_eq!(errors.len(), 2, "{text}");
    assert!(errors[0].starts_with("::error title=gap%3A gate failed::--fail-on critical: 1 gap"));
    assert!(errors[1].starts_with("::error file=app/payments_auth.py,line="));
}

/// The SARIF 2.1.0 validator from the vendored schema (draft-04).
pub(super) fn sarif_validator() -> jsonschema::Validator {
    let path = repo_root().join("tests/e2e/data/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::draft4::new(&schema).expect("the SARIF schema is a valid draft-04 schema")
}

fn sarif(doc: &[u8]) -> Value {
    let out = run("gap-report", &["--format", "sarif"], doc);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("SARIF is JSON")
}

fn result_for<'a>(log: &'a Value, rule: &str, uri: &str) -> &'a Value {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["ruleId"] == rule
                && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri
        })
        .unwrap_or_else(|| panic!("no {rule} result for {uri}"))
}

#[test]
fn sarif_is_valid_2_1_0_with_a_result_per_gap_and_stable_fingerprints() {
    let validator = sarif_validator();
    // A change (changed-without-tests results), an accepted gap (a suppression), and gaps of every priority.
    let repo = feature_repo();
    let doc = ranked(repo.path(), &["--no-history", "--since", "main"]);
    let log = sarif(&doc);
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(log["version"], "2.1.0");

    let results = log["runs"][0]["results"].as_array().unwrap();
    let ids: Vec<&str> = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(ids[i], r["ruleId"], "ruleIndex points at its rule");
    }
    let auth = result_for(&log, "gap/untested", "app/payments_auth.py");
    assert_eq!(auth["level"], "error");
    assert_eq!(auth["properties"]["priority"], "CRITICAL");
    let changed = result_for(&log, "gap/changed-without-tests", "app/billing.py");
    assert_eq!(
        changed["locations"][0]["physicalLocation"]["region"]["startLine"], 10,
        "the line of refund_all"
    );
    assert!(changed["message"]["text"]
        .as_str()
        .unwrap()
        .contains("refund_all"));
    let legacy = result_for(&log, "gap/untested", "app/legacy.py");
    assert_eq!(legacy["suppressions"][0]["kind"], "inSource");
    assert_eq!(
        legacy["suppressions"][0]["justification"],
        "replaced by the new billing in Q3"
    );
    let tested = results.iter().any(|r| {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app/billing.py"
            && r["ruleId"] != "gap/changed-without-tests"
    });
    assert!(!tested, "a tested module is no result");

    // Lines move, the alert stays the same alert.
    let text = std::fs::read_to_string(repo.path().join("app/payments_auth.py")).unwrap();
    std::fs::write(
        repo.path().join("app/payments_auth.py"),
        format!("\"\"\"Signing.\"\"\"\n\n\n{text}"),
    )
    .unwrap();
    let again = sarif(&ranked(repo.path(), &["--no-history", "--since", "main"]));
    let before = result_for(&log, "gap/untested", "app/payments_auth.py");
    let after = result_for(&again, "gap/untested", "app/payments_auth.py");
    assert_eq!(before["partialFingerprints"], after["partialFingerprints"]);
    let line = |r: &Value| r["locations"][0]["physicalLocation"]["region"]["startLine"].clone();
    assert_eq!(line(after), line(before).as_u64().unwrap() + 3);
}

#[test]
fn sarif_of_a_tree_with_odd_names_is_still_valid() {
    let tree = Tree::new()
        .file("src/my file#1.py", "def f():\n    return 1\n")
        .file("src/é.py", "def g():\n    return 1\n")
        .file("tests/test_x.py", "def test_nothing():\n    assert True\n");
    let log = sarif(&ranked(tree.path(), &["--no-history"]));
    let errors: Vec<String> = sarif_validator()
        .iter_errors(&log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let uris: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(uris, ["src/my%20file%231.py", "src/%C3%A9.py"]);
}
