//! What reading a file gives: the incidents read and every problem found, or why the file could not be
//! read at all. Every reader returns these.

use std::path::PathBuf;

use thiserror::Error;

use super::diagnostic::{Diagnostic, Severity};
use crate::model::Incident;

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
    /// Not one of our own datasets (another tool's table or KML): `import` reads it.
    #[error("{}: not our own {format} (our GeoJSON, GeoJSON text sequence or CSV); `import` reads other tools' files", path.display())]
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
