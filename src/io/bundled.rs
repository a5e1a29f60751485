//! The bundled dataset (the Islamic State's campaign against Russia, 2006–2024): its path in the checkout,
//! and a copy built into the binary so that it opens even when the binary is copied alone.

use std::path::Path;

use super::formats::geojson;
use super::loaded::{IoError, Loaded};

/// The bundled dataset's path in the checkout: the file opened when no other is given.
pub const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/is-vs-russia.geojson");

/// The bundled dataset as it was when the binary was built.
static BYTES: &[u8] = include_bytes!("../../data/is-vs-russia.geojson");

/// Reads a file as [`super::read_any`] does; the bundled dataset's path falls back to the built-in copy
/// when the file is not there.
///
/// # Errors
/// As [`super::read_any`].
pub fn read_or_built_in(path: &Path) -> Result<Loaded, IoError> {
    read_or_copy(path, Path::new(PATH))
}

fn read_or_copy(path: &Path, bundled: &Path) -> Result<Loaded, IoError> {
    if path == bundled && !path.exists() {
        return geojson::read(BYTES, "is-vs-russia.geojson (built in)").map_err(IoError::Unreadable);
    }
    super::read_any(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_binary_copied_alone_still_opens_the_bundled_dataset() {
        let gone = Path::new("/nonexistent/checkout/data/is-vs-russia.geojson");
        let loaded = read_or_copy(gone, gone).expect("the built-in copy");
        assert_eq!(loaded.incidents.len(), 32);
        assert!(loaded.diagnostics.is_empty());
        // Any other missing file is an error, as it should be.
        let other = Path::new("/nonexistent/other.geojson");
        assert!(read_or_copy(other, gone).is_err());
    }
}
