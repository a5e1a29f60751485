//! Shared application state: the loaded dataset, filters, time window, selection, hover and playback.
//! Views read it and change it only by pushing [`Command`]s, which the app applies once per frame.
//! No UI types here, so every rule is testable without a window.

mod command;
mod playback;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

pub use command::{Command, MapRequest};
pub use playback::{PLAYBACK_SPEEDS, Playback, PlaybackMode};

use crate::model::{Incident, UNBOUNDED_FUTURE, UNBOUNDED_PAST};
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
}

impl Dataset {
    /// A dataset from incidents, named for the title bar.
    #[must_use]
    pub fn new(incidents: Vec<Incident>, name: impl Into<String>, paths: Vec<PathBuf>) -> Self {
        Self { store: Arc::new(Store::new(incidents)), name: name.into(), paths }
    }
}

/// The filters an analyst sets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// Categories switched off (by name, so they survive a reload).
    pub hidden_categories: BTreeSet<String>,
    /// Free text searched in title, place, actors, description and notes.
    pub text: String,
    /// Minimum killed plus injured (0 shows all).
    pub min_casualties: u32,
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
    /// The incident under the pointer in any view.
    pub hover: Option<u32>,
    /// Play/pause, speed and mode.
    pub playback: Playback,
    /// Problems from the last load, shown in a panel until dismissed.
    pub load_problems: Vec<String>,
    /// A request for the map view (centre on, fit), taken by the map when it draws.
    pub map_request: Option<MapRequest>,
    visible: Vec<u32>,
    revision: u64,
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
            hover: None,
            playback: Playback::default(),
            load_problems: Vec::new(),
            map_request: Some(MapRequest::FitVisible),
            visible: Vec::new(),
            revision: 0,
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

    /// Applies one command.
    pub fn apply(&mut self, command: Command) {
        match command {
            Command::Select(index) => {
                self.selection = index.filter(|&i| (i as usize) < self.store().len());
            }
            Command::SelectAndCenter(index) => {
                self.apply(Command::Select(Some(index)));
                if self.selection.is_some() {
                    self.map_request = Some(MapRequest::CenterOn(index));
                }
            }
            Command::Hover(index) => self.hover = index,
            Command::ClearSelection => self.selection = None,
            Command::SelectNext => self.step_selection(true),
            Command::SelectPrevious => self.step_selection(false),
            Command::SetWindow(window) => {
                if window.end > window.start {
                    self.window = window;
                    self.refresh();
                }
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
            Command::SetMinCasualties(n) => {
                self.filters.min_casualties = n;
                self.refresh();
            }
            Command::FitToData => self.map_request = Some(MapRequest::FitVisible),
            Command::MapRequestDone => self.map_request = None,
            Command::TogglePlay => {
                let span = self.data_span();
                if self.playback.toggle(&mut self.window, span) {
                    self.refresh();
                }
            }
            Command::SetPlaybackMode(mode) => self.playback.mode = mode,
            Command::SetPlaybackSpeed(index) => self.playback.speed = index.min(PLAYBACK_SPEEDS.len() - 1),
            Command::Tick(seconds) => {
                let span = self.data_span();
                if self.playback.advance(&mut self.window, span, seconds) {
                    self.refresh();
                }
            }
            Command::ReplaceDataset(dataset) => {
                let selected_id = self.selection.map(|i| self.store().incident(i).id.clone());
                let keep_filters = self.filters.clone();
                *self = AppState::new(*dataset);
                self.filters = keep_filters;
                self.selection = selected_id.and_then(|id| self.store().find_id(&id));
                self.refresh();
            }
            Command::ReportLoadProblems(problems) => self.load_problems = problems,
            Command::DismissLoadProblems => self.load_problems.clear(),
        }
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

    /// Recomputes what is visible after the window or a filter changed.
    fn refresh(&mut self) {
        self.visible = self.dataset.store.visible(&self.query());
        self.revision += 1;
    }
}

/// The data's time span, or the years 2000–2025 for an empty store.
fn full_window(store: &Store) -> TimeWindow {
    store
        .time_span()
        .filter(|s| s.start != UNBOUNDED_PAST && s.end != UNBOUNDED_FUTURE)
        .unwrap_or(TimeWindow { start: 946_684_800, end: 1_735_689_600 })
}

#[cfg(test)]
mod tests;
