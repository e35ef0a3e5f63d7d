//! `gap`, the front command, as a user runs it: the pipeline on a folder, each stage, plugins on PATH (and those
//! it must not run), the example plugins, completions, man pages and versions.

use std::ffi::OsString;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{bin, output_of, repo_root, run, Tree};

/// A small Python project: one tested module, one untested module with a sensitive name (CRITICAL).
fn project() -> Tree {
    Tree::new()
        .file("app/__init__.py", "")
        .file(
            "app/calc.py",
            r#"
            def add(a, b):
                return a + b
            "#,
        )
        .file(
            "app/auth_service.py",
            r#"
            def login(user, password):
                if not user:
                    raise ValueError("no user")
                return user == password


            def logout(user):
                return None
            "#,
        )
        .file(
            "tests/test_calc.py",
            r#"
            from app.calc import add


            def test_add():
                assert add(1, 2) == 3
            "#,
        )
}

/// A command line of `gap` (or another binary) to run, with its folder, environment and stdin.
struct Run {
    cmd: Command,
    stdin: Vec<u8>,
}

impl Run {
    fn of(name: &str, args: &[&str]) -> Run {
        let mut cmd = Command::new(bin(name));
        cmd.args(args).env("NO_COLOR", "1").env_remove("GAP_ROOT");
        Run {
            cmd,
            stdin: Vec::new(),
        }
    }

    fn gap(args: &[&str]) -> Run {
        Run::of("gap", args)
    }

    fn cwd(mut self, dir: &Path) -> Run {
        self.cmd.current_dir(dir);
        self
    }

    /// `PATH` made of `dirs` (strings, so relative and empty entries can be given) then the system's folders.
    fn path(mut self, dirs: &[&str]) -> Run {
        let mut all: Vec<OsString> = dirs.iter().map(OsString::from).collect();
        all.extend(["/usr/local/bin", "/usr/bin", "/bin"].map(OsString::from));
        self.cmd.env("PATH", all.join(std::ffi::OsStr::new(":")));
        self
    }

    fn stdin(mut self, bytes: &[u8]) -> Run {
        self.stdin = bytes.to_vec();
        self
    }

    fn output(self) -> Output {
        output_of(self.cmd, &self.stdin)
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 stdout")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts success and gives stdout.
fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        stderr(&out)
    );
    stdout(&out)
}

/// Asserts the run failed with exit code 2 and nothing on stdout, and gives stderr.
fn refused(out: Output) -> String {
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "{}", stdout(&out));
    stderr(&out)
}

