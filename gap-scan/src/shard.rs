//! `gap-scan --shard K/N`: the front half of a scan (walk, read, parse) on one of N parts of the tree, written as
//! a shard document (docs/schema.md, "Shard documents") that [`crate::merge`] joins with the others and runs
//! the back half of the scan on.
//!
//! Every file belongs to one shard, by a hash of its path relative to the root ([`owner`]): the same on every
//! machine and whatever else the tree holds. Each shard still walks the whole tree (cheap: names only) and
//! reads what the whole tree decides (gap.toml, ignore files, project markers and the readers' contexts made
//! from them, git's history and `HEAD`), but reads and parses only its own files.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::str::FromStr;

use gap_core::{Config, Document, Excluded, ModuleHistory, Tool, Warning};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::reader::{AnyReader, Projects};
use crate::{accept, change, lang, parallel, progress, routes, scan, sources, walk};

/// The `kind` of a shard document.
pub const KIND: &str = "shard";

/// The version of the fact encoding (`shard.facts`): a merge reads the facts of its own version only.
pub const FACTS_VERSION: u64 = 1;

/// Which part of the tree a shard scans: `index` of `count`, from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// 1 to `count`.
    pub index: u64,
    /// How many shards the tree is cut into.
    pub count: u64,
}

impl FromStr for Shard {
    type Err = String;

    /// `K/N`, 1 <= K <= N.
    fn from_str(s: &str) -> Result<Self, String> {
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("{s:?} is not K/N (e.g. 2/4)"))?;
        let number = |t: &str| {
            t.parse::<u64>()
                .map_err(|_| format!("{s:?} is not K/N (e.g. 2/4)"))
        };
        let (index, count) = (number(k)?, number(n)?);
        if count == 0 || index == 0 || index > count {
            return Err(format!("{s:?}: K must be 1 to N, and N at least 1"));
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// What a shard document says of itself (its `shard` field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardInfo {
    /// 1 to `count`.
    pub index: u64,
    /// How many shards the tree is cut into.
    pub count: u64,
    /// The version of the fact encoding ([`FACTS_VERSION`]).
    pub facts: u64,
}

/// The shard (1 to `count`) the file or folder at `path` (relative to the root, `/`-separated) belongs to:
/// FNV-1a (64 bits) of the path's bytes, modulo `count`, plus 1.
pub fn owner(path: &str, count: u64) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in path.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash % count.max(1) + 1
}

/// What every shard reads from the whole tree; the shards of one scan must agree on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tree {
    /// Files the walk found (source and test files of known languages).
    pub files: u64,
    /// The name of the root folder (categories use it).
    pub root_name: String,
    /// Per language reader with files in the tree (by language id), its context.
    pub contexts: BTreeMap<String, Outcome>,
}

/// A reader's facts about a file or the tree, or why it failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The facts, in the reader's encoding.
    Facts(Value),
    /// Why the reader failed, as the scan's warning says it.
    Failed(String),
}

impl Outcome {
    /// `Ok(facts)` or `Err(why)`.
    pub fn into_result(self) -> Result<Value, String> {
        match self {
            Outcome::Facts(v) => Ok(v),
            Outcome::Failed(why) => Err(why),
        }
    }

    fn of(r: Result<Value, String>) -> Self {
        match r {
            Ok(v) => Outcome::Facts(v),
            Err(why) => Outcome::Failed(why),
        }
    }
}

/// One file of a shard: what the front half of the scan read from it, unresolved.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileFact {
    /// Path relative to the root.
    pub path: String,
    /// Its place in the walk of the whole tree (from 0): the order the back half takes the files in.
    pub order: u64,
    /// Its language id.
    pub language: String,
    /// What its reader parsed (definitions, imports, identifiers, names in strings...), or why it failed.
    pub reader: Outcome,
    /// Its route facts (URL calls, route declarations), when it has any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routes: Option<routes::ShardRoutes>,
    /// Its change history, when the scan reads history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<ModuleHistory>,
    /// Its text, when it holds a `gap: accept` marker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accept_text: Option<String>,
}

/// The reader of `lang` among `readers`: the first that reads it, as the scan hands out files.
pub fn reader_of<'a>(
    readers: &[&'a dyn AnyReader],
    lang: &lang::Language,
) -> Option<&'a dyn AnyReader> {
    readers.iter().copied().find(|r| r.reads(lang))
}

