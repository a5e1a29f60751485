//! GeoPackage (OGC GeoPackage 1.3, QGIS's default format): SQLite with `gpkg_spatial_ref_sys`,
//! `gpkg_contents`, `gpkg_geometry_columns`, one feature table `incidents` in WGS 84 (EPSG:4326) and an
//! R-tree spatial index on its geometry (the `gpkg_rtree_index` extension, kept up to date by the
//! standard triggers).
//!
//! Our table's columns: `fid`, `geom` (GeoPackage binary: a `GP` header, the envelope, then WKB; `NULL`
//! for an unlocated incident), then [our columns](super::table), dates as `DATETIME` and integers as
//! `MEDIUMINT` (32 bits). A GeoPackage whose first feature table has these columns reads back as
//! written; any other (QGIS's, GDAL's) is imported through the field mapping, its points in WGS 84.

use std::fmt::Write as _;
use std::io::Write;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, MAIN_DB};
use serde_json::Value;

use super::table::{COLUMNS, Cell, Kind, Row, Rows, cell};
use crate::io::diagnostic::Diagnostic;
use crate::io::import::{ImportFormat, ImportOptions, Imported};
use crate::io::loaded::IoError;
use crate::model::{Geometry, Incident};

/// The name of our feature table.
pub const TABLE: &str = "incidents";

/// The first bytes of every SQLite database, and so of every GeoPackage.
pub const MAGIC: &[u8] = b"SQLite format 3\0";

/// GeoPackage's `application_id` ("GPKG") and the `user_version` of version 1.3.0.
const APPLICATION_ID: i32 = 0x4750_4B47;
const USER_VERSION: i32 = 10_300;

/// Whether bytes begin as a SQLite database does.
#[must_use]
pub fn looks_like(head: &[u8]) -> bool {
    head.starts_with(MAGIC)
}

/// Writes incidents as a GeoPackage, built in memory and written out whole.
///
/// # Errors
/// Any error from SQLite or the writer.
pub fn write(out: &mut dyn Write, incidents: &[Incident]) -> std::io::Result<()> {
    let sql = |e: rusqlite::Error| std::io::Error::other(format!("GeoPackage: {e}"));
    let mut db = Connection::open_in_memory().map_err(sql)?;
    create(&db).map_err(sql)?;
    insert(&mut db, incidents).map_err(sql)?;
    db.execute_batch(&rtree_triggers()).map_err(sql)?;
    let bytes = db.serialize(MAIN_DB).map_err(sql)?;
    out.write_all(&bytes)
}

fn create(db: &Connection) -> rusqlite::Result<()> {
    db.pragma_update(None, "application_id", APPLICATION_ID)?;
    db.pragma_update(None, "user_version", USER_VERSION)?;
    let columns = COLUMNS.iter().fold(String::new(), |mut out, (f, kind)| {
        let _ = write!(out, ", \"{}\" {}", f.name(), sql_type(*kind));
        out
    });
    db.execute_batch(&format!(
        "BEGIN;
        CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
            organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL,
            description TEXT);
        INSERT INTO gpkg_spatial_ref_sys VALUES
            ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
            ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
            ('WGS 84 geodetic', 4326, 'EPSG', 4326, '{WGS84_WKT}', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
        CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
            identifier TEXT UNIQUE, description TEXT DEFAULT '',
            last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
            CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
        CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
            geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
            CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
            CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
            CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
        CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL,
            definition TEXT NOT NULL, scope TEXT NOT NULL,
            CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
        CREATE TABLE \"{TABLE}\" (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom GEOMETRY{columns});
        INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)
            VALUES ('{TABLE}', 'features', '{TABLE}', 'incident-atlas incidents', 4326);
        INSERT INTO gpkg_geometry_columns VALUES ('{TABLE}', 'geom', 'GEOMETRY', 4326, 0, 0);
        INSERT INTO gpkg_extensions VALUES ('{TABLE}', 'geom', 'gpkg_rtree_index',
            'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
        CREATE VIRTUAL TABLE \"rtree_{TABLE}_geom\" USING rtree(id, minx, maxx, miny, maxy);
        COMMIT;"
    ))
}

