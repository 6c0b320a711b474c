//! Rank: TextRank (Mihalcea & Tarau 2004) over a sentence-similarity graph.
//!
//! Takes sentences as text, gives one centrality score per sentence and the selections
//! built on it (top N sentences, or a word budget). PageRank runs by power iteration on an
//! `ndarray` matrix; every sum runs in a fixed order, so scores are reproducible.

use ndarray::{Array1, Array2};
use rustc_hash::FxHashMap;

use crate::text;

/// Parameters of the ranking, with their defaults.
#[derive(Debug, Clone)]
pub struct RankParams {
    /// PageRank damping factor (0.85, as in the TextRank paper).
    pub damping: f64,
    /// Power iteration stops when the L1 change of the scores falls below this (1e-6).
    pub tolerance: f64,
    /// Upper bound on power iterations (200).
    pub max_iterations: usize,
    /// Light-stem content words before comparing sentences (true).
    pub stem: bool,
    /// Sentences with fewer content words than this are not chosen while longer ones
    /// remain: headings and bylines are not summaries (4).
    pub min_content_words: usize,
    /// Only the first this many sentences of a document enter the graph, which bounds
    /// time and memory on huge inputs; later sentences score zero (400).
    pub max_graph_sentences: usize,
}

impl Default for RankParams {
    fn default() -> Self {
        RankParams {
            damping: 0.85,
            tolerance: 1e-6,
            max_iterations: 200,
            stem: true,
            min_content_words: 4,
            max_graph_sentences: 400,
        }
    }
}

/// Content terms of each sentence as ids, computed once per document.
struct Terms {
    /// Term ids of each sentence, in order, repeats kept.
    ids: Vec<Vec<u32>>,
    vocabulary: usize,
}

fn term_ids(sentences: &[String], stem: bool) -> Terms {
    let mut vocab: FxHashMap<String, u32> = FxHashMap::default();
    let ids = sentences
        .iter()
        .map(|s| {
            let mut v = Vec::new();
            text::for_each_content_term(s, stem, |t| {
                let id = match vocab.get(t) {
                    Some(&id) => id,
                    None => {
                        let id = vocab.len() as u32;
                        vocab.insert(t.to_owned(), id);
                        id
                    }
                };
                v.push(id);
            });
            v
        })
        .collect();
    Terms {
        ids,
        vocabulary: vocab.len(),
    }
}

/// Mihalcea & Tarau's similarity: shared words over the log lengths. `ln(1 + n)` keeps
/// one-word sentences finite.
fn similarity_matrix(terms: &[Vec<u32>], vocabulary: usize) -> Array2<f64> {
    let n = terms.len();
    let sets: Vec<Vec<u32>> = terms
        .iter()
        .map(|t| {
            let mut s = t.clone();
            s.sort_unstable();
            s.dedup();
            s
        })
        .collect();
    // Inverted index: term → sentences containing it, in sentence order.
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); vocabulary];
    for (i, set) in sets.iter().enumerate() {
        for &t in set {
            postings[t as usize].push(i as u32);
        }
    }
    let mut sim = Array2::<f64>::zeros((n, n));
    for (i, set) in sets.iter().enumerate() {
        for &t in set {
            for &j in &postings[t as usize] {
                if j as usize != i {
                    sim[[i, j as usize]] += 1.0;
                }
            }
        }
    }
    let log_len: Vec<f64> = terms.iter().map(|t| (1.0 + t.len() as f64).ln()).collect();
    for ((i, j), v) in sim.indexed_iter_mut() {
        if *v > 0.0 {
            *v /= log_len[i] + log_len[j];
        }
    }
    sim
}

/// PageRank by power iteration on a weighted graph. `teleport` sums to 1; nodes without
/// edges give their weight back through it.
fn pagerank(weights: &Array2<f64>, teleport: &Array1<f64>, params: &RankParams) -> Array1<f64> {
    let n = weights.nrows();
    let out_sums: Vec<f64> = weights.rows().into_iter().map(|r| r.sum()).collect();
    // Transition matrix, row-stochastic for nodes with edges.
    let mut trans = weights.clone();
    for (i, mut row) in trans.rows_mut().into_iter().enumerate() {
        if out_sums[i] > 0.0 {
            row /= out_sums[i];
        }
    }
    let trans_t = trans.t().to_owned();
    let mut scores = teleport.clone();
    for _ in 0..params.max_iterations {
        let dangling: f64 = (0..n)
            .filter(|&i| out_sums[i] == 0.0)
            .map(|i| scores[i])
            .sum();
        let spread = trans_t.dot(&scores);
        let next = spread * params.damping
            + teleport * ((1.0 - params.damping) + params.damping * dangling);
        let change: f64 = (&next - &scores).iter().map(|d| d.abs()).sum();
        scores = next;
        if change < params.tolerance {
            break;
        }
    }
    scores
}

