//! Strict JSON reading straight into typed values: a `serde::Deserializer` wrapper that refuses a key written
//! twice in any object, notes the top-level `schema` as it streams past, and builds nothing in between.
//!
//! serde_json keeps the last of two equal keys (and serde's derived structs only see fields they know), so
//! every map the parser reads goes through [`Checked`], which remembers the keys of each open object (a short
//! list, or a hash set for a large object) and fails on the second one of a name. The wrapper forwards every
//! other call to serde_json untouched: the document's types deserialize as they would from serde_json alone,
//! errors keep serde_json's line and column.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

use foldhash::fast::RandomState;

use serde::de::value::{BorrowedStrDeserializer, StrDeserializer, StringDeserializer};
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};

/// Objects with more keys than this look keys up in a hash set rather than a list.
const SMALL: usize = 32;

/// The keys of one open object.
#[derive(Default)]
struct Frame {
    /// The keys' bytes, one after the other.
    arena: String,
    /// Each key's `(start, end)` in `arena`, in the order read.
    keys: Vec<(usize, usize)>,
    /// Hashes of the keys, once there are more than [`SMALL`] of them (kept, emptied, from object to object).
    big: HashSet<u64, BuildHasherDefault<Hashed>>,
    /// `big` holds every key of the object.
    hashed: bool,
}

/// The hasher of a set of hashes: a key's hash is already keyed ([`RandomState`]), so it is its own hash.
#[derive(Default)]
struct Hashed(u64);

