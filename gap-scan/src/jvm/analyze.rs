//! Java and Kotlin files (one analysis) to units. Types are found by package and name (`com.shop.Cart`, a
//! Kotlin file's facade `UtilKt`); tests sit in test folders and Gradle test source sets or are named
//! `FooTest`, `TestFoo`, `FooTests`, `FooIT`; a file reaches the types it imports, those of its own package it
//! names, and the classes it names by string; tests also credit what their helpers use. Generated code and
//! the main code of benchmark, test-support, example and build-logic modules are marked not product code.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::parse::JvmFile;
use super::JvmContext;
use crate::lang::Language;
use crate::model::{self, Credit, Credits, NameTable, NotProduct, Parsed, Role, Unit, Uses};
use gap_core::{EvidenceKind, SymbolKind};

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
    /// Kotlin file facades as Java sees them: (file, class name) for `UtilKt` or `@file:JvmName("Util")`,
    /// whose members are the file's top-level functions.
    facades: HashSet<(usize, String)>,
}

impl<'a> Index<'a> {
    fn new(paths: &[String], files: &'a [Parsed<JvmFile>]) -> Self {
        let mut by_type: HashMap<String, usize> = HashMap::new();
        let mut by_package: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut package_names: HashMap<&str, NameTable> = HashMap::new();
        let mut facades = HashSet::new();
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
            for facade in facade_names(&paths[i], facts, f) {
                let q = if f.package.is_empty() {
                    facade.clone()
                } else {
                    format!("{}.{facade}", f.package)
                };
                by_type.entry(q).or_insert(i);
                facades.insert((i, facade));
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
            facades,
        }
    }

    /// Records that file `i` names type `ty` of file `g` (when it uses its local name `local`), and the
    /// methods of it whose names it uses.
    fn name_type(&self, i: usize, g: usize, ty: &str, local: &str, named: &mut Named) {
        if let Some(line) = named.uses.line(local).filter(|_| g != i) {
            let defs = &self.files[g].facts.defs;
            if self.is_facade(g, ty) {
                // `Util.canonicalize(...)` from Java: the Kotlin file's top-level functions.
                for d in defs.iter().filter(|d| d.kind == SymbolKind::Function) {
                    if let Some(at) = named.uses.line(&d.name) {
                        named.credits.reference(g, d.name.clone(), at.max(line));
                    }
                }
                return;
            }
            model::use_symbol(defs, g, ty, line, named.uses, &mut named.credits);
        }
    }

    /// True when `ty` is a file facade of file `g`, not one of its types.
    fn is_facade(&self, g: usize, ty: &str) -> bool {
        self.facades.contains(&(g, ty.to_string()))
    }

    /// The type of the tree a dotted path names, and the nested type's simple name when the path goes into
    /// one (`a.b.Outer.Inner` is `(a.b.Outer, Some(Inner))`); the path itself when no prefix is a type.
    fn outer_type<'p>(&self, path: &'p str) -> (&'p str, Option<&'p str>) {
        let mut ty = path;
        while !self.by_type.contains_key(ty) {
            match ty.rsplit_once('.') {
                Some((outer, _)) => ty = outer,
                None => return (path, None),
            }
        }
        let nested = (ty.len() < path.len()).then(|| path.rsplit('.').next().unwrap_or(path));
        (ty, nested)
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
            // A nested type (`import a.b.Outer.Inner`) is in its outer type's file.
            let (ty_path, nested) = self.outer_type(ty_path);
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
                Some((m, line)) if self.is_facade(g, ty) => named.credits.reference(g, m, line),
                Some((m, line)) => named.credits.reference(g, format!("{ty}.{m}"), line),
                None if member.is_some() => {}
                None => {
                    let local = imp.alias.as_deref().or(nested).unwrap_or(ty);
                    self.name_type(i, g, ty, local, &mut named);
                }
            }
        }
        // Same-package types (and Kotlin top-level functions) need no import.
        if let Some(table) = self.package_names.get(f.package.as_str()) {
            for ident in facts.identifiers.keys() {
                for &(g, name) in table.get(ident).into_iter().flatten() {
                    self.name_type(i, g, name, name, &mut named);
                }
            }
        }
        (imported, named.credits)
    }
}

