//! What a news summary sentence is scored on, and the linear model that weighs it.
//!
//! Each sentence gets a few features, each in [0, 1] within its document: position (as
//! 1 / (1 + index) and as buckets: first, second, third, fourth to sixth), TextRank
//! centrality, TF-IDF similarity to the title, the IDF-weighted share of the title's terms
//! the sentence holds, being the sentence closest to the title, length, being the longest of
//! the first three, numbers, quotation marks, and the two halves of position-aware
//! centrality (Zheng & Lapata 2019, "Sentence Centrality Revisited"): edges to later
//! sentences and edges to earlier ones, kept only above a threshold between the document's
//! weakest and strongest similarity; under a word budget, how close the sentence's length is
//! to it (ROUGE F1 against a reference of that length falls with the length ratio either
//! way), whether it is over the budget or under half of it; and two interactions of the
//! first position with the title share and with being short. A sentence's score is the
//! weighted sum; the weights ship in `data/rank_weights.tsv`.

use std::sync::OnceLock;

use super::sparse::Lists;
use ndarray::Array2;

/// Feature names, in the order of [`Weights`] and of `data/rank_weights.tsv`.
pub const FEATURES: [&str; 21] = [
    "position",
    "first",
    "centrality",
    "title",
    "length",
    "long",
    "numbers",
    "forward",
    "backward",
    "budget_fit",
    "second",
    "third",
    "early",
    "title_top",
    "title_recall",
    "longest_lead",
    "over_budget",
    "half_budget",
    "quote",
    "first_title",
    "first_short",
];

pub(super) const N: usize = FEATURES.len();

/// One weight per feature.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights(pub [f64; N]);

impl Weights {
    /// The model shipped in `data/rank_weights.tsv`.
    pub fn shipped() -> &'static Weights {
        static CELL: OnceLock<Weights> = OnceLock::new();
        CELL.get_or_init(|| {
            Weights::parse(include_str!("../../data/rank_weights.tsv"))
                .expect("data/rank_weights.tsv is valid")
        })
    }

    /// Read `name<TAB>weight` lines; `#` starts a comment. Every feature must be given.
    pub fn parse(text: &str) -> Result<Weights, String> {
        let mut weights = Weights([f64::NAN; N]);
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (name, value) = line
                .split_once(char::is_whitespace)
                .ok_or_else(|| format!("weights: '{line}' is not 'name value'"))?;
            weights.set(name, value.trim())?;
        }
        match FEATURES.iter().zip(&weights.0).find(|(_, v)| v.is_nan()) {
            Some((name, _)) => Err(format!("weights: no weight for '{name}'")),
            None => Ok(weights),
        }
    }

    /// The weight of a feature (0 for an unknown name).
    pub fn weight(&self, name: &str) -> f64 {
        FEATURES
            .iter()
            .position(|f| *f == name)
            .map_or(0.0, |k| self.0[k])
    }

    /// Set the weight of a feature by name.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), String> {
        let k = FEATURES
            .iter()
            .position(|f| *f == name)
            .ok_or_else(|| format!("unknown feature '{name}'"))?;
        self.0[k] = value
            .parse()
            .map_err(|_| format!("weight {name}: '{value}' is not a number"))?;
        Ok(())
    }
}

/// What the features are computed from, for one document.
pub(super) struct Inputs<'a, S> {
    /// The sentences.
    pub sentences: &'a [S],
    /// TextRank scores (graph sentences first; zero past the graph).
    pub centrality: &'a [f64],
    /// Cosine similarity of the graph sentences.
    pub cosine: &'a Array2<f64>,
    /// Cosine similarity of each sentence to the title (zero without a title).
    pub title: &'a [f64],
    /// IDF-weighted share of the title's terms that each sentence holds (zero without one).
    pub title_recall: &'a [f64],
    /// Word count of each sentence.
    pub words: &'a [usize],
    /// The word budget, when the summary has one.
    pub budget: Option<usize>,
    /// Share of the way from the weakest to the strongest similarity where an edge counts
    /// for position-aware centrality.
    pub threshold: f64,
}

