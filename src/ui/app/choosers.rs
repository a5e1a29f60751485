//! The system file chooser for the app's forms: the path window (open), the save window, the import
//! dialog and the export dialog. Each form offers it with "Browse…"; the open and save windows open it at
//! once. What it returns fills the form's path (and opens or saves); a chooser that fails at once leaves
//! the form with a message, and where none can run the forms say so.

use std::path::{Path, PathBuf};

use super::AtlasApp;
use super::windows::{ChooserFor, OpenPurpose, SaveTarget};
use crate::ui::file_chooser::{ChooserJob, ChooserRequest, ChooserUse, FAILED_FASTER_THAN};

/// The message a form shows when the chooser failed to open.
const FAILED: &str = "The system file chooser did not open: type the path.";

impl AtlasApp {
    /// Uses the system file chooser as `chooser` says (tests turn it off; the app detects it).
    #[must_use]
    pub fn with_file_chooser(mut self, chooser: ChooserUse) -> Self {
        self.chooser_use = chooser;
        self
    }

    /// Whether the forms offer the system file chooser now (one can run, and none is open).
    pub(super) fn chooser_offered(&self) -> bool {
        self.chooser_use == ChooserUse::Available && self.dialogs.chooser.is_none()
    }

    /// Opens the system file chooser for a form.
    pub(super) fn open_chooser(&mut self, ctx: &egui::Context, form: ChooserFor) {
        if !self.chooser_offered() {
            return;
        }
        let Some(request) = self.chooser_request(form) else { return };
        let waker = ctx.clone();
        let job = ChooserJob::open(request, ctx.input(|i| i.time), move || waker.request_repaint());
        self.dialogs.chooser = Some((form, job));
    }

    /// What the chooser asks for a form: its title, file types, folder and, for saves, a name.
    fn chooser_request(&self, form: ChooserFor) -> Option<ChooserRequest> {
        let folder_of = |path: &str| Path::new(path.trim()).parent().map(Path::to_path_buf);
        let data_folder = self.state.dataset.paths.first().and_then(|p| p.parent().map(Path::to_path_buf));
        let data_folder = data_folder.unwrap_or_else(|| self.export_folder());
        let strings = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let (title, filter, folder, save_as, several) = match form {
            ChooserFor::Open => {
                let request = self.dialogs.open.as_ref()?;
                let (title, _, extensions) = super::windows::open_texts(request.purpose);
                let several = request.purpose == OpenPurpose::Dataset;
                (title.to_owned(), ("Files".to_owned(), strings(extensions)), data_folder, None, several)
            }
            ChooserFor::Save => {
                let request = self.dialogs.save.as_ref()?;
                let path = PathBuf::from(request.path.trim());
                let extension = match request.target {
                    SaveTarget::Dataset => {
                        path.extension().map_or("geojson".into(), |e| e.to_string_lossy().into_owned())
                    }
                    SaveTarget::Briefing => "json".to_owned(),
                    SaveTarget::Screenshot(_) => "png".to_owned(),
                };
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                let folder = folder_of(&request.path).unwrap_or(data_folder);
                let title = format!("Save {}", request.target.noun().to_lowercase());
                (title, ("Files".to_owned(), vec![extension]), folder, name.or(Some(String::new())), false)
            }
            ChooserFor::Import => {
                let path = self.dialogs.import.as_ref()?.path();
                let folder = folder_of(path).filter(|f| !f.as_os_str().is_empty()).unwrap_or(data_folder);
                let mut types = strings(super::windows::DATASET_EXTENSIONS);
                types.push("txt".to_owned());
                let label = "Tables, GeoJSON, KML, GeoPackage, FlatGeobuf, GeoParquet, Shapefile".to_owned();
                ("Import a file".to_owned(), (label, types), folder, None, false)
            }
            ChooserFor::Export => {
                let dialog = self.dialogs.export.as_ref()?;
                let path = PathBuf::from(dialog.path().trim());
                let extension = path.extension().map_or("png".into(), |e| e.to_string_lossy().into_owned());
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                let folder = folder_of(dialog.path()).unwrap_or_else(|| self.export_folder());
                (
                    "Export to".to_owned(),
                    ("Pictures".to_owned(), vec![extension]),
                    folder,
                    name.or(Some(String::new())),
                    false,
                )
            }
        };
        Some(ChooserRequest { title, filter, folder, save_as, several })
    }

    /// Takes the chooser's answer once it has closed: the chosen file goes into its form (which opens or
    /// saves it); nothing chosen fast means it failed, and the form says so.
    pub(super) fn poll_chooser(&mut self, ctx: &egui::Context) {
        let Some((form, job)) = &self.dialogs.chooser else { return };
        let Some(paths) = job.poll() else { return };
        let (form, failed) = (*form, ctx.input(|i| i.time) - job.opened_at < FAILED_FASTER_THAN);
        self.dialogs.chooser = None;
        let joined = paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(";");
        let note = (paths.is_empty() && failed).then(|| FAILED.to_owned());
        match form {
            ChooserFor::Open => {
                if let Some(request) = self.dialogs.open.as_mut() {
                    if !paths.is_empty() {
                        request.path = joined;
                        request.submit = true;
                    }
                    request.note = note;
                }
            }
            ChooserFor::Save => {
                if let Some(request) = self.dialogs.save.as_mut() {
                    if let Some(path) = paths.first() {
                        request.path = path.display().to_string();
                        // The system chooser has asked about replacing a file already.
                        request.overwrite.agree(path);
                        request.submit = true;
                    }
                    request.note = note;
                }
            }
            ChooserFor::Import => {
                if let Some(dialog) = self.dialogs.import.as_mut() {
                    if !paths.is_empty() {
                        dialog.set_path(joined);
                    }
                    dialog.set_note(note);
                }
            }
            ChooserFor::Export => {
                if let Some(dialog) = self.dialogs.export.as_mut() {
                    if let Some(path) = paths.first() {
                        dialog.set_path(path.display().to_string());
                    }
                    dialog.set_note(note);
                }
            }
        }
        ctx.request_repaint();
    }
}
