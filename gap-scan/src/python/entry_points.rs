//! Entry points a Python project declares (`pyproject.toml`, `setup.cfg`, `setup.py`): plugin names that
//! code loads by name (`extensions=['tables']` through the `markdown.extensions` group), mapped to modules.

/// Groups whose names are commands, not names code loads: a string equal to one is no evidence.
const SCRIPT_GROUPS: &[&str] = &["console_scripts", "gui_scripts", "scripts"];

/// One declared entry point.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EntryPoint {
    /// The group (`markdown.extensions`, `pytest11`).
    pub group: String,
    /// The name code loads it by (`tables`).
    pub name: String,
    /// The dotted module it points into (`markdown.extensions.tables`).
    pub module: String,
    /// The object in it, when named (`TableExtension`).
    pub attr: Option<String>,
}

/// The entry points of marker file `path` (by its name) with text `text`, scripts left out.
pub fn read(path: &str, text: &str) -> Vec<EntryPoint> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let all = match name {
        "pyproject.toml" => from_pyproject(text),
        "setup.cfg" => from_setup_cfg(text),
        "setup.py" => from_setup_py(text),
        _ => Vec::new(),
    };
    all.into_iter()
        .filter(|e| !SCRIPT_GROUPS.contains(&e.group.as_str()))
        .collect()
}

/// `name = module:attr` (or `module`), extras and spaces dropped.
fn entry(group: &str, name: &str, value: &str) -> Option<EntryPoint> {
    let name = unquote(name.trim());
    let value = unquote(value.trim());
    let module = value.split(':').next()?.split('[').next()?.trim();
    let dotted = |s: &str| {
        !s.is_empty()
            && s.split('.').all(|p| {
                p.chars()
                    .next()
                    .is_some_and(|c| c == '_' || c.is_alphabetic())
                    && p.chars().all(|c| c == '_' || c.is_alphanumeric())
            })
    };
    let attr = value
        .split_once(':')
        .map(|(_, a)| a.split('[').next().unwrap_or(a).trim().to_string())
        .filter(|a| !a.is_empty());
    (!name.is_empty() && !name.contains(char::is_whitespace) && dotted(module)).then(|| {
        EntryPoint {
            group: group.to_string(),
            name: name.to_string(),
            module: module.to_string(),
            attr,
        }
    })
}

/// A TOML or Python string's contents without its quotes.
fn unquote(s: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|x| x.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

/// `[project.entry-points.'group']` and `[tool.poetry.plugins."group"]` tables.
fn from_pyproject(text: &str) -> Vec<EntryPoint> {
    let mut out = Vec::new();
    let mut group: Option<String> = None;
    for line in text.lines() {
        let line = line.trim();
        if let Some(header) = line.strip_prefix('[') {
            let header = header.trim_end_matches(']').trim();
            group = ["project.entry-points.", "tool.poetry.plugins."]
                .iter()
                .find_map(|p| header.strip_prefix(p))
                .map(|g| unquote(g).to_string());
            continue;
        }
        let (Some(g), Some((k, v))) = (&group, line.split_once('=')) else {
            continue;
        };
        out.extend(entry(g, k, v.split('#').next().unwrap_or(v)));
    }
    out
}

/// The `[options.entry_points]` section: `group =` lines, each followed by indented `name = module:attr`.
fn from_setup_cfg(text: &str) -> Vec<EntryPoint> {
    let mut out = Vec::new();
    let mut inside = false;
    let mut group = String::new();
    for raw in text.lines() {
        let line = raw.trim();
        if line.starts_with('[') {
            inside = line == "[options.entry_points]";
            continue;
        }
        if !inside || line.is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        let indented = raw.starts_with([' ', '\t']);
        match line.split_once('=') {
            Some((k, v)) if !indented => {
                group = k.trim().to_string();
                out.extend(v.split_once('=').and_then(|(n, m)| entry(&group, n, m)));
            }
            Some((k, v)) => out.extend(entry(&group, k, v)),
            None => {}
        }
    }
    out
}

/// `entry_points={'group': ['name = module:attr', ...]}` in `setup.py`: string literals of that shape, the
/// group from the last string used as a dictionary key.
fn from_setup_py(text: &str) -> Vec<EntryPoint> {
    let mut out = Vec::new();
    let mut group = String::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let q = b[i];
        if q != b'"' && q != b'\'' {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut j = start;
        while j < b.len() && b[j] != q && b[j] != b'\n' {
            j += 1;
        }
        if j >= b.len() || b[j] != q {
            i = j.max(start);
            continue;
        }
        let s = &text[start..j];
        let after = text[j + 1..].trim_start();
        if after.starts_with(':') {
            group = s.to_string();
        } else {
            out.extend(s.split_once('=').and_then(|(n, m)| entry(&group, n, m)));
        }
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: Vec<EntryPoint>) -> Vec<(String, String, String)> {
        v.into_iter().map(|e| (e.group, e.name, e.module)).collect()
    }

    #[test]
    fn pyproject_tables_without_scripts() {
        let text = "[project]\nname = \"markdown\"\n\n[project.scripts]\nmarkdown_py = 'markdown.__main__:run'\n\n[project.entry-points.'markdown.extensions']\ntables = 'markdown.extensions.tables:TableExtension'\ntoc = \"markdown.extensions.toc:TocExtension\"  # comment\n\n[tool.poetry.plugins.\"pytest11\"]\nmine = \"pkg.plugin\"\n\n[tool.setuptools.dynamic]\nversion = {attr = 'markdown.__meta__.__version__'}\n";
        assert_eq!(
            pairs(read("pyproject.toml", text)),
            [
                (
                    "markdown.extensions".into(),
                    "tables".into(),
                    "markdown.extensions.tables".into()
                ),
                (
                    "markdown.extensions".into(),
                    "toc".into(),
                    "markdown.extensions.toc".into()
                ),
                ("pytest11".into(), "mine".into(), "pkg.plugin".into()),
            ]
        );
    }

    #[test]
    fn setup_cfg_and_setup_py() {
        let cfg = "[metadata]\nname = x\n\n[options.entry_points]\nconsole_scripts =\n    x = pkg.cli:main\npkg.plugins =\n    csv = pkg.plugins.csv:Plugin\n    json = pkg.plugins.json [extra]\n";
        assert_eq!(
            pairs(read("sub/setup.cfg", cfg)),
            [
                ("pkg.plugins".into(), "csv".into(), "pkg.plugins.csv".into()),
                (
                    "pkg.plugins".into(),
                    "json".into(),
                    "pkg.plugins.json".into()
                ),
            ]
        );
        let py = "setup(\n    entry_points={\n        'console_scripts': ['x = pkg.cli:main'],\n        \"pkg.plugins\": [\"csv = pkg.plugins.csv:Plugin\"],\n    },\n)\n";
        assert_eq!(
            pairs(read("setup.py", py)),
            [("pkg.plugins".into(), "csv".into(), "pkg.plugins.csv".into())]
        );
        assert!(read("setup.py", "x = '\n").is_empty());
    }
}
