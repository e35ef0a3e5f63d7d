//! Facts about one Java or Kotlin file: package, imports, top-level types with their methods (and Kotlin's
//! top-level functions), branch points, throw sites, identifiers and `@Test` methods.

use std::collections::BTreeMap;

use crate::clike::{self, text, Cursor, Dialect, Kind, Token};
use crate::lang;
use crate::model::{Def, FileFacts, Parsed};
use crate::words::Words;
use gap_core::SymbolKind;

/// Branch points: keywords.
pub const BRANCH_KEYWORDS: &Words = &Words::new(&["if", "for", "while", "case", "catch"]);
/// Branch points: operators.
pub const BRANCH_OPERATORS: &[&str] = &["&&", "||", "?"];

const KEYWORDS: &Words = &Words::new(&[
    "abstract",
    "as",
    "boolean",
    "break",
    "byte",
    "case",
    "catch",
    "char",
    "class",
    "companion",
    "continue",
    "data",
    "default",
    "do",
    "double",
    "else",
    "enum",
    "extends",
    "false",
    "final",
    "finally",
    "float",
    "for",
    "fun",
    "if",
    "implements",
    "import",
    "in",
    "int",
    "interface",
    "internal",
    "is",
    "long",
    "new",
    "null",
    "object",
    "open",
    "override",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "short",
    "static",
    "super",
    "switch",
    "synchronized",
    "this",
    "throw",
    "throws",
    "true",
    "try",
    "val",
    "var",
    "void",
    "when",
    "while",
]);
/// Words that open a type declaration.
const TYPE_WORDS: &Words = &Words::new(&["class", "interface", "enum", "record", "object"]);
/// Words that look like calls at the top of a class body but are not method declarations.
const NOT_METHODS: &[&str] = &[
    "if",
    "for",
    "while",
    "switch",
    "catch",
    "return",
    "throw",
    "new",
    "super",
    "this",
    "synchronized",
    "when",
];

/// One import.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct JvmImport {
    /// The dotted path, without a trailing `.*`.
    pub path: String,
    /// `import a.b.*`.
    pub wildcard: bool,
    /// `import static`.
    pub is_static: bool,
    /// Kotlin's `import a.B as C`.
    pub alias: Option<String>,
    /// 1-based line of the `import` keyword.
    pub line: u64,
}

/// What a Java or Kotlin file holds beyond the shared facts (whose definitions are top-level types, their
/// methods `Type.method` and Kotlin's top-level functions; whose error sites are `throw`s; whose test functions
/// are methods annotated with a test marker of the language row; whose identifiers exclude the package clause
/// and imports).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct JvmFile {
    /// The package clause.
    pub package: String,
    /// Imports.
    pub imports: Vec<JvmImport>,
    /// String literals that could name a class or member (`"com.shop.Cart"`, `"com.shop.Cart$Line"`,
    /// `"total"`), each with the first line it shows on: what `Class.forName`, `getMethod` and friends load.
    pub name_strings: BTreeMap<String, u64>,
    /// The annotations of the file's top-level types (`SpringBootApplication`, `Service`), each with its
    /// first line.
    pub type_annotations: BTreeMap<String, u64>,
    /// Kotlin's `@file:JvmName("Util")`: the class Java calls the file's top-level functions through.
    pub jvm_name: Option<String>,
    /// What says the file is generated: a `// Generated ... do not edit` header or a `@Generated` annotation
    /// on a top-level type.
    pub generated: Option<String>,
}

/// One file being read: a method per declaration.
struct Parser<'a> {
    c: Cursor<'a>,
    kotlin: bool,
    f: FileFacts,
    own: JvmFile,
    /// Tokens of the package clause and imports (not identifiers of the file).
    skip: Vec<bool>,
    /// The definition each token belongs to.
    owner: Vec<Option<usize>>,
    /// The top-level type whose methods are being read: (def index, its public flag).
    current_type: Option<(usize, bool)>,
}

