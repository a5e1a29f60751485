//! The app's small windows and what each holds: open a file (dataset, tile file or briefing), save
//! (briefing, screenshot or dataset), online tiles, the problems panel, the article drafts and the toast.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use egui::{ColorImage, Key, RichText};

use super::AtlasApp;
use crate::basemap::OnlineSource;
use crate::state::Command;
use crate::ui::article_window::{ArticleDecision, ArticleWindow};
use crate::ui::export::dialog::{ExportDialog, default_file_name};
use crate::ui::import_dialog::ImportDialog;
use crate::ui::theme;

/// How long a toast stays, in seconds.
const TOAST_SECONDS: f64 = 6.0;

/// The windows that are open, each with what it holds.
#[derive(Default)]
#[expect(clippy::struct_excessive_bools, reason = "each is a question of its own, open or not")]
pub(super) struct Dialogs {
    /// The path window.
    pub open: Option<OpenRequest>,
    /// The save window.
    pub save: Option<SaveRequest>,
    /// The online-tiles form.
    pub online: Option<OnlineForm>,
    /// The export dialog (picture or animation).
    pub export: Option<ExportDialog>,
    /// The import dialog.
    pub import: Option<ImportDialog>,
    /// The article drafts window.
    pub article: Option<ArticleWindow>,
    /// A message at the bottom of the window.
    pub toast: Option<Toast>,
    /// A screenshot delivered by the integration, waiting for the save window.
    pub captured: Arc<Mutex<Option<Arc<ColorImage>>>>,
    /// The system file chooser while it is open, and the form it answers.
    pub chooser: Option<(ChooserFor, crate::ui::file_chooser::ChooserJob)>,
    /// The window was asked to close with unsaved changes: the question is shown.
    pub asking_to_close: bool,
    /// Close the window once the dataset is saved (Save was the answer to that question).
    pub close_when_saved: bool,
    /// The user chose to close without saving: the next close request is let through.
    pub may_close: bool,
    /// Save found the file changed by another program since it was read: the question is shown.
    pub asking_to_overwrite: bool,
    /// Files to open in place of a dataset with unsaved changes: the question is shown (while
    /// `asking`), or they wait for the save that was the answer.
    pub load_waiting: Option<LoadWaiting>,
}

/// Other data asked for while the dataset on screen has unsaved changes.
#[derive(Debug, Clone)]
pub(super) struct LoadWaiting {
    /// What is to take the dataset's place.
    pub what: OtherData,
    /// The question is still shown (else Save was the answer and they open once it is saved).
    pub asking: bool,
}

/// Data to take the place of the dataset on screen.
#[derive(Debug, Clone)]
pub(super) enum OtherData {
    /// Files to open (File ▸ Open, Reload, the bundled dataset, a drop).
    Open(Vec<std::path::PathBuf>),
    /// A file to import with these options (File ▸ Import, in place of the data on screen).
    Import(std::path::PathBuf, crate::io::import::ImportOptions),
}

impl Dialogs {
    /// Closes one open dialog, the one most likely in front (a save or a path window before the larger
    /// forms); returns whether one was open.
    pub fn close_innermost(&mut self) -> bool {
        if self.save.take().is_some() || self.open.take().is_some() || self.online.take().is_some() {
            return true;
        }
        self.export.take().is_some() || self.import.take().is_some() || self.article.take().is_some()
    }
}

/// Which form a chooser answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ChooserFor {
    /// The path window.
    Open,
    /// The save window.
    Save,
    /// The import dialog.
    Import,
    /// The export dialog.
    Export,
}

/// What the path window is asking for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OpenPurpose {
    /// GeoJSON files to open as the dataset.
    Dataset,
    /// An MBTiles file to show as the basemap.
    TileFile,
    /// A briefing (and its dataset).
    Briefing,
    /// The dataset of a briefing waiting for it, which names one outside its own folder.
    BriefingDataset,
}

/// The path window: what it opens and the path typed so far.
pub(super) struct OpenRequest {
    /// What the path is for.
    pub purpose: OpenPurpose,
    /// The path as typed (several separated by `;`).
    pub path: String,
    /// Why the system file chooser did not help, shown under the path.
    pub note: Option<String>,
    /// The system file chooser gave the path: open it.
    pub submit: bool,
}

impl OpenRequest {
    /// An empty path window for `purpose`.
    pub fn new(purpose: OpenPurpose) -> Self {
        Self { purpose, path: String::new(), note: None, submit: false }
    }
}

