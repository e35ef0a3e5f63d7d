//! Reading and writing the document: strict schema checks on the way in, canonical bytes on the way out.
//!
//! A document is read as a stream and refused at the first byte that cannot belong to one (`yes | gap-rank`
//! fails at once rather than filling memory), a key written twice in one object is an error naming it, and
//! no input is read past [`MAX_DOCUMENT_BYTES`].

use std::cell::{Cell, RefCell};
use std::fmt;
use std::io::{Read, Write};
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::document::{Document, SCHEMA};
use crate::{split, strict, syntax};

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
/// it arrives, straight into the document's types: the first byte that cannot continue a JSON document ends the
/// read with an error.
pub fn read_document(reader: impl Read, source: &str) -> Result<Document, InputError> {
    read_capped(reader, source, MAX_DOCUMENT_BYTES, 0, parse_split)
}

/// [`read_document`] into any type a gap/1 document deserializes to (a stage's own view of it, as `gap merge`'s
/// shard documents), with the same rules: `schema` checked, a key written twice refused, the byte budget.
pub fn read_document_as<T: DeserializeOwned>(
    reader: impl Read,
    source: &str,
) -> Result<T, InputError> {
    read_capped(reader, source, MAX_DOCUMENT_BYTES, 0, |text, _| {
        parse_whole(text)
    })
}

/// Documents up to this size (128 MiB) are read whole and parsed from memory; larger ones are parsed as they
/// stream, so that the text does not sit beside the typed document (the memory goal: under 3x the document).
const WHOLE_BYTES: usize = 128 << 20;

/// How much is read at a time while buffering: the syntax check sees the input in pieces this large, so
/// garbage is refused after at most this many bytes.
const PIECE: u64 = 64 << 10;

/// [`read_document_as`] with a byte budget of `cap`; `size` is how large the input says it is (a regular
/// file's length; 0 when unknown), `parse` parses it from memory once it is whole.
///
/// The input is read into memory in pieces, each run through a cheap syntax check ([`syntax::Check`]), and
/// parsed from memory once it is whole (serde_json's slice reader is several times faster than its stream
/// reader, which keeps line and column for every byte). The first piece the check refuses, an input larger than
/// [`WHOLE_BYTES`], a read error, or a parse from memory that fails hands the bytes read so far, followed by
/// the rest of the input, to the stream parser: every error is the one the stream parser gives, with its line
/// and column, and garbage still fails at its first piece.
fn read_capped<T: DeserializeOwned>(
    mut reader: impl Read,
    source: &str,
    cap: u64,
    size: u64,
    parse: impl FnOnce(&[u8], &syntax::Check) -> Option<T>,
) -> Result<T, InputError> {
    // A regular file's length sizes the buffer once (no copies as it grows); the byte after it finds the end.
    let mut text = match usize::try_from(size) {
        Ok(size) if size <= WHOLE_BYTES => Vec::with_capacity(size + 1),
        _ => Vec::new(),
    };
    let mut check = syntax::Check::default();
    let mut failed_read = None;
    loop {
        if text.len() > WHOLE_BYTES || text.len() as u64 > cap {
            return read_stream(Pieces::from(text).chain(reader), source, cap);
        }
        let start = text.len();
        match (&mut reader).take(PIECE).read_to_end(&mut text) {
            Ok(0) => break,
            Ok(_) if check.feed(&text[start..]) => {}
            Ok(_) => return read_stream(Pieces::from(text).chain(reader), source, cap),
            Err(e) => {
                failed_read = Some(e);
                break;
            }
        }
    }
    if let (None, true) = (&failed_read, check.complete()) {
        if let Some(value) = parse(&text, &check) {
            return Ok(value);
        }
    }
    let failing = Failing(failed_read);
    read_stream(
        std::io::Cursor::new(text).chain(failing).chain(reader),
        source,
        cap,
    )
}

/// Parses a whole gap/1 document from memory, its large arrays on every core ([`split`]); `None` on any error.
fn parse_split(text: &[u8], check: &syntax::Check) -> Option<Document> {
    split::parse_document(text, check, parse_whole::<Document>)
}

/// Parses a whole document from memory; `None` on any error (the stream parser then says which).
pub(crate) fn parse_whole<T: DeserializeOwned>(text: &[u8]) -> Option<T> {
    let state = RefCell::new(strict::State::new(SCHEMA));
    let mut de = serde_json::Deserializer::from_slice(text);
    let parsed =
        strict::deserialize::<T, _>(&mut de, &state).and_then(|value| de.end().map(|()| value));
    match parsed {
        Ok(Some(value)) if state.into_inner().schema == Some(Ok(())) => Some(value),
        _ => None,
    }
}

