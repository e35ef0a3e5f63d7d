//! Reading and writing the document: strict schema checks on the way in, canonical bytes on the way out.

use std::fmt;
use std::io::{Read, Write};
use std::path::Path;

use crate::document::{Document, SCHEMA};

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
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Io { source, error } => write!(f, "{source}: cannot read: {error}"),
            InputError::Empty { source } => write!(
                f,
                "{source}: empty input; expected a {SCHEMA} document (e.g. `gap-scan PATH | gap-rank`)"
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
        }
    }
}

impl std::error::Error for InputError {}

/// Reads one document from `reader`; `source` names it in errors (`<stdin>` or a path).
pub fn read_document(mut reader: impl Read, source: &str) -> Result<Document, InputError> {
    let mut text = String::new();
    reader
        .read_to_string(&mut text)
        .map_err(|error| InputError::Io {
            source: source.to_string(),
            error,
        })?;
    parse_document(&text, source)
}

/// Parses one document from text; `source` names it in errors.
pub fn parse_document(text: &str, source: &str) -> Result<Document, InputError> {
    let source = source.to_string();
    if text.trim().is_empty() {
        return Err(InputError::Empty { source });
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        InputError::Syntax {
            source: source.clone(),
            line: e.line(),
            column: e.column(),
            message,
        }
    })?;
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

/// Reads the document from `path`, or from stdin when `path` is `None` or `-`.
pub fn read_input(path: Option<&Path>) -> Result<Document, InputError> {
    match path {
        Some(p) if p != Path::new("-") => {
            let source = p.display().to_string();
            let file = std::fs::File::open(p).map_err(|error| InputError::Io {
                source: source.clone(),
                error,
            })?;
            read_document(std::io::BufReader::new(file), &source)
        }
        _ => read_document(std::io::stdin().lock(), "<stdin>"),
    }
}

/// Writes the document as pretty JSON with a final newline, collections in canonical order.
pub fn write_document(doc: &Document, out: impl Write) -> std::io::Result<()> {
    let mut doc = doc.clone();
    doc.canonicalize();
    let mut out = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &doc).map_err(std::io::Error::from)?;
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
        assert!(err("  \n").contains("empty input"));
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
}
