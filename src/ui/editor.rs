//! The incident editor in the details panel: every field of the selected incident as text, read as it is
//! typed (the date in words, numbers and coordinates checked) and the whole incident checked by the same
//! rules as `validate` before Apply sends one [`Edit::Change`] step.

use egui::{RichText, Ui};

use super::day_picker::DayPicker;
use super::source_editor::{SourceFields, read_sources, sources_ui};
use super::theme::{self, Palette};
use super::tokens::Tokens;
use crate::geocode::{self, Candidate, Hint};
use crate::model::{EdtfDate, Geometry, Incident, LocationPrecision, Position, set_draft, set_tags};
use crate::state::{AppState, Command, Edit};

/// The fields being edited, as typed; the incident they started from stays in the store until Apply.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentEditor {
    /// The id of the incident being edited (which does not change).
    pub id: String,
    original: Incident,
    title: String,
    date: String,
    place: String,
    /// One `lat, lon` per line: a point, several places, or nothing for no place.
    points: String,
    precision: Option<LocationPrecision>,
    category: String,
    actors: Tokens,
    /// The tags (the `tags` property).
    tags: Tokens,
    killed: String,
    injured: String,
    description: String,
    notes: String,
    sources: Vec<SourceFields>,
    /// Gazetteer answers for the place typed, with the text they answer.
    suggestions: (String, Vec<Candidate>),
    /// What `validate` says of the incident last read from the fields (checked when they change).
    checked: Option<(Incident, Vec<String>)>,
    /// The incident was just made with New incident: Cancel takes it away again.
    fresh: bool,
    /// The calendar for the date, while it is open.
    calendar: Option<DayPicker>,
}

/// What the editor asks of the panel after a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorOutcome {
    /// Keep editing.
    Editing,
    /// Close the editor (applied or cancelled).
    Done,
}

impl IncidentEditor {
    /// An editor for an incident, its fields filled in.
    #[must_use]
    pub fn new(incident: &Incident) -> Self {
        let points = incident
            .geometry
            .positions()
            .iter()
            .map(|p| format!("{}, {}", p.lat, p.lon))
            .collect::<Vec<_>>()
            .join("\n");
        let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        Self {
            id: incident.id.clone(),
            original: incident.clone(),
            title: incident.title.clone(),
            date: incident.date.as_str().to_owned(),
            place: incident.place.clone().unwrap_or_default(),
            points,
            precision: incident.location_precision,
            category: incident.category.clone(),
            actors: Tokens::of(&incident.actors),
            tags: Tokens::of(&incident.tags()),
            killed: number(incident.killed),
            injured: number(incident.injured),
            description: incident.description.clone().unwrap_or_default(),
            notes: incident.notes.clone().unwrap_or_default(),
            sources: incident.sources.iter().map(SourceFields::of).collect(),
            suggestions: (String::new(), Vec::new()),
            checked: None,
            fresh: false,
            calendar: None,
        }
        .with_draft_typed(incident)
    }

    /// Puts back the text typed in the fields a draft holds, to be finished.
    fn with_draft_typed(mut self, incident: &Incident) -> Self {
        for (field, text) in incident.draft() {
            if let Some(typed) = self.typed_in(&field) {
                *typed = text;
            }
        }
        self
    }

    /// An editor for an incident just made with New incident, which Cancel takes away again.
    #[must_use]
    pub fn new_incident(incident: &Incident) -> Self {
        Self { fresh: true, ..Self::new(incident) }
    }

    /// The first day of the date typed, if it reads.
    fn day_typed(&self) -> Option<jiff::civil::Date> {
        let start = EdtfDate::parse(self.date.trim()).ok()?.interval().start;
        day_of(start)
    }

