//! GeoJSON text sequences: one feature per line, each with our properties, as GDAL's `GeoJSONSeq`
//! driver, `jq` and streaming tools write them. Two spellings: RFC 8142's (each feature preceded by the
//! record separator, U+001E; `.geojsons`) and newline-delimited GeoJSON without it (`.geojsonl`,
//! `.jsonl`, `.ndjson`). Either is read; blank lines are skipped.
//!
//! A sequence is read as the `FeatureCollection` it would be, line for line, so that every check of
//! [`super::geojson`] applies unchanged and a problem's feature number is its line number (for a file
//! without blank lines).

use std::io::Write;

use crate::io::diagnostic::Diagnostic;
use crate::io::loaded::Loaded;
use crate::model::Incident;

/// RFC 8142's record separator.
pub const RECORD_SEPARATOR: u8 = 0x1e;

/// Whether the first bytes of a file are a text sequence rather than one GeoJSON document: a record
/// separator first, or a first line that is a whole `Feature` object.
///
/// ```
/// use incident_atlas::io::formats::geojsonseq::looks_like;
/// assert!(looks_like(b"\x1e{\"type\":\"Feature\"}\n"));
/// assert!(looks_like(b"{\"type\": \"Feature\", \"properties\": {}, \"geometry\": null}\n{\"type\""));
/// assert!(!looks_like(b"{\"type\": \"FeatureCollection\", \"features\": [\n"));
/// assert!(!looks_like(b"{\n  \"type\": \"Feature\""));
/// ```
#[must_use]
pub fn looks_like(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).map_or(head, |k| &head[k..]);
    if start.first() == Some(&RECORD_SEPARATOR) {
        return true;
    }
    let Some(end) = start.iter().position(|&b| b == b'\n') else { return false };
    serde_json::from_slice::<serde_json::Value>(&start[..end])
        .is_ok_and(|v| v.get("type").and_then(serde_json::Value::as_str) == Some("Feature"))
}

/// The sequence as the `FeatureCollection` it stands for, each feature kept on its own line (so that a
/// syntax error's line is the file's line); record separators become spaces.
#[must_use]
pub fn as_collection(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 64);
    out.extend_from_slice(b"{\"type\":\"FeatureCollection\",\"features\":[");
    let mut first = true;
    for line in bytes.split(|&b| b == b'\n') {
        let has_text = line.iter().any(|&b| !b.is_ascii_whitespace() && b != RECORD_SEPARATOR);
        if has_text {
            if !first {
                out.push(b',');
            }
            first = false;
            out.extend(line.iter().map(|&b| if b == RECORD_SEPARATOR { b' ' } else { b }));
        }
        out.push(b'\n');
    }
    out.extend_from_slice(b"]}");
    out
}

/// Reads a sequence of our features. `file` names it in diagnostics.
///
/// # Errors
/// As [`super::geojson::read`]: binary data, or a line that is not JSON (with its line and column).
pub fn read(bytes: &[u8], file: &str) -> Result<Loaded, Diagnostic> {
    if bytes.contains(&0) {
        return super::geojson::read(bytes, file);
    }
    super::geojson::read(&as_collection(bytes), file)
}

/// Writes one feature per line; with `record_separator`, each line starts with U+001E (RFC 8142).
///
/// # Errors
/// Any error from the writer.
pub fn write(out: &mut dyn Write, incidents: &[Incident], record_separator: bool) -> std::io::Result<()> {
    for incident in incidents {
        if record_separator {
            out.write_all(&[RECORD_SEPARATOR])?;
        }
        serde_json::to_writer(&mut *out, &super::geojson::feature(incident))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EdtfDate;

    #[test]
    fn both_spellings_read_back_and_a_bad_line_is_named() {
        let mut a = Incident::new("a", "First", EdtfDate::parse("2016").expect("EDTF"), "raid");
        a.sources = vec![crate::model::Source::named("p", "t")].into();
        let mut b = a.clone();
        b.id = "b".into();
        for rs in [true, false] {
            let mut out = Vec::new();
            write(&mut out, &[a.clone(), b.clone()], rs).expect("write");
            assert_eq!(out.starts_with(&[RECORD_SEPARATOR]), rs);
            assert!(looks_like(&out));
            let back = read(&out, "x").expect("reads");
            assert_eq!(back.incidents, [a.clone(), b.clone()]);
        }
        let broken = b"{\"type\":\"Feature\",\"properties\":{},\"geometry\":null}\n\n{\"type\": oops}\n";
        let error = read(broken, "x.geojsonl").expect_err("line 3 is not JSON");
        assert!(matches!(error.location, crate::io::Location::Text { line: 3, .. }), "{error}");
    }
}
