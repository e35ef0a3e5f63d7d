//! The gap/1 document: one JSON object that every stage reads, extends and passes on.
//!
//! Rules every stage keeps:
//! - `schema` is `"gap/1"`; a reader refuses any other value.
//! - Collections are arrays of objects sorted by `path` (or `id`), never maps keyed by paths.
//! - A stage adds its own fields and passes every field it does not know through untouched
//!   (the `extra` maps below), so later tools and newer versions can add fields freely.
//! - Output is deterministic: the same input gives the same bytes.
//!
//! Fields written by `gap-rank` are optional here and absent from a scan-only document.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The schema identifier of this version of the document.
pub const SCHEMA: &str = "gap/1";

/// Unknown fields, kept as they came and written back in key order.
pub type Extra = Map<String, Value>;

/// The whole document.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Document {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The tool and version that wrote this document last.
    pub tool: Tool,
    /// Every stage that has written this document, in order.
    #[serde(default)]
    pub stages: Vec<Tool>,
    /// The scanned root as given on the command line.
    pub root: String,
    /// Source modules, sorted by `path`.
    #[serde(default)]
    pub modules: Vec<Module>,
    /// Test files and test support files, sorted by `path`.
    #[serde(default)]
    pub tests: Vec<TestFile>,
    /// Categories of modules, sorted by `id`.
    #[serde(default)]
    pub categories: Vec<Category>,
    /// Files that were skipped or only partly understood, sorted by `path`.
    #[serde(default)]
    pub warnings: Vec<Warning>,
    /// Files and folders left out of the scan on purpose, with the reason, sorted by `path`: nothing is
    /// skipped without a word.
    #[serde(default)]
    pub excluded: Vec<Excluded>,
    /// The effective configuration the scan ran with (gap.toml and defaults); gap-rank ranks with it.
    /// Read leniently: keys a newer version added are kept and written back ([`crate::config::embedded`]).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::config::embedded"
    )]
    pub config: Option<crate::Config>,
    /// Where the change history came from, or why there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<HistoryInfo>,
    /// Totals over all testable modules (written by gap-rank).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Tally>,
    /// Totals per language, sorted by language (written by gap-rank).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<LanguageSummary>,
    /// The commit the scanned tree is at (`git rev-parse HEAD`, full hash), when gap-scan read git (history on,
    /// or `--since`). Baselines use it to know which commit an earlier document describes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head_commit: Option<String>,
    /// The scanned root relative to the top of its repository, `/`-separated (`""` at the top), when git
    /// said it or a `--diff` showed it: CI formats name files from the repository's top with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo_path: Option<String>,
    /// What the change under review is, when gap-scan was given `--since REV` or `--diff FILE`; each changed
    /// module then has `changed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<ChangeInfo>,
    /// Fields this version does not know, passed through.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The change a scan marked (`gap-scan --since REV` or `--diff FILE`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ChangeInfo {
    /// The revision as given to `--since`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// The diff file as given to `--diff`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
    /// With `--since`: the commit changes are measured from, the merge base of REV and `HEAD` (full hash).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_commit: Option<String>,
    /// Files of the scanned tree the change adds or modifies (sources, tests and others), sorted.
    #[serde(default)]
    pub files: Vec<String>,
    /// Fields this version does not know, passed through.
    #[serde(flatten)]
    pub extra: Extra,
}

/// How one module changed (present only on changed modules).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct ModuleChange {
    /// True when the file is new: all of it is changed.
    #[serde(default)]
    pub added: bool,
    /// The path it had before, relative to the scanned root, when it was renamed or moved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// Changed lines of the current file as `[first, last]` ranges, 1-based, sorted; a deletion marks the
    /// line after it.
    #[serde(default)]
    pub lines: Vec<[u64; 2]>,
    /// Public symbols whose lines changed (names as in `symbols`), in file order.
    #[serde(default)]
    pub symbols: Vec<String>,
    /// Fields this version does not know, passed through.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Where an accepted gap was accepted.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum AcceptedBy {
    /// A `gap: accept REASON` comment in the file.
    Marker,
    /// An `[[accept]]` rule of gap.toml.
    Config,
}

