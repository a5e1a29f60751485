//! Shared application state: the loaded dataset, filters, time window, selection, hover and playback.
//! Views read it and change it only by pushing [`Command`]s, which the app applies once per frame.
//! No UI types here, so every rule is testable without a window.

mod briefing;
pub mod briefing_file;
mod command;
mod editing;
mod journal;
mod load;
mod playback;
mod time_window;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

pub use briefing::{BasemapChoice, Briefing, DatasetCheck, Scene};
pub use command::{Command, MapRequest, SceneMove};
pub use editing::{BulkChange, Edit, History, Merge, merge, new_id};
pub use journal::{Journal, JournalStep, Recovery};
pub use load::{LoadOutcome, load};
pub use playback::{PLAYBACK_SPEEDS, Playback, PlaybackMode};
pub use time_window::jump_window;

use crate::model::{Incident, UNBOUNDED_FUTURE, UNBOUNDED_PAST, UnixSeconds};
use crate::store::areas::AreaName;
use crate::store::{CategorySet, Query, ShownCount, Store, TimeWindow};

/// The dataset on screen.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The indexed incidents.
    pub store: Arc<Store>,
    /// What the title bar calls it (file name or "synthetic").
    pub name: String,
    /// Where it came from, if from files.
    pub paths: Vec<PathBuf>,
    /// The file Save writes back to: the one file the dataset was read from, when that file is one of
    /// our own datasets (another tool's file, or several files, are saved with Save As).
    pub saves_to: Option<PathBuf>,
    /// What `saves_to` looked like when it was read or last saved, to tell whether another program has
    /// changed it since.
    pub saved_stamp: Option<crate::sys::FileStamp>,
}

impl Dataset {
    /// A dataset from incidents, named for the title bar.
    #[must_use]
    pub fn new(incidents: Vec<Incident>, name: impl Into<String>, paths: Vec<PathBuf>) -> Self {
        let store = Store::new(incidents).with_area_locator(area_around);
        Self { store: Arc::new(store), name: name.into(), paths, saves_to: None, saved_stamp: None }
    }

    /// Whether the file Save writes to was changed or replaced by another program since it was read or
    /// last saved (a file that is gone is not: saving puts it back).
    #[must_use]
    pub fn changed_on_disk(&self) -> bool {
        let Some(path) = &self.saves_to else { return false };
        match crate::sys::FileStamp::of(path) {
            Some(now) => self.saved_stamp != Some(now),
            None => false,
        }
    }
}

/// The country and admin-1 region around a point, from the offline gazetteer's region outlines.
#[must_use]
pub fn area_around(lat: f64, lon: f64) -> Option<AreaName> {
    crate::geocode::area_at(lat, lon).map(|a| AreaName { country: a.country_name, region: a.admin1 })
}

/// The filters an analyst sets.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Filters {
    /// Categories switched off (by name, so they survive a reload).
    pub hidden_categories: BTreeSet<String>,
    /// Free text searched in title, place, actors, description and notes.
    pub text: String,
    /// Minimum killed plus injured (0 shows all).
    pub min_casualties: u32,
    /// Only incidents in this country.
    pub country: Option<String>,
    /// Only incidents in this admin-1 region of the country.
    pub region: Option<String>,
}

