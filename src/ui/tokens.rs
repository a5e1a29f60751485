//! A list of short names edited as tokens: each shown as a button that takes it away, and a field
//! where Enter adds one more (the actors and the tags of an incident).

use egui::Ui;

use super::theme;

/// The names, and the one being typed (not yet a token; [`Tokens::values`] counts it too).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokens {
    /// The names, in order.
    pub items: Vec<String>,
    /// Text typed in the field, not yet added.
    pub typed: String,
}

impl Tokens {
    /// Tokens holding these names.
    #[must_use]
    pub fn of(items: &[String]) -> Self {
        Self { items: items.to_vec(), typed: String::new() }
    }

    /// The names with the one typed, trimmed, empty ones and repeats left out.
    #[must_use]
    pub fn values(&self) -> Vec<String> {
        let mut values: Vec<String> = Vec::with_capacity(self.items.len() + 1);
        for name in self.items.iter().chain(std::iter::once(&self.typed)) {
            let name = name.trim();
            if !name.is_empty() && !values.iter().any(|v| v == name) {
                values.push(name.to_owned());
            }
        }
        values
    }

    /// Draws one grid row: the label, the tokens (a click takes one away) and under them the field for another
    /// (`noun` names what a token is: "actor", "tag").
    pub fn tokens_ui(&mut self, ui: &mut Ui, label: &str, noun: &str, field_width: f32) {
        let label = ui.label(label);
        ui.vertical(|ui| {
            ui.set_max_width(field_width);
            if !self.items.is_empty() {
                let mut gone = None;
                ui.horizontal_wrapped(|ui| {
                    for (k, name) in self.items.iter().enumerate() {
                        let hint = format!("take this {noun} away");
                        if ui.small_button(format!("{name} ×")).on_hover_text(hint).clicked() {
                            gone = Some(k);
                        }
                    }
                });
                if let Some(k) = gone {
                    self.items.remove(k);
                }
            }
            let field = egui::TextEdit::singleline(&mut self.typed)
                .hint_text(format!("add {} {noun} (Enter)", article(noun)))
                .desired_width(theme::BULK_FIELD_WIDTH);
            let typed = ui.add(field).labelled_by(label.id);
            let entered = typed.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let name = self.typed.trim().to_owned();
            if entered && !name.is_empty() {
                if !self.items.contains(&name) {
                    self.items.push(name);
                }
                self.typed.clear();
                typed.request_focus();
            }
        });
        ui.end_row();
    }
}

/// "an" before a vowel, else "a".
fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_trimmed_with_the_typed_one_and_no_repeats() {
        let tokens = Tokens { items: vec![" IS ".into(), String::new(), "FSB".into()], typed: "IS".into() };
        assert_eq!(tokens.values(), ["IS", "FSB"]);
        assert_eq!(article("actor"), "an");
        assert_eq!(article("tag"), "a");
    }
}
