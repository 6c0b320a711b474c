//! Output files, written atomically: each file goes to a temporary file in the same folder
//! and is renamed over the old one only when every file of the set is fully written.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// What happened to one output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Written,
    /// The file already held exactly these bytes; it was left alone.
    Unchanged,
}

/// Write every `(path, bytes)` of a set into `dir` (created if missing). Nothing is renamed
/// into place until all temporary files are written and synced, so an error leaves the old
/// files as they were. Files whose content is unchanged are not touched.
pub fn write_set(dir: &Path, files: &[(PathBuf, Vec<u8>)], force: bool) -> Result<Vec<Outcome>> {
    write_set_with(dir, files, force, |f| Box::new(f))
}

/// [`write_set`] with each temporary file's writer wrapped by `wrap` (tests inject write
/// failures such as a full disk this way).
fn write_set_with(
    dir: &Path,
    files: &[(PathBuf, Vec<u8>)],
    force: bool,
    wrap: impl Fn(fs::File) -> Box<dyn Write>,
) -> Result<Vec<Outcome>> {
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut staged = Vec::new();
    let mut outcomes = Vec::new();
    for (path, bytes) in files {
        if !force && fs::read(path).is_ok_and(|old| old == *bytes) {
            staged.push(None);
            outcomes.push(Outcome::Unchanged);
            continue;
        }
        let tmp = tempfile::Builder::new()
            .prefix(".digest-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| Error::io(dir, e))?;
        let mut w = wrap(tmp.as_file().try_clone().map_err(|e| Error::io(path, e))?);
        w.write_all(bytes)
            .and_then(|()| w.flush())
            .map_err(|e| Error::io(path, e))?;
        readable_by_all(tmp.as_file()).map_err(|e| Error::io(path, e))?;
        tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
        staged.push(Some(tmp));
        outcomes.push(Outcome::Written);
    }
    for ((path, _), tmp) in files.iter().zip(staged) {
        if let Some(tmp) = tmp {
            tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
        }
    }
    Ok(outcomes)
}

/// An exclusive lock on the output folder for the time of a build: a second build waits up
/// to `timeout`, then gives up with [`Error::Locked`]. Released when dropped (also when the
/// process dies: the operating system drops it).
pub struct FolderLock {
    _file: fs::File,
}

pub fn lock_folder(dir: &Path, timeout: std::time::Duration) -> Result<FolderLock> {
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let path = dir.join(".digest.lock");
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    let start = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(FolderLock { _file: file }),
            Err(fs::TryLockError::WouldBlock) if start.elapsed() < timeout => {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            Err(fs::TryLockError::WouldBlock) => {
                return Err(Error::Locked {
                    path: dir.to_owned(),
                    seconds: timeout.as_secs(),
                });
            }
            Err(fs::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
        }
    }
}

/// Output files are for mail scripts and web servers: rw-r--r--, not the temporary file's
/// private rw-------.
#[cfg(unix)]
fn readable_by_all(file: &fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn readable_by_all(_file: &fs::File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replaces_and_skips_identical_files() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("sub/a.md");
        let set = vec![(a.clone(), b"one".to_vec())];
        let sub = dir.path().join("sub");
        assert_eq!(
            write_set(&sub, &set, false).unwrap(),
            vec![Outcome::Written]
        );
        assert_eq!(
            write_set(&sub, &set, false).unwrap(),
            vec![Outcome::Unchanged]
        );
        assert_eq!(write_set(&sub, &set, true).unwrap(), vec![Outcome::Written]);
        let set = vec![(a.clone(), b"two".to_vec())];
        assert_eq!(
            write_set(&sub, &set, false).unwrap(),
            vec![Outcome::Written]
        );
        assert_eq!(fs::read(&a).unwrap(), b"two");
        let leftovers: Vec<_> = fs::read_dir(dir.path().join("sub")).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    /// A writer that fails like a full disk after `left` bytes.
    struct Full {
        left: usize,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.left == 0 {
                return Err(std::io::Error::from_raw_os_error(28)); // ENOSPC
            }
            let n = buf.len().min(self.left);
            self.left -= n;
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_full_disk_leaves_the_old_files_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.md"), dir.path().join("b.html"));
        let old = vec![
            (a.clone(), b"old a".to_vec()),
            (b.clone(), b"old b".to_vec()),
        ];
        write_set(dir.path(), &old, false).unwrap();
        let new = vec![(a.clone(), vec![b'x'; 10]), (b.clone(), vec![b'y'; 10_000])];
        let err = write_set_with(dir.path(), &new, false, |_| Box::new(Full { left: 4096 }))
            .unwrap_err()
            .to_string();
        assert!(err.contains("No space left on device"), "{err}");
        assert!(err.contains("b.html"), "the message names the file: {err}");
        assert_eq!(fs::read(&a).unwrap(), b"old a", "nothing was renamed");
        assert_eq!(fs::read(&b).unwrap(), b"old b");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            2,
            "temporary files removed"
        );
    }

    #[test]
    fn a_second_lock_waits_then_gives_up() {
        let dir = tempfile::tempdir().unwrap();
        let held = lock_folder(dir.path(), std::time::Duration::from_secs(1)).unwrap();
        let err = lock_folder(dir.path(), std::time::Duration::from_millis(300))
            .err()
            .unwrap();
        assert!(matches!(err, Error::Locked { .. }), "{err}");
        drop(held);
        assert!(lock_folder(dir.path(), std::time::Duration::from_millis(300)).is_ok());
    }
}
