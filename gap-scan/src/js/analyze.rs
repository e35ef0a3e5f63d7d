//! JavaScript/TypeScript files to units: specifiers resolved (relative paths with extensions and `index`
//! files, `tsconfig.json` `baseUrl` and `paths`), names followed through barrel files to the module that
//! defines them, and what each test file uses.

use std::collections::{HashMap, HashSet};

use super::parse::{Bind, JsFile};
use crate::lang;
use crate::model::{self, join, parent, Credit, Credits, Parsed, Role, Target, Unit, Uses};
use crate::reexport::Visited;
use gap_core::{EvidenceKind, SymbolKind};

/// Extensions tried after an extensionless specifier, in order.
const EXTENSIONS: &[&str] = &[".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

/// The module resolution settings of one `tsconfig.json` (or `jsconfig.json`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TsConfig {
    /// Its folder.
    pub dir: String,
    /// `compilerOptions.baseUrl`, relative to the root.
    pub base_url: Option<String>,
    /// `compilerOptions.paths`: pattern -> targets (relative to the base).
    pub paths: Vec<(String, Vec<String>)>,
}

/// Removes comments and trailing commas, which tsconfig files allow and JSON does not.
fn json_of_jsonc(text: &str) -> String {
    // Pass 1: comments out, strings kept whole.
    let b = text.as_bytes();
    let mut bare = Vec::with_capacity(b.len());
    let (mut i, mut in_str) = (0, false);
    while i < b.len() {
        let c = b[i];
        if in_str {
            bare.push(c);
            if c == b'\\' && i + 1 < b.len() {
                bare.push(b[i + 1]);
                i += 1;
            } else if c == b'"' {
                in_str = false;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
            continue;
        } else {
            in_str = c == b'"';
            bare.push(c);
        }
        i += 1;
    }
    // Pass 2: commas before a closing bracket out.
    let mut out = Vec::with_capacity(bare.len());
    let mut in_str = false;
    for (k, &c) in bare.iter().enumerate() {
        if in_str {
            in_str = !(c == b'"' && bare[k - 1] != b'\\');
        } else if c == b'"' {
            in_str = true;
        } else if c == b',' {
            let next = bare[k + 1..].iter().find(|x| !x.is_ascii_whitespace());
            if matches!(next, Some(b'}') | Some(b']')) {
                continue;
            }
        }
        out.push(c);
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads a tsconfig's module resolution settings; `None` when it is not JSON(C).
pub fn read_tsconfig(path: &str, text: &str) -> Option<TsConfig> {
    let clean = json_of_jsonc(text);
    let v: serde_json::Value = serde_json::from_str(&clean).ok()?;
    let dir = parent(path).to_string();
    let opts = &v["compilerOptions"];
    let base_url = opts["baseUrl"].as_str().map(|b| normalize(&join(&dir, b)));
    let paths = opts["paths"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    let targets = v
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|t| t.as_str().map(String::from))
                        .collect();
                    (k.clone(), targets)
                })
                .collect()
        })
        .unwrap_or_default();
    Some(TsConfig {
        dir,
        base_url,
        paths,
    })
}

/// Resolves `.` and `..` components; `None` above the root.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

struct Resolver<'a> {
    paths: &'a [String],
    files: &'a [Parsed<JsFile>],
    by_path: HashMap<&'a str, usize>,
    configs: &'a [TsConfig],
    /// Folder -> the file its package.json names as `main` (or `module`).
    mains: &'a HashMap<String, String>,
    /// Resolved target of each import of each file.
    targets: Vec<Vec<Option<usize>>>,
    /// (file, class) -> its base class of the tree (`extends`), followed through imports to its definition.
    parents: HashMap<(usize, &'a str), (usize, String)>,
}

/// How many base classes deep a test's use of a class reaches (a longer chain is not followed further).
const MAX_ANCESTRY: usize = 16;

