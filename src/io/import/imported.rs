//! What an import is asked to do and what it produced: the format, the options, the result with its
//! counts, and the progress shared with the thread running it. Every reader of other tools' files and the
//! import dispatch use these; this file uses none of them.

use std::fmt;

use super::mapping::{Mapping, Overrides, Part, field_list};
use crate::io::diagnostic::{Location, Severity};
use crate::io::loaded::Loaded;
use crate::model::group_thousands;

/// The formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// Decide from the file's name and first bytes.
    Auto,
    /// An ACLED CSV export.
    Acled,
    /// A Global Terrorism Database CSV export.
    Gtd,
    /// A GDELT 1.0 or 2.0 event export (tab-separated, no header).
    Gdelt,
    /// Any delimited table with coordinates or place names and dates.
    Csv,
    /// GeoJSON: ours, or any other tool's features.
    GeoJson,
    /// KML or KMZ (Google Earth).
    Kml,
    /// A GeoPackage (QGIS's default): ours, or any other tool's feature table in WGS 84.
    GeoPackage,
    /// FlatGeobuf: ours, or any other tool's features in WGS 84.
    FlatGeobuf,
    /// GeoParquet (or any Parquet table): ours, or any other tool's features in WGS 84.
    GeoParquet,
    /// An ESRI Shapefile (`.shp` with its `.dbf`, `.prj`, `.cpg`) in WGS 84.
    Shapefile,
}

impl ImportFormat {
    /// Parses a `--format` value.
    ///
    /// # Errors
    /// Names the accepted values.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.to_ascii_lowercase().as_str() {
            "auto" => Ok(Self::Auto),
            "acled" => Ok(Self::Acled),
            "gtd" => Ok(Self::Gtd),
            "gdelt" => Ok(Self::Gdelt),
            "csv" | "tsv" => Ok(Self::Csv),
            "geojson" | "json" => Ok(Self::GeoJson),
            "kml" | "kmz" => Ok(Self::Kml),
            "gpkg" | "geopackage" => Ok(Self::GeoPackage),
            "fgb" | "flatgeobuf" => Ok(Self::FlatGeobuf),
            "shp" | "shapefile" => Ok(Self::Shapefile),
            "parquet" | "geoparquet" => Ok(Self::GeoParquet),
            other => Err(format!(
                "{other:?} is not a format: use auto, acled, gtd, gdelt, csv, geojson, kml, gpkg, fgb, parquet or shp"
            )),
        }
    }

    /// The format's name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Acled => "ACLED",
            Self::Gtd => "GTD",
            Self::Gdelt => "GDELT",
            Self::Csv => "CSV",
            Self::GeoJson => "GeoJSON",
            Self::Kml => "KML",
            Self::GeoPackage => "GeoPackage",
            Self::FlatGeobuf => "FlatGeobuf",
            Self::GeoParquet => "GeoParquet",
            Self::Shapefile => "Shapefile",
        }
    }

    /// Whether the format is read from the whole file at once (features, placemarks or a database), not
    /// streamed row by row as a table is.
    #[must_use]
    pub fn reads_whole_file(self) -> bool {
        matches!(
            self,
            Self::GeoJson
                | Self::Kml
                | Self::GeoPackage
                | Self::FlatGeobuf
                | Self::GeoParquet
                | Self::Shapefile
        )
    }

    /// Whether the format is binary: its own reader, not the text check, says what is wrong with a file
    /// that is not one.
    #[must_use]
    pub fn is_binary(self) -> bool {
        matches!(self, Self::GeoPackage | Self::FlatGeobuf | Self::GeoParquet | Self::Shapefile)
    }
}

/// The mapping line of a table that is our own CSV.
pub const OUR_OWN_CSV: &str = "our own CSV: every column read back as written";

/// The mapping line of our own GeoPackage.
pub const OUR_OWN_GEOPACKAGE: &str = "our own GeoPackage: every feature read back as written";

/// The mapping line of our own FlatGeobuf.
pub const OUR_OWN_FLATGEOBUF: &str = "our own FlatGeobuf: every feature read back as written";

/// The mapping line of our own GeoParquet.
pub const OUR_OWN_GEOPARQUET: &str = "our own GeoParquet: every row read back as written";

/// The mapping line of our own KML.
pub const OUR_OWN_KML: &str = "our own KML: every placemark and held incident read back as written";

/// The mapping line of our own GeoJSON (or GeoJSON text sequence).
pub const OUR_OWN_GEOJSON: &str = "our own GeoJSON: every feature read back as written";

/// How to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// The format, or `Auto`.
    pub format: ImportFormat,
    /// Field names given by the user.
    pub overrides: Overrides,
    /// Stop at the first bad record.
    pub strict: bool,
    /// The table's first line is data, not names.
    pub no_header: bool,
    /// Names for the table's columns (`--columns`, `--header-from`): they stand in for the file's header,
    /// or name a table that has none.
    pub columns: Vec<String>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            format: ImportFormat::Auto,
            overrides: Overrides::default(),
            strict: false,
            no_header: false,
            columns: Vec::new(),
        }
    }
}

