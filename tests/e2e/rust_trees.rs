//! Rust crates through the whole pipeline: modules from the file tree, inline tests, integration tests
//! through `use`, re-exports, doc tests; benches and examples are neither source nor tests.

use crate::support::{pipeline, symbols, Tree};
use serde_json::json;

#[test]
fn rust_crate_statuses() {
    let tree = Tree::new()
        .file("Cargo.toml", "[package]\nname = \"tiny-shop\"\nversion = \"0.1.0\"\n")
        .file("src/lib.rs", "pub mod cart;\nmod money;\npub mod tax;\npub use money::round;\n")
        .file(
            "src/cart/mod.rs",
            "use crate::money::round;\n\npub struct Cart {\n    items: Vec<u32>,\n}\n\nimpl Cart {\n    pub fn new() -> Self {\n        Cart { items: Vec::new() }\n    }\n    pub fn add(&mut self, cents: u32) -> Result<(), String> {\n        if cents == 0 {\n            return Err(\"zero\".into());\n        }\n        self.items.push(round(cents));\n        Ok(())\n    }\n}\n",
        )
        .file(
            "src/money.rs",
            "/// Rounds.\n///\n/// ```\n/// assert_eq!(tiny_shop::round(3), 3);\n/// ```\npub fn round(c: u32) -> u32 {\n    c\n}\n",
        )
        .file(
            "src/tax.rs",
            "pub fn rate(country: &str) -> f64 {\n    match country {\n        \"DE\" => 0.19,\n        _ => 0.2,\n    }\n}\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[test]\n    fn germany() {\n        assert_eq!(rate(\"DE\"), 0.19);\n    }\n}\n",
        )
        .file("src/unused.rs", "pub fn nothing() {}\n")
        .file("tests/cart.rs", "use tiny_shop::cart::Cart;\n\n#[test]\nfn adds() {\n    let mut c = Cart::new();\n    assert!(c.add(1).is_ok());\n}\n")
        .file("benches/speed.rs", "fn main() {}\n")
        .file("examples/demo.rs", "fn main() {}\n")
        .file("target/debug/build/x.rs", "fn y() {}\n");
    let p = pipeline(tree.path(), &["--format", "json"]);
    let cart = p.module("src/cart/mod.rs");
    assert_eq!(cart["language"], "rust");
    assert_eq!(cart["name"], "tiny_shop::cart");
    assert_eq!(cart["status"], "tested", "{cart}");
    assert_eq!(cart["direct_tests"], json!(["tests/cart.rs"]));
    assert_eq!(cart["raises"], json!([{"line": 13, "name": "Err"}]));
    let tax = p.module("src/tax.rs");
    assert_eq!(tax["status"], "tested", "inline #[cfg(test)] module: {tax}");
    assert_eq!(tax["direct_tests"], json!(["src/tax.rs"]));
    assert_eq!(
        tax["evidence"],
        json!([{"test": "src/tax.rs", "line": 14, "kind": "reference", "detail": "rate"}]),
        "its own test module, at the line that uses rate"
    );
    assert_eq!(tax["branches"], 2, "two match arms");
    let money = p.module("src/money.rs");
    assert_eq!(money["status"], "tested", "its doc test: {money}");
    assert_eq!(p.module("src/unused.rs")["status"], "untested");
    let doc = p.json();
    let paths: Vec<&str> = doc["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "src/cart/mod.rs",
            "src/lib.rs",
            "src/money.rs",
            "src/tax.rs",
            "src/unused.rs"
        ]
    );
    let tests: Vec<&str> = doc["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        tests,
        ["tests/cart.rs"],
        "benches/, examples/ and target/ are skipped"
    );
}

#[test]
fn tests_that_run_a_binary_exercise_its_main_and_what_it_calls() {
    let tree = Tree::new()
        .file("Cargo.toml", "[package]\nname = \"word-count\"\nversion = \"0.1.0\"\n")
        .file("src/main.rs", "fn main() {\n    std::process::exit(word_count::run());\n}\n")
        .file("src/lib.rs", "mod count;\n\npub fn run() -> i32 {\n    count::words(\"a b\") as i32\n}\n")
        .file("src/count.rs", "pub fn words(s: &str) -> usize {\n    s.split_whitespace().count()\n}\n")
        .file("tests/cli.rs", "use assert_cmd::Command;\n\n#[test]\nfn runs() {\n    Command::cargo_bin(\"word-count\").unwrap().assert().code(2);\n}\n");
    let p = pipeline(tree.path(), &["--format", "json"]);
    assert_eq!(p.module("src/main.rs")["status"], "tested");
    assert_eq!(
        p.module("src/main.rs")["direct_tests"],
        json!(["tests/cli.rs"])
    );
    assert_eq!(
        p.module("src/lib.rs")["status"],
        "indirect",
        "main names the crate"
    );
    assert_eq!(
        p.module("src/count.rs")["status"],
        "indirect",
        "lib calls count:: in code"
    );
}

#[test]
fn items_of_an_inline_module_are_the_crates_api() {
    let tree = Tree::new()
        .file(
            "Cargo.toml",
            "[package]\nname = \"lazy-cell\" # the crate\nversion = \"1.0.0\"\n",
        )
        .file(
            "src/lib.rs",
            "pub mod sync {\n    pub struct Lazy<T> {\n        value: T,\n    }\n\n    impl<T> Lazy<T> {\n        pub fn new(value: T) -> Self {\n            Lazy { value }\n        }\n\n        pub fn get(&self) -> &T {\n            &self.value\n        }\n    }\n}\n\n/* /* nested */ pub fn hidden() {} */\npub fn r#async() {}\n",
        )
        .file(
            "tests/lazy.rs",
            "use lazy_cell::sync::Lazy;\n\n#[test]\nfn gets() {\n    assert_eq!(*Lazy::new(1).get(), 1);\n}\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let lib = p.module("src/lib.rs");
    assert_eq!(
        lib["name"], "lazy_cell",
        "the manifest's name despite its comment"
    );
    let want = [
        ("sync::Lazy", true),
        ("sync::Lazy.new", true),
        ("sync::Lazy.get", true),
        ("async", false),
    ];
    assert_eq!(symbols(&lib), want.map(|(n, r)| (n.to_string(), r)));
    assert_eq!(lib["status"], "tested", "{lib}");
    assert_eq!(lib["direct_tests"], json!(["tests/lazy.rs"]));
}
