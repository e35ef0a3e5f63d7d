//! Endpoints exercised over HTTP, per framework, on trees the tests build: route declarations with prefixes
//! from constants and settings, test-client calls with placeholders, route names (`reverse`, `url_for`, DRF
//! routers), a call that must not match, and the report saying "via HTTP".

use crate::support::{evidence, pipeline, run, symbols, Tree};
use serde_json::Value;

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// A DRF router registering `views.RackViewSet` under `racks` (names `dcim-api:rack-list`, `-detail`).
const DRF_RACK_URLS: &str = r#"
from rest_framework.routers import DefaultRouter

from . import views

app_name = "dcim-api"
router = DefaultRouter()
router.register("racks", views.RackViewSet)
urlpatterns = router.urls
"#;

/// A FastAPI service: routers with prefixes, included under a prefix from a settings class attribute.
fn fastapi() -> Tree {
    Tree::new()
        .file("pyproject.toml", "[project]\nname = \"svc\"\n")
        .file("app/__init__.py", "")
        .file(
            "app/settings.py",
            r#"
            class Settings:
                API_V1_STR: str = "/api/v1"
                PROJECT: str = "svc"

            settings = Settings()
            "#,
        )
        .file("app/api/__init__.py", "")
        .file(
            "app/api/users.py",
            r#"
            from fastapi import APIRouter

            router = APIRouter(prefix="/users", tags=["users"])


            @router.get("/me")
            def read_me():
                return {}


            @router.get("/{user_id}")
            def read_user(user_id: int):
                if user_id < 0:
                    raise ValueError("id")
                return {}


            @router.delete("/{user_id}")
            def delete_user(user_id: int):
                return {}
            "#,
        )
        .file(
            "app/api/items.py",
            r#"
            from fastapi import APIRouter

            ITEMS = "/items"
            router = APIRouter(prefix=ITEMS)


            @router.post("/")
            def create_item():
                return {}
            "#,
        )
        .file(
            "app/api/admin.py",
            r#"
            from fastapi import APIRouter

            router = APIRouter(prefix="/admin")


            @router.get("/stats")
            def stats():
                return {}
            "#,
        )
        .file(
            "app/api/reports.py",
            r#"
            from fastapi import APIRouter

            router = APIRouter(prefix="/reports")


            @router.get("/stats")
            def report_stats():
                return {}
            "#,
        )
        .file(
            "app/api/main.py",
            r#"
            from fastapi import APIRouter

            from app.api import items, users

            api_router = APIRouter()
            api_router.include_router(users.router)
            api_router.include_router(items.router)
            "#,
        )
        .file(
            "app/main.py",
            r#"
            from fastapi import FastAPI

            from app.api.admin import router as admin_router
            from app.api.reports import router as reports_router
            from app.api.main import api_router
            from app.settings import settings

            app = FastAPI(title=settings.PROJECT)
            app.include_router(api_router, prefix=settings.API_V1_STR)
            app.include_router(admin_router, prefix=settings.API_V1_STR)
            app.include_router(reports_router, prefix=settings.API_V1_STR)
            "#,
        )
        .file(
            "tests/conftest.py",
            r#"
            import pytest
            from fastapi.testclient import TestClient

            from app.main import app


            @pytest.fixture
            def client():
                with TestClient(app) as c:
                    yield c
            "#,
        )
        .file(
            "tests/api/test_users.py",
            r#"
            from app.settings import settings


            def test_me(client):
                r = client.get(f"{settings.API_V1_STR}/users/me")
                assert r.status_code == 200


            def test_delete(client):
                user_id = 3
                r = client.delete(f"{settings.API_V1_STR}/users/{user_id}")
                assert r.status_code == 200
            "#,
        )
        .file(
            "tests/api/test_items.py",
            r#"
            def test_create(client):
                # GET on a POST-only route, and a path nobody declares: no match.
                client.get("/api/v1/items/")
                client.get("http://testserver/api/v1/nowhere/1?x=2")


            def test_create_post(client):
                r = client.post("http://testserver/api/v1/items/?q=1", json={})
                assert r.status_code == 200


            def test_stats(client, base_url):
                # Two modules declare a GET .../stats: no credit to either.
                client.get(f"{base_url}/stats")
            "#,
        )
}

