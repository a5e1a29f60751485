//! Our fields by name: the one list that the GeoJSON, CSV, KML and table readers and writers share, the text
//! form of each field that the tabular writers put out, and the JSON form of sources.

use serde_json::{Value, json};

use crate::model::{Incident, LocationPrecision, Source, utc_text};

/// A field of ours, as a GeoJSON property, a CSV column or a KML `Data` element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The incident's id.
    Id,
    /// One-line title.
    Title,
    /// EDTF date as written.
    Date,
    /// First second of the date's interval, ISO 8601 UTC (tables only).
    StartUtc,
    /// First second after the date's interval, ISO 8601 UTC (tables only).
    EndUtc,
    /// `day`, `month`, `year`, … (tables only).
    DatePrecision,
    /// Human-readable place name.
    Place,
    /// `exact` … `country`.
    LocationPrecision,
    /// Uncertainty radius in metres.
    UncertaintyM,
    /// Latitude of the first place (tables only).
    Latitude,
    /// Longitude of the first place (tables only).
    Longitude,
    /// The whole geometry as WKT (tables only).
    Wkt,
    /// Category.
    Category,
    /// Perpetrators, claimants, targets.
    Actors,
    /// People killed.
    Killed,
    /// People injured.
    Injured,
    /// Free text.
    Description,
    /// Free text about the record itself.
    Notes,
    /// Sources, as JSON.
    Sources,
    /// Everything an import kept that is none of the above, as JSON (tables only).
    Extra,
    /// When the incident was made in this tool, ISO 8601 UTC.
    Created,
    /// When it was last changed in this tool, ISO 8601 UTC.
    Updated,
}

/// The properties of our GeoJSON, in the order they are written.
pub const PROPERTIES: [Field; 15] = {
    use Field::{
        Actors, Category, Created, Date, Description, Id, Injured, Killed, LocationPrecision, Notes, Place,
        Sources, Title, UncertaintyM, Updated,
    };
    [
        Id,
        Title,
        Date,
        Place,
        LocationPrecision,
        UncertaintyM,
        Category,
        Actors,
        Killed,
        Injured,
        Description,
        Notes,
        Sources,
        Created,
        Updated,
    ]
};

/// The columns of our CSV, in order. Files written before `created` and `updated` end without them.
pub const CSV_COLUMNS: [Field; 22] = {
    use Field::{
        Actors, Category, Created, Date, DatePrecision, Description, EndUtc, Extra, Id, Injured, Killed,
        Latitude, LocationPrecision, Longitude, Notes, Place, Sources, StartUtc, Title, UncertaintyM,
        Updated, Wkt,
    };
    [
        Id,
        Title,
        Date,
        StartUtc,
        EndUtc,
        DatePrecision,
        Place,
        LocationPrecision,
        UncertaintyM,
        Latitude,
        Longitude,
        Wkt,
        Category,
        Actors,
        Killed,
        Injured,
        Description,
        Notes,
        Sources,
        Extra,
        Created,
        Updated,
    ]
};

