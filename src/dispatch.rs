//! What a `gap` command line asks for, and running it: the pipeline on a folder, a built-in command, a plugin
//! or the list. Commands and plugins win over folder names: a word is a folder only after `--` or when it
//! looks like a path (`./docs`, `/abs`, `.`).

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches};
use gap_core::{escape, Exit};

use crate::cli::{Cli, Command};
use crate::pipeline::Pipeline;
use crate::plugins::{self, Search};

/// What the command line asks for.
#[derive(Debug)]
pub enum Action {
    /// Scan, rank and report a folder.
    Pipeline(Pipeline),
    /// `gap --list`.
    List,
    /// A built-in command.
    Command(Command),
    /// A plugin: its name, its arguments, and the colour wish given to gap before its name.
    Plugin {
        /// What follows `gap-` in its file name.
        name: String,
        /// Its arguments.
        args: Vec<OsString>,
        /// `--color` as given to gap.
        color: gap_report::style::ColorChoice,
    },
}

/// Why a command line is not run.
#[derive(Debug)]
pub enum Usage {
    /// What clap says: help, the version, or a usage error.
    Clap(clap::Error),
    /// A usage error of gap's own.
    Message(String),
}

/// The long names of gap's own flags given on the command line, as `--name`.
fn flags_given(matches: &ArgMatches) -> Vec<String> {
    Cli::command()
        .get_arguments()
        .filter(|a| matches.value_source(a.get_id().as_str()) == Some(ValueSource::CommandLine))
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect()
}

/// True when a word can only mean a folder: it holds a `/`, or is `.` or `..`.
fn looks_like_path(word: &OsStr) -> bool {
    word == "." || word == ".." || word.as_encoded_bytes().contains(&b'/')
}

/// Parses with clap.
fn clap_parse(argv: &[OsString]) -> Result<(Cli, ArgMatches), Usage> {
    let matches = Cli::command()
        .try_get_matches_from(argv)
        .map_err(Usage::Clap)?;
    let cli = Cli::from_arg_matches(&matches).map_err(Usage::Clap)?;
    Ok((cli, matches))
}

/// The name a built-in command is called by.
fn command_name(c: &Command) -> String {
    match c {
        Command::Scan(_) => "scan".into(),
        Command::Rank(_) => "rank".into(),
        Command::Report(_) => "report".into(),
        Command::Merge(_) => "merge".into(),
        Command::Completions(_) => "completions".into(),
        Command::Man(_) => "man".into(),
        Command::Help(_) => "help".into(),
        Command::Plugin(words) => words
            .first()
            .map(|w| escape::line(&w.to_string_lossy()).into_owned())
            .unwrap_or_default(),
    }
}

