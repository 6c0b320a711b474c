//! Plain-text and Markdown articles: optional front matter, then the text as scraped.

use std::borrow::Cow;
use std::path::Path;

use super::article::parse_article_in;
use super::clean::SiteLines;
use super::{Article, Warning, split_front_matter};
use crate::error::Result;

/// One `.txt` or `.md` file, already decoded, as one article; `site` knows the lines the
/// other files of its folder share.
pub(super) fn read(
    text: String,
    path: &Path,
    display: &str,
    site: Option<&dyn SiteLines>,
    warnings: &mut Vec<Warning>,
) -> Result<Article> {
    let (given, body) = split_front_matter(&text, path)?;
    // The body is cut out of the file's text in place, and handed over to be dropped once
    // cleaned.
    let start = body.as_ptr() as usize - text.as_ptr() as usize;
    let end = start + body.len();
    let mut body = text;
    body.truncate(end);
    body.drain(..start);
    Ok(parse_article_in(
        display,
        given,
        Cow::Owned(body),
        site,
        warnings,
    ))
}