#[test]
fn fastapi_routes_called_through_the_test_client_are_tested_via_http() {
    let tree = fastapi();
    let p = pipeline(tree.path(), &["--format", "markdown"]);
    let users = p.module("app/api/users.py");
    assert_eq!(
        users["direct_tests"],
        serde_json::json!(["tests/api/test_users.py"])
    );
    assert_eq!(
        evidence(&users),
        [(
            "tests/api/test_users.py".to_string(),
            "http".to_string(),
            "GET /api/v1/users/me".to_string()
        )]
    );
    assert_eq!(users["evidence"][0]["line"], 5);
    // read_me and delete_user are called; read_user (GET /users/{id}) is not: /users/me prefers the literal.
    let referenced: Vec<String> = users["symbols"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["referenced"] == true)
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(referenced, ["read_me", "delete_user"]);
    assert_eq!(users["status"], "tested");

    let items = p.module("app/api/items.py");
    assert_eq!(
        items["status"], "tested",
        "the prefix comes from a module constant"
    );
    assert_eq!(strings(&items["direct_tests"]), ["tests/api/test_items.py"]);
    assert_eq!(
        evidence(&items)[0].2,
        "POST /api/v1/items",
        "scheme, host, query and trailing slash dropped"
    );
    assert_eq!(
        items["evidence"][0]["line"], 8,
        "the GET call on line 3 does not match a POST route"
    );

    // Nobody calls the admin routes (the GET of /nowhere matches nothing): reached only through main.py.
    let admin = p.module("app/api/admin.py");
    assert_eq!(admin["direct_tests"], serde_json::json!([]));
    assert_eq!(admin["status"], "indirect");
    // A call two modules' routes match equally well credits neither, and --explain says why.
    assert_eq!(
        admin["http_unmatched"],
        serde_json::json!([{
            "test": "tests/api/test_items.py",
            "line": 14,
            "call": "GET …/stats",
            "modules": ["app/api/admin.py", "app/api/reports.py"]
        }])
    );
    assert_eq!(
        p.module("app/api/reports.py")["direct_tests"],
        serde_json::json!([])
    );
    let explained = run(
        "gap-rank",
        &["--explain", "app/api/admin.py"],
        &p.scan.stdout,
    );
    let text = String::from_utf8(explained.stdout).unwrap();
    assert!(
        text.contains("HTTP calls not credited (they match routes of more than one module equally well)\n  tests/api/test_items.py:14  GET …/stats  matches app/api/admin.py, app/api/reports.py\n"),
        "{text}"
    );

    // The app the conftest builds the test client from is reached by the tests using the fixture.
    let main = p.module("app/main.py");
    assert_eq!(
        strings(&main["direct_tests"]),
        ["tests/api/test_items.py", "tests/api/test_users.py"]
    );
    // The fixture hands the test the module-level instance `app` (a reference) and a client built from it.
    let main_evidence = evidence(&main);
    assert_eq!(
        main_evidence[..2]
            .iter()
            .map(|(_, kind, detail)| (kind.as_str(), detail.as_str()))
            .collect::<Vec<_>>(),
        [
            ("reference", "app"),
            ("http", "test client built from app at tests/conftest.py:9")
        ]
    );

    let md = p.text();
    assert!(md.contains("`users.py` (via HTTP)"), "{md}");
}

