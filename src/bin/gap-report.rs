//! `gap-report`: parses arguments and hands over to the gap-report library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let args = gap_report::Args::parse();
    gap_core::diag::main_with("gap-report", || gap_report::run(args))
}
