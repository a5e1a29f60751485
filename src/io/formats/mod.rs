//! One file per format, each reading its files to incidents plus diagnostics and/or writing incidents.
//! The formats written are registered in [`Format`]; the formats imported in
//! [`crate::io::import::ImportFormat`], whose dispatch is [`crate::io::import_path`].

pub mod acled;
pub mod csv;
pub mod flatgeobuf;
pub mod gdelt;
pub mod geojson;
pub mod geojsonseq;
pub mod geoparquet;
pub mod gpkg;
pub mod gtd;
pub mod kml;
pub mod shapefile;
pub mod table;
pub mod wkb;

use std::io::Write;
use std::path::Path;

use crate::io::loaded::IoError;
use crate::model::Incident;

/// A file format this program reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RFC 7946 `GeoJSON` `FeatureCollection`, the native format (read and write).
    GeoJson,
    /// RFC 8142 GeoJSON text sequence, each feature after a record separator (`.geojsons`; read and
    /// write).
    GeoJsonSeq,
    /// Newline-delimited GeoJSON, one feature per line (`.geojsonl`, `.jsonl`, `.ndjson`; read and write).
    GeoJsonLines,
    /// One row per incident (read back and write).
    Csv,
    /// KML 2.2 with time stamps and spans for Google Earth's time slider (read back and write).
    Kml,
    /// OGC GeoPackage 1.3 with an R-tree spatial index (read and write).
    GeoPackage,
    /// FlatGeobuf with its packed Hilbert R-tree spatial index (read and write).
    FlatGeobuf,
    /// GeoParquet 1.1: WKB geometry with a bbox covering column (read and write).
    GeoParquet,
}

impl Format {
    /// The format named by a file's extension (`.geojson`/`.json`, `.geojsons`, `.geojsonl`/`.jsonl`/
    /// `.ndjson`, `.csv`, `.kml`, `.gpkg`, `.fgb`, `.parquet`/`.geoparquet`).
    ///
    /// # Errors
    /// [`IoError::UnknownFormat`] for any other extension.
    pub fn from_path(path: &Path) -> Result<Format, IoError> {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("geojson" | "json") => Ok(Format::GeoJson),
            Some("geojsons" | "geojsonseq") => Ok(Format::GeoJsonSeq),
            Some("geojsonl" | "jsonl" | "ndjson") => Ok(Format::GeoJsonLines),
            Some("csv") => Ok(Format::Csv),
            Some("kml") => Ok(Format::Kml),
            Some("gpkg") => Ok(Format::GeoPackage),
            Some("fgb") => Ok(Format::FlatGeobuf),
            Some("parquet" | "geoparquet") => Ok(Format::GeoParquet),
            _ => Err(IoError::UnknownFormat { path: path.to_owned() }),
        }
    }

    /// The format named on the command line (`--to-format`, for `-`): `geojson`, `geojsons`, `geojsonl`,
    /// `csv`, `kml`, `gpkg`, `fgb` or `parquet`.
    ///
    /// # Errors
    /// The names it knows, for any other.
    pub fn from_name(name: &str) -> Result<Format, String> {
        Format::from_path(Path::new(&format!("x.{}", name.to_ascii_lowercase()))).map_err(|_| {
            format!("unknown format {name:?}: geojson, geojsons, geojsonl, csv, kml, gpkg, fgb or parquet")
        })
    }
}

/// Writes incidents to `out` in `format`.
///
/// # Errors
/// Any error from the writer.
pub fn write(format: Format, out: &mut dyn Write, incidents: &[Incident]) -> std::io::Result<()> {
    match format {
        Format::GeoJson => geojson::write(out, incidents),
        Format::GeoJsonSeq => geojsonseq::write(out, incidents, true),
        Format::GeoJsonLines => geojsonseq::write(out, incidents, false),
        Format::Csv => csv::write(out, incidents),
        Format::Kml => kml::write(out, incidents),
        Format::GeoPackage => gpkg::write(out, incidents),
        Format::FlatGeobuf => flatgeobuf::write(out, incidents),
        Format::GeoParquet => geoparquet::write(out, incidents),
    }
}

/// What `format` leaves out of these incidents, or keeps where other tools do not look, one sentence
/// each, for the export report (nothing is dropped silently).
#[must_use]
pub fn caveats(format: Format, incidents: &[Incident]) -> Vec<String> {
    let unlocated = incidents.iter().filter(|i| i.geometry == crate::model::Geometry::None).count();
    let mut said = Vec::new();
    if format == Format::FlatGeobuf && unlocated > 0 {
        let (noun, verb, them) =
            if unlocated == 1 { ("incident", "is", "it") } else { ("incidents", "are", "them") };
        said.push(format!(
            "{unlocated} unlocated {noun} {verb} kept in the file's metadata, not as features (a FlatGeobuf \
             feature needs a geometry): QGIS and GDAL do not show {them}, incident-atlas reads {them} back"
        ));
    }
    if format == Format::Kml {
        said.extend(kml::caveats(incidents));
    }
    said
}
