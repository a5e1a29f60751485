//! ESRI Shapefile (read only): the `.shp` geometries, the `.dbf` attribute table beside it, the `.prj`
//! coordinate system (WGS 84 longitude/latitude, or refused) and the `.cpg` code page.
//!
//! Read with the `shapefile` and `dbase` crates. The `.dbf`'s text is decoded as its `.cpg` says, else as
//! its header's language driver says, else (neither, as in many older files) as UTF-8 when every byte of
//! its records is UTF-8, and else in the legacy encoding `chardetng` guesses from them (the CSV reader's
//! rule: Windows-1251 for Russian, Windows-1252 for Western European text). Every record goes through
//! the field mapping, as another tool's table does; field names are the `.dbf`'s (at most 10 characters).

use std::io::Cursor;
use std::path::Path;

use serde_json::Value;
use shapefile::dbase::{self, FieldValue};
use shapefile::{Shape, ShapeReader};

use super::table::{Row, Rows};
use crate::io::diagnostic::Diagnostic;
use crate::io::geometry::{Shape as Kind, located};
use crate::io::import::{ImportFormat, ImportOptions, Imported};
use crate::io::loaded::IoError;
use crate::model::Position;

/// The files of one Shapefile, read into memory.
#[derive(Debug, Default, Clone)]
pub struct Parts {
    /// The `.shp` (geometries).
    pub shp: Vec<u8>,
    /// The `.dbf` (attributes).
    pub dbf: Vec<u8>,
    /// The `.prj` (coordinate system), when there is one.
    pub prj: Option<String>,
    /// The `.cpg` (the `.dbf`'s code page), when there is one.
    pub cpg: Option<String>,
}

/// Whether bytes begin as a `.shp` does (file code 9994, big-endian).
#[must_use]
pub fn looks_like(head: &[u8]) -> bool {
    head.len() >= 100 && head[..4] == 9994i32.to_be_bytes()
}

/// The file beside `shp` with extension `ext`, in lower or upper case as it exists.
fn sidecar(shp: &Path, ext: &str) -> Option<std::path::PathBuf> {
    [ext.to_owned(), ext.to_ascii_uppercase()]
        .into_iter()
        .map(|e| shp.with_extension(e))
        .find(|p| p.is_file())
}

/// Reads a Shapefile's `.shp` and the files beside it.
///
/// # Errors
/// An [`IoError`] when the `.shp` or its `.dbf` cannot be read (a missing `.dbf` is named as such).
pub fn read_parts(shp: &Path) -> Result<Parts, IoError> {
    let os = |path: &Path| {
        let path = path.to_owned();
        move |source| IoError::Os { path, source }
    };
    let bytes = std::fs::read(shp).map_err(os(shp))?;
    let Some(dbf_path) = sidecar(shp, "dbf") else {
        let name = shp.with_extension("dbf");
        return Err(IoError::Unreadable(Diagnostic::file_error(
            &shp.display().to_string(),
            format!(
                "a Shapefile needs its attribute table beside it, and {} is missing",
                crate::sys::file_name(&name)
            ),
        )));
    };
    let text = |ext: &str| {
        sidecar(shp, ext)
            .and_then(|p| std::fs::read(p).ok())
            .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
    };
    Ok(Parts {
        dbf: std::fs::read(&dbf_path).map_err(os(&dbf_path))?,
        shp: bytes,
        prj: text("prj"),
        cpg: text("cpg"),
    })
}

/// Whether a `.prj` (ESRI or OGC WKT) is WGS 84 longitude/latitude: a geographic system on the WGS 84
/// datum, with no projection.
fn is_wgs84(prj: &str) -> bool {
    let wkt = prj.to_ascii_uppercase().replace([' ', '_'], "");
    let geographic = wkt.starts_with("GEOGCS[") || wkt.starts_with("GEOGCRS[");
    geographic && (wkt.contains("WGS1984") || wkt.contains("WGS84"))
}

