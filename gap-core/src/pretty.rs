//! The document's pretty JSON, written on every core: its large arrays (modules, test files) are serialized
//! in pieces at once and joined in order, byte for byte what serde_json's pretty writer gives on one core.
//!
//! The pretty writer's output of a value depends only on the value and its depth: a module written alone,
//! starting two levels deep, is what the writer gives for it inside the document's `modules` array. So the
//! document is written as its small "shell" (every field, the large arrays left empty, on one core) with the
//! arrays spliced in where the shell has `[]`, each array in rounds of pieces serialized on every core while
//! the previous round is written out: memory holds two rounds, never a second copy of the document.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

use crate::document::{Document, Module, TestFile};
use crate::parallel;

/// Items serialized as one piece (one buffer): enough that claiming a piece costs nothing, few enough that
/// the threads finish a round together.
const PIECE: usize = 32;

/// Pieces per thread in a round: a round is what is in memory besides the one being written.
const PIECES_PER_THREAD: usize = 8;

/// Writes `doc` as `serde_json::to_writer_pretty` would, its modules and test files serialized on every
/// core. `out` should be buffered.
pub fn write(doc: &Document, out: &mut impl Write) -> io::Result<()> {
    let shell = shell_bytes(doc)?;
    let arrays: [(&[u8], &dyn Pieces); 2] = [
        (b"\n  \"modules\": []", &doc.modules.as_slice()),
        (b"\n  \"tests\": []", &doc.tests.as_slice()),
    ];
    let mut spliced: Vec<(usize, usize, &dyn Pieces)> = Vec::new();
    for (needle, items) in arrays {
        match find(&shell, needle) {
            // `[]` is the needle's end: what comes before it is written, the array in its place.
            Some(at) => spliced.push((at + needle.len() - 2, at + needle.len(), items)),
            // The shell does not list the array empty at the top level (never, as the document's types
            // serialize today): one core writes it all.
            None => return serde_json::to_writer_pretty(out, doc).map_err(io::Error::from),
        }
    }
    spliced.sort_by_key(|s| s.0);
    let threads = parallel::threads();
    let mut from = 0;
    for (start, end, items) in spliced {
        out.write_all(&shell[from..start])?;
        items.write_array(out, threads)?;
        from = end;
    }
    out.write_all(&shell[from..])
}

/// The document without its modules and test files, as pretty JSON.
fn shell_bytes(doc: &Document) -> io::Result<Vec<u8>> {
    // Every field is named, so a field added to the document is a compile error here, not a field left out.
    let Document {
        schema,
        tool,
        stages,
        root,
        modules: _,
        tests: _,
        categories,
        warnings,
        excluded,
        config,
        history,
        summary,
        languages,
        head_commit,
        repo_path,
        change,
        extra,
    } = doc;
    let shell = Document {
        schema: schema.clone(),
        tool: tool.clone(),
        stages: stages.clone(),
        root: root.clone(),
        modules: Vec::new(),
        tests: Vec::new(),
        categories: categories.clone(),
        warnings: warnings.clone(),
        excluded: excluded.clone(),
        config: config.clone(),
        history: history.clone(),
        summary: summary.clone(),
        languages: languages.clone(),
        head_commit: head_commit.clone(),
        repo_path: repo_path.clone(),
        change: change.clone(),
        extra: extra.clone(),
    };
    serde_json::to_vec_pretty(&shell).map_err(io::Error::from)
}

/// Where `needle` first occurs in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// An array of the document written in pieces on every core.
trait Pieces: Sync {
    /// Writes the array, one level deep in the document (`[`, its items two levels deep, `]`), serializing
    /// on `threads` threads.
    fn write_array(&self, out: &mut dyn Write, threads: usize) -> io::Result<()>;
}

impl<T: Item> Pieces for &[T] {
    fn write_array(&self, out: &mut dyn Write, threads: usize) -> io::Result<()> {
        write_array(self, out, threads)
    }
}

/// Entries in an item's lists beyond which it is written straight to the output on one core instead of
/// being held in memory as a piece: a module of millions of definitions would otherwise be a buffer of
/// hundreds of megabytes beside the document.
const ALONE: usize = 10_000;

/// An item of one of the document's large arrays.
trait Item: Serialize + Sync {
    /// How many entries its lists hold, about proportional to its size written.
    fn entries(&self) -> usize;
}

impl Item for Module {
    fn entries(&self) -> usize {
        self.symbols.len()
            + self.raises.len()
            + self.imports.len()
            + self.imported_by.len()
            + self.indirect_via.len()
            + self.evidence.len()
            + self.direct_tests.len()
            + self.named_tests.len()
    }
}

impl Item for TestFile {
    fn entries(&self) -> usize {
        self.imports.len() + self.exercises.len()
    }
}

