//! ACLED exports (Armed Conflict Location & Event Data), CSV, current and older header generations,
//! any case: `event_id_cnty` (or `event_id_no_cnty`/`data_id`), `event_date` (ISO, `31 January 2023` or
//! dd-mm-yyyy), `time_precision` (1 day, 2 within a week, 3 within a month), `event_type`,
//! `sub_event_type`, actors, `country`/`admin1..3`/`location`, `latitude`/`longitude`, `geo_precision`
//! (1 town, 2 near a town or part of a region, 3 larger region), `source`, `notes`, `fatalities`.
//! Columns not mapped to an incident field are kept, non-empty, in `extra`.

use crate::io::import::dates::{DateFormat, parse_date};
use crate::io::import::shared::SharedLists;
use crate::io::import::table::{Converted, Header, Row, other_columns};
use crate::io::import::values::{parse_count, parse_lat_lon};
use crate::model::{EdtfDate, Geometry, Incident, LocationPrecision, Position, Source};

/// Columns whose presence marks an ACLED export.
pub const SIGNATURE: [&str; 4] = ["event_date", "event_type", "actor1", "fatalities"];

/// The header of ACLED's current export, in order (also what `synth --to OUT.csv` writes).
pub const COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// Column positions of an ACLED file.
#[derive(Debug, Clone)]
pub struct Acled {
    id: Option<usize>,
    date: usize,
    time_precision: Option<usize>,
    event_type: Option<usize>,
    sub_event_type: Option<usize>,
    actors: Vec<usize>,
    admin: Vec<usize>,
    location: Option<usize>,
    lat: Option<usize>,
    lon: Option<usize>,
    geo_precision: Option<usize>,
    source: Option<usize>,
    notes: Option<usize>,
    fatalities: Option<usize>,
    kept: Vec<(usize, String)>,
    /// The source title of every row: the export's file name.
    file: String,
    actor_lists: SharedLists<String>,
    source_lists: SharedLists<Source>,
}

impl Acled {
    /// Finds ACLED's columns in a header.
    ///
    /// # Errors
    /// When `event_date` is missing.
    pub fn new(header: &Header, file: &str) -> Result<Self, String> {
        let date = header.find(&["event_date"]).ok_or("not an ACLED export: no event_date column")?;
        let find = |name: &str| header.find(&[name]);
        let some = |names: &[&str]| names.iter().filter_map(|n| find(n)).collect::<Vec<usize>>();
        let acled = Self {
            id: header.find(&["event_id_cnty", "event_id_no_cnty", "data_id"]),
            date,
            time_precision: find("time_precision"),
            event_type: find("event_type"),
            sub_event_type: find("sub_event_type"),
            actors: some(&["actor1", "assoc_actor_1", "actor2", "assoc_actor_2"]),
            admin: some(&["admin3", "admin2", "admin1", "country"]),
            location: find("location"),
            lat: find("latitude"),
            lon: find("longitude"),
            geo_precision: find("geo_precision"),
            source: find("source"),
            notes: find("notes"),
            fatalities: find("fatalities"),
            kept: Vec::new(),
            file: format!("ACLED export {}", crate::sys::file_name(std::path::Path::new(file))),
            actor_lists: SharedLists::default(),
            source_lists: SharedLists::default(),
        };
        let mapped = [
            acled.id,
            acled.time_precision,
            acled.event_type,
            acled.sub_event_type,
            acled.location,
            acled.lat,
            acled.lon,
            acled.geo_precision,
            acled.source,
            acled.notes,
            acled.fatalities,
            // The year repeats the date.
            find("year"),
        ];
        let used: Vec<usize> = std::iter::once(date)
            .chain(mapped.into_iter().flatten())
            .chain(acled.actors.iter().chain(&acled.admin).copied())
            .collect();
        // Country and region are also kept under their own names, for the area filter.
        let kept = other_columns(&header.names, &used)
            .map(|(k, name)| (k, name.to_lowercase()))
            .chain(["admin1", "country"].into_iter().filter_map(|n| find(n).map(|k| (k, n.to_owned()))))
            .collect();
        Ok(Self { kept, ..acled })
    }

