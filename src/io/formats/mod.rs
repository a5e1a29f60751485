//! One file per format, each reading its files to incidents plus diagnostics and/or writing incidents.
//! The formats written are registered in [`Format`]; the formats imported in
//! [`crate::io::import::ImportFormat`], whose dispatch is [`crate::io::import_path`].

pub mod acled;
pub mod csv;
pub mod gdelt;
pub mod geojson;
pub mod gtd;
pub mod kml;

use std::io::Write;
use std::path::Path;

use crate::io::loaded::IoError;
use crate::model::Incident;

/// A file format this program reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RFC 7946 `GeoJSON` `FeatureCollection`, the native format (read and write).
    GeoJson,
    /// One row per incident (write).
    Csv,
    /// KML 2.2 with time stamps and spans for Google Earth's time slider (write).
    Kml,
}

impl Format {
    /// The format named by a file's extension (`.geojson`/`.json`, `.csv`, `.kml`).
    ///
    /// # Errors
    /// [`IoError::UnknownFormat`] for any other extension.
    pub fn from_path(path: &Path) -> Result<Format, IoError> {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("geojson" | "json") => Ok(Format::GeoJson),
            Some("csv") => Ok(Format::Csv),
            Some("kml") => Ok(Format::Kml),
            _ => Err(IoError::UnknownFormat { path: path.to_owned() }),
        }
    }
}

/// Writes incidents to `out` in `format`.
///
/// # Errors
/// Any error from the writer.
pub fn write(format: Format, out: &mut dyn Write, incidents: &[Incident]) -> std::io::Result<()> {
    match format {
        Format::GeoJson => geojson::write(out, incidents),
        Format::Csv => csv::write(out, incidents),
        Format::Kml => kml::write(out, incidents),
    }
}
