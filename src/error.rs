//! Errors, written for the person who reads them in a cron mail.

use std::io;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", shown(path))]
    Io { path: PathBuf, source: io::Error },

    #[error("{}: binary data (not a text file); skipped", shown(path))]
    Binary { path: PathBuf },

    #[error("{}:{line}: malformed {format} front matter: {message}", shown(path))]
    FrontMatter {
        path: PathBuf,
        line: usize,
        format: &'static str,
        message: String,
    },

    #[error("{}:{line}: {message}", shown(path))]
    BadLine {
        path: PathBuf,
        line: usize,
        message: String,
    },

    #[error("template {name}: {message}")]
    Template { name: String, message: String },

    #[error(
        "{}: another digest build holds the lock on this output folder (waited {seconds} s); nothing written",
        shown(path)
    )]
    Locked { path: PathBuf, seconds: u64 },

    #[error("{count} warning(s) and --strict: nothing written")]
    Strict { count: usize },

    /// A flag or setting that cannot work (exit code 2, like a usage error).
    #[error("{0}")]
    Usage(String),

    #[error("{0}")]
    Other(String),
}

/// A path as it can be shown on one line of stderr or in JSON: as is when it is plain
/// UTF-8, else quoted with escapes (`"a\nb.md"`, `"\xFF.md"`), so a file name cannot forge a
/// log line and bytes that are not UTF-8 are not lost.
pub fn shown(path: &std::path::Path) -> String {
    match path.to_str() {
        Some(s) if !s.chars().any(needs_quoting) => s.to_owned(),
        _ => format!("{:?}", path.as_os_str()),
    }
}

/// Control characters, line and paragraph separators and bidi controls.
fn needs_quoting(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        )
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
