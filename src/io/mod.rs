//! Files in and out, with no UI: the formats (one file each under [`formats`]), the import machinery they
//! share (column roles, values, the mapping report, under [`import`]), our field list ([`fields`]), the
//! bundled dataset ([`bundled`]), and the front door below, which reads or writes any file by its name.
//! Writes are atomic (temporary file, then rename).

pub mod bundled;
mod diagnostic;
pub mod fields;
pub mod formats;
pub mod geometry;
pub mod import;
mod loaded;
mod open;
pub mod wkt;

use std::path::Path;

pub use crate::sys::file_name;
pub use diagnostic::{Diagnostic, Location, MAX_FIELD_CHARS, MAX_MESSAGE_CHARS, Severity};
pub use formats::Format;
pub use loaded::{IoError, Loaded};
pub use open::{import_bytes, import_path, import_path_watched, preview, sniff};

use crate::model::Incident;

/// Reads a file in the format its extension names.
///
/// # Errors
/// An [`IoError`] when the file cannot be read at all; problems with single features are returned as
/// diagnostics in [`Loaded`] instead.
pub fn read_path(path: &Path) -> Result<Loaded, IoError> {
    let format = Format::from_path(path)?;
    match format {
        // Our own CSV reads back as written (streamed); any other table is an import.
        Format::Csv => match import_path(path, &import::ImportOptions::default()) {
            Ok(imported) if imported.is_our_own_csv() => Ok(imported.loaded),
            Ok(_) => Err(IoError::NotReadable { path: path.to_owned(), format: "CSV" }),
            Err(e) => Err(e),
        },
        Format::Kml => Err(IoError::NotReadable { path: path.to_owned(), format: "KML" }),
        _ => {
            let bytes =
                std::fs::read(path).map_err(|source| IoError::Os { path: path.to_owned(), source })?;
            read_bytes_as(&bytes, format, &path.display().to_string())
        }
    }
}

/// Reads any file `import` reads: our GeoJSON as [`read_path`] does (its problems named in our terms),
/// other tools' GeoJSON (when none of its features reads as ours), CSV/TSV (ACLED, GTD or any table),
/// KML and KMZ, with the format sniffed.
///
/// # Errors
/// As [`read_path`] and [`import_path`].
pub fn read_any(path: &Path) -> Result<Loaded, IoError> {
    read_any_noting_ours(path).map(|(loaded, _)| loaded)
}

/// [`read_any`], also saying whether the file was one of our own datasets (read as written, so that
/// writing it back in its format loses nothing) rather than another tool's file imported.
///
/// # Errors
/// As [`read_any`].
pub fn read_any_noting_ours(path: &Path) -> Result<(Loaded, bool), IoError> {
    if matches!(
        Format::from_path(path),
        Ok(Format::GeoJson
            | Format::GeoJsonSeq
            | Format::GeoJsonLines
            | Format::GeoPackage
            | Format::FlatGeobuf
            | Format::GeoParquet)
    ) {
        let native = read_path(path);
        let foreign = match &native {
            Ok(l) => l.incidents.is_empty() && l.has_errors(),
            Err(IoError::Unreadable(_)) => false,
            Err(_) => return native.map(|l| (l, true)),
        };
        if !foreign {
            return native.map(|l| (l, true));
        }
    }
    import_path(path, &import::ImportOptions::default()).map(|i| {
        let ours = i.is_our_own_csv();
        (i.loaded, ours)
    })
}

