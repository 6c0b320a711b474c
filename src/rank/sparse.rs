//! Similarity and PageRank on large, sparse graphs: the week's articles and sentences.
//!
//! Per-document TextRank uses a dense `ndarray` matrix; a busy week has tens of thousands of
//! sentences, so the week-level work uses sparse TF-IDF vectors, an inverted index that
//! skips very common terms and keeps a bounded number of neighbours per node, and power
//! iteration over an edge list. Time grows with the number of nodes, not its square.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::text;

/// A sparse vector: (term id, weight), sorted by term id, L2-normalised.
pub type SparseVec = Vec<(u32, f64)>;

/// How documents are turned into terms.
#[derive(Debug, Clone, Copy)]
pub struct TermOptions {
    pub stem: bool,
    /// Keep numbers ("2024", "15"): they tell two events apart.
    pub numbers: bool,
}

/// TF-IDF vectors of `texts` (IDF over these texts), L2-normalised. A text is given as
/// its pieces (a title and a body borrowed where they are), read as if joined by line
/// breaks. Texts are read in parallel: terms are first keyed by a fixed 64-bit hash, then
/// numbered in order of first appearance, so the result does not depend on the schedule.
pub fn tfidf_vectors<P, T>(texts: &[T], opts: TermOptions) -> Vec<SparseVec>
where
    P: AsRef<str>,
    T: AsRef<[P]> + Sync,
{
    use std::hash::BuildHasher;
    let hasher = rustc_hash::FxBuildHasher;
    let mut counts: Vec<Vec<(u64, f64)>> = texts
        .par_iter()
        .map(|t| {
            let mut ids: Vec<u64> = Vec::new();
            // A term never spans a line break: the pieces' terms are the joined text's.
            for piece in t.as_ref() {
                text::for_each_term(piece.as_ref(), opts.stem, opts.numbers, |term| {
                    ids.push(hasher.hash_one(term));
                });
            }
            counted(ids)
        })
        .collect();
    // Each hash replaced by its term's id, in place.
    let mut dense: FxHashMap<u64, u32> = FxHashMap::default();
    let mut df: Vec<u32> = Vec::new();
    for v in &mut counts {
        for (h, _) in v.iter_mut() {
            let n = dense.len() as u32;
            let id = *dense.entry(*h).or_insert(n);
            if id as usize == df.len() {
                df.push(0);
            }
            df[id as usize] += 1;
            *h = u64::from(id);
        }
    }
    drop(dense);
    let n = texts.len() as f64;
    // Each term's IDF and the log of small counts, computed once (the same values as
    // computing them for each entry).
    let idf: Vec<f64> = df
        .iter()
        .map(|&d| ((n + 1.0) / (d as f64 + 0.5)).ln())
        .collect();
    let log_count: Vec<f64> = (0..64).map(|c| (c as f64).ln()).collect();
    counts
        .into_par_iter()
        .map(|v| {
            let mut w: SparseVec = v
                .into_iter()
                .map(|(t, c)| {
                    let t = t as u32;
                    let ln_c = log_count.get(c as usize).copied().unwrap_or_else(|| c.ln());
                    (t, (1.0 + ln_c) * idf[t as usize])
                })
                .filter(|&(_, x)| x > 0.0)
                .collect();
            w.sort_unstable_by_key(|&(t, _)| t);
            let norm = w.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
            if norm > 0.0 {
                w.iter_mut().for_each(|(_, x)| *x /= norm);
            }
            w
        })
        .collect()
}

/// Each distinct id of `ids` with the number of times it occurs, sorted by id.
pub(crate) fn counted<T: Ord + Copy>(mut ids: Vec<T>) -> Vec<(T, f64)> {
    ids.sort_unstable();
    // Allocated once, at its size.
    let mut v: Vec<(T, f64)> = Vec::with_capacity(ids.chunk_by(|a, b| a == b).count());
    v.extend(runs(&ids));
    v
}

