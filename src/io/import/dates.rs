//! Dates as other tools write them, read at the precision the file gives: ISO 8601 and EDTF (seconds
//! and zones kept), `YYYYMMDD` and `YYYYMM`, GDELT's `YYYYMMDDHHMMSS`, epoch seconds and milliseconds,
//! numeric day/month orders decided once per column, and month names in English, French, Spanish,
//! Russian and Arabic.

use crate::model::EdtfDate;

/// How dates in a column are written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum DateFormat {
    /// Worked out from the values: ISO 8601 / EDTF, `31 January 2023`, numeric dates in the order the
    /// column's values show, epoch seconds or milliseconds.
    #[default]
    Auto,
    /// Numeric dates are day first (`31/01/2023`).
    DayFirst,
    /// Numeric dates are month first (`01/31/2023`).
    MonthFirst,
    /// A `strftime` pattern, e.g. `%d/%m/%Y` or `%m/%d/%Y %H:%M`.
    Pattern(String),
}

impl DateFormat {
    /// Reads a `--date-format` value: `day-first` (or `dmy`), `month-first` (or `mdy`), `auto`, or a
    /// `strftime` pattern.
    ///
    /// ```
    /// use incident_atlas::io::import::dates::DateFormat;
    /// assert_eq!(DateFormat::from_flag("mdy"), DateFormat::MonthFirst);
    /// assert_eq!(DateFormat::from_flag("%d.%m.%Y"), DateFormat::Pattern("%d.%m.%Y".into()));
    /// ```
    #[must_use]
    pub fn from_flag(text: &str) -> Self {
        match text.trim().to_ascii_lowercase().as_str() {
            "" | "auto" => Self::Auto,
            "day-first" | "dayfirst" | "dmy" | "dd/mm/yyyy" => Self::DayFirst,
            "month-first" | "monthfirst" | "mdy" | "mm/dd/yyyy" => Self::MonthFirst,
            _ => Self::Pattern(text.trim().to_owned()),
        }
    }

    /// The format in words, for the import report.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::Auto => "as written".into(),
            Self::DayFirst => "day first (dd/mm/yyyy)".into(),
            Self::MonthFirst => "month first (mm/dd/yyyy)".into(),
            Self::Pattern(p) => format!("the pattern {p}"),
        }
    }
}

/// The years a date may have without a complaint.
const SANE_YEARS: std::ops::RangeInclusive<i32> = 1..=2100;

/// Parses a date as [`DateFormat`] says, at the precision written: a time keeps its seconds and its zone
/// (a fraction of a second is dropped), `20160731` is a day, `2016-07` a month.
///
/// ```
/// use incident_atlas::io::import::dates::{DateFormat, parse_date};
/// let auto = DateFormat::Auto;
/// let text = |t: &str| parse_date(t, &auto).unwrap().as_str().to_owned();
/// assert_eq!(text("2023-01-31"), "2023-01-31");
/// assert_eq!(text("31 January 2023"), "2023-01-31");
/// assert_eq!(text("31-01-2023"), "2023-01-31");
/// assert_eq!(text("20160731"), "2016-07-31");
/// assert_eq!(text("1700000000000"), "2023-11-14T22:13:20Z");
/// assert_eq!(text("2016-01-26T01:13:30.000Z"), "2016-01-26T01:13:30Z");
/// assert_eq!(text("2024-03-22 19:58:30+03:00"), "2024-03-22T19:58:30+03:00");
/// assert_eq!(text("23 février 2024"), "2024-02-23");
/// assert_eq!(text("22 марта 2024 г."), "2024-03-22");
/// assert_eq!(parse_date("03/04/2024", &DateFormat::MonthFirst).unwrap().as_str(), "2024-03-04");
/// assert_eq!(parse_date("03/04/2024", &DateFormat::Pattern("%m/%d/%Y".into())).unwrap().as_str(), "2024-03-04");
/// assert!(parse_date("0000-01-01", &auto).is_err());
/// ```
///
/// # Errors
/// What the text is not, in words.
pub fn parse_date(text: &str, format: &DateFormat) -> Result<EdtfDate, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("empty".into());
    }
    let date = match format {
        DateFormat::Pattern(pattern) => from_pattern(t, pattern)?,
        DateFormat::Auto => auto(t, None)?,
        DateFormat::DayFirst => auto(t, Some(Order::DayFirst))?,
        DateFormat::MonthFirst => auto(t, Some(Order::MonthFirst))?,
    };
    let start = date.interval().start;
    let year = crate::model::utc_datetime(start).map_or(0, |d| i32::from(d.year()));
    if !SANE_YEARS.contains(&year) {
        return Err(format!("year {year} in {t:?} is out of range (1–2100)"));
    }
    Ok(date)
}