impl<'a> Resolver<'a> {
    fn file(&self, base: &str) -> Option<usize> {
        if let Some(&f) = self.by_path.get(base) {
            return Some(f);
        }
        let stem = base
            .strip_suffix(".js")
            .or_else(|| base.strip_suffix(".jsx"))
            .or_else(|| base.strip_suffix(".mjs"))
            .unwrap_or(base);
        for ext in EXTENSIONS {
            if let Some(&f) = self.by_path.get(format!("{stem}{ext}").as_str()) {
                return Some(f);
            }
        }
        for ext in EXTENSIONS {
            if let Some(&f) = self
                .by_path
                .get(join(base, &format!("index{ext}")).as_str())
            {
                return Some(f);
            }
        }
        let main = self.mains.get(base)?;
        let main = normalize(&join(base, main));
        (main != base).then(|| self.file(&main)).flatten()
    }

    /// The file a specifier names from file `from`.
    fn specifier(&self, from: usize, spec: &str) -> Option<usize> {
        if spec.starts_with("./") || spec.starts_with("../") || spec == "." || spec == ".." {
            return self.file(&normalize(&join(parent(&self.paths[from]), spec)));
        }
        let here = &self.paths[from];
        let config = self
            .configs
            .iter()
            .filter(|c| c.dir.is_empty() || here.starts_with(&format!("{}/", c.dir)))
            .max_by_key(|c| c.dir.len())?;
        let base = config
            .base_url
            .clone()
            .unwrap_or_else(|| config.dir.clone());
        for (pattern, targets) in &config.paths {
            let matched = match pattern.split_once('*') {
                Some((pre, post)) => spec
                    .strip_prefix(pre)
                    .and_then(|rest| rest.strip_suffix(post))
                    .map(String::from),
                None => (spec == pattern).then(String::new),
            };
            if let Some(star) = matched {
                for t in targets {
                    if let Some(f) = self.file(&normalize(&join(&base, &t.replace('*', &star)))) {
                        return Some(f);
                    }
                }
            }
        }
        config
            .base_url
            .as_ref()
            .and_then(|b| self.file(&normalize(&join(b, spec))))
    }

    /// What `name` exported by file `file` stands for, followed through re-exports to its definition.
    fn name_in(&self, file: usize, name: &str) -> Option<Target> {
        self.name_from(file, name, 0, &mut Visited::default())
    }

    fn name_from(
        &self,
        file: usize,
        name: &str,
        hops: usize,
        seen: &mut Visited,
    ) -> Option<Target> {
        if !seen.enter(file, name, hops) {
            return None;
        }
        let f = &self.files[file];
        let local = f
            .own
            .exports
            .iter()
            .find(|(exported, _)| exported == name)
            .map_or(name, |(_, local)| local.as_str());
        if f.facts
            .defs
            .iter()
            .any(|d| d.kind != SymbolKind::Method && d.name == local)
        {
            return Some(Target::Symbol(file, local.to_string()));
        }
        for (k, imp) in f.own.imports.iter().enumerate() {
            let Some(target) = self.targets[file][k] else {
                continue;
            };
            for b in &imp.binds {
                match b {
                    Bind::Named {
                        name: orig,
                        local: l,
                    } if l == local => return self.name_from(target, orig, hops + 1, seen),
                    Bind::Default { local: l } if l == local => {
                        return self.name_from(target, "default", hops + 1, seen)
                    }
                    Bind::Namespace { local: l } if l == local => {
                        return Some(Target::Module(target))
                    }
                    Bind::All if imp.reexport => {
                        if let Some(t) = self.name_from(target, name, hops + 1, seen) {
                            return Some(t);
                        }
                    }
                    _ => {}
                }
            }
        }
        None
    }

    /// The class a base written as `base` in file `file` stands for (`User`, `models.User`), followed through
    /// imports and re-exports to its definition.
    fn base_class(&self, file: usize, base: &str) -> Option<(usize, String)> {
        let mut parts = base.split('.');
        let mut target = self.name_in(file, parts.next()?)?;
        for part in parts {
            let Target::Module(m) = target else {
                return None;
            };
            target = self.name_in(m, part)?;
        }
        match target {
            Target::Symbol(g, class) => Some((g, class)),
            Target::Module(_) => None,
        }
    }

