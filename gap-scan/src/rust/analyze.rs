//! Rust files to units. Crates come from `Cargo.toml` (`[package] name`); a file's module path comes from
//! where it sits under `src/` (`a/b.rs` and `a/b/mod.rs` are `a::b`); `tests/*.rs` reach the crate through
//! `use crate_name::...` and paths in code, `pub use` re-exports followed to the defining module. A source
//! file whose `#[cfg(test)]` module or doc tests use its items is directly tested by itself.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::parse::{RsFile, TestUnit, Usage};
use super::traits;
use crate::lang;
use crate::model::{
    self, join, parent, Credit, Credits, NotProduct, Parsed, Role, Target, Unit, Uses,
};
use crate::reexport::Visited;
use gap_core::{EvidenceKind, SymbolKind};

/// A crate of the tree.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Crate {
    /// The folder of its Cargo.toml.
    pub dir: String,
    /// Its name as code spells it (`-` as `_`).
    pub name: String,
    /// Its name as Cargo.toml spells it: the name of its `src/main.rs` binary.
    pub package: String,
    /// The features its default build turns on (`[features] default`, followed through the features it
    /// lists), sorted.
    #[serde(default)]
    pub features: Vec<String>,
}

/// The features a manifest's default build turns on: `[features] default` and, transitively, the features
/// those list (`dep:x` and `x/y` entries name dependencies, not features of the crate; an optional dependency
/// named plainly is a feature too), sorted. Empty for a manifest without them or that is not TOML.
pub fn default_features(text: &str) -> Vec<String> {
    let Ok(manifest) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let Some(table) = manifest.get("features").and_then(|f| f.as_table()) else {
        return Vec::new();
    };
    let mut on = BTreeSet::new();
    let mut todo = vec!["default".to_string()];
    while let Some(f) = todo.pop() {
        let listed = table
            .get(&f)
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten();
        for x in listed.filter_map(|v| v.as_str()) {
            if !x.starts_with("dep:") && !x.contains('/') && on.insert(x.to_string()) {
                todo.push(x.to_string());
            }
        }
    }
    on.into_iter().collect()
}

/// The `[package] name` of a Cargo.toml as written; `None` for a workspace-only manifest or one that is not
/// TOML.
pub fn package_name(text: &str) -> Option<String> {
    let manifest: toml::Table = text.parse().ok()?;
    manifest
        .get("package")?
        .get("name")?
        .as_str()
        .map(String::from)
}

/// The `[package] name` of a Cargo.toml, as code spells it (`-` as `_`).
pub fn crate_name(text: &str) -> Option<String> {
    package_name(text).map(|n| n.replace('-', "_"))
}

/// What of the tree a trait impl is for, each as (file defining it, name).
#[derive(Debug, Default)]
struct ImplFor {
    /// Its type, else the types among its trait's generic arguments (`PartialEq<Value> for str`).
    types: Vec<(usize, String)>,
    /// Its trait, when the tree defines it.
    tree_trait: Option<(usize, String)>,
}

struct Index<'a> {
    paths: &'a [String],
    files: &'a [Parsed<RsFile>],
    crates: &'a [Crate],
    /// Per file: (crate index, module path).
    place: Vec<Option<(usize, Vec<String>)>>,
    /// (crate, module path) -> file.
    modules: HashMap<(usize, String), usize>,
    /// Path -> file.
    by_path: HashMap<&'a str, usize>,
    /// `macro_rules!` name -> (file, index into its macros).
    macros: HashMap<&'a str, Vec<(usize, usize)>>,
    /// Per file, the `use`s that bind names of its modules (outside test code), each once, in file order:
    /// indices into its uses.
    bound: Vec<Vec<usize>>,
    /// Files declared `#[cfg(test)] mod name;`: test code of their parent module.
    test_only: HashSet<usize>,
    /// Per file, per trait impl: what of the tree it is for.
    impl_types: Vec<Vec<ImplFor>>,
    /// The names of the traits the tree defines with no default method (their last segment): naming one
    /// where a type goes runs nothing of it.
    trait_names: HashSet<&'a str>,
    /// The names of the types that have methods (their last segment): inherent methods anywhere in the
    /// tree, or an item-level macro call naming them (the macro may write methods).
    /// The structs, enums and unions without methods, as (file, last segment of the name): no inherent
    /// method anywhere in the tree has their name, nor does an item-level macro call (which may write
    /// methods).
    method_less: foldhash::HashSet<(usize, &'a str)>,
    /// Per file, the line spans of its items that its crate's default build leaves out
    /// (`#[cfg(feature = "x")]` with `x` off, `#[cfg(not(feature = "x"))]` with it on).
    off: Vec<Vec<(u64, u64)>>,
}

/// `scope::name`, or `name` at a file's top (`scope` empty).
fn scoped(scope: &str, name: &str) -> String {
    if scope.is_empty() {
        name.to_string()
    } else {
        format!("{scope}::{name}")
    }
}

impl<'a> Index<'a> {
    fn module(&self, krate: usize, path: &[String]) -> Option<usize> {
        self.modules.get(&(krate, path.join("::"))).copied()
    }

    /// True when `scope` names an inline module (`mod sync { ... }`) of file `file`.
    fn is_inline(&self, file: usize, scope: &str) -> bool {
        !scope.is_empty()
            && self.files[file]
                .own
                .inline_mods
                .iter()
                .any(|(m, _)| m == scope)
    }

