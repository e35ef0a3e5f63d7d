//! The recipes of docs/ci.md run as written: the Makefile target, on a repository whose change adds an untested
//! module, with the gap binaries on PATH.

use super::{commit, AUTH, BILLING, TEST_BILLING};
use crate::support::{bin, git, repo_root, Tree};

/// The Makefile block of docs/ci.md.
fn makefile() -> String {
    let doc = std::fs::read_to_string(repo_root().join("docs/ci.md")).unwrap();
    let start = doc.find("```make\n").expect("a make block in docs/ci.md") + "```make\n".len();
    let end = start + doc[start..].find("```").unwrap();
    doc[start..end].to_string()
}

#[test]
fn the_makefile_target_fails_on_a_new_critical_gap_and_prints_the_report() {
    let tree = Tree::new()
        .file("app/__init__.py", "")
        .file("app/billing.py", BILLING)
        .file("tests/test_billing.py", TEST_BILLING)
        .file(".gitignore", ".gap/\n");
    git(tree.path(), &["init", "-q"]);
    commit(tree.path(), "base");
    git(tree.path(), &["checkout", "-q", "-b", "feature"]);
    let tree = tree.file("app/payments_auth.py", AUTH);
    commit(tree.path(), "payments");
    std::fs::write(tree.path().join("Makefile"), makefile()).unwrap();

    let bins = bin("gap-scan").parent().unwrap().to_path_buf();
    let path = format!(
        "{}:{}",
        bins.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = |base: &str| {
        std::process::Command::new("make")
            .args([
                "--no-print-directory",
                "test-gaps",
                &format!("GAP_BASE={base}"),
            ])
            .current_dir(tree.path())
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .output()
            .expect("make runs")
    };
    let out = run("main");
    let text = String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "the gate fails the target: {text}{err}"
    );
    assert!(
        err.contains(
            "gap-report: gate failed: --fail-on critical --fail-on-new: 1 new gap (or gap that rose) of priority \
             CRITICAL or above: app/payments_auth.py (CRITICAL)"
        ),
        "{err}"
    );
    assert!(text.contains("## Changed Without Tests"), "{text}");
    assert!(
        text.contains("| new | `app/payments_auth.py` | — → untested | — → CRITICAL |"),
        "{text}"
    );
    assert!(
        tree.path().join(".gap/gaps.md").is_file(),
        "the report is kept in .gap/"
    );
    let worktrees = git(tree.path(), &["worktree", "list"]);
    assert_eq!(
        worktrees.lines().count(),
        1,
        "the base's work tree is gone: {worktrees}"
    );

    // Against the feature branch itself nothing is new: the target passes though the CRITICAL gap is there.
    let out = run("feature");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
