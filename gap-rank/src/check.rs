//! The numbers a document brings to the ranking, checked before they are used: a configuration value or a
//! category weight that is negative, not finite or absurdly large is refused with the field it sits in, so a
//! score can neither turn negative nor overflow to infinity (which JSON cannot hold).

use gap_core::Document;

/// The largest weight or threshold accepted: far beyond any useful setting, far below overflow.
pub const LARGEST: f64 = 1e9;

/// `Err("document field `config.score.size` is -1: ...")` for the first value out of range.
pub fn numbers(doc: &Document) -> Result<(), String> {
    let mut fields: Vec<(String, f64)> = Vec::new();
    if let Some(c) = &doc.config {
        let w = &c.score;
        for (name, v) in [
            ("untested", w.untested),
            ("import_only", w.import_only),
            ("indirect", w.indirect),
            ("limited", w.limited),
            ("size", w.size),
            ("size_full_at", w.size_full_at),
            ("complexity", w.complexity),
            ("complexity_full_at", w.complexity_full_at),
            ("fan_in_each", w.fan_in_each),
            ("fan_in", w.fan_in),
            ("sensitive", w.sensitive),
            ("churn", w.churn),
            ("churn_full_at", w.churn_full_at),
        ] {
            fields.push((format!("config.score.{name}"), v));
        }
        let p = &c.priority;
        for (name, v) in [
            ("critical", p.critical),
            ("high", p.high),
            ("medium", p.medium),
        ] {
            fields.push((format!("config.priority.{name}"), v));
        }
        for (i, r) in c.categories.iter().enumerate() {
            fields.push((format!("config.category[{i}].weight"), r.weight));
        }
        let share = c.thresholds.tested_share;
        if !(0.0..=1.0).contains(&share) {
            return Err(format!(
                "document field `config.thresholds.tested_share` is {share}: must be between 0 and 1"
            ));
        }
    }
    for (i, c) in doc.categories.iter().enumerate() {
        if let Some(w) = c.weight {
            fields.push((format!("categories[{i}].weight"), w));
        }
    }
    for (field, v) in fields {
        if !v.is_finite() || !(0.0..=LARGEST).contains(&v) {
            return Err(format!(
                "document field `{field}` is {v}: must be a number from 0 to {LARGEST:e}"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use gap_core::{Category, Config, Tool};

    fn doc(config: Config) -> Document {
        let mut d = Document::new(Tool::new("gap-scan", "0"), "r");
        d.config = Some(config);
        d
    }

    #[test]
    fn negative_infinite_and_huge_values_are_refused_by_field() {
        assert_eq!(numbers(&doc(Config::default())), Ok(()));
        let mut c = Config::default();
        c.score.complexity_full_at = -5.0;
        assert_eq!(
            numbers(&doc(c)).unwrap_err(),
            "document field `config.score.complexity_full_at` is -5: must be a number from 0 to 1e9"
        );
        let mut c = Config::default();
        c.priority.high = f64::INFINITY;
        assert!(numbers(&doc(c))
            .unwrap_err()
            .contains("`config.priority.high` is inf"));
        let mut c = Config::default();
        c.score.size = 1e308;
        assert!(numbers(&doc(c))
            .unwrap_err()
            .contains("`config.score.size`"));
        let mut c = Config::default();
        c.thresholds.tested_share = f64::NAN;
        assert!(numbers(&doc(c)).unwrap_err().contains("tested_share"));
        let mut d = doc(Config::default());
        let mut k = Category::new("x", "X");
        k.weight = Some(-1.0);
        d.categories.push(k);
        assert!(numbers(&d)
            .unwrap_err()
            .starts_with("document field `categories[0].weight` is -1"));
    }
}
