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
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
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
}