/// The order of day and month in a numeric date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Order {
    /// `31/01/2023`.
    DayFirst,
    /// `01/31/2023`.
    MonthFirst,
}

fn auto(t: &str, order: Option<Order>) -> Result<EdtfDate, String> {
    if let Ok(d) = EdtfDate::parse(t) {
        return Ok(d);
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return digits_only(t);
    }
    if let Some(d) = iso_like(t).or_else(|| year_first(t)) {
        return d;
    }
    if let Some(numeric) = NumericDate::read(t) {
        return numeric.resolve(order.unwrap_or(numeric.order_shown().unwrap_or(Order::DayFirst)));
    }
    if let Some(d) = with_month_name(t) {
        return d;
    }
    Err(format!(
        "{t:?} is not a date this program knows (ISO 8601, 31 January 2023, 31/01/2023, 20230131, epoch seconds)"
    ))
}

/// A date of digits only: `2024` (EDTF, read before), `202403`, `20240322`, `20240322195830`, or epoch
/// seconds (9–10 digits) and milliseconds (12–13).
fn digits_only(t: &str) -> Result<EdtfDate, String> {
    let n = |range: std::ops::Range<usize>| t.get(range).and_then(|s| s.parse::<u32>().ok()).unwrap_or(0);
    match t.len() {
        6 if (1000..=2100).contains(&n(0..4)) => edtf(&format!("{}-{}", &t[..4], &t[4..6])),
        8 if (1000..=2100).contains(&n(0..4)) => edtf(&format!("{}-{}-{}", &t[..4], &t[4..6], &t[6..8])),
        14 => edtf(&format!(
            "{}-{}-{}T{}:{}:{}Z",
            &t[..4],
            &t[4..6],
            &t[6..8],
            &t[8..10],
            &t[10..12],
            &t[12..14]
        )),
        9 | 10 | 12 | 13 => {
            let n: i64 = t.parse().map_err(|_| format!("{t:?} is not a date"))?;
            from_timestamp(if t.len() >= 12 { n.div_euclid(1000) } else { n })
        }
        _ => Err(format!("{t:?} is a number, not a date (expected YYYYMMDD, YYYYMM or epoch seconds)")),
    }
}

/// ISO 8601 that EDTF does not take as written: a space for the `T`, a fraction of a second, `+0300`.
fn iso_like(t: &str) -> Option<Result<EdtfDate, String>> {
    let bytes = t.as_bytes();
    let iso_date = bytes.len() >= 16
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && matches!(bytes[10], b'T' | b't' | b' ');
    if !iso_date {
        return None;
    }
    let (date, rest) = t.split_at(10);
    let rest = &rest[1..];
    // The clock runs to the first zone sign or Z; a fraction of a second is cut.
    let clock_end = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (clock, zone) = rest.split_at(clock_end);
    let clock = clock.split(['.', ',']).next().unwrap_or(clock).trim();
    // `0:30:00`, as spreadsheets write an hour before ten: two digits each.
    let clock: Vec<String> = clock.split(':').map(|part| format!("{part:0>2}")).collect();
    let clock = clock.join(":");
    let zone = match zone.trim() {
        "" => String::new(),
        "z" | "Z" => "Z".into(),
        // `+0300`: five ASCII bytes, cut between the hours and the minutes (anything else is left to EDTF,
        // which refuses it, never sliced inside a character).
        z if z.len() == 5 && z.is_ascii() && !z.contains(':') => format!("{}:{}", &z[..3], &z[3..]),
        z => z.to_owned(),
    };
    Some(edtf(&format!("{date}T{clock}{zone}")))
}

