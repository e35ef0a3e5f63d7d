//! The estimate of missing tests: a documented formula over a module's untested public symbols.
//!
//! For each public function, method or trait impl no test uses: `1 + ceil(branches / 3)` (one test for the
//! plain path, one more for every three branch points; a trait impl's are those of all its methods). For each public class no test uses and that has no public
//! methods: 1 (construction and validation). The module's estimate is the sum. It is an estimate, named as
//! one wherever it is shown. Symbols whose gap the team accepts (`accepted`) are not missing tests.

use std::collections::HashSet;

use gap_core::{Module, SymbolKind};

/// Branch points covered by one extra test.
pub const BRANCHES_PER_TEST: u64 = 3;

/// Modules with more symbols than this find a class's methods through a set.
const MANY_SYMBOLS: usize = 64;

/// Missing tests for one untested symbol.
pub fn symbol_estimate(branches: u64) -> u64 {
    1 + branches.div_ceil(BRANCHES_PER_TEST)
}

/// The estimate for `m`, and its untested public symbols, most complex first (ties in file order).
pub fn missing(m: &Module) -> (u64, Vec<String>) {
    // The classes with public methods: looked up in the symbols while they are few, gathered once in a set
    // for a large module (a scan of the symbols per class would cost classes x symbols).
    fn is_public_method_of(s: &gap_core::Symbol) -> Option<&str> {
        (s.kind == SymbolKind::Method && s.public)
            .then(|| s.name.split_once('.').map(|(c, _)| c))
            .flatten()
    }
    let classes: Option<HashSet<&str>> = (m.symbols.len() > MANY_SYMBOLS)
        .then(|| m.symbols.iter().filter_map(is_public_method_of).collect());
    let has_public_methods = |class: &str| match &classes {
        Some(set) => set.contains(class),
        None => m
            .symbols
            .iter()
            .any(|s| is_public_method_of(s) == Some(class)),
    };
    let mut untested: Vec<(u64, u64, &str, u64)> = Vec::new();
    for s in m
        .symbols
        .iter()
        .filter(|s| s.public && !s.referenced && s.accepted.is_none())
    {
        let tests = match s.kind {
            SymbolKind::Class if has_public_methods(&s.name) => continue,
            SymbolKind::Class => 1,
            SymbolKind::Function | SymbolKind::Method | SymbolKind::Impl => {
                symbol_estimate(s.branches)
            }
        };
        untested.push((s.branches, s.line, &s.name, tests));
    }
    let total = untested.iter().fold(0u64, |sum, u| sum.saturating_add(u.3));
    untested.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    // Overloads (`delimiterOffset(String)`, `delimiterOffset(Char)`) each count in the estimate, and their
    // name is listed once, where its most complex overload sorts.
    // A set only for many names, as above.
    let mut seen: Option<HashSet<&str>> = (untested.len() > MANY_SYMBOLS).then(HashSet::new);
    let mut names: Vec<String> = Vec::with_capacity(untested.len());
    for u in &untested {
        let new = match &mut seen {
            Some(set) => set.insert(u.2),
            None => !names.iter().any(|n| n == u.2),
        };
        if new {
            names.push(u.2.to_string());
        }
    }
    (total, names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gap_core::{Accepted, AcceptedBy, Symbol};

    fn sym(name: &str, branches: u64) -> Symbol {
        Symbol {
            branches,
            ..Symbol::new(name, SymbolKind::Function, 1, true)
        }
    }

    #[test]
    fn overloads_count_each_and_are_named_once() {
        let mut m = Module::new("Util.kt", "kotlin");
        m.symbols = vec![
            sym("delimiterOffset", 2),
            sym("trim", 0),
            sym("delimiterOffset", 4),
        ];
        assert_eq!(
            missing(&m),
            (6, vec!["delimiterOffset".into(), "trim".into()])
        );
    }

    #[test]
    fn accepted_symbols_are_not_missing_tests() {
        let mut m = Module::new("a.py", "python");
        m.symbols = vec![sym("parse", 6), sym("legacy", 9)];
        assert_eq!(missing(&m), (7, vec!["legacy".into(), "parse".into()]));
        m.symbols[1].accepted = Some(Accepted {
            reason: "replaced in Q3".into(),
            by: AcceptedBy::Marker,
            line: Some(4),
            extra: Default::default(),
        });
        assert_eq!(missing(&m), (3, vec!["parse".into()]));
    }
}
