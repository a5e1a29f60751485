//! GeoParquet on any bytes: reading a file, ours or another tool's, never panics, and what reads as
//! our own table writes back and reads again to the same incidents.
#![no_main]

use incident_atlas::io::formats::geoparquet;
use incident_atlas::io::import::{ImportFormat, ImportOptions};
use libfuzzer_sys::fuzz_target;

// The parquet crate's own panics on damaged data are contained (an error, as in the app); any other panic
// still reaches libFuzzer's hook.
fuzz_target!(init: incident_atlas::sys::contain::quiet_panics(), |data: &[u8]| {
    let options = ImportOptions { format: ImportFormat::GeoParquet, ..ImportOptions::default() };
    let Ok(imported) = geoparquet::import(data, "fuzz.parquet", &options) else { return };
    if imported.is_our_own() && !imported.loaded.incidents.is_empty() {
        let mut again = Vec::new();
        geoparquet::write(&mut again, &imported.loaded.incidents).expect("writes");
        let back = geoparquet::import(&again, "again.parquet", &options).expect("reads back");
        assert_eq!(back.loaded.incidents, imported.loaded.incidents);
    }
});