/// Reads one Java or Kotlin file; `kotlin` switches declarations to Kotlin's (`fun`, public by default).
pub fn parse(src: &str, kotlin: bool) -> Parsed<JvmFile> {
    let lexed = clike::lex(
        src,
        if kotlin {
            Dialect::KOTLIN
        } else {
            Dialect::JAVA
        },
    );
    let toks = &lexed.tokens;
    let mut p = Parser {
        c: Cursor { src, toks },
        kotlin,
        f: FileFacts {
            branches: clike::count_branches(src, toks, BRANCH_KEYWORDS, BRANCH_OPERATORS),
            ..lexed.facts()
        },
        own: JvmFile::default(),
        skip: vec![false; toks.len()],
        owner: vec![None; toks.len()],
        current_type: None,
    };
    let mut i = 0;
    while i < toks.len() {
        i = p.step(i);
    }
    p.finish()
}

impl<'a> Parser<'a> {
    /// Reads the declaration at token `i`, if any; returns the index to go on from.
    fn step(&mut self, i: usize) -> usize {
        let t = self.c.toks[i];
        let w = self.c.word(i);
        if self.kotlin
            && t.depth == 0
            && w == "file"
            && self.c.op(i.wrapping_sub(1), b'@')
            && self.c.op(i + 1, b':')
            && self.c.word(i + 2) == "JvmName"
            && self.c.op(i + 3, b'(')
        {
            // `@file:JvmName("Util")`.
            self.own.jvm_name = self
                .c
                .string(i + 4)
                .filter(|n| !n.is_empty() && self.own.jvm_name.is_none());
        }
        if t.depth == 0 && (w == "package" || w == "import") {
            return self.package_or_import(i);
        }
        // `enum class`, `annotation class`, `fun interface`: the last type word names the type.
        if t.depth == 0
            && TYPE_WORDS.contains(w)
            && !TYPE_WORDS.contains(self.c.word(i + 1))
            && !(w == "object" && self.c.op(i + 1, b':'))
            && !self.c.op(i - usize::from(i > 0), b'.')
        {
            self.type_decl(i);
            return i + 2;
        }
        if self.kotlin && t.depth == 0 && w == "fun" {
            if let Some(next) = self.kotlin_function(i) {
                return next;
            }
        }
        if let Some(next) = self.method(i) {
            return next;
        }
        i + 1
    }

    /// `package a.b;`, `import [static] a.b.C[.*] [as D];`.
    fn package_or_import(&mut self, i: usize) -> usize {
        let toks = self.c.toks;
        let mut j = i + 1;
        let is_static = self.c.word(j) == "static";
        if is_static {
            j += 1;
        }
        let mut path = String::new();
        let mut wildcard = false;
        let line = toks[i].line;
        while j < toks.len() && toks[j].line == line && !self.c.op(j, b';') {
            match toks[j].kind {
                Kind::Name if self.c.word(j) == "as" => break,
                Kind::Name => path.push_str(self.c.word(j)),
                Kind::Op(b'.') => path.push('.'),
                Kind::Op(b'*') => wildcard = true,
                _ => {}
            }
            j += 1;
        }
        let mut alias = None;
        if self.c.word(j) == "as" {
            alias = Some(self.c.word(j + 1).to_string());
            j += 2;
        }
        let path = path.trim_end_matches('.').to_string();
        if self.c.word(i) == "package" {
            self.own.package = path;
        } else {
            self.own.imports.push(JvmImport {
                path,
                wildcard,
                is_static,
                alias,
                line: u64::from(line),
            });
        }
        let end = if self.c.op(j, b';') { j + 1 } else { j }.min(toks.len());
        self.skip[i..end].iter_mut().for_each(|x| *x = true);
        end
    }

