//! Endpoints exercised over HTTP: the routes a tree declares (FastAPI/Starlette, Flask, Django and DRF,
//! Express/Koa) matched with the URLs and route names its tests call through a test client, as `http`
//! evidence of the handler's module; the app a test client is built from is reached by the tests using it;
//! Django-style `<app>/tests/test_views.py` gives its app's `views.py` `convention` evidence when the
//! framework builds the URLs out of sight. What else a request runs is credited too: the methods of the view
//! class and of the base classes it inherits them from, the code Django settings name for every request
//! ([`settings`]), and the template tag libraries of views that render templates. The tables are data
//! ([`table`]); the rules are in [`matching`].

pub mod calls;
pub mod declare;
pub mod matching;
mod resolve;
pub mod settings;
pub mod syntax;
pub mod table;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use gap_core::{Config, EvidenceKind, HttpUnmatched};

use crate::model::{parent, Credit, Role};
use crate::sources::Source;
use crate::units::Record;
use calls::Called;
use declare::Declared;
use matching::{Pattern, HOLE};
use resolve::Index;
use syntax::{Expr, Part, Syntax};

/// The route tables of a scan: the built-in rows and gap.toml's `[routes]` names, compiled once.
#[derive(Debug, Clone)]
pub struct Tables {
    routers: Vec<table::RouterRow>,
    declares: Vec<String>,
    clients: Vec<String>,
}

impl Tables {
    /// The built-in tables extended with `config`'s `[routes]`.
    pub fn new(config: &Config) -> Tables {
        let mut routers = table::routers();
        for ctor in &config.routes.routers {
            for syntax in [Syntax::Python, Syntax::Js] {
                routers.push(table::RouterRow {
                    ctor: ctor.clone(),
                    syntax,
                    prefix: Some("prefix"),
                    name_at: None,
                    app: false,
                });
            }
        }
        Tables {
            routers,
            declares: config.routes.declare.clone(),
            clients: config.routes.clients.clone(),
        }
    }

    /// Words whose presence makes a file worth reading for routes or client calls.
    fn triggers(&self) -> Vec<&str> {
        let mut t: Vec<&str> = vec![
            ".get(",
            ".post(",
            ".put(",
            ".patch(",
            ".delete(",
            ".head(",
            ".options(",
            "route",
            "Router",
            "Blueprint",
            "path(",
            "url(",
            ".register(",
            "reverse",
            "url_for",
            "Client",
            "client",
            ".use(",
            ".mount(",
            "include",
            "request(",
            "supertest",
            "Transport",
            "MIDDLEWARE",
            "AUTHENTICATION_BACKENDS",
            "REST_FRAMEWORK",
            "context_processors",
        ];
        t.extend(self.declares.iter().map(String::as_str));
        t.extend(self.clients.iter().map(String::as_str));
        t.extend(self.routers.iter().map(|r| r.ctor.as_str()));
        t
    }
}

/// What one file holds for the route tables.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct FileRoutes {
    /// Its declarations.
    pub declared: Declared,
    /// Its calls.
    pub called: Called,
}

/// The syntax of a source's language, for the languages the tables cover.
fn syntax_of(source: &Source) -> Option<Syntax> {
    match source.lang.id {
        "python" => Some(Syntax::Python),
        "javascript" => Some(Syntax::Js),
        _ => None,
    }
}

/// The sources of languages the tables cover (indices into `sources`), with their syntax.
fn with_syntax(sources: &[Source]) -> Vec<(usize, Syntax)> {
    sources
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((i, syntax_of(s)?)))
        .collect()
}

/// Reads one file.
fn read_one(text: &str, syntax: Syntax, tables: &Tables) -> FileRoutes {
    let toks = syntax::tokens(text, syntax);
    let sites = declare::calls(&toks, syntax);
    FileRoutes {
        declared: declare::read(&toks, syntax, &sites, &tables.routers, &tables.declares),
        called: calls::read(&toks, syntax, &sites, &tables.clients),
    }
}

