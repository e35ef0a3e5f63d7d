//! A forgiving Python tokenizer: names, strings, numbers and punctuation grouped into logical lines.
//! It never fails: unterminated strings and brackets end at the end of the file.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An identifier or keyword.
    Name,
    /// A string literal, prefixes and quotes included.
    Str,
    /// A number literal.
    Num,
    /// One punctuation byte (`.`, `(`, `=`, ...).
    Op(u8),
}

/// One token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: Kind,
    /// Byte offset of its first byte.
    pub start: usize,
    /// Byte offset after its last byte.
    pub end: usize,
    /// 1-based line it starts on.
    pub line: u32,
    /// 1-based line it ends on (differs for multi-line strings).
    pub end_line: u32,
}

/// A statement: the tokens of a logical line up to a `;`, with the logical line's indentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// Range into the token list.
    pub tokens: std::ops::Range<usize>,
    /// Column of the logical line's first token, tabs to multiples of 8.
    pub indent: u32,
}

/// The tokens and statements of a file.
#[derive(Debug, Default)]
pub struct Lexed {
    /// Every token, in order.
    pub tokens: Vec<Token>,
    /// Statements, in order.
    pub statements: Vec<Statement>,
    /// Newline bytes in the text (its lines as `wc -l` counts them), counted on the way.
    pub newlines: u64,
}

/// Per byte, true for the bytes of a name: ASCII letters, digits, `_` and every byte of a non-ASCII
/// character (one table look-up per byte on the lexer's hottest loop).
const NAME_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80;
        b += 1;
    }
    t
};

fn is_name_byte(b: u8) -> bool {
    NAME_BYTES[b as usize]
}

fn is_string_prefix(s: &[u8]) -> bool {
    s.len() <= 2
        && s.iter().all(|b| b"rRbBuUfFtT".contains(b))
        && !(s.len() == 2 && s[0].eq_ignore_ascii_case(&s[1]))
}

/// Splits `text` into tokens and statements.
pub fn lex(text: &str) -> Lexed {
    // About one token per six bytes of Python and one statement per eight tokens: room for most files up
    // front instead of a copy at every doubling.
    let mut statements = Vec::with_capacity(text.len() / 48 + 4);
    let (tokens, newlines) = run(
        text,
        Vec::with_capacity(text.len() / 6 + 16),
        |tokens, start, indent| {
            statements.push(Statement {
                tokens: start..tokens.len(),
                indent,
            });
        },
    );
    Lexed {
        tokens,
        statements,
        newlines,
    }
}

/// Calls `f` with each statement of `text` in order: its tokens and its indentation; returns the text's
/// newline bytes. Only one statement's tokens are held at a time, so memory does not grow with the file (a
/// file of millions of definitions).
pub fn for_each_statement(text: &str, mut f: impl FnMut(&[Token], u32)) -> u64 {
    let (_, newlines) = run(text, Vec::with_capacity(64), |tokens, start, indent| {
        f(&tokens[start..], indent);
        tokens.clear();
    });
    newlines
}

