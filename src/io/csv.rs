//! CSV export: one row per incident.
//!
//! Columns: `id, title, date, start_utc, end_utc, date_precision, place, location_precision,
//! uncertainty_m, latitude, longitude, wkt, category, actors, killed, injured, description, notes,
//! sources, extra`. A `MultiPoint` incident stays one row: `latitude`/`longitude` give its first place and
//! `wkt` the whole `MULTIPOINT`; unlocated incidents leave the three empty. `actors` are joined with
//! `"; "`; `sources` and `extra` are JSON.

use std::io::Write;

use crate::model::{Geometry, Incident, LocationPrecision, UNBOUNDED_FUTURE, UNBOUNDED_PAST, UnixSeconds};

/// The header row.
pub const COLUMNS: [&str; 20] = [
    "id",
    "title",
    "date",
    "start_utc",
    "end_utc",
    "date_precision",
    "place",
    "location_precision",
    "uncertainty_m",
    "latitude",
    "longitude",
    "wkt",
    "category",
    "actors",
    "killed",
    "injured",
    "description",
    "notes",
    "sources",
    "extra",
];

/// An ISO 8601 UTC time, or empty for an open end.
#[must_use]
pub fn utc_text(t: UnixSeconds) -> String {
    if t == UNBOUNDED_PAST || t == UNBOUNDED_FUTURE {
        return String::new();
    }
    jiff::Timestamp::from_second(t)
        .map(|ts| ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// The WKT of a geometry (`POINT (lon lat)`, `MULTIPOINT ((lon lat), …)`), empty when unlocated.
#[must_use]
pub fn wkt(geometry: &Geometry) -> String {
    match geometry {
        Geometry::None => String::new(),
        Geometry::Point(p) => format!("POINT ({} {})", p.lon, p.lat),
        Geometry::MultiPoint(ps) => {
            let parts: Vec<String> = ps.iter().map(|p| format!("({} {})", p.lon, p.lat)).collect();
            format!("MULTIPOINT ({})", parts.join(", "))
        }
    }
}

/// Writes incidents as CSV with a header row.
///
/// # Errors
/// Any error from the writer.
pub fn write(out: &mut dyn Write, incidents: &[Incident]) -> std::io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(COLUMNS)?;
    let opt = |v: Option<String>| v.unwrap_or_default();
    for i in incidents {
        let interval = i.date.interval();
        let first = i.geometry.positions().first();
        w.write_record([
            i.id.clone(),
            i.title.clone(),
            i.date.to_string(),
            utc_text(interval.start),
            utc_text(interval.end),
            i.date.precision().name().to_owned(),
            opt(i.place.clone()),
            opt(i.location_precision.map(|p| LocationPrecision::name(p).to_owned())),
            opt(i.uncertainty_m.map(|u| u.to_string())),
            opt(first.map(|p| p.lat.to_string())),
            opt(first.map(|p| p.lon.to_string())),
            wkt(&i.geometry),
            i.category.clone(),
            i.actors.join("; "),
            opt(i.killed.map(|k| k.to_string())),
            opt(i.injured.map(|k| k.to_string())),
            opt(i.description.clone()),
            opt(i.notes.clone()),
            super::geojson::sources_json(&i.sources).to_string(),
            if i.extra.is_empty() { String::new() } else { i.extra.as_json().to_owned() },
        ])?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EdtfDate, Position};

    #[test]
    fn one_row_per_incident_with_wkt_for_multipoints() {
        let mut a = Incident::new("a", "Comma, \"quote\"", EdtfDate::parse("2016").expect("d"), "arrest");
        a.geometry =
            Geometry::MultiPoint(vec![Position::lat_lon(55.75, 37.62), Position::lat_lon(59.94, 30.31)]);
        a.actors = vec!["FSB".into(), "Seven suspects".into()].into();
        let b = Incident::new("b", "No place", EdtfDate::parse("../2015").expect("d"), "statement");
        let mut out = Vec::new();
        write(&mut out, &[a, b]).expect("write");
        let mut r = ::csv::Reader::from_reader(out.as_slice());
        assert_eq!(r.headers().expect("h").iter().collect::<Vec<_>>(), COLUMNS);
        let rows: Vec<::csv::StringRecord> = r.records().collect::<Result<_, _>>().expect("rows");
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][1], "Comma, \"quote\"");
        assert_eq!(&rows[0][3], "2016-01-01T00:00:00Z");
        assert_eq!(&rows[0][4], "2017-01-01T00:00:00Z");
        assert_eq!(&rows[0][9], "55.75");
        assert_eq!(&rows[0][11], "MULTIPOINT ((37.62 55.75), (30.31 59.94))");
        assert_eq!(&rows[0][13], "FSB; Seven suspects");
        assert_eq!(&rows[1][3], "");
        assert_eq!(&rows[1][11], "");
    }
}
