//! The formats CI systems read.
