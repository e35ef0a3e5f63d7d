//! Python's own `ast` as a second reference for Python: `pyast.py` (built into this binary) run once by
//! python3 over every Python file of the corpus.

use std::collections::HashMap;
use std::io::Write;
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use crate::oracle::{Found, Reading};
use crate::outline::{Def, Import};
use gap_core::SymbolKind;

const SCRIPT: &str = include_str!("../pyast.py");

#[derive(Deserialize)]
struct Answer {
    path: String,
    error: Option<String>,
    defs: Vec<(String, String, u64, String)>,
    imports: Vec<(String, u64, String)>,
}

/// What `ast` reads from each file: its reading, or the error it reports (a `SyntaxError`).
pub type AstReadings = HashMap<String, Result<Reading, String>>;

/// Runs python3 with `pyast.py` over `paths`.
pub fn read_all(paths: &[String]) -> Result<AstReadings> {
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("running python3 for the ast reference")?;
    let mut stdin = child.stdin.take().context("python3's stdin")?;
    let list = paths.join("\n") + "\n";
    let writer = std::thread::spawn(move || stdin.write_all(list.as_bytes()));
    let out = child
        .wait_with_output()
        .context("reading python3's answer")?;
    writer
        .join()
        .map_err(|_| anyhow::anyhow!("writing to python3"))?
        .context("writing the file list to python3")?;
    if !out.status.success() {
        bail!("python3 pyast.py failed: {}", out.status);
    }
    let mut readings = HashMap::new();
    for line in String::from_utf8(out.stdout)?.lines() {
        let a: Answer = serde_json::from_str(line).context("python3's answer")?;
        let reading = match a.error {
            Some(e) => Err(e),
            None => Ok(Reading {
                defs: a
                    .defs
                    .into_iter()
                    .map(|(name, kind, line, construct)| Found {
                        item: Def {
                            name,
                            kind: match kind.as_str() {
                                "class" => SymbolKind::Class,
                                "method" => SymbolKind::Method,
                                _ => SymbolKind::Function,
                            },
                            line,
                        },
                        construct,
                    })
                    .collect(),
                imports: a
                    .imports
                    .into_iter()
                    .map(|(spec, line, construct)| Found {
                        item: Import { spec, line },
                        construct,
                    })
                    .collect(),
            }),
        };
        readings.insert(a.path, reading);
    }
    Ok(readings)
}
