//! The export dialogs (a picture at a chosen size, an animation of a playback) and the background job
//! that renders them offscreen while the window stays responsive.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use egui::{RichText, Ui};

use super::{AnimationOutput, AnimationSpec, PictureRenderer, Progress, Step, render_animation};
use crate::export::{ExportError, save_png};
use crate::model::EdtfDate;
use crate::state::{AppState, PlaybackMode};
use crate::store::TimeWindow;
use crate::ui::background::Background;
use crate::ui::presentation::{PictureContent, PictureView};
use crate::ui::words::day_text;

/// Picture sizes offered.
const SIZES: [(u32, u32, &str); 2] = [(1920, 1080, "1920x1080 (Full HD)"), (3840, 2160, "3840x2160 (4K)")];

/// Which export the dialog sets up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// One picture.
    Picture,
    /// An animated GIF or numbered PNG frames.
    Animation,
}

/// The export dialog's fields.
#[derive(Debug, Clone)]
pub struct ExportDialog {
    kind: ExportKind,
    size: Option<usize>,
    custom: (u32, u32),
    content: PictureContent,
    path: String,
    from: String,
    to: String,
    step: String,
    fps: f32,
    accumulate: bool,
    frames_folder: bool,
    error: Option<String>,
    /// Asks before replacing a picture or a GIF.
    overwrite: crate::ui::overwrite::OverwriteCheck,
    /// Why the system file chooser did not help.
    note: Option<String>,
}

/// A ready export: what to render, how large, and where to.
#[derive(Debug, Clone)]
pub struct ExportPlan {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// What to show over the map.
    pub content: PictureContent,
    /// A picture or an animation.
    pub target: ExportTarget,
}

/// Where an export goes.
#[derive(Debug, Clone)]
pub enum ExportTarget {
    /// One PNG.
    Picture(PathBuf),
    /// An animation.
    Animation(AnimationSpec, AnimationOutput),
}

/// What the dialog decided this frame.
#[derive(Debug, Clone)]
pub enum DialogOutcome {
    /// Still open.
    Open,
    /// Closed without exporting.
    Cancelled,
    /// Start this export.
    Start(ExportPlan),
    /// Open the system file chooser for the path.
    Browse,
}

impl ExportDialog {
    /// A dialog for `kind`, saving into `folder`, named after what is on screen.
    #[must_use]
    pub fn new(kind: ExportKind, state: &AppState, folder: &Path) -> Self {
        let span = state.data_span();
        let year = |t| day_text(t).get(..4).unwrap_or("2000").to_owned();
        let extension = match kind {
            ExportKind::Picture => "png",
            ExportKind::Animation => "gif",
        };
        Self {
            kind,
            size: Some(0),
            custom: (1280, 720),
            content: PictureContent::default(),
            path: folder.join(default_file_name(state, extension)).display().to_string(),
            from: year(span.start),
            to: year(span.end - 1),
            step: "1y".into(),
            fps: 2.0,
            accumulate: false,
            frames_folder: false,
            error: None,
            overwrite: crate::ui::overwrite::OverwriteCheck::default(),
            note: None,
        }
    }

    /// Where the export goes, as typed.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Puts a path in the field (from the system file chooser, which has asked about replacing a file).
    pub fn set_path(&mut self, path: String) {
        self.overwrite.agree(std::path::Path::new(&path));
        self.path = path;
    }

    /// Says why the system file chooser did not help (or nothing).
    pub fn set_note(&mut self, note: Option<String>) {
        self.note = note;
    }

