//! The briefing panel: the briefing's title and its scenes: add, go to, reorder, rename, re-caption,
//! update from the current view, delete; open, save and present.

use egui::{RichText, Ui};

use super::theme::Palette;
use crate::state::{AppState, BasemapChoice, Command, SceneMove};

/// What the panel asks of the app (things that need the map view, files or the window).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BriefingRequest {
    /// Add a scene from the current view.
    AddScene,
    /// Replace a scene's view with the current one.
    UpdateScene(usize),
    /// Open a briefing file.
    Open,
    /// Save the briefing to a file.
    Save,
    /// Start presenting.
    Present,
}

/// The panel's own state: the text being edited.
#[derive(Debug, Default)]
pub struct ScenesView {
    /// The scene whose title and caption are in the editors, and their text.
    editing: Option<(usize, String, String)>,
    /// The briefing title being edited.
    title: Option<String>,
}

impl ScenesView {
    /// Draws the panel; returns a request for the app, if any.
    pub fn scenes_ui(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        palette: &Palette,
        commands: &mut Vec<Command>,
    ) -> Option<BriefingRequest> {
        let mut request = None;
        let briefing = &state.briefing;
        let title = self.title.get_or_insert_with(|| briefing.title.clone());
        if *title != briefing.title && !ui.memory(|m| m.focused().is_some()) {
            title.clone_from(&briefing.title);
        }
        ui.horizontal(|ui| {
            let label = ui.label("Briefing title");
            let edit =
                ui.add(egui::TextEdit::singleline(title).desired_width(f32::INFINITY)).labelled_by(label.id);
            if edit.changed() {
                commands.push(Command::SetBriefingTitle(title.clone()));
            }
        });
        ui.horizontal_wrapped(|ui| {
            if ui
                .button("Add scene")
                .on_hover_text("Save the current view, window, filters and selection")
                .clicked()
            {
                request = Some(BriefingRequest::AddScene);
            }
            let present = ui.add_enabled(!briefing.scenes.is_empty(), egui::Button::new("Present (F5)"));
            if present.on_hover_text("Full screen, one scene at a time: ← → to step, Esc to leave").clicked()
            {
                request = Some(BriefingRequest::Present);
            }
            if ui.button("Open briefing…").clicked() {
                request = Some(BriefingRequest::Open);
            }
            if ui.add_enabled(!briefing.scenes.is_empty(), egui::Button::new("Save briefing…")).clicked() {
                request = Some(BriefingRequest::Save);
            }
        });
        ui.separator();
        if briefing.scenes.is_empty() {
            ui.label(
                RichText::new(
                    "No scenes yet. Set up the map, the time window and the filters, select an incident, \
                     then press Add scene.",
                )
                .color(palette.weak_text),
            );
            return request;
        }
        // Keep the editors on the current scene.
        match (state.scene, &self.editing) {
            (Some(k), Some((e, _, _))) if *e == k => {}
            (Some(k), _) => {
                self.editing = briefing.scenes.get(k).map(|s| (k, s.title.clone(), s.caption.clone()));
            }
            (None, _) => self.editing = None,
        }
        let n = briefing.scenes.len();
        let missing = state.scenes_missing_their_incident();
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            for (k, scene) in briefing.scenes.iter().enumerate() {
                let current = state.scene == Some(k);
                ui.horizontal(|ui| {
                    let text = RichText::new(format!("{}. {}", k + 1, scene.title));
                    if ui.selectable_label(current, if current { text.strong() } else { text }).clicked() {
                        commands.push(Command::GoToScene(k));
                    }
                    if missing.contains(&k) {
                        ui.label(RichText::new("⚠").color(palette.error)).on_hover_text(
                            "This scene selects an incident that is not in the data on screen",
                        );
                    }
                });
                if !current {
                    continue;
                }
                if let Some(asked) = self.scene_editor_ui(ui, k, scene, n, palette, commands) {
                    request = Some(asked);
                }
            }
        });
        request
    }

    /// The current scene's editor: title, caption, a note on online tiles, and moving, updating and
    /// deleting the scene (`n` scenes in all). Returns a request for the app, if any.
    fn scene_editor_ui(
        &mut self,
        ui: &mut Ui,
        k: usize,
        scene: &crate::state::Scene,
        n: usize,
        palette: &Palette,
        commands: &mut Vec<Command>,
    ) -> Option<BriefingRequest> {
        let mut request = None;
        ui.indent(("scene-editor", k), |ui| {
            if let Some((_, title, caption)) = &mut self.editing {
                let label = ui.label("Scene title");
                let t = ui
                    .add(egui::TextEdit::singleline(title).desired_width(f32::INFINITY))
                    .labelled_by(label.id);
                let label = ui.label("Caption");
                let c = ui
                    .add(egui::TextEdit::multiline(caption).desired_rows(3).desired_width(f32::INFINITY))
                    .labelled_by(label.id);
                if t.changed() || c.changed() {
                    commands.push(Command::EditScene {
                        scene: k,
                        title: title.clone(),
                        caption: caption.clone(),
                    });
                }
            }
            if let BasemapChoice::Online { url, .. } = &scene.basemap {
                ui.label(
                    RichText::new(format!(
                        "Made with online tiles ({url}); they are used only once you turn them on."
                    ))
                    .color(palette.weak_text),
                );
            }
            ui.horizontal(|ui| {
                if ui.add_enabled(k > 0, egui::Button::new("Move up")).clicked() {
                    commands.push(Command::MoveScene(k, SceneMove::Up));
                }
                if ui.add_enabled(k + 1 < n, egui::Button::new("Move down")).clicked() {
                    commands.push(Command::MoveScene(k, SceneMove::Down));
                }
                if ui
                    .button("Update from view")
                    .on_hover_text("Replace this scene's view with the current one; keep its words")
                    .clicked()
                {
                    request = Some(BriefingRequest::UpdateScene(k));
                }
                if ui.button("Delete scene").clicked() {
                    commands.push(Command::DeleteScene(k));
                }
            });
        });
        request
    }
}