    /// The name at token `i`: a name, or in Kotlin a backquoted one without its backquotes (`` `-Utf8` ``
    /// is `-Utf8`); `""` otherwise.
    fn name(&self, i: usize) -> &'a str {
        match self.c.toks.get(i) {
            Some(t) if self.kotlin && t.kind == Kind::Str => {
                let s = text(self.c.src, t);
                s.strip_prefix('`')
                    .and_then(|s| s.strip_suffix('`'))
                    .unwrap_or("")
            }
            _ => self.c.word(i),
        }
    }

    /// A top-level type whose keyword is at `i`.
    fn type_decl(&mut self, i: usize) {
        let name = self.name(i + 1);
        if name.is_empty() {
            return;
        }
        let public = modifiers_public(self.c.src, self.c.toks, i, self.kotlin);
        let line = u64::from(self.c.toks[i].line);
        for (a, at) in annotation_lines(self.c.src, self.c.toks, i) {
            if a == "Generated" && self.own.generated.is_none() {
                self.own.generated = Some(format!("@Generated on {name}"));
            }
            crate::model::note(&mut self.own.type_annotations, &a, at);
        }
        self.f
            .defs
            .push(Def::new(name, SymbolKind::Class, line, public));
        self.current_type = Some((self.f.defs.len() - 1, public));
    }

    /// The name of the Kotlin function declared by the `fun` at `i`: the name right before its parameter list,
    /// past type parameters and an extension receiver (`fun <T> Set<T>.hasAuth()` is `hasAuth`, as it is
    /// called); `None` for `fun interface` and anything else without one.
    fn kotlin_fun_name(&self, i: usize) -> Option<usize> {
        let toks = self.c.toks;
        let mut angle = 0i32;
        let mut j = i + 1;
        while j < toks.len() {
            match toks[j].kind {
                Kind::Op(b'<') => angle += 1,
                Kind::Op(b'>') if !self.c.op(j - 1, b'-') => angle -= 1,
                Kind::Op(b'(') if angle == 0 => {
                    if j > i + 1 && !self.name(j - 1).is_empty() {
                        return Some(j - 1);
                    }
                    // A function-type receiver: `fun (() -> Unit).name()`.
                    j = skip_parens(toks, j);
                    continue;
                }
                Kind::Op(b'{' | b'}' | b'=' | b';') if angle == 0 => return None,
                _ => {}
            }
            j += 1;
        }
        None
    }

    /// Kotlin's top-level `fun [<T>] [Receiver.]name(...)`: the index after its body.
    fn kotlin_function(&mut self, i: usize) -> Option<usize> {
        let toks = self.c.toks;
        let j = self.kotlin_fun_name(i)?;
        let name = self.name(j);
        let public = modifiers_public(self.c.src, toks, i, true);
        let line = u64::from(toks[i].line);
        self.f
            .defs
            .push(Def::new(name, SymbolKind::Function, line, public));
        let end = self.kotlin_body_end(j, 0);
        self.own_tokens(i, end);
        Some(end.max(i + 1))
    }

    /// The index after the Kotlin function whose name is at `j`, declared at brace depth `depth`: after its
    /// body (`{ ... }` or `= expression`), or after its signature when it has none (abstract, interface,
    /// `expect` and `external` functions), so that the next declaration is read.
    fn kotlin_body_end(&self, j: usize, depth: u32) -> usize {
        let toks = self.c.toks;
        let mut k = j + 1;
        if self.c.op(k, b'(') {
            k = skip_parens(toks, k);
        }
        if self.c.op(k, b':') {
            k = self.skip_kotlin_type(k + 1);
        }
        if self.c.word(k) == "where" {
            // `where T : A, U : B<T>`: type constraints up to the body.
            k += 1;
            while k < toks.len()
                && matches!(
                    toks[k].kind,
                    Kind::Name | Kind::Op(b':' | b',' | b'.' | b'<' | b'>' | b'?' | b'*')
                )
            {
                k += 1;
            }
        }
        if self.c.op(k, b'{') || self.c.op(k, b'=') {
            body_end(toks, k, depth)
        } else {
            k
        }
    }

    /// The index after the Kotlin type starting at `k`: `a.B<C, D>?`, `(A) -> B`, `suspend A.() -> B`.
    fn skip_kotlin_type(&self, mut k: usize) -> usize {
        let toks = self.c.toks;
        while self.c.op(k, b'@') {
            // Type annotations: `@Ann`, `@Ann(...)`.
            k += 2;
            if self.c.op(k, b'(') {
                k = skip_parens(toks, k);
            }
        }
        if self.c.word(k) == "suspend" {
            k += 1;
        }
        if self.c.op(k, b'(') {
            k = skip_parens(toks, k);
        } else {
            if self.name(k).is_empty() {
                return k;
            }
            k += 1;
            loop {
                if self.c.op(k, b'<') {
                    k = skip_angles(toks, k);
                } else if self.c.op(k, b'.') && !self.name(k + 1).is_empty() {
                    k += 2;
                } else {
                    break;
                }
            }
            if self.c.op(k, b'.') && self.c.op(k + 1, b'(') {
                // A function type with a receiver: `A.() -> B`.
                k = skip_parens(toks, k + 1);
            }
        }
        while self.c.op(k, b'?') {
            k += 1;
        }
        if self.c.op(k, b'-') && self.c.op(k + 1, b'>') {
            return self.skip_kotlin_type(k + 2);
        }
        k
    }

    /// A method declared at depth 1 of the current top-level type, its name at `i` (Java) or its `fun` at `i`
    /// (Kotlin): the index after its body.
    fn method(&mut self, i: usize) -> Option<usize> {
        let (ty, type_public) = self.current_type?;
        let toks = self.c.toks;
        if toks[i].depth != 1 {
            return None;
        }
        let i = if self.kotlin {
            if self.c.word(i) != "fun" {
                return None;
            }
            self.kotlin_fun_name(i)?
        } else {
            i
        };
        let type_name = self.f.defs[ty].name.clone();
        let (t, w) = (toks[i], self.name(i));
        let is_decl = t.depth == 1
            && !w.is_empty()
            && self.c.op(i + 1, b'(')
            && !NOT_METHODS.contains(&w)
            && (self.kotlin || self.java_method_name(i, &type_name));
        if !is_decl {
            return None;
        }
        let annotations = annotations_before(self.c.src, toks, i);
        let markers = if self.kotlin {
            lang::KOTLIN.test_markers
        } else {
            lang::JAVA.test_markers
        };
        if annotations.iter().any(|a| {
            markers
                .iter()
                .any(|m| m.strip_prefix('@') == Some(a.as_str()))
        }) {
            self.f.test_functions += 1;
        }
        let public =
            type_public && modifiers_public(self.c.src, toks, i, self.kotlin) && w != type_name;
        let name = format!("{type_name}.{w}");
        self.f.defs.push(Def::new(
            name,
            SymbolKind::Method,
            u64::from(t.line),
            public,
        ));
        let end = if self.kotlin {
            self.kotlin_body_end(i, 1)
        } else {
            body_end(toks, i, 1)
        };
        self.own_tokens(i, end);
        Some(end.max(i + 1))
    }

    /// True when the name at `i` (followed by `(`, at depth 1 of type `type_name`) declares a Java method or
    /// constructor: after a return type (a name, `List<T>`, `int[]`), or the type's own name after the previous
    /// member or annotation; not a call in a field's initializer (`= ImmutableMap.<K, V>builder()`,
    /// `= () -> run()`) or a nested type (`record R(int i)`).
    fn java_method_name(&self, i: usize, type_name: &str) -> bool {
        let toks = self.c.toks;
        if i == 0 {
            return false;
        }
        let after_type = match toks[i - 1].kind {
            Kind::Name => !matches!(
                self.c.word(i - 1),
                "new" | "return" | "throw" | "else" | "record" | "class" | "interface" | "enum"
            ),
            Kind::Op(b']') => true,
            // `List<T> f(`, but not `.<T>f(` (type arguments of a call) or `-> f(` (a lambda).
            Kind::Op(b'>') => {
                !self.c.op(i - 2, b'-')
                    && angle_open(toks, i - 1).is_some_and(|o| !self.c.op(o.wrapping_sub(1), b'.'))
            }
            // A constructor without modifiers: `K(int x) {}`, `@Inject K(int x) {}`.
            Kind::Op(b'{' | b'}' | b';' | b')') => self.c.word(i) == type_name,
            _ => false,
        };
        if !after_type {
            return false;
        }
        // A name in an initializer follows an `=` (or a lambda's `->`) of the same declaration.
        let mut parens = 0i32;
        let start = declaration_start(toks, i);
        for (k, t) in toks.iter().enumerate().take(i).skip(start) {
            match t.kind {
                Kind::Op(b'(') => parens += 1,
                Kind::Op(b')') => parens -= 1,
                Kind::Op(b'=') if parens == 0 => return false,
                Kind::Op(b'>') if parens == 0 && self.c.op(k.wrapping_sub(1), b'-') => {
                    return false
                }
                _ => {}
            }
        }
        true
    }

    /// Tokens `from..to` belong to the last definition.
    fn own_tokens(&mut self, from: usize, to: usize) {
        let d = self.f.defs.len() - 1;
        self.owner[from..to].iter_mut().for_each(|x| *x = Some(d));
    }

    /// Branch points and throws per definition, identifiers: the file's facts.
    fn finish(mut self) -> Parsed<JvmFile> {
        let (src, toks) = (self.c.src, self.c.toks);
        let branch_points = (BRANCH_KEYWORDS, BRANCH_OPERATORS);
        clike::credit_branches(src, toks, &self.owner, branch_points, &mut self.f.defs);
        if self.own.generated.is_none() {
            self.own.generated =
                generated_header(&src[..toks.first().map_or(src.len(), |t| t.start)]);
        }
        for (k, t) in toks.iter().enumerate() {
            if t.kind == Kind::Str {
                if let Some(name) = name_string(text(src, t)) {
                    crate::model::note(&mut self.own.name_strings, name, u64::from(t.line));
                }
                // Kotlin's backquoted names are names: `` `-JsonUtf8Reader`(source) ``.
                if let Some(name) = self.kotlin.then(|| self.name(k)).filter(|n| !n.is_empty()) {
                    crate::model::note(&mut self.f.identifiers, name, u64::from(t.line));
                }
            }
            if t.kind != Kind::Name {
                continue;
            }
            let w = text(src, t);
            if w == "throw" {
                clike::throw_site(&self.c, k, &self.owner, &mut self.f);
            }
            if !self.skip[k] && !KEYWORDS.contains(w) {
                crate::model::note(&mut self.f.identifiers, w, u64::from(t.line));
            }
        }
        Parsed {
            facts: self.f,
            own: self.own,
        }
    }
}

