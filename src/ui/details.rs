//! The details panel: everything about the selected incident.

use egui::{RichText, Ui};

use super::bulk::BulkForm;
use super::editor::{EditorOutcome, IncidentEditor};
use super::theme::{self, Palette};
use super::words::casualty_text;
use crate::state::{AppState, Command, Edit};

/// Draws the details panel for the selected incident, or the editor when `editor` holds one for it, or
/// the changes to all picked incidents when several are picked.
pub fn details_ui(
    ui: &mut Ui,
    state: &AppState,
    palette: &Palette,
    editor: &mut Option<IncidentEditor>,
    bulk: &mut BulkForm,
    commands: &mut Vec<Command>,
) {
    if state.picked.len() > 1 {
        *editor = None;
        bulk.bulk_ui(ui, state, palette, commands);
        return;
    }
    let selected = state.selection.and_then(|i| state.store().get(i).map(|incident| (i, incident)));
    // An editor left open on another incident (the selection moved) closes.
    if editor.as_ref().is_some_and(|e| selected.is_none_or(|(_, incident)| incident.id != e.id)) {
        *editor = None;
    }
    actions_row_ui(ui, selected, editor, commands);
    ui.separator();
    let Some((_, incident)) = selected else {
        ui.label(
            RichText::new("Select an incident on the map, the timeline or the list.")
                .color(palette.weak_text),
        );
        return;
    };
    if let Some(open) = editor.as_mut() {
        // A change made elsewhere (a place dragged on the map, undo) shows in the fields not typed in.
        open.follow(incident);
        if open.editor_ui(ui, state, palette, commands) == EditorOutcome::Done {
            *editor = None;
        }
        return;
    }
    let store = state.store();
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.label(RichText::new(&incident.title).size(theme::HEADING_TEXT_SIZE).strong());
        // An incident kept with what `validate` warns of (one made here without a source) says so.
        for warning in super::editor::warnings_for(incident) {
            ui.label(RichText::new(format!("⚠ {warning}")).color(ui.visuals().warn_fg_color));
        }
        ui.add_space(4.0);
        ui.label(RichText::new(incident.date.describe()).size(theme::BODY_TEXT_SIZE));
        let place = incident.place.as_deref().unwrap_or("No place given");
        let precision = match (incident.geometry.is_located(), incident.location_precision) {
            (false, _) => " (not on the map)".to_owned(),
            (true, Some(p)) => {
                let radius = incident.uncertainty_radius_m().unwrap_or(0.0);
                let r =
                    if radius >= 1000.0 { format!("{} km", radius / 1000.0) } else { format!("{radius} m") };
                format!(" — located to the {p} (±{r})")
            }
            (true, None) => " — precision not given".to_owned(),
        };
        ui.label(format!("{place}{precision}"));
        let mut other_fields = incident.extra.to_map();
        let tags = incident.tags();
        if !tags.is_empty() {
            // Shown as tags below, not again among the other fields.
            other_fields.remove(crate::model::TAGS_PROPERTY);
        }
        if let Some(how) = other_fields.get("geocoded").and_then(serde_json::Value::as_str) {
            ui.label(RichText::new(format!("Placed from its name: {how}")).color(palette.weak_text));
        }
        ui.horizontal(|ui| {
            let color = theme::category_color(&incident.category, store.categories());
            let (swatch, _) = ui.allocate_exact_size(egui::Vec2::splat(12.0), egui::Sense::hover());
            ui.painter().circle_filled(swatch.center(), 6.0, color);
            ui.label(&incident.category);
        });
        if !incident.actors.is_empty() {
            ui.label(format!("Actors: {}", incident.actors.join("; ")));
        }
        if !tags.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.label("Tags:");
                for tag in &tags {
                    ui.label(RichText::new(tag).background_color(palette.tag_fill));
                }
            });
        }
        ui.label(casualty_text(incident.killed, incident.injured));
        if let Some(d) = &incident.description {
            ui.add_space(6.0);
            ui.label(d);
        }
        if let Some(n) = &incident.notes {
            ui.add_space(6.0);
            ui.label(RichText::new("Notes").strong());
            ui.label(n);
        }
        ui.add_space(6.0);
        sources_list_ui(ui, incident, palette);
        if !other_fields.is_empty() {
            ui.add_space(6.0);
            other_fields_ui(ui, &other_fields, palette);
        }
        ui.add_space(6.0);
        ui.label(RichText::new(format!("id: {}", incident.id)).small().color(palette.weak_text));
        if let Some(times) = edit_times_text(incident) {
            ui.label(RichText::new(times).small().color(palette.weak_text));
        }
    });
}

