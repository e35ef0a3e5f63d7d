//! The change under review: `gap-scan --since REV` (git, through [`crate::git`]) or `--diff FILE` (a unified
//! diff) marks the modules it touches (`modules[].changed`) and, within them, the public symbols whose lines
//! changed, so the report can lead with changed code no test references.
//!
//! `--since REV` measures from the merge base of REV and `HEAD` (what a pull request shows: the branch's own
//! changes, not those its base gained since), to the working tree, untracked files included. REV is checked
//! before git sees it: it cannot start with `-` (so it is never read as an option) and holds no control
//! character; it is given after `--end-of-options` all the same.
//!
//! Paths in a diff are relative to the repository's top; the scan root may be a folder below it. With git
//! the root's place is asked of git (`rev-parse --show-prefix`); for a `--diff` outside a repository it is
//! the folder prefix that makes the most of the diff's paths name files of the scan.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{bail, Context, Result};
use gap_core::{ChangeInfo, Document, Module, ModuleChange, SymbolKind};

use crate::diff::{self, FileDiff};
use crate::git::{Git, GitError};

/// What the repository holding the scan root says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repository {
    /// `HEAD`'s full hash, when the repository has a commit.
    pub head_commit: Option<String>,
    /// The root relative to the repository's top, `/`-separated, without a trailing `/` (`""` at the top).
    pub prefix: String,
}

