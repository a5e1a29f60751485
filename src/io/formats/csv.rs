//! Our CSV: one row per incident, written for spreadsheets and kepler.gl, and read back to the same
//! incidents.
//!
//! Columns: `id, title, date, start_utc, end_utc, date_precision, place, location_precision,
//! uncertainty_m, latitude, longitude, wkt, category, actors, killed, injured, description, notes,
//! sources, extra`. A `MultiPoint` incident stays one row: `latitude`/`longitude` give its first place and
//! `wkt` the whole `multipoint` (in lower case, see [`write`]); unlocated incidents leave the three empty. `actors` are joined with
//! `"; "` (a JSON array where that would not split back, see [`actors_text`]); `sources` and `extra` are
//! JSON. A table whose header is exactly these columns is read back through [`incident`]: the date as its
//! EDTF text (`start_utc`, `end_utc` and `date_precision` follow from it), the geometry from `wkt` (or the
//! two coordinates), and every row checked as our GeoJSON is. An empty cell is no value: a text field
//! that was empty reads back as none.
//!
//! [`actors_text`]: crate::io::fields::actors_text

use std::io::Write;

use serde_json::{Map, Value};

use crate::io::fields::{CSV_COLUMNS, Field, actors_from_text};
use crate::io::import::table::Converted;
use crate::model::{Geometry, Incident, Position};

/// Whether a table's header is our CSV's, column for column.
#[must_use]
pub fn is_ours(names: &[String]) -> bool {
    // Files written before `created` and `updated` were kept lack the last two columns.
    let before_edit_times = CSV_COLUMNS.len() - 2;
    (names.len() == CSV_COLUMNS.len() || names.len() == before_edit_times)
        && names.iter().zip(CSV_COLUMNS).all(|(n, f)| n == f.name())
}

/// One row of our CSV (`value(k)`: the text of column `k`, `None` when empty) back to its incident.
///
/// # Errors
/// `(field, message)` for a row that cannot be ours: a number, JSON or WKT cell that does not read, or
/// anything our GeoJSON reader refuses.
pub fn incident<'a>(value: impl Fn(usize) -> Option<&'a str>, file: &str) -> Converted {
    let cell = |field: Field| CSV_COLUMNS.iter().position(|f| *f == field).and_then(&value);
    let mut props = Map::new();
    for field in [
        Field::Id,
        Field::Title,
        Field::Date,
        Field::Place,
        Field::LocationPrecision,
        Field::Category,
        Field::Description,
        Field::Notes,
        Field::Created,
        Field::Updated,
    ] {
        props.insert(field.name().to_owned(), cell(field).map_or(Value::Null, Value::from));
    }
    for field in [Field::UncertaintyM, Field::Killed, Field::Injured] {
        let number = match cell(field) {
            None => Value::Null,
            Some(text) => serde_json::from_str::<serde_json::Number>(text)
                .map(Value::Number)
                .map_err(|_| (field.name().to_owned(), format!("{text:?} is not a number")))?,
        };
        props.insert(field.name().to_owned(), number);
    }
    props.insert(
        Field::Actors.name().to_owned(),
        Value::from(cell(Field::Actors).map(actors_from_text).unwrap_or_default()),
    );
    for field in [Field::Sources, Field::Extra] {
        let json = match cell(field) {
            None => Value::Null,
            Some(text) => {
                serde_json::from_str(text).map_err(|e| (field.name().to_owned(), format!("not JSON: {e}")))?
            }
        };
        props.insert(field.name().to_owned(), json);
    }
    // We write points and multipoints only; a line or area put in by hand is placed, with its warning.
    let mut warning = None;
    let geometry = match (cell(Field::Wkt), cell(Field::Latitude), cell(Field::Longitude)) {
        (Some(wkt), _, _) => {
            let (geometry, said) =
                crate::io::import::mapping::geometry_text(wkt).map_err(|e| ("wkt".to_owned(), e))?;
            warning = said;
            geometry
        }
        (None, Some(lat), Some(lon)) => {
            match crate::io::import::values::parse_lat_lon(Some(lat), Some(lon))? {
                Some((lat, lon)) => Geometry::Point(Position::lat_lon(lat, lon)),
                None => Geometry::None,
            }
        }
        _ => Geometry::None,
    };
    let feature = serde_json::json!({
        "type": "Feature",
        "geometry": crate::io::formats::geojson::geometry_json(&geometry),
        "properties": props,
    });
    let (incident, mut warnings) = crate::io::formats::geojson::incident_from_feature(feature, file)?;
    warnings.extend(warning.map(|w| ("wkt".to_owned(), w.to_owned())));
    Ok((incident, warnings))
}

