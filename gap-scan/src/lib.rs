//! gap-scan: walks a source tree, finds its modules and tests, maps each test to what it exercises, and
//! writes the facts as a gap/1 document on stdout.

pub mod category;
pub mod clike;
pub mod go;
pub mod js;
pub mod jvm;
pub mod lang;
pub mod model;
pub mod python;
pub mod rust;
pub mod scan;
pub mod walk;

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::Parser;
use gap_core::Exit;

/// Finds source modules and tests under PATH and writes what tests exercise as a gap/1 JSON document.
#[derive(Debug, Parser)]
#[command(name = "gap-scan", version, about)]
pub struct Args {
    /// The folder to scan.
    #[arg(default_value = ".")]
    pub path: PathBuf,
}

/// Runs gap-scan.
pub fn run(args: Args) -> Result<Exit> {
    let root = &args.path;
    if !root.exists() {
        bail!("{}: no such file or directory", root.display());
    }
    if !root.is_dir() {
        bail!(
            "{}: not a directory; gap-scan scans folders",
            root.display()
        );
    }
    let doc = scan::scan(root, &root.to_string_lossy());
    for w in &doc.warnings {
        let at = if w.path.is_empty() {
            String::new()
        } else {
            format!("{}: ", w.path)
        };
        gap_core::diag::warn("gap-scan", &format!("{at}{}", w.message));
    }
    gap_core::write_document(&doc, std::io::stdout().lock())?;
    Ok(Exit::Success)
}
