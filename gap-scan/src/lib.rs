//! gap-scan: walks a source tree, finds its modules and tests, maps each test to what it exercises, and
//! writes the facts as a gap/1 document on stdout.

pub mod assemble;
pub mod category;
pub mod clike;
pub mod convention;
pub mod csharp;
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
    /// What the scan reads and how; `gap` takes the same flags.
    #[command(flatten)]
    pub options: ScanOptions,
    /// Print the effective configuration as TOML and exit.
    #[arg(long)]
    pub print_config: bool,
    /// Print the categories the scan puts modules in (name, folder, size, folders rolled up) and exit.
    #[arg(long)]
    pub print_categories: bool,
}

/// The flags of a scan that the front command `gap` shares: defined once here, flattened into both.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ScanOptions {
    /// Configuration file [default: PATH/gap.toml, else [tool.gap] of pyproject.toml, else
    /// [workspace.metadata.gap] or [package.metadata.gap] of Cargo.toml].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not read change history from git.
    #[arg(long)]
    pub no_history: bool,
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

/// Refuses a root that is missing or not a folder.
fn check_root(root: &std::path::Path) -> Result<()> {
    if !root.exists() {
        bail!("{}: no such file or directory", root.display());
    }
    if !root.is_dir() {
        bail!(
            "{}: not a directory; gap-scan scans folders",
            root.display()
        );
    }
    Ok(())
}

/// The configuration `options` ask for at `root`.
fn configure(root: &std::path::Path, options: &ScanOptions) -> Result<Config> {
    let mut config = load_config(root, options.config.as_deref())?;
    if options.no_history {
        config.history.enabled = false;
    }
    Ok(config)
}

/// The document of a scan of `root` with `config`, its warnings included and collections in order.
fn document(root: &std::path::Path, config: &Config) -> gap_core::Document {
    let mut doc = scan::scan(root, &root.to_string_lossy(), config);
    doc.warnings
        .extend(thin::check(&doc, &category::root_name(root)));
    doc.canonicalize();
    doc
}

/// Prints the document's warnings on stderr, one `gap-scan: warning:` line each.
fn print_warnings(doc: &gap_core::Document) {
    for w in &doc.warnings {
        let at = if w.path.is_empty() {
            String::new()
        } else {
            format!("{}: ", w.path)
        };
        gap_core::diag::warn("gap-scan", &format!("{at}{}", w.message));
    }
}

/// Scans `root` as `gap-scan ROOT` with `options` does and returns the document instead of writing it; the
/// warnings are printed on stderr. The front command `gap` runs its pipeline through this.
pub fn scan_root(root: &std::path::Path, options: &ScanOptions) -> Result<gap_core::Document> {
    check_root(root)?;
    let doc = document(root, &configure(root, options)?);
    print_warnings(&doc);
    Ok(doc)
}

/// Runs gap-scan.
pub fn run(args: Args) -> Result<Exit> {
    let root = &args.path;
    check_root(root)?;
    let mut config = configure(root, &args.options)?;
    if args.print_config {
        gap_core::write_output(&config.to_toml())?;
        return Ok(Exit::Success);
    }
    if args.print_categories {
        config.history.enabled = false;
        let doc = document(root, &config);
        let mut modules = doc.modules.clone();
        let (categories, plan) =
            category::assign(&mut modules, &config, &category::root_name(root));
        gap_core::write_output(&category::describe(&categories, &modules, &plan))?;
        return Ok(Exit::Success);
    }
    let doc = document(root, &config);
    print_warnings(&doc);
    gap_core::write_document(&doc, std::io::stdout().lock())?;
    Ok(Exit::Success)
}
