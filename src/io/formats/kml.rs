//! KML 2.2 for Google Earth, read back by us to the same dataset.
//!
//! Written with `quick-xml`: one `Style` per category in the category palette; a `Placemark` per located
//! incident with its title as `name`, a one-line `Snippet` (date and place), a readable HTML balloon as
//! `description` (title, date in words, place, casualties, text, sources with their quotes and links),
//! its time at the precision known (`<when>2016-03-22</when>`; a `TimeSpan` for intervals and for dates
//! known to the year or month, `<begin>2016</begin><end>2016</end>`), and every field of ours in
//! `ExtendedData` (the columns of [`table::COLUMNS`], which GDAL turns into a table's columns).
//!
//! KML has no place for an incident without a place, and XML 1.0 none for most control characters: such
//! incidents are kept whole, as our GeoJSON features with their place in the dataset, in a `Data` named
//! [`HELD`] in the `Document`'s `ExtendedData` (a located one still gets its placemark, without those
//! characters). Our reader puts them back where they were; other tools do not see the unlocated ones (the
//! export report says so).

use std::fmt::Write as _;
use std::io::Write;

use quick_xml::Writer;
use quick_xml::events::{BytesCData, BytesDecl, BytesText, Event};
use serde_json::{Map, Value, json};

use super::table::{self, COLUMNS, Cell, cell};
use crate::io::fields::Field;
use crate::io::geometry::Shape;
use crate::io::import::values::check_lat_lon;
use crate::io::import::{ImportFormat, Imported, OUR_OWN_KML};
use crate::model::{
    DatePrecision, Endpoint, Geometry, Incident, Position, UNBOUNDED_FUTURE, UNBOUNDED_PAST, category_colour,
    utc_text,
};

/// The name of the `Document`'s `Data` that marks our KML and holds the incidents placemarks cannot.
pub const HELD: &str = "incident-atlas";

