//! A forgiving tokenizer for the C-like languages (Go, JavaScript/TypeScript, Rust, Java/Kotlin): names,
//! strings, numbers and punctuation with their lines and brace depth. Comments vanish; it never fails.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An identifier or keyword.
    Name,
    /// A string, template or character literal, quotes included.
    Str,
    /// A JavaScript regular expression literal, slashes and flags included.
    Regex,
    /// A number literal.
    Num,
    /// One punctuation byte.
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
    /// 1-based line it ends on.
    pub end_line: u32,
    /// `{` nesting before this token (a `{` carries the depth outside it, a `}` the depth inside it).
    pub depth: u32,
}

/// Dialect switches for the few places the languages differ.
#[derive(Debug, Clone, Copy, Default)]
pub struct Dialect {
    /// Backticks delimit strings (Go raw strings, JS templates).
    pub backtick_strings: bool,
    /// `/` may open a regular expression literal, decided by the token before it (JavaScript).
    pub regex: bool,
    /// Rust: `'a` may be a lifetime, `r#"..."#` a raw string, `r#name` a raw identifier; block comments nest;
    /// `"` strings may span lines.
    pub rust: bool,
    /// `${ ... }` in strings holds an expression that may span lines and hold strings and braces of its own
    /// (Kotlin's `"` and `"""` strings, JavaScript's backtick templates).
    pub templates: bool,
}

impl Dialect {
    /// Go.
    pub const GO: Dialect = Dialect {
        backtick_strings: true,
        regex: false,
        rust: false,
        templates: false,
    };
    /// JavaScript and TypeScript.
    pub const JS: Dialect = Dialect {
        backtick_strings: true,
        regex: true,
        rust: false,
        templates: true,
    };
    /// Java.
    pub const JAVA: Dialect = Dialect {
        backtick_strings: false,
        regex: false,
        rust: false,
        templates: false,
    };
    /// Kotlin (backticks quote names, read here as strings).
    pub const KOTLIN: Dialect = Dialect {
        backtick_strings: true,
        regex: false,
        rust: false,
        templates: true,
    };
    /// Rust.
    pub const RUST: Dialect = Dialect {
        backtick_strings: false,
        regex: false,
        rust: true,
        templates: false,
    };
}

/// The tokens of a file and the lines that hold code.
#[derive(Debug, Default)]
pub struct Lexed {
    /// Every token, in order.
    pub tokens: Vec<Token>,
    /// Physical lines as `wc -l` counts them: newline bytes.
    pub lines: u64,
    /// Lines holding at least one token.
    pub code_lines: u64,
}

