//! What a reader takes in from the report, on trees built per test: categories that roll up, names that tell
//! files apart, marks and counts that agree, no noise at the top, thin input said, output that fits the
//! terminal, and names from the tree that stay inert in every format.

use std::path::Path;

use gap_report::render::width::width;
use serde_json::Value;

use crate::support::{outside_fences, pipeline, pipeline_with, run, Tree};

/// `n` modules `folder/{prefix}{i}.py`, each with one public function.
fn modules(mut tree: Tree, folder: &str, prefix: &str, n: usize) -> Tree {
    for i in 0..n {
        tree = tree.file(
            &format!("{folder}/{prefix}{i}.py"),
            &format!("def {prefix}{i}(x):\n    if x:\n        return 1\n    return 2\n"),
        );
    }
    tree
}

/// A service of layers with areas below them, and tests for a few of its modules.
fn layered() -> Tree {
    let mut t = Tree::new();
    t = modules(t, "app/db/repositories", "repo", 8);
    t = modules(t, "app/db/repositories/admin", "admin_repo", 2);
    t = modules(t, "app/domain/user", "user_model", 2);
    t = modules(t, "app/domain/saga", "saga_model", 2);
    t = modules(t, "app/domain", "base", 1);
    t = modules(t, "app/services", "service", 6);
    t = modules(t, "app/services/saga", "saga_service", 2);
    t = modules(t, "workers", "worker", 4);
    t.file(
        "tests/test_repos.py",
        "from app.db.repositories.repo0 import repo0\nfrom app.db.repositories.admin.admin_repo0 import admin_repo0\n\n\ndef test_repos():\n    assert repo0(1) == admin_repo0(1)\n",
    )
    .file(
        "tests/test_services.py",
        "from app.services.service0 import service0\n\n\ndef test_service():\n    assert service0(0) == 2\n",
    )
}

fn category<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no category {name} in {}", doc["categories"]))
}

#[test]
fn nested_folders_roll_up_into_their_layer() {
    let tree = layered();
    let p = pipeline_with(tree.path(), &["--no-history"], &["--format", "markdown"]);
    let doc = p.json();
    let names: Vec<&str> = doc["categories"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["summary"]["modules"].as_u64() > Some(0))
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Repositories", "Domain", "Services", "Workers"]);
    let repos = category(&doc, "Repositories");
    assert_eq!(repos["folder"], "app/db/repositories");
    assert_eq!(repos["summary"]["modules"], 10, "admin/ counts among them");
    assert_eq!(category(&doc, "Domain")["summary"]["modules"], 5);
    assert_eq!(category(&doc, "Services")["summary"]["modules"], 8);
    let text = p.text();
    assert!(
        text.contains(
            "### Repositories with ZERO Tests (8 of 10)\n```text\napp/db/repositories/\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("Tested here (2): `admin/admin_repo0.py`, `repo0.py`"),
        "{text}"
    );
    // --print-categories shows the same cut and what each rolls up.
    let out = run(
        "gap-scan",
        &[tree.path().to_str().unwrap(), "--print-categories"],
        b"",
    );
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(
        shown.starts_with("4 categories for 27 testable modules (minimum size 3, at most 8;"),
        "{shown}"
    );
    assert!(
        shown.contains("Repositories  app/db/repositories/    10 testable  rolls up admin/\n"),
        "{shown}"
    );
    assert!(shown.contains("rolls up saga/ user/"), "{shown}");
}

#[test]
fn components_name_files_uniquely() {
    let tree = Tree::new()
        .file(
            "app/api/routes/auth.py",
            "def login(user):\n    if not user:\n        raise ValueError('no user')\n    return user\n",
        )
        .file(
            "app/domain/enums/auth.py",
            "class AuthKind:\n    def label(self):\n        return 'auth'\n",
        )
        .file("app/other.py", "def f():\n    return 1\n")
        .file(
            "tests/test_other.py",
            "from app.other import f\n\n\ndef test_f():\n    assert f() == 1\n",
        );
    let text = pipeline_with(tree.path(), &["--no-history"], &["--format", "markdown"]).text();
    assert!(
        text.contains("| `routes/auth.py` | Unit | login, error cases | CRITICAL |"),
        "{text}"
    );
    assert!(
        text.contains("| `enums/auth.py` | Unit | AuthKind: label | CRITICAL |"),
        "{text}"
    );
}

/// One tree of a markdown report: its heading, the count the heading states (`usize::MAX` for ALL
/// UNTESTED), its ❌ lines and its ⚠️ lines.
type TreeCounts = (String, usize, usize, usize);

/// The trees of a markdown report, and the Summary's rows.
fn trees_and_rows(text: &str) -> (Vec<TreeCounts>, Vec<Vec<String>>) {
    let mut trees = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(heading) = line.strip_prefix("### ") {
            let (mut missing, mut weak) = (0, 0);
            for l in lines.by_ref() {
                if l.starts_with("```") && l.len() > 3 {
                    continue;
                }
                if l == "```" {
                    break;
                }
                missing += usize::from(l.ends_with('❌'));
                weak += usize::from(l.ends_with("⚠️"));
            }
            let count = if heading.ends_with("ALL UNTESTED") {
                usize::MAX
            } else if let Some(i) = heading.find('(') {
                heading[i + 1..].split(' ').next().unwrap().parse().unwrap()
            } else if let Some(i) = heading.find(" - ") {
                heading[i + 3..].split(' ').next().unwrap().parse().unwrap()
            } else {
                0
            };
            trees.push((heading.to_string(), count, missing, weak));
        }
    }
    let summary = text.split("## Summary").nth(1).unwrap();
    let rows = summary
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Category"))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().trim_matches('*').to_string())
                .collect()
        })
        .collect();
    (trees, rows)
}

