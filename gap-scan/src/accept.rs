//! Accepted gaps: code a team decides not to test, said where the code is (a `gap: accept REASON` comment, as
//! coverage.py's `# pragma: no cover`) or in gap.toml (`[[accept]]` rules). Accepted gaps keep their status
//! and priority; reports list them apart and gates pass over them.
//!
//! Markers are found by a light line scan, apart from the readers: a line comment of the file's language (the
//! `line_comments` of its row in [`crate::lang`]) whose text starts with [`MARKER`]. Where it stands says what
//! it accepts:
//! - on a definition's line, after the code: that definition;
//! - on a line of its own directly above a definition (only comments, decorators and attributes between):
//!   that definition;
//! - on a line of its own before the first definition, attached to none: the whole module.
//!
//! A class accepted takes its methods with it. A marker without a reason, or one that applies to nothing, is a
//! warning naming its line, and accepts nothing. A module whose untested public symbols are all accepted has
//! its gap accepted as a whole; one whose accepted symbols leave enough of the rest tested is `tested`.

use std::collections::HashMap;
use std::path::Path;

use gap_core::{Accepted, AcceptedBy, Config, Document, Module, Status, SymbolKind, Warning};

use crate::sources::Source;
use crate::{lang, safe_read};

/// The marker text that follows a line comment's start.
pub const MARKER: &str = "gap: accept";

/// A marker found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// 1-based line.
    pub line: u64,
    /// True when code stands before it on its line.
    pub trailing: bool,
    /// The text after the marker, trimmed.
    pub reason: String,
}

/// The marker on `line`, if a line comment there starts with [`MARKER`] (followed by the end of the line or a
/// space).
fn marker_on(line: &str, comments: &[&str]) -> Option<(bool, String)> {
    for prefix in comments {
        let mut from = 0;
        while let Some(at) = line[from..].find(prefix).map(|i| i + from) {
            let rest = line[at + prefix.len()..].trim_start();
            if let Some(after) = rest.strip_prefix(MARKER) {
                if after.is_empty() || after.starts_with(char::is_whitespace) {
                    let trailing = !line[..at].trim().is_empty();
                    return Some((trailing, after.trim().to_string()));
                }
            }
            from = at + prefix.len();
        }
    }
    None
}

/// Every marker of `text`, a file of a language whose line comments start with `comments`.
pub fn markers(text: &str, comments: &[&str]) -> Vec<Marker> {
    if !text.contains(MARKER) {
        return Vec::new();
    }
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            marker_on(l, comments).map(|(trailing, reason)| Marker {
                line: i as u64 + 1,
                trailing,
                reason,
            })
        })
        .collect()
}

/// True for a line that may stand between an own-line marker and its definition: a comment, a decorator or
/// an attribute.
fn passes_through(line: &str, comments: &[&str]) -> bool {
    let t = line.trim_start();
    !t.is_empty()
        && (comments.iter().any(|c| t.starts_with(c))
            || t.starts_with('@')
            || t.starts_with("#[")
            || t.starts_with("/*")
            || t.starts_with('*'))
}

/// What a marker applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// Symbols, by index.
    Symbols(Vec<usize>),
    /// The whole module.
    Module,
}

/// The target of `marker` in module `m` whose text is `lines`.
fn target(m: &Module, marker: &Marker, lines: &[&str], comments: &[&str]) -> Option<Target> {
    let at = |line: u64| -> Vec<usize> {
        (0..m.symbols.len())
            .filter(|&i| m.symbols[i].line == line)
            .collect()
    };
    if marker.trailing {
        let here = at(marker.line);
        return (!here.is_empty()).then_some(Target::Symbols(here));
    }
    let mut next = marker.line + 1;
    while lines
        .get(next as usize - 1)
        .is_some_and(|l| passes_through(l, comments) && at(next).is_empty())
    {
        next += 1;
    }
    let below = at(next);
    if !below.is_empty() {
        return Some(Target::Symbols(below));
    }
    let first = m.symbols.iter().map(|s| s.line).min().unwrap_or(u64::MAX);
    (marker.line < first).then_some(Target::Module)
}

