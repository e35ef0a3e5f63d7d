//! Language knowledge as data: one row per language, read by the walker and the classifier.
//!
//! Adding a language means a row here plus a reader module for its imports and definitions
//! (see docs/languages.md).

/// What gap knows about one language's files and test conventions.
#[derive(Debug)]
pub struct Language {
    /// Stable id used in the document (`python`).
    pub id: &'static str,
    /// File extensions without the dot.
    pub extensions: &'static [&'static str],
    /// File-name globs of test files (the file must also hold a test marker).
    pub test_files: &'static [&'static str],
    /// File-name globs of test support files, wherever they sit.
    pub support_files: &'static [&'static str],
    /// Folder names whose files are all on the test side (tests or support).
    pub test_dirs: &'static [&'static str],
    /// Folder names never walked into.
    pub skip_dirs: &'static [&'static str],
    /// Folder names whose files of this language are neither source nor tests (Rust's `benches`, `examples`).
    pub skip_dirs_own: &'static [&'static str],
    /// Folder names skipped unless they are a package of this language (hold `package_marker`).
    pub skip_dirs_unless_package: &'static [&'static str],
    /// The file that makes a folder a package, if the language has one.
    pub package_marker: Option<&'static str>,
    /// File-name globs of files that are neither source nor tests (build scripts, declarations, configs).
    pub skip_files: &'static [&'static str],
    /// Line comment starts.
    pub line_comments: &'static [&'static str],
    /// Name prefixes of test functions and test classes.
    pub test_markers: &'static [&'static str],
    /// Folder names that name a test suite, mapped to the suite (`unit`, `integration`, `e2e`).
    pub suites: &'static [(&'static str, &'static str)],
}

/// Folder names that name a test suite, shared by every language.
const SUITES: &[(&str, &str)] = &[
    ("e2e", "e2e"),
    ("end_to_end", "e2e"),
    ("functional", "e2e"),
    ("integration", "integration"),
    ("integration_tests", "integration"),
    ("unit", "unit"),
    ("unit_tests", "unit"),
];

