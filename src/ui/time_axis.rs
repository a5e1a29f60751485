//! The timeline's axis: grid lines on calendar boundaries (hours, days, weeks, months, years), and labels
//! that all read at the detail of the finest level that has room for them. An axis never mixes
//! "Mar 2024" with "8 Mar 2024", and no label stands at a day that is not the one it names.

use std::collections::BTreeMap;

use egui_plot::{GridInput, GridMark};
use jiff::ToSpan;
use jiff::civil::{Date, DateTime};

use crate::model::{UnixSeconds, utc_datetime};

const DAY: f64 = 86_400.0;
/// Most marks one level may put on the axis (a guard against degenerate ranges).
const MAX_MARKS: usize = 2_000;

/// A spacing of grid marks, on calendar boundaries (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Every `n` hours, on multiples of `n` from midnight.
    Hours(u8),
    /// Every `n` days, counted from 1970-01-01.
    Days(u8),
    /// The 1st, 8th, 15th and 22nd of each month.
    Weeks,
    /// Every `n` months, on months whose number from January is a multiple of `n`.
    Months(u8),
    /// Every `n` years, on years that are multiples of `n`.
    Years(u16),
}

/// Steps from the finest to the coarsest.
pub const STEPS: [Step; 18] = [
    Step::Hours(1),
    Step::Hours(3),
    Step::Hours(6),
    Step::Hours(12),
    Step::Days(1),
    Step::Days(2),
    Step::Weeks,
    Step::Months(1),
    Step::Months(3),
    Step::Months(6),
    Step::Years(1),
    Step::Years(2),
    Step::Years(5),
    Step::Years(10),
    Step::Years(20),
    Step::Years(50),
    Step::Years(100),
    Step::Years(500),
];

impl Step {
    /// About how many days apart its marks are.
    #[must_use]
    pub fn approx_days(self) -> f64 {
        match self {
            Step::Hours(n) => f64::from(n) / 24.0,
            Step::Days(n) => f64::from(n),
            Step::Weeks => 7.6,
            Step::Months(n) => 30.44 * f64::from(n),
            Step::Years(n) => 365.25 * f64::from(n),
        }
    }

    /// Points a label at this step needs between its neighbours ("28 Mar 2024" is wider than "2024").
    fn label_room(self) -> f64 {
        match self {
            Step::Hours(_) => 120.0,
            Step::Days(_) | Step::Weeks => 100.0,
            Step::Months(_) => 80.0,
            Step::Years(_) => 48.0,
        }
    }

    /// Whether `t` is one of this step's marks.
    #[must_use]
    pub fn is_mark(self, t: UnixSeconds) -> bool {
        let Some(at) = utc_datetime(t) else { return false };
        let midnight = at.time() == jiff::civil::Time::midnight();
        match self {
            Step::Hours(n) => t.rem_euclid(3_600 * i64::from(n)) == 0,
            Step::Days(n) => midnight && t.div_euclid(86_400).rem_euclid(i64::from(n)) == 0,
            Step::Weeks => midnight && matches!(at.day(), 1 | 8 | 15 | 22),
            Step::Months(n) => midnight && at.day() == 1 && i64::from(at.month() - 1) % i64::from(n) == 0,
            Step::Years(n) => {
                midnight
                    && at.day() == 1
                    && at.month() == 1
                    && i64::from(at.year()).rem_euclid(i64::from(n)) == 0
            }
        }
    }

    /// This step's marks from `from` to `to` (seconds), at most [`MAX_MARKS`].
    #[must_use]
    pub fn marks(self, from: UnixSeconds, to: UnixSeconds) -> Vec<UnixSeconds> {
        if let Step::Hours(n) = self {
            let every = 3_600 * i64::from(n);
            let first = from.div_euclid(every).saturating_mul(every);
            let after =
                |k: usize| i64::try_from(k).ok().and_then(|k| first.checked_add(k.checked_mul(every)?));
            return (0..MAX_MARKS).map_while(after).take_while(|&t| t <= to).filter(|&t| t >= from).collect();
        }
        self.calendar_marks(from, to)
    }

