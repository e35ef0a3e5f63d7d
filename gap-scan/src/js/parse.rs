//! Facts about one JavaScript or TypeScript file: imports, re-exports and `require()`s, top-level
//! functions, classes and their methods, what it exports, branch points, throw sites, identifiers and
//! test calls (`it(`, `test(`).

use std::collections::BTreeSet;

use crate::clike::{self, text, Dialect, Kind, Token};
use crate::model::Def;
use gap_core::{Raise, SymbolKind};

/// Branch points: keywords.
pub const BRANCH_KEYWORDS: &[&str] = &["if", "for", "while", "case", "catch"];
/// Branch points: operators.
pub const BRANCH_OPERATORS: &[&str] = &["&&", "||", "?", "??"];

const KEYWORDS: &[&str] = &[
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
];

/// How a module is brought in.
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// Everything gap reads from one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsFile {
    /// Physical lines.
    pub lines: u64,
    /// Lines with code.
    pub code_lines: u64,
    /// Imports, re-exports, requires.
    pub imports: Vec<JsImport>,
    /// Top-level functions and classes, and class methods (`Class.method`).
    pub defs: Vec<Def>,
    /// Exported names: (exported name, local name); `default` for the default export.
    pub exports: Vec<(String, String)>,
    /// `throw` sites.
    pub raises: Vec<Raise>,
    /// Branch points in the file.
    pub branches: u64,
    /// Names used outside import statements.
    pub identifiers: BTreeSet<String>,
    /// `it(`, `test(` calls (and `it.each(`, `test.only(`...).
    pub test_calls: u64,
}

struct Cursor<'a> {
    src: &'a str,
    toks: &'a [Token],
}

impl<'a> Cursor<'a> {
    fn word(&self, i: usize) -> &'a str {
        self.toks
            .get(i)
            .filter(|t| t.kind == Kind::Name)
            .map_or("", |t| text(self.src, t))
    }
    fn op(&self, i: usize, c: u8) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Kind::Op(c))
    }
    fn string(&self, i: usize) -> Option<String> {
        self.toks
            .get(i)
            .filter(|t| t.kind == Kind::Str)
            .map(|t| clike::unquote(text(self.src, t)).to_string())
    }
    /// `{ a, b as c, type d }` starting at the `{` at `i`: ((name, local) pairs, index after `}`).
    fn braces(&self, mut i: usize, rename: &[u8]) -> (Vec<(String, String)>, usize) {
        let mut out = Vec::new();
        i += 1;
        while i < self.toks.len() && !self.op(i, b'}') {
            if self.toks[i].kind == Kind::Name || self.toks[i].kind == Kind::Str {
                let mut name = self.word(i).to_string();
                if name == "type" && (self.toks.get(i + 1).is_some_and(|t| t.kind == Kind::Name)) {
                    i += 1;
                    name = self.word(i).to_string();
                }
                if name.is_empty() {
                    name = self.string(i).unwrap_or_default();
                }
                let mut local = name.clone();
                let renamed = (rename.contains(&b'a') && self.word(i + 1) == "as")
                    || (rename.contains(&b':') && self.op(i + 1, b':'));
                if renamed && self.toks.get(i + 2).is_some_and(|t| t.kind == Kind::Name) {
                    local = self.word(i + 2).to_string();
                    i += 2;
                }
                out.push((name, local));
            }
            i += 1;
        }
        (out, i + 1)
    }
}

