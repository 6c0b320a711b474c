//! Digest: the week's articles made into stories, summarised, ranked and placed.
//!
//! Takes articles and an ISO week, gives a [`Digest`]: one plain, serialisable struct
//! (dates as dates, counts as numbers; render writes every label from it). Articles that
//! report the same event are merged into one story (TF-IDF cosine of title and body, numbers
//! included, at or above [`DigestOptions::duplicate_threshold`]); the richest article
//! supplies the summary and every article is listed as a source. A TextRank over the
//! week's summary sentences gives each story its centrality and picks the highlights:
//! sentences that stand alone, which their story then does not repeat. Each story shown
//! gets its country from the gazetteer (dateline, places named, outlets).

use std::sync::OnceLock;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use crate::gazetteer;
use crate::ingest::Article;
use crate::rank::sparse::{self, NeighbourOptions, TermOptions};
use crate::rank::{self, Budget, RankParams};
use crate::text;
use crate::week::IsoWeek;

/// What a digest is made of.
#[derive(Debug, Clone)]
pub struct DigestOptions {
    /// The newsletter's name, shown as the main heading.
    pub title: String,
    /// Summary sentences per story (3).
    pub sentences_per_story: usize,
    /// Sentences in "أبرز ما في الأسبوع" (5). The section is left out unless the week has
    /// more stories than this: a list of every story's lead adds nothing to the stories.
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
    pub date: NaiveDate,
    pub path: String,
}

