//! The app's actions in one table: each has its menu label, keyboard shortcuts, help text and the rule
//! that says when it is available. The menus, the keyboard and the Help menu are all drawn from it, so a
//! shortcut is written in one place.

use egui::{Key, KeyboardShortcut, Modifiers};

/// When an action's shortcut works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// While exploring (panels shown).
    Exploring,
    /// While presenting (full screen).
    Presenting,
    /// Always.
    Both,
}

/// Something the user can do from a menu, a button or the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Ask for files to open as the dataset.
    Open,
    /// Read the files on screen again.
    Reload,
    /// Open the dataset that ships with the app.
    OpenBundled,
    /// Import another tool's file, with a preview and a column mapping.
    Import,
    /// Draft incidents from a pasted article.
    DraftFromArticle,
    /// Save the dataset to the file it came from (or, when that cannot be written, Save As).
    Save,
    /// Save the data on screen as GeoJSON, CSV or KML.
    SaveDatasetAs,
    /// Undo the last change to the dataset.
    Undo,
    /// Redo the last change undone.
    Redo,
    /// A new incident with no place yet, opened in the editor.
    NewIncident,
    /// Pick every shown incident, for one change to all.
    PickAllShown,
    /// Edit the selected incident's fields.
    EditIncident,
    /// A copy of the selected incident, with a new id.
    DuplicateIncident,
    /// Delete the selected incident, or the picked ones.
    DeleteIncident,
    /// Open a briefing and its dataset.
    OpenBriefing,
    /// Save the briefing.
    SaveBriefing,
    /// Save a PNG of the window as it is.
    Screenshot,
    /// A picture at a chosen size, with title, legend and attribution.
    ExportPicture,
    /// An animated GIF or PNG frames of a playback.
    ExportAnimation,
    /// Close the window.
    Quit,
    /// Start presenting, or stop.
    Present,
    /// Show an MBTiles or PMTiles file as the basemap.
    UseTileFile,
    /// Turn on OpenStreetMap's online tiles.
    OnlineOpenStreetMap,
    /// Turn on online tiles from a URL template.
    OnlineFromUrl,
    /// Back to the embedded, offline basemap alone.
    EmbeddedOnly,
    /// Fit the map to the shown incidents.
    FitMap,
    /// Switch between the dark and the light theme.
    ToggleTheme,
    /// Put the keyboard in the search field.
    Search,
    /// The next incident in the list's order.
    NextIncident,
    /// The previous incident in the list's order.
    PreviousIncident,
    /// The next scene while presenting (the next incident when the briefing has no scenes).
    NextScene,
    /// The previous scene while presenting (the previous incident when there are none).
    PreviousScene,
    /// Play or pause the time window.
    PlayPause,
    /// One playback step back in time.
    StepBack,
    /// One playback step forward in time.
    StepForward,
    /// Clear the selection.
    ClearSelection,
    /// Leave the presentation.
    LeavePresentation,
}

/// What an action's availability depends on, taken from the app once per frame.
#[derive(Debug, Clone, Copy, Default)]
#[expect(clippy::struct_excessive_bools, reason = "independent facts about the app, each read by one rule")]
pub struct Availability {
    /// The data on screen came from files.
    pub has_files: bool,
    /// The briefing has scenes.
    pub has_scenes: bool,
    /// An import is running.
    pub importing: bool,
    /// An export is running.
    pub exporting: bool,
    /// A tile file or online tiles are shown above the embedded basemap.
    pub extra_tiles: bool,
    /// The dark theme is on.
    pub dark: bool,
    /// OpenStreetMap's online tiles are on.
    pub openstreetmap: bool,
    /// There is a change to undo.
    pub can_undo: bool,
    /// There is an undone change to redo.
    pub can_redo: bool,
    /// An incident is selected.
    pub has_selection: bool,
    /// How many incidents are picked together (0, or 2 and more).
    pub picked: usize,
}

