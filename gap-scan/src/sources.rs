//! The read stage: the walked files into memory as text, each with its language; unreadable, oversized and
//! non-UTF-8 files become warnings and are listed in `excluded`.

use std::path::PathBuf;

use gap_core::{Excluded, Warning};

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

/// Why a file was not read: its warning, and the `excluded` reason.
type Skipped = (Warning, &'static str);

/// Reads the walked files `(relative path, full path)` on every core, in order; the ones that cannot be read
/// go to `warnings` and `excluded`.
pub fn read(
    files: Vec<(String, PathBuf)>,
    warnings: &mut Vec<Warning>,
    excluded: &mut Vec<Excluded>,
) -> Vec<Source> {
    let warning = |rel: &String, message: String| Warning {
        path: rel.clone(),
        message,
        extra: Default::default(),
    };
    let results = parallel::map(&files, |(rel, full)| -> Result<Source, Skipped> {
        let lang =
            lang::by_path(rel).ok_or_else(|| (warning(rel, "no language".into()), "unreadable"))?;
        let bytes = safe_read::read(full, safe_read::MAX_SOURCE_BYTES)
            .map_err(|e| (warning(rel, format!("{e}; skipped")), e.reason()))?;
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
                let message = format!("not UTF-8 (line {line}, byte {at}); skipped");
                Err((warning(rel, message), "unreadable"))
            }
        }
    });
    let mut out = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(s) => out.push(s),
            Err((w, reason)) => {
                excluded.push(Excluded {
                    path: w.path.clone(),
                    reason: reason.to_string(),
                    detail: None,
                    extra: Default::default(),
                });
                warnings.push(w);
            }
        }
    }
    out
}
