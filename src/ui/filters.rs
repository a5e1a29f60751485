//! Filters: category toggles with their colours, free-text search, minimum casualties.

use egui::{RichText, Sense, Ui, Vec2};

use super::theme;
use crate::model::group_thousands;
use crate::state::{AppState, Command, SearchMatches};

/// The filter panel's own state: the search text being typed and a focus request.
#[derive(Default)]
pub struct FiltersView {
    /// Focus the search box next frame (Ctrl+F).
    pub focus_search: bool,
    text: String,
    /// The minimum casualties as typed (the filter's value when the field is not being edited).
    min_text: String,
}

impl FiltersView {
    /// Country and region choosers. Their lists are worked out when first opened (every incident's area,
    /// from its properties or the region polygon around it).
    fn area_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
        let filters = &state.filters;
        ui.horizontal(|ui| {
            let country = filters.country.as_deref();
            let areas = || state.store().areas();
            chooser_ui(
                ui,
                ("country", "All countries"),
                country,
                || areas().countries(),
                |picked| {
                    commands.push(Command::SetArea { country: picked, region: None });
                },
            );
            if let Some(country) = country {
                let region = filters.region.as_deref();
                chooser_ui(
                    ui,
                    ("region", "All regions"),
                    region,
                    || areas().regions(country),
                    |picked| {
                        commands.push(Command::SetArea { country: Some(country.to_owned()), region: picked });
                    },
                );
            }
        });
    }

    /// What the search finds: at any time, and how many of those are outside the time window, with a button
    /// that widens the window to show them.
    fn matches_ui(ui: &mut Ui, found: SearchMatches, commands: &mut Vec<Command>) {
        ui.horizontal_wrapped(|ui| {
            let verb = if found.total == 1 { "matches" } else { "match" };
            let total = group_thousands(found.total);
            if found.total == 0 {
                ui.label("Nothing matches at any time");
            } else if found.outside() == 0 {
                ui.label(format!("{total} {verb}, all in the time window"));
            } else {
                ui.label(format!(
                    "{total} {verb}, {} outside the time window —",
                    group_thousands(found.outside())
                ));
                let tip = "Widen the time window to take in every match";
                if ui.link("show them").on_hover_text(tip).clicked() {
                    commands.push(Command::ShowAllMatches);
                }
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
            let response = ui.add(edit).labelled_by(label.id).on_hover_text(
                "Search titles, places, actors, descriptions and notes at any time (Ctrl+F); \
                     Enter selects the first match",
            );
            if self.focus_search {
                response.request_focus();
                self.focus_search = false;
            }
            if response.changed() {
                commands.push(Command::SetText(self.text.clone()));
            }
            if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                commands.push(Command::SelectFirstMatch);
            }
        });
        if let Some(found) = state.search_matches() {
            Self::matches_ui(ui, found, commands);
        }
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
        self.min_casualties_ui(ui, state, commands);
    }

    /// "At least N killed or injured": a plain number field that applies as it is typed (an empty field
    /// means 0); anything that is not a whole number is shown, not applied.
    fn min_casualties_ui(&mut self, ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            let label = ui.label("At least");
            let id = ui.make_persistent_id("min-casualties");
            let editing = ui.memory(|m| m.has_focus(id));
            if !editing {
                self.min_text = state.filters.min_casualties.to_string();
            }
            let edit = egui::TextEdit::singleline(&mut self.min_text)
                .id(id)
                .desired_width(theme::NUMBER_FIELD_WIDTH);
            let response = ui.add(edit).labelled_by(label.id).on_hover_text("Minimum killed plus injured");
            let typed = self.min_text.trim();
            let value = if typed.is_empty() { Some(0) } else { typed.parse::<u32>().ok() };
            match value {
                Some(n) if response.changed() && n != state.filters.min_casualties => {
                    commands.push(Command::SetMinCasualties(n));
                }
                None => {
                    ui.label(RichText::new("a whole number").color(ui.visuals().error_fg_color));
                }
                _ => {}
            }
            ui.label("killed or injured");
        });
    }
}

/// A chooser labelled `what`: `all` (no choice) and each of `choices()` with its count, listed when
/// opened. What the user picks goes to `pick` (`None` for `all`).
fn chooser_ui(
    ui: &mut Ui,
    (what, all): (&str, &str),
    current: Option<&str>,
    choices: impl FnOnce() -> Vec<(String, usize)>,
    mut pick: impl FnMut(Option<String>),
) {
    egui::ComboBox::new(format!("{what}-filter"), what)
        .selected_text(current.unwrap_or(all))
        .width(theme::AREA_CHOOSER_WIDTH)
        .show_ui(ui, |ui| {
            if ui.selectable_label(current.is_none(), all).clicked() {
                pick(None);
            }
            for (name, n) in choices() {
                if ui.selectable_label(current == Some(name.as_str()), format!("{name} ({n})")).clicked() {
                    pick(Some(name));
                }
            }
        });
}
