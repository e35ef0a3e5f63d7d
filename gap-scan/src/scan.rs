//! One scan: walk, read, let each language's reader turn its files into units, then decide statuses, reach
//! and categories the same way for every language, and write the document.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use gap_core::{
    Config, Document, HistoryInfo, Module, ModuleHistory, Status, Symbol, SymbolKind, TestFile,
    TestKind, Tool, Warning,
};

use crate::category;
use crate::lang::{self, Language};
use crate::model::{parent, Role, Unit};
use crate::safe_read;
use crate::walk;
use crate::{go, history, js, jvm, parallel, python, rust};

/// The test suite a test path belongs to, from its folders: `unit`, `integration`, `e2e` or `other`.
pub fn suite(rel: &str, lang: &Language) -> &'static str {
    rel.split('/')
        .rev()
        .skip(1)
        .find_map(|d| {
            lang.suites
                .iter()
                .find(|(name, _)| *name == d)
                .map(|(_, s)| *s)
        })
        .unwrap_or("other")
}

/// A file read from disk.
struct Source {
    path: String,
    text: String,
    lang: &'static Language,
}

/// Reads the walked files (on every core); unreadable and non-UTF-8 ones become warnings.
fn read(files: Vec<(String, std::path::PathBuf)>, warnings: &mut Vec<Warning>) -> Vec<Source> {
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

/// Units for every file, each language read by its own reader; indices are into `sources`.
fn units(sources: &[Source], markers: &[String], root: &Path) -> Vec<Unit> {
    let mut units: Vec<Option<Unit>> = vec![None; sources.len()];
    for l in lang::LANGUAGES {
        let own: Vec<usize> = (0..sources.len())
            .filter(|&i| sources[i].lang.id == l.id)
            .collect();
        if own.is_empty() {
            continue;
        }
        let paths: Vec<String> = own.iter().map(|&i| sources[i].path.clone()).collect();
        let local = match l.id {
            "python" => {
                let parsed: Vec<python::PyFile> =
                    parallel::map(&own, |&i| python::parse(&sources[i].text));
                python::analyze(&paths, &parsed, markers)
            }
            "go" => {
                let mods: Vec<go::GoMod> = markers
                    .iter()
                    .filter(|m| m.rsplit('/').next() == Some("go.mod"))
                    .filter_map(|m| {
                        let text = safe_read::read_text(&root.join(m)).ok()?;
                        Some(go::GoMod {
                            dir: parent(m).to_string(),
                            module: go::module_path(&text)?,
                        })
                    })
                    .collect();
                let parsed: Vec<go::GoFile> = parallel::map(&own, |&i| go::parse(&sources[i].text));
                go::analyze(&paths, &parsed, &mods)
            }
            "javascript" => {
                let configs: Vec<js::TsConfig> = markers
                    .iter()
                    .filter(|m| m.ends_with("tsconfig.json") || m.ends_with("jsconfig.json"))
                    .filter_map(|m| {
                        js::read_tsconfig(m, &safe_read::read_text(&root.join(m)).ok()?)
                    })
                    .collect();
                let mains: HashMap<String, String> = markers
                    .iter()
                    .filter(|m| m.rsplit('/').next() == Some("package.json"))
                    .filter_map(|m| {
                        let main = js::package_main(&safe_read::read_text(&root.join(m)).ok()?)?;
                        Some((parent(m).to_string(), main))
                    })
                    .collect();
                let parsed: Vec<js::JsFile> = parallel::map(&own, |&i| js::parse(&sources[i].text));
                js::analyze(&paths, &parsed, &configs, &mains)
            }
            "rust" => {
                let crates: Vec<rust::Crate> = markers
                    .iter()
                    .filter(|m| m.rsplit('/').next() == Some("Cargo.toml"))
                    .filter_map(|m| {
                        let package =
                            rust::package_name(&safe_read::read_text(&root.join(m)).ok()?)?;
                        Some(rust::Crate {
                            dir: parent(m).to_string(),
                            name: package.replace('-', "_"),
                            package,
                        })
                    })
                    .collect();
                let parsed: Vec<rust::RsFile> =
                    parallel::map(&own, |&i| rust::parse(&sources[i].text));
                rust::analyze(&paths, &parsed, &crates)
            }
            "java" | "kotlin" => {
                let kotlin = l.id == "kotlin";
                let parsed: Vec<jvm::JvmFile> =
                    parallel::map(&own, |&i| jvm::parse(&sources[i].text, kotlin));
                jvm::analyze(&paths, &parsed, l.id)
            }
            other => unreachable!("no reader for {other}"),
        };
        let global =
            |set: &BTreeSet<usize>| set.iter().map(|&j| own[j]).collect::<BTreeSet<usize>>();
        for (j, mut u) in local.into_iter().enumerate() {
            u.imports = global(&u.imports);
            u.runtime_imports = global(&u.runtime_imports);
            u.test_imports = global(&u.test_imports);
            u.refs = u.refs.into_iter().map(|(f, s)| (own[f], s)).collect();
            units[own[j]] = Some(u);
        }
    }
    units
        .into_iter()
        .map(|u| u.expect("every file has a reader"))
        .collect()
}

/// Scans the tree at `root` with `config`; `label` is how the root is named in the document.
pub fn scan(root: &Path, label: &str, config: &Config) -> Document {
    let walked = walk::walk(root);
    let mut warnings = walked.warnings;
    let files = walked
        .files
        .into_iter()
        .filter(|(rel, _)| config.selects(rel))
        .collect();
    let sources = read(files, &mut warnings);
    let units = units(&sources, &walked.markers, root);
    let paths: Vec<&str> = sources.iter().map(|s| s.path.as_str()).collect();
    let is_source = |i: usize| units[i].role == Role::Source;

    // Per module: direct tests, import-only tests, referenced symbols. Source files with tests of their own
    // (Rust's #[cfg(test)] modules and doc tests) test themselves.
    let testing =
        |u: &Unit| u.role == Role::Test || (u.role == Role::Source && u.test_functions > 0);
    let mut direct: HashMap<usize, BTreeSet<&str>> = HashMap::new();
    let mut import_only: HashMap<usize, BTreeSet<&str>> = HashMap::new();
    let mut referenced: HashSet<(usize, &str)> = HashSet::new();
    for (t, u) in units.iter().enumerate().filter(|(_, u)| testing(u)) {
        let used: BTreeSet<usize> = u
            .refs
            .iter()
            .map(|(m, _)| *m)
            .filter(|&m| is_source(m))
            .collect();
        for &m in &used {
            direct.entry(m).or_default().insert(paths[t]);
        }
        for &m in u.test_imports.difference(&used).filter(|&&m| is_source(m)) {
            import_only.entry(m).or_default().insert(paths[t]);
        }
        referenced.extend(u.refs.iter().map(|(m, s)| (*m, s.as_str())));
    }

    // Source import graph: fan-in.
    let sources_idx: Vec<usize> = (0..units.len()).filter(|&i| is_source(i)).collect();
    let mut importers: HashMap<usize, BTreeSet<usize>> = HashMap::new();
    for &s in &sources_idx {
        for &g in units[s].imports.iter().filter(|&&g| is_source(g)) {
            importers.entry(g).or_default().insert(s);
        }
    }
    // Indirect reach: modules whose code a directly tested module's code runs, directly or through modules
    // without direct tests.
    let mut indirect: HashMap<usize, BTreeSet<usize>> = HashMap::new();
    for &d in direct.keys() {
        let mut frontier = vec![d];
        let mut seen = HashSet::from([d]);
        while let Some(f) = frontier.pop() {
            for &g in &units[f].runtime_imports {
                // A directly tested module's own reach is walked from it: stop there, so each walk stays in
                // untested territory and `indirect_via` names the nearest tested importers.
                if is_source(g) && seen.insert(g) && !direct.contains_key(&g) {
                    indirect.entry(g).or_default().insert(d);
                    frontier.push(g);
                }
            }
        }
    }

    // Test files named after each module: test_NAME, NAME_test, NAME.test.ts, NameTest, TestName, NameIT.
    let mut named: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for (i, p) in paths
        .iter()
        .enumerate()
        .filter(|(i, _)| units[*i].role == Role::Test)
    {
        let file = p.rsplit('/').next().unwrap_or(p);
        let stem = file.split('.').next().unwrap_or(file);
        let subject = ["test_", "Test"]
            .iter()
            .find_map(|pre| stem.strip_prefix(pre).filter(|s| !s.is_empty()))
            .or_else(|| {
                ["_test", "Tests", "Test", "IT", "Spec"]
                    .iter()
                    .find_map(|suf| stem.strip_suffix(suf).filter(|s| !s.is_empty()))
            })
            .or_else(|| (file.contains(".test.") || file.contains(".spec.")).then_some(stem));
        if let Some(s) = subject {
            named.entry(s).or_default().insert(paths[i]);
        }
    }

    let strings = |set: Option<&BTreeSet<&str>>| -> Vec<String> {
        set.map(|s| s.iter().map(|x| x.to_string()).collect())
            .unwrap_or_default()
    };
    let path_list = |set: &mut dyn Iterator<Item = usize>| -> Vec<String> {
        let mut v: Vec<String> = set.map(|i| paths[i].to_string()).collect();
        v.sort();
        v
    };
    let mut modules = Vec::new();
    for &i in &sources_idx {
        let u = &units[i];
        let rel = paths[i];
        let symbols: Vec<Symbol> = u
            .defs
            .iter()
            .map(|d| Symbol {
                name: d.name.clone(),
                kind: d.kind,
                line: d.line,
                branches: d.branches,
                raises: d.raises,
                public: d.public,
                referenced: referenced.contains(&(i, d.name.as_str())),
                extra: Default::default(),
            })
            .collect();
        let public = symbols.iter().filter(|s| s.public).count() as u64;
        let used = symbols.iter().filter(|s| s.public && s.referenced).count() as u64;
        let coverage = (public > 0).then(|| used as f64 / public as f64);
        let direct_tests = strings(direct.get(&i));
        let import_only_tests = strings(import_only.get(&i));
        let indirect_via = if direct_tests.is_empty() && import_only_tests.is_empty() {
            path_list(&mut indirect.get(&i).into_iter().flatten().copied())
        } else {
            Vec::new()
        };
        let status = if !direct_tests.is_empty() {
            if coverage.is_none_or(|c| c >= config.thresholds.tested_share) {
                Status::Tested
            } else {
                Status::Limited
            }
        } else if !import_only_tests.is_empty() {
            Status::ImportOnly
        } else if !indirect_via.is_empty() {
            Status::Indirect
        } else {
            Status::Untested
        };
        let file_name = rel.rsplit('/').next().unwrap_or(rel);
        let stem = match file_name.split('.').next().unwrap_or(file_name) {
            "__init__" | "mod" | "index" => parent(rel).rsplit('/').next().unwrap_or(""),
            s => s,
        };
        let mut m = Module::new(rel, u.language);
        m.name = u.name.clone();
        m.lines = u.lines;
        m.code_lines = u.code_lines;
        m.branches = u.branches;
        m.testable = u.defs.iter().any(|d| d.kind != SymbolKind::Method);
        m.symbols = symbols;
        m.raises = u.raises.clone();
        m.imports = path_list(&mut u.imports.iter().copied().filter(|&g| is_source(g)));
        m.external_imports = u.external.iter().cloned().collect();
        m.imported_by = path_list(&mut importers.get(&i).into_iter().flatten().copied());
        m.direct_tests = direct_tests;
        m.import_only_tests = import_only_tests;
        m.named_tests = strings(named.get(stem));
        m.indirect_via = indirect_via;
        m.public_symbols = public;
        m.referenced_symbols = used;
        m.symbol_coverage = coverage.map(|c| (c * 10000.0).round() / 10000.0);
        m.status = status;
        modules.push(m);
    }

    let tests = (0..units.len())
        .filter(|&i| !is_source(i))
        .map(|i| {
            let u = &units[i];
            TestFile {
                path: paths[i].to_string(),
                language: u.language.to_string(),
                kind: if u.role == Role::Test {
                    TestKind::Test
                } else {
                    TestKind::Support
                },
                suite: suite(paths[i], sources[i].lang).to_string(),
                lines: u.lines,
                test_functions: u.test_functions,
                imports: path_list(&mut u.test_imports.iter().copied().filter(|&g| is_source(g))),
                exercises: path_list(
                    &mut u
                        .refs
                        .iter()
                        .map(|(m, _)| *m)
                        .filter(|&g| is_source(g))
                        .collect::<BTreeSet<_>>()
                        .into_iter(),
                ),
                extra: Default::default(),
            }
        })
        .collect();

    let (categories, _) = category::assign(&mut modules, config, &category::root_name(root));

    // Change history, one `git log` for the tree.
    let window = config.history.window_days;
    let history = if config.history.enabled {
        history::read(root, window)
    } else {
        Err("history off (--no-history or history.enabled = false)".to_string())
    };
    let info = match &history {
        Ok(h) => HistoryInfo {
            window_days: window,
            head_time: h.head_time,
            note: None,
            extra: Default::default(),
        },
        Err(note) => HistoryInfo {
            window_days: window,
            head_time: 0,
            note: Some(note.clone()),
            extra: Default::default(),
        },
    };
    if let Ok(h) = &history {
        for m in &mut modules {
            let f = h.files.get(&m.path);
            m.history = Some(ModuleHistory {
                commits: f.map_or(0, |f| f.commits),
                authors: f.map_or(0, |f| f.authors.len() as u64),
                last_change_days: f
                    .map_or(window, |f| ((h.head_time - f.last).max(0) / 86_400) as u64),
                extra: Default::default(),
            });
        }
    }

    let mut doc = Document::new(Tool::new("gap-scan", env!("CARGO_PKG_VERSION")), label);
    doc.config = Some(config.clone());
    doc.history = Some(info);
    doc.modules = modules;
    doc.tests = tests;
    doc.categories = categories;
    doc.warnings = warnings;
    doc.canonicalize();
    doc
}
