//! Properties this program does not know, kept with an incident in their order and written back
//! unchanged.
//!
//! They are held as one compact JSON object text rather than a map: an imported ACLED row keeps half a
//! dozen such columns, and a million rows each with a hash map of owned keys and values cost about a
//! kilobyte a row; the text costs its length. Reading them (the details panel, writers, the area filter)
//! parses that text, which for a handful of short values is cheap.

use std::fmt::{self, Write as _};

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};

/// An ordered set of named JSON values, held compactly.
///
/// ```
/// use incident_atlas::model::Properties;
/// use serde_json::json;
///
/// let mut p = Properties::from_text_pairs([("disorder_type", "Political violence"), ("iso", "643")]);
/// p.insert("country", json!("Russia"));
/// assert_eq!(p.get("iso"), Some(json!("643")));
/// assert_eq!(p.keys(), ["disorder_type", "iso", "country"]);
/// assert_eq!(p.as_json(), r#"{"disorder_type":"Political violence","iso":"643","country":"Russia"}"#);
/// assert_eq!(p.remove("iso"), Some(json!("643")));
/// assert!(!p.contains_key("iso"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Properties {
    /// A JSON object in serde_json's compact form with at least one member; `None` when empty.
    json: Option<Box<str>>,
}

impl Properties {
    /// No properties.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Properties from a map, in its order.
    #[must_use]
    pub fn from_map(map: &Map<String, Value>) -> Self {
        if map.is_empty() {
            return Self::new();
        }
        Self { json: Some(Value::Object(map.clone()).to_string().into_boxed_str()) }
    }

    /// Properties whose values are all text (the kept columns of a table row), written straight to
    /// their compact form.
    #[must_use]
    pub fn from_text_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut text = String::new();
        for (name, value) in pairs {
            text.push(if text.is_empty() { '{' } else { ',' });
            push_json_string(&mut text, name);
            text.push(':');
            push_json_string(&mut text, value);
        }
        if text.is_empty() {
            return Self::new();
        }
        text.push('}');
        Self { json: Some(text.into_boxed_str()) }
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.json.is_none()
    }

    /// The properties as a JSON object text (`{}` when empty), as it is written to files.
    #[must_use]
    pub fn as_json(&self) -> &str {
        self.json.as_deref().unwrap_or("{}")
    }

    /// The properties as a map, in their order.
    #[must_use]
    pub fn to_map(&self) -> Map<String, Value> {
        // The text was written by serde_json from a map, so it always reads back as one.
        self.json.as_deref().and_then(|text| serde_json::from_str(text).ok()).unwrap_or_default()
    }

    /// The names, in order.
    #[must_use]
    pub fn keys(&self) -> Vec<String> {
        self.to_map().into_iter().map(|(k, _)| k).collect()
    }

    /// The value named `key`, read without building the whole map.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<Value> {
        let text = self.json.as_deref()?;
        let mut quoted = String::with_capacity(key.len() + 2);
        push_json_string(&mut quoted, key);
        if !text.contains(&quoted) {
            // A member's name is written as this quoted text: not there, not a member.
            return None;
        }
        let mut reader = serde_json::Deserializer::from_str(text);
        Lookup { key }.deserialize(&mut reader).ok().flatten()
    }

    /// The text value named `key` (`None` when absent or not text).
    #[must_use]
    pub fn get_str(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Whether a value is named `key`.
    #[must_use]
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets the value named `key`: a new name goes last, a known one keeps its place.
    pub fn insert(&mut self, key: &str, value: Value) {
        if !self.contains_key(key)
            && let Some(text) = self.json.take()
        {
            // A new name: append it to the text rather than rebuilding the map.
            let mut text = String::from(text);
            text.pop();
            text.push(',');
            push_json_string(&mut text, key);
            text.push(':');
            text.push_str(&value.to_string());
            text.push('}');
            self.json = Some(text.into_boxed_str());
            return;
        }
        let mut map = self.to_map();
        map.insert(key.to_owned(), value);
        *self = Self::from_map(&map);
    }

    /// Removes the value named `key` and gives it back; the others keep their order.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let mut map = self.to_map();
        let value = map.shift_remove(key)?;
        *self = Self::from_map(&map);
        Some(value)
    }
}

impl From<Map<String, Value>> for Properties {
    fn from(map: Map<String, Value>) -> Self {
        Self::from_map(&map)
    }
}

impl FromIterator<(String, Value)> for Properties {
    fn from_iter<T: IntoIterator<Item = (String, Value)>>(iter: T) -> Self {
        Self::from_map(&iter.into_iter().collect())
    }
}

/// Appends `s` as a JSON string literal, escaped exactly as serde_json escapes it (so that text built
/// here and text serde_json writes for the same map are equal).
fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    let mut plain_from = 0;
    for (at, c) in s.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            c if c < ' ' => "",
            _ => continue,
        };
        out.push_str(&s[plain_from..at]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push_str(escape);
        }
        plain_from = at + c.len_utf8();
    }
    out.push_str(&s[plain_from..]);
    out.push('"');
}

/// Reads one member of a JSON object, skipping the others without keeping them.
struct Lookup<'k> {
    key: &'k str,
}

impl<'de> DeserializeSeed<'de> for Lookup<'_> {
    type Value = Option<Value>;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Lookup<'_> {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(name) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if found.is_none() && name == self.key {
                found = Some(map.next_value::<Value>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_order_nesting_and_escapes() {
        let mut map = Map::new();
        map.insert("z_first".into(), json!(true));
        map.insert("custom \"rank\"".into(), json!({"nested": [1, 2.5, null, "x"]}));
        map.insert("é".into(), json!("line\nbreak"));
        let p = Properties::from_map(&map);
        assert_eq!(p.to_map(), map);
        assert_eq!(p.keys(), ["z_first", "custom \"rank\"", "é"]);
        assert_eq!(p.get("custom \"rank\""), Some(json!({"nested": [1, 2.5, null, "x"]})));
        assert_eq!(p.get_str("é").as_deref(), Some("line\nbreak"));
        assert_eq!(p.get_str("z_first"), None, "not text");
        assert_eq!(p.get("missing"), None);
    }

    #[test]
    fn text_pairs_read_back_as_the_same_map() {
        let odd = "\"quoted\"\t\u{1}\u{8}\u{c}\r\n/é\u{7f}";
        let p = Properties::from_text_pairs([("a \\ b", odd), ("n", "12")]);
        let map: Map<String, Value> =
            [("a \\ b".to_owned(), json!(odd)), ("n".to_owned(), json!("12"))].into_iter().collect();
        assert_eq!(p, Properties::from_map(&map));
        assert!(Properties::from_text_pairs([]).is_empty());
        assert_eq!(Properties::new().as_json(), "{}");
    }

    #[test]
    fn insert_appends_new_names_and_replaces_known_ones_in_place() {
        let mut p = Properties::new();
        p.insert("a", json!(1));
        p.insert("b", json!("two"));
        p.insert("a", json!([3]));
        assert_eq!(p.as_json(), r#"{"a":[3],"b":"two"}"#);
        assert_eq!(p.remove("a"), Some(json!([3])));
        assert_eq!(p.remove("a"), None);
        assert_eq!(p.remove("b"), Some(json!("two")));
        assert!(p.is_empty());
    }
}
