//! A cheap incremental JSON syntax check, run over a document's bytes as they are read: it says at once when
//! the input stops being JSON, so a reader that buffers the whole input first still fails at the first bad
//! byte instead of filling memory.
//!
//! The check only decides when to stop buffering; it never names an error. Whatever it says, the parser has
//! the last word (the reader hands the bytes to serde_json for the exact message), so being laxer than
//! serde_json somewhere (UTF-8 inside strings, lone surrogates, numbers out of range) only costs buffering.
//!
//! On the way it notes where the arrays of the top-level object and their elements lie ([`Array`]), so the
//! reader can parse the elements of a large one on every core.

use std::ops::Range;

/// How deep arrays and objects may nest (serde_json's own recursion limit).
const MAX_DEPTH: usize = 128;

/// Bytes that continue a string without ending it or starting an escape (no control characters).
const PLAIN: [bool; 256] = {
    let mut t = [true; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = false;
        b += 1;
    }
    t[b'"' as usize] = false;
    t[b'\\' as usize] = false;
    t
};

/// What comes next between tokens.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Expect {
    /// A value (the document's, an element after `,`, or a field's after `:`).
    Value,
    /// A value or `]`, right after `[`.
    ValueOrEnd,
    /// A key or `}`, right after `{`.
    KeyOrEnd,
    /// A key, after `,` in an object.
    Key,
    /// `:` after a key.
    Colon,
    /// `,` or the end of the enclosing array or object.
    CommaOrEnd,
    /// Nothing but whitespace: the document's value is complete.
    Nothing,
}

/// Where the check is inside a token.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    /// Between tokens.
    Between,
    /// Inside a string (a key when `key`).
    Str { key: bool },
    /// After a backslash in a string.
    Escape { key: bool },
    /// Inside `\uXXXX`, `left` hex digits to go.
    Hex { key: bool, left: u8 },
    /// Inside a number.
    Number(Num),
    /// Inside `true`, `false` or `null`: the literal and how much of it has been seen.
    Literal(&'static [u8], u8),
}

/// The parts of a number (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Num {
    /// After `-`: a digit must follow.
    Minus,
    /// After a leading `0`: the number may end.
    Zero,
    /// In the integer digits: the number may end.
    Int,
    /// After `.`: a digit must follow.
    Dot,
    /// In the fraction: the number may end.
    Frac,
    /// After `e`: a sign or digit must follow.
    Exp,
    /// After the exponent's sign: a digit must follow.
    ExpSign,
    /// In the exponent: the number may end.
    ExpDigits,
}

impl Num {
    fn may_end(self) -> bool {
        matches!(self, Num::Zero | Num::Int | Num::Frac | Num::ExpDigits)
    }
}

/// An array that is the value of a field of the top-level object, as byte offsets into the whole input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Array {
    /// The field's name as written between its quotes (escapes left as they are).
    pub key: Range<usize>,
    /// Where its `[` and its `]` are.
    pub open: usize,
    pub close: usize,
    /// Its elements that are arrays or objects, from their first byte to one past their last.
    pub elements: Vec<Range<usize>>,
    /// Every element is an array or an object (so `elements` lists them all).
    pub containers: bool,
}

/// The check's state, carried from one piece of input to the next.
#[derive(Debug)]
pub struct Check {
    /// The open arrays (`[`) and objects (`{`), innermost last.
    open: Vec<u8>,
    expect: Expect,
    mode: Mode,
    /// The input stopped being JSON.
    failed: bool,
    /// How many bytes came before the piece being checked.
    offset: usize,
    /// The last key of the top-level object, as [`Array::key`].
    top_key: Range<usize>,
    /// The top-level object's arrays so far, in input order.
    arrays: Vec<Array>,
    /// The deepest nesting seen.
    deepest: usize,
}

