//! Hostile input: a scanned repository whose git config names programs, a git that never answers, an
//! environment pointing git elsewhere, names and documents built to forge diagnostics, closed stdout, bad usage.
//! docs/security.md lists each case with the test here that shows it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::support::{bin, outside_fences, Tree};

/// Runs git in `dir` with a fixed identity and date, asserting success; returns stdout.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "a")
        .env("GIT_AUTHOR_EMAIL", "a@x")
        .env("GIT_COMMITTER_NAME", "a")
        .env("GIT_COMMITTER_EMAIL", "a@x")
        .env("GIT_AUTHOR_DATE", "1700000000 +0000")
        .env("GIT_COMMITTER_DATE", "1700000000 +0000")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A repository at `tree`'s root holding `app/service.py`, committed twice.
pub fn repository(tree: &Tree) {
    let d = tree.path();
    git(d, &["init", "-q"]);
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "one"]);
    std::fs::write(d.join("app/service.py"), "def run():\n    return 2\n").unwrap();
    git(d, &["commit", "-q", "-am", "two"]);
}

/// Adds a commit carrying a (bogus) OpenPGP signature on top of HEAD: any git that verifies it runs
/// `gpg.program`.
pub fn signed_commit(dir: &Path) {
    let tree = git(dir, &["rev-parse", "HEAD^{tree}"]);
    let parent = git(dir, &["rev-parse", "HEAD"]);
    let object = format!(
        "tree {}\nparent {}\nauthor a <a@x> 1700000001 +0000\ncommitter a <a@x> 1700000001 +0000\n\
         gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\nsigned\n",
        tree.trim(),
        parent.trim()
    );
    let path = dir.join(".git/signed-commit");
    std::fs::write(&path, object).unwrap();
    let sha = git(
        dir,
        &["hash-object", "-t", "commit", "-w", path.to_str().unwrap()],
    );
    git(dir, &["update-ref", "HEAD", sha.trim()]);
}

