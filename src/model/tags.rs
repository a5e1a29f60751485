//! An incident's tags: short labels an analyst gives incidents to gather them ("verified", "wave 2"),
//! held in the `tags` property so that every format carries them as it carries other properties.
//!
//! Ours are a JSON array of texts. ACLED's export has a `tags` column of one text with the tags
//! separated by semicolons ("crowd size=no report; women targeted: politicians"); that is read as the
//! same tags, and a change keeps it in that form.

use serde_json::Value;

use super::{Incident, Properties};

/// The property that holds the tags.
pub const TAGS_PROPERTY: &str = "tags";

/// The tags of a set of properties, in order, each once; none when there is no `tags` property or it
/// is neither texts nor a text.
///
/// ```
/// use incident_atlas::model::{Properties, tags_of};
/// use serde_json::json;
///
/// let mut ours = Properties::new();
/// ours.insert("tags", json!(["verified", "wave 2", "verified"]));
/// assert_eq!(tags_of(&ours), ["verified", "wave 2"]);
/// let acled = Properties::from_text_pairs([("tags", "crowd size=no report; women targeted: politicians")]);
/// assert_eq!(tags_of(&acled), ["crowd size=no report", "women targeted: politicians"]);
/// assert!(tags_of(&Properties::from_text_pairs([("tags", "  ")])).is_empty());
/// ```
#[must_use]
pub fn tags_of(properties: &Properties) -> Vec<String> {
    let named: Vec<String> = match properties.get(TAGS_PROPERTY) {
        Some(Value::Array(values)) => values.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        Some(Value::String(text)) => text.split(';').map(str::to_owned).collect(),
        _ => return Vec::new(),
    };
    let mut tags: Vec<String> = Vec::with_capacity(named.len());
    for tag in named {
        let tag = tag.trim();
        if !tag.is_empty() && !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
    }
    tags
}

/// Sets the tags: none removes the property; otherwise they are written as the property was (a text
/// with semicolons when it was one, as ACLED writes them), else as an array of texts.
///
/// ```
/// use incident_atlas::model::{Properties, set_tags, tags_of};
/// use serde_json::json;
///
/// let mut acled = Properties::from_text_pairs([("tags", "crowd size=no report")]);
/// set_tags(&mut acled, &["crowd size=no report".into(), "checked".into()]);
/// assert_eq!(acled.get("tags"), Some(json!("crowd size=no report; checked")));
/// let mut ours = Properties::new();
/// set_tags(&mut ours, &["verified".into()]);
/// assert_eq!(ours.get("tags"), Some(json!(["verified"])));
/// set_tags(&mut ours, &[]);
/// assert!(ours.is_empty());
/// ```
pub fn set_tags(properties: &mut Properties, tags: &[String]) {
    let was_text = matches!(properties.get(TAGS_PROPERTY), Some(Value::String(_)));
    if tags.is_empty() {
        properties.remove(TAGS_PROPERTY);
    } else if was_text {
        properties.insert(TAGS_PROPERTY, Value::String(tags.join("; ")));
    } else {
        properties.insert(TAGS_PROPERTY, Value::Array(tags.iter().cloned().map(Value::String).collect()));
    }
}

impl Incident {
    /// The incident's tags (see [`tags_of`]).
    #[must_use]
    pub fn tags(&self) -> Vec<String> {
        tags_of(&self.extra)
    }

    /// Whether the incident has this tag.
    #[must_use]
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags().iter().any(|t| t == tag)
    }
}
