//! Reading and writing the document: strict schema checks on the way in, canonical bytes on the way out.
//!
//! A document is read as a stream and refused at the first byte that cannot belong to one (`yes | gap-rank`
//! fails at once rather than filling memory), a key written twice in one object is an error naming it, and
//! no input is read past [`MAX_DOCUMENT_BYTES`].

use std::fmt;
use std::io::{Read, Write};
use std::path::Path;

use crate::document::{Document, SCHEMA};

/// The largest document read, in bytes (1 GiB): far above any real scan, a bound on an endless input.
pub const MAX_DOCUMENT_BYTES: u64 = 1 << 30;

/// Why a document could not be read. Each renders as one line naming the source.
#[derive(Debug)]
pub enum InputError {
    /// The input could not be read at all.
    Io {
        source: String,
        error: std::io::Error,
    },
    /// The input held nothing but whitespace.
    Empty { source: String },
    /// The input is not JSON.
    Syntax {
        source: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// JSON, but `schema` is missing or not gap/1.
    Schema {
        source: String,
        found: Option<String>,
    },
    /// A gap/1 document with a field of the wrong shape.
    Shape { source: String, message: String },
    /// More than [`MAX_DOCUMENT_BYTES`] of input.
    TooLarge { source: String },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Io { source, error } => write!(f, "{source}: cannot read: {error}"),
            InputError::Empty { source } if source == "<stdin>" => write!(
                f,
                "{source}: empty input: the stage before this one produced nothing (if it failed, its error is \
                 above); expected a {SCHEMA} document (e.g. `gap-scan PATH | gap-rank`)"
            ),
            InputError::Empty { source } => write!(
                f,
                "{source}: empty input: the file is empty; expected a {SCHEMA} document (e.g. `gap-scan PATH | \
                 gap-rank > {source}`)"
            ),
            InputError::Syntax {
                source,
                line,
                column,
                message,
            } => write!(f, "{source}:{line}:{column}: malformed JSON: {message}"),
            InputError::Schema {
                source,
                found: Some(found),
            } => write!(
                f,
                "{source}: field `schema` is {found:?}; this tool reads {SCHEMA:?} documents"
            ),
            InputError::Schema { source, found: None } => write!(
                f,
                "{source}: no `schema` field; expected a {SCHEMA} document written by gap-scan"
            ),
            InputError::Shape { source, message } => {
                write!(f, "{source}: not a valid {SCHEMA} document: {message}")
            }
            InputError::TooLarge { source } => write!(
                f,
                "{source}: more than {} MiB of input; not a {SCHEMA} document",
                MAX_DOCUMENT_BYTES >> 20
            ),
        }
    }
}

impl std::error::Error for InputError {}

/// Reads one document from `reader`; `source` names it in errors (`<stdin>` or a path). The input is parsed as
/// it arrives: the first byte that cannot continue a JSON document ends the read with an error.
pub fn read_document(reader: impl Read, source: &str) -> Result<Document, InputError> {
    read_capped(reader, source, MAX_DOCUMENT_BYTES)
}

/// [`read_document`] with a byte budget of `cap`.
fn read_capped(reader: impl Read, source: &str, cap: u64) -> Result<Document, InputError> {
    // The buffer sits outside the watch: the parser takes the input a byte at a time, and each byte must cost
    // a buffer read, not a pass through the budget's bookkeeping.
    let mut input = std::io::BufReader::with_capacity(
        1 << 16,
        Watched {
            inner: reader,
            left: cap,
            content: false,
            too_large: false,
        },
    );
    let parsed = strict::from_reader(&mut input);
    let input = input.into_inner();
    let source = source.to_string();
    let value = match parsed {
        Ok(value) => value,
        Err(_) if input.too_large => return Err(InputError::TooLarge { source }),
        Err(e) if e.is_eof() && !input.content => return Err(InputError::Empty { source }),
        Err(e) if e.is_io() => {
            return Err(InputError::Io {
                source,
                error: e.into(),
            })
        }
        Err(e) => return Err(syntax(&source, &e)),
    };
    from_value(value, source)
}

/// A malformed-JSON error naming line and column.
fn syntax(source: &str, e: &serde_json::Error) -> InputError {
    let message = e.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    InputError::Syntax {
        source: source.to_string(),
        line: e.line(),
        column: e.column(),
        message,
    }
}