/// Reads the sources that can hold routes or client calls (by a quick look for the tables' words), then
/// the ones defining constants those need; by path.
pub fn read(sources: &[Source], tables: &Tables) -> HashMap<String, FileRoutes> {
    let triggers = AnyOf::new(tables.triggers());
    let wanted = with_syntax(sources);
    let first: Vec<Option<FileRoutes>> = crate::parallel::map(&wanted, |&(i, syntax)| {
        let text = sources[i].text.as_str();
        triggers
            .in_text(text)
            .then(|| read_one(text, syntax, tables))
    });
    let mut out: HashMap<String, FileRoutes> = HashMap::new();
    let mut needed: BTreeSet<String> = BTreeSet::new();
    for ((i, _), f) in wanted.iter().zip(first) {
        if let Some(f) = f {
            f.needed_names(&mut needed);
            out.insert(sources[*i].path.clone(), f);
        }
    }
    // Files defining the constants those files use (a settings class, a module of constants).
    let rest: Vec<(usize, Syntax)> = wanted
        .into_iter()
        .filter(|(i, _)| !out.contains_key(&sources[*i].path))
        .collect();
    let needed = AnyOf::new(needed.iter().map(String::as_str));
    let second = crate::parallel::map(&rest, |&(i, syntax)| {
        let text = sources[i].text.as_str();
        needed.in_text(text).then(|| read_one(text, syntax, tables))
    });
    for ((i, _), f) in rest.iter().zip(second) {
        if let Some(f) = f {
            out.insert(sources[*i].path.clone(), f);
        }
    }
    out
}

/// One file's route facts as a shard document carries them (docs/schema.md, "Shard documents"): a shard cannot
/// know which constants the other shards' files need, so a file the quick look passes over carries its facts
/// and its words, and the merge takes it when it holds a needed name, as [`read`]'s second pass does.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ShardRoutes {
    /// The quick look took it (the first pass of [`read`]).
    pub first: bool,
    /// Its facts.
    pub facts: FileRoutes,
    /// For a file of the second pass: its words (runs of characters that can make a name), sorted, each
    /// once; a needed name is in the file's text exactly when it is in one of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<String>,
}

/// The route facts of `sources` (the files of one shard) as [`merge_shards`] needs them, by path.
pub fn read_shard(sources: &[Source], tables: &Tables) -> HashMap<String, ShardRoutes> {
    let triggers = AnyOf::new(tables.triggers());
    let wanted = with_syntax(sources);
    let read = crate::parallel::map(&wanted, |&(i, syntax)| {
        let text = sources[i].text.as_str();
        let first = triggers.in_text(text);
        let facts = read_one(text, syntax, tables);
        if first {
            return Some(ShardRoutes {
                first,
                facts,
                words: Vec::new(),
            });
        }
        let empty = facts.declared == Declared::default() && facts.called == Called::default();
        (!empty).then(|| ShardRoutes {
            first,
            facts,
            words: words(text),
        })
    });
    wanted
        .iter()
        .zip(read)
        .filter_map(|((i, _), r)| Some((sources[*i].path.clone(), r?)))
        .collect()
}

/// The words of `text`: maximal runs of letters, digits, `_`, `$` and non-ASCII characters, sorted, each once.
fn words(text: &str) -> Vec<String> {
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$' || !c.is_ascii();
    let mut out: Vec<String> = text
        .split(|c: char| !word(c))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The route facts [`read`] gives for the whole tree, from the shards' facts (`files`, by path): the files of
/// the first pass, and those of the second that hold a name the first ones need.
pub fn merge_shards(files: HashMap<String, ShardRoutes>) -> HashMap<String, FileRoutes> {
    let mut needed: BTreeSet<String> = BTreeSet::new();
    for f in files.values().filter(|f| f.first) {
        f.facts.needed_names(&mut needed);
    }
    files
        .into_iter()
        .filter(|(_, f)| {
            f.first
                || needed
                    .iter()
                    .any(|n| f.words.iter().any(|w| w.contains(n.as_str())))
        })
        .map(|(path, f)| (path, f.facts))
        .collect()
}

/// Whether a text holds any of a set of words, found in one pass over the text (a file is searched for some
/// thirty trigger words, then for every constant name the routes need): with SIMD (Teddy) for up to 64
/// words, else with an automaton.
struct AnyOf<'a> {
    packed: Option<aho_corasick::packed::Searcher>,
    automaton: Option<aho_corasick::AhoCorasick>,
    words: Vec<&'a str>,
}

