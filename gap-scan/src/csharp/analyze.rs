//! C# files to units. Types are found by namespace and name; a file sees the types of its own namespaces
//! and their parents, of the namespaces its `using` directives (and its project's `global using`s) name,
//! the members of `using static` types and the targets of aliases. A namespace import alone is no use: a
//! file is credited with the types it names, and a type's methods wherever they are declared (a `partial`
//! type spread over files credits each file with its own methods). Test projects are the `*.csproj` that
//! reference a test framework; without a project file, folders named like `*.Tests` are on the test side.

use std::collections::{BTreeSet, HashMap};

use super::parse::{CsFile, CsUsing};
use crate::lang;
use crate::model::{self, Credits, NameTable, NotProduct, Parsed, Role, Unit, Uses};

/// A `*.csproj`: its folder and whether it is a test project.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CsProject {
    /// Folder holding it (`""` at the root).
    pub dir: String,
    /// It references a test framework (xUnit, NUnit, MSTest, the test SDK) or says `<IsTestProject>true`.
    pub test: bool,
    /// It references a benchmark framework (BenchmarkDotNet): its files are not product code.
    pub benchmark: bool,
}

/// Packages whose reference makes a project a test project (compared without case).
pub const TEST_PACKAGES: &[&str] = &[
    "xunit",
    "xunit.core",
    "xunit.v3",
    "nunit",
    "mstest",
    "mstest.testframework",
    "microsoft.net.test.sdk",
];

/// Endings of generated code's file names: not product code.
const GENERATED: &[&str] = &[".g.cs", ".g.i.cs", ".Designer.cs", ".generated.cs"];

/// Packages whose reference makes a project a benchmark project (compared without case).
pub const BENCHMARK_PACKAGES: &[&str] = &["benchmarkdotnet"];

/// The packages and projects a `*.csproj`'s text references (`Include="..."`), lower-cased.
fn references(text: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    lower
        .match_indices("include=\"")
        .filter_map(|(at, m)| Some(lower[at + m.len()..].split('"').next()?.trim().to_string()))
        .collect()
}

/// Reads a `*.csproj`'s text: is it a test project?
pub fn is_test_project(text: &str) -> bool {
    text.to_ascii_lowercase().contains("<istestproject>true")
        || references(text)
            .iter()
            .any(|r| TEST_PACKAGES.contains(&r.as_str()))
}

/// Reads a `*.csproj`'s text: is it a benchmark project?
pub fn is_benchmark_project(text: &str) -> bool {
    references(text)
        .iter()
        .any(|r| BENCHMARK_PACKAGES.contains(&r.as_str()))
}

/// The project of `path`: the nearest `*.csproj` above it.
fn project_of<'p>(path: &str, projects: &'p [CsProject]) -> Option<(usize, &'p CsProject)> {
    projects
        .iter()
        .enumerate()
        .filter(|(_, p)| p.dir.is_empty() || path.starts_with(&format!("{}/", p.dir)))
        .max_by_key(|(_, p)| p.dir.len())
}

/// The role of a file: a test when it holds test methods; on the test side (a test project's file, or by
/// the language row's names and folders where no project file says) support; else source.
fn role(path: &str, holds_tests: bool, projects: &[CsProject]) -> Role {
    let place = lang::CSHARP.test_place(path);
    let test_side = match project_of(path, projects) {
        Some((_, p)) => p.test,
        None => place.named || place.in_test_dir,
    };
    if holds_tests {
        Role::Test
    } else if test_side || place.support {
        Role::Support
    } else {
        Role::Source
    }
}

/// `A.B.C`, `A.B`, `A`.
fn with_parents(ns: &str) -> impl Iterator<Item = &str> {
    let mut cur = Some(ns).filter(|n| !n.is_empty());
    std::iter::from_fn(move || {
        let out = cur?;
        cur = out.rsplit_once('.').map(|(p, _)| p);
        Some(out)
    })
}

