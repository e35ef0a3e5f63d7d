//! Go files to units. A package is a folder; its import path is the module path of the nearest `go.mod`
//! plus the folder below it. Importing a package is not using all of it: a file (test or source) is linked to
//! the files of its own and imported packages whose definitions it uses, methods included wherever they are
//! defined (same-package calls make the runtime links that indirect reach follows). Tests in the same package
//! use its names without importing them; `package foo_test` files reach the package through their imports.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};

use foldhash::{HashMap as NameMap, HashSet as NameSet};

use gap_core::{EvidenceKind, SymbolKind};

use super::parse::{GoFile, Names};
use super::product;
use crate::lang;
use crate::model::{self, parent, Credits, Parsed, Role, Unit};

/// A `go.mod`: its folder and module path.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct GoMod {
    /// Folder holding it (`""` at the root).
    pub dir: String,
    /// The `module` line's path.
    pub module: String,
}

/// Reads the module path from `go.mod` text.
pub fn module_path(text: &str) -> Option<String> {
    text.lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("module "))
        .map(|m| m.trim().trim_matches('"').to_string())
}

/// The import path of folder `dir`, from the nearest `go.mod` above it.
fn import_path(dir: &str, mods: &[GoMod]) -> String {
    let m = mods
        .iter()
        .filter(|m| m.dir.is_empty() || dir == m.dir || dir.starts_with(&format!("{}/", m.dir)))
        .max_by_key(|m| m.dir.len());
    match m {
        Some(m) if dir == m.dir => m.module.clone(),
        Some(m) => {
            let rest = if m.dir.is_empty() {
                dir
            } else {
                &dir[m.dir.len() + 1..]
            };
            if rest.is_empty() {
                m.module.clone()
            } else {
                format!("{}/{rest}", m.module)
            }
        }
        None => dir.to_string(),
    }
}

/// What a package defines under one name: top-level functions and types, its methods when it is a type, and
/// where its uses lead. One table per package keyed by name, so following a name costs one lookup.
#[derive(Debug, Default)]
struct Entry<'a> {
    /// The top-level functions and types of this name: (file, name) per file defining one.
    defs: Vec<(usize, &'a str)>,
    /// It is a type.
    is_type: bool,
    /// It is a package-level variable or constant.
    is_value: bool,
    /// Methods of this receiver type, wherever they are defined: (method, file, `Type.Method`).
    methods: Vec<(&'a str, usize, &'a str)>,
    /// What a use of it leads to (parse::GoFile::yields), for a function, method, type, variable or constant.
    yields: Option<&'a [String]>,
    /// What the type's unexported fields lead to (parse::GoFile::hidden), for the package's own files.
    hidden: Option<&'a [String]>,
}

impl Entry<'_> {
    /// True when a use of it leads to types of packages: it is a type, or a function, method, variable or
    /// constant whose results or spec mention some.
    fn leads(&self) -> bool {
        self.is_type || self.yields.is_some() || self.hidden.is_some()
    }
}

/// One package (a folder's non-test files) and what its files define.
#[derive(Debug, Default)]
struct Package<'a> {
    /// Its name (the package clause of its files).
    name: &'a str,
    /// Its files.
    files: Vec<usize>,
    /// What it defines, by name (`Type.Method` for what a method leads to).
    table: NameMap<&'a str, Entry<'a>>,
}

impl<'a> Package<'a> {
    /// The package of `members`, files of one folder.
    fn new(members: Vec<usize>, files: &'a [Parsed<GoFile>]) -> Self {
        let mut p = Package::default();
        for &i in &members {
            for d in &files[i].facts.defs {
                match d.name.split_once('.') {
                    Some((ty, m)) => p.entry(ty).methods.push((m, i, &d.name)),
                    None => {
                        let e = p.entry(&d.name);
                        e.defs.push((i, &d.name));
                        e.is_type |= d.kind == SymbolKind::Class;
                    }
                }
            }
            for v in &files[i].own.values {
                p.entry(v).is_value = true;
            }
            for (name, leads) in &files[i].own.yields {
                p.entry(name).yields = Some(leads);
            }
            for (name, leads) in &files[i].own.hidden {
                p.entry(name).hidden = Some(leads);
            }
        }
        // The name most of its files give (a generator beside them may say `package main`).
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for &i in &members {
            *counts.entry(files[i].own.package.as_str()).or_default() += 1;
        }
        p.name = counts
            .into_iter()
            .max_by_key(|&(name, n)| (n, Reverse(name)))
            .map_or("", |(name, _)| name);
        p.files = members;
        p
    }

