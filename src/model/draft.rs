//! Drafts: an incident kept while some of its fields, as typed, do not read yet (a date like "spring
//! 2024?", a count like "about 40"). The incident keeps its last readable value in each such field, and
//! the text typed is held in the `draft` property (field name → text), so that it survives a save in any
//! format, is marked wherever the incident is shown, and comes back into the editor to be finished.

use serde_json::{Map, Value};

use super::{Incident, Properties};

/// The property that holds a draft's unread fields.
pub const DRAFT_PROPERTY: &str = "draft";

/// The fields a draft may hold as typed, in the order the editor shows them.
pub const DRAFT_FIELDS: [&str; 6] = ["title", "date", "coordinates", "category", "killed", "injured"];

/// The unread fields of a draft (field, text as typed), in [`DRAFT_FIELDS`] order; none when the
/// properties hold no draft. A `draft` property that is not an object of such texts (another tool's
/// field of that name) is no draft.
///
/// ```
/// use incident_atlas::model::{Properties, draft_of, set_draft};
///
/// let mut p = Properties::new();
/// set_draft(&mut p, &[("killed".into(), "about 40".into()), ("date".into(), "spring 2024?".into())]);
/// assert_eq!(draft_of(&p), [("date".to_owned(), "spring 2024?".to_owned()), ("killed".into(), "about 40".into())]);
/// assert!(draft_of(&Properties::from_text_pairs([("draft", "yes")])).is_empty());
/// set_draft(&mut p, &[]);
/// assert!(p.is_empty());
/// ```
#[must_use]
pub fn draft_of(properties: &Properties) -> Vec<(String, String)> {
    let Some(Value::Object(fields)) = properties.get(DRAFT_PROPERTY) else {
        return Vec::new();
    };
    if fields.iter().any(|(name, text)| !DRAFT_FIELDS.contains(&name.as_str()) || !text.is_string()) {
        return Vec::new();
    }
    DRAFT_FIELDS
        .iter()
        .filter_map(|&name| Some((name.to_owned(), fields.get(name)?.as_str()?.to_owned())))
        .collect()
}

/// Records a draft's unread fields (none removes the draft).
pub fn set_draft(properties: &mut Properties, fields: &[(String, String)]) {
    if fields.is_empty() {
        properties.remove(DRAFT_PROPERTY);
        return;
    }
    let mut object = Map::new();
    for &name in &DRAFT_FIELDS {
        if let Some((_, text)) = fields.iter().find(|(field, _)| field == name) {
            object.insert(name.to_owned(), Value::String(text.clone()));
        }
    }
    properties.insert(DRAFT_PROPERTY, Value::Object(object));
}

impl Incident {
    /// The fields this incident holds as typed because they do not read yet (see [`draft_of`]).
    #[must_use]
    pub fn draft(&self) -> Vec<(String, String)> {
        draft_of(&self.extra)
    }

    /// Whether the incident is a draft: kept with fields that do not read yet.
    #[must_use]
    pub fn is_draft(&self) -> bool {
        !self.draft().is_empty()
    }
}
