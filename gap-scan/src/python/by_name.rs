//! Modules named by a string (docs/schema.md, "Evidence", `by_name`): dotted module strings
//! (`"pkg.ext.tables"`, `mock.patch("pkg.mod.attr")`, `pytest_plugins`), entry-point names a project loads
//! its plugins by (`extensions=['tables']`), and the string argument of a loader call (`import_module("x")`,
//! `import_helper.import_module('x')`, `pytest.importorskip("x")`).

use std::collections::{HashMap, HashSet};

use super::entry_points::EntryPoint;
use super::parse::NameString;
use super::resolve::Resolver;
use super::PyFile;
use crate::model::Parsed;
use gap_core::EvidenceKind;

/// Called names whose string argument is a module the call imports, by their shape: a name holding one of
/// these (`import_module`, `importorskip`, `__import__`, `import_fresh_module`, `load_module`).
const LOADER_CALLS: &[&str] = &["import", "load_module"];

/// A call that imports its string argument and is itself an import, not a use (the test skips without it).
const IMPORT_CALLS: &[&str] = &["importorskip"];

/// Called names whose first string argument is a codec name (`"x".encode("cp037")`, `codecs.lookup("utf-7")`).
pub const CODEC_CALLS: &[&str] = &[
    "decode",
    "encode",
    "getdecoder",
    "getencoder",
    "getincrementaldecoder",
    "getincrementalencoder",
    "getreader",
    "getwriter",
    "lookup",
];

/// Keyword arguments whose string value is a codec name (`open(p, encoding="latin-1")`).
pub const CODEC_KEYWORDS: &[&str] = &["encoding"];

/// How Python's codec registry (`encodings.search_function`) finds a codec: the package it imports codec
/// modules from, the module of its aliases and the table in it, and the function of the codec module it calls.
const CODECS: (&str, &str, &str, &str) =
    ("encodings", "encodings.aliases", "aliases", "getregentry");

/// A codec name as `codecs.lookup` and `encodings.normalize_encoding` make it a module name: lower case, each
/// run of characters other than letters, digits and `.` one `_`, none at either end.
fn normalize_encoding(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut punct = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            if punct && !out.is_empty() {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            punct = false;
        } else {
            punct = true;
        }
    }
    out
}

/// A module a string names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Named<'a> {
    /// The module.
    pub file: usize,
    /// `by_name`, or `import` for a call that only imports it.
    pub kind: EvidenceKind,
    /// The object named after `:`, if any.
    pub symbol: Option<&'a str>,
}

/// Finds the module a name string stands for.
pub struct ByName<'a> {
    resolver: &'a Resolver<'a>,
    files: &'a [Parsed<PyFile>],
    /// Entry-point name -> the entry points declared with it.
    entry_points: HashMap<&'a str, Vec<&'a EntryPoint>>,
    /// The project's own loader functions, by their last part (`load_plugin`, `import_module`).
    loaders: Vec<&'a str>,
    /// Files that pass a codec name where a codec goes somewhere: their other strings that name a codec of the
    /// tree are codec names too (a list of names a test loops over).
    codec_users: HashSet<usize>,
}

impl<'a> ByName<'a> {
    /// Names over `resolver`'s files with the tree's declared `entry_points` and the project's own `loaders`
    /// (gap.toml).
    pub fn new(
        resolver: &'a Resolver<'a>,
        files: &'a [Parsed<PyFile>],
        entry_points: &'a [EntryPoint],
        loaders: &'a [String],
    ) -> Self {
        let mut by: HashMap<&str, Vec<&EntryPoint>> = HashMap::new();
        for e in entry_points {
            by.entry(e.name.as_str()).or_default().push(e);
        }
        let codec_users = files
            .iter()
            .enumerate()
            .filter(|(_, f)| f.own.names.iter().any(|n| n.codec))
            .map(|(i, _)| i)
            .collect();
        ByName {
            resolver,
            files,
            codec_users,
            entry_points: by,
            loaders: loaders
                .iter()
                .map(|l| l.rsplit('.').next().unwrap_or(l))
                .collect(),
        }
    }

