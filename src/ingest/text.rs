//! Plain-text and Markdown articles: optional front matter, then the text as scraped.

use std::path::Path;

use super::{Article, Warning, parse_article, split_front_matter};
use crate::error::Result;

/// One `.txt` or `.md` file, already decoded, as one article.
pub(super) fn read(
    text: &str,
    path: &Path,
    display: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Article> {
    let (given, body) = split_front_matter(text, path)?;
    Ok(parse_article(display, given, &body, warnings))
}
