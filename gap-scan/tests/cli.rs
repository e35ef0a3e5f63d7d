//! gap-scan as a user runs it on trees built per test.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn write(root: &std::path::Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn scan(root: &std::path::Path) -> Value {
    let out = Command::cargo_bin("gap-scan")
        .unwrap()
        .arg(root)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn writes_a_gap1_document_naming_tool_root_and_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pkg/__init__.py", "");
    write(
        dir.path(),
        "pkg/calc.py",
        "# a comment\n\ndef add(a, b):\n    \"\"\"Adds.\"\"\"\n    return a + b if a else b\n",
    );
    write(
        dir.path(),
        "tests/test_calc.py",
        "from pkg.calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n",
    );
    let doc = scan(dir.path());
    assert_eq!(doc["schema"], "gap/1");
    assert_eq!(doc["tool"]["name"], "gap-scan");
    assert_eq!(doc["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(doc["root"], dir.path().to_str().unwrap());
    let calc = doc["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["path"] == "pkg/calc.py")
        .unwrap();
    assert_eq!(calc["lines"], 5);
    assert_eq!(calc["code_lines"], 2);
    assert_eq!(calc["branches"], 1);
    assert_eq!(calc["name"], "pkg.calc");
    assert_eq!(calc["status"], "tested");
    assert_eq!(calc["symbols"][0]["name"], "add");
    assert_eq!(calc["symbols"][0]["line"], 3);
    assert_eq!(calc["named_tests"][0], "tests/test_calc.py");
    let test = &doc["tests"][0];
    assert_eq!(test["path"], "tests/test_calc.py");
    assert_eq!(test["kind"], "test");
    assert_eq!(test["test_functions"], 1);
    assert_eq!(test["exercises"][0], "pkg/calc.py");
    assert!(doc.get("summary").is_none(), "tallies are gap-rank's");
}

#[test]
fn test_detection_by_name_folder_and_markers() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app/core.py", "def f():\n    pass\n");
    write(dir.path(), "app/core_test.py", "def test_f():\n    pass\n");
    write(dir.path(), "tests/factories.py", "def make():\n    pass\n");
    write(
        dir.path(),
        "tests/checks.py",
        "class TestThing:\n    def test_it(self):\n        pass\n",
    );
    write(
        dir.path(),
        "tests/conftest.py",
        "def fixture():\n    pass\n",
    );
    write(
        dir.path(),
        "test_helpers_no_tests.py",
        "def helper():\n    pass\n",
    );
    let doc = scan(dir.path());
    let kinds: Vec<(String, String)> = doc["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["path"].as_str().unwrap().into(),
                t["kind"].as_str().unwrap().into(),
            )
        })
        .collect();
    let want = [
        ("app/core_test.py", "test"),
        ("test_helpers_no_tests.py", "support"),
        ("tests/checks.py", "test"),
        ("tests/conftest.py", "support"),
        ("tests/factories.py", "support"),
    ];
    assert_eq!(kinds, want.map(|(a, b)| (a.to_string(), b.to_string())));
    let modules: Vec<&str> = doc["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["path"].as_str().unwrap())
        .collect();
    assert_eq!(modules, ["app/core.py"]);
}

#[test]
fn a_missing_path_or_a_file_is_a_usage_error() {
    Command::cargo_bin("gap-scan")
        .unwrap()
        .arg("does/not/exist")
        .assert()
        .code(2)
        .stdout("")
        .stderr("gap-scan: error: does/not/exist: no such file or directory\n");
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.py", "");
    Command::cargo_bin("gap-scan")
        .unwrap()
        .arg(dir.path().join("a.py"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a directory"));
}

#[test]
fn an_empty_tree_is_an_empty_document() {
    let dir = tempfile::tempdir().unwrap();
    let doc = scan(dir.path());
    assert_eq!(doc["modules"], serde_json::json!([]));
    assert_eq!(doc["tests"], serde_json::json!([]));
}

fn status_of(doc: &Value, path: &str) -> String {
    doc["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["path"] == path)
        .unwrap_or_else(|| panic!("no {path}"))["status"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn indirect_reach_follows_runtime_imports_only() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "pkg/__init__.py",
        "from .hub import Hub\nfrom .spoke import Spoke\n",
    );
    write(d, "pkg/hub.py", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .typed import T\n\nclass Hub:\n    def run(self):\n        from .lazy import work\n        return work()\n");
    write(
        d,
        "pkg/lazy.py",
        "from .deep import deeper\n\ndef work():\n    return deeper()\n",
    );
    write(d, "pkg/deep.py", "def deeper():\n    return 1\n");
    write(
        d,
        "pkg/typed.py",
        "class T:\n    def m(self):\n        pass\n",
    );
    write(
        d,
        "pkg/spoke.py",
        "class Spoke:\n    def turn(self):\n        pass\n",
    );
    write(
        d,
        "tests/test_hub.py",
        "from pkg import Hub\n\ndef test_run():\n    assert Hub().run() == 1\n",
    );
    let doc = scan(d);
    assert_eq!(status_of(&doc, "pkg/hub.py"), "tested");
    assert_eq!(
        status_of(&doc, "pkg/lazy.py"),
        "indirect",
        "imported inside a tested function"
    );
    assert_eq!(
        status_of(&doc, "pkg/deep.py"),
        "indirect",
        "two imports away"
    );
    assert_eq!(
        status_of(&doc, "pkg/typed.py"),
        "untested",
        "TYPE_CHECKING imports do not run"
    );
    assert_eq!(
        status_of(&doc, "pkg/spoke.py"),
        "untested",
        "the package re-exports it, but nothing tested uses it"
    );
}

#[test]
fn test_classes_without_methods_of_their_own_make_a_test_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "lib/codec.py",
        "class Codec:\n    def dump(self):\n        pass\n",
    );
    write(
        dir.path(),
        "tests/test_base.py",
        "class TestBase:\n    def test_dump(self, codec):\n        codec.dump()\n",
    );
    write(
        dir.path(),
        "tests/test_codec.py",
        "from lib.codec import Codec\nfrom tests.test_base import TestBase\n\nclass TestCodec(TestBase):\n    codec = Codec\n",
    );
    let doc = scan(dir.path());
    let codec = doc["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["path"] == "tests/test_codec.py")
        .unwrap()
        .clone();
    assert_eq!(codec["kind"], "test");
    assert_eq!(status_of(&doc, "lib/codec.py"), "tested");
}