/// A gap the team has decided not to close, and why (as coverage.py's `# pragma: no cover`). Accepted gaps
/// keep their status and priority; reports list them apart and gates pass over them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Accepted {
    /// Why, as the team wrote it.
    pub reason: String,
    /// A marker comment or a gap.toml rule.
    pub by: AcceptedBy,
    /// The marker's 1-based line (markers only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Fields this version does not know, passed through.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A tool name and version.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Tool {
    /// Binary name, e.g. `gap-scan`.
    pub name: String,
    /// Its version.
    pub version: String,
    /// Fields this version does not know, passed through.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Tool {
    /// The tool with the crate version of the caller.
    pub fn new(name: &str, version: &str) -> Self {
        Tool {
            name: name.to_string(),
            version: version.to_string(),
            extra: Extra::new(),
        }
    }
}

/// How well tests reach a module (see docs/schema.md for the thresholds).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// No test imports it and no directly tested module reaches it.
    Untested,
    /// Test files import it but none uses any of its symbols.
    ImportOnly,
    /// No test imports it; directly tested modules import it.
    Indirect,
    /// Tests use its symbols, but fewer than the threshold share of its public ones.
    Limited,
    /// Tests use at least the threshold share of its public symbols.
    Tested,
}

impl Status {
    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Untested => "untested",
            Status::ImportOnly => "import_only",
            Status::Indirect => "indirect",
            Status::Limited => "limited",
            Status::Tested => "tested",
        }
    }
}

/// The kind of a definition.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum SymbolKind {
    /// A top-level function.
    Function,
    /// A top-level class.
    Class,
    /// A method of a top-level class, named `Class.method`.
    Method,
    /// A Rust trait impl with functions, named `Trait for Type` (`Display for Version`): one unit, its
    /// methods not listed one by one.
    Impl,
}

/// A definition in a module.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Symbol {
    /// `name` for functions and classes, `Class.method` for methods.
    pub name: String,
    /// Function, class or method.
    pub kind: SymbolKind,
    /// 1-based line of the `def`/`class` keyword.
    pub line: u64,
    /// 1-based last line of its body, where the language's reader knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_line: Option<u64>,
    /// Branch points in its own body (a class's excludes its methods).
    pub branches: u64,
    /// Raise sites in its own body.
    #[serde(default)]
    pub raises: u64,
    /// False when the name, or a method's class name, starts with `_`.
    pub public: bool,
    /// True when some test file uses this name in test code.
    pub referenced: bool,
    /// Set when the team accepts that it has no test (a marker on it, or a gap.toml rule naming it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Accepted>,
    /// Fields this version does not know, passed through.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Symbol {
    /// A definition at `line` with nothing counted yet: no branches, raises or end line, not referenced, not
    /// accepted.
    pub fn new(name: &str, kind: SymbolKind, line: u64, public: bool) -> Self {
        Symbol {
            name: name.to_string(),
            kind,
            line,
            end_line: None,
            branches: 0,
            raises: 0,
            public,
            referenced: false,
            accepted: None,
            extra: Extra::new(),
        }
    }
}

/// A `raise` statement.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Raise {
    /// 1-based line.
    pub line: u64,
    /// The raised name as written (`ValueError`, `errors.NotFound`), empty for a bare `raise`.
    pub name: String,
    /// Fields this version does not know, passed through.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The priority of a gap.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Priority {
    /// Can wait.
    Low,
    /// Worth a test soon.
    Medium,
    /// Close soon.
    High,
    /// Fix immediately.
    Critical,
}

impl Priority {
    /// The upper-case name used in JSON and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "LOW",
            Priority::Medium => "MEDIUM",
            Priority::High => "HIGH",
            Priority::Critical => "CRITICAL",
        }
    }

    /// The priority named `text` in any case (`critical`, `HIGH`).
    pub fn parse(text: &str) -> Option<Priority> {
        [
            Priority::Low,
            Priority::Medium,
            Priority::High,
            Priority::Critical,
        ]
        .into_iter()
        .find(|p| p.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

/// The kind of test a module needs.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TestType {
    /// Tests of the module in isolation.
    Unit,
    /// Tests against the database, broker, network or file system it talks to.
    Integration,
}

impl TestType {
    /// The name used in JSON and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            TestType::Unit => "Unit",
            TestType::Integration => "Integration",
        }
    }
}

