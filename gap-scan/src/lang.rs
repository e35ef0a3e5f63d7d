//! Language knowledge as data: one row per language (extensions, test and support rules, test markers, folders
//! and files to skip, project marker files), and the folders every walk skips whatever the language.
//!
//! Adding a language means a row here plus a reader (docs/languages.md, "Adding a language").

/// A folder rule: folders it matches are skipped, with the reason recorded in the document's `excluded` list.
#[derive(Debug)]
pub struct SkipDir {
    /// Folder name, or a glob of it (`*.egg-info`, `*`).
    pub name: &'static str,
    /// Only when the folder's parent holds one of these files (`target/` beside a `Cargo.toml`); empty: always.
    pub beside: &'static [&'static str],
    /// Only when the folder holds this file (`pyvenv.cfg`: a virtualenv, whatever its name).
    pub holds: Option<&'static str>,
    /// Not when the folder holds this file (a `venv` folder with an `__init__.py` is a package).
    pub unless_holds: Option<&'static str>,
    /// The `excluded` reason code (docs/schema.md, "Excluded").
    pub reason: &'static str,
}

/// A folder rule that needs no context.
const fn dir(name: &'static str, reason: &'static str) -> SkipDir {
    SkipDir {
        name,
        beside: &[],
        holds: None,
        unless_holds: None,
        reason,
    }
}

/// A file rule: files of the language whose names match are neither source nor tests.
#[derive(Debug)]
pub struct SkipFile {
    /// File-name glob.
    pub name: &'static str,
    /// The `excluded` reason code.
    pub reason: &'static str,
}

/// A folder named like a virtualenv that is not a Python package (holds no `__init__.py`).
const fn virtualenv(name: &'static str) -> SkipDir {
    SkipDir {
        name,
        beside: &[],
        holds: None,
        unless_holds: Some("__init__.py"),
        reason: "dependencies",
    }
}

/// A file rule.
const fn file(name: &'static str, reason: &'static str) -> SkipFile {
    SkipFile { name, reason }
}

/// What gap knows about one language's files and test conventions.
#[derive(Debug)]
pub struct Language {
    /// Stable id used in the document (`python`).
    pub id: &'static str,
    /// File extensions without the dot.
    pub extensions: &'static [&'static str],
    /// File-name globs of test files (the file must also hold a test to be one).
    pub test_files: &'static [&'static str],
    /// File-name globs of test support files, wherever they sit.
    pub support_files: &'static [&'static str],
    /// Folder names whose files are all on the test side (tests or support).
    pub test_dirs: &'static [&'static str],
    /// Folders whose files of this language are neither source nor tests (files of other languages there are
    /// read).
    pub skip_dirs: &'static [SkipDir],
    /// Files of this language that are neither source nor tests (build scripts, declarations, configs).
    pub skip_files: &'static [SkipFile],
    /// What marks a test: name prefixes of test functions and classes, test calls, or attributes.
    pub test_markers: &'static [&'static str],
    /// Project files the reader reads, by name or glob (`go.mod`, `Cargo.toml`, `*.csproj`).
    pub markers: &'static [&'static str],
    /// How a line comment starts (`#`, `//`): where `gap: accept` markers are looked for (crate::accept).
    pub line_comments: &'static [&'static str],
    /// Importing a module runs code of it (Python's and JavaScript's module top level, Go's `init`): a test
    /// that imports it and uses nothing is `import_only` even where code the tests run reaches it. Where an
    /// import runs nothing (Rust's `use`), that reach wins: the module is `indirect`.
    pub import_runs_code: bool,
}

/// Folder names that name a test suite, mapped to the suite (`unit`, `integration`, `e2e`), for every language.
pub const SUITES: &[(&str, &str)] = &[
    ("e2e", "e2e"),
    ("end_to_end", "e2e"),
    ("functional", "e2e"),
    ("integration", "integration"),
    ("integration_tests", "integration"),
    ("unit", "unit"),
    ("unit_tests", "unit"),
];