/// `2024/03/22` or `2024.03.22`: year, month and day (ISO's order with other separators).
fn year_first(t: &str) -> Option<Result<EdtfDate, String>> {
    let parts: Vec<&str> = t.split(['/', '.']).collect();
    let [y, m, d] = parts.as_slice() else { return None };
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    (digits(y, 4..=4) && digits(m, 1..=2) && digits(d, 1..=2)).then(|| edtf(&format!("{y}-{m:0>2}-{d:0>2}")))
}

/// A numeric date with separators, as read before the order of day and month is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumericDate {
    first: u32,
    second: u32,
    year: i32,
    /// Hour, minute and second when a time follows.
    time: Option<(u32, u32, Option<u32>)>,
}

impl NumericDate {
    /// `31/01/2023`, `1-31-23`, `31.01.2023 19:58`, `3/22/2024 7:58:00 PM`; the year last, of four digits
    /// or two (`69`–`99` are 1900s, `00`–`68` 2000s, as POSIX reads them). Year-first dates are ISO's.
    #[must_use]
    pub fn read(t: &str) -> Option<Self> {
        let (date, time) = match t.split_once([' ', 'T']) {
            Some((d, rest)) => (d, Some(rest.trim())),
            None => (t, None),
        };
        let parts: Vec<&str> = date.split(['/', '-', '.']).collect();
        let [first_text, second_text, year_text] = parts.as_slice() else { return None };
        let number = |text: &str| {
            (!text.is_empty() && text.len() <= 4 && text.bytes().all(|d| d.is_ascii_digit()))
                .then(|| text.parse::<u32>().ok())
                .flatten()
        };
        if first_text.len() > 2 || second_text.len() > 2 {
            return None;
        }
        let (first, second) = (number(first_text)?, number(second_text)?);
        let year = match (year_text.len(), number(year_text)?) {
            (4, y) => i32::try_from(y).ok()?,
            (2, y) if y >= 69 => 1900 + i32::try_from(y).ok()?,
            (2, y) => 2000 + i32::try_from(y).ok()?,
            _ => return None,
        };
        let time = match time {
            None | Some("") => None,
            Some(clock) => Some(clock_of(clock)?),
        };
        Some(Self { first, second, year, time })
    }

    /// The order the value itself shows: day first when its first number cannot be a month, month first
    /// when its second cannot; `None` when both read (`03/04/2024`) or neither.
    #[must_use]
    pub fn order_shown(&self) -> Option<Order> {
        match (self.first > 12, self.second > 12) {
            (true, false) => Some(Order::DayFirst),
            (false, true) => Some(Order::MonthFirst),
            _ => None,
        }
    }

    /// The date in `order`.
    ///
    /// # Errors
    /// When the value has no such day or month in that order.
    pub fn resolve(&self, order: Order) -> Result<EdtfDate, String> {
        let (day, month) = match order {
            Order::DayFirst => (self.first, self.second),
            Order::MonthFirst => (self.second, self.first),
        };
        if !(1..=12).contains(&month) {
            let reading = if order == Order::DayFirst { "day first" } else { "month first" };
            return Err(format!("month {month} out of range when read {reading}"));
        }
        let date = format!("{:04}-{month:02}-{day:02}", self.year);
        match self.time {
            None => edtf(&date),
            Some((h, m, None)) => edtf(&format!("{date}T{h:02}:{m:02}")),
            Some((h, m, Some(s))) => edtf(&format!("{date}T{h:02}:{m:02}:{s:02}")),
        }
    }
}

