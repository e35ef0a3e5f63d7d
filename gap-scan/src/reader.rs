//! The seam between the scan and the languages: every language's reader implements [`Reader`], and
//! [`READERS`] lists them. The scan hands each reader its files; what comes back is language-neutral.

use std::path::Path;

use crate::lang::{self, Language};
use crate::model::{FileFacts, Parsed, Unit};
use crate::{csharp, go, js, jvm, parallel, python, rust, safe_read};

/// A language reader: how one language's files become facts, and its facts units.
///
/// The scan calls [`Reader::context`] once per scan, [`Reader::parse`] once per file (on every core), then
/// [`Reader::analyze`] once with all the language's files.
pub trait Reader: Sync {
    /// What a file holds beyond the shared [`FileFacts`]: its imports, package clause, exports.
    /// Shard documents carry it (serde), the merge reads it back (docs/schema.md, "Shard documents").
    type Own: Send + Sync + 'static + serde::Serialize + serde::de::DeserializeOwned;
    /// What the reader knows about the tree's projects (module paths from `go.mod`, crates from
    /// `Cargo.toml`), read from the project marker files its language row lists. Shard documents carry it.
    type Context: Sync + serde::Serialize + serde::de::DeserializeOwned;

    /// The language row: extensions, test rules, folders to skip, project markers.
    fn language(&self) -> &'static Language;

    /// The per-scan context, from the tree's project marker files.
    fn context(&self, projects: &Projects) -> Self::Context;

    /// One file's facts.
    fn parse(&self, text: &str) -> Parsed<Self::Own>;

    /// True when the reader reads files of `lang`: its own language, and for a reader of a family of
    /// languages that call each other (Java and Kotlin) the others too, so one analysis sees them all.
    fn reads(&self, lang: &Language) -> bool {
        lang.id == self.language().id
    }

    /// One file's facts, for a file of `lang` (one [`Reader::reads`] accepts).
    fn parse_as(&self, lang: &'static Language, text: &str) -> Parsed<Self::Own> {
        let _ = lang;
        self.parse(text)
    }

    /// The imports of a parsed file as written, in file order, for [`outline`] (docs/languages.md says per
    /// language what counts as one).
    fn imports(&self, own: &Self::Own) -> Vec<OutlineImport>;

    /// The units of the language's files: `paths` (sorted, relative to the root) with their parsed files;
    /// one unit per path, links as indices into `paths`.
    fn analyze(
        &self,
        paths: &[String],
        files: &[Parsed<Self::Own>],
        context: &Self::Context,
    ) -> Vec<Unit>;
}

/// The project marker files of the tree (paths relative to the root), readable by the readers' contexts, and
/// the scan's configuration.
#[derive(Debug, Clone, Copy)]
pub struct Projects<'a> {
    root: &'a Path,
    markers: &'a [String],
    config: Option<&'a gap_core::Config>,
}

impl<'a> Projects<'a> {
    /// The markers `markers` found under `root`.
    pub fn new(root: &'a Path, markers: &'a [String]) -> Self {
        Projects {
            root,
            markers,
            config: None,
        }
    }

    /// The same, with the scan's configuration (gap.toml) for the readers that take additions from it.
    pub fn with_config(self, config: &'a gap_core::Config) -> Self {
        Projects {
            config: Some(config),
            ..self
        }
    }

