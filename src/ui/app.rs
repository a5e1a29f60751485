//! The eframe app: lays out the views, routes keyboard shortcuts, loads files, applies commands.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use egui::{ColorImage, Key, KeyboardShortcut, Modifiers, RichText, Ui};
use serde::{Deserialize, Serialize};

use super::article_window::{ArticleDecision, ArticleWindow};
use super::details;
use super::export::dialog::{DialogOutcome, ExportDialog, ExportJob, ExportKind, default_file_name};
use super::filters::FiltersView;
use super::import_dialog::{ImportDecision, ImportDialog, ImportJob};
use super::list::ListView;
use super::loader::Loader;
use super::map::{MapChrome, MapView};
use super::presentation::{self, Live, PictureContent};
use super::scenes::{BriefingRequest, ScenesView};
use super::theme;
use super::timeline::TimelineView;
use crate::basemap::{OnlineSource, OnlineStatus, OnlineTiles, TileFile};
use crate::state::briefing_file::{self as briefing, BriefingFile};
use crate::state::{AppState, BasemapChoice, Command, Dataset, LoadOutcome, Scene};

/// Keyboard shortcuts named in tooltips and the Help menu.
pub const SHORTCUT_SEARCH: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
/// Open a file.
pub const SHORTCUT_OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
/// Save a screenshot of the window.
pub const SHORTCUT_SCREENSHOT: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
/// Start or stop presenting.
pub const SHORTCUT_PRESENT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F5);

/// How long a toast stays, in seconds.
const TOAST_SECONDS: f64 = 6.0;

const SETTINGS_KEY: &str = "incident-atlas-settings";

/// Files larger than this (in all) open behind the window, with a progress line, instead of before it.
const BACKGROUND_LOAD_BYTES: u64 = 4 * 1024 * 1024;

/// What the path window is asking for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OpenPurpose {
    /// GeoJSON files to open as the dataset.
    Dataset,
    /// An MBTiles file to show as the basemap.
    TileFile,
    /// A briefing (and its dataset).
    Briefing,
}

/// What the save window is saving.
enum SaveTarget {
    /// The briefing.
    Briefing,
    /// A screenshot of the window.
    Screenshot(Arc<ColorImage>),
    /// The data on screen, as GeoJSON, CSV or KML.
    Dataset,
}

/// Which tab the right-hand panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RightTab {
    Details,
    Briefing,
}

/// What persists between runs (eframe storage). Panel sizes persist through egui's own memory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Dark (true) or light theme.
    pub dark: bool,
    /// The files open last time.
    pub last_files: Vec<PathBuf>,
    /// Map centre `(lat, lon)` and zoom.
    pub map_view: Option<(f64, f64, f64)>,
    /// Time window `(start, end)` in UTC seconds.
    pub window: Option<(i64, i64)>,
    /// Where pictures were last saved.
    #[serde(default)]
    pub export_dir: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Self { dark: true, last_files: Vec::new(), map_view: None, window: None, export_dir: None }
    }
}

/// The desktop app.
pub struct AtlasApp {
    state: AppState,
    settings: Settings,
    map: MapView,
    timeline: TimelineView,
    list: ListView,
    filters: FiltersView,
    loader: Option<Loader>,
    readable_after_errors: Option<Dataset>,
    open_path: Option<(OpenPurpose, String)>,
    /// The online-tiles form: URL template, attribution, last error.
    online_form: Option<(String, String, Option<String>)>,
    commands: Vec<Command>,
    shown_title: String,
    scenes: ScenesView,
    right_tab: RightTab,
    presenting: bool,
    tile_file_path: Option<PathBuf>,
    /// A message at the bottom of the window, and until when (egui time) it stays.
    toast: Option<(String, f64)>,
    /// A screenshot delivered by the integration, waiting for the save window.
    captured: Arc<Mutex<Option<Arc<ColorImage>>>>,
    save: Option<(SaveTarget, String, Option<String>)>,
    briefing_path: Option<PathBuf>,
    pending_briefing: Option<BriefingFile>,
    export_dialog: Option<ExportDialog>,
    export_job: Option<ExportJob>,
    import_dialog: Option<ImportDialog>,
    import_job: Option<ImportJob>,
    article: Option<ArticleWindow>,
}

impl AtlasApp {
    /// An app over a state (used by tests and by [`AtlasApp::from_creation_context`]).
    #[must_use]
    pub fn new(state: AppState, settings: Settings) -> Self {
        let mut app = Self {
            map: MapView::new(settings.map_view),
            state,
            settings,
            timeline: TimelineView::default(),
            list: ListView::default(),
            filters: FiltersView::default(),
            loader: None,
            readable_after_errors: None,
            open_path: None,
            online_form: None,
            commands: Vec::new(),
            shown_title: String::new(),
            scenes: ScenesView::default(),
            right_tab: RightTab::Details,
            presenting: false,
            tile_file_path: None,
            toast: None,
            captured: Arc::new(Mutex::new(None)),
            save: None,
            briefing_path: None,
            pending_briefing: None,
            export_dialog: None,
            export_job: None,
            import_dialog: None,
            import_job: None,
            article: None,
        };
        if let Some((start, end)) = app.settings.window {
            app.state.apply(Command::SetWindow(crate::store::TimeWindow { start, end }));
        }
        if app.settings.map_view.is_some() {
            app.state.map_request = None;
        }
        app
    }

