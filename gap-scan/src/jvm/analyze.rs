//! Java and Kotlin files to units. Types are found by package and name (`com.shop.Cart`); tests sit under
//! `src/test/...` (Maven and Gradle layouts) or are named `FooTest`, `TestFoo`, `FooTests`, `FooIT`; a file
//! reaches the types it imports and, without an import, those of its own package it names.

use std::collections::{BTreeMap, HashMap};

use super::parse::JvmFile;
use crate::lang::Language;
use crate::model::{self, Credits, NameTable, Parsed, Role, Unit, Uses};
use gap_core::SymbolKind;

/// What a file names of the types of the tree, as it is found.
struct Named<'u> {
    /// The names the file uses.
    uses: &'u Uses<'u>,
    /// The types and methods it names so far.
    credits: Credits,
}

/// The types of a scan's Java or Kotlin files by qualified name and by package.
struct Index<'a> {
    files: &'a [Parsed<JvmFile>],
    /// Qualified type name -> file.
    by_type: HashMap<String, usize>,
    /// Package -> its files.
    by_package: BTreeMap<&'a str, Vec<usize>>,
    /// Per package: top-level name -> the files that define it.
    package_names: HashMap<&'a str, NameTable<'a>>,
}

impl<'a> Index<'a> {
    fn new(files: &'a [Parsed<JvmFile>]) -> Self {
        let mut by_type: HashMap<String, usize> = HashMap::new();
        let mut by_package: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut package_names: HashMap<&str, NameTable> = HashMap::new();
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
            let table = package_names.entry(f.package.as_str()).or_default();
            for name in model::top_level_names(&facts.defs) {
                table.entry(name).or_default().push((i, name));
            }
        }
        Index {
            files,
            by_type,
            by_package,
            package_names,
        }
    }

    /// Records that file `i` names type `ty` of file `g` (when it uses its local name `local`), and the
    /// methods of it whose names it uses.
    fn name_type(&self, i: usize, g: usize, ty: &str, local: &str, named: &mut Named) {
        if let Some(line) = named.uses.line(local).filter(|_| g != i) {
            let defs = &self.files[g].facts.defs;
            model::use_symbol(defs, g, ty, line, named.uses, &mut named.credits);
        }
    }

    /// `import a.b.*` (or `import static a.b.C.*`) in file `i`: the members whose types it uses; `None` when
    /// the package (or type) is not in the tree.
    fn wildcard(
        &self,
        i: usize,
        path: &str,
        is_static: bool,
        named: &mut Named,
    ) -> Option<Vec<usize>> {
        let members = if is_static {
            self.by_type.get(path).map(|&g| vec![g])
        } else {
            self.by_package.get(path).cloned()
        }?;
        // A wildcard names no file: only the members whose types the file uses count.
        let mut imported = Vec::new();
        for g in members {
            for d in self.files[g]
                .facts
                .defs
                .iter()
                .filter(|d| d.kind != SymbolKind::Method)
            {
                self.name_type(i, g, &d.name, &d.name, named);
            }
            if named.credits.iter().any(|c| c.file == g) {
                imported.push(g);
            }
        }
        Some(imported)
    }

    /// The files file `i` imports (with the line of the import) and what it names of them (references, at the
    /// line they first show); what it imports from outside the tree goes to `u.external`.
    fn imports(&self, i: usize, u: &mut Unit) -> (model::Imports, Credits) {
        let Parsed { facts, own: f } = &self.files[i];
        let uses = Uses::of(facts);
        let mut named = Named {
            uses: &uses,
            credits: Credits::default(),
        };
        let mut imported = model::Imports::new();
        for imp in &f.imports {
            if imp.wildcard {
                match self.wildcard(i, &imp.path, imp.is_static, &mut named) {
                    Some(members) => {
                        for g in members {
                            model::import(&mut imported, g, imp.line);
                        }
                    }
                    None => {
                        u.external.insert(imp.path.clone());
                    }
                }
                continue;
            }
            // `import a.b.C`, `import static a.b.C.member`.
            let (ty_path, member) = match imp.path.rsplit_once('.').filter(|_| imp.is_static) {
                Some((t, m)) => (t, Some(m)),
                None => (imp.path.as_str(), None),
            };
            let Some(&g) = self.by_type.get(ty_path) else {
                u.external.insert(
                    ty_path
                        .rsplit_once('.')
                        .map_or(ty_path, |(p, _)| p)
                        .to_string(),
                );
                continue;
            };
            model::import(&mut imported, g, imp.line);
            let ty = ty_path.rsplit('.').next().unwrap_or(ty_path);
            match member.and_then(|m| Some((m, *facts.identifiers.get(m)?))) {
                Some((m, line)) => named.credits.reference(g, format!("{ty}.{m}"), line),
                None if member.is_some() => {}
                None => {
                    let local = imp.alias.as_deref().unwrap_or(ty);
                    self.name_type(i, g, ty, local, &mut named);
                }
            }
        }
        // Same-package types (and Kotlin top-level functions) need no import.
        if let Some(table) = self.package_names.get(f.package.as_str()) {
            for ident in facts.identifiers.keys() {
                for &(g, name) in table.get(ident.as_str()).into_iter().flatten() {
                    self.name_type(i, g, name, name, &mut named);
                }
            }
        }
        (imported, named.credits)
    }
}

