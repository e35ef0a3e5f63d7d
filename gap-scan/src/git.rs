//! The one way gap runs git. The scanned tree is untrusted, and git reads the tree's own `.git/config`, which can
//! name programs for git to start (a signature verifier, an fsmonitor, a diff driver, a pager, a credential
//! helper, a transport). Every git process gap starts goes through [`Git::run`], which:
//!
//! - overrides on the command line ([`OVERRIDES`], [`GLOBAL_FLAGS`]) every setting git reads from a
//!   repository's config that could start a program, and refuses implicit bare repositories;
//! - drops every `GIT_*` variable of the environment (`GIT_DIR`, `GIT_WORK_TREE` would credit the tree with
//!   another repository's history; `GIT_EXEC_PATH`, `GIT_SSH_COMMAND`... would start programs) and sets
//!   [`ENVIRONMENT`]: no system config, no optional locks (git writes nothing), no lazy fetch, no prompt;
//! - finds `git` only in absolute `PATH` entries (a `git` in the scanned folder never runs);
//! - gives git no stdin and bounds it in time ([`TIMEOUT`]) and output ([`MAX_OUTPUT`]), killing it past either;
//! - says in plain words why git did not answer: not installed, not a repository, refused for ownership,
//!   timed out, too much output.
//!
//! docs/security.md lists each override and why.

use std::ffi::OsString;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

/// How long one git process may run.
pub const TIMEOUT: Duration = Duration::from_secs(120);

/// How many bytes one git process may print on stdout.
pub const MAX_OUTPUT: u64 = 256 << 20;

/// Test-only: the time cap in milliseconds, so a test of a git that never answers ends in a moment.
pub const TIMEOUT_VAR: &str = "GAP_TEST_GIT_TIMEOUT_MS";

/// Test-only: the output cap in bytes.
pub const MAX_OUTPUT_VAR: &str = "GAP_TEST_GIT_MAX_OUTPUT";

/// `-c` overrides given to every git command: each setting a repository's config could use to make git start a
/// program, read a file it would not otherwise, or change what gap parses.
pub const OVERRIDES: &[&str] = &[
    // Signature verification runs gpg.program / gpg.<format>.program / gpg.ssh.* (with --no-show-signature).
    "log.showSignature=false",
    // The file-system monitor is a program (or a daemon) git starts on index reads.
    "core.fsmonitor=false",
    // Hooks: none of gap's commands fires one; pointed at nothing all the same.
    "core.hooksPath=/dev/null",
    // Pagers: also --no-pager.
    "core.pager=cat",
    // External diff programs (also --no-ext-diff; textconv drivers: --no-textconv).
    "diff.external=",
    // Credential helpers and transports run programs only when git talks to a remote; a partial clone would
    // fetch missing objects lazily (also GIT_NO_LAZY_FETCH=1). Every transport is refused, each by name because
    // a repository's `protocol.<name>.allow` outranks `protocol.allow`.
    "credential.helper=",
    "core.askPass=",
    "core.sshCommand=",
    "core.gitProxy=",
    "protocol.allow=never",
    "protocol.file.allow=never",
    "protocol.git.allow=never",
    "protocol.ssh.allow=never",
    "protocol.http.allow=never",
    "protocol.https.allow=never",
    "protocol.ext.allow=never",
    // A folder laid out as a bare repository is used only when named, never found by discovery.
    "safe.bareRepository=explicit",
    // Background maintenance after a command.
    "gc.auto=0",
    "maintenance.auto=false",
    // What gap parses: raw e-mails (no .mailmap file read), no colour codes, UTF-8 text, unquoted names.
    "log.mailmap=false",
    "color.ui=never",
    "i18n.logOutputEncoding=UTF-8",
    "core.quotePath=false",
];

/// Options given before the git command.
pub const GLOBAL_FLAGS: &[&str] = &["--no-pager", "--no-replace-objects"];

/// Variables set for every git process, after every `GIT_*` variable of gap's own environment is dropped.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    // No /etc/gitconfig; the user's own ~/.gitconfig stays (it holds safe.directory).
    ("GIT_CONFIG_NOSYSTEM", "1"),
    // Git writes nothing into the repository (no index refresh).
    ("GIT_OPTIONAL_LOCKS", "0"),
    // A partial clone does not fetch missing objects from its remote.
    ("GIT_NO_LAZY_FETCH", "1"),
    ("GIT_TERMINAL_PROMPT", "0"),
    // Messages in English, so the refusals below are recognised.
    ("LC_ALL", "C"),
    ("LANGUAGE", ""),
];

