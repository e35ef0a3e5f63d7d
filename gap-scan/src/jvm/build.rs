//! Maven and Gradle modules (a folder with a `pom.xml`, `build.gradle` or `build.gradle.kts`) and what their
//! dependencies say about their main code: a module whose main code depends on a benchmark framework is
//! benchmark code, one whose main code depends on test frameworks only is test support (docs/schema.md,
//! "Excluded").

/// Parts of a dependency's coordinates (`group:artifact`, or a version-catalog alias such as `libs.jmh.core`,
/// lowercased) that name a benchmark framework.
pub const BENCHMARK_FRAMEWORKS: &[&str] = &[
    "jmh",
    "caliper",
    "kotlinx-benchmark",
    "kotlinx.benchmark",
    "androidx.benchmark",
];

/// Parts of a dependency's coordinates that name a test framework or assertion library.
pub const TEST_FRAMEWORKS: &[&str] = &[
    "junit",
    "testng",
    "truth",
    "assertj",
    "assertk",
    "hamcrest",
    "mockito",
    "mockk",
    "kotest",
    "kotlin-test",
    "kotlin.test",
    "spek",
    "robolectric",
    "espresso",
    "androidx.test",
];

/// How many modules must depend on a module, all in their tests only, for it to be test support.
pub const TEST_SUPPORT_MIN_DEPENDENTS: usize = 2;

/// Gradle configurations that are not dependencies of code (the build's own classpath).
const NOT_CODE_CONFIGURATIONS: &[&str] = &["classpath"];

/// One dependency as a build file declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// `group:artifact` (Maven, Gradle strings), a catalog alias (`libs.junit`), or `project:NAME` for a
    /// module of the same build.
    pub coordinates: String,
    /// Only the tests of the module use it (Maven's `test` scope, Gradle's `test*` configurations or a
    /// dependency block of a test source set).
    pub test_scope: bool,
}

/// One module of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    /// Its folder, relative to the root (`""` at the root), without a trailing `/`.
    pub dir: String,
    /// The build file it was read from.
    pub build_file: String,
    /// Its Maven `artifactId` (empty for Gradle).
    pub artifact: String,
    /// Its dependencies.
    pub dependencies: Vec<Dependency>,
    /// It builds Gradle plugins (applies `kotlin-dsl` or `java-gradle-plugin`).
    pub gradle_plugin: bool,
}

/// Gradle plugins that build Gradle plugins.
const PLUGIN_BUILDERS: &[&str] = &[
    "`kotlin-dsl`",
    "\"kotlin-dsl\"",
    "'kotlin-dsl'",
    "java-gradle-plugin",
];

/// The folders a Gradle settings file at `path` (text `text`) includes as builds of their own
/// (`includeBuild("build-logic")`), relative to the root.
pub fn included_builds(path: &str, text: &str) -> Vec<String> {
    let dir = crate::model::parent(path);
    text.match_indices("includeBuild")
        .filter_map(|(at, _)| {
            let rest = text[at + "includeBuild".len()..].trim_start_matches(['(', ' ']);
            let name = rest.strip_prefix(['"', '\''])?.split(['"', '\'']).next()?;
            let name = name.trim_start_matches("./").trim_end_matches('/');
            (!name.is_empty() && !name.starts_with("..") && !name.starts_with('/'))
                .then(|| crate::model::join(dir, name))
        })
        .collect()
}

impl Module {
    /// The name other modules of the build depend on it by: its Maven `artifactId`, else its folder's name.
    pub fn name(&self) -> &str {
        if self.artifact.is_empty() {
            self.dir.rsplit('/').next().unwrap_or(&self.dir)
        } else {
            &self.artifact
        }
    }
}

impl Dependency {
    /// The module name it would name if it were a module of the build: `okhttp-tls` of `project::okhttp-tls`,
    /// `okhttpTls` of `projects.okhttpTls`, the artifact of `group:artifact`.
    pub fn sibling_name(&self) -> &str {
        let c = self.coordinates.as_str();
        c.strip_prefix("project:")
            .map(|p| p.rsplit([':', '.']).next().unwrap_or(p))
            .unwrap_or_else(|| c.rsplit(':').next().unwrap_or(c))
    }
}