    /// Marks of a day, week, month or year step: walks whole days (or months, or years) from a boundary at
    /// or before `from`, keeping those that are marks.
    fn calendar_marks(self, from: UnixSeconds, to: UnixSeconds) -> Vec<UnixSeconds> {
        let mut out = Vec::new();
        let Some(first) = utc_datetime(from) else { return out };
        let seconds =
            |d: DateTime| jiff::tz::Offset::UTC.to_timestamp(d).ok().map(jiff::Timestamp::as_second);
        let (mut date, advance) = match self {
            Step::Hours(_) | Step::Days(_) | Step::Weeks => (first.date(), 1.day()),
            Step::Months(_) => (first.date().first_of_month(), 1.month()),
            Step::Years(_) => (first.date().first_of_year(), 1.year()),
        };
        let mut walked = 0usize;
        while let Some(t) = seconds(date.to_datetime(jiff::civil::Time::midnight())) {
            if t > to || out.len() >= MAX_MARKS || walked > 50 * MAX_MARKS {
                break;
            }
            if t >= from && self.is_mark(t) {
                out.push(t);
            }
            walked += 1;
            match next_candidate(self, date, advance) {
                Some(next) => date = next,
                None => break,
            }
        }
        out
    }

    /// A label for one of this step's marks.
    #[must_use]
    pub fn label(self, t: UnixSeconds) -> String {
        let Ok(ts) = jiff::Timestamp::from_second(t) else { return String::new() };
        let format = match self {
            Step::Hours(_) => "%-d %b %H:%M",
            Step::Days(_) | Step::Weeks => "%-d %b %Y",
            Step::Months(_) => "%b %Y",
            Step::Years(_) => "%Y",
        };
        ts.strftime(format).to_string()
    }
}

/// The next date worth testing after `date`: years jump by the step's multiple once aligned.
fn next_candidate(step: Step, date: Date, advance: jiff::Span) -> Option<Date> {
    match step {
        Step::Years(n) if i64::from(date.year()).rem_euclid(i64::from(n)) == 0 => {
            date.checked_add(i64::from(n).years()).ok()
        }
        _ => date.checked_add(advance).ok(),
    }
}

/// The finest step whose labels have room, for `range_days` of time across `width_points`.
#[must_use]
pub fn label_step(range_days: f64, width_points: f32) -> Step {
    let points_per_day = f64::from(width_points.max(1.0)) / range_days.max(1e-9);
    STEPS.into_iter().find(|s| s.approx_days() * points_per_day >= s.label_room()).unwrap_or(Step::Years(500))
}

/// Grid marks for the plot: the labelled step, the next coarser one (stronger lines) and the next finer
/// one (faint lines, when they are at least egui's minimum spacing apart). A time on several levels is
/// marked once, at its coarsest.
#[must_use]
pub fn grid_marks(input: &GridInput, labelled: Step) -> Vec<GridMark> {
    let (from, to) = ((input.bounds.0 * DAY).floor() as i64, (input.bounds.1 * DAY).ceil() as i64);
    let at = STEPS.iter().position(|&s| s == labelled).unwrap_or(0);
    let mut levels = vec![labelled];
    if let Some(&coarser) = STEPS.get(at + 1) {
        levels.push(coarser);
    }
    if let Some(&finer) = at.checked_sub(1).and_then(|k| STEPS.get(k))
        && finer.approx_days() >= input.base_step_size
    {
        levels.push(finer);
    }
    let mut marks: BTreeMap<i64, f64> = BTreeMap::new();
    for step in levels {
        for t in step.marks(from, to) {
            let size = marks.entry(t).or_insert(0.0);
            *size = size.max(step.approx_days());
        }
    }
    marks.into_iter().map(|(t, step_size)| GridMark { value: t as f64 / DAY, step_size }).collect()
}

