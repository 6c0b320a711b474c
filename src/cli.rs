//! The command line: flags checked once here and turned into typed values, then handed to
//! the library. Output goes to stdout, logs and warnings to stderr.

use std::borrow::Cow;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::{Deserialize, Serialize};

use crate::config::{self, Settings};
use crate::digest::{self, DigestOptions};
use crate::error::{Error, Result};
use crate::ingest::{self, Article, DateFrom, Warning};
use crate::output::{self, Outcome};
use crate::rank::{self, Budget, RankParams};
use crate::render::{Renderer, email, labels};
use crate::text::{self, SplitOptions};
use crate::week::WeekSpec;

/// Exit codes, for scripts and cron.
pub const EXIT_OK: u8 = 0;
pub const EXIT_ERROR: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_EMPTY_WEEK: u8 = 3;
pub const EXIT_LOCKED: u8 = 4;

/// The exit code for an error.
pub fn exit_code(e: &Error) -> u8 {
    match e {
        Error::Locked { .. } => EXIT_LOCKED,
        Error::Usage(_) => EXIT_USAGE,
        _ => EXIT_ERROR,
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "digest",
    version,
    about = "Weekly newsletter from Arabic labour-policy news articles"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print nothing but errors (no warnings, no summary, no paths).
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print what is routine: articles without a date, unchanged files, what was sent.
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

/// How much goes to stderr (and, for `--quiet`, stdout).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the digest of one ISO week as Markdown and HTML.
    Build(BuildArgs),
    /// Show what ingest finds in article files: title, date, source, sentences, removed lines.
    Inspect(InspectArgs),
    /// Split text into sentences, one per line.
    Split(SplitArgs),
    /// Print the most central sentences of a text, in document order.
    Summarize(SummarizeArgs),
    /// Write a commented default `digest.toml` and copy the built-in templates into
    /// `templates/` for editing.
    Init(InitArgs),
    /// Mail the week's `.eml` to the configured recipients, once (SMTP or sendmail).
    Send(SendArgs),
}

/// How and whether to deliver: shared by `send` and `build --send`.
#[derive(Debug, Args)]
pub struct DeliveryArgs {
    /// Hand the message to this sendmail-compatible program (`/usr/sbin/sendmail`,
    /// `msmtp`) instead of the SMTP server of the configuration.
    #[arg(long, value_name = "PATH")]
    pub sendmail: Option<PathBuf>,
    /// Send even if this week's digest was sent before.
    #[arg(long)]
    pub resend: bool,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    /// The week whose `.eml` to send (as for `build`).
    #[arg(long, default_value = "last", env = "DIGEST_WEEK")]
    pub week: WeekSpec,
    /// Folder the digest was written to [default: out].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Configuration file [default: digest.toml in the working folder, if there is one].
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Pretend today is this date (YYYY-MM-DD); decides 'this' and 'last'.
    #[arg(long, env = "DIGEST_TODAY", value_parser = crate::week::parse_date)]
    pub today: Option<NaiveDate>,
    #[command(flatten)]
    pub delivery: DeliveryArgs,
    /// Seconds to wait for a build or send of the same output folder to finish.
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub lock_timeout: u64,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The week: 2024-W22, a date in it (2024-05-28), 'this', or 'last' (the last complete
    /// ISO week before today).
    #[arg(long, default_value = "last", env = "DIGEST_WEEK")]
    pub week: WeekSpec,
    /// Folder of articles (.txt, .md, .jsonl), read recursively [default: seeds].
    #[arg(long)]
    pub input: Option<PathBuf>,
    /// Folder the digest is written to, created if missing [default: out].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Folder of templates replacing the built-in ones file by file.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Configuration file [default: digest.toml in the working folder, if there is one].
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Pretend today is this date (YYYY-MM-DD); decides 'this' and 'last'.
    #[arg(long, env = "DIGEST_TODAY", value_parser = crate::week::parse_date)]
    pub today: Option<NaiveDate>,
    /// Treat every warning (unreadable file, bad front matter, article without a date…)
    /// as a failure: exit 1 and write nothing.
    #[arg(long)]
    pub strict: bool,
    /// Rewrite the output files even when their content has not changed.
    #[arg(long)]
    pub force: bool,
    /// Seconds to wait for another build of the same output folder to finish before giving
    /// up with exit code 4.
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub lock_timeout: u64,
    /// Then mail the digest as `digest send` does (not on an empty week).
    #[arg(long)]
    pub send: bool,
    #[command(flatten)]
    pub delivery: DeliveryArgs,
    /// Also read files that symbolic links in the input folder point to outside it (by
    /// default such links are skipped with a warning).
    #[arg(long)]
    pub follow_outside_links: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to write `digest.toml` and `templates/` into.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Article files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct TextInput {
    /// Input file; '-' or nothing reads standard input.
    pub file: Option<PathBuf>,
    /// Read JSON lines {"id", "text", ...} and write one JSON line per input line.
    #[arg(long)]
    pub jsonl: bool,
    /// Remove web boilerplate before splitting (as `build` does).
    #[arg(long)]
    pub clean: bool,
    /// Also end sentences at the Arabic semicolon '؛'.
    #[arg(long)]
    pub semicolon: bool,
}

#[derive(Debug, Args)]
pub struct SplitArgs {
    #[command(flatten)]
    pub input: TextInput,
}

#[derive(Debug, Args)]
pub struct SummarizeArgs {
    #[command(flatten)]
    pub input: TextInput,
    /// Word budget: sentences in rank order until the next would pass N words (the best
    /// sentence is always kept).
    #[arg(long, conflicts_with = "sentences")]
    pub words: Option<usize>,
    /// Number of sentences (default 3).
    #[arg(long)]
    pub sentences: Option<usize>,
    /// Override a ranking parameter, for experiments: `--param position_prior=0.5`
    /// (see `RankParams` for names and defaults). Repeatable.
    #[arg(long = "param", value_name = "KEY=VALUE")]
    pub params: Vec<String>,
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    let stdout = io::stdout();
    // 64 KiB a write: `summarize --jsonl` of 49 MB writes 15 MB, which the default 8 KiB
    // made about 2,000 system calls.
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let v = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (false, true) => Verbosity::Verbose,
        (false, false) => Verbosity::Normal,
    };
    let result = match cli.command {
        Command::Build(args) => build_and_send(args, v, &mut out),
        Command::Send(args) => send(args, v),
        Command::Inspect(args) => inspect(args, &mut out),
        Command::Split(args) => split(args, &mut out),
        Command::Summarize(args) => summarize(args, &mut out),
        Command::Init(args) => init(args, &mut out),
    };
    let flushed = out.flush();
    match (result, flushed) {
        // A closed pipe (`digest split | head`) is not an error.
        (Err(Error::Io { source, .. }), _) if source.kind() == io::ErrorKind::BrokenPipe => {
            Ok(ExitCode::from(EXIT_OK))
        }
        (Ok(code), Err(e)) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(Error::io("<stdout>", e)).map(|()| code)
        }
        (r, _) => r,
    }
}

fn stdout_err(e: io::Error) -> Error {
    Error::io("<stdout>", e)
}

fn warn(w: &Warning) {
    eprintln!("digest: warning: {}", w.message);
}

fn build_and_send(args: BuildArgs, v: Verbosity, out: &mut impl Write) -> Result<ExitCode> {
    let today = args
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let week = args.week.resolve(today).map_err(Error::Usage)?;
    let mut settings = Settings::resolve(config::find(args.config.as_deref())?)?;
    if let Some(p) = args.input.clone() {
        settings.input = p;
    }
    if let Some(p) = args.out.clone() {
        settings.output = p;
    }
    if let Some(p) = args.templates.clone() {
        settings.templates = Some(p);
    }
    let code = build(&args, week, &settings, v, out)?;
    if !args.send || code != EXIT_OK {
        return Ok(ExitCode::from(code));
    }
    // The build's lock is released: the send takes its own.
    send_week(week, &settings, &args.delivery, args.lock_timeout, v)
}

fn send(args: SendArgs, v: Verbosity) -> Result<ExitCode> {
    let today = args
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let week = args.week.resolve(today).map_err(Error::Usage)?;
    let mut settings = Settings::resolve(config::find(args.config.as_deref())?)?;
    if let Some(p) = args.out {
        settings.output = p;
    }
    send_week(week, &settings, &args.delivery, args.lock_timeout, v)
}

fn send_week(
    week: crate::week::IsoWeek,
    settings: &Settings,
    delivery: &DeliveryArgs,
    lock_timeout: u64,
    v: Verbosity,
) -> Result<ExitCode> {
    use crate::send::{self, Outcome as Sent};
    let outcome = send::send(&send::Request {
        week,
        settings,
        sendmail: delivery.sendmail.clone(),
        resend: delivery.resend,
        lock_timeout: std::time::Duration::from_secs(lock_timeout),
    })?;
    let (code, line, level) = match outcome {
        Sent::Sent {
            message_id,
            recipients,
            via,
        } => (
            EXIT_OK,
            format!("{week}: sent {message_id} to {recipients} recipient(s) via {via}"),
            Verbosity::Verbose,
        ),
        Sent::AlreadySent { message_id, time } => (
            EXIT_OK,
            format!("{week}: already sent at {time} ({message_id}); nothing sent"),
            Verbosity::Verbose,
        ),
        Sent::ChangedSinceSent {
            sent_id,
            time,
            now_id,
        } => (
            EXIT_OK,
            format!(
                "{week}: sent at {time} ({sent_id}); the digest has changed since ({now_id}) \
                 and was not sent again: `digest send --resend` sends the new one"
            ),
            Verbosity::Normal,
        ),
        Sent::NoDigest(path) => (
            EXIT_EMPTY_WEEK,
            format!(
                "{}: no digest for {week} (an empty week, or not built yet); nothing sent",
                path.display()
            ),
            Verbosity::Normal,
        ),
    };
    if v >= level {
        eprintln!("digest: {line}");
    }
    Ok(ExitCode::from(code))
}

fn build(
    args: &BuildArgs,
    week: crate::week::IsoWeek,
    settings: &Settings,
    v: Verbosity,
    out: &mut impl Write,
) -> Result<u8> {
    // Templates and addresses are checked before anything is read or written.
    let renderer = Renderer::new(settings.templates.as_deref())?;
    let addresses = email::Addresses {
        from: settings.from.clone(),
        to: settings.to.clone(),
        reply_to: settings.reply_to.clone(),
        list_id: settings.mail.list_id.clone(),
        list_unsubscribe: settings.mail.list_unsubscribe.clone().unwrap_or_default(),
        date: email::build_time()?,
    };
    let timing = Timing::from_env();
    let mut warnings: Vec<Warning> = renderer
        .warnings()
        .iter()
        .map(|m| Warning { message: m.clone() })
        .collect();
    let read_opts = check_folders(&settings.input, &settings.output)?;
    let articles = ingest::read_dir_with(
        &settings.input,
        &ingest::ReadOptions {
            follow_outside_links: args.follow_outside_links,
            ..read_opts
        },
        &mut warnings,
    )?;
    timing.mark("ingest");
    // Counted before blank articles are left out: every one was scanned.
    let scanned = articles.len();
    let articles = drop_blank(articles, &mut warnings);
    let undated: Vec<&Article> = articles.iter().filter(|a| a.date.is_none()).collect();
    report(&warnings, &undated, args.strict, v)?;
    let opts = DigestOptions {
        title: settings.title.clone(),
        sentences_per_story: settings.sentences_per_story,
        highlights: settings.highlights,
        max_stories: settings.max_stories,
        ..DigestOptions::default()
    };
    let digest = digest::build(&articles, week, &opts);
    timing.mark("digest");
    if digest.stories.is_empty() {
        if v >= Verbosity::Normal {
            eprintln!(
                "digest: no article is dated in {week} ({} scanned in {}, {} without a date); nothing written",
                scanned,
                settings.input.display(),
                undated.len()
            );
        }
        return Ok(EXIT_EMPTY_WEEK);
    }
    if v >= Verbosity::Verbose {
        per_file_lines(&articles, week);
    }
    let presentation = crate::render::Presentation {
        region: settings.region,
        digits: settings.digits,
        group_by: settings.group_by,
    };
    let mut rendered = renderer.render(&digest, week, &addresses, presentation)?;
    if !args.force {
        keep_unchanged_eml(
            &settings.output.join(format!("{week}.eml")),
            &mut rendered.eml,
        );
    }
    timing.mark("render");
    let dir = &settings.output;
    // One build at a time writes to an output folder.
    let _lock = output::lock_folder(dir, std::time::Duration::from_secs(args.lock_timeout))?;
    // The archive lists the folder's weeks, so it is made under the lock, and written in
    // the same set as the week's files.
    let archive_opts = crate::render::archive::ArchiveOptions {
        title: settings.title.clone(),
        site_url: settings.site_url.clone(),
        digits: settings.digits,
    };
    let mut archive_warnings = Vec::new();
    let archive = renderer.archive(dir, &rendered, &archive_opts, &mut archive_warnings)?;
    if v >= Verbosity::Normal {
        for w in &archive_warnings {
            eprintln!("digest: warning: {w}");
        }
    }
    let mut files = vec![
        (
            dir.join(format!("{week}.md")),
            rendered.markdown.into_bytes(),
        ),
        (dir.join(format!("{week}.html")), rendered.html.into_bytes()),
        (dir.join(format!("{week}.txt")), rendered.text.into_bytes()),
        (dir.join(format!("{week}.eml")), rendered.eml),
        (dir.join(format!("{week}.json")), rendered.json.into_bytes()),
    ];
    files.extend(archive);
    let outcomes = output::write_set(dir, &files, args.force)?;
    timing.mark("write");
    for ((path, _), outcome) in files.iter().zip(outcomes) {
        if v >= Verbosity::Normal {
            writeln!(out, "{}", path.display()).map_err(stdout_err)?;
        }
        if outcome == Outcome::Unchanged && v >= Verbosity::Verbose {
            eprintln!("digest: {} is unchanged", path.display());
        }
    }
    // The summary only when there was something to read above it (or on -v).
    if (v >= Verbosity::Normal && !(warnings.is_empty() && archive_warnings.is_empty()))
        || v >= Verbosity::Verbose
    {
        eprintln!(
            "digest: {week}: {} ({} shown) from {} of {}; {} warning(s)",
            labels::english_count(digest.story_count, "story", "stories"),
            digest.stories.len(),
            digest.article_count,
            labels::english_count(scanned, "article", "articles"),
            warnings.len() + archive_warnings.len()
        );
    }
    Ok(EXIT_OK)
}

/// Warnings on stderr (not with `--quiet`); articles without a date are routine (old
/// pages, index pages): named with `-v`, and failures under `--strict` like warnings.
fn report(warnings: &[Warning], undated: &[&Article], strict: bool, v: Verbosity) -> Result<()> {
    if v >= Verbosity::Normal {
        warnings.iter().for_each(warn);
    }
    if v >= Verbosity::Verbose || (strict && v >= Verbosity::Normal) {
        for a in undated {
            eprintln!(
                "digest: warning: {}: no publication date found; left out of weekly digests",
                a.path
            );
        }
    }
    if strict && !(warnings.is_empty() && undated.is_empty()) {
        return Err(Error::Strict {
            count: warnings.len() + undated.len(),
        });
    }
    Ok(())
}

/// When the file on disk has the same content (the same Message-ID), keep it and its
/// Date, so a re-run changes nothing (`--force` writes a new one).
fn keep_unchanged_eml(path: &Path, eml: &mut Vec<u8>) {
    if let Ok(old) = fs::read(path) {
        let id = |m: &[u8]| crate::send::header(m, "Message-ID");
        if id(&old).is_some() && id(&old) == id(eml) {
            *eml = old;
        }
    }
}

/// `-v`: one line per input file, with its articles and how many are dated in the week.
fn per_file_lines(articles: &[Article], week: crate::week::IsoWeek) {
    // `FILE#N` is item N of a .jsonl file or a feed.
    let file_of = |a: &Article| match a.path.rsplit_once('#') {
        Some((f, n)) if n.parse::<usize>().is_ok() => f.to_owned(),
        _ => a.path.clone(),
    };
    for group in articles.chunk_by(|a, b| file_of(a) == file_of(b)) {
        let dated = group
            .iter()
            .filter(|a| a.date.is_some_and(|d| week.contains(d)))
            .count();
        eprintln!(
            "digest: {}: {} article(s), {dated} dated in {week}",
            file_of(&group[0]),
            group.len()
        );
    }
}

/// The input folder must be a folder; the output folder a folder or missing. An output
/// folder inside the input folder (or the same folder) is left out of the input, so a
/// build never reads its own newsletters back as articles.
fn check_folders(input: &Path, output: &Path) -> Result<ingest::ReadOptions> {
    let shown = crate::error::shown;
    match fs::metadata(input) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(Error::Other(format!(
                "the input folder {} is not a folder (set it with --input or 'input' in digest.toml)",
                shown(input)
            )));
        }
        Err(e) => {
            return Err(Error::Other(format!(
                "the input folder {} cannot be read: {e} (set it with --input or 'input' in digest.toml)",
                shown(input)
            )));
        }
    }
    if let Ok(m) = fs::metadata(output)
        && !m.is_dir()
    {
        return Err(Error::Other(format!(
            "the output folder {} exists and is not a folder (set it with --out or 'output' in digest.toml)",
            shown(output)
        )));
    }
    Ok(ingest::ReadOptions {
        exclude: fs::canonicalize(output).ok(),
        ..ingest::ReadOptions::default()
    })
}

