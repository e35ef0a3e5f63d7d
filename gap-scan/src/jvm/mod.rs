//! The Java and Kotlin reader: one file's facts ([`parse`]) and the units of a scan ([`analyze`]).

pub mod analyze;
pub mod parse;

pub use analyze::analyze;
pub use parse::{parse, JvmFile, JvmImport};
