//! Render: a [`Digest`] to Markdown and HTML through handlebars templates.
//!
//! The default templates in `templates/` are compiled in; a user folder (`--templates`)
//! replaces any file it contains and may add partials. Markdown is rendered with its own
//! escape function, so article text cannot make markup; the HTML page wraps the Markdown
//! turned into HTML by pulldown-cmark, with raw HTML shown as text and only web links kept.

use std::fs;
use std::path::Path;

use handlebars::Handlebars;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::digest::Digest;
use crate::error::{Error, Result};

/// The default templates: (name, source). A template's name is its file name without
/// `.hbs`; partials are used by that name (`{{> story.md}}`).
const DEFAULTS: &[(&str, &str)] = &[
    ("digest.md", include_str!("../templates/digest.md.hbs")),
    ("story.md", include_str!("../templates/story.md.hbs")),
    ("digest.html", include_str!("../templates/digest.html.hbs")),
];

/// Characters that remove or reverse the direction of the surrounding text. Article text
/// may not carry them into the output; marks such as RLM (U+200F) are harmless and stay.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Escape a value for Markdown: nothing in it can start a block, open inline markup, a
/// link, an autolink or raw HTML. Line breaks become spaces.
pub fn escape_markdown(s: &str) -> String {
    let s = s.trim();
    let mut out = String::with_capacity(s.len() + 8);
    let mut at_start = true;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if is_bidi_control(c) {
            continue;
        }
        let c = match c {
            '\r' | '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\t' => ' ',
            c if c.is_control() => continue,
            c => c,
        };
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!' | '{'
            | '}' | '(' | ')' | '$' | '^' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' | ':' if at_start => {
                out.push('\\');
                out.push(c);
            }
            d if at_start && d.is_ascii_digit() => {
                // "1. text" or "1) text" at the start would be a list.
                out.push(d);
                while let Some(&n) = chars.peek().filter(|n| n.is_ascii_digit()) {
                    out.push(n);
                    chars.next();
                }
                if let Some(&p) = chars.peek().filter(|p| **p == '.' || **p == ')') {
                    chars.next();
                    // Only a marker followed by a space (or nothing) makes a list item.
                    if chars.peek().is_none_or(|n| n.is_whitespace()) {
                        out.push('\\');
                    }
                    out.push(p);
                }
            }
            c => out.push(c),
        }
        at_start = false;
    }
    out
}

/// Markdown to HTML. Raw HTML in the Markdown is shown as text; links and images keep
/// only `http`, `https` and `mailto` destinations (others lose the link, keep the text);
/// images are reduced to their alt text.
pub fn markdown_to_html(md: &str) -> String {
    let allowed = |dest: &str| {
        let l = dest.trim().to_ascii_lowercase();
        l.starts_with("http://") || l.starts_with("https://") || l.starts_with("mailto:")
    };
    // Links do not nest, so one flag says whether the open link was dropped.
    let mut dropping_link = false;
    let events = Parser::new(md).filter_map(move |ev| match ev {
        Event::Html(s) | Event::InlineHtml(s) => Some(Event::Text(s)),
        Event::Start(Tag::Link { ref dest_url, .. }) if !allowed(dest_url) => {
            dropping_link = true;
            None
        }
        Event::End(TagEnd::Link) if dropping_link => {
            dropping_link = false;
            None
        }
        // No remote images in a newsletter: their alt text stays as text.
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        other => Some(other),
    });
    let mut html = String::with_capacity(md.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// The rendered outputs of one digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub markdown: String,
    pub html: String,
}

/// The HTML template receives the digest's fields and `content`, the Markdown as HTML.
#[derive(Serialize)]
struct HtmlContext<'a> {
    #[serde(flatten)]
    digest: &'a Digest,
    content: String,
}

fn ensure_final_newline(s: &mut String) {
    if !s.ends_with('\n') {
        s.push('\n');
    }
}

