//! Values as other tools write them: dates in many spellings, counts as `12` or `12.0`, coordinates.

use crate::model::EdtfDate;

/// How dates in a column are written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum DateFormat {
    /// ISO 8601 / EDTF, `31 January 2023`, `31-01-2023` (day first), epoch seconds or milliseconds.
    #[default]
    Auto,
    /// A `strftime` pattern, e.g. `%d/%m/%Y` or `%m/%d/%Y %H:%M`.
    Pattern(String),
}

/// The years a date may have without a complaint.
const SANE_YEARS: std::ops::RangeInclusive<i16> = 1..=2100;

/// Parses a date as [`DateFormat`] says. A time of day (when given) is kept to the minute, in UTC.
///
/// ```
/// use incident_atlas::io::import::values::{DateFormat, parse_date};
/// let auto = DateFormat::Auto;
/// assert_eq!(parse_date("2023-01-31", &auto).unwrap().as_str(), "2023-01-31");
/// assert_eq!(parse_date("31 January 2023", &auto).unwrap().as_str(), "2023-01-31");
/// assert_eq!(parse_date("31-01-2023", &auto).unwrap().as_str(), "2023-01-31");
/// assert_eq!(parse_date("1700000000000", &auto).unwrap().as_str(), "2023-11-14T22:13Z");
/// assert_eq!(parse_date("03/04/2024", &DateFormat::Pattern("%m/%d/%Y".into())).unwrap().as_str(), "2024-03-04");
/// assert!(parse_date("0000-01-01", &auto).is_err());
/// ```
///
/// # Errors
/// What the text is not, in words.
pub fn parse_date(text: &str, format: &DateFormat) -> Result<EdtfDate, String> {
    let t = text.trim();
    let date = match format {
        DateFormat::Pattern(pattern) => from_pattern(t, pattern)?,
        DateFormat::Auto => auto(t)?,
    };
    let start = date.interval().start;
    let year = crate::model::utc_datetime(start).map_or(0, jiff::civil::DateTime::year);
    if !SANE_YEARS.contains(&year) {
        return Err(format!("year {year} in {t:?} is out of range (1–2100)"));
    }
    Ok(date)
}

fn auto(t: &str) -> Result<EdtfDate, String> {
    if t.is_empty() {
        return Err("empty".into());
    }
    if let Ok(d) = EdtfDate::parse(t) {
        return Ok(d);
    }
    // Epoch seconds (10 digits) or milliseconds (13), as feeds such as USGS's write.
    if t.bytes().all(|b| b.is_ascii_digit()) && (9..=13).contains(&t.len()) {
        let n: i64 = t.parse().map_err(|_| format!("{t:?} is not a date"))?;
        let seconds = if t.len() >= 12 { n / 1000 } else { n };
        return from_timestamp(seconds);
    }
    if let Ok(ts) = t.parse::<jiff::Timestamp>() {
        return from_timestamp(ts.as_second());
    }
    if let Ok(dt) = t.parse::<jiff::civil::DateTime>() {
        return minute_text(dt);
    }
    for pattern in
        ["%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d"]
    {
        if let Ok(d) = jiff::civil::Date::strptime(pattern, t) {
            return day_text(d);
        }
    }
    for pattern in ["%B %Y", "%b %Y"] {
        if let Ok(d) = jiff::civil::Date::strptime(format!("%d {pattern}"), format!("1 {t}")) {
            return EdtfDate::parse(&format!("{:04}-{:02}", d.year(), d.month())).map_err(|e| e.to_string());
        }
    }
    Err(format!(
        "{t:?} is not a date this program knows (ISO 8601, 31 January 2023, 31-01-2023, epoch seconds)"
    ))
}

