//! The command line of `gap`: the pipeline's flags (each stage's own, flattened), the built-in commands
//! (each stage with exactly its binary's `Args`) and plugins as external subcommands.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// What `gap --help` says after the flags, paragraph by paragraph; the man page's description goes on with them.
pub const AFTER_HELP: &str = "\
With no command, gap runs the whole pipeline on PATH (default: the current folder) in one process, as \
`gap-scan PATH | gap-rank | gap-report` does, and prints the report: a table on a terminal, markdown when \
piped. Commands and plugins win over folder names, so give a folder as `gap ./docs` or `gap -- docs`.

`gap NAME ARGS...` runs the plugin gap-NAME with ARGS, stdin, stdout and its exit code passed through. \
Plugins are looked up beside the gap binary, then in the absolute PATH entries outside the git work tree \
around the current folder (or the current folder); `gap --list` shows what it finds (docs/plugins.md).

Exit codes: 0 ran fine; 1 a gate you asked for failed; 2 bad usage, bad input or an internal error; a \
plugin's own code passes through.";

/// Finds the tests a codebase is missing: runs gap-scan, gap-rank and gap-report in one go, each stage on its
/// own, or a plugin gap-NAME.
#[derive(Debug, Parser)]
#[command(
    name = "gap",
    version,
    allow_external_subcommands = true,
    disable_help_subcommand = true,
    override_usage = "gap [OPTIONS] [PATH]\n       gap [OPTIONS] -- PATH\n       gap <COMMAND> [ARGS]...\n       gap NAME [ARGS]...",
    after_long_help = AFTER_HELP
)]
pub struct Cli {
    /// List the built-in commands and the plugins found, with their paths and versions.
    #[arg(long)]
    pub list: bool,
    /// What the scan reads (the flags of gap-scan).
    #[command(flatten, next_help_heading = "Scan options (as gap-scan)")]
    pub scan: gap_scan::ScanOptions,
    /// What the report shows (the flags of gap-report).
    #[command(flatten, next_help_heading = "Report options (as gap-report)")]
    pub report: gap_report::ReportOptions,
    /// Warnings or not (as every stage).
    #[command(flatten)]
    pub quiet: gap_core::diag::Quiet,
    /// A built-in command or a plugin.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The built-in commands, and any other name as a plugin.
#[derive(Debug, Subcommand)]
pub enum Command {
    // The stages: no doc comment, so each keeps its binary's description.
    Scan(gap_scan::Args),
    Rank(gap_rank::Args),
    Report(gap_report::Args),
    Merge(gap_scan::merge::Args),
    /// Print shell completions for every gap binary, or write one file per binary into a folder.
    Completions(CompletionsArgs),
    /// Print the man page of a gap binary, or write every page into a folder.
    Man(ManArgs),
    /// Print the help of gap, of one of its commands, or of a plugin (its --help).
    Help(HelpArgs),
    /// A plugin: `gap NAME ARGS` runs gap-NAME ARGS.
    #[command(external_subcommand)]
    Plugin(Vec<OsString>),
}

/// `gap completions SHELL [--dir DIR]`.
#[derive(Debug, Clone, clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
    /// Write one file per binary into DIR, named as the shell loads them (bash: NAME, zsh: _NAME, fish:
    /// NAME.fish), instead of printing all of them.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// `gap man [NAME] [--dir DIR]`.
#[derive(Debug, Clone, clap::Args)]
pub struct ManArgs {
    /// The binary whose page to print.
    #[arg(default_value = "gap", conflicts_with = "dir")]
    pub name: String,
    /// Write every binary's page into DIR as NAME.1.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// `gap help [NAME]`.
#[derive(Debug, Clone, clap::Args)]
pub struct HelpArgs {
    /// A command or a plugin.
    pub name: Option<String>,
}
