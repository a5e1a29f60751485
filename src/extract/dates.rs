//! Date expressions in article sentences, read in order so that "the same day", "less than a week later"
//! and a day without a year ("on March 7") take their meaning from what came before.

use crate::io::import::dates::{DateFormat, day_text, parse_date};
use crate::model::{EdtfDate, MONTHS};

/// A date found in a sentence: the date (with its precision) and the words that gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct DateFound {
    /// The date, as precise as the words.
    pub date: EdtfDate,
    /// The exact words in the sentence.
    pub words: String,
}

/// What earlier sentences established: the publication date, the last date found, the last year named.
#[derive(Debug, Clone)]
pub struct Context {
    published: Option<jiff::civil::Date>,
    last: Option<(EdtfDate, jiff::civil::Date)>,
    year: Option<i16>,
}

impl Context {
    /// A context for an article published on `published`.
    #[must_use]
    pub fn new(published: Option<&EdtfDate>) -> Self {
        let published = published.and_then(|d| civil(d.interval().start));
        Self { published, last: None, year: published.map(jiff::civil::Date::year) }
    }
}

fn civil(t: i64) -> Option<jiff::civil::Date> {
    crate::model::utc_datetime(t).map(jiff::civil::DateTime::date)
}

fn month_of(word: &str) -> Option<i8> {
    let w = word.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            let m = m.to_lowercase();
            w == m
                || (w.len() == 3 && m.starts_with(&w))
                || (w.len() == 4 && w.ends_with('.') && m.starts_with(&w[..3]))
        })
        .and_then(|k| i8::try_from(k + 1).ok())
}

fn number(word: &str) -> Option<i32> {
    let w = word.trim_matches(|c: char| !c.is_ascii_digit());
    if w.is_empty()
        || w.len() > 4
        || !word
            .trim_matches(|c: char| !c.is_alphanumeric())
            .chars()
            .all(|c| c.is_ascii_digit() || "stndrh".contains(c))
    {
        return None;
    }
    w.parse().ok()
}

/// The publication date at the top of an article: "Wednesday, April 3, 2024", "3 April 2024",
/// "Published: 2024-04-03".
#[must_use]
pub fn publication_date(line: &str) -> Option<EdtfDate> {
    let mut text = line.trim();
    for prefix in ["Published:", "Published", "Updated:", "Date:", "Posted:", "Posted on"] {
        text = text.strip_prefix(prefix).unwrap_or(text).trim();
    }
    // A leading weekday.
    if let Some((first, rest)) = text.split_once(',')
        && ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
            .contains(&first.trim().to_lowercase().as_str())
    {
        text = rest.trim();
    }
    if text.split_whitespace().count() > 4 {
        return None;
    }
    parse_date(text, &DateFormat::Auto).ok().filter(|d| d.as_str().len() >= 10)
}

/// The date expression of a sentence's main clause — the first one, unless the sentence opens with a
/// clause of what came before ("After the caliphate's founding in 2014, …, the group did X in 2015": the
/// first date after that clause) — updating the context.
pub fn find_date(sentence: &str, context: &mut Context) -> Option<DateFound> {
    let first = explicit(sentence, context);
    let lower = sentence.to_lowercase();
    let opening_clause = ["after ", "following "].iter().any(|w| lower.starts_with(w));
    let main_clause = first.as_ref().filter(|_| opening_clause).and_then(|f| {
        let after_first = sentence.find(&f.words)? + f.words.len();
        let comma = after_first + sentence[after_first..].find(", ")?;
        explicit(&sentence[comma + 2..], context)
    });
    let found = main_clause.or(first).or_else(|| relative(sentence, context))?;
    if let Some(start) = civil(found.date.interval().start) {
        context.last = Some((found.date.clone(), start));
        context.year = Some(start.year());
    }
    Some(found)
}

/// The earliest in the sentence of: day, month and year; month and year; month and day (year from
/// context); a year alone.
fn explicit(sentence: &str, context: &Context) -> Option<DateFound> {
    let with_month = with_month(sentence, context);
    let year = year_alone(sentence);
    match (with_month, year) {
        (Some(a), Some(b)) => Some(if sentence.find(&b.words) < sentence.find(&a.words) { b } else { a }),
        (a, b) => a.or(b),
    }
}