/// The incident's sources, each in a frame: publisher and date, the title (a link when it is one) and
/// the quote.
fn sources_list_ui(ui: &mut Ui, incident: &crate::model::Incident, palette: &Palette) {
    ui.label(RichText::new(format!("Sources ({})", incident.sources.len())).strong());
    for source in incident.sources.iter() {
        ui.group(|ui| {
            let published = source.published.as_deref().map(|p| format!(", {p}")).unwrap_or_default();
            ui.label(format!("{}{published}", source.publisher));
            match (source.web_link(), source.url.as_deref()) {
                (Some(url), _) => {
                    ui.hyperlink_to(&source.title, url).on_hover_text(url);
                }
                (None, Some(url)) => {
                    ui.label(&source.title);
                    ui.label(RichText::new(url).monospace().color(palette.weak_text));
                }
                (None, None) => {
                    ui.label(&source.title);
                }
            }
            if let Some(q) = &source.quote {
                ui.label(RichText::new(format!("“{q}”")).italics());
            }
        });
    }
}

/// When the incident was made and last changed in this tool ("made 4 Dec 2026 18:00 UTC, changed …"),
/// or `None` for one never edited here.
fn edit_times_text(incident: &crate::model::Incident) -> Option<String> {
    let when = |t: crate::model::UnixSeconds| {
        jiff::Timestamp::from_second(t)
            .map_or_else(|_| t.to_string(), |t| t.strftime("%-d %b %Y %H:%M UTC").to_string())
    };
    match (incident.created, incident.updated) {
        (None, None) => None,
        (Some(made), None) => Some(format!("made here {}", when(made))),
        (None, Some(changed)) => Some(format!("changed here {}", when(changed))),
        (Some(made), Some(changed)) if made == changed => Some(format!("made here {}", when(made))),
        (Some(made), Some(changed)) => {
            Some(format!("made here {}, last changed {}", when(made), when(changed)))
        }
    }
}

/// Previous and Next, and, for a selected incident not being edited, Edit, Duplicate and Delete.
fn actions_row_ui(
    ui: &mut Ui,
    selected: Option<(u32, &crate::model::Incident)>,
    editor: &mut Option<IncidentEditor>,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        if ui.button("‹ Previous").on_hover_text("Previous incident in time (←)").clicked() {
            commands.push(Command::SelectPrevious);
        }
        if ui.button("Next ›").on_hover_text("Next incident in time (→)").clicked() {
            commands.push(Command::SelectNext);
        }
        if let (Some((index, incident)), None) = (selected, editor.as_ref()) {
            ui.separator();
            if ui.button("Edit incident").on_hover_text("change this incident's fields (Enter)").clicked() {
                *editor = Some(IncidentEditor::new(incident));
            }
            if ui.button("Duplicate").on_hover_text("a copy with a new id (Ctrl+D)").clicked() {
                commands.push(Command::Edit(Edit::Duplicate(index)));
            }
            if ui.button("Delete").on_hover_text("delete this incident (Delete; Ctrl+Z undoes)").clicked() {
                commands.push(Command::Edit(Edit::Delete(vec![index])));
            }
        }
    });
}

/// The properties this program has no field for (an export's extra columns, the region filled in on
/// import), in the order they were read: names in the weak colour, values as written.
fn other_fields_ui(ui: &mut Ui, fields: &serde_json::Map<String, serde_json::Value>, palette: &Palette) {
    egui::CollapsingHeader::new(RichText::new(format!("Other fields ({})", fields.len())).strong())
        .default_open(true)
        .show(ui, |ui| {
            egui::Grid::new("other fields").num_columns(2).striped(true).show(ui, |ui| {
                for (name, value) in fields {
                    ui.label(RichText::new(name).color(palette.weak_text));
                    let text = match value {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    ui.add(egui::Label::new(text).wrap());
                    ui.end_row();
                }
            });
        });
}