    /// An app loading `paths` (or the last files, or the bundled dataset) synchronously at start. A
    /// briefing among them (`NAME.briefing.json`) opens with its dataset, on its first scene.
    #[must_use]
    pub fn open(paths: Vec<PathBuf>, settings: Settings) -> Self {
        let (briefings, paths): (Vec<PathBuf>, Vec<PathBuf>) =
            paths.into_iter().partition(|p| is_briefing_path(p));
        let mut briefing_problems = Vec::new();
        let mut briefing_file = None;
        let mut paths = paths;
        if let Some(path) = briefings.first() {
            match briefing::read(path) {
                Ok(file) => {
                    if paths.is_empty() {
                        paths.push(file.dataset.clone());
                    }
                    briefing_file = Some((path.clone(), file));
                }
                Err(e) => briefing_problems.push(e.to_string()),
            }
        }
        let mut app = Self::open_datasets(paths, settings);
        if let Some((path, file)) = briefing_file {
            app.adopt_briefing(path, file);
        }
        if !briefing_problems.is_empty() {
            app.commands.push(Command::ReportLoadProblems(briefing_problems));
        }
        app
    }

    fn open_datasets(paths: Vec<PathBuf>, settings: Settings) -> Self {
        let remembered = paths.is_empty() && !settings.last_files.is_empty();
        let paths = if !paths.is_empty() {
            paths
        } else if remembered {
            settings.last_files.clone()
        } else {
            vec![PathBuf::from(crate::io::bundled::PATH)]
        };
        let outcome = crate::state::load(paths);
        let (dataset, problems, readable) = match outcome {
            LoadOutcome { dataset: Some(d), problems, .. } => (d, problems, None),
            LoadOutcome { readable, problems, .. } => {
                (Dataset::new(Vec::new(), "no data", Vec::new()), problems, readable)
            }
        };
        let mut settings = settings;
        if !dataset.paths.is_empty() {
            settings.last_files.clone_from(&dataset.paths);
        }
        let keep_view = dataset.paths == settings.last_files && remembered;
        if !keep_view {
            settings.map_view = None;
            settings.window = None;
        }
        let mut app = Self::new(AppState::new(dataset), settings);
        app.readable_after_errors = readable;
        if !problems.is_empty() {
            app.state.apply(Command::ReportLoadProblems(problems));
        }
        app
    }

    /// The app for eframe: restores settings and the theme, then opens the files.
    #[must_use]
    pub fn from_creation_context(
        cc: &eframe::CreationContext<'_>,
        paths: Vec<PathBuf>,
        tile_file: Option<PathBuf>,
    ) -> Self {
        let settings: Settings = cc
            .storage
            .and_then(|s| s.get_string(SETTINGS_KEY))
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        cc.egui_ctx.set_theme(if settings.dark { egui::Theme::Dark } else { egui::Theme::Light });
        // Big files load in the background behind the open window; small ones before the first frame.
        let bytes: u64 = paths.iter().filter_map(|p| std::fs::metadata(p).ok()).map(|m| m.len()).sum();
        let mut app = if bytes > BACKGROUND_LOAD_BYTES {
            let mut app =
                Self::new(AppState::new(Dataset::new(Vec::new(), "loading…", Vec::new())), settings);
            app.start_loading(&cc.egui_ctx, paths);
            app
        } else {
            Self::open(paths, settings)
        };
        if tile_file.is_some() {
            app.use_tile_file(&cc.egui_ctx, tile_file);
        }
        app
    }

    /// Takes a briefing read from `path` as the current one and goes to its first scene; what no longer
    /// matches the dataset on screen is reported.
    fn adopt_briefing(&mut self, path: PathBuf, file: BriefingFile) {
        // Problems already shown (from loading the dataset) stay, followed by the briefing's.
        let mut problems = self.state.load_problems.clone();
        problems.extend(file.problems_with(self.state.store()));
        if !same_file(&file.dataset, self.state.dataset.paths.first().map(PathBuf::as_path)) {
            problems.push(format!(
                "{}: made for {}, but {} is open",
                path.display(),
                file.dataset.display(),
                self.state.dataset.name
            ));
        }
        self.queue_briefing(file.briefing, problems);
        self.briefing_path = Some(path);
    }

    /// Opens a briefing: its dataset loads first (in the background) unless it is the one on screen.
    pub fn open_briefing(&mut self, ctx: &egui::Context, path: &Path) {
        match briefing::read(path) {
            Err(e) => self.commands.push(Command::ReportLoadProblems(vec![e.to_string()])),
            Ok(file) if same_file(&file.dataset, self.state.dataset.paths.first().map(PathBuf::as_path)) => {
                self.adopt_briefing(path.to_owned(), file);
            }
            Ok(file) if !file.dataset.exists() => {
                self.commands.push(Command::ReportLoadProblems(vec![format!(
                    "{}: its dataset {} does not exist; the briefing was not opened",
                    path.display(),
                    file.dataset.display()
                )]));
            }
            Ok(file) => {
                let dataset = file.dataset.clone();
                self.pending_briefing = Some(file);
                self.briefing_path = Some(path.to_owned());
                self.start_loading(ctx, vec![dataset]);
            }
        }
    }

    /// The scene the current view makes: map view, window, filters, selection and basemap.
    #[must_use]
    pub fn capture_scene(&self) -> Scene {
        let (lat, lon, zoom) = self.map.view();
        let state = &self.state;
        let number = state.briefing.scenes.len() + 1;
        Scene {
            title: format!(
                "Scene {number}: {}",
                super::words::window_words(state.window.start, state.window.end)
            ),
            caption: String::new(),
            lat,
            lon,
            zoom,
            start: state.window.start,
            end: state.window.end,
            filters: state.filters.clone(),
            selected: state.selection.map(|i| state.store().incident(i).id.clone()),
            basemap: self.basemap_choice(),
        }
    }

    fn basemap_choice(&self) -> BasemapChoice {
        if let Some(path) = &self.tile_file_path {
            BasemapChoice::TileFile { path: path.display().to_string() }
        } else if let Some(online) = self.map.online() {
            BasemapChoice::Online {
                url: online.source().template.clone(),
                attribution: online.source().attribution.clone(),
            }
        } else {
            BasemapChoice::Embedded
        }
    }

