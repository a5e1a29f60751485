//! Briefing files (`NAME.briefing.json`): a title, the dataset they were made on (a path relative to
//! the briefing, plus a check of its contents) and the scenes in order.
//!
//! ```json
//! {
//!   "type": "incident-atlas briefing",
//!   "version": 1,
//!   "title": "Islamic State and Russia",
//!   "dataset": "is-vs-russia.geojson",
//!   "dataset_check": { "incidents": 32, "fingerprint": "8c0f3a1be2d4c6f7" },
//!   "scenes": [
//!     { "title": "Crocus City Hall", "caption": "…", "lat": 55.8, "lon": 37.4, "zoom": 9.0,
//!       "start": "2024-03-01T00:00:00Z", "end": "2024-04-01T00:00:00Z",
//!       "filters": { "hidden_categories": [], "text": "", "min_casualties": 0 },
//!       "selected": "crocus-city-hall-attack-2024-03-22", "basemap": { "kind": "embedded" } }
//!   ]
//! }
//! ```

use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::{Briefing, DatasetCheck, Scene};
use crate::store::Store;
use crate::sys::write_atomically;

/// The value of the `type` member.
pub const BRIEFING_TYPE: &str = "incident-atlas briefing";
/// The format version written.
pub const BRIEFING_VERSION: u32 = 1;

/// A briefing as read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct BriefingFile {
    /// Title and scenes.
    pub briefing: Briefing,
    /// The dataset, resolved against the briefing's folder.
    pub dataset: PathBuf,
    /// Whether the dataset lies in the briefing's folder or below it. A briefing is a file people pass
    /// around: one naming a dataset anywhere else (`/etc/shadow`, `../../secret.csv`) would make the app
    /// read that file, so it is opened only when the user picks that dataset themselves.
    pub dataset_inside: bool,
    /// What the dataset looked like when the briefing was saved.
    pub dataset_check: Option<DatasetCheck>,
}

