//! TextRank keywords (Mihalcea & Tarau 2004, section 3): PageRank over a co-occurrence
//! graph of content words, with adjacent keywords merged into phrases. Words are compared
//! normalised and light-stemmed, and shown in their most frequent original spelling.

use rustc_hash::FxHashMap;

use super::sparse;
use crate::lexicon;
use crate::text;

/// Words further apart than this (in the sequence of content words) are not linked.
const WINDOW: usize = 2;
/// The graph keeps at most this many distinct words (the most frequent), which bounds
/// the matrix on long documents.
const MAX_VOCABULARY: usize = 600;

struct Token<'a> {
    key: u32,
    surface: &'a str,
    /// True when a stop word or a sentence end separates this token from the previous one.
    gap_before: bool,
}

fn tokens<'a>(sentences: &'a [String], vocab: &mut FxHashMap<String, u32>) -> Vec<Token<'a>> {
    let stop = lexicon::stopwords();
    let mut out = Vec::new();
    let mut norm = String::new();
    for sentence in sentences {
        let mut gap = true;
        text::for_each_word(sentence, |w| {
            text::normalize_into(w, &mut norm);
            let mut chars = norm.chars();
            let keep = chars.next().is_some()
                && chars.next().is_some()
                && !stop.contains(norm.as_str())
                && !norm.bytes().all(|b| b.is_ascii_digit());
            if !keep {
                gap = true;
                return;
            }
            let key = text::light_stem(&norm);
            let id = match vocab.get(key) {
                Some(&id) => id,
                None => {
                    let id = vocab.len() as u32;
                    vocab.insert(key.to_owned(), id);
                    id
                }
            };
            out.push(Token {
                key: id,
                surface: w,
                gap_before: gap,
            });
            gap = false;
        });
    }
    out
}

/// A word as a keyword is shown: without a leading conjunction و or ف before the article
/// ("والنقابات" → "النقابات"), which belongs to the sentence, not to the word.
fn display_form(w: &str) -> &str {
    for conj in ["و", "ف"] {
        if let Some(rest) = w.strip_prefix(conj)
            && rest.starts_with("ال")
            && rest.chars().count() >= 4
        {
            return rest;
        }
    }
    w
}

/// The `k` best keywords or key phrases of a document, best first.
pub fn keywords(sentences: &[String], k: usize) -> Vec<String> {
    let mut vocab = FxHashMap::default();
    let toks = tokens(sentences, &mut vocab);
    if toks.is_empty() || k == 0 {
        return Vec::new();
    }
    // Frequency of each key, and the graph restricted to the most frequent keys.
    let mut freq = vec![0usize; vocab.len()];
    for t in &toks {
        freq[t.key as usize] += 1;
    }
    let mut by_freq: Vec<usize> = (0..freq.len()).collect();
    by_freq.sort_by(|&a, &b| freq[b].cmp(&freq[a]).then(a.cmp(&b)));
    by_freq.truncate(MAX_VOCABULARY);
    let mut node = vec![usize::MAX; freq.len()];
    for (n, &key) in by_freq.iter().enumerate() {
        node[key] = n;
    }
    let n = by_freq.len();
    // The co-occurrence graph as an edge list (it is sparse: each word has a handful of
    // neighbours), in a fixed order.
    let mut counts: FxHashMap<(usize, usize), f64> = FxHashMap::default();
    for (i, t) in toks.iter().enumerate() {
        for d in 1..=WINDOW {
            let Some(u) = toks.get(i + d) else { break };
            let (a, b) = (node[t.key as usize], node[u.key as usize]);
            if a != usize::MAX && b != usize::MAX && a != b {
                *counts.entry((a.min(b), a.max(b))).or_insert(0.0) += 1.0;
            }
        }
    }
    let mut edges: Vec<(usize, usize, f64)> =
        counts.into_iter().map(|((a, b), w)| (a, b, w)).collect();
    edges.sort_by_key(|e| (e.0, e.1));
    let scores = sparse::pagerank(n, &edges, 0.85);
    let score = |key: u32| {
        let nd = node[key as usize];
        if nd == usize::MAX { 0.0 } else { scores[nd] }
    };

    // The top third of the words are keywords (at least k); adjacent keywords form
    // phrases.
    let mut ranked: Vec<usize> = by_freq.clone();
    ranked.sort_by(|&a, &b| score(b as u32).total_cmp(&score(a as u32)).then(a.cmp(&b)));
    let top = (n / 3).max(k).min(n);
    let mut is_key = vec![false; freq.len()];
    for &key in &ranked[..top] {
        is_key[key] = true;
    }
    let surface = most_frequent_surfaces(&toks, vocab.len());

    // Candidates: every keyword, and every pair of adjacent keywords that occurs at least
    // twice (a phrase the text really uses), shown as most often written.
    let mut pairs: FxHashMap<(u32, u32), Vec<String>> = FxHashMap::default();
    for w in toks.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if !b.gap_before && a.key != b.key && is_key[a.key as usize] && is_key[b.key as usize] {
            pairs.entry((a.key, b.key)).or_default().push(format!(
                "{} {}",
                display_form(a.surface),
                b.surface
            ));
        }
    }
    let mut candidates: Vec<(Vec<u32>, f64, String)> = Vec::new();
    for &key in &ranked[..top] {
        let key = key as u32;
        candidates.push((vec![key], score(key), surface[key as usize].clone()));
    }
    let mut pair_list: Vec<_> = pairs.into_iter().filter(|(_, v)| v.len() >= 2).collect();
    pair_list.sort_by_key(|p| p.0);
    for ((a, b), spellings) in pair_list {
        let shown = most_frequent(spellings.iter().map(String::as_str));
        candidates.push((vec![a, b], score(a) + score(b), shown));
    }
    // Best first (ties: fewer words, then spelling); a candidate sharing a word with a
    // better one is skipped, so no word is shown twice.
    candidates.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then(a.0.len().cmp(&b.0.len()))
            .then(a.2.cmp(&b.2))
    });
    let mut out: Vec<String> = Vec::new();
    let mut used: Vec<u32> = Vec::new();
    for (keys, _, shown) in candidates {
        if keys.iter().any(|key| used.contains(key)) || shown.is_empty() {
            continue;
        }
        used.extend(&keys);
        out.push(shown);
        if out.len() == k {
            break;
        }
    }
    out
}

