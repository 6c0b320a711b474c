//! From cleaned lines and given metadata to one [`Article`].

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
    let cleaned = clean::clean(body, given.title.as_deref());
    let body_text = cleaned.body.join("\n");
    let mut sentences = text::sentences(&body_text, &SplitOptions::default());
    sentences.retain(|s| s.chars().any(char::is_alphanumeric));
    let (title, site) = match given.title.clone().or(cleaned.title) {
        Some(t) => {
            let (t, site) = split_site_suffix(&t);
            (Some(t), site)
        }
        None => (None, None),
    };

    let (date, date_from) = if let Some(raw) = &given.date {
        match dates::parse_date_value(raw) {
            Some(d) => (Some(d), Some(DateFrom::FrontMatter)),
            None => {
                warnings.push(Warning {
                    message: format!("{path}: the given date '{raw}' is not a valid date; ignored"),
                });
                (None, None)
            }
        }
    } else if let Some((_, d)) = cleaned.labelled_date {
        (Some(d), Some(DateFrom::Labelled))
    } else {
        let found = title
            .as_deref()
            .and_then(dates::find_date)
            .or_else(|| dates::find_date(&body_text));
        (found, found.map(|_| DateFrom::Text))
    };

    Article {
        path: path.to_owned(),
        title,
        date,
        date_from,
        source: given.source.or(cleaned.source).or(site),
        place: cleaned.place,
        url: given.url,
        tags: given.tags,
        body: body_text,
        sentences,
        removed: cleaned.removed,
    }
}
