//! The incident list: a sortable table of the incidents shown; a click selects and centres the map.

use egui::{RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};

use super::theme;
use crate::state::{AppState, Command, Edit};

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
        toolbar_ui(ui, state, commands);
        let scroll_to = (state.selection != self.last_selection)
            .then(|| state.selection.and_then(|s| self.rows.iter().position(|&r| r == s)))
            .flatten();
        self.last_selection = state.selection;
        let (widths, date_width) = column_widths(ui, store.longest_date_text());
        // Widths are remembered per table id: data with longer dates starts afresh.
        let mut table = TableBuilder::new(ui)
            .id_salt(("incident-list", date_width.to_bits()))
            .striped(true)
            .resizable(true)
            .sense(Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .min_scrolled_height(0.0);
        for width in widths {
            table = table.column(Column::initial(width).at_least(theme::LIST_MIN_COLUMN_WIDTH).clip(true));
        }
        table = table.column(Column::remainder().at_least(theme::LIST_MIN_COLUMN_WIDTH).clip(true));
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
            .header(theme::LIST_ROW_HEIGHT, |mut header| {
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
                    row.set_selected(state.selection == Some(index) || state.picked.contains(&index));
                    row.set_hovered(state.hover == Some(index));
                    let killed = incident.killed.map_or_else(|| "—".to_owned(), |k| k.to_string());
                    // A draft is marked where its title is read first.
                    let title: std::borrow::Cow<str> = if incident.is_draft() {
                        format!("{} {}", theme::DRAFT_MARK, incident.title).into()
                    } else {
                        incident.title.as_str().into()
                    };
                    let cells = [
                        incident.date.as_str(),
                        title.as_ref(),
                        incident.place.as_deref().unwrap_or("—"),
                        &incident.category,
                        &killed,
                    ];
                    for (column, text) in cells.into_iter().enumerate() {
                        // Not selectable, so that a click reaches the row.
                        row.col(|ui| {
                            let label = egui::Label::new(text).selectable(false).truncate();
                            // The date explains itself in words on hover; other cells show what was cut off.
                            let label = ui.add(label.show_tooltip_when_elided(column != 0));
                            if column == 0 {
                                label.on_hover_ui(|ui| {
                                    ui.label(incident.date.describe());
                                });
                            }
                        });
                    }
                    let response = row.response();
                    if response.clicked() {
                        let modifiers = response.ctx.input(click_modifiers);
                        commands.push(if modifiers.command {
                            Command::TogglePicked(index)
                        } else if modifiers.shift {
                            Command::PickRange(self.run_to(state.selection, row.index()))
                        } else {
                            Command::SelectAndCenter(index)
                        });
                    }
                    response.context_menu(|ui| row_menu_ui(ui, state, index, commands));
                    if response.hovered() && state.hover != Some(index) {
                        commands.push(Command::Hover(Some(index)));
                    }
                });
            });
    }

    /// The rows from the selection's row to row `to`, in the list's order (just that row when the
    /// selection is not in the list).
    fn run_to(&self, selection: Option<u32>, to: usize) -> Vec<u32> {
        let from = selection.and_then(|s| self.rows.iter().position(|&r| r == s)).unwrap_or(to);
        self.rows[from.min(to)..=from.max(to)].to_vec()
    }

    /// The incident after (or before) `current` in the list's order, as last drawn: the first (or last)
    /// row when nothing is selected or the selection is not in the list; `None` at the list's end.
    #[must_use]
    pub fn neighbour(&self, current: Option<u32>, forward: bool) -> Option<u32> {
        let at = current.and_then(|c| self.rows.iter().position(|&r| r == c));
        match (at, forward) {
            (None, true) => self.rows.first().copied(),
            (None, false) => self.rows.last().copied(),
            (Some(k), true) => self.rows.get(k + 1).copied(),
            (Some(k), false) => k.checked_sub(1).and_then(|k| self.rows.get(k).copied()),
        }
    }

    /// Sorts the shown incidents as chosen, once per state revision.
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

/// Above the table: New incident, and how many rows are picked.
fn toolbar_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        if ui.button("+ New incident").on_hover_text("a new incident with no place yet (Ctrl+N)").clicked() {
            commands.push(Command::NewIncident(None));
        }
        if state.picked.len() > 1 {
            ui.label(format!("{} picked", state.picked.len()));
        }
    });
}

/// The starting widths of the columns before the last, and the Date column's own. The columns fit the
/// panel: in a narrow one they shrink together (they would otherwise widen the panel); in a wide one the
/// title takes the room. The last column (killed) keeps its own width.
fn column_widths(ui: &Ui, longest_date: &str) -> ([f32; 4], f32) {
    let mut widths = theme::LIST_COLUMN_WIDTHS;
    let date_width = date_column_width(ui, longest_date);
    widths[1] += widths[0] - date_width;
    widths[0] = date_width;
    let spacing = ui.spacing().item_spacing.x * (widths.len() + 1) as f32;
    let room = ui.available_width() - theme::LIST_KILLED_WIDTH - spacing;
    let wanted: f32 = widths.iter().sum();
    if room < wanted {
        let share = (room / wanted).max(0.0);
        widths = widths.map(|w| (w * share).max(theme::LIST_MIN_COLUMN_WIDTH).floor());
    } else {
        widths[1] += (room - wanted).floor();
    }
    (widths, date_width)
}

/// The keys held with this frame's click: those the button's release came with (a fast click may
/// press and release them within one frame), else those held now.
fn click_modifiers(input: &egui::InputState) -> egui::Modifiers {
    input
        .events
        .iter()
        .rev()
        .find_map(|e| match e {
            egui::Event::PointerButton { pressed: false, modifiers, .. } => Some(*modifiers),
            _ => None,
        })
        .unwrap_or(input.modifiers)
}

/// A row's right-click menu: a new incident, and the row's (or the picked rows') duplicate and delete.
fn row_menu_ui(ui: &mut Ui, state: &AppState, index: u32, commands: &mut Vec<Command>) {
    if ui.button("New incident").clicked() {
        commands.push(Command::NewIncident(None));
        ui.close();
    }
    if ui.button("Duplicate").clicked() {
        commands.push(Command::Edit(Edit::Duplicate(index)));
        ui.close();
    }
    let picked: Vec<u32> = state.picked.iter().copied().collect();
    let (label, doomed) = if picked.contains(&index) {
        (format!("Delete {} picked incidents", picked.len()), picked)
    } else {
        ("Delete".to_owned(), vec![index])
    };
    if ui.button(label).clicked() {
        commands.push(Command::Edit(Edit::Delete(doomed)));
        ui.close();
    }
    ui.separator();
    if ui.button("Pick all shown").clicked() {
        commands.push(Command::PickAllShown);
        ui.close();
    }
}

/// The Date column's starting width: enough for the data's longest date, within the theme's bounds.
fn date_column_width(ui: &Ui, longest_date: &str) -> f32 {
    let galley = egui::WidgetText::from(longest_date).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Body,
    );
    (galley.size().x + theme::LIST_CELL_PADDING)
        .clamp(theme::LIST_DATE_MIN_WIDTH, theme::LIST_COLUMN_WIDTHS[0])
        .round()
}
