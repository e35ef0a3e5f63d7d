//! `gap-rank`: parses arguments and hands over to the gap-rank library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let args = gap_rank::Args::parse();
    gap_core::diag::main_with("gap-rank", || gap_rank::run(args))
}
