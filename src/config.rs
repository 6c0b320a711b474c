//! Configuration: `digest.toml` (found in the working folder or given with `--config`),
//! overridden by `DIGEST_*` environment variables, overridden by command-line flags.
//! Unknown keys are errors that name the key.

use std::fs;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// How dates are written in the newsletter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    /// يناير، فبراير … (Egypt, the Gulf, most of the Arab press).
    #[default]
    Standard,
    /// Morocco: ماي، يوليوز، غشت، شتنبر، نونبر، دجنبر.
    Maghreb,
    /// Syria, Lebanon, Jordan, Iraq, Palestine: كانون الثاني، شباط، آذار …
    Levant,
}

impl Region {
    /// The region's column in `data/months.tsv`.
    pub fn months_key(self) -> &'static str {
        match self {
            Region::Standard => "standard",
            Region::Maghreb => "maghreb-ma",
            Region::Levant => "levant",
        }
    }
}

impl FromStr for Region {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "standard" => Ok(Region::Standard),
            "maghreb" => Ok(Region::Maghreb),
            "levant" => Ok(Region::Levant),
            _ => Err(format!("unknown region '{s}' (standard, maghreb, levant)")),
        }
    }
}

/// Which digits numbers in dates and counts are written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Digits {
    /// 0123456789
    #[default]
    Western,
    /// ٠١٢٣٤٥٦٧٨٩
    Arabic,
}

impl FromStr for Digits {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "western" => Ok(Digits::Western),
            "arabic" => Ok(Digits::Arabic),
            _ => Err(format!("unknown digits '{s}' (western, arabic)")),
        }
    }
}

/// Everything `digest.toml` may set. Every key is optional.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub title: Option<String>,
    pub region: Option<Region>,
    pub digits: Option<Digits>,
    pub input: Option<PathBuf>,
    pub output: Option<PathBuf>,
    pub templates: Option<PathBuf>,
    pub sentences_per_story: Option<usize>,
    pub highlights: Option<usize>,
    pub max_stories: Option<usize>,
    pub from: Option<String>,
    pub to: Option<Vec<String>>,
    pub reply_to: Option<String>,
}

/// The settings a build runs with, after defaults, file, environment and flags.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub title: String,
    pub region: Region,
    pub digits: Digits,
    pub input: PathBuf,
    pub output: PathBuf,
    pub templates: Option<PathBuf>,
    pub sentences_per_story: usize,
    pub highlights: usize,
    pub max_stories: usize,
    pub from: String,
    pub to: Vec<String>,
    pub reply_to: Option<String>,
}

pub const DEFAULT_TITLE: &str = "النشرة الأسبوعية لسياسات العمل";
pub const DEFAULT_FROM: &str = "digest <digest@localhost>";

impl Default for Settings {
    fn default() -> Self {
        Settings {
            title: DEFAULT_TITLE.to_owned(),
            region: Region::Standard,
            digits: Digits::Western,
            input: PathBuf::from("seeds"),
            output: PathBuf::from("out"),
            templates: None,
            sentences_per_story: 3,
            highlights: 5,
            max_stories: 40,
            from: DEFAULT_FROM.to_owned(),
            to: Vec::new(),
            reply_to: None,
        }
    }
}

/// The commented default configuration `digest init` writes.
pub const DEFAULT_FILE: &str = include_str!("../templates/digest.toml");

/// Read a config file; errors name the file and, for TOML errors, the line and key.
pub fn read_file(path: &Path) -> Result<FileConfig> {
    // A FIFO would hang the build and a huge file is not a configuration.
    let meta = fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() || meta.len() > 1024 * 1024 {
        return Err(Error::Other(format!(
            "{}: not a configuration file (a regular file of at most 1 MB)",
            crate::error::shown(path)
        )));
    }
    let text = fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    toml::from_str(&text).map_err(|e| {
        let line = e.span().map_or(1, |s| {
            text[..s.start.min(text.len())].matches('\n').count() + 1
        });
        Error::BadLine {
            path: path.to_owned(),
            line,
            message: e.message().trim().to_owned(),
        }
    })
}

/// The config file to use: `explicit` if given (it must exist), else `digest.toml` in the
/// working folder if there is one.
pub fn find(explicit: Option<&Path>) -> Result<Option<FileConfig>> {
    match explicit {
        Some(p) => read_file(p).map(Some),
        None => {
            let p = Path::new("digest.toml");
            if p.is_file() {
                read_file(p).map(Some)
            } else {
                Ok(None)
            }
        }
    }
}

fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn env_parse<T: FromStr>(name: &str) -> Result<Option<T>>
where
    T::Err: std::fmt::Display,
{
    env_var(name)
        .map(|v| {
            v.parse::<T>()
                .map_err(|e| Error::Other(format!("environment variable {name}: {e}")))
        })
        .transpose()
}

