//! Render: a [`Digest`] to Markdown, HTML, plain text, a MIME `.eml` and JSON, and the
//! archive of every week (`index.html`, `feed.xml`).
//!
//! The digest's plain data becomes a [`view::View`] first: every Arabic label (dates by
//! region, digits, counted nouns, in [`labels`]), the headings' ids, the sections. The
//! default templates in `templates/` are compiled in; a user folder (`--templates`)
//! replaces any file it contains and may add partials. Each format has its own registry
//! and escape function, so article text cannot make markup in any of them: Markdown
//! escapes markup characters, the HTML page wraps the Markdown turned into HTML by
//! pulldown-cmark (raw HTML shown as text, only web and in-page links kept) with its styles
//! inlined by css-inline for mail clients, and plain text drops control and bidi override
//! characters.

pub mod archive;
pub mod email;
pub mod labels;
pub mod view;

use std::fs;
use std::path::Path;

use handlebars::Handlebars;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::digest::Digest;
use crate::error::{Error, Result};
use crate::week::IsoWeek;
pub use view::Presentation;
use view::{Context, Slugger, View};

/// The default templates: (name, source). A template's name is its file name without
/// `.hbs`; partials are used by that name (`{{> story.md}}`).
pub const DEFAULTS: &[(&str, &str)] = &[
    ("digest.md", include_str!("../../templates/digest.md.hbs")),
    ("story.md", include_str!("../../templates/story.md.hbs")),
    (
        "digest.html",
        include_str!("../../templates/digest.html.hbs"),
    ),
    ("digest.txt", include_str!("../../templates/digest.txt.hbs")),
    ("index.html", include_str!("../../templates/index.html.hbs")),
    ("feed.xml", include_str!("../../templates/feed.xml.hbs")),
];

/// Characters that remove or reverse the direction of the surrounding text. Article text
/// may not carry them into the output; marks such as RLM (U+200F) are harmless and stay.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A character of a value as it may appear on one line of any format: bidi overrides and
/// control characters dropped, line breaks and tabs made spaces.
fn inline_char(c: char) -> Option<char> {
    match c {
        c if is_bidi_control(c) => None,
        '\r' | '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\t' => Some(' '),
        c if c.is_control() => None,
        c => Some(c),
    }
}

/// Escape a value for Markdown: nothing in it can start a block, open inline markup, a
/// link, an autolink or raw HTML. Line breaks become spaces.
pub fn escape_markdown(s: &str) -> String {
    let s = s.trim();
    let mut out = String::with_capacity(s.len() + 8);
    let mut at_start = true;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let Some(c) = inline_char(c) else { continue };
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

/// The one set of pulldown-cmark options: CommonMark as cmark-gfm reads it, without
/// extensions whose syntax article text or GitHub would show differently (no heading
/// attributes: GitHub prints "{ #id }" as text).
fn markdown_options() -> Options {
    Options::empty()
}

/// Whether a link destination may stay a link: web and mail addresses, and in-page
/// anchors made of the characters heading ids have.
fn allowed_destination(dest: &str) -> bool {
    let l = dest.trim().to_ascii_lowercase();
    l.starts_with("http://")
        || l.starts_with("https://")
        || l.starts_with("mailto:")
        || l.strip_prefix('#').is_some_and(|id| {
            id.chars()
                .all(|c| c.is_alphanumeric() || crate::text::is_tashkeel(c) || c == '-' || c == '_')
        })
}

/// Give every heading the id GitHub gives it (see [`Slugger`]), in document order.
fn heading_ids(events: &mut [Event<'_>]) {
    let mut slugs = Slugger::default();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { .. }) = events[i] {
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(slugs.slug(&text).into());
            }
            i = j;
        }
        i += 1;
    }
}

/// Markdown to HTML. Raw HTML in the Markdown is shown as text; links and images keep
/// only `http`, `https`, `mailto` and in-page `#anchor` destinations (others lose the link,
/// keep the text); images are reduced to their alt text. Headings get GitHub's ids.
pub fn markdown_to_html(md: &str) -> String {
    // Links do not nest, so one flag says whether the open link was dropped.
    let mut dropping_link = false;
    let mut events: Vec<Event> = Parser::new_ext(md, markdown_options())
        .filter_map(|ev| match ev {
            Event::Html(s) | Event::InlineHtml(s) => Some(Event::Text(s)),
            Event::Start(Tag::Link { ref dest_url, .. }) if !allowed_destination(dest_url) => {
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
        })
        .collect();
    heading_ids(&mut events);
    let mut html = String::with_capacity(md.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// Escape a value for plain text: control characters and bidi overrides removed, line
/// breaks made spaces. Nothing else has meaning in plain text.
pub fn escape_text(s: &str) -> String {
    s.trim().chars().filter_map(inline_char).collect()
}

/// The direction the first strong character of a line gives it, if any.
fn starts_right_to_left(line: &str) -> bool {
    for c in line.chars() {
        match c {
            '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' => {
                return true;
            }
            '\u{200F}' => return true,
            c if c.is_alphabetic() => return false,
            _ => {}
        }
    }
    false
}

/// Put a right-to-left mark before every line that would otherwise be laid out
/// left-to-right (it starts with Latin letters, or has no letter at all, like a URL, a
/// number or a rule), so the text part reads right-to-left in any mail client.
pub fn mark_right_to_left(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        if !line.trim().is_empty() && !starts_right_to_left(line) {
            out.push('\u{200F}');
        }
        out.push_str(line);
    }
    out
}

/// The rendered outputs of one digest.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub markdown: String,
    pub html: String,
    pub text: String,
    pub eml: Vec<u8>,
    pub json: String,
    /// What the files were made from (the archive lists it).
    pub view: View,
}

/// The HTML template receives the view's fields and `content`, the Markdown as HTML.
#[derive(Serialize)]
struct HtmlContext<'a> {
    #[serde(flatten)]
    context: &'a Context<'a>,
    content: String,
}

