//! Mapping work over the machine's cores, results in input order (so output stays deterministic).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Items a thread claims at a time: small enough that one thread's large files do not leave the others idle,
/// large enough that claiming costs nothing.
const BATCH: usize = 8;

/// `items.iter().map(f)`, spread over the available cores; results keep input order. Threads claim small
/// batches from a shared counter as they go, so a run of large files in one part of the tree is shared out
/// rather than left to the one thread whose fixed chunk it fell in.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_indices(items.len(), |i| f(&items[i]))
}

/// `(0..n).map(f)`, spread over the available cores as [`map`] does; results keep index order.
pub fn map_indices<R: Send>(n: usize, f: impl Fn(usize) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || n < 64 {
        return (0..n).map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let parts: Vec<Vec<(usize, R)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (f, next) = (&f, &next);
                s.spawn(move || {
                    // Room for every item: what no thread claims is never touched, so costs no memory,
                    // and the list never moves while it grows.
                    let mut done = Vec::with_capacity(n);
                    loop {
                        let start = next.fetch_add(BATCH, Ordering::Relaxed);
                        if start >= n {
                            return done;
                        }
                        let end = (start + BATCH).min(n);
                        done.extend((start..end).map(|i| (i, f(i))));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    // Each thread's results are in index order (it claims batches in increasing order): item `i` is the
    // next result of one of them.
    let mut parts: Vec<_> = parts
        .into_iter()
        .map(|p| p.into_iter().peekable())
        .collect();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (_, r) = parts
            .iter_mut()
            .find_map(|p| p.next_if(|(j, _)| *j == i))
            .expect("every index is claimed by exactly one thread");
        out.push(r);
    }
    out
}

/// `(a(), b())`, `a` on a thread of its own while the caller runs `b`.
pub fn join<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|s| {
        let a = s.spawn(a);
        let b = b();
        (a.join().unwrap_or_else(|e| std::panic::resume_unwind(e)), b)
    })
}

/// Set when the process ends once its output is written ([`ends_after_output`]).
static ENDS_AFTER_OUTPUT: AtomicBool = AtomicBool::new(false);

/// Says that the process ends once its output is written (`gap-scan`, not the front command `gap`, whose
/// later stages run in the same process): from then on [`drop_at_exit`] leaves what it is given to the
/// process's exit.
pub fn ends_after_output() {
    ENDS_AFTER_OUTPUT.store(true, Ordering::Relaxed);
}

/// [`drop_in_background`] for what is freed once the scan's last large structure is built (nothing allocated
/// later could reuse its memory): once [`ends_after_output`] was called, `value` is not freed at all and the
/// exit gives its memory back at once (on python-1m freeing the records took ~0.05 s of CPU on a second core
/// the writer needs).
pub fn drop_at_exit<T: Send + 'static>(value: T) {
    if ENDS_AFTER_OUTPUT.load(Ordering::Relaxed) {
        return std::mem::forget(value);
    }
    drop_in_background(value);
}

/// Frees `value` on a thread of its own, so the many deallocations of a large structure overlap the caller's next
/// work instead of delaying it (on one core, or when no thread can be started, it is freed here). The process
/// may end before that thread does; the memory goes with it.
pub fn drop_in_background<T: Send + 'static>(value: T) {
    if std::thread::available_parallelism().map_or(1, |n| n.get()) < 2 {
        return drop(value);
    }
    // A thread that cannot be started drops its closure, and with it `value`, here.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_order() {
        let items: Vec<u32> = (0..1000).collect();
        assert_eq!(
            super::map(&items, |x| x * 2),
            items.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
        assert_eq!(super::map(&[1, 2], |x| x + 1), [2, 3]);
        assert_eq!(
            super::map_indices(300, |i| i + 1),
            (1..=300).collect::<Vec<_>>()
        );
    }

    #[test]
    fn what_is_dropped_at_exit_is_freed_while_the_process_goes_on() {
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        super::drop_at_exit(tx);
        let got = rx.recv_timeout(std::time::Duration::from_secs(20));
        assert_eq!(got, Err(std::sync::mpsc::RecvTimeoutError::Disconnected));
    }

    #[test]
    fn join_gives_both_results() {
        let items: Vec<u32> = (0..100).collect();
        let (sum, max) = super::join(|| items.iter().sum::<u32>(), || items.iter().max().copied());
        assert_eq!((sum, max), (4950, Some(99)));
    }
}
