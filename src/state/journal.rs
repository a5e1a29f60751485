//! The recovery journal: every step taken on the dataset is appended to a file as it is taken, so that
//! unsaved changes survive a crash, a kill or a power cut, and the next start can put them back.
//!
//! One JSON object per line. The first line says which dataset the steps apply to (its files and a
//! fingerprint of its contents before the first step); each later line is one step: an edit (its
//! incidents as our GeoJSON features), an undo or a redo, with the step's name and when it was taken.
//! Replaying the lines through the same editing code on the same dataset gives the same store again.
//! A clean save, or closing with "Don't save", removes the journal.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::Dataset;
use super::briefing::DatasetCheck;
use super::editing::{BulkChange, Edit};
use crate::model::{Incident, UnixSeconds, utc_text};

/// What the journal's first line starts with: a format name and version.
const FORMAT: &str = "incident-atlas recovery journal 1";

/// One line of the journal after its header.
#[derive(Debug, Clone, PartialEq)]
pub enum JournalStep {
    /// A change to the dataset.
    Edit(Edit),
    /// Undo of the last step.
    Undo,
    /// Redo of the last undone step.
    Redo,
}

/// Where the journal of the dataset on screen goes, once there is something to keep.
#[derive(Debug, Clone, Default)]
pub struct Journal {
    /// The folder of journals (one file per dataset); `None` keeps no journal (tests, renders).
    folder: Option<PathBuf>,
    /// The journal being written: created with the first step after a load or a save.
    file: Option<PathBuf>,
}

/// Unsaved changes found at start for the dataset on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovery {
    /// The journal they were read from.
    pub path: PathBuf,
    /// When the first of them was made (UTC, RFC 3339).
    pub started: String,
    /// Each step's name, in order ("change date of ‘…’", "undo", …).
    pub labels: Vec<String>,
    /// The steps, to replay, with when each was made (UTC seconds).
    pub(super) steps: Vec<(JournalStep, UnixSeconds)>,
    /// Why they cannot be put back (the file changed since), with where the journal was moved to.
    pub refused: Option<String>,
    /// Lines that could not be read (a torn last line after a kill is not counted).
    pub damaged: usize,
}

impl Journal {
    /// A journal kept in `folder` (created when needed).
    #[must_use]
    pub fn in_folder(folder: PathBuf) -> Self {
        Self { folder: Some(folder), file: None }
    }

    /// Whether a journal is kept at all.
    #[must_use]
    pub fn is_kept(&self) -> bool {
        self.folder.is_some()
    }

    /// Whether the next step starts a new journal file (its header needs the dataset's fingerprint
    /// from before the step).
    #[must_use]
    pub fn starts_anew(&self) -> bool {
        self.folder.is_some() && self.file.is_none()
    }

    /// The journal file for a dataset: named by a hash of its files (or of its name when it has none).
    fn path_for(&self, dataset: &Dataset) -> Option<PathBuf> {
        let folder = self.folder.as_ref()?;
        Some(folder.join(format!("{:016x}.jsonl", identity_hash(dataset))))
    }

    /// Stops writing to the current file (another dataset came): it stays on disk for the next start.
    pub fn detach(&mut self) {
        self.file = None;
    }

    /// Appends one step, made at `at` (UTC seconds). `base` is the dataset's fingerprint before the step, needed only when this
    /// step starts a new journal ([`Journal::starts_anew`]).
    ///
    /// # Errors
    /// The I/O error, in words: the change itself is made; only its protection against a crash is lost.
    pub fn record(
        &mut self,
        dataset: &Dataset,
        base: Option<DatasetCheck>,
        step: &JournalStep,
        at: UnixSeconds,
        label: &str,
    ) -> Result<(), String> {
        let Some(path) = self.file.clone().or_else(|| self.path_for(dataset)) else { return Ok(()) };
        let mut text = String::new();
        if self.file.is_none() {
            let Some(base) = base else { return Ok(()) };
            let header = json!({
                "journal": FORMAT,
                "dataset": dataset.name,
                "paths": dataset.paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
                "incidents": base.incidents,
                "fingerprint": format!("{:016x}", base.fingerprint),
                "started": now(),
            });
            text.push_str(&header.to_string());
            text.push('\n');
        }
        text.push_str(&step_json(step, at, label).to_string());
        text.push('\n');
        let fresh = self.file.is_none();
        write_line(&path, &text, fresh).map_err(|e| format!("{}: {e}", path.display()))?;
        self.file = Some(path);
        Ok(())
    }

