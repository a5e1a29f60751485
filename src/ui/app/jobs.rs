//! Work behind the window: loads, imports and exports run on their own threads; their dialogs start them,
//! one progress window (with Cancel) follows each, and their results are taken when ready.

use std::sync::atomic::{AtomicBool, Ordering};

use super::AtlasApp;
use crate::state::{Command, Dataset, Edit};
use crate::ui::export::dialog::{DialogOutcome, ExportJob};
use crate::ui::import_dialog::{ImportDecision, ImportInto, ImportJob};
use crate::ui::loader::Loader;
use crate::ui::theme;

/// The jobs running behind the window.
#[derive(Default)]
pub(super) struct Jobs {
    /// Files being opened.
    pub loader: Option<Loader>,
    /// A picture or animation being rendered.
    pub export: Option<ExportJob>,
    /// A file being imported.
    pub import: Option<ImportJob>,
    /// The import dialog as the user left it, given back when the import is refused.
    pub import_dialog: Option<crate::ui::import_dialog::ImportDialog>,
    /// The user chose "Don't save" before the files being opened: the unsaved changes (and their
    /// journal) go once those files take their place, not before, so that a load that fails keeps them.
    pub forget_unsaved_on_load: bool,
}

/// How often a running job's window is redrawn while nothing else happens.
const POLL: std::time::Duration = std::time::Duration::from_millis(100);

impl AtlasApp {
    /// Whether an export is running.
    #[must_use]
    pub fn is_exporting(&self) -> bool {
        self.jobs.export.is_some()
    }

    /// Whether an import (File ▸ Import) is running.
    #[must_use]
    pub fn is_importing(&self) -> bool {
        self.jobs.import.is_some()
    }

    /// Takes a finished export and says how it went.
    pub(super) fn poll_export(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.jobs.export else { return };
        match job.poll() {
            None => ctx.request_repaint_after(POLL),
            Some(result) => {
                self.jobs.export = None;
                let text = match result {
                    Ok(text) | Err(text) => text,
                };
                self.show_toast(ctx, text);
            }
        }
    }

