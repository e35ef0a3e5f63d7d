//! What one file declares for the route tables: apps and routers, routes, includes under a prefix, Django
//! URL patterns and DRF router registrations, and the names needed to follow them to other files (imports,
//! string constants, a JavaScript default export).

use super::syntax::{call_at, chain_start, expr, Call, Expr, Kind, Syntax, Tok};
use super::table::{self, RouterRow};

/// An app or router built in the file: `router = APIRouter(prefix="/users")`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RouterDecl {
    /// The variable it is assigned to.
    pub var: String,
    /// Its row in the router table (an app, or a router).
    pub app: bool,
    /// Its own prefix.
    pub prefix: Option<Expr>,
    /// Its name (a Flask blueprint's first argument), for route names.
    pub name: Option<String>,
}

/// A route: `@router.get("/me")` above `def read_me`, or `router.get('/x', handler)`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RouteDecl {
    /// The receiver: the router variable, as dotted names.
    pub router: Vec<String>,
    /// HTTP methods; empty for any.
    pub methods: Vec<String>,
    /// The path as written.
    pub path: Expr,
    /// The handler: the decorated function, or the last argument of a call.
    pub handler: Option<Expr>,
    /// The endpoint name given (`endpoint=`), else the handler's name.
    pub endpoint: Option<String>,
    /// 1-based line.
    pub line: u32,
}

/// An include: `app.include_router(users.router, prefix="/api")`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IncludeDecl {
    /// The receiver (the including router), as dotted names; for `Router().use(...)` assigned to `api`,
    /// `api`.
    pub parent: Vec<String>,
    /// The included router.
    pub child: Expr,
    /// The prefix it is included under.
    pub prefix: Option<Expr>,
}

/// A Django URL pattern: `path('sites/<int:pk>/', views.SiteView.as_view(), name='site')`; an include
/// when the view is `include(...)`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UrlDecl {
    /// The route as written.
    pub route: Expr,
    /// True for `re_path`/`url`: the route is a regular expression.
    pub regex: bool,
    /// The view, or the `include(...)` call.
    pub view: Expr,
    /// `name=`.
    pub name: Option<String>,
    /// 1-based line.
    pub line: u32,
}

/// A DRF router registration: `router.register('racks', views.RackViewSet)`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RegisterDecl {
    /// The URL prefix.
    pub prefix: Expr,
    /// The viewset.
    pub viewset: Expr,
    /// `basename=`, when given.
    pub basename: Option<String>,
    /// 1-based line.
    pub line: u32,
}

/// An import: the local name bound, the module (a dotted Python module with `level` leading dots, or a
/// JavaScript specifier), and the name imported from it (`None` for the module itself).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Import {
    /// The name bound in the file (`a.b` for Python's `import a.b`).
    pub local: String,
    /// The module as written, without leading dots.
    pub module: String,
    /// Leading dots of a relative Python import.
    pub level: u32,
    /// The name taken from the module (`default` for a JavaScript default import).
    pub name: Option<String>,
}

/// What a file declares.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Declared {
    /// Apps and routers it builds.
    pub routers: Vec<RouterDecl>,
    /// Routes it declares.
    pub routes: Vec<RouteDecl>,
    /// Routers it includes in others.
    pub includes: Vec<IncludeDecl>,
    /// Django URL patterns.
    pub urls: Vec<UrlDecl>,
    /// DRF router registrations.
    pub registers: Vec<RegisterDecl>,
    /// A Django URLconf's `app_name`.
    pub app_name: Option<String>,
    /// String constants and class attribute defaults: name -> value.
    pub consts: Vec<(String, Expr)>,
    /// Imports.
    pub imports: Vec<Import>,
    /// The variable a JavaScript file exports as default.
    pub default_export: Option<String>,
    /// Dotted strings of Django settings run on every request (`MIDDLEWARE`...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub settings: Vec<super::settings::SettingName>,
}

/// The name a call's value is assigned to: `x = CALL`, `x: T = CALL`, `const x = new CALL`.
pub fn assigned_to<'a>(toks: &[Tok<'a>], start: usize) -> Option<&'a str> {
    let mut s = start;
    if s >= 1 && toks[s - 1].is_name("new") {
        s -= 1;
    }
    if s < 2 || !toks[s - 1].is(b'=') {
        return None;
    }
    let t = &toks[s - 2];
    // `x: T = ...` with a simple annotation.
    if s >= 4 && t.kind == Kind::Name && toks[s - 3].is(b':') && toks[s - 4].kind == Kind::Name {
        return Some(toks[s - 4].text);
    }
    if t.kind == Kind::Name && !(s >= 3 && toks[s - 3].is(b'.')) {
        return Some(t.text);
    }
    None
}