/// Everything the views share.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The dataset.
    pub dataset: Dataset,
    /// Category, text and casualty filters.
    pub filters: Filters,
    /// The brushed time window.
    pub window: TimeWindow,
    /// The selected incident (store index).
    pub selection: Option<u32>,
    /// Incidents picked together (Ctrl/Shift+click in the list) for one change to all: empty, or two or
    /// more that include the selection.
    pub picked: BTreeSet<u32>,
    /// The incident under the pointer in any view.
    pub hover: Option<u32>,
    /// Play/pause, speed and mode.
    pub playback: Playback,
    /// Problems from the last load, shown in a panel until dismissed.
    pub load_problems: Vec<String>,
    /// What the last import did, shown above its problems (`None` after other loads).
    pub load_summary: Option<String>,
    /// A request for the map view (centre on, fit), taken by the map when it draws.
    pub map_request: Option<MapRequest>,
    /// The briefing being built or presented.
    pub briefing: Briefing,
    /// The scene last gone to (index into the briefing's scenes).
    pub scene: Option<usize>,
    /// A basemap a scene asks for, taken by the app (which owns the tile sources).
    pub basemap_request: Option<BasemapChoice>,
    /// Other data came in while the briefing has scenes: the app asks whether to keep them.
    pub asking_about_scenes: bool,
    /// The changes made to the dataset since it was opened, for undo and redo.
    pub history: History,
    /// Where each change is written as it is made, to survive a crash.
    pub journal: Journal,
    /// Unsaved changes an earlier run left for the dataset on screen, until put back or given up.
    pub recovery: Option<Recovery>,
    /// Why the journal could not be written, said once (then taken by the app).
    pub journal_trouble: Option<String>,
    /// A new incident to open in the editor (taken by the app, which owns the editor).
    editor_request: Option<u32>,
    visible: Vec<u32>,
    /// With a search: every incident matching the filters at any time, and the filters they match.
    matches: Option<(Query, Vec<u32>)>,
    revision: u64,
    data_revision: u64,
}

/// How many incidents a search finds, in the time window and at any time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchMatches {
    /// Matches at any time.
    pub total: usize,
    /// Matches in the time window (shown).
    pub in_window: usize,
}

impl SearchMatches {
    /// Matches outside the time window.
    #[must_use]
    pub fn outside(&self) -> usize {
        self.total - self.in_window
    }
}

impl AppState {
    /// State for a dataset: everything shown, the window covering all of its time.
    #[must_use]
    pub fn new(dataset: Dataset) -> Self {
        let window = full_window(&dataset.store);
        let mut state = Self {
            dataset,
            filters: Filters::default(),
            window,
            selection: None,
            picked: BTreeSet::new(),
            hover: None,
            playback: Playback::default(),
            load_problems: Vec::new(),
            load_summary: None,
            map_request: Some(MapRequest::FitVisible),
            briefing: Briefing::default(),
            scene: None,
            basemap_request: None,
            asking_about_scenes: false,
            history: History::default(),
            journal: Journal::default(),
            recovery: None,
            journal_trouble: None,
            editor_request: None,
            visible: Vec::new(),
            matches: None,
            revision: 0,
            data_revision: 0,
        };
        state.refresh();
        state
    }

    /// The store.
    #[must_use]
    pub fn store(&self) -> &Store {
        &self.dataset.store
    }

    /// The query the filters and window make.
    #[must_use]
    pub fn query(&self) -> Query {
        let store = self.store();
        let hidden = &self.filters.hidden_categories;
        let categories = (!hidden.is_empty()).then(|| {
            CategorySet::from_codes(
                store
                    .categories()
                    .iter()
                    .enumerate()
                    .filter(|(_, name)| !hidden.contains(*name))
                    .filter_map(|(code, _)| u16::try_from(code).ok()),
            )
        });
        let text = self.filters.text.trim();
        Query {
            window: Some(self.window),
            bbox: None,
            categories,
            text: (!text.is_empty()).then(|| text.to_owned()),
            min_casualties: (self.filters.min_casualties > 0).then_some(self.filters.min_casualties),
            area: self
                .filters
                .country
                .clone()
                .map(|country| crate::store::AreaQuery { country, region: self.filters.region.clone() }),
        }
    }

    /// Incidents passing the filters in the window, in time order.
    #[must_use]
    pub fn visible(&self) -> &[u32] {
        &self.visible
    }

    /// Changes whenever the shown incidents may have changed (for views that cache derived data).
    #[must_use]
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Changes whenever the incidents themselves may have changed (other data, an edit, undo, redo),
    /// for views that cache what they derive from all of them whatever is shown.
    #[must_use]
    pub fn data_revision(&self) -> u64 {
        self.data_revision
    }

    /// "N of M shown".
    #[must_use]
    pub fn shown(&self) -> ShownCount {
        ShownCount { shown: self.visible.len(), total: self.store().len() }
    }

    /// Whether a category is shown.
    #[must_use]
    pub fn category_shown(&self, name: &str) -> bool {
        !self.filters.hidden_categories.contains(name)
    }

