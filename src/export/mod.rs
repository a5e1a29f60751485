//! Picture files: PNG and animated GIF encoders, written atomically, and the errors of making pictures.
//! The pictures themselves are rendered from the views by the UI (its `export` module), which calls these.

pub mod gif;

use std::path::{Path, PathBuf};

use image::ImageEncoder as _;
use image::RgbaImage;
use thiserror::Error;

/// Why a picture or an animation could not be made.
#[derive(Debug, Error)]
pub enum ExportError {
    /// The size is 0 or too large.
    #[error("a picture of {width}x{height} pixels cannot be made: each side must be 1 to 8192")]
    Size {
        /// Asked width.
        width: u32,
        /// Asked height.
        height: u32,
    },
    /// The graphics adapter failed (or none exists).
    #[error("rendering failed: {0}")]
    Graphics(String),
    /// Basemap tiles did not arrive.
    #[error("the basemap tiles of the view did not finish rendering")]
    Incomplete,
    /// A tile file could not be used.
    #[error("{0}")]
    Tiles(String),
    /// A file could not be written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The animation's range or step does not make frames.
    #[error("{0}")]
    Animation(String),
    /// The user cancelled.
    #[error("cancelled")]
    Cancelled,
}

/// Writes a PNG atomically.
///
/// # Errors
/// [`ExportError::Io`] naming the file.
pub fn save_png(path: &Path, image: &RgbaImage) -> Result<(), ExportError> {
    crate::sys::write_atomically(path, |out| {
        image::codecs::png::PngEncoder::new(out)
            .write_image(image.as_raw(), image.width(), image.height(), image::ExtendedColorType::Rgba8)
            .map_err(std::io::Error::other)
    })
    .map_err(|source| ExportError::Io { path: path.to_owned(), source })
}
