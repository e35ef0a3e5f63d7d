//! End-to-end tests of the gap suite live in `tests/`; this crate has no code of its own.
