//! FlatGeobuf (version 3, `.fgb`): a header, a packed Hilbert R-tree spatial index, then one
//! FlatBuffers feature after another, in WGS 84 (EPSG:4326).
//!
//! Our file's columns: `row` (each incident's place in the dataset, since the spatial index stores the
//! features along a Hilbert curve, not in the dataset's order), then [our columns](super::table), dates
//! as `DateTime`, integers as `Int` (`Long` when a count does not fit 32 bits) and lists and objects as
//! `Json`. A FlatGeobuf feature needs a geometry (GDAL 3.6 drops a feature without one, and stops
//! reading at an empty one), so unlocated incidents are kept in the header's `metadata` instead, as
//! JSON rows of the same columns (`{"incident-atlas": {"columns": […], "unlocated": [[…], …]}}`): GIS
//! tools do not see them, and the export says so ([`super::caveats`]). A file with our columns reads back
//! as written, in the dataset's order; any other (GDAL's, QGIS's) is imported through the field mapping.
//!
//! Written with the `flatgeobuf` crate's writer (which builds the index). Read here, over the crate's
//! FlatBuffers accessors, because the crate's own reader panics on hostile files: a property cut short
//! (it slices past the end), an index node size of 1 (an assertion), a point with one coordinate.

use std::io::Write;

use flatgeobuf::{ColumnType, FgbCrs, FgbWriter, FgbWriterOptions, GeometryType};
use geozero::{ColumnValue, GeomProcessor, GeozeroGeometry, PropertyProcessor};
use serde_json::Value;

use super::table::{COLUMNS, Cell, Kind, ROW, Row, Rows, cell};
use crate::io::diagnostic::Diagnostic;
use crate::io::geometry::{Shape, located};
use crate::io::import::{ImportFormat, ImportOptions, Imported};
use crate::io::loaded::IoError;
use crate::model::{Geometry, Incident, Position};

/// Whether bytes begin as a FlatGeobuf file does (`fgb`, a version, `fgb`, a patch level).
#[must_use]
pub fn looks_like(head: &[u8]) -> bool {
    head.len() >= 8 && &head[..3] == b"fgb" && &head[4..7] == b"fgb"
}

/// An incident's geometry, as the crate's writer takes it: longitude before latitude.
struct Shaped<'a>(&'a Geometry);

impl GeozeroGeometry for Shaped<'_> {
    fn process_geom<P: GeomProcessor>(&self, out: &mut P) -> geozero::error::Result<()> {
        match self.0 {
            Geometry::None => Ok(()),
            Geometry::Point(p) => {
                out.point_begin(0)?;
                out.xy(p.lon, p.lat, 0)?;
                out.point_end(0)
            }
            Geometry::MultiPoint(points) => {
                out.multipoint_begin(points.len(), 0)?;
                for (k, p) in points.iter().enumerate() {
                    out.xy(p.lon, p.lat, k)?;
                }
                out.multipoint_end(0)
            }
        }
    }
}

/// The dataset's geometry type: `Point` or `MultiPoint` when every located incident is one, else
/// `Unknown` (each feature then says its own).
fn dataset_type(incidents: &[Incident]) -> GeometryType {
    let mut kinds = incidents.iter().filter_map(|i| match i.geometry {
        Geometry::None => None,
        Geometry::Point(_) => Some(GeometryType::Point),
        Geometry::MultiPoint(_) => Some(GeometryType::MultiPoint),
    });
    let first = kinds.next().unwrap_or(GeometryType::Point);
    if kinds.all(|k| k == first) { first } else { GeometryType::Unknown }
}

