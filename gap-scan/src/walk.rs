//! Walking the tree: ignore files applied as git applies them, the folders of the language table skipped (every
//! language's global ones pruned, a language's own ones only for its files), hidden entries, symbolic links
//! and special files never entered or read; everything left out listed in `excluded`.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ffi::OsString;
use std::fs::FileType;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};

use gap_core::{Excluded, Warning};

use crate::ignores::{self, Level, Notes};
use crate::lang::{self, SkipDir};

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walked {
    /// Source and test files of known languages: (path relative to the root, `/`-separated; full path).
    pub files: Vec<(String, PathBuf)>,
    /// Relative paths of project marker files.
    pub markers: Vec<String>,
    /// Entries that could not be walked.
    pub warnings: Vec<Warning>,
    /// Folders and files left out on purpose, sorted by path.
    pub excluded: Vec<Excluded>,
}

/// The first of `rules` that skips the folder at `path` named `name`.
fn skip_rule<'a>(rules: &'a [SkipDir], path: &Path, name: &str) -> Option<&'a SkipDir> {
    rules.iter().find(|d| {
        lang::matches(d.name, name)
            && (d.beside.is_empty() || d.beside.iter().any(|b| path.with_file_name(b).exists()))
            && d.holds.is_none_or(|h| path.join(h).exists())
            && d.unless_holds.is_none_or(|h| !path.join(h).exists())
    })
}

/// The topmost folder of `rel` (a file's path) that one of `rules` skips: (its path, the rule).
fn skipped_ancestor<'a, 'b>(
    root: &Path,
    rel: &'b str,
    rules: &'a [SkipDir],
) -> Option<(&'b str, &'a SkipDir)> {
    rel.match_indices('/').find_map(|(end, _)| {
        let dir = &rel[..end];
        let name = dir.rsplit('/').next().unwrap_or(dir);
        skip_rule(rules, &root.join(dir), name).map(|rule| (dir, rule))
    })
}

/// An excluded entry.
fn excluded(path: String, reason: &str, detail: Option<String>) -> Excluded {
    Excluded {
        path,
        reason: reason.to_string(),
        detail,
        extra: Default::default(),
    }
}

/// Walks `root`: every folder's entries in name order, ignore files applied ([`ignores`]), files that
/// `select` (gap.toml's `include` / `exclude`) leaves out listed as `config`. Nothing is followed: a symbolic
/// link is listed, never entered or read.
pub fn walk(root: &Path, select: &dyn Fn(&str) -> bool) -> Walked {
    let base = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut w = Walker {
        root: &base,
        select,
        out: Walked::default(),
        partial: BTreeMap::new(),
        deselected: Vec::new(),
    };
    let mut notes = Notes::default();
    let mut levels = ignores::above(&base, &mut notes);
    let outer = levels.len();
    // Folders to read (relative path, "" for the root; depth), popped in walk order.
    let mut stack: Vec<(String, usize)> = vec![(String::new(), 0)];
    while let Some((dir, depth)) = stack.pop() {
        levels.truncate(outer + depth);
        let full = base.join(&dir);
        let entries = match entries(&full) {
            Ok(e) => e,
            Err(e) => {
                w.unreadable(&dir, &format!("cannot read the folder: {e}; skipped"), true);
                continue;
            }
        };
        let top = entries.iter().any(|e| e.0 == ".git") && ignores::is_work_tree_top(&full);
        if top && in_test_folder(&dir) {
            // A repository of its own inside a test folder (a git submodule: a vendored test suite and its
            // tools) is test data of this project, whatever its language.
            let why = "a repository of its own (a git submodule) inside a test folder";
            w.exclude(format!("{dir}/"), "test_data", Some(why.to_string()));
            continue;
        }
        // A folder named `.gitignore` is no ignore file (git passes over it too); it is listed as hidden.
        let names: Vec<OsString> = entries
            .iter()
            .filter(|e| !e.1.is_dir())
            .map(|e| e.0.clone())
            .collect();
        levels.push(Level::load(&full, &dir, &names, top, &mut notes, true));
        let mut folders = Vec::new();
        for (name, kind) in entries {
            let path = full.join(&name);
            if ignores::ignored(&levels, &path, kind.is_dir()) {
                continue;
            }
            let Some(name) = name.to_str() else {
                let rel = join(&dir, &name.to_string_lossy());
                let readable = kind.is_dir() || lang::by_path(&rel).is_some();
                if readable {
                    w.unreadable(&rel, "the name is not valid UTF-8; skipped", kind.is_dir());
                }
                continue;
            };
            let rel = join(&dir, name);
            if kind.is_dir() {
                if let Some(rule) = skip_rule(lang::GLOBAL_SKIP_DIRS, &path, name) {
                    w.exclude(format!("{rel}/"), rule.reason, None);
                } else if is_hidden(name) {
                    w.exclude(format!("{rel}/"), "hidden", None);
                } else {
                    folders.push(rel);
                }
            } else if kind.is_symlink() {
                w.symlink(rel, &path);
            } else if is_hidden(name) {
                if lang::by_path(name).is_some() {
                    w.exclude(rel, "hidden", None);
                }
            } else if kind.is_file() {
                w.file(rel, path);
            } else {
                let what = special_kind(kind);
                w.exclude(rel, "special_file", Some(format!("a {what}; not read")));
            }
        }
        stack.extend(folders.into_iter().rev().map(|f| (f, depth + 1)));
    }
    w.finish(notes)
}

