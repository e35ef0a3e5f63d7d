//! Naming conventions between tests and modules: test files named after a module (`test_NAME`, `NAME_test`,
//! `NAME.test.ts`, `NameTest`, `TestName`, `NameIT`, `NameSpec`), whatever they import.

use std::collections::{BTreeSet, HashMap};

use crate::model::{parent, Role};
use crate::units::Record;

/// The name a test file is named after: `cart` for `test_cart.py`, `Cart` for `CartTest.java`.
pub fn subject(path: &str) -> Option<&str> {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.split('.').next().unwrap_or(file);
    ["test_", "Test"]
        .iter()
        .find_map(|pre| stem.strip_prefix(pre).filter(|s| !s.is_empty()))
        .or_else(|| {
            ["_test", "Tests", "Test", "IT", "Spec"]
                .iter()
                .find_map(|suf| stem.strip_suffix(suf).filter(|s| !s.is_empty()))
        })
        .or_else(|| (file.contains(".test.") || file.contains(".spec.")).then_some(stem))
}

/// The name a module goes by for tests named after it: its file stem, or its folder's name for a package file
/// (`__init__.py`, `mod.rs`, `index.ts`).
pub fn stem(path: &str) -> &str {
    let file_name = path.rsplit('/').next().unwrap_or(path);
    match file_name.split('.').next().unwrap_or(file_name) {
        "__init__" | "mod" | "index" => parent(path).rsplit('/').next().unwrap_or(""),
        s => s,
    }
}

/// Name -> the test files named after it.
pub fn named_tests(records: &[Record]) -> HashMap<&str, BTreeSet<&str>> {
    let mut named: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for r in records.iter().filter(|r| r.unit.role == Role::Test) {
        if let Some(s) = subject(&r.path) {
            named.entry(s).or_default().insert(&r.path);
        }
    }
    named
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_and_stems() {
        assert_eq!(subject("tests/test_cart.py"), Some("cart"));
        assert_eq!(subject("x/CartTest.java"), Some("Cart"));
        assert_eq!(subject("src/cart.test.ts"), Some("cart"));
        assert_eq!(subject("tests/helpers.py"), None);
        assert_eq!(stem("app/cart/__init__.py"), "cart");
        assert_eq!(stem("app/cart.py"), "cart");
    }
}
