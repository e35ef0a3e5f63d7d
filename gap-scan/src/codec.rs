//! The fact encoding of shard documents (docs/schema.md, "Shard documents"): serde helpers for the fields of
//! reader facts that JSON cannot hold as they are.

use std::collections::BTreeSet;
use std::sync::Mutex;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Strings read back into `&'static str` fields, one copy per distinct value (a handful of reason codes and
/// HTTP methods in practice; at most the document's size).
static POOL: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());

/// A `&'static str` of reader facts, spelled so that serde does not take it for a string borrowed from the
/// input (facts are read back through [`static_str`] and [`opt_static_str`]).
pub type StaticStr = &'static str;

/// The one `&'static str` equal to `s`.
pub fn intern(s: &str) -> &'static str {
    let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&known) = pool.get(s) {
        return known;
    }
    let leaked: &'static str = Box::leak(s.to_string().into_boxed_str());
    pool.insert(leaked);
    leaked
}

/// A `&'static str` field: written as a string, read back interned.
pub mod static_str {
    use super::*;

    /// Reads a string.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        Ok(intern(&String::deserialize(d)?))
    }

    /// Writes the string.
    pub fn serialize<S: Serializer>(s: &&'static str, out: S) -> Result<S::Ok, S::Error> {
        out.serialize_str(s)
    }
}

/// An `Option<&'static str>` field: a string or null.
pub mod opt_static_str {
    use super::*;

    /// Reads a string or null.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<&'static str>, D::Error> {
        Ok(Option::<String>::deserialize(d)?.map(|s| intern(&s)))
    }

    /// Writes the string or null.
    pub fn serialize<S: Serializer>(s: &Option<&'static str>, out: S) -> Result<S::Ok, S::Error> {
        s.serialize(out)
    }
}

/// A map whose keys are not strings (JSON object keys are): written as an array of `[key, value]` pairs in
/// the map's order.
pub mod pairs {
    use std::collections::BTreeMap;

    use super::*;

    /// Reads the pairs; a key given twice is an error.
    pub fn deserialize<'de, D, K, V>(d: D) -> Result<BTreeMap<K, V>, D::Error>
    where
        D: Deserializer<'de>,
        K: Deserialize<'de> + Ord,
        V: Deserialize<'de>,
    {
        let mut out = BTreeMap::new();
        for (k, v) in Vec::<(K, V)>::deserialize(d)? {
            if out.insert(k, v).is_some() {
                return Err(serde::de::Error::custom("a key given twice"));
            }
        }
        Ok(out)
    }

    /// Writes the pairs.
    pub fn serialize<S, K, V>(map: &BTreeMap<K, V>, out: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
        K: Serialize,
        V: Serialize,
    {
        out.collect_seq(map.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interned_strings_are_shared_and_equal() {
        let a = intern(&String::from("generated"));
        let b = intern("generated");
        assert_eq!(a, "generated");
        assert!(std::ptr::eq(a, b));
    }
}
