//! The archive of an output folder: `index.html` (every week, newest first, with its
//! story count and top headlines) and `feed.xml` (an Atom feed, RFC 4287, one entry per
//! week with the newsletter's HTML as content).
//!
//! Past weeks are read from the folder's `YYYY-Www.json` and `.html` files; the week being
//! built comes from memory, so both archive files are written in the same set as its
//! files. Every date comes from the weeks themselves (an entry is updated when its issue
//! goes out, the Monday after the week at 06:00 UTC, as the `.eml`'s Date), and every id
//! is derived from the week, so the same folder gives the same bytes.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use handlebars::Handlebars;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::labels::{self, Case};
use super::view::View;
use crate::config::Digits;
use crate::error::{Error, Result};
use crate::week::{IsoWeek, WeekSpec};

/// Top headlines listed per week in `index.html`.
pub const HEADLINES: usize = 3;

/// What the archive needs of the newsletter.
#[derive(Debug, Clone)]
pub struct ArchiveOptions {
    pub title: String,
    /// Where the folder is published (absolute links), if known.
    pub site_url: Option<String>,
    pub digits: Digits,
}

/// The fields of a week's `.json` the archive reads (older files may lack some).
#[derive(Debug, Clone, Deserialize)]
struct Stored {
    #[serde(default)]
    title: String,
    #[serde(default)]
    week_label: String,
    #[serde(default)]
    range_label: String,
    #[serde(default)]
    story_count: usize,
    #[serde(default)]
    stories: Vec<StoredStory>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredStory {
    title: String,
    #[serde(default)]
    anchor: String,
}

/// One week of the archive, as the templates receive it.
#[derive(Debug, Clone, Serialize)]
struct Issue {
    #[serde(skip)]
    key: (i32, u32),
    week: String,
    title: String,
    week_label: String,
    range_label: String,
    /// "4 قصص".
    story_count_label: String,
    headlines: Vec<StoredStory>,
    /// The page: "2024-W22.html" (or absolute with `site_url`).
    link: String,
    /// `urn:uuid:…`, derived from the feed's id and the week.
    id: String,
    /// RFC 3339.
    updated: String,
    /// The newsletter's HTML (the inside of its body).
    content: String,
}

#[derive(Debug, Serialize)]
struct ArchiveContext<'a> {
    title: &'a str,
    id: String,
    updated: String,
    self_link: String,
    index_link: String,
    issues: &'a [Issue],
}

/// The part of a page inside `<body …>` and `</body>`, or the whole text.
fn body_of(html: &str) -> &str {
    let start = html
        .find("<body")
        .and_then(|i| html[i..].find('>').map(|j| i + j + 1));
    let end = html.rfind("</body>");
    match (start, end) {
        (Some(s), Some(e)) if s <= e => html[s..e].trim(),
        _ => html,
    }
}

fn updated(week: IsoWeek) -> String {
    let t: DateTime<Utc> = super::email::send_time(week).into();
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn stored_week(path: &Path) -> Option<IsoWeek> {
    let stem = path.file_stem()?.to_str()?;
    match stem.parse::<WeekSpec>() {
        Ok(WeekSpec::Exact(w)) if w.to_string() == stem => Some(w),
        _ => None,
    }
}

/// The weeks already in `dir` (their `.json` files), except `skip`, in week order.
fn past_weeks(dir: &Path, skip: IsoWeek) -> Result<Vec<(IsoWeek, PathBuf)>> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut weeks: Vec<(IsoWeek, PathBuf)> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter_map(|p| stored_week(&p).map(|w| (w, p)))
        .filter(|(w, _)| *w != skip)
        .collect();
    weeks.sort_by_key(|(w, _)| (w.year(), w.week()));
    Ok(weeks)
}

struct Links {
    base: String,
    feed_id: Uuid,
}

impl Links {
    fn new(opts: &ArchiveOptions) -> Links {
        let base = opts
            .site_url
            .as_deref()
            .map(|u| format!("{}/", u.trim().trim_end_matches('/')))
            .unwrap_or_default();
        // The feed's identity: its address when published, else the newsletter's name.
        let name = if base.is_empty() {
            format!("digest:{}", opts.title)
        } else {
            base.clone()
        };
        Links {
            base,
            feed_id: Uuid::new_v5(&Uuid::NAMESPACE_URL, name.as_bytes()),
        }
    }

