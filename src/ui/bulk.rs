//! The details panel while several incidents are picked: what they are, and one change to all of them
//! (category, an actor added or taken away, delete), each one undoable step.

use egui::{RichText, Ui};

use super::theme::{self, Palette};
use crate::state::{AppState, BulkChange, Command, Edit};

/// What is being typed for a change to the picked incidents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkForm {
    category: String,
    actor: String,
}

impl BulkForm {
    /// Draws the picked incidents and the changes that can be made to all of them.
    pub fn bulk_ui(&mut self, ui: &mut Ui, state: &AppState, palette: &Palette, commands: &mut Vec<Command>) {
        let store = state.store();
        let picked: Vec<u32> = state.picked.iter().copied().collect();
        let change = |change: BulkChange| Command::Edit(Edit::Bulk(picked.clone(), change));
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            ui.label(
                RichText::new(format!("{} incidents picked", picked.len()))
                    .size(theme::HEADING_TEXT_SIZE)
                    .strong(),
            );
            ui.label(
                RichText::new(
                    "Ctrl+click adds or takes out a row, Shift+click picks a run; Esc ends the picking.",
                )
                .color(palette.weak_text),
            );
            ui.add_space(4.0);
            for &index in picked.iter().take(theme::BULK_LISTED) {
                let incident = store.incident(index);
                ui.add(
                    egui::Label::new(format!("{} · {}", incident.date.as_str(), incident.title)).truncate(),
                );
            }
            if picked.len() > theme::BULK_LISTED {
                ui.label(
                    RichText::new(format!("… and {} more", picked.len() - theme::BULK_LISTED))
                        .color(palette.weak_text),
                );
            }
            ui.separator();
            // Each change on its own lines, wrapping in a narrow panel.
            let label = ui.label(RichText::new("Category").strong());
            ui.horizontal_wrapped(|ui| {
                ui.add(egui::TextEdit::singleline(&mut self.category).desired_width(theme::BULK_FIELD_WIDTH))
                    .labelled_by(label.id);
                egui::ComboBox::from_id_salt("bulk-category")
                    .width(theme::EDITOR_CHOOSER_WIDTH)
                    .selected_text("Pick")
                    .show_ui(ui, |ui| {
                        for name in store.categories() {
                            if ui.selectable_label(*name == self.category, name).clicked() {
                                self.category.clone_from(name);
                            }
                        }
                    })
                    .response
                    .labelled_by(label.id);
                let category = self.category.trim();
                if ui.add_enabled(!category.is_empty(), egui::Button::new("Set for all")).clicked() {
                    commands.push(change(BulkChange::SetCategory(category.to_owned())));
                }
            });
            ui.add_space(4.0);
            let label = ui.label(RichText::new("Actor").strong());
            ui.horizontal_wrapped(|ui| {
                ui.add(egui::TextEdit::singleline(&mut self.actor).desired_width(theme::BULK_FIELD_WIDTH))
                    .labelled_by(label.id);
                let actor = self.actor.trim();
                if ui.add_enabled(!actor.is_empty(), egui::Button::new("Add to all")).clicked() {
                    commands.push(change(BulkChange::AddActor(actor.to_owned())));
                }
                if ui.add_enabled(!actor.is_empty(), egui::Button::new("Remove from all")).clicked() {
                    commands.push(change(BulkChange::RemoveActor(actor.to_owned())));
                }
            });
            let actors = actors_among(state, &picked);
            if !actors.is_empty() {
                ui.label(RichText::new("Actors among them (click to fill in):").color(palette.weak_text));
                ui.horizontal_wrapped(|ui| {
                    for (actor, count) in actors {
                        if ui.small_button(format!("{actor} ({count})")).clicked() {
                            self.actor = actor;
                        }
                    }
                });
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let delete = format!("Delete {} incidents", picked.len());
                if ui.button(delete).on_hover_text("one step: Ctrl+Z brings them all back").clicked() {
                    commands.push(Command::Edit(Edit::Delete(picked.clone())));
                }
                if ui.button("End picking").clicked() {
                    commands.push(Command::ClearSelection);
                }
            });
        });
    }
}

/// The actors of the picked incidents with how many of them name each, most named first, then by name.
fn actors_among(state: &AppState, picked: &[u32]) -> Vec<(String, usize)> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for &index in picked {
        for actor in state.store().incident(index).actors.iter() {
            *counts.entry(actor.as_str()).or_default() += 1;
        }
    }
    let mut actors: Vec<(String, usize)> = counts.into_iter().map(|(a, n)| (a.to_owned(), n)).collect();
    actors.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    actors.truncate(theme::BULK_LISTED);
    actors
}
