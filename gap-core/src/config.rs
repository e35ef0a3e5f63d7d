//! The configuration a team writes in `gap.toml` (or `[tool.gap]` of `pyproject.toml`, or
//! `[workspace.metadata.gap]` / `[package.metadata.gap]` of `Cargo.toml`): what to scan, categories, the
//! ranking model. Every key has a default (docs/config.md); an unknown key, a bad glob or a number out of its
//! range is an error naming the file, the line and the key. gap-scan writes the effective configuration into
//! the document, so gap-rank ranks with the same one; there it is read leniently ([`embedded`]): keys a newer
//! version added are kept and written back, while the values this version knows are checked as in gap.toml.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Extra, Priority, TestType};

/// The whole configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Globs of paths to scan (relative to the root); empty: everything.
    pub include: Vec<String>,
    /// Globs of paths not to scan.
    pub exclude: Vec<String>,
    /// Globs of paths that are product code whatever gap's signals say (examples, generated code, tool
    /// scripts, benchmarks and test fixtures are otherwise left out and listed in the document's `excluded`).
    pub product: Vec<String>,
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
    /// Gate: `gap-report` exits 1 when a gap that is not accepted has this priority or higher
    /// (`--fail-on` overrides it). Written in any case: `"critical"` or `"CRITICAL"`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "priority_any_case"
    )]
    pub fail_on: Option<Priority>,
    /// Gate: `gap-report` exits 1 when the total coverage (the share of modules with direct tests, accepted
    /// gaps left out) is below this percent (`--fail-under` overrides it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_under: Option<f64>,
    /// Gaps the team accepts: modules (or some of their symbols) it decides not to test, with the reason.
    pub accept: Vec<AcceptRule>,
    /// Names of a project's own route declarations, routers and test-client helpers (docs/config.md).
    pub routes: Routes,
    /// What the Python reader adds to its built-in knowledge (docs/config.md, `[python]`).
    pub python: Python,
    /// Keys this version does not know, when the configuration came inside a document (never from gap.toml,
    /// which refuses them): a tree that mirrors the configuration, written back where they were.
    #[serde(skip)]
    pub extra: Extra,
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

/// An accepted gap: the modules whose path matches one of `paths` (or only their symbols named in
/// `symbols`), with the reason the report shows beside them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptRule {
    /// Globs of module paths.
    pub paths: Vec<String>,
    /// Symbol names (`parse`, `Client.retry`; a class name takes its methods too); empty: the whole module.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub symbols: Vec<String>,
    /// Why the gap is accepted; required, not empty.
    pub reason: String,
}

impl AcceptRule {
    /// True when the rule covers the module at `path`.
    pub fn covers(&self, path: &str) -> bool {
        self.paths.iter().any(|g| glob_matches(g, path))
    }
}

/// A priority written in any case (`"critical"`, `"CRITICAL"`), as the command line's `--fail-on` takes it.
fn priority_any_case<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Priority>, D::Error> {
    let Some(text) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    Priority::parse(&text).map(Some).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "unknown priority {text:?}, expected one of critical, high, medium, low"
        ))
    })
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

/// A project's own names for the route tables (docs/config.md, `[routes]`): the built-in frameworks' names
/// stay, these are added.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Routes {
    /// Method or decorator names that declare a route, path first (`secure_get`); the HTTP method is the
    /// verb the name ends with, else any.
    pub declare: Vec<String>,
    /// Constructors of routers, with a `prefix` keyword (`VersionedRouter`).
    pub routers: Vec<String>,
    /// Functions or methods tests call with a URL first (`api_get`, `call_api`); the HTTP method is the verb
    /// the name ends with, else any.
    pub clients: Vec<String>,
}

/// A project's own additions to the Python reader (docs/config.md, `[python]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Python {
    /// Loader functions whose string argument names a module they import (`load_plugin`,
    /// `import_helper.import_module`): a test's call gives that module `by_name` evidence. Matched by the last
    /// part of the name (`helpers.load` matches a call of `load`).
    pub loaders: Vec<String>,
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
            product: Vec::new(),
            categories: Vec::new(),
            sensitive: SENSITIVE_WORDS.iter().map(|s| s.to_string()).collect(),
            integration_imports: INTEGRATION_IMPORTS.iter().map(|s| s.to_string()).collect(),
            thresholds: Thresholds::default(),
            score: Weights::default(),
            priority: PriorityThresholds::default(),
            history: History::default(),
            fail_on: None,
            fail_under: None,
            accept: Vec::new(),
            routes: Routes::default(),
            python: Python::default(),
            extra: Extra::new(),
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

