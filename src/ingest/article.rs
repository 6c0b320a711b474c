//! From cleaned lines and given metadata to one [`Article`].

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};

use super::clean::SiteLines;
use super::dates;
use super::{Article, DateFrom, Given, Warning, clean};
use crate::text::{self, SplitOptions};

/// "عنوان الخبر | الجزيرة نت" → ("عنوان الخبر", "الجزيرة نت"): scraped titles often end
/// with the site's name after a bar. Only a bar, and only a short name, is taken.
pub(super) fn split_site_suffix(title: &str) -> (String, Option<String>) {
    if let Some((head, tail)) = title.rsplit_once(" | ") {
        let (head, tail) = (head.trim(), tail.trim());
        if !head.is_empty() && !tail.is_empty() && tail.split_whitespace().count() <= 4 {
            return (head.to_owned(), Some(tail.to_owned()));
        }
    }
    // "… – العربية.نت", "… - example.com": after a dash, only a name that is a site's.
    for sep in [" – ", " - ", " — "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let (head, tail) = (head.trim(), tail.trim());
            let site = [".نت", ".net", ".com", ".org", ".ae", ".sa", ".ma"]
                .iter()
                .any(|d| tail.to_lowercase().ends_with(d));
            if !head.is_empty() && site && tail.split_whitespace().count() <= 3 {
                return (head.to_owned(), Some(tail.to_owned()));
            }
        }
    }
    (title.to_owned(), None)
}

/// Titles and sources longer than this many words are cut with "…", like long summary
/// sentences: a scraped title can be a whole page.
const MAX_TITLE_WORDS: usize = 40;
/// …and longer than this many characters (a title with no spaces).
const MAX_TITLE_CHARS: usize = 400;

/// `s` cut after [`MAX_TITLE_WORDS`] words or [`MAX_TITLE_CHARS`] characters, with "…".
fn cap_title(s: String) -> String {
    let word_end = s
        .split_whitespace()
        .nth(MAX_TITLE_WORDS)
        .map(|w| w.as_ptr() as usize - s.as_ptr() as usize);
    let char_end = s.char_indices().nth(MAX_TITLE_CHARS).map(|(i, _)| i);
    match word_end.into_iter().chain(char_end).min() {
        Some(end) => format!("{}…", s[..end].trim_end()),
        None => s,
    }
}

/// Longer links are not links to an article (browsers stop near 2,000 characters too).
const MAX_URL_BYTES: usize = 2048;
/// Tags kept per article.
const MAX_TAGS: usize = 50;

