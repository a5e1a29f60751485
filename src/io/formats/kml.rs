//! KML 2.2 export for Google Earth: a `Placemark` per incident with a `TimeStamp` (dates known to the
//! day or better) or a `TimeSpan` (months, years, intervals), so the time slider works; the incident's
//! fields in `ExtendedData`; one `Style` per category in the category palette.

use std::fmt::Write as _;
use std::io::Write;

use crate::io::fields::KML_DATA;
use crate::io::import::values::check_lat_lon;
use crate::model::{
    DatePrecision, Geometry, Incident, Position, UNBOUNDED_FUTURE, UNBOUNDED_PAST, category_colour, utc_text,
};

/// Escapes text for XML element content and attribute values.
///
/// ```
/// assert_eq!(incident_atlas::io::formats::kml::escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
/// ```
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn style_id(category: &str) -> String {
    let safe: String = category.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    format!("category-{safe}")
}

/// The KML time element for an incident's date.
fn time_element(incident: &Incident) -> String {
    let interval = incident.date.interval();
    let precise = !incident.date.is_interval() && incident.date.precision() >= DatePrecision::Day;
    if precise {
        let when = if incident.date.precision() == DatePrecision::Day {
            utc_text(interval.start).get(..10).unwrap_or_default().to_owned()
        } else {
            utc_text(interval.start)
        };
        return format!("<TimeStamp><when>{when}</when></TimeStamp>");
    }
    let mut span = String::from("<TimeSpan>");
    if interval.start != UNBOUNDED_PAST {
        let _ = write!(span, "<begin>{}</begin>", utc_text(interval.start));
    }
    if interval.end != UNBOUNDED_FUTURE {
        // KML's end is the last instant inside the span.
        let _ = write!(span, "<end>{}</end>", utc_text(interval.end - 1));
    }
    span.push_str("</TimeSpan>");
    span
}

fn coordinates(p: &Position) -> String {
    format!("<Point><coordinates>{},{}</coordinates></Point>", p.lon, p.lat)
}

/// Writes incidents as a KML 2.2 document.
///
/// # Errors
/// Any error from the writer.
pub fn write(out: &mut dyn Write, incidents: &[Incident]) -> std::io::Result<()> {
    let mut categories: Vec<String> = incidents.iter().map(|i| i.category.clone()).collect();
    categories.sort();
    categories.dedup();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<kml xmlns="http://www.opengis.net/kml/2.2">"#)?;
    writeln!(out, "<Document>\n<name>incident-atlas export</name>")?;
    for c in &categories {
        let rgb = category_colour(c, &categories);
        // KML colours are aabbggrr.
        writeln!(
            out,
            r#"<Style id="{}"><IconStyle><color>ff{:02x}{:02x}{:02x}</color></IconStyle><LineStyle><color>ff{:02x}{:02x}{:02x}</color></LineStyle></Style>"#,
            escape(&style_id(c)),
            rgb.2,
            rgb.1,
            rgb.0,
            rgb.2,
            rgb.1,
            rgb.0
        )?;
    }
    for i in incidents {
        let mut p = String::new();
        let _ = write!(p, "<Placemark id=\"{}\">", escape(&i.id));
        let _ = write!(p, "<name>{}</name>", escape(&i.title));
        if let Some(d) = &i.description {
            let _ = write!(p, "<description>{}</description>", escape(d));
        }
        p.push_str(&time_element(i));
        let _ = write!(p, "<styleUrl>#{}</styleUrl>", escape(&style_id(&i.category)));
        p.push_str("<ExtendedData>");
        for field in KML_DATA {
            if let Some(v) = field.text(i) {
                let _ = write!(p, "<Data name=\"{}\"><value>{}</value></Data>", field.name(), escape(&v));
            }
        }
        p.push_str("</ExtendedData>");
        match &i.geometry {
            Geometry::None => {}
            Geometry::Point(pos) => p.push_str(&coordinates(pos)),
            Geometry::MultiPoint(ps) => {
                p.push_str("<MultiGeometry>");
                for pos in ps {
                    p.push_str(&coordinates(pos));
                }
                p.push_str("</MultiGeometry>");
            }
        }
        p.push_str("</Placemark>");
        writeln!(out, "{p}")?;
    }
    writeln!(out, "</Document>\n</kml>")
}

