//! GeoPackages (SQLite) on any bytes: reading one, ours or another tool's, never panics, and what reads
//! as our own table writes back and reads again to the same incidents.
#![no_main]

use incident_atlas::io::import::{ImportFormat, ImportOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = ImportOptions { format: ImportFormat::GeoPackage, ..ImportOptions::default() };
    let Ok(imported) = incident_atlas::io::formats::gpkg::import(data, "fuzz.gpkg", &options) else { return };
    if imported.is_our_own() && !imported.loaded.incidents.is_empty() {
        let mut again = Vec::new();
        incident_atlas::io::formats::gpkg::write(&mut again, &imported.loaded.incidents).expect("writes");
        let back = incident_atlas::io::formats::gpkg::import(&again, "again.gpkg", &options).expect("reads back");
        assert_eq!(back.loaded.incidents, imported.loaded.incidents);
    }
});
