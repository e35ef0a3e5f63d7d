//! Gates and exit codes: `--fail-on`, `--fail-under`, `--fail-on-new`, the same from gap.toml; 0 clean, 1 a gate
//! failed (after the output is written), 2 usage or input error; accepted gaps listed apart, never gating.

use super::{rows, service, tables};
use crate::support::{bin, module_of, ranked, run, stderr, stdout, Tree};

/// The Accepted Gaps table's header.
const ACCEPTED: &[&str] = &["Component", "Accepted", "Status", "Priority", "Reason"];

#[test]
fn fail_on_exits_1_after_writing_the_whole_report() {
    let tree = service();
    let doc = ranked(tree.path(), &["--no-history"]);
    let out = run("gap-report", &["--fail-on", "critical"], &doc);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(
            "❌ **Gate failed** (`--fail-on critical`): 1 gap of priority CRITICAL or above: \
             app/payments_auth.py (CRITICAL)\n"
        ),
        "{text}"
    );
    assert!(text.contains("## Summary"), "the report is written whole");
    assert_eq!(
        stderr(&out),
        "gap-report: gate failed: --fail-on critical: 1 gap of priority CRITICAL or above: \
         app/payments_auth.py (CRITICAL)\n"
    );

    // The accepted MEDIUM gap (legacy.py) counts for no level.
    let out = run("gap-report", &["--fail-on", "low"], &doc);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out)
        .contains(": 1 gap of priority LOW or above: app/payments_auth.py (CRITICAL)\n"));

    // Without the CRITICAL module, nothing trips it: exit 0, and the report says the gate passed.
    std::fs::remove_file(tree.path().join("app/payments_auth.py")).unwrap();
    let doc = ranked(tree.path(), &["--no-history"]);
    let out = run("gap-report", &["--fail-on", "low"], &doc);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out)
        .contains("✅ Gate passed (`--fail-on low`): no gap of priority LOW or above\n"));
    assert_eq!(stderr(&out), "");
}

#[test]
fn fail_under_reads_the_total_coverage_with_accepted_gaps_left_out() {
    let tree = service();
    let doc = ranked(tree.path(), &["--no-history"]);
    let out = run("gap-report", &["--fail-under", "50"], &doc);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains(
        "✅ Gate passed (`--fail-under 50`): coverage 50% (1 of 2 modules with direct tests, 1 accepted gap left \
         out) is at or above 50%"
    ));
    let out = run("gap-report", &["--fail-under", "50.5%"], &doc);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "gap-report: gate failed: --fail-under 50.5: coverage 50% (1 of 2 modules with direct tests, 1 accepted \
         gap left out) is below 50.5%\n"
    );
}

#[test]
fn gates_come_from_gap_toml_and_the_command_line_wins() {
    let tree = service().file("gap.toml", "fail_on = \"critical\"\nfail_under = 90\n");
    let doc = ranked(tree.path(), &["--no-history"]);
    let out = run("gap-report", &[], &doc);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<String> = stderr(&out).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with("gap-report: gate failed: --fail-on critical: 1 gap"));
    assert!(lines[1].starts_with("gap-report: gate failed: --fail-under 90: coverage 50%"));

    let out = run("gap-report", &["--fail-under", "10"], &doc);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains("--fail-on critical") && !err.contains("--fail-under"),
        "{err}"
    );
    assert!(stdout(&out).contains("✅ Gate passed (`--fail-under 10`)"));
}

#[test]
fn accepted_gaps_are_listed_apart_and_pass_every_gate() {
    let tree = service()
        .file(
            "gap.toml",
            "[[accept]]\npaths = [\"app/payments_auth.py\"]\nreason = \"covered by the auth service's contract tests\"\n",
        );
    let doc = ranked(tree.path(), &["--no-history"]);
    let json: serde_json::Value = serde_json::from_slice(&doc).unwrap();
    assert_eq!(crate::schema::violations(&json), Vec::<String>::new());
    let module = |p: &str| module_of(&json, p);
    assert_eq!(module("app/payments_auth.py")["accepted"]["by"], "config");
    assert_eq!(module("app/legacy.py")["accepted"]["by"], "marker");
    assert_eq!(
        module("app/payments_auth.py")["status"],
        "untested",
        "status unchanged"
    );

    let out = run(
        "gap-report",
        &["--fail-on", "low", "--fail-under", "100"],
        &doc,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let t = tables(&text);
    assert_eq!(
        rows(&t, ACCEPTED),
        [
            vec![
                "`app/payments_auth.py`",
                "whole module",
                "untested",
                "CRITICAL",
                "covered by the auth service's contract tests (gap.toml)",
            ],
            vec![
                "`app/legacy.py`",
                "whole module",
                "untested",
                "MEDIUM",
                "replaced by the new billing in Q3 (marker, line 1)",
            ],
        ]
    );
    assert!(
        !text.contains("## Critical Gaps (Fix Immediately)\n\n| Component"),
        "no accepted gap in Critical Gaps: {text}"
    );
    assert!(text.contains("2 gaps are accepted."), "{text}");
}

#[test]
fn exit_code_2_for_usage_and_input_errors() {
    let tree = service();
    let doc = ranked(tree.path(), &["--no-history"]);
    let unranked = run(
        "gap-scan",
        &[tree.path().to_str().unwrap(), "--no-history"],
        b"",
    )
    .stdout;
    let cases: &[(&[&str], &[u8], &str)] = &[
        (
            &["--fail-on", "urgent"],
            &doc,
            "gap-report: error: invalid value 'urgent' for '--fail-on <LEVEL>'",
        ),
        (
            &["--fail-under", "101"],
            &doc,
            "gap-report: error: invalid value '101' for '--fail-under <PERCENT>': 101 is not a percent from 0 to 100",
        ),
        (
            &["--fail-on-new", "--fail-on", "high"],
            &doc,
            "gap-report: error: the following required arguments were not provided:",
        ),
        (
            &["--format", "table", "--max-bytes", "100"],
            &doc,
            "gap-report: error: --max-bytes applies to --format markdown\n",
        ),
        (
            &["--fail-on", "high"],
            &unranked,
            "gap-report: error: <stdin>: ",
        ),
        (
            &["--fail-on", "high"],
            b"",
            "gap-report: error: <stdin>: empty input: the stage before this one produced nothing",
        ),
    ];
    for (args, input, message) in cases {
        let out = run("gap-report", args, input);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).starts_with(message),
            "{args:?}: {}",
            stderr(&out)
        );
        assert_eq!(
            stderr(&out).lines().count(),
            1,
            "one line: {}",
            stderr(&out)
        );
        assert_eq!(stdout(&out), "", "{args:?}");
    }
}

#[test]
fn a_pipeline_whose_scan_fails_fails_at_the_gate() {
    // README's old recipe ended in `jq -e`, which exits 0 on empty input: a failed scan passed the job.
    let dir = Tree::new();
    let script = format!(
        "'{}' '{}' | '{}' | '{}' --fail-on critical",
        bin("gap-scan").display(),
        dir.path().join("missing").display(),
        bin("gap-rank").display(),
        bin("gap-report").display()
    );
    let out = std::process::Command::new("sh")
        .args(["-c", &script])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("gap-scan: error: "), "{err}");
    assert!(
        err.contains(
            "gap-report: error: <stdin>: empty input: the stage before this one produced nothing (if it \
             failed, its error is above)"
        ),
        "{err}"
    );
}
