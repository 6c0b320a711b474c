//! Rank: TextRank (Mihalcea & Tarau 2004) over a sentence-similarity graph, tuned for
//! Arabic news.
//!
//! Takes sentences as text, gives one centrality score per sentence and the selections
//! built on it (top N sentences, or a word budget). Sentences are compared on normalised,
//! light-stemmed content words; PageRank runs by power iteration on an `ndarray` matrix
//! with a teleport vector that favours the start of the article (news puts the key facts
//! first); the selection avoids repeating itself (maximal marginal relevance). Every sum
//! runs in a fixed order, so scores are reproducible.

mod features;
mod keywords;
pub mod sparse;
mod units;
mod vocab;

pub use features::{FEATURES, Weights};
pub use keywords::keywords;

use std::borrow::Cow;
use std::str::FromStr;

use ndarray::{Array1, Array2};

use crate::text;
use sparse::Lists;

/// How two sentences are compared in the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Similarity {
    /// Mihalcea & Tarau's overlap: shared words over the sum of log lengths.
    Overlap,
    /// Cosine of TF-IDF vectors (IDF over the document's sentences), as in LexRank.
    Cosine,
    /// Okapi BM25 of one sentence as a query against the other (Barrios et al. 2016).
    Bm25,
}

impl FromStr for Similarity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "overlap" => Ok(Similarity::Overlap),
            "cosine" => Ok(Similarity::Cosine),
            "bm25" => Ok(Similarity::Bm25),
            _ => Err(format!("unknown similarity '{s}' (overlap, cosine, bm25)")),
        }
    }
}

/// Which way the edges of the sentence graph point (TextRank paper, section 4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Each pair of similar sentences is joined both ways.
    Undirected,
    /// A sentence points only to the sentences before it.
    Backward,
    /// A sentence points only to the sentences after it.
    Forward,
}

impl FromStr for Direction {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "undirected" => Ok(Direction::Undirected),
            "backward" => Ok(Direction::Backward),
            "forward" => Ok(Direction::Forward),
            _ => Err(format!(
                "unknown graph direction '{s}' (undirected, backward, forward)"
            )),
        }
    }
}

/// Parameters of the ranking. The defaults are documented on each field and were chosen
/// on the EASC dev set (see `benches/easc.sh`); no parameter depends on the article.
#[derive(Debug, Clone)]
pub struct RankParams {
    /// PageRank damping factor (0.3). The TextRank paper's 0.85 lets centrality alone
    /// decide; in news the teleport to early sentences must weigh more: on EASC dev,
    /// 0.85 scores 4 ROUGE-1 points lower.
    pub damping: f64,
    /// Power iteration stops when the L1 change of the scores falls below this (1e-6).
    pub tolerance: f64,
    /// Upper bound on power iterations (200).
    pub max_iterations: usize,
    /// Light-stem content words before comparing sentences (true).
    pub stem: bool,
    /// Sentence similarity for the graph (cosine).
    pub similarity: Similarity,
    /// Edge direction (undirected). On EASC dev the paper's backward graph alone (no
    /// position prior, damping 0.85) scores 49.6 ROUGE-1, past the lead baseline, but
    /// with the position prior it reaches 50.0, under the default's 50.4.
    pub direction: Direction,
    /// Share of the teleport vector given by position instead of spread evenly: 0 is
    /// plain TextRank, 1 a fully position-personalised PageRank (1).
    pub position_prior: f64,
    /// Position weights fall as 1 / (1 + index)^decay (1).
    pub position_decay: f64,
    /// Maximal marginal relevance: 0 picks by score alone; higher values penalise a
    /// sentence by its cosine similarity to those already picked (0.3).
    pub redundancy: f64,
    /// Sentences longer than this many words lose score: a digest line, like a human
    /// summary, is rarely a sixty-word sentence (40).
    pub long_sentence_words: usize,
    /// Score factor exp(-penalty × extra words / 10) beyond `long_sentence_words` (0: off;
    /// on EASC dev every positive value tried lowered the score).
    pub long_sentence_penalty: f64,
    /// Sentences with fewer content words than this are not chosen while longer ones
    /// remain: headings and bylines are not summaries (4).
    pub min_content_words: usize,
    /// Only the first this many sentences of a document enter the graph, which bounds
    /// time and memory on huge inputs; later sentences score zero (400).
    pub max_graph_sentences: usize,
    /// Weights of the sentence features (see [`FEATURES`]); the default is the model in
    /// `data/rank_weights.tsv`. Set one with its feature's name.
    pub weights: Weights,
    /// Where an edge starts to count for position-aware centrality, as a share of the way
    /// from the document's weakest to its strongest similarity (Zheng & Lapata's beta).
    pub edge_threshold: f64,
    /// Choose only units that stand alone as summary lines ([`units`]): no fragments,
    /// questions or headings, no back-pointing opener without its predecessor (true).
    pub whole_units: bool,
    /// Under a word budget, a sentence after the first is taken only while its value (score
    /// scaled to [0, 1] within the document, less redundancy) reaches this; below it the
    /// summary stops short of the budget rather than fill it with a weak sentence (0: off).
    /// Fitted with the weights on news (0.2; one-sentence references reward stopping)
    /// it costs EASC, whose references are several sentences, about 9 ROUGE-1 points, so it
    /// is off by default.
    pub fill_threshold: f64,
}

