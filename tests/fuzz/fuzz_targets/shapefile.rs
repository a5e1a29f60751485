//! Shapefile on any bytes: the first two bytes say where the `.shp` part ends and the `.dbf` part
//! begins; the third picks a code page file or none. Reading never panics.
#![no_main]

use incident_atlas::io::formats::shapefile::{self, Parts};
use incident_atlas::io::import::{ImportFormat, ImportOptions};
use libfuzzer_sys::fuzz_target;

/// Code page files to try, `.cpg` absent first.
const CODE_PAGES: [Option<&str>; 4] = [None, Some("UTF-8"), Some("1252"), Some("ISO-8859-1")];

fuzz_target!(|data: &[u8]| {
    let [high, low, page, rest @ ..] = data else { return };
    let split = usize::from(u16::from_be_bytes([*high, *low])).min(rest.len());
    let (shp, dbf) = rest.split_at(split);
    let parts = Parts {
        shp: shp.to_vec(),
        dbf: dbf.to_vec(),
        prj: None,
        cpg: CODE_PAGES[usize::from(*page) % CODE_PAGES.len()].map(str::to_owned),
    };
    let options = ImportOptions { format: ImportFormat::Shapefile, ..ImportOptions::default() };
    let _ = shapefile::import(&parts, "fuzz.shp", &options);
});
