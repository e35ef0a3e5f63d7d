//! Go trees through the whole pipeline: packages from folders and go.mod, internal and external test
//! packages, statuses as for every language.

use crate::support::{pipeline, stdout, Tree};
use serde_json::json;

/// The paths of a document's modules, in its order.
fn module_paths(doc: &serde_json::Value) -> Vec<&str> {
    doc["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["path"].as_str().unwrap())
        .collect()
}

fn module() -> Tree {
    Tree::new()
        .file("go.mod", "module example.com/shop\n\ngo 1.22\n")
        .file(
            "cart/cart.go",
            r#"
            package cart

            import (
            	"errors"

            	"example.com/shop/price"
            )

            type Cart struct {
            	items []int
            }

            func (c *Cart) Add(cents int) error {
            	if cents <= 0 {
            		return errors.New("bad price")
            	}
            	c.items = append(c.items, price.Round(cents))
            	return nil
            }

            func (c *Cart) Total() int {
            	t := 0
            	for _, i := range c.items {
            		t += i
            	}
            	return t
            }
            "#,
        )
        .file(
            "cart/cart_test.go",
            r#"
            package cart

            import "testing"

            func TestAdd(t *testing.T) {
            	c := &Cart{}
            	if err := c.Add(5); err != nil || c.Total() != 5 {
            		t.Fatal(err)
            	}
            }
            "#,
        )
        .file(
            "price/price.go",
            "package price\n\nfunc Round(c int) int { return c }\n\nfunc Discount(c, pct int) int {\n\tif pct > 100 {\n\t\tpanic(\"pct\")\n\t}\n\treturn c * (100 - pct) / 100\n}\n",
        )
        .file(
            "tax/tax.go",
            "package tax\n\nfunc Rate(country string) float64 {\n\tswitch country {\n\tcase \"DE\":\n\t\treturn 0.19\n\tcase \"FR\":\n\t\treturn 0.2\n\t}\n\treturn 0\n}\n",
        )
        .file(
            "tax/tax_ext_test.go",
            "package tax_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/shop/tax\"\n)\n\nvar _ = tax.Version\n\nfunc TestNothing(t *testing.T) {}\n",
        )
        .file("vendor/x/x.go", "package x\n\nfunc X() {}\n")
}

#[test]
fn go_statuses_follow_the_same_rules() {
    let tree = module();
    let p = pipeline(tree.path(), &["--format", "json"]);
    let cart = p.module("cart/cart.go");
    assert_eq!(cart["language"], "go");
    assert_eq!(cart["name"], "example.com/shop/cart");
    assert_eq!(cart["status"], "tested", "{cart}");
    assert_eq!(cart["direct_tests"], json!(["cart/cart_test.go"]));
    assert_eq!(cart["raises"], json!([{"line": 15, "name": "errors.New"}]));
    assert_eq!(cart["branches"], 2);
    assert_eq!(cart["imports"], json!(["price/price.go"]));
    let price = p.module("price/price.go");
    assert_eq!(price["status"], "indirect");
    assert_eq!(price["indirect_via"], json!(["cart/cart.go"]));
    assert_eq!(p.module("tax/tax.go")["status"], "import_only");
    assert_eq!(p.module("tax/tax.go")["branches"], 2, "two cases");
    let doc = p.json();
    let paths = module_paths(&doc);
    assert_eq!(
        paths,
        ["cart/cart.go", "price/price.go", "tax/tax.go"],
        "vendor/ is skipped"
    );
    let test = doc["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["path"] == "cart/cart_test.go")
        .unwrap()
        .clone();
    assert_eq!(
        (test["kind"].clone(), test["test_functions"].clone()),
        (json!("test"), json!(1))
    );
}

#[test]
fn a_mixed_tree_is_one_document_with_one_category_for_four_modules() {
    let tree = module()
        .file(
            "tools/report.py",
            "def render(rows):\n    return [r for r in rows if r]\n",
        )
        .file(
            "tools/test_report.py",
            "from report import render\n\n\ndef test_render():\n    assert render([1, 0]) == [1]\n",
        );
    let p = pipeline(tree.path(), &["--format", "markdown"]);
    let doc = p.json();
    let langs: Vec<(&str, &str)> = doc["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["path"].as_str().unwrap(), m["language"].as_str().unwrap()))
        .collect();
    assert!(
        langs.contains(&("tools/report.py", "python")) && langs.contains(&("cart/cart.go", "go"))
    );
    assert_eq!(p.module("tools/report.py")["status"], "tested");
    // Four modules are too few to split into folders: one category holds both languages.
    let cats = doc["categories"].as_array().unwrap();
    assert_eq!(cats.len(), 1, "{cats:?}");
    assert_eq!(cats[0]["languages"], json!(["go", "python"]));
    assert!(p.text().contains("| **TOTAL** | **4** |"), "{}", p.text());
    let by_language = crate::support::run(
        "gap-report",
        &["--format", "markdown", "--by", "language"],
        &p.ranked.stdout,
    );
    let text = String::from_utf8(by_language.stdout).unwrap();
    assert!(
        text.contains("| Language | Modules | ❌ | ⚠️ | Coverage | Symbols | Missing Tests |"),
        "{text}"
    );
    assert!(text.contains("| go | 3 | 1 | 1 | 33% |"), "{text}");
    assert!(text.contains("| python | 1 | 0 | 0 | 100% |"), "{text}");
    assert!(text.contains("| **TOTAL** | **4** |"), "{text}");
    assert_eq!(doc["languages"][0]["language"], "go");
    assert_eq!(doc["languages"][1]["summary"]["modules"], 1);
}

#[test]
fn go_packages_named_docs_target_or_build_are_read_and_skips_are_listed() {
    let tree = module()
        .file("docs/gen.go", "package docs\n\nfunc Generate() {}\n")
        .file("target/target.go", "package target\n\nfunc Aim() {}\n")
        .file(
            "internal/build/build.go",
            "package build\n\nfunc Run() {}\n",
        )
        .file("docs/conf.py", "project = 'shop'\n")
        .file("web/node_modules/pkg/index.js", "module.exports = 1;\n");
    let p = pipeline(tree.path(), &["--format", "json"]);
    for path in ["docs/gen.go", "target/target.go", "internal/build/build.go"] {
        assert_eq!(p.module(path)["language"], "go", "{path} is read");
    }
    let doc = p.json();
    assert_eq!(
        doc["excluded"],
        json!([
            {"path": "docs/", "reason": "example", "detail": "only its python files"},
            {"path": "vendor/", "reason": "dependencies", "detail": "only its go files"},
            {"path": "web/node_modules/", "reason": "dependencies"}
        ])
    );
}

/// A flag package whose `FlagSet` methods live in one file per value type, as pflag's do.
fn flags() -> Tree {
    Tree::new()
        .file("go.mod", "module example.com/flags\n\ngo 1.22\n")
        .file(
            "flag.go",
            r#"
            package flags

            type FlagSet struct {
            	formal map[string]*Flag
            }

            type Flag struct{ Name string }

            func NewFlagSet(name string) *FlagSet { return &FlagSet{formal: map[string]*Flag{}} }

            func (f *FlagSet) Lookup(name string) *Flag { return f.formal[name] }
            "#,
        )
        .file(
            "bool.go",
            r#"
            package flags

            func (f *FlagSet) BoolVar(p *bool, name string) {
            	f.formal[name] = &Flag{Name: name}
            }

            func (f *FlagSet) GetBool(name string) (bool, error) {
            	if f.Lookup(name) == nil {
            		return false, nil
            	}
            	return true, nil
            }
            "#,
        )
        .file(
            "int.go",
            r#"
            package flags

            func (f *FlagSet) IntVar(p *int, name string) {
            	f.formal[name] = &Flag{Name: name}
            }

            func (f *FlagSet) GetInt(name string) (int, error) {
            	return 0, nil
            }
            "#,
        )
        .file(
            "bool_test.go",
            r#"
            package flags

            import "testing"

            func TestBool(t *testing.T) {
            	var b bool
            	f := NewFlagSet("x")
            	f.BoolVar(&b, "v")
            	if v, _ := f.GetBool("v"); !v {
            		t.Fatal()
            	}
            }
            "#,
        )
}

#[test]
fn methods_are_credited_in_the_file_that_defines_them() {
    let tree = flags();
    let p = pipeline(tree.path(), &["--format", "json"]);
    let bool_go = p.module("bool.go");
    assert_eq!(bool_go["status"], "tested", "{bool_go}");
    assert_eq!(bool_go["direct_tests"], json!(["bool_test.go"]));
    assert_eq!(
        bool_go["evidence"],
        json!([{"test": "bool_test.go", "line": 8, "kind": "reference", "detail": "FlagSet.BoolVar"}]),
        "the first method of bool.go the test calls, at its line"
    );
    assert_eq!(p.module("flag.go")["direct_tests"], json!(["bool_test.go"]));
    let int_go = p.module("int.go");
    assert_eq!(
        (
            &int_go["status"],
            &int_go["direct_tests"],
            &int_go["testable"]
        ),
        (&json!("untested"), &json!([]), &json!(true)),
        "no test calls IntVar or GetInt; a file of methods is testable: {int_go}"
    );
}

#[test]
fn importing_a_package_credits_the_files_whose_names_the_test_uses() {
    let tree = Tree::new()
        .file("go.mod", "module example.com/money\n\ngo 1.22\n")
        .file(
            "price/round.go",
            "package price\n\nfunc Round(c int) int { return c }\n",
        )
        .file(
            "price/discount.go",
            "package price\n\nfunc Discount(c, pct int) int {\n\tif pct > 100 {\n\t\tpanic(\"pct\")\n\t}\n\treturn c * (100 - pct) / 100\n}\n",
        )
        .file(
            "price/round_test.go",
            "package price_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/money/price\"\n)\n\nfunc TestRound(t *testing.T) {\n\tif price.Round(5) != 5 {\n\t\tt.Fatal()\n\t}\n}\n",
        )
        .file(
            "price/terminal.go",
            "package price\n\nfunc isTerminal() bool { return false }\n",
        )
        .file(
            "price/table_test.go",
            "package price\n\nimport \"testing\"\n\nfunc TestTable(t *testing.T) {\n\tfor _, c := range []struct{ isTerminal bool }{{isTerminal: true}} {\n\t\t_ = c.isTerminal\n\t}\n}\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let round = p.module("price/round.go");
    assert_eq!(round["status"], "tested");
    assert_eq!(
        round["evidence"],
        json!([{"test": "price/round_test.go", "line": 10, "kind": "reference", "detail": "Round"}])
    );
    let discount = p.module("price/discount.go");
    assert_eq!(
        (
            &discount["status"],
            &discount["import_only_tests"],
            &discount["evidence"]
        ),
        (&json!("untested"), &json!([]), &json!([])),
        "the test imports its package but uses nothing it defines: {discount}"
    );
    let terminal = p.module("price/terminal.go");
    assert_eq!(
        (&terminal["status"], &terminal["evidence"]),
        (&json!("untested"), &json!([])),
        "a field named isTerminal is not the function: {terminal}"
    );
}

#[test]
fn gocheck_and_testify_suites_are_tests_and_their_calls_credit() {
    let tree = Tree::new()
        .file("go.mod", "module example.com/yaml\n\ngo 1.22\n")
        .file(
            "decode.go",
            "package yaml\n\nfunc Unmarshal(in []byte, out interface{}) error {\n\tif len(in) == 0 {\n\t\treturn nil\n\t}\n\treturn nil\n}\n",
        )
        .file(
            "decode_test.go",
            r#"
            package yaml_test

            import (
            	. "gopkg.in/check.v1"

            	"example.com/yaml"
            )

            type S struct{}

            var _ = Suite(&S{})

            func (s *S) TestUnmarshal(c *C) {
            	var v int
            	c.Assert(yaml.Unmarshal([]byte("1"), &v), IsNil)
            }
            "#,
        )
        .file(
            "store/store.go",
            "package store\n\ntype Store struct{ n int }\n\nfunc (s *Store) Get() int { return s.n }\n\nfunc (s *Store) Put(n int) { s.n = n }\n",
        )
        .file(
            "store/store_test.go",
            r#"
            package store

            import (
            	"testing"

            	"github.com/stretchr/testify/suite"
            )

            type StoreSuite struct {
            	suite.Suite
            	st *Store
            }

            func (s *StoreSuite) SetupTest() { s.st = &Store{} }

            func (s *StoreSuite) TestGet() {
            	s.Equal(0, s.st.Get())
            }

            func TestStore(t *testing.T) { suite.Run(t, new(StoreSuite)) }
            "#,
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let decode = p.module("decode.go");
    assert_eq!(decode["status"], "tested", "{decode}");
    assert_eq!(
        decode["evidence"],
        json!([{"test": "decode_test.go", "line": 15, "kind": "reference", "detail": "Unmarshal"}])
    );
    let store = p.module("store/store.go");
    assert_eq!(store["direct_tests"], json!(["store/store_test.go"]));
    assert_eq!(
        store["evidence"],
        json!([{"test": "store/store_test.go", "line": 11, "kind": "reference", "detail": "Store"}])
    );
    assert_eq!(
        (&store["status"], &store["missing_symbols"]),
        (&json!("tested"), &json!(["Store.Put"])),
        "the suite calls Get, not Put: {store}"
    );
    let doc = p.json();
    let kinds = crate::support::test_files(&doc);
    assert_eq!(
        kinds,
        [
            ("decode_test.go", "test", 1),
            ("store/store_test.go", "test", 2)
        ],
        "suite methods named TestX are tests, SetupTest is not"
    );
}

#[test]
fn code_that_is_not_product_code_is_excluded_by_its_signals() {
    let tree = Tree::new()
        .file("go.mod", "module example.com/kit\n\ngo 1.22\n")
        .file(
            "kit.go",
            "package kit\n\nfunc Equal(a, b int) bool {\n\treturn a == b\n}\n",
        )
        .file(
            "kind_string.go",
            "// Code generated by \"stringer -type=Kind\"; DO NOT EDIT.\n\npackage kit\n\nfunc (k Kind) String() string { return \"\" }\n",
        )
        .file(
            "kit_forward.go",
            "/*\n* CODE GENERATED AUTOMATICALLY WITH example.com/kit/_codegen\n* THIS FILE MUST NOT BE EDITED BY HAND\n */\n\npackage kit\n\nfunc Equalf(a, b int, msg string) bool { return Equal(a, b) }\n",
        )
        .file(
            "_codegen/main.go",
            "package main\n\nfunc main() { generate() }\n\nfunc generate() {}\n",
        )
        .file(
            "ci/magefile.go",
            "//go:build mage\n// +build mage\n\npackage main\n\nfunc Lint() error { return nil }\n",
        )
        .file(
            "internal/teststructs/structs.go",
            "package teststructs\n\ntype Pair struct{ A, B int }\n\nfunc NewPair() Pair { return Pair{1, 1} }\n",
        )
        .file(
            "testdata/fixture.go",
            "package fixture\n\nfunc F() {}\n",
        )
        .file(
            "kit_test.go",
            "package kit_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/kit\"\n\t\"example.com/kit/internal/teststructs\"\n)\n\nfunc TestEqual(t *testing.T) {\n\tp := teststructs.NewPair()\n\tif !kit.Equal(p.A, p.B) {\n\t\tt.Fatal()\n\t}\n}\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let doc = p.json();
    assert_eq!(module_paths(&doc), ["kit.go"]);
    assert_eq!(p.module("kit.go")["status"], "tested");
    assert_eq!(
        doc["excluded"],
        json!([
            {"path": "_codegen/main.go", "reason": "not_built",
             "detail": "under _codegen/: the go tool ignores folders starting with _ or ."},
            {"path": "ci/magefile.go", "reason": "tool",
             "detail": "built only for a tool: //go:build mage"},
            {"path": "internal/teststructs/structs.go", "reason": "test_fixture",
             "detail": "a package only tests import (kit_test.go)"},
            {"path": "kind_string.go", "reason": "generated",
             "detail": "// Code generated by \"stringer -type=Kind\"; DO NOT EDIT."},
            {"path": "kit_forward.go", "reason": "generated",
             "detail": "* CODE GENERATED AUTOMATICALLY WITH example.com/kit/_codegen"},
            {"path": "testdata/", "reason": "test_data", "detail": "only its go files"}
        ])
    );
    // gap.toml's product globs bring a fixture back.
    let claimed = tree.file("gap.toml", "product = [\"internal/**\"]\n");
    let p = pipeline(claimed.path(), &["--format", "json"]);
    let structs = p.module("internal/teststructs/structs.go");
    assert_eq!(structs["status"], "tested", "{structs}");
    assert_eq!(structs["direct_tests"], json!(["kit_test.go"]));
}

#[test]
fn a_go_fuzz_harness_is_a_tool_and_leaves_the_critical_gaps() {
    let tree = Tree::new()
        .file("go.mod", "module example.com/conf\n\ngo 1.22\n")
        .file(
            "conf.go",
            "package conf\n\nfunc Load(b []byte) (map[string]string, error) {\n\tif len(b) == 0 {\n\t\treturn nil, nil\n\t}\n\treturn map[string]string{}, nil\n}\n",
        )
        .file(
            "fuzz.go",
            "// +build gofuzz\n\npackage conf\n\nfunc Fuzz(data []byte) int {\n\tif _, err := Load(data); err != nil {\n\t\treturn 0\n\t}\n\treturn 1\n}\n",
        )
        .file(
            "conf_test.go",
            "package conf\n\nimport \"testing\"\n\nfunc TestLoad(t *testing.T) {\n\tif _, err := Load([]byte(\"a\")); err != nil {\n\t\tt.Fatal(err)\n\t}\n}\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let doc = p.json();
    assert_eq!(module_paths(&doc), ["conf.go"]);
    assert_eq!(p.module("conf.go")["status"], "tested");
    assert_eq!(
        doc["excluded"],
        json!([{"path": "fuzz.go", "reason": "tool", "detail": "built only for a tool: // +build gofuzz"}])
    );
    let report = stdout(&pipeline(tree.path(), &["--format", "markdown"]).report);
    assert!(
        report.contains("No gaps of priority HIGH or above."),
        "{report}"
    );
    assert!(!report.contains("fuzz.go"), "{report}");
}

#[test]
fn a_repository_of_its_own_inside_a_test_folder_is_test_data() {
    let tree = Tree::new()
        .file("pyproject.toml", "[project]\nname = \"conf\"\n")
        .file("conf/__init__.py", "def load(text):\n    return dict(line.split('=') for line in text.splitlines())\n")
        .file("tests/test_conf.py", "from conf import load\n\n\ndef test_load():\n    assert load('a=1') == {'a': '1'}\n")
        .file("tests/suite/.git", "gitdir: ../../.git/modules/tests/suite\n")
        .file("tests/suite/go.mod", "module example.com/suite\n\ngo 1.22\n")
        .file("tests/suite/runner.go", "package suite\n\nfunc Run(cmd string) error {\n\tif cmd == \"\" {\n\t\treturn nil\n\t}\n\treturn nil\n}\n")
        .file("tests/suite/cmd/suite/main.go", "package main\n\nimport \"example.com/suite\"\n\nfunc main() { _ = suite.Run(\"x\") }\n")
        .file("libs/shared/.git", "gitdir: ../../.git/modules/libs/shared\n")
        .file("libs/shared/go.mod", "module example.com/shared\n\ngo 1.22\n")
        .file("libs/shared/shared.go", "package shared\n\nfunc Share() int { return 1 }\n");
    let p = pipeline(tree.path(), &["--format", "json"]);
    let doc = p.json();
    assert_eq!(
        module_paths(&doc),
        ["conf/__init__.py", "libs/shared/shared.go"],
        "a submodule outside test folders is scanned"
    );
    assert_eq!(
        doc["excluded"],
        json!([{"path": "tests/suite/", "reason": "test_data",
                "detail": "a repository of its own (a git submodule) inside a test folder"}])
    );
    assert_eq!(p.module("conf/__init__.py")["status"], "tested");
}