impl Default for RankParams {
    fn default() -> Self {
        RankParams {
            damping: 0.3,
            tolerance: 1e-6,
            max_iterations: 200,
            stem: true,
            similarity: Similarity::Cosine,
            direction: Direction::Undirected,
            position_prior: 1.0,
            position_decay: 1.0,
            redundancy: 0.3,
            long_sentence_words: 40,
            long_sentence_penalty: 0.0,
            min_content_words: 4,
            max_graph_sentences: 400,
            weights: Weights::shipped().clone(),
            edge_threshold: 0.6,
            whole_units: true,
            fill_threshold: 0.0,
        }
    }
}

impl RankParams {
    /// Set one parameter by name, for experiments (`digest summarize --param key=value`).
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        fn num<T: FromStr>(key: &str, v: &str) -> Result<T, String> {
            v.parse()
                .map_err(|_| format!("parameter {key}: '{v}' is not a number"))
        }
        match key {
            "damping" => self.damping = num(key, value)?,
            "tolerance" => self.tolerance = num(key, value)?,
            "max_iterations" => self.max_iterations = num(key, value)?,
            "stem" => {
                self.stem = value
                    .parse()
                    .map_err(|_| format!("parameter stem: '{value}' is not true or false"))?
            }
            "similarity" => self.similarity = value.parse()?,
            "direction" => self.direction = value.parse()?,
            "position_prior" => self.position_prior = num(key, value)?,
            "position_decay" => self.position_decay = num(key, value)?,
            "redundancy" => self.redundancy = num(key, value)?,
            "min_content_words" => self.min_content_words = num(key, value)?,
            "long_sentence_words" => self.long_sentence_words = num(key, value)?,
            "long_sentence_penalty" => self.long_sentence_penalty = num(key, value)?,
            "max_graph_sentences" => self.max_graph_sentences = num(key, value)?,
            "edge_threshold" => self.edge_threshold = num(key, value)?,
            "fill_threshold" => self.fill_threshold = num(key, value)?,
            "whole_units" => {
                self.whole_units = value
                    .parse()
                    .map_err(|_| format!("parameter whole_units: '{value}' is not true or false"))?
            }
            _ if FEATURES.contains(&key) => self.weights.set(key, value)?,
            _ => return Err(format!("unknown ranking parameter '{key}'")),
        }
        Ok(())
    }
}

/// A document's sentences as term ids, computed once.
struct Doc {
    /// Term ids of each graph sentence (the first `max_graph_sentences`), in order, repeats
    /// kept: one group a sentence.
    ids: Lists<u32>,
    /// Term ids of the title (empty without one).
    title: Vec<u32>,
    vocabulary: usize,
    /// [`text::word_count`] of each sentence.
    words: Vec<usize>,
    /// Content words of each sentence.
    content_words: Vec<usize>,
}

/// Term ids of the first `graph` sentences and the title; word and content-word counts of
/// every sentence (those past the graph are counted, not given ids).
fn prepare<S: AsRef<str>>(sentences: &[S], title: Option<&str>, stem: bool, graph: usize) -> Doc {
    // Terms are keyed by [`text::term_key`] (no string is copied); ids in order of first
    // appearance.
    let graph = graph.min(sentences.len());
    // Sized from the text (an Arabic content word takes about ten bytes with its space) so
    // that the table rarely grows.
    let bytes: usize = sentences[..graph].iter().map(|s| s.as_ref().len()).sum();
    let mut vocab = vocab::Vocab::with_capacity(bytes / 16);
    let mut ids = Lists::with_capacity(graph, bytes / 8);
    let mut words = Vec::with_capacity(sentences.len());
    for s in &sentences[..graph] {
        words.push(text::for_each_term_key(s.as_ref(), stem, false, |key| {
            ids.push_item(vocab.id(key));
        }));
        ids.close();
    }
    let mut title_ids = Vec::new();
    if let Some(t) = title {
        text::for_each_term_key(t, stem, false, |key| title_ids.push(vocab.id(key)));
    }
    let mut content_words: Vec<usize> = ids.iter().map(<[u32]>::len).collect();
    for s in &sentences[graph..] {
        let mut content = 0;
        words.push(text::for_each_term_key(s.as_ref(), stem, false, |_| {
            content += 1
        }));
        content_words.push(content);
    }
    Doc {
        ids,
        title: title_ids,
        vocabulary: vocab.len(),
        words,
        content_words,
    }
}

/// Sparse term-frequency vectors (sorted by term), one group a sentence, and document
/// frequencies.
struct Vectors {
    tf: Lists<(u32, f64)>,
    df: Vec<u32>,
}

fn vectors(ids: &Lists<u32>, vocabulary: usize) -> Vectors {
    let mut df = vec![0u32; vocabulary];
    let mut tf = Lists::with_capacity(ids.len(), ids.total());
    // A sentence's terms as bits over the vocabulary, read back in order with their counts:
    // its distinct ids sorted, without a comparison sort.
    let mut bits = vec![0u64; vocabulary.div_ceil(64)];
    let mut count = vec![0u32; vocabulary];
    for t in ids.iter() {
        let (mut first, mut last) = (bits.len(), 0);
        for &id in t {
            let (word, id) = (id as usize / 64, id as usize);
            bits[word] |= 1 << (id % 64);
            count[id] += 1;
            (first, last) = (first.min(word), last.max(word + 1));
        }
        for (word, bits) in bits.iter_mut().enumerate().take(last).skip(first) {
            let mut set = std::mem::take(bits);
            while set != 0 {
                let id = 64 * word + set.trailing_zeros() as usize;
                set &= set - 1;
                tf.push_item((id as u32, f64::from(std::mem::take(&mut count[id]))));
                df[id] += 1;
            }
        }
        tf.close();
    }
    Vectors { tf, df }
}

