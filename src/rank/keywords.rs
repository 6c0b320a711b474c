//! TextRank keywords (Mihalcea & Tarau 2004, section 3): PageRank over a co-occurrence
//! graph of content words, with adjacent keywords merged into phrases. Words are compared
//! normalised and light-stemmed, and shown in their most frequent original spelling.
//!
//! A keyword must stand on its own: a phrase is a whole noun phrase (a definite word is
//! not followed by an indefinite one inside it, a prepositional word such as "للعاملين"
//! or a new conjunct "والعدل" ends it, and it is extended over the words the text always
//! writes with it, so "النيابة" becomes "رئاسة النيابة العامة"), and a keyword made only of
//! the general words of `data/keyword_generic.txt` ("العمل", "هامش الدورة") is left out.

use std::borrow::Cow;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::sparse;
use crate::text;
use crate::text::lexicon;

/// Words further apart than this (in the sequence of content words) are not linked.
const WINDOW: usize = 2;
/// The graph keeps at most this many distinct words (the most frequent), which bounds
/// the matrix on long documents.
const MAX_VOCABULARY: usize = 600;

struct Token<'a> {
    key: u32,
    surface: Cow<'a, str>,
    /// True when a stop word, a prepositional word, a new conjunct ("والعدل") or a
    /// sentence end separates this token from the previous one.
    gap_before: bool,
    /// Starts with the article (after a conjunction): "الأجور", "والأجور".
    definite: bool,
}

/// The longest phrase a keyword is extended to.
const MAX_PHRASE_WORDS: usize = 4;

/// Light stems of the words too general to be a keyword.
#[derive(Default)]
struct General {
    /// Never a keyword, nor a phrase made only of them.
    anywhere: FxHashSet<String>,
    /// Never a keyword alone.
    alone: FxHashSet<String>,
    /// General, and never the last word of a phrase.
    trailing: FxHashSet<String>,
}

fn generic() -> &'static General {
    static CELL: OnceLock<General> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut g = General::default();
        let mut section = "";
        for line in include_str!("../../data/keyword_generic.txt")
            .lines()
            .map(str::trim)
        {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name;
                continue;
            }
            let stem = text::light_stem(&text::normalize(line)).to_owned();
            match section {
                "alone" => {
                    g.alone.insert(stem);
                }
                "trailing" => {
                    g.anywhere.insert(stem.clone());
                    g.trailing.insert(stem);
                }
                _ => {
                    g.anywhere.insert(stem);
                }
            }
        }
        g
    })
}

/// A normalised word without a leading conjunction و or ف (when something is left).
fn without_conjunction(norm: &str) -> &str {
    norm.strip_prefix(['و', 'ف'])
        .filter(|r| r.chars().count() >= 2)
        .unwrap_or(norm)
}

/// A word without the preposition joined to it ("للعاملين" → "العاملين", "بالرياض" →
/// "الرياض", "لإيقاف" → "إيقاف", and "لوزارة" → "وزارة" when the text also writes
/// "وزارة"), as (normalised,
/// as written); `None` when it carries none. After و or ف too ("وبالمنشآت").
fn without_preposition<'a>(
    norm: &str,
    written: &'a str,
    words: &FxHashSet<String>,
) -> Option<(String, Cow<'a, str>)> {
    let conj = ['و', 'ف']
        .into_iter()
        .find(|&c| norm.starts_with(c) && written.starts_with(c) && norm.chars().count() > 3);
    let (n, w) = match conj {
        Some(c) => (&norm[c.len_utf8()..], &written[c.len_utf8()..]),
        None => (norm, written),
    };
    if let (Some(n_rest), Some(w_rest)) = (n.strip_prefix("لل"), w.strip_prefix("لل")) {
        return Some((format!("ال{n_rest}"), Cow::Owned(format!("ال{w_rest}"))));
    }
    let first = n.chars().next()?;
    let (n_rest, w_rest) = (&n[first.len_utf8()..], w.get(first.len_utf8()..)?);
    // No Arabic word starts with ل or ب before a hamza-below alif ("لإيقاف", "بإصدار").
    let joined = matches!(first, 'ب' | 'ك') && n_rest.starts_with("ال")
        || matches!(first, 'ل' | 'ب') && w_rest.starts_with('إ') && n_rest.chars().count() >= 3
        || matches!(first, 'ل' | 'ب' | 'ك')
            && n_rest.chars().count() >= 3
            && words.contains(n_rest);
    (joined && w.starts_with(first)).then(|| (n_rest.to_owned(), Cow::Borrowed(w_rest)))
}

