//! Rust crates through the whole pipeline: modules from the file tree, inline tests, integration tests
//! through `use`, re-exports, doc tests; benches and examples are neither source nor tests. Issue 9's
//! causes, one test each: `crate::`, `self::` and `super::` paths and `use` in functions as reach, inline test modules crediting
//! other files, trait impls as one unit, macros, modules declared in macros, test-only files and test
//! macros, generated files.

use crate::support::{dedent, evidence, pipeline, symbols, Tree};
use serde_json::json;

/// A tree with the manifest of crate `name`.
fn krate(name: &str) -> Tree {
    Tree::new().file(
        "Cargo.toml",
        &format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\n"),
    )
}

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

#[test]
fn crate_paths_and_uses_in_function_bodies_are_reach() {
    let tree = krate("syntax")
        .file("src/lib.rs", "mod debug;\nmod hir;\nmod util;\nmod reexported;\npub use hir::Hir;\npub use reexported::Unused;\n")
        .file(
            "src/hir.rs",
            &dedent(
                "
                pub struct Hir(Vec<u8>);

                impl Hir {
                    pub fn new(b: &[u8]) -> Hir {
                        Hir(b.to_vec())
                    }

                    pub fn show(&self) -> String {
                        use crate::util::trim;
                        trim(&crate::debug::bytes(&self.0))
                    }
                }
                ",
            ),
        )
        .file("src/debug.rs", "pub fn bytes(b: &[u8]) -> String {\n    format!(\"{b:?}\")\n}\n")
        .file("src/util.rs", "pub fn trim(s: &str) -> String {\n    s.trim().to_string()\n}\n")
        .file("src/reexported.rs", "pub struct Unused;\n\npub fn never() {}\n")
        .file(
            "tests/hir.rs",
            "use syntax::Hir;\n\n#[test]\nfn shows() {\n    assert_eq!(Hir::new(b\"a\").show(), \"[97]\");\n}\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let hir = p.module("src/hir.rs");
    assert_eq!(hir["status"], "tested", "{hir}");
    assert_eq!(hir["imports"], json!(["src/debug.rs", "src/util.rs"]));
    let debug = p.module("src/debug.rs");
    assert_eq!(
        (&debug["status"], &debug["indirect_via"]),
        (&json!("indirect"), &json!(["src/hir.rs"])),
        "crate::debug::bytes(..) in hir.rs: {debug}"
    );
    assert_eq!(
        debug["evidence"],
        json!([{"test": "src/hir.rs", "line": 10, "kind": "indirect"}])
    );
    let util = p.module("src/util.rs");
    assert_eq!(
        util["status"], "indirect",
        "use crate::util::trim inside a function: {util}"
    );
    assert_eq!(
        p.module("src/reexported.rs")["status"],
        "untested",
        "lib.rs only re-exports it and its code never runs it"
    );
}

#[test]
fn super_and_self_paths_in_code_resolve_to_the_child_module() {
    let tree = krate("shop")
        .file("src/lib.rs", "pub mod cart;\nmod price;\n")
        .file(
            "src/cart/mod.rs",
            "mod item;\n\npub fn total() -> u32 {\n    self::item::count() + super::price::base()\n}\n",
        )
        .file("src/cart/item.rs", "pub fn count() -> u32 {\n    1\n}\n")
        .file("src/price.rs", "pub fn base() -> u32 {\n    2\n}\n")
        .file(
            "tests/cart.rs",
            "#[test]\nfn totals() {\n    assert_eq!(shop::cart::total(), 3);\n}\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let cart = p.module("src/cart/mod.rs");
    assert_eq!(cart["status"], "tested", "{cart}");
    assert_eq!(cart["imports"], json!(["src/cart/item.rs", "src/price.rs"]));
    for path in ["src/cart/item.rs", "src/price.rs"] {
        let m = p.module(path);
        assert_eq!(
            (&m["status"], &m["indirect_via"]),
            (&json!("indirect"), &json!(["src/cart/mod.rs"])),
            "self::item::count and super::price::base in cart/mod.rs: {m}"
        );
    }
}

#[test]
fn inline_test_modules_credit_the_files_they_use_and_test_only_files_are_tests() {
    let tree = krate("ast")
        .file("src/lib.rs", "pub mod ast;\npub mod map;\n")
        .file(
            "src/ast/mod.rs",
            "pub mod parse;\n\npub struct Node {\n    pub kind: u8,\n}\n\npub fn leaf() -> Node {\n    Node { kind: 0 }\n}\n\npub fn unused() {}\n",
        )
        .file(
            "src/ast/parse.rs",
            &dedent(
                "
                use crate::ast::Node;

                pub fn parse(s: &str) -> Node {
                    Node { kind: s.len() as u8 }
                }

                #[cfg(test)]
                mod tests {
                    use super::*;
                    use crate::ast::leaf;

                    #[test]
                    fn parses() {
                        assert_eq!(parse(\"ab\").kind, 2);
                        assert_eq!(leaf().kind, 0);
                    }
                }
                ",
            ),
        )
        .file(
            "src/map.rs",
            "pub struct Map;\n\nimpl Map {\n    pub fn len(&self) -> usize {\n        0\n    }\n}\n\n#[cfg(test)]\nmod tests;\n",
        )
        .file(
            "src/map/tests.rs",
            "use super::*;\n\n#[test]\nfn empty() {\n    assert_eq!(Map.len(), 0);\n}\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let ast = p.module("src/ast/mod.rs");
    assert_eq!(ast["status"], "limited", "{ast}");
    assert_eq!(ast["direct_tests"], json!(["src/ast/parse.rs"]));
    assert_eq!(
        symbols(&ast),
        [
            ("Node".to_string(), false),
            ("leaf".to_string(), true),
            ("unused".to_string(), false)
        ]
    );
    let parse = p.module("src/ast/parse.rs");
    assert_eq!(
        parse["direct_tests"],
        json!(["src/ast/parse.rs"]),
        "{parse}"
    );
    let map = p.module("src/map.rs");
    assert_eq!(map["status"], "tested", "{map}");
    assert_eq!(map["direct_tests"], json!(["src/map/tests.rs"]));
    assert_eq!(
        map["evidence"],
        json!([{"test": "src/map/tests.rs", "line": 5, "kind": "reference", "detail": "Map"}])
    );
    let doc = p.json();
    let modules: Vec<&str> = doc["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["path"].as_str().unwrap())
        .collect();
    assert!(
        !modules.contains(&"src/map/tests.rs"),
        "#[cfg(test)] mod tests; is test code: {modules:?}"
    );
    let tests: Vec<(&str, &str)> = doc["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["path"].as_str().unwrap(), t["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(tests, [("src/map/tests.rs", "test")]);
}

#[test]
fn a_trait_impl_is_one_symbol_reached_through_its_type_and_its_trait() {
    let tree = krate("semver")
        .file(
            "src/lib.rs",
            &dedent(
                "
                mod display;
                mod eq;

                pub struct Version {
                    pub major: u64,
                }

                impl Version {
                    pub fn parse(s: &str) -> Version {
                        Version { major: s.len() as u64 }
                    }

                    #[cfg(feature = \"std\")]
                    pub fn bump(&mut self) {
                        self.major += 1;
                    }

                    #[cfg(not(feature = \"std\"))]
                    pub fn bump(&mut self) {
                        self.major = self.major.wrapping_add(1);
                    }
                }
                ",
            ),
        )
        .file(
            "src/display.rs",
            &dedent(
                "
                use crate::Version;
                use std::fmt;

                impl fmt::Display for Version {
                    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        write!(f, \"{}\", self.major)
                    }
                }

                impl fmt::Debug for Version {
                    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        if f.alternate() {
                            return write!(f, \"Version({})\", self.major);
                        }
                        write!(f, \"v{}\", self.major)
                    }
                }
                ",
            ),
        )
        .file(
            "src/eq.rs",
            &dedent(
                "
                use crate::Version;

                impl PartialEq<str> for Version {
                    fn eq(&self, other: &str) -> bool {
                        self.major.to_string() == other
                    }
                }

                impl PartialEq<Version> for str {
                    fn eq(&self, other: &Version) -> bool {
                        other == self
                    }
                }
                ",
            ),
        )
        .file(
            "tests/version.rs",
            &dedent(
                "
                use semver::Version;

                #[test]
                fn formats() {
                    let v = Version::parse(\"1\");
                    assert_eq!(format!(\"{}\", v), \"1\");
                }

                #[test]
                fn compares() {
                    assert!(*\"1\" == Version::parse(\"1\"));
                }
                ",
            ),
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let display = p.module("src/display.rs");
    assert_eq!(
        symbols(&display),
        [
            ("Display for Version".to_string(), true),
            ("Debug for Version".to_string(), false)
        ],
        "one unit per impl, not Version.fmt twice: {display}"
    );
    let kinds: Vec<&str> = display["symbols"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["impl", "impl"]);
    assert_eq!(display["public_symbols"], 2);
    assert_eq!(display["direct_tests"], json!(["tests/version.rs"]));
    assert_eq!(
        display["evidence"],
        json!([{"test": "tests/version.rs", "line": 6, "kind": "reference", "detail": "Display for Version"}]),
        "format!(\"{{}}\", v) at the line it formats"
    );
    assert_eq!(
        display["missing_tests"], 2,
        "Debug for Version: one test, one more for its branch"
    );
    let eq = p.module("src/eq.rs");
    assert_eq!(
        symbols(&eq),
        [
            ("PartialEq<str> for Version".to_string(), true),
            ("PartialEq<Version> for str".to_string(), true)
        ]
    );
    assert_eq!(eq["status"], "tested");
    let lib = p.module("src/lib.rs");
    let names: Vec<String> = symbols(&lib).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        ["Version", "Version.parse", "Version.bump"],
        "a method in two #[cfg] variants is listed once"
    );
}

#[test]
fn macros_called_by_tests_reach_their_files_and_what_their_bodies_name() {
    let tree = krate("oops")
        .file(
            "src/lib.rs",
            "#[macro_use]\nmod macros;\nmod ensure;\n#[doc(hidden)]\npub mod private;\n",
        )
        .file(
            "src/macros.rs",
            &dedent(
                "
                #[macro_export]
                macro_rules! bail {
                    ($msg:expr) => {
                        return Err($crate::private::make($msg))
                    };
                }

                #[macro_export]
                macro_rules! ensure {
                    ($cond:expr) => {{
                        let check = |c: bool| $crate::__check!(c);
                        check($cond)
                    }};
                }
                ",
            ),
        )
        .file(
            "src/ensure.rs",
            &dedent(
                "
                #[doc(hidden)]
                #[macro_export]
                macro_rules! __check {
                    ($cond:expr) => {
                        $crate::ensure::check($cond)
                    };
                }

                pub fn check(c: bool) -> bool {
                    c
                }

                pub fn unrelated() {}
                ",
            ),
        )
        .file(
            "src/private.rs",
            "pub fn make(m: &str) -> String {\n    m.to_string()\n}\n",
        )
        .file(
            "tests/macros.rs",
            &dedent(
                "
                use oops::{bail, ensure};

                fn fails() -> Result<(), String> {
                    bail!(\"no\");
                }

                #[test]
                fn bails() {
                    assert!(fails().is_err());
                    assert!(ensure!(true));
                }
                ",
            ),
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let private = p.module("src/private.rs");
    assert_eq!(private["status"], "tested", "bail! names make: {private}");
    assert_eq!(
        private["evidence"],
        json!([{"test": "tests/macros.rs", "line": 4, "kind": "reference", "detail": "make"}])
    );
    let ensure = p.module("src/ensure.rs");
    assert_eq!(
        symbols(&ensure),
        [
            ("check".to_string(), true),
            ("unrelated".to_string(), false)
        ],
        "ensure! calls __check!, which names check: {ensure}"
    );
    assert_eq!(ensure["direct_tests"], json!(["tests/macros.rs"]));
    let macros = p.module("src/macros.rs");
    assert_eq!(
        macros["evidence"],
        json!([{"test": "tests/macros.rs", "line": 10, "kind": "reference", "detail": "ensure!"}]),
        "ensure!'s closure is code of macros.rs; bail! writes none: {macros}"
    );
}

#[test]
fn a_module_declared_in_a_macro_and_used_under_an_alias_is_reached() {
    let tree = krate("table")
        .file(
            "src/lib.rs",
            &dedent(
                "
                cfg_if::cfg_if! {
                    if #[cfg(target_feature = \"sse2\")] {
                        mod sse2;
                        use sse2 as imp;
                    }
                }

                pub use self::imp::Group;
                ",
            ),
        )
        .file(
            "src/sse2.rs",
            "pub struct Group;\n\nimpl Group {\n    pub fn load() -> Group {\n        Group\n    }\n}\n",
        )
        .file(
            "tests/group.rs",
            "use table::Group;\n\n#[test]\nfn loads() {\n    let _ = Group::load();\n}\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let sse2 = p.module("src/sse2.rs");
    assert_eq!(sse2["status"], "tested", "{sse2}");
    assert_eq!(sse2["direct_tests"], json!(["tests/group.rs"]));
    assert_eq!(sse2["name"], "table::sse2");
}

#[test]
fn test_macros_make_tests_and_generated_files_are_not_product_code() {
    let tree = krate("quick")
        .file("src/lib.rs", "mod tables;\n\npub fn rev(v: &[u8]) -> Vec<u8> {\n    v.iter().rev().copied().collect()\n}\n")
        .file(
            "src/tables.rs",
            "// @generated by ucd-generate. DO NOT EDIT.\n\npub fn lookup(c: char) -> bool {\n    c.is_alphabetic()\n}\n",
        )
        .file(
            "tests/quick.rs",
            &dedent(
                "
                use quickcheck::quickcheck;

                quickcheck! {
                    fn twice(xs: Vec<u8>) -> bool {
                        quick::rev(&quick::rev(&xs)) == xs
                    }
                }
                ",
            ),
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let doc = p.json();
    let tests = crate::support::test_files(&doc);
    assert_eq!(tests, [("tests/quick.rs", "test", 1)]);
    let lib = p.module("src/lib.rs");
    assert_eq!(lib["status"], "tested", "{lib}");
    assert_eq!(lib["direct_tests"], json!(["tests/quick.rs"]));
    assert_eq!(
        doc["excluded"],
        json!([{
            "path": "src/tables.rs",
            "reason": "generated",
            "detail": "// @generated by ucd-generate. DO NOT EDIT."
        }])
    );
}

/// A crate whose error enum has no methods (only `Display`), a tuple struct used only by code no test runs
/// for it, a module that a test imports without using but that tested code runs, and a trait chosen by a
/// default feature.
fn shelf_crate() -> Tree {
    Tree::new()
        .file(
            "Cargo.toml",
            "[package]\nname = \"store\"\nversion = \"0.1.0\"\n\n[features]\ndefault = [\"fast\"]\nfast = []\n",
        )
        .file(
            "src/lib.rs",
            &dedent(
                "
                pub mod debug;
                pub mod error;
                mod fast;
                pub mod shelf;
                pub mod slot;

                #[cfg(feature = \"fast\")]
                pub use crate::fast::Measure;

                #[cfg(not(feature = \"fast\"))]
                pub trait Measure {
                    fn size(&self) -> usize;
                }

                #[cfg(not(feature = \"fast\"))]
                impl Measure for u32 {
                    fn size(&self) -> usize {
                        4
                    }
                }
                ",
            ),
        )
        .file(
            "src/error.rs",
            &dedent(
                "
                pub enum Error {
                    Full,
                    Missing,
                }

                impl std::fmt::Display for Error {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        match self {
                            Error::Full => write!(f, \"full\"),
                            Error::Missing => write!(f, \"missing\"),
                        }
                    }
                }
                ",
            ),
        )
        .file(
            "src/debug.rs",
            &dedent(
                "
                pub struct Show(pub u32);

                impl std::fmt::Debug for Show {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(f, \"#{}\", self.0)
                    }
                }
                ",
            ),
        )
        .file(
            "src/fast.rs",
            "pub trait Measure {\n    fn size(&self) -> usize;\n}\n\nimpl Measure for u32 {\n    fn size(&self) -> usize {\n        8\n    }\n}\n",
        )
        .file(
            "src/slot.rs",
            "pub struct Slot(pub u32);\n\nimpl Slot {\n    pub fn of(x: u32) -> Slot {\n        Slot(x)\n    }\n}\n",
        )
        .file(
            "src/shelf.rs",
            &dedent(
                "
                use crate::debug::Show;
                use crate::error::Error;
                use crate::slot::Slot;
                use crate::Measure;

                pub struct Shelf {
                    slots: Vec<Slot>,
                }

                impl Shelf {
                    pub fn new() -> Self {
                        Shelf { slots: Vec::new() }
                    }
                    pub fn put(&mut self, x: u32) -> Result<usize, Error> {
                        if x == 0 {
                            return Err(Error::Full);
                        }
                        self.slots.push(Slot::of(x));
                        Ok(x.size())
                    }
                    pub fn shown(&self) -> Show {
                        Show(self.slots.len() as u32)
                    }
                }
                ",
            ),
        )
        .file(
            "tests/shelf.rs",
            &dedent(
                "
                use store::error::Error;
                use store::shelf::Shelf;
                use store::slot::Slot;

                #[test]
                fn refuses_zero() {
                    let mut s = Shelf::new();
                    assert!(matches!(s.put(0), Err(Error::Full)));
                }

                #[test]
                fn prints() {
                    println!(\"{}\", 1);
                }
                ",
            ),
        )
}

#[test]
fn types_without_methods_run_nothing_when_named_and_their_impls_pair_with_the_trait_in_one_test() {
    let p = pipeline(shelf_crate().path(), &["--format", "json"]);
    let error = p.module("src/error.rs");
    assert_eq!(
        (&error["status"], &error["direct_tests"]),
        (&json!("import_only"), &json!([])),
        "the test names Error::Full (no code runs) and formats only in another test: {error}"
    );
    assert_eq!(
        evidence(&error),
        [("tests/shelf.rs".into(), "import".into(), String::new())]
    );
    assert_eq!(
        symbols(&error),
        [("Error".into(), true), ("Display for Error".into(), false)]
    );
    let debug = p.module("src/debug.rs");
    assert_eq!(
        debug["status"], "untested",
        "shelf.rs names Show; only its Debug impl has code and nothing formats it: {debug}"
    );
    let slot = p.module("src/slot.rs");
    assert_eq!(
        (
            &slot["status"],
            &slot["import_only_tests"],
            &slot["indirect_via"]
        ),
        (
            &json!("indirect"),
            &json!(["tests/shelf.rs"]),
            &json!(["src/shelf.rs"])
        ),
        "imported by a test that uses nothing of it, run by shelf.rs's Slot::of: {slot}"
    );
    let shelf = p.module("src/shelf.rs");
    assert_eq!(shelf["status"], "tested");
    assert_eq!(
        shelf["imports"],
        json!(["src/debug.rs", "src/error.rs", "src/fast.rs", "src/slot.rs"]),
        "Measure is fast.rs's under the default feature, not lib.rs's fallback"
    );
    assert_eq!(p.module("src/fast.rs")["status"], "indirect");
    assert_eq!(
        p.module("src/lib.rs")["status"],
        "untested",
        "its trait and impl are built only without the default feature"
    );

    // A test that names the type and formats it in one test function runs its Display impl.
    let tree = shelf_crate().file(
        "tests/error.rs",
        "use store::error::Error;\n\n#[test]\nfn says_full() {\n    assert_eq!(format!(\"{}\", Error::Full), \"full\");\n}\n",
    );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let error = p.module("src/error.rs");
    assert_eq!(error["status"], "tested", "{error}");
    assert_eq!(error["direct_tests"], json!(["tests/error.rs"]));
    assert!(
        evidence(&error).contains(&(
            "tests/error.rs".into(),
            "reference".into(),
            "Display for Error".into()
        )),
        "{error}"
    );
}

#[test]
fn a_trait_imported_by_name_and_used_through_its_provided_methods_is_referenced() {
    let tree = krate("lines")
        .file("src/lib.rs", "pub mod io;\n")
        .file(
            "src/io.rs",
            &dedent(
                "
                pub trait ReadExt: std::io::BufRead {
                    fn count_lines(self) -> usize
                    where
                        Self: Sized,
                    {
                        self.lines().count()
                    }
                }

                impl<B: std::io::BufRead> ReadExt for B {}
                ",
            ),
        )
        .file(
            "tests/io.rs",
            "use lines::io::ReadExt;\n\n#[test]\nfn counts() {\n    assert_eq!(std::io::Cursor::new(\"a\\nb\").count_lines(), 2);\n}\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let io = p.module("src/io.rs");
    assert_eq!(io["status"], "tested", "{io}");
    assert_eq!(
        evidence(&io),
        [("tests/io.rs".into(), "reference".into(), "ReadExt".into())],
        "the trait, named only in the use line, runs through count_lines"
    );
}
