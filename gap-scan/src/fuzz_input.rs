//! The readers' fuzzing harness (`fuzz/fuzz_targets/readers.rs`): arbitrary bytes as files for one reader of
//! the registry. It lives here, not in the fuzz crate, so the ordinary tests build it and run the seeds
//! through it, and a change to the reader interface cannot leave the fuzz target behind.

use std::path::Path;

use crate::lang::Language;
use crate::reader::{Projects, READERS};

/// At most this many files per input.
const MAX_FILES: usize = 8;

/// Reads `data` as the fuzz target does: its first byte picks a reader (modulo the registry's length, so a new
/// reader is fuzzed with no change to the target); the rest is up to eight files separated by NUL bytes, each
/// `path` + newline + text. A path is made relative and given the reader's first extension; a file without a
/// newline is the text of `src/modN.EXT`. Texts are decoded lossily, as the scan only hands readers UTF-8.
/// Each file's outline and the reader's whole read (parse, then the analysis of the files together) run.
///
/// # Panics
/// When the reader fails a file, or gives a number of results other than one per file: the fuzzer's finding.
pub fn read_files(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let reader = READERS[pick as usize % READERS.len()];
    let ext = reader.language().extensions[0];
    let mut files: Vec<(String, String)> = Vec::new();
    for (i, chunk) in rest.split(|&b| b == 0).take(MAX_FILES).enumerate() {
        let chunk = String::from_utf8_lossy(chunk);
        let (path, text) = match chunk.split_once('\n') {
            Some((p, t)) => (path_of(p, ext, i), t.to_string()),
            None => (format!("src/mod{i}.{ext}"), chunk.into_owned()),
        };
        if files.iter().all(|(p, _)| *p != path) {
            files.push((path, text));
        }
    }
    files.sort();
    for (_, text) in &files {
        reader.outline(text);
    }
    let paths: Vec<String> = files.iter().map(|(p, _)| p.clone()).collect();
    let texts: Vec<&str> = files.iter().map(|(_, t)| t.as_str()).collect();
    // Every path ends in the reader's own extension, so every file is of the reader's language.
    let langs: Vec<&'static Language> = vec![reader.language(); paths.len()];
    let projects = Projects::new(Path::new("/nonexistent"), &[]);
    let results = reader.read(&langs, &paths, &texts, &projects);
    assert_eq!(results.len(), paths.len(), "one result per file");
    for (path, result) in paths.iter().zip(&results) {
        if let Err(why) = result {
            panic!("the reader failed on {path}: {why}");
        }
    }
}

/// A clean relative path from the fuzzer's bytes: `/`-separated, no empty, `.` or `..` parts, ending in
/// `.EXT`.
fn path_of(raw: &str, ext: &str, i: usize) -> String {
    let parts: Vec<&str> = raw
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .collect();
    if parts.is_empty() {
        return format!("src/mod{i}.{ext}");
    }
    format!("{}.{ext}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every seed of the fuzz target reads without a failure (the seeds are a source and a test file per
    /// language and star re-export cycles).
    #[test]
    fn the_fuzz_seeds_read() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds/readers");
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).expect("fuzz/seeds/readers") {
            let data = std::fs::read(entry.expect("entry").path()).expect("seed");
            read_files(&data);
            seen += 1;
        }
        assert!(
            seen >= READERS.len(),
            "a seed per reader at least, found {seen}"
        );
    }

    #[test]
    fn paths_are_made_relative_with_the_readers_extension() {
        assert_eq!(path_of("/../a//b/./c", "py", 0), "a/b/c.py");
        assert_eq!(path_of("../..", "rs", 3), "src/mod3.rs");
    }

    #[test]
    fn empty_and_odd_inputs_read() {
        read_files(b"");
        read_files(b"\x00");
        for pick in 0..READERS.len() as u8 {
            read_files(&[pick, b'\n', 0, 0xff, 0xfe, b'\n', b'(', b'{', b'[']);
        }
    }
}