/// Writes incidents as FlatGeobuf with a spatial index.
///
/// # Errors
/// Any error from the writer (it stages features in a temporary file).
pub fn write(out: &mut dyn Write, incidents: &[Incident]) -> std::io::Result<()> {
    let failed = |e: &dyn std::fmt::Display| std::io::Error::other(format!("FlatGeobuf: {e}"));
    let metadata = unlocated_metadata(incidents);
    if metadata.as_ref().is_some_and(|m| m.len() > MAX_METADATA_BYTES) {
        return Err(failed(&format!(
            "{} unlocated incidents are too many to keep in the file's header (GDAL reads at most 10 MiB): \
             save as GeoPackage or GeoJSON, which keep them as features",
            unlocated(incidents).count()
        )));
    }
    let options = FgbWriterOptions {
        metadata: metadata.as_deref(),
        write_index: true,
        detect_type: false,
        promote_to_multi: false,
        crs: FgbCrs { org: Some("EPSG"), code: 4326, ..FgbCrs::default() },
        title: Some("incident-atlas incidents"),
        ..FgbWriterOptions::default()
    };
    let mut fgb = FgbWriter::create_with_options("incidents", dataset_type(incidents), options)
        .map_err(|e| failed(&e))?;
    let wide =
        incidents.iter().any(|i| [i.killed, i.injured].iter().flatten().any(|&n| i32::try_from(n).is_err()));
    fgb.add_column(ROW, ColumnType::Long, |_, column| column.nullable = false);
    for (field, kind) in COLUMNS {
        let column_type = match kind {
            Kind::RequiredText | Kind::Text => ColumnType::String,
            Kind::DateTime => ColumnType::DateTime,
            Kind::Real => ColumnType::Double,
            Kind::Integer if wide => ColumnType::Long,
            Kind::Integer => ColumnType::Int,
            Kind::Json => ColumnType::Json,
        };
        fgb.add_column(field.name(), column_type, |_, column| column.nullable = kind != Kind::RequiredText);
    }
    for (k, incident) in incidents.iter().enumerate().filter(|(_, i)| i.geometry != Geometry::None) {
        let mut refused = None;
        fgb.add_feature_geom(Shaped(&incident.geometry), |feature| {
            let mut put = |at: usize, name: &str, value: &ColumnValue| {
                if let Err(e) = feature.property(at, name, value) {
                    refused.get_or_insert(e);
                }
            };
            put(0, ROW, &ColumnValue::Long(k as i64 + 1));
            for (at, (field, kind)) in COLUMNS.iter().enumerate() {
                let (name, at) = (field.name(), at + 1);
                match cell(*field, incident) {
                    Cell::Null => {}
                    Cell::Text(text) => put(
                        at,
                        name,
                        &match kind {
                            Kind::DateTime => ColumnValue::DateTime(&text),
                            Kind::Json => ColumnValue::Json(&text),
                            _ => ColumnValue::String(&text),
                        },
                    ),
                    Cell::Real(r) => put(at, name, &ColumnValue::Double(r)),
                    Cell::Integer(n) if wide => put(at, name, &ColumnValue::Long(n)),
                    Cell::Integer(n) => {
                        put(at, name, &ColumnValue::Int(i32::try_from(n).unwrap_or(i32::MAX)));
                    }
                }
            }
        })
        .map_err(|e| failed(&e))?;
        if let Some(e) = refused {
            return Err(failed(&e));
        }
    }
    fgb.write(out).map_err(|e| failed(&e))
}

/// The most the header's metadata may hold: GDAL refuses a header past 10 MiB.
const MAX_METADATA_BYTES: usize = 8 << 20;

/// The key of our part of the header's metadata.
const METADATA_KEY: &str = "incident-atlas";

/// The unlocated incidents, with their rows (from 1).
fn unlocated(incidents: &[Incident]) -> impl Iterator<Item = (usize, &Incident)> {
    incidents.iter().enumerate().filter(|(_, i)| i.geometry == Geometry::None).map(|(k, i)| (k + 1, i))
}

