//! Walking the tree: `.gitignore`-aware, skipping hidden folders, virtualenvs, caches and build output.

use std::path::{Path, PathBuf};

use gap_core::Warning;

use crate::lang;

/// Files that mark a project folder (an import root).
pub const PROJECT_MARKERS: &[&str] = &[
    "Cargo.toml",
    "go.mod",
    "jsconfig.json",
    "package.json",
    "pyproject.toml",
    "setup.cfg",
    "setup.py",
    "tsconfig.json",
];

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walked {
    /// Source and test files of known languages: (path relative to the root, `/`-separated; full path).
    pub files: Vec<(String, PathBuf)>,
    /// Relative paths of project marker files.
    pub markers: Vec<String>,
    /// Entries that could not be walked.
    pub warnings: Vec<Warning>,
}

/// True when a folder must not be walked into.
fn skip_folder(path: &Path, name: &str) -> bool {
    if lang::skip_dir(name) || path.join("pyvenv.cfg").exists() {
        return true;
    }
    lang::LANGUAGES.iter().any(|l| {
        l.skip_dirs_unless_package.contains(&name)
            && !l.package_marker.is_some_and(|m| path.join(m).exists())
    })
}

/// Walks `root`, honouring `.gitignore` files (also outside a git repository) and `.ignore` files.
pub fn walk(root: &Path) -> Walked {
    let mut out = Walked::default();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(false)
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(|e| {
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            !(is_dir && e.depth() > 0 && skip_folder(e.path(), &e.file_name().to_string_lossy()))
        })
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = match &err {
                    ignore::Error::WithPath { path, .. } => relative(root, path),
                    _ => String::new(),
                };
                out.warnings.push(Warning {
                    path,
                    message: err.to_string(),
                    extra: Default::default(),
                });
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let Some(rel) = path.strip_prefix(root).ok().and_then(|p| p.to_str()) else {
            out.warnings.push(Warning {
                path: relative(root, path),
                message: "path is not valid UTF-8; skipped".to_string(),
                extra: Default::default(),
            });
            continue;
        };
        let rel = rel.replace('\\', "/");
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        if PROJECT_MARKERS.contains(&name) {
            out.markers.push(rel.clone());
        }
        if let Some(l) = lang::by_path(&rel) {
            let own_skip = rel
                .split('/')
                .rev()
                .skip(1)
                .any(|d| l.skip_dirs_own.contains(&d));
            if !own_skip && !lang::matches_any(l.skip_files, name) {
                out.files.push((rel, path.to_path_buf()));
            }
        }
    }
    out.files.sort();
    out.markers.sort();
    out
}

/// A path relative to the root, lossily, for messages.
fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}