/// Each distinct value of sorted `ids` with the number of times it occurs.
pub(crate) fn runs<T: PartialEq + Copy>(ids: &[T]) -> impl Iterator<Item = (T, f64)> + '_ {
    ids.chunk_by(|a, b| a == b)
        .map(|run| (run[0], run.len() as f64))
}

/// Cosine of two normalised sparse vectors.
pub fn cosine(a: &[(u32, f64)], b: &[(u32, f64)]) -> f64 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

/// [`cosine`] of a vector spread out by term (zero where it has no term) and a sparse one,
/// bit for bit: the same products summed in the same order (term order), since adding the
/// zero product of a term they do not share leaves a sum of positive products unchanged.
fn dot_dense(dense: &[f64], b: &SparseVec) -> f64 {
    let mut dot = 0.0;
    for &(t, w) in b {
        dot += dense[t as usize] * w;
    }
    dot
}

/// Limits on the neighbour search.
#[derive(Debug, Clone, Copy)]
pub struct NeighbourOptions {
    /// Pairs below this cosine are not edges.
    pub threshold: f64,
    /// Terms held by more nodes than this are too common to find neighbours by (their
    /// IDF, and so their share of any cosine, is small).
    pub max_postings: usize,
    /// Only a node's heaviest shared terms look for neighbours (bounds the work on long
    /// documents).
    pub query_terms: usize,
    /// Neighbours kept per node, the most similar.
    pub max_neighbours: usize,
}

/// Pairs (i < j) of similar nodes with their exact cosine. Candidates are found through an
/// inverted index: partial dot products over the terms two nodes share, leaving out terms
/// too common to matter; only candidates whose partial product reaches half the threshold
/// are compared in full. Sorted by (i, j).
pub fn similar_pairs(vecs: &[SparseVec], opts: NeighbourOptions) -> Vec<(usize, usize, f64)> {
    let vocabulary = vecs
        .iter()
        .flat_map(|v| v.iter().map(|&(t, _)| t as usize + 1))
        .max()
        .unwrap_or(0);
    // Only terms held by 2 to `max_postings` nodes find neighbours: only theirs are
    // listed, each list allocated once at its size.
    let mut df = vec![0u32; vocabulary];
    for v in vecs {
        for &(t, _) in v {
            df[t as usize] += 1;
        }
    }
    let queryable = |t: u32| (2..=opts.max_postings).contains(&(df[t as usize] as usize));
    // Each listed term's nodes in order, and their weights in lists of their own (the
    // search reads both in long runs): a node's later neighbours follow it there.
    let entries = || {
        vecs.iter().enumerate().flat_map(move |(i, v)| {
            v.iter()
                .filter(move |&&(t, _)| queryable(t))
                .map(move |&(t, w)| (t as usize, i as u32, w))
        })
    };
    // Where each node stands in its terms' lists (kept: finding it by a binary search for
    // every query term costs more than the whole index).
    let mut seen = vec![0u32; vocabulary];
    let at = vecs
        .iter()
        .map(|v| {
            v.iter()
                .filter(|&&(t, _)| queryable(t))
                .map(|&(t, _)| {
                    seen[t as usize] += 1;
                    seen[t as usize] - 1
                })
                .collect()
        })
        .collect();
    let postings = Postings {
        nodes: Lists::build(vocabulary, || entries().map(|(t, i, _)| (t, i))),
        weights: Lists::build(vocabulary, || entries().map(|(t, _, w)| (t, w))),
        at,
    };
    // Each node's search is independent: run them in parallel, each worker with its own
    // buffers; the pairs are sorted afterwards, so the result does not depend on the
    // schedule.
    let search = |w: &mut Search, i: usize| w.neighbours(i, vecs, &postings, queryable, opts);
    let mut out: Vec<(usize, usize, f64)> = (0..vecs.len())
        .into_par_iter()
        .map_init(|| Search::new(vecs.len(), vocabulary), search)
        .flatten_iter()
        .collect();
    out.sort_unstable_by_key(|e| (e.0, e.1));
    out
}