/// What an import produced: the incidents, the format used, and every problem.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// Incidents and problems.
    pub loaded: Loaded,
    /// Records read (good and bad).
    pub records: usize,
    /// The format used.
    pub format: Option<ImportFormat>,
    /// Incidents given coordinates from their place name (offline gazetteer).
    pub geocoded: usize,
    /// How those were placed (a match, an ambiguous name, at their region or country).
    pub placed_by: crate::geocode::PlacedBy,
    /// Incidents given a country and region from their coordinates.
    pub placed_in_area: usize,
    /// Which field became which part, and why (for the report and the import dialog).
    pub mapping: Vec<String>,
    /// Date columns whose day/month order could not be told from their values (read day first).
    pub date_guesses: usize,
}

impl Imported {
    /// Whether the file was our own CSV, read back as written (no column guessed).
    #[must_use]
    pub fn is_our_own_csv(&self) -> bool {
        self.mapping.first().is_some_and(|l| l == OUR_OWN_CSV)
    }

    /// Whether the file was one of our own formats, read back as written: nothing is guessed or added
    /// (no geocoding, no country from the coordinates).
    #[must_use]
    pub fn is_our_own(&self) -> bool {
        self.mapping.first().is_some_and(|l| {
            [
                OUR_OWN_CSV,
                OUR_OWN_GEOJSON,
                OUR_OWN_GEOPACKAGE,
                OUR_OWN_FLATGEOBUF,
                OUR_OWN_GEOPARQUET,
                OUR_OWN_KML,
            ]
            .contains(&l.as_str())
        })
    }

    /// Records skipped (one error each).
    #[must_use]
    pub fn skipped(&self) -> usize {
        self.loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error && d.location != Location::File)
            .count()
    }
}

impl fmt::Display for Imported {
    /// `imported 9,812 of 10,000 rows; 188 skipped`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.loaded.incidents.len();
        let noun = match self.format {
            Some(
                ImportFormat::GeoJson
                | ImportFormat::GeoPackage
                | ImportFormat::FlatGeobuf
                | ImportFormat::Shapefile,
            ) => "features",
            Some(ImportFormat::Kml) => "placemarks",
            _ => "rows",
        };
        write!(
            f,
            "imported {} of {} {noun}; {} skipped",
            group_thousands(n),
            group_thousands(self.records),
            group_thousands(self.records.saturating_sub(n))
        )
    }
}

/// A file's format, field names and first rows as text.
pub type Preview = (ImportFormat, Vec<String>, Vec<Vec<String>>);

/// How far an import has read, shared with the thread running it; set `cancel` to stop reading (the
/// result is then incomplete and should be dropped).
#[derive(Debug, Default)]
pub struct ImportProgress {
    /// Bytes read so far.
    pub read: std::sync::atomic::AtomicU64,
    /// The file's size.
    pub total: std::sync::atomic::AtomicU64,
    /// Stop reading.
    pub cancel: std::sync::atomic::AtomicBool,
}

impl ImportProgress {
    /// The share read, 0 to 1.
    #[must_use]
    pub fn fraction(&self) -> f32 {
        use std::sync::atomic::Ordering::Relaxed;
        let f = self.read.load(Relaxed) as f32 / self.total.load(Relaxed).max(1) as f32;
        f.min(1.0)
    }

    /// Whether the import was asked to stop.
    #[must_use]
    pub fn cancelled(&self) -> bool {
        self.cancel.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// A mapping that can make incidents: a date, and coordinates (a latitude and a longitude, or a WKT or
/// GeoJSON geometry) or a place name. `has_geometry`: the format
/// carries the coordinates itself (GeoJSON, KML), so no field need hold them.
///
/// # Errors
/// Says what is missing and which fields there are.
pub fn usable(mapping: &Mapping, names: &[String], has_geometry: bool) -> Result<(), String> {
    let fields = field_list(names);
    if mapping.get(Part::Date).is_none()
        && mapping.get(Part::Year).is_none()
        && mapping.default_date.is_none()
    {
        return Err(format!(
            "no date field found (fields: {fields}); name it (--date, or the import dialog's date), or give \
             every record one date (--date-default, or the dialog's 'date where none is given'; EDTF: 2017, \
             2017-05, 2017-05-01/2017-06-30)"
        ));
    }
    let coordinates = has_geometry
        || mapping.get(Part::Geometry).is_some()
        || (mapping.get(Part::Lat).is_some() && mapping.get(Part::Lon).is_some());
    if !coordinates && mapping.get(Part::Place).is_none() {
        return Err(format!(
            "no latitude/longitude, geometry or place field found (fields: {fields}); name them with --lat and \
             --lon, --geometry or --place"
        ));
    }
    Ok(())
}
