//! gap-scan: walks a source tree, finds its modules and tests, maps each test to what it exercises, and
//! writes the facts as a gap/1 document on stdout.

pub mod accept;
pub mod assemble;
pub mod category;
pub mod change;
pub mod clike;
pub mod codec;
pub mod convention;
pub mod csharp;
pub mod diff;
pub mod fuzz_input;
pub mod git;
pub mod go;
pub mod history;
pub mod ignores;
pub mod js;
pub mod jvm;
pub mod lang;
pub mod merge;
pub mod model;
pub mod parallel;
pub mod progress;
pub mod python;
pub mod reach;
pub mod reader;
pub mod reexport;
pub mod routes;
pub mod rust;
pub mod safe_read;
pub mod scan;
pub mod shard;
pub mod sources;
pub mod status;
pub mod thin;
pub mod units;
pub mod walk;
pub mod words;

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
    /// Scan only part K of N of the tree (files split by a hash of their path) and write a shard document,
    /// for `gap merge` to join with the other N-1 (docs/performance.md, "Sharding").
    #[arg(
        long,
        value_name = "K/N",
        conflicts_with_all = ["print_config", "print_categories", "since", "diff"]
    )]
    pub shard: Option<shard::Shard>,
    #[command(flatten)]
    pub quiet: gap_core::diag::Quiet,
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
    /// Mark what changed since REV (from the merge base of REV and HEAD to the working tree, untracked files
    /// included): changed modules and, within them, changed public symbols. Needs git history back to REV.
    #[arg(long, value_name = "REV", conflicts_with = "diff")]
    pub since: Option<String>,
    /// Mark what the unified diff FILE changes (`-`: stdin), as --since does; paths relative to the
    /// repository's top, `a/` and `b/` prefixes allowed.
    #[arg(long, value_name = "FILE")]
    pub diff: Option<PathBuf>,
}