    /// Follows a change made to the incident elsewhere (a place dragged on the map, an undo): each
    /// field not typed in since the editor opened takes the new value; typed ones stay as typed.
    pub fn follow(&mut self, incident: &Incident) {
        if *incident == self.original || incident.id != self.id {
            return;
        }
        let (was, now) = (Self::new(&self.original), Self::new(incident));
        let follow = |field: &mut String, was: &String, now: String| {
            if field == was {
                *field = now;
            }
        };
        follow(&mut self.title, &was.title, now.title);
        follow(&mut self.date, &was.date, now.date);
        follow(&mut self.place, &was.place, now.place);
        follow(&mut self.points, &was.points, now.points);
        follow(&mut self.category, &was.category, now.category);
        follow(&mut self.killed, &was.killed, now.killed);
        follow(&mut self.injured, &was.injured, now.injured);
        follow(&mut self.description, &was.description, now.description);
        follow(&mut self.notes, &was.notes, now.notes);
        if self.precision == was.precision {
            self.precision = now.precision;
        }
        if self.sources == was.sources {
            self.sources = now.sources;
        }
        if self.actors == was.actors {
            self.actors = now.actors;
        }
        if self.tags == was.tags {
            self.tags = now.tags;
        }
        self.original = incident.clone();
    }

    /// The incident the fields describe, or the problems that stop it being one (field, message).
    ///
    /// # Errors
    /// Each field that cannot be read: the date, the coordinates, killed or injured, an empty title
    /// or category, a source without its publisher.
    pub fn incident(&self) -> Result<Incident, Vec<(&'static str, String)>> {
        match self.read() {
            (Some(incident), problems) if problems.is_empty() => Ok(incident),
            (_, problems) => Err(problems),
        }
    }

    /// The incident kept as a draft: each field that reads takes what was typed, each that does not
    /// keeps its stored value, with the text typed held in the draft (see [`crate::model::draft_of`]).
    /// `None` when the sources do not read (a source without its publisher cannot be held as typed).
    pub fn draft(&mut self) -> Option<Incident> {
        let (incident, problems) = self.read();
        let mut incident = incident?;
        let typed: Vec<(String, String)> = problems
            .iter()
            .filter_map(|&(field, _)| Some((field.to_owned(), self.typed_in(field)?.clone())))
            .collect();
        set_draft(&mut incident.extra, &typed);
        Some(incident)
    }

    /// The text typed in a field that a draft can hold (see [`crate::model::DRAFT_FIELDS`]).
    fn typed_in(&mut self, field: &str) -> Option<&mut String> {
        Some(match field {
            "title" => &mut self.title,
            "date" => &mut self.date,
            "coordinates" => &mut self.points,
            "category" => &mut self.category,
            "killed" => &mut self.killed,
            "injured" => &mut self.injured,
            _ => return None,
        })
    }