/// Dated articles with no sentence (an empty body, page furniture only, one endless
/// "word") would make blank stories: they are named and left out.
fn drop_blank(articles: Vec<Article>, warnings: &mut Vec<Warning>) -> Vec<Article> {
    let (kept, blank): (Vec<Article>, Vec<Article>) = articles
        .into_iter()
        .partition(|a| a.date.is_none() || a.sentence_count() > 0);
    for a in &blank {
        warnings.push(Warning {
            message: format!(
                "{}: dated {} but no sentence of text is left after cleaning; left out",
                a.path,
                a.date.map(|d| d.to_string()).unwrap_or_default()
            ),
        });
    }
    kept
}

/// Stage durations on stderr when `DIGEST_TIMINGS` is set (for profiling a slow week).
struct Timing {
    start: Option<std::time::Instant>,
    last: std::cell::Cell<Option<std::time::Instant>>,
}

impl Timing {
    fn from_env() -> Timing {
        let now = std::env::var_os("DIGEST_TIMINGS").map(|_| std::time::Instant::now());
        Timing {
            start: now,
            last: std::cell::Cell::new(now),
        }
    }

    fn mark(&self, stage: &str) {
        if let (Some(start), Some(last)) = (self.start, self.last.get()) {
            let now = std::time::Instant::now();
            eprintln!(
                "digest: timing: {stage} {:.3} s (total {:.3} s)",
                (now - last).as_secs_f64(),
                (now - start).as_secs_f64()
            );
            self.last.set(Some(now));
        }
    }
}