/// The label of a mark: the labelled step's wording where the mark is one of its marks, else nothing.
#[must_use]
pub fn axis_label(value_days: f64, labelled: Step) -> String {
    let t = (value_days * DAY).round() as i64;
    if labelled.is_mark(t) { labelled.label(t) } else { String::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> UnixSeconds {
        s.parse::<jiff::Timestamp>().expect("time").as_second()
    }

    #[test]
    fn a_month_wide_axis_labels_days_only() {
        let step = label_step(31.0, 900.0);
        assert_eq!(step, Step::Weeks);
        let marks = step.marks(t("2024-03-01T00:00:00Z"), t("2024-03-31T00:00:00Z"));
        let labels: Vec<String> = marks.iter().map(|&m| step.label(m)).collect();
        assert_eq!(labels, ["1 Mar 2024", "8 Mar 2024", "15 Mar 2024", "22 Mar 2024"]);
        // A month boundary inside the range is labelled as the day it is.
        assert_eq!(axis_label(t("2024-04-01T00:00:00Z") as f64 / DAY, step), "1 Apr 2024");
        // No label away from the step's marks.
        assert_eq!(axis_label(t("2024-03-09T00:00:00Z") as f64 / DAY, step), "");
    }

    #[test]
    fn each_zoom_labels_at_its_own_level() {
        assert_eq!(label_step(40.0 * 365.25, 1_200.0), Step::Years(2));
        assert_eq!(label_step(2.0 * 365.25, 1_200.0), Step::Months(3));
        assert_eq!(label_step(2.0, 1_200.0), Step::Hours(6));
        let years = Step::Years(5).marks(t("1989-06-01T00:00:00Z"), t("2026-01-01T00:00:00Z"));
        let labels: Vec<String> = years.iter().map(|&m| Step::Years(5).label(m)).collect();
        assert_eq!(labels, ["1990", "1995", "2000", "2005", "2010", "2015", "2020", "2025"]);
        let quarters = Step::Months(3).marks(t("2023-11-15T00:00:00Z"), t("2024-08-01T00:00:00Z"));
        let labels: Vec<String> = quarters.iter().map(|&m| Step::Months(3).label(m)).collect();
        assert_eq!(labels, ["Jan 2024", "Apr 2024", "Jul 2024"]);
        let hours = Step::Hours(6).marks(t("2024-03-22T05:00:00Z"), t("2024-03-22T19:00:00Z"));
        let labels: Vec<String> = hours.iter().map(|&m| Step::Hours(6).label(m)).collect();
        assert_eq!(labels, ["22 Mar 06:00", "22 Mar 12:00", "22 Mar 18:00"]);
    }

    #[test]
    fn grid_marks_put_each_time_once_at_its_coarsest_level() {
        let input = GridInput {
            bounds: (t("2023-12-01T00:00:00Z") as f64 / DAY, t("2024-03-01T00:00:00Z") as f64 / DAY),
            base_step_size: 0.5,
        };
        let marks = grid_marks(&input, Step::Months(1));
        let new_year = marks.iter().find(|m| (m.value * DAY).round() as i64 == t("2024-01-01T00:00:00Z"));
        assert_eq!(new_year.map(|m| m.step_size), Some(Step::Months(3).approx_days()));
        let mut values: Vec<i64> = marks.iter().map(|m| (m.value * DAY).round() as i64).collect();
        values.dedup();
        assert_eq!(values.len(), marks.len());
        // Weeks as the faint level: the 8th of January is marked, unlabelled.
        assert!(values.contains(&t("2024-01-08T00:00:00Z")));
        assert_eq!(axis_label(t("2024-01-08T00:00:00Z") as f64 / DAY, Step::Months(1)), "");
    }

    #[test]
    fn out_of_calendar_times_make_no_marks_and_no_panic() {
        assert!(Step::Years(1).marks(i64::MIN, i64::MIN + 10).is_empty());
        assert_eq!(Step::Days(1).label(i64::MAX), "");
        assert!(Step::Hours(1).marks(0, 10_000_000_000).len() <= MAX_MARKS);
    }
}
