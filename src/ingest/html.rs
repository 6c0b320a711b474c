//! HTML pages (`.html`, `.htm`) and HTML fragments (a crawler's `html` field, a feed item's
//! content).
//!
//! A page says a lot about itself, in order of trust: JSON-LD (`NewsArticle`, `headline`,
//! `datePublished`, `publisher.name`), OpenGraph and `article:published_time`, `<meta>` date
//! tags, `<time datetime>`, the canonical URL (dates in its path), `<h1>`, `og:site_name`.
//! A "modified" date is never a publication date. The article itself is taken with a
//! readability extractor (dom_smoothie); when that finds nothing usable, the whole page is
//! read as a text dump and the article found in it by the furniture filter. Everything the
//! page says is untrusted text: it goes through the same cleaning and escaping as any file.

use std::path::Path;

use scraper::{ElementRef, Html, Node, Selector};

use super::{Article, DateFrom, Given, Warning, clean, dates, decode, parse_article, url_date};

use crate::error::Result;

/// One `.html` page as one article.
pub(super) fn read(
    bytes: &[u8],
    path: &Path,
    display: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Article> {
    let html = decode_html(bytes, path, warnings)?;
    Ok(article_from_html(
        &html,
        display,
        Given::default(),
        warnings,
    ))
}

/// An HTML page (already decoded) as an article. `record` is what a crawler saved with the
/// page: its title, date, source and tags win over what the page states, its url is used
/// when the page names none; everything goes through [`parse_article`]'s checks.
pub fn article_from_html(
    html: &str,
    display: &str,
    record: Given,
    warnings: &mut Vec<Warning>,
) -> Article {
    if nesting_depth(html) > MAX_DEPTH {
        // Parsers slow down with the square of the nesting: read such a page as text.
        warnings.push(Warning {
            message: format!(
                "{display}: elements nested deeper than {MAX_DEPTH}; read as plain text"
            ),
        });
        return parse_article(display, record, &strip_tags(html), warnings);
    }
    let doc = Html::parse_document(html);
    let meta = PageMeta::read(&doc);
    let page_text = element_text(doc.root_element());
    let title = meta.title().or_else(|| {
        // No stated headline: the page's own header as the text path reads it, checked
        // against the guess from `<h1>`/`<title>` when there is one.
        let seen = clean::clean(&page_text, None, None).title;
        let weak = meta.weak_title();
        match (seen, weak) {
            (Some(s), Some(w)) if letters(&w).contains(&letters(&s)) => Some(s),
            (_, Some(w)) => Some(w),
            (s, None) => s,
        }
    });
    let (title, site_in_title) = match title.map(|t| visible_headline(&t, &page_text)) {
        Some((t, site)) => (Some(t), site),
        None => (None, None),
    };
    let url = meta.url.clone().or(record.url);
    let (date, date_from) = match (record.date, meta.date()) {
        (Some(d), _) => (Some(d), record.date_from),
        (None, Some(d)) => (Some(d), Some(DateFrom::Metadata)),
        (None, None) => match url.as_deref().and_then(url_date) {
            Some(d) => (Some(d.to_string()), Some(DateFrom::Url)),
            None => (None, None),
        },
    };
    let body = main_text(html, url.as_deref())
        .filter(|t| t.chars().filter(|c| c.is_alphabetic()).count() >= 200)
        .unwrap_or_else(|| page_text.clone());
    let mut given = Given {
        title: record.title.or(title),
        date,
        date_from,
        source: record
            .source
            .or(meta.publisher.clone())
            .or(meta.site_name.clone())
            .or(site_in_title),
        url,
        tags: record.tags,
    };
    if given.date.is_none() {
        // No stated date: the date line under the headline on the page itself.
        let seen = clean::clean(&page_text, given.title.as_deref(), None);
        if let Some((d, from)) = seen.header_date {
            given.date = Some(d.to_string());
            given.date_from = Some(from);
        }
    }
    parse_article(display, given, &body, warnings)
}

/// The headline as the page shows it: a stated headline that carries the site's name
/// ("عنوان الخبر - صحيفة الوطن") is cut to the part the page shows as a line of its own.
/// The part cut off is the site's name, returned too.
fn visible_headline(title: &str, page_text: &str) -> (String, Option<String>) {
    let shown = |t: &str| {
        let k = letters(t);
        page_text
            .lines()
            .find(|l| !k.is_empty() && letters(l) == k)
            .map(str::trim)
    };
    if let Some(line) = shown(title) {
        return (line.to_owned(), None);
    }
    for sep in [" | ", " - ", " – ", " — ", " :: ", " » "] {
        if let Some((head, tail)) = title.rsplit_once(sep)
            && let Some(line) = shown(head)
        {
            let site = (tail.split_whitespace().count() <= 4).then(|| tail.trim().to_owned());
            return (line.to_owned(), site);
        }
    }
    (title.to_owned(), None)
}

/// Deeper than any real page: a hostile or broken one.
const MAX_DEPTH: usize = 1000;

/// The deepest nesting of elements, counted roughly from the tags (void and
/// self-closed elements do not nest).
fn nesting_depth(html: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "!doctype", "!--",
    ];
    let (mut depth, mut max) = (0usize, 0usize);
    for tag in html.split('<').skip(1) {
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!' || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || VOID.contains(&name.as_str()) {
            continue;
        }
        let self_closed = tag.split('>').next().is_some_and(|t| t.ends_with('/'));
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closed {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Text with every tag replaced by a line break (entities are decoded later, with the
/// rest of the text).
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push('\n');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Decode a page: BOM, then the charset the page declares (when the bytes agree), then
/// the detection every text file gets.
pub(crate) fn decode_html(
    bytes: &[u8],
    path: &Path,
    warnings: &mut Vec<Warning>,
) -> Result<String> {
    if encoding_rs::Encoding::for_bom(bytes).is_none()
        && std::str::from_utf8(bytes).is_err()
        && let Some(enc) = declared_charset(bytes)
        && enc != encoding_rs::UTF_8
    {
        let (text, _, _) = enc.decode(bytes);
        return Ok(decode::normalise_newlines(&text));
    }
    Ok(decode::normalise_newlines(&decode::decode_noting(
        bytes, path, warnings,
    )?))
}

/// `<meta charset=…>` or `content="text/html; charset=…"` in the first 4 KiB.
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "-_:.".contains(*c))
        .collect();
    encoding_rs::Encoding::for_label(label.as_bytes())
}

/// The article's text as lines, by the readability extractor; `None` when it finds none.
fn main_text(html: &str, url: Option<&str>) -> Option<String> {
    let cfg = dom_smoothie::Config {
        max_elements_to_parse: 100_000,
        ..Default::default()
    };
    let url = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let mut reader = dom_smoothie::Readability::new(html, url, Some(cfg)).ok()?;
    let article = reader.parse().ok()?;
    Some(fragment_to_text(&article.content))
}

/// An HTML fragment as plain text: one line per block element or `<br>`, scripts, styles
/// and forms dropped, entities decoded, spaces collapsed inside a line.
pub fn fragment_to_text(html: &str) -> String {
    element_text(Html::parse_fragment(html).root_element())
}

/// Elements whose text is never part of what a reader reads.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "select", "head", "textarea",
    "button", "object", "embed", "canvas", "audio", "video", "math", "option",
];

