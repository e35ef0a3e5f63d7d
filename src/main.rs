//! `gap`: hands the command line to the gap library.

fn main() -> std::process::ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    gap::run(&argv)
}
