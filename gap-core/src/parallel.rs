//! Work spread over the cores: pieces claimed one at a time from a shared counter by every thread, results
//! put back in piece order. The writer ([`crate::pretty`]) and the reader ([`crate::split`]) share it.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The cores this machine offers (1 when unknown).
pub(crate) fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `(0..count).map(piece)` on up to `threads` threads, each claiming the next piece when it is done with
/// its last; the calling thread is one of them once it has run `meanwhile`. Returns `meanwhile`'s result
/// and the pieces' results in piece order.
pub(crate) fn pieces<R: Send, M>(
    count: usize,
    threads: usize,
    meanwhile: impl FnOnce() -> M,
    piece: impl Fn(usize) -> R + Sync,
) -> (M, Vec<R>) {
    let next = AtomicUsize::new(0);
    let claim = || {
        let mut done = Vec::new();
        loop {
            let p = next.fetch_add(1, Ordering::Relaxed);
            if p >= count {
                return done;
            }
            done.push((p, piece(p)));
        }
    };
    let helpers = threads.saturating_sub(1).min(count.saturating_sub(1));
    let (m, mut done) = std::thread::scope(|s| {
        let handles: Vec<_> = (0..helpers).map(|_| s.spawn(claim)).collect();
        let m = meanwhile();
        let mut done = claim();
        for h in handles {
            done.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
        (m, done)
    });
    done.sort_unstable_by_key(|(p, _)| *p);
    (m, done.into_iter().map(|(_, r)| r).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_piece_order_on_any_number_of_threads() {
        for threads in [1, 2, 3, 8] {
            for count in [0, 1, 2, 5, 100] {
                let (m, out) = pieces(count, threads, || "beside", |p| p * p);
                assert_eq!(m, "beside");
                assert_eq!(out, (0..count).map(|p| p * p).collect::<Vec<_>>());
            }
        }
    }
}