/// One event of the week: one article, or several reporting the same thing.
#[derive(Debug, Clone, Serialize)]
pub struct Story {
    /// 1, 2, 3… by importance.
    pub number: usize,
    pub title: String,
    /// True when the article had no title and `title` was made from its first sentence.
    pub title_from_text: bool,
    /// The outlet of the article that supplied the summary.
    pub source: Option<String>,
    pub place: Option<String>,
    /// The country the story happens in (gazetteer name, "المغرب") and its ISO code, from
    /// the dateline, the places named in the title and text, and the outlets; null when
    /// none of them names an Arab country.
    pub country: Option<String>,
    pub country_code: Option<String>,
    /// That article's link (`http(s)` only, percent-encoded), or null.
    pub url: Option<String>,
    /// The earliest date among the story's articles.
    pub date: NaiveDate,
    /// Summary sentences in document order, as written in the article; a sentence shown
    /// among the highlights is not repeated here (the article's next best takes its place).
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

/// A sentence of "أبرز ما في الأسبوع": it stands alone (no opening that points back to a
/// sentence before it) and is the most central such sentence of its story.
#[derive(Debug, Clone, Serialize)]
pub struct Highlight {
    pub text: String,
    /// The number of the story it comes from.
    pub story: usize,
}

/// The digest of one week, as plain data: render writes the labels.
#[derive(Debug, Clone, Serialize)]
pub struct Digest {
    pub title: String,
    /// `2024-W22`.
    pub week: String,
    pub year: i32,
    pub week_number: u32,
    /// Monday and Sunday of the week.
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Articles of the week, and stories after merging duplicates.
    pub article_count: usize,
    pub story_count: usize,
    /// Stories not shown (past `max_stories`).
    pub more_stories: usize,
    pub highlights: Vec<Highlight>,
    pub stories: Vec<Story>,
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
    let first = article.sentences().next().unwrap_or("");
    shorten(first, words)
}

/// TextRank keywords of an article's title and body (its first 400 sentences, which
/// bounds the work on a huge article).
pub fn article_keywords(article: &Article, k: usize) -> Vec<String> {
    let mut text: Vec<&str> = article.title.as_deref().into_iter().collect();
    text.extend(article.sentences().take(400));
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

/// An article's title as the digest shows it, computed once for each article.
struct Title {
    text: String,
    from_text: bool,
}

fn title_of(article: &Article, opts: &DigestOptions) -> Title {
    match &article.title {
        Some(t) => Title {
            text: t.clone(),
            from_text: false,
        },
        None => Title {
            text: fallback_title(article, opts.fallback_title_words),
            from_text: true,
        },
    }
}

/// A story's summary, from its lead article: only leads are summarised.
struct Summary {
    /// The summary's sentence indices, in document order.
    sentences: Vec<usize>,
    /// The next best sentence, which replaces a summary sentence taken as a highlight.
    spare: Option<usize>,
}

fn summarise(article: &Article, opts: &DigestOptions) -> Summary {
    // Maximal marginal relevance is greedy: the first N of N + 1 are the best N.
    let mut ranked = rank::rank_order(
        &article.sentences().collect::<Vec<_>>(),
        article.title.as_deref(),
        Budget::Sentences(opts.sentences_per_story + 1),
        &opts.rank,
    );
    let spare =
        (ranked.len() > opts.sentences_per_story).then(|| ranked.remove(opts.sentences_per_story));
    ranked.sort_unstable();
    Summary {
        sentences: ranked,
        spare,
    }
}

/// Summary sentences as shown: in document order, runaway ones shortened.
fn summary_text(article: &Article, indices: &[usize]) -> Vec<String> {
    indices
        .iter()
        .map(|&i| shorten(article.sentence(i), MAX_SENTENCE_WORDS))
        .collect()
}

/// Groups of articles that report the same event; each group sorted, groups in order.
pub fn duplicate_groups(articles: &[&Article], threshold: f64) -> Vec<Vec<usize>> {
    // Reports of one event share their opening: the title and the first words of the body
    // decide, which also bounds the work on long articles.
    const LEAD_WORDS: usize = 200;
    // Each lead as the title and the body's opening, borrowed (read as joined by a line
    // break).
    let texts: Vec<Lead> = articles
        .par_iter()
        .map(|a| {
            let end = text::ws_words(&a.body)
                .nth(LEAD_WORDS)
                .map_or(a.body.len(), |w| {
                    w.as_ptr() as usize - a.body.as_ptr() as usize
                });
            [a.title.as_deref().unwrap_or(""), &a.body[..end]]
        })
        .collect();
    // Copies and near-copies first, whatever their number: the similarity search below
    // bounds its work per term and per article, which a flood of copies exceeds (and
    // copies make every shared term look common).
    let copies = near_copies(&texts);
    let lead_texts: Vec<Lead> = copies.iter().map(|g| texts[g[0]]).collect();
    drop(texts);
    let vecs = sparse::tfidf_vectors(
        &lead_texts,
        TermOptions {
            stem: true,
            numbers: true,
        },
    );
    let leaders = lead_texts.len();
    drop(lead_texts);
    let pairs = sparse::similar_pairs(
        &vecs,
        NeighbourOptions {
            threshold,
            max_postings: 500,
            query_terms: 40,
            max_neighbours: 50,
        },
    );
    sparse::leader_groups(leaders, &pairs)
        .into_iter()
        .map(|g| {
            let mut members: Vec<usize> = g.iter().flat_map(|&k| copies[k].clone()).collect();
            members.sort_unstable();
            members
        })
        .collect()
}

/// An article's title and the opening of its body, in [`duplicate_groups`].
type Lead<'a> = [&'a str; 2];

/// MinHash values per text, in [`near_copies`].
const MINHASHES: usize = 64;
/// Bands of `MINHASHES / BANDS` values: texts equal in one band are compared.
const BANDS: usize = 16;
/// Equal MinHash values (of [`MINHASHES`]) that make two texts near-copies: an estimated
/// Jaccard similarity of their word triples of 0.7 or more.
const NEAR_COPY_VALUES: usize = 45;

/// The MinHash signature of a text's word triples (words lower-cased, punctuation
/// dropped); `None` for a text without words.
fn minhash(text: &Lead) -> Option<[u64; MINHASHES]> {
    use std::hash::Hasher;
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
        .iter()
        .flat_map(|piece| text::ws_words(piece))
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
    (!words.is_empty()).then(|| signature(words))
}

/// splitmix64's finaliser: spreads one hash into independent-looking ones.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The value for the triple hashed to `base` of the MinHash function seeded `seed`: one
/// multiply per value, a cheap, well-spread family of hash functions.
fn minhash_value(base: u64, seed: u64) -> u64 {
    let v = (base ^ seed).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    v ^ (v >> 29)
}

/// The MinHash signature of a text's word hashes (not empty): each value the least over
/// its word triples (over all its words when it has fewer than three).
fn signature(mut words: Vec<u64>) -> [u64; MINHASHES] {
    // Each triple's hash, in place of its first word (a window reads only words after the
    // one it replaces).
    let width = 3.min(words.len());
    for i in 0..=words.len() - width {
        words[i] = mix(words[i..i + width]
            .iter()
            .fold(0u64, |acc, &w| acc.rotate_left(21) ^ w));
    }
    words.truncate(words.len() + 1 - width);
    let bases = words;
    // Value by value, each the least over the triples taken in four independent runs (a
    // minimum does not depend on the order), so the processor overlaps them.
    std::array::from_fn(|k| {
        let seed = mix(k as u64 + 1);
        let mut least = [u64::MAX; 4];
        let mut quads = bases.chunks_exact(4);
        for quad in &mut quads {
            for (l, &b) in least.iter_mut().zip(quad) {
                *l = (*l).min(minhash_value(b, seed));
            }
        }
        let rest = quads.remainder().iter().map(|&b| minhash_value(b, seed));
        least.into_iter().chain(rest).min().unwrap_or(u64::MAX)
    })
}

/// Groups of identical and near-identical texts, each led by its first text, in order of
/// their leaders. Each text is compared only with the leaders it shares a band of its
/// MinHash signature with (at most [`BUCKET_LEADERS`] per band); the texts sharing a band's
/// values are found by sorting each band, the bands in parallel.
fn near_copies(texts: &[Lead]) -> Vec<Vec<usize>> {
    let sigs: Vec<Option<[u64; MINHASHES]>> = texts.par_iter().map(minhash).collect();
    let bucket_of: Vec<Vec<u32>> = (0..BANDS)
        .into_par_iter()
        .map(|b| band_buckets(&sigs, b))
        .collect();
    copy_groups(&sigs, &bucket_of)
}

/// [`near_copies`] of texts with signatures `sigs`, whose buckets in band `b` are
/// `bucket_of[b]` (numbers below the number of texts; `u32::MAX` without a signature).
fn copy_groups(sigs: &[Option<[u64; MINHASHES]>], bucket_of: &[Vec<u32>]) -> Vec<Vec<usize>> {
    // Each band's buckets: the leaders holding its values, in order.
    let mut buckets: Vec<Vec<Option<Leaders>>> = bucket_of
        .iter()
        .map(|_| (0..sigs.len()).map(|_| None).collect())
        .collect();
    let mut group_of: Vec<usize> = vec![usize::MAX; sigs.len()];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, sig) in sigs.iter().enumerate() {
        let Some(sig) = sig else {
            groups.push(vec![i]);
            continue;
        };
        let mut best: Option<(usize, usize)> = None;
        for (b, ids) in bucket_of.iter().enumerate() {
            let leaders = buckets[b][ids[i] as usize]
                .as_ref()
                .map_or(&[][..], Leaders::as_slice);
            for &l in leaders {
                let l = l as usize;
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
                for (b, ids) in bucket_of.iter().enumerate() {
                    let bucket = &mut buckets[b][ids[i] as usize];
                    match bucket {
                        Some(l) => l.push(i as u32),
                        None => *bucket = Some(Leaders::One(i as u32)),
                    }
                }
            }
        }
    }
    groups
}

