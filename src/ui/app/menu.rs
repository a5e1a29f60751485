//! The menu bar, drawn from the action table, and what each action does.

use std::path::PathBuf;

use egui::{RichText, Ui};

use super::AtlasApp;
use super::actions::{self, Action, Availability, EDIT_MENU, FILE_MENU, VIEW_MENU};
use super::windows::ChooserFor;
use super::windows::{OnlineForm, OpenPurpose, OpenRequest, SaveRequest, SaveTarget};
use crate::basemap::{OnlineSource, OnlineTiles};
use crate::state::Command;
use crate::ui::article_window::ArticleWindow;
use crate::ui::export::dialog::{ExportDialog, ExportKind, default_file_name};
use crate::ui::import_dialog::ImportDialog;

impl AtlasApp {
    /// Carries out an action; commands for the state go to `commands`.
    pub(super) fn perform(&mut self, ctx: &egui::Context, action: Action, commands: &mut Vec<Command>) {
        let has_scenes = !self.state.briefing.scenes.is_empty();
        match action {
            Action::Open => self.ask_to_open(ctx, OpenPurpose::Dataset),
            Action::OpenBriefing => self.ask_to_open(ctx, OpenPurpose::Briefing),
            Action::UseTileFile => self.ask_to_open(ctx, OpenPurpose::TileFile),
            Action::Reload => {
                let paths = self.state.dataset.paths.clone();
                self.start_loading(ctx, paths);
            }
            Action::OpenBundled => self.start_loading(ctx, vec![PathBuf::from(crate::io::bundled::PATH)]),
            Action::Import => self.dialogs.import = Some(ImportDialog::new(String::new())),
            Action::DraftFromArticle => {
                self.dialogs.article.get_or_insert_with(ArticleWindow::default);
            }
            Action::Save => self.save_dataset(ctx, commands),
            Action::Undo => commands.push(Command::Undo),
            Action::Redo => commands.push(Command::Redo),
            Action::EditIncident => {
                if let Some(index) = self.state.selection {
                    self.open_editor(index, false);
                }
            }
            Action::DuplicateIncident => {
                if let Some(index) = self.state.selection {
                    commands.push(Command::Edit(crate::state::Edit::Duplicate(index)));
                }
            }
            Action::DeleteIncident => {
                let picked: Vec<u32> = self.state.picked.iter().copied().collect();
                if !picked.is_empty() {
                    commands.push(Command::Edit(crate::state::Edit::Delete(picked)));
                } else if let Some(index) = self.state.selection {
                    commands.push(Command::Edit(crate::state::Edit::Delete(vec![index])));
                }
            }
            Action::NewIncident => commands.push(Command::NewIncident(None)),
            Action::PickAllShown => commands.push(Command::PickAllShown),
            Action::SaveDatasetAs => {
                let name = default_file_name(&self.state, "geojson");
                let path = self.export_folder().join(name);
                self.dialogs.save = Some(SaveRequest::new(SaveTarget::Dataset, &path));
                self.open_chooser(ctx, ChooserFor::Save);
            }
            Action::SaveBriefing => {
                self.start_saving_briefing();
                self.open_chooser(ctx, ChooserFor::Save);
            }
            Action::Screenshot => self.request_screenshot(ctx),
            Action::ExportPicture | Action::ExportAnimation => {
                let kind =
                    if action == Action::ExportPicture { ExportKind::Picture } else { ExportKind::Animation };
                self.dialogs.export = Some(ExportDialog::new(kind, &self.state, &self.export_folder()));
            }
            Action::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Action::Present => self.set_presenting(ctx, !self.presenting),
            Action::LeavePresentation => self.set_presenting(ctx, false),
            Action::OnlineOpenStreetMap => {
                let current = self.map.online().map(OnlineTiles::source);
                let next = crate::basemap::online::toggled(current, OnlineSource::openstreetmap());
                self.use_online_tiles(ctx, next);
            }
            Action::OnlineFromUrl => self.dialogs.online = Some(OnlineForm::default()),
            Action::EmbeddedOnly => {
                self.use_tile_file(ctx, None);
                self.use_online_tiles(ctx, None);
            }
            Action::FitMap => commands.push(Command::FitToData),
            Action::ToggleTheme => {
                let dark = ctx.theme() == egui::Theme::Dark;
                ctx.set_theme(if dark { egui::Theme::Light } else { egui::Theme::Dark });
                self.settings.dark = !dark;
            }
            Action::Search => self.filters.focus_search = true,
            // In the list's order, as sorted; from the top (or bottom) when nothing is selected.
            Action::NextIncident | Action::PreviousIncident => {
                let forward = action == Action::NextIncident;
                if let Some(next) = self.list.neighbour(self.state.selection, forward) {
                    commands.push(Command::SelectAndCenter(next));
                }
            }
            Action::NextScene => {
                commands.push(if has_scenes { Command::NextScene } else { Command::SelectNext });
            }
            Action::PreviousScene => {
                commands.push(if has_scenes { Command::PreviousScene } else { Command::SelectPrevious });
            }
            Action::PlayPause => commands.push(Command::TogglePlay),
            Action::StepBack => commands.push(Command::StepFrame { forward: false }),
            Action::StepForward => commands.push(Command::StepFrame { forward: true }),
            Action::ClearSelection => commands.push(Command::ClearSelection),
        }
    }

