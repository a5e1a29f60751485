//! The command line: the desktop app by default, plus `validate`, `stats`, `export`, `render` and `synth`.

mod import;
mod render;
mod stats;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

use crate::io::{self, Loaded, Severity};

/// A command line that asks for what cannot be (a value out of range, flags that do not go together): exit
/// code 2, as for the parser's own usage errors. Problems with the data exit with 1.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Returns early from a command with a [`UsageError`].
macro_rules! usage {
    ($($arg:tt)*) => {
        return Err(anyhow::Error::new($crate::cli::UsageError(format!($($arg)*))))
    };
}
pub(crate) use usage;

/// The exit code for an error that ended a command: 2 for a usage error, else 1.
#[must_use]
pub fn exit_code(error: &anyhow::Error) -> ExitCode {
    if error.downcast_ref::<UsageError>().is_some() { ExitCode::from(2) } else { ExitCode::FAILURE }
}

/// An error's message with its causes, each said once (an OS error's text is often in its wrapper's).
#[must_use]
pub fn error_text(error: &anyhow::Error) -> String {
    let mut text = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

/// incident-atlas: explore geocoded incidents on a map and a timeline.
#[derive(Debug, Parser)]
#[command(name = "incident-atlas", version, about, long_about = None)]
pub struct Cli {
    /// A subcommand; without one, the desktop app opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Files to open in the desktop app (default: the bundled dataset).
    pub files: Vec<PathBuf>,
    /// An MBTiles or PMTiles file of raster tiles to show as the basemap (the embedded one stays underneath).
    #[arg(long, value_name = "FILE")]
    pub tiles: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a dataset: exit 0 if clean, else list every problem and exit 1.
    Validate {
        /// The file to check (our .geojson, .geojsons/.geojsonl or .csv; `-` reads standard input).
        file: PathBuf,
        /// Print one JSON object (file, incidents, errors, warnings, problems) instead of lines.
        #[arg(long)]
        json: bool,
    },
    /// Summarise a dataset: counts, time span, categories, places and precisions.
    Stats {
        /// The file to summarise (any file `import` reads; `-` reads standard input).
        file: PathBuf,
        /// Print one JSON object instead of the table.
        #[arg(long)]
        json: bool,
    },
    /// Convert a dataset to `GeoJSON`, a GeoJSON text sequence, CSV, KML, GeoPackage, FlatGeobuf or GeoParquet
    /// (chosen by the extension of --to, or by --to-format).
    Export {
        /// The file to read (any file `import` reads; `-` reads standard input).
        file: PathBuf,
        /// Where to write: OUT.geojson, OUT.geojsons, OUT.geojsonl, OUT.csv, OUT.kml, OUT.gpkg, OUT.fgb or
        /// OUT.parquet;
        /// `-` writes to standard output.
        #[arg(long)]
        to: PathBuf,
        /// The format to write, when --to does not say it by its extension (`-`): geojson, geojsons,
        /// geojsonl, csv, kml, gpkg, fgb or parquet.
        #[arg(long, value_name = "FORMAT")]
        to_format: Option<String>,
        /// Write the readable incidents even when some features have errors (they are listed).
        #[arg(long)]
        skip_invalid: bool,
        /// Start a CSV with a UTF-8 byte-order mark, by which Excel knows the text is UTF-8.
        #[arg(long)]
        bom: bool,
    },
    /// Look a place name up in the offline gazetteer: ranked candidates (exit 1 when none).
    Geocode {
        /// The name (any case, with or without diacritics; transliteration variants match too).
        name: String,
        /// Only places in this country (ISO code such as RU or RUS, or a name); with no such place, the
        /// region or the country itself, as an import places a row that states its country.
        #[arg(long)]
        country: Option<String>,
        /// Prefer places in this admin-1 region (with no such place in the country: the region).
        #[arg(long)]
        region: Option<String>,
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
        /// At most this many candidates.
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// Propose draft incidents from a news article (plain text): dated sentences that name a known place.
    Extract {
        /// The article, as plain text.
        article: PathBuf,
        /// The publication date (EDTF), when the text does not start with it.
        #[arg(long)]
        published: Option<String>,
        /// Who published the article (the drafts' source).
        #[arg(long, default_value = "article")]
        publisher: String,
        /// Where to write the drafts (.geojson, .csv or .kml).
        #[arg(long)]
        to: PathBuf,
    },
    /// Import another tool's file (ACLED, GTD, GDELT, CSV/TSV, GeoJSON, KML/KMZ, GeoPackage, FlatGeobuf,
    /// GeoParquet, Shapefile) into our GeoJSON.
    Import(Box<import::ImportArgs>),
    /// Render a briefing's scenes, a view of a dataset, or an animation, to PNG or GIF (no display needed).
    Render(Box<render::RenderArgs>),
    /// Write reproducible synthetic incidents for benchmarks and tests (a .csv has ACLED's columns).
    Synth {
        /// How many incidents.
        #[arg(long, default_value_t = 10_000)]
        count: usize,
        /// Random seed: the same seed gives the same file.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where to write: OUT.geojson, OUT.csv or OUT.kml.
        #[arg(long)]
        to: PathBuf,
    },
}

/// Runs the command line; returns the process exit code.
///
/// # Errors
/// Any failure that ends the command, already phrased for the user.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        None => open_app(&cli.files, cli.tiles),
        Some(Command::Validate { file, json }) => Ok(validate(&file, json)),
        Some(Command::Stats { file, json }) => {
            let loaded = load(&file)?;
            let summary = stats::Summary::of(&loaded.incidents);
            if json {
                let mut value = summary.json(&shown_name(&file));
                value["problems"] = loaded.diagnostics.iter().map(io::Diagnostic::to_json).collect();
                crate::say_json!(value);
            } else {
                print_diagnostics(&loaded);
                crate::say!("{}", summary.text(&shown_name(&file)).trim_end_matches('\n'));
            }
            // The summary is of what could be read; records that could not are a data problem.
            Ok(if loaded.has_errors() { ExitCode::FAILURE } else { ExitCode::SUCCESS })
        }
        Some(Command::Export { file, to, to_format, skip_invalid, bom }) => {
            let format = output_format(&to, to_format.as_deref())?;
            if bom && format != io::Format::Csv {
                return Err(UsageError("--bom is for CSV output only".into()).into());
            }
            let loaded = load(&file)?;
            print_diagnostics(&loaded);
            if loaded.has_errors() && !skip_invalid {
                bail!(
                    "{}: not exported, because some features could not be read (listed above); \
                     fix them or pass --skip-invalid",
                    file.display()
                );
            }
            if loaded.incidents.is_empty() {
                bail!("{}: no incidents to export", file.display());
            }
            write_output(&to, format, &loaded.incidents, bom)?;
            crate::say_err!("wrote {} incidents to {}", loaded.incidents.len(), shown_name(&to));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Import(args)) => import::run(&args),
        Some(Command::Extract { article, published, publisher, to }) => {
            extract(&article, published.as_deref(), &publisher, &to)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Geocode { name, country, region, json, limit }) => {
            Ok(geocode(&name, &crate::geocode::Hint { country, region }, json, limit))
        }
        Some(Command::Render(args)) => {
            render::run(&args)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Synth { count, seed, to }) => {
            let incidents = crate::store::synth::generate(count, seed);
            if io::Format::from_path(&to).is_ok_and(|f| f == io::Format::Csv) {
                // CSV in ACLED's columns: the shape real exports arrive in, for import benchmarks.
                crate::sys::write_atomically(&to, |out| io::formats::acled::write(out, &incidents))
                    .with_context(|| format!("cannot write {}", to.display()))?;
            } else {
                io::write_path(&to, &incidents)?;
            }
            crate::say_err!("wrote {count} synthetic incidents (seed {seed}) to {}", to.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn extract(article: &Path, published: Option<&str>, publisher: &str, to: &Path) -> Result<()> {
    let text =
        std::fs::read_to_string(article).with_context(|| format!("cannot read {}", article.display()))?;
    let published = published
        .map(|p| crate::model::EdtfDate::parse(p).map_err(|e| UsageError(format!("--published {p:?}: {e}"))))
        .transpose()?;
    let (found, drafts) = crate::extract::extract(&text, published.as_ref(), publisher);
    let when = found.published.as_deref().unwrap_or("unknown (pass --published)");
    crate::say_err!("{}: \"{}\", published {when}", article.display(), found.title);
    for d in &drafts {
        crate::say_err!(
            "  {}  {:<22} {:<34} {}",
            d.incident.id,
            d.incident.date.as_str(),
            d.incident.place.as_deref().unwrap_or(""),
            d.incident.title
        );
    }
    let incidents: Vec<_> = drafts.into_iter().map(|d| d.incident).collect();
    io::write_path(to, &incidents)?;
    crate::say_err!("wrote {} draft incidents to {}; review each before use", incidents.len(), to.display());
    Ok(())
}

/// Answers as the importer places a name: the placement first (marked with how it was placed), then the
/// other candidates inside the stated country.
fn geocode(name: &str, hint: &crate::geocode::Hint, json: bool, limit: usize) -> ExitCode {
    let placed = crate::geocode::place(name, hint);
    let country = hint.country.as_deref().and_then(crate::geocode::country_code);
    let first = placed.as_ref().ok().map(|p| p.candidate.clone());
    let same_as_first = |c: &crate::geocode::Candidate| {
        first.as_ref().is_some_and(|p| {
            (&p.name, &p.country, &p.admin1, p.kind) == (&c.name, &c.country, &c.admin1, c.kind)
        })
    };
    let others = crate::geocode::lookup(name, hint)
        .into_iter()
        .filter(|c| country.is_none_or(|code| c.country.as_bytes() == code))
        .filter(|c| !same_as_first(c));
    let mut found: Vec<crate::geocode::Candidate> = first.clone().into_iter().chain(others).collect();
    found.truncate(limit);
    if json {
        let mut list: Vec<serde_json::Value> = found.iter().map(crate::geocode::Candidate::to_json).collect();
        if let (Ok(p), Some(serde_json::Value::Object(first))) = (&placed, list.first_mut()) {
            first.insert("placed".into(), serde_json::Value::String(p.how.describe()));
        }
        crate::say_json!(serde_json::Value::Array(list));
    } else if found.is_empty() {
        let why = placed.err().unwrap_or_default();
        crate::say_err!(
            "{name:?}: no place of that name in the gazetteer (GeoNames places of 5,000+ people, admin-1 regions); {why}"
        );
    } else {
        if let Ok(p) = &placed {
            crate::say!("placed: {} ({})", p.candidate.label(), p.how.describe());
        }
        crate::say!(
            "{:<32} {:<8} {:>11} {:>11} {:>12} {:<9} region",
            "place",
            "country",
            "latitude",
            "longitude",
            "population",
            "match"
        );
        for c in &found {
            let population = match (c.population, c.kind) {
                (Some(p), _) => crate::model::group_thousands(p as usize),
                (None, crate::geocode::PlaceKind::Country) => "country".to_owned(),
                (None, _) => "region".to_owned(),
            };
            crate::say!(
                "{:<32} {:<8} {:>11.4} {:>11.4} {:>12} {:<9} {}",
                c.name,
                c.country,
                c.lat,
                c.lon,
                population,
                c.quality.name(),
                c.admin1.as_deref().unwrap_or("")
            );
        }
    }
    if found.is_empty() { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn open_app(files: &[PathBuf], tiles: Option<PathBuf>) -> Result<ExitCode> {
    crate::ui::run_native(files.to_vec(), tiles)?;
    Ok(ExitCode::SUCCESS)
}

fn load(file: &Path) -> Result<Loaded> {
    // Every error of a reader names the file already.
    if io::is_stdio(file) {
        return Ok(io::read_any_bytes(&standard_input()?, STDIN_NAME)?);
    }
    Ok(io::read_any(file)?)
}

/// How standard input is named in messages.
const STDIN_NAME: &str = "standard input";

/// All of standard input.
pub(crate) fn standard_input() -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
        .context("cannot read standard input")?;
    Ok(bytes)
}

/// A path as messages name it: `-` is standard input or output.
pub(crate) fn shown_name(path: &Path) -> String {
    if io::is_stdio(path) { "standard output".to_owned() } else { path.display().to_string() }
}

/// The format to write: `--to-format` when given, else the extension of `to` (required unless `to` is
/// `-`, which writes GeoJSON by default).
pub(crate) fn output_format(to: &Path, to_format: Option<&str>) -> Result<io::Format> {
    match to_format {
        Some(name) => Ok(io::Format::from_name(name).map_err(UsageError)?),
        None if io::is_stdio(to) => Ok(io::Format::GeoJson),
        None => Ok(io::Format::from_path(to)?),
    }
}

/// Writes to `to` atomically, or to standard output for `-`; `bom` starts the file with a UTF-8
/// byte-order mark.
pub(crate) fn write_output(
    to: &Path,
    format: io::Format,
    incidents: &[crate::model::Incident],
    bom: bool,
) -> Result<()> {
    let mark: &[u8] = if bom { io::formats::csv::BOM.as_bytes() } else { b"" };
    if io::is_stdio(to) {
        let mut out = std::io::stdout().lock();
        std::io::Write::write_all(&mut out, mark)
            .and_then(|()| io::write_to(&mut out, format, incidents))
            .context("cannot write to standard output")?;
    } else {
        crate::sys::write_atomically(to, |out| {
            out.write_all(mark)?;
            io::formats::write(format, out, incidents)
        })
        .map_err(|source| io::IoError::Os { path: to.to_owned(), source })?;
    }
    for caveat in io::formats::caveats(format, incidents) {
        crate::say_err!("note: {caveat}");
    }
    Ok(())
}

fn print_diagnostics(loaded: &Loaded) {
    for d in &loaded.diagnostics {
        crate::say_err!("{d}");
    }
}

fn validate(file: &Path, json: bool) -> ExitCode {
    let read = if io::is_stdio(file) {
        standard_input()
            .map_err(|e| error_text(&e))
            .and_then(|b| io::read_bytes(&b, STDIN_NAME).map_err(|e| e.to_string()))
    } else {
        io::read_path(file).map_err(|e| e.to_string())
    };
    let name = if io::is_stdio(file) { STDIN_NAME.to_owned() } else { file.display().to_string() };
    let loaded = match read {
        Ok(l) => l,
        Err(e) if json => {
            crate::say_json!(serde_json::json!({"file": name, "readable": false, "error": e}));
            return ExitCode::FAILURE;
        }
        Err(e) => {
            crate::say!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let errors = loaded.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = loaded.diagnostics.len() - errors;
    if json {
        crate::say_json!(serde_json::json!({
            "file": name,
            "readable": true,
            "incidents": loaded.incidents.len(),
            "errors": errors,
            "warnings": warnings,
            "problems": loaded.diagnostics.iter().map(io::Diagnostic::to_json).collect::<Vec<_>>(),
        }));
        return if loaded.diagnostics.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE };
    }
    for d in &loaded.diagnostics {
        crate::say!("{d}");
    }
    if loaded.diagnostics.is_empty() {
        crate::say!("{name}: {} incidents, no problems", loaded.incidents.len());
        ExitCode::SUCCESS
    } else {
        crate::say!("{name}: {errors} errors, {warnings} warnings");
        ExitCode::FAILURE
    }
}
