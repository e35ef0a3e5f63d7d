//! docs/gap-1.schema.json: the shipped example's documents validate against it, documents written before the
//! fields added since (no `evidence`, `excluded`, `extra`) still validate and still read, and documents that
//! break the schema do not validate, so the schema says something.

use serde_json::{json, Value};

use crate::support::{repo_root, run};

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(repo_root().join("docs/gap-1.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::draft202012::new(&schema).expect("the schema is a valid JSON Schema")
}

/// Every way `doc` breaks the schema, one line each.
pub(crate) fn violations(doc: &Value) -> Vec<String> {
    validator()
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn the_shipped_example_documents_validate() {
    let root = repo_root().join("examples/service");
    let scan = run("gap-scan", &[root.to_str().unwrap()], b"");
    assert!(scan.status.success());
    let ranked = run("gap-rank", &[], &scan.stdout);
    assert!(ranked.status.success());
    for (name, bytes) in [("scan", &scan.stdout), ("ranked", &ranked.stdout)] {
        let doc: Value = serde_json::from_slice(bytes).unwrap();
        assert_eq!(violations(&doc), Vec::<String>::new(), "{name}");
    }
}

/// A ranked document as gap-rank wrote it before `evidence`, `excluded` and the `extra` maps existed.
fn document_from_before() -> Value {
    json!({
      "schema": "gap/1",
      "tool": {"name": "gap-rank", "version": "0.1.0"},
      "stages": [{"name": "gap-scan", "version": "0.1.0"}, {"name": "gap-rank", "version": "0.1.0"}],
      "root": "svc",
      "modules": [{
        "path": "app/auth.py", "language": "python", "name": "app.auth", "category": "app",
        "lines": 30, "code_lines": 25, "branches": 4, "testable": true,
        "symbols": [{"name": "login", "kind": "function", "line": 3, "branches": 4, "public": true,
                     "referenced": false}],
        "raises": [{"line": 9, "name": "AuthError"}],
        "imports": [], "external_imports": ["jwt"], "imported_by": [], "direct_tests": [],
        "import_only_tests": [], "named_tests": [], "indirect_via": [],
        "history": {"commits": 2, "authors": 1, "last_change_days": 4},
        "public_symbols": 1, "referenced_symbols": 0, "symbol_coverage": 0.0, "status": "untested",
        "priority": "CRITICAL", "score": 75.0,
        "score_parts": [{"name": "status", "value": 40.0}, {"name": "sensitive", "value": 20.0},
                        {"name": "churn", "value": 15.0}],
        "reasons": ["no test imports it or reaches it"], "test_type": "Unit", "missing_tests": 3,
        "missing_symbols": ["login"]
      }],
      "tests": [],
      "categories": [{"id": "app", "name": "App", "languages": ["python"], "modules": ["app/auth.py"],
        "summary": {"modules": 1, "untested": 1, "import_only": 0, "indirect": 0, "limited": 0, "tested": 0,
                    "lines": 30, "public_symbols": 1, "referenced_symbols": 0, "coverage_percent": 0,
                    "symbol_coverage_percent": 0, "missing_tests": 3},
        "priority": "CRITICAL"}],
      "warnings": [],
      "config": {"include": [], "exclude": [], "category": [], "sensitive": ["auth"],
                 "integration_imports": [], "thresholds": {"tested_share": 0.5},
                 "history": {"enabled": true, "window_days": 90}},
      "history": {"window_days": 90, "head_time": 1700000000},
      "summary": {"modules": 1, "untested": 1, "import_only": 0, "indirect": 0, "limited": 0, "tested": 0,
                  "lines": 30, "public_symbols": 1, "referenced_symbols": 0, "coverage_percent": 0,
                  "symbol_coverage_percent": 0, "missing_tests": 3}
    })
}

#[test]
fn documents_from_before_still_validate_and_read() {
    let old = document_from_before();
    assert_eq!(violations(&old), Vec::<String>::new());
    let bytes = serde_json::to_vec(&old).unwrap();
    let report = run("gap-report", &["--format", "markdown"], &bytes);
    assert!(
        report.status.success(),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );
    assert!(String::from_utf8(report.stdout)
        .unwrap()
        .contains("auth.py"));
    let reranked = run("gap-rank", &[], &bytes);
    assert!(
        reranked.status.success(),
        "{}",
        String::from_utf8_lossy(&reranked.stderr)
    );
    let doc: Value = serde_json::from_slice(&reranked.stdout).unwrap();
    assert_eq!(violations(&doc), Vec::<String>::new());
    assert_eq!(doc["modules"][0]["priority"], "CRITICAL");
    assert_eq!(doc["excluded"], json!([]));
}

#[test]
fn fields_of_a_newer_version_validate_and_pass_through_every_stage() {
    let mut doc = document_from_before();
    doc["x_new"] = json!(1);
    doc["tool"]["x_new"] = json!(1);
    doc["modules"][0]["raises"][0]["x_new"] = json!(1);
    doc["modules"][0]["history"]["x_new"] = json!(1);
    doc["history"]["x_new"] = json!(1);
    doc["config"]["x_new"] = json!({"deep": [1]});
    doc["config"]["score"] = json!({"x_new": 1});
    assert_eq!(violations(&doc), Vec::<String>::new());
    let out = run("gap-rank", &[], &serde_json::to_vec(&doc).unwrap());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ranked: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(violations(&ranked), Vec::<String>::new());
    for pointer in [
        "/x_new",
        "/modules/0/raises/0/x_new",
        "/modules/0/history/x_new",
        "/history/x_new",
        "/config/score/x_new",
    ] {
        assert_eq!(ranked.pointer(pointer), Some(&json!(1)), "{pointer}");
    }
    assert_eq!(ranked["config"]["x_new"], json!({"deep": [1]}));
}

#[test]
fn documents_that_break_the_rules_do_not_validate() {
    type Breaker = fn(&mut Value);
    let cases: [(&str, Breaker); 5] = [
        ("another schema", |d| d["schema"] = json!("gap/2")),
        ("no root", |d| {
            d.as_object_mut().unwrap().remove("root");
        }),
        ("a status nobody wrote", |d| {
            d["modules"][0]["status"] = json!("covered")
        }),
        ("a negative count", |d| d["summary"]["lines"] = json!(-1)),
        ("a weight out of range", |d| {
            d["config"]["score"] = json!({"size": 1e308})
        }),
    ];
    for (name, break_it) in cases {
        let mut doc = document_from_before();
        break_it(&mut doc);
        assert!(!violations(&doc).is_empty(), "{name} validates");
    }
}

/// A change that makes a document break the schema.
type Breaks = fn(&mut Value);

#[test]
fn shard_documents_validate_and_their_own_fields_are_checked() {
    let root = repo_root().join("examples/service");
    for k in ["1/2", "2/2"] {
        let out = run("gap-scan", &["--shard", k, root.to_str().unwrap()], b"");
        assert!(out.status.success(), "{k}");
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["kind"], "shard");
        assert!(!doc["facts"].as_array().unwrap().is_empty(), "{k}");
        assert_eq!(violations(&doc), Vec::<String>::new(), "{k}");
        let broken: [(&str, Breaks); 4] = [
            ("another kind", |d| d["kind"] = json!("scan")),
            ("shard 0", |d| d["shard"]["index"] = json!(0)),
            ("a file without its reader", |d| {
                d["facts"][0].as_object_mut().unwrap().remove("reader");
            }),
            ("a context neither facts nor failed", |d| {
                let contexts = d["tree"]["contexts"].as_object_mut().unwrap();
                let first = contexts.keys().next().unwrap().clone();
                contexts[&first] = json!({"other": 1});
            }),
        ];
        for (name, breaks) in broken {
            let mut bad = doc.clone();
            breaks(&mut bad);
            assert!(!violations(&bad).is_empty(), "{k}: {name} validates");
        }
    }
}