impl<'a> AnyOf<'a> {
    fn new(words: impl IntoIterator<Item = &'a str>) -> AnyOf<'a> {
        let words: Vec<&str> = words.into_iter().collect();
        let packed = aho_corasick::packed::Searcher::new(&words);
        // Building fails only past the automaton's size limits; then each word is searched for in turn.
        let automaton = packed
            .is_none()
            .then(|| aho_corasick::AhoCorasick::new(&words).ok())
            .flatten();
        AnyOf {
            packed,
            automaton,
            words,
        }
    }

    fn in_text(&self, text: &str) -> bool {
        // No word: nothing to find (an automaton of no patterns would still walk every byte of the text).
        if self.words.is_empty() {
            return false;
        }
        match (&self.packed, &self.automaton) {
            (Some(p), _) => p.find(text).is_some(),
            (None, Some(a)) => a.is_match(text),
            (None, None) => self.words.iter().any(|w| text.contains(w)),
        }
    }
}

impl FileRoutes {
    /// The last names of the placeholders and names its prefixes and URLs use: the constants to look for.
    fn needed_names(&self, out: &mut BTreeSet<String>) {
        let mut add = |e: &Expr| match e {
            Expr::Name(n) => {
                if let Some(l) = n.last() {
                    out.insert(l.clone());
                }
            }
            Expr::Str(parts) => {
                for p in parts {
                    if let Part::Expr(x) = p {
                        if let Some(l) = x.rsplit('.').next().filter(|l| is_identifier(l)) {
                            out.insert(l.to_string());
                        }
                    }
                }
            }
            _ => {}
        };
        let d = &self.declared;
        d.routers
            .iter()
            .filter_map(|r| r.prefix.as_ref())
            .for_each(&mut add);
        d.includes
            .iter()
            .filter_map(|i| i.prefix.as_ref())
            .for_each(&mut add);
        d.routes.iter().for_each(|r| add(&r.path));
        self.called.urls.iter().for_each(|u| add(&u.url));
    }
}

/// An ASCII name: letters, digits and `_`, not starting with a digit.
fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !s.as_bytes()[0].is_ascii_digit()
}

/// One route of the tree.
#[derive(Debug, Clone)]
struct Route {
    /// The file declaring it.
    declared_in: usize,
    /// The handler: (file, symbol), when gap can follow it.
    handler: Option<(usize, String)>,
    /// HTTP methods; empty for any.
    methods: Vec<String>,
    /// Its full path.
    pattern: Pattern,
    /// Its names (`ns:name`, `bp.view`).
    names: Vec<String>,
}