    /// The span of the data, for presets and playback (a default when the store is empty).
    #[must_use]
    pub fn data_span(&self) -> TimeWindow {
        full_window(self.store())
    }

    /// Takes the new incident to open in the editor, if one was just added.
    pub fn take_editor_request(&mut self) -> Option<u32> {
        self.editor_request.take()
    }

    /// Takes the basemap a scene asked for (the app owns tile sources and carries it out).
    pub fn take_basemap_request(&mut self) -> Option<BasemapChoice> {
        self.basemap_request.take()
    }

    /// Applies one command: each group of commands has its own method.
    pub fn apply(&mut self, command: Command) {
        match command {
            Command::Select(..)
            | Command::SelectAndCenter(..)
            | Command::Hover(..)
            | Command::ClearSelection
            | Command::SelectNext
            | Command::SelectPrevious
            | Command::TogglePicked(..)
            | Command::PickRange(..)
            | Command::PickAllShown => {
                self.apply_selection(command);
            }
            Command::SetWindow(..)
            | Command::ToggleCategory(..)
            | Command::ShowAllCategories
            | Command::SetText(..)
            | Command::SetArea { .. }
            | Command::SetMinCasualties(..)
            | Command::ShowAllMatches
            | Command::SelectFirstMatch => {
                self.apply_filter(command);
            }
            Command::FitToData
            | Command::FitArea(..)
            | Command::MapRequestDone(..)
            | Command::CancelMapRequest => {
                self.apply_map(&command);
            }
            Command::TogglePlay
            | Command::SetPlaybackMode(..)
            | Command::SetPlaybackSpeed(..)
            | Command::SetSkipGaps(..)
            | Command::StepFrame { .. }
            | Command::Tick(..) => {
                self.apply_playback(&command);
            }
            Command::ReplaceDataset(..)
            | Command::ReportLoadProblems(..)
            | Command::ReportImportProblems { .. }
            | Command::DismissLoadProblems => {
                self.apply_data(command);
            }
            Command::AddScene(..)
            | Command::UpdateScene(..)
            | Command::EditScene { .. }
            | Command::MoveScene(..)
            | Command::DeleteScene(..)
            | Command::GoToScene(..)
            | Command::JumpToScene(..)
            | Command::NextScene
            | Command::PreviousScene
            | Command::ReplaceBriefing(..)
            | Command::KeepScenes(..)
            | Command::SetBriefingTitle(..) => {
                self.apply_briefing(command);
            }
            Command::Edit(..)
            | Command::NewIncident(..)
            | Command::Undo
            | Command::Redo
            | Command::Saved(..)
            | Command::RestoreUnsavedChanges
            | Command::ForgetUnsavedChanges => {
                self.apply_edit(command);
            }
        }
    }

    /// Keeps a recovery journal of every change in `folder`, and looks there for unsaved changes an
    /// earlier run left for the dataset on screen.
    pub fn keep_journal_in(&mut self, folder: PathBuf) {
        self.journal = Journal::in_folder(folder);
        self.recovery = self.journal.pending(&self.dataset);
    }