#[test]
fn flask_blueprints_with_url_prefix_and_url_for() {
    let tree = Tree::new()
        .file("pyproject.toml", "[project]\nname = \"blog\"\n")
        .file(
            "blog/__init__.py",
            r#"
            from flask import Flask


            def create_app():
                app = Flask(__name__)
                from blog.auth import bp as auth_bp
                app.register_blueprint(auth_bp, url_prefix="/auth")
                from blog.main import bp as main_bp
                app.register_blueprint(main_bp)
                return app
            "#,
        )
        .file(
            "blog/auth/__init__.py",
            "from flask import Blueprint\n\nbp = Blueprint('auth', __name__)\n\nfrom blog.auth import routes\n",
        )
        .file(
            "blog/auth/routes.py",
            r#"
            from blog.auth import bp


            @bp.route("/login", methods=["GET", "POST"])
            def login():
                return "login"


            @bp.route("/logout")
            def logout():
                return "bye"
            "#,
        )
        .file(
            "blog/main/__init__.py",
            "from flask import Blueprint\n\nbp = Blueprint('main', __name__)\n\nfrom blog.main import routes\n",
        )
        .file(
            "blog/main/routes.py",
            r#"
            from blog.main import bp


            @bp.get("/user/<username>")
            def user(username):
                return username


            @bp.post("/follow/<username>")
            def follow(username):
                return username


            @bp.post("/unfollow/<username>")
            def unfollow(username):
                return username
            "#,
        )
        .file(
            "tests/test_auth.py",
            r#"
            from flask import url_for

            from blog import create_app


            def test_login():
                client = create_app().test_client()
                assert client.post("/auth/login", data={}).status_code == 200


            def test_logout():
                app = create_app()
                with app.test_request_context():
                    assert url_for("auth.logout")
            "#,
        )
        .file(
            "tests/test_main.py",
            r#"
            from blog import create_app


            def test_user():
                client = create_app().test_client()
                name = "susan"
                assert client.get("/user/%s" % name).status_code == 200
                # A path with one segment too many matches nothing.
                assert client.post(f"/follow/{name}/now").status_code == 404
            "#,
        );
    let p = pipeline(tree.path(), &["--format", "markdown"]);
    let auth = p.module("blog/auth/routes.py");
    assert_eq!(auth["status"], "tested");
    let ev = evidence(&auth);
    assert_eq!(ev.len(), 1, "one entry per (test, kind): {ev:?}");
    assert_eq!(ev[0].1, "http");
    assert_eq!(ev[0].2, "POST /auth/login");
    assert!(
        auth["symbols"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["referenced"] == true),
        "login by URL, logout by url_for"
    );
    let main = p.module("blog/main/routes.py");
    assert_eq!(
        main["status"], "limited",
        "user called, follow and unfollow not: 1 of 3"
    );
    assert_eq!(evidence(&main)[0].2, "GET /user/{}");
    assert!(
        p.text()
            .contains("limited: 1 of 3 public symbols, via HTTP"),
        "{}",
        p.text()
    );
}

