//! Change history from git: how often each file changed in a window before the newest commit, by how many
//! authors, and how long ago it last changed. Git runs through [`crate::git`], so the tree's own config
//! cannot start a program; names come NUL-separated (`-z`), so no file name is lost to quoting or newlines.
//!
//! The commit that adds a file is not a change of it (a file added once and never touched has 0 commits). A
//! shallow clone (the default checkout of most CI systems) holds too little history to count: it is said in
//! the note and history is left out, rather than crediting every file with the one commit it sees.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::git::{Git, LOG_FLAGS};

/// Seconds in a day.
const DAY: i64 = 86_400;

/// What git says about one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileHistory {
    /// Commits in the window that changed it, the one that added it excepted.
    pub commits: u64,
    /// Their distinct author e-mails.
    pub authors: BTreeSet<String>,
    /// Unix time of its newest such commit.
    pub last: i64,
}

/// The history of a tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TreeHistory {
    /// Unix time of the newest commit (the window ends there, so the same repository gives the same figures).
    pub head_time: i64,
    /// Per path relative to the scanned root.
    pub files: HashMap<String, FileHistory>,
}

/// `git ARGS` as text, its failure as a note.
fn text(git: &Git, args: &[&str]) -> Result<String, String> {
    git.run(args)
        .map(|out| String::from_utf8_lossy(&out).into_owned())
        .map_err(|e| format!("{e}; history skipped"))
}

/// The first second of a window of `window_days` ending at `head_time`, saturating (no window reaches before
/// the epoch; git records no earlier commit).
fn window_start(head_time: i64, window_days: u64) -> i64 {
    let days = i64::try_from(window_days).unwrap_or(i64::MAX);
    head_time.saturating_sub(days.saturating_mul(DAY)).max(0)
}