/// Publication dates digest believes (the years the text date finder accepts too).
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// A given date (front matter, JSON field) as a date, or why it is not taken: not a date,
/// a two-digit year ("28-05-24": 2028? 1924? day or year first?), or a year outside
/// [`PLAUSIBLE_YEARS`] (a Hijri date such as 1445-11-20, year 28).
fn given_date(raw: &str) -> Result<NaiveDate, String> {
    let fields: Vec<&str> = raw.trim().split(['-', '/', '.']).map(str::trim).collect();
    let numeric = fields.len() == 3
        && fields
            .iter()
            .all(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    if numeric && fields.iter().all(|f| f.len() <= 2) {
        return Err("has a two-digit year, which could be read more than one way".into());
    }
    let date = dates::parse_date_value(raw).ok_or("is not a valid date")?;
    if PLAUSIBLE_YEARS.contains(&date.year()) {
        Ok(date)
    } else if (1300..1600).contains(&date.year()) {
        Err(format!(
            "has the year {}: a Hijri date? Give the Gregorian date",
            date.year()
        ))
    } else {
        Err(format!(
            "has the year {}, outside {}-{}",
            date.year(),
            PLAUSIBLE_YEARS.start(),
            PLAUSIBLE_YEARS.end()
        ))
    }
}

/// Build an article from its body text and the metadata given with it.
pub fn parse_article(path: &str, given: Given, body: &str, warnings: &mut Vec<Warning>) -> Article {
    parse_article_in(path, given, Cow::Borrowed(body), None, warnings)
}

/// [`parse_article`] for a file among others of its folder: `site` knows the lines they
/// share. A body given owned is dropped as soon as it is cleaned (a large file is not held
/// beside its cleaned lines and sentences).
pub(super) fn parse_article_in(
    path: &str,
    given: Given,
    body: Cow<'_, str>,
    site: Option<&dyn SiteLines>,
    warnings: &mut Vec<Warning>,
) -> Article {
    let body = match decode_entities(&body) {
        Cow::Owned(decoded) => Cow::Owned(decoded),
        Cow::Borrowed(_) => body,
    };
    let given_title = given
        .title
        .as_deref()
        .map(|t| decode_entities(t).into_owned());
    let mut cleaned = clean::clean(&body, given_title.as_deref(), site);
    drop(body);
    // The body's lines are not kept beside the body and its sentences.
    let body_text = std::mem::take(&mut cleaned.body).join("\n");
    let sentences = {
        let mut list = text::sentence_strs(&body_text, &SplitOptions::default());
        list.retain(|s| s.chars().any(char::is_alphanumeric));
        super::Sentences::new(&body_text, &list)
    };
    let (title, site_name) = match given_title.or(cleaned.title) {
        Some(t) => {
            let (t, site) = split_site_suffix(&t);
            (Some(cap_title(t)), site)
        }
        None => (None, None),
    };
    let (date, date_from) = match &given.date {
        Some(raw) => match given_date(raw) {
            Ok(d) => (
                Some(d),
                Some(given.date_from.unwrap_or(DateFrom::FrontMatter)),
            ),
            Err(why) => {
                let raw = cap_title(raw.chars().filter(|c| !c.is_control()).collect());
                warnings.push(Warning {
                    message: format!("{path}: the given date '{raw}' {why}; ignored"),
                });
                (None, None)
            }
        },
        None => match cleaned.header_date {
            Some((d, from)) => (Some(d), Some(from)),
            None => (None, None),
        },
    };
    Article {
        path: path.to_owned(),
        title,
        date,
        date_from,
        source: given
            .source
            .or(cleaned.source)
            .or(site_name.and_then(|s| super::dateline::outlet_name(&s)))
            .map(cap_title),
        place: cleaned.place,
        url: given.url.filter(|u| {
            let ok = u.len() <= MAX_URL_BYTES;
            if !ok {
                warnings.push(Warning {
                    message: format!(
                        "{path}: the given url is longer than {MAX_URL_BYTES} bytes; ignored"
                    ),
                });
            }
            ok
        }),
        tags: given
            .tags
            .into_iter()
            .take(MAX_TAGS)
            .map(cap_title)
            .collect(),
        body: body_text,
        sentences,
        removed: cleaned.removed,
    }
}

/// "&quot;العمل&quot;" → "\"العمل\"": crawlers keep HTML entities in titles and text.
fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains('&') {
        html_escape::decode_html_entities(s)
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_digit_hijri_and_far_years_are_refused_with_the_reason() {
        assert_eq!(given_date("2024-05-28").unwrap().to_string(), "2024-05-28");
        assert!(
            given_date("28-05-24")
                .unwrap_err()
                .contains("two-digit year")
        );
        assert!(
            given_date("28/5/24")
                .unwrap_err()
                .contains("two-digit year")
        );
        assert!(given_date("1445-11-20").unwrap_err().contains("Hijri"));
        assert!(given_date("0028-05-24").unwrap_err().contains("outside"));
        assert!(given_date("9999-12-29").unwrap_err().contains("outside"));
    }

    #[test]
    fn long_titles_are_cut_with_an_ellipsis() {
        let t = cap_title("كلمة ".repeat(200_000));
        assert_eq!(t.split_whitespace().count(), MAX_TITLE_WORDS);
        assert!(t.ends_with('…'));
        let t = cap_title("x".repeat(10_000));
        assert_eq!(t.chars().count(), MAX_TITLE_CHARS + 1);
        assert_eq!(cap_title("عنوان قصير".into()), "عنوان قصير");
    }

    #[test]
    fn huge_urls_and_tag_lists_are_bounded() {
        let given = super::super::Given {
            url: Some(format!("https://example.org/{}", "a".repeat(5000))),
            tags: vec!["وسم".to_owned(); 10_000],
            ..Default::default()
        };
        let mut w = Vec::new();
        let a = parse_article("u.md", given, "نص الخبر هنا.", &mut w);
        assert_eq!(a.url, None);
        assert_eq!(a.tags.len(), MAX_TAGS);
        assert!(
            w[0].message.starts_with("u.md: the given url is longer"),
            "{w:?}"
        );
    }
}
