//! The bundled dataset (the Islamic State's campaign against Russia, 2006–2024): its path in the checkout,
//! and a copy built into the binary so that it opens even when the binary is copied alone.

use std::path::Path;

use super::formats::geojson;
use super::loaded::{IoError, Loaded};

/// The bundled dataset's path in the checkout: the file opened when no other is given.
pub const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/is-vs-russia.geojson");

/// Whether `path` is in the folder of files that ship with the app (beside the bundled dataset, at any
/// depth): saves never propose such a place, so that the shipped files are not replaced by accident.
///
/// ```
/// use incident_atlas::io::bundled::{PATH, is_in_app_data};
/// assert!(is_in_app_data(std::path::Path::new(PATH)));
/// assert!(!is_in_app_data(&std::env::temp_dir().join("briefing.json")));
/// ```
#[must_use]
pub fn is_in_app_data(path: &Path) -> bool {
    let Some(data) = Path::new(PATH).parent() else { return false };
    resolved(path).starts_with(resolved(data))
}

/// A path with its links and `..` resolved; for a file not made yet, its folder resolved and its name.
fn resolved(path: &Path) -> std::path::PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    match (path.parent().and_then(|dir| dir.canonicalize().ok()), path.file_name()) {
        (Some(dir), Some(name)) => dir.join(name),
        _ => path.to_owned(),
    }
}

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

/// [`read_or_built_in`], also saying whether the file is one of our own datasets that Save may write
/// back to (never the bundled dataset, which belongs to the app).
///
/// # Errors
/// As [`read_or_built_in`].
pub fn read_noting_ours(path: &Path) -> Result<(Loaded, bool), IoError> {
    if is_in_app_data(path) || path == Path::new(PATH) {
        return read_or_built_in(path).map(|l| (l, false));
    }
    super::read_any_noting_ours(path)
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
