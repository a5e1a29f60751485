//! Which field of a foreign record (a CSV column, a GeoJSON property, a KML data item) holds which part
//! of an incident, and how a record becomes an incident through it. Shared by the generic CSV, GDELT,
//! foreign GeoJSON and KML importers; the columns are found by [`super::roles`].

use std::collections::BTreeMap;

use super::dates::{DateFormat, parse_date};
use super::values::{parse_count, parse_lat_lon};
use crate::io::geometry::{Shape, located};
use crate::model::{EdtfDate, Geometry, Incident, LocationPrecision, Position, Properties, Source};

/// What the user says about the fields (command-line flags, or the import dialog).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// The field (several for actors) named for each part.
    pub columns: BTreeMap<Part, Vec<String>>,
    /// How dates are written.
    pub date_format: DateFormat,
    /// Only the named fields are used (a format whose columns are known, such as GDELT's).
    pub only_named: bool,
    /// Code tables for categories and location precisions.
    pub codes: Codes,
    /// What named the fields, when not the user (`by the GDELT codebook`).
    pub named_by: Option<&'static str>,
    /// The date a record without one gets (`--date-default`): a Google My Maps export has no times at all.
    pub default_date: Option<EdtfDate>,
}

impl Overrides {
    /// Names the field for a part (adding to the actors).
    pub fn set(&mut self, part: Part, field: impl Into<String>) {
        let list = self.columns.entry(part).or_default();
        if part != Part::Actors {
            list.clear();
        }
        list.push(field.into());
    }

    /// Whether the user said anything.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Tables that turn a format's codes into words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Codes {
    /// Values are taken as written.
    #[default]
    None,
    /// GDELT: CAMEO root codes as categories (`18` → assault), geographic types as precisions
    /// (1 country, 2 and 5 region, 3 and 4 town).
    Gdelt,
}

/// The parts of an incident a mapping can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// Identifier.
    Id,
    /// Date (or start date).
    Date,
    /// End date of an interval.
    EndDate,
    /// Time of day, in a column of its own beside a date column (`16:20`).
    Time,
    /// Year (when the date is in separate columns).
    Year,
    /// Month (number or name; 0 is unknown).
    Month,
    /// Day of the month (0 is unknown).
    Day,
    /// Latitude.
    Lat,
    /// Longitude.
    Lon,
    /// A geometry as WKT (`POINT (lon lat)`) or GeoJSON text.
    Geometry,
    /// How precise the place is.
    Precision,
    /// Title.
    Title,
    /// Place name.
    Place,
    /// Country (name or ISO code).
    Country,
    /// First-level region (state, province, oblast).
    Region,
    /// Category.
    Category,
    /// Description.
    Description,
    /// People killed.
    Killed,
    /// People injured.
    Injured,
    /// Actors (several fields may hold them).
    Actors,
    /// A link to the source.
    Url,
    /// A source's name.
    Source,
}

impl Part {
    /// Every part, in the order shown to the user: the ones most files have first.
    pub const ALL: [Part; 22] = [
        Part::Date,
        Part::EndDate,
        Part::Time,
        Part::Lat,
        Part::Lon,
        Part::Place,
        Part::Title,
        Part::Category,
        Part::Id,
        Part::Killed,
        Part::Injured,
        Part::Actors,
        Part::Country,
        Part::Region,
        Part::Description,
        Part::Url,
        Part::Source,
        Part::Geometry,
        Part::Precision,
        Part::Year,
        Part::Month,
        Part::Day,
    ];

    /// The part's name, as in the import dialog and the report.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Part::Id => "id",
            Part::Date => "date",
            Part::EndDate => "end date",
            Part::Time => "time of day",
            Part::Year => "year",
            Part::Month => "month",
            Part::Day => "day",
            Part::Lat => "latitude",
            Part::Lon => "longitude",
            Part::Geometry => "geometry",
            Part::Precision => "location precision",
            Part::Title => "title",
            Part::Place => "place",
            Part::Country => "country",
            Part::Region => "region",
            Part::Category => "category",
            Part::Description => "description",
            Part::Killed => "killed",
            Part::Injured => "injured",
            Part::Actors => "actors",
            Part::Url => "url",
            Part::Source => "source",
        }
    }

    /// The command-line flag that names the part's field (without `--`).
    #[must_use]
    pub fn flag(self) -> &'static str {
        match self {
            Part::EndDate => "date-end",
            Part::Time => "time",
            Part::Lat => "lat",
            Part::Lon => "lon",
            Part::Precision => "precision",
            other => other.name(),
        }
    }
}

