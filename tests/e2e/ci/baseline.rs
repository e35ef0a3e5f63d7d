//! Baselines: `gap-report --baseline OLD.json` compares two scans of a repository the test builds: new,
//! closed, changed and renamed gaps (by git's word with `--since`, by symbol names without), coverage deltas,
//! and `--fail-on-new`.

use super::{commit, rows, tables, AUTH, BILLING, TEST_BILLING};
use crate::support::{git, ranked, run, stderr, stdout, Tree};

/// The baseline table's header.
const CHANGES: &[&str] = &["Change", "Component", "Status", "Priority"];
/// The coverage deltas' header.
const DELTAS: &[&str] = &[
    "Category",
    "Modules",
    "Coverage",
    "❌",
    "⚠️",
    "Missing Tests",
];

const ORDERS: &str = "
    def place(order):
        if not order:
            raise ValueError(\"empty\")
        return order


    def cancel(order):
        return None
";

const SHIPPING: &str = "
    def quote(weight):
        if weight > 10:
            return 20
        return 5


    def track(code):
        return code
";

const INVOICE: &str = "
    def render_invoice(invoice):
        return page_header(invoice) + totals_table(invoice)


    def page_header(invoice):
        return invoice.title


    def totals_table(invoice):
        return str(invoice.total)
";

const MAILER: &str = "
    def send_mail(to, body):
        return queue(to, render_template(body))


    def render_template(body):
        return body


    def queue(to, text):
        return (to, text)
";

/// main: billing (tested), orders, shipping, invoice and mailer (untested). feature (checked out): orders gets
/// a test (closed), shipping a test that imports it and uses nothing (changed), invoice moves with `git mv`,
/// mailer is rewritten at a new path (its symbols stay), csv_export is deleted, payments_auth is new and
/// untested.
fn repo() -> (Tree, Vec<u8>) {
    let tree = Tree::new()
        .file("app/__init__.py", "")
        .file("app/billing.py", BILLING)
        .file("app/orders.py", ORDERS)
        .file("app/shipping.py", SHIPPING)
        .file("app/invoice_pdf.py", INVOICE)
        .file("app/mailer.py", MAILER)
        .file(
            "app/csv_export.py",
            "def export_rows(rows):\n    return ','.join(rows)\n",
        )
        .file("tests/test_billing.py", TEST_BILLING);
    git(tree.path(), &["init", "-q"]);
    commit(tree.path(), "base");
    // With history (the default) the scan records the commit it saw.
    let base = ranked(tree.path(), &[]);
    git(tree.path(), &["checkout", "-q", "-b", "feature"]);
    std::fs::create_dir_all(tree.path().join("app/pdf")).unwrap();
    git(
        tree.path(),
        &["mv", "app/invoice_pdf.py", "app/pdf/invoice.py"],
    );
    std::fs::remove_file(tree.path().join("app/mailer.py")).unwrap();
    std::fs::remove_file(tree.path().join("app/csv_export.py")).unwrap();
    let tree = tree
        .file("app/pdf/__init__.py", "")
        .file(
            "app/notify/email.py",
            "
            import smtplib


            def send_mail(to, body):
                return queue(to, render_template(body))


            def render_template(body):
                return '<p>' + body + '</p>'


            def queue(to, text):
                return smtplib.SMTP('localhost').sendmail('a', to, text)
            ",
        )
        .file("app/notify/__init__.py", "")
        .file("app/payments_auth.py", AUTH)
        .file(
            "tests/test_orders.py",
            "
            from app.orders import place, cancel


            def test_place():
                assert place([1]) == [1]
                assert cancel([1]) is None
            ",
        )
        .file(
            "tests/test_shipping.py",
            "
            import app.shipping


            def test_module_loads():
                assert app.shipping
            ",
        );
    commit(tree.path(), "feature");
    (tree, base)
}

fn report(doc: &[u8], base: &std::path::Path, more: &[&str]) -> std::process::Output {
    let mut args = vec!["--format", "markdown", "--baseline", base.to_str().unwrap()];
    args.extend_from_slice(more);
    run("gap-report", &args, doc)
}

#[test]
fn new_closed_changed_and_renamed_gaps_with_coverage_deltas() {
    let (tree, base) = repo();
    let base_file = tree.path().join(".git/base.json");
    std::fs::write(&base_file, &base).unwrap();
    let doc = ranked(tree.path(), &["--no-history", "--since", "main"]);
    let out = report(&doc, &base_file, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let base_commit = git(tree.path(), &["rev-parse", "main"]);
    assert!(
        text.contains(&format!(
            "(commit `{}`): 1 new gap, 2 closed, 1 changed status or priority, 2 renamed.",
            &base_commit.trim()[..12]
        )),
        "{text}"
    );
    let t = tables(&text);
    let got: Vec<Vec<String>> = rows(&t, CHANGES).to_vec();
    let kinds: Vec<(&str, &str)> = got.iter().map(|r| (r[0].as_str(), r[1].as_str())).collect();
    assert_eq!(
        kinds,
        [
            ("new", "`app/payments_auth.py`"),
            ("changed", "`app/shipping.py`"),
            ("closed (gone)", "`app/csv_export.py`"),
            ("closed", "`app/orders.py`"),
            (
                "renamed",
                "`app/notify/email.py` (was `app/mailer.py`, by git)"
            ),
            (
                "renamed",
                "`app/pdf/invoice.py` (was `app/invoice_pdf.py`, by git)"
            ),
        ],
        "{text}"
    );
    let shipping = got.iter().find(|r| r[1] == "`app/shipping.py`").unwrap();
    assert_eq!(shipping[2], "untested → import_only");
    let orders = got.iter().find(|r| r[1] == "`app/orders.py`").unwrap();
    assert_eq!(orders[2], "untested → tested");
    let deltas = rows(&t, DELTAS);
    let total = deltas.last().unwrap();
    assert_eq!(total[0], "**TOTAL**");
    assert_eq!(total[1], "**6**", "one module gone, one new");
    assert_eq!(total[3], "**5 → 3 (-2)**");

    // Without git's word (no --since), both are matched by their symbols: renamed, not closed and new.
    let doc = ranked(tree.path(), &["--no-history"]);
    let text = stdout(&report(&doc, &base_file, &[]));
    let t = tables(&text);
    let renamed: Vec<&str> = rows(&t, CHANGES)
        .iter()
        .filter(|r| r[1].contains("(was "))
        .map(|r| r[1].as_str())
        .collect();
    assert_eq!(
        renamed,
        [
            "`app/notify/email.py` (was `app/mailer.py`, by its symbols)",
            "`app/pdf/invoice.py` (was `app/invoice_pdf.py`, by its symbols)",
        ],
        "{text}"
    );
}

#[test]
fn fail_on_new_fails_only_for_gaps_the_change_brings() {
    let (tree, base) = repo();
    let base_file = tree.path().join(".git/base.json");
    std::fs::write(&base_file, &base).unwrap();
    let doc = ranked(tree.path(), &["--no-history", "--since", "main"]);
    let out = report(
        &doc,
        &base_file,
        &["--fail-on", "critical", "--fail-on-new"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "gap-report: gate failed: --fail-on critical --fail-on-new: 1 new gap (or gap that rose) of priority \
         CRITICAL or above: app/payments_auth.py (CRITICAL)\n"
    );

    // Compared with itself nothing is new: the CRITICAL gap it has does not fail --fail-on-new, and does fail
    // --fail-on alone.
    let same = tree.path().join(".git/same.json");
    std::fs::write(&same, &doc).unwrap();
    let out = report(&doc, &same, &["--fail-on", "critical", "--fail-on-new"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains(
        "✅ Gate passed (`--fail-on critical --fail-on-new`): no new gap (or gap that rose) of priority CRITICAL \
         or above"
    ));
    let out = report(&doc, &same, &["--fail-on", "critical"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_baseline_that_is_not_a_ranked_document_is_exit_2() {
    let (tree, _) = repo();
    let doc = ranked(tree.path(), &["--no-history"]);
    let scanned = run(
        "gap-scan",
        &[tree.path().to_str().unwrap(), "--no-history"],
        b"",
    )
    .stdout;
    let unranked = tree.path().join(".git/scanned.json");
    std::fs::write(&unranked, scanned).unwrap();
    let missing = tree.path().join(".git/missing.json");
    for (file, message) in [
        (&unranked, "gap-report: error: --baseline "),
        (&missing, "gap-report: error: --baseline "),
    ] {
        let out = report(&doc, file, &[]);
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        assert!(
            err.starts_with(message) && err.lines().count() == 1,
            "{err}"
        );
        assert!(
            err.contains(file.file_name().unwrap().to_str().unwrap()),
            "{err}"
        );
    }
}

#[test]
fn sarif_says_each_gap_s_state_against_the_baseline() {
    let (tree, base) = repo();
    let base_file = tree.path().join(".git/base.json");
    std::fs::write(&base_file, &base).unwrap();
    let doc = ranked(tree.path(), &["--no-history", "--since", "main"]);
    let args = [
        "--format",
        "sarif",
        "--baseline",
        base_file.to_str().unwrap(),
    ];
    let out = run("gap-report", &args, &doc);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<String> = super::formats::sarif_validator()
        .iter_errors(&log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let mut states: Vec<(String, String)> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] != "gap/changed-without-tests")
        .map(|r| {
            (
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                r["baselineState"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    states.sort();
    let want: Vec<(String, String)> = [
        ("app/notify/email.py", "unchanged"),
        ("app/payments_auth.py", "new"),
        ("app/pdf/invoice.py", "unchanged"),
        ("app/shipping.py", "updated"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(states, want);
}