impl Hasher for Hashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64`s go in; fold anything else all the same.
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl Frame {
    fn clear(&mut self) {
        self.arena.clear();
        self.keys.clear();
        self.big.clear();
        self.hashed = false;
    }

    fn key(&self, i: usize) -> &str {
        let (a, b) = self.keys[i];
        &self.arena[a..b]
    }

    fn last(&self) -> Option<&str> {
        (!self.keys.is_empty()).then(|| self.key(self.keys.len() - 1))
    }

    /// Adds `key`; false when the object already has it.
    fn add(&mut self, key: &str, hasher: &RandomState) -> bool {
        if self.keys.len() >= SMALL && !self.hashed {
            for i in 0..self.keys.len() {
                self.big.insert(hasher.hash_one(self.key(i)));
            }
            self.hashed = true;
        }
        let seen = if self.hashed {
            // A hash seen before is a duplicate only if a key of that name is there (a 64-bit collision of a
            // keyed hash is not something an input can aim for).
            !self.big.insert(hasher.hash_one(key))
                && (0..self.keys.len()).any(|i| self.key(i) == key)
        } else {
            (0..self.keys.len()).any(|i| self.key(i) == key)
        };
        if seen {
            return false;
        }
        let start = self.arena.len();
        self.arena.push_str(key);
        self.keys.push((start, self.arena.len()));
        true
    }
}

/// What the reading has seen so far, shared by every part of the wrapper.
#[derive(Default)]
pub struct State {
    /// One frame per open object, outermost first (frames past `depth` are kept for reuse).
    frames: Vec<Frame>,
    /// How many objects are open.
    depth: usize,
    hasher: RandomState,
    /// Every key of the top-level object has been read.
    pub top_done: bool,
    /// The top-level `schema` field: `Ok(())` when it was `expected`, `Err(what it was)` otherwise.
    pub schema: Option<Result<(), String>>,
    /// The value `schema` must have.
    expected: &'static str,
    /// The reading failed on a key written twice.
    pub duplicate: bool,
    /// What is read is an element inside a document, not the document: its `schema` key is no schema.
    element: bool,
}

impl State {
    /// A state for a document whose top-level `schema` must be `expected`.
    pub fn new(expected: &'static str) -> Self {
        State {
            expected,
            ..State::default()
        }
    }

    /// A state for the elements of a document's array read one by one ([`deserialize_element`]): their
    /// objects' keys are checked, and a `schema` key in them is an ordinary field, as it is inside a document.
    pub fn element() -> Self {
        State {
            element: true,
            ..State::default()
        }
    }

    fn enter(&mut self) -> usize {
        if self.frames.len() <= self.depth {
            self.frames.push(Frame::default());
        } else {
            self.frames[self.depth].clear();
        }
        self.depth += 1;
        self.depth - 1
    }

    fn exit(&mut self) {
        self.depth -= 1;
    }

    /// Checks `key`, read in the object of frame `frame`.
    fn key<E: de::Error>(&mut self, frame: usize, key: &str) -> Result<(), E> {
        let hasher = &self.hasher;
        if self.frames[frame].add(key, hasher) {
            return Ok(());
        }
        self.duplicate = true;
        Err(E::custom(
            match frame.checked_sub(1).and_then(|p| self.frames[p].last()) {
                None => format!("duplicate key `{key}`"),
                Some(field) => format!("duplicate key `{key}` in an object of `{field}`"),
            },
        ))
    }

    /// True when the value about to be read in frame `frame` is the top-level `schema`.
    fn is_schema(&self, frame: usize) -> bool {
        frame == 0 && !self.element && self.frames[0].last() == Some("schema")
    }

    /// Records the top-level `schema`, rendered as JSON when it is not a string.
    fn schema<E: de::Error>(&mut self, found: Result<&str, String>) -> Result<(), E> {
        match found {
            Ok(s) if s == self.expected => {
                self.schema = Some(Ok(()));
                Ok(())
            }
            other => {
                self.schema = Some(Err(other.map(str::to_string).unwrap_or_else(|v| v)));
                Err(E::custom("schema"))
            }
        }
    }
}

/// Deserializes `T` from `de`, every object checked as [`State`] says; `None` when the value is not an object
/// (read to its end all the same, so that a syntax error past its start is still the error).
pub fn deserialize<'de, T: de::Deserialize<'de>, D: Deserializer<'de>>(
    de: D,
    state: &RefCell<State>,
) -> Result<Option<T>, D::Error> {
    Checked {
        inner: de,
        state,
        schema: false,
    }
    .deserialize_any(Top(std::marker::PhantomData))
}

/// Deserializes `T` from `de`, one element of a document's array, every object checked as [`State::element`]
/// says.
pub fn deserialize_element<'de, T: de::Deserialize<'de>, D: Deserializer<'de>>(
    de: D,
    state: &RefCell<State>,
) -> Result<T, D::Error> {
    T::deserialize(Checked {
        inner: de,
        state,
        schema: false,
    })
}

/// The top-level value: `T` from an object, `None` from anything else.
struct Top<T>(std::marker::PhantomData<T>);

impl<'de, T: de::Deserialize<'de>> Visitor<'de> for Top<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<T>, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Option<T>, A::Error> {
        Skip.visit_seq(seq).map(|()| None)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_none<E>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
}

/// Any value, read to its end (its objects' keys checked) and dropped.
struct Skip;

impl<'de> de::Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Skip, D::Error> {
        d.deserialize_any(Skip).map(|()| Skip)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key::<Skip>()?.is_some() {
            map.next_value::<Skip>()?;
        }
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// A deserializer (of a value, an element, a field) whose objects are checked.
struct Checked<'s, D> {
    inner: D,
    state: &'s RefCell<State>,
    /// This value is the top-level `schema`.
    schema: bool,
}

impl<'s, D> Checked<'s, D> {
    fn visitor<V>(&self, v: V) -> Watch<'s, V> {
        Watch {
            inner: v,
            state: self.state,
            schema: self.schema,
        }
    }
}

macro_rules! forward_deserialize {
    ($($method:ident),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            let v = self.visitor(visitor);
            if self.schema {
                // Whatever it is, the top-level `schema` is seen (and named) as it is.
                return self.inner.deserialize_any(v);
            }
            self.inner.$method(v)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Checked<'_, D> {
    type Error = D::Error;

    forward_deserialize!(
        deserialize_any,
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
        deserialize_ignored_any,
    );

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let v = self.visitor(visitor);
        self.inner.deserialize_unit_struct(name, v)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let v = self.visitor(visitor);
        self.inner.deserialize_newtype_struct(name, v)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let v = self.visitor(visitor);
        self.inner.deserialize_tuple(len, v)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let v = self.visitor(visitor);
        self.inner.deserialize_tuple_struct(name, len, v)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let v = self.visitor(visitor);
        self.inner.deserialize_struct(name, fields, v)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let v = self.visitor(visitor);
        self.inner.deserialize_enum(name, variants, v)
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// A visitor whose nested deserializers, maps, sequences and enums are checked.
struct Watch<'s, V> {
    inner: V,
    state: &'s RefCell<State>,
    /// The value visited is the top-level `schema`.
    schema: bool,
}

impl<V> Watch<'_, V> {
    /// When this is the top-level `schema`: records `found` (a string, or what the value was), failing unless
    /// it is the expected one.
    fn check<E: de::Error>(&self, found: impl FnOnce() -> Result<String, String>) -> Result<(), E> {
        if !self.schema {
            return Ok(());
        }
        let found = found();
        self.state
            .borrow_mut()
            .schema(found.as_deref().map_err(|e| e.clone()))
    }
}

macro_rules! forward_visit {
    ($($method:ident($ty:ty)),* $(,)?) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
            self.check(|| Err(v.to_string()))?;
            self.inner.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Watch<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.inner.expecting(f)
    }

    forward_visit!(
        visit_bool(bool),
        visit_i8(i8),
        visit_i16(i16),
        visit_i32(i32),
        visit_i64(i64),
        visit_i128(i128),
        visit_u8(u8),
        visit_u16(u16),
        visit_u32(u32),
        visit_u64(u64),
        visit_u128(u128),
        visit_char(char),
    );

    fn visit_f32<E: de::Error>(self, v: f32) -> Result<V::Value, E> {
        self.check(|| Err(serde_json::Value::from(v).to_string()))?;
        self.inner.visit_f32(v)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        self.check(|| Err(serde_json::Value::from(v).to_string()))?;
        self.inner.visit_f64(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.check(|| Ok(v.to_string()))?;
        self.inner.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        self.check(|| Ok(v.to_string()))?;
        self.inner.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        self.check(|| Ok(v.clone()))?;
        self.inner.visit_string(v)
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<V::Value, E> {
        self.check(|| Err(format!("{v:?}")))?;
        self.inner.visit_bytes(v)
    }

    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<V::Value, E> {
        self.check(|| Err(format!("{v:?}")))?;
        self.inner.visit_borrowed_bytes(v)
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<V::Value, E> {
        self.check(|| Err(format!("{v:?}")))?;
        self.inner.visit_byte_buf(v)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.check(|| Err("null".to_string()))?;
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.check(|| Err("null".to_string()))?;
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.inner.visit_some(Checked {
            inner: d,
            state: self.state,
            schema: self.schema,
        })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.inner.visit_newtype_struct(Checked {
            inner: d,
            state: self.state,
            schema: self.schema,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.check(|| Err("an array".to_string()))?;
        self.inner.visit_seq(Elements {
            inner: seq,
            state: self.state,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.check(|| Err("an object".to_string()))?;
        let frame = self.state.borrow_mut().enter();
        let out = self.inner.visit_map(Entries {
            inner: map,
            state: self.state,
            frame,
        });
        self.state.borrow_mut().exit();
        out
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.check(|| Err("an enum".to_string()))?;
        self.inner.visit_enum(Variants {
            inner: data,
            state: self.state,
        })
    }
}

/// A seed whose deserializer is checked.
struct Seed<'s, S> {
    inner: S,
    state: &'s RefCell<State>,
    schema: bool,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.inner.deserialize(Checked {
            inner: d,
            state: self.state,
            schema: self.schema,
        })
    }
}

/// The elements of an array.
struct Elements<'s, A> {
    inner: A,
    state: &'s RefCell<State>,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Elements<'_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.inner.next_element_seed(Seed {
            inner: seed,
            state: self.state,
            schema: false,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// The entries of an object, its keys checked in frame `frame`.
struct Entries<'s, A> {
    inner: A,
    state: &'s RefCell<State>,
    frame: usize,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Entries<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let key = self.inner.next_key_seed(Key {
            inner: seed,
            state: self.state,
            frame: self.frame,
        })?;
        if key.is_none() && self.frame == 0 {
            self.state.borrow_mut().top_done = true;
        }
        Ok(key)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        let schema = self.state.borrow().is_schema(self.frame);
        self.inner.next_value_seed(Seed {
            inner: seed,
            state: self.state,
            schema,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// A key: read as a string, checked against the object's other keys, then handed to the caller's seed.
struct Key<'s, K> {
    inner: K,
    state: &'s RefCell<State>,
    frame: usize,
}

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for Key<'_, K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<K::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, K: DeserializeSeed<'de>> Visitor<'de> for Key<'_, K> {
    type Value = K::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<K::Value, E> {
        self.state.borrow_mut().key(self.frame, v)?;
        self.inner.deserialize(StrDeserializer::<E>::new(v))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<K::Value, E> {
        self.state.borrow_mut().key(self.frame, v)?;
        self.inner.deserialize(BorrowedStrDeserializer::<E>::new(v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<K::Value, E> {
        self.state.borrow_mut().key(self.frame, &v)?;
        self.inner.deserialize(StringDeserializer::<E>::new(v))
    }
}

/// The variant of an enum (an externally tagged `{"variant": value}` or a string).
struct Variants<'s, A> {
    inner: A,
    state: &'s RefCell<State>,
}

impl<'de, 's, A: EnumAccess<'de>> EnumAccess<'de> for Variants<'s, A> {
    type Error = A::Error;
    type Variant = Variant<'s, A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), A::Error> {
        let (value, variant) = self.inner.variant_seed(seed)?;
        Ok((
            value,
            Variant {
                inner: variant,
                state: self.state,
            },
        ))
    }
}

/// An enum variant's content.
struct Variant<'s, A> {
    inner: A,
    state: &'s RefCell<State>,
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Variant<'_, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.inner.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.inner.newtype_variant_seed(Seed {
            inner: seed,
            state: self.state,
            schema: false,
        })
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.inner.tuple_variant(
            len,
            Watch {
                inner: visitor,
                state: self.state,
                schema: false,
            },
        )
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.inner.struct_variant(
            fields,
            Watch {
                inner: visitor,
                state: self.state,
                schema: false,
            },
        )
    }
}