/// The classes Java sees a Kotlin file's top-level functions in: `FooKt` for `foo.kt`, and the name of its
/// `@file:JvmName("Foo")`; none for a file without top-level functions or a Java file.
fn facade_names(path: &str, facts: &model::FileFacts, f: &JvmFile) -> Vec<String> {
    let Some(stem) = path.rsplit('/').next().and_then(|n| n.strip_suffix(".kt")) else {
        return Vec::new();
    };
    if !facts.defs.iter().any(|d| d.kind == SymbolKind::Function) {
        return Vec::new();
    }
    let mut chars = stem.chars();
    let mut names: Vec<String> = chars
        .next()
        .map(|c| format!("{}{}Kt", c.to_ascii_uppercase(), chars.as_str()))
        .into_iter()
        .collect();
    names.extend(f.jvm_name.clone());
    names
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

/// Gradle source sets on the test side, by the name of their folder under `src/` (`src/test/`,
/// `src/androidTest/`, `src/commonTest/`, `src/jvmTest/`, `src/testFixtures/`, `src/integrationTest/`).
/// A name is matched by a `prefix*` or `*suffix` pattern.
pub const TEST_SOURCE_SETS: &[&str] = &["test*", "*Test", "*Tests"];

/// Folders of generated sources, by their path inside a module: what annotation processors, KSP and
/// code generators write (`build/generated/`, Maven's `target/generated-sources/`).
pub const GENERATED_DIRS: &[&str] = &[
    "build/generated/",
    "target/generated-sources/",
    "target/generated-test-sources/",
    "generated-src/",
    "generated-sources/",
];

/// True when `path` sits in a Gradle source set of tests: `.../src/<set>/...` with a set named as
/// [`TEST_SOURCE_SETS`] says.
pub fn in_test_source_set(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    let matches = |set: &str| {
        TEST_SOURCE_SETS
            .iter()
            .any(|g| match (g.strip_suffix('*'), g.strip_prefix('*')) {
                (Some(prefix), _) => set.starts_with(prefix),
                (_, Some(suffix)) => set.ends_with(suffix),
                _ => set == *g,
            })
    };
    parts.windows(3).any(|w| w[0] == "src" && matches(w[1]))
}

/// Why file `i` is not product code: generated (by a marker in the file or the folder it sits in), or the
/// main code of a benchmark or test-support module.
fn not_product(path: &str, f: &JvmFile, ctx: &JvmContext) -> Option<NotProduct> {
    if let Some(marker) = &f.generated {
        return Some(NotProduct {
            reason: "generated",
            detail: marker.clone(),
        });
    }
    let with_slash = format!("/{path}");
    if let Some(dir) = GENERATED_DIRS
        .iter()
        .find(|d| with_slash.contains(&format!("/{d}")))
    {
        return Some(NotProduct {
            reason: "generated",
            detail: format!("in {dir}"),
        });
    }
    ctx.module_verdict(path).cloned()
}

/// The role of file `path` with facts `f`: on the test side by its name, a test folder or a test source
/// set; a file there holds tests when it has test methods, or when it is also named as a test.
fn role_of(lang: &Language, path: &str, f: &Parsed<JvmFile>) -> Role {
    let place = lang.test_place(path);
    let in_set = in_test_source_set(path);
    let holds_tests = f.facts.test_functions > 0 || (place.named && (place.in_test_dir || in_set));
    if in_set && !place.support {
        if holds_tests {
            Role::Test
        } else {
            Role::Support
        }
    } else {
        model::role_at(place, holds_tests)
    }
}

/// Classes file `i` names by string (`Class.forName("a.b.C")`, `"a.b.C$D"`) and the implementations of the
/// services it loads (`ServiceLoader.load(Plugin.class)` with a `META-INF/services/a.b.Plugin` file): each
/// file with the first line, what named it and the simple name of the class named.
fn named_by_string(ix: &Index, i: usize, ctx: &JvmContext) -> BTreeMap<usize, ByString> {
    let Parsed { facts, own: f } = &ix.files[i];
    let mut out: BTreeMap<usize, ByString> = BTreeMap::new();
    let mut add = |g: usize, line: u64, what: String, class: &str| {
        if g != i && out.get(&g).is_none_or(|b| line < b.line) {
            let class = class.rsplit('.').next().unwrap_or(class).to_string();
            out.insert(g, ByString { line, what, class });
        }
    };
    for (s, &line) in &f.name_strings {
        let class = s.split('$').next().unwrap_or(s);
        if class.contains('.') {
            if let Some(&g) = ix.by_type.get(class) {
                add(g, line, format!("\"{s}\""), class);
            }
        }
    }
    if let Some(&line) = facts.identifiers.get("ServiceLoader") {
        for sv in &ctx.services {
            let simple = sv.interface.rsplit('.').next().unwrap_or(&sv.interface);
            if !facts.identifiers.contains_key(simple) {
                continue;
            }
            for imp in &sv.implementations {
                if let Some(&g) = ix.by_type.get(imp.as_str()) {
                    add(g, line, sv.path.clone(), imp);
                }
            }
        }
    }
    out
}

/// Spring annotations on a type that make component scanning load it.
pub const SPRING_COMPONENTS: &[&str] = &[
    "Component",
    "Service",
    "Repository",
    "Controller",
    "RestController",
    "Configuration",
    "ControllerAdvice",
    "RestControllerAdvice",
];
/// Spring annotations on the application type that scan its package and the packages below it.
pub const SPRING_APPLICATIONS: &[&str] = &[
    "SpringBootApplication",
    "SpringBootConfiguration",
    "ComponentScan",
];
/// Spring annotations on a test type that start the application found above the test's package.
pub const SPRING_CONTEXT_TESTS: &[&str] = &["SpringBootTest"];

/// True when package `inner` is `outer` or below it.
fn in_package(inner: &str, outer: &str) -> bool {
    outer.is_empty() || inner == outer || inner.starts_with(&format!("{outer}."))
}

/// Spring's component scanning: for file `i`, the files it loads by scanning, with the line and what loads
/// them. An application type (`@SpringBootApplication`) loads the components (`@Service`, `@Controller`...)
/// of its package and below; a `@SpringBootTest` starts the applications of its own package or above.
fn spring_scanned(ix: &Index, i: usize) -> Vec<(usize, ByString)> {
    let annotated = |g: usize, table: &'static [&'static str]| -> Option<(&'static str, u64)> {
        table
            .iter()
            .find_map(|&a| ix.files[g].own.type_annotations.get(a).map(|&l| (a, l)))
    };
    let package = ix.files[i].own.package.as_str();
    // File `g` (its first type) reached at `line` through annotation `a`.
    let reached = |g: usize, line: u64, a: &str| {
        let class = ix.files[g]
            .facts
            .defs
            .first()
            .map_or("", |d| d.name.as_str());
        (
            g,
            ByString {
                line,
                what: format!("@{a}"),
                class: class.to_string(),
            },
        )
    };
    let others = || (0..ix.files.len()).filter(move |&g| g != i);
    let mut out = Vec::new();
    if let Some((_, line)) = annotated(i, SPRING_APPLICATIONS) {
        for g in others().filter(|&g| in_package(&ix.files[g].own.package, package)) {
            if let Some((a, _)) = annotated(g, SPRING_COMPONENTS) {
                out.push(reached(g, line, a));
            }
        }
    }
    if let Some((a, line)) = annotated(i, SPRING_CONTEXT_TESTS) {
        for g in others().filter(|&g| in_package(package, &ix.files[g].own.package)) {
            if annotated(g, SPRING_APPLICATIONS).is_some() {
                out.push(reached(g, line, a));
            }
        }
    }
    out
}