/// The postings of [`similar_pairs`]: each listed term's nodes, their weights beside them,
/// and where each node stands in them.
struct Postings {
    nodes: Lists<u32>,
    weights: Lists<f64>,
    /// Each node's places in the lists of its listed terms, in term order.
    at: Vec<Vec<u32>>,
}

/// A search worker's state in [`similar_pairs`]: partial products by node, the nodes
/// touched, the searching node's weights by term, its query and its neighbours.
struct Search {
    acc: Vec<f64>,
    touched: Vec<u32>,
    dense: Vec<f64>,
    query: Vec<(u32, f64, u32)>,
    found: Vec<(usize, f64)>,
}

impl Search {
    fn new(nodes: usize, vocabulary: usize) -> Search {
        Search {
            acc: vec![0.0; nodes],
            touched: Vec::new(),
            dense: vec![0.0; vocabulary],
            query: Vec::new(),
            found: Vec::new(),
        }
    }

    /// Node `i`'s most similar later nodes, as (i, j, cosine).
    fn neighbours(
        &mut self,
        i: usize,
        vecs: &[SparseVec],
        postings: &Postings,
        queryable: impl Fn(u32) -> bool,
        opts: NeighbourOptions,
    ) -> Vec<(usize, usize, f64)> {
        let v = &vecs[i];
        self.query.clear();
        self.query.extend(
            v.iter()
                .filter(|&&(t, _)| queryable(t))
                .zip(&postings.at[i])
                .map(|(&(t, x), &place)| (t, x, place)),
        );
        if self.query.len() > opts.query_terms {
            // The heaviest terms, heaviest first (ties by term: a total order, so the same
            // as sorting all of them).
            let heavier =
                |a: &(u32, f64, u32), b: &(u32, f64, u32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            self.query.select_nth_unstable_by(opts.query_terms, heavier);
            self.query.truncate(opts.query_terms);
            self.query.sort_unstable_by(heavier);
        }
        let touched = self.partial_products(postings);
        self.compare(v, vecs, touched, opts);
        self.found.iter().map(|&(j, c)| (i, j, c)).collect()
    }

    /// The query's partial products with the later nodes that share its terms, in `acc`;
    /// returns how many nodes were touched (listed first in `touched`).
    fn partial_products(&mut self, postings: &Postings) -> usize {
        let mut touched = 0;
        for &(t, wi, place) in &self.query {
            // Each pair once: only later nodes. A node is listed when first touched,
            // without a branch: its slot is written every time and kept the first time.
            let (nodes, weights) = (
                postings.nodes.of(t as usize),
                postings.weights.of(t as usize),
            );
            let first = place as usize + 1;
            let later = nodes[first..].iter().zip(&weights[first..]);
            if self.touched.len() < touched + later.len() {
                self.touched.resize(touched + later.len(), 0);
            }
            for (&j, &wj) in later {
                self.touched[touched] = j;
                let j = j as usize;
                touched += usize::from(self.acc[j] == 0.0);
                self.acc[j] += wi * wj;
            }
        }
        touched
    }

    /// The touched nodes whose partial product reaches half the threshold, compared in
    /// full with `v`: the most similar of those at the threshold, in `found`. Clears `acc`.
    fn compare(
        &mut self,
        v: &SparseVec,
        vecs: &[SparseVec],
        touched: usize,
        opts: NeighbourOptions,
    ) {
        // The node's weights spread out by term: each candidate's cosine is then one pass
        // over its own terms.
        for &(t, x) in v {
            self.dense[t as usize] = x;
        }
        self.found.clear();
        for &j in &self.touched[..touched] {
            let j = j as usize;
            if self.acc[j] >= opts.threshold * 0.5 {
                let c = dot_dense(&self.dense, &vecs[j]);
                if c >= opts.threshold {
                    self.found.push((j, c));
                }
            }
            self.acc[j] = 0.0;
        }
        for &(t, _) in v {
            self.dense[t as usize] = 0.0;
        }
        self.found
            .sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        self.found.truncate(opts.max_neighbours);
    }
}

/// PageRank over an undirected weighted edge list, uniform teleport; scores sum to 1.
///
/// Each node gathers what its neighbours send it, in the order of the edge list (so the
/// sums are the same, bit for bit, as scattering edge by edge), and the nodes of a large
/// graph are gathered in parallel.
pub fn pagerank(n: usize, edges: Vec<(usize, usize, f64)>, damping: f64) -> Vec<f64> {
    if n == 0 {
        return Vec::new();
    }
    let mut out_sum = vec![0.0f64; n];
    for &(a, b, w) in &edges {
        out_sum[a] += w;
        out_sum[b] += w;
    }
    let incoming = incoming(n, &edges);
    let parallel = edges.len() >= PARALLEL_EDGES;
    // The list is read again only through `incoming`.
    drop(edges);
    let dangling_nodes: Vec<usize> = (0..n).filter(|&i| out_sum[i] == 0.0).collect();
    let mut scores = vec![1.0 / n as f64; n];
    let (mut next, mut share) = (vec![0.0f64; n], vec![(0.0f64, 0.0f64); n]);
    for _ in 0..100 {
        let dangling: f64 = dangling_nodes.iter().map(|&i| scores[i]).sum();
        let base = ((1.0 - damping) + damping * dangling) / n as f64;
        // `damping * scores[u] * w / out_sum[u]`, evaluated left to right as before; a
        // node's two numbers side by side, read at once.
        for ((s, &x), &o) in share.iter_mut().zip(&scores).zip(&out_sum) {
            *s = (damping * x, o);
        }
        let gather = |(v, x): (usize, &mut f64)| {
            let mut sum = base;
            for &(u, w) in incoming.of(v) {
                let (given, out) = share[u as usize];
                sum += given * w / out;
            }
            *x = sum;
        };
        if parallel {
            next.par_iter_mut()
                .enumerate()
                .with_min_len(1024)
                .for_each(gather);
        } else {
            next.iter_mut().enumerate().for_each(gather);
        }
        let change: f64 = next.iter().zip(&scores).map(|(x, y)| (x - y).abs()).sum();
        std::mem::swap(&mut scores, &mut next);
        if change < 1e-7 {
            break;
        }
    }
    scores
}

/// Edges from which [`pagerank`] gathers in parallel: below, a pass is too short to share.
const PARALLEL_EDGES: usize = 20_000;

/// Items grouped by a key below `keys`, each group in the order the items come: one flat
/// list and where each group starts. `items` is asked twice: to count, then to place.
pub(crate) struct Lists<T> {
    start: Vec<usize>,
    items: Vec<T>,
}

impl<T: Copy + Default> Lists<T> {
    pub(crate) fn build<I: Iterator<Item = (usize, T)>>(
        keys: usize,
        items: impl Fn() -> I,
    ) -> Lists<T> {
        let mut start = vec![0usize; keys + 1];
        for (k, _) in items() {
            start[k + 1] += 1;
        }
        for k in 0..keys {
            start[k + 1] += start[k];
        }
        let mut fill = start[..keys].to_vec();
        let mut list = vec![T::default(); start[keys]];
        for (k, x) in items() {
            list[fill[k]] = x;
            fill[k] += 1;
        }
        Lists { start, items: list }
    }