    /// What string `s` of test-side file `from` names: the module, the kind of evidence it gives, and the
    /// object in it the string names after a `:` (`"pkg.ext:Tables"`, an entry point's `module:attr`).
    pub fn module(&self, s: &'a NameString, from: usize) -> Option<Named<'a>> {
        self.find(s, from, true).or_else(|| {
            // A file that uses codecs by name: its other strings naming a codec module are codec names
            // (`all_unicode_encodings = ["cp1125", ...]`, looped over by the test).
            if s.codec || s.call.is_some() || !self.codec_users.contains(&from) {
                return None;
            }
            let file = self.codec(&s.text, from)?;
            (file != from).then_some(Named {
                file,
                kind: EvidenceKind::ByName,
                symbol: Some(CODECS.3),
            })
        })
    }

    /// The module a source module loads by string `s`: an entry-point name, a loader call's argument, or a
    /// dotted name of two parts or more that is a module (`"pkg.Signer"`, a salt, is no module).
    pub fn loaded(&self, s: &'a NameString, from: usize) -> Option<usize> {
        self.find(s, from, false).map(|n| n.file)
    }

    fn find(&self, s: &'a NameString, from: usize, attrs: bool) -> Option<Named<'a>> {
        if let Some(file) = s.codec.then(|| self.codec(&s.text, from)).flatten() {
            return (file != from).then_some(Named {
                file,
                kind: EvidenceKind::ByName,
                symbol: Some(CODECS.3),
            });
        }
        let (path, attr) = match s.text.split_once(':') {
            Some((p, a)) => (p, Some(a)),
            None => (s.text.as_str(), None),
        };
        let call = s.call.as_deref().unwrap_or("");
        let loader = LOADER_CALLS.iter().any(|c| call.contains(c))
            || (!call.is_empty() && self.loaders.contains(&call));
        let kind = if IMPORT_CALLS.contains(&call) {
            EvidenceKind::Import
        } else {
            EvidenceKind::ByName
        };
        let r = self.resolver;
        let (file, attr) = if !path.contains('.') {
            let entry = self.entry_points.get(path).and_then(|eps| {
                eps.iter()
                    .find_map(|e| Some((r.absolute(&e.module, from)?, e.attr.as_deref())))
            });
            match entry {
                Some(found) => found,
                None if loader => (r.absolute(path, from)?, attr),
                None => return None,
            }
        } else {
            (self.dotted(path, from, loader, attrs)?, attr)
        };
        let symbol = attr.map(|a| a.split('.').next().unwrap_or(a));
        (file != from).then_some(Named { file, kind, symbol })
    }

    /// The codec module of the tree Python's registry finds for codec name `name` (`encodings.search_function`):
    /// the normalized name's alias in the tree's `encodings/aliases.py` table, else the name itself.
    fn codec(&self, name: &str, from: usize) -> Option<usize> {
        let (package, aliases, table, _) = CODECS;
        let r = self.resolver;
        let norm = normalize_encoding(name);
        let aliased = r.absolute(aliases, from).and_then(|f| {
            let (_, pairs) = self.files[f].own.tables.iter().find(|(n, _)| n == table)?;
            let dashed = norm.replace('.', "_");
            let find = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v);
            find(&norm).or_else(|| find(&dashed))
        });
        let module = |m: &str| {
            (!m.is_empty() && !m.contains('.'))
                .then(|| r.absolute(&format!("{package}.{m}"), from))
                .flatten()
        };
        aliased.and_then(|a| module(a)).or_else(|| module(&norm))
    }

    /// The longest prefix of dotted `path` that is a module of the tree: of two parts or more, or one part
    /// given to a loader call, or (with `attrs`) one part whose next part is a name it offers
    /// (`"requests.get"`).
    fn dotted(&self, path: &str, from: usize, loader: bool, attrs: bool) -> Option<usize> {
        let r = self.resolver;
        let parts: Vec<&str> = path.split('.').collect();
        for n in (2..=parts.len()).rev() {
            if let Some(g) = r.absolute(&parts[..n].join("."), from) {
                return Some(g);
            }
        }
        let top = r.absolute(parts[0], from)?;
        (loader || (attrs && r.names_of(top).contains(&parts[1]))).then_some(top)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Parsed;
    use crate::python::{parse, PyFile};

    #[test]
    fn dotted_strings_entry_points_and_loader_calls() {
        let files = [
            ("md/__init__.py", "from .core import render\n"),
            ("md/core.py", "def render():\n    pass\n"),
            ("md/ext/__init__.py", ""),
            ("md/ext/tables.py", "class Tables:\n    pass\n"),
            ("util.py", "def f():\n    pass\n"),
            (
                "tests/test_x.py",
                "import importlib, pytest\nfrom unittest import mock\n\ndef test_x():\n    render(extensions=['tables', 'md.ext.tables:Tables'])\n    mock.patch('md.core.render')\n    mock.patch('md.render')\n    importlib.import_module('util')\n    pytest.importorskip('util')\n    open('util')\n    print('md.nothing.here', 'data.txt')\n",
            ),
        ];
        let paths: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
        let parsed: Vec<Parsed<PyFile>> = files
            .iter()
            .map(|(_, t)| parse(t, &crate::lang::PYTHON))
            .collect();
        let r = Resolver::new(&paths, &parsed, &[], &["tests"]);
        let eps = [EntryPoint {
            group: "md.extensions".into(),
            name: "tables".into(),
            module: "md.ext.tables".into(),
            attr: Some("Tables".into()),
        }];
        let by = ByName::new(&r, &parsed, &eps, &[]);
        type Found<'s> = (&'s str, EvidenceKind, Option<&'s str>);
        let found: Vec<(&str, Option<Found>)> = parsed[5]
            .own
            .names
            .iter()
            .map(|s| {
                (
                    s.text.as_str(),
                    by.module(s, 5)
                        .map(|n| (paths[n.file].as_str(), n.kind, n.symbol)),
                )
            })
            .collect();
        let by_name = EvidenceKind::ByName;
        assert_eq!(
            found,
            [
                (
                    "tables",
                    Some(("md/ext/tables.py", by_name, Some("Tables")))
                ),
                (
                    "md.ext.tables:Tables",
                    Some(("md/ext/tables.py", by_name, Some("Tables")))
                ),
                ("md.core.render", Some(("md/core.py", by_name, None))),
                ("md.render", Some(("md/__init__.py", by_name, None))),
                ("util", Some(("util.py", by_name, None))),
                ("util", Some(("util.py", EvidenceKind::Import, None))),
                ("util", None),
                ("md.nothing.here", None),
                ("data.txt", None),
            ]
        );
    }

    #[test]
    fn codec_names_reach_their_encodings_module_through_the_aliases_table() {
        assert_eq!(normalize_encoding("UTF-7"), "utf_7");
        assert_eq!(normalize_encoding("  ISO 8859--1 "), "iso_8859_1");
        let files = [
            ("encodings/__init__.py", "def search_function(encoding):\n    pass\n"),
            (
                "encodings/aliases.py",
                "aliases = {\n    'latin1': 'latin_1',\n    'iso_8859_1': 'latin_1',\n}\n",
            ),
            ("encodings/cp037.py", "def getregentry():\n    pass\n"),
            ("encodings/latin_1.py", "def getregentry():\n    pass\n"),
            ("encodings/utf_7.py", "def getregentry():\n    pass\n"),
            (
                "test/test_codecs.py",
                "import codecs\n\ndef test_x():\n    'x'.encode('cp037')\n    codecs.lookup('UTF-7')\n    open('f', encoding='ISO-8859-1')\n    'x'.encode('no-such-codec')\n\nNAMES = ['latin1', 'strict']\n",
            ),
            ("test/test_io.py", "def test_y():\n    open('f', 'latin1')\n"),
        ];
        let paths: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
        let parsed: Vec<Parsed<PyFile>> = files
            .iter()
            .map(|(_, t)| parse(t, &crate::lang::PYTHON))
            .collect();
        let r = Resolver::new(&paths, &parsed, &[], &["test"]);
        let by = ByName::new(&r, &parsed, &[], &[]);
        let found = |f: usize| -> Vec<(&str, Option<&str>)> {
            parsed[f]
                .own
                .names
                .iter()
                .map(|s| {
                    let named = by.module(s, f).map(|n| paths[n.file].as_str());
                    (s.text.as_str(), named)
                })
                .collect()
        };
        assert_eq!(
            found(5),
            [
                ("x", None),
                ("cp037", Some("encodings/cp037.py")),
                ("UTF-7", Some("encodings/utf_7.py")),
                ("f", None),
                ("ISO-8859-1", Some("encodings/latin_1.py")),
                ("x", None),
                ("no-such-codec", None),
                ("latin1", Some("encodings/latin_1.py")),
                ("strict", None),
            ],
            "where a codec goes, and in a file that uses codecs by name, any string naming a codec module"
        );
        assert_eq!(
            found(6),
            [("f", None), ("latin1", None)],
            "a file that uses no codec by name: `open`'s second argument is a mode"
        );
    }
}
