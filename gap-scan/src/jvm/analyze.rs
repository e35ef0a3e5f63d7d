//! Java and Kotlin files to units. Types are found by package and name (`com.shop.Cart`); tests sit under
//! `src/test/...` (Maven and Gradle layouts) or are named `FooTest`, `TestFoo`, `FooTests`, `FooIT`; a file
//! reaches the types it imports and, without an import, those of its own package it names.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::parse::JvmFile;
use crate::lang::Language;
use crate::model::{self, NameTable, Parsed, Role, Unit};
use gap_core::SymbolKind;

/// Units for Java/Kotlin files `paths` (sorted) with their parsed `files`; indices are into `paths`.
/// `lang` is the row of the files' language (Java or Kotlin): a file on the test side (by name or folder) holds
/// tests when it has test methods, or when it is both named and placed as a test.
pub fn analyze(paths: &[String], files: &[Parsed<JvmFile>], lang: &Language) -> Vec<Unit> {
    // Qualified type name -> file; package -> files; per package: type name -> file.
    let mut by_type: HashMap<String, usize> = HashMap::new();
    let mut by_package: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, Parsed { facts, own: f }) in files.iter().enumerate() {
        by_package.entry(f.package.as_str()).or_default().push(i);
        for d in facts.defs.iter().filter(|d| d.kind != SymbolKind::Method) {
            let q = if f.package.is_empty() {
                d.name.clone()
            } else {
                format!("{}.{}", f.package, d.name)
            };
            by_type.entry(q).or_insert(i);
        }
    }
    // Per package: top-level name -> the files that define it.
    let mut package_names: HashMap<&str, NameTable> = HashMap::new();
    for (i, Parsed { facts, own: f }) in files.iter().enumerate() {
        let table = package_names.entry(f.package.as_str()).or_default();
        for name in model::top_level_names(&facts.defs) {
            table.entry(name).or_default().push((i, name));
        }
    }
    let roles: Vec<Role> = paths
        .iter()
        .zip(files)
        .map(|(p, f)| {
            let place = lang.test_place(p);
            let holds_tests = f.facts.test_functions > 0 || (place.named && place.in_test_dir);
            model::role(lang, p, holds_tests)
        })
        .collect();
    (0..paths.len())
        .map(|i| {
            let Parsed { facts, own: f } = &files[i];
            let name = match facts.defs.iter().find(|d| d.kind != SymbolKind::Method) {
                Some(d) if !f.package.is_empty() => format!("{}.{}", f.package, d.name),
                Some(d) => d.name.clone(),
                None => f.package.clone(),
            };
            let mut u = Unit::new(roles[i], name);
            // (file, symbol) pairs this file names: imported types, wildcard and same-package types it uses.
            let mut named: BTreeSet<(usize, String)> = BTreeSet::new();
            let mut imported: BTreeSet<usize> = BTreeSet::new();
            let name_type =
                |g: usize, ty: &str, local: &str, named: &mut BTreeSet<(usize, String)>| {
                    if facts.identifiers.contains(local) && g != i {
                        named.insert((g, ty.to_string()));
                        for d in &files[g].facts.defs {
                            if d.kind == SymbolKind::Method
                                && d.name
                                    .split_once('.')
                                    .is_some_and(|(c, m)| c == ty && facts.identifiers.contains(m))
                            {
                                named.insert((g, d.name.clone()));
                            }
                        }
                    }
                };
            for imp in &f.imports {
                if imp.wildcard {
                    let members = if imp.is_static {
                        by_type.get(&imp.path).map(|&g| vec![g])
                    } else {
                        by_package.get(imp.path.as_str()).cloned()
                    };
                    match members {
                        Some(members) => {
                            // A wildcard names no file: only the members whose types the file uses count.
                            for g in members {
                                for d in files[g]
                                    .facts
                                    .defs
                                    .iter()
                                    .filter(|d| d.kind != SymbolKind::Method)
                                {
                                    name_type(g, &d.name, &d.name, &mut named);
                                }
                                if named.iter().any(|(f, _)| *f == g) {
                                    imported.insert(g);
                                }
                            }
                        }
                        None => {
                            u.external.insert(imp.path.clone());
                        }
                    }
                    continue;
                }
                // `import a.b.C`, `import static a.b.C.member`.
                let (ty_path, member) = match imp.is_static {
                    true => match imp.path.rsplit_once('.') {
                        Some((t, m)) => (t.to_string(), Some(m.to_string())),
                        None => (imp.path.clone(), None),
                    },
                    false => (imp.path.clone(), None),
                };
                match by_type.get(&ty_path) {
                    Some(&g) => {
                        imported.insert(g);
                        let ty = ty_path.rsplit('.').next().unwrap_or(&ty_path).to_string();
                        match member {
                            Some(m) if facts.identifiers.contains(&m) => {
                                named.insert((g, format!("{ty}.{m}")));
                            }
                            Some(_) => {}
                            None => {
                                let local = imp.alias.clone().unwrap_or_else(|| ty.clone());
                                name_type(g, &ty, &local, &mut named);
                            }
                        }
                    }
                    None => {
                        u.external.insert(
                            ty_path
                                .rsplit_once('.')
                                .map_or(ty_path.clone(), |(p, _)| p.to_string()),
                        );
                    }
                }
            }
            // Same-package types (and Kotlin top-level functions) need no import.
            if let Some(table) = package_names.get(f.package.as_str()) {
                for ident in &facts.identifiers {
                    for &(g, name) in table.get(ident.as_str()).into_iter().flatten() {
                        name_type(g, name, name, &mut named);
                    }
                }
            }
            u.imports = imported
                .iter()
                .copied()
                .chain(named.iter().map(|(g, _)| *g))
                .filter(|&g| g != i)
                .collect();
            u.runtime_imports = u.imports.clone();
            if roles[i] == Role::Test {
                u.test_imports = imported;
                u.refs = named;
            }
            u
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jvm::parse::parse;

    #[test]
    fn maven_layout_imports_and_same_package_references() {
        let mut files = [
            ("src/main/java/com/shop/Cart.java", "package com.shop;\n\nimport com.shop.money.Round;\n\npublic class Cart {\n    public void add(int c) { Round.round(c); }\n    public int total() { return 0; }\n}\n"),
            ("src/main/java/com/shop/money/Round.java", "package com.shop.money;\n\npublic class Round {\n    public static int round(int c) { return c; }\n}\n"),
            ("src/main/java/com/shop/Tax.java", "package com.shop;\n\npublic class Tax {\n    public double rate() { return 0.2; }\n}\n"),
            ("src/test/java/com/shop/CartTest.java", "package com.shop;\n\nimport org.junit.jupiter.api.Test;\nimport com.shop.money.Round;\n\nclass CartTest {\n    @Test\n    void adds() {\n        Cart c = new Cart();\n        c.add(1);\n    }\n}\n"),
        ];
        files.sort();
        let paths: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
        let parsed: Vec<Parsed<JvmFile>> = files.iter().map(|(_, t)| parse(t, false)).collect();
        let u = analyze(&paths, &parsed, &crate::lang::JAVA);
        let test = paths
            .iter()
            .position(|p| p.ends_with("CartTest.java"))
            .unwrap();
        assert_eq!(u[test].role, Role::Test);
        let refs: Vec<String> = u[test]
            .refs
            .iter()
            .map(|(g, s)| format!("{}:{s}", paths[*g].rsplit('/').next().unwrap()))
            .collect();
        assert_eq!(
            refs,
            ["Cart.java:Cart", "Cart.java:Cart.add"],
            "Round is imported but unused"
        );
        let round = paths
            .iter()
            .position(|p| p.ends_with("Round.java"))
            .unwrap();
        assert!(u[test].test_imports.contains(&round));
        assert!(u[test].external.contains("org.junit.jupiter.api"));
        let cart = paths.iter().position(|p| p.ends_with("Cart.java")).unwrap();
        assert_eq!(u[cart].name, "com.shop.Cart");
        assert!(u[cart].imports.contains(&round));
    }
}