/// Writes `items` as the pretty writer writes an array that is the value of a top-level field.
fn write_array<T: Item>(items: &[T], out: &mut dyn Write, threads: usize) -> io::Result<()> {
    if items.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    let round = PIECE * PIECES_PER_THREAD * threads.max(1);
    // The pieces of the previous round, written while the next one is serialized.
    let mut ready: Vec<Vec<u8>> = Vec::new();
    // Buffers of the round before, written and emptied: the next round's pieces are serialized into them,
    // so after the first rounds no piece grows a buffer or touches fresh memory.
    let mut spare: Vec<Vec<u8>> = Vec::new();
    let (mut rest, mut first) = (items, 0);
    while !rest.is_empty() {
        // A round: the items up to the next one too large to hold, at most `round` of them.
        let n = rest
            .iter()
            .take(round)
            .position(|i| i.entries() > ALONE)
            .unwrap_or(rest.len().min(round));
        if n == 0 {
            write_all(out, &mut ready, &mut spare)?;
            write_item(out, &rest[0], first)?;
            (rest, first) = (&rest[1..], first + 1);
            continue;
        }
        let (chunk, tail) = rest.split_at(n);
        let mut written = std::mem::take(&mut ready);
        let (wrote, pieces) = serialize_round(chunk, first, threads, spare, || {
            let mut emptied = Vec::new();
            write_all(out, &mut written, &mut emptied).map(|()| emptied)
        });
        spare = wrote?;
        ready = pieces?;
        (rest, first) = (tail, first + n);
    }
    write_all(out, &mut ready, &mut spare)?;
    out.write_all(b"\n  ]")
}

/// Writes every buffer of `pieces`, in order, and moves them, emptied, to `spare`.
fn write_all(
    out: &mut dyn Write,
    pieces: &mut Vec<Vec<u8>>,
    spare: &mut Vec<Vec<u8>>,
) -> io::Result<()> {
    for mut p in pieces.drain(..) {
        out.write_all(&p)?;
        p.clear();
        spare.push(p);
    }
    Ok(())
}

/// `chunk` (whose first item is the array's item `first`) serialized in pieces of [`PIECE`] items on
/// `threads` threads, the pieces in order, into the buffers of `spare` as far as they go; the calling thread
/// first runs `meanwhile` (the previous round's writing) and then takes pieces too.
fn serialize_round<T: Serialize + Sync, M>(
    chunk: &[T],
    first: usize,
    threads: usize,
    spare: Vec<Vec<u8>>,
    meanwhile: impl FnOnce() -> M,
) -> (M, io::Result<Vec<Vec<u8>>>) {
    let count = chunk.len().div_ceil(PIECE);
    let spare = std::sync::Mutex::new(spare);
    let (m, pieces) = parallel::pieces(count, threads, meanwhile, |p| {
        let items = &chunk[p * PIECE..((p + 1) * PIECE).min(chunk.len())];
        let buf = spare
            .lock()
            .map_or_else(|_| None, |mut s| s.pop())
            .unwrap_or_else(|| Vec::with_capacity(items.len() * 1024));
        piece(buf, items, first + p * PIECE)
    });
    (m, pieces.into_iter().collect())
}

/// `items`, from the array's item `first` on, as the pretty writer writes them inside a top-level field's
/// array, in `buf` (empty): each after its separator (`\n` before the array's first item, `,\n` before the
/// others) and four spaces of indentation.
fn piece<T: Serialize>(mut buf: Vec<u8>, items: &[T], first: usize) -> io::Result<Vec<u8>> {
    for (i, item) in items.iter().enumerate() {
        write_item(&mut buf, item, first + i)?;
    }
    Ok(buf)
}

/// The array's item `index` as the pretty writer writes it inside a top-level field's array, after its
/// separator.
fn write_item<T: Serialize, W: ?Sized + Write>(
    out: &mut W,
    item: &T,
    index: usize,
) -> io::Result<()> {
    out.write_all(if index == 0 { b"\n    " } else { b",\n    " })?;
    let mut ser = serde_json::Serializer::with_formatter(out, Nested::at(2));
    item.serialize(&mut ser).map_err(io::Error::from)
}

/// serde_json's pretty formatter (two spaces a level) starting `depth` levels deep: a value written with it
/// is byte for byte what `serde_json::to_writer_pretty` writes for that value at that depth.
struct Nested {
    current_indent: usize,
    has_value: bool,
}

impl Nested {
    fn at(depth: usize) -> Nested {
        Nested {
            current_indent: depth,
            has_value: false,
        }
    }

    /// A newline and the indentation of the current depth.
    fn newline<W: ?Sized + Write>(&self, writer: &mut W) -> io::Result<()> {
        const SPACES: &[u8] = &[b' '; 64];
        writer.write_all(b"\n")?;
        let mut n = self.current_indent * 2;
        while n > 0 {
            let k = n.min(SPACES.len());
            writer.write_all(&SPACES[..k])?;
            n -= k;
        }
        Ok(())
    }

    /// Opens an array or an object with `bracket`, one level deeper.
    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.current_indent += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    /// Closes an array or an object with `bracket`, on a line of its own unless it is empty.
    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.current_indent -= 1;
        if self.has_value {
            self.newline(writer)?;
        }
        writer.write_all(bracket)
    }

    /// Starts an item of an array or a key of an object: after a comma unless `first`, on a line of its own.
    fn item<W: ?Sized + Write>(&self, writer: &mut W, first: bool) -> io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        self.newline(writer)
    }
}