/// What `argv` (the program name first) asks for.
pub fn parse(argv: &[OsString]) -> Result<Action, Usage> {
    let (cli, matches) = clap_parse(argv)?;
    let command = match cli.command {
        None if cli.list => return Ok(Action::List),
        None => {
            return Ok(Action::Pipeline(Pipeline {
                root: PathBuf::from("."),
                scan: cli.scan,
                report: cli.report,
                quiet: cli.quiet,
            }))
        }
        Some(c) => c,
    };
    let Command::Plugin(words) = command else {
        if let Some(flag) = flags_given(&matches).first() {
            return Err(Usage::Message(match flag.as_str() {
                "--list" => format!("--list takes no command (`gap {}`)", command_name(&command)),
                _ => format!(
                    "{flag} is a flag of the pipeline (`gap {flag} ... [PATH]`), not of `gap {}`; a command's flags come after its name",
                    command_name(&command)
                ),
            }));
        }
        // `gap help NAME` of a plugin is the plugin's own --help.
        if let Command::Help(crate::cli::HelpArgs { name: Some(name) }) = &command {
            if !crate::list::built_ins().iter().any(|(n, _)| n == name) {
                return Ok(Action::Plugin {
                    name: name.clone(),
                    args: vec![OsString::from("--help")],
                    color: cli.report.color,
                });
            }
        }
        return Ok(Action::Command(command));
    };
    // The words from the plugin's name on are the tail of argv; `--` just before them makes them a folder.
    let start = argv.len() - words.len();
    let after_dashes = argv[start - 1] == "--";
    let first = &words[0];
    if after_dashes || looks_like_path(first) {
        let shown = escape::line(&first.to_string_lossy()).into_owned();
        if after_dashes && words.len() > 1 {
            return Err(Usage::Message(format!(
                "gap scans one folder; after `--` give only its path, not also {}",
                escape::line(&words[1].to_string_lossy())
            )));
        }
        // The folder's own word removed, the flags after it are gap's as well as those before it.
        let mut again = argv[..start - usize::from(after_dashes)].to_vec();
        again.extend(words[1..].iter().cloned());
        let (cli, _) = clap_parse(&again)?;
        if let Some(c) = &cli.command {
            return Err(Usage::Message(format!(
                "`{}` after the folder {shown}: gap scans one folder, and a command or plugin comes first",
                command_name(c)
            )));
        }
        if cli.list {
            return Err(Usage::Message(format!("--list takes no folder ({shown})")));
        }
        return Ok(Action::Pipeline(Pipeline {
            root: PathBuf::from(first),
            scan: cli.scan,
            report: cli.report,
            quiet: cli.quiet,
        }));
    }
    let Some(name) = first.to_str() else {
        return Err(Usage::Message(format!(
            "no such command: {}",
            escape::line(&first.to_string_lossy())
        )));
    };
    if let Some(flag) = flags_given(&matches).iter().find(|f| *f != "--color") {
        return Err(Usage::Message(format!(
            "{flag} is a flag of the pipeline, not of the plugin gap-{}; only --color is passed on to plugins (as GAP_COLOR)",
            escape::line(name)
        )));
    }
    Ok(Action::Plugin {
        name: name.to_string(),
        args: words[1..].to_vec(),
        color: cli.report.color,
    })
}

/// The message for a name that is neither a command nor a plugin that runs.
fn not_found(name: &str, refused: &[plugins::Refused], search: &Search) -> String {
    let shown = escape::line(name);
    let mut message = format!("no such command or plugin: {shown}");
    if let Some(r) = refused.first() {
        message.push_str(&format!(
            "; {} was not run: it is {} (docs/security.md, How plugins are found)",
            escape::line(&r.plugin.path.to_string_lossy()),
            escape::line(&r.why.describe(&search.tree))
        ));
        return message;
    }
    let built_ins = crate::list::built_ins();
    let (found, _) = search.all();
    let known = built_ins
        .iter()
        .map(|(n, _)| n.as_str())
        .chain(found.iter().map(|p| p.name.as_str()));
    if let Some(near) = crate::suggest::nearest(name, known) {
        message.push_str(&format!("; did you mean `{}`?", escape::line(near)));
    } else if std::path::Path::new(name).is_dir() {
        message.push_str(&format!(
            "; to scan the folder {shown}, write `gap ./{shown}` or `gap -- {shown}`"
        ));
    } else {
        message.push_str("; `gap --list` shows the commands and plugins");
    }
    message
}

/// Runs the plugin `name`, or says why it cannot.
fn run_plugin(
    name: &str,
    args: &[OsString],
    color: gap_report::style::ColorChoice,
) -> anyhow::Result<Exit> {
    let search = Search::from_env();
    let plugin = search
        .find(name)
        .map_err(|refused| anyhow::anyhow!(not_found(name, &refused, &search)))?;
    let env = plugins::Environment {
        gap: std::env::current_exe().ok(),
        root: std::env::current_dir()?,
        color: gap_report::color_on(color),
    };
    Err(plugins::exec(&plugin, args, &env))
}

/// Prints the long help of gap, or of its built-in command `name`.
fn help(name: Option<&str>) -> anyhow::Result<Exit> {
    let mut cmd = Cli::command();
    cmd.build();
    let target = match name {
        Some(n) => cmd
            .find_subcommand_mut(n)
            .ok_or_else(|| anyhow::anyhow!("no such command: {}", escape::line(n)))?,
        None => &mut cmd,
    };
    gap_core::write_output(&target.render_long_help().to_string())?;
    Ok(Exit::Success)
}