fn textrank_terms(terms: &Terms, params: &RankParams) -> Vec<f64> {
    let total = terms.ids.len();
    let n = total.min(params.max_graph_sentences);
    if n == 0 {
        return vec![0.0; total];
    }
    let weights = similarity_matrix(&terms.ids[..n], terms.vocabulary);
    let teleport = Array1::from_elem(n, 1.0 / n as f64);
    let mut out = pagerank(&weights, &teleport, params).to_vec();
    out.resize(total, 0.0);
    out
}

/// TextRank score of each sentence (zero for sentences past the graph cap).
pub fn textrank(sentences: &[String], params: &RankParams) -> Vec<f64> {
    textrank_terms(&term_ids(sentences, params.stem), params)
}

/// Sentence indices from best to worst: by score, ties by position; sentences too short to
/// stand as a summary come after all others.
pub fn rank_order(sentences: &[String], params: &RankParams) -> Vec<usize> {
    let terms = term_ids(sentences, params.stem);
    let scores = textrank_terms(&terms, params);
    let long_enough: Vec<bool> = terms
        .ids
        .iter()
        .map(|t| t.len() >= params.min_content_words)
        .collect();
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    order.sort_by(|&a, &b| {
        long_enough[b]
            .cmp(&long_enough[a])
            .then(scores[b].total_cmp(&scores[a]))
            .then(a.cmp(&b))
    });
    order
}

/// How much of a document to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    /// The N best sentences.
    Sentences(usize),
    /// Sentences in rank order while the word count stays within N; the first sentence that
    /// would cross it stops the selection; the best sentence is always kept.
    Words(usize),
}

/// Choose sentences by rank within a budget; indices returned in document order.
pub fn select(sentences: &[String], budget: Budget, params: &RankParams) -> Vec<usize> {
    let order = rank_order(sentences, params);
    let mut chosen = match budget {
        Budget::Sentences(k) => order.into_iter().take(k).collect::<Vec<_>>(),
        Budget::Words(limit) => {
            let mut chosen = Vec::new();
            let mut total = 0;
            for i in order {
                let w = text::word_count(&sentences[i]);
                if !chosen.is_empty() && total + w > limit {
                    break;
                }
                total += w;
                chosen.push(i);
                if total > limit {
                    break;
                }
            }
            chosen
        }
    };
    chosen.sort_unstable();
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn central_sentence_ranks_first() {
        let s = sents(&[
            "الطقس مشمس في المدينة الساحلية اليوم",
            "وزارة العمل تطلق برنامج تشغيل الشباب العاطلين",
            "برنامج تشغيل الشباب يشمل تدريب العاطلين في وزارة العمل",
            "تدريب الشباب العاطلين جزء من برنامج وزارة العمل للتشغيل",
            "الفريق المحلي فاز بالمباراة أمس",
        ]);
        let order = rank_order(&s, &RankParams::default());
        assert!([1, 2, 3].contains(&order[0]), "{order:?}");
        assert!(order[3] == 0 || order[3] == 4);
        let scores = textrank(&s, &RankParams::default());
        let total: f64 = scores.iter().sum();
        assert!(
            (total - 1.0).abs() < 1e-6,
            "scores form a distribution: {total}"
        );
    }

    #[test]
    fn ties_are_broken_by_position() {
        let s = sents(&["جملة أولى مستقلة تماما هنا", "نص آخر مختلف كليا عنها الآن"]);
        assert_eq!(rank_order(&s, &RankParams::default()), vec![0, 1]);
    }

    #[test]
    fn word_budget_follows_the_rule() {
        let s = sents(&[
            "العمال يطالبون بزيادة الأجور في القطاع الخاص",
            "زيادة الأجور في القطاع الخاص مطلب العمال والنقابات",
            "النقابات تدعم مطلب العمال بزيادة الأجور",
        ]);
        // Budget smaller than any sentence: the best one alone.
        assert_eq!(
            select(&s, Budget::Words(2), &RankParams::default()).len(),
            1
        );
        let all = select(&s, Budget::Words(100), &RankParams::default());
        assert_eq!(all, vec![0, 1, 2]);
        let some = select(&s, Budget::Words(16), &RankParams::default());
        let words: usize = some.iter().map(|&i| text::word_count(&s[i])).sum();
        assert!(some.len() == 1 || words <= 16);
    }

    #[test]
    fn short_sentences_are_chosen_last() {
        let s = sents(&[
            "الأهداف",
            "دعم تشغيل الشباب في القطاع الخاص عبر برامج التدريب",
            "برامج التدريب تدعم تشغيل الشباب",
        ]);
        let chosen = select(&s, Budget::Sentences(2), &RankParams::default());
        assert_eq!(chosen, vec![1, 2]);
    }

    #[test]
    fn graph_cap_bounds_the_work() {
        let s: Vec<String> = (0..50)
            .map(|i| format!("جملة رقم {i} عن العمل والعمال"))
            .collect();
        let params = RankParams {
            max_graph_sentences: 10,
            ..RankParams::default()
        };
        let scores = textrank(&s, &params);
        assert_eq!(scores.len(), 50);
        assert!(scores[10..].iter().all(|&x| x == 0.0));
    }

    #[test]
    fn empty_input() {
        assert!(select(&[], Budget::Sentences(3), &RankParams::default()).is_empty());
    }
}