/// A reader that gives a read error once (the one buffering met), then the end of input.
struct Failing(Option<std::io::Error>);

impl Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

/// Bytes already read, handed out piece by piece and freed as they go (a large input read past
/// [`WHOLE_BYTES`] does not keep its first part in memory while the stream parser builds the document).
struct Pieces {
    /// The pieces, the last one first.
    pieces: Vec<Vec<u8>>,
    /// How much of the last piece of `pieces` is handed out.
    at: usize,
}

impl From<Vec<u8>> for Pieces {
    fn from(mut text: Vec<u8>) -> Self {
        const SIZE: usize = 4 << 20;
        let mut pieces = Vec::new();
        while text.len() > SIZE {
            pieces.push(text.split_off(text.len() - SIZE));
            text.shrink_to_fit();
        }
        pieces.push(text);
        Pieces { pieces, at: 0 }
    }
}

impl Read for Pieces {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while let Some(piece) = self.pieces.last() {
            if self.at < piece.len() {
                let n = buf.len().min(piece.len() - self.at);
                buf[..n].copy_from_slice(&piece[self.at..self.at + n]);
                self.at += n;
                return Ok(n);
            }
            self.pieces.pop();
            self.at = 0;
        }
        Ok(0)
    }
}

/// Parses a document as it streams from `reader`, with a byte budget of `cap`.
fn read_stream<T: DeserializeOwned>(
    reader: impl Read,
    source: &str,
    cap: u64,
) -> Result<T, InputError> {
    // The buffer sits outside the watch: the parser takes the input a byte at a time, and each byte must cost
    // a buffer read, not a pass through the budget's bookkeeping. The parser owns the buffer (a `BufReader`
    // hands out single bytes without a call through `Read`; a `&mut BufReader` would not), so what the watch
    // saw comes back through `seen`.
    let seen = Seen::default();
    let input = std::io::BufReader::with_capacity(
        1 << 16,
        Watched {
            inner: reader,
            left: cap,
            seen: &seen,
        },
    );
    let state = RefCell::new(strict::State::new(SCHEMA));
    let parsed = {
        let mut de = serde_json::Deserializer::from_reader(input);
        strict::deserialize::<T, _>(&mut de, &state).and_then(|value| de.end().map(|()| value))
    };
    let state = state.into_inner();
    let source = source.to_string();
    let e = match parsed {
        Ok(Some(value)) if state.schema == Some(Ok(())) => return Ok(value),
        Ok(_) => {
            return Err(InputError::Schema {
                source,
                found: None,
            })
        }
        Err(e) => e,
    };
    if seen.too_large.get() {
        return Err(InputError::TooLarge { source });
    }
    if let Some(Err(found)) = state.schema {
        return Err(InputError::Schema {
            source,
            found: Some(found),
        });
    }
    if e.is_eof() && !seen.content.get() {
        return Err(InputError::Empty { source });
    }
    if e.is_io() {
        return Err(InputError::Io {
            source,
            error: e.into(),
        });
    }
    if state.duplicate || !e.is_data() {
        return Err(syntax(&source, &e));
    }
    // A shape error: not an object at all, or an object without `schema`, is no gap/1 document; `schema` is
    // checked where it comes (gap writes it first), so a shape error before it is reported as one.
    if state.top_done && state.schema.is_none() {
        return Err(InputError::Schema {
            source,
            found: None,
        });
    }
    Err(InputError::Shape {
        source,
        message: without_position(&e),
    })
}

/// serde_json's message without the ` at line L column C` it ends with.
fn without_position(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(i) if e.line() > 0 => message[..i].to_string(),
        _ => message,
    }
}

/// A malformed-JSON error naming line and column.
fn syntax(source: &str, e: &serde_json::Error) -> InputError {
    InputError::Syntax {
        source: source.to_string(),
        line: e.line(),
        column: e.column(),
        message: without_position(e),
    }
}

/// Parses one document from text; `source` names it in errors.
pub fn parse_document(text: &str, source: &str) -> Result<Document, InputError> {
    read_document(text.as_bytes(), source)
}

/// What [`Watched`] saw of its input.
#[derive(Default)]
struct Seen {
    /// Something other than whitespace came through.
    content: Cell<bool>,
    /// The input went past the budget.
    too_large: Cell<bool>,
}

/// A reader that stops after a byte budget and notes whether anything but whitespace came through.
struct Watched<'a, R> {
    inner: R,
    left: u64,
    seen: &'a Seen,
}

