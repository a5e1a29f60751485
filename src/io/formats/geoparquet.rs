//! GeoParquet 1.1 (Apache Parquet with a `geo` key in the file's metadata), read and written with the
//! `parquet` and `arrow` crates.
//!
//! Ours: a `geometry` column of little-endian WKB (null for an unlocated incident), a `bbox` covering
//! column (`struct<xmin, ymin, xmax, ymax>`, named in the metadata's `covering` so that readers can skip
//! row groups by bounding box), then the columns of [`COLUMNS`]: text as UTF-8, `start_utc`/`end_utc` as
//! UTC timestamps in milliseconds, `uncertainty_m` as a double, `killed`/`injured` as 64-bit integers,
//! and `actors`, `sources` and `extra` as JSON text (the Arrow `arrow.json` extension type). The `geo`
//! metadata gives version `1.1.0`, the WKB encoding, the geometry types, the dataset's bbox and no `crs`
//! (which GeoParquet defines as OGC:CRS84, longitude/latitude on WGS 84). Rows keep the dataset's order.
//!
//! Another tool's GeoParquet goes through the field mapping, its primary geometry column read as WKB (or
//! GeoArrow's native `point` encoding), after its `crs` is checked to be WGS 84 longitude/latitude; a
//! Parquet file without `geo` metadata is read as a table (latitude/longitude columns or a place).

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{Float64Builder, StructBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType,
    UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{
    Array, ArrayRef, BinaryArray, Float64Array, Int64Array, RecordBatch, StringArray,
    TimestampMillisecondArray,
};
use arrow_schema::{DataType, Field as ArrowField, Fields, Schema, TimeUnit};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::file::metadata::KeyValue;
use serde_json::{Map, Value, json};

use super::table::{COLUMNS, Cell, Kind, Row, Rows, cell};
use crate::io::diagnostic::Diagnostic;
use crate::io::geometry::{Shape, located};
use crate::io::import::{ImportFormat, ImportOptions, Imported, OUR_OWN_GEOPARQUET};
use crate::io::loaded::IoError;
use crate::model::{Geometry, Incident, Position};
use crate::sys::contain::contained;

/// The name of our geometry column.
pub const GEOMETRY: &str = "geometry";

/// The name of our bounding-box covering column.
pub const BBOX: &str = "bbox";

/// Rows per row group (and per Arrow batch) when writing.
const ROWS_PER_GROUP: usize = 65_536;

/// Whether bytes begin as a Parquet file does (`PAR1`).
#[must_use]
pub fn looks_like(head: &[u8]) -> bool {
    head.starts_with(b"PAR1")
}

/// The Arrow type of one of our columns.
fn arrow_type(kind: Kind) -> DataType {
    match kind {
        Kind::RequiredText | Kind::Text | Kind::Json => DataType::Utf8,
        Kind::DateTime => DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into())),
        Kind::Real => DataType::Float64,
        Kind::Integer => DataType::Int64,
    }
}

/// The four fields of the bbox struct, in GeoParquet's order.
fn bbox_fields() -> Fields {
    ["xmin", "ymin", "xmax", "ymax"]
        .into_iter()
        .map(|n| ArrowField::new(n, DataType::Float64, false))
        .collect()
}

/// Our Arrow schema: geometry, bbox, then our columns; the `geo` metadata in the schema's own, which the
/// writer keeps in `ARROW:schema` (where pyarrow takes a table's metadata from).
fn schema(geo: &Value) -> Schema {
    let mut fields = vec![
        ArrowField::new(GEOMETRY, DataType::Binary, true),
        ArrowField::new(BBOX, DataType::Struct(bbox_fields()), true),
    ];
    for (field, kind) in COLUMNS {
        let mut column = ArrowField::new(field.name(), arrow_type(kind), kind != Kind::RequiredText);
        if kind == Kind::Json {
            column = column
                .with_metadata(HashMap::from([("ARROW:extension:name".to_owned(), "arrow.json".to_owned())]));
        }
        fields.push(column);
    }
    Schema::new_with_metadata(fields, HashMap::from([("geo".to_owned(), geo.to_string())]))
}

