//! Feeds: RSS 2.0 (and RSS 1.0/RDF), Atom and JSON Feed files, parsed by feed-rs. Each
//! item is an article: its title, its link, its own date (`published`, else `updated`),
//! the channel's title as the source, and as body the item's `content:encoded`/`content`
//! (else its `description`/`summary`) turned from HTML into text lines. The body then goes
//! through [`parse_article`] like any article: the same boilerplate rules, the same
//! escaping downstream.
//!
//! A file is a feed when its extension is `.rss`, `.atom`, `.xml` or `.json` and its root
//! says so: `<rss>`, `<feed>`, `<rdf:RDF>`, or a JSON object whose `version` is a JSON Feed
//! URL. Anything else with those extensions (a sitemap, a data file) is refused with a
//! warning that says why.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use feed_rs::model::{Entry, Feed, Text};

use super::html::fragment_to_text;
use super::{
    Article, DateFrom, Given, Warning, article::parse_article, decode::normalise_newlines,
};
use crate::error::{Error, Result};

/// Extensions a feed may have.
pub(super) const EXTENSIONS: [&str; 4] = ["xml", "rss", "atom", "json"];

pub(super) fn has_feed_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// What the root of a file says it is: `Ok(())` for a feed, else what was found.
fn sniff(bytes: &[u8]) -> std::result::Result<(), String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    match start.map(|i| bytes[i]) {
        Some(b'{') => {
            let value: serde_json::Value =
                serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON ({e})"))?;
            let version = value.get("version").and_then(|v| v.as_str()).unwrap_or("");
            if version.starts_with("https://jsonfeed.org/version/")
                || version.starts_with("http://jsonfeed.org/version/")
            {
                Ok(())
            } else {
                Err("JSON without a JSON Feed \"version\"".to_owned())
            }
        }
        Some(b'<') => match xml_root(bytes) {
            Some(name) if is_feed_root(&name) => Ok(()),
            Some(name) => Err(format!("XML whose root element is <{name}>")),
            None => Err("XML without a root element".to_owned()),
        },
        _ => Err("neither XML nor JSON".to_owned()),
    }
}

fn is_feed_root(name: &str) -> bool {
    let local = name.rsplit(':').next().unwrap_or(name);
    matches!(local, "rss" | "feed" | "RDF")
}

/// The name of the first element, after the XML declaration, comments, processing
/// instructions and the doctype.
fn xml_root(bytes: &[u8]) -> Option<String> {
    let mut rest = bytes;
    loop {
        let open = rest.iter().position(|&b| b == b'<')?;
        rest = &rest[open..];
        let skip_to = |end: &[u8], rest: &[u8]| {
            rest.windows(end.len())
                .position(|w| w == end)
                .map(|i| i + end.len())
        };
        if rest.starts_with(b"<?") {
            rest = &rest[skip_to(b"?>", rest)?..];
        } else if rest.starts_with(b"<!--") {
            rest = &rest[skip_to(b"-->", rest)?..];
        } else if rest.starts_with(b"<!") {
            rest = &rest[skip_to(b">", rest)?..];
        } else {
            let name: Vec<u8> = rest[1..]
                .iter()
                .take_while(|b| !b.is_ascii_whitespace() && !matches!(b, b'>' | b'/'))
                .copied()
                .collect();
            return Some(String::from_utf8_lossy(&name).into_owned());
        }
    }
}

/// A feed date as written, for the article date: the wall-clock time in the feed's own
/// offset (feed-rs would turn it into UTC, which moves a story published at 01:00 +03:00
/// to the day before). RFC 3339 (Atom, JSON Feed), RFC 2822 (RSS), or a bare date.
fn feed_timestamp(raw: &str) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    DateTime::parse_from_rfc3339(raw)
        .or_else(|_| DateTime::parse_from_rfc2822(raw))
        .map(|d| d.naive_local().and_utc())
        .ok()
        .or_else(|| {
            let date = NaiveDate::parse_from_str(raw.get(..10)?, "%Y-%m-%d").ok()?;
            Some(date.and_hms_opt(0, 0, 0)?.and_utc())
        })
}

fn parse(bytes: &[u8]) -> std::result::Result<Feed, String> {
    feed_rs::parser::Builder::new()
        .timestamp_parser(feed_timestamp)
        .build()
        .parse(bytes)
        .map_err(|e| e.to_string())
}