/// The code page to decode the `.dbf` with: its `.cpg`, its header's, or a guess from its bytes.
fn encoding(parts: &Parts) -> Result<Option<dbase::encoding::DynEncoding>, String> {
    if let Some(cpg) = parts.cpg.as_deref().filter(|c| !c.is_empty()) {
        return dbase::encoding::DynEncoding::from_name(cpg)
            .map(Some)
            .ok_or_else(|| format!("the .cpg names the code page {cpg:?}, which this reader does not know"));
    }
    // Byte 29: the language driver; 0 is none given.
    if parts.dbf.get(29).is_some_and(|&ldid| ldid != 0) {
        return Ok(None);
    }
    let records = parts.dbf.get(8..10).map_or(0, |n| usize::from(u16::from_le_bytes([n[0], n[1]])));
    let text = parts.dbf.get(records..).unwrap_or_default();
    Ok(Some(if std::str::from_utf8(text).is_ok() {
        dbase::encoding::DynEncoding::from(dbase::encoding::Unicode)
    } else {
        dbase::encoding::EncodingRs::from(crate::io::import::table::legacy_encoding(text)).into()
    }))
}

/// A `.dbf` value as JSON: numbers stay numbers (whole ones integers), dates ISO 8601.
fn cell(value: FieldValue) -> Value {
    let number = |n: f64| {
        if n.fract() == 0.0 && n.abs() < 9.0e15 {
            Value::from(n as i64)
        } else {
            serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
        }
    };
    match value {
        FieldValue::Character(text) => text.map_or(Value::Null, Value::from),
        FieldValue::Memo(text) => Value::from(text),
        FieldValue::Numeric(n) => n.map_or(Value::Null, number),
        FieldValue::Float(n) => n.map_or(Value::Null, |n| number(f64::from(n))),
        FieldValue::Double(n) | FieldValue::Currency(n) => number(n),
        FieldValue::Integer(n) => Value::from(n),
        FieldValue::Logical(b) => b.map_or(Value::Null, Value::Bool),
        FieldValue::Date(d) => {
            d.map_or(Value::Null, |d| Value::from(format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())))
        }
        FieldValue::DateTime(t) => {
            let (d, time) = (t.date(), t.time());
            Value::from(format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                d.year(),
                d.month(),
                d.day(),
                time.hours(),
                time.minutes(),
                time.seconds()
            ))
        }
    }
}

/// A shape's positions and kind (x is the longitude, y the latitude).
fn positions(shape: &Shape) -> (Kind, Vec<Position>) {
    fn all<P>(points: impl IntoIterator<Item = P>, xy: impl Fn(P) -> (f64, f64)) -> Vec<Position> {
        points.into_iter().map(xy).map(|(x, y)| Position::lat_lon(y, x)).collect()
    }
    let many = |n: usize| if n == 1 { Kind::Point } else { Kind::MultiPoint };
    match shape {
        Shape::NullShape => (Kind::Point, Vec::new()),
        Shape::Point(p) => (Kind::Point, vec![Position::lat_lon(p.y, p.x)]),
        Shape::PointM(p) => (Kind::Point, vec![Position::lat_lon(p.y, p.x)]),
        Shape::PointZ(p) => (Kind::Point, vec![Position::lat_lon(p.y, p.x)]),
        // A multipoint of one point is that point: a Shapefile holds one geometry type, so a layer of
        // points and multipoints is written as multipoints throughout (`ogr2ogr -nlt MULTIPOINT`).
        Shape::Multipoint(m) => (many(m.points().len()), all(m.points(), |p| (p.x, p.y))),
        Shape::MultipointM(m) => (many(m.points().len()), all(m.points(), |p| (p.x, p.y))),
        Shape::MultipointZ(m) => (many(m.points().len()), all(m.points(), |p| (p.x, p.y))),
        Shape::Polyline(l) => (Kind::Other, all(l.parts().iter().flatten(), |p| (p.x, p.y))),
        Shape::PolylineM(l) => (Kind::Other, all(l.parts().iter().flatten(), |p| (p.x, p.y))),
        Shape::PolylineZ(l) => (Kind::Other, all(l.parts().iter().flatten(), |p| (p.x, p.y))),
        Shape::Polygon(g) => {
            (Kind::Other, all(g.rings().iter().flat_map(shapefile::PolygonRing::points), |p| (p.x, p.y)))
        }
        Shape::PolygonM(g) => {
            (Kind::Other, all(g.rings().iter().flat_map(shapefile::PolygonRing::points), |p| (p.x, p.y)))
        }
        Shape::PolygonZ(g) => {
            (Kind::Other, all(g.rings().iter().flat_map(shapefile::PolygonRing::points), |p| (p.x, p.y)))
        }
        Shape::Multipatch(m) => {
            (Kind::Other, all(m.patches().iter().flat_map(shapefile::Patch::points), |p| (p.x, p.y)))
        }
    }
}

