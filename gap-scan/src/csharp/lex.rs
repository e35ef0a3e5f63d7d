//! C#'s tokens, as `clike` tokens: C# strings differ too much from the other C-like languages for a
//! `clike::Dialect` switch (verbatim `@"..."` with `""` escapes, raw `"""..."""` of any length, interpolated
//! `$"...{expr}..."` whose holes hold strings of their own), and preprocessor lines (`#if`, `#region`) are
//! not code. Comments vanish; `@name` is the name; a nullable type's `?` (`string? x`) is no token, so only
//! conditionals count as branch points. It never fails.

use crate::clike::{Kind, Lexed, Token};

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Tokenizes C# `text`.
pub fn lex(text: &str) -> Lexed {
    let b = text.as_bytes();
    let mut out = Lexed {
        lines: b.iter().filter(|&&c| c == b'\n').count() as u64,
        ..Default::default()
    };
    let mut code = vec![false; out.lines as usize + 2];
    let (mut i, mut line, mut depth) = (0usize, 1u32, 0u32);
    // True while only whitespace stands between the last newline and `i`.
    let mut line_start = true;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            line += 1;
            i += 1;
            line_start = true;
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'#' && line_start {
            // A preprocessor directive runs to its line's end.
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        line_start = false;
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i = comment_end(b, i, &mut line);
            continue;
        }
        let (mut start, start_line) = (i, line);
        let kind;
        if let Some(end) = string_end(b, i, &mut line) {
            i = end;
            kind = Kind::Str;
        } else if is_name_byte(c) && !c.is_ascii_digit()
            || (c == b'@'
                && b.get(i + 1)
                    .is_some_and(|&n| is_name_byte(n) && !n.is_ascii_digit()))
        {
            if c == b'@' {
                i += 1;
                start = i;
            }
            while i < b.len() && is_name_byte(b[i]) {
                i += 1;
            }
            kind = Kind::Name;
        } else if c.is_ascii_digit() {
            while i < b.len()
                && (is_name_byte(b[i])
                    || (b[i] == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit)))
            {
                i += 1;
            }
            kind = Kind::Num;
        } else if c == b'?' && nullable_mark(b, i, out.tokens.last()) {
            i += 1;
            continue;
        } else {
            i += 1;
            kind = Kind::Op(c);
        }
        let tok_depth = depth;
        match kind {
            Kind::Op(b'{') => depth += 1,
            Kind::Op(b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        for l in start_line..=line {
            if let Some(x) = code.get_mut(l as usize) {
                *x = true;
            }
        }
        out.tokens.push(Token {
            kind,
            start,
            end: i,
            line: start_line,
            end_line: line,
            depth: tok_depth,
        });
    }
    out.code_lines = code.iter().filter(|&&x| x).count() as u64;
    out
}

/// The offset after the `/* */` comment opening at `i` (they do not nest in C#), counting its lines.
fn comment_end(b: &[u8], mut i: usize, line: &mut u32) -> usize {
    i += 2;
    while i < b.len() {
        if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
            return i + 2;
        }
        if b[i] == b'\n' {
            *line += 1;
        }
        i += 1;
    }
    b.len()
}

/// `string? x`, `int?[]`, `T?>`: a `?` right after a type's name or closing bracket and not followed by an
/// operand marks a nullable type; `a ? b : c`, `a ?? b` and `a?.b` are operators.
fn nullable_mark(b: &[u8], i: usize, prev: Option<&Token>) -> bool {
    let Some(p) = prev else { return false };
    let after_type = p.end == i && matches!(p.kind, Kind::Name | Kind::Op(b'>') | Kind::Op(b']'));
    after_type
        && b.get(i + 1).is_none_or(|&n| {
            n.is_ascii_whitespace() || matches!(n, b',' | b')' | b'>' | b']' | b';' | b'[')
        })
}

/// When a string or character literal opens at `i`: the offset after it, counting the lines it spans.
/// Regular `"..."` and `'.'` end at their line's end when unterminated; verbatim `@"..."` and raw
/// `"""..."""` span lines; `$` prefixes make holes (`{expr}`) whose own strings are read through.
fn string_end(b: &[u8], i: usize, line: &mut u32) -> Option<usize> {
    if b[i] == b'\'' {
        return Some(quoted_end(b, i, b'\'', line));
    }
    // The prefix: `$`s and at most one `@`, in either order.
    let mut j = i;
    let (mut dollars, mut verbatim) = (0usize, false);
    while j < b.len() {
        match b[j] {
            b'$' => dollars += 1,
            b'@' if !verbatim => verbatim = true,
            _ => break,
        }
        j += 1;
    }
    if b.get(j) != Some(&b'"') || (j > i && i > 0 && is_name_byte(b[i - 1])) {
        return None;
    }
    let quotes = b[j..].iter().take_while(|&&q| q == b'"').count();
    if quotes >= 3 && !verbatim {
        return Some(raw_end(b, j, quotes, line));
    }
    if verbatim {
        return Some(verbatim_end(b, j, dollars > 0, line));
    }
    if dollars > 0 {
        return Some(interpolated_end(b, j, line));
    }
    Some(quoted_end(b, j, b'"', line))
}

