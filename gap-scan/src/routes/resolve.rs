//! Following route declarations across files: names to the files that define them (imports, re-exports,
//! JavaScript default exports), string constants to their values, routers to the prefixes they are
//! included under, Django URLconfs to theirs with their namespaces.

use std::collections::HashMap;

use super::declare::{plain, RouterDecl, UrlDecl};
use super::syntax::{Expr, Part};
use super::{pattern, table, FileRoutes, Route};
use crate::model::{join, parent};
use crate::units::Record;

/// A router: the file it is built in and its variable.
pub type Key = (usize, String);

/// An include of a router: the router including it (if gap knows it), its prefix, the file saying so.
type Edge<'a> = (Option<Key>, Option<&'a Expr>, usize);

/// An include of a Django URLconf: the URLconf including it, the pattern including it, its namespace.
type ConfParent<'a> = (usize, &'a UrlDecl, Option<String>);

/// Most prefixes one router collects (a router included in many places).
const MAX_PREFIXES: usize = 16;

/// How deep includes and re-exports are followed.
const MAX_DEPTH: usize = 8;

/// The tree's files as the route stage needs them.
pub struct Index<'a> {
    records: &'a [Record],
    files: Vec<Option<&'a FileRoutes>>,
    modules: HashMap<&'a str, usize>,
    paths: HashMap<&'a str, usize>,
    consts: HashMap<&'a str, Vec<(usize, &'a Expr)>>,
    /// Router -> (the router including it, if known, and the prefix).
    edges: HashMap<Key, Vec<Edge<'a>>>,
    /// Django URLconf file -> (the URLconf including it, the route it is included under, its namespace).
    conf_parents: HashMap<usize, Vec<ConfParent<'a>>>,
    /// The URLconfs `ROOT_URLCONF` names, when the tree sets it: other URLconfs nobody includes get an open
    /// prefix (they are included where gap cannot see, as a plugin's).
    root_confs: Option<Vec<usize>>,
}

impl<'a> Index<'a> {
    /// The index of `records` with their route facts `files` (by path).
    pub fn new(records: &'a [Record], files: &'a HashMap<String, FileRoutes>) -> Self {
        let mut index = Index {
            records,
            files: records.iter().map(|r| files.get(&r.path)).collect(),
            modules: HashMap::new(),
            paths: records
                .iter()
                .enumerate()
                .map(|(i, r)| (r.path.as_str(), i))
                .collect(),
            consts: HashMap::new(),
            edges: HashMap::new(),
            conf_parents: HashMap::new(),
            root_confs: None,
        };
        for (i, r) in records.iter().enumerate() {
            if r.lang.id == "python" {
                let e = index.modules.entry(r.unit.name.as_str()).or_insert(i);
                if !records[*e].is_source() && r.is_source() {
                    *e = i;
                }
            }
        }
        for (i, f) in index.files.iter().enumerate() {
            let Some(f) = f else { continue };
            if !records[i].is_source() {
                continue;
            }
            for (n, v) in &f.declared.consts {
                index.consts.entry(n.as_str()).or_default().push((i, v));
            }
        }
        let mut edges: HashMap<Key, Vec<Edge>> = HashMap::new();
        let mut conf_parents: HashMap<usize, Vec<ConfParent>> = HashMap::new();
        for (i, f) in index.files() {
            for inc in &f.declared.includes {
                let Expr::Name(child) = &inc.child else {
                    continue;
                };
                let Some(child) = index.router_key(i, child) else {
                    continue;
                };
                let parent = if inc.parent.is_empty() {
                    None
                } else {
                    index.router_key(i, &inc.parent)
                };
                edges
                    .entry(child)
                    .or_default()
                    .push((parent, inc.prefix.as_ref(), i));
            }
            for u in &f.declared.urls {
                let Expr::Call(c) = &u.view else { continue };
                if c.name() != table::DJANGO_INCLUDE {
                    continue;
                }
                let (target, namespace) = match c.positional(0) {
                    Some(Expr::List(items)) => {
                        (items.first().and_then(plain), items.get(1).and_then(plain))
                    }
                    Some(e) => (plain(e), None),
                    None => (None, None),
                };
                let namespace = c.keyword("namespace").and_then(plain).or(namespace);
                if let Some(m) = target.and_then(|t| index.modules.get(t.as_str()).copied()) {
                    conf_parents.entry(m).or_default().push((i, u, namespace));
                }
            }
        }
        index.edges = edges;
        index.conf_parents = conf_parents;
        index.root_confs = index.consts.get(table::DJANGO_ROOT_URLCONF).map(|defs| {
            defs.iter()
                .filter_map(|(_, v)| index.modules.get(plain(v)?.as_str()).copied())
                .collect()
        });
        index
    }

