//! The pipeline `gap [PATH]` runs: scan, rank and report in one process, through the stages' libraries, as
//! `gap-scan PATH | gap-rank | gap-report` does with the same flags.
//!
//! The pipeline's flags are the stages' own option groups ([`gap_scan::ScanOptions`],
//! [`gap_report::ReportOptions`]), flattened into `gap`'s command line: a flag added to one of them, such as
//! the CI gates `--fail-on`, `--fail-under`, `--baseline` or `--since`, is a flag of `gap` at once, and what
//! the stage returns (1 for a failed gate) is the pipeline's exit code.

use std::path::PathBuf;

use anyhow::Result;
use gap_core::Exit;

/// A run of the whole pipeline: the folder and each stage's flags.
#[derive(Debug, Clone)]
pub struct Pipeline {
    /// The folder to scan.
    pub root: PathBuf,
    /// gap-scan's flags.
    pub scan: gap_scan::ScanOptions,
    /// gap-report's flags.
    pub report: gap_report::ReportOptions,
    /// `--quiet`: no warnings.
    pub quiet: gap_core::diag::Quiet,
}

impl Pipeline {
    /// Scans, ranks and writes the report on stdout. The exit code is the first failing stage's: an error
    /// of any stage ends the run (2), and the report's own outcome is the pipeline's.
    pub fn run(&self) -> Result<Exit> {
        self.quiet.apply();
        let mut doc = gap_scan::scan_root(&self.root, &self.scan)?;
        gap_rank::rank_document(&mut doc)?;
        gap_report::write_report(&doc, &self.root.display().to_string(), &self.report)
    }
}
