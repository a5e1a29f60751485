//! Keeping the analyst's changes: Save back to the file they came from (asking first when another
//! program changed that file since), the question before closing with unsaved changes, and the offer
//! at start to put back the changes an earlier run left unsaved (the recovery journal).

use egui::RichText;

use super::AtlasApp;
use super::windows::SaveTarget;
use crate::state::Command;
use crate::ui::theme;

/// How many of the steps to put back the recovery question lists by name.
const RECOVERY_STEPS_LISTED: usize = 8;

/// The answers to "Save changes before closing?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CloseAnswer {
    Save,
    Discard,
    Cancel,
}

/// The answers to "the file changed on disk".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OverwriteAnswer {
    Overwrite,
    SaveAs,
    Cancel,
}

impl AtlasApp {
    /// Ctrl+S: writes the dataset back to its file, atomically, when it came from one of our own files;
    /// otherwise (another tool's file, several files, the bundled dataset, new data) asks where, as Save
    /// As does. When another program changed the file since it was read, asks before overwriting it. A
    /// failed write keeps everything in memory and says why.
    pub(super) fn save_dataset(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        if self.state.dataset.saves_to.is_none() {
            self.perform(ctx, super::actions::Action::SaveDatasetAs, commands);
        } else if self.state.dataset.changed_on_disk() {
            self.dialogs.asking_to_overwrite = true;
        } else {
            self.write_dataset_back(ctx, commands);
        }
    }

    fn write_dataset_back(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(path) = self.state.dataset.saves_to.clone() else { return };
        match self.save(&SaveTarget::Dataset, &path) {
            Ok(()) => {
                commands.push(Command::Saved(path.clone()));
                self.show_toast(ctx, format!("Saved to {}", path.display()));
            }
            Err(e) => {
                self.dialogs.close_when_saved = false;
                self.show_toast(ctx, format!("Not saved: {e}. The data on screen is kept."));
            }
        }
    }

    /// A close request with unsaved changes is held back and asks: Save, Don't save, or Cancel.
    pub(super) fn hold_close_if_unsaved(&mut self, ctx: &egui::Context) {
        let asked = ctx.input(|i| i.viewport().close_requested());
        if asked && self.state.history.unsaved() && !self.dialogs.may_close {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.dialogs.asking_to_close = true;
        }
        if self.dialogs.close_when_saved && !self.state.history.unsaved() {
            self.dialogs.close_when_saved = false;
            self.dialogs.may_close = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    pub(super) fn close_question_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        if !self.dialogs.asking_to_close {
            return;
        }
        let Some(answer) = self.unsaved_question_ui(ctx, "Save changes before closing?") else { return };
        self.dialogs.asking_to_close = false;
        match answer {
            CloseAnswer::Save => {
                self.dialogs.close_when_saved = true;
                self.save_dataset(ctx, commands);
            }
            CloseAnswer::Discard => {
                commands.push(Command::ForgetUnsavedChanges);
                self.dialogs.may_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            CloseAnswer::Cancel => {}
        }
    }

    /// "‘name’ has changes that are not saved", with the last of them: Save, Don't save or Cancel.
    fn unsaved_question_ui(&self, ctx: &egui::Context, title: &str) -> Option<CloseAnswer> {
        let name = &self.state.dataset.name;
        let last = self.state.history.undo_label().map(|l| format!("The last one: {l}."));
        question_ui(
            ctx,
            title,
            &format!("‘{name}’ has changes that are not saved."),
            last.as_deref(),
            &[
                ("Save", CloseAnswer::Save),
                ("Don't save", CloseAnswer::Discard),
                ("Cancel", CloseAnswer::Cancel),
            ],
        )
    }

    /// Other data was asked for while the dataset has unsaved changes: save them first, give them up,
    /// or stay; after Save, the files open once the dataset is saved.
    pub(super) fn load_question_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(waiting) = self.dialogs.load_waiting.clone() else { return };
        if !waiting.asking {
            let saving = self.dialogs.save.is_some()
                || self.dialogs.chooser.is_some()
                || self.dialogs.asking_to_overwrite;
            if !self.state.history.unsaved() {
                self.dialogs.load_waiting = None;
                self.open_other_data(ctx, waiting.what);
            } else if !saving {
                // The save was given up or failed (and said why): the data on screen stays.
                self.dialogs.load_waiting = None;
            }
            return;
        }
        let Some(answer) = self.unsaved_question_ui(ctx, "Save changes before opening other data?") else {
            return;
        };
        match answer {
            CloseAnswer::Save => {
                self.dialogs.load_waiting = Some(super::windows::LoadWaiting { asking: false, ..waiting });
                self.save_dataset(ctx, commands);
            }
            CloseAnswer::Discard => {
                self.dialogs.load_waiting = None;
                // The history and its journal go with the data, once the other data is in its place.
                self.open_other_data(ctx, waiting.what);
                self.jobs.forget_unsaved_on_load = true;
            }
            CloseAnswer::Cancel => self.dialogs.load_waiting = None,
        }
    }

    /// Opens or imports the data asked for, whatever is unsaved (the question was answered).
    fn open_other_data(&mut self, ctx: &egui::Context, what: super::windows::OtherData) {
        match what {
            super::windows::OtherData::Open(paths) => self.load_now(ctx, paths),
            super::windows::OtherData::Import(path, options) => {
                self.import_now(ctx, path, options, crate::ui::import_dialog::ImportInto::Replace);
            }
        }
    }

    /// Save found the file changed by another program since it was read: overwrite it, save elsewhere,
    /// or leave it.
    pub(super) fn overwrite_question_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        if !self.dialogs.asking_to_overwrite {
            return;
        }
        let path = self.state.dataset.saves_to.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
        let answer = question_ui(
            ctx,
            "The file changed on disk",
            &format!("{path} was changed by another program since it was opened here."),
            Some("Saving here replaces those changes with the data on screen."),
            &[
                ("Overwrite", OverwriteAnswer::Overwrite),
                ("Save As…", OverwriteAnswer::SaveAs),
                ("Cancel", OverwriteAnswer::Cancel),
            ],
        );
        let Some(answer) = answer else { return };
        self.dialogs.asking_to_overwrite = false;
        match answer {
            OverwriteAnswer::Overwrite => self.write_dataset_back(ctx, commands),
            OverwriteAnswer::SaveAs => self.perform(ctx, super::actions::Action::SaveDatasetAs, commands),
            OverwriteAnswer::Cancel => self.dialogs.close_when_saved = false,
        }
    }