    /// Names a module offers: its top-level definitions and its exports.
    fn names_of(&self, file: usize) -> Vec<&str> {
        let f = &self.files[file];
        let mut v: Vec<&str> = model::top_level_names(&f.facts.defs).collect();
        v.extend(f.own.exports.iter().map(|(e, _)| e.as_str()));
        v
    }
}

/// Packages whose import makes a file on the test side a test: runners whose tests are not `it(`/`test(`
/// calls (tap's `t.equal` at the top, tape's `test(` through another name) and assertion libraries.
const TEST_PACKAGES: &[&str] = &[
    "assert",
    "assert/strict",
    "ava",
    "chai",
    "node:assert",
    "node:assert/strict",
    "node:test",
    "should",
    "tap",
    "tape",
    "uvu",
    "zora",
];

/// Stems of test files outside test folders and the `*.test.*` pattern: `test.js`, `tests.js` and
/// `test-*.js` (tape and tap projects), tests when they hold tests or import a test package.
const LOOSE_TEST_STEMS: &[&str] = &["test", "tests"];

/// True for a file name a tape or tap project gives its tests: `test.js`, `test-parse.js`, `tests.mjs`.
fn loose_test_name(name: &str) -> bool {
    let Some((stem, _)) = name.rsplit_once('.') else {
        return false;
    };
    LOOSE_TEST_STEMS
        .iter()
        .any(|t| stem == *t || stem.strip_prefix(t).is_some_and(|r| r.starts_with('-')))
}

/// The role of file `path`: the language row's rules, where holding tests means `it(`/`test(` calls or a
/// test package imported; a loose test file name (`test-*.js`) holding tests is a test.
fn role(path: &str, f: &Parsed<JsFile>) -> Role {
    let holds_tests = f.facts.test_functions > 0
        || f.own
            .imports
            .iter()
            .any(|i| TEST_PACKAGES.contains(&i.spec.as_str()));
    let name = path.rsplit('/').next().unwrap_or(path);
    match model::role(&lang::JAVASCRIPT, path, holds_tests) {
        Role::Source if holds_tests && loose_test_name(name) => Role::Test,
        r => r,
    }
}

/// The package an unresolved specifier names: `lodash/fp` -> `lodash`, `@scope/pkg/x` -> `@scope/pkg`.
fn package_of(spec: &str) -> String {
    let mut parts = spec.split('/');
    let first = parts.next().unwrap_or(spec);
    match (first.starts_with('@'), parts.next()) {
        (true, Some(second)) => format!("{first}/{second}"),
        _ => first.trim_start_matches("node:").to_string(),
    }
}

/// The entry file a `package.json` names (`main`, else `module`), relative to its folder.
pub fn package_main(text: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    v["main"]
        .as_str()
        .or_else(|| v["module"].as_str())
        .map(String::from)
}