/// The unlocated incidents as the header's metadata, a JSON row of cells each; `None` when every
/// incident is located.
fn unlocated_metadata(incidents: &[Incident]) -> Option<String> {
    let rows: Vec<Value> = unlocated(incidents)
        .map(|(row, incident)| {
            let cells = COLUMNS.iter().map(|(field, _)| match cell(*field, incident) {
                Cell::Null => Value::Null,
                Cell::Text(t) => Value::from(t),
                Cell::Real(r) => serde_json::Number::from_f64(r).map_or(Value::Null, Value::Number),
                Cell::Integer(n) => Value::from(n),
            });
            std::iter::once(Value::from(row)).chain(cells).collect()
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    let columns: Vec<&str> = std::iter::once(ROW).chain(COLUMNS.iter().map(|(f, _)| f.name())).collect();
    Some(serde_json::json!({ METADATA_KEY: { "columns": columns, "unlocated": rows } }).to_string())
}

/// The rows our header's metadata keeps (unlocated incidents), their cells placed under `names`;
/// numbered on from `first`. None for any other metadata.
fn metadata_rows(metadata: Option<&str>, names: &[String], first: usize) -> Result<Vec<Row>, String> {
    let Some(ours) = metadata
        .and_then(|m| serde_json::from_str::<Value>(m).ok())
        .and_then(|mut m| m.get_mut(METADATA_KEY).map(Value::take))
    else {
        return Ok(Vec::new());
    };
    let bad = |what: &str| format!("the header's {METADATA_KEY} metadata: {what}");
    let columns: Vec<String> = ours
        .get("columns")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("no list of columns"))?
        .iter()
        .map(|c| c.as_str().map(str::to_owned).ok_or_else(|| bad("a column name that is not text")))
        .collect::<Result<_, _>>()?;
    let at: Vec<Option<usize>> = columns.iter().map(|c| names.iter().position(|n| n == c)).collect();
    let rows = ours.get("unlocated").and_then(Value::as_array).ok_or_else(|| bad("no unlocated rows"))?;
    rows.iter()
        .enumerate()
        .map(|(k, row)| {
            let row = row
                .as_array()
                .filter(|r| r.len() == columns.len())
                .ok_or_else(|| bad("a row that does not fit its columns"))?;
            let mut cells = vec![Value::Null; names.len()];
            for (value, at) in row.iter().zip(&at) {
                if let Some(at) = at {
                    cells[*at] = value.clone();
                }
            }
            Ok(Row { number: first + k, fid: None, cells, geometry: Ok((Geometry::None, None)) })
        })
        .collect()
}

/// A little-endian number at `at` (advanced past it), or `None` past the end.
fn take<'a>(bytes: &'a [u8], at: &mut usize, n: usize) -> Option<&'a [u8]> {
    let end = at.checked_add(n).filter(|&e| e <= bytes.len())?;
    let taken = &bytes[*at..end];
    *at = end;
    Some(taken)
}

fn le<const N: usize>(bytes: &[u8], at: &mut usize) -> Option<[u8; N]> {
    take(bytes, at, N).and_then(|b| b.try_into().ok())
}

/// The size in bytes of a packed R-tree of `items` leaves and nodes of `node_size` (FlatGeobuf's
/// layout: every level up to one root, 40 bytes a node); `None` when it cannot be.
fn index_size(items: u64, node_size: u16) -> Option<u64> {
    if node_size < 2 {
        return None;
    }
    // As GDAL counts: at least one level above the leaves, even for one item.
    let (mut n, mut nodes) = (items, items);
    loop {
        n = n.div_ceil(u64::from(node_size));
        nodes = nodes.checked_add(n)?;
        if n <= 1 {
            return nodes.checked_mul(40);
        }
    }
}