fn init(args: InitArgs, out: &mut impl Write) -> Result<ExitCode> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![(
        args.dir.join("digest.toml"),
        config::init_file().into_bytes(),
    )];
    for (name, src) in crate::render::DEFAULTS {
        files.push((
            args.dir.join("templates").join(format!("{name}.hbs")),
            src.as_bytes().to_vec(),
        ));
    }
    let existing: Vec<String> = files
        .iter()
        .filter(|(p, _)| p.exists())
        .map(|(p, _)| p.display().to_string())
        .collect();
    if !existing.is_empty() && !args.force {
        return Err(Error::Other(format!(
            "{} already exist(s); nothing written (use --force to overwrite)",
            existing.join(", ")
        )));
    }
    output::write_files(&args.dir, &files[..1])?;
    output::write_files(&args.dir.join("templates"), &files[1..])?;
    for (p, _) in &files {
        writeln!(out, "{}", p.display()).map_err(stdout_err)?;
    }
    eprintln!(
        "digest: {} uses the templates in {}: edit them there (paths are relative to the \
         folder digest runs in)",
        files[0].0.display(),
        args.dir.join("templates").display()
    );
    Ok(ExitCode::from(EXIT_OK))
}

/// The `inspect --format json` record: the contract other tools rely on.
#[derive(Debug, Serialize)]
struct InspectRecord<'a> {
    path: &'a str,
    title: Option<&'a str>,
    date: Option<String>,
    date_from: Option<DateFrom>,
    source: Option<&'a str>,
    place: Option<&'a str>,
    url: Option<&'a str>,
    tags: &'a [String],
    /// TextRank keywords of the title and body, best first.
    keywords: Vec<String>,
    sentences: Vec<&'a str>,
    removed: &'a [String],
}

