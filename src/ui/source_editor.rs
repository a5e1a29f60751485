//! The incident editor's sources: each source's publisher, title, link, publication date and quote as
//! text, with sources added, taken away and moved up or down.

use egui::{RichText, Ui};

use super::theme::{self, Palette};
use crate::model::Source;

/// One source's fields as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceFields {
    publisher: String,
    title: String,
    url: String,
    published: String,
    quote: String,
}

impl SourceFields {
    /// The fields of a source.
    #[must_use]
    pub fn of(source: &Source) -> Self {
        let text = |t: &Option<String>| t.clone().unwrap_or_default();
        Self {
            publisher: source.publisher.clone(),
            title: source.title.clone(),
            url: text(&source.url),
            published: text(&source.published),
            quote: text(&source.quote),
        }
    }

    /// Whether nothing is typed in it (such a source is left out).
    fn is_empty(&self) -> bool {
        [&self.publisher, &self.title, &self.url, &self.published, &self.quote]
            .iter()
            .all(|t| t.trim().is_empty())
    }
}

/// The sources typed, empty ones left out; or the first that lacks its publisher (1-based).
///
/// # Errors
/// The message for the first source typed without a publisher.
pub fn read_sources(fields: &[SourceFields]) -> Result<Vec<Source>, String> {
    let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let mut sources = Vec::new();
    for (k, f) in fields.iter().enumerate().filter(|(_, f)| !f.is_empty()) {
        let Some(publisher) = text(&f.publisher) else {
            return Err(format!("source {}: the publisher must be given", k + 1));
        };
        sources.push(Source {
            publisher,
            title: f.title.trim().to_owned(),
            url: text(&f.url),
            published: text(&f.published),
            quote: text(&f.quote),
        });
    }
    Ok(sources)
}

/// What a click in the sources asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SourceAction {
    Up(usize),
    Down(usize),
    Remove(usize),
}

/// Draws each source's fields in a frame of its own, with its buttons, and Add source under them.
pub fn sources_ui(ui: &mut Ui, sources: &mut Vec<SourceFields>, problem: Option<String>, palette: &Palette) {
    ui.label(RichText::new(format!("Sources ({})", sources.len())).strong());
    let count = sources.len();
    let mut action = None;
    // The fields take the panel's width, less the labels and the frame around each source.
    let margins = 2.0 * ui.spacing().window_margin.leftf() + theme::EDITOR_GRID_SPACING[0];
    let width =
        (ui.available_width() - theme::SOURCE_LABEL_WIDTH - margins).max(theme::EDITOR_MIN_FIELD_WIDTH);
    for (k, source) in sources.iter_mut().enumerate() {
        ui.group(|ui| {
            egui::Grid::new(("editor-source", k))
                .num_columns(2)
                .min_col_width(theme::SOURCE_LABEL_WIDTH)
                .spacing(theme::EDITOR_GRID_SPACING)
                .show(ui, |ui| {
                    for (label, text) in [
                        ("Publisher", &mut source.publisher),
                        ("Source title", &mut source.title),
                        ("Link", &mut source.url),
                        ("Published", &mut source.published),
                        ("Quote", &mut source.quote),
                    ] {
                        let label = ui.label(label);
                        ui.add(egui::TextEdit::singleline(text).desired_width(width)).labelled_by(label.id);
                        ui.end_row();
                    }
                });
            ui.horizontal(|ui| {
                if ui.add_enabled(k > 0, egui::Button::new("⬆").small()).on_hover_text("move up").clicked()
                {
                    action = Some(SourceAction::Up(k));
                }
                if ui
                    .add_enabled(k + 1 < count, egui::Button::new("⬇").small())
                    .on_hover_text("move down")
                    .clicked()
                {
                    action = Some(SourceAction::Down(k));
                }
                if ui.small_button("Remove source").clicked() {
                    action = Some(SourceAction::Remove(k));
                }
            });
        });
    }
    match action {
        Some(SourceAction::Up(k)) => sources.swap(k - 1, k),
        Some(SourceAction::Down(k)) => sources.swap(k, k + 1),
        Some(SourceAction::Remove(k)) => {
            sources.remove(k);
        }
        None => {}
    }
    if let Some(problem) = problem {
        ui.label(RichText::new(problem).color(ui.visuals().error_fg_color));
    }
    ui.horizontal(|ui| {
        if ui.button("+ Add source").clicked() {
            sources.push(SourceFields::default());
        }
        ui.label(
            RichText::new("quote: a short exact phrase, not a sentence").small().color(palette.weak_text),
        );
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_read_back_as_typed_and_empty_ones_are_left_out() {
        let source = Source {
            publisher: "Meduza".into(),
            title: "Raid".into(),
            url: Some("https://meduza.io/x".into()),
            published: Some("2024-03-23".into()),
            quote: Some("detained four suspects".into()),
        };
        let typed = vec![SourceFields::of(&source), SourceFields::default()];
        assert_eq!(read_sources(&typed), Ok(vec![source]));
        let nameless = SourceFields { title: "Untitled".into(), ..SourceFields::default() };
        assert_eq!(read_sources(&[nameless]), Err("source 1: the publisher must be given".to_owned()));
    }
}
