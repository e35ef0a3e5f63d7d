//! `gap-report`: parses arguments and hands over to the gap-report library.

fn main() -> std::process::ExitCode {
    match gap_core::diag::parse_args::<gap_report::Args>("gap-report") {
        Ok(args) => gap_core::diag::main_with("gap-report", || gap_report::run(args)),
        Err(code) => code,
    }
}