/// The File menu, in order; `None` draws a separator.
pub const FILE_MENU: &[Option<Action>] = &[
    Some(Action::Open),
    Some(Action::Reload),
    Some(Action::OpenBundled),
    Some(Action::Import),
    Some(Action::DraftFromArticle),
    Some(Action::Save),
    Some(Action::SaveDatasetAs),
    None,
    Some(Action::OpenBriefing),
    Some(Action::SaveBriefing),
    None,
    Some(Action::Screenshot),
    Some(Action::ExportPicture),
    Some(Action::ExportAnimation),
    None,
    Some(Action::Quit),
];

/// The Edit menu, in order; `None` draws a separator.
pub const EDIT_MENU: &[Option<Action>] = &[
    Some(Action::Undo),
    Some(Action::Redo),
    None,
    Some(Action::NewIncident),
    Some(Action::EditIncident),
    Some(Action::DuplicateIncident),
    Some(Action::DeleteIncident),
    None,
    Some(Action::PickAllShown),
];

/// The View menu, in order; `None` draws a separator.
pub const VIEW_MENU: &[Option<Action>] = &[
    Some(Action::Present),
    None,
    Some(Action::UseTileFile),
    Some(Action::OnlineOpenStreetMap),
    Some(Action::OnlineFromUrl),
    Some(Action::EmbeddedOnly),
    None,
    Some(Action::FitMap),
    Some(Action::ToggleTheme),
];

/// Every action, in the order keys are tried in (shortcuts with modifiers and function keys first, so that
/// a plain key never takes a combination's press) and the Help menu lists those with keys.
pub const ALL: [Action; 37] = [
    Action::Screenshot,
    Action::Redo,
    Action::Undo,
    Action::Save,
    Action::NewIncident,
    Action::PickAllShown,
    Action::DuplicateIncident,
    Action::DeleteIncident,
    Action::EditIncident,
    Action::Present,
    Action::Search,
    Action::Open,
    Action::PreviousScene,
    Action::NextScene,
    Action::LeavePresentation,
    Action::PreviousIncident,
    Action::NextIncident,
    Action::PlayPause,
    Action::StepBack,
    Action::StepForward,
    Action::FitMap,
    Action::ClearSelection,
    Action::Reload,
    Action::OpenBundled,
    Action::Import,
    Action::DraftFromArticle,
    Action::SaveDatasetAs,
    Action::OpenBriefing,
    Action::SaveBriefing,
    Action::ExportPicture,
    Action::ExportAnimation,
    Action::Quit,
    Action::UseTileFile,
    Action::OnlineOpenStreetMap,
    Action::OnlineFromUrl,
    Action::EmbeddedOnly,
    Action::ToggleTheme,
];

const fn key(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const SEARCH: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
const SCREENSHOT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
const REDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
const NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
const PICK_ALL: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::A);
const DUPLICATE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::D);
const DELETE: KeyboardShortcut = key(Key::Delete);
const ENTER: KeyboardShortcut = key(Key::Enter);
const F5: KeyboardShortcut = key(Key::F5);
const F: KeyboardShortcut = key(Key::F);
const RIGHT: KeyboardShortcut = key(Key::ArrowRight);
const LEFT: KeyboardShortcut = key(Key::ArrowLeft);
const PAGE_DOWN: KeyboardShortcut = key(Key::PageDown);
const PAGE_UP: KeyboardShortcut = key(Key::PageUp);
const SPACE: KeyboardShortcut = key(Key::Space);
const COMMA: KeyboardShortcut = key(Key::Comma);
const PERIOD: KeyboardShortcut = key(Key::Period);
const ESCAPE: KeyboardShortcut = key(Key::Escape);

