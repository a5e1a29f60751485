//! A calendar for picking an exact day: a month of days under its name, with buttons for the month and
//! the year before and after; a click on a day gives it as an EDTF day (`2024-03-22`).

use egui::{RichText, Ui};
use jiff::civil::Date;

use super::theme;

/// The month the calendar shows (its first day), kept while the popup is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayPicker {
    month: Date,
}

impl DayPicker {
    /// A calendar opening on the month of `day`.
    #[must_use]
    pub fn on(day: Date) -> Self {
        Self { month: day.first_of_month() }
    }

    /// Draws the month; gives the day clicked, if one was.
    pub fn picker_ui(&mut self, ui: &mut Ui, chosen: Option<Date>) -> Option<Date> {
        ui.horizontal(|ui| {
            let shift = |months: i32, month: Date| {
                month.checked_add(jiff::Span::new().months(months)).unwrap_or(month)
            };
            for (text, months, hint) in [("«", -12, "a year back"), ("‹", -1, "a month back")] {
                if ui.small_button(text).on_hover_text(hint).clicked() {
                    self.month = shift(months, self.month);
                }
            }
            ui.label(RichText::new(self.month.strftime("%B %Y").to_string()).strong());
            for (text, months, hint) in [("›", 1, "a month on"), ("»", 12, "a year on")] {
                if ui.small_button(text).on_hover_text(hint).clicked() {
                    self.month = shift(months, self.month);
                }
            }
        });
        let mut picked = None;
        egui::Grid::new("day-picker").spacing(theme::DAY_PICKER_SPACING).show(ui, |ui| {
            for name in ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"] {
                ui.label(RichText::new(name).small());
            }
            ui.end_row();
            let lead = usize::try_from(self.month.weekday().to_monday_zero_offset()).unwrap_or(0);
            for _ in 0..lead {
                ui.label("");
            }
            let days = usize::try_from(self.month.days_in_month()).unwrap_or(28);
            for (k, day) in (0..days)
                .filter_map(|d| self.month.checked_add(jiff::Span::new().days(d as i64)).ok())
                .enumerate()
            {
                let text = RichText::new(format!("{:>2}", day.day())).monospace();
                let button = egui::Button::selectable(chosen == Some(day), text);
                if ui.add(button).on_hover_text(day.strftime("%-d %B %Y").to_string()).clicked() {
                    picked = Some(day);
                }
                if (lead + k) % 7 == 6 {
                    ui.end_row();
                }
            }
        });
        picked
    }
}
