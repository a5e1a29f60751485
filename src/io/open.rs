//! Opening any file `import` reads: the format is named or sniffed, its reader runs, places are geocoded
//! and repeated ids made unique. Each record becomes an incident, and every record that cannot is reported
//! with its line and reason while the rest load.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::diagnostic::Diagnostic;
use super::formats::{
    acled, acled::Acled, flatgeobuf, gdelt, geojson, geojsonseq, geoparquet, gpkg, gtd, gtd::Gtd, kml,
    shapefile,
};
use super::import::roles;
use super::import::table::Samples;
use super::import::table::{self, Converted, Header, Row};
use super::import::{ImportFormat, ImportOptions, ImportProgress, Imported, Preview, usable};
use super::loaded::{IoError, Loaded};
use crate::model::Incident;

/// The first rows of a file, for a preview: the format, the field names and up to `rows` records as text
/// (for GeoJSON and KML, the fields of the first features or placemarks).
///
/// # Errors
/// An [`IoError`] when the file cannot be read, is empty or binary.
pub fn preview(path: &Path, asked: ImportFormat, rows: usize) -> Result<Preview, IoError> {
    use std::io::Read as _;
    let file = path.display().to_string();
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(table::SNIFF_BYTES as u64).read_to_end(&mut head))
        .map_err(|source| IoError::Os { path: path.to_owned(), source })?;
    let format = check_head(&head, path, &file, asked)?;
    if format.reads_whole_file() {
        return Ok((format, Vec::new(), Vec::new()));
    }
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(table::sniff_delimiter(&head))
        .has_headers(false)
        .flexible(true)
        .from_reader(head.as_slice());
    let mut records = csv.byte_records().filter_map(Result::ok);
    // Decoded as the import will read them (UTF-8, or else the legacy encoding the first bytes suggest),
    // so the preview shows the same text.
    let legacy = table::legacy_encoding(&head);
    let text = |r: &csv::ByteRecord| {
        let mut used = false;
        r.iter().map(|f| table::decode(f, legacy, &mut used).trim().to_owned()).collect::<Vec<_>>()
    };
    let header = records.next().map(|r| text(&r)).unwrap_or_default();
    let body = records.take(rows).map(|r| text(&r)).collect();
    Ok((format, header, body))
}

/// The format of a file, from its name and first bytes.
#[must_use]
pub fn sniff(path: &Path, head: &[u8]) -> ImportFormat {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let text = String::from_utf8_lossy(head);
    let start = text.trim_start_matches('\u{feff}').trim_start();
    match ext.as_deref() {
        Some("kml" | "kmz") => return ImportFormat::Kml,
        Some("geojson" | "geojsons" | "geojsonseq" | "geojsonl" | "jsonl" | "ndjson") => {
            return ImportFormat::GeoJson;
        }
        Some("gpkg") => return ImportFormat::GeoPackage,
        Some("fgb") => return ImportFormat::FlatGeobuf,
        Some("parquet" | "geoparquet") => return ImportFormat::GeoParquet,
        Some("shp") => return ImportFormat::Shapefile,
        _ => {}
    }
    if gpkg::looks_like(head) {
        return ImportFormat::GeoPackage;
    }
    if flatgeobuf::looks_like(head) {
        return ImportFormat::FlatGeobuf;
    }
    if geoparquet::looks_like(head) {
        return ImportFormat::GeoParquet;
    }
    if shapefile::looks_like(head) {
        return ImportFormat::Shapefile;
    }
    if head.starts_with(b"PK") {
        return ImportFormat::Kml;
    }
    if start.starts_with('{') || start.starts_with('\u{1e}') {
        return ImportFormat::GeoJson;
    }
    if start.starts_with('<') {
        return ImportFormat::Kml;
    }
    let first = start.lines().next().unwrap_or("");
    if gdelt::looks_like(first) {
        return ImportFormat::Gdelt;
    }
    let delimiter = table::sniff_delimiter(head);
    let names: Vec<String> =
        first.split(char::from(delimiter)).map(|s| s.trim().trim_matches('"').to_owned()).collect();
    let header = Header::new(names);
    if header.has_all(&acled::SIGNATURE) {
        ImportFormat::Acled
    } else if header.has_all(&gtd::SIGNATURE) {
        ImportFormat::Gtd
    } else {
        ImportFormat::Csv
    }
}