/// Gives the test files of `records` `http` credits for the routes their calls match (and the app their
/// client is built from), and `convention` credits by the same-app naming convention; returns the calls
/// that matched routes of more than one module, per module path.
pub fn credit(
    records: &mut [Record],
    files: &HashMap<String, FileRoutes>,
) -> BTreeMap<String, Vec<HttpUnmatched>> {
    let index = Index::new(records, files);
    let routes = routes(&index);
    let mut given: Vec<(usize, Credit)> = Vec::new();
    let mut misses: BTreeMap<String, Vec<HttpUnmatched>> = BTreeMap::new();
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in routes.iter().enumerate() {
        for n in &r.names {
            by_name.entry(n.as_str()).or_default().push(i);
        }
    }
    for (t, rec) in records.iter().enumerate() {
        if rec.unit.role != Role::Test {
            continue;
        }
        let Some(f) = files.get(&rec.path) else {
            continue;
        };
        for call in &f.called.urls {
            let Some(parts) = index.eval(t, &call.url) else {
                continue;
            };
            let url = pattern(&parts, false);
            let shown = format!(
                "{}{}",
                call.method.map(|m| format!("{m} ")).unwrap_or_default(),
                url.show()
            );
            let mut scored: Vec<((bool, usize), usize)> = routes
                .iter()
                .enumerate()
                .filter(|(_, r)| matching::methods_agree(call.method, &r.methods))
                .filter_map(|(i, r)| Some((matching::score(&url, &r.pattern)?, i)))
                .collect();
            scored.sort_by_key(|s| std::cmp::Reverse(s.0));
            let best: Vec<usize> = scored
                .iter()
                .take_while(|s| s.0 == scored[0].0)
                .map(|s| s.1)
                .collect();
            let at = Site {
                test: t,
                line: call.line,
                method: call.method,
                shown: &shown,
            };
            settle(&routes, &best, &at, records, &mut given, &mut misses);
        }
        for call in &f.called.names {
            let mut best: Vec<usize> = by_name.get(call.name.as_str()).cloned().unwrap_or_default();
            if best.is_empty() && !call.name.contains(':') {
                best = routes
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| {
                        r.names
                            .iter()
                            .any(|n| n.rsplit(':').next() == Some(&call.name))
                    })
                    .map(|(i, _)| i)
                    .collect();
            }
            best.retain(|&i| matching::methods_agree(call.method, &routes[i].methods));
            let at = Site {
                test: t,
                line: call.line,
                method: call.method,
                shown: &call.name,
            };
            settle(&routes, &best, &at, records, &mut given, &mut misses);
        }
    }
    given.extend(clients(&index, records, files));
    given.extend(per_request(&index, records, &given));
    // Views: route handlers, and the modules a Django URLconf imports (views it registers out of sight).
    let mut views: BTreeSet<usize> = routes
        .iter()
        .filter_map(|r| r.handler.as_ref().map(|h| h.0))
        .collect();
    let conf = |f: &FileRoutes| !f.declared.urls.is_empty() || !f.declared.registers.is_empty();
    for (f, _) in index.files().filter(|(_, file)| conf(file)) {
        views.extend(records[f].unit.imports.keys().copied().filter(|&m| {
            !records[m].path.ends_with("__init__.py")
                && !files.get(&records[m].path).is_some_and(conf)
        }));
    }
    given.extend(conventions(records, &views));
    template_libraries(records, &given);
    for (t, c) in given {
        records[t].unit.credits.add(c);
    }
    for v in misses.values_mut() {
        v.sort_by(|a, b| (&a.test, a.line).cmp(&(&b.test, b.line)));
        v.dedup();
    }
    misses
}

/// Where a test calls an endpoint: the test, the line, the HTTP method when the call gives it, the call as
/// shown in evidence.
struct Site<'a> {
    test: usize,
    line: u32,
    method: Option<&'a str>,
    shown: &'a str,
}

