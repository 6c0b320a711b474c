//! Front matter: YAML (`---`) or TOML (`+++`) metadata before an article's text.

use std::path::Path;

use super::Given;
use crate::error::{Error, Result};

/// Front matter larger than this is not metadata; the file is refused with a message.
pub const MAX_FRONT_MATTER_BYTES: usize = 4 * 1024 * 1024;
/// Brackets and braces nested deeper than this: YAML and TOML parsers take time growing
/// with the square of the depth (160,000 `[` took 112 s), and metadata never nests so.
pub const MAX_FRONT_MATTER_DEPTH: usize = 64;

/// Split off front matter: (given metadata, body). The opening marker may carry trailing
/// spaces and follow any number of byte order marks.
pub fn split_front_matter<'a>(text: &'a str, path: &Path) -> Result<(Given, &'a str)> {
    let text = text.trim_start_matches('\u{FEFF}');
    let first = text.split_inclusive('\n').next().unwrap_or("");
    let (marker, format) = match first.trim_end() {
        "---" if first.ends_with('\n') => ("---", "YAML"),
        "+++" if first.ends_with('\n') => ("+++", "TOML"),
        _ => return Ok((Given::default(), text)),
    };
    let rest = &text[first.len()..];
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
    check_bounds(block, path, format)?;
    let given = if format == "YAML" {
        parse_yaml(block, path)?
    } else {
        parse_toml(block, path)?
    };
    Ok((given, &rest[body_start..]))
}

/// Refuse front matter too large or too deeply nested to parse in bounded time.
fn check_bounds(block: &str, path: &Path, format: &'static str) -> Result<()> {
    if block.len() > MAX_FRONT_MATTER_BYTES {
        return Err(front_matter_error(
            path,
            2,
            format,
            format!(
                "{} KB of front matter, more than the {} KB metadata can take",
                block.len() >> 10,
                MAX_FRONT_MATTER_BYTES >> 10
            ),
        ));
    }
    let mut depth = 0usize;
    for (i, b) in block.bytes().enumerate() {
        match b {
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => continue,
        }
        if depth > MAX_FRONT_MATTER_DEPTH {
            return Err(front_matter_error(
                path,
                block[..i].matches('\n').count() + 2,
                format,
                format!(
                    "brackets nested more than {MAX_FRONT_MATTER_DEPTH} deep; quote the value or remove the brackets"
                ),
            ));
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{DateFrom, parse_article};

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
        let a = parse_article("a.md", given, body, &mut Vec::new());
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
    fn markers_with_trailing_spaces_and_double_boms_open_front_matter() {
        for text in [
            "--- \ntitle: عنوان\n---\nنص.\n",
            "\u{FEFF}\u{FEFF}---\ntitle: عنوان\n---  \nنص.\n",
            "+++\t\ntitle = \"عنوان\"\n+++\nنص.\n",
        ] {
            let (given, body) = split_front_matter(text, p()).unwrap();
            assert_eq!(given.title.as_deref(), Some("عنوان"), "{text:?}");
            assert_eq!(body, "نص.\n");
        }
    }

    #[test]
    fn deep_or_huge_front_matter_is_refused_quickly() {
        let deep = format!("---\ntitle: {}\n---\nنص.\n", "[".repeat(160_000));
        let err = split_front_matter(&deep, p()).unwrap_err().to_string();
        assert!(err.starts_with("a.md:2: malformed YAML"), "{err}");
        assert!(err.contains("nested more than 64 deep"), "{err}");
        let huge = format!("+++\ntitle = \"{}\"\n+++\nنص.\n", "x".repeat(5 << 20));
        let err = split_front_matter(&huge, p()).unwrap_err().to_string();
        assert!(err.contains("KB of front matter"), "{err}");
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
}
