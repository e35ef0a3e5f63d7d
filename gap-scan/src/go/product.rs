//! Which Go source files are not product code, by the signals the go tool itself reads: generated-code
//! markers, build constraints that select a tool, folders the go tool ignores, and packages only tests import
//! (test fixtures). Platform constraints (`windows`, `appengine`, `purego`) are product code.

use std::collections::{BTreeMap, BTreeSet};

use super::parse::GoFile;
use crate::lang;
use crate::model::{parent, NotProduct, Parsed};

/// Why each of `paths` (with their parsed `files`, and the in-tree package folders each imports) is not
/// product code, or `None` when it is; test files are always `None`.
pub fn not_product(
    paths: &[String],
    files: &[Parsed<GoFile>],
    imported: &[Vec<(&str, u64)>],
) -> Vec<Option<NotProduct>> {
    let fixtures = fixtures(paths, files, imported);
    (0..paths.len())
        .map(|i| {
            if is_test(&paths[i]) {
                return None;
            }
            let own = &files[i].own;
            if let Some(marker) = &own.generated {
                return Some(not("generated", marker.clone()));
            }
            if let Some(line) = &own.tool_constraint {
                return Some(not("tool", format!("built only for a tool: {line}")));
            }
            if let Some(detail) = ignored(&paths[i]) {
                return Some(not("not_built", detail));
            }
            let dir = parent(&paths[i]);
            fixtures.get(dir).map(|tests| {
                let tests: Vec<&str> = tests.iter().map(|&t| paths[t].as_str()).collect();
                not(
                    "test_fixture",
                    format!("a package only tests import ({})", tests.join(", ")),
                )
            })
        })
        .collect()
}

/// A not-product verdict.
fn not(reason: &'static str, detail: String) -> NotProduct {
    NotProduct { reason, detail }
}

/// A `*_test.go` file.
fn is_test(path: &str) -> bool {
    lang::GO.test_place(path).named
}

/// Why the go tool ignores `path`, if it does: a folder on its way, or its own name, starts with `_` or `.`.
fn ignored(path: &str) -> Option<String> {
    let mut end = 0;
    for part in path.split('/') {
        end += part.len();
        if part.starts_with(['_', '.']) {
            return Some(if end == path.len() {
                format!("{part}: the go tool ignores files whose names start with _ or .")
            } else {
                format!(
                    "under {}/: the go tool ignores folders starting with _ or .",
                    &path[..end]
                )
            });
        }
        end += 1;
    }
    None
}