/// Words of a header comment that say the file is generated, and those that say not to edit it: a header
/// with one of each (`// Generated by the protocol buffer compiler.  DO NOT EDIT!`) marks generated code.
const GENERATED_WORDS: &[&str] = &["generated", "autogenerated"];
/// See [`GENERATED_WORDS`].
const DO_NOT_EDIT: &[&str] = &[
    "do not edit",
    "do not modify",
    "don't edit",
    "must not be edited",
];

/// The generated-code marker of the comments before a file's first token, as written (its first line that
/// says so).
fn generated_header(header: &str) -> Option<String> {
    let lower = header.to_ascii_lowercase();
    let says = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    if !(says(GENERATED_WORDS) && says(DO_NOT_EDIT)) {
        return None;
    }
    let line = header.lines().find(|l| {
        GENERATED_WORDS
            .iter()
            .any(|w| l.to_ascii_lowercase().contains(w))
    })?;
    Some(
        line.trim_start_matches(|c: char| c.is_whitespace() || c == '/' || c == '*')
            .trim_end()
            .to_string(),
    )
}

/// The contents of a string literal token that could name a class or member: one or more Java names joined
/// by `.`, with `$` for nested classes (`"a.b.C$D"`, `"run"`); `None` for anything else.
fn name_string(literal: &str) -> Option<&str> {
    let inner = literal.strip_prefix('"')?.strip_suffix('"')?;
    let ok = !inner.is_empty()
        && inner.len() <= 200
        && inner.split('.').all(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        });
    ok.then_some(inner)
}