/// Elements that start and end a line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "dl",
    "hr",
    "form",
    "address",
    "title",
    "body",
    "caption",
    "center",
    "details",
    "summary",
    "label",
];

/// The text below `root` as lines (iterative walk: a deeply nested page cannot overflow
/// the stack).
fn element_text(root: ElementRef) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let flush = |line: &mut String, lines: &mut Vec<String>| {
        let collapsed = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !collapsed.is_empty() {
            lines.push(collapsed);
        }
        line.clear();
    };
    // (node, entering): a block element is visited again on leaving to end its line.
    let mut stack = vec![(*root, true)];
    while let Some((node, entering)) = stack.pop() {
        match node.value() {
            Node::Text(t) if entering => line.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                if SKIPPED.contains(&name) {
                    continue;
                }
                let block = BLOCKS.contains(&name);
                if block {
                    flush(&mut line, &mut lines);
                }
                if entering {
                    if block {
                        stack.push((node, false));
                    }
                    for child in node.children().rev() {
                        stack.push((child, true));
                    }
                }
            }
            Node::Document | Node::Fragment if entering => {
                for child in node.children().rev() {
                    stack.push((child, true));
                }
            }
            _ => {}
        }
        if !entering {
            continue;
        }
        if matches!(node.value(), Node::Element(e) if e.name() == "br") {
            flush(&mut line, &mut lines);
        }
    }
    flush(&mut line, &mut lines);
    lines.join("\n")
}

