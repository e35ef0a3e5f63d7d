//! `gap-rank`: parses arguments and hands over to the gap-rank library.

fn main() -> std::process::ExitCode {
    match gap_core::diag::parse_args::<gap_rank::Args>("gap-rank") {
        Ok(args) => gap_core::diag::main_with("gap-rank", || gap_rank::run(args)),
        Err(code) => code,
    }
}
