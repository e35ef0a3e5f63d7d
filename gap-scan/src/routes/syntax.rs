//! Tokens and small expressions of Python and JavaScript/TypeScript files, enough to read route declarations
//! and client calls: calls with their arguments, string literals (f-strings and template literals with their
//! placeholders), dotted names and lists. Python tokens come from the Python reader's lexer, JavaScript's from
//! the shared C-like one (`clike`). Neither ever fails.

use crate::clike;
use crate::python::lexer;

/// The two syntaxes the route tables are written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// Python: decorators, keyword arguments, f-strings.
    Python,
    /// JavaScript and TypeScript: template literals, `require`, default exports.
    Js,
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An identifier or keyword.
    Name,
    /// A string literal, prefixes and quotes included.
    Str,
    /// A number, a regular expression literal or anything else that is one value.
    Other,
    /// One punctuation byte.
    Op(u8),
}

/// One token: its kind, its text and the line it starts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok<'a> {
    /// What it is.
    pub kind: Kind,
    /// Its text.
    pub text: &'a str,
    /// 1-based line.
    pub line: u32,
}

impl Tok<'_> {
    /// True for the punctuation byte `c`.
    pub fn is(&self, c: u8) -> bool {
        self.kind == Kind::Op(c)
    }

    /// True for the name `n`.
    pub fn is_name(&self, n: &str) -> bool {
        self.kind == Kind::Name && self.text == n
    }
}

/// The tokens of `text` in `syntax`.
pub fn tokens(text: &str, syntax: Syntax) -> Vec<Tok<'_>> {
    match syntax {
        Syntax::Python => lexer::lex(text)
            .tokens
            .iter()
            .map(|t| Tok {
                kind: match t.kind {
                    lexer::Kind::Name => Kind::Name,
                    lexer::Kind::Str => Kind::Str,
                    lexer::Kind::Num => Kind::Other,
                    lexer::Kind::Op(c) => Kind::Op(c),
                },
                text: &text[t.start..t.end],
                line: t.line,
            })
            .collect(),
        Syntax::Js => clike::lex(text, clike::Dialect::JS)
            .tokens
            .iter()
            .map(|t| Tok {
                kind: match t.kind {
                    clike::Kind::Name => Kind::Name,
                    clike::Kind::Str => Kind::Str,
                    clike::Kind::Num | clike::Kind::Regex => Kind::Other,
                    clike::Kind::Op(c) => Kind::Op(c),
                },
                text: clike::text(text, t),
                line: t.line,
            })
            .collect(),
    }
}

/// A piece of a string: text, or a placeholder's expression as written (`settings.API_V1_STR`, `id`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Part {
    /// Literal text.
    Text(String),
    /// An expression whose value is not in the text.
    Expr(String),
}

/// The parts of one string literal token: f-strings and template literals give their placeholders;
/// `%s`-style and `{}` formats are placeholders too when `formatted` (the literal is `%`-formatted or
/// `.format`ted).
pub fn literal(text: &str, formatted: bool) -> Vec<Part> {
    let prefix_len = text
        .bytes()
        .take_while(|b| !matches!(b, b'"' | b'\'' | b'`'))
        .count();
    let (prefix, rest) = text.split_at(prefix_len);
    let Some(q) = rest.chars().next() else {
        return Vec::new();
    };
    let triple = rest.len() >= 6 && rest[1..].starts_with(&rest[..1].repeat(2));
    let quote_len = if triple { 3 } else { 1 };
    let body = rest.get(quote_len..).unwrap_or("");
    let body = body.strip_suffix(&rest[..quote_len]).unwrap_or(body);
    let fstring = prefix.contains(['f', 'F']);
    if q == '`' {
        return split_placeholders(body, "${", formatted);
    }
    if fstring {
        return split_placeholders(
            &body.replace("{{", "\u{1}").replace("}}", "\u{2}"),
            "{",
            false,
        )
        .into_iter()
        .map(|p| match p {
            Part::Text(t) => Part::Text(t.replace('\u{1}', "{").replace('\u{2}', "}")),
            e => e,
        })
        .collect();
    }
    if formatted {
        return split_formats(body);
    }
    vec![Part::Text(body.to_string())]
}

