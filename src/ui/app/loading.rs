//! Opening data: datasets at start (before the first frame, or behind the window when large), files
//! dropped or chosen later (on a worker), and briefings with their datasets.

use std::path::{Path, PathBuf};

use super::windows::{OpenPurpose, OpenRequest};
use super::{AtlasApp, RightTab, Settings};
use crate::state::briefing_file::{self, BriefingFile};
use crate::state::{AppState, Briefing, Command, Dataset, LoadOutcome};
use crate::ui::loader::Loader;

/// Files larger than this (in all) open behind the window, with a progress line, instead of before it.
const BACKGROUND_LOAD_BYTES: u64 = 4 * 1024 * 1024;

impl AtlasApp {
    /// An app loading `paths` (or the last files, or the bundled dataset) synchronously at start. A
    /// briefing among them (`NAME.briefing.json`) opens with its dataset, on its first scene.
    #[must_use]
    pub fn open(paths: Vec<PathBuf>, settings: Settings) -> Self {
        let (briefings, mut paths): (Vec<PathBuf>, Vec<PathBuf>) =
            paths.into_iter().partition(|p| is_briefing_path(p));
        let picked = paths.clone();
        let mut briefing_problems = Vec::new();
        let mut briefing = None;
        let mut outside = None;
        if let Some(path) = briefings.first() {
            match briefing_file::read(path) {
                Ok(file) if paths.is_empty() => match file.confined_dataset(path, |_| false) {
                    Ok(dataset) => {
                        paths.push(dataset.to_owned());
                        briefing = Some((path.clone(), file));
                    }
                    // Ask the user for the dataset rather than open a file the briefing names elsewhere.
                    Err(e) => outside = Some((path.clone(), file, e.to_string())),
                },
                Ok(file) => briefing = Some((path.clone(), file)),
                Err(e) => briefing_problems.push(e.to_string()),
            }
        }
        let mut app = Self::open_datasets(paths, settings);
        app.remember_picked(&picked);
        if let Some((path, file)) = briefing {
            app.adopt_briefing(path, file);
        }
        if let Some((path, file, refused)) = outside {
            app.ask_for_dataset(path, file, refused);
        }
        if !briefing_problems.is_empty() {
            app.commands.push(Command::ReportLoadProblems(briefing_problems));
        }
        app
    }

