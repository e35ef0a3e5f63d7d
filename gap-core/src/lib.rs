//! gap-core owns the protocol of the gap suite: the versioned JSON document that flows from `gap-scan`
//! through `gap-rank` to `gap-report`, how it is read and written, the exit codes and the diagnostics
//! printer every binary shares. The rustdoc of [`document`] is the wire specification; `docs/schema.md`
//! is its user-facing copy.

pub mod config;
pub mod diag;
pub mod document;
pub mod escape;
pub mod exit;
pub mod io;
mod parallel;
mod pretty;
mod split;
mod strict;
mod syntax;

pub use config::Config;
pub use document::*;
pub use exit::Exit;
pub use io::{
    read_document, read_document_as, read_input, read_input_as, write_document, write_output,
    InputError,
};
