//! The units stage: each language's files handed to its reader; what comes back, with links made indices
//! into the scan's one list of files.

use crate::lang::Language;
use crate::model::{FileFacts, Role, Unit};
use crate::reader::{AnyReader, FileResult, Projects};
use crate::sources::Source;

/// A file of the scan: where it is, its language, what its reader read and made of it.
#[derive(Debug)]
pub struct Record {
    /// Path relative to the root.
    pub path: String,
    /// Its language.
    pub lang: &'static Language,
    /// What its reader read.
    pub facts: FileFacts,
    /// What its reader made of it; links are indices into the scan's records.
    pub unit: Unit,
}

impl Record {
    /// A source module.
    pub fn is_source(&self) -> bool {
        self.unit.role == Role::Source
    }

    /// It tests code: a test file, or a source file with tests of its own (Rust's `#[cfg(test)]` modules and
    /// doc tests).
    pub fn is_testing(&self) -> bool {
        self.unit.role == Role::Test || (self.is_source() && self.facts.test_functions > 0)
    }
}

/// A file its reader could not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Path relative to the root.
    pub path: String,
    /// Why, in one line.
    pub why: String,
}

/// What the readers made of the sources.
#[derive(Debug, Default)]
pub struct Units {
    /// The files read, in the order of the sources; links are indices into this list.
    pub records: Vec<Record>,
    /// The files no reader could read.
    pub failures: Vec<Failure>,
}

/// The files one reader reads, in order.
#[derive(Debug, Clone, Copy)]
pub struct Own<'a> {
    /// Their indices into all the files.
    pub indices: &'a [usize],
    /// Their languages.
    pub langs: &'a [&'static Language],
    /// Their paths.
    pub paths: &'a [String],
}

