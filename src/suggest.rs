//! "Did you mean": the known name nearest to a mistyped one.

/// The name of `known` nearest to `typed`, when it is a few edits away (a swap of two letters is one edit):
/// at most one edit for names up to five letters, two up to eight, three beyond.
pub fn nearest<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = match typed.chars().count() {
        0..=5 => 1,
        6..=8 => 2,
        _ => 3,
    };
    known
        .into_iter()
        .map(|k| (strsim::osa_distance(typed, k), k))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_names_are_suggested_far_ones_not() {
        let known = ["scan", "rank", "report", "completions", "man", "owners"];
        assert_eq!(nearest("scna", known), Some("scan"));
        assert_eq!(nearest("reprot", known), Some("report"));
        assert_eq!(nearest("completion", known), Some("completions"));
        assert_eq!(nearest("owner", known), Some("owners"));
        assert_eq!(nearest("docs", known), None);
        assert_eq!(nearest("x", known), None);
    }
}
