//! The web frameworks as data: which calls build apps and routers, declare routes, include a router in
//! another under a prefix, and which calls of tests reach an endpoint by URL or by route name. Adding a
//! framework is adding rows here; gap.toml's `[routes]` adds names of a project's own (docs/config.md).

use super::syntax::Syntax;

/// A constructor of an app or a router: `APIRouter(prefix="/x")`, `Blueprint("auth", __name__, url_prefix=...)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouterRow {
    /// The constructor's name (the last name of the callee).
    pub ctor: String,
    /// The syntax it is written in.
    pub syntax: Syntax,
    /// Keyword (or object property) giving the router's own prefix.
    pub prefix: Option<&'static str>,
    /// Position of the argument naming it (a Flask blueprint's name, which `url_for` uses).
    pub name_at: Option<usize>,
    /// An app is the root of its routes; a router nobody is seen to include matches under any prefix.
    pub app: bool,
}

/// A call that includes a router (or sub-app) in another: `include_router(r, prefix=...)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IncludeRow {
    /// The method's name.
    pub method: &'static str,
    /// The syntax it is written in.
    pub syntax: Syntax,
    /// Keyword giving the prefix.
    pub prefix_keyword: Option<&'static str>,
    /// True when a leading string argument is the prefix and the router follows (`app.use('/p', r)`,
    /// `app.mount('/p', sub)`).
    pub prefix_first: bool,
}

/// Route-declaring method names and the HTTP method each gives; `None` takes the methods from the call
/// (`methods=[...]`), else any method (`route` of Flask defaults to GET).
pub const VERBS: &[(&str, Option<&str>)] = &[
    ("delete", Some("DELETE")),
    ("get", Some("GET")),
    ("head", Some("HEAD")),
    ("options", Some("OPTIONS")),
    ("patch", Some("PATCH")),
    ("post", Some("POST")),
    ("put", Some("PUT")),
];

/// Method names that declare a route for methods the call lists (`methods=`), or any method.
pub const ANY_METHOD_DECLARES: &[(&str, Syntax)] = &[
    ("all", Syntax::Js),
    ("api_route", Syntax::Python),
    ("route", Syntax::Python),
    ("websocket", Syntax::Python),
];

/// Constructors of apps and routers.
pub fn routers() -> Vec<RouterRow> {
    let row = |ctor: &str, syntax, prefix, name_at, app| RouterRow {
        ctor: ctor.to_string(),
        syntax,
        prefix,
        name_at,
        app,
    };
    vec![
        row("APIRouter", Syntax::Python, Some("prefix"), None, false),
        row(
            "Blueprint",
            Syntax::Python,
            Some("url_prefix"),
            Some(0),
            false,
        ),
        row("FastAPI", Syntax::Python, None, None, true),
        row("Flask", Syntax::Python, None, None, true),
        row("Quart", Syntax::Python, None, None, true),
        row("Starlette", Syntax::Python, None, None, true),
        row("Router", Syntax::Js, Some("prefix"), None, false),
        row("Hono", Syntax::Js, None, None, true),
        row("Koa", Syntax::Js, None, None, true),
        row("express", Syntax::Js, None, None, true),
        row("fastify", Syntax::Js, None, None, true),
    ]
}

/// Calls that include a router in another.
pub const INCLUDES: &[IncludeRow] = &[
    IncludeRow {
        method: "include_router",
        syntax: Syntax::Python,
        prefix_keyword: Some("prefix"),
        prefix_first: false,
    },
    IncludeRow {
        method: "register_blueprint",
        syntax: Syntax::Python,
        prefix_keyword: Some("url_prefix"),
        prefix_first: false,
    },
    IncludeRow {
        method: "mount",
        syntax: Syntax::Python,
        prefix_keyword: Some("path"),
        prefix_first: true,
    },
    IncludeRow {
        method: "use",
        syntax: Syntax::Js,
        prefix_keyword: None,
        prefix_first: true,
    },
    IncludeRow {
        method: "route",
        syntax: Syntax::Js,
        prefix_keyword: None,
        prefix_first: true,
    },
    IncludeRow {
        method: "register",
        syntax: Syntax::Js,
        prefix_keyword: Some("prefix"),
        prefix_first: false,
    },
];

