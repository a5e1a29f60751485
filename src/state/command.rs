//! Commands: the only way views change the shared state.

use super::{Briefing, Dataset, PlaybackMode, Scene};
use crate::store::TimeWindow;

/// A change a view asks for. The app applies commands once per frame, in order.
#[derive(Debug, Clone)]
pub enum Command {
    /// Select an incident, or clear the selection with `None`.
    Select(Option<u32>),
    /// Select an incident and centre the map on it (a list row click).
    SelectAndCenter(u32),
    /// The pointer is over an incident (or nothing) in some view.
    Hover(Option<u32>),
    /// Clear the selection (Esc), and any picked rows.
    ClearSelection,
    /// Add an incident to the picked ones, or take it out (Ctrl+click in the list).
    TogglePicked(u32),
    /// Pick these incidents, keeping the selection (Shift+click: the rows from the selection to the
    /// row clicked).
    PickRange(Vec<u32>),
    /// Pick every incident shown.
    PickAllShown,
    /// The next shown incident in time (→).
    SelectNext,
    /// The previous shown incident in time (←).
    SelectPrevious,
    /// Set the time window.
    SetWindow(TimeWindow),
    /// Show or hide a category.
    ToggleCategory(String),
    /// Show every category.
    ShowAllCategories,
    /// Set the search text.
    SetText(String),
    /// Widen the time window to take in every incident the search matches at any time.
    ShowAllMatches,
    /// Select the search's first match and centre the map on it (Enter in the search field).
    SelectFirstMatch,
    /// Show only a country (and one of its regions), or everywhere with `None`.
    SetArea {
        /// Country name.
        country: Option<String>,
        /// Region name within it.
        region: Option<String>,
    },
    /// Set the minimum of killed plus injured.
    SetMinCasualties(u32),
    /// Fit the map to the shown incidents (F).
    FitToData,
    /// Show this box on the map: west, south, east, north in degrees (a click on a cluster).
    FitArea([f32; 4]),
    /// The map has carried out this request.
    MapRequestDone(MapRequest),
    /// Forget any pending map request (the view was set directly).
    CancelMapRequest,
    /// Play or pause (Space).
    TogglePlay,
    /// Moving window or accumulate.
    SetPlaybackMode(PlaybackMode),
    /// Playback speed, an index into [`super::PLAYBACK_SPEEDS`].
    SetPlaybackSpeed(usize),
    /// Jump over stretches with nothing new to show while playing, or not.
    SetSkipGaps(bool),
    /// One frame step of playback forward or back (`.` and `,`); pauses.
    StepFrame {
        /// Forward in time, or back.
        forward: bool,
    },
    /// Time passed (seconds) while playing.
    Tick(f64),
    /// Replace the dataset (after a successful load); filters and selection are kept where possible.
    ReplaceDataset(Box<Dataset>),
    /// Problems from a load, shown in a panel; the data on screen stays.
    ReportLoadProblems(Vec<String>),
    /// What an import did (`…: imported 2 of 3 rows; 1 skipped. …`) and its problems, shown in the panel.
    ReportImportProblems {
        /// The import's summary, shown above the problems.
        summary: String,
        /// Skipped and doubtful records, one line each.
        problems: Vec<String>,
    },
    /// Close the problems panel.
    DismissLoadProblems,
    /// Append a scene to the briefing (and make it the current one).
    AddScene(Box<Scene>),
    /// Replace a scene's view, window, filters, selection and basemap, keeping its title and caption.
    UpdateScene(usize, Box<Scene>),
    /// Set a scene's title and caption.
    EditScene {
        /// Which scene.
        scene: usize,
        /// Its new title.
        title: String,
        /// Its new caption.
        caption: String,
    },
    /// Move a scene one place up or down.
    MoveScene(usize, SceneMove),
    /// Delete a scene.
    DeleteScene(usize),
    /// Go to a scene, flying the map to its view.
    GoToScene(usize),
    /// Go to a scene at once, without the flight (rendering pictures).
    JumpToScene(usize),
    /// The next scene (→ while presenting).
    NextScene,
    /// The previous scene (← while presenting).
    PreviousScene,
    /// Use another briefing (after opening one).
    ReplaceBriefing(Box<Briefing>),
    /// The answer to "keep the scenes?" after other data was opened: keep them, or clear them.
    KeepScenes(bool),
    /// Rename the briefing.
    SetBriefingTitle(String),
    /// Change the dataset: one undoable step.
    Edit(super::Edit),
    /// Add a new incident, placed here or with no place yet, select it and ask for the editor on it.
    NewIncident(Option<crate::model::Position>),
    /// Undo the last step (Ctrl+Z).
    Undo,
    /// Redo the last undone step (Ctrl+Shift+Z, Ctrl+Y).
    Redo,
    /// The dataset as it is now was written to this file (GeoJSON): it has no unsaved changes, and
    /// Save writes there from now on.
    Saved(std::path::PathBuf),
    /// Put back the unsaved changes an earlier run left in the recovery journal (as undoable steps).
    RestoreUnsavedChanges,
    /// Give up the unsaved changes: remove the recovery journal ("Don't save" at close, "Discard" of
    /// what an earlier run left).
    ForgetUnsavedChanges,
}

/// Where a scene moves in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SceneMove {
    /// One place earlier.
    Up,
    /// One place later.
    Down,
}

/// What the map view should do when it next draws.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MapRequest {
    /// Centre on an incident.
    CenterOn(u32),
    /// Fit the view to the shown, located incidents.
    FitVisible,
    /// Fit the view to every located incident, whatever the filters (new data).
    FitAll,
    /// Fit the view to a box: west, south, east, north in degrees.
    FitArea([f32; 4]),
    /// Show a saved view, flying there smoothly or jumping.
    View {
        /// Centre latitude.
        lat: f64,
        /// Centre longitude.
        lon: f64,
        /// Web-map zoom.
        zoom: f64,
        /// Animate the move (about a second) rather than jump.
        fly: bool,
    },
}
