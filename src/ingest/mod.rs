//! Ingest: files on disk to [`Article`]s.
//!
//! Reads `.txt` and `.md` files (UTF-8 with or without BOM, UTF-16 with BOM, or a legacy
//! Arabic encoding such as Windows-1256, detected) and crawler `.jsonl` files, splits off
//! YAML (`---`) or TOML (`+++`) front matter, strips web boilerplate and finds the title,
//! source, place and publication date. Gives articles whose body is split into sentences.

pub mod clean;
pub mod dates;

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::text::{self, SplitOptions};

/// Where an article's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateFrom {
    FrontMatter,
    Labelled,
    Text,
}

/// One article, cleaned.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    /// The path as the user gave it (with `#N` for line N of a `.jsonl` file).
    pub path: String,
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub date_from: Option<DateFrom>,
    pub source: Option<String>,
    pub place: Option<String>,
    pub url: Option<String>,
    pub tags: Vec<String>,
    /// The cleaned body text.
    pub body: String,
    /// Sentences of the body (the title excluded).
    pub sentences: Vec<String>,
    /// Lines dropped as boilerplate or taken as metadata.
    pub removed: Vec<String>,
}

/// Metadata given with the text: front matter or a crawler's JSON fields.
#[derive(Debug, Default, Clone)]
pub struct Given {
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub tags: Vec<String>,
}

/// A problem with one input that does not stop the others.
#[derive(Debug)]
pub struct Warning {
    pub message: String,
}

/// Decode file bytes: BOM first, then UTF-8, then a detected legacy encoding (chardetng;
/// Windows-1256 and ISO-8859-6 for Arabic). Bytes that hold NUL bytes or decode to many
/// control characters are not text.
pub fn decode(bytes: &[u8], path: &Path) -> Result<String> {
    decode_noting(bytes, path, &mut Vec::new())
}

/// [`decode`], with a warning when a UTF-8 file holds a few invalid bytes (they become
/// U+FFFD rather than turning the whole file into mojibake).
pub fn decode_noting(bytes: &[u8], path: &Path, warnings: &mut Vec<Warning>) -> Result<String> {
    let binary = || Error::Binary {
        path: path.to_owned(),
    };
    let text = if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        enc.decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned()
    } else if bytes.contains(&0) {
        return Err(binary());
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(e) => {
                let lossy = String::from_utf8_lossy(bytes);
                let bad = lossy.chars().filter(|&c| c == '\u{FFFD}').count();
                let total = lossy.chars().count().max(1);
                // A few bad bytes in a UTF-8 file; a legacy encoding read as UTF-8 fails
                // on nearly every Arabic letter instead.
                if bad * 20 < total {
                    warnings.push(Warning {
                        message: format!(
                            "{}: invalid UTF-8 from byte {} ({bad} bad sequence(s) replaced)",
                            path.display(),
                            e.valid_up_to()
                        ),
                    });
                    lossy.into_owned()
                } else {
                    let mut det =
                        chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                    det.feed(bytes, true);
                    let enc = det.guess(None, chardetng::Utf8Detection::Deny);
                    enc.decode(bytes).0.into_owned()
                }
            }
        }
    };
    if text.contains('\0') || looks_binary(&text) {
        return Err(binary());
    }
    Ok(text)
}

/// More than one character in twenty is a control character or a decoding failure.
fn looks_binary(text: &str) -> bool {
    let (mut total, mut bad) = (0usize, 0usize);
    for c in text.chars().take(64 * 1024) {
        total += 1;
        let control = c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}');
        if c == '\u{FFFD}' || control {
            bad += 1;
        }
    }
    bad * 20 > total
}