/// One field chosen for a part, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The part.
    pub part: Part,
    /// The field's name.
    pub field: String,
    /// Its first value (cut short), if it has any.
    pub sample: Option<String>,
    /// Why: `its name says so; 6 of 6 values read as dates`, `named by --date`.
    pub reason: String,
}

impl std::fmt::Display for Choice {
    /// `date ← event_date (2016-07-02): its name says so; 6 of 6 values read as dates`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sample = self.sample.as_deref().unwrap_or("empty");
        write!(f, "{} ← {} ({sample}): {}", self.part.name(), self.field, self.reason)
    }
}

impl Mapping {
    /// The report's lines: each choice, then the notes.
    #[must_use]
    pub fn report_lines(&self) -> Vec<String> {
        self.report.iter().map(ToString::to_string).chain(self.notes.iter().cloned()).collect()
    }

    /// Why a part's field was chosen, if it was.
    #[must_use]
    pub fn reason(&self, part: Part) -> Option<&str> {
        self.report.iter().find(|c| c.part == part).map(|c| c.reason.as_str())
    }
}

/// A mapping from parts of an incident to field positions, with the reasons for each choice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    /// Field position of each part found.
    pub fields: BTreeMap<Part, usize>,
    /// More fields holding actors, after the first.
    pub more_actors: Vec<usize>,
    /// How dates are written.
    pub date_format: DateFormat,
    /// The date a record without one gets, when the user gave one.
    pub default_date: Option<EdtfDate>,
    /// Code tables.
    pub codes: Codes,
    /// Each field chosen, and why.
    pub report: Vec<Choice>,
    /// What the values showed (the day/month order of a date column).
    pub notes: Vec<String>,
    /// What could not be decided for sure (a date column that reads both day and month first).
    pub warnings: Vec<String>,
}

impl Mapping {
    /// The field position of a part.
    #[must_use]
    pub fn get(&self, part: Part) -> Option<usize> {
        self.fields.get(&part).copied()
    }

    /// The fields no part maps to, with their names: what [`Mapping::incident`] keeps in `extra`. Work it out
    /// once per file.
    #[must_use]
    pub fn unmapped(&self, names: &[String]) -> Vec<(usize, String)> {
        let used: Vec<usize> = self.fields.values().chain(&self.more_actors).copied().collect();
        crate::io::import::table::other_columns(names, &used).map(|(k, n)| (k, n.clone())).collect()
    }