    /// The module a dotted string names (`pkg.mod`), or the module and the top-level definition it names
    /// (`pkg.mod.Class`, followed through the module's imports to the module defining it).
    pub fn dotted(&self, target: &str) -> Option<(usize, Option<String>)> {
        if let Some(&m) = self.modules.get(target) {
            return Some((m, None));
        }
        let (module, name) = target.rsplit_once('.')?;
        let m = *self.modules.get(module)?;
        let (g, chain) = self.resolve(m, &[name.to_string()])?;
        let defines = |g: usize, n: &str| {
            crate::model::top_level_names(&self.records[g].facts.defs).any(|d| d == n)
        };
        match chain.as_slice() {
            [n] if defines(g, n) => Some((g, Some(n.clone()))),
            _ => Some((m, None)),
        }
    }

    /// The source files with route facts, by record.
    pub fn files(&self) -> impl Iterator<Item = (usize, &'a FileRoutes)> + '_ {
        self.files
            .iter()
            .enumerate()
            .filter(|(i, _)| self.records[*i].is_source())
            .filter_map(|(i, f)| Some((i, (*f)?)))
    }

    /// The router built at `key`.
    pub fn router(&self, key: &Key) -> Option<&'a RouterDecl> {
        self.files[key.0]?
            .declared
            .routers
            .iter()
            .find(|r| r.var == key.1)
    }

    /// The router the dotted name `chain` of file `f` stands for.
    pub fn router_key(&self, f: usize, chain: &[String]) -> Option<Key> {
        let (file, rest) = self.resolve(f, chain)?;
        let key = (file, rest.first()?.clone());
        (rest.len() == 1 && self.router(&key).is_some()).then_some(key)
    }

    /// The file and the names within it that the dotted name `chain` of file `f` stands for, following
    /// imports and re-exports; names no import binds are the file's own.
    pub fn resolve(&self, f: usize, chain: &[String]) -> Option<(usize, Vec<String>)> {
        self.resolve_at(f, chain, 0)
    }

    fn resolve_at(&self, f: usize, chain: &[String], depth: usize) -> Option<(usize, Vec<String>)> {
        let Some(file) = self.files[f] else {
            return Some((f, chain.to_vec()));
        };
        if chain.is_empty() || depth > MAX_DEPTH {
            return Some((f, chain.to_vec()));
        }
        let python = self.records[f].lang.id == "python";
        for k in (1..=chain.len()).rev() {
            let local = chain[..k].join(".");
            let Some(imp) = file
                .declared
                .imports
                .iter()
                .rev()
                .find(|i| i.local == local)
            else {
                continue;
            };
            let rest = &chain[k..];
            let (target, name) = if python {
                let module = self.absolute(f, &imp.module, imp.level)?;
                if let Some(n) = &imp.name {
                    if let Some(&sub) = self
                        .modules
                        .get(format!("{module}.{n}").trim_start_matches('.'))
                    {
                        return Some((sub, rest.to_vec()));
                    }
                }
                (*self.modules.get(module.as_str())?, imp.name.clone())
            } else {
                let target = self.js_file(f, &imp.module)?;
                let default = || self.files[target].and_then(|t| t.declared.default_export.clone());
                let name = match imp.name.as_deref() {
                    Some("default") => default(),
                    // `require('./x')` used whole: what the module exports (`module.exports = router`).
                    None if rest.is_empty() => default(),
                    other => other.map(String::from),
                };
                (target, name)
            };
            let Some(n) = name else {
                return Some((target, rest.to_vec()));
            };
            let mut next = vec![n.clone()];
            next.extend(rest.iter().cloned());
            let reexported = self.files[target].is_some_and(|t| {
                t.declared.imports.iter().any(|i| i.local == n)
                    && !t.declared.routers.iter().any(|r| r.var == n)
            });
            return if reexported {
                self.resolve_at(target, &next, depth + 1)
            } else {
                Some((target, next))
            };
        }
        Some((f, chain.to_vec()))
    }

    /// The dotted module a relative import of `level` dots from file `f` names.
    fn absolute(&self, f: usize, module: &str, level: u32) -> Option<String> {
        if level == 0 {
            return Some(module.to_string());
        }
        let r = &self.records[f];
        let mut parts: Vec<&str> = r.unit.name.split('.').collect();
        let drop = if r.path.ends_with("__init__.py") {
            level as usize - 1
        } else {
            level as usize
        };
        parts.truncate(parts.len().checked_sub(drop)?);
        if !module.is_empty() {
            parts.push(module);
        }
        Some(parts.join("."))
    }

