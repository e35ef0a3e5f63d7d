//! Fitting the markdown under a size cap (`--max-bytes`: a pull-request comment holds 65,536 characters):
//! the least urgent sections are shortened or dropped first (trees from the last, first shortened to their most
//! urgent lines and then dropped; fully tested categories, the accepted gaps' table, the Summary's legend, the
//! baseline and changed-code tables, Critical Gaps), and a last line always says what was cut. The title, the verdict and the gates are never cut; if they alone do
//! not fit, the text is cut at a character boundary and says so.

use super::markdown::{join, prose, Part, Section, SHORT_TREE};

/// The cap `--max-bytes` takes without a number: under GitHub's 65,536-character comment limit with room for
/// a wrapper a workflow adds.
pub const DEFAULT_MAX_BYTES: usize = 65_000;

/// The note that ends a cut report.
fn note(cut: &[String], max: usize) -> String {
    format!(
        "✂️ Cut to fit {max} bytes: {}. Without `--max-bytes` the report shows everything.\n",
        cut.join("; ")
    )
}

/// `sections` joined, within `max` bytes.
pub fn fit(mut sections: Vec<Section>, max: usize) -> String {
    let mut cut: Vec<String> = Vec::new();
    let mut trees_shortened: Vec<String> = Vec::new();
    let mut trees_dropped: Vec<String> = Vec::new();
    loop {
        let mut text = join(&sections);
        let mut all_cut: Vec<String> = Vec::new();
        all_cut.extend(trees_label(&trees_dropped, false));
        all_cut.extend(trees_label(&trees_shortened, true));
        all_cut.extend(cut.iter().cloned());
        if !all_cut.is_empty() {
            text.push('\n');
            text.push_str(&note(&all_cut, max));
        }
        if text.len() <= max {
            return text;
        }
        let next = sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.cut_rank > 0)
            .max_by_key(|(i, s)| (s.cut_rank, std::cmp::Reverse(*i)))
            .map(|(i, _)| i);
        let Some(i) = next else {
            // Only the title, the verdict and the gates are left, and they alone do not fit.
            return hard_cut(&join(&sections), max);
        };
        let s = &mut sections[i];
        match (s.part, s.short.take()) {
            (Part::Tree(_), Some(short)) if short.len() < s.text.len() => {
                s.text = short;
                s.cut_rank = s.cut_rank.saturating_sub(100);
                trees_shortened.push(s.label.clone());
            }
            (Part::Tree(_), _) => {
                trees_shortened.retain(|n| n != &s.label);
                trees_dropped.push(s.label.clone());
                sections.remove(i);
            }
            (_, Some(short)) if short.len() < s.text.len() => {
                s.text = short;
                s.cut_rank = 0;
                cut.push(s.label.clone());
            }
            _ => {
                if !s.label.is_empty() {
                    cut.push(s.label.clone());
                }
                sections.remove(i);
            }
        }
    }
}

/// `the trees of Workers, Domain` for the trees dropped, `the tree of Workers to its 5 most urgent lines` for
/// those shortened (names already escaped).
fn trees_label(names: &[String], shortened: bool) -> Option<String> {
    let (what, its) = match names.len() {
        0 => return None,
        1 => ("tree", "its"),
        _ => ("trees", "their"),
    };
    let how = if shortened {
        format!(" to {its} {SHORT_TREE} most urgent lines")
    } else {
        String::new()
    };
    Some(format!("the {what} of {}{how}", names.join(", ")))
}

/// `text` cut at a character boundary to end within `max` bytes with a line saying so.
fn hard_cut(text: &str, max: usize) -> String {
    let tail = format!("\n\n✂️ {}\n", prose(&format!("Cut at {max} bytes.")));
    let room = max.saturating_sub(tail.len());
    let mut end = room.min(text.len());
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = text[..end].to_string();
    if tail.len() <= max {
        out.push_str(&tail);
    }
    out.truncate(max.min(out.len()));
    while !out.is_char_boundary(out.len()) {
        out.pop();
    }
    out
}