/// IDF over the document's sentences (a term they lack counts as in half of one). A
/// document frequency is one of 0..=n, and most terms share a few: each one's logarithm is
/// taken once (the same values as taking it for every term).
fn idf(vec: &Vectors) -> Vec<f64> {
    let n = vec.tf.len();
    let of = |df: u32| ((n as f64 + 1.0) / (df as f64 + 0.5)).ln();
    let by_df: Vec<f64> = (0..=n as u32).map(of).collect();
    vec.df.iter().map(|&df| by_df[df as usize]).collect()
}

fn tf_idf<'a>(tf: &'a [(u32, f64)], idf: &'a [f64]) -> impl Iterator<Item = (u32, f64)> + 'a {
    tf.iter().map(|&(t, c)| (t, c * idf[t as usize]))
}

fn norm(v: &[(u32, f64)]) -> f64 {
    v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt()
}

/// TF-IDF vectors of a document's sentences, with their norms and the IDF behind them.
struct Weighted {
    idf: Vec<f64>,
    vectors: Lists<(u32, f64)>,
    norms: Vec<f64>,
}

fn weighted_of(vec: &Vectors) -> Weighted {
    let idf = idf(vec);
    let mut vectors = Lists::with_capacity(vec.tf.len(), vec.tf.total());
    for v in vec.tf.iter() {
        vectors.push(tf_idf(v, &idf));
    }
    let norms = vectors.iter().map(norm).collect();
    Weighted {
        idf,
        vectors,
        norms,
    }
}

/// Cosine similarity of each sentence's TF-IDF vector to the title's.
fn title_similarity(w: &Weighted, title: &[u32]) -> Vec<f64> {
    if title.is_empty() {
        return vec![0.0; w.vectors.len()];
    }
    let t: Vec<(u32, f64)> = tf_idf(&sparse::counted(title.to_vec()), &w.idf).collect();
    let t_norm = norm(&t);
    w.vectors
        .iter()
        .zip(&w.norms)
        .map(|(v, &v_norm)| {
            let dot = sparse::cosine(v, &t);
            if dot > 0.0 {
                dot / (v_norm * t_norm)
            } else {
                0.0
            }
        })
        .collect()
}

/// Cosine similarity of TF-IDF vectors; the diagonal is zero.
fn cosine_matrix(w: &Weighted) -> Array2<f64> {
    let n = w.vectors.len();
    let norms = &w.norms;
    // Each pair's product once, added to both its cells: every cell still sums its
    // products in term order, so the values are those of visiting (i, j) and (j, i) apart.
    let mut cells = vec![0.0f64; n * n];
    for col in sparse::postings(&w.vectors, w.idf.len()).iter() {
        for (k, &(i, wi)) in col.iter().enumerate() {
            for &(j, wj) in &col[k + 1..] {
                let (i, j) = (i as usize, j as usize);
                let p = wi * wj;
                cells[i * n + j] += p;
                cells[j * n + i] += p;
            }
        }
    }
    for (row, &norm_i) in cells.chunks_exact_mut(n.max(1)).zip(norms) {
        for (v, &norm_j) in row.iter_mut().zip(norms) {
            // Every cell divided and the quotient kept where the cell is positive: a select,
            // not a branch, so that the loop runs in vector registers.
            let scaled = *v / (norm_i * norm_j);
            *v = if *v > 0.0 { scaled } else { *v };
        }
    }
    Array2::from_shape_vec((n, n), cells).expect("n by n cells")
}

/// Mihalcea & Tarau's similarity: shared words over the log lengths. `ln(1 + n)` keeps
/// one-word sentences finite.
fn overlap_matrix(ids: &Lists<u32>, vec: &Vectors) -> Array2<f64> {
    let n = ids.len();
    let mut sets = Lists::with_capacity(n, vec.tf.total());
    for v in vec.tf.iter() {
        sets.push(v.iter().map(|&(t, _)| (t, 1.0)));
    }
    let mut sim = Array2::<f64>::zeros((n, n));
    for col in sparse::postings(&sets, vec.df.len()).iter() {
        for &(i, _) in col {
            for &(j, _) in col {
                if i != j {
                    sim[[i as usize, j as usize]] += 1.0;
                }
            }
        }
    }
    let log_len: Vec<f64> = ids.iter().map(|t| (1.0 + t.len() as f64).ln()).collect();
    for ((i, j), v) in sim.indexed_iter_mut() {
        if *v > 0.0 {
            *v /= log_len[i] + log_len[j];
        }
    }
    sim
}

/// BM25 of sentence i (as a query) against sentence j, k1 = 1.2, b = 0.75.
fn bm25_matrix(ids: &Lists<u32>, vec: &Vectors) -> Array2<f64> {
    let (k1, b) = (1.2, 0.75);
    let n = ids.len();
    let avg = ids.iter().map(<[u32]>::len).sum::<usize>() as f64 / n.max(1) as f64;
    let idf: Vec<f64> = vec
        .df
        .iter()
        .map(|&df| (((n as f64 - df as f64 + 0.5) / (df as f64 + 0.5)) + 1.0).ln())
        .collect();
    let mut sim = Array2::<f64>::zeros((n, n));
    for (t, col) in sparse::postings(&vec.tf, idf.len()).iter().enumerate() {
        for &(i, _) in col {
            for &(j, fj) in col {
                if i != j {
                    let len_j = ids.of(j as usize).len() as f64;
                    let norm = k1 * (1.0 - b + b * len_j / avg.max(1.0));
                    sim[[i as usize, j as usize]] += idf[t] * fj * (k1 + 1.0) / (fj + norm);
                }
            }
        }
    }
    sim
}