#[test]
fn marks_headings_and_summary_count_the_same_classes_and_add_up() {
    let example = crate::support::repo_root().join("examples/service");
    let p = pipeline_with(
        &example,
        &["--no-history"],
        &["--format", "markdown", "--detail", "full"],
    );
    let text = p.text();
    let (trees, rows) = trees_and_rows(&text);
    assert!(trees.len() >= 7, "{text}");
    for (heading, count, missing, weak) in &trees {
        let name = heading
            .split(" - ")
            .next()
            .unwrap()
            .split(" with ")
            .next()
            .unwrap();
        let row = rows.iter().find(|r| r[0] == name).unwrap();
        assert_eq!(
            row[2],
            missing.to_string(),
            "❌ column = ❌ lines: {heading}"
        );
        assert_eq!(row[3], weak.to_string(), "⚠️ column = ⚠️ lines: {heading}");
        if *count == usize::MAX {
            assert_eq!(row[1], missing.to_string(), "ALL UNTESTED: every module ❌");
        } else {
            assert_eq!(*count, *missing, "heading counts the ❌ lines: {heading}");
        }
    }
    // The Summary's rows sum to its TOTAL, column by column.
    let (total, categories) = rows.split_last().unwrap();
    assert_eq!(total[0], "TOTAL");
    for col in [1, 2, 3, 6] {
        let sum: u64 = categories
            .iter()
            .map(|r| r[col].trim_start_matches('~').parse::<u64>().unwrap())
            .sum();
        assert_eq!(
            sum.to_string(),
            total[col].trim_start_matches('~'),
            "column {col}"
        );
    }
    // And the JSON's tally agrees: no_direct = untested + indirect, weak = import_only + limited.
    let doc = p.json();
    let s = &doc["summary"];
    let n = |k: &str| s[k].as_u64().unwrap();
    assert_eq!(n("no_direct"), n("untested") + n("indirect"));
    assert_eq!(n("weak"), n("import_only") + n("limited"));
    assert_eq!(total[2], n("no_direct").to_string());
}