impl<R: Read> Read for Watched<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            // One byte more than the budget tells an input of exactly the budget from a larger one.
            let mut probe = [0u8; 1];
            if self.inner.read(&mut probe)? == 0 {
                return Ok(0);
            }
            self.seen.too_large.set(true);
            return Err(std::io::Error::other("input too large"));
        }
        let cap = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..cap])?;
        self.left -= n as u64;
        if !self.seen.content.get() {
            let content = buf[..n]
                .iter()
                .any(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
            self.seen.content.set(content);
        }
        Ok(n)
    }
}

/// Reads the document from `path`, or from stdin when `path` is `None` or `-`.
pub fn read_input(path: Option<&Path>) -> Result<Document, InputError> {
    with_input(path, |reader, source, size| {
        read_capped(reader, source, MAX_DOCUMENT_BYTES, size, parse_split)
    })
}

/// [`read_input`] into any type a gap/1 document deserializes to ([`read_document_as`]).
pub fn read_input_as<T: DeserializeOwned>(path: Option<&Path>) -> Result<T, InputError> {
    with_input(path, |reader, source, size| {
        read_capped(reader, source, MAX_DOCUMENT_BYTES, size, |text, _| {
            parse_whole(text)
        })
    })
}

/// Calls `read` with the input `path` names (stdin when `None` or `-`), its name for errors and its size when
/// it is a regular file (0 otherwise).
fn with_input<T>(
    path: Option<&Path>,
    read: impl FnOnce(&mut dyn Read, &str, u64) -> Result<T, InputError>,
) -> Result<T, InputError> {
    let size = |file: &std::fs::File| {
        file.metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .map_or(0, |m| m.len())
    };
    match path {
        Some(p) if p != Path::new("-") => {
            let source = p.display().to_string();
            let mut file = std::fs::File::open(p).map_err(|error| InputError::Io {
                source: source.clone(),
                error,
            })?;
            let size = size(&file);
            read(&mut file, &source, size)
        }
        _ => {
            let stdin = std::io::stdin();
            let size = stdin_file().map_or(0, |file| size(&file));
            read(&mut stdin.lock(), "<stdin>", size)
        }
    }
}

/// Stdin as a file (a second handle on it), to ask its size.
#[cfg(unix)]
fn stdin_file() -> Option<std::fs::File> {
    use std::os::fd::AsFd;
    let fd = std::io::stdin().as_fd().try_clone_to_owned().ok()?;
    Some(std::fs::File::from(fd))
}

#[cfg(not(unix))]
fn stdin_file() -> Option<std::fs::File> {
    None
}