    /// Reads the fields: the incident with every field that reads set from what was typed (the others
    /// as stored, and no draft), and the problems. No incident when the sources do not read.
    fn read(&self) -> (Option<Incident>, Vec<(&'static str, String)>) {
        let mut problems = Vec::new();
        let date = EdtfDate::parse(self.date.trim()).map_err(|e| problems.push(("date", e.to_string()))).ok();
        let geometry = read_points(&self.points).map_err(|e| problems.push(("coordinates", e))).ok();
        let killed = read_count(&self.killed).map_err(|e| problems.push(("killed", e))).ok();
        let injured = read_count(&self.injured).map_err(|e| problems.push(("injured", e))).ok();
        let sources = read_sources(&self.sources).map_err(|e| problems.push(("sources", e))).ok();
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let title = text(&self.title);
        if title.is_none() {
            problems.push(("title", "must not be empty".to_owned()));
        }
        let category = text(&self.category);
        if category.is_none() {
            problems.push(("category", "must not be empty".to_owned()));
        }
        let Some(sources) = sources else {
            return (None, problems);
        };
        let mut incident = self.original.clone();
        set_draft(&mut incident.extra, &[]);
        incident.title = title.unwrap_or(incident.title);
        incident.date = date.unwrap_or(incident.date);
        incident.geometry = geometry.unwrap_or(incident.geometry);
        incident.place = text(&self.place);
        if incident.location_precision != self.precision {
            incident.location_precision = self.precision;
            incident.uncertainty_m = None;
        }
        incident.category = category.unwrap_or(incident.category);
        let actors = self.actors.values();
        if actors != *incident.actors {
            incident.actors = actors.into();
        }
        let tags = self.tags.values();
        if tags != incident.tags() {
            set_tags(&mut incident.extra, &tags);
        }
        incident.killed = killed.unwrap_or(incident.killed);
        incident.injured = injured.unwrap_or(incident.injured);
        incident.description = text(&self.description);
        incident.notes = text(&self.notes);
        // Unchanged sources stay shared with the records citing the same ones.
        if sources != *incident.sources {
            incident.sources = sources.into();
        }
        (Some(incident), problems)
    }

    /// Draws the editor: a grid of fields, each with its reading or its problem, then Apply and Cancel.
    pub fn editor_ui(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        palette: &Palette,
        commands: &mut Vec<Command>,
    ) -> EditorOutcome {
        let mut outcome = EditorOutcome::Editing;
        let read = self.incident();
        let problem = |field: &str| match &read {
            Err(problems) => problems.iter().find(|(f, _)| *f == field).map(|(_, m)| m.clone()),
            Ok(_) => None,
        };
        if let Ok(incident) = &read
            && self.checked.as_ref().is_none_or(|(checked, _)| checked != incident)
        {
            self.checked = Some((incident.clone(), warnings_for(incident)));
        }
        let checks = match (&read, &self.checked) {
            (Ok(_), Some((_, warnings))) => warnings.clone(),
            _ => Vec::new(),
        };
        let field_width =
            (ui.available_width() - theme::EDITOR_LABEL_WIDTH).max(theme::EDITOR_MIN_FIELD_WIDTH);
        // The heading and the buttons stay in view above the fields, however long the sources run.
        ui.horizontal(|ui| {
            ui.label(RichText::new("Editing").size(theme::HEADING_TEXT_SIZE).strong());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                outcome = self.buttons_ui(ui, state, &read, commands);
            });
        });
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            egui::Grid::new("incident-editor").num_columns(2).spacing(theme::EDITOR_GRID_SPACING).show(
                ui,
                |ui| {
                    self.first_fields_ui(ui, state, palette, &problem, field_width);
                    self.other_fields_ui(ui, state, palette, &problem, field_width);
                },
            );
            ui.add_space(4.0);
            sources_ui(ui, &mut self.sources, problem("sources"), palette);
            ui.label(RichText::new(format!("id {}", self.id)).small().color(palette.weak_text));
            for warning in &checks {
                ui.label(RichText::new(format!("⚠ {warning}")).color(ui.visuals().warn_fg_color));
            }
        });
        outcome
    }

    /// Apply and Cancel (Discard for a new incident), right to left, and Keep as draft while some
    /// fields do not read.
    fn buttons_ui(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        read: &Result<Incident, Vec<(&'static str, String)>>,
        commands: &mut Vec<Command>,
    ) -> EditorOutcome {
        let mut outcome = EditorOutcome::Editing;
        let (cancel, hint) = if self.fresh {
            ("Discard", "take the new incident away again")
        } else {
            ("Cancel", "close the editor; nothing is changed")
        };
        if ui.button(cancel).on_hover_text(hint).clicked() {
            if let (true, Some(index)) = (self.fresh, state.selection) {
                commands.push(Command::Edit(Edit::Delete(vec![index])));
            }
            outcome = EditorOutcome::Done;
        }
        let changed = read.as_ref().is_ok_and(|i| *i != self.original);
        let apply = ui.add_enabled(read.is_ok() && changed, egui::Button::new("Apply"));
        let apply = if read.is_err() {
            apply.on_disabled_hover_text("fix the fields marked in red first")
        } else {
            apply
        };
        if apply.clicked() {
            if let (Ok(incident), Some(index)) = (read, state.selection) {
                commands.push(Command::Edit(Edit::Change(index, Box::new(incident.clone()))));
            }
            outcome = EditorOutcome::Done;
        }
        if read.is_err() {
            let draft = self.draft();
            let why_not = match &draft {
                None => "a source needs its publisher (or remove the source)",
                Some(draft) if *draft == self.original => "kept as a draft already, as it is",
                Some(_) => "",
            };
            let draft = draft.filter(|_| why_not.is_empty());
            let keep = ui.add_enabled(draft.is_some(), egui::Button::new("Keep as draft"));
            let keep = keep
                .on_hover_text(
                    "keep what reads; the fields marked in red stay as typed, and the incident is marked \
                     as a draft until they read",
                )
                .on_disabled_hover_text(why_not);
            if let (true, Some(draft), Some(index)) = (keep.clicked(), draft, state.selection) {
                commands.push(Command::Edit(Edit::Change(index, Box::new(draft))));
                outcome = EditorOutcome::Done;
            }
        }
        outcome
    }

    /// Title, date, place, coordinates and location precision, as grid rows.
    fn first_fields_ui(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        palette: &Palette,
        problem: &dyn Fn(&str) -> Option<String>,
        field_width: f32,
    ) {
        line_ui(ui, "Title", &mut self.title, field_width);
        ui.end_row();
        note_row_ui(ui, problem("title"), palette, true);

        let label = ui.label("Date");
        ui.horizontal(|ui| {
            let width = field_width - theme::EDITOR_CHOOSER_WIDTH;
            ui.add(egui::TextEdit::singleline(&mut self.date).desired_width(width)).labelled_by(label.id);
            let calendar = ui.add(egui::Button::selectable(self.calendar.is_some(), "📅 Day"));
            if calendar.on_hover_text("pick an exact day on a calendar").clicked() {
                self.calendar = match self.calendar {
                    Some(_) => None,
                    None => Some(DayPicker::on(self.day_typed().unwrap_or_else(today))),
                };
            }
        });
        ui.end_row();
        let chosen = self.day_typed();
        if let Some(picker) = self.calendar.as_mut() {
            ui.label("");
            if let Some(day) = ui.vertical(|ui| picker.picker_ui(ui, chosen)).inner {
                self.date = day.to_string();
                self.calendar = None;
            }
            ui.end_row();
        }
        match (problem("date"), EdtfDate::parse(self.date.trim())) {
            (Some(e), _) => note_row_ui(ui, Some(e), palette, true),
            (None, Ok(date)) => note_row_ui(ui, Some(reading_of(&date)), palette, false),
            (None, Err(_)) => {}
        }

        line_ui(ui, "Place", &mut self.place, field_width);
        ui.end_row();
        self.suggestions_ui(ui, state);

        multiline_ui(ui, "Coordinates", &mut self.points, field_width, 2);
        ui.end_row();
        let hint = "latitude, longitude — one line per place; empty for no place";
        match problem("coordinates") {
            Some(e) => note_row_ui(ui, Some(e), palette, true),
            None => note_row_ui(ui, Some(hint.to_owned()), palette, false),
        }

        let label = ui.label("Located to");
        let shown = self.precision.map_or("not given", LocationPrecision::name);
        egui::ComboBox::from_id_salt("editor-precision")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.precision, None, "not given");
                for p in LocationPrecision::ALL {
                    ui.selectable_value(&mut self.precision, Some(p), p.name());
                }
            })
            .response
            .labelled_by(label.id);
        ui.end_row();
    }

    /// Category, actors, tags, casualties, description and notes, as grid rows.
    fn other_fields_ui(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        palette: &Palette,
        problem: &dyn Fn(&str) -> Option<String>,
        field_width: f32,
    ) {
        let label = ui.label("Category");
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut self.category)
                    .desired_width(field_width - theme::EDITOR_CHOOSER_WIDTH),
            )
            .labelled_by(label.id);
            egui::ComboBox::from_id_salt("editor-category")
                .width(theme::EDITOR_CHOOSER_WIDTH - theme::EDITOR_GRID_SPACING[0])
                .selected_text("Pick")
                .show_ui(ui, |ui| {
                    for name in state.store().categories() {
                        if ui.selectable_label(*name == self.category, name).clicked() {
                            self.category.clone_from(name);
                        }
                    }
                })
                .response
                .on_hover_text("the categories in the dataset")
                .labelled_by(label.id);
        });
        ui.end_row();
        let is_new = !state.store().categories().iter().any(|c| *c == self.category.trim());
        if let Some(e) = problem("category") {
            note_row_ui(ui, Some(e), palette, true);
        } else if is_new {
            note_row_ui(ui, Some("a new category: it gets the next palette colour".into()), palette, false);
        }

        self.actors.tokens_ui(ui, "Actors", "actor", field_width);
        self.tags.tokens_ui(ui, "Tags", "tag", field_width);

        let killed = ui.label("Killed");
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut self.killed).desired_width(theme::NUMBER_FIELD_WIDTH))
                .labelled_by(killed.id);
            let injured = ui.label("Injured");
            ui.add(egui::TextEdit::singleline(&mut self.injured).desired_width(theme::NUMBER_FIELD_WIDTH))
                .labelled_by(injured.id);
        });
        ui.end_row();
        let counts = [
            problem("killed").map(|e| format!("killed: {e}")),
            problem("injured").map(|e| format!("injured: {e}")),
        ];
        let counts: Vec<String> = counts.into_iter().flatten().collect();
        if counts.is_empty() {
            note_row_ui(ui, Some("empty = unknown".into()), palette, false);
        } else {
            note_row_ui(ui, Some(counts.join("; ")), palette, true);
        }

        multiline_ui(ui, "Description", &mut self.description, field_width, 3);
        ui.end_row();
        multiline_ui(ui, "Notes", &mut self.notes, field_width, 2);
        ui.end_row();
    }

    /// Places the gazetteer knows by the name typed (its first part, before a comma), the incident's
    /// country first; a click sets the coordinates and the precision.
    fn suggestions_ui(&mut self, ui: &mut Ui, state: &AppState) {
        let name = self.place.split(',').next().unwrap_or_default().trim().to_owned();
        if self.suggestions.0 != name {
            let country = self.original.extra.get_str("country").or_else(|| {
                let index = state.selection?;
                state
                    .store()
                    .areas()
                    .names
                    .get(*state.store().areas().of.get(index as usize)? as usize)
                    .map(|a| a.country.clone())
            });
            let hint = Hint { country: country.filter(|c| !c.is_empty()), region: None };
            let found = if name.chars().count() < 3 { Vec::new() } else { geocode::lookup(&name, &hint) };
            self.suggestions = (name, found);
        }
        let typed_point = read_points(&self.points).ok();
        let shown: Vec<&Candidate> = self
            .suggestions
            .1
            .iter()
            .filter(|c| {
                typed_point.as_ref().and_then(|g| g.positions().first().copied())
                    != Some(Position::lat_lon(c.lat, c.lon))
            })
            .take(theme::EDITOR_SUGGESTIONS)
            .collect();
        if shown.is_empty() {
            return;
        }
        ui.label("");
        let mut picked = None;
        ui.vertical(|ui| {
            for candidate in shown {
                let text = format!("📍 {} ({})", candidate.label(), candidate.precision.name());
                if ui.small_button(text).on_hover_text("use this place's coordinates").clicked() {
                    picked = Some(candidate.clone());
                }
            }
        });
        ui.end_row();
        if let Some(c) = picked {
            self.place = c.label();
            self.points = format!("{}, {}", c.lat, c.lon);
            self.precision = Some(c.precision);
        }
    }
}