/// A feature's properties (a column number, then its value, for each one given) as one JSON cell per
/// column.
fn properties(bytes: &[u8], columns: &[(String, ColumnType)]) -> Result<Vec<Value>, String> {
    let mut cells = vec![Value::Null; columns.len()];
    let short = || "a property cut short".to_owned();
    let mut at = 0;
    // GDAL has written a stray byte after the last property: a lone byte is not one.
    while at + 1 < bytes.len() {
        let k = usize::from(u16::from_le_bytes(le(bytes, &mut at).ok_or_else(short)?));
        let (name, kind) =
            columns.get(k).ok_or_else(|| format!("a property of column {k}, of {}", columns.len()))?;
        let text = |at: &mut usize| -> Result<&[u8], String> {
            let n = u32::from_le_bytes(le(bytes, at).ok_or_else(short)?) as usize;
            take(bytes, at, n).ok_or_else(short)
        };
        let real = |r: f64| serde_json::Number::from_f64(r).map_or(Value::Null, Value::Number);
        let value = match *kind {
            ColumnType::Byte => Value::from(i8::from_le_bytes(le(bytes, &mut at).ok_or_else(short)?)),
            ColumnType::UByte => Value::from(u8::from_le_bytes(le(bytes, &mut at).ok_or_else(short)?)),
            ColumnType::Bool => Value::Bool(le::<1>(bytes, &mut at).ok_or_else(short)? != [0]),
            ColumnType::Short => Value::from(i16::from_le_bytes(le(bytes, &mut at).ok_or_else(short)?)),
            ColumnType::UShort => Value::from(u16::from_le_bytes(le(bytes, &mut at).ok_or_else(short)?)),
            ColumnType::Int => Value::from(i32::from_le_bytes(le(bytes, &mut at).ok_or_else(short)?)),
            ColumnType::UInt => Value::from(u32::from_le_bytes(le(bytes, &mut at).ok_or_else(short)?)),
            ColumnType::Long => Value::from(i64::from_le_bytes(le(bytes, &mut at).ok_or_else(short)?)),
            ColumnType::ULong => Value::from(u64::from_le_bytes(le(bytes, &mut at).ok_or_else(short)?)),
            ColumnType::Float => real(f64::from(f32::from_le_bytes(le(bytes, &mut at).ok_or_else(short)?))),
            ColumnType::Double => real(f64::from_le_bytes(le(bytes, &mut at).ok_or_else(short)?)),
            ColumnType::String | ColumnType::Json | ColumnType::DateTime => {
                let raw = text(&mut at)?;
                Value::from(
                    std::str::from_utf8(raw)
                        .map_err(|_| format!("column {name:?}: text that is not UTF-8"))?,
                )
            }
            ColumnType::Binary => Value::from(format!("({} bytes of binary data)", text(&mut at)?.len())),
            other => {
                return Err(format!("column {name:?} has a type this reader does not know ({})", other.0));
            }
        };
        cells[k] = value;
    }
    Ok(cells)
}

/// Every position of a geometry and its parts (longitude, latitude: the first two of each coordinate).
fn positions(
    geometry: &flatgeobuf::Geometry<'_>,
    depth: usize,
    out: &mut Vec<Position>,
) -> Result<(), String> {
    if depth > 8 {
        return Err("geometries nested too deep".into());
    }
    if let Some(xy) = geometry.xy() {
        if xy.len() % 2 != 0 {
            return Err(format!("a geometry with an odd number of coordinates ({})", xy.len()));
        }
        let mut values = xy.iter();
        while let (Some(lon), Some(lat)) = (values.next(), values.next()) {
            // An empty point is written as NaN coordinates.
            if !(lon.is_nan() && lat.is_nan()) {
                out.push(Position::lat_lon(lat, lon));
            }
        }
    }
    for part in geometry.parts().iter().flatten() {
        positions(&part, depth + 1, out)?;
    }
    Ok(())
}

/// A feature's geometry as ours; `kind` is the header's geometry type (or `Unknown`: the feature's own).
fn read_geometry(
    geometry: Option<flatgeobuf::Geometry<'_>>,
    kind: GeometryType,
) -> Result<(Geometry, Option<&'static str>), String> {
    let Some(geometry) = geometry else { return Ok((Geometry::None, None)) };
    let kind = if kind == GeometryType::Unknown { geometry.type_() } else { kind };
    let mut found = Vec::new();
    positions(&geometry, 0, &mut found)?;
    let shape = match kind {
        GeometryType::Point => Shape::Point,
        GeometryType::MultiPoint => Shape::MultiPoint,
        _ => Shape::Other,
    };
    located(shape, found)
}