/// A program that, whenever something runs it, appends its arguments to `marker`.
pub fn evil_program(dir: &Path, marker: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("evil");
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\necho \"$0 $*\" >> '{}'\ncat > /dev/null\nexit 1\n",
            marker.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// A folder holding an executable `git` that runs `script`.
pub fn fake_git(script: &str) -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("git");
    std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

/// Runs `cmd` to its end, killed after `secs` seconds so a hang fails the test rather than stalling it.
fn bounded(cmd: &mut Command, secs: u64) -> std::process::Output {
    let mut cmd = assert_cmd::Command::from_std(std::mem::replace(cmd, Command::new("true")));
    cmd.timeout(Duration::from_secs(secs));
    cmd.output().expect("runs")
}

/// A small Python tree whose module has a test.
fn python_tree() -> Tree {
    Tree::new()
        .file("app/__init__.py", "")
        .file("app/service.py", "def run():\n    return 1\n")
        .file(
            "tests/test_service.py",
            "from app.service import run\n\ndef test_run():\n    assert run()\n",
        )
}

/// gap-scan on `root` with `env` set (and a timeout, so a hang fails the test); returns the document.
fn scan_with(root: &Path, env: &[(&str, &str)], remove: &[&str]) -> serde_json::Value {
    let mut cmd = Command::new(bin("gap-scan"));
    cmd.arg(root);
    for var in remove {
        cmd.env_remove(var);
    }
    let out = bounded(cmd.envs(env.iter().copied()), 60);
    assert!(
        out.status.success(),
        "gap-scan: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("a document")
}

fn module_history(doc: &serde_json::Value, path: &str) -> serde_json::Value {
    doc["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["path"] == path)
        .unwrap_or_else(|| panic!("no module {path}"))["history"]
        .clone()
}

#[test]
fn a_repository_config_that_names_programs_runs_none_of_them() {
    let tree = python_tree();
    repository(&tree);
    let d = tree.path();
    signed_commit(d);
    let outside = tempfile::tempdir().unwrap();
    let marker = outside.path().join("ran");
    let evil = evil_program(outside.path(), &marker);
    let evil = evil.to_str().unwrap();
    for (key, value) in [
        ("log.showSignature", "true"),
        ("gpg.program", evil),
        ("gpg.openpgp.program", evil),
        ("gpg.ssh.program", evil),
        ("gpg.x509.program", evil),
        ("core.fsmonitor", evil),
        ("core.pager", evil),
        ("pager.log", evil),
        ("diff.external", evil),
        ("diff.evil.textconv", evil),
        ("diff.evil.command", evil),
        ("core.hooksPath", outside.path().to_str().unwrap()),
        ("color.ui", "always"),
        ("log.mailmap", "true"),
    ] {
        git(d, &["config", key, value]);
    }
    std::fs::write(d.join(".gitattributes"), "*.py diff=evil\n").unwrap();
    // The trap is armed: plain git, as gap ran it before, starts the program.
    let plain = Command::new("git")
        .args(["-C", d.to_str().unwrap(), "log", "-1", "--format=%ct"])
        .output()
        .unwrap();
    assert!(plain.status.success());
    assert!(
        marker.exists(),
        "the hostile config should run a program under plain git log"
    );
    std::fs::remove_file(&marker).unwrap();

    let doc = scan_with(d, &[], &[]);
    assert!(
        !marker.exists(),
        "gap-scan ran a program named by the repository: {}",
        std::fs::read_to_string(&marker).unwrap_or_default()
    );
    assert_eq!(
        doc["history"]["note"],
        serde_json::Value::Null,
        "{}",
        doc["history"]
    );
    assert_eq!(doc["history"]["head_time"], 1_700_000_001);
    assert_eq!(module_history(&doc, "app/service.py")["commits"], 1);
}

#[test]
fn git_variables_of_the_environment_do_not_credit_another_repository() {
    let other = python_tree();
    repository(&other);
    let tree = python_tree(); // the same files, in no repository
    let git_dir = other.path().join(".git");
    let doc = scan_with(
        tree.path(),
        &[
            ("GIT_DIR", git_dir.to_str().unwrap()),
            ("GIT_WORK_TREE", other.path().to_str().unwrap()),
        ],
        &[],
    );
    assert_eq!(
        doc["history"]["note"],
        "not in a git repository; history skipped"
    );
    assert_eq!(
        module_history(&doc, "app/service.py"),
        serde_json::Value::Null
    );
}

/// PATH with `first` before the system folders.
fn path_with(first: &Path) -> String {
    format!("{}:/usr/local/bin:/usr/bin:/bin", first.display())
}

#[test]
fn a_git_that_never_answers_is_stopped() {
    let tree = python_tree();
    let slow = fake_git("sleep 30");
    let doc = scan_with(
        tree.path(),
        &[
            ("PATH", &path_with(slow.path())),
            ("GAP_TEST_GIT_TIMEOUT_MS", "300"),
        ],
        &[],
    );
    assert_eq!(
        doc["history"]["note"],
        "git did not finish within 0.3 s and was stopped; history skipped"
    );
    assert_eq!(
        module_history(&doc, "app/service.py"),
        serde_json::Value::Null
    );
}

#[test]
fn a_git_that_prints_without_end_is_stopped() {
    let tree = python_tree();
    let chatty = fake_git("yes");
    let doc = scan_with(
        tree.path(),
        &[
            ("PATH", &path_with(chatty.path())),
            ("GAP_TEST_GIT_MAX_OUTPUT", "100000"),
        ],
        &[],
    );
    assert_eq!(
        doc["history"]["note"],
        "git printed more than 100000 bytes and was stopped; history skipped"
    );
}

#[test]
fn a_missing_git_is_said() {
    let tree = python_tree();
    let empty = tempfile::tempdir().unwrap();
    let doc = scan_with(
        tree.path(),
        &[("PATH", empty.path().to_str().unwrap())],
        &[],
    );
    assert_eq!(
        doc["history"]["note"],
        "git is not installed (no git on PATH); history skipped"
    );
}

#[test]
fn a_git_in_the_scanned_folder_never_runs() {
    let tree = python_tree();
    repository(&tree);
    let outside = tempfile::tempdir().unwrap();
    let marker = outside.path().join("ran");
    let evil = evil_program(tree.path(), &marker);
    std::fs::rename(&evil, tree.path().join("git")).unwrap();
    let out = bounded(
        Command::new(bin("gap-scan"))
            .arg(".")
            .current_dir(tree.path())
            .env("PATH", ".::/usr/local/bin:/usr/bin:/bin"),
        60,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!marker.exists(), "the tree's own `git` ran");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(module_history(&doc, "app/service.py")["commits"], 1);
}

#[test]
fn a_repository_of_another_owner_is_said_as_such() {
    let tree = python_tree();
    repository(&tree);
    let home = tempfile::tempdir().unwrap(); // no ~/.gitconfig trusting every folder
    let chowned = std::os::unix::fs::chown(tree.path(), Some(65534), Some(65534)).is_ok();
    let refusing = fake_git(
        "echo \"fatal: detected dubious ownership in repository at '$4'\" >&2\n\
         echo \"To add an exception for this directory, call:\" >&2\nexit 128",
    );
    // As root the real git refuses the chowned repository; otherwise a git that answers as it would.
    let path = if chowned {
        "/usr/local/bin:/usr/bin:/bin".to_string()
    } else {
        path_with(refusing.path())
    };
    let doc = scan_with(
        tree.path(),
        &[("PATH", &path), ("HOME", home.path().to_str().unwrap())],
        &["XDG_CONFIG_HOME"],
    );
    let note = doc["history"]["note"].as_str().unwrap().to_string();
    assert!(
        note.starts_with("git refuses the repository at ")
            && note.contains("it belongs to another user (git's safe.directory rule")
            && note.ends_with("; history skipped"),
        "{note}"
    );
    assert!(
        note.contains(tree.path().file_name().unwrap().to_str().unwrap()),
        "{note}"
    );
}

#[test]
fn a_shallow_clone_leaves_history_out_and_says_why() {
    let origin = python_tree();
    repository(&origin);
    let holder = tempfile::tempdir().unwrap();
    let clone = holder.path().join("clone");
    let url = format!("file://{}", origin.path().display());
    git(
        holder.path(),
        &["clone", "-q", "--depth", "1", &url, clone.to_str().unwrap()],
    );
    let doc = scan_with(&clone, &[], &[]);
    let note = doc["history"]["note"].as_str().unwrap();
    assert!(note.starts_with("a shallow clone: "), "{note}");
    assert_eq!(doc["history"]["head_time"], 0);
    for m in doc["modules"].as_array().unwrap() {
        assert_eq!(m.get("history"), None, "{}", m["path"]);
    }
    let ranked = crate::support::run("gap-rank", &[], &serde_json::to_vec(&doc).unwrap());
    assert!(ranked.status.success());
    let ranked: serde_json::Value = serde_json::from_slice(&ranked.stdout).unwrap();
    for m in ranked["modules"].as_array().unwrap() {
        let parts = m["score_parts"].as_array().unwrap();
        let churn = parts.iter().find(|p| p["name"] == "churn");
        assert!(churn.is_none_or(|p| p["value"] == 0.0), "{}", m["path"]);
    }
}

#[test]
fn a_file_name_cannot_forge_a_diagnostic_line() {
    let tree = python_tree().bytes(
        "app/bad\ngap-scan: warning: forged\u{1b}]0;title\u{7}.py",
        b"def f():\n    return '\xff'\n",
    );
    let out = crate::support::run(
        "gap-scan",
        &[tree.path().to_str().unwrap(), "--no-history"],
        b"",
    );
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with(
            "gap-scan: warning: app/bad\\ngap-scan: warning: forged\\u{1b}]0;title\\u{7}.py: "
        ),
        "{stderr}"
    );
    assert!(!stderr.contains('\u{1b}'));
}

#[test]
fn an_error_never_echoes_raw_input_bytes() {
    let forged = "\u{1b}]0;pwned\u{7}\ngap-rank: warning: forged";
    let one_line = "\\u{1b}]0;pwned\\u{7}\\ngap-rank: warning: forged";
    // A value of the document in serde's message.
    let doc = serde_json::json!({"schema": "gap/1", "tool": {"name": "x", "version": "1"}, "root": ".",
        "modules": [{"path": "a.py", "language": "python", "name": "a", "category": ".", "lines": 1,
            "code_lines": 1, "branches": 0, "testable": true, "public_symbols": 0, "referenced_symbols": 0,
            "symbol_coverage": null, "status": forged}]});
    let out = crate::support::run("gap-rank", &[], doc.to_string().as_bytes());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!(
            "gap-rank: error: <stdin>: not a valid gap/1 document: unknown variant `{one_line}`"
        )),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    // A file name given on the command line.
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join(forged);
    let out = crate::support::run("gap-rank", &[missing.to_str().unwrap()], b"");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(one_line), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    // A key written twice.
    let out = crate::support::run("gap-rank", &[], b"{\"schema\":\"gap/1\",\"x\":1,\"x\":2}");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "gap-rank: error: <stdin>:1:28: malformed JSON: duplicate key `x`\n"
    );
}

