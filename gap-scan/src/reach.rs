//! The reach stage: the import graph between source modules (fan-in), and the modules a directly tested
//! module's code runs (indirect reach).

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::units::Record;

/// Source module -> the source modules that import it.
pub fn importers(records: &[Record]) -> HashMap<usize, BTreeSet<usize>> {
    let mut out: HashMap<usize, BTreeSet<usize>> = HashMap::new();
    for (s, r) in records.iter().enumerate().filter(|(_, r)| r.is_source()) {
        for &g in r.unit.imports.iter().filter(|&&g| records[g].is_source()) {
            out.entry(g).or_default().insert(s);
        }
    }
    out
}

/// Module -> the directly tested modules (`tested`) whose code runs it, directly or through modules without
/// direct tests; each walk stops at directly tested modules, so each names the nearest tested importers.
pub fn indirect<'a>(
    records: &[Record],
    tested: impl Iterator<Item = &'a usize>,
) -> HashMap<usize, BTreeSet<usize>> {
    let tested: HashSet<usize> = tested.copied().collect();
    let mut out: HashMap<usize, BTreeSet<usize>> = HashMap::new();
    for &d in &tested {
        let mut frontier = vec![d];
        let mut seen = HashSet::from([d]);
        while let Some(f) = frontier.pop() {
            for &g in &records[f].unit.runtime_imports {
                if records[g].is_source() && seen.insert(g) && !tested.contains(&g) {
                    out.entry(g).or_default().insert(d);
                    frontier.push(g);
                }
            }
        }
    }
    out
}
