//! `import`: another tool's file into our GeoJSON, with every skipped record reported.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Args;

use crate::io::import::mapping::Overrides;
use crate::io::import::values::DateFormat;
use crate::io::import::{ImportFormat, ImportOptions};
use crate::io::import_path;
use crate::io::{self, Severity};

/// At most this many problems are printed; `--report` lists them all.
const PRINTED_PROBLEMS: usize = 40;

/// Arguments of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file: an ACLED or GTD export, a CSV/TSV table, GeoJSON, KML or KMZ.
    pub file: PathBuf,
    /// auto (sniffed from the name and first bytes), acled, gtd, csv, geojson or kml.
    #[arg(long, default_value = "auto")]
    pub format: String,
    /// The latitude column (default: found by its usual names).
    #[arg(long)]
    pub lat: Option<String>,
    /// The longitude column.
    #[arg(long)]
    pub lon: Option<String>,
    /// The date column.
    #[arg(long)]
    pub date: Option<String>,
    /// The title column.
    #[arg(long)]
    pub title: Option<String>,
    /// The place-name column.
    #[arg(long)]
    pub place: Option<String>,
    /// The category column.
    #[arg(long)]
    pub category: Option<String>,
    /// How dates are written, as a strftime pattern (`%d/%m/%Y`); default: ISO, `31 January 2023`,
    /// dd-mm-yyyy or epoch seconds/milliseconds.
    #[arg(long)]
    pub date_format: Option<String>,
    /// Stop at the first bad record (exit code 1) instead of skipping it.
    #[arg(long)]
    pub strict: bool,
    /// Write every problem, one per line, to this file.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Where to write: OUT.geojson (or .csv, .kml).
    #[arg(long, required_unless_present = "dry_run")]
    pub to: Option<PathBuf>,
    /// Read and report only; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs `import`.
///
/// # Errors
/// An unreadable file, bad arguments, or a failed write, phrased for the user.
pub fn run(args: &ImportArgs) -> Result<ExitCode> {
    let options = ImportOptions {
        format: ImportFormat::parse(&args.format).map_err(super::UsageError)?,
        overrides: Overrides {
            lat: args.lat.clone(),
            lon: args.lon.clone(),
            date: args.date.clone(),
            title: args.title.clone(),
            place: args.place.clone(),
            category: args.category.clone(),
            date_format: args.date_format.clone().map_or(DateFormat::Auto, DateFormat::Pattern),
        },
        strict: args.strict,
    };
    let imported = import_path(&args.file, &options)?;
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
        let mut text = format!("{}: {imported}\n", args.file.display());
        for d in problems {
            text.push_str(&d.to_string());
            text.push('\n');
        }
        crate::sys::write_atomically(report, |out| out.write_all(text.as_bytes()))
            .with_context(|| format!("cannot write {}", report.display()))?;
    }
    let format = imported.format.map_or("", ImportFormat::name);
    crate::say_err!("{}: {format}: {imported}", args.file.display());
    if imported.geocoded > 0 {
        crate::say_err!(
            "geocoded {} incidents from their place names (marked `geocoded`)",
            imported.geocoded
        );
    }
    let errors = problems.iter().any(|d| d.severity == Severity::Error);
    if args.strict && errors {
        bail!("stopped at the first bad record (--strict); nothing was written");
    }
    if imported.loaded.incidents.is_empty() {
        bail!("{}: no incidents to write", args.file.display());
    }
    if let Some(to) = args.to.as_ref().filter(|_| !args.dry_run) {
        io::write_path(to, &imported.loaded.incidents)?;
        crate::say_err!("wrote {} incidents to {}", imported.loaded.incidents.len(), to.display());
    }
    // The process ends here: freeing a million records one by one would only make it end later.
    std::mem::forget(imported);
    Ok(ExitCode::SUCCESS)
}
