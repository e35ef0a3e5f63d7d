//! The test environment: temporary trees written per test, and the binaries run as a user runs them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The path of binary `name`, one of the binaries this package builds (cargo builds them before the tests).
pub fn bin(name: &str) -> PathBuf {
    PathBuf::from(match name {
        "gap-scan" => env!("CARGO_BIN_EXE_gap-scan"),
        "gap-rank" => env!("CARGO_BIN_EXE_gap-rank"),
        "gap-report" => env!("CARGO_BIN_EXE_gap-report"),
        "gap-merge" => env!("CARGO_BIN_EXE_gap-merge"),
        "gap" => env!("CARGO_BIN_EXE_gap"),
        "gap-owners" => env!("CARGO_BIN_EXE_gap-owners"),
        other => panic!("no binary {other}"),
    })
}

/// The repository root (for the shipped example).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary tree of files.
pub struct Tree {
    dir: tempfile::TempDir,
}

impl Tree {
    /// An empty tree.
    pub fn new() -> Self {
        Tree {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// Writes `text` (leading newline and common indentation removed) at `rel`, creating folders.
    pub fn file(self, rel: &str, text: &str) -> Self {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, dedent(text)).unwrap();
        self
    }

    /// Writes raw bytes at `rel`.
    pub fn bytes(self, rel: &str, bytes: &[u8]) -> Self {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    /// The tree's root.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// Removes the first newline and the indentation common to all non-blank lines.
pub fn dedent(text: &str) -> String {
    let text = text.strip_prefix('\n').unwrap_or(text);
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: String = text
        .lines()
        .map(|l| {
            if l.len() >= indent {
                &l[indent..]
            } else {
                l.trim_start()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    out.push('\n');
    out
}

/// Runs `name` with `args`, feeding `stdin`.
pub fn run(name: &str, args: &[&str], stdin: &[u8]) -> Output {
    let mut cmd = Command::new(bin(name));
    cmd.args(args).env("NO_COLOR", "1");
    output_of(cmd, stdin)
}

/// Runs `cmd`, feeding `stdin`, and gives what it wrote and how it ended.
pub fn output_of(mut cmd: Command, stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait");
    writer.join().unwrap();
    out
}

/// The result of the whole pipeline.
pub struct Pipeline {
    /// gap-scan's stdout.
    pub scan: Output,
    /// gap-rank's stdout.
    pub ranked: Output,
    /// gap-report's stdout.
    pub report: Output,
}

impl Pipeline {
    /// The ranked document.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.ranked.stdout).expect("ranked JSON")
    }

    /// The report's text.
    pub fn text(&self) -> String {
        String::from_utf8(self.report.stdout.clone()).expect("UTF-8 report")
    }

    /// The module at `path` in the ranked document.
    pub fn module(&self, path: &str) -> serde_json::Value {
        module_of(&self.json(), path)
    }
}

/// The module at `path` in document `doc`; panics when there is none.
pub fn module_of(doc: &serde_json::Value, path: &str) -> serde_json::Value {
    doc["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["path"] == path)
        .unwrap_or_else(|| panic!("no module {path}"))
        .clone()
}

/// (name, referenced) of each symbol of a module of the document.
pub fn symbols(module: &serde_json::Value) -> Vec<(String, bool)> {
    module["symbols"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["referenced"] == true,
            )
        })
        .collect()
}

/// The evidence of a module of the document as (test, kind, detail) rows, in document order.
pub fn evidence(module: &serde_json::Value) -> Vec<(String, String, String)> {
    module["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["test"].as_str().unwrap().to_string(),
                e["kind"].as_str().unwrap().to_string(),
                e["detail"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// The evidence kinds of a module of the document, in document order.
pub fn evidence_kinds(module: &serde_json::Value) -> Vec<String> {
    module["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect()
}

/// Runs `gap-scan ROOT | gap-rank | gap-report REPORT_ARGS...`, asserting each stage succeeds.
pub fn pipeline(root: &Path, report_args: &[&str]) -> Pipeline {
    pipeline_with(root, &[], report_args)
}

/// [`pipeline`] with more arguments for gap-scan.
pub fn pipeline_with(root: &Path, scan_args: &[&str], report_args: &[&str]) -> Pipeline {
    let mut args = vec![root.to_str().unwrap()];
    args.extend_from_slice(scan_args);
    let scan = succeed("gap-scan", &args, b"");
    let ranked = succeed("gap-rank", &[], &scan.stdout);
    let report = succeed("gap-report", report_args, &ranked.stdout);
    Pipeline {
        scan,
        ranked,
        report,
    }
}

/// Runs git in `dir` with a fixed identity and date and no user or system configuration (`main` the first
/// branch), asserting success; returns stdout.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
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

/// Runs `name` with `args` on `stdin`, asserting it succeeds.
pub fn succeed(name: &str, args: &[&str], stdin: &[u8]) -> Output {
    let out = run(name, args, stdin);
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `gap-scan ROOT SCAN_ARGS... | gap-rank`, asserting both succeed: the ranked document's bytes.
pub fn ranked(root: &Path, scan_args: &[&str]) -> Vec<u8> {
    let mut args = vec![root.to_str().unwrap()];
    args.extend_from_slice(scan_args);
    let scan = succeed("gap-scan", &args, b"");
    succeed("gap-rank", &[], &scan.stdout).stdout
}

/// stdout as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 stdout")
}

/// stderr as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("UTF-8 stderr")
}

/// The lines of markdown `text` outside code fences, asserting that every fence is closed by its own fence
/// line and that no line inside one (a name from the tree) starts a fence.
pub fn outside_fences(text: &str) -> Vec<&str> {
    let mut fence: Option<&str> = None;
    let mut outside = Vec::new();
    for line in text.lines() {
        match fence {
            None if line.starts_with("```") => {
                fence = Some(line.trim_end_matches(|c: char| c.is_alphabetic()))
            }
            Some(f) if line == f => fence = None,
            Some(_) => assert!(
                !line.starts_with("```"),
                "a name closed the fence: {line:?}"
            ),
            None => outside.push(line),
        }
    }
    assert!(fence.is_none(), "every fence closes");
    outside
}

/// The document's test files as `(path, kind, test_functions)`, in document order.
pub fn test_files(doc: &serde_json::Value) -> Vec<(&str, &str, u64)> {
    doc["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["path"].as_str().unwrap(),
                t["kind"].as_str().unwrap(),
                t["test_functions"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// The document's `excluded` rows as `(path, reason)`, in document order.
pub fn excluded(doc: &serde_json::Value) -> Vec<(&str, &str)> {
    doc["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["path"].as_str().unwrap(), e["reason"].as_str().unwrap()))
        .collect()
}