/// Parses one document from text; `source` names it in errors.
pub fn parse_document(text: &str, source: &str) -> Result<Document, InputError> {
    read_document(text.as_bytes(), source)
}

/// The document from a JSON value: `schema` first, then every field's shape.
fn from_value(value: serde_json::Value, source: String) -> Result<Document, InputError> {
    match value.get("schema") {
        Some(serde_json::Value::String(s)) if s == SCHEMA => {}
        Some(other) => {
            let found = match other {
                serde_json::Value::String(s) => s.clone(),
                v => v.to_string(),
            };
            return Err(InputError::Schema {
                source,
                found: Some(found),
            });
        }
        None => {
            return Err(InputError::Schema {
                source,
                found: None,
            })
        }
    }
    serde_json::from_value(value).map_err(|e| InputError::Shape {
        source,
        message: e.to_string(),
    })
}

/// A reader that stops after a byte budget and notes whether anything but whitespace came through.
struct Watched<R> {
    inner: R,
    left: u64,
    content: bool,
    too_large: bool,
}

impl<R: Read> Read for Watched<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            // One byte more than the budget tells an input of exactly the budget from a larger one.
            let mut probe = [0u8; 1];
            if self.inner.read(&mut probe)? == 0 {
                return Ok(0);
            }
            self.too_large = true;
            return Err(std::io::Error::other("input too large"));
        }
        let cap = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..cap])?;
        self.left -= n as u64;
        if !self.content {
            self.content = buf[..n]
                .iter()
                .any(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
        }
        Ok(n)
    }
}

/// JSON into a `serde_json::Value` with one rule more than serde_json keeps: a key may appear once per object.
mod strict {
    use std::fmt;

    use serde::de::{DeserializeSeed, Error, MapAccess, SeqAccess, Visitor};
    use serde_json::{Map, Value};

    /// Parses one JSON value from `reader` (and nothing after it but whitespace).
    pub fn from_reader(reader: impl std::io::Read) -> serde_json::Result<Value> {
        let mut de = serde_json::Deserializer::from_reader(reader);
        let value = Strict { within: None }.deserialize(&mut de)?;
        de.end()?;
        Ok(value)
    }

    /// A value inside the field `within` (None at the top).
    #[derive(Clone, Copy)]
    struct Strict<'a> {
        within: Option<&'a str>,
    }

    impl<'de> DeserializeSeed<'de> for Strict<'_> {
        type Value = Value;
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Strict<'_> {
        type Value = Value;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
            Ok(Value::Bool(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
            Ok(Value::from(v))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
            Ok(Value::from(v))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
            Ok(Value::from(v))
        }
        fn visit_str<E>(self, v: &str) -> Result<Value, E> {
            Ok(Value::String(v.to_string()))
        }
        fn visit_string<E>(self, v: String) -> Result<Value, E> {
            Ok(Value::String(v))
        }
        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_none<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element_seed(self)? {
                items.push(item);
            }
            Ok(Value::Array(items))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
            let mut out = Map::new();
            while let Some(key) = map.next_key::<String>()? {
                if out.contains_key(&key) {
                    return Err(A::Error::custom(match self.within {
                        None => format!("duplicate key `{key}`"),
                        Some(field) => format!("duplicate key `{key}` in an object of `{field}`"),
                    }));
                }
                let value = map.next_value_seed(Strict { within: Some(&key) })?;
                out.insert(key, value);
            }
            Ok(Value::Object(out))
        }
    }
}

/// Reads the document from `path`, or from stdin when `path` is `None` or `-`.
pub fn read_input(path: Option<&Path>) -> Result<Document, InputError> {
    match path {
        Some(p) if p != Path::new("-") => {
            let source = p.display().to_string();
            let file = std::fs::File::open(p).map_err(|error| InputError::Io {
                source: source.clone(),
                error,
            })?;
            read_document(file, &source)
        }
        _ => read_document(std::io::stdin().lock(), "<stdin>"),
    }
}