/// Sets `accepted` on the symbols `idx` of `m` and on the methods of the classes among them (what is already
/// accepted stays as it was).
fn accept_symbols(m: &mut Module, idx: &[usize], how: &Accepted) {
    let classes: Vec<String> = idx
        .iter()
        .filter(|&&i| m.symbols[i].kind == SymbolKind::Class)
        .map(|&i| format!("{}.", m.symbols[i].name))
        .collect();
    for (i, s) in m.symbols.iter_mut().enumerate() {
        let member = s.kind == SymbolKind::Method && classes.iter().any(|c| s.name.starts_with(c));
        if (idx.contains(&i) || member) && s.accepted.is_none() {
            s.accepted = Some(how.clone());
        }
    }
}

fn warning(path: &str, message: String) -> Warning {
    Warning {
        path: path.to_string(),
        message,
        extra: Default::default(),
    }
}

/// Applies the markers found in `text` to `m`; returns warnings for markers that accept nothing.
pub fn apply_markers(m: &mut Module, text: &str, comments: &[&str]) -> Vec<Warning> {
    let found = markers(text, comments);
    if found.is_empty() {
        return Vec::new();
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut warnings = Vec::new();
    for marker in found {
        let at = format!("line {}: `{MARKER}`", marker.line);
        if marker.reason.is_empty() {
            warnings.push(warning(
                &m.path,
                format!("{at} needs a reason (`{MARKER} REASON`); ignored"),
            ));
            continue;
        }
        let how = Accepted {
            reason: marker.reason.clone(),
            by: AcceptedBy::Marker,
            line: Some(marker.line),
            extra: Default::default(),
        };
        match target(m, &marker, &lines, comments) {
            Some(Target::Symbols(idx)) => accept_symbols(m, &idx, &how),
            Some(Target::Module) => {
                if m.accepted.is_none() {
                    m.accepted = Some(how);
                }
            }
            None => warnings.push(warning(
                &m.path,
                format!(
                    "{at} applies to no definition; put it on a definition's line or right above it, or \
                     before the first definition for the whole file; ignored"
                ),
            )),
        }
    }
    warnings
}

/// Applies the `[[accept]]` rules of `config` to `modules`; returns warnings for rules that match nothing.
pub fn apply_rules(modules: &mut [Module], config: &Config) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for (r, rule) in config.accept.iter().enumerate() {
        let how = Accepted {
            reason: rule.reason.clone(),
            by: AcceptedBy::Config,
            line: None,
            extra: Default::default(),
        };
        let mut matched_modules = 0;
        let mut named: std::collections::BTreeSet<String> = Default::default();
        for m in modules.iter_mut().filter(|m| rule.covers(&m.path)) {
            matched_modules += 1;
            if rule.symbols.is_empty() {
                if m.accepted.is_none() {
                    m.accepted = Some(how.clone());
                }
                continue;
            }
            let idx: Vec<usize> = (0..m.symbols.len())
                .filter(|&i| rule.symbols.contains(&m.symbols[i].name))
                .collect();
            named.extend(idx.iter().map(|&i| m.symbols[i].name.clone()));
            accept_symbols(m, &idx, &how);
        }
        if matched_modules == 0 {
            warnings.push(warning(
                "",
                format!("gap.toml: accept[{r}] matches no module; it accepts nothing"),
            ));
        }
        let missing: Vec<&str> = rule
            .symbols
            .iter()
            .filter(|s| !named.contains(*s))
            .map(String::as_str)
            .collect();
        if matched_modules > 0 && !missing.is_empty() {
            warnings.push(warning(
                "",
                format!(
                    "gap.toml: accept[{r}] names {} that no module it matches defines",
                    missing.join(", ")
                ),
            ));
        }
    }
    warnings
}

