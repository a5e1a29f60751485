//! `GeoJSON` (RFC 7946), the native format: a `FeatureCollection` whose features carry the incident
//! fields as properties. Writing then reading gives the same incidents; unknown properties are kept.
//!
//! Written files hold one feature per line, so that a line number points at a feature.

use std::collections::HashMap;
use std::io::Write;

use serde::Deserializer;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value, json};

use crate::io::diagnostic::{Diagnostic, Location, Severity};
use crate::io::fields::{Field, PROPERTIES, sources_json};
use crate::io::import::shared::SharedLists;
use crate::io::import::values::check_lat_lon;
use crate::io::loaded::Loaded;
use crate::model::{
    EdtfDate, Geometry, Incident, LocationPrecision, Position, Source, UnixSeconds, utc_text,
};

/// Quotes longer than this many words draw a warning: a quote locates a fact, it does not copy it.
pub const MAX_QUOTE_WORDS: usize = 14;

/// Reads a `GeoJSON` document. `file` names it in diagnostics.
///
/// Features with errors are skipped and reported; features with warnings are kept and reported.
///
/// # Errors
/// A [`Diagnostic`] when the document as a whole is unusable: binary data, a JSON syntax error (with
/// line and column), or not a `FeatureCollection`.
pub fn read(bytes: &[u8], file: &str) -> Result<Loaded, Diagnostic> {
    let whole =
        |location: Location, message: String| Diagnostic::new(Severity::Error, file, location, None, message);
    if bytes.is_empty() {
        return Err(whole(Location::File, "the file is empty".into()));
    }
    if bytes.contains(&0) {
        return Err(whole(Location::File, "binary data (NUL bytes): not a GeoJSON text file".into()));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        whole(Location::File, format!("not UTF-8 text (invalid byte at offset {})", e.valid_up_to()))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The features are read one at a time and made into incidents as they come, so that a file of a
    // million features never stands in memory as one JSON tree.
    let mut features = Features { file, ..Features::default() };
    let mut json = serde_json::Deserializer::from_str(text);
    let root = json.deserialize_any(Root { features: &mut features }).and_then(|root| {
        json.end()?;
        Ok(root)
    });
    let root = root.map_err(|e| {
        let message = match e.classify() {
            serde_json::error::Category::Eof => format!("the JSON ends too early (truncated file?): {e}"),
            _ => format!("invalid JSON: {e}"),
        };
        let message = message.split(" at line ").next().unwrap_or_default().to_owned();
        whole(Location::Text { line: e.line(), column: e.column() }, message)
    })?;
    match root {
        RootKind::Collection => {}
        RootKind::Feature(feature) => features.take(Value::Object(feature)),
        RootKind::Unusable(message) => return Err(whole(Location::File, message)),
    }
    Ok(features.loaded)
}

/// The features read so far, with what checking them needs.
#[derive(Default)]
struct Features<'a> {
    file: &'a str,
    loaded: Loaded,
    /// Feature number of each id, to report repeats.
    seen: HashMap<String, usize>,
    count: usize,
    actor_lists: SharedLists<String>,
    source_lists: SharedLists<Source>,
}

impl Features<'_> {
    /// Checks the next feature and keeps its incident unless it has errors.
    fn take(&mut self, feature: Value) {
        self.count += 1;
        let number = self.count;
        let mut reader = FeatureReader { file: self.file, number, id: None, diagnostics: Vec::new() };
        if let Some(mut incident) = reader.incident(feature) {
            if let Some(&first) = self.seen.get(&incident.id) {
                reader.error("id", format!("duplicate id: feature {first} has the same id"));
            } else {
                self.seen.insert(incident.id.clone(), number);
                if !reader.diagnostics.iter().any(|d| d.severity == Severity::Error) {
                    incident.actors = self.actor_lists.share_arc(incident.actors);
                    incident.sources = self.source_lists.share_arc(incident.sources);
                    self.loaded.incidents.push(incident);
                }
            }
        }
        self.loaded.diagnostics.append(&mut reader.diagnostics);
    }
}

/// What the top level of the document turned out to be.
enum RootKind {
    /// A `FeatureCollection`, its features taken.
    Collection,
    /// A lone `Feature`.
    Feature(Map<String, Value>),
    /// Not `GeoJSON` we can read: why.
    Unusable(String),
}