/// Every language gap reads, sorted by id.
pub const LANGUAGES: &[Language] = &[
    Language {
        id: "go",
        extensions: &["go"],
        test_files: &["*_test.go"],
        support_files: &[],
        test_dirs: &[],
        skip_dirs: &["vendor", "testdata"],
        skip_dirs_own: &[],
        skip_dirs_unless_package: &[],
        package_marker: None,
        skip_files: &[],
        line_comments: &["//"],
        test_markers: &["Test", "Benchmark", "Example", "Fuzz"],
        suites: SUITES,
    },
    Language {
        id: "java",
        extensions: &["java"],
        test_files: &["*Test.java", "*Tests.java", "*IT.java", "Test*.java"],
        support_files: &[],
        test_dirs: &["androidTest", "test", "testFixtures", "tests"],
        skip_dirs: &["target", "out", ".gradle"],
        skip_dirs_own: &["jmh"],
        skip_dirs_unless_package: &[],
        package_marker: None,
        skip_files: &["package-info.java", "module-info.java"],
        line_comments: &["//"],
        test_markers: &[
            "@Test",
            "@ParameterizedTest",
            "@RepeatedTest",
            "@TestFactory",
        ],
        suites: SUITES,
    },
    Language {
        id: "javascript",
        extensions: &["js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts"],
        test_files: &["*.test.*", "*.spec.*"],
        support_files: &["*.setup.*", "setupTests.*"],
        test_dirs: &["__tests__", "__mocks__", "test", "tests"],
        skip_dirs: &[
            "node_modules",
            "bower_components",
            "coverage",
            "dist",
            "build",
        ],
        skip_dirs_own: &[],
        skip_dirs_unless_package: &[],
        package_marker: None,
        skip_files: &[
            "*.d.ts",
            "*.d.mts",
            "*.d.cts",
            "*.min.js",
            "*.config.*",
            ".eslintrc.*",
        ],
        line_comments: &["//"],
        test_markers: &["it", "test"],
        suites: SUITES,
    },
    Language {
        id: "kotlin",
        extensions: &["kt"],
        test_files: &["*Test.kt", "*Tests.kt", "*IT.kt", "Test*.kt"],
        support_files: &[],
        test_dirs: &["androidTest", "test", "testFixtures", "tests"],
        skip_dirs: &["target", "out", ".gradle"],
        skip_dirs_own: &["jmh"],
        skip_dirs_unless_package: &[],
        package_marker: None,
        skip_files: &[],
        line_comments: &["//"],
        test_markers: &[
            "@Test",
            "@ParameterizedTest",
            "@RepeatedTest",
            "@TestFactory",
        ],
        suites: SUITES,
    },
    Language {
        id: "python",
        extensions: &["py"],
        test_files: &["test_*.py", "*_test.py", "tests.py"],
        support_files: &["conftest.py"],
        test_dirs: &["test", "tests", "testing"],
        skip_dirs: &[
            "__pycache__",
            "__pypackages__",
            "htmlcov",
            "node_modules",
            "site-packages",
            "docs",
            "doc",
        ],
        skip_dirs_own: &[],
        skip_dirs_unless_package: &["venv", "env"],
        package_marker: Some("__init__.py"),
        skip_files: &["setup.py", "noxfile.py", "fabfile.py"],
        line_comments: &["#"],
        test_markers: &["test", "Test"],
        suites: SUITES,
    },
    Language {
        id: "rust",
        extensions: &["rs"],
        test_files: &[],
        support_files: &[],
        test_dirs: &["tests"],
        skip_dirs: &["target"],
        skip_dirs_own: &["benches", "examples", "fuzz"],
        skip_dirs_unless_package: &[],
        package_marker: None,
        skip_files: &["build.rs"],
        line_comments: &["//"],
        test_markers: &["#[test]", "#[cfg(test)]"],
        suites: SUITES,
    },
];

/// The language with id `id`; panics on an id not in the table (a programming error).
pub fn by_id(id: &str) -> &'static Language {
    LANGUAGES
        .iter()
        .find(|l| l.id == id)
        .unwrap_or_else(|| panic!("no language {id}"))
}

/// The language of a file, by extension.
pub fn by_path(path: &str) -> Option<&'static Language> {
    let ext = path.rsplit_once('.')?.1;
    LANGUAGES.iter().find(|l| l.extensions.contains(&ext))
}

/// True when `name` matches one of the globs (globs of this table; others never match).
pub fn matches_any(globs: &[&str], name: &str) -> bool {
    let compiled = compiled();
    globs
        .iter()
        .any(|g| compiled.get(g).is_some_and(|p| p.matches(name)))
}

/// Every glob of the table, compiled once.
fn compiled() -> &'static std::collections::HashMap<&'static str, glob::Pattern> {
    static PATTERNS: std::sync::OnceLock<std::collections::HashMap<&'static str, glob::Pattern>> =
        std::sync::OnceLock::new();
    PATTERNS.get_or_init(|| {
        LANGUAGES
            .iter()
            .flat_map(|l| {
                l.test_files
                    .iter()
                    .chain(l.support_files)
                    .chain(l.skip_files)
            })
            .filter_map(|g| glob::Pattern::new(g).ok().map(|p| (*g, p)))
            .collect()
    })
}

/// Folder names every walk skips, whatever the language: hidden folders are skipped by the walker itself.
pub fn skip_dir(name: &str) -> bool {
    LANGUAGES.iter().any(|l| l.skip_dirs.contains(&name)) || name.ends_with(".egg-info")
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
        assert!(by_path("README.md").is_none());
        assert!(skip_dir("__pycache__") && skip_dir("pkg.egg-info") && !skip_dir("app"));
    }
}
