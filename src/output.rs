//! Output files. A build's files are published together, in one step: they are written
//! into a fresh build folder inside the output folder, and one rename of a symbolic link
//! switches the folder's published set from the previous build to the new one.
//!
//! ```text
//! out/.digest-builds/<id>/2024-W22.md …   one folder per build, every published file
//! out/.digest-current -> .digest-builds/<id>    switched by one rename
//! out/2024-W22.md -> .digest-current/2024-W22.md   stable links, made once per name
//! ```
//!
//! `out/2024-W22.eml` is always a whole file of one complete build; a reader that needs
//! several files of the same build resolves `out/.digest-current` once and reads from
//! there. Earlier builds' folders are removed under the build lock (the previous one is
//! kept for readers that resolved it a moment ago), as are the leftovers of killed builds.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result, shown};

/// What happened to one output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Written,
    /// The file already held exactly these bytes; it was left alone.
    Unchanged,
}

/// The link to the published build, in the output folder.
pub const CURRENT_LINK: &str = ".digest-current";
/// The folder of build folders, in the output folder.
pub const BUILDS: &str = ".digest-builds";

/// Publish every `(path, bytes)` of a set (paths in `dir`, created if missing) together:
/// readers see the previous set or the new one, never a mix, whatever fails or is
/// killed. Files of earlier sets not in this one stay published. Nothing changes when no
/// content changed (unless `force`). Call it holding [`lock_folder`]: it also sweeps
/// stale build folders.
pub fn write_set(dir: &Path, files: &[(PathBuf, Vec<u8>)], force: bool) -> Result<Vec<Outcome>> {
    write_set_with(dir, files, force, |f| Box::new(f))
}

/// [`write_set`] with each new file's writer wrapped by `wrap` (tests inject write
/// failures such as a full disk this way).
fn write_set_with(
    dir: &Path,
    files: &[(PathBuf, Vec<u8>)],
    force: bool,
    wrap: impl Fn(fs::File) -> Box<dyn Write>,
) -> Result<Vec<Outcome>> {
    let builds = dir.join(BUILDS);
    fs::create_dir_all(&builds).map_err(|e| Error::io(&builds, e))?;
    let current = fs::read_link(dir.join(CURRENT_LINK))
        .ok()
        .map(|t| dir.join(t))
        .filter(|t| t.is_dir());
    sweep(dir, current.as_deref(), None);
    let names = check_names(dir, files)?;
    let old = |name: &str| match &current {
        Some(c) => fs::read(c.join(name)).ok(),
        None => fs::read(dir.join(name)).ok(),
    };
    let outcomes: Vec<Outcome> = files
        .iter()
        .zip(&names)
        .map(|((_, bytes), n)| match old(&n.name) {
            Some(o) if !force && o == *bytes => Outcome::Unchanged,
            _ => Outcome::Written,
        })
        .collect();
    if outcomes.iter().all(|o| *o == Outcome::Unchanged) && names.iter().all(|n| n.linked) {
        return Ok(outcomes);
    }
    let build = tempfile::Builder::new()
        .prefix("b")
        .tempdir_in(&builds)
        .map_err(|e| Error::io(&builds, e))?;
    readable_by_all(build.path(), 0o755).map_err(|e| Error::io(build.path(), e))?;
    for (((path, bytes), n), outcome) in files.iter().zip(&names).zip(&outcomes) {
        let target = build.path().join(&n.name);
        if *outcome == Outcome::Unchanged
            && let Some(c) = &current
            && fs::hard_link(c.join(&n.name), &target).is_ok()
        {
            continue;
        }
        write_file(&target, bytes, &wrap).map_err(|e| Error::io(path, e))?;
    }
    if let Some(c) = &current {
        carry_over(c, build.path(), &names)?;
    }
    sync_dir(build.path());
    let build = build.keep();
    let relative = Path::new(BUILDS).join(build.file_name().expect("a folder name"));
    replace_with_link(dir, CURRENT_LINK, &relative)?;
    for n in names.iter().filter(|n| !n.linked) {
        replace_with_link(dir, &n.name, &Path::new(CURRENT_LINK).join(&n.name))?;
    }
    sync_dir(dir);
    sweep(dir, Some(&build), current.as_deref());
    Ok(outcomes)
}

