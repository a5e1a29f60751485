//! Our columns in a feature table, the shape shared by the GeoPackage and FlatGeobuf readers and writers
//! (not a format of its own): which columns, of which kind, each incident's value in them, and reading
//! such rows back, as our own table or as another tool's records for the field mapping.
//!
//! Our columns, after the geometry: `id`, `title`, `date` (the EDTF text, which keeps the precision),
//! `start_utc` and `end_utc` (date-times, so that GIS tools see a time; none for an open end),
//! `date_precision`, `place`, `location_precision`, `uncertainty_m` (real), `category`, `actors` (a JSON
//! array, as GDAL writes string lists), `killed` and `injured` (32-bit integers), `description`,
//! `notes`, `sources` and `extra` (JSON).

use serde_json::{Map, Value};

use crate::io::diagnostic::{Diagnostic, Location, Severity};
use crate::io::fields::Field;
use crate::io::import::foreign::Record;
use crate::io::import::{ImportFormat, ImportOptions, Imported};
use crate::io::loaded::Loaded;
use crate::model::{Geometry, Incident, Position, utc_text};

/// What a column holds, for the types each format declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text every incident has.
    RequiredText,
    /// Text, or none.
    Text,
    /// An ISO 8601 UTC date-time, or none.
    DateTime,
    /// A real number, or none.
    Real,
    /// A 32-bit integer, or none.
    Integer,
    /// JSON text.
    Json,
}

/// Our columns after the geometry, in order, with their kinds.
pub const COLUMNS: [(Field, Kind); 19] = [
    (Field::Id, Kind::RequiredText),
    (Field::Title, Kind::RequiredText),
    (Field::Date, Kind::RequiredText),
    (Field::StartUtc, Kind::DateTime),
    (Field::EndUtc, Kind::DateTime),
    (Field::DatePrecision, Kind::Text),
    (Field::Place, Kind::Text),
    (Field::LocationPrecision, Kind::Text),
    (Field::UncertaintyM, Kind::Real),
    (Field::Category, Kind::RequiredText),
    (Field::Actors, Kind::Json),
    (Field::Killed, Kind::Integer),
    (Field::Injured, Kind::Integer),
    (Field::Description, Kind::Text),
    (Field::Notes, Kind::Text),
    (Field::Sources, Kind::Json),
    (Field::Extra, Kind::Json),
    (Field::Created, Kind::DateTime),
    (Field::Updated, Kind::DateTime),
];

/// The column holding each incident's place in the dataset (1, 2, …), for formats that store features in
/// another order (FlatGeobuf's spatial index sorts them along a Hilbert curve); read back in that order.
pub const ROW: &str = "row";

/// One incident's value in one of our columns.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// No value.
    Null,
    /// Text (also date-times and JSON).
    Text(String),
    /// A real number.
    Real(f64),
    /// An integer.
    Integer(i64),
}

/// An incident's value in one of our columns.
///
/// ```
/// use incident_atlas::io::fields::Field;
/// use incident_atlas::io::formats::table::{Cell, cell};
/// use incident_atlas::model::{EdtfDate, Incident};
/// let mut i = Incident::new("a1", "Bombing", EdtfDate::parse("2015/..").unwrap(), "bombing");
/// i.killed = Some(3);
/// assert_eq!(cell(Field::Killed, &i), Cell::Integer(3));
/// assert_eq!(cell(Field::Actors, &i), Cell::Text("[]".into()));
/// assert_eq!(cell(Field::StartUtc, &i), Cell::Text("2015-01-01T00:00:00Z".into()));
/// assert_eq!(cell(Field::EndUtc, &i), Cell::Null);
/// ```
#[must_use]
pub fn cell(field: Field, incident: &Incident) -> Cell {
    let text = |t: Option<String>| t.map_or(Cell::Null, Cell::Text);
    match field {
        Field::UncertaintyM => incident.uncertainty_m.map_or(Cell::Null, Cell::Real),
        Field::Killed => incident.killed.map_or(Cell::Null, |k| Cell::Integer(i64::from(k))),
        Field::Injured => incident.injured.map_or(Cell::Null, |k| Cell::Integer(i64::from(k))),
        // Always a JSON array (GDAL's form for string lists), never the `; ` text of CSV.
        Field::Actors => Cell::Text(Value::from(incident.actors.to_vec()).to_string()),
        Field::StartUtc | Field::EndUtc => {
            let interval = incident.date.interval();
            let at = if field == Field::StartUtc { interval.start } else { interval.end };
            text(Some(utc_text(at)).filter(|t| !t.is_empty()))
        }
        other => text(other.text(incident)),
    }
}

