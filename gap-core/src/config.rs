//! The configuration a team writes in `gap.toml` (or `[tool.gap]` of `pyproject.toml`, or
//! `[workspace.metadata.gap]` / `[package.metadata.gap]` of `Cargo.toml`): what to scan, categories, the
//! ranking model. Every key has a default (docs/config.md); an unknown key or a bad glob is an error naming
//! the file, the line and the key. gap-scan writes the effective configuration into the document, so gap-rank
//! ranks with the same one.

use serde::{Deserialize, Serialize};

use crate::{Priority, TestType};

/// The whole configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Globs of paths to scan (relative to the root); empty: everything.
    pub include: Vec<String>,
    /// Globs of paths not to scan.
    pub exclude: Vec<String>,
    /// Categories by globs; modules matching none keep their folder as category.
    #[serde(rename = "category")]
    pub categories: Vec<CategoryRule>,
    /// Words that make a module's path sensitive, each a word prefix (`auth` matches `authentication`).
    pub sensitive: Vec<String>,
    /// Import prefixes that make a module need Integration tests.
    pub integration_imports: Vec<String>,
    /// Status thresholds.
    pub thresholds: Thresholds,
    /// The weights of the score.
    pub score: Weights,
    /// Lowest scores of each priority.
    pub priority: PriorityThresholds,
    /// Change history.
    pub history: History,
}

/// A named category: the modules whose path matches one of its globs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryRule {
    /// Display name, e.g. `Kafka Events`.
    pub name: String,
    /// Globs of module paths.
    pub paths: Vec<String>,
    /// Multiplies the score of its modules.
    #[serde(default = "one")]
    pub weight: f64,
    /// The kind of test its modules need, overriding the import-based guess.
    #[serde(default)]
    pub test_type: Option<TestType>,
    /// The lowest priority its gaps get.
    #[serde(default)]
    pub floor: Option<Priority>,
}

fn one() -> f64 {
    1.0
}

/// When a module counts as tested.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    /// Share of public symbols tests must use for `tested`; below it a directly tested module is `limited`.
    pub tested_share: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { tested_share: 0.5 }
    }
}

/// The weights of the score (docs/ranking.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    /// Points for status `untested`.
    pub untested: f64,
    /// Points for status `import_only`.
    pub import_only: f64,
    /// Points for status `indirect`.
    pub indirect: f64,
    /// Points for status `limited`.
    pub limited: f64,
    /// Maximum points for size.
    pub size: f64,
    /// Code lines at which size reaches its maximum.
    pub size_full_at: f64,
    /// Maximum points for complexity risk.
    pub complexity: f64,
    /// Complexity risk (CRAP) at which the complexity part reaches its maximum.
    pub complexity_full_at: f64,
    /// Points per importing module.
    pub fan_in_each: f64,
    /// Maximum points for fan-in.
    pub fan_in: f64,
    /// Points for a sensitive name.
    pub sensitive: f64,
    /// Maximum points for change frequency.
    pub churn: f64,
    /// Commits in the window at which churn reaches its maximum.
    pub churn_full_at: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            untested: 40.0,
            import_only: 30.0,
            indirect: 25.0,
            limited: 15.0,
            size: 15.0,
            size_full_at: 300.0,
            complexity: 15.0,
            complexity_full_at: 100.0,
            fan_in_each: 1.5,
            fan_in: 15.0,
            sensitive: 20.0,
            churn: 15.0,
            churn_full_at: 20.0,
        }
    }
}

/// Lowest scores of each priority; lower scores are LOW.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PriorityThresholds {
    /// Lowest CRITICAL score.
    pub critical: f64,
    /// Lowest HIGH score.
    pub high: f64,
    /// Lowest MEDIUM score.
    pub medium: f64,
}

impl Default for PriorityThresholds {
    fn default() -> Self {
        PriorityThresholds {
            critical: 60.0,
            high: 45.0,
            medium: 25.0,
        }
    }
}

/// How change history is read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct History {
    /// Read it at all (`--no-history` turns it off).
    pub enabled: bool,
    /// Days back from the newest commit.
    pub window_days: u64,
}

impl Default for History {
    fn default() -> Self {
        History {
            enabled: true,
            window_days: 90,
        }
    }
}

