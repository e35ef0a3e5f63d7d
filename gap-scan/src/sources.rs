//! The read stage: the walked files into memory as text, each with its language; unreadable and non-UTF-8
//! files become warnings.

use std::path::PathBuf;

use gap_core::Warning;

use crate::lang::{self, Language};
use crate::{parallel, safe_read};

/// A file read from disk.
#[derive(Debug)]
pub struct Source {
    /// Path relative to the root, `/`-separated.
    pub path: String,
    /// Its text, a leading byte-order mark removed.
    pub text: String,
    /// Its language.
    pub lang: &'static Language,
}

/// Reads the walked files `(relative path, full path)` on every core, in order; the ones that cannot be read
/// go to `warnings`.
pub fn read(files: Vec<(String, PathBuf)>, warnings: &mut Vec<Warning>) -> Vec<Source> {
    let results = parallel::map(&files, |(rel, full)| -> Result<Source, Warning> {
        let lang = lang::by_path(rel).ok_or_else(|| Warning {
            path: rel.clone(),
            message: "no language".into(),
            extra: Default::default(),
        })?;
        let bytes = safe_read::read(full, safe_read::MAX_SOURCE_BYTES).map_err(|e| Warning {
            path: rel.clone(),
            message: format!("{e}; skipped"),
            extra: Default::default(),
        })?;
        match String::from_utf8(bytes) {
            Ok(mut text) => {
                if text.starts_with('\u{feff}') {
                    text.drain(..3);
                }
                Ok(Source {
                    path: rel.clone(),
                    text,
                    lang,
                })
            }
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                Err(Warning {
                    path: rel.clone(),
                    message: format!("not UTF-8 (line {line}, byte {at}); skipped"),
                    extra: Default::default(),
                })
            }
        }
    });
    let mut out = Vec::new();
    for r in results {
        match r {
            Ok(s) => out.push(s),
            Err(w) => warnings.push(w),
        }
    }
    out
}
