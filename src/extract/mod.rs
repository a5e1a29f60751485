//! The article assistant: proposes draft incidents from a news article. It finds the article's
//! publication date, then each sentence that carries a date expression ("On 22 March 2024", "In April
//! 2023", "in 2019", "on March 7", "the same day", "less than a week later", "that same year", "last year")
//! and names a place the gazetteer knows (or tells of something done and takes the missing one from just
//! before), and drafts an incident: title from the sentence, date with its precision, the place
//! geocoded offline, casualties where stated, and a short exact phrase of the sentence as the source quote.
//! Drafts are proposals for an analyst to accept, edit or discard. No UI, no network.

mod dates;
mod text;

use serde_json::Value;

use crate::geocode::{Hint, MatchQuality, lookup};
use crate::model::{EdtfDate, Geometry, Incident, LocationPrecision, Position, Source};
pub use dates::{DateFound, find_date};
pub use text::sentences;

/// A proposed incident and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// The incident as proposed.
    pub incident: Incident,
    /// The sentence it was drafted from.
    pub sentence: String,
    /// The date expression that gave the date: in the sentence, or the last one before it (the notes say
    /// which).
    pub date_words: String,
    /// The place name that gave the place: in the sentence, or in the sentence before (the notes say which).
    pub place_words: Option<String>,
}

/// The article: its title, publisher and publication date, for the drafts' source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Article {
    /// Who published it.
    pub publisher: String,
    /// Its title.
    pub title: String,
    /// Its publication date (EDTF), found or given.
    pub published: Option<String>,
}

/// Words that start sentences or name things and are never places here, even when a town or region
/// shares the name.
const NOT_PLACES: [&str; 52] = [
    "the",
    "a",
    "an",
    "after",
    "before",
    "since",
    "during",
    "in",
    "on",
    "at",
    "for",
    "and",
    "but",
    "this",
    "that",
    "these",
    "those",
    "islamic",
    "state",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "january",
    "february",
    "september",
    "october",
    "november",
    "december",
    "less",
    "weeks",
    "days",
    "video",
    "media",
    "security",
    "russian",
    "american",
    "soviet",
    "city",
    "north",
    "south",
    "east",
    "west",
    "central",
    "northern",
    "southern",
    "eastern",
    "western",
    "capital",
    "six",
];

/// Words after which a place name usually follows.
const LOCATIVES: [&str; 6] = ["in", "at", "near", "outside", "of", "across"];

/// Proposes drafts from an article's text. `published` overrides the date found at the top of the text.
#[must_use]
pub fn extract(text: &str, published: Option<&EdtfDate>, publisher: &str) -> (Article, Vec<Draft>) {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let found_date = lines.iter().take(12).find_map(|l| dates::publication_date(l));
    let published = published.cloned().or(found_date);
    // The title: an early line in title case ("Islamic State Escalates Anti-Russian Militant Campaign").
    let title = lines
        .iter()
        .take(12)
        .find(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            let capitalised =
                words.iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
            (4..=16).contains(&words.len())
                && capitalised * 10 >= words.len() * 7
                && !l.ends_with('.')
                && !l.contains(" - ")
                && dates::publication_date(l).is_none()
        })
        .map_or_else(String::new, |l| (*l).to_owned());
    let article = Article {
        publisher: publisher.to_owned(),
        title: title.clone(),
        published: published.as_ref().map(|d| d.as_str().to_owned()),
    };
    let hint = Hint { country: main_country(text), region: None };
    let mut context = dates::Context::new(published.as_ref());
    let mut drafts = Vec::new();
    let mut last_date: Option<DateFound> = None;
    let mut places_before: Vec<PlaceFound> = Vec::new();
    for sentence in sentences(text) {
        let dated = find_date(&sentence, &mut context);
        let places = find_places(&sentence, &hint);
        let number = drafts.len() + 1;
        let reading = Reading { sentence: &sentence, dated: dated.as_ref(), places: &places };
        if let Some(draft) = reading.draft(number, last_date.as_ref(), &places_before, &article) {
            drafts.push(draft);
        }
        // Only a full sentence's date carries on, not a dateline's or a heading's.
        if dated.is_some() && sentence.trim_end_matches(['"', '”', '’', ')']).ends_with(['.', '!', '?']) {
            last_date = dated;
        }
        places_before = places;
    }
    (article, drafts)
}

/// One sentence, with the date and the places found in it.
struct Reading<'a> {
    sentence: &'a str,
    dated: Option<&'a DateFound>,
    places: &'a [PlaceFound],
}