    /// Resolves a path used in file `from` inside its inline module `scope` (`""` at the file's top): the
    /// target, `Ok(None)` for a path into the tree that leads nowhere, or the crate it leaves the tree for.
    /// An inline module is the target `Symbol(file, its path)`.
    fn path(
        &self,
        from: usize,
        scope: &str,
        segs: &[String],
        hops: usize,
        seen: &mut Visited,
    ) -> Result<Option<Target>, String> {
        let Some(first) = segs.first() else {
            return Ok(None);
        };
        if !scope.is_empty() {
            match first.as_str() {
                "self" if segs.len() == 1 => return Ok(Some(Target::Symbol(from, scope.into()))),
                "self" => return Ok(self.walk(from, scope, &segs[1..], hops, seen)),
                "super" => {
                    let up = scope.rsplit_once("::").map_or("", |(p, _)| p);
                    let rest: Vec<String> = std::iter::once("self".to_string())
                        .chain(segs[1..].iter().cloned())
                        .collect();
                    return self.path(from, up, &rest, hops, seen);
                }
                name => {
                    // An item of the inline module itself.
                    if self
                        .name_in(from, &scoped(scope, name), hops + 1, seen)
                        .is_some()
                    {
                        return Ok(self.walk(from, scope, segs, hops, seen));
                    }
                }
            }
        }
        let Some((krate, here)) = self.place[from].clone() else {
            return Ok(None);
        };
        let (krate, mut base, rest) = match first.as_str() {
            "crate" => (krate, Vec::new(), &segs[1..]),
            "self" => (krate, here.clone(), &segs[1..]),
            "super" => {
                let ups = segs.iter().take_while(|s| *s == "super").count();
                let mut b = here.clone();
                for _ in 0..ups {
                    b.pop();
                }
                (krate, b, &segs[ups..])
            }
            name => {
                if let Some(c) = self.crates.iter().position(|c| c.name == name) {
                    (c, Vec::new(), &segs[1..])
                } else {
                    let mut child = here.clone();
                    child.push(name.to_string());
                    if self.module(krate, &child).is_some() {
                        (krate, here.clone(), segs)
                    } else if self.module(krate, &[name.to_string()]).is_some() {
                        (krate, Vec::new(), segs)
                    } else if let Some(t) = self.sibling_module(from, name) {
                        return if segs.len() == 1 {
                            Ok(Some(Target::Module(t)))
                        } else {
                            Ok(self.walk(t, "", &segs[1..], hops, seen))
                        };
                    } else {
                        return Err(name.to_string());
                    }
                }
            }
        };
        for (k, seg) in rest.iter().enumerate() {
            let mut next = base.clone();
            next.push(seg.clone());
            if self.module(krate, &next).is_some() {
                base = next;
                continue;
            }
            let Some(file) = self.module(krate, &base) else {
                return Ok(None);
            };
            return Ok(self.walk(file, "", &rest[k..], hops, seen));
        }
        Ok(self.module(krate, &base).map(Target::Module))
    }

    /// `mod name;` of a file outside `src/` (a test crate root): `name.rs` or `name/mod.rs` beside it.
    fn sibling_module(&self, from: usize, name: &str) -> Option<usize> {
        if !self.files[from].own.mods.iter().any(|(m, _)| m == name) {
            return None;
        }
        let dir = parent(&self.paths[from]);
        let a = join(dir, &format!("{name}.rs"));
        let b = join(dir, &format!("{name}/mod.rs"));
        self.by_path
            .get(a.as_str())
            .or_else(|| self.by_path.get(b.as_str()))
            .copied()
    }

    /// Follows item names from inline module `scope` of file `file` (its top for `""`): the first segment,
    /// then, through modules, the others.
    fn walk(
        &self,
        file: usize,
        scope: &str,
        segs: &[String],
        hops: usize,
        seen: &mut Visited,
    ) -> Option<Target> {
        let name = scoped(scope, segs.first()?);
        if self.is_inline(file, &name) {
            return match segs.len() {
                1 => Some(Target::Symbol(file, name)),
                _ => self.walk(file, &name, &segs[1..], hops + 1, seen),
            };
        }
        let t = self.name_in(file, &name, hops, seen)?;
        match (t, segs.len()) {
            (t, 1) => Some(t),
            (Target::Module(m), _) => self.walk(m, "", &segs[1..], hops + 1, seen),
            (Target::Symbol(f, s), _) if self.is_inline(f, &s) => {
                self.walk(f, &s, &segs[1..], hops + 1, seen)
            }
            (t, _) => Some(t),
        }
    }