/// The rows of a feature table as a reader finds them: column names (without the geometry), then each
/// row's cells and geometry. Our own table becomes incidents row by row as the rows come, so that no table
/// of cells is held beside them (a million GeoPackage rows took 3.9 GB that way, 1.0 GB this way); another
/// tool's rows are kept until all are read, for the field mapping.
#[derive(Debug)]
pub struct Rows {
    /// The column names, in order.
    pub names: Vec<String>,
    /// Another tool's rows, in the file's order.
    records: Vec<Row>,
    /// How many rows were pushed.
    count: usize,
    /// Our own table, read as the rows come.
    ours: Option<OurTable>,
}

/// One row of a feature table.
#[derive(Debug)]
pub struct Row {
    /// Its place in the file, from 1.
    pub number: usize,
    /// The file's own feature id, where it has one.
    pub fid: Option<i64>,
    /// Its cells, one per name, as JSON: numbers stay numbers, text stays text.
    pub cells: Vec<Value>,
    /// Its geometry, or why it cannot be read.
    pub geometry: Result<(Geometry, Option<&'static str>), String>,
}

impl Row {
    /// The row as a record for the field mapping (another tool's table).
    #[must_use]
    pub fn into_record(self, names: &[String]) -> Record {
        let mut typed = Map::new();
        let mut fields = Vec::new();
        for (name, value) in names.iter().zip(self.cells) {
            let text = match &value {
                Value::Null => None,
                Value::String(s) => Some(s.clone()),
                other => Some(other.to_string()),
            };
            if let Some(text) = text {
                fields.push((name.clone(), text));
            }
            typed.insert(name.clone(), value);
        }
        let (geometry, warnings, refused) = match self.geometry {
            Ok((geometry, warning)) => (
                Some(geometry),
                warning.map(|w| ("geometry".to_owned(), w.to_owned())).into_iter().collect(),
                None,
            ),
            Err(e) => (None, Vec::new(), Some(("geometry".to_owned(), e))),
        };
        Record {
            at: Location::Feature { number: self.number, id: self.fid.map(|f| f.to_string()) },
            number: self.number,
            id: None,
            geometry,
            fields,
            typed: Some(typed),
            warnings,
            refused,
        }
    }
}

impl Rows {
    /// Rows with these column names. `ours` is the mapping line for our own table in this format (`None`
    /// for a format we never write): when the names are our columns and no field was named by the user,
    /// the table is read back as written, not through the mapping.
    #[must_use]
    pub fn new(names: Vec<String>, file: &str, options: &ImportOptions, ours: Option<&'static str>) -> Self {
        let ours_here = options.overrides.is_empty()
            && [Field::Id, Field::Title, Field::Date, Field::Category, Field::Sources]
                .iter()
                .all(|f| names.iter().any(|n| n == f.name()));
        let ours = ours.filter(|_| ours_here).map(|mapping| OurTable::new(&names, file, mapping));
        Rows { names, records: Vec::new(), count: 0, ours }
    }

    /// Rows that are our own table whatever their names (a file whose own markers say it is ours).
    #[must_use]
    pub fn ours(names: Vec<String>, file: &str, mapping: &'static str) -> Self {
        let ours = Some(OurTable::new(&names, file, mapping));
        Rows { names, records: Vec::new(), count: 0, ours }
    }

    /// Takes the next row.
    pub fn push(&mut self, row: Row) {
        self.count += 1;
        match &mut self.ours {
            Some(table) => table.read(row),
            None => self.records.push(row),
        }
    }

