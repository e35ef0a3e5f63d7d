//! Gaps in a change: `gap-scan --since REV` on a repository the test builds, `--diff FILE` (and `-`) with a
//! scan root below the repository's top; the report leads with changed code no test references.

use super::{feature_repo, rows, tables, AUTH};
use crate::support::{git, module_of as module, ranked, run, stderr, stdout};

/// The Changed Without Tests table's header.
const CHANGED: &[&str] = &["Component", "Change", "Without Tests", "Status", "Priority"];

fn json(doc: &[u8]) -> serde_json::Value {
    serde_json::from_slice(doc).expect("ranked JSON")
}

#[test]
fn since_marks_changed_modules_and_symbols_and_the_report_leads_with_them() {
    let repo = feature_repo();
    // An untracked file counts as added: the working tree is part of the change.
    let repo = repo.file(
        "app/notes.py",
        "def summarize(text):\n    return text[:10]\n",
    );
    let doc = ranked(repo.path(), &["--no-history", "--since", "main"]);
    let j = json(&doc);
    assert_eq!(crate::schema::violations(&j), Vec::<String>::new());
    let main = git(repo.path(), &["rev-parse", "main"]);
    let head = git(repo.path(), &["rev-parse", "HEAD"]);
    assert_eq!(j["change"]["since"], "main");
    assert_eq!(j["change"]["base_commit"], main.trim());
    assert_eq!(j["head_commit"], head.trim());
    assert_eq!(
        j["change"]["files"],
        serde_json::json!(["app/billing.py", "app/notes.py", "app/payments_auth.py"])
    );
    let billing = module(&j, "app/billing.py");
    assert_eq!(billing["changed"]["added"], false);
    assert_eq!(
        billing["changed"]["symbols"],
        serde_json::json!(["refund_all"])
    );
    assert_eq!(billing["changed"]["lines"], serde_json::json!([[9, 11]]));
    let auth = module(&j, "app/payments_auth.py");
    assert_eq!(auth["changed"]["added"], true);
    assert!(module(&j, "app/legacy.py").get("changed").is_none());

    let out = run("gap-report", &["--format", "markdown"], &doc);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let changed_at = text.find("## Changed Without Tests").expect("the section");
    assert!(
        changed_at < text.find("## Critical Gaps").unwrap(),
        "it leads"
    );
    let lead = format!(
        "Since `main` (merge base `{}`): 3 modules changed, 3 of them with changed code no test references (6 \
         public symbols).",
        &main.trim()[..12]
    );
    assert!(text.contains(&lead), "{text}");
    assert_eq!(
        rows(&tables(&text), CHANGED),
        [
            vec![
                "`app/payments_auth.py`",
                "new file",
                "`TokenSigner`, `TokenSigner.sign`, `TokenSigner.verify`, `check_password`",
                "untested",
                "CRITICAL",
            ],
            vec![
                "`app/notes.py`",
                "new file",
                "`summarize`",
                "untested",
                "MEDIUM",
            ],
            vec![
                "`app/billing.py`",
                "1 symbol changed",
                "`refund_all`",
                "tested",
                "LOW",
            ],
        ]
    );
}

#[test]
fn the_terminal_table_leads_with_the_change_too() {
    let repo = feature_repo();
    let doc = ranked(repo.path(), &["--no-history", "--since", "main"]);
    let out = crate::support::run(
        "gap-report",
        &["--format", "table", "--fail-on", "critical"],
        &doc,
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let changed = text.find("Changed Without Tests\n═").expect("the section");
    assert!(changed < text.find("Critical Gaps (Fix Immediately)").unwrap());
    assert!(
        text.contains("❌ Gate failed (--fail-on critical): 1 gap of priority CRITICAL or above"),
        "{text}"
    );
    let row = text
        .lines()
        .find(|l| l.starts_with("│ app/payments_auth.py"))
        .expect("its row");
    assert!(
        row.contains("│ new file ") && row.contains("│ CRITICAL │"),
        "{row}"
    );
    assert!(
        text.contains("Accepted Gaps\n═"),
        "accepted gaps are listed apart: {text}"
    );
}

#[test]
fn the_front_command_takes_the_ci_flags_and_exits_with_the_gate() {
    let repo = feature_repo();
    let root = repo.path().to_str().unwrap();
    let args = [
        "--no-history",
        "--since",
        "main",
        "--fail-on",
        "critical",
        "--format",
        "markdown",
        root,
    ];
    let out = crate::support::run("gap", &args, b"");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("## Changed Without Tests"), "{text}");
    assert!(
        text.contains(
            "❌ **Gate failed** (`--fail-on critical`): 1 gap of priority CRITICAL or above"
        ),
        "{text}"
    );
    assert!(stderr(&out).contains("gate failed: --fail-on critical: 1 gap"));
}