/// Writes the document as pretty JSON with a final newline, collections in canonical order.
/// A document already in canonical order (as every stage builds it) is written as it is, without a copy;
/// its modules and test files are serialized on every core ([`crate::pretty`]), the bytes those of serde_json's
/// pretty writer.
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
    crate::pretty::write(doc, &mut out)?;
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

    #[test]
    fn a_key_written_twice_is_refused_wherever_it_is() {
        let head = r##"{"schema":"gap/1","tool":{"name":"x","version":"1"},"root":".""##;
        // Inside a field no version of gap knows, and deeper in it.
        let unknown = format!(r#"{head},"x_f":{{"a":1,"b":{{"c":1,"c":2}}}}}}"#);
        assert!(err(&unknown).ends_with("malformed JSON: duplicate key `c` in an object of `b`"));
        // Inside the configuration, read leniently.
        let config = format!(r#"{head},"config":{{"score":{{"x":1,"x":1}}}}}}"#);
        assert!(err(&config).contains("duplicate key `x` in an object of `score`"));
        // In an object of many keys (looked up by hash), the first key again at the end.
        let many: Vec<String> = (0..100).map(|i| format!(r#""k{i}":{i}"#)).collect();
        let big = format!(r#"{head},"x_f":{{{},"k0":0}}}}"#, many.join(","));
        assert!(err(&big).contains("duplicate key `k0` in an object of `x_f`"));
        let fine = format!(r#"{head},"x_f":{{{}}}}}"#, many.join(","));
        let doc = parse_document(&fine, "x").unwrap();
        assert_eq!(doc.extra["x_f"].as_object().unwrap().len(), 100);
        // Equal keys in sibling objects are no duplicates.
        let siblings = format!(r#"{head},"x_f":[{{"a":1}},{{"a":2}}],"x_g":{{"a":{{"a":1}}}}}}"#);
        assert!(parse_document(&siblings, "x").is_ok());
        // In a document that is not an object, after it is read to its end.
        assert!(err(r#"[{"a":1,"a":2}]"#).contains("duplicate key `a`"));
    }

    #[test]
    fn schema_is_checked_where_it_comes() {
        // Another schema is named before the shape of what follows it is checked.
        assert!(err(r#"{"schema":"gap/2","modules":"no"}"#).contains("field `schema` is \"gap/2\""));
        assert!(err(r#"{"schema":7}"#).contains("field `schema` is \"7\""));
        // Later in the object.
        assert!(err(r#"{"root":".","schema":"gap/9"}"#).contains("field `schema` is \"gap/9\""));
        // No schema at all, whatever else is missing.
        assert!(err(r#"{"root":"."}"#).contains("no `schema` field"));
        assert!(err(r#""gap/1""#).contains("no `schema` field"));
        // Not an object, and not JSON past its start: the syntax error wins.
        assert!(err("[1, 2").contains("malformed JSON"));
        assert!(err("5 5").contains("malformed JSON"));
    }

    #[test]
    fn a_shape_error_names_what_is_wrong_without_the_position() {
        let head = r##"{"schema":"gap/1","tool":{"name":"x","version":"1"},"root":".""##;
        assert_eq!(
            err(&format!(r#"{head},"modules":7}}"#)),
            "<stdin>: not a valid gap/1 document: invalid type: integer `7`, expected a sequence"
        );
    }

    #[test]
    fn a_stage_reads_its_own_view_of_the_document() {
        #[derive(serde::Deserialize)]
        struct View {
            root: String,
            #[serde(flatten)]
            rest: serde_json::Map<String, serde_json::Value>,
        }
        let text = r#"{"schema":"gap/1","root":"r","x":{"y":[1]}}"#;
        let view: View = read_document_as(text.as_bytes(), "v").unwrap();
        assert_eq!(view.root, "r");
        assert_eq!(view.rest["x"], serde_json::json!({"y": [1]}));
        let twice = r#"{"schema":"gap/1","root":"r","x":{"y":1,"y":2}}"#;
        let e = read_document_as::<View>(twice.as_bytes(), "v")
            .err()
            .unwrap();
        assert!(
            e.to_string()
                .contains("duplicate key `y` in an object of `x`"),
            "{e}"
        );
    }

    #[test]
    fn a_document_split_across_cores_fails_as_the_stream_parser_says() {
        use crate::split::tests::{document, module, refused, test_file};
        let stream = |text: &[u8]| {
            read_stream::<Document>(text, "<stdin>", MAX_DOCUMENT_BYTES)
                .err()
                .map(|e| e.to_string())
        };
        let mut cases = refused();
        let fine = document(
            &(0..300).map(|i| module(i, "")).collect::<Vec<_>>(),
            &(0..100).map(test_file).collect::<Vec<_>>(),
            "",
        );
        cases.push(("cut short", fine[..fine.len() / 2].to_string()));
        cases.push(("garbage after it", format!("{fine}x")));
        cases.push(("a byte order mark", format!("\u{feff}{fine}")));
        for (what, text) in cases {
            let e = parse_document(&text, "<stdin>")
                .err()
                .map(|e| e.to_string());
            assert!(e.is_some(), "{what}: read");
            assert_eq!(e, stream(text.as_bytes()), "{what}");
        }
        let doc = parse_document(&fine, "<stdin>").unwrap();
        assert_eq!(doc.modules.len(), 300);
        assert_eq!(
            Ok(&doc),
            read_stream::<Document>(fine.as_bytes(), "x", MAX_DOCUMENT_BYTES)
                .as_ref()
                .map_err(|e| e.to_string())
        );
    }

    #[test]
    fn a_file_is_read_as_its_text_is() {
        let dir = std::env::temp_dir().join(format!("gap-core-io-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("doc.json");
        let text = crate::split::tests::document(
            &(0..100)
                .map(|i| crate::split::tests::module(i, ""))
                .collect::<Vec<_>>(),
            &[],
            "",
        );
        std::fs::write(&path, &text).unwrap();
        let from_file = read_input(Some(&path)).unwrap();
        assert_eq!(from_file, parse_document(&text, "x").unwrap());
        std::fs::write(&path, &text[..text.len() - 3]).unwrap();
        let e = read_input(Some(&path)).unwrap_err().to_string();
        assert!(
            e.starts_with(&format!("{}:", path.display())) && e.contains("malformed JSON"),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
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
        let e = read_capped::<Document>(spaces, "big.json", 4096, 0, |t, _| parse_whole(t))
            .unwrap_err();
        assert!(matches!(e, InputError::TooLarge { .. }), "{e}");
        assert_eq!(
            e.to_string(),
            "big.json: more than 1024 MiB of input; not a gap/1 document"
        );
        let exact = std::io::repeat(b' ').take(4096);
        assert!(matches!(
            read_capped::<Document>(exact, "x", 4096, 0, |t, _| parse_whole(t)).unwrap_err(),
            InputError::Empty { .. }
        ));
    }
}
