//! gap-report as a user runs it: a ranked document in (a file or stdin), a report or an error line out.

use std::io::Write;
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use gap_core::{Module, Tally};
use predicates::prelude::*;
use serde_json::{json, Value};

/// One ranked module as gap-rank writes it.
fn module(path: &str, status: &str, priority: &str, score: f64, extra: Value) -> Value {
    let category = path.rsplit_once('/').map_or(".", |(dir, _)| dir);
    let mut m = json!({
        "path": path, "language": "python", "name": path.trim_end_matches(".py").replace('/', "."),
        "category": category, "lines": 70, "code_lines": 50, "branches": 4, "testable": true,
        "symbols": [], "raises": [], "imports": [], "external_imports": [], "imported_by": [],
        "direct_tests": [], "import_only_tests": [], "named_tests": [], "indirect_via": [], "evidence": [],
        "public_symbols": 2, "referenced_symbols": 0, "symbol_coverage": 0.0, "status": status,
        "priority": priority, "score": score, "score_parts": [{"name": "status", "value": score}],
        "reasons": ["no test imports it or reaches it"], "test_type": "Unit", "missing_tests": 3,
        "missing_symbols": []
    });
    for (k, v) in extra.as_object().unwrap() {
        m[k] = v.clone();
    }
    m
}

/// A small ranked document of a service: three categories, every status, a wholly untested category.
fn ranked() -> Value {
    let modules = vec![
        module(
            "app/events/base.py",
            "untested",
            "HIGH",
            50.0,
            json!({"missing_symbols": ["Event.validate", "Event"], "lines": 40}),
        ),
        module(
            "app/events/order.py",
            "untested",
            "HIGH",
            48.0,
            json!({"missing_symbols": ["OrderPlaced"], "lines": 30}),
        ),
        module(
            "app/events/user.py",
            "untested",
            "HIGH",
            47.0,
            json!({"missing_symbols": ["UserCreated"], "lines": 20}),
        ),
        module(
            "app/health.py",
            "tested",
            "LOW",
            0.0,
            json!({"direct_tests": ["tests/test_health.py"], "referenced_symbols": 2, "symbol_coverage": 1.0,
                   "reasons": [], "missing_tests": 0}),
        ),
        module(
            "app/services/auth_service.py",
            "untested",
            "CRITICAL",
            64.8,
            json!({"missing_symbols": ["AuthService.login", "AuthService.refresh", "AuthService.logout", "AuthService"],
                   "raises": [{"line": 9, "name": "AuthError"}], "lines": 120, "public_symbols": 4,
                   "reasons": ["no test imports it or reaches it", "name suggests authentication"]}),
        ),
        module(
            "app/services/billing.py",
            "indirect",
            "HIGH",
            45.0,
            json!({"test_type": "Integration", "indirect_via": ["app/services/event_bus.py"],
                   "missing_symbols": ["charge"],
                   "reasons": ["no direct tests; reached only through app/services/event_bus.py"]}),
        ),
        module(
            "app/services/event_bus.py",
            "limited",
            "MEDIUM",
            30.0,
            json!({"direct_tests": ["tests/test_event_bus.py"], "public_symbols": 3, "referenced_symbols": 1,
                   "symbol_coverage": 0.333, "missing_symbols": ["EventBus.publish", "EventBus.close"],
                   "reasons": ["tests use 1 of 3 public symbols"]}),
        ),
        module(
            "app/services/mailer.py",
            "import_only",
            "MEDIUM",
            30.0,
            json!({"import_only_tests": ["tests/test_mailer.py"], "named_tests": ["tests/test_mailer.py"],
                   "missing_symbols": ["send"], "reasons": ["imported by 1 test file that uses none of its symbols"]}),
        ),
        module(
            "app/services/users.py",
            "tested",
            "LOW",
            0.0,
            json!({"direct_tests": ["tests/test_users.py"], "referenced_symbols": 2, "symbol_coverage": 1.0,
                   "reasons": [], "missing_tests": 0}),
        ),
        module(
            "app/settings.py",
            "untested",
            "LOW",
            0.0,
            json!({"testable": false, "public_symbols": 0, "reasons": ["defines no functions or classes"],
                   "missing_tests": 0}),
        ),
    ];
    // Tallies as gap-rank computes them, over testable modules.
    let parsed: Vec<Module> = modules
        .iter()
        .map(|m| serde_json::from_value(m.clone()).unwrap())
        .collect();
    let tally_of = |category: Option<&str>| {
        let mut t = Tally::default();
        parsed
            .iter()
            .filter(|m| m.testable && category.is_none_or(|c| m.category == c))
            .for_each(|m| t.add(m));
        serde_json::to_value(t).unwrap()
    };
    let category = |id: &str, name: &str, priority: &str| {
        let paths: Vec<&str> = parsed
            .iter()
            .filter(|m| m.category == id)
            .map(|m| m.path.as_str())
            .collect();
        json!({"id": id, "name": name, "languages": ["python"], "modules": paths,
               "summary": tally_of(Some(id)), "priority": priority})
    };
    json!({
        "schema": "gap/1",
        "tool": {"name": "gap-rank", "version": "0.1.0"},
        "stages": [{"name": "gap-scan", "version": "0.1.0"}, {"name": "gap-rank", "version": "0.1.0"}],
        "root": "svc",
        "modules": modules,
        "tests": [],
        "categories": [
            category("app", "App", "LOW"),
            category("app/events", "Events", "HIGH"),
            category("app/services", "Services", "CRITICAL"),
        ],
        "warnings": [], "excluded": [],
        "summary": tally_of(None),
        "z_future": {"kept": true}
    })
}

