//! gap-rank as a user runs it: a document on stdin or in a file, the ranked document on stdout.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{json, Value};

fn scanned() -> Value {
    json!({
        "schema": "gap/1",
        "tool": {"name": "gap-scan", "version": "0.1.0"},
        "stages": [{"name": "gap-scan", "version": "0.1.0"}],
        "root": "svc",
        "future_field": {"kept": true},
        "modules": [{
            "path": "app/services/auth_service.py", "language": "python", "name": "app.services.auth_service",
            "category": "app/services", "lines": 40, "code_lines": 30, "branches": 6, "testable": true,
            "symbols": [
                {"name": "AuthService", "kind": "class", "line": 5, "branches": 0, "raises": 0, "public": true, "referenced": false},
                {"name": "AuthService.login", "kind": "method", "line": 9, "branches": 6, "raises": 1, "public": true, "referenced": false}
            ],
            "raises": [{"line": 12, "name": "AuthError"}],
            "imports": [], "external_imports": ["jwt"], "imported_by": ["app/api/users.py"],
            "direct_tests": [], "import_only_tests": [], "named_tests": [], "indirect_via": [],
            "public_symbols": 2, "referenced_symbols": 0, "symbol_coverage": 0.0, "status": "untested",
            "x_module_note": "passed through"
        }],
        "tests": [],
        "categories": [{"id": "app/services", "name": "Services", "languages": ["python"],
                        "modules": ["app/services/auth_service.py"]}],
        "warnings": []
    })
}

fn rank(input: &str) -> assert_cmd::assert::Assert {
    Command::cargo_bin("gap-rank")
        .unwrap()
        .write_stdin(input)
        .assert()
}

#[test]
fn ranks_modules_and_keeps_unknown_fields() {
    let out = rank(&scanned().to_string())
        .success()
        .get_output()
        .stdout
        .clone();
    let doc: Value = serde_json::from_slice(&out).unwrap();
    let m = &doc["modules"][0];
    assert_eq!(m["priority"], "CRITICAL");
    assert_eq!(
        m["score"], 71.4,
        "40 status + 8.4 complexity (7² + 7 of 100) + 1.5 size + 1.5 fan-in + 20 sensitive"
    );
    assert_eq!(m["test_type"], "Unit");
    assert_eq!(m["missing_tests"], 3);
    assert_eq!(m["missing_symbols"], json!(["AuthService.login"]));
    assert_eq!(m["reasons"][0], "no test imports it or reaches it");
    assert_eq!(m["x_module_note"], "passed through");
    assert_eq!(doc["future_field"], json!({"kept": true}));
    assert_eq!(doc["categories"][0]["summary"]["untested"], 1);
    assert_eq!(doc["categories"][0]["priority"], "CRITICAL");
    assert_eq!(doc["summary"]["missing_tests"], 3);
    assert_eq!(doc["stages"][1]["name"], "gap-rank");
}

#[test]
fn same_input_same_bytes_from_stdin_or_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scan.json");
    std::fs::write(&file, scanned().to_string()).unwrap();
    let a = rank(&scanned().to_string())
        .success()
        .get_output()
        .stdout
        .clone();
    let b = Command::cargo_bin("gap-rank")
        .unwrap()
        .arg(&file)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(a, b);
}

#[test]
fn malformed_json_is_one_line_with_position_and_exit_2() {
    rank("{\n \"schema\": \"gap/1\",,\n}")
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "gap-rank: error: <stdin>:2:20: malformed JSON",
        ))
        .stderr(predicate::str::contains('\n').count(1));
}

#[test]
fn empty_input_and_other_schemas_are_refused() {
    rank("")
        .code(2)
        .stderr(predicate::str::contains("empty input"));
    rank(r#"{"schema": "coverage/7"}"#)
        .code(2)
        .stderr(predicate::str::contains("field `schema` is \"coverage/7\""));
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    Command::cargo_bin("gap-rank")
        .unwrap()
        .arg("no/such.json")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such.json: cannot read"));
}

#[test]
fn explain_names_one_module_or_fails_clearly() {
    Command::cargo_bin("gap-rank")
        .unwrap()
        .args(["--explain", "app/services/auth_service.py"])
        .write_stdin(scanned().to_string())
        .assert()
        .success()
        .stdout(predicate::str::contains("priority CRITICAL"))
        .stdout(predicate::str::contains("  complexity            8.4"))
        .stdout(predicate::str::contains("  - name suggests authentication"));
    Command::cargo_bin("gap-rank")
        .unwrap()
        .args(["--explain", "nope.py"])
        .write_stdin(scanned().to_string())
        .assert()
        .code(2)
        .stderr("gap-rank: error: nope.py: no such module in the document\n");
}