impl Default for Check {
    fn default() -> Self {
        Check {
            open: Vec::new(),
            expect: Expect::Value,
            mode: Mode::Between,
            failed: false,
            offset: 0,
            top_key: 0..0,
            arrays: Vec::new(),
            deepest: 0,
        }
    }
}

/// Eight bytes of `bytes` from `i`, as a little-endian word.
fn word(bytes: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&bytes[i..i + 8]);
    u64::from_le_bytes(w)
}

/// Each byte of `x` with its high bit set where that byte of `x` is zero (exact, no false positives).
fn zero_bytes(x: u64) -> u64 {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((x & LOW) + LOW) | x | LOW)
}

/// The end of the run of [`PLAIN`] bytes from `i`: eight bytes at a time, then one by one.
fn plain_run(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    while i + 8 <= bytes.len() {
        let x = word(bytes, i);
        // A byte below 0x20: its top three bits are zero.
        let control = zero_bytes(x & (0xe0 * ONES));
        let stop = control
            | zero_bytes(x ^ (u64::from(b'"') * ONES))
            | zero_bytes(x ^ (u64::from(b'\\') * ONES));
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && PLAIN[bytes[i] as usize] {
        i += 1;
    }
    i
}

/// Past the spaces from `i`, eight at a time (the indentation of a pretty-printed document).
fn space_run(bytes: &[u8], mut i: usize) -> usize {
    const SPACES: u64 = 0x2020_2020_2020_2020;
    while i + 8 <= bytes.len() && word(bytes, i) == SPACES {
        i += 8;
    }
    i
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\t' | b'\r')
}

impl Check {
    /// Checks the next piece of input; false once the input cannot be (the start of) one JSON value.
    pub fn feed(&mut self, bytes: &[u8]) -> bool {
        if !self.failed && !self.run(bytes) {
            self.failed = true;
        }
        self.offset += bytes.len();
        !self.failed
    }

    /// The arrays that are values of the top-level object's fields, in input order (complete once the input
    /// is).
    pub fn arrays(&self) -> &[Array] {
        &self.arrays
    }

    /// How deep arrays and objects nested, at most.
    pub fn deepest(&self) -> usize {
        self.deepest
    }

    /// True when the innermost open value is an array that is a field of the top-level object.
    fn in_top_array(&self) -> bool {
        self.open.len() == 2 && self.open[0] == b'{' && self.open[1] == b'['
    }

    /// True when the input so far is exactly one JSON value (and whitespace).
    pub fn complete(&self) -> bool {
        if self.failed {
            return false;
        }
        match self.mode {
            Mode::Between => self.expect == Expect::Nothing,
            // A number at the top level ends with the input.
            Mode::Number(n) => self.open.is_empty() && n.may_end(),
            _ => false,
        }
    }

    /// A value has ended.
    fn value_done(&mut self) {
        self.mode = Mode::Between;
        self.expect = if self.open.is_empty() {
            Expect::Nothing
        } else {
            Expect::CommaOrEnd
        };
    }

    fn run(&mut self, bytes: &[u8]) -> bool {
        let n = bytes.len();
        let mut i = 0;
        while i < n {
            match self.mode {
                Mode::Str { key } => {
                    i = plain_run(bytes, i);
                    if i == n {
                        break;
                    }
                    match bytes[i] {
                        b'"' if key => {
                            if self.open.len() == 1 {
                                self.top_key.end = self.offset + i;
                            }
                            self.mode = Mode::Between;
                            self.expect = Expect::Colon;
                        }
                        b'"' => self.value_done(),
                        b'\\' => self.mode = Mode::Escape { key },
                        _ => return false,
                    }
                    i += 1;
                }
                Mode::Escape { key } => {
                    self.mode = match bytes[i] {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Mode::Str { key },
                        b'u' => Mode::Hex { key, left: 4 },
                        _ => return false,
                    };
                    i += 1;
                }
                Mode::Hex { key, left } => {
                    if !bytes[i].is_ascii_hexdigit() {
                        return false;
                    }
                    self.mode = if left == 1 {
                        Mode::Str { key }
                    } else {
                        Mode::Hex {
                            key,
                            left: left - 1,
                        }
                    };
                    i += 1;
                }
                Mode::Literal(word, seen) => {
                    if bytes[i] != word[usize::from(seen)] {
                        return false;
                    }
                    i += 1;
                    if usize::from(seen) + 1 == word.len() {
                        self.value_done();
                    } else {
                        self.mode = Mode::Literal(word, seen + 1);
                    }
                }
                Mode::Number(num) => {
                    let b = bytes[i];
                    let next = match (num, b) {
                        (Num::Minus, b'0') => Num::Zero,
                        (Num::Minus, b'1'..=b'9') => Num::Int,
                        (Num::Int, b'0'..=b'9') => Num::Int,
                        (Num::Zero | Num::Int, b'.') => Num::Dot,
                        (Num::Dot | Num::Frac, b'0'..=b'9') => Num::Frac,
                        (Num::Zero | Num::Int | Num::Frac, b'e' | b'E') => Num::Exp,
                        (Num::Exp, b'+' | b'-') => Num::ExpSign,
                        (Num::Exp | Num::ExpSign | Num::ExpDigits, b'0'..=b'9') => Num::ExpDigits,
                        (n, _) if n.may_end() => {
                            // The byte after the number is read between tokens.
                            self.value_done();
                            continue;
                        }
                        _ => return false,
                    };
                    self.mode = Mode::Number(next);
                    i += 1;
                }
                Mode::Between => {
                    i = space_run(bytes, i);
                    while i < n && is_space(bytes[i]) {
                        i += 1;
                    }
                    if i == n {
                        break;
                    }
                    let b = bytes[i];
                    let at = self.offset + i;
                    i += 1;
                    if !self.token(b, at) {
                        return false;
                    }
                }
            }
        }
        true
    }

    /// The first byte of a token, at offset `at`, between tokens.
    fn token(&mut self, b: u8, at: usize) -> bool {
        match self.expect {
            Expect::Value | Expect::ValueOrEnd => {
                if b == b']' && self.expect == Expect::ValueOrEnd {
                    return self.close(b'[', at);
                }
                self.value(b, at)
            }
            Expect::KeyOrEnd | Expect::Key => match b {
                b'"' => {
                    if self.open.len() == 1 {
                        self.top_key = at + 1..at + 1;
                    }
                    self.mode = Mode::Str { key: true };
                    true
                }
                b'}' if self.expect == Expect::KeyOrEnd => self.close(b'{', at),
                _ => false,
            },
            Expect::Colon => {
                self.expect = Expect::Value;
                b == b':'
            }
            Expect::CommaOrEnd => match (b, self.open.last()) {
                (b',', Some(b'[')) => {
                    self.expect = Expect::Value;
                    true
                }
                (b',', _) => {
                    self.expect = Expect::Key;
                    true
                }
                (b']', _) => self.close(b'[', at),
                (b'}', _) => self.close(b'{', at),
                _ => false,
            },
            Expect::Nothing => false,
        }
    }

    /// The first byte of a value, at offset `at`.
    fn value(&mut self, b: u8, at: usize) -> bool {
        let container = matches!(b, b'{' | b'[');
        if self.open.len() <= 2 {
            self.note_value(container, b, at);
        }
        match b {
            b'{' | b'[' => {
                if self.open.len() >= MAX_DEPTH {
                    return false;
                }
                self.open.push(b);
                self.deepest = self.deepest.max(self.open.len());
                self.expect = if b == b'{' {
                    Expect::KeyOrEnd
                } else {
                    Expect::ValueOrEnd
                };
            }
            b'"' => self.mode = Mode::Str { key: false },
            b'-' => self.mode = Mode::Number(Num::Minus),
            b'0' => self.mode = Mode::Number(Num::Zero),
            b'1'..=b'9' => self.mode = Mode::Number(Num::Int),
            b't' => self.mode = Mode::Literal(b"true", 1),
            b'f' => self.mode = Mode::Literal(b"false", 1),
            b'n' => self.mode = Mode::Literal(b"null", 1),
            _ => return false,
        }
        true
    }

    /// Notes a value starting at `at` one or two levels deep: a top-level field's array, or an element of one.
    fn note_value(&mut self, container: bool, b: u8, at: usize) {
        if self.open.len() == 1 && b == b'[' && self.open[0] == b'{' {
            self.arrays.push(Array {
                key: self.top_key.clone(),
                open: at,
                close: at,
                elements: Vec::new(),
                containers: true,
            });
        } else if self.in_top_array() {
            if let Some(array) = self.arrays.last_mut() {
                if container {
                    array.elements.push(at..at);
                } else {
                    array.containers = false;
                }
            }
        }
    }

    /// `]` or `}` at offset `at`: true when it closes what is open.
    fn close(&mut self, opener: u8, at: usize) -> bool {
        if self.open.pop() != Some(opener) {
            return false;
        }
        if self.open.len() <= 2 {
            self.note_close(opener, at);
        }
        self.value_done();
        true
    }

    /// Notes the end of a top-level field's array, or of an element of one, at `at`.
    fn note_close(&mut self, opener: u8, at: usize) {
        if self.in_top_array() {
            if let Some(element) = self.arrays.last_mut().and_then(|a| a.elements.last_mut()) {
                element.end = at + 1;
            }
        } else if self.open.len() == 1 && opener == b'[' && self.open[0] == b'{' {
            if let Some(array) = self.arrays.last_mut() {
                array.close = at;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the check says of `text` fed whole, and fed a byte at a time (which must agree).
    fn check(text: &str) -> (bool, bool) {
        let mut whole = Check::default();
        let fed = whole.feed(text.as_bytes());
        let mut bytes = Check::default();
        let mut fed_bytes = true;
        for b in text.as_bytes() {
            fed_bytes = bytes.feed(std::slice::from_ref(b));
        }
        assert_eq!(fed, fed_bytes, "{text:?}");
        assert_eq!(whole.complete(), bytes.complete(), "{text:?}");
        (fed, whole.complete())
    }

    #[test]
    fn json_values_are_complete() {
        for text in [
            "{}",
            " [ ] \n",
            r#"{"a": [1, -2.5e+3, 0, 0.1, 1E9, true, false, null, "x\"\\\/\b\f\n\r\tA\u00e9"], "b": {}}"#,
            "\"caf\u{e9}\"",
            "-0",
            "12",
            "[[[]]]",
        ] {
            assert_eq!(check(text), (true, true), "{text:?}");
        }
    }

    #[test]
    fn prefixes_are_incomplete_but_not_wrong() {
        for text in [
            "",
            "  ",
            "{",
            r#"{"a""#,
            r#"{"a":"#,
            "[1,",
            "\"ab\\u00",
            "tr",
            "-",
            "1.",
            "1e+",
        ] {
            assert_eq!(check(text), (true, false), "{text:?}");
        }
    }

    #[test]
    fn anything_else_fails_where_it_stops_being_json() {
        for text in [
            "y",
            "{]",
            "[}",
            "{,}",
            "{1:2}",
            r#"{"a" 1}"#,
            r#"{"a":1,}"#,
            "[1,]",
            "[1 2]",
            "01",
            "-a",
            "1.e5",
            "1e",
            "tru",
            "truex",
            "nul1",
            "\"a\u{1}\"",
            "\"\\x\"",
            "\"\\u12G4\"",
            "{} {}",
            "1 2",
            "]",
            "+1",
            ".5",
        ] {
            let (fed, complete) = check(text);
            assert!(!complete, "{text:?}");
            // A prefix that could still become JSON (`tru`, `1e`) is not wrong yet.
            if !matches!(text, "tru" | "1e") {
                assert!(!fed, "{text:?}");
            }
        }
    }

    #[test]
    fn nesting_beyond_serde_jsons_limit_fails() {
        assert_eq!(check(&"[".repeat(MAX_DEPTH)), (true, false));
        assert!(!check(&"[".repeat(MAX_DEPTH + 1)).0);
    }

    #[test]
    fn long_strings_and_indentation_are_read_a_word_at_a_time() {
        let long = "x".repeat(37);
        for text in [
            format!("{{\n{}\"{long}\": \"{long}\\n{long}\"}}", " ".repeat(19)),
            format!("[\"{long}\u{e9}{long}\"]"),
        ] {
            assert_eq!(check(&text), (true, true), "{text:?}");
        }
        for bad in ['\u{1}', '\n', '\u{1f}'] {
            let text = format!("[\"{long}{bad}{long}\"]");
            assert!(!check(&text).0, "{text:?}");
        }
        for (i, b) in (0u8..=255).enumerate() {
            let mut text = format!("\"{long}").into_bytes();
            text.insert(9 + i % 8, b);
            let mut c = Check::default();
            let fed = c.feed(&text);
            assert_eq!(fed, PLAIN[b as usize], "byte {b:#x}");
        }
    }

    /// The arrays `text` fed whole, each key and element as text; fed a byte at a time they must agree.
    fn arrays(text: &str) -> Vec<(String, Vec<String>, bool)> {
        let mut whole = Check::default();
        assert!(whole.feed(text.as_bytes()) && whole.complete(), "{text:?}");
        let mut bytes = Check::default();
        for b in text.as_bytes() {
            bytes.feed(std::slice::from_ref(b));
        }
        assert_eq!(whole.arrays(), bytes.arrays(), "{text:?}");
        let at = |r: &Range<usize>| text[r.clone()].to_string();
        whole
            .arrays()
            .iter()
            .map(|a| {
                assert_eq!(
                    (&text[a.open..=a.open], &text[a.close..=a.close]),
                    ("[", "]")
                );
                (
                    a.key.clone(),
                    a.elements.iter().map(at).collect(),
                    a.containers,
                )
            })
            .map(|(key, elements, containers)| (at(&key), elements, containers))
            .collect()
    }

    #[test]
    fn the_top_level_arrays_and_their_elements_are_found() {
        let text = r#"{"a": 1, "modules": [ {"x": [1, {"y": []}]}, [2] ,{}
  ], "k": {"m": [{}]}, "tests":[], "s\"q": [{"z":"]"}]}"#;
        assert_eq!(
            arrays(text),
            vec![
                (
                    "modules".to_string(),
                    vec![
                        r#"{"x": [1, {"y": []}]}"#.to_string(),
                        "[2]".into(),
                        "{}".into()
                    ],
                    true
                ),
                ("tests".to_string(), vec![], true),
                (
                    r#"s\"q"#.to_string(),
                    vec![r#"{"z":"]"}"#.to_string()],
                    true
                ),
            ]
        );
        // An element that is not an array or object is not listed, and the array says so.
        assert_eq!(
            arrays(r#"{"m": [{}, 5, "x", {}]}"#),
            vec![("m".to_string(), vec!["{}".to_string(), "{}".into()], false)]
        );
        // Only a top-level object has fields.
        assert_eq!(arrays(r#"[[{}], {"m": [{}]}]"#), vec![]);
        assert_eq!(arrays(r#"{"o": {"m": [{}]}}"#), vec![]);
    }

    #[test]
    fn the_deepest_nesting_is_kept() {
        let mut c = Check::default();
        c.feed(br#"{"a": [[{"b": [1]}]], "c": {}}"#);
        assert_eq!(c.deepest(), 5);
    }

    #[test]
    fn a_failed_check_stays_failed() {
        let mut c = Check::default();
        assert!(!c.feed(b"x"));
        assert!(!c.feed(b"{}"));
        assert!(!c.complete());
    }
}