/// A time of day on its own, as a column beside a date column writes it (`16:20`, `7:00`, `19:58:30`,
/// `7:58 PM`), in ISO form (`16:20`, `07:00`, `19:58:30`); `None` for anything else.
///
/// ```
/// use incident_atlas::io::import::dates::time_of_day;
/// assert_eq!(time_of_day("7:00").as_deref(), Some("07:00"));
/// assert_eq!(time_of_day("7:58:30 pm").as_deref(), Some("19:58:30"));
/// assert_eq!(time_of_day("24:10"), None);
/// assert_eq!(time_of_day("2015-10-10"), None);
/// ```
#[must_use]
pub fn time_of_day(text: &str) -> Option<String> {
    let (hour, minute, second) = clock_of(text.trim())?;
    if hour > 23 || minute > 59 || second.is_some_and(|s| s > 59) {
        return None;
    }
    Some(match second {
        None => format!("{hour:02}:{minute:02}"),
        Some(s) => format!("{hour:02}:{minute:02}:{s:02}"),
    })
}

/// `19:58`, `19:58:30`, `7:58 PM`, `7:58:00 pm`.
fn clock_of(text: &str) -> Option<(u32, u32, Option<u32>)> {
    let lower = text.to_ascii_lowercase();
    let (clock, pm) = if let Some(c) = lower.strip_suffix("pm") {
        (c.trim().to_owned(), Some(true))
    } else if let Some(c) = lower.strip_suffix("am") {
        (c.trim().to_owned(), Some(false))
    } else {
        (lower.clone(), None)
    };
    let clock = clock.split(['.', ',']).next().unwrap_or_default().to_owned();
    let parts: Vec<u32> = clock.split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let (hour, minute, second) = match parts.as_slice() {
        [h, m] => (*h, *m, None),
        [h, m, s] => (*h, *m, Some(*s)),
        _ => return None,
    };
    let hour = match pm {
        Some(true) if hour < 12 => hour + 12,
        Some(false) if hour == 12 => 0,
        _ => hour,
    };
    Some((hour, minute, second))
}

/// Month names and their common short and inflected forms, lower case without accents, by month.
const MONTH_NAMES: [&[&str]; 12] = [
    &[
        "january",
        "jan",
        "janvier",
        "janv",
        "enero",
        "ene",
        "январь",
        "января",
        "янв",
        "يناير",
        "كانون الثاني",
    ],
    &[
        "february",
        "feb",
        "fevrier",
        "fevr",
        "fev",
        "febrero",
        "feb",
        "февраль",
        "февраля",
        "фев",
        "فبراير",
        "شباط",
    ],
    &["march", "mar", "mars", "marzo", "март", "марта", "мар", "مارس", "آذار"],
    &["april", "apr", "avril", "avr", "abril", "abr", "апрель", "апреля", "апр", "أبريل", "ابريل", "نيسان"],
    &["may", "mai", "mayo", "май", "мая", "مايو", "أيار"],
    &["june", "jun", "juin", "junio", "июнь", "июня", "июн", "يونيو", "حزيران"],
    &["july", "jul", "juillet", "juil", "julio", "июль", "июля", "июл", "يوليو", "تموز"],
    &["august", "aug", "aout", "agosto", "ago", "август", "августа", "авг", "أغسطس", "اغسطس", "آب"],
    &[
        "september",
        "sep",
        "sept",
        "septembre",
        "septiembre",
        "setiembre",
        "сентябрь",
        "сентября",
        "сен",
        "سبتمبر",
        "أيلول",
    ],
    &["october", "oct", "octobre", "octubre", "октябрь", "октября", "окт", "أكتوبر", "اكتوبر", "تشرين الأول"],
    &["november", "nov", "novembre", "noviembre", "ноябрь", "ноября", "ноя", "نوفمبر", "تشرين الثاني"],
    &["december", "dec", "decembre", "diciembre", "dic", "декабрь", "декабря", "дек", "ديسمبر", "كانون الأول"],
];

