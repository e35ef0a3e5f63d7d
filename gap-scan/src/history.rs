//! Change history from git: how often each file changed in a window before the newest commit, by how many
//! authors, and how long ago it last changed. One `git log` for the whole tree.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::Command;

/// What git says about one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileHistory {
    /// Commits in the window that touched it.
    pub commits: u64,
    /// Their distinct author e-mails.
    pub authors: BTreeSet<String>,
    /// Unix time of its newest commit in the window.
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

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        let msg = String::from_utf8_lossy(&out.stderr);
        return Err(msg
            .lines()
            .next()
            .unwrap_or("git failed")
            .trim()
            .to_string());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Reads `window_days` of history before the newest commit of the repository holding `root`. Err: why there is
/// none (not a repository, no commits, no git), as a note for the document. The window is read by two `git log`
/// processes at once, each for half of it.
pub fn read(root: &Path, window_days: u64) -> Result<TreeHistory, String> {
    let prefix = git(root, &["rev-parse", "--show-prefix"]).map_err(|e| {
        if e.starts_with("cannot run git") {
            format!("{e}; history skipped")
        } else {
            "not in a git repository; history skipped".to_string()
        }
    })?;
    let head = git(root, &["log", "-1", "--format=%ct"])
        .map_err(|_| "the repository has no commits; history skipped".to_string())?;
    let head_time: i64 = head
        .trim()
        .parse()
        .map_err(|_| "the repository has no commits; history skipped".to_string())?;
    let since = head_time - (window_days as i64) * 86_400;
    let middle = since + (head_time - since) / 2;
    let in_subfolder = !prefix.trim().is_empty();
    let log = |from: i64, until: Option<i64>| {
        let mut args = vec![
            "log".to_string(),
            format!("--since={from}"),
            "--format=%x1e%at%x1f%ae".to_string(),
            "--name-only".to_string(),
            "--no-renames".to_string(),
        ];
        if let Some(u) = until {
            args.push(format!("--until={u}"));
        }
        if in_subfolder {
            args.extend(["--relative".to_string(), "--".to_string(), ".".to_string()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        git(root, &args)
    };
    // Newer half: commits after `middle`; older half: up to it (git's --until is inclusive, --since too, so
    // the older half stops one second before).
    let (newer, older) = std::thread::scope(|s| {
        let newer = s.spawn(|| log(middle, None));
        let older = log(since, Some(middle - 1));
        (
            newer
                .join()
                .unwrap_or_else(|_| Err("git log failed".into())),
            older,
        )
    });
    let mut files: HashMap<String, FileHistory> = HashMap::new();
    for text in [newer?, older?] {
        for record in text.split('\u{1e}').skip(1) {
            let mut lines = record.lines();
            let header = lines.next().unwrap_or_default();
            let (time, author) = header.split_once('\u{1f}').unwrap_or((header, ""));
            let time: i64 = time.trim().parse().unwrap_or(0);
            for path in lines.map(str::trim).filter(|l| !l.is_empty()) {
                let h = match files.get_mut(path) {
                    Some(h) => h,
                    None => files.entry(path.to_string()).or_default(),
                };
                h.commits += 1;
                if !h.authors.contains(author) {
                    h.authors.insert(author.to_string());
                }
                h.last = h.last.max(time);
            }
        }
    }
    Ok(TreeHistory { head_time, files })
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn counts_commits_authors_and_recency_in_the_window() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        sh(d, &["init", "-q"], &[]);
        commit(d, "app/old.py", "ann", 200); // outside a 90-day window
        commit(d, "app/hot.py", "ann", 30);
        commit(d, "app/hot.py", "bob", 10);
        commit(d, "lib/x.py", "cid", 5);
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
}
