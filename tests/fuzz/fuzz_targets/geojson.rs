//! Our GeoJSON reader, our GeoJSON text sequences, and the import of other tools' GeoJSON, on any bytes:
//! never a panic.
#![no_main]

use incident_atlas::io::import::{ImportFormat, ImportOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = incident_atlas::io::formats::geojson::read(data, "fuzz.geojson");
    let _ = incident_atlas::io::formats::geojsonseq::read(data, "fuzz.geojsonl");
    let options = ImportOptions { format: ImportFormat::GeoJson, ..ImportOptions::default() };
    let _ = incident_atlas::io::import_bytes(
        data,
        std::path::Path::new("fuzz.geojson"),
        "fuzz.geojson",
        &options,
    );
});