/// Settles a module whose symbols are accepted: `limited` becomes `tested` when the tests use enough of the
/// public symbols that are not accepted; a module whose untested public symbols are all accepted has its gap
/// accepted.
pub fn settle(m: &mut Module, tested_share: f64) {
    let accepted_untested: Vec<&Accepted> = m
        .symbols
        .iter()
        .filter(|s| s.public && !s.referenced)
        .filter_map(|s| s.accepted.as_ref())
        .collect();
    if accepted_untested.is_empty() || m.status == Status::Tested {
        return;
    }
    let untested = m.public_symbols.saturating_sub(m.referenced_symbols);
    let left = m.public_symbols - accepted_untested.len() as u64;
    if m.status == Status::Limited
        && (left == 0 || m.referenced_symbols as f64 / left as f64 >= tested_share)
    {
        m.status = Status::Tested;
        return;
    }
    if m.accepted.is_none() && accepted_untested.len() as u64 == untested {
        let mut reasons: Vec<&str> = accepted_untested
            .iter()
            .map(|a| a.reason.as_str())
            .collect();
        reasons.dedup();
        let first = accepted_untested[0];
        let one_place = accepted_untested
            .iter()
            .all(|a| a.by == first.by && a.line == first.line);
        m.accepted = Some(Accepted {
            reason: reasons.join("; "),
            by: first.by,
            line: if one_place { first.line } else { None },
            extra: Default::default(),
        });
    }
}

/// The texts of the files that hold a marker, by path, as [`marked_text`] reads them.
pub type MarkedTexts = HashMap<String, String>;

/// The marked texts among `sources`, the files of the tree under `root` a scan has read: only the few whose
/// text holds [`MARKER`] are read again, as they are on disk (a byte-order mark kept), instead of every
/// module's file once more after the scan.
pub fn marked_texts(root: &Path, sources: &[Source]) -> MarkedTexts {
    sources
        .iter()
        .filter(|s| s.text.contains(MARKER))
        .filter_map(|s| Some((s.path.clone(), marked_text(&root.join(&s.path))?)))
        .collect()
}

/// Applies markers (from `texts`, the texts of the marked files by path: [`marked_texts`]) and `config`'s
/// rules to `doc`; returns the warnings.
pub fn apply(doc: &mut Document, mut texts: MarkedTexts, config: &Config) -> Vec<Warning> {
    let texts = doc.modules.iter().map(|m| texts.remove(&m.path)).collect();
    apply_texts(doc, texts, config)
}

/// The text of the file at `path` when it holds a marker.
pub fn marked_text(path: &Path) -> Option<String> {
    let text = safe_read::read(path, safe_read::MAX_SOURCE_BYTES).ok()?;
    let text = String::from_utf8(text).ok()?;
    text.contains(MARKER).then_some(text)
}