/// What the save window is saving.
pub(super) enum SaveTarget {
    /// The briefing.
    Briefing,
    /// A screenshot of the window.
    Screenshot(Arc<ColorImage>),
    /// The data on screen, as GeoJSON, CSV or KML.
    Dataset,
}

impl SaveTarget {
    /// What is saved, for the window's title and the toast.
    pub(super) fn noun(&self) -> &'static str {
        match self {
            SaveTarget::Briefing => "Briefing",
            SaveTarget::Screenshot(_) => "Screenshot",
            SaveTarget::Dataset => "Dataset",
        }
    }
}

/// The save window: what it saves, the path typed so far and why the last try failed.
pub(super) struct SaveRequest {
    /// What is saved.
    pub target: SaveTarget,
    /// The path as typed.
    pub path: String,
    /// Why saving failed, shown under the path.
    pub error: Option<String>,
    /// Asks before replacing a file.
    pub overwrite: crate::ui::overwrite::OverwriteCheck,
    /// Why the system file chooser did not help, shown under the path.
    pub note: Option<String>,
    /// The system file chooser gave the path: save there.
    pub submit: bool,
}

impl SaveRequest {
    /// A save window for `target`, proposing `path`.
    pub fn new(target: SaveTarget, path: &Path) -> Self {
        Self {
            target,
            path: path.display().to_string(),
            error: None,
            overwrite: crate::ui::overwrite::OverwriteCheck::default(),
            note: None,
            submit: false,
        }
    }
}

/// The online-tiles form: URL template, attribution and why the last try was refused.
pub(super) struct OnlineForm {
    template: String,
    attribution: String,
    error: Option<String>,
}

impl Default for OnlineForm {
    fn default() -> Self {
        Self { template: "https://".to_owned(), attribution: String::new(), error: None }
    }
}

/// A message at the bottom of the window, and until when (egui time) it stays.
pub(super) struct Toast {
    text: String,
    until: f64,
}