pub struct Renderer {
    markdown: Handlebars<'static>,
    html: Handlebars<'static>,
}

impl Renderer {
    /// The default templates, with any file of `user_dir` replacing or adding to them.
    /// Every template is checked here, before anything is rendered or written.
    pub fn new(user_dir: Option<&Path>) -> Result<Renderer> {
        let mut sources: Vec<(String, String, String)> = DEFAULTS
            .iter()
            .map(|(name, src)| {
                (
                    name.to_string(),
                    src.to_string(),
                    format!("built-in templates/{name}.hbs"),
                )
            })
            .collect();
        if let Some(dir) = user_dir {
            let entries = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
            let mut files: Vec<_> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "hbs"))
                .collect();
            files.sort();
            for path in files {
                let src = fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
                let name = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let origin = path.display().to_string();
                match sources.iter_mut().find(|(n, _, _)| *n == name) {
                    Some(slot) => *slot = (name, src, origin),
                    None => sources.push((name, src, origin)),
                }
            }
        }
        let mut markdown = Handlebars::new();
        markdown.register_escape_fn(escape_markdown);
        let mut html = Handlebars::new();
        for reg in [&mut markdown, &mut html] {
            reg.set_strict_mode(true);
            reg.set_prevent_indent(true);
            for (name, src, origin) in &sources {
                reg.register_template_string(name, src)
                    .map_err(|e| Error::Template {
                        name: origin.clone(),
                        message: e.to_string(),
                    })?;
            }
        }
        Ok(Renderer { markdown, html })
    }

    pub fn render(&self, digest: &Digest) -> Result<Rendered> {
        let template_error = |name: &str, e: handlebars::RenderError| Error::Template {
            name: name.to_owned(),
            message: e.to_string(),
        };
        let mut markdown = self
            .markdown
            .render("digest.md", digest)
            .map_err(|e| template_error("digest.md", e))?;
        ensure_final_newline(&mut markdown);
        let context = HtmlContext {
            digest,
            content: markdown_to_html(&markdown),
        };
        let mut html = self
            .html
            .render("digest.html", &context)
            .map_err(|e| template_error("digest.html", e))?;
        ensure_final_newline(&mut html);
        Ok(Rendered { markdown, html })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escape_neutralises_markup() {
        assert_eq!(escape_markdown("# عنوان"), "\\# عنوان");
        assert_eq!(
            escape_markdown("[x](javascript:y)"),
            "\\[x\\]\\(javascript:y\\)"
        );
        assert_eq!(escape_markdown("<script>"), "\\<script\\>");
        assert_eq!(escape_markdown("1. بند"), "1\\. بند");
        assert_eq!(escape_markdown("- بند"), "\\- بند");
        assert_eq!(escape_markdown("a\nb\r\nc"), "a b  c");
        assert_eq!(escape_markdown("\u{202E}abc\u{202C}"), "abc");
        assert_eq!(
            escape_markdown("3.5 بالمئة في 2023- 2026"),
            "3.5 بالمئة في 2023- 2026"
        );
    }

    #[test]
    fn escaped_text_renders_as_the_same_text() {
        let nasty = "# <b>x</b> [l](http://e) `c` *e* _u_ | t | ~~s~~ 1. \\ &amp; {{h}}";
        let html = markdown_to_html(&escape_markdown(nasty));
        assert!(!html.contains("<b>") && !html.contains("<a ") && !html.contains("<h1"));
        assert!(!html.contains("<code>") && !html.contains("<em>") && !html.contains("<del>"));
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;"));
        assert!(html.contains("&amp;amp;"));
    }

    #[test]
    fn raw_html_and_unsafe_links_in_markdown_become_text() {
        let html = markdown_to_html(
            "<script>alert(1)</script>\n\n[a](javascript:x) [b](https://ok.example)",
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("javascript:"));
        assert!(html.contains("<a href=\"https://ok.example\">b</a>"));
    }
}