#[test]
fn a_module_with_nothing_public_and_nothing_missing_is_never_at_the_top() {
    let mut body = String::from("import subprocess\n\n\n");
    for i in 0..40 {
        body.push_str(&format!(
            "def _step{i}(x):\n    if x and x > {i} or x < 0:\n        return subprocess.run(x)\n    for y in x:\n        if y:\n            return y\n    return None\n\n\n"
        ));
    }
    let tree = Tree::new()
        .file(
            "gap.toml",
            "[[category]]\nname = \"Core\"\npaths = [\"core/**\"]\nfloor = \"CRITICAL\"\n",
        )
        .file("core/auth_secrets.py", &body)
        .file("core/public.py", "def run(x):\n    return x\n");
    let p = pipeline_with(tree.path(), &["--no-history"], &["--format", "markdown"]);
    let m = p.module("core/auth_secrets.py");
    assert_eq!(m["public_symbols"], 0);
    assert_eq!(m["missing_tests"], 0);
    assert!(m["score"].as_f64().unwrap() >= 60.0, "{m}");
    assert_eq!(m["priority"], "MEDIUM", "{m}");
    assert_eq!(
        p.module("core/public.py")["priority"],
        "CRITICAL",
        "the floor holds"
    );
    assert!(!p.text().contains("`auth_secrets.py`"), "{}", p.text());
}

fn scan_warnings(root: &Path) -> (String, String) {
    let scan = run("gap-scan", &[root.to_str().unwrap(), "--no-history"], b"");
    assert!(scan.status.success(), "thin input is not an error");
    let ranked = run("gap-rank", &[], &scan.stdout);
    let report = run("gap-report", &["--format", "markdown"], &ranked.stdout);
    (
        String::from_utf8(scan.stderr).unwrap(),
        String::from_utf8(report.stdout).unwrap(),
    )
}

#[test]
fn thin_input_is_said_on_stderr_and_at_the_top_of_the_report() {
    let empty = Tree::new().file("README.md", "nothing here\n");
    let (stderr, report) = scan_warnings(empty.path());
    assert!(
        stderr.contains("gap-scan: warning: no source or test files of a language gap reads under"),
        "{stderr}"
    );
    assert!(
        report.contains("\n> ⚠️ no source or test files"),
        "{report}"
    );

    let only_tests = Tree::new().file("tests/test_x.py", "def test_x():\n    assert True\n");
    let (stderr, report) = scan_warnings(only_tests.path());
    assert!(stderr.contains("only test files under"), "{stderr}");
    assert!(report.contains("> ⚠️ only test files under"), "{report}");

    let no_tests = Tree::new().file("src/a.py", "def a():\n    return 1\n");
    let (stderr, report) = scan_warnings(&no_tests.path().join("src"));
    assert!(
        stderr.contains("no test files found under")
            && stderr.contains("looks like a source folder"),
        "{stderr}"
    );
    // The warning comes before the first section.
    let warning = report.find("> ⚠️ no test files found").unwrap();
    assert!(
        warning < report.find("## Critical Gaps").unwrap(),
        "{report}"
    );

    let tested = Tree::new()
        .file("app/a.py", "def a():\n    return 1\n")
        .file(
            "tests/test_a.py",
            "from app.a import a\n\n\ndef test_a():\n    assert a() == 1\n",
        );
    let (stderr, report) = scan_warnings(tested.path());
    assert_eq!(stderr, "");
    assert!(!report.contains("> ⚠️"), "{report}");
}