/// Imports a Shapefile's parts: every record through the field mapping, with its geometry.
///
/// # Errors
/// An [`IoError`] naming the file and what is wrong: not a `.shp`, a `.prj` other than WGS 84, a `.dbf`
/// that cannot be read or whose records do not match the shapes, or a record cut short.
pub fn import(parts: &Parts, file: &str, options: &ImportOptions) -> Result<Imported, IoError> {
    let whole = |message: String| IoError::Unreadable(Diagnostic::file_error(file, message));
    if !looks_like(&parts.shp) {
        return Err(whole("not a Shapefile: the .shp does not start with its file code (9994)".into()));
    }
    if let Some(prj) = parts.prj.as_deref().filter(|p| !is_wgs84(p)) {
        let name: String = prj.split(['"', ',']).nth(1).unwrap_or(prj).chars().take(80).collect();
        return Err(whole(format!(
            "its .prj gives the coordinate system {name:?}, not WGS 84 longitude/latitude: reproject it first \
             (ogr2ogr -t_srs EPSG:4326)"
        )));
    }
    check_record_sizes(&parts.shp).map_err(whole)?;
    let shapes =
        ShapeReader::new(Cursor::new(parts.shp.as_slice())).map_err(|e| whole(format!(".shp: {e}")))?;
    let builder = dbase::ReaderBuilder::new();
    let builder = match encoding(parts).map_err(whole)? {
        Some(encoding) => builder.with_encoding(encoding),
        None => builder,
    };
    let table = builder.build(Cursor::new(parts.dbf.as_slice())).map_err(|e| whole(format!(".dbf: {e}")))?;
    let names: Vec<String> = table.fields().iter().map(|f| f.name().to_owned()).collect();
    let records = table.header().num_records as usize;
    let mut reader = shapefile::Reader::new(shapes, table);
    let mut rows = Rows::new(names, file, options, None);
    for item in reader.iter_shapes_and_records() {
        let number = rows.len() + 1;
        let (shape, mut record) = item.map_err(|e| {
            whole(format!("record {number}: {e} (the .shp and .dbf end early or disagree with each other)"))
        })?;
        let cells = rows.names.iter().map(|n| record.remove(n).map_or(Value::Null, cell)).collect();
        let (kind, found) = positions(&shape);
        rows.push(Row { number, fid: None, cells, geometry: located(kind, found) });
    }
    if rows.len() != records {
        return Err(whole(format!(
            "the .dbf has {records} records and the .shp {} shapes: one of them was cut short",
            rows.len()
        )));
    }
    let mut imported = rows.import(file, options, ImportFormat::Shapefile)?;
    if parts.prj.is_none() {
        imported
            .mapping
            .push("no .prj beside the .shp: its coordinates were read as WGS 84 degrees".to_owned());
    }
    Ok(imported)
}

