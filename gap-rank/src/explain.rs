//! `gap-rank --explain PATH`: every signal, score part and the priority of one module, and near paths when
//! the path names no module.

use gap_core::{Document, Module};

use crate::{knowledge, score};

/// `1 module`, `3 modules`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `path` as the document writes paths: `/`-separated, without `./`, doubled or trailing slashes, and
/// without the scanned root in front when the user typed it from the folder above (`examples/service/app/x.py`).
pub fn normalize(path: &str, root: &str) -> String {
    let clean = |p: &str| -> Vec<String> {
        p.replace('\\', "/")
            .split('/')
            .filter(|s| !s.is_empty() && *s != ".")
            .map(str::to_string)
            .collect()
    };
    let parts = clean(path);
    let root = clean(root);
    let parts = if !root.is_empty() && parts.len() > root.len() && parts[..root.len()] == root[..] {
        &parts[root.len()..]
    } else {
        &parts[..]
    };
    parts.join("/")
}

/// Edit distance between two strings, in chars.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for j in 0..b.len() {
            let cur = row[j + 1];
            row[j + 1] = if ca == b[j] {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j + 1])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

/// Up to three module paths near `path`: the same file name, a path that ends with it, or a few edits away.
pub fn near(doc: &Document, path: &str) -> Vec<String> {
    let file = path.rsplit('/').next().unwrap_or(path);
    // (kind, edits, path): a path that ends with it, else the same file name, else a few edits away.
    let mut scored: Vec<(u8, usize, &str)> = doc
        .modules
        .iter()
        .filter_map(|m| {
            if m.path.ends_with(&format!("/{path}")) {
                return Some((0, 0, m.path.as_str()));
            }
            if m.file_name() == file {
                return Some((1, 0, m.path.as_str()));
            }
            let d = distance(&m.path, path);
            (d <= (path.chars().count() / 3).max(2)).then_some((2, d, m.path.as_str()))
        })
        .collect();
    scored.sort();
    // Only the nearest kind.
    let best = scored.first().map_or(0, |s| s.0);
    scored
        .into_iter()
        .filter(|s| s.0 == best)
        .take(3)
        .map(|s| s.2.to_string())
        .collect()
}

/// The module at `path` (as typed: `./app/x.py` works), or an error naming near paths.
pub fn find<'a>(doc: &'a Document, path: &str) -> Result<&'a Module, String> {
    let wanted = normalize(path, &doc.root);
    if let Some(m) = doc.modules.iter().find(|m| m.path == wanted) {
        return Ok(m);
    }
    let shown = gap_core::escape::line(path);
    let near = near(doc, &wanted);
    Err(match near.as_slice() {
        [] => format!("{shown}: no such module in the document"),
        [one] => format!(
            "{shown}: no such module in the document; did you mean {}?",
            gap_core::escape::line(one)
        ),
        many => format!(
            "{shown}: no such module in the document; did you mean one of {}?",
            many.iter()
                .map(|p| gap_core::escape::line(p).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })
}

/// Every signal, score part and the priority of the module at `path` of a ranked document, as text with
/// names made inert for a terminal.
pub fn explain(doc: &Document, path: &str) -> Result<String, String> {
    let m = find(doc, path)?;
    let config = doc.config.clone().unwrap_or_default();
    let category = doc
        .categories
        .iter()
        .find(|c| c.id == m.category)
        .map_or(m.category.as_str(), |c| c.name.as_str());
    let e = |s: &str| gap_core::escape::line(s).into_owned();
    let mut out = format!(
        "{}  ({}, category {})\n\n",
        e(&m.path),
        e(&m.language),
        e(category)
    );
    let h = m.history.clone();
    let signals: Vec<(&str, String)> = vec![
        ("status", m.status.as_str().to_string()),
        ("direct tests", m.direct_tests.len().to_string()),
        ("import-only tests", m.import_only_tests.len().to_string()),
        (
            "reached via",
            if m.indirect_via.is_empty() {
                "-".into()
            } else {
                m.indirect_via.join(", ")
            },
        ),
        (
            "public symbols",
            format!(
                "{} used by tests of {}",
                m.referenced_symbols, m.public_symbols
            ),
        ),
        ("lines", format!("{} ({} code)", m.lines, m.code_lines)),
        ("branch points", m.branches.to_string()),
        ("complexity risk", format!("{:.1}", score::crap(m))),
        ("fan-in", count(m.imported_by.len(), "module")),
        ("fan-out", count(m.imports.len(), "module")),
        ("raise sites", m.raises.len().to_string()),
        (
            "history",
            match (&h, &doc.history) {
                (Some(h), _) => format!(
                    "{} by {} in {} days, last change {} days before the newest commit",
                    count(h.commits as usize, "commit"),
                    count(h.authors as usize, "author"),
                    config.history.window_days,
                    h.last_change_days
                ),
                (None, Some(info)) => info.note.clone().unwrap_or_else(|| "none".into()),
                (None, None) => "none".into(),
            },
        ),
        (
            "sensitive name",
            knowledge::sensitive_word(&m.path, &config.sensitive).unwrap_or_else(|| "no".into()),
        ),
        (
            "test type",
            format!(
                "{}{}",
                m.test_type.map_or("", |t| t.as_str()),
                m.test_type_reason
                    .as_ref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default()
            ),
        ),
    ];
    out.push_str("signals\n");
    for (k, v) in signals {
        out.push_str(&format!("  {k:<18} {}\n", e(&v)));
    }
    out.push_str("\nevidence (where each credit comes from: kind, file:line, what was matched)\n");
    if m.evidence.is_empty() {
        out.push_str("  none\n");
    }
    for ev in &m.evidence {
        let at = match ev.line {
            0 => e(&ev.test),
            n => format!("{}:{n}", e(&ev.test)),
        };
        let detail = ev
            .detail
            .as_deref()
            .map(|d| format!("  {}", e(d)))
            .unwrap_or_default();
        out.push_str(&format!("  {:<10} {at}{detail}\n", ev.kind.as_str()));
    }
    if !m.http_unmatched.is_empty() {
        out.push_str(
            "\nHTTP calls not credited (they match routes of more than one module equally well)\n",
        );
        for u in &m.http_unmatched {
            out.push_str(&format!(
                "  {}:{}  {}  matches {}\n",
                e(&u.test),
                u.line,
                e(&u.call),
                u.modules
                    .iter()
                    .map(|p| e(p))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    out.push_str("\nscore parts\n");
    for p in m.score_parts.iter().flatten() {
        out.push_str(&format!("  {:<18} {:>6.1}\n", e(&p.name), p.value));
    }
    let t = &config.priority;
    out.push_str(&format!(
        "  {:<18} {:>6.1}\n\npriority {}  (CRITICAL >= {}, HIGH >= {}, MEDIUM >= {})\n",
        "score",
        m.score.unwrap_or(0.0),
        m.priority.map_or("?", |p| p.as_str()),
        t.critical,
        t.high,
        t.medium
    ));
    out.push_str(&format!(
        "estimated missing tests {}\n\nreasons\n",
        m.missing_tests.unwrap_or(0)
    ));
    for r in m.reasons.iter().flatten() {
        out.push_str(&format!("  - {}\n", e(r)));
    }
    Ok(out)
}