/// A file of the set: its name in the output folder, and whether that name is already a
/// link into the published build.
struct Name {
    name: String,
    linked: bool,
}

/// Every name of the set, checked before anything is written: each must be missing, a
/// link into the published build, or a plain file (published before builds had folders).
/// Anything else (a folder, a pipe, a link elsewhere) stops the build, the old set intact.
fn check_names(dir: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<Vec<Name>> {
    files
        .iter()
        .map(|(path, _)| {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .filter(|n| !n.starts_with('.'))
                .ok_or_else(|| Error::Other(format!("{}: not an output file name", shown(path))))?
                .to_owned();
            let published = dir.join(&name);
            let ours = Path::new(CURRENT_LINK).join(&name);
            let linked = match fs::symlink_metadata(&published) {
                Err(_) => false,
                Ok(m) if m.is_symlink() && fs::read_link(&published).is_ok_and(|t| t == ours) => {
                    true
                }
                Ok(m) if m.is_file() => false,
                Ok(m) => {
                    let what = if m.is_dir() {
                        "a folder"
                    } else if m.is_symlink() {
                        "a link that digest did not make"
                    } else {
                        "not a regular file"
                    };
                    return Err(Error::Other(format!(
                        "{}: is {what}, not a file digest wrote; remove it. Nothing was written",
                        shown(&published)
                    )));
                }
            };
            Ok(Name { name, linked })
        })
        .collect()
}

/// Files of the published build that this set does not replace (other weeks) stay
/// published: hard links in the new build.
fn carry_over(current: &Path, build: &Path, names: &[Name]) -> Result<()> {
    let entries = fs::read_dir(current).map_err(|e| Error::io(current, e))?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if names.iter().any(|n| *n.name == *name) {
            continue;
        }
        let (from, to) = (entry.path(), build.join(&name));
        if fs::hard_link(&from, &to).is_err() {
            fs::copy(&from, &to).map_err(|e| Error::io(&from, e))?;
        }
    }
    Ok(())
}

fn write_file(
    target: &Path,
    bytes: &[u8],
    wrap: &impl Fn(fs::File) -> Box<dyn Write>,
) -> std::io::Result<()> {
    let file = fs::File::create_new(target)?;
    let mut w = wrap(file.try_clone()?);
    w.write_all(bytes)?;
    w.flush()?;
    readable_by_all(target, 0o644)?;
    file.sync_all()
}

/// `dir/name` becomes a symbolic link to `target`, in one rename.
fn replace_with_link(dir: &Path, name: &str, target: &Path) -> Result<()> {
    let tmp = dir.join(format!(".digest-link-{}-{name}", std::process::id()));
    let _ = fs::remove_file(&tmp);
    symlink(target, &tmp).map_err(|e| Error::io(&tmp, e))?;
    let published = dir.join(name);
    fs::rename(&tmp, &published).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(&published, e)
    })
}

