//! Parsing a document held in memory on every core: the rest of the document (its shell: the same text with
//! its large top-level arrays, `modules` and `tests`, emptied) is parsed first, then the elements of those
//! arrays in pieces on every core.
//!
//! It is only ever a faster way to the same value. The syntax check ([`syntax::Check`]) already found where
//! the arrays and their elements lie; each element is read through the same strict wrapper (a key written
//! twice is refused), and anything that fails, anywhere, makes the whole parse fail, so that the reader hands
//! the input to the stream parser for the exact error, as it does for a parse from memory in one piece.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::de::DeserializeOwned;

use crate::document::Document;
use crate::parallel;
use crate::strict;
use crate::syntax::{self, Array};

/// Arrays with fewer elements than this are parsed with the shell.
const MIN_ELEMENTS: usize = 64;

/// Documents nested deeper than this are parsed in one piece: an element parsed alone starts two levels
/// higher than it sits in the document, and must not get past a depth limit the document as a whole hits.
const MAX_SPLIT_DEPTH: usize = 64;

/// Pieces of elements per thread: enough that a thread whose pieces hold large elements does not leave the
/// others waiting at the end.
const PIECES_PER_THREAD: usize = 8;

/// Parses the whole document `text`, which `check` has found to be one JSON value; `None` on any error.
/// `whole` parses a text in one piece (the shell, or all of `text` when there is nothing to split).
pub(crate) fn parse_document(
    text: &[u8],
    check: &syntax::Check,
    whole: fn(&[u8]) -> Option<Document>,
) -> Option<Document> {
    let threads = parallel::threads();
    let modules = splittable(text, check.arrays(), b"modules");
    let tests = splittable(text, check.arrays(), b"tests");
    if threads < 2 || check.deepest() > MAX_SPLIT_DEPTH || (modules.is_none() && tests.is_none()) {
        return whole(text);
    }
    let shell = shell(text, modules.into_iter().chain(tests));
    let mut doc = whole(&shell)?;
    if let Some(modules) = modules {
        doc.modules = parse_elements(text, &modules.elements, threads)?;
    }
    if let Some(tests) = tests {
        doc.tests = parse_elements(text, &tests.elements, threads)?;
    }
    Some(doc)
}

/// The array of top-level field `key` when its elements are worth parsing apart: large enough, every element
/// an object or array, and the field written once (a field written twice is left to the shell's parse, which
/// refuses it).
fn splittable<'a>(text: &[u8], arrays: &'a [Array], key: &[u8]) -> Option<&'a Array> {
    let mut named = arrays.iter().filter(|a| &text[a.key.clone()] == key);
    let array = named.next()?;
    let usable = named.next().is_none() && array.containers && array.elements.len() >= MIN_ELEMENTS;
    usable.then_some(array)
}

/// `text` with the contents of `arrays` left out: each becomes `[]`.
fn shell<'a>(text: &[u8], arrays: impl Iterator<Item = &'a Array>) -> Vec<u8> {
    let mut arrays: Vec<&Array> = arrays.collect();
    arrays.sort_by_key(|a| a.open);
    let inside: usize = arrays.iter().map(|a| a.close - a.open - 1).sum();
    let mut shell = Vec::with_capacity(text.len() - inside);
    let mut at = 0;
    for a in arrays {
        shell.extend_from_slice(&text[at..=a.open]);
        at = a.close;
    }
    shell.extend_from_slice(&text[at..]);
    shell
}

/// Parses every element of `elements` (ranges of `text`), in order, in pieces claimed by `threads` threads
/// (the caller is one of them); `None` when any fails.
fn parse_elements<T: DeserializeOwned + Send>(
    text: &[u8],
    elements: &[Range<usize>],
    threads: usize,
) -> Option<Vec<T>> {
    let pieces = pieces(elements, threads * PIECES_PER_THREAD);
    let failed = AtomicBool::new(false);
    let ((), parsed) = parallel::pieces(
        pieces.len(),
        threads,
        || (),
        |p| {
            if failed.load(Ordering::Relaxed) {
                return None;
            }
            let state = RefCell::new(strict::State::element());
            let values: Option<Vec<T>> = elements[pieces[p].clone()]
                .iter()
                .map(|range| parse_element(&text[range.clone()], &state))
                .collect();
            if values.is_none() {
                failed.store(true, Ordering::Relaxed);
            }
            values
        },
    );
    let mut values = Vec::with_capacity(elements.len());
    for piece in parsed {
        values.extend(piece?);
    }
    Some(values)
}