#[test]
fn endless_garbage_on_stdin_fails_at_once() {
    for (name, script) in [
        ("yes", "yes | \"$0\""),
        ("urandom", "\"$0\" < /dev/urandom"),
    ] {
        let out = bounded(
            Command::new("sh").args(["-c", script]).arg(bin("gap-rank")),
            30,
        );
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
        // At the first bytes: random bytes may open a `[` and a few whitespace bytes (newlines among them) before
        // the first invalid one, so the error is on one of the first lines, not always the first.
        let line: u32 = stderr
            .strip_prefix("gap-rank: error: <stdin>:")
            .and_then(|rest| rest.split(':').next())
            .and_then(|l| l.parse().ok())
            .unwrap_or_else(|| panic!("{name}: {stderr}"));
        assert!(line <= 4, "{name}: {stderr}");
    }
}

#[test]
fn a_usage_error_is_one_line_and_exit_2() {
    for (tool, args, want) in [
        (
            "gap-rank",
            &["--frob"][..],
            "gap-rank: error: unexpected argument '--frob' found; see gap-rank --help\n",
        ),
        (
            "gap-report",
            &["--format", "nope"][..],
            "gap-report: error: invalid value 'nope' for '--format <FORMAT>' [possible values: markdown, \
             table, tree, json]; see gap-report --help\n",
        ),
        (
            "gap-scan",
            &["a", "b"][..],
            "gap-scan: error: unexpected argument 'b' found; see gap-scan --help\n",
        ),
    ] {
        let out = crate::support::run(tool, args, b"");
        assert_eq!(out.status.code(), Some(2), "{tool}");
        assert_eq!(String::from_utf8(out.stderr).unwrap(), want);
        assert!(out.stdout.is_empty());
    }
    let help = crate::support::run("gap-rank", &["--help"], b"");
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8(help.stdout)
        .unwrap()
        .contains("Usage: gap-rank"));
}