impl Field {
    /// The field's name in every format.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Title => "title",
            Field::Date => "date",
            Field::StartUtc => "start_utc",
            Field::EndUtc => "end_utc",
            Field::DatePrecision => "date_precision",
            Field::Place => "place",
            Field::LocationPrecision => "location_precision",
            Field::UncertaintyM => "uncertainty_m",
            Field::Latitude => "latitude",
            Field::Longitude => "longitude",
            Field::Wkt => "wkt",
            Field::Category => "category",
            Field::Actors => "actors",
            Field::Killed => "killed",
            Field::Injured => "injured",
            Field::Description => "description",
            Field::Notes => "notes",
            Field::Sources => "sources",
            Field::Extra => "extra",
            Field::Created => "created",
            Field::Updated => "updated",
        }
    }

    /// The field's value for one incident as text, as the CSV and KML writers put it (actors joined with
    /// `"; "`, sources and extra as JSON); `None` when the incident has none.
    ///
    /// ```
    /// use incident_atlas::io::fields::Field;
    /// use incident_atlas::model::{EdtfDate, Incident};
    /// let mut i = Incident::new("a1", "Bombing", EdtfDate::parse("2015-10").unwrap(), "bombing");
    /// i.actors = vec!["IS".to_owned(), "Wilayat Sinai".to_owned()].into();
    /// assert_eq!(Field::Actors.text(&i).as_deref(), Some("IS; Wilayat Sinai"));
    /// assert_eq!(Field::StartUtc.text(&i).as_deref(), Some("2015-10-01T00:00:00Z"));
    /// assert_eq!(Field::DatePrecision.text(&i).as_deref(), Some("month"));
    /// assert_eq!(Field::Killed.text(&i), None);
    /// ```
    #[must_use]
    pub fn text(self, i: &Incident) -> Option<String> {
        let non_empty = |s: String| Some(s).filter(|s| !s.is_empty());
        let first = || i.geometry.positions().first().copied();
        match self {
            Field::Id => Some(i.id.clone()),
            Field::Title => Some(i.title.clone()),
            Field::Date => Some(i.date.to_string()),
            Field::StartUtc => non_empty(utc_text(i.date.interval().start)),
            Field::EndUtc => non_empty(utc_text(i.date.interval().end)),
            Field::DatePrecision => Some(i.date.precision().name().to_owned()),
            Field::Place => i.place.clone(),
            Field::LocationPrecision => i.location_precision.map(|p| LocationPrecision::name(p).to_owned()),
            Field::UncertaintyM => i.uncertainty_m.map(|u| u.to_string()),
            Field::Latitude => first().map(|p| p.lat.to_string()),
            Field::Longitude => first().map(|p| p.lon.to_string()),
            Field::Wkt => non_empty(crate::io::wkt::write(&i.geometry)),
            Field::Category => Some(i.category.clone()),
            Field::Actors => non_empty(actors_text(&i.actors)),
            Field::Killed => i.killed.map(|k| k.to_string()),
            Field::Injured => i.injured.map(|k| k.to_string()),
            Field::Description => i.description.clone(),
            Field::Notes => i.notes.clone(),
            Field::Sources => Some(sources_json(&i.sources).to_string()),
            Field::Extra => (!i.extra.is_empty()).then(|| i.extra.as_json().to_owned()),
            Field::Created => i.created.map(utc_text),
            Field::Updated => i.updated.map(utc_text),
        }
    }
}

/// Actors as one cell of text: joined with `"; "`, readable in a spreadsheet; or, where that could not
/// be split back into the same names (a name holding `;`, an empty name, spaces at either end, or text
/// that starts with `[`), as a JSON array. [`actors_from_text`] reads both.
///
/// ```
/// use incident_atlas::io::fields::{actors_from_text, actors_text};
/// let plain = ["IS".to_owned(), "Wilayat Sinai".to_owned()];
/// assert_eq!(actors_text(&plain), "IS; Wilayat Sinai");
/// let hostile = ["A; B".to_owned(), " padded ".to_owned()];
/// assert_eq!(actors_text(&hostile), r#"["A; B"," padded "]"#);
/// for actors in [&plain[..], &hostile[..], &[][..], &["[x]".to_owned()][..]] {
///     assert_eq!(actors_from_text(&actors_text(actors)), actors);
/// }
/// ```
#[must_use]
pub fn actors_text(actors: &[String]) -> String {
    let joined = actors.join("; ");
    let splits_back = actors.iter().all(|a| !a.is_empty() && !a.contains(';') && a.trim() == a);
    if splits_back && !joined.starts_with('[') { joined } else { Value::from(actors.to_vec()).to_string() }
}

/// Actors from the text [`actors_text`] wrote: a JSON array of strings, or names separated by `;`.
#[must_use]
pub fn actors_from_text(text: &str) -> Vec<String> {
    let mut actors = Vec::new();
    for_each_actor(text, |a| actors.push(a.to_owned()));
    actors
}

/// Calls `each` with every actor in a cell, as [`actors_from_text`] reads them, without building a list
/// (the table importer's path, once per row).
pub fn for_each_actor(text: &str, mut each: impl FnMut(&str)) {
    if text.starts_with('[')
        && let Ok(list) = serde_json::from_str::<Vec<String>>(text)
    {
        for actor in &list {
            each(actor);
        }
        return;
    }
    text.split(';').map(str::trim).filter(|s| !s.is_empty()).for_each(each);
}

/// Sources as a JSON array of `{publisher, title, url, published, quote}`, as every writer puts them.
#[must_use]
pub fn sources_json(sources: &[Source]) -> Value {
    Value::Array(
        sources
            .iter()
            .map(|s| {
                json!({"publisher": s.publisher, "title": s.title, "url": s.url, "published": s.published,
                       "quote": s.quote})
            })
            .collect(),
    )
}
