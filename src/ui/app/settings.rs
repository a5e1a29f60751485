//! What persists between runs (eframe storage): the theme, the files open last, the map view, the time
//! window and the picture folder. Panel sizes persist through egui's own memory.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The key the settings are stored under.
pub(super) const SETTINGS_KEY: &str = "incident-atlas-settings";

/// What persists between runs. Every field has a default, so a settings file written by another version
/// (a field missing, a field unknown) still restores the rest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Dark (true) or light theme.
    pub dark: bool,
    /// The files open last time.
    pub last_files: Vec<PathBuf>,
    /// Map centre `(lat, lon)` and zoom.
    pub map_view: Option<(f64, f64, f64)>,
    /// Time window `(start, end)` in UTC seconds.
    pub window: Option<(i64, i64)>,
    /// Where pictures were last saved.
    pub export_dir: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Self { dark: true, last_files: Vec::new(), map_view: None, window: None, export_dir: None }
    }
}

impl Settings {
    /// The settings stored as `text`, or the defaults when there are none or they are not readable.
    #[must_use]
    pub fn from_stored(text: Option<&str>) -> Self {
        text.and_then(|t| serde_json::from_str(t).ok()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_or_newer_settings_file_keeps_what_it_has() {
        // `dark` is missing (an older version), `pinned_layers` unknown (a newer one).
        let text = r#"{"last_files": ["/data/a.geojson"], "map_view": [55.7, 37.6, 6.0],
                       "window": [0, 86400], "pinned_layers": ["density"]}"#;
        let settings = Settings::from_stored(Some(text));
        assert_eq!(settings.last_files, vec![PathBuf::from("/data/a.geojson")]);
        assert_eq!(settings.map_view, Some((55.7, 37.6, 6.0)));
        assert_eq!(settings.window, Some((0, 86_400)));
        assert!(settings.dark, "a missing field takes its default");
        assert_eq!(settings.export_dir, None);
    }

    #[test]
    fn unreadable_or_absent_settings_are_the_defaults() {
        assert_eq!(Settings::from_stored(Some("not json")), Settings::default());
        assert_eq!(Settings::from_stored(None), Settings::default());
        let round = Settings { dark: false, ..Settings::default() };
        let text = serde_json::to_string(&round).expect("settings serialise");
        assert_eq!(Settings::from_stored(Some(&text)), round);
    }
}
