//! Crawler `.jsonl` files: one JSON object a line, each an article. A file is streamed
//! and judged line by line, whatever its size: a bad line (not JSON, not UTF-8, a NUL
//! byte, longer than [`MAX_LINE_BYTES`]) is named and skipped, the other lines are read.

use std::io::{self, BufRead, Read};

use rayon::prelude::*;

use super::{
    Article, Given, Warning, article::parse_article, article_from_html, decode::normalise_newlines,
};

/// A line longer than this is not an article; it is skipped without being held in memory.
pub const MAX_LINE_BYTES: usize = 64 * 1024 * 1024;

/// Lines parsed in parallel at a time: bounds the memory held besides the articles.
const CHUNK_LINES: usize = 2048;

fn json_str(obj: &serde_json::Map<String, serde_json::Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match obj.get(*k) {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    })
}

/// Every article of a `.jsonl` stream, in line order; bad lines become warnings.
pub(super) fn read_jsonl(
    mut reader: impl BufRead,
    display: &str,
    warnings: &mut Vec<Warning>,
) -> io::Result<Vec<Article>> {
    let mut feed = Feed {
        display,
        articles: Vec::new(),
        bad: 0,
    };
    let mut chunk: Vec<(usize, Vec<u8>)> = Vec::new();
    let mut n = 0;
    loop {
        n += 1;
        let mut line = Vec::new();
        let read = reader
            .by_ref()
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut line)?;
        if read == 0 {
            break;
        }
        if line.len() > MAX_LINE_BYTES && line.last() != Some(&b'\n') {
            skip_rest_of_line(&mut reader)?;
            warnings.push(line_warning(
                display,
                n,
                format!("longer than {} MB", MAX_LINE_BYTES >> 20),
            ));
            continue;
        }
        if n == 1 && line.starts_with(b"\xEF\xBB\xBF") {
            line.drain(..3);
        }
        if n == 1 && (line.starts_with(b"\xFF\xFE") || line.starts_with(b"\xFE\xFF")) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "UTF-16 text; JSON lines must be UTF-8 (convert the file); skipped",
            ));
        }
        chunk.push((n, line));
        if chunk.len() == CHUNK_LINES {
            feed.parse_chunk(std::mem::take(&mut chunk), warnings);
        }
    }
    feed.parse_chunk(chunk, warnings);
    Ok(feed.finish(warnings))
}

fn skip_rest_of_line(reader: &mut impl BufRead) -> io::Result<()> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        match buf.iter().position(|&b| b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(());
            }
            None => {
                let len = buf.len();
                reader.consume(len);
            }
        }
    }
}

fn line_warning(display: &str, n: usize, what: String) -> Warning {
    Warning {
        message: format!("{display}:{n}: {what}; line skipped"),
    }
}

/// Bad lines named one by one, per file; the rest are counted in one warning (a binary
/// file named `.jsonl` must not flood the cron mail).
const NAMED_BAD_LINES: usize = 10;

/// The lines of a file read so far: its articles and how many lines were bad.
struct Feed<'a> {
    display: &'a str,
    articles: Vec<Article>,
    bad: usize,
}

impl Feed<'_> {
    fn parse_chunk(&mut self, chunk: Vec<(usize, Vec<u8>)>, warnings: &mut Vec<Warning>) {
        let display = self.display;
        let results: Vec<(LineResult, Vec<Warning>)> = chunk
            .into_par_iter()
            .map(|(n, line)| {
                let mut w = Vec::new();
                let article = parse_line(&line, n, display, &mut w);
                (article, w)
            })
            .collect();
        for (article, mut w) in results {
            match article {
                Ok(a) => self.articles.extend(a),
                Err(bad) => {
                    self.bad += 1;
                    if self.bad <= NAMED_BAD_LINES {
                        warnings.push(bad);
                    }
                }
            }
            warnings.append(&mut w);
        }
    }

    fn finish(self, warnings: &mut Vec<Warning>) -> Vec<Article> {
        if self.bad > NAMED_BAD_LINES {
            warnings.push(Warning {
                message: format!(
                    "{}: {} more bad lines skipped ({} in all; is it JSON lines?)",
                    self.display,
                    self.bad - NAMED_BAD_LINES,
                    self.bad
                ),
            });
        }
        self.articles
    }
}

/// One line's article (`None` when blank), or what is wrong with the line.
type LineResult = Result<Option<Article>, Warning>;