    /// Removes the journal being written (the dataset was saved, or its changes were given up).
    pub fn clear(&mut self) {
        if let Some(path) = self.file.take() {
            let _ = std::fs::remove_file(path);
        }
    }

    /// Continues writing to a journal whose steps were put back.
    pub(super) fn resume(&mut self, recovery: &Recovery) {
        self.file = Some(recovery.path.clone());
    }

    /// Unsaved changes left for this dataset by an earlier run, if any. A journal made for other
    /// contents (the file changed since) is moved aside, never deleted, and reported as refused.
    #[must_use]
    pub fn pending(&self, dataset: &Dataset) -> Option<Recovery> {
        let path = self.path_for(dataset)?;
        let text = std::fs::read_to_string(&path).ok()?;
        let mut lines = complete_lines(&text);
        let header: Value = serde_json::from_str(lines.next()?).ok()?;
        if header.get("journal").and_then(Value::as_str) != Some(FORMAT) {
            return None;
        }
        let started = header.get("started").and_then(Value::as_str).unwrap_or_default().to_owned();
        let (mut labels, mut steps, mut damaged) = (Vec::new(), Vec::new(), 0);
        for line in lines {
            match serde_json::from_str::<Value>(line).ok().and_then(|v| step_from_json(&v)) {
                Some((step, at, label)) => {
                    steps.push((step, at));
                    labels.push(label);
                }
                None => damaged += 1,
            }
        }
        if steps.is_empty() && damaged == 0 {
            let _ = std::fs::remove_file(&path);
            return None;
        }
        let check = DatasetCheck::of(&dataset.store);
        let same = header.get("incidents").and_then(Value::as_u64) == u64::try_from(check.incidents).ok()
            && header.get("fingerprint").and_then(Value::as_str)
                == Some(&format!("{:016x}", check.fingerprint));
        let mut recovery = Recovery { path, started, labels, steps, refused: None, damaged };
        if !same {
            recovery.refused = Some(match set_aside(&recovery) {
                Ok(aside) => format!(
                    "The data has changed since these changes were made, so they cannot be put back. \
                     They are kept in {aside}."
                ),
                Err(e) => format!(
                    "The data has changed since these changes were made, so they cannot be put back ({e})."
                ),
            });
        }
        Some(recovery)
    }
}

/// Moves an earlier run's journal out of the way (beside it, named by when it was started), so that it
/// is neither replayed nor overwritten; gives its new name.
///
/// # Errors
/// The rename's error, in words (the journal then stays where it was).
pub fn set_aside(recovery: &Recovery) -> Result<String, String> {
    let stamp: String = recovery.started.chars().filter(char::is_ascii_alphanumeric).collect();
    let aside = recovery.path.with_extension(format!("from-{stamp}.jsonl"));
    match std::fs::rename(&recovery.path, &aside) {
        Ok(()) => Ok(aside.display().to_string()),
        Err(e) => Err(format!("{} could not be moved aside: {e}", recovery.path.display())),
    }
}

/// The lines of a journal that were written whole (a last line without its newline was torn by a kill).
fn complete_lines(text: &str) -> impl Iterator<Item = &str> {
    let whole = text.rfind('\n').map_or("", |end| &text[..end]);
    whole.lines().filter(|l| !l.trim().is_empty())
}

/// Appends `text` (creating or, when `fresh`, truncating the file) and asks the system to put it on
/// disk: written, the step survives a kill of this process; synced, a power cut too.
fn write_line(path: &Path, text: &str, fresh: bool) -> std::io::Result<()> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.create(true);
    if fresh {
        options.write(true).truncate(true);
    } else {
        options.append(true);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    // Syncing can take a while on some disks; it happens beside the app, within moments.
    let syncing = std::thread::Builder::new().name("journal sync".into());
    // With no thread to spare the line is still written (it survives a kill); the error says so.
    syncing.spawn(move || file.sync_data())?;
    Ok(())
}