    /// Groups added one after another with [`Lists::push`].
    pub(crate) fn with_capacity(groups: usize, items: usize) -> Lists<T> {
        let mut start = Vec::with_capacity(groups + 1);
        start.push(0);
        Lists {
            start,
            items: Vec::with_capacity(items),
        }
    }

    /// A group after the last one.
    pub(crate) fn push(&mut self, group: impl IntoIterator<Item = T>) {
        self.items.extend(group);
        self.close();
    }

    /// An item at the end of the open group, the one after the last [`Lists::close`].
    pub(crate) fn push_item(&mut self, x: T) {
        self.items.push(x);
    }

    /// Ends the open group.
    pub(crate) fn close(&mut self) {
        self.start.push(self.items.len());
    }

    /// How many groups there are.
    pub(crate) fn len(&self) -> usize {
        self.start.len() - 1
    }

    /// How many items all the groups hold.
    pub(crate) fn total(&self) -> usize {
        self.items.len()
    }

    pub(crate) fn of(&self, key: usize) -> &[T] {
        &self.items[self.start[key]..self.start[key + 1]]
    }

    /// Every key's group, in key order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &[T]> {
        (0..self.len()).map(|k| self.of(k))
    }
}

/// For every term, the vectors that hold it (their index and weight), in order: the sparse
/// matrix by columns, so that pairwise products cost only shared terms.
pub(crate) fn postings(vectors: &Lists<(u32, f64)>, vocabulary: usize) -> Lists<(u32, f64)> {
    Lists::build(vocabulary, || {
        vectors
            .iter()
            .enumerate()
            .flat_map(|(i, v)| v.iter().map(move |&(t, w)| (t as usize, (i as u32, w))))
    })
}