/// Checks that every record of a `.shp` fits in the file and that the point and part counts it gives fit
/// in its own length, before the `shapefile` crate reserves room for what a record claims (a corrupt
/// count otherwise asks for gigabytes, found by fuzzing).
///
/// # Errors
/// The record's number and what does not fit.
fn check_record_sizes(shp: &[u8]) -> Result<(), String> {
    let be = |at: usize| shp.get(at..at + 4).map(|b| i32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    let le = |at: usize| shp.get(at..at + 4).map(|b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let count = |at: usize| le(at).and_then(|n| usize::try_from(n).ok());
    let mut at = 100;
    let mut number = 0;
    while at + 8 <= shp.len() {
        number += 1;
        let cut = || format!("record {number} of the .shp is cut short or its length is corrupt");
        let length = be(at + 4).and_then(|words| usize::try_from(words).ok()).ok_or_else(cut)? * 2;
        let content = at + 8;
        if content + length > shp.len() {
            return Err(cut());
        }
        // Shape types with a point count after the bounding box; polylines, polygons and multipatches
        // have a part count before it and an index per part.
        let needed = match le(content) {
            Some(8 | 18 | 28) => count(content + 36).map(|points| 40 + 16 * points),
            Some(3 | 5 | 13 | 15 | 23 | 25 | 31) => {
                count(content + 36).zip(count(content + 40)).and_then(|(parts, points)| {
                    let needed = 44 + 4 * parts + 16 * points;
                    // Each part starts at a point of the record, in order (a negative or falling start
                    // makes a part of billions of points).
                    let starts = (0..parts).map(|k| count(content + 44 + 4 * k));
                    let mut last = 0;
                    let ordered = needed <= length
                        && starts.into_iter().all(|start| {
                            let ok = start.is_some_and(|s| s >= last && s <= points);
                            last = start.unwrap_or(0);
                            ok
                        });
                    ordered.then_some(needed)
                })
            }
            _ => Some(0),
        };
        match needed {
            Some(needed) if needed <= length => {}
            _ => {
                return Err(format!(
                    "record {number} of the .shp claims more points or parts than its {length} bytes hold"
                ));
            }
        }
        at = content + length;
    }
    Ok(())
}

/// Imports the Shapefile at `shp` (its `.dbf`, `.prj` and `.cpg` beside it).
///
/// # Errors
/// As [`read_parts`] and [`import`].
pub fn import_path(shp: &Path, options: &ImportOptions) -> Result<Imported, IoError> {
    import(&read_parts(shp)?, &shp.display().to_string(), options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wgs84_is_told_from_esri_and_ogc_text() {
        assert!(is_wgs84(
            r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#
        ));
        assert!(is_wgs84(r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]]]"#));
        assert!(!is_wgs84(
            r#"PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984"]]]"#
        ));
        assert!(!is_wgs84(r#"GEOGCS["GCS_North_American_1983",DATUM["D_North_American_1983"]]"#));
    }

    #[test]
    fn a_shp_that_is_not_one_is_named() {
        let parts = Parts { shp: b"not a shapefile".to_vec(), ..Parts::default() };
        let error = import(&parts, "x.shp", &ImportOptions::default()).expect_err("refused").to_string();
        assert!(error.contains("not a Shapefile"), "{error}");
    }

    /// Found by fuzzing (`shapefile` target): a multipoint claiming 2^28 points in a few bytes made the
    /// crate reserve 4 GiB before it read a point.
    #[test]
    fn a_record_claiming_more_points_than_it_holds_is_refused_before_any_is_read() {
        let mut shp = vec![0u8; 100];
        shp[..4].copy_from_slice(&9994i32.to_be_bytes());
        shp[24..28].copy_from_slice(&100i32.to_be_bytes());
        shp[28..32].copy_from_slice(&1000i32.to_le_bytes());
        shp.extend_from_slice(&1i32.to_be_bytes());
        shp.extend_from_slice(&28i32.to_be_bytes()); // 56 bytes of content
        shp.extend_from_slice(&8i32.to_le_bytes()); // MultiPoint
        shp.extend_from_slice(&[0; 32]);
        shp.extend_from_slice(&(1i32 << 28).to_le_bytes());
        shp.extend_from_slice(&[0; 16]);
        let parts = Parts { shp, ..Parts::default() };
        let error = import(&parts, "x.shp", &ImportOptions::default()).expect_err("refused").to_string();
        assert!(
            error.contains("record 1 of the .shp claims more points or parts than its 56 bytes hold"),
            "{error}"
        );
        assert_eq!(
            check_record_sizes(&parts.shp[..120]),
            Err("record 1 of the .shp is cut short or its length is corrupt".into())
        );
    }

    /// Found by fuzzing (`shapefile` target, second finding): a polygon of four points whose one part
    /// starts at point -1,000,000,000 made the crate reserve room for a billion points.
    #[test]
    fn a_part_starting_outside_its_record_is_refused() {
        let polygon = |start: i32| {
            let mut shp = vec![0u8; 100];
            shp[..4].copy_from_slice(&9994i32.to_be_bytes());
            shp.extend_from_slice(&1i32.to_be_bytes());
            shp.extend_from_slice(&56i32.to_be_bytes()); // 112 bytes: one part, four points
            shp.extend_from_slice(&5i32.to_le_bytes());
            shp.extend_from_slice(&[0; 32]);
            shp.extend_from_slice(&1i32.to_le_bytes());
            shp.extend_from_slice(&4i32.to_le_bytes());
            shp.extend_from_slice(&start.to_le_bytes());
            shp.extend_from_slice(&[0; 64]);
            shp
        };
        assert_eq!(check_record_sizes(&polygon(0)), Ok(()));
        assert_eq!(
            check_record_sizes(&polygon(-1_000_000_000)),
            Err("record 1 of the .shp claims more points or parts than its 112 bytes hold".into())
        );
        assert!(check_record_sizes(&polygon(5)).is_err());
    }
}