/// The most frequent string (ties: the first seen).
fn most_frequent<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for s in items {
        match counts.iter_mut().find(|(x, _)| *x == s) {
            Some((_, n)) => *n += 1,
            None => counts.push((s, 1)),
        }
    }
    counts
        .iter()
        .fold(None::<(&str, usize)>, |best, &(s, n)| match best {
            Some((_, bn)) if bn >= n => best,
            _ => Some((s, n)),
        })
        .map_or_else(String::new, |(s, _)| s.to_owned())
}

/// For each key, its most frequent original spelling (ties: the first seen).
fn most_frequent_surfaces(toks: &[Token], vocabulary: usize) -> Vec<String> {
    let mut spellings: Vec<Vec<&str>> = vec![Vec::new(); vocabulary];
    for t in toks {
        spellings[t.key as usize].push(display_form(t.surface));
    }
    spellings
        .into_iter()
        .map(|v| most_frequent(v.into_iter()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn frequent_connected_words_are_keywords_in_their_usual_spelling() {
        let s = sents(&[
            "أطلقت وزارة العمل برنامجا لتشغيل الشباب في المدن.",
            "ويهدف برنامج تشغيل الشباب إلى خفض البطالة بين الشباب.",
            "وقالت وزارة العمل إن البطالة بين الشباب تراجعت.",
            "والشباب العاطلون هم أول المستفيدين من البرنامج.",
        ]);
        let k = keywords(&s, 4);
        assert_eq!(k.len(), 4, "{k:?}");
        assert!(k.iter().any(|w| w.contains("الشباب")), "{k:?}");
        // Shown as written most often, not as the stem.
        assert!(!k.iter().any(|w| w == "شباب"), "{k:?}");
        assert!(k.iter().all(|w| !w.is_empty()));
    }

    #[test]
    fn conjunctions_are_not_shown() {
        assert_eq!(display_form("والنقابات"), "النقابات");
        assert_eq!(display_form("فالعمال"), "العمال");
        assert_eq!(display_form("وزارة"), "وزارة");
        assert_eq!(display_form("وال"), "وال");
    }

    #[test]
    fn deterministic_and_empty_safe() {
        let s = sents(&["النقابات تطالب برفع الأجور", "الحكومة تدرس رفع الأجور قريبا"]);
        assert_eq!(keywords(&s, 3), keywords(&s, 3));
        assert!(keywords(&[], 3).is_empty());
        assert!(keywords(&sents(&["في من على"]), 3).is_empty());
    }
}
