//! EDTF (ISO 8601-2, levels 0 and 1) dates: parsing, UTC intervals, precision and wording.
//!
//! Supported forms: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, date-times `YYYY-MM-DDTHH:MM[:SS]` with an optional
//! `Z` or `±HH[:MM]` offset, intervals `A/B`, open ends `../B` and `A/..`, unknown ends `/B` and `A/`, and
//! the qualifiers `?` (uncertain), `~` (approximate) and `%` (both) at the end of a date.
//!
//! Dates without a time or offset are read as UTC calendar dates.

use std::fmt::{self, Write as _};

use jiff::ToSpan;
use jiff::civil::{Date, DateTime};
use jiff::tz::Offset;
use thiserror::Error;

/// Seconds since the Unix epoch, UTC. The store keeps every time in this unit.
pub type UnixSeconds = i64;

/// The UTC calendar date and time of a Unix time, `None` outside the calendar (the unbounded stand-ins).
///
/// ```
/// use incident_atlas::model::utc_datetime;
/// assert_eq!(utc_datetime(86_400).map(|d| d.to_string()).as_deref(), Some("1970-01-02T00:00:00"));
/// assert_eq!(utc_datetime(i64::MIN), None);
/// ```
#[must_use]
pub fn utc_datetime(t: UnixSeconds) -> Option<DateTime> {
    jiff::Timestamp::from_second(t).ok().map(|ts| Offset::UTC.to_datetime(ts))
}

/// Stand-in for an open (`..`) or unknown start: earlier than any real date.
pub const UNBOUNDED_PAST: UnixSeconds = i64::MIN;
/// Stand-in for an open (`..`) or unknown end: later than any real date.
pub const UNBOUNDED_FUTURE: UnixSeconds = i64::MAX;

/// How finely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DatePrecision {
    /// Only the year is known (`2016`).
    Year,
    /// Year and month (`2023-04`).
    Month,
    /// The calendar day (`2024-03-22`).
    Day,
    /// Hour and minute (`2024-03-22T19:58+03:00`).
    Minute,
    /// To the second.
    Second,
}

impl DatePrecision {
    /// A lower-case English name, as used in reports (`"day"`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Year => "year",
            Self::Month => "month",
            Self::Day => "day",
            Self::Minute => "minute",
            Self::Second => "second",
        }
    }
}

/// EDTF qualifiers of one date: `?` uncertain, `~` approximate, `%` both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Qualifiers {
    /// The source is not sure of the date (`?`).
    pub uncertain: bool,
    /// The date is approximate, "circa" (`~`).
    pub approximate: bool,
}

/// One calendar date or date-time, as written, before conversion to UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DatePoint {
    year: i16,
    month: Option<i8>,
    day: Option<i8>,
    time: Option<(i8, i8, Option<i8>)>,
    offset_seconds: i32,
    qualifiers: Qualifiers,
}

/// One end of an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// A known date.
    Date(DatePoint),
    /// `..`: the interval runs on without limit.
    Open,
    /// An empty end: the interval ends (or starts) somewhere unknown.
    Unknown,
}

/// A parsed EDTF date: a single date or an interval. Keeps the text it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EdtfDate {
    text: Box<str>,
    start: Endpoint,
    end: Option<Endpoint>,
    /// Computed once while parsing: the store reads it for every incident.
    utc: TimeInterval,
}

/// A half-open UTC interval `[start, end)` in Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeInterval {
    /// First second covered, or [`UNBOUNDED_PAST`].
    pub start: UnixSeconds,
    /// First second no longer covered, or [`UNBOUNDED_FUTURE`].
    pub end: UnixSeconds,
}

impl TimeInterval {
    /// Whether two half-open intervals share at least one second.
    ///
    /// ```
    /// use incident_atlas::model::TimeInterval;
    /// let year = TimeInterval { start: 0, end: 100 };
    /// assert!(year.overlaps(&TimeInterval { start: 99, end: 200 }));
    /// assert!(!year.overlaps(&TimeInterval { start: 100, end: 200 }));
    /// ```
    #[must_use]
    pub fn overlaps(&self, other: &TimeInterval) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Why a date string is not a valid EDTF date.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{reason} in \"{value}\"")]