impl<'a> From<&'a Article> for InspectRecord<'a> {
    fn from(a: &'a Article) -> Self {
        InspectRecord {
            path: &a.path,
            title: a.title.as_deref(),
            date: a.date.map(|d| d.to_string()),
            date_from: a.date_from,
            source: a.source.as_deref(),
            place: a.place.as_deref(),
            url: a.url.as_deref(),
            tags: &a.tags,
            keywords: digest::article_keywords(a, 8),
            sentences: a.sentences().collect(),
            removed: &a.removed,
        }
    }
}

fn inspect(args: InspectArgs, out: &mut impl Write) -> Result<ExitCode> {
    let mut failed = false;
    // Files given together are read as a folder is: lines many of them share are furniture.
    let folder = ingest::FolderLines::count(&args.files);
    for path in &args.files {
        let mut warnings = Vec::new();
        let display = crate::error::shown(path);
        let articles = match ingest::read_file_in(path, &display, Some(&folder), &mut warnings) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("digest: error: {e}");
                failed = true;
                continue;
            }
        };
        warnings.iter().for_each(warn);
        for a in &articles {
            match args.format {
                Format::Json => {
                    let line = serde_json::to_string(&InspectRecord::from(a))
                        .map_err(|e| Error::Other(e.to_string()))?;
                    writeln!(out, "{line}").map_err(stdout_err)?;
                }
                Format::Text => write_inspect_text(a, out).map_err(stdout_err)?,
            }
        }
    }
    Ok(ExitCode::from(if failed { EXIT_ERROR } else { EXIT_OK }))
}

