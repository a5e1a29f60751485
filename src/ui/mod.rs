//! The desktop app: one module per view, plus the theme. Views read [`crate::state::AppState`] and
//! push [`crate::state::Command`]s; the app applies them once per frame.

mod app;
mod article_window;
mod background;
mod bulk;
mod clusters;
mod day_picker;
mod details;
mod editor;
pub mod export;
pub mod file_chooser;
mod filters;
pub mod import_dialog;
mod list;
pub mod loader;
mod map;
mod map_edit;
mod overwrite;
pub mod presentation;
mod scenes;
mod source_editor;
pub mod theme;
mod time_axis;
mod timeline;
mod tokens;
mod words;

pub use app::{AtlasApp, Settings, is_briefing_path};
pub use words::{parse_date_for_jump, scale_length, shortened, window_words};

/// A dialog window placed in the upper middle of the screen, above the map, away from the menus.
fn dialog(title: impl Into<egui::WidgetText>, ctx: &egui::Context) -> egui::Window<'static> {
    let rect = ctx.content_rect();
    egui::Window::new(title)
        .collapsible(false)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(egui::pos2(rect.center().x, rect.top() + rect.height() * 0.18))
}

/// Opens the desktop window on the given files, with an optional MBTiles basemap.
///
/// # Errors
/// When the window cannot be created (no display, no graphics).
pub fn run_native(
    paths: Vec<std::path::PathBuf>,
    tile_file: Option<std::path::PathBuf>,
) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("incident-atlas")
            .with_inner_size([1600.0, 1000.0])
            .with_min_inner_size([960.0, 600.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "incident-atlas",
        options,
        Box::new(move |cc| Ok(Box::new(AtlasApp::from_creation_context(cc, paths, tile_file)))),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