/// Whether a path on the command line means standard input or output (`-`).
#[must_use]
pub fn is_stdio(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The format of one of our own datasets from its first bytes (for standard input, which has no name): a
/// GeoJSON text sequence, GeoJSON, KML, or else a table.
#[must_use]
pub fn sniff_ours(head: &[u8]) -> Format {
    let text = head.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(head);
    let start = text.iter().position(|b| !b.is_ascii_whitespace()).map_or(text, |k| &text[k..]);
    if formats::gpkg::looks_like(head) {
        Format::GeoPackage
    } else if formats::flatgeobuf::looks_like(head) {
        Format::FlatGeobuf
    } else if formats::geoparquet::looks_like(head) {
        Format::GeoParquet
    } else if formats::geojsonseq::looks_like(head) {
        Format::GeoJsonSeq
    } else if start.starts_with(b"{") {
        Format::GeoJson
    } else if start.starts_with(b"<") || start.starts_with(b"PK") {
        Format::Kml
    } else {
        Format::Csv
    }
}

/// Reads one of our own datasets from bytes (standard input), the format told by their content; `file`
/// names it in messages. As [`read_path`]: our GeoJSON, text sequences and CSV.
///
/// # Errors
/// As [`read_path`].
pub fn read_bytes(bytes: &[u8], file: &str) -> Result<Loaded, IoError> {
    read_bytes_as(bytes, sniff_ours(import::table::head(bytes)), file)
}

/// Reads one of our own datasets from bytes in `format`: the one dispatch of [`read_path`] and
/// [`read_bytes`].
fn read_bytes_as(bytes: &[u8], format: Format, file: &str) -> Result<Loaded, IoError> {
    match format {
        Format::GeoJson => formats::geojson::read(bytes, file).map_err(IoError::Unreadable),
        Format::GeoJsonSeq | Format::GeoJsonLines => {
            formats::geojsonseq::read(bytes, file).map_err(IoError::Unreadable)
        }
        // A table that is not our own CSV (whatever else is wrong with it) is for `import`.
        Format::Csv => match import_bytes(bytes, Path::new(file), file, &import::ImportOptions::default()) {
            Ok(imported) if imported.is_our_own_csv() => Ok(imported.loaded),
            _ => Err(IoError::NotReadable { path: file.into(), format: "CSV" }),
        },
        Format::Kml => Err(IoError::NotReadable { path: file.into(), format: "KML" }),
        Format::GeoPackage => match formats::gpkg::import(bytes, file, &import::ImportOptions::default()) {
            Ok(imported) if imported.is_our_own() => Ok(imported.loaded),
            Ok(_) => Err(IoError::NotReadable { path: file.into(), format: "GeoPackage" }),
            Err(e) => Err(e),
        },
        Format::FlatGeobuf => {
            match formats::flatgeobuf::import(bytes, file, &import::ImportOptions::default()) {
                Ok(imported) if imported.is_our_own() => Ok(imported.loaded),
                Ok(_) => Err(IoError::NotReadable { path: file.into(), format: "FlatGeobuf" }),
                Err(e) => Err(e),
            }
        }
        Format::GeoParquet => {
            match formats::geoparquet::import(bytes, file, &import::ImportOptions::default()) {
                Ok(imported) if imported.is_our_own() => Ok(imported.loaded),
                Ok(_) => Err(IoError::NotReadable { path: file.into(), format: "GeoParquet" }),
                Err(e) => Err(e),
            }
        }
    }
}

/// [`read_any`] for bytes (standard input): our own formats as written, anything else imported.
///
/// # Errors
/// As [`read_any`].
pub fn read_any_bytes(bytes: &[u8], file: &str) -> Result<Loaded, IoError> {
    match read_bytes(bytes, file) {
        Ok(loaded) if !(loaded.incidents.is_empty() && loaded.has_errors()) => Ok(loaded),
        _ => import_bytes(bytes, Path::new(file), file, &import::ImportOptions::default()).map(|i| i.loaded),
    }
}

/// Writes incidents to `out` in `format` (standard output, for `--to -`).
///
/// # Errors
/// Any error from the writer.
pub fn write_to(out: &mut dyn std::io::Write, format: Format, incidents: &[Incident]) -> std::io::Result<()> {
    let mut buffered = std::io::BufWriter::new(out);
    formats::write(format, &mut buffered, incidents)?;
    std::io::Write::flush(&mut buffered)
}

/// Writes incidents in the format the path's extension names, atomically.
///
/// # Errors
/// An [`IoError`] for an unknown extension or a failed write; the target is then left untouched.
pub fn write_path(path: &Path, incidents: &[Incident]) -> Result<(), IoError> {
    write_path_as(path, Format::from_path(path)?, incidents)
}

/// [`write_path`] in a format given apart from the path's extension.
///
/// # Errors
/// As [`write_path`].
pub fn write_path_as(path: &Path, format: Format, incidents: &[Incident]) -> Result<(), IoError> {
    crate::sys::write_atomically(path, |out| formats::write(format, out, incidents))
        .map_err(|source| IoError::Os { path: path.to_owned(), source })
}
