//! Problems found in input files, each naming the file, the place in it and the field.

use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The record was kept, but something is missing or doubtful.
    Warning,
    /// The record could not be read and was skipped.
    Error,
}

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The file as a whole.
    File,
    /// A line and column (1-based), for syntax errors.
    Text {
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
    },
    /// A line of a text file (a table row, a KML placemark), from 1.
    Line {
        /// Line, from 1 (0: the file as a whole).
        line: usize,
    },
    /// A `GeoJSON` feature, numbered from 1 in file order, with its id when it has one.
    Feature {
        /// Position in the `features` array, from 1.
        number: usize,
        /// The feature's id, if readable.
        id: Option<String>,
    },
}

/// One problem in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error (record skipped) or warning (record kept).
    pub severity: Severity,
    /// The file, as given by the user.
    pub file: String,
    /// Where in the file.
    pub location: Location,
    /// The field at fault (`date`, `geometry`, `sources[0].publisher`), if any.
    pub field: Option<String>,
    /// What is wrong, in words.
    pub message: String,
}

/// The longest message a problem keeps, in characters.
pub const MAX_MESSAGE_CHARS: usize = 500;
/// The longest field name a problem keeps, in characters.
pub const MAX_FIELD_CHARS: usize = 80;

impl Diagnostic {
    /// A problem at `location` in `file`, in `field` when one is at fault. Messages quote what they found
    /// in the file; a message longer than [`MAX_MESSAGE_CHARS`] (a value of a megabyte, say) is cut short,
    /// and the field's name (from the file too) to [`MAX_FIELD_CHARS`], so that no problem copies the file.
    #[must_use]
    pub fn new(
        severity: Severity,
        file: &str,
        location: Location,
        field: Option<String>,
        message: impl Into<String>,
    ) -> Self {
        // Bytes are at least as many as characters: most messages are decided without counting.
        let cut = |text: String, most: usize| {
            if text.len() <= most || text.chars().count() <= most {
                text
            } else {
                crate::sys::terminal::excerpt(&text, most)
            }
        };
        let field = field.map(|f| cut(f, MAX_FIELD_CHARS));
        Self {
            severity,
            file: file.to_owned(),
            location,
            field,
            message: cut(message.into(), MAX_MESSAGE_CHARS),
        }
    }

    /// An error about the file as a whole (it cannot be read).
    #[must_use]
    pub fn file_error(file: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, Location::File, None, message)
    }

    /// A warning about one field, for the file as a whole (a renamed id, a place to review).
    #[must_use]
    pub fn file_warning(file: &str, field: &str, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, field: Some(field.to_owned()), ..Self::file_error(file, message) }
    }
}

impl Diagnostic {
    /// The problem as JSON: `severity` (`error` or `warning`), `file`, where (`line` and `column`,
    /// `line`, or `feature` and `id`, as the file allows), `field` (or null) and `message`.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        let mut value = serde_json::json!({
            "severity": if self.severity == Severity::Warning { "warning" } else { "error" },
            "file": self.file,
        });
        match &self.location {
            Location::File | Location::Line { line: 0 } => {}
            Location::Text { line, column } => {
                value["line"] = (*line).into();
                value["column"] = (*column).into();
            }
            Location::Line { line } => value["line"] = (*line).into(),
            Location::Feature { number, id } => {
                value["feature"] = (*number).into();
                value["id"] = id.clone().into();
            }
        }
        value["field"] = self.field.clone().into();
        value["message"] = self.message.clone().into();
        value
    }
}

impl fmt::Display for Diagnostic {
    /// `FILE: feature N (id): field: message`, or `FILE: line L, column C: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        match &self.location {
            Location::File | Location::Line { line: 0 } => {}
            Location::Text { line, column } => write!(f, ": line {line}, column {column}")?,
            Location::Line { line } => write!(f, ": line {line}")?,
            Location::Feature { number, id: Some(id) } => write!(f, ": feature {number} ({id})")?,
            Location::Feature { number, id: None } => write!(f, ": feature {number}")?,
        }
        if let Some(field) = &self.field {
            write!(f, ": {field}")?;
        }
        let label = if self.severity == Severity::Warning { "warning: " } else { "" };
        write!(f, ": {label}{}", self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_file_feature_field_and_message() {
        let d = Diagnostic {
            severity: Severity::Error,
            file: "a.geojson".into(),
            location: Location::Feature { number: 3, id: Some("x-1".into()) },
            field: Some("date".into()),
            message: "month 13 out of range (1–12) in \"2023-13\"".into(),
        };
        assert_eq!(
            d.to_string(),
            "a.geojson: feature 3 (x-1): date: month 13 out of range (1–12) in \"2023-13\""
        );
        let w = Diagnostic {
            severity: Severity::Warning,
            location: Location::Text { line: 2, column: 5 },
            field: None,
            ..d
        };
        assert_eq!(
            w.to_string(),
            "a.geojson: line 2, column 5: warning: month 13 out of range (1–12) in \"2023-13\""
        );
    }

    #[test]
    fn a_problem_never_copies_a_long_value_from_the_file() {
        let value = "root:*:19000:0:99999:7:::".repeat(1_000);
        let d = Diagnostic::new(
            Severity::Error,
            "f.geojson",
            Location::File,
            Some(value.clone()),
            format!("{value:?} is not a date"),
        );
        assert_eq!(d.message.chars().count(), MAX_MESSAGE_CHARS + 1, "cut, with an ellipsis");
        assert!(d.message.ends_with('…'));
        assert_eq!(d.field.as_deref().map(|f| f.chars().count()), Some(MAX_FIELD_CHARS + 1));
        // Short messages stay as they are.
        let short = Diagnostic::file_error("f.geojson", "month 13 out of range");
        assert_eq!(short.message, "month 13 out of range");
    }
}
