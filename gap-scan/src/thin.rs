//! Thin input: a scan that found no modules, no tests, or a root that looks like the wrong folder says so, as
//! whole-scan warnings (an empty `path`) that gap-scan prints and gap-report shows at the top of the report.
//! The scan still succeeds: an empty report is a fact, not an error.

use gap_core::{Document, TestKind, Warning};

/// Folder names that usually hold a project's code, not the project: scanned alone, they leave its tests out.
const SOURCE_FOLDERS: &[&str] = &["app", "lib", "main", "source", "sources", "src"];

/// The warnings a document's counts call for; `root_name` is the scanned folder's own name.
pub fn check(doc: &Document, root_name: &str) -> Vec<Warning> {
    let root = gap_core::escape::line(&doc.root).into_owned();
    let modules = doc.modules.len();
    let tests = doc
        .tests
        .iter()
        .filter(|t| t.kind == TestKind::Test)
        .count();
    // Source files with tests of their own (Rust's `#[cfg(test)]` modules) count as tests too.
    let self_tested = doc.modules.iter().any(|m| m.direct_tests.contains(&m.path));
    let tests = tests + usize::from(self_tested);
    let mut out = Vec::new();
    let mut say = |message: String| {
        out.push(Warning {
            path: String::new(),
            message,
            extra: Default::default(),
        })
    };
    match (modules, tests) {
        (0, 0) => say(format!(
            "no source or test files of a language gap reads under {root} (docs/languages.md); is this the project's folder?"
        )),
        (0, n) => say(format!(
            "only test files under {root} ({n}), no source modules: scan the folder that holds the code as well"
        )),
        (_, 0) => {
            let mut message = format!(
                "no test files found under {root}: every module shows as untested"
            );
            if SOURCE_FOLDERS.contains(&root_name.to_ascii_lowercase().as_str()) {
                message.push_str(&format!(
                    "; {root} looks like a source folder, and a project's tests usually sit beside it: scan the folder above"
                ));
            } else {
                message.push_str("; if the tests live elsewhere, scan a folder that holds both");
            }
            say(message)
        }
        _ => {}
    }
    if doc.modules.iter().any(|m| m.path == "__init__.py") {
        say(format!(
            "{root} is itself a Python package (it holds __init__.py): scan the project folder above it, so imports and tests resolve as the project's do"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use gap_core::{Module, TestFile, Tool};

    fn doc(modules: &[&str], tests: &[&str]) -> Document {
        let mut d = Document::new(Tool::new("gap-scan", "0"), "proj");
        d.modules = modules.iter().map(|p| Module::new(p, "python")).collect();
        d.tests = tests
            .iter()
            .map(|p| TestFile {
                path: p.to_string(),
                language: "python".into(),
                kind: TestKind::Test,
                suite: "unit".into(),
                lines: 1,
                test_functions: 1,
                imports: vec![],
                exercises: vec![],
                extra: Default::default(),
            })
            .collect();
        d
    }

    fn messages(d: &Document, name: &str) -> Vec<String> {
        check(d, name).into_iter().map(|w| w.message).collect()
    }

    #[test]
    fn empty_only_tests_and_no_tests_are_said() {
        assert!(messages(&doc(&[], &[]), "proj")[0].starts_with("no source or test files"));
        assert!(messages(&doc(&[], &["tests/test_a.py"]), "proj")[0]
            .starts_with("only test files under proj (1)"));
        let no_tests = messages(&doc(&["a.py"], &[]), "proj");
        assert_eq!(
            no_tests,
            ["no test files found under proj: every module shows as untested; if the tests live elsewhere, scan a folder that holds both"]
        );
        assert!(messages(&doc(&["a.py"], &[]), "src")[0].contains("looks like a source folder"));
        assert!(
            !messages(&doc(&["a.py"], &[]), "package")[0].contains("source folder"),
            "an unpacked npm package is the whole package"
        );
        assert!(messages(&doc(&["a/x.py"], &["tests/test_x.py"]), "proj").is_empty());
    }

    #[test]
    fn inline_tests_are_tests() {
        let mut d = doc(&["src/lib.rs"], &[]);
        d.modules[0].direct_tests = vec!["src/lib.rs".into()];
        assert!(messages(&d, "crate").is_empty());
    }

    #[test]
    fn a_root_that_is_a_package_is_said() {
        let m = messages(&doc(&["__init__.py", "x.py"], &["tests/test_x.py"]), "app");
        assert_eq!(m.len(), 1);
        assert!(m[0].contains("is itself a Python package"), "{m:?}");
    }
}