/// The function a decorator at `after` (the token after its call) decorates: the name after the next `def`.
fn decorated(toks: &[Tok], after: usize) -> Option<String> {
    let mut j = after;
    while j < toks.len() && j < after + 400 {
        if toks[j].is_name("class") {
            return None;
        }
        if toks[j].is_name("def") || toks[j].is_name("function") {
            return toks
                .get(j + 1)
                .filter(|t| t.kind == Kind::Name)
                .map(|t| t.text.to_string());
        }
        j += 1;
    }
    None
}

/// A string's text when it has no placeholders.
pub fn plain(e: &Expr) -> Option<String> {
    match e {
        Expr::Str(parts) => parts
            .iter()
            .map(|p| match p {
                super::syntax::Part::Text(t) => Some(t.as_str()),
                super::syntax::Part::Expr(_) => None,
            })
            .collect::<Option<String>>(),
        _ => None,
    }
}

/// The strings of a `methods=["GET", "POST"]` list, upper-cased.
fn methods_of(e: Option<&Expr>) -> Vec<String> {
    match e {
        Some(Expr::List(items)) => items
            .iter()
            .filter_map(plain)
            .map(|m| m.to_ascii_uppercase())
            .collect(),
        Some(e) => plain(e)
            .map(|m| m.to_ascii_uppercase())
            .into_iter()
            .collect(),
        None => Vec::new(),
    }
}

/// Every call of the file with the index of its callee's first token and of its argument list.
pub fn calls(toks: &[Tok], syntax: Syntax) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for i in 1..toks.len() {
        if !toks[i].is(b'(') || toks[i - 1].kind != Kind::Name {
            continue;
        }
        if i >= 2
            && (toks[i - 2].is_name("def")
                || toks[i - 2].is_name("class")
                || toks[i - 2].is_name("function"))
        {
            continue;
        }
        if syntax == Syntax::Js
            && matches!(
                toks[i - 1].text,
                "if" | "for" | "while" | "switch" | "catch" | "return" | "function"
            )
        {
            continue;
        }
        out.push((chain_start(toks, i - 1), i));
    }
    out
}

/// What the file `toks` declares; `rows` are the router constructors, `extra_declares` more
/// route-declaring method names (gap.toml).
pub fn read(
    toks: &[Tok],
    syntax: Syntax,
    sites: &[(usize, usize)],
    rows: &[RouterRow],
    extra_declares: &[String],
) -> Declared {
    let mut d = Declared {
        imports: imports(toks, syntax),
        consts: consts(toks, syntax)
            .into_iter()
            .map(|(n, _, v)| (n.to_string(), v))
            .collect(),
        ..Default::default()
    };
    d.default_export = default_export(toks);
    d.settings = super::settings::read(toks, syntax);
    for &(start, open) in sites {
        let call = call_at(toks, start, open, syntax);
        let name = call.name();
        let assigned = assigned_to(toks, start);
        // A router built: `x = APIRouter(...)`, `const r = express.Router()`, `const app = express()`.
        if let Some(row) = rows.iter().find(|r| r.ctor == name && r.syntax == syntax) {
            if let Some(var) = assigned {
                if call.callee.len() <= 2 {
                    d.routers.push(RouterDecl {
                        var: var.to_string(),
                        app: row.app,
                        prefix: row.prefix.and_then(|k| call.keyword(k).cloned()),
                        name: row.name_at.and_then(|i| call.positional(i)).and_then(plain),
                    });
                }
            }
            continue;
        }
        if call.callee.len() >= 2 {
            let receiver = receiver_of(&call, assigned, rows, syntax);
            if syntax == Syntax::Python && name == "register" && call.args.len() >= 2 {
                if let (Some(prefix), Some(viewset)) = (call.positional(0), call.positional(1)) {
                    if matches!(prefix, Expr::Str(_)) {
                        d.registers.push(RegisterDecl {
                            prefix: prefix.clone(),
                            viewset: viewset.clone(),
                            basename: call.keyword("basename").and_then(plain),
                            line: call.line,
                        });
                        continue;
                    }
                }
            }
            if let Some(row) = table::INCLUDES
                .iter()
                .find(|r| r.method == name && r.syntax == syntax)
            {
                if let Some(inc) = include(&call, row, receiver.clone()) {
                    d.includes.push(inc);
                    continue;
                }
            }
            if table::declares(name, syntax, extra_declares) {
                if let Some(r) = route(toks, &call, start, open, syntax, receiver) {
                    d.routes.push(r);
                }
            }
            continue;
        }
        if syntax == Syntax::Python {
            if let Some(&(_, regex)) = table::DJANGO_PATHS.iter().find(|(n, _)| *n == name) {
                if let (Some(route), Some(view)) = (call.positional(0), call.positional(1)) {
                    if matches!(route, Expr::Str(_)) {
                        d.urls.push(UrlDecl {
                            route: route.clone(),
                            regex,
                            view: view.clone(),
                            name: call.keyword("name").and_then(plain),
                            line: call.line,
                        });
                    }
                }
            }
        }
    }
    d.app_name = d
        .consts
        .iter()
        .find(|(n, _)| n == table::DJANGO_APP_NAME)
        .and_then(|(_, v)| plain(v));
    d
}