    /// The entry of `name`, made when missing.
    fn entry(&mut self, name: &'a str) -> &mut Entry<'a> {
        self.table.entry(name).or_default()
    }

    /// What the package defines under `name`.
    fn get(&self, name: &str) -> Option<&Entry<'a>> {
        self.table.get(name)
    }

    /// True when a use of `name` leads to types of packages (see [`Entry::leads`]).
    fn leads(&self, name: &str) -> bool {
        self.get(name).is_some_and(Entry::leads)
    }
}

/// A package as one file sees it: its own package sees every name, another only the exported ones.
#[derive(Debug, Clone)]
struct Seen<'a> {
    pkg: &'a Package<'a>,
    own: bool,
    /// The names by which the file uses the package's top-level names, each at its first line, sorted: its
    /// bare names for its own package (or one imported with `.`), those after the package's name
    /// (`flag.NewFlagSet`) for another.
    named: Vec<(&'a str, u64)>,
    /// The line of the file's import of it (0 for its own package).
    line: u64,
}

impl Seen<'_> {
    /// True when the file can name `name` of the package.
    fn sees(&self, name: &str) -> bool {
        self.own || name.starts_with(|c: char| c.is_uppercase())
    }
}

/// Records in `out` what file `i` (whose names are `idents`) uses of packages `pkgs`, each at the line where it
/// first shows: the functions and types it names, and the methods it calls (by name) on the types its uses
/// lead to — types it names, the results of functions and methods it uses, the types of variables it uses,
/// the types those types hold in fields it can use — wherever in the package the method is defined. Of
/// another package it sees exported names only. Its own definitions are not recorded, but lead on.
fn uses<'a>(i: usize, file: &Names<'a>, pkgs: &[Seen<'a>], out: &mut Credits) {
    // (line, package, name) to follow, earliest line first.
    let mut queue: BinaryHeap<Reverse<(u64, usize, &'a str)>> = BinaryHeap::new();
    for (p, seen) in pkgs.iter().enumerate() {
        for &(ident, line) in seen.named.iter().filter(|(n, _)| seen.sees(n)) {
            let Some(e) = seen.pkg.get(ident) else {
                continue;
            };
            for &(f, full) in &e.defs {
                if f != i {
                    out.reference(f, full, line);
                }
            }
            if e.leads() {
                queue.push(Reverse((line, p, ident)));
            }
        }
    }
    let mut seen: NameSet<(usize, &str)> = NameSet::default();
    while let Some(Reverse((line, p, name))) = queue.pop() {
        if !seen.insert((p, name)) {
            continue;
        }
        let Seen { pkg, own, .. } = &pkgs[p];
        let (pkg, own) = (*pkg, *own);
        let Some(e) = pkg.get(name) else {
            continue;
        };
        if e.is_type {
            for &(m, f, full) in &e.methods {
                if let Some(at) = file.selected(m).filter(|_| pkgs[p].sees(m)) {
                    let at = at.max(line);
                    if f != i {
                        out.reference(f, full, at);
                    }
                    queue.push(Reverse((at, p, full)));
                }
            }
        }
        let hidden = e.hidden.filter(|_| own);
        for led in [e.yields, hidden].into_iter().flatten().flatten() {
            for (q, other) in pkgs.iter().enumerate() {
                if other.pkg.leads(led) {
                    queue.push(Reverse((line, q, led.as_str())));
                }
            }
        }
    }
}

/// Units for Go files `paths` (sorted) with their parsed `files`; indices are into `paths`.
pub fn analyze(paths: &[String], files: &[Parsed<GoFile>], mods: &[GoMod]) -> Vec<Unit> {
    let is_test_file = |i: usize| lang::GO.test_place(&paths[i]).named;
    // Package folder -> its non-test files; import path -> folder.
    let mut members: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, path) in paths.iter().enumerate() {
        if !is_test_file(i) {
            members.entry(parent(path)).or_default().push(i);
        }
    }
    let by_import: HashMap<String, &str> =
        members.keys().map(|d| (import_path(d, mods), *d)).collect();
    let packages: HashMap<&str, Package> = members
        .into_iter()
        .map(|(dir, m)| (dir, Package::new(m, files)))
        .collect();
    // Per file, the in-tree packages it imports: (folder, line of its import).
    let imported: Vec<Vec<(&str, u64)>> = files
        .iter()
        .map(|f| {
            f.own
                .imports
                .iter()
                .filter_map(|imp| by_import.get(&imp.path).map(|d| (*d, imp.line)))
                .collect()
        })
        .collect();
    let not_product = product::not_product(paths, files, &imported);
    (0..paths.len())
        .map(|i| {
            let f = &files[i].own;
            let names = Names::new(&files[i]);
            let dir = parent(&paths[i]);
            let role = model::role(&lang::GO, &paths[i], files[i].facts.test_functions > 0);
            let mut u = Unit::new(role, import_path(dir, mods));
            for imp in &f.imports {
                if !by_import.contains_key(&imp.path) {
                    u.external.insert(imp.path.clone());
                }
            }
            // Same-package names need no import (an external `_test` package does not share them).
            let mut pkgs: Vec<Seen> = Vec::new();
            if !f.package.ends_with("_test") {
                pkgs.extend(packages.get(dir).map(|pkg| Seen {
                    pkg,
                    own: true,
                    named: names.bare(),
                    line: 0,
                }));
            }
            for imp in &f.imports {
                let Some(pkg) = by_import.get(&imp.path).and_then(|d| packages.get(d)) else {
                    continue;
                };
                let named = match imp.alias.as_deref().unwrap_or(pkg.name) {
                    "." => names.bare(),
                    alias => names.qualified(alias),
                };
                pkgs.push(Seen {
                    pkg,
                    own: false,
                    named,
                    line: imp.line,
                });
            }
            let mut refs = Credits::default();
            uses(i, &names, &pkgs, &mut refs);
            // A package imported for nothing it defines (side effects, or unused) is imported whole; one
            // used for its variables or constants only is not.
            let used = refs.files(EvidenceKind::Reference);
            let tests = role != Role::Source;
            for Seen {
                pkg, named, line, ..
            } in pkgs.iter().filter(|s| !s.own)
            {
                let (pkg, line) = (*pkg, *line);
                let uses_values = named
                    .iter()
                    .any(|(n, _)| pkg.get(n).is_some_and(|e| e.is_value));
                if uses_values || pkg.files.iter().any(|g| used.contains(g)) {
                    continue;
                }
                for &g in &pkg.files {
                    model::import(&mut u.imports, g, line);
                    if tests {
                        refs.import(g, line);
                    }
                }
            }
            for c in refs.iter() {
                model::import(&mut u.imports, c.file, c.line);
            }
            u.imports.remove(&i);
            u.all_imports_run();
            if tests {
                u.credits = refs;
            } else {
                u.not_product = not_product[i].clone();
            }
            u
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::go::parse::parse;

    fn units(files: &[(&str, &str)], mods: &[GoMod]) -> (Vec<String>, Vec<Unit>) {
        let mut files = files.to_vec();
        files.sort();
        let paths: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
        let parsed: Vec<Parsed<GoFile>> = files.iter().map(|(_, t)| parse(t)).collect();
        let units = analyze(&paths, &parsed, mods);
        (paths, units)
    }

    use crate::model::refs_of as refs;

    #[test]
    fn module_paths_come_from_go_mod() {
        assert_eq!(
            module_path("// x\nmodule example.com/app\n\ngo 1.22\n").as_deref(),
            Some("example.com/app")
        );
        let mods = [GoMod {
            dir: "svc".into(),
            module: "example.com/app".into(),
        }];
        assert_eq!(import_path("svc/store", &mods), "example.com/app/store");
        assert_eq!(import_path("svc", &mods), "example.com/app");
    }

    #[test]
    fn internal_tests_use_package_names_without_imports() {
        let mods = [GoMod {
            dir: String::new(),
            module: "example.com/app".into(),
        }];
        let (paths, u) = units(
            &[
                ("store/store.go", "package store\n\ntype Store struct{}\n\nfunc (s *Store) Get() int { return helper() }\n\nfunc (s *Store) Put() {}\n"),
                ("store/help.go", "package store\n\nfunc helper() int { return 1 }\n\nfunc Unused() {}\n"),
                ("store/store_test.go", "package store\n\nimport \"testing\"\n\nfunc TestGet(t *testing.T) {\n\ts := &Store{}\n\tif s.Get() != 1 {\n\t\tt.Fatal()\n\t}\n}\n"),
            ],
            &mods,
        );
        let test = &u[2];
        assert_eq!(test.role, Role::Test);
        assert_eq!(
            refs(&paths, test),
            ["store/store.go:Store", "store/store.go:Store.Get"]
        );
        assert!(
            model::imports_of(&paths, test).is_empty(),
            "no import names the package"
        );
        assert_eq!(
            model::refs_with_lines(&paths, test),
            [
                ("store/store.go:Store".to_string(), 6),
                ("store/store.go:Store.Get".to_string(), 7)
            ],
            "each reference at the first line it shows on"
        );
        assert_eq!(u[1].name, "example.com/app/store");
        assert!(
            u[1].imports.contains_key(&0) && !u[0].imports.contains_key(&1),
            "store.go calls helper in help.go"
        );
        assert!(u[2].external.contains("testing"));
    }

    #[test]
    fn external_test_packages_go_through_imports() {
        let mods = [GoMod {
            dir: String::new(),
            module: "example.com/app".into(),
        }];
        let (paths, u) = units(
            &[
                ("calc/calc.go", "package calc\n\nfunc Add(a, b int) int { return a + b }\n\nfunc Sub(a, b int) int { return a - b }\n"),
                ("calc/calc_ext_test.go", "package calc_test\n\nimport (\n\t\"testing\"\n\t\"example.com/app/calc\"\n)\n\nfunc TestAdd(t *testing.T) { _ = calc.Add(1, 2) }\n"),
                ("calc/unused_test.go", "package calc_test\n\nimport \"example.com/app/calc\"\n\nvar _ = calc.Version\n\nfunc TestNothing(t *testing.T) {}\n"),
            ],
            &mods,
        );
        assert_eq!(refs(&paths, &u[1]), ["calc/calc.go:Add"]);
        assert!(
            model::imports_of(&paths, &u[1]).is_empty(),
            "a package used is credited by use, not by import"
        );
        assert_eq!(u[1].imports.get(&0), Some(&8), "linked where it is used");
        assert!(
            refs(&paths, &u[2]).is_empty(),
            "imports calc, uses nothing it defines"
        );
        assert_eq!(model::imports_of(&paths, &u[2]).len(), 1);
    }

    fn one_module() -> [GoMod; 1] {
        [GoMod {
            dir: String::new(),
            module: "example.com/flags".into(),
        }]
    }

    #[test]
    fn methods_count_wherever_they_are_defined_and_through_what_calls_return() {
        let (paths, u) = units(
            &[
                ("flag.go", "package flags\n\ntype FlagSet struct {\n\tformal map[string]*Flag\n}\n\ntype Flag struct{ Name string }\n\nfunc NewFlagSet(name string) *FlagSet { return &FlagSet{} }\n\nfunc (f *FlagSet) Lookup(name string) *Flag { return nil }\n"),
                ("bool.go", "package flags\n\nfunc (f *FlagSet) BoolVar(p *bool, name string) {}\n\nfunc (f *FlagSet) GetBool(name string) (bool, error) { return false, nil }\n"),
                ("int.go", "package flags\n\nfunc (f *FlagSet) IntVar(p *int, name string) {}\n\nfunc (fl *Flag) Reset() {}\n"),
                ("bool_test.go", "package flags_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/flags\"\n)\n\nfunc TestBool(t *testing.T) {\n\tf := flags.NewFlagSet(\"x\")\n\tif v, _ := f.GetBool(\"v\"); v {\n\t\tf.Lookup(\"v\").Reset()\n\t}\n}\n"),
            ],
            &one_module(),
        );
        assert_eq!(paths[0], "bool.go");
        assert_eq!(
            model::refs_with_lines(&paths, &u[1]),
            [
                ("bool.go:FlagSet.GetBool".to_string(), 11),
                ("flag.go:FlagSet.Lookup".to_string(), 12),
                ("flag.go:NewFlagSet".to_string(), 10),
                ("int.go:Flag.Reset".to_string(), 12),
            ],
            "GetBool of bool.go through NewFlagSet's result, Reset of int.go through Lookup's"
        );
        assert!(
            model::imports_of(&paths, &u[1]).is_empty(),
            "the package is credited by use, not by its import"
        );
    }

    #[test]
    fn another_package_sees_exported_names_and_fields_only() {
        let (paths, u) = units(
            &[
                ("yaml/yaml.go", "package yaml\n\ntype Decoder struct {\n\tparser *parser\n\tStrict bool\n}\n\nfunc NewDecoder() *Decoder { return &Decoder{} }\n\nfunc (d *Decoder) Decode(v any) error { return d.parser.node() }\n\nfunc cache() {}\n"),
                ("yaml/parser.go", "package yaml\n\ntype parser struct{}\n\nfunc (p *parser) node() error { return nil }\n\nfunc (p *parser) Close() {}\n"),
                ("yaml/decode_test.go", "package yaml_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/flags/yaml\"\n)\n\nfunc TestDecode(t *testing.T) {\n\tcache := map[string]int{}\n\td := yaml.NewDecoder()\n\t_ = d.Decode(cache)\n\td.Close()\n}\n"),
                ("yaml/parser_test.go", "package yaml\n\nimport \"testing\"\n\nfunc TestNode(t *testing.T) {\n\td := NewDecoder()\n\td.parser.node()\n}\n"),
            ],
            &one_module(),
        );
        assert_eq!(paths[0], "yaml/decode_test.go");
        assert_eq!(
            refs(&paths, &u[0]),
            ["yaml/yaml.go:Decoder.Decode", "yaml/yaml.go:NewDecoder"],
            "not cache (a local variable), not parser.Close (behind an unexported field)"
        );
        assert_eq!(
            refs(&paths, &u[2]),
            ["yaml/parser.go:parser.node", "yaml/yaml.go:NewDecoder"],
            "the package's own test reaches through the field"
        );
    }

    #[test]
    fn a_package_imported_for_nothing_it_defines_is_imported_whole() {
        let (paths, u) = units(
            &[
                ("a/a.go", "package a\n\nfunc init() { register() }\n\nfunc register() {}\n"),
                ("a/b.go", "package a\n\nconst Limit = 3\n\nfunc B() {}\n"),
                ("a_test.go", "package flags\n\nimport (\n\t\"testing\"\n\n\t_ \"example.com/flags/a\"\n)\n\nfunc TestInit(t *testing.T) {}\n"),
                ("limit_test.go", "package flags\n\nimport (\n\t\"testing\"\n\n\t\"example.com/flags/a\"\n)\n\nfunc TestLimit(t *testing.T) { _ = a.Limit }\n"),
            ],
            &one_module(),
        );
        assert_eq!(
            model::imports_of(&paths, &u[2]),
            [("a/a.go".to_string(), 6), ("a/b.go".to_string(), 6)]
        );
        assert!(refs(&paths, &u[2]).is_empty());
        assert!(
            model::imports_of(&paths, &u[3]).is_empty() && refs(&paths, &u[3]).is_empty(),
            "a constant is used, no function of the package: neither a use nor an import of every file"
        );
    }
}
