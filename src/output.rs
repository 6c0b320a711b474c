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
pub fn write_set(dir: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<Vec<Outcome>> {
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut staged = Vec::new();
    let mut outcomes = Vec::new();
    for (path, bytes) in files {
        if fs::read(path).is_ok_and(|old| old == *bytes) {
            staged.push(None);
            outcomes.push(Outcome::Unchanged);
            continue;
        }
        let mut tmp = tempfile::Builder::new()
            .prefix(".digest-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| Error::io(dir, e))?;
        tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
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
        assert_eq!(
            write_set(&dir.path().join("sub"), &set).unwrap(),
            vec![Outcome::Written]
        );
        assert_eq!(
            write_set(&dir.path().join("sub"), &set).unwrap(),
            vec![Outcome::Unchanged]
        );
        let set = vec![(a.clone(), b"two".to_vec())];
        assert_eq!(
            write_set(&dir.path().join("sub"), &set).unwrap(),
            vec![Outcome::Written]
        );
        assert_eq!(fs::read(&a).unwrap(), b"two");
        let leftovers: Vec<_> = fs::read_dir(dir.path().join("sub")).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }
}