/// Reads `window_days` of history before the newest commit of the repository holding `root`. Err: why there is
/// none (not a repository, no commits, a shallow clone, git missing, refused or stopped), as a note for the
/// document. The window is read by two `git log` processes at once, each for half of it.
pub fn read(root: &Path, window_days: u64) -> Result<TreeHistory, String> {
    let git = Git::new(root);
    let facts = text(
        &git,
        &["rev-parse", "--show-prefix", "--is-shallow-repository"],
    )?;
    let mut lines = facts.lines();
    let prefix = lines.next().unwrap_or_default().to_string();
    if lines.next() == Some("true") {
        return Err("a shallow clone: too little history to count changes; history skipped (fetch the whole \
                    history, e.g. `git fetch --unshallow` or `fetch-depth: 0` in CI)"
            .to_string());
    }
    let head = git.run(&["log", "-1", "--format=%ct", "--no-show-signature"]);
    let head_time: i64 = head
        .ok()
        .and_then(|h| String::from_utf8_lossy(&h).trim().parse().ok())
        .ok_or_else(|| "the repository has no commits; history skipped".to_string())?;
    let since = window_start(head_time, window_days);
    let middle = since + (head_time - since) / 2;
    let in_subfolder = !prefix.is_empty();
    let log = |from: i64, until: Option<i64>| {
        let mut args: Vec<String> = ["log", "-z", "--format=%x1e%at%x1f%ae", "--name-status"]
            .iter()
            .chain(LOG_FLAGS)
            .chain(&["--no-renames", "--diff-merges=off"])
            .map(|s| s.to_string())
            .collect();
        if from > 0 {
            args.push(format!("--since={from}"));
        }
        if let Some(u) = until {
            args.push(format!("--until={u}"));
        }
        if in_subfolder {
            args.extend(["--relative".to_string(), "--".to_string(), ".".to_string()]);
        } else {
            args.push("--no-relative".to_string());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        git.run(&args).map_err(|e| format!("{e}; history skipped"))
    };
    // Newer half: commits after `middle`; older half: up to it (git's --until is inclusive, --since too, so
    // the older half stops one second before).
    let (newer, older) = std::thread::scope(|s| {
        let newer = s.spawn(|| log(middle, None));
        let older = log(since, Some(middle - 1));
        (
            newer
                .join()
                .unwrap_or_else(|_| Err("git log failed; history skipped".into())),
            older,
        )
    });
    let mut files: HashMap<String, FileHistory> = HashMap::new();
    for out in [newer?, older?] {
        add_log(&out, &mut files);
    }
    Ok(TreeHistory { head_time, files })
}

/// Adds the commits of one `git log -z --format=%x1e%at%x1f%ae --name-status` output to `files`. Fields are
/// NUL-separated: a header `\x1eTIME\x1fEMAIL`, then pairs of a status (`M`, `A`, `D`, `T`...) and a path. A
/// path is always read right after its status, so no byte a name may hold (newline, `\x1e`) is taken for
/// structure.
fn add_log(out: &[u8], files: &mut HashMap<String, FileHistory>) {
    let mut fields = out.split(|&b| b == 0);
    let (mut time, mut author) = (0i64, String::new());
    while let Some(field) = fields.next() {
        if let Some(header) = field.strip_prefix(b"\x1e") {
            let header = String::from_utf8_lossy(header);
            let (t, a) = header.split_once('\x1f').unwrap_or((&header, ""));
            time = t.trim().parse().unwrap_or(0);
            author = a.to_string();
            continue;
        }
        let status = field.strip_prefix(b"\n").unwrap_or(field);
        let Some(path) = fields.next() else { break };
        if status.is_empty() || status.starts_with(b"A") || status.starts_with(b"D") {
            continue; // an added file has not changed yet; a deleted one is no module
        }
        let path = String::from_utf8_lossy(path);
        let h = match files.get_mut(path.as_ref()) {
            Some(h) => h,
            None => files.entry(path.into_owned()).or_default(),
        };
        h.commits = h.commits.saturating_add(1);
        if !h.authors.contains(&author) {
            h.authors.insert(author.clone());
        }
        h.last = h.last.max(time);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn sh(dir: &Path, args: &[&str], env: &[(&str, &str)]) {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .envs(env.iter().copied())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Appends a line to `file` (creating it) and commits it as `author`, `days_ago_from_base` days before the
    /// base time.
    fn commit(dir: &Path, file: &str, author: &str, days_ago_from_base: i64) {
        let base = 1_700_000_000i64;
        let when = format!("{} +0000", base - days_ago_from_base * 86_400);
        std::fs::create_dir_all(dir.join(file).parent().unwrap()).unwrap();
        let old = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
        std::fs::write(dir.join(file), format!("{old}x\n")).unwrap();
        sh(dir, &["add", "."], &[]);
        let email = format!("{author}@example.com");
        let env = [
            ("GIT_AUTHOR_NAME", author),
            ("GIT_AUTHOR_EMAIL", email.as_str()),
            ("GIT_AUTHOR_DATE", when.as_str()),
            ("GIT_COMMITTER_NAME", author),
            ("GIT_COMMITTER_EMAIL", email.as_str()),
            ("GIT_COMMITTER_DATE", when.as_str()),
        ];
        sh(dir, &["commit", "-q", "-m", "change"], &env);
    }

    fn repository() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        sh(dir.path(), &["init", "-q"], &[]);
        dir
    }

    #[test]
    fn counts_commits_authors_and_recency_in_the_window() {
        let dir = repository();
        let d = dir.path();
        commit(d, "app/old.py", "ann", 300);
        commit(d, "app/old.py", "ann", 200); // outside a 90-day window
        commit(d, "app/hot.py", "ann", 40); // adds it: not a change
        commit(d, "app/hot.py", "ann", 30);
        commit(d, "app/hot.py", "bob", 10);
        commit(d, "lib/x.py", "cid", 5);
        commit(d, "lib/x.py", "cid", 4);
        commit(d, "app/hot.py", "ann", 0);
        let h = read(d, 90).unwrap();
        assert_eq!(h.head_time, 1_700_000_000);
        let hot = &h.files["app/hot.py"];
        assert_eq!(
            (hot.commits, hot.authors.len(), hot.last),
            (3, 2, 1_700_000_000)
        );
        assert!(!h.files.contains_key("app/old.py"));
        assert_eq!(h.files["lib/x.py"].commits, 1);
        // From a subfolder, paths are relative to it and other folders are out.
        let sub = read(&d.join("app"), 90).unwrap();
        assert_eq!(sub.files["hot.py"].commits, 3);
        assert!(!sub.files.contains_key("lib/x.py") && !sub.files.contains_key("../lib/x.py"));
        assert_eq!(read(d, 365).unwrap().files["app/old.py"].commits, 1);
    }

    #[test]
    fn the_commit_that_adds_a_file_is_not_churn() {
        let dir = repository();
        let d = dir.path();
        commit(d, "new.py", "ann", 1);
        commit(d, "other.py", "ann", 0);
        let h = read(d, 90).unwrap();
        assert!(h.files.is_empty(), "{:?}", h.files);
    }

    #[test]
    fn names_with_non_ascii_bytes_newlines_and_separators_keep_their_history() {
        let dir = repository();
        let d = dir.path();
        let names = [
            "app/é_ü.py",
            "app/new\nline.py",
            "app/sep\u{1e}\u{1f}.py",
            "app/tab\t\"q\".py",
        ];
        for name in names {
            commit(d, name, "ann", 3);
            commit(d, name, "bob", 2);
        }
        let h = read(d, 90).unwrap();
        for name in names {
            let f = h
                .files
                .get(name)
                .unwrap_or_else(|| panic!("{name:?} lost: {:?}", h.files));
            assert_eq!((f.commits, f.authors.len()), (1, 1), "{name:?}");
        }
        assert_eq!(h.files.len(), names.len(), "{:?}", h.files);
    }

    #[test]
    fn a_window_of_any_size_reads_the_history_it_covers() {
        let dir = repository();
        let d = dir.path();
        commit(d, "a.py", "ann", 10_000);
        commit(d, "a.py", "ann", 9_000);
        for days in [
            u64::MAX,
            i64::MAX as u64,
            (i64::MAX / 86_400) as u64 + 1,
            36_500,
        ] {
            let h = read(d, days).unwrap();
            assert_eq!(h.files["a.py"].commits, 1, "window {days}");
        }
        assert_eq!(window_start(1_700_000_000, u64::MAX), 0);
        assert_eq!(window_start(1_700_000_000, 1), 1_700_000_000 - 86_400);
    }

    #[test]
    fn a_shallow_clone_is_said_and_its_history_left_out() {
        let dir = repository();
        let d = dir.path();
        commit(d, "a.py", "ann", 3);
        commit(d, "a.py", "ann", 2);
        commit(d, "a.py", "ann", 1);
        let clone = tempfile::tempdir().unwrap();
        let url = format!("file://{}", d.display());
        let target = clone.path().join("c");
        let out = Command::new("git")
            .args(["clone", "-q", "--depth", "1", &url])
            .arg(&target)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let note = read(&target, 90).unwrap_err();
        assert!(note.starts_with("a shallow clone: "), "{note}");
        assert!(note.contains("history skipped"), "{note}");
        assert_eq!(read(d, 90).unwrap().files["a.py"].commits, 2);
    }

    #[test]
    fn no_repository_is_a_note_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            read(dir.path(), 90).unwrap_err(),
            "not in a git repository; history skipped"
        );
        sh(dir.path(), &["init", "-q"], &[]);
        assert_eq!(
            read(dir.path(), 90).unwrap_err(),
            "the repository has no commits; history skipped"
        );
    }

    #[test]
    fn the_log_parser_takes_each_path_right_after_its_status() {
        let mut files = HashMap::new();
        let out = b"\x1e100\x1fa@x\0\nM\0\x1enot-a-header.py\0A\0added.py\0\x1e90\x1fb@x\0\x1e80\x1fc@x\0\nM\0m.py\0T\0\x1enot-a-header.py\0";
        add_log(out, &mut files);
        let odd = &files["\u{1e}not-a-header.py"];
        assert_eq!((odd.commits, odd.last), (2, 100));
        assert_eq!(files["m.py"].authors.iter().collect::<Vec<_>>(), ["c@x"]);
        assert!(!files.contains_key("added.py"));
        assert_eq!(files.len(), 2);
    }
}
