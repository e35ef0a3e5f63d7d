//! The cross-check's report, in markdown: a table of agreement per language and reference, then the
//! disagreements grouped by cause with a few examples each.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::compare::{Counts, Disagreement};

/// What one reference said about one language's files.
#[derive(Debug, Default)]
pub struct Tally {
    /// Files compared (the reference read them without error).
    pub files: u64,
    /// Files where the reference reported errors: left out of the percentages.
    pub reference_errors: Vec<(String, String)>,
    /// Files gap has no reader for.
    pub unread: u64,
    /// Definitions.
    pub defs: Counts,
    /// Imports.
    pub imports: Counts,
    /// Disagreements.
    pub disagreements: Vec<Disagreement>,
}

fn percent(c: &Counts) -> String {
    if c.union() == 0 {
        return "-".into();
    }
    let p = 100.0 * c.matched as f64 / c.union() as f64;
    // Never round a disagreement up to 100%.
    let p = if c.matched < c.union() {
        p.min(99.99)
    } else {
        p
    };
    format!("{p:.2}% ({} of {})", c.matched, c.union())
}

/// The markdown report; at most `examples` examples per cause.
pub fn render(tallies: &BTreeMap<(String, &'static str), Tally>, examples: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "## Agreement\n");
    let _ = writeln!(
        s,
        "| language | reference | files | reference errors | definitions gap / ref | definitions agree | imports gap / ref | imports agree |"
    );
    let _ = writeln!(s, "|---|---|---:|---:|---:|---|---:|---|");
    for ((lang, reference), t) in tallies {
        if t.unread > 0 {
            let _ = writeln!(
                s,
                "| {lang} | {reference} | {} | {} | - / {} | no reader | - / {} | no reader |",
                t.files + t.unread,
                t.reference_errors.len(),
                t.defs.reference,
                t.imports.reference
            );
            continue;
        }
        let _ = writeln!(
            s,
            "| {lang} | {reference} | {} | {} | {} / {} | {} | {} / {} | {} |",
            t.files,
            t.reference_errors.len(),
            t.defs.gap,
            t.defs.reference,
            percent(&t.defs),
            t.imports.gap,
            t.imports.reference,
            percent(&t.imports)
        );
    }
    for ((lang, reference), t) in tallies {
        if !t.reference_errors.is_empty() {
            let _ = writeln!(
                s,
                "\n{lang} files {reference} could not read ({}), left out:",
                t.reference_errors.len()
            );
            for (path, why) in t.reference_errors.iter().take(examples) {
                let _ = writeln!(s, "- `{path}`: {why}");
            }
        }
    }
    let _ = writeln!(s, "\n## Disagreements");
    for ((lang, reference), t) in tallies {
        if t.disagreements.is_empty() {
            continue;
        }
        let mut groups: BTreeMap<(&str, &str), Vec<&Disagreement>> = BTreeMap::new();
        for d in &t.disagreements {
            groups
                .entry((d.what, d.cause.as_str()))
                .or_default()
                .push(d);
        }
        let mut groups: Vec<_> = groups.into_iter().collect();
        groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
        let _ = writeln!(s, "\n### {lang} ({reference})");
        for ((what, cause), items) in groups {
            let _ = writeln!(s, "\n- {what}, {cause}: {}", items.len());
            for d in items.iter().take(examples) {
                let gap = if d.gap.is_empty() { "nothing" } else { &d.gap };
                let reference = if d.reference.is_empty() {
                    "nothing"
                } else {
                    &d.reference
                };
                let _ = writeln!(
                    s,
                    "  - `{}:{}`: gap `{gap}`, reference `{reference}`: `{}`",
                    d.path,
                    d.line,
                    d.source.replace('`', "'")
                );
            }
        }
    }
    s
}