/// A module name compared without case or separators (`okhttp-tls` is `okhttpTls`).
fn normalized(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Why a module's main code is not product code: the `excluded` reason and the signal in words. `included`
/// are the folders the settings files include as builds of their own.
pub fn verdict(
    m: &Module,
    modules: &[Module],
    included: &[String],
) -> Option<(&'static str, String)> {
    let build_logic =
        m.dir == "buildSrc" || m.dir.ends_with("/buildSrc") || included.contains(&m.dir);
    if build_logic && m.gradle_plugin {
        return Some((
            "tool",
            format!(
                "module {} builds Gradle plugins for this build",
                m.build_file
            ),
        ));
    }
    let sibling = |d: &Dependency| {
        d.coordinates.starts_with("project:")
            || modules.iter().any(|o| {
                !o.artifact.is_empty()
                    && d.coordinates.rsplit(':').next() == Some(o.artifact.as_str())
            })
    };
    let main: Vec<&str> = m
        .dependencies
        .iter()
        .filter(|d| !d.test_scope && !sibling(d))
        .map(|d| d.coordinates.as_str())
        .collect();
    let is = |table: &[&str], c: &str| {
        let c = c.to_ascii_lowercase();
        table.iter().any(|w| c.contains(w))
    };
    if let Some(b) = main.iter().find(|c| is(BENCHMARK_FRAMEWORKS, c)) {
        return Some((
            "benchmark",
            format!(
                "module {} depends on {b} (a benchmark framework)",
                m.build_file
            ),
        ));
    }
    let dependents = dependents(m, modules);
    // At least two: a product module that one integration-test module alone depends on stays product.
    if dependents.len() >= TEST_SUPPORT_MIN_DEPENDENTS
        && dependents.iter().all(|(_, tests_only)| *tests_only)
    {
        return Some((
            "test_support",
            format!(
                "module {} is a dependency of the tests of other modules only ({})",
                m.build_file,
                build_files(dependents.iter().map(|(o, _)| *o))
            ),
        ));
    }
    if !main.is_empty() && main.iter().all(|c| is(TEST_FRAMEWORKS, c)) {
        return Some((
            "test_support",
            format!(
                "module {} depends only on test frameworks ({})",
                m.build_file,
                main.join(", ")
            ),
        ));
    }
    None
}

/// The other modules that depend on `m`, each with whether only their tests do.
fn dependents<'a>(m: &Module, modules: &'a [Module]) -> Vec<(&'a Module, bool)> {
    let me = normalized(m.name());
    modules
        .iter()
        .filter(|o| o.dir != m.dir)
        .filter_map(|o| {
            let uses: Vec<bool> = o
                .dependencies
                .iter()
                .filter(|d| !me.is_empty() && normalized(d.sibling_name()) == me)
                .map(|d| d.test_scope)
                .collect();
            (!uses.is_empty()).then(|| (o, uses.iter().all(|&t| t)))
        })
        .collect()
}

/// The build files of `modules`, comma-separated.
fn build_files<'a>(modules: impl Iterator<Item = &'a Module>) -> String {
    modules
        .map(|o| o.build_file.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A module that is test support unless one of the modules using it in their main code is product code: at
/// least [`TEST_SUPPORT_MIN_DEPENDENTS`] modules use it in their tests only, the others in their main code.
/// Whether those others are examples is known only once their files are read (see `jvm::analyze`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SupportUnlessUsed {
    /// The module's folder.
    pub dir: String,
    /// Its build file.
    pub build_file: String,
    /// Build files of the modules that use it in their tests only.
    pub by_tests: String,
    /// Folders of the modules that use it in their main code.
    pub by_main: Vec<String>,
}

/// See [`SupportUnlessUsed`]; `None` for a module [`verdict`] decides alone.
pub fn support_unless_used(m: &Module, modules: &[Module]) -> Option<SupportUnlessUsed> {
    let dependents = dependents(m, modules);
    let (tests, main): (Vec<_>, Vec<_>) = dependents.iter().partition(|(_, t)| *t);
    (tests.len() >= TEST_SUPPORT_MIN_DEPENDENTS && !main.is_empty()).then(|| SupportUnlessUsed {
        dir: m.dir.clone(),
        build_file: m.build_file.clone(),
        by_tests: build_files(tests.iter().map(|(o, _)| *o)),
        by_main: main.iter().map(|(o, _)| o.dir.clone()).collect(),
    })
}

/// The module read from build file `path` (its text `text`).
pub fn read(path: &str, text: &str) -> Module {
    let dir = crate::model::parent(path).to_string();
    let (artifact, dependencies) = if path.ends_with("pom.xml") {
        maven(text)
    } else {
        (String::new(), gradle(text))
    };
    Module {
        dir,
        build_file: path.to_string(),
        artifact,
        dependencies,
        gradle_plugin: !path.ends_with("pom.xml")
            && PLUGIN_BUILDERS.iter().any(|p| text.contains(p)),
    }
}

/// The text with XML comments removed.
fn without_xml_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("<!--") {
        out.push_str(&rest[..at]);
        rest = rest[at..].find("-->").map_or("", |e| &rest[at + e + 3..]);
    }
    out.push_str(rest);
    out
}