/// Each sentence's features, in the order of [`FEATURES`]. The costlier ones (a pass over
/// the similarity matrix, a scan of the text) are computed only when `used` says so.
pub(super) fn rows<S: AsRef<str>>(
    inputs: &Inputs<S>,
    used: impl Fn(&str) -> bool,
    each: impl FnMut([f64; N]),
) {
    let (forward, backward) = if used("forward") || used("backward") {
        directed(inputs.cosine, inputs.threshold)
    } else {
        (Vec::new(), Vec::new())
    };
    let scan = |name: &str, f: fn(&str) -> bool| -> Vec<bool> {
        if used(name) {
            inputs.sentences.iter().map(|s| f(s.as_ref())).collect()
        } else {
            vec![false; inputs.words.len()]
        }
    };
    let (numbers, quotes) = (scan("numbers", has_number), scan("quote", has_quote));
    let max_centrality = max_of(inputs.centrality);
    let max_title = max_of(inputs.title);
    let lead_max = inputs.words.iter().take(3).copied().max().unwrap_or(0);
    (0..inputs.words.len())
        .map(|i| {
            let n = inputs.words[i];
            let words = n as f64;
            let first = f64::from(i == 0);
            let fit = inputs.budget.map_or(0.0, |b| budget_fit(words, b));
            let short = inputs.budget.is_some_and(|b| 2 * n < b);
            [
                1.0 / (1.0 + i as f64),
                first,
                unit(inputs.centrality[i], max_centrality),
                inputs.title[i],
                ((1.0 + words).ln() / 41f64.ln()).min(1.0),
                ((words - 40.0) / 40.0).clamp(0.0, 1.0),
                f64::from(numbers[i]),
                forward.get(i).copied().unwrap_or(0.0),
                backward.get(i).copied().unwrap_or(0.0),
                fit,
                f64::from(i == 1),
                f64::from(i == 2),
                f64::from((3..6).contains(&i)),
                f64::from(max_title > 0.0 && inputs.title[i] == max_title),
                inputs.title_recall[i],
                f64::from(i < 3 && n == lead_max),
                f64::from(inputs.budget.is_some_and(|b| n > b)),
                f64::from(short),
                f64::from(quotes[i]),
                first * inputs.title_recall[i],
                first * f64::from(short),
            ]
        })
        .for_each(each);
}

/// A sentence's score: the weighted sum of its features.
pub(super) fn score(row: &[f64; N], weights: &Weights) -> f64 {
    row.iter().zip(&weights.0).map(|(x, w)| x * w).sum()
}

/// For each sentence (sparse term counts), the IDF-weighted share of the title's distinct
/// terms that it holds.
pub(super) fn title_recall(tf: &Lists<(u32, f64)>, idf: &[f64], title: &[u32]) -> Vec<f64> {
    let mut terms = title.to_vec();
    terms.sort_unstable();
    terms.dedup();
    let total: f64 = terms.iter().map(|&t| idf[t as usize]).sum();
    tf.iter()
        .map(|v| {
            if total <= 0.0 {
                return 0.0;
            }
            let held: f64 = v
                .iter()
                .filter(|(t, _)| terms.binary_search(t).is_ok())
                .map(|&(t, _)| idf[t as usize])
                .sum();
            held / total
        })
        .collect()
}

/// Whether a sentence quotes someone: guillemets or curly or straight double quotes.
pub(super) fn has_quote(s: &str) -> bool {
    s.contains(['«', '»', '“', '”', '"'])
}

/// 1 when a sentence has as many words as the budget, falling to 0 at four times (or a
/// quarter of) it, on a log scale.
fn budget_fit(words: f64, budget: usize) -> f64 {
    let ratio = words.max(1.0) / (budget.max(1) as f64);
    1.0 - (ratio.ln().abs() / 4f64.ln()).min(1.0)
}

fn max_of(v: &[f64]) -> f64 {
    v.iter().copied().fold(0.0, f64::max)
}

fn unit(x: f64, max: f64) -> f64 {
    if max > 0.0 { x / max } else { 0.0 }
}

