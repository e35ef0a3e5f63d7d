//! Facts about one JavaScript or TypeScript file: imports, re-exports and `require()`s, top-level
//! functions, classes and their methods, what it exports, branch points, throw sites, identifiers and
//! test calls (`it(`, `test(`).

use std::collections::{BTreeMap, BTreeSet};

use super::shape::{arrow_at, assigned_after_type, body_after_name, ends_type, is_function_value};
use crate::clike::{self, text, Cursor, Dialect, Kind};
use crate::lang;
use crate::model::{Def, FileFacts, Parsed};
use crate::words::Words;
use gap_core::{Raise, SymbolKind};

/// Branch points: keywords.
pub const BRANCH_KEYWORDS: &Words = &Words::new(&["if", "for", "while", "case", "catch"]);
/// Branch points: operators.
pub const BRANCH_OPERATORS: &[&str] = &["&&", "||", "?", "??"];

const KEYWORDS: &Words = &Words::new(&[
    "as",
    "async",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "default",
    "delete",
    "do",
    "else",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "from",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "let",
    "new",
    "null",
    "return",
    "static",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "undefined",
    "var",
    "void",
    "while",
    "yield",
]);

/// How a module is brought in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Bind {
    /// `import { name as local }`, `const { name: local } = require()`, `export { name as local } from`.
    Named { name: String, local: String },
    /// `import local from` (the default export).
    Default { local: String },
    /// `import * as local`, `const local = require()`, `export * as local from`.
    Namespace { local: String },
    /// `export * from`: every name of the module, re-exported.
    All,
}

/// One import, re-export, `require()` or `import()`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct JsImport {
    /// The module specifier as written.
    pub spec: String,
    /// What it binds.
    pub binds: Vec<Bind>,
    /// `export ... from`: the names are re-exported.
    pub reexport: bool,
    /// `import type`: only for the type checker.
    pub type_only: bool,
    /// `import()`: loaded when the code runs.
    pub dynamic: bool,
    /// 1-based line.
    pub line: u64,
}

/// What a JavaScript/TypeScript file holds beyond the shared facts (whose definitions are top-level functions
/// and classes and class methods `Class.method`; whose error sites are `throw`s; whose test functions are
/// `it(`, `test(` calls and `it.each(`, `test.only(`...; whose identifiers exclude import statements).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct JsFile {
    /// Imports, re-exports, requires.
    pub imports: Vec<JsImport>,
    /// Exported names: (exported name, local name); `default` for the default export.
    pub exports: Vec<(String, String)>,
    /// Modules named by a string without being loaded (`require.resolve('../bin/cli')`, a script a test
    /// spawns): (specifier, line).
    pub named: Vec<(String, u64)>,
    /// Classes declared with a base (`class Admin extends User`, `class A extends base.Model`): (class, base
    /// as written, dotted).
    #[serde(default)]
    pub bases: Vec<(String, String)>,
    /// Names passed whole to a call that copies an object's properties onto another or makes it a prototype
    /// (`mixin(app, proto)`, `Object.create(req)`, `Object.assign(api, helpers)`): what the module gives out
    /// carries their names.
    #[serde(default)]
    pub mixins: Vec<String>,
    /// The module is `module.exports = ...`: its binding (`const x = require('./m')`) is its default export,
    /// so using the binding uses it (not so for `exports.default = f`, a property named `default`).
    #[serde(default)]
    pub binding_is_default: bool,
}

/// Calls that copy an object's properties onto another or make it another's prototype: (object, function);
/// `""` for a bare call (`mixin(a, b)`, the name `merge-descriptors` and its kind are bound to).
const MIXIN_CALLS: &[(&str, &str)] = &[
    ("", "extend"),
    ("", "merge"),
    ("", "mixin"),
    ("$", "extend"),
    ("Object", "assign"),
    ("Object", "create"),
    ("Object", "setPrototypeOf"),
    ("Reflect", "setPrototypeOf"),
    ("_", "assign"),
    ("_", "defaults"),
    ("_", "extend"),
    ("_", "merge"),
];

/// The functions of [`MIXIN_CALLS`], as a word set: the one question asked of every call.
const MIXIN_FUNCTIONS: &Words = &Words::new(&[
    "assign",
    "create",
    "defaults",
    "extend",
    "merge",
    "mixin",
    "setPrototypeOf",
]);

