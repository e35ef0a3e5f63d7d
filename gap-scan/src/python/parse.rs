//! Facts about one Python file from its statements: imports, definitions with branch points and raise
//! sites, the identifiers used outside imports, line counts.

use super::by_name::{CODEC_CALLS, CODEC_KEYWORDS};
use super::lexer::{for_each_statement, Kind, Statement, Token};
use crate::lang::Language;
use crate::model::{self, FileFacts, Parsed};
use crate::words::Words;
use gap_core::{Raise, SymbolKind};

/// The base classes of a class header whose parenthesis would open at `i` (`class A(B, mod.C, metaclass=M):`):
/// the dotted names that stand alone as an argument, or subscripted (`Base[T]`).
fn class_bases(r: &Reader, i: usize, z: usize) -> Vec<String> {
    let mut out = Vec::new();
    if !r.op(i, b'(') {
        return out;
    }
    let mut k = i + 1;
    while k < z && !r.op(k, b')') {
        let (name, next) = r.dotted(k, z);
        if !name.is_empty() && (r.op(next, b',') || r.op(next, b')')) {
            out.push(name);
            k = next + 1;
            continue;
        }
        // A generic base (`Base[T]`) is still its class.
        if !name.is_empty() && r.op(next, b'[') {
            out.push(name);
        }
        // Anything else (a keyword argument, a call, a subscript): skip to the next top-level comma.
        let mut depth = 0i32;
        while k < z {
            match r.toks[k].kind {
                Kind::Op(b'(' | b'[' | b'{') => depth += 1,
                Kind::Op(b')' | b']' | b'}') if depth == 0 => break,
                Kind::Op(b')' | b']' | b'}') => depth -= 1,
                Kind::Op(b',') if depth == 0 => {
                    k += 1;
                    break;
                }
                _ => {}
            }
            k += 1;
        }
    }
    out
}

/// `NAME = callee(...)` or `NAME: Annotation = callee(...)` at `a..z`: the name bound to a call's result.
fn instance<'a>(r: &Reader<'a, '_>, a: usize, z: usize) -> Option<&'a str> {
    if z < a + 4 || r.toks[a].kind != Kind::Name {
        return None;
    }
    let eq = if r.op(a + 1, b':') {
        (a + 2..z).find(|&k| r.op(k, b'='))?
    } else {
        a + 1
    };
    if !r.op(eq, b'=') || r.op(eq + 1, b'=') {
        return None;
    }
    let (callee, next) = r.dotted(eq + 1, z);
    let name = r.s(&r.toks[a]);
    (!callee.is_empty() && r.op(next, b'(') && !KEYWORDS.contains(name)).then_some(name)
}

/// Python's hard keywords: never identifiers.
const KEYWORDS: &Words = &Words::new(&[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
]);

/// Keywords that are branch points wherever they appear (`case` is counted separately); all of them are
/// [`KEYWORDS`].
const BRANCH_KEYWORDS: &Words =
    &Words::new(&["if", "elif", "for", "while", "except", "with", "and", "or"]);

/// What a Python file holds beyond the shared facts (whose definitions are top-level functions and classes and
/// methods of top-level classes; whose error sites are `raise` statements; whose test functions are `test*`
/// functions and `test*` methods of `*Test*` classes; whose identifiers exclude import statements).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PyFile {
    /// Import statements, anywhere in the file, in order.
    pub imports: Vec<Import>,
    /// The string items of a top-level `__all__`, if any.
    pub all: Option<Vec<String>>,
    /// Per definition of the shared facts (same order): where it ends and its decorators.
    pub def_info: Vec<DefInfo>,
    /// String literals outside imports shaped like module names (`"pkg.mod"`, `"pkg.mod:Attr"`, `"tables"`).
    pub names: Vec<NameString>,
    /// Module-level names bound to a call's result (`codes = LookupDict(...)`, `app = create_app()`): instances
    /// the module builds as it is imported.
    pub instances: Vec<String>,
    /// Module-level tables of strings (`aliases = {'latin1': 'latin_1', ...}`): (name, its string pairs).
    #[serde(default)]
    pub tables: Vec<(String, Vec<(String, String)>)>,
    /// Every definition is a stub (`def f(self) -> int: ...`, a `Protocol`): the file declares types and
    /// holds no code to test.
    pub declaration: bool,
}

/// A string literal that may name a module: a dotted name, optionally with `:attr`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NameString {
    /// Its contents.
    pub text: String,
    /// 1-based line.
    pub line: u64,
    /// The called name when it is the first argument of a call (`import_module` in
    /// `importlib.import_module("x")`).
    pub call: Option<String>,
    /// It stands where a codec name goes (`"x".encode("cp037")`, `encoding="latin-1"`): Python's codec
    /// registry finds its module by that name.
    #[serde(default)]
    pub codec: bool,
}