/// The entries of folder `dir`, sorted by name: (name, kind, not followed).
fn entries(dir: &Path) -> std::io::Result<Vec<(OsString, FileType)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        out.push((entry.file_name(), entry.file_type()?));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// True when a folder on the way to `dir` (itself included) is a test folder of some language (`tests/x`).
fn in_test_folder(dir: &str) -> bool {
    let inside = join(dir, "x");
    !dir.is_empty()
        && lang::LANGUAGES
            .iter()
            .any(|l| l.test_place(&inside).in_test_dir)
}

/// A name starting with `.`: a hidden file or folder.
fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

/// `dir/name`, or `name` at the root (`dir` empty).
pub(crate) fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// What kind of special file `kind` is, for the `excluded` detail.
fn special_kind(kind: FileType) -> &'static str {
    if kind.is_fifo() {
        "FIFO"
    } else if kind.is_socket() {
        "socket"
    } else if kind.is_char_device() || kind.is_block_device() {
        "device"
    } else {
        "special file"
    }
}

/// A walk under way.
struct Walker<'a> {
    /// The root, canonical.
    root: &'a Path,
    /// gap.toml's `include` / `exclude`.
    select: &'a dyn Fn(&str) -> bool,
    out: Walked,
    /// Folders left out for some languages only: (path, reason) -> those languages.
    partial: BTreeMap<(String, &'static str), BTreeSet<&'static str>>,
    /// Files of a language that `select` leaves out.
    deselected: Vec<String>,
}