fn normalise_newlines(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// Split off front matter: (given metadata, body, line number where the body starts).
pub fn split_front_matter(text: &str, path: &Path) -> Result<(Given, String)> {
    let (marker, format) = if text.starts_with("---\n") {
        ("---", "YAML")
    } else if text.starts_with("+++\n") {
        ("+++", "TOML")
    } else {
        return Ok((Given::default(), text.to_owned()));
    };
    let rest = &text[4..];
    let mut offset = 0;
    let mut block_end = None;
    for line in rest.split_inclusive('\n') {
        let l = line.trim_end();
        if l == marker || (format == "YAML" && l == "...") {
            block_end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((end, body_start)) = block_end else {
        return Err(Error::FrontMatter {
            path: path.to_owned(),
            line: 1,
            format,
            message: format!("opened with '{marker}' on line 1 but never closed"),
        });
    };
    let block = &rest[..end];
    let given = if format == "YAML" {
        parse_yaml(block, path)?
    } else {
        parse_toml(block, path)?
    };
    Ok((given, rest[body_start..].to_owned()))
}

fn front_matter_error(
    path: &Path,
    line: usize,
    format: &'static str,
    message: impl ToString,
) -> Error {
    Error::FrontMatter {
        path: path.to_owned(),
        line,
        format,
        message: message.to_string(),
    }
}

fn parse_yaml(block: &str, path: &Path) -> Result<Given> {
    use serde_norway::Value;
    if block.trim().is_empty() {
        return Ok(Given::default());
    }
    let value: Value = serde_norway::from_str(block).map_err(|e| {
        // The block starts on line 2 of the file: lines in the parser's message too.
        let line = e.location().map_or(2, |l| l.line() + 1);
        front_matter_error(path, line, "YAML", shift_line_numbers(&e.to_string(), 1))
    })?;
    let Value::Mapping(map) = value else {
        return Err(front_matter_error(
            path,
            2,
            "YAML",
            "expected 'key: value' lines",
        ));
    };
    let mut given = Given::default();
    for (k, v) in map {
        let Some(key) = k.as_str() else { continue };
        let scalar = match &v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        };
        match key {
            "tags" | "keywords" => {
                given.tags = match v {
                    Value::Sequence(seq) => seq
                        .iter()
                        .filter_map(|t| match t {
                            Value::String(s) => Some(s.clone()),
                            Value::Number(n) => Some(n.to_string()),
                            _ => None,
                        })
                        .collect(),
                    Value::String(s) => split_tags(&s),
                    _ => Vec::new(),
                }
            }
            _ => assign(&mut given, key, scalar),
        }
    }
    Ok(given)
}

/// "… at line 2 column 5" → "… at line 3 column 5": a parser's lines, counted in the file.
fn shift_line_numbers(message: &str, by: usize) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find("line ") {
        out.push_str(&rest[..i + 5]);
        rest = &rest[i + 5..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        match rest[..digits].parse::<usize>() {
            Ok(n) => out.push_str(&(n + by).to_string()),
            Err(_) => out.push_str(&rest[..digits]),
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
}

fn parse_toml(block: &str, path: &Path) -> Result<Given> {
    let table: toml::Table = toml::from_str(block).map_err(|e| {
        let line = e.span().map_or(2, |span| {
            block[..span.start.min(block.len())].matches('\n').count() + 2
        });
        front_matter_error(path, line, "TOML", e.message())
    })?;
    let mut given = Given::default();
    for (key, v) in table {
        let scalar = match &v {
            toml::Value::String(s) => Some(s.clone()),
            toml::Value::Datetime(d) => Some(d.to_string()),
            toml::Value::Integer(i) => Some(i.to_string()),
            _ => None,
        };
        match key.as_str() {
            "tags" | "keywords" => {
                given.tags = match v {
                    toml::Value::Array(a) => a
                        .iter()
                        .filter_map(|t| t.as_str().map(str::to_owned))
                        .collect(),
                    toml::Value::String(s) => split_tags(&s),
                    _ => Vec::new(),
                }
            }
            _ => assign(&mut given, &key, scalar),
        }
    }
    Ok(given)
}

fn split_tags(s: &str) -> Vec<String> {
    s.split([',', '،'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

fn assign(given: &mut Given, key: &str, value: Option<String>) {
    let value = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    match key {
        "title" => given.title = value,
        "date" | "published" | "published_at" | "pubdate" => {
            given.date = given.date.take().or(value)
        }
        "source" | "site" | "publisher" => given.source = value,
        "url" | "link" => given.url = value,
        _ => {}
    }
}

/// "عنوان الخبر | الجزيرة نت" → ("عنوان الخبر", "الجزيرة نت"): scraped titles often end
/// with the site's name after a bar. Only a bar, and only a short name, is taken.
fn split_site_suffix(title: &str) -> (String, Option<String>) {
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

/// Files larger than this are not articles (a log, a dump): skipped with a warning.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Read one file: a text article, or every line of a `.jsonl` file.
pub fn read_file(path: &Path, display: &str, warnings: &mut Vec<Warning>) -> Result<Vec<Article>> {
    let meta = fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(Error::Other(format!(
            "{}: not a regular file; skipped",
            path.display()
        )));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::Other(format!(
            "{}: {} MB is larger than an article can be ({} MB); skipped",
            path.display(),
            meta.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let bytes = fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = normalise_newlines(&decode_noting(&bytes, path, warnings)?);
    if path.extension().is_some_and(|e| e == "jsonl") {
        return Ok(read_jsonl(&text, display, warnings));
    }
    let (given, body) = split_front_matter(&text, path)?;
    Ok(vec![parse_article(display, given, &body, warnings)])
}

fn json_str(obj: &serde_json::Map<String, serde_json::Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match obj.get(*k) {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    })
}

fn read_jsonl(text: &str, display: &str, warnings: &mut Vec<Warning>) -> Vec<Article> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let n = i + 1;
        let obj = match serde_json::from_str::<serde_json::Value>(line) {
            Ok(serde_json::Value::Object(o)) => o,
            Ok(_) => {
                warnings.push(Warning {
                    message: format!("{display}:{n}: not a JSON object; line skipped"),
                });
                continue;
            }
            Err(e) => {
                warnings.push(Warning {
                    message: format!("{display}:{n}: invalid JSON ({e}); line skipped"),
                });
                continue;
            }
        };
        let Some(body) = json_str(&obj, &["text", "body", "content"]) else {
            warnings.push(Warning {
                message: format!(
                    "{display}:{n}: no 'text', 'body' or 'content' field; line skipped"
                ),
            });
            continue;
        };
        let given = Given {
            title: json_str(&obj, &["title"]),
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
        out.push(parse_article(
            &format!("{display}#{n}"),
            given,
            &normalise_newlines(&body),
            warnings,
        ));
    }
    out
}

fn is_input_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("txt" | "md" | "jsonl")
    )
}

/// Every input file below `dir`, in sorted order (hidden files and folders skipped).
/// Symbolic links to folders are not followed, so a link loop cannot trap the walk; a
/// sub-folder that cannot be read is a warning. Only the top folder must be readable.
pub fn list_inputs(dir: &Path, warnings: &mut Vec<Warning>) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let entries = match fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) if d != dir => {
                warnings.push(Warning {
                    message: format!("{}: {e}; folder skipped", d.display()),
                });
                continue;
            }
            Err(e) => return Err(Error::io(&d, e)),
        };
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    warnings.push(Warning {
                        message: format!("{}: {e}; entry skipped", d.display()),
                    });
                    continue;
                }
            };
            let p = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            match entry.file_type() {
                Ok(ft) if ft.is_dir() => stack.push(p),
                Ok(_) if is_input_file(&p) => out.push(p),
                Ok(_) => {}
                Err(e) => warnings.push(Warning {
                    message: format!("{}: {e}; skipped", p.display()),
                }),
            }
        }
    }
    out.sort();
    Ok(out)
}

