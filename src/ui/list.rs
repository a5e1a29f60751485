//! The incident list: a sortable table of the incidents shown; a click selects and centres the map.

use egui::{RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};

use super::theme;
use crate::state::{AppState, Command};

/// Columns the list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortColumn {
    /// Start time (the default).
    #[default]
    Date,
    /// Title, alphabetically.
    Title,
    /// Place name.
    Place,
    /// Category name.
    Category,
    /// Killed.
    Killed,
}

/// The list's own state: sorting and the cached order.
#[derive(Default)]
pub struct ListView {
    sort: SortColumn,
    descending: bool,
    cache_key: Option<(u64, SortColumn, bool)>,
    rows: Vec<u32>,
    last_selection: Option<u32>,
}

impl ListView {
    /// Draws the table.
    pub fn list_ui(&mut self, ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
        self.refresh_rows(state);
        let store = state.store();
        let scroll_to = (state.selection != self.last_selection)
            .then(|| state.selection.and_then(|s| self.rows.iter().position(|&r| r == s)))
            .flatten();
        self.last_selection = state.selection;
        let mut table = TableBuilder::new(ui)
            .id_salt("incident-list")
            .striped(true)
            .resizable(true)
            .sense(Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::initial(66.0).at_least(50.0).clip(true))
            .column(Column::initial(170.0).at_least(80.0).clip(true))
            .column(Column::initial(80.0).at_least(40.0).clip(true))
            .column(Column::initial(66.0).at_least(40.0).clip(true))
            .column(Column::remainder().at_least(36.0).clip(true))
            .min_scrolled_height(0.0);
        if let Some(row) = scroll_to {
            table = table.scroll_to_row(row, Some(egui::Align::Center));
        }
        let columns = [
            (SortColumn::Date, "Date"),
            (SortColumn::Title, "Title"),
            (SortColumn::Place, "Place"),
            (SortColumn::Category, "Category"),
            (SortColumn::Killed, "Killed"),
        ];
        table
            .header(22.0, |mut header| {
                for (column, name) in columns {
                    header.col(|ui| {
                        let arrow = match (self.sort == column, self.descending) {
                            (true, false) => " ⬆",
                            (true, true) => " ⬇",
                            (false, _) => "",
                        };
                        let button =
                            egui::Button::new(RichText::new(format!("{name}{arrow}")).strong()).frame(false);
                        if ui.add(button).on_hover_text(format!("Sort by {}", name.to_lowercase())).clicked()
                        {
                            if self.sort == column {
                                self.descending = !self.descending;
                            } else {
                                self.sort = column;
                                self.descending = false;
                            }
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(theme::LIST_ROW_HEIGHT, self.rows.len(), |mut row| {
                    let index = self.rows[row.index()];
                    let incident = store.incident(index);
                    row.set_selected(state.selection == Some(index));
                    row.set_hovered(state.hover == Some(index));
                    let killed = incident.killed.map_or_else(|| "—".to_owned(), |k| k.to_string());
                    let cells = [
                        incident.date.as_str(),
                        &incident.title,
                        incident.place.as_deref().unwrap_or("—"),
                        &incident.category,
                        &killed,
                    ];
                    for text in cells {
                        // Not selectable, so that a click reaches the row.
                        row.col(|ui| {
                            ui.add(egui::Label::new(text).selectable(false).truncate());
                        });
                    }
                    let response = row.response();
                    if response.clicked() {
                        commands.push(Command::SelectAndCenter(index));
                    }
                    if response.hovered() && state.hover != Some(index) {
                        commands.push(Command::Hover(Some(index)));
                    }
                });
            });
    }

    fn refresh_rows(&mut self, state: &AppState) {
        let key = (state.revision(), self.sort, self.descending);
        if self.cache_key == Some(key) {
            return;
        }
        let store = state.store();
        let mut rows = state.visible().to_vec();
        match self.sort {
            SortColumn::Date => {}
            SortColumn::Title => rows.sort_by(|&a, &b| store.incident(a).title.cmp(&store.incident(b).title)),
            SortColumn::Place => rows.sort_by(|&a, &b| store.incident(a).place.cmp(&store.incident(b).place)),
            SortColumn::Category => rows.sort_by_key(|&i| store.category_of(i)),
            SortColumn::Killed => rows.sort_by_key(|&i| store.incident(i).killed),
        }
        if self.descending {
            rows.reverse();
        }
        self.rows = rows;
        self.cache_key = Some(key);
    }
}