#[test]
fn django_paths_reverse_names_drf_routers_and_the_views_convention() {
    let tree = Tree::new()
        .file("manage.py", "import os\n")
        .file("site_/__init__.py", "")
        .file(
            "site_/urls.py",
            r#"
            from django.urls import include, path

            urlpatterns = [
                path("dcim/", include("dcim.urls")),
                path("api/dcim/", include("dcim.api.urls")),
            ]
            "#,
        )
        .file("dcim/__init__.py", "")
        .file(
            "dcim/urls.py",
            r#"
            from django.urls import path, re_path

            from . import views

            app_name = "dcim"
            urlpatterns = [
                path("sites/", views.SiteListView.as_view(), name="site_list"),
                re_path(r"^sites/(?P<pk>\d+)/$", views.site_detail, name="site"),
            ]
            "#,
        )
        .file(
            "dcim/views.py",
            r#"
            class SiteListView:
                pass


            def site_detail(request, pk):
                return pk
            "#,
        )
        .file("dcim/api/__init__.py", "")
        .file("dcim/api/urls.py", DRF_RACK_URLS)
        .file(
            "dcim/api/views.py",
            r#"
            class RackViewSet:
                def list(self, request):
                    return []
            "#,
        )
        .file("circuits/__init__.py", "")
        .file(
            "circuits/views.py",
            "class CircuitView:\n    pass\n",
        )
        .file(
            "circuits/urls.py",
            "from django.urls import path\nfrom . import views\nurlpatterns = [path('circuits/', views.CircuitView.as_view(), name='circuit_list')]\n",
        )
        .file("circuits/tests/__init__.py", "")
        .file(
            "circuits/tests/test_views.py",
            r#"
            from utilities.testing import ViewTestCases


            class CircuitTestCase(ViewTestCases.PrimaryObjectViewTestCase):
                def test_nothing_by_url(self):
                    self.assertTrue(True)
            "#,
        )
        .file("dcim/tests/__init__.py", "")
        .file(
            "dcim/tests/test_api.py",
            r#"
            from django.urls import reverse


            class RackTest:
                def test_list(self):
                    url = reverse("dcim-api:rack-list")
                    self.client.get(url)

                def test_detail(self):
                    self.client.get("/api/dcim/racks/7/")
            "#,
        )
        .file(
            "dcim/tests/test_sites.py",
            r#"
            from django.urls import reverse


            class SiteTest:
                def test_list(self):
                    self.client.get(reverse("dcim:site_list"))

                def test_detail(self):
                    self.client.get("/dcim/sites/3/")

                def test_missing(self):
                    self.client.get(reverse("dcim:no_such_view"))
            "#,
        );
    let p = pipeline(tree.path(), &["--format", "markdown"]);
    let views = p.module("dcim/views.py");
    assert_eq!(views["status"], "tested");
    assert_eq!(
        evidence(&views),
        [(
            "dcim/tests/test_sites.py".to_string(),
            "http".to_string(),
            "dcim:site_list".to_string()
        )]
    );
    let api = p.module("dcim/api/views.py");
    assert_eq!(api["status"], "tested", "DRF names rack-list, rack-detail");
    let kinds: Vec<String> = evidence(&api).into_iter().map(|e| e.1).collect();
    assert_eq!(kinds, ["http", "convention"], "test_api.py names dcim/api/");
    // Generic view test cases build their URLs out of sight: the same-app views module by convention.
    let circuits = p.module("circuits/views.py");
    assert_eq!(
        strings(&circuits["direct_tests"]),
        ["circuits/tests/test_views.py"]
    );
    assert_eq!(evidence(&circuits)[0].1, "convention");
    let md = p.text();
    assert!(
        md.contains("tested by naming convention, none of its 1 public symbol used"),
        "{md}"
    );
}

#[test]
fn express_routers_mounted_under_a_prefix_and_supertest_calls() {
    let tree = Tree::new()
        .file("package.json", "{\"name\": \"api\"}\n")
        .file(
            "src/routes/articles.js",
            r#"
            const express = require('express');
            const ctl = require('../controllers/articles');

            const router = express.Router();
            router.get('/:slug', ctl.show);
            router.post('/', ctl.create);
            module.exports = router;
            "#,
        )
        .file(
            "src/controllers/articles.js",
            r#"
            exports.show = (req, res) => res.json({});
            exports.create = (req, res) => res.json({});
            "#,
        )
        .file(
            "src/routes/tags.js",
            r#"
            import { Router } from 'express';
            const router = Router();
            router.get('/tags', (req, res) => res.json([]));
            export default router;
            "#,
        )
        .file(
            "src/app.js",
            r#"
            const express = require('express');
            const articles = require('./routes/articles');
            import tags from './routes/tags';
            const API = '/api';
            const app = express();
            app.use(`${API}/articles`, articles);
            app.use(API, tags);
            module.exports = app;
            "#,
        )
        .file(
            "test/articles.test.js",
            r#"
            const request = require('supertest');
            const app = require('../src/app');

            test('show', async () => {
              const slug = 'hello';
              await request(app).get(`/api/articles/${slug}`).expect(200);
            });

            test('wrong method', async () => {
              await request(app).delete('/api/tags').expect(404);
            });
            "#,
        );
    let p = pipeline(tree.path(), &["--format", "markdown"]);
    let routes = p.module("src/routes/articles.js");
    assert_eq!(routes["status"], "tested");
    assert_eq!(evidence(&routes)[0].2, "GET /api/articles/{}");
    let ctl = p.module("src/controllers/articles.js");
    assert_eq!(
        strings(&ctl["direct_tests"]),
        ["test/articles.test.js"],
        "the handler's module"
    );
    assert_ne!(
        p.module("src/routes/tags.js")["direct_tests"],
        serde_json::json!(["test/articles.test.js"]),
        "DELETE does not match a GET route"
    );
}

