//! Mapping work over the machine's cores, results in input order (so output stays deterministic).

use std::sync::atomic::{AtomicUsize, Ordering};

/// Items a thread claims at a time: small enough that one thread's large files do not leave the others idle,
/// large enough that claiming costs nothing.
const BATCH: usize = 8;

/// `items.iter().map(f)`, spread over the available cores; results keep input order. Threads claim small
/// batches from a shared counter as they go, so a run of large files in one part of the tree is shared out
/// rather than left to the one thread whose fixed chunk it fell in.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || items.len() < 64 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let parts: Vec<Vec<(usize, R)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (f, next) = (&f, &next);
                s.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let start = next.fetch_add(BATCH, Ordering::Relaxed);
                        if start >= items.len() {
                            return done;
                        }
                        let end = (start + BATCH).min(items.len());
                        done.extend((start..end).map(|i| (i, f(&items[i]))));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    for (i, r) in parts.into_iter().flatten() {
        slots[i] = Some(r);
    }
    slots
        .into_iter()
        .map(|r| r.expect("every index is claimed by exactly one thread"))
        .collect()
}

/// `(a(), b())`, `a` on a thread of its own while the caller runs `b`.
pub fn join<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|s| {
        let a = s.spawn(a);
        let b = b();
        (a.join().unwrap_or_else(|e| std::panic::resume_unwind(e)), b)
    })
}

/// Drops `value` on a thread of its own, so that freeing a large structure does not hold up the caller. The
/// thread is not waited for: a process that ends first ends it (the memory goes back all at once).
pub fn drop_in_background<T: Send + 'static>(value: T) {
    // If no thread can be started, the closure, and `value` with it, is dropped here.
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
    }

    #[test]
    fn join_gives_both_results() {
        let items: Vec<u32> = (0..100).collect();
        let (sum, max) = super::join(|| items.iter().sum::<u32>(), || items.iter().max().copied());
        assert_eq!((sum, max), (4950, Some(99)));
    }
}
