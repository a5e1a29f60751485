//! The details panel while several incidents are picked: what they are, and one change to all of them
//! (category, an actor or a tag added or taken away, delete), each one undoable step.

use egui::{RichText, Ui};

use super::theme::{self, Palette};
use crate::model::Incident;
use crate::state::{AppState, BulkChange, Command, Edit};

/// What is being typed for a change to the picked incidents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkForm {
    category: String,
    actor: String,
    tag: String,
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
            let actors = names_among(state, &picked, |i| i.actors.to_vec());
            let asked = names_ui(ui, "Actor", &mut self.actor, &actors, palette);
            commands.extend(asked.map(|(add, actor)| {
                change(if add { BulkChange::AddActor(actor) } else { BulkChange::RemoveActor(actor) })
            }));
            ui.add_space(4.0);
            let tags = names_among(state, &picked, Incident::tags);
            let asked = names_ui(ui, "Tag", &mut self.tag, &tags, palette);
            commands.extend(asked.map(|(add, tag)| {
                change(if add { BulkChange::AddTag(tag) } else { BulkChange::RemoveTag(tag) })
            }));
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

/// A name to add to or take from all the picked incidents (an actor, a tag): a field, Add to all and
/// Remove from all, and the names found among them as buttons that fill the field in. Gives `(true,
/// name)` for Add, `(false, name)` for Remove.
fn names_ui(
    ui: &mut Ui,
    noun: &str,
    typed: &mut String,
    among: &[(String, usize)],
    palette: &Palette,
) -> Option<(bool, String)> {
    let mut asked = None;
    let lower = noun.to_lowercase();
    let label = ui.label(RichText::new(noun).strong());
    ui.horizontal_wrapped(|ui| {
        ui.add(egui::TextEdit::singleline(typed).desired_width(theme::BULK_FIELD_WIDTH))
            .labelled_by(label.id);
        let name = typed.trim();
        if ui.add_enabled(!name.is_empty(), egui::Button::new(format!("Add {lower} to all"))).clicked() {
            asked = Some((true, name.to_owned()));
        }
        if ui.add_enabled(!name.is_empty(), egui::Button::new(format!("Remove {lower} from all"))).clicked() {
            asked = Some((false, name.to_owned()));
        }
    });
    if !among.is_empty() {
        ui.label(RichText::new(format!("{noun}s among them (click to fill in):")).color(palette.weak_text));
        ui.horizontal_wrapped(|ui| {
            for (name, count) in among {
                let button = ui.small_button(format!("{name} ({count})"));
                if button.on_hover_text(format!("put this {lower} in the field")).clicked() {
                    name.clone_into(typed);
                }
            }
        });
    }
    asked
}

/// The names (actors, tags) of the picked incidents with how many of them have each, most first, then
/// by name.
fn names_among(
    state: &AppState,
    picked: &[u32],
    names: impl Fn(&Incident) -> Vec<String>,
) -> Vec<(String, usize)> {
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for &index in picked {
        for name in names(state.store().incident(index)) {
            *counts.entry(name).or_default() += 1;
        }
    }
    let mut names: Vec<(String, usize)> = counts.into_iter().collect();
    names.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    names.truncate(theme::BULK_LISTED);
    names
}