/// EPSG:4326 as OGC WKT, as GeoPackage files carry it.
const WGS84_WKT: &str = r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]"#;

/// The triggers of the `gpkg_rtree_index` extension (GeoPackage 1.3, annex F.3) for our table. They call
/// the `ST_` functions that GeoPackage tools (GDAL, QGIS) define, which SQLite alone has not: so they are
/// created after our rows and their index entries are in, and keep the index right for later edits in
/// those tools.
fn rtree_triggers() -> String {
    let (t, c, i) = (TABLE, "geom", "fid");
    let r = format!("rtree_{t}_{c}");
    let put = format!(
        "INSERT OR REPLACE INTO \"{r}\" VALUES (NEW.\"{i}\", ST_MinX(NEW.\"{c}\"), ST_MaxX(NEW.\"{c}\"), \
         ST_MinY(NEW.\"{c}\"), ST_MaxY(NEW.\"{c}\"));"
    );
    let located = format!("(NEW.\"{c}\" NOTNULL AND NOT ST_IsEmpty(NEW.\"{c}\"))");
    let unlocated = format!("(NEW.\"{c}\" ISNULL OR ST_IsEmpty(NEW.\"{c}\"))");
    format!(
        "CREATE TRIGGER \"{r}_insert\" AFTER INSERT ON \"{t}\" WHEN {located} BEGIN {put} END;
         CREATE TRIGGER \"{r}_update1\" AFTER UPDATE OF \"{c}\" ON \"{t}\"
           WHEN OLD.\"{i}\" = NEW.\"{i}\" AND {located} BEGIN {put} END;
         CREATE TRIGGER \"{r}_update2\" AFTER UPDATE OF \"{c}\" ON \"{t}\"
           WHEN OLD.\"{i}\" = NEW.\"{i}\" AND {unlocated} BEGIN DELETE FROM \"{r}\" WHERE id = OLD.\"{i}\"; END;
         CREATE TRIGGER \"{r}_update3\" AFTER UPDATE ON \"{t}\"
           WHEN OLD.\"{i}\" != NEW.\"{i}\" AND {located}
           BEGIN DELETE FROM \"{r}\" WHERE id = OLD.\"{i}\"; {put} END;
         CREATE TRIGGER \"{r}_update4\" AFTER UPDATE ON \"{t}\"
           WHEN OLD.\"{i}\" != NEW.\"{i}\" AND {unlocated}
           BEGIN DELETE FROM \"{r}\" WHERE id IN (OLD.\"{i}\", NEW.\"{i}\"); END;
         CREATE TRIGGER \"{r}_delete\" AFTER DELETE ON \"{t}\" WHEN OLD.\"{c}\" NOT NULL
           BEGIN DELETE FROM \"{r}\" WHERE id = OLD.\"{i}\"; END;"
    )
}