fn write_inspect_text(a: &Article, out: &mut impl Write) -> io::Result<()> {
    let none = "-";
    writeln!(out, "path:      {}", a.path)?;
    writeln!(out, "title:     {}", a.title.as_deref().unwrap_or(none))?;
    let from = a
        .date_from
        .map_or_else(String::new, |f| format!(" ({})", f.label()));
    let date = a.date.map_or_else(|| none.to_owned(), |d| d.to_string());
    writeln!(out, "date:      {date}{from}")?;
    writeln!(out, "source:    {}", a.source.as_deref().unwrap_or(none))?;
    writeln!(out, "place:     {}", a.place.as_deref().unwrap_or(none))?;
    writeln!(out, "url:       {}", a.url.as_deref().unwrap_or(none))?;
    writeln!(
        out,
        "keywords:  {}",
        digest::article_keywords(a, 8).join("، ")
    )?;
    writeln!(out, "sentences: {}", a.sentence_count())?;
    for (i, s) in a.sentences().enumerate() {
        writeln!(out, "  {:>3}  {s}", i + 1)?;
    }
    writeln!(out, "removed:   {}", a.removed.len())?;
    for r in &a.removed {
        writeln!(out, "    -  {r}")?;
    }
    writeln!(out)
}

fn read_input(file: Option<&Path>) -> Result<String> {
    match file {
        None => read_stdin(),
        Some(p) if p == Path::new("-") => read_stdin(),
        Some(p) => {
            let bytes = fs::read(p).map_err(|e| Error::io(p, e))?;
            ingest::decode(&bytes, p)
        }
    }
}

