//! The system's file chooser (the desktop portal, or zenity where there is none), run on a worker thread so
//! that the window keeps drawing. The app's own path windows stay as the fallback: where no chooser can
//! run they say so, and a chooser that fails at once leaves the path window open with a message.

use std::path::{Path, PathBuf};

use super::background::Background;

/// Whether the app may use the system's file chooser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChooserUse {
    /// A chooser can run here: the path windows offer it, and open it at once.
    Available,
    /// None can run here (no session bus for the portal, no zenity): the path windows say so.
    Missing,
    /// Not used (tests, which must not open windows of the system).
    Off,
}

impl ChooserUse {
    /// What this machine offers: the portal needs a D-Bus session bus; zenity is the fallback.
    #[must_use]
    pub fn detect() -> Self {
        let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|v| !v.is_empty());
        let zenity = std::env::var_os("PATH")
            .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("zenity").is_file()));
        Self::from_facts(bus, zenity)
    }

    /// The rule behind [`ChooserUse::detect`].
    ///
    /// ```
    /// use incident_atlas::ui::file_chooser::ChooserUse;
    /// assert_eq!(ChooserUse::from_facts(true, false), ChooserUse::Available);
    /// assert_eq!(ChooserUse::from_facts(false, true), ChooserUse::Available);
    /// assert_eq!(ChooserUse::from_facts(false, false), ChooserUse::Missing);
    /// ```
    #[must_use]
    pub fn from_facts(session_bus: bool, zenity: bool) -> Self {
        if session_bus || zenity { ChooserUse::Available } else { ChooserUse::Missing }
    }

    /// What a path window says when no chooser can run, if anything.
    #[must_use]
    pub fn missing_note(self) -> Option<&'static str> {
        (self == ChooserUse::Missing)
            .then_some("No system file chooser here (no desktop portal, no zenity): type the path.")
    }
}

/// What the chooser is asked for.
#[derive(Debug, Clone)]
pub struct ChooserRequest {
    /// The chooser's title.
    pub title: String,
    /// A name for the file types, and their extensions.
    pub filter: (String, Vec<String>),
    /// The folder it starts in.
    pub folder: PathBuf,
    /// For a save: the proposed file name. For opening: `None`.
    pub save_as: Option<String>,
    /// Opening: whether several files may be picked.
    pub several: bool,
}

/// A chooser on screen: its answer arrives on a later frame.
#[derive(Debug)]
pub struct ChooserJob {
    /// When it was opened (seconds of the app's clock).
    pub opened_at: f64,
    job: Background<Option<Vec<PathBuf>>>,
}

/// A chooser that gave no file sooner than this (seconds) failed to open rather than being cancelled.
pub const FAILED_FASTER_THAN: f64 = 0.7;

impl ChooserJob {
    /// Opens the chooser; `wake` asks for a frame when it closes.
    pub fn open(request: ChooserRequest, now: f64, wake: impl FnOnce() + Send + 'static) -> Self {
        let job = Background::start("file-chooser", move || choose(&request), wake);
        Self { opened_at: now, job }
    }

    /// The chosen files once the chooser has closed: `Some(empty)` when it gave none.
    pub fn poll(&self) -> Option<Vec<PathBuf>> {
        self.job.poll(|| None).map(Option::unwrap_or_default)
    }
}

fn choose(request: &ChooserRequest) -> Option<Vec<PathBuf>> {
    let extensions: Vec<&str> = request.filter.1.iter().map(String::as_str).collect();
    let dialog = rfd::FileDialog::new()
        .set_title(&request.title)
        .add_filter(&request.filter.0, &extensions)
        .set_directory(existing_folder(&request.folder));
    match &request.save_as {
        Some(name) => dialog.set_file_name(name).save_file().map(|p| vec![p]),
        None if request.several => dialog.pick_files(),
        None => dialog.pick_file().map(|p| vec![p]),
    }
}

/// The folder itself, or its nearest existing parent (a chooser refuses a folder that is not there).
fn existing_folder(folder: &Path) -> PathBuf {
    folder.ancestors().find(|p| p.is_dir()).map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The line about the system file chooser in a form: "Browse…" while it can be opened, else why it is not
/// there, and what went wrong last time. Sets `browse` when the button is pressed.
pub fn chooser_line_ui(
    ui: &mut egui::Ui,
    offered: bool,
    missing: Option<&str>,
    note: Option<&str>,
    browse: &mut bool,
) {
    if offered
        && ui.button("Browse…").on_hover_text("Choose the file with the system's file chooser").clicked()
    {
        *browse = true;
    }
    for line in [missing, note].into_iter().flatten() {
        ui.label(egui::RichText::new(line).color(ui.visuals().warn_fg_color));
    }
}
