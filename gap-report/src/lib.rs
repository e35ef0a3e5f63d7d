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
    /// Aligned tables for a terminal.
    Table,
    /// Only the per-category trees.
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
    /// Output format [default: table on a terminal, markdown otherwise].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Rows of the Critical Gaps table at most.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Rows of the Summary table: one per category, or one per language.
    #[arg(long, value_enum, default_value_t = gaps::By::Category)]
    pub by: gaps::By,
    /// When to colour the table format.
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
    let doc = gap_core::read_input(args.file.as_deref())?;
    let source = source_name(args.file.as_deref());
    let report = gaps::build(&doc, args.top, args.by).map_err(|e| anyhow!("{source}: {e}"))?;
    let terminal = std::io::stdout().is_terminal();
    let format = args.format.unwrap_or(if terminal {
        Format::Table
    } else {
        Format::Markdown
    });
    let text = match format {
        Format::Json => {
            gap_core::write_document(&doc, std::io::stdout().lock())?;
            return Ok(Exit::Success);
        }
        Format::Markdown => render::markdown::render(&report),
        Format::Tree => render::tree::render(&report),
        Format::Table => {
            let no_color = std::env::var_os("NO_COLOR");
            let no_color = no_color.as_ref().map(|v| v.to_string_lossy());
            let on = style::use_color(args.color, terminal, no_color.as_deref());
            render::table::render(&report, style::Paint { on })
        }
    };
    gap_core::write_output(&text)?;
    Ok(Exit::Success)
}
