//! Where a gap is, for the formats CI systems read: the module's path from the repository's top (the scan's
//! `repo_path`, else the root as given when it is relative) and the line to point at (the most urgent
//! untested public symbol's, else the first public symbol's, else 1).

use gap_core::{Document, Module};

/// The path of `path` (relative to the scanned root) from the repository's top, `/`-separated.
pub fn repo_file(doc: &Document, path: &str) -> String {
    let base = match &doc.repo_path {
        Some(p) => p.trim_matches('/').to_string(),
        None if !doc.root.starts_with('/') => doc
            .root
            .trim_start_matches("./")
            .trim_matches('/')
            .to_string(),
        None => String::new(),
    };
    if base.is_empty() || base == "." {
        path.to_string()
    } else {
        format!("{base}/{path}")
    }
}

/// The line a gap of `m` points at.
pub fn gap_line(m: &Module) -> u64 {
    let by_name = |name: &str| m.symbols.iter().find(|s| s.name == name).map(|s| s.line);
    m.missing_symbols
        .iter()
        .flatten()
        .find_map(|n| by_name(n))
        .or_else(|| m.symbols.iter().find(|s| s.public).map(|s| s.line))
        .unwrap_or(1)
        .max(1)
}

/// What a gap is, in words: `untested (0 tests)`, `limited: 2 of 9 public symbols`.
pub fn gap_words(m: &Module) -> String {
    match crate::gaps::note(m) {
        Some((note, _)) => format!("{}: {note}", m.status.as_str()),
        None => m.status.as_str().to_string(),
    }
}

/// A gap's first reason and its Missing Tests cell, as plain text.
pub fn why_and_missing(m: &Module) -> (String, String) {
    let why = m
        .reasons
        .as_ref()
        .and_then(|r| r.first())
        .cloned()
        .unwrap_or_default();
    let missing = crate::gaps::missing_of(m).render(&|s| s.to_string(), &|s| s.to_string());
    (why, missing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gap_core::Tool;

    #[test]
    fn paths_start_at_the_repository_top() {
        let mut d = Document::new(Tool::new("gap-scan", "0"), "./services/api/");
        assert_eq!(repo_file(&d, "app/x.py"), "services/api/app/x.py");
        d.root = "/abs/checkout".into();
        assert_eq!(repo_file(&d, "app/x.py"), "app/x.py");
        d.repo_path = Some("svc".into());
        assert_eq!(repo_file(&d, "app/x.py"), "svc/app/x.py");
        d.repo_path = Some(String::new());
        d.root = ".".into();
        assert_eq!(repo_file(&d, "app/x.py"), "app/x.py");
    }
}
