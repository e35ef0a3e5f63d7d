//! Categories, decided once here and carried by id: gap.toml's `[[category]]` rules claim their modules first;
//! the others fall into the layers of the tree, chosen from its shape (docs/schema.md, "Categories").
//!
//! The rule, on the folder tree of the modules no rule claims, counting testable modules (N in all):
//! 1. **Minimum size** `m = max(3, round(N / 25))`, **at most** `max(8, min(30, round(√N)))` categories.
//! 2. **Split from the top.** The root starts as one category. The largest category not yet looked at splits
//!    off each subfolder holding at least `m` modules, unless a folder of that name also sits directly under
//!    another category's folder or a folder beside it: such a name is a cross-cutting area (`admin/`, `saga/` under `domain/` and
//!    `services/`; `api/`, `forms/` under every app of a Django project), so it rolls up into its layer and the
//!    tree is cut by layer or by app, whichever the outer folders are. A folder with no testable module of its
//!    own and one subfolder is passed through (`app/db/` → `app/db/repositories/`).
//! 3. **Fold.** Nested folders roll up into the category above them; a category left with fewer than `m`
//!    modules (what stays in a folder after its subfolders split off) folds into its parent.
//! 4. **Cap.** While there are more categories than allowed, `m` grows by one and the tree is cut again.
//!    While one category holds more than a quarter of the modules, `m` falls to where it gets smaller, as
//!    long as the cap allows (forty apps of equal size, each under `m`, are not all folded into the root).
//! 5. **Names.** A category's folder is the one its testable modules share; its name is that folder's name in
//!    title case. A generic name (`events`, `api`, `models`, a language, a number) takes the nearest
//!    meaningful folder above in front (`Kafka Events`); a container (`src`, `lib`, `package`, `main`) is
//!    named after the folder above it. Where names still collide, each takes one more folder in front.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use gap_core::config::CategoryRule;
use gap_core::{Category, Config, Module};

/// The smallest a category can be, whatever the tree's size.
pub const MIN_SIZE: u64 = 3;
/// The minimum size grows by one for every this many testable modules.
pub const MODULES_PER_MIN_SIZE: u64 = 25;
/// The fewest categories the cap allows.
pub const CAP_LOW: usize = 8;
/// The most categories the cap allows, however large the tree.
pub const CAP_HIGH: usize = 30;
/// A category holding more than one in this many of the modules lowers the minimum size, where that
/// splits it and the cap allows.
pub const LARGEST_SHARE: u64 = 4;

/// Folder names too generic to stand alone: the nearest meaningful folder above goes in front
/// (`kafka/events` → `Kafka Events`). Language names are here too, so a Rust project's reader for Python is
/// `Scan Python`, not `Python` beside `--by language`.
pub const GENERIC_FOLDERS: &[&str] = &[
    "api",
    "base",
    "c",
    "common",
    "components",
    "cpp",
    "enums",
    "events",
    "go",
    "golang",
    "handlers",
    "helpers",
    "impl",
    "internal",
    "javascript",
    "js",
    "kt",
    "models",
    "python",
    "routes",
    "routers",
    "rust",
    "schemas",
    "shared",
    "ts",
    "types",
    "typescript",
    "util",
    "utils",
    "views",
];

/// Folders that only hold code (`src/`, a Maven `main/java/`): a category there is named after the folder
/// above, and they never go in front of another name. `app` goes in front of nothing either
/// (`app/api` is `Api`), though a category of its own is `App`.
pub const CONTAINER_FOLDERS: &[&str] = &[
    "java", "kotlin", "lib", "main", "package", "packages", "pkg", "scala", "source", "sources",
    "src",
];

/// Folders that may name a category but never go in front of another name.
const NO_PREFIX_FOLDERS: &[&str] = &["app", "apps", "backend", "server"];

/// The minimum category size and the most categories for `n` testable modules.
pub fn limits(n: u64) -> (u64, usize) {
    let min = ((n + MODULES_PER_MIN_SIZE / 2) / MODULES_PER_MIN_SIZE).max(MIN_SIZE);
    let cap = ((n as f64).sqrt().round() as usize).clamp(CAP_LOW, CAP_HIGH);
    (min, cap)
}

/// One folder of the tree of modules.
#[derive(Debug, Default)]
struct Folder {
    /// Path relative to the root, `""` for the root.
    path: String,
    /// Index of the folder above (the root's is itself).
    parent: usize,
    /// Folders below, sorted by path.
    children: Vec<usize>,
    /// Testable modules directly in it.
    direct: u64,
    /// Testable modules in it and below.
    subtree: u64,
}