    /// What `name` (`x`, or `sync::x` in an inline module) stands for in module file `file`, through `use` and
    /// `pub use`.
    fn name_in(&self, file: usize, name: &str, hops: usize, seen: &mut Visited) -> Option<Target> {
        if !seen.enter(file, name, hops) {
            return None;
        }
        let Parsed { facts, own: f } = &self.files[file];
        if facts
            .defs
            .iter()
            .any(|d| d.kind != SymbolKind::Method && d.name == name && !self.is_off(file, d.line))
            || self.is_inline(file, name)
        {
            return Some(Target::Symbol(file, name.to_string()));
        }
        let (scope, last) = name.rsplit_once("::").unwrap_or(("", name));
        if let Some((krate, here)) = self.place[file].as_ref().filter(|_| scope.is_empty()) {
            if f.mods.iter().any(|(m, _)| m == name) {
                let mut child = here.clone();
                child.push(name.to_string());
                if let Some(m) = self.module(*krate, &child) {
                    return Some(Target::Module(m));
                }
            }
        }
        let in_scope = self.bound[file]
            .iter()
            .map(|&k| &f.uses[k])
            .filter(|u| u.scope == scope);
        for u in in_scope.clone().filter(|u| !u.glob && u.local == last) {
            if let Ok(Some(t)) = self.path(file, scope, &u.path, hops + 1, seen) {
                return Some(t);
            }
        }
        for u in in_scope.filter(|u| u.glob && u.public) {
            let found = match self.path(file, scope, &u.path, hops + 1, seen) {
                Ok(Some(Target::Module(m))) => self.name_in(m, last, hops + 1, seen),
                Ok(Some(Target::Symbol(g, s))) if self.is_inline(g, &s) => {
                    self.name_in(g, &scoped(&s, last), hops + 1, seen)
                }
                _ => None,
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// The names inline module `scope` of file `file` (its top for `""`) offers: its items, child modules and
    /// `use` names.
    fn names_of(&self, file: usize, scope: &str) -> Vec<&'a str> {
        let Parsed { facts, own: f } = &self.files[file];
        let child = |full: &'a str| -> Option<&'a str> {
            let rest = if scope.is_empty() {
                full
            } else {
                full.strip_prefix(scope)?.strip_prefix("::")?
            };
            (!rest.contains("::")).then_some(rest)
        };
        let mut v: Vec<&str> = model::top_level_names(&facts.defs)
            .filter_map(child)
            .collect();
        v.extend(f.inline_mods.iter().filter_map(|(m, _)| child(m)));
        if scope.is_empty() {
            v.extend(f.mods.iter().map(|(m, _)| m.as_str()));
        }
        v.extend(
            f.uses
                .iter()
                .filter(|u| !u.glob && !u.test && u.scope == scope)
                .map(|u| u.local.as_str()),
        );
        v
    }
}

/// Where a test's credits go, and what it uses.
struct Credited<'u> {
    credits: Credits,
    /// Modules (file, inline path) whose names were already followed.
    seen: HashSet<(usize, String)>,
    /// The names the test uses as values (not only where a type goes): what credits a symbol.
    uses: &'u Uses<'u>,
    /// Every name the test shows, types included: what reaches a type for its trait impls.
    names: &'u Uses<'u>,
}

impl Credited<'_> {
    /// Records what target `t`, reached from line `from`, gives the test: a symbol (and the methods of it that
    /// the test names), or, for a module, every name of it the test uses.
    fn add(&mut self, ix: &Index, t: Option<Target>, from: u64) {
        let (m, scope) = match t {
            Some(Target::Symbol(f, s)) if ix.method_less(f, &s) => {
                self.credits.add(named_only(f, s, from));
                return;
            }
            Some(Target::Symbol(f, s)) if !ix.is_inline(f, &s) => {
                let defs = &ix.files[f].facts.defs;
                model::use_symbol(defs, f, &s, from, self.uses, &mut self.credits);
                return;
            }
            Some(Target::Symbol(f, s)) => (f, s),
            Some(Target::Module(m)) => (m, String::new()),
            None => return,
        };
        if !self.seen.insert((m, scope.clone())) {
            return;
        }
        let glob = ix.files[m]
            .own
            .uses
            .iter()
            .any(|u| u.glob && u.public && !u.test && u.scope == scope);
        let names: Vec<String> = if glob {
            self.uses.names().map(String::from).collect()
        } else {
            ix.names_of(m, &scope)
                .into_iter()
                .filter(|n| self.uses.contains(n))
                .map(String::from)
                .collect()
        };
        for n in names {
            let at = self.uses.line(&n).unwrap_or(from).max(from);
            let t = ix.name_in(m, &scoped(&scope, &n), 0, &mut Visited::default());
            self.add(ix, t, at);
        }
    }
}

/// The crate and module path of each file: the crate whose folder is nearest above it, the path from its
/// place under `src/` (`a/b.rs` and `a/b/mod.rs` are `a::b`; `lib.rs` and `main.rs` the root).
fn places(paths: &[String], crates: &[Crate]) -> Vec<Option<(usize, Vec<String>)>> {
    paths
        .iter()
        .map(|p| {
            let (c, krate) = crates
                .iter()
                .enumerate()
                .filter(|(_, c)| c.dir.is_empty() || p.starts_with(&format!("{}/", c.dir)))
                .max_by_key(|(_, c)| c.dir.len())?;
            let rel = if krate.dir.is_empty() {
                p.as_str()
            } else {
                &p[krate.dir.len() + 1..]
            };
            let stem = rel.strip_suffix(".rs")?;
            let stem = stem.strip_suffix("/mod").unwrap_or(stem);
            let mut segs: Vec<String> = stem.split('/').map(String::from).collect();
            if segs.first().map(String::as_str) == Some("src") {
                segs.remove(0);
                if matches!(segs.as_slice(), [s] if s == "lib" || s == "main") {
                    segs.clear();
                }
            }
            Some((c, segs))
        })
        .collect()
}