#[test]
fn a_closed_stdout_is_an_error_and_a_closed_pipe_is_not() {
    let root = crate::support::repo_root().join("examples/service");
    let closed = bounded(
        Command::new("sh")
            .args(["-c", "\"$0\" \"$1\" --no-history >&-"])
            .arg(bin("gap-scan"))
            .arg(&root),
        60,
    );
    assert_eq!(closed.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(closed.stderr).unwrap(),
        "gap-scan: error: stdout is closed; nothing can be written (redirect it to a file or /dev/null)\n"
    );
    let null = bounded(
        Command::new(bin("gap-scan"))
            .arg(&root)
            .arg("--no-history")
            .stdout(std::fs::File::create("/dev/null").unwrap()),
        60,
    );
    assert_eq!(null.status.code(), Some(0), "> /dev/null is fine");
    // A parent that points stdout at /dev/null read-write (Python's subprocess.DEVNULL, systemd) wants the
    // output dropped: that is not a closed stdout.
    let devnull = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/null")
        .unwrap();
    let dropped = bounded(
        Command::new(bin("gap-scan"))
            .arg(&root)
            .arg("--no-history")
            .stdout(devnull),
        60,
    );
    assert_eq!(
        dropped.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&dropped.stderr)
    );
    let piped = bounded(
        Command::new("bash")
            .args([
                "-c",
                "\"$0\" \"$1\" --no-history | head -c 1 > /dev/null; exit ${PIPESTATUS[0]}",
            ])
            .arg(bin("gap-scan"))
            .arg(&root),
        60,
    );
    assert_eq!(
        piped.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
    assert!(piped.stderr.is_empty());
}