/// Credits the module the best routes `best` share, or records why not. A handler class is credited with
/// the methods the request runs ([`table::HANDLER_METHODS`]), and so are the base classes of the tree it
/// inherits them from, in their own modules.
fn settle(
    routes: &[Route],
    best: &[usize],
    at: &Site,
    records: &[Record],
    given: &mut Vec<(usize, Credit)>,
    misses: &mut BTreeMap<String, Vec<HttpUnmatched>>,
) {
    if best.is_empty() {
        return;
    }
    let modules: BTreeSet<usize> = best
        .iter()
        .map(|&i| {
            routes[i]
                .handler
                .as_ref()
                .map_or(routes[i].declared_in, |h| h.0)
        })
        .collect();
    if modules.len() > 1 {
        let paths: Vec<String> = modules.iter().map(|&m| records[m].path.clone()).collect();
        for p in &paths {
            misses.entry(p.clone()).or_default().push(HttpUnmatched {
                test: records[at.test].path.clone(),
                line: u64::from(at.line),
                call: at.shown.to_string(),
                modules: paths.clone(),
                extra: Default::default(),
            });
        }
        return;
    }
    let handlers: BTreeSet<&(usize, String)> = best
        .iter()
        .filter_map(|&i| routes[i].handler.as_ref())
        .collect();
    let credit = |file: usize, symbol: Option<String>| Credit {
        file,
        kind: EvidenceKind::Http,
        symbol,
        line: u64::from(at.line),
        detail: Some(at.shown.to_string()),
    };
    if let [h] = handlers.into_iter().collect::<Vec<_>>().as_slice() {
        given.push((at.test, credit(h.0, Some(h.1.clone()))));
        let runs = |m: &str| table::handler_runs(at.method, m);
        for (f, symbol) in class_methods(records, h.0, &h.1, &runs) {
            given.push((at.test, credit(f, Some(symbol))));
        }
    }
    let declared: BTreeSet<usize> = best.iter().map(|&i| routes[i].declared_in).collect();
    for d in declared {
        given.push((at.test, credit(d, None)));
    }
}

/// How many base classes deep a class's inherited methods are looked for.
const MAX_ANCESTRY: usize = 16;

/// The methods of `class` (in `file`) that `runs` accepts, and those it inherits from base classes of the
/// tree (followed through `Unit::bases`, each class once), with each such base class: (file, symbol).
fn class_methods(
    records: &[Record],
    file: usize,
    class: &str,
    runs: &dyn Fn(&str) -> bool,
) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut seen: BTreeSet<(usize, &str)> = BTreeSet::new();
    let mut queue: Vec<(usize, &str, usize)> = vec![(file, class, 0)];
    while let Some((f, c, depth)) = queue.pop() {
        if !seen.insert((f, c)) {
            continue;
        }
        let mut any = false;
        for d in &records[f].facts.defs {
            if d.kind != gap_core::SymbolKind::Method {
                continue;
            }
            if let Some((owner, method)) = d.name.split_once('.') {
                if owner == c && runs(method) {
                    out.push((f, d.name.clone()));
                    any = true;
                }
            }
        }
        if depth > 0 && any {
            out.push((f, c.to_string()));
        }
        if depth < MAX_ANCESTRY {
            if let Some(bases) = records[f].unit.bases.get(c) {
                queue.extend(bases.iter().map(|(g, b)| (*g, b.as_str(), depth + 1)));
            }
        }
    }
    out
}

/// Django template tag libraries (`<app>/templatetags/<lib>.py` registering its tags) run when a view renders
/// a template that loads them: each module credited over HTTP that renders templates
/// ([`table::TEMPLATE_RENDERING`]) runs every library of the tree, so a library no test reaches otherwise is
/// `indirect` through those views. gap does not read templates, so it cannot tell which view's template loads
/// which library: every library is taken as loaded by every rendering view.
fn template_libraries(records: &mut [Record], given: &[(usize, Credit)]) {
    let libraries: Vec<usize> = records
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.is_source()
                && r.lang.id == "python"
                && parent(&r.path)
                    .split('/')
                    .any(|d| d == table::TEMPLATE_LIBRARY_DIR)
                && r.facts
                    .identifiers
                    .contains_key(table::TEMPLATE_LIBRARY_REGISTER)
        })
        .map(|(i, _)| i)
        .collect();
    if libraries.is_empty() {
        return;
    }
    let rendering: BTreeSet<usize> = given
        .iter()
        .filter(|(_, c)| c.kind == EvidenceKind::Http)
        .map(|(_, c)| c.file)
        .filter(|&m| {
            records[m].is_source()
                && table::TEMPLATE_RENDERING
                    .iter()
                    .any(|n| records[m].facts.identifiers.contains_key(*n))
        })
        .collect();
    for v in rendering {
        let unit = &mut records[v].unit;
        unit.runtime_imports
            .extend(libraries.iter().copied().filter(|&l| l != v));
    }
}