#[test]
fn a_diff_file_marks_the_same_change_for_a_scan_root_below_the_top() {
    let repo = crate::support::Tree::new()
        .file("svc/app/__init__.py", "")
        .file("svc/app/billing.py", super::BILLING)
        .file("svc/tests/test_billing.py", super::TEST_BILLING)
        .file("README.md", "service\n");
    git(repo.path(), &["init", "-q"]);
    super::commit(repo.path(), "base");
    let repo = repo.file("svc/app/payments_auth.py", AUTH);
    git(repo.path(), &["add", "-A"]);
    let patch = git(repo.path(), &["diff", "--cached", "main"]);
    assert!(patch.contains("+++ b/svc/app/payments_auth.py"), "{patch}");
    let file = repo.path().join("change.diff");
    std::fs::write(&file, &patch).unwrap();

    let root = repo.path().join("svc");
    let doc = ranked(&root, &["--no-history", "--diff", file.to_str().unwrap()]);
    let j = json(&doc);
    assert_eq!(
        j["change"]["files"],
        serde_json::json!(["app/payments_auth.py"])
    );
    assert_eq!(module(&j, "app/payments_auth.py")["changed"]["added"], true);
    let text = stdout(&run("gap-report", &["--format", "markdown"], &doc));
    assert!(text.contains("In the diff `"), "{text}");
    assert_eq!(
        rows(&tables(&text), CHANGED)[0][0],
        "`app/payments_auth.py`"
    );
    // CI formats name the file from the repository's top, where GitHub looks for it.
    assert_eq!(j["repo_path"], "svc");
    let github = stdout(&run("gap-report", &["--format", "github"], &doc));
    assert!(
        github.starts_with(
            "::warning file=svc/app/payments_auth.py,line=4,title=Changed without tests"
        ),
        "{github}"
    );

    // The same diff on stdin, and a diff without a/ b/ prefixes.
    let args = [root.to_str().unwrap(), "--no-history", "--diff", "-"];
    let from_stdin = run("gap-scan", &args, patch.as_bytes());
    assert!(from_stdin.status.success(), "{}", stderr(&from_stdin));
    let bare = patch
        .replace(" a/", " ")
        .replace(" b/", " ")
        .replace("--- a/", "--- ")
        .replace("+++ b/", "+++ ");
    let no_prefix = run("gap-scan", &args, bare.as_bytes());
    assert!(no_prefix.status.success(), "{}", stderr(&no_prefix));
    // Text that is no diff marks nothing, and says so.
    let nothing = run("gap-scan", &args, b"just some text\n");
    assert!(nothing.status.success(), "{}", stderr(&nothing));
    assert!(
        stderr(&nothing).contains(
            "gap-scan: warning: --diff -: the diff names no file (is it a unified diff, as `git diff` writes?); \
             nothing is marked as changed"
        ),
        "{}",
        stderr(&nothing)
    );
    for out in [from_stdin, no_prefix] {
        let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            j["change"]["files"],
            serde_json::json!(["app/payments_auth.py"])
        );
    }
}

#[test]
fn a_revision_git_does_not_know_is_one_line_and_exit_2() {
    let repo = feature_repo();
    let out = run(
        "gap-scan",
        &[repo.path().to_str().unwrap(), "--since", "no-such-branch"],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with("gap-scan: error: --since no-such-branch: "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}