/// Units for JavaScript/TypeScript files `paths` (sorted) with their parsed `files`; indices are into `paths`.
/// `mains` maps package folders to their entry file.
pub fn analyze(
    paths: &[String],
    files: &[Parsed<JsFile>],
    configs: &[TsConfig],
    mains: &HashMap<String, String>,
) -> Vec<Unit> {
    let by_path = paths
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i))
        .collect();
    let mut r = Resolver {
        paths,
        files,
        by_path,
        configs,
        mains,
        targets: Vec::new(),
        parents: HashMap::new(),
    };
    r.targets = (0..paths.len())
        .map(|i| {
            files[i]
                .own
                .imports
                .iter()
                .map(|imp| r.specifier(i, &imp.spec))
                .collect()
        })
        .collect();
    let mut parents = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        for (class, base) in &f.own.bases {
            if let Some(found) = r.base_class(i, base) {
                if (found.0, found.1.as_str()) != (i, class.as_str()) {
                    parents.insert((i, class.as_str()), found);
                }
            }
        }
    }
    r.parents = parents;
    let roles: Vec<Role> = paths.iter().zip(files).map(|(p, f)| role(p, f)).collect();
    (0..paths.len())
        .map(|i| {
            let f = &files[i].own;
            let mut u = Unit::new(roles[i], paths[i].clone());
            for (k, imp) in f.imports.iter().enumerate() {
                match r.targets[i][k] {
                    Some(t) if t != i => {
                        model::import(&mut u.imports, t, imp.line);
                        if !imp.type_only {
                            u.runtime_imports.insert(t);
                        }
                        // Names taken from a barrel link straight to the module that defines them.
                        for b in &imp.binds {
                            let target = match b {
                                Bind::Named { name, .. } => r.name_in(t, name),
                                Bind::Default { .. } => r.name_in(t, "default"),
                                _ => None,
                            };
                            if let Some(Target::Symbol(g, _) | Target::Module(g)) = target {
                                if g != i {
                                    model::import(&mut u.imports, g, imp.line);
                                    if !imp.type_only {
                                        u.runtime_imports.insert(g);
                                    }
                                }
                            }
                        }
                    }
                    Some(_) => {}
                    None if !imp.spec.starts_with('.') => {
                        u.external.insert(package_of(&imp.spec));
                    }
                    None => {}
                }
            }
            if roles[i] == Role::Test {
                u.credits = test_facts(&r, &roles, i);
            }
            if roles[i] == Role::Source {
                u.not_product = model::NotProduct::by_folder(&paths[i]);
            }
            u
        })
        .collect()
}

/// What test `t` imports and uses, the helpers it imports included (what they import and use counts from the
/// line where the test imports them).
fn test_facts(r: &Resolver, roles: &[Role], t: usize) -> Credits {
    // The test and its helpers (test-side files it imports, transitively), each with its line in the test.
    let mut files: Vec<(usize, u64)> = vec![(t, 0)];
    let mut seen = HashSet::from([t]);
    let mut k = 0;
    while k < files.len() {
        let (f, at) = files[k];
        for (j, imp) in r.files[f].own.imports.iter().enumerate() {
            let Some(g) = r.targets[f][j] else {
                continue;
            };
            if roles[g] != Role::Source && seen.insert(g) {
                files.push((g, if f == t { imp.line } else { at }));
            }
        }
        k += 1;
    }
    let mut uses = Uses::of(&r.files[t].facts);
    for &(f, at) in &files[1..] {
        uses.lend(&r.files[f].facts, at);
    }
    let mut credits = Credits::default();
    let mut expanded = HashSet::new();
    for &(f, at) in &files {
        for (k, imp) in r.files[f].own.imports.iter().enumerate() {
            let Some(target) = r.targets[f][k] else {
                continue;
            };
            let line = if f == t { imp.line } else { at };
            credits.import(target, line);
            for b in &imp.binds {
                let (found, from) = match b {
                    Bind::Named { name, local } => (r.name_in(target, name), uses.line(local)),
                    Bind::Default { local } => (r.name_in(target, "default"), uses.line(local)),
                    Bind::Namespace { local } => (Some(Target::Module(target)), uses.line(local)),
                    Bind::All => (Some(Target::Module(target)), Some(line)),
                };
                // A name taken from a barrel imports the module that defines it, used or not.
                if let Some(Target::Symbol(g, _) | Target::Module(g)) = &found {
                    credits.import(*g, line);
                }
                if let Some(from) = from {
                    let mut to = Credited {
                        credits: &mut credits,
                        expanded: &mut expanded,
                        uses: &uses,
                    };
                    to.add(r, found.clone(), from);
                    // A module's binding used (`const debug = require('./debug'); debug(x)`) uses its
                    // default export, even one the reader cannot follow (`module.exports = a ? f : g`).
                    if let Some(Target::Module(m)) = found {
                        let opaque_default = r.files[m].own.binding_is_default
                            && r.files[m].own.exports.iter().any(|(e, _)| e == "default")
                            && r.name_in(m, "default").is_none();
                        let used = !matches!(b, Bind::Named { .. }) && !imp.reexport;
                        if opaque_default && used {
                            credits.reference(m, "default", from);
                        }
                    }
                }
            }
        }
    }
    // Modules the test names by a string (`require.resolve('../bin/cli')`, to spawn or load them itself).
    for &(f, at) in &files {
        for (spec, line) in &r.files[f].own.named {
            if let Some(g) = r.specifier(f, spec) {
                credits.add(Credit {
                    file: g,
                    kind: EvidenceKind::ByName,
                    symbol: None,
                    line: if f == t { *line } else { at },
                    detail: Some(spec.clone()),
                });
            }
        }
    }
    credits.retain(|g| roles[g] == Role::Source);
    credits
}

