//! Lines that many files of one folder share: a site's menus, footers and "most read"
//! lists, whatever their wording. A scraper saving one site into one folder repeats them in
//! every page; an article's own lines are its own.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use super::clean::SiteLines;
use super::furniture::{at_most_words, with_norm_line};

/// In how many files of a folder a short line must stand to be the site's furniture.
const MIN_FILES: u32 = 3;

/// Longer lines are prose, never counted.
const MAX_WORDS: usize = 14;

/// Bytes of each file read for counting: menus and footers are in every page's first and
/// last lines, and a page is rarely larger.
const READ_BYTES: usize = 512 * 1024;

/// Short lines counted by the number of files of each folder that hold them.
#[derive(Debug, Default)]
pub struct FolderLines {
    /// Each folder's number in `counts`.
    folders: HashMap<PathBuf, u32>,
    counts: rustc_hash::FxHashMap<(u32, u64), u32>,
}

fn key(line: &str) -> Option<u64> {
    let t = line.trim();
    if t.is_empty() || !at_most_words(t, MAX_WORDS) {
        return None;
    }
    with_norm_line(t, |norm| {
        if norm.is_empty() {
            return None;
        }
        let mut h = rustc_hash::FxHasher::default();
        norm.hash(&mut h);
        Some(h.finish())
    })
}

impl FolderLines {
    /// Count the short lines of the text files among `paths` (page dumps and crawler texts;
    /// HTML pages and feeds carry their own structure).
    pub fn count(paths: &[PathBuf]) -> FolderLines {
        use rayon::prelude::*;
        // Each file's distinct line keys, read in parallel; counted in path order.
        let seen: Vec<(&Path, Vec<u64>)> = paths
            .par_iter()
            .filter(|p| is_text(p))
            .filter_map(|path| {
                let bytes = head_of(path)?;
                let text = match simdutf8::basic::from_utf8(&bytes) {
                    Ok(text) => std::borrow::Cow::Borrowed(text),
                    Err(_) => String::from_utf8_lossy(&bytes),
                };
                let mut keys: Vec<u64> = text.lines().filter_map(key).collect();
                keys.sort_unstable();
                keys.dedup();
                Some((folder_of(path), keys))
            })
            .collect();
        let mut lines = FolderLines::default();
        for (dir, keys) in seen {
            let f = match lines.folders.get(dir) {
                Some(&f) => f,
                None => {
                    let f = lines.folders.len() as u32;
                    lines.folders.insert(dir.to_owned(), f);
                    f
                }
            };
            for k in keys {
                *lines.counts.entry((f, k)).or_default() += 1;
            }
        }
        lines.counts.retain(|_, n| *n >= MIN_FILES);
        lines
    }

    /// The shared lines as seen from the file at `path`.
    pub fn for_file<'a>(&'a self, path: &Path) -> InFolder<'a> {
        InFolder {
            lines: self,
            folder: self.folders.get(folder_of(path)).copied(),
        }
    }
}

fn folder_of(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new(""))
}

/// The first [`READ_BYTES`] of a regular file; nothing from a pipe, a device or a file
/// that cannot be read (the article pass reports those).
fn head_of(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(READ_BYTES as u64)
        .read_to_end(&mut bytes)
        .ok()?;
    Some(bytes)
}

fn is_text(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md"))
}

/// [`FolderLines`] for the files of one folder.
pub struct InFolder<'a> {
    lines: &'a FolderLines,
    /// The folder's number; `None` for a folder without counted files.
    folder: Option<u32>,
}

impl SiteLines for InFolder<'_> {
    fn is_site_line(&self, line: &str) -> bool {
        let Some(f) = self.folder else {
            return false;
        };
        key(line).is_some_and(|k| self.lines.counts.contains_key(&(f, k)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_in_three_files_of_a_folder_is_the_sites() {
        let dir = tempfile::tempdir().unwrap();
        let mut paths = Vec::new();
        for i in 0..3 {
            let p = dir.path().join(format!("{i}.txt"));
            std::fs::write(&p, format!("خدمة الرسائل القصيرة\nخبر رقم {i} عن العمال\n")).unwrap();
            paths.push(p);
        }
        let lines = FolderLines::count(&paths);
        let f = lines.for_file(&paths[0]);
        assert!(f.is_site_line("خدمة الرسائل القصيرة"));
        assert!(!f.is_site_line("خبر رقم 0 عن العمال"));
        let elsewhere = lines.for_file(Path::new("/other/x.txt"));
        assert!(!elsewhere.is_site_line("خدمة الرسائل القصيرة"));
    }
}