pub struct DateError {
    /// The text that failed to parse.
    pub value: String,
    /// What is wrong with it, e.g. "month 13 out of range (1–12)".
    pub reason: String,
}

impl EdtfDate {
    /// Parses an EDTF string.
    ///
    /// ```
    /// use incident_atlas::model::{DatePrecision, EdtfDate};
    /// let d = EdtfDate::parse("2023-04").unwrap();
    /// assert_eq!(d.precision(), DatePrecision::Month);
    /// assert_eq!(d.to_string(), "2023-04");
    /// assert!(EdtfDate::parse("2023-13").unwrap_err().to_string().contains("month 13 out of range"));
    /// ```
    ///
    /// # Errors
    /// A [`DateError`] naming the value and the reason.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let fail = |reason: String| DateError { value: text.to_owned(), reason };
        if text.is_empty() {
            return Err(fail("empty date".into()));
        }
        if text.trim() != text {
            return Err(fail("leading or trailing spaces".into()));
        }
        let parsed = if let Some((a, b)) = text.split_once('/') {
            if b.contains('/') {
                return Err(fail("more than one '/'".into()));
            }
            let start = parse_endpoint(a).map_err(&fail)?;
            let end = parse_endpoint(b).map_err(&fail)?;
            if !matches!(start, Endpoint::Date(_)) && !matches!(end, Endpoint::Date(_)) {
                return Err(fail("an interval needs at least one known end".into()));
            }
            let utc = utc_interval(start, Some(end));
            if let (Endpoint::Date(_), Endpoint::Date(_)) = (start, end)
                && utc.end <= utc.start
            {
                return Err(fail("interval ends before it starts".into()));
            }
            EdtfDate { text: text.into(), start, end: Some(end), utc }
        } else {
            let start = Endpoint::Date(parse_point(text).map_err(&fail)?);
            EdtfDate { text: text.into(), start, end: None, utc: utc_interval(start, None) }
        };
        // A known start past the last moment a timestamp holds (9999-12-30, UTC) would make an empty
        // interval that no window ever shows.
        if matches!(parsed.start, Endpoint::Date(_)) && parsed.utc.start == UNBOUNDED_FUTURE {
            return Err(fail("after the latest date this program can place in time (9999-12-30)".into()));
        }
        Ok(parsed)
    }

    /// The text this date was parsed from, unchanged.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether this is an interval (`A/B`) rather than a single date.
    #[must_use]
    pub fn is_interval(&self) -> bool {
        self.end.is_some()
    }

    /// The start end point (the date itself for a single date).
    #[must_use]
    pub fn start_endpoint(&self) -> Endpoint {
        self.start
    }

    /// The end point of an interval; `None` for a single date.
    #[must_use]
    pub fn end_endpoint(&self) -> Option<Endpoint> {
        self.end
    }

    /// The UTC interval `[start, end)` the date covers: "2016" covers the whole of 2016.
    ///
    /// ```
    /// use incident_atlas::model::EdtfDate;
    /// let y = EdtfDate::parse("2016").unwrap().interval();
    /// assert_eq!(y.end - y.start, 366 * 86_400); // a leap year
    /// ```
    #[must_use]
    pub fn interval(&self) -> TimeInterval {
        self.utc
    }

    /// The coarsest precision among the known ends.
    #[must_use]
    pub fn precision(&self) -> DatePrecision {
        self.points().map(|p| p.precision()).min().unwrap_or(DatePrecision::Year)
    }

    /// Whether any known end is marked uncertain (`?` or `%`).
    #[must_use]
    pub fn is_uncertain(&self) -> bool {
        self.points().any(|p| p.qualifiers.uncertain)
    }

    /// Whether any known end is marked approximate (`~` or `%`).
    #[must_use]
    pub fn is_approximate(&self) -> bool {
        self.points().any(|p| p.qualifiers.approximate)
    }

    fn points(&self) -> impl Iterator<Item = DatePoint> + '_ {
        [Some(self.start), self.end]
            .into_iter()
            .flatten()
            .filter_map(|e| if let Endpoint::Date(p) = e { Some(p) } else { None })
    }

    /// The date in words, saying how well it is known: "22 March 2024", "March 2024",
    /// "2016 — exact date unknown", "circa 2014", "2019 (uncertain)", "March 2024 – April 2024".
    ///
    /// ```
    /// use incident_atlas::model::EdtfDate;
    /// assert_eq!(EdtfDate::parse("2024-03-22").unwrap().describe(), "22 March 2024");
    /// assert_eq!(EdtfDate::parse("2014~").unwrap().describe(), "circa 2014");
    /// ```
    #[must_use]
    pub fn describe(&self) -> String {
        match self.end {
            None => match self.start {
                Endpoint::Date(p) => {
                    let mut words = p.describe();
                    if p.precision() == DatePrecision::Year && !p.qualifiers.approximate {
                        words.push_str(" — exact date unknown");
                    }
                    words
                }
                Endpoint::Open | Endpoint::Unknown => "date unknown".into(),
            },
            Some(end) => {
                let side = |e: Endpoint, open: &str| match e {
                    Endpoint::Date(p) => p.describe(),
                    Endpoint::Open => open.to_owned(),
                    Endpoint::Unknown => "unknown".to_owned(),
                };
                match (self.start, end) {
                    (Endpoint::Open, e) => format!("until {}", side(e, "")),
                    (s, Endpoint::Open) => format!("from {} on", side(s, "")),
                    (s, e) => format!("between {} and {}", side(s, "…"), side(e, "…")),
                }
            }
        }
    }
}

