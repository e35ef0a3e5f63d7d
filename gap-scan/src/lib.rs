//! gap-scan: walks a source tree, finds its modules and tests, maps each test to what it exercises, and
//! writes the facts as a gap/1 document on stdout.

pub mod assemble;
pub mod category;
pub mod clike;
pub mod convention;
pub mod git;
pub mod go;
pub mod history;
pub mod js;
pub mod jvm;
pub mod lang;
pub mod model;
pub mod parallel;
pub mod python;
pub mod reach;
pub mod reader;
pub mod routes;
pub mod rust;
pub mod safe_read;
pub mod scan;
pub mod sources;
pub mod status;
pub mod thin;
pub mod units;
pub mod walk;

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::Parser;
use gap_core::{Config, Exit};

/// Finds source modules and tests under PATH and writes what tests exercise as a gap/1 JSON document.
#[derive(Debug, Parser)]
#[command(name = "gap-scan", version, about)]
pub struct Args {
    /// The folder to scan.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Configuration file [default: PATH/gap.toml, else [tool.gap] of pyproject.toml, else
    /// [workspace.metadata.gap] or [package.metadata.gap] of Cargo.toml].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print the effective configuration as TOML and exit.
    #[arg(long)]
    pub print_config: bool,
    /// Do not read change history from git.
    #[arg(long)]
    pub no_history: bool,
    /// Print the categories the scan puts modules in (name, folder, size, folders rolled up) and exit.
    #[arg(long)]
    pub print_categories: bool,
}

/// The configuration for a scan of `root`: `--config FILE`, else the first of gap.toml, pyproject.toml's
/// `[tool.gap]` and Cargo.toml's metadata that the root holds, else the defaults.
pub fn load_config(root: &std::path::Path, file: Option<&std::path::Path>) -> Result<Config> {
    use gap_core::config::{parse, Source};
    let read = |p: &std::path::Path| {
        safe_read::read_text(p).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))
    };
    if let Some(f) = file {
        let text = read(f)?;
        return Ok(parse(&text, &f.display().to_string(), Source::GapToml)
            .map_err(anyhow::Error::msg)?
            .unwrap_or_default());
    }
    for (name, source) in [
        ("gap.toml", Source::GapToml),
        ("pyproject.toml", Source::Pyproject),
        ("Cargo.toml", Source::CargoToml),
    ] {
        let p = root.join(name);
        if p.symlink_metadata().is_ok() {
            if let Some(c) =
                parse(&read(&p)?, &p.display().to_string(), source).map_err(anyhow::Error::msg)?
            {
                return Ok(c);
            }
        }
    }
    Ok(Config::default())
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
    let mut config = load_config(root, args.config.as_deref())?;
    if args.no_history {
        config.history.enabled = false;
    }
    if args.print_config {
        gap_core::write_output(&config.to_toml())?;
        return Ok(Exit::Success);
    }
    if args.print_categories {
        config.history.enabled = false;
    }
    let mut doc = scan::scan(root, &root.to_string_lossy(), &config);
    doc.warnings
        .extend(thin::check(&doc, &category::root_name(root)));
    doc.canonicalize();
    if args.print_categories {
        let mut modules = doc.modules.clone();
        let (categories, plan) =
            category::assign(&mut modules, &config, &category::root_name(root));
        gap_core::write_output(&category::describe(&categories, &modules, &plan))?;
        return Ok(Exit::Success);
    }
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