    /// Draws the dialog; `chooser` says whether the system file chooser is offered, or why not.
    pub fn dialog_ui(&mut self, ctx: &egui::Context, chooser: (bool, Option<&str>)) -> DialogOutcome {
        let mut outcome = DialogOutcome::Open;
        let title = match self.kind {
            ExportKind::Picture => "Export picture",
            ExportKind::Animation => "Export animation",
        };
        crate::ui::dialog(title, ctx).resizable(false).default_width(520.0).show(ctx, |ui| {
            egui::Grid::new("export-form").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
                ui.label("Size");
                ui.vertical(|ui| self.size_ui(ui));
                ui.end_row();
                ui.label("Show");
                ui.horizontal_wrapped(|ui| {
                    let c = &mut self.content;
                    ui.checkbox(&mut c.title, "Title");
                    ui.checkbox(&mut c.caption, "Caption");
                    ui.checkbox(&mut c.legend, "Legend");
                    ui.checkbox(&mut c.date, "Date");
                    ui.checkbox(&mut c.scale_bar, "Scale bar");
                    ui.checkbox(&mut c.attribution, "Attribution");
                });
                ui.end_row();
                if self.kind == ExportKind::Animation {
                    self.animation_ui(ui);
                }
                let label = ui.label(if self.frames_folder { "Folder" } else { "Save as" });
                ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(380.0)).labelled_by(label.id);
                ui.end_row();
                ui.label("");
                let mut browse = false;
                let offered = chooser.0 && !self.frames_folder;
                ui.vertical(|ui| {
                    crate::ui::file_chooser::chooser_line_ui(
                        ui,
                        offered,
                        chooser.1,
                        self.note.as_deref(),
                        &mut browse,
                    );
                });
                if browse {
                    outcome = DialogOutcome::Browse;
                }
                ui.end_row();
            });
            if !self.content.attribution {
                ui.label(
                    RichText::new("Map data licences ask for the attribution wherever the map is shown.")
                        .color(ui.visuals().warn_fg_color),
                );
            }
            if let Some(e) = &self.error {
                ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
            }
            // A folder of frames is filled frame by frame; a picture or a GIF replaces one file.
            let file = PathBuf::from(self.path.trim());
            let replace_agreed = !self.frames_folder && self.overwrite.question_ui(ui, &file);
            ui.horizontal(|ui| {
                if ui.button("Export").clicked() || replace_agreed {
                    match self.plan() {
                        Ok(plan) if self.frames_folder || self.overwrite.may_write(&file) => {
                            outcome = DialogOutcome::Start(plan);
                        }
                        Ok(_) => {}
                        Err(e) => self.error = Some(e),
                    }
                }
                if ui.button("Cancel").clicked() {
                    outcome = DialogOutcome::Cancelled;
                }
            });
        });
        outcome
    }

    fn size_ui(&mut self, ui: &mut Ui) {
        for (k, (_, _, label)) in SIZES.iter().enumerate() {
            ui.radio_value(&mut self.size, Some(k), *label);
        }
        ui.horizontal(|ui| {
            ui.radio_value(&mut self.size, None, "Custom");
            ui.add_enabled(
                self.size.is_none(),
                egui::DragValue::new(&mut self.custom.0).range(16..=8192).suffix(" px"),
            );
            ui.label("×");
            ui.add_enabled(
                self.size.is_none(),
                egui::DragValue::new(&mut self.custom.1).range(16..=8192).suffix(" px"),
            );
        });
    }

    fn animation_ui(&mut self, ui: &mut Ui) {
        ui.label("From, to");
        ui.horizontal(|ui| {
            let from = ui.label("from");
            ui.add(egui::TextEdit::singleline(&mut self.from).desired_width(110.0)).labelled_by(from.id);
            let to = ui.label("to");
            ui.add(egui::TextEdit::singleline(&mut self.to).desired_width(110.0)).labelled_by(to.id);
        });
        ui.end_row();
        ui.label("Step");
        ui.horizontal(|ui| {
            let step = ui.label("each frame moves");
            ui.add(egui::TextEdit::singleline(&mut self.step).desired_width(60.0)).labelled_by(step.id);
            ui.label(RichText::new("7d, 2w, 3m, 1y").weak());
            ui.add(egui::DragValue::new(&mut self.fps).range(0.1..=50.0).speed(0.1).suffix(" frames/s"));
        });
        ui.end_row();
        ui.label("Window");
        ui.horizontal(|ui| {
            ui.radio_value(&mut self.accumulate, false, "Moving window");
            ui.radio_value(&mut self.accumulate, true, "Accumulate");
        });
        ui.end_row();
        ui.label("Format");
        ui.horizontal(|ui| {
            let was = self.frames_folder;
            ui.radio_value(&mut self.frames_folder, false, "Animated GIF");
            ui.radio_value(&mut self.frames_folder, true, "Folder of PNG frames");
            if was != self.frames_folder {
                self.path = if self.frames_folder {
                    self.path.trim_end_matches(".gif").to_owned()
                } else {
                    format!("{}.gif", self.path.trim_end_matches('/'))
                };
            }
        });
        ui.end_row();
    }

    fn plan(&self) -> Result<ExportPlan, String> {
        let (width, height) = match self.size {
            Some(k) => SIZES.get(k).map_or((1920, 1080), |(w, h, _)| (*w, *h)),
            None => self.custom,
        };
        let path = PathBuf::from(self.path.trim());
        if path.as_os_str().is_empty() {
            return Err("Choose where to save.".into());
        }
        let target = match self.kind {
            ExportKind::Picture => ExportTarget::Picture(path),
            ExportKind::Animation => {
                let start = parse_date(&self.from, "From")?.interval().start;
                let end = parse_date(&self.to, "To")?.interval().end;
                let spec = AnimationSpec {
                    span: TimeWindow { start, end },
                    step: Step::parse(&self.step)?,
                    fps: self.fps,
                    mode: if self.accumulate { PlaybackMode::Accumulate } else { PlaybackMode::MovingWindow },
                };
                let frames = spec.windows().map_err(|e| e.to_string())?.len();
                if frames == 0 {
                    return Err("These dates make no frames.".into());
                }
                let output = if self.frames_folder {
                    AnimationOutput::Frames(path)
                } else {
                    AnimationOutput::Gif(path)
                };
                ExportTarget::Animation(spec, output)
            }
        };
        Ok(ExportPlan { width, height, content: self.content, target })
    }
}