/// [`apply`] with the texts of the modules that hold markers given (`texts`, one per module, in order): a merge
/// of shard documents has them from the shards.
pub fn apply_texts(
    doc: &mut Document,
    texts: Vec<Option<String>>,
    config: &Config,
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for (m, text) in doc.modules.iter_mut().zip(texts) {
        if let Some(text) = text {
            if let Some(l) = lang::by_id(&m.language) {
                warnings.extend(apply_markers(m, &text, l.line_comments));
            }
        }
    }
    warnings.extend(apply_rules(&mut doc.modules, config));
    for m in &mut doc.modules {
        settle(m, config.thresholds.tested_share);
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use gap_core::Symbol;

    fn sym(name: &str, kind: SymbolKind, line: u64) -> Symbol {
        Symbol::new(name, kind, line, true)
    }

    fn reasons(m: &Module) -> Vec<(String, Option<String>)> {
        m.symbols
            .iter()
            .map(|s| {
                (
                    s.name.clone(),
                    s.accepted.as_ref().map(|a| a.reason.clone()),
                )
            })
            .collect()
    }

    const PY: &str = "\
# gap: accept generated by protoc
import os

def run():  # gap: accept thin CLI wrapper
    pass

# gap: accept vendored client
@dataclass
class Client:
    def get(self):
        pass

def keep():
    # gap: accept
    pass
    # gap: accept stray comment
";

    fn python_module() -> Module {
        let mut m = Module::new("app/x.py", "python");
        m.symbols = vec![
            sym("run", SymbolKind::Function, 4),
            sym("Client", SymbolKind::Class, 9),
            sym("Client.get", SymbolKind::Method, 10),
            sym("keep", SymbolKind::Function, 13),
        ];
        m
    }

    #[test]
    fn markers_accept_what_they_stand_on_or_above_and_the_file_before_its_first_definition() {
        let mut m = python_module();
        let warnings = apply_markers(&mut m, PY, &["#"]);
        assert_eq!(
            m.accepted.as_ref().map(|a| a.reason.as_str()),
            Some("generated by protoc")
        );
        assert_eq!(m.accepted.as_ref().unwrap().line, Some(1));
        let r = |s: &str| Some(s.to_string());
        assert_eq!(
            reasons(&m),
            [
                ("run".into(), r("thin CLI wrapper")),
                ("Client".into(), r("vendored client")),
                ("Client.get".into(), r("vendored client")),
                ("keep".into(), None),
            ]
        );
        let w: Vec<String> = warnings.iter().map(|w| w.message.clone()).collect();
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(
            w[0].starts_with("line 14: `gap: accept` needs a reason"),
            "{w:?}"
        );
        assert!(
            w[1].starts_with("line 16: `gap: accept` applies to no definition"),
            "{w:?}"
        );
    }

    #[test]
    fn only_line_comments_of_the_language_count() {
        assert_eq!(markers("x = \"gap: accept no\"\n", &["#"]), vec![]);
        assert_eq!(markers("// gap: acceptance\n", &["//"]), vec![]);
        assert_eq!(
            markers("func F() {} // gap: accept generated\n", &["//"]),
            vec![Marker {
                line: 1,
                trailing: true,
                reason: "generated".into()
            }]
        );
        assert_eq!(markers("# gap: accept x\n", &["//"]), vec![]);
    }

    #[test]
    fn rules_accept_modules_or_named_symbols_and_say_when_they_match_nothing() {
        let mut config = Config::default();
        let rule = |paths: &[&str], symbols: &[&str], reason: &str| gap_core::config::AcceptRule {
            paths: paths.iter().map(|s| s.to_string()).collect(),
            symbols: symbols.iter().map(|s| s.to_string()).collect(),
            reason: reason.into(),
        };
        config.accept = vec![
            rule(&["app/legacy/*"], &[], "replaced in Q3"),
            rule(&["app/x.py"], &["Client", "nope"], "vendored"),
            rule(&["none/**"], &[], "x"),
        ];
        let mut modules = vec![python_module(), Module::new("app/legacy/old.py", "python")];
        let w: Vec<String> = apply_rules(&mut modules, &config)
            .into_iter()
            .map(|w| w.message)
            .collect();
        assert_eq!(
            w,
            [
                "gap.toml: accept[1] names nope that no module it matches defines",
                "gap.toml: accept[2] matches no module; it accepts nothing"
            ]
        );
        assert_eq!(modules[1].accepted.as_ref().unwrap().by, AcceptedBy::Config);
        let accepted: Vec<bool> = modules[0]
            .symbols
            .iter()
            .map(|s| s.accepted.is_some())
            .collect();
        assert_eq!(accepted, [false, true, true, false]);
    }

    #[test]
    fn accepted_symbols_settle_the_module() {
        let mut m = python_module();
        m.status = Status::Limited;
        m.public_symbols = 4;
        m.referenced_symbols = 1;
        m.symbols[0].referenced = true;
        let how = Accepted {
            reason: "r".into(),
            by: AcceptedBy::Marker,
            line: Some(1),
            extra: Default::default(),
        };
        accept_symbols(&mut m, &[1], &how);
        settle(&mut m, 0.5);
        assert_eq!(m.status, Status::Tested, "1 of the 2 not accepted is half");
        let mut m = python_module();
        m.status = Status::Untested;
        m.public_symbols = 4;
        accept_symbols(&mut m, &[0, 1, 3], &how);
        settle(&mut m, 0.5);
        assert_eq!(m.accepted.as_ref().map(|a| a.reason.as_str()), Some("r"));
        assert_eq!(m.status, Status::Untested, "the status stays what it is");
    }
}