/// A regular `"..."` or `'.'` opening at `i`: after its closing quote, or at its line's end.
fn quoted_end(b: &[u8], start: usize, q: u8, line: &mut u32) -> usize {
    let mut i = start + 1;
    while i < b.len() && b[i] != q {
        if b[i] == b'\n' {
            return i;
        }
        if b[i] == b'\\' {
            i += 1;
            if b.get(i) == Some(&b'\n') {
                *line += 1;
            }
        }
        i += 1;
    }
    (i + 1).min(b.len())
}

/// A raw string whose `quotes` quotes open at `i`: after the first run of at least as many quotes.
fn raw_end(b: &[u8], start: usize, quotes: usize, line: &mut u32) -> usize {
    let mut i = start + quotes;
    while i < b.len() {
        if b[i] == b'"' {
            let run = b[i..].iter().take_while(|&&q| q == b'"').count();
            if run >= quotes {
                return i + run;
            }
            i += run;
            continue;
        }
        if b[i] == b'\n' {
            *line += 1;
        }
        i += 1;
    }
    b.len()
}

/// A verbatim `@"..."` whose quote is at `i` (`""` is a quote); with `holes`, `{expr}` holes.
fn verbatim_end(b: &[u8], start: usize, holes: bool, line: &mut u32) -> usize {
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'"' if b.get(i + 1) == Some(&b'"') => i += 2,
            b'"' => return i + 1,
            b'{' if holes && b.get(i + 1) == Some(&b'{') => i += 2,
            b'{' if holes => i = hole_end(b, i, line),
            b'\n' => {
                *line += 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    b.len()
}

/// An interpolated `$"..."` whose quote is at `i`: holes may hold strings; the text ends at its line's end.
fn interpolated_end(b: &[u8], start: usize, line: &mut u32) -> usize {
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'"' => return i + 1,
            b'\\' => i += 2,
            b'\n' => return i,
            b'{' if b.get(i + 1) == Some(&b'{') => i += 2,
            b'{' => i = hole_end(b, i, line),
            _ => i += 1,
        }
    }
    b.len()
}

/// The offset after the hole `{expr}` opening at `i`: braces balance, strings inside are read whole.
fn hole_end(b: &[u8], start: usize, line: &mut u32) -> usize {
    let mut level = 0u32;
    let mut i = start;
    while i < b.len() {
        match b[i] {
            b'{' => level += 1,
            b'}' => {
                level -= 1;
                if level == 0 {
                    return i + 1;
                }
            }
            b'\n' => *line += 1,
            b'"' | b'\'' | b'$' | b'@' => {
                if let Some(end) = string_end(b, i, line) {
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clike::text;

    fn names(src: &str) -> Vec<String> {
        lex(src)
            .tokens
            .iter()
            .map(|t| text(src, t).to_string())
            .collect()
    }

    #[test]
    fn strings_of_every_form_are_one_token() {
        let src = concat!(
            "a = @\"c:\\x \"\"class Q {}\"\" \n still\";\n",
            "b = $\"{d[\"k\"]} class R {{}}\";\n",
            "c = \"\"\"\n  class S { \"\" }\n  \"\"\";\n",
            "e = $$\"\"\"{{f}} \"\"\";\n",
            "g = $@\"{h(\"}\")}\n\";\n",
            "i = '\"'; j = '\\''; class T {}\n",
        );
        let toks = names(src);
        for hidden in ["Q", "R", "S", "d", "f", "h"] {
            assert!(!toks.contains(&hidden.to_string()), "{hidden} in {toks:?}");
        }
        for shown in ["a", "b", "c", "e", "g", "i", "j", "T"] {
            assert!(toks.contains(&shown.to_string()), "{shown} not in {toks:?}");
        }
        let l = lex(src);
        assert_eq!(
            l.tokens.last().map(|t| t.line),
            Some(10),
            "lines inside strings count"
        );
    }

    #[test]
    fn comments_directives_verbatim_names_and_nullable_marks() {
        let src = "#region x class A\n// class B\n/* class C\n */ int? @class = a ? b : c ?? d?.e;\nstring?[] f;";
        let toks = names(src);
        assert_eq!(
            toks,
            [
                "int", "class", "=", "a", "?", "b", ":", "c", "?", "?", "d", "?", ".", "e", ";",
                "string", "[", "]", "f", ";"
            ]
        );
        assert_eq!(lex(src).tokens[0].line, 4);
    }

    #[test]
    fn hostile_input_never_panics() {
        for src in [
            "\"",
            "@\"",
            "$\"{",
            "$\"{\"",
            "\"\"\"",
            "$$\"\"\"{",
            "'",
            "/*",
            "#",
            "@",
            "$@\"{{\n",
            "}}}",
        ] {
            let _ = lex(src);
        }
    }
}
