//! Ignore files (`.gitignore`, `.ignore`, the repository's `.git/info/exclude`), read through
//! [`safe_read`](crate::safe_read) and applied as git applies them: from the enclosing work tree's top down to
//! the scanned folder, never from above it; with no repository, only the files under the scanned folder.
//!
//! The `ignore` crate keeps gitignore's semantics ([`GitignoreBuilder::add_line`]); it never opens a file here.

use std::ffi::OsString;
use std::path::Path;

use gap_core::{Excluded, Warning};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;

use crate::safe_read::{self, Refused};
use crate::walk::join;

/// The largest ignore file read, in bytes (git's own limit is 100 MiB; a few hundred lines is usual).
pub const MAX_IGNORE_BYTES: u64 = 1 << 20;

/// The ignore rules one folder adds.
#[derive(Debug, Default)]
pub struct Level {
    /// Its `.ignore` file (ripgrep's; applies across repositories, over `.gitignore`).
    ignore: Option<Gitignore>,
    /// Its `.gitignore` file.
    gitignore: Option<Gitignore>,
    /// Its repository's `.git/info/exclude`, when the folder is a work tree's top.
    exclude: Option<Gitignore>,
    /// The folder is the top of a git work tree: `.gitignore` files above it do not apply below it.
    top: bool,
}

/// What was noticed while loading ignore files: files refused or lines that are no pattern.
#[derive(Debug, Default)]
pub struct Notes {
    /// One per ignore file not read or line not understood.
    pub warnings: Vec<Warning>,
    /// Ignore files of the tree that were refused.
    pub excluded: Vec<Excluded>,
}

/// True when `dir` is the top of a git work tree: it holds a `.git` folder with a `HEAD`, or a `.git` file
/// naming the repository (`gitdir: ...`, as worktrees and submodules have).
pub fn is_work_tree_top(dir: &Path) -> bool {
    let dot_git = dir.join(".git");
    match dot_git.symlink_metadata() {
        Ok(m) if m.is_dir() => dot_git.join("HEAD").symlink_metadata().is_ok(),
        Ok(m) if m.is_file() => {
            safe_read::read(&dot_git, 4096).is_ok_and(|b| b.starts_with(b"gitdir:"))
        }
        _ => false,
    }
}

/// The top of the git work tree holding `root` (an absolute, canonical path): `root` or the nearest folder
/// above it that [`is_work_tree_top`]; `None` outside any repository.
pub fn work_tree_top(root: &Path) -> Option<&Path> {
    root.ancestors().find(|d| is_work_tree_top(d))
}

/// The levels of the folders from the work tree's top down to `root`'s parent (empty when `root` is the top
/// or in no repository); `root` itself and the folders below it are loaded as the walk enters them.
pub fn above(root: &Path, notes: &mut Notes) -> Vec<Level> {
    let Some(top) = work_tree_top(root) else {
        return Vec::new();
    };
    let below_top = root.strip_prefix(top).unwrap_or(Path::new(""));
    let mut dirs = vec![top.to_path_buf()];
    let mut dir = top.to_path_buf();
    for part in below_top.components() {
        dir.push(part);
        dirs.push(dir.clone());
    }
    dirs.pop(); // root itself
    dirs.iter()
        .map(|d| {
            let names = [".gitignore", ".ignore"]
                .into_iter()
                .filter(|n| d.join(n).symlink_metadata().is_ok_and(|m| !m.is_dir()))
                .map(OsString::from)
                .collect::<Vec<_>>();
            let label = relative_label(root, d);
            Level::load(d, &label, &names, d == top, notes, false)
        })
        .collect()
}

/// `dir` as a path relative to `root` for messages: `..`, `../..`.
fn relative_label(root: &Path, dir: &Path) -> String {
    let up = root
        .components()
        .count()
        .saturating_sub(dir.components().count());
    vec![".."; up].join("/")
}

impl Level {
    /// The rules of folder `dir` (full path; `label` is how messages name it, `""` for the root) whose entries
    /// include `names`: its ignore files, and its repository's `info/exclude` when it is a work tree's top.
    /// `in_tree`: refused files are listed in `excluded` (they are files of the scanned tree).
    pub fn load(
        dir: &Path,
        label: &str,
        names: &[OsString],
        top: bool,
        notes: &mut Notes,
        in_tree: bool,
    ) -> Level {
        let has = |n: &str| names.iter().any(|x| x == n);
        let mut level = Level {
            top,
            ..Level::default()
        };
        if has(".gitignore") {
            level.gitignore = load_file(dir, label, ".gitignore", notes, in_tree);
        }
        if has(".ignore") {
            level.ignore = load_file(dir, label, ".ignore", notes, in_tree);
        }
        if top {
            let info = dir.join(".git/info");
            let real_folders = [dir.join(".git"), info.clone()]
                .iter()
                .all(|d| d.symlink_metadata().is_ok_and(|m| m.is_dir()));
            if real_folders && info.join("exclude").symlink_metadata().is_ok() {
                level.exclude = load_file(dir, label, ".git/info/exclude", notes, false);
            }
        }
        level
    }
}

