//! Plugins: `gap NAME ARGS` runs an executable `gap-NAME`, as cargo and git run theirs. Where a plugin is
//! looked up is a security boundary (docs/security.md, How plugins are found): beside the running `gap`
//! binary first, then in the `PATH` entries that are absolute and lie outside the tree gap works on, so a
//! repository cannot plant `gap-NAME` through a `node_modules/.bin`, `.` or empty entry of `PATH`. Plugins
//! found elsewhere are named, never run.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Every plugin's file name starts with this.
pub const PREFIX: &str = "gap-";

/// The binaries that ship as gap's built-in stages: never run or listed as plugins.
pub const STAGE_BINARIES: &[&str] = &["gap-scan", "gap-rank", "gap-report", "gap-merge"];

/// How long `gap --list` waits for a plugin's `--version`.
pub const VERSION_TIMEOUT: Duration = Duration::from_secs(1);

/// The most of a plugin's `--version` output read.
const VERSION_BYTES: u64 = 4096;

/// Why a folder of `PATH` is not searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A relative entry (an empty one means the current folder): it names a folder of whatever tree gap
    /// runs in.
    Relative,
    /// An absolute entry inside the tree gap works on.
    InsideTree,
}

impl Refusal {
    /// Why, in words, for messages.
    pub fn describe(self, tree: &Path) -> String {
        match self {
            Refusal::Relative => "a relative PATH entry".to_string(),
            Refusal::InsideTree => format!("inside the tree gap works on, {}", tree.display()),
        }
    }
}

/// A folder plugins are looked for in, or one that is named but refused.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Place {
    dir: PathBuf,
    refused: Option<Refusal>,
}

/// A plugin: its name (`owners`) and the executable that runs it (`.../gap-owners`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plugin {
    /// What follows `gap-` in its file name.
    pub name: String,
    /// Its executable.
    pub path: PathBuf,
}

/// A plugin that was found where plugins are never run from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The plugin.
    pub plugin: Plugin,
    /// Why it is not run.
    pub why: Refusal,
}

/// Where plugins are looked for, in order, and the places refused.
#[derive(Debug, Clone)]
pub struct Search {
    /// The tree gap works on, whose folders are never searched.
    pub tree: PathBuf,
    places: Vec<Place>,
}

/// The tree gap works on, seen from `dir`: the git work tree around it (the nearest folder at or above it that
/// holds `.git`; git itself is not run), else `dir` itself; canonical when it can be.
pub fn tree_of(dir: &Path) -> PathBuf {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    dir.ancestors()
        .find(|d| d.join(".git").symlink_metadata().is_ok())
        .unwrap_or(&dir)
        .to_path_buf()
}

impl Search {
    /// The search for a `gap` binary at `exe`, with `PATH` as `path_var` and `tree` the tree it works on
    /// (canonical): the folder of `exe` first, then each absolute `PATH` entry outside `tree`. Entries that do
    /// not exist are dropped; refused ones are kept to explain a plugin that does not run.
    pub fn new(exe: Option<&Path>, path_var: Option<&OsStr>, tree: &Path) -> Search {
        let mut places: Vec<Place> = Vec::new();
        if let Some(dir) = exe
            .and_then(Path::parent)
            .and_then(|d| d.canonicalize().ok())
        {
            places.push(Place { dir, refused: None });
        }
        for entry in path_var.map(std::env::split_paths).into_iter().flatten() {
            let place = if entry.is_relative() {
                Place {
                    dir: entry,
                    refused: Some(Refusal::Relative),
                }
            } else {
                let Ok(dir) = entry.canonicalize() else {
                    continue;
                };
                let refused = dir.starts_with(tree).then_some(Refusal::InsideTree);
                Place { dir, refused }
            };
            if !places.iter().any(|p| p.dir == place.dir) {
                places.push(place);
            }
        }
        Search {
            tree: tree.to_path_buf(),
            places,
        }
    }

    /// The search of this process: beside its own binary, then `PATH`, the tree being the git work tree
    /// around the current folder, or the current folder.
    pub fn from_env() -> Search {
        let exe = std::env::current_exe().ok();
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        Search::new(
            exe.as_deref(),
            std::env::var_os("PATH").as_deref(),
            &tree_of(&cwd),
        )
    }

