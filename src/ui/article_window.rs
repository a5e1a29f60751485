//! File ▸ Draft incidents from an article: paste a news article, and the article assistant proposes
//! draft incidents; accept, edit or discard each, then add the accepted ones to the data on screen.

use egui::{RichText, Ui};

use super::theme;
use crate::model::{EdtfDate, Incident};

/// The window's fields and the drafts under review.
#[derive(Debug, Default)]
pub struct ArticleWindow {
    text: String,
    published: String,
    publisher: String,
    /// Each draft: accepted?, its incident, and its date as text being edited.
    drafts: Vec<(bool, Incident, String)>,
    message: Option<String>,
    focused: bool,
}

/// What the window decided this frame.
#[derive(Debug, Clone)]
pub enum ArticleDecision {
    /// Still open.
    Open,
    /// Closed.
    Closed,
    /// Add these incidents to the data on screen.
    Add(Vec<Incident>),
}

impl ArticleWindow {
    /// Draws the window.
    pub fn window_ui(&mut self, ctx: &egui::Context) -> ArticleDecision {
        let mut decision = ArticleDecision::Open;
        super::dialog("Draft incidents from an article", ctx).default_width(760.0).show(ctx, |ui| {
            ui.label(
                "Paste the article's text. Sentences with a date and a known place become drafts to review.",
            );
            let label = ui.label("Article text");
            let edit = ui
                .add(egui::TextEdit::multiline(&mut self.text).desired_rows(8).desired_width(f32::INFINITY))
                .labelled_by(label.id);
            if !self.focused {
                edit.request_focus();
                self.focused = true;
            }
            ui.horizontal(|ui| {
                let label = ui.label("Published");
                ui.add(
                    egui::TextEdit::singleline(&mut self.published)
                        .hint_text("found in the text, or 2024-04-03")
                        .desired_width(150.0),
                )
                .labelled_by(label.id);
                let label = ui.label("Publisher");
                ui.add(egui::TextEdit::singleline(&mut self.publisher).desired_width(200.0))
                    .labelled_by(label.id);
                if ui.button("Find drafts").clicked() {
                    self.find();
                }
            });
            if let Some(m) = &self.message {
                ui.label(RichText::new(m).weak());
            }
            self.drafts_ui(ui);
            ui.horizontal(|ui| {
                let accepted = self.drafts.iter().filter(|(a, ..)| *a).count();
                let add = ui
                    .add_enabled(accepted > 0, egui::Button::new(format!("Add {accepted} accepted drafts")));
                if add.clicked() {
                    match self.accepted() {
                        Ok(incidents) => decision = ArticleDecision::Add(incidents),
                        Err(e) => self.message = Some(e),
                    }
                }
                if ui.button("Close").clicked() {
                    decision = ArticleDecision::Closed;
                }
            });
        });
        decision
    }

    fn find(&mut self) {
        let published = match self.published.trim() {
            "" => None,
            text => match EdtfDate::parse(text) {
                Ok(d) => Some(d),
                Err(e) => {
                    self.message = Some(format!("Published: {e}"));
                    return;
                }
            },
        };
        let publisher = if self.publisher.trim().is_empty() { "article" } else { self.publisher.trim() };
        let (article, drafts) = crate::extract::extract(&self.text, published.as_ref(), publisher);
        self.message = Some(format!(
            "{} drafts from \"{}\", published {}. Each is a proposal: check it before accepting.",
            drafts.len(),
            article.title,
            article.published.as_deref().unwrap_or("on an unknown date")
        ));
        self.drafts = drafts
            .into_iter()
            .map(|d| (false, d.incident.clone(), d.incident.date.as_str().to_owned()))
            .collect();
    }

    fn drafts_ui(&mut self, ui: &mut Ui) {
        if self.drafts.is_empty() {
            return;
        }
        let mut discard = None;
        egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
            egui::Grid::new("drafts").striped(true).num_columns(5).show(ui, |ui| {
                ui.label("");
                let date_header = ui.label(RichText::new("Date (EDTF)").strong());
                let title_header = ui.label(RichText::new("Title").strong());
                ui.label(RichText::new("Place").strong());
                ui.end_row();
                // Fixed sizes: a grid's cell offers only last frame's width, which squashed the fields.
                let row = ui.spacing().interact_size.y;
                for (k, (accepted, incident, date)) in self.drafts.iter_mut().enumerate() {
                    ui.checkbox(accepted, format!("Accept draft {}", k + 1));
                    ui.add_sized([theme::DRAFT_DATE_WIDTH, row], egui::TextEdit::singleline(date))
                        .labelled_by(date_header.id);
                    ui.add_sized(
                        [theme::DRAFT_TITLE_WIDTH, row],
                        egui::TextEdit::singleline(&mut incident.title),
                    )
                    .labelled_by(title_header.id);
                    ui.label(incident.place.as_deref().unwrap_or("—"));
                    if ui.button(format!("Discard draft {}", k + 1)).clicked() {
                        discard = Some(k);
                    }
                    ui.end_row();
                }
            });
        });
        if let Some(k) = discard {
            self.drafts.remove(k);
        }
    }

    /// The accepted drafts with their edited dates, no longer marked as drafts.
    fn accepted(&self) -> Result<Vec<Incident>, String> {
        self.drafts
            .iter()
            .filter(|(a, ..)| *a)
            .map(|(_, incident, date)| {
                let mut incident = incident.clone();
                incident.date =
                    EdtfDate::parse(date.trim()).map_err(|e| format!("{}: date: {e}", incident.title))?;
                incident.extra.remove("draft");
                Ok(incident)
            })
            .collect()
    }
}
