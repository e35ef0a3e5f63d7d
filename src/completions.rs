//! `gap completions SHELL [--dir DIR]`: shell completions for every shipped binary, generated from its clap
//! definition by clap_complete.

use std::path::Path;

use anyhow::Result;
use clap_complete::{Generator, Shell};

use crate::binaries::{self, Binary, BINARIES};

/// The completion script of one binary for `shell`.
pub fn script(shell: Shell, binary: &Binary) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut (binary.command)(), binary.name, &mut out);
    out
}

/// The file a shell loads the completions of `binary` from (bash: `NAME.bash`, zsh: `_NAME`, fish:
/// `NAME.fish`), as clap_complete names it.
pub fn file_name(shell: Shell, binary: &Binary) -> String {
    shell.file_name(binary.name)
}

/// Prints every binary's script, one after the other (`source <(gap completions bash)`), or with `dir` writes
/// one file per binary there and names them on stderr.
pub fn run(shell: Shell, dir: Option<&Path>) -> Result<gap_core::Exit> {
    match dir {
        None => {
            let all: Vec<u8> = BINARIES.iter().flat_map(|b| script(shell, b)).collect();
            gap_core::write_output(&String::from_utf8_lossy(&all))?;
        }
        Some(dir) => binaries::write_each(dir, |b| file_name(shell, b), |b| Ok(script(shell, b)))?,
    }
    Ok(gap_core::Exit::Success)
}
