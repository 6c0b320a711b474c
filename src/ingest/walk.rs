//! The input folder: which files are articles, in sorted order.

use std::fs;
use std::path::{Path, PathBuf};

use super::{ReadOptions, Warning};
use crate::error::{Error, Result, shown};

fn is_input_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("txt" | "md" | "jsonl" | "html" | "htm" | "xml" | "rss" | "atom" | "json")
    )
}

/// A file digest itself publishes in an output folder: a week's newsletter (`2024-W22.md`)
/// or a link into a hidden folder, as `output::write_set` publishes every file.
fn is_digest_output(path: &Path) -> bool {
    let week_file = path.file_stem().and_then(|s| s.to_str()).is_some_and(|s| {
        let b = s.as_bytes();
        b.len() == 8
            && b[..4].iter().all(u8::is_ascii_digit)
            && &b[4..6] == b"-W"
            && b[6..].iter().all(u8::is_ascii_digit)
    });
    week_file
        || fs::read_link(path).is_ok_and(|t| {
            t.components()
                .next()
                .is_some_and(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        })
}

/// The output folder of this build, or of an earlier one (it holds digest's lock file).
fn is_output_folder(dir: &Path, opts: &ReadOptions) -> bool {
    (opts.exclude.is_some() && fs::canonicalize(dir).ok() == opts.exclude)
        || dir.join(".digest.lock").exists()
}

/// Every input file below `dir`, in sorted order (hidden files and folders skipped), with
/// the default [`ReadOptions`].
pub fn list_inputs(dir: &Path, warnings: &mut Vec<Warning>) -> Result<Vec<PathBuf>> {
    list_inputs_with(dir, &ReadOptions::default(), warnings)
}

/// Every input file below `dir`, in sorted order (hidden files and folders skipped).
/// Symbolic links to folders are not followed, so a link loop cannot trap the walk; links
/// to files are followed only when they stay inside `dir` (or `opts` allows it). The
/// output folder (`opts.exclude`) is left out: below `dir` as a whole, and when it is `dir`
/// itself, the files digest publishes there. A sub-folder that cannot be read is a
/// warning; only the top folder must be readable. Other output folders (holding digest's
/// lock file) are left out in the same way.
pub fn list_inputs_with(
    dir: &Path,
    opts: &ReadOptions,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<PathBuf>> {
    let root = fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let entries = match fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) if d != dir => {
                warnings.push(warning(&d, format!("{e}; folder skipped")));
                continue;
            }
            Err(e) => return Err(Error::io(&d, e)),
        };
        let is_out_dir = is_output_folder(&d, opts);
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    warnings.push(warning(&d, format!("{e}; entry skipped")));
                    continue;
                }
            };
            let p = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            match entry.file_type() {
                Ok(ft) if ft.is_dir() => {
                    if !is_output_folder(&p, opts) {
                        stack.push(p);
                    }
                }
                Ok(_) if is_out_dir && is_digest_output(&p) => {}
                Ok(ft) if ft.is_symlink() && is_input_file(&p) => {
                    if let Some(p) = check_link(&p, &root, opts, warnings) {
                        out.push(p);
                    }
                }
                Ok(_) if is_input_file(&p) => out.push(p),
                Ok(_) => {}
                Err(e) => warnings.push(warning(&p, format!("{e}; skipped"))),
            }
        }
    }
    out.sort();
    Ok(out)
}

/// A link to a file is read when its target lies inside the input folder (or the user
/// allows links out of it); a link out of the folder could publish `/etc/passwd`.
fn check_link(
    link: &Path,
    root: &Path,
    opts: &ReadOptions,
    warnings: &mut Vec<Warning>,
) -> Option<PathBuf> {
    let target = match fs::canonicalize(link) {
        Ok(t) => t,
        Err(e) => {
            warnings.push(warning(
                link,
                format!("a link that cannot be followed ({e}); skipped"),
            ));
            return None;
        }
    };
    if target.starts_with(root) || opts.follow_outside_links {
        Some(link.to_owned())
    } else {
        warnings.push(warning(
            link,
            format!(
                "a link to {}, outside the input folder; skipped (--follow-outside-links reads it)",
                shown(&target)
            ),
        ));
        None
    }
}

fn warning(path: &Path, what: String) -> Warning {
    Warning {
        message: format!("{}: {what}", shown(path)),
    }
}