impl<'a> Index<'a> {
    /// Indexes `paths` (sorted) with their parsed files and the tree's crates.
    fn new(paths: &'a [String], files: &'a [Parsed<RsFile>], crates: &'a [Crate]) -> Self {
        let place = places(paths, crates);
        let mut modules = HashMap::new();
        for (i, p) in place.iter().enumerate() {
            if let Some((c, segs)) = p {
                // lib.rs wins over main.rs as the crate root.
                let key = (*c, segs.join("::"));
                if !modules.contains_key(&key) || paths[i].ends_with("lib.rs") {
                    modules.insert(key, i);
                }
            }
        }
        let by_path = paths
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), i))
            .collect();
        let mut macros: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
        for (i, f) in files.iter().enumerate() {
            for (k, m) in f.own.macros.iter().enumerate() {
                macros.entry(m.name.as_str()).or_default().push((i, k));
            }
        }
        let off = files
            .iter()
            .zip(&place)
            .map(|(f, p)| {
                let on: Option<&[String]> = p.as_ref().map(|(c, _)| crates[*c].features.as_slice());
                let Some(on) = on else { return Vec::new() };
                f.own
                    .feature_gates
                    .iter()
                    .filter(|g| on.contains(&g.feature) != g.on)
                    .map(|g| g.lines)
                    .collect()
            })
            .collect();
        let mut ix = Index {
            off,
            paths,
            files,
            crates,
            place,
            modules,
            by_path,
            macros,
            bound: files.iter().map(|f| bound_uses(&f.own.uses)).collect(),
            test_only: HashSet::new(),
            impl_types: Vec::new(),
            trait_names: files
                .iter()
                .flat_map(|f| &f.own.traits)
                .filter(|(_, bodies)| !bodies)
                .map(|(t, _)| t.rsplit("::").next().unwrap_or(t))
                .collect(),
            method_less: foldhash::HashSet::default(),
        };
        for (i, f) in files.iter().enumerate() {
            let Some((c, here)) = &ix.place[i] else {
                continue;
            };
            for name in &f.own.test_mods {
                let mut child = here.clone();
                child.push(name.clone());
                if let Some(m) = ix.module(*c, &child) {
                    ix.test_only.insert(m);
                }
            }
        }
        ix.method_less = method_less(files);
        ix.impl_types = (0..files.len()).map(|g| ix.types_of_impls(g)).collect();
        ix
    }

    /// What of the tree each trait impl of file `g` is for.
    fn types_of_impls(&self, g: usize) -> Vec<ImplFor> {
        let of_tree = |scope: &str, name: &str| match self.name_in(
            g,
            &scoped(scope, name),
            0,
            &mut Visited::default(),
        ) {
            Some(Target::Symbol(f, s)) => {
                let short = s.rsplit("::").next().unwrap_or(&s).to_string();
                Some((f, short))
            }
            _ => None,
        };
        self.files[g]
            .own
            .impls
            .iter()
            .map(|im| {
                let own = im.ty.as_deref().and_then(|t| of_tree(&im.scope, t));
                let types = match own {
                    Some(t) => vec![t],
                    None => im
                        .trait_args
                        .iter()
                        .filter_map(|a| of_tree(&im.scope, a))
                        .collect(),
                };
                let tree_trait = im.trait_path.last().and_then(|t| of_tree(&im.scope, t));
                ImplFor { types, tree_trait }
            })
            .collect()
    }

    /// The names among `names` that are traits of the tree: named only where a type goes (`impl Trait for
    /// X`, a bound), a trait runs nothing.
    fn traits_among(&self, names: &BTreeSet<String>) -> BTreeSet<String> {
        names
            .iter()
            .filter(|n| self.trait_names.contains(n.as_str()))
            .cloned()
            .collect()
    }

    /// True when the item of file `f` at `line` is left out of its crate's default build.
    fn is_off(&self, f: usize, line: u64) -> bool {
        self.off[f].iter().any(|&(a, b)| a <= line && line <= b)
    }

    /// True when trait impl `k` of file `g` is left out of its crate's default build.
    fn impl_off(&self, g: usize, k: usize) -> bool {
        let def = self.files[g].own.impls[k].def;
        self.is_off(g, self.files[g].facts.defs[def].line)
    }

    /// True when `symbol` of file `f` is a struct, enum or union without methods: naming it (a variant in a
    /// pattern, a struct literal) runs no code of its file; only its trait impls can run.
    fn method_less(&self, f: usize, symbol: &str) -> bool {
        let name = symbol.rsplit("::").next().unwrap_or(symbol);
        self.method_less.contains(&(f, name))
    }

    /// True when `t` is a type without methods: code that names it runs nothing of its file.
    fn names_only(&self, t: &Target) -> bool {
        matches!(t, Target::Symbol(f, s) if self.method_less(*f, s))
    }

    /// The first line where a test whose names are `uses` calls a method with a default body of trait `t`
    /// (imported by name, used through its methods: `use bstr::io::BufReadExt;` then `.byte_lines()`).
    fn provided_called(&self, t: &Target, uses: &Uses) -> Option<u64> {
        let Target::Symbol(f, s) = t else {
            return None;
        };
        let (_, methods) = self.files[*f].own.provided.iter().find(|(n, _)| n == s)?;
        methods.iter().filter_map(|m| uses.line(m)).min()
    }

    /// True when `t` is a trait the tree defines.
    fn is_trait(&self, t: &Target) -> bool {
        match t {
            Target::Symbol(f, s) => self.files[*f].own.traits.iter().any(|(x, _)| x == s),
            Target::Module(_) => false,
        }
    }

    /// Resolves a path written in the code of file `from`, inline module `scope`: the names the file binds
    /// first (its items, `use`s, `mod`s), then crates and the crate's modules.
    fn code_path(&self, from: usize, scope: &str, segs: &[String]) -> Option<Target> {
        let first = segs.first()?;
        if matches!(first.as_str(), "crate" | "self" | "super") {
            return self
                .path(from, scope, segs, 0, &mut Visited::default())
                .ok()
                .flatten();
        }
        if let Some(t) = self.walk(from, scope, segs, 0, &mut Visited::default()) {
            return Some(t);
        }
        let bound = self.files[from]
            .own
            .uses
            .iter()
            .any(|u| !u.glob && u.local == *first);
        if bound {
            return None;
        }
        self.path(from, scope, segs, 0, &mut Visited::default())
            .ok()
            .flatten()
    }

    /// The `macro_rules!` macros named `name` that file `from` can call: those of its crate, else of any
    /// crate of the tree.
    fn macros_named(&self, from: usize, name: &str) -> Vec<(usize, usize)> {
        let all = self.macros.get(name).cloned().unwrap_or_default();
        let krate = |f: usize| self.place[f].as_ref().map(|p| p.0);
        let same: Vec<(usize, usize)> = all
            .iter()
            .copied()
            .filter(|&(f, _)| krate(f).is_some() && krate(f) == krate(from))
            .collect();
        if same.is_empty() {
            all
        } else {
            same
        }
    }

    /// Each crate's binary: (package name, its `src/main.rs`).
    fn mains(&self) -> Vec<(&'a str, usize)> {
        self.crates
            .iter()
            .filter_map(|k| {
                let main_rs = join(&k.dir, "src/main.rs");
                let m = *self.by_path.get(main_rs.as_str())?;
                Some((k.package.as_str(), m))
            })
            .collect()
    }

    /// The role of file `i`: test folders count at its crate's top (`tests/`), or anywhere for a file outside
    /// every crate; there a file with tests is a test, others support.
    fn role(&self, i: usize) -> Role {
        let path = &self.paths[i];
        let test_dirs = lang::RUST.test_dirs;
        let on_test_side = match &self.place[i] {
            Some((c, _)) => {
                let dir = &self.crates[*c].dir;
                let rel = if dir.is_empty() {
                    path.as_str()
                } else {
                    &path[dir.len() + 1..]
                };
                test_dirs.iter().any(|t| {
                    rel.strip_prefix(t)
                        .is_some_and(|rest| rest.starts_with('/'))
                })
            }
            None => lang::RUST.test_place(path).in_test_dir,
        };
        if !on_test_side && !self.test_only.contains(&i) {
            Role::Source
        } else if self.files[i].facts.test_functions > 0 {
            Role::Test
        } else {
            Role::Support
        }
    }

    /// The import name of file `i`: `crate::a::b`, or its path outside every crate.
    fn name(&self, i: usize) -> String {
        match &self.place[i] {
            Some((c, segs)) if segs.is_empty() => self.crates[*c].name.clone(),
            Some((c, segs)) => format!("{}::{}", self.crates[*c].name, segs.join("::")),
            None => self.paths[i].clone(),
        }
    }

    /// What file `i` imports (at the line that first does): its `use`s outside test code, crates named in
    /// code (sources only), child modules named in code, paths in code (`crate::debug::Bytes(..)`) and the
    /// files of macros it calls; what it names outside the tree. Its code runs what it imports but the
    /// `use`s whose names its code never uses (re-exports).
    fn links(&self, i: usize, u: &mut Unit) {
        let Parsed { facts, own: f } = &self.files[i];
        let mut runs = Vec::new();
        for item in f.uses.iter().filter(|u| !u.test) {
            match self.path(i, &item.scope, &item.path, 0, &mut Visited::default()) {
                Ok(Some(t)) if t.file() != i => {
                    model::import(&mut u.imports, t.file(), item.line);
                    if self.names_only(&t) {
                        continue;
                    }
                    // A trait is used through its methods, not its name (unless it is re-exported).
                    let trait_in_scope = !item.public && self.is_trait(&t);
                    // A name used only where a type goes runs nothing of its own.
                    let as_value = facts.identifiers.contains_key(&item.local)
                        && !f.code.type_only.contains(&item.local);
                    if item.glob || as_value || trait_in_scope {
                        runs.push(t.file());
                    }
                }
                Ok(_) => {}
                Err(ext) => {
                    if !matches!(ext.as_str(), "std" | "core" | "alloc") {
                        u.external.insert(ext);
                    }
                }
            }
        }
        let mut code = Vec::new();
        // Crates named in code (`my_crate::run()`) need no `use` either.
        if u.role == Role::Source {
            for (c, krate) in self.crates.iter().enumerate() {
                if let Some(&line) = facts.identifiers.get(krate.name.as_str()) {
                    code.extend(self.module(c, &[]).filter(|&r| r != i).map(|r| (r, line)));
                }
            }
        }
        // Child modules named in code (`score::score(m)`) need no `use`.
        if let Some((c, here)) = &self.place[i] {
            for (m, _) in &f.mods {
                let mut child = here.clone();
                child.push(m.clone());
                let file = self
                    .module(*c, &child)
                    .or_else(|| self.sibling_module(i, m));
                code.extend(file.zip(facts.identifiers.get(m).copied()));
            }
        }
        for ((scope, segs), &line) in &f.code.paths {
            let t = self
                .code_path(i, scope, segs)
                .filter(|t| !self.names_only(t));
            code.extend(t.map(|t| (t.file(), line)));
        }
        for (name, &line) in &f.code.macros {
            code.extend(
                self.macros_named(i, name)
                    .into_iter()
                    .filter(|&(g, k)| self.files[g].own.macros[k].has_code)
                    .map(|(g, _)| (g, line)),
            );
        }
        for (g, line) in code.into_iter().filter(|&(g, _)| g != i) {
            model::import(&mut u.imports, g, line);
            runs.push(g);
        }
        u.runtime_imports = runs.into_iter().collect();
    }

    /// Test `t` and the support files it declares as modules (`mod common;`), transitively, each with the line
    /// of the test where it first draws on it (0 for the test itself).
    fn support(&self, t: usize) -> Vec<(usize, u64)> {
        let mut support = vec![(t, 0)];
        let mut k = 0;
        while k < support.len() {
            let (s, at) = support[k];
            for (m, line) in &self.files[s].own.mods {
                if let Some(g) = self.sibling_module(s, m) {
                    if !support.iter().any(|&(x, _)| x == g) {
                        support.push((g, if s == t { *line } else { at }));
                    }
                }
            }
            k += 1;
        }
        support
    }

    /// What test `t` (with its support files) imports and uses: its `use`s, binaries it runs by name
    /// (`cargo_bin("tool")`: their `main`) and crates named in code.
    fn test_facts(&self, t: usize, mains: &[(&str, usize)], u: &mut Unit) {
        let support = self.support(t);
        let files = self.files;
        let mut names = Uses::of(&files[t].facts);
        for &(s, at) in &support[1..] {
            names.lend(&files[s].facts, at);
        }
        let uses = names.without(&self.traits_among(&files[t].own.code.type_only));
        let mut to = Credited {
            credits: Credits::default(),
            seen: HashSet::new(),
            uses: &uses,
            names: &names,
        };
        for &(s, at) in &support {
            for item in &files[s].own.uses {
                let Ok(Some(target)) =
                    self.path(s, &item.scope, &item.path, 0, &mut Visited::default())
                else {
                    continue;
                };
                let line = if s == t { item.line } else { at };
                to.credits.import(target.file(), line);
                let from = if item.glob {
                    Some(line)
                } else {
                    uses.line(&item.local)
                        .or_else(|| self.provided_called(&target, &uses))
                };
                if let Some(from) = from {
                    to.add(self, Some(target), from);
                }
            }
        }
        for &(package, m) in mains {
            let named = support.iter().filter_map(|&(s, at)| {
                let line = *files[s].own.strings.get(package)?;
                Some(if s == t { line } else { at })
            });
            if let Some(line) = named.min() {
                to.credits.import(m, line);
                to.credits.reference(m, "main", line);
            }
        }
        // Paths in code need no `use`: `my_crate::db::open()`.
        for (c, krate) in self.crates.iter().enumerate() {
            if let Some(line) = uses.line(krate.name.as_str()) {
                if let Some(root) = self.module(c, &[]) {
                    to.credits.import(root, line);
                    to.add(self, Some(Target::Module(root)), line);
                }
            }
        }
        let mut usage = Usage::default();
        for &(s, at) in &support {
            let own = &files[s].own;
            let mut of_file = own.code.clone();
            of_file.merge(&own.tests);
            if s != t {
                of_file = from_line(&of_file, at);
            }
            self.credit_usage(s, &of_file, &mut to);
            usage.merge(&of_file);
        }
        let units: Vec<&TestUnit> = support
            .iter()
            .flat_map(|&(s, _)| &files[s].own.test_units)
            .collect();
        self.credit_impls(&usage, &units, &mut to);
        u.credits = to.credits;
    }

    /// Credits what the paths and macro calls of `usage` (code of file `from`) reach: the items a path
    /// names (`shop::cart::Cart::new`), a macro's file and what its body names through `$crate` and the
    /// macros it calls.
    fn credit_usage(&self, from: usize, usage: &Usage, to: &mut Credited) {
        for ((scope, segs), &line) in &usage.paths {
            let target = self.code_path(from, scope, segs);
            if let Some(t) = target.filter(|t| self.role(t.file()) == Role::Source) {
                if t.file() != from {
                    to.credits.import(t.file(), line);
                }
                to.add(self, Some(t), line);
            }
        }
        let mut seen = HashSet::new();
        for (name, &line) in &usage.macros {
            self.credit_macro(from, name, line, &mut seen, to);
        }
    }

    /// Credits macro `name` called from file `from` at `line` (see [`Index::credit_usage`]).
    fn credit_macro(
        &self,
        from: usize,
        name: &str,
        line: u64,
        seen: &mut HashSet<(usize, usize)>,
        to: &mut Credited,
    ) {
        for (g, k) in self.macros_named(from, name) {
            if !seen.insert((g, k)) {
                continue;
            }
            let def = &self.files[g].own.macros[k];
            if def.has_code {
                to.credits.import(g, line);
                to.credits.reference(g, format!("{name}!"), line);
            }
            for p in &def.paths {
                if let Ok(Some(t)) = self.path(g, "", p, 0, &mut Visited::default()) {
                    to.add(self, Some(t), line);
                }
            }
            for call in &def.calls {
                self.credit_macro(g, call, line, seen, to);
            }
        }
    }

    /// Credits the trait impls that test code (its names in `to`, its operators and macros in `usage`) runs:
    /// an impl for a type the test reaches (names, or uses an item of) whose trait it exercises
    /// ([`traits::runs`]).
    fn credit_impls(&self, usage: &Usage, units: &[&TestUnit], to: &mut Credited) {
        let mut reached: HashMap<(usize, &str), u64> = HashMap::new();
        let mut imported: HashMap<usize, u64> = HashMap::new();
        for c in to.credits.iter() {
            let Some(symbol) = c.symbol else {
                if c.kind == EvidenceKind::Import {
                    imported.insert(c.file, c.line);
                }
                continue;
            };
            let ty = symbol.split('.').next().unwrap_or(symbol);
            let ty = ty.rsplit("::").next().unwrap_or(ty);
            let l = reached.entry((c.file, ty)).or_insert(c.line);
            *l = (*l).min(c.line);
        }
        let seen = |(f, name): &(usize, String)| {
            let by_name = to.names.line(name);
            let by_use = reached.get(&(*f, name.as_str())).copied();
            by_name.into_iter().chain(by_use).min()
        };
        let mut found = Vec::new();
        for (g, impls) in self.impl_types.iter().enumerate() {
            for (k, im) in impls.iter().enumerate() {
                if self.impl_off(g, k) {
                    continue;
                }
                // Its type reached, or its trait (named, or its file imported: its methods called).
                let by_type = im.types.iter().filter_map(seen).min();
                let blanket = self.files[g].own.impls[k].blanket;
                let by_trait = im.tree_trait.as_ref().and_then(|t| {
                    let by_import = imported.get(&t.0).copied().filter(|_| !blanket);
                    let by_value = to.uses.line(&t.1);
                    by_value.into_iter().chain(by_import).min()
                });
                let own = &self.files[g].own.impls[k];
                let name = own.trait_path.last().map_or("", String::as_str);
                let method_less =
                    !im.types.is_empty() && im.types.iter().all(|(f, t)| self.method_less(*f, t));
                if im.tree_trait.is_none() && method_less {
                    // A type without methods shows only where a test names it: its impl runs where one
                    // unit of test code names it and uses the trait.
                    let line = units
                        .iter()
                        .filter_map(|u| {
                            let at = im.types.iter().filter_map(|(_, t)| u.names.get(t)).min()?;
                            let names = Uses::from_names(&u.names);
                            let line = traits::runs(name, &own.methods, &names, &u.usage)?;
                            Some(line.max(*at))
                        })
                        .min();
                    if let Some(line) = line {
                        let def = &self.files[g].facts.defs[own.def];
                        found.push((g, def.name.clone(), line));
                    }
                    continue;
                }
                let Some(at) = by_type.into_iter().chain(by_trait).min() else {
                    continue;
                };
                let im = own;
                if let Some(line) = traits::runs(name, &im.methods, to.names, usage) {
                    let def = &self.files[g].facts.defs[im.def];
                    found.push((g, def.name.clone(), line.max(at)));
                }
            }
        }
        for (g, symbol, line) in found {
            to.credits.reference(g, symbol, line);
        }
    }

    /// What source file `i`'s own test code (`#[cfg(test)]` items, doc tests) uses: the file's items its
    /// code names, and what its `use`s, paths and macro calls reach in other files.
    fn self_test_facts(&self, i: usize, u: &mut Unit) {
        let Parsed { facts, own } = &self.files[i];
        let names = Uses::from_names(&own.self_test_identifiers);
        let uses = names.without(&self.traits_among(&own.tests.type_only));
        let mut to = Credited {
            credits: Credits::default(),
            seen: HashSet::new(),
            uses: &uses,
            names: &names,
        };
        for d in &facts.defs {
            let short = d.name.rsplit('.').next().unwrap_or(&d.name);
            if let Some(line) = uses.line(short) {
                if self.method_less(i, &d.name) {
                    to.credits.add(named_only(i, d.name.clone(), line));
                } else {
                    to.credits.reference(i, d.name.clone(), line);
                }
            }
        }
        for item in own.uses.iter().filter(|u| u.test) {
            let Ok(Some(target)) =
                self.path(i, &item.scope, &item.path, 0, &mut Visited::default())
            else {
                continue;
            };
            if target.file() != i {
                to.credits.import(target.file(), item.line);
            }
            let from = if item.glob {
                Some(item.line)
            } else {
                uses.line(&item.local)
                    .or_else(|| self.provided_called(&target, &uses))
            };
            if let Some(from) = from {
                to.add(self, Some(target), from);
            }
        }
        self.credit_usage(i, &own.tests, &mut to);
        let units: Vec<&TestUnit> = own.test_units.iter().collect();
        self.credit_impls(&own.tests, &units, &mut to);
        u.credits = to.credits;
    }

    /// Methods defined beside another file's type run when that type's code runs. Trait impls run when
    /// the code that uses them runs: an impl of a standard trait when its type's code
    /// runs (the file defining `Version` reaches the file of `impl Display for Version`), an impl of a trait
    /// of the tree when the code calling the trait's methods runs, and that code imports the trait's file.
    fn impl_reach(&self, units: &mut [Unit]) {
        // Inherent impls in another file than their type's (`impl Core { fn extract .. }` in extract.rs).
        for (g, f) in self.files.iter().enumerate() {
            let types: BTreeSet<&str> = f
                .facts
                .defs
                .iter()
                .filter(|d| d.kind == SymbolKind::Method)
                .filter_map(|d| d.name.split_once('.').map(|(t, _)| t))
                .collect();
            // A type defined in the file itself needs no look-up.
            let here: HashSet<&str> = f
                .facts
                .defs
                .iter()
                .filter(|d| d.kind == SymbolKind::Class)
                .map(|d| d.name.as_str())
                .collect();
            for ty in types.into_iter().filter(|ty| !here.contains(ty)) {
                if let Some(Target::Symbol(owner, _)) =
                    self.name_in(g, ty, 0, &mut Visited::default())
                {
                    if owner != g && units[owner].role == Role::Source {
                        units[owner].runtime_imports.insert(g);
                    }
                }
            }
        }
        for (g, impls) in self.impl_types.iter().enumerate() {
            for (k, im) in impls.iter().enumerate() {
                if self.impl_off(g, k) {
                    continue;
                }
                let from: Vec<usize> = match &im.tree_trait {
                    Some((f, _)) => vec![*f],
                    None => im.types.iter().map(|(f, _)| *f).collect(),
                };
                for f in from {
                    if f != g && units[f].role == Role::Source {
                        units[f].runtime_imports.insert(g);
                    }
                }
            }
        }
    }
}