fn read_stdin() -> Result<String> {
    let mut s = String::new();
    io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| Error::io("<stdin>", e))?;
    Ok(s)
}

/// Sentences of a body text, optionally after boilerplate removal; borrowed from `text`
/// where they can be.
fn sentences_of<'a>(text: &'a str, input: &TextInput) -> Vec<Cow<'a, str>> {
    let opts = SplitOptions {
        semicolon: input.semicolon,
        ..SplitOptions::default()
    };
    if input.clean {
        let body = ingest::clean::clean(text, None, None).body.join("\n");
        return text::sentences(&body, &opts)
            .into_iter()
            .map(Cow::Owned)
            .collect();
    }
    text::sentence_strs(text, &opts)
}

#[derive(Debug, Deserialize)]
struct JsonIn {
    id: serde_json::Value,
    text: String,
    /// The article's title, a ranking signal for `summarize`.
    title: Option<String>,
    words: Option<usize>,
    sentences: Option<usize>,
}

/// Run `each` over the `{"id","text"}` lines of the input, in parallel batches, writing the
/// results in input order. Lines are parsed, processed and serialised on the worker
/// threads, which also read the next batch meanwhile (with one worker, one after the
/// other); this thread writes results. A bad line is an error naming it (the lines before
/// it are written).
fn each_json_line(
    input: &TextInput,
    out: &mut impl Write,
    each: impl for<'r> Fn(&'r JsonIn) -> Vec<Cow<'r, str>> + Sync,
) -> Result<()> {
    use rayon::prelude::*;
    let source = input
        .file
        .clone()
        .unwrap_or_else(|| PathBuf::from("<stdin>"));
    let mut reader: Box<dyn Read + Send> = match input.file.as_deref() {
        None => Box::new(io::stdin()),
        Some(p) if p == Path::new("-") => Box::new(io::stdin()),
        Some(p) => Box::new(fs::File::open(p).map_err(|e| Error::io(p, e))?),
    };
    let mut line_no = 0;
    let mut batch = Batch::default();
    let mut more = read_batch(&mut *reader, &source, &mut line_no, &[], &mut batch)?;
    // The buffers of the batch before, filled with the next one while this one is processed.
    let mut spare = Batch::default();
    while more {
        let (next, results) = rayon::join(
            || {
                read_batch(
                    &mut *reader,
                    &source,
                    &mut line_no,
                    batch.rest(),
                    &mut spare,
                )
            },
            || {
                batch
                    .lines
                    .par_iter()
                    .map(|&(no, a, b)| json_line(&source, no, &batch.block[a..b], &each))
                    .collect::<Vec<Result<Option<String>>>>()
            },
        );
        for result in results {
            if let Some(json) = result? {
                out.write_all(json.as_bytes()).map_err(stdout_err)?;
            }
        }
        more = next?;
        std::mem::swap(&mut batch, &mut spare);
    }
    Ok(())
}

/// Input lines read together: one block of bytes read from the input, and each whole
/// line's number and range in it (its line break included). The bytes of the block past
/// `filled` are room for the next read; those from `rest` to `filled` begin a line that
/// the next batch finishes.
#[derive(Default)]
struct Batch {
    block: Vec<u8>,
    filled: usize,
    rest: usize,
    lines: Vec<(usize, usize, usize)>,
}

impl Batch {
    /// The start of a line whose end is not read yet.
    fn rest(&self) -> &[u8] {
        &self.block[self.rest..self.filled]
    }

