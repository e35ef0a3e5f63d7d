//! Each reference's rules on small sources: what counts as a definition and an import.

use super::{parse, read, Grammar};
use crate::outline::kind_name;

/// (`kind name @line` of each definition, `spec @line` of each import).
fn outline(grammar: Grammar, src: &str) -> (Vec<String>, Vec<String>) {
    let p = parse(grammar, src).unwrap();
    assert_eq!(p.error(), None, "the snippet parses");
    let r = read(grammar, &p);
    (
        r.defs
            .iter()
            .map(|f| {
                format!(
                    "{} {} @{}",
                    kind_name(f.item.kind),
                    f.item.name,
                    f.item.line
                )
            })
            .collect(),
        r.imports
            .iter()
            .map(|f| format!("{} @{}", f.item.spec, f.item.line))
            .collect(),
    )
}

#[test]
fn python_blocks_do_not_nest_but_functions_and_classes_do() {
    let src = "import a.b, c as d\nfrom ..x import y\nfrom . import z\ntry:\n    def f(): pass\nexcept E:\n    pass\n@dec\nclass C:\n    if X:\n        async def m(self):\n            def inner(): pass\n    class Inner:\n        def n(self): pass\ndef g():\n    import lazy\n";
    let (defs, imports) = outline(Grammar::Python, src);
    assert_eq!(
        defs,
        [
            "function f @5",
            "class C @9",
            "method C.m @11",
            "function g @15"
        ]
    );
    assert_eq!(imports, ["a.b @1", "c @1", "..x @2", ". @3", "lazy @16"]);
}

#[test]
fn javascript_top_level_functions_classes_and_every_require() {
    let src = "import x from 'a';\nexport * from './b';\nexport function f(a: string): void;\nexport function f(a) {}\nexport const g = <T>(t: T) => t;\nconst n = (1 + 2);\nconst p = (x => x);\nobj.h = function h() {};\nexport default class K {\n  #p() {}\n  get v() { return require('c'); }\n  [k]() {}\n}\ndeclare function d(): void;\nmodule.exports = function () {};\nimport('./lazy');\n";
    let (defs, imports) = outline(Grammar::TypeScript, src);
    assert_eq!(
        defs,
        [
            "function f @4",
            "function g @5",
            "function p @7",
            "class K @9",
            "method K.p @10",
            "method K.v @11",
            "function d @14",
            "function default @15"
        ]
    );
    assert_eq!(imports, ["a @1", "./b @2", "c @11", "./lazy @16"]);
}

#[test]
fn javascript_functions_assigned_to_module_objects_and_prototypes_define() {
    let src = "var res = Object.create(proto);\nmodule.exports = res;\nres.send = function send(body) { return this; };\nres.json = function (obj) {};\nexports.helper = function helper() {};\nmodule.exports.render = (v) => v;\nfunction Router() {}\nRouter.prototype.route = function route(path) { return path; };\nRouter.prototype.use = (fn) => fn;\nres.Client = class { call() {} };\nimport app from './app';\napp.use = function use() {};\naxios.all = function all() {};\ndefineGetter(req, 'host', function host() {});\nres.count = 1;\nfunction setup() { res.x = function x() {}; }\n";
    let (defs, _) = outline(Grammar::JavaScript, src);
    assert_eq!(
        defs,
        [
            "function send @3",
            "function json @4",
            "function helper @5",
            "function render @6",
            "function Router @7",
            "method Router.route @8",
            "method Router.use @9",
            "class Client @10",
            "method Client.call @10",
            "function setup @16"
        ]
    );
}

#[test]
fn go_receivers_lose_pointer_and_type_parameters() {
    let src = "package p\n\nimport (\n\t\"fmt\"\n\tx \"example.com/x\"\n)\n\ntype (\n\tA struct{}\n\tF func() error\n)\n\nvar hooks []func()\n\nfunc (a *A[T]) M() {}\nfunc G() {}\n";
    let (defs, imports) = outline(Grammar::Go, src);
    assert_eq!(
        defs,
        [
            "class A @9",
            "class F @10",
            "method A.M @15",
            "function G @16"
        ]
    );
    assert_eq!(imports, ["fmt @4", "example.com/x @5"]);
}

