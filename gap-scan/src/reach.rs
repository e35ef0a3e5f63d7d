//! The reach stage: the import graph between source modules (fan-in), and the modules a directly tested
//! module's code runs (indirect reach).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::units::Record;

/// Source module -> the source modules that import it.
pub fn importers(records: &[Record]) -> HashMap<usize, BTreeSet<usize>> {
    let mut out: HashMap<usize, BTreeSet<usize>> = HashMap::new();
    for (s, r) in records.iter().enumerate().filter(|(_, r)| r.is_source()) {
        for &g in r.unit.imports.keys().filter(|&&g| records[g].is_source()) {
            out.entry(g).or_default().insert(s);
        }
    }
    out
}

/// Module -> the directly tested modules (`tested`) whose code runs it, directly or through modules without
/// direct tests, each with the line of its import that starts the chain. Each walk stops at directly tested
/// modules, so each names the nearest tested importers.
pub fn indirect(
    records: &[Record],
    tested: impl Iterator<Item = usize>,
) -> HashMap<usize, BTreeMap<usize, u64>> {
    let tested: HashSet<usize> = tested.collect();
    let mut out: HashMap<usize, BTreeMap<usize, u64>> = HashMap::new();
    for &d in &tested {
        let mut frontier = vec![(d, 0)];
        let mut seen = HashSet::from([d]);
        while let Some((f, line)) = frontier.pop() {
            for &g in &records[f].unit.runtime_imports {
                if records[g].is_source() && seen.insert(g) && !tested.contains(&g) {
                    let at = if f == d {
                        records[d].unit.imports.get(&g).copied().unwrap_or(0)
                    } else {
                        line
                    };
                    out.entry(g).or_default().insert(d, at);
                    frontier.push((g, at));
                }
            }
        }
    }
    out
}
