//! Short wordings shared by the views: dates and counts for people.

use crate::model::UnixSeconds;
use crate::model::utc_text;

/// `2024-03-22` for a UTC time.
#[must_use]
pub fn day_text(t: UnixSeconds) -> String {
    utc_text(t).get(..10).unwrap_or_default().to_owned()
}

/// A window in words: `2015-01-01 – 2024-04-03` (the end shown inclusive).
#[must_use]
pub fn window_text(start: UnixSeconds, end: UnixSeconds) -> String {
    format!("{} – {}", day_text(start), day_text(end - 1))
}

/// The longest round distance (1, 2 or 5 times a power of ten, in metres) not over `max_metres`, and its
/// label, for a scale bar.
///
/// ```
/// use incident_atlas::ui::scale_length;
/// assert_eq!(scale_length(730_000.0), (500_000.0, "500 km".to_owned()));
/// assert_eq!(scale_length(260.0), (200.0, "200 m".to_owned()));
/// ```
#[must_use]
pub fn scale_length(max_metres: f64) -> (f64, String) {
    let magnitude = 10f64.powf(max_metres.log10().floor());
    let nice =
        [5.0, 2.0, 1.0].into_iter().map(|f| f * magnitude).find(|&m| m <= max_metres).unwrap_or(magnitude);
    let label = if nice >= 1000.0 { format!("{} km", nice / 1000.0) } else { format!("{nice} m") };
    (nice, label)
}

/// `140 killed, 3 injured`, or `casualties unknown`.
#[must_use]
pub fn casualty_text(killed: Option<u32>, injured: Option<u32>) -> String {
    match (killed, injured) {
        (None, None) => "casualties unknown".to_owned(),
        (k, i) => {
            let part =
                |n: Option<u32>, what: &str| n.map_or(format!("{what} unknown"), |n| format!("{n} {what}"));
            format!("{}, {}", part(k, "killed"), part(i, "injured"))
        }
    }
}

const MONTH_NAMES: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

fn month_number(word: &str) -> Option<usize> {
    let lower = word.to_ascii_lowercase();
    (lower.len() >= 3).then(|| MONTH_NAMES.iter().position(|m| lower.starts_with(m)).map(|k| k + 1)).flatten()
}

/// A date typed to jump to: EDTF (`2024-03-22`, `2024-03`, `2015`) or words (`March 2024`,
/// `22 March 2024`, `March 22, 2024`).
///
/// ```
/// use incident_atlas::ui::parse_date_for_jump;
/// assert_eq!(parse_date_for_jump("March 2024").unwrap().as_str(), "2024-03");
/// assert_eq!(parse_date_for_jump(" 22 Mar 2024 ").unwrap().as_str(), "2024-03-22");
/// assert_eq!(parse_date_for_jump("2015").unwrap().as_str(), "2015");
/// assert!(parse_date_for_jump("soon").is_none());
/// ```
#[must_use]
pub fn parse_date_for_jump(text: &str) -> Option<crate::model::EdtfDate> {
    use crate::model::EdtfDate;
    let t = text.trim();
    if let Ok(d) = EdtfDate::parse(t) {
        return Some(d);
    }
    let words: Vec<&str> =
        t.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    let number = |w: &str| w.parse::<u32>().ok();
    let edtf = match words.as_slice() {
        [m, y] => format!("{:04}-{:02}", number(y)?, month_number(m)?),
        [d, m, y] if month_number(m).is_some() => {
            format!("{:04}-{:02}-{:02}", number(y)?, month_number(m)?, number(d)?)
        }
        [m, d, y] => format!("{:04}-{:02}-{:02}", number(y)?, month_number(m)?, number(d)?),
        _ => return None,
    };
    EdtfDate::parse(&edtf).ok()
}

/// A time window as a presenter would say it: `2015`, `2015 – 2017`, `March 2024`,
/// `March – May 2024`, `22 March 2024`, or `1 March – 15 April 2024` (the end shown inclusive).
///
/// ```
/// use incident_atlas::ui::window_words;
/// let t = |s: &str| s.parse::<jiff::Timestamp>().unwrap().as_second();
/// assert_eq!(window_words(t("2015-01-01T00:00:00Z"), t("2018-01-01T00:00:00Z")), "2015 – 2017");
/// assert_eq!(window_words(t("2024-03-01T00:00:00Z"), t("2024-04-01T00:00:00Z")), "March 2024");
/// assert_eq!(window_words(t("2023-11-01T00:00:00Z"), t("2024-02-01T00:00:00Z")), "November 2023 – January 2024");
/// assert_eq!(window_words(t("2024-03-22T00:00:00Z"), t("2024-03-23T00:00:00Z")), "22 March 2024");
/// assert_eq!(window_words(t("2024-03-05T00:00:00Z"), t("2024-04-16T00:00:00Z")), "5 March – 15 April 2024");
/// ```
#[must_use]
pub fn window_words(start: UnixSeconds, end: UnixSeconds) -> String {
    let civil = crate::model::utc_datetime;
    let (Some(a), Some(b)) = (civil(start), civil(end.saturating_sub(1))) else {
        return window_text(start, end);
    };
    let month = |m: i8| crate::model::MONTHS[usize::try_from(m - 1).unwrap_or(0).min(11)];
    let midnight = |z: &jiff::civil::DateTime| z.hour() == 0 && z.minute() == 0 && z.second() == 0;
    let Some(after) = civil(end) else { return window_text(start, end) };
    if !(midnight(&a) && midnight(&after)) {
        return window_text(start, end);
    }
    let whole_months = a.day() == 1 && after.day() == 1;
    let whole_years = whole_months && a.month() == 1 && after.month() == 1;
    if whole_years {
        return if a.year() == b.year() {
            a.year().to_string()
        } else {
            format!("{} – {}", a.year(), b.year())
        };
    }
    if whole_months {
        return match (a.year() == b.year(), a.month() == b.month()) {
            (true, true) => format!("{} {}", month(a.month()), a.year()),
            (true, false) => format!("{} – {} {}", month(a.month()), month(b.month()), a.year()),
            (false, _) => format!("{} {} – {} {}", month(a.month()), a.year(), month(b.month()), b.year()),
        };
    }
    if a.date() == b.date() {
        return format!("{} {} {}", a.day(), month(a.month()), a.year());
    }
    if a.year() == b.year() {
        format!("{} {} – {} {} {}", a.day(), month(a.month()), b.day(), month(b.month()), a.year())
    } else {
        format!(
            "{} {} {} – {} {} {}",
            a.day(),
            month(a.month()),
            a.year(),
            b.day(),
            month(b.month()),
            b.year()
        )
    }
}

/// A text cut to at most `chars` characters, with "…" where it was cut (for menus naming an incident).
///
/// ```
/// use incident_atlas::ui::shortened;
/// assert_eq!(shortened("Raid in Kaluga", 20), "Raid in Kaluga");
/// assert_eq!(shortened("Gunmen attack Crocus City Hall", 12), "Gunmen atta…");
/// ```
#[must_use]
pub fn shortened(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_owned();
    }
    let kept: String = text.chars().take(chars.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}