/// The `geo` metadata of our file (GeoParquet 1.1).
fn geo_metadata(incidents: &[Incident]) -> Value {
    let mut types: Vec<&str> = incidents
        .iter()
        .filter_map(|i| match i.geometry {
            Geometry::None => None,
            Geometry::Point(_) => Some("Point"),
            Geometry::MultiPoint(_) => Some("MultiPoint"),
        })
        .collect();
    types.sort_unstable();
    types.dedup();
    let bbox = incidents
        .iter()
        .filter_map(|i| super::wkb::bounds(&i.geometry))
        .reduce(|a, b| [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])]);
    let mut column = json!({
        "encoding": "WKB",
        "geometry_types": types,
        "covering": {"bbox": {
            "xmin": [BBOX, "xmin"], "ymin": [BBOX, "ymin"], "xmax": [BBOX, "xmax"], "ymax": [BBOX, "ymax"],
        }},
    });
    if let Some(bbox) = bbox {
        column["bbox"] = json!(bbox);
    }
    json!({"version": "1.1.0", "primary_column": GEOMETRY, "columns": {GEOMETRY: column}})
}

/// One batch of incidents as Arrow columns in our schema.
fn batch(schema: &Arc<Schema>, incidents: &[Incident]) -> Result<RecordBatch, arrow_schema::ArrowError> {
    let geometry: BinaryArray = incidents.iter().map(|i| super::wkb::write(&i.geometry)).collect();
    let mut bbox = StructBuilder::from_fields(bbox_fields(), incidents.len());
    for i in incidents {
        let bounds = super::wkb::bounds(&i.geometry);
        for (k, value) in bounds.unwrap_or_default().into_iter().enumerate() {
            if let Some(b) = bbox.field_builder::<Float64Builder>(k) {
                b.append_value(value);
            }
        }
        bbox.append(bounds.is_some());
    }
    let mut columns: Vec<ArrayRef> = vec![Arc::new(geometry), Arc::new(bbox.finish())];
    for (field, kind) in COLUMNS {
        let cells = incidents.iter().map(|i| cell(field, i));
        let column: ArrayRef = match kind {
            Kind::RequiredText | Kind::Text | Kind::Json => Arc::new(
                cells.map(|c| if let Cell::Text(t) = c { Some(t) } else { None }).collect::<StringArray>(),
            ),
            Kind::DateTime => Arc::new(
                cells
                    .map(|c| match c {
                        Cell::Text(t) => {
                            t.parse::<jiff::Timestamp>().ok().map(jiff::Timestamp::as_millisecond)
                        }
                        _ => None,
                    })
                    .collect::<TimestampMillisecondArray>()
                    .with_timezone("UTC"),
            ),
            Kind::Real => Arc::new(
                cells.map(|c| if let Cell::Real(r) = c { Some(r) } else { None }).collect::<Float64Array>(),
            ),
            Kind::Integer => Arc::new(
                cells.map(|c| if let Cell::Integer(n) = c { Some(n) } else { None }).collect::<Int64Array>(),
            ),
        };
        columns.push(column);
    }
    RecordBatch::try_new(Arc::clone(schema), columns)
}

/// Writes incidents as our GeoParquet (see the module's text), Snappy-compressed.
///
/// # Errors
/// Any error from the writer, or from Parquet's encoder (as an I/O error).
pub fn write(out: &mut dyn std::io::Write, incidents: &[Incident]) -> std::io::Result<()> {
    let failed = |e: &dyn std::fmt::Display| std::io::Error::other(format!("GeoParquet: {e}"));
    let geo = geo_metadata(incidents);
    let schema = Arc::new(schema(&geo));
    let properties = parquet::file::properties::WriterProperties::builder()
        .set_compression(parquet::basic::Compression::SNAPPY)
        .set_max_row_group_row_count(Some(ROWS_PER_GROUP))
        .build();
    let mut buffer = Vec::new();
    let mut writer =
        ArrowWriter::try_new(&mut buffer, Arc::clone(&schema), Some(properties)).map_err(|e| failed(&e))?;
    // And in the file's key-value metadata, where the GeoParquet specification (and GDAL) look.
    writer.append_key_value_metadata(KeyValue::new("geo".to_owned(), geo.to_string()));
    for chunk in incidents.chunks(ROWS_PER_GROUP) {
        writer.write(&batch(&schema, chunk).map_err(|e| failed(&e))?).map_err(|e| failed(&e))?;
    }
    writer.close().map_err(|e| failed(&e))?;
    out.write_all(&buffer)
}

