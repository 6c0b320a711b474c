//! Digest: the week's articles made into stories, summarised, ranked and labelled.
//!
//! Takes articles and an ISO week, gives a [`Digest`]: the one plain, serialisable struct
//! every template receives (its fields are documented in the README). Articles that report
//! the same event are merged into one story (TF-IDF cosine of title and body, numbers
//! included, at or above [`DigestOptions::duplicate_threshold`]); the richest article
//! supplies the summary and every article is listed as a source. A TextRank over the
//! week's summary sentences gives each story its centrality and picks the highlights.

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Digits, Region};
use crate::ingest::Article;
use crate::lexicon;
use crate::rank::sparse::{self, NeighbourOptions, TermOptions};
use crate::rank::{self, Budget, RankParams};
use crate::week::IsoWeek;

/// What a digest is made of.
#[derive(Debug, Clone)]
pub struct DigestOptions {
    /// The newsletter's name, shown as the main heading.
    pub title: String,
    /// Summary sentences per story (3).
    pub sentences_per_story: usize,
    /// Sentences in "أبرز ما في الأسبوع" (5; none when the week has fewer than two stories).
    pub highlights: usize,
    /// Words in a title made from the first sentence, when an article has no title (14).
    pub fallback_title_words: usize,
    /// Keywords shown for each story (5).
    pub keywords_per_story: usize,
    /// Stories shown, the most important first (40); the others are counted. A busy
    /// feed's thousands of articles make a newsletter nobody reads to the end.
    pub max_stories: usize,
    /// Two articles of the week whose TF-IDF cosine (title and the first 200 words of the
    /// body, stemmed content words and numbers, IDF over the week) reaches this report the
    /// same event (0.25). Reworded
    /// reports of one event share names, places and figures; different events on one topic
    /// share only the topic's words. In `tests/fixtures/week`, three outlets' reports of one
    /// agreement score 0.37–0.43 with each other, while different events on the same topics
    /// (minimum wages, employment programmes) score at most 0.07.
    pub duplicate_threshold: f64,
    pub region: Region,
    pub digits: Digits,
    pub rank: RankParams,
}

impl Default for DigestOptions {
    fn default() -> Self {
        DigestOptions {
            title: crate::config::DEFAULT_TITLE.to_owned(),
            sentences_per_story: 3,
            highlights: 5,
            fallback_title_words: 14,
            keywords_per_story: 5,
            max_stories: 40,
            duplicate_threshold: 0.25,
            region: Region::Standard,
            digits: Digits::Western,
            rank: RankParams::default(),
        }
    }
}

/// One article behind a story.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// The outlet, when known.
    pub name: Option<String>,
    pub title: String,
    /// Only `http(s)` links, percent-encoded; else null.
    pub url: Option<String>,
    pub date: String,
    pub date_label: String,
    pub path: String,
}

/// One event of the week: one article, or several reporting the same thing.
#[derive(Debug, Clone, Serialize)]
pub struct Story {
    /// 1, 2, 3… in the order shown.
    pub number: usize,
    /// "story-1": the anchor highlights link to.
    pub anchor: String,
    pub title: String,
    /// True when the article had no title and `title` was made from its first sentence.
    pub title_from_text: bool,
    /// The outlet of the article that supplied the summary.
    pub source: Option<String>,
    pub place: Option<String>,
    /// That article's link (`http(s)` only, percent-encoded), or null.
    pub url: Option<String>,
    /// The earliest date among the story's articles, `YYYY-MM-DD`, and in Arabic.
    pub date: String,
    pub date_label: String,
    /// Summary sentences in document order, as written in the article.
    pub sentences: Vec<String>,
    /// TextRank keywords of the article, best first.
    pub keywords: Vec<String>,
    /// Every article reporting the story, the summarised one first, then by date.
    pub sources: Vec<Source>,
    pub source_count: usize,
    /// The story's share of the week's TextRank centrality (0–1).
    pub centrality: f64,
    /// The summarised article's input file.
    pub path: String,
}