/// An executable script at `path`.
fn script(path: &Path, body: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, body).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn text(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Every binary the workspace installs.
const BINARIES: [&str; 6] = [
    "gap",
    "gap-scan",
    "gap-rank",
    "gap-report",
    "gap-merge",
    "gap-owners",
];

#[test]
fn each_stage_runs_with_its_own_binarys_flags() {
    let tree = project();
    let root = text(tree.path());
    let scanned = ok(run("gap-scan", &["--no-history", root], b""));
    assert_eq!(
        ok(Run::gap(&["scan", "--no-history", root]).output()),
        scanned
    );
    let ranked = ok(run("gap-rank", &[], scanned.as_bytes()));
    assert_eq!(
        ok(Run::gap(&["rank"]).stdin(scanned.as_bytes()).output()),
        ranked
    );
    let args = ["--format", "markdown", "--top", "1", "--detail", "full"];
    let report = ok(run("gap-report", &args, ranked.as_bytes()));
    let mut with = vec!["report"];
    with.extend(args);
    assert_eq!(
        ok(Run::gap(&with).stdin(ranked.as_bytes()).output()),
        report
    );
    assert!(report.contains("`auth_service.py`"), "{report}");
    // A flag only one stage has, and the stage's own usage error.
    let config = ok(Run::gap(&["scan", "--print-config", root]).output());
    assert!(config.contains("[history]"), "{config}");
    let out = Run::gap(&["rank", "--explain", "app/auth_service.py"])
        .stdin(scanned.as_bytes())
        .output();
    assert!(ok(out).contains("priority CRITICAL"));
    let help = ok(Run::gap(&["help", "report"]).output());
    assert!(
        help.contains("Usage: gap report [OPTIONS] [FILE]"),
        "{help}"
    );
    assert!(help.contains("--detail <DETAIL>"), "{help}");
    let err = refused(Run::gap(&["report", "--frob"]).output());
    assert!(err.contains("'--frob'"), "{}", err);
}

#[test]
fn with_no_command_gap_runs_the_pipeline_on_the_current_folder() {
    let tree = project();
    let report = ok(Run::gap(&["--no-history"]).cwd(tree.path()).output());
    assert!(
        report.starts_with("# Missing Test Coverage Report\n"),
        "{report}"
    );
    assert!(
        report.contains(
            "| `auth_service.py` | Unit | login, logout, error cases | CRITICAL | no test imports it or reaches it |"
        ),
        "{report}"
    );
    assert!(report.contains("Scanned `.`"), "{report}");
    // In one process, the same document as the three stages chained.
    let scanned = ok(run("gap-scan", &["--no-history", text(tree.path())], b""));
    let chained = ok(run("gap-rank", &[], scanned.as_bytes()));
    let json = ok(Run::gap(&["--no-history", "--format", "json", text(tree.path())]).output());
    assert_eq!(json, chained);
    // Report flags work on gap itself.
    let top = ok(
        Run::gap(&["--no-history", "--top", "0", "--by", "language"])
            .cwd(tree.path())
            .output(),
    );
    assert!(!top.contains("| `auth_service.py` |"), "{top}");
    assert!(top.contains("not listed here: --top 0"), "{top}");
    assert!(top.contains("| python | 2 |"), "{top}");
}

#[test]
fn a_config_flag_reaches_the_scan_and_a_failing_stage_ends_the_run() {
    let tree = project().file(
        "strict.toml",
        "[[category]]\nname = \"Core\"\npaths = [\"app/calc.py\"]\nfloor = \"CRITICAL\"\n",
    );
    let json = ok(Run::gap(&[
        "--no-history",
        "--config",
        "strict.toml",
        "--format",
        "json",
    ])
    .cwd(tree.path())
    .output());
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        doc["categories"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "Core"),
        "{json}"
    );
    let err = refused(Run::gap(&["./missing"]).cwd(tree.path()).output());
    assert_eq!(err, "gap: error: ./missing: no such file or directory\n");
    let err = refused(
        Run::gap(&["--config", "nope.toml"])
            .cwd(tree.path())
            .output(),
    );
    assert!(err.starts_with("gap: error: nope.toml"), "{}", err);
}

#[test]
fn a_folder_is_given_as_a_path_or_after_dashes() {
    let tree = project().file("docs/app/guide.py", "def build():\n    return 1\n");
    let root_of = |args: &[&str]| -> String {
        let mut all = vec!["--no-history", "--format", "json"];
        all.extend(args);
        let json = ok(Run::gap(&all).cwd(tree.path()).path(&[]).output());
        let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(doc["modules"].as_array().unwrap().len(), 1, "{args:?}");
        assert_eq!(doc["modules"][0]["path"], "app/guide.py", "{args:?}");
        doc["root"].as_str().unwrap().to_string()
    };
    assert_eq!(root_of(&["./docs"]), "./docs");
    assert_eq!(root_of(&["--", "docs"]), "docs");
    // Flags may follow a path, as they may precede it.
    let out = Run::gap(&["./docs", "--no-history", "--top", "0"])
        .cwd(tree.path())
        .output();
    assert!(ok(out).contains("Scanned `./docs`"));
    // A bare name is a command or a plugin; the message says how to scan the folder.
    let err = refused(Run::gap(&["docs"]).cwd(tree.path()).path(&[]).output());
    assert_eq!(
        err,
        "gap: error: no such command or plugin: docs; to scan the folder docs, write `gap ./docs` or `gap -- docs`\n"
    );
    let err = refused(Run::gap(&["--", "docs", "app"]).cwd(tree.path()).output());
    assert!(err.contains("gap scans one folder"), "{}", err);
}