/// Test fixture packages: folder -> the test files that import it (directly or through other fixtures). A
/// package is one when it holds no test file of its own, is no `main` package, and every file of another
/// folder that imports it is a test file or a file of another fixture package.
fn fixtures<'p>(
    paths: &'p [String],
    files: &[Parsed<GoFile>],
    imported: &[Vec<(&'p str, u64)>],
) -> BTreeMap<&'p str, BTreeSet<usize>> {
    // Folder -> the files of other folders importing it.
    let mut importers: BTreeMap<&'p str, BTreeSet<usize>> = BTreeMap::new();
    for (g, dirs) in imported.iter().enumerate() {
        for &(d, _) in dirs {
            if d != parent(&paths[g]) {
                importers.entry(d).or_default().insert(g);
            }
        }
    }
    // Folders that cannot be fixtures: with tests of their own, or a main package.
    let mut held: BTreeSet<&str> = BTreeSet::new();
    for (i, path) in paths.iter().enumerate() {
        if is_test(path) || files[i].own.package == "main" {
            held.insert(parent(path));
        }
    }
    let mut out: BTreeMap<&'p str, BTreeSet<usize>> = BTreeMap::new();
    loop {
        let mut found = Vec::new();
        for (&dir, by) in &importers {
            if out.contains_key(dir) || held.contains(dir) {
                continue;
            }
            let mut tests = BTreeSet::new();
            let all = by.iter().all(|&g| {
                if is_test(&paths[g]) {
                    tests.insert(g);
                    true
                } else if let Some(t) = out.get(parent(&paths[g])) {
                    tests.extend(t);
                    true
                } else {
                    false
                }
            });
            if all {
                found.push((dir, tests));
            }
        }
        if found.is_empty() {
            return out;
        }
        out.extend(found);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::go::parse::parse;

    /// The reason code of each file of `tree` (sorted by path) that is not product code.
    fn reasons(tree: &[(&str, &str)], imports: &[(&str, &str)]) -> Vec<(String, &'static str)> {
        let paths: Vec<String> = tree.iter().map(|(p, _)| p.to_string()).collect();
        let files: Vec<Parsed<GoFile>> = tree.iter().map(|(_, t)| parse(t)).collect();
        let imported: Vec<Vec<(&str, u64)>> = paths
            .iter()
            .map(|p| {
                imports
                    .iter()
                    .filter(|(from, _)| from == p)
                    .map(|&(_, dir)| (dir, 1))
                    .collect()
            })
            .collect();
        not_product(&paths, &files, &imported)
            .into_iter()
            .zip(&paths)
            .filter_map(|(np, p)| np.map(|np| (p.clone(), np.reason)))
            .collect()
    }

    #[test]
    fn tools_generated_code_and_ignored_folders_are_not_product_code() {
        let found = reasons(
            &[
                ("_codegen/main.go", "package main\n\nfunc main() {}\n"),
                ("a/_old/x.go", "package old\n"),
                ("a/_scratch.go", "package a\n"),
                ("a/a.go", "//go:build !windows\n\npackage a\n"),
                (
                    "a/kind_string.go",
                    "// Code generated by \"stringer -type=Kind\"; DO NOT EDIT.\n\npackage a\n",
                ),
                (
                    "ci/magefile.go",
                    "//go:build mage\n// +build mage\n\npackage main\n",
                ),
                ("gen.go", "// +build ignore\n\npackage main\n"),
            ],
            &[],
        );
        assert_eq!(
            found,
            [
                ("_codegen/main.go".to_string(), "not_built"),
                ("a/_old/x.go".to_string(), "not_built"),
                ("a/_scratch.go".to_string(), "not_built"),
                ("a/kind_string.go".to_string(), "generated"),
                ("ci/magefile.go".to_string(), "tool"),
                ("gen.go".to_string(), "tool"),
            ]
        );
    }

    #[test]
    fn packages_only_tests_import_are_test_fixtures() {
        let tree = [
            ("cmp/compare.go", "package cmp\n"),
            ("cmp/compare_test.go", "package cmp_test\n"),
            (
                "cmp/internal/teststructs/structs.go",
                "package teststructs\n",
            ),
            ("cmp/internal/testprotos/protos.go", "package testprotos\n"),
            ("cmp/internal/value/name.go", "package value\n"),
            ("cmp/internal/value/name_test.go", "package value\n"),
            ("cmp/internal/flags/flags.go", "package flags\n"),
            ("cmd/tool/main.go", "package main\n"),
        ];
        let imports = [
            ("cmp/compare_test.go", "cmp/internal/teststructs"),
            (
                "cmp/internal/teststructs/structs.go",
                "cmp/internal/testprotos",
            ),
            ("cmp/compare_test.go", "cmp/internal/value"),
            ("cmp/compare_test.go", "cmp/internal/flags"),
            ("cmp/compare.go", "cmp/internal/flags"),
            ("cmp/compare_test.go", "cmd/tool"),
        ];
        let found = reasons(&tree, &imports);
        assert_eq!(
            found,
            [
                (
                    "cmp/internal/teststructs/structs.go".to_string(),
                    "test_fixture"
                ),
                (
                    "cmp/internal/testprotos/protos.go".to_string(),
                    "test_fixture"
                ),
            ],
            "value has tests of its own, compare.go imports flags, tool is a main package"
        );
    }
}
