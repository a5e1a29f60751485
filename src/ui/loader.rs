//! Loading files off the UI thread: reading, validating and indexing happen on a worker; the app polls.

use std::collections::HashSet;
use std::path::PathBuf;

use super::background::Background;
use crate::io::{self, Severity, file_name};
use crate::state::Dataset;

/// The outcome of loading one or more files.
#[derive(Debug)]
pub struct LoadOutcome {
    /// The files.
    pub paths: Vec<PathBuf>,
    /// The dataset when every file read without errors (warnings allowed).
    pub dataset: Option<Dataset>,
    /// Incidents that could be read, kept so the user may load them despite errors.
    pub readable: Option<Dataset>,
    /// Every problem, one line each, `FILE: feature N (id): field: message`.
    pub problems: Vec<String>,
}

/// A load in progress.
#[derive(Debug)]
pub struct Loader {
    job: Background<LoadOutcome>,
    /// What is being loaded, for the progress line.
    pub label: String,
}

impl Loader {
    /// Starts loading `paths` on a worker thread; `wake` is called when the result is ready.
    pub fn start(paths: Vec<PathBuf>, wake: impl FnOnce() + Send + 'static) -> Self {
        let label = paths.iter().map(|p| file_name(p)).collect::<Vec<_>>().join(", ");
        Self { job: Background::start(move || load(paths), wake), label }
    }

    /// The result, once the worker is done.
    #[must_use]
    pub fn poll(&self) -> Option<LoadOutcome> {
        self.job.poll(|| LoadOutcome {
            paths: Vec::new(),
            dataset: None,
            readable: None,
            problems: vec![format!("loading {} stopped unexpectedly", self.label)],
        })
    }
}

/// The bundled dataset, built into the binary so that it opens even when the binary is copied alone.
static BUNDLED_BYTES: &[u8] = include_bytes!("../../data/is-vs-russia.geojson");

/// Reads a file; the bundled dataset's path falls back to the built-in copy when the file is not there.
fn read(path: &std::path::Path) -> Result<io::Loaded, io::IoError> {
    read_or_built_in(path, std::path::Path::new(crate::cli::BUNDLED_DATASET))
}

fn read_or_built_in(path: &std::path::Path, bundled: &std::path::Path) -> Result<io::Loaded, io::IoError> {
    if path == bundled && !path.exists() {
        return io::geojson::read(BUNDLED_BYTES, "is-vs-russia.geojson (built in)")
            .map_err(io::IoError::Unreadable);
    }
    io::read_any(path)
}

/// Loads files synchronously (the worker's job; also used at start-up and in tests).
#[must_use]
pub fn load(paths: Vec<PathBuf>) -> LoadOutcome {
    let mut incidents = Vec::new();
    let mut problems = Vec::new();
    let mut errors = false;
    let mut unreadable = false;
    let mut ids = HashSet::new();
    for path in &paths {
        match read(path) {
            Ok(loaded) => {
                for d in &loaded.diagnostics {
                    errors |= d.severity == Severity::Error;
                    problems.push(d.to_string());
                }
                for incident in loaded.incidents {
                    if ids.insert(incident.id.clone()) {
                        incidents.push(incident);
                    } else {
                        errors = true;
                        problems.push(format!(
                            "{}: id {}: the same id is in an earlier file; skipped",
                            path.display(),
                            incident.id
                        ));
                    }
                }
            }
            Err(e) => {
                unreadable = true;
                problems.push(e.to_string());
            }
        }
    }
    let name = paths.iter().map(|p| file_name(p)).collect::<Vec<_>>().join(" + ");
    let dataset = Dataset::new(incidents, name, paths.clone());
    let clean = !errors && !unreadable;
    LoadOutcome {
        paths,
        readable: (!clean && !dataset.store.is_empty()).then(|| dataset.clone()),
        dataset: clean.then_some(dataset),
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_binary_copied_alone_still_opens_the_bundled_dataset() {
        let gone = std::path::Path::new("/nonexistent/checkout/data/is-vs-russia.geojson");
        let loaded = read_or_built_in(gone, gone).expect("the built-in copy");
        assert_eq!(loaded.incidents.len(), 32);
        assert!(loaded.diagnostics.is_empty());
        // Any other missing file is an error, as it should be.
        let other = std::path::Path::new("/nonexistent/other.geojson");
        assert!(read_or_built_in(other, gone).is_err());
    }
}
