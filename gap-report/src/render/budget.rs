//! Fitting the markdown under a size cap (`--max-bytes`: a pull-request comment holds 65,536 characters):
//! the least urgent sections are shortened or dropped first (trees from the last, fully tested categories, the
//! accepted gaps' table, the Summary's legend, the baseline and changed-code tables, Critical Gaps), and a
//! last line always says what was cut. The title, the verdict and the gates are never cut; if they alone do
//! not fit, the text is cut at a character boundary and says so.

use super::markdown::{join, prose, Part, Section};

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
    let mut trees_cut: Vec<String> = Vec::new();
    loop {
        let mut text = join(&sections);
        let all_cut: Vec<String> = trees_label(&trees_cut)
            .into_iter()
            .chain(cut.clone())
            .collect();
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
            return hard_cut(&text, max);
        };
        let s = &mut sections[i];
        match (s.part, s.short.take()) {
            (Part::Tree(_), _) => {
                trees_cut.push(s.label.trim_start_matches("the tree of ").to_string());
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

/// `the trees of Workers, Domain` for the cut trees (names already escaped).
fn trees_label(names: &[String]) -> Option<String> {
    match names.len() {
        0 => None,
        1 => Some(format!("the tree of {}", names[0])),
        _ => Some(format!("the trees of {}", names.join(", "))),
    }
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
