//! gap-report: renders a ranked gap/1 document as markdown, terminal tables, trees or JSON.

pub mod gaps;
pub mod render;
pub mod style;

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{anyhow, Result};
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
}

/// The name of the input in messages: the path, or `<stdin>`.
fn source_name(file: Option<&std::path::Path>) -> String {
    match file {
        Some(p) if p.as_os_str() != "-" => p.display().to_string(),
        _ => "<stdin>".to_string(),
    }
}

/// Runs gap-report: reads the ranked document, renders it in the chosen format, writes it to stdout.
pub fn run(args: Args) -> Result<Exit> {
    args.quiet.apply();
    gap_core::io::refuse_terminal_stdin(
        args.file.as_deref(),
        "gap-report reads a ranked gap/1 document: `gap-scan PATH | gap-rank | gap-report`, or `gap-report FILE`",
    )?;
    let doc = gap_core::read_input(args.file.as_deref())?;
    write_report(&doc, &source_name(args.file.as_deref()), &args.options)
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
    let report = gaps::build(doc, options.top, options.by, options.detail)
        .map_err(|e| anyhow!("{source}: {e}"))?;
    let terminal = std::io::stdout().is_terminal();
    let format = options.format.unwrap_or(if terminal {
        Format::Table
    } else {
        Format::Markdown
    });
    let text = match format {
        Format::Json => {
            gap_core::write_document(doc, std::io::stdout().lock())?;
            return Ok(Exit::Success);
        }
        Format::Markdown => render::markdown::render(&report),
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
    Ok(Exit::Success)
}