/// The rendered report of the shipped example with `args`, and `COLUMNS` set to `columns`.
fn example_with(args: &[&str], columns: &str) -> String {
    let example = crate::support::repo_root().join("examples/service");
    let scan = run(
        "gap-scan",
        &[example.to_str().unwrap(), "--no-history"],
        b"",
    );
    let ranked = run("gap-rank", &[], &scan.stdout);
    let out = assert_cmd::Command::cargo_bin("gap-report")
        .unwrap()
        .args(args)
        .env("COLUMNS", columns)
        .env_remove("NO_COLOR")
        .write_stdin(ranked.stdout)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn tables_and_trees_fit_80_and_120_columns() {
    for columns in [80, 120] {
        for format in ["table", "tree"] {
            let text = example_with(&["--format", format], &columns.to_string());
            for line in text.lines() {
                assert!(
                    width(line) <= columns,
                    "{format} at {columns}: {} columns: {line:?}",
                    width(line)
                );
            }
            assert!(text.contains("grafana_alert_processor.py") || format == "tree");
            assert!(
                text.contains('…') || columns == 120,
                "{format} at {columns} cuts"
            );
        }
    }
    // The Critical Gaps table wraps its cells rather than cutting them: every symbol is still there.
    let narrow = example_with(&["--format", "table"], "80");
    for word in ["parse_alert,", "severity_of;", "process_webhook,", "error"] {
        assert!(
            narrow.split_whitespace().any(|w| w == word),
            "{word} in\n{narrow}"
        );
    }
    // Without COLUMNS and off a terminal nothing is cut.
    let wide = example_with(&["--format", "table"], "");
    assert!(!wide.contains('…'), "{wide}");
}

#[test]
fn colour_follows_priority_and_mark_in_tables_and_trees() {
    let table = example_with(&["--format", "table", "--color", "always"], "120");
    assert!(table.contains("\x1b[1;31mCRITICAL"), "{table}");
    assert!(table.contains("\x1b[31mHIGH"), "{table}");
    assert!(table.contains("\x1b[31m├── event_repository.py"), "{table}");
    assert!(
        table.contains("\x1b[33m├── notification_service.py"),
        "{table}"
    );
    let tree = example_with(&["--format", "tree", "--color", "always"], "120");
    assert!(tree.contains("\x1b[31m├── event_repository.py"), "{tree}");
    assert!(tree.contains("\x1b[33m"), "{tree}");
    for format in ["table", "tree"] {
        let plain = example_with(&["--format", format, "--color", "never"], "120");
        assert!(!plain.contains('\x1b'), "{format}");
    }
}

/// A tree whose names try to break out: a folder closing the code fence and opening a heading and a link,
/// control bytes that would clear and retitle a terminal, a gap.toml category named with markup.
fn hostile() -> Tree {
    let evil = "z\n```\n# INJECTED\n[x](javascript:alert(1))";
    let mut t = Tree::new().file(
        "gap.toml",
        "[[category]]\nname = \"<img src=x onerror=alert(1)>\\n# TOML\"\npaths = [\"lib/**\"]\n",
    );
    for i in 0..4 {
        t = t.file(
            &format!("{evil}/mod{i}.py"),
            "def run(x):\n    if x:\n        raise ValueError(x)\n    return 1\n",
        );
    }
    t.file(
        "term/a\u{1b}[2J\u{1b}]0;owned\u{7}\rb.py",
        "def clear(x):\n    return x\n",
    )
    .file("lib/c|d`e.py", "def pipe(x):\n    return x\n")
    .file("lib/ok.py", "def ok(x):\n    return x\n")
}

#[test]
fn names_from_the_tree_render_inert_in_every_format() {
    let tree = hostile();
    let p = pipeline_with(
        tree.path(),
        &["--no-history"],
        &["--format", "markdown", "--detail", "full"],
    );
    let md = p.text();
    assert!(
        md.contains("mod0.py"),
        "the hostile folder was scanned: {md}"
    );
    // No line of the markdown starts what a name tried to start, and no fence closes early.
    for line in md.lines() {
        assert!(
            !line.starts_with("# INJECTED") && !line.starts_with("# TOML"),
            "{line:?} in\n{md}"
        );
        assert!(
            !line.replace("\\<", "").contains('<') || line.starts_with("<details>"),
            "raw HTML: {line:?}"
        );
        assert!(
            !line.contains('\u{1b}') && !line.contains('\r'),
            "control bytes: {line:?}"
        );
    }
    for line in outside_fences(&md) {
        // Outside code, a bracket from a name is escaped (`\[x\](...)`), so no link opens.
        assert!(
            !line.replace("\\]", "").contains("](javascript"),
            "live link: {line:?}"
        );
    }
    // Terminal formats: no control byte, one line per name.
    for format in ["table", "tree"] {
        let out = run(
            "gap-report",
            &["--format", format, "--detail", "full"],
            &p.ranked.stdout,
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("\\u{1b}[2J"),
            "{format} shows the escape: {text}"
        );
        assert!(
            !text.contains('\u{1b}') && !text.contains('\r'),
            "{format}: {text:?}"
        );
        assert!(
            !text.lines().any(|l| l.starts_with("# INJECTED")),
            "{format}: {text}"
        );
    }
    // --print-categories and --explain too.
    let cats = run(
        "gap-scan",
        &[tree.path().to_str().unwrap(), "--print-categories"],
        b"",
    );
    let cats = String::from_utf8(cats.stdout).unwrap();
    assert!(
        !cats.contains('\u{1b}') && !cats.lines().any(|l| l.starts_with("# ")),
        "{cats}"
    );
    let doc = p.json();
    let evil_path = doc["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["path"].as_str().unwrap())
        .find(|p| p.starts_with("term/"))
        .unwrap()
        .to_string();
    let explain = run("gap-rank", &["--explain", &evil_path], &p.ranked.stdout);
    let text = String::from_utf8(explain.stdout).unwrap();
    assert!(text.contains("\\u{1b}]0;owned"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text:?}");
}

#[test]
fn explain_takes_a_path_as_typed_and_suggests_near_ones() {
    let tree = layered();
    let root = tree.path().to_str().unwrap().to_string();
    let p = pipeline(tree.path(), &["--format", "json"]);
    let out = run(
        "gap-rank",
        &["--explain", "./app/services/service1.py"],
        &p.scan.stdout,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("app/services/service1.py  (python, category Services)"),
        "{text}"
    );
    let typed_from_above = format!("{root}/app/services/service1.py");
    let out = run(
        "gap-rank",
        &["--explain", &typed_from_above],
        &p.scan.stdout,
    );
    assert!(out.status.success(), "the root in front is dropped");
    let out = run(
        "gap-rank",
        &["--explain", "services/service1.py"],
        &p.scan.stdout,
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "gap-rank: error: services/service1.py: no such module in the document; did you mean app/services/service1.py?\n"
    );
}

#[test]
fn numbers_a_document_brings_are_checked_before_ranking() {
    let tree = Tree::new().file("app/a.py", "def a():\n    return 1\n");
    let p = pipeline(tree.path(), &["--format", "json"]);
    let mut doc: Value = serde_json::from_slice(&p.scan.stdout).unwrap();
    doc["config"]["score"]["complexity_full_at"] = serde_json::json!(-5.0);
    let out = run("gap-rank", &[], doc.to_string().as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "gap-rank: error: <stdin>: not a valid gap/1 document: config: score.complexity_full_at: must be a number above 0 and at most 1000000000, not -5\n"
    );
    // Huge counts rank without a panic.
    let mut doc: Value = serde_json::from_slice(&p.scan.stdout).unwrap();
    doc["modules"][0]["code_lines"] = serde_json::json!(u64::MAX);
    doc["modules"][0]["branches"] = serde_json::json!(u64::MAX);
    doc["modules"][0]["symbols"][0]["branches"] = serde_json::json!(u64::MAX);
    let out = run("gap-rank", &[], doc.to_string().as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ranked: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(ranked["modules"][0]["score"].as_f64().unwrap().is_finite());
}

/// Runs `cmd` with a terminal on stdin (through `script`), returning its exit code and output.
fn on_a_terminal(cmd: &str) -> Option<(i32, String)> {
    let out = std::process::Command::new("script")
        .args(["-qec", cmd, "/dev/null"])
        .stdin(std::process::Stdio::null())
        .output()
        .ok()?;
    Some((
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    ))
}

#[test]
fn a_terminal_on_stdin_is_refused_with_what_is_expected() {
    for (tool, expects) in [
        ("gap-rank", "gap-scan PATH | gap-rank"),
        ("gap-report", "gap-scan PATH | gap-rank | gap-report"),
    ] {
        let bin = crate::support::bin(tool);
        let Some((code, out)) = on_a_terminal(&format!("timeout 10 {}", bin.display())) else {
            panic!("`script` (util-linux) runs this test with a terminal on stdin");
        };
        assert_eq!(code, 2, "{tool}: {out}");
        assert!(out.contains("stdin is a terminal"), "{tool}: {out}");
        assert!(out.contains(expects), "{tool}: {out}");
    }
}

#[test]
fn quiet_silences_warnings_on_stderr_but_the_document_and_report_keep_them() {
    let no_tests = Tree::new().file("src/a.py", "def a():\n    return 1\n");
    let root = no_tests.path().to_str().unwrap();
    let loud = crate::support::run("gap-scan", &["--no-history", root], b"");
    assert!(
        String::from_utf8_lossy(&loud.stderr).contains("gap-scan: warning: no test files found"),
        "the tree must warn without --quiet"
    );
    for tool in ["gap-scan", "gap"] {
        let args: &[&str] = if tool == "gap" {
            &[
                "--quiet",
                "--no-history",
                "--format",
                "markdown",
                "--",
                root,
            ]
        } else {
            &["-q", "--no-history", root]
        };
        let quiet = crate::support::run(tool, args, b"");
        assert_eq!(quiet.status.code(), Some(0), "{tool}");
        assert!(
            quiet.stderr.is_empty(),
            "{tool}: {}",
            String::from_utf8_lossy(&quiet.stderr)
        );
        let out = String::from_utf8(quiet.stdout).unwrap();
        if tool == "gap" {
            assert!(out.contains("> ⚠️ no test files found"), "{out}");
        } else {
            let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert!(doc["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| w["message"]
                    .as_str()
                    .unwrap()
                    .contains("no test files found")));
        }
    }
    // Every stage takes it.
    for tool in ["gap-rank", "gap-report"] {
        let help = crate::support::run(tool, &["--help"], b"");
        assert!(
            String::from_utf8_lossy(&help.stdout).contains("-q, --quiet"),
            "{tool}"
        );
    }
}

#[test]
fn a_progress_line_shows_on_a_terminal_only_and_is_erased() {
    let tree = Tree::new()
        .file("app/a.py", "def a():\n    return 1\n")
        .file(
            "tests/test_a.py",
            "from app.a import a\n\ndef test_a():\n    assert a() == 1\n",
        );
    let scan = crate::support::bin("gap-scan");
    let cmd = format!(
        "GAP_PROGRESS_AFTER_MS=0 '{}' --no-history '{}' > /dev/null",
        scan.display(),
        tree.path().display()
    );
    let (code, shown) =
        on_a_terminal(&cmd).expect("`script` (util-linux) gives the scan a terminal");
    assert_eq!(code, 0, "{shown:?}");
    assert!(
        shown.contains("\r\u{1b}[Kgap-scan: ") && shown.contains(" of 2 files, "),
        "{shown:?}"
    );
    assert!(
        shown.ends_with("\r\u{1b}[K"),
        "the line is erased at the end: {shown:?}"
    );
    let (_, quiet) = on_a_terminal(&format!("{cmd} --quiet")).unwrap();
    assert!(!quiet.contains("gap-scan:"), "{quiet:?}");
    // Not a terminal: nothing, even when asked to show at once.
    let piped = std::process::Command::new(&scan)
        .args(["--no-history", tree.path().to_str().unwrap()])
        .env("GAP_PROGRESS_AFTER_MS", "0")
        .output()
        .unwrap();
    assert!(
        piped.stderr.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&piped.stderr)
    );
}
