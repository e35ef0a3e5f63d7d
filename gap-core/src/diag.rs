//! Diagnostics on stderr, prefixed with the tool's name: `gap-scan: warning: ...`. Every line goes through
//! [`crate::escape::line`], so no name or input byte in a message can start a line of its own, forge another
//! diagnostic or send a terminal control sequence; each diagnostic is exactly one line.

use std::io::Write;

use crate::escape;

/// Prints `TOOL: warning: MESSAGE` on stderr, on one line.
pub fn warn(tool: &str, message: &str) {
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

/// True when stdout was closed when the program started (`gap-scan >&-`). The Rust runtime reopens a closed
/// stdout on /dev/null (read-write) before `main`, so writes would vanish and the run would look fine; that
/// descriptor is told from a `> /dev/null` of the shell (write-only) by its access mode. Linux only; elsewhere
/// false.
pub fn stdout_was_closed() -> bool {
    let Ok(target) = std::fs::read_link("/proc/self/fd/1") else {
        return false;
    };
    if target != std::path::Path::new("/dev/null") {
        return false;
    }
    let Ok(info) = std::fs::read_to_string("/proc/self/fdinfo/1") else {
        return false;
    };
    info.lines()
        .find_map(|l| l.strip_prefix("flags:"))
        .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
        .is_some_and(|flags| flags & 0o3 == 0o2) // O_ACCMODE == O_RDWR
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
