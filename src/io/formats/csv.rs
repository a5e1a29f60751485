//! CSV export: one row per incident.
//!
//! Columns: `id, title, date, start_utc, end_utc, date_precision, place, location_precision,
//! uncertainty_m, latitude, longitude, wkt, category, actors, killed, injured, description, notes,
//! sources, extra`. A `MultiPoint` incident stays one row: `latitude`/`longitude` give its first place and
//! `wkt` the whole `MULTIPOINT`; unlocated incidents leave the three empty. `actors` are joined with
//! `"; "`; `sources` and `extra` are JSON.

use std::io::Write;

use crate::io::fields::{CSV_COLUMNS, Field};
use crate::model::Incident;

/// Writes incidents as CSV with a header row.
///
/// # Errors
/// Any error from the writer.
pub fn write(out: &mut dyn Write, incidents: &[Incident]) -> std::io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS.map(Field::name))?;
    for i in incidents {
        w.write_record(CSV_COLUMNS.map(|field| field.text(i).unwrap_or_default()))?;
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
        assert_eq!(&rows[0][11], "MULTIPOINT ((37.62 55.75), (30.31 59.94))");
        assert_eq!(&rows[0][13], "FSB; Seven suspects");
        assert_eq!(&rows[1][3], "");
        assert_eq!(&rows[1][11], "");
    }
}