/// A Django project whose settings name middleware, an authentication backend and REST framework policies by
/// dotted strings, and whose API viewset inherits its handlers from a base class in another module.
fn django_project() -> Tree {
    Tree::new()
        .file("manage.py", "import os\n")
        .file("site_/__init__.py", "")
        .file(
            "site_/settings.py",
            r#"
            MIDDLEWARE = [
                'django.middleware.common.CommonMiddleware',
                'site_.middleware.AuditMiddleware',
            ]
            AUTHENTICATION_BACKENDS = ['site_.auth.ObjectBackend']
            ROOT_URLCONF = 'site_.urls'
            REST_FRAMEWORK = {
                'DEFAULT_AUTHENTICATION_CLASSES': ('site_.api.auth.TokenAuth',),
                'DEFAULT_PERMISSION_CLASSES': ('site_.api.auth.TokenPermissions',),
                'DEFAULT_SCHEMA_CLASS': 'site_.api.schema.Schema',
            }
            "#,
        )
        .file(
            "site_/urls.py",
            r#"
            from django.urls import include, path

            urlpatterns = [
                path("api/dcim/", include("dcim.api.urls")),
                path("dcim/", include("dcim.urls")),
            ]
            "#,
        )
        .file(
            "dcim/urls.py",
            "from django.urls import path\nfrom . import views\nurlpatterns = [path('sites/', views.site_list, name='site_list')]\n",
        )
        .file(
            "dcim/views.py",
            "from django.shortcuts import render\n\n\ndef site_list(request):\n    return render(request, 'dcim/sites.html')\n",
        )
        .file("site_/templatetags/__init__.py", "")
        .file(
            "site_/templatetags/buttons.py",
            "from django import template\n\nregister = template.Library()\n\n\n@register.simple_tag\ndef edit_button(obj):\n    return obj\n",
        )
        .file(
            "site_/templatetags/shared.py",
            "def not_a_library():\n    return 1\n",
        )
        .file(
            "site_/middleware.py",
            r#"
            class AuditMiddleware:
                def __init__(self, get_response):
                    self.get_response = get_response

                def __call__(self, request):
                    return self.get_response(request)


            def unrelated_helper():
                return 1
            "#,
        )
        .file(
            "site_/auth.py",
            r#"
            class PermissionMixin:
                def has_perm(self, user, perm, obj=None):
                    return True

                def describe(self):
                    return "mixin"


            class ObjectBackend(PermissionMixin):
                def authenticate(self, request, **kw):
                    return None
            "#,
        )
        .file("site_/api/__init__.py", "")
        .file(
            "site_/api/auth.py",
            r#"
            class TokenAuth:
                def authenticate(self, request):
                    return None

                def rotate(self):
                    return None


            class TokenPermissions:
                def has_permission(self, request, view):
                    return True
            "#,
        )
        .file(
            "site_/api/schema.py",
            "class Schema:\n    def get_operation(self, path, method):\n        return {}\n",
        )
        .file(
            "site_/api/viewsets.py",
            r#"
            class BaseViewSet:
                def initial(self, request):
                    return None

                def list(self, request):
                    return []

                def create(self, request):
                    return {}

                def bulk_destroy(self, request):
                    return None
            "#,
        )
        .file("dcim/__init__.py", "")
        .file("dcim/api/__init__.py", "")
        .file("dcim/api/urls.py", DRF_RACK_URLS)
        .file(
            "dcim/api/views.py",
            r#"
            from site_.api.viewsets import BaseViewSet


            class RackViewSet(BaseViewSet):
                queryset = None
            "#,
        )
        .file("dcim/tests/__init__.py", "")
        .file(
            "dcim/tests/test_api.py",
            r#"
            class RackTest:
                def test_list(self):
                    self.client.get("/api/dcim/racks/")

                def test_sites(self):
                    self.client.get("/dcim/sites/")
            "#,
        )
        .file(
            "dcim/tests/test_units.py",
            "def test_nothing_over_http():\n    assert 1 + 1 == 2\n",
        )
}

