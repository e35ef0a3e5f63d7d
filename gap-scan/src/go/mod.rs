//! The Go reader: one file's facts ([`parse`]) and the units of a scan ([`analyze`]).

pub mod analyze;
pub mod parse;

pub use analyze::{analyze, module_path, GoMod};
pub use parse::{parse, GoFile};