/// Default sensitive words.
pub const SENSITIVE_WORDS: &[&str] = &[
    "alert",
    "auth",
    "billing",
    "credential",
    "crypt",
    "decrypt",
    "encrypt",
    "invoice",
    "jwt",
    "login",
    "oauth",
    "password",
    "payment",
    "permission",
    "rbac",
    "secret",
    "security",
    "signature",
    "token",
];

/// Default imports that call for Integration tests.
pub const INTEGRATION_IMPORTS: &[&str] = &[
    "aio_pika",
    "aiobotocore",
    "aiofiles",
    "aiohttp",
    "aiokafka",
    "aiomysql",
    "aioredis",
    "aiosqlite",
    "asyncpg",
    "boto3",
    "botocore",
    "cassandra",
    "celery",
    "confluent_kafka",
    "database/sql",
    "databases",
    "django.db",
    "elasticsearch",
    "ftplib",
    "google.cloud",
    "grpc",
    "http.client",
    "httpx",
    "java.net",
    "java.sql",
    "javax.persistence",
    "kafka",
    "kubernetes",
    "motor",
    "mysql",
    "nats",
    "net/http",
    "paramiko",
    "peewee",
    "pg",
    "pika",
    "psycopg",
    "psycopg2",
    "pymongo",
    "pymysql",
    "redis",
    "requests",
    "reqwest",
    "shutil",
    "smtplib",
    "socket",
    "sqlalchemy",
    "sqlite3",
    "sqlmodel",
    "sqlx",
    "subprocess",
    "tokio_postgres",
    "tortoise",
    "urllib.request",
    "urllib3",
    "websockets",
];

impl Default for Config {
    fn default() -> Self {
        Config {
            include: Vec::new(),
            exclude: Vec::new(),
            categories: Vec::new(),
            sensitive: SENSITIVE_WORDS.iter().map(|s| s.to_string()).collect(),
            integration_imports: INTEGRATION_IMPORTS.iter().map(|s| s.to_string()).collect(),
            thresholds: Thresholds::default(),
            score: Weights::default(),
            priority: PriorityThresholds::default(),
            history: History::default(),
        }
    }
}

/// Where the configuration sits in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The whole of `gap.toml` (or a `--config FILE`).
    GapToml,
    /// `[tool.gap]` of `pyproject.toml`.
    Pyproject,
    /// `[workspace.metadata.gap]` or `[package.metadata.gap]` of `Cargo.toml`.
    CargoToml,
}

#[derive(Deserialize)]
struct PyprojectFile {
    tool: Option<PyTool>,
}
#[derive(Deserialize)]
struct PyTool {
    gap: Option<Config>,
}
#[derive(Deserialize)]
struct CargoFile {
    workspace: Option<Meta>,
    package: Option<Meta>,
}
#[derive(Deserialize)]
struct Meta {
    metadata: Option<MetaGap>,
}
#[derive(Deserialize)]
struct MetaGap {
    gap: Option<Config>,
}

/// Glob matching where `*` stays within a folder and `**` crosses folders.
pub fn glob_matches(pattern: &str, path: &str) -> bool {
    let options = glob::MatchOptions {
        require_literal_separator: true,
        ..Default::default()
    };
    glob::Pattern::new(pattern).is_ok_and(|p| p.matches_with(path, options))
}

/// 1-based line of byte offset `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Parses configuration text; `name` names the file in errors (`gap.toml:3: unknown field ...`). Returns
/// `None` when a pyproject or Cargo manifest has no gap section.
pub fn parse(text: &str, name: &str, source: Source) -> Result<Option<Config>, String> {
    let err = |e: toml::de::Error| {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
        format!("{name}:{line}: {}", e.message().replace('\n', " "))
    };
    let config = match source {
        Source::GapToml => Some(toml::from_str::<Config>(text).map_err(err)?),
        Source::Pyproject => toml::from_str::<PyprojectFile>(text)
            .map_err(err)?
            .tool
            .and_then(|t| t.gap),
        Source::CargoToml => {
            let c = toml::from_str::<CargoFile>(text).map_err(err)?;
            c.workspace
                .and_then(|w| w.metadata)
                .and_then(|m| m.gap)
                .or_else(|| c.package.and_then(|p| p.metadata).and_then(|m| m.gap))
        }
    };
    if let Some(c) = &config {
        c.check().map_err(|(key, msg)| {
            let line = text.find(&key).map(|at| line_of(text, at)).unwrap_or(1);
            format!("{name}:{line}: {msg}")
        })?;
    }
    Ok(config)
}