fn now() -> String {
    jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Which dataset a journal belongs to: its files' full paths, or its name when it has no files.
fn identity_hash(dataset: &Dataset) -> u64 {
    let mut text = String::new();
    for path in &dataset.paths {
        let full = path.canonicalize().unwrap_or_else(|_| path.clone());
        text.push_str(&full.display().to_string());
        text.push('\n');
    }
    if dataset.paths.is_empty() {
        text.push_str(&dataset.name);
    }
    text.bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

fn features(incidents: &[Incident]) -> Vec<Value> {
    incidents.iter().map(crate::io::formats::geojson::feature).collect()
}

fn step_json(step: &JournalStep, at: UnixSeconds, label: &str) -> Value {
    let what = match step {
        JournalStep::Edit(Edit::Change(index, incident)) => {
            json!({"change": {"index": index, "feature": crate::io::formats::geojson::feature(incident)}})
        }
        JournalStep::Edit(Edit::Add(incidents)) => json!({"add": features(incidents)}),
        JournalStep::Edit(Edit::Duplicate(index)) => json!({"duplicate": index}),
        JournalStep::Edit(Edit::Delete(indices)) => json!({"delete": indices}),
        JournalStep::Edit(Edit::Bulk(indices, change)) => {
            let (kind, value) = match change {
                BulkChange::SetCategory(v) => ("set_category", v),
                BulkChange::AddActor(v) => ("add_actor", v),
                BulkChange::RemoveActor(v) => ("remove_actor", v),
                BulkChange::AddTag(v) => ("add_tag", v),
                BulkChange::RemoveTag(v) => ("remove_tag", v),
            };
            json!({"bulk": {"indices": indices, kind: value}})
        }
        JournalStep::Undo => json!({"undo": true}),
        JournalStep::Redo => json!({"redo": true}),
    };
    json!({"step": what, "label": label, "at": utc_text(at)})
}

fn incident_of(feature: &Value) -> Option<Incident> {
    crate::io::formats::geojson::incident_from_feature(feature.clone(), "recovery journal")
        .ok()
        .map(|(i, _)| i)
}

fn index_of(value: &Value) -> Option<u32> {
    value.as_u64().and_then(|i| u32::try_from(i).ok())
}

fn step_from_json(line: &Value) -> Option<(JournalStep, UnixSeconds, String)> {
    let label = line.get("label").and_then(Value::as_str).unwrap_or_default().to_owned();
    let at = line.get("at")?.as_str()?.parse::<jiff::Timestamp>().ok()?.as_second();
    let step = line.get("step")?.as_object()?;
    let (kind, value) = step.iter().next()?;
    let step = match kind.as_str() {
        "change" => JournalStep::Edit(Edit::Change(
            index_of(value.get("index")?)?,
            Box::new(incident_of(value.get("feature")?)?),
        )),
        "add" => {
            let incidents = value.as_array()?.iter().map(incident_of).collect::<Option<Vec<_>>>()?;
            JournalStep::Edit(Edit::Add(incidents))
        }
        "duplicate" => JournalStep::Edit(Edit::Duplicate(index_of(value)?)),
        "delete" => JournalStep::Edit(Edit::Delete(
            value.as_array()?.iter().map(index_of).collect::<Option<Vec<_>>>()?,
        )),
        "bulk" => {
            let indices =
                value.get("indices")?.as_array()?.iter().map(index_of).collect::<Option<Vec<_>>>()?;
            let text = |name: &str| value.get(name).and_then(Value::as_str).map(str::to_owned);
            let change = text("set_category")
                .map(BulkChange::SetCategory)
                .or_else(|| text("add_actor").map(BulkChange::AddActor))
                .or_else(|| text("remove_actor").map(BulkChange::RemoveActor))
                .or_else(|| text("add_tag").map(BulkChange::AddTag))
                .or_else(|| text("remove_tag").map(BulkChange::RemoveTag))?;
            JournalStep::Edit(Edit::Bulk(indices, change))
        }
        "undo" => JournalStep::Undo,
        "redo" => JournalStep::Redo,
        _ => return None,
    };
    Some((step, at, label))
}
