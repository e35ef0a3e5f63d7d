//! Go files to units. A package is a folder; its import path is the module path of the nearest `go.mod`
//! plus the folder below it. Tests in the same package use its names without importing them, so a test file
//! exercises the files whose definitions it names; `package foo_test` files reach the package through their
//! imports.

use std::collections::{BTreeMap, HashMap};

use super::parse::GoFile;
use crate::lang;
use crate::model::{self, parent, Credits, NameTable, Parsed, Role, Unit};

/// A `go.mod`: its folder and module path.
#[derive(Debug, Clone)]
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

/// Units for Go files `paths` (sorted) with their parsed `files`; indices are into `paths`.
pub fn analyze(paths: &[String], files: &[Parsed<GoFile>], mods: &[GoMod]) -> Vec<Unit> {
    let is_test_file = |i: usize| lang::GO.test_place(&paths[i]).named;
    // Package folder -> its non-test files; import path -> folder.
    let mut package_files: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, path) in paths.iter().enumerate() {
        if !is_test_file(i) {
            package_files.entry(parent(path)).or_default().push(i);
        }
    }
    let by_import: HashMap<String, &str> = package_files
        .keys()
        .map(|d| (import_path(d, mods), *d))
        .collect();
    // Top-level definitions per package: name -> (file, name); methods per (file, type).
    let mut names: HashMap<&str, NameTable> = HashMap::new();
    let mut methods: HashMap<(usize, &str), Vec<(&str, &str)>> = HashMap::new();
    for (dir, members) in &package_files {
        let table = names.entry(dir).or_default();
        for &i in members {
            for d in &files[i].facts.defs {
                match d.name.split_once('.') {
                    Some((ty, m)) => methods.entry((i, ty)).or_default().push((m, &d.name)),
                    None => table.entry(&d.name).or_default().push((i, &d.name)),
                }
            }
        }
    }
    // The package names file `i` uses: its types and functions, and the methods it calls on the types it
    // names. `with_methods` is off for source files, whose edges come from top-level names only.
    let uses = |i: usize, dir: &str, with_methods: bool, out: &mut Credits| {
        let Some(table) = names.get(dir) else { return };
        let idents = &files[i].facts.identifiers;
        for (ident, &line) in idents {
            for &(f, full) in table.get(ident.as_str()).into_iter().flatten() {
                if f == i {
                    continue;
                }
                out.reference(f, full, line);
                if with_methods {
                    for &(m, mfull) in methods.get(&(f, full)).into_iter().flatten() {
                        if let Some(&at) = idents.get(m) {
                            out.reference(f, mfull, at.max(line));
                        }
                    }
                }
            }
        }
    };
    (0..paths.len())
        .map(|i| {
            let f = &files[i].own;
            let dir = parent(&paths[i]);
            let role = model::role(&lang::GO, &paths[i], files[i].facts.test_functions > 0);
            let mut u = Unit::new(role, import_path(dir, mods));
            // (package folder, line of its import).
            let mut imported_dirs = Vec::new();
            for imp in &f.imports {
                match by_import.get(&imp.path) {
                    Some(d) => imported_dirs.push((*d, imp.line)),
                    None => {
                        u.external.insert(imp.path.clone());
                    }
                }
            }
            // A method counts when the file names its type and calls it by name.
            let mut refs = Credits::default();
            // Same-package names need no import (an external `_test` package does not share them).
            let tests = role != Role::Source;
            if !f.package.ends_with("_test") {
                uses(i, dir, tests, &mut refs);
            }
            for &(d, line) in &imported_dirs {
                uses(i, d, tests, &mut refs);
                for &g in package_files.get(d).into_iter().flatten() {
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
        assert_eq!(
            model::imports_of(&paths, &u[1]),
            [("calc/calc.go".to_string(), 5)]
        );
        assert!(
            refs(&paths, &u[2]).is_empty(),
            "imports calc, uses nothing it defines"
        );
        assert_eq!(model::imports_of(&paths, &u[2]).len(), 1);
    }
}