    /// The app at start: small files load before the first frame, big ones behind the open window.
    pub(super) fn start(ctx: &egui::Context, paths: Vec<PathBuf>, settings: Settings) -> Self {
        let bytes: u64 = paths.iter().filter_map(|p| std::fs::metadata(p).ok()).map(|m| m.len()).sum();
        if bytes <= BACKGROUND_LOAD_BYTES {
            return Self::open(paths, settings);
        }
        let mut app = Self::new(AppState::new(Dataset::new(Vec::new(), "loading…", Vec::new())), settings);
        app.start_loading(ctx, paths);
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
        let (dataset, problems, readable) = match crate::state::load(paths) {
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

    /// Opens a briefing: its dataset loads first (in the background) unless it is the one on screen. A
    /// dataset outside the briefing's folder that the user has not opened is not read: the user is asked
    /// for it.
    pub fn open_briefing(&mut self, ctx: &egui::Context, path: &Path) {
        let file = match briefing_file::read(path) {
            Ok(file) => file,
            Err(e) => {
                self.commands.push(Command::ReportLoadProblems(vec![e.to_string()]));
                return;
            }
        };
        if let Some(refused) = file.confined_dataset(path, |p| self.was_picked(p)).err() {
            self.ask_for_dataset(path.to_owned(), file, refused.to_string());
        } else if same_file(&file.dataset, self.state.dataset.paths.first().map(PathBuf::as_path)) {
            self.adopt_briefing(path.to_owned(), file);
        } else if !file.dataset.exists() {
            self.commands.push(Command::ReportLoadProblems(vec![format!(
                "{}: its dataset {} does not exist; the briefing was not opened",
                path.display(),
                file.dataset.display()
            )]));
        } else {
            let dataset = file.dataset.clone();
            self.pending_briefing = Some(file);
            self.briefing_path = Some(path.to_owned());
            self.start_loading(ctx, vec![dataset]);
        }
    }

    /// Queues a briefing to replace the current one, on its first scene, with the problems to show.
    fn queue_briefing(&mut self, briefing: Briefing, problems: Vec<String>) {
        let has_scenes = !briefing.scenes.is_empty();
        self.commands.push(Command::ReplaceBriefing(Box::new(briefing)));
        if has_scenes {
            self.commands.push(Command::JumpToScene(0));
        }
        self.commands.push(Command::ReportLoadProblems(problems));
        self.right_tab = RightTab::Briefing;
    }

    /// Whether a load is running.
    #[must_use]
    pub fn is_loading(&self) -> bool {
        self.jobs.loader.is_some()
    }

    /// Keeps a briefing whose dataset lies outside its folder waiting, and asks the user to choose the
    /// dataset (the path window); the choice loads with the briefing on it.
    fn ask_for_dataset(&mut self, path: PathBuf, file: BriefingFile, refused: String) {
        let summary = "The briefing is not open yet: choose its dataset (it names one outside its folder, \
                       which is not opened on a briefing's word)."
            .to_owned();
        self.commands.push(Command::ReportImportProblems { summary, problems: vec![refused] });
        self.pending_briefing = Some(file);
        self.briefing_path = Some(path);
        self.dialogs.open = Some(OpenRequest::new(OpenPurpose::BriefingDataset));
    }

    /// Whether the user opened this file since the app started.
    fn was_picked(&self, path: &Path) -> bool {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_owned());
        self.picked.contains(&path)
    }

    /// Notes files the user chose to open, so that a briefing may name them.
    fn remember_picked(&mut self, paths: &[PathBuf]) {
        for path in paths {
            let path = path.canonicalize().unwrap_or_else(|_| path.clone());
            if !self.picked.contains(&path) {
                self.picked.push(path);
            }
        }
    }

    /// Loads files in the background; the data on screen stays until they load cleanly. These count as
    /// picked by the user.
    pub fn start_loading(&mut self, ctx: &egui::Context, paths: Vec<PathBuf>) {
        // Other data would take the place of unsaved changes: ask first.
        if self.state.history.unsaved() {
            let what = super::windows::OtherData::Open(paths);
            self.dialogs.load_waiting = Some(super::windows::LoadWaiting { what, asking: true });
            return;
        }
        self.load_now(ctx, paths);
    }

    /// Starts reading files in the background, whatever is unsaved (the question was answered).
    pub(super) fn load_now(&mut self, ctx: &egui::Context, paths: Vec<PathBuf>) {
        self.jobs.forget_unsaved_on_load = false;
        self.remember_picked(&paths);
        let ctx = ctx.clone();
        self.jobs.loader = Some(Loader::start(paths, move || ctx.request_repaint()));
    }

    /// Files dropped on the window load as the dataset.
    pub(super) fn dropped_files(&mut self, ui: &egui::Ui) {
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

    /// Takes a finished load: the dataset replaces the one on screen (with a briefing waiting for it, if
    /// any), or its problems are shown and the data on screen stays.
    pub(super) fn poll_loader(&mut self, ctx: &egui::Context) {
        let Some(outcome) = self.jobs.loader.as_ref().and_then(Loader::poll) else {
            if self.jobs.loader.is_some() {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
            return;
        };
        self.jobs.loader = None;
        if std::mem::take(&mut self.jobs.forget_unsaved_on_load) && outcome.dataset.is_some() {
            // "Don't save" was the answer: the changes and their journal go now that the data is replaced.
            self.commands.push(Command::ForgetUnsavedChanges);
        }
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
                self.commands.push(Command::ReportLoadProblems(problems));
            }
            (None, briefing) => {
                if briefing.is_some() {
                    self.briefing_path = None;
                }
                // Nothing was opened: say so above the reasons, whatever the data on screen.
                let summary = "Not opened; the data on screen was kept.".to_owned();
                self.commands.push(Command::ReportImportProblems { summary, problems });
            }
        }
    }
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