/// A `pom.xml`: the project's `artifactId` and the dependencies of `<project><dependencies>` (and of its
/// profiles), not those of `<dependencyManagement>` or of plugins.
fn maven(text: &str) -> (String, Vec<Dependency>) {
    let text = without_xml_comments(text);
    let mut stack: Vec<&str> = Vec::new();
    let mut artifact = String::new();
    let mut deps = Vec::new();
    let mut current: Option<(String, String, String)> = None;
    let mut rest = text.as_str();
    while let Some(open) = rest.find('<') {
        let body_before = &rest[..open];
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        if tag.starts_with('?') || tag.starts_with('!') || tag.ends_with('/') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim();
            let value = body_before.trim();
            let parent = stack.len().checked_sub(2).map(|p| stack[p]);
            match (name, parent) {
                ("artifactId", Some("project")) => artifact = value.to_string(),
                ("groupId", Some("dependency")) => {
                    if let Some(c) = current.as_mut() {
                        c.0 = value.to_string();
                    }
                }
                ("artifactId", Some("dependency")) => {
                    if let Some(c) = current.as_mut() {
                        c.1 = value.to_string();
                    }
                }
                ("scope", Some("dependency")) => {
                    if let Some(c) = current.as_mut() {
                        c.2 = value.to_string();
                    }
                }
                ("dependency", _) => {
                    if let Some((g, a, scope)) = current.take() {
                        deps.push(Dependency {
                            coordinates: format!("{g}:{a}"),
                            test_scope: scope == "test",
                        });
                    }
                }
                _ => {}
            }
            if let Some(p) = stack.iter().rposition(|s| *s == name) {
                stack.truncate(p);
            }
            continue;
        }
        let name = tag.split_whitespace().next().unwrap_or("");
        // Only the project's own dependency list (and its profiles'), not management or plugin ones.
        if name == "dependency"
            && stack.len() >= 2
            && stack[stack.len() - 1] == "dependencies"
            && matches!(stack[stack.len() - 2], "project" | "profile")
        {
            current = Some(Default::default());
        }
        stack.push(name);
    }
    (artifact, deps)
}

/// A Gradle build file (Groovy or Kotlin DSL): the dependencies of its `dependencies { }` blocks, in test
/// scope when their configuration or an enclosing block names a test source set (`testImplementation`,
/// `commonTest { dependencies { ... } }`).
fn gradle(text: &str) -> Vec<Dependency> {
    let mut deps = Vec::new();
    // The label of each open block: the words before its `{` on its line.
    let mut blocks: Vec<String> = Vec::new();
    let mut in_comment = false;
    for raw in text.lines() {
        let mut line = raw.to_string();
        if in_comment {
            match line.find("*/") {
                Some(e) => {
                    line = line[e + 2..].to_string();
                    in_comment = false;
                }
                None => continue,
            }
        }
        if let Some(s) = line.find("/*") {
            in_comment = !line[s..].contains("*/");
            line.truncate(s);
        }
        if let Some(s) = line.find("//") {
            line.truncate(s);
        }
        // Segments between braces: a dependency in the innermost block, then the block it opens or closes.
        let mut segment_start = 0;
        for (k, ch) in line.char_indices().chain([(line.len(), '\n')]) {
            if !matches!(ch, '{' | '}' | '\n') {
                continue;
            }
            let segment = &line[segment_start..k];
            segment_start = k + 1;
            if blocks.last().is_some_and(|b| b == "dependencies") {
                deps.extend(gradle_dependency(segment.trim(), &blocks));
            }
            match ch {
                '{' => blocks.push(block_label(segment).to_string()),
                '}' => {
                    blocks.pop();
                }
                _ => {}
            }
        }
    }
    deps
}