/// Band `b` of each signature as a number, equal for equal values (in order of the values;
/// `u32::MAX` for a text without a signature): the texts that share a bucket, found by
/// sorting instead of hashing, one band per thread.
fn band_buckets(sigs: &[Option<[u64; MINHASHES]>], b: usize) -> Vec<u32> {
    const ROWS: usize = MINHASHES / BANDS;
    let band = |i: u32| {
        sigs[i as usize]
            .as_ref()
            .map(|s| &s[b * ROWS..(b + 1) * ROWS])
    };
    let mut order: Vec<u32> = (0..sigs.len() as u32)
        .filter(|&i| sigs[i as usize].is_some())
        .collect();
    order.sort_unstable_by(|&x, &y| band(x).cmp(&band(y)));
    let mut ids = vec![u32::MAX; sigs.len()];
    let mut id = 0;
    for (k, &i) in order.iter().enumerate() {
        if k > 0 && band(order[k - 1]) != band(i) {
            id += 1;
        }
        ids[i as usize] = id;
    }
    ids
}

/// Leaders compared per band in [`near_copies`]: the first ones of its bucket.
const BUCKET_LEADERS: usize = 32;

/// The leaders in one bucket of [`near_copies`], in order, up to [`BUCKET_LEADERS`] (no
/// later one is compared): most buckets hold one, kept without an allocation of its own.
enum Leaders {
    One(u32),
    Many(Vec<u32>),
}