impl Folder {
    fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or("")
    }
}

/// The folder tree of a set of module paths; folder 0 is the root.
struct Tree {
    folders: Vec<Folder>,
}

impl Tree {
    fn new(modules: &[(&str, bool)]) -> Tree {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut folders = vec![Folder::default()];
        index.insert(String::new(), 0);
        for &(path, testable) in modules {
            let dir = parent_dir(path);
            let f = Self::folder(&mut folders, &mut index, dir);
            if testable {
                folders[f].direct += 1;
            }
        }
        // Children are created after their parents, so a reverse pass sums every subtree.
        for i in (0..folders.len()).rev() {
            folders[i].subtree += folders[i].direct;
            if i > 0 {
                let (p, s) = (folders[i].parent, folders[i].subtree);
                folders[p].subtree += s;
            }
        }
        // Children sorted by path, for deterministic order.
        let paths: Vec<String> = folders.iter().map(|f| f.path.clone()).collect();
        for f in &mut folders {
            f.children.sort_by(|a, b| paths[*a].cmp(&paths[*b]));
        }
        Tree { folders }
    }

    /// The index of folder `dir`, created with its parents when new.
    fn folder(folders: &mut Vec<Folder>, index: &mut HashMap<String, usize>, dir: &str) -> usize {
        if let Some(&i) = index.get(dir) {
            return i;
        }
        let parent = Self::folder(folders, index, parent_dir(dir));
        let i = folders.len();
        folders.push(Folder {
            path: dir.to_string(),
            parent,
            ..Default::default()
        });
        folders[parent].children.push(i);
        index.insert(dir.to_string(), i);
        i
    }

    /// `f`, or the folder below it reached through folders with no testable module and one subfolder.
    fn pass_through(&self, mut f: usize) -> usize {
        while self.folders[f].direct == 0 && self.folders[f].children.len() == 1 {
            f = self.folders[f].children[0];
        }
        f
    }

    /// The nearest category folder above `f` (not `f` itself).
    fn category_above(&self, cats: &BTreeSet<usize>, f: usize) -> usize {
        let mut p = self.folders[f].parent;
        while !cats.contains(&p) {
            p = self.folders[p].parent;
        }
        p
    }

    fn depth(&self, f: usize) -> usize {
        if f == 0 {
            0
        } else {
            self.folders[f].path.matches('/').count() + 1
        }
    }

    /// The category folders for minimum size `min`, with the testable modules each owns: split from the
    /// top, then fold what is too small.
    fn cut(&self, min: u64) -> (BTreeSet<usize>, HashMap<usize, u64>) {
        let mut cats: BTreeSet<usize> = BTreeSet::from([0]);
        let mut owned: HashMap<usize, u64> = HashMap::from([(0, self.folders[0].subtree)]);
        let mut looked: BTreeSet<usize> = BTreeSet::new();
        loop {
            // The largest category not yet looked at (ties by path).
            let next = cats
                .iter()
                .copied()
                .filter(|c| !looked.contains(c))
                .max_by(|a, b| {
                    owned[a]
                        .cmp(&owned[b])
                        .then(self.folders[*b].path.cmp(&self.folders[*a].path))
                });
            let Some(c) = next else { break };
            looked.insert(c);
            // Names of folders directly under the other categories' folders, or under the folders beside
            // this one: cross-cutting areas. A name on the category's own path (a Django project's
            // `netbox/netbox/`) is not one.
            let own: BTreeSet<&str> = self.folders[c].path.split('/').collect();
            let parent = self.folders[c].parent;
            let beside = self.folders[parent]
                .children
                .iter()
                .copied()
                .filter(|&d| d != c && c != 0);
            let areas: BTreeSet<&str> = cats
                .iter()
                .copied()
                .filter(|&d| d != c)
                .chain(beside)
                .flat_map(|d| self.folders[d].children.iter())
                .map(|&g| self.folders[g].name())
                .filter(|n| !own.contains(n))
                .collect();
            for &g in &self.folders[c].children {
                let size = self.folders[g].subtree;
                if size < min || areas.contains(self.folders[g].name()) {
                    continue;
                }
                let e = self.pass_through(g);
                cats.insert(e);
                owned.insert(e, size);
                *owned.get_mut(&c).expect("owned") -= size;
            }
        }
        // Fold: deepest first, a category below the minimum joins the one above it.
        let mut order: Vec<usize> = cats.iter().copied().filter(|&c| c != 0).collect();
        order.sort_by_key(|&c| std::cmp::Reverse((self.depth(c), c)));
        for c in order {
            if owned[&c] < min {
                let p = self.category_above(&cats, c);
                let w = owned[&c];
                *owned.get_mut(&p).expect("owned") += w;
                cats.remove(&c);
                owned.remove(&c);
            }
        }
        (cats, owned)
    }