/// The paths of the document's modules, in order.
fn module_paths(doc: &serde_json::Value) -> Vec<String> {
    doc["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["path"].as_str().unwrap().to_string())
        .collect()
}

/// The document's `excluded` rows as `path reason (detail)`.
fn excluded_rows(doc: &serde_json::Value) -> Vec<String> {
    doc["excluded"]
        .as_array()
        .map(|v| v.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|e| match e["detail"].as_str() {
            Some(d) => format!(
                "{} {} ({d})",
                e["path"].as_str().unwrap(),
                e["reason"].as_str().unwrap()
            ),
            None => format!(
                "{} {}",
                e["path"].as_str().unwrap(),
                e["reason"].as_str().unwrap()
            ),
        })
        .collect()
}

/// gap-scan on `root` without history, bounded in time: (exit code, the document if any, stderr).
fn scan_bounded(
    root: &Path,
    env: &[(&str, &str)],
) -> (Option<i32>, Option<serde_json::Value>, String) {
    let out = bounded(
        Command::new(bin("gap-scan"))
            .arg(root)
            .arg("--no-history")
            .envs(env.iter().copied()),
        60,
    );
    let doc = serde_json::from_slice(&out.stdout).ok();
    (
        out.status.code(),
        doc,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

fn symlink(target: impl AsRef<Path>, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[test]
fn ignore_files_above_the_repository_are_never_applied() {
    // A folder above everything ignores every Python file, twice over.
    let outside = Tree::new()
        .file(".gitignore", "*.py\n")
        .file(".ignore", "*.py\n")
        .file("repo/.gitignore", "gen/\n")
        .file("repo/svc/.gitignore", "local_*.py\n!local_keep.py\n")
        .file("repo/svc/app.py", "def run():\n    return 1\n")
        .file("repo/svc/gen/made.py", "def made():\n    return 1\n")
        .file("repo/svc/local_x.py", "def x():\n    return 1\n")
        .file("repo/svc/local_keep.py", "def keep():\n    return 1\n")
        .file("plain/lib/a.py", "def a():\n    return 1\n");
    let repo = outside.path().join("repo");
    git(&repo, &["init", "-q"]);
    // What git itself lists in the scanned subfolder: the repository's rules, not the folder's above it.
    let svc = repo.join("svc");
    let by_git = git(
        &svc,
        &[
            "ls-files",
            "--others",
            "--exclude-standard",
            "--full-name",
            ".",
        ],
    );
    let mut by_git: Vec<&str> = by_git
        .lines()
        .map(|l| l.trim_start_matches("svc/"))
        .collect();
    by_git.sort();
    assert_eq!(by_git, [".gitignore", "app.py", "local_keep.py"]);
    let (code, doc, stderr) = scan_bounded(&svc, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(module_paths(&doc.unwrap()), ["app.py", "local_keep.py"]);
    // Scanned from the repository's top, the same.
    let (_, doc, _) = scan_bounded(&repo, &[]);
    assert_eq!(
        module_paths(&doc.unwrap()),
        ["svc/app.py", "svc/local_keep.py"]
    );
    // With no repository, only the ignore files under the root count: the parent's `*.py` does not.
    let (_, doc, stderr) = scan_bounded(&outside.path().join("plain"), &[]);
    assert_eq!(module_paths(&doc.unwrap()), ["lib/a.py"], "{stderr}");
}

#[test]
fn ignore_files_that_are_links_fifos_or_endless_are_refused_with_a_warning() {
    let elsewhere = Tree::new().file("all.gitignore", "*.py\n");
    let tree = Tree::new()
        .file("a.py", "def a():\n    return 1\n")
        .file("fifo/b.py", "def b():\n    return 1\n")
        .file("zero/c.py", "def c():\n    return 1\n")
        .file("out/d.py", "def d():\n    return 1\n")
        .file(
            "tests/test_a.py",
            "from a import a\n\ndef test_a():\n    assert a()\n",
        );
    let d = tree.path();
    mkfifo(&d.join(".gitignore"));
    mkfifo(&d.join("fifo/.ignore"));
    symlink("/dev/zero", &d.join("zero/.gitignore"));
    symlink(
        elsewhere.path().join("all.gitignore"),
        &d.join("out/.gitignore"),
    );
    let (code, doc, stderr) = scan_bounded(d, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let doc = doc.unwrap();
    assert_eq!(
        module_paths(&doc),
        ["a.py", "fifo/b.py", "out/d.py", "zero/c.py"]
    );
    let why = "an ignore file; its rules are not applied";
    assert_eq!(
        excluded_rows(&doc),
        [
            format!(".gitignore special_file ({why})"),
            format!("fifo/.ignore special_file ({why})"),
            format!("out/.gitignore symlink ({why})"),
            format!("zero/.gitignore symlink ({why})"),
        ]
    );
    let mut lines: Vec<&str> = stderr.lines().collect();
    lines.sort();
    assert_eq!(
        lines,
        [
            "gap-scan: warning: .gitignore: a FIFO, not a regular file; not read; its ignore rules are not applied",
            "gap-scan: warning: fifo/.ignore: a FIFO, not a regular file; not read; its ignore rules are not applied",
            "gap-scan: warning: out/.gitignore: a symbolic link; not followed; its ignore rules are not applied",
            "gap-scan: warning: zero/.gitignore: a symbolic link; not followed; its ignore rules are not applied",
        ]
    );
}

#[test]
fn a_gap_toml_that_is_a_link_or_a_fifo_is_refused_not_read() {
    let secret = Tree::new().file("secret.toml", "exclude = [\"**\"]\n");
    for kind in ["link", "fifo"] {
        let tree = Tree::new().file("app.py", "def run():\n    return 1\n");
        let gap_toml = tree.path().join("gap.toml");
        match kind {
            "link" => symlink(secret.path().join("secret.toml"), &gap_toml),
            _ => mkfifo(&gap_toml),
        }
        let (code, doc, stderr) = scan_bounded(tree.path(), &[]);
        // gap.toml is strict: one that cannot be read is an error naming it, never a silent default.
        assert_eq!(code, Some(2), "{kind}: {stderr}");
        assert!(doc.is_none(), "{kind}");
        let said = match kind {
            "link" => "gap.toml: a symbolic link; not followed",
            _ => "gap.toml: a FIFO, not a regular file; not read",
        };
        assert!(
            stderr.starts_with("gap-scan: error: ") && stderr.trim_end().ends_with(said),
            "{kind}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{kind}: {stderr}");
    }
}

#[test]
fn a_pyproject_or_cargo_toml_that_is_a_link_or_a_fifo_is_a_warning_and_the_scan_goes_on() {
    let tree = Tree::new()
        .file("app/__init__.py", "")
        .file("app/service.py", "def run():\n    return 1\n")
        .file(
            "tests/test_service.py",
            "from app.service import run\n\ndef test_run():\n    assert run()\n",
        );
    let d = tree.path();
    mkfifo(&d.join("pyproject.toml"));
    symlink("/etc/passwd", &d.join("Cargo.toml"));
    let (code, doc, stderr) = scan_bounded(d, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let doc = doc.unwrap();
    assert_eq!(module_paths(&doc), ["app/__init__.py", "app/service.py"]);
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            "gap-scan: warning: Cargo.toml: a symbolic link; not followed; its gap section, if any, is not applied",
            "gap-scan: warning: pyproject.toml: a FIFO, not a regular file; not read; its gap section, if any, is not applied",
        ]
    );
    assert_eq!(
        excluded_rows(&doc),
        [
            "Cargo.toml symlink (to a path outside the root; not followed)",
            "pyproject.toml special_file (a FIFO; not read)",
        ]
    );
}

#[test]
fn hidden_folders_links_and_special_files_are_listed_never_skipped_silently() {
    let elsewhere = Tree::new().file("lib/x.py", "def x():\n    return 1\n");
    let tree = Tree::new()
        .file(
            ".github/scripts/release.py",
            "def release():\n    return 1\n",
        )
        .file(".eslintrc.js", "module.exports = {};\n")
        .file("pkg/__init__.py", "")
        .file("pkg/real.py", "def run():\n    return 1\n");
    let d = tree.path();
    symlink("real.py", &d.join("pkg/link.py"));
    symlink("pkg", &d.join("alias"));
    symlink(".", &d.join("self"));
    symlink(elsewhere.path().join("lib"), &d.join("lib"));
    symlink(elsewhere.path().join("lib/x.py"), &d.join("pkg/x.py"));
    symlink("missing.py", &d.join("pkg/broken.py"));
    mkfifo(&d.join("pkg/pipe.py"));
    let (code, doc, stderr) = scan_bounded(d, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let doc = doc.unwrap();
    // The linked file is scanned once, under its own path; nothing outside the root is read.
    assert_eq!(module_paths(&doc), ["pkg/__init__.py", "pkg/real.py"]);
    assert_eq!(
        excluded_rows(&doc),
        [
            ".eslintrc.js hidden",
            ".github/ hidden",
            "alias/ symlink (to pkg; not followed)",
            "lib/ symlink (to a path outside the root; not followed)",
            "pkg/broken.py symlink (a broken link)",
            "pkg/link.py symlink (to pkg/real.py; not followed)",
            "pkg/pipe.py special_file (a FIFO; not read)",
            "pkg/x.py symlink (to a path outside the root; not followed)",
            "self/ symlink (to the root; not followed)",
        ]
    );
    // The report counts them in its header line.
    let ranked = crate::support::run("gap-rank", &[], &serde_json::to_vec(&doc).unwrap());
    let report = crate::support::run("gap-report", &[], &ranked.stdout);
    let text = String::from_utf8(report.stdout).unwrap();
    assert!(
        text.contains(
            "Left out of the scan on purpose: 9 files and folders (6 symlink, 2 hidden, 1 special file)"
        ),
        "{text}"
    );
}

/// A tree of 8 modules of `lang` that each re-export all 7 others (`*`), and a test that imports one real
/// name through the cycle and one that exists nowhere.
fn star_cycle(lang: &str) -> (Tree, &'static str, &'static str) {
    let mut t = Tree::new();
    for i in 0..8 {
        let others = (0..8).filter(|&j| j != i);
        let text: String = match lang {
            "python" => others
                .map(|j| format!("from .m{j} import *\n"))
                .chain([format!("def f{i}():\n    return {i}\n")])
                .collect(),
            "javascript" => others
                .map(|j| format!("export * from './m{j}.js';\n"))
                .chain([format!("export function f{i}() {{ return {i}; }}\n")])
                .collect(),
            _ => others
                .map(|j| format!("pub use crate::m{j}::*;\n"))
                .chain([format!("pub fn f{i}() -> u32 {{ {i} }}\n")])
                .collect(),
        };
        let path = match lang {
            "python" => format!("pkg/m{i}.py"),
            "javascript" => format!("src/m{i}.js"),
            _ => format!("src/m{i}.rs"),
        };
        t = t.file(&path, &text);
    }
    match lang {
        "python" => (
            t.file("pkg/__init__.py", "").file(
                "tests/test_cycle.py",
                "from pkg.m0 import f5, missing\n\ndef test_it():\n    assert f5() == missing()\n",
            ),
            "pkg/m5.py",
            "tests/test_cycle.py",
        ),
        "javascript" => (
            t.file("package.json", "{\"name\": \"cycle\"}\n").file(
                "test/cycle.test.js",
                "import { f5, missing } from '../src/m0.js';\ntest('it', () => { f5(); missing(); });\n",
            ),
            "src/m5.js",
            "test/cycle.test.js",
        ),
        _ => (
            t.file(
                "Cargo.toml",
                "[package]\nname = \"cycle\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
            )
            .file("src/lib.rs", &(0..8).map(|i| format!("pub mod m{i};\n")).collect::<String>())
            .file(
                "tests/cycle.rs",
                "use cycle::m0::{f5, missing};\n\n#[test]\nfn it() {\n    assert_eq!(f5(), missing());\n}\n",
            ),
            "src/m5.rs",
            "tests/cycle.rs",
        ),
    }
}

#[test]
fn star_re_export_cycles_take_a_bounded_number_of_steps() {
    for lang in ["python", "javascript", "rust"] {
        let (tree, defining, test) = star_cycle(lang);
        let (code, doc, stderr) = scan_bounded(tree.path(), &[(gap_scan::STATS_VAR, "1")]);
        assert_eq!(code, Some(0), "{lang}: {stderr}");
        let steps: u64 = stderr
            .lines()
            .find_map(|l| l.strip_prefix("gap-scan: stats: re-export steps: "))
            .unwrap_or_else(|| panic!("{lang}: no stats line in {stderr}"))
            .parse()
            .unwrap();
        // Each (module, name) is explored at most once per hop depth of a lookup: 8 modules, a few names, a
        // few lookups. Without the visited set the same scan explored about 7^12 names.
        assert!(steps <= 1_000, "{lang}: {steps} steps");
        assert!(
            steps >= 8,
            "{lang}: the lookup went through the cycle ({steps} steps)"
        );
        let doc = doc.unwrap();
        let m = doc["modules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["path"] == defining)
            .unwrap_or_else(|| panic!("{lang}: no {defining}"));
        assert_eq!(
            m["direct_tests"],
            serde_json::json!([test]),
            "{lang}: the real name is still found"
        );
    }
}

/// Every entry under `dir` (links not followed) with its kind, size, mode and modification time.
fn snapshot(dir: &Path) -> Vec<String> {
    use std::os::unix::fs::MetadataExt;
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let m = path.symlink_metadata().unwrap();
            out.push(format!(
                "{} {:o} {} {}.{}",
                path.strip_prefix(dir).unwrap().display(),
                m.mode(),
                m.len(),
                m.mtime(),
                m.mtime_nsec()
            ));
            if m.is_dir() {
                stack.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_scan_writes_nothing_in_the_tree_or_its_repository() {
    let tree = python_tree();
    repository(&tree);
    // A file changed since the last commit: a git that refreshed its index would rewrite .git/index.
    std::fs::write(
        tree.path().join("app/service.py"),
        "def run():\n    return 3\n",
    )
    .unwrap();
    let before = snapshot(tree.path());
    let doc = scan_with(tree.path(), &[], &[]);
    assert_eq!(module_paths(&doc), ["app/__init__.py", "app/service.py"]);
    assert!(
        module_history(&doc, "app/service.py").is_object(),
        "history was read"
    );
    assert_eq!(snapshot(tree.path()), before);
}

/// The document of a scan of `root` with `env`, its `root` field blanked.
fn document_bytes(root: &Path, env: &[(&str, &str)], pin_to_one_core: bool) -> String {
    let mut cmd = if pin_to_one_core {
        let mut c = Command::new("taskset");
        c.args(["-c", "0"]).arg(bin("gap-scan"));
        c
    } else {
        Command::new(bin("gap-scan"))
    };
    let out = bounded(
        cmd.arg(root).arg("--no-history").envs(env.iter().copied()),
        60,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["root"] = serde_json::Value::Null;
    doc.to_string()
}

#[test]
fn the_document_does_not_depend_on_file_order_locale_or_cores() {
    // Enough files for the read stage to spread over every core.
    let files: Vec<(String, String)> = (0..90)
        .map(|i| {
            (
                format!("pkg{}/m{i:02}.py", i % 3),
                format!("def f{i}(x):\n    if x:\n        return {i}\n    return 0\n"),
            )
        })
        .chain((0..10).map(|i| {
            (
                format!("tests/test_{i}.py"),
                format!(
                    "from pkg{}.m{i:02} import f{i}\n\ndef test_{i}():\n    assert f{i}(1)\n",
                    i % 3
                ),
            )
        }))
        .collect();
    let build = |order: &mut dyn Iterator<Item = &(String, String)>| {
        order.fold(Tree::new(), |t, (path, text)| t.file(path, text))
    };
    let forward = build(&mut files.iter());
    let backward = build(&mut files.iter().rev());
    let one = document_bytes(forward.path(), &[("LC_ALL", "C")], false);
    assert!(one.contains("pkg2/m89.py"));
    let two = document_bytes(
        backward.path(),
        &[("LC_ALL", "tr_TR.UTF-8"), ("LANG", "de_DE.UTF-8")],
        false,
    );
    assert_eq!(one, two, "file creation order and locale");
    let taskset = Command::new("taskset").args(["-c", "0", "true"]).status();
    if taskset.is_ok_and(|s| s.success()) {
        assert_eq!(one, document_bytes(backward.path(), &[], true), "one core");
    }
}

#[test]
fn a_deeply_nested_document_is_one_error_line_not_a_crash() {
    for depth in [200, 100_000] {
        let mut input = b"{\"schema\":\"gap/1\",\"x\":".to_vec();
        input.extend(std::iter::repeat_n(b'[', depth));
        let out = crate::support::run("gap-rank", &[], &input);
        assert_eq!(out.status.code(), Some(2), "depth {depth}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "depth {depth}: {stderr}");
        assert!(
            stderr.starts_with("gap-rank: error: <stdin>:1:"),
            "depth {depth}: {stderr}"
        );
    }
}

#[test]
fn a_full_disk_is_an_error_naming_stdout() {
    let tree = python_tree();
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    let Ok(full) = full else {
        return; // no /dev/full on this system
    };
    drop(full);
    let out = bounded(
        Command::new("sh")
            .args(["-c", "\"$0\" \"$1\" --no-history > /dev/full"])
            .arg(bin("gap-scan"))
            .arg(tree.path()),
        60,
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("gap-scan: error: "), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
}

#[test]
fn a_root_folder_named_like_markup_renders_inert() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("z\n```\n# INJECTED\u{1b}]0;owned\u{7}");
    for (path, text) in [
        ("app/__init__.py", ""),
        ("app/service.py", "def run():\n    return 1\n"),
        (
            "tests/test_service.py",
            "from app.service import run\n\ndef test_run():\n    assert run()\n",
        ),
    ] {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    for format in ["markdown", "table", "tree"] {
        let p = crate::support::pipeline_with(&root, &["--no-history"], &["--format", format]);
        let text = p.text();
        if format == "markdown" {
            assert!(text.contains("INJECTED"), "the root is named: {text}");
        }
        assert!(!text.contains('\u{1b}'), "{format}: {text:?}");
        assert!(
            !text.lines().any(|l| l.starts_with("# INJECTED")),
            "{format}: {text}"
        );
        outside_fences(&text);
    }
}

#[test]
fn malformed_documents_of_64_kinds_are_each_one_error_line() {
    let tree = python_tree();
    let scanned = crate::support::run(
        "gap-scan",
        &[tree.path().to_str().unwrap(), "--no-history"],
        b"",
    );
    let ranked = crate::support::run("gap-rank", &[], &scanned.stdout).stdout;
    assert!(ranked.len() > 480, "a ranked document");
    // Every proper prefix of the document (48 of them, spread over it)...
    let mut inputs: Vec<(String, Vec<u8>)> = (0..48)
        .map(|i| {
            let at = 1 + i * (ranked.len() - 2) / 48;
            (format!("cut at byte {at}"), ranked[..at].to_vec())
        })
        .collect();
    // ...and 16 ways JSON goes wrong, each in place of a valid value or around the document.
    let text = String::from_utf8(ranked.clone()).unwrap();
    let root = "\"root\":";
    for (kind, replacement) in [
        ("NaN", "NaN"),
        ("Infinity", "-Infinity"),
        ("a leading zero", "01"),
        ("a number past f64", "1e999"),
        ("single quotes", "'x'"),
        ("a comment", "/* c */ \"x\""),
        ("a trailing comma in an array", "[1,]"),
        ("a trailing comma in an object", "{\"a\":1,}"),
        ("an unterminated string", "\"abc"),
        ("a bad escape", "\"\\x41\""),
        ("a lone surrogate", "\"\\ud800\""),
        ("a raw control byte in a string", "\"a\u{1}b\""),
        ("a truncated literal", "tru"),
        ("a NUL byte", "\u{0}"),
    ] {
        let at = text.find(root).unwrap() + root.len();
        let end = at + text[at..].find(',').unwrap();
        inputs.push((
            kind.to_string(),
            format!("{}{replacement}{}", &text[..at], &text[end..]).into_bytes(),
        ));
    }
    inputs.push((
        "two documents in a row".into(),
        [ranked.clone(), ranked.clone()].concat(),
    ));
    inputs.push((
        "a byte-order mark".into(),
        [b"\xef\xbb\xbf".to_vec(), ranked.clone()].concat(),
    ));
    assert_eq!(inputs.len(), 64);
    for (kind, input) in &inputs {
        for tool in ["gap-rank", "gap-report"] {
            let out = crate::support::run(tool, &[], input);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{tool}, {kind}: {stderr}");
            assert!(out.stdout.is_empty(), "{tool}, {kind}");
            assert_eq!(stderr.lines().count(), 1, "{tool}, {kind}: {stderr}");
            assert!(
                stderr.starts_with(&format!("{tool}: error: <stdin>")),
                "{tool}, {kind}: {stderr}"
            );
        }
    }
}