impl fmt::Display for EdtfDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// English month names, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl DatePoint {
    /// How finely this date is known.
    #[must_use]
    pub fn precision(&self) -> DatePrecision {
        match (self.month, self.day, self.time) {
            (None, _, _) => DatePrecision::Year,
            (Some(_), None, _) => DatePrecision::Month,
            (Some(_), Some(_), None) => DatePrecision::Day,
            (Some(_), Some(_), Some((_, _, None))) => DatePrecision::Minute,
            (Some(_), Some(_), Some((_, _, Some(_)))) => DatePrecision::Second,
        }
    }

    /// The qualifiers written after this date.
    #[must_use]
    pub fn qualifiers(&self) -> Qualifiers {
        self.qualifiers
    }

    /// The calendar year as written.
    #[must_use]
    pub fn year(&self) -> i16 {
        self.year
    }

    fn civil(&self) -> DateTime {
        let (h, m, s) = self.time.map_or((0, 0, 0), |(h, m, s)| (h, m, s.unwrap_or(0)));
        // Fields were range-checked while parsing.
        DateTime::constant(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1), h, m, s, 0)
    }

    fn start_seconds(&self) -> UnixSeconds {
        to_unix(self.civil(), self.offset_seconds)
    }

    fn end_seconds(&self) -> UnixSeconds {
        let start = self.civil();
        let next = match self.precision() {
            DatePrecision::Year => start.checked_add(1.year()),
            DatePrecision::Month => start.checked_add(1.month()),
            DatePrecision::Day => start.checked_add(1.day()),
            DatePrecision::Minute => start.checked_add(1.minute()),
            DatePrecision::Second => start.checked_add(1.second()),
        };
        // Only 9999-12-31 can overflow jiff's range; it then ends at the last representable second.
        next.map_or(UNBOUNDED_FUTURE, |n| to_unix(n, self.offset_seconds))
    }

    fn describe(&self) -> String {
        let mut words = match (self.month, self.day) {
            (None, _) => format!("{}", self.year),
            (Some(m), None) => format!("{} {}", MONTHS[month_index(m)], self.year),
            (Some(m), Some(d)) => format!("{d} {} {}", MONTHS[month_index(m)], self.year),
        };
        if let Some((h, m, s)) = self.time {
            let _ = write!(words, ", {h:02}:{m:02}");
            if let Some(s) = s {
                let _ = write!(words, ":{s:02}");
            }
            if self.offset_seconds == 0 {
                words.push_str(" UTC");
            } else {
                let sign = if self.offset_seconds < 0 { '−' } else { '+' };
                let abs = self.offset_seconds.abs();
                let _ = write!(words, " UTC{sign}{:02}:{:02}", abs / 3600, abs % 3600 / 60);
            }
        }
        match (self.qualifiers.uncertain, self.qualifiers.approximate) {
            (false, false) => words,
            (true, false) => format!("{words} (uncertain)"),
            (false, true) => format!("circa {words}"),
            (true, true) => format!("circa {words} (uncertain)"),
        }
    }
}

