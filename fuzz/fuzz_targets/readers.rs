//! Every language reader of the registry (`gap_scan::reader::READERS`) on arbitrary files: neither its outline
//! nor its whole read (parse, then analysis of the files together) ever panics.
//!
//! The input: its first byte picks a reader (modulo the registry's length, so a new reader is fuzzed with no
//! change here); the rest is up to eight files separated by NUL bytes, each `path` + newline + text. A path
//! is made relative and given the reader's first extension; a file without a newline is the text of
//! `src/mod.EXT`. Texts are decoded lossily, as the scan only hands readers UTF-8.
#![no_main]

use std::path::Path;

use gap_scan::reader::{Projects, READERS};
use libfuzzer_sys::fuzz_target;

/// At most this many files per input.
const MAX_FILES: usize = 8;

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

fuzz_target!(|data: &[u8]| {
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
    let projects = Projects::new(Path::new("/nonexistent"), &[]);
    let results = reader.read(&paths, &texts, &projects);
    assert_eq!(results.len(), paths.len(), "one result per file");
    for (path, result) in paths.iter().zip(&results) {
        if let Err(why) = result {
            panic!("the reader failed on {path}: {why}");
        }
    }
});