/// Writes the document as pretty JSON with a final newline, collections in canonical order.
/// A document already in canonical order (as every stage builds it) is written as it is, without a copy.
pub fn write_document(doc: &Document, out: impl Write) -> std::io::Result<()> {
    let sorted;
    let doc = if doc.is_canonical() {
        doc
    } else {
        let mut copy = doc.clone();
        copy.canonicalize();
        sorted = copy;
        &sorted
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut out, doc).map_err(std::io::Error::from)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// Writes text to stdout, buffered.
pub fn write_output(text: &str) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// Refuses to wait on a terminal: when the document would come from stdin (`path` absent or `-`) and stdin is
/// a terminal, fails with `usage` (what the tool expects) instead of waiting silently for input.
pub fn refuse_terminal_stdin(path: Option<&Path>, usage: &str) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    let from_stdin = path.is_none_or(|p| p == Path::new("-"));
    if from_stdin && std::io::stdin().is_terminal() {
        anyhow::bail!("stdin is a terminal, not a document; {usage}");
    }
    Ok(())
}

/// True when the error, or one of its causes, is a closed pipe (`| head`).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Tool;

    fn err(text: &str) -> String {
        parse_document(text, "<stdin>").unwrap_err().to_string()
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        assert_eq!(
            err("{\n  \"schema\": \"gap/1\",\n  oops\n}"),
            "<stdin>:3:3: malformed JSON: key must be a string"
        );
    }

    #[test]
    fn empty_input_and_other_schemas_are_refused() {
        assert!(err("  \n").contains("empty input: the stage before this one produced nothing"));
        assert!(parse_document("", "gaps.json")
            .unwrap_err()
            .to_string()
            .starts_with("gaps.json: empty input: the file is empty;"));
        assert!(err(r#"{"schema":"gap/2"}"#).contains("field `schema` is \"gap/2\""));
        assert!(err(r#"{"modules":[]}"#).contains("no `schema` field"));
        assert!(err("[1,2]").contains("no `schema` field"));
    }

    #[test]
    fn missing_fields_are_named() {
        assert!(
            err(r#"{"schema":"gap/1","tool":{"name":"x","version":"1"}}"#)
                .contains("missing field `root`")
        );
    }

    #[test]
    fn unknown_fields_round_trip_byte_for_byte() {
        let mut doc = Document::new(Tool::new("gap-scan", "0.1.0"), "proj");
        doc.extra
            .insert("z_future".into(), serde_json::json!({"b": 1, "a": [2]}));
        let mut first = Vec::new();
        write_document(&doc, &mut first).unwrap();
        let back = parse_document(std::str::from_utf8(&first).unwrap(), "x").unwrap();
        let mut second = Vec::new();
        write_document(&back, &mut second).unwrap();
        assert_eq!(first, second);
        assert!(String::from_utf8(first).unwrap().contains("\"z_future\""));
    }

    /// Every object of the document, each with a field no version of gap writes.
    fn document_with_a_future_field_everywhere() -> serde_json::Value {
        let x = serde_json::json!("kept");
        let tally = serde_json::json!({"modules": 1, "untested": 1, "import_only": 0, "indirect": 0,
            "limited": 0, "tested": 0, "lines": 3, "public_symbols": 1, "referenced_symbols": 0,
            "coverage_percent": 0, "symbol_coverage_percent": 0, "missing_tests": 2, "x_f": x});
        serde_json::json!({
            "schema": "gap/1",
            "tool": {"name": "gap-rank", "version": "9.9.9", "x_f": x},
            "stages": [{"name": "gap-scan", "version": "9.9.9", "x_f": x}],
            "root": "proj",
            "modules": [{
                "path": "a.py", "language": "python", "name": "a", "category": ".", "lines": 3,
                "code_lines": 3, "branches": 0, "testable": true,
                "symbols": [{"name": "f", "kind": "function", "line": 1, "branches": 0, "raises": 1,
                    "public": true, "referenced": false, "x_f": x}],
                "raises": [{"line": 2, "name": "ValueError", "x_f": x}],
                "evidence": [{"test": "t.py", "line": 1, "kind": "import", "x_f": x}],
                "history": {"commits": 1, "authors": 1, "last_change_days": 2, "x_f": x},
                "public_symbols": 1, "referenced_symbols": 0, "symbol_coverage": 0.0,
                "status": "untested", "priority": "HIGH", "score": 50.0,
                "score_parts": [{"name": "status", "value": 40.0, "x_f": x}],
                "x_f": x
            }],
            "tests": [{"path": "t.py", "language": "python", "kind": "test", "suite": "unit",
                "lines": 1, "test_functions": 1, "x_f": x}],
            "categories": [{"id": ".", "name": "Root", "summary": tally, "x_f": x}],
            "warnings": [{"path": "b.py", "message": "not UTF-8", "x_f": x}],
            "excluded": [{"path": ".git/", "reason": "hidden", "x_f": x}],
            "config": {"x_f": x, "score": {"x_f": x}, "category": [{"name": "C", "paths": [], "x_f": x}]},
            "history": {"window_days": 90, "head_time": 5, "x_f": x},
            "summary": tally,
            "languages": [{"language": "python", "summary": tally, "x_f": x}],
            "x_f": x
        })
    }

    /// The JSON paths of every `x_f` field in `value`.
    fn future_fields(value: &serde_json::Value, at: String, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    if k == "x_f" {
                        out.push(at.clone());
                    }
                    future_fields(v, format!("{at}.{k}"), out);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    future_fields(v, format!("{at}[{i}]"), out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn unknown_fields_pass_through_at_every_level() {
        let input = document_with_a_future_field_everywhere();
        let doc = parse_document(&input.to_string(), "x").unwrap();
        let mut out = Vec::new();
        write_document(&doc, &mut out).unwrap();
        let output: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let (mut want, mut got) = (Vec::new(), Vec::new());
        future_fields(&input, String::new(), &mut want);
        future_fields(&output, String::new(), &mut got);
        want.sort();
        got.sort();
        assert_eq!(got, want);
        assert!(want.len() >= 19, "{want:?}");
    }

    #[test]
    fn a_key_written_twice_is_an_error_naming_it() {
        assert_eq!(
            err("{\"schema\":\"gap/1\",\n\"modules\":[],\n\"modules\":[]}"),
            "<stdin>:3:10: malformed JSON: duplicate key `modules`"
        );
        let nested = "{\"schema\":\"gap/1\",\"modules\":[{\"path\":\"a\",\"path\":\"b\"}]}";
        assert!(
            err(nested).contains("duplicate key `path` in an object of `modules`"),
            "{}",
            err(nested)
        );
    }

    /// An endless reader of the bytes `next` gives, counting what was taken from it.
    struct Endless<'a> {
        next: Box<dyn FnMut() -> u8 + 'a>,
        taken: &'a std::cell::Cell<u64>,
    }

    impl Read for Endless<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            for b in buf.iter_mut() {
                *b = (self.next)();
            }
            self.taken.set(self.taken.get() + buf.len() as u64);
            Ok(buf.len())
        }
    }

    #[test]
    fn an_endless_stream_of_garbage_fails_at_its_first_bytes() {
        // `yes | gap-rank`
        let taken = std::cell::Cell::new(0);
        let yes = Endless {
            next: Box::new(|| b'y'),
            taken: &taken,
        };
        let e = read_document(yes, "<stdin>").unwrap_err().to_string();
        assert_eq!(e, "<stdin>:1:1: malformed JSON: expected value");
        assert!(taken.get() <= 64 << 10, "read {} bytes", taken.get());
        // `gap-rank < /dev/urandom`, for many seeds
        for seed in 1..200u64 {
            let taken = std::cell::Cell::new(0);
            let mut state = seed;
            let random = Endless {
                next: Box::new(move || {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    (state >> 24) as u8
                }),
                taken: &taken,
            };
            let e = read_document(random, "<stdin>").unwrap_err();
            assert!(matches!(e, InputError::Syntax { .. }), "seed {seed}: {e}");
            assert!(
                taken.get() <= 64 << 10,
                "seed {seed}: read {} bytes",
                taken.get()
            );
        }
    }

    #[test]
    fn input_beyond_the_budget_is_refused() {
        let spaces = std::io::repeat(b' ').take(5000);
        let e = read_capped(spaces, "big.json", 4096).unwrap_err();
        assert!(matches!(e, InputError::TooLarge { .. }), "{e}");
        assert_eq!(
            e.to_string(),
            "big.json: more than 1024 MiB of input; not a gap/1 document"
        );
        let exact = std::io::repeat(b' ').take(4096);
        assert!(matches!(
            read_capped(exact, "x", 4096).unwrap_err(),
            InputError::Empty { .. }
        ));
    }
}