/// The UTC day a time falls on.
fn day_of(t: crate::model::UnixSeconds) -> Option<jiff::civil::Date> {
    jiff::civil::date(1970, 1, 1).checked_add(jiff::Span::new().days(t.div_euclid(86_400))).ok()
}

/// Today, in UTC (where the calendar opens for a date that does not read).
fn today() -> jiff::civil::Date {
    day_of(jiff::Timestamp::now().as_second()).unwrap_or_else(|| jiff::civil::date(2024, 1, 1))
}

/// The date in words with how well it is known: "between 1 and 31 March 2024 — month known".
fn reading_of(date: &EdtfDate) -> String {
    format!("{} — {} known", date.describe(), date.precision().name())
}

/// What `validate` would warn of in this incident (a source link that is not http/https, no source, …).
pub(super) fn warnings_for(incident: &Incident) -> Vec<String> {
    let mut bytes = Vec::new();
    if crate::io::write_to(&mut bytes, crate::io::Format::GeoJson, std::slice::from_ref(incident)).is_err() {
        return Vec::new();
    }
    match crate::io::read_bytes(&bytes, "edit") {
        Ok(loaded) => loaded
            .diagnostics
            .iter()
            .map(|d| match &d.field {
                Some(field) => format!("{field}: {}", d.message),
                None => d.message.clone(),
            })
            .collect(),
        Err(e) => vec![e.to_string()],
    }
}