/// One named part of a module's score.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ScorePart {
    /// The signal, e.g. `status`, `size`, `branches`, `fan_in`, `sensitive`.
    pub name: String,
    /// Its contribution to the score.
    pub value: f64,
    /// Fields this version does not know, passed through.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A source module and what tests make of it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Module {
    /// Path relative to the scanned root, `/`-separated.
    pub path: String,
    /// Language id, e.g. `python`.
    pub language: String,
    /// Import name, e.g. `app.services.auth_service`.
    pub name: String,
    /// The `id` of its category.
    pub category: String,
    /// Physical lines, as `wc -l` counts them.
    pub lines: u64,
    /// Lines that are neither blank nor only a comment.
    pub code_lines: u64,
    /// Branch points in the whole file.
    pub branches: u64,
    /// False when the module defines no function or class (nothing to test by itself).
    pub testable: bool,
    /// Definitions, in file order.
    #[serde(default)]
    pub symbols: Vec<Symbol>,
    /// Raise sites, in file order.
    #[serde(default)]
    pub raises: Vec<Raise>,
    /// Modules of the tree it imports (paths, sorted).
    #[serde(default)]
    pub imports: Vec<String>,
    /// Imported names that are not in the tree (dotted, sorted), e.g. `sqlalchemy.orm`.
    #[serde(default)]
    pub external_imports: Vec<String>,
    /// Source modules that import it (paths, sorted): its fan-in.
    #[serde(default)]
    pub imported_by: Vec<String>,
    /// Test files that use its symbols in test code (paths, sorted).
    #[serde(default)]
    pub direct_tests: Vec<String>,
    /// Test files that import it but use none of its symbols (paths, sorted).
    #[serde(default)]
    pub import_only_tests: Vec<String>,
    /// Test files named after it (`test_NAME.py`, `NAME_test.py`), whatever they import.
    #[serde(default)]
    pub named_tests: Vec<String>,
    /// When no test imports it: directly tested modules that import it (paths, sorted).
    #[serde(default)]
    pub indirect_via: Vec<String>,
    /// Where every credit it receives comes from: one entry per (file, kind), sorted by `test`, then `kind`.
    /// `direct_tests` and `import_only_tests` are derived from it.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// Test calls that matched this module's routes and another module's equally well, so credited neither
    /// (docs/schema.md, "HTTP evidence"); absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub http_unmatched: Vec<HttpUnmatched>,
    /// Changes in the history window (absent when history is off or unavailable).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<ModuleHistory>,
    /// How it changed in the change under review (`change`); absent when it did not or none was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<ModuleChange>,
    /// Set when the team accepts its gap as a whole (a marker before its first definition, or a gap.toml rule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Accepted>,
    /// Public symbols.
    pub public_symbols: u64,
    /// Public symbols some test uses.
    pub referenced_symbols: u64,
    /// `referenced_symbols / public_symbols`, null without public symbols.
    pub symbol_coverage: Option<f64>,
    /// How well tests reach it.
    pub status: Status,
    /// Written by gap-rank: the priority of closing this gap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// Written by gap-rank: the sum of `score_parts`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Written by gap-rank: the weight of its category (gap.toml) that multiplied the other parts, when it
    /// is not 1; its effect is the `category` part of `score_parts`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_weight: Option<f64>,
    /// Written by gap-rank: the score broken into named parts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_parts: Option<Vec<ScorePart>>,
    /// Written by gap-rank: the reasons behind the priority, most important first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasons: Option<Vec<String>>,
    /// Written by gap-rank: the kind of test to write.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_type: Option<TestType>,
    /// Written by gap-rank: why that kind (the import that decided it), if Integration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_type_reason: Option<String>,
    /// Written by gap-rank: estimated number of missing tests (formula in docs/ranking.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing_tests: Option<u64>,
    /// Written by gap-rank: untested public symbols, most complex first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing_symbols: Option<Vec<String>>,
    /// Fields this version does not know, passed through.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Module {
    /// A module at `path` with no facts yet: no symbols, no tests, status `untested`, category its folder.
    pub fn new(path: &str, language: &str) -> Self {
        Module {
            path: path.to_string(),
            language: language.to_string(),
            name: path.trim_end_matches(".py").replace('/', "."),
            category: path
                .rfind('/')
                .map(|i| &path[..i])
                .unwrap_or(".")
                .to_string(),
            lines: 0,
            code_lines: 0,
            branches: 0,
            testable: true,
            symbols: Vec::new(),
            raises: Vec::new(),
            imports: Vec::new(),
            external_imports: Vec::new(),
            imported_by: Vec::new(),
            direct_tests: Vec::new(),
            import_only_tests: Vec::new(),
            named_tests: Vec::new(),
            indirect_via: Vec::new(),
            http_unmatched: Vec::new(),
            evidence: Vec::new(),
            history: None,
            changed: None,
            accepted: None,
            public_symbols: 0,
            referenced_symbols: 0,
            symbol_coverage: None,
            status: Status::Untested,
            priority: None,
            score: None,
            category_weight: None,
            score_parts: None,
            reasons: None,
            test_type: None,
            test_type_reason: None,
            missing_tests: None,
            missing_symbols: None,
            extra: Extra::new(),
        }
    }

    /// The file name, the last path component.
    pub fn file_name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// True when it is a gap the report and the gates count: testable, not `tested`, not accepted.
    pub fn is_open_gap(&self) -> bool {
        self.testable && self.status != Status::Tested && self.accepted.is_none()
    }
}