impl Action {
    /// The label in menus (and, without its ellipsis, on buttons).
    #[must_use]
    pub fn label(self, now: Availability) -> &'static str {
        match self {
            Action::Open => "Open…",
            Action::Reload => "Reload",
            Action::OpenBundled => "Open the bundled dataset",
            Action::Import => "Import…",
            Action::DraftFromArticle => "Draft incidents from an article…",
            Action::Save => "Save",
            Action::SaveDatasetAs => "Save dataset as…",
            Action::Undo => "Undo",
            Action::Redo => "Redo",
            Action::NewIncident => "New incident",
            Action::PickAllShown => "Pick all shown incidents",
            Action::EditIncident => "Edit incident",
            Action::DuplicateIncident => "Duplicate incident",
            Action::DeleteIncident if now.picked > 1 => "Delete picked incidents",
            Action::DeleteIncident => "Delete incident",
            Action::OpenBriefing => "Open briefing…",
            Action::SaveBriefing => "Save briefing…",
            Action::Screenshot => "Screenshot…",
            Action::ExportPicture => "Export picture…",
            Action::ExportAnimation => "Export animation…",
            Action::Quit => "Quit",
            Action::Present => "Present",
            Action::UseTileFile => "Use a tile file (MBTiles, PMTiles)…",
            Action::OnlineOpenStreetMap => "Online tiles: OpenStreetMap",
            Action::OnlineFromUrl => "Online tiles from a URL…",
            Action::EmbeddedOnly => "Embedded basemap only (offline)",
            Action::FitMap => "Fit map to shown incidents",
            Action::ToggleTheme if now.dark => "Light theme",
            Action::ToggleTheme => "Dark theme",
            Action::Search => "Search",
            Action::NextIncident => "Next incident",
            Action::PreviousIncident => "Previous incident",
            Action::NextScene => "Next scene",
            Action::PreviousScene => "Previous scene",
            Action::PlayPause => "Play / pause",
            Action::StepBack => "Step back",
            Action::StepForward => "Step forward",
            Action::ClearSelection => "Clear the selection",
            Action::LeavePresentation => "Leave the presentation",
        }
    }

    /// What the action does, for the Help menu and tooltips.
    #[must_use]
    pub fn help(self) -> &'static str {
        match self {
            Action::Open => "open a file",
            Action::Reload => "read the files on screen again",
            Action::OpenBundled => "open the dataset that ships with the app",
            Action::Import => "import another tool's file, with a preview and a column mapping",
            Action::DraftFromArticle => "draft incidents from a pasted article",
            Action::Save => "save the dataset to its file (GeoJSON when its file cannot be written)",
            Action::SaveDatasetAs => "save the data on screen as GeoJSON, CSV or KML",
            Action::Undo => "undo the last change to the dataset",
            Action::Redo => "redo the last change undone",
            Action::NewIncident => "a new incident with no place yet (right-click the map to place one)",
            Action::PickAllShown => {
                "pick every shown incident for one change to all (Ctrl/Shift+click picks rows)"
            }
            Action::EditIncident => "edit the selected incident",
            Action::DuplicateIncident => "copy the selected incident, with a new id",
            Action::DeleteIncident => {
                "delete the selected incident, or the picked ones (undo brings them back)"
            }
            Action::OpenBriefing => "open a briefing and its dataset",
            Action::SaveBriefing => "save the briefing's scenes",
            Action::Screenshot => "screenshot of the window",
            Action::ExportPicture => "a picture at a chosen size, with title, legend and attribution",
            Action::ExportAnimation => "an animated GIF or PNG frames of a playback",
            Action::Quit => "close the window",
            Action::Present => "start or stop presenting: full screen, scene by scene",
            Action::UseTileFile => "show an MBTiles or PMTiles file above the embedded basemap",
            Action::OnlineOpenStreetMap => "fetches tiles from the internet; choose again to turn them off",
            Action::OnlineFromUrl => "fetches tiles from the internet",
            Action::EmbeddedOnly => "show only the embedded basemap; nothing is fetched",
            Action::FitMap => "fit the map to the shown incidents",
            Action::ToggleTheme => "switch between the dark and the light theme",
            Action::Search => "search",
            Action::NextIncident => "next incident in the list",
            Action::PreviousIncident => "previous incident in the list",
            Action::NextScene => "next scene, while presenting",
            Action::PreviousScene => "previous scene, while presenting",
            Action::PlayPause => "play / pause",
            Action::StepBack => "one step back in time (pauses)",
            Action::StepForward => "one step forward in time (pauses)",
            Action::ClearSelection => "clear the selection",
            Action::LeavePresentation => "leave the presentation",
        }
    }

    /// The keys that perform the action, the first one shown in menus and help.
    #[must_use]
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        match self {
            Action::Open => &[OPEN],
            Action::Save => &[SAVE],
            Action::Undo => &[UNDO],
            Action::Redo => &[REDO, REDO_Y],
            Action::NewIncident => &[NEW],
            Action::PickAllShown => &[PICK_ALL],
            Action::EditIncident => &[ENTER],
            Action::DuplicateIncident => &[DUPLICATE],
            Action::DeleteIncident => &[DELETE],
            Action::Search => &[SEARCH],
            Action::Screenshot => &[SCREENSHOT],
            Action::Present => &[F5],
            Action::FitMap => &[F],
            Action::NextIncident => &[RIGHT],
            Action::PreviousIncident => &[LEFT],
            Action::NextScene => &[RIGHT, PAGE_DOWN],
            Action::PreviousScene => &[LEFT, PAGE_UP],
            Action::PlayPause => &[SPACE],
            Action::StepBack => &[COMMA],
            Action::StepForward => &[PERIOD],
            Action::ClearSelection | Action::LeavePresentation => &[ESCAPE],
            _ => &[],
        }
    }

    /// When the action's keys work.
    #[must_use]
    pub fn mode(self) -> Mode {
        match self {
            Action::Screenshot
            | Action::Present
            | Action::PlayPause
            | Action::StepBack
            | Action::StepForward => Mode::Both,
            Action::NextScene | Action::PreviousScene | Action::LeavePresentation => Mode::Presenting,
            _ => Mode::Exploring,
        }
    }

    /// Whether the action can be done now (menu items are greyed out otherwise).
    #[must_use]
    pub fn enabled(self, now: Availability) -> bool {
        match self {
            Action::Reload => now.has_files,
            Action::Import => !now.importing,
            Action::SaveBriefing => now.has_scenes,
            Action::ExportPicture | Action::ExportAnimation => !now.exporting,
            Action::Undo => now.can_undo,
            Action::Redo => now.can_redo,
            Action::EditIncident | Action::DuplicateIncident | Action::DeleteIncident => now.has_selection,
            _ => true,
        }
    }

    /// Whether the action is a setting that is on now (its menu item shows a tick).
    #[must_use]
    pub fn checked(self, now: Availability) -> bool {
        self == Action::OnlineOpenStreetMap && now.openstreetmap
    }

    /// Whether the action appears in its menu at all.
    #[must_use]
    pub fn shown(self, now: Availability) -> bool {
        self != Action::EmbeddedOnly || now.extra_tiles
    }

    /// Whether a key of this action acts while a text field has the keyboard: shortcuts with a modifier
    /// and function keys do; plain keys (arrows, Space, F, Esc, Enter, Delete) are the text field's, and
    /// so are undo and redo, which undo the typing, and Ctrl+A, which selects the text.
    #[must_use]
    pub fn works_while_typing(shortcut: KeyboardShortcut) -> bool {
        let text_undo = matches!(shortcut.logical_key, Key::Z | Key::Y | Key::A);
        (shortcut.modifiers != Modifiers::NONE && !text_undo) || matches!(shortcut.logical_key, Key::F5)
    }
}