    /// Unsaved changes an earlier run left for this dataset: put them back, or give them up.
    pub(super) fn recovery_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        if let Some(trouble) = self.state.journal_trouble.take() {
            self.show_toast(ctx, trouble);
        }
        let Some(recovery) = &self.state.recovery else { return };
        let count = recovery.labels.len();
        let changes = if count == 1 { "1 change".to_owned() } else { format!("{count} changes") };
        let name = &self.state.dataset.name;
        let mut listed: Vec<String> = recovery.labels.iter().take(RECOVERY_STEPS_LISTED).cloned().collect();
        if count > RECOVERY_STEPS_LISTED {
            listed.push(format!("and {} more", count - RECOVERY_STEPS_LISTED));
        }
        if recovery.damaged > 0 {
            listed.push(format!(
                "({} damaged line(s) of the journal cannot be read and are left out)",
                recovery.damaged
            ));
        }
        let started = recovery.started.replace('T', " ").replace('Z', " UTC");
        let said = format!("An earlier session ended with {changes} to ‘{name}’ not saved (from {started}).");
        let answer = match &recovery.refused {
            Some(refused) => {
                question_ui(ctx, "Unsaved changes found", &said, Some(refused), &[("OK", false)])
            }
            None => question_ui(
                ctx,
                "Restore unsaved changes?",
                &said,
                Some(&listed.join("\n")),
                &[("Restore", true), ("Discard", false)],
            ),
        };
        match answer {
            Some(true) => commands.push(Command::RestoreUnsavedChanges),
            Some(false) => commands.push(Command::ForgetUnsavedChanges),
            None => {}
        }
    }
}

/// A question in a small window: what happened, a quieter detail, and one button per answer.
fn question_ui<A: Copy>(
    ctx: &egui::Context,
    title: &str,
    said: &str,
    detail: Option<&str>,
    answers: &[(&str, A)],
) -> Option<A> {
    let mut answer = None;
    crate::ui::dialog(title.to_owned(), ctx).default_width(theme::DIALOG_WIDTH).show(ctx, |ui| {
        ui.label(said);
        if let Some(detail) = detail {
            ui.label(RichText::new(detail).weak());
        }
        ui.horizontal(|ui| {
            for &(label, choice) in answers {
                if ui.button(label).clicked() {
                    answer = Some(choice);
                }
            }
        });
    });
    answer
}