impl Reading<'_> {
    /// The sentence as a draft when it has a date and a place. A sentence telling of something done (a
    /// bombing, an assault, a raid, an arrest, people killed) may take what it lacks from just before it,
    /// as articles do ("In 2015 Russia entered Syria. The group bombed a flight over Sinai."): a missing
    /// date from the last date named in a sentence, a missing place from the most precise place of the
    /// sentence before. The notes say so.
    fn draft(
        &self,
        number: usize,
        last_date: Option<&DateFound>,
        places_before: &[PlaceFound],
        article: &Article,
    ) -> Option<Draft> {
        let sentence = self.sentence;
        let category = text::category(sentence);
        let (killed, injured) = text::casualties(sentence);
        let eventful = text::tells_of_an_event(sentence);
        let (date, date_note) = match (self.dated, last_date) {
            (Some(found), _) => (found, format!("date from {:?}", found.words)),
            (None, Some(earlier)) if eventful && !self.places.is_empty() => {
                (earlier, format!("no date in this sentence: {:?} from before it", earlier.words))
            }
            _ => return None,
        };
        let (place, place_note) = match self.places.first() {
            Some(place) => (place, format!("place from {:?}", place.words)),
            None if eventful && self.dated.is_some() => {
                let place = places_before
                    .iter()
                    .min_by(|a, b| a.precision.radius_m().total_cmp(&b.precision.radius_m()))?;
                (place, format!("no place in this sentence: {:?} from the sentence before", place.words))
            }
            None => return None,
        };
        let mut incident =
            Incident::new(format!("draft-{number:03}"), text::title(sentence), date.date.clone(), category);
        incident.geometry = place.at.clone();
        incident.location_precision = Some(place.precision);
        incident.place = Some(place.label.clone());
        incident.killed = killed;
        incident.injured = injured;
        incident.description = Some(sentence.to_owned());
        incident.notes =
            Some(format!("Draft from the article: {date_note}, {place_note}; check both before accepting."));
        // The quote starts at the words this sentence itself gave: its date, else its place.
        let anchor = if self.dated.is_some() { &date.words } else { &place.words };
        incident.sources = vec![Source {
            publisher: article.publisher.clone(),
            title: article.title.clone(),
            url: None,
            published: article.published.clone(),
            quote: Some(text::quote_around(sentence, anchor)),
        }]
        .into();
        incident.extra.insert("draft", Value::Bool(true));
        Some(Draft {
            incident,
            sentence: sentence.to_owned(),
            date_words: date.words.clone(),
            place_words: Some(place.words.clone()),
        })
    }
}

/// A place named in a sentence.
#[derive(Debug, Clone)]
struct PlaceFound {
    /// Its words in the sentence.
    words: String,
    at: Geometry,
    precision: LocationPrecision,
    label: String,
}

/// The runs of capitalised words (up to three) in the sentence that the gazetteer knows exactly (or with
/// diacritics and punctuation aside), or country names — those after "in", "at", "near" first, then the
/// others, each in sentence order.
fn find_places(sentence: &str, hint: &Hint) -> Vec<PlaceFound> {
    let words: Vec<&str> = sentence
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '“' | '”' | '"'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\''))
        .map(|w| w.strip_suffix("’s").or_else(|| w.strip_suffix("'s")).unwrap_or(w))
        .filter(|w| !w.is_empty())
        .collect();
    let after_locative =
        |start: usize| start > 0 && LOCATIVES.contains(&words[start - 1].to_lowercase().as_str());
    let mut found = Vec::new();
    // Words already part of a place found, so that "Saint Petersburg" does not also give "Petersburg".
    let mut used = vec![false; words.len()];
    for pass in [true, false] {
        for start in 0..words.len() {
            if pass != after_locative(start) || used[start] {
                continue;
            }
            for len in (1..=3).rev() {
                let Some(run) = words.get(start..start + len) else { continue };
                if used[start..start + len].iter().any(|&u| u) {
                    continue;
                }
                if !run.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase)) {
                    continue;
                }
                if NOT_PLACES.contains(&run[0].to_lowercase().as_str()) {
                    continue;
                }
                let name = run.join(" ");
                let query = match name.strip_prefix("St ") {
                    Some(rest) => format!("Saint {rest}"),
                    None => name.clone(),
                };
                if let Some((label, at)) = crate::geocode::country_at(&name) {
                    let at = Geometry::Point(at);
                    found.push(PlaceFound { words: name, at, precision: LocationPrecision::Country, label });
                    used[start..start + len].fill(true);
                    break;
                }
                // After "in" or "at", a transliteration variant of a longer name counts too (Ingushetia).
                let least = if after_locative(start) && name.len() >= 6 {
                    MatchQuality::Variant
                } else {
                    MatchQuality::Folded
                };
                let Some(best) = lookup(&query, hint).into_iter().find(|c| c.quality >= least) else {
                    continue;
                };
                // A single everyday word that happens to be a small town is not a place here.
                if len == 1 && best.population.is_some_and(|p| p < 50_000) && !after_locative(start) {
                    continue;
                }
                let at = Geometry::Point(Position::lat_lon(best.lat, best.lon));
                found.push(PlaceFound { words: name, at, precision: best.precision, label: best.label() });
                used[start..start + len].fill(true);
                break;
            }
        }
    }
    found
}

/// The country the article names most often, as a hint for ambiguous place names.
fn main_country(text: &str) -> Option<String> {
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
    {
        if let Some((name, _)) = crate::geocode::country_at(word) {
            *counts.entry(name).or_default() += 1;
        }
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(name, _)| name)
}