/// The actions whose keys were pressed this frame, in table order. Each key press is consumed, so that no
/// widget acts on it too. Esc is left alone unless `escape` says it is the actions' to take.
pub fn pressed(input: &mut egui::InputState, presenting: bool, typing: bool, escape: bool) -> Vec<Action> {
    let mut actions = Vec::new();
    for action in ALL {
        let active = match action.mode() {
            Mode::Both => true,
            Mode::Exploring => !presenting,
            Mode::Presenting => presenting,
        };
        if !active {
            continue;
        }
        for shortcut in action.shortcuts() {
            if (escape || shortcut.logical_key != Key::Escape)
                && (!typing || presenting || Action::works_while_typing(*shortcut))
                && input.consume_shortcut(shortcut)
            {
                actions.push(action);
            }
        }
    }
    actions
}

/// The Help menu's keys while exploring, in the order a newcomer reads them.
const HELP_EXPLORING: [Action; 19] = [
    Action::Undo,
    Action::Redo,
    Action::NewIncident,
    Action::EditIncident,
    Action::DuplicateIncident,
    Action::DeleteIncident,
    Action::PickAllShown,
    Action::Save,
    Action::PreviousIncident,
    Action::NextIncident,
    Action::PlayPause,
    Action::StepBack,
    Action::StepForward,
    Action::FitMap,
    Action::ClearSelection,
    Action::Search,
    Action::Open,
    Action::Present,
    Action::Screenshot,
];

