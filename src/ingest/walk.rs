//! The input folder: which files are articles, in sorted order.

use std::fs;
use std::path::{Path, PathBuf};

use super::Warning;
use crate::error::{Error, Result};

fn is_input_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("txt" | "md" | "jsonl" | "html" | "htm" | "xml" | "rss" | "atom" | "json")
    )
}

/// Every input file below `dir`, in sorted order (hidden files and folders skipped).
/// Symbolic links to folders are not followed, so a link loop cannot trap the walk; a
/// sub-folder that cannot be read is a warning. Only the top folder must be readable.
pub fn list_inputs(dir: &Path, warnings: &mut Vec<Warning>) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let entries = match fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) if d != dir => {
                warnings.push(Warning {
                    message: format!("{}: {e}; folder skipped", d.display()),
                });
                continue;
            }
            Err(e) => return Err(Error::io(&d, e)),
        };
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    warnings.push(Warning {
                        message: format!("{}: {e}; entry skipped", d.display()),
                    });
                    continue;
                }
            };
            let p = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            match entry.file_type() {
                Ok(ft) if ft.is_dir() => stack.push(p),
                Ok(_) if is_input_file(&p) => out.push(p),
                Ok(_) => {}
                Err(e) => warnings.push(Warning {
                    message: format!("{}: {e}; skipped", p.display()),
                }),
            }
        }
    }
    out.sort();
    Ok(out)
}
