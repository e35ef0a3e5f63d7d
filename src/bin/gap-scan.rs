//! `gap-scan`: parses arguments and hands over to the gap-scan library.

fn main() -> std::process::ExitCode {
    match gap_core::diag::parse_args::<gap_scan::Args>("gap-scan") {
        Ok(args) => gap_core::diag::main_with("gap-scan", || gap_scan::run(args)),
        Err(code) => code,
    }
}
