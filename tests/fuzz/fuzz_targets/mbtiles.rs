//! MBTiles files (SQLite) on any bytes: opening one, reading its metadata and decoding its first tile
//! never panics. (A PMTiles file's own header is walkers' to read.)
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let path = dir.path().join("fuzz.mbtiles");
    if std::fs::write(&path, data).is_ok() {
        let _ = incident_atlas::basemap::file::TileFile::open(&path, &egui::Context::default());
    }
});