/// Every source read by the reader of its language (`readers`, one per language). The readers work at the
/// same time, each on its own thread (and each parses on every core): one language's analysis, which sees
/// all of its files at once, no longer waits for another's.
pub fn units(sources: &[Source], projects: &Projects, readers: &[&dyn AnyReader]) -> Units {
    let langs: Vec<&'static Language> = sources.iter().map(|s| s.lang).collect();
    let paths: Vec<String> = sources.iter().map(|s| s.path.clone()).collect();
    let claims = claim(&paths, &langs, readers);
    let results: Vec<Vec<FileResult>> = std::thread::scope(|s| {
        let running: Vec<_> = claims
            .iter()
            .map(|c| {
                s.spawn(move || {
                    let own_texts: Vec<&str> =
                        c.own.iter().map(|&i| sources[i].text.as_str()).collect();
                    readers[c.reader].read(&c.langs, &c.paths, &own_texts, projects)
                })
            })
            .collect();
        running
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    assemble(paths, langs, &claims, results)
}

/// The units of the files `paths` (of languages `langs`): each file goes to the first of `readers` that reads
/// its language, and `read(reader, own)` gives what that reader made of its files `own`. The scan reads the
/// files' texts; a merge of shard documents reads their facts.
pub fn units_with(
    paths: Vec<String>,
    langs: Vec<&'static Language>,
    readers: &[&dyn AnyReader],
    mut read: impl FnMut(&dyn AnyReader, Own) -> Vec<FileResult>,
) -> Units {
    let claims = claim(&paths, &langs, readers);
    let results = claims
        .iter()
        .map(|c| {
            let files = Own {
                indices: &c.own,
                langs: &c.langs,
                paths: &c.paths,
            };
            read(readers[c.reader], files)
        })
        .collect();
    assemble(paths, langs, &claims, results)
}

/// The files one reader claimed.
struct Claim {
    /// The reader's index in the readers.
    reader: usize,
    /// The files' indices into all the files, in order.
    own: Vec<usize>,
    /// Their languages.
    langs: Vec<&'static Language>,
    /// Their paths.
    paths: Vec<String>,
}

/// Each file claimed by the first of `readers` that reads its language; the readers that claim none are left
/// out.
fn claim(paths: &[String], langs: &[&'static Language], readers: &[&dyn AnyReader]) -> Vec<Claim> {
    let n = paths.len();
    let mut claimed = vec![false; n];
    let mut out = Vec::new();
    for (r, reader) in readers.iter().enumerate() {
        let own: Vec<usize> = (0..n)
            .filter(|&i| !claimed[i] && reader.reads(langs[i]))
            .collect();
        own.iter().for_each(|&i| claimed[i] = true);
        if !own.is_empty() {
            out.push(Claim {
                reader: r,
                langs: own.iter().map(|&i| langs[i]).collect(),
                paths: own.iter().map(|&i| paths[i].clone()).collect(),
                own,
            });
        }
    }
    out
}

/// The records and failures of the files, from what each claim's reader made of its files (`results`, one
/// list per claim), links made indices into the records.
fn assemble(
    paths: Vec<String>,
    langs: Vec<&'static Language>,
    claims: &[Claim],
    results: Vec<Vec<FileResult>>,
) -> Units {
    let n = paths.len();
    let mut by_file: Vec<Option<FileResult>> = Vec::new();
    by_file.resize_with(n, || None);
    // Per source, the claim it belongs to.
    let mut claim_of = vec![0; n];
    for (k, (c, list)) in claims.iter().zip(results).enumerate() {
        for (j, result) in list.into_iter().enumerate() {
            by_file[c.own[j]] = Some(result);
        }
        c.own.iter().for_each(|&i| claim_of[i] = k);
    }
    // The record each source read without failure becomes.
    let mut record_of: Vec<Option<usize>> = vec![None; n];
    let mut next = 0;
    for (i, r) in by_file.iter().enumerate() {
        if matches!(r, Some(Ok(_))) {
            record_of[i] = Some(next);
            next += 1;
        }
    }
    let mut out = Units {
        records: Vec::with_capacity(next),
        failures: Vec::new(),
    };
    for (i, ((path, lang), result)) in paths.into_iter().zip(langs).zip(by_file).enumerate() {
        match result {
            Some(Ok((facts, unit))) => {
                let own = &claims[claim_of[i]].own;
                out.records.push(Record {
                    path,
                    lang,
                    facts,
                    unit: unit.remap(|j| own.get(j).and_then(|&s| record_of[s])),
                });
            }
            Some(Err(why)) => out.failures.push(Failure { path, why }),
            None => out.failures.push(Failure {
                path,
                why: format!("no reader for {}", lang.id),
            }),
        }
    }
    out
}

#[cfg(test)]
mod fragile {
    use super::*;
    use crate::lang;
    use crate::model::Parsed;
    use crate::reader::{OutlineImport, Reader};

    /// A reader that panics on files holding `boom` (in its parse) or `bust` (in its analysis); each file
    /// imports the file before it.
    pub(crate) struct Fragile;

    impl Reader for Fragile {
        type Own = ();
        type Context = ();

        fn language(&self) -> &'static lang::Language {
            &lang::PYTHON
        }

        fn context(&self, _: &Projects) {}

        fn parse(&self, text: &str) -> Parsed<()> {
            assert!(!text.contains("boom"), "cannot read {text:?}");
            Parsed::default()
        }

        fn imports(&self, _: &()) -> Vec<OutlineImport> {
            Vec::new()
        }

        fn analyze(&self, paths: &[String], _: &[Parsed<()>], _: &()) -> Vec<Unit> {
            (0..paths.len())
                .map(|i| {
                    let mut u = Unit::new(Role::Source, paths[i].clone());
                    assert!(!paths[i].contains("bust"), "cannot analyze");
                    if let Some(before) = i.checked_sub(1) {
                        crate::model::import(&mut u.imports, before, 1);
                    }
                    u
                })
                .collect()
        }
    }
}

#[cfg(test)]
pub(crate) use fragile::Fragile;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang;

    fn sources(files: &[(&str, &str)]) -> Vec<Source> {
        files
            .iter()
            .map(|(path, text)| Source {
                path: path.to_string(),
                text: text.to_string(),
                lang: &lang::PYTHON,
            })
            .collect()
    }

    #[test]
    fn a_reader_that_panics_on_a_file_loses_that_file_only() {
        let root = std::path::Path::new(".");
        let projects = Projects::new(root, &[]);
        let got = units(
            &sources(&[("a.py", "fine"), ("b.py", "boom"), ("c.py", "fine")]),
            &projects,
            &[&Fragile],
        );
        let paths: Vec<&str> = got.records.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, ["a.py", "c.py"]);
        assert_eq!(
            got.records[1].unit.imports,
            crate::model::Imports::from([(0, 1)]),
            "c.py's link to a.py follows the records"
        );
        assert_eq!(got.failures.len(), 1);
        let f = &got.failures[0];
        assert_eq!(f.path, "b.py");
        assert!(
            f.why.starts_with(
                "the python reader failed: cannot read \"boom\" (at gap-scan/src/units.rs:"
            ),
            "{}",
            f.why
        );
        let got = units(
            &sources(&[("a.py", "fine"), ("bust.py", "fine")]),
            &projects,
            &[&Fragile],
        );
        assert!(got.records.is_empty());
        assert_eq!(got.failures.len(), 2);
        assert!(got.failures[0]
            .why
            .starts_with("the python analysis failed: cannot analyze"));
    }
}