    /// Whether the app is presenting (full screen, no panels).
    #[must_use]
    pub fn is_presenting(&self) -> bool {
        self.presenting
    }

    /// Starts or stops presenting.
    pub fn set_presenting(&mut self, ctx: &egui::Context, on: bool) {
        if on == self.presenting {
            return;
        }
        self.presenting = on;
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(on));
        if on && self.state.scene.is_none() && !self.state.briefing.scenes.is_empty() {
            self.commands.push(Command::GoToScene(0));
        }
    }

    /// The message shown at the bottom of the window, if any.
    #[must_use]
    pub fn toast(&self) -> Option<&str> {
        self.toast.as_ref().map(|(text, _)| text.as_str())
    }

    /// Whether an export is running.
    #[must_use]
    pub fn is_exporting(&self) -> bool {
        self.export_job.is_some()
    }

    fn show_toast(&mut self, ctx: &egui::Context, text: impl Into<String>) {
        let now = ctx.input(|i| i.time);
        self.toast = Some((text.into(), now + TOAST_SECONDS));
    }

    /// Asks the integration for a picture of the window as it is; the save window opens when it arrives.
    pub fn request_screenshot(&self, ctx: &egui::Context) {
        let slot = Arc::clone(&self.captured);
        let waker = ctx.clone();
        ctx.request_screenshot(move |image| {
            if let Ok(mut slot) = slot.lock() {
                *slot = Some(image);
            }
            waker.request_repaint();
        });
    }

    fn export_folder(&self) -> PathBuf {
        self.settings.export_dir.clone().unwrap_or_else(default_export_dir)
    }

    /// The shared state (read-only: change it through commands).
    #[must_use]
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Whether a load is running.
    #[must_use]
    pub fn is_loading(&self) -> bool {
        self.loader.is_some()
    }

    /// Whether an import (File ▸ Import) is running.
    #[must_use]
    pub fn is_importing(&self) -> bool {
        self.import_job.is_some()
    }

    /// The map's `(lat, lon, zoom)`.
    #[must_use]
    pub fn map_view(&self) -> (f64, f64, f64) {
        self.map.view()
    }

    /// Turns online tiles on from a source (cached on disk), or off with `None`. Off by default.
    pub fn use_online_tiles(&mut self, ctx: &egui::Context, source: Option<OnlineSource>) {
        let online = source.map(|s| {
            let cache = tile_cache_dir(s.host());
            OnlineTiles::new(ctx, s, cache.as_deref())
        });
        if online.is_some() {
            self.tile_file_path = None;
        }
        self.map.set_online(online);
    }

    /// Whether online tiles are on, and how they are doing.
    #[must_use]
    pub fn online_status(&self) -> Option<OnlineStatus> {
        self.map.online().map(|o| o.status().clone())
    }

    /// Shows an MBTiles or PMTiles file above the embedded basemap, or removes it with `None`. A file that cannot
    /// be used is reported in the problems panel and the map stays as it was.
    pub fn use_tile_file(&mut self, ctx: &egui::Context, path: Option<PathBuf>) {
        match path.as_ref().map(|p| TileFile::open(p, ctx)) {
            None => {
                self.map.set_file_tiles(None);
                self.tile_file_path = None;
            }
            Some(Ok(tiles)) => {
                self.map.set_file_tiles(Some(tiles));
                self.tile_file_path = path;
            }
            Some(Err(e)) => self.commands.push(Command::ReportLoadProblems(vec![e.to_string()])),
        }
    }

    /// The attribution of the tile file on the map, if one is shown.
    #[must_use]
    pub fn tile_file_attribution(&self) -> Option<&'static str> {
        self.map.file_tiles_attribution()
    }

    /// Basemap tiles still being rendered; pictures wait for 0.
    #[must_use]
    pub fn tiles_in_progress(&self) -> usize {
        self.map.tiles_in_progress()
    }

    /// Moves the map to `(lat, lon)` at a web-map zoom (benchmarks, scenes).
    pub fn set_map_view(&mut self, lat: f64, lon: f64, zoom: f64) {
        self.state.apply(Command::CancelMapRequest);
        self.map.set_view(lat, lon, zoom);
    }

    /// Queues a command, as a view would.
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// One frame of the whole window.
    pub fn app_ui(&mut self, ui: &mut Ui) {
        // Names come from outside (incident titles, places, cities) in any script: a character no font
        // has is drawn as a box, never a panic.
        ui.ctx().set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
        self.poll_loader(ui.ctx());
        self.shortcuts(ui);
        self.dropped_files(ui);
        self.poll_export(ui.ctx());
        self.poll_import(ui.ctx());
        self.take_screenshot(ui.ctx());
        let palette = theme::Palette::for_mode(ui.visuals().dark_mode);
        let mut commands = std::mem::take(&mut self.commands);

        if self.presenting {
            let live = Live { hints: true };
            presentation::presentation_ui(
                ui,
                &mut self.map,
                &self.state,
                PictureContent::default(),
                live,
                &mut commands,
            );
        } else {
            self.panels_ui(ui, &palette, &mut commands);
        }
        self.problems_window(ui.ctx(), &mut commands);
        self.open_window(ui.ctx());
        self.online_window(ui.ctx());
        self.save_window(ui.ctx());
        self.export_window(ui.ctx());
        self.import_window(ui.ctx());
        self.article_window(ui.ctx());
        self.toast_ui(ui.ctx());

        if self.state.playback.playing {
            commands.push(Command::Tick(f64::from(ui.input(|i| i.stable_dt).min(0.1))));
            ui.ctx().request_repaint();
        }
        if !commands.is_empty() {
            // The views drew the state before these commands: draw again with their effect.
            ui.ctx().request_repaint();
        }
        for command in commands {
            self.state.apply(command);
        }
        if let Some(choice) = self.state.take_basemap_request() {
            self.use_basemap(ui.ctx(), choice);
        }
        self.update_title(ui.ctx());
        self.remember();
    }

    fn panels_ui(&mut self, ui: &mut Ui, palette: &theme::Palette, commands: &mut Vec<Command>) {
        egui::Panel::top("menu").show(ui, |ui| self.menu_bar_ui(ui, commands));
        egui::Panel::bottom("timeline")
            .resizable(true)
            .default_size(theme::timeline_height(ui.ctx().content_rect().height()))
            .min_size(140.0)
            .show(ui, |ui| self.timeline.timeline_ui(ui, &self.state, palette, commands));
        egui::Panel::left("filters")
            .resizable(true)
            .default_size(theme::SIDE_PANEL_WIDTH)
            .size_range(260.0..=theme::SIDE_PANEL_MAX_WIDTH)
            .show(ui, |ui| {
                self.filters.filters_ui(ui, &self.state, commands);
                ui.separator();
                self.list.list_ui(ui, &self.state, commands);
            });
        let mut request = None;
        egui::Panel::right("details")
            .resizable(true)
            .default_size(theme::DETAILS_PANEL_WIDTH)
            .size_range(240.0..=theme::SIDE_PANEL_MAX_WIDTH)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut self.right_tab, RightTab::Details, "Details");
                    let scenes = self.state.briefing.scenes.len();
                    let label =
                        if scenes == 0 { "Briefing".to_owned() } else { format!("Briefing ({scenes})") };
                    ui.selectable_value(&mut self.right_tab, RightTab::Briefing, label);
                });
                ui.separator();
                match self.right_tab {
                    RightTab::Details => details::details_ui(ui, &self.state, palette, commands),
                    RightTab::Briefing => request = self.scenes.scenes_ui(ui, &self.state, palette, commands),
                }
            });
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| self.map.map_ui(ui, &self.state, palette, MapChrome::Explore, commands));
        match request {
            Some(BriefingRequest::AddScene) => {
                commands.push(Command::AddScene(Box::new(self.capture_scene())));
            }
            Some(BriefingRequest::UpdateScene(k)) => {
                commands.push(Command::UpdateScene(k, Box::new(self.capture_scene())));
            }
            Some(BriefingRequest::Open) => self.open_path = Some((OpenPurpose::Briefing, String::new())),
            Some(BriefingRequest::Save) => self.start_saving_briefing(),
            Some(BriefingRequest::Present) => self.set_presenting(ui.ctx(), true),
            None => {}
        }
    }

    /// Switches tile sources as a scene asks. Online tiles are never turned on by a scene: the user is told.
    fn use_basemap(&mut self, ctx: &egui::Context, choice: BasemapChoice) {
        match choice {
            BasemapChoice::Embedded => {
                if self.tile_file_path.is_some() || self.map.online().is_some() {
                    self.use_tile_file(ctx, None);
                    self.use_online_tiles(ctx, None);
                }
            }
            BasemapChoice::TileFile { path } => {
                let path = PathBuf::from(path);
                if self.tile_file_path.as_ref() != Some(&path) {
                    self.use_tile_file(ctx, Some(path));
                }
            }
            BasemapChoice::Online { url, attribution } => {
                let on = self.map.online().is_some_and(|o| o.source().template == url);
                if !on {
                    let host = crate::basemap::OnlineSource { template: url, attribution }.host().to_owned();
                    self.show_toast(
                        ctx,
                        format!("This scene was made with online tiles from {host}; turn them on in View to see them."),
                    );
                }
            }
        }
    }

    fn start_saving_briefing(&mut self) {
        let path = self.briefing_path.clone().unwrap_or_else(|| {
            let dataset =
                self.state.dataset.paths.first().cloned().unwrap_or_else(|| PathBuf::from("briefing"));
            let stem =
                dataset.file_stem().map_or_else(|| "briefing".into(), |s| s.to_string_lossy().into_owned());
            dataset.with_file_name(format!("{stem}.briefing.json"))
        });
        self.save = Some((SaveTarget::Briefing, path.display().to_string(), None));
    }

    fn take_screenshot(&mut self, ctx: &egui::Context) {
        let image = self.captured.lock().ok().and_then(|mut slot| slot.take());
        if let Some(image) = image {
            let path = self.export_folder().join(default_file_name(&self.state, "png"));
            self.save = Some((SaveTarget::Screenshot(image), path.display().to_string(), None));
            ctx.request_repaint();
        }
    }

    fn poll_export(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.export_job else { return };
        match job.poll() {
            None => ctx.request_repaint_after(std::time::Duration::from_millis(100)),
            Some(result) => {
                self.export_job = None;
                let text = match result {
                    Ok(text) | Err(text) => text,
                };
                self.show_toast(ctx, text);
            }
        }
    }

    /// The save window for a briefing or a screenshot: a path, then Save.
    fn save_window(&mut self, ctx: &egui::Context) {
        let Some((target, mut path, mut error)) = self.save.take() else { return };
        let title = match target {
            SaveTarget::Briefing => "Save briefing",
            SaveTarget::Screenshot(_) => "Save screenshot",
            SaveTarget::Dataset => "Save dataset",
        };
        let mut keep_open = true;
        let mut chosen = false;
        super::dialog(title, ctx).default_width(560.0).show(ctx, |ui| {
            if let SaveTarget::Screenshot(image) = &target {
                ui.label(format!("A {}x{} PNG of the window as it was.", image.size[0], image.size[1]));
            }
            let label = ui.label("Save as");
            let edit = ui
                .add(egui::TextEdit::singleline(&mut path).desired_width(f32::INFINITY))
                .labelled_by(label.id);
            // Typing goes to the path, and Enter saves.
            edit.request_focus();
            if let Some(e) = &error {
                ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
            }
            ui.horizontal(|ui| {
                let enter =
                    (edit.lost_focus() || edit.has_focus()) && ui.input(|i| i.key_pressed(Key::Enter));
                if ui.button("Save").clicked() || enter {
                    chosen = true;
                }
                if ui.button("Cancel").clicked() {
                    keep_open = false;
                }
            });
        });
        if chosen {
            let file = PathBuf::from(path.trim());
            let result = match &target {
                SaveTarget::Briefing => self.save_briefing(&file),
                SaveTarget::Screenshot(image) => save_color_image(&file, image),
                SaveTarget::Dataset => {
                    let incidents: Vec<_> = self.state.store().iter().cloned().collect();
                    crate::io::write_path(&file, &incidents).map_err(|e| e.to_string())
                }
            };
            match result {
                Ok(()) => {
                    let what = match target {
                        SaveTarget::Briefing => "Briefing",
                        SaveTarget::Screenshot(_) => "Screenshot",
                        SaveTarget::Dataset => "Dataset",
                    };
                    self.show_toast(ctx, format!("{what} saved to {}", file.display()));
                    if let (SaveTarget::Screenshot(_), Some(dir)) = (&target, file.parent()) {
                        self.settings.export_dir = Some(dir.to_path_buf());
                    }
                    return;
                }
                Err(e) => error = Some(e),
            }
        }
        if keep_open {
            self.save = Some((target, path, error));
        }
    }

    fn save_briefing(&mut self, path: &Path) -> Result<(), String> {
        let Some(dataset) = self.state.dataset.paths.first() else {
            return Err("The data on screen has no file; save it first (incident-atlas export).".into());
        };
        briefing::write(path, &self.state.briefing, dataset, self.state.store())
            .map_err(|e| e.to_string())?;
        self.briefing_path = Some(path.to_owned());
        Ok(())
    }

    fn export_window(&mut self, ctx: &egui::Context) {
        if let Some(job) = &self.export_job {
            let done = job.progress.done.load(std::sync::atomic::Ordering::Relaxed);
            let total = job.progress.total.load(std::sync::atomic::Ordering::Relaxed);
            let line = format!("Rendering the {}: {done} of {total} frames", job.label);
            if progress_window(ctx, "Exporting", &line, job.fraction()) {
                job.progress.cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            }
            return;
        }
        let Some(dialog) = self.export_dialog.as_mut() else { return };
        match dialog.dialog_ui(ctx) {
            DialogOutcome::Open => {}
            DialogOutcome::Cancelled => self.export_dialog = None,
            DialogOutcome::Start(plan) => {
                self.export_dialog = None;
                let waker = ctx.clone();
                self.export_job = Some(ExportJob::start(
                    plan,
                    self.state.clone(),
                    self.map.view(),
                    ctx.theme() == egui::Theme::Dark,
                    self.tile_file_path.clone(),
                    move || waker.request_repaint(),
                ));
            }
        }
    }

    fn poll_import(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.import_job else { return };
        let Some(result) = job.poll() else {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
            return;
        };
        let cancelled = job.progress.cancelled();
        let (label, path) = (job.label.clone(), job.path.clone());
        self.import_job = None;
        if cancelled {
            self.show_toast(ctx, format!("Import of {label} cancelled; the data on screen is unchanged."));
            return;
        }
        match result {
            Err(e) => self.commands.push(Command::ReportLoadProblems(vec![e])),
            Ok(imported) => {
                let summary = format!("{}: {imported}", path.display());
                let geocoded = imported.geocoded;
                let problems: Vec<String> =
                    imported.loaded.diagnostics.iter().map(ToString::to_string).collect();
                if imported.loaded.incidents.is_empty() {
                    let summary = format!("{summary}. Nothing to show; the data on screen stays.");
                    self.commands.push(Command::ReportImportProblems { summary, problems });
                    return;
                }
                let dataset = Dataset::new(imported.loaded.incidents, label, vec![path]);
                self.commands.push(Command::ReplaceDataset(Box::new(dataset)));
                self.commands.push(Command::FitToData);
                if !problems.is_empty() {
                    let summary = format!("{summary}. The imported records are shown.");
                    self.commands.push(Command::ReportImportProblems { summary, problems });
                }
                let geocoded = if geocoded > 0 {
                    format!("; {geocoded} placed from their place names")
                } else {
                    String::new()
                };
                self.show_toast(ctx, format!("{summary}{geocoded}"));
            }
        }
    }

    fn import_window(&mut self, ctx: &egui::Context) {
        if let Some(job) = &self.import_job {
            let title = format!("Importing {}", job.label);
            let line = "The data on screen stays until the import succeeds.";
            if progress_window(ctx, &title, line, job.progress.fraction()) {
                job.progress.cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            }
            return;
        }
        let Some(dialog) = self.import_dialog.as_mut() else { return };
        match dialog.dialog_ui(ctx) {
            ImportDecision::Open => {}
            ImportDecision::Cancelled => self.import_dialog = None,
            ImportDecision::Start(path, options) => {
                self.import_dialog = None;
                let waker = ctx.clone();
                self.import_job = Some(ImportJob::start(path, options, move || waker.request_repaint()));
            }
        }
    }

    fn article_window(&mut self, ctx: &egui::Context) {
        let Some(window) = self.article.as_mut() else { return };
        match window.window_ui(ctx) {
            ArticleDecision::Open => {}
            ArticleDecision::Closed => self.article = None,
            ArticleDecision::Add(drafts) => {
                let added = drafts.len();
                let mut incidents: Vec<_> = self.state.store().iter().cloned().collect();
                let mut taken: std::collections::HashSet<String> =
                    incidents.iter().map(|i| i.id.clone()).collect();
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
                let name = format!("{} + drafts", self.state.dataset.name.trim_end_matches(" + drafts"));
                self.commands.push(Command::ReplaceDataset(Box::new(Dataset::new(
                    incidents,
                    name,
                    Vec::new(),
                ))));
                self.article = None;
                self.show_toast(
                    ctx,
                    format!("Added {added} incidents from the article; File ▸ Save dataset as… keeps them."),
                );
            }
        }
    }

    fn toast_ui(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        let Some((text, until)) = &self.toast else { return };
        if now > *until {
            self.toast = None;
            return;
        }
        ctx.request_repaint_after(std::time::Duration::from_secs_f64((until - now).max(0.05)));
        egui::Area::new(egui::Id::unique("toast"))
            .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -theme::TOAST_OFFSET))
            .interactable(false)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| ui.label(text));
            });
    }

    fn remember(&mut self) {
        self.settings.map_view = Some(self.map.view());
        self.settings.window = Some((self.state.window.start, self.state.window.end));
        if !self.state.dataset.paths.is_empty() {
            self.settings.last_files.clone_from(&self.state.dataset.paths);
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = format!("{} — incident-atlas", self.state.dataset.name);
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }

    fn shortcuts(&mut self, ui: &mut Ui) {
        let typing = ui.ctx().egui_wants_keyboard_input();
        let mut commands = Vec::new();
        let presenting = self.presenting;
        let has_scenes = !self.state.briefing.scenes.is_empty();
        let (mut present, mut leave, mut screenshot) = (false, false, false);
        ui.input_mut(|i| {
            if i.consume_shortcut(&SHORTCUT_SCREENSHOT) {
                screenshot = true;
            }
            if i.consume_shortcut(&SHORTCUT_PRESENT) {
                present = !presenting;
                leave = presenting;
            }
            if presenting {
                let (next, previous) = if has_scenes {
                    (Command::NextScene, Command::PreviousScene)
                } else {
                    (Command::SelectNext, Command::SelectPrevious)
                };
                if i.consume_key(Modifiers::NONE, Key::ArrowRight)
                    || i.consume_key(Modifiers::NONE, Key::PageDown)
                {
                    commands.push(next);
                }
                if i.consume_key(Modifiers::NONE, Key::ArrowLeft)
                    || i.consume_key(Modifiers::NONE, Key::PageUp)
                {
                    commands.push(previous);
                }
                if i.consume_key(Modifiers::NONE, Key::Space) {
                    commands.push(Command::TogglePlay);
                }
                if i.consume_key(Modifiers::NONE, Key::Escape) {
                    leave = true;
                }
                return;
            }
            if i.consume_shortcut(&SHORTCUT_SEARCH) {
                self.filters.focus_search = true;
            }
            if i.consume_shortcut(&SHORTCUT_OPEN) {
                self.open_path.get_or_insert_with(|| (OpenPurpose::Dataset, String::new()));
            }
            if typing {
                return;
            }
            if i.consume_key(Modifiers::NONE, Key::ArrowRight) {
                commands.push(Command::SelectNext);
            }
            if i.consume_key(Modifiers::NONE, Key::ArrowLeft) {
                commands.push(Command::SelectPrevious);
            }
            if i.consume_key(Modifiers::NONE, Key::Space) {
                commands.push(Command::TogglePlay);
            }
            if i.consume_key(Modifiers::NONE, Key::F) {
                commands.push(Command::FitToData);
            }
            if i.consume_key(Modifiers::NONE, Key::Escape) {
                commands.push(Command::ClearSelection);
            }
        });
        self.commands.extend(commands);
        if present || leave {
            self.set_presenting(ui.ctx(), present);
        }
        if screenshot {
            self.request_screenshot(ui.ctx());
        }
    }

    fn dropped_files(&mut self, ui: &Ui) {
        let paths: Vec<PathBuf> = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !paths.is_empty() {
            self.start_loading(ui.ctx(), paths);
        }
    }

    /// Loads files in the background; the data on screen stays until they load cleanly.
    pub fn start_loading(&mut self, ctx: &egui::Context, paths: Vec<PathBuf>) {
        let ctx = ctx.clone();
        self.loader = Some(Loader::start(paths, move || ctx.request_repaint()));
    }

    fn poll_loader(&mut self, ctx: &egui::Context) {
        let Some(outcome) = self.loader.as_ref().and_then(Loader::poll) else {
            if self.loader.is_some() {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
            return;
        };
        self.loader = None;
        self.readable_after_errors = outcome.readable;
        let mut problems = outcome.problems;
        let briefing = self.pending_briefing.take();
        match (outcome.dataset, briefing) {
            (Some(dataset), Some(file)) => {
                problems.extend(file.problems_with(&dataset.store));
                self.commands.push(Command::ReplaceDataset(Box::new(dataset)));
                self.queue_briefing(file.briefing, problems);
            }
            (Some(dataset), None) => {
                self.commands.push(Command::ReplaceDataset(Box::new(dataset)));
                self.commands.push(Command::FitToData);
                self.commands.push(Command::ReportLoadProblems(problems));
            }
            (None, briefing) => {
                if briefing.is_some() {
                    self.briefing_path = None;
                }
                self.commands.push(Command::ReportLoadProblems(problems));
            }
        }
    }

    /// Queues a briefing to replace the current one, on its first scene, with the problems to show.
    fn queue_briefing(&mut self, briefing: crate::state::Briefing, problems: Vec<String>) {
        let has_scenes = !briefing.scenes.is_empty();
        self.commands.push(Command::ReplaceBriefing(Box::new(briefing)));
        if has_scenes {
            self.commands.push(Command::JumpToScene(0));
        }
        self.commands.push(Command::ReportLoadProblems(problems));
        self.right_tab = RightTab::Briefing;
    }

    fn menu_bar_ui(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                let open = egui::Button::new("Open…").shortcut_text(ui.ctx().format_shortcut(&SHORTCUT_OPEN));
                if ui.add(open).clicked() {
                    self.open_path = Some((OpenPurpose::Dataset, String::new()));
                    ui.close();
                }
                let reload = !self.state.dataset.paths.is_empty();
                if ui.add_enabled(reload, egui::Button::new("Reload")).clicked() {
                    let paths = self.state.dataset.paths.clone();
                    self.start_loading(ui.ctx(), paths);
                    ui.close();
                }
                if ui.button("Open the bundled dataset").clicked() {
                    self.start_loading(ui.ctx(), vec![PathBuf::from(crate::io::bundled::PATH)]);
                    ui.close();
                }
                if ui.add_enabled(self.import_job.is_none(), egui::Button::new("Import…")).clicked() {
                    self.import_dialog = Some(ImportDialog::new(String::new()));
                    ui.close();
                }
                if ui.button("Draft incidents from an article…").clicked() {
                    self.article.get_or_insert_with(ArticleWindow::default);
                    ui.close();
                }
                if ui.button("Save dataset as…").clicked() {
                    let path = self.export_folder().join(format!(
                        "{}.geojson",
                        default_file_name(&self.state, "x").trim_end_matches(".x")
                    ));
                    self.save = Some((SaveTarget::Dataset, path.display().to_string(), None));
                    ui.close();
                }
                ui.separator();
                if ui.button("Open briefing…").clicked() {
                    self.open_path = Some((OpenPurpose::Briefing, String::new()));
                    ui.close();
                }
                let has_scenes = !self.state.briefing.scenes.is_empty();
                if ui.add_enabled(has_scenes, egui::Button::new("Save briefing…")).clicked() {
                    self.start_saving_briefing();
                    ui.close();
                }
                ui.separator();
                let shot = egui::Button::new("Screenshot…")
                    .shortcut_text(ui.ctx().format_shortcut(&SHORTCUT_SCREENSHOT));
                if ui.add(shot).clicked() {
                    ui.close();
                    self.request_screenshot(ui.ctx());
                }
                let idle = self.export_job.is_none();
                if ui.add_enabled(idle, egui::Button::new("Export picture…")).clicked() {
                    self.export_dialog =
                        Some(ExportDialog::new(ExportKind::Picture, &self.state, &self.export_folder()));
                    ui.close();
                }
                if ui.add_enabled(idle, egui::Button::new("Export animation…")).clicked() {
                    self.export_dialog =
                        Some(ExportDialog::new(ExportKind::Animation, &self.state, &self.export_folder()));
                    ui.close();
                }
                ui.separator();
                if ui.button("Quit").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button("View", |ui| {
                let present =
                    egui::Button::new("Present").shortcut_text(ui.ctx().format_shortcut(&SHORTCUT_PRESENT));
                if ui.add(present).clicked() {
                    self.set_presenting(ui.ctx(), true);
                    ui.close();
                }
                ui.separator();
                if ui.button("Use a tile file (MBTiles, PMTiles)…").clicked() {
                    self.open_path = Some((OpenPurpose::TileFile, String::new()));
                    ui.close();
                }
                let online = self.map.online().is_some();
                if ui
                    .button("Online tiles: OpenStreetMap")
                    .on_hover_text("Fetches tiles from the internet")
                    .clicked()
                {
                    self.use_online_tiles(ui.ctx(), Some(OnlineSource::openstreetmap()));
                    ui.close();
                }
                if ui.button("Online tiles from a URL…").clicked() {
                    self.online_form = Some((String::from("https://"), String::new(), None));
                    ui.close();
                }
                let extra = self.map.file_tiles_attribution().is_some() || online;
                if extra && ui.button("Embedded basemap only (offline)").clicked() {
                    self.use_tile_file(ui.ctx(), None);
                    self.use_online_tiles(ui.ctx(), None);
                    ui.close();
                }
                ui.separator();
                if ui.button("Fit map to shown incidents (F)").clicked() {
                    commands.push(Command::FitToData);
                    ui.close();
                }
                let dark = ui.visuals().dark_mode;
                let label = if dark { "Light theme" } else { "Dark theme" };
                if ui.button(label).clicked() {
                    ui.ctx().set_theme(if dark { egui::Theme::Light } else { egui::Theme::Dark });
                    self.settings.dark = !dark;
                    ui.close();
                }
            });
            ui.menu_button("Help", |ui| {
                ui.label(RichText::new("Keyboard").strong());
                for (keys, what) in [
                    ("⬅ / ➡", "previous / next incident in time"),
                    ("Space", "play / pause"),
                    ("F", "fit the map to the shown incidents"),
                    ("Esc", "clear the selection"),
                    ("Ctrl+F", "search"),
                    ("Ctrl+O", "open a file"),
                    ("F5", "present (⬅ / ➡ scenes, Esc leaves)"),
                    ("Ctrl+Shift+S", "screenshot of the window"),
                ] {
                    ui.label(format!("{keys:<8}  {what}"));
                }
            });
            ui.separator();
            ui.label(RichText::new(&self.state.dataset.name).strong());
            ui.label(self.state.shown().to_string());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("Present").on_hover_text("Full screen, scene by scene (F5)").clicked() {
                    self.set_presenting(ui.ctx(), true);
                }
                if ui.button("Screenshot").on_hover_text("Save a PNG of the window (Ctrl+Shift+S)").clicked()
                {
                    self.request_screenshot(ui.ctx());
                }
            });
            if let Some(loader) = &self.loader {
                ui.separator();
                ui.spinner();
                ui.label(format!("Loading {}…", loader.label));
            }
        });
    }

    fn problems_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        if self.state.load_problems.is_empty() && self.state.load_summary.is_none() {
            return;
        }
        let mut open = true;
        egui::Window::new("Problems in the file")
            .open(&mut open)
            .default_width(620.0)
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
                egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                    for line in &self.state.load_problems {
                        ui.label(RichText::new(line).monospace());
                    }
                });
                ui.horizontal(|ui| {
                    if let Some(readable) = &self.readable_after_errors {
                        let n = readable.store.len();
                        if ui.button(format!("Load the {n} readable incidents anyway")).clicked() {
                            commands.push(Command::ReplaceDataset(Box::new(readable.clone())));
                            commands.push(Command::FitToData);
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

    fn online_window(&mut self, ctx: &egui::Context) {
        let Some((mut template, mut attribution, mut error)) = self.online_form.take() else { return };
        let mut keep_open = true;
        let mut chosen = None;
        super::dialog("Online tiles", ctx).default_width(520.0).show(ctx, |ui| {
            ui.label("An XYZ tile URL with {z}, {x} and {y}, and the attribution its provider requires.");
            ui.label(RichText::new("The tile server will see which areas you look at.").weak());
            egui::Grid::new("online-form").num_columns(2).show(ui, |ui| {
                let url = ui.label("URL");
                ui.add(egui::TextEdit::singleline(&mut template).desired_width(400.0)).labelled_by(url.id);
                ui.end_row();
                let credit = ui.label("Attribution");
                ui.add(egui::TextEdit::singleline(&mut attribution).desired_width(400.0))
                    .labelled_by(credit.id);
                ui.end_row();
            });
            if let Some(e) = &error {
                ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
            }
            ui.horizontal(|ui| {
                if ui.button("Turn on").clicked() {
                    match OnlineSource::custom(&template, &attribution) {
                        Ok(source) => chosen = Some(source),
                        Err(e) => error = Some(e.to_string()),
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
            self.online_form = Some((template, attribution, error));
        }
    }

    fn open_window(&mut self, ctx: &egui::Context) {
        let Some((purpose, mut path)) = self.open_path.take() else { return };
        let mut keep_open = true;
        let mut chosen = None;
        let (title, hint, extensions): (&str, &str, &[&str]) = match purpose {
            OpenPurpose::Dataset => (
                "Open a dataset",
                "Path of a GeoJSON, CSV/TSV (ACLED, GTD or any table), KML or KMZ file; several separated by ';'.",
                &["geojson", "json", "csv", "tsv", "kml", "kmz"],
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
        };
        super::dialog(title, ctx).default_width(520.0).show(ctx, |ui| {
            ui.label(hint);
            let edit = ui.add(egui::TextEdit::singleline(&mut path).desired_width(f32::INFINITY));
            edit.request_focus();
            let dir = self
                .state
                .dataset
                .paths
                .first()
                .and_then(|p| p.parent().map(std::path::Path::to_path_buf))
                .unwrap_or_else(|| PathBuf::from("."));
            let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| {
                            p.extension().and_then(|x| x.to_str()).is_some_and(|x| extensions.contains(&x))
                        })
                        .collect()
                })
                .unwrap_or_default();
            files.sort();
            if !files.is_empty() {
                ui.label(RichText::new(format!("In {}:", dir.display())).weak());
                for f in files {
                    if ui.link(crate::io::file_name(&f)).clicked() {
                        path = f.display().to_string();
                    }
                }
            }
            ui.horizontal(|ui| {
                let enter =
                    (edit.lost_focus() || edit.has_focus()) && ui.input(|i| i.key_pressed(Key::Enter));
                if (ui.button("Open").clicked() || enter) && !path.trim().is_empty() {
                    chosen = Some(path.split(';').map(|p| PathBuf::from(p.trim())).collect::<Vec<_>>());
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                    keep_open = false;
                }
            });
        });
        match (chosen, purpose) {
            (Some(paths), OpenPurpose::Dataset) => self.start_loading(ctx, paths),
            (Some(paths), OpenPurpose::TileFile) => self.use_tile_file(ctx, paths.into_iter().next()),
            (Some(paths), OpenPurpose::Briefing) => {
                if let Some(path) = paths.first() {
                    self.open_briefing(ctx, path);
                }
            }
            (None, _) if keep_open => self.open_path = Some((purpose, path)),
            (None, _) => {}
        }
    }
}

impl eframe::App for AtlasApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.app_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if let Ok(text) = serde_json::to_string(&self.settings) {
            storage.set_string(SETTINGS_KEY, text);
        }
    }
}

/// Where online tiles from a host are kept: `$XDG_CACHE_HOME/incident-atlas/tiles/HOST` (or under
/// `~/.cache`); `None` when neither is set.
fn tile_cache_dir(host: &str) -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    let safe: String =
        host.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '_' }).collect();
    Some(base.join("incident-atlas").join("tiles").join(safe))
}

/// A small window with a line of text, a progress bar and Cancel; returns whether Cancel was clicked.
fn progress_window(ctx: &egui::Context, title: &str, line: &str, fraction: f32) -> bool {
    let mut cancel = false;
    super::dialog(title, ctx).resizable(false).show(ctx, |ui| {
        ui.label(line);
        ui.add(egui::ProgressBar::new(fraction).show_percentage().desired_width(360.0));
        cancel = ui.button("Cancel").clicked();
    });
    cancel
}

/// Whether a path names a briefing (`*.briefing.json`).
#[must_use]
pub fn is_briefing_path(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n.to_string_lossy().to_ascii_lowercase().ends_with(".briefing.json"))
}

/// Whether two paths name the same file (compared after resolving, when both exist).
fn same_file(a: &Path, b: Option<&Path>) -> bool {
    let Some(b) = b else { return false };
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
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