/// The base class after a class's name (from token `i`): the dotted name after an `extends` that stands
/// outside type parameters (`class A<T extends object> extends B<T>` -> `B`), before the body or
/// `implements`.
fn class_base(c: Cursor, mut i: usize) -> Option<String> {
    let mut angles = 0u32;
    while i < c.toks.len() {
        match c.toks[i].kind {
            Kind::Op(b'<') => angles += 1,
            Kind::Op(b'>') => angles = angles.saturating_sub(1),
            Kind::Op(b'{' | b';') if angles == 0 => return None,
            Kind::Name if angles == 0 && c.word(i) == "implements" => return None,
            Kind::Name if angles == 0 && c.word(i) == "extends" => {
                let mut base = c.word(i + 1).to_string();
                let mut k = i + 2;
                while c.op(k, b'.') && !c.word(k + 1).is_empty() {
                    base.push('.');
                    base.push_str(c.word(k + 1));
                    k += 2;
                }
                return (!base.is_empty()).then_some(base);
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// `{ a, b as c, type d }` starting at the `{` at `i`: ((name, local) pairs, index after `}`).
fn braces(c: Cursor, mut i: usize, rename: &[u8]) -> (Vec<(String, String)>, usize) {
    let mut out = Vec::new();
    i += 1;
    while i < c.toks.len() && !c.op(i, b'}') {
        if c.toks[i].kind == Kind::Name || c.toks[i].kind == Kind::Str {
            let mut name = c.word(i).to_string();
            if name == "type" && (c.toks.get(i + 1).is_some_and(|t| t.kind == Kind::Name)) {
                i += 1;
                name = c.word(i).to_string();
            }
            if name.is_empty() {
                name = c.string(i).unwrap_or_default();
            }
            let mut local = name.clone();
            let renamed = (rename.contains(&b'a') && c.word(i + 1) == "as")
                || (rename.contains(&b':') && c.op(i + 1, b':'));
            if renamed && c.toks.get(i + 2).is_some_and(|t| t.kind == Kind::Name) {
                local = c.word(i + 2).to_string();
                i += 2;
            }
            out.push((name, local));
        }
        i += 1;
    }
    (out, i + 1)
}

/// Where the tokens of a definition's body go: (def index, depth of its body, body entered).
#[derive(Debug, Clone, Copy)]
struct Scope {
    def: usize,
    depth: u32,
    entered: bool,
}

impl Scope {
    fn new(def: usize) -> Self {
        Scope {
            def,
            depth: 1,
            entered: false,
        }
    }
}

/// Words that may stand before a top-level definition.
const DEFINITION_PREFIXES: &[&str] = &["export", "default", "declare", "abstract", "async"];

/// Words that may stand before a class member's name.
const MEMBER_MODIFIERS: &[&str] = &[
    "static",
    "async",
    "get",
    "set",
    "public",
    "private",
    "protected",
    "readonly",
    "abstract",
    "override",
    "declare",
    "accessor",
];

/// One file being read, token by token; each construct has its own method.
struct Parser<'a> {
    c: Cursor<'a>,
    f: Parsed<JsFile>,
    /// Tokens of import statements (not identifiers of the file).
    in_import: Vec<bool>,
    /// The definition each token belongs to.
    owner_of: Vec<Option<usize>>,
    /// Methods marked private (`private`, `protected`, `#name`, `_name`, the constructor), by def index.
    private_methods: BTreeSet<usize>,
    /// The class whose methods are being read.
    class: Option<Scope>,
    /// The innermost definition the tokens belong to.
    owner: Option<Scope>,
    /// Names declared at the top level (`var`, `let`, `const`, `function`, `class`), read when first asked,
    /// each with whether it is the module's export (`var app = exports = module.exports = {}`).
    declared: Option<BTreeMap<&'a str, bool>>,
    /// Functions and classes assigned to a property of a top-level object (`res.send = function`): (def
    /// index, object), public when the object is.
    assigned_to: Vec<(usize, &'a str)>,
    /// Top-level `object.name = binding;` statements: (object, name, binding), exports when the object is
    /// the module's export (`WebSocket.Server = WebSocketServer; module.exports = WebSocket`).
    bound_to: Vec<(&'a str, &'a str, &'a str)>,
}

/// Reads one JavaScript or TypeScript file.
pub fn parse(src: &str) -> Parsed<JsFile> {
    let lexed = clike::lex(src, Dialect::JS);
    let toks = &lexed.tokens;
    let mut p = Parser {
        c: Cursor { src, toks },
        f: Parsed {
            facts: FileFacts {
                branches: clike::count_branches(src, toks, BRANCH_KEYWORDS, BRANCH_OPERATORS),
                ..lexed.facts()
            },
            own: JsFile::default(),
        },
        in_import: vec![false; toks.len()],
        owner_of: vec![None; toks.len()],
        private_methods: BTreeSet::new(),
        class: None,
        owner: None,
        declared: None,
        assigned_to: Vec::new(),
        bound_to: Vec::new(),
    };
    let mut i = 0;
    while i < toks.len() {
        i = p.step(i);
    }
    p.finish()
}

impl<'a> Parser<'a> {
    /// Reads the construct starting at token `i`; returns the index to go on from.
    fn step(&mut self, i: usize) -> usize {
        let (c, t) = (self.c, self.c.toks[i]);
        for scope in [&mut self.class, &mut self.owner] {
            if let Some(s) = scope {
                if !s.entered && t.depth >= s.depth {
                    s.entered = true;
                }
                if s.entered
                    && (t.depth < s.depth || (t.depth == s.depth && t.kind == Kind::Op(b'}')))
                {
                    *scope = None;
                }
            }
        }
        let word = c.word(i);
        let top = t.depth == 0;
        if word == "import" && top && !c.op(i + 1, b'(') && !c.op(i + 1, b'.') {
            return self.import_statement(i);
        }
        if word == "export" && top {
            if let Some(next) = self.export_statement(i) {
                return next;
            }
        }
        if word == "module"
            && top
            && c.op(i + 1, b'.')
            && c.word(i + 2) == "exports"
            && c.op(i + 3, b'=')
        {
            if let Some(next) = self.module_exports(i) {
                return next;
            }
        }
        let c = self.c;
        if word == "exports" && top && c.op(i + 1, b'.') && c.op(i + 3, b'=') {
            self.exports_assignment(i);
        }
        if top && t.kind == Kind::Name && c.op(i + 1, b'.') {
            if let Some(next) = self.property_definition(i) {
                return next;
            }
            self.property_binding(i);
        }
        if (word == "require" || word == "import") && c.op(i + 1, b'(') {
            self.require_call(i);
        }
        if t.kind == Kind::Name && MIXIN_FUNCTIONS.contains(word) && c.op(i + 1, b'(') {
            self.mixin_call(i);
        }
        if word == "require" && c.op(i + 1, b'.') && c.word(i + 2) == "resolve" && c.op(i + 3, b'(')
        {
            if let Some(spec) = c.string(i + 4) {
                let line = u64::from(c.toks[i].line);
                self.f.own.named.push((spec, line));
            }
        }
        if top {
            if let Some(next) = self.definition(i) {
                return next;
            }
        }
        self.method(i);
        self.owner_of[i] = self.owner.map(|o| o.def);
        if word == "throw" {
            self.throw_site(i);
        }
        if self.is_test_call(i) {
            self.f.facts.test_functions += 1;
        }
        i + 1
    }

    /// `import ... from 'x'`, `import 'x'`, `import type ...`.
    fn import_statement(&mut self, i: usize) -> usize {
        let (c, toks) = (self.c, self.c.toks);
        let line = toks[i].line;
        let mut j = i + 1;
        let type_only = c.word(j) == "type" && !c.op(j + 1, b',');
        if type_only {
            j += 1;
        }
        let mut binds = Vec::new();
        let mut spec = None;
        while j < toks.len() {
            if let Some(s) = c.string(j) {
                spec = Some(s);
                j += 1;
                break;
            }
            if c.op(j, b'{') {
                let (names, next) = braces(c, j, b"a");
                binds.extend(
                    names
                        .into_iter()
                        .map(|(name, local)| Bind::Named { name, local }),
                );
                j = next;
                continue;
            }
            if c.op(j, b'*') && c.word(j + 1) == "as" {
                binds.push(Bind::Namespace {
                    local: c.word(j + 2).to_string(),
                });
                j += 3;
                continue;
            }
            let w = c.word(j);
            if !w.is_empty() && w != "from" && w != "type" {
                binds.push(Bind::Default {
                    local: w.to_string(),
                });
            }
            if c.op(j, b';')
                || (toks[j].line != line && w.is_empty() && !c.op(j, b',') && !c.op(j, b'}'))
            {
                break;
            }
            j += 1;
        }
        if let Some(spec) = spec {
            self.f.own.imports.push(JsImport {
                spec,
                binds,
                reexport: false,
                type_only,
                dynamic: false,
                line: u64::from(line),
            });
        }
        self.mark_import(i, j);
        j
    }

    /// `export * from 'x'`, `export * as ns from 'x'`, `export { a as b } from 'x'`, `export { a, b }`: the
    /// index after it. `export default NAME` records the default export and goes on (`None`).
    fn export_statement(&mut self, i: usize) -> Option<usize> {
        let c = self.c;
        let j = i + 1;
        if c.op(j, b'*') || c.op(j, b'{') || (c.word(j) == "type" && c.op(j + 1, b'{')) {
            let j = if c.word(j) == "type" { j + 1 } else { j };
            let (binds, mut k) = if c.op(j, b'*') {
                if c.word(j + 1) == "as" {
                    (
                        vec![Bind::Namespace {
                            local: c.word(j + 2).to_string(),
                        }],
                        j + 3,
                    )
                } else {
                    (vec![Bind::All], j + 1)
                }
            } else {
                let (names, next) = braces(c, j, b"a");
                (
                    names
                        .into_iter()
                        .map(|(name, local)| Bind::Named { name, local })
                        .collect(),
                    next,
                )
            };
            if c.word(k) == "from" {
                if let Some(spec) = c.string(k + 1) {
                    for b in &binds {
                        if let Bind::Named { local, .. } | Bind::Namespace { local } = b {
                            self.f.own.exports.push((local.clone(), local.clone()));
                        }
                    }
                    self.f.own.imports.push(JsImport {
                        spec,
                        binds,
                        reexport: true,
                        type_only: false,
                        dynamic: false,
                        line: u64::from(c.toks[i].line),
                    });
                    k += 2;
                }
                self.mark_import(i, k);
            } else {
                for b in binds {
                    if let Bind::Named { name, local } = b {
                        self.f.own.exports.push((local, name));
                    }
                }
            }
            return Some(k);
        }
        if c.word(j) == "default" {
            let k = j + 1;
            let name = match c.word(k) {
                "function" | "class" => c.word(k + 1 + usize::from(c.op(k + 1, b'*'))),
                "async" if c.word(k + 1) == "function" => c.word(k + 2),
                w => w,
            };
            if !name.is_empty() && !KEYWORDS.contains(name) {
                self.f
                    .own
                    .exports
                    .push(("default".into(), name.to_string()));
            }
        }
        None
    }

    /// `module.exports = { a, b }`, `module.exports = name`, `module.exports = function [name](...) {...}` (the
    /// module's default export, a definition): the index to go on from when it was a definition or a list.
    fn module_exports(&mut self, i: usize) -> Option<usize> {
        let c = self.c;
        self.f.own.binding_is_default = true;
        if c.op(i + 4, b'{') {
            let (names, next) = braces(c, i + 4, b":");
            self.f.own.exports.extend(names);
            return Some(next);
        }
        let w = c.word(i + 4);
        if w == "require" {
            // `module.exports = require('./x')`: the module is x, re-exported whole (`require_call`).
            return None;
        }
        if let Some(body) = arrow_at(c, i + 4) {
            // `module.exports = (a, b) => ...`: an anonymous default export, a definition.
            self.f
                .own
                .exports
                .push(("default".into(), "default".into()));
            let line = u64::from(c.toks[i].line);
            self.enter(Def::new("default", SymbolKind::Function, line, true));
            return Some(body);
        }
        if w == "function" || w == "class" || (w == "async" && c.word(i + 5) == "function") {
            let k = i + 4 + usize::from(w == "async");
            let named =
                c.toks.get(k + 1).is_some_and(|t| t.kind == Kind::Name) && !c.op(k + 1, b'(');
            let name = if named {
                c.word(k + 1).to_string()
            } else {
                "default".to_string()
            };
            let kind = if c.word(k) == "class" {
                SymbolKind::Class
            } else {
                SymbolKind::Function
            };
            let line = u64::from(c.toks[i].line);
            self.f.own.exports.push(("default".into(), name.clone()));
            self.enter(Def::new(name, kind, line, true));
            return Some(k + 1);
        } else if !w.is_empty() {
            self.f.own.exports.push(("default".into(), w.to_string()));
        }
        None
    }

    /// `exports.name = value`.
    fn exports_assignment(&mut self, i: usize) {
        let c = self.c;
        let name = c.word(i + 2).to_string();
        let value = c.word(i + 4);
        let local = if value.is_empty() || value == "function" || value == "require" {
            name.clone()
        } else {
            value.to_string()
        };
        self.f.own.exports.push((name, local));
    }

    /// `require('x')`, `import('x')`, with what `const x = ...` / `const { a, b: c } = ...` binds.
    fn require_call(&mut self, i: usize) {
        let c = self.c;
        let Some(spec) = c.string(i + 2) else {
            return;
        };
        let dynamic = c.word(i) == "import";
        let mut binds = Vec::new();
        let mut reexport = false;
        let assigned = i >= 2 && c.op(i - 1, b'=') && !(i >= 3 && c.op(i - 2, b'='));
        if assigned && i >= 4 && c.word(i - 2) == "exports" && c.word(i - 4) == "module" {
            // `module.exports = require('./x')`: every name of x is this module's.
            binds.push(Bind::All);
            reexport = true;
        } else if assigned && i >= 4 && c.op(i - 3, b'.') && c.toks[i - 2].kind == Kind::Name {
            // `exports.name = require('./x')`, `api.name = require('./x')` at the top: the module offers x
            // as `name`.
            let name = c.word(i - 2).to_string();
            if c.toks[i].depth == 0 {
                self.f.own.exports.push((name.clone(), name.clone()));
            }
            binds.push(Bind::Namespace { local: name });
        } else if assigned {
            if c.toks[i - 2].kind == Kind::Name {
                binds.push(Bind::Namespace {
                    local: c.word(i - 2).to_string(),
                });
            } else if c.op(i - 2, b'}') {
                let mut k = i - 2;
                while k > 0 && !c.op(k, b'{') {
                    k -= 1;
                }
                let (names, _) = braces(c, k, b":");
                binds.extend(
                    names
                        .into_iter()
                        .map(|(name, local)| Bind::Named { name, local }),
                );
            }
        } else if dynamic || c.op(i + 4, b'(') || c.op(i + 4, b'.') {
            // `import('x')`, `require('x')(...)`, `require('x').name`: the module is used where it is loaded.
            binds.push(Bind::All);
        }
        self.f.own.imports.push(JsImport {
            spec,
            binds,
            reexport,
            type_only: false,
            dynamic,
            line: u64::from(c.toks[i].line),
        });
        self.mark_import(i, i + 4);
    }

    /// A top-level definition, possibly after `export`, `export default`, `declare`, `async`: `function f`,
    /// `class C`, `const f = (...) =>`, `const f = function`. The index after its name when there is one.
    /// Only a declaration that starts a statement defines (a named function expression passed or assigned,
    /// `app.all = function all() {}`, is a value), and a function signature without a body is an overload,
    /// not a definition, unless it is ambient (`declare function f(): T;`).
    fn definition(&mut self, i: usize) -> Option<usize> {
        let c = self.c;
        let mut k = i;
        let (mut exported, mut declared) = (false, false);
        while DEFINITION_PREFIXES.contains(&c.word(k)) {
            exported |= c.word(k) == "export";
            declared |= c.word(k) == "declare";
            k += 1;
        }
        // A definition is read from its first prefix, not again from a later one.
        if k == i && i > 0 && DEFINITION_PREFIXES.contains(&c.word(i - 1)) {
            return None;
        }
        let declares = matches!(c.word(k), "function" | "class" | "const" | "let" | "var");
        if !declares || !self.statement_start(i) {
            return None;
        }
        if exported && matches!(c.word(k), "const" | "let" | "var") && c.op(k + 2, b'=') {
            // `export const create = makeCart`: another name for a definition or an import.
            let (name, value) = (c.word(k + 1), c.word(k + 3));
            let ends = c
                .toks
                .get(k + 4)
                .is_none_or(|t| t.kind == Kind::Op(b';') || t.line != c.toks[k + 3].line);
            if !name.is_empty() && !value.is_empty() && !KEYWORDS.contains(value) && ends {
                self.f
                    .own
                    .exports
                    .push((name.to_string(), value.to_string()));
                return Some(k + 4);
            }
        }
        let (name, kind, at) = match c.word(k) {
            "function" => {
                let n = k + 1 + usize::from(c.op(k + 1, b'*'));
                if !declared && body_after_name(c, n).is_none() {
                    return None;
                }
                (c.word(n), SymbolKind::Function, n)
            }
            "class" => (c.word(k + 1), SymbolKind::Class, k + 1),
            "const" | "let" | "var" => {
                // `const f = ...`, `const f: Handler = ...`.
                let eq = if c.op(k + 2, b':') {
                    assigned_after_type(c, k + 2)?
                } else {
                    k + 2
                };
                if !c.op(eq, b'=') || !is_function_value(c, eq + 1) {
                    return None;
                }
                (c.word(k + 1), SymbolKind::Function, k + 1)
            }
            _ => return None,
        };
        if name.is_empty() {
            return None;
        }
        if exported {
            self.f
                .own
                .exports
                .push((name.to_string(), name.to_string()));
        }
        let line = u64::from(c.toks[at].line);
        if kind == SymbolKind::Class {
            if let Some(base) = class_base(c, at + 1) {
                self.f.own.bases.push((name.to_string(), base));
            }
        }
        self.enter(Def::new(name, kind, line, exported));
        Some(at + 1)
    }

    /// A statement assigning a function, arrow or class to a property of a module-level object: `exports.f =`,
    /// `module.exports.f =`, `obj.f =` (`obj` declared at the top of the module) define `f`; `X.prototype.f =`
    /// defines method `X.f`, as a class's would. The index to go on from.
    fn property_definition(&mut self, i: usize) -> Option<usize> {
        let c = self.c;
        let object = c.word(i);
        let exports = object == "module" && c.word(i + 2) == "exports" && c.op(i + 3, b'.');
        let prototype = !exports && c.word(i + 2) == "prototype" && c.op(i + 3, b'.');
        let at = if exports || prototype { i + 4 } else { i + 2 };
        let name = c.word(at);
        let value = at + 2;
        if name.is_empty() || !c.op(at + 1, b'=') || c.op(value, b'=') {
            return None;
        }
        let class = c.word(value) == "class";
        if !(class || is_function_value(c, value)) || !self.statement_start(i) {
            return None;
        }
        let exports = exports || (object == "exports" && at == i + 2);
        if !exports && !prototype && !self.declares(object) {
            return None;
        }
        let line = u64::from(c.toks[at].line);
        let idx = self.f.facts.defs.len();
        if prototype {
            if name.starts_with('_') {
                self.private_methods.insert(idx);
            }
            let method = format!("{object}.{name}");
            self.enter(Def::new(method, SymbolKind::Method, line, false));
        } else {
            let kind = if class {
                SymbolKind::Class
            } else {
                SymbolKind::Function
            };
            if !exports {
                self.assigned_to.push((idx, object));
            }
            if let Some(base) = class.then(|| class_base(c, value + 1)).flatten() {
                self.f.own.bases.push((name.to_string(), base));
            }
            self.enter(Def::new(name, kind, line, exports));
        }
        Some(arrow_at(c, value).unwrap_or(value))
    }

    /// A top-level statement giving a property of an object another binding, `WebSocket.Server =
    /// WebSocketServer;` or `module.exports.parse = parse;`: kept for [`Self::finish`], which exports it when
    /// the object is the module's export.
    fn property_binding(&mut self, i: usize) {
        let c = self.c;
        let exports = c.word(i) == "module" && c.word(i + 2) == "exports" && c.op(i + 3, b'.');
        let at = if exports { i + 4 } else { i + 2 };
        let (name, value) = (c.word(at), c.word(at + 2));
        let ends = c
            .toks
            .get(at + 3)
            .is_none_or(|t| t.kind == Kind::Op(b';') || t.line != c.toks[at + 2].line);
        if name.is_empty()
            || !c.op(at + 1, b'=')
            || value.is_empty()
            || KEYWORDS.contains(value)
            || !ends
            || !self.statement_start(i)
        {
            return;
        }
        let object = if exports { "module.exports" } else { c.word(i) };
        self.bound_to.push((object, name, value));
    }

    /// A call of [`MIXIN_CALLS`] at token `i` (its function's name): its arguments that are plain names go
    /// to `mixins`.
    fn mixin_call(&mut self, i: usize) {
        let c = self.c;
        let object = if i >= 2 && c.op(i - 1, b'.') {
            c.word(i - 2)
        } else {
            ""
        };
        if !MIXIN_CALLS.contains(&(object, c.word(i)))
            || (object.is_empty() && i > 0 && c.op(i - 1, b'.'))
        {
            return;
        }
        let depth = c.toks[i + 1].depth;
        let mut k = i + 2;
        while k < c.toks.len() && !(c.op(k, b')') && c.toks[k].depth == depth) {
            let alone = (c.op(k - 1, b'(') || c.op(k - 1, b','))
                && (c.op(k + 1, b',') || c.op(k + 1, b')'));
            let w = c.word(k);
            if alone && c.toks[k].kind == Kind::Name && !KEYWORDS.contains(w) {
                let mixins = &mut self.f.own.mixins;
                if !mixins.iter().any(|m| m == w) {
                    mixins.push(w.to_string());
                }
            }
            k += 1;
        }
    }

    /// True when `name` is declared at the top level of the file: `var`, `let`, `const` (each plain name of
    /// the statement), a `function` or `class` declaration.
    fn declares(&mut self, name: &str) -> bool {
        if self.declared.is_none() {
            self.declared = Some(self.top_level_declarations());
        }
        self.declared.as_ref().is_some_and(|d| d.contains_key(name))
    }

    fn top_level_declarations(&self) -> BTreeMap<&'a str, bool> {
        let c = self.c;
        let mut out = BTreeMap::new();
        let mut in_declaration = false;
        for (j, t) in c.toks.iter().enumerate() {
            if t.depth != 0 {
                continue;
            }
            match c.word(j) {
                "var" | "let" | "const" => {
                    in_declaration = true;
                    out.insert(c.word(j + 1), self.module_export_at(j + 3));
                }
                "function" | "class" => {
                    let mut start = j;
                    while start > 0 && DEFINITION_PREFIXES.contains(&c.word(start - 1)) {
                        start -= 1;
                    }
                    if self.statement_start(start) {
                        let name = c.word(j + 1 + usize::from(c.op(j + 1, b'*')));
                        out.insert(name, false);
                    }
                }
                _ if c.op(j, b';') => in_declaration = false,
                _ if in_declaration && c.op(j, b',') => {
                    out.insert(c.word(j + 1), self.module_export_at(j + 3));
                }
                _ => {}
            }
        }
        out.remove("");
        out
    }

    /// True when the value at `v` is `module.exports = ...` or `exports = module.exports = ...`.
    fn module_export_at(&self, v: usize) -> bool {
        let c = self.c;
        let v = if c.word(v) == "exports" && c.op(v + 1, b'=') {
            v + 2
        } else {
            v
        };
        c.op(v - 1, b'=')
            && c.word(v) == "module"
            && c.op(v + 1, b'.')
            && c.word(v + 2) == "exports"
    }

    /// True when token `i` starts a statement: first in the file, after `;`, `}` or `)` (a decorator's), after
    /// a decorator's name, or on a line after a complete expression (a name, literal or `]`).
    fn statement_start(&self, i: usize) -> bool {
        let c = self.c;
        let Some(prev) = i.checked_sub(1).map(|p| c.toks[p]) else {
            return true;
        };
        c.op(i - 1, b';')
            || c.op(i - 1, b'}')
            || c.op(i - 1, b')')
            || (ends_type(c, i - 1) && prev.end_line < c.toks[i].line)
            || (prev.kind == Kind::Name && i >= 2 && c.op(i - 2, b'@'))
    }

    /// The modifiers before a class member's name at `i` (`static`, `private`, `#`, `*`...), nearest first,
    /// and whether the member starts there: after `{`, `;`, `}`, a modifier, or on a line after a complete
    /// field or decorator. `None` when the name is inside an expression (a field's initializer).
    fn member_modifiers(&self, i: usize) -> Option<Vec<&str>> {
        let c = self.c;
        let mut mods = Vec::new();
        let mut k = i;
        while k > 0 {
            let p = k - 1;
            let w = c.word(p);
            if MEMBER_MODIFIERS.contains(&w) && c.toks[p].line == c.toks[k].line {
                mods.push(w);
            } else if c.op(p, b'#') || c.op(p, b'*') {
                mods.push(if c.op(p, b'#') { "#" } else { "*" });
            } else {
                break;
            }
            k = p;
        }
        let prev = k.checked_sub(1).map(|p| c.toks[p])?;
        let starts = c.op(k - 1, b'{')
            || c.op(k - 1, b';')
            || c.op(k - 1, b'}')
            || (ends_type(c, k - 1) && prev.end_line < c.toks[k].line);
        starts.then_some(mods)
    }

    /// A method: a name at the start of a member of a class body, followed by its parameters (type
    /// parameters first, `name<T>(`) and its body; any name, keywords too (`delete()`). Overload signatures
    /// are not methods; abstract ones are.
    fn method(&mut self, i: usize) {
        let Some(class) = self.class.filter(|s| s.entered) else {
            return;
        };
        let c = self.c;
        let t = c.toks[i];
        let word = c.word(i);
        if t.depth != class.depth
            || t.kind != Kind::Name
            || !(c.op(i + 1, b'(') || c.op(i + 1, b'<') || c.op(i + 1, b'?'))
        {
            return;
        }
        let Some(mods) = self.member_modifiers(i) else {
            return;
        };
        if body_after_name(c, i).is_none() && !mods.contains(&"abstract") {
            return;
        }
        let private = mods
            .iter()
            .any(|m| matches!(*m, "private" | "protected" | "#"))
            || word.starts_with('_');
        let defs = &mut self.f.facts.defs;
        let class_name = &defs[class.def].name;
        let public = defs[class.def].public && !private && word != "constructor";
        if private || word == "constructor" {
            self.private_methods.insert(defs.len());
        }
        let name = format!("{class_name}.{word}");
        defs.push(Def::new(
            name,
            SymbolKind::Method,
            u64::from(t.line),
            public,
        ));
        self.owner = Some(Scope {
            def: defs.len() - 1,
            depth: class.depth + 1,
            entered: false,
        });
    }

    /// `throw [new] Name[.Name]...`.
    fn throw_site(&mut self, i: usize) {
        let c = self.c;
        let mut k = i + 1;
        if c.word(k) == "new" {
            k += 1;
        }
        let mut name = c.word(k).to_string();
        while c.op(k + 1, b'.') && !c.word(k + 2).is_empty() {
            name = format!("{name}.{}", c.word(k + 2));
            k += 2;
        }
        let line = u64::from(c.toks[i].line);
        self.f.facts.raises.push(Raise {
            line,
            name,
            extra: Default::default(),
        });
        if let Some(o) = self.owner {
            self.f.facts.defs[o.def].raises += 1;
        }
    }

    /// `it(`, `test(`, `it.each(`, `test.only(`... (a marker of the language row), not `x.it(`.
    fn is_test_call(&self, i: usize) -> bool {
        let c = self.c;
        lang::JAVASCRIPT.test_markers.contains(&c.word(i))
            && (c.op(i + 1, b'(')
                || (c.op(i + 1, b'.')
                    && matches!(
                        c.word(i + 2),
                        "only" | "each" | "skip" | "todo" | "concurrent"
                    )))
            && !(i > 0 && c.op(i - 1, b'.'))
    }

    /// Records definition `d` (a function or class) and reads its body as its own.
    fn enter(&mut self, d: Def) {
        let kind = d.kind;
        self.f.facts.defs.push(d);
        let idx = self.f.facts.defs.len() - 1;
        if kind == SymbolKind::Class {
            self.class = Some(Scope::new(idx));
        }
        self.owner = Some(Scope::new(idx));
    }

    /// Marks tokens `from..to` as part of an import statement.
    fn mark_import(&mut self, from: usize, to: usize) {
        let to = to.min(self.in_import.len());
        self.in_import[from.min(to)..to]
            .iter_mut()
            .for_each(|x| *x = true);
    }

    /// Branch points per definition, visibility from exports, identifiers: the file's facts.
    fn finish(mut self) -> Parsed<JsFile> {
        if !self.bound_to.is_empty() && self.declared.is_none() {
            self.declared = Some(self.top_level_declarations());
        }
        let (src, toks) = (self.c.src, self.c.toks);
        let f = &mut self.f;
        let branch_points = (BRANCH_KEYWORDS, BRANCH_OPERATORS);
        clike::credit_branches(src, toks, &self.owner_of, branch_points, &mut f.facts.defs);
        // Exported names make their definitions public (`export { a }`, `module.exports = { a }`), and a
        // public class's methods that are not private.
        for &(object, name, value) in &self.bound_to {
            let module_export = object == "module.exports"
                || f.own
                    .exports
                    .iter()
                    .any(|(e, l)| e == "default" && l == object)
                || self.declared.as_ref().and_then(|d| d.get(object)) == Some(&true);
            if module_export {
                f.own.exports.push((name.to_string(), value.to_string()));
            }
        }
        let exported: BTreeSet<&str> = f.own.exports.iter().map(|(_, l)| l.as_str()).collect();
        let mut public_classes = BTreeSet::new();
        for d in f
            .facts
            .defs
            .iter_mut()
            .filter(|d| d.kind != SymbolKind::Method)
        {
            d.public |= exported.contains(d.name.as_str());
            if d.public {
                public_classes.insert(d.name.clone());
            }
        }
        for &(k, object) in &self.assigned_to {
            let d = &mut f.facts.defs[k];
            let module_export = self.declared.as_ref().and_then(|d| d.get(object));
            d.public |= exported.contains(object)
                || public_classes.contains(object)
                || module_export == Some(&true);
            if d.public {
                public_classes.insert(d.name.clone());
            }
        }
        for (k, d) in f.facts.defs.iter_mut().enumerate() {
            if d.kind == SymbolKind::Method {
                let class = d.name.split('.').next().unwrap_or_default();
                d.public = public_classes.contains(class) && !self.private_methods.contains(&k);
            }
        }
        for (k, t) in toks.iter().enumerate() {
            if !self.in_import[k] && t.kind == Kind::Name {
                let w = text(src, t);
                if !KEYWORDS.contains(w) {
                    crate::model::note(&mut f.facts.identifiers, w, u64::from(t.line));
                }
            }
        }
        self.f
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::def_lines;

    fn imports(src: &str) -> Vec<String> {
        parse(src)
            .own
            .imports
            .iter()
            .map(|i| {
                let binds: Vec<String> = i
                    .binds
                    .iter()
                    .map(|b| match b {
                        Bind::Named { name, local } if name == local => name.clone(),
                        Bind::Named { name, local } => format!("{name} as {local}"),
                        Bind::Default { local } => format!("default as {local}"),
                        Bind::Namespace { local } => format!("* as {local}"),
                        Bind::All => "*".into(),
                    })
                    .collect();
                let flags = [
                    (i.reexport, " reexport"),
                    (i.type_only, " type"),
                    (i.dynamic, " dynamic"),
                ]
                .iter()
                .filter(|f| f.0)
                .map(|f| f.1)
                .collect::<String>();
                format!("{} [{}]{flags}", i.spec, binds.join(", "))
            })
            .collect()
    }

    #[test]
    fn every_import_form() {
        let src = r#"import React from 'react';
import { a, b as c } from './x';
import * as ns from "../y";
import Def, { named } from './z';
import type { T } from './types';
import './side-effect';
export * from './barrel';
export { d as e } from './d';
export * as all from './all';
const fs = require('fs');
const { join, resolve: res } = require('path');
async function load() { return import('./lazy'); }
"#;
        assert_eq!(
            imports(src),
            [
                "react [default as React]",
                "./x [a, b as c]",
                "../y [* as ns]",
                "./z [default as Def, named]",
                "./types [T] type",
                "./side-effect []",
                "./barrel [*] reexport",
                "./d [d as e] reexport",
                "./all [* as all] reexport",
                "fs [* as fs]",
                "path [join, resolve as res]",
                "./lazy [*] dynamic",
            ]
        );
    }

    #[test]
    fn definitions_exports_and_visibility() {
        let src = r#"export function parse(s) { if (s && s.length) { return 1 } return 0 }
function helper() {}
export const run = async (x) => { for (const y of x) {} };
const local = () => 1;
export default class Store {
  constructor() {}
  get(key) { return key ?? null; }
  private secret() {}
  #hidden() {}
  static create() { throw new StoreError("no"); }
}
export { helper };
"#;
        let f = parse(src);
        let defs = crate::model::def_summary(&f.facts.defs);
        assert_eq!(
            defs,
            [
                ("parse", SymbolKind::Function, true, 2),
                ("helper", SymbolKind::Function, true, 0),
                ("run", SymbolKind::Function, true, 1),
                ("local", SymbolKind::Function, false, 0),
                ("Store", SymbolKind::Class, true, 0),
                ("Store.constructor", SymbolKind::Method, false, 0),
                ("Store.get", SymbolKind::Method, true, 1),
                ("Store.secret", SymbolKind::Method, false, 0),
                ("Store.hidden", SymbolKind::Method, false, 0),
                ("Store.create", SymbolKind::Method, true, 0),
            ]
        );
        assert!(f.own.exports.contains(&("default".into(), "Store".into())));
        assert_eq!(
            f.facts.raises,
            [Raise {
                line: 10,
                name: "StoreError".into(),
                extra: Default::default()
            }]
        );
        assert_eq!(f.facts.defs[9].raises, 1);
    }

    #[test]
    fn commonjs_exports_and_test_calls() {
        let f = parse("function a() {}\nfunction b() {}\nmodule.exports = { a, bee: b };\n");
        assert!(f.facts.defs.iter().all(|d| d.public));
        let t = parse("describe('x', () => {\n  it('works', () => { expect(a()).toBe(1) });\n  test.each([1])('n', () => {});\n  it.skip('later', () => {});\n});\n");
        assert_eq!(t.facts.test_functions, 3);
        assert!(
            t.facts.identifiers.contains_key("expect") && t.facts.identifiers.contains_key("a")
        );
    }

    #[test]
    fn commonjs_reexports_arrows_aliases_and_named_modules() {
        let src = "module.exports = require('./lib/');\napi.isCore = require('./is-core');\nexports.sync = require('./sync');\nrequire('./debug')('x');\nconst bin = require.resolve('../bin/cli');\n";
        assert_eq!(
            imports(src),
            [
                "./lib/ [*] reexport",
                "./is-core [* as isCore]",
                "./sync [* as sync]",
                "./debug [*]"
            ]
        );
        let f = parse(src);
        assert_eq!(f.own.named, [("../bin/cli".to_string(), 5)]);
        assert!(f.own.exports.contains(&("isCore".into(), "isCore".into())));
        assert!(f.own.exports.contains(&("sync".into(), "sync".into())));
        let arrow = parse("module.exports = (versions, range) => {\n  return versions;\n};\n");
        assert_eq!(
            def_lines(&arrow.facts.defs),
            [("default", SymbolKind::Function, 1)]
        );
        let alias =
            parse("function makeCart() {\n  return [];\n}\nexport const create = makeCart;\n");
        assert!(alias
            .own
            .exports
            .contains(&("create".into(), "makeCart".into())));
    }

    #[test]
    fn mixin_functions_are_those_of_the_mixin_calls() {
        for (_, f) in MIXIN_CALLS {
            assert!(MIXIN_FUNCTIONS.contains(f), "{f}");
        }
    }

    #[test]
    fn properties_of_the_exported_object_and_mixed_in_modules() {
        let src = "const WS = require('./ws');\nconst Server = require('./server');\nconst other = {};\nWS.Server = Server;\nother.x = Server;\nWS.count = Server.count + 1;\nmodule.exports.parse = parse;\nmodule.exports = WS;\n";
        let exports = parse(src).own.exports;
        assert!(exports.contains(&("Server".into(), "Server".into())));
        assert!(exports.contains(&("parse".into(), "parse".into())));
        assert!(!exports.iter().any(|(e, _)| e == "x" || e == "count"));
        let mixed = parse("function make() {\n  mixin(app, proto, false);\n  app.res = Object.create(res, {});\n  Object.assign(app, a.b, helpers);\n  x.mixin(other);\n  Object.create(http.IncomingMessage.prototype);\n}\n");
        assert_eq!(mixed.own.mixins, ["app", "proto", "res", "helpers"]);
    }

    fn defs_of(src: &str) -> Vec<(String, SymbolKind, u64)> {
        def_lines(&parse(src).facts.defs)
            .into_iter()
            .map(|(n, k, l)| (n.to_string(), k, l))
            .collect()
    }

    fn d(name: &str, kind: SymbolKind, line: u64) -> (String, SymbolKind, u64) {
        (name.to_string(), kind, line)
    }

    #[test]
    fn overload_signatures_are_not_definitions_but_ambient_ones_are() {
        let src = "export function f(a: string): string;\nexport function f(a: number): number\nexport function f(a: any): any { return a; }\nclass C {\n  m(a: string): void;\n  m(a: any) {}\n  constructor(k: 'N');\n  constructor(k: string) {}\n}\ndeclare function g(a: T): { a: T };\nexport abstract class A {\n  abstract run(): void;\n}\n";
        assert_eq!(
            defs_of(src),
            [
                d("f", SymbolKind::Function, 3),
                d("C", SymbolKind::Class, 4),
                d("C.m", SymbolKind::Method, 6),
                d("C.constructor", SymbolKind::Method, 8),
                d("g", SymbolKind::Function, 10),
                d("A", SymbolKind::Class, 11),
                d("A.run", SymbolKind::Method, 12),
            ]
        );
    }

    #[test]
    fn named_function_expressions_are_values_not_definitions() {
        let src = "axios.all = function all(promises) {};\ndefineGetter(req, 'host', function host() {});\nexport const E = createErrorClass((_super) => function ErrorImpl() {});\nexport default supported && function adapter(config) {};\nutils.forEach([1], function each(m) {});\nfunction real() {}\n";
        assert_eq!(defs_of(src), [d("real", SymbolKind::Function, 6)]);
    }

    fn public_defs(src: &str) -> Vec<(String, bool)> {
        parse(src)
            .facts
            .defs
            .iter()
            .map(|d| (d.name.clone(), d.public))
            .collect()
    }

    #[test]
    fn functions_assigned_to_a_module_object_define_their_property() {
        let src = "var res = Object.create(http.ServerResponse.prototype);\nmodule.exports = res;\nres.send = function send(body) { return this; };\nres.json = function (obj) { return this.send(JSON.stringify(obj)); };\n";
        assert_eq!(
            public_defs(src),
            [("send".into(), true), ("json".into(), true)],
            "public: res is the module's export"
        );
        let private = "const api = {};\napi.get = async (url) => url;\napi.Client = class {\n  call() {}\n};\n";
        assert_eq!(
            defs_of(private),
            [
                d("get", SymbolKind::Function, 2),
                d("Client", SymbolKind::Class, 3),
                d("Client.call", SymbolKind::Method, 4),
            ]
        );
        assert!(public_defs(private).iter().all(|(_, public)| !public));
        let exported = "var app = exports = module.exports = {};\napp.init = function init() {};\nvar proto = module.exports = function (options) {};\nproto.use = function use(fn) {};\n";
        assert_eq!(
            public_defs(exported),
            [
                ("init".into(), true),
                ("default".into(), true),
                ("use".into(), true)
            ]
        );
    }

    #[test]
    fn functions_assigned_to_exports_define_public_functions() {
        let src = "exports.helper = function helper() {};\nmodule.exports.render = (view) => view;\nexports.count = 3;\n";
        assert_eq!(
            public_defs(src),
            [("helper".into(), true), ("render".into(), true)]
        );
    }

    #[test]
    fn prototype_functions_are_methods_of_their_constructor() {
        let src = "function Router() {}\nRouter.prototype.route = function route(path) {\n  if (path) { return path; }\n};\nRouter.prototype.use = (fn) => fn;\nRouter.prototype._tidy = function () {};\nmodule.exports = Router;\n";
        let parsed = parse(src);
        assert_eq!(
            def_lines(&parsed.facts.defs),
            [
                ("Router", SymbolKind::Function, 1),
                ("Router.route", SymbolKind::Method, 2),
                ("Router.use", SymbolKind::Method, 5),
                ("Router._tidy", SymbolKind::Method, 6),
            ]
        );
        assert_eq!(
            public_defs(src),
            [
                ("Router".into(), true),
                ("Router.route".into(), true),
                ("Router.use".into(), true),
                ("Router._tidy".into(), false),
            ]
        );
        assert_eq!(parsed.facts.defs[1].branches, 1, "the body is the method's");
    }

    #[test]
    fn assignments_that_are_no_module_definitions() {
        // Callbacks, objects not declared here, nested statements, comparisons and non-function values.
        let src = "defineGetter(req, 'host', function host() {});\naxios.all = function all() {};\nimport app from './app';\napp.use = function use() {};\nfunction setup() {\n  res.send = function send() {};\n}\nvar x = {};\nx.a == function () {};\nx.b = 1;\nx.c = make(function c() {});\nx.d.e = function e() {};\n";
        assert_eq!(defs_of(src), [d("setup", SymbolKind::Function, 5),]);
    }

    #[test]
    fn a_new_in_a_class_field_is_no_method() {
        let src = "class N {\n  private static done = new N('C') as N;\n  x = ok ? make(1) : 2;\n  ready() {}\n  #last?: Array<T>\n  constructor(\n    a: A,\n  ) {}\n}\n";
        assert_eq!(
            defs_of(src),
            [
                d("N", SymbolKind::Class, 1),
                d("N.ready", SymbolKind::Method, 4),
                d("N.constructor", SymbolKind::Method, 6)
            ]
        );
    }

    #[test]
    fn a_const_bound_to_a_call_is_no_function() {
        let src = "const _global = (() => { return globalThis; })();\nconst kindOf = (cache => thing => 1)(Object.create(null));\nconst wrapped = (function () {});\nconst typed: Handler = (req): Promise<void> => req;\n";
        assert_eq!(
            defs_of(src),
            [
                d("wrapped", SymbolKind::Function, 3),
                d("typed", SymbolKind::Function, 4)
            ]
        );
    }

    #[test]
    fn generic_arrows_are_functions() {
        let src = "export type A =\n  | B<T>\n\nexport function p<T>(): P<T> {}\nexport class M<\n  T = unknown,\n> {}\n";
        assert_eq!(
            defs_of(src),
            [
                d("p", SymbolKind::Function, 4),
                d("M", SymbolKind::Class, 5)
            ],
            "a declaration after a type alias without `;`"
        );
        let src = "export const g = <T,>(t: T) => t;\nexport const h = <\n  T extends object,\n>(t: T): T => t;\n";
        assert_eq!(
            defs_of(src),
            [
                d("g", SymbolKind::Function, 1),
                d("h", SymbolKind::Function, 2)
            ]
        );
    }

    #[test]
    fn generic_and_keyword_named_methods_are_methods() {
        let src = "class Observable<T> {\n  lift<R>(op: Operator<T, R>): Observable<R> { return this; }\n  static create<T>(x?: T) {}\n  do(next) {}\n  delete(key) {}\n  static from(thing) {}\n  get(key) {}\n}\n";
        assert_eq!(
            defs_of(src),
            [
                d("Observable", SymbolKind::Class, 1),
                d("Observable.lift", SymbolKind::Method, 2),
                d("Observable.create", SymbolKind::Method, 3),
                d("Observable.do", SymbolKind::Method, 4),
                d("Observable.delete", SymbolKind::Method, 5),
                d("Observable.from", SymbolKind::Method, 6),
                d("Observable.get", SymbolKind::Method, 7),
            ]
        );
    }

    #[test]
    fn hostile_input_never_panics() {
        for src in [
            "import",
            "import {",
            "export {",
            "export * from",
            "require(",
            "class A {",
            "const x = () =>",
            "throw",
            "module.exports = {",
            "`${",
        ] {
            let _ = parse(src);
        }
    }

    #[test]
    fn a_regex_with_a_quote_does_not_swallow_the_file() {
        let src = "const quote = /\"/;\nconst half = total / 2 / count;\nexport class Axios {\n  request(config) {\n    return config.url.replace(/['\"]/g, '');\n  }\n}\n";
        let f = parse(src);
        let defs = crate::model::def_summary(&f.facts.defs);
        assert_eq!(
            defs,
            [
                ("Axios", SymbolKind::Class, true, 0),
                ("Axios.request", SymbolKind::Method, true, 0)
            ]
        );
        assert_eq!(f.facts.defs[1].line, 4);
    }

    #[test]
    fn a_quote_left_open_ends_with_its_line() {
        let f = parse("const s = \"unterminated;\nexport function after() {}\n");
        assert_eq!(f.facts.defs.first().map(|d| d.name.as_str()), Some("after"));
        assert_eq!(f.facts.defs[0].line, 2);
    }
}