fn insert(db: &mut Connection, incidents: &[Incident]) -> rusqlite::Result<()> {
    let tx = db.transaction()?;
    {
        let names: Vec<String> = COLUMNS.iter().map(|(f, _)| format!("\"{}\"", f.name())).collect();
        let marks: Vec<String> = (0..=COLUMNS.len()).map(|k| format!("?{}", k + 1)).collect();
        let mut row = tx.prepare(&format!(
            "INSERT INTO \"{TABLE}\" (geom, {}) VALUES ({})",
            names.join(", "),
            marks.join(", ")
        ))?;
        let mut index =
            tx.prepare(&format!("INSERT INTO \"rtree_{TABLE}_geom\" VALUES (?1, ?2, ?3, ?4, ?5)"))?;
        let mut bounds: Option<[f64; 4]> = None;
        for incident in incidents {
            let mut values: Vec<rusqlite::types::Value> = vec![geometry_blob(&incident.geometry).into()];
            values.extend(COLUMNS.iter().map(|(field, _)| sql_value(cell(*field, incident))));
            row.execute(rusqlite::params_from_iter(values))?;
            if let Some([min_x, min_y, max_x, max_y]) = super::wkb::bounds(&incident.geometry) {
                index.execute((tx.last_insert_rowid(), min_x, max_x, min_y, max_y))?;
                bounds = Some(match bounds {
                    None => [min_x, min_y, max_x, max_y],
                    Some(b) => [b[0].min(min_x), b[1].min(min_y), b[2].max(max_x), b[3].max(max_y)],
                });
            }
        }
        if let Some([min_x, min_y, max_x, max_y]) = bounds {
            tx.execute(
                "UPDATE gpkg_contents SET min_x = ?1, min_y = ?2, max_x = ?3, max_y = ?4 WHERE table_name = ?5",
                (min_x, min_y, max_x, max_y, TABLE),
            )?;
        }
    }
    tx.commit()
}

/// The SQL type of a column of ours: `DATETIME` for date-times and `MEDIUMINT` (32 bits) for integers, so
/// that GDAL reports them as DateTime and Integer.
const fn sql_type(kind: Kind) -> &'static str {
    match kind {
        Kind::RequiredText => "TEXT NOT NULL",
        Kind::Text | Kind::Json => "TEXT",
        Kind::DateTime => "DATETIME",
        Kind::Real => "REAL",
        Kind::Integer => "MEDIUMINT",
    }
}

fn sql_value(cell: Cell) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match cell {
        Cell::Null => V::Null,
        Cell::Text(t) => V::Text(t),
        Cell::Real(r) => V::Real(r),
        Cell::Integer(i) => V::Integer(i),
    }
}

/// A geometry as GeoPackage binary: `GP`, version 0, flags (little-endian, an `[x, x, y, y]` envelope),
/// SRS 4326, the envelope, then little-endian WKB. `None` (SQL `NULL`) for no place.
fn geometry_blob(geometry: &Geometry) -> Option<Vec<u8>> {
    let [min_x, min_y, max_x, max_y] = super::wkb::bounds(geometry)?;
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(b"GP\0");
    out.push(0b0000_0011);
    out.extend_from_slice(&4326i32.to_le_bytes());
    for v in [min_x, max_x, min_y, max_y] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend(super::wkb::write(geometry)?);
    Some(out)
}

/// A GeoPackage geometry: the positions of its WKB, and whether it was a point, points, or a line or
/// area (then placed at the centre of its points, as other tools' GeoJSON is).
fn read_geometry(blob: &[u8]) -> Result<(Geometry, Option<&'static str>), String> {
    let header = blob.get(..8).ok_or("a geometry shorter than its header")?;
    if &header[..2] != b"GP" {
        return Err("not a GeoPackage geometry (no GP header)".into());
    }
    let flags = header[3];
    let envelope_len = match (flags >> 1) & 0b111 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        other => return Err(format!("a geometry header with envelope code {other}")),
    };
    if flags & 0b1_0000 != 0 {
        return Ok((Geometry::None, None));
    }
    let wkb = blob.get(8 + envelope_len..).ok_or("a geometry shorter than its envelope")?;
    super::wkb::read(wkb)
}

/// The feature table, its geometry column and its SRS, from `gpkg_geometry_columns` (the first feature
/// table).
fn feature_table(db: &Connection) -> Result<(String, Option<String>, Option<i64>), String> {
    let found = db.query_row(
        "SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c
         LEFT JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
         WHERE c.data_type = 'features' ORDER BY c.table_name = ?1 DESC, c.rowid LIMIT 1",
        [TABLE],
        |row| Ok((row.get::<_, String>(0)?, row.get::<_, Option<String>>(1)?, row.get::<_, Option<i64>>(2)?)),
    );
    match found {
        Ok(found) => Ok(found),
        Err(rusqlite::Error::QueryReturnedNoRows) => Err("a GeoPackage with no feature table".into()),
        Err(e) => Err(format!("not a GeoPackage: SQLite cannot read its gpkg_contents table ({e})")),
    }
}