/// Django URLconf calls: `path()` and `re_path()` (and the old `url()`, a regular expression too), each
/// with whether its route is a regular expression.
pub const DJANGO_PATHS: &[(&str, bool)] = &[("path", false), ("re_path", true), ("url", true)];

/// The Django setting naming the root URLconf.
pub const DJANGO_ROOT_URLCONF: &str = "ROOT_URLCONF";

/// Django's `include()`.
pub const DJANGO_INCLUDE: &str = "include";

/// The module-level name that gives a Django URLconf its namespace.
pub const DJANGO_APP_NAME: &str = "app_name";

/// Django REST framework routers: a constructor whose name ends with this (`DefaultRouter`,
/// `SimpleRouter`, an in-house `NetBoxRouter`) makes `register(prefix, viewset)` a route pair.
pub const DRF_ROUTER_SUFFIX: &str = "Router";

/// The routes a DRF router's `register(prefix, viewset)` gives: (name suffix, path after the prefix).
pub const DRF_ROUTES: &[(&str, &str)] = &[("list", ""), ("detail", "{pk}")];

/// Suffixes taken off a viewset's class name to get the base name of its routes (`RackViewSet` -> `rack`).
pub const DRF_VIEWSET_SUFFIXES: &[&str] = &["ViewSet", "Viewset", "APIView", "View"];

/// Calls that name a route and give its URL: (name, syntax). Django's `reverse('ns:name')`, Flask's
/// `url_for('bp.view')`.
pub const URL_BY_NAME: &[(&str, Syntax)] = &[
    ("resolve_url", Syntax::Python),
    ("reverse", Syntax::Python),
    ("reverse_lazy", Syntax::Python),
    ("url_for", Syntax::Python),
];

/// Constructors of test clients whose argument is the app under test (`TestClient(app)`,
/// `ASGITransport(app=app)`, `supertest(app)`, `request(app)`), and methods of an app that give one
/// (`app.test_client()`).
pub const CLIENT_OF_APP: &[(&str, Syntax)] = &[
    ("ASGITransport", Syntax::Python),
    ("AsyncClient", Syntax::Python),
    ("Client", Syntax::Python),
    ("TestClient", Syntax::Python),
    ("WSGITransport", Syntax::Python),
    ("request", Syntax::Js),
    ("supertest", Syntax::Js),
];

/// The HTTP method a name gives, when the name is a verb or ends with one (`get`, `api_get`, `getJson` does
/// not).
pub fn verb_of(name: &str) -> Option<&'static str> {
    let last = name.rsplit(['_', '.']).next().unwrap_or(name);
    VERBS
        .iter()
        .find(|(v, _)| last.eq_ignore_ascii_case(v))
        .and_then(|(_, m)| *m)
}

/// True when `name` is a route-declaring method of `syntax` (a verb, or one of [`ANY_METHOD_DECLARES`]).
pub fn declares(name: &str, syntax: Syntax, extra: &[String]) -> bool {
    VERBS.iter().any(|(v, _)| *v == name)
        || ANY_METHOD_DECLARES
            .iter()
            .any(|(n, s)| *n == name && *s == syntax)
        || extra.iter().any(|e| e == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_from_names() {
        assert_eq!(verb_of("get"), Some("GET"));
        assert_eq!(verb_of("api_post"), Some("POST"));
        assert_eq!(verb_of("route"), None);
        assert!(declares("route", Syntax::Python, &[]));
        assert!(!declares("route", Syntax::Js, &[]));
        assert!(declares("endpoint", Syntax::Js, &["endpoint".to_string()]));
    }
}
