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

/// Django settings (and settings dict keys) that name, by dotted strings, classes or functions the framework
/// runs on every request a test client makes, each with the methods it calls on a class named there: the
/// middleware chain, the authentication backends, Django REST framework's per-request policies, a template
/// engine's context processors (functions). A setting run only on some requests (`DEFAULT_METADATA_CLASS`
/// for `OPTIONS`, `EXCEPTION_HANDLER` on errors, `DEFAULT_SCHEMA_CLASS`) is not listed.
pub const PER_REQUEST_SETTINGS: &[(&str, &[&str])] = &[
    (
        "AUTHENTICATION_BACKENDS",
        &[
            "authenticate",
            "get_all_permissions",
            "get_group_permissions",
            "get_user",
            "get_user_permissions",
            "has_module_perms",
            "has_perm",
            "user_can_authenticate",
        ],
    ),
    (
        "DEFAULT_AUTHENTICATION_CLASSES",
        &["authenticate", "authenticate_header"],
    ),
    (
        "DEFAULT_CONTENT_NEGOTIATION_CLASS",
        &["select_parser", "select_renderer"],
    ),
    ("DEFAULT_FILTER_BACKENDS", &["filter_queryset"]),
    (
        "DEFAULT_PAGINATION_CLASS",
        &["get_paginated_response", "paginate_queryset"],
    ),
    ("DEFAULT_PARSER_CLASSES", &["parse"]),
    (
        "DEFAULT_PERMISSION_CLASSES",
        &["has_object_permission", "has_permission"],
    ),
    ("DEFAULT_RENDERER_CLASSES", &["render"]),
    ("DEFAULT_THROTTLE_CLASSES", &["allow_request", "wait"]),
    ("DEFAULT_VERSIONING_CLASS", &["determine_version"]),
    ("MIDDLEWARE", MIDDLEWARE_METHODS),
    ("MIDDLEWARE_CLASSES", MIDDLEWARE_METHODS),
    ("context_processors", &[]),
];

/// The methods Django calls on a middleware class.
const MIDDLEWARE_METHODS: &[&str] = &[
    "__call__",
    "__init__",
    "process_exception",
    "process_request",
    "process_response",
    "process_template_response",
    "process_view",
];

/// The methods the framework calls on a class `setting` names, when `setting` is a per-request setting.
pub fn per_request_setting(setting: &str) -> Option<&'static [&'static str]> {
    PER_REQUEST_SETTINGS
        .iter()
        .find(|(s, _)| *s == setting)
        .map(|(_, m)| *m)
}

/// The folder of a Django app whose modules are template tag libraries (`{% load buttons %}` loads
/// `<app>/templatetags/buttons.py`); Django's template engine imports every one of them when it starts.
pub const TEMPLATE_LIBRARY_DIR: &str = "templatetags";

/// The name a template tag library registers its tags and filters with (`register = template.Library()`).
pub const TEMPLATE_LIBRARY_REGISTER: &str = "register";

/// Names a module that renders Django templates uses: a view that renders (or a base class it inherits from).
pub const TEMPLATE_RENDERING: &[&str] = &[
    "TemplateResponse",
    "get_template",
    "render",
    "render_to_response",
    "render_to_string",
    "template_name",
];

/// Methods a request runs on the view class that handles it, and on the base classes of the tree it inherits
/// them from: for every request (Django's `View.dispatch`, Django REST framework's `APIView.initial`...),
/// then by HTTP method (a Django view's `get`, a viewset's `list` and `retrieve` actions).
pub const HANDLER_METHODS: &[(Option<&str>, &[&str])] = &[
    (
        None,
        &[
            "dispatch",
            "finalize_response",
            "get_queryset",
            "get_serializer",
            "get_serializer_class",
            "get_serializer_context",
            "initial",
            "initialize_request",
            "setup",
        ],
    ),
    (Some("DELETE"), &["delete", "destroy"]),
    (Some("GET"), &["get", "list", "retrieve"]),
    (Some("HEAD"), &["get", "head", "list", "retrieve"]),
    (Some("OPTIONS"), &["options"]),
    (Some("PATCH"), &["partial_update", "patch"]),
    (Some("POST"), &["create", "post"]),
    (Some("PUT"), &["put", "update"]),
];

/// Whether a request with HTTP method `method` (unknown: `None`) runs a handler class's method `name`.
pub fn handler_runs(method: Option<&str>, name: &str) -> bool {
    HANDLER_METHODS
        .iter()
        .filter(|(m, _)| m.is_none() || (method.is_some() && *m == method))
        .any(|(_, names)| names.contains(&name))
}

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

    #[test]
    fn methods_a_request_runs() {
        assert!(handler_runs(Some("GET"), "list"));
        assert!(handler_runs(Some("GET"), "dispatch"));
        assert!(!handler_runs(Some("GET"), "create"));
        assert!(handler_runs(None, "dispatch"));
        assert!(
            !handler_runs(None, "list"),
            "no method given: only what every request runs"
        );
        assert_eq!(per_request_setting("MIDDLEWARE"), Some(MIDDLEWARE_METHODS));
        assert_eq!(per_request_setting("DEFAULT_SCHEMA_CLASS"), None);
    }
}