/// True for strings shaped like a codec name: `cp037`, `utf-7`, `ISO 8859-1`.
fn is_codec_name(s: &str) -> bool {
    (1..=40).contains(&s.len())
        && s.bytes().any(|c| c.is_ascii_alphanumeric())
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b' '))
}

/// True for strings shaped like a module or object name: `a.b_c`, `a.b:C`, `tables`.
fn is_name_string(s: &str) -> bool {
    let (path, attr) = s.split_once(':').unwrap_or((s, ""));
    s.len() <= 200
        && !path.is_empty()
        && path.split('.').all(is_identifier)
        && (attr.is_empty() || attr.split('.').all(is_identifier))
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// What the Python reader knows of a definition beyond [`model::Def`] (kept small: a file may hold millions).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DefInfo {
    /// A module-level definition inside a block (`try`/`except`, `if`): a fallback or a variant.
    pub in_block: bool,
    /// A class's base classes as written (`App`, `sansio.App`); keyword arguments (`metaclass=`) left out.
    pub bases: Box<[String]>,
}

/// Everything the statement reader finds in one file, before it is split into shared and own facts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Statements {
    /// Physical lines as `wc -l` counts them: newline bytes.
    pub lines: u64,
    /// Lines holding a token other than a comment, docstrings excluded.
    pub code_lines: u64,
    /// Import statements, anywhere in the file, in order.
    pub imports: Vec<Import>,
    /// Top-level functions and classes, and methods of top-level classes, in order.
    pub defs: Vec<model::Def>,
    /// Per definition (same order): what the Python reader knows of it beyond [`model::Def`].
    pub info: Vec<DefInfo>,
    /// Per definition (same order): its body holds only `...` and docstrings (a class: only such methods and
    /// decorators).
    pub stubs: Vec<bool>,
    /// The decorated definitions: (index, decorator names without arguments).
    pub decorators: Vec<(usize, Vec<String>)>,
    /// `raise` statements, in order.
    pub raises: Vec<Raise>,
    /// Branch points in the whole file.
    pub branches: u64,
    /// Names used outside import statements, keywords excluded, with the line each first shows on.
    pub identifiers: model::Names,
    /// The string items of a top-level `__all__`, if any.
    pub all: Option<Vec<String>>,
    /// String literals shaped like module names.
    pub names: Vec<NameString>,
    /// Module-level names bound to a call's result.
    pub instances: Vec<String>,
    /// Module-level tables of strings.
    pub tables: Vec<(String, Vec<(String, String)>)>,
}

/// One imported module or name list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Import {
    /// `import a.b.c [as d]`.
    Module {
        module: String,
        alias: Option<String>,
        line: u64,
        when: When,
    },
    /// `from [.]*a.b import x [as y], ...` or `... import *`.
    From {
        level: u32,
        module: String,
        names: Vec<ImportedName>,
        star: bool,
        line: u64,
        when: When,
    },
}

/// When an import runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum When {
    /// As the module is imported (module level, `try` blocks included).
    Eager,
    /// When the function or class body around it runs.
    Lazy,
    /// Only for type checkers (`if TYPE_CHECKING:`) or on another platform (`if sys.platform == ...`).
    Conditional,
}

impl Import {
    /// When the import runs.
    pub fn when(&self) -> When {
        match self {
            Import::Module { when, .. } | Import::From { when, .. } => *when,
        }
    }
}

/// One name of a from-import.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportedName {
    /// The name in the imported module.
    pub name: String,
    /// The local name, when `as` renames it.
    pub alias: Option<String>,
}

struct Reader<'a, 't> {
    text: &'a str,
    /// The tokens of the statement being read.
    toks: &'t [Token],
}

impl<'a> Reader<'a, '_> {
    fn s(&self, t: &Token) -> &'a str {
        &self.text[t.start..t.end]
    }
    fn is(&self, i: usize, word: &str) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == Kind::Name && self.s(t) == word)
    }
    fn op(&self, i: usize, c: u8) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Kind::Op(c))
    }
    /// A dotted name starting at `i`: (name, index after it).
    fn dotted(&self, mut i: usize, end: usize) -> (String, usize) {
        let mut name = String::new();
        while i < end && self.toks[i].kind == Kind::Name {
            name.push_str(self.s(&self.toks[i]));
            if i + 2 < end + 1
                && self.op(i + 1, b'.')
                && i + 2 < end
                && self.toks[i + 2].kind == Kind::Name
            {
                name.push('.');
                i += 2;
            } else {
                i += 1;
                break;
            }
        }
        (name, i)
    }
}

