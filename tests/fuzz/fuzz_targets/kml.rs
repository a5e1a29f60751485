//! The kml importer on any bytes: never a panic, whatever the file holds.
#![no_main]

use incident_atlas::io::import::{ImportFormat, ImportOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = ImportOptions { format: ImportFormat::Kml, ..ImportOptions::default() };
    let _ = incident_atlas::io::import_bytes(data, std::path::Path::new("fuzz.kml"), "fuzz.kml", &options);
});