/// Where a test's credits go, and what it uses.
struct Credited<'c, 'u> {
    credits: &'c mut Credits,
    /// Modules whose names were already followed.
    expanded: &'c mut HashSet<usize>,
    uses: &'c Uses<'u>,
}

impl Credited<'_, '_> {
    /// Records what the test uses of `target`, reached from line `from`: a symbol (and its methods the test
    /// names), or the names of a module the test uses.
    fn add(&mut self, r: &Resolver, target: Option<Target>, from: u64) {
        match target {
            Some(Target::Symbol(f, s)) => {
                let defs = &r.files[f].facts.defs;
                model::use_symbol(defs, f, &s, from, self.uses, self.credits);
                self.inherited(r, f, &s, from);
            }
            Some(Target::Module(m)) if self.expanded.insert(m) => {
                // Using a module's binding (`qs(...)`, `require('./x')(...)`) uses its default export
                // (`module.exports = a` where `a` is another module: that module's names).
                let default = r.files[m]
                    .own
                    .binding_is_default
                    .then(|| r.name_in(m, "default"))
                    .flatten();
                if default.is_some() {
                    self.add(r, default, from);
                }
                // `module.exports = require('./x')`, `export * from './x'`: x's names are m's.
                for (k, imp) in r.files[m].own.imports.iter().enumerate() {
                    if imp.reexport && imp.binds.contains(&Bind::All) {
                        let target = r.targets[m][k].map(Target::Module);
                        self.add(r, target, from);
                    }
                }
                // `mixin(app, proto)`, `Object.create(req)`: what m gives out carries the names of the
                // modules it mixes in.
                for local in &r.files[m].own.mixins {
                    if let Some(Target::Module(g)) = r.name_in(m, local) {
                        self.add(r, Some(Target::Module(g)), from);
                    }
                }
                for name in r.names_of(m) {
                    if let Some(at) = self.uses.line(name) {
                        let t = r.name_in(m, name);
                        self.add(r, t, at.max(from));
                    }
                }
            }
            _ => {}
        }
    }

