//! The Python reader: a forgiving tokenizer ([`lexer`]) and the facts gap needs from a file ([`parse`]).

pub mod lexer;
pub mod parse;

pub use parse::{parse, Def, Import, ImportedName, PyFile, When};
