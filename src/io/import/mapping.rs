//! Which field of a foreign record (a CSV column, a GeoJSON property, a KML data item) holds which part
//! of an incident: found by the usual names, or set by the user. Shared by the generic CSV, foreign
//! GeoJSON and KML importers.

use super::values::{DateFormat, parse_count, parse_date, parse_lat_lon};
use crate::io::import::table::Header;
use crate::model::{Geometry, Incident, LocationPrecision, Position, Properties, Source};

/// Names the user gives for fields (command-line `--lat`, `--date`, …, or the import dialog).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// Latitude field.
    pub lat: Option<String>,
    /// Longitude field.
    pub lon: Option<String>,
    /// Date field.
    pub date: Option<String>,
    /// Title field.
    pub title: Option<String>,
    /// Place-name field.
    pub place: Option<String>,
    /// Category field.
    pub category: Option<String>,
    /// How dates are written.
    pub date_format: DateFormat,
}

/// The parts of an incident a mapping can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    /// Identifier.
    Id,
    /// Latitude.
    Lat,
    /// Longitude.
    Lon,
    /// Date (or start date).
    Date,
    /// End date of an interval.
    EndDate,
    /// Title.
    Title,
    /// Place name.
    Place,
    /// Category.
    Category,
    /// Description.
    Description,
    /// People killed.
    Killed,
    /// People injured.
    Injured,
    /// Actors.
    Actors,
    /// A source: URL or name.
    Source,
}

impl Part {
    /// Every part, in the order shown to the user.
    pub const ALL: [Part; 13] = [
        Part::Id,
        Part::Date,
        Part::EndDate,
        Part::Lat,
        Part::Lon,
        Part::Title,
        Part::Place,
        Part::Category,
        Part::Description,
        Part::Killed,
        Part::Injured,
        Part::Actors,
        Part::Source,
    ];

    /// The part's name, as in the import dialog and the report.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Part::Id => "id",
            Part::Lat => "latitude",
            Part::Lon => "longitude",
            Part::Date => "date",
            Part::EndDate => "end date",
            Part::Title => "title",
            Part::Place => "place",
            Part::Category => "category",
            Part::Description => "description",
            Part::Killed => "killed",
            Part::Injured => "injured",
            Part::Actors => "actors",
            Part::Source => "source",
        }
    }

    /// Usual field names for the part, most likely first (compared as [`crate::io::import::table::normalise`] does).
    fn usual_names(self) -> &'static [&'static str] {
        match self {
            Part::Id => &["id", "event_id", "eventid", "uid", "identifier"],
            Part::Lat => &["latitude", "lat", "y", "lat_dd", "decimallatitude", "geo_lat"],
            Part::Lon => &["longitude", "lon", "lng", "long", "x", "lon_dd", "decimallongitude", "geo_lon"],
            Part::Date => &[
                "date",
                "event_date",
                "datetime",
                "time",
                "timestamp",
                "start_date",
                "start",
                "begin",
                "when",
                "day",
                "published",
            ],
            Part::EndDate => &["end_date", "end", "until", "date_end"],
            Part::Title => &["title", "name", "headline", "event", "label"],
            Part::Place => &["place", "location", "city", "town", "address", "locality", "place_name"],
            Part::Category => &["category", "type", "event_type", "kind", "class"],
            Part::Description => &["description", "notes", "summary", "details", "text", "comment"],
            Part::Killed => &["killed", "fatalities", "deaths", "dead", "nkill"],
            Part::Injured => &["injured", "wounded", "nwound", "injuries"],
            Part::Actors => &["actors", "actor", "perpetrator", "group", "actor1"],
            Part::Source => &["source", "url", "link", "sources", "reference"],
        }
    }
}

/// A mapping from parts of an incident to field positions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    /// Field position of each part found.
    pub fields: std::collections::BTreeMap<Part, usize>,
    /// How dates are written.
    pub date_format: DateFormat,
}