#[test]
fn an_unknown_name_suggests_the_nearest_command_or_plugin() {
    let tree = Tree::new();
    let cases = [
        ("reprot", "did you mean `report`?"),
        ("scna", "did you mean `scan`?"),
        ("owner", "did you mean `owners`?"),
    ];
    for (typed, hint) in cases {
        let err = refused(Run::gap(&[typed]).cwd(tree.path()).path(&[]).output());
        assert_eq!(
            err,
            format!("gap: error: no such command or plugin: {typed}; {hint}\n")
        );
    }
    let err = refused(Run::gap(&["--top", "3", "scan"]).output());
    assert!(err.starts_with("gap: error: --top is a flag of the pipeline"));
}

#[test]
fn a_plugin_on_path_gets_arguments_stdin_environment_and_gives_its_exit_code() {
    let plugins = Tree::new();
    script(
        &plugins.path().join("gap-echo"),
        "#!/bin/sh\n\
         echo \"args: $*\"\n\
         echo \"env: $GAP_VERSION $GAP_COLOR $GAP_ROOT\"\n\
         echo \"gap: $GAP\"\n\
         echo \"stdin: $(cat)\"\n\
         echo 'to stderr' >&2\n\
         exit 7\n",
    );
    let work = Tree::new();
    let out = Run::gap(&["echo", "--top", "3", "a b", "--", "-x"])
        .cwd(work.path())
        .path(&[text(plugins.path())])
        .stdin(b"the document")
        .output();
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    let root = work.path().canonicalize().unwrap();
    assert_eq!(
        stdout(&out),
        format!(
            "args: --top 3 a b -- -x\nenv: {} never {}\ngap: {}\nstdin: the document\n",
            env!("CARGO_PKG_VERSION"),
            root.display(),
            bin("gap").display()
        )
    );
    assert_eq!(stderr(&out), "to stderr\n");
    // --color before the plugin's name is the colour wish it gets.
    let out = Run::gap(&["--color", "always", "echo"])
        .cwd(work.path())
        .path(&[text(plugins.path())])
        .output();
    assert!(
        stdout(&out).contains("env: 0.1.0 always "),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_plugin_inside_the_tree_or_on_a_relative_path_entry_never_runs() {
    let tree = Tree::new().file(".git/HEAD", "ref: refs/heads/main\n");
    let marker = tree.path().join("ran");
    let body = format!("#!/bin/sh\ntouch '{}'\n", marker.display());
    script(&tree.path().join("node_modules/.bin/gap-evil"), &body);
    script(&tree.path().join("gap-evil"), &body);
    script(&tree.path().join("backend/gap-evil"), &body);
    let planted = tree
        .path()
        .join("node_modules/.bin")
        .canonicalize()
        .unwrap();
    let backend = tree.path().join("backend");
    // Absolute, inside the tree: even from a subfolder, the git work tree around it counts.
    for cwd in [tree.path(), backend.as_path()] {
        let err = refused(
            Run::gap(&["evil"])
                .cwd(cwd)
                .path(&[text(&planted)])
                .output(),
        );
        assert!(
            err.contains(&format!(
                "{} was not run: it is inside the tree gap works on, {}",
                planted.join("gap-evil").display(),
                tree.path().canonicalize().unwrap().display()
            )),
            "{}",
            err
        );
    }
    // Relative and empty entries: the current folder's own gap-evil.
    for entry in ["", ".", "node_modules/.bin"] {
        let err = refused(Run::gap(&["evil"]).cwd(tree.path()).path(&[entry]).output());
        assert!(
            err.contains("was not run: it is a relative PATH entry"),
            "{entry:?}: {}",
            err
        );
    }
    let out = Run::gap(&["--list"])
        .cwd(tree.path())
        .path(&[text(&planted), "", "."])
        .output();
    let list = ok(out);
    assert!(
        list.contains("Not run (found where plugins are never looked up):"),
        "{list}"
    );
    assert!(
        list.contains(&format!("evil  {}", planted.join("gap-evil").display())),
        "{list}"
    );
    assert!(!marker.exists(), "a planted plugin ran");
}

#[test]
fn list_shows_commands_and_plugins_with_versions_and_stops_a_silent_one() {
    let plugins = Tree::new();
    script(
        &plugins.path().join("gap-hello"),
        "#!/bin/sh\n[ \"$1\" = --version ] && echo 'gap-hello 2.5.0'\n",
    );
    let pid_file = plugins.path().join("pid");
    script(
        &plugins.path().join("gap-stuck"),
        &format!(
            "#!/bin/sh\nsleep 60 &\necho $! > '{}'\nwait\n",
            pid_file.display()
        ),
    );
    script(&plugins.path().join("gap-scan"), "#!/bin/sh\n");
    let work = Tree::new();
    let started = Instant::now();
    let list = ok(Run::gap(&["--list"])
        .cwd(work.path())
        .path(&[text(plugins.path())])
        .output());
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let beside = bin("gap-owners");
    for line in [
        "Built-in commands:".to_string(),
        "    scan         Walks a source tree, finds modules and tests, maps tests to what they exercise".into(),
        "    man          Print the man page of a gap binary, or write every page into a folder".into(),
        "Plugins (gap NAME runs gap-NAME):".into(),
        format!("    hello   2.5.0                   {}", plugins.path().join("gap-hello").display()),
        format!("    owners  {:<22}  {}", env!("CARGO_PKG_VERSION"), beside.display()),
        format!("    stuck   (no answer within 1 s)  {}", plugins.path().join("gap-stuck").display()),
    ] {
        assert!(list.lines().any(|l| l == line), "{line:?} in\n{list}");
    }
    assert!(
        !list.contains(&plugins.path().join("gap-scan").display().to_string()),
        "a stage's binary is no plugin:\n{list}"
    );
    // The stuck plugin's child was killed with it.
    let pid = std::fs::read_to_string(&pid_file).unwrap();
    let proc = PathBuf::from(format!("/proc/{}", pid.trim()));
    let deadline = Instant::now() + Duration::from_secs(3);
    while proc.exists() && Instant::now() < deadline {
        let state = std::fs::read_to_string(proc.join("stat")).unwrap_or_default();
        if state.split_whitespace().nth(2) == Some("Z") {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let state = std::fs::read_to_string(proc.join("stat")).unwrap_or_default();
    assert!(
        state.is_empty() || state.split_whitespace().nth(2) == Some("Z"),
        "sleep {pid} still runs: {state}"
    );
}

/// A tree with CODEOWNERS, ranked through gap as JSON, with a field from the future on the document.
fn owned_project() -> (Tree, String) {
    let tree = project().file(
        ".github/CODEOWNERS",
        "* @org/everyone\n/app/ @org/backend\napp/auth_service.py @org/security @alice\n",
    );
    let json = ok(Run::gap(&["--no-history", "--format", "json"])
        .cwd(tree.path())
        .output());
    let mut doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    doc["z_future"] = serde_json::json!({"kept": true});
    (tree, doc.to_string())
}

/// `gap owners ARGS` in `tree`, reading `doc`.
fn owners(tree: &Tree, doc: &str, args: &[&str]) -> Output {
    let mut all = vec!["owners"];
    all.extend(args);
    Run::gap(&all)
        .cwd(tree.path())
        .path(&[])
        .stdin(doc.as_bytes())
        .output()
}

#[test]
fn the_rust_example_plugin_maps_gaps_to_owners_through_gap() {
    let (tree, doc) = owned_project();
    let owned: serde_json::Value = serde_json::from_str(&ok(owners(&tree, &doc, &[]))).unwrap();
    let owners_of = |path: &str| {
        owned["modules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["path"] == path)
            .unwrap()["owners"]
            .clone()
    };
    assert_eq!(
        owners_of("app/auth_service.py"),
        serde_json::json!(["@org/security", "@alice"])
    );
    assert_eq!(
        owners_of("app/calc.py"),
        serde_json::json!(["@org/backend"])
    );
    assert_eq!(owned["z_future"], serde_json::json!({"kept": true}));
    assert_eq!(owned["tool"]["name"], "gap-owners");
    let stages: Vec<&str> = owned["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(stages, ["gap-scan", "gap-rank", "gap-owners"]);
    // The report still reads what the plugin wrote.
    let report = ok(Run::gap(&["report", "--format", "markdown"])
        .stdin(owned.to_string().as_bytes())
        .output());
    assert!(report.contains("`auth_service.py`"));
    let help = ok(Run::gap(&["help", "owners"]).path(&[]).output());
    assert!(
        help.contains("Usage: gap-owners [OPTIONS] [FILE]"),
        "{help}"
    );
    let summary = ok(owners(&tree, &doc, &["--summary"]));
    assert_eq!(
        summary,
        "owner          modules  no direct test  weak  critical  high  missing tests\n\
         @alice               1               1     0         1     0             ~3\n\
         @org/security        1               1     0         1     0             ~3\n\
         @org/backend         1               0     0         0     0             ~0\n"
    );
}

#[test]
fn the_rust_example_plugin_reads_codeowners_only_inside_the_root() {
    let outside = Tree::new().file("CODEOWNERS", "* @mallory\n");
    let (tree, doc) = owned_project();
    std::fs::remove_dir_all(tree.path().join(".github")).unwrap();
    std::os::unix::fs::symlink(outside.path(), tree.path().join(".github")).unwrap();
    let err = refused(owners(&tree, &doc, &[]));
    assert!(
        err.starts_with("gap-owners: error: ")
            && err.contains(".github: not a folder of the root; not followed"),
        "{err}"
    );
    std::fs::remove_file(tree.path().join(".github")).unwrap();
    let link = tree.path().join("CODEOWNERS");
    std::os::unix::fs::symlink(outside.path().join("CODEOWNERS"), link).unwrap();
    let err = refused(owners(&tree, &doc, &[]));
    assert!(
        err.contains("CODEOWNERS: a symbolic link; not followed"),
        "{err}"
    );
}

#[test]
fn the_shell_example_plugin_prints_a_checklist_through_gap() {
    if Command::new("jq").arg("--version").output().is_err() {
        eprintln!(
            "SKIPPED the_shell_example_plugin_prints_a_checklist_through_gap: jq is not installed"
        );
        return;
    }
    let examples = repo_root().join("examples/plugins");
    let tree = project().file("app/we`ird\u{1b}]0;x\u{7}.py", "def f(x):\n    return x\n");
    let ranked = ok(Run::gap(&["--no-history", "--format", "json"])
        .cwd(tree.path())
        .output());
    let checklist = ok(Run::gap(&["checklist", "--min", "LOW"])
        .cwd(tree.path())
        .path(&[text(&examples)])
        .stdin(ranked.as_bytes())
        .output());
    assert_eq!(
        checklist,
        "## Tests to write (2 gaps at LOW or above)\n\
         \n\
         - [ ] `app/auth_service.py` — CRITICAL, untested, ~3 tests: `login`, `logout`\n\
         - [ ] ``app/we`ird\u{fffd}]0;x\u{fffd}.py`` — MEDIUM, untested, ~1 tests: `f`\n"
    );
    let err = refused(
        Run::gap(&["checklist"])
            .cwd(tree.path())
            .path(&[text(&examples)])
            .stdin(b"{}")
            .output(),
    );
    assert_eq!(err, "gap-checklist: error: not a gap/1 document\n");
}

#[test]
fn completions_are_generated_for_each_shell_and_binary() {
    let cases = [
        (
            "bash",
            "complete -F _gap -o nosort -o bashdefault -o default gap",
        ),
        ("zsh", "#compdef gap"),
        ("fish", "complete -c gap -n \"__fish_gap_needs_command\""),
    ];
    for (shell, marker) in cases {
        let script = ok(Run::gap(&["completions", shell]).output());
        assert!(script.contains(marker), "{shell}: {marker:?}");
        for name in [
            "gap-scan",
            "gap-rank",
            "gap-report",
            "gap-merge",
            "gap-owners",
        ] {
            assert!(script.contains(name), "{shell}: {name}");
        }
        assert!(script.contains("no-history"), "{shell}");
        assert!(script.contains("print-categories"), "{shell}");
    }
    // bash loads it, and completes gap's flags and commands.
    let script = ok(Run::gap(&["completions", "bash"]).output());
    let out = Command::new("bash")
        .arg("-c")
        .arg(
            "source /dev/stdin; COMP_WORDS=(gap --no-h); COMP_CWORD=1; COMP_LINE='gap --no-h'; COMP_POINT=10; \
             _gap gap --no-h gap; echo \"${COMPREPLY[@]}\"; complete -p gap-scan",
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(script.as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    let said = ok(out);
    assert!(said.starts_with("--no-history\n"), "{said}");
    assert!(said.contains("gap-scan"), "{said}");
    // One file per binary, named as each shell loads them.
    let dir = Tree::new();
    for (shell, names) in [
        ("bash", ["gap.bash", "gap-scan.bash"]),
        ("zsh", ["_gap", "_gap-scan"]),
        ("fish", ["gap.fish", "gap-scan.fish"]),
    ] {
        let out =
            Run::gap(&["completions", shell, "--dir", text(&dir.path().join(shell))]).output();
        assert!(out.status.success());
        for name in names {
            assert!(
                dir.path().join(shell).join(name).is_file(),
                "{shell}/{name}"
            );
        }
        assert_eq!(
            std::fs::read_dir(dir.path().join(shell)).unwrap().count(),
            6
        );
    }
}

/// `page` rendered by groff as a terminal shows it, its words joined by single spaces (no hyphenation, no
/// bold), or `None` when groff is missing.
fn groff(page: &[u8]) -> Option<String> {
    use std::io::Write;
    let mut child = Command::new("groff")
        .args(["-man", "-Tutf8", "-rHY=0"])
        .env("GROFF_NO_SGR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take().unwrap().write_all(page).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "groff warns: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Overstrike bold and underline removed: what a reader sees.
    let text = String::from_utf8(out.stdout).unwrap();
    let mut plain = String::new();
    for c in text.chars() {
        if c == '\u{8}' {
            plain.pop();
        } else {
            plain.push(c);
        }
    }
    Some(plain.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[test]
fn man_pages_render_for_every_binary() {
    let page = Run::gap(&["man"]).output();
    let page = ok(page);
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq \\(aq"),
        "roff: {}",
        &page[..80]
    );
    let Some(shown) = groff(page.as_bytes()) else {
        eprintln!("SKIPPED rendering with groff: groff is not installed (apt-get install groff)");
        return;
    };
    for needle in [
        "NAME gap - Finds the tests a codebase is missing",
        "SYNOPSIS gap [OPTIONS] [PATH] gap [OPTIONS] -- PATH gap COMMAND [ARGS]... gap NAME [ARGS]...",
        "--no-history Do not read change history from git",
        "--list List the built-in commands",
        "scan [ARGS]... Walks a source tree",
        "see gap-scan(1)",
        "completions SHELL [--dir DIR]",
        "runs the plugin gap-NAME",
        "Relative and empty entries are skipped",
        "EXIT STATUS 0 It ran fine. 1 It ran fine and a gate you asked for failed.",
        "GAP_ROOT Set for a plugin",
        "VERSION v0.1.0",
        "SEE ALSO gap-scan(1), gap-rank(1), gap-report(1), gap-merge(1), gap-owners(1)",
    ] {
        let needle = needle.replace("0.1.0", env!("CARGO_PKG_VERSION"));
        assert!(shown.contains(&needle), "{needle:?} in\n{shown}");
    }
    let scan = ok(Run::gap(&["man", "gap-scan"]).output());
    let shown = groff(scan.as_bytes()).unwrap();
    assert!(shown.contains("gap-scan - Walks a source tree"), "{shown}");
    assert!(shown.contains("--print-categories"), "{shown}");
    let err = refused(Run::gap(&["man", "gap-nope"]).output());
    assert!(err.contains(
        "there is one for each of gap, gap-scan, gap-rank, gap-report, gap-merge, gap-owners"
    ));
    let dir = Tree::new();
    assert!(Run::gap(&["man", "--dir", text(dir.path())])
        .output()
        .status
        .success());
    for name in BINARIES {
        let page = std::fs::read(dir.path().join(format!("{name}.1"))).unwrap();
        assert!(
            groff(&page).unwrap().contains(&format!("{name} - ")),
            "{name}"
        );
    }
}

#[test]
fn every_binary_says_the_same_version() {
    for name in BINARIES {
        let said = ok(Run::of(name, &["--version"]).output());
        assert_eq!(said, format!("{name} {}\n", env!("CARGO_PKG_VERSION")));
    }
    let examples = repo_root().join("examples/plugins/gap-checklist");
    let said = Command::new(examples).arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8(said.stdout).unwrap(),
        "gap-checklist 0.1.0\n"
    );
}