/// How a test reaches a module: the kinds of [`Evidence`], strongest first (docs/schema.md says which
/// statuses each can give).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// The test uses a function, class or method the module defines.
    Reference,
    /// The test calls an endpoint the module handles, by URL or route name.
    Http,
    /// The test names the module, a class of it or a plugin it provides by a string that the project loads.
    ByName,
    /// The test imports the module (or a name re-exported from it) without using what it defines.
    Import,
    /// A naming convention links the test to the module (`app/tests/test_views.py` ↔ `app/views.py`); weakest.
    Convention,
    /// No test reaches it; code of a directly tested module runs it (`test` names that module).
    Indirect,
}

impl EvidenceKind {
    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::Reference => "reference",
            EvidenceKind::Http => "http",
            EvidenceKind::ByName => "by_name",
            EvidenceKind::Import => "import",
            EvidenceKind::Convention => "convention",
            EvidenceKind::Indirect => "indirect",
        }
    }
}

/// A test call that matched the routes of several modules equally well: no credit, and why.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct HttpUnmatched {
    /// The test file.
    pub test: String,
    /// 1-based line of the call.
    pub line: u64,
    /// The call as gap read it (`GET /api/items/{}`, or a route name).
    pub call: String,
    /// The modules whose routes matched equally well, sorted.
    pub modules: Vec<String>,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One credit a module receives.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Evidence {
    /// The test file that gives it (for `indirect`: the directly tested module whose code runs it).
    pub test: String,
    /// 1-based line in that file of the first place it shows (0 when no single line does).
    pub line: u64,
    /// What kind of credit it is.
    pub kind: EvidenceKind,
    /// What was matched, when a name or URL was: the string, the URL, the route name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Fields this version does not know, passed through.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A file or folder left out of the scan on purpose.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Excluded {
    /// Path relative to the scanned root, `/`-separated (a folder ends with `/`).
    pub path: String,
    /// Why, as a stable code listed in docs/schema.md (`hidden`, `symlink`, `generated`, `example`, ...).
    pub reason: String,
    /// More words on it, when a code alone does not say enough.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Fields this version does not know, passed through.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Whether a test-side file holds tests or supports them.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum TestKind {
    /// Holds test functions or classes.
    Test,
    /// `conftest.py`, helpers, fixtures, `__init__.py` under a tests folder.
    Support,
}

