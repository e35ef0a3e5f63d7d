//! CODEOWNERS as GitHub reads it: the file's three places, its rules (a pattern and its owners per line) and
//! which rule owns a path (the last one that matches).

use std::path::Path;

/// Where GitHub looks for the file, in its order; the first that exists is used.
pub const PLACES: [&str; 3] = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

/// The largest CODEOWNERS read, in bytes (GitHub ignores files over 3 MB).
const MAX_BYTES: u64 = 3 << 20;

/// One rule: a pattern and the owners of what it matches (none: the path has no owner).
#[derive(Debug)]
struct Rule {
    pattern: glob::Pattern,
    /// False when the pattern must match the path itself, true when it may match a folder above it too.
    folders: bool,
    owners: Vec<String>,
}

/// The rules of one CODEOWNERS file, in file order.
#[derive(Debug, Default)]
pub struct Rules {
    rules: Vec<Rule>,
}

/// The glob options of CODEOWNERS: `*` and `?` stay within one folder, `**` crosses them.
const OPTIONS: glob::MatchOptions = glob::MatchOptions {
    case_sensitive: true,
    require_literal_separator: true,
    require_literal_leading_dot: false,
};

impl Rules {
    /// Parses CODEOWNERS text. A line it cannot use is skipped, as GitHub skips it, and named in the returned
    /// messages (`LINE: why`).
    pub fn parse(text: &str) -> (Rules, Vec<String>) {
        let mut rules = Vec::new();
        let mut skipped = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = match line.find(" #") {
                Some(at) => &line[..at],
                None => line,
            };
            let mut words = line.split_whitespace();
            let Some(pattern) = words.next().filter(|w| !w.starts_with('#')) else {
                continue;
            };
            match compile(pattern) {
                Ok((pattern, folders)) => rules.push(Rule {
                    pattern,
                    folders,
                    owners: words.map(str::to_string).collect(),
                }),
                Err(why) => skipped.push(format!("{}: {why}; rule skipped", i + 1)),
            }
        }
        (Rules { rules }, skipped)
    }

    /// The owners of `path` (`/`-separated, relative to the repository root): those of the last rule that
    /// matches it or a folder above it; none when no rule matches or that rule names nobody.
    pub fn owners(&self, path: &str) -> &[String] {
        let folders: Vec<&str> = path.match_indices('/').map(|(at, _)| &path[..at]).collect();
        self.rules
            .iter()
            .rev()
            .find(|r| {
                r.pattern.matches_with(path, OPTIONS)
                    || (r.folders && folders.iter().any(|f| r.pattern.matches_with(f, OPTIONS)))
            })
            .map_or(&[], |r| &r.owners)
    }
}

/// A CODEOWNERS pattern as a glob over paths from the repository root, and whether it may match a folder
/// above a path (`docs/` and `apps` own what is inside; `docs/*` owns only the files directly in docs/).
fn compile(pattern: &str) -> Result<(glob::Pattern, bool), String> {
    if pattern.starts_with('!') {
        return Err(format!(
            "{pattern:?}: negation is not supported by CODEOWNERS"
        ));
    }
    if pattern.contains(['[', ']']) {
        return Err(format!(
            "{pattern:?}: character ranges are not supported by CODEOWNERS"
        ));
    }
    let pattern = pattern.strip_prefix('\\').unwrap_or(pattern);
    let (body, folder_only) = match pattern.strip_suffix('/') {
        Some(body) => (body, true),
        None => (pattern, false),
    };
    let anchored = body.starts_with('/') || body.trim_start_matches('/').contains('/');
    let body = body.trim_start_matches('/');
    if body.is_empty() {
        // `/` or `*` alone: everything.
        return glob::Pattern::new("**")
            .map(|p| (p, true))
            .map_err(|e| e.to_string());
    }
    let glob = if anchored || body.starts_with("**") {
        body.to_string()
    } else {
        format!("**/{body}")
    };
    let last = body.rsplit('/').next().unwrap_or(body);
    let folders = folder_only || last != "*";
    let glob = if folder_only {
        format!("{glob}/**")
    } else {
        glob
    };
    glob::Pattern::new(&glob)
        .map(|p| (p, folders))
        .map_err(|e| format!("{pattern:?}: {e}"))
}

