//! `gap`, the front command of the suite: with no command it runs the whole pipeline (scan, rank, report) on a
//! folder in one process; `gap scan|rank|report` runs one stage with its binary's flags; `gap NAME` runs a
//! plugin `gap-NAME` as cargo and git run theirs; `gap completions` and `gap man` generate shell completions
//! and man pages for every shipped binary.

pub mod binaries;
pub mod cli;
pub mod completions;
pub mod dispatch;
pub mod list;
pub mod manpages;
pub mod pipeline;
pub mod plugins;
pub mod suggest;

/// Runs `gap` with `argv` (the program name first) and gives its exit code.
pub fn run(argv: &[std::ffi::OsString]) -> std::process::ExitCode {
    dispatch::run(argv)
}