/// Whether a GeoParquet `crs` (PROJJSON) is WGS 84 longitude/latitude: absent or null (OGC:CRS84 by the
/// specification), or identified as EPSG:4326 or OGC:CRS84.
fn is_wgs84(crs: Option<&Value>) -> bool {
    let Some(crs) = crs.filter(|c| !c.is_null()) else { return true };
    let id = crs.get("id");
    let authority = id.and_then(|i| i.get("authority")).and_then(Value::as_str).unwrap_or_default();
    let code = id.and_then(|i| i.get("code")).map(|c| c.to_string().trim_matches('"').to_owned());
    matches!((authority, code.as_deref()), ("EPSG", Some("4326")) | ("OGC", Some("CRS84")))
}

/// The primary geometry column and its encoding from a file's `geo` metadata.
///
/// # Errors
/// Metadata that is not GeoParquet's, an encoding we do not read, or a CRS other than WGS 84.
fn geometry_column(geo: &str) -> Result<(String, String), String> {
    let geo: Value = serde_json::from_str(geo).map_err(|e| format!("its geo metadata is not JSON: {e}"))?;
    let name = geo
        .get("primary_column")
        .and_then(Value::as_str)
        .ok_or("its geo metadata names no primary_column")?;
    let column = geo
        .get("columns")
        .and_then(|c| c.get(name))
        .ok_or("its geo metadata does not describe its primary column")?;
    let encoding = column.get("encoding").and_then(Value::as_str).unwrap_or("WKB").to_owned();
    if !matches!(encoding.as_str(), "WKB" | "point") {
        return Err(format!("its geometry is encoded as {encoding:?}; WKB and GeoArrow points are read"));
    }
    if !is_wgs84(column.get("crs")) {
        let crs =
            column.get("crs").and_then(|c| c.get("name")).and_then(Value::as_str).unwrap_or("another CRS");
        return Err(format!(
            "its geometry is in {crs:?}, not WGS 84 longitude/latitude: reproject it first (ogr2ogr -t_srs EPSG:4326)"
        ));
    }
    Ok((name.to_owned(), encoding))
}

/// One value of an Arrow array as JSON: text, numbers, booleans, timestamps and dates as ISO 8601 text,
/// lists as arrays and structs as objects; `None` for a type we do not read.
fn json_value(array: &dyn Array, row: usize) -> Option<Value> {
    if array.is_null(row) {
        return Some(Value::Null);
    }
    let number = |n: f64| serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number);
    let time = |t: Option<jiff::Timestamp>| t.map_or(Value::Null, |t| Value::String(t.to_string()));
    Some(match array.data_type() {
        DataType::Utf8 => Value::from(array.as_string::<i32>().value(row)),
        DataType::LargeUtf8 => Value::from(array.as_string::<i64>().value(row)),
        DataType::Utf8View => Value::from(array.as_string_view().value(row)),
        DataType::Boolean => Value::from(array.as_boolean().value(row)),
        DataType::Int8 => Value::from(array.as_primitive::<Int8Type>().value(row)),
        DataType::Int16 => Value::from(array.as_primitive::<Int16Type>().value(row)),
        DataType::Int32 => Value::from(array.as_primitive::<Int32Type>().value(row)),
        DataType::Int64 => Value::from(array.as_primitive::<Int64Type>().value(row)),
        DataType::UInt8 => Value::from(array.as_primitive::<UInt8Type>().value(row)),
        DataType::UInt16 => Value::from(array.as_primitive::<UInt16Type>().value(row)),
        DataType::UInt32 => Value::from(array.as_primitive::<UInt32Type>().value(row)),
        DataType::UInt64 => Value::from(array.as_primitive::<UInt64Type>().value(row)),
        DataType::Float32 => number(f64::from(array.as_primitive::<Float32Type>().value(row))),
        DataType::Float64 => number(array.as_primitive::<Float64Type>().value(row)),
        DataType::Timestamp(unit, _) => {
            let t = match unit {
                TimeUnit::Second => {
                    jiff::Timestamp::from_second(array.as_primitive::<TimestampSecondType>().value(row))
                }
                TimeUnit::Millisecond => jiff::Timestamp::from_millisecond(
                    array.as_primitive::<TimestampMillisecondType>().value(row),
                ),
                TimeUnit::Microsecond => jiff::Timestamp::from_microsecond(
                    array.as_primitive::<TimestampMicrosecondType>().value(row),
                ),
                TimeUnit::Nanosecond => jiff::Timestamp::from_nanosecond(i128::from(
                    array.as_primitive::<TimestampNanosecondType>().value(row),
                )),
            };
            time(t.ok())
        }
        DataType::Date32 => {
            let days = array.as_primitive::<Date32Type>().value(row);
            let day = jiff::civil::date(1970, 1, 1).checked_add(jiff::Span::new().days(i64::from(days)));
            day.map_or(Value::Null, |d| Value::String(d.to_string()))
        }
        DataType::List(_) => {
            let items = array.as_list::<i32>().value(row);
            Value::Array(
                (0..items.len()).map(|k| json_value(items.as_ref(), k).unwrap_or(Value::Null)).collect(),
            )
        }
        DataType::LargeList(_) => {
            let items = array.as_list::<i64>().value(row);
            Value::Array(
                (0..items.len()).map(|k| json_value(items.as_ref(), k).unwrap_or(Value::Null)).collect(),
            )
        }
        DataType::Struct(fields) => {
            let s = array.as_struct();
            let object: Map<String, Value> = fields
                .iter()
                .zip(s.columns())
                .map(|(f, column)| {
                    (f.name().clone(), json_value(column.as_ref(), row).unwrap_or(Value::Null))
                })
                .collect();
            Value::Object(object)
        }
        _ => return None,
    })
}