#[test]
fn django_settings_name_per_request_code_and_viewsets_inherit_their_handlers() {
    let tree = django_project();
    let p = pipeline(tree.path(), &["--format", "markdown"]);
    // Middleware runs on every request a test makes: by_name, from the test's first request, with the
    // methods Django calls.
    let mw = p.module("site_/middleware.py");
    assert_eq!(strings(&mw["direct_tests"]), ["dcim/tests/test_api.py"]);
    assert_eq!(
        evidence(&mw),
        [(
            "dcim/tests/test_api.py".to_string(),
            "by_name".to_string(),
            "MIDDLEWARE in site_/settings.py names site_.middleware.AuditMiddleware".to_string()
        )]
    );
    assert_eq!(mw["evidence"][0]["line"], 3, "the test's first request");
    assert_eq!(
        symbols(&mw),
        [
            ("AuditMiddleware".to_string(), true),
            ("AuditMiddleware.__init__".to_string(), true),
            ("AuditMiddleware.__call__".to_string(), true),
            ("unrelated_helper".to_string(), false),
        ]
    );
    // An authentication backend, with the permission check it inherits from a mixin.
    let backend = p.module("site_/auth.py");
    assert_eq!(backend["status"], "tested");
    assert_eq!(
        symbols(&backend),
        [
            ("PermissionMixin".to_string(), true),
            ("PermissionMixin.has_perm".to_string(), true),
            ("PermissionMixin.describe".to_string(), false),
            ("ObjectBackend".to_string(), true),
            ("ObjectBackend.authenticate".to_string(), true),
        ]
    );
    // REST framework policies: authentication and permission classes; the schema class is not run per
    // request, so its module stays untested.
    let api_auth = p.module("site_/api/auth.py");
    assert_eq!(api_auth["status"], "tested");
    assert!(symbols(&api_auth).contains(&("TokenAuth.authenticate".to_string(), true)));
    assert!(symbols(&api_auth).contains(&("TokenAuth.rotate".to_string(), false)));
    assert!(symbols(&api_auth).contains(&("TokenPermissions.has_permission".to_string(), true)));
    assert_eq!(p.module("site_/api/schema.py")["status"], "untested");
    // The viewset registered by the router inherits its handlers: a GET runs `initial` and `list` of the
    // base class in its own module, not `create` or an action no route calls.
    let base = p.module("site_/api/viewsets.py");
    assert_eq!(
        evidence(&base),
        [(
            "dcim/tests/test_api.py".to_string(),
            "http".to_string(),
            "GET /api/dcim/racks".to_string()
        )]
    );
    assert_eq!(
        symbols(&base),
        [
            ("BaseViewSet".to_string(), true),
            ("BaseViewSet.initial".to_string(), true),
            ("BaseViewSet.list".to_string(), true),
            ("BaseViewSet.create".to_string(), false),
            ("BaseViewSet.bulk_destroy".to_string(), false),
        ]
    );
    assert_eq!(base["status"], "tested");
    // A template tag library runs when a view that renders templates is called: indirect, through the
    // rendering view (not through the API views, which render none); a module of the folder that registers
    // no tags is no library.
    let buttons = p.module("site_/templatetags/buttons.py");
    assert_eq!(buttons["status"], "indirect");
    assert_eq!(strings(&buttons["indirect_via"]), ["dcim/views.py"]);
    assert_eq!(
        p.module("site_/templatetags/shared.py")["status"],
        "untested"
    );
    let md = p.text();
    assert!(!md.contains("`site_/middleware.py`"), "{md}");
    assert!(md.contains("shared.py"), "{md}");
}
