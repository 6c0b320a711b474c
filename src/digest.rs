//! Digest: the week's articles chosen, summarised and put in order.
//!
//! Takes articles and an ISO week, gives a [`Digest`]: the one plain, serialisable struct
//! the templates receive. Its fields are documented in the README.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::ingest::Article;
use crate::lexicon;
use crate::rank::{self, Budget, RankParams};
use crate::week::IsoWeek;

/// What a digest is made of.
#[derive(Debug, Clone)]
pub struct DigestOptions {
    /// The newsletter's name, shown as the main heading.
    pub title: String,
    /// Summary sentences per story (3).
    pub sentences_per_story: usize,
    /// Words in a title made from the first sentence, when an article has no title (14).
    pub fallback_title_words: usize,
    /// Keywords shown for each story (5).
    pub keywords_per_story: usize,
    pub rank: RankParams,
}

impl Default for DigestOptions {
    fn default() -> Self {
        DigestOptions {
            title: "النشرة الأسبوعية لسياسات العمل".to_owned(),
            sentences_per_story: 3,
            fallback_title_words: 14,
            keywords_per_story: 5,
            rank: RankParams::default(),
        }
    }
}

/// One article in the digest.
#[derive(Debug, Clone, Serialize)]
pub struct Story {
    pub title: String,
    /// True when the article had no title and `title` was made from its first sentence.
    pub title_from_text: bool,
    pub source: Option<String>,
    pub place: Option<String>,
    /// The article's link, only when it is an `http(s)` URL, percent-encoded so it is safe
    /// in Markdown and HTML.
    pub url: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The date in Arabic: "28 مايو 2024".
    pub date_label: String,
    /// Summary sentences in document order, as written in the article.
    pub sentences: Vec<String>,
    /// TextRank keywords of the article, best first.
    pub keywords: Vec<String>,
    /// The input file (with `#N` for a line of a `.jsonl` file).
    pub path: String,
}

/// Everything the templates receive.
#[derive(Debug, Clone, Serialize)]
pub struct Digest {
    pub title: String,
    /// `2024-W22`.
    pub week: String,
    pub year: i32,
    pub week_number: u32,
    /// Monday and Sunday of the week, `YYYY-MM-DD`.
    pub start: String,
    pub end: String,
    /// "27 مايو – 2 يونيو 2024".
    pub range_label: String,
    /// "الأسبوع 22 من عام 2024".
    pub week_label: String,
    pub article_count: usize,
    /// "مقالان", "3 مقالات", "12 مقالاً".
    pub article_count_label: String,
    pub stories: Vec<Story>,
}

/// "28 مايو 2024".
pub fn arabic_date(d: NaiveDate) -> String {
    format!(
        "{} {} {}",
        d.day(),
        lexicon::month_display_name(d.month(), "standard"),
        d.year()
    )
}

/// "27 مايو – 2 يونيو 2024", "3 – 9 يونيو 2024", "30 ديسمبر 2024 – 5 يناير 2025".
pub fn arabic_range(a: NaiveDate, b: NaiveDate) -> String {
    let month = |d: NaiveDate| lexicon::month_display_name(d.month(), "standard");
    if a.year() != b.year() {
        format!("{} – {}", arabic_date(a), arabic_date(b))
    } else if a.month() != b.month() {
        format!(
            "{} {} – {} {} {}",
            a.day(),
            month(a),
            b.day(),
            month(b),
            b.year()
        )
    } else {
        format!("{} – {} {} {}", a.day(), b.day(), month(b), b.year())
    }
}

/// Arabic counted noun for articles: 1 مقال، 2 مقالان، 3–10 مقالات، 11+ مقالاً.
pub fn article_count_label(n: usize) -> String {
    match n {
        0 => "لا مقالات".to_owned(),
        1 => "مقال واحد".to_owned(),
        2 => "مقالان".to_owned(),
        _ if n % 100 >= 3 && n % 100 <= 10 => format!("{n} مقالات"),
        _ => format!("{n} مقالاً"),
    }
}

/// Keep a URL only if it is `http` or `https`, with every character that could end a
/// Markdown link or an HTML attribute percent-encoded.
pub fn safe_url(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&*+,;=%".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Some(out)
}

