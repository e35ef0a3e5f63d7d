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

#[test]
fn gap_toml_selects_files_names_categories_and_sets_thresholds() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "gap.toml", "exclude = [\"app/migrations/**\"]\n\n[thresholds]\ntested_share = 1.0\n\n[[category]]\nname = \"Kafka Events\"\npaths = [\"app/kafka/events/*.py\"]\n");
    write(d, "app/migrations/m1.py", "def up():\n    pass\n");
    write(
        d,
        "app/kafka/events/user.py",
        "class UserCreated:\n    pass\n",
    );
    write(
        d,
        "app/calc.py",
        "def add(a, b):\n    return a + b\n\ndef sub(a, b):\n    return a - b\n",
    );
    write(
        d,
        "tests/test_calc.py",
        "from app.calc import add\n\ndef test_add():\n    assert add(1, 2) == 3\n",
    );
    let doc = scan(d);
    let paths: Vec<&str> = doc["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["app/calc.py", "app/kafka/events/user.py"]);
    assert_eq!(
        status_of(&doc, "app/calc.py"),
        "limited",
        "1 of 2 is below a tested_share of 1.0"
    );
    let events = doc["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "Kafka Events")
        .unwrap()
        .clone();
    assert_eq!(events["name"], "Kafka Events");
    assert_eq!(doc["config"]["thresholds"]["tested_share"], 1.0);
    assert_eq!(
        doc["history"]["note"],
        "not in a git repository; history skipped"
    );
}

#[test]
fn print_config_shows_the_effective_configuration() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "pyproject.toml",
        "[project]\nname = \"x\"\n\n[tool.gap.priority]\nhigh = 40\n",
    );
    let out = Command::cargo_bin("gap-scan")
        .unwrap()
        .arg(dir.path())
        .arg("--print-config")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("[priority]\ncritical = 60.0\nhigh = 40.0\nmedium = 25.0\n"),
        "{text}"
    );
    assert!(text.contains("tested_share = 0.5"), "{text}");
    assert!(text.contains("window_days = 90"), "{text}");
}

#[test]
fn a_bad_configuration_is_one_line_naming_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "gap.toml",
        "include = [\"src/**\"]\n\n[score]\nuntestd = 30\n",
    );
    Command::cargo_bin("gap-scan")
        .unwrap()
        .arg(dir.path())
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::is_match(
                r"^gap-scan: error: .*gap\.toml:4: unknown field `untestd`, expected one of .*\n$",
            )
            .unwrap(),
        );
    let other = dir.path().join("custom.toml");
    std::fs::write(&other, "exclude = [\"a/[\"]\n").unwrap();
    Command::cargo_bin("gap-scan")
        .unwrap()
        .arg(dir.path())
        .arg("--config")
        .arg(&other)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "custom.toml:1: exclude[0]: bad glob \"a/[\"",
        ));
}

#[test]
fn history_from_the_repository_and_off_with_no_history() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .arg("-C")
            .arg(d)
            .args(args)
            .env("GIT_AUTHOR_NAME", "a")
            .env("GIT_AUTHOR_EMAIL", "a@x")
            .env("GIT_COMMITTER_NAME", "a")
            .env("GIT_COMMITTER_EMAIL", "a@x")
            .status()
            .unwrap()
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    write(d, "app/hot.py", "def f():\n    pass\n");
    write(d, "app/cold.py", "def g():\n    pass\n");
    git(&["add", "."]);
    git(&["commit", "-qm", "one"]);
    write(d, "app/hot.py", "def f():\n    return 1\n");
    git(&["commit", "-qam", "two"]);
    let doc = scan(d);
    let hot = doc["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["path"] == "app/hot.py")
        .unwrap()
        .clone();
    // The commit that adds a file is not a change of it.
    assert_eq!(hot["history"]["commits"], 1);
    assert_eq!(hot["history"]["authors"], 1);
    assert_eq!(hot["history"]["last_change_days"], 0);
    assert!(doc["history"]["head_time"].as_i64().unwrap() > 0);
    let out = Command::cargo_bin("gap-scan")
        .unwrap()
        .arg(d)
        .arg("--no-history")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let off: Value = serde_json::from_slice(&out).unwrap();
    assert!(off["modules"][0].get("history").is_none());
    assert_eq!(
        off["history"]["note"],
        "history off (--no-history or history.enabled = false)"
    );
}
