//! Which code runs a trait impl: for the standard library's traits (and serde's), the operators, format
//! placeholders, macros and names whose use in test code runs an impl of the trait for a type the test
//! reaches. Language knowledge as data: one sorted table.

use super::parse::Usage;
use crate::model::Uses;

/// A trait and what runs its impls.
pub struct TraitUse {
    /// The trait's name (its path's last segment).
    pub name: &'static str,
    /// Operators and forms (see [`Usage::signals`]).
    pub signals: &'static [&'static str],
    /// Macros whose expansion runs it.
    pub macros: &'static [&'static str],
    /// Names (methods of the trait, or of the standard library, that call it).
    pub names: &'static [&'static str],
}

const fn t(
    name: &'static str,
    signals: &'static [&'static str],
    macros: &'static [&'static str],
    names: &'static [&'static str],
) -> TraitUse {
    TraitUse {
        name,
        signals,
        macros,
        names,
    }
}

const EQ: &[&str] = &["==", "!="];
const ORD: &[&str] = &["<", "<=", ">", ">="];
const ORD_NAMES: &[&str] = &[
    "BTreeMap",
    "BTreeSet",
    "BinaryHeap",
    "clamp",
    "cmp",
    "ge",
    "gt",
    "le",
    "lt",
    "max",
    "min",
    "partial_cmp",
    "sort",
    "sort_unstable",
];
const ITER_NAMES: &[&str] = &[
    "all",
    "any",
    "collect",
    "count",
    "enumerate",
    "filter",
    "find",
    "fold",
    "last",
    "map",
    "next",
    "nth",
    "rev",
    "skip",
    "sum",
    "take",
    "zip",
];
const CONVERT: &[&str] = &["from", "into", "try_from", "try_into"];
const SER: &[&str] = &[
    "serialize",
    "to_string",
    "to_string_pretty",
    "to_value",
    "to_vec",
    "to_vec_pretty",
    "to_writer",
    "to_writer_pretty",
];
const DE: &[&str] = &[
    "deserialize",
    "from_reader",
    "from_slice",
    "from_str",
    "from_value",
];
const BORROW: &[&str] = &[
    "as_mut",
    "as_ref",
    "borrow",
    "borrow_mut",
    "contains",
    "contains_key",
    "get",
    "get_mut",
    "remove",
];

