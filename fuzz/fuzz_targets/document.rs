//! The document reader on arbitrary bytes: it never panics, and whatever it accepts it writes back in a form
//! that reads again to the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = gap_core::read_document(data, "fuzz") else {
        return;
    };
    let mut first = Vec::new();
    gap_core::write_document(&doc, &mut first).expect("write");
    let again = gap_core::read_document(first.as_slice(), "again").expect("a written document reads back");
    let mut second = Vec::new();
    gap_core::write_document(&again, &mut second).expect("write");
    assert_eq!(first, second, "writing is not stable");
});