impl AtlasApp {
    /// Every window that is open, in the order they stack.
    pub(super) fn windows_ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        self.close_question_window(ctx, commands);
        self.load_question_window(ctx, commands);
        self.overwrite_question_window(ctx, commands);
        self.recovery_window(ctx, commands);
        self.problems_window(ctx, commands);
        self.scenes_question_window(ctx, commands);
        self.open_window(ctx);
        self.online_window(ctx);
        self.save_window(ctx);
        self.export_window(ctx);
        self.import_window(ctx);
        self.article_window(ctx);
        self.toast_ui(ctx);
    }

    /// The message shown at the bottom of the window, if any.
    #[must_use]
    pub fn toast(&self) -> Option<&str> {
        self.dialogs.toast.as_ref().map(|t| t.text.as_str())
    }

    pub(super) fn show_toast(&mut self, ctx: &egui::Context, text: impl Into<String>) {
        let now = ctx.input(|i| i.time);
        self.dialogs.toast = Some(Toast { text: text.into(), until: now + TOAST_SECONDS });
    }

    /// Asks the integration for a picture of the window as it is; the save window opens when it arrives.
    pub fn request_screenshot(&self, ctx: &egui::Context) {
        let slot = Arc::clone(&self.dialogs.captured);
        let waker = ctx.clone();
        ctx.request_screenshot(move |image| {
            if let Ok(mut slot) = slot.lock() {
                *slot = Some(image);
            }
            waker.request_repaint();
        });
    }

    /// Opens the save window for a screenshot that has arrived.
    pub(super) fn take_screenshot(&mut self, ctx: &egui::Context) {
        let image = self.dialogs.captured.lock().ok().and_then(|mut slot| slot.take());
        if let Some(image) = image {
            let path = self.export_folder().join(default_file_name(&self.state, "png"));
            self.dialogs.save = Some(SaveRequest::new(SaveTarget::Screenshot(image), &path));
            self.open_chooser(ctx, ChooserFor::Save);
            ctx.request_repaint();
        }
    }

    /// Where pictures go: the folder used last, else `~/Pictures`, the home folder or the current one.
    pub(super) fn export_folder(&self) -> PathBuf {
        self.settings.export_dir.clone().unwrap_or_else(default_export_dir)
    }

    /// Opens the save window for the briefing, proposing where it was read from or a name beside the
    /// dataset.
    /// Files that came with the app (its `data/` folder) are never proposed: the export folder is.
    pub(super) fn start_saving_briefing(&mut self) {
        let dataset = self.state.dataset.paths.first().cloned().unwrap_or_else(|| PathBuf::from("briefing"));
        let stem =
            dataset.file_stem().map_or_else(|| "briefing".into(), |s| s.to_string_lossy().into_owned());
        let beside_dataset = dataset.with_file_name(format!("{stem}.briefing.json"));
        let path = [self.briefing_path.clone(), Some(beside_dataset)]
            .into_iter()
            .flatten()
            .find(|p| !crate::io::bundled::is_in_app_data(p))
            .unwrap_or_else(|| self.export_folder().join(format!("{stem}.briefing.json")));
        self.dialogs.save = Some(SaveRequest::new(SaveTarget::Briefing, &path));
    }

    /// The save window for a briefing, a screenshot or the dataset: a path, then Save.
    fn save_window(&mut self, ctx: &egui::Context) {
        let Some(mut request) = self.dialogs.save.take() else { return };
        let mut keep_open = true;
        let mut chosen = false;
        let title = format!("Save {}", request.target.noun().to_lowercase());
        let offered = self.chooser_offered();
        let missing = self.chooser_use.missing_note();
        let mut browse = false;
        if std::mem::take(&mut request.submit) {
            chosen = true;
        }
        crate::ui::dialog(title, ctx).default_width(theme::SAVE_WINDOW_WIDTH).show(ctx, |ui| {
            if let SaveTarget::Screenshot(image) = &request.target {
                ui.label(format!("A {}x{} PNG of the window as it was.", image.size[0], image.size[1]));
            }
            crate::ui::file_chooser::chooser_line_ui(
                ui,
                offered,
                missing,
                request.note.as_deref(),
                &mut browse,
            );
            let label = ui.label("Save as");
            let edit = ui
                .add(egui::TextEdit::singleline(&mut request.path).desired_width(f32::INFINITY))
                .labelled_by(label.id);
            // Typing goes to the path, and Enter saves.
            edit.request_focus();
            if let Some(e) = &request.error {
                ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
            }
            let file = PathBuf::from(request.path.trim());
            if request.overwrite.question_ui(ui, &file) {
                chosen = true;
            }
            ui.horizontal(|ui| {
                let enter =
                    (edit.lost_focus() || edit.has_focus()) && ui.input(|i| i.key_pressed(Key::Enter));
                if (ui.button("Save").clicked() || enter) && request.overwrite.may_write(&file) {
                    chosen = true;
                }
                if ui.button("Cancel").clicked() {
                    keep_open = false;
                }
            });
        });
        if chosen {
            let file = PathBuf::from(request.path.trim());
            match self.save(&request.target, &file) {
                Ok(()) => {
                    let mut said = format!("{} saved to {}", request.target.noun(), file.display());
                    if let (SaveTarget::Dataset, Ok(format)) =
                        (&request.target, crate::io::Format::from_path(&file))
                    {
                        let incidents: Vec<_> = self.state.store().iter().cloned().collect();
                        for caveat in crate::io::formats::caveats(format, &incidents) {
                            said.push_str("; ");
                            said.push_str(&caveat);
                        }
                    }
                    let outside = matches!(request.target, SaveTarget::Briefing)
                        && self.state.dataset.paths.first().is_some_and(|dataset| {
                            !crate::state::briefing_file::dataset_is_beside(&file, dataset)
                        });
                    if outside {
                        said.push_str(
                            "; its dataset is in another folder, so whoever opens it will be asked for the \
                             dataset: save the briefing beside it to share both",
                        );
                    }
                    self.show_toast(ctx, said);
                    if matches!(request.target, SaveTarget::Dataset) {
                        self.commands.push(Command::Saved(file.clone()));
                    }
                    if let (SaveTarget::Screenshot(_), Some(dir)) = (&request.target, file.parent()) {
                        self.settings.export_dir = Some(dir.to_path_buf());
                    }
                    return;
                }
                Err(e) => request.error = Some(e),
            }
        }
        if keep_open {
            self.dialogs.save = Some(request);
            if browse {
                self.open_chooser(ctx, ChooserFor::Save);
            }
        }
    }

    /// Writes what the save window saves to `file`, atomically.
    pub(super) fn save(&mut self, target: &SaveTarget, file: &Path) -> Result<(), String> {
        match target {
            SaveTarget::Briefing => self.save_briefing(file),
            SaveTarget::Screenshot(image) => save_color_image(file, image),
            SaveTarget::Dataset => {
                let incidents: Vec<_> = self.state.store().iter().cloned().collect();
                crate::io::write_path(file, &incidents).map_err(|e| e.to_string())
            }
        }
    }

    fn save_briefing(&mut self, path: &Path) -> Result<(), String> {
        let Some(dataset) = self.state.dataset.paths.first() else {
            return Err("The data on screen has no file; save it first (incident-atlas export).".into());
        };
        crate::state::briefing_file::write(path, &self.state.briefing, dataset, self.state.store())
            .map_err(|e| e.to_string())?;
        self.briefing_path = Some(path.to_owned());
        Ok(())
    }

    /// The article drafts window; accepted drafts join the dataset with ids made unique.
    fn article_window(&mut self, ctx: &egui::Context) {
        let Some(window) = self.dialogs.article.as_mut() else { return };
        match window.window_ui(ctx) {
            ArticleDecision::Open => {}
            ArticleDecision::Closed => self.dialogs.article = None,
            ArticleDecision::Add(drafts) => {
                let added = drafts.len();
                let store = self.state.store();
                let mut taken: std::collections::HashSet<String> =
                    store.iter().map(|i| i.id.clone()).collect();
                let mut incidents = Vec::with_capacity(added);
                for mut draft in drafts {
                    let base = draft.id.clone();
                    let mut k = 1;
                    while taken.contains(&draft.id) {
                        k += 1;
                        draft.id = format!("{base}-{k}");
                    }
                    taken.insert(draft.id.clone());
                    incidents.push(draft);
                }
                self.commands.push(Command::Edit(crate::state::Edit::Add(incidents)));
                self.dialogs.article = None;
                self.show_toast(
                    ctx,
                    format!("Added {added} incidents from the article (Ctrl+Z takes them out); File ▸ Save keeps them."),
                );
            }
        }
    }

    fn toast_ui(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        let Some(toast) = &self.dialogs.toast else { return };
        if now > toast.until {
            self.dialogs.toast = None;
            return;
        }
        ctx.request_repaint_after(std::time::Duration::from_secs_f64((toast.until - now).max(0.05)));
        egui::Area::new(egui::Id::unique("toast"))
            .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -theme::TOAST_OFFSET))
            .interactable(false)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| ui.label(&toast.text));
            });
    }

    /// A window placed at the map's top right and kept inside the map, so that it never covers the menu
    /// bar, the filters or the timeline.
    fn over_the_map<'a>(&self, window: egui::Window<'a>, ctx: &egui::Context) -> egui::Window<'a> {
        let area = self.map_rect.unwrap_or_else(|| ctx.content_rect());
        let margin = theme::OVERLAY_PADDING;
        let width = theme::PROBLEMS_WINDOW_WIDTH.min(area.width() - 4.0 * margin).max(120.0);
        window
            .pivot(egui::Align2::RIGHT_TOP)
            .default_pos(area.right_top() + egui::vec2(-margin, margin))
            .constrain_to(area)
            .default_width(width)
            .max_width(width)
    }

    /// After other data was opened while the briefing has scenes: keep them or clear them. Scenes whose
    /// incident is not in the new data are counted (and marked in the Briefing tab).
    fn scenes_question_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        if !self.state.asking_about_scenes || self.presenting {
            return;
        }
        let scenes = self.state.briefing.scenes.len();
        let missing = self.state.scenes_missing_their_incident().len();
        crate::ui::dialog("Keep the briefing's scenes?", ctx).default_width(theme::DIALOG_WIDTH).show(
            ctx,
            |ui| {
                ui.label(format!(
                    "Other data is open. The briefing has {scenes} scene(s), made with the data before."
                ));
                if missing > 0 {
                    ui.label(format!(
                        "{missing} of them select an incident that is not in this data; they are marked ⚠."
                    ));
                }
                ui.horizontal(|ui| {
                    if ui.button("Keep scenes").clicked() {
                        commands.push(Command::KeepScenes(true));
                    }
                    if ui.button("Clear scenes").clicked() {
                        commands.push(Command::KeepScenes(false));
                    }
                });
            },
        );
    }

    /// The problems of the last load or import, with a way to load the readable incidents anyway.
    fn problems_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        if self.state.load_problems.is_empty() && self.state.load_summary.is_none() {
            return;
        }
        let mut open = true;
        self.over_the_map(egui::Window::new("Problems in the file"), ctx)
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                let kept = if self.readable_after_errors.is_some() || self.state.store().is_empty() {
                    "The data on screen was kept."
                } else {
                    "The file loaded; these are warnings."
                };
                let count = self.state.load_problems.len();
                match &self.state.load_summary {
                    // An import says what it did; its problems are the records it skipped or doubted.
                    Some(summary) => {
                        ui.label(summary);
                        if count > 0 {
                            ui.label(format!("{count} problem(s):"));
                        }
                    }
                    None => {
                        ui.label(format!("{count} problem(s). {kept}"));
                    }
                }
                egui::ScrollArea::vertical().max_height(theme::PROBLEMS_LIST_HEIGHT).show(ui, |ui| {
                    for line in &self.state.load_problems {
                        ui.label(RichText::new(line).monospace());
                    }
                });
                ui.horizontal(|ui| {
                    if let Some(readable) = &self.readable_after_errors {
                        let n = readable.store.len();
                        if ui.button(format!("Load the {n} readable incidents anyway")).clicked() {
                            commands.push(Command::ReplaceDataset(Box::new(readable.clone())));
                            commands.push(Command::DismissLoadProblems);
                            self.readable_after_errors = None;
                        }
                    }
                    if ui.button("Dismiss").clicked() {
                        commands.push(Command::DismissLoadProblems);
                        self.readable_after_errors = None;
                    }
                });
            });
        if !open {
            commands.push(Command::DismissLoadProblems);
        }
    }

    /// The online-tiles form: a URL template and the attribution its provider requires.
    fn online_window(&mut self, ctx: &egui::Context) {
        let Some(mut form) = self.dialogs.online.take() else { return };
        let mut keep_open = true;
        let mut chosen = None;
        let width = theme::FORM_FIELD_WIDTH;
        crate::ui::dialog("Online tiles", ctx).default_width(theme::DIALOG_WIDTH).show(ctx, |ui| {
            ui.label("An XYZ tile URL with {z}, {x} and {y}, and the attribution its provider requires.");
            ui.label(RichText::new("The tile server will see which areas you look at.").weak());
            egui::Grid::new("online-form").num_columns(2).show(ui, |ui| {
                let url = ui.label("URL");
                ui.add(egui::TextEdit::singleline(&mut form.template).desired_width(width))
                    .labelled_by(url.id);
                ui.end_row();
                let credit = ui.label("Attribution");
                ui.add(egui::TextEdit::singleline(&mut form.attribution).desired_width(width))
                    .labelled_by(credit.id);
                ui.end_row();
            });
            if let Some(e) = &form.error {
                ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
            }
            ui.horizontal(|ui| {
                if ui.button("Turn on").clicked() {
                    match OnlineSource::custom(&form.template, &form.attribution) {
                        Ok(source) => chosen = Some(source),
                        Err(e) => form.error = Some(e.to_string()),
                    }
                }
                if ui.button("Cancel").clicked() {
                    keep_open = false;
                }
            });
        });
        if let Some(source) = chosen {
            self.use_online_tiles(ctx, Some(source));
        } else if keep_open {
            self.dialogs.online = Some(form);
        }
    }

    /// The path window: a path typed or picked from the files beside the dataset, then Open.
    fn open_window(&mut self, ctx: &egui::Context) {
        let Some(mut request) = self.dialogs.open.take() else { return };
        let mut keep_open = true;
        let mut chosen = None;
        let (title, hint, extensions) = open_texts(request.purpose);
        let dir = self
            .state
            .dataset
            .paths
            .first()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| PathBuf::from("."));
        let offered = self.chooser_offered();
        let missing = self.chooser_use.missing_note();
        let mut browse = false;
        if std::mem::take(&mut request.submit) && !request.path.trim().is_empty() {
            chosen = Some(request.path.split(';').map(|p| PathBuf::from(p.trim())).collect::<Vec<_>>());
        }
        crate::ui::dialog(title, ctx).default_width(theme::DIALOG_WIDTH).show(ctx, |ui| {
            ui.label(hint);
            crate::ui::file_chooser::chooser_line_ui(
                ui,
                offered,
                missing,
                request.note.as_deref(),
                &mut browse,
            );
            let label = ui.label("Path");
            let edit = ui
                .add(egui::TextEdit::singleline(&mut request.path).desired_width(f32::INFINITY))
                .labelled_by(label.id);
            edit.request_focus();
            let files = files_in(&dir, extensions);
            if !files.is_empty() {
                ui.label(RichText::new(format!("In {}:", dir.display())).weak());
                for f in files {
                    if ui.link(crate::io::file_name(&f)).clicked() {
                        request.path = f.display().to_string();
                    }
                }
            }
            ui.horizontal(|ui| {
                let enter =
                    (edit.lost_focus() || edit.has_focus()) && ui.input(|i| i.key_pressed(Key::Enter));
                if (ui.button("Open").clicked() || enter) && !request.path.trim().is_empty() {
                    chosen =
                        Some(request.path.split(';').map(|p| PathBuf::from(p.trim())).collect::<Vec<_>>());
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                    keep_open = false;
                }
            });
        });
        if browse {
            self.dialogs.open = Some(request);
            self.open_chooser(ctx, ChooserFor::Open);
            return;
        }
        match (chosen, request.purpose) {
            (Some(paths), OpenPurpose::Dataset | OpenPurpose::BriefingDataset) => {
                self.start_loading(ctx, paths);
            }
            (Some(paths), OpenPurpose::TileFile) => self.use_tile_file(ctx, paths.into_iter().next()),
            (Some(paths), OpenPurpose::Briefing) => {
                if let Some(path) = paths.first() {
                    self.open_briefing(ctx, path);
                }
            }
            (None, _) if keep_open => self.dialogs.open = Some(request),
            (None, OpenPurpose::BriefingDataset) => {
                // Cancelled: the briefing that waited for its dataset is dropped.
                self.pending_briefing = None;
                self.briefing_path = None;
            }
            (None, _) => {}
        }
    }
}