/// Escapes text for XML element content (and HTML text): `<`, `>` and `&`, and a carriage return as
/// `&#13;` (which XML readers keep, where they turn a raw one into a line feed); characters XML 1.0
/// forbids are dropped (an incident holding one is kept whole in [`HELD`]).
///
/// ```
/// use incident_atlas::io::formats::kml::escape;
/// assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; \"c\"");
/// assert_eq!(escape("x\u{1}y\r\n"), "xy&#13;\n");
/// ```
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => out.push_str("&#13;"),
            c if !xml_can_hold(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether XML 1.0 can hold a character (as itself or as a reference).
fn xml_can_hold(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// A placemark's `Data` texts: each of our columns that has a value.
fn data_cells(incident: &Incident) -> Vec<(&'static str, String)> {
    COLUMNS
        .iter()
        .filter_map(|&(field, _)| {
            let text = match cell(field, incident) {
                Cell::Null => return None,
                Cell::Text(t) => t,
                Cell::Real(r) => r.to_string(),
                Cell::Integer(n) => n.to_string(),
            };
            Some((field.name(), text))
        })
        .collect()
}

/// Whether a placemark can carry an incident exactly: located, and no text holding a character XML 1.0
/// cannot.
fn placemark_holds(incident: &Incident, cells: &[(&str, String)]) -> bool {
    incident.geometry.is_located() && cells.iter().all(|(_, text)| text.chars().all(xml_can_hold))
}

/// The incidents kept whole in [`HELD`], as `{"incidents": [[place in the dataset (from 0), properties
/// of our GeoJSON, WKT or null], …]}`; JSON escapes every control character, and the two
/// non-characters XML forbids are escaped here.
fn held_json(held: &[(usize, &Incident)]) -> String {
    let incidents: Vec<Value> = held
        .iter()
        .map(|(k, i)| {
            let properties = super::geojson::feature(i).get_mut("properties").map(Value::take);
            let wkt = Some(crate::io::wkt::write(&i.geometry)).filter(|w| !w.is_empty());
            json!([k, properties, wkt])
        })
        .collect();
    json!({ "incidents": incidents })
        .to_string()
        .replace('\u{fffe}', "\\ufffe")
        .replace('\u{ffff}', "\\uffff")
}

/// A style's id for the category at `k` in the sorted list (ids are XML names: no category's own text).
fn style_id(k: usize) -> String {
    format!("category-{}", k + 1)
}

/// A KML time value for one end of a date at its precision: `2016`, `2016-03`, `2016-03-22`, or the UTC
/// date-time for a time of day. `at` is a second inside that end.
fn kml_time(at: i64, precision: DatePrecision) -> String {
    let full = utc_text(at);
    let keep = match precision {
        DatePrecision::Year => 4,
        DatePrecision::Month => 7,
        DatePrecision::Day => 10,
        DatePrecision::Minute | DatePrecision::Second => full.len(),
    };
    full.get(..keep).unwrap_or(&full).to_owned()
}

/// The KML time of an incident: `("TimeStamp", [("when", …)])` for a single date known to the day or
/// better, else a `TimeSpan` with a `begin` and `end` for each end that is known.
fn time_element(incident: &Incident) -> (&'static str, Vec<(&'static str, String)>) {
    let interval = incident.date.interval();
    let precision_of = |e: Option<Endpoint>| match e {
        Some(Endpoint::Date(p)) => Some(p.precision()),
        _ => None,
    };
    let start = precision_of(Some(incident.date.start_endpoint()));
    let end = if incident.date.is_interval() { precision_of(incident.date.end_endpoint()) } else { start };
    if !incident.date.is_interval()
        && let Some(p) = start.filter(|p| *p >= DatePrecision::Day)
    {
        return ("TimeStamp", vec![("when", kml_time(interval.start, p))]);
    }
    let mut parts = Vec::new();
    if let Some(p) = start.filter(|_| interval.start != UNBOUNDED_PAST) {
        parts.push(("begin", kml_time(interval.start, p)));
    }
    if let Some(p) = end.filter(|_| interval.end != UNBOUNDED_FUTURE) {
        // The end's last second, so that the date written is the end's own.
        parts.push(("end", kml_time(interval.end - 1, p)));
    }
    ("TimeSpan", parts)
}

/// The balloon Google Earth shows for an incident: HTML (escaped text in it), with links only for
/// `http`/`https` sources.
fn balloon(incident: &Incident) -> String {
    let mut html =
        format!("<h3>{}</h3><p><b>{}</b>", escape(&incident.title), escape(&incident.date.describe()));
    match &incident.place {
        Some(place) => {
            let _ = write!(html, "<br/>{}", escape(place));
        }
        None => html.push_str("<br/><i>place unknown</i>"),
    }
    html.push_str("</p>");
    let counts: Vec<String> = [("killed", incident.killed), ("injured", incident.injured)]
        .into_iter()
        .filter_map(|(what, n)| n.map(|n| format!("{n} {what}")))
        .collect();
    if !counts.is_empty() {
        let _ = write!(html, "<p>{}</p>", counts.join(", "));
    }
    if let Some(text) = &incident.description {
        let _ = write!(html, "<p>{}</p>", escape(text).replace('\n', "<br/>"));
    }
    let mut about = vec![format!("Category: {}", escape(&incident.category))];
    if !incident.actors.is_empty() {
        about.push(format!("Actors: {}", escape(&incident.actors.join("; "))));
    }
    let _ = write!(html, "<p>{}</p>", about.join("<br/>"));
    if !incident.sources.is_empty() {
        html.push_str("<p><b>Sources</b></p><ol>");
        for source in incident.sources.iter() {
            let name = escape(&format!("{}: {}", source.publisher, source.title));
            html.push_str("<li>");
            match source.web_link() {
                Some(url) => {
                    let _ = write!(html, "<a href=\"{}\">{name}</a>", escape(url).replace('"', "&quot;"));
                }
                None => html.push_str(&name),
            }
            if let Some(published) = &source.published {
                let _ = write!(html, ", {}", escape(published));
            }
            if let Some(quote) = &source.quote {
                let _ = write!(html, ": “{}”", escape(quote));
            }
            html.push_str("</li>");
        }
        html.push_str("</ol>");
    }
    html
}

/// Writes one element holding text (escaped as [`escape`] does).
fn text_element<W: Write>(xml: &mut Writer<W>, name: &str, text: &str) -> std::io::Result<()> {
    xml.create_element(name).write_text_content(BytesText::from_escaped(escape(text)))?;
    Ok(())
}

/// Writes a `Point` (or a `MultiGeometry` of them) for a located geometry.
fn geometry_element<W: Write>(xml: &mut Writer<W>, geometry: &Geometry) -> std::io::Result<()> {
    let point = |xml: &mut Writer<W>, p: &Position| -> std::io::Result<()> {
        xml.create_element("Point")
            .write_inner_content(|xml| text_element(xml, "coordinates", &format!("{},{}", p.lon, p.lat)))?;
        Ok(())
    };
    match geometry {
        Geometry::None => Ok(()),
        Geometry::Point(p) => point(xml, p),
        Geometry::MultiPoint(ps) => {
            xml.create_element("MultiGeometry")
                .write_inner_content(|xml| ps.iter().try_for_each(|p| point(xml, p)))?;
            Ok(())
        }
    }
}

/// What a KML export of these incidents leaves out of its placemarks, for the export report.
#[must_use]
pub fn caveats(incidents: &[Incident]) -> Vec<String> {
    let unlocated = incidents.iter().filter(|i| !i.geometry.is_located()).count();
    let unholdable =
        incidents.iter().filter(|i| i.geometry.is_located() && !placemark_holds(i, &data_cells(i))).count();
    let mut said = Vec::new();
    if unlocated > 0 {
        let (noun, verb, them) =
            if unlocated == 1 { ("incident", "has", "it") } else { ("incidents", "have", "them") };
        said.push(format!(
            "{unlocated} {noun} {verb} no place and no placemark: Google Earth and GDAL do not show {them}; the \
             document's ExtendedData keeps {them} for incident-atlas, which reads {them} back"
        ));
    }
    if unholdable > 0 {
        said.push(format!(
            "{unholdable} placemarks leave out control characters that XML cannot hold; the document's \
             ExtendedData keeps those incidents whole for incident-atlas"
        ));
    }
    said
}

/// Writes incidents as a KML 2.2 document (see the module's text).
///
/// # Errors
/// Any error from the writer.
pub fn write(out: &mut dyn Write, incidents: &[Incident]) -> std::io::Result<()> {
    let mut categories: Vec<String> = incidents.iter().map(|i| i.category.clone()).collect();
    categories.sort();
    categories.dedup();
    let cells: Vec<Vec<(&str, String)>> = incidents.iter().map(data_cells).collect();
    let held: Vec<(usize, &Incident)> = incidents
        .iter()
        .zip(&cells)
        .enumerate()
        .filter(|(_, (i, c))| !placemark_holds(i, c))
        .map(|(k, (i, _))| (k, i))
        .collect();
    let mut xml = Writer::new_with_indent(out, b' ', 1);
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    xml.create_element("kml")
        .with_attribute(("xmlns", "http://www.opengis.net/kml/2.2"))
        .write_inner_content(|xml| {
            xml.create_element("Document").write_inner_content(|xml| {
                text_element(xml, "name", "incident-atlas export")?;
                let unlocated = incidents.iter().filter(|i| !i.geometry.is_located()).count();
                text_element(
                    xml,
                    "description",
                    &format!(
                        "{} incidents from incident-atlas; {unlocated} without a place are not on the map",
                        incidents.len()
                    ),
                )?;
                for (k, category) in categories.iter().enumerate() {
                    let rgb = category_colour(category, &categories);
                    // KML colours are aabbggrr.
                    let colour = format!("ff{:02x}{:02x}{:02x}", rgb.2, rgb.1, rgb.0);
                    xml.create_element("Style")
                        .with_attribute(("id", style_id(k).as_str()))
                        .write_inner_content(|xml| {
                            xml.create_element("IconStyle").write_inner_content(|xml| {
                                text_element(xml, "color", &colour)?;
                                xml.create_element("Icon").write_inner_content(|xml| {
                                    text_element(
                                        xml,
                                        "href",
                                        "http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png",
                                    )
                                })?;
                                Ok::<_, std::io::Error>(())
                            })?;
                            xml.create_element("LineStyle")
                                .write_inner_content(|xml| text_element(xml, "color", &colour))?;
                            Ok::<_, std::io::Error>(())
                        })?;
                }
                xml.create_element("ExtendedData").write_inner_content(|xml| {
                    xml.create_element("Data")
                        .with_attribute(("name", HELD))
                        .write_inner_content(|xml| text_element(xml, "value", &held_json(&held)))?;
                    Ok::<_, std::io::Error>(())
                })?;
                for (incident, cells) in incidents.iter().zip(&cells) {
                    if incident.geometry.is_located() {
                        placemark(xml, incident, cells, &categories)?;
                    }
                }
                Ok::<_, std::io::Error>(())
            })?;
            Ok::<_, std::io::Error>(())
        })?;
    xml.get_mut().write_all(b"\n")
}

/// Writes one incident's placemark.
fn placemark<W: Write>(
    xml: &mut Writer<W>,
    incident: &Incident,
    cells: &[(&str, String)],
    categories: &[String],
) -> std::io::Result<()> {
    // No `id` attribute: an incident's id need not be an XML name, nor unique beside the styles' ids.
    xml.create_element("Placemark").write_inner_content(|xml| {
        text_element(xml, "name", &incident.title)?;
        let mut snippet = incident.date.describe();
        if let Some(place) = &incident.place {
            snippet.push_str(" · ");
            snippet.push_str(place);
        }
        xml.create_element("Snippet")
            .with_attribute(("maxLines", "1"))
            .write_text_content(BytesText::from_escaped(escape(&snippet)))?;
        // HTML-escaped text never holds `]]>`.
        xml.create_element("description").write_cdata_content(BytesCData::new(balloon(incident)))?;
        let (time, parts) = time_element(incident);
        xml.create_element(time).write_inner_content(|xml| {
            parts.iter().try_for_each(|(name, value)| text_element(xml, name, value))
        })?;
        let k = categories.binary_search(&incident.category).unwrap_or_default();
        text_element(xml, "styleUrl", &format!("#{}", style_id(k)))?;
        xml.create_element("ExtendedData").write_inner_content(|xml| {
            cells.iter().try_for_each(|(name, text)| {
                xml.create_element("Data")
                    .with_attribute(("name", *name))
                    .write_inner_content(|xml| text_element(xml, "value", text))?;
                Ok::<_, std::io::Error>(())
            })
        })?;
        geometry_element(xml, &incident.geometry)
    })?;
    Ok(())
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
    if let Some(held) = held_data(&doc).filter(|_| options.overrides.is_empty()) {
        return read_ours(&doc, &held, file).map_err(unreadable);
    }
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

/// The text of our [`HELD`] `Data` in the `Document`'s `ExtendedData`, when the file is our own KML.
fn held_data(doc: &roxmltree::Document<'_>) -> Option<String> {
    fn element<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
        node.children().find(|n| n.is_element() && n.tag_name().name() == name)
    }
    let document = element(doc.root_element(), "Document")?;
    let data = element(document, "ExtendedData")?
        .children()
        .find(|n| n.tag_name().name() == "Data" && n.attribute("name") == Some(HELD))?;
    text_of(element(data, "value"))
}

/// Our own KML: each placemark's `Data` as our columns, and the incidents held whole put back in their
/// places, all read through the checks of our GeoJSON.
///
/// # Errors
/// When the held incidents are not the JSON we write.
fn read_ours(doc: &roxmltree::Document<'_>, held: &str, file: &str) -> Result<Imported, String> {
    #[derive(serde::Deserialize)]
    struct Held {
        incidents: Vec<(usize, Map<String, Value>, Option<String>)>,
    }
    let held: Held =
        serde_json::from_str(held).map_err(|e| format!("its {HELD} data is not readable: {e}"))?;
    let mut names: Vec<String> = COLUMNS.iter().map(|(f, _)| f.name().to_owned()).collect();
    names.push(Field::Wkt.name().to_owned());
    let mut placemarks = doc.descendants().filter(|n| n.tag_name().name() == "Placemark");
    let mut held = held.incidents.into_iter().peekable();
    let mut rows = table::Rows::ours(names.clone(), file, OUR_OWN_KML);
    let mut skipped_placemark = false;
    loop {
        let number = rows.len() + 1;
        let row = if let Some((_, properties, wkt)) = held.next_if(|(k, _, _)| *k + 1 == number) {
            // Its placemark, if it has one, is only for other tools.
            if wkt.is_some() {
                skipped_placemark |= placemarks.next().is_none();
            }
            held_row(number, &properties, wkt, &names)
        } else if let Some(placemark) = placemarks.next() {
            placemark_row(number, placemark, &names)
        } else if let Some((k, _, _)) = held.next() {
            return Err(format!("its {HELD} data places an incident at {} of {}", k + 1, number - 1));
        } else {
            break;
        };
        rows.push(row);
    }
    if skipped_placemark {
        return Err(format!("its {HELD} data names more located incidents than it has placemarks"));
    }
    // Our own rows are read as they come: importing them cannot fail.
    rows.import(file, &crate::io::import::ImportOptions::default(), ImportFormat::Kml)
        .map_err(|e| e.to_string())
}

/// A placemark of ours as a row of our columns: each `Data` value as written (not trimmed), the geometry
/// its points (a `MultiGeometry` stays several places even with one point).
fn placemark_row(number: usize, placemark: roxmltree::Node<'_, '_>, names: &[String]) -> table::Row {
    let mut cells = vec![Value::Null; names.len()];
    if let Some(data) = placemark.children().find(|n| n.tag_name().name() == "ExtendedData") {
        for data in data.children().filter(|n| n.tag_name().name() == "Data") {
            let column = data.attribute("name").and_then(|name| names.iter().position(|n| n == name));
            if let (Some(k), Some(text)) = (column, text_of(child(data, "value"))) {
                cells[k] = Value::String(text);
            }
        }
    }
    let multi = placemark.descendants().any(|n| n.tag_name().name() == "MultiGeometry");
    let positions = placemark
        .descendants()
        .filter(|n| n.tag_name().name() == "Point")
        .map(|point| kml_coordinates(&text_of(child(point, "coordinates")).unwrap_or_default()))
        .collect::<Result<Vec<_>, _>>()
        .map(|each| each.into_iter().flatten().collect::<Vec<_>>());
    let geometry = positions.map_err(|(_, message)| message).and_then(|positions| {
        crate::io::geometry::located(if multi { Shape::MultiPoint } else { Shape::Point }, positions)
    });
    table::Row { number, fid: None, cells, geometry }
}

/// An incident held whole (the properties of our GeoJSON, and WKT) as a row of our columns.
fn held_row(
    number: usize,
    properties: &Map<String, Value>,
    wkt: Option<String>,
    names: &[String],
) -> table::Row {
    let mut cells: Vec<Value> =
        names.iter().map(|n| properties.get(n).cloned().unwrap_or(Value::Null)).collect();
    if let (Some(k), Some(wkt)) = (names.iter().position(|n| n == Field::Wkt.name()), wkt) {
        cells[k] = Value::String(wkt);
    }
    table::Row { number, fid: None, cells, geometry: Ok((Geometry::None, None)) }
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
mod tests {
    use super::*;
    use crate::model::EdtfDate;

    /// Our KML of these incidents, each line trimmed and joined (the values here have no line breaks).
    fn kml_of(incidents: &[Incident]) -> String {
        let mut out = Vec::new();
        write(&mut out, incidents).expect("write");
        String::from_utf8(out).expect("utf8").lines().map(str::trim).collect()
    }

    #[test]
    fn times_at_the_precision_known() {
        let d = |s: &str| EdtfDate::parse(s).expect("date");
        let at = |id: &str, date: &str| {
            let mut i = Incident::new(id, id, d(date), "attack");
            i.geometry = Geometry::Point(Position::lat_lon(55.8, 37.4));
            i
        };
        let kml = kml_of(&[
            at("a", "2024-03-22"),
            at("b", "2016"),
            at("c", "2024-03-22T19:58+03:00"),
            at("e", "../2015"),
            at("f", "2016-03~"),
            at("g", "2015-10/2016"),
        ]);
        assert!(kml.contains("<TimeStamp><when>2024-03-22</when></TimeStamp>"), "{kml}");
        assert!(kml.contains("<TimeSpan><begin>2016</begin><end>2016</end></TimeSpan>"));
        assert!(kml.contains("<TimeStamp><when>2024-03-22T16:58:00Z</when></TimeStamp>"));
        assert!(kml.contains("<TimeSpan><end>2015</end></TimeSpan>"));
        assert!(kml.contains("<TimeSpan><begin>2016-03</begin><end>2016-03</end></TimeSpan>"));
        assert!(kml.contains("<TimeSpan><begin>2015-10</begin><end>2016</end></TimeSpan>"));
        // The EDTF text, with its qualifiers, is the reader's.
        assert!(kml.contains(r#"<Data name="date"><value>2016-03~</value></Data>"#));
    }

    #[test]
    fn placemarks_styles_balloons_and_held_incidents() {
        let d = |s: &str| EdtfDate::parse(s).expect("date");
        let mut a = Incident::new("a 1", "A & B", d("2024-03-22"), "attack");
        a.geometry = Geometry::Point(Position::lat_lon(55.8, 37.4));
        a.killed = Some(3);
        a.sources = vec![crate::model::Source {
            url: Some("https://example.org/a?b=1&c=\"2\"".into()),
            quote: Some("three <dead>".into()),
            ..crate::model::Source::named("Agency", "Report")
        }]
        .into();
        let unlocated = Incident::new("u", "U", d("2016"), "arrest");
        let mut m = Incident::new("m", "M\u{1}", d("2016"), "plot");
        m.geometry = Geometry::MultiPoint(vec![Position::lat_lon(1.0, 2.0), Position::lat_lon(3.0, 4.0)]);
        let kml = kml_of(&[a, unlocated, m]);
        assert_eq!(kml.matches("<Placemark>").count(), 2, "the unlocated has none");
        assert!(kml.contains("<name>A &amp; B</name>"));
        assert!(kml.contains(r#"<Style id="category-2"><IconStyle><color>ff005ed5</color>"#), "{kml}");
        assert!(kml.contains("<styleUrl>#category-2</styleUrl>"));
        assert!(kml.contains("<p>3 killed</p>"));
        assert!(kml.contains(
            r#"<li><a href="https://example.org/a?b=1&amp;c=&quot;2&quot;">Agency: Report</a>: “three &lt;dead&gt;”</li>"#
        ));
        assert!(kml.contains("<MultiGeometry><Point><coordinates>2,1</coordinates></Point>"));
        assert!(
            kml.contains("<name>M</name>"),
            "a control character XML cannot hold is left out of the placemark"
        );
        // Both the unlocated (at 1) and the one with a control character (at 2) are held whole.
        assert!(kml.contains(r#"[[1,{"id":"u""#), "{kml}");
        assert!(kml.contains(r#"[2,{"id":"m","title":"M\u0001""#), "{kml}");
        let said = caveats(&[Incident::new("u", "U", d("2016"), "arrest")]);
        assert_eq!(said.len(), 1);
        assert!(said[0].starts_with("1 incident has no place and no placemark"), "{said:?}");
    }

    #[test]
    fn escapes_and_drops_forbidden_characters() {
        assert_eq!(escape("x\u{1}y\tz\u{fffe}"), "xy\tz");
    }
}