    /// Opens the path window for `purpose`, unless it is already open for it (what was typed stays).
    /// The path window for `purpose`, with the system file chooser opened over it where there is one.
    fn ask_to_open(&mut self, ctx: &egui::Context, purpose: OpenPurpose) {
        if self.dialogs.open.as_ref().map(|o| o.purpose) != Some(purpose) {
            self.dialogs.open = Some(OpenRequest::new(purpose));
            self.open_chooser(ctx, ChooserFor::Open);
        }
    }

    /// The menu bar: File, View and Help from the action table, the dataset's name and count, and the
    /// Present and Screenshot buttons.
    pub(super) fn menu_bar_ui(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let now = self.availability(ui.ctx());
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| self.menu_items_ui(ui, FILE_MENU, now, commands));
            ui.menu_button("Edit", |ui| self.menu_items_ui(ui, EDIT_MENU, now, commands));
            ui.menu_button("View", |ui| self.menu_items_ui(ui, VIEW_MENU, now, commands));
            ui.menu_button("Help", actions::keys_ui);
            ui.separator();
            ui.label(RichText::new(&self.state.dataset.name).strong());
            ui.label(self.state.shown().to_string());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                for action in [Action::Present, Action::Screenshot] {
                    let label = action.label(now).trim_end_matches('…');
                    let hint = match action.shortcuts().first() {
                        Some(keys) => format!("{} ({})", action.help(), ui.ctx().format_shortcut(keys)),
                        None => action.help().to_owned(),
                    };
                    if ui.button(label).on_hover_text(hint).clicked() {
                        self.perform(ui.ctx(), action, commands);
                    }
                }
            });
            if let Some(loader) = &self.jobs.loader {
                ui.separator();
                ui.spinner();
                ui.label(format!("Loading {}…", loader.label));
            }
        });
    }

    /// One menu's items, in order, each with its shortcut, greyed out when it cannot be done now.
    fn menu_items_ui(
        &mut self,
        ui: &mut Ui,
        items: &[Option<Action>],
        now: Availability,
        commands: &mut Vec<Command>,
    ) {
        for item in items {
            let Some(action) = *item else {
                ui.separator();
                continue;
            };
            if !action.shown(now) {
                continue;
            }
            // Undo and Redo name the step they would take.
            let step = match action {
                Action::Undo => self.state.history.undo_label().map(|l| format!("Undo: {l}")),
                Action::Redo => self.state.history.redo_label().map(|l| format!("Redo: {l}")),
                _ => None,
            };
            let label = step.unwrap_or_else(|| action.label(now).to_owned());
            let mut button = egui::Button::new(label).selected(action.checked(now));
            if let Some(keys) = action.shortcuts().first() {
                button = button.shortcut_text(ui.ctx().format_shortcut(keys));
            }
            if ui.add_enabled(action.enabled(now), button).on_hover_text(action.help()).clicked() {
                ui.close();
                self.perform(ui.ctx(), action, commands);
            }
        }
    }
}
