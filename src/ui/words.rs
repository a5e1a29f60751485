//! Short wordings shared by the views: dates and counts for people.

use crate::io::csv::utc_text;
use crate::model::UnixSeconds;

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
