//! File formats: one module per format, each reading to incidents plus diagnostics and/or writing
//! incidents. No UI. Writes are atomic (temporary file, then rename).

pub mod acled;
mod atomic;
pub mod briefing;
pub mod csv;
mod diagnostic;
mod foreign;
pub mod geojson;
pub mod gtd;
pub mod import;
pub mod kml;
pub mod mapping;
pub mod shared;
pub mod table;
pub mod values;

use std::path::{Path, PathBuf};

use thiserror::Error;

pub use atomic::write_atomically;
pub use diagnostic::{Diagnostic, Location, Severity};

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

/// What reading a file produced: the incidents that could be read, and every problem found.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// Incidents read without errors (those with only warnings included).
    pub incidents: Vec<Incident>,
    /// Errors (the feature was skipped) and warnings (the feature was kept).
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// Whether any diagnostic is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

/// A file that could not be read or written at all.
#[derive(Debug, Error)]
pub enum IoError {
    /// The operating system refused.
    #[error("{}: {source}", path.display())]
    Os {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The extension names no known format.
    #[error("{}: unknown file format (expected .geojson, .json, .csv or .kml)", path.display())]
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },
    /// The format can be written but not read yet.
    #[error("{}: reading {format} files is not supported; convert to GeoJSON", path.display())]
    NotReadable {
        /// The file.
        path: PathBuf,
        /// The format's name.
        format: &'static str,
    },
    /// The whole file is unusable (not JSON, not a `FeatureCollection`, binary, …).
    #[error("{0}")]
    Unreadable(Diagnostic),
}

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
            geojson::read(&bytes, &path.display().to_string()).map_err(IoError::Unreadable)
        }
        Format::Csv => Err(IoError::NotReadable { path: path.to_owned(), format: "CSV" }),
        Format::Kml => Err(IoError::NotReadable { path: path.to_owned(), format: "KML" }),
    }
}

/// The name of a file without its folders, for titles and messages (the whole path if it has no name).
#[must_use]
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Reads any file `import` reads: our GeoJSON as [`read_path`] does (its problems named in our terms),
/// other tools' GeoJSON (when none of its features reads as ours), CSV/TSV (ACLED, GTD or any table),
/// KML and KMZ, with the format sniffed.
///
/// # Errors
/// As [`read_path`] and [`import::import_path`].
pub fn read_any(path: &Path) -> Result<Loaded, IoError> {
    if matches!(Format::from_path(path), Ok(Format::GeoJson)) {
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
    import::import_path(path, &import::ImportOptions::default()).map(|i| i.loaded)
}

/// Writes incidents in the format the path's extension names, atomically.
///
/// # Errors
/// An [`IoError`] for an unknown extension or a failed write; the target is then left untouched.
pub fn write_path(path: &Path, incidents: &[Incident]) -> Result<(), IoError> {
    let format = Format::from_path(path)?;
    write_atomically(path, |out| match format {
        Format::GeoJson => geojson::write(out, incidents),
        Format::Csv => csv::write(out, incidents),
        Format::Kml => kml::write(out, incidents),
    })
    .map_err(|source| IoError::Os { path: path.to_owned(), source })
}