    /// The export's progress while it runs, else the export dialog (which starts it).
    pub(super) fn export_window(&mut self, ctx: &egui::Context) {
        if let Some(job) = &self.jobs.export {
            let done = job.progress.done.load(Ordering::Relaxed);
            let total = job.progress.total.load(Ordering::Relaxed);
            let line = format!("Rendering the {}: {done} of {total} frames", job.label);
            progress_window(ctx, "Exporting", &line, job.fraction(), &job.progress.cancel);
            return;
        }
        let chooser = (self.chooser_offered(), self.chooser_use.missing_note());
        let Some(dialog) = self.dialogs.export.as_mut() else { return };
        match dialog.dialog_ui(ctx, chooser) {
            DialogOutcome::Open => {}
            DialogOutcome::Browse => self.open_chooser(ctx, super::windows::ChooserFor::Export),
            DialogOutcome::Cancelled => self.dialogs.export = None,
            DialogOutcome::Start(plan) => {
                self.dialogs.export = None;
                let waker = ctx.clone();
                self.jobs.export = Some(ExportJob::start(
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

    /// Takes a finished import: its incidents replace the data on screen (fitted), with its problems and
    /// a summary; a cancelled or empty import leaves the data on screen as it was.
    pub(super) fn poll_import(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.jobs.import else { return };
        let Some(result) = job.poll() else {
            ctx.request_repaint_after(POLL);
            return;
        };
        let cancelled = job.progress.cancelled();
        let (label, path, into) = (job.label.clone(), job.path.clone(), job.into);
        self.jobs.import = None;
        let forget = std::mem::take(&mut self.jobs.forget_unsaved_on_load);
        if cancelled {
            self.show_toast(ctx, format!("Import of {label} cancelled; the data on screen is unchanged."));
            return;
        }
        let imported = match result {
            Err(e) => {
                let summary = format!("{}: not imported; the data on screen was kept.", path.display());
                self.commands.push(Command::ReportImportProblems { summary, problems: vec![e] });
                // The dialog comes back with the path and choices, to mend what the reason names.
                self.dialogs.import = self.jobs.import_dialog.take();
                return;
            }
            Ok(imported) => {
                self.jobs.import_dialog = None;
                imported
            }
        };
        let summary = format!("{}: {imported}", path.display());
        let geocoded = imported.geocoded;
        let problems: Vec<String> = imported.loaded.diagnostics.iter().map(ToString::to_string).collect();
        if imported.loaded.incidents.is_empty() {
            let summary = format!("{summary}. Nothing to show; the data on screen stays.");
            self.commands.push(Command::ReportImportProblems { summary, problems });
            return;
        }
        if into == ImportInto::Add {
            let plan = crate::state::merge(self.state.store(), imported.loaded.incidents);
            let done = format!("{summary}; {plan}");
            if !plan.added.is_empty() {
                self.commands.push(Command::Edit(Edit::Add(plan.added)));
            }
            if !problems.is_empty() {
                self.commands.push(Command::ReportImportProblems { summary: done.clone(), problems });
            }
            self.show_toast(ctx, done);
            return;
        }
        if forget {
            // "Don't save" was the answer: the changes and their journal go now that the data is replaced.
            self.commands.push(Command::ForgetUnsavedChanges);
        }
        let dataset = Dataset::new(imported.loaded.incidents, label, vec![path]);
        self.commands.push(Command::ReplaceDataset(Box::new(dataset)));
        if !problems.is_empty() {
            let summary = format!("{summary}. The imported records are shown.");
            self.commands.push(Command::ReportImportProblems { summary, problems });
        }
        let geocoded =
            if geocoded > 0 { format!("; {geocoded} placed from their place names") } else { String::new() };
        self.show_toast(ctx, format!("{summary}{geocoded}"));
    }

    /// The import's progress while it runs, else the import dialog (which starts it).
    pub(super) fn import_window(&mut self, ctx: &egui::Context) {
        if let Some(job) = &self.jobs.import {
            let title = format!("Importing {}", job.label);
            let line = "The data on screen stays until the import succeeds.";
            progress_window(ctx, &title, line, job.progress.fraction(), &job.progress.cancel);
            return;
        }
        let chooser = (self.chooser_offered(), self.chooser_use.missing_note());
        let Some(dialog) = self.dialogs.import.as_mut() else { return };
        match dialog.dialog_ui(ctx, chooser) {
            ImportDecision::Open => {}
            ImportDecision::Browse => self.open_chooser(ctx, super::windows::ChooserFor::Import),
            ImportDecision::Cancelled => self.dialogs.import = None,
            ImportDecision::Start(path, options, into) => {
                self.jobs.import_dialog = self.dialogs.import.take();
                if into == ImportInto::Replace && self.state.history.unsaved() {
                    // The import would take the place of unsaved changes: ask first.
                    let what = super::windows::OtherData::Import(path, options);
                    self.dialogs.load_waiting = Some(super::windows::LoadWaiting { what, asking: true });
                } else {
                    self.import_now(ctx, path, options, into);
                }
            }
        }
    }

    /// Starts importing a file in the background (any question about unsaved changes answered).
    pub(super) fn import_now(
        &mut self,
        ctx: &egui::Context,
        path: std::path::PathBuf,
        options: crate::io::import::ImportOptions,
        into: ImportInto,
    ) {
        self.jobs.forget_unsaved_on_load = false;
        let waker = ctx.clone();
        self.jobs.import = Some(ImportJob::start(path, options, into, move || waker.request_repaint()));
    }
}

/// The one progress window of every job: a line of text, a progress bar, and Cancel, which sets `cancel`
/// for the job to see.
fn progress_window(ctx: &egui::Context, title: &str, line: &str, fraction: f32, cancel: &AtomicBool) {
    crate::ui::dialog(title, ctx).resizable(false).show(ctx, |ui| {
        ui.label(line);
        ui.add(egui::ProgressBar::new(fraction).show_percentage().desired_width(theme::PROGRESS_BAR_WIDTH));
        if ui.button("Cancel").clicked() {
            cancel.store(true, Ordering::Relaxed);
        }
    });
}