/// PageRank by power iteration on a weighted graph. `teleport` sums to 1; nodes without
/// edges give their weight back through it. The iteration works in place: one transposed
/// transition matrix, two vectors.
fn pagerank(weights: &Array2<f64>, teleport: &Array1<f64>, params: &RankParams) -> Array1<f64> {
    let n = weights.nrows();
    let out_sums: Vec<f64> = weights.rows().into_iter().map(|r| r.sum()).collect();
    // The transition matrix (row-stochastic for nodes with edges), built transposed for the
    // product, row by row in one flat vector.
    let mut trans_t = vec![0.0f64; n * n];
    for (i, row) in weights.rows().into_iter().enumerate() {
        for (j, &w) in row.iter().enumerate() {
            trans_t[j * n + i] = if out_sums[i] > 0.0 {
                w / out_sums[i]
            } else {
                w
            };
        }
    }
    let dangling_nodes: Vec<usize> = (0..n).filter(|&i| out_sums[i] == 0.0).collect();
    let mut scores = teleport.clone();
    let mut spread = vec![0.0f64; n];
    for _ in 0..params.max_iterations {
        let dangling: f64 = dangling_nodes.iter().map(|&i| scores[i]).sum();
        // Each row's product by ndarray's dot, as its matrix-vector product computes it.
        for (s, row) in spread.iter_mut().zip(trans_t.chunks_exact(n)) {
            *s = ndarray::aview1(row).dot(&scores);
        }
        if step(&mut scores, &spread, teleport, dangling, params) < params.tolerance {
            break;
        }
    }
    scores
}

/// One power-iteration step from what the edges spread and the dangling nodes' weight:
/// the scores replaced, and how much they changed in all.
fn step(
    scores: &mut Array1<f64>,
    spread: &[f64],
    teleport: &Array1<f64>,
    dangling: f64,
    params: &RankParams,
) -> f64 {
    let back = (1.0 - params.damping) + params.damping * dangling;
    let mut change = 0.0;
    for ((score, &spread), &teleport) in scores.iter_mut().zip(spread).zip(teleport) {
        let next = spread * params.damping + teleport * back;
        change += (next - *score).abs();
        *score = next;
    }
    change
}

/// The teleport vector: uniform, mixed with weights that fall with the position.
fn teleport(n: usize, params: &RankParams) -> Array1<f64> {
    // The position weights are the same for every document: each thread computes them
    // once for its decay and keeps them.
    thread_local! {
        static WEIGHTS: std::cell::RefCell<(u64, Vec<f64>)> =
            const { std::cell::RefCell::new((0, Vec::new())) };
    }
    WEIGHTS.with_borrow_mut(|(decay, weights)| {
        if *decay != params.position_decay.to_bits() {
            *decay = params.position_decay.to_bits();
            weights.clear();
        }
        while weights.len() < n {
            weights.push((1.0 + weights.len() as f64).powf(-params.position_decay));
        }
        let pos = &weights[..n];
        let total: f64 = pos.iter().sum();
        let mix = params.position_prior.clamp(0.0, 1.0);
        Array1::from_iter(pos.iter().map(|p| (1.0 - mix) / n as f64 + mix * p / total))
    })
}

/// Scores of a document's sentences and what selection needs beside them.
struct Ranked {
    /// TextRank centrality.
    centrality: Vec<f64>,
    /// The model's score: centrality weighed with the other features.
    scores: Vec<f64>,
    /// The features behind it (those of zero weight left at zero), when asked for.
    features: Vec<[f64; features::N]>,
    /// Cosine similarity between graph sentences, for redundancy control.
    cosine: Array2<f64>,
    content_words: Vec<usize>,
    /// [`text::word_count`] of each sentence.
    words: Vec<usize>,
}