fn utc_interval(start: Endpoint, end: Option<Endpoint>) -> TimeInterval {
    match end {
        None => match start {
            Endpoint::Date(p) => TimeInterval { start: p.start_seconds(), end: p.end_seconds() },
            Endpoint::Open | Endpoint::Unknown => {
                TimeInterval { start: UNBOUNDED_PAST, end: UNBOUNDED_FUTURE }
            }
        },
        Some(end) => TimeInterval {
            start: match start {
                Endpoint::Date(p) => p.start_seconds(),
                Endpoint::Open | Endpoint::Unknown => UNBOUNDED_PAST,
            },
            end: match end {
                Endpoint::Date(p) => p.end_seconds(),
                Endpoint::Open | Endpoint::Unknown => UNBOUNDED_FUTURE,
            },
        },
    }
}

fn month_index(month: i8) -> usize {
    usize::try_from(month - 1).unwrap_or(0).min(11)
}

fn to_unix(civil: DateTime, offset_seconds: i32) -> UnixSeconds {
    let offset = Offset::from_seconds(offset_seconds).unwrap_or(Offset::UTC);
    offset.to_timestamp(civil).map_or(UNBOUNDED_FUTURE, jiff::Timestamp::as_second)
}

fn parse_endpoint(text: &str) -> Result<Endpoint, String> {
    match text {
        ".." => Ok(Endpoint::Open),
        "" => Ok(Endpoint::Unknown),
        _ => parse_point(text).map(Endpoint::Date),
    }
}

fn parse_point(text: &str) -> Result<DatePoint, String> {
    let (body, qualifiers) = match text.as_bytes().last() {
        Some(b'?') => (&text[..text.len() - 1], Qualifiers { uncertain: true, approximate: false }),
        Some(b'~') => (&text[..text.len() - 1], Qualifiers { uncertain: false, approximate: true }),
        Some(b'%') => (&text[..text.len() - 1], Qualifiers { uncertain: true, approximate: true }),
        _ => (text, Qualifiers::default()),
    };
    if body.ends_with(['?', '~', '%']) {
        return Err("more than one qualifier".into());
    }
    let (date_part, time_part) = match body.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (body, None),
    };
    let mut fields = date_part.split('-');
    let year_text = fields.next().unwrap_or_default();
    if year_text.contains(['X', 'x', 'u']) {
        return Err(format!("unspecified digits in year \"{year_text}\" are not supported"));
    }
    let year = parse_fixed(year_text, 4, "year")?;
    let month = fields.next().map(|m| parse_fixed(m, 2, "month")).transpose()?;
    let day = fields.next().map(|d| parse_fixed(d, 2, "day")).transpose()?;
    if fields.next().is_some() {
        return Err("too many '-' separated parts".into());
    }
    let year = i16::try_from(year).map_err(|_| format!("year {year} out of range (0000–9999)"))?;
    let month = month
        .map(|m| {
            if (1..=12).contains(&m) {
                Ok(i8::try_from(m).unwrap_or(1))
            } else if (21..=24).contains(&m) {
                Err(format!("season code {m} is not supported"))
            } else {
                Err(format!("month {m} out of range (1–12)"))
            }
        })
        .transpose()?;
    let day = match (month, day) {
        (Some(m), Some(d)) => {
            let last = Date::constant(year, m, 1).days_in_month();
            let d_small = i8::try_from(d).unwrap_or(i8::MAX);
            if d < 1 || d_small > last {
                return Err(format!("day {d} out of range for {} {year} (1–{last})", MONTHS[month_index(m)]));
            }
            Some(d_small)
        }
        _ => None,
    };
    let (time, offset_seconds) = match time_part {
        None => (None, 0),
        Some(t) => {
            if day.is_none() {
                return Err("a time needs a full date (YYYY-MM-DD) before the 'T'".into());
            }
            parse_time(t)?
        }
    };
    Ok(DatePoint { year, month, day, time, offset_seconds, qualifiers })
}