impl Lexed {
    /// Shared facts with the line counts filled in.
    pub fn facts(&self) -> crate::model::FileFacts {
        crate::model::FileFacts {
            lines: self.lines,
            code_lines: self.code_lines,
            ..Default::default()
        }
    }
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// Tokenizes `text`.
pub fn lex(text: &str, dialect: Dialect) -> Lexed {
    let b = text.as_bytes();
    let mut out = Lexed {
        lines: b.iter().filter(|&&c| c == b'\n').count() as u64,
        ..Default::default()
    };
    let mut code = vec![false; out.lines as usize + 2];
    let (mut i, mut line, mut depth) = (0usize, 1u32, 0u32);
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            line += 1;
            i += 1;
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i = block_comment_end(b, i, dialect.rust, &mut line);
            continue;
        }
        let (mut start, start_line) = (i, line);
        let kind;
        if dialect.rust && (c == b'r' || c == b'b') && raw_string_start(b, i).is_some() {
            let (hashes, open) = raw_string_start(b, i).unwrap_or((0, i));
            i = open + 1;
            loop {
                if i >= b.len() {
                    break;
                }
                if b[i] == b'\n' {
                    line += 1;
                }
                if b[i] == b'"'
                    && b[i + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&h| h == b'#')
                        .count()
                        == hashes
                {
                    i += 1 + hashes;
                    break;
                }
                i += 1;
            }
            kind = Kind::Str;
        } else if is_name_byte(c) && !c.is_ascii_digit() {
            // A raw identifier (`r#async`) is the name after `r#`.
            if dialect.rust
                && c == b'r'
                && b.get(i + 1) == Some(&b'#')
                && b.get(i + 2)
                    .is_some_and(|&n| is_name_byte(n) && !n.is_ascii_digit())
            {
                i += 2;
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
        } else if c == b'"' && b.get(i + 1) == Some(&b'"') && b.get(i + 2) == Some(&b'"') {
            i = text_block_end(b, i, template_levels(dialect), dialect, &mut line);
            kind = Kind::Str;
        } else if c == b'"'
            || (c == b'\'' && !(dialect.rust && is_lifetime(b, i)))
            || (c == b'`' && dialect.backtick_strings)
        {
            i = string_end(b, i, dialect, template_levels(dialect), &mut line);
            kind = Kind::Str;
        } else if c == b'/' && dialect.regex && regex_may_start(text, out.tokens.last()) {
            match regex_end(b, i) {
                Some(end) => {
                    i = end;
                    kind = Kind::Regex;
                }
                None => {
                    i += 1;
                    kind = Kind::Op(c);
                }
            }
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

/// The offset after the block comment opening at `i` (nested ones too when `nested`), counting its lines.
fn block_comment_end(b: &[u8], mut i: usize, nested: bool, line: &mut u32) -> usize {
    let mut level = 0u32;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'*') && (level == 0 || nested) {
            level += 1;
            i += 2;
        } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
            level -= 1;
            i += 2;
            if level == 0 {
                return i;
            }
        } else {
            if b[i] == b'\n' {
                *line += 1;
            }
            i += 1;
        }
    }
    b.len()
}

/// How deep `${ ... }` expressions nest in strings of `dialect` before they are read as text (hostile input
/// must not recurse without end).
fn template_levels(dialect: Dialect) -> u8 {
    if dialect.templates {
        16
    } else {
        0
    }
}

/// The offset after the string, template or character literal opening at `i` (a quote byte), counting its
/// lines: backtick strings and Rust's `"` strings span lines, other quotes end at the line's end; with
/// `levels` left, `${ ... }` expressions are stepped over in Kotlin's `"` strings and JavaScript's templates.
fn string_end(b: &[u8], i: usize, dialect: Dialect, levels: u8, line: &mut u32) -> usize {
    let q = b[i];
    let multiline = q == b'`' || (q == b'"' && dialect.rust);
    // Templates are Kotlin's `"` strings and JavaScript's backtick ones (Kotlin's backticks quote names).
    let levels = match q {
        b'"' if !dialect.regex => levels,
        b'`' if dialect.regex => levels,
        _ => 0,
    };
    quoted_end(b, i, multiline, levels, dialect, line)
}

/// The offset after the `"""` text block opening at `start`, counting its lines (templates as in
/// [`string_end`]).
fn text_block_end(b: &[u8], start: usize, levels: u8, dialect: Dialect, line: &mut u32) -> usize {
    let mut i = start + 3;
    while i < b.len()
        && !(b[i] == b'"' && b.get(i + 1) == Some(&b'"') && b.get(i + 2) == Some(&b'"'))
    {
        if levels > 0 && b[i] == b'$' && b.get(i + 1) == Some(&b'{') {
            i = template_end(b, i + 1, levels - 1, dialect, line);
            continue;
        }
        if b[i] == b'\n' {
            *line += 1;
        }
        i += 1;
    }
    (i + 3).min(b.len())
}

