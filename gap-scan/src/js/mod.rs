//! The JavaScript/TypeScript reader: one file's facts ([`parse`]) and the units of a scan ([`analyze`]).

pub mod analyze;
pub mod parse;

pub use analyze::{analyze, package_main, read_tsconfig, TsConfig};
pub use parse::{parse, Bind, JsFile, JsImport};