/// A test file or test support file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TestFile {
    /// Path relative to the scanned root.
    pub path: String,
    /// Language id.
    pub language: String,
    /// Test or support.
    pub kind: TestKind,
    /// `unit`, `integration`, `e2e` or `other`, from the folders it sits in.
    pub suite: String,
    /// Physical lines.
    pub lines: u64,
    /// Test functions and methods it defines.
    pub test_functions: u64,
    /// Modules of the tree it imports, re-exports followed to the defining module (paths, sorted).
    #[serde(default)]
    pub imports: Vec<String>,
    /// Modules whose symbols it uses in test code (paths, sorted).
    #[serde(default)]
    pub exercises: Vec<String>,
    /// Fields this version does not know, passed through.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Counts over a set of modules (a category, or all of them); written by gap-rank.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Tally {
    /// Testable modules.
    pub modules: u64,
    /// Of those, with status `untested`.
    pub untested: u64,
    /// With status `import_only`.
    pub import_only: u64,
    /// With status `indirect`.
    pub indirect: u64,
    /// With status `limited`.
    pub limited: u64,
    /// With status `tested`.
    pub tested: u64,
    /// Without a direct test (❌ in reports): `untested` + `indirect`.
    #[serde(default)]
    pub no_direct: u64,
    /// Weakly tested (⚠️ in reports): `import_only` + `limited`.
    #[serde(default)]
    pub weak: u64,
    /// Physical lines of those modules.
    pub lines: u64,
    /// Public symbols of those modules.
    pub public_symbols: u64,
    /// Public symbols that tests use.
    pub referenced_symbols: u64,
    /// `round(100 * (limited + tested) / modules)`: the share of modules with direct tests.
    pub coverage_percent: u64,
    /// `round(100 * referenced_symbols / public_symbols)`.
    pub symbol_coverage_percent: u64,
    /// Sum of the modules' `missing_tests` estimates.
    pub missing_tests: u64,
    /// Modules not `tested` whose gap the team accepts (they are counted by status above too).
    #[serde(default)]
    pub accepted: u64,
    /// Fields this version does not know, passed through.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Tally {
    /// Adds one module's counts (a testable one; callers skip the rest).
    /// Every count saturates at `u64::MAX` rather than wrapping, whatever a document claims.
    pub fn add(&mut self, m: &Module) {
        let bump = |n: &mut u64, by: u64| *n = n.saturating_add(by);
        bump(&mut self.modules, 1);
        match m.status {
            Status::Untested => bump(&mut self.untested, 1),
            Status::ImportOnly => bump(&mut self.import_only, 1),
            Status::Indirect => bump(&mut self.indirect, 1),
            Status::Limited => bump(&mut self.limited, 1),
            Status::Tested => bump(&mut self.tested, 1),
        }
        self.no_direct = self.untested.saturating_add(self.indirect);
        self.weak = self.import_only.saturating_add(self.limited);
        bump(&mut self.lines, m.lines);
        bump(&mut self.public_symbols, m.public_symbols);
        bump(&mut self.referenced_symbols, m.referenced_symbols);
        bump(&mut self.missing_tests, m.missing_tests.unwrap_or(0));
        if m.accepted.is_some() && m.status != Status::Tested {
            bump(&mut self.accepted, 1);
        }
        self.coverage_percent = percent(self.limited.saturating_add(self.tested), self.modules);
        self.symbol_coverage_percent = percent(self.referenced_symbols, self.public_symbols);
    }
}

/// `round(100 * part / whole)` with halves rounded up; 0 when `whole` is 0. Exact for every `u64` (the
/// arithmetic is done in 128 bits), so no count a document holds can overflow it.
pub fn percent(part: u64, whole: u64) -> u64 {
    if whole == 0 {
        return 0;
    }
    let (part, whole) = (u128::from(part), u128::from(whole));
    u64::try_from((200 * part + whole) / (2 * whole)).unwrap_or(u64::MAX)
}

/// A category of modules, decided once by gap-scan: a layer of the tree (a folder with the folders it rolls
/// up) or a `[[category]]` of gap.toml.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Category {
    /// Stable identifier: the folder relative to the scanned root (`.` for the root), or the name of its
    /// gap.toml `[[category]]`.
    pub id: String,
    /// Display name, e.g. `Repositories`, `Kafka Events`; unique in the document.
    pub name: String,
    /// The folder its modules share, relative to the root (`.` for the root); reports show paths from it.
    /// Absent from documents written before it: the id is the folder there.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub folder: String,
    /// From gap.toml: multiplies its modules' scores (absent: 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    /// From gap.toml: the lowest priority of its modules that are not `tested`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<Priority>,
    /// From gap.toml: the kind of test its modules need, whatever they import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_type: Option<TestType>,
    /// Language ids of its modules, sorted.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Paths of its modules, sorted.
    #[serde(default)]
    pub modules: Vec<String>,
    /// Written by gap-rank: counts over its testable modules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Tally>,
    /// Written by gap-rank: the highest priority among its modules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// Fields this version does not know, passed through.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Category {
    /// A category with no modules yet; its folder is its id.
    pub fn new(id: &str, name: &str) -> Self {
        Category {
            id: id.to_string(),
            name: name.to_string(),
            folder: id.to_string(),
            weight: None,
            floor: None,
            test_type: None,
            languages: Vec::new(),
            modules: Vec::new(),
            summary: None,
            priority: None,
            extra: Extra::new(),
        }
    }

    /// The folder reports show its modules from: `folder`, or the id in documents written before it.
    pub fn shown_folder(&self) -> &str {
        if self.folder.is_empty() {
            &self.id
        } else {
            &self.folder
        }
    }
}

/// The change history a scan read.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct HistoryInfo {
    /// Days before the newest commit that count.
    pub window_days: u64,
    /// Unix time of the newest commit (0 without history).
    pub head_time: i64,
    /// Why there is no history, when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Fields this version does not know, passed through.
    #[serde(flatten)]
    pub extra: Extra,
}

