//! `import`: another tool's file into our GeoJSON, with every skipped record reported.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Args;

use crate::io::Severity;
use crate::io::import::dates::DateFormat;
use crate::io::import::mapping::{Overrides, Part};
use crate::io::import::{ImportFormat, ImportOptions};
use crate::io::import_path;
use crate::model::EdtfDate;

/// At most this many problems are printed; `--report` lists them all.
const PRINTED_PROBLEMS: usize = 40;

/// Arguments of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file: an ACLED or GTD export, a CSV/TSV table, GeoJSON (or a GeoJSON text sequence), KML,
    /// KMZ, a GeoPackage, FlatGeobuf, GeoParquet or a Shapefile's .shp; `-` reads standard input (its
    /// format told by its content, or by --format).
    pub file: PathBuf,
    /// auto (sniffed from the name and first bytes), acled, gtd, gdelt, csv, geojson, kml, gpkg, fgb,
    /// parquet or shp.
    #[arg(long, default_value = "auto")]
    pub format: String,
    /// The column of each part of an incident (default: found from the columns' names and values).
    #[command(flatten)]
    pub roles: ColumnFlags,
    /// How dates are written: day-first (dd/mm/yyyy), month-first (mm/dd/yyyy), or a strftime pattern
    /// (`%d.%m.%Y %H:%M`); default: decided for each column from its values (ISO 8601, `31 January 2023`,
    /// month names in English, French, Spanish, Russian and Arabic, YYYYMMDD, epoch seconds).
    #[arg(long)]
    pub date_format: Option<String>,
    /// A date (EDTF: `2017`, `2017-05`, `2017-05-01/2017-06-30`) for every record the file gives none, as
    /// a Google My Maps export gives none; each such incident says so in its notes.
    #[arg(long, value_name = "EDTF")]
    pub date_default: Option<String>,
    /// The table's first line is data, not column names (name them with --columns or --header-from).
    #[arg(long)]
    pub no_header: bool,
    /// Names for the table's columns, comma-separated, in place of its header.
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub columns: Vec<String>,
    /// Takes the columns' names from the first line of this file.
    #[arg(long, value_name = "FILE", conflicts_with = "columns")]
    pub header_from: Option<PathBuf>,
    /// Stop at the first bad record (exit code 1) instead of skipping it, and refuse any guess: a place
    /// found only as its region or country or chosen among several, a date column whose order is a guess.
    #[arg(long)]
    pub strict: bool,
    /// Write every problem, one per line, to this file.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Where to write: OUT.geojson (or .geojsons, .geojsonl, .csv, .kml, .gpkg, .fgb, .parquet); `-` writes to
    /// standard output.
    #[arg(long, required_unless_present = "dry_run")]
    pub to: Option<PathBuf>,
    /// The format to write, when --to does not say it by its extension (`-`): geojson, geojsons,
    /// geojsonl, csv, kml, gpkg, fgb or parquet.
    #[arg(long, value_name = "FORMAT")]
    pub to_format: Option<String>,
    /// Read and report only; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// A flag naming the column of each part of an incident.
#[derive(Debug, Args)]
pub struct ColumnFlags {
    /// The id column.
    #[arg(long)]
    pub id: Option<String>,
    /// The title column.
    #[arg(long)]
    pub title: Option<String>,
    /// The date (or start date) column.
    #[arg(long)]
    pub date: Option<String>,
    /// The end-date column (an interval from date to it).
    #[arg(long)]
    pub date_end: Option<String>,
    /// A time-of-day column (`16:20`) that goes with a date column of days
    #[arg(long)]
    pub time: Option<String>,
    /// The latitude column.
    #[arg(long)]
    pub lat: Option<String>,
    /// The longitude column.
    #[arg(long)]
    pub lon: Option<String>,
    /// A column of WKT (`POINT (lon lat)`) or GeoJSON geometries.
    #[arg(long)]
    pub geometry: Option<String>,
    /// The place-name column.
    #[arg(long)]
    pub place: Option<String>,
    /// The country column (name or ISO code).
    #[arg(long)]
    pub country: Option<String>,
    /// The first-level region column (state, province, oblast).
    #[arg(long)]
    pub region: Option<String>,
    /// The category column.
    #[arg(long)]
    pub category: Option<String>,
    /// Actor columns, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub actors: Vec<String>,
    /// The column of people killed.
    #[arg(long)]
    pub killed: Option<String>,
    /// The column of people injured.
    #[arg(long)]
    pub injured: Option<String>,
    /// The source-link column.
    #[arg(long)]
    pub url: Option<String>,
}

