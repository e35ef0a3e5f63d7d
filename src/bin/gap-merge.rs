//! `gap-merge`: parses arguments and hands over to the gap-scan library's merge of shard documents.

fn main() -> std::process::ExitCode {
    match gap_core::diag::parse_args::<gap_scan::merge::Args>("gap-merge") {
        Ok(args) => gap_core::diag::main_with("gap-merge", || gap_scan::merge::run(args)),
        Err(code) => code,
    }
}
