//! Every language reader of the registry (`gap_scan::reader::READERS`) on arbitrary files: neither its outline
//! nor its whole read (parse, then analysis of the files together) ever panics. The harness is
//! `gap_scan::fuzz_input::read_files`, which says how the bytes become files.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gap_scan::fuzz_input::read_files(data));