/// Where a statement's tokens go.
#[derive(Clone, Copy)]
struct Scope {
    indent: u32,
    /// The definition its lines count towards.
    def: usize,
    /// True for a top-level class: its direct `def`s are methods.
    top_class: bool,
}

/// Reads one Python file; `lang` gives the test markers (`test*` functions, `test*` methods of `*Test*`
/// classes).
pub fn parse(text: &str, lang: &Language) -> Parsed<PyFile> {
    let mut st = read(text);
    let declaration = !st.stubs.is_empty() && st.stubs.iter().all(|&s| s);
    // `@overload` stubs only type the definition that follows them: not public symbols of their own.
    for (k, decorators) in &st.decorators {
        if st.stubs[*k]
            && decorators
                .iter()
                .any(|x| x.rsplit('.').next() == Some("overload"))
        {
            st.defs[*k].public = false;
        }
    }
    let is_test = |name: &str| lang.test_markers.iter().any(|m| name.starts_with(m));
    let test_functions = st
        .defs
        .iter()
        .filter(|d| match d.kind {
            SymbolKind::Function => is_test(&d.name),
            SymbolKind::Method => d
                .name
                .split_once('.')
                .is_some_and(|(class, method)| class.contains("Test") && is_test(method)),
            SymbolKind::Class | SymbolKind::Impl => false,
        })
        .count() as u64;
    let facts = FileFacts {
        lines: st.lines,
        code_lines: st.code_lines,
        branches: st.branches,
        defs: st.defs,
        raises: st.raises,
        identifiers: st.identifiers,
        test_functions,
    };
    Parsed {
        facts,
        own: PyFile {
            imports: st.imports,
            all: st.all,
            def_info: st.info,
            names: st.names,
            instances: st.instances,
            tables: st.tables,
            declaration,
        },
    }
}

/// The statement reader's state between statements.
struct Walk<'a> {
    f: Statements,
    /// The identifiers so far, borrowed from the text, with their first line (copied into `f` at the end:
    /// one allocation per distinct name, none per use).
    seen: foldhash::HashMap<&'a str, u64>,
    /// The last line counted as code: tokens come in file order, so a token's lines up to it are counted
    /// already, and lines before it that are not will never be.
    last_code_line: u32,
    /// The definitions open around the current statement, innermost last.
    scopes: Vec<Scope>,
    /// Decorators waiting for their definition.
    decorators: Vec<String>,
    /// Indentation of an open `if TYPE_CHECKING:` (or platform check) block.
    type_checking: Option<u32>,
}

/// Reads one Python file's statements.
pub fn read(text: &str) -> Statements {
    let mut w = Walk {
        f: Statements::default(),
        // About one distinct name per 64 bytes of Python: fewer rehashes as the map grows.
        seen: foldhash::HashMap::with_capacity_and_hasher(text.len() / 64, Default::default()),
        last_code_line: 0,
        scopes: Vec::new(),
        decorators: Vec::new(),
        type_checking: None,
    };
    w.f.lines = for_each_statement(text, |toks, indent| {
        let st = Statement {
            tokens: 0..toks.len(),
            indent,
        };
        w.statement(&Reader { text, toks }, &st);
    });
    // Sorted by their first eight bytes as a number, then by the rest (most comparisons are one integer's,
    // not a `memcmp` call), then packed into one string: no allocation per name.
    let mut seen: Vec<(u64, &str, u64)> =
        w.seen.into_iter().map(|(n, l)| (prefix(n), n, l)).collect();
    seen.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    w.f.identifiers = model::Names::from_sorted(seen.iter().map(|&(_, n, l)| (n, l)));
    w.f
}

/// The first eight bytes of `name` as a big-endian number, zeros after a shorter name: ordering by it orders
/// names as their bytes do, up to names that share those bytes.
fn prefix(name: &str) -> u64 {
    let mut b = [0u8; 8];
    let n = name.len().min(8);
    b[..n].copy_from_slice(&name.as_bytes()[..n]);
    u64::from_be_bytes(b)
}