/// Splits `body` at placeholders opening with `open` (`{` or `${`) and closing at the matching `}`.
fn split_placeholders(body: &str, open: &str, formatted: bool) -> Vec<Part> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(at) = rest.find(open) {
        push_text(&mut out, &rest[..at], formatted);
        let inner = &rest[at + open.len()..];
        let mut depth = 1;
        let mut end = inner.len();
        for (j, ch) in inner.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = j;
                        break;
                    }
                }
                _ => {}
            }
        }
        let expr = inner[..end].trim();
        // `{x!r}`, `{x:>5}`: the expression is before the conversion or format.
        let expr = expr.split(['!', ':']).next().unwrap_or(expr).trim();
        out.push(Part::Expr(expr.to_string()));
        rest = inner.get(end + 1..).unwrap_or("");
    }
    push_text(&mut out, rest, formatted);
    out
}

fn push_text(out: &mut Vec<Part>, text: &str, formatted: bool) {
    if text.is_empty() {
        return;
    }
    if formatted {
        out.extend(split_formats(text));
    } else {
        out.push(Part::Text(text.to_string()));
    }
}

/// `/items/%s` and `/items/{}` with their format specs made placeholders.
fn split_formats(body: &str) -> Vec<Part> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '%' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == '(') =>
            {
                if chars.peek() == Some(&'(') {
                    for n in chars.by_ref() {
                        if n == ')' {
                            break;
                        }
                    }
                }
                chars.next();
                out.push(Part::Text(std::mem::take(&mut text)));
                out.push(Part::Expr(String::new()));
            }
            '{' if chars.peek() != Some(&'{') => {
                for n in chars.by_ref() {
                    if n == '}' {
                        break;
                    }
                }
                out.push(Part::Text(std::mem::take(&mut text)));
                out.push(Part::Expr(String::new()));
            }
            c => text.push(c),
        }
    }
    out.push(Part::Text(text));
    out.retain(|p| !matches!(p, Part::Text(t) if t.is_empty()));
    out
}

/// A small expression: what route tables need to read from an argument.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Expr {
    /// A string, or strings joined with `+` and placeholders: its parts.
    Str(Vec<Part>),
    /// A dotted name (`settings.API_V1_STR`, `views.SiteList`).
    Name(Vec<String>),
    /// A call: the callee's dotted name, its arguments, and whether the callee is itself the result of
    /// a call (`request(app).get`: `request` is then the first name).
    Call(Box<Call>),
    /// A list or tuple.
    List(Vec<Expr>),
    /// Anything else.
    Other,
}

/// A call with its arguments.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Call {
    /// The callee as dotted names (`app.include_router`, `path`); names of calls in the chain included
    /// (`request(app).get` is `request`, `get`).
    pub callee: Vec<String>,
    /// The arguments of the first call in the chain, when the chain holds more than one (`app` of
    /// `request(app).get(...)`).
    pub head_args: Vec<Arg>,
    /// The chain holds a call before this one (`Router().use(...)`).
    pub chained: bool,
    /// The arguments, in order.
    pub args: Vec<Arg>,
    /// 1-based line of the callee's last name.
    pub line: u32,
}

impl Call {
    /// The last name of the callee: the function or method called.
    pub fn name(&self) -> &str {
        self.callee.last().map_or("", String::as_str)
    }

    /// The `i`-th positional argument.
    pub fn positional(&self, i: usize) -> Option<&Expr> {
        self.args
            .iter()
            .filter(|a| a.key.is_none())
            .nth(i)
            .map(|a| &a.value)
    }

    /// The keyword argument `key` (Python), or the property `key` of an object argument (JavaScript).
    pub fn keyword(&self, key: &str) -> Option<&Expr> {
        self.args
            .iter()
            .find(|a| a.key.as_deref() == Some(key))
            .map(|a| &a.value)
    }
}

/// One argument: its keyword, if any, and its value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Arg {
    /// `prefix` of `prefix="/x"`.
    pub key: Option<String>,
    /// The value.
    pub value: Expr,
}

/// Index of the bracket closing the one opened at `open`, or the end of `toks`.
pub fn closing(toks: &[Tok], open: usize) -> usize {
    let mut depth = 0usize;
    for (j, t) in toks.iter().enumerate().skip(open) {
        if let Kind::Op(c) = t.kind {
            match c {
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return j;
                    }
                }
                _ => {}
            }
        }
    }
    toks.len()
}