/// Imports a file. Delimited tables are read as a stream (the file is never wholly in memory).
///
/// # Errors
/// An [`IoError`] when the file cannot be read at all (missing, empty, binary, no usable columns);
/// problems with single records are diagnostics in the result.
pub fn import_path(path: &Path, options: &ImportOptions) -> Result<Imported, IoError> {
    import_path_watched(path, options, &ImportProgress::default())
}

/// A reader that counts what passes through it and ends early when cancelled.
struct Watched<'a, R> {
    inner: R,
    progress: &'a ImportProgress,
}

impl<R: std::io::Read> std::io::Read for Watched<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.progress.cancelled() {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        self.progress.read.fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

/// [`import_path`], reporting progress and stopping when asked.
///
/// # Errors
/// As [`import_path`].
pub fn import_path_watched(
    path: &Path,
    options: &ImportOptions,
    progress: &ImportProgress,
) -> Result<Imported, IoError> {
    use std::io::Read as _;
    let file = path.display().to_string();
    let os = |source| IoError::Os { path: path.to_owned(), source };
    let mut opened = std::fs::File::open(path).map_err(os)?;
    let size = opened.metadata().map_or(0, |m| m.len());
    progress.total.store(size, std::sync::atomic::Ordering::Relaxed);
    let mut head = Vec::new();
    (&mut opened).take(table::SNIFF_BYTES as u64).read_to_end(&mut head).map_err(os)?;
    let format = check_head(&head, path, &file, options.format)?;
    if format == ImportFormat::Shapefile {
        progress.read.store(size, std::sync::atomic::Ordering::Relaxed);
        let mut imported = shapefile::import_path(path, options)?;
        imported.format = Some(format);
        enrich_all(&mut imported, &file);
        make_ids_unique(&mut imported, &file);
        return Ok(imported);
    }
    if format.reads_whole_file() {
        let bytes = std::fs::read(path).map_err(os)?;
        progress.read.store(size, std::sync::atomic::Ordering::Relaxed);
        return import_bytes(&bytes, path, &file, &ImportOptions { format, ..options.clone() });
    }
    let delimiter = if format == ImportFormat::Gdelt { b'\t' } else { table::sniff_delimiter(&head) };
    std::io::Seek::rewind(&mut opened).map_err(os)?;
    let stream = std::io::BufReader::with_capacity(1 << 20, Watched { inner: opened, progress });
    let mut imported = read_delimited(stream, ((delimiter, size), &head), &file, format, options)
        .map_err(IoError::Unreadable)?;
    make_ids_unique(&mut imported, &file);
    Ok(imported)
}

/// Imports bytes read from `path` (named `file` in messages).
///
/// # Errors
/// As [`import_path`].
pub fn import_bytes(
    bytes: &[u8],
    path: &Path,
    file: &str,
    options: &ImportOptions,
) -> Result<Imported, IoError> {
    let format = check_head(table::head(bytes), path, file, options.format)?;
    if format == ImportFormat::Shapefile {
        return Err(IoError::Unreadable(Diagnostic::file_error(
            file,
            "a Shapefile is several files (.shp, .dbf, .prj): open its .shp by its path, not as one stream of bytes",
        )));
    }
    let mut imported = match format {
        whole if whole.reads_whole_file() => {
            let mut imported = if format == ImportFormat::GeoPackage {
                gpkg::import(bytes, file, options)?
            } else if format == ImportFormat::FlatGeobuf {
                flatgeobuf::import(bytes, file, options)?
            } else if format == ImportFormat::GeoParquet {
                geoparquet::import(bytes, file, options)?
            } else if format == ImportFormat::Kml {
                kml::import(bytes, file, options)?
            } else if geojsonseq::looks_like(table::head(bytes)) {
                geojson::import(&geojsonseq::as_collection(bytes), file, options)?
            } else {
                geojson::import(bytes, file, options)?
            };
            imported.format = Some(format);
            if !imported.is_our_own() {
                enrich_all(&mut imported, file);
            }
            imported
        }
        _ => {
            let delimiter = if format == ImportFormat::Gdelt {
                b'\t'
            } else {
                table::sniff_delimiter(table::head(bytes))
            };
            read_delimited(
                bytes,
                ((delimiter, bytes.len() as u64), table::head(bytes)),
                file,
                format,
                options,
            )
            .map_err(IoError::Unreadable)?
        }
    };
    make_ids_unique(&mut imported, file);
    Ok(imported)
}

/// The format to use, after refusing empty and binary files.
fn check_head(head: &[u8], path: &Path, file: &str, asked: ImportFormat) -> Result<ImportFormat, IoError> {
    let whole = |message: &str| IoError::Unreadable(Diagnostic::file_error(file, message));
    let text = head.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(head);
    if text.iter().all(u8::is_ascii_whitespace) {
        return Err(whole("the file is empty"));
    }
    let format = match asked {
        ImportFormat::Auto => sniff(path, head),
        other => other,
    };
    let zipped = format == ImportFormat::Kml && head.starts_with(b"PK");
    // A binary format's own reader names what is wrong with a file that is not one.
    let database = format.is_binary();
    if head.contains(&0) && !zipped && !database {
        return Err(whole("this is a binary file, not text (it has NUL bytes)"));
    }
    Ok(format)
}

/// Geocoding: coordinates from place names where there are none, and the country and region around
/// every located incident that lacks them; ambiguous and unknown names are listed. (Tables are filled
/// in row by row as they are read, by [`read_delimited`].)
fn enrich_all(imported: &mut Imported, file: &str) {
    let enriched = crate::geocode::enrich(&mut imported.loaded.incidents);
    imported.geocoded = enriched.geocoded;
    imported.placed_by = enriched.placed_by;
    imported.placed_in_area = enriched.placed_in_area;
    for (id, message) in enriched.review {
        imported.loaded.diagnostics.push(Diagnostic::file_warning(file, "place", format!("{id}: {message}")));
    }
}

/// A second record with an id already used gets `-2` (`-3`, …) appended, with a warning.
fn make_ids_unique(imported: &mut Imported, file: &str) {
    let incidents = &mut imported.loaded.incidents;
    let repeated = repeated_ids(incidents);
    if repeated.is_empty() {
        return;
    }
    let mut taken: std::collections::HashSet<String> = incidents.iter().map(|i| i.id.clone()).collect();
    for k in repeated {
        let original = incidents[k].id.clone();
        let mut n = 2;
        while taken.contains(&format!("{original}-{n}")) {
            n += 1;
        }
        let renamed = format!("{original}-{n}");
        taken.insert(renamed.clone());
        imported.loaded.diagnostics.push(Diagnostic::file_warning(
            file,
            "id",
            format!("id {original:?} is used more than once; this one became {renamed:?}"),
        ));
        incidents[k].id = renamed;
    }
}

/// Positions, ascending, of the records whose id an earlier record already has. Found by sorting the
/// ids' hashes with their positions (16 bytes a record, where a set of the ids costs twice that at the
/// moment memory is fullest) and comparing the ids only where hashes meet.
fn repeated_ids(incidents: &[Incident]) -> Vec<usize> {
    use std::hash::{BuildHasher, RandomState};
    let hasher = RandomState::new();
    let mut keyed: Vec<(u64, usize)> =
        incidents.iter().enumerate().map(|(k, i)| (hasher.hash_one(i.id.as_str()), k)).collect();
    keyed.sort_unstable();
    let mut repeated = Vec::new();
    for same_hash in keyed.chunk_by(|a, b| a.0 == b.0) {
        for (n, &(_, k)) in same_hash.iter().enumerate().skip(1) {
            if same_hash[..n].iter().any(|&(_, earlier)| incidents[earlier].id == incidents[k].id) {
                repeated.push(k);
            }
        }
    }
    repeated.sort_unstable();
    repeated
}

/// The number of fields on the first line of `head` split by `delimiter`.
fn first_width(head: &[u8], delimiter: u8) -> usize {
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    line.split(|&b| b == delimiter).count()
}

/// Reads a table; `shape` is its delimiter and its length in bytes (0 when not known), `head` its first
/// bytes.
fn read_delimited<R: std::io::Read + Send>(
    reader: R,
    (shape, head): ((u8, u64), &[u8]),
    file: &str,
    format: ImportFormat,
    options: &ImportOptions,
) -> Result<Imported, Diagnostic> {
    // Each row is geocoded as soon as it is made, on the converting thread, so that its properties are
    // written once, whole, rather than grown later in a second pass over every record.
    let (geocoded, placed_in_area) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let placed_by = std::sync::Mutex::new(crate::geocode::PlacedBy::default());
    let filled_in = |converted: Converted| -> Converted {
        let (mut incident, mut warnings) = converted?;
        let done = crate::geocode::enrich_incident(&mut incident);
        if done.geocoded > 0
            && let Ok(mut counts) = placed_by.lock()
        {
            counts.add(done.placed_by);
        }
        geocoded.fetch_add(done.geocoded, Ordering::Relaxed);
        placed_in_area.fetch_add(done.placed_in_area, Ordering::Relaxed);
        warnings.extend(
            done.review.into_iter().map(|(id, message)| ("place".to_owned(), format!("{id}: {message}"))),
        );
        Ok((incident, warnings))
    };
    let given;
    let names = if format == ImportFormat::Gdelt {
        given = gdelt::columns(first_width(head, b'\t')).unwrap_or_default();
        table::Names::NoHeader(&given)
    } else if options.no_header {
        table::Names::NoHeader(&options.columns)
    } else if !options.columns.is_empty() {
        table::Names::Replacing(&options.columns)
    } else {
        table::Names::FirstLine
    };
    let overrides = if format == ImportFormat::Gdelt && options.overrides.is_empty() {
        gdelt::overrides(first_width(head, b'\t'))
    } else {
        options.overrides.clone()
    };
    let mut chosen: Vec<String> = Vec::new();
    let mut doubts: Vec<String> = Vec::new();
    let table_options = (names, options.strict, table::legacy_encoding(head));
    let outcome = match format {
        ImportFormat::Acled => {
            table::read_table(reader, shape, file, table_options, |header: &Header, _: &_| {
                let acled = Acled::new(header, file)?;
                Ok(move |row: &Row| filled_in(acled.convert(row)))
            })
        }
        ImportFormat::Gtd => {
            table::read_table(reader, shape, file, table_options, |header: &Header, _: &_| {
                let gtd = Gtd::new(header, file)?;
                Ok(move |row: &Row| filled_in(gtd.convert(row)))
            })
        }
        _ => table::read_table(reader, shape, file, table_options, |header: &Header, samples: &Samples| {
            // Our own CSV is read back as written: no column is guessed and nothing is added.
            let reading = if overrides.is_empty() && super::formats::csv::is_ours(&header.names) {
                chosen = vec![super::import::OUR_OWN_CSV.to_owned()];
                None
            } else {
                let mapping = roles::detect(&header.names, samples, &overrides)?;
                usable(&mapping, &header.names, false)?;
                chosen = mapping.report_lines();
                doubts.clone_from(&mapping.warnings);
                let unmapped = mapping.unmapped(&header.names);
                Some((mapping, unmapped))
            };
            Ok(move |row: &Row| match &reading {
                None => super::formats::csv::incident(|k| row.raw(k), file),
                Some((mapping, unmapped)) => {
                    filled_in(mapping.incident(|k| row.get(Some(k)), unmapped, None, row.line, file))
                }
            })
        }),
    }?;
    let date_guesses = doubts.len();
    let mut diagnostics: Vec<Diagnostic> =
        doubts.into_iter().map(|d| Diagnostic::file_warning(file, "date", d)).collect();
    diagnostics.extend(outcome.diagnostics);
    Ok(Imported {
        loaded: Loaded { incidents: outcome.incidents, diagnostics },
        records: outcome.rows,
        format: Some(format),
        geocoded: geocoded.into_inner(),
        placed_by: placed_by.into_inner().unwrap_or_default(),
        mapping: chosen,
        date_guesses,
        placed_in_area: placed_in_area.into_inner(),
    })
}