/// Whether an SRS is WGS 84 longitude/latitude: EPSG 4326 (or its OGC CRS84 twin), or GeoPackage's
/// "undefined geographic" 0, which tools write for plain longitude/latitude.
fn is_wgs84(db: &Connection, srs: i64) -> bool {
    let organisation = db
        .query_row(
            "SELECT upper(organization), organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id = ?1",
            [srs],
            |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)),
        )
        .ok();
    srs == 0
        || matches!(organisation, Some((ref o, 4326)) if o == "EPSG")
        || matches!(organisation, Some((ref o, 84)) if o == "OGC")
}

/// A cell as JSON: numbers stay numbers, text stays text, a blob is described.
fn cell_json(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::from(format!("({} bytes of binary data)", b.len())),
    }
}

/// Imports a GeoPackage held in `bytes`: our own table as written, any other through the field mapping.
///
/// # Errors
/// An [`IoError`] naming the file and what is wrong: not SQLite, not a GeoPackage, no feature table, a
/// coordinate system other than WGS 84, or (for another tool's table) no usable fields.
pub fn import(bytes: &[u8], file: &str, options: &ImportOptions) -> Result<Imported, IoError> {
    let whole = |message: String| IoError::Unreadable(Diagnostic::file_error(file, message));
    if !looks_like(bytes) {
        return Err(whole("not a GeoPackage: it does not start as an SQLite database does".into()));
    }
    let mut db = Connection::open_in_memory().map_err(|e| whole(format!("cannot open SQLite: {e}")))?;
    db.deserialize_read_exact(MAIN_DB, bytes, bytes.len(), true)
        .map_err(|e| whole(format!("not a readable SQLite database: {e}")))?;
    let (table, geometry_column, srs) = feature_table(&db).map_err(whole)?;
    if let Some(srs) = srs.filter(|&s| !is_wgs84(&db, s)) {
        return Err(whole(format!(
            "table {table:?} is in the coordinate system {srs}, not WGS 84 (EPSG:4326): reproject it first \
             (ogr2ogr -t_srs EPSG:4326)"
        )));
    }
    let rows = read_rows(&db, &table, geometry_column.as_deref(), file, options)
        .map_err(|e| whole(format!("{table}: {e}")))?;
    rows.import(file, options, ImportFormat::GeoPackage)
}

/// The names of a table's columns, in order, from `PRAGMA table_info` (a name that is not UTF-8 read as
/// lossy text: SQLite's own column names for it would panic in rusqlite, found by fuzzing).
fn column_names(db: &Connection, quoted: &str) -> rusqlite::Result<Vec<String>> {
    let mut info = db.prepare(&format!("PRAGMA table_info(\"{quoted}\")"))?;
    let names = info.query_map([], |row| {
        Ok(match row.get_ref(1)? {
            ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).into_owned(),
            other => cell_json(other).to_string(),
        })
    })?;
    names.collect()
}

