//! `gap --list`: the built-in commands, the plugins found with their versions and paths, and the plugins found
//! where they are never run from.

use std::path::Path;

use anyhow::Result;
use clap::CommandFactory;
use gap_core::escape;

use crate::plugins::{self, Plugin, Refused, Search, Version};

/// The built-in commands and the first line of what each does.
pub fn built_ins() -> Vec<(String, String)> {
    crate::cli::Cli::command()
        .get_subcommands()
        .map(|c| {
            let about = c.get_about().map(|a| a.to_string()).unwrap_or_default();
            let about = about
                .lines()
                .next()
                .unwrap_or("")
                .trim_end_matches('.')
                .to_string();
            (c.get_name().to_string(), about)
        })
        .collect()
}

/// Rows as aligned columns, each line indented by four spaces.
fn columns(rows: &[Vec<String>]) -> String {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::from("   ");
        for (cell, w) in row.iter().zip(&widths) {
            line.push(' ');
            line.push_str(&format!("{cell:<w$}"));
            line.push(' ');
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The whole listing.
pub fn render(
    built_ins: &[(String, String)],
    plugins: &[(Plugin, Version)],
    refused: &[Refused],
    tree: &Path,
) -> String {
    let mut out = String::from("Built-in commands:\n");
    let rows: Vec<Vec<String>> = built_ins
        .iter()
        .map(|(name, about)| vec![name.clone(), about.clone()])
        .collect();
    out.push_str(&columns(&rows));
    out.push_str("\nPlugins (gap NAME runs gap-NAME):\n");
    if plugins.is_empty() {
        out.push_str("    none found beside gap or on PATH\n");
    }
    let rows: Vec<Vec<String>> = plugins
        .iter()
        .map(|(p, v)| {
            vec![
                escape::line(&p.name).into_owned(),
                v.to_string(),
                escape::line(&p.path.to_string_lossy()).into_owned(),
            ]
        })
        .collect();
    out.push_str(&columns(&rows));
    if !refused.is_empty() {
        out.push_str("\nNot run (found where plugins are never looked up):\n");
        let rows: Vec<Vec<String>> = refused
            .iter()
            .map(|r| {
                vec![
                    escape::line(&r.plugin.name).into_owned(),
                    escape::line(&r.plugin.path.to_string_lossy()).into_owned(),
                    format!("({})", escape::line(&r.why.describe(tree))),
                ]
            })
            .collect();
        out.push_str(&columns(&rows));
    }
    out
}

/// Prints the listing, asking every plugin found for its version (each killed past
/// [`plugins::VERSION_TIMEOUT`]).
pub fn run() -> Result<gap_core::Exit> {
    let search = Search::from_env();
    let (found, refused) = search.all();
    let versions = plugins::versions(&found, plugins::VERSION_TIMEOUT);
    let found: Vec<(Plugin, Version)> = found.into_iter().zip(versions).collect();
    gap_core::write_output(&render(&built_ins(), &found, &refused, &search.tree))?;
    Ok(gap_core::Exit::Success)
}
