//! Atomic file writes: write a temporary file beside the target, flush it to disk, then rename.
//!
//! The temporary file is named `.incident-atlas-PID-RANDOM.tmp` after the writing process. A writer that
//! is killed (power cut, `kill -9`) cannot remove its own; so the first write of a process into a folder
//! removes there the temporary files of writers whose process is gone. (Once per folder: the online tile
//! cache writes thousands of files, and listing their folder before each would grow with the cache.)

use std::io::{BufWriter, Write};
use std::path::Path;

/// The start of every temporary file's name; the writer's process id follows.
const TEMP_PREFIX: &str = ".incident-atlas-";
/// The end of every temporary file's name.
const TEMP_SUFFIX: &str = ".tmp";

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
    if first_write_into(dir) {
        remove_stale_temps(dir);
    }
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    let temp = tempfile::Builder::new().prefix(&prefix).suffix(TEMP_SUFFIX).tempfile_in(dir)?;
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

/// Whether this process writes into `dir` for the first time (each folder answers `true` once).
fn first_write_into(dir: &Path) -> bool {
    static SWEPT: std::sync::Mutex<Vec<std::path::PathBuf>> = std::sync::Mutex::new(Vec::new());
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_owned());
    let mut swept = SWEPT.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if swept.contains(&dir) {
        return false;
    }
    swept.push(dir);
    true
}

/// Removes the temporary files in `dir` left by writers whose process no longer runs. Files of running
/// writers (this one included) stay, and so does anything it cannot judge; failures are ignored, since
/// a leftover costs disk space only.
pub fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(writer_of) else { continue };
        if pid != std::process::id() && process_is_gone(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process id in a temporary file's name (`.incident-atlas-PID-RANDOM.tmp`).
fn writer_of(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(TEMP_PREFIX)?.strip_suffix(TEMP_SUFFIX)?;
    let (pid, random) = rest.split_once('-')?;
    (!random.is_empty()).then_some(())?;
    pid.parse().ok()
}

/// Whether no process with this id runs. Where that cannot be known, `false`: the file stays.
fn process_is_gone(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc/self").exists() && !Path::new("/proc").join(pid.to_string()).exists()
    } else {
        false
    }
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

    #[test]
    fn temporary_files_of_writers_that_are_gone_are_removed_and_others_stay() {
        assert_eq!(writer_of(".incident-atlas-4242-a1B2c3.tmp"), Some(4242));
        assert_eq!(writer_of(".incident-atlas-a1B2c3.tmp"), None, "an older name, without a writer");
        assert_eq!(writer_of("incident-atlas-4242-x.tmp"), None);
        let dir = tempfile::tempdir().expect("dir");
        // A process id above any the kernel hands out (pid_max is at most 2^22) is surely gone.
        let gone = dir.path().join(".incident-atlas-4194305-Xy12Ab.tmp");
        let ours = dir.path().join(format!(".incident-atlas-{}-Zz99Zz.tmp", std::process::id()));
        let other = dir.path().join("notes.tmp");
        for f in [&gone, &ours, &other] {
            std::fs::write(f, "partial").expect("seed");
        }
        write_atomically(&dir.path().join("out.csv"), |out| out.write_all(b"x")).expect("write");
        if cfg!(target_os = "linux") {
            assert!(!gone.exists(), "the dead writer's temporary file is removed");
        }
        assert!(ours.exists(), "a running writer's file stays");
        assert!(other.exists(), "files of other names stay");
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