/// A sentence of "أبرز ما في الأسبوع".
#[derive(Debug, Clone, Serialize)]
pub struct Highlight {
    pub text: String,
    /// The story it comes from: its number, anchor and title.
    pub story: usize,
    pub anchor: String,
    pub story_title: String,
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
    /// "27 مايو – 2 يونيو 2024" (region and digits as configured).
    pub range_label: String,
    /// "الأسبوع 22 من عام 2024".
    pub week_label: String,
    /// Articles of the week, and stories after merging duplicates.
    pub article_count: usize,
    pub story_count: usize,
    /// Stories not shown (past `max_stories`), and the same as an Arabic counted noun.
    pub more_stories: usize,
    pub more_stories_label: String,
    /// "مقالان", "3 مقالات", "12 مقالاً".
    pub article_count_label: String,
    /// "قصة واحدة", "3 قصص", "12 قصة".
    pub story_count_label: String,
    pub highlights: Vec<Highlight>,
    pub stories: Vec<Story>,
}

/// Write the digits of `s` as `digits` asks.
pub fn localise_digits(s: &str, digits: Digits) -> String {
    match digits {
        Digits::Western => s.to_owned(),
        Digits::Arabic => s
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(0x0660 + (c as u32 - '0' as u32)).unwrap_or(c),
                c => c,
            })
            .collect(),
    }
}

fn month_name(d: NaiveDate, region: Region) -> &'static str {
    lexicon::month_display_name(d.month(), region.months_key())
}

/// "28 مايو 2024" (standard), "28 ماي 2024" (Maghreb), "28 أيار 2024" (Levant).
pub fn arabic_date(d: NaiveDate, region: Region, digits: Digits) -> String {
    let s = format!("{} {} {}", d.day(), month_name(d, region), d.year());
    localise_digits(&s, digits)
}

/// "27 مايو – 2 يونيو 2024", "3 – 9 يونيو 2024", "30 ديسمبر 2024 – 5 يناير 2025".
pub fn arabic_range(a: NaiveDate, b: NaiveDate, region: Region, digits: Digits) -> String {
    let s = if a.year() != b.year() {
        format!(
            "{} – {}",
            arabic_date(a, region, Digits::Western),
            arabic_date(b, region, Digits::Western)
        )
    } else if a.month() != b.month() {
        format!(
            "{} {} – {} {} {}",
            a.day(),
            month_name(a, region),
            b.day(),
            month_name(b, region),
            b.year()
        )
    } else {
        format!(
            "{} – {} {} {}",
            a.day(),
            b.day(),
            month_name(b, region),
            b.year()
        )
    };
    localise_digits(&s, digits)
}

/// Arabic counted noun: 1 واحد، 2 dual, 3–10 plural, 11+ singular accusative.
fn counted(n: usize, one: &str, two: &str, few: &str, many: &str, digits: Digits) -> String {
    let num = localise_digits(&n.to_string(), digits);
    match n {
        0 => format!("لا {few}"),
        1 => one.to_owned(),
        2 => two.to_owned(),
        _ if (3..=10).contains(&(n % 100)) => format!("{num} {few}"),
        _ => format!("{num} {many}"),
    }
}

pub fn article_count_label(n: usize, digits: Digits) -> String {
    counted(n, "مقال واحد", "مقالان", "مقالات", "مقالاً", digits)
}