/// Folders no walk enters, whatever the language: version control, installed dependencies, virtualenvs,
/// caches and build output identified by the project file beside them.
pub const GLOBAL_SKIP_DIRS: &[SkipDir] = &[
    dir(".git", "vcs"),
    dir(".hg", "vcs"),
    dir(".svn", "vcs"),
    dir("node_modules", "dependencies"),
    dir("bower_components", "dependencies"),
    dir("site-packages", "dependencies"),
    dir("__pypackages__", "dependencies"),
    dir(".venv", "dependencies"),
    dir(".tox", "dependencies"),
    dir(".nox", "dependencies"),
    SkipDir {
        name: "*",
        beside: &[],
        holds: Some("pyvenv.cfg"),
        unless_holds: None,
        reason: "dependencies",
    },
    dir("__pycache__", "cache"),
    dir(".pytest_cache", "cache"),
    dir(".mypy_cache", "cache"),
    dir(".ruff_cache", "cache"),
    dir(".gradle", "cache"),
    dir("*.egg-info", "build_output"),
    SkipDir {
        name: "target",
        beside: &["Cargo.toml", "pom.xml"],
        holds: None,
        unless_holds: None,
        reason: "build_output",
    },
    SkipDir {
        name: "build",
        beside: &[
            "build.gradle",
            "build.gradle.kts",
            "settings.gradle",
            "settings.gradle.kts",
            "setup.py",
        ],
        holds: None,
        unless_holds: None,
        reason: "build_output",
    },
];

/// Test markers of Java and Kotlin: JUnit's test annotations.
const JUNIT: &[&str] = &[
    "@Test",
    "@ParameterizedTest",
    "@RepeatedTest",
    "@TestFactory",
];

/// Maven's and Gradle's build files: a folder holding one is a module.
const JVM_BUILD_FILES: &[&str] = &[
    "build.gradle",
    "build.gradle.kts",
    "pom.xml",
    "settings.gradle",
    "settings.gradle.kts",
];

/// Java's and Kotlin's own folders to skip.
const JVM_SKIP_DIRS: &[SkipDir] = &[dir("out", "build_output"), dir("jmh", "benchmark")];

/// C#.
pub static CSHARP: Language = Language {
    id: "csharp",
    extensions: &["cs"],
    test_files: &["*Tests.cs", "*Test.cs"],
    support_files: &[],
    test_dirs: &[
        "test",
        "tests",
        "*.Tests",
        "*.Test",
        "*.UnitTests",
        "*.IntegrationTests",
        "*.Specs",
    ],
    skip_dirs: &[dir("bin", "build_output"), dir("obj", "build_output")],
    skip_files: &[],
    test_markers: &[
        "Fact",
        "Theory",
        "Test",
        "TestCase",
        "TestCaseSource",
        "TestMethod",
        "DataTestMethod",
    ],
    markers: &["*.csproj"],
    line_comments: &["//"],
    import_runs_code: true,
};

/// Go.
pub static GO: Language = Language {
    id: "go",
    extensions: &["go"],
    test_files: &["*_test.go"],
    support_files: &[],
    test_dirs: &[],
    skip_dirs: &[dir("vendor", "dependencies"), dir("testdata", "test_data")],
    skip_files: &[],
    test_markers: &["Test", "Benchmark", "Example", "Fuzz"],
    markers: &["go.mod"],
    line_comments: &["//"],
    import_runs_code: true,
};

/// Java.
pub static JAVA: Language = Language {
    id: "java",
    extensions: &["java"],
    test_files: &[
        "*Test.java",
        "*Tests.java",
        "*IT.java",
        "*Spec.java",
        "Test*.java",
    ],
    support_files: &[],
    test_dirs: &["androidTest", "test", "testFixtures", "tests"],
    skip_dirs: JVM_SKIP_DIRS,
    skip_files: &[
        file("package-info.java", "declaration"),
        file("module-info.java", "declaration"),
    ],
    test_markers: JUNIT,
    markers: JVM_BUILD_FILES,
    line_comments: &["//"],
    import_runs_code: true,
};

