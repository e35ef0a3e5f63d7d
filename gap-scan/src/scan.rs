//! One scan, in stages: walk the tree, read its files ([`sources`]), let each language's reader turn its files
//! into units ([`units`]), credit modules from tests ([`status`]), follow imports ([`reach`]), and assemble
//! the document ([`assemble`]) with categories and change history.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use gap_core::{Category, Config, Document, HistoryInfo, Module, ModuleHistory, Tool};

use crate::assemble::Findings;
use crate::reader::{self, Projects};
use crate::{category, convention, history, reach, sources, status, units, walk};

/// Scans the tree at `root` with `config`; `label` is how the root is named in the document.
pub fn scan(root: &Path, label: &str, config: &Config) -> Document {
    let walked = walk::walk(root);
    let mut warnings = walked.warnings;
    let files = walked
        .files
        .into_iter()
        .filter(|(rel, _)| config.selects(rel))
        .collect();
    let sources = sources::read(files, &mut warnings);
    let projects = Projects::new(root, &walked.markers);
    let records = units::units(sources, &projects, reader::READERS);
    let credits = status::credits(&records);
    let found = Findings {
        importers: reach::importers(&records),
        indirect: reach::indirect(&records, credits.direct.keys()),
        named: convention::named_tests(&records),
        credits,
        records: &records,
    };
    let tested_share = config.thresholds.tested_share;
    let mut modules: Vec<Module> = (0..records.len())
        .filter(|&i| records[i].is_source())
        .map(|i| found.module(i, tested_share))
        .collect();
    let tests = (0..records.len())
        .filter(|&i| !records[i].is_source())
        .map(|i| found.test_file(i))
        .collect();
    let categories = categorize(&mut modules, root, config);
    let history = with_history(&mut modules, root, config);

    let mut doc = Document::new(Tool::new("gap-scan", env!("CARGO_PKG_VERSION")), label);
    doc.config = Some(config.clone());
    doc.history = Some(history);
    doc.modules = modules;
    doc.tests = tests;
    doc.categories = categories;
    doc.warnings = warnings;
    doc.excluded = walked.excluded;
    doc.canonicalize();
    doc
}

/// Puts each module in its category (a configured rule's, else its folder's) and lists the categories.
fn categorize(modules: &mut [Module], root: &Path, config: &Config) -> Vec<Category> {
    for m in modules.iter_mut() {
        m.category = match config.category_of(&m.path) {
            Some(rule) => rule.name.clone(),
            None => category::id_of(&m.path),
        };
    }
    let mut by_category: BTreeMap<String, (Vec<String>, BTreeSet<String>)> = BTreeMap::new();
    for m in modules.iter() {
        let entry = by_category.entry(m.category.clone()).or_default();
        entry.0.push(m.path.clone());
        entry.1.insert(m.language.clone());
    }
    let ids: Vec<String> = by_category.keys().cloned().collect();
    let root_name = std::fs::canonicalize(root)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "root".to_string());
    // Configured categories are named by their rule; the others by their folder.
    let names: Vec<String> = category::display_names(&ids, &root_name)
        .into_iter()
        .zip(&ids)
        .map(|(name, id)| {
            if config.categories.iter().any(|c| &c.name == id) {
                id.clone()
            } else {
                name
            }
        })
        .collect();
    by_category
        .into_iter()
        .zip(names)
        .map(|((id, (modules, languages)), name)| Category {
            id,
            name,
            languages: languages.into_iter().collect(),
            modules,
            summary: None,
            priority: None,
            extra: Default::default(),
        })
        .collect()
}

/// Adds each module's change history (one `git log` for the tree) and says where it came from.
fn with_history(modules: &mut [Module], root: &Path, config: &Config) -> HistoryInfo {
    let window = config.history.window_days;
    let history = if config.history.enabled {
        history::read(root, window)
    } else {
        Err("history off (--no-history or history.enabled = false)".to_string())
    };
    match history {
        Ok(h) => {
            for m in modules.iter_mut() {
                let f = h.files.get(&m.path);
                m.history = Some(ModuleHistory {
                    commits: f.map_or(0, |f| f.commits),
                    authors: f.map_or(0, |f| f.authors.len() as u64),
                    last_change_days: f
                        .map_or(window, |f| ((h.head_time - f.last).max(0) / 86_400) as u64),
                });
            }
            HistoryInfo {
                window_days: window,
                head_time: h.head_time,
                note: None,
            }
        }
        Err(note) => HistoryInfo {
            window_days: window,
            head_time: 0,
            note: Some(note),
        },
    }
}