    /// Builds an incident from one record; `value(k)` gives field `k` (trimmed, `None` when empty) and
    /// `unmapped` the fields kept in `extra` (from [`Mapping::unmapped`]). `row` numbers the record and
    /// `file` names the source of records without one.
    ///
    /// # Errors
    /// `(field, message)` for a record that cannot become an incident (no date, a bad coordinate).
    pub fn incident<'a>(
        &self,
        value: impl Fn(usize) -> Option<&'a str>,
        unmapped: &[(usize, String)],
        geometry: Option<Geometry>,
        row: usize,
        file: &str,
    ) -> crate::io::import::table::Converted {
        let get = |part: Part| self.get(part).and_then(&value);
        let mut warnings = Vec::new();
        let dateless = get(Part::Date).is_none() && get(Part::Year).is_none();
        let date = match (&self.default_date, dateless) {
            (Some(default), true) => default.clone(),
            _ => self.date(&get, &mut warnings)?,
        };
        let geometry = match geometry {
            Some(g) => g,
            None => match get(Part::Geometry) {
                Some(text) => {
                    let (geometry, warning) = geometry_text(text).map_err(|e| ("geometry".to_owned(), e))?;
                    warnings.extend(warning.map(|w| ("geometry".to_owned(), w.to_owned())));
                    geometry
                }
                None => match parse_lat_lon(get(Part::Lat), get(Part::Lon))? {
                    Some((lat, lon)) => Geometry::Point(Position::lat_lon(lat, lon)),
                    None => Geometry::None,
                },
            },
        };
        let place = get(Part::Place).map(str::to_owned);
        let category = match get(Part::Category) {
            Some(code) if self.codes == Codes::Gdelt => cameo_root(code).unwrap_or(code).to_lowercase(),
            Some(text) => text.to_lowercase(),
            None => "incident".to_owned(),
        };
        // With no title column, the description's opening says more than the category and place do
        // (a TimeMap sheet has only a description).
        let title = match (get(Part::Title), get(Part::Description).and_then(title_from_description)) {
            (Some(title), _) => title.to_owned(),
            (None, Some(opening)) => opening,
            (None, None) => match &place {
                Some(p) => format!("{category} at {p}"),
                None => format!("{category}, row {row}"),
            },
        };
        let id = get(Part::Id).map_or_else(|| format!("row-{row}"), str::to_owned);
        let mut incident = Incident::new(id, title, date, category);
        if geometry.is_located() {
            // A precision that does not read keeps the row, at `site`, with a warning: the place is known,
            // only how well is not.
            incident.location_precision = Some(match get(Part::Precision).map(|p| self.precision(p)) {
                Some(Ok(precision)) => precision,
                Some(Err(e)) => {
                    warnings.push(("location precision".to_owned(), format!("{e}; taken as site")));
                    LocationPrecision::Site
                }
                None => LocationPrecision::Site,
            });
        }
        incident.geometry = geometry;
        incident.place = place;
        incident.description = get(Part::Description).map(str::to_owned);
        if dateless && self.default_date.is_some() {
            incident.notes =
                Some(format!("The file gives no date; {} was given on import.", incident.date.as_str()));
        }
        incident.killed = parse_count(get(Part::Killed)).map_err(|e| ("killed".to_owned(), e))?;
        incident.injured = parse_count(get(Part::Injured)).map_err(|e| ("injured".to_owned(), e))?;
        let mut actors: Vec<String> = Vec::new();
        for k in self.get(Part::Actors).into_iter().chain(self.more_actors.iter().copied()) {
            crate::io::fields::for_each_actor(value(k).unwrap_or_default(), |actor| {
                if !actors.iter().any(|a| a == actor) {
                    actors.push(actor.to_owned());
                }
            });
        }
        incident.actors = actors.into();
        let is_link = |s: &&str| s.starts_with("http://") || s.starts_with("https://");
        let source = get(Part::Source);
        incident.sources = vec![Source {
            publisher: source.filter(|s| !is_link(s)).unwrap_or(file).to_owned(),
            title: format!("{file}, record {row}"),
            url: get(Part::Url).or(source).filter(is_link).map(str::to_owned),
            published: None,
            quote: None,
        }]
        .into();
        // The country and region a row states are kept where the area filter and the geocoder read them.
        let stated = [(Part::Country, "country"), (Part::Region, "admin1")]
            .into_iter()
            .filter_map(|(part, key)| get(part).map(|v| (key, v)));
        incident.extra = Properties::from_text_pairs(
            stated.chain(unmapped.iter().filter_map(|(k, name)| value(*k).map(|v| (name.as_str(), v)))),
        );
        Ok((incident, warnings))
    }

    /// The record's date: from the date field (and the end date's, making an interval), or else from
    /// year, month and day fields (0 or empty meaning unknown).
    fn date<'a>(
        &self,
        get: &impl Fn(Part) -> Option<&'a str>,
        warnings: &mut Vec<(String, String)>,
    ) -> Result<EdtfDate, (String, String)> {
        let failed = |field: &str, e: String| (field.to_owned(), e);
        if self.get(Part::Date).is_none() && self.get(Part::Year).is_some() {
            return Self::date_from_parts(get);
        }
        let text = get(Part::Date).ok_or_else(|| failed("date", "no date".into()))?;
        let start = parse_date(text, &self.date_format).map_err(|e| failed("date", e))?;
        let start = Self::with_time_of_day(start, get, warnings)?;
        // A start that is already an interval (our own EDTF) needs no end.
        let end = get(Part::EndDate).filter(|_| !start.is_interval());
        match end.map(|t| parse_date(t, &self.date_format)) {
            Some(Ok(end)) if end.as_str() != start.as_str() => {
                EdtfDate::parse(&format!("{}/{}", start.as_str(), end.as_str()))
                    .map_err(|e| failed("end date", e.to_string()))
            }
            Some(Err(e)) => Err(failed("end date", e)),
            _ => Ok(start),
        }
    }

    /// A day (`2015-10-10`) and a time of day from a column of its own (`16:20`) make one date
    /// (`2015-10-10T16:20`). A time that does not read is a warning and the day is kept; a date that
    /// already has a time, or is coarser than a day, is left as it is.
    fn with_time_of_day<'a>(
        start: EdtfDate,
        get: &impl Fn(Part) -> Option<&'a str>,
        warnings: &mut Vec<(String, String)>,
    ) -> Result<EdtfDate, (String, String)> {
        let Some(text) = get(Part::Time).filter(|t| !t.trim().is_empty()) else { return Ok(start) };
        let is_a_day =
            start.as_str().len() == 10 && start.as_str().bytes().all(|b| b.is_ascii_digit() || b == b'-');
        if !is_a_day {
            return Ok(start);
        }
        let Some(clock) = super::dates::time_of_day(text) else {
            let shown = crate::sys::terminal::excerpt(text, 40);
            warnings
                .push(("time of day".to_owned(), format!("{shown:?} is not a time of day; the day is kept")));
            return Ok(start);
        };
        EdtfDate::parse(&format!("{}T{clock}", start.as_str()))
            .map_err(|e| ("time of day".to_owned(), e.to_string()))
    }

    /// `2015` + `February` + `23` → `2015-02-23`; a month or day of 0 (or none) stops the precision there.
    fn date_from_parts<'a>(get: &impl Fn(Part) -> Option<&'a str>) -> Result<EdtfDate, (String, String)> {
        let failed = |field: &str, e: String| (field.to_owned(), e);
        let year_text = get(Part::Year).ok_or_else(|| failed("year", "no year".into()))?;
        let year: u32 = year_text
            .parse()
            .ok()
            .filter(|y| (1..=2100).contains(y))
            .ok_or_else(|| failed("year", format!("{year_text:?} is not a year")))?;
        let month = match get(Part::Month) {
            None => 0,
            Some(m) => m
                .parse::<u32>()
                .ok()
                .or_else(|| super::dates::month_number(m))
                .filter(|m| *m <= 12)
                .ok_or_else(|| failed("month", format!("{m:?} is not a month")))?,
        };
        let day = match get(Part::Day).filter(|_| month > 0) {
            None => 0,
            Some(d) => d
                .parse::<u32>()
                .ok()
                .filter(|d| *d <= 31)
                .ok_or_else(|| failed("day", format!("{d:?} is not a day of the month")))?,
        };
        let text = match (month, day) {
            (0, _) => format!("{year:04}"),
            (m, 0) => format!("{year:04}-{m:02}"),
            (m, d) => format!("{year:04}-{m:02}-{d:02}"),
        };
        EdtfDate::parse(&text).map_err(|e| failed("day", e.to_string()))
    }

    /// A location precision: its name (`town`), or a GDELT geographic type.
    fn precision(&self, text: &str) -> Result<LocationPrecision, String> {
        if self.codes == Codes::Gdelt {
            return match text {
                "1" => Ok(LocationPrecision::Country),
                "2" | "5" => Ok(LocationPrecision::Region),
                "3" | "4" => Ok(LocationPrecision::Town),
                other => Err(format!("{other:?} is not a GDELT geographic type (1–5)")),
            };
        }
        text.to_lowercase().parse::<LocationPrecision>().map_err(|e| e.to_string())
    }
}

