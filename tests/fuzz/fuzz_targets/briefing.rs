//! Briefing files on any text: never a panic, and never a dataset outside the briefing's folder let in.
#![no_main]

use std::path::{Component, Path, PathBuf};

use libfuzzer_sys::fuzz_target;

/// `path` with `.` and `..` resolved by name.
fn normalised(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let folder = Path::new("/nonexistent/inbox");
    let path = folder.join("fuzz.briefing.json");
    if let Ok(file) = incident_atlas::state::briefing_file::parse(text, &path)
        && let Ok(dataset) = file.confined_dataset(&path, |_| false)
    {
        assert!(normalised(dataset).starts_with(folder), "{dataset:?} is outside {folder:?}");
    }
});