/// The router a method is called on: `router` of `router.get`, the assigned variable of
/// `const api = Router().use(...)`.
fn receiver_of(
    call: &Call,
    assigned: Option<&str>,
    rows: &[RouterRow],
    syntax: Syntax,
) -> Vec<String> {
    let receiver = &call.callee[..call.callee.len() - 1];
    let built = call.chained
        && receiver
            .first()
            .is_some_and(|h| rows.iter().any(|r| r.ctor == *h && r.syntax == syntax));
    match (built, assigned) {
        (true, Some(a)) => vec![a.to_string()],
        (true, None) => Vec::new(),
        _ => receiver.to_vec(),
    }
}

/// The include a call of an include row makes, when its arguments fit.
fn include(call: &Call, row: &table::IncludeRow, parent: Vec<String>) -> Option<IncludeDecl> {
    let first = call.positional(0)?;
    let (prefix, child) = if row.prefix_first && matches!(first, Expr::Str(_)) {
        (Some(first.clone()), call.positional(1)?.clone())
    } else {
        (
            row.prefix_keyword.and_then(|k| call.keyword(k)).cloned(),
            first.clone(),
        )
    };
    if !matches!(child, Expr::Name(_) | Expr::Call(_)) {
        return None;
    }
    Some(IncludeDecl {
        parent,
        child,
        prefix,
    })
}

/// The route a declaring call makes: a decorator above a function (Python, and JavaScript decorators), or
/// a call whose last argument is the handler.
fn route(
    toks: &[Tok],
    call: &Call,
    start: usize,
    open: usize,
    syntax: Syntax,
    router: Vec<String>,
) -> Option<RouteDecl> {
    let path = call
        .positional(0)
        .or_else(|| call.keyword("path"))
        .or_else(|| call.keyword("rule"))?;
    if !matches!(path, Expr::Str(_) | Expr::Name(_)) {
        return None;
    }
    // A JavaScript route path starts with `/` (`map.get('key', fallback)` declares nothing).
    if syntax == Syntax::Js
        && matches!(path, Expr::Str(parts) if !matches!(parts.first(), Some(super::syntax::Part::Text(t)) if t.starts_with('/') || t == "*"))
    {
        return None;
    }
    let name = call.name();
    let methods = match table::verb_of(name) {
        Some(m) if table::VERBS.iter().any(|(v, _)| *v == name) => vec![m.to_string()],
        _ => methods_of(call.keyword("methods")),
    };
    let is_decorator = start >= 1 && toks[start - 1].is(b'@');
    let handler = if is_decorator {
        let close = super::syntax::closing(toks, open);
        decorated(toks, close + 1).map(|n| Expr::Name(vec![n]))
    } else {
        if call.args.len() < 2 {
            // `app.get('key')` of a settings object: no handler, no route.
            return None;
        }
        call.args.last().map(|a| a.value.clone())
    };
    if syntax == Syntax::Python && !is_decorator {
        // Python declares routes with decorators (and `add_url_rule`, not read).
        return None;
    }
    let endpoint = call
        .keyword("endpoint")
        .and_then(plain)
        .or_else(|| match &handler {
            Some(Expr::Name(n)) => n.last().cloned(),
            _ => None,
        });
    Some(RouteDecl {
        router,
        methods,
        path: path.clone(),
        handler,
        endpoint,
        line: call.line,
    })
}