#[test]
fn rust_inline_modules_name_their_items_trait_impls_are_one_item_and_tests_are_left_out() {
    let src = "use a::{b, c::{self, d as e}, f::*};\npub mod sync {\n    use ::std::fmt;\n    pub struct Lazy;\n    impl<T> Lazy<T> { pub fn get(&self) {} }\n}\nimpl fmt::Display for dyn Err + '_ { fn fmt(&self) {} }\nimpl X for [u8; 4] { fn x() {} }\n#[tokio::test]\nasync fn t() {}\n#[cfg(test)]\nmod tests { fn helper() {} }\n";
    let (defs, imports) = outline(Grammar::Rust, src);
    assert_eq!(
        defs,
        [
            "class sync::Lazy @4",
            "method sync::Lazy.get @5",
            "impl Display for dyn Err+'_ @7",
            "impl X for [u8; 4] @8"
        ]
    );
    assert_eq!(
        imports,
        [
            "a::b @1",
            "a::c @1",
            "a::c::d @1",
            "a::f::* @1",
            "std::fmt @3"
        ]
    );
}

#[test]
fn java_constructors_are_methods_and_nested_types_are_not() {
    let src = "import a.b.C;\nimport static a.b.C.m;\nimport a.b.*;\nclass K {\n  K() {}\n  void run() {}\n  record R(int i) {}\n}\nenum E { A; void e() {} }\n";
    let (defs, imports) = outline(Grammar::Java, src);
    assert_eq!(
        defs,
        [
            "class K @4",
            "method K.K @5",
            "method K.run @6",
            "class E @9",
            "method E.e @9"
        ]
    );
    assert_eq!(imports, ["a.b.C @1", "a.b.C.m @2", "a.b.* @3"]);
}

#[test]
fn kotlin_extensions_by_their_name_and_backquotes_dropped() {
    let src = "import a.B as C\nimport a.b.*\n\nfun <T> List<T>.top(): T = first()\ninternal class `-Name` {\n  abstract fun a()\n  fun String.ext() {}\n  companion object {\n    fun c() {}\n  }\n}\n";
    let (defs, imports) = outline(Grammar::Kotlin, src);
    assert_eq!(
        defs,
        [
            "function top @4",
            "class -Name @5",
            "method -Name.a @6",
            "method -Name.ext @7"
        ]
    );
    assert_eq!(imports, ["a.B @1", "a.b.* @2"]);
}

#[test]
fn kotlin_declarations_the_grammar_misreads_make_the_file_unsure() {
    let p = parse(Grammar::Kotlin, "@A annotation class X\n").unwrap();
    assert!(
        p.error().is_some_and(|e| e.contains("expression")),
        "{:?}",
        p.error()
    );
}

#[test]
fn csharp_types_in_namespaces_and_usings() {
    let src = "global using System;\nusing static System.Math;\nusing IO = System.IO;\nnamespace N;\npublic partial class C<T> {\n  public C() {}\n  void M() {}\n  class Inner { void I() {} }\n}\nrecord R(int X);\n";
    let (defs, imports) = outline(Grammar::CSharp, src);
    assert_eq!(
        defs,
        [
            "class C @5",
            "method C.C @6",
            "method C.M @7",
            "class R @10"
        ]
    );
    assert_eq!(imports, ["System @1", "System.Math @2", "System.IO @3"]);
}

#[test]
fn csharp_reads_both_sides_of_preprocessor_blocks() {
    let src = "#if NET\nusing System.Text.Json;\n#else\nusing Newtonsoft.Json;\n#endif\nnamespace N\n{\n#if DEBUG\n    class D { }\n#endif\n    class C\n    {\n#if NET\n        void A() { }\n#elif NETSTANDARD\n        void B() { }\n#else\n        void E() { }\n#endif\n    }\n}\n";
    let (defs, imports) = outline(Grammar::CSharp, src);
    assert_eq!(
        defs,
        [
            "class D @9",
            "class C @11",
            "method C.A @14",
            "method C.B @16",
            "method C.E @18"
        ]
    );
    assert_eq!(imports, ["System.Text.Json @2", "Newtonsoft.Json @4"]);
}