impl Walker<'_> {
    /// Lists `path` as left out for `reason`.
    fn exclude(&mut self, path: String, reason: &str, detail: Option<String>) {
        self.out.excluded.push(excluded(path, reason, detail));
    }

    /// A file or folder that cannot be read: a warning, and listed as `unreadable`.
    fn unreadable(&mut self, rel: &str, why: &str, folder: bool) {
        self.out.warnings.push(Warning {
            path: rel.to_string(),
            message: why.to_string(),
            extra: Default::default(),
        });
        if !rel.is_empty() {
            let path = if folder {
                format!("{rel}/")
            } else {
                rel.to_string()
            };
            self.exclude(path, "unreadable", None);
        }
    }

    /// A regular file: a project marker, a file of a language (read, or left out by a rule), or neither.
    fn file(&mut self, rel: String, path: PathBuf) {
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        if lang::is_marker(name) {
            self.out.markers.push(rel.clone());
        }
        let Some(l) = lang::by_path(&rel) else {
            return;
        };
        if let Some((dir, rule)) = skipped_ancestor(self.root, &rel, l.skip_dirs) {
            self.partial
                .entry((format!("{dir}/"), rule.reason))
                .or_default()
                .insert(l.id);
        } else if let Some(rule) = l.skip_file(name) {
            self.exclude(rel, rule.reason, None);
        } else if !(self.select)(&rel) {
            self.deselected.push(rel);
        } else {
            self.out.files.push((rel, path));
        }
    }

    /// A symbolic link: never followed; listed when it leads to a folder or has the name of a file gap reads.
    fn symlink(&mut self, rel: String, path: &Path) {
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        let target = std::fs::metadata(path);
        let to_folder = target.as_ref().is_ok_and(|m| m.is_dir());
        if !to_folder && lang::by_path(name).is_none() && !lang::is_marker(name) {
            return;
        }
        let inside = std::fs::canonicalize(path)
            .ok()
            .and_then(|t| t.strip_prefix(self.root).ok().map(Path::to_path_buf));
        let detail = match (&target, inside) {
            (Err(e), _) if e.raw_os_error() == Some(libc::ELOOP) => "a loop of links".to_string(),
            (Err(_), _) => "a broken link".to_string(),
            (Ok(_), Some(t)) if t.as_os_str().is_empty() => "to the root; not followed".to_string(),
            (Ok(_), Some(t)) => format!("to {}; not followed", t.to_string_lossy()),
            (Ok(_), None) => "to a path outside the root; not followed".to_string(),
        };
        let path = if to_folder { format!("{rel}/") } else { rel };
        self.exclude(path, "symlink", Some(detail));
    }

    /// The walk's result, sorted, with the notes of the ignore files and the files left out by `select`.
    fn finish(mut self, notes: Notes) -> Walked {
        let mut out = self.out;
        out.warnings.extend(notes.warnings);
        out.excluded.extend(notes.excluded);
        for ((path, reason), langs) in std::mem::take(&mut self.partial) {
            let langs: Vec<&str> = langs.into_iter().collect();
            let detail = format!("only its {} files", langs.join(" and "));
            out.excluded.push(excluded(path, reason, Some(detail)));
        }
        out.excluded.extend(deselected(&out.files, self.deselected));
        out.files.sort();
        out.markers.sort();
        out.excluded
            .sort_by(|a, b| a.path.cmp(&b.path).then(a.reason.cmp(&b.reason)));
        out
    }
}