/// Imports of the file.
fn imports(toks: &[Tok], syntax: Syntax) -> Vec<Import> {
    match syntax {
        Syntax::Python => py_imports(toks),
        Syntax::Js => js_imports(toks),
    }
}

/// A dotted name starting at `j`: the name and the index after it.
fn dotted(toks: &[Tok], mut j: usize) -> (String, usize) {
    let mut s = String::new();
    while j < toks.len() && toks[j].kind == Kind::Name {
        s.push_str(toks[j].text);
        if toks.get(j + 1).is_some_and(|t| t.is(b'.'))
            && toks.get(j + 2).is_some_and(|t| t.kind == Kind::Name)
        {
            s.push('.');
            j += 2;
        } else {
            j += 1;
            break;
        }
    }
    (s, j)
}

/// `import a.b as c` and `from ..a import b as c, d`.
fn py_imports(toks: &[Tok]) -> Vec<Import> {
    let mut out = Vec::new();
    for i in 0..toks.len() {
        let starts = i == 0 || toks[i - 1].line < toks[i].line || toks[i - 1].is(b';');
        if !starts {
            continue;
        }
        if toks[i].is_name("import") {
            let mut j = i + 1;
            loop {
                let (module, next) = dotted(toks, j);
                if module.is_empty() {
                    break;
                }
                j = next;
                let local = if toks.get(j).is_some_and(|t| t.is_name("as")) {
                    j += 2;
                    toks[j - 1].text.to_string()
                } else {
                    module.clone()
                };
                out.push(Import {
                    local,
                    module,
                    level: 0,
                    name: None,
                });
                if toks.get(j).is_some_and(|t| t.is(b',')) {
                    j += 1;
                } else {
                    break;
                }
            }
        } else if toks[i].is_name("from") {
            let mut j = i + 1;
            let mut level = 0;
            while toks.get(j).is_some_and(|t| t.is(b'.')) {
                level += 1;
                j += 1;
            }
            let (module, next) = if toks.get(j).is_some_and(|t| t.is_name("import")) {
                (String::new(), j)
            } else {
                dotted(toks, j)
            };
            j = next;
            if !toks.get(j).is_some_and(|t| t.is_name("import")) {
                continue;
            }
            let line = toks[j].line;
            j += 1;
            let paren = toks.get(j).is_some_and(|t| t.is(b'('));
            if paren {
                j += 1;
            }
            while j < toks.len() && toks[j].kind == Kind::Name && (paren || toks[j].line == line) {
                let name = toks[j].text.to_string();
                j += 1;
                let local = if toks.get(j).is_some_and(|t| t.is_name("as")) {
                    j += 2;
                    toks[j - 1].text.to_string()
                } else {
                    name.clone()
                };
                out.push(Import {
                    local,
                    module: module.clone(),
                    level,
                    name: Some(name),
                });
                if toks.get(j).is_some_and(|t| t.is(b',')) {
                    j += 1;
                } else {
                    break;
                }
            }
        }
    }
    out
}

/// `import x, { a as b } from './m'`, `import * as m from './m'`, `const x = require('./m')`,
/// `const { a } = require('./m')`.
fn js_imports(toks: &[Tok]) -> Vec<Import> {
    let spec = |t: &Tok| t.text.trim_matches(['"', '\'', '`']).to_string();
    let mut out = Vec::new();
    for i in 0..toks.len() {
        if toks[i].is_name("import") && !toks.get(i + 1).is_some_and(|t| t.is(b'(')) {
            // Find `from 'spec'`.
            let mut j = i + 1;
            while j < toks.len() && j < i + 200 && !toks[j].is_name("from") && !toks[j].is(b';') {
                j += 1;
            }
            let Some(s) = toks
                .get(j + 1)
                .filter(|t| t.kind == Kind::Str && toks[j].is_name("from"))
            else {
                continue;
            };
            let module = spec(s);
            bindings(&toks[i + 1..j], &module, &mut out);
        } else if toks[i].is_name("require")
            && toks.get(i + 1).is_some_and(|t| t.is(b'('))
            && toks.get(i + 2).is_some_and(|t| t.kind == Kind::Str)
            && i >= 2
            && toks[i - 1].is(b'=')
        {
            let module = spec(&toks[i + 2]);
            let before = &toks[..i - 1];
            if let Some(t) = before.last().filter(|t| t.kind == Kind::Name) {
                out.push(Import {
                    local: t.text.to_string(),
                    module,
                    level: 0,
                    name: None,
                });
            } else if before.last().is_some_and(|t| t.is(b'}')) {
                let open = before.iter().rposition(|t| t.is(b'{')).unwrap_or(0);
                bindings(&before[open..], &module, &mut out);
            }
        }
    }
    out
}