// The same steps as serde_json's `PrettyFormatter` (ser.rs), from a depth of our choosing.
impl Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    /// Values of every shape the pretty writer treats differently: empty and nested containers, escapes.
    fn shapes(n: usize) -> Vec<Value> {
        (0..n)
            .map(|i| match i % 6 {
                0 => json!({"path": format!("m{i}.py"), "symbols": [], "extra": {}}),
                1 => json!({"a": [[], [[]], [{}], [1, [2, {"b": []}]]], "s": "tab\tquote\"\u{1}é"}),
                2 => json!([]),
                3 => json!(i as f64 / 7.0),
                4 => json!({"x": {"y": {"z": [null, true, false, -3, "w"]}}}),
                _ if i % 97 == 5 => json!({"heavy": [i]}),
                _ => json!(format!("line\nbreak {i}")),
            })
            .collect()
    }

    /// A test item is too large for a piece when it is an object with a `heavy` field.
    impl Item for Value {
        fn entries(&self) -> usize {
            self.get("heavy").map_or(0, |_| ALONE + 1)
        }
    }

    #[test]
    fn an_array_written_in_pieces_is_what_the_pretty_writer_writes() {
        for n in [0, 1, 2, PIECE - 1, PIECE, PIECE + 1, 600, 1500] {
            let items = shapes(n);
            let want = serde_json::to_vec_pretty(&json!({ "k": items })).unwrap();
            for threads in [1, 2, 3, 8] {
                let mut got = b"{\n  \"k\": ".to_vec();
                write_array(&items, &mut got, threads).unwrap();
                got.extend_from_slice(b"\n}");
                assert!(got == want, "{n} items on {threads} threads differ");
            }
        }
    }

    fn document(modules: usize, tests: usize) -> Document {
        let module = |i: usize| {
            json!({"path": format!("app/m{i:05}.py"), "language": "python", "name": format!("m{i}"),
                "category": "app", "lines": i, "code_lines": 1, "branches": 0, "testable": true,
                // Every 500th module, from the 8th, too large to be held as a piece: written alone.
                "symbols": (0..if i % 500 == 7 { ALONE + 1 } else { 1 }).map(|k| json!({"name": format!("f{k}"),
                    "kind": "function", "line": 1 + k, "branches": 0, "raises": 0, "public": true,
                    "referenced": i % 2 == 0})).collect::<Vec<_>>(),
                "imports": if i % 3 == 0 { json!([]) } else { json!(["app/m00000.py"]) },
                "direct_tests": [], "public_symbols": 1, "referenced_symbols": i % 2,
                "symbol_coverage": 0.5, "status": "untested", "x_future": {"kept": [i, {}]}})
        };
        let test = |i: usize| {
            json!({"path": format!("tests/t{i:05}.py"), "language": "python", "kind": "test",
                "suite": "unit", "lines": 3, "test_functions": 1})
        };
        let doc = json!({
            "schema": "gap/1", "tool": {"name": "gap-scan", "version": "1"}, "root": "r",
            "modules": (0..modules).map(module).collect::<Vec<_>>(),
            "tests": (0..tests).map(test).collect::<Vec<_>>(),
            "categories": [{"id": "app", "name": "App", "x": []}],
            "warnings": [{"path": "b.py", "message": "not UTF-8"}],
            "history": {"window_days": 90, "head_time": 0, "note": "off"},
            "z_future": {"modules": [], "tests": []}
        });
        crate::io::parse_document(&doc.to_string(), "d").unwrap()
    }

    #[test]
    fn a_document_written_on_every_core_is_what_the_pretty_writer_writes() {
        for (modules, tests) in [(0, 0), (1, 0), (0, 5), (3, 700), (8, 0), (2000, 40)] {
            let doc = document(modules, tests);
            let want = serde_json::to_vec_pretty(&doc).unwrap();
            let mut got = Vec::new();
            write(&doc, &mut got).unwrap();
            assert!(got == want, "{modules} modules, {tests} tests differ");
        }
    }

    #[test]
    fn the_shell_lists_the_arrays_it_leaves_to_the_pieces() {
        // Else every document would be written on one core (correct, but slow).
        let shell = shell_bytes(&document(3, 3)).unwrap();
        assert!(find(&shell, b"\n  \"modules\": []").is_some());
        assert!(find(&shell, b"\n  \"tests\": []").is_some());
    }

    /// A writer that refuses everything after `left` bytes, as a closed pipe does.
    struct Closing {
        left: usize,
    }

    impl Write for Closing {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.left == 0 {
                return Err(io::ErrorKind::BrokenPipe.into());
            }
            let n = buf.len().min(self.left);
            self.left -= n;
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_output_ends_the_writing_with_its_error() {
        let doc = document(3000, 10);
        for left in [0, 100, 50_000, 400_000] {
            let e = write(&doc, &mut Closing { left }).unwrap_err();
            assert_eq!(e.kind(), io::ErrorKind::BrokenPipe, "after {left} bytes");
        }
    }
}