    /// Changes to the dataset, undo and redo. The selection follows the incident a step put in, or
    /// else stays on the incident it was on (whose index may have shifted).
    fn apply_edit(&mut self, command: Command) {
        let key = |i: &Incident| (i.id.clone(), i.date.interval().start);
        let selected = self.selection.and_then(|i| self.store().get(i)).map(key);
        let picked: Vec<_> = self.picked.iter().filter_map(|&i| self.store().get(i)).map(key).collect();
        let outcome = match command {
            Command::Edit(edit) => self.take_step(JournalStep::Edit(edit), now(), true),
            Command::NewIncident(at) => {
                let category = self.selection.and_then(|i| self.store().get(i)).map(|i| i.category.clone());
                let category = category
                    .or_else(|| self.store().categories().first().cloned())
                    .unwrap_or_else(|| "incident".to_owned());
                let added = editing::blank(self.store(), self.window, &category, at)
                    .and_then(|new| self.take_step(JournalStep::Edit(Edit::Add(vec![new])), now(), true));
                self.editor_request = added.and_then(|outcome| outcome.placed);
                added
            }
            Command::Undo => self.take_step(JournalStep::Undo, now(), true),
            Command::Redo => self.take_step(JournalStep::Redo, now(), true),
            Command::Saved(path) => {
                self.saved(path);
                None
            }
            Command::RestoreUnsavedChanges => self.restore(),
            Command::ForgetUnsavedChanges => {
                if let Some(recovery) = self.recovery.take() {
                    let _ = std::fs::remove_file(&recovery.path);
                }
                self.journal.clear();
                None
            }
            // The other groups have their own methods, to which `apply` sends them.
            _ => None,
        };
        let Some(outcome) = outcome else { return };
        self.data_revision += 1;
        let store = self.store();
        self.selection =
            outcome.placed.or_else(|| selected.and_then(|(id, start)| store.find_id_starting(&id, start)));
        // Picked incidents stay picked while they are there (a bulk change keeps their dates).
        self.picked =
            picked.iter().filter_map(|(id, start)| self.store().find_id_starting(id, *start)).collect();
        self.picked.extend(self.selection.filter(|_| !self.picked.is_empty()));
        self.keep_picked_whole();
        self.hover = None;
        if matches!(self.map_request, Some(MapRequest::CenterOn(_))) {
            self.map_request = None;
        }
        self.follow_edit(outcome.moved);
    }

    /// The shown incidents (and the search's matches) after a step: for one incident changed in place,
    /// the lists follow its move (those between shift by one, it leaves or joins by the filters), which
    /// costs a pass over the part of them between its two places; after anything else they are found
    /// again.
    fn follow_edit(&mut self, moved: Option<(u32, u32)>) {
        let Some((from, to)) = moved else {
            self.matches = None;
            self.refresh();
            return;
        };
        let query = self.query();
        let shown = self.dataset.store.accepts(&query, to);
        follow_move(&mut self.visible, from, to, shown);
        if let Some((any_time, found)) = &mut self.matches {
            let matched = self.dataset.store.accepts(any_time, to);
            follow_move(found, from, to, matched);
        }
        self.revision += 1;
    }

    /// One step on the store and in the history, made at `at` (UTC seconds); written to the journal
    /// unless it is being replayed from there.
    fn take_step(&mut self, step: JournalStep, at: UnixSeconds, journaled: bool) -> Option<editing::Outcome> {
        let journaled = journaled && self.journal.is_kept();
        if journaled && self.recovery.is_some() {
            // Changes go on from what is on screen: the earlier run's journal is moved aside first.
            if let Some(recovery) = self.recovery.take() {
                self.journal_trouble = journal::set_aside(&recovery).err();
                self.journal.detach();
            }
        }
        let base = (journaled && self.journal.starts_anew()).then(|| DatasetCheck::of(self.store()));
        let kept = journaled.then(|| step.clone());
        let store = Arc::make_mut(&mut self.dataset.store);
        let outcome = match step {
            JournalStep::Edit(edit) => editing::edit(&mut self.history, store, edit, at),
            JournalStep::Undo => editing::undo(&mut self.history, store),
            JournalStep::Redo => editing::redo(&mut self.history, store),
        }?;
        if let Some(step) = kept {
            let label = match step {
                JournalStep::Edit(_) | JournalStep::Redo => self.history.undo_label(),
                JournalStep::Undo => self.history.redo_label(),
            };
            let label = match (&step, label.unwrap_or_default()) {
                (JournalStep::Undo, l) => format!("undo: {l}"),
                (JournalStep::Redo, l) => format!("redo: {l}"),
                (JournalStep::Edit(_), l) => l.to_owned(),
            };
            if let Err(e) = self.journal.record(&self.dataset, base, &step, at, &label) {
                self.journal_trouble = Some(format!(
                    "The recovery journal could not be written ({e}); changes since are not protected \
                     against a crash until they are saved."
                ));
            }
        }
        Some(outcome)
    }

    /// The dataset as it is now was written to `path`: nothing is unsaved, and the journal goes.
    fn saved(&mut self, path: PathBuf) {
        self.history.mark_saved();
        self.journal.clear();
        self.dataset.name = crate::io::file_name(&path);
        self.dataset.paths = vec![path.clone()];
        self.dataset.saved_stamp = crate::sys::FileStamp::of(&path);
        self.dataset.saves_to = Some(path);
    }