/// The offset after the quoted literal opening at `i`: at its closing quote, or, unless `multiline`, before
/// the end of its line (an unterminated quote). Backslash escapes count except in backtick strings without
/// templates (Go's raw strings); an escaped newline is a line. With `levels` left, a `${` opens an expression
/// read by [`template_end`].
fn quoted_end(
    b: &[u8],
    start: usize,
    multiline: bool,
    levels: u8,
    dialect: Dialect,
    line: &mut u32,
) -> usize {
    let q = b[start];
    let escapes = q != b'`' || levels > 0;
    let mut i = start + 1;
    while i < b.len() && b[i] != q {
        if b[i] == b'\\' && escapes {
            i += 1;
            if b.get(i) == Some(&b'\n') {
                *line += 1;
            }
        } else if levels > 0 && b[i] == b'$' && b.get(i + 1) == Some(&b'{') {
            i = template_end(b, i + 1, levels - 1, dialect, line);
            continue;
        } else if b[i] == b'\n' {
            if !multiline {
                return i;
            }
            *line += 1;
        }
        i += 1;
    }
    (i + 1).min(b.len())
}

/// The offset after the `}` closing the template expression whose `{` is at `open`: braces nest, strings in
/// it (templates of their own included, down to `levels`) are stepped over, and its lines are counted.
fn template_end(b: &[u8], open: usize, levels: u8, dialect: Dialect, line: &mut u32) -> usize {
    let mut depth = 0u32;
    let mut i = open;
    while i < b.len() {
        match b[i] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b'\n' => *line += 1,
            b'"' if b.get(i + 1) == Some(&b'"') && b.get(i + 2) == Some(&b'"') => {
                i = text_block_end(b, i, levels, dialect, line);
                continue;
            }
            b'"' | b'\'' | b'`' => {
                i = string_end(b, i, dialect, levels, line);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// Keywords after which a `/` opens a regular expression rather than divides.
const REGEX_AFTER: &[&str] = &[
    "await",
    "case",
    "delete",
    "do",
    "else",
    "in",
    "instanceof",
    "new",
    "of",
    "return",
    "throw",
    "typeof",
    "void",
    "yield",
];

/// True when a `/` after token `prev` opens a regular expression: at the start, after punctuation other than
/// a closing bracket, or after a keyword that takes an expression; after a value (a name, number, string or
/// closing bracket) it divides.
fn regex_may_start(src: &str, prev: Option<&Token>) -> bool {
    match prev {
        None => true,
        Some(t) => match t.kind {
            Kind::Op(c) => !matches!(c, b')' | b']' | b'}'),
            Kind::Name => REGEX_AFTER.contains(&text(src, t)),
            Kind::Num | Kind::Str | Kind::Regex => false,
        },
    }
}

/// The offset after the regular expression literal opening at `i` (its flags included), or `None` when no
/// unescaped `/` outside a character class closes it on its line.
fn regex_end(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    let mut class = false;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'\n' => return None,
            b'[' => class = true,
            b']' => class = false,
            b'/' if !class => {
                i += 1;
                while i < b.len() && b[i].is_ascii_alphabetic() {
                    i += 1;
                }
                return Some(i);
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// `r"`, `r#"`, `br"`, `br##"`: (number of hashes, offset of the quote).
fn raw_string_start(b: &[u8], mut i: usize) -> Option<(usize, usize)> {
    if i > 0 && is_name_byte(b[i - 1]) {
        return None;
    }
    if b[i] == b'b' {
        i += 1;
    }
    if b.get(i) != Some(&b'r') {
        return None;
    }
    i += 1;
    let mut hashes = 0;
    while b.get(i) == Some(&b'#') {
        hashes += 1;
        i += 1;
    }
    (b.get(i) == Some(&b'"')).then_some((hashes, i))
}

/// `'a` not closed by a quote two or three bytes on: a Rust lifetime or label.
fn is_lifetime(b: &[u8], i: usize) -> bool {
    let next = b.get(i + 1).copied().unwrap_or(0);
    if next == b'\\' {
        return false;
    }
    // A char literal closes right after one (possibly multi-byte) character.
    let mut j = i + 1;
    if j < b.len() {
        j += 1;
        while j < b.len() && (b[j] & 0xC0) == 0x80 {
            j += 1;
        }
    }
    b.get(j) != Some(&b'\'') && (next.is_ascii_alphabetic() || next == b'_')
}

/// A file's tokens with its text, read by index: out of range reads as nothing.
#[derive(Debug, Clone, Copy)]
pub struct Cursor<'a> {
    /// The file's text.
    pub src: &'a str,
    /// Its tokens.
    pub toks: &'a [Token],
}

impl<'a> Cursor<'a> {
    /// The name at token `i`, or `""` when it is not a name.
    pub fn word(&self, i: usize) -> &'a str {
        self.toks
            .get(i)
            .filter(|t| t.kind == Kind::Name)
            .map_or("", |t| text(self.src, t))
    }

    /// True when token `i` is the punctuation byte `c`.
    pub fn op(&self, i: usize, c: u8) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Kind::Op(c))
    }

    /// The contents of the string literal at token `i`.
    pub fn string(&self, i: usize) -> Option<String> {
        self.toks
            .get(i)
            .filter(|t| t.kind == Kind::Str)
            .map(|t| unquote(text(self.src, t)).to_string())
    }
}

/// The text of a token.
pub fn text<'a>(src: &'a str, t: &Token) -> &'a str {
    &src[t.start..t.end]
}