fn read_rows(
    db: &Connection,
    table: &str,
    geometry_column: Option<&str>,
    file: &str,
    options: &ImportOptions,
) -> rusqlite::Result<Rows> {
    let quoted = table.replace('"', "\"\"");
    let all = column_names(db, &quoted)?;
    let mut statement = db.prepare(&format!("SELECT * FROM \"{quoted}\""))?;
    if statement.column_count() != all.len() {
        return Err(rusqlite::Error::InvalidColumnIndex(all.len()));
    }
    let fid_at = all.iter().position(|n| n == "fid");
    let geometry_at = geometry_column.and_then(|g| all.iter().position(|n| n == g));
    let kept: Vec<usize> = (0..all.len()).filter(|&k| Some(k) != fid_at && Some(k) != geometry_at).collect();
    let names: Vec<String> = kept.iter().map(|&k| all[k].clone()).collect();
    let mut rows = Rows::new(names, file, options, Some(crate::io::import::OUR_OWN_GEOPACKAGE));
    let mut cursor = statement.query([])?;
    while let Some(row) = cursor.next()? {
        let geometry = match geometry_at.map(|k| row.get_ref(k)).transpose()? {
            None | Some(ValueRef::Null) => Ok((Geometry::None, None)),
            Some(ValueRef::Blob(blob)) => read_geometry(blob),
            Some(_) => Err("a geometry that is not a blob".to_owned()),
        };
        rows.push(Row {
            number: rows.len() + 1,
            fid: fid_at.map(|k| row.get::<_, i64>(k)).transpose().ok().flatten(),
            cells: kept.iter().map(|&k| row.get_ref(k).map(cell_json)).collect::<rusqlite::Result<_>>()?,
            geometry,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EdtfDate, LocationPrecision, Position};

    #[test]
    fn a_line_or_polygon_is_placed_at_its_centre_and_a_bad_blob_is_named() {
        // GP header without envelope, then a little-endian LineString of two points.
        let mut blob = b"GP\0\x01".to_vec();
        blob.extend_from_slice(&4326i32.to_le_bytes());
        blob.push(1);
        blob.extend_from_slice(&2u32.to_le_bytes());
        blob.extend_from_slice(&2u32.to_le_bytes());
        for v in [10.0f64, 50.0, 12.0, 52.0] {
            blob.extend_from_slice(&v.to_le_bytes());
        }
        let (geometry, warning) = read_geometry(&blob).expect("reads");
        assert_eq!(geometry, Geometry::Point(Position::lat_lon(51.0, 11.0)));
        assert!(warning.is_some());
        assert!(read_geometry(&blob[..20]).expect_err("short").contains("WKB"));
        assert!(read_geometry(&blob[..40]).expect_err("short").contains("ends too early"));
        assert!(read_geometry(b"XX\0\x01\0\0\0\0").expect_err("not GP").contains("GP header"));
    }

    #[test]
    fn a_column_name_that_is_not_utf8_is_read_not_panicked_on() {
        // Found by fuzzing: rusqlite panics on such a name when asked for the statement's column names.
        let mut i = Incident::new("a", "t", EdtfDate::parse("2016").expect("EDTF"), "c");
        i.notes = Some("n".into());
        i.sources = vec![crate::model::Source::named("p", "t")].into();
        let mut bytes = Vec::new();
        write(&mut bytes, &[i]).expect("write");
        // Every copy of the name in the file (the schema's text, and any stale copy in free space).
        let places: Vec<usize> =
            bytes.windows(7).enumerate().filter(|(_, w)| *w == b"\"notes\"").map(|(k, _)| k).collect();
        assert!(!places.is_empty(), "the column in the schema");
        for at in places {
            bytes[at + 1] = 0xff;
        }
        let imported = import(&bytes, "x.gpkg", &ImportOptions::default()).expect("reads");
        assert_eq!(imported.loaded.incidents.len(), 1);
        assert_eq!(imported.loaded.incidents[0].notes, None, "the column is no longer ours: \u{fffd}otes");
    }

    #[test]
    fn precision_and_envelope_of_what_we_write() {
        let mut i = Incident::new("a", "t", EdtfDate::parse("2016").expect("EDTF"), "c");
        i.geometry = Geometry::MultiPoint(vec![Position::lat_lon(1.0, 2.0), Position::lat_lon(-3.0, 4.0)]);
        i.location_precision = Some(LocationPrecision::Town);
        assert_eq!(super::super::wkb::bounds(&i.geometry), Some([2.0, -3.0, 4.0, 1.0]));
        let blob = geometry_blob(&i.geometry).expect("located");
        assert_eq!(read_geometry(&blob).expect("reads").0, i.geometry);
        assert_eq!(geometry_blob(&Geometry::None), None);
    }
}
