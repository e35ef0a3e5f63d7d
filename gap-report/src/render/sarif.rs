//! SARIF 2.1.0 (the format code-scanning services read): one result per gap, its rule the gap's status
//! (`gap/untested`, `gap/indirect`, `gap/import-only`, `gap/limited`), and one per changed module with changed
//! code no test references (`gap/changed-without-tests`). Each result points at the module's file (from the
//! repository's top, under `%SRCROOT%`) and line, carries the priority as its level (CRITICAL and HIGH
//! `error`, MEDIUM `warning`, LOW `note`) and a `partialFingerprints` value made from the rule and path alone,
//! so an alert stays the same alert across runs while its line or score moves. Accepted gaps are results with
//! a suppression (`inSource` for a marker, `external` for gap.toml) whose justification is the reason: listed,
//! never hidden. With `--baseline`, each gap's `baselineState` says whether it is new, updated (status or
//! priority changed) or unchanged.

use serde_json::{json, Value};

use super::location::{gap_line, gap_words, repo_file, why_and_missing};
use crate::gaps::Report;
use gap_core::{AcceptedBy, Document, Module, Priority, Status};

/// The schema URI written in `$schema`.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The rules: id, name, short description, help.
pub const RULES: &[(&str, &str, &str, &str)] = &[
    (
        "gap/untested",
        "UntestedModule",
        "No test imports the module or reaches it.",
        "Write direct tests for its public functions and classes, starting with the most complex.",
    ),
    (
        "gap/indirect",
        "IndirectlyReachedModule",
        "No test imports the module; only code of tested modules runs it, and nothing checks it.",
        "Test it directly: what the tests of its importers do with it is not checked.",
    ),
    (
        "gap/import-only",
        "ImportedOnlyModule",
        "Tests import the module but use none of its functions or classes.",
        "Use what the tests import: call its functions and construct its classes in tests.",
    ),
    (
        "gap/limited",
        "LimitedTests",
        "Tests use fewer than the threshold share of the module's public symbols.",
        "Test the public symbols the report lists as missing.",
    ),
    (
        "gap/changed-without-tests",
        "ChangedWithoutTests",
        "The change modifies public code that no test references.",
        "Add tests for the changed symbols before merging.",
    ),
];

/// The rule of a status (`None` for tested).
fn rule_of(status: Status) -> Option<usize> {
    match status {
        Status::Untested => Some(0),
        Status::Indirect => Some(1),
        Status::ImportOnly => Some(2),
        Status::Limited => Some(3),
        Status::Tested => None,
    }
}

/// The SARIF level of a priority.
fn level(p: Priority) -> &'static str {
    match p {
        Priority::Critical | Priority::High => "error",
        Priority::Medium => "warning",
        Priority::Low => "note",
    }
}

/// 64-bit FNV-1a, as 16 hex digits: a fingerprint that depends on its input only.
pub fn fingerprint(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// `path` as a relative URI reference: every byte but unreserved characters and `/` percent-encoded.
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn location(file: &str, line: u64) -> Value {
    json!([{
        "physicalLocation": {
            "artifactLocation": {"uri": uri(file), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": line.max(1)}
        }
    }])
}

/// With `--baseline`: `new` for a gap new since the baseline, `updated` for one whose status or priority
/// changed, `unchanged` for the others.
fn baseline_state(report: &Report, path: &str) -> Option<&'static str> {
    let c = report.baseline.as_ref()?;
    let entry = c.entries.iter().find(|e| e.path == path);
    Some(match entry {
        Some(e) if e.is_new_gap() => "new",
        Some(e) if e.is_changed() => "updated",
        _ => "unchanged",
    })
}

fn gap_result(doc: &Document, report: &Report, m: &Module, rule: usize) -> Value {
    let file = repo_file(doc, &m.path);
    let priority = m.priority.unwrap_or(Priority::Low);
    let (why, missing) = why_and_missing(m);
    let mut result = json!({
        "ruleId": RULES[rule].0,
        "ruleIndex": rule,
        "level": level(priority),
        "message": {"text": format!("{} — {} ({why}). Missing: {missing}.", m.path, gap_words(m))},
        "locations": location(&file, gap_line(m)),
        "partialFingerprints": {"gapModule/v1": fingerprint(&format!("{}\u{0}{file}", RULES[rule].0))},
        "properties": {
            "priority": priority.as_str(),
            "score": m.score.unwrap_or(0.0),
            "status": m.status.as_str(),
            "missingTests": m.missing_tests.unwrap_or(0),
            "testType": m.test_type.map(|t| t.as_str()).unwrap_or("Unit"),
        }
    });
    if let Some(state) = baseline_state(report, &m.path) {
        result["baselineState"] = json!(state);
    }
    if let Some(a) = &m.accepted {
        result["suppressions"] = json!([{
            "kind": if a.by == AcceptedBy::Marker { "inSource" } else { "external" },
            "status": "accepted",
            "justification": a.reason,
        }]);
    }
    result
}

/// The SARIF log of `doc` and its report, as pretty JSON with a final newline.
pub fn render(doc: &Document, report: &Report) -> String {
    let mut results: Vec<Value> = doc
        .modules
        .iter()
        .filter(|m| m.testable)
        .filter_map(|m| rule_of(m.status).map(|r| gap_result(doc, report, m, r)))
        .collect();
    if let Some(changed) = &report.changed {
        for r in &changed.rows {
            let file = repo_file(doc, &r.path);
            let what = if r.module_code {
                "its changed module code".to_string()
            } else {
                r.untested.join(", ")
            };
            results.push(json!({
                "ruleId": RULES[4].0,
                "ruleIndex": 4,
                "level": level(r.priority),
                "message": {"text": format!("{}: {what} changed and no test references it.", r.path)},
                "locations": location(&file, r.line),
                "partialFingerprints": {"gapChange/v1": fingerprint(&format!("{}\u{0}{file}", RULES[4].0))},
                "properties": {"priority": r.priority.as_str(), "status": r.status.as_str()}
            }));
        }
    }
    let rules: Vec<Value> = RULES
        .iter()
        .map(|(id, name, short, help)| {
            json!({
                "id": id,
                "name": name,
                "shortDescription": {"text": short},
                "fullDescription": {"text": short},
                "help": {"text": help},
                "defaultConfiguration": {"level": "warning"},
                "properties": {"tags": ["testing", "test-gap"]}
            })
        })
        .collect();
    let mut run = json!({
        "tool": {"driver": {
            "name": "gap",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": rules,
        }},
        "results": results,
        "columnKind": "unicodeCodePoints",
    });
    if let Some(commit) = &doc.head_commit {
        run["properties"] = json!({"headCommit": commit});
    }
    let log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [run],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_and_uris_are_stable_and_safe() {
        assert_eq!(fingerprint("a"), fingerprint("a"));
        assert_ne!(
            fingerprint("gap/untested\u{0}a.py"),
            fingerprint("gap/limited\u{0}a.py")
        );
        assert_eq!(uri("app/my file#1.py"), "app/my%20file%231.py");
        assert_eq!(uri("é.py"), "%C3%A9.py");
    }
}