fn parse_date(text: &str, what: &str) -> Result<EdtfDate, String> {
    crate::ui::words::parse_date_for_jump(text)
        .filter(|d| d.interval().start != crate::model::UNBOUNDED_PAST)
        .ok_or_else(|| format!("{what}: {text:?} is not a date (2015, 2024-03, March 2024)"))
}

/// A file name from the dataset, the scene and the window: `is-vs-russia-scene-3-sinai-2015-01-01_2015-12-31.png`.
#[must_use]
pub fn default_file_name(state: &AppState, extension: &str) -> String {
    let dataset = Path::new(&state.dataset.name)
        .file_stem()
        .map_or_else(|| "incidents".into(), |s| s.to_string_lossy().into_owned());
    let scene = state
        .scene
        .and_then(|k| state.briefing.scenes.get(k).map(|s| format!("-scene-{}-{}", k + 1, slug(&s.title))))
        .unwrap_or_default();
    let window = format!("{}_{}", day_text(state.window.start), day_text(state.window.end - 1));
    format!("{}{scene}-{window}.{extension}", slug(&dataset))
}

/// Lower-case ASCII letters and digits joined by single dashes, at most 40 characters.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    // Whole words only, up to 40 characters.
    let mut cut = out.trim_end_matches('-');
    while cut.len() > 40 {
        cut = cut.rsplit_once('-').map_or(&cut[..40], |(head, _)| head);
    }
    cut.to_owned()
}

/// An export running on a worker thread.
pub struct ExportJob {
    /// What is being made, for the progress line.
    pub label: String,
    /// Frames done and total; set `cancel` to stop.
    pub progress: Arc<Progress>,
    job: Background<Result<String, String>>,
}

impl ExportJob {
    /// Starts rendering `plan` of `state` seen at `view` (lat, lon, zoom) in the given theme.
    #[must_use]
    pub fn start(
        plan: ExportPlan,
        state: AppState,
        view: (f64, f64, f64),
        dark: bool,
        tile_file: Option<PathBuf>,
        wake: impl Fn() + Send + 'static,
    ) -> Self {
        let progress = Arc::new(Progress::default());
        let label = match &plan.target {
            ExportTarget::Picture(p) => format!("picture {}", crate::io::file_name(p)),
            ExportTarget::Animation(..) => "animation".to_owned(),
        };
        let shared = Arc::clone(&progress);
        let work = move || {
            run(&plan, state, view, dark, tile_file.as_deref(), &shared).map_err(|e| match e {
                ExportError::Cancelled => "Export cancelled; nothing was written.".to_owned(),
                other => format!("Export failed: {other}"),
            })
        };
        Self { label, progress, job: Background::start("export", work, wake) }
    }

    /// The outcome once done: a message for the user either way.
    #[must_use]
    pub fn poll(&self) -> Option<Result<String, String>> {
        self.job.poll(|| Err("The export stopped unexpectedly.".into()))
    }

    /// Frames done out of all (0 of 1 for a picture until it is written).
    #[must_use]
    pub fn fraction(&self) -> f32 {
        let total = self.progress.total.load(Ordering::Relaxed).max(1);

        self.progress.done.load(Ordering::Relaxed) as f32 / total as f32
    }
}

fn run(
    plan: &ExportPlan,
    state: AppState,
    view: (f64, f64, f64),
    dark: bool,
    tile_file: Option<&Path>,
    progress: &Progress,
) -> Result<String, ExportError> {
    let picture = PictureView::new(state, Some(view), plan.content);
    let mut renderer = PictureRenderer::new(picture, plan.width, plan.height, dark)?;
    if let Some(path) = tile_file {
        renderer.use_tile_file(path)?;
    }
    match &plan.target {
        ExportTarget::Picture(path) => {
            progress.total.store(1, Ordering::Relaxed);
            let image = renderer.render()?;
            save_png(path, &image)?;
            progress.done.store(1, Ordering::Relaxed);
            Ok(format!("Saved {}x{} picture to {}", plan.width, plan.height, path.display()))
        }
        ExportTarget::Animation(spec, output) => {
            let frames = render_animation(&mut renderer, spec, output, progress)?;
            let (AnimationOutput::Gif(path) | AnimationOutput::Frames(path)) = output;
            Ok(format!("Saved {frames} frames to {}", path.display()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_short_plain_words() {
        assert_eq!(
            slug("2015–2017: plots and a bombing inside Russia"),
            "2015-2017-plots-and-a-bombing-inside"
        );
        assert_eq!(slug("22 March 2024: Crocus City Hall"), "22-march-2024-crocus-city-hall");
        assert_eq!(slug("Ünïcode — only"), "n-code-only");
        assert_eq!(slug(&"x".repeat(60)).len(), 40);
    }
}