/// The index after the `(...)` group opening at `i`.
fn skip_parens(toks: &[Token], i: usize) -> usize {
    let mut level = 0;
    for (j, t) in toks.iter().enumerate().skip(i) {
        match t.kind {
            Kind::Op(b'(') => level += 1,
            Kind::Op(b')') => {
                level -= 1;
                if level == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
    }
    toks.len()
}

/// The index after the `<...>` group opening at `i` (a `->` inside does not close it).
fn skip_angles(toks: &[Token], i: usize) -> usize {
    let mut level = 0;
    for (j, t) in toks.iter().enumerate().skip(i) {
        match t.kind {
            Kind::Op(b'<') => level += 1,
            Kind::Op(b'>') if j == 0 || toks[j - 1].kind != Kind::Op(b'-') => {
                level -= 1;
                if level == 0 {
                    return j + 1;
                }
            }
            Kind::Op(b'{' | b'}' | b';' | b'=') => return j,
            _ => {}
        }
    }
    toks.len()
}

/// The `<` that the `>` at `close` closes, if it is on the same declaration.
fn angle_open(toks: &[Token], close: usize) -> Option<usize> {
    let mut level = 0;
    for j in (0..=close).rev() {
        match toks[j].kind {
            Kind::Op(b'>') => level += 1,
            Kind::Op(b'<') => {
                level -= 1;
                if level == 0 {
                    return Some(j);
                }
            }
            Kind::Op(b'{' | b'}' | b';' | b'(' | b')') => return None,
            _ => {}
        }
    }
    None
}

/// The index after a declaration's body: its `{ ... }` (or `= expr` / `;` without one), for a name at `i`
/// whose body opens at brace depth `depth`.
fn body_end(toks: &[Token], i: usize, depth: u32) -> usize {
    let mut j = i;
    let mut parens = 0i32;
    while j < toks.len() {
        let t = toks[j];
        match t.kind {
            Kind::Op(b'(') => parens += 1,
            Kind::Op(b')') => parens -= 1,
            Kind::Op(b'{') if parens == 0 && t.depth == depth => {
                return toks[j + 1..]
                    .iter()
                    .position(|u| u.kind == Kind::Op(b'}') && u.depth == depth + 1)
                    .map_or(toks.len(), |p| j + 1 + p + 1);
            }
            Kind::Op(b';') if parens == 0 => return j + 1,
            // Kotlin's expression bodies (`fun f() = x`).
            Kind::Op(b'=')
                if parens == 0 && toks.get(j + 1).is_some_and(|u| u.kind != Kind::Op(b'=')) =>
            {
                return expression_end(toks, j + 1, depth);
            }
            Kind::Op(b'}') if t.depth <= depth => return j,
            _ => {}
        }
        j += 1;
    }
    toks.len()
}

/// The index after a Kotlin expression body starting at `i` at brace depth `depth`: the first line after it
/// that starts with a name, `@` or a closing `}` at that depth, outside parentheses, and does not continue the
/// line before it (which ends with an operator, as `=`, `||`, `.`, `(` or `,` do, but not a closing bracket, a
/// type's `>` or `?`, or `!!`).
fn expression_end(toks: &[Token], i: usize, depth: u32) -> usize {
    let mut parens = 0i32;
    for j in i..toks.len() {
        let t = toks[j];
        let starts_line = j > i && t.line > toks[j - 1].end_line;
        let continues = j > i
            && matches!(toks[j - 1].kind, Kind::Op(c) if !matches!(c, b')' | b']' | b'}' | b'>' | b'?' | b'!'));
        if starts_line
            && parens <= 0
            && t.depth <= depth
            && !continues
            && matches!(t.kind, Kind::Name | Kind::Op(b'@' | b'}'))
        {
            return j;
        }
        match t.kind {
            Kind::Op(b'(' | b'[') => parens += 1,
            Kind::Op(b')' | b']') => parens -= 1,
            Kind::Op(b'}') if t.depth <= depth => return j,
            Kind::Op(b';') if parens <= 0 => return j + 1,
            _ => {}
        }
    }
    toks.len()
}

/// The modifiers and annotations of the declaration whose keyword or name is at `i`, back to the previous
/// `;`, `{` or `}`.
fn declaration_start(toks: &[Token], i: usize) -> usize {
    let mut j = i;
    let mut parens = 0i32;
    while j > 0 {
        match toks[j - 1].kind {
            Kind::Op(b')') => parens += 1,
            Kind::Op(b'(') => parens -= 1,
            Kind::Op(b';') | Kind::Op(b'{') | Kind::Op(b'}') if parens <= 0 => break,
            _ => {}
        }
        j -= 1;
    }
    j
}

fn modifiers_public(src: &str, toks: &[Token], i: usize, kotlin: bool) -> bool {
    let words: Vec<&str> = toks[declaration_start(toks, i)..i]
        .iter()
        .filter(|t| t.kind == Kind::Name)
        .map(|t| text(src, t))
        .collect();
    if kotlin {
        !words
            .iter()
            .any(|w| matches!(*w, "private" | "internal" | "protected"))
    } else {
        words.iter().any(|w| matches!(*w, "public" | "protected"))
    }
}

fn annotations_before(src: &str, toks: &[Token], i: usize) -> Vec<String> {
    annotation_lines(src, toks, i)
        .into_iter()
        .map(|(a, _)| a)
        .collect()
}

/// The annotations of the declaration whose keyword or name is at `i`, each with its line.
fn annotation_lines(src: &str, toks: &[Token], i: usize) -> Vec<(String, u64)> {
    let start = declaration_start(toks, i);
    (start..i)
        .filter(|&k| {
            toks[k].kind == Kind::Op(b'@') && toks.get(k + 1).is_some_and(|t| t.kind == Kind::Name)
        })
        .map(|k| (text(src, &toks[k + 1]).to_string(), u64::from(toks[k].line)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gap_core::Raise;

    #[test]
    fn java_types_methods_and_visibility() {
        let src = r#"package com.shop.cart;

import java.util.List;
import static org.junit.jupiter.api.Assertions.*;
import com.shop.money.Round;

public class Cart {
    private final List<Integer> items = new ArrayList<>();

    public Cart() {}

    public void add(int cents) {
        if (cents <= 0 || cents > 10_000) {
            throw new IllegalArgumentException("cents");
        }
        items.add(Round.round(cents));
    }

    int total() {
        return items.stream().mapToInt(i -> i).sum();
    }

    protected <T> List<T> copy() { return null; }
}

class Helper {
    public void help() {}
}
"#;
        let Parsed { facts: f, own } = parse(src, false);
        assert_eq!(own.package, "com.shop.cart");
        let imports: Vec<(&str, bool, bool, u64)> = own
            .imports
            .iter()
            .map(|i| (i.path.as_str(), i.wildcard, i.is_static, i.line))
            .collect();
        assert_eq!(
            imports,
            [
                ("java.util.List", false, false, 3),
                ("org.junit.jupiter.api.Assertions", true, true, 4),
                ("com.shop.money.Round", false, false, 5)
            ]
        );
        let defs = crate::model::def_summary(&f.defs);
        assert_eq!(
            defs,
            [
                ("Cart", SymbolKind::Class, true, 0),
                ("Cart.Cart", SymbolKind::Method, false, 0),
                ("Cart.add", SymbolKind::Method, true, 2),
                ("Cart.total", SymbolKind::Method, false, 0),
                ("Cart.copy", SymbolKind::Method, true, 0),
                ("Helper", SymbolKind::Class, false, 0),
                ("Helper.help", SymbolKind::Method, false, 0),
            ]
        );
        assert_eq!(
            f.raises,
            [Raise {
                line: 14,
                name: "IllegalArgumentException".into(),
                extra: Default::default()
            }]
        );
    }

    #[test]
    fn junit_test_methods() {
        let f = parse("class CartTest {\n    @Test\n    void adds() { assertEquals(1, new Cart().total()); }\n    @ParameterizedTest @ValueSource(ints = {1})\n    void many(int x) {}\n    private void helper() {}\n}\n", false);
        assert_eq!(f.facts.test_functions, 2);
        assert!(
            f.facts.identifiers.contains_key("Cart") && f.facts.identifiers.contains_key("total")
        );
    }

    #[test]
    fn kotlin_functions_objects_and_visibility() {
        let src = "package com.shop\n\nimport com.shop.money.Round as R\n\nfun total(xs: List<Int>): Int = xs.sum()\n\nprivate fun hidden() {}\n\nobject Registry {\n    fun register(name: String) { if (name.isEmpty()) throw IllegalStateException() }\n    private fun reset() {}\n}\n\ndata class Item(val cents: Int)\n\nenum class Mode { FAST, SLOW }\n";
        let Parsed { facts: f, own } = parse(src, true);
        assert_eq!(own.imports[0].alias.as_deref(), Some("R"));
        let defs: Vec<(&str, bool)> = f.defs.iter().map(|d| (d.name.as_str(), d.public)).collect();
        assert_eq!(
            defs,
            [
                ("total", true),
                ("hidden", false),
                ("Registry", true),
                ("Registry.register", true),
                ("Registry.reset", false),
                ("Item", true),
                ("Mode", true)
            ]
        );
        assert_eq!(f.defs[3].raises, 1);
    }

    #[test]
    fn hostile_input_never_panics() {
        for src in [
            "class",
            "package",
            "import",
            "class A {",
            "fun",
            "fun <T",
            "@",
            "class A { void f(",
            "object",
        ] {
            let _ = parse(src, false);
            let _ = parse(src, true);
        }
    }

    #[test]
    fn kotlin_extension_functions_are_named_by_their_own_name() {
        let src = "package auth\n\nfun Set<String>.hasAuth(): Boolean = contains(\"auth\")\n\nfun <T> List<T>.second(): T = this[1]\n\nfun String?.orBlank() = this ?: \"\"\n\nfun interface Check { fun ok(): Boolean }\n\nclass Tokens {\n    fun Map<String, Int>.total(): Int = values.sum()\n    fun plain() {}\n}\n";
        let f = parse(src, true);
        let defs = crate::model::def_lines(&f.facts.defs);
        assert_eq!(
            defs,
            [
                ("hasAuth", SymbolKind::Function, 3),
                ("second", SymbolKind::Function, 5),
                ("orBlank", SymbolKind::Function, 7),
                ("Check", SymbolKind::Class, 9),
                ("Check.ok", SymbolKind::Method, 9),
                ("Tokens", SymbolKind::Class, 11),
                ("Tokens.total", SymbolKind::Method, 12),
                ("Tokens.plain", SymbolKind::Method, 13),
            ]
        );
    }

    #[test]
    fn java_constructors_nested_records_and_initializer_calls() {
        // xcheck/FINDINGS.md V1, V2, V3.
        let src = "class K {\n  K(int x) {}\n  @Inject K() {}\n  private record R(int i) {}\n  Object o = ImmutableMap.<String, String>builder();\n  Runnable r = () -> run(1);\n  List<String> names() { return null; }\n}\n";
        let f = parse(src, false);
        assert_eq!(
            crate::model::def_lines(&f.facts.defs),
            [
                ("K", SymbolKind::Class, 1),
                ("K.K", SymbolKind::Method, 2),
                ("K.K", SymbolKind::Method, 3),
                ("K.names", SymbolKind::Method, 7),
            ]
        );
    }

    #[test]
    fn kotlin_functions_without_bodies_generic_members_and_backquoted_names() {
        // xcheck/FINDINGS.md K1, K2, K4, K6.
        let src = "abstract class R {\n  abstract fun a(): Int\n  fun b() {}\n  fun <T> c(t: T) {}\n  fun String.d() {}\n  fun e(): Map<String, () -> Unit>\n  fun f() = listOf(1,\n    2)\n  fun g() {}\n}\nexpect fun i(): Int\nfun j() {}\ninternal class `-Utf8` {\n  fun peek() {}\n}\nfun `-k`() {}\ninterface S\nfun k(): S = object : S {\n  fun l() {}\n}\n";
        let f = parse(src, true);
        assert!(
            f.facts.identifiers.contains_key("-Utf8"),
            "a backquoted name is a name"
        );
        assert_eq!(
            crate::model::def_lines(&f.facts.defs),
            [
                ("R", SymbolKind::Class, 1),
                ("R.a", SymbolKind::Method, 2),
                ("R.b", SymbolKind::Method, 3),
                ("R.c", SymbolKind::Method, 4),
                ("R.d", SymbolKind::Method, 5),
                ("R.e", SymbolKind::Method, 6),
                ("R.f", SymbolKind::Method, 7),
                ("R.g", SymbolKind::Method, 9),
                ("i", SymbolKind::Function, 11),
                ("j", SymbolKind::Function, 12),
                ("-Utf8", SymbolKind::Class, 13),
                ("-Utf8.peek", SymbolKind::Method, 14),
                ("-k", SymbolKind::Function, 16),
                ("S", SymbolKind::Class, 17),
                ("k", SymbolKind::Function, 18),
            ]
        );
    }

    #[test]
    fn a_file_ending_in_an_unfinished_alias_is_read() {
        for kotlin in [true, false] {
            let f = parse("package p\nimport a.b as", kotlin);
            assert_eq!(f.own.package, "p");
            assert_eq!(f.own.imports[0].path, "a.b");
        }
    }
}
