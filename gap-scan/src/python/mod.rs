//! The Python reader: a forgiving tokenizer ([`lexer`]), the facts of one file ([`parse`]), import resolution
//! ([`resolve`]), what tests use ([`mapping`]) and the units of a scan ([`analyze`]).

pub mod analyze;
pub mod lexer;
pub mod mapping;
pub mod parse;
pub mod resolve;

pub use analyze::analyze;
pub use parse::{parse, Def, Import, ImportedName, PyFile, When};