impl<'a> Walk<'a> {
    /// Reads one statement: an import, a decorator, a definition's header, or code of the innermost open
    /// definition.
    fn statement(&mut self, r: &Reader<'a, '_>, st: &Statement) {
        let (a, z) = (st.tokens.start, st.tokens.end);
        let toks = &r.toks[a..z];
        let only_strings = toks.iter().all(|t| t.kind == Kind::Str);
        // Docstrings and other lone strings are not code.
        if !only_strings {
            for t in toks {
                if t.end_line > self.last_code_line {
                    let first = t.line.max(self.last_code_line + 1);
                    self.f.code_lines += u64::from(t.end_line - first + 1);
                    self.last_code_line = t.end_line;
                }
            }
        }
        while self.scopes.last().is_some_and(|s| s.indent >= st.indent) {
            self.scopes.pop();
        }
        let line = u64::from(toks[0].line);
        if self.type_checking.is_some_and(|i| st.indent <= i) {
            self.type_checking = None;
        }
        if r.is(a, "if")
            && toks
                .iter()
                .any(|t| t.kind == Kind::Name && is_deferring_condition(r.s(t)))
        {
            self.type_checking = Some(st.indent);
        }
        if r.is(a, "import") || r.is(a, "from") {
            let when = if self.type_checking.is_some() {
                When::Conditional
            } else if self.scopes.is_empty() {
                When::Eager
            } else {
                When::Lazy
            };
            read_import(r, a, z, line, when, &mut self.f.imports);
            return;
        }
        let defs_before = self.f.defs.len();
        let decorator = r.op(a, b'@');
        if decorator {
            self.decorators.push(r.dotted(a + 1, z).0);
        } else {
            self.header(r, a, z, st.indent, line);
            self.decorators.clear();
        }
        let stub_line = if self.f.defs.len() > defs_before {
            // A header: its body follows, or is `...` on the same line.
            let n = toks.len();
            r.op(z - 1, b':') || (n >= 4 && r.op(z - 4, b':') && (1..4).all(|k| r.op(z - k, b'.')))
        } else {
            decorator
                || only_strings
                || (toks.len() == 3 && toks.iter().all(|t| t.kind == Kind::Op(b'.')))
        };
        if !stub_line {
            if let Some(s) = self.scopes.last() {
                self.f.stubs[s.def] = false;
            }
        }
        let (branches, raises) = self.code(r, a, z);
        if self.scopes.is_empty() {
            if r.is(a, "__all__") {
                self.dunder_all(r, a, toks);
            } else if r.op(a + 1, b'=') && r.op(a + 2, b'{') && r.toks[a].kind == Kind::Name {
                self.table(r, a, toks);
            } else if let Some(name) = instance(r, a, z) {
                self.f.instances.push(name.to_string());
            }
        }
        self.f.branches += branches;
        self.credit(branches, raises, u64::from(toks[toks.len() - 1].end_line));
    }

    /// `[async] def name` / `class name` starting at `a`: a definition at the top or in a top-level class opens
    /// a scope of its own; a nested one stays with the enclosing definition.
    fn header(&mut self, r: &Reader<'a, '_>, a: usize, z: usize, indent: u32, line: u64) {
        let k = a + usize::from(r.is(a, "async"));
        if !(r.is(k, "def") || r.is(k, "class")) {
            return;
        }
        let Some(name) = r
            .toks
            .get(k + 1)
            .filter(|t| t.kind == Kind::Name)
            .map(|t| r.s(t))
        else {
            return;
        };
        let is_class = r.is(k, "class");
        let new_def = match self.scopes.as_slice() {
            [] => Some((
                name.to_string(),
                if is_class {
                    SymbolKind::Class
                } else {
                    SymbolKind::Function
                },
            )),
            [class] if class.top_class && !is_class => {
                let class = &self.f.defs[class.def].name;
                let mut full = String::with_capacity(class.len() + 1 + name.len());
                full.push_str(class);
                full.push('.');
                full.push_str(name);
                Some((full, SymbolKind::Method))
            }
            _ => None,
        };
        match new_def {
            Some((full, kind)) => {
                // A method of a private class is private too.
                let public = !name.starts_with('_') && !full.starts_with('_');
                self.f.defs.push(model::Def {
                    name: full,
                    kind,
                    line,
                    end_line: line,
                    branches: 0,
                    raises: 0,
                    public,
                });
                if !self.decorators.is_empty() {
                    let decorators = std::mem::take(&mut self.decorators);
                    self.f.decorators.push((self.f.defs.len() - 1, decorators));
                }
                self.f.info.push(DefInfo {
                    in_block: self.scopes.is_empty() && indent > 0,
                    bases: if is_class {
                        class_bases(r, k + 2, z).into_boxed_slice()
                    } else {
                        Box::default()
                    },
                });
                self.f.stubs.push(true);
                self.scopes.push(Scope {
                    indent,
                    def: self.f.defs.len() - 1,
                    top_class: kind == SymbolKind::Class,
                });
            }
            None => {
                if let Some(outer) = self.scopes.last().copied() {
                    self.scopes.push(Scope {
                        indent,
                        def: outer.def,
                        top_class: false,
                    });
                }
            }
        }
    }