/// Glob matching where `*` stays within a folder and `**` crosses folders. Each pattern is compiled once per
/// process (gap.toml's globs are asked about for every file and module).
pub fn glob_matches(pattern: &str, path: &str) -> bool {
    use std::collections::HashMap;
    use std::sync::{Arc, OnceLock, RwLock};
    type Compiled = HashMap<String, Arc<Option<glob::Pattern>>>;
    static COMPILED: OnceLock<RwLock<Compiled>> = OnceLock::new();
    let options = glob::MatchOptions {
        require_literal_separator: true,
        ..Default::default()
    };
    let compiled = COMPILED.get_or_init(Default::default);
    let known = compiled.read().ok().and_then(|c| c.get(pattern).cloned());
    let glob = known.unwrap_or_else(|| {
        let glob = Arc::new(glob::Pattern::new(pattern).ok());
        if let Ok(mut c) = compiled.write() {
            c.insert(pattern.to_string(), Arc::clone(&glob));
        }
        glob
    });
    glob.as_ref()
        .as_ref()
        .is_some_and(|p| p.matches_with(path, options))
}

/// 1-based line of byte offset `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// One step of a key path: a table key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A key of a table.
    Key(&'static str),
    /// An element of an array.
    Index(usize),
}

/// A configuration value this version refuses, with the key path that holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// Where it sits, e.g. `score.complexity_full_at` or `category[2].weight`.
    pub key: Vec<Step>,
    /// Why it is refused.
    pub message: String,
}

impl Invalid {
    fn new(key: Vec<Step>, message: String) -> Self {
        Invalid { key, message }
    }

