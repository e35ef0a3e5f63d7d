//! The reach stage: the import graph between source modules (fan-in), and the modules a directly tested
//! module's code runs (indirect reach).

use std::collections::{BTreeSet, HashMap};

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

/// Per record, the directly tested modules (`tested`) whose code runs it, directly or through modules without
/// direct tests, each with the line of its import that starts the chain, sorted by tested module. Each walk
/// stops at directly tested modules, so each names the nearest tested importers.
///
/// One depth-first walk per tested module over the modules without direct tests. The output itself can grow
/// with (tested modules x modules they reach), so the walks keep their bookkeeping in flat arrays (one visit
/// stamp per record, reused from walk to walk) rather than hash sets: no allocation and no hashing per step.
pub fn indirect(records: &[Record], tested: impl Iterator<Item = usize>) -> Vec<Vec<(usize, u64)>> {
    let n = records.len();
    let source: Vec<bool> = records.iter().map(Record::is_source).collect();
    let mut is_tested = vec![false; n];
    for d in tested {
        is_tested[d] = true;
    }
    let mut out: Vec<Vec<(usize, u64)>> = vec![Vec::new(); n];
    // `seen[g] == walk` when the walk numbered `walk` reached `g` (0: never).
    let mut seen = vec![0u32; n];
    let mut walk = 0u32;
    let mut frontier: Vec<(usize, u64)> = Vec::new();
    for d in (0..n).filter(|&d| is_tested[d]) {
        walk += 1;
        seen[d] = walk;
        frontier.push((d, 0));
        while let Some((f, line)) = frontier.pop() {
            for &g in &records[f].unit.runtime_imports {
                if source[g] && seen[g] != walk {
                    seen[g] = walk;
                    if !is_tested[g] {
                        let at = if f == d {
                            records[d].unit.imports.get(&g).copied().unwrap_or(0)
                        } else {
                            line
                        };
                        out[g].push((d, at));
                        frontier.push((g, at));
                    }
                }
            }
        }
    }
    out
}