impl Settings {
    /// Defaults, then the file, then `DIGEST_*` variables.
    pub fn resolve(file: Option<FileConfig>) -> Result<Settings> {
        let mut s = Settings::default();
        if let Some(f) = file {
            s.apply_file(f);
        }
        s.apply_env()?;
        s.check()?;
        Ok(s)
    }

    fn apply_file(&mut self, f: FileConfig) {
        let FileConfig {
            title,
            region,
            digits,
            input,
            output,
            templates,
            sentences_per_story,
            highlights,
            max_stories,
            from,
            to,
            reply_to,
        } = f;
        self.title = title.unwrap_or(std::mem::take(&mut self.title));
        self.region = region.unwrap_or(self.region);
        self.digits = digits.unwrap_or(self.digits);
        self.input = input.unwrap_or(std::mem::take(&mut self.input));
        self.output = output.unwrap_or(std::mem::take(&mut self.output));
        self.templates = templates.or(self.templates.take());
        self.sentences_per_story = sentences_per_story.unwrap_or(self.sentences_per_story);
        self.highlights = highlights.unwrap_or(self.highlights);
        self.max_stories = max_stories.unwrap_or(self.max_stories);
        self.from = from.unwrap_or(std::mem::take(&mut self.from));
        self.to = to.unwrap_or(std::mem::take(&mut self.to));
        self.reply_to = reply_to.or(self.reply_to.take());
    }

    fn apply_env(&mut self) -> Result<()> {
        if let Some(v) = env_var("DIGEST_TITLE") {
            self.title = v;
        }
        if let Some(v) = env_parse("DIGEST_REGION")? {
            self.region = v;
        }
        if let Some(v) = env_parse("DIGEST_DIGITS")? {
            self.digits = v;
        }
        if let Some(v) = env_var("DIGEST_INPUT") {
            self.input = v.into();
        }
        if let Some(v) = env_var("DIGEST_OUT") {
            self.output = v.into();
        }
        if let Some(v) = env_var("DIGEST_TEMPLATES") {
            self.templates = Some(v.into());
        }
        if let Some(v) = env_parse("DIGEST_SENTENCES")? {
            self.sentences_per_story = v;
        }
        if let Some(v) = env_parse("DIGEST_HIGHLIGHTS")? {
            self.highlights = v;
        }
        if let Some(v) = env_parse("DIGEST_MAX_STORIES")? {
            self.max_stories = v;
        }
        if let Some(v) = env_var("DIGEST_FROM") {
            self.from = v;
        }
        if let Some(v) = env_var("DIGEST_TO") {
            self.to = v
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_owned)
                .collect();
        }
        if let Some(v) = env_var("DIGEST_REPLY_TO") {
            self.reply_to = Some(v);
        }
        Ok(())
    }

    /// Values that parse but make no sense.
    pub fn check(&self) -> Result<()> {
        if self.sentences_per_story == 0 || self.sentences_per_story > 20 {
            return Err(Error::Other(format!(
                "sentences_per_story must be between 1 and 20, not {}",
                self.sentences_per_story
            )));
        }
        if self.highlights > 10 {
            return Err(Error::Other(format!(
                "highlights must be between 0 and 10, not {}",
                self.highlights
            )));
        }
        if self.max_stories == 0 {
            return Err(Error::Other("max_stories must be at least 1".to_owned()));
        }
        if self.title.chars().count() > 200 {
            return Err(Error::Other(format!(
                "title must be at most 200 characters, not {}",
                self.title.chars().count()
            )));
        }
        if self.title.contains(['\r', '\n']) {
            return Err(Error::Other("title must be one line".to_owned()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_file_parses_and_changes_nothing() {
        let f: FileConfig = toml::from_str(DEFAULT_FILE).unwrap();
        let mut s = Settings::default();
        s.apply_file(f);
        assert_eq!(s, Settings::default());
    }

    #[test]
    fn unknown_keys_are_errors_naming_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("digest.toml");
        fs::write(&p, "title = \"x\"\nhighlight = 3\n").unwrap();
        let err = read_file(&p).unwrap_err().to_string();
        assert!(err.contains("digest.toml:2"), "{err}");
        assert!(err.contains("highlight"), "{err}");
        fs::write(&p, "region = \"mars\"\n").unwrap();
        assert!(read_file(&p).unwrap_err().to_string().contains("mars"));
    }

    #[test]
    fn file_values_apply() {
        let f: FileConfig = toml::from_str(
            "title = \"نشرة\"\nregion = \"maghreb\"\ndigits = \"arabic\"\nto = [\"a@b.c\"]\nhighlights = 3\n",
        )
        .unwrap();
        let mut s = Settings::default();
        s.apply_file(f);
        assert_eq!(s.title, "نشرة");
        assert_eq!(s.region, Region::Maghreb);
        assert_eq!(s.digits, Digits::Arabic);
        assert_eq!(s.to, vec!["a@b.c"]);
        assert_eq!(s.highlights, 3);
        assert!(s.check().is_ok());
        s.sentences_per_story = 0;
        assert!(s.check().is_err());
    }
}