    /// The plugin `name` runs: the first `gap-NAME` of the searched places. `Err` holds the places that
    /// have one but are refused (empty when there is none anywhere).
    pub fn find(&self, name: &str) -> Result<Plugin, Vec<Refused>> {
        let file = format!("{PREFIX}{name}");
        let mut refused = Vec::new();
        for place in &self.places {
            let path = place.dir.join(&file);
            if !is_executable(&path) {
                continue;
            }
            let plugin = Plugin {
                name: name.to_string(),
                path,
            };
            match place.refused {
                None => return Ok(plugin),
                Some(why) => refused.push(Refused { plugin, why }),
            }
        }
        Err(refused)
    }

    /// Every plugin that runs, by name (the first of each name wins), and every one found in a refused place.
    pub fn all(&self) -> (Vec<Plugin>, Vec<Refused>) {
        let mut found: BTreeMap<String, Plugin> = BTreeMap::new();
        let mut refused = Vec::new();
        for place in &self.places {
            for plugin in plugins_in(&place.dir) {
                match place.refused {
                    None => {
                        found.entry(plugin.name.clone()).or_insert(plugin);
                    }
                    Some(why) => refused.push(Refused { plugin, why }),
                }
            }
        }
        (found.into_values().collect(), refused)
    }
}

/// True when `path` is a regular file (after symbolic links) with an execute bit.
fn is_executable(path: &Path) -> bool {
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The plugins in `dir`, sorted by name: executables named `gap-NAME`, the stages' own binaries left out.
fn plugins_in(dir: &Path) -> Vec<Plugin> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut plugins: Vec<Plugin> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let file = e.file_name().into_string().ok()?;
            let name = file.strip_prefix(PREFIX)?;
            if name.is_empty() || STAGE_BINARIES.contains(&file.as_str()) {
                return None;
            }
            let path = e.path();
            is_executable(&path).then(|| Plugin {
                name: name.to_string(),
                path,
            })
        })
        .collect();
    plugins.sort_by(|a, b| a.name.cmp(&b.name));
    plugins
}

/// What a plugin said when asked `--version`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Version {
    /// Its version: the first line of its output, without its own name in front.
    Said(String),
    /// It printed nothing, or failed.
    Silent,
    /// It did not finish within the time and was killed, with whatever it started.
    TimedOut(Duration),
    /// It could not be started.
    Failed(String),
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Version::Said(v) => write!(f, "{}", gap_core::escape::line(v)),
            Version::Silent => write!(f, "(no version)"),
            Version::TimedOut(t) => write!(f, "(no answer within {} s)", t.as_secs_f64()),
            Version::Failed(e) => write!(f, "(cannot run: {})", gap_core::escape::line(e)),
        }
    }
}

/// Asks `plugin --version`, with no stdin and stderr discarded, waiting at most `timeout`; past it the
/// plugin's whole process group is killed, so a script's children go too.
pub fn version(plugin: &Plugin, timeout: Duration) -> Version {
    let child = Command::new(&plugin.path)
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => return Version::Failed(e.to_string()),
    };
    let mut stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    // A reader of its own: a child of the plugin may hold the pipe open after the plugin is killed.
    std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = (&mut stdout).take(VERSION_BYTES).read_to_end(&mut out);
        let _ = tx.send(out);
    });
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
            _ => {
                let group = rustix::process::Pid::from_child(&child);
                let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
                let _ = child.kill();
                let _ = child.wait();
                return Version::TimedOut(timeout);
            }
        }
    }
    let left = deadline.saturating_duration_since(Instant::now());
    let out = rx.recv_timeout(left).unwrap_or_default();
    let text = String::from_utf8_lossy(&out);
    let first = text.lines().next().unwrap_or("").trim();
    let file = format!("{PREFIX}{}", plugin.name);
    let said = first.strip_prefix(&file).unwrap_or(first).trim();
    if said.is_empty() {
        Version::Silent
    } else {
        Version::Said(said.to_string())
    }
}

/// The versions of `plugins`, asked all at once, in their order.
pub fn versions(plugins: &[Plugin], timeout: Duration) -> Vec<Version> {
    std::thread::scope(|s| {
        let asks: Vec<_> = plugins
            .iter()
            .map(|p| s.spawn(move || version(p, timeout)))
            .collect();
        asks.into_iter()
            .map(|a| a.join().unwrap_or(Version::Silent))
            .collect()
    })
}

/// What `gap` tells a plugin through its environment (docs/plugins.md).
#[derive(Debug, Clone)]
pub struct Environment {
    /// `GAP`: the gap binary that runs the plugin.
    pub gap: Option<PathBuf>,
    /// `GAP_ROOT`: the folder gap works on (the current folder, absolute).
    pub root: PathBuf,
    /// `GAP_COLOR`: whether to colour output, `always` or `never`, decided as gap-report decides it.
    pub color: bool,
}