    /// The key path as written in messages: `score.size`, `exclude[1]`, `category[0].weight`.
    pub fn key_name(&self) -> String {
        let mut out = String::new();
        for step in &self.key {
            match step {
                Step::Key(k) if out.is_empty() => out.push_str(k),
                Step::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.key_name(), self.message)
    }
}

/// The 1-based line where `key` (below the table `prefix`) is written in `text`, if it is.
fn line_of_key(text: &str, prefix: &[&str], key: &[Step]) -> Option<usize> {
    use toml::de::{DeTable, DeValue};
    let root = DeTable::parse(text).ok()?;
    let mut table = root.get_ref();
    let mut span = root.span();
    for p in prefix {
        let value = table.get(*p)?;
        span = value.span();
        table = value.get_ref().as_table()?;
    }
    let mut value: Option<&DeValue> = None;
    let mut found = span.start;
    for step in key {
        let next = match (step, value) {
            (Step::Key(k), None) => table.get_key_value(*k),
            (Step::Key(k), Some(DeValue::Table(t))) => t.get_key_value(*k),
            (Step::Index(i), Some(DeValue::Array(a))) => {
                let v = a.get(*i)?;
                found = v.span().start;
                value = Some(v.get_ref());
                continue;
            }
            _ => None,
        };
        let Some((k, v)) = next else { break };
        found = k.span().start;
        value = Some(v.get_ref());
    }
    Some(line_of(text, found))
}

/// Parses configuration text; `name` names the file in errors (`gap.toml:3: unknown field ...`,
/// `gap.toml:7: score.size: ...`). Returns `None` when a pyproject or Cargo manifest has no gap section.
pub fn parse(text: &str, name: &str, source: Source) -> Result<Option<Config>, String> {
    let err = |e: toml::de::Error| {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
        format!("{name}:{line}: {}", e.message().replace('\n', " "))
    };
    let (config, prefix): (Option<Config>, &[&str]) = match source {
        Source::GapToml => (Some(toml::from_str::<Config>(text).map_err(err)?), &[]),
        Source::Pyproject => (
            toml::from_str::<PyprojectFile>(text)
                .map_err(err)?
                .tool
                .and_then(|t| t.gap),
            &["tool", "gap"],
        ),
        Source::CargoToml => {
            let c = toml::from_str::<CargoFile>(text).map_err(err)?;
            match c.workspace.and_then(|w| w.metadata).and_then(|m| m.gap) {
                Some(g) => (Some(g), &["workspace", "metadata", "gap"]),
                None => (
                    c.package.and_then(|p| p.metadata).and_then(|m| m.gap),
                    &["package", "metadata", "gap"],
                ),
            }
        }
    };
    if let Some(c) = &config {
        c.check().map_err(|invalid| {
            let line = line_of_key(text, prefix, &invalid.key).unwrap_or(1);
            format!("{name}:{line}: {invalid}")
        })?;
    }
    Ok(config)
}

/// The largest number of points one score weight may give.
pub const MAX_POINTS: f64 = 1000.0;
/// The largest `*_full_at` value (lines, complexity risk, commits).
pub const MAX_FULL_AT: f64 = 1e9;
/// The largest priority threshold.
pub const MAX_THRESHOLD: f64 = 1e6;
/// The largest category weight.
pub const MAX_CATEGORY_WEIGHT: f64 = 100.0;
/// The longest history window in days (100 years).
pub const MAX_WINDOW_DAYS: u64 = 36_500;

/// Err unless `value` is a finite number in `low..=high` (above `low` when `open`).
fn in_range(key: Vec<Step>, value: f64, low: f64, open: bool, high: f64) -> Result<(), Invalid> {
    let fits = value.is_finite() && value <= high && (value > low || (!open && value == low));
    if fits {
        return Ok(());
    }
    let floor = if open { "above" } else { "at least" };
    // Huge numbers in exponent form (`1e308`, not 309 digits).
    let shown = if value.is_finite() && value.abs() >= 1e15 {
        format!("{value:e}")
    } else {
        value.to_string()
    };
    Err(Invalid::new(
        key,
        format!("must be a number {floor} {low} and at most {high}, not {shown}"),
    ))
}

impl Config {
    /// Checks what the types cannot: globs compile, numbers are finite and in range, thresholds fall.
    pub fn check(&self) -> Result<(), Invalid> {
        use Step::{Index, Key};
        let globs = [
            ("include", &self.include),
            ("exclude", &self.exclude),
            ("product", &self.product),
        ];
        for (key, list) in globs {
            for (i, g) in list.iter().enumerate() {
                if let Err(e) = glob::Pattern::new(g) {
                    let why = format!("bad glob {g:?}: {}", e.msg);
                    return Err(Invalid::new(vec![Key(key), Index(i)], why));
                }
            }
        }
        for (c, rule) in self.categories.iter().enumerate() {
            for (i, g) in rule.paths.iter().enumerate() {
                if let Err(e) = glob::Pattern::new(g) {
                    let why = format!("bad glob {g:?}: {}", e.msg);
                    let key = vec![Key("category"), Index(c), Key("paths"), Index(i)];
                    return Err(Invalid::new(key, why));
                }
            }
            let key = vec![Key("category"), Index(c), Key("weight")];
            in_range(key, rule.weight, 0.0, false, MAX_CATEGORY_WEIGHT)?;
        }
        let share = self.thresholds.tested_share;
        in_range(
            vec![Key("thresholds"), Key("tested_share")],
            share,
            0.0,
            false,
            1.0,
        )?;
        let w = &self.score;
        for (key, value) in [
            ("untested", w.untested),
            ("import_only", w.import_only),
            ("indirect", w.indirect),
            ("limited", w.limited),
            ("size", w.size),
            ("complexity", w.complexity),
            ("fan_in_each", w.fan_in_each),
            ("fan_in", w.fan_in),
            ("sensitive", w.sensitive),
            ("churn", w.churn),
        ] {
            in_range(vec![Key("score"), Key(key)], value, 0.0, false, MAX_POINTS)?;
        }
        for (key, value) in [
            ("size_full_at", w.size_full_at),
            ("complexity_full_at", w.complexity_full_at),
            ("churn_full_at", w.churn_full_at),
        ] {
            in_range(vec![Key("score"), Key(key)], value, 0.0, true, MAX_FULL_AT)?;
        }
        let p = &self.priority;
        for (key, value) in [
            ("critical", p.critical),
            ("high", p.high),
            ("medium", p.medium),
        ] {
            in_range(
                vec![Key("priority"), Key(key)],
                value,
                0.0,
                false,
                MAX_THRESHOLD,
            )?;
        }
        if !(p.critical >= p.high && p.high >= p.medium) {
            return Err(Invalid::new(
                vec![Key("priority")],
                "thresholds must fall: critical >= high >= medium".into(),
            ));
        }
        if let Some(p) = self.fail_under {
            in_range(vec![Key("fail_under")], p, 0.0, false, 100.0)?;
        }
        for (a, rule) in self.accept.iter().enumerate() {
            if rule.paths.is_empty() {
                let key = vec![Key("accept"), Index(a), Key("paths")];
                return Err(Invalid::new(key, "needs at least one glob".into()));
            }
            for (i, g) in rule.paths.iter().enumerate() {
                if let Err(e) = glob::Pattern::new(g) {
                    let why = format!("bad glob {g:?}: {}", e.msg);
                    let key = vec![Key("accept"), Index(a), Key("paths"), Index(i)];
                    return Err(Invalid::new(key, why));
                }
            }
            if rule.reason.trim().is_empty() {
                let key = vec![Key("accept"), Index(a), Key("reason")];
                return Err(Invalid::new(key, "must say why the gap is accepted".into()));
            }
        }
        let days = self.history.window_days;
        if !(1..=MAX_WINDOW_DAYS).contains(&days) {
            return Err(Invalid::new(
                vec![Key("history"), Key("window_days")],
                format!("must be between 1 and {MAX_WINDOW_DAYS} days (100 years), not {days}"),
            ));
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

    /// True when `path` matches a `product` glob: product code, whatever gap's not-product signals say.
    pub fn is_declared_product(&self, path: &str) -> bool {
        self.product.iter().any(|g| glob_matches(g, path))
    }

    /// True when `path` is to be scanned: it matches an `include` glob (or there are none) and no `exclude` one.
    pub fn selects(&self, path: &str) -> bool {
        (self.include.is_empty() || self.include.iter().any(|g| glob_matches(g, path)))
            && !self.exclude.iter().any(|g| glob_matches(g, path))
    }
}

/// The configuration as a document carries it (`config`): read leniently, so a document written by a newer
/// gap passes through an older one. Keys this version does not know, at any depth, are set aside in
/// [`Config::extra`] and written back in place; the keys it knows are read and checked as in gap.toml.
pub mod embedded {
    use serde::{de::Error as _, Deserialize, Deserializer, Serialize, Serializer};
    use serde_json::Value;

    use super::{AcceptRule, CategoryRule, Config};

    /// Every key this version knows, as a tree: the default configuration with one sample category.
    fn template() -> Value {
        let mut t = serde_json::to_value(Config::default()).unwrap_or_default();
        let rule = CategoryRule {
            name: String::new(),
            paths: Vec::new(),
            weight: 1.0,
            test_type: None,
            floor: None,
        };
        if let (Some(map), Ok(rule)) = (t.as_object_mut(), serde_json::to_value(rule)) {
            map.insert("category".into(), Value::Array(vec![rule]));
        }
        let accept = AcceptRule {
            paths: vec![String::new()],
            symbols: vec![String::new()],
            reason: String::new(),
        };
        if let (Some(map), Ok(accept)) = (t.as_object_mut(), serde_json::to_value(accept)) {
            map.insert("accept".into(), Value::Array(vec![accept]));
            map.insert("fail_on".into(), Value::from("LOW"));
            map.insert("fail_under".into(), Value::from(0.0));
        }
        t
    }

    /// Moves every key of `value` that `template` lacks into the returned tree (None when there is none).
    fn split_unknown(value: &mut Value, template: &Value) -> Option<Value> {
        match (value, template) {
            (Value::Object(map), Value::Object(known)) => {
                let mut unknown = serde_json::Map::new();
                let keys: Vec<String> = map.keys().cloned().collect();
                for key in keys {
                    match known.get(&key) {
                        Some(t) => {
                            if let Some(inner) = map.get_mut(&key).and_then(|v| split_unknown(v, t))
                            {
                                unknown.insert(key, inner);
                            }
                        }
                        None => {
                            if let Some(v) = map.remove(&key) {
                                unknown.insert(key, v);
                            }
                        }
                    }
                }
                (!unknown.is_empty()).then_some(Value::Object(unknown))
            }
            (Value::Array(items), Value::Array(known)) if !known.is_empty() => {
                let per_item: Vec<Value> = items
                    .iter_mut()
                    .map(|item| split_unknown(item, &known[0]).unwrap_or(Value::Null))
                    .collect();
                per_item
                    .iter()
                    .any(|v| !v.is_null())
                    .then_some(Value::Array(per_item))
            }
            _ => None,
        }
    }

    /// Puts the set-aside keys of `unknown` back into `value`, where they were.
    fn merge_unknown(value: &mut Value, unknown: &Value) {
        match (value, unknown) {
            (Value::Object(map), Value::Object(extra)) => {
                for (key, v) in extra {
                    match map.get_mut(key) {
                        Some(slot) => merge_unknown(slot, v),
                        None => {
                            map.insert(key.clone(), v.clone());
                        }
                    }
                }
            }
            (Value::Array(items), Value::Array(extra)) => {
                for (item, v) in items.iter_mut().zip(extra) {
                    merge_unknown(item, v);
                }
            }
            _ => {}
        }
    }

    /// Reads `config` from a document.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Config>, D::Error> {
        let Some(mut value) = Option::<Value>::deserialize(d)? else {
            return Ok(None);
        };
        let unknown = split_unknown(&mut value, &template());
        let mut config = Config::deserialize(value).map_err(D::Error::custom)?;
        config
            .check()
            .map_err(|e| D::Error::custom(format!("config: {e}")))?;
        if let Some(Value::Object(extra)) = unknown {
            config.extra = extra;
        }
        Ok(Some(config))
    }

    /// Writes `config` into a document, the keys it carried from a newer version included.
    pub fn serialize<S: Serializer>(config: &Option<Config>, s: S) -> Result<S::Ok, S::Error> {
        let Some(config) = config else {
            return s.serialize_none();
        };
        let mut value = serde_json::to_value(config).map_err(serde::ser::Error::custom)?;
        merge_unknown(&mut value, &Value::Object(config.extra.clone()));
        value.serialize(s)
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
            bad_glob.starts_with("gap.toml:1: exclude[1]: bad glob \"a/[z\""),
            "{bad_glob}"
        );
        assert_eq!(
            gap("[thresholds]\ntested_share = 2\n").unwrap_err(),
            "gap.toml:2: thresholds.tested_share: must be a number at least 0 and at most 1, not 2"
        );
        assert_eq!(
            gap("[priority]\ncritical = 10\nhigh = 50\n").unwrap_err(),
            "gap.toml:1: priority: thresholds must fall: critical >= high >= medium"
        );
        assert!(gap("[[category]]\nname = \"X\"\n")
            .unwrap_err()
            .contains("missing field `paths`"));
        assert!(
            gap("[[category]]\nname = \"X\"\npaths = []\nfloor = \"URGENT\"\n")
                .unwrap_err()
                .starts_with("gap.toml:4:")
        );
        assert_eq!(
            gap("[[category]]\nname = \"X\"\npaths = [\"[\"]\n").unwrap_err(),
            "gap.toml:3: category[0].paths[0]: bad glob \"[\": invalid range pattern"
        );
        assert!(gap("x = [\n").unwrap_err().starts_with("gap.toml:"));
    }

