//! gap-report: renders a ranked gap/1 document as markdown, terminal tables, trees, JSON, GitHub annotations
//! or SARIF, checks the gates a pipeline asks for, and compares with a baseline.

pub mod accepted;
pub mod baseline;
pub mod changes;
pub mod gaps;
pub mod gate;
pub mod render;
pub mod style;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{anyhow, bail, Result};
use clap::{Parser, ValueEnum};
use gap_core::Exit;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// GitHub-flavoured markdown.
    Markdown,
    /// Aligned tables for a terminal, fitted to `COLUMNS` or the terminal's width.
    Table,
    /// Only the per-category trees, for a terminal, fitted like the tables.
    Tree,
    /// The ranked document itself.
    Json,
    /// GitHub Actions workflow commands: an annotation per gap on its file and line.
    Github,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
}

/// A priority on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    /// CRITICAL.
    Critical,
    /// HIGH or above.
    High,
    /// MEDIUM or above.
    Medium,
    /// Any gap.
    Low,
}

impl From<Level> for gap_core::Priority {
    fn from(l: Level) -> Self {
        match l {
            Level::Critical => gap_core::Priority::Critical,
            Level::High => gap_core::Priority::High,
            Level::Medium => gap_core::Priority::Medium,
            Level::Low => gap_core::Priority::Low,
        }
    }
}

/// A percent from 0 to 100.
fn percent_arg(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("not a number: {text}"))?;
    if (0.0..=100.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{text} is not a percent from 0 to 100"))
    }
}

/// Renders the test-gap report of a ranked gap/1 document (from FILE or stdin).
#[derive(Debug, Parser)]
#[command(name = "gap-report", version, about)]
pub struct Args {
    /// The ranked document (`-` or absent: stdin).
    pub file: Option<PathBuf>,
    /// What the report shows and how; `gap` takes the same flags.
    #[command(flatten)]
    pub options: ReportOptions,
    #[command(flatten)]
    pub quiet: gap_core::diag::Quiet,
}

/// The flags of the report that the front command `gap` shares: defined once here, flattened into both.
#[derive(Debug, Clone, clap::Args)]
pub struct ReportOptions {
    /// Output format [default: table on a terminal, markdown otherwise].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Rows of the Critical Gaps table at most.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Rows of the Summary table: one per category, or one per language.
    #[arg(long, value_enum, default_value_t = gaps::By::Category)]
    pub by: gaps::By,
    /// How much the trees show: the most urgent gap lines of each (summary), or every file (full).
    #[arg(long, value_enum, default_value_t = gaps::Detail::Summary)]
    pub detail: gaps::Detail,
    /// When to colour the table and tree formats.
    #[arg(long, value_enum, default_value_t = style::ColorChoice::Auto)]
    pub color: style::ColorChoice,
    /// Gate: exit 1 (after writing the output) when a gap that is not accepted has this priority or higher
    /// [default: fail_on of gap.toml].
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<Level>,
    /// Gate: exit 1 when the total coverage (modules with direct tests, accepted gaps left out) is below
    /// PERCENT [default: fail_under of gap.toml].
    #[arg(long, value_name = "PERCENT", value_parser = percent_arg)]
    pub fail_under: Option<f64>,
    /// Compare with an earlier ranked document: new, closed and changed gaps, renames, coverage deltas.
    #[arg(long, value_name = "OLD.json")]
    pub baseline: Option<PathBuf>,
    /// Make --fail-on count only gaps that are new since --baseline, or rose to its level.
    #[arg(long, requires = "baseline")]
    pub fail_on_new: bool,
    /// Markdown: keep the report within N bytes, cutting the least urgent parts first and saying what was cut
    /// [without N: 65000, under GitHub's 65,536-character comment limit].
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "65000")]
    pub max_bytes: Option<usize>,
}

/// The name of the input in messages: the path, or `<stdin>`.
fn source_name(file: Option<&std::path::Path>) -> String {
    match file {
        Some(p) if p.as_os_str() != "-" => p.display().to_string(),
        _ => "<stdin>".to_string(),
    }
}

/// Reads the baseline document and compares `doc` with it.
fn compare_with(path: &std::path::Path, doc: &gap_core::Document) -> Result<baseline::Comparison> {
    let source = path.display().to_string();
    let old = gap_core::read_input(Some(path)).map_err(|e| anyhow!("--baseline {e}"))?;
    if old.modules.iter().any(|m| m.priority.is_none()) {
        bail!("--baseline {source}: {}", gaps::NOT_RANKED);
    }
    Ok(baseline::compare(&old, doc, &source))
}