/// JavaScript and TypeScript.
pub static JAVASCRIPT: Language = Language {
    id: "javascript",
    extensions: &["js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts"],
    test_files: &["*.test.*", "*.spec.*"],
    support_files: &["*.setup.*", "setupTests.*"],
    test_dirs: &["__tests__", "__mocks__", "test", "tests"],
    skip_dirs: &[
        dir("coverage", "build_output"),
        dir("dist", "build_output"),
        dir("build", "build_output"),
        dir("docs", "example"),
        dir("doc", "example"),
    ],
    skip_files: &[
        file("*.d.ts", "declaration"),
        file("*.d.mts", "declaration"),
        file("*.d.cts", "declaration"),
        file("*.min.js", "generated"),
        file("*.config.*", "tool"),
        file(".eslintrc.*", "tool"),
    ],
    test_markers: &["it", "test"],
    markers: &["jsconfig.json", "package.json", "tsconfig.json"],
    line_comments: &["//"],
    import_runs_code: true,
};

/// Kotlin.
pub static KOTLIN: Language = Language {
    id: "kotlin",
    extensions: &["kt"],
    test_files: &["*Test.kt", "*Tests.kt", "*IT.kt", "*Spec.kt", "Test*.kt"],
    support_files: &[],
    test_dirs: &["androidTest", "test", "testFixtures", "tests"],
    skip_dirs: JVM_SKIP_DIRS,
    skip_files: &[],
    test_markers: JUNIT,
    markers: JVM_BUILD_FILES,
    line_comments: &["//"],
    import_runs_code: true,
};

/// Python.
pub static PYTHON: Language = Language {
    id: "python",
    extensions: &["py"],
    test_files: &["test_*.py", "*_test.py", "tests.py"],
    support_files: &["conftest.py"],
    // A folder named like a test file is one too (`idlelib/idle_test`, `unit_tests`).
    test_dirs: &["test", "tests", "testing", "*_test", "*_tests"],
    skip_dirs: &[
        dir("htmlcov", "build_output"),
        dir("docs", "example"),
        dir("doc", "example"),
        virtualenv("venv"),
        virtualenv("env"),
    ],
    skip_files: &[
        file("setup.py", "tool"),
        file("noxfile.py", "tool"),
        file("fabfile.py", "tool"),
    ],
    test_markers: &["test", "Test"],
    markers: &["pyproject.toml", "setup.cfg", "setup.py"],
    line_comments: &["#"],
    import_runs_code: true,
};

/// Rust.
pub static RUST: Language = Language {
    id: "rust",
    extensions: &["rs"],
    test_files: &[],
    support_files: &[],
    test_dirs: &["tests"],
    skip_dirs: &[
        dir("benches", "benchmark"),
        dir("examples", "example"),
        dir("fuzz", "tool"),
    ],
    skip_files: &[file("build.rs", "tool")],
    test_markers: &["#[test]", "#[cfg(test)]"],
    markers: &["Cargo.toml"],
    line_comments: &["//"],
    import_runs_code: false,
};

/// Every language gap reads, sorted by id.
pub static LANGUAGES: &[&Language] = &[&CSHARP, &GO, &JAVA, &JAVASCRIPT, &KOTLIN, &PYTHON, &RUST];

/// The language with id `id`.
pub fn by_id(id: &str) -> Option<&'static Language> {
    LANGUAGES.iter().copied().find(|l| l.id == id)
}

/// The language of a file, by extension.
pub fn by_path(path: &str) -> Option<&'static Language> {
    let ext = path.rsplit_once('.')?.1;
    LANGUAGES
        .iter()
        .copied()
        .find(|l| l.extensions.contains(&ext))
}

/// True when a file named `name` is a project marker file of some language.
pub fn is_marker(name: &str) -> bool {
    LANGUAGES.iter().any(|l| matches_any(l.markers, name))
}

/// True when `name` matches one of the globs (globs of this table; others never match).
pub fn matches_any(globs: &[&str], name: &str) -> bool {
    globs.iter().any(|g| matches(g, name))
}

/// True when `name` matches `glob`, a glob of this table.
pub fn matches(glob: &str, name: &str) -> bool {
    if !glob.contains(['*', '?', '[']) {
        return glob == name;
    }
    compiled().get(glob).is_some_and(|p| p.matches(name))
}