/// Imports KML (or KMZ, a zip holding a `.kml`): every `Placemark` with its `name`, `description`,
/// `TimeStamp`/`TimeSpan`, `Point` or `MultiGeometry` of points (lines and polygons at the centre of their
/// points, with a warning) and `ExtendedData` (`Data` and `SimpleData`), mapped like any foreign record.
/// Our own KML export reads back with its fields.
///
/// # Errors
/// An [`crate::io::loaded::IoError`] for a file that is not XML, or a KMZ with no KML inside.
pub fn import(
    bytes: &[u8],
    file: &str,
    options: &crate::io::import::ImportOptions,
) -> Result<crate::io::import::Imported, crate::io::loaded::IoError> {
    use crate::io::import::foreign::{Record, import_records};
    let unreadable = |message: String| {
        crate::io::loaded::IoError::Unreadable(crate::io::diagnostic::Diagnostic::file_error(file, message))
    };
    let unzipped;
    let bytes = if bytes.starts_with(b"PK") {
        unzipped = kml_in_kmz(bytes).map_err(unreadable)?;
        unzipped.as_slice()
    } else {
        bytes
    };
    let text = String::from_utf8_lossy(bytes);
    let doc = roxmltree::Document::parse_with_options(
        &text,
        roxmltree::ParsingOptions { allow_dtd: false, ..roxmltree::ParsingOptions::default() },
    )
    .map_err(|e| unreadable(format!("not readable as XML: {e}")))?;
    let records = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "Placemark")
        .enumerate()
        .map(|(k, placemark)| {
            let line = usize::try_from(doc.text_pos_at(placemark.range().start).row).unwrap_or(0);
            let mut fields: Vec<(String, String)> = Vec::new();
            let push = |fields: &mut Vec<(String, String)>, name: &str, value: Option<String>| {
                if let Some(v) = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) {
                    fields.push((name.to_owned(), v));
                }
            };
            // ExtendedData first: our own export's `date` (EDTF, with its precision) wins over `when`.
            for data in
                placemark.descendants().filter(|n| matches!(n.tag_name().name(), "Data" | "SimpleData"))
            {
                let value = if data.tag_name().name() == "Data" {
                    text_of(child(data, "value"))
                } else {
                    text_of(Some(data))
                };
                if let Some(name) = data.attribute("name") {
                    push(&mut fields, name, value);
                }
            }
            push(&mut fields, "name", text_of(child(placemark, "name")));
            push(&mut fields, "description", text_of(child(placemark, "description")));
            // The placemark's time, or else that of the nearest Folder or Document around it, as one date
            // field, unless the ExtendedData has a date (our own export's EDTF, which keeps the precision).
            let has_date = fields.iter().any(|(k, _)| crate::io::import::table::normalise(k) == "date");
            if !has_date {
                push(&mut fields, "timestamp", placemark_time(placemark));
            }
            let (geometry, warnings, refused) = placemark_geometry(placemark);
            Record {
                at: crate::io::diagnostic::Location::Line { line },
                number: k + 1,
                id: placemark.attribute("id").map(str::to_owned),
                geometry: Some(geometry),
                fields,
                typed: None,
                warnings,
                refused,
            }
        })
        .collect::<Vec<_>>();
    if records.is_empty() {
        return Err(unreadable("no Placemark in the file".into()));
    }
    import_records(records, file, options)
}

/// The time of a placemark as EDTF-like text: its own `TimeStamp` (`when`) or `TimeSpan` (`begin`/`end`,
/// either of which may be missing: an open interval), or else the nearest one on a `Folder` or `Document`
/// around it, as KML says a feature's time is inherited. Values keep the precision written (`2024`,
/// `2024-03`, a date, a time with or without its zone).
fn placemark_time(placemark: roxmltree::Node<'_, '_>) -> Option<String> {
    fn own<'a, 'i>(node: roxmltree::Node<'a, 'i>) -> Option<roxmltree::Node<'a, 'i>> {
        node.children().find(|n| n.is_element() && matches!(n.tag_name().name(), "TimeStamp" | "TimeSpan"))
    }
    let primitive = std::iter::once(placemark)
        .chain(placemark.ancestors().filter(|a| matches!(a.tag_name().name(), "Folder" | "Document")))
        .find_map(own)?;
    let value = |name: &str| {
        primitive
            .children()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| text_of(Some(n)))
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
    };
    if primitive.tag_name().name() == "TimeStamp" {
        return value("when");
    }
    match (value("begin"), value("end")) {
        (Some(begin), Some(end)) if begin == end => Some(begin),
        (Some(begin), Some(end)) => Some(format!("{begin}/{end}")),
        (Some(begin), None) => Some(format!("{begin}/..")),
        (None, Some(end)) => Some(format!("../{end}")),
        (None, None) => None,
    }
}

/// A problem with a field of a record: the field and the message.
type Problem = (String, String);

/// A placemark's points (lines and polygons at the centre of their points, with a warning), and a refusal
/// when a position lies outside the globe.
fn placemark_geometry(placemark: roxmltree::Node<'_, '_>) -> (Geometry, Vec<Problem>, Option<Problem>) {
    let mut warnings = Vec::new();
    let mut refused = None;
    let mut points = Vec::new();
    let mut shapes = 0;
    for geometry in placemark.descendants() {
        let name = geometry.tag_name().name();
        if !matches!(name, "Point" | "LineString" | "LinearRing") {
            continue;
        }
        let text = text_of(child(geometry, "coordinates")).unwrap_or_default();
        let positions = match kml_coordinates(&text) {
            Ok(positions) => positions,
            Err(problem) => {
                refused.get_or_insert(problem);
                Vec::new()
            }
        };
        if name == "Point" {
            points.extend(positions.first().copied());
        } else if geometry.ancestors().all(|a| a.tag_name().name() != "innerBoundaryIs")
            && let Some(centre) = Position::centre(&positions)
        {
            shapes += 1;
            points.push(centre);
        }
    }
    if shapes > 0 {
        warnings.push((
            "geometry".to_owned(),
            "a line or polygon: placed at the centre of its points".to_owned(),
        ));
    }
    let geometry = match points.len() {
        0 => Geometry::None,
        1 => Geometry::Point(points[0]),
        _ => Geometry::MultiPoint(points),
    };
    (geometry, warnings, refused)
}

