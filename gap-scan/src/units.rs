//! The units stage: each language's files handed to its reader; what comes back, with links made indices
//! into the scan's one list of files.

use std::collections::BTreeSet;

use crate::lang::Language;
use crate::model::{FileFacts, Role, Unit};
use crate::reader::{AnyReader, Projects};
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

/// Every source read by the reader of its language (`readers`, one per language); the records keep the
/// order of `sources`.
pub fn units(sources: Vec<Source>, projects: &Projects, readers: &[&dyn AnyReader]) -> Vec<Record> {
    let mut records: Vec<Option<Record>> = Vec::new();
    records.resize_with(sources.len(), || None);
    for reader in readers {
        let id = reader.language().id;
        let own: Vec<usize> = (0..sources.len())
            .filter(|&i| sources[i].lang.id == id)
            .collect();
        if own.is_empty() {
            continue;
        }
        let paths: Vec<String> = own.iter().map(|&i| sources[i].path.clone()).collect();
        let texts: Vec<&str> = own.iter().map(|&i| sources[i].text.as_str()).collect();
        let global =
            |set: &BTreeSet<usize>| set.iter().map(|&j| own[j]).collect::<BTreeSet<usize>>();
        for (j, (facts, mut u)) in reader
            .read(&paths, &texts, projects)
            .into_iter()
            .enumerate()
        {
            u.imports = global(&u.imports);
            u.runtime_imports = global(&u.runtime_imports);
            u.test_imports = global(&u.test_imports);
            u.refs = u.refs.into_iter().map(|(f, s)| (own[f], s)).collect();
            let i = own[j];
            records[i] = Some(Record {
                path: sources[i].path.clone(),
                lang: sources[i].lang,
                facts,
                unit: u,
            });
        }
    }
    records
        .into_iter()
        .map(|r| r.expect("every language has a reader"))
        .collect()
}