/// A string literal's contents without quotes (prefixes and `#`s of raw strings dropped).
pub fn unquote(s: &str) -> &str {
    let s = s.trim_start_matches(['r', 'b', '#']);
    let s = s.trim_end_matches('#');
    for q in ["\"\"\"", "\"", "'", "`"] {
        if let Some(inner) = s.strip_prefix(q) {
            return inner.strip_suffix(q).unwrap_or(inner);
        }
    }
    s
}

/// Branch points among `tokens`: each name in `keywords` and each operator in `operators` (runs of one
/// byte: `&&`, `||`, `?`, `??`); longer runs (`&&&`) and `?.` are not operators.
pub fn count_branches(
    src: &str,
    tokens: &[Token],
    keywords: &crate::words::Words,
    operators: &[&str],
) -> u64 {
    let mut n = 0;
    for (k, t) in tokens.iter().enumerate() {
        match t.kind {
            Kind::Name if keywords.contains(text(src, t)) => n += 1,
            // Only a byte some operator is made of can start one (most are brackets, dots and commas).
            Kind::Op(c) if operators.iter().any(|op| op.as_bytes().first() == Some(&c)) => {
                // The run of this byte starting here, adjacent bytes only; a longer run (`&&&`) is no operator.
                if k > 0 && tokens[k - 1].kind == Kind::Op(c) && tokens[k - 1].end == t.start {
                    continue;
                }
                let mut run = 1;
                while tokens
                    .get(k + run)
                    .is_some_and(|u| u.kind == Kind::Op(c) && u.start == t.start + run)
                {
                    run += 1;
                }
                let (next, next_start) = tokens
                    .get(k + run)
                    .map_or((None, 0), |u| (Some(u.kind), u.start));
                // `?.` is optional chaining, not a conditional.
                let chained =
                    c == b'?' && next == Some(Kind::Op(b'.')) && next_start == t.start + 1;
                n += operators
                    .iter()
                    .filter(|op| op.len() == run && op.bytes().all(|x| x == c) && !chained)
                    .count() as u64;
            }
            _ => {}
        }
    }
    n
}