    #[test]
    fn python_loaders_are_read_and_unknown_python_keys_refused() {
        let c = gap("[python]\nloaders = [\"import_helper.import_module\", \"load_plugin\"]\n")
            .unwrap();
        assert_eq!(
            c.python.loaders,
            ["import_helper.import_module", "load_plugin"]
        );
        assert!(gap("").unwrap().python.loaders.is_empty());
        assert!(gap("[python]\nloader = [\"x\"]\n")
            .unwrap_err()
            .starts_with("gap.toml:2: unknown field `loader`"));
        assert!(gap("[python]\nloaders = \"x\"\n")
            .unwrap_err()
            .starts_with("gap.toml:2:"));
    }

    #[test]
    fn numbers_out_of_range_are_refused_with_file_line_and_key() {
        let cases = [
            ("[score]\nuntested = nan\n", "gap.toml:2: score.untested: must be a number at least 0 and at most 1000, not NaN"),
            ("[score]\nsize = inf\n", "gap.toml:2: score.size: must be a number at least 0 and at most 1000, not inf"),
            ("[score]\nchurn = 1e308\n", "gap.toml:2: score.churn: must be a number at least 0 and at most 1000, not 1e308"),
            ("\n[score]\ncomplexity_full_at = -5\n", "gap.toml:3: score.complexity_full_at: must be a number above 0 and at most 1000000000, not -5"),
            ("[score]\nsize_full_at = 0\n", "gap.toml:2: score.size_full_at: must be a number above 0 and at most 1000000000, not 0"),
            ("[score]\nfan_in_each = -1\n", "gap.toml:2: score.fan_in_each: must be a number at least 0 and at most 1000, not -1"),
            ("[priority]\nmedium = -inf\n", "gap.toml:2: priority.medium: must be a number at least 0 and at most 1000000, not -inf"),
            ("[thresholds]\ntested_share = nan\n", "gap.toml:2: thresholds.tested_share: must be a number at least 0 and at most 1, not NaN"),
            ("[history]\nwindow_days = 9223372036854775807\n", "gap.toml:2: history.window_days: must be between 1 and 36500 days (100 years), not 9223372036854775807"),
            ("[history]\nwindow_days = 0\n", "gap.toml:2: history.window_days: must be between 1 and 36500 days (100 years), not 0"),
            ("[[category]]\nname = \"A\"\npaths = []\n\n[[category]]\nname = \"B\"\npaths = []\nweight = nan\n", "gap.toml:8: category[1].weight: must be a number at least 0 and at most 100, not NaN"),
        ];
        for (text, want) in cases {
            assert_eq!(gap(text).unwrap_err(), want, "{text}");
        }
        let err = parse(
            "[project]\nname = \"x\"\n\n[tool.gap.score]\nsize = -2\n",
            "pyproject.toml",
            Source::Pyproject,
        )
        .unwrap_err();
        assert_eq!(
            err,
            "pyproject.toml:5: score.size: must be a number at least 0 and at most 1000, not -2"
        );
    }

