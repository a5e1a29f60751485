//! Loading files off the UI thread: [`crate::state::load`] runs on a worker; the app polls.

use std::path::PathBuf;

use super::background::Background;
use crate::io::file_name;
use crate::state::{LoadOutcome, load};

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
        Self { job: Background::start("load", move || load(paths), wake), label }
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