fn from_pattern(t: &str, pattern: &str) -> Result<EdtfDate, String> {
    let has_time = pattern.contains("%H") || pattern.contains("%M") || pattern.contains("%T");
    if has_time {
        let dt = jiff::civil::DateTime::strptime(pattern, t)
            .map_err(|e| format!("{t:?} does not match the date format {pattern:?} ({e})"))?;
        minute_text(dt)
    } else {
        let d = jiff::civil::Date::strptime(pattern, t)
            .map_err(|e| format!("{t:?} does not match the date format {pattern:?} ({e})"))?;
        day_text(d)
    }
}

fn from_timestamp(seconds: i64) -> Result<EdtfDate, String> {
    let ts =
        jiff::Timestamp::from_second(seconds).map_err(|e| format!("time {seconds} is out of range ({e})"))?;
    minute_text(jiff::tz::Offset::UTC.to_datetime(ts))
}

/// A UTC time to the minute, as EDTF.
fn minute_text(dt: jiff::civil::DateTime) -> Result<EdtfDate, String> {
    EdtfDate::parse(&format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}Z",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute()
    ))
    .map_err(|e| e.to_string())
}

/// The EDTF date of a calendar day.
///
/// # Errors
/// For a year EDTF cannot hold.
pub fn day_text(d: jiff::civil::Date) -> Result<EdtfDate, String> {
    EdtfDate::parse(&format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())).map_err(|e| e.to_string())
}

/// A count: `12`, `12.0`, ` 3 `; empty is unknown (`None`); negative or fractional is an error.
///
/// # Errors
/// Text that is not a whole, non-negative number.
pub fn parse_count(text: Option<&str>) -> Result<Option<u32>, String> {
    let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
    let value: f64 = t.parse().map_err(|_| format!("{t:?} is not a number"))?;
    if value < 0.0 || value.fract() != 0.0 || value > f64::from(u32::MAX) {
        return Err(format!("{t:?} is not a whole count"));
    }
    Ok(Some(value as u32))
}

/// A latitude and longitude pair from text; both empty is no place. Out-of-range values are errors,
/// and when the two look swapped the error says so.
///
/// # Errors
/// `(field, message)` for the faulty coordinate.
pub fn parse_lat_lon(lat: Option<&str>, lon: Option<&str>) -> Result<Option<(f64, f64)>, (String, String)> {
    let number = |t: &str, field: &str| {
        let text = t.trim();
        // A decimal comma (`55,75`) reads as a point; most values have none and are parsed in place.
        let parsed =
            if text.contains(',') { text.replace(',', ".").parse::<f64>() } else { text.parse::<f64>() };
        parsed
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| (field.to_owned(), format!("{t:?} is not a number")))
    };
    match (lat, lon) {
        (None, None) => Ok(None),
        (Some(_), None) => Err(("longitude".into(), "missing while latitude is given".into())),
        (None, Some(_)) => Err(("latitude".into(), "missing while longitude is given".into())),
        (Some(la), Some(lo)) => {
            let (lat, lon) = (number(la, "latitude")?, number(lo, "longitude")?);
            check_lat_lon(lat, lon)?;
            Ok(Some((lat, lon)))
        }
    }
}

/// Refuses a position outside the globe as `(field, message)`: every reader skips and lists such a record
/// rather than keeping it without its place.
///
/// # Errors
/// Names the coordinate out of range (and says when the two look swapped).
pub fn check_lat_lon(lat: f64, lon: f64) -> Result<(), (String, String)> {
    // 1e308 is a number too: show it as one, not as 309 digits.
    let shown = |v: f64| if v.abs() < 1e7 { v.to_string() } else { format!("{v:e}") };
    if !(-90.0..=90.0).contains(&lat) {
        let hint = if (-90.0..=90.0).contains(&lon) { " (latitude and longitude look swapped)" } else { "" };
        return Err(("latitude".into(), format!("{} is out of range (-90 to 90){hint}", shown(lat))));
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err(("longitude".into(), format!("{} is out of range (-180 to 180)", shown(lon))));
    }
    Ok(())
}

/// Whether a date starts after `now` (a warning on import: a typo or a planned event).
#[must_use]
pub fn in_future(date: &EdtfDate, now: i64) -> bool {
    date.interval().start > now
}
