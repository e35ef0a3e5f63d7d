//! Following a name through re-exports (`from .m import *`, `export * from`, `pub use m::*`) to the module
//! that defines it: the bound every language's resolver shares, so modules that re-export each other in a
//! cycle cost a bounded number of steps instead of a number that grows with the power of the hop limit.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// How deep re-export chains are followed before giving up.
pub const MAX_HOPS: usize = 12;

/// Steps taken by every lookup of this process (see [`steps`]).
static STEPS: AtomicU64 = AtomicU64::new(0);

/// The names one lookup has explored: `(file, name)` and the fewest hops at which it was reached.
///
/// A name is explored again only when it is reached in fewer hops than before (a shorter chain may get
/// further before the hop limit), so each `(file, name)` is explored at most `MAX_HOPS + 1` times per
/// lookup; a cycle ends as soon as it comes back to a name it is exploring.
#[derive(Debug, Default)]
pub struct Visited(HashMap<usize, HashMap<Box<str>, usize>>);

impl Visited {
    /// True when `name` in file `file`, reached after `hops` re-exports, is to be explored (and counts the
    /// step); false past the hop limit or when it was explored in as few hops already.
    pub fn enter(&mut self, file: usize, name: &str, hops: usize) -> bool {
        if hops > MAX_HOPS {
            return false;
        }
        let names = self.0.entry(file).or_default();
        match names.get_mut(name) {
            Some(best) if *best <= hops => return false,
            Some(best) => *best = hops,
            None => {
                names.insert(name.into(), hops);
            }
        }
        STEPS.fetch_add(1, Ordering::Relaxed);
        true
    }
}

/// How many names every lookup of this process has explored: what `gap-scan` prints when
/// `GAP_TEST_STATS` is set, so a test can show that re-export cycles stay bounded.
pub fn steps() -> u64 {
    STEPS.load(Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_explored_again_only_when_reached_in_fewer_hops() {
        let mut v = Visited::default();
        assert!(v.enter(0, "x", 5));
        assert!(!v.enter(0, "x", 5), "the same depth again");
        assert!(!v.enter(0, "x", 7), "deeper");
        assert!(v.enter(0, "x", 2), "shallower: it may get further");
        assert!(v.enter(1, "x", 7), "another file");
        assert!(v.enter(0, "y", 7), "another name");
        assert!(v.enter(2, "z", MAX_HOPS));
        assert!(!v.enter(3, "z", MAX_HOPS + 1), "past the hop limit");
    }
}
