//! Diagnostics on stderr, prefixed with the tool's name: `gap-scan: warning: ...`. Every line goes through
//! [`crate::escape::line`], so no name or input byte in a message can start a line of its own, forge another
//! diagnostic or send a terminal control sequence; each diagnostic is exactly one line.

use std::io::Write;

use crate::escape;

/// Set by `--quiet`: warnings are not printed (errors still are).
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// `--quiet`, which every gap binary takes: no warnings on stderr, only errors.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct Quiet {
    /// Print no warnings on stderr (errors still print; the document keeps its `warnings`).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

impl Quiet {
    /// Silences [`warn`] for the rest of the process when `--quiet` was given.
    pub fn apply(self) {
        if self.quiet {
            QUIET.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }
}

/// True once `--quiet` was applied.
pub fn is_quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// Prints `TOOL: warning: MESSAGE` on stderr, on one line (nothing under `--quiet`).
pub fn warn(tool: &str, message: &str) {
    if QUIET.load(std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    let _ = writeln!(
        std::io::stderr(),
        "{tool}: warning: {}",
        escape::line(message)
    );
}

/// The error's causes joined with `: `, on one line with every control character escaped.
pub fn error_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for (i, cause) in err.chain().enumerate() {
        if i > 0 {
            line.push_str(": ");
        }
        line.push_str(&escape::line(&cause.to_string()));
    }
    line
}

/// Prints `TOOL: error: MESSAGE` on stderr, the error's causes joined with `: ` on one line.
pub fn error(tool: &str, err: &anyhow::Error) {
    let _ = writeln!(std::io::stderr(), "{tool}: error: {}", error_line(err));
}

/// Parses the command line of `tool`. Help and version print as clap prints them; a usage error is one line,
/// `TOOL: error: WHAT; see TOOL --help`, and exit code 2.
pub fn parse_args<A: clap::Parser>(tool: &str) -> Result<A, std::process::ExitCode> {
    A::try_parse().map_err(|e| clap_error(tool, &e))
}

/// Ends a command line clap refused: help and version print as clap prints them (exit 0), a usage error is one
/// line, `TOOL: error: WHAT; see TOOL --help` (exit 2).
pub fn clap_error(tool: &str, e: &clap::Error) -> std::process::ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            crate::Exit::Success.into()
        }
        _ => {
            let _ = writeln!(std::io::stderr(), "{}", usage_line(tool, e));
            crate::Exit::Error.into()
        }
    }
}

/// One line for a clap usage error: its message without clap's `error: ` prefix, tips and usage, and with the
/// user's own bytes in it escaped.
fn usage_line(tool: &str, e: &clap::Error) -> String {
    let text = e.render().to_string();
    let end = ["\n\n  tip:", "\n\nUsage:", "\n\nFor more information"]
        .iter()
        .filter_map(|marker| text.find(marker))
        .min()
        .unwrap_or(text.len());
    let message = text[..end].trim();
    let message = message.strip_prefix("error: ").unwrap_or(message);
    let what: Vec<&str> = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    format!(
        "{tool}: error: {}; see {tool} --help",
        escape::line(&what.join(" "))
    )
}

/// Whether descriptor 1 was open when the process started, recorded before the Rust runtime runs (below).
static STDOUT_OPEN_AT_START: std::sync::atomic::AtomicU8 =
    std::sync::atomic::AtomicU8::new(UNKNOWN);
const UNKNOWN: u8 = 0;
const OPEN: u8 = 1;
const CLOSED: u8 = 2;

/// Looks at descriptor 1 before `main`: the Rust runtime reopens a closed stdout on /dev/null before `main`
/// runs, after which a closed stdout (`gap-scan >&-`) and one a parent deliberately pointed at /dev/null
/// (Python's `subprocess.DEVNULL`, systemd's `StandardOutput=null`) look the same. The C runtime runs
/// `.init_array` entries before that, so this one sees descriptor 1 as the parent left it. Only reads
/// `/proc/self/fd/1`; Linux only.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)] // placing a function in .init_array is `unsafe` to the lint; the function itself is safe
#[used]
#[link_section = ".init_array"]
static LOOK_AT_STDOUT_BEFORE_MAIN: extern "C" fn() = {
    extern "C" fn look() {
        let open = std::fs::symlink_metadata("/proc/self/fd/1").is_ok();
        STDOUT_OPEN_AT_START.store(
            if open { OPEN } else { CLOSED },
            std::sync::atomic::Ordering::Relaxed,
        );
    }
    look
};

/// True when stdout was closed when the program started (`gap-scan >&-`), so everything written would vanish
/// into the /dev/null the runtime put in its place. False when that cannot be known (not Linux, no /proc).
pub fn stdout_was_closed() -> bool {
    STDOUT_OPEN_AT_START.load(std::sync::atomic::Ordering::Relaxed) == CLOSED
}

/// Runs a binary's `run` and turns its outcome into an exit code: errors print one line and give 2, a closed
/// pipe (`| head`) is success, a stdout closed from the start is an error.
pub fn main_with<F>(tool: &str, run: F) -> std::process::ExitCode
where
    F: FnOnce() -> anyhow::Result<crate::Exit>,
{
    if stdout_was_closed() {
        let _ = writeln!(
            std::io::stderr(),
            "{tool}: error: stdout is closed; nothing can be written (redirect it to a file or /dev/null)"
        );
        return crate::Exit::Error.into();
    }
    match run() {
        Ok(code) => code.into(),
        Err(err) if crate::io::is_broken_pipe(&err) => crate::Exit::Success.into(),
        Err(err) => {
            error(tool, &err);
            crate::Exit::Error.into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_is_one_line_whatever_its_causes_hold() {
        let err = anyhow::anyhow!("b\n{}", "x\u{1b}]0;title\u{7}").context("a\rb");
        assert_eq!(error_line(&err), "a\\rb: b\\nx\\u{1b}]0;title\\u{7}");
    }

    #[derive(Debug, clap::Parser)]
    #[command(name = "tool")]
    struct Args {
        #[arg(long)]
        count: Option<u32>,
    }

    #[test]
    fn a_usage_error_is_one_line() {
        use clap::Parser;
        let e = Args::try_parse_from(["tool", "--frob"]).unwrap_err();
        assert_eq!(
            usage_line("tool", &e),
            "tool: error: unexpected argument '--frob' found; see tool --help"
        );
        let e =
            Args::try_parse_from(["tool", "--count", "x\ntool: warning: \u{1b}[2J"]).unwrap_err();
        let line = usage_line("tool", &e);
        assert!(
            line.starts_with("tool: error: invalid value 'x tool: warning: "),
            "{line}"
        );
        assert!(!line.contains(['\n', '\u{1b}']));
    }
}