impl Leaders {
    fn as_slice(&self) -> &[u32] {
        match self {
            Leaders::One(l) => std::slice::from_ref(l),
            Leaders::Many(v) => v,
        }
    }

    fn push(&mut self, l: u32) {
        match self {
            Leaders::One(first) => *self = Leaders::Many(vec![*first, l]),
            Leaders::Many(v) if v.len() < BUCKET_LEADERS => v.push(l),
            Leaders::Many(_) => {}
        }
    }
}

/// The richest article of a group supplies the summary: most sentences, then longest body,
/// then the first.
fn richest(group: &[usize], articles: &[&Article]) -> usize {
    *group
        .iter()
        .max_by(|&&a, &&b| {
            let (x, y) = (articles[a], articles[b]);
            x.sentence_count()
                .cmp(&y.sentence_count())
                .then(x.body.len().cmp(&y.body.len()))
                .then(b.cmp(&a))
        })
        .expect("groups are not empty")
}

/// The country of a story: evidence from its articles, each country scored by where it
/// is named. The lead article's dateline place weighs most (5), then a place in its
/// title (3), each outlet or country-code link of the story's articles (2), and each
/// place named in the lead's first sentences (1). Countries outside the region count too:
/// when one of them scores more than the best Arab country (a story about Venezuela filed
/// from Abu Dhabi) and the title does not name that Arab country alone, the story has no
/// country. Ties go to the Arab country, then to the
/// country named first; a
/// country named only once in passing (score 1) is not enough: a Moroccan minister's
/// statement of solidarity with Palestinian workers happens in Morocco, not Palestine.
fn story_country(members: &[&Article]) -> Option<usize> {
    const TEXT_SENTENCES: usize = 5;
    const ENOUGH: u32 = 2;
    let g = gazetteer::get();
    let mut score: Vec<(usize, u32)> = Vec::new();
    let mut add = |c: usize, w: u32| match score.iter_mut().find(|(x, _)| *x == c) {
        Some((_, s)) => *s += w,
        None => score.push((c, w)),
    };
    let lead = members.first()?;
    for c in lead.place.iter().flat_map(|p| g.places_in(p)) {
        add(c, 5);
    }
    let in_title: Vec<usize> = lead.title.iter().flat_map(|t| g.places_in(t)).collect();
    for &c in &in_title {
        add(c, 3);
    }
    for m in members {
        let by_source = m.source.as_deref().and_then(|s| g.source_country(s));
        let by_url = m.url.as_deref().and_then(|u| g.url_country(u));
        if let Some(c) = by_source.or(by_url) {
            add(c, 2);
        }
    }
    for sentence in lead.sentences().take(TEXT_SENTENCES) {
        for c in g.places_in(sentence) {
            add(c, 1);
        }
    }
    // The first of the best (`max_by` keeps the last of equals, so compare reversed).
    let best = |arab: bool| {
        score
            .iter()
            .rev()
            .filter(|&&(c, _)| g.countries[c].arab == arab)
            .max_by_key(|&&(_, s)| s)
            .copied()
    };
    let (country, s) = best(true)?;
    let outside = best(false).map_or(0, |(_, s)| s);
    // A title naming only Arab countries says where the story is, whatever the text adds.
    let title_says = in_title.contains(&country) && in_title.iter().all(|&c| g.countries[c].arab);
    (s >= ENOUGH && (outside <= s || title_says)).then_some(country)
}