/// A `using` target without `global::`.
fn target(u: &CsUsing) -> &str {
    u.target.strip_prefix("global::").unwrap_or(&u.target)
}

/// The types of a scan's files by namespace.
struct Index<'a> {
    files: &'a [Parsed<CsFile>],
    /// Namespace -> type name -> the files declaring it.
    types: HashMap<&'a str, NameTable<'a>>,
    /// Namespace -> extension method name -> (file, its type) for each declaration.
    extensions: HashMap<&'a str, NameTable<'a>>,
    /// Every namespace declared, with its parents.
    namespaces: BTreeSet<&'a str>,
}

impl<'a> Index<'a> {
    fn new(files: &'a [Parsed<CsFile>]) -> Self {
        let mut types: HashMap<&str, NameTable> = HashMap::new();
        let mut extensions: HashMap<&str, NameTable> = HashMap::new();
        let mut namespaces = BTreeSet::new();
        for (i, f) in files.iter().enumerate() {
            for e in &f.own.extensions {
                let Some((ty, method)) = e.split_once('.') else {
                    continue;
                };
                let Some(t) = f.own.types.iter().find(|t| t.name == ty) else {
                    continue;
                };
                extensions
                    .entry(t.namespace.as_str())
                    .or_default()
                    .entry(method)
                    .or_default()
                    .push((i, t.name.as_str()));
            }
            for t in &f.own.types {
                types
                    .entry(t.namespace.as_str())
                    .or_default()
                    .entry(t.name.as_str())
                    .or_default()
                    .push((i, t.name.as_str()));
            }
            for ns in &f.own.namespaces {
                namespaces.extend(with_parents(ns));
            }
        }
        for table in types.values_mut() {
            for v in table.values_mut() {
                v.dedup();
            }
        }
        Index {
            files,
            types,
            extensions,
            namespaces,
        }
    }

    /// The namespace or type path `target` of a `using` in a file whose namespaces are `enclosing`: as
    /// written, else relative to one of them (`namespace A; using B;` may name `A.B`).
    fn resolve(&self, target: &str, enclosing: &BTreeSet<&str>) -> String {
        let known = |t: &str| self.namespaces.contains(t) || !self.type_files(t).is_empty();
        if known(target) {
            return target.to_string();
        }
        enclosing
            .iter()
            .rev()
            .filter(|ns| !ns.is_empty())
            .map(|ns| format!("{ns}.{target}"))
            .find(|t| known(t))
            .unwrap_or_else(|| target.to_string())
    }

    /// The files declaring type `path` (`A.B.Cart`), with its name.
    fn type_files(&self, path: &str) -> Vec<(usize, &'a str)> {
        let (ns, name) = path.rsplit_once('.').unwrap_or(("", path));
        let name = name.split('<').next().unwrap_or(name);
        self.types
            .get(ns)
            .and_then(|t| t.get(name))
            .cloned()
            .unwrap_or_default()
    }

