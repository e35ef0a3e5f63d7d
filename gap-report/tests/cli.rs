//! gap-report as a user runs it: a ranked document in, a report out.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{json, Value};

fn ranked() -> Value {
    let tally = json!({"modules": 2, "untested": 1, "import_only": 0, "indirect": 0, "limited": 1, "tested": 0,
        "lines": 140, "public_symbols": 5, "referenced_symbols": 1, "coverage_percent": 50,
        "symbol_coverage_percent": 20, "missing_tests": 9});
    let module = |path: &str,
                  status: &str,
                  priority: &str,
                  score: f64,
                  missing: Value,
                  why: &str| {
        json!({"path": path, "language": "python", "name": path, "category": "app/services", "lines": 70,
            "code_lines": 50, "branches": 4, "testable": true, "symbols": [], "raises": [{"line": 9, "name": "AuthError"}],
            "imports": [], "external_imports": [], "imported_by": [], "direct_tests": [], "import_only_tests": [],
            "named_tests": [], "indirect_via": [], "public_symbols": 2, "referenced_symbols": 0, "symbol_coverage": 0.0,
            "status": status, "priority": priority, "score": score, "score_parts": [], "reasons": [why],
            "test_type": "Unit", "missing_tests": 4, "missing_symbols": missing})
    };
    json!({
        "schema": "gap/1",
        "tool": {"name": "gap-rank", "version": "0.1.0"},
        "stages": [{"name": "gap-scan", "version": "0.1.0"}, {"name": "gap-rank", "version": "0.1.0"}],
        "root": "svc",
        "modules": [
            module("app/services/auth_service.py", "untested", "CRITICAL", 64.8, json!(["AuthService.login", "AuthService"]), "no test imports it or reaches it"),
            module("app/services/event_bus.py", "limited", "MEDIUM", 30.0, json!(["EventBus.publish"]), "tests use 1 of 3 public symbols"),
        ],
        "tests": [],
        "categories": [{"id": "app/services", "name": "Services", "languages": ["python"],
            "modules": ["app/services/auth_service.py", "app/services/event_bus.py"], "summary": tally, "priority": "CRITICAL"}],
        "warnings": [],
        "summary": tally
    })
}

fn report(args: &[&str], input: &str) -> assert_cmd::assert::Assert {
    Command::cargo_bin("gap-report")
        .unwrap()
        .args(args)
        .write_stdin(input)
        .assert()
}

#[test]
fn markdown_has_the_reference_sections_and_rows() {
    report(&["--format", "markdown"], &ranked().to_string())
        .success()
        .stdout(predicate::str::contains("| auth_service.py | Unit | AuthService.login, AuthService, error cases | CRITICAL | no test imports it or reaches it |"))
        .stdout(predicate::str::contains("### Services with ZERO Tests (1 of 2)"))
        .stdout(predicate::str::contains("├── auth_service.py (70 lines) - 0 tests ❌"))
        .stdout(predicate::str::contains("└── event_bus.py    (70 lines) - limited: 0 of 2 public symbols ⚠️"))
        .stdout(predicate::str::contains("| Services | 2 | 1 | 50% | 20% | ~9 |"))
        .stdout(predicate::str::contains("| **TOTAL** | **2** | **1** | **50%** | **20%** | **~9** |"));
}

#[test]
fn markdown_is_the_default_off_a_terminal() {
    let a = report(&[], &ranked().to_string())
        .success()
        .get_output()
        .stdout
        .clone();
    let b = report(&["--format", "markdown"], &ranked().to_string())
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(a, b);
}

#[test]
fn json_writes_the_document_back_unchanged() {
    let input = ranked().to_string();
    let out = report(&["--format", "json"], &input)
        .success()
        .get_output()
        .stdout
        .clone();
    let back: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(back, ranked());
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
        .stdout(predicate::str::contains("│ auth_service.py │"));
    report(&["--format", "table", "--color", "always"], &input)
        .success()
        .stdout(predicate::str::contains("\x1b[1;31mCRITICAL"));
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    report(&[], "{\"schema\": \"gap/1\", ]").code(2).stderr(
        predicate::str::is_match(r"^gap-report: error: <stdin>:1:\d+: malformed JSON: .*\n$")
            .unwrap(),
    );
    report(&[], r#"{"schema": "other/1"}"#)
        .code(2)
        .stderr(predicate::str::contains("field `schema` is \"other/1\""));
    let mut unranked = ranked();
    unranked["modules"][0]
        .as_object_mut()
        .unwrap()
        .remove("priority");
    report(&[], &unranked.to_string()).code(2).stderr(
        "gap-report: error: <stdin>: document is not ranked; pipe it through gap-rank first\n",
    );
    report(&["--format", "pdf"], "").code(2);
}