impl Config {
    /// Checks what the types cannot: globs compile, numbers are in range. Err: (text to find the line by,
    /// message).
    pub fn check(&self) -> Result<(), (String, String)> {
        let globs = self
            .include
            .iter()
            .map(|g| ("include", g))
            .chain(self.exclude.iter().map(|g| ("exclude", g)))
            .chain(
                self.categories
                    .iter()
                    .flat_map(|c| c.paths.iter().map(|g| ("paths", g))),
            );
        for (key, g) in globs {
            if let Err(e) = glob::Pattern::new(g) {
                return Err((g.clone(), format!("`{key}`: bad glob {g:?}: {}", e.msg)));
            }
        }
        let share = self.thresholds.tested_share;
        if !(0.0..=1.0).contains(&share) {
            return Err((
                "tested_share".into(),
                format!("`tested_share` must be between 0 and 1, not {share}"),
            ));
        }
        let p = &self.priority;
        if !(p.critical >= p.high && p.high >= p.medium) {
            return Err((
                "[priority]".into(),
                "`priority` thresholds must fall: critical >= high >= medium".into(),
            ));
        }
        for c in &self.categories {
            if c.weight < 0.0 {
                return Err((
                    c.name.clone(),
                    format!("category {:?}: `weight` must not be negative", c.name),
                ));
            }
        }
        Ok(())
    }

    /// The configuration as TOML, for `gap-scan --print-config`.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }

    /// The category rule a module path falls in, if any (first match wins).
    pub fn category_of(&self, path: &str) -> Option<&CategoryRule> {
        self.categories
            .iter()
            .find(|c| c.paths.iter().any(|g| glob_matches(g, path)))
    }