/// The longest a title taken from a description gets, in characters, before it is cut at a word.
const TITLE_FROM_DESCRIPTION_MAX: usize = 90;

/// A title made from a description: its first line, cut at a word with "…" past
/// [`TITLE_FROM_DESCRIPTION_MAX`] characters; `None` for a blank description.
fn title_from_description(description: &str) -> Option<String> {
    let line = description.lines().map(str::trim).find(|l| !l.is_empty())?;
    // Where the first 89 and the first 90 characters end, in one pass (this runs for every row).
    let mut starts = line.char_indices().map(|(k, _)| k);
    let (Some(cut_end), Some(head_end)) = (starts.nth(TITLE_FROM_DESCRIPTION_MAX - 1), starts.next()) else {
        return Some(line.to_owned());
    };
    // The longest run of whole words that leaves room for the "…" (a space as the 90th character ends
    // one), else the first 89 characters.
    let at_word = line[..head_end].rfind(char::is_whitespace).filter(|&k| k > cut_end / 2).unwrap_or(cut_end);
    let mut title = line[..at_word].trim_end_matches([' ', ',', ';', ':']).to_owned();
    title.push('…');
    Some(title)
}

/// The CAMEO root event class of a GDELT `EventRootCode` (`18` → Assault).
#[must_use]
pub fn cameo_root(code: &str) -> Option<&'static str> {
    const ROOTS: [&str; 20] = [
        "Make public statement",
        "Appeal",
        "Express intent to cooperate",
        "Consult",
        "Engage in diplomatic cooperation",
        "Engage in material cooperation",
        "Provide aid",
        "Yield",
        "Investigate",
        "Demand",
        "Disapprove",
        "Reject",
        "Threaten",
        "Protest",
        "Exhibit force posture",
        "Reduce relations",
        "Coerce",
        "Assault",
        "Fight",
        "Use unconventional mass violence",
    ];
    let n: usize = code.trim().parse().ok()?;
    ROOTS.get(n.checked_sub(1)?).copied()
}