/// What a page states about itself.
#[derive(Debug, Default)]
struct PageMeta {
    /// Headline from JSON-LD, then OpenGraph/Twitter title.
    headlines: Vec<String>,
    h1: Vec<String>,
    title_tag: Option<String>,
    /// Publication dates, most trusted first.
    dates: Vec<String>,
    publisher: Option<String>,
    site_name: Option<String>,
    url: Option<String>,
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let sel = Selector::parse(css).expect("selector is valid");
    doc.select(&sel).collect()
}

fn attr(e: &ElementRef, name: &str) -> Option<String> {
    e.value()
        .attr(name)
        .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|v| !v.is_empty())
}

/// `<meta>` tags whose name or property is one of `keys` (compared case-insensitively).
fn meta_values(doc: &Html, keys: &[&str]) -> Vec<String> {
    let metas = select(doc, "meta");
    let mut out = Vec::new();
    for key in keys {
        for e in &metas {
            let named = ["name", "property", "itemprop"].iter().any(|a| {
                e.value()
                    .attr(a)
                    .is_some_and(|v| v.split_whitespace().any(|w| w.eq_ignore_ascii_case(key)))
            });
            if named && let Some(v) = attr(e, "content") {
                out.push(v);
            }
        }
    }
    out
}

impl PageMeta {
    fn read(doc: &Html) -> PageMeta {
        let mut meta = PageMeta::default();
        for script in select(doc, r#"script[type="application/ld+json"]"#) {
            let raw: String = script.text().collect();
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(raw.trim()) {
                meta.read_json_ld(&v, 0);
            }
        }
        // Microdata: the element marked as the headline.
        for e in select(doc, r#"[itemprop~="headline"]"#) {
            let text = attr(&e, "content").unwrap_or_else(|| {
                e.text()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            if !text.is_empty() && e.value().name() != "meta" {
                meta.h1.push(text.clone());
            }
            if !text.is_empty() {
                meta.headlines.push(text);
            }
        }
        meta.headlines
            .extend(meta_values(doc, &["og:title", "twitter:title"]));
        meta.dates.extend(meta_values(
            doc,
            &[
                "article:published_time",
                "og:published_time",
                "datePublished",
                "date",
                "pubdate",
                "publishdate",
                "publish-date",
                "publication_date",
                "dc.date.issued",
                "dc.date",
                "dcterms.issued",
                "dcterms.created",
                "sailthru.date",
                "parsely-pub-date",
                "article.published",
                "published_time",
                "nv:date",
            ],
        ));
        // RDFa and microdata on any element: <span property="dc:date" content="…">.
        for e in select(
            doc,
            "[property][content], [itemprop][content], [itemprop][datetime]",
        ) {
            let names = format!(
                "{} {}",
                e.value().attr("property").unwrap_or(""),
                e.value().attr("itemprop").unwrap_or("")
            )
            .to_ascii_lowercase();
            let published = [
                "dc:date",
                "dc:created",
                "dcterms:created",
                "dcterms:issued",
                "datepublished",
                "schema:datepublished",
            ]
            .iter()
            .any(|n| names.split_whitespace().any(|w| w == *n));
            if published
                && e.value().name() != "meta"
                && let Some(v) = attr(&e, "content").or_else(|| attr(&e, "datetime"))
            {
                meta.dates.push(v);
            }
        }
        meta.dates.extend(publication_time(doc));
        meta.h1 = select(doc, "h1")
            .iter()
            .map(|h| h.text().collect::<Vec<_>>().join(" "))
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|t| !t.is_empty())
            .collect();
        meta.title_tag = select(doc, "title")
            .first()
            .map(|t| {
                t.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .filter(|t| !t.is_empty());
        meta.site_name = meta
            .site_name
            .take()
            .or_else(|| meta_values(doc, &["og:site_name"]).into_iter().next());
        if meta.url.is_none() {
            meta.url = select(doc, r#"link[rel="canonical"]"#)
                .first()
                .and_then(|l| attr(l, "href"))
                .or_else(|| meta_values(doc, &["og:url"]).into_iter().next());
        }
        meta
    }

    fn read_json_ld(&mut self, v: &serde_json::Value, depth: usize) {
        use serde_json::Value;
        if depth > 6 {
            return;
        }
        match v {
            Value::Array(items) => items.iter().for_each(|i| self.read_json_ld(i, depth + 1)),
            Value::Object(o) => {
                if let Some(graph) = o.get("@graph") {
                    self.read_json_ld(graph, depth + 1);
                }
                let is_article = match o.get("@type") {
                    Some(Value::String(t)) => is_article_type(t),
                    Some(Value::Array(ts)) => {
                        ts.iter().any(|t| t.as_str().is_some_and(is_article_type))
                    }
                    _ => false,
                };
                if !is_article {
                    return;
                }
                let s = |k: &str| {
                    o.get(k)
                        .and_then(Value::as_str)
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                };
                if let Some(h) = s("headline").or_else(|| s("name")) {
                    self.headlines.insert(0, h.to_owned());
                }
                if let Some(d) = s("datePublished").or_else(|| s("dateCreated")) {
                    self.dates.insert(0, d.to_owned());
                }
                let publisher = match o.get("publisher") {
                    Some(Value::Object(p)) => p.get("name").and_then(Value::as_str),
                    Some(Value::String(p)) => Some(p.as_str()),
                    _ => None,
                };
                if let Some(p) = publisher.map(str::trim).filter(|p| !p.is_empty()) {
                    self.publisher.get_or_insert_with(|| p.to_owned());
                }
                if let Some(u) = s("url").filter(|u| u.starts_with("http")) {
                    self.url.get_or_insert_with(|| u.to_owned());
                }
            }
            _ => {}
        }
    }

    /// The first stated publication date that parses.
    fn date(&self) -> Option<String> {
        self.dates
            .iter()
            .find(|d| dates::parse_date_value(d).is_some())
            .cloned()
    }

    /// The headline the page states: the visible `<h1>` that the metadata confirms, else
    /// the metadata's headline (without a site-name suffix). `None` when only a guess is
    /// left ([`PageMeta::weak_title`]).
    fn title(&self) -> Option<String> {
        for h in &self.headlines {
            let hk = letters(h);
            if hk.is_empty() {
                continue;
            }
            if let Some(h1) = self.h1.iter().find(|h1| {
                let k = letters(h1);
                !k.is_empty() && (k == hk || (hk.starts_with(&k) && k.len() * 5 >= hk.len() * 4))
            }) {
                return Some(h1.clone());
            }
        }
        self.headlines.first().map(|h| self.strip_site(h, false))
    }

    /// A guess from a page that states no headline: the longest `<h1>`, else `<title>`
    /// without the site's name.
    fn weak_title(&self) -> Option<String> {
        if let Some(h1) = self
            .h1
            .iter()
            .filter(|h| h.split_whitespace().count() >= 3)
            .max_by_key(|h| h.split_whitespace().count())
        {
            return Some(h1.clone());
        }
        self.title_tag.as_deref().map(|t| self.strip_site(t, true))
    }

    /// "عنوان الخبر - اسم الموقع" → "عنوان الخبر" when the tail names the site.
    /// A `<title>` (`tag`) nearly always ends with the site's name: any short tail goes.
    fn strip_site(&self, title: &str, tag: bool) -> String {
        for sep in [" | ", " :: ", " - ", " – ", " — ", " » "] {
            if let Some((head, tail)) = title.rsplit_once(sep) {
                let tail_is_site = self
                    .site_name
                    .iter()
                    .chain(self.publisher.iter())
                    .any(|s| s.trim() == tail.trim());
                let short = tail.split_whitespace().count() <= 4;
                if tail_is_site || (short && (tag || sep == " | " || sep == " :: ")) {
                    return head.trim().to_owned();
                }
            }
        }
        title.to_owned()
    }
}

/// Letters and digits only: two spellings of one headline compare equal.
fn letters(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The `<time datetime>` that dates the article: one marked as the publication time
/// (`pubdate`, a "published"/"entry-date" class), or the page's only `<time>`. Others date
/// comments, related stories and updates.
fn publication_time(doc: &Html) -> Option<String> {
    let times = select(doc, "time[datetime]");
    let marked = times.iter().find(|t| {
        let e = t.value();
        let class = e.attr("class").unwrap_or("").to_ascii_lowercase();
        e.attr("pubdate").is_some()
            || [
                "publish",
                "entry-date",
                "post-date",
                "created",
                "date-posted",
            ]
            .iter()
            .any(|c| class.contains(c))
    });
    let only = (times.len() == 1).then(|| times[0]);
    let t = marked.or(only.as_ref())?;
    let class = t.value().attr("class").unwrap_or("").to_ascii_lowercase();
    if class.contains("modif") || class.contains("updat") {
        return None;
    }
    attr(t, "datetime")
}

fn is_article_type(t: &str) -> bool {
    t.ends_with("Article") || t == "BlogPosting" || t == "Report" || t == "LiveBlogPosting"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(head: &str, body: &str) -> String {
        format!(
            "<!doctype html><html lang=ar dir=rtl><head><meta charset=utf-8>{head}</head><body>{body}</body></html>"
        )
    }

    const PARAS: &str = "<p>أعلنت وزارة العمل اليوم عن برنامج جديد لتشغيل الشباب العاطلين عن العمل في المدن الكبرى، يستهدف عشرة آلاف باحث عن عمل خلال العام المقبل.</p>\
<p>وقال وزير العمل في مؤتمر صحفي إن البرنامج يمول من صندوق التشغيل الوطني بالشراكة مع القطاع الخاص، وإن التسجيل يبدأ الشهر المقبل عبر المنصة الإلكترونية.</p>\
<p>ورحب الاتحاد العام للنقابات بالمبادرة، مطالبا بضمانات تحمي حقوق المتدربين وأجورهم خلال فترة التدريب التي تمتد ستة أشهر.</p>";

    #[test]
    fn json_ld_gives_headline_date_and_publisher_and_h1_keeps_its_quotes() {
        let head = r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"موقع"},{"@type":"NewsArticle","headline":"الوزارة تطلق برنامج تشغيل","datePublished":"2025-03-14T23:40:00+03:00","dateModified":"2025-03-20T10:00:00+03:00","publisher":{"@type":"Organization","name":"صحيفة الأمل"}}]}</script>"#;
        let body = format!(
            r#"<header><h1 class="logo">صحيفة الأمل</h1><nav><a>الرئيسية</a><a>محليات</a></nav></header><article><h1>«الوزارة» تطلق برنامج تشغيل</h1>{PARAS}</article>"#
        );
        let a = article_from_html(
            &page(head, &body),
            "p.html",
            Given::default(),
            &mut Vec::new(),
        );
        assert_eq!(a.title.as_deref(), Some("«الوزارة» تطلق برنامج تشغيل"));
        // The date as written in its own offset, not converted to UTC.
        assert_eq!(a.date.unwrap().to_string(), "2025-03-14");
        assert_eq!(a.date_from, Some(DateFrom::Metadata));
        assert_eq!(a.source.as_deref(), Some("صحيفة الأمل"));
        assert_eq!(a.sentence_count(), 3);
        assert!(a.sentences().all(|s| !s.contains("الرئيسية")));
    }

    #[test]
    fn modified_dates_are_not_publication_dates_and_the_url_path_is() {
        let head = r#"<meta property="article:modified_time" content="2024-06-01T10:00:00Z"><meta property="og:title" content="عمال الموانئ.. إضراب مفتوح | الموقع"><link rel="canonical" href="https://example.org/news/2024/5/27/strike">"#;
        let body = format!(
            r#"<div id="content"><time class="updated" datetime="2024-06-01">1 يونيو</time>{PARAS}</div>"#
        );
        let a = article_from_html(
            &page(head, &body),
            "p.html",
            Given::default(),
            &mut Vec::new(),
        );
        assert_eq!(a.date.unwrap().to_string(), "2024-05-27");
        assert_eq!(a.date_from, Some(DateFrom::Url));
        assert_eq!(a.title.as_deref(), Some("عمال الموانئ.. إضراب مفتوح"));
    }

    #[test]
    fn a_stated_headline_with_the_site_name_is_cut_to_the_one_the_page_shows() {
        let head = r#"<meta property="og:title" content="إضراب عمال النظافة يدخل يومه الثالث - صحيفة الوطن">"#;
        let body = format!(
            r#"<div class="title-post">إضراب عمال النظافة يدخل يومه الثالث</div><div class="content">{PARAS}</div>"#
        );
        let a = article_from_html(
            &page(head, &body),
            "p.html",
            Given::default(),
            &mut Vec::new(),
        );
        assert_eq!(
            a.title.as_deref(),
            Some("إضراب عمال النظافة يدخل يومه الثالث")
        );
    }

    #[test]
    fn windows_1256_page_declared_in_meta_is_decoded() {
        let html = page("<meta charset=\"windows-1256\"><title>خبر</title>", PARAS);
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(&html);
        assert!(!unmappable);
        let text = decode_html(&bytes, Path::new("p.html"), &mut Vec::new()).unwrap();
        assert!(text.contains("وزارة العمل"));
    }

    #[test]
    fn fragments_become_lines_without_scripts_or_markup() {
        let t = fragment_to_text(
            "<p>سطر <b>أول</b></p><script>alert(1)</script><p>سطر<br>ثان &amp; ثالث</p>",
        );
        assert_eq!(t, "سطر أول\nسطر\nثان & ثالث");
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        let html = "<div>".repeat(900) + "نص" + &"</div>".repeat(900);
        assert_eq!(fragment_to_text(&html), "نص");
    }

    #[test]
    fn a_page_nested_deeper_than_any_real_one_is_read_as_text() {
        let html = "<div>".repeat(50_000) + PARAS + &"</div>".repeat(50_000);
        assert!(nesting_depth(&html) > MAX_DEPTH);
        let mut w = Vec::new();
        let a = article_from_html(&html, "deep.html", Given::default(), &mut w);
        assert_eq!(a.sentence_count(), 3);
        assert!(
            w[0].message
                .starts_with("deep.html: elements nested deeper")
        );
    }
}