    /// Puts back the steps an earlier run left in its journal, as undoable steps; the journal goes on.
    fn restore(&mut self) -> Option<editing::Outcome> {
        let recovery = self.recovery.take()?;
        if recovery.refused.is_some() {
            return None;
        }
        let mut last = None;
        for (step, at) in recovery.steps.iter().cloned() {
            last = self.take_step(step, at, false).or(last);
        }
        self.journal.resume(&recovery);
        last
    }

    /// Selection, picking and hover.
    fn apply_selection(&mut self, command: Command) {
        let len = self.store().len();
        match command {
            Command::Select(index) => {
                self.selection = index.filter(|&i| (i as usize) < len);
                self.picked.clear();
            }
            Command::SelectAndCenter(index) => {
                self.apply(Command::Select(Some(index)));
                if self.selection.is_some() {
                    self.map_request = Some(MapRequest::CenterOn(index));
                }
            }
            Command::Hover(index) => self.hover = index,
            Command::ClearSelection => {
                self.selection = None;
                self.picked.clear();
            }
            Command::SelectNext => self.step_selection(true),
            Command::SelectPrevious => self.step_selection(false),
            Command::TogglePicked(index) if (index as usize) < len => {
                if self.picked.is_empty() {
                    self.picked.extend(self.selection);
                }
                if self.picked.insert(index) {
                    self.selection = Some(index);
                } else {
                    self.picked.remove(&index);
                    if self.selection == Some(index) {
                        self.selection = self.picked.last().copied();
                    }
                }
                self.keep_picked_whole();
            }
            Command::PickRange(indices) => {
                self.picked = indices.into_iter().filter(|&i| (i as usize) < len).collect();
                if self.selection.is_none_or(|s| !self.picked.contains(&s)) {
                    self.selection = self.picked.first().copied();
                }
                self.keep_picked_whole();
            }
            Command::PickAllShown => {
                self.picked = self.visible.iter().copied().collect();
                if self.selection.is_none_or(|s| !self.picked.contains(&s)) {
                    self.selection = self.visible.first().copied();
                }
                self.keep_picked_whole();
            }
            // The other groups have their own methods, to which `apply` sends them.
            _ => {}
        }
    }

    /// One picked incident is just the selection: the picking ends there.
    fn keep_picked_whole(&mut self) {
        if self.picked.len() < 2 {
            self.picked.clear();
        }
    }

    /// The time window and the filters: what is shown.
    fn apply_filter(&mut self, command: Command) {
        match command {
            Command::SetWindow(window) if window.end > window.start => {
                self.window = window;
                self.refresh();
            }
            Command::ToggleCategory(name) => {
                if !self.filters.hidden_categories.remove(&name) {
                    self.filters.hidden_categories.insert(name);
                }
                self.refresh();
            }
            Command::ShowAllCategories => {
                self.filters.hidden_categories.clear();
                self.refresh();
            }
            Command::SetText(text) => {
                self.filters.text = text;
                self.refresh();
            }
            Command::SetArea { country, region } => {
                self.filters.region = region.filter(|_| country.is_some());
                self.filters.country = country;
                self.refresh();
            }
            Command::SetMinCasualties(n) => {
                self.filters.min_casualties = n;
                self.refresh();
            }
            Command::ShowAllMatches => self.show_all_matches(),
            Command::SelectFirstMatch => self.select_first_match(),
            // The other groups have their own methods, to which `apply` sends them.
            _ => {}
        }
    }

    /// Requests to the map view.
    fn apply_map(&mut self, command: &Command) {
        match *command {
            Command::FitToData => self.map_request = Some(MapRequest::FitVisible),
            Command::FitArea(area) => self.map_request = Some(MapRequest::FitArea(area)),
            Command::MapRequestDone(done)
                // A newer request made in the same frame stays.
                if self.map_request == Some(done) => {
                    self.map_request = None;
                }
            Command::CancelMapRequest => self.map_request = None,
            // The other groups have their own methods, to which `apply` sends them.
            _ => {}
        }
    }