/// The names an import clause binds.
fn bindings(clause: &[Tok], module: &str, out: &mut Vec<Import>) {
    let mut braces = false;
    let mut j = 0;
    while j < clause.len() {
        let t = &clause[j];
        if t.is(b'{') {
            braces = true;
        } else if t.is(b'}') {
            braces = false;
        } else if t.is(b'*') && clause.get(j + 1).is_some_and(|a| a.is_name("as")) {
            if let Some(n) = clause.get(j + 2) {
                out.push(Import {
                    local: n.text.to_string(),
                    module: module.to_string(),
                    level: 0,
                    name: None,
                });
            }
            j += 2;
        } else if t.kind == Kind::Name && !t.is_name("type") {
            let (name, local) = if clause
                .get(j + 1)
                .is_some_and(|a| a.is_name("as") || a.is(b':'))
            {
                j += 2;
                (t.text, clause.get(j).map_or(t.text, |x| x.text))
            } else {
                (t.text, t.text)
            };
            out.push(Import {
                local: local.to_string(),
                module: module.to_string(),
                level: 0,
                name: Some(if braces {
                    name.to_string()
                } else {
                    "default".to_string()
                }),
            });
        }
        j += 1;
    }
}

/// `NAME = "..."`, `NAME: str = "..."` (module constants and class attribute defaults), `const NAME = '...'`,
/// each with its line.
pub fn consts<'a>(toks: &[Tok<'a>], syntax: Syntax) -> Vec<(&'a str, u32, Expr)> {
    let mut out = Vec::new();
    for i in 1..toks.len() {
        if !toks[i].is(b'=') || toks.get(i + 1).is_none_or(|t| t.kind != Kind::Str) {
            continue;
        }
        let name = match assigned_to(toks, i + 1) {
            Some(n) => n,
            None => continue,
        };
        // The value ends at the end of its line (strings may continue it with `+`).
        let line = toks[i].line;
        let mut end = i + 1;
        while end < toks.len()
            && (toks[end].line == line || toks[end - 1].is(b'+'))
            && !toks[end].is(b';')
            && !toks[end].is(b',')
        {
            end += 1;
        }
        let value = expr(toks, i + 1, end, syntax);
        if matches!(value, Expr::Str(_)) {
            out.push((name, toks[i].line, value));
        }
    }
    out
}