/// Flags for `git log` that keep programs from starting whatever the config says.
pub const LOG_FLAGS: &[&str] = &[
    "--no-show-signature",
    "--no-ext-diff",
    "--no-textconv",
    "--no-color",
];

/// Why git gave no answer.
#[derive(Debug)]
pub enum GitError {
    /// No `git` in an absolute `PATH` entry.
    Missing,
    /// The folder is in no git repository.
    NotARepository,
    /// Git refuses a repository owned by another user (its `safe.directory` rule).
    DubiousOwnership {
        /// The repository git names.
        path: String,
    },
    /// Git ran longer than the cap and was stopped.
    TimedOut(Duration),
    /// Git printed more than the cap and was stopped.
    TooMuchOutput(u64),
    /// Git could not be started or read.
    Io(std::io::Error),
    /// Git failed otherwise: its first line of error.
    Failed(String),
}

impl fmt::Display for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GitError::Missing => write!(f, "git is not installed (no git on PATH)"),
            GitError::NotARepository => write!(f, "not in a git repository"),
            GitError::DubiousOwnership { path } => write!(
                f,
                "git refuses the repository at {path}: it belongs to another user (git's safe.directory rule; \
                 `git config --global --add safe.directory PATH` trusts it)"
            ),
            GitError::TimedOut(cap) => {
                write!(f, "git did not finish within {} s and was stopped", cap.as_secs_f64())
            }
            GitError::TooMuchOutput(cap) => {
                write!(f, "git printed more than {cap} bytes and was stopped")
            }
            GitError::Io(e) => write!(f, "cannot run git: {e}"),
            GitError::Failed(message) => write!(f, "git failed: {message}"),
        }
    }
}

impl std::error::Error for GitError {}

/// Git, run on one folder with the caps in force.
#[derive(Debug, Clone)]
pub struct Git {
    /// The folder git runs in (`git -C`).
    pub root: PathBuf,
    /// The time cap.
    pub timeout: Duration,
    /// The output cap in bytes.
    pub max_output: u64,
}

/// The first `git` in an absolute entry of `path` (a `PATH` value).
fn find_program(path: Option<OsString>) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    std::env::split_paths(&path?)
        .filter(|dir| dir.is_absolute())
        .map(|dir| dir.join("git"))
        .find(|p| {
            p.metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

/// A cap from the test-only variable `name`, else `default`.
fn cap_from_env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

impl Git {
    /// Git on `root` with the default caps (or the test-only variables' values).
    pub fn new(root: &Path) -> Self {
        Git {
            root: root.to_path_buf(),
            timeout: Duration::from_millis(cap_from_env(TIMEOUT_VAR, TIMEOUT.as_millis() as u64)),
            max_output: cap_from_env(MAX_OUTPUT_VAR, MAX_OUTPUT),
        }
    }

    /// Every argument after `git` for the command `args`: global flags, `-C ROOT`, the overrides, `args`.
    pub fn arguments(&self, args: &[&str]) -> Vec<OsString> {
        let mut out: Vec<OsString> = GLOBAL_FLAGS.iter().map(OsString::from).collect();
        out.push("-C".into());
        out.push(self.root.clone().into_os_string());
        for o in OVERRIDES {
            out.push("-c".into());
            out.push(o.into());
        }
        out.extend(args.iter().map(OsString::from));
        out
    }

    /// Runs `git ARGS` and returns its stdout. Err: why there is none.
    pub fn run(&self, args: &[&str]) -> Result<Vec<u8>, GitError> {
        let program = find_program(std::env::var_os("PATH")).ok_or(GitError::Missing)?;
        let mut command = Command::new(program);
        command.args(self.arguments(args));
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("GIT_") {
                command.env_remove(name);
            }
        }
        command.envs(ENVIRONMENT.iter().copied());
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => GitError::Missing,
                _ => GitError::Io(e),
            })?;
        let overflow = Arc::new(AtomicBool::new(false));
        let (out_tx, out_rx) = mpsc::channel();
        let (err_tx, err_rx) = mpsc::channel();
        let stdout = child.stdout.take();
        let stderr = child.stderr.take();
        let max = self.max_output;
        let flag = Arc::clone(&overflow);
        // Readers are never joined: if git is stopped while a process it started still holds the pipe, gap
        // does not wait for that process.
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let result = stdout
                .map(|s| s.take(max.saturating_add(1)).read_to_end(&mut buf))
                .transpose();
            if buf.len() as u64 > max {
                flag.store(true, Ordering::SeqCst);
            }
            let _ = out_tx.send(result.map(|_| buf));
        });
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(s) = stderr {
                let _ = s.take(64 << 10).read_to_end(&mut buf);
            }
            let _ = err_tx.send(buf);
        });
        let deadline = Instant::now() + self.timeout;
        let mut pause = Duration::from_millis(1);
        let status = loop {
            if overflow.load(Ordering::SeqCst) {
                let _ = child.kill();
                let _ = child.wait();
                return Err(GitError::TooMuchOutput(self.max_output));
            }
            match child.try_wait().map_err(GitError::Io)? {
                Some(status) => break status,
                None if Instant::now() >= deadline => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(GitError::TimedOut(self.timeout));
                }
                None => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(20));
                }
            }
        };
        let left = deadline.saturating_duration_since(Instant::now());
        let out = out_rx
            .recv_timeout(left)
            .map_err(|_| GitError::TimedOut(self.timeout))?
            .map_err(GitError::Io)?;
        if overflow.load(Ordering::SeqCst) {
            return Err(GitError::TooMuchOutput(self.max_output));
        }
        if status.success() {
            return Ok(out);
        }
        let err = err_rx
            .recv_timeout(Duration::from_millis(100))
            .unwrap_or_default();
        Err(refusal(&String::from_utf8_lossy(&err)))
    }
}