    /// Playback of the time window.
    fn apply_playback(&mut self, command: &Command) {
        match *command {
            Command::TogglePlay => {
                let span = self.data_span();
                if self.playback.toggle(&mut self.window, span) {
                    self.refresh();
                }
            }
            Command::SetPlaybackMode(mode) => self.playback.mode = mode,
            Command::SetPlaybackSpeed(index) => self.playback.speed = index.min(PLAYBACK_SPEEDS.len() - 1),
            Command::SetSkipGaps(on) => self.playback.skip_gaps = on,
            Command::StepFrame { forward } => {
                let span = self.data_span();
                if self.playback.step(&mut self.window, span, forward) {
                    self.refresh();
                }
            }
            Command::Tick(seconds) => {
                let span = self.data_span();
                if self.playback.advance(&mut self.window, span, seconds) {
                    self.refresh();
                }
                let (store, query) = (&self.dataset.store, self.query());
                let next_start = |t| store.first_starting_from(&query, t).map(|i| store.interval_of(i).start);
                let nothing_in_view = self.visible.is_empty();
                if self.playback.skip_gap(&mut self.window, span, next_start, nothing_in_view) {
                    self.refresh();
                }
            }
            // The other groups have their own methods, to which `apply` sends them.
            _ => {}
        }
    }

    /// The dataset and the problems of loading it.
    fn apply_data(&mut self, command: Command) {
        match command {
            Command::ReplaceDataset(dataset) => self.replace_dataset(*dataset),
            Command::ReportLoadProblems(problems) => {
                self.load_problems = problems;
                self.load_summary = None;
            }
            Command::ReportImportProblems { summary, problems } => {
                self.load_problems = problems;
                self.load_summary = Some(summary);
            }
            Command::DismissLoadProblems => {
                self.load_problems.clear();
                self.load_summary = None;
            }
            // The other groups have their own methods, to which `apply` sends them.
            _ => {}
        }
    }

    /// Puts a new dataset on screen. Filters and the selected incident (by id) are kept where they still
    /// apply. The same files read again keep the time window and the map view; other data gets the window
    /// over all its time, the map fitted to all of it, and, when the briefing has scenes, the question
    /// whether to keep them.
    fn replace_dataset(&mut self, dataset: Dataset) {
        let selected_id = self.selection.map(|i| self.store().incident(i).id.clone());
        let same_files = !dataset.paths.is_empty() && dataset.paths == self.dataset.paths;
        let (window, filters) = (self.window, self.filters.clone());
        let briefing = std::mem::take(&mut self.briefing);
        let (scene, playback) = (self.scene, self.playback);
        // Revisions only go up, so that no view mistakes the new data for what it cached before.
        let (revision, data_revision) = (self.revision, self.data_revision);
        let mut journal = std::mem::take(&mut self.journal);
        journal.detach();
        *self = AppState::new(dataset);
        self.revision += revision;
        self.data_revision += data_revision + 1;
        self.recovery = journal.pending(&self.dataset);
        self.journal = journal;
        self.filters = filters;
        self.playback = playback;
        self.playback.playing = false;
        self.briefing = briefing;
        if same_files {
            self.window = window;
            self.map_request = None;
            self.scene = scene;
        } else {
            self.map_request = Some(MapRequest::FitAll);
            self.asking_about_scenes = !self.briefing.scenes.is_empty();
        }
        self.refresh();
        self.selection = selected_id.and_then(|id| self.store().find_id(&id));
    }

    /// Scenes whose selected incident is not in the dataset on screen (indices into the briefing's scenes).
    #[must_use]
    pub fn scenes_missing_their_incident(&self) -> Vec<usize> {
        let store = self.store();
        self.briefing
            .scenes
            .iter()
            .enumerate()
            .filter(|(_, scene)| scene.selected.as_deref().is_some_and(|id| store.find_id(id).is_none()))
            .map(|(k, _)| k)
            .collect()
    }