/// The geometry of one row: WKB (binary), or a GeoArrow point (`struct<x, y>`).
fn row_geometry(array: &dyn Array, row: usize) -> Result<(Geometry, Option<&'static str>), String> {
    if array.is_null(row) {
        return Ok((Geometry::None, None));
    }
    match array.data_type() {
        DataType::Binary => super::wkb::read(array.as_binary::<i32>().value(row)),
        DataType::LargeBinary => super::wkb::read(array.as_binary::<i64>().value(row)),
        DataType::BinaryView => super::wkb::read(array.as_binary_view().value(row)),
        DataType::Struct(_) => {
            let point = array.as_struct();
            let coordinate = |name: &str| {
                point
                    .column_by_name(name)
                    .and_then(|c| json_value(c.as_ref(), row))
                    .and_then(|v| v.as_f64())
                    .ok_or_else(|| format!("a point without its {name}"))
            };
            located(Shape::Point, vec![Position::lat_lon(coordinate("y")?, coordinate("x")?)])
        }
        other => Err(format!("a geometry column of type {other}")),
    }
}

/// Imports a GeoParquet file (or any Parquet file, as a table): ours as written, another tool's through
/// the field mapping.
///
/// # Errors
/// An [`IoError`] for a file that is not Parquet, a `geo` metadata we cannot follow (another CRS, an
/// encoding we do not read), a column that does not decode, or data the parquet crate stops on.
pub fn import(bytes: &[u8], file: &str, options: &ImportOptions) -> Result<Imported, IoError> {
    let whole = |message: String| IoError::Unreadable(Diagnostic::file_error(file, message));
    // The parquet crate runs contained: it still panics on some damaged data (sys::contain).
    let damaged = |panic: String| whole(format!("damaged Parquet data: the reader stopped ({panic})"));
    let builder =
        contained(|| ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::copy_from_slice(bytes)))
            .map_err(damaged)?
            .map_err(|e| whole(format!("not a readable Parquet file: {e}")))?;
    let geo = builder
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .and_then(|kv| kv.iter().find(|k| k.key == "geo"))
        .and_then(|k| k.value.clone());
    let geometry = geo.as_deref().map(geometry_column).transpose().map_err(whole)?;
    let schema = Arc::clone(builder.schema());
    let mut reader = builder.build().map_err(|e| whole(format!("not a readable Parquet file: {e}")))?;
    let geometry_at = geometry.as_ref().and_then(|(name, _)| schema.index_of(name).ok());
    let cover_at = schema.index_of(BBOX).ok().filter(|_| geometry_at.is_some());
    let read_columns: Vec<usize> =
        (0..schema.fields().len()).filter(|k| Some(*k) != geometry_at && Some(*k) != cover_at).collect();
    let names: Vec<String> = read_columns.iter().map(|&k| schema.field(k).name().clone()).collect();
    let mut rows = Rows::new(names, file, options, Some(OUR_OWN_GEOPARQUET));
    let mut unread: Vec<String> = Vec::new();
    while let Some(batch) = contained(|| reader.next()).map_err(damaged)? {
        let batch = batch.map_err(|e| whole(format!("row {}: {e}", rows.len() + 1)))?;
        for row in 0..batch.num_rows() {
            let cells = read_columns
                .iter()
                .map(|&k| {
                    json_value(batch.column(k).as_ref(), row).unwrap_or_else(|| {
                        let name = schema.field(k).name();
                        if !unread.contains(name) {
                            unread.push(name.clone());
                        }
                        Value::Null
                    })
                })
                .collect();
            let geometry = match geometry_at {
                Some(k) => row_geometry(batch.column(k).as_ref(), row),
                None => Ok((Geometry::None, None)),
            };
            let number = rows.len() + 1;
            rows.push(Row { number, fid: None, cells, geometry });
        }
    }
    let mut imported = rows.import(file, options, ImportFormat::GeoParquet)?;
    for name in unread {
        let kind = schema.field_with_name(&name).map(|f| f.data_type().to_string()).unwrap_or_default();
        imported.mapping.push(format!("column {name} ({kind}) is of a type not read: left out"));
    }
    if geo.is_none() {
        imported
            .mapping
            .push("no GeoParquet metadata (geo): read as a table, places from its columns".to_owned());
    }
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EdtfDate;

    fn written(incidents: &[Incident]) -> Vec<u8> {
        let mut out = Vec::new();
        write(&mut out, incidents).expect("write");
        out
    }

    #[test]
    fn geo_metadata_names_the_encoding_types_bbox_and_covering() {
        let mut a = Incident::new("a", "A", EdtfDate::parse("2016").expect("date"), "attack");
        a.geometry = Geometry::MultiPoint(vec![Position::lat_lon(55.0, 37.0), Position::lat_lon(59.9, 30.3)]);
        let b = Incident::new("b", "B", EdtfDate::parse("2017").expect("date"), "arrest");
        let geo = geo_metadata(&[a.clone(), b.clone()]);
        assert_eq!(geo["version"], "1.1.0");
        assert_eq!(geo["columns"]["geometry"]["geometry_types"], json!(["MultiPoint"]));
        assert_eq!(geo["columns"]["geometry"]["bbox"], json!([30.3, 55.0, 37.0, 59.9]));
        assert_eq!(geo["columns"]["geometry"]["covering"]["bbox"]["xmin"], json!(["bbox", "xmin"]));
        let bytes = written(&[a.clone(), b.clone()]);
        assert!(looks_like(&bytes) && bytes.ends_with(b"PAR1"));
        let back = import(&bytes, "x.parquet", &ImportOptions::default()).expect("reads");
        assert!(back.is_our_own(), "{:?}", back.mapping);
        assert_eq!(back.loaded.incidents, vec![a, b]);
    }

    #[test]
    fn another_crs_and_other_encodings_are_refused_with_the_reason() {
        let utm = r#"{"primary_column":"g","columns":{"g":{"encoding":"WKB","crs":{"name":"WGS 84 / UTM zone 37N","id":{"authority":"EPSG","code":32637}}}}}"#;
        assert!(geometry_column(utm).expect_err("refused").contains("WGS 84 / UTM zone 37N"));
        let polygons = r#"{"primary_column":"g","columns":{"g":{"encoding":"polygon"}}}"#;
        assert!(geometry_column(polygons).expect_err("refused").contains("\"polygon\""));
        let crs84 = r#"{"primary_column":"g","columns":{"g":{"encoding":"WKB","crs":{"id":{"authority":"OGC","code":"CRS84"}}}}}"#;
        assert_eq!(geometry_column(crs84), Ok(("g".to_owned(), "WKB".to_owned())));
        let error = import(b"PAR1 not really", "x.parquet", &ImportOptions::default()).expect_err("refused");
        assert!(error.to_string().contains("not a readable Parquet file"), "{error}");
    }

    #[test]
    fn a_dictionary_page_the_parquet_crate_panics_on_is_an_error_naming_the_file() {
        // Found by the geoparquet fuzz target in CI's 20-second smoke: a dictionary index bit width over
        // 32, which parquet 59 asserts on (apache/arrow-rs#10722).
        crate::sys::contain::quiet_panics();
        let bytes =
            include_bytes!("../../../tests/fuzz/seeds/geoparquet/dictionary-bit-width-over-32.parquet");
        let error = import(bytes, "damaged.parquet", &ImportOptions::default()).expect_err("refused");
        let text = error.to_string();
        assert!(text.contains("damaged.parquet") && text.contains("damaged Parquet data"), "{text}");
    }
}