    /// How many rows were pushed.
    #[must_use]
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether no row was pushed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Imports the rows: ours as written (each row as the feature it was, through the checks of our
    /// GeoJSON, in the order of the [`ROW`] column where there is one), any other table through the field
    /// mapping. `format` names what was read.
    ///
    /// # Errors
    /// As [`crate::io::import::foreign::import_records`].
    pub fn import(
        self,
        file: &str,
        options: &ImportOptions,
        format: ImportFormat,
    ) -> Result<Imported, crate::io::IoError> {
        if let Some(table) = self.ours {
            return Ok(table.finish(self.count, format));
        }
        if self.records.is_empty() {
            return Err(crate::io::IoError::Unreadable(Diagnostic::file_error(file, "it holds no features")));
        }
        let names = self.names;
        let records = self.records.into_iter().map(|row| row.into_record(&names)).collect();
        crate::io::import::foreign::import_records(records, file, options)
    }
}

/// Our own table being read back, row by row.
#[derive(Debug)]
struct OurTable {
    file: String,
    mapping: &'static str,
    names: Vec<String>,
    /// Each of our fields and its column.
    wanted: Vec<(Field, Option<usize>)>,
    /// The [`ROW`] column, and each kept incident's place in it.
    row_at: Option<usize>,
    order: Vec<f64>,
    loaded: Loaded,
}

impl OurTable {
    fn new(names: &[String], file: &str, mapping: &'static str) -> Self {
        let column = |name: &str| names.iter().position(|n| n == name);
        let wanted = crate::io::fields::PROPERTIES
            .iter()
            .chain(&[Field::Extra])
            .map(|&f| (f, column(f.name())))
            .collect();
        OurTable {
            file: file.to_owned(),
            mapping,
            names: names.to_vec(),
            wanted,
            row_at: column(ROW),
            order: Vec::new(),
            loaded: Loaded::default(),
        }
    }

    fn read(&mut self, row: Row) {
        let file = self.file.as_str();
        let at = Location::Feature { number: row.number, id: None };
        let problem = |severity, field: String, message: String| {
            Diagnostic::new(severity, file, at.clone(), Some(field).filter(|f| !f.is_empty()), message)
        };
        let place = self.row_at.map(|k| row.cells.get(k).and_then(Value::as_f64).unwrap_or(f64::INFINITY));
        let (props, refused) = our_properties(&self.wanted, &row.cells);
        let (geometry, warning) = match (row.geometry, refused) {
            // A table without a geometry of its own (our CSV converted by another tool): our columns.
            (Ok((Geometry::None, _)), None) => match table_geometry(&row.cells, &self.names) {
                Ok(placed) => placed,
                Err((field, message)) => {
                    self.loaded.diagnostics.push(problem(Severity::Error, field, message));
                    return;
                }
            },
            (Ok(placed), None) => placed,
            (Err(e), _) => {
                self.loaded.diagnostics.push(problem(Severity::Error, "geometry".into(), e));
                return;
            }
            (_, Some((field, message))) => {
                self.loaded.diagnostics.push(problem(Severity::Error, field, message));
                return;
            }
        };
        let feature = serde_json::json!({
            "type": "Feature",
            "geometry": super::geojson::geometry_json(&geometry),
            "properties": props,
        });
        match super::geojson::incident_from_feature(feature, file) {
            Ok((incident, warnings)) => {
                if let Some(message) = warning {
                    self.loaded.diagnostics.push(problem(
                        Severity::Warning,
                        "geometry".into(),
                        message.into(),
                    ));
                }
                for (field, message) in warnings {
                    self.loaded.diagnostics.push(problem(Severity::Warning, field, message));
                }
                self.loaded.incidents.push(incident);
                self.order.extend(place);
            }
            Err((field, message)) => self.loaded.diagnostics.push(problem(Severity::Error, field, message)),
        }
    }