/// Every glob of the table, compiled once.
fn compiled() -> &'static std::collections::HashMap<&'static str, glob::Pattern> {
    static PATTERNS: std::sync::OnceLock<std::collections::HashMap<&'static str, glob::Pattern>> =
        std::sync::OnceLock::new();
    PATTERNS.get_or_init(|| {
        let dirs = GLOBAL_SKIP_DIRS
            .iter()
            .chain(LANGUAGES.iter().flat_map(|l| l.skip_dirs))
            .map(|d| d.name);
        LANGUAGES
            .iter()
            .flat_map(|l| {
                l.test_files
                    .iter()
                    .chain(l.support_files)
                    .chain(l.markers)
                    .chain(l.test_dirs)
                    .copied()
                    .chain(l.skip_files.iter().map(|f| f.name))
            })
            .chain(dirs)
            .filter_map(|g| glob::Pattern::new(g).ok().map(|p| (g, p)))
            .collect()
    })
}

/// Where a file stands by its language's test rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TestPlace {
    /// Its name matches a support-file glob.
    pub support: bool,
    /// Its name matches a test-file glob.
    pub named: bool,
    /// It sits under a test folder.
    pub in_test_dir: bool,
}

impl Language {
    /// Where `path` stands by this language's test-file, support-file and test-folder rules.
    pub fn test_place(&self, path: &str) -> TestPlace {
        let name = path.rsplit('/').next().unwrap_or(path);
        TestPlace {
            support: matches_any(self.support_files, name),
            named: matches_any(self.test_files, name),
            in_test_dir: path
                .split('/')
                .rev()
                .skip(1)
                .any(|d| matches_any(self.test_dirs, d)),
        }
    }

    /// The test suite a test path belongs to, from its folders: `unit`, `integration`, `e2e` or `other`.
    pub fn suite(&self, path: &str) -> &'static str {
        path.split('/')
            .rev()
            .skip(1)
            .find_map(|d| SUITES.iter().find(|(name, _)| *name == d).map(|(_, s)| *s))
            .unwrap_or("other")
    }

    /// The rule that makes file `name` of this language neither source nor test, if any.
    pub fn skip_file(&self, name: &str) -> Option<&'static SkipFile> {
        self.skip_files.iter().find(|f| matches(f.name, name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_row_recognises_its_files() {
        let py = by_path("app/x.py").unwrap();
        assert_eq!(py.id, "python");
        assert!(matches_any(py.test_files, "test_auth.py"));
        assert!(matches_any(py.test_files, "auth_test.py"));
        assert!(!matches_any(py.test_files, "testing.py"));
        assert!(matches_any(py.support_files, "conftest.py"));
        assert!(py.test_place("idlelib/idle_test/htest.py").in_test_dir);
        assert!(!py.test_place("unittest/case.py").in_test_dir);
        assert!(by_path("README.md").is_none());
        assert_eq!(py.skip_file("setup.py").map(|f| f.reason), Some("tool"));
        assert!(py.skip_file("app.py").is_none());
    }

    #[test]
    fn rows_are_sorted_and_each_glob_compiles() {
        let ids: Vec<&str> = LANGUAGES.iter().map(|l| l.id).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
        for l in LANGUAGES {
            for g in l.test_files.iter().chain(l.support_files) {
                assert!(glob::Pattern::new(g).is_ok(), "{g}");
            }
        }
        assert!(matches("*.egg-info", "pkg.egg-info") && !matches("*.egg-info", "pkg"));
        assert!(is_marker("go.mod") && is_marker("tsconfig.json") && !is_marker("main.go"));
    }

    #[test]
    fn test_places_and_suites_come_from_the_row() {
        let place = JAVASCRIPT.test_place("src/__tests__/cart.test.ts");
        assert!(place.named && place.in_test_dir && !place.support);
        assert!(JAVASCRIPT.test_place("src/jest.setup.ts").support);
        assert_eq!(PYTHON.suite("tests/integration/test_x.py"), "integration");
        assert_eq!(PYTHON.suite("tests/test_x.py"), "other");
        assert!(JAVA.test_place("src/main/java/FooSpec.java").named);
    }
}
