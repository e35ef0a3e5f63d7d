//! gap-owners, an example gap plugin in Rust: reads a gap/1 document through gap-core's types, gives every
//! module the owners CODEOWNERS names for it, and writes the document back (every field it does not know kept)
//! or prints the gaps per owner. `gap owners` runs it; docs/plugins.md is the protocol it follows.

mod cli;
mod codeowners;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Parser;
use gap_core::{escape, Document, Exit, Priority, Status, Tool};

fn main() -> std::process::ExitCode {
    let args = cli::Args::parse();
    gap_core::diag::main_with("gap-owners", || run(args))
}

/// The owners field every module gains.
const FIELD: &str = "owners";

/// Shown for modules no rule owns.
const NOBODY: &str = "(no owner)";

fn run(args: cli::Args) -> Result<Exit> {
    gap_core::io::refuse_terminal_stdin(
        args.file.as_deref(),
        "gap-owners reads a gap/1 document: `gap scan . | gap rank | gap owners`, or `gap owners FILE`",
    )?;
    let mut doc = gap_core::read_input(args.file.as_deref())?;
    let root = args
        .root
        .or_else(|| std::env::var_os("GAP_ROOT").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("."));
    let rules = match codeowners::read(&root)? {
        Some((place, text)) => {
            let (rules, skipped) = codeowners::Rules::parse(&text);
            for why in skipped {
                gap_core::diag::warn("gap-owners", &format!("{place}:{why}"));
            }
            rules
        }
        None => {
            gap_core::diag::warn(
                "gap-owners",
                &format!(
                    "{}: no CODEOWNERS in .github/, the root or docs/; every module is without owner",
                    root.display()
                ),
            );
            codeowners::Rules::default()
        }
    };
    let prefix = prefix(&doc.root, &root);
    for m in &mut doc.modules {
        let owners = rules.owners(&format!("{prefix}{}", m.path));
        m.extra.insert(FIELD.into(), serde_json::json!(owners));
    }
    if args.summary {
        gap_core::write_output(&summary(&doc))?;
        return Ok(Exit::Success);
    }
    doc.stamp(Tool::new("gap-owners", env!("CARGO_PKG_VERSION")));
    gap_core::write_document(&doc, std::io::stdout().lock())?;
    Ok(Exit::Success)
}

/// Where the scanned root lies inside the repository root `repo`, as a `/`-ended prefix of module paths
/// (`backend/` when the document came from `gap scan backend`); empty when it is the repository root or
/// lies outside it. The document's root is only compared, never read from.
fn prefix(doc_root: &str, repo: &Path) -> String {
    let (Ok(scanned), Ok(repo)) = (Path::new(doc_root).canonicalize(), repo.canonicalize()) else {
        return String::new();
    };
    match scanned.strip_prefix(&repo) {
        Ok(rest) if !rest.as_os_str().is_empty() => {
            let parts: Vec<_> = rest.iter().map(|p| p.to_string_lossy()).collect();
            format!("{}/", parts.join("/"))
        }
        _ => String::new(),
    }
}

/// One owner's tally over testable modules.
#[derive(Default)]
struct Tally {
    modules: u64,
    no_direct: u64,
    weak: u64,
    critical: u64,
    high: u64,
    missing: u64,
}

/// One line per owner (a module with several owners counts for each), most critical gaps first.
fn summary(doc: &Document) -> String {
    let mut by_owner: BTreeMap<String, Tally> = BTreeMap::new();
    for m in doc.modules.iter().filter(|m| m.testable) {
        let owners: Vec<String> = m
            .extra
            .get(FIELD)
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|o| o.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        let owners = if owners.is_empty() {
            vec![NOBODY.to_string()]
        } else {
            owners
        };
        for owner in owners {
            let t = by_owner.entry(owner).or_default();
            t.modules += 1;
            match m.status {
                Status::Untested | Status::Indirect => t.no_direct += 1,
                Status::ImportOnly | Status::Limited => t.weak += 1,
                Status::Tested => {}
            }
            if m.status != Status::Tested {
                t.critical += u64::from(m.priority == Some(Priority::Critical));
                t.high += u64::from(m.priority == Some(Priority::High));
            }
            t.missing = t.missing.saturating_add(m.missing_tests.unwrap_or(0));
        }
    }
    let mut rows: Vec<(String, Tally)> = by_owner.into_iter().collect();
    rows.sort_by(|a, b| {
        (b.1.critical, b.1.high, b.1.no_direct + b.1.weak)
            .cmp(&(a.1.critical, a.1.high, a.1.no_direct + a.1.weak))
            .then_with(|| a.0.cmp(&b.0))
    });
    let red = std::env::var("GAP_COLOR").is_ok_and(|c| c == "always");
    let header = [
        "owner",
        "modules",
        "no direct test",
        "weak",
        "critical",
        "high",
        "missing tests",
    ];
    let table: Vec<[String; 7]> = rows
        .iter()
        .map(|(owner, t)| {
            [
                escape::line(owner).into_owned(),
                t.modules.to_string(),
                t.no_direct.to_string(),
                t.weak.to_string(),
                t.critical.to_string(),
                t.high.to_string(),
                format!("~{}", t.missing),
            ]
        })
        .collect();
    let width = |i: usize| {
        table
            .iter()
            .map(|r| r[i].chars().count())
            .chain([header[i].len()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..7).map(width).collect();
    let mut out = String::new();
    let line = |cells: &[String], critical: u64| {
        let mut l = format!("{:<w$}", cells[0], w = widths[0]);
        for (i, cell) in cells.iter().enumerate().skip(1) {
            let padded = format!("{cell:>w$}", w = widths[i]);
            if i == 4 && red && critical > 0 {
                l.push_str(&format!("  \x1b[1;31m{padded}\x1b[0m"));
            } else {
                l.push_str(&format!("  {padded}"));
            }
        }
        l.trim_end().to_string() + "\n"
    };
    out.push_str(&line(&header.map(String::from), 0));
    for (cells, (_, t)) in table.iter().zip(&rows) {
        out.push_str(&line(cells, t.critical));
    }
    out
}