    fn finish(mut self, records: usize, format: ImportFormat) -> Imported {
        if self.row_at.is_some() {
            let mut placed: Vec<(f64, Incident)> =
                self.order.into_iter().zip(self.loaded.incidents).collect();
            placed.sort_by(|a, b| a.0.total_cmp(&b.0));
            self.loaded.incidents = placed.into_iter().map(|(_, incident)| incident).collect();
        }
        Imported {
            loaded: self.loaded,
            records,
            format: Some(format),
            mapping: vec![self.mapping.to_owned()],
            ..Imported::default()
        }
    }
}

/// A row's cells as our GeoJSON properties, and the first cell refused (a JSON column that is not JSON).
fn our_properties(
    wanted: &[(Field, Option<usize>)],
    cells: &[Value],
) -> (Map<String, Value>, Option<(String, String)>) {
    let mut props = Map::new();
    let mut refused: Option<(String, String)> = None;
    for (field, k) in wanted {
        // An empty text is no value (GDAL writes a CSV's empty cells so).
        let cell = match k.and_then(|k| cells.get(k)) {
            None => Value::Null,
            Some(Value::String(text)) if text.is_empty() => Value::Null,
            Some(v) => v.clone(),
        };
        let value = match (field, cell) {
            // Lists and objects are JSON text in their cells (actors also as `; ` text).
            (Field::Actors, Value::String(text)) => Value::from(
                ogr_string_list(&text).unwrap_or_else(|| crate::io::fields::actors_from_text(&text)),
            ),
            (Field::Actors, Value::Null) => Value::Array(Vec::new()),
            (Field::Sources | Field::Extra, Value::String(text)) => match serde_json::from_str(&text) {
                Ok(v) => v,
                Err(e) => {
                    refused.get_or_insert((field.name().to_owned(), format!("not JSON: {e}")));
                    Value::Null
                }
            },
            // Numbers in a text column (a CSV through GDAL): the number, when it is one.
            (Field::Killed | Field::Injured | Field::UncertaintyM, Value::String(text)) => {
                serde_json::from_str::<serde_json::Number>(text.trim())
                    .map_or(Value::String(text), Value::Number)
            }
            (_, v) => v,
        };
        props.insert(field.name().to_owned(), value);
    }
    (props, refused)
}

/// The geometry our CSV's columns give (`wkt`, else `latitude` and `longitude`), for a table that was
/// our CSV before another tool converted it; none when they are absent or empty.
fn table_geometry(
    cells: &[Value],
    names: &[String],
) -> Result<(Geometry, Option<&'static str>), (String, String)> {
    let text = |field: Field| {
        let k = names.iter().position(|n| n == field.name())?;
        match cells.get(k)? {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    if let Some(wkt) = text(Field::Wkt) {
        return crate::io::import::mapping::geometry_text(&wkt).map_err(|e| ("wkt".to_owned(), e));
    }
    let (lat, lon) = (text(Field::Latitude), text(Field::Longitude));
    Ok((
        match crate::io::import::values::parse_lat_lon(lat.as_deref(), lon.as_deref())? {
            Some((lat, lon)) => Geometry::Point(Position::lat_lon(lat, lon)),
            None => Geometry::None,
        },
        None,
    ))
}

/// A list as GDAL 3.6 writes a string list into a text column (`(2:IS,Wilayat Sinai)`), when the count
/// before the colon matches the items; `None` for any other text.
///
/// ```
/// use incident_atlas::io::formats::table::ogr_string_list;
/// assert_eq!(ogr_string_list("(2:IS,Wilayat Sinai)"), Some(vec!["IS".to_owned(), "Wilayat Sinai".to_owned()]));
/// assert_eq!(ogr_string_list("(0:)"), Some(vec![]));
/// assert_eq!(ogr_string_list("(3:a,b)"), None);
/// assert_eq!(ogr_string_list("IS; Wilayat Sinai"), None);
/// ```
#[must_use]
pub fn ogr_string_list(text: &str) -> Option<Vec<String>> {
    let inner = text.strip_prefix('(')?.strip_suffix(')')?;
    let (count, items) = inner.split_once(':')?;
    let count: usize = count.parse().ok()?;
    let list: Vec<String> =
        if items.is_empty() { Vec::new() } else { items.split(',').map(str::to_owned).collect() };
    (list.len() == count).then_some(list)
}
