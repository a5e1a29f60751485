//! Where the time window goes when an analyst jumps to a date: a width that suits what the date says,
//! kept inside the data's time span.

use jiff::ToSpan;

use crate::model::{DatePrecision, EdtfDate, UnixSeconds, utc_datetime};
use crate::store::TimeWindow;

/// Days shown on each side of a date known to the day (or finer).
const DAYS_AROUND_A_DAY: i64 = 15;

/// The window for a date typed to jump to: a year shows that year; a month shows it with the months
/// before and after; a day (or a time) shows about a month around it; an interval shows itself. The
/// window is cut to the data's span, unless the date lies wholly outside it (then the analyst asked for
/// that time and gets it).
///
/// ```
/// use incident_atlas::model::EdtfDate;
/// use incident_atlas::state::jump_window;
/// use incident_atlas::store::TimeWindow;
/// let date = |s: &str| EdtfDate::parse(s).unwrap();
/// let iv = |s: &str| date(s).interval();
/// let span = TimeWindow { start: iv("2006").start, end: iv("2024-06-30").end };
/// assert_eq!(jump_window(&date("2015"), span), iv("2015"));
/// assert_eq!(jump_window(&date("2024-03"), span), TimeWindow { start: iv("2024-02").start, end: iv("2024-04").end });
/// // Cut at the data's end: no window into the future.
/// assert_eq!(jump_window(&date("2024-06"), span), TimeWindow { start: iv("2024-05").start, end: span.end });
/// let day = jump_window(&date("2024-03-22"), span);
/// assert_eq!((day.start, day.end), (iv("2024-03-07").start, iv("2024-04-06").end));
/// // A date outside the data is shown as asked.
/// assert_eq!(jump_window(&date("1999"), span), iv("1999"));
/// ```
#[must_use]
pub fn jump_window(date: &EdtfDate, span: TimeWindow) -> TimeWindow {
    let asked = date.interval();
    let single = !date.as_str().contains('/');
    let wanted = if single {
        match date.precision() {
            DatePrecision::Year => asked,
            DatePrecision::Month => TimeWindow {
                start: months_later(asked.start, -1).unwrap_or(asked.start),
                end: months_later(asked.end, 1).unwrap_or(asked.end),
            },
            DatePrecision::Day | DatePrecision::Minute | DatePrecision::Second => TimeWindow {
                start: asked.start.saturating_sub(DAYS_AROUND_A_DAY * 86_400),
                end: asked.end.saturating_add(DAYS_AROUND_A_DAY * 86_400),
            },
        }
    } else {
        asked
    };
    let cut = TimeWindow { start: wanted.start.max(span.start), end: wanted.end.min(span.end) };
    if cut.end > cut.start { cut } else { wanted }
}

/// `t` moved by whole calendar months (UTC), `None` outside the calendar.
fn months_later(t: UnixSeconds, months: i32) -> Option<UnixSeconds> {
    let moved = utc_datetime(t)?.checked_add(months.months()).ok()?;
    jiff::tz::Offset::UTC.to_timestamp(moved).ok().map(jiff::Timestamp::as_second)
}