/// A class a file names by string.
struct ByString {
    /// The first line that names it.
    line: u64,
    /// What named it: the string (quoted) or the services file.
    what: String,
    /// The simple name of the (outer) class.
    class: String,
}

/// Units for Java/Kotlin files `paths` (sorted) with their parsed `files`; indices are into `paths`.
/// The files are Java and Kotlin (each by its extension's row); `ctx` is what the build files say. A test
/// credits what it names, what it names by string (`by_name`) and what the support files it names credit
/// (helpers of its test source set); a source file runs what it names by string.
pub fn analyze(paths: &[String], files: &[Parsed<JvmFile>], ctx: &JvmContext) -> Vec<Unit> {
    let ix = Index::new(paths, files);
    let roles: Vec<Role> = (0..paths.len())
        .map(|i| {
            let lang = crate::lang::by_path(&paths[i])
                .filter(|l| l.id == crate::lang::KOTLIN.id)
                .unwrap_or(&crate::lang::JAVA);
            role_of(lang, &paths[i], &files[i])
        })
        .collect();
    let mut units: Vec<Unit> = (0..paths.len())
        .map(|i| {
            let role = roles[i];
            let mut u = Unit::new(role, unit_name(&files[i]));
            let (mut imported, mut named) = ix.imports(i, &mut u);
            let by_string = named_by_string(&ix, i, ctx);
            for (g, ByString { line, what, class }) in
                by_string.into_iter().chain(spring_scanned(&ix, i))
            {
                if role == Role::Source {
                    // Code that loads a class by name runs it.
                    if roles[g] == Role::Source {
                        model::import(&mut imported, g, line);
                    }
                    continue;
                }
                // The class, and its members named by string beside it (`getMethod("runTests")`).
                let ty = class.as_str();
                let by_name = |symbol: String, line: u64, detail: String| Credit {
                    file: g,
                    kind: EvidenceKind::ByName,
                    symbol: Some(symbol),
                    line,
                    detail: Some(detail),
                };
                named.add(by_name(ty.to_string(), line, what.clone()));
                for d in &files[g].facts.defs {
                    let member = d.name.strip_prefix(ty).and_then(|m| m.strip_prefix('.'));
                    if let Some((m, &l)) =
                        member.and_then(|m| files[i].own.name_strings.get_key_value(m))
                    {
                        named.add(by_name(d.name.clone(), l, format!("\"{m}\"")));
                    }
                }
            }
            u.imports = imported.clone();
            for c in named.iter() {
                model::import(&mut u.imports, c.file, c.line);
            }
            u.imports.remove(&i);
            u.all_imports_run();
            if role != Role::Source {
                u.credits = named;
                for (&g, &line) in &imported {
                    u.credits.import(g, line);
                }
            }
            u.not_product = not_product(&paths[i], &files[i].own, ctx);
            u
        })
        .collect();
    for (i, np) in examples(paths, files, &roles, ctx) {
        units[i].not_product.get_or_insert(np);
    }
    for (i, np) in support_of_examples(paths, &units, &roles, ctx) {
        units[i].not_product.get_or_insert(np);
    }
    lend_support_credits(&mut units, &roles);
    for (u, role) in units.iter_mut().zip(&roles) {
        if *role == Role::Support {
            u.credits = Credits::default();
        }
    }
    units
}

