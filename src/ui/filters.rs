//! Filters: category toggles with their colours, free-text search, minimum casualties.

use egui::{RichText, Sense, Ui, Vec2};

use super::theme;
use crate::state::{AppState, Command};

/// The filter panel's own state: the search text being typed and a focus request.
#[derive(Default)]
pub struct FiltersView {
    /// Focus the search box next frame (Ctrl+F).
    pub focus_search: bool,
    text: String,
}

impl FiltersView {
    /// Country and region choosers. Their lists are worked out when first opened (every incident's area,
    /// from its properties or the region polygon around it).
    fn area_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
        let filters = &state.filters;
        ui.horizontal(|ui| {
            let country = filters.country.clone();
            let shown = country.as_deref().unwrap_or("All countries");
            egui::ComboBox::new("country-filter", "country").selected_text(shown).width(170.0).show_ui(
                ui,
                |ui| {
                    if ui.selectable_label(country.is_none(), "All countries").clicked() {
                        commands.push(Command::SetArea { country: None, region: None });
                    }
                    for (name, n) in state.store().areas().countries() {
                        let selected = country.as_deref() == Some(name.as_str());
                        if ui.selectable_label(selected, format!("{name} ({n})")).clicked() {
                            commands.push(Command::SetArea { country: Some(name), region: None });
                        }
                    }
                },
            );
            if let Some(country) = &filters.country {
                let region = filters.region.clone();
                let shown = region.as_deref().unwrap_or("All regions");
                egui::ComboBox::new("region-filter", "region").selected_text(shown).width(170.0).show_ui(
                    ui,
                    |ui| {
                        if ui.selectable_label(region.is_none(), "All regions").clicked() {
                            commands.push(Command::SetArea { country: Some(country.clone()), region: None });
                        }
                        for (name, n) in state.store().areas().regions(country) {
                            let selected = region.as_deref() == Some(name.as_str());
                            if ui.selectable_label(selected, format!("{name} ({n})")).clicked() {
                                commands.push(Command::SetArea {
                                    country: Some(country.clone()),
                                    region: Some(name),
                                });
                            }
                        }
                    },
                );
            }
        });
    }

    /// Draws the filters.
    pub fn filters_ui(&mut self, ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let label = ui.label("Search");
            let edit = egui::TextEdit::singleline(&mut self.text)
                .hint_text("title, place, actor…")
                .desired_width(ui.available_width() - 8.0);
            let response = ui
                .add(edit)
                .labelled_by(label.id)
                .on_hover_text("Search titles, places, actors, descriptions and notes (Ctrl+F)");
            if self.focus_search {
                response.request_focus();
                self.focus_search = false;
            }
            if response.changed() {
                commands.push(Command::SetText(self.text.clone()));
            }
        });
        let store = state.store();
        let categories = store.categories();
        let counts = store.category_counts(0..u32::try_from(store.len()).unwrap_or(0));
        ui.horizontal(|ui| {
            ui.label(RichText::new("Categories").strong());
            if !state.filters.hidden_categories.is_empty() && ui.small_button("Show all").clicked() {
                commands.push(Command::ShowAllCategories);
            }
        });
        egui::Grid::new("category-filters").num_columns(2).spacing([12.0, 2.0]).show(ui, |ui| {
            for (k, (name, n)) in categories.iter().zip(&counts).enumerate() {
                let mut shown = state.category_shown(name);
                let color = theme::category_color(name, categories);
                ui.horizontal(|ui| {
                    let (swatch, _) = ui.allocate_exact_size(Vec2::splat(12.0), Sense::hover());
                    ui.painter().circle_filled(
                        swatch.center(),
                        6.0,
                        if shown { color } else { color.gamma_multiply(0.25) },
                    );
                    if ui.checkbox(&mut shown, format!("{name} ({n})")).changed() {
                        commands.push(Command::ToggleCategory(name.clone()));
                    }
                });
                if k % 2 == 1 {
                    ui.end_row();
                }
            }
        });
        Self::area_ui(ui, state, commands);
        ui.horizontal(|ui| {
            ui.label("At least");
            let mut min = state.filters.min_casualties;
            let drag = egui::DragValue::new(&mut min).range(0..=100_000).speed(1.0);
            if ui.add(drag).on_hover_text("Minimum killed plus injured").changed() {
                commands.push(Command::SetMinCasualties(min));
            }
            ui.label("killed or injured");
        });
    }
}