    /// One row as an incident.
    ///
    /// # Errors
    /// The field at fault and what is wrong, for a row that cannot become an incident.
    pub fn convert(&self, row: &Row) -> Converted {
        let err = |field: &str, message: String| (field.to_owned(), message);
        let day = parse_date(
            row.get(Some(self.date)).ok_or_else(|| err("event_date", "empty".into()))?,
            &DateFormat::Auto,
        )
        .map_err(|e| err("event_date", e))?;
        let date = match row.get(self.time_precision) {
            None | Some("1") => day,
            Some("2") => EdtfDate::parse(&format!("{}~", day.as_str()))
                .map_err(|e| err("time_precision", e.to_string()))?,
            Some("3") => EdtfDate::parse(day.as_str().get(..7).unwrap_or(day.as_str()))
                .map_err(|e| err("time_precision", e.to_string()))?,
            Some(other) => return Err(err("time_precision", format!("{other:?} is not 1, 2 or 3"))),
        };
        let event_type = row.get(self.event_type).unwrap_or("event");
        let sub = row.get(self.sub_event_type);
        let location = row.get(self.location);
        let title = match (sub.or(Some(event_type)), location) {
            (Some(what), Some(at)) => format!("{what} in {at}"),
            (Some(what), None) => what.to_owned(),
            (None, _) => "ACLED event".to_owned(),
        };
        let id = row.get(self.id).map_or_else(|| format!("acled-line-{}", row.line), str::to_owned);
        let mut incident = Incident::new(id, title, date, event_type.to_lowercase());
        let mut warnings = Vec::new();
        if let Some((lat, lon)) = parse_lat_lon(row.get(self.lat), row.get(self.lon))? {
            incident.geometry = Geometry::Point(Position::lat_lon(lat, lon));
            incident.location_precision = Some(match row.get(self.geo_precision) {
                Some("1") | None => LocationPrecision::Town,
                Some("2") => LocationPrecision::District,
                Some("3") => LocationPrecision::Region,
                Some(other) => {
                    warnings.push((
                        "geo_precision".to_owned(),
                        format!("{other:?} is not 1, 2 or 3; taken as a town"),
                    ));
                    LocationPrecision::Town
                }
            });
        }
        let place: Vec<&str> =
            location.into_iter().chain(self.admin.iter().filter_map(|&k| row.get(Some(k)))).collect();
        let mut parts: Vec<&str> = Vec::new();
        for p in place {
            if !parts.contains(&p) {
                parts.push(p);
            }
        }
        incident.place = (!parts.is_empty()).then(|| parts.join(", "));
        // An associated-actor cell names several actors separated by semicolons
        // ("Labor Group (Georgia); Health Workers (Georgia)"): each is an actor.
        let mut actors: Vec<String> = Vec::with_capacity(self.actors.len());
        for name in self.actors.iter().filter_map(|&k| row.get(Some(k))).flat_map(|cell| cell.split(';')) {
            let name = name.trim();
            if !name.is_empty() && !actors.iter().any(|a| a == name) {
                actors.push(name.to_owned());
            }
        }
        incident.actors = self.actor_lists.share(actors);
        incident.killed = parse_count(row.get(self.fatalities)).map_err(|e| err("fatalities", e))?;
        incident.description = row.get(self.notes).map(str::to_owned);
        incident.sources = self.source_lists.share(vec![Source {
            publisher: row.get(self.source).unwrap_or("ACLED").to_owned(),
            title: self.file.clone(),
            url: None,
            published: None,
            quote: None,
        }]);
        incident.extra = row.properties(&self.kept);
        Ok((incident, warnings))
    }
}

/// Writes incidents with ACLED's current columns (what `synth --to OUT.csv` produces, for benchmarks and
/// side-by-side comparisons with other tools). Dates known to the day are `time_precision` 1,
/// approximate ones 2, coarser ones 3 (their first day); the first place stands for several.
///
/// # Errors
/// Any write error.
pub fn write(out: &mut dyn std::io::Write, incidents: &[Incident]) -> std::io::Result<()> {
    use crate::model::DatePrecision;
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(COLUMNS)?;
    for incident in incidents {
        let interval = incident.date.interval();
        let day = crate::model::utc_text(interval.start);
        let day = day.get(..10).unwrap_or("");
        let precision = match (
            incident.date.precision(),
            incident.date.is_approximate() || incident.date.is_interval(),
        ) {
            (p, false) if p >= DatePrecision::Day => "1",
            (p, true) if p >= DatePrecision::Day => "2",
            _ => "3",
        };
        let (lat, lon) =
            incident.geometry.positions().first().map_or((String::new(), String::new()), |p| {
                (format!("{:.4}", p.lat), format!("{:.4}", p.lon))
            });
        let geo_precision = match incident.location_precision {
            Some(LocationPrecision::Exact | LocationPrecision::Site | LocationPrecision::Town) | None => "1",
            Some(LocationPrecision::District) => "2",
            Some(LocationPrecision::Region | LocationPrecision::Country) => "3",
        };
        let mut event_type = incident.category.clone();
        if let Some(first) = event_type.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        let actor = |k: usize| incident.actors.get(k).map_or("", String::as_str);
        let place = incident.place.as_deref().unwrap_or("");
        let fatalities = incident.killed.unwrap_or(0).to_string();
        let timestamp = interval.start.to_string();
        let year = day.get(..4).unwrap_or("");
        let source = incident.sources.first().map_or("", |s| s.publisher.as_str());
        let notes = incident.description.clone().unwrap_or_else(|| {
            format!(
                "On {day}, {} ({}): {} reported killed. Written by incident-atlas for benchmarks; not a real event.",
                incident.title.to_lowercase(),
                if place.is_empty() { "no place" } else { place },
                incident.killed.map_or_else(|| "none".to_owned(), |k| k.to_string())
            )
        });
        csv.write_record([
            incident.id.as_str(),
            day,
            year,
            precision,
            "Political violence",
            event_type.as_str(),
            incident.title.as_str(),
            actor(0),
            "",
            "",
            actor(1),
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            place,
            lat.as_str(),
            lon.as_str(),
            geo_precision,
            source,
            "National",
            notes.as_str(),
            fatalities.as_str(),
            "",
            timestamp.as_str(),
        ])?;
    }
    csv.flush()
}