/// "https://www.example.com/news/1" → "example.com": a link's site names its outlet when
/// the article names none.
fn site_host(url: &str) -> Option<String> {
    let rest = url
        .split_once("://")
        .filter(|(s, _)| matches!(*s, "http" | "https"))?
        .1;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (host.contains('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || ".-".contains(c)))
    .then(|| host.to_lowercase())
}

/// A story's articles: the lead first, then by date and file.
fn members_in_order(chosen: &[&Article], group: &[usize], lead: usize) -> Vec<usize> {
    let mut members: Vec<usize> = group.to_vec();
    members.sort_by(|&i, &j| {
        let key = |k: usize| (k != lead, chosen[k].date, &chosen[k].path);
        key(i).cmp(&key(j))
    });
    members
}

/// One story, before ordering, from a group of articles and its richest member. Its
/// country is left for [`set_country`]: only the stories shown need one.
fn make_story(
    chosen: &[&Article],
    titles: &[Title],
    group: &[usize],
    lead: usize,
    summary: &Summary,
) -> Story {
    let a = chosen[lead];
    let members = members_in_order(chosen, group, lead);
    let sources: Vec<Source> = members
        .iter()
        .map(|&i| {
            let m = chosen[i];
            Source {
                name: m
                    .source
                    .clone()
                    .or_else(|| m.url.as_deref().and_then(site_host)),
                title: titles[i].text.clone(),
                url: m.url.as_deref().and_then(safe_url),
                date: m.date.expect("dated"),
                path: m.path.clone(),
            }
        })
        .collect();
    Story {
        number: 0,
        title: titles[lead].text.clone(),
        title_from_text: titles[lead].from_text,
        source: a.source.clone(),
        place: a.place.clone(),
        country: None,
        country_code: None,
        url: a.url.as_deref().and_then(safe_url),
        date: sources.iter().map(|s| s.date).min().expect("dated"),
        sentences: summary_text(a, &summary.sentences),
        keywords: Vec::new(),
        source_count: sources.len(),
        sources,
        centrality: 0.0,
        path: a.path.clone(),
    }
}

/// The country of `story`, made from the articles of `group` led by `lead`.
fn set_country(story: &mut Story, chosen: &[&Article], group: &[usize], lead: usize) {
    let members: Vec<&Article> = members_in_order(chosen, group, lead)
        .into_iter()
        .map(|i| chosen[i])
        .collect();
    let country = story_country(&members).map(|c| &gazetteer::get().countries[c]);
    story.country = country.map(|c| c.name.to_owned());
    story.country_code = country.map(|c| c.code.to_owned());
}

/// The week's sentence graph: every story's summary sentences, with the story each
/// belongs to and its place in that summary.
struct WeekGraph {
    story: Vec<usize>,
    position: Vec<usize>,
    text: Vec<String>,
    vecs: Vec<sparse::SparseVec>,
    scores: Vec<f64>,
}

fn week_graph(stories: &[Story]) -> WeekGraph {
    let (mut story, mut position, mut text) = (Vec::new(), Vec::new(), Vec::new());
    for (s, st) in stories.iter().enumerate() {
        for (k, sentence) in st.sentences.iter().enumerate() {
            story.push(s);
            position.push(k);
            text.push(sentence.clone());
        }
    }
    let vecs = sparse::tfidf_vectors(
        &text.iter().map(std::slice::from_ref).collect::<Vec<_>>(),
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
    let scores = sparse::pagerank(text.len(), edges, 0.85);
    WeekGraph {
        story,
        position,
        text,
        vecs,
        scores,
    }
}

/// The digest stage's own steps on stderr when `DIGEST_TIMINGS` is set, as the command's
/// stages are.
struct Steps(Option<std::time::Instant>);

impl Steps {
    fn from_env() -> Steps {
        Steps(std::env::var_os("DIGEST_TIMINGS").map(|_| std::time::Instant::now()))
    }

    fn mark(&mut self, step: &str) {
        if let Some(last) = self.0 {
            let now = std::time::Instant::now();
            eprintln!(
                "digest: timing: digest/{step} {:.3} s",
                (now - last).as_secs_f64()
            );
            self.0 = Some(now);
        }
    }
}

/// Build the digest of `week` from all articles (those dated elsewhere are ignored).
pub fn build(articles: &[Article], week: IsoWeek, opts: &DigestOptions) -> Digest {
    let mut steps = Steps::from_env();
    let chosen = articles_in_week(articles, week);
    let groups = duplicate_groups(&chosen, opts.duplicate_threshold);
    steps.mark("duplicates");
    let leads: Vec<usize> = groups.iter().map(|g| richest(g, &chosen)).collect();
    // Only a story's lead is summarised; every article gives its title.
    let summaries: Vec<Summary> = leads
        .par_iter()
        .map(|&lead| summarise(chosen[lead], opts))
        .collect();
    let titles: Vec<Title> = chosen.par_iter().map(|a| title_of(a, opts)).collect();
    steps.mark("summaries");
    let mut stories: Vec<Story> = groups
        .par_iter()
        .zip(&leads)
        .zip(&summaries)
        .map(|((group, &lead), summary)| make_story(&chosen, &titles, group, lead, summary))
        .collect();
    steps.mark("stories");
    let graph = week_graph(&stories);
    steps.mark("week graph");
    for (node, &s) in graph.story.iter().enumerate() {
        stories[s].centrality += graph.scores[node];
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
    }
    let total_stories = stories.len();
    stories.truncate(opts.max_stories.max(1));
    // Keywords and countries only for the stories shown.
    let shown_leads: Vec<usize> = order
        .iter()
        .take(stories.len())
        .map(|&s| leads[s])
        .collect();
    let shown_summaries: Vec<&Summary> = order
        .iter()
        .take(stories.len())
        .map(|&s| &summaries[s])
        .collect();
    stories
        .par_iter_mut()
        .zip(order.par_iter())
        .for_each(|(story, &s)| {
            story.keywords = article_keywords(chosen[leads[s]], opts.keywords_per_story);
            set_country(story, &chosen, &groups[s], leads[s]);
        });

    // A story whose only sentence became a highlight would be left without text.
    let may_lend: Vec<bool> = shown_summaries
        .iter()
        .map(|p| p.sentences.len() > 1 || p.spare.is_some())
        .collect();
    steps.mark("keywords");
    let picked = highlights(&may_lend, &graph, &rank_of, opts);
    let mut highlights = Vec::with_capacity(picked.len());
    for node in picked {
        let s = rank_of[graph.story[node]];
        let lead = shown_leads[s];
        let p = shown_summaries[s];
        // The story below gives the rest: its summary without the highlight, and the
        // article's next best sentence in its place.
        let mut rest: Vec<usize> = p.sentences.clone();
        rest.remove(graph.position[node]);
        rest.extend(p.spare);
        rest.sort_unstable();
        stories[s].sentences = summary_text(chosen[lead], &rest);
        highlights.push(Highlight {
            text: graph.text[node].clone(),
            story: stories[s].number,
        });
    }

    steps.mark("highlights");
    Digest {
        title: opts.title.clone(),
        week: week.to_string(),
        year: week.year(),
        week_number: week.week(),
        start: week.monday(),
        end: week.sunday(),
        article_count: chosen.len(),
        story_count: total_stories,
        more_stories: total_stories - stories.len(),
        highlights,
        stories,
    }
}

/// The back-reference lexicon (`data/back_references.txt`), normalised.
struct BackReferences {
    openers: Vec<Vec<String>>,
    speech: Vec<String>,
    no_subject: Vec<String>,
    early: Vec<String>,
}

fn back_references() -> &'static BackReferences {
    static CELL: OnceLock<BackReferences> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut sections: Vec<(&str, Vec<Vec<String>>)> = Vec::new();
        for line in include_str!("../data/back_references.txt").lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                Some(name) => sections.push((name, Vec::new())),
                None => sections
                    .last_mut()
                    .expect("data/back_references.txt: a [section] first")
                    .1
                    .push(
                        text::words(line)
                            .iter()
                            .map(|w| text::normalize(w))
                            .collect(),
                    ),
            }
        }
        let mut take = |name: &str| {
            sections
                .iter_mut()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| std::mem::take(v))
                .unwrap_or_default()
        };
        let words = |v: Vec<Vec<String>>| v.into_iter().flatten().collect::<Vec<String>>();
        BackReferences {
            openers: take("openers"),
            speech: words(take("speech")),
            no_subject: words(take("no_subject")),
            early: words(take("early")),
        }
    })
}