fn rank_doc<S: AsRef<str>>(
    sentences: &[S],
    title: Option<&str>,
    budget: Budget,
    params: &RankParams,
    keep_features: bool,
) -> Ranked {
    let doc = prepare(sentences, title, params.stem, params.max_graph_sentences);
    let total = doc.words.len();
    let n = doc.ids.len();
    let content_words = doc.content_words;
    if n == 0 {
        return Ranked {
            centrality: vec![0.0; total],
            scores: vec![0.0; total],
            features: if keep_features {
                vec![[0.0; features::N]; total]
            } else {
                Vec::new()
            },
            cosine: Array2::zeros((0, 0)),
            content_words,
            words: doc.words,
        };
    }
    let ids = &doc.ids;
    let vec = vectors(ids, doc.vocabulary);
    let weighted = weighted_of(&vec);
    let cosine = cosine_matrix(&weighted);
    // The cosines themselves when the graph uses them as they are (no copy).
    let mut weights: Cow<Array2<f64>> = match params.similarity {
        Similarity::Cosine => Cow::Borrowed(&cosine),
        Similarity::Overlap => Cow::Owned(overlap_matrix(ids, &vec)),
        Similarity::Bm25 => Cow::Owned(bm25_matrix(ids, &vec)),
    };
    // Row i holds the edges out of sentence i; a directed graph keeps one side of them.
    let kept = |i: usize, j: usize| match params.direction {
        Direction::Undirected => true,
        Direction::Backward => j < i,
        Direction::Forward => j > i,
    };
    if params.direction != Direction::Undirected {
        weights.to_mut().indexed_iter_mut().for_each(|((i, j), w)| {
            if !kept(i, j) {
                *w = 0.0;
            }
        });
    }
    let mut centrality = pagerank(&weights, &teleport(n, params), params).to_vec();
    centrality.resize(total, 0.0);
    if params.long_sentence_penalty > 0.0 {
        for (score, &words) in centrality.iter_mut().zip(&doc.words) {
            let extra = words.saturating_sub(params.long_sentence_words);
            *score *= (-params.long_sentence_penalty * extra as f64 / 10.0).exp();
        }
    }
    let mut title_sim = title_similarity(&weighted, &doc.title);
    title_sim.resize(total, 0.0);
    let recall_used = ["title_recall", "first_title"]
        .iter()
        .any(|f| params.weights.weight(f) != 0.0);
    let mut title_recall = if recall_used {
        features::title_recall(&vec.tf, &weighted.idf, &doc.title)
    } else {
        Vec::new()
    };
    title_recall.resize(total, 0.0);
    let inputs = features::Inputs {
        sentences,
        centrality: &centrality,
        cosine: &cosine,
        title: &title_sim,
        title_recall: &title_recall,
        words: &doc.words,
        budget: match budget {
            Budget::Words(w) => Some(w),
            _ => None,
        },
        threshold: params.edge_threshold,
    };
    // The feature rows are kept only when asked for (a huge document's would be large).
    let (mut scores, mut rows) = (Vec::with_capacity(total), Vec::new());
    features::rows(
        &inputs,
        |f| params.weights.weight(f) != 0.0,
        |row| {
            scores.push(features::score(&row, &params.weights));
            if keep_features {
                rows.push(row);
            }
        },
    );
    Ranked {
        centrality,
        scores,
        features: rows,
        cosine,
        content_words,
        words: doc.words,
    }
}

/// TextRank score of each sentence (zero for sentences past the graph cap).
pub fn textrank<S: AsRef<str>>(sentences: &[S], params: &RankParams) -> Vec<f64> {
    rank_doc(sentences, None, Budget::All, params, false).centrality
}

/// Every feature of each sentence (in the order of [`FEATURES`]), as the model sees them
/// under this budget: what `benches/fit_model.py` fits the weights on.
pub fn feature_rows<S: AsRef<str>>(
    sentences: &[S],
    title: Option<&str>,
    budget: Budget,
    params: &RankParams,
) -> Vec<Vec<f64>> {
    let all = RankParams {
        weights: Weights([1.0; features::N]),
        ..params.clone()
    };
    let ranked = rank_doc(sentences, title, budget, &all, true);
    ranked.features.iter().map(|f| f.to_vec()).collect()
}

/// How much of a document to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    /// The N best sentences.
    Sentences(usize),
    /// Sentences in rank order while the word count stays within N; the first sentence that
    /// would cross it stops the selection; the best sentence is always kept.
    Words(usize),
    /// Every sentence, in rank order.
    All,
}

/// Sentence indices in rank order for a budget: greedily, the best by score less
/// redundancy with those already taken (maximal marginal relevance), among the sentences
/// that still fit a word budget. Units that cannot stand alone as summary lines
/// ([`units`]) are not chosen under a budget, unless nothing else is there, and then only
/// the best of them; with [`Budget::All`] they come last. Applying the budget rule to this
/// order keeps exactly the sentences returned.
pub fn rank_order<S: AsRef<str>>(
    sentences: &[S],
    title: Option<&str>,
    budget: Budget,
    params: &RankParams,
) -> Vec<usize> {
    let ranked = rank_doc(sentences, title, budget, params, false);
    let (lo, hi) = ranked
        .scores
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        });
    let norm = |i: usize| {
        if hi > lo {
            (ranked.scores[i] - lo) / (hi - lo)
        } else {
            0.0
        }
    };
    let graph = ranked.cosine.nrows();
    let lambda = params.redundancy.clamp(0.0, 1.0);
    let long = |i: usize| ranked.content_words[i] >= params.min_content_words;
    let whole = params.whole_units;
    let alone: Vec<bool> = (0..sentences.len())
        .map(|i| !whole || units::stands_alone(sentences[i].as_ref(), ranked.words[i]))
        .collect();
    let leans: Vec<bool> = (0..sentences.len())
        .map(|i| whole && i > 0 && units::leans_back(sentences[i].as_ref()))
        .collect();
    let mut taken = vec![false; sentences.len()];
    let mut left: Vec<usize> = (0..sentences.len()).collect();
    let mut order: Vec<usize> = Vec::with_capacity(sentences.len());
    // Highest cosine similarity of each sentence to those already in `order`.
    let mut overlap = vec![0.0f64; sentences.len()];
    let mut total_words = 0;
    while !left.is_empty() {
        let fits = |i: usize| match budget {
            Budget::Words(limit) => order.is_empty() || total_words + ranked.words[i] <= limit,
            _ => true,
        };
        let ok = |i: usize| alone[i] && (!leans[i] || taken[i - 1]);
        let value = |i: usize| (1.0 - lambda) * norm(i) - lambda * overlap[i];
        let best = left
            .iter()
            .enumerate()
            .filter(|&(_, &i)| fits(i))
            .max_by(|&(_, &a), &(_, &b)| {
                ok(a)
                    .cmp(&ok(b))
                    .then(long(a).cmp(&long(b)))
                    .then(value(a).total_cmp(&value(b)))
                    .then(b.cmp(&a))
            })
            .map(|(k, _)| k);
        let Some(k) = best else { break };
        let i = left[k];
        let weak = matches!(budget, Budget::Words(_))
            && params.fill_threshold > 0.0
            && value(i) < params.fill_threshold;
        if !order.is_empty() && budget != Budget::All && (!ok(i) || weak) {
            break;
        }
        left.remove(k);
        taken[i] = true;
        if i < graph {
            for &j in &left {
                if j < graph {
                    overlap[j] = overlap[j].max(ranked.cosine[[i, j]]);
                }
            }
        }
        if let Budget::Words(_) = budget {
            total_words += ranked.words[i];
        }
        order.push(i);
        match budget {
            Budget::Sentences(n) if order.len() >= n => break,
            Budget::Words(limit) if total_words >= limit => break,
            _ => {}
        }
    }
    order
}

