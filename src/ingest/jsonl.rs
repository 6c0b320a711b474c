//! Crawler `.jsonl` files: one JSON object a line, each an article.

use super::{
    Article, Given, Warning, article::parse_article, article_from_html, decode::normalise_newlines,
};

fn json_str(obj: &serde_json::Map<String, serde_json::Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match obj.get(*k) {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    })
}

pub(super) fn read_jsonl(text: &str, display: &str, warnings: &mut Vec<Warning>) -> Vec<Article> {
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
        if let Some(html) = json_str(&obj, &["html", "raw_html"]) {
            let url = json_str(&obj, &["url", "link"]);
            let mut a =
                article_from_html(&html, &format!("{display}#{n}"), url.as_deref(), warnings);
            // The crawler's own fields, where it has them, over what the page says.
            if let Some(t) = json_str(&obj, &["title"]) {
                a.title = Some(t);
            }
            if let Some(d) = json_str(&obj, &["date", "published", "published_at"])
                .and_then(|d| super::dates::parse_date_value(&d))
            {
                a.date = Some(d);
                a.date_from = Some(super::DateFrom::FrontMatter);
            }
            out.push(a);
            continue;
        }
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
        out.push(parse_article(
            &format!("{display}#{n}"),
            given,
            &normalise_newlines(&body),
            warnings,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
