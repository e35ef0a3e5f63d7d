//! `gap-scan --shard K/N` and `gap merge` on trees the tests build: the merged document, scanned in 1, 2, 3 and 8
//! shards (8: some shards get no file), is the single scan's byte for byte, before and after gap-rank, with
//! history from git, tests reaching modules of other shards, re-exports across shards, a route prefix from a
//! constant of another shard, accepted gaps, unreadable files and excluded folders; and bad sets of shards
//! are refused with one line naming the file.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{git, run, stderr, succeed, Tree};

/// A Python service: a package re-exporting its modules, tests in `tests/` using them through the package,
/// a FastAPI router whose prefix is a constant of a settings module, an accepted gap, a file that is not
/// UTF-8 and a virtualenv folder.
fn python() -> Tree {
    Tree::new()
        .file("pyproject.toml", "[project]\nname = \"shop\"\n")
        .file(
            "shop/__init__.py",
            "from .cart import Cart\nfrom .pricing import price\n",
        )
        .file(
            "shop/cart.py",
            r#"
            from .util import clamp


            class Cart:
                def __init__(self):
                    self.items = []

                def add(self, item):
                    if item is None:
                        raise ValueError("item")
                    self.items.append(clamp(item))

                def total(self):
                    return sum(self.items)
            "#,
        )
        .file("shop/util.py", "def clamp(x):\n    return max(0, x)\n")
        .file(
            "shop/pricing.py",
            "def price(amount, rate):\n    if rate < 0:\n        return amount\n    return amount * rate\n",
        )
        .file(
            "shop/tax.py",
            "# gap: accept legacy rules, replaced next quarter\n\ndef tax(x):\n    return x\n",
        )
        .file("shop/settings.py", "API_PREFIX = \"/api\"\n")
        .file(
            "shop/api.py",
            r#"
            from fastapi import APIRouter

            from .settings import API_PREFIX

            router = APIRouter(prefix=API_PREFIX)


            @router.get("/items/{item_id}")
            def get_item(item_id: int):
                return {}
            "#,
        )
        .file(
            "shop/app.py",
            "from fastapi import FastAPI\n\nfrom .api import router\n\napp = FastAPI()\napp.include_router(router)\n",
        )
        .file(
            "tests/test_cart.py",
            r#"
            from shop import Cart


            def test_add():
                cart = Cart()
                cart.add(2)
                assert cart.total() == 2
            "#,
        )
        .file(
            "tests/test_pricing.py",
            "from shop import price\n\n\ndef test_price():\n    assert price(2, 3) == 6\n",
        )
        .file(
            "tests/test_api.py",
            r#"
            from fastapi.testclient import TestClient

            from shop.app import app

            client = TestClient(app)


            def test_item():
                assert client.get("/api/items/1").status_code == 200
            "#,
        )
        .bytes("shop/latin.py", b"name = '\xe9t\xe9'\n")
        .file(".venv/lib/site.py", "x = 1\n")
}

/// A JavaScript package: an index re-exporting two modules (by name and `export *`), tests importing the
/// index, a module no test reaches.
fn javascript() -> Tree {
    Tree::new()
        .file(
            "package.json",
            r#"{"name": "calc", "main": "src/index.js"}"#,
        )
        .file(
            "src/index.js",
            "export { sum } from './math.js';\nexport * from './strings.js';\n",
        )
        .file(
            "src/math.js",
            "export function sum(a, b) {\n  return a + b;\n}\n",
        )
        .file(
            "src/strings.js",
            "export function upper(s) {\n  return s.toUpperCase();\n}\n",
        )
        .file("src/unused.js", "export function idle() {\n  return 0;\n}\n")
        .file(
            "test/math.test.js",
            "import { sum } from '../src/index.js';\n\ntest('sum', () => {\n  expect(sum(1, 2)).toBe(3);\n});\n",
        )
        .file(
            "test/strings.test.js",
            "const { upper } = require('../src');\n\ntest('upper', () => {\n  expect(upper('a')).toBe('A');\n});\n",
        )
        .file("node_modules/left-pad/index.js", "module.exports = 1;\n")
}

/// Commits everything in `root` (twice, so that history has something to count).
fn commit(root: &Path) {
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "first"]);
    let touched = root.join("README.md");
    std::fs::write(&touched, "notes\n").unwrap();
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "second"]);
}

/// Writes the `n` shard documents of `root` (scanned with `args`) into `dir`; their paths.
fn shards(root: &Path, n: u64, args: &[&str], dir: &Path) -> Vec<PathBuf> {
    (1..=n)
        .map(|k| {
            let part = format!("{k}/{n}");
            let mut argv = vec![root.to_str().unwrap(), "--shard", &part];
            argv.extend_from_slice(args);
            let out = succeed("gap-scan", &argv, b"");
            let path = dir.join(format!("shard-{k}-of-{n}.json"));
            std::fs::write(&path, &out.stdout).unwrap();
            path
        })
        .collect()
}

/// `gap-merge FILES...`, asserting success: the merged document's bytes.
fn merge(files: &[PathBuf]) -> Vec<u8> {
    let argv: Vec<&str> = files.iter().map(|p| p.to_str().unwrap()).collect();
    succeed("gap-merge", &argv, b"").stdout
}