/// The extensions of the datasets the app opens and imports.
pub(super) const DATASET_EXTENSIONS: &[&str] = &[
    "geojson",
    "json",
    "geojsons",
    "geojsonl",
    "jsonl",
    "ndjson",
    "csv",
    "tsv",
    "kml",
    "kmz",
    "gpkg",
    "fgb",
    "parquet",
    "geoparquet",
    "shp",
];

/// The path window's title, hint and the extensions it lists, for a purpose.
pub(super) fn open_texts(purpose: OpenPurpose) -> (&'static str, &'static str, &'static [&'static str]) {
    match purpose {
        OpenPurpose::Dataset => (
            "Open a dataset",
            "Path of a GeoJSON (or GeoJSON lines), CSV/TSV (ACLED, GTD or any table), KML, KMZ, GeoPackage, \
             FlatGeobuf, GeoParquet or Shapefile (.shp) file; several separated by ';'.",
            DATASET_EXTENSIONS,
        ),
        OpenPurpose::TileFile => (
            "Use a tile file as the basemap",
            "Path of an MBTiles or PMTiles file of raster tiles; the embedded basemap stays underneath.",
            &["mbtiles", "pmtiles"],
        ),
        OpenPurpose::Briefing => (
            "Open a briefing",
            "Path of a briefing (NAME.briefing.json); its dataset opens with it.",
            &["json"],
        ),
        OpenPurpose::BriefingDataset => (
            "Choose the briefing's dataset",
            "The briefing names a dataset outside its own folder, which is not opened on its word (see the \
             problems). Choose the dataset to show the briefing with.",
            DATASET_EXTENSIONS,
        ),
    }
}

/// The files in `dir` with one of `extensions`, sorted.
fn files_in(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().and_then(|x| x.to_str()).is_some_and(|x| extensions.contains(&x)))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// `~/Pictures` when it exists, else the home folder, else the current folder.
fn default_export_dir() -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    home.as_ref()
        .map(|h| h.join("Pictures"))
        .filter(|p| p.is_dir())
        .or(home)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Writes a window screenshot as a PNG, atomically.
fn save_color_image(path: &Path, image: &ColorImage) -> Result<(), String> {
    let [w, h] = image.size;
    let bytes: Vec<u8> = image.pixels.iter().flat_map(egui::Color32::to_srgba_unmultiplied).collect();
    let (Ok(w), Ok(h)) = (u32::try_from(w), u32::try_from(h)) else {
        return Err("the screenshot is too large".into());
    };
    let rgba = image::RgbaImage::from_raw(w, h, bytes).ok_or("the screenshot is malformed")?;
    crate::export::save_png(path, &rgba).map_err(|e| e.to_string())
}
