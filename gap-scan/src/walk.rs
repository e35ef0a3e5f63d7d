//! Walking the tree: `.gitignore`-aware, skipping hidden folders and the folders of the language table (every
//! language's global ones pruned, a language's own ones only for its files), each skip recorded as excluded.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use gap_core::{Excluded, Warning};

use crate::lang::{self, SkipDir};

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walked {
    /// Source and test files of known languages: (path relative to the root, `/`-separated; full path).
    pub files: Vec<(String, PathBuf)>,
    /// Relative paths of project marker files.
    pub markers: Vec<String>,
    /// Entries that could not be walked.
    pub warnings: Vec<Warning>,
    /// Folders and files left out on purpose, sorted by path.
    pub excluded: Vec<Excluded>,
}

/// The first of `rules` that skips the folder at `path` named `name`.
fn skip_rule<'a>(rules: &'a [SkipDir], path: &Path, name: &str) -> Option<&'a SkipDir> {
    rules.iter().find(|d| {
        lang::matches(d.name, name)
            && (d.beside.is_empty() || d.beside.iter().any(|b| path.with_file_name(b).exists()))
            && d.holds.is_none_or(|h| path.join(h).exists())
            && d.unless_holds.is_none_or(|h| !path.join(h).exists())
    })
}

/// The topmost folder of `rel` (a file's path) that one of `rules` skips: (its path, the rule).
fn skipped_ancestor<'a, 'b>(
    root: &Path,
    rel: &'b str,
    rules: &'a [SkipDir],
) -> Option<(&'b str, &'a SkipDir)> {
    rel.match_indices('/').find_map(|(end, _)| {
        let dir = &rel[..end];
        let name = dir.rsplit('/').next().unwrap_or(dir);
        skip_rule(rules, &root.join(dir), name).map(|rule| (dir, rule))
    })
}

/// An excluded entry.
fn excluded(path: String, reason: &str, detail: Option<String>) -> Excluded {
    Excluded {
        path,
        reason: reason.to_string(),
        detail,
        extra: Default::default(),
    }
}

/// Walks `root`, honouring `.gitignore` files (also outside a git repository) and `.ignore` files.
pub fn walk(root: &Path) -> Walked {
    let mut out = Walked::default();
    let pruned: Arc<Mutex<Vec<Excluded>>> = Arc::default();
    let (seen, base) = (pruned.clone(), root.to_path_buf());
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(false)
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |e| {
            if e.depth() == 0 || !e.file_type().is_some_and(|t| t.is_dir()) {
                return true;
            }
            let name = e.file_name().to_string_lossy();
            let Some(rule) = skip_rule(lang::GLOBAL_SKIP_DIRS, e.path(), &name) else {
                return true;
            };
            let path = format!("{}/", relative(&base, e.path()));
            if let Ok(mut v) = seen.lock() {
                v.push(excluded(path, rule.reason, None));
            }
            false
        })
        .build();
    // Folders left out for some languages only: (path, reason) -> those languages.
    let mut partial: BTreeMap<(String, &str), BTreeSet<&str>> = BTreeMap::new();
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
        if lang::is_marker(name) {
            out.markers.push(rel.clone());
        }
        let Some(l) = lang::by_path(&rel) else {
            continue;
        };
        if let Some((dir, rule)) = skipped_ancestor(root, &rel, l.skip_dirs) {
            partial
                .entry((format!("{dir}/"), rule.reason))
                .or_default()
                .insert(l.id);
        } else if let Some(rule) = l.skip_file(name) {
            out.excluded.push(excluded(rel.clone(), rule.reason, None));
        } else {
            out.files.push((rel, path.to_path_buf()));
        }
    }
    out.excluded.extend(std::mem::take(
        &mut *pruned.lock().unwrap_or_else(|e| e.into_inner()),
    ));
    for ((path, reason), langs) in partial {
        let langs: Vec<&str> = langs.into_iter().collect();
        let detail = format!("only its {} files", langs.join(" and "));
        out.excluded.push(excluded(path, reason, Some(detail)));
    }
    out.files.sort();
    out.markers.sort();
    out.excluded
        .sort_by(|a, b| a.path.cmp(&b.path).then(a.reason.cmp(&b.reason)));
    out
}

/// A path relative to the root, lossily, for messages.
fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x\n").unwrap();
        }
        dir
    }

    fn rows(w: &Walked) -> Vec<String> {
        w.excluded
            .iter()
            .map(|e| match &e.detail {
                Some(d) => format!("{} {} ({d})", e.path, e.reason),
                None => format!("{} {}", e.path, e.reason),
            })
            .collect()
    }

    #[test]
    fn a_languages_own_folders_skip_only_its_files() {
        let dir = tree(&[
            "go.mod",
            "docs/gen.go",
            "docs/conf.py",
            "target/t.go",
            "internal/build/b.go",
            "env/e.go",
            "env/e.py",
            "lib/x.py",
        ]);
        let w = walk(dir.path());
        let files: Vec<&str> = w.files.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(
            files,
            [
                "docs/gen.go",
                "env/e.go",
                "internal/build/b.go",
                "lib/x.py",
                "target/t.go"
            ]
        );
        assert_eq!(
            rows(&w),
            [
                "docs/ example (only its python files)",
                "env/ dependencies (only its python files)"
            ]
        );
    }

    #[test]
    fn global_folders_are_pruned_and_build_output_needs_its_project_file() {
        let dir = tree(&[
            "Cargo.toml",
            "src/lib.rs",
            "target/debug/build/out.rs",
            "web/node_modules/pkg/index.js",
            "web/app.js",
            "jvm/build.gradle",
            "jvm/build/generated/G.java",
            "jvm/src/build/Tool.java",
            "py/venv/pyvenv.cfg",
            "py/venv/lib/site.py",
            "py/setup.py",
            "py/pkg.egg-info/x.py",
            "py/app.py",
        ]);
        let w = walk(dir.path());
        let files: Vec<&str> = w.files.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(
            files,
            [
                "jvm/src/build/Tool.java",
                "py/app.py",
                "src/lib.rs",
                "web/app.js"
            ]
        );
        assert_eq!(
            rows(&w),
            [
                "jvm/build/ build_output",
                "py/pkg.egg-info/ build_output",
                "py/setup.py tool",
                "py/venv/ dependencies",
                "target/ build_output",
                "web/node_modules/ dependencies"
            ]
        );
        assert_eq!(
            w.markers,
            ["Cargo.toml", "jvm/build.gradle", "py/setup.py"],
            "a skipped marker is still a marker"
        );
    }
}
