//! Records with named fields from other tools (GeoJSON features, KML placemarks) made into incidents
//! through a [`Mapping`]: the field names across all records, then one incident per record.

use super::imported::{ImportOptions, Imported, usable};
use super::mapping::{Mapping, Part};
use super::roles;
use super::table::Samples;
use crate::io::diagnostic::{Diagnostic, Location, Severity};
use crate::io::loaded::{IoError, Loaded};
use crate::model::Geometry;

/// One foreign record: where it is in the file, its id if the format has one, its geometry if the
/// format carries it apart from the fields, and its fields.
#[derive(Debug, Clone)]
pub struct Record {
    /// Feature number or line, for messages.
    pub at: Location,
    /// Number (1-based) used for default ids and titles.
    pub number: usize,
    /// The format's own id (a GeoJSON feature's `id`).
    pub id: Option<String>,
    /// Geometry read by the format (`None`: take coordinates from the fields).
    pub geometry: Option<Geometry>,
    /// Field name and text, in the record's order.
    pub fields: Vec<(String, String)>,
    /// The fields as the format typed them (a GeoJSON feature's properties), when it types them: what
    /// is not mapped is kept with these types (numbers, booleans, objects) rather than as text.
    pub typed: Option<serde_json::Map<String, serde_json::Value>>,
    /// Problems already found (geometry replaced by a centroid, …): field and message.
    pub warnings: Vec<(String, String)>,
    /// A problem the format found that skips the record (coordinates outside the globe): field and
    /// message.
    pub refused: Option<(String, String)>,
}

/// Maps records to incidents, reporting each bad record and keeping the good ones.
///
/// # Errors
/// When no mapping can make incidents (no date field; no coordinates or place), naming the fields.
pub fn import_records(
    records: Vec<Record>,
    file: &str,
    options: &ImportOptions,
) -> Result<Imported, IoError> {
    let problem = |location: Location, severity: Severity, field: Option<String>, message: String| {
        Diagnostic::new(severity, file, location, field, message)
    };
    let (names, mapping) = names_and_mapping(&records, file, options)?;
    let has_geometry = records.iter().any(|r| r.geometry.as_ref().is_some_and(Geometry::is_located));
    usable(&mapping, &names, has_geometry)
        .map_err(|m| IoError::Unreadable(Diagnostic::file_error(file, m)))?;
    let unmapped = mapping.unmapped(&names);
    let mapped: Vec<&str> =
        mapping.fields.values().chain(&mapping.more_actors).map(|&k| names[k].as_str()).collect();
    let mut loaded = Loaded::default();
    loaded
        .diagnostics
        .extend(mapping.warnings.iter().map(|w| Diagnostic::file_warning(file, "date", w.clone())));
    let total = records.len();
    for record in records {
        let values: Vec<Option<String>> = names
            .iter()
            .map(|n| {
                record
                    .fields
                    .iter()
                    .find(|(k, _)| k == n)
                    .map(|(_, v)| v.trim().to_owned())
                    .filter(|v| !v.is_empty())
            })
            .collect();
        for (field, message) in &record.warnings {
            loaded.diagnostics.push(problem(
                record.at.clone(),
                Severity::Warning,
                Some(field.clone()),
                message.clone(),
            ));
        }
        if let Some((field, message)) = record.refused {
            loaded.diagnostics.push(problem(record.at.clone(), Severity::Error, Some(field), message));
            if options.strict {
                break;
            }
            continue;
        }
        match mapping.incident(
            |k| values.get(k).and_then(|v| v.as_deref()),
            &unmapped,
            record.geometry,
            record.number,
            file,
        ) {
            Ok((mut incident, warnings)) => {
                if let Some(typed) = record.typed {
                    keep_typed(&mut incident, typed, &mapped);
                }
                if mapping.get(Part::Id).is_none()
                    && let Some(id) = record.id
                {
                    incident.id = id;
                }
                for (field, message) in warnings {
                    loaded.diagnostics.push(problem(
                        record.at.clone(),
                        Severity::Warning,
                        Some(field),
                        message,
                    ));
                }
                loaded.incidents.push(incident);
            }
            Err((field, message)) => {
                loaded.diagnostics.push(problem(record.at.clone(), Severity::Error, Some(field), message));
                if options.strict {
                    break;
                }
            }
        }
    }
    Ok(Imported {
        loaded,
        records: total,
        mapping: mapping.report_lines(),
        date_guesses: mapping.warnings.len(),
        ..Imported::default()
    })
}

/// The field names across all records, in the order first seen, and the mapping found from them and their
/// values.
fn names_and_mapping(
    records: &[Record],
    file: &str,
    options: &ImportOptions,
) -> Result<(Vec<String>, Mapping), IoError> {
    let mut names: Vec<String> = Vec::new();
    for record in records {
        for (name, _) in &record.fields {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    let samples = Samples::new(
        names.len(),
        records.iter().map(|record| {
            let names = &names;
            move |k: usize| record.fields.iter().find(|(n, _)| *n == names[k]).map(|(_, v)| v.as_str())
        }),
    );
    let mapping = roles::detect(&names, &samples, &options.overrides)
        .map_err(|m| IoError::Unreadable(Diagnostic::file_error(file, m)))?;
    Ok((names, mapping))
}

/// Every property the mapping did not take, nulls too, as the file typed it, after the country and region
/// the record states.
fn keep_typed(
    incident: &mut crate::model::Incident,
    typed: serde_json::Map<String, serde_json::Value>,
    mapped: &[&str],
) {
    let stated = incident.extra.to_map();
    let kept = typed.into_iter().filter(|(name, _)| !mapped.contains(&name.as_str()));
    incident.extra = stated
        .into_iter()
        .filter(|(key, _)| matches!(key.as_str(), "country" | "admin1"))
        .chain(kept)
        .collect();
}
