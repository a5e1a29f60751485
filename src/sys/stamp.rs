//! What a file looked like when it was read: enough to tell, before overwriting it, whether another
//! program has changed or replaced it since.

use std::path::Path;
use std::time::SystemTime;

/// A file's size, modification time and (on Unix) device and inode. Editors and our own atomic writes
/// replace a file by renaming a new one over it, which changes the inode even when size and time agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    modified: Option<SystemTime>,
    node: (u64, u64),
}

impl FileStamp {
    /// The stamp of the file at `path` now; `None` when it cannot be read (gone, no permission).
    #[must_use]
    pub fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Self { len: meta.len(), modified: meta.modified().ok(), node: node_of(&meta) })
    }
}

#[cfg(unix)]
fn node_of(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn node_of(_meta: &std::fs::Metadata) -> (u64, u64) {
    (0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_rewritten_or_replaced_gets_another_stamp() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("data.geojson");
        std::fs::write(&path, "one").expect("write");
        let first = FileStamp::of(&path).expect("stamp");
        assert_eq!(FileStamp::of(&path), Some(first), "unchanged, the same stamp");
        std::fs::write(&path, "three").expect("write");
        let longer = FileStamp::of(&path).expect("stamp");
        assert_ne!(longer, first, "another size");
        // Same size and contents put in by a rename, as editors save.
        let other = dir.path().join("other");
        std::fs::write(&other, "three").expect("write");
        std::fs::rename(&other, &path).expect("rename");
        assert_ne!(FileStamp::of(&path), Some(longer), "another file in its place");
        std::fs::remove_file(&path).expect("remove");
        assert_eq!(FileStamp::of(&path), None);
    }
}