/// All articles below `dir`, read in parallel and returned in path order; files that
/// cannot be read are reported (in path order) and skipped.
pub fn read_dir(dir: &Path, warnings: &mut Vec<Warning>) -> Result<Vec<Article>> {
    use rayon::prelude::*;
    let paths = list_inputs(dir, warnings)?;
    let results: Vec<(Vec<Article>, Vec<Warning>)> = paths
        .par_iter()
        .map(|path| {
            let mut w = Vec::new();
            let display = path.display().to_string();
            match read_file(path, &display, &mut w) {
                Ok(articles) => (articles, w),
                Err(e) => {
                    w.push(Warning {
                        message: e.to_string(),
                    });
                    (Vec::new(), w)
                }
            }
        })
        .collect();
    let mut out = Vec::new();
    for (mut articles, mut w) in results {
        out.append(&mut articles);
        warnings.append(&mut w);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("a.md")
    }

    #[test]
    fn yaml_front_matter() {
        let text = "---\ntitle: عنوان\ndate: 2024-05-28T10:00:00+03:00\nsource: سانا\nurl: https://sana.sy/x\ntags: [عمل, أجور]\n---\nنص الخبر.\n";
        let (given, body) = split_front_matter(text, p()).unwrap();
        assert_eq!(given.title.as_deref(), Some("عنوان"));
        assert_eq!(given.source.as_deref(), Some("سانا"));
        assert_eq!(given.tags, vec!["عمل", "أجور"]);
        assert_eq!(body, "نص الخبر.\n");
        let a = parse_article("a.md", given, &body, &mut Vec::new());
        assert_eq!(a.date.unwrap().to_string(), "2024-05-28");
        assert_eq!(a.date_from, Some(DateFrom::FrontMatter));
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = \"عنوان\"\ndate = 2024-05-28\n+++\nنص.\n";
        let (given, body) = split_front_matter(text, p()).unwrap();
        assert_eq!(given.date.as_deref(), Some("2024-05-28"));
        assert_eq!(body, "نص.\n");
    }

    #[test]
    fn malformed_front_matter_names_file_and_line() {
        let err =
            split_front_matter("---\ntitle: a\ndate: [unclosed\n---\nbody\n", p()).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("a.md:"), "{msg}");
        assert!(msg.contains("YAML"), "{msg}");
        let err =
            split_front_matter("+++\ntitle = \"a\"\ndate = = 3\n+++\nbody\n", p()).unwrap_err();
        assert!(
            err.to_string().starts_with("a.md:3: malformed TOML"),
            "{err}"
        );
        let err = split_front_matter("---\ntitle: a\n", p()).unwrap_err();
        assert!(err.to_string().contains("never closed"));
    }

    #[test]
    fn decodes_bom_utf16_and_windows_1256() {
        let arabic = "وزارة العمل تطلق برنامجا جديدا لتشغيل الشباب في المدن الكبرى";
        let mut utf8_bom = vec![0xEF, 0xBB, 0xBF];
        utf8_bom.extend_from_slice(arabic.as_bytes());
        assert_eq!(decode(&utf8_bom, p()).unwrap(), arabic);
        let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode(arabic);
        assert_eq!(decode(&cp1256, p()).unwrap(), arabic);
        let mut utf16 = vec![0xFF, 0xFE];
        for u in arabic.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&utf16, p()).unwrap(), arabic);
        assert!(matches!(
            decode(b"\x00\x01PK", p()),
            Err(Error::Binary { .. })
        ));
        // Random bytes without NUL are not text either.
        let noise: Vec<u8> = (1..=255u8)
            .cycle()
            .take(2000)
            .map(|b| b.wrapping_mul(37) | 1)
            .collect();
        assert!(matches!(decode(&noise, p()), Err(Error::Binary { .. })));
    }

    #[test]
    fn decodes_iso_8859_6() {
        let arabic = "أعلنت وزارة العمل عن برنامج جديد لتشغيل الشباب العاطلين عن العمل في المدن";
        let (bytes, _, unmappable) = encoding_rs::ISO_8859_6.encode(arabic);
        assert!(!unmappable);
        assert_eq!(decode(&bytes, p()).unwrap(), arabic);
    }

    #[test]
    fn the_same_article_in_utf8_and_windows_1256_gives_the_same_result() {
        let article = "وزارة العمل تطلق برنامجا لتشغيل الشباب\r\n\r\nتاريخ النشر: 28 مايو 2024\r\n\
الرباط - أعلنت وزارة العمل اليوم عن برنامج جديد لتشغيل الشباب العاطلين في المدن الكبرى. \
وقال الوزير إن البرنامج يبدأ الشهر المقبل.\r\nالمصدر: وكالة الأنباء\r\nإقرأ أيضاً:\r\nخبر آخر\r\n";
        let dir = tempfile::tempdir().unwrap();
        let utf8 = dir.path().join("a.txt");
        let cp = dir.path().join("b.txt");
        fs::write(&utf8, article).unwrap();
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(article);
        assert!(!unmappable);
        fs::write(&cp, &bytes).unwrap();
        let mut w = Vec::new();
        let a = read_file(&utf8, "x", &mut w).unwrap().remove(0);
        let b = read_file(&cp, "x", &mut w).unwrap().remove(0);
        assert!(w.is_empty());
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            serde_json::to_value(&b).unwrap()
        );
        assert_eq!(a.date.unwrap().to_string(), "2024-05-28");
        assert_eq!(a.source.as_deref(), Some("وكالة الأنباء"));
        assert_eq!(a.sentences.len(), 2);
    }

    #[test]
    fn a_site_name_after_a_bar_leaves_the_title() {
        let body = "وزارة العمل تطلق برنامجا لتشغيل الشباب | الجزيرة نت\nأطلقت وزارة العمل اليوم برنامجا جديدا لتشغيل الشباب في المدن الكبرى.";
        let a = parse_article("t.txt", Given::default(), body, &mut Vec::new());
        assert_eq!(
            a.title.as_deref(),
            Some("وزارة العمل تطلق برنامجا لتشغيل الشباب")
        );
        assert_eq!(a.source.as_deref(), Some("الجزيرة نت"));
        let (t, site) = split_site_suffix("مصر - ارتفاع البطالة");
        assert_eq!((t.as_str(), site), ("مصر - ارتفاع البطالة", None));
    }

    #[test]
    fn bad_front_matter_date_is_a_warning_not_a_guess() {
        let mut w = Vec::new();
        let given = Given {
            date: Some("31 فبراير 2024".into()),
            ..Given::default()
        };
        let a = parse_article("x.md", given, "نشر في 3 مارس 2024 خبر.", &mut w);
        assert_eq!(a.date, None);
        assert_eq!(w.len(), 1);
        assert!(w[0].message.starts_with("x.md:"));
    }

    #[test]
    fn jsonl_lines_become_articles_and_bad_lines_are_reported() {
        let text = "{\"title\":\"أ\",\"text\":\"نص أول.\",\"date\":\"2024-05-28\"}\nnot json\n{\"body\":\"نص ثان.\"}\n";
        let mut w = Vec::new();
        let arts = read_jsonl(text, "feed.jsonl", &mut w);
        assert_eq!(arts.len(), 2);
        assert_eq!(arts[0].path, "feed.jsonl#1");
        assert_eq!(arts[1].path, "feed.jsonl#3");
        assert_eq!(w.len(), 1);
        assert!(w[0].message.starts_with("feed.jsonl:2:"));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    const LINES: &[&str] = &[
        "---",
        "+++",
        "title: عنوان",
        "date: 2024-05-28",
        "الرئيسية",
        "إقرأ أيضاً:",
        "بيروت-سانا",
        "تاريخ النشر: 28 مايو 2024",
        "المصدر: سانا",
        "اترك تعليقاً",
        "https://t.me/x",
        "",
        "وزارة العمل تطلق برنامجا لتشغيل الشباب في المدن الكبرى والقرى النائية هذا العام.",
        "- بند",
        "مقدمة",
        "\u{202E}",
        "\r",
        "{{x}}",
        "<script>",
    ];

    proptest! {
        #[test]
        fn any_file_is_parsed_or_refused_without_panic_and_keeps_its_text(
            lines in proptest::collection::vec(proptest::sample::select(LINES), 0..30),
            noise in any::<String>(),
        ) {
            let text = lines.join("\n") + &noise;
            let path = Path::new("p.md");
            let Ok((given, body)) = split_front_matter(&normalise_newlines(&text), path) else {
                return Ok(());
            };
            let mut w = Vec::new();
            let a = parse_article("p.md", given, &body, &mut w);
            // Every sentence is text of the cleaned body (only whitespace may differ), and
            // the cleaned body is made of the file's lines.
            let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            let body_squashed = squash(&a.body);
            for line in a.body.lines() {
                prop_assert!(body.contains(line));
            }
            for s in &a.sentences {
                prop_assert!(body_squashed.contains(&squash(s)), "{s:?}");
            }
        }

        #[test]
        fn any_bytes_decode_or_are_refused(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let mut w = Vec::new();
            if let Ok(text) = decode_noting(&bytes, Path::new("b.txt"), &mut w) {
                prop_assert!(!text.contains('\0'));
            }
        }
    }
}
