//! The article assistant on any text: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = incident_atlas::extract::extract(text, None, "fuzz");
});