/// A module or a folder (with the folders below it) whose source files are mostly programs (at least [`EXAMPLE_MIN_PROGRAMS`] of them,
/// and at least half its files, define an entry point `main`) is a set of examples or samples: its source
/// files, each with the signal.
fn examples(
    paths: &[String],
    files: &[Parsed<JvmFile>],
    roles: &[Role],
    ctx: &JvmContext,
) -> Vec<(usize, NotProduct)> {
    // Group -> (its source files, how many define main); a group is `module DIR` or `folder DIR`, modules
    // first so that a module's verdict names the module.
    let mut groups: BTreeMap<(bool, String), (Vec<usize>, usize)> = BTreeMap::new();
    let is_main = |d: &model::Def| d.name == "main" || d.name.ends_with(".main");
    for i in (0..paths.len()).filter(|&i| roles[i] == Role::Source) {
        let program = usize::from(files[i].facts.defs.iter().any(is_main));
        let module = ctx.module_of(&paths[i]).map(|m| {
            let dir = &ctx.modules[m].0;
            (
                false,
                format!("module {}", if dir.is_empty() { "." } else { dir }),
            )
        });
        // Every folder above the file: `samples/` of several small sample modules is one group.
        let mut folders = Vec::new();
        let mut dir = model::parent(&paths[i]);
        while !dir.is_empty() {
            folders.push((true, format!("folder {dir}")));
            dir = model::parent(dir);
        }
        for g in module.into_iter().chain(folders) {
            let e = groups.entry(g).or_default();
            e.0.push(i);
            e.1 += program;
        }
    }
    let mut out: BTreeMap<usize, NotProduct> = BTreeMap::new();
    for ((_, group), (members, programs)) in groups {
        if programs >= EXAMPLE_MIN_PROGRAMS && 2 * programs >= members.len() {
            let detail = format!(
                "{group}: {programs} of its {} source files are programs with a main",
                members.len()
            );
            for i in members {
                out.entry(i).or_insert_with(|| NotProduct {
                    reason: "example",
                    detail: detail.clone(),
                });
            }
        }
    }
    out.into_iter().collect()
}