    #[test]
    fn a_document_keeps_the_keys_of_a_newer_version_and_checks_the_known_ones() {
        #[derive(Serialize, Deserialize)]
        struct Holder {
            #[serde(with = "embedded")]
            config: Option<Config>,
        }
        let mut value = serde_json::json!({"config": Config::default()});
        value["config"]["x_top"] = serde_json::json!({"a": 1});
        value["config"]["score"]["x_weight"] = serde_json::json!(2.5);
        value["config"]["category"] = serde_json::json!([
            {"name": "A", "paths": ["a/*"], "x_owner": "team-a"},
            {"name": "B", "paths": ["b/*"]}
        ]);
        let held: Holder = serde_json::from_value(value.clone()).unwrap();
        let config = held.config.as_ref().unwrap();
        assert_eq!(config.categories[0].name, "A");
        assert_eq!(config.extra["x_top"], serde_json::json!({"a": 1}));
        let back = serde_json::to_value(&held).unwrap();
        assert_eq!(back["config"]["x_top"], value["config"]["x_top"]);
        assert_eq!(back["config"]["score"]["x_weight"], 2.5);
        assert_eq!(back["config"]["category"][0]["x_owner"], "team-a");
        assert_eq!(back["config"]["category"][1].get("x_owner"), None);
        // Values this version knows are still checked.
        value["config"]["score"]["size"] = serde_json::json!(-1);
        let err = serde_json::from_value::<Holder>(value)
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("config: score.size: must be a number at least 0"),
            "{err}"
        );
    }

