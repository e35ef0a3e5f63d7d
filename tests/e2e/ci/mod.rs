//! gap in CI and code review (docs/ci.md): gates and exit codes, accepted gaps, changes (`--since`, `--diff`),
//! baselines, and the formats CI systems read. The trees are small Python services; the change trees are git
//! repositories built per test.

mod baseline;
mod change;
mod formats;
mod gates;
mod recipes;

use std::path::Path;

use crate::support::{git, Tree};

/// A tested module.
pub const BILLING: &str = "
    def charge(amount):
        if amount <= 0:
            raise ValueError(\"amount\")
        return amount


    def refund(amount):
        return -amount
";

/// A module whose gap the team accepts with a marker before its first definition.
pub const LEGACY: &str = "
    # gap: accept replaced by the new billing in Q3
    def old_charge(amount):
        if amount:
            return amount
        return 0
";

/// An untested module with a sensitive name and error paths: CRITICAL.
pub const AUTH: &str = "
    import hashlib


    class TokenSigner:
        def sign(self, payload, secret):
            if not secret:
                raise ValueError(\"secret\")
            return hashlib.sha256(secret + payload).hexdigest()

        def verify(self, payload, secret, signature):
            if self.sign(payload, secret) != signature:
                raise PermissionError(\"bad signature\")
            return True


    def check_password(user, password):
        if user is None:
            return False
        return user.password == password
";

/// The test of [`BILLING`].
pub const TEST_BILLING: &str = "
    from app.billing import charge, refund


    def test_charge():
        assert charge(2) == 2
        assert refund(2) == -2
";

/// billing (tested), legacy (accepted), payments_auth (untested, CRITICAL) and the billing test.
pub fn service() -> Tree {
    Tree::new()
        .file("app/__init__.py", "")
        .file("app/billing.py", BILLING)
        .file("app/legacy.py", LEGACY)
        .file("app/payments_auth.py", AUTH)
        .file("tests/test_billing.py", TEST_BILLING)
}

/// Commits everything in `dir` with `message`.
pub fn commit(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

/// A repository whose `main` holds billing, legacy and the billing test, and whose branch `feature` (checked
/// out) adds the untested payments_auth module and an untested function to billing.
pub fn feature_repo() -> Tree {
    let tree = Tree::new()
        .file("app/__init__.py", "")
        .file("app/billing.py", BILLING)
        .file("app/legacy.py", LEGACY)
        .file("tests/test_billing.py", TEST_BILLING);
    git(tree.path(), &["init", "-q"]);
    commit(tree.path(), "base");
    git(tree.path(), &["checkout", "-q", "-b", "feature"]);
    let billing = format!(
        "{}\n\ndef refund_all(amounts):\n    return [refund(a) for a in amounts]\n",
        crate::support::dedent(BILLING).trim_end()
    );
    let tree = tree
        .file("app/payments_auth.py", AUTH)
        .bytes("app/billing.py", billing.as_bytes());
    commit(tree.path(), "payments");
    tree
}

/// The pipe tables of a markdown text: for each, its header cells and its rows' cells (`|` inside code spans
/// is escaped as `\|` by gap and split on here only when unescaped).
pub fn tables(markdown: &str) -> Vec<(Vec<String>, Vec<Vec<String>>)> {
    let cells = |line: &str| -> Vec<String> {
        let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
        let mut out = vec![String::new()];
        let mut chars = inner.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' if chars.peek() == Some(&'|') => {
                    out.last_mut().unwrap().push('|');
                    chars.next();
                }
                '|' => out.push(String::new()),
                c => out.last_mut().unwrap().push(c),
            }
        }
        out.into_iter().map(|c| c.trim().to_string()).collect()
    };
    let lines: Vec<&str> = markdown.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < lines.len() {
        let is_rule = lines[i + 1].starts_with("|---") || lines[i + 1].starts_with("|:--");
        if lines[i].starts_with('|') && is_rule {
            let header = cells(lines[i]);
            let mut rows = Vec::new();
            let mut j = i + 2;
            while j < lines.len() && lines[j].starts_with('|') {
                let row = cells(lines[j]);
                assert_eq!(
                    row.len(),
                    header.len(),
                    "a row with as many cells as its header: {}",
                    lines[j]
                );
                rows.push(row);
                j += 1;
            }
            out.push((header, rows));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// The rows of the table whose header is `header`; panics when there is none.
pub fn rows<'a>(
    tables: &'a [(Vec<String>, Vec<Vec<String>>)],
    header: &[&str],
) -> &'a [Vec<String>] {
    tables
        .iter()
        .find(|(h, _)| h == header)
        .map(|(_, rows)| rows.as_slice())
        .unwrap_or_else(|| panic!("no table with header {header:?}"))
}