/// See [`examples`].
pub const EXAMPLE_MIN_PROGRAMS: usize = 3;

/// The source files of modules that other modules use in their tests, and that only examples use in their
/// main code (okhttp's testing support, used by its samples): test support, each with the signal.
fn support_of_examples(
    paths: &[String],
    units: &[Unit],
    roles: &[Role],
    ctx: &JvmContext,
) -> Vec<(usize, NotProduct)> {
    let sources = |dir: &str| {
        let m = ctx.modules.iter().position(|(d, _)| d == dir);
        (0..paths.len()).filter(move |&i| {
            roles[i] == Role::Source && m.is_some() && ctx.module_of(&paths[i]) == m
        })
    };
    let example = |dir: &str| {
        let mut files = sources(dir).peekable();
        files.peek().is_some()
            && files.all(|i| {
                units[i]
                    .not_product
                    .as_ref()
                    .is_some_and(|n| n.reason == "example")
            })
    };
    let mut out = Vec::new();
    for s in &ctx.support_unless_used {
        if s.by_main.iter().all(|d| example(d)) {
            let detail = format!(
                "module {} is a dependency of the tests of other modules ({}) and of examples ({}) only",
                s.build_file,
                s.by_tests,
                s.by_main.join(", ")
            );
            out.extend(sources(&s.dir).map(|i| {
                (
                    i,
                    NotProduct {
                        reason: "test_support",
                        detail: detail.clone(),
                    },
                )
            }));
        }
    }
    out
}

/// A test credits what the support files it names (helpers, fixtures of its test source set) credit, from
/// the line where it first names each; support files pass on what the support files they name credit.
fn lend_support_credits(units: &mut [Unit], roles: &[Role]) {
    let support = |f: usize| roles.get(f) == Some(&Role::Support);
    // Support files first, to a fixed point (bounded by the number of support files).
    let helpers: Vec<usize> = (0..units.len()).filter(|&i| support(i)).collect();
    for _ in 0..helpers.len().min(8) {
        let mut changed = false;
        for &h in &helpers {
            let lent = borrowed(units, h, &support);
            let before = units[h].credits.iter().count();
            for c in lent {
                units[h].credits.add(c);
            }
            changed |= units[h].credits.iter().count() != before;
        }
        if !changed {
            break;
        }
    }
    for t in (0..units.len()).filter(|&i| roles[i] == Role::Test) {
        for c in borrowed(units, t, &support) {
            units[t].credits.add(c);
        }
    }
}

/// The credits unit `t` borrows from the support files it credits, at the line it first names each.
fn borrowed(units: &[Unit], t: usize, support: &impl Fn(usize) -> bool) -> Vec<Credit> {
    let mut first: BTreeMap<usize, u64> = BTreeMap::new();
    for c in units[t]
        .credits
        .iter()
        .filter(|c| support(c.file) && c.file != t)
    {
        let l = first.entry(c.file).or_insert(c.line);
        *l = (*l).min(c.line);
    }
    let mut out = Vec::new();
    for (&h, &line) in &first {
        for c in units[h]
            .credits
            .iter()
            .filter(|c| c.file != t && c.file != h)
        {
            out.push(Credit {
                file: c.file,
                kind: c.kind,
                symbol: c.symbol.map(String::from),
                line,
                detail: c.detail.map(String::from),
            });
        }
    }
    out
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
        let u = analyze(&paths, &parsed, &JvmContext::default());
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
