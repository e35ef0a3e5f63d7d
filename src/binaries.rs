//! The binaries the suite ships and their command lines: what `gap man` and `gap completions` are made from,
//! so every page and completion follows the flags clap parses.

use clap::CommandFactory;

// gap-owners' command line, read from the example plugin's own source (examples/plugins/gap-owners/), so its
// man page and completions ship with the suite's. Only the definition is used here.
#[allow(dead_code)]
#[path = "../examples/plugins/gap-owners/cli.rs"]
mod owners_cli;

/// A shipped binary: its name and its clap command.
#[derive(Debug, Clone, Copy)]
pub struct Binary {
    /// The file name, e.g. `gap-scan`.
    pub name: &'static str,
    /// Its command-line definition.
    pub command: fn() -> clap::Command,
}

/// Every binary `cargo install --path .` installs, the front command first.
pub const BINARIES: &[Binary] = &[
    Binary {
        name: "gap",
        command: crate::cli::Cli::command,
    },
    Binary {
        name: "gap-scan",
        command: gap_scan::Args::command,
    },
    Binary {
        name: "gap-rank",
        command: gap_rank::Args::command,
    },
    Binary {
        name: "gap-report",
        command: gap_report::Args::command,
    },
    Binary {
        name: "gap-merge",
        command: gap_scan::merge::Args::command,
    },
    Binary {
        name: "gap-owners",
        command: owners_cli::Args::command,
    },
];

/// The binary named `name`.
pub fn find(name: &str) -> Option<&'static Binary> {
    BINARIES.iter().find(|b| b.name == name)
}

/// Writes one file per binary into `dir` (created if missing), named by `file_name` and holding `content`, and
/// names each file on stderr.
pub fn write_each(
    dir: &std::path::Path,
    file_name: impl Fn(&Binary) -> String,
    content: impl Fn(&Binary) -> anyhow::Result<Vec<u8>>,
) -> anyhow::Result<()> {
    use anyhow::Context;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for b in BINARIES {
        let path = dir.join(file_name(b));
        std::fs::write(&path, content(b)?)
            .with_context(|| format!("writing {}", path.display()))?;
        eprintln!("gap: wrote {}", path.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_named_after_its_binary_and_valid() {
        for b in BINARIES {
            let cmd = (b.command)();
            assert_eq!(cmd.get_name(), b.name);
            cmd.debug_assert();
        }
    }
}