    /// The file a relative JavaScript specifier of file `f` names.
    fn js_file(&self, f: usize, spec: &str) -> Option<usize> {
        if !spec.starts_with('.') {
            return None;
        }
        let mut parts: Vec<&str> = Vec::new();
        let joined = join(parent(&self.records[f].path), spec);
        for seg in joined.split('/') {
            match seg {
                "." | "" => {}
                ".." => {
                    parts.pop()?;
                }
                s => parts.push(s),
            }
        }
        let base = parts.join("/");
        let stem = base
            .strip_suffix(".js")
            .or_else(|| base.strip_suffix(".mjs"))
            .unwrap_or(&base);
        std::iter::once(base.clone())
            .chain(
                ["ts", "tsx", "js", "jsx", "mjs", "cjs"]
                    .iter()
                    .flat_map(|e| [format!("{stem}.{e}"), format!("{base}/index.{e}")]),
            )
            .find_map(|p| self.paths.get(p.as_str()).copied())
    }

    /// The value of `e` in file `f` as string parts, constants replaced by their values; `None` when it is
    /// not a string.
    pub fn eval(&self, f: usize, e: &Expr) -> Option<Vec<Part>> {
        self.eval_at(f, e, 0)
    }

    fn eval_at(&self, f: usize, e: &Expr, depth: usize) -> Option<Vec<Part>> {
        match e {
            Expr::Str(parts) => Some(
                parts
                    .iter()
                    .flat_map(|p| match p {
                        Part::Expr(x) => self
                            .constant(f, x.rsplit('.').next().unwrap_or(x), depth)
                            .unwrap_or_else(|| vec![p.clone()]),
                        t => vec![t.clone()],
                    })
                    .collect(),
            ),
            Expr::Name(n) => Some(
                self.constant(f, n.last()?, depth)
                    .unwrap_or_else(|| vec![Part::Expr(n.join("."))]),
            ),
            _ => None,
        }
    }