fn report(args: &[&str], input: &str) -> assert_cmd::assert::Assert {
    Command::cargo_bin("gap-report")
        .unwrap()
        .args(args)
        .env_remove("NO_COLOR")
        .write_stdin(input)
        .assert()
}

fn stdout(assert: assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

#[test]
fn markdown_from_a_file_has_every_section_and_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ranked.json");
    std::fs::write(&path, ranked().to_string()).unwrap();
    let text = stdout(report(&[path.to_str().unwrap(), "--format", "markdown"], "").success());
    for needle in [
        "# Missing Test Coverage Report\n\n**33% of 9 modules have direct tests; 5 have none ❌, 1 is only imported ⚠️; 1 critical and 4 high-priority gaps.**\n\nScanned `svc`: 9 modules in 3 categories, 0 test files; 1 more defines no function or class.\n",
        "## Critical Gaps (Fix Immediately)\n\n| Component | Type | Missing Tests | Priority | Why |\n|---|---|---|---|---|\n",
        "| `auth_service.py` | Unit | AuthService: login, refresh, logout, +1, error cases | CRITICAL | no test imports it or reaches it |\n",
        "| All Events (3 modules, 90 lines) | Unit | Event: validate; OrderPlaced, +1 | HIGH | no test imports or reaches any of its 3 modules |\n",
        "| `billing.py` | Integration | charge | HIGH | no direct tests; reached only through app/services/event\\_bus\\.py |\n",
        "### Services - 2 of 5 UNTESTED\n```text\napp/services/\n",
        "├── auth_service.py (120 lines) - 0 tests ❌\n",
        "├── billing.py      (70 lines)  - 0 direct tests, reached via event_bus.py ❌\n",
        "├── event_bus.py    (70 lines)  - limited: 1 of 3 public symbols ⚠️\n",
        "└── mailer.py       (70 lines)  - 1 import only, test_mailer.py exists but uses nothing of it ⚠️\n```\nTested here (1): `users.py`\n",
        "### Events - ALL UNTESTED\n",
        "Fully tested: App.\n",
        "| Category | Modules | ❌ | ⚠️ | Coverage | Symbols | Missing Tests |\n|---|---:|---:|---:|---:|---:|---:|\n| App | 1 | 0 | 0 | 100% | 100% | ~0 |\n| Events | 3 | 3 | 0 | 0% | 0% | ~9 |\n| Services | 5 | 2 | 2 | 40% | 23% | ~12 |\n| **TOTAL** | **9** | **5** | **2** | **33%** | **24%** | **~21** |\n",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    assert!(!text.contains("settings.py"), "untestable modules stay out");
    // Services (CRITICAL) comes before Events (HIGH).
    assert!(text.find("### Services").unwrap() < text.find("### Events").unwrap());
}

#[test]
fn stdin_dash_and_no_argument_read_the_same_document() {
    let input = ranked().to_string();
    let a = stdout(report(&["-", "--format", "markdown"], &input).success());
    let b = stdout(report(&["--format", "markdown"], &input).success());
    assert_eq!(a, b);
}

#[test]
fn markdown_is_the_default_off_a_terminal() {
    let input = ranked().to_string();
    let a = stdout(report(&[], &input).success());
    let b = stdout(report(&["--format", "markdown"], &input).success());
    assert_eq!(a, b);
}

#[test]
fn top_limits_rows_and_points_at_the_json() {
    let text = stdout(report(&["--top", "1"], &ranked().to_string()).success());
    assert!(text.contains("| `auth_service.py` |"), "{text}");
    assert!(!text.contains("| `billing.py` |"), "{text}");
    assert!(
        text.contains("\n4 more gaps of priority HIGH or above; the JSON lists them all: `jq "),
        "{text}"
    );
}

#[test]
fn json_writes_what_write_document_writes() {
    let input = ranked().to_string();
    let out = report(&["--format", "json"], &input)
        .success()
        .get_output()
        .stdout
        .clone();
    let doc = gap_core::io::parse_document(&input, "<stdin>").unwrap();
    let mut want = Vec::new();
    gap_core::write_document(&doc, &mut want).unwrap();
    assert_eq!(out, want);
    let back: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(back, ranked(), "nothing lost, unknown fields included");
}

#[test]
fn tree_format_is_only_the_trees() {
    let text = stdout(report(&["--format", "tree"], &ranked().to_string()).success());
    assert!(
        text.starts_with("Services - 2 of 5 UNTESTED\n\napp/services/\n├── auth_service.py"),
        "{text}"
    );
    assert!(!text.contains("```") && !text.contains("Summary") && !text.contains('|'));
}

#[test]
fn colour_only_when_asked_and_never_with_no_color_under_auto() {
    let input = ranked().to_string();
    Command::cargo_bin("gap-report")
        .unwrap()
        .args(["--format", "table", "--color", "auto"])
        .env("NO_COLOR", "1")
        .write_stdin(input.clone())
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b").not())
        .stdout(predicate::str::contains("│ auth_service.py "));
    // Auto off a terminal: no colour even without NO_COLOR.
    report(&["--format", "table"], &input)
        .success()
        .stdout(predicate::str::contains("\x1b").not());
    report(&["--format", "table", "--color", "never"], &input)
        .success()
        .stdout(predicate::str::contains("\x1b").not());
    Command::cargo_bin("gap-report")
        .unwrap()
        .args(["--format", "table", "--color", "always"])
        .env("NO_COLOR", "1")
        .write_stdin(input.clone())
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[1;31mCRITICAL"))
        .stdout(predicate::str::contains("\x1b[31m├── auth_service.py"));
    // Colour is for the table only.
    report(&["--format", "markdown", "--color", "always"], &input)
        .success()
        .stdout(predicate::str::contains("\x1b").not());
}

/// stderr is exactly one `gap-report: error: ...` line.
fn one_error_line(pattern: &str) -> impl Predicate<[u8]> {
    predicate::str::is_match(format!(r"^gap-report: error: {pattern}\n$"))
        .unwrap()
        .from_utf8()
}

#[test]
fn malformed_json_names_line_and_column() {
    report(&[], "{\n  \"schema\": \"gap/1\",\n  ]\n}")
        .code(2)
        .stdout("")
        .stderr(one_error_line(r"<stdin>:3:3: malformed JSON: [^\n]*"));
}

#[test]
fn other_schemas_and_empty_input_are_refused() {
    report(&[], r#"{"schema": "other/1"}"#)
        .code(2)
        .stderr(one_error_line(
            r#"<stdin>: field `schema` is "other/1"; [^\n]*"#,
        ));
    report(&[], "\n")
        .code(2)
        .stderr(one_error_line(r"<stdin>: empty input[^\n]*"));
    report(&["/nonexistent/ranked.json"], "")
        .code(2)
        .stderr(one_error_line(
            r"/nonexistent/ranked.json: cannot read: [^\n]*",
        ));
    report(&["--format", "pdf"], "").code(2);
}

#[test]
fn an_unranked_document_is_refused_with_a_hint() {
    let mut unranked = ranked();
    unranked["modules"][0]
        .as_object_mut()
        .unwrap()
        .remove("priority");
    report(&[], &unranked.to_string())
        .code(2)
        .stdout("")
        .stderr(
            "gap-report: error: <stdin>: document is not ranked; pipe it through gap-rank first\n",
        );
    report(&["--format", "json"], &unranked.to_string()).code(2);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scan.json");
    std::fs::write(&path, unranked.to_string()).unwrap();
    report(&[path.to_str().unwrap()], "")
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}: document is not ranked",
            path.display()
        )));
}

#[test]
fn a_document_without_modules_renders_empty_sections() {
    let empty = json!({"schema": "gap/1", "tool": {"name": "gap-rank", "version": "0.1.0"}, "root": "empty",
        "summary": serde_json::to_value(Tally::default()).unwrap()});
    let text = stdout(report(&["--format", "markdown"], &empty.to_string()).success());
    assert_eq!(
        text.matches("No source modules found.").count(),
        3,
        "{text}"
    );
}

#[test]
fn a_closed_stdout_is_success() {
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("gap-report"))
        .args(["--format", "markdown"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end before gap-report writes anything: it reads all of stdin first.
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(ranked().to_string().as_bytes()).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
