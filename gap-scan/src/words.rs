//! Word sets: a language's keyword table that answers "is this word in it" in a few instructions, without
//! comparing the word against every entry (the readers ask it once per name token).

/// Lengths with a mask of their own; longer words share the last mask.
const LENGTHS: usize = 16;

/// A fixed set of words, built at compile time from a table (`const KEYWORDS: &Words = &Words::new(&[..])`).
/// Per word length, a 256-bit mask of the first bytes of its words rejects almost every identifier at once;
/// the few candidates left are compared byte by byte.
#[derive(Debug)]
pub struct Words {
    words: &'static [&'static str],
    first_bytes: [[u64; 4]; LENGTHS],
    /// The words' indices grouped by length slot: those of slot `s` are `by_slot[start[s]..start[s + 1]]`,
    /// so a candidate is compared only with the words of its length.
    by_slot: [u16; MAX_WORDS],
    start: [u16; LENGTHS + 1],
}

/// The most words a set holds.
const MAX_WORDS: usize = 256;

impl Words {
    /// The set of `words`.
    pub const fn new(words: &'static [&'static str]) -> Words {
        assert!(
            words.len() <= MAX_WORDS,
            "a word set holds at most MAX_WORDS words"
        );
        let mut first_bytes = [[0u64; 4]; LENGTHS];
        // Words per slot, then where each slot starts (a counting sort, in table order within a slot).
        let mut start = [0u16; LENGTHS + 1];
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_bytes();
            assert!(!w.is_empty(), "a word set holds no empty word");
            let b = w[0] as usize;
            first_bytes[slot(w.len())][b / 64] |= 1 << (b % 64);
            start[slot(w.len()) + 1] += 1;
            i += 1;
        }
        let mut s = 0;
        while s < LENGTHS {
            start[s + 1] += start[s];
            s += 1;
        }
        let mut next = start;
        let mut by_slot = [0u16; MAX_WORDS];
        let mut i = 0;
        while i < words.len() {
            let s = slot(words[i].len());
            by_slot[next[s] as usize] = i as u16;
            next[s] += 1;
            i += 1;
        }
        Words {
            words,
            first_bytes,
            by_slot,
            start,
        }
    }

    /// True when `word` is one of the set.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        let w = word.as_bytes();
        let Some(&b) = w.first() else {
            return false;
        };
        let b = b as usize;
        let s = slot(w.len());
        if self.first_bytes[s][b / 64] & (1 << (b % 64)) == 0 {
            return false;
        }
        let same_slot = &self.by_slot[self.start[s] as usize..self.start[s + 1] as usize];
        same_slot.iter().any(|&k| {
            let k = self.words[k as usize].as_bytes();
            k.len() == w.len() && k.iter().zip(w).all(|(x, y)| x == y)
        })
    }

    /// The words, in table order.
    pub fn as_slice(&self) -> &'static [&'static str] {
        self.words
    }
}

/// The mask a word of `len` bytes is filed under.
const fn slot(len: usize) -> usize {
    if len < LENGTHS {
        len
    } else {
        LENGTHS - 1
    }
}

#[cfg(test)]
mod tests {
    use super::Words;

    const SET: &Words = &Words::new(&["if", "in", "for", "x", "a_very_long_keyword_indeed", "é"]);

    #[test]
    fn holds_exactly_its_words() {
        for w in SET.as_slice() {
            assert!(SET.contains(w), "{w}");
        }
        for w in [
            "",
            "i",
            "is",
            "fo",
            "fore",
            "For",
            "y",
            "a_very_long_keyword_indeeD",
            "a_very_long_keyword_indee",
            "e",
            "\u{e8}",
        ] {
            assert!(!SET.contains(w), "{w:?}");
        }
    }
}