fn fallback_title(article: &Article, words: usize) -> String {
    let first = article.sentences.first().map(String::as_str).unwrap_or("");
    let all: Vec<&str> = first.split_whitespace().collect();
    if all.len() <= words {
        return all.join(" ");
    }
    let mut t = all[..words].join(" ");
    t = t
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_owned();
    t.push('…');
    t
}

fn story(article: &Article, opts: &DigestOptions) -> Story {
    let date = article.date.expect("only dated articles reach the digest");
    let chosen = rank::select(
        &article.sentences,
        Budget::Sentences(opts.sentences_per_story),
        &opts.rank,
    );
    let (title, title_from_text) = match &article.title {
        Some(t) => (t.clone(), false),
        None => (fallback_title(article, opts.fallback_title_words), true),
    };
    Story {
        title,
        title_from_text,
        source: article.source.clone(),
        place: article.place.clone(),
        url: article.url.as_deref().and_then(safe_url),
        date: date.to_string(),
        date_label: arabic_date(date),
        sentences: chosen
            .into_iter()
            .map(|i| article.sentences[i].clone())
            .collect(),
        keywords: article_keywords(article, opts.keywords_per_story),
        path: article.path.clone(),
    }
}

/// TextRank keywords of an article's title and body.
pub fn article_keywords(article: &Article, k: usize) -> Vec<String> {
    let mut text: Vec<String> = article.title.iter().cloned().collect();
    text.extend(article.sentences.iter().cloned());
    rank::keywords(&text, k)
}

/// The articles dated in `week`, in date then path order.
pub fn articles_in_week(articles: &[Article], week: IsoWeek) -> Vec<&Article> {
    let mut v: Vec<&Article> = articles
        .iter()
        .filter(|a| a.date.is_some_and(|d| week.contains(d)))
        .collect();
    v.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.path.cmp(&b.path)));
    v
}

/// Build the digest of `week` from all articles (those dated elsewhere are ignored).
pub fn build(articles: &[Article], week: IsoWeek, opts: &DigestOptions) -> Digest {
    let chosen = articles_in_week(articles, week);
    let stories: Vec<Story> = chosen.iter().map(|a| story(a, opts)).collect();
    Digest {
        title: opts.title.clone(),
        week: week.to_string(),
        year: week.year(),
        week_number: week.week(),
        start: week.monday().to_string(),
        end: week.sunday().to_string(),
        range_label: arabic_range(week.monday(), week.sunday()),
        week_label: format!("الأسبوع {} من عام {}", week.week(), week.year()),
        article_count: stories.len(),
        article_count_label: article_count_label(stories.len()),
        stories,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn arabic_dates_and_ranges() {
        assert_eq!(arabic_date(d(2024, 5, 28)), "28 مايو 2024");
        assert_eq!(
            arabic_range(d(2024, 5, 27), d(2024, 6, 2)),
            "27 مايو – 2 يونيو 2024"
        );
        assert_eq!(
            arabic_range(d(2024, 6, 3), d(2024, 6, 9)),
            "3 – 9 يونيو 2024"
        );
        assert_eq!(
            arabic_range(d(2024, 12, 30), d(2025, 1, 5)),
            "30 ديسمبر 2024 – 5 يناير 2025"
        );
    }

    #[test]
    fn counted_nouns() {
        assert_eq!(article_count_label(1), "مقال واحد");
        assert_eq!(article_count_label(2), "مقالان");
        assert_eq!(article_count_label(7), "7 مقالات");
        assert_eq!(article_count_label(11), "11 مقالاً");
        assert_eq!(article_count_label(103), "103 مقالات");
    }

    #[test]
    fn only_web_urls_survive_and_are_encoded() {
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url("data:text/html,x"), None);
        assert_eq!(
            safe_url("https://a.b/x y)<z>\"").as_deref(),
            Some("https://a.b/x%20y%29%3Cz%3E%22")
        );
        assert_eq!(
            safe_url("https://ar.wikipedia.org/wiki/عمل").unwrap(),
            "https://ar.wikipedia.org/wiki/%D8%B9%D9%85%D9%84"
        );
    }
}
