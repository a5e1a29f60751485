//! Loading one or more files into a [`Dataset`]: each is read (the bundled dataset falls back to the
//! copy built into the binary), and an id already read from an earlier file is skipped and reported.

use std::collections::HashSet;
use std::path::PathBuf;

use super::Dataset;
use crate::io::{Severity, bundled, file_name};

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

/// Loads files synchronously (the worker's job; also used at start-up and in tests).
#[must_use]
pub fn load(paths: Vec<PathBuf>) -> LoadOutcome {
    let mut incidents = Vec::new();
    let mut problems = Vec::new();
    let mut errors = false;
    let mut unreadable = false;
    let mut ids = HashSet::new();
    let mut all_ours = true;
    // Taken before reading, so that a change made while the file is read is seen as one.
    let stamp = paths.first().and_then(|p| crate::sys::FileStamp::of(p));
    for path in &paths {
        match bundled::read_noting_ours(path) {
            Ok((loaded, ours)) => {
                all_ours &= ours;
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
    let mut dataset = Dataset::new(incidents, name, paths.clone());
    if let ([one], true) = (paths.as_slice(), all_ours) {
        dataset.saves_to = Some(one.clone());
        dataset.saved_stamp = stamp;
    }
    let clean = !errors && !unreadable;
    LoadOutcome {
        paths,
        readable: (!clean && !dataset.store.is_empty()).then(|| dataset.clone()),
        dataset: clean.then_some(dataset),
        problems,
    }
}