    /// Credits the methods class `class` of `file` inherits that the test names (from `from` on): each to
    /// the module defining it, with its class; bases followed `MAX_ANCESTRY` deep, each class once.
    fn inherited(&mut self, r: &Resolver, file: usize, class: &str, from: u64) {
        let mut seen = HashSet::from([(file, class.to_string())]);
        let mut next = r.parents.get(&(file, class));
        let mut depth = 0;
        while let Some((g, base)) = next {
            if depth == MAX_ANCESTRY || !seen.insert((*g, base.clone())) {
                break;
            }
            let prefix = format!("{base}.");
            let mut any = false;
            for d in &r.files[*g].facts.defs {
                let method = d.name.strip_prefix(&prefix);
                if let Some(at) = method.filter(|_| d.kind == SymbolKind::Method) {
                    if let Some(at) = self.uses.line(at) {
                        self.credits.reference(*g, d.name.clone(), at.max(from));
                        any = true;
                    }
                }
            }
            if any {
                self.credits.reference(*g, base.clone(), from);
            }
            next = r.parents.get(&(*g, base.as_str()));
            depth += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::js::parse::parse;

    fn run(files: &[(&str, &str)], configs: &[TsConfig]) -> (Vec<String>, Vec<Unit>) {
        let mut files = files.to_vec();
        files.sort();
        let paths: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
        let parsed: Vec<Parsed<JsFile>> = files.iter().map(|(_, t)| parse(t)).collect();
        let units = analyze(&paths, &parsed, configs, &HashMap::new());
        (paths, units)
    }

    use crate::model::refs_of as refs;

    #[test]
    fn relative_specifiers_extensions_index_files_and_barrels() {
        let (paths, u) = run(
            &[
                ("src/math/add.ts", "export function add(a: number, b: number) { return a + b }\nexport function unused() {}\n"),
                ("src/math/index.ts", "export * from './add';\nexport { default as Calc } from './calc';\n"),
                ("src/math/calc.ts", "export default class Calculator { sum(xs) { return xs.length } reset() {} }\n"),
                ("src/math/add.test.ts", "import { add, Calc } from '.';\nimport { describe, it, expect } from 'vitest';\n\ndescribe('add', () => {\n  it('adds', () => { expect(add(1, 2)).toBe(3); new Calc().sum([]) });\n});\n"),
            ],
            &[],
        );
        let test = u.iter().position(|x| x.role == Role::Test).unwrap();
        assert_eq!(
            refs(&paths, &u[test]),
            [
                "src/math/add.ts:add",
                "src/math/calc.ts:Calculator",
                "src/math/calc.ts:Calculator.sum"
            ]
        );
        assert!(u[test].external.contains("vitest"));
    }

    #[test]
    fn tsconfig_paths_and_base_url() {
        let config = read_tsconfig(
            "tsconfig.json",
            "{\n  // comment\n  \"compilerOptions\": {\n    \"baseUrl\": \"./src\",\n    \"paths\": { \"@lib/*\": [\"lib/*\"], },\n  },\n}\n",
        )
        .unwrap();
        assert_eq!(config.base_url.as_deref(), Some("src"));
        let (paths, u) = run(
            &[
                ("src/lib/fmt.js", "function money(x) { return x }\nmodule.exports = { money };\n"),
                ("src/util/date.js", "export const today = () => new Date();\n"),
                ("test/fmt.spec.js", "const { money } = require('@lib/fmt');\nconst { today } = require('util/date');\n\ntest('money', () => { money(1); today(); });\n"),
            ],
            &[config],
        );
        assert_eq!(
            refs(&paths, &u[2]),
            ["src/lib/fmt.js:money", "src/util/date.js:today"]
        );
    }

    #[test]
    fn loose_test_names_are_those_of_tape_projects() {
        assert!(loose_test_name("test.js"));
        assert!(loose_test_name("test-parse.js"));
        assert!(loose_test_name("tests.mjs"));
        assert!(!loose_test_name("testing.js"));
        assert!(!loose_test_name("test_utils"));
        assert!(!loose_test_name("contest.js"));
    }

    #[test]
    fn import_only_and_packages() {
        let (paths, u) = run(
            &[
                ("lib/a.js", "export function a() {}\n"),
                ("lib/a.spec.js", "import { a } from './a';\nimport _ from 'lodash/fp';\nimport x from '@scope/pkg/deep';\n\nit('nothing', () => {});\n"),
            ],
            &[],
        );
        assert!(refs(&paths, &u[1]).is_empty());
        assert_eq!(
            model::imports_of(&paths, &u[1]),
            [("lib/a.js".to_string(), 1)]
        );
        assert_eq!(
            u[1].external.iter().collect::<Vec<_>>(),
            ["@scope/pkg", "lodash"]
        );
    }
}