type ParsedTime = (Option<(i8, i8, Option<i8>)>, i32);

fn parse_time(text: &str) -> Result<ParsedTime, String> {
    let (clock, offset) = if let Some(c) = text.strip_suffix('Z') {
        (c, 0)
    } else if let Some(pos) = text.find(['+', '-']) {
        (&text[..pos], parse_offset(&text[pos..])?)
    } else {
        (text, 0)
    };
    let mut parts = clock.split(':');
    let hour = parse_fixed(parts.next().unwrap_or_default(), 2, "hour")?;
    let minute = parts
        .next()
        .ok_or_else(|| "a time needs hours and minutes (HH:MM)".to_owned())
        .and_then(|m| parse_fixed(m, 2, "minute"))?;
    let second = parts.next().map(|s| parse_fixed(s, 2, "second")).transpose()?;
    if parts.next().is_some() {
        return Err("too many ':' separated parts in the time".into());
    }
    if hour > 23 {
        return Err(format!("hour {hour} out of range (0–23)"));
    }
    if minute > 59 {
        return Err(format!("minute {minute} out of range (0–59)"));
    }
    if let Some(s) = second
        && s > 59
    {
        return Err(format!("second {s} out of range (0–59)"));
    }
    let small = |v: u32| i8::try_from(v).unwrap_or(0);
    Ok((Some((small(hour), small(minute), second.map(small))), offset))
}

fn parse_offset(text: &str) -> Result<i32, String> {
    let sign = if text.starts_with('-') { -1 } else { 1 };
    let digits = text.get(1..).unwrap_or_default();
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (parse_fixed(h, 2, "offset hour")?, parse_fixed(m, 2, "offset minute")?),
        // Four bytes that are four digits (`+0300`); anything else is refused below, never sliced apart.
        None if digits.len() == 4 && digits.is_ascii() => {
            (parse_fixed(&digits[..2], 2, "offset hour")?, parse_fixed(&digits[2..], 2, "offset minute")?)
        }
        None => (parse_fixed(digits, 2, "offset hour")?, 0),
    };
    if h > 14 || m > 59 {
        return Err(format!("UTC offset {text} out of range"));
    }
    let seconds = i32::try_from(h * 3600 + m * 60).unwrap_or(0);
    Ok(sign * seconds)
}

fn parse_fixed(text: &str, width: usize, what: &str) -> Result<u32, String> {
    if text.is_empty() {
        return Err(format!("{what} is missing"));
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{what} \"{text}\" is not a number"));
    }
    if text.len() != width {
        return Err(format!("{what} \"{text}\" should have {width} digits"));
    }
    text.parse().map_err(|_| format!("{what} \"{text}\" is not a number"))
}