/// The structs, enums and unions of `files` without methods (see `Index::method_less`).
fn method_less<'a>(files: &'a [Parsed<RsFile>]) -> foldhash::HashSet<(usize, &'a str)> {
    let short = |s: &'a str| s.rsplit("::").next().unwrap_or(s);
    let with_methods: foldhash::HashSet<&str> = files
        .iter()
        .flat_map(|f| {
            let methods = f.facts.defs.iter().filter_map(|d| {
                let ty = d.name.split_once('.')?.0;
                (d.kind == SymbolKind::Method).then(|| short(ty))
            });
            methods.chain(f.own.macro_args.iter().map(String::as_str))
        })
        .collect();
    let mut out = foldhash::HashSet::default();
    for (i, f) in files.iter().enumerate() {
        let traits: Vec<&str> = f.own.traits.iter().map(|(t, _)| short(t)).collect();
        for d in f.facts.defs.iter().filter(|d| d.kind == SymbolKind::Class) {
            let name = short(&d.name);
            if !with_methods.contains(name) && !traits.contains(&name) {
                out.insert((i, name));
            }
        }
    }
    out
}

/// The `use`s among `uses` that bind names of a module: outside test code, each (scope, path, glob, name)
/// once, in file order.
fn bound_uses(uses: &[super::parse::UseItem]) -> Vec<usize> {
    let mut seen = HashSet::new();
    (0..uses.len())
        .filter(|&k| {
            let u = &uses[k];
            !u.test && seen.insert((&u.scope, &u.path, u.glob, &u.local))
        })
        .collect()
}

