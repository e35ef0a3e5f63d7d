//! Comparing one file's two readings: sets of (name, kind, line) and of (spec, line), their agreement and
//! each disagreement with its cause.

use std::collections::BTreeSet;

use crate::oracle::{Parsed, Reading};
use crate::outline::{kind_name, Def, Import, Outline};

/// Counts of one kind of item over many files.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    /// Items gap reports.
    pub gap: u64,
    /// Items the reference reports.
    pub reference: u64,
    /// Items both report.
    pub matched: u64,
}

impl Counts {
    /// Items either side reports.
    pub fn union(&self) -> u64 {
        self.gap + self.reference - self.matched
    }
    fn add(&mut self, gap: usize, reference: usize, matched: usize) {
        self.gap += gap as u64;
        self.reference += reference as u64;
        self.matched += matched as u64;
    }
}

/// One disagreement, for the report.
#[derive(Debug, Clone)]
pub struct Disagreement {
    /// `definitions` or `imports`.
    pub what: &'static str,
    /// Why the sides differ (`line differs`, `only gap: method at decorator < class_body`).
    pub cause: String,
    /// Corpus-relative path.
    pub path: String,
    /// The line it is about.
    pub line: u64,
    /// What gap said (empty: nothing).
    pub gap: String,
    /// What the reference said (empty: nothing).
    pub reference: String,
    /// The source line, trimmed.
    pub source: String,
}

/// Line `line` of `src`, trimmed and cut to 90 characters.
fn snippet(src: &str, line: u64) -> String {
    let l = src
        .lines()
        .nth(line.saturating_sub(1) as usize)
        .unwrap_or("")
        .trim();
    match l.char_indices().nth(90) {
        Some((i, _)) => format!("{}...", &l[..i]),
        None => l.to_string(),
    }
}

fn show_def(d: &Def) -> String {
    format!("{} {} @{}", kind_name(d.kind), d.name, d.line)
}

fn show_import(i: &Import) -> String {
    if i.line == 0 {
        i.spec.clone()
    } else {
        format!("{} @{}", i.spec, i.line)
    }
}

/// Compares gap's outline with the reference's reading of one file; adds to `defs` and `imports` and
/// returns the disagreements. `parsed` is the file's tree-sitter tree, for the context of what only gap
/// reports. Imports are compared by spec alone when gap gives them no line.
pub fn file(
    path: &str,
    gap: &Outline,
    reading: &Reading,
    parsed: &Parsed,
    defs: &mut Counts,
    imports: &mut Counts,
) -> Vec<Disagreement> {
    let mut out = Vec::new();
    // Definitions.
    let g: BTreeSet<&Def> = gap.defs.iter().collect();
    let r: BTreeSet<&Def> = reading.defs.iter().map(|f| &f.item).collect();
    let matched = g.intersection(&r).count();
    defs.add(g.len(), r.len(), matched);
    let mut only_r: Vec<&Def> = r.difference(&g).copied().collect();
    for d in g.difference(&r) {
        let same_name = only_r
            .iter()
            .position(|o| o.name == d.name && o.kind == d.kind)
            .map(|p| (p, "line differs"))
            .or_else(|| {
                only_r
                    .iter()
                    .position(|o| o.name == d.name && o.line == d.line)
                    .map(|p| (p, "kind differs"))
            });
        let (cause, reference) = match same_name {
            Some((p, cause)) => (cause.to_string(), show_def(only_r.remove(p))),
            None => (
                format!(
                    "only gap: {} at {}",
                    kind_name(d.kind),
                    parsed.context(d.line, &d.name)
                ),
                String::new(),
            ),
        };
        out.push(Disagreement {
            what: "definitions",
            cause,
            path: path.to_string(),
            line: d.line,
            gap: show_def(d),
            reference,
            source: String::new(),
        });
    }
    for d in only_r {
        let construct = reading
            .defs
            .iter()
            .find(|f| &f.item == d)
            .map_or("", |f| f.construct.as_str());
        out.push(Disagreement {
            what: "definitions",
            cause: format!("only reference: {} from {construct}", kind_name(d.kind)),
            path: path.to_string(),
            line: d.line,
            gap: String::new(),
            reference: show_def(d),
            source: String::new(),
        });
    }
    // Imports.
    let lines_known = gap.imports.iter().all(|i| i.line != 0);
    let strip = |i: &Import| Import {
        spec: i.spec.clone(),
        line: if lines_known { i.line } else { 0 },
    };
    let g: BTreeSet<Import> = gap.imports.iter().map(strip).collect();
    let r: BTreeSet<Import> = reading.imports.iter().map(|f| strip(&f.item)).collect();
    let matched = g.intersection(&r).count();
    imports.add(g.len(), r.len(), matched);
    let mut only_r: Vec<&Import> = r.difference(&g).collect();
    for i in g.difference(&r) {
        let same = only_r.iter().position(|o| o.spec == i.spec);
        let line = if i.line == 0 {
            locate(parsed.src, &i.spec)
        } else {
            i.line
        };
        let (cause, reference) = match same {
            Some(p) => ("line differs".to_string(), show_import(only_r.remove(p))),
            None => (
                format!("only gap: import at {}", parsed.context(line, "")),
                String::new(),
            ),
        };
        out.push(Disagreement {
            what: "imports",
            cause,
            path: path.to_string(),
            line,
            gap: show_import(i),
            reference,
            source: String::new(),
        });
    }
    for i in only_r {
        let found = reading.imports.iter().find(|f| strip(&f.item) == *i);
        out.push(Disagreement {
            what: "imports",
            cause: format!(
                "only reference: import from {}",
                found.map_or("", |f| f.construct.as_str())
            ),
            path: path.to_string(),
            line: found.map_or(0, |f| f.item.line),
            gap: String::new(),
            reference: show_import(i),
            source: String::new(),
        });
    }
    for d in &mut out {
        d.source = snippet(parsed.src, d.line);
    }
    out
}

/// The first line mentioning the last segment of `spec` (where gap gives an import no line).
fn locate(src: &str, spec: &str) -> u64 {
    let word = spec
        .trim_end_matches(['*', ':', '.'])
        .rsplit(['.', ':', '/'])
        .next()
        .unwrap_or(spec);
    src.lines()
        .position(|l| l.contains(word) && (l.contains("import") || l.contains("use ")))
        .map_or(0, |p| p as u64 + 1)
}