    /// Read from `reader` into the block after what it holds; how many bytes came (0 at the
    /// end of the input). The block grows when it is full.
    fn fill(&mut self, reader: &mut dyn Read) -> io::Result<usize> {
        const READ: usize = 1 << 18;
        if self.block.len() < self.filled + READ {
            self.block
                .resize((self.filled + READ).max(2 * self.block.len()), 0);
        }
        loop {
            match reader.read(&mut self.block[self.filled..]) {
                Ok(n) => {
                    self.filled += n;
                    return Ok(n);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

/// Fill `batch` with the next lines, after `carried` (the start of a line the batch
/// before did not finish): up to a number of lines or of bytes, whichever comes first,
/// and whole lines only (a line longer than the bound is read whole). Whether any line was
/// read.
fn read_batch(
    reader: &mut dyn Read,
    source: &Path,
    line_no: &mut usize,
    carried: &[u8],
    batch: &mut Batch,
) -> Result<bool> {
    const BATCH_LINES: usize = 2048;
    const BATCH_BYTES: usize = 1 << 20;
    if batch.block.len() < carried.len() {
        batch.block.resize(carried.len(), 0);
    }
    batch.block[..carried.len()].copy_from_slice(carried);
    batch.filled = carried.len();
    batch.lines.clear();
    // The start of the line being read, and how far line breaks have been looked for.
    let (mut start, mut searched) = (0, 0);
    loop {
        for end in memchr::memchr_iter(b'\n', &batch.block[searched..batch.filled]) {
            let end = searched + end + 1;
            *line_no += 1;
            batch.lines.push((*line_no, start, end));
            start = end;
            if batch.lines.len() == BATCH_LINES {
                break;
            }
        }
        if batch.lines.len() == BATCH_LINES || start >= BATCH_BYTES {
            break;
        }
        searched = batch.filled;
        if batch.fill(reader).map_err(|e| Error::io(source, e))? == 0 {
            // The end of the input: what is left is the last line.
            if start < batch.filled {
                *line_no += 1;
                batch.lines.push((*line_no, start, batch.filled));
                start = batch.filled;
            }
            break;
        }
    }
    batch.rest = start;
    Ok(!batch.lines.is_empty())
}

/// One `--jsonl` input line through `each`: its output line (with the line break), `None`
/// for a blank line, or the error that names it.
fn json_line(
    source: &Path,
    line_no: usize,
    buf: &[u8],
    each: &(impl for<'r> Fn(&'r JsonIn) -> Vec<Cow<'r, str>> + Sync),
) -> Result<Option<String>> {
    let bad = |message: String| Error::BadLine {
        path: source.to_path_buf(),
        line: line_no,
        message,
    };
    // simdutf8 only says whether; the standard check says where.
    let Ok(line) = simdutf8::basic::from_utf8(buf) else {
        let at = std::str::from_utf8(buf)
            .err()
            .map_or(0, |e| e.valid_up_to());
        return Err(bad(format!(
            "not valid UTF-8 (byte {} of the line)",
            at + 1
        )));
    };
    if line.trim().is_empty() {
        return Ok(None);
    }
    let rec = serde_json::from_str::<JsonIn>(line)
        .map_err(|e| bad(format!("expected {{\"id\", \"text\"}}: {e}")))?;
    let sentences = each(&rec);
    // What serde_json writes for `{"id", "sentences"}`, with a faster string escaper.
    let mut json = String::with_capacity(64 + sentences.iter().map(|s| s.len() + 3).sum::<usize>());
    json.push_str("{\"id\":");
    json.push_str(&serde_json::to_string(&rec.id).map_err(|e| Error::Other(e.to_string()))?);
    json.push_str(",\"sentences\":[");
    for (k, s) in sentences.iter().enumerate() {
        if k > 0 {
            json.push(',');
        }
        push_json_str(&mut json, s);
    }
    json.push_str("]}\n");
    Ok(Some(json))
}

/// `s` as a JSON string, escaped as serde_json escapes it: `"` and `\`, the short escapes
/// `\b \f \n \r \t`, other control characters as `\u00XX`; everything else as is.
/// Eight bytes at a time past text that needs no escape (most of it).
fn push_json_str(out: &mut String, s: &str) {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // Whether any of eight bytes is below 0x20, a quote or a backslash (exact for "any").
    let needs_escape = |x: u64| {
        let zero_in = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
        (x.wrapping_sub(ONES * 0x20) & !x & HIGH)
            | zero_in(x ^ (ONES * u64::from(b'"')))
            | zero_in(x ^ (ONES * u64::from(b'\\')))
            != 0
    };
    let b = s.as_bytes();
    out.push('"');
    let (mut copied, mut i) = (0, 0);
    while i < b.len() {
        if let Some(chunk) = b.get(i..i + 8) {
            let x = u64::from_ne_bytes(chunk.try_into().expect("eight bytes"));
            if !needs_escape(x) {
                i += 8;
                continue;
            }
        }
        // The short escape, or none for a control character written \u00XX.
        let escape = match b[i] {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0x08 => Some("\\b"),
            0x0C => Some("\\f"),
            c if c < 0x20 => None,
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[copied..i]);
        if let Some(escape) = escape {
            out.push_str(escape);
        } else {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b[i] >> 4)]));
            out.push(char::from(HEX[usize::from(b[i] & 0xF)]));
        }
        i += 1;
        copied = i;
    }
    out.push_str(&s[copied..]);
    out.push('"');
}

fn split(args: SplitArgs, out: &mut impl Write) -> Result<ExitCode> {
    if args.input.jsonl {
        each_json_line(&args.input, out, |rec| sentences_of(&rec.text, &args.input))?;
    } else {
        let text = read_input(args.input.file.as_deref())?;
        for s in sentences_of(&text, &args.input) {
            writeln!(out, "{s}").map_err(stdout_err)?;
        }
    }
    Ok(ExitCode::from(EXIT_OK))
}

fn summary<'a>(
    sentences: &[Cow<'a, str>],
    title: Option<&str>,
    budget: Budget,
    params: &RankParams,
) -> Vec<Cow<'a, str>> {
    rank::select_titled(sentences, title, budget, params)
        .into_iter()
        .map(|i| sentences[i].clone())
        .collect()
}

