//! One scan, in stages: walk the tree, read its files ([`sources`]), let each language's reader turn its files
//! into units ([`units`]), credit modules from tests ([`status`]), follow imports ([`reach`]), and assemble
//! the document ([`assemble`]) with categories and change history. The front half (walk, read, parse) and the
//! [`back`] half (resolve, status, assemble) meet at [`Read`]: `gap-scan --shard` runs the front half on its
//! part of the tree, and a merge of the shards runs the back half on their facts ([`crate::shard`]).

use std::collections::HashMap;
use std::path::Path;

use gap_core::{Config, Document, Excluded, HistoryInfo, Module, ModuleHistory, Tool, Warning};

use crate::accept::{self, MarkedTexts};
use crate::assemble::Findings;
use crate::reader::{self, AnyReader, Projects};
use crate::units::Record;
use crate::{
    category, convention, history, parallel, progress, reach, routes, sources, status, units, walk,
};

/// Scans the tree at `root` with `config`; `label` is how the root is named in the document. Also gives the
/// texts of the files that hold accepted-gap markers ([`accept::marked_texts`]), for [`accept::apply`].
pub fn scan(root: &Path, label: &str, config: &Config) -> (Document, MarkedTexts) {
    scan_with(root, label, config, reader::READERS)
}

/// [`scan`] with the readers `readers`: the front half (walk, read, parse) then the [`back`] half.
fn scan_with(
    root: &Path,
    label: &str,
    config: &Config,
    readers: &[&dyn AnyReader],
) -> (Document, MarkedTexts) {
    let walked = walk::walk(root, &|rel| config.selects(rel));
    let mut warnings = walked.warnings;
    let mut excluded = walked.excluded;
    let _progress = progress::start(walked.files.len());
    let sources = sources::read(walked.files, &mut warnings, &mut excluded);
    let projects = Projects::new(root, &walked.markers).with_config(config);
    let tables = routes::Tables::new(config);
    // The route tables' pass, `git log` and the search for accepted-gap markers need nothing from the
    // readers: they run beside them, on the cores the readers leave idle (a reader's analysis after its
    // parsing runs on one thread).
    let (((routes, marked), (history, files)), units) = parallel::join(
        || {
            parallel::join(
                || {
                    let marked = accept::marked_texts(root, &sources);
                    (routes::read(&sources, &tables), marked)
                },
                || history(root, config),
            )
        },
        || units::units(&sources, &projects, readers),
    );
    drop(sources);
    let read = Read {
        units,
        routes,
        warnings,
        excluded,
    };
    let window = config.history.window_days;
    let doc = back(
        read,
        label,
        config,
        &category::root_name(root),
        history,
        |path| files.as_ref().map(|h| module_history(h, path, window)),
    );
    (doc, marked)
}

/// What the back half of a scan starts from: every file's unit, its route facts, and the warnings and
/// excluded entries so far. A scan makes it from the tree; a merge of shard documents from their facts.
pub struct Read {
    /// What the readers made of the files.
    pub units: units::Units,
    /// The route facts of the files that have any, by path.
    pub routes: HashMap<String, routes::FileRoutes>,
    /// Warnings so far.
    pub warnings: Vec<Warning>,
    /// Excluded entries so far.
    pub excluded: Vec<Excluded>,
}

/// The back half of a scan: resolves `read` into statuses, evidence, categories and change history (`history`,
/// each module's from `module_history(path)`), and assembles the document; `root_name` is the name of the
/// root folder (categories use it).
pub fn back(
    read: Read,
    label: &str,
    config: &Config,
    root_name: &str,
    history: HistoryInfo,
    module_history: impl Fn(&str) -> Option<ModuleHistory>,
) -> Document {
    let Read {
        units: units::Units {
            mut records,
            failures,
        },
        routes: route_facts,
        mut warnings,
        mut excluded,
    } = read;
    let route_misses = routes::credit(&mut records, &route_facts);
    for f in failures {
        warnings.push(Warning {
            path: f.path.clone(),
            message: format!("{}; skipped", f.why),
            extra: Default::default(),
        });
        excluded.push(Excluded {
            path: f.path,
            reason: "reader_failed".to_string(),
            detail: None,
            extra: Default::default(),
        });
    }
    let tested = status::tested(&records);
    // Who imports each module, on the second core while the walks from the tested modules run on this one.
    let ((importers, named), indirect) = parallel::join(
        || {
            (
                reach::importers(&records),
                convention::named_tests(&records),
            )
        },
        || reach::indirect(&records, tested.directly_tested()),
    );
    let found = Findings {
        importers,
        indirect,
        named,
        tested,
        records: &records,
    };
    let tested_share = config.thresholds.tested_share;
    let (product, not_product) = product_split(&records, config);
    excluded.extend(not_product);
    // Each module and test file is assembled on its own: on every core.
    let mut modules: Vec<Module> = parallel::map(&product, |&i| found.module(i, tested_share));
    for m in &mut modules {
        m.http_unmatched = route_misses.get(&m.path).cloned().unwrap_or_default();
    }
    let test_records: Vec<usize> = (0..records.len())
        .filter(|&i| !records[i].is_source())
        .collect();
    let tests = parallel::map(&test_records, |&i| found.test_file(i));
    // Every file's facts are freed on a thread of their own while the document is finished and written (on
    // python-1m freeing them took 0.2 s of the main thread while the other core idled); gap-scan leaves them
    // to its exit.
    drop(found);
    parallel::drop_at_exit(records);
    let (categories, _) = category::assign(&mut modules, config, root_name);
    for m in &mut modules {
        m.history = module_history(&m.path);
    }

    let mut doc = Document::new(Tool::new("gap-scan", env!("CARGO_PKG_VERSION")), label);
    doc.config = Some(config.clone());
    doc.history = Some(history);
    doc.modules = modules;
    doc.tests = tests;
    doc.categories = categories;
    doc.warnings = warnings;
    doc.excluded = excluded;
    doc.canonicalize();
    doc
}

