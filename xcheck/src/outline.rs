//! What both sides of the cross-check say about one file: definitions and imports, the shape of
//! `gap_scan::reader::outline`'s answer.

use gap_core::SymbolKind;

/// A definition: `name` or `Type.method`, its kind and its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Def {
    /// `name`, `Type.method`, or with an inline module's path (`sync::Lazy`).
    pub name: String,
    /// Function, class (or type) or method.
    pub kind: SymbolKind,
    /// 1-based line of its name.
    pub line: u64,
}

/// An import: the module, package or path as written, and its 1-based line (0: the side does not know it).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Import {
    /// Python dotted (leading dots for relative), JS specifier, Go import path, Rust `use` path joined
    /// with `::` (`a::b::*` for a glob), Java/Kotlin/C# dotted path (`a.b.*` for a wildcard).
    pub spec: String,
    /// 1-based line; 0 when unknown.
    pub line: u64,
}

/// One file's definitions and imports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// Definitions, in file order.
    pub defs: Vec<Def>,
    /// Imports, in file order.
    pub imports: Vec<Import>,
}

/// A short name for a kind, as the report prints it.
pub fn kind_name(kind: SymbolKind) -> &'static str {
    match kind {
        SymbolKind::Function => "function",
        SymbolKind::Class => "class",
        SymbolKind::Method => "method",
        SymbolKind::Impl => "impl",
    }
}