/// The visitor methods for the JSON values a visitor does not expect (text, numbers, booleans, null),
/// each giving `$value` rather than an error, so that the caller can say in its own words what is wrong.
macro_rules! other_json_values {
    ($value:expr) => {
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok($value)
        }
    };
}

/// Reads the top-level object, handing each element of `features` to [`Features::take`].
struct Root<'s, 'a> {
    features: &'s mut Features<'a>,
}

impl<'de> Visitor<'de> for Root<'_, '_> {
    type Value = RootKind;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a GeoJSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RootKind, A::Error> {
        let mut kind: Option<String> = None;
        let mut has_features = false;
        let mut others = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "type" => kind = map.next_value::<Value>()?.as_str().map(str::to_owned),
                "features" => has_features = map.next_value_seed(FeatureArray { features: self.features })?,
                _ => {
                    others.insert(key, map.next_value::<Value>()?);
                }
            }
        }
        Ok(match kind.as_deref() {
            Some("FeatureCollection") if has_features => RootKind::Collection,
            Some("FeatureCollection") => {
                RootKind::Unusable("a FeatureCollection needs a \"features\" array".into())
            }
            Some("Feature") => {
                others.insert("type".into(), Value::from("Feature"));
                RootKind::Feature(others)
            }
            Some(other) => {
                RootKind::Unusable(format!("expected a FeatureCollection, found type \"{other}\""))
            }
            None => RootKind::Unusable("not GeoJSON: the top-level object has no \"type\"".into()),
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RootKind, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(not_an_object())
    }

    other_json_values!(not_an_object());
}

fn not_an_object() -> RootKind {
    RootKind::Unusable("not GeoJSON: the top level is not an object".into())
}

/// Reads `features`: each element to [`Features::take`] as it is parsed. Gives whether it was an array.
struct FeatureArray<'s, 'a> {
    features: &'s mut Features<'a>,
}

impl<'de> DeserializeSeed<'de> for FeatureArray<'_, '_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FeatureArray<'_, '_> {
    type Value = bool;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of features")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while let Some(feature) = seq.next_element::<Value>()? {
            self.features.take(feature);
        }
        Ok(true)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
    }

    other_json_values!(false);
}

struct FeatureReader<'a> {
    file: &'a str,
    number: usize,
    id: Option<String>,
    diagnostics: Vec<Diagnostic>,
}