fn ensure_final_newline(s: &mut String) {
    if !s.ends_with('\n') {
        s.push('\n');
    }
}

/// Inline the page's `<style>` rules into `style` attributes, for mail clients that drop
/// style sheets. Nothing is fetched: css-inline is built without its network features.
fn inline_css(html: &str) -> Result<String> {
    let inliner = css_inline::CSSInliner::options()
        .load_remote_stylesheets(false)
        .keep_style_tags(false)
        .build();
    inliner
        .inline(html)
        .map_err(|e| Error::Other(format!("inlining the page's CSS: {e}")))
}

pub struct Renderer {
    markdown: Handlebars<'static>,
    html: Handlebars<'static>,
    text: Handlebars<'static>,
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
        let html = Handlebars::new();
        let mut text = Handlebars::new();
        text.register_escape_fn(escape_text);
        let mut registries = [markdown, html, text];
        for reg in &mut registries {
            reg.set_strict_mode(true);
            reg.set_prevent_indent(true);
            for (name, src, origin) in &sources {
                reg.register_template_string(name, src)
                    .map_err(|e| Error::Template {
                        name: match e.pos() {
                            Some((line, col)) => format!("{origin}, line {line}, column {col}"),
                            None => origin.clone(),
                        },
                        message: e.reason().to_string(),
                    })?;
            }
        }
        let [markdown, html, text] = registries;
        Ok(Renderer {
            markdown,
            html,
            text,
        })
    }

    /// Every format of one digest. `addresses` go into the `.eml`.
    pub fn render(
        &self,
        digest: &Digest,
        week: IsoWeek,
        addresses: &email::Addresses,
        presentation: Presentation,
    ) -> Result<Rendered> {
        let (view, sections) = view::build(digest, presentation);
        let context = Context {
            view: &view,
            sections,
        };
        let mut markdown = self
            .markdown
            .render("digest.md", &context)
            .map_err(|e| template_error("digest.md", e))?;
        ensure_final_newline(&mut markdown);
        let html_context = HtmlContext {
            context: &context,
            content: markdown_to_html(&markdown),
        };
        let page = self
            .html
            .render("digest.html", &html_context)
            .map_err(|e| template_error("digest.html", e))?;
        let mut html = inline_css(&page)?;
        ensure_final_newline(&mut html);
        let plain = self
            .text
            .render("digest.txt", &context)
            .map_err(|e| template_error("digest.txt", e))?;
        let mut text = mark_right_to_left(&plain);
        ensure_final_newline(&mut text);
        let subject = format!(
            "{} – {} ({})",
            view.title, view.week_label, view.range_label
        );
        let eml = email::message(week, &subject, &text, &html, addresses)?;
        let mut json =
            serde_json::to_string_pretty(&view).map_err(|e| Error::Other(format!("JSON: {e}")))?;
        json.push('\n');
        Ok(Rendered {
            markdown,
            html,
            text,
            eml,
            json,
            view,
        })
    }
}

impl Renderer {
    /// The output folder's `index.html` and `feed.xml` once `rendered` is written to it,
    /// to write in the same set as the week's files.
    pub fn archive(
        &self,
        dir: &Path,
        rendered: &Rendered,
        opts: &archive::ArchiveOptions,
        warnings: &mut Vec<String>,
    ) -> Result<Vec<(std::path::PathBuf, Vec<u8>)>> {
        archive::render(
            &self.html,
            dir,
            &rendered.view,
            &rendered.html,
            opts,
            warnings,
        )
    }
}

fn template_error(name: &str, e: handlebars::RenderError) -> Error {
    Error::Template {
        name: match (e.line_no, e.column_no) {
            (Some(line), Some(col)) => format!("{name}, line {line}, column {col}"),
            _ => name.to_owned(),
        },
        message: e.reason().to_string(),
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