/// The Help menu's keys while presenting.
const HELP_PRESENTING: [Action; 8] = [
    Action::PreviousScene,
    Action::NextScene,
    Action::PlayPause,
    Action::StepBack,
    Action::StepForward,
    Action::LeavePresentation,
    Action::Present,
    Action::Screenshot,
];

/// The Help menu's list of keys, for exploring and for presenting, each key with what it does: one grid,
/// so that both parts' columns line up.
pub fn keys_ui(ui: &mut egui::Ui) {
    egui::Grid::new("help-keys").num_columns(2).spacing([16.0, 4.0]).show(ui, |ui| {
        for (k, (heading, actions)) in
            [("Keyboard", &HELP_EXPLORING[..]), ("While presenting", &HELP_PRESENTING[..])]
                .into_iter()
                .enumerate()
        {
            if k > 0 {
                ui.end_row();
            }
            ui.label(egui::RichText::new(heading).strong());
            ui.end_row();
            for action in actions {
                let keys: Vec<String> =
                    action.shortcuts().iter().map(|s| ui.ctx().format_shortcut(s)).collect();
                ui.label(egui::RichText::new(keys.join(" / ")).monospace());
                ui.label(action.help());
                ui.end_row();
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_actions_share_a_key_in_the_same_mode() {
        let mut seen: Vec<(KeyboardShortcut, bool)> = Vec::new();
        for action in ALL {
            let modes: &[bool] = match action.mode() {
                Mode::Both => &[false, true],
                Mode::Exploring => &[false],
                Mode::Presenting => &[true],
            };
            for &shortcut in action.shortcuts() {
                for &presenting in modes {
                    assert!(
                        !seen.contains(&(shortcut, presenting)),
                        "{action:?}: {shortcut:?} is taken (presenting: {presenting})"
                    );
                    seen.push((shortcut, presenting));
                }
            }
        }
    }

    #[test]
    fn every_menu_item_is_in_the_table_once() {
        let menus: Vec<Action> = FILE_MENU.iter().chain(VIEW_MENU).flatten().copied().collect();
        for action in &menus {
            assert_eq!(ALL.iter().filter(|a| *a == action).count(), 1, "{action:?}");
        }
        let mut sorted = menus.clone();
        sorted.sort_by_key(|a| format!("{a:?}"));
        sorted.dedup();
        assert_eq!(sorted.len(), menus.len(), "an action appears twice in the menus");
    }

    #[test]
    fn the_help_lists_every_action_that_has_keys_in_its_modes() {
        for action in ALL.iter().filter(|a| !a.shortcuts().is_empty()) {
            let exploring = HELP_EXPLORING.contains(action);
            let presenting = HELP_PRESENTING.contains(action);
            let expected = match action.mode() {
                Mode::Both => (true, true),
                Mode::Exploring => (true, false),
                Mode::Presenting => (false, true),
            };
            assert_eq!((exploring, presenting), expected, "{action:?}");
        }
        for action in HELP_EXPLORING.iter().chain(&HELP_PRESENTING) {
            assert!(!action.shortcuts().is_empty(), "{action:?} has no key to list");
        }
    }

    #[test]
    fn plain_keys_wait_while_typing_and_modified_keys_do_not() {
        assert!(Action::works_while_typing(Action::Search.shortcuts()[0]));
        assert!(Action::works_while_typing(Action::Present.shortcuts()[0]));
        assert!(!Action::works_while_typing(Action::FitMap.shortcuts()[0]));
        assert!(!Action::works_while_typing(Action::ClearSelection.shortcuts()[0]));
        assert!(!Action::works_while_typing(Action::PickAllShown.shortcuts()[0]), "Ctrl+A selects the text");
        assert!(Action::works_while_typing(Action::NewIncident.shortcuts()[0]));
    }
}