impl FeatureReader<'_> {
    fn report(&mut self, severity: Severity, field: &str, message: String) {
        let location = Location::Feature { number: self.number, id: self.id.clone() };
        let field = (!field.is_empty()).then(|| field.to_owned());
        self.diagnostics.push(Diagnostic::new(severity, self.file, location, field, message));
    }

    fn error(&mut self, field: &str, message: String) {
        self.report(Severity::Error, field, message);
    }

    fn warn(&mut self, field: &str, message: String) {
        self.report(Severity::Warning, field, message);
    }

    /// Reads one feature; `None` (with errors reported) when it cannot become an incident.
    fn incident(&mut self, feature: Value) -> Option<Incident> {
        let Value::Object(mut feature) = feature else {
            self.error("", "a feature must be a JSON object".into());
            return None;
        };
        if feature.get("type").and_then(Value::as_str) != Some("Feature") {
            self.error("type", "expected \"Feature\"".into());
        }
        let mut props = match feature.shift_remove("properties") {
            Some(Value::Object(p)) => p,
            Some(Value::Null) | None => Map::new(),
            Some(_) => {
                self.error("properties", "must be an object or null".into());
                Map::new()
            }
        };
        let id = self.id_field(&mut props, &mut feature);
        self.id.clone_from(&id);
        let title = self.required_string(&mut props, Field::Title.name());
        let date = self.date_field(&mut props);
        let category = self.required_string(&mut props, Field::Category.name());
        let geometry = self.geometry(feature.shift_remove("geometry"));
        let place = self.optional_string(&mut props, Field::Place.name());
        let location_precision =
            self.optional_string(&mut props, Field::LocationPrecision.name()).and_then(|p| {
                p.parse::<LocationPrecision>()
                    .map_err(|e| self.error("location_precision", e.to_string()))
                    .ok()
            });
        let uncertainty_m = self.uncertainty_field(&mut props);
        let actors = self.actors_field(&mut props);
        let killed = self.count(&mut props, Field::Killed.name());
        let injured = self.count(&mut props, Field::Injured.name());
        let description = self.optional_string(&mut props, Field::Description.name());
        let notes = self.optional_string(&mut props, Field::Notes.name());
        let sources = self.sources(props.shift_remove(Field::Sources.name()));
        let created = edit_time(&mut props, Field::Created);
        let updated = edit_time(&mut props, Field::Updated);
        if matches!(geometry, Some(Geometry::Point(_) | Geometry::MultiPoint(_)))
            && location_precision.is_none()
        {
            self.warn(
                "location_precision",
                "missing for a located incident: no uncertainty ring is drawn".into(),
            );
        }
        let mut incident = Incident::new(id?, title?, date?, category?);
        incident.geometry = geometry?;
        incident.place = place;
        incident.location_precision = location_precision;
        incident.uncertainty_m = uncertainty_m;
        incident.actors = actors.into();
        incident.killed = killed;
        incident.injured = injured;
        incident.description = description;
        incident.notes = notes;
        incident.sources = sources.into();
        incident.extra = self.extra_field(props);
        incident.created = created;
        incident.updated = updated;
        let draft = incident.draft();
        if !draft.is_empty() {
            let typed: Vec<String> = draft.iter().map(|(field, text)| format!("{field} “{text}”")).collect();
            let message = format!("kept with fields that do not read yet: {}", typed.join(", "));
            self.warn(crate::model::DRAFT_PROPERTY, message);
        }
        Some(incident)
    }

    /// The `extra` object, then any other property left (as files written before `extra` was its own
    /// object had them), in that order.
    fn extra_field(&mut self, mut props: Map<String, Value>) -> crate::model::Properties {
        let mut extra = match props.shift_remove(Field::Extra.name()) {
            Some(Value::Object(kept)) => kept,
            Some(Value::Null) | None => Map::new(),
            Some(other) => {
                self.error(Field::Extra.name(), format!("must be an object, found {}", kind(&other)));
                Map::new()
            }
        };
        for (name, value) in props {
            extra.entry(name).or_insert(value);
        }
        extra.into()
    }

    /// The feature's id (from its properties, or the feature's own `id`).
    fn id_field(
        &mut self,
        props: &mut Map<String, Value>,
        feature: &mut Map<String, Value>,
    ) -> Option<String> {
        match props.shift_remove(Field::Id.name()).or_else(|| feature.shift_remove("id")) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(Value::String(_)) => {
                self.error("id", "is empty".into());
                None
            }
            Some(_) => {
                self.error("id", "must be a string".into());
                None
            }
            None => {
                self.error("id", "missing: every incident needs a unique id".into());
                None
            }
        }
    }

    /// The EDTF date.
    fn date_field(&mut self, props: &mut Map<String, Value>) -> Option<EdtfDate> {
        match props.shift_remove(Field::Date.name()) {
            Some(Value::String(s)) => match EdtfDate::parse(&s) {
                Ok(d) => Some(d),
                Err(e) => {
                    self.error("date", e.to_string());
                    None
                }
            },
            Some(Value::Null) | None => {
                self.error("date", "missing: every incident needs an EDTF date such as 2024-03-22".into());
                None
            }
            Some(other) => {
                self.error("date", format!("must be an EDTF string, found {}", kind(&other)));
                None
            }
        }
    }

    /// The uncertainty radius in metres, when given.
    fn uncertainty_field(&mut self, props: &mut Map<String, Value>) -> Option<f64> {
        match props.shift_remove(Field::UncertaintyM.name()) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) if n.as_f64().is_some_and(|v| v >= 0.0) => n.as_f64(),
            Some(other) => {
                self.error(
                    "uncertainty_m",
                    format!("must be a non-negative number of metres, found {other}"),
                );
                None
            }
        }
    }

    /// The actors: a list of strings (one string is a list of one).
    fn actors_field(&mut self, props: &mut Map<String, Value>) -> Vec<String> {
        match props.shift_remove(Field::Actors.name()) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::String(s)) => vec![s],
            Some(Value::Array(items)) => items
                .into_iter()
                .enumerate()
                .filter_map(|(k, v)| match v {
                    Value::String(s) => Some(s),
                    other => {
                        self.error(
                            &format!("actors[{k}]"),
                            format!("must be a string, found {}", kind(&other)),
                        );
                        None
                    }
                })
                .collect(),
            Some(other) => {
                self.error("actors", format!("must be a list of strings, found {}", kind(&other)));
                Vec::new()
            }
        }
    }

    fn required_string(&mut self, props: &mut Map<String, Value>, field: &str) -> Option<String> {
        match props.shift_remove(field) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s),
            Some(Value::String(_)) => {
                self.error(field, "is empty".into());
                None
            }
            Some(Value::Null) | None => {
                self.error(field, "missing".into());
                None
            }
            Some(other) => {
                self.error(field, format!("must be a string, found {}", kind(&other)));
                None
            }
        }
    }

    fn optional_string(&mut self, props: &mut Map<String, Value>, field: &str) -> Option<String> {
        match props.shift_remove(field) {
            Some(Value::String(s)) => Some(s),
            Some(Value::Null) | None => None,
            Some(other) => {
                self.error(field, format!("must be a string or null, found {}", kind(&other)));
                None
            }
        }
    }

    fn count(&mut self, props: &mut Map<String, Value>, field: &str) -> Option<u32> {
        match props.shift_remove(field) {
            Some(Value::Null) | None => None,
            Some(Value::Number(n)) if n.as_u64().is_some_and(|v| u32::try_from(v).is_ok()) => {
                n.as_u64().and_then(|v| u32::try_from(v).ok())
            }
            Some(other) => {
                self.error(
                    field,
                    format!(
                        "must be a whole number of people or null, found {other} \
                         (write \"at least\" figures as the number and say so in notes)"
                    ),
                );
                None
            }
        }
    }

    /// `None` when the geometry is unusable (reported); `Some(Geometry::None)` for `null`.
    fn geometry(&mut self, value: Option<Value>) -> Option<Geometry> {
        let obj = match value {
            None | Some(Value::Null) => return Some(Geometry::None),
            Some(Value::Object(o)) => o,
            Some(other) => {
                self.error("geometry", format!("must be an object or null, found {}", kind(&other)));
                return None;
            }
        };
        let coords = obj.get("coordinates");
        match obj.get("type").and_then(Value::as_str) {
            Some("Point") => {
                let Some(coords) = coords else {
                    self.error("geometry.coordinates", "missing".into());
                    return None;
                };
                self.position(coords, "geometry.coordinates").map(Geometry::Point)
            }
            Some("MultiPoint") => {
                let Some(Value::Array(items)) = coords else {
                    self.error("geometry.coordinates", "a MultiPoint needs an array of positions".into());
                    return None;
                };
                let mut points = Vec::with_capacity(items.len());
                let mut ok = true;
                for (k, item) in items.iter().enumerate() {
                    match self.position(item, &format!("geometry.coordinates[{k}]")) {
                        Some(p) => points.push(p),
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                if points.is_empty() {
                    self.warn(
                        "geometry",
                        "an empty MultiPoint: the incident is shown on the timeline only".into(),
                    );
                    return Some(Geometry::None);
                }
                Some(Geometry::MultiPoint(points))
            }
            Some(other) => {
                self.error(
                    "geometry.type",
                    format!("\"{other}\" is not supported (use Point, MultiPoint or null)"),
                );
                None
            }
            None => {
                self.error("geometry.type", "missing".into());
                None
            }
        }
    }

    fn position(&mut self, value: &Value, field: &str) -> Option<Position> {
        let Value::Array(items) = value else {
            self.error(
                field,
                format!("a position must be an array [longitude, latitude], found {}", kind(value)),
            );
            return None;
        };
        if !(2..=3).contains(&items.len()) {
            self.error(
                field,
                format!("a position needs 2 numbers [longitude, latitude], found {}", items.len()),
            );
            return None;
        }
        let mut numbers = [0.0; 2];
        for (k, (slot, name)) in numbers.iter_mut().zip(["longitude", "latitude"]).enumerate() {
            match &items[k] {
                Value::Number(n) => *slot = n.as_f64().unwrap_or(f64::NAN),
                other => {
                    self.error(field, format!("{name} {other} is not a number"));
                    return None;
                }
            }
        }
        let [lon, lat] = numbers;
        if !(-90.0..=90.0).contains(&lat) {
            let hint = if (-90.0..=90.0).contains(&lon) { " (longitude and latitude swapped?)" } else { "" };
            self.error(field, format!("latitude {lat} out of range (-90 to 90){hint}"));
            return None;
        }
        if !(-180.0..=180.0).contains(&lon) {
            self.error(field, format!("longitude {lon} out of range (-180 to 180)"));
            return None;
        }
        Some(Position { lon, lat })
    }

    fn sources(&mut self, value: Option<Value>) -> Vec<Source> {
        let items = match value {
            Some(Value::Array(items)) => items,
            None | Some(Value::Null) => Vec::new(),
            Some(other) => {
                self.error("sources", format!("must be a list of source objects, found {}", kind(&other)));
                return Vec::new();
            }
        };
        if items.is_empty() {
            self.warn("sources", "no source: every incident should cite at least one".into());
        }
        let mut sources = Vec::with_capacity(items.len());
        for (k, item) in items.into_iter().enumerate() {
            let Value::Object(mut obj) = item else {
                self.error(&format!("sources[{k}]"), "must be an object".into());
                continue;
            };
            let field = |name: &str| format!("sources[{k}].{name}");
            let text =
                |obj: &mut Map<String, Value>, name: &str, this: &mut Self| match obj.shift_remove(name) {
                    Some(Value::String(s)) => Some(s),
                    None | Some(Value::Null) => None,
                    Some(other) => {
                        this.error(&field(name), format!("must be a string, found {}", kind(&other)));
                        None
                    }
                };
            let publisher = text(&mut obj, "publisher", self);
            let title = text(&mut obj, "title", self);
            let url = text(&mut obj, "url", self);
            let published = text(&mut obj, "published", self);
            let quote = text(&mut obj, "quote", self);
            if publisher.as_deref().is_none_or(|p| p.trim().is_empty()) {
                self.error(&field("publisher"), "missing".into());
            }
            if let Some(p) = &published
                && let Err(e) = EdtfDate::parse(p)
            {
                self.error(&field("published"), e.to_string());
            }
            if let Some(q) = &quote {
                let words = q.split_whitespace().count();
                if words > MAX_QUOTE_WORDS {
                    self.warn(&field("quote"), format!("{words} words: a quote should be a short phrase"));
                }
            }
            if let Some(extra) = obj.keys().next() {
                self.warn(&field(extra), "unknown source field, not kept".into());
            }
            let source = Source {
                publisher: publisher.unwrap_or_default(),
                title: title.unwrap_or_default(),
                url,
                published,
                quote,
            };
            if let Some(problem) = source.link_problem() {
                self.warn(&field("url"), problem);
            }
            sources.push(source);
        }
        sources
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A geometry as GeoJSON: `null`, a `Point` or a `MultiPoint`, positions as `[lon, lat]`.
#[must_use]
pub fn geometry_json(geometry: &Geometry) -> Value {
    let position = |p: &Position| json!([p.lon, p.lat]);
    match geometry {
        Geometry::None => Value::Null,
        Geometry::Point(p) => json!({"type": "Point", "coordinates": position(p)}),
        Geometry::MultiPoint(ps) => {
            json!({"type": "MultiPoint", "coordinates": ps.iter().map(position).collect::<Vec<_>>()})
        }
    }
}

/// One feature of ours, from another container than a `FeatureCollection` (a line of a GeoJSON text
/// sequence, a row of our CSV), through the same checks as [`read`]: the incident and its warnings as
/// `(field, message)`, or its first error.
///
/// # Errors
/// `(field, message)` of the first error: such a record is skipped.
pub fn incident_from_feature(feature: Value, file: &str) -> crate::io::import::table::Converted {
    let mut reader = FeatureReader { file, number: 0, id: None, diagnostics: Vec::new() };
    let incident = reader.incident(feature);
    let said = |d: Diagnostic| (d.field.unwrap_or_default(), d.message);
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        reader.diagnostics.into_iter().partition(|d| d.severity == Severity::Error);
    match (incident, errors.into_iter().next()) {
        (Some(incident), None) => Ok((incident, warnings.into_iter().map(said).collect())),
        (_, Some(error)) => Err(said(error)),
        (None, None) => Err((String::new(), "not a feature".to_owned())),
    }
}

/// Our `created` or `updated` property: a UTC time in ISO 8601 (any offset, fractions of a second
/// dropped); null is unknown. Another value under that name (a feed's `updated` in epoch milliseconds)
/// is not ours and stays among the other properties, to be kept in `extra`.
fn edit_time(props: &mut Map<String, Value>, field: Field) -> Option<UnixSeconds> {
    let at = match props.get(field.name())? {
        Value::String(text) => text.trim().parse::<jiff::Timestamp>().ok()?.as_second(),
        // Unknown, as a table's empty cell reads.
        Value::Null => {
            props.shift_remove(field.name());
            return None;
        }
        _ => return None,
    };
    props.shift_remove(field.name());
    Some(at)
}

/// The GeoJSON feature for one incident.
#[must_use]
pub fn feature(incident: &Incident) -> Value {
    let geometry = geometry_json(&incident.geometry);
    let mut props = Map::new();
    for field in PROPERTIES {
        let value = match field {
            Field::Id => json!(incident.id),
            Field::Title => json!(incident.title),
            Field::Date => json!(incident.date.as_str()),
            Field::Place => json!(incident.place),
            Field::LocationPrecision => json!(incident.location_precision.map(LocationPrecision::name)),
            Field::UncertaintyM => json!(incident.uncertainty_m),
            Field::Category => json!(incident.category),
            Field::Actors => json!(incident.actors),
            Field::Killed => json!(incident.killed),
            Field::Injured => json!(incident.injured),
            Field::Description => json!(incident.description),
            Field::Notes => json!(incident.notes),
            Field::Sources => sources_json(&incident.sources),
            // Written only when known, so that data never edited here keeps its size.
            Field::Created | Field::Updated => {
                let at = if field == Field::Created { incident.created } else { incident.updated };
                match at {
                    Some(t) => json!(utc_text(t)),
                    None => continue,
                }
            }
            // Tables only: a feature has its geometry and its date as EDTF.
            _ => continue,
        };
        props.insert(field.name().into(), value);
    }
    // Everything else an import kept sits apart under `extra`, so that a file's own `sources` or `date`
    // can never be mistaken for ours.
    if !incident.extra.is_empty() {
        props.insert(Field::Extra.name().into(), Value::Object(incident.extra.to_map()));
    }
    json!({"type": "Feature", "geometry": geometry, "properties": props})
}

/// Writes incidents as a `FeatureCollection`, one feature per line.
///
/// # Errors
/// Any error from the writer.
pub fn write(out: &mut dyn Write, incidents: &[Incident]) -> std::io::Result<()> {
    out.write_all(b"{\"type\": \"FeatureCollection\", \"features\": [\n")?;
    for (i, incident) in incidents.iter().enumerate() {
        serde_json::to_writer(&mut *out, &feature(incident))?;
        out.write_all(if i + 1 < incidents.len() { b",\n" } else { b"\n" })?;
    }
    out.write_all(b"]}\n")
}

#[cfg(test)]
mod tests;

/// Imports GeoJSON: our own format when every feature reads cleanly as ours, otherwise any tool's
/// features through a field mapping (any properties; epoch-millisecond times; 3-D coordinates; lines and
/// polygons placed at their centroid, with a warning).
///
/// # Errors
/// An [`crate::io::IoError`] for text that is not a GeoJSON `FeatureCollection` or `Feature`, or has no usable fields.
pub fn import(
    bytes: &[u8],
    file: &str,
    options: &crate::io::import::ImportOptions,
) -> Result<crate::io::import::Imported, crate::io::loaded::IoError> {
    use crate::io::import::foreign::{Record, import_records};
    let overridden = options.overrides != crate::io::import::mapping::Overrides::default();
    let native = match read(bytes, file) {
        // Our own format, read cleanly: taken as it is.
        Ok(loaded) if !overridden && !loaded.has_errors() && !loaded.incidents.is_empty() => {
            return Ok(crate::io::import::Imported {
                records: loaded.incidents.len(),
                loaded,
                mapping: vec![crate::io::import::OUR_OWN_GEOJSON.to_owned()],
                ..crate::io::import::Imported::default()
            });
        }
        other => other,
    };
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(_) => {
            return native
                .map(|l| crate::io::import::Imported {
                    records: l.incidents.len(),
                    loaded: l,
                    ..crate::io::import::Imported::default()
                })
                .map_err(crate::io::loaded::IoError::Unreadable);
        }
    };
    let features: Vec<Value> = match value {
        Value::Object(mut o) if o.get("type").and_then(Value::as_str) == Some("FeatureCollection") => {
            match o.shift_remove("features") {
                Some(Value::Array(a)) => a,
                _ => Vec::new(),
            }
        }
        Value::Object(o) if o.get("type").and_then(Value::as_str) == Some("Feature") => {
            vec![Value::Object(o)]
        }
        _ => {
            return Err(crate::io::loaded::IoError::Unreadable(Diagnostic::file_error(
                file,
                "not a GeoJSON FeatureCollection or Feature",
            )));
        }
    };
    let records = features
        .into_iter()
        .enumerate()
        .map(|(k, feature)| {
            let mut warnings = Vec::new();
            let id = match feature.get("id") {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            };
            let (geometry, refused) =
                match feature.get("geometry").map(|g| foreign_geometry(g, &mut warnings)) {
                    None => (None, None),
                    Some(Ok(geometry)) => (Some(geometry), None),
                    Some(Err(problem)) => (None, Some(problem)),
                };
            let typed = match feature.get("properties") {
                Some(Value::Object(props)) => Some(props.clone()),
                _ => None,
            };
            let fields = match &typed {
                Some(props) => props
                    .iter()
                    .filter_map(|(key, v)| {
                        let text = match v {
                            Value::Null => return None,
                            Value::String(s) => s.clone(),
                            Value::Number(n) => n.to_string(),
                            Value::Bool(b) => b.to_string(),
                            other => other.to_string(),
                        };
                        Some((key.clone(), text))
                    })
                    .collect(),
                None => Vec::new(),
            };
            Record {
                at: crate::io::diagnostic::Location::Feature { number: k + 1, id: id.clone() },
                number: k + 1,
                id,
                geometry,
                fields,
                typed,
                warnings,
                refused,
            }
        })
        .collect();
    import_records(records, file, options)
}

/// A geometry from any GeoJSON: points as they are (a third coordinate ignored), other shapes at their
/// centroid (with a warning), anything unreadable as no place (with a warning).
fn foreign_geometry(
    value: &Value,
    warnings: &mut Vec<(String, String)>,
) -> Result<Geometry, (String, String)> {
    let mut outside = None;
    let mut point = |c: &Value| -> Option<Position> {
        let a = c.as_array()?;
        let (lon, lat) = (a.first()?.as_f64()?, a.get(1)?.as_f64()?);
        match check_lat_lon(lat, lon) {
            Ok(()) => Some(Position::lat_lon(lat, lon)),
            Err(problem) => {
                outside.get_or_insert(problem);
                None
            }
        }
    };
    let kind = value.get("type").and_then(Value::as_str).unwrap_or("");
    let coordinates = value.get("coordinates");
    let located = match (kind, coordinates) {
        (_, None) if value.is_null() => return Ok(Geometry::None),
        ("Point", Some(c)) => point(c).map(Geometry::Point),
        ("MultiPoint", Some(Value::Array(cs))) => {
            let ps: Option<Vec<Position>> = cs.iter().map(&mut point).collect();
            ps.filter(|p| !p.is_empty())
                .map(|p| if p.len() == 1 { Geometry::Point(p[0]) } else { Geometry::MultiPoint(p) })
        }
        (_, Some(c)) => {
            // Lines and polygons: the mean of their vertices.
            let mut vertices = Vec::new();
            collect_positions(c, &mut vertices);
            if let Some(problem) = vertices.iter().find_map(|p| check_lat_lon(p.lat, p.lon).err()) {
                outside.get_or_insert(problem);
            }
            Position::centre(&vertices).map(|centre| {
                let n = vertices.len();
                warnings
                    .push(("geometry".into(), format!("a {kind}: placed at the centre of its {n} points")));
                Geometry::Point(centre)
            })
        }
        _ => None,
    };
    if let Some((axis, message)) = outside {
        return Err(("geometry.coordinates".into(), format!("{axis} {message}")));
    }
    Ok(located.unwrap_or_else(|| {
        warnings.push(("geometry".into(), format!("unreadable {kind:?} geometry: no place")));
        Geometry::None
    }))
}

/// Every `[lon, lat, …]` position nested in GeoJSON coordinates, in range or not (the caller checks).
fn collect_positions(value: &Value, out: &mut Vec<Position>) {
    let Some(items) = value.as_array() else { return };
    if let (Some(lon), Some(lat)) =
        (items.first().and_then(Value::as_f64), items.get(1).and_then(Value::as_f64))
    {
        out.push(Position::lat_lon(lat, lon));
        return;
    }
    for item in items {
        collect_positions(item, out);
    }
}