    /// The briefing and its scenes.
    fn apply_briefing(&mut self, command: Command) {
        match command {
            Command::AddScene(scene) => {
                self.briefing.scenes.push(*scene);
                self.scene = Some(self.briefing.scenes.len() - 1);
            }
            Command::UpdateScene(k, scene) => {
                if let Some(slot) = self.briefing.scenes.get_mut(k) {
                    // The title and caption are the analyst's words: only the view changes.
                    let (title, caption) =
                        (std::mem::take(&mut slot.title), std::mem::take(&mut slot.caption));
                    *slot = Scene { title, caption, ..*scene };
                }
            }
            Command::EditScene { scene, title, caption } => {
                if let Some(slot) = self.briefing.scenes.get_mut(scene) {
                    slot.title = title;
                    slot.caption = caption;
                }
            }
            Command::MoveScene(k, to) => self.move_scene(k, to),
            Command::DeleteScene(k) if k < self.briefing.scenes.len() => {
                self.briefing.scenes.remove(k);
                self.scene = match self.scene {
                    Some(s) if s == k => None,
                    Some(s) if s > k => Some(s - 1),
                    other => other,
                };
            }
            Command::GoToScene(k) => self.go_to_scene(k, true),
            Command::JumpToScene(k) => self.go_to_scene(k, false),
            Command::NextScene => {
                let next = self.scene.map_or(0, |s| s + 1);
                if next < self.briefing.scenes.len() {
                    self.go_to_scene(next, true);
                }
            }
            Command::PreviousScene => {
                if let Some(previous) = self.scene.and_then(|s| s.checked_sub(1)) {
                    self.go_to_scene(previous, true);
                }
            }
            Command::ReplaceBriefing(briefing) => {
                self.briefing = *briefing;
                self.scene = None;
                self.asking_about_scenes = false;
            }
            Command::KeepScenes(keep) => {
                if !keep {
                    self.briefing.scenes.clear();
                    self.scene = None;
                }
                self.asking_about_scenes = false;
            }
            Command::SetBriefingTitle(title) => self.briefing.title = title,
            // The other groups have their own methods, to which `apply` sends them.
            _ => {}
        }
    }

    fn move_scene(&mut self, k: usize, to: SceneMove) {
        let n = self.briefing.scenes.len();
        let target = match to {
            SceneMove::Up => k.checked_sub(1),
            SceneMove::Down => Some(k + 1).filter(|&t| t < n),
        };
        if let Some(t) = target.filter(|_| k < n) {
            self.briefing.scenes.swap(k, t);
            if self.scene == Some(k) {
                self.scene = Some(t);
            } else if self.scene == Some(t) {
                self.scene = Some(k);
            }
        }
    }

    /// Restores a scene's window, filters and selection, and asks the map to fly (or jump) to its view
    /// and the app for its basemap. A selected incident missing from the dataset is reported.
    fn go_to_scene(&mut self, k: usize, fly: bool) {
        let Some(scene) = self.briefing.scenes.get(k).cloned() else { return };
        self.scene = Some(k);
        self.playback.playing = false;
        if scene.end > scene.start {
            self.window = scene.window();
        }
        self.filters = scene.filters.clone();
        self.refresh();
        self.selection = scene.selected.as_deref().and_then(|id| self.store().find_id(id));
        if let (Some(id), None) = (&scene.selected, self.selection) {
            self.load_summary = None;
            self.load_problems = vec![format!(
                "scene {} ({}): its selected incident {id:?} is not in this dataset",
                k + 1,
                scene.title
            )];
        }
        self.map_request = Some(MapRequest::View { lat: scene.lat, lon: scene.lon, zoom: scene.zoom, fly });
        self.basemap_request = Some(scene.basemap);
    }

    fn step_selection(&mut self, forward: bool) {
        let visible = &self.visible;
        if visible.is_empty() {
            return;
        }
        let next = match self.selection {
            None => {
                if forward {
                    visible[0]
                } else {
                    visible[visible.len() - 1]
                }
            }
            Some(current) => {
                // Visible incidents are in time order; find the neighbour of the current one.
                let pos = visible.partition_point(|&i| i < current);
                if forward {
                    let at = if visible.get(pos) == Some(&current) { pos + 1 } else { pos };
                    match visible.get(at) {
                        Some(&i) => i,
                        None => return,
                    }
                } else if pos == 0 {
                    return;
                } else {
                    visible[pos - 1]
                }
            }
        };
        self.selection = Some(next);
        if !self.store().points_of(next).is_empty() {
            self.map_request = Some(MapRequest::CenterOn(next));
        }
    }

