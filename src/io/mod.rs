//! Files in and out, with no UI: the formats (one file each under [`formats`]), the import machinery they
//! share (column roles, values, the mapping report, under [`import`]), our field list ([`fields`]), the
//! bundled dataset ([`bundled`]), and the front door below, which reads or writes any file by its name.
//! Writes are atomic (temporary file, then rename).

pub mod bundled;
mod diagnostic;
pub mod fields;
pub mod formats;
pub mod import;
mod loaded;
mod open;

use std::path::Path;

pub use crate::sys::file_name;
pub use diagnostic::{Diagnostic, Location, MAX_FIELD_CHARS, MAX_MESSAGE_CHARS, Severity};
pub use formats::Format;
pub use loaded::{IoError, Loaded};
pub use open::{import_bytes, import_path, import_path_watched, preview, sniff};

use crate::model::Incident;

/// Reads a file in the format its extension names.
///
/// # Errors
/// An [`IoError`] when the file cannot be read at all; problems with single features are returned as
/// diagnostics in [`Loaded`] instead.
pub fn read_path(path: &Path) -> Result<Loaded, IoError> {
    match Format::from_path(path)? {
        Format::GeoJson => {
            let bytes =
                std::fs::read(path).map_err(|source| IoError::Os { path: path.to_owned(), source })?;
            formats::geojson::read(&bytes, &path.display().to_string()).map_err(IoError::Unreadable)
        }
        Format::GeoJsonSeq | Format::GeoJsonLines => {
            let bytes =
                std::fs::read(path).map_err(|source| IoError::Os { path: path.to_owned(), source })?;
            formats::geojsonseq::read(&bytes, &path.display().to_string()).map_err(IoError::Unreadable)
        }
        // Our own CSV reads back as written; any other table is an import.
        Format::Csv => match import_path(path, &import::ImportOptions::default()) {
            Ok(imported) if imported.is_our_own_csv() => Ok(imported.loaded),
            Ok(_) => Err(IoError::NotReadable { path: path.to_owned(), format: "CSV" }),
            Err(e) => Err(e),
        },
        Format::Kml => Err(IoError::NotReadable { path: path.to_owned(), format: "KML" }),
    }
}

/// Reads any file `import` reads: our GeoJSON as [`read_path`] does (its problems named in our terms),
/// other tools' GeoJSON (when none of its features reads as ours), CSV/TSV (ACLED, GTD or any table),
/// KML and KMZ, with the format sniffed.
///
/// # Errors
/// As [`read_path`] and [`import_path`].
pub fn read_any(path: &Path) -> Result<Loaded, IoError> {
    if matches!(Format::from_path(path), Ok(Format::GeoJson | Format::GeoJsonSeq | Format::GeoJsonLines)) {
        let native = read_path(path);
        let foreign = match &native {
            Ok(l) => l.incidents.is_empty() && l.has_errors(),
            Err(IoError::Unreadable(_)) => false,
            Err(_) => return native,
        };
        if !foreign {
            return native;
        }
    }
    import_path(path, &import::ImportOptions::default()).map(|i| i.loaded)
}

/// Writes incidents in the format the path's extension names, atomically.
///
/// # Errors
/// An [`IoError`] for an unknown extension or a failed write; the target is then left untouched.
pub fn write_path(path: &Path, incidents: &[Incident]) -> Result<(), IoError> {
    let format = Format::from_path(path)?;
    crate::sys::write_atomically(path, |out| formats::write(format, out, incidents))
        .map_err(|source| IoError::Os { path: path.to_owned(), source })
}