fn summarize(args: SummarizeArgs, out: &mut impl Write) -> Result<ExitCode> {
    let mut params = RankParams::default();
    for kv in &args.params {
        let (k, v) = kv
            .split_once('=')
            .ok_or_else(|| Error::Other(format!("--param {kv}: expected KEY=VALUE")))?;
        params.set(k, v).map_err(Error::Other)?;
    }
    let budget_of = |words: Option<usize>, sentences: Option<usize>| match (words, sentences) {
        (Some(w), _) => Budget::Words(w),
        (None, Some(n)) => Budget::Sentences(n),
        (None, None) => Budget::Sentences(3),
    };
    if args.input.jsonl {
        each_json_line(&args.input, out, |rec| {
            // A line's own budget wins over the flags.
            let budget = if rec.words.is_some() || rec.sentences.is_some() {
                budget_of(rec.words, rec.sentences)
            } else {
                budget_of(args.words, args.sentences)
            };
            let sentences = sentences_of(&rec.text, &args.input);
            summary(&sentences, rec.title.as_deref(), budget, &params)
        })?;
    } else {
        let text = read_input(args.input.file.as_deref())?;
        let budget = budget_of(args.words, args.sentences);
        for s in summary(&sentences_of(&text, &args.input), None, budget, &params) {
            writeln!(out, "{s}").map_err(stdout_err)?;
        }
    }
    Ok(ExitCode::from(EXIT_OK))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out at most `step` bytes a call.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    /// Every line of `data` through `read_batch`, batch after batch, with its number.
    fn batched(data: &[u8], step: usize) -> Vec<(usize, Vec<u8>)> {
        let mut reader = Trickle { data, step };
        let (mut line_no, mut out) = (0, Vec::new());
        let (mut batch, mut next) = (Batch::default(), Batch::default());
        let source = Path::new("x");
        let mut more = read_batch(&mut reader, source, &mut line_no, &[], &mut batch).unwrap();
        while more {
            assert!(batch.lines.len() <= 2048);
            out.extend(
                batch
                    .lines
                    .iter()
                    .map(|&(no, a, b)| (no, batch.block[a..b].to_vec())),
            );
            more = read_batch(&mut reader, source, &mut line_no, batch.rest(), &mut next).unwrap();
            std::mem::swap(&mut batch, &mut next);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn batches_hold_every_line_whole_and_numbered(
            lines in proptest::collection::vec("[a-z\u{627}\r]{0,12}", 0..40),
            last_break: bool,
            step in 1usize..20,
        ) {
            let mut data = lines.join("\n");
            if last_break && !data.is_empty() {
                data.push('\n');
            }
            let want: Vec<(usize, Vec<u8>)> = data
                .split_inclusive('\n')
                .enumerate()
                .map(|(k, l)| (k + 1, l.as_bytes().to_vec()))
                .collect();
            proptest::prop_assert_eq!(batched(data.as_bytes(), step), want);
        }
    }

    #[test]
    fn a_batch_holds_at_most_its_lines_and_a_long_line_whole() {
        let many = "{}\n".repeat(5000);
        let got = batched(many.as_bytes(), 1 << 16);
        assert_eq!(got.len(), 5000);
        assert_eq!(got.last().map(|(no, _)| *no), Some(5000));
        let long = format!("{}\nb", "a".repeat(3 << 20));
        let got = batched(long.as_bytes(), 1 << 18);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].1.len(), (3 << 20) + 1);
        assert_eq!(got[1].1, b"b");
    }

    proptest::proptest! {
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(
            s in "([\\x00-\\x21\"\\\\a-z\\x7F\u{80}-\u{FF}عمل«»\u{2028}]{0,3}(العمال ){0,3}){0,8}",
        ) {
            let mut got = String::new();
            push_json_str(&mut got, &s);
            proptest::prop_assert_eq!(got, serde_json::to_string(&s).unwrap());
        }
    }
}
