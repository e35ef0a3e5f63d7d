//! The configuration reader on arbitrary text, as gap.toml, pyproject.toml and Cargo.toml: it never panics, and
//! a configuration it accepts prints (`--print-config`) as TOML that reads back to the same configuration.
#![no_main]

use gap_core::config::{parse, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for source in [Source::GapToml, Source::Pyproject, Source::CargoToml] {
        if let Ok(Some(config)) = parse(text, "fuzz.toml", source) {
            let printed = config.to_toml();
            let back = parse(&printed, "printed.toml", Source::GapToml)
                .unwrap_or_else(|e| panic!("printed configuration does not read back: {e}\n{printed}"))
                .expect("gap.toml always gives a configuration");
            assert_eq!(back, config, "printed configuration reads back different:\n{printed}");
        }
    }
});
