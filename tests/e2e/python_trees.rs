//! The three binaries chained on Python trees built per test: statuses, mappings and the report's rows.

use crate::support::{evidence_kinds as kinds, pipeline, run, Tree};
use serde_json::json;

/// A service of the reference's shape in miniature: re-exports, import-only, indirect, limited, untested.
fn service() -> Tree {
    Tree::new()
        .file("app/__init__.py", "")
        .file("app/db/__init__.py", "")
        .file(
            "app/db/repositories/__init__.py",
            r#"
            from .user_repository import UserRepository
            from .event_repository import EventRepository
            __all__ = ["UserRepository", "EventRepository"]
            "#,
        )
        .file(
            "app/db/repositories/user_repository.py",
            r#"
            from sqlalchemy import select


            class UserRepository:
                def __init__(self, session):
                    self.session = session

                async def get(self, user_id):
                    if user_id is None:
                        raise ValueError("user_id")
                    return await self.session.get(user_id)
            "#,
        )
        .file(
            "app/db/repositories/event_repository.py",
            r#"
            from sqlalchemy import select


            class EventRepository:
                def list_events(self, kind=None, limit=10):
                    query = select("events")
                    if kind and limit:
                        query = query.where(kind)
                    return [e for e in query if e]

                def count(self):
                    return 0
            "#,
        )
        .file("app/services/__init__.py", "")
        .file(
            "app/services/auth_service.py",
            r#"
            from app.db.repositories import UserRepository


            def login(repo: UserRepository, name, password):
                if not name or not password:
                    raise PermissionError("login")
                return repo.get(name)
            "#,
        )
        .file(
            "app/services/users.py",
            r#"
            from app.services import auth_service


            def signup(name):
                return auth_service.login(None, name, "x")


            def delete(name):
                return name


            def rename(name, new):
                return new


            def export(name):
                return [name]
            "#,
        )
        .file(
            "app/services/notifications.py",
            r#"
            def notify(user):
                return user
            "#,
        )
        .file(
            "tests/test_users.py",
            r#"
            from app.services.users import signup
            from app.services import notifications


            def test_signup():
                assert signup("ann") is not None
            "#,
        )
        .file(
            "tests/integration/test_user_repository.py",
            r#"
            import pytest
            from app.db.repositories import UserRepository


            @pytest.mark.asyncio
            async def test_get(session):
                repo = UserRepository(session)
                assert await repo.get(1)
            "#,
        )
        .file(
            "tests/conftest.py",
            r#"
            import pytest


            @pytest.fixture
            def session():
                return object()
            "#,
        )
}