/// Whether a sentence can stand alone, out of its article: it does not open with a
/// connective or pronoun pointing back ("كما", "وهو ما", "وأضاف"), nor with a reporting
/// verb whose subject is left out ("وأوضح أن"), nor point back among its first words
/// ("وينص الاتفاق أيضا").
pub fn stands_alone(sentence: &str) -> bool {
    const EARLY_WORDS: usize = 4;
    let b = back_references();
    let words: Vec<String> = text::words(sentence)
        .iter()
        .take(EARLY_WORDS)
        .map(|w| text::normalize(w))
        .collect();
    let Some(first) = words.first() else {
        return false;
    };
    let opens_back = b.openers.iter().any(|o| words.starts_with(o));
    let unnamed_speaker =
        b.speech.contains(first) && words.get(1).is_some_and(|w| b.no_subject.contains(w));
    let points_back = words.iter().any(|w| b.early.contains(w));
    !(opens_back || unnamed_speaker || points_back)
}

/// The week's most central sentences that stand alone, at most one per shown story (one
/// that `may_lend` a sentence), none too like another (cosine above 0.5), in order of
/// centrality: graph nodes. None unless the week has more stories than `opts.highlights`.
fn highlights(
    may_lend: &[bool],
    graph: &WeekGraph,
    rank_of: &[usize],
    opts: &DigestOptions,
) -> Vec<usize> {
    let shown = may_lend.len();
    if shown <= opts.highlights || opts.highlights == 0 {
        return Vec::new();
    }
    let mut nodes: Vec<usize> = (0..graph.text.len()).collect();
    nodes.sort_by(|&a, &b| graph.scores[b].total_cmp(&graph.scores[a]).then(a.cmp(&b)));
    let mut picked: Vec<usize> = Vec::new();
    let mut used_story = vec![false; rank_of.len()];
    for node in nodes {
        let s = rank_of[graph.story[node]];
        if s >= shown
            || used_story[s]
            || !may_lend[s]
            || !stands_alone(&graph.text[node])
            || picked
                .iter()
                .any(|&p| sparse::cosine(&graph.vecs[p], &graph.vecs[node]) > 0.5)
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
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`near_copies`] with a hash table per band numbering the buckets: what the sorted
    /// bands must give.
    fn near_copies_by_hashing(texts: &[Lead]) -> Vec<Vec<usize>> {
        const ROWS: usize = MINHASHES / BANDS;
        let sigs: Vec<Option<[u64; MINHASHES]>> = texts.iter().map(minhash).collect();
        let bucket_of: Vec<Vec<u32>> = (0..BANDS)
            .map(|b| {
                let mut number: rustc_hash::FxHashMap<&[u64], u32> = Default::default();
                sigs.iter()
                    .map(|sig| match sig {
                        Some(sig) => {
                            let next = number.len() as u32;
                            *number.entry(&sig[b * ROWS..(b + 1) * ROWS]).or_insert(next)
                        }
                        None => u32::MAX,
                    })
                    .collect()
            })
            .collect();
        copy_groups(&sigs, &bucket_of)
    }

    #[test]
    fn sorted_bands_find_the_same_copies_as_hash_tables() {
        // Texts from a small vocabulary: some copied whole, some with a word or two changed,
        // a flood of one text (more than a bucket keeps), and some without words.
        let vocab = [
            "عمال",
            "الميناء",
            "اضراب",
            "الاجور",
            "وزارة",
            "العمل",
            "نقابة",
            "قانون",
        ];
        use proptest::prelude::Rng;
        let mut rng = proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        );
        let mut draw = |m: usize| (rng.next_u64() % m as u64) as usize;
        let mut texts: Vec<String> = Vec::new();
        for k in 0..400 {
            let text = match k % 5 {
                0 | 1 if !texts.is_empty() => {
                    let mut words: Vec<&str> = texts[draw(texts.len())].split(' ').collect();
                    for _ in 0..k % 3 {
                        let at = draw(words.len());
                        words[at] = vocab[draw(vocab.len())];
                    }
                    words.join(" ")
                }
                2 if k % 7 == 0 => "؟ ، .".to_string(),
                3 if k < 200 => texts.first().cloned().unwrap_or_default(),
                _ => (0..40)
                    .map(|_| vocab[draw(vocab.len())])
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            texts.push(text);
        }
        let leads: Vec<Lead> = texts.iter().map(|t| ["", t.as_str()]).collect();
        let groups = near_copies(&leads);
        assert!(groups.iter().any(|g| g.len() > BUCKET_LEADERS));
        assert!(
            groups
                .iter()
                .filter(|g| (2..BUCKET_LEADERS).contains(&g.len()))
                .count()
                >= 20
        );
        assert_eq!(groups, near_copies_by_hashing(&leads));
    }

    proptest::proptest! {
        #[test]
        fn signature_values_are_the_least_over_triples(
            words in proptest::collection::vec(proptest::prelude::any::<u64>(), 1..40)
        ) {
            // Triple by triple into all values at once, as the signature was first written.
            let mut want = [u64::MAX; MINHASHES];
            for triple in words.windows(3.min(words.len())) {
                let base = mix(triple.iter().fold(0u64, |acc, &w| acc.rotate_left(21) ^ w));
                for (k, slot) in want.iter_mut().enumerate() {
                    *slot = (*slot).min(minhash_value(base, mix(k as u64 + 1)));
                }
            }
            proptest::prop_assert_eq!(signature(words), want);
        }
    }
    use crate::ingest::{Given, parse_article};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
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
    fn a_story_happens_where_its_dateline_title_text_and_outlets_say() {
        let a = |place: Option<&str>, source: &str, text: &str| {
            let mut x = article("x.md", "2024-05-28", source, text);
            x.place = place.map(str::to_owned);
            x
        };
        let code = |x: &Article| story_country(&[x]).map(|c| gazetteer::get().countries[c].code);
        // The dateline decides.
        let rabat = a(Some("الرباط"), "مصدر", "عنوان\nقررت الحكومة رفع الأجور.");
        assert_eq!(code(&rabat), Some("MA"));
        // Places in the title and text, and the outlet, add up.
        let cairo = a(
            None,
            "الأهرام",
            "الأجور في مصر\nقرر المجلس في القاهرة رفع الأجر.",
        );
        assert_eq!(code(&cairo), Some("EG"));
        // One passing mention is not enough.
        let passing = a(
            None,
            "مصدر",
            "اجتماع وزراء العمل لدول عدم الانحياز\nشارك الوزير في الاجتماع الافتراضي لوزراء العمل.\nوعبر المشاركون عن تضامنهم مع العمال في فلسطين.",
        );
        assert_eq!(code(&passing), None);
        // A story about a country outside the region, filed from an Arab capital.
        let abroad = a(
            Some("أبوظبي"),
            "مصدر",
            "فنزويلا ترفع الأجور\nأعلن الرئيس الفنزويلي في كراكاس زيادة الأجور.\nوقالت الحكومة الفنزويلية إن القرار نهائي.",
        );
        assert_eq!(code(&abroad), None);
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
        let opts = DigestOptions {
            highlights: 2,
            ..DigestOptions::default()
        };
        let digest = build(&arts, week, &opts);
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
        assert_eq!(merged.date, d(2024, 5, 28));
        assert_eq!(merged.country_code.as_deref(), Some("MA"));
        // Two sources lift the merged story to the top.
        assert_eq!(digest.stories[0].path, "a.md");
        let numbers: Vec<usize> = digest.stories.iter().map(|s| s.number).collect();
        assert_eq!(numbers, vec![1, 2, 3]);
        assert_eq!(digest.highlights.len(), 2, "{:?}", digest.highlights);
        let arts_by_path = |p: &str| arts.iter().find(|a| a.path == p).unwrap();
        for h in &digest.highlights {
            let story = &digest.stories[h.story - 1];
            assert!(stands_alone(&h.text), "{}", h.text);
            // The highlight comes from the story's article, and the story does not repeat
            // it: the article's next best sentence takes its place.
            assert!(arts_by_path(&story.path).sentences().any(|s| s == h.text));
            assert!(!story.sentences.contains(&h.text), "{h:?} {story:?}");
            let n = arts_by_path(&story.path).sentence_count();
            assert_eq!(story.sentences.len(), 3.min(n - 1));
        }
        let mut stories: Vec<usize> = digest.highlights.iter().map(|h| h.story).collect();
        stories.sort_unstable();
        stories.dedup();
        assert_eq!(stories.len(), 2, "one highlight per story");
        // With as many highlights as stories, the section would repeat them all: none.
        let few = build(
            &arts,
            week,
            &DigestOptions {
                highlights: 3,
                ..opts.clone()
            },
        );
        assert!(few.highlights.is_empty());
    }

    #[test]
    fn sentences_that_lean_on_the_one_before_do_not_stand_alone() {
        let table = [
            ("قرر المجلس القومي للأجور رفع الحد الأدنى للأجر.", true),
            ("وأوضح معاون الوزير أن المنصة تضم 3500 فرصة عمل.", true),
            ("وقال رئيس الحكومة إن الاتفاق يعزز القدرة الشرائية.", true),
            ("وينص الاتفاق أيضا على رفع الحد الأدنى للأجور.", false),
            ("كما يرفع الاتفاق الحد الأدنى للأجور.", false),
            ("وأضاف أن الحكومة ستواصل الحوار.", false),
            ("وأوضح أن المنصة مجانية.", false),
            ("وهو ما رحبت به النقابات.", false),
            ("وفي هذا السياق، أعلنت الوزارة عن برنامج جديد.", false),
            ("ذلك أن القانون لا يشمل العمال الموسميين.", false),
            ("", false),
        ];
        for (sentence, alone) in table {
            assert_eq!(stands_alone(sentence), alone, "{sentence}");
        }
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