/// Runs what the command line asks for and gives the exit code.
pub fn run(argv: &[OsString]) -> ExitCode {
    let action = match parse(argv) {
        Ok(a) => a,
        Err(Usage::Clap(e)) => return gap_core::diag::clap_error("gap", &e),
        Err(Usage::Message(m)) => {
            gap_core::diag::error("gap", &anyhow::anyhow!(m));
            return Exit::Error.into();
        }
    };
    gap_core::diag::main_with("gap", || match action {
        Action::Pipeline(p) => p.run(),
        Action::List => crate::list::run(),
        Action::Plugin { name, args, color } => run_plugin(&name, &args, color),
        Action::Command(Command::Scan(a)) => gap_scan::run(a),
        Action::Command(Command::Rank(a)) => gap_rank::run(a),
        Action::Command(Command::Report(a)) => gap_report::run(a),
        Action::Command(Command::Merge(a)) => gap_scan::merge::run(a),
        Action::Command(Command::Completions(a)) => {
            crate::completions::run(a.shell, a.dir.as_deref())
        }
        Action::Command(Command::Man(a)) => crate::manpages::run(&a.name, a.dir.as_deref()),
        Action::Command(Command::Help(a)) => help(a.name.as_deref()),
        Action::Command(Command::Plugin(_)) => unreachable!("plugins are parsed as Action::Plugin"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(args: &[&str]) -> Action {
        let argv: Vec<OsString> = std::iter::once("gap")
            .chain(args.iter().copied())
            .map(OsString::from)
            .collect();
        parse(&argv).unwrap_or_else(|e| panic!("{args:?}: {e:?}"))
    }

    fn message(args: &[&str]) -> String {
        let argv: Vec<OsString> = std::iter::once("gap")
            .chain(args.iter().copied())
            .map(OsString::from)
            .collect();
        match parse(&argv) {
            Err(Usage::Message(m)) => m,
            other => panic!("{args:?}: {other:?}"),
        }
    }

    fn root(a: Action) -> (PathBuf, usize) {
        match a {
            Action::Pipeline(p) => (p.root, p.report.top),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn commands_and_plugins_win_over_folders() {
        assert_eq!(root(action(&[])), (PathBuf::from("."), 10));
        assert_eq!(root(action(&["./docs"])), (PathBuf::from("./docs"), 10));
        assert_eq!(root(action(&["--", "docs"])), (PathBuf::from("docs"), 10));
        assert_eq!(root(action(&["--", "scan"])), (PathBuf::from("scan"), 10));
        assert_eq!(root(action(&["--top", "3", "./docs"])).1, 3);
        assert_eq!(root(action(&["./docs", "--top", "4"])).1, 4);
        assert_eq!(
            root(action(&["--top", "5", "--", "docs"])),
            (PathBuf::from("docs"), 5)
        );
        assert!(
            matches!(action(&["scan", "docs"]), Action::Command(Command::Scan(a)) if a.path.as_os_str() == "docs")
        );
        assert!(matches!(action(&["docs"]), Action::Plugin { name, .. } if name == "docs"));
        assert!(
            matches!(action(&["owners", "--summary", "x"]), Action::Plugin { name, args, .. }
            if name == "owners" && args == [OsString::from("--summary"), OsString::from("x")])
        );
        assert!(matches!(action(&["--list"]), Action::List));
        assert!(
            matches!(action(&["help", "owners"]), Action::Plugin { name, args, .. }
            if name == "owners" && args == [OsString::from("--help")])
        );
        assert!(matches!(
            action(&["help", "scan"]),
            Action::Command(Command::Help(_))
        ));
    }

    #[test]
    fn misplaced_flags_and_extra_folders_are_named() {
        assert_eq!(
            message(&["--top", "3", "scan"]),
            "--top is a flag of the pipeline (`gap --top ... [PATH]`), not of `gap scan`; a command's flags come after its name"
        );
        assert!(message(&["--no-history", "owners"])
            .starts_with("--no-history is a flag of the pipeline, not of the plugin gap-owners"));
        assert!(matches!(
            action(&["--color", "never", "owners"]),
            Action::Plugin { .. }
        ));
        assert_eq!(
            message(&["--list", "man"]),
            "--list takes no command (`gap man`)"
        );
        assert_eq!(
            message(&["--", "a", "b"]),
            "gap scans one folder; after `--` give only its path, not also b"
        );
        assert_eq!(
            message(&["./a", "./b"]),
            "`./b` after the folder ./a: gap scans one folder, and a command or plugin comes first"
        );
    }
}