/// Words around a written date that carry nothing: Spanish `de`, French `le`, Russian `г.`/`года`.
const FILLER: [&str; 6] = ["de", "del", "le", "г", "года", "the"];

/// The month a word names (`février` → 2), accents and a trailing dot ignored.
#[must_use]
pub fn month_number(word: &str) -> Option<u32> {
    let folded: String = word
        .trim_end_matches('.')
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'é' | 'è' | 'ê' => 'e',
            'û' | 'ù' => 'u',
            'ô' => 'o',
            'à' | 'â' => 'a',
            other => other,
        })
        .collect();
    MONTH_NAMES
        .iter()
        .position(|names| names.contains(&folded.as_str()))
        .and_then(|k| u32::try_from(k + 1).ok())
}

/// `31 January 2023`, `January 31, 2023`, `Jan 2023`, `23 de febrero de 2024`, `1er mars 2024`,
/// `22 марта 2024 г.`, `22 مارس 2024`: a month name, a year of four digits, and a day when given.
fn with_month_name(t: &str) -> Option<Result<EdtfDate, String>> {
    // Eastern Arabic digits as ASCII ones; two-word Arabic (Levantine) month names kept as one word.
    let mut text: String = t
        .chars()
        .map(|c| match c {
            '\u{660}'..='\u{669}' => char::from(b'0' + (u32::from(c) - 0x660) as u8),
            other => other,
        })
        .collect();
    for names in MONTH_NAMES {
        for name in names.iter().filter(|n| n.contains(' ')) {
            text = text.replace(name, &name.replace(' ', "\u{a0}"));
        }
    }
    let words: Vec<String> = text
        .split([' ', ',', '/', '-'])
        .map(|w| w.replace('\u{a0}', " "))
        .filter(|w| !w.is_empty() && !FILLER.contains(&w.trim_end_matches('.').to_lowercase().as_str()))
        .collect();
    let mut month = None;
    let mut year = None;
    let mut day = None;
    for word in &words {
        let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
        let suffix = &word[digits.len()..];
        if digits.is_empty() {
            if month.is_some() {
                return None;
            }
            month = Some(month_number(word)?);
        } else if digits.len() == 4 && suffix.is_empty() && year.is_none() {
            year = digits.parse::<i32>().ok();
        } else if digits.len() <= 2
            && day.is_none()
            && ["", "st", "nd", "rd", "th", "er", "e", "o", "º", "."]
                .contains(&suffix.to_lowercase().as_str())
        {
            day = digits.parse::<u32>().ok();
        } else {
            return None;
        }
    }
    let (month, year) = (month?, year?);
    Some(match day {
        Some(day) => edtf(&format!("{year:04}-{month:02}-{day:02}")),
        None => edtf(&format!("{year:04}-{month:02}")),
    })
}

fn from_pattern(t: &str, pattern: &str) -> Result<EdtfDate, String> {
    let has_seconds = pattern.contains("%S") || pattern.contains("%T");
    let has_time = has_seconds || pattern.contains("%H") || pattern.contains("%M") || pattern.contains("%I");
    let mismatch = |e: jiff::Error| format!("{t:?} does not match the date format {pattern:?} ({e})");
    if has_time {
        let dt = jiff::civil::DateTime::strptime(pattern, t).map_err(mismatch)?;
        let (date, h, m) = (dt.date(), dt.hour(), dt.minute());
        let date = format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day());
        if has_seconds {
            edtf(&format!("{date}T{h:02}:{m:02}:{:02}", dt.second()))
        } else {
            edtf(&format!("{date}T{h:02}:{m:02}"))
        }
    } else {
        let d = jiff::civil::Date::strptime(pattern, t).map_err(mismatch)?;
        day_text(d)
    }
}