/// The document's words, normalised: a word is known to carry a one-letter clitic when
/// the text also writes it without ("لوزارة" where "وزارة" occurs, "وداخل" and "داخل").
fn word_set<S: AsRef<str>>(sentences: &[S]) -> FxHashSet<String> {
    let mut set = FxHashSet::default();
    for sentence in sentences {
        text::for_each_word(sentence.as_ref(), |w| {
            set.insert(text::normalize(w));
        });
    }
    set
}

/// The one-letter conjunction or preposition a word carries, when the text writes the
/// rest alone too.
fn clitic(norm: &str, words: &FxHashSet<String>) -> Option<char> {
    let first = norm.chars().next()?;
    let rest = &norm[first.len_utf8()..];
    (matches!(first, 'و' | 'ف' | 'ل' | 'ب' | 'ك')
        && rest.chars().count() >= 3
        && words.contains(rest))
    .then_some(first)
}

fn tokens<'a, S: AsRef<str>>(
    sentences: &'a [S],
    vocab: &mut FxHashMap<String, u32>,
) -> Vec<Token<'a>> {
    let stop = lexicon::stopwords();
    let words = word_set(sentences);
    let mut out = Vec::new();
    let mut norm = String::new();
    for sentence in sentences {
        let mut gap = true;
        text::for_each_word(sentence.as_ref(), |w| {
            text::normalize_into(w, &mut norm);
            // A preposition opens a new phrase; the word after it may still be a keyword.
            let mut surface = Cow::Borrowed(w);
            if let Some((n, written)) = without_preposition(&norm, w, &words) {
                norm = n;
                surface = written;
                gap = true;
            }
            let mut chars = norm.chars();
            let keep = chars.next().is_some()
                && chars.next().is_some()
                && !stop.contains(norm.as_str())
                && !stop.contains(without_conjunction(&norm))
                && !norm.bytes().all(|b| b.is_ascii_digit());
            if !keep {
                gap = true;
                return;
            }
            let bare = without_conjunction(&norm);
            let definite = bare.starts_with("ال");
            // "والعدل" after "العمل" starts a new conjunct, not a longer name.
            let conjunct = clitic(&norm, &words).filter(|c| matches!(c, 'و' | 'ف'));
            if conjunct.is_some() || (definite && bare.len() < norm.len()) {
                gap = true;
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
                // Shown without the conjunction: "وتعديل" → "تعديل".
                surface: match conjunct.and_then(|c| surface.strip_prefix(c)) {
                    Some(rest) => Cow::Owned(rest.to_owned()),
                    None => surface,
                },
                gap_before: gap,
                definite,
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
pub fn keywords<S: AsRef<str>>(sentences: &[S], k: usize) -> Vec<String> {
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
    let scores = sparse::pagerank(n, edges, 0.85);
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
    let mut key_text = vec![String::new(); vocab.len()];
    for (text, &id) in &vocab {
        key_text[id as usize] = text.clone();
    }
    let g = generic();
    let general = |key: u32| g.anywhere.contains(key_text[key as usize].as_str());
    let trailing = |key: u32| g.trailing.contains(key_text[key as usize].as_str());

    // Candidates: every keyword, and every pair of adjacent keywords that occurs at least
    // twice (a phrase the text really uses), shown as most often written.
    let mut pairs: FxHashMap<(u32, u32), Vec<String>> = FxHashMap::default();
    for w in toks.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        // Inside a noun phrase a definite word is not followed by an indefinite one
        // ("الخدمة لمدة" is two phrases).
        // A general word does not close a phrase ("الخارجية الكويتية الأربعاء").
        let noun_phrase = (!a.definite || b.definite) && !trailing(b.key);
        if !b.gap_before
            && noun_phrase
            && a.key != b.key
            && is_key[a.key as usize]
            && is_key[b.key as usize]
        {
            pairs.entry((a.key, b.key)).or_default().push(format!(
                "{} {}",
                display_form(&a.surface),
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
    let general_alone =
        |keys: &[u32]| keys.len() == 1 && g.alone.contains(key_text[keys[0] as usize].as_str());
    let mut out: Vec<String> = Vec::new();
    let mut used: Vec<u32> = Vec::new();
    for (keys, _, _) in candidates {
        let (keys, shown) = extend(&toks, &keys, &is_key, trailing);
        if keys.iter().any(|key| used.contains(key))
            || shown.is_empty()
            || keys.iter().all(|&key| general(key))
            || general_alone(&keys)
            || (keys.len() == 1 && is_adjective(&shown))
            || out.contains(&shown)
        {
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

/// A definite relative adjective ("المهني", "الاقتصادي", "التطويري"): it describes a noun
/// and says little alone.
/// Judged on the word as written: "المستشفى" ends in alef maqsura, not in the nisba ي.
fn is_adjective(word: &str) -> bool {
    let n = text::normalize(word);
    n.starts_with("ال") && word.ends_with('ي') && n.chars().count() >= 6
}

/// Where the key sequence `keys` occurs in `toks` as one run (no gap inside).
fn occurrences(toks: &[Token], keys: &[u32]) -> Vec<usize> {
    (0..toks.len().saturating_sub(keys.len() - 1))
        .filter(|&p| {
            keys.iter()
                .enumerate()
                .all(|(j, &key)| toks[p + j].key == key && (j == 0 || !toks[p + j].gap_before))
        })
        .collect()
}

/// The word every occurrence (at least two thirds, and at least twice; or the only one,
/// when that word is a keyword) has at `at` (relative to the occurrence's start), when it
/// is joined to the phrase.
fn constant_neighbour(
    toks: &[Token],
    is_key: &[bool],
    starts: &[usize],
    at: impl Fn(usize) -> Option<usize>,
    joined: impl Fn(usize) -> bool,
) -> Option<usize> {
    let mut counts: Vec<(u32, usize, usize)> = Vec::new();
    for &p in starts {
        let Some(i) = at(p).filter(|&i| i < toks.len() && joined(i)) else {
            continue;
        };
        match counts.iter_mut().find(|(k, _, _)| *k == toks[i].key) {
            Some((_, n, _)) => *n += 1,
            None => counts.push((toks[i].key, 1, i)),
        }
    }
    let &(_, n, i) = counts.iter().max_by_key(|(_, n, _)| *n)?;
    let constant = n >= 2 && 3 * n >= 2 * starts.len();
    // A phrase written once is joined only to a keyword ("التدريب" + "المهني").
    let lone = starts.len() == 1 && is_key[toks[i].key as usize];
    (constant || lone).then_some(i)
}

/// A phrase extended over the words the text always writes with it: a definite word
/// after it that may end a phrase (an adjective or a genitive: "منشآت القطاع" +
/// "الخاص", but not "الأخرى" or "الأربعاء"), or an indefinite head
/// before a definite start when it is itself a keyword ("النيابة العامة" ← "رئاسة"); then
/// shown as most often written.
fn extend(
    toks: &[Token],
    keys: &[u32],
    is_key: &[bool],
    trailing: impl Fn(u32) -> bool,
) -> (Vec<u32>, String) {
    let mut keys = keys.to_vec();
    while keys.len() < MAX_PHRASE_WORDS {
        let starts = occurrences(toks, &keys);
        let n = keys.len();
        let right = constant_neighbour(
            toks,
            is_key,
            &starts,
            |p| Some(p + n),
            |i| !toks[i].gap_before && toks[i].definite && !trailing(toks[i].key),
        );
        if let Some(i) = right {
            keys.push(toks[i].key);
            continue;
        }
        let left = constant_neighbour(
            toks,
            is_key,
            &starts,
            |p| p.checked_sub(1),
            |i| {
                !toks[i + 1].gap_before
                    && toks[i + 1].definite
                    && !toks[i].definite
                    && is_key[toks[i].key as usize]
            },
        );
        match left {
            Some(i) => keys.insert(0, toks[i].key),
            None => break,
        }
    }
    let spellings: Vec<String> = occurrences(toks, &keys)
        .into_iter()
        .map(|p| {
            let words: Vec<&str> = toks[p..p + keys.len()]
                .iter()
                .map(|t| &*t.surface)
                .collect();
            format!("{} {}", display_form(words[0]), words[1..].join(" "))
                .trim_end()
                .to_owned()
        })
        .collect();
    let shown = most_frequent(spellings.iter().map(String::as_str));
    (keys, shown)
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
        spellings[t.key as usize].push(display_form(&t.surface));
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
        // Fewer than asked when only general words ("البرنامج") are left.
        assert!((3..=4).contains(&k.len()), "{k:?}");
        assert!(k.iter().any(|w| w.contains("الشباب")), "{k:?}");
        // Shown as written most often, not as the stem.
        assert!(!k.iter().any(|w| w == "شباب"), "{k:?}");
        assert!(k.iter().all(|w| !w.is_empty()));
    }

    #[test]
    fn phrases_are_whole_and_general_words_are_left_out() {
        let s = sents(&[
            "أحالت رئاسة النيابة العامة ملف العمال إلى المحكمة.",
            "وقالت رئاسة النيابة العامة إن التحقيق مستمر مع الشركة.",
            "وأكدت رئاسة النيابة العامة حماية حقوق العمال في الملف.",
            "وعلى هامش الدورة التقى الوفد بممثلي العمال في العمل.",
            "وعلى هامش الدورة الأولى نوقش العمل والعمال.",
        ]);
        let k = keywords(&s, 5);
        assert!(k.contains(&"رئاسة النيابة العامة".to_owned()), "{k:?}");
        for cut in [
            "رئاسة النيابة",
            "النيابة العامة",
            "النيابة",
            "هامش الدورة",
            "العمل",
            "الأولى",
        ] {
            assert!(!k.contains(&cut.to_owned()), "{cut} in {k:?}");
        }
    }

    #[test]
    fn days_and_references_do_not_end_a_phrase() {
        let s = sents(&[
            "قالت الخارجية الكويتية الأربعاء إن الجهات الرقابية الأخرى تتابع الملف.",
            "وأكدت الخارجية الكويتية الأربعاء أن الجهات الرقابية الأخرى ستتحرك.",
            "ونشرت الخارجية الكويتية بيانا حول الجهات الرقابية الأخرى.",
        ]);
        let k = keywords(&s, 4);
        assert!(
            k.iter()
                .all(|w| !w.contains("الأربعاء") && !w.contains("الأخرى")),
            "{k:?}"
        );
    }

    #[test]
    fn prepositional_words_and_new_conjuncts_end_a_phrase() {
        let s = sents(&[
            "طبقت الوزارة حماية الأجور للعاملين لديها في المنشآت.",
            "يشمل برنامج حماية الأجور للعاملين جميع المنشآت.",
            "اجتمع وزيرا العمل والعدل لبحث حماية الأجور.",
        ]);
        let k = keywords(&s, 5);
        assert!(k.contains(&"حماية الأجور".to_owned()), "{k:?}");
        assert!(
            k.iter()
                .all(|w| !w.contains("للعاملين") && !w.contains("والعدل")),
            "{k:?}"
        );
    }

    #[test]
    fn a_joined_preposition_is_taken_off_and_ends_the_phrase_before() {
        let words: FxHashSet<String> = ["وزاره", "تسويه"].iter().map(|w| w.to_string()).collect();
        let off = |w: &str| {
            without_preposition(&text::normalize(w), w, &words).map(|(_, s)| s.into_owned())
        };
        assert_eq!(off("للعاملين").as_deref(), Some("العاملين"));
        assert_eq!(off("بالرياض").as_deref(), Some("الرياض"));
        assert_eq!(off("وبالرياض").as_deref(), Some("الرياض"));
        assert_eq!(off("لإيقاف").as_deref(), Some("إيقاف"));
        assert_eq!(off("لوزارة").as_deref(), Some("وزارة"));
        assert_eq!(off("لتسوية").as_deref(), Some("تسوية"));
        // Words that only begin with those letters.
        assert_eq!(off("لجنة"), None);
        assert_eq!(off("لبنان"), None);
        assert_eq!(off("بنجلاديش"), None);
        let s = sents(&[
            "أحالت الوزارة الملف لتسوية الخلافات العمالية.",
            "وتتولى الهيئة تسوية الخلافات العمالية بين الطرفين.",
        ]);
        assert!(keywords(&s, 3).contains(&"تسوية الخلافات العمالية".to_owned()));
    }

    #[test]
    fn adjectives_alone_are_not_keywords() {
        assert!(is_adjective("المهني") && is_adjective("الاقتصادي"));
        assert!(!is_adjective("الكويت") && !is_adjective("مهني") && !is_adjective("الرأي"));
        assert!(!is_adjective("المستشفى"));
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
        assert!(keywords::<&str>(&[], 3).is_empty());
        assert!(keywords(&sents(&["في من على"]), 3).is_empty());
    }
}
