//! The seam between the scan and the languages: every language's reader implements [`Reader`], and
//! [`READERS`] lists them. The scan hands each reader its files; what comes back is language-neutral.

use std::path::Path;

use crate::lang::{self, Language};
use crate::model::{FileFacts, Parsed, Unit};
use crate::{go, js, jvm, parallel, python, rust, safe_read};

/// A language reader: how one language's files become facts, and its facts units.
///
/// The scan calls [`Reader::context`] once per scan, [`Reader::parse`] once per file (on every core), then
/// [`Reader::analyze`] once with all the language's files.
pub trait Reader: Sync {
    /// What a file holds beyond the shared [`FileFacts`]: its imports, package clause, exports.
    type Own: Send + Sync;
    /// What the reader knows about the tree's projects (module paths from `go.mod`, crates from
    /// `Cargo.toml`), read from the project marker files its language row lists.
    type Context: Sync;

    /// The language row: extensions, test rules, folders to skip, project markers.
    fn language(&self) -> &'static Language;

    /// The per-scan context, from the tree's project marker files.
    fn context(&self, projects: &Projects) -> Self::Context;

    /// One file's facts.
    fn parse(&self, text: &str) -> Parsed<Self::Own>;

    /// The units of the language's files: `paths` (sorted, relative to the root) with their parsed files;
    /// one unit per path, links as indices into `paths`.
    fn analyze(
        &self,
        paths: &[String],
        files: &[Parsed<Self::Own>],
        context: &Self::Context,
    ) -> Vec<Unit>;
}

/// The project marker files of the tree (paths relative to the root), readable by the readers' contexts.
#[derive(Debug, Clone, Copy)]
pub struct Projects<'a> {
    root: &'a Path,
    markers: &'a [String],
}

impl<'a> Projects<'a> {
    /// The markers `markers` found under `root`.
    pub fn new(root: &'a Path, markers: &'a [String]) -> Self {
        Projects { root, markers }
    }

    /// Paths of every marker file, sorted.
    pub fn all(&self) -> &'a [String] {
        self.markers
    }

    /// Paths of the marker files with one of `names` (`go.mod`), sorted.
    pub fn named(&self, names: &'a [&'a str]) -> impl Iterator<Item = &'a str> + 'a {
        self.markers
            .iter()
            .filter(move |m| names.contains(&m.rsplit('/').next().unwrap_or(m)))
            .map(String::as_str)
    }

    /// (path, text) of the marker files with one of `names` that can be read, sorted by path.
    pub fn texts(&self, names: &'a [&'a str]) -> Vec<(&'a str, String)> {
        self.named(names)
            .filter_map(|m| Some((m, safe_read::read_text(&self.root.join(m)).ok()?)))
            .collect()
    }
}

/// A reader with its types erased, as the registry holds it.
pub trait AnyReader: Sync {
    /// The language row.
    fn language(&self) -> &'static Language;

    /// Parses `texts` (on every core) and analyzes them: one (facts, unit) per path, links as indices into
    /// `paths`.
    fn read(&self, paths: &[String], texts: &[&str], projects: &Projects)
        -> Vec<(FileFacts, Unit)>;
}

impl<R: Reader> AnyReader for R {
    fn language(&self) -> &'static Language {
        Reader::language(self)
    }

    fn read(
        &self,
        paths: &[String],
        texts: &[&str],
        projects: &Projects,
    ) -> Vec<(FileFacts, Unit)> {
        let context = self.context(projects);
        let parsed: Vec<Parsed<R::Own>> = parallel::map(texts, |text| self.parse(text));
        let units = self.analyze(paths, &parsed, &context);
        parsed.into_iter().map(|p| p.facts).zip(units).collect()
    }
}

/// Every reader, in the order of the language table.
pub static READERS: &[&dyn AnyReader] = &[
    &go::GoReader,
    &jvm::JvmReader::JAVA,
    &js::JsReader,
    &jvm::JvmReader::KOTLIN,
    &python::PyReader,
    &rust::RustReader,
];

/// The reader of a file, by its extension.
pub fn for_path(path: &str) -> Option<&'static dyn AnyReader> {
    let l = lang::by_path(path)?;
    READERS.iter().copied().find(|r| r.language().id == l.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_one_reader() {
        let ids: Vec<&str> = READERS.iter().map(|r| r.language().id).collect();
        let rows: Vec<&str> = lang::LANGUAGES.iter().map(|l| l.id).collect();
        assert_eq!(ids, rows);
        assert_eq!(for_path("a/b.kt").map(|r| r.language().id), Some("kotlin"));
        assert!(for_path("README.md").is_none());
    }
}