    /// The statement's names among tokens `a..z`: branch points, raise sites and identifiers; returns (branch
    /// points, raise sites).
    fn code(&mut self, r: &Reader<'a, '_>, a: usize, z: usize) -> (u64, u64) {
        let mut branches = 0;
        let mut raises = 0;
        for (j, t) in r.toks[a..z].iter().enumerate() {
            if t.kind == Kind::Str {
                self.name_string(r, a + j);
            }
            if t.kind != Kind::Name {
                continue;
            }
            let word = r.s(t);
            // Branch keywords and `raise` are keywords: most names need only the one look-up.
            if !KEYWORDS.contains(word) {
                // Statements come in file order: the first line a name shows on is its first.
                self.seen.entry(word).or_insert(u64::from(t.line));
            } else if BRANCH_KEYWORDS.contains(word) {
                branches += 1;
            } else if word == "raise" {
                raises += 1;
                let name = r.dotted(a + j + 1, z).0;
                self.f.raises.push(Raise {
                    line: u64::from(t.line),
                    name,
                    extra: Default::default(),
                });
            }
        }
        if is_case_clause(r, a, z) {
            branches += 1;
        }
        (branches, raises)
    }

    /// The string at token `k`, kept when it is shaped like a module name, with the name it is the first
    /// argument of.
    fn name_string(&mut self, r: &Reader<'a, '_>, k: usize) {
        let raw = r.s(&r.toks[k]);
        let text = unquote(raw);
        let bytes = raw
            .bytes()
            .take_while(u8::is_ascii_alphabetic)
            .any(|c| c == b'b' || c == b'B');
        if bytes {
            return;
        }
        let after = |c: u8| k >= 2 && r.op(k - 1, c) && r.toks[k - 2].kind == Kind::Name;
        let call = after(b'(').then(|| r.s(&r.toks[k - 2]));
        let codec = (call.is_some_and(|c| CODEC_CALLS.contains(&c))
            || (after(b'=') && CODEC_KEYWORDS.contains(&r.s(&r.toks[k - 2]))))
            && is_codec_name(text);
        if !codec && !is_name_string(text) {
            return;
        }
        self.f.names.push(NameString {
            text: text.to_string(),
            line: u64::from(r.toks[k].line),
            call: call.map(String::from),
            codec,
        });
    }

    /// `NAME = {'a': 'b', ...}` at the top level, starting at `a`: its string pairs, kept when there are some.
    fn table(&mut self, r: &Reader<'a, '_>, a: usize, toks: &[Token]) {
        let pairs: Vec<(String, String)> = toks
            .windows(3)
            .filter(|w| {
                w[0].kind == Kind::Str && w[1].kind == Kind::Op(b':') && w[2].kind == Kind::Str
            })
            .map(|w| {
                (
                    unquote(r.s(&w[0])).to_string(),
                    unquote(r.s(&w[2])).to_string(),
                )
            })
            .collect();
        if !pairs.is_empty() {
            self.f.tables.push((r.s(&r.toks[a]).to_string(), pairs));
        }
    }

    /// `__all__ = [...]` or `__all__ += [...]` at the top level, starting at `a`.
    fn dunder_all(&mut self, r: &Reader<'a, '_>, a: usize, toks: &[Token]) {
        let items = self.f.all.get_or_insert_with(Vec::new);
        if !(r.op(a + 1, b'+') && r.op(a + 2, b'=')) {
            items.clear();
        }
        items.extend(
            toks.iter()
                .filter(|t| t.kind == Kind::Str)
                .map(|t| unquote(r.s(t)).to_string()),
        );
    }

    /// Credits a statement ending on `end_line` to the innermost open definition (and a method's lines to its
    /// class too).
    fn credit(&mut self, branches: u64, raises: u64, end_line: u64) {
        let Some(d) = self.scopes.last().map(|s| s.def) else {
            return;
        };
        let def = &mut self.f.defs[d];
        def.branches += branches;
        def.raises += raises;
        def.end_line = def.end_line.max(end_line);
        if def.kind == SymbolKind::Method {
            let end = def.end_line;
            if let Some(class) = self.scopes.first() {
                let c = &mut self.f.defs[class.def];
                c.end_line = c.end_line.max(end);
            }
        }
    }
}

/// Names in an `if` condition that make the imports below it not run on a plain import here: type checking,
/// and platform checks (`sys.platform`, `os.name == "nt"`, `WIN`, `IS_WINDOWS`).
fn is_deferring_condition(name: &str) -> bool {
    // Compared byte by byte ignoring ASCII case: no lowercase copy of every name of every `if`.
    let b = name.as_bytes();
    name == "TYPE_CHECKING"
        || name == "platform"
        || b.get(..3).is_some_and(|p| p.eq_ignore_ascii_case(b"win"))
        || b.windows(4).any(|w| w.eq_ignore_ascii_case(b"_win"))
}

