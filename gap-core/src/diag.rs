//! Diagnostics on stderr, prefixed with the tool's name: `gap-scan: warning: ...`.

use std::io::Write;

/// Prints `TOOL: warning: MESSAGE` on stderr.
pub fn warn(tool: &str, message: &str) {
    let _ = writeln!(std::io::stderr(), "{tool}: warning: {message}");
}

/// Prints `TOOL: error: MESSAGE` on stderr, the error's causes joined with `: ` on one line.
pub fn error(tool: &str, err: &anyhow::Error) {
    let mut line = String::new();
    for (i, cause) in err.chain().enumerate() {
        if i > 0 {
            line.push_str(": ");
        }
        line.push_str(&cause.to_string().replace('\n', " "));
    }
    let _ = writeln!(std::io::stderr(), "{tool}: error: {line}");
}

/// Runs a binary's `run` and turns its outcome into an exit code: errors print one line and give 2,
/// a closed stdout (`| head`) is success.
pub fn main_with<F>(tool: &str, run: F) -> std::process::ExitCode
where
    F: FnOnce() -> anyhow::Result<crate::Exit>,
{
    match run() {
        Ok(code) => code.into(),
        Err(err) if crate::io::is_broken_pipe(&err) => crate::Exit::Success.into(),
        Err(err) => {
            error(tool, &err);
            crate::Exit::Error.into()
        }
    }
}
