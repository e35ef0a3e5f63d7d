//! `gap-scan`: parses arguments and hands over to the gap-scan library.

/// mimalloc instead of the system allocator: see docs/performance.md, "Fourth pass".
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    allocator::keep_freed_pages();
    match gap_core::diag::parse_args::<gap_scan::Args>("gap-scan") {
        Ok(args) => gap_core::diag::main_with("gap-scan", || gap_scan::run(args)),
        Err(code) => code,
    }
}

/// mimalloc's options, set from the code where gap-scan's own measurements say its defaults cost time.
mod allocator {
    use std::ffi::{c_int, c_long};

    /// `mi_option_purge_delay` in mimalloc v3's `mi_option_t` (the `mimalloc` crate's default version):
    /// how long freed memory waits before it goes back to the system, in ms; -1 keeps it until exit.
    pub(crate) const PURGE_DELAY: c_int = 15;

    /// The environment variable mimalloc reads `PURGE_DELAY` from at process start.
    const PURGE_DELAY_ENV: &str = "MIMALLOC_PURGE_DELAY";

    // The function of mimalloc's C API used here, from the static library the `mimalloc` crate links.
    // Declared by hand: `libmimalloc-sys` exports it only with a feature that pulls in another crate.
    #[allow(unsafe_code)]
    extern "C" {
        fn mi_option_set(option: c_int, value: c_long);
    }

    /// Freed pages stay with the process until it exits, unless `MIMALLOC_PURGE_DELAY` says otherwise.
    ///
    /// By default mimalloc hands freed pages back to the system (`madvise`: 1,176 calls on python-1m) and
    /// gap-scan's next phase faults fresh, zeroed pages in again. Keeping them (67 calls) cost no peak
    /// memory on the benchmark's trees and a third of the system time (docs/performance.md, "Fifth pass").
    pub(crate) fn keep_freed_pages() {
        if std::env::var_os(PURGE_DELAY_ENV).is_none() {
            // SAFETY: a plain setter of an option's value; called before any other thread exists.
            #[allow(unsafe_code)]
            unsafe {
                mi_option_set(PURGE_DELAY, -1)
            };
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[allow(unsafe_code)]
        extern "C" {
            fn mi_option_get(option: c_int) -> c_long;
        }

        /// The option's current value.
        pub(crate) fn get(option: c_int) -> c_long {
            // SAFETY: a plain getter of an option's value.
            #[allow(unsafe_code)]
            unsafe {
                mi_option_get(option)
            }
        }

        /// Run in a child process with `MIMALLOC_PURGE_DELAY` set: the option read back at index
        /// `PURGE_DELAY` is the one mimalloc took from that variable, so the index names the right option.
        #[test]
        fn purge_delay_child() {
            if let Some(want) = std::env::var_os("GAP_TEST_PURGE_CHILD") {
                let want: c_long = want.to_str().unwrap().parse().unwrap();
                assert_eq!(get(PURGE_DELAY), want);
                keep_freed_pages();
                assert_eq!(
                    get(PURGE_DELAY),
                    want,
                    "an explicit MIMALLOC_PURGE_DELAY wins"
                );
            }
        }

        #[test]
        fn purge_delay_is_the_option_mimalloc_reads_from_its_variable() {
            for value in ["123", "0"] {
                let out = std::process::Command::new(std::env::current_exe().unwrap())
                    .args([
                        "--exact",
                        "allocator::tests::purge_delay_child",
                        "--test-threads=1",
                    ])
                    .env(PURGE_DELAY_ENV, value)
                    .env("GAP_TEST_PURGE_CHILD", value)
                    .output()
                    .unwrap();
                let stdout = String::from_utf8_lossy(&out.stdout);
                assert!(out.status.success(), "{stdout}");
                assert!(stdout.contains("1 passed"), "{stdout}");
            }
        }

        #[test]
        fn without_the_variable_freed_pages_are_kept() {
            if std::env::var_os(PURGE_DELAY_ENV).is_none() {
                keep_freed_pages();
                assert_eq!(get(PURGE_DELAY), -1);
            }
        }
    }
}
