//! Pictures and animations rendered offscreen through the same view code as the presentation
//! ([`crate::ui::presentation`]), and the dialogs that set them up in the app. The encoders and atomic
//! writes are [`crate::export`]'s.

pub mod animation;
pub mod dialog;
mod picture;

pub use animation::{AnimationOutput, AnimationSpec, Progress, Step, render_animation};
pub use picture::PictureRenderer;