/// Every item of a feed file, as articles named `FILE#N` (N counts items from 1).
pub(super) fn read_feed(
    bytes: &[u8],
    path: &Path,
    display: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Article>> {
    sniff(bytes).map_err(|found| {
        Error::Other(format!(
            "{}: {found} is not a feed (RSS, Atom or JSON Feed); skipped",
            path.display()
        ))
    })?;
    let feed = parse(bytes).map_err(|e| {
        Error::Other(format!(
            "{}: not a valid feed: {e}; skipped",
            path.display()
        ))
    })?;
    let source = feed.title.as_ref().map(plain).filter(|t| !t.is_empty());
    if feed.entries.is_empty() {
        warnings.push(Warning {
            message: format!("{display}: a feed without items"),
        });
    }
    Ok(feed
        .entries
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            item(
                entry,
                source.clone(),
                &format!("{display}#{}", i + 1),
                warnings,
            )
        })
        .collect())
}

fn item(entry: &Entry, source: Option<String>, path: &str, warnings: &mut Vec<Warning>) -> Article {
    let date = entry.published.or(entry.updated);
    let given = Given {
        title: entry.title.as_ref().map(plain).filter(|t| !t.is_empty()),
        date: date.map(|d| d.date_naive().format("%Y-%m-%d").to_string()),
        date_from: date.map(|_| DateFrom::Feed),
        source,
        url: link(entry),
        tags: entry.categories.iter().map(|c| c.term.clone()).collect(),
    };
    parse_article(path, given, &body(entry), warnings)
}

/// The item's own page: the `alternate` link, else the first.
fn link(entry: &Entry) -> Option<String> {
    entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        .map(|l| l.href.trim().to_owned())
        .filter(|h| !h.is_empty())
}

/// The item's text: its full content, else its summary; HTML made into text lines.
fn body(entry: &Entry) -> String {
    let content = entry.content.as_ref().and_then(|c| {
        let body = c.body.as_deref()?.trim();
        let html = c.content_type.subty() == "html" || c.content_type.subty() == "xhtml";
        Some(if html {
            fragment_to_text(body)
        } else {
            body.to_owned()
        })
    });
    let text = content
        .filter(|t| !t.trim().is_empty())
        .or_else(|| entry.summary.as_ref().map(plain))
        .unwrap_or_default();
    normalise_newlines(&text)
}

/// A title or summary as text: HTML ones (RSS descriptions are HTML by definition) made
/// into text lines.
fn plain(text: &Text) -> String {
    let html = text.content_type.subty() == "html" || text.content_type.subty() == "xhtml";
    if html {
        fragment_to_text(&text.content).trim().to_owned()
    } else {
        text.content.trim().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_are_sniffed() {
        assert!(
            sniff(b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- x -->\n<rss version=\"2.0\">")
                .is_ok()
        );
        assert!(sniff(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">").is_ok());
        assert!(sniff(b"<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"x\">").is_ok());
        assert!(sniff(br#"{"version": "https://jsonfeed.org/version/1.1", "items": []}"#).is_ok());
        let e = sniff(b"<?xml version=\"1.0\"?><urlset>").unwrap_err();
        assert!(e.contains("<urlset>"), "{e}");
        assert!(sniff(br#"{"version": 2}"#).is_err());
        assert!(sniff(b"[1, 2]").is_err());
    }

    #[test]
    fn feed_dates_keep_the_feed_s_own_day() {
        let day = |raw: &str| feed_timestamp(raw).map(|d| d.date_naive().to_string());
        assert_eq!(
            day("Wed, 29 May 2024 01:30:00 +0300").as_deref(),
            Some("2024-05-29")
        );
        assert_eq!(
            day("2024-05-29T01:30:00+03:00").as_deref(),
            Some("2024-05-29")
        );
        assert_eq!(
            day("Tue, 28 May 2024 22:00:00 GMT").as_deref(),
            Some("2024-05-28")
        );
        assert_eq!(day("2024-05-28").as_deref(), Some("2024-05-28"));
        assert_eq!(day("غدا"), None);
    }

    proptest::proptest! {
        #[test]
        fn any_item_text_is_read_without_panic(title in ".{0,40}", body in ".{0,200}") {
            let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
            let rss = format!(
                "<rss version=\"2.0\"><channel><title>t</title><item><title>{}</title>\
                 <description>{}</description></item></channel></rss>",
                esc(&title),
                esc(&body)
            );
            let mut w = Vec::new();
            let _ = read_feed(rss.as_bytes(), Path::new("p.rss"), "p.rss", &mut w);
            let _ = fragment_to_text(&body);
        }
    }
}