/// The name of a Gradle block from the text before its `{`: `dependencies`, `commonTest`, `jvmTest` (of
/// `val jvmTest by getting`, `named("jvmTest")`, `getByName("jvmTest")`).
fn block_label(before: &str) -> &str {
    let word = before
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .rfind(|w| !w.is_empty() && !matches!(*w, "by" | "getting" | "creating"))
        .unwrap_or("");
    match before.split(['"', '\'']).nth(1) {
        Some(quoted) if matches!(word, "named" | "getByName" | "create") => quoted,
        _ => word,
    }
}

/// One dependency line of a Gradle `dependencies` block inside blocks `blocks`.
fn gradle_dependency(line: &str, blocks: &[String]) -> Option<Dependency> {
    let conf_end = line.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    let conf = &line[..conf_end];
    if conf.is_empty() || NOT_CODE_CONFIGURATIONS.contains(&conf) {
        return None;
    }
    let args = line[conf_end..].trim_start_matches(['(', ' ']);
    let coordinates = if let Some(p) = args.strip_prefix("project(") {
        format!("project:{}", p.split(['"', '\'']).nth(1)?)
    } else if let Some(p) = args.strip_prefix("projects.") {
        format!("project:{}", p.split([')', ' ']).next()?)
    } else if let Some(p) = args.strip_prefix("kotlin(") {
        format!("kotlin-{}", p.split(['"', '\'']).nth(1)?)
    } else if args.starts_with("libs.") {
        args.split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '_' || c == '-'))
            .next()?
            .to_string()
    } else if args.starts_with(['"', '\'']) {
        let s = args[1..].split(['"', '\'']).next()?;
        let mut parts = s.split(':');
        let (g, a) = (parts.next()?, parts.next()?);
        format!("{g}:{a}")
    } else {
        return None;
    };
    let testy = |s: &str| s.to_ascii_lowercase().contains("test");
    Some(Dependency {
        coordinates,
        test_scope: testy(conf) || blocks.iter().any(|b| testy(b)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maven_dependencies_by_scope_not_management_or_plugins() {
        let pom = r#"<project>
  <parent><artifactId>parent</artifactId></parent>
  <artifactId>shop-metrics</artifactId>
  <dependencyManagement><dependencies><dependency>
    <groupId>x</groupId><artifactId>managed</artifactId></dependency></dependencies></dependencyManagement>
  <dependencies>
    <!-- <dependency><groupId>c</groupId><artifactId>commented</artifactId></dependency> -->
    <dependency><groupId>com.shop</groupId><artifactId>shop</artifactId></dependency>
    <dependency>
      <groupId>com.google.caliper</groupId>
      <artifactId>caliper</artifactId>
    </dependency>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><scope>test</scope></dependency>
  </dependencies>
  <build><plugins><plugin><dependencies><dependency><groupId>p</groupId><artifactId>in-plugin</artifactId>
  </dependency></dependencies></plugin></plugins></build>
</project>"#;
        let m = read("metrics/pom.xml", pom);
        assert_eq!(m.artifact, "shop-metrics");
        assert_eq!(m.dir, "metrics");
        let deps: Vec<(&str, bool)> = m
            .dependencies
            .iter()
            .map(|d| (d.coordinates.as_str(), d.test_scope))
            .collect();
        assert_eq!(
            deps,
            [
                ("com.shop:shop", false),
                ("com.google.caliper:caliper", false),
                ("junit:junit", true)
            ]
        );
        let shop = read(
            "pom.xml",
            "<project><artifactId>shop</artifactId></project>",
        );
        let verdict = verdict(&m, &[shop, m.clone()], &[]).unwrap();
        assert_eq!(verdict.0, "benchmark");
        assert!(
            verdict.1.contains("com.google.caliper:caliper"),
            "{}",
            verdict.1
        );
    }

    #[test]
    fn gradle_dependencies_by_configuration_and_source_set() {
        let build = r#"
plugins { id("org.jetbrains.kotlin.multiplatform") }
buildscript { dependencies { classpath("com.android.tools:gradle:8.0") } }
dependencies {
  implementation(project(":core"))
  api(libs.okio)
  testImplementation("junit:junit:4.13") // a comment
  /* implementation("x:hidden:1") */
}
kotlin {
  sourceSets {
    commonTest {
      dependencies { implementation(kotlin("test")) }
    }
    val jvmMain by getting {
      dependencies { implementation 'org.openjdk.jmh:jmh-core:1.37' }
    }
  }
}
"#;
        let m = read("bench/build.gradle.kts", build);
        let deps: Vec<(&str, bool)> = m
            .dependencies
            .iter()
            .map(|d| (d.coordinates.as_str(), d.test_scope))
            .collect();
        assert_eq!(
            deps,
            [
                ("project::core", false),
                ("libs.okio", false),
                ("junit:junit", true),
                ("kotlin-test", true),
                ("org.openjdk.jmh:jmh-core", false)
            ]
        );
        assert_eq!(verdict(&m, &[], &[]).unwrap().0, "benchmark");
    }

    #[test]
    fn test_support_needs_only_test_frameworks_in_main_code() {
        let only_tests = read(
            "harness/build.gradle",
            "dependencies {\n  implementation project(':core')\n  implementation libs.junit\n  implementation 'com.google.truth:truth:1.4'\n}\n",
        );
        let (reason, detail) = verdict(&only_tests, &[], &[]).unwrap();
        assert_eq!(reason, "test_support");
        assert!(
            detail.contains("libs.junit, com.google.truth:truth"),
            "{detail}"
        );
        let library = read(
            "lib/build.gradle",
            "dependencies {\n  implementation libs.junit\n  implementation 'com.squareup.okio:okio:3'\n}\n",
        );
        assert_eq!(verdict(&library, &[], &[]), None);
        let no_deps = read(
            "lib/build.gradle",
            "dependencies {\n  testImplementation libs.junit\n}\n",
        );
        assert_eq!(verdict(&no_deps, &[], &[]), None, "tests alone say nothing");
    }

    #[test]
    fn included_builds_of_gradle_plugins_are_build_logic() {
        let settings = "pluginManagement { includeBuild(\"build-logic\") }\nincludeBuild('../elsewhere')\ninclude(\":lib\")\n";
        let included = included_builds("settings.gradle.kts", settings);
        assert_eq!(included, ["build-logic"]);
        let logic = read(
            "build-logic/build.gradle.kts",
            "plugins {\n  `kotlin-dsl`\n}\n",
        );
        let (reason, detail) = verdict(&logic, &[], &included).unwrap();
        assert_eq!(reason, "tool");
        assert_eq!(
            detail,
            "module build-logic/build.gradle.kts builds Gradle plugins for this build"
        );
        let published = read(
            "plugin/build.gradle.kts",
            "plugins {\n  `java-gradle-plugin`\n}\n",
        );
        assert_eq!(
            verdict(&published, &[], &included),
            None,
            "a plugin the project ships"
        );
    }

    #[test]
    fn odd_build_files_never_panic() {
        for text in [
            "",
            "<",
            "<!--",
            "<project><dependencies><dependency><artifactId>",
            "</project></x>",
            "dependencies {",
            "dependencies { implementation(",
            "dependencies { implementation \"",
            "dependencies { implementation 'a' }",
            "dependencies { implementation(project( }",
            "}}}{{{ dependencies { é(\"ü:ö\") } /* ",
            "includeBuild(",
            "includeBuild(\"",
        ] {
            for path in ["pom.xml", "m/build.gradle.kts", "settings.gradle"] {
                let m = read(path, text);
                let _ = verdict(&m, std::slice::from_ref(&m), &included_builds(path, text));
            }
        }
    }

    #[test]
    fn a_module_only_tests_depend_on_is_test_support() {
        let support = read(
            "testing-support/build.gradle.kts",
            "dependencies {\n  api(libs.bouncycastle)\n}\n",
        );
        let core = read(
            "core/build.gradle.kts",
            "dependencies {\n  testImplementation(projects.testingSupport)\n}\n",
        );
        let tls = read("tls/build.gradle.kts", "dependencies {\n  api(project(\":core\"))\n  testImplementation(project(\":testing-support\"))\n}\n");
        let all = [support.clone(), core.clone(), tls.clone()];
        let (reason, detail) = verdict(&support, &all, &[]).unwrap();
        assert_eq!(reason, "test_support");
        assert_eq!(
            detail,
            "module testing-support/build.gradle.kts is a dependency of the tests of other modules only (core/build.gradle.kts, tls/build.gradle.kts)"
        );
        assert_eq!(
            verdict(&core, &all, &[]),
            None,
            "tls uses core in its main code"
        );
        assert_eq!(verdict(&tls, &all, &[]), None, "nothing depends on tls");
        let one = [support.clone(), core.clone()];
        assert_eq!(
            verdict(&support, &one, &[]),
            None,
            "one dependent is not enough"
        );
    }
}