/// Traits gap knows, sorted by name. A trait with nothing listed runs whenever its type is used (`Drop`,
/// `Deref`: calls through the type).
pub static TRAITS: &[TraitUse] = &[
    t("Add", &["+"], &[], &["add", "sum"]),
    t("AddAssign", &[], &[], &["add_assign"]),
    t("AsMut", &[], &[], BORROW),
    t("AsRef", &[], &[], BORROW),
    t("Borrow", &[], &[], BORROW),
    t("BorrowMut", &[], &[], BORROW),
    t(
        "BufRead",
        &[],
        &[],
        &["fill_buf", "lines", "read_line", "read_until"],
    ),
    t(
        "Clone",
        &[],
        &[],
        &["clone", "clone_from", "cloned", "to_owned", "to_vec"],
    ),
    t("Debug", &["{:?}"], &["dbg"], &[]),
    t(
        "Default",
        &[],
        &[],
        &[
            "Default",
            "default",
            "or_default",
            "take",
            "unwrap_or_default",
        ],
    ),
    t("Deref", &[], &[], &[]),
    t("DerefMut", &[], &[], &[]),
    t("Deserialize", &[], &[], DE),
    t("DeserializeSeed", &[], &[], DE),
    t("Display", &["{}"], &[], &["to_string"]),
    t("Div", &["/"], &[], &["div"]),
    t(
        "DoubleEndedIterator",
        &[],
        &[],
        &["next_back", "rev", "rfind", "rfold"],
    ),
    t("Drop", &[], &[], &[]),
    t("Eq", EQ, &["assert_eq", "assert_ne"], &["eq", "ne"]),
    t("Error", &[], &[], &["cause", "description", "source"]),
    t("ExactSizeIterator", &[], &[], &["len"]),
    t("Extend", &[], &[], &["collect", "extend"]),
    t("From", &["?"], &[], CONVERT),
    t("FromIterator", &[], &[], &["collect", "from_iter"]),
    t("FromStr", &[], &[], &["from_str", "parse"]),
    t(
        "Hash",
        &[],
        &[],
        &["HashMap", "HashSet", "IndexMap", "IndexSet", "hash"],
    ),
    t("Index", &["[]"], &[], &["index"]),
    t("IndexMut", &["[]"], &[], &["index_mut"]),
    t("Into", &[], &[], CONVERT),
    t(
        "IntoIterator",
        &["for"],
        &[],
        &["chain", "extend", "into_iter", "zip"],
    ),
    t("Iterator", &["for"], &[], ITER_NAMES),
    t("Mul", &["*"], &[], &["mul", "product"]),
    t("Neg", &["-"], &[], &["neg"]),
    t("Ord", ORD, &[], ORD_NAMES),
    t(
        "PartialEq",
        EQ,
        &["assert_eq", "assert_ne"],
        &["contains", "eq", "ne"],
    ),
    t("PartialOrd", ORD, &[], ORD_NAMES),
    t(
        "Read",
        &[],
        &[],
        &[
            "bytes",
            "read",
            "read_exact",
            "read_to_end",
            "read_to_string",
        ],
    ),
    t("Rem", &["%"], &[], &["rem"]),
    t("Serialize", &[], &["json"], SER),
    t("Sub", &["-"], &[], &["sub"]),
    t("TryFrom", &["?"], &[], CONVERT),
    t("TryInto", &[], &[], CONVERT),
    t(
        "Write",
        &[],
        &["write", "writeln"],
        &["flush", "write", "write_all", "write_fmt", "write_str"],
    ),
];

/// The entry of trait `name`.
pub fn known(name: &str) -> Option<&'static TraitUse> {
    TRAITS
        .binary_search_by(|t| t.name.cmp(name))
        .ok()
        .map(|i| &TRAITS[i])
}

/// The first line of test code (whose names are `uses`, whose operators and macros are `usage`) that runs
/// an impl of trait `name` with methods `methods`, for a type the test reaches: a signal of the trait, the
/// trait's name, or one of the impl's methods (for a trait gap does not know, only the last two). `None`
/// when nothing does.
pub fn runs(name: &str, methods: &[String], uses: &Uses, usage: &Usage) -> Option<u64> {
    let mut lines: Vec<u64> = methods.iter().filter_map(|m| uses.line(m)).collect();
    lines.extend(uses.line(name));
    if let Some(t) = known(name) {
        if t.signals.is_empty() && t.macros.is_empty() && t.names.is_empty() {
            return Some(0);
        }
        lines.extend(t.signals.iter().filter_map(|s| usage.signals.get(*s)));
        lines.extend(t.macros.iter().filter_map(|m| usage.macros.get(*m)));
        lines.extend(t.names.iter().filter_map(|n| uses.line(n)));
    }
    lines.into_iter().min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted() {
        assert!(TRAITS.windows(2).all(|w| w[0].name < w[1].name));
    }

    #[test]
    fn signals_names_and_methods_run_impls() {
        let names =
            std::collections::BTreeMap::from([("parse".to_string(), 3), ("fmt".to_string(), 9)]);
        let uses = Uses::from_names(&names);
        let mut usage = Usage::default();
        usage.signals.insert("{}".into(), 5);
        assert_eq!(runs("Display", &[], &uses, &usage), Some(5));
        assert_eq!(
            runs("FromStr", &["from_str".into()], &uses, &usage),
            Some(3)
        );
        assert_eq!(
            runs("Debug", &["fmt".into()], &uses, &usage),
            Some(9),
            "its method named"
        );
        assert_eq!(runs("PartialEq", &["eq".into()], &uses, &usage), None);
        assert_eq!(runs("Visitor", &["visit_str".into()], &uses, &usage), None);
        assert_eq!(runs("Drop", &["drop".into()], &uses, &usage), Some(0));
    }
}