/// Code the Django settings of the tree name for every request ([`table::PER_REQUEST_SETTINGS`]: middleware,
/// authentication backends, REST framework policies, context processors) runs on each request a test makes:
/// each test with `http` evidence gives the module a setting names `by_name` evidence (from its first
/// request's line), with the class or function named and the methods the framework calls on it (and on its
/// base classes of the tree).
fn per_request(
    index: &Index,
    records: &[Record],
    given: &[(usize, Credit)],
) -> Vec<(usize, Credit)> {
    let mut named: Vec<(usize, Option<String>, String, &'static [&'static str])> = Vec::new();
    for (f, file) in index.files() {
        for s in &file.declared.settings {
            let Some(methods) = table::per_request_setting(&s.setting) else {
                continue;
            };
            let Some((m, symbol)) = index.dotted(&s.target) else {
                continue;
            };
            if records[m].is_source() {
                let detail = format!("{} in {} names {}", s.setting, records[f].path, s.target);
                named.push((m, symbol, detail, methods));
            }
        }
    }
    if named.is_empty() {
        return Vec::new();
    }
    let mut first: BTreeMap<usize, u64> = BTreeMap::new();
    for (t, c) in given.iter().filter(|(_, c)| c.kind == EvidenceKind::Http) {
        let l = first.entry(*t).or_insert(c.line);
        *l = (*l).min(c.line);
    }
    let mut symbols: Vec<(usize, Option<String>, &str)> = Vec::new();
    for (m, symbol, detail, methods) in &named {
        symbols.push((*m, symbol.clone(), detail));
        if let Some(class) = symbol {
            let runs = |n: &str| methods.contains(&n);
            for (f, s) in class_methods(records, *m, class, &runs) {
                symbols.push((f, Some(s), detail));
            }
        }
    }
    let mut out = Vec::new();
    for (&t, &line) in &first {
        for (file, symbol, detail) in &symbols {
            out.push((
                t,
                Credit {
                    file: *file,
                    kind: EvidenceKind::ByName,
                    symbol: symbol.clone(),
                    line,
                    detail: Some(detail.to_string()),
                },
            ));
        }
    }
    out
}

/// `parts` as a pattern: holes for placeholders; an unknown leading placeholder makes it open.
fn pattern(parts: &[Part], route: bool) -> Pattern {
    let (open, parts) = match parts.first() {
        Some(Part::Expr(_)) => (true, &parts[1..]),
        _ => (false, parts),
    };
    let text: String = parts
        .iter()
        .map(|p| match p {
            Part::Text(t) => t.clone(),
            Part::Expr(_) => HOLE.to_string(),
        })
        .collect();
    let mut p = if route {
        Pattern::of_route(&text)
    } else {
        Pattern::of_url(&text)
    };
    p.open = open;
    p
}

/// Every route of the tree, with its full path and names.
fn routes(index: &Index) -> Vec<Route> {
    let mut out = Vec::new();
    for (f, file) in index.files() {
        let d = &file.declared;
        for r in &d.routes {
            let key = if r.router.is_empty() {
                None
            } else {
                index.router_key(f, &r.router)
            };
            let Some(parts) = index.eval(f, &r.path) else {
                continue;
            };
            let own = pattern(&parts, true);
            let handler = r
                .handler
                .as_ref()
                .and_then(|h| match h {
                    Expr::Name(n) => index.resolve(f, n),
                    _ => None,
                })
                .and_then(|(file, chain)| Some((file, chain.last()?.clone())));
            let blueprint = key
                .as_ref()
                .and_then(|k| index.router(k))
                .and_then(|r| r.name.clone());
            let names = r
                .endpoint
                .iter()
                .map(|e| match &blueprint {
                    Some(b) => format!("{b}.{e}"),
                    None => e.clone(),
                })
                .collect::<Vec<_>>();
            for prefix in index.prefixes(key.as_ref(), r.router.first().map(String::as_str)) {
                out.push(Route {
                    declared_in: f,
                    handler: handler.clone(),
                    methods: r.methods.clone(),
                    pattern: prefix.join(&own),
                    names: names.clone(),
                });
            }
        }
        out.extend(index.django_routes(f));
    }
    out
}

