//! The Rust reader: one file's facts ([`parse`]) and the units of a scan ([`analyze`]).

pub mod analyze;
pub mod parse;

pub use analyze::{analyze, crate_name, package_name, Crate};
pub use parse::{parse, RsFile, UseItem};
