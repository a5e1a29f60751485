//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A file in `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// The bundled dataset.
pub fn bundled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/is-vs-russia.geojson")
}

/// Runs the `incident-atlas` binary with arguments.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_incident-atlas")).args(args).output().expect("the binary runs")
}

/// Standard output and error of a run, as one string.
pub fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// The shipped briefing.
pub fn shipped_briefing() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/is-vs-russia.briefing.json")
}