/// `elements` cut into about `n` runs of consecutive elements of about equal bytes, as ranges of indices.
fn pieces(elements: &[Range<usize>], n: usize) -> Vec<Range<usize>> {
    let total: usize = elements.iter().map(|r| r.end - r.start).sum();
    let target = (total / n.max(1)).max(1);
    let mut pieces = Vec::with_capacity(n + 1);
    let (mut start, mut bytes) = (0, 0);
    for (i, r) in elements.iter().enumerate() {
        bytes += r.end - r.start;
        if bytes >= target {
            pieces.push(start..i + 1);
            (start, bytes) = (i + 1, 0);
        }
    }
    if start < elements.len() {
        pieces.push(start..elements.len());
    }
    pieces
}

/// Parses one element, all of `bytes`.
fn parse_element<T: DeserializeOwned>(bytes: &[u8], state: &RefCell<strict::State>) -> Option<T> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = strict::deserialize_element(&mut de, state).ok()?;
    de.end().ok()?;
    Some(value)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::io::parse_whole;

    /// A module of `document`, numbered `i`, with `more` fields after its own.
    pub(crate) fn module(i: usize, more: &str) -> String {
        format!(
            r#"{{"path": "m{i}.py", "language": "python", "name": "m{i}", "category": ".", "lines": {i},
      "code_lines": 1, "branches": 0, "testable": true, "imports": [{imports}], "public_symbols": 1,
      "referenced_symbols": 0, "symbol_coverage": 0.0, "status": "untested"{more}}}"#,
            imports = (0..i % 7)
                .map(|j| format!(r#""m{j}.py""#))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }

    /// A test file of `document`, numbered `i`.
    pub(crate) fn test_file(i: usize) -> String {
        format!(
            r#"{{"path": "t{i}.py", "language": "python", "kind": "test", "suite": "unit", "lines": 3,
      "test_functions": 1, "exercises": ["m{i}.py"]}}"#
        )
    }

    /// A gap/1 document of `modules` and `tests`, pretty-printed as gap writes it, with `more` top-level fields
    /// after them.
    pub(crate) fn document(modules: &[String], tests: &[String], more: &str) -> String {
        format!(
            "{{\n  \"schema\": \"gap/1\",\n  \"tool\": {{\"name\": \"gap-scan\", \"version\": \"1\"}},\n  \
             \"root\": \".\",\n  \"modules\": [\n    {}\n  ],\n  \"tests\": [\n    {}\n  ]{more}\n}}\n",
            modules.join(",\n    "),
            tests.join(",\n    ")
        )
    }

    fn modules(n: usize) -> Vec<String> {
        (0..n).map(|i| module(i, "")).collect()
    }

    fn tests(n: usize) -> Vec<String> {
        (0..n).map(test_file).collect()
    }

    /// What the split parse makes of `text`, and what the parse in one piece makes of it.
    fn both(text: &str) -> (Option<Document>, Option<Document>) {
        let mut check = syntax::Check::default();
        assert!(check.feed(text.as_bytes()) && check.complete(), "not JSON");
        (
            parse_document(text.as_bytes(), &check, parse_whole),
            parse_whole(text.as_bytes()),
        )
    }

    #[test]
    fn pieces_cover_every_element_in_order() {
        let elements: Vec<Range<usize>> = (0..100).map(|i| i * 10..i * 10 + 1 + i % 13).collect();
        for n in [1, 2, 7, 16, 100, 500] {
            let pieces = pieces(&elements, n);
            let flat: Vec<usize> = pieces.iter().flat_map(|p| p.clone()).collect();
            assert_eq!(flat, (0..100).collect::<Vec<_>>(), "{n}");
            assert!(pieces.iter().all(|p| !p.is_empty()), "{n}");
            assert!(pieces.len() <= n + 1, "{n}: {}", pieces.len());
        }
        assert!(pieces(&[], 4).is_empty());
    }

    #[test]
    fn the_split_parse_is_the_parse_in_one_piece() {
        let mut mods = modules(300);
        // Unknown fields, a `schema` field (an ordinary one inside a module), escapes, nested objects.
        mods[3] = module(3, r#", "schema": 5, "x_f": {"a": [1, {"b": "\"]}"}]}"#);
        mods[299] = module(299, r#", "name2": "caf\u00e9 \n""#);
        let more = r#",
  "warnings": [{"path": "w.py", "message": "not UTF-8"}],
  "x_top": [{"a": 1}]"#;
        let text = document(&mods, &tests(120), more);
        let check = {
            let mut c = syntax::Check::default();
            assert!(c.feed(text.as_bytes()));
            c
        };
        assert!(splittable(text.as_bytes(), check.arrays(), b"modules").is_some());
        assert!(splittable(text.as_bytes(), check.arrays(), b"tests").is_some());
        let (split, whole) = both(&text);
        let split = split.expect("the split parse reads the document");
        assert_eq!(Some(&split), whole.as_ref());
        assert_eq!(split.modules.len(), 300);
        assert_eq!(split.tests.len(), 120);
        assert_eq!(split.modules[3].extra["schema"], serde_json::json!(5));
        assert_eq!(split.extra["x_top"], serde_json::json!([{"a": 1}]));
        // Small arrays are parsed with the shell, all the same.
        let small = document(&modules(5), &tests(300), "");
        let (split, whole) = both(&small);
        assert!(split.is_some());
        assert_eq!(split, whole);
    }

    /// Documents that a parse in one piece refuses, each with its large arrays.
    pub(crate) fn refused() -> Vec<(&'static str, String)> {
        let with_module = |i: usize, m: String| {
            let mut mods = modules(200);
            mods[i] = m;
            document(&mods, &tests(100), "")
        };
        let deep = format!("{}1{}", "[".repeat(125), "]".repeat(125));
        vec![
            (
                "a key written twice in a module",
                with_module(150, module(150, r#", "path": "again""#)),
            ),
            (
                "a key written twice deeper in a module",
                with_module(7, module(7, r#", "x_f": {"a": 1, "a": 2}"#)),
            ),
            ("a field of the wrong type", {
                let m = module(100, "").replace(r#""lines": 100"#, r#""lines": "many""#);
                with_module(100, m)
            }),
            ("a number too large", {
                let m = module(100, "").replace(r#""lines": 100"#, r#""lines": 1e999"#);
                with_module(100, m)
            }),
            (
                "a missing field",
                with_module(0, r#"{"path": "a"}"#.to_string()),
            ),
            ("a test file of the wrong shape", {
                let mut t = tests(100);
                t[99] = r#"{"path": "t.py", "kind": "nonsense"}"#.to_string();
                document(&modules(200), &t, "")
            }),
            (
                "modules written twice",
                document(
                    &modules(200),
                    &tests(100),
                    &format!(",\n  \"modules\": [{}]", module(1, "")),
                ),
            ),
            (
                "modules written twice, the second one small",
                document(&modules(200), &tests(100), ",\n  \"modules\": []"),
            ),
            (
                "modules written twice, once with an escape",
                document(&modules(200), &tests(100), ",\n  \"modul\\u0065s\": []"),
            ),
            (
                "a key written twice at the top",
                document(&modules(200), &tests(100), ",\n  \"root\": \"..\""),
            ),
            (
                "another schema",
                document(&modules(200), &tests(100), "").replacen("gap/1", "gap/2", 1),
            ),
            (
                "nesting too deep for the whole document",
                with_module(50, module(50, &format!(r#", "x_f": {deep}"#))),
            ),
            (
                "an element that is no object",
                with_module(60, r#"["m.py", "python"]"#.to_string()),
            ),
        ]
    }

    #[test]
    fn whatever_the_parse_in_one_piece_refuses_the_split_parse_refuses() {
        let fine = document(&modules(200), &tests(100), "");
        let (split, whole) = both(&fine);
        assert!(split.is_some() && split == whole);
        for (what, text) in refused() {
            let (split, whole) = both(&text);
            assert!(whole.is_none(), "{what}: the parse in one piece reads it");
            assert!(split.is_none(), "{what}: the split parse reads it");
        }
    }

    #[test]
    fn invalid_utf8_in_an_element_is_refused() {
        let mut mods = modules(100);
        mods[42] = module(42, r#", "x_f": "BAD""#);
        let text = document(&mods, &tests(0), "");
        let mut bytes = text.into_bytes();
        let at = bytes.windows(3).position(|w| w == b"BAD").unwrap();
        bytes[at] = 0xff;
        let mut check = syntax::Check::default();
        assert!(check.feed(&bytes) && check.complete());
        assert!(parse_document(&bytes, &check, parse_whole).is_none());
    }
}
