//! `META-INF/services/<interface>` files: the implementations `java.util.ServiceLoader` loads by name.

use std::path::Path;

use crate::safe_read;

/// One services file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Services {
    /// Its path, relative to the root.
    pub path: String,
    /// The interface it provides, qualified (its file name).
    pub interface: String,
    /// The implementations it lists, qualified.
    pub implementations: Vec<String>,
}

/// The services files of the modules in folders `dirs` (relative to `root`): each module's
/// `src/<source set>/resources/META-INF/services/*`. Folders that are symbolic links are not entered; files
/// that cannot be read are left out.
pub fn find(root: &Path, dirs: &[&str]) -> Vec<Services> {
    let mut out = Vec::new();
    for dir in dirs {
        let src = crate::model::join(dir, "src");
        for set in real_dirs(root, &src) {
            let folder = format!("{src}/{set}/resources/META-INF/services");
            if !is_real_dir(root, &format!("{src}/{set}/resources"))
                || !is_real_dir(root, &format!("{src}/{set}/resources/META-INF"))
                || !is_real_dir(root, &folder)
            {
                continue;
            }
            let Ok(entries) = std::fs::read_dir(root.join(&folder)) else {
                continue;
            };
            let mut names: Vec<String> = entries
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|n| !n.starts_with('.'))
                .collect();
            names.sort();
            for name in names {
                let path = format!("{folder}/{name}");
                let Ok(text) = safe_read::read_text(&root.join(&path)) else {
                    continue;
                };
                out.push(Services {
                    implementations: parse(&text),
                    interface: name,
                    path,
                });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out.dedup_by(|a, b| a.path == b.path);
    out
}

/// The class names a services file lists: one a line, `#` starts a comment.
pub fn parse(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// True when `rel` (under `root`) is a folder and not a symbolic link.
fn is_real_dir(root: &Path, rel: &str) -> bool {
    std::fs::symlink_metadata(root.join(rel)).is_ok_and(|m| m.is_dir())
}

/// The names of the folders in folder `rel` that are not symbolic links, sorted; none when `rel` is not one.
fn real_dirs(root: &Path, rel: &str) -> Vec<String> {
    if !is_real_dir(root, rel) {
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(root.join(rel)) else {
        return Vec::new();
    };
    let mut v: Vec<String> = entries
        .filter_map(|e| {
            let e = e.ok()?;
            e.file_type().ok()?.is_dir().then_some(())?;
            e.file_name().into_string().ok()
        })
        .collect();
    v.sort();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_files_of_each_module_source_set() {
        let dir = tempfile::tempdir().unwrap();
        let services = dir.path().join("core/src/main/resources/META-INF/services");
        std::fs::create_dir_all(&services).unwrap();
        std::fs::write(
            services.join("com.shop.Plugin"),
            "# plugins\ncom.shop.impl.Fast # the fast one\n\ncom.shop.impl.Slow\n",
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("src/test/resources")).unwrap();
        let found = find(dir.path(), &["", "core"]);
        assert_eq!(
            found,
            [Services {
                path: "core/src/main/resources/META-INF/services/com.shop.Plugin".into(),
                interface: "com.shop.Plugin".into(),
                implementations: vec!["com.shop.impl.Fast".into(), "com.shop.impl.Slow".into()],
            }]
        );
    }
}
