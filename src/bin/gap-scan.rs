//! `gap-scan`: parses arguments and hands over to the gap-scan library.

/// mimalloc instead of the system allocator: see docs/performance.md, "Fourth pass".
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    match gap_core::diag::parse_args::<gap_scan::Args>("gap-scan") {
        Ok(args) => gap_core::diag::main_with("gap-scan", || gap_scan::run(args)),
        Err(code) => code,
    }
}