/// Reads one JavaScript or TypeScript file.
pub fn parse(src: &str) -> JsFile {
    let lexed = clike::lex(
        src,
        Dialect {
            backtick_strings: true,
            rust: false,
        },
    );
    let toks = &lexed.tokens;
    let c = Cursor { src, toks };
    let mut f = JsFile {
        lines: lexed.lines,
        code_lines: lexed.code_lines,
        branches: clike::count_branches(src, toks, BRANCH_KEYWORDS, BRANCH_OPERATORS),
        ..Default::default()
    };
    let mut in_import = vec![false; toks.len()];
    let mut owner_of: Vec<Option<usize>> = vec![None; toks.len()];
    // Methods marked private (`private`, `protected`, `#name`, `_name`, the constructor), by def index.
    let mut private_methods: BTreeSet<usize> = BTreeSet::new();
    // (def index, depth of its body, body entered): a class whose methods are being read, and the
    // innermost definition the tokens belong to.
    let mut class: Option<(usize, u32, bool)> = None;
    let mut owner: Option<(usize, u32, bool)> = None;
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        let line = u64::from(t.line);
        for scope in [&mut class, &mut owner] {
            if let Some((_, d, entered)) = scope {
                if !*entered && t.depth >= *d {
                    *entered = true;
                }
                if *entered && (t.depth < *d || (t.depth == *d && t.kind == Kind::Op(b'}'))) {
                    *scope = None;
                }
            }
        }
        let word = c.word(i);
        // import ... from 'x' | import 'x' | import type ...
        if word == "import" && t.depth == 0 && !c.op(i + 1, b'(') && !c.op(i + 1, b'.') {
            let start = i;
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
                    let (names, next) = c.braces(j, b"a");
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
                    || (toks[j].line != t.line && w.is_empty() && !c.op(j, b',') && !c.op(j, b'}'))
                {
                    break;
                }
                j += 1;
            }
            if let Some(spec) = spec {
                f.imports.push(JsImport {
                    spec,
                    binds,
                    reexport: false,
                    type_only,
                    dynamic: false,
                    line,
                });
            }
            in_import[start..j.min(toks.len())]
                .iter_mut()
                .for_each(|x| *x = true);
            i = j;
            continue;
        }
        if word == "export" && t.depth == 0 {
            let j = i + 1;
            // export * from 'x' | export * as ns from 'x' | export { a as b } from 'x' | export { a, b }
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
                    let (names, next) = c.braces(j, b"a");
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
                                f.exports.push((local.clone(), local.clone()));
                            }
                        }
                        f.imports.push(JsImport {
                            spec,
                            binds,
                            reexport: true,
                            type_only: false,
                            dynamic: false,
                            line,
                        });
                        k += 2;
                    }
                    in_import[i..k.min(toks.len())]
                        .iter_mut()
                        .for_each(|x| *x = true);
                } else {
                    for b in binds {
                        if let Bind::Named { name, local } = b {
                            f.exports.push((local, name));
                        }
                    }
                }
                i = k;
                continue;
            }
            if c.word(j) == "default" {
                let k = j + 1;
                let name = match c.word(k) {
                    "function" | "class" => c.word(k + 1 + usize::from(c.op(k + 1, b'*'))),
                    "async" if c.word(k + 1) == "function" => c.word(k + 2),
                    w => w,
                };
                if !name.is_empty() && !KEYWORDS.contains(&name) {
                    f.exports.push(("default".into(), name.to_string()));
                }
            }
        }
        // module.exports = { a, b } / module.exports = name / exports.name = ...
        if word == "module"
            && t.depth == 0
            && c.op(i + 1, b'.')
            && c.word(i + 2) == "exports"
            && c.op(i + 3, b'=')
        {
            if c.op(i + 4, b'{') {
                let (names, next) = c.braces(i + 4, b":");
                for (name, local) in names {
                    f.exports.push((name, local));
                }
                i = next;
                continue;
            }
            let w = c.word(i + 4);
            if w == "function" || w == "class" || (w == "async" && c.word(i + 5) == "function") {
                // module.exports = function [name](...) { ... }: the module's default export.
                let k = i + 4 + usize::from(w == "async");
                let named =
                    toks.get(k + 1).is_some_and(|t| t.kind == Kind::Name) && !c.op(k + 1, b'(');
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
                f.exports.push(("default".into(), name.clone()));
                f.defs.push(Def {
                    name,
                    kind,
                    line,
                    branches: 0,
                    raises: 0,
                    public: true,
                });
                let idx = f.defs.len() - 1;
                if kind == SymbolKind::Class {
                    class = Some((idx, 1, false));
                }
                owner = Some((idx, 1, false));
                i = k + 1;
                continue;
            } else if !w.is_empty() {
                f.exports.push(("default".into(), w.to_string()));
            }
        }
        if word == "exports" && t.depth == 0 && c.op(i + 1, b'.') && c.op(i + 3, b'=') {
            let name = c.word(i + 2).to_string();
            let value = c.word(i + 4);
            f.exports.push((
                name.clone(),
                if value.is_empty() || value == "function" {
                    name
                } else {
                    value.to_string()
                },
            ));
        }
        // require('x') / import('x')
        if (word == "require" || word == "import") && c.op(i + 1, b'(') {
            if let Some(spec) = c.string(i + 2) {
                let dynamic = word == "import";
                let mut binds = Vec::new();
                // const x = require('x') | const { a, b: c } = require('x')
                if i >= 2 && c.op(i - 1, b'=') {
                    if toks[i - 2].kind == Kind::Name {
                        binds.push(Bind::Namespace {
                            local: c.word(i - 2).to_string(),
                        });
                    } else if c.op(i - 2, b'}') {
                        let mut k = i - 2;
                        while k > 0 && !c.op(k, b'{') {
                            k -= 1;
                        }
                        let (names, _) = c.braces(k, b":");
                        binds.extend(
                            names
                                .into_iter()
                                .map(|(name, local)| Bind::Named { name, local }),
                        );
                    }
                } else if dynamic {
                    binds.push(Bind::All);
                }
                f.imports.push(JsImport {
                    spec,
                    binds,
                    reexport: false,
                    type_only: false,
                    dynamic,
                    line,
                });
                in_import[i..(i + 4).min(toks.len())]
                    .iter_mut()
                    .for_each(|x| *x = true);
            }
        }
        // Definitions at the top level (possibly after `export`, `export default`, `declare`, `async`).
        if t.depth == 0 {
            let mut k = i;
            let mut exported = false;
            while matches!(
                c.word(k),
                "export" | "default" | "declare" | "abstract" | "async"
            ) {
                exported |= c.word(k) == "export";
                k += 1;
            }
            if k > i
                || (i == 0
                    || !matches!(
                        c.word(i - 1),
                        "export" | "default" | "declare" | "abstract" | "async"
                    ))
            {
                let kw = c.word(k);
                let def = match kw {
                    "function" => {
                        let n = k + 1 + usize::from(c.op(k + 1, b'*'));
                        Some((c.word(n).to_string(), SymbolKind::Function, n))
                    }
                    "class" => Some((c.word(k + 1).to_string(), SymbolKind::Class, k + 1)),
                    "const" | "let" | "var"
                        if c.op(k + 2, b'=')
                            && (c.word(k + 3) == "function"
                                || c.op(k + 3, b'(')
                                || (c.word(k + 3) == "async")
                                || (toks.get(k + 3).is_some_and(|t| t.kind == Kind::Name)
                                    && c.op(k + 4, b'=')
                                    && c.op(k + 5, b'>'))) =>
                    {
                        Some((c.word(k + 1).to_string(), SymbolKind::Function, k + 1))
                    }
                    _ => None,
                };
                if let Some((name, kind, at)) = def.filter(|d| !d.0.is_empty()) {
                    if exported {
                        f.exports.push((name.clone(), name.clone()));
                    }
                    f.defs.push(Def {
                        name,
                        kind,
                        line: u64::from(toks[at].line),
                        branches: 0,
                        raises: 0,
                        public: exported,
                    });
                    let idx = f.defs.len() - 1;
                    // Its body: from the first `{` at depth 0 on (for arrows without braces: to the line's end).
                    if kind == SymbolKind::Class {
                        class = Some((idx, 1, false));
                    }
                    owner = Some((idx, 1, false));
                    i = at + 1;
                    continue;
                }
            }
        }
        // Methods: `name(` at depth 1 inside a class body, followed by a `{` before the next `;`.
        if let Some((ci, d, true)) = class {
            let after_value = i > 0 && (c.op(i - 1, b'=') || c.op(i - 1, b'.'));
            if t.depth == d
                && t.kind == Kind::Name
                && c.op(i + 1, b'(')
                && !KEYWORDS.contains(&word)
                && !after_value
            {
                let prev = if i > 0 { c.word(i - 1) } else { "" };
                let private = prev == "private"
                    || prev == "protected"
                    || word.starts_with('_')
                    || (i > 0 && c.op(i - 1, b'#'));
                let class_name = f.defs[ci].name.clone();
                let public = f.defs[ci].public && !private && word != "constructor";
                if private || word == "constructor" {
                    private_methods.insert(f.defs.len());
                }
                f.defs.push(Def {
                    name: format!("{class_name}.{word}"),
                    kind: SymbolKind::Method,
                    line,
                    branches: 0,
                    raises: 0,
                    public,
                });
                owner = Some((f.defs.len() - 1, d + 1, false));
            }
        }
        // Throws and test calls; branches are credited below from `owner_of`.
        owner_of[i] = owner.map(|o| o.0);
        if word == "throw" {
            let mut k = i + 1;
            if c.word(k) == "new" {
                k += 1;
            }
            let mut name = c.word(k).to_string();
            while c.op(k + 1, b'.') && !c.word(k + 2).is_empty() {
                name = format!("{name}.{}", c.word(k + 2));
                k += 2;
            }
            f.raises.push(Raise {
                line,
                name,
                extra: Default::default(),
            });
            if let Some((d, _, _)) = owner {
                f.defs[d].raises += 1;
            }
        }
        if crate::lang::by_id("javascript")
            .test_markers
            .contains(&word)
            && (c.op(i + 1, b'(')
                || (c.op(i + 1, b'.')
                    && matches!(
                        c.word(i + 2),
                        "only" | "each" | "skip" | "todo" | "concurrent"
                    )))
            && !(i > 0 && c.op(i - 1, b'.'))
        {
            f.test_calls += 1;
        }
        i += 1;
    }
    // Branch points per definition, over each run of tokens it owns.
    let mut k = 0;
    while k < toks.len() {
        let start = k;
        while k < toks.len() && owner_of[k] == owner_of[start] {
            k += 1;
        }
        if let Some(d) = owner_of[start] {
            f.defs[d].branches +=
                clike::count_branches(src, &toks[start..k], BRANCH_KEYWORDS, BRANCH_OPERATORS);
        }
    }
    // Exported names make their definitions public (`export { a }`, `module.exports = { a }`), and a public
    // class's methods that are not private.
    let exported: BTreeSet<&str> = f.exports.iter().map(|(_, local)| local.as_str()).collect();
    let mut public_classes = BTreeSet::new();
    for d in f.defs.iter_mut().filter(|d| d.kind != SymbolKind::Method) {
        d.public |= exported.contains(d.name.as_str());
        if d.public {
            public_classes.insert(d.name.clone());
        }
    }
    for (k, d) in f
        .defs
        .iter_mut()
        .enumerate()
        .filter(|(_, d)| d.kind == SymbolKind::Method)
    {
        let class = d.name.split('.').next().unwrap_or_default();
        d.public = public_classes.contains(class) && !private_methods.contains(&k);
    }
    for (k, t) in toks.iter().enumerate() {
        if !in_import[k] && t.kind == Kind::Name {
            let w = text(src, t);
            if !KEYWORDS.contains(&w) {
                f.identifiers.insert(w.to_string());
            }
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn imports(src: &str) -> Vec<String> {
        parse(src)
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
        let defs = crate::model::def_summary(&f.defs);
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
        assert!(f.exports.contains(&("default".into(), "Store".into())));
        assert_eq!(
            f.raises,
            [Raise {
                line: 10,
                name: "StoreError".into(),
                extra: Default::default(),
            }]
        );
        assert_eq!(f.defs[9].raises, 1);
    }

    #[test]
    fn commonjs_exports_and_test_calls() {
        let f = parse("function a() {}\nfunction b() {}\nmodule.exports = { a, bee: b };\n");
        assert!(f.defs.iter().all(|d| d.public));
        let t = parse("describe('x', () => {\n  it('works', () => { expect(a()).toBe(1) });\n  test.each([1])('n', () => {});\n  it.skip('later', () => {});\n});\n");
        assert_eq!(t.test_calls, 3);
        assert!(t.identifiers.contains("expect") && t.identifiers.contains("a"));
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
}