/// One line: `Ok(None)` when blank, `Err` naming what is wrong with it.
fn parse_line(line: &[u8], n: usize, display: &str, warnings: &mut Vec<Warning>) -> LineResult {
    if line.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let fail = |what: String| Err(line_warning(display, n, what));
    if let Some(i) = line.iter().position(|&b| b == 0) {
        return fail(format!("a NUL byte at byte {}, not JSON", i + 1));
    }
    let text = match std::str::from_utf8(line) {
        Ok(t) => t,
        Err(e) => return fail(format!("invalid UTF-8 at byte {}", e.valid_up_to() + 1)),
    };
    let obj = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(o)) => o,
        Ok(_) => return fail("not a JSON object".into()),
        Err(e) => return fail(format!("invalid JSON ({e})")),
    };
    let path = format!("{display}#{n}");
    let given = Given {
        title: json_str(&obj, &["title"]),
        date_from: None,
        date: json_str(&obj, &["date", "published", "published_at"]),
        source: json_str(&obj, &["source", "site"]),
        url: json_str(&obj, &["url", "link"]),
        tags: match obj.get("tags") {
            Some(serde_json::Value::Array(a)) => a
                .iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        },
    };
    if let Some(html) = json_str(&obj, &["html", "raw_html"]) {
        // The page itself, read like an .html file; the crawler's own fields win.
        return Ok(Some(article_from_html(&html, &path, given, warnings)));
    }
    let Some(body) = json_str(&obj, &["text", "body", "content"]) else {
        return fail("no 'text', 'body', 'content' or 'html' field".into());
    };
    Ok(Some(parse_article(
        &path,
        given,
        &normalise_newlines(&body),
        warnings,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> (Vec<Article>, Vec<Warning>) {
        let mut w = Vec::new();
        let arts = read_jsonl(bytes, "feed.jsonl", &mut w).unwrap();
        (arts, w)
    }

    #[test]
    fn jsonl_lines_become_articles_and_bad_lines_are_reported() {
        let text = "{\"title\":\"أ\",\"text\":\"نص أول.\",\"date\":\"2024-05-28\"}\nnot json\n{\"body\":\"نص ثان.\"}\n";
        let (arts, w) = read(text.as_bytes());
        assert_eq!(arts.len(), 2);
        assert_eq!(arts[0].path, "feed.jsonl#1");
        assert_eq!(arts[1].path, "feed.jsonl#3");
        assert_eq!(w.len(), 1);
        assert!(w[0].message.starts_with("feed.jsonl:2:"));
    }

    #[test]
    fn a_file_of_bad_lines_names_ten_and_counts_the_rest() {
        let (arts, w) = read("not json\n".repeat(25).as_bytes());
        assert!(arts.is_empty());
        assert_eq!(w.len(), 11, "{w:?}");
        assert!(
            w[10]
                .message
                .starts_with("feed.jsonl: 15 more bad lines skipped (25 in all")
        );
        let mut w = Vec::new();
        let err = read_jsonl(&b"\xFF\xFE{\0}\0"[..], "u.jsonl", &mut w).unwrap_err();
        assert!(err.to_string().contains("UTF-16"), "{err}");
    }

    #[test]
    fn a_nul_line_or_bad_utf8_line_is_skipped_alone() {
        let ok = "{\"text\":\"نص.\"}\n";
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(ok.as_bytes());
        bytes.extend_from_slice(b"{\"text\":\"a\0b\"}\n\xff\xfe{}\r\n");
        bytes.extend_from_slice(ok.trim_end().as_bytes());
        let (arts, w) = read(&bytes);
        assert_eq!(arts.len(), 2, "{w:?}");
        assert_eq!(arts[1].path, "feed.jsonl#4");
        assert!(
            w[0].message.starts_with("feed.jsonl:2: a NUL byte"),
            "{w:?}"
        );
        assert!(
            w[1].message
                .starts_with("feed.jsonl:3: invalid UTF-8 at byte 1")
        );
    }
}

#[cfg(test)]
mod html_records {
    use super::*;

    #[test]
    fn a_record_with_the_page_keeps_its_own_fields_and_checks_its_date() {
        let page = "<html><head><meta property=\\\"article:published_time\\\" content=\\\"2024-05-20\\\"></head><body><h1>عنوان الصفحة</h1><p>أعلنت وزارة العمل اليوم عن برنامج جديد لتشغيل الشباب العاطلين عن العمل في المدن الكبرى، يبدأ الشهر المقبل.</p></body></html>";
        let line = format!(
            "{{\"title\":\"عنوان الزاحف\",\"date\":\"2024-05-28\",\"tags\":[\"عمل\"],\"html\":\"{page}\"}}\n{{\"date\":\"28-05-24\",\"html\":\"{page}\"}}\n"
        );
        let mut w = Vec::new();
        let a = read_jsonl(line.as_bytes(), "c.jsonl", &mut w).unwrap();
        assert_eq!(a[0].title.as_deref(), Some("عنوان الزاحف"));
        assert_eq!(a[0].date.unwrap().to_string(), "2024-05-28");
        assert_eq!(a[0].tags, vec!["عمل"]);
        // A two-digit year is refused with a warning, as in front matter.
        assert_eq!(a[1].date, None);
        assert!(
            w.iter()
                .any(|w| w.message.starts_with("c.jsonl#2: the given date")),
            "{w:?}"
        );
    }
}