/// How one module changed in the history window.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct ModuleHistory {
    /// Commits that touched it.
    pub commits: u64,
    /// Their distinct authors.
    pub authors: u64,
    /// Days between its last change and the newest commit.
    pub last_change_days: u64,
    /// Fields this version does not know, passed through.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The tally of one language's testable modules.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LanguageSummary {
    /// Language id.
    pub language: String,
    /// Counts over its testable modules.
    pub summary: Tally,
    /// Fields this version does not know, passed through.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A file skipped or partly understood.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Warning {
    /// Path relative to the scanned root.
    pub path: String,
    /// What went wrong.
    pub message: String,
    /// Fields this version does not know, passed through.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Document {
    /// An empty document of this schema written by `tool`.
    pub fn new(tool: Tool, root: &str) -> Self {
        Document {
            schema: SCHEMA.to_string(),
            tool: tool.clone(),
            stages: vec![tool],
            root: root.to_string(),
            ..Default::default()
        }
    }

    /// Records that `tool` has written the document.
    pub fn stamp(&mut self, tool: Tool) {
        self.tool = tool.clone();
        self.stages.push(tool);
    }

    /// Sorts every collection into its canonical order.
    pub fn canonicalize(&mut self) {
        self.modules.sort_by(|a, b| a.path.cmp(&b.path));
        self.tests.sort_by(|a, b| a.path.cmp(&b.path));
        self.categories.sort_by(|a, b| a.id.cmp(&b.id));
        self.warnings
            .sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
        self.excluded
            .sort_by(|a, b| a.path.cmp(&b.path).then(a.reason.cmp(&b.reason)));
        self.languages.sort_by(|a, b| a.language.cmp(&b.language));
    }

    /// True when the collections are already in [`Document::canonicalize`]'s order (which then changes
    /// nothing).
    pub fn is_canonical(&self) -> bool {
        self.modules.is_sorted_by(|a, b| a.path <= b.path)
            && self.tests.is_sorted_by(|a, b| a.path <= b.path)
            && self.categories.is_sorted_by(|a, b| a.id <= b.id)
            && self
                .warnings
                .is_sorted_by(|a, b| (&a.path, &a.message) <= (&b.path, &b.message))
            && self
                .excluded
                .is_sorted_by(|a, b| (&a.path, &a.reason) <= (&b.path, &b.reason))
            && self.languages.is_sorted_by(|a, b| a.language <= b.language)
    }

    /// The module at `path`, if any.
    pub fn module(&self, path: &str) -> Option<&Module> {
        self.modules
            .binary_search_by(|m| m.path.as_str().cmp(path))
            .ok()
            .map(|i| &self.modules[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_half_up_and_survives_zero() {
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(1, 8), 13);
        assert_eq!(percent(0, 0), 0);
        assert_eq!(percent(7, 14), 50);
        assert_eq!(percent(1 << 63, 1 << 63), 100);
        assert_eq!(percent(u64::MAX, u64::MAX), 100);
        assert_eq!(percent(1, u64::MAX), 0);
        assert_eq!(percent(u64::MAX, 1), u64::MAX);
    }

    #[test]
    fn tallies_saturate_rather_than_wrap() {
        let mut m = Module::new("a.py", "python");
        m.lines = u64::MAX;
        m.public_symbols = 1 << 63;
        m.referenced_symbols = 1 << 63;
        m.missing_tests = Some(u64::MAX);
        m.status = Status::Tested;
        let mut t = Tally::default();
        t.add(&m);
        t.add(&m);
        assert_eq!(t.lines, u64::MAX);
        assert_eq!(t.missing_tests, u64::MAX);
        assert_eq!(t.public_symbols, u64::MAX);
        assert_eq!(t.symbol_coverage_percent, 100);
        assert_eq!((t.modules, t.tested, t.coverage_percent), (2, 2, 100));
    }

    #[test]
    fn enums_use_their_documented_spelling() {
        assert_eq!(
            serde_json::to_string(&Status::ImportOnly).unwrap(),
            "\"import_only\""
        );
        assert_eq!(
            serde_json::to_string(&Priority::Critical).unwrap(),
            "\"CRITICAL\""
        );
        assert_eq!(
            serde_json::to_string(&TestType::Integration).unwrap(),
            "\"Integration\""
        );
        assert_eq!(
            serde_json::to_string(&TestKind::Support).unwrap(),
            "\"support\""
        );
    }
}
