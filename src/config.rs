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

/// How stories are grouped in the newsletter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupBy {
    /// One list, the most important story first.
    #[default]
    None,
    /// One section per country, in the order of each country's most important story;
    /// stories that name no Arab country come last.
    Country,
}

impl FromStr for GroupBy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" => Ok(GroupBy::None),
            "country" => Ok(GroupBy::Country),
            _ => Err(format!("unknown group_by '{s}' (none, country)")),
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
    pub group_by: Option<GroupBy>,
    pub site_url: Option<String>,
    /// The `[mail]` table: list headers and delivery.
    pub mail: Option<MailConfig>,
}

/// How `digest send` connects to the mail server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain connection upgraded with STARTTLS (port 587); refused if the server cannot.
    #[default]
    Starttls,
    /// TLS from the first byte ("SMTPS", port 465).
    Tls,
    /// No encryption at all: only for a relay on the same machine (port 25).
    None,
}

impl FromStr for SmtpTls {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "starttls" => Ok(SmtpTls::Starttls),
            "tls" => Ok(SmtpTls::Tls),
            "none" => Ok(SmtpTls::None),
            _ => Err(format!("unknown smtp_tls '{s}' (starttls, tls, none)")),
        }
    }
}

/// The `[mail]` table of `digest.toml`: mailing-list headers of the `.eml` and how
/// `digest send` delivers it. Every key is optional.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailConfig {
    /// `List-Id`, e.g. "نشرة العمل <labour-news.example.org>".
    pub list_id: Option<String>,
    /// `List-Unsubscribe` targets: `https://…` and/or `mailto:…`. With an https one the
    /// message also says `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
    pub list_unsubscribe: Option<Vec<String>>,
    /// A sendmail-compatible program to hand the message to instead of SMTP.
    pub sendmail: Option<PathBuf>,
    pub smtp_host: Option<String>,
    /// Default: 587 for STARTTLS, 465 for TLS, 25 without.
    pub smtp_port: Option<u16>,
    pub smtp_tls: Option<SmtpTls>,
    /// User name for SMTP AUTH; the password is read from the environment variable
    /// named by `smtp_password_env` (never from this file or the command line).
    pub smtp_user: Option<String>,
    pub smtp_password_env: Option<String>,
    /// A PEM file of certificate authorities to trust besides the system's web roots
    /// (a private mail server's own CA).
    pub smtp_ca_file: Option<PathBuf>,
    /// Recipients `digest send` adds to the envelope without naming them in the message
    /// (subscribers who should not see each other's addresses).
    pub bcc: Option<Vec<String>>,
}

pub const DEFAULT_PASSWORD_ENV: &str = "DIGEST_SMTP_PASSWORD";

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
    pub group_by: GroupBy,
    /// Where the output folder is published ("https://example.org/digest/"): makes the
    /// feed's links absolute. Optional.
    pub site_url: Option<String>,
    pub mail: MailConfig,
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
            group_by: GroupBy::None,
            site_url: None,
            mail: MailConfig::default(),
        }
    }
}

/// The longest newsletter title accepted.
const MAX_TITLE_CHARS: usize = 4000;

/// The commented default configuration `digest init` writes.
pub const DEFAULT_FILE: &str = include_str!("../templates/digest.toml");

/// The `digest.toml` that `digest init` writes next to the copied templates: the default
/// file with `templates` set, so the editor's edits are used.
pub fn init_file() -> String {
    const OFF: &str = "# templates = \"templates\"";
    const ON: &str = "# `digest init` copied the built-in templates there: this file uses them.\n\
                      templates = \"templates\"";
    debug_assert!(DEFAULT_FILE.contains(OFF));
    DEFAULT_FILE.replacen(OFF, ON, 1)
}

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
            group_by,
            site_url,
            mail,
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
        self.group_by = group_by.unwrap_or(self.group_by);
        self.site_url = site_url.or(self.site_url.take());
        if let Some(m) = mail {
            self.mail = m;
        }
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
        if let Some(v) = env_parse("DIGEST_GROUP_BY")? {
            self.group_by = v;
        }
        if let Some(v) = env_var("DIGEST_SITE_URL") {
            self.site_url = Some(v);
        }
        if let Some(v) = env_var("DIGEST_SMTP_HOST") {
            self.mail.smtp_host = Some(v);
        }
        if let Some(v) = env_parse("DIGEST_SMTP_PORT")? {
            self.mail.smtp_port = Some(v);
        }
        if let Some(v) = env_parse("DIGEST_SMTP_TLS")? {
            self.mail.smtp_tls = Some(v);
        }
        if let Some(v) = env_var("DIGEST_SMTP_USER") {
            self.mail.smtp_user = Some(v);
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
        if let Some(url) = &self.site_url
            && crate::digest::safe_url(url).as_deref() != Some(url.trim())
        {
            return Err(Error::Other(format!(
                "site_url = '{url}' must be an http(s) address without spaces or quotes"
            )));
        }
        // Long enough for any real name (a 3,000-character one still folds in the mail
        // headers), bounded so a pasted document is refused clearly.
        if self.title.chars().count() > MAX_TITLE_CHARS {
            return Err(Error::Other(format!(
                "title must be at most {MAX_TITLE_CHARS} characters, not {}",
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
    fn the_init_file_uses_the_copied_templates() {
        let f: FileConfig = toml::from_str(&init_file()).unwrap();
        assert_eq!(f.templates, Some(PathBuf::from("templates")));
    }

    #[test]
    fn the_mail_table_parses_and_rejects_unknown_keys() {
        let f: FileConfig = toml::from_str(
            "[mail]\nsmtp_host = \"mail.example.org\"\nsmtp_tls = \"tls\"\n\
             list_unsubscribe = [\"https://example.org/u\"]\n",
        )
        .unwrap();
        let mut s = Settings::default();
        s.apply_file(f);
        assert_eq!(s.mail.smtp_host.as_deref(), Some("mail.example.org"));
        assert_eq!(s.mail.smtp_tls, Some(SmtpTls::Tls));
        assert!(toml::from_str::<FileConfig>("[mail]\nsmtp_password = \"x\"\n").is_err());
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