#[test]
fn statuses_and_mappings_follow_the_documented_rules() {
    let tree = service();
    let p = pipeline(tree.path(), &["--format", "json"]);

    let repo = p.module("app/db/repositories/user_repository.py");
    assert_eq!(
        repo["status"], "tested",
        "re-exported class used by a test: {repo}"
    );
    assert_eq!(
        repo["direct_tests"],
        json!(["tests/integration/test_user_repository.py"])
    );
    assert_eq!(repo["test_type"], "Integration");

    let events = p.module("app/db/repositories/event_repository.py");
    assert_eq!(events["status"], "untested");
    assert_eq!(
        events["branches"], 4,
        "if, and, for, if in the comprehension: {events}"
    );
    assert_eq!(
        events["missing_symbols"],
        json!(["EventRepository.list_events", "EventRepository.count"])
    );

    let users = p.module("app/services/users.py");
    assert_eq!(users["status"], "limited", "1 of 4 public functions used");
    assert_eq!(users["referenced_symbols"], 1);
    assert_eq!(users["public_symbols"], 4);

    let auth = p.module("app/services/auth_service.py");
    assert_eq!(auth["status"], "indirect");
    assert_eq!(auth["indirect_via"], json!(["app/services/users.py"]));
    assert_eq!(
        auth["priority"], "HIGH",
        "25 indirect + 20 sensitive + size, branches, fan-in: {auth}"
    );
    assert_eq!(
        auth["raises"],
        json!([{"line": 6, "name": "PermissionError"}])
    );

    let notes = p.module("app/services/notifications.py");
    assert_eq!(notes["status"], "import_only");
    assert_eq!(notes["import_only_tests"], json!(["tests/test_users.py"]));

    let init = p.module("app/db/repositories/__init__.py");
    assert_eq!(init["testable"], false);

    let doc = p.json();
    let tests: Vec<_> = doc["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["path"].clone(), t["kind"].clone(), t["suite"].clone()))
        .collect();
    assert!(tests.contains(&(json!("tests/conftest.py"), json!("support"), json!("other"))));
    assert!(tests.contains(&(
        json!("tests/integration/test_user_repository.py"),
        json!("test"),
        json!("integration")
    )));
    let total = &doc["summary"];
    assert_eq!(total["modules"], 5);
    assert_eq!(
        [
            &total["untested"],
            &total["import_only"],
            &total["indirect"],
            &total["limited"],
            &total["tested"]
        ],
        [&json!(1), &json!(1), &json!(1), &json!(1), &json!(1)]
    );
    assert_eq!(total["coverage_percent"], 40);
}

#[test]
fn evidence_says_where_each_credit_comes_from() {
    let tree = service();
    let p = pipeline(tree.path(), &["--format", "json"]);
    let evidence = |path: &str| p.module(path)["evidence"].clone();
    assert_eq!(
        evidence("app/db/repositories/user_repository.py"),
        json!([{
            "test": "tests/integration/test_user_repository.py",
            "line": 7,
            "kind": "reference",
            "detail": "UserRepository"
        }])
    );
    assert_eq!(
        evidence("app/services/users.py"),
        json!([{"test": "tests/test_users.py", "line": 6, "kind": "reference", "detail": "signup"}])
    );
    assert_eq!(
        evidence("app/services/notifications.py"),
        json!([{"test": "tests/test_users.py", "line": 2, "kind": "import"}])
    );
    assert_eq!(
        evidence("app/services/auth_service.py"),
        json!([{"test": "app/services/users.py", "line": 1, "kind": "indirect"}]),
        "indirect evidence names the tested module and its import"
    );
    assert_eq!(
        evidence("app/db/repositories/event_repository.py"),
        json!([])
    );
    let explained = run(
        "gap-rank",
        &["--explain", "app/services/auth_service.py"],
        &p.scan.stdout,
    );
    let text = String::from_utf8(explained.stdout).unwrap();
    assert!(
        text.contains("\n  indirect   app/services/users.py:1\n"),
        "{text}"
    );
}

#[test]
fn markdown_report_shows_the_rows_a_reader_needs() {
    let tree = service();
    let p = pipeline(tree.path(), &["--format", "markdown"]);
    let text = p.text();
    assert!(text.contains("## Critical Gaps"), "{text}");
    assert!(
        text.contains("| `auth_service.py` | Unit | login, error cases | HIGH | no direct tests; reached only through app/services/users.py |"),
        "{text}"
    );
    assert!(text.contains("event_repository.py"), "{text}");
    assert!(text.contains("## Summary"), "{text}");
    assert!(text.contains("| **TOTAL** |"), "{text}");
}

#[test]
fn src_layout_and_relative_imports_resolve() {
    let tree = Tree::new()
        .file("pyproject.toml", "[project]\nname = 'pkg'\n")
        .file("src/pkg/__init__.py", "from .core import Engine\n")
        .file(
            "src/pkg/core.py",
            r#"
            from . import util
            from .sub.deep import helper


            class Engine:
                def start(self):
                    return util.clamp(helper())
            "#,
        )
        .file("src/pkg/util.py", "def clamp(x):\n    return max(0, x)\n")
        .file("src/pkg/sub/__init__.py", "")
        .file("src/pkg/sub/deep.py", "def helper():\n    return 1\n")
        .file(
            "tests/test_engine.py",
            r#"
            import pkg


            def test_start():
                assert pkg.Engine().start() == 1
            "#,
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let core = p.module("src/pkg/core.py");
    assert_eq!(core["status"], "tested", "{core}");
    assert_eq!(core["name"], "pkg.core");
    assert_eq!(
        core["imports"],
        json!([
            "src/pkg/__init__.py",
            "src/pkg/sub/deep.py",
            "src/pkg/util.py"
        ])
    );
    assert_eq!(p.module("src/pkg/util.py")["status"], "indirect");
    assert_eq!(
        p.module("src/pkg/util.py")["imported_by"],
        json!(["src/pkg/core.py"])
    );
    assert_eq!(p.module("src/pkg/sub/deep.py")["status"], "indirect");
    let cat = p.json()["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "src/pkg")
        .unwrap()
        .clone();
    assert_eq!(cat["name"], "Pkg");
}

#[test]
fn several_roots_beside_a_tests_package() {
    let tree = Tree::new()
        .file("backend/app/__init__.py", "")
        .file("backend/app/kafka/__init__.py", "")
        .file("backend/app/kafka/events/__init__.py", "")
        .file("backend/app/kafka/events/user.py", "class UserCreated:\n    pass\n")
        .file("backend/workers/__init__.py", "")
        .file(
            "backend/workers/run_replay.py",
            "from app.kafka.events.user import UserCreated\n\n\ndef main():\n    return UserCreated()\n",
        )
        .file("backend/tests/__init__.py", "")
        .file(
            "backend/tests/unit/test_replay.py",
            "from workers.run_replay import main\n\n\ndef test_main():\n    assert main()\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    assert_eq!(
        p.module("backend/workers/run_replay.py")["status"],
        "tested"
    );
    assert_eq!(
        p.module("backend/app/kafka/events/user.py")["status"],
        "indirect"
    );
    let cats = p.json()["categories"].clone();
    let names: Vec<&str> = cats
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["summary"]["modules"].as_u64() > Some(0))
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    // Two modules are too few to split: one category, named after the folder they share.
    assert_eq!(names, ["Backend"]);
}

#[test]
fn ignored_and_virtualenv_folders_are_not_scanned() {
    let tree = Tree::new()
        .file(".gitignore", "generated/\n")
        .file("generated/big.py", "def g():\n    pass\n")
        .file(".venv/lib/site.py", "def s():\n    pass\n")
        .file("venv2/pyvenv.cfg", "home = /usr\n")
        .file("venv2/lib/x.py", "def v():\n    pass\n")
        .file("node_modules/a/b.py", "def n():\n    pass\n")
        .file("app/__pycache__/x.py", "def c():\n    pass\n")
        .file("app/real.py", "def r():\n    pass\n");
    let p = pipeline(tree.path(), &["--format", "json"]);
    let paths: Vec<String> = p.json()["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["app/real.py"]);
}

#[test]
fn unreadable_files_are_reported_and_skipped() {
    let tree = Tree::new()
        .bytes("app/latin1.py", b"def f():\n    return '\xe9'\n")
        .file("app/fine.py", "def ok():\n    return 1\n");
    let scan = run("gap-scan", &[tree.path().to_str().unwrap()], b"");
    assert!(scan.status.success());
    let stderr = String::from_utf8_lossy(&scan.stderr);
    assert!(
        stderr.contains("gap-scan: warning: app/latin1.py: not UTF-8 (line 2"),
        "{stderr}"
    );
    let doc: serde_json::Value = serde_json::from_slice(&scan.stdout).unwrap();
    assert_eq!(doc["modules"].as_array().unwrap().len(), 1);
    assert!(
        doc["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["path"] == "app/latin1.py"),
        "{}",
        doc["warnings"]
    );
}

#[test]
fn same_tree_same_bytes() {
    let tree = service();
    let a = run("gap-scan", &[tree.path().to_str().unwrap()], b"");
    let b = run("gap-scan", &[tree.path().to_str().unwrap()], b"");
    assert_eq!(a.stdout, b.stdout);
    let ra = run(
        "gap-report",
        &["--format", "markdown"],
        &run("gap-rank", &[], &a.stdout).stdout,
    );
    let rb = run(
        "gap-report",
        &["--format", "markdown"],
        &run("gap-rank", &[], &b.stdout).stdout,
    );
    assert_eq!(ra.stdout, rb.stdout);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    // Enough modules that the document outgrows the pipe's buffer, so the writer meets a closed pipe.
    let mut tree = Tree::new();
    for i in 0..400 {
        tree = tree.file(
            &format!("app/m{i:03}.py"),
            "def f(a, b):\n    return a and b\n",
        );
    }
    let script = format!(
        "'{}' '{}' | head -1; echo \"status=${{PIPESTATUS[0]}}\"",
        crate::support::bin("gap-scan").display(),
        tree.path().display()
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(script)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout,
        "{\nstatus=0\n",
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn bad_input_stops_with_exit_2_and_one_line() {
    let missing = run("gap-scan", &["/no/such/folder"], b"");
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&missing.stderr),
        "gap-scan: error: /no/such/folder: no such file or directory\n"
    );
    let bad = run("gap-rank", &[], b"{\"schema\": \"gap/1\"\n  \"x\": 1}");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr)
        .starts_with("gap-rank: error: <stdin>:2:3: malformed JSON"));
    let report = run("gap-report", &[], b"");
    assert_eq!(report.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&report.stderr).contains("empty input"));
}

#[test]
fn modules_named_by_string_are_by_name_evidence() {
    let tree = Tree::new()
        .file(
            "pyproject.toml",
            "[project]\nname = \"md\"\n\n[project.scripts]\nmd = 'md.cli:main'\n\n[project.entry-points.'md.extensions']\ntables = 'md.extensions.tables:TableExtension'\n",
        )
        .file("md/__init__.py", "from .core import render\n")
        .file(
            "md/core.py",
            r#"
            import importlib


            def render(text, extensions=()):
                for name in extensions:
                    load(name)
                return text


            def load(name):
                return importlib.import_module(name)
            "#,
        )
        .file("md/extensions/__init__.py", "")
        .file(
            "md/extensions/tables.py",
            "class TableExtension:\n    def extend(self, md):\n        return md\n",
        )
        .file(
            "md/extensions/toc.py",
            "class TocExtension:\n    def extend(self, md):\n        return md\n",
        )
        .file(
            "md/extensions/extra.py",
            "NAMES = ['tables']\n\n\nclass ExtraExtension:\n    def extend(self, md):\n        return NAMES\n",
        )
        .file("md/compat.py", "def shim():\n    return 1\n")
        .file("md/legacy.py", "def old():\n    return 1\n")
        .file("md/cli.py", "def main():\n    return 0\n")
        .file(
            "tests/test_ext.py",
            r#"
            import importlib
            import pytest
            from unittest import mock
            from md import render


            def test_tables():
                assert render("x", extensions=["tables"]) == "x"


            def test_toc_by_dotted_name():
                render("x", extensions=["md.extensions.toc:TocExtension"])


            def test_compat():
                assert importlib.import_module("md.compat")


            def test_patch():
                with mock.patch("md.cli.main"):
                    pass


            def test_legacy():
                pytest.importorskip("md.legacy")
            "#,
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let by_name = |path: &str, want: &[&str]| {
        let m = p.module(path);
        assert_eq!(
            m["direct_tests"],
            json!(["tests/test_ext.py"]),
            "{path}: {m}"
        );
        assert_eq!(kinds(&m), want, "{path}");
        m
    };
    // An entry-point name in a test's call: the module, and the object the entry point names.
    let tables = by_name("md/extensions/tables.py", &["reference", "by_name"]);
    assert_eq!(tables["status"], "tested");
    let ev = tables["evidence"].as_array().unwrap();
    assert_eq!(ev[1]["detail"], "tables");
    assert_eq!(ev[1]["line"], 8);
    // A dotted `module:Object` string.
    assert_eq!(
        by_name("md/extensions/toc.py", &["reference", "by_name"])["status"],
        "tested"
    );
    // importlib.import_module("md.compat"): by name, no symbol used, so limited.
    assert_eq!(by_name("md/compat.py", &["by_name"])["status"], "limited");
    // mock.patch("md.cli.main") names the module; `main` is replaced, not tested.
    let cli = by_name("md/cli.py", &["by_name"]);
    assert_eq!(cli["symbols"][0]["referenced"], false);
    assert_eq!(cli["evidence"][0]["detail"], "md.cli.main");
    // pytest.importorskip is an import.
    let legacy = p.module("md/legacy.py");
    assert_eq!(legacy["status"], "import_only", "{legacy}");
    assert_eq!(kinds(&legacy), ["import"]);
    // A source module naming an entry point loads it: extra.py imports tables.py by name.
    assert_eq!(
        p.module("md/extensions/extra.py")["imports"],
        json!(["md/extensions/tables.py"])
    );
}

#[test]
fn fallbacks_and_module_getattr_credit_the_code_that_runs() {
    let tree = Tree::new()
        .file(
            "pkg/__init__.py",
            r#"
            try:
                from ._main import main
            except ImportError:
                def main():
                    raise SystemExit("install the cli extra")


            def __getattr__(name):
                if name == "OldThing":
                    from .core import Thing
                    return Thing
                raise AttributeError(name)
            "#,
        )
        .file("pkg/_main.py", "def main():\n    return 0\n")
        .file("pkg/core.py", "class Thing:\n    pass\n")
        .file(
            "tests/test_main.py",
            "import pkg\n\n\ndef test_main():\n    assert pkg.main() == 0\n",
        )
        .file(
            "tests/test_old.py",
            "import pkg\n\n\ndef test_old():\n    assert pkg.OldThing\n",
        )
        .file(
            "tests/test_proxy.py",
            "import pkg\n\n\nclass Proxy:\n    def __getattr__(self, name):\n        return name\n\n\ndef test_proxy():\n    assert Proxy().x == 'x'\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    // The import the try block makes wins over the except block's fallback definition.
    let main = p.module("pkg/_main.py");
    assert_eq!(main["status"], "tested", "{main}");
    assert_eq!(main["direct_tests"], json!(["tests/test_main.py"]));
    assert_eq!(kinds(&main), ["reference"]);
    // PEP 562: reading a name the module-level __getattr__ serves runs it; a test's own __getattr__ does not.
    let init = p.module("pkg/__init__.py");
    assert_eq!(init["direct_tests"], json!(["tests/test_old.py"]), "{init}");
    assert_eq!(
        init["import_only_tests"],
        json!(["tests/test_main.py", "tests/test_proxy.py"])
    );
    assert_eq!(kinds(&init), ["import", "reference", "import"]);
    assert_eq!(init["evidence"][1]["detail"], "__getattr__");
    let fallback = init["symbols"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "main")
        .unwrap();
    assert_eq!(fallback["referenced"], false, "the fallback never ran");
}

#[test]
fn test_named_modules_are_source_and_stub_modules_declarations() {
    let tree = Tree::new()
        .file("pkg/__init__.py", "")
        .file(
            "pkg/tests.py",
            "def test_odd(value):\n    return value % 2 == 1\n\n\nTESTS = {'odd': test_odd}\n",
        )
        .file(
            "pkg/defaults.py",
            "from .tests import TESTS\n\n\ndef tests():\n    return dict(TESTS)\n",
        )
        .file(
            "pkg/test_tools.py",
            "import unittest\n\n\nclass TestCase(unittest.TestCase):\n    def assertRenders(self, text):\n        self.assertTrue(text)\n",
        )
        .file(
            "pkg/types.py",
            "import typing\n\nAlias = typing.Callable[[int], int]\n\n\nclass Render(typing.Protocol):\n    def dumps(self, obj: typing.Any) -> str: ...\n",
        )
        .file(
            "tests/test_render.py",
            "from pkg.defaults import tests\nfrom pkg.test_tools import TestCase\n\n\nclass TestRender(TestCase):\n    def test_render(self):\n        self.assertRenders(tests())\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    // jinja2/tests.py: template tests that a source module imports.
    let tests = p.module("pkg/tests.py");
    assert_eq!(tests["status"], "indirect", "{tests}");
    assert_eq!(tests["indirect_via"], json!(["pkg/defaults.py"]));
    // markdown/test_tools.py: a base class for tests, shipped in the package.
    let tools = p.module("pkg/test_tools.py");
    assert_eq!(tools["status"], "tested", "{tools}");
    assert_eq!(tools["direct_tests"], json!(["tests/test_render.py"]));
    assert_eq!(kinds(&tools), ["reference"]);
    // Only stubs (a Protocol, type aliases): type declarations, no code to test.
    let doc = p.json();
    assert!(doc["modules"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["path"] != "pkg/types.py"));
    let excluded = crate::support::excluded(&doc);
    assert!(
        excluded.contains(&("pkg/types.py", "declaration")),
        "{excluded:?}"
    );
}

#[test]
fn database_migrations_are_not_product_code_unless_gap_toml_says_so() {
    let tree = Tree::new()
        .file("app/__init__.py", "")
        .file("app/models.py", "class User:\n    def name(self):\n        return 'u'\n")
        .file(
            "migrations/versions/2b017edaa91f_add_language.py",
            "from alembic import op\nimport sqlalchemy as sa\n\nrevision = '2b017edaa91f'\ndown_revision = 'ae346256b650'\n\n\ndef upgrade():\n    op.add_column('post', sa.Column('language', sa.String(5)))\n\n\ndef downgrade():\n    op.drop_column('post', 'language')\n",
        )
        .file("shop/__init__.py", "")
        .file("shop/migrations/__init__.py", "")
        .file(
            "shop/migrations/0001_initial.py",
            "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    initial = True\n    dependencies = []\n    operations = [migrations.CreateModel(name='Cart', fields=[])]\n",
        )
        // A module that only looks alike: an upgrade/downgrade pair without a revision chain is product code.
        .file(
            "app/versions.py",
            "def upgrade(v):\n    return v + 1\n\n\ndef downgrade(v):\n    return v - 1\n",
        )
        .file(
            "tests/test_models.py",
            "from app.models import User\n\n\ndef test_name():\n    assert User().name() == 'u'\n",
        );
    let doc = pipeline(tree.path(), &["--format", "json"]).json();
    let excluded: Vec<(&str, &str, &str)> = doc["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap(),
                e["reason"].as_str().unwrap(),
                e["detail"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(excluded.contains(&(
        "migrations/versions/2b017edaa91f_add_language.py",
        "migration",
        "an Alembic revision (upgrade, downgrade, down_revision)"
    )));
    assert!(excluded.contains(&(
        "shop/migrations/0001_initial.py",
        "migration",
        "a Django migration (class Migration with dependencies and operations)"
    )));
    let paths: Vec<&str> = doc["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"app/versions.py"), "{paths:?}");
    assert!(
        !paths
            .iter()
            .any(|p| p.contains("0001_initial") || p.contains("versions/2b01")),
        "{paths:?}"
    );
    // gap.toml brings them back.
    let tree = tree.file("gap.toml", "product = [\"**/migrations/**\"]\n");
    let doc = pipeline(tree.path(), &["--format", "json"]).json();
    assert!(doc["modules"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["path"] == "shop/migrations/0001_initial.py"));
}

#[test]
fn inherited_methods_credit_the_module_that_defines_them() {
    let tree = Tree::new()
        .file("web/__init__.py", "from .app import Web\n")
        .file("web/sansio/__init__.py", "")
        .file(
            "web/sansio/scaffold.py",
            "class Scaffold:\n    def route(self, rule):\n        return rule\n\n    def unused(self):\n        pass\n",
        )
        .file(
            "web/sansio/app.py",
            "from .scaffold import Scaffold\n\n\nclass App(Scaffold):\n    def add_url_rule(self, rule):\n        return rule\n\n    def teardown(self):\n        pass\n",
        )
        .file(
            "web/app.py",
            "from . import sansio\nimport web.sansio.app\n\n\nclass Web(web.sansio.app.App):\n    def run(self):\n        pass\n",
        )
        .file(
            "web/other.py",
            "class Other:\n    def add_url_rule(self):\n        pass\n",
        )
        .file(
            "tests/conftest.py",
            "import pytest\nfrom web import Web\n\n\n@pytest.fixture\ndef app():\n    return Web()\n",
        )
        .file(
            "tests/test_rules.py",
            "def test_rule(app):\n    app.add_url_rule('/x')\n\n\ndef test_route(app):\n    app.route('/y')\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    // `app.add_url_rule` on a Web instance runs App.add_url_rule, two modules away.
    let app = p.module("web/sansio/app.py");
    assert_eq!(app["direct_tests"], json!(["tests/test_rules.py"]), "{app}");
    assert_eq!(kinds(&app), ["reference"]);
    assert_eq!(
        app["evidence"][0]["line"], 1,
        "the test's first fixture use"
    );
    let referenced = |m: &serde_json::Value| -> Vec<String> {
        m["symbols"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["referenced"] == true)
            .map(|s| s["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(referenced(&app), ["App", "App.add_url_rule"]);
    assert_eq!(app["status"], "tested");
    // And Scaffold.route, one base further.
    let scaffold = p.module("web/sansio/scaffold.py");
    assert_eq!(scaffold["direct_tests"], json!(["tests/test_rules.py"]));
    assert_eq!(referenced(&scaffold), ["Scaffold", "Scaffold.route"]);
    // A class outside the chain with a method of the same name gets nothing.
    assert_eq!(p.module("web/other.py")["status"], "untested");
}

#[test]
fn a_module_level_instance_a_test_reads_credits_the_module_that_builds_it() {
    let tree = Tree::new()
        .file(
            "req/__init__.py",
            "from .status_codes import codes\nfrom .api import get\n",
        )
        .file(
            "req/status_codes.py",
            r#"
            from .structures import LookupDict

            _codes = {200: ("ok",), 404: ("not_found",)}
            codes = LookupDict(name="status_codes")


            def _init():
                for code, titles in _codes.items():
                    for title in titles:
                        setattr(codes, title, code)


            _init()
            "#,
        )
        .file(
            "req/structures.py",
            "class LookupDict(dict):\n    def __init__(self, name=None):\n        self.name = name\n",
        )
        .file(
            "req/api.py",
            "from .status_codes import codes\n\n\ndef get(url):\n    return codes.ok\n",
        )
        .file(
            "tests/test_codes.py",
            "import req\n\n\ndef test_ok():\n    assert req.codes.ok == 200\n",
        )
        .file(
            "tests/test_api.py",
            "from req import get\n\n\ndef test_get():\n    assert get('/')\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    // `req.codes` is the registry status_codes.py fills as it is imported: the test reads what its code built.
    let codes = p.module("req/status_codes.py");
    assert_eq!(codes["status"], "tested", "{codes}");
    assert_eq!(codes["direct_tests"], json!(["tests/test_codes.py"]));
    assert_eq!(kinds(&codes), ["reference"]);
    assert_eq!(codes["evidence"][0]["detail"], "codes");
    assert_eq!(codes["evidence"][0]["line"], 5);
    // An instance is no public symbol of its own: the module's symbols are its functions and classes.
    assert_eq!(codes["public_symbols"], 0);
}

#[test]
fn gap_toml_loaders_name_modules_by_their_string_argument() {
    let tree = |toml: &str| {
        Tree::new()
            .file("gap.toml", toml)
            .file(
                "plugins.py",
                "import importlib\n\n\ndef load_plugin(name):\n    return importlib.import_module(name)\n\n\ndef register(name):\n    return name\n",
            )
            .file("csvplug.py", "def read():\n    return 1\n")
            .file("jsonplug.py", "def read():\n    return 2\n")
            .file(
                "tests/test_plugins.py",
                "from plugins import load_plugin, register\n\n\ndef test_json():\n    assert load_plugin('jsonplug')\n\n\ndef test_csv():\n    assert register('csvplug')\n",
            )
    };
    let with = tree("[python]\nloaders = [\"plugins.load_plugin\"]\n");
    let p = pipeline(with.path(), &["--format", "json"]);
    // The loader's one-part string argument names a module of the tree.
    let json_plug = p.module("jsonplug.py");
    assert_eq!(
        json_plug["direct_tests"],
        json!(["tests/test_plugins.py"]),
        "{json_plug}"
    );
    assert_eq!(kinds(&json_plug), ["by_name"]);
    assert_eq!(json_plug["evidence"][0]["detail"], "jsonplug");
    assert_eq!(json_plug["evidence"][0]["line"], 5);
    assert_eq!(json_plug["status"], "limited");
    // A call that is no loader names nothing.
    assert_eq!(p.module("csvplug.py")["status"], "untested");
    // Without the gap.toml entry, `load_plugin('jsonplug')` names nothing either.
    let without = tree("");
    let p = pipeline(without.path(), &["--format", "json"]);
    assert_eq!(p.module("jsonplug.py")["status"], "untested");
}

#[test]
fn codec_modules_are_reached_by_codec_name_and_test_folders_by_their_suffix() {
    let tree = Tree::new()
        .file("lib/encodings/__init__.py", "def search_function(encoding):\n    return None\n")
        .file(
            "lib/encodings/aliases.py",
            "aliases = {\n    'latin1': 'latin_1',\n    'iso_8859_1': 'latin_1',\n}\n",
        )
        .file("lib/encodings/cp037.py", "def getregentry():\n    return 1\n")
        .file("lib/encodings/latin_1.py", "def getregentry():\n    return 1\n")
        .file("lib/encodings/utf_7.py", "def getregentry():\n    return 1\n")
        .file("lib/encodings/koi8_r.py", "def getregentry():\n    return 1\n")
        .file("lib/encodings/cp1125.py", "def getregentry():\n    return 1\n")
        .file(
            "lib/test/test_codecs.py",
            "import codecs\n\nALL = ['cp1125', 'no_such']\n\n\ndef test_codecs():\n    assert 'x'.encode('cp037')\n    codecs.lookup('UTF-7')\n\n\ndef test_open():\n    open('f', encoding='ISO-8859-1')\n\n\ndef test_all():\n    for name in ALL:\n        codecs.lookup(name)\n",
        )
        .file(
            "lib/test/test_strings.py",
            "def test_upper():\n    assert 'koi8_r'.upper() == 'KOI8_R'\n",
        )
        .file("lib/idlelib/__init__.py", "")
        .file("lib/idlelib/config.py", "def load():\n    return 1\n")
        .file(
            "lib/idlelib/idle_test/htest.py",
            "from idlelib import config\n\n\ndef run():\n    config.load()\n",
        )
        .file(
            "lib/idlelib/idle_test/test_config.py",
            "from idlelib.config import load\n\n\ndef test_load():\n    load()\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let evidence = |path: &str| crate::support::evidence(&p.module(path));
    // The codec name, and the function the registry calls on the module it finds.
    let row = |detail: &str| {
        let t = "lib/test/test_codecs.py".to_string();
        vec![
            (
                t.clone(),
                "reference".to_string(),
                "getregentry".to_string(),
            ),
            (t, "by_name".to_string(), detail.to_string()),
        ]
    };
    assert_eq!(evidence("lib/encodings/cp037.py"), row("cp037"));
    assert_eq!(evidence("lib/encodings/utf_7.py"), row("UTF-7"));
    // Through the aliases table: iso-8859-1 is latin_1.
    assert_eq!(evidence("lib/encodings/latin_1.py"), row("ISO-8859-1"));
    let latin = p.module("lib/encodings/latin_1.py");
    assert_eq!(latin["status"], "tested", "{latin}");
    assert_eq!(latin["direct_tests"], json!(["lib/test/test_codecs.py"]));
    // A list of names in a file that uses codecs by name: codec names too. The same string in a file that
    // uses no codec by name is only a string.
    assert_eq!(evidence("lib/encodings/cp1125.py"), row("cp1125"));
    assert_eq!(p.module("lib/encodings/koi8_r.py")["status"], "untested");
    // `idle_test` is a test folder: its helper is no source module, its test tests config.py.
    let doc = p.json();
    let htest = "lib/idlelib/idle_test/htest.py";
    let modules = doc["modules"].as_array().unwrap();
    assert!(!modules.iter().any(|m| m["path"] == htest), "{doc}");
    assert_eq!(
        p.module("lib/idlelib/config.py")["direct_tests"],
        json!(["lib/idlelib/idle_test/test_config.py"])
    );
}

#[test]
fn a_module_bound_package_reaches_the_definers_of_the_names_its_importer_uses() {
    let tree = Tree::new()
        .file("shop/__init__.py", "")
        .file(
            "shop/forms/__init__.py",
            "from .edit import *\nfrom .filters import *\n",
        )
        .file(
            "shop/forms/edit.py",
            "class EditForm:\n    def clean(self):\n        return self\n",
        )
        .file(
            "shop/forms/filters.py",
            "class FilterForm:\n    def clean(self):\n        return None\n",
        )
        .file(
            "shop/views.py",
            "from . import forms\n\n\ndef edit(request):\n    return forms.EditForm().clean()\n",
        )
        .file(
            "tests/test_views.py",
            "from shop.views import edit\n\n\ndef test_edit():\n    assert edit(None)\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    assert_eq!(p.module("shop/views.py")["status"], "tested");
    // views.py runs `forms.EditForm`: the package re-exports it from edit.py, whose code so runs too.
    let edit = p.module("shop/forms/edit.py");
    assert_eq!(edit["status"], "indirect", "{edit}");
    assert_eq!(edit["indirect_via"], json!(["shop/views.py"]));
    // The package's other re-export is imported with it, but views.py never uses it: no reach.
    let filters = p.module("shop/forms/filters.py");
    assert_eq!(filters["status"], "untested", "{filters}");
    assert_eq!(filters["indirect_via"], json!([]));
}
