//! KML 2.2 export for Google Earth: a `Placemark` per incident with a `TimeStamp` (dates known to the
//! day or better) or a `TimeSpan` (months, years, intervals), so the time slider works; the incident's
//! fields in `ExtendedData`; one `Style` per category in the category palette.

use std::fmt::Write as _;
use std::io::Write;

use super::csv::{utc_text, wkt};
use crate::model::{
    DatePrecision, Geometry, Incident, LocationPrecision, Position, UNBOUNDED_FUTURE, UNBOUNDED_PAST,
    category_colour,
};

/// Escapes text for XML element content and attribute values.
///
/// ```
/// assert_eq!(incident_atlas::io::kml::escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
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
        let fields = [
            ("id", Some(i.id.clone())),
            ("date", Some(i.date.to_string())),
            ("date_precision", Some(i.date.precision().name().to_owned())),
            ("place", i.place.clone()),
            ("location_precision", i.location_precision.map(|l| LocationPrecision::name(l).to_owned())),
            ("uncertainty_m", i.uncertainty_m.map(|u| u.to_string())),
            ("category", Some(i.category.clone())),
            ("actors", (!i.actors.is_empty()).then(|| i.actors.join("; "))),
            ("killed", i.killed.map(|k| k.to_string())),
            ("injured", i.injured.map(|k| k.to_string())),
            ("notes", i.notes.clone()),
            ("wkt", Some(wkt(&i.geometry)).filter(|w| !w.is_empty())),
            ("sources", Some(super::geojson::sources_json(&i.sources).to_string())),
        ];
        for (name, value) in fields {
            if let Some(v) = value {
                let _ = write!(p, "<Data name=\"{name}\"><value>{}</value></Data>", escape(&v));
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

#[cfg(test)]
#[allow(clippy::many_single_char_names)]
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