    /// The category folder of every folder under `cats`.
    fn owner(&self, cats: &BTreeSet<usize>, f: usize) -> usize {
        if cats.contains(&f) {
            f
        } else {
            self.category_above(cats, f)
        }
    }
}

/// The folder of a path: everything before the last `/`, `""` at the root.
fn parent_dir(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// The longest folder all `paths` share (`""` for the root).
fn common_folder<'a>(paths: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut common: Option<Vec<&str>> = None;
    for p in paths {
        let dirs: Vec<&str> = parent_dir(p).split('/').filter(|s| !s.is_empty()).collect();
        common = Some(match common {
            None => dirs,
            Some(c) => c
                .iter()
                .zip(&dirs)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| *a)
                .collect(),
        });
    }
    common.map(|c| c.join("/"))
}

/// `kafka_events` → `Kafka Events`; a trailing version (`requests-2.32.0`, `serde_json-1.0.154`) is dropped.
pub fn title(word: &str) -> String {
    let version_at = word.char_indices().find(|&(i, c)| {
        (c == '-' || c == '_') && i > 0 && word[i + 1..].starts_with(|c: char| c.is_ascii_digit())
    });
    let word = match version_at {
        Some((i, _)) => &word[..i],
        None => word,
    };
    word.split(['_', '-', ' ', '.'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(first) => first.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn lower(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// True for a name that cannot stand alone: generic words, languages, numbers and versions (`5`, `v2`,
/// `2020`).
fn generic(name: &str) -> bool {
    let n = lower(name);
    let versionish = n.strip_prefix('v').unwrap_or(&n);
    GENERIC_FOLDERS.contains(&n.as_str())
        || (!versionish.is_empty()
            && versionish
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == '_'))
}

fn container(name: &str) -> bool {
    CONTAINER_FOLDERS.contains(&lower(name).as_str())
}

fn prefix_ok(name: &str) -> bool {
    !container(name) && !NO_PREFIX_FOLDERS.contains(&lower(name).as_str()) && !name.is_empty()
}

/// The display name of a category whose folder is `folder` (`""`: the root, named `root_name`), showing
/// `extra` more folders in front than its own rule asks for (to tell apart names that collide).
pub fn display_name(folder: &str, root_name: &str, extra: usize) -> String {
    let parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    // The naming folder: containers hand their name to the folder above.
    let mut end = parts.len();
    while end > 0 && container(parts[end - 1]) {
        end -= 1;
    }
    // Only containers (`src/pkg`): the last one is the name after all, unless it is the only one (`src`).
    if end == 0 && parts.len() > 1 {
        end = parts.len();
    }
    if end == 0 {
        let root = title(root_name);
        let root_word = lower(root_name);
        return if root.is_empty() || container(&root_word) || generic(&root_word) {
            "Top Level".to_string()
        } else {
            root
        };
    }
    let mut words = vec![title(parts[end - 1])];
    let mut wanted = extra + usize::from(generic(parts[end - 1]));
    let mut i = end - 1;
    while wanted > 0 && i > 0 {
        i -= 1;
        if prefix_ok(parts[i]) || (extra > 0 && !container(parts[i])) {
            words.insert(0, title(parts[i]));
            wanted -= 1;
        } else if NO_PREFIX_FOLDERS.contains(&lower(parts[i]).as_str()) {
            // `app/api` is `Api`: the app is what the whole tree is about.
            wanted = 0;
        }
    }
    // A generic name with no folder above to tell it by (`src/python` scanned from `gap-scan/`): the
    // root's name goes in front.
    let root = lower(root_name);
    if wanted > 0
        && words.len() == 1
        && generic(parts[end - 1])
        && !root.is_empty()
        && !container(&root)
        && !generic(&root)
    {
        words.insert(0, title(root_name));
    }
    words.join(" ")
}

/// Names for `folders` (one per category), unique: where names collide, each takes one more folder in front.
fn unique_names(folders: &[String], root_name: &str, taken: &BTreeSet<String>) -> Vec<String> {
    let mut extra = vec![0usize; folders.len()];
    let mut names: Vec<String> = folders
        .iter()
        .map(|f| display_name(f, root_name, 0))
        .collect();
    for _ in 0..64 {
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for n in &names {
            *count.entry(n.as_str()).or_default() += 1;
        }
        let clash: Vec<usize> = (0..names.len())
            .filter(|&i| count[names[i].as_str()] > 1 || taken.contains(&names[i]))
            .collect();
        if clash.is_empty() {
            return names;
        }
        let mut moved = false;
        for i in clash {
            let longer = display_name(&folders[i], root_name, extra[i] + 1);
            if longer != names[i] {
                extra[i] += 1;
                names[i] = longer;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    // Still the same (folders that differ only in containers): the folder itself tells them apart.
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for n in &names {
        *count.entry(n.clone()).or_default() += 1;
    }
    names
        .iter()
        .zip(folders)
        .map(|(n, f)| {
            if count[n] > 1 || taken.contains(n) {
                if f.is_empty() {
                    ".".to_string()
                } else {
                    f.clone()
                }
            } else {
                n.clone()
            }
        })
        .collect()
}

/// A gap.toml rule with its globs compiled once.
struct Rule<'a> {
    rule: &'a CategoryRule,
    globs: Vec<glob::Pattern>,
}

fn rules(config: &Config) -> Vec<Rule<'_>> {
    config
        .categories
        .iter()
        .map(|rule| Rule {
            rule,
            globs: rule
                .paths
                .iter()
                .filter_map(|g| glob::Pattern::new(g).ok())
                .collect(),
        })
        .collect()
}

/// Matching as gap.toml's globs match: `*` stays within a folder, `**` crosses folders.
fn rule_of<'a>(rules: &'a [Rule<'a>], path: &str) -> Option<&'a CategoryRule> {
    let options = glob::MatchOptions {
        require_literal_separator: true,
        ..Default::default()
    };
    rules
        .iter()
        .find(|r| r.globs.iter().any(|g| g.matches_with(path, options)))
        .map(|r| r.rule)
}

/// How the automatic categories were cut, for `--print-categories`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Testable modules the cut counted (those no gap.toml rule claims).
    pub testable: u64,
    /// The minimum size used (after the cap raised it, if it did).
    pub min_size: u64,
    /// The most categories allowed.
    pub cap: usize,
    /// Per automatic category id: the folders it rolls up (below its own), sorted.
    pub rolled_up: BTreeMap<String, Vec<String>>,
}

/// Sets every module's `category` and returns the categories, sorted by id, with how they were cut.
/// `root_name` names the scanned folder (for a category at the root).
pub fn assign(modules: &mut [Module], config: &Config, root_name: &str) -> (Vec<Category>, Plan) {
    let rules = rules(config);
    let claimed: Vec<Option<&CategoryRule>> =
        modules.iter().map(|m| rule_of(&rules, &m.path)).collect();
    let auto: Vec<(&str, bool)> = modules
        .iter()
        .zip(&claimed)
        .filter(|(_, r)| r.is_none())
        .map(|(m, _)| (m.path.as_str(), m.testable))
        .collect();
    let tree = Tree::new(&auto);
    let n = tree.folders[0].subtree;
    let (mut min, cap) = limits(n);
    let count = |owned: &HashMap<usize, u64>| owned.values().filter(|&&w| w > 0).count();
    let largest = |owned: &HashMap<usize, u64>| owned.values().copied().max().unwrap_or(0);
    let (mut cats, mut owned) = tree.cut(min);
    while count(&owned) > cap && min < n {
        min += 1;
        (cats, owned) = tree.cut(min);
    }
    // Too coarse: one category holds over a quarter of the modules (forty apps of equal size, each under
    // the minimum, all folded into the root). Lower the minimum to where that category gets smaller, while
    // the cap allows.
    while largest(&owned) * LARGEST_SHARE > n && min > MIN_SIZE {
        let finer = (MIN_SIZE..min)
            .rev()
            .map(|m| (m, tree.cut(m)))
            .take_while(|(_, (_, o))| count(o) <= cap)
            .find(|(_, (_, o))| largest(o) < largest(&owned));
        let Some((m, (c, o))) = finer else { break };
        (min, cats, owned) = (m, c, o);
    }

    // Members of each automatic category (by category folder index), and of each rule.
    let mut folder_of: HashMap<&str, usize> = HashMap::new();
    for (i, f) in tree.folders.iter().enumerate() {
        folder_of.insert(f.path.as_str(), i);
    }
    let mut auto_members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut rule_members: BTreeMap<&str, (Vec<usize>, &CategoryRule)> = BTreeMap::new();
    for (i, (m, rule)) in modules.iter().zip(&claimed).enumerate() {
        match rule {
            Some(r) => rule_members
                .entry(r.name.as_str())
                .or_insert_with(|| (Vec::new(), r))
                .0
                .push(i),
            None => {
                let f = folder_of[parent_dir(&m.path)];
                auto_members
                    .entry(tree.owner(&cats, f))
                    .or_default()
                    .push(i);
            }
        }
    }
    // Each automatic category's folder: the one its testable modules share (all its modules when none is).
    let shared = |members: &[usize]| -> String {
        let testable: Vec<&str> = members
            .iter()
            .filter(|&&i| modules[i].testable)
            .map(|&i| modules[i].path.as_str())
            .collect();
        let all: Vec<&str> = members.iter().map(|&i| modules[i].path.as_str()).collect();
        let pick = if testable.is_empty() { all } else { testable };
        common_folder(pick.into_iter()).unwrap_or_default()
    };
    let auto_folders: Vec<(usize, String)> = auto_members
        .iter()
        .map(|(&c, members)| {
            let own = &tree.folders[c].path;
            let s = shared(members);
            // The shared folder narrows the category's own; never wider.
            let folder = if s.len() >= own.len() { s } else { own.clone() };
            (c, folder)
        })
        .collect();
    let taken: BTreeSet<String> = rule_members.keys().map(|s| s.to_string()).collect();
    let folder_names: Vec<String> = auto_folders.iter().map(|(_, f)| f.clone()).collect();
    // Categories with testable modules are named first and uniquely; one with none (only re-exports or
    // constants: never shown in a report) takes its name if free, else its id.
    let shown: Vec<usize> = (0..auto_folders.len())
        .filter(|&i| {
            auto_members[&auto_folders[i].0]
                .iter()
                .any(|&m| modules[m].testable)
        })
        .collect();
    let shown_folders: Vec<String> = shown.iter().map(|&i| folder_names[i].clone()).collect();
    let shown_names = unique_names(&shown_folders, root_name, &taken);
    let mut names: Vec<String> = vec![String::new(); folder_names.len()];
    for (&i, name) in shown.iter().zip(shown_names) {
        names[i] = name;
    }
    // A category at the root with no module of its own, beside others, gathers what folded up from several
    // folders: `Other`.
    let several = shown.len() + taken.len() > 1;
    for (i, folder) in folder_names.iter().enumerate() {
        if folder.is_empty() && tree.folders[0].direct == 0 && several && !taken.contains("Other") {
            names[i] = "Other".to_string();
        }
    }
    let mut used: BTreeSet<String> = names.iter().chain(&taken).cloned().collect();
    for (i, folder) in folder_names.iter().enumerate() {
        if names[i].is_empty() {
            let name = display_name(folder, root_name, 0);
            names[i] = if used.contains(&name) {
                id_of(folder)
            } else {
                name
            };
            used.insert(names[i].clone());
        }
    }

    let mut categories = Vec::new();
    let mut rolled_up = BTreeMap::new();
    let make = |id: String, name: String, folder: String, members: &[usize]| {
        let mut c = Category::new(&id, &name);
        c.folder = folder;
        c.modules = members.iter().map(|&i| modules[i].path.clone()).collect();
        c.modules.sort();
        c.languages = members
            .iter()
            .map(|&i| modules[i].language.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        c
    };
    let mut assignments: Vec<(usize, String)> = Vec::new();
    for ((c, folder), name) in auto_folders.iter().zip(names) {
        let members = &auto_members[c];
        let id = id_of(folder);
        let below: Vec<String> = members
            .iter()
            .map(|&i| parent_dir(&modules[i].path))
            .filter(|d| d.len() > folder.len() && d.starts_with(folder.as_str()))
            .map(|d| {
                let rest = d[folder.len()..].trim_start_matches('/');
                let first = rest.split('/').next().unwrap_or(rest);
                if folder.is_empty() {
                    first.to_string()
                } else {
                    format!("{folder}/{first}")
                }
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        rolled_up.insert(id.clone(), below);
        assignments.extend(members.iter().map(|&i| (i, id.clone())));
        categories.push(make(id.clone(), name, id, members));
    }
    for (name, (members, rule)) in &rule_members {
        let folder = id_of(&shared(members));
        let mut c = make(name.to_string(), name.to_string(), folder, members);
        c.weight = (rule.weight != 1.0).then_some(rule.weight);
        c.floor = rule.floor;
        c.test_type = rule.test_type;
        assignments.extend(members.iter().map(|&i| (i, name.to_string())));
        categories.push(c);
    }
    for (i, id) in assignments {
        modules[i].category = id;
    }
    categories.sort_by(|a, b| a.id.cmp(&b.id));
    (
        categories,
        Plan {
            testable: n,
            min_size: min,
            cap,
            rolled_up,
        },
    )
}

/// The id of an automatic category: its folder, `.` for the root.
fn id_of(folder: &str) -> String {
    if folder.is_empty() {
        ".".to_string()
    } else {
        folder.to_string()
    }
}

/// The name the scanned root goes by: its folder's name (resolved, so `.` is named too).
pub fn root_name(root: &std::path::Path) -> String {
    std::fs::canonicalize(root)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default()
}

/// The categories as `--print-categories` shows them: one line each, largest first.
pub fn describe(categories: &[Category], modules: &[Module], plan: &Plan) -> String {
    let testable: HashMap<&str, bool> = modules
        .iter()
        .map(|m| (m.path.as_str(), m.testable))
        .collect();
    let mut rows: Vec<(u64, usize, &Category)> = categories
        .iter()
        .map(|c| {
            let t = c
                .modules
                .iter()
                .filter(|p| testable.get(p.as_str()) == Some(&true))
                .count() as u64;
            (t, c.modules.len(), c)
        })
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.id.cmp(&b.2.id)));
    let line = |s: &str| gap_core::escape::line(s).into_owned();
    let name_w = rows
        .iter()
        .map(|r| line(&r.2.name).chars().count())
        .max()
        .unwrap_or(0);
    let folder_w = rows
        .iter()
        .map(|r| line(&r.2.folder).chars().count() + 1)
        .max()
        .unwrap_or(0);
    let mut out = format!(
        "{} categories for {} testable modules (minimum size {}, at most {}; docs/schema.md, Categories)\n",
        rows.iter().filter(|r| r.0 > 0).count(),
        plan.testable,
        plan.min_size,
        plan.cap
    );
    for (t, all, c) in rows {
        let folder = if c.folder == "." {
            "./".to_string()
        } else {
            format!("{}/", line(&c.folder))
        };
        let mut text = format!(
            "{:<name_w$}  {:<folder_w$}  {t:>4} testable",
            line(&c.name),
            folder,
        );
        if all as u64 > t {
            text.push_str(&format!(
                " ({all} module{})",
                if all == 1 { "" } else { "s" }
            ));
        }
        if c.id != c.folder {
            text.push_str("  gap.toml");
        }
        if let Some(below) = plan.rolled_up.get(&c.id).filter(|b| !b.is_empty()) {
            let shown: Vec<String> = below
                .iter()
                .take(6)
                .map(|b| {
                    let rel = b
                        .strip_prefix(c.folder.as_str())
                        .unwrap_or(b)
                        .trim_start_matches('/');
                    format!("{}/", line(rel))
                })
                .collect();
            text.push_str(&format!("  rolls up {}", shown.join(" ")));
            if below.len() > 6 {
                text.push_str(&format!(" +{}", below.len() - 6));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modules(paths: &[&str]) -> Vec<Module> {
        paths
            .iter()
            .map(|p| {
                let mut m = Module::new(p, "python");
                m.testable = !p.ends_with("__init__.py");
                m
            })
            .collect()
    }

    /// (name, folder, testable modules) per category.
    fn cut(paths: &[&str], config: &Config) -> Vec<(String, String, usize)> {
        let mut ms = modules(paths);
        let (cats, _) = assign(&mut ms, config, "svc");
        cats.iter()
            .map(|c| {
                let n = ms
                    .iter()
                    .filter(|m| m.category == c.id && m.testable)
                    .count();
                (c.name.clone(), c.folder.clone(), n)
            })
            .collect()
    }

    fn many(folder: &str, n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{folder}/m{i}.py")).collect()
    }

    #[test]
    fn limits_follow_the_size_of_the_tree() {
        assert_eq!(limits(37), (3, 8));
        assert_eq!(limits(150), (6, 12));
        assert_eq!(limits(186), (7, 14));
        assert_eq!(limits(840), (34, 29));
        assert_eq!(limits(5000), (200, 30));
    }

    #[test]
    fn nested_areas_roll_up_into_their_layer() {
        let mut paths: Vec<String> = Vec::new();
        paths.extend(many("app/db/repositories", 12));
        paths.extend(many("app/db/repositories/admin", 2));
        paths.extend(many("app/domain", 2));
        for area in ["user", "saga", "admin", "replay", "sse", "execution"] {
            paths.extend(many(&format!("app/domain/{area}"), 4));
        }
        paths.extend(many("app/services", 14));
        for area in ["saga", "admin", "sse"] {
            paths.extend(many(&format!("app/services/{area}"), 5));
        }
        paths.extend(many("app/api/routes", 10));
        paths.extend(many("app/api/routes/admin", 5));
        paths.extend(many("app/core", 8));
        paths.extend(many("app/core/middlewares", 7));
        paths.extend(many("workers", 6));
        paths.extend(many("app", 3));
        paths.push("app/__init__.py".into());
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let got = cut(&refs, &Config::default());
        let want: Vec<(String, String, usize)> = [
            ("App", "app", 3),
            ("Api Routes", "app/api/routes", 15),
            ("Core", "app/core", 8),
            ("Middlewares", "app/core/middlewares", 7),
            ("Repositories", "app/db/repositories", 14),
            ("Domain", "app/domain", 26),
            ("Services", "app/services", 29),
            ("Workers", "workers", 6),
        ]
        .iter()
        .map(|(n, f, c)| (n.to_string(), f.to_string(), *c))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn apps_with_the_same_layers_are_cut_by_app() {
        let mut paths: Vec<String> = Vec::new();
        for app in ["dcim", "ipam", "circuits", "tenancy"] {
            paths.extend(many(&format!("netbox/{app}"), 6));
            for layer in ["api", "forms", "models", "tables"] {
                paths.extend(many(&format!("netbox/{app}/{layer}"), 8));
            }
        }
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let names: Vec<String> = cut(&refs, &Config::default())
            .into_iter()
            .map(|c| format!("{} {}", c.0, c.2))
            .collect();
        assert_eq!(names, ["Circuits 38", "Dcim 38", "Ipam 38", "Tenancy 38"]);
    }

    #[test]
    fn small_leftovers_fold_into_their_parent() {
        let mut paths: Vec<String> = many("app/db/repositories", 8);
        paths.extend(many("app/db", 2));
        paths.extend(many("app/services", 6));
        paths.extend(many("app", 1));
        paths.extend(many("app/tiny", 1));
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let got = cut(&refs, &Config::default());
        assert_eq!(
            got,
            [
                ("App".to_string(), "app".to_string(), 4),
                ("Repositories".into(), "app/db/repositories".into(), 8),
                ("Services".into(), "app/services".into(), 6),
            ]
        );
    }

    #[test]
    fn many_folders_are_capped() {
        let mut paths: Vec<String> = Vec::new();
        for i in 0..60 {
            paths.extend(many(&format!("pkg{i:02}"), 4 + i % 5));
        }
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let got = cut(&refs, &Config::default());
        let (_, cap) = limits(paths.len() as u64);
        assert!(got.len() <= cap, "{} categories: {got:?}", got.len());
        assert_eq!(
            got.iter().map(|c| c.2).sum::<usize>(),
            paths.len(),
            "every module in one"
        );
    }

    #[test]
    fn many_equal_apps_fill_the_cap_rather_than_fold_into_the_root() {
        let mut paths: Vec<String> = Vec::new();
        for app in 0..40 {
            paths.extend(many(&format!("apps/app{app:02}"), 20 + app % 3));
        }
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let got = cut(&refs, &Config::default());
        let (min, cap) = limits(paths.len() as u64);
        assert!(min > 21, "every app is under the natural minimum ({min})");
        assert!(
            got.len() <= cap && got.len() >= cap - 2,
            "{}: {got:?}",
            got.len()
        );
        // The cap leaves a dozen apps in the rest, not forty.
        let rest = got.iter().find(|c| c.1 == "apps").unwrap();
        assert!(rest.2 * 2 < paths.len(), "{rest:?}");
    }

    #[test]
    fn a_large_layer_of_areas_does_not_shatter_the_rest() {
        // Services holds most modules, in areas other layers share: lowering the minimum cannot split it,
        // so the small folders elsewhere stay folded.
        let mut paths: Vec<String> = many("app/services", 100);
        for area in ["saga", "admin", "sse", "user"] {
            paths.extend(many(&format!("app/services/{area}"), 20));
            paths.extend(many(&format!("app/domain/{area}"), 1));
        }
        for small in ["a", "b", "c"] {
            paths.extend(many(&format!("app/misc/{small}"), 4));
        }
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        assert_eq!(limits(paths.len() as u64).0, 8);
        let names: Vec<String> = cut(&refs, &Config::default())
            .into_iter()
            .map(|c| format!("{} {}", c.0, c.2))
            .collect();
        assert_eq!(names, ["Domain 4", "Misc 12", "Services 180"]);
    }

    #[test]
    fn names_are_never_containers_numbers_or_languages() {
        assert_eq!(
            display_name("app/db/repositories", "svc", 0),
            "Repositories"
        );
        assert_eq!(
            display_name("app/infrastructure/kafka/events", "svc", 0),
            "Kafka Events"
        );
        assert_eq!(
            display_name("app/api", "svc", 0),
            "Api",
            "app goes in front of nothing"
        );
        assert_eq!(display_name("app", "svc", 0), "App");
        assert_eq!(
            display_name("project-static/src", "svc", 0),
            "Project Static"
        );
        assert_eq!(
            display_name("gap-scan/src/python", "svc", 0),
            "Gap Scan Python"
        );
        assert_eq!(
            display_name("built-ins/BigInt/2020", "svc", 0),
            "BigInt 2020"
        );
        assert_eq!(display_name("spec/5", "svc", 0), "Spec 5");
        assert_eq!(display_name("src/python", "gap-scan", 0), "Gap Scan Python");
        assert_eq!(display_name("events", "svc", 0), "Svc Events");
        assert_eq!(display_name("", "my-service", 0), "My Service");
        assert_eq!(display_name("", "package", 0), "Top Level");
        assert_eq!(display_name("src", "requests-2.32.3", 0), "Requests");
        assert_eq!(display_name("", "serde_json-1.0.154", 0), "Serde Json");
        assert_eq!(display_name("", "regex-syntax-0.8.6", 0), "Regex Syntax");
        assert_eq!(display_name("", "x-2", 0), "X");
        assert_eq!(
            display_name("src/pkg", "r", 0),
            "Pkg",
            "a package named like a container"
        );
        assert_eq!(
            display_name("app/kafka/events", "svc", 1),
            "App Kafka Events"
        );
    }

    #[test]
    fn colliding_names_take_one_more_folder() {
        let folders = vec![
            "a/x/models".to_string(),
            "b/x/models".to_string(),
            "core".to_string(),
        ];
        assert_eq!(
            unique_names(&folders, "r", &BTreeSet::new()),
            ["A X Models", "B X Models", "Core"]
        );
        let folders = vec!["netbox".to_string(), "netbox/netbox".to_string()];
        assert_eq!(
            unique_names(&folders, "r", &BTreeSet::new()),
            ["Netbox", "Netbox Netbox"]
        );
    }

    #[test]
    fn gap_toml_names_and_splits() {
        let mut paths: Vec<String> = many("app/services", 10);
        paths.extend(many("app/kafka/events", 4));
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let config: Config = gap_core::config::parse(
            "[[category]]\nname = \"Kafka Events\"\npaths = [\"app/kafka/events/*.py\"]\nweight = 1.5\nfloor = \"HIGH\"\n",
            "gap.toml",
            gap_core::config::Source::GapToml,
        )
        .unwrap()
        .unwrap();
        let mut ms = modules(&refs);
        let (cats, _) = assign(&mut ms, &config, "svc");
        let k = cats.iter().find(|c| c.id == "Kafka Events").unwrap();
        assert_eq!(
            (k.name.as_str(), k.folder.as_str(), k.weight, k.floor),
            (
                "Kafka Events",
                "app/kafka/events",
                Some(1.5),
                Some(gap_core::Priority::High)
            )
        );
        assert_eq!(k.modules.len(), 4);
        assert!(ms
            .iter()
            .filter(|m| m.path.contains("kafka"))
            .all(|m| m.category == "Kafka Events"));
    }

    #[test]
    fn a_flat_package_is_one_category_named_after_it() {
        let paths = many("src/requests", 18);
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        assert_eq!(
            cut(&refs, &Config::default()),
            [("Requests".to_string(), "src/requests".to_string(), 18)]
        );
    }
}