/// Remove what killed or earlier builds left: build folders other than `keep` and
/// `previous`, half-made links, temporary files of older versions. Errors are ignored: a
/// leftover is harmless and the next build tries again.
fn sweep(dir: &Path, keep: Option<&Path>, previous: Option<&Path>) {
    let builds = dir.join(BUILDS);
    for entry in fs::read_dir(&builds).into_iter().flatten().flatten() {
        let p = entry.path();
        let kept = [keep, previous]
            .iter()
            .flatten()
            .any(|k| k.file_name() == p.file_name());
        if !kept {
            let _ = fs::remove_dir_all(&p);
        }
    }
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let stale = name.starts_with(".digest-link-")
            || (name.starts_with(".digest-") && name.ends_with(".tmp"));
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Write files one by one, each atomically (temporary file, then rename): for files a
/// person edits afterwards (`digest init`), not for a published set.
pub fn write_files(dir: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    for (path, bytes) in files {
        let mut tmp = tempfile::Builder::new()
            .prefix(".digest-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| Error::io(dir, e))?;
        tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
        readable_by_all(tmp.path(), 0o644).map_err(|e| Error::io(path, e))?;
        tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
        tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    }
    Ok(())
}

fn sync_dir(dir: &Path) {
    // Makes the renames durable; not every file system can (then the rename still is).
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
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

/// Output files are for mail scripts and web servers: rw-r--r-- (rwxr-xr-x for folders),
/// not a temporary file's private rw-------.
#[cfg(unix)]
fn readable_by_all(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn readable_by_all(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(_target: &Path, _link: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other(
        "publishing a set needs symbolic links (a Unix system)",
    ))
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
        let mut names: Vec<String> = fs::read_dir(&sub)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [BUILDS, CURRENT_LINK, "a.md"],
            "no temporary file is left"
        );
        assert_eq!(
            fs::read_dir(sub.join(BUILDS)).unwrap().count(),
            2,
            "the published build and the one before it"
        );
    }

    #[test]
    fn other_files_stay_published_and_a_stray_folder_stops_the_set_before_any_change() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write_set(d, &[(d.join("w21.md"), b"21".to_vec())], false).unwrap();
        let set = |v: &[u8]| {
            vec![
                (d.join("w22.md"), v.to_vec()),
                (d.join("w22.json"), v.to_vec()),
            ]
        };
        write_set(d, &set(b"old"), false).unwrap();
        assert_eq!(fs::read(d.join("w21.md")).unwrap(), b"21");
        fs::remove_file(d.join("w22.json")).unwrap();
        fs::create_dir(d.join("w22.json")).unwrap();
        let err = write_set(d, &set(b"new"), false).unwrap_err().to_string();
        assert!(err.contains("w22.json: is a folder"), "{err}");
        assert_eq!(fs::read(d.join("w22.md")).unwrap(), b"old");
        // A build killed before its switch leaves a folder; the next build sweeps it.
        fs::create_dir(d.join(BUILDS).join("bkilled")).unwrap();
        fs::remove_dir(d.join("w22.json")).unwrap();
        write_set(d, &set(b"new"), false).unwrap();
        assert!(!d.join(BUILDS).join("bkilled").exists());
        assert_eq!(fs::read(d.join("w22.json")).unwrap(), b"new");
        assert_eq!(fs::read(d.join("w21.md")).unwrap(), b"21");
    }

    #[test]
    fn files_of_the_old_layout_become_links_and_unchanged_ones_keep_their_inode() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("w.md"), "old").unwrap();
        fs::write(d.join("w.json"), "same").unwrap();
        let set = vec![
            (d.join("w.md"), b"new".to_vec()),
            (d.join("w.json"), b"same".to_vec()),
        ];
        assert_eq!(
            write_set(d, &set, false).unwrap(),
            [Outcome::Written, Outcome::Unchanged]
        );
        for name in ["w.md", "w.json"] {
            let link = fs::read_link(d.join(name)).unwrap();
            assert_eq!(link, Path::new(CURRENT_LINK).join(name));
        }
        assert_eq!(fs::read(d.join("w.md")).unwrap(), b"new");
        let inode = fs::metadata(d.join("w.json")).unwrap().ino();
        let set = vec![
            (d.join("w.md"), b"newer".to_vec()),
            (d.join("w.json"), b"same".to_vec()),
        ];
        write_set(d, &set, false).unwrap();
        assert_eq!(fs::metadata(d.join("w.json")).unwrap().ino(), inode);
        assert_eq!(fs::read(d.join("w.md")).unwrap(), b"newer");
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
            fs::read_dir(dir.path().join(BUILDS)).unwrap().count(),
            1,
            "the failed build's folder removed"
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
