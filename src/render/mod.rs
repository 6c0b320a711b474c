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
mod templates;
pub mod view;

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
        // A byte order mark inside text is invisible but counts as a strong right-to-left
        // character for some readers: it goes.
        '\u{FEFF}' => None,
        c if c.is_control() => None,
        c => Some(c),
    }
}

/// Tokens longer than this many characters get break opportunities.
const LONG_TOKEN_CHARS: usize = 40;
/// …after a URL's punctuation, and at least every this many characters.
const BREAK_EVERY: usize = 20;

/// Give tokens longer than [`LONG_TOKEN_CHARS`] (a URL in a sentence, a run of letters)
/// zero-width break opportunities (U+200B) after URL punctuation and every [`BREAK_EVERY`]
/// characters, so no token makes a mail 3,000 px wide. A value that is one web address
/// and nothing else (a source's link in the text part) is left whole: it must stay usable.
pub fn break_long_tokens(s: &str) -> std::borrow::Cow<'_, str> {
    let t = s.trim();
    let lone_url =
        !t.contains(char::is_whitespace) && (t.starts_with("http://") || t.starts_with("https://"));
    let long = s
        .split_whitespace()
        .any(|w| w.len() > LONG_TOKEN_CHARS && w.chars().nth(LONG_TOKEN_CHARS).is_some());
    if lone_url || !long {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for (i, token) in s.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if token.chars().nth(LONG_TOKEN_CHARS).is_none() {
            out.push_str(token);
            continue;
        }
        let mut run = 0;
        let mut chars = token.chars().peekable();
        while let Some(c) = chars.next() {
            out.push(c);
            run = if c.is_whitespace() { 0 } else { run + 1 };
            let after_punct =
                matches!(c, '/' | '.' | '-' | '_' | '?' | '&' | '=' | '#' | ',' | ':');
            if chars.peek().is_some_and(|n| !n.is_whitespace())
                && c != '\\'
                && (run >= BREAK_EVERY || (after_punct && run >= 4))
            {
                out.push('\u{200B}');
                run = 0;
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Escape a value for Markdown: nothing in it can start a block, open inline markup, a
/// link, an autolink or raw HTML. Line breaks become spaces; long tokens get break
/// opportunities ([`break_long_tokens`]).
pub fn escape_markdown(s: &str) -> String {
    let broken = break_long_tokens(s);
    let s = broken.trim();
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
/// breaks made spaces, long tokens given break opportunities. Nothing else has meaning in
/// plain text.
pub fn escape_text(s: &str) -> String {
    break_long_tokens(s)
        .trim()
        .chars()
        .filter_map(inline_char)
        .collect()
}

/// Escape a value for HTML (handlebars' escaping), long tokens given break opportunities.
pub fn escape_html(s: &str) -> String {
    handlebars::html_escape(&break_long_tokens(s))
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
    warnings: Vec<String>,
    /// (template name, the file it came from).
    origins: Vec<(String, String)>,
}

/// One rendered format may not pass this size: a template looping over the stories
/// inside loops over the stories would otherwise fill the memory.
pub const MAX_OUTPUT_BYTES: usize = 32 * 1024 * 1024;

/// A writer that refuses to grow past [`MAX_OUTPUT_BYTES`].
struct Bounded(Vec<u8>);

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > MAX_OUTPUT_BYTES {
            return Err(std::io::Error::other(format!(
                "the output passes {} MB: does the template loop inside a loop?",
                MAX_OUTPUT_BYTES >> 20
            )));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One rendered format may take at most this long: loops inside loops that write nothing
/// are not stopped by [`MAX_OUTPUT_BYTES`]. A week's digest renders in milliseconds.
pub const MAX_RENDER_TIME: std::time::Duration = std::time::Duration::from_secs(20);

/// Render `name` into a string of at most [`MAX_OUTPUT_BYTES`], in at most
/// [`MAX_RENDER_TIME`]. It runs on its own thread; one that overruns is abandoned (the
/// build stops with an error and the process ends with it).
fn render_bounded<T: Serialize>(
    reg: &Handlebars<'static>,
    name: &str,
    data: &T,
) -> std::result::Result<String, handlebars::RenderError> {
    use handlebars::{RenderError, RenderErrorReason};
    let other = |m: String| RenderError::from(RenderErrorReason::Other(m));
    let data = serde_json::to_value(data).map_err(|e| other(e.to_string()))?;
    let (reg, name_owned) = (reg.clone(), name.to_owned());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let mut out = Bounded(Vec::new());
            let result = reg
                .render_to_write(&name_owned, &data, &mut out)
                // Templates and escaped values are UTF-8, and writes end on whole values.
                .map(|()| String::from_utf8_lossy(&out.0).into_owned());
            let _ = tx.send(result);
        })
        .map_err(|e| other(e.to_string()))?;
    match rx.recv_timeout(MAX_RENDER_TIME) {
        Ok(result) => result,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(other(format!(
            "rendering took longer than {} s: does the template loop inside a loop?",
            MAX_RENDER_TIME.as_secs()
        ))),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            Err(other("rendering stopped unexpectedly".to_owned()))
        }
    }
}

impl Renderer {
    /// The default templates, with any file of `user_dir` replacing or adding to them.
    /// Every template is checked here, before anything is rendered or written.
    pub fn new(user_dir: Option<&Path>) -> Result<Renderer> {
        let (sources, warnings) = templates::load(user_dir)?;
        let mut markdown = Handlebars::new();
        markdown.register_escape_fn(escape_markdown);
        let mut html = Handlebars::new();
        html.register_escape_fn(escape_html);
        let mut text = Handlebars::new();
        text.register_escape_fn(escape_text);
        let mut registries = [markdown, html, text];
        for reg in &mut registries {
            reg.set_strict_mode(true);
            reg.set_prevent_indent(true);
            for templates::Source { name, text, origin } in &sources {
                reg.register_template_string(name, text)
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
            warnings,
            origins: sources.into_iter().map(|s| (s.name, s.origin)).collect(),
        })
    }

    /// The file of the template a render error happened in (`fallback` if unknown).
    fn origin(&self, e: &handlebars::RenderError, fallback: &str) -> String {
        let name = e.template_name.as_deref().unwrap_or(fallback);
        self.origins
            .iter()
            .find(|(n, _)| n == name)
            .map_or_else(|| name.to_owned(), |(_, o)| o.clone())
    }

    /// Problems with the user's template folder that do not stop a build (a file no
    /// template uses).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
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
        let template_error = |name: &str, e: handlebars::RenderError| Error::Template {
            // The template the error is in (a partial, say), by its file.
            name: match (e.line_no, e.column_no) {
                (Some(line), Some(col)) => {
                    format!("{}, line {line}, column {col}", self.origin(&e, name))
                }
                _ => self.origin(&e, name),
            },
            message: e.reason().to_string(),
        };
        let mut markdown = render_bounded(&self.markdown, "digest.md", &context)
            .map_err(|e| template_error("digest.md", e))?;
        ensure_final_newline(&mut markdown);
        let html_context = HtmlContext {
            context: &context,
            content: markdown_to_html(&markdown),
        };
        let page = render_bounded(&self.html, "digest.html", &html_context)
            .map_err(|e| template_error("digest.html", e))?;
        let mut html = inline_css(&page)?;
        ensure_final_newline(&mut html);
        let plain = render_bounded(&self.text, "digest.txt", &context)
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