fn with_month(sentence: &str, context: &Context) -> Option<DateFound> {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let phrase = |from: usize, to: usize| -> String {
        words[from..=to].join(" ").trim_end_matches([',', '.', ';', ':', ')']).to_owned()
    };
    let calendar_day = |y: i32, m: i8, d: i32| {
        let day = jiff::civil::Date::new(i16::try_from(y).ok()?, m, i8::try_from(d).ok()?).ok()?;
        day_text(day).ok()
    };
    for k in 0..words.len() {
        let Some(m) = month_of(words[k]) else { continue };
        let next = words.get(k + 1).and_then(|w| number(w));
        let after = words.get(k + 2).and_then(|w| number(w));
        let before = k.checked_sub(1).and_then(|j| number(words[j]));
        // "March 22, 2024" / "22 March 2024".
        if let (Some(d @ 1..=31), Some(y @ 1000..=2100)) = (next, after)
            && let Some(date) = calendar_day(y, m, d)
        {
            return Some(DateFound { date, words: phrase(k, k + 2) });
        }
        if let (Some(d @ 1..=31), Some(y @ 1000..=2100)) = (before, next)
            && let Some(date) = calendar_day(y, m, d)
        {
            return Some(DateFound { date, words: phrase(k - 1, k + 1) });
        }
        // "April 2023".
        if let Some(y @ 1000..=2100) = next
            && let Ok(date) = EdtfDate::parse(&format!("{y:04}-{m:02}"))
        {
            return Some(DateFound { date, words: phrase(k, k + 1) });
        }
        // "March 22" / "22 March": the year from context, and not after the publication.
        let day = next
            .filter(|d| (1..=31).contains(d))
            .map(|d| (d, k, k + 1))
            .or_else(|| before.filter(|d| (1..=31).contains(d)).map(|d| (d, k - 1, k)));
        if let (Some((d, from, to)), Some(year)) = (day, context.year) {
            let mut y = i32::from(year);
            if let Some(p) = context.published
                && jiff::civil::Date::new(p.year(), m, i8::try_from(d).unwrap_or(1)).is_ok_and(|c| c > p)
                && y == i32::from(p.year())
            {
                y -= 1;
            }
            if let Some(date) = calendar_day(y, m, d) {
                return Some(DateFound { date, words: phrase(from, to) });
            }
        }
    }
    None
}

/// "in 2019", "since 2014" — a plausible year alone.
fn year_alone(sentence: &str) -> Option<DateFound> {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let phrase = |from: usize, to: usize| -> String {
        words[from..=to].join(" ").trim_end_matches([',', '.', ';', ':', ')']).to_owned()
    };
    for (k, w) in words.iter().enumerate() {
        let bare = w.trim_matches(|c: char| !c.is_ascii_digit());
        if bare.len() == 4
            && w.trim_matches(|c: char| !c.is_alphanumeric()) == bare
            && let Ok(y @ 1900..=2100) = bare.parse::<i32>()
            && let Ok(date) = EdtfDate::parse(&format!("{y:04}"))
        {
            return Some(DateFound { date, words: phrase(k.saturating_sub(1), k) });
        }
    }
    None
}