/// The first descendant element named `name`.
fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.descendants().find(|n| n.tag_name().name() == name)
}
/// All the text inside a node.
fn text_of(node: Option<roxmltree::Node<'_, '_>>) -> Option<String> {
    node.map(|n| {
        n.descendants().filter(roxmltree::Node::is_text).filter_map(|d| d.text()).collect::<String>()
    })
}

/// `lon,lat[,alt] lon,lat …` → positions (tuples that are not numbers skipped); a position outside the
/// globe refuses the placemark, as `(field, message)`.
fn kml_coordinates(text: &str) -> Result<Vec<Position>, (String, String)> {
    let mut positions = Vec::new();
    for tuple in text.split_whitespace() {
        let mut parts = tuple.split(',').map(|p| p.trim().parse::<f64>());
        let (Some(Ok(lon)), Some(Ok(lat))) = (parts.next(), parts.next()) else { continue };
        check_lat_lon(lat, lon)
            .map_err(|(axis, message)| ("coordinates".to_owned(), format!("{axis} {message}")))?;
        positions.push(Position::lat_lon(lat, lon));
    }
    Ok(positions)
}

/// The first `.kml` file inside a KMZ (zip) archive, at most 256 MB unpacked.
fn kml_in_kmz(bytes: &[u8]) -> Result<Vec<u8>, String> {
    use std::io::Read as _;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable KMZ (zip) file: {e}"))?;
    let name = archive
        .file_names()
        .filter(|n| n.to_ascii_lowercase().ends_with(".kml"))
        .min_by_key(|n| (n.contains('/'), n.len()))
        .map(str::to_owned)
        .ok_or("the KMZ holds no .kml file")?;
    let entry = archive.by_name(&name).map_err(|e| format!("{name} in the KMZ: {e}"))?;
    let mut out = Vec::new();
    entry.take(256 << 20).read_to_end(&mut out).map_err(|e| format!("{name} in the KMZ: {e}"))?;
    Ok(out)
}

#[cfg(test)]
#[expect(clippy::many_single_char_names, reason = "tests name incidents a, b, c")]
mod tests {
    use super::*;
    use crate::model::EdtfDate;

    fn kml_of(incidents: &[Incident]) -> String {
        let mut out = Vec::new();
        write(&mut out, incidents).expect("write");
        String::from_utf8(out).expect("utf8")
    }

    #[test]
    fn time_stamps_for_days_and_spans_for_coarser_dates() {
        let d = |s: &str| EdtfDate::parse(s).expect("date");
        let mut a = Incident::new("a", "A & B", d("2024-03-22"), "attack");
        a.geometry = Geometry::Point(Position::lat_lon(55.8, 37.4));
        let b = Incident::new("b", "B", d("2016"), "arrest");
        let c = Incident::new("c", "C", d("2024-03-22T19:58+03:00"), "attack");
        let e = Incident::new("e", "E", d("../2015"), "statement");
        let mut m = Incident::new("m", "M", d("2016"), "plot");
        m.geometry = Geometry::MultiPoint(vec![Position::lat_lon(1.0, 2.0), Position::lat_lon(3.0, 4.0)]);
        let kml = kml_of(&[a, b, c, e, m]);
        assert!(kml.contains("<name>A &amp; B</name>"));
        assert!(kml.contains("<TimeStamp><when>2024-03-22</when></TimeStamp>"));
        assert!(kml.contains(
            "<TimeSpan><begin>2016-01-01T00:00:00Z</begin><end>2016-12-31T23:59:59Z</end></TimeSpan>"
        ));
        assert!(kml.contains("<TimeStamp><when>2024-03-22T16:58:00Z</when></TimeStamp>"));
        assert!(kml.contains("<TimeSpan><end>2015-12-31T23:59:59Z</end></TimeSpan>"));
        assert!(kml.contains("<MultiGeometry><Point><coordinates>2,1</coordinates></Point>"));
        assert!(kml.contains(r#"<Style id="category-attack"><IconStyle><color>ff005ed5</color>"#));
        assert_eq!(kml.matches("<Placemark ").count(), 5);
    }

    #[test]
    fn escapes_and_drops_forbidden_characters() {
        assert_eq!(escape("x\u{1}y\tz"), "xy\tz");
    }
}
