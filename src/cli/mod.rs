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
        /// The file to check (.geojson).
        file: PathBuf,
    },
    /// Summarise a dataset: counts, time span, categories, places and precisions.
    Stats {
        /// The file to summarise (.geojson).
        file: PathBuf,
    },
    /// Convert a dataset to `GeoJSON`, CSV or KML (chosen by the extension of --to).
    Export {
        /// The file to read (.geojson).
        file: PathBuf,
        /// Where to write: OUT.geojson, OUT.csv or OUT.kml.
        #[arg(long)]
        to: PathBuf,
        /// Write the readable incidents even when some features have errors (they are listed).
        #[arg(long)]
        skip_invalid: bool,
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
    /// Import another tool's file (ACLED, GTD, CSV/TSV, GeoJSON, KML/KMZ) into our GeoJSON.
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
        Some(Command::Validate { file }) => Ok(validate(&file)),
        Some(Command::Stats { file }) => {
            let loaded = load(&file)?;
            print_diagnostics(&loaded);
            crate::say!("{}", stats::report(&file, &loaded.incidents).trim_end_matches('\n'));
            // The summary is of what could be read; records that could not are a data problem.
            Ok(if loaded.has_errors() { ExitCode::FAILURE } else { ExitCode::SUCCESS })
        }
        Some(Command::Export { file, to, skip_invalid }) => {
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
            io::write_path(&to, &loaded.incidents)?;
            crate::say_err!("wrote {} incidents to {}", loaded.incidents.len(), to.display());
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
    Ok(io::read_any(file)?)
}

fn print_diagnostics(loaded: &Loaded) {
    for d in &loaded.diagnostics {
        crate::say_err!("{d}");
    }
}

fn validate(file: &Path) -> ExitCode {
    let loaded = match io::read_path(file) {
        Ok(l) => l,
        Err(e) => {
            crate::say!("{e}");
            return ExitCode::FAILURE;
        }
    };
    for d in &loaded.diagnostics {
        crate::say!("{d}");
    }
    let errors = loaded.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = loaded.diagnostics.len() - errors;
    if loaded.diagnostics.is_empty() {
        crate::say!("{}: {} incidents, no problems", file.display(), loaded.incidents.len());
        ExitCode::SUCCESS
    } else {
        crate::say!("{}: {errors} errors, {warnings} warnings", file.display());
        ExitCode::FAILURE
    }
}