/// Choose sentences by rank within a budget; indices returned in document order.
pub fn select<S: AsRef<str>>(sentences: &[S], budget: Budget, params: &RankParams) -> Vec<usize> {
    select_titled(sentences, None, budget, params)
}

/// [`select`], with the article's title as a ranking signal.
pub fn select_titled<S: AsRef<str>>(
    sentences: &[S],
    title: Option<&str>,
    budget: Budget,
    params: &RankParams,
) -> Vec<usize> {
    let mut chosen = rank_order(sentences, title, budget, params);
    chosen.sort_unstable();
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teleport_follows_the_decay_it_is_given() {
        // Position weights are kept between documents: a new decay must not reuse them.
        let at = |decay: f64, n: usize| {
            let params = RankParams {
                position_prior: 0.5,
                position_decay: decay,
                ..RankParams::default()
            };
            teleport(n, &params).to_vec()
        };
        let by_formula = |decay: f64, n: usize| {
            let pos: Vec<f64> = (0..n).map(|i| (1.0 + i as f64).powf(-decay)).collect();
            let total: f64 = pos.iter().sum();
            pos.iter()
                .map(|p| 0.5 / n as f64 + 0.5 * p / total)
                .collect::<Vec<f64>>()
        };
        for (decay, n) in [(1.0, 3), (1.0, 7), (0.5, 4), (0.0, 6), (2.0, 2), (0.5, 9)] {
            assert_eq!(
                at(decay, n),
                by_formula(decay, n),
                "decay {decay}, {n} sentences"
            );
        }
    }

    /// Each sentence's term ids as [`Lists`].
    fn lists_of(ids: &[Vec<u32>]) -> Lists<u32> {
        let mut lists = Lists::with_capacity(ids.len(), 0);
        for t in ids {
            lists.push(t.iter().copied());
        }
        lists
    }

    proptest::proptest! {
        #[test]
        fn term_vectors_are_each_sentences_ids_counted_in_order(
            ids in proptest::collection::vec(proptest::collection::vec(0u32..200, 0..40), 1..12),
        ) {
            let vec = vectors(&lists_of(&ids), 200);
            let mut df = vec![0u32; 200];
            for (k, t) in ids.iter().enumerate() {
                let want = sparse::counted(t.clone());
                proptest::prop_assert_eq!(vec.tf.of(k), &want[..]);
                want.iter().for_each(|&(id, _)| df[id as usize] += 1);
            }
            proptest::prop_assert_eq!(vec.df, df);
        }

        #[test]
        fn cosines_are_those_of_visiting_each_ordered_pair(
            ids in proptest::collection::vec(proptest::collection::vec(0u32..30, 0..12), 1..12),
        ) {
            let vec = vectors(&lists_of(&ids), 30);
            // Each ordered pair visited on its own, as the matrix was first filled.
            let n = ids.len();
            let idf = idf(&vec);
            let weighted: Vec<Vec<(u32, f64)>> =
                vec.tf.iter().map(|v| tf_idf(v, &idf).collect()).collect();
            let norms: Vec<f64> = weighted.iter().map(|v| norm(v)).collect();
            // Each ordered pair's products summed in term order by a merge.
            let mut want = Array2::from_shape_fn((n, n), |(i, j)| {
                if i == j { 0.0 } else { sparse::cosine(&weighted[i], &weighted[j]) }
            });
            for ((i, j), v) in want.indexed_iter_mut() {
                if *v > 0.0 {
                    *v /= norms[i] * norms[j];
                }
            }
            let bits = |m: &Array2<f64>| m.iter().map(|x| x.to_bits()).collect::<Vec<u64>>();
            proptest::prop_assert_eq!(bits(&cosine_matrix(&weighted_of(&vec))), bits(&want));
        }
    }

    /// PageRank as it was first written: ndarray's matrix-vector product each iteration.
    fn pagerank_by_ndarray(
        weights: &Array2<f64>,
        teleport: &Array1<f64>,
        params: &RankParams,
    ) -> Array1<f64> {
        let n = weights.nrows();
        let out_sums: Vec<f64> = weights.rows().into_iter().map(|r| r.sum()).collect();
        let mut trans_t = Array2::<f64>::zeros((n, n));
        for ((i, j), &w) in weights.indexed_iter() {
            trans_t[[j, i]] = if out_sums[i] > 0.0 {
                w / out_sums[i]
            } else {
                w
            };
        }
        let mut scores = teleport.clone();
        let mut spread = Array1::<f64>::zeros(n);
        for _ in 0..params.max_iterations {
            let dangling: f64 = (0..n)
                .filter(|&i| out_sums[i] == 0.0)
                .map(|i| scores[i])
                .sum();
            ndarray::linalg::general_mat_vec_mul(1.0, &trans_t, &scores, 0.0, &mut spread);
            let spread = spread.as_slice().expect("a standard-layout vector");
            if step(&mut scores, spread, teleport, dangling, params) < params.tolerance {
                break;
            }
        }
        scores
    }

    proptest::proptest! {
        #[test]
        fn pagerank_is_the_ndarray_product_bit_for_bit(
            n in 1usize..24,
            cells in proptest::collection::vec(
                proptest::prop_oneof![proptest::strategy::Just(0.0), 0.0f64..1.0], 24 * 24),
        ) {
            let weights = Array2::from_shape_fn((n, n), |(i, j)| if i == j { 0.0 } else { cells[i * 24 + j] });
            let params = RankParams::default();
            let t = teleport(n, &params);
            let bits = |v: &Array1<f64>| v.iter().map(|x| x.to_bits()).collect::<Vec<u64>>();
            proptest::prop_assert_eq!(bits(&pagerank(&weights, &t, &params)), bits(&pagerank_by_ndarray(&weights, &t, &params)));
        }
    }

    #[test]
    fn idf_is_the_formula_for_every_term_bit_for_bit() {
        // Four sentences; terms held by none (a title's), some, all, and repeated counts.
        let mut tf = Lists::with_capacity(4, 0);
        for _ in 0..4 {
            tf.push([]);
        }
        let vec = Vectors {
            tf,
            df: vec![0, 1, 2, 1, 4, 0, 3, 2, 1],
        };
        let want: Vec<u64> = vec
            .df
            .iter()
            .map(|&df| ((4.0f64 + 1.0) / (df as f64 + 0.5)).ln().to_bits())
            .collect();
        let got: Vec<u64> = idf(&vec).iter().map(|x| x.to_bits()).collect();
        assert_eq!(got, want);
    }

    /// Sentences as the splitter gives them, each with its full stop.
    fn sents(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| format!("{s}.")).collect()
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
        // Centrality alone: plain TextRank.
        let plain = RankParams {
            damping: 0.85,
            position_prior: 0.0,
            redundancy: 0.0,
            ..RankParams::default()
        };
        let order = rank_order(&s, None, Budget::All, &plain);
        assert!([1, 2, 3].contains(&order[0]), "{order:?}");
        assert!(order[3] == 0 || order[3] == 4);
        for similarity in [Similarity::Overlap, Similarity::Bm25] {
            let p = RankParams {
                similarity,
                ..plain.clone()
            };
            let order = rank_order(&s, None, Budget::All, &p);
            assert!([1, 2, 3].contains(&order[0]), "{similarity:?}: {order:?}");
        }
        let scores = textrank(&s, &RankParams::default());
        let total: f64 = scores.iter().sum();
        assert!(
            (total - 1.0).abs() < 1e-6,
            "scores form a distribution: {total}"
        );
    }

    #[test]
    fn backward_edges_favour_earlier_sentences() {
        let s = sents(&[
            "العمال يطالبون بزيادة الأجور في القطاع الخاص",
            "الطقس مشمس في المدينة الساحلية اليوم",
            "العمال يطالبون بزيادة الأجور في القطاع الخاص",
        ]);
        let plain = RankParams {
            damping: 0.85,
            position_prior: 0.0,
            ..RankParams::default()
        };
        let undirected = textrank(&s, &plain);
        assert!((undirected[0] - undirected[2]).abs() < 1e-9);
        for (direction, earlier_wins) in [(Direction::Backward, true), (Direction::Forward, false)]
        {
            let p = RankParams {
                direction,
                ..plain.clone()
            };
            let scores = textrank(&s, &p);
            assert_eq!(
                scores[0] > scores[2],
                earlier_wins,
                "{direction:?}: {scores:?}"
            );
        }
    }

    #[test]
    fn ties_are_broken_by_position() {
        let s = sents(&["جملة أولى مستقلة تماما هنا", "نص آخر مختلف كليا عنها الآن"]);
        assert_eq!(
            rank_order(&s, None, Budget::All, &RankParams::default()),
            vec![0, 1]
        );
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
        let fill = RankParams {
            fill_threshold: 0.0,
            ..RankParams::default()
        };
        let all = select(&s, Budget::Words(100), &fill);
        assert_eq!(all, vec![0, 1, 2]);
        // With a fill threshold the weakest sentence is left out though it fits.
        let strict = RankParams {
            fill_threshold: 0.5,
            ..RankParams::default()
        };
        assert!(select(&s, Budget::Words(100), &strict).len() < 3);
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
    fn fragments_and_leaning_sentences_are_not_chosen_alone() {
        let s = vec![
            "وزارة العمل تطلق برنامجا لتشغيل الشباب في المدن.".to_string(),
            "وهو ما رحبت به النقابات في بيان مشترك.".to_string(),
            "_____".to_string(),
            "ما الذي يعنيه البرنامج للعمال؟".to_string(),
            "ويبدأ التسجيل في البرنامج الشهر المقبل عبر موقع الوزارة.".to_string(),
        ];
        let p = RankParams {
            fill_threshold: 0.0,
            ..RankParams::default()
        };
        assert_eq!(select(&s, Budget::Sentences(5), &p), vec![0, 1, 4]);
        // Without sentence 0 before it, the sentence that leans on it is not chosen.
        let rest = vec![s[2].clone(), s[1].clone(), s[4].clone()];
        assert_eq!(select(&rest, Budget::Sentences(3), &p), vec![2]);
        // Nothing that stands alone: the best unit, and only it.
        let junk = vec!["_____".to_string(), "الأهداف".to_string()];
        assert_eq!(select(&junk, Budget::Sentences(2), &p).len(), 1);
    }

    #[test]
    fn title_similarity_lifts_the_sentence_about_the_title() {
        let s = sents(&[
            "عقدت الحكومة اجتماعها الأسبوعي في العاصمة",
            "ناقش الوزراء مشروع قانون الحد الأدنى للأجور في القطاع الخاص",
            "وتناول الاجتماع ملفات الطرق والنقل العام",
        ]);
        let mut p = RankParams {
            weights: Weights([0.0; features::N]),
            ..RankParams::default()
        };
        p.set("title", "1").unwrap();
        let title = Some("الحكومة تناقش الحد الأدنى للأجور");
        assert_eq!(rank_order(&s, title, Budget::All, &p)[0], 1);
        // Without a title every score ties and position decides.
        assert_eq!(rank_order(&s, None, Budget::All, &p)[0], 0);
    }

    #[test]
    fn feature_rows_hold_every_feature_of_every_sentence() {
        let s = sents(&[
            "عقدت الحكومة اجتماعها الأسبوعي في العاصمة",
            "ناقش الوزراء مشروع قانون الحد الأدنى للأجور في القطاع الخاص",
            "وقال الوزير: «القرار للحكومة» في نهاية الاجتماع",
        ]);
        let title = Some("الحكومة تناقش الحد الأدنى للأجور");
        let rows = feature_rows(&s, title, Budget::Words(8), &RankParams::default());
        assert_eq!(rows.len(), 3);
        let col = |name: &str| {
            let k = FEATURES.iter().position(|f| *f == name).unwrap();
            rows.iter().map(|r| r[k]).collect::<Vec<f64>>()
        };
        assert!(rows.iter().all(|r| r.len() == FEATURES.len()));
        assert_eq!(col("first"), vec![1.0, 0.0, 0.0]);
        assert_eq!(col("second"), vec![0.0, 1.0, 0.0]);
        assert_eq!(col("quote"), vec![0.0, 0.0, 1.0]);
        assert_eq!(col("title_top"), vec![0.0, 1.0, 0.0]);
        // Over an eight-word budget: the ten-word sentence.
        assert_eq!(col("over_budget"), vec![0.0, 1.0, 0.0]);
        let recall = col("title_recall");
        assert!(recall[1] > recall[0] && recall[0] > 0.0, "{recall:?}");
        assert_eq!(col("first_title")[0], recall[0]);
    }

    #[test]
    fn empty_input() {
        assert!(select::<String>(&[], Budget::Sentences(3), &RankParams::default()).is_empty());
    }

    #[test]
    fn position_prior_favours_the_lead_among_equals() {
        let s = sents(&[
            "وزارة العمل تطلق برنامج تشغيل الشباب",
            "برنامج تشغيل الشباب تطلقه وزارة العمل",
            "تطلق وزارة العمل برنامج تشغيل الشباب",
        ]);
        assert_eq!(
            rank_order(&s, None, Budget::All, &RankParams::default())[0],
            0
        );
    }

    #[test]
    fn redundancy_control_skips_a_repeated_sentence() {
        let s = sents(&[
            "وزارة العمل تطلق برنامج تشغيل الشباب في المدن",
            "وزارة العمل تطلق برنامج تشغيل الشباب في المدن الكبرى",
            "النقابات تطالب برفع الأجور في القطاع الخاص هذا العام",
        ]);
        let with = RankParams {
            redundancy: 0.7,
            ..RankParams::default()
        };
        assert_eq!(select(&s, Budget::Sentences(2), &with), vec![0, 2]);
        let without = RankParams {
            redundancy: 0.0,
            ..RankParams::default()
        };
        assert_eq!(select(&s, Budget::Sentences(2), &without), vec![0, 1]);
    }

    #[test]
    fn word_budget_fills_with_sentences_that_fit() {
        // The second-best sentence is too long for what is left; a shorter one is taken.
        let long = "العمال ".repeat(30) + "يطالبون بالأجور.";
        let s = vec![
            "وزارة العمل تطلق برنامج تشغيل الشباب.".to_string(),
            long,
            "برنامج الشباب يبدأ قريبا.".to_string(),
        ];
        let fill = RankParams {
            fill_threshold: 0.0,
            ..RankParams::default()
        };
        let chosen = select(&s, Budget::Words(12), &fill);
        assert_eq!(chosen, vec![0, 2]);
    }

    #[test]
    fn parameters_can_be_set_by_name() {
        let mut p = RankParams::default();
        p.set("similarity", "bm25").unwrap();
        p.set("position_prior", "0.25").unwrap();
        p.set("stem", "false").unwrap();
        assert_eq!(p.similarity, Similarity::Bm25);
        assert_eq!(p.position_prior, 0.25);
        assert!(!p.stem);
        assert!(p.set("nope", "1").is_err());
        assert!(p.set("damping", "x").is_err());
    }
}
