//! Token shapes of JavaScript/TypeScript constructs that decide what is a definition: arrows (with type
//! parameters and return types), function values, type parameter lists, and whether a signature has a body.

use crate::clike::{Cursor, Kind};

/// How far a type annotation is followed before giving up (a misread, not a real type, beyond that).
const MAX_TYPE_TOKENS: usize = 400;

/// True when tokens `i` and `i + 1` are `=>`.
fn is_arrow(c: Cursor, i: usize) -> bool {
    c.op(i, b'=')
        && c.op(i + 1, b'>')
        && c.toks[i].end == c.toks.get(i + 1).map_or(usize::MAX, |t| t.start)
}

/// The index of the bracket closing the one opening at `open` (`(`, `[`, `{` or `<`), counting every kind
/// of bracket (a `>` of `=>` is no bracket); `None` at a `;` outside braces or after too many tokens.
pub fn matching(c: Cursor, open: usize) -> Option<usize> {
    let mut depth = 0u32;
    let mut braces = 0u32;
    for j in open..(open + MAX_TYPE_TOKENS).min(c.toks.len()) {
        match c.toks[j].kind {
            Kind::Op(b'(' | b'[' | b'<') => depth += 1,
            Kind::Op(b'{') => {
                depth += 1;
                braces += 1;
            }
            Kind::Op(b'>') if j > 0 && is_arrow(c, j - 1) => {}
            Kind::Op(b')' | b']' | b'>' | b'}') => {
                if c.op(j, b'}') {
                    braces = braces.saturating_sub(1);
                }
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(j);
                }
            }
            Kind::Op(b';') if braces == 0 => return None,
            _ => {}
        }
    }
    None
}

/// The index after a type parameter list `<...>` at `i`, or `i` when there is none.
pub fn after_type_params(c: Cursor, i: usize) -> Option<usize> {
    if c.op(i, b'<') {
        matching(c, i).map(|close| close + 1)
    } else {
        Some(i)
    }
}

/// After a type annotation's `:` at `colon`: the index of the first token at bracket depth 0 for which
/// `stop` holds, stepping over brackets (an object type `{ a: T }` opens where a type is expected: after `:`,
/// `|`, `&`, `,`, `<`, `(`, `=>`, `keyof`, `typeof`).
fn after_type(c: Cursor, colon: usize, stop: impl Fn(usize) -> bool) -> Option<usize> {
    let mut j = colon + 1;
    let end = (colon + MAX_TYPE_TOKENS).min(c.toks.len());
    while j < end {
        let type_expected = c.op(j - 1, b':')
            || c.op(j - 1, b'|')
            || c.op(j - 1, b'&')
            || c.op(j - 1, b',')
            || c.op(j - 1, b'<')
            || c.op(j - 1, b'(')
            || (j >= 2 && is_arrow(c, j - 2))
            || matches!(c.word(j - 1), "keyof" | "typeof");
        if stop(j) && !(c.op(j, b'{') && type_expected) {
            return Some(j);
        }
        match c.toks[j].kind {
            Kind::Op(b'(' | b'[' | b'{' | b'<') => j = matching(c, j)? + 1,
            Kind::Op(b';') => return None,
            _ => j += 1,
        }
    }
    None
}

/// After a declared name's type annotation (`const f: Handler<T> = ...`, its `:` at `colon`): the index of
/// the `=`, or `None` when no value follows.
pub fn assigned_after_type(c: Cursor, colon: usize) -> Option<usize> {
    let eq = after_type(c, colon, |j| c.op(j, b'=') && !is_arrow(c, j))?;
    c.op(eq, b'=').then_some(eq)
}

/// An arrow function starting at token `k` (`(a, b) =>`, `x =>`, `async (a) =>`, `<T,>(t: T): R =>`): the
/// index after its `=>`.
pub fn arrow_at(c: Cursor, k: usize) -> Option<usize> {
    let k = k + usize::from(
        c.word(k) == "async"
            && (c.op(k + 1, b'(') || c.op(k + 1, b'<') || !c.word(k + 1).is_empty()),
    );
    let k = after_type_params(c, k)?;
    let close = if c.op(k, b'(') {
        matching(c, k)?
    } else if !c.word(k).is_empty() {
        k
    } else {
        return None;
    };
    if is_arrow(c, close + 1) {
        return Some(close + 3);
    }
    if !c.op(close + 1, b':') || !c.op(k, b'(') {
        return None;
    }
    // A return type: `(a): Promise<T> => ...`.
    let arrow = after_type(c, close + 1, |j| {
        is_arrow(c, j) || c.op(j, b'=') || c.op(j, b',')
    })?;
    is_arrow(c, arrow).then_some(arrow + 2)
}

/// True when the value starting at token `v` is a function: `function`, `async function`, an arrow, or one
/// of those in parentheses that are not called (`(function () {})`, not `(() => x)()`).
pub fn is_function_value(c: Cursor, v: usize) -> bool {
    if c.word(v) == "function" || (c.word(v) == "async" && c.word(v + 1) == "function") {
        return true;
    }
    if arrow_at(c, v).is_some() {
        return true;
    }
    if c.op(v, b'(') {
        if let Some(close) = matching(c, v) {
            let called = c.op(close + 1, b'(') || c.op(close + 1, b'.');
            return !called && is_function_value(c, v + 1);
        }
    }
    false
}