/// The error git's stderr describes.
fn refusal(stderr: &str) -> GitError {
    if stderr.contains("dubious ownership") {
        let path = stderr
            .split_once("repository at '")
            .and_then(|(_, rest)| rest.split_once('\''))
            .map_or("?", |(path, _)| path);
        return GitError::DubiousOwnership {
            path: path.to_string(),
        };
    }
    if stderr.contains("not a git repository") {
        return GitError::NotARepository;
    }
    let first = stderr
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("no message");
    GitError::Failed(
        first
            .strip_prefix("fatal: ")
            .or_else(|| first.strip_prefix("error: "))
            .unwrap_or(first)
            .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_told_apart() {
        let owned = "fatal: detected dubious ownership in repository at '/srv/x'\n\
                     To add an exception for this directory, call:\n";
        assert_eq!(
            refusal(owned).to_string(),
            "git refuses the repository at /srv/x: it belongs to another user (git's safe.directory rule; \
             `git config --global --add safe.directory PATH` trusts it)"
        );
        assert!(matches!(
            refusal("fatal: not a git repository (or any of the parent directories): .git\n"),
            GitError::NotARepository
        ));
        assert_eq!(
            refusal("\nfatal: bad revision 'x'\nmore\n").to_string(),
            "git failed: bad revision 'x'"
        );
    }

    #[test]
    fn only_absolute_path_entries_are_searched() {
        let dir = tempfile::tempdir().unwrap();
        let fake = dir.path().join("git");
        std::fs::write(&fake, "#!/bin/sh\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        let relative = OsString::from(".:bin");
        assert_eq!(find_program(Some(relative)), None);
        let path = std::env::join_paths([Path::new("relative"), dir.path()]).unwrap();
        assert_eq!(find_program(Some(path)), Some(fake));
        assert_eq!(find_program(None), None);
    }

    #[test]
    fn every_override_is_given_before_the_command() {
        let git = Git::new(Path::new("/r"));
        let args: Vec<String> = git
            .arguments(&["log"])
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            &args[..4],
            ["--no-pager", "--no-replace-objects", "-C", "/r"]
        );
        assert_eq!(args.last().map(String::as_str), Some("log"));
        assert!(args
            .windows(2)
            .any(|w| w[0] == "-c" && w[1] == "log.showSignature=false"));
        assert!(args
            .windows(2)
            .any(|w| w[0] == "-c" && w[1] == "core.fsmonitor=false"));
    }
}
