//! The numbers a document brings to the ranking that gap-core's reader does not already check: the weights
//! carried on its categories. (The `config` inside a document is checked when it is read, with the ranges
//! gap.toml has, so a configuration value can never be negative, infinite or absurdly large here.)

use gap_core::config::MAX_CATEGORY_WEIGHT;
use gap_core::Document;

/// `Err("document field `categories[0].weight` is -1: ...")` for the first category weight out of range.
pub fn numbers(doc: &Document) -> Result<(), String> {
    for (i, c) in doc.categories.iter().enumerate() {
        if let Some(w) = c
            .weight
            .filter(|w| !(0.0..=MAX_CATEGORY_WEIGHT).contains(w))
        {
            return Err(format!(
                "document field `categories[{i}].weight` is {w}: must be a number from 0 to {MAX_CATEGORY_WEIGHT}"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use gap_core::{Category, Tool};

    #[test]
    fn category_weights_out_of_range_are_refused_by_field() {
        let mut d = Document::new(Tool::new("gap-scan", "0"), "r");
        assert_eq!(numbers(&d), Ok(()));
        for bad in [-1.0, f64::INFINITY, f64::NAN, 1e308] {
            let mut k = Category::new("x", "X");
            k.weight = Some(bad);
            d.categories = vec![k];
            assert!(
                numbers(&d)
                    .unwrap_err()
                    .starts_with(&format!("document field `categories[0].weight` is {bad}")),
                "{bad}"
            );
        }
    }
}