    fn issue(&self, week: IsoWeek, s: Stored, html: &str, digits: Digits) -> Issue {
        Issue {
            key: (week.year(), week.week()),
            week: week.to_string(),
            week_label: s.week_label,
            range_label: s.range_label,
            story_count_label: labels::count(
                s.story_count,
                labels::STORY,
                Case::Nominative,
                digits,
            ),
            headlines: s.stories.into_iter().take(HEADLINES).collect(),
            link: format!("{}{week}.html", self.base),
            id: Uuid::new_v5(&self.feed_id, week.to_string().as_bytes())
                .urn()
                .to_string(),
            updated: updated(week),
            // Escaped here, whole: the template writes it as is ({{{content}}}), so the
            // long-token breaks that text values get never land inside the markup.
            content: handlebars::html_escape(body_of(html)),
            title: s.title,
        }
    }
}

/// `index.html` and `feed.xml` for `dir` once the week `view` (with its page `html`) is
/// written there: (file name, bytes). Past weeks whose `.json` cannot be read are left
/// out, each with a warning.
pub fn render(
    templates: &Handlebars<'static>,
    dir: &Path,
    view: &View,
    html: &str,
    opts: &ArchiveOptions,
    warnings: &mut Vec<String>,
) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let week = IsoWeek::new(view.year, view.week_number).expect("a built week is valid");
    let links = Links::new(opts);
    let mut issues = Vec::new();
    for (w, path) in past_weeks(dir, week)? {
        let stored = fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|b| serde_json::from_slice::<Stored>(&b).map_err(|e| e.to_string()));
        match stored {
            Ok(s) => {
                let page = fs::read_to_string(path.with_extension("html")).unwrap_or_default();
                issues.push(links.issue(w, s, &page, opts.digits));
            }
            Err(e) => warnings.push(format!("{}: left out of the archive: {e}", path.display())),
        }
    }
    let current = Stored {
        title: view.title.clone(),
        week_label: view.week_label.clone(),
        range_label: view.range_label.clone(),
        story_count: view.story_count,
        stories: view
            .stories
            .iter()
            .map(|s| StoredStory {
                title: s.title.clone(),
                anchor: s.anchor.clone(),
            })
            .collect(),
    };
    issues.push(links.issue(week, current, html, opts.digits));
    issues.sort_by_key(|i| std::cmp::Reverse(i.key));
    let context = ArchiveContext {
        title: &opts.title,
        id: links.feed_id.urn().to_string(),
        updated: issues
            .iter()
            .map(|i| i.updated.clone())
            .max()
            .unwrap_or_default(),
        self_link: format!("{}feed.xml", links.base),
        index_link: format!("{}index.html", links.base),
        issues: &issues,
    };
    ["index.html", "feed.xml"]
        .into_iter()
        .map(|name| {
            let mut out = templates
                .render(name, &context)
                .map_err(|e| super::template_error(name, e))?;
            if !out.ends_with('\n') {
                out.push('\n');
            }
            Ok((dir.join(name), out.into_bytes()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_and_week_files() {
        assert_eq!(
            body_of("<html><body dir=\"rtl\">\n<p>x</p>\n</body></html>"),
            "<p>x</p>"
        );
        assert_eq!(body_of("<p>y</p>"), "<p>y</p>");
        assert_eq!(
            stored_week(Path::new("out/2024-W22.json")),
            IsoWeek::new(2024, 22)
        );
        assert_eq!(stored_week(Path::new("out/2024-05-28.json")), None);
        assert_eq!(stored_week(Path::new("out/notes.json")), None);
        assert_eq!(
            updated(IsoWeek::new(2024, 22).unwrap()),
            "2024-06-03T06:00:00Z"
        );
    }

    #[test]
    fn ids_are_stable_and_links_follow_the_site() {
        let opts = |site: Option<&str>| ArchiveOptions {
            title: "نشرة".to_owned(),
            site_url: site.map(str::to_owned),
            digits: Digits::Western,
        };
        let w = IsoWeek::new(2024, 22).unwrap();
        let stored = || Stored {
            title: "نشرة".to_owned(),
            week_label: String::new(),
            range_label: String::new(),
            story_count: 2,
            stories: Vec::new(),
        };
        let local = Links::new(&opts(None)).issue(w, stored(), "", Digits::Western);
        assert_eq!(local.link, "2024-W22.html");
        assert_eq!(local.story_count_label, "قصتان");
        let again = Links::new(&opts(None)).issue(w, stored(), "", Digits::Western);
        assert_eq!(local.id, again.id, "derived, not random");
        let site = Links::new(&opts(Some("https://example.org/d")));
        let published = site.issue(w, stored(), "", Digits::Western);
        assert_eq!(published.link, "https://example.org/d/2024-W22.html");
        assert_ne!(published.id, local.id, "another feed, other ids");
        let next = site.issue(
            IsoWeek::new(2024, 23).unwrap(),
            stored(),
            "",
            Digits::Western,
        );
        assert_ne!(published.id, next.id);
    }
}