/// Words of types after which a type goes on (`A extends B`, `keyof T`).
const TYPE_WORDS: &[&str] = &[
    "extends", "keyof", "typeof", "infer", "is", "as", "asserts", "readonly", "unique", "new",
];

/// True when token `j` ends a type or an expression: a name (not a type operator word), a literal, or a
/// closing bracket (a `>` of `=>` is none).
pub fn ends_type(c: Cursor, j: usize) -> bool {
    match c.toks[j].kind {
        Kind::Name => !TYPE_WORDS.contains(&c.word(j)),
        Kind::Str | Kind::Num | Kind::Regex => true,
        Kind::Op(b'>') => !(j > 0 && is_arrow(c, j - 1)),
        Kind::Op(b')' | b']' | b'}') => true,
        Kind::Op(_) => false,
    }
}

/// True when token `j`, on a line after the token before it, starts a declaration or a class member because
/// that token ended a type (a signature or field without `;`).
fn starts_declaration(c: Cursor, j: usize) -> bool {
    (c.toks[j].kind == Kind::Name || c.op(j, b'#') || c.op(j, b'@')) && ends_type(c, j - 1)
}

/// After the name of a function or method at `name`: the index of its body's `{`, or `None` when it has
/// none (an overload signature, an abstract or ambient one: `f(a: T): R;`).
pub fn body_after_name(c: Cursor, name: usize) -> Option<usize> {
    let mut open = after_type_params(c, name + 1)?;
    // `m?()` (an optional method) and `f!()` are not bodies' business.
    if c.op(open, b'?') {
        open += 1;
    }
    if !c.op(open, b'(') {
        return None;
    }
    let close = matching(c, open)?;
    if c.op(close + 1, b'{') {
        return Some(close + 1);
    }
    if !c.op(close + 1, b':') {
        return None;
    }
    // A return type, then the body; a declaration on a later line ends a signature without `;`.
    let end = after_type(c, close + 1, |j| {
        c.op(j, b'{') || (c.toks[j].line > c.toks[j - 1].end_line && starts_declaration(c, j))
    })?;
    c.op(end, b'{').then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clike::{lex, Dialect};

    fn with<T>(src: &str, f: impl Fn(Cursor) -> T) -> T {
        let l = lex(src, Dialect::JS);
        f(Cursor {
            src,
            toks: &l.tokens,
        })
    }

    #[test]
    fn arrows_with_type_parameters_and_return_types() {
        for src in [
            "(a, b) => a",
            "x => x",
            "async (a) => a",
            "<T,>(t: T) => t",
            "async <T>(t: T): Promise<T> => t",
            "(a: number): { n: number } => ({ n: a })",
            "(a): ((x: number) => void) => f",
        ] {
            assert!(with(src, |c| arrow_at(c, 0).is_some()), "{src}");
        }
        for src in ["(() => 1)()", "(a, b)", "(a): T", "a + b"] {
            assert!(with(src, |c| arrow_at(c, 0).is_none()), "{src}");
        }
    }

    #[test]
    fn function_values_are_not_calls() {
        for src in [
            "function () {}",
            "async function () {}",
            "(function () {})",
            "(a) => a",
        ] {
            assert!(with(src, |c| is_function_value(c, 0)), "{src}");
        }
        for src in [
            "(() => { return 1; })()",
            "(cache => thing => 1)(Object.create(null))",
            "(function () {}).call(this)",
            "foo(1)",
        ] {
            assert!(!with(src, |c| is_function_value(c, 0)), "{src}");
        }
    }

    #[test]
    fn bodies_and_signatures() {
        let body = |src: &str| with(src, |c| body_after_name(c, 0).is_some());
        assert!(body("f(a) {}"));
        assert!(body("f<T extends () => void>(a: T): T {}"));
        assert!(body("f(a): { a: string } {}"));
        assert!(body("f(a): Map<K, V> | undefined {}"));
        assert!(!body("f(a: string): string;"));
        assert!(!body("f(a: string): string\nexport function f(a) {}"));
        assert!(!body("f(): void;"));
        assert!(!body("f;"));
        assert!(!body("f<\n  T = A extends B<\n    C\n  >\n    ? D\n    : E,\n>(k: T): T | undefined\nf(k: K) {}"));
        assert!(body("f(\n  a: A<\n    B\n  >,\n): Promise<\n  C\n>\n{}"));
    }

    #[test]
    fn typed_bindings() {
        let eq = |src: &str| with(src, |c| assigned_after_type(c, 1));
        assert_eq!(eq("f: (a: number) => void = (a) => {}"), Some(10));
        assert_eq!(eq("f: { a: T } = {}"), Some(7));
        assert_eq!(eq("f: T;"), None);
    }
}