/// `export default NAME` and `module.exports = NAME`.
fn default_export(toks: &[Tok]) -> Option<String> {
    for i in 0..toks.len() {
        let at =
            if toks[i].is_name("export") && toks.get(i + 1).is_some_and(|t| t.is_name("default")) {
                i + 2
            } else if toks[i].is_name("module")
                && toks.get(i + 1).is_some_and(|t| t.is(b'.'))
                && toks.get(i + 2).is_some_and(|t| t.is_name("exports"))
                && toks.get(i + 3).is_some_and(|t| t.is(b'='))
            {
                i + 4
            } else {
                continue;
            };
        let t = toks.get(at)?;
        let ends = toks
            .get(at + 1)
            .is_none_or(|n| n.is(b';') || n.line > t.line);
        if t.kind == Kind::Name && ends {
            return Some(t.text.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::syntax::{tokens, Part};
    use super::*;

    fn declared(src: &str, syntax: Syntax) -> Declared {
        let toks = tokens(src, syntax);
        let sites = calls(&toks, syntax);
        read(&toks, syntax, &sites, &table::routers(), &[])
    }

    fn s(t: &str) -> Expr {
        Expr::Str(vec![Part::Text(t.to_string())])
    }

    #[test]
    fn fastapi_routers_routes_and_includes() {
        let d = declared(
            "from fastapi import APIRouter\nfrom app.api.routes import users as u\nfrom .core import config\nfrom . import views\n\nrouter = APIRouter(prefix=\"/items\", tags=[\"items\"])\n\n@router.get(\"/{id}\", response_model=Item)\nasync def read_item(id: int):\n    pass\n\n@router.api_route(\"/x\", methods=[\"get\", \"POST\"])\ndef x(): pass\n\napp.include_router(u.router, prefix=settings.API_V1_STR)\n",
            Syntax::Python,
        );
        assert_eq!(d.routers.len(), 1);
        assert_eq!(d.routers[0].var, "router");
        assert_eq!(d.routers[0].prefix, Some(s("/items")));
        assert_eq!(d.routes.len(), 2);
        assert_eq!(d.routes[0].methods, ["GET"]);
        assert_eq!(
            d.routes[0].handler,
            Some(Expr::Name(vec!["read_item".into()]))
        );
        assert_eq!(d.routes[0].line, 8);
        assert_eq!(d.routes[1].methods, ["GET", "POST"]);
        assert_eq!(d.includes.len(), 1);
        assert_eq!(d.includes[0].parent, ["app"]);
        assert_eq!(
            d.imports[1],
            Import {
                local: "u".into(),
                module: "app.api.routes".into(),
                level: 0,
                name: Some("users".into())
            }
        );
        assert_eq!(d.imports[2].level, 1);
        assert_eq!((d.imports[3].module.as_str(), d.imports[3].level), ("", 1));
    }

    #[test]
    fn constants_and_class_attribute_defaults() {
        let d = declared(
            "API = '/api'\nclass Settings:\n    API_V1_STR: str = f\"{API}/v1\"\n    other = x\n",
            Syntax::Python,
        );
        let names: Vec<&str> = d.consts.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["API", "API_V1_STR"]);
    }

    #[test]
    fn django_paths_includes_and_drf_registrations() {
        let d = declared(
            "from django.urls import path, include\nfrom . import views\napp_name = 'dcim'\nrouter = NetBoxRouter()\nrouter.register('racks', views.RackViewSet)\nurlpatterns = [\n    path('sites/', views.SiteListView.as_view(), name='site_list'),\n    re_path(r'^sites/(?P<pk>\\d+)/$', views.site, name='site'),\n    path('api/', include('dcim.api.urls')),\n]\n",
            Syntax::Python,
        );
        assert_eq!(d.app_name.as_deref(), Some("dcim"));
        assert_eq!(d.registers.len(), 1);
        assert_eq!(d.urls.len(), 3);
        assert_eq!(d.urls[0].name.as_deref(), Some("site_list"));
        assert!(d.urls[1].regex);
        assert!(matches!(&d.urls[2].view, Expr::Call(c) if c.name() == "include"));
    }

    #[test]
    fn express_routers_uses_and_imports() {
        let d = declared(
            "import { Router } from 'express';\nimport tags from './tag/tag.controller';\nconst ctl = require('./ctl');\nconst router = Router();\ncache.get('key', fallback);\nrouter.get('/tags', auth.optional, ctl.list);\nconst api = Router().use(tags).use('/v2', other);\napp.set('port', 3000);\napp.get('env');\nexport default router;\n",
            Syntax::Js,
        );
        assert_eq!(
            d.routers.iter().map(|r| r.var.as_str()).collect::<Vec<_>>(),
            ["router", "api"]
        );
        assert_eq!(d.routes.len(), 1);
        assert_eq!(d.routes[0].methods, ["GET"]);
        assert_eq!(
            d.routes[0].handler,
            Some(Expr::Name(vec!["ctl".into(), "list".into()]))
        );
        assert_eq!(d.includes.len(), 2);
        assert_eq!(d.includes[0].parent, ["api"]);
        assert_eq!(d.includes[1].prefix, Some(s("/v2")));
        assert_eq!(d.default_export.as_deref(), Some("router"));
        let imported: Vec<(&str, Option<&str>)> = d
            .imports
            .iter()
            .map(|i| (i.local.as_str(), i.name.as_deref()))
            .collect();
        assert_eq!(
            imported,
            [
                ("Router", Some("Router")),
                ("tags", Some("default")),
                ("ctl", None)
            ]
        );
    }
}