/// "the same day", "a day later", "less than a week later", "weeks later", "that same month", "that same
/// year", "the following year", "last year", "this year".
fn relative(sentence: &str, context: &Context) -> Option<DateFound> {
    let lower = sentence.to_lowercase();
    let find = |phrase: &str| lower.find(phrase).map(|at| sentence[at..at + phrase.len()].to_owned());
    if let Some((last, day)) = &context.last {
        if let Some(words) = find("the same day") {
            return Some(DateFound { date: last.clone(), words });
        }
        let shifted = |from: i64, to: i64| -> Option<EdtfDate> {
            let a = day.checked_add(jiff::Span::new().days(from)).ok()?;
            let b = day.checked_add(jiff::Span::new().days(to)).ok()?;
            EdtfDate::parse(&format!("{a}/{b}")).ok()
        };
        for (phrase, from, to) in [
            ("the next day", 1, 1),
            ("a day later", 1, 1),
            ("days later", 2, 6),
            ("less than a week later", 1, 6),
            ("a week later", 6, 8),
            ("weeks later", 14, 42),
        ] {
            if let Some(words) = find(phrase) {
                let date = if from == to {
                    day_text(day.checked_add(jiff::Span::new().days(from)).ok()?).ok()?
                } else {
                    shifted(from, to)?
                };
                return Some(DateFound { date, words });
            }
        }
        // "That same month" / "that same year" / "the following year": the month or year of the last date.
        if last.precision() >= crate::model::DatePrecision::Month {
            for phrase in ["that same month", "the same month", "later that month", "that month"] {
                if let Some(words) = find(phrase) {
                    let date = EdtfDate::parse(&format!("{:04}-{:02}", day.year(), day.month())).ok()?;
                    return Some(DateFound { date, words });
                }
            }
        }
        for (phrase, ahead) in [
            ("that same year", 0),
            ("the same year", 0),
            ("later that year", 0),
            ("earlier that year", 0),
            ("that year", 0),
            ("the following year", 1),
            ("the next year", 1),
            ("a year later", 1),
        ] {
            if let Some(words) = find(phrase) {
                let date = EdtfDate::parse(&format!("{:04}", day.year() + ahead)).ok()?;
                return Some(DateFound { date, words });
            }
        }
    }
    let published = context.published?;
    for (phrase, back) in [("last year", 1), ("this year", 0), ("earlier this year", 0)] {
        if let Some(words) = find(phrase) {
            let date = EdtfDate::parse(&format!("{:04}", published.year() - back)).ok()?;
            return Some(DateFound { date, words });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> Context {
        Context::new(Some(&EdtfDate::parse("2024-04-03").expect("date")))
    }

    #[test]
    fn explicit_and_relative_dates_in_order() {
        let mut c = context();
        let on = |s: &str, c: &mut Context| find_date(s, c).map(|f| (f.date.as_str().to_owned(), f.words));
        assert_eq!(
            on("On 22 March 2024, gunmen attacked.", &mut c),
            Some(("2024-03-22".into(), "22 March 2024".into()))
        );
        assert_eq!(
            on("In April 2023 a cell was caught.", &mut c),
            Some(("2023-04".into(), "April 2023".into()))
        );
        assert_eq!(on("The plot dates from 2019.", &mut c), Some(("2019".into(), "from 2019".into())));
        let mut c = context();
        assert_eq!(
            on("On March 3, a standoff began.", &mut c),
            Some(("2024-03-03".into(), "March 3".into()))
        );
        assert_eq!(
            on("Less than a week later, the FSB struck.", &mut c),
            Some(("2024-03-04/2024-03-09".into(), "Less than a week later".into()))
        );
        assert_eq!(
            on("The same day, a warning came.", &mut c).map(|d| d.0),
            Some("2024-03-04/2024-03-09".into())
        );
        assert_eq!(
            on("That same year a fighter killed a police officer.", &mut c),
            Some(("2024".into(), "That same year".into()))
        );
        assert_eq!(on("The following year it grew.", &mut c).map(|d| d.0), Some("2025".into()));
        on("In April 2023 a cell was caught.", &mut c);
        assert_eq!(on("Later that month, two more.", &mut c).map(|d| d.0), Some("2023-04".into()));
        assert_eq!(on("It began last year.", &mut context()).map(|d| d.0), Some("2023".into()));
        assert_eq!(
            on(
                "After the caliphate was declared in 2014, and Russia went into Syria in 2015, it spoke.",
                &mut c
            ),
            Some(("2015".into(), "in 2015".into())),
            "the main clause's date"
        );
        assert_eq!(on("Nothing here at all.", &mut context()), None);
        assert_eq!(
            publication_date("Wednesday, April 3, 2024").map(|d| d.as_str().to_owned()),
            Some("2024-04-03".into())
        );
        assert_eq!(publication_date("IS vs Russia"), None);
    }
}