/// `throw [new] Name[.Name]...` at token `k` (Java, Kotlin, C#; `throw;` rethrows, unnamed): adds the raise
/// to `facts` and counts it on the definition that owns the token (`owner`, as in [`credit_branches`]).
pub fn throw_site(
    c: &Cursor,
    k: usize,
    owner: &[Option<usize>],
    facts: &mut crate::model::FileFacts,
) {
    let j = k + 1 + usize::from(c.word(k + 1) == "new");
    let mut name = c.word(j).to_string();
    let mut m = j;
    while c.op(m + 1, b'.') && !c.word(m + 2).is_empty() {
        name = format!("{name}.{}", c.word(m + 2));
        m += 2;
    }
    facts.raises.push(gap_core::Raise {
        line: u64::from(c.toks[k].line),
        name,
        extra: Default::default(),
    });
    if let Some(d) = owner[k] {
        facts.defs[d].raises += 1;
    }
}

/// Adds the branch points of each run of tokens owned by a definition (`owner[k]`: the index into `defs` of
/// token `k`'s definition) to that definition.
pub fn credit_branches(
    src: &str,
    toks: &[Token],
    owner: &[Option<usize>],
    (keywords, operators): (&crate::words::Words, &[&str]),
    defs: &mut [crate::model::Def],
) {
    let mut k = 0;
    while k < toks.len() {
        let start = k;
        while k < toks.len() && owner[k] == owner[start] {
            k += 1;
        }
        if let Some(d) = owner[start] {
            defs[d].branches += count_branches(src, &toks[start..k], keywords, operators);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(src: &str, d: Dialect) -> Vec<String> {
        lex(src, d)
            .tokens
            .iter()
            .map(|t| text(src, t).to_string())
            .collect()
    }

    #[test]
    fn comments_vanish_and_strings_are_one_token() {
        let src = "a // b\n/* c\n d */ e \"f // g\" 'h' `i\nj`\n";
        assert_eq!(
            names(src, Dialect::JS),
            ["a", "e", "\"f // g\"", "'h'", "`i\nj`"]
        );
        let l = lex(src, Dialect::default());
        assert_eq!((l.lines, l.code_lines), (4, 3));
    }

    #[test]
    fn rust_lifetimes_chars_and_raw_strings() {
        let src = "fn f<'a>(x: &'a str) -> char { let r = r#\"q\"uote\"#; 'x' }";
        let toks = names(src, Dialect::RUST);
        assert!(toks.contains(&"r#\"q\"uote\"#".to_string()), "{toks:?}");
        assert!(toks.contains(&"'x'".to_string()));
        assert!(
            toks.contains(&"a".to_string()),
            "a lifetime is not a string"
        );
    }

    #[test]
    fn braces_give_depth() {
        let src = "a { b { c } d } e";
        let l = lex(src, Dialect::default());
        let depths: Vec<u32> = l.tokens.iter().map(|t| t.depth).collect();
        assert_eq!(depths, [0, 0, 1, 1, 2, 2, 1, 1, 0]);
    }

    #[test]
    fn branch_counting_by_keyword_and_operator() {
        let src = "if (a && b || c) { x ? y : z } else if (d) {} for {} &&& a?.b ?? c";
        let l = lex(src, Dialect::default());
        assert_eq!(
            count_branches(
                src,
                &l.tokens,
                &crate::words::Words::new(&["if", "for"]),
                &["&&", "||", "?", "??"]
            ),
            7
        );
    }

    #[test]
    fn hostile_input_never_panics() {
        for src in [
            "\"",
            "'",
            "`",
            "/*",
            "r#\"",
            "br##\"x\"#",
            "'\\",
            "}}}",
            "\u{0}é'é",
        ] {
            for d in [Dialect::JS, Dialect::RUST, Dialect::GO] {
                let _ = lex(src, d);
            }
        }
    }

    fn js() -> Dialect {
        Dialect::JS
    }

    fn rust() -> Dialect {
        Dialect::RUST
    }

    #[test]
    fn js_regex_literals_are_one_token_and_division_is_not_a_regex() {
        let src = "const q = /\"/g;\nconst r = a / b / c;\nif (/[/\"]x\\//.test(s)) {}\nclass Client {}\n";
        let toks = names(src, js());
        assert!(toks.contains(&"/\"/g".to_string()), "{toks:?}");
        assert!(toks.contains(&"/[/\"]x\\//".to_string()), "{toks:?}");
        assert!(toks.contains(&"Client".to_string()), "{toks:?}");
        let l = lex(src, js());
        let slashes = l.tokens.iter().filter(|t| t.kind == Kind::Op(b'/')).count();
        assert_eq!(slashes, 2, "a / b / c divides twice");
        assert_eq!(l.tokens.last().map(|t| t.line), Some(4));
    }

    #[test]
    fn quoted_strings_end_at_the_line_end_except_in_rust() {
        let src = "a = \"open\nb = 'x\nc = 1\n";
        let toks = names(src, js());
        assert!(
            toks.contains(&"b".to_string()) && toks.contains(&"c".to_string()),
            "{toks:?}"
        );
        let l = lex(src, js());
        assert_eq!(l.tokens.last().map(|t| t.line), Some(3));
        let l = lex("s = \"a\\\nb\"\nt", js());
        assert_eq!(
            l.tokens.last().map(|t| t.line),
            Some(3),
            "an escaped newline is a line"
        );
        let toks = names("let s = \"two\nlines\";\nfn f() {}", rust());
        assert!(toks.contains(&"\"two\nlines\"".to_string()), "{toks:?}");
    }

    #[test]
    fn template_expressions_span_lines_and_hold_strings() {
        let kotlin = Dialect::KOTLIN;
        let src = "class U {\n  fun a() {\n    require(p) {\n      \"Invalid port: \\\"${input.substring(\n        1,\n      )}\\\"\"\n    }\n  }\n  fun b() {}\n}\n";
        let l = lex(src, kotlin);
        let b = l
            .tokens
            .iter()
            .find(|t| text(src, t) == "b")
            .map(|t| (t.line, t.depth));
        assert_eq!(
            b,
            Some((9, 1)),
            "the string ends at its own quote, braces stay balanced"
        );
        let src = "val s = \"${m.map { \"}\" }}\"\nval t = \"\"\"a ${ \"\"\"b\"\"\" } c\"\"\"\nfun f() {}\n";
        let toks = names(src, kotlin);
        assert_eq!(
            toks.iter().filter(|t| t.starts_with('"')).count(),
            2,
            "{toks:?}"
        );
        assert!(toks.contains(&"f".to_string()), "{toks:?}");
        let src = "const s = `a ${b ? `c` : `d${e}`} f`;\nfunction g() {}\nconst t = `\\``;\nfunction h() {}\n";
        let toks = names(src, js());
        assert!(
            toks.contains(&"g".to_string()) && toks.contains(&"h".to_string()),
            "{toks:?}"
        );
        assert_eq!(lex(src, js()).tokens.last().map(|t| t.line), Some(4));
        let toks = names("const s = \"${\";\nfunction k() {}\n", js());
        assert!(
            toks.contains(&"k".to_string()),
            "no templates in JS quotes: {toks:?}"
        );
        let go = names("s := `a\\` + f()", Dialect::GO);
        assert!(
            go.contains(&"f".to_string()),
            "Go's raw strings have no escapes: {go:?}"
        );
        let deep = "\"${\"".repeat(10_000);
        let _ = lex(&deep, kotlin);
    }

    #[test]
    fn rust_raw_identifiers_and_nested_block_comments() {
        let toks = names(
            "fn r#async() {} /* /* */ fn hidden() */ fn shown() {}",
            rust(),
        );
        assert!(toks.contains(&"async".to_string()), "{toks:?}");
        assert!(!toks.contains(&"hidden".to_string()), "{toks:?}");
        assert!(toks.contains(&"shown".to_string()), "{toks:?}");
        let toks = names("a /* /* */ b", js());
        assert!(
            toks.contains(&"b".to_string()),
            "block comments nest only in Rust"
        );
    }
}
