//! The eframe app: lays out the views, routes keyboard shortcuts, loads files, applies commands.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers, RichText, Ui};
use serde::{Deserialize, Serialize};

use super::details;
use super::filters::FiltersView;
use super::list::ListView;
use super::loader::{self, LoadOutcome, Loader};
use super::map::{MapChrome, MapView};
use super::theme;
use super::timeline::TimelineView;
use crate::basemap::{OnlineSource, OnlineStatus, OnlineTiles, TileFile};
use crate::state::{AppState, Command, Dataset};

/// Keyboard shortcuts named in tooltips and the Help menu.
pub const SHORTCUT_SEARCH: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
/// Open a file.
pub const SHORTCUT_OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);

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
}

impl Default for Settings {
    fn default() -> Self {
        Self { dark: true, last_files: Vec::new(), map_view: None, window: None }
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
        };
        if let Some((start, end)) = app.settings.window {
            app.state.apply(Command::SetWindow(crate::store::TimeWindow { start, end }));
        }
        if app.settings.map_view.is_some() {
            app.state.map_request = None;
        }
        app
    }

    /// An app loading `paths` (or the last files, or the bundled dataset) synchronously at start.
    #[must_use]
    pub fn open(paths: Vec<PathBuf>, settings: Settings) -> Self {
        let remembered = paths.is_empty() && !settings.last_files.is_empty();
        let paths = if !paths.is_empty() {
            paths
        } else if remembered {
            settings.last_files.clone()
        } else {
            vec![PathBuf::from(crate::cli::BUNDLED_DATASET)]
        };
        let outcome = loader::load(paths);
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
        match path.map(|p| TileFile::open(&p, ctx)) {
            None => self.map.set_file_tiles(None),
            Some(Ok(tiles)) => self.map.set_file_tiles(Some(tiles)),
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
        self.state.apply(Command::MapRequestDone);
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
        let palette = theme::Palette::for_mode(ui.visuals().dark_mode);
        let mut commands = std::mem::take(&mut self.commands);

        egui::Panel::top("menu").show(ui, |ui| self.menu_bar_ui(ui, &mut commands));
        egui::Panel::bottom("timeline")
            .resizable(true)
            .default_size(theme::timeline_height(ui.ctx().content_rect().height()))
            .min_size(140.0)
            .show(ui, |ui| self.timeline.timeline_ui(ui, &self.state, &palette, &mut commands));
        egui::Panel::left("filters")
            .resizable(true)
            .default_size(theme::SIDE_PANEL_WIDTH)
            .size_range(260.0..=theme::SIDE_PANEL_MAX_WIDTH)
            .show(ui, |ui| {
                self.filters.filters_ui(ui, &self.state, &mut commands);
                ui.separator();
                self.list.list_ui(ui, &self.state, &mut commands);
            });
        egui::Panel::right("details")
            .resizable(true)
            .default_size(theme::DETAILS_PANEL_WIDTH)
            .size_range(240.0..=theme::SIDE_PANEL_MAX_WIDTH)
            .show(ui, |ui| details::details_ui(ui, &self.state, &palette, &mut commands));
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| self.map.map_ui(ui, &self.state, &palette, MapChrome::Explore, &mut commands));

        self.problems_window(ui.ctx(), &mut commands);
        self.open_window(ui.ctx());
        self.online_window(ui.ctx());

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
        self.update_title(ui.ctx());
        self.remember();
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
        ui.input_mut(|i| {
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
        if let Some(dataset) = outcome.dataset {
            self.commands.push(Command::ReplaceDataset(Box::new(dataset)));
            self.commands.push(Command::FitToData);
        }
        self.commands.push(Command::ReportLoadProblems(outcome.problems));
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
                    self.start_loading(ui.ctx(), vec![PathBuf::from(crate::cli::BUNDLED_DATASET)]);
                    ui.close();
                }
                ui.separator();
                if ui.button("Quit").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button("View", |ui| {
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
                ] {
                    ui.label(format!("{keys:<8}  {what}"));
                }
            });
            ui.separator();
            ui.label(RichText::new(&self.state.dataset.name).strong());
            ui.label(self.state.shown().to_string());
            if let Some(loader) = &self.loader {
                ui.separator();
                ui.spinner();
                ui.label(format!("Loading {}…", loader.label));
            }
        });
    }

    fn problems_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        if self.state.load_problems.is_empty() {
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
                ui.label(format!("{} problem(s). {kept}", self.state.load_problems.len()));
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
        egui::Window::new("Online tiles").collapsible(false).default_width(520.0).show(ctx, |ui| {
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
                "Path of a GeoJSON file (.geojson or .json); several separated by ';'.",
                &["geojson", "json"],
            ),
            OpenPurpose::TileFile => (
                "Use a tile file as the basemap",
                "Path of an MBTiles or PMTiles file of raster tiles; the embedded basemap stays underneath.",
                &["mbtiles", "pmtiles"],
            ),
        };
        egui::Window::new(title).collapsible(false).default_width(520.0).show(ctx, |ui| {
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
                    if ui.link(loader::file_name(&f)).clicked() {
                        path = f.display().to_string();
                    }
                }
            }
            ui.horizontal(|ui| {
                let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
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