    /// Recomputes what is visible after the window or a filter changed, and, with a search, what matches
    /// at any time (only when a filter changed: playback moves the window every frame).
    fn refresh(&mut self) {
        let query = self.query();
        self.visible = self.dataset.store.visible(&query);
        let any_time = query.without_window();
        if any_time.text.is_none() {
            self.matches = None;
        } else if self.matches.as_ref().is_none_or(|(q, _)| *q != any_time) {
            let found = self.dataset.store.visible(&any_time);
            self.matches = Some((any_time, found));
        }
        self.revision += 1;
    }

    /// With a search: how many incidents match, in the window and at any time.
    #[must_use]
    pub fn search_matches(&self) -> Option<SearchMatches> {
        self.matches
            .as_ref()
            .map(|(_, all)| SearchMatches { total: all.len(), in_window: self.visible.len() })
    }

    /// Widens the time window to take in every incident the search matches at any time.
    fn show_all_matches(&mut self) {
        let Some((_, all)) = &self.matches else { return };
        let store = &self.dataset.store;
        let known = |t: i64| t != UNBOUNDED_PAST && t != UNBOUNDED_FUTURE;
        let starts = all.iter().map(|&i| store.interval_of(i).start).filter(|&t| known(t));
        let ends = all.iter().map(|&i| store.interval_of(i).end).filter(|&t| known(t));
        let (Some(start), Some(end)) = (starts.min(), ends.max()) else { return };
        let wider = TimeWindow { start: start.min(self.window.start), end: end.max(self.window.end) };
        if wider != self.window {
            self.window = wider;
            self.refresh();
        }
    }

    /// Selects the first match of the search (the first in the window, else the first at any time, widening
    /// the window to show it) and asks the map to centre on it.
    fn select_first_match(&mut self) {
        let first_in_window = self.visible.first().copied();
        let first =
            first_in_window.or_else(|| self.matches.as_ref().and_then(|(_, all)| all.first().copied()));
        let Some(first) = first else { return };
        if first_in_window.is_none() {
            let iv = self.store().interval_of(first);
            self.window =
                TimeWindow { start: iv.start.min(self.window.start), end: iv.end.max(self.window.end) };
            self.refresh();
        }
        self.apply(Command::SelectAndCenter(first));
    }
}

/// The data's time span, or the years 2000–2025 for an empty store.
fn full_window(store: &Store) -> TimeWindow {
    store
        .time_span()
        .filter(|s| s.start != UNBOUNDED_PAST && s.end != UNBOUNDED_FUTURE)
        .unwrap_or(TimeWindow { start: 946_684_800, end: 1_735_689_600 })
}

/// A sorted list of incident indices after the incident at `from` moved to `to` (those between shifted
/// by one towards `from`): `to` is in it afterwards when `shown`. Only the part of the list between the
/// two places is touched, unless the incident leaves or joins it.
fn follow_move(list: &mut Vec<u32>, from: u32, to: u32, shown: bool) {
    let (lo, hi) = (from.min(to), from.max(to));
    let (a, b) = (list.partition_point(|&v| v < lo), list.partition_point(|&v| v <= hi));
    let had = list[a..b].binary_search(&from).ok().map(|k| a + k);
    let step = if to > from { u32::MAX } else { 1 };
    for v in &mut list[a..b] {
        if *v != from {
            *v = v.wrapping_add(step);
        }
    }
    match (had, shown) {
        (Some(k), true) => {
            // Into its sorted place within the same stretch.
            list[k] = to;
            let place = a + list[a..b].iter().filter(|&&v| v < to).count();
            if place > k {
                list[k..=place].rotate_left(1);
            } else {
                list[place..=k].rotate_right(1);
            }
        }
        (Some(k), false) => {
            list.remove(k);
        }
        (None, true) => {
            let place = list.partition_point(|&v| v < to);
            list.insert(place, to);
        }
        (None, false) => {}
    }
}

/// The time now, in UTC seconds: when a step is made.
fn now() -> UnixSeconds {
    jiff::Timestamp::now().as_second()
}

#[cfg(test)]
mod tests;