/// True for a full commit hash (SHA-1 or SHA-256, lower-case hex).
fn is_hash(text: &str) -> bool {
    matches!(text.len(), 40 | 64) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Reads [`Repository`] for the tree at `root`: one `git rev-parse`.
pub fn repository(root: &Path) -> Result<Repository, GitError> {
    let git = Git::new(root);
    let out = git.run(&["rev-parse", "--show-prefix"])?;
    let prefix = String::from_utf8_lossy(&out)
        .lines()
        .next()
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_string();
    let head = git
        .run(&["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
        .ok()
        .map(|h| String::from_utf8_lossy(&h).trim().to_string())
        .filter(|h| is_hash(h));
    Ok(Repository {
        head_commit: head,
        prefix,
    })
}

/// Refuses a revision git could read as an option or that holds control characters.
pub fn check_revision(rev: &str) -> Result<()> {
    if rev.is_empty() {
        bail!("--since: the revision is empty");
    }
    if rev.starts_with('-') {
        bail!(
            "--since {}: a revision cannot start with '-'",
            gap_core::escape::line(rev)
        );
    }
    if rev.chars().any(|c| c.is_control()) {
        bail!(
            "--since {}: a revision cannot hold control characters",
            gap_core::escape::line(rev)
        );
    }
    Ok(())
}

/// The single hash a git command printed.
fn hash_of(out: &[u8], what: &str) -> Result<String> {
    let text = String::from_utf8_lossy(out).trim().to_string();
    if !is_hash(&text) {
        bail!("git gave no commit for {what}");
    }
    Ok(text)
}

/// The files changed between the merge base of `rev` and `HEAD` and the working tree of the repository at
/// `root` (untracked files as added), and that merge base. Paths are relative to the repository's top.
pub fn since(root: &Path, rev: &str) -> Result<(Vec<FileDiff>, String)> {
    check_revision(rev)?;
    let git = Git::new(root);
    let shown = gap_core::escape::line(rev).into_owned();
    let spec = format!("{rev}^{{commit}}");
    let target = git
        .run(&["rev-parse", "--verify", "--quiet", "--end-of-options", &spec])
        .map_err(|e| match e {
            GitError::Failed(_) => anyhow::anyhow!(
                "--since {shown}: no such commit in the repository (a shallow clone? fetch the base with \
                 `git fetch origin BRANCH` or `fetch-depth: 0` in CI)"
            ),
            e => anyhow::Error::new(e).context(format!("--since {shown}")),
        })?;
    let target = hash_of(&target, &shown)?;
    let base = git
        .run(&["merge-base", "--end-of-options", &target, "HEAD"])
        .map_err(|e| match e {
            GitError::Failed(_) => anyhow::anyhow!(
                "--since {shown}: no common history with HEAD in this clone (a shallow clone? fetch the whole \
                 history, `git fetch --unshallow` or `fetch-depth: 0` in CI)"
            ),
            e => anyhow::Error::new(e).context(format!("--since {shown}")),
        })?;
    let base = hash_of(&base, "the merge base")?;
    let patch = git
        .run(&[
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--no-relative",
            "--find-renames",
            "--unified=0",
            "--submodule=short",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            "-O/dev/null",
            "--end-of-options",
            &base,
            "--",
        ])
        .with_context(|| format!("--since {shown}: git diff"))?;
    let mut files = diff::parse(&String::from_utf8_lossy(&patch))
        .map_err(|e| anyhow::anyhow!("--since {shown}: git diff: {e}"))?;
    let untracked = git
        .run(&[
            "ls-files",
            "-z",
            "--others",
            "--exclude-standard",
            "--full-name",
        ])
        .with_context(|| format!("--since {shown}: git ls-files"))?;
    for name in untracked.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        files.push(FileDiff {
            old: None,
            new: Some(String::from_utf8_lossy(name).into_owned()),
            lines: Vec::new(),
        });
    }
    Ok((files, base))
}

/// `path` (relative to the repository's top) relative to the scan root at `prefix`, if it lies below it.
fn below<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    if prefix.is_empty() {
        return Some(path);
    }
    path.strip_prefix(prefix)?.strip_prefix('/')
}

/// The folder prefix that makes the most of `files`' new paths name files of `known` (ties: the shortest),
/// for a diff whose repository is not known.
pub fn infer_prefix(files: &[FileDiff], known: &BTreeSet<&str>) -> String {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for f in files {
        let Some(new) = &f.new else { continue };
        let parts: Vec<&str> = new.split('/').collect();
        for k in 0..parts.len() {
            let rest = parts[k..].join("/");
            if known.contains(rest.as_str()) {
                *counts.entry(parts[..k].join("/")).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.len().cmp(&a.0.len())))
        .map(|(p, _)| p)
        .unwrap_or_default()
}

/// The lines `[first, last]` each public symbol of `m` spans: to its `end_line` where the reader gave one,
/// else to the line before the next definition (for a class: the next definition that is not a method), else
/// to the end of the file.
fn spans(m: &Module) -> Vec<(usize, [u64; 2])> {
    let mut order: Vec<usize> = (0..m.symbols.len()).collect();
    order.sort_by_key(|&i| m.symbols[i].line);
    let mut out = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        let s = &m.symbols[i];
        if !s.public {
            continue;
        }
        let end = s.end_line.filter(|&e| e >= s.line).unwrap_or_else(|| {
            order[k + 1..]
                .iter()
                .map(|&j| &m.symbols[j])
                .find(|n| {
                    n.line > s.line && (s.kind != SymbolKind::Class || n.kind != SymbolKind::Method)
                })
                .map_or(m.lines.max(s.line), |n| n.line - 1)
        });
        out.push((i, [s.line, end.max(s.line)]));
    }
    out
}

/// The public symbols of `m` (names, in file order, each once: overloads share a name) whose lines meet
/// `lines`; every one for a new file.
pub fn changed_symbols(m: &Module, lines: &[[u64; 2]], added: bool) -> Vec<String> {
    let mut hit: Vec<(u64, String)> = spans(m)
        .into_iter()
        .filter(|(_, [a, b])| added || lines.iter().any(|[x, y]| x <= b && a <= y))
        .map(|(i, _)| (m.symbols[i].line, m.symbols[i].name.clone()))
        .collect();
    hit.sort();
    let mut seen = BTreeSet::new();
    hit.into_iter()
        .map(|(_, n)| n)
        .filter(|n| seen.insert(n.clone()))
        .collect()
}

/// Marks the change `files` (paths relative to the repository's top, the scan root at `prefix` below it) on
/// `doc`: `change.files`, and `changed` on every module the change adds, modifies or renames.
pub fn mark(doc: &mut Document, files: &[FileDiff], prefix: &str, mut info: ChangeInfo) {
    let mut touched = BTreeSet::new();
    for f in files {
        let Some(new) = f.new.as_deref().and_then(|p| below(p, prefix)) else {
            continue;
        };
        touched.insert(new.to_string());
        let Ok(at) = doc.modules.binary_search_by(|m| m.path.as_str().cmp(new)) else {
            continue;
        };
        let renamed_from = f
            .old
            .as_deref()
            .filter(|old| Some(*old) != f.new.as_deref())
            .map(|old| below(old, prefix).unwrap_or(old).to_string());
        let m = &mut doc.modules[at];
        let added = f.added();
        let lines = if added && f.lines.is_empty() {
            vec![[1, m.lines.max(1)]]
        } else {
            f.lines.clone()
        };
        let symbols = changed_symbols(m, &lines, added);
        m.changed = Some(ModuleChange {
            added,
            renamed_from,
            lines,
            symbols,
            extra: Default::default(),
        });
    }
    info.files = touched.into_iter().collect();
    doc.change = Some(info);
}

#[cfg(test)]
mod tests {
    use super::*;
    use gap_core::{Symbol, Tool};

    fn sym(name: &str, kind: SymbolKind, line: u64, public: bool) -> Symbol {
        Symbol::new(name, kind, line, public)
    }

    fn module() -> Module {
        let mut m = Module::new("app/x.py", "python");
        m.lines = 40;
        m.symbols = vec![
            sym("f", SymbolKind::Function, 1, true),
            sym("Repo", SymbolKind::Class, 10, true),
            sym("Repo.get", SymbolKind::Method, 12, true),
            sym("Repo._hidden", SymbolKind::Method, 20, false),
            sym("g", SymbolKind::Function, 30, true),
        ];
        m
    }

    #[test]
    fn a_change_names_the_public_symbols_whose_lines_it_meets() {
        let m = module();
        assert_eq!(changed_symbols(&m, &[[5, 5]], false), ["f"]);
        assert_eq!(
            changed_symbols(&m, &[[21, 21]], false),
            ["Repo"],
            "a private method's lines belong to its class"
        );
        assert_eq!(
            changed_symbols(&m, &[[13, 13]], false),
            ["Repo", "Repo.get"]
        );
        assert_eq!(changed_symbols(&m, &[[40, 40]], false), ["g"]);
        assert_eq!(changed_symbols(&m, &[[9, 9], [31, 35]], false), ["f", "g"]);
        assert_eq!(changed_symbols(&m, &[], true).len(), 4);
        let mut m = module();
        m.symbols[0].end_line = Some(3);
        assert!(
            changed_symbols(&m, &[[5, 5]], false).is_empty(),
            "end lines win"
        );
    }

    #[test]
    fn overloads_of_a_changed_name_count_once() {
        let mut m = module();
        m.symbols = vec![
            sym("parse", SymbolKind::Function, 3, true),
            sym("parse", SymbolKind::Function, 6, true),
            sym("parse", SymbolKind::Function, 9, true),
        ];
        m.lines = 12;
        assert_eq!(changed_symbols(&m, &[[4, 10]], false), ["parse"]);
    }

    #[test]
    fn revisions_that_git_could_read_as_options_are_refused() {
        for bad in ["", "-c", "--output=/tmp/x", "main\n--x", "a\u{1b}b"] {
            assert!(check_revision(bad).is_err(), "{bad:?}");
        }
        for ok in ["main", "origin/main", "HEAD~3", "v1.2^{commit}", "abc123"] {
            assert!(check_revision(ok).is_ok(), "{ok:?}");
        }
    }

    #[test]
    fn marks_land_on_modules_below_the_prefix() {
        let mut doc = Document::new(Tool::new("gap-scan", "0"), "svc");
        doc.modules = vec![module(), Module::new("app/y.py", "python")];
        let files = diff::parse(
            "--- a/svc/app/x.py\n+++ b/svc/app/x.py\n@@ -31 +31 @@\n-a\n+b\n\
             --- a/svc/old.py\n+++ b/svc/app/y.py\n@@ -1 +1 @@\n-a\n+b\n\
             --- a/elsewhere.py\n+++ b/elsewhere.py\n@@ -1 +1 @@\n-a\n+b\n",
        )
        .unwrap();
        let known: BTreeSet<&str> = ["app/x.py", "app/y.py"].into();
        assert_eq!(infer_prefix(&files, &known), "svc");
        mark(&mut doc, &files, "svc", ChangeInfo::default());
        let x = doc.modules[0].changed.as_ref().unwrap();
        assert_eq!(
            (x.lines.clone(), x.symbols.clone()),
            (vec![[31, 31]], vec!["g".to_string()])
        );
        let y = doc.modules[1].changed.as_ref().unwrap();
        assert_eq!(y.renamed_from.as_deref(), Some("old.py"));
        assert_eq!(doc.change.unwrap().files, ["app/x.py", "app/y.py"]);
    }
}