pub fn story_count_label(n: usize, digits: Digits) -> String {
    counted(n, "قصة واحدة", "قصتان", "قصص", "قصة", digits)
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

/// A summary sentence longer than this is cut, with "…": scraped text sometimes has no
/// punctuation for pages on end, and no reader wants that in a newsletter.
pub const MAX_SENTENCE_WORDS: usize = 150;

/// The first `words` words of `s`, with "…" if anything was cut.
fn shorten(s: &str, words: usize) -> String {
    match s.split_whitespace().nth(words) {
        None => s.to_owned(),
        Some(w) => {
            let end = w.as_ptr() as usize - s.as_ptr() as usize;
            let mut t = s[..end]
                .trim_end_matches(|c: char| !c.is_alphanumeric())
                .to_owned();
            t.push('…');
            t
        }
    }
}

fn fallback_title(article: &Article, words: usize) -> String {
    let first = article.sentences.first().map(String::as_str).unwrap_or("");
    shorten(first, words)
}

/// TextRank keywords of an article's title and body (its first 400 sentences, which
/// bounds the work on a huge article).
pub fn article_keywords(article: &Article, k: usize) -> Vec<String> {
    let mut text: Vec<String> = article.title.iter().cloned().collect();
    text.extend(article.sentences.iter().take(400).cloned());
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

/// What the digest needs of each article, computed once (in parallel, in order).
struct Prepared {
    title: String,
    title_from_text: bool,
    summary: Vec<String>,
}

fn prepare(article: &Article, opts: &DigestOptions) -> Prepared {
    let chosen = rank::select(
        &article.sentences,
        Budget::Sentences(opts.sentences_per_story),
        &opts.rank,
    );
    let (title, title_from_text) = match &article.title {
        Some(t) => (t.clone(), false),
        None => (fallback_title(article, opts.fallback_title_words), true),
    };
    Prepared {
        title,
        title_from_text,
        summary: chosen
            .into_iter()
            .map(|i| shorten(&article.sentences[i], MAX_SENTENCE_WORDS))
            .collect(),
    }
}

/// Groups of articles that report the same event; each group sorted, groups in order.
pub fn duplicate_groups(articles: &[&Article], threshold: f64) -> Vec<Vec<usize>> {
    // Reports of one event share their opening: the title and the first words of the body
    // decide, which also bounds the work on long articles.
    const LEAD_WORDS: usize = 200;
    let texts: Vec<String> = articles
        .par_iter()
        .map(|a| {
            let mut t = a.title.clone().unwrap_or_default();
            t.push('\n');
            let end = a
                .body
                .split_whitespace()
                .nth(LEAD_WORDS)
                .map_or(a.body.len(), |w| {
                    w.as_ptr() as usize - a.body.as_ptr() as usize
                });
            t.push_str(&a.body[..end]);
            t
        })
        .collect();
    // Copies and near-copies first, whatever their number: the similarity search below
    // bounds its work per term and per article, which a flood of copies exceeds (and
    // copies make every shared term look common).
    let copies = near_copies(&texts);
    let lead_texts: Vec<String> = copies.iter().map(|g| texts[g[0]].clone()).collect();
    let vecs = sparse::tfidf_vectors(
        &lead_texts,
        TermOptions {
            stem: true,
            numbers: true,
        },
    );
    let pairs = sparse::similar_pairs(
        &vecs,
        NeighbourOptions {
            threshold,
            max_postings: 500,
            query_terms: 40,
            max_neighbours: 50,
        },
    );
    sparse::leader_groups(lead_texts.len(), &pairs)
        .into_iter()
        .map(|g| {
            let mut members: Vec<usize> = g.iter().flat_map(|&k| copies[k].clone()).collect();
            members.sort_unstable();
            members
        })
        .collect()
}

/// MinHash values per text, in [`near_copies`].
const MINHASHES: usize = 64;
/// Bands of `MINHASHES / BANDS` values: texts equal in one band are compared.
const BANDS: usize = 16;
/// Equal MinHash values (of [`MINHASHES`]) that make two texts near-copies: an estimated
/// Jaccard similarity of their word triples of 0.7 or more.
const NEAR_COPY_VALUES: usize = 45;

/// The MinHash signature of a text's word triples (words lower-cased, punctuation
/// dropped); `None` for a text without words.
fn minhash(text: &str) -> Option<[u64; MINHASHES]> {
    use std::hash::Hasher;
    fn mix(mut z: u64) -> u64 {
        // splitmix64's finaliser: spreads one hash into independent-looking ones.
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    // Punctuation around words does not make a copy different (a cheap test: the Unicode
    // tables behind `is_alphanumeric` cost more than the rest of the signature).
    fn kept(c: char) -> bool {
        if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            !matches!(c, '\u{AB}' | '\u{BB}' | '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{066A}'..='\u{066D}' | '\u{06D4}' | '\u{2000}'..='\u{206F}')
        }
    }
    // Each word as one hash of its kept characters, ASCII lower-cased (no allocation).
    let words: Vec<u64> = text
        .split_whitespace()
        .filter_map(|w| {
            let mut h = rustc_hash::FxHasher::default();
            let mut any = false;
            for c in w.chars().filter(|&c| kept(c)) {
                any = true;
                h.write_u32(u32::from(c.to_ascii_lowercase()));
            }
            any.then(|| h.finish())
        })
        .collect();
    if words.is_empty() {
        return None;
    }
    let seeds: [u64; MINHASHES] = std::array::from_fn(|k| mix(k as u64 + 1));
    let mut sig = [u64::MAX; MINHASHES];
    for triple in words.windows(3.min(words.len())) {
        let base = mix(triple.iter().fold(0u64, |acc, &w| acc.rotate_left(21) ^ w));
        for (slot, seed) in sig.iter_mut().zip(seeds) {
            // One multiply per value: a cheap, well-spread family of hash functions.
            let v = (base ^ seed).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            *slot = (*slot).min(v ^ (v >> 29));
        }
    }
    Some(sig)
}

/// Groups of identical and near-identical texts, each led by its first text, in order of
/// their leaders. Linear in the number of texts: each text is compared only with the
/// leaders it shares a band of its MinHash signature with (at most 32 per band).
fn near_copies(texts: &[String]) -> Vec<Vec<usize>> {
    const ROWS: usize = MINHASHES / BANDS;
    let sigs: Vec<Option<[u64; MINHASHES]>> = texts.par_iter().map(|t| minhash(t)).collect();
    let mut buckets: rustc_hash::FxHashMap<(usize, &[u64]), Vec<usize>> = Default::default();
    let mut group_of: Vec<usize> = vec![usize::MAX; texts.len()];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, sig) in sigs.iter().enumerate() {
        let Some(sig) = sig else {
            groups.push(vec![i]);
            continue;
        };
        let mut best: Option<(usize, usize)> = None;
        for (b, band) in sig.chunks(ROWS).enumerate() {
            for &l in buckets.get(&(b, band)).into_iter().flatten().take(32) {
                let other = sigs[l].as_ref().expect("leaders have signatures");
                let shared = sig.iter().zip(other).filter(|(x, y)| x == y).count();
                if shared >= NEAR_COPY_VALUES && best.is_none_or(|(s, bl)| (shared, bl) > (s, l)) {
                    best = Some((shared, l));
                }
            }
        }
        match best {
            Some((_, l)) => groups[group_of[l]].push(i),
            None => {
                group_of[i] = groups.len();
                groups.push(vec![i]);
                for (b, band) in sig.chunks(ROWS).enumerate() {
                    buckets.entry((b, band)).or_default().push(i);
                }
            }
        }
    }
    groups
}

/// The richest article of a group supplies the summary: most sentences, then longest body,
/// then the first.
fn richest(group: &[usize], articles: &[&Article]) -> usize {
    *group
        .iter()
        .max_by(|&&a, &&b| {
            let (x, y) = (articles[a], articles[b]);
            x.sentences
                .len()
                .cmp(&y.sentences.len())
                .then(x.body.len().cmp(&y.body.len()))
                .then(b.cmp(&a))
        })
        .expect("groups are not empty")
}

/// Build the digest of `week` from all articles (those dated elsewhere are ignored).
pub fn build(articles: &[Article], week: IsoWeek, opts: &DigestOptions) -> Digest {
    let (region, digits) = (opts.region, opts.digits);
    let chosen = articles_in_week(articles, week);
    let prepared: Vec<Prepared> = chosen.par_iter().map(|a| prepare(a, opts)).collect();
    let groups = duplicate_groups(&chosen, opts.duplicate_threshold);
    let leads: Vec<usize> = groups.iter().map(|g| richest(g, &chosen)).collect();

    // Stories, before ordering.
    let mut stories: Vec<Story> = groups
        .par_iter()
        .zip(&leads)
        .map(|(group, &lead)| {
            let a = chosen[lead];
            let p = &prepared[lead];
            let mut members: Vec<usize> = group.clone();
            members.sort_by_key(|&i| (i != lead, chosen[i].date, chosen[i].path.clone()));
            let sources: Vec<Source> = members
                .iter()
                .map(|&i| {
                    let m = chosen[i];
                    let d = m.date.expect("dated");
                    Source {
                        name: m.source.clone(),
                        title: prepared[i].title.clone(),
                        url: m.url.as_deref().and_then(safe_url),
                        date: d.to_string(),
                        date_label: arabic_date(d, region, digits),
                        path: m.path.clone(),
                    }
                })
                .collect();
            let first = group
                .iter()
                .filter_map(|&i| chosen[i].date)
                .min()
                .expect("dated");
            Story {
                number: 0,
                anchor: String::new(),
                title: p.title.clone(),
                title_from_text: p.title_from_text,
                source: a.source.clone(),
                place: a.place.clone(),
                url: a.url.as_deref().and_then(safe_url),
                date: first.to_string(),
                date_label: arabic_date(first, region, digits),
                sentences: p.summary.clone(),
                keywords: Vec::new(),
                source_count: sources.len(),
                sources,
                centrality: 0.0,
                path: a.path.clone(),
            }
        })
        .collect();

    // The week's graph: every story's summary sentences.
    let mut node_story: Vec<usize> = Vec::new();
    let mut node_text: Vec<String> = Vec::new();
    for (s, story) in stories.iter().enumerate() {
        for sentence in &story.sentences {
            node_story.push(s);
            node_text.push(sentence.clone());
        }
    }
    let vecs = sparse::tfidf_vectors(
        &node_text,
        TermOptions {
            stem: true,
            numbers: false,
        },
    );
    let edges = sparse::similar_pairs(
        &vecs,
        NeighbourOptions {
            threshold: 0.15,
            max_postings: 100,
            query_terms: 10,
            max_neighbours: 10,
        },
    );
    let scores = sparse::pagerank(node_text.len(), &edges, 0.85);
    for (node, &s) in node_story.iter().enumerate() {
        stories[s].centrality += scores[node];
    }

    // Importance: centrality, raised by the number of outlets that reported the story.
    let importance = |s: &Story| s.centrality * (1.0 + (s.source_count as f64).ln());
    let mut order: Vec<usize> = (0..stories.len()).collect();
    order.sort_by(|&a, &b| {
        importance(&stories[b])
            .total_cmp(&importance(&stories[a]))
            .then(stories[a].date.cmp(&stories[b].date))
            .then(stories[a].path.cmp(&stories[b].path))
    });
    let mut rank_of = vec![0usize; stories.len()];
    for (pos, &s) in order.iter().enumerate() {
        rank_of[s] = pos;
    }
    let mut old: Vec<Option<Story>> = stories.into_iter().map(Some).collect();
    let mut stories: Vec<Story> = order
        .iter()
        .map(|&s| old[s].take().expect("each story once"))
        .collect();
    for (pos, story) in stories.iter_mut().enumerate() {
        story.number = pos + 1;
        story.anchor = format!("story-{}", pos + 1);
    }
    let total_stories = stories.len();
    stories.truncate(opts.max_stories.max(1));
    // Keywords only for the stories shown.
    let shown_leads: Vec<usize> = order
        .iter()
        .take(stories.len())
        .map(|&s| leads[s])
        .collect();
    stories
        .par_iter_mut()
        .zip(shown_leads.par_iter())
        .for_each(|(story, &lead)| {
            story.keywords = article_keywords(chosen[lead], opts.keywords_per_story);
        });

    let highlights = highlights(
        &stories,
        &node_story,
        &node_text,
        &vecs,
        &scores,
        &rank_of,
        opts,
    );

    Digest {
        title: opts.title.clone(),
        week: week.to_string(),
        year: week.year(),
        week_number: week.week(),
        start: week.monday().to_string(),
        end: week.sunday().to_string(),
        range_label: arabic_range(week.monday(), week.sunday(), region, digits),
        week_label: localise_digits(
            &format!("الأسبوع {} من عام {}", week.week(), week.year()),
            digits,
        ),
        article_count: chosen.len(),
        story_count: total_stories,
        more_stories: total_stories - stories.len(),
        more_stories_label: story_count_label(total_stories - stories.len(), digits),
        article_count_label: article_count_label(chosen.len(), digits),
        story_count_label: story_count_label(total_stories, digits),
        highlights,
        stories,
    }
}

/// The week's most central sentences, at most one per story, none too like another
/// (cosine above 0.5), in order of centrality.
fn highlights(
    stories: &[Story],
    node_story: &[usize],
    node_text: &[String],
    vecs: &[sparse::SparseVec],
    scores: &[f64],
    rank_of: &[usize],
    opts: &DigestOptions,
) -> Vec<Highlight> {
    if stories.len() < 2 || opts.highlights == 0 {
        return Vec::new();
    }
    let mut nodes: Vec<usize> = (0..node_text.len()).collect();
    nodes.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let mut picked: Vec<usize> = Vec::new();
    let mut used_story = vec![false; rank_of.len()];
    for node in nodes {
        let s = rank_of[node_story[node]];
        if s >= stories.len()
            || used_story[s]
            || picked
                .iter()
                .any(|&p| sparse::cosine(&vecs[p], &vecs[node]) > 0.5)
        {
            continue;
        }
        used_story[s] = true;
        picked.push(node);
        if picked.len() == opts.highlights {
            break;
        }
    }
    picked
        .into_iter()
        .map(|node| {
            let story = &stories[rank_of[node_story[node]]];
            Highlight {
                text: node_text[node].clone(),
                story: story.number,
                anchor: story.anchor.clone(),
                story_title: story.title.clone(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Given, parse_article};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn arabic_dates_and_ranges() {
        let (s, w) = (Region::Standard, Digits::Western);
        assert_eq!(arabic_date(d(2024, 5, 28), s, w), "28 مايو 2024");
        assert_eq!(
            arabic_range(d(2024, 5, 27), d(2024, 6, 2), s, w),
            "27 مايو – 2 يونيو 2024"
        );
        assert_eq!(
            arabic_range(d(2024, 6, 3), d(2024, 6, 9), s, w),
            "3 – 9 يونيو 2024"
        );
        assert_eq!(
            arabic_range(d(2024, 12, 30), d(2025, 1, 5), s, w),
            "30 ديسمبر 2024 – 5 يناير 2025"
        );
    }

    #[test]
    fn regions_and_digits() {
        let date = d(2024, 7, 28);
        assert_eq!(
            arabic_date(date, Region::Maghreb, Digits::Western),
            "28 يوليوز 2024"
        );
        assert_eq!(
            arabic_date(date, Region::Levant, Digits::Western),
            "28 تموز 2024"
        );
        assert_eq!(
            arabic_date(d(2024, 1, 3), Region::Maghreb, Digits::Western),
            "3 يناير 2024"
        );
        assert_eq!(
            arabic_date(date, Region::Standard, Digits::Arabic),
            "٢٨ يوليو ٢٠٢٤"
        );
        assert_eq!(
            arabic_range(
                d(2024, 5, 27),
                d(2024, 6, 2),
                Region::Levant,
                Digits::Arabic
            ),
            "٢٧ أيار – ٢ حزيران ٢٠٢٤"
        );
    }

    #[test]
    fn counted_nouns() {
        let w = Digits::Western;
        assert_eq!(article_count_label(1, w), "مقال واحد");
        assert_eq!(article_count_label(2, w), "مقالان");
        assert_eq!(article_count_label(7, w), "7 مقالات");
        assert_eq!(article_count_label(11, w), "11 مقالاً");
        assert_eq!(article_count_label(103, w), "103 مقالات");
        assert_eq!(story_count_label(4, Digits::Arabic), "٤ قصص");
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

    fn article(path: &str, date: &str, source: &str, text: &str) -> Article {
        let given = Given {
            date: Some(date.to_owned()),
            source: Some(source.to_owned()),
            url: Some(format!("https://example.org/{path}")),
            ..Given::default()
        };
        parse_article(path, given, text, &mut Vec::new())
    }

    /// Two outlets rewording one event, and two other events on the same topic.
    fn week_articles() -> Vec<Article> {
        vec![
            article(
                "a.md",
                "2024-05-28",
                "وكالة المغرب العربي",
                "الحكومة والنقابات توقعان اتفاق الحوار الاجتماعي\n\
وقعت الحكومة المغربية والمركزيات النقابية الأكثر تمثيلية يوم الثلاثاء 28 مايو 2024 بالرباط اتفاقا جديدا للحوار الاجتماعي يقضي بزيادة عامة في أجور موظفي القطاع العام قدرها 1000 درهم.\n\
وينص الاتفاق أيضا على رفع الحد الأدنى للأجور في القطاع الخاص بنسبة 10 في المئة على دفعتين.\n\
وقال رئيس الحكومة عزيز أخنوش إن الاتفاق يعزز القدرة الشرائية للأجراء.",
            ),
            article(
                "b.md",
                "2024-05-29",
                "هسبريس",
                "اتفاق اجتماعي جديد بين الحكومة والنقابات\n\
بالرباط، وقّعت الحكومة والمركزيات النقابية الأكثر تمثيلية اتفاقا للحوار الاجتماعي يوم 28 مايو 2024، يتضمن زيادة عامة قدرها 1000 درهم في أجور موظفي القطاع العام.\n\
كما يرفع الاتفاق الحد الأدنى للأجور في القطاع الخاص بـ10 في المئة على دفعتين، حسب ما أعلنه رئيس الحكومة عزيز أخنوش.",
            ),
            article(
                "c.md",
                "2024-05-30",
                "سانا",
                "وزارة العمل السورية تطلق منصة للتشغيل\n\
أطلقت وزارة الشؤون الاجتماعية والعمل في دمشق منصة إلكترونية لربط الباحثين عن عمل بأصحاب العمل في القطاع الخاص.\n\
وأوضح معاون الوزير أن المنصة تضم حتى الآن 3500 فرصة عمل في قطاعات الصناعة والخدمات.",
            ),
            article(
                "d.md",
                "2024-05-31",
                "الأهرام",
                "مصر: زيادة الحد الأدنى للأجور في القطاع الخاص\n\
قرر المجلس القومي للأجور في القاهرة رفع الحد الأدنى لأجر العاملين في القطاع الخاص إلى 6000 جنيه شهريا اعتبارا من يوليو.\n\
وأكد وزير العمل المصري أن القرار يشمل جميع المنشآت ويخضع لرقابة مكاتب العمل.",
            ),
        ]
    }

    #[test]
    fn reworded_duplicates_merge_and_same_topic_events_stay_apart() {
        let arts = week_articles();
        let refs: Vec<&Article> = arts.iter().collect();
        let groups = duplicate_groups(&refs, DigestOptions::default().duplicate_threshold);
        assert_eq!(groups, vec![vec![0, 1], vec![2], vec![3]]);
    }

    #[test]
    fn a_week_of_stories_with_sources_and_highlights() {
        let arts = week_articles();
        let week = IsoWeek::of(d(2024, 5, 28));
        let digest = build(&arts, week, &DigestOptions::default());
        assert_eq!(digest.article_count, 4);
        assert_eq!(digest.story_count, 3);
        let merged = digest
            .stories
            .iter()
            .find(|s| s.source_count == 2)
            .expect("the agreement story");
        // The richest report supplies the summary; both outlets are listed.
        assert_eq!(merged.path, "a.md");
        assert_eq!(
            merged.sources[0].name.as_deref(),
            Some("وكالة المغرب العربي")
        );
        assert_eq!(merged.sources[1].name.as_deref(), Some("هسبريس"));
        assert_eq!(merged.date, "2024-05-28");
        // Two sources lift the merged story to the top.
        assert_eq!(digest.stories[0].path, "a.md");
        let numbers: Vec<usize> = digest.stories.iter().map(|s| s.number).collect();
        assert_eq!(numbers, vec![1, 2, 3]);
        assert!(
            (2..=3).contains(&digest.highlights.len()),
            "{:?}",
            digest.highlights
        );
        for h in &digest.highlights {
            let story = &digest.stories[h.story - 1];
            assert!(story.sentences.contains(&h.text));
            assert_eq!(h.anchor, story.anchor);
        }
        let mut stories: Vec<usize> = digest.highlights.iter().map(|h| h.story).collect();
        stories.dedup();
        assert_eq!(
            stories.len(),
            digest.highlights.len(),
            "one highlight per story"
        );
    }

    #[test]
    fn the_same_input_gives_the_same_digest() {
        let arts = week_articles();
        let week = IsoWeek::of(d(2024, 5, 28));
        let a = serde_json::to_string(&build(&arts, week, &DigestOptions::default())).unwrap();
        let mut reversed = arts.clone();
        reversed.reverse();
        let b = serde_json::to_string(&build(&reversed, week, &DigestOptions::default())).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn runaway_sentences_and_titles_are_shortened() {
        let long = "كلمة ".repeat(400);
        let s = shorten(&long, MAX_SENTENCE_WORDS);
        assert_eq!(s.split_whitespace().count(), MAX_SENTENCE_WORDS);
        assert!(s.ends_with("كلمة…"));
        assert_eq!(shorten("جملة قصيرة.", 5), "جملة قصيرة.");
    }
}