    /// The value of constant `name` seen from file `f`: its own definition, else the one value the tree
    /// gives it.
    fn constant(&self, f: usize, name: &str, depth: usize) -> Option<Vec<Part>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let defs = self.consts.get(name)?;
        let value = match defs.iter().find(|(i, _)| *i == f) {
            Some((_, v)) => *v,
            None => {
                if defs.iter().any(|(_, v)| *v != defs[0].1) {
                    return None;
                }
                defs[0].1
            }
        };
        let owner = defs.iter().find(|(_, v)| *v == value).map_or(f, |d| d.0);
        self.eval_at(owner, value, depth + 1)
    }

    /// The full prefixes of the routes of router `key` (its receiver named `receiver` when gap does not know
    /// the router): the prefixes of every chain of includes above it. A router nobody is seen to include
    /// gets an open prefix (it matches the end of a URL); an app, or an unknown receiver named `app`, is a
    /// root.
    pub fn prefixes(
        &self,
        key: Option<&Key>,
        receiver: Option<&str>,
    ) -> Vec<super::matching::Pattern> {
        match key {
            Some(k) if self.router(k).is_some() => self.chains(k, 0),
            _ => vec![super::matching::Pattern {
                segs: Vec::new(),
                open: receiver != Some("app"),
            }],
        }
    }

    fn chains(&self, k: &Key, depth: usize) -> Vec<super::matching::Pattern> {
        let Some(r) = self.router(k) else {
            return vec![Default::default()];
        };
        let mut own = r
            .prefix
            .as_ref()
            .and_then(|e| self.eval(k.0, e))
            .map(|p| pattern(&p, true))
            .unwrap_or_default();
        let edges = self.edges.get(k).map(Vec::as_slice).unwrap_or_default();
        if edges.is_empty() || depth > MAX_DEPTH {
            own.open |= !r.app && edges.is_empty();
            return vec![own];
        }
        let mut out = Vec::new();
        for (parent, prefix, at) in edges {
            let prefix = prefix
                .and_then(|e| self.eval(*at, e))
                .map(|p| pattern(&p, true))
                .unwrap_or_default();
            let above = match parent {
                Some(p) if p != k => self.chains(p, depth + 1),
                _ => vec![Default::default()],
            };
            for a in above {
                let full = a.join(&prefix).join(&own);
                if !out.contains(&full) {
                    out.push(full);
                }
            }
        }
        out.truncate(MAX_PREFIXES);
        out
    }

    /// The prefixes of Django URLconf `f` with its namespaces: one per chain of `include()`s above it.
    fn conf_prefixes(
        &self,
        f: usize,
        depth: usize,
    ) -> Vec<(super::matching::Pattern, Vec<String>)> {
        let own_ns = self.files[f].and_then(|x| x.declared.app_name.clone());
        let parents = self
            .conf_parents
            .get(&f)
            .map(Vec::as_slice)
            .unwrap_or_default();
        if parents.is_empty() || depth > MAX_DEPTH {
            let prefix = super::matching::Pattern {
                segs: Vec::new(),
                open: parents.is_empty()
                    && self.root_confs.as_ref().is_some_and(|r| !r.contains(&f)),
            };
            return vec![(prefix, own_ns.into_iter().collect())];
        }
        let mut out = Vec::new();
        for (p, u, ns) in parents {
            if *p == f {
                continue;
            }
            let route = self.url_pattern(*p, u);
            for (prefix, mut names) in self.conf_prefixes(*p, depth + 1) {
                if let Some(n) = ns.clone().or_else(|| own_ns.clone()) {
                    names.push(n);
                }
                out.push((prefix.join(&route), names));
            }
        }
        out.truncate(MAX_PREFIXES);
        if out.is_empty() {
            out.push((Default::default(), own_ns.into_iter().collect()));
        }
        out
    }

    /// The pattern of one `path()` or `re_path()` route of file `f`.
    fn url_pattern(&self, f: usize, u: &UrlDecl) -> super::matching::Pattern {
        let parts = self.eval(f, &u.route).unwrap_or_default();
        if u.regex {
            let text: String = parts
                .iter()
                .map(|p| match p {
                    Part::Text(t) => t.clone(),
                    Part::Expr(_) => super::HOLE.to_string(),
                })
                .collect();
            super::matching::Pattern::of_regex(&text)
        } else {
            pattern(&parts, true)
        }
    }

    /// The view a Django view expression stands for: (file, name).
    fn view(&self, f: usize, e: &Expr) -> Option<(usize, String)> {
        let chain = match e {
            Expr::Call(c) if c.name() == "as_view" => c.callee[..c.callee.len() - 1].to_vec(),
            Expr::Name(n) => n.clone(),
            _ => return None,
        };
        let (file, rest) = self.resolve(f, &chain)?;
        Some((file, rest.first()?.clone()))
    }

    /// The routes of Django URLconf `f`: its `path()`s and its DRF router's registrations.
    pub fn django_routes(&self, f: usize) -> Vec<Route> {
        let Some(file) = self.files[f] else {
            return Vec::new();
        };
        let d = &file.declared;
        if d.urls.is_empty() && d.registers.is_empty() {
            return Vec::new();
        }
        let prefixes = self.conf_prefixes(f, 0);
        let name = |ns: &[String], n: &str| {
            let mut v = ns.to_vec();
            v.push(n.to_string());
            v.join(":")
        };
        let mut out = Vec::new();
        for u in &d.urls {
            if matches!(&u.view, Expr::Call(c) if c.name() == table::DJANGO_INCLUDE) {
                continue;
            }
            let own = self.url_pattern(f, u);
            let handler = self.view(f, &u.view);
            for (prefix, ns) in &prefixes {
                out.push(Route {
                    declared_in: f,
                    handler: handler.clone(),
                    methods: Vec::new(),
                    pattern: prefix.join(&own),
                    names: u.name.iter().map(|n| name(ns, n)).collect(),
                });
            }
        }
        // Where the DRF router's URLs are included in this URLconf (`path('', include(router.urls))`).
        let router_at = d
            .urls
            .iter()
            .find(|u| {
                matches!(&u.view, Expr::Call(c) if c.name() == table::DJANGO_INCLUDE
                    && matches!(c.positional(0), Some(Expr::Name(n)) if n.last().is_some_and(|l| l == "urls")))
            })
            .map(|u| self.url_pattern(f, u))
            .unwrap_or_default();
        for r in &d.registers {
            let handler = self.view(f, &r.viewset);
            let base = r.basename.clone().or_else(|| {
                let class = handler.as_ref().map(|h| h.1.clone())?;
                let stem = table::DRF_VIEWSET_SUFFIXES
                    .iter()
                    .find_map(|s| class.strip_suffix(s).filter(|x| !x.is_empty()))
                    .unwrap_or(&class);
                Some(stem.to_ascii_lowercase())
            });
            let Some(prefix_parts) = self.eval(f, &r.prefix) else {
                continue;
            };
            let own = pattern(&prefix_parts, true);
            for (suffix, extra) in table::DRF_ROUTES {
                let tail = super::matching::Pattern::of_route(extra);
                for (prefix, ns) in &prefixes {
                    out.push(Route {
                        declared_in: f,
                        handler: handler.clone(),
                        methods: Vec::new(),
                        pattern: prefix.join(&router_at).join(&own).join(&tail),
                        names: base
                            .iter()
                            .map(|b| name(ns, &format!("{b}-{suffix}")))
                            .collect(),
                    });
                }
            }
        }
        out
    }
}