/// Whether the header's coordinate system is WGS 84 longitude/latitude (EPSG:4326 or OGC CRS84), or
/// none is named (then the coordinates are checked to be degrees).
fn is_wgs84(crs: Option<flatgeobuf::Crs<'_>>) -> bool {
    let Some(crs) = crs else { return true };
    let org = crs.org().map(str::to_ascii_uppercase);
    match (org.as_deref(), crs.code()) {
        (None | Some("EPSG"), 4326) | (Some("OGC"), 84) => true,
        (_, 0) => crs.code_string().is_none_or(|c| c.eq_ignore_ascii_case("CRS84")) && crs.wkt().is_none(),
        _ => false,
    }
}

/// Imports FlatGeobuf held in `bytes`: our own file as written, any other through the field mapping.
///
/// # Errors
/// An [`IoError`] naming the file and what is wrong: not FlatGeobuf, a header or feature that cannot be
/// read, a file that ends early (fewer features than its header says), or a coordinate system other
/// than WGS 84.
pub fn import(bytes: &[u8], file: &str, options: &ImportOptions) -> Result<Imported, IoError> {
    let whole = |message: String| IoError::Unreadable(Diagnostic::file_error(file, message));
    if !looks_like(bytes) {
        return Err(whole(
            "not FlatGeobuf: its first 8 bytes are not FlatGeobuf's (fgb, a version, fgb, 0)".into(),
        ));
    }
    let mut at = 8;
    let header_len = le::<4>(bytes, &mut at).map(|n| u32::from_le_bytes(n) as usize);
    let header_bytes = header_len
        .and_then(|n| bytes.get(8..12usize.checked_add(n)?))
        .ok_or_else(|| whole("the file ends inside its header".into()))?;
    let header = flatgeobuf::size_prefixed_root_as_header(header_bytes)
        .map_err(|e| whole(format!("a FlatGeobuf header that cannot be read: {e}")))?;
    if !is_wgs84(header.crs()) {
        let code = header.crs().map_or(0, |c| c.code());
        return Err(whole(format!(
            "the coordinate system is {code}, not WGS 84 (EPSG:4326): reproject it first (ogr2ogr -t_srs EPSG:4326)"
        )));
    }
    let columns: Vec<(String, ColumnType)> =
        header.columns().iter().flatten().map(|c| (c.name().to_owned(), c.type_())).collect();
    let promised = header.features_count();
    at = header_bytes.len() + 8;
    if header.index_node_size() > 0 && promised > 0 {
        let size = index_size(promised, header.index_node_size())
            .and_then(|s| usize::try_from(s).ok())
            .ok_or_else(|| whole(format!("an index for {promised} features cannot be")))?;
        take(bytes, &mut at, size).ok_or_else(|| whole("the file ends inside its spatial index".into()))?;
    }
    let names = columns.iter().map(|(n, _)| n.clone()).collect();
    let mut rows = Rows::new(names, file, options, Some(crate::io::import::OUR_OWN_FLATGEOBUF));
    while at < bytes.len() {
        let number = rows.len() + 1;
        let start = at;
        let size = le::<4>(bytes, &mut at).map(|n| u32::from_le_bytes(n) as usize);
        let ends_early = || whole(format!("the file ends inside feature {number}"));
        let body = size.and_then(|n| take(bytes, &mut at, n)).ok_or_else(ends_early)?;
        let feature = flatgeobuf::size_prefixed_root_as_feature(&bytes[start..start + 4 + body.len()])
            .map_err(|e| whole(format!("feature {number} cannot be read: {e}")))?;
        let own: Vec<(String, ColumnType)>;
        let columns = match feature.columns() {
            Some(c) => {
                own = c.iter().map(|c| (c.name().to_owned(), c.type_())).collect();
                &own
            }
            None => &columns,
        };
        let cells = properties(feature.properties().map_or(&[][..], |p| p.bytes()), columns)
            .map_err(|e| whole(format!("feature {number}: {e}")))?;
        let cells =
            if columns.len() == rows.names.len() { cells } else { vec![Value::Null; rows.names.len()] };
        rows.push(Row {
            number,
            fid: None,
            cells,
            geometry: read_geometry(feature.geometry(), header.geometry_type()),
        });
    }
    if promised > 0 && rows.len() as u64 != promised {
        return Err(whole(format!(
            "the header says {promised} features, the file holds {}: it was cut short",
            rows.len()
        )));
    }
    let kept = metadata_rows(header.metadata(), &rows.names, rows.len() + 1).map_err(whole)?;
    for row in kept {
        rows.push(row);
    }
    rows.import(file, options, ImportFormat::FlatGeobuf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EdtfDate, Source};

    fn dataset() -> Vec<Incident> {
        let mut a = Incident::new("a", "first", EdtfDate::parse("2016?").expect("EDTF"), "bombing");
        a.geometry = Geometry::Point(Position::lat_lon(55.75, 37.62));
        a.killed = Some(3);
        let mut b = Incident::new("b", "second", EdtfDate::parse("2017-03/2017-05").expect("EDTF"), "plot");
        b.geometry = Geometry::MultiPoint(vec![Position::lat_lon(1.0, 2.0), Position::lat_lon(-3.0, 4.0)]);
        b.actors = vec!["IS".to_owned(), "x; y".to_owned()].into();
        let c = Incident::new("c", "third, unlocated", EdtfDate::parse("../2018").expect("EDTF"), "plot");
        let mut incidents = vec![c, b, a];
        for i in &mut incidents {
            i.sources = vec![Source::named("p", "t")].into();
            if i.geometry != Geometry::None {
                i.location_precision = Some(crate::model::LocationPrecision::Town);
            }
        }
        incidents
    }

    #[test]
    fn what_we_write_reads_back_in_the_same_order() {
        let incidents = dataset();
        let mut bytes = Vec::new();
        write(&mut bytes, &incidents).expect("write");
        assert!(looks_like(&bytes));
        let imported = import(&bytes, "x.fgb", &ImportOptions::default()).expect("reads");
        assert!(imported.is_our_own(), "{:?}", imported.mapping);
        assert_eq!(imported.loaded.diagnostics, []);
        assert_eq!(imported.loaded.incidents, incidents);
    }

    #[test]
    fn a_file_cut_short_or_spoiled_is_named_not_read_in_part() {
        let mut bytes = Vec::new();
        write(&mut bytes, &dataset()).expect("write");
        let error = |b: &[u8]| match import(b, "x.fgb", &ImportOptions::default()) {
            Err(IoError::Unreadable(d)) => d.message,
            other => panic!("{other:?}"),
        };
        for cut in [10, 40, bytes.len() - 1, bytes.len() - 30] {
            let message = error(&bytes[..cut]);
            assert!(message.contains("ends inside") || message.contains("cut short"), "{cut}: {message}");
        }
        assert!(error(b"PK\x03\x04 not this").contains("not FlatGeobuf"));
        assert_eq!(index_size(1, 16), Some(80));
        assert_eq!(index_size(20, 16), Some(23 * 40));
        assert_eq!(index_size(20, 1), None, "the crate's reader asserts on a node size of 1");
        assert_eq!(index_size(u64::MAX, 16), None);
    }

    #[test]
    fn a_property_cut_short_is_an_error() {
        let columns = vec![("name".to_owned(), ColumnType::String), ("n".to_owned(), ColumnType::Int)];
        assert_eq!(properties(&[1, 0, 7, 0, 0, 0], &columns).expect("reads"), [Value::Null, Value::from(7)]);
        assert!(properties(&[0, 0, 9, 0, 0, 0, b'a'], &columns).expect_err("short").contains("cut short"));
        assert!(properties(&[5, 0, 1], &columns).expect_err("column").contains("column 5"));
        // A stray last byte, as GDAL has written.
        assert_eq!(properties(&[1, 0, 7, 0, 0, 0, 0], &columns).expect("reads")[1], Value::from(7));
    }
}