/// Places typed one `lat, lon` per line.
fn read_points(text: &str) -> Result<Geometry, String> {
    let mut places = Vec::new();
    for (k, line) in text.lines().map(str::trim).enumerate().filter(|(_, l)| !l.is_empty()) {
        let mut parts = line.split([',', ' ', ';']).filter(|p| !p.is_empty());
        let (Some(lat), Some(lon), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!("line {}: write it as latitude, longitude", k + 1));
        };
        let number = |s: &str| s.parse::<f64>().ok().filter(|v| v.is_finite());
        let (Some(lat), Some(lon)) = (number(lat), number(lon)) else {
            return Err(format!("line {}: “{line}” is not two numbers", k + 1));
        };
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(format!("line {}: latitude must be within ±90 and longitude within ±180", k + 1));
        }
        places.push(Position::lat_lon(lat, lon));
    }
    Ok(match places.len() {
        0 => Geometry::None,
        1 => Geometry::Point(places[0]),
        _ => Geometry::MultiPoint(places),
    })
}

/// A count typed as digits, empty for unknown.
fn read_count(text: &str) -> Result<Option<u32>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<u32>().map(Some).map_err(|_| format!("“{text}” is not a whole number (empty = unknown)"))
}

fn line_ui(ui: &mut Ui, label: &str, text: &mut String, width: f32) {
    let label = ui.label(label);
    ui.add(egui::TextEdit::singleline(text).desired_width(width)).labelled_by(label.id);
}

