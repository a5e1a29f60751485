//! The eframe app: owns the state and the views, lays out the panels, and applies the views' commands
//! once per frame. Each job of the app has its own file: the action table that drives menus, keys and
//! help ([`actions`]), the menu bar ([`menu`]), loading files and briefings ([`loading`]), tile sources
//! ([`tiles`]), the small windows ([`windows`]), the background jobs and their windows ([`jobs`]) and what
//! persists between runs ([`settings`]).

mod actions;
mod choosers;
mod jobs;
mod loading;
mod menu;
mod saving;
mod settings;
mod tiles;
mod windows;

use std::path::PathBuf;

use egui::Ui;

pub use loading::is_briefing_path;
pub use settings::Settings;

use self::actions::{Action, Availability};
use self::jobs::Jobs;
use self::windows::Dialogs;
use super::filters::FiltersView;
use super::list::ListView;
use super::map::{MapChrome, MapView};
use super::presentation::{self, Live, PictureContent};
use super::scenes::{BriefingRequest, ScenesView};
use super::theme;
use super::timeline::TimelineView;
use crate::state::{AppState, Command, Dataset, Scene};
use crate::store::TimeWindow;

/// Which tab the right-hand panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RightTab {
    Details,
    Briefing,
}

/// The desktop app.
pub struct AtlasApp {
    /// The shared state; views read it and push commands.
    state: AppState,
    /// What persists between runs.
    settings: Settings,
    map: MapView,
    timeline: TimelineView,
    list: ListView,
    filters: FiltersView,
    scenes: ScenesView,
    right_tab: RightTab,
    presenting: bool,
    /// Commands queued outside the views (loads, dialogs), applied with the views' at the frame's end.
    commands: Vec<Command>,
    /// The window title last sent.
    shown_title: String,
    /// Loading: readable incidents of a file with errors, a briefing waiting for its dataset, and where
    /// the briefing on screen came from.
    readable_after_errors: Option<Dataset>,
    pending_briefing: Option<crate::state::briefing_file::BriefingFile>,
    briefing_path: Option<PathBuf>,
    /// The tile file shown above the embedded basemap.
    tile_file_path: Option<PathBuf>,
    /// Files the user opened since the app started (resolved): a briefing may name only these, or files
    /// in its own folder.
    picked: Vec<PathBuf>,
    /// The windows that are open and what they hold.
    dialogs: Dialogs,
    /// Work running behind the window.
    jobs: Jobs,
    /// Where the map was drawn last frame: windows about the data stay inside it, off the menus and filters.
    map_rect: Option<egui::Rect>,
    /// The keyboard moves the focus (Tab was pressed since the last click): the focused control is ringed.
    keyboard_focus: bool,
    /// Whether the forms use the system file chooser.
    chooser_use: crate::ui::file_chooser::ChooserUse,
    /// The details panel's editor, while the selected incident is being edited.
    editor: Option<crate::ui::editor::IncidentEditor>,
    /// What is typed for a change to all picked incidents.
    bulk: crate::ui::bulk::BulkForm,
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
            scenes: ScenesView::default(),
            right_tab: RightTab::Details,
            presenting: false,
            commands: Vec::new(),
            shown_title: String::new(),
            editor: None,
            bulk: crate::ui::bulk::BulkForm::default(),
            readable_after_errors: None,
            pending_briefing: None,
            briefing_path: None,
            tile_file_path: None,
            picked: Vec::new(),
            dialogs: Dialogs::default(),
            jobs: Jobs::default(),
            map_rect: None,
            keyboard_focus: false,
            chooser_use: crate::ui::file_chooser::ChooserUse::Off,
        };
        if let Some((start, end)) = app.settings.window {
            app.state.apply(Command::SetWindow(TimeWindow { start, end }));
        }
        if app.settings.map_view.is_some() {
            app.state.map_request = None;
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
        let stored = cc.storage.and_then(|s| s.get_string(settings::SETTINGS_KEY));
        let settings = Settings::from_stored(stored.as_deref());
        cc.egui_ctx.set_theme(if settings.dark { egui::Theme::Dark } else { egui::Theme::Light });
        let mut app = Self::start(&cc.egui_ctx, paths, settings)
            .with_file_chooser(crate::ui::file_chooser::ChooserUse::detect());
        if tile_file.is_some() {
            app.use_tile_file(&cc.egui_ctx, tile_file);
        }
        // Beside the settings, in the user's data folder ($XDG_DATA_HOME/incident-atlas on Linux).
        if let Some(folder) = eframe::storage_dir("incident-atlas") {
            app.state.keep_journal_in(folder.join("recovery"));
        }
        app
    }

    /// The same app keeping its recovery journal in `folder` (the desktop app uses the user's data
    /// folder; tests and scripts choose their own, or keep none).
    #[must_use]
    pub fn with_recovery_folder(mut self, folder: PathBuf) -> Self {
        self.state.keep_journal_in(folder);
        self
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

    /// The shared state (read-only: change it through commands).
    #[must_use]
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The map's `(lat, lon, zoom)`.
    #[must_use]
    pub fn map_view(&self) -> (f64, f64, f64) {
        self.map.view()
    }

    /// Opens the editor on an incident in the Details tab; `fresh` for one just made (Discard takes it
    /// away again).
    fn open_editor(&mut self, index: u32, fresh: bool) {
        let Some(incident) = self.state.store().get(index) else { return };
        self.editor = Some(if fresh {
            crate::ui::editor::IncidentEditor::new_incident(incident)
        } else {
            crate::ui::editor::IncidentEditor::new(incident)
        });
        self.right_tab = RightTab::Details;
    }

    /// Where the map was last drawn on the screen, if it was.
    #[must_use]
    pub fn map_rect(&self) -> Option<egui::Rect> {
        self.map_rect
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

    /// What the actions' availability depends on, now.
    fn availability(&self, ctx: &egui::Context) -> Availability {
        Availability {
            has_files: !self.state.dataset.paths.is_empty(),
            has_scenes: !self.state.briefing.scenes.is_empty(),
            importing: self.jobs.import.is_some(),
            exporting: self.jobs.export.is_some(),
            extra_tiles: self.tile_file_path.is_some() || self.map.online().is_some(),
            dark: ctx.theme() == egui::Theme::Dark,
            openstreetmap: self
                .map
                .online()
                .is_some_and(|o| *o.source() == crate::basemap::online::OnlineSource::openstreetmap()),
            can_undo: self.state.history.undo_label().is_some(),
            can_redo: self.state.history.redo_label().is_some(),
            has_selection: self.state.selection.is_some(),
            picked: self.state.picked.len(),
        }
    }

    /// One frame of the whole window: background work and keys first, then the views, the windows, and
    /// last the commands of the frame, applied once.
    pub fn app_ui(&mut self, ui: &mut Ui) {
        // Names come from outside (incident titles, places, cities) in any script: a character no font
        // has is drawn as a box, never a panic.
        ui.ctx().set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
        self.poll_loader(ui.ctx());
        self.hold_close_if_unsaved(ui.ctx());
        self.keys(ui);
        self.dropped_files(ui);
        self.poll_export(ui.ctx());
        self.poll_import(ui.ctx());
        self.poll_chooser(ui.ctx());
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
            // The incident being edited can be moved on the map by dragging its places.
            self.map.editing.movable = self.editor.as_ref().and(self.state.selection);
            self.panels_ui(ui, &palette, &mut commands);
        }
        self.windows_ui(ui.ctx(), &mut commands);

        if self.state.playback.playing {
            commands.push(Command::Tick(f64::from(ui.input(|i| i.stable_dt).min(0.1))));
            ui.ctx().request_repaint();
        }
        if !commands.is_empty() {
            // The views drew the state before these commands: draw again with their effect.
            ui.ctx().request_repaint();
        }
        for command in commands {
            // Picking an incident from the list or the search shows its details, whatever tab was open.
            if matches!(command, Command::SelectAndCenter(_) | Command::SelectFirstMatch) {
                self.right_tab = RightTab::Details;
            }
            self.state.apply(command);
        }
        if let Some(index) = self.state.take_editor_request() {
            self.open_editor(index, true);
        }
        if let Some(choice) = self.state.take_basemap_request() {
            self.use_basemap(ui.ctx(), choice);
        }
        self.focus_ring(ui.ctx(), &palette);
        self.update_title(ui.ctx());
        self.remember();
    }

    /// A ring around the control that has the keyboard focus, while the keyboard is moving it (egui's own
    /// cue is a faint hover shade). A click hides it until Tab is pressed again.
    fn focus_ring(&mut self, ctx: &egui::Context, palette: &theme::Palette) {
        let (tabbed, clicked) = ctx.input(|i| (i.key_pressed(egui::Key::Tab), i.pointer.any_pressed()));
        if tabbed {
            self.keyboard_focus = true;
        } else if clicked {
            self.keyboard_focus = false;
        }
        if !self.keyboard_focus {
            return;
        }
        let Some(focused) = ctx.memory(egui::Memory::focused).and_then(|id| ctx.read_response(id)) else {
            return;
        };
        let layer = egui::LayerId::new(egui::Order::Tooltip, egui::Id::unique("focus-ring"));
        ctx.layer_painter(layer).rect_stroke(
            focused.rect.expand(theme::FOCUS_RING_GAP),
            theme::FOCUS_RING_ROUNDING,
            egui::Stroke::new(theme::FOCUS_RING_WIDTH, palette.focus),
            egui::StrokeKind::Outside,
        );
    }

    /// Whether the focused control is ringed now (the keyboard moved the focus last).
    #[must_use]
    pub fn shows_focus_ring(&self) -> bool {
        self.keyboard_focus
    }

    /// The keys pressed this frame, each carried out as its action. Esc closes the innermost thing only:
    /// an open menu or pop-up (egui closes it), else a dialog, else the problems or scenes question, and
    /// only then does it clear the selection.
    fn keys(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        if egui::Popup::is_any_open(&ctx) {
            // Leave Esc to the pop-up, which closes on it.
            self.perform_keys(ui, false);
            return;
        }
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) && self.close_innermost_window() {
            ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
        }
        self.perform_keys(ui, true);
    }

    /// Carries out the actions whose keys were pressed; Esc's only when `escape` is ours.
    fn perform_keys(&mut self, ui: &mut Ui, escape: bool) {
        let typing = ui.ctx().egui_wants_keyboard_input();
        let presenting = self.presenting;
        let pressed = ui.input_mut(|i| actions::pressed(i, presenting, typing, escape));
        let mut commands = Vec::new();
        for action in pressed {
            self.perform(ui.ctx(), action, &mut commands);
        }
        self.commands.extend(commands);
    }

    /// Closes the innermost open window (a dialog, then the problems window, then the question about the
    /// scenes, answered "keep"); returns whether one was open.
    fn close_innermost_window(&mut self) -> bool {
        if self.dialogs.close_innermost() {
            return true;
        }
        if !self.state.load_problems.is_empty() || self.state.load_summary.is_some() {
            self.commands.push(Command::DismissLoadProblems);
            self.readable_after_errors = None;
            return true;
        }
        if self.state.asking_about_scenes && !self.presenting {
            self.commands.push(Command::KeepScenes(true));
            return true;
        }
        false
    }

    fn panels_ui(&mut self, ui: &mut Ui, palette: &theme::Palette, commands: &mut Vec<Command>) {
        egui::Panel::top("menu").show(ui, |ui| self.menu_bar_ui(ui, commands));
        egui::Panel::bottom("timeline")
            .resizable(true)
            .default_size(theme::timeline_height(ui.ctx().content_rect().height()))
            .min_size(theme::TIMELINE_MIN_HEIGHT)
            .show(ui, |ui| self.timeline.timeline_ui(ui, &self.state, palette, commands));
        egui::Panel::left("filters")
            .resizable(true)
            .default_size(theme::side_panel_widths(ui.ctx().content_rect().width()).0)
            .size_range(theme::FILTERS_PANEL_MIN_WIDTH..=theme::SIDE_PANEL_MAX_WIDTH)
            .show(ui, |ui| {
                self.filters.filters_ui(ui, &self.state, commands);
                ui.separator();
                self.list.list_ui(ui, &self.state, commands);
            });
        let mut request = None;
        egui::Panel::right("details")
            .resizable(true)
            .default_size(theme::side_panel_widths(ui.ctx().content_rect().width()).1)
            .size_range(theme::DETAILS_PANEL_MIN_WIDTH..=theme::SIDE_PANEL_MAX_WIDTH)
            .show(ui, |ui| request = self.right_panel_ui(ui, palette, commands));
        let map = egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| self.map.map_ui(ui, &self.state, palette, MapChrome::Explore, commands));
        self.map_rect = Some(map.response.rect);
        match request {
            Some(BriefingRequest::AddScene) => {
                commands.push(Command::AddScene(Box::new(self.capture_scene())));
            }
            Some(BriefingRequest::UpdateScene(k)) => {
                commands.push(Command::UpdateScene(k, Box::new(self.capture_scene())));
            }
            Some(BriefingRequest::Open) => self.perform(ui.ctx(), Action::OpenBriefing, commands),
            Some(BriefingRequest::Save) => self.perform(ui.ctx(), Action::SaveBriefing, commands),
            Some(BriefingRequest::Present) => self.set_presenting(ui.ctx(), true),
            None => {}
        }
    }

    /// The right-hand panel: the Details and Briefing tabs.
    fn right_panel_ui(
        &mut self,
        ui: &mut Ui,
        palette: &theme::Palette,
        commands: &mut Vec<Command>,
    ) -> Option<BriefingRequest> {
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.right_tab, RightTab::Details, "Details");
            let scenes = self.state.briefing.scenes.len();
            let label = if scenes == 0 { "Briefing".to_owned() } else { format!("Briefing ({scenes})") };
            ui.selectable_value(&mut self.right_tab, RightTab::Briefing, label);
        });
        ui.separator();
        match self.right_tab {
            RightTab::Details => {
                super::details::details_ui(
                    ui,
                    &self.state,
                    palette,
                    &mut self.editor,
                    &mut self.bulk,
                    commands,
                );
                None
            }
            RightTab::Briefing => self.scenes.scenes_ui(ui, &self.state, palette, commands),
        }
    }

    fn remember(&mut self) {
        self.settings.map_view = Some(self.map.view());
        self.settings.window = Some((self.state.window.start, self.state.window.end));
        if !self.state.dataset.paths.is_empty() {
            self.settings.last_files.clone_from(&self.state.dataset.paths);
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        // A dot before the name while there are unsaved changes, as desktop editors do.
        let unsaved = if self.state.history.unsaved() { "● " } else { "" };
        let title = format!("{unsaved}{} — incident-atlas", self.state.dataset.name);
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }
}

impl eframe::App for AtlasApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.app_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if let Ok(text) = serde_json::to_string(&self.settings) {
            storage.set_string(settings::SETTINGS_KEY, text);
        }
    }
}