/// The rules of `dir/name`, or `None` (with a note) when it cannot be read.
fn load_file(
    dir: &Path,
    label: &str,
    name: &str,
    notes: &mut Notes,
    in_tree: bool,
) -> Option<Gitignore> {
    let path = dir.join(name);
    let shown = join(label, name);
    let bytes = match safe_read::read(&path, MAX_IGNORE_BYTES) {
        Ok(b) => b,
        Err(refused) => {
            refuse(&shown, &refused, notes, in_tree);
            return None;
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    // As git: a leading byte-order mark is not part of the first pattern; `lines` drops the CR of a CRLF.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut builder = GitignoreBuilder::new(dir);
    for (i, line) in text.lines().enumerate() {
        if let Err(e) = builder.add_line(Some(path.clone()), line) {
            notes.warnings.push(Warning {
                path: shown.clone(),
                message: format!(
                    "line {}: {}; the line is not applied",
                    i + 1,
                    glob_error(&e)
                ),
                extra: Default::default(),
            });
        }
    }
    match builder.build() {
        Ok(g) if g.is_empty() => None,
        Ok(g) => Some(g),
        Err(e) => {
            notes.warnings.push(Warning {
                path: shown,
                message: format!("{}; its rules are not applied", glob_error(&e)),
                extra: Default::default(),
            });
            None
        }
    }
}

/// An `ignore` error in one line, without the file path it may carry (the warning names the file).
fn glob_error(e: &ignore::Error) -> String {
    match e {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            glob_error(err)
        }
        other => other.to_string(),
    }
}

/// Notes an ignore file that was not read.
fn refuse(shown: &str, refused: &Refused, notes: &mut Notes, in_tree: bool) {
    notes.warnings.push(Warning {
        path: shown.to_string(),
        message: format!("{refused}; its ignore rules are not applied"),
        extra: Default::default(),
    });
    if in_tree {
        notes.excluded.push(Excluded {
            path: shown.to_string(),
            reason: refused.reason().to_string(),
            detail: Some("an ignore file; its rules are not applied".to_string()),
            extra: Default::default(),
        });
    }
}

/// True when `path` (a full path below every level's folder) is ignored by `levels` (outermost first): the
/// nearest `.ignore` rule that matches decides; else the nearest `.gitignore` rule of the same work tree;
/// else that work tree's `info/exclude`. A `!pattern` that matches keeps the path.
pub fn ignored(levels: &[Level], path: &Path, is_dir: bool) -> bool {
    let decide = |m: Match<&ignore::gitignore::Glob>| match m {
        Match::None => None,
        Match::Ignore(_) => Some(true),
        Match::Whitelist(_) => Some(false),
    };
    for l in levels.iter().rev() {
        if let Some(d) = l
            .ignore
            .as_ref()
            .and_then(|g| decide(g.matched(path, is_dir)))
        {
            return d;
        }
    }
    for l in levels.iter().rev() {
        if let Some(d) = l
            .gitignore
            .as_ref()
            .and_then(|g| decide(g.matched(path, is_dir)))
        {
            return d;
        }
        if l.top {
            return l
                .exclude
                .as_ref()
                .and_then(|g| decide(g.matched(path, is_dir)))
                .unwrap_or(false);
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_crlf_escapes_and_trailing_spaces_read_as_git_reads_them() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let text = "\u{feff}a.py\r\nb.py\r\n# c.py\r\n\\#h.py\nsp\\ .py\nd.py   \n!e.py\n";
        std::fs::write(d.join(".gitignore"), text).unwrap();
        let mut notes = Notes::default();
        let level = Level::load(
            d,
            "",
            &[OsString::from(".gitignore")],
            false,
            &mut notes,
            true,
        );
        assert!(notes.warnings.is_empty(), "{:?}", notes.warnings);
        let levels = [level];
        let ignored: Vec<&str> = [
            "a.py", "b.py", "c.py", "#h.py", "h.py", "sp .py", "d.py", "e.py",
        ]
        .into_iter()
        .filter(|f| ignored(&levels, &d.join(f), false))
        .collect();
        assert_eq!(ignored, ["a.py", "b.py", "#h.py", "sp .py", "d.py"]);
    }
}