fn multiline_ui(ui: &mut Ui, label: &str, text: &mut String, width: f32, rows: usize) {
    let label = ui.label(label);
    ui.add(egui::TextEdit::multiline(text).desired_width(width).desired_rows(rows)).labelled_by(label.id);
}

/// A row under a field: its reading in weak text, or its problem in the error colour.
fn note_row_ui(ui: &mut Ui, note: Option<String>, palette: &Palette, is_problem: bool) {
    let Some(note) = note else { return };
    ui.label("");
    let color = if is_problem { ui.visuals().error_fg_color } else { palette.weak_text };
    ui.label(RichText::new(note).color(color));
    ui.end_row();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn editor() -> IncidentEditor {
        let mut incident =
            Incident::new("a", "Raid", EdtfDate::parse("2024-03").unwrap_or_else(|_| unreachable!()), "raid");
        incident.geometry = Geometry::Point(Position::lat_lon(54.5, 36.25));
        incident.killed = Some(2);
        IncidentEditor::new(&incident)
    }

    #[test]
    fn an_unchanged_editor_gives_back_the_incident() {
        let e = editor();
        assert_eq!(e.incident().as_ref(), Ok(&e.original));
    }

    #[test]
    fn each_unreadable_field_is_named() {
        let mut e = editor();
        e.date = "2024-13-45".into();
        e.points = "54.5, 36.25\nnorth of here".into();
        e.killed = "a few".into();
        e.injured = "-1".into();
        e.title = "  ".into();
        let problems = e.incident().err().unwrap_or_default();
        let fields: Vec<&str> = problems.iter().map(|p| p.0).collect();
        assert_eq!(fields, ["date", "coordinates", "killed", "injured", "title"]);
    }

    #[test]
    fn typed_text_becomes_fields() {
        let mut e = editor();
        e.points = "55.75, 37.62\n59.94 30.31".into();
        e.actors = Tokens { items: vec![" Islamic State ".into(), String::new()], typed: "FSB ".into() };
        e.tags = Tokens { items: vec!["wave 2".into()], typed: String::new() };
        e.killed = String::new();
        e.notes = "  ".into();
        let incident = e.incident().unwrap_or_else(|_| unreachable!());
        assert_eq!(incident.geometry.positions().len(), 2);
        assert_eq!(*incident.actors, ["Islamic State".to_owned(), "FSB".to_owned()]);
        assert_eq!(incident.tags(), ["wave 2"]);
        assert_eq!(incident.killed, None);
        assert_eq!(incident.notes, None);
        assert_eq!(read_points("91, 0").err().map(|e| e.contains("±90")), Some(true));
        assert_eq!(read_points(""), Ok(Geometry::None));
    }

    #[test]
    fn fields_that_do_not_read_are_kept_as_typed_in_a_draft_and_come_back_to_be_finished() {
        let mut e = editor();
        e.date = "spring 2024?".into();
        e.killed = "about 40".into();
        e.injured = "7".into();
        e.title = "Raid near Kaluga".into();
        assert!(e.incident().is_err());
        let draft = e.draft().unwrap_or_else(|| unreachable!());
        assert_eq!(draft.date.as_str(), "2024-03", "the stored date stays");
        assert_eq!((draft.killed, draft.injured), (Some(2), Some(7)), "what reads is taken");
        assert_eq!(draft.title, "Raid near Kaluga");
        assert_eq!(
            draft.draft(),
            [("date".to_owned(), "spring 2024?".to_owned()), ("killed".into(), "about 40".into())]
        );
        assert!(draft.is_draft());

        let mut again = IncidentEditor::new(&draft);
        assert_eq!((again.date.as_str(), again.killed.as_str()), ("spring 2024?", "about 40"));
        assert_eq!(again.draft().as_ref(), Some(&draft), "reopened unchanged, the same draft");
        again.date = "2024-04?".into();
        again.killed = "40".into();
        let done = again.incident().unwrap_or_else(|_| unreachable!());
        assert!(!done.is_draft() && done.extra.is_empty(), "finished: no draft left");
        assert_eq!((done.date.as_str(), done.killed), ("2024-04?", Some(40)));

        let mut no_publisher = editor();
        no_publisher.date = "soon".into();
        no_publisher.sources = vec![SourceFields::of(&crate::model::Source::named("", "a title"))];
        assert_eq!(no_publisher.draft(), None, "a source without its publisher cannot be held");
    }

    /// Nothing typed into the date or number fields can panic the reading of them.
    #[test]
    fn random_text_in_every_field_never_panics() {
        use proptest::prelude::*;
        proptest!(|(date in "\\PC{0,24}", number in "\\PC{0,12}", points in "[-0-9., \\n;a-z]{0,30}")| {
            let mut e = editor();
            e.date = date;
            e.killed = number.clone();
            e.injured = number;
            e.points = points;
            let _ = e.incident();
        });
    }
}