    /// What file `i` names of the tree's types (references at the lines they first show), given the
    /// `usings` that apply to it (its own and its project's global ones); what it imports from outside the
    /// tree goes to `u.external`.
    fn credits(
        &self,
        i: usize,
        usings: &[&CsUsing],
        lent: &[(usize, u64)],
        u: &mut Unit,
    ) -> Credits {
        let Parsed { facts, own } = &self.files[i];
        let mut uses = Uses::of(facts);
        for &(g, line) in lent {
            uses.lend(&self.files[g].facts, line);
        }
        let mut credits = Credits::default();
        let mut visible: BTreeSet<&str> = BTreeSet::from([""]);
        for ns in own
            .namespaces
            .iter()
            .chain(own.types.iter().map(|t| &t.namespace))
        {
            visible.extend(with_parents(ns));
        }
        let name = |g: usize, ty: &str, line: u64, credits: &mut Credits| {
            if g != i {
                model::use_symbol(&self.files[g].facts.defs, g, ty, line, &uses, credits);
            }
        };
        let enclosing = visible.clone();
        for &us in usings {
            let resolved = self.resolve(target(us), &enclosing);
            let t = resolved.as_str();
            if let Some(alias) = &us.alias {
                let files = self.type_files(t);
                if !files.is_empty() {
                    for (g, ty) in files {
                        if let Some(line) = uses.line(alias) {
                            name(g, ty, line, &mut credits);
                        }
                    }
                    continue;
                }
            }
            if us.is_static {
                let files = self.type_files(t);
                if files.is_empty() {
                    u.external.insert(t.to_string());
                }
                for (g, ty) in files {
                    // The members it uses by their own names.
                    let prefix = format!("{ty}.");
                    let first = self.files[g]
                        .facts
                        .defs
                        .iter()
                        .filter_map(|d| uses.line(d.name.strip_prefix(&prefix)?))
                        .min();
                    if let Some(line) = first {
                        name(g, ty, line, &mut credits);
                    }
                }
                continue;
            }
            if let Some(ns) = self.namespaces.get(t) {
                visible.insert(ns);
            } else {
                u.external.insert(t.to_string());
            }
        }
        for &ns in &visible {
            // Extension methods are called by their own name: the first call names their type.
            for (ident, line) in uses.names().map(|n| (n, uses.line(n).unwrap_or(0))) {
                let found = self.extensions.get(ns).and_then(|t| t.get(ident));
                for &(g, ty) in found.into_iter().flatten() {
                    name(g, ty, line, &mut credits);
                }
            }
            let Some(table) = self.types.get(ns) else {
                continue;
            };
            for (ident, line) in uses.names().map(|n| (n, uses.line(n).unwrap_or(0))) {
                // A partial type's own files do not use each other through its name.
                let own_type = own
                    .types
                    .iter()
                    .any(|t| t.namespace == ns && t.name == *ident);
                for &(g, ty) in table.get(ident).into_iter().flatten() {
                    if own_type {
                        continue;
                    }
                    name(g, ty, line, &mut credits);
                }
            }
        }
        credits
    }
}

/// The import name of a file: its namespace and first type (`Shop.Cart`), else its namespace, else the
/// file's name without `.cs` (a file of top-level statements).
fn unit_name(path: &str, f: &CsFile) -> String {
    match (f.types.first(), f.namespaces.first()) {
        (Some(t), _) if !t.namespace.is_empty() => format!("{}.{}", t.namespace, t.name),
        (Some(t), _) => t.name.clone(),
        (None, Some(ns)) => ns.clone(),
        (None, None) => {
            let name = path.rsplit('/').next().unwrap_or(path);
            name.strip_suffix(".cs").unwrap_or(name).to_string()
        }
    }
}

/// Why a file is generated code, if it is: its name or its `<auto-generated>` comment.
fn generated(path: &str, f: &CsFile) -> Option<NotProduct> {
    let name = path.rsplit('/').next().unwrap_or(path);
    if let Some(g) = GENERATED.iter().find(|g| name.ends_with(*g)) {
        return Some(NotProduct {
            reason: "generated",
            detail: format!("file name *{g}"),
        });
    }
    f.generated.as_ref().map(|line| NotProduct {
        reason: "generated",
        detail: line.clone(),
    })
}