/// Reads the first CODEOWNERS of [`PLACES`] under `root` through gap-scan's safe reader: a regular file at that
/// very path, never a symbolic link or a folder that leaves the root. `None` when there is none.
pub fn read(root: &Path) -> anyhow::Result<Option<(String, String)>> {
    for place in PLACES {
        let path = root.join(place);
        if path.symlink_metadata().is_err() {
            continue;
        }
        // The folder in front (.github/, docs/) must be a real folder of the root, not a link out of it.
        if let Some((folder, _)) = place.split_once('/') {
            let meta = root.join(folder).symlink_metadata()?;
            if !meta.is_dir() {
                anyhow::bail!(
                    "{}: not a folder of the root; not followed",
                    root.join(folder).display()
                );
            }
        }
        let bytes = gap_scan::safe_read::read(&path, MAX_BYTES)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        return Ok(Some((
            place.to_string(),
            String::from_utf8_lossy(&bytes).into_owned(),
        )));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owners<'a>(rules: &'a Rules, path: &str) -> Vec<&'a str> {
        rules.owners(path).iter().map(String::as_str).collect()
    }

    #[test]
    fn the_last_matching_rule_wins_as_on_github() {
        // The examples of GitHub's CODEOWNERS documentation.
        let (rules, skipped) = Rules::parse(
            "# comment\n\
             *       @global-owner1 @global-owner2\n\
             *.js    @js-owner #This is an inline comment.\n\
             *.go docs@example.com\n\
             /build/logs/ @doctocat\n\
             docs/*  docs@example.com\n\
             apps/ @octocat\n\
             /docs/ @doctocat\n\
             /scripts/ @doctocat @octocat\n\
             **/logs @octocat\n\
             /apps/ @octocat\n\
             /apps/github\n",
        );
        assert!(skipped.is_empty(), "{skipped:?}");
        assert_eq!(
            owners(&rules, "README.md"),
            ["@global-owner1", "@global-owner2"]
        );
        assert_eq!(owners(&rules, "web/app.js"), ["@js-owner"]);
        assert_eq!(owners(&rules, "cmd/main.go"), ["docs@example.com"]);
        assert_eq!(
            owners(&rules, "build/logs/x.txt"),
            ["@octocat"],
            "**/logs is later"
        );
        assert_eq!(owners(&rules, "deep/a/logs/x.txt"), ["@octocat"]);
        assert_eq!(owners(&rules, "docs/getting-started.md"), ["@doctocat"]);
        assert_eq!(owners(&rules, "scripts/run.py"), ["@doctocat", "@octocat"]);
        assert_eq!(owners(&rules, "apps/web/x.py"), ["@octocat"]);
        assert!(
            owners(&rules, "apps/github/x.py").is_empty(),
            "a rule without owners owns nothing"
        );
    }

    #[test]
    fn a_star_folder_pattern_owns_only_its_direct_files() {
        let (rules, _) = Rules::parse("docs/* @docs\n");
        assert_eq!(owners(&rules, "docs/a.md"), ["@docs"]);
        assert!(owners(&rules, "docs/build-app/troubleshooting.md").is_empty());
        assert!(
            owners(&rules, "other/docs/a.md").is_empty(),
            "a pattern with a slash is anchored"
        );
    }

    #[test]
    fn lines_github_refuses_are_skipped_and_named() {
        let (rules, skipped) = Rules::parse("!x.py @a\n[ab].py @b\nok.py @c\n");
        assert_eq!(skipped.len(), 2);
        assert!(
            skipped[0].starts_with("1: \"!x.py\": negation"),
            "{skipped:?}"
        );
        assert!(skipped[1].starts_with("2: "), "{skipped:?}");
        assert_eq!(owners(&rules, "src/ok.py"), ["@c"]);
    }
}