/// An ISO 8601 UTC time, or empty for an open end.
#[must_use]
pub fn utc_text(t: UnixSeconds) -> String {
    if t == UNBOUNDED_PAST || t == UNBOUNDED_FUTURE {
        return String::new();
    }
    jiff::Timestamp::from_second(t)
        .map(|ts| ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(text: &str) -> TimeInterval {
        EdtfDate::parse(text).expect(text).interval()
    }

    fn ts(text: &str) -> i64 {
        text.parse::<jiff::Timestamp>().expect(text).as_second()
    }

    fn err(text: &str) -> String {
        EdtfDate::parse(text).expect_err(text).to_string()
    }

    #[test]
    fn every_form_round_trips_unchanged() {
        for text in [
            "2024",
            "2023-04",
            "2024-03-22",
            "2024-03-22T19:58+03:00",
            "2024-03-22T16:58:07Z",
            "2024-03-22T19:58",
            "2015-11/2015-12",
            "../2015",
            "2015/..",
            "/2015",
            "2015/",
            "2019?",
            "2014~",
            "2014-06%",
            "2019-05-01?/2019-06~",
            "2024-03-22T19:58-05:30",
        ] {
            assert_eq!(EdtfDate::parse(text).expect(text).to_string(), text);
        }
    }

    #[test]
    fn year_month_and_day_cover_their_whole_period() {
        assert_eq!(iv("2016"), TimeInterval { start: ts("2016-01-01T00:00Z"), end: ts("2017-01-01T00:00Z") });
        assert_eq!(
            iv("2023-04"),
            TimeInterval { start: ts("2023-04-01T00:00Z"), end: ts("2023-05-01T00:00Z") }
        );
        assert_eq!(
            iv("2023-12"),
            TimeInterval { start: ts("2023-12-01T00:00Z"), end: ts("2024-01-01T00:00Z") }
        );
        assert_eq!(
            iv("2024-03-22"),
            TimeInterval { start: ts("2024-03-22T00:00Z"), end: ts("2024-03-23T00:00Z") }
        );
        assert_eq!(
            iv("2023-12-31"),
            TimeInterval { start: ts("2023-12-31T00:00Z"), end: ts("2024-01-01T00:00Z") }
        );
    }

    #[test]
    fn times_with_offsets_become_utc() {
        let i = iv("2024-03-22T19:58+03:00");
        assert_eq!(i.start, ts("2024-03-22T16:58Z"));
        assert_eq!(i.end - i.start, 60);
        assert_eq!(iv("2024-03-22T16:58:07Z").end - iv("2024-03-22T16:58:07Z").start, 1);
        assert_eq!(iv("2024-03-22T19:58-0530").start, ts("2024-03-23T01:28Z"));
    }

    #[test]
    fn leap_days() {
        assert_eq!(iv("2024-02").end - iv("2024-02").start, 29 * 86_400);
        assert_eq!(iv("2023-02").end - iv("2023-02").start, 28 * 86_400);
        assert!(EdtfDate::parse("2024-02-29").is_ok());
        assert!(EdtfDate::parse("2000-02-29").is_ok());
        assert!(err("2023-02-29").contains("day 29 out of range for February 2023 (1–28)"));
        assert!(err("1900-02-29").contains("day 29 out of range for February 1900"));
        assert_eq!(iv("2016").end - iv("2016").start, 366 * 86_400);
        assert_eq!(iv("2015").end - iv("2015").start, 365 * 86_400);
    }

    #[test]
    fn month_and_year_edges() {
        assert!(err("2023-04-31").contains("day 31 out of range for April 2023 (1–30)"));
        assert!(EdtfDate::parse("2023-01-31").is_ok());
        assert!(err("2023-13").contains("month 13 out of range (1–12)"));
        assert!(err("2023-00").contains("month 0 out of range"));
        assert!(err("2023-05-00").contains("day 0 out of range"));
        assert_eq!(iv("9999").start, ts("9999-01-01T00:00Z"));
        assert_eq!(iv("0000").start, ts("0000-01-01T00:00Z"));
        assert_eq!(iv("1999-12-31T23:59+00:00").end, ts("2000-01-01T00:00Z"));
    }

    #[test]
    fn a_utc_offset_of_four_bytes_that_are_not_four_digits_is_refused_not_sliced() {
        // Found by the `edtf` fuzz target: U+2000 and a digit are four bytes, which were cut after two.
        assert!(EdtfDate::parse("2024-03-22T1:-\u{2000}9").is_err());
        assert!(EdtfDate::parse("2024-03-22T10:00-é9").is_err());
        assert!(EdtfDate::parse("2024-03-22T10:00+0300").is_ok());
    }

    #[test]
    fn a_date_past_the_last_representable_day_is_refused_not_made_empty() {
        // Found by the `edtf` fuzz target: 9999-12-31 began after the last timestamp, so its interval was
        // empty (start = end = the open future).
        assert!(EdtfDate::parse("9999-12-31").is_err());
        assert!(EdtfDate::parse("9999-12-31/..").is_err());
        let last = EdtfDate::parse("9999-12-30").expect("still a date");
        assert!(last.interval().start < last.interval().end);
    }

    #[test]
    fn intervals_and_open_ends() {
        let i = iv("2015-11/2015-12");
        assert_eq!(i, TimeInterval { start: ts("2015-11-01T00:00Z"), end: ts("2016-01-01T00:00Z") });
        assert_eq!(iv("../2015"), TimeInterval { start: UNBOUNDED_PAST, end: ts("2016-01-01T00:00Z") });
        assert_eq!(iv("2015/..").end, UNBOUNDED_FUTURE);
        assert_eq!(iv("/2015").start, UNBOUNDED_PAST);
        assert!(err("2016/2015").contains("interval ends before it starts"));
        assert!(err("../..").contains("at least one known end"));
        assert!(err("2015/2016/2017").contains("more than one '/'"));
        let d = EdtfDate::parse("2015-11-02/2016").expect("mixed precision");
        assert_eq!(d.precision(), DatePrecision::Year);
        assert!(d.is_interval());
    }

    #[test]
    fn qualifiers() {
        let d = EdtfDate::parse("2019?").expect("uncertain");
        assert!(d.is_uncertain() && !d.is_approximate());
        let d = EdtfDate::parse("2014~").expect("approximate");
        assert!(!d.is_uncertain() && d.is_approximate());
        let d = EdtfDate::parse("2014-06%").expect("both");
        assert!(d.is_uncertain() && d.is_approximate());
        assert_eq!(iv("2019?"), iv("2019"));
        assert!(err("2019??").contains("more than one qualifier"));
    }

    #[test]
    fn rejects_malformed_text_with_reasons() {
        assert!(err("").contains("empty date"));
        assert!(err("March 2024").contains("year \"March 2024\" is not a number"));
        assert!(err("24-03-22").contains("year \"24\" should have 4 digits"));
        assert!(err("2024-3-22").contains("month \"3\" should have 2 digits"));
        assert!(err("2024-03-22T25:00").contains("hour 25 out of range"));
        assert!(err("2024-03-22T10:61").contains("minute 61 out of range"));
        assert!(err("2024-03-22T10").contains("hours and minutes"));
        assert!(err("2024-03T10:00").contains("needs a full date"));
        assert!(err("2024-21").contains("season code 21 is not supported"));
        assert!(err("201X").contains("unspecified digits"));
        assert!(err(" 2024").contains("spaces"));
        assert!(err("2024-03-22T10:00+15:00").contains("offset"));
        assert_eq!(err("2023-13"), "month 13 out of range (1–12) in \"2023-13\"");
    }

    #[test]
    fn words_say_how_well_the_date_is_known() {
        let words = |t: &str| EdtfDate::parse(t).expect(t).describe();
        assert_eq!(words("2024-03-22"), "22 March 2024");
        assert_eq!(words("2024-03"), "March 2024");
        assert_eq!(words("2016"), "2016 — exact date unknown");
        assert_eq!(words("2014~"), "circa 2014");
        assert_eq!(words("2019?"), "2019 (uncertain) — exact date unknown");
        assert_eq!(words("2024-03-22T19:58+03:00"), "22 March 2024, 19:58 UTC+03:00");
        assert_eq!(words("2024-03-22/2024-04-03"), "between 22 March 2024 and 3 April 2024");
        assert_eq!(words("../2015"), "until 2015");
        assert_eq!(words("2015/.."), "from 2015 on");
    }

    #[test]
    fn precision_names() {
        assert_eq!(EdtfDate::parse("2024-03-22T19:58Z").expect("t").precision(), DatePrecision::Minute);
        assert_eq!(DatePrecision::Month.name(), "month");
    }
}