impl Mapping {
    /// Finds each part among `names` by its usual names; `overrides` win. An override naming no field
    /// is an error.
    ///
    /// # Errors
    /// `--lat "y2": no such field (fields: …)`.
    pub fn detect(names: &[String], overrides: &Overrides) -> Result<Mapping, String> {
        let header = Header::new(names.to_vec());
        let mut fields = std::collections::BTreeMap::new();
        for part in Part::ALL {
            if let Some(k) = header.find(part.usual_names()) {
                fields.insert(part, k);
            }
        }
        for (part, flag, given) in [
            (Part::Lat, "--lat", &overrides.lat),
            (Part::Lon, "--lon", &overrides.lon),
            (Part::Date, "--date", &overrides.date),
            (Part::Title, "--title", &overrides.title),
            (Part::Place, "--place", &overrides.place),
            (Part::Category, "--category", &overrides.category),
        ] {
            if let Some(name) = given {
                let k = header.find(&[name.as_str()]).ok_or_else(|| {
                    format!("{flag} {name:?}: no such field (fields: {})", field_list(names))
                })?;
                fields.insert(part, k);
            }
        }
        Ok(Mapping { fields, date_format: overrides.date_format.clone() })
    }

    /// The field position of a part.
    #[must_use]
    pub fn get(&self, part: Part) -> Option<usize> {
        self.fields.get(&part).copied()
    }

    /// The fields no part maps to, with their names: what [`Mapping::incident`] keeps in `extra`. Work it out
    /// once per file.
    #[must_use]
    pub fn unmapped(&self, names: &[String]) -> Vec<(usize, String)> {
        let used: Vec<usize> = self.fields.values().copied().collect();
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
        let warnings = Vec::new();
        let date_text = get(Part::Date).ok_or_else(|| ("date".to_owned(), "no date".to_owned()))?;
        let start = parse_date(date_text, &self.date_format).map_err(|e| ("date".to_owned(), e))?;
        // A start that is already an interval (our own EDTF) needs no end.
        let end = get(Part::EndDate).filter(|_| !start.is_interval());
        let date = match end.map(|t| parse_date(t, &self.date_format)) {
            Some(Ok(end)) if end.as_str() != start.as_str() => {
                crate::model::EdtfDate::parse(&format!("{}/{}", start.as_str(), end.as_str()))
                    .map_err(|e| ("end date".to_owned(), e.to_string()))?
            }
            Some(Err(e)) => return Err(("end date".to_owned(), e)),
            _ => start,
        };
        let geometry = match geometry {
            Some(g) => g,
            None => match parse_lat_lon(get(Part::Lat), get(Part::Lon))? {
                Some((lat, lon)) => Geometry::Point(Position::lat_lon(lat, lon)),
                None => Geometry::None,
            },
        };
        let place = get(Part::Place).map(str::to_owned);
        let category = get(Part::Category).map_or_else(|| "incident".to_owned(), str::to_lowercase);
        let title = get(Part::Title).map_or_else(
            || match &place {
                Some(p) => format!("{category} at {p}"),
                None => format!("{category}, row {row}"),
            },
            str::to_owned,
        );
        let id = get(Part::Id).map_or_else(|| format!("row-{row}"), str::to_owned);
        let mut incident = Incident::new(id, title, date, category);
        if geometry.is_located() {
            incident.location_precision = Some(LocationPrecision::Site);
        }
        incident.geometry = geometry;
        incident.place = place;
        incident.description = get(Part::Description).map(str::to_owned);
        incident.killed = parse_count(get(Part::Killed)).map_err(|e| ("killed".to_owned(), e))?;
        incident.injured = parse_count(get(Part::Injured)).map_err(|e| ("injured".to_owned(), e))?;
        incident.actors = get(Part::Actors)
            .map(|a| {
                a.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect::<Vec<_>>()
            })
            .unwrap_or_default()
            .into();
        let source = get(Part::Source);
        incident.sources = vec![Source {
            publisher: source.filter(|s| !s.starts_with("http")).unwrap_or(file).to_owned(),
            title: format!("{file}, record {row}"),
            url: source.filter(|s| s.starts_with("http://") || s.starts_with("https://")).map(str::to_owned),
            published: None,
            quote: None,
        }]
        .into();
        incident.extra = Properties::from_text_pairs(
            unmapped.iter().filter_map(|(k, name)| value(*k).map(|v| (name.as_str(), v))),
        );
        Ok((incident, warnings))
    }
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