/// The shard document of shard `shard` of the tree at `root` (`label`: the root as given), scanned with
/// `config`; `config_warnings` are the warnings of reading the configuration.
pub fn document(
    root: &Path,
    label: &str,
    config: &Config,
    config_warnings: Vec<Warning>,
    shard: Shard,
    readers: &[&dyn AnyReader],
) -> serde_json::Result<Document> {
    let mine = |path: &str| owner(path, shard.count) == shard.index;
    let walked = walk::walk(root, &|rel| config.selects(rel));
    let total = walked.files.len();
    // Whole-tree warnings and exclusions go with the shard their path belongs to: each is in one shard.
    let mut warnings: Vec<Warning> = walked
        .warnings
        .into_iter()
        .chain(config_warnings)
        .filter(|w| mine(&w.path))
        .collect();
    let mut excluded: Vec<Excluded> = walked
        .excluded
        .into_iter()
        .filter(|e| mine(&e.path))
        .collect();
    // Readers with files anywhere in the tree, and so a context.
    let mut with_files: Vec<&dyn AnyReader> = Vec::new();
    for (rel, _) in &walked.files {
        if let Some(r) = lang::by_path(rel).and_then(|l| reader_of(readers, l)) {
            // By language: readers are zero-sized, so their addresses may coincide.
            if !with_files
                .iter()
                .any(|w| w.language().id == r.language().id)
            {
                with_files.push(r);
            }
        }
    }
    let projects = Projects::new(root, &walked.markers).with_config(config);
    let contexts = with_files
        .iter()
        .map(|r| {
            let id = r.language().id.to_string();
            (id, Outcome::of(r.context_facts(&projects)))
        })
        .collect();
    let mut order: HashMap<String, u64> = HashMap::new();
    let own: Vec<(String, std::path::PathBuf)> = walked
        .files
        .into_iter()
        .enumerate()
        .filter(|(_, (rel, _))| mine(rel))
        .map(|(i, f)| {
            order.insert(f.0.clone(), i as u64);
            f
        })
        .collect();
    let _progress = progress::start(own.len());
    let sources = sources::read(own, &mut warnings, &mut excluded);
    let route_facts = routes::read_shard(&sources, &routes::Tables::new(config));
    let (history, files_history) = scan::history(root, config);
    let window = config.history.window_days;
    let parsed = parallel::map(&sources, |s| match reader_of(readers, s.lang) {
        Some(r) => r.parse_facts(s.lang, &s.text),
        None => Err(format!("no reader for {}", s.lang.id)),
    });
    let mut facts: Vec<FileFact> = Vec::with_capacity(sources.len());
    let mut route_facts = route_facts;
    for (s, reader) in sources.iter().zip(parsed) {
        let accept_text = if s.text.contains(accept::MARKER) {
            accept::marked_text(&root.join(&s.path))
        } else {
            None
        };
        facts.push(FileFact {
            order: order.get(&s.path).copied().unwrap_or(u64::MAX),
            language: s.lang.id.to_string(),
            reader: Outcome::of(reader),
            routes: route_facts.remove(&s.path),
            history: files_history
                .as_ref()
                .map(|h| scan::module_history(h, &s.path, window)),
            accept_text,
            path: s.path.clone(),
        });
    }
    facts.sort_by_key(|f| f.order);
    let tree = Tree {
        files: total as u64,
        root_name: crate::category::root_name(root),
        contexts,
    };

    let mut doc = Document::new(Tool::new("gap-scan", env!("CARGO_PKG_VERSION")), label);
    doc.config = Some(config.clone());
    doc.history = Some(history);
    doc.warnings = warnings;
    doc.excluded = excluded;
    if config.history.enabled {
        if let Ok(r) = change::repository(root) {
            doc.head_commit = r.head_commit;
            doc.repo_path = Some(r.prefix);
        }
    }
    let info = ShardInfo {
        index: shard.index,
        count: shard.count,
        facts: FACTS_VERSION,
    };
    doc.extra.insert("kind".into(), Value::from(KIND));
    doc.extra
        .insert("shard".into(), serde_json::to_value(info)?);
    doc.extra
        .insert("tree".into(), serde_json::to_value(&tree)?);
    doc.extra
        .insert("facts".into(), serde_json::to_value(&facts)?);
    doc.canonicalize();
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_read_as_k_of_n() {
        assert_eq!("2/3".parse::<Shard>(), Ok(Shard { index: 2, count: 3 }));
        assert_eq!("1/1".parse::<Shard>().unwrap().to_string(), "1/1");
        for bad in ["0/3", "4/3", "1/0", "3", "a/b", "-1/2", "1/2/3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_owner_of_a_path_is_fixed_and_spreads_paths_over_shards() {
        // FNV-1a of the bytes: the same on every machine and in every tree.
        assert_eq!(owner("", 7), 0xcbf2_9ce4_8422_2325 % 7 + 1);
        assert_eq!(owner("app/models.py", 1), 1);
        let paths: Vec<String> = (0..300).map(|i| format!("pkg/m{i}.py")).collect();
        let mut per = [0usize; 3];
        for p in &paths {
            let k = owner(p, 3);
            assert!((1..=3).contains(&k));
            assert_eq!(k, owner(p, 3));
            per[(k - 1) as usize] += 1;
        }
        assert!(per.iter().all(|&n| n > 60), "{per:?}");
    }
}
