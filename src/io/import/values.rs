//! Values as other tools write them: counts as `12` or `12.0`, coordinates with a decimal point or comma.
//! (Dates have their own module, [`super::dates`].)

use crate::model::EdtfDate;

/// Whether a number's field says it has no value: empty, or written as R, pandas, SQL and spreadsheets
/// write a missing value (`NA`, `N/A`, `NaN`, `null`, `None`, `-`, `unknown`).
#[must_use]
pub fn missing(text: &str) -> bool {
    let t = text.trim();
    t.is_empty()
        || ["na", "n/a", "nan", "null", "none", "-", "unknown"].iter().any(|m| t.eq_ignore_ascii_case(m))
}

/// A count: `12`, `12.0`, ` 3 `; empty or a missing-value marker (`NA`) is unknown (`None`); negative or
/// fractional is an error.
///
/// # Errors
/// Text that is not a whole, non-negative number.
pub fn parse_count(text: Option<&str>) -> Result<Option<u32>, String> {
    let Some(t) = text.map(str::trim).filter(|t| !missing(t)) else { return Ok(None) };
    let value: f64 = t.parse().map_err(|_| format!("{t:?} is not a number"))?;
    if value < 0.0 || value.fract() != 0.0 || value > f64::from(u32::MAX) {
        return Err(format!("{t:?} is not a whole count"));
    }
    Ok(Some(value as u32))
}

/// A latitude and longitude pair from text; both empty (or `NA`) is no place. Out-of-range values are errors,
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
    let (lat, lon) = (lat.filter(|t| !missing(t)), lon.filter(|t| !missing(t)));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_value_markers_are_no_value_not_an_error() {
        // R's write.csv writes NA, pandas NaN, SQL exports NULL.
        assert_eq!(parse_lat_lon(Some("NA"), Some("NA")), Ok(None));
        assert_eq!(parse_lat_lon(Some("NaN"), Some(" null ")), Ok(None));
        assert_eq!(parse_count(Some("NA")), Ok(None));
        assert_eq!(parse_count(Some("Unknown")), Ok(None));
        assert_eq!(parse_count(Some("3.0")), Ok(Some(3)));
        assert!(parse_lat_lon(Some("12.5"), Some("NA")).is_err(), "one coordinate without the other");
        assert!(parse_count(Some("many")).is_err());
    }
}
