//! `gap-scan`: parses arguments and hands over to the gap-scan library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let args = gap_scan::Args::parse();
    gap_core::diag::main_with("gap-scan", || gap_scan::run(args))
}