/// Runs gap-report: reads the ranked document, renders it in the chosen format, writes it to stdout, then
/// checks the gates (exit 1 when one failed).
pub fn run(args: Args) -> Result<Exit> {
    args.quiet.apply();
    gap_core::io::refuse_terminal_stdin(
        args.file.as_deref(),
        "gap-report reads a ranked gap/1 document: `gap-scan PATH | gap-rank | gap-report`, or `gap-report FILE`",
    )?;
    let doc = gap_core::read_input(args.file.as_deref())?;
    let exit = write_report(&doc, &source_name(args.file.as_deref()), &args.options);
    // The process ends next and gives its memory back at once, without freeing the document piece by piece.
    std::mem::forget(doc);
    exit
}

/// Whether the table and tree formats colour their output on this stdout under `choice` and `NO_COLOR`.
pub fn color_on(choice: style::ColorChoice) -> bool {
    let no_color = std::env::var_os("NO_COLOR");
    let no_color = no_color.as_ref().map(|v| v.to_string_lossy());
    style::use_color(choice, std::io::stdout().is_terminal(), no_color.as_deref())
}

/// Renders a ranked document as `options` ask and writes it to stdout; `source` names the document in errors.
/// The front command `gap` ends its pipeline with this.
pub fn write_report(
    doc: &gap_core::Document,
    source: &str,
    options: &ReportOptions,
) -> Result<Exit> {
    let mut report = gaps::build(doc, options.top, options.by, options.detail)
        .map_err(|e| anyhow!("{source}: {e}"))?;
    if let Some(path) = &options.baseline {
        report.baseline = Some(compare_with(path, doc)?);
    }
    let gates = gate::Gates::resolve(
        options.fail_on.map(Into::into),
        options.fail_under,
        options.fail_on_new,
        doc,
    );
    if gates.only_new && gates.fail_on.is_none() {
        bail!("--fail-on-new modifies --fail-on: give --fail-on LEVEL (or fail_on in gap.toml)");
    }
    if !gates.is_empty() {
        report.gates = Some(gate::check(doc, &gates, report.baseline.as_ref()));
    }
    let terminal = std::io::stdout().is_terminal();
    let format = options.format.unwrap_or(if terminal {
        Format::Table
    } else {
        Format::Markdown
    });
    if options.max_bytes.is_some() && format != Format::Markdown {
        bail!("--max-bytes applies to --format markdown");
    }
    let text = match format {
        Format::Json => {
            gap_core::write_document(doc, std::io::stdout().lock())?;
            String::new()
        }
        Format::Markdown => match options.max_bytes {
            Some(max) => render::budget::fit(render::markdown::sections(&report), max),
            None => render::markdown::render(&report),
        },
        Format::Github => render::github::render(doc, &report),
        Format::Sarif => render::sarif::render(doc, &report),
        Format::Tree | Format::Table => {
            let paint = style::Paint {
                on: color_on(options.color),
            };
            let columns = std::env::var_os("COLUMNS");
            let columns = columns.as_ref().map(|v| v.to_string_lossy());
            let max = render::width::terminal_width(columns.as_deref(), terminal);
            if format == Format::Tree {
                render::tree::render(&report, paint, max)
            } else {
                render::table::render(&report, paint, max)
            }
        }
    };
    gap_core::write_output(&text)?;
    match &report.gates {
        Some(outcome) if outcome.failed() => {
            for c in outcome.checks.iter().filter(|c| !c.passed) {
                let _ = writeln!(
                    std::io::stderr(),
                    "gap-report: gate failed: {}: {}",
                    c.gate,
                    gap_core::escape::line(&c.finding)
                );
            }
            Ok(Exit::GateFailed)
        }
        _ => Ok(Exit::Success),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_bytes_without_a_number_is_the_default_cap() {
        let args = Args::try_parse_from(["gap-report", "--max-bytes"]).unwrap();
        assert_eq!(
            args.options.max_bytes,
            Some(render::budget::DEFAULT_MAX_BYTES)
        );
        let args = Args::try_parse_from(["gap-report", "--max-bytes", "900"]).unwrap();
        assert_eq!(args.options.max_bytes, Some(900));
    }
}