    /// True when `path` is to be scanned: it matches an `include` glob (or there are none) and no `exclude` one.
    pub fn selects(&self, path: &str) -> bool {
        (self.include.is_empty() || self.include.iter().any(|g| glob_matches(g, path)))
            && !self.exclude.iter().any(|g| glob_matches(g, path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gap(text: &str) -> Result<Config, String> {
        parse(text, "gap.toml", Source::GapToml).map(Option::unwrap)
    }

    #[test]
    fn every_key_is_read() {
        let c = gap(r#"
include = ["app/**"]
exclude = ["**/migrations/*"]
sensitive = ["auth", "billing"]
integration_imports = ["sqlalchemy"]

[thresholds]
tested_share = 0.75

[score]
untested = 50
import_only = 35
indirect = 20
limited = 10
size = 5
size_full_at = 500
complexity = 25
complexity_full_at = 200
fan_in_each = 2
fan_in = 10
sensitive = 30
churn = 12
churn_full_at = 10

[priority]
critical = 70
high = 50
medium = 20

[history]
enabled = false
window_days = 30

[[category]]
name = "Kafka Events"
paths = ["app/infrastructure/kafka/events/*.py"]
weight = 1.5
test_type = "Unit"
floor = "HIGH"
"#)
        .unwrap();
        assert_eq!(c.include, ["app/**"]);
        assert_eq!(c.exclude, ["**/migrations/*"]);
        assert_eq!(c.sensitive, ["auth", "billing"]);
        assert_eq!(c.integration_imports, ["sqlalchemy"]);
        assert_eq!(c.thresholds.tested_share, 0.75);
        assert_eq!(
            (
                c.score.untested,
                c.score.import_only,
                c.score.indirect,
                c.score.limited
            ),
            (50.0, 35.0, 20.0, 10.0)
        );
        assert_eq!(
            (
                c.score.size,
                c.score.size_full_at,
                c.score.complexity,
                c.score.complexity_full_at
            ),
            (5.0, 500.0, 25.0, 200.0)
        );
        assert_eq!(
            (
                c.score.fan_in_each,
                c.score.fan_in,
                c.score.sensitive,
                c.score.churn,
                c.score.churn_full_at
            ),
            (2.0, 10.0, 30.0, 12.0, 10.0)
        );
        assert_eq!(
            (c.priority.critical, c.priority.high, c.priority.medium),
            (70.0, 50.0, 20.0)
        );
        assert_eq!((c.history.enabled, c.history.window_days), (false, 30));
        let k = &c.categories[0];
        assert_eq!(
            (k.name.as_str(), k.weight, k.test_type, k.floor),
            (
                "Kafka Events",
                1.5,
                Some(TestType::Unit),
                Some(Priority::High)
            )
        );
        assert_eq!(
            c.category_of("app/infrastructure/kafka/events/user.py")
                .map(|c| c.name.as_str()),
            Some("Kafka Events")
        );
        assert_eq!(c.category_of("app/other.py"), None);
        assert_eq!(
            c.category_of("app/infrastructure/kafka/events/deep/x.py"),
            None,
            "* stays in its folder"
        );
        assert!(
            c.selects("app/x/y.py")
                && !c.selects("app/db/migrations/1.py")
                && !c.selects("lib/z.py")
        );
    }

    #[test]
    fn defaults_fill_what_is_missing() {
        let c = gap("[score]\nuntested = 45\n").unwrap();
        assert_eq!(c.score.untested, 45.0);
        assert_eq!(c.score.indirect, 25.0);
        assert_eq!(c.sensitive, Config::default().sensitive);
        assert_eq!(gap("").unwrap(), Config::default());
    }

    #[test]
    fn errors_name_file_line_and_key() {
        assert_eq!(
            gap("include = []\n\n[score]\nuntestd = 1\n")
                .unwrap_err()
                .split(':')
                .take(2)
                .collect::<Vec<_>>(),
            ["gap.toml", "4"]
        );
        assert!(gap("[score]\nuntestd = 1\n")
            .unwrap_err()
            .contains("unknown field `untestd`"));
        assert!(gap("bogus = 1\n")
            .unwrap_err()
            .starts_with("gap.toml:1: unknown field `bogus`"));
        assert!(gap("[thresholds]\ntested_share = \"half\"\n")
            .unwrap_err()
            .starts_with("gap.toml:2:"));
        let bad_glob = gap("exclude = [\"ok/*\", \"a/[z\"]\n").unwrap_err();
        assert!(
            bad_glob.starts_with("gap.toml:1: `exclude`: bad glob \"a/[z\""),
            "{bad_glob}"
        );
        assert!(gap("[thresholds]\ntested_share = 2\n")
            .unwrap_err()
            .contains("between 0 and 1"));
        assert!(gap("[priority]\ncritical = 10\nhigh = 50\n")
            .unwrap_err()
            .contains("must fall"));
        assert!(gap("[[category]]\nname = \"X\"\n")
            .unwrap_err()
            .contains("missing field `paths`"));
        assert!(
            gap("[[category]]\nname = \"X\"\npaths = []\nfloor = \"URGENT\"\n")
                .unwrap_err()
                .starts_with("gap.toml:4:")
        );
        assert!(gap("[[category]]\nname = \"X\"\npaths = [\"[\"]\n")
            .unwrap_err()
            .contains("`paths`: bad glob"));
        assert!(gap("x = [\n").unwrap_err().starts_with("gap.toml:"));
    }

    #[test]
    fn pyproject_and_cargo_sections() {
        let py = parse(
            "[project]\nname = \"x\"\n\n[tool.gap]\nexclude = [\"docs/*\"]\n",
            "pyproject.toml",
            Source::Pyproject,
        )
        .unwrap()
        .unwrap();
        assert_eq!(py.exclude, ["docs/*"]);
        assert_eq!(
            parse(
                "[project]\nname = \"x\"\n",
                "pyproject.toml",
                Source::Pyproject
            )
            .unwrap(),
            None
        );
        let err = parse(
            "[tool.gap]\nexclud = []\n",
            "pyproject.toml",
            Source::Pyproject,
        )
        .unwrap_err();
        assert!(
            err.starts_with("pyproject.toml:2: unknown field `exclud`"),
            "{err}"
        );
        let ws = parse(
            "[workspace]\nmembers = []\n[workspace.metadata.gap]\nsensitive = [\"vault\"]\n",
            "Cargo.toml",
            Source::CargoToml,
        )
        .unwrap()
        .unwrap();
        assert_eq!(ws.sensitive, ["vault"]);
        let pkg = parse(
            "[package]\nname = \"a\"\n[package.metadata.gap.priority]\nhigh = 40\n",
            "Cargo.toml",
            Source::CargoToml,
        )
        .unwrap()
        .unwrap();
        assert_eq!(pkg.priority.high, 40.0);
    }

    #[test]
    fn the_effective_configuration_round_trips_through_toml() {
        let c = Config::default();
        assert_eq!(gap(&c.to_toml()).unwrap(), c);
    }
}