    #[test]
    fn gates_and_accepted_gaps_are_read_and_checked() {
        let c = gap(r#"
fail_on = "high"
fail_under = 62.5

[[accept]]
paths = ["app/legacy/**"]
reason = "replaced in Q3"

[[accept]]
paths = ["app/cli.py"]
symbols = ["main", "Shell.loop"]
reason = "thin wrapper over argparse"
"#)
        .unwrap();
        assert_eq!(
            (c.fail_on, c.fail_under),
            (Some(Priority::High), Some(62.5))
        );
        assert_eq!(c.accept.len(), 2);
        assert!(c.accept[0].covers("app/legacy/old/x.py") && !c.accept[0].covers("app/x.py"));
        assert_eq!(c.accept[1].symbols, ["main", "Shell.loop"]);
        assert_eq!(gap(&c.to_toml()).unwrap(), c, "round trip");
        assert_eq!(
            gap("fail_on = \"CRITICAL\"\n").unwrap().fail_on,
            Some(Priority::Critical)
        );
        let cases = [
            ("fail_on = \"urgent\"\n", "gap.toml:1: unknown priority \"urgent\", expected one of critical, high, medium, low"),
            ("fail_under = 101\n", "gap.toml:1: fail_under: must be a number at least 0 and at most 100, not 101"),
            ("[[accept]]\npaths = [\"a/*\"]\nreason = \" \"\n", "gap.toml:3: accept[0].reason: must say why the gap is accepted"),
            ("[[accept]]\npaths = []\nreason = \"x\"\n", "gap.toml:2: accept[0].paths: needs at least one glob"),
            ("[[accept]]\npaths = [\"[\"]\nreason = \"x\"\n", "gap.toml:2: accept[0].paths[0]: bad glob \"[\": invalid range pattern"),
        ];
        for (text, want) in cases {
            assert_eq!(gap(text).unwrap_err(), want, "{text}");
        }
        assert!(gap("[[accept]]\npaths = [\"a\"]\n")
            .unwrap_err()
            .contains("missing field `reason`"));
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
