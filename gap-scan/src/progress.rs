//! The progress line of a long scan: files and lines parsed so far and the rate, on stderr, only when stderr
//! is a terminal and the scan has run for about a second; erased when the scan ends. Never in pipes or CI
//! logs, never under `--quiet`.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// True while a progress line is shown: only then do readers count.
static ON: AtomicBool = AtomicBool::new(false);
static FILES: AtomicU64 = AtomicU64::new(0);
static LINES: AtomicU64 = AtomicU64::new(0);

/// How long a scan runs before the line appears; `GAP_PROGRESS_AFTER_MS` changes it (for tests).
const AFTER: Duration = Duration::from_millis(1000);
/// How often the line is redrawn.
const EVERY: Duration = Duration::from_millis(250);

/// Counts one parsed file toward the progress line, when one is shown (lines as `wc -l` counts them).
pub fn parsed(text: &str) {
    if ON.load(Relaxed) {
        FILES.fetch_add(1, Relaxed);
        let lines = text.bytes().filter(|&b| b == b'\n').count();
        LINES.fetch_add(lines as u64, Relaxed);
    }
}

/// The progress line while it lives; dropping it stops the line and erases it.
pub struct Line {
    stop: Option<mpsc::Sender<()>>,
    drawer: Option<JoinHandle<()>>,
}

/// Starts the progress line of a scan of `total` files, if stderr is a terminal and `--quiet` was not given.
pub fn start(total: usize) -> Line {
    if gap_core::diag::is_quiet() || !std::io::stderr().is_terminal() {
        return Line {
            stop: None,
            drawer: None,
        };
    }
    let after = std::env::var("GAP_PROGRESS_AFTER_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(AFTER, Duration::from_millis);
    FILES.store(0, Relaxed);
    LINES.store(0, Relaxed);
    ON.store(true, Relaxed);
    let (stop, stopped) = mpsc::channel::<()>();
    let drawer = std::thread::spawn(move || {
        let began = Instant::now();
        let mut shown = false;
        loop {
            let elapsed = began.elapsed();
            if elapsed >= after {
                let (files, lines) = (FILES.load(Relaxed), LINES.load(Relaxed));
                let rate = lines as f64 / elapsed.as_secs_f64().max(1e-3);
                let _ = write!(
                    std::io::stderr(),
                    "\r\x1b[Kgap-scan: {files} of {total} files, {lines} lines, {:.0}k lines/s",
                    rate / 1000.0
                );
                shown = true;
            }
            if stopped.recv_timeout(EVERY) != Err(RecvTimeoutError::Timeout) {
                break;
            }
        }
        if shown {
            let _ = write!(std::io::stderr(), "\r\x1b[K");
        }
    });
    Line {
        stop: Some(stop),
        drawer: Some(drawer),
    }
}

impl Drop for Line {
    fn drop(&mut self) {
        ON.store(false, Relaxed);
        drop(self.stop.take());
        if let Some(d) = self.drawer.take() {
            let _ = d.join();
        }
    }
}