/// A point or points from WKT (`POINT (lon lat)`, `MULTIPOINT ((lon lat), …)` or `MULTIPOINT (lon lat, …)`;
/// a line or area at the centre of its points, with a warning) or from GeoJSON geometry text.
pub(crate) fn geometry_text(text: &str) -> Result<(Geometry, Option<&'static str>), String> {
    let t = text.trim();
    if !t.starts_with('{') {
        return crate::io::wkt::read(t);
    }
    let value: serde_json::Value = serde_json::from_str(t).map_err(|e| format!("not GeoJSON: {e}"))?;
    let number = |v: &serde_json::Value| v.as_f64();
    let position = |v: &serde_json::Value| -> Option<Position> {
        let c = v.as_array()?;
        Some(Position::lat_lon(number(c.get(1)?)?, number(c.first()?)?))
    };
    let coordinates = value.get("coordinates");
    let (shape, positions) = match value.get("type").and_then(serde_json::Value::as_str) {
        Some("Point") => coordinates.and_then(position).map(|p| (Shape::Point, vec![p])),
        Some("MultiPoint") => coordinates
            .and_then(serde_json::Value::as_array)
            .and_then(|ps| ps.iter().map(position).collect::<Option<Vec<_>>>())
            .map(|ps| (Shape::MultiPoint, ps)),
        _ => None,
    }
    .ok_or_else(|| "only GeoJSON Point and MultiPoint geometries are read".to_owned())?;
    located(shape, positions)
}

/// Field names for a message: all of them, or the first twenty and a count.
#[must_use]
pub fn field_list(names: &[String]) -> String {
    const SHOWN: usize = 20;
    // Names come from the file (which may be no table at all): each is cut short and made safe to show.
    const NAME_CHARS: usize = 40;
    let shown: Vec<String> =
        names.iter().take(SHOWN).map(|n| crate::sys::terminal::excerpt(n, NAME_CHARS)).collect();
    if names.len() <= SHOWN {
        shown.join(", ")
    } else {
        format!("{}, … ({} in all)", shown.join(", "), names.len())
    }
}

#[cfg(test)]
mod tests {
    use super::title_from_description;

    #[test]
    fn a_title_from_a_description_is_its_first_line_cut_at_a_word() {
        assert_eq!(title_from_description("  \nShort one.\nMore.").as_deref(), Some("Short one."));
        assert_eq!(title_from_description(" \n "), None);
        let long = "Gunmen opened fire on worshippers leaving the evening prayer at the central mosque of the town, \
                    killing four";
        let title = title_from_description(long).expect("a title");
        assert!(title.chars().count() <= 90, "{title}");
        assert_eq!(
            title,
            "Gunmen opened fire on worshippers leaving the evening prayer at the central mosque of the…"
        );
    }
}