/// Reads the diff named by `--diff` (`-`: stdin), up to the size cap of a source file.
fn read_diff(path: &std::path::Path) -> Result<String> {
    use std::io::Read;
    let cap = safe_read::MAX_SOURCE_BYTES;
    let mut bytes = Vec::new();
    let shown = path.display();
    if path == std::path::Path::new("-") {
        std::io::stdin()
            .lock()
            .take(cap + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| anyhow::anyhow!("--diff -: cannot read stdin: {e}"))?;
    } else {
        std::fs::File::open(path)
            .and_then(|f| f.take(cap + 1).read_to_end(&mut bytes))
            .map_err(|e| anyhow::anyhow!("--diff {shown}: cannot read: {e}"))?;
    }
    if bytes.len() as u64 > cap {
        bail!("--diff {shown}: larger than {} MiB", cap >> 20);
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Records the repository's `HEAD` and the root's place in it (when git is read at all: history on, or a
/// change asked for), accepted gaps, and the change of `--since` / `--diff`.
fn mark(
    doc: &mut gap_core::Document,
    marked: accept::MarkedTexts,
    root: &std::path::Path,
    config: &Config,
    args: &ScanOptions,
) -> Result<()> {
    let warnings = accept::apply(doc, marked, config);
    doc.warnings.extend(warnings);
    let wants_git = config.history.enabled || args.since.is_some() || args.diff.is_some();
    let repository = if wants_git {
        change::repository(root)
    } else {
        Err(git::GitError::NotARepository)
    };
    if let Ok(r) = &repository {
        doc.head_commit = r.head_commit.clone();
        doc.repo_path = Some(r.prefix.clone());
    }
    if let Some(rev) = &args.since {
        let repo = repository
            .map_err(|e| anyhow::anyhow!("--since {}: {e}", gap_core::escape::line(rev)))?;
        let (files, base) = change::since(root, rev)?;
        let info = gap_core::ChangeInfo {
            since: Some(rev.clone()),
            base_commit: Some(base),
            ..Default::default()
        };
        change::mark(doc, &files, &repo.prefix, info);
    } else if let Some(path) = &args.diff {
        let files = diff::parse(&read_diff(path)?)
            .map_err(|e| anyhow::anyhow!("--diff {}: {e}", path.display()))?;
        let prefix = match &repository {
            Ok(r) => r.prefix.clone(),
            Err(_) => {
                let known = doc
                    .modules
                    .iter()
                    .map(|m| m.path.as_str())
                    .chain(doc.tests.iter().map(|t| t.path.as_str()))
                    .collect();
                let p = change::infer_prefix(&files, &known);
                doc.repo_path = Some(p.clone());
                p
            }
        };
        let info = gap_core::ChangeInfo {
            diff: Some(path.display().to_string()),
            ..Default::default()
        };
        change::mark(doc, &files, &prefix, info);
        let marked = doc.change.as_ref().is_some_and(|c| !c.files.is_empty());
        if !marked {
            let why = if files.is_empty() {
                "names no file (is it a unified diff, as `git diff` writes?)".to_string()
            } else {
                format!(
                    "names {} file{}, none of them under the scanned root",
                    files.len(),
                    if files.len() == 1 { "" } else { "s" }
                )
            };
            doc.warnings.push(gap_core::Warning {
                path: String::new(),
                message: format!(
                    "--diff {}: the diff {why}; nothing is marked as changed",
                    path.display()
                ),
                extra: Default::default(),
            });
        }
    }
    doc.canonicalize();
    Ok(())
}

/// The configuration for a scan of `root`: `--config FILE`, else the first of gap.toml, pyproject.toml's
/// `[tool.gap]` and Cargo.toml's metadata that the root holds, else the defaults; with a warning for each
/// pyproject.toml or Cargo.toml that `safe_read` refuses (a link, a FIFO: a project file, read only for its
/// gap section, never fails the scan). A gap.toml or `--config FILE` that cannot be read is an error.
pub fn load_config(
    root: &std::path::Path,
    file: Option<&std::path::Path>,
) -> Result<(Config, Vec<gap_core::Warning>)> {
    use gap_core::config::{parse, Source};
    let read = |p: &std::path::Path| {
        safe_read::read_text(p).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))
    };
    if let Some(f) = file {
        let text = read(f)?;
        let config = parse(&text, &f.display().to_string(), Source::GapToml)
            .map_err(anyhow::Error::msg)?
            .unwrap_or_default();
        return Ok((config, Vec::new()));
    }
    let mut warnings = Vec::new();
    for (name, source) in [
        ("gap.toml", Source::GapToml),
        ("pyproject.toml", Source::Pyproject),
        ("Cargo.toml", Source::CargoToml),
    ] {
        let p = root.join(name);
        if p.symlink_metadata().is_err() {
            continue;
        }
        let text = match (safe_read::read_text(&p), source) {
            (Ok(text), _) => text,
            (Err(e), Source::GapToml) => bail!("{}: {e}", p.display()),
            (Err(e), _) => {
                warnings.push(gap_core::Warning {
                    path: name.to_string(),
                    message: format!("{e}; its gap section, if any, is not applied"),
                    extra: Default::default(),
                });
                continue;
            }
        };
        if let Some(c) =
            parse(&text, &p.display().to_string(), source).map_err(anyhow::Error::msg)?
        {
            return Ok((c, warnings));
        }
    }
    Ok((Config::default(), warnings))
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

/// The configuration `options` ask for at `root`, with the warnings of reading it.
fn configure(
    root: &std::path::Path,
    options: &ScanOptions,
) -> Result<(Config, Vec<gap_core::Warning>)> {
    let (mut config, warnings) = load_config(root, options.config.as_deref())?;
    if options.no_history {
        config.history.enabled = false;
    }
    Ok((config, warnings))
}

/// The document of a scan of `root` with `config`, its warnings (`config_warnings` first) included and
/// collections in order, and the texts of the files with accepted-gap markers.
fn document(
    root: &std::path::Path,
    config: &Config,
    config_warnings: Vec<gap_core::Warning>,
) -> (gap_core::Document, accept::MarkedTexts) {
    let (mut doc, marked) = scan::scan(root, &root.to_string_lossy(), config);
    doc.warnings.extend(config_warnings);
    doc.warnings
        .extend(thin::check(&doc, &category::root_name(root)));
    doc.canonicalize();
    (doc, marked)
}

/// Prints the document's warnings on stderr, one `gap-scan: warning:` line each.
fn print_warnings(doc: &gap_core::Document) {
    print_warnings_of("gap-scan", doc);
}

/// Prints the document's warnings on stderr, one `TOOL: warning:` line each.
fn print_warnings_of(tool: &str, doc: &gap_core::Document) {
    for w in &doc.warnings {
        let at = if w.path.is_empty() {
            String::new()
        } else {
            format!("{}: ", w.path)
        };
        gap_core::diag::warn(tool, &format!("{at}{}", w.message));
    }
    if std::env::var_os(STATS_VAR).is_some() {
        eprintln!("gap-scan: stats: re-export steps: {}", reexport::steps());
    }
}

/// The document of a scan of `root` with `config`, with accepted gaps and the change `options` asks for marked.
fn marked_document(
    root: &std::path::Path,
    config: &Config,
    config_warnings: Vec<gap_core::Warning>,
    options: &ScanOptions,
) -> Result<gap_core::Document> {
    let (mut doc, marked) = document(root, config, config_warnings);
    mark(&mut doc, marked, root, config, options)?;
    Ok(doc)
}

/// Scans `root` as `gap-scan ROOT` with `options` does and returns the document instead of writing it; the
/// warnings are printed on stderr. The front command `gap` runs its pipeline through this.
pub fn scan_root(root: &std::path::Path, options: &ScanOptions) -> Result<gap_core::Document> {
    check_root(root)?;
    let (config, config_warnings) = configure(root, options)?;
    let doc = marked_document(root, &config, config_warnings, options)?;
    print_warnings(&doc);
    Ok(doc)
}

/// Runs gap-scan.
pub fn run(args: Args) -> Result<Exit> {
    args.quiet.apply();
    parallel::ends_after_output();
    let root = &args.path;
    check_root(root)?;
    let (mut config, config_warnings) = configure(root, &args.options)?;
    if args.print_config {
        gap_core::write_output(&config.to_toml())?;
        return Ok(Exit::Success);
    }
    if args.print_categories {
        config.history.enabled = false;
        let (doc, _) = document(root, &config, config_warnings);
        let mut modules = doc.modules.clone();
        let (categories, plan) =
            category::assign(&mut modules, &config, &category::root_name(root));
        gap_core::write_output(&category::describe(&categories, &modules, &plan))?;
        return Ok(Exit::Success);
    }
    let doc = match args.shard {
        Some(part) => {
            let label = root.to_string_lossy();
            shard::document(
                root,
                &label,
                &config,
                config_warnings,
                part,
                reader::READERS,
            )?
        }
        None => marked_document(root, &config, config_warnings, &args.options)?,
    };
    print_warnings(&doc);
    gap_core::write_document(&doc, std::io::stdout().lock())?;
    // The process ends next and gives its memory back at once: freeing the document piece by piece first
    // took 0.17 s on python-1m (`ends_after_output` above: left to the exit, as the records are).
    parallel::drop_at_exit(doc);
    Ok(Exit::Success)
}

/// Set (to anything), gap-scan prints how much work bounded searches did, for tests that show a hostile tree
/// cannot make them explode; not an interface.
pub const STATS_VAR: &str = "GAP_TEST_STATS";