impl Environment {
    /// The variables, by name.
    pub fn vars(&self) -> Vec<(&'static str, OsString)> {
        let mut vars = vec![
            ("GAP_VERSION", OsString::from(env!("CARGO_PKG_VERSION"))),
            ("GAP_ROOT", self.root.clone().into_os_string()),
            (
                "GAP_COLOR",
                OsString::from(if self.color { "always" } else { "never" }),
            ),
        ];
        if let Some(gap) = &self.gap {
            vars.push(("GAP", gap.clone().into_os_string()));
        }
        vars
    }
}

/// Runs `plugin` with `args` in place of this process (stdin, stdout, stderr, signals and the exit code are
/// the plugin's). Returns only when it cannot be started.
pub fn exec(plugin: &Plugin, args: &[OsString], env: &Environment) -> anyhow::Error {
    let err = Command::new(&plugin.path)
        .args(args)
        .envs(env.vars())
        .exec();
    anyhow::Error::new(err).context(format!("cannot run {}", plugin.path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn executable(path: &Path, body: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    #[test]
    fn relative_empty_and_in_tree_entries_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let tmp = tmp.path().canonicalize().unwrap();
        let tree = tmp.join("repo");
        let planted = tree.join("node_modules/.bin");
        let trusted = tmp.join("bin");
        let gap_dir = tmp.join("gap/bin");
        executable(&planted.join("gap-x"), "#!/bin/sh\n");
        executable(&trusted.join("gap-x"), "#!/bin/sh\n");
        executable(&trusted.join("gap-y"), "#!/bin/sh\n");
        executable(&trusted.join("gap-scan"), "#!/bin/sh\n");
        std::fs::write(trusted.join("gap-notexec"), "").unwrap();
        executable(&gap_dir.join("gap-y"), "#!/bin/sh\n");
        let path_var = std::env::join_paths([
            planted.clone(),
            PathBuf::from(""),
            PathBuf::from("node_modules/.bin"),
            trusted.clone(),
            tmp.join("missing"),
        ])
        .unwrap();
        let search = Search::new(Some(&gap_dir.join("gap")), Some(&path_var), &tree);
        assert_eq!(search.find("x").unwrap().path, trusted.join("gap-x"));
        assert_eq!(
            search.find("y").unwrap().path,
            gap_dir.join("gap-y"),
            "beside gap first"
        );
        let (plugins, refused) = search.all();
        let names: Vec<_> = plugins.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            ["x", "y"],
            "stages and non-executables are no plugins"
        );
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].plugin.path, planted.join("gap-x"));
        assert_eq!(refused[0].why, Refusal::InsideTree);

        let only_planted = std::env::join_paths([planted.clone()]).unwrap();
        let search = Search::new(None, Some(&only_planted), &tree);
        let refused = search.find("x").unwrap_err();
        assert_eq!(refused[0].why, Refusal::InsideTree);
        assert!(search.find("nothing").unwrap_err().is_empty());
    }

    #[test]
    fn the_tree_is_the_git_work_tree_around_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let tmp = tmp.path().canonicalize().unwrap();
        std::fs::create_dir_all(tmp.join("repo/.git")).unwrap();
        std::fs::create_dir_all(tmp.join("repo/backend/app")).unwrap();
        std::fs::create_dir_all(tmp.join("plain/sub")).unwrap();
        assert_eq!(tree_of(&tmp.join("repo/backend/app")), tmp.join("repo"));
        assert_eq!(tree_of(&tmp.join("plain/sub")), tmp.join("plain/sub"));
    }

    #[test]
    fn a_version_is_read_without_the_name_and_a_silent_plugin_is_killed() {
        let tmp = tempfile::tempdir().unwrap();
        let plugin = |name: &str, body: &str| {
            let path = tmp.path().join(format!("gap-{name}"));
            executable(&path, body);
            Plugin {
                name: name.to_string(),
                path,
            }
        };
        let said = plugin("said", "#!/bin/sh\necho 'gap-said 1.2.3'\necho more\n");
        let bare = plugin("bare", "#!/bin/sh\necho 'v9'\n");
        let mute = plugin("mute", "#!/bin/sh\nexit 3\n");
        let slow = plugin("slow", "#!/bin/sh\nsleep 30 &\nwait\n");
        let started = Instant::now();
        let got = versions(&[said, bare, mute, slow], Duration::from_millis(300));
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(
            got,
            [
                Version::Said("1.2.3".into()),
                Version::Said("v9".into()),
                Version::Silent,
                Version::TimedOut(Duration::from_millis(300)),
            ]
        );
    }
}