/// The start of the dotted callee chain whose last name is at `name` (`a.b(x).c` ends at `c`): the index of
/// its first name.
pub fn chain_start(toks: &[Tok], name: usize) -> usize {
    let mut s = name;
    while s >= 2 && toks[s - 1].is(b'.') {
        let before = &toks[s - 2];
        if before.kind == Kind::Name {
            s -= 2;
        } else if before.is(b')') {
            // `f(x).m`: step back over the call.
            let mut depth = 0usize;
            let mut j = s - 2;
            loop {
                match toks[j].kind {
                    Kind::Op(b')') | Kind::Op(b']') | Kind::Op(b'}') => depth += 1,
                    Kind::Op(b'(') | Kind::Op(b'[') | Kind::Op(b'{') => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                if j == 0 {
                    return s;
                }
                j -= 1;
            }
            if j >= 1 && toks[j - 1].kind == Kind::Name {
                s = j - 1;
            } else {
                return s;
            }
        } else {
            break;
        }
    }
    s
}

/// The call whose callee chain starts at `start` and whose argument list opens at `open`.
pub fn call_at(toks: &[Tok], start: usize, open: usize, syntax: Syntax) -> Call {
    let mut callee = Vec::new();
    let mut head_args = Vec::new();
    let mut chained = false;
    let mut j = start;
    while j < open {
        let t = &toks[j];
        if t.kind == Kind::Name {
            callee.push(t.text.to_string());
        } else if t.is(b'(') {
            let close = closing(toks, j);
            if !chained {
                head_args = args(toks, j + 1, close, syntax);
            }
            chained = true;
            j = close;
        }
        j += 1;
    }
    let close = closing(toks, open);
    Call {
        callee,
        head_args,
        chained,
        args: args(toks, open + 1, close.min(toks.len()), syntax),
        line: toks[open.saturating_sub(1)].line,
    }
}

/// The arguments between `from` and `to` (exclusive), split at top-level commas.
fn args(toks: &[Tok], from: usize, to: usize, syntax: Syntax) -> Vec<Arg> {
    let mut out = Vec::new();
    let mut s = from;
    let mut j = from;
    while j <= to {
        if j == to || toks[j].is(b',') {
            if s < j {
                out.extend(arg(toks, s, j, syntax));
            }
            s = j + 1;
        } else if matches!(toks[j].kind, Kind::Op(b'(' | b'[' | b'{')) {
            j = closing(toks, j).min(to);
            if j == to {
                continue;
            }
        }
        j += 1;
    }
    out
}

/// One argument in `from..to`: `key=value` (Python), an object literal's properties (JavaScript, each an
/// argument with its key), or a value.
fn arg(toks: &[Tok], from: usize, to: usize, syntax: Syntax) -> Vec<Arg> {
    let t = &toks[from..to];
    if syntax == Syntax::Python
        && t.len() > 2
        && t[0].kind == Kind::Name
        && t[1].is(b'=')
        && !t[2].is(b'=')
    {
        return vec![Arg {
            key: Some(t[0].text.to_string()),
            value: expr(toks, from + 2, to, syntax),
        }];
    }
    if syntax == Syntax::Js
        && t.first().is_some_and(|x| x.is(b'{'))
        && closing(toks, from) == to - 1
    {
        // `{ prefix: '/x' }`: properties as keyword arguments.
        return args(toks, from + 1, to - 1, syntax)
            .into_iter()
            .filter_map(|a| match a.value {
                Expr::Other => None,
                _ => Some(a),
            })
            .chain(js_props(toks, from + 1, to - 1))
            .collect();
    }
    vec![Arg {
        key: None,
        value: expr(toks, from, to, syntax),
    }]
}

/// `key: value` properties of an object literal body.
fn js_props(toks: &[Tok], from: usize, to: usize) -> Vec<Arg> {
    let mut out = Vec::new();
    let mut j = from;
    while j + 2 < to + 1 && j < to {
        if (toks[j].kind == Kind::Name || toks[j].kind == Kind::Str)
            && toks.get(j + 1).is_some_and(|t| t.is(b':'))
            && (j == from || toks[j - 1].is(b','))
        {
            let mut end = j + 2;
            while end < to && !toks[end].is(b',') {
                if matches!(toks[end].kind, Kind::Op(b'(' | b'[' | b'{')) {
                    end = closing(toks, end);
                }
                end += 1;
            }
            let key = toks[j].text.trim_matches(['"', '\'']).to_string();
            out.push(Arg {
                key: Some(key),
                value: expr(toks, j + 2, end.min(to), Syntax::Js),
            });
            j = end;
        }
        j += 1;
    }
    out
}

/// The expression in `from..to`.
pub fn expr(toks: &[Tok], from: usize, to: usize, syntax: Syntax) -> Expr {
    let t = &toks[from..to.min(toks.len())];
    if t.is_empty() {
        return Expr::Other;
    }
    // A `+` concatenation, `%`-formatting or `.format(...)` of strings.
    if t.iter().any(|x| x.kind == Kind::Str) && is_string_expr(t) {
        return string_expr(t);
    }
    if t[0].kind == Kind::Name && (t.len() == 1 || t[1].is(b'.') || t[1].is(b'(')) {
        // A dotted name, or a call (possibly chained).
        let mut j = 0;
        let mut names = vec![t[0].text.to_string()];
        while j + 2 < t.len() && t[j + 1].is(b'.') && t[j + 2].kind == Kind::Name {
            names.push(t[j + 2].text.to_string());
            j += 2;
        }
        if j + 1 == t.len() {
            return Expr::Name(names);
        }
        // Find the last call of a chain that spans the whole expression.
        let mut k = 0;
        let mut last_open = None;
        while k < t.len() {
            if t[k].is(b'(') {
                last_open = Some(k);
                k = closing(t, k);
            } else if !(t[k].kind == Kind::Name || t[k].is(b'.')) {
                return Expr::Other;
            }
            k += 1;
        }
        if let Some(open) = last_open {
            if closing(t, open) + 1 == t.len() && open > 0 {
                let start = chain_start(toks, from + open - 1);
                return Expr::Call(Box::new(call_at(toks, start, from + open, syntax)));
            }
        }
        return Expr::Other;
    }
    if (t[0].is(b'[') || t[0].is(b'(')) && closing(t, 0) + 1 == t.len() {
        let inner = args(toks, from + 1, from + t.len() - 1, syntax);
        let items: Vec<Expr> = inner.into_iter().map(|a| a.value).collect();
        return if t[0].is(b'(') && items.len() == 1 {
            items.into_iter().next().unwrap_or(Expr::Other)
        } else {
            Expr::List(items)
        };
    }
    Expr::Other
}

/// True when `t` is strings joined by `+` with names or calls, `"..." % x`, or `"...".format(...)`.
fn is_string_expr(t: &[Tok]) -> bool {
    if t[0].kind == Kind::Str {
        let mut j = 0;
        while j < t.len() && t[j].kind == Kind::Str {
            j += 1;
        }
        if j == t.len() || t[j].is(b'%') || t[j].is(b'+') {
            return true;
        }
        return t[j].is(b'.') && t.get(j + 1).is_some_and(|x| x.is_name("format"));
    }
    // `x + "..."`: a concatenation that has a string somewhere at top level.
    let mut depth = 0i32;
    let mut plus = false;
    for x in t {
        match x.kind {
            Kind::Op(b'(' | b'[' | b'{') => depth += 1,
            Kind::Op(b')' | b']' | b'}') => depth -= 1,
            Kind::Op(b'+') if depth == 0 => plus = true,
            Kind::Op(b'.') | Kind::Name | Kind::Str => {}
            Kind::Op(_) | Kind::Other if depth == 0 => return false,
            _ => {}
        }
    }
    plus
}

/// The parts of a string expression: literals joined, `+` operands that are not strings as placeholders.
fn string_expr(t: &[Tok]) -> Expr {
    let formatted = t.iter().any(|x| x.is(b'%') || x.is_name("format"));
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut operand = String::new();
    let mut after_format = false;
    for x in t {
        match x.kind {
            Kind::Op(b'(' | b'[' | b'{') => depth += 1,
            Kind::Op(b')' | b']' | b'}') => depth -= 1,
            _ => {}
        }
        if after_format {
            continue;
        }
        if depth == 0 && x.kind == Kind::Str {
            parts.extend(literal(x.text, formatted));
        } else if depth == 0 && x.is(b'+') {
            if !operand.is_empty() {
                parts.push(Part::Expr(std::mem::take(&mut operand)));
            }
        } else if depth == 0 && (x.is(b'%') || x.is_name("format")) {
            after_format = true;
        } else if x.kind == Kind::Name || x.is(b'.') && !operand.is_empty() {
            operand.push_str(x.text);
        }
    }
    if !operand.is_empty() && !after_format {
        let operand = operand.trim_end_matches('.').to_string();
        parts.push(Part::Expr(operand));
    }
    Expr::Str(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_call(src: &str, syntax: Syntax) -> Call {
        let toks = tokens(src, syntax);
        let open = toks.iter().position(|t| t.is(b'(')).unwrap();
        call_at(&toks, chain_start(&toks, open - 1), open, syntax)
    }

    fn text(s: &str) -> Part {
        Part::Text(s.to_string())
    }

    fn ex(s: &str) -> Part {
        Part::Expr(s.to_string())
    }

    #[test]
    fn string_literals_and_their_placeholders() {
        assert_eq!(literal("'/a/b'", false), [text("/a/b")]);
        assert_eq!(
            literal("f\"{settings.API_V1_STR}/users/{id}\"", false),
            [ex("settings.API_V1_STR"), text("/users/"), ex("id")]
        );
        assert_eq!(literal("f'{{x}}/{y!r}'", false), [text("{x}/"), ex("y")]);
        assert_eq!(
            literal("`/api/${user.id}/x`", false),
            [text("/api/"), ex("user.id"), text("/x")]
        );
        assert_eq!(
            literal("'/items/%s/'", true),
            [text("/items/"), ex(""), text("/")]
        );
        assert_eq!(literal("\"\"\"/a\"\"\"", false), [text("/a")]);
    }

    #[test]
    fn calls_with_keywords_strings_and_chains() {
        let c = first_call(
            "app.include_router(auth.router, prefix=settings.API_V1_STR + '/x')",
            Syntax::Python,
        );
        assert_eq!(c.callee, ["app", "include_router"]);
        assert_eq!(
            c.positional(0),
            Some(&Expr::Name(vec!["auth".into(), "router".into()]))
        );
        assert_eq!(
            c.keyword("prefix"),
            Some(&Expr::Str(vec![ex("settings.API_V1_STR"), text("/x")]))
        );
        let c = first_call("request(app).get(`/api/${id}`).expect(200)", Syntax::Js);
        assert_eq!(c.callee, ["request"]);
        let toks = tokens("request(app).get(`/api/${id}`)", Syntax::Js);
        let open = 6;
        assert!(toks[open].is(b'('));
        let c = call_at(&toks, chain_start(&toks, open - 1), open, Syntax::Js);
        assert_eq!(c.callee, ["request", "get"]);
        assert_eq!(c.head_args.len(), 1);
        assert_eq!(
            c.positional(0),
            Some(&Expr::Str(vec![text("/api/"), ex("id")]))
        );
        let c = first_call(
            "path('sites/<int:pk>/', views.SiteView.as_view(), name='site')",
            Syntax::Python,
        );
        let Some(Expr::Call(view)) = c.positional(1) else {
            panic!("{c:?}")
        };
        assert_eq!(view.callee, ["views", "SiteView", "as_view"]);
        assert_eq!(c.keyword("name"), Some(&Expr::Str(vec![text("site")])));
        let c = first_call(
            "express.Router({ mergeParams: true, prefix: '/p' })",
            Syntax::Js,
        );
        assert_eq!(c.keyword("prefix"), Some(&Expr::Str(vec![text("/p")])));
    }

    #[test]
    fn js_regex_comments_and_templates_do_not_confuse_tokens() {
        let toks = tokens(
            "const r = /a'b/g; // it's\n/* `x */ x = `a${ {b: '}'}.b }c`; y(1)",
            Syntax::Js,
        );
        let names: Vec<&str> = toks
            .iter()
            .filter(|t| t.kind == Kind::Name)
            .map(|t| t.text)
            .collect();
        assert_eq!(names, ["const", "r", "x", "y"]);
        assert_eq!(toks.last().unwrap().line, 2);
    }
}
