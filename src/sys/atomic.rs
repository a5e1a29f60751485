//! Atomic file writes: write a temporary file beside the target, flush it to disk, then rename.

use std::io::{BufWriter, Write};
use std::path::Path;

/// Writes `path` through `fill`, so that readers see either the old file or the complete new one.
///
/// # Errors
/// Any I/O error from creating, writing, syncing or renaming; the target is then untouched.
pub fn write_atomically(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let temp = tempfile::Builder::new().prefix(".incident-atlas-").suffix(".tmp").tempfile_in(dir)?;
    {
        let mut out = BufWriter::new(temp.as_file());
        fill(&mut out)?;
        out.flush()?;
    }
    // A temporary file is private (0600); give the result the target's permissions, or the usual ones.
    let permissions = std::fs::metadata(path).ok().map(|m| m.permissions()).or_else(default_permissions);
    if let Some(permissions) = permissions {
        temp.as_file().set_permissions(permissions)?;
    }
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(unix)]
#[expect(clippy::unnecessary_wraps, reason = "the other platforms have none")]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    // Elsewhere a temporary file's permissions are already the usual ones.
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("data.geojson");
        std::fs::write(&path, "old").expect("seed");
        let result = write_atomically(&path, |out| {
            out.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "old");
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1, "no temporary file left");
        write_atomically(&path, |out| out.write_all(b"new")).expect("write");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_by_others_and_existing_ones_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("dir");
        let fresh = dir.path().join("export.csv");
        write_atomically(&fresh, |out| out.write_all(b"x")).expect("write");
        assert_eq!(std::fs::metadata(&fresh).expect("meta").permissions().mode() & 0o777, 0o644);
        std::fs::set_permissions(&fresh, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        write_atomically(&fresh, |out| out.write_all(b"y")).expect("write");
        assert_eq!(std::fs::metadata(&fresh).expect("meta").permissions().mode() & 0o777, 0o600);
    }
}