/// The credit of a test that names `symbol` of `file`, a type without methods, at `line`: an import that
/// names it (the symbol counts as used, the test is no direct test of the file).
fn named_only(file: usize, symbol: String, line: u64) -> Credit {
    Credit {
        file,
        kind: EvidenceKind::Import,
        symbol: Some(symbol),
        line,
        detail: None,
    }
}

/// `usage` as code of a support file that a test first draws on at line `at`: every line is `at`.
fn from_line(usage: &Usage, at: u64) -> Usage {
    Usage {
        paths: usage.paths.keys().map(|k| (k.clone(), at)).collect(),
        macros: usage.macros.keys().map(|k| (k.clone(), at)).collect(),
        signals: usage.signals.keys().map(|k| (k.clone(), at)).collect(),
        type_only: usage.type_only.clone(),
    }
}

/// Units for Rust files `paths` (sorted) with their parsed `files`; indices are into `paths`.
pub fn analyze(paths: &[String], files: &[Parsed<RsFile>], crates: &[Crate]) -> Vec<Unit> {
    let ix = Index::new(paths, files, crates);
    let mains = ix.mains();
    let mut units: Vec<Unit> = (0..paths.len())
        .map(|i| {
            let mut u = Unit::new(ix.role(i), ix.name(i));
            ix.links(i, &mut u);
            if u.role == Role::Test {
                ix.test_facts(i, &mains, &mut u);
            } else if u.role == Role::Source && files[i].facts.test_functions > 0 {
                ix.self_test_facts(i, &mut u);
            }
            if let Some(marker) = &files[i].own.generated {
                u.not_product = Some(NotProduct {
                    reason: "generated",
                    detail: marker.clone(),
                });
            }
            u
        })
        .collect();
    ix.impl_reach(&mut units);
    units
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rust::parse::parse;

    fn run(files: &[(&str, &str)], crates: &[Crate]) -> (Vec<String>, Vec<Unit>) {
        let mut files = files.to_vec();
        files.sort();
        let paths: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
        let parsed: Vec<Parsed<RsFile>> = files.iter().map(|(_, t)| parse(t)).collect();
        let units = analyze(&paths, &parsed, crates);
        (paths, units)
    }

    use crate::model::refs_of as refs;

    #[test]
    fn crate_names_from_manifests() {
        assert_eq!(
            crate_name("[package]\nname = \"my-crate\"\nversion = \"1\"\n").as_deref(),
            Some("my_crate")
        );
        assert_eq!(crate_name("[workspace]\nmembers = [\"a\"]\n"), None);
    }

    #[test]
    fn integration_tests_reach_items_through_use_and_reexports() {
        let crates = [Crate {
            dir: String::new(),
            name: "shop".into(),
            package: "shop".into(),
            features: Vec::new(),
        }];
        let (paths, u) = run(
            &[
                ("src/lib.rs", "pub mod cart;\nmod money;\npub use money::round;\n"),
                ("src/cart/mod.rs", "pub mod item;\npub struct Cart;\nimpl Cart {\n    pub fn new() -> Cart { Cart }\n    pub fn add(&mut self) {}\n    pub fn total(&self) -> u32 { crate::round(1) }\n}\n"),
                ("src/cart/item.rs", "pub fn price() -> u32 { 1 }\n"),
                ("src/money.rs", "pub fn round(x: u32) -> u32 { x }\n#[cfg(test)]\nmod tests {\n    use super::*;\n    #[test]\n    fn rounds() { assert_eq!(round(1), 1); }\n}\n"),
                ("tests/cart.rs", "use shop::cart::Cart;\nmod common;\n\n#[test]\nfn adds() {\n    let mut c = Cart::new();\n    c.add();\n    assert_eq!(shop::round(2), common::two());\n}\n"),
                ("tests/common/mod.rs", "pub fn two() -> u32 { 2 }\n"),
            ],
            &crates,
        );
        let test = paths.iter().position(|p| p == "tests/cart.rs").unwrap();
        assert_eq!(u[test].role, Role::Test);
        assert_eq!(
            refs(&paths, &u[test]),
            [
                "src/cart/mod.rs:Cart",
                "src/cart/mod.rs:Cart.add",
                "src/cart/mod.rs:Cart.new",
                "src/money.rs:round"
            ]
        );
        let common = paths
            .iter()
            .position(|p| p == "tests/common/mod.rs")
            .unwrap();
        assert_eq!(u[common].role, Role::Support);
        let money = paths.iter().position(|p| p == "src/money.rs").unwrap();
        assert_eq!(u[money].role, Role::Source);
        assert_eq!(
            refs(&paths, &u[money]),
            ["src/money.rs:round"],
            "its own #[cfg(test)] module uses it"
        );
        assert_eq!(u[money].name, "shop::money");
    }

    #[test]
    fn manifests_are_read_as_toml() {
        assert_eq!(
            package_name("[package]\nname = \"word-count\" # the CLI\nversion = \"1\"\n")
                .as_deref(),
            Some("word-count")
        );
        assert_eq!(
            package_name("[package]\nversion = \"1\"\n\n[[bin]]\nname = \"tool\"\n"),
            None,
            "a [[bin]] name is not the package's"
        );
        assert_eq!(package_name("[package\nname = \"x\""), None);
    }

    #[test]
    fn tests_reach_items_of_inline_modules() {
        let crates = [Crate {
            dir: String::new(),
            name: "cell".into(),
            package: "cell".into(),
            features: Vec::new(),
        }];
        let (paths, u) = run(
            &[
                ("src/lib.rs", "mod imp;\n\npub mod sync {\n    pub use crate::imp::Guard;\n\n    pub struct Lazy;\n\n    impl Lazy {\n        pub fn new() -> Self { Lazy }\n        pub fn force(&self) {}\n    }\n\n    pub fn helper() {}\n}\n\npub mod unsync {\n    pub struct Lazy;\n}\n"),
                ("src/imp.rs", "pub struct Guard;\nimpl Guard {\n    pub fn release(self) {}\n}\n"),
                ("tests/lazy.rs", "use cell::sync::Lazy;\nuse cell::sync;\n\n#[test]\nfn lazy() {\n    let l = Lazy::new();\n    sync::helper();\n    let _g: sync::Guard;\n}\n"),
            ],
            &crates,
        );
        let test = paths.iter().position(|p| p == "tests/lazy.rs").unwrap();
        assert_eq!(
            refs(&paths, &u[test]),
            [
                "src/imp.rs:Guard",
                "src/lib.rs:sync::Lazy",
                "src/lib.rs:sync::Lazy.new",
                "src/lib.rs:sync::helper"
            ]
        );
        let lib = paths.iter().position(|p| p == "src/lib.rs").unwrap();
        let imp = paths.iter().position(|p| p == "src/imp.rs").unwrap();
        assert!(
            u[lib].imports.get(&imp) == Some(&4),
            "sync's pub use is an import of lib.rs"
        );
    }
}