/// The paths of the files a shard document holds facts of.
fn held(shard: &Path) -> Vec<String> {
    let doc: Value = serde_json::from_slice(&std::fs::read(shard).unwrap()).unwrap();
    assert_eq!(doc["schema"], "gap/1");
    assert_eq!(doc["kind"], "shard");
    doc["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

/// The shard (1-based) of `files` that holds `path`.
fn shard_of(files: &[PathBuf], path: &str) -> usize {
    files
        .iter()
        .position(|f| held(f).iter().any(|p| p == path))
        .unwrap_or_else(|| panic!("no shard holds {path}"))
        + 1
}

/// Scans `root` whole and in 1, 2, 3 and 8 shards (written into `dir`) with `args`; asserts the merged
/// documents and their rankings are the single scan's byte for byte and that some shard of 8 held no file;
/// gives the ranked document and the shard files of 3.
fn same_in_shards(root: &Path, args: &[&str], dir: &Path) -> (Value, Vec<PathBuf>) {
    let mut argv = vec![root.to_str().unwrap()];
    argv.extend_from_slice(args);
    let single = succeed("gap-scan", &argv, b"").stdout;
    let ranked = succeed("gap-rank", &[], &single).stdout;
    let mut three = Vec::new();
    for n in [1, 2, 3, 8] {
        let files = shards(root, n, args, dir);
        let merged = merge(&files);
        assert!(
            merged == single,
            "{n} shards: the merged document differs from the single scan's:\n{}",
            String::from_utf8_lossy(&merged)
        );
        let merged_ranked = succeed("gap-rank", &[], &merged).stdout;
        assert!(
            merged_ranked == ranked,
            "{n} shards: the ranked documents differ"
        );
        if n == 8 {
            assert!(
                files.iter().any(|f| held(f).is_empty()),
                "8 shards of this tree leave one empty"
            );
        }
        if n == 3 {
            three = files;
        }
    }
    (serde_json::from_slice(&ranked).unwrap(), three)
}

/// (test, kind) of each evidence entry of the module at `path`.
fn evidence(doc: &Value, path: &str) -> Vec<(String, String)> {
    crate::support::evidence(&crate::support::module_of(doc, path))
        .into_iter()
        .map(|(test, kind, _)| (test, kind))
        .collect()
}

#[test]
fn a_python_tree_merged_from_shards_is_the_single_scan_byte_for_byte() {
    let tree = python();
    commit(tree.path());
    let dir = tempfile::tempdir().unwrap();
    let (doc, three) = same_in_shards(tree.path(), &[], dir.path());
    // Reach across shards: in 3 shards the tests and what they reach are spread.
    let spread = |paths: &[&str]| {
        let mut at: Vec<usize> = paths.iter().map(|p| shard_of(&three, p)).collect();
        at.sort();
        at.dedup();
        at.len() > 1
    };
    assert!(spread(&[
        "tests/test_cart.py",
        "shop/cart.py",
        "shop/__init__.py"
    ]));
    assert!(spread(&[
        "tests/test_api.py",
        "shop/api.py",
        "shop/settings.py"
    ]));
    let cart = crate::support::module_of(&doc, "shop/cart.py");
    assert_eq!(cart["status"], "tested", "{cart}");
    assert_eq!(
        cart["direct_tests"],
        serde_json::json!(["tests/test_cart.py"])
    );
    assert!(crate::support::symbols(&cart).contains(&("Cart.add".to_string(), true)));
    assert!(
        evidence(&doc, "shop/api.py").contains(&("tests/test_api.py".into(), "http".into())),
        "the route's prefix comes from shop/settings.py: {:?}",
        evidence(&doc, "shop/api.py")
    );
    let tax = crate::support::module_of(&doc, "shop/tax.py");
    assert_eq!(
        tax["accepted"]["reason"],
        "legacy rules, replaced next quarter"
    );
    assert!(cart["history"]["commits"].as_u64().is_some(), "{cart}");
    assert!(doc["head_commit"].as_str().is_some_and(|c| c.len() == 40));
    let excluded = crate::support::excluded(&doc);
    assert!(
        excluded.contains(&("shop/latin.py", "unreadable")),
        "{excluded:?}"
    );
    assert!(
        excluded.iter().any(|(p, _)| p.starts_with(".venv")),
        "{excluded:?}"
    );
    assert!(doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["path"] == "shop/latin.py"));
    // The front command's `merge` is gap-merge.
    let argv: Vec<&str> = std::iter::once("merge")
        .chain(three.iter().map(|p| p.to_str().unwrap()))
        .collect();
    let through_gap = succeed("gap", &argv, b"").stdout;
    assert_eq!(through_gap, merge(&three));
}

#[test]
fn a_javascript_tree_merged_from_shards_is_the_single_scan_byte_for_byte() {
    let tree = javascript();
    commit(tree.path());
    let dir = tempfile::tempdir().unwrap();
    let (doc, three) = same_in_shards(tree.path(), &[], dir.path());
    assert!(
        shard_of(&three, "src/index.js") != shard_of(&three, "src/math.js")
            || shard_of(&three, "test/math.test.js") != shard_of(&three, "src/math.js"),
        "the re-export crosses shards"
    );
    for (module, test) in [
        ("src/math.js", "test/math.test.js"),
        ("src/strings.js", "test/strings.test.js"),
    ] {
        let m = crate::support::module_of(&doc, module);
        assert_eq!(m["status"], "tested", "{m}");
        assert_eq!(m["direct_tests"], serde_json::json!([test]), "{m}");
    }
    assert_eq!(
        crate::support::module_of(&doc, "src/unused.js")["status"],
        "untested"
    );
    assert!(crate::support::excluded(&doc)
        .iter()
        .any(|(p, _)| p.starts_with("node_modules")));
}

#[test]
fn without_history_shards_merge_the_same() {
    let tree = python();
    let dir = tempfile::tempdir().unwrap();
    let (doc, _) = same_in_shards(tree.path(), &["--no-history"], dir.path());
    assert!(doc["history"]["note"].as_str().is_some());
}

/// Runs `gap-merge` on `files`, asserting it fails with exit 2 and one line; gives that line.
fn refused(files: &[&Path]) -> String {
    let argv: Vec<&str> = files.iter().map(|p| p.to_str().unwrap()).collect();
    let out = run("gap-merge", &argv, b"");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    err
}

#[test]
fn a_bad_set_of_shards_is_refused_naming_the_file() {
    let tree = python();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let three = shards(tree.path(), 3, &["--no-history"], d);
    let (a, b, c) = (three[0].as_path(), three[1].as_path(), three[2].as_path());
    let err = refused(&[a, c]);
    assert!(err.contains("shard 2/3 of this scan missing"), "{err}");
    let err = refused(&[a, b, b, c]);
    assert!(
        err.contains(&format!("{}: shard 2/3 again", b.display())),
        "{err}"
    );
    // Shards of another configuration (history on) or of another split.
    let other = tempfile::tempdir().unwrap();
    let with_history = shards(tree.path(), 3, &[], other.path());
    let err = refused(&[a, b, &with_history[2]]);
    assert!(
        err.contains(&format!(
            "{}: its configuration differs from",
            with_history[2].display()
        )),
        "{err}"
    );
    let two = shards(tree.path(), 2, &["--no-history"], other.path());
    let err = refused(&[a, b, &two[1]]);
    assert!(err.contains("its shard count differs"), "{err}");
    // Not a shard document: a whole scan.
    let whole = d.join("whole.json");
    let scan = succeed(
        "gap-scan",
        &[tree.path().to_str().unwrap(), "--no-history"],
        b"",
    );
    std::fs::write(&whole, &scan.stdout).unwrap();
    let err = refused(&[&whole]);
    assert!(
        err.contains(&format!("{}: not a shard document", whole.display())),
        "{err}"
    );
    // Robust reading, as every stage: the first invalid byte, a key written twice.
    let text = std::fs::read_to_string(a).unwrap();
    let broken = d.join("broken.json");
    std::fs::write(&broken, format!("{}\u{1}", &text[..40])).unwrap();
    let err = refused(&[&broken, b, c]);
    assert!(
        err.contains(&format!("{}:", broken.display())) && err.contains("malformed JSON"),
        "{err}"
    );
    let twice = d.join("twice.json");
    std::fs::write(
        &twice,
        text.replacen(
            "\"kind\": \"shard\"",
            "\"kind\": \"shard\", \"kind\": \"shard\"",
            1,
        ),
    )
    .unwrap();
    let err = refused(&[&twice, b, c]);
    assert!(err.contains("duplicate key `kind`"), "{err}");
    // Fields a newer version adds are passed over.
    let newer = d.join("newer.json");
    std::fs::write(
        &newer,
        text.replacen(
            "\"kind\": \"shard\"",
            "\"kind\": \"shard\", \"later\": [1]",
            1,
        ),
    )
    .unwrap();
    let argv = [
        newer.to_str().unwrap(),
        b.to_str().unwrap(),
        c.to_str().unwrap(),
    ];
    let merged = succeed("gap-merge", &argv, b"").stdout;
    assert_eq!(merged, merge(&three));
}

#[test]
fn shard_takes_k_of_n() {
    let tree = python();
    for bad in ["0/2", "3/2", "2", "x/y"] {
        let out = run(
            "gap-scan",
            &[tree.path().to_str().unwrap(), "--shard", bad],
            b"",
        );
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(stderr(&out).contains("--shard"), "{}", stderr(&out));
    }
    let out = run(
        "gap-scan",
        &[
            tree.path().to_str().unwrap(),
            "--shard",
            "1/2",
            "--since",
            "HEAD",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    // A shard is not ranked by mistake.
    let shard = succeed(
        "gap-scan",
        &[tree.path().to_str().unwrap(), "--shard", "1/2"],
        b"",
    );
    let out = run("gap-rank", &[], &shard.stdout);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "<stdin>: a shard document (gap-scan --shard K/N): join every shard with `gap merge` first"
        ),
        "{}",
        stderr(&out)
    );
}