/// The UTF-8 byte-order mark `export --bom` starts a CSV with, for Excel (our reader skips it).
pub const BOM: &str = "\u{feff}";

/// Writes incidents as CSV with a header row. The `wkt` column is in lower case (`point(37.6 55.7)`,
/// `multipoint((37.6 55.7),(30.3 59.9))`): WKT keywords are case-insensitive, GDAL and we read it
/// as the geometry, and kepler.gl, which finds geometry columns by their values in upper case only
/// (type-analyzer's `^(POINT|…|MULTIPOINT|…)`), keeps to one point layer from `latitude`/`longitude`
/// instead of adding a second layer from `wkt`.
///
/// # Errors
/// Any error from the writer.
pub fn write(out: &mut dyn Write, incidents: &[Incident]) -> std::io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS.map(Field::name))?;
    for i in incidents {
        w.write_record(CSV_COLUMNS.map(|field| {
            let text = field.text(i).unwrap_or_default();
            if field == Field::Wkt { text.to_ascii_lowercase() } else { text }
        }))?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EdtfDate, Geometry, Position};

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
        assert_eq!(r.headers().expect("h").iter().collect::<Vec<_>>(), CSV_COLUMNS.map(Field::name));
        let rows: Vec<::csv::StringRecord> = r.records().collect::<Result<_, _>>().expect("rows");
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][1], "Comma, \"quote\"");
        assert_eq!(&rows[0][3], "2016-01-01T00:00:00Z");
        assert_eq!(&rows[0][4], "2017-01-01T00:00:00Z");
        assert_eq!(&rows[0][9], "55.75");
        assert_eq!(&rows[0][11], "multipoint((37.62 55.75),(30.31 59.94))");
        assert_eq!(&rows[0][13], "FSB; Seven suspects");
        assert_eq!(&rows[1][3], "");
        assert_eq!(&rows[1][11], "");
    }

    #[test]
    fn a_csv_written_before_edit_times_were_kept_is_still_ours() {
        let mut a = Incident::new("a", "Raid", EdtfDate::parse("2016-05").expect("d"), "raid");
        a.sources = vec![crate::model::Source { publisher: "P".into(), ..Default::default() }].into();
        a.updated = Some(1_764_871_200);
        let mut out = Vec::new();
        write(&mut out, std::slice::from_ref(&a)).expect("write");
        let mut r = ::csv::Reader::from_reader(out.as_slice());
        let names: Vec<String> = r.headers().expect("h").iter().map(str::to_owned).collect();
        let row = r.records().next().expect("a row").expect("reads");
        assert_eq!(&row[21], "2025-12-04T18:00:00Z");
        let row = &row;
        let cell = |k: usize| row.get(k).filter(|c| !c.is_empty());
        assert!(is_ours(&names) && is_ours(&names[..20]) && !is_ours(&names[..19]));
        let (back, _) = incident(cell, "new.csv").expect("reads");
        assert_eq!(back, a);
        let (old, _) = incident(|k| cell(k).filter(|_| k < 20), "old.csv").expect("reads");
        assert_eq!(old.updated, None);
        assert_eq!(old.title, "Raid");
    }
}