/// `case PATTERN:` of a match statement (and not `case = ...` or `case: int`).
fn is_case_clause(r: &Reader, a: usize, z: usize) -> bool {
    if !r.is(a, "case") || z - a < 3 {
        return false;
    }
    if r.op(a + 1, b'=') || r.op(a + 1, b'.') || r.op(a + 1, b':') {
        return false;
    }
    let mut depth = 0i32;
    for t in &r.toks[a + 1..z] {
        match t.kind {
            Kind::Op(b'(' | b'[' | b'{') => depth += 1,
            Kind::Op(b')' | b']' | b'}') => depth -= 1,
            Kind::Op(b':') if depth == 0 => return true,
            Kind::Op(b'=') if depth == 0 => return false,
            _ => {}
        }
    }
    false
}

/// The contents of a string literal without prefix and quotes.
fn unquote(s: &str) -> &str {
    let s = s.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    for q in ["\"\"\"", "'''", "\"", "'"] {
        if let Some(inner) = s.strip_prefix(q) {
            return inner.strip_suffix(q).unwrap_or(inner);
        }
    }
    s
}

fn read_import(r: &Reader, a: usize, z: usize, line: u64, when: When, out: &mut Vec<Import>) {
    if r.is(a, "import") {
        let mut i = a + 1;
        while i < z {
            let (module, next) = r.dotted(i, z);
            if module.is_empty() {
                break;
            }
            i = next;
            let mut alias = None;
            if r.is(i, "as") {
                alias = r
                    .toks
                    .get(i + 1)
                    .filter(|_| i + 1 < z)
                    .map(|t| r.s(t).to_string());
                i += 2;
            }
            out.push(Import::Module {
                module,
                alias,
                line,
                when,
            });
            if r.op(i, b',') {
                i += 1;
            } else {
                break;
            }
        }
        return;
    }
    // from [.]* [module] import names
    let mut i = a + 1;
    let mut level = 0;
    while i < z && r.op(i, b'.') {
        level += 1;
        i += 1;
    }
    let (module, next) = if r.is(i, "import") {
        (String::new(), i)
    } else {
        r.dotted(i, z)
    };
    i = next;
    if !r.is(i, "import") {
        return;
    }
    i += 1;
    let mut names = Vec::new();
    let mut star = false;
    while i < z {
        let t = &r.toks[i];
        match t.kind {
            Kind::Op(b'*') => star = true,
            Kind::Name => {
                let name = r.s(t).to_string();
                let mut alias = None;
                if r.is(i + 1, "as") && i + 2 < z {
                    alias = Some(r.s(&r.toks[i + 2]).to_string());
                    i += 2;
                }
                names.push(ImportedName { name, alias });
            }
            _ => {}
        }
        i += 1;
    }
    out.push(Import::From {
        level,
        module,
        names,
        star,
        line,
        when,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branch_keywords_and_raise_are_keywords() {
        // `Walk::code` asks for them only among keywords.
        for w in [
            "if", "elif", "for", "while", "except", "with", "and", "or", "raise",
        ] {
            assert!(KEYWORDS.contains(w), "{w}");
        }
        let f = read("if a and b or c:\n    raise E\nfor x in y:\n    pass\n");
        assert_eq!((f.branches, f.raises.len()), (4, 1));
        assert_eq!(
            f.identifiers.keys().collect::<Vec<_>>(),
            ["E", "a", "b", "c", "x", "y"]
        );
    }

    #[test]
    fn deferring_conditions_ignore_ascii_case() {
        for name in [
            "TYPE_CHECKING",
            "platform",
            "WIN32",
            "windows",
            "IS_WINDOWS",
            "on_Win",
        ] {
            assert!(is_deferring_condition(name), "{name}");
        }
        for name in ["darwin", "sys", "type_checking", "wi", "", "éwin", "x_wi"] {
            assert!(!is_deferring_condition(name), "{name}");
        }
    }

    fn suffix(when: When) -> &'static str {
        match when {
            When::Eager => "",
            When::Lazy => " (lazy)",
            When::Conditional => " (conditional)",
        }
    }

    fn imports(text: &str) -> Vec<String> {
        read(text)
            .imports
            .iter()
            .map(|i| match i {
                Import::Module {
                    module,
                    alias,
                    when,
                    ..
                } => format!(
                    "import {module}{}{}",
                    alias
                        .as_ref()
                        .map(|a| format!(" as {a}"))
                        .unwrap_or_default(),
                    suffix(*when)
                ),
                Import::From {
                    level,
                    module,
                    names,
                    star,
                    when,
                    ..
                } => {
                    let mut list: Vec<String> = names
                        .iter()
                        .map(|n| match &n.alias {
                            Some(a) => format!("{} as {a}", n.name),
                            None => n.name.clone(),
                        })
                        .collect();
                    if *star {
                        list.push("*".into());
                    }
                    format!(
                        "from {}{module} import {}{}",
                        ".".repeat(*level as usize),
                        list.join(", "),
                        suffix(*when)
                    )
                }
            })
            .collect()
    }

    #[test]
    fn every_import_form() {
        let text = r#"import a.b.c
import a.b as c, d
from a.b import C
from a.b import C as D, E
from x import (
    p,
    q as r,
)
from . import sib
from ..up import y
from ...a.b import *
from .. import z
from __future__ import annotations
"#;
        assert_eq!(
            imports(text),
            [
                "import a.b.c",
                "import a.b as c",
                "import d",
                "from a.b import C",
                "from a.b import C as D, E",
                "from x import p, q as r",
                "from . import sib",
                "from ..up import y",
                "from ...a.b import *",
                "from .. import z",
                "from __future__ import annotations",
            ]
        );
    }

    #[test]
    fn imports_in_functions_are_lazy_and_under_type_checking_conditional() {
        let text = r#"from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from app.models import User
import os
try:
    import ujson as json
except ImportError:
    import json
if sys.platform == "win32":
    import winreg
def f():
    from app.slow import heavy
    return heavy()
"#;
        assert_eq!(
            imports(text),
            [
                "from typing import TYPE_CHECKING",
                "from app.models import User (conditional)",
                "import os",
                "import ujson as json",
                "import json",
                "import winreg (conditional)",
                "from app.slow import heavy (lazy)",
            ]
        );
    }

    #[test]
    fn definitions_with_lines_kinds_and_visibility() {
        let text = r#"import x

@decorator
@app.get('/x')
def top(a):
    def nested():
        pass
    return nested

async def _private():
    pass

class Service(Base):
    limit = 3

    def __init__(self):
        pass

    async def run(self): return 1

    class Inner:
        def deep(self):
            pass

def one(): return 2
"#;
        let f = read(text);
        let defs: Vec<(&str, SymbolKind, u64, bool)> = f
            .defs
            .iter()
            .map(|d| (d.name.as_str(), d.kind, d.line, d.public))
            .collect();
        assert_eq!(
            defs,
            [
                ("top", SymbolKind::Function, 5, true),
                ("_private", SymbolKind::Function, 10, false),
                ("Service", SymbolKind::Class, 13, true),
                ("Service.__init__", SymbolKind::Method, 16, false),
                ("Service.run", SymbolKind::Method, 19, true),
                ("one", SymbolKind::Function, 25, true),
            ]
        );
        assert_eq!(
            f.decorators,
            [(0, vec!["decorator".to_string(), "app.get".to_string()])]
        );
        assert_eq!(f.defs[0].end_line, 8);
        assert_eq!(
            f.defs[2].end_line, 23,
            "a class ends where its last nested line does"
        );
    }

    #[test]
    fn module_level_instances() {
        let text = "codes = LookupDict(name='x')\napp = flask.Flask(__name__)\nX = 3\ny == f()\ng: Proxy = LocalProxy(x)\nh: int = 3\ndef f():\n    inner = g()\n";
        assert_eq!(read(text).instances, ["codes", "app", "g"]);
    }

    #[test]
    fn class_bases_as_written() {
        let text = "class A(B, mod.C, metaclass=M):\n    pass\nclass D(Generic[T], f(x), E):\n    pass\nclass F:\n    pass\n";
        let bases: Vec<Vec<String>> = read(text)
            .info
            .into_iter()
            .map(|d| d.bases.into_vec())
            .collect();
        assert_eq!(bases, [vec!["B", "mod.C"], vec!["Generic", "E"], vec![]]);
    }

    #[test]
    fn branch_points_per_keyword_and_per_definition() {
        let text = r#"def f(x):
    if x and y or z:
        pass
    elif x:
        pass
    else:
        pass
    for i in x:
        while i:
            pass
    try:
        pass
    except E:
        pass
    with open(x) as h:
        return [a for a in h if a]

def g(v):
    return 1 if v else 2

def m(cmd):
    match cmd:
        case [x]:
            pass
        case {'k': v}:
            pass
        case _:
            pass
    match = re.match('if and or', cmd)  # if for while
    case = 3

class C:
    flag = a if b else c
    def method(self):
        if self:
            pass
"#;
        let f = read(text);
        let b: Vec<(&str, u64)> = f
            .defs
            .iter()
            .map(|d| (d.name.as_str(), d.branches))
            .collect();
        // f: if, and, or, elif, for, while, except, with, for, if = 10
        assert_eq!(
            b,
            [("f", 10), ("g", 1), ("m", 3), ("C", 1), ("C.method", 1)]
        );
        assert_eq!(f.branches, 16);
    }

    #[test]
    fn raise_sites_with_their_names() {
        let text = r#"def f():
    raise ValueError('x')

def g():
    try:
        pass
    except E as e:
        raise errors.NotFound(1) from e
    raise
"#;
        let f = read(text);
        let r: Vec<(u64, &str)> = f.raises.iter().map(|r| (r.line, r.name.as_str())).collect();
        assert_eq!(r, [(2, "ValueError"), (8, "errors.NotFound"), (9, "")]);
        assert_eq!((f.defs[0].raises, f.defs[1].raises), (1, 2));
    }

    #[test]
    fn lines_as_wc_counts_them_and_code_lines_without_docstrings_or_comments() {
        let text = "\"\"\"Module\ndoc.\"\"\"\n\n# comment\nx = 1  # trailing\ns = '''a\nb'''\ndef f():\n    'doc'\n    return x";
        let f = read(text);
        assert_eq!(
            f.lines, 9,
            "as wc -l: a last line without a newline is not counted"
        );
        assert_eq!(f.code_lines, 5, "x, the two lines of s, def, return");
        assert_eq!(
            read("'''doc\n'''; x = '''a\nb''' + f(\n1)\n\n\ny = 2\n").code_lines,
            4,
            "a string's lines and the tokens after it on its last line count once"
        );
        assert_eq!(read("").lines, 0);
        assert_eq!(read("a\r\nb\r\n").lines, 2);
    }

    #[test]
    fn identifiers_outside_imports() {
        let f = read(
            "from app.svc import Service\nimport os\n\ndef test_x(client):\n    s = Service(timeout=3)\n    assert s.run() == 'ignored string'  # comment_name\n",
        );
        let ids: Vec<&str> = f.identifiers.keys().collect();
        assert_eq!(ids, ["Service", "client", "run", "s", "test_x", "timeout"]);
    }

    #[test]
    fn identifiers_sort_as_their_bytes_do() {
        let text = "aaaaaaaab = aaaaaaaaa + aaaaaaaa + b + B + _x + é + aaaaaaaab_ + a_\nzz = a\n";
        let f = read(text);
        let ids: Vec<&str> = f.identifiers.keys().collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted);
        assert_eq!(ids.len(), 11);
        assert_eq!(
            (f.identifiers.get("zz"), f.identifiers.get("a")),
            (Some(&2), Some(&2))
        );
    }

    #[test]
    fn dunder_all_in_its_forms() {
        assert_eq!(
            read("__all__ = ['a', \"b\"]\n__all__ += ('c',)\n").all,
            Some(vec!["a".into(), "b".into(), "c".into()])
        );
        assert_eq!(read("x = 1\n").all, None);
    }

    #[test]
    fn overload_stubs_and_declaration_files() {
        let py = &crate::lang::PYTHON;
        let f = parse(
            "from typing import overload\n\n@overload\ndef f(x: int) -> int: ...\n@typing.overload\ndef f(x: str) -> str:\n    ...\ndef f(x):\n    return x\n",
            py,
        );
        let public: Vec<(u64, bool)> = f.facts.defs.iter().map(|d| (d.line, d.public)).collect();
        assert_eq!(
            public,
            [(4, false), (6, false), (8, true)],
            "the overload stubs are not public symbols"
        );
        assert!(!f.own.declaration);
        let protocol = parse(
            "import typing\nT = typing.TypeVar('T')\n\nclass Render(typing.Protocol):\n    \"\"\"Doc.\"\"\"\n    def dumps(\n        self, obj: T\n    ) -> str: ...\n\n    @property\n    def name(self) -> str:\n        ...\n",
            py,
        );
        assert!(protocol.own.declaration);
        assert!(!parse("class P:\n    x: int = 1\n", py).own.declaration);
        assert!(!parse("x = 1\n", py).own.declaration);
    }

    #[test]
    fn hostile_input_never_panics() {
        for text in [
            "def",
            "class",
            "from",
            "from . import",
            "import",
            "@",
            "def f(:\n  '''",
            "if (\n",
            "\u{0}\u{feff}x = '\\",
            "async",
            "raise",
            "case",
            "match x:\n case",
            "\t\tdef f(): pass",
            "class A:\n\tdef b(self):\n        pass\n",
            "x = \\\n",
            "é = 'é'",
            "0x",
            "1e",
            ")]}",
        ] {
            let _ = read(text);
        }
        let deep = format!("x = {}{}\n", "(".repeat(10_000), ")".repeat(10_000));
        assert_eq!(read(&deep).lines, 1);
    }
}