fn from_timestamp(seconds: i64) -> Result<EdtfDate, String> {
    let ts =
        jiff::Timestamp::from_second(seconds).map_err(|e| format!("time {seconds} is out of range ({e})"))?;
    let dt = jiff::tz::Offset::UTC.to_datetime(ts);
    edtf(&format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    ))
}

fn edtf(text: &str) -> Result<EdtfDate, String> {
    EdtfDate::parse(text).map_err(|e| e.to_string())
}

/// The EDTF date of a calendar day.
///
/// # Errors
/// For a year EDTF cannot hold.
pub fn day_text(d: jiff::civil::Date) -> Result<EdtfDate, String> {
    edtf(&format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
}

/// What a column's values say about the order of day and month in its numeric dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnOrder {
    /// No numeric dates with separators: nothing to decide.
    NotNumeric,
    /// Every value that shows an order shows this one (the count of values that show it, and one).
    Shown(Order, usize, String),
    /// Every numeric value reads both ways (`03/04/2024`): one example.
    Ambiguous(String),
    /// Some values are day first and others month first: how many of each, and one example of each.
    Mixed {
        /// Values that read only day first.
        day_first: (usize, String),
        /// Values that read only month first.
        month_first: (usize, String),
    },
}

impl ColumnOrder {
    /// Looks at the numeric dates among `values`.
    ///
    /// ```
    /// use incident_atlas::io::import::dates::{ColumnOrder, Order};
    /// let order = ColumnOrder::of(["03/04/2024", "12/25/2023", "01/02/2024"]);
    /// assert_eq!(order, ColumnOrder::Shown(Order::MonthFirst, 1, "12/25/2023".into()));
    /// assert_eq!(ColumnOrder::of(["03/04/2024"]), ColumnOrder::Ambiguous("03/04/2024".into()));
    /// ```
    pub fn of<'a>(values: impl IntoIterator<Item = &'a str>) -> Self {
        let mut day_first: Option<(usize, String)> = None;
        let mut month_first: Option<(usize, String)> = None;
        let mut ambiguous = None;
        for value in values {
            let Some(numeric) = NumericDate::read(value.trim()) else { continue };
            let slot = match numeric.order_shown() {
                Some(Order::DayFirst) => &mut day_first,
                Some(Order::MonthFirst) => &mut month_first,
                None => {
                    ambiguous.get_or_insert_with(|| value.trim().to_owned());
                    continue;
                }
            };
            slot.get_or_insert_with(|| (0, value.trim().to_owned())).0 += 1;
        }
        match (day_first, month_first, ambiguous) {
            (Some(day_first), Some(month_first), _) => Self::Mixed { day_first, month_first },
            (Some((n, d)), None, _) => Self::Shown(Order::DayFirst, n, d),
            (None, Some((n, m)), _) => Self::Shown(Order::MonthFirst, n, m),
            (None, None, Some(a)) => Self::Ambiguous(a),
            (None, None, None) => Self::NotNumeric,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zone_of_odd_characters_is_an_error_not_a_panic() {
        // Found by fuzzing the CSV importer: a five-byte zone with a two-byte character was sliced inside it.
        assert!(parse_date("2022-01-05T14:00-2Í6", &DateFormat::Auto).is_err());
        // An hour before ten without its leading zero, as the LA Times' street-racing table writes it.
        assert_eq!(
            parse_date("2000-11-18 0:30:00", &DateFormat::Auto).map(|d| d.as_str().to_owned()),
            Ok("2000-11-18T00:30:00".to_owned())
        );
        assert_eq!(
            parse_date("2022-01-05 14:00:10+0300", &DateFormat::Auto).map(|d| d.as_str().to_owned()),
            Ok("2022-01-05T14:00:10+03:00".to_owned())
        );
    }
}
