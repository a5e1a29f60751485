//! Offscreen pictures: the presentation view drawn by egui into a wgpu texture (Mesa's lavapipe on a
//! machine with no display), read back as RGBA. Rendering waits until every basemap tile of the view is in.

use std::path::Path;
use std::time::Duration;

use egui_kittest::Harness;
use image::RgbaImage;

use crate::export::ExportError;
use crate::ui::presentation::PictureView;

/// Frames to wait at most for tiles (each frame sleeps a little while tiles render).
const MAX_FRAMES: usize = 2_000;
/// Pause between frames while tiles are still rendering.
const FRAME_PAUSE: Duration = Duration::from_millis(3);

/// Renders pictures of a [`PictureView`] at a fixed size in pixels.
pub struct PictureRenderer {
    harness: Harness<'static, PictureView>,
    pixels_per_point: f32,
    size: (u32, u32),
}

impl PictureRenderer {
    /// A renderer for pictures of `width`x`height` pixels in the dark or light theme. Pictures of at
    /// least 3840x2160 (even sizes) are drawn at two pixels per point: the same layout as 1920x1080,
    /// twice as sharp.
    ///
    /// # Errors
    /// [`ExportError::Size`] for a size of 0 or over 8192, [`ExportError::Graphics`] when no graphics
    /// adapter (not even a software one) is available.
    pub fn new(view: PictureView, width: u32, height: u32, dark: bool) -> Result<Self, ExportError> {
        if !(1..=8192).contains(&width) || !(1..=8192).contains(&height) {
            return Err(ExportError::Size { width, height });
        }
        let double = width >= 3840 && height >= 2160 && width.is_multiple_of(2) && height.is_multiple_of(2);
        let pixels_per_point = if double { 2.0 } else { 1.0 };
        let renderer = wgpu_renderer()?;
        let size = egui::vec2(width as f32, height as f32) / pixels_per_point;
        let harness = Harness::builder()
            .with_size(size)
            .with_pixels_per_point(pixels_per_point)
            .with_theme(if dark { egui::Theme::Dark } else { egui::Theme::Light })
            .with_render_cursor(false)
            .renderer(renderer)
            .build_ui_state(|ui, view: &mut PictureView| view.picture_ui(ui), view);
        Ok(Self { harness, pixels_per_point, size: (width, height) })
    }

    /// The pictures' size in pixels.
    #[must_use]
    pub fn size(&self) -> (u32, u32) {
        self.size
    }

    /// Pixels per point of the pictures (1, or 2 for 4K and larger).
    #[must_use]
    pub fn pixels_per_point(&self) -> f32 {
        self.pixels_per_point
    }

    /// The view, to change between pictures (window, scene, map view).
    pub fn view_mut(&mut self) -> &mut PictureView {
        self.harness.state_mut()
    }

    /// The view.
    #[must_use]
    pub fn view(&self) -> &PictureView {
        self.harness.state()
    }

    /// The egui context of the pictures (for tile sources).
    #[must_use]
    pub fn ctx(&self) -> egui::Context {
        self.harness.ctx.clone()
    }

    /// Shows a tile file above the embedded basemap in the pictures.
    ///
    /// # Errors
    /// When the file is not a usable MBTiles or PMTiles file.
    pub fn use_tile_file(&mut self, path: &Path) -> Result<(), ExportError> {
        let ctx = self.ctx();
        self.harness.state_mut().use_tile_file(&ctx, path).map_err(|e| ExportError::Tiles(e.to_string()))
    }

    /// Draws frames until the picture is complete: every basemap tile of the view in, no move pending.
    ///
    /// # Errors
    /// [`ExportError::Incomplete`] when tiles never arrive.
    pub fn settle(&mut self) -> Result<(), ExportError> {
        let mut settled_frames = 0;
        for _ in 0..MAX_FRAMES {
            self.harness.step();
            if self.harness.state().is_settled() {
                settled_frames += 1;
                // One more frame after settling: cards are laid out from the previous frame's sizes.
                if settled_frames >= 2 {
                    return Ok(());
                }
            } else {
                settled_frames = 0;
                std::thread::sleep(FRAME_PAUSE);
            }
        }
        Err(ExportError::Incomplete)
    }

    /// Settles, then renders the picture.
    ///
    /// # Errors
    /// [`ExportError::Graphics`] when rendering fails, [`ExportError::Incomplete`] when tiles never arrive.
    pub fn render(&mut self) -> Result<RgbaImage, ExportError> {
        self.settle()?;
        self.harness.render().map_err(ExportError::Graphics)
    }
}

/// A wgpu renderer, preferring a software adapter (deterministic, and works with no display), with the
/// failure returned rather than raised.
fn wgpu_renderer() -> Result<egui_kittest::wgpu::WgpuTestRenderer, ExportError> {
    let setup = egui_kittest::wgpu::default_wgpu_setup();
    let instance = pollster::block_on(setup.new_instance());
    let config = eframe::egui_wgpu::WgpuConfiguration { wgpu_setup: setup, ..Default::default() };
    let state = pollster::block_on(eframe::egui_wgpu::RenderState::create(
        &config,
        &instance,
        None,
        eframe::egui_wgpu::RendererOptions::PREDICTABLE,
    ))
    .map_err(|e| ExportError::Graphics(format!("no graphics adapter for offscreen rendering: {e}")))?;
    Ok(egui_kittest::wgpu::WgpuTestRenderer::from_render_state(state))
}