/// Why a briefing could not be read or written.
#[derive(Debug, Error)]
pub enum BriefingError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The briefing.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The JSON is malformed or a member is missing or of the wrong type.
    #[error("{path}: line {line}, column {column}: {message}")]
    Json {
        /// The briefing.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong (serde's wording names the member).
        message: String,
    },
    /// The briefing names a dataset outside its own folder, which nobody picked.
    #[error(
        "{}: its dataset {dataset} is outside the briefing's folder, so it was not opened; \
         keep the dataset beside the briefing (or below it), or open the dataset yourself",
        path.display()
    )]
    DatasetOutside {
        /// The briefing.
        path: PathBuf,
        /// The dataset as the briefing names it, cut short and made safe to show.
        dataset: String,
    },
    /// Not a briefing, or a newer version.
    #[error("{path}: {message}")]
    NotABriefing {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

#[derive(Serialize, Deserialize)]
struct FileFormat {
    #[serde(rename = "type")]
    kind: String,
    version: u32,
    #[serde(default)]
    title: String,
    dataset: String,
    #[serde(default)]
    dataset_check: Option<DatasetCheck>,
    scenes: Vec<Scene>,
}

/// Reads a briefing file.
///
/// # Errors
/// [`BriefingError`] naming the file, and for bad JSON the line, column and member.
pub fn read(path: &Path) -> Result<BriefingFile, BriefingError> {
    let text = std::fs::read_to_string(path)
        .map_err(|source| BriefingError::Io { path: path.to_owned(), source })?;
    parse(&text, path)
}

/// Parses briefing JSON; `path` names the file in errors and anchors the relative dataset path.
///
/// # Errors
/// As [`read`].
pub fn parse(text: &str, path: &Path) -> Result<BriefingFile, BriefingError> {
    let file: FileFormat = serde_json::from_str(text).map_err(|e| BriefingError::Json {
        path: path.to_owned(),
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    })?;
    let not = |message: String| BriefingError::NotABriefing { path: path.to_owned(), message };
    if file.kind != BRIEFING_TYPE {
        return Err(not(format!("type is {:?}, expected {BRIEFING_TYPE:?}", file.kind)));
    }
    if file.version > BRIEFING_VERSION {
        return Err(not(format!(
            "version {} is newer than this program reads ({BRIEFING_VERSION})",
            file.version
        )));
    }
    for (k, scene) in file.scenes.iter().enumerate() {
        let bad = |what: &str| not(format!("scene {} ({:?}): {what}", k + 1, scene.title));
        if !(-90.0..=90.0).contains(&scene.lat) || !(-180.0..=180.0).contains(&scene.lon) {
            return Err(bad("lat must be within ±90 and lon within ±180"));
        }
        if !(0.0..=20.0).contains(&scene.zoom) {
            return Err(bad("zoom must be between 0 and 20"));
        }
        if scene.end <= scene.start {
            return Err(bad("end must be after start"));
        }
    }
    let folder = path.parent().unwrap_or(Path::new(""));
    let dataset = folder.join(&file.dataset);
    Ok(BriefingFile {
        briefing: Briefing { title: file.title, scenes: file.scenes },
        dataset_inside: is_inside(folder, Path::new(&file.dataset)),
        dataset,
        dataset_check: file.dataset_check,
    })
}

/// Whether a briefing saved at `briefing` names `dataset` inside its own folder, so that it opens
/// anywhere without asking for the dataset: the same rule as reading it back.
#[must_use]
pub fn dataset_is_beside(briefing: &Path, dataset: &Path) -> bool {
    let folder = briefing.parent().unwrap_or(Path::new(""));
    is_inside(folder, Path::new(&relative_path(folder, dataset)))
}

/// Whether `relative`, named by a file in `folder`, stays inside that folder: not absolute, never climbing
/// above it with `..`, and (where it exists) not leading out through a link.
fn is_inside(folder: &Path, relative: &Path) -> bool {
    let mut depth = 0usize;
    for part in relative.components() {
        match part {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir if depth > 0 => depth -= 1,
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    let folder = if folder.as_os_str().is_empty() { Path::new(".") } else { folder };
    match (folder.canonicalize(), folder.join(relative).canonicalize()) {
        (Ok(folder), Ok(target)) => target.starts_with(folder),
        // Not there (yet): its name alone decides.
        _ => true,
    }
}

/// Writes a briefing atomically, naming `dataset` relative to the briefing's folder and recording a check
/// of `store` (the dataset's contents now).
///
/// # Errors
/// [`BriefingError::Io`] when the file cannot be written; the old file is then untouched.
pub fn write(path: &Path, briefing: &Briefing, dataset: &Path, store: &Store) -> Result<(), BriefingError> {
    let text = to_json(briefing, &relative_path(path.parent().unwrap_or(Path::new("")), dataset), store);
    write_atomically(path, |out| out.write_all(text.as_bytes()))
        .map_err(|source| BriefingError::Io { path: path.to_owned(), source })
}

/// The JSON text of a briefing naming its dataset as `dataset` (already relative).
#[must_use]
pub fn to_json(briefing: &Briefing, dataset: &str, store: &Store) -> String {
    let file = FileFormat {
        kind: BRIEFING_TYPE.to_owned(),
        version: BRIEFING_VERSION,
        title: briefing.title.clone(),
        dataset: dataset.to_owned(),
        dataset_check: Some(DatasetCheck::of(store)),
        scenes: briefing.scenes.clone(),
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

impl BriefingFile {
    /// The briefing's dataset, if it may be opened: it lies in the briefing's folder, or `picked` says the
    /// user chose that file themselves.
    ///
    /// # Errors
    /// [`BriefingError::DatasetOutside`] naming the briefing; the dataset's name is shown cut short and
    /// escaped, and nothing of its content.
    pub fn confined_dataset(
        &self,
        briefing: &Path,
        picked: impl Fn(&Path) -> bool,
    ) -> Result<&Path, BriefingError> {
        if self.dataset_inside || picked(&self.dataset) {
            return Ok(&self.dataset);
        }
        Err(BriefingError::DatasetOutside {
            path: briefing.to_owned(),
            dataset: format!("\"{}\"", crate::sys::terminal::excerpt(&self.dataset.to_string_lossy(), 80)),
        })
    }

    /// What no longer matches in `store`: a changed dataset, selected incidents that are gone.
    /// Empty when the briefing fits the dataset.
    #[must_use]
    pub fn problems_with(&self, store: &Store) -> Vec<String> {
        let mut problems = Vec::new();
        let now = DatasetCheck::of(store);
        if let Some(then) = self.dataset_check.filter(|c| *c != now) {
            problems.push(format!(
                "{}: the dataset has changed since this briefing was saved ({} incidents then, {} now); \
                 scenes may show something else than intended",
                self.dataset.display(),
                then.incidents,
                now.incidents
            ));
        }
        for (k, scene) in self.briefing.scenes.iter().enumerate() {
            if let Some(id) = scene.selected.as_deref().filter(|id| store.find_id(id).is_none()) {
                problems.push(format!(
                    "scene {} ({:?}): the selected incident {id:?} is not in the dataset",
                    k + 1,
                    scene.title
                ));
            }
        }
        problems
    }
}

/// serde_json appends " at line L column C"; the error reports those separately.
fn strip_position(message: &str) -> String {
    message.rfind(" at line ").map_or(message, |at| &message[..at]).to_owned()
}

/// `to` written relative to the folder `from` (both made absolute first), with `/` separators.
///
/// ```
/// use std::path::Path;
/// use incident_atlas::state::briefing_file::relative_path;
/// assert_eq!(relative_path(Path::new("/a/b"), Path::new("/a/b/data.geojson")), "data.geojson");
/// assert_eq!(relative_path(Path::new("/a/b"), Path::new("/a/c/data.geojson")), "../c/data.geojson");
/// ```
#[must_use]
pub fn relative_path(from: &Path, to: &Path) -> String {
    let absolute = |p: &Path| {
        let p =
            if p.is_absolute() { p.to_owned() } else { std::env::current_dir().unwrap_or_default().join(p) };
        // Resolve `.` and `..` without touching the file system (the target may not exist yet).
        let mut parts: Vec<Component<'_>> = Vec::new();
        for c in p.components() {
            match c {
                Component::CurDir => {}
                Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                    parts.pop();
                }
                other => parts.push(other),
            }
        }
        parts.iter().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>()
    };
    let (from, to) = (absolute(from), absolute(to));
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return to.join("/");
    }
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    parts.extend(to[common..].iter().cloned());
    parts.join("/")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_dataset_is_inside_the_briefings_folder_only_below_it() {
        let dir = tempfile::tempdir().expect("dir");
        let folder = dir.path();
        std::fs::create_dir(folder.join("data")).expect("mkdir");
        for inside in ["data.geojson", "./data.geojson", "data/../data.geojson", "data/sub.geojson"] {
            assert!(is_inside(folder, Path::new(inside)), "{inside}");
        }
        for outside in ["/etc/passwd", "../data.geojson", "data/../../x.geojson", ".."] {
            assert!(!is_inside(folder, Path::new(outside)), "{outside}");
        }
        // Saving: a dataset beside or below the briefing is named inside; one elsewhere is not.
        assert!(dataset_is_beside(&folder.join("b.briefing.json"), &folder.join("data/x.geojson")));
        assert!(!dataset_is_beside(&folder.join("data/b.briefing.json"), &folder.join("x.geojson")));
    }

    use super::*;
    use crate::state::{BasemapChoice, Filters};

    fn scene(title: &str) -> Scene {
        Scene {
            title: title.to_owned(),
            caption: "What happened here".to_owned(),
            lat: 55.83,
            lon: 37.39,
            zoom: 9.5,
            start: 1_709_251_200,
            end: 1_711_929_600,
            filters: Filters {
                hidden_categories: ["statement".to_owned()].into(),
                text: "Crocus".to_owned(),
                min_casualties: 3,
                country: Some("Russia".to_owned()),
                region: None,
            },
            selected: Some("a".to_owned()),
            basemap: BasemapChoice::Online {
                url: "https://tile.example.org/{z}/{x}/{y}.png".to_owned(),
                attribution: "Example".to_owned(),
            },
        }
    }

    #[test]
    fn a_briefing_reads_back_as_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = crate::store::Store::new(crate::store::synth::generate(50, 3));
        let briefing = Briefing { title: "T".to_owned(), scenes: vec![scene("one"), scene("two")] };
        let path = dir.path().join("b/x.briefing.json");
        std::fs::create_dir_all(dir.path().join("b")).expect("mkdir");
        let dataset = dir.path().join("data/d.geojson");
        write(&path, &briefing, &dataset, &store).expect("write");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains("\"dataset\": \"../data/d.geojson\""), "{text}");
        assert!(text.contains("\"start\": \"2024-03-01T00:00:00Z\""), "{text}");
        let back = read(&path).expect("read back");
        assert_eq!(back.briefing, briefing);
        assert!(back.problems_with(&store).iter().any(|p| p.contains("\"a\" is not in the dataset")));
        let other = crate::store::Store::new(crate::store::synth::generate(51, 3));
        assert!(back.problems_with(&other).iter().any(|p| p.contains("50 incidents then, 51 now")));
    }

    #[test]
    fn bad_briefings_say_where_and_what() {
        let path = Path::new("x.briefing.json");
        let missing = r#"{"type":"incident-atlas briefing","version":1,"dataset":"d.geojson",
            "scenes":[{"title":"a","lon":1,"zoom":3,"start":"2024-01-01T00:00:00Z","end":"2024-02-01T00:00:00Z"}]}"#;
        let e = parse(missing, path).expect_err("lat missing").to_string();
        assert!(e.starts_with("x.briefing.json: line 2, column") && e.contains("missing field `lat`"), "{e}");
        let bad_time =
            missing.replace("\"lon\":1", "\"lat\":1,\"lon\":1").replace("2024-01-01T00:00:00Z", "soon");
        let e = parse(&bad_time, path).expect_err("bad time").to_string();
        assert!(e.contains("\"soon\" is not an RFC 3339 time"), "{e}");
        let geojson = r#"{"type":"FeatureCollection","version":1,"dataset":"","scenes":[]}"#;
        assert!(parse(geojson, path).expect_err("not a briefing").to_string().contains("expected"));
        let reversed = missing.replace("\"lon\":1", "\"lat\":1,\"lon\":1").replace("2024-02", "2023-02");
        assert!(
            parse(&reversed, path).expect_err("reversed").to_string().contains("end must be after start")
        );
    }
}