/// The lexer, pushing onto `tokens`: `at_end(tokens, start, indent)` is called at the end of each
/// statement, whose tokens are `tokens[start..]`; it may keep them or clear `tokens`. Returns the tokens left
/// and the newline bytes of the text.
fn run(
    text: &str,
    mut tokens: Vec<Token>,
    mut at_end: impl FnMut(&mut Vec<Token>, usize, u32),
) -> (Vec<Token>, u64) {
    let b = text.as_bytes();
    let mut i = 0;
    let mut line: u32 = 1;
    let mut line_start = 0;
    let mut depth: u32 = 0;
    // First token of the current logical line, and of the current statement.
    let mut logical_indent: Option<u32> = None;
    let mut stmt_start = 0;
    let mut end_statement =
        |tokens: &mut Vec<Token>, stmt_start: &mut usize, indent: Option<u32>| {
            if tokens.len() > *stmt_start {
                at_end(tokens, *stmt_start, indent.unwrap_or(0));
            }
            *stmt_start = tokens.len();
        };
    while i < b.len() {
        let c = b[i];
        match c {
            b'\n' => {
                if depth == 0 {
                    end_statement(&mut tokens, &mut stmt_start, logical_indent);
                    logical_indent = None;
                }
                i += 1;
                line += 1;
                line_start = i;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\x0c' => {
                i += 1;
                continue;
            }
            b'#' => {
                // To the end of the line (a memchr search, not a loop per byte).
                i = text[i..].find('\n').map_or(b.len(), |n| i + n);
                continue;
            }
            b'\\' => {
                // Explicit line continuation (or a stray backslash).
                let mut j = i + 1;
                if j < b.len() && b[j] == b'\r' {
                    j += 1;
                }
                if j < b.len() && b[j] == b'\n' {
                    line += 1;
                    line_start = j + 1;
                    i = j + 1;
                } else {
                    i += 1;
                }
                continue;
            }
            _ => {}
        }
        if logical_indent.is_none() {
            let mut col = 0;
            for &x in &b[line_start..i] {
                col = if x == b'\t' {
                    (col / 8 + 1) * 8
                } else {
                    col + 1
                };
            }
            logical_indent = Some(col);
        }
        let start = i;
        let start_line = line;
        let kind;
        if is_name_byte(c) && !c.is_ascii_digit() {
            while i < b.len() && is_name_byte(b[i]) {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') && is_string_prefix(&b[start..i]) {
                i = string_end(b, i, &mut line, &mut line_start);
                kind = Kind::Str;
            } else {
                kind = Kind::Name;
            }
        } else if c == b'"' || c == b'\'' {
            i = string_end(b, i, &mut line, &mut line_start);
            kind = Kind::Str;
        } else if c.is_ascii_digit() || (c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            while i < b.len() {
                let x = b[i];
                let exponent_sign = (x == b'+' || x == b'-')
                    && matches!(b[i - 1], b'e' | b'E')
                    && !b[start..i].starts_with(b"0x");
                if exponent_sign || x.is_ascii_alphanumeric() || x == b'_' || x == b'.' {
                    i += 1;
                } else {
                    break;
                }
            }
            kind = Kind::Num;
        } else {
            i += 1;
            match c {
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            if c == b';' && depth == 0 {
                end_statement(&mut tokens, &mut stmt_start, logical_indent);
                continue;
            }
            kind = Kind::Op(c);
        }
        tokens.push(Token {
            kind,
            start,
            end: i,
            line: start_line,
            end_line: line,
        });
    }
    end_statement(&mut tokens, &mut stmt_start, logical_indent);
    // Every newline byte moved `line` on exactly once (in code, comments, strings and continuations).
    (tokens, u64::from(line - 1))
}

/// The end of the string whose opening quote is at `i`; counts the lines it spans.
fn string_end(b: &[u8], mut i: usize, line: &mut u32, line_start: &mut usize) -> usize {
    let q = b[i];
    let triple = b.len() >= i + 3 && b[i + 1] == q && b[i + 2] == q;
    i += if triple { 3 } else { 1 };
    while i < b.len() {
        let x = b[i];
        if x == b'\\' {
            i += 1;
            if i < b.len() && b[i] == b'\n' {
                *line += 1;
                *line_start = i + 1;
            }
            i += 1;
            continue;
        }
        if x == b'\n' {
            if !triple {
                return i; // unterminated: the newline ends it
            }
            *line += 1;
            *line_start = i + 1;
        }
        if x == q {
            if !triple {
                return i + 1;
            }
            if b.len() >= i + 3 && b[i + 1] == q && b[i + 2] == q {
                return i + 3;
            }
        }
        i += 1;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statements(text: &str) -> Vec<(u32, Vec<&str>)> {
        let l = lex(text);
        l.statements
            .iter()
            .map(|s| {
                (
                    s.indent,
                    l.tokens[s.tokens.clone()]
                        .iter()
                        .map(|t| &text[t.start..t.end])
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn brackets_and_backslashes_join_lines_and_semicolons_split_them() {
        let s = statements("x = (1,\n  2)\ny = 1 + \\\n  2; z = 3\n  # c\n\tw\n");
        assert_eq!(s[0], (0, vec!["x", "=", "(", "1", ",", "2", ")"]));
        assert_eq!(s[1], (0, vec!["y", "=", "1", "+", "2"]));
        assert_eq!(s[2], (0, vec!["z", "=", "3"]));
        assert_eq!(s[3], (8, vec!["w"]));
    }

    #[test]
    fn strings_of_every_shape_are_one_token() {
        let text = "a = rb'x\\'' + f\"{y}\" + '''one\ntwo''' + \"\"\"q\"\"\" + u'é'\n";
        let l = lex(text);
        let strs: Vec<&str> = l
            .tokens
            .iter()
            .filter(|t| t.kind == Kind::Str)
            .map(|t| &text[t.start..t.end])
            .collect();
        assert_eq!(
            strs,
            [
                "rb'x\\''",
                "f\"{y}\"",
                "'''one\ntwo'''",
                "\"\"\"q\"\"\"",
                "u'é'"
            ]
        );
        assert_eq!(
            l.tokens
                .iter()
                .find(|t| t.line != t.end_line)
                .map(|t| t.end_line),
            Some(2)
        );
    }

    #[test]
    fn unterminated_things_end_at_the_end() {
        assert_eq!(statements("x = 'abc\ny = 2\n").len(), 2);
        assert_eq!(statements("x = '''abc\ny = 2\n").len(), 1);
        assert_eq!(statements("f(a,\n b").len(), 1);
        assert_eq!(statements("").len(), 0);
        assert_eq!(statements("\\").len(), 0);
        assert_eq!(statements("'").len(), 1);
        assert_eq!(
            statements("é = 1\r\n").first().map(|s| s.1.clone()),
            Some(vec!["é", "=", "1"])
        );
    }

    #[test]
    fn newlines_are_counted_as_wc_counts_them() {
        for text in [
            "",
            "x",
            "x\n",
            "a = '''one\ntwo\n'''\n# c\n\n",
            "s = 'open\nt = \"a\\\n b\"\nf(1,\n 2) \\\n+ 3\r\n\r\n",
            "x = '''never closed\n\n",
            "# only a comment\n#\n",
            "\\\n\\\n'\\\n'\n\\",
        ] {
            let wc = text.bytes().filter(|&b| b == b'\n').count() as u64;
            assert_eq!(lex(text).newlines, wc, "{text:?}");
        }
    }

    #[test]
    fn statements_one_at_a_time_are_the_statements_of_the_whole_file() {
        let text = "import a\nx = (1,\n  2); y = '''s\nt'''\nclass C:\n    def f(self): pass\n";
        let mut streamed = Vec::new();
        let newlines = for_each_statement(text, |toks, indent| {
            streamed.push((
                indent,
                toks.iter()
                    .map(|t| &text[t.start..t.end])
                    .collect::<Vec<_>>(),
            ));
        });
        assert_eq!(streamed, statements(text));
        assert_eq!(streamed.len(), 5);
        assert_eq!(newlines, 6);
        assert_eq!(
            streamed[4],
            (4, vec!["def", "f", "(", "self", ")", ":", "pass"])
        );
    }

    #[test]
    fn numbers_with_exponents_and_underscores() {
        assert_eq!(
            statements("x = 1e-3 + 0x1F + 1_000 + .5j\n")[0].1,
            ["x", "=", "1e-3", "+", "0x1F", "+", "1_000", "+", ".5j"]
        );
    }
}
