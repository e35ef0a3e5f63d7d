//! The command line of gap-owners. `gap man` and `gap completions` read it too, so its page and completions
//! ship with the suite's.

use std::path::PathBuf;

/// Maps each module of a gap/1 document to its owners from the repository's CODEOWNERS file and writes the
/// document back with an `owners` field on every module, or prints the gaps per owner.
#[derive(Debug, clap::Parser)]
#[command(name = "gap-owners", version)]
pub struct Args {
    /// The document, scanned or ranked (`-` or absent: stdin).
    pub file: Option<PathBuf>,
    /// The repository root, where CODEOWNERS is looked for (.github/, the root, docs/) [default: $GAP_ROOT,
    /// else the current folder].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Instead of the document, print one line per owner: modules, gaps by kind and priority, missing tests.
    #[arg(long)]
    pub summary: bool,
}