    /// The scan's configuration, when it was given.
    pub fn config(&self) -> Option<&'a gap_core::Config> {
        self.config
    }

    /// The root of the tree: for readers that look up files of it by fixed relative paths (`safe_read`).
    pub fn root(&self) -> &'a Path {
        self.root
    }

    /// Paths of every marker file, sorted.
    pub fn all(&self) -> &'a [String] {
        self.markers
    }

    /// Paths of the marker files matching one of `names` (names or globs of the language table's `markers`:
    /// `go.mod`, `*.csproj`), sorted.
    pub fn named(&self, names: &'a [&'a str]) -> impl Iterator<Item = &'a str> + 'a {
        self.markers
            .iter()
            .filter(move |m| lang::matches_any(names, m.rsplit('/').next().unwrap_or(m)))
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

    /// True when the reader reads files of `lang` ([`Reader::reads`]).
    fn reads(&self, lang: &Language) -> bool;

    /// Parses `texts` (on every core; each of the language in `langs`) and analyzes them: per path, its facts
    /// and unit (links as indices into `paths`), or why the reader failed on it. A panic in the reader fails
    /// its file (or, in the analysis, every file it read); the others go on.
    fn read(
        &self,
        langs: &[&'static Language],
        paths: &[String],
        texts: &[&str],
        projects: &Projects,
    ) -> Vec<FileResult>;

    /// The definitions and imports of one file.
    fn outline(&self, text: &str) -> Outline;

    /// The per-scan context as a shard document carries it, or why the reader failed on it.
    fn context_facts(&self, projects: &Projects) -> Result<serde_json::Value, String>;

    /// One file of `lang` parsed, as a shard document carries it, or why the reader failed on it.
    fn parse_facts(&self, lang: &'static Language, text: &str)
        -> Result<serde_json::Value, String>;

    /// What [`AnyReader::read`] gives for files already parsed (`files`, from [`AnyReader::parse_facts`]) with
    /// the context `context` (from [`AnyReader::context_facts`]); `Err((i, why))` when the facts of file `i`
    /// (or the context, `i` = `files.len()`) are not ones this reader writes.
    fn read_facts(
        &self,
        paths: &[String],
        files: Vec<Result<serde_json::Value, String>>,
        context: Result<serde_json::Value, String>,
    ) -> Result<Vec<FileResult>, (usize, String)>;
}

impl<R: Reader> AnyReader for R {
    fn language(&self) -> &'static Language {
        Reader::language(self)
    }

    fn reads(&self, lang: &Language) -> bool {
        Reader::reads(self, lang)
    }

    fn read(
        &self,
        langs: &[&'static Language],
        paths: &[String],
        texts: &[&str],
        projects: &Projects,
    ) -> Vec<FileResult> {
        let id = Reader::language(self).id;
        let context = match guard(|| self.context(projects)) {
            Ok(c) => c,
            Err(why) => return failed(texts.len(), &format!("the {id} reader failed: {why}")),
        };
        let files: Vec<(&'static Language, &str)> =
            langs.iter().copied().zip(texts.iter().copied()).collect();
        let parsed = parallel::map(&files, |&(lang, text)| parse_one(self, lang, text));
        analyze_parsed(self, paths, parsed, &context)
    }

    fn outline(&self, text: &str) -> Outline {
        let parsed = self.parse(text);
        Outline {
            language: Reader::language(self).id,
            defs: parsed
                .facts
                .defs
                .iter()
                .map(|d| OutlineDef {
                    name: d.name.clone(),
                    kind: d.kind,
                    line: d.line,
                })
                .collect(),
            imports: self.imports(&parsed.own),
        }
    }

    fn context_facts(&self, projects: &Projects) -> Result<serde_json::Value, String> {
        let id = Reader::language(self).id;
        let context = guard(|| self.context(projects))
            .map_err(|why| format!("the {id} reader failed: {why}"))?;
        serde_json::to_value(&context).map_err(|e| format!("the {id} reader's context: {e}"))
    }

    fn parse_facts(
        &self,
        lang: &'static Language,
        text: &str,
    ) -> Result<serde_json::Value, String> {
        let parsed = parse_one(self, lang, text)?;
        serde_json::to_value(&parsed).map_err(|e| format!("the {} reader: {e}", lang.id))
    }

    fn read_facts(
        &self,
        paths: &[String],
        files: Vec<Result<serde_json::Value, String>>,
        context: Result<serde_json::Value, String>,
    ) -> Result<Vec<FileResult>, (usize, String)> {
        let n = files.len();
        let context: R::Context = match context {
            Ok(v) => serde_json::from_value(v).map_err(|e| (n, e.to_string()))?,
            Err(why) => return Ok(failed(n, &why)),
        };
        let parsed = files
            .into_iter()
            .enumerate()
            .map(|(i, f)| match f {
                Ok(v) => serde_json::from_value(v)
                    .map(Ok)
                    .map_err(|e| (i, e.to_string())),
                Err(why) => Ok(Err(why)),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(analyze_parsed(self, paths, parsed, &context))
    }
}

/// One file of `lang` parsed by `reader`, or why the reader failed on it.
fn parse_one<R: Reader>(
    reader: &R,
    lang: &'static Language,
    text: &str,
) -> Result<Parsed<R::Own>, String> {
    crate::progress::parsed(text);
    guard(|| reader.parse_as(lang, text))
        .map_err(|why| format!("the {} reader failed: {why}", Reader::language(reader).id))
}

/// The files `paths` parsed (`parsed`: each file's facts or why its reader failed on it) analyzed together with
/// `context`: per path, its facts and unit (links as indices into `paths`), or why the reader failed on it. A
/// panic in the analysis fails every file it read.
fn analyze_parsed<R: Reader>(
    reader: &R,
    paths: &[String],
    parsed_or_not: Vec<Result<Parsed<R::Own>, String>>,
    context: &R::Context,
) -> Vec<FileResult> {
    let id = Reader::language(reader).id;
    let mut out: Vec<Option<FileResult>> = Vec::with_capacity(parsed_or_not.len());
    let mut ok: Vec<usize> = Vec::with_capacity(parsed_or_not.len());
    let mut parsed: Vec<Parsed<R::Own>> = Vec::with_capacity(parsed_or_not.len());
    for (i, p) in parsed_or_not.into_iter().enumerate() {
        match p {
            Ok(p) => {
                ok.push(i);
                parsed.push(p);
                out.push(None);
            }
            Err(why) => out.push(Some(Err(why))),
        }
    }
    let ok_paths: Vec<String> = ok.iter().map(|&i| paths[i].clone()).collect();
    let units = guard(|| reader.analyze(&ok_paths, &parsed, context)).and_then(|units| {
        if units.len() == ok.len() {
            Ok(units)
        } else {
            let (n, m) = (units.len(), ok.len());
            Err(format!(
                "{n} units for {m} files (a bug in gap, please report it)"
            ))
        }
    });
    match units {
        Ok(units) => {
            // What only the reader needed is freed on another core while the scan goes on.
            let mut own = Vec::with_capacity(parsed.len());
            for ((&i, p), u) in ok.iter().zip(parsed).zip(units) {
                out[i] = Some(Ok((p.facts, u.remap(|j| ok.get(j).copied()))));
                own.push(p.own);
            }
            parallel::drop_in_background(own);
        }
        Err(why) => {
            let why = format!("the {id} analysis failed: {why}");
            for &i in &ok {
                out[i] = Some(Err(why.clone()));
            }
        }
    }
    out.into_iter().flatten().collect()
}

/// What a reader finds in one file: its definitions and imports, for checking the reader against a reference
/// parser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    /// Language id (`python`).
    pub language: &'static str,
    /// Definitions in file order, named as the document's symbols are.
    pub defs: Vec<OutlineDef>,
    /// Imports in file order.
    pub imports: Vec<OutlineImport>,
}

/// A definition: what the document lists as a symbol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineDef {
    /// `name`, or `Type.method` for methods (Rust items of inline modules: `sync::Lazy`).
    pub name: String,
    /// Function, class (or type) or method.
    pub kind: gap_core::SymbolKind,
    /// 1-based line.
    pub line: u64,
}

/// An import: the module, package or path it names, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineImport {
    /// Python: the dotted module with a leading dot per level of a relative import (`..pkg.mod`, `.`); JS: the
    /// specifier; Go: the import path; Rust: the `use` path joined with `::` (`a::b::*` for a glob); Java and
    /// Kotlin: the imported path (`a.b.*` for a wildcard).
    pub spec: String,
    /// 1-based line of the statement (of the path itself in a Go import group).
    pub line: u64,
}

/// The outline of the file at `path` with contents `text`, read by the reader of its extension; `None` when
/// no reader takes the path. A reader that panics on `text` panics here (the scan catches that per file).
pub fn outline(path: &str, text: &str) -> Option<Outline> {
    Some(for_path(path)?.outline(text))
}

/// What a reader made of one file: its facts and unit, or why it could not read it.
pub type FileResult = Result<(FileFacts, Unit), String>;

/// `n` failures for `why`.
fn failed(n: usize, why: &str) -> Vec<FileResult> {
    (0..n).map(|_| Err(why.to_string())).collect()
}

thread_local! {
    /// True while this thread runs a reader under [`guard`].
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Where the last guarded panic of this thread happened.
    static PANIC_AT: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f`, a reader's work, turning a panic into its message (with where it happened) instead of ending the
/// scan; such a panic prints nothing itself (the scan reports it as a warning).
pub fn guard<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if GUARDED.with(|g| g.get()) {
                let at = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()));
                PANIC_AT.with(|p| *p.borrow_mut() = at);
            } else {
                previous(info);
            }
        }));
    });
    let was = GUARDED.with(|g| g.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    result.map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_string());
        let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
        match PANIC_AT.with(|p| p.borrow_mut().take()) {
            Some(at) => format!("{message} (at {at}; a bug in gap, please report it)"),
            None => format!("{message} (a bug in gap, please report it)"),
        }
    })
}

/// [`parallel::map_indices`] for a reader's work under [`guard`]: a panic on another thread is reported as
/// one on this thread would be (silently, with where it happened), so the caller's `guard` turns it into the
/// same message.
pub fn guarded_map<R: Send>(n: usize, f: impl Fn(usize) -> R + Sync) -> Vec<R> {
    let guarded = GUARDED.with(|g| g.get());
    let results = parallel::map_indices(n, |i| {
        let was = GUARDED.with(|g| g.replace(guarded));
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(i)))
            .map_err(|payload| (payload, PANIC_AT.with(|p| p.borrow_mut().take())));
        GUARDED.with(|g| g.set(was));
        r
    });
    results
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|(payload, at)| {
                PANIC_AT.with(|p| *p.borrow_mut() = at);
                std::panic::resume_unwind(payload)
            })
        })
        .collect()
}

/// Every reader, in the order of the language table.
pub static READERS: &[&dyn AnyReader] = &[
    &csharp::CsReader,
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

    /// Names (import specs or definition names) with their lines.
    type Lines = Vec<(String, u64)>;

    /// (spec, line) of each import of the file, and (name, line) of each definition.
    fn outline_of(path: &str, text: &str) -> (Lines, Lines) {
        let o = outline(path, text).unwrap();
        (
            o.imports.into_iter().map(|i| (i.spec, i.line)).collect(),
            o.defs.into_iter().map(|d| (d.name, d.line)).collect(),
        )
    }

    fn pairs(v: &[(&str, u64)]) -> Vec<(String, u64)> {
        v.iter().map(|(s, l)| (s.to_string(), *l)).collect()
    }

    #[test]
    fn outlines_give_imports_as_written_and_definitions_as_symbols() {
        assert!(outline("notes.txt", "x").is_none());
        let (imports, defs) = outline_of(
            "a/b.py",
            "import os, a.b as c\nfrom . import x\nfrom ..pkg.mod import (\n    y,\n)\n\nclass C:\n    def m(self): pass\n",
        );
        assert_eq!(
            imports,
            pairs(&[("os", 1), ("a.b", 1), (".", 2), ("..pkg.mod", 3)])
        );
        assert_eq!(defs, pairs(&[("C", 7), ("C.m", 8)]));
        let (imports, _) = outline_of(
            "a.ts",
            "import x from './x';\nexport * from \"../y\";\nconst z = require('z');\n",
        );
        assert_eq!(imports, pairs(&[("./x", 1), ("../y", 2), ("z", 3)]));
        let (imports, defs) = outline_of(
            "a.go",
            "package a\n\nimport (\n\t\"fmt\"\n\tx \"example.com/x\"\n)\n\nfunc (s *S) Get() {}\n",
        );
        assert_eq!(imports, pairs(&[("fmt", 4), ("example.com/x", 5)]));
        assert_eq!(defs, pairs(&[("S.Get", 8)]));
        let (imports, _) = outline_of(
            "src/lib.rs",
            "use std::io;\npub use crate::a::{b::*, c as d, self};\n",
        );
        assert_eq!(
            imports,
            pairs(&[
                ("std::io", 1),
                ("crate::a::b::*", 2),
                ("crate::a::c", 2),
                ("crate::a", 2)
            ])
        );
        let (imports, _) = outline_of(
            "A.java",
            "package p;\nimport java.util.*;\nimport static a.B.c;\nclass A {}\n",
        );
        assert_eq!(imports, pairs(&[("java.util.*", 2), ("a.B.c", 3)]));
        let (imports, _) = outline_of("A.kt", "package p\n\nimport a.B as C\n");
        assert_eq!(imports, pairs(&[("a.B", 3)]));
    }
}
