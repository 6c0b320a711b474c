//! From cleaned lines and given metadata to one [`Article`].

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
    (title.to_owned(), None)
}

/// Build an article from its body text and the metadata given with it.
pub fn parse_article(path: &str, given: Given, body: &str, warnings: &mut Vec<Warning>) -> Article {
    parse_article_in(path, given, body, None, warnings)
}

/// [`parse_article`] for a file among others of its folder: `site` knows the lines they
/// share.
pub(super) fn parse_article_in(
    path: &str,
    given: Given,
    body: &str,
    site: Option<&dyn SiteLines>,
    warnings: &mut Vec<Warning>,
) -> Article {
    let body = decode_entities(body);
    let given_title = given.title.as_deref().map(decode_entities);
    let cleaned = clean::clean(&body, given_title.as_deref(), site);
    let body_text = cleaned.body.join("\n");
    let mut sentences = text::sentences(&body_text, &SplitOptions::default());
    sentences.retain(|s| s.chars().any(char::is_alphanumeric));
    let (title, site_name) = match given_title.or(cleaned.title) {
        Some(t) => {
            let (t, site) = split_site_suffix(&t);
            (Some(t), site)
        }
        None => (None, None),
    };
    let (date, date_from) = match &given.date {
        Some(raw) => match dates::parse_date_value(raw) {
            Some(d) => (
                Some(d),
                Some(given.date_from.unwrap_or(DateFrom::FrontMatter)),
            ),
            None => {
                warnings.push(Warning {
                    message: format!("{path}: the given date '{raw}' is not a valid date; ignored"),
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
        source: given.source.or(cleaned.source).or(site_name),
        place: cleaned.place,
        url: given.url,
        tags: given.tags,
        body: body_text,
        sentences,
        removed: cleaned.removed,
    }
}

/// "&quot;العمل&quot;" → "\"العمل\"": crawlers keep HTML entities in titles and text.
fn decode_entities(s: &str) -> String {
    if s.contains('&') {
        html_escape::decode_html_entities(s).into_owned()
    } else {
        s.to_owned()
    }
}