/// Units for C# files `paths` (sorted) with their parsed `files` and the tree's `projects`; indices are
/// into `paths`.
pub fn analyze(paths: &[String], files: &[Parsed<CsFile>], projects: &[CsProject]) -> Vec<Unit> {
    let ix = Index::new(files);
    // `global using`s per project (None: files outside any project).
    let mut globals: HashMap<Option<usize>, Vec<&CsUsing>> = HashMap::new();
    for (path, f) in paths.iter().zip(files) {
        let project = project_of(path, projects).map(|(k, _)| k);
        for us in f.own.usings.iter().filter(|u| u.global) {
            globals.entry(project).or_default().push(us);
        }
    }
    let roles: Vec<Role> = paths
        .iter()
        .zip(files)
        .map(|(path, f)| role(path, f.facts.test_functions > 0, projects))
        .collect();
    (0..paths.len())
        .map(|i| {
            let path = &paths[i];
            let f = &files[i];
            let role = roles[i];
            let mut u = Unit::new(role, unit_name(path, &f.own));
            if role == Role::Source {
                u.not_product = generated(path, &f.own).or_else(|| {
                    let (_, p) = project_of(path, projects)?;
                    p.benchmark.then(|| NotProduct {
                        reason: "benchmark",
                        detail: "its project references BenchmarkDotNet".into(),
                    })
                });
            }
            let project = project_of(path, projects).map(|(k, _)| k);
            let mut usings: Vec<&CsUsing> = f.own.usings.iter().filter(|u| !u.global).collect();
            usings.extend(globals.get(&project).into_iter().flatten());
            let mut credits = ix.credits(i, &usings, &[], &mut u);
            if role == Role::Test {
                // The support files it names (fakes, builders) lend it their names from that line.
                let mut lent: Vec<(usize, u64)> = Vec::new();
                for c in credits.iter().filter(|c| roles[c.file] == Role::Support) {
                    match lent.iter_mut().find(|(g, _)| *g == c.file) {
                        Some((_, line)) => *line = (*line).min(c.line),
                        None => lent.push((c.file, c.line)),
                    }
                }
                if !lent.is_empty() {
                    credits = ix.credits(i, &usings, &lent, &mut u);
                }
            }
            for c in credits.iter() {
                model::import(&mut u.imports, c.file, c.line);
            }
            u.imports.remove(&i);
            u.all_imports_run();
            if role == Role::Test {
                u.credits = credits;
            }
            u
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csharp::parse::parse;

    fn units(files: &[(&str, &str)], projects: &[CsProject]) -> (Vec<String>, Vec<Unit>) {
        let mut files = files.to_vec();
        files.sort();
        let paths: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
        let parsed: Vec<Parsed<CsFile>> = files.iter().map(|(_, t)| parse(t)).collect();
        let units = analyze(&paths, &parsed, projects);
        (paths, units)
    }

    fn at(paths: &[String], end: &str) -> usize {
        paths.iter().position(|p| p.ends_with(end)).unwrap()
    }

    #[test]
    fn test_projects_come_from_csproj_references() {
        assert!(is_test_project(
            r#"<Project><ItemGroup><PackageReference Include="xunit" Version="2.9.0" /></ItemGroup></Project>"#
        ));
        assert!(is_test_project(
            r#"<PackageReference Include="NUnit" Version="4" />"#
        ));
        assert!(is_test_project(
            r#"<PackageReference Include="MSTest.TestFramework" />"#
        ));
        assert!(is_test_project(
            r#"<PackageReference Include="Microsoft.NET.Test.Sdk" />"#
        ));
        assert!(is_test_project("<IsTestProject>true</IsTestProject>"));
        assert!(!is_test_project(
            r#"<PackageReference Include="xunit.abstractions" /><PackageReference Include="Newtonsoft.Json" />"#
        ));
        assert!(is_benchmark_project(
            r#"<PackageReference Include="BenchmarkDotNet" Version="0.12.1" />"#
        ));
        assert!(!is_benchmark_project(
            r#"<PackageReference Include="xunit" />"#
        ));
    }

    #[test]
    fn roles_by_project_then_by_folder_name() {
        let projects = [
            CsProject {
                dir: "src/Shop".into(),
                test: false,
                benchmark: false,
            },
            CsProject {
                dir: "test/Shop.Specs".into(),
                test: true,
                benchmark: false,
            },
        ];
        assert_eq!(role("src/Shop/Cart.cs", false, &projects), Role::Source);
        assert_eq!(
            role("test/Shop.Specs/Helpers.cs", false, &projects),
            Role::Support
        );
        assert_eq!(
            role("test/Shop.Specs/CartSpecs.cs", true, &projects),
            Role::Test
        );
        assert_eq!(
            role("Shop.UnitTests/Fakes.cs", false, &[]),
            Role::Support,
            "folder name without a project"
        );
        assert_eq!(role("Shop/CartTests.cs", false, &[]), Role::Support);
        assert_eq!(role("Shop/Cart.cs", false, &[]), Role::Source);
        let in_product = [CsProject {
            dir: "Shop.Tests".into(),
            test: false,
            benchmark: false,
        }];
        assert_eq!(
            role("Shop.Tests/Tool.cs", false, &in_product),
            Role::Source,
            "the project file decides"
        );
    }

    const CART: &str =
        "namespace Shop.Core;\n\npublic partial class Cart\n{\n    public void Add(int x) { }\n}\n";
    const CART_TOTALS: &str = "namespace Shop.Core;\n\npublic partial class Cart\n{\n    public int Total() => 0;\n    public int Unused() => 0;\n}\n";
    const TAX: &str = "namespace Shop.Core { public static class Tax { public static decimal Rate() => 0.2m; } }\n";
    const ROUND: &str =
        "namespace Shop.Money { public class Round { public static int Up(int x) => x; } }\n";

    #[test]
    fn uses_credit_types_and_methods_across_partial_files() {
        let test = "using Shop.Core;\nusing Shop.Money;\nusing Xunit;\n\nnamespace Shop.Tests;\n\npublic class CartTests\n{\n    [Fact]\n    public void Adds()\n    {\n        var c = new Cart();\n        c.Add(1);\n        Assert.Equal(0, c.Total());\n    }\n}\n";
        let (paths, u) = units(
            &[
                ("src/Cart.cs", CART),
                ("src/Cart.Totals.cs", CART_TOTALS),
                ("src/Tax.cs", TAX),
                ("src/Round.cs", ROUND),
                ("tests/CartTests.cs", test),
            ],
            &[],
        );
        let t = at(&paths, "CartTests.cs");
        assert_eq!(u[t].role, Role::Test);
        assert_eq!(
            model::refs_with_lines(&paths, &u[t]),
            [
                ("src/Cart.Totals.cs:Cart".to_string(), 12),
                ("src/Cart.Totals.cs:Cart.Total".to_string(), 14),
                ("src/Cart.cs:Cart".to_string(), 12),
                ("src/Cart.cs:Cart.Add".to_string(), 13),
            ],
            "Tax shares the namespace and Round is imported, but neither is used"
        );
        assert!(
            model::imports_of(&paths, &u[t]).is_empty(),
            "a namespace import alone credits nothing"
        );
        assert!(u[t].external.contains("Xunit"));
        assert!(!u[t].external.contains("Shop.Money"));
        assert_eq!(u[at(&paths, "src/Cart.cs")].name, "Shop.Core.Cart");
        assert_eq!(u[at(&paths, "src/Cart.cs")].role, Role::Source);
    }

    #[test]
    fn parent_namespaces_aliases_static_and_global_usings() {
        let test = "using R = Shop.Money.Round;\nusing static Shop.Core.Tax;\n\nnamespace Shop.Core.Tests\n{\n    public class T\n    {\n        [Test]\n        public void A() { R.Up(1); Rate(); var c = new Cart(); }\n    }\n}\n";
        let globals = "global using Shop.Money;\n";
        let other = "namespace Elsewhere;\npublic class UsesRound { [Fact] public void B() { Round.Up(2); } }\n";
        let (paths, u) = units(
            &[
                ("src/Cart.cs", CART),
                ("src/Tax.cs", TAX),
                ("src/Round.cs", ROUND),
                ("tests/T.cs", test),
                ("tests/Usings.cs", globals),
                ("tests/Other.cs", other),
            ],
            &[],
        );
        let refs = model::refs_with_lines(&paths, &u[at(&paths, "tests/T.cs")]);
        for want in [
            ("src/Cart.cs:Cart", 9),
            ("src/Round.cs:Round", 9),
            ("src/Round.cs:Round.Up", 9),
            ("src/Tax.cs:Tax", 9),
            ("src/Tax.cs:Tax.Rate", 9),
        ] {
            assert!(
                refs.contains(&(want.0.to_string(), want.1)),
                "{want:?} in {refs:?}"
            );
        }
        let refs = model::refs_of(&paths, &u[at(&paths, "tests/Other.cs")]);
        assert!(
            refs.contains(&"src/Round.cs:Round".to_string()),
            "global using of the folder: {refs:?}"
        );
    }

    #[test]
    fn extension_methods_by_their_name_and_usings_relative_to_the_namespace() {
        let ext = "namespace Shop.Rules;\npublic static class RuleExtensions\n{\n    public static Rule NotEmpty(this Rule r) => r;\n    public static Rule Length(this Rule r, int n) => r;\n}\n";
        let rule = "namespace Shop.Rules;\npublic class Rule { }\n";
        let test = "namespace Shop;\n\nusing Rules;\n\npublic class RuleTests\n{\n    [Fact]\n    public void Empty() => new Rule()\n        .NotEmpty();\n}\n";
        let (paths, u) = units(
            &[
                ("src/Ext.cs", ext),
                ("src/Rule.cs", rule),
                ("tests/RuleTests.cs", test),
            ],
            &[],
        );
        let refs = model::refs_with_lines(&paths, &u[at(&paths, "RuleTests.cs")]);
        assert_eq!(
            refs,
            [
                ("src/Ext.cs:RuleExtensions".to_string(), 9),
                ("src/Ext.cs:RuleExtensions.NotEmpty".to_string(), 9),
                ("src/Rule.cs:Rule".to_string(), 8),
            ],
            "`using Rules;` inside `namespace Shop` is Shop.Rules; Length is not called"
        );
    }

    #[test]
    fn support_files_a_test_names_lend_it_their_names() {
        let clock =
            "namespace Shop;\npublic abstract class Clock { public abstract long Now(); }\n";
        let fake = "namespace Shop.Tests;\npublic class FakeClock : Clock { public override long Now() => 0; }\n";
        let test = "namespace Shop.Tests;\npublic class T\n{\n    [Fact]\n    public void A()\n    {\n        var c = new FakeClock();\n    }\n}\n";
        let (paths, u) = units(
            &[
                ("src/Clock.cs", clock),
                ("tests/Support/FakeClock.cs", fake),
                ("tests/T.cs", test),
            ],
            &[],
        );
        let refs = model::refs_with_lines(&paths, &u[at(&paths, "tests/T.cs")]);
        assert!(
            refs.contains(&("src/Clock.cs:Clock".to_string(), 7)),
            "through FakeClock, from the line that names it: {refs:?}"
        );
        assert!(refs.contains(&("src/Clock.cs:Clock.Now".to_string(), 7)));
    }

    #[test]
    fn generated_files_are_not_product() {
        let (paths, u) = units(
            &[
                (
                    "src/Form.Designer.cs",
                    "namespace A { partial class Form { } }\n",
                ),
                ("src/Api.g.cs", "namespace A { class Api { } }\n"),
                (
                    "src/Made.cs",
                    "// <auto-generated/>\nnamespace A { class Made { } }\n",
                ),
                ("src/Real.cs", "namespace A { class Real { } }\n"),
            ],
            &[],
        );
        let reason = |p: &str| {
            u[at(&paths, p)]
                .not_product
                .as_ref()
                .map(|n| (n.reason, n.detail.clone()))
        };
        assert_eq!(
            reason("Form.Designer.cs"),
            Some(("generated", "file name *.Designer.cs".into()))
        );
        assert_eq!(
            reason("Api.g.cs"),
            Some(("generated", "file name *.g.cs".into()))
        );
        assert_eq!(
            reason("Made.cs"),
            Some(("generated", "// <auto-generated/>".into()))
        );
        assert_eq!(reason("Real.cs"), None);
    }
}