/// Position-aware centrality: for each sentence, the summed strength of its edges to later
/// sentences and to earlier ones, each scaled to [0, 1] over the document. An edge's
/// strength is its similarity less the threshold, or nothing below it.
fn directed(cosine: &Array2<f64>, threshold: f64) -> (Vec<f64>, Vec<f64>) {
    let n = cosine.nrows();
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for ((i, j), &v) in cosine.indexed_iter() {
        if i != j {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    let cut = lo + threshold * (hi - lo);
    let mut forward = vec![0.0; n];
    let mut backward = vec![0.0; n];
    for ((i, j), &v) in cosine.indexed_iter() {
        let edge = (v - cut).max(0.0);
        if j > i {
            forward[i] += edge;
        } else if j < i {
            backward[i] += edge;
        }
    }
    for v in [&mut forward, &mut backward] {
        let max = max_of(v);
        v.iter_mut().for_each(|x| *x = unit(*x, max));
    }
    (forward, backward)
}

/// Whether a sentence holds a digit (ASCII or Arabic-Indic).
pub(super) fn has_number(s: &str) -> bool {
    // Arabic-Indic digits are U+0660..U+0669: bytes D9 A0..D9 A9.
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &x)| {
        x.is_ascii_digit() || (x == 0xD9 && b.get(i + 1).is_some_and(|y| (0xA0..=0xA9).contains(y)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_weights_name_every_feature() {
        let w = Weights::shipped();
        assert!(w.0.iter().all(|x| x.is_finite()));
    }

    #[test]
    fn weights_file_errors_name_the_problem() {
        assert!(Weights::parse("position 1").unwrap_err().contains("first"));
        let all: String = FEATURES.iter().map(|f| format!("{f}\t0.5\n")).collect();
        assert_eq!(Weights::parse(&all).unwrap().0, [0.5; N]);
        let bad = all.replace("title\t0.5", "title\tmuch");
        assert!(Weights::parse(&bad).unwrap_err().contains("title"));
        assert!(Weights::parse(&(all + "colour 1\n")).is_err());
    }

    #[test]
    fn forward_edges_favour_the_sentence_that_later_ones_repeat() {
        // Sentence 0 is echoed by 1 and 2; 2 is echoed by nothing after it.
        let cos = ndarray::array![[0.0, 0.6, 0.5], [0.6, 0.0, 0.1], [0.5, 0.1, 0.0]];
        let (forward, backward) = directed(&cos, 0.0);
        assert_eq!(forward[0], 1.0);
        assert_eq!(forward[2], 0.0);
        // Sentence 1 leans most on what came before it.
        assert_eq!(backward[1], 1.0);
        assert!(backward[2] < backward[1]);
    }

    #[test]
    fn budget_fit_peaks_at_the_budget() {
        assert_eq!(budget_fit(20.0, 20), 1.0);
        assert!(budget_fit(30.0, 20) < 1.0);
        assert!((budget_fit(10.0, 20) - budget_fit(40.0, 20)).abs() < 1e-12);
        assert_eq!(budget_fit(100.0, 20), 0.0);
    }

    #[test]
    fn title_recall_weighs_the_rarer_title_words() {
        // Term 0 is in every sentence (low IDF), term 1 only in sentence 1.
        let mut tf = Lists::with_capacity(3, 4);
        for group in [&[(0, 1.0)][..], &[(0, 1.0), (1, 1.0)], &[(2, 1.0)]] {
            tf.push(group.iter().copied());
        }
        let idf = [0.1, 1.0, 1.0];
        let r = title_recall(&tf, &idf, &[1, 0, 1]);
        assert!((r[0] - 0.1 / 1.1).abs() < 1e-12);
        assert_eq!(r[1], 1.0);
        assert_eq!(r[2], 0.0);
        assert_eq!(title_recall(&tf, &idf, &[]), vec![0.0; 3]);
    }

    #[test]
    fn quotes_in_any_style() {
        assert!(has_quote("قال: «نحن مستعدون»"));
        assert!(has_quote("وصف الخطة بأنها \"خطوة أولى\""));
        assert!(!has_quote("قال الوزير إن الخطة جاهزة"));
    }

    #[test]
    fn numbers_in_either_script() {
        assert!(has_number("ارتفع العدد إلى 15 ألفا"));
        assert!(has_number("ارتفع العدد إلى ١٥ ألفا"));
        assert!(!has_number("ارتفع العدد كثيرا"));
    }
}