/// What each node of an edge list receives from: its neighbours and the edges' weights, in
/// the order of the list. An edge sends to `b` first, then to `a`, as the scattering loop
/// did.
fn incoming(n: usize, edges: &[(usize, usize, f64)]) -> Lists<(u32, f64)> {
    Lists::build(n, || {
        edges
            .iter()
            .flat_map(|&(a, b, w)| [(b, (a as u32, w)), (a, (b as u32, w))])
    })
}

/// Groups around leaders, without chaining: in index order, a node joins the group of the
/// most similar earlier leader it has an edge to, or leads a group of its own. Every member
/// is similar to its leader (A like B like C does not put A with C). Each group sorted,
/// groups ordered by their leader.
pub fn leader_groups(n: usize, edges: &[(usize, usize, f64)]) -> Vec<Vec<usize>> {
    let mut earlier: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for &(a, b, w) in edges {
        let (lo, hi) = (a.min(b), a.max(b));
        earlier[hi].push((lo, w));
    }
    let mut leader = (0..n).collect::<Vec<usize>>();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); n];
    for j in 0..n {
        let best = earlier[j]
            .iter()
            .filter(|&&(i, _)| leader[i] == i)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|&(i, _)| i);
        let l = best.unwrap_or(j);
        leader[j] = l;
        members[l].push(j);
    }
    members.into_iter().filter(|m| !m.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_texts_pair_up_and_groups_form() {
        let texts: Vec<[String; 1]> = [
            "وزارة العمل تطلق برنامجا لتشغيل الشباب في الرباط",
            "الرياضة: فوز الفريق المحلي في المباراة النهائية",
            "في الرباط أطلقت وزارة العمل برنامجا لتشغيل الشباب",
            "ارتفاع أسعار النفط في الأسواق العالمية",
        ]
        .iter()
        .map(|s| [s.to_string()])
        .collect();
        let v = tfidf_vectors(
            &texts,
            TermOptions {
                stem: true,
                numbers: true,
            },
        );
        let opts = NeighbourOptions {
            threshold: 0.5,
            max_postings: 100,
            query_terms: 20,
            max_neighbours: 10,
        };
        let pairs = similar_pairs(&v, opts);
        assert_eq!(pairs.len(), 1, "{pairs:?}");
        assert_eq!((pairs[0].0, pairs[0].1), (0, 2));
        assert_eq!(leader_groups(4, &pairs), vec![vec![0, 2], vec![1], vec![3]]);
        let pr = pagerank(4, pairs, 0.85);
        assert!((pr.iter().sum::<f64>() - 1.0).abs() < 1e-6);
        assert!(pr[0] > pr[1]);
    }

    #[test]
    fn leaders_do_not_chain() {
        // 0~1 and 1~2, but 0 and 2 are not alike: 2 does not join 0's group.
        let edges = [(0, 1, 0.6), (1, 2, 0.6)];
        assert_eq!(leader_groups(3, &edges), vec![vec![0, 1], vec![2]]);
    }

    #[test]
    fn cosine_of_sparse_vectors() {
        let a = vec![(1, 0.6), (3, 0.8)];
        let b = vec![(3, 1.0)];
        assert!((cosine(&a, &b) - 0.8).abs() < 1e-12);
        assert_eq!(cosine(&a, &[]), 0.0);
    }

    /// A sparse vector of positive weights on distinct sorted terms below 64.
    fn positive_vec() -> impl proptest::strategy::Strategy<Value = SparseVec> {
        use proptest::prelude::*;
        proptest::collection::btree_map(0u32..64, 1e-6f64..1.0, 0..20)
            .prop_map(|m| m.into_iter().collect())
    }

    /// PageRank by scattering each edge's shares in turn: what [`pagerank`] must give bit
    /// for bit.
    fn pagerank_by_scattering(n: usize, edges: &[(usize, usize, f64)], damping: f64) -> Vec<f64> {
        let mut out_sum = vec![0.0f64; n];
        for &(a, b, w) in edges {
            out_sum[a] += w;
            out_sum[b] += w;
        }
        let mut scores = vec![1.0 / n as f64; n];
        for _ in 0..100 {
            let dangling: f64 = (0..n)
                .filter(|&i| out_sum[i] == 0.0)
                .map(|i| scores[i])
                .sum();
            let mut next = vec![((1.0 - damping) + damping * dangling) / n as f64; n];
            for &(a, b, w) in edges {
                next[b] += damping * scores[a] * w / out_sum[a];
                next[a] += damping * scores[b] * w / out_sum[b];
            }
            let change: f64 = next.iter().zip(&scores).map(|(x, y)| (x - y).abs()).sum();
            scores = next;
            if change < 1e-7 {
                break;
            }
        }
        scores
    }

    #[test]
    fn gathering_pagerank_is_scattering_pagerank_bit_for_bit() {
        // A graph large enough to be gathered in parallel, with isolated nodes, repeated
        // pairs and self-loops.
        let n = 5_000;
        use proptest::prelude::Rng;
        let mut rng = proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        );
        let mut draw = |m: usize| (rng.next_u64() % m as u64) as usize;
        let edges: Vec<(usize, usize, f64)> = (0..PARALLEL_EDGES + 1000)
            .map(|_| (draw(n - 50), draw(n - 50), (draw(1000) + 1) as f64 / 997.0))
            .collect();
        for edges in [&edges[..], &edges[..300]] {
            let want: Vec<u64> = pagerank_by_scattering(n, edges, 0.85)
                .iter()
                .map(|s| s.to_bits())
                .collect();
            let got: Vec<u64> = pagerank(n, edges.to_vec(), 0.85)
                .iter()
                .map(|s| s.to_bits())
                .collect();
            assert_eq!(got, want, "{} edges", edges.len());
        }
    }

    #[test]
    fn weights_are_log_counts_times_idf() {
        // A term 70 times (past the table of small counts), one 3 times, one in both texts.
        let first = format!("{}{}عمال", "اضراب ".repeat(70), "الاجور ".repeat(3));
        let texts = [[first], ["عمال نقابة".to_string()]];
        let v = tfidf_vectors(
            &texts,
            TermOptions {
                stem: false,
                numbers: true,
            },
        );
        let idf = |df: f64| (3.0f64 / (df + 0.5)).ln();
        let raw = [
            (1.0 + 70f64.ln()) * idf(1.0),
            (1.0 + 3f64.ln()) * idf(1.0),
            idf(2.0),
        ];
        let norm = raw.iter().map(|x| x * x).sum::<f64>().sqrt();
        let want: Vec<f64> = raw.iter().map(|x| x / norm).collect();
        let got: Vec<f64> = v[0].iter().map(|&(_, w)| w).collect();
        assert_eq!(got, want);
    }

    /// [`similar_pairs`] as its contract reads, pair by pair without an index: what the
    /// search must give, bit for bit.
    fn similar_pairs_pair_by_pair(
        vecs: &[SparseVec],
        opts: NeighbourOptions,
    ) -> Vec<(usize, usize, f64)> {
        let df = |t: u32| {
            vecs.iter()
                .filter(|v| v.iter().any(|&(u, _)| u == t))
                .count()
        };
        let weight = |v: &SparseVec, t: u32| v.iter().find(|&&(u, _)| u == t).map(|&(_, w)| w);
        let mut out = Vec::new();
        for (i, v) in vecs.iter().enumerate() {
            let mut query: Vec<(u32, f64)> = v
                .iter()
                .copied()
                .filter(|&(t, _)| (2..=opts.max_postings).contains(&df(t)))
                .collect();
            query.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            query.truncate(opts.query_terms);
            let mut found = Vec::new();
            for (j, u) in vecs.iter().enumerate().skip(i + 1) {
                let shared: Vec<f64> = query
                    .iter()
                    .filter_map(|&(t, wi)| weight(u, t).map(|wj| wi * wj))
                    .collect();
                let partial = shared.iter().fold(0.0, |acc, p| acc + p);
                if !shared.is_empty() && partial >= opts.threshold * 0.5 {
                    let c = cosine(v, u);
                    if c >= opts.threshold {
                        found.push((j, c));
                    }
                }
            }
            found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            found.truncate(opts.max_neighbours);
            out.extend(found.into_iter().map(|(j, c)| (i, j, c)));
        }
        out.sort_by_key(|&(i, j, _)| (i, j));
        out
    }

    proptest::proptest! {
        #[test]
        fn the_indexed_search_finds_the_pairs_one_by_one_comparison_finds(
            vecs in proptest::collection::vec(positive_vec(), 0..40),
            max_postings in 2usize..12,
            query_terms in 1usize..8,
            max_neighbours in 1usize..5,
        ) {
            // Norms as the TF-IDF vectors have them.
            let vecs: Vec<SparseVec> = vecs
                .into_iter()
                .map(|mut v| {
                    let norm = v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
                    v.iter_mut().for_each(|(_, x)| *x /= norm);
                    v
                })
                .collect();
            let opts = NeighbourOptions { threshold: 0.3, max_postings, query_terms, max_neighbours };
            let got: Vec<(usize, usize, u64)> =
                similar_pairs(&vecs, opts).into_iter().map(|(i, j, c)| (i, j, c.to_bits())).collect();
            let want: Vec<(usize, usize, u64)> = similar_pairs_pair_by_pair(&vecs, opts)
                .into_iter()
                .map(|(i, j, c)| (i, j, c.to_bits()))
                .collect();
            proptest::prop_assert_eq!(got, want);
        }

        #[test]
        fn the_spread_out_dot_product_is_the_cosine_bit_for_bit(
            a in positive_vec(),
            b in positive_vec(),
        ) {
            let mut dense = vec![0.0; 64];
            for &(t, w) in &a {
                dense[t as usize] = w;
            }
            proptest::prop_assert_eq!(dot_dense(&dense, &b).to_bits(), cosine(&a, &b).to_bits());
        }

        #[test]
        fn a_text_in_pieces_has_the_joined_texts_vector(
            texts in proptest::collection::vec(
                ("[ابتثجحخدرزسشعفقكلمنهوي0-9، .:\n-]{0,40}", "[ابتثجحخدرزسشعفقكلمنهوي0-9، .:\n-]{0,40}"),
                1..6,
            ),
        ) {
            let opts = TermOptions { stem: true, numbers: true };
            let pieces: Vec<[&str; 2]> = texts.iter().map(|(a, b)| [a.as_str(), b.as_str()]).collect();
            let joined: Vec<[String; 1]> = texts.iter().map(|(a, b)| [format!("{a}\n{b}")]).collect();
            proptest::prop_assert_eq!(tfidf_vectors(&pieces, opts), tfidf_vectors(&joined, opts));
        }
    }
}