/// The import name of a file: its package and first type (`com.shop.Cart`), else its package.
fn unit_name(f: &Parsed<JvmFile>) -> String {
    let package = &f.own.package;
    match f.facts.defs.iter().find(|d| d.kind != SymbolKind::Method) {
        Some(d) if !package.is_empty() => format!("{package}.{}", d.name),
        Some(d) => d.name.clone(),
        None => package.clone(),
    }
}

/// Units for Java/Kotlin files `paths` (sorted) with their parsed `files`; indices are into `paths`.
/// `lang` is the row of the files' language (Java or Kotlin): a file on the test side (by name or folder) holds
/// tests when it has test methods, or when it is both named and placed as a test.
pub fn analyze(paths: &[String], files: &[Parsed<JvmFile>], lang: &Language) -> Vec<Unit> {
    let ix = Index::new(files);
    (0..paths.len())
        .map(|i| {
            let place = lang.test_place(&paths[i]);
            let holds_tests =
                files[i].facts.test_functions > 0 || (place.named && place.in_test_dir);
            let role = model::role(lang, &paths[i], holds_tests);
            let mut u = Unit::new(role, unit_name(&files[i]));
            let (imported, named) = ix.imports(i, &mut u);
            u.imports = imported.clone();
            for c in named.iter() {
                model::import(&mut u.imports, c.file, c.line);
            }
            u.imports.remove(&i);
            u.all_imports_run();
            if role == Role::Test {
                u.credits = named;
                for (&g, &line) in &imported {
                    u.credits.import(g, line);
                }
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
        let refs: Vec<(String, u64)> = model::refs_with_lines(&paths, &u[test])
            .into_iter()
            .map(|(r, line)| (r.rsplit('/').next().unwrap().to_string(), line))
            .collect();
        assert_eq!(
            refs,
            [
                ("Cart.java:Cart".to_string(), 9),
                ("Cart.java:Cart.add".to_string(), 10)
            ],
            "Round is imported but unused"
        );
        let round = paths
            .iter()
            .position(|p| p.ends_with("Round.java"))
            .unwrap();
        assert!(model::imports_of(&paths, &u[test]).contains(&(paths[round].clone(), 4)));
        assert!(u[test].external.contains("org.junit.jupiter.api"));
        let cart = paths.iter().position(|p| p.ends_with("Cart.java")).unwrap();
        assert_eq!(u[cart].name, "com.shop.Cart");
        assert_eq!(u[cart].imports.get(&round), Some(&3));
    }
}