impl ColumnFlags {
    /// The columns named, by part.
    fn overrides(&self, date_format: DateFormat) -> Overrides {
        let mut overrides = Overrides { date_format, ..Overrides::default() };
        let single = [
            (Part::Id, &self.id),
            (Part::Title, &self.title),
            (Part::Date, &self.date),
            (Part::EndDate, &self.date_end),
            (Part::Time, &self.time),
            (Part::Lat, &self.lat),
            (Part::Lon, &self.lon),
            (Part::Geometry, &self.geometry),
            (Part::Place, &self.place),
            (Part::Country, &self.country),
            (Part::Region, &self.region),
            (Part::Category, &self.category),
            (Part::Killed, &self.killed),
            (Part::Injured, &self.injured),
            (Part::Url, &self.url),
        ];
        for (part, name) in single {
            if let Some(name) = name {
                overrides.set(part, name.clone());
            }
        }
        for actor in &self.actors {
            overrides.set(Part::Actors, actor.clone());
        }
        overrides
    }
}

/// Runs `import`.
///
/// # Errors
/// An unreadable file, bad arguments, or a failed write, phrased for the user.
pub fn run(args: &ImportArgs) -> Result<ExitCode> {
    let columns = match &args.header_from {
        Some(path) => header_names(path)?,
        None => args.columns.clone(),
    };
    let date_format = args.date_format.as_deref().map_or(DateFormat::Auto, DateFormat::from_flag);
    let mut overrides = args.roles.overrides(date_format);
    if let Some(text) = &args.date_default {
        let date = EdtfDate::parse(text).map_err(|e| {
            super::UsageError(format!("--date-default {}: {e}", crate::sys::terminal::excerpt(text, 40)))
        })?;
        overrides.default_date = Some(date);
    }
    let options = ImportOptions {
        format: ImportFormat::parse(&args.format).map_err(super::UsageError)?,
        overrides,
        strict: args.strict,
        no_header: args.no_header,
        columns,
    };
    let imported = if crate::io::is_stdio(&args.file) {
        let bytes = super::standard_input()?;
        crate::io::import_bytes(&bytes, &args.file, "standard input", &options)?
    } else {
        import_path(&args.file, &options)?
    };
    let name = if crate::io::is_stdio(&args.file) {
        "standard input".to_owned()
    } else {
        args.file.display().to_string()
    };
    let format_out =
        args.to.as_deref().map(|to| super::output_format(to, args.to_format.as_deref())).transpose()?;
    let problems = &imported.loaded.diagnostics;
    for d in problems.iter().take(PRINTED_PROBLEMS) {
        crate::say_err!("{d}");
    }
    if problems.len() > PRINTED_PROBLEMS {
        let rest = problems.len() - PRINTED_PROBLEMS;
        let hint = if args.report.is_some() { "in the report" } else { "with --report FILE" };
        crate::say_err!("… and {rest} more problems ({hint})");
    }
    if let Some(report) = &args.report {
        let mut text = format!("{name}: {imported}\n");
        for d in problems {
            text.push_str(&d.to_string());
            text.push('\n');
        }
        crate::sys::write_atomically(report, |out| out.write_all(text.as_bytes()))
            .with_context(|| format!("cannot write {}", report.display()))?;
    }
    for line in &imported.mapping {
        crate::say_err!("  {line}");
    }
    let format = imported.format.map_or("", ImportFormat::name);
    crate::say_err!("{name}: {format}: {imported}");
    if imported.geocoded > 0 {
        crate::say_err!(
            "geocoded {} incidents from their place names (marked `geocoded`): {}",
            imported.geocoded,
            imported.placed_by
        );
    }
    let errors = problems.iter().any(|d| d.severity == Severity::Error);
    if args.strict && errors {
        bail!("stopped at the first bad record (--strict); nothing was written");
    }
    // Strict also refuses what was guessed: places found only as a region or a country, or chosen among
    // several, and date columns that read both day first and month first.
    let placed = imported.placed_by;
    let guessed_dates = imported.date_guesses;
    if args.strict && (placed.ambiguous + placed.region + placed.country + guessed_dates) > 0 {
        bail!(
            "--strict: {} place(s) guessed ({placed}) and {guessed_dates} date column(s) read in a guessed order; \
             nothing was written",
            placed.ambiguous + placed.region + placed.country
        );
    }
    if imported.loaded.incidents.is_empty() {
        bail!("{name}: no incidents to write");
    }
    if let (Some(to), Some(format)) = (args.to.as_ref().filter(|_| !args.dry_run), format_out) {
        super::write_output(to, format, &imported.loaded.incidents, false)?;
        crate::say_err!("wrote {} incidents to {}", imported.loaded.incidents.len(), super::shown_name(to));
    }
    // The process ends here: freeing a million records one by one would only make it end later.
    std::mem::forget(imported);
    Ok(ExitCode::SUCCESS)
}

/// The names on the first line of a file (`--header-from`), split at its delimiter.
fn header_names(path: &std::path::Path) -> Result<Vec<String>> {
    let text = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let head = crate::io::import::table::head(&text);
    let delimiter = crate::io::import::table::sniff_delimiter(head);
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).from_reader(head);
    let first =
        reader.records().next().transpose().with_context(|| format!("cannot read {}", path.display()))?;
    let names: Vec<String> =
        first.map(|r| r.iter().map(|f| f.trim().to_owned()).collect()).unwrap_or_default();
    if names.iter().all(String::is_empty) {
        bail!("{}: the first line has no column names", path.display());
    }
    Ok(names)
}
