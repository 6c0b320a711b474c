//! Errors, written for the person who reads them in a cron mail.

use std::io;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },

    #[error("{}: binary data (not a text file); skipped", path.display())]
    Binary { path: PathBuf },

    #[error("{}:{line}: malformed {format} front matter: {message}", path.display())]
    FrontMatter {
        path: PathBuf,
        line: usize,
        format: &'static str,
        message: String,
    },

    #[error("{}:{line}: {message}", path.display())]
    BadLine {
        path: PathBuf,
        line: usize,
        message: String,
    },

    #[error("template {name}: {message}")]
    Template { name: String, message: String },

    #[error(
        "{}: another digest build holds the lock on this output folder (waited {seconds} s); nothing written",
        path.display()
    )]
    Locked { path: PathBuf, seconds: u64 },

    #[error("{count} warning(s) and --strict: nothing written")]
    Strict { count: usize },

    #[error("{0}")]
    Other(String),
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