/// The source records that are product code, and an `excluded` entry for each one a reader marked as not
/// product code (generated, a tool, an example...) that gap.toml's `product` globs do not claim back.
fn product_split(records: &[Record], config: &Config) -> (Vec<usize>, Vec<Excluded>) {
    let mut product = Vec::new();
    let mut excluded = Vec::new();
    for (i, r) in records.iter().enumerate().filter(|(_, r)| r.is_source()) {
        match &r.unit.not_product {
            Some(np) if !config.is_declared_product(&r.path) => excluded.push(Excluded {
                path: r.path.clone(),
                reason: np.reason.to_string(),
                detail: Some(np.detail.clone()),
                extra: Default::default(),
            }),
            _ => product.push(i),
        }
    }
    (product, excluded)
}

/// The tree's change history (one `git log` for the tree) when `config` asks for it, and where it came from
/// (or why there is none).
pub fn history(root: &Path, config: &Config) -> (HistoryInfo, Option<history::TreeHistory>) {
    let window = config.history.window_days;
    let history = if config.history.enabled {
        history::read(root, window)
    } else {
        Err("history off (--no-history or history.enabled = false)".to_string())
    };
    match history {
        Ok(h) => (
            HistoryInfo {
                window_days: window,
                head_time: h.head_time,
                note: None,
                extra: Default::default(),
            },
            Some(h),
        ),
        Err(note) => (
            HistoryInfo {
                window_days: window,
                head_time: 0,
                note: Some(note),
                extra: Default::default(),
            },
            None,
        ),
    }
}

/// The change history of the file at `path` in `h`, over a window of `window` days.
pub fn module_history(h: &history::TreeHistory, path: &str, window: u64) -> ModuleHistory {
    let f = h.files.get(path);
    ModuleHistory {
        commits: f.map_or(0, |f| f.commits),
        authors: f.map_or(0, |f| f.authors.len() as u64),
        last_change_days: f.map_or(window, |f| ((h.head_time - f.last).max(0) / 86_400) as u64),
        extra: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_its_reader_fails_on_is_a_warning_and_excluded() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.py"), "fine\n").unwrap();
        std::fs::write(dir.path().join("b.py"), "boom\n").unwrap();
        let config = Config {
            history: gap_core::config::History {
                enabled: false,
                ..Default::default()
            },
            ..Default::default()
        };
        let (doc, _) = scan_with(dir.path(), "r", &config, &[&units::Fragile]);
        let paths: Vec<&str> = doc.modules.iter().map(|m| m.path.as_str()).collect();
        assert_eq!(paths, ["a.py"]);
        assert_eq!(doc.warnings.len(), 1);
        assert_eq!(doc.warnings[0].path, "b.py");
        assert!(
            doc.warnings[0]
                .message
                .starts_with("the python reader failed: cannot read \"boom\\n\" (at "),
            "{}",
            doc.warnings[0].message
        );
        assert!(doc.warnings[0]
            .message
            .ends_with("please report it); skipped"));
        let excluded: Vec<(&str, &str)> = doc
            .excluded
            .iter()
            .map(|e| (e.path.as_str(), e.reason.as_str()))
            .collect();
        assert_eq!(excluded, [("b.py", "reader_failed")]);
    }

    #[test]
    fn not_product_modules_are_excluded_unless_gap_toml_claims_them() {
        use crate::model::{FileFacts, NotProduct, Role, Unit};
        let record = |path: &str, role, reason: Option<&'static str>| {
            let mut unit = Unit::new(role, path);
            unit.not_product = reason.map(|reason| NotProduct {
                reason,
                detail: format!("{reason} signal"),
            });
            Record {
                path: path.to_string(),
                lang: crate::lang::by_path(path).unwrap(),
                facts: FileFacts::default(),
                unit,
            }
        };
        let records = [
            record("app/core.go", Role::Source, None),
            record("app/zz_generated.go", Role::Source, Some("generated")),
            record("ci/magefile.go", Role::Source, Some("tool")),
            record("app/core_test.go", Role::Test, None),
        ];
        let (product, excluded) = product_split(&records, &Config::default());
        assert_eq!(product, [0]);
        let listed: Vec<(&str, &str, Option<&str>)> = excluded
            .iter()
            .map(|e| (e.path.as_str(), e.reason.as_str(), e.detail.as_deref()))
            .collect();
        assert_eq!(
            listed,
            [
                ("app/zz_generated.go", "generated", Some("generated signal")),
                ("ci/magefile.go", "tool", Some("tool signal")),
            ]
        );
        let config = Config {
            product: vec!["ci/**".to_string()],
            ..Default::default()
        };
        let (product, excluded) = product_split(&records, &config);
        assert_eq!(product, [0, 2], "gap.toml brings ci/ back");
        assert_eq!(excluded.len(), 1);
    }
}