/// The `config` entries for the files gap.toml leaves out: one per topmost folder that holds no selected file
/// (with how many files it holds), else one per file.
fn deselected(selected: &[(String, PathBuf)], left_out: Vec<String>) -> Vec<Excluded> {
    let mut holds_selected: HashSet<&str> = HashSet::new();
    for (rel, _) in selected {
        for (end, _) in rel.match_indices('/') {
            holds_selected.insert(&rel[..end]);
        }
    }
    let mut groups: BTreeMap<String, usize> = BTreeMap::new();
    for rel in left_out {
        let folder = rel
            .match_indices('/')
            .map(|(end, _)| &rel[..end])
            .find(|dir| !holds_selected.contains(dir));
        match folder {
            Some(dir) => *groups.entry(format!("{dir}/")).or_default() += 1,
            None => {
                groups.insert(rel, 0);
            }
        }
    }
    groups
        .into_iter()
        .map(|(path, n)| {
            let detail = (n > 0).then(|| format!("{n} file{}", if n == 1 { "" } else { "s" }));
            excluded(path, "config", detail)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x\n").unwrap();
        }
        dir
    }

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn mkfifo(path: &Path) {
        let made = std::process::Command::new("mkfifo").arg(path).status();
        assert!(made.unwrap().success(), "mkfifo");
    }

    fn symlink(target: impl AsRef<Path>, link: &Path) {
        std::os::unix::fs::symlink(target, link).unwrap();
    }

    /// `f()`, failing the test if it takes longer than 20 seconds (a hang fails instead of stalling).
    fn bounded<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || tx.send(f()));
        rx.recv_timeout(std::time::Duration::from_secs(20))
            .expect("finished within 20 s")
    }

    fn files(w: &Walked) -> Vec<&str> {
        w.files.iter().map(|(r, _)| r.as_str()).collect()
    }

    fn warnings(w: &Walked) -> Vec<String> {
        w.warnings
            .iter()
            .map(|w| format!("{}: {}", w.path, w.message))
            .collect()
    }

    fn rows(w: &Walked) -> Vec<String> {
        w.excluded
            .iter()
            .map(|e| match &e.detail {
                Some(d) => format!("{} {} ({d})", e.path, e.reason),
                None => format!("{} {}", e.path, e.reason),
            })
            .collect()
    }

    #[test]
    fn a_languages_own_folders_skip_only_its_files() {
        let dir = tree(&[
            "go.mod",
            "docs/gen.go",
            "docs/conf.py",
            "target/t.go",
            "internal/build/b.go",
            "env/e.go",
            "env/e.py",
            "lib/x.py",
        ]);
        let w = walk(dir.path(), &|_| true);
        let files: Vec<&str> = w.files.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(
            files,
            [
                "docs/gen.go",
                "env/e.go",
                "internal/build/b.go",
                "lib/x.py",
                "target/t.go"
            ]
        );
        assert_eq!(
            rows(&w),
            [
                "docs/ example (only its python files)",
                "env/ dependencies (only its python files)"
            ]
        );
    }

    #[test]
    fn global_folders_are_pruned_and_build_output_needs_its_project_file() {
        let dir = tree(&[
            "Cargo.toml",
            "src/lib.rs",
            "target/debug/build/out.rs",
            "web/node_modules/pkg/index.js",
            "web/app.js",
            "jvm/build.gradle",
            "jvm/build/generated/G.java",
            "jvm/src/build/Tool.java",
            "py/venv/pyvenv.cfg",
            "py/venv/lib/site.py",
            "py/setup.py",
            "py/pkg.egg-info/x.py",
            "py/app.py",
        ]);
        let w = walk(dir.path(), &|_| true);
        let files: Vec<&str> = w.files.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(
            files,
            [
                "jvm/src/build/Tool.java",
                "py/app.py",
                "src/lib.rs",
                "web/app.js"
            ]
        );
        assert_eq!(
            rows(&w),
            [
                "jvm/build/ build_output",
                "py/pkg.egg-info/ build_output",
                "py/setup.py tool",
                "py/venv/ dependencies",
                "target/ build_output",
                "web/node_modules/ dependencies"
            ]
        );
        assert_eq!(
            w.markers,
            ["Cargo.toml", "jvm/build.gradle", "py/setup.py"],
            "a skipped marker is still a marker"
        );
    }

    #[test]
    fn ignore_files_apply_from_the_work_trees_top_down_never_above() {
        let outside = tempfile::tempdir().unwrap();
        let o = outside.path();
        write(&o.join(".gitignore"), "*.py\n");
        write(&o.join(".ignore"), "*.go\n");
        let repo = o.join("repo");
        write(&repo.join(".git/HEAD"), "ref: refs/heads/main\n");
        write(&repo.join(".git/info/exclude"), "secret.py\n");
        write(&repo.join(".gitignore"), "gen/\nlocal_*.py\n");
        let root = repo.join("svc");
        write(&root.join(".gitignore"), "!local_keep.py\n");
        for f in [
            "a.py",
            "b.go",
            "gen/g.py",
            "secret.py",
            "local_x.py",
            "local_keep.py",
        ] {
            write(&root.join(f), "x\n");
        }
        // A repository of its own inside the scanned folder: the outer .gitignore files stop at its top.
        write(
            &root.join("vendored/.git"),
            "gitdir: ../../.git/modules/v\n",
        );
        write(&root.join("vendored/gen/v.py"), "x\n");
        let w = walk(&root, &|_| true);
        assert_eq!(
            files(&w),
            ["a.py", "b.go", "local_keep.py", "vendored/gen/v.py"]
        );
        assert!(w.warnings.is_empty(), "{:?}", warnings(&w));
        // Scanned from the top, the same rules hold; the folder above the repository still does not count.
        let w = walk(&repo, &|_| true);
        assert_eq!(
            files(&w),
            [
                "svc/a.py",
                "svc/b.go",
                "svc/local_keep.py",
                "svc/vendored/gen/v.py"
            ]
        );
        // With no repository, only the ignore files under the root apply.
        let plain = o.join("plain");
        write(&plain.join("a.py"), "x\n");
        write(&plain.join("lib/.gitignore"), "*.py\n!keep.py\n");
        write(&plain.join("lib/b.py"), "x\n");
        write(&plain.join("lib/keep.py"), "x\n");
        let w = walk(&plain, &|_| true);
        assert_eq!(files(&w), ["a.py", "lib/keep.py"]);
    }

    #[test]
    fn ignore_files_that_are_no_regular_files_are_refused_and_never_block() {
        let outside = tempfile::tempdir().unwrap();
        write(&outside.path().join("all.gitignore"), "*.py\n");
        let dir = tree(&["a.py", "fifo/b.py", "zero/c.py", "out/d.py", "big/e.py"]);
        let d = dir.path();
        mkfifo(&d.join(".gitignore"));
        symlink("/dev/zero", &d.join("zero/.gitignore"));
        symlink(
            outside.path().join("all.gitignore"),
            &d.join("out/.gitignore"),
        );
        mkfifo(&d.join("fifo/.ignore"));
        write(&d.join("big/.gitignore"), &"# x\n".repeat(300_000));
        std::fs::create_dir_all(d.join("big/.ignore")).unwrap();
        let root = d.to_path_buf();
        let w = bounded(move || walk(&root, &|_| true));
        assert_eq!(
            files(&w),
            ["a.py", "big/e.py", "fifo/b.py", "out/d.py", "zero/c.py"]
        );
        assert_eq!(
            rows(&w),
            [
                ".gitignore special_file (an ignore file; its rules are not applied)",
                "big/.gitignore too_large (an ignore file; its rules are not applied)",
                "big/.ignore/ hidden",
                "fifo/.ignore special_file (an ignore file; its rules are not applied)",
                "out/.gitignore symlink (an ignore file; its rules are not applied)",
                "zero/.gitignore symlink (an ignore file; its rules are not applied)",
            ]
        );
        let mut said = warnings(&w);
        said.sort();
        assert_eq!(
            said,
            [
                ".gitignore: a FIFO, not a regular file; not read; its ignore rules are not applied",
                "big/.gitignore: larger than 1 MiB; not read; its ignore rules are not applied",
                "fifo/.ignore: a FIFO, not a regular file; not read; its ignore rules are not applied",
                "out/.gitignore: a symbolic link; not followed; its ignore rules are not applied",
                "zero/.gitignore: a symbolic link; not followed; its ignore rules are not applied",
            ]
        );
    }

    #[test]
    fn hidden_entries_links_and_special_files_are_listed_never_entered() {
        let outside = tempfile::tempdir().unwrap();
        write(&outside.path().join("lib/x.py"), "x\n");
        let dir = tree(&[
            ".github/scripts/release.py",
            ".github/workflows/ci.yml",
            ".eslintrc.js",
            ".editorconfig",
            "pkg/real.py",
            "pkg/data.txt",
        ]);
        let d = dir.path();
        symlink("real.py", &d.join("pkg/link.py"));
        symlink("data.txt", &d.join("pkg/notes.txt"));
        symlink("pkg", &d.join("alias"));
        symlink(".", &d.join("self"));
        symlink(outside.path().join("lib"), &d.join("lib"));
        symlink("missing.py", &d.join("broken.py"));
        symlink("loop_b.py", &d.join("loop_a.py"));
        symlink("loop_a.py", &d.join("loop_b.py"));
        mkfifo(&d.join("pipe.py"));
        let _socket = std::os::unix::net::UnixListener::bind(d.join("sock")).unwrap();
        let w = walk(d, &|_| true);
        assert_eq!(files(&w), ["pkg/real.py"]);
        assert_eq!(
            rows(&w),
            [
                ".eslintrc.js hidden",
                ".github/ hidden",
                "alias/ symlink (to pkg; not followed)",
                "broken.py symlink (a broken link)",
                "lib/ symlink (to a path outside the root; not followed)",
                "loop_a.py symlink (a loop of links)",
                "loop_b.py symlink (a loop of links)",
                "pipe.py special_file (a FIFO; not read)",
                "pkg/link.py symlink (to pkg/real.py; not followed)",
                "self/ symlink (to the root; not followed)",
                "sock special_file (a socket; not read)",
            ]
        );
        assert!(w.warnings.is_empty(), "{:?}", warnings(&w));
    }

    #[test]
    fn files_gap_toml_leaves_out_are_listed_by_folder() {
        let dir = tree(&[
            "app/core.py",
            "app/migrations/0001.py",
            "app/migrations/0002.py",
            "app/legacy.py",
            "scripts/a/one.py",
            "scripts/two.py",
            "README.md",
        ]);
        let select = |rel: &str| {
            rel.starts_with("app/") && !rel.contains("/migrations/") && rel != "app/legacy.py"
        };
        let w = walk(dir.path(), &select);
        assert_eq!(files(&w), ["app/core.py"]);
        assert_eq!(
            rows(&w),
            [
                "app/legacy.py config",
                "app/migrations/ config (2 files)",
                "scripts/ config (2 files)"
            ]
        );
    }

    #[test]
    fn a_name_that_is_not_utf8_is_said_and_listed() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tree(&["ok.py"]);
        let d = dir.path();
        let bad = std::ffi::OsStr::from_bytes(b"caf\xe9");
        std::fs::write(d.join(bad).with_extension("py"), "x\n").unwrap();
        std::fs::create_dir(d.join(bad)).unwrap();
        std::fs::write(d.join(bad).join("in.py"), "x\n").unwrap();
        std::fs::write(d.join(bad).with_extension("txt"), "x\n").unwrap();
        let w = walk(d, &|_| true);
        assert_eq!(files(&w), ["ok.py"]);
        assert_eq!(
            rows(&w),
            ["caf\u{fffd}.py unreadable", "caf\u{fffd}/ unreadable"]
        );
        assert_eq!(
            warnings(&w),
            [
                "caf\u{fffd}: the name is not valid UTF-8; skipped",
                "caf\u{fffd}.py: the name is not valid UTF-8; skipped"
            ]
        );
    }

    #[test]
    fn a_file_swapped_for_a_fifo_after_the_walk_does_not_hang_the_read() {
        let dir = tree(&["a.py", "b.py"]);
        let w = walk(dir.path(), &|_| true);
        assert_eq!(files(&w), ["a.py", "b.py"]);
        std::fs::remove_file(dir.path().join("a.py")).unwrap();
        mkfifo(&dir.path().join("a.py"));
        let (sources, warnings, excluded) = bounded(move || {
            let (mut warnings, mut excluded) = (Vec::new(), Vec::new());
            let sources = crate::sources::read(w.files, &mut warnings, &mut excluded);
            (sources, warnings, excluded)
        });
        let read: Vec<&str> = sources.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(read, ["b.py"]);
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].message,
            "a FIFO, not a regular file; not read; skipped"
        );
        let listed: Vec<(&str, &str)> = excluded
            .iter()
            .map(|e| (e.path.as_str(), e.reason.as_str()))
            .collect();
        assert_eq!(listed, [("a.py", "special_file")]);
    }
}
