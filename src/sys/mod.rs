//! The process and the file system, below every other layer: atomic file writes, file stamps, file names for
//! messages, text made safe for a terminal, CPU work split over named threads, process-wide memory
//! settings, and third-party decoders' panics on damaged input turned into errors. Imports nothing of
//! this crate.

mod atomic;
pub mod contain;
pub mod memory;
pub mod parallel;
mod stamp;
pub mod terminal;
pub mod threads;

pub use atomic::write_atomically;
pub use stamp::FileStamp;

/// The name of a file without its folders, for titles and messages (the whole path if it has no name).
#[must_use]
pub fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}