/// The app a test client is built from reaches every test using that client: `TestClient(app)` in a fixture
/// of a conftest.py above the test (or a helper the test imports) credits the app's module for each test
/// that names the fixture.
fn clients(
    index: &Index,
    records: &[Record],
    files: &HashMap<String, FileRoutes>,
) -> Vec<(usize, Credit)> {
    let mut out = Vec::new();
    for (s, rec) in records.iter().enumerate() {
        if rec.is_source() {
            continue;
        }
        let Some(f) = files.get(&rec.path) else {
            continue;
        };
        for c in &f.called.clients {
            let (m, chain) = index.resolve(s, &c.app).unwrap_or((s, c.app.clone()));
            if m == s || !records[m].is_source() {
                continue;
            }
            let symbol = chain.last().cloned();
            let conftest = rec.path.rsplit('/').next() == Some("conftest.py");
            let dir = parent(&rec.path);
            for (t, test) in records.iter().enumerate() {
                if test.unit.role != Role::Test {
                    continue;
                }
                let reaches = t == s
                    || (conftest && (dir.is_empty() || test.path.starts_with(&format!("{dir}/"))))
                    || test.unit.imports.contains_key(&s);
                let uses = t == s
                    || c.function
                        .as_ref()
                        .is_none_or(|fun| test.facts.identifiers.contains_key(fun));
                if reaches && uses {
                    let at = c
                        .function
                        .as_ref()
                        .and_then(|fun| test.facts.identifiers.get(fun).copied())
                        .unwrap_or(0);
                    out.push((
                        t,
                        Credit {
                            file: m,
                            kind: EvidenceKind::Http,
                            symbol: symbol.clone(),
                            line: if t == s { u64::from(c.line) } else { at },
                            detail: Some(format!(
                                "test client built from {} at {}:{}",
                                c.app.join("."),
                                rec.path,
                                c.line
                            )),
                        },
                    ));
                }
            }
        }
    }
    out
}

/// `<app>/tests/test_<name>.py` credits the views (`views`) `<app>/<name>.py` and those under
/// `<app>/<name>/` by convention: frameworks that build a view's URL out of sight (generic view test cases)
/// leave no URL to match.
fn conventions(records: &[Record], views: &BTreeSet<usize>) -> Vec<(usize, Credit)> {
    let by_path: HashMap<&str, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.path.as_str(), i))
        .collect();
    let mut out = Vec::new();
    for (t, rec) in records.iter().enumerate() {
        if rec.unit.role != Role::Test {
            continue;
        }
        let Some((app, file)) = rec
            .path
            .rsplit_once("/tests/")
            .or_else(|| rec.path.strip_prefix("tests/").map(|f| ("", f)))
        else {
            continue;
        };
        let Some(name) = file
            .strip_prefix("test_")
            .and_then(|f| f.strip_suffix(".py"))
        else {
            continue;
        };
        let base = if app.is_empty() {
            String::new()
        } else {
            format!("{app}/")
        };
        let module = by_path.get(format!("{base}{name}.py").as_str()).copied();
        let package = format!("{base}{name}/");
        let named = views
            .iter()
            .copied()
            .filter(|&m| Some(m) == module || records[m].path.starts_with(&package));
        for m in named.filter(|&m| records[m].is_source()) {
            out.push((
                t,
                Credit {
                    file: m,
                    kind: EvidenceKind::Convention,
                    symbol: None,
                    line: 0,
                    detail: Some(format!("{} names {}", rec.path, records[m].path)),
                },
            ));
        }
    }
    out
}
