//! Throughput of the text stages on real Arabic news text (the seed corpus, repeated to
//! about 1 MB). Run with `cargo bench --bench throughput`; divan reports bytes per second.

use std::fs;

use digest::rank::{self, Budget, RankParams};
use digest::text::{self, SplitOptions};
use divan::counter::BytesCount;

fn main() {
    divan::main();
}

/// The seed articles concatenated, repeated to at least `size` bytes.
fn corpus(size: usize) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let mut paths: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let one: String = paths
        .iter()
        .map(|p| fs::read_to_string(p).unwrap() + "\n")
        .collect();
    one.repeat(size / one.len() + 1)
}

#[divan::bench]
fn split_sentences(bencher: divan::Bencher) {
    let text = corpus(1 << 20);
    let opts = SplitOptions::default();
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| text::split_sentences(divan::black_box(&text), &opts).len());
}

/// Content terms of every EASC sentence: the chunked reading against the general path
/// over whole sentences.
#[divan::bench(args = ["chunked", "general"])]
fn content_terms(bencher: divan::Bencher, how: &str) {
    let Some(docs) = easc_docs() else { return };
    let sentences: Vec<String> = docs
        .iter()
        .flat_map(|(t, _)| text::sentences(t, &SplitOptions::default()))
        .collect();
    let bytes: usize = sentences.iter().map(String::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        let mut n = 0;
        for s in &sentences {
            n += match how {
                "chunked" => text::for_each_term(s, true, false, |t| n += t.len()),
                _ => text::for_each_term_general(s, true, false, |t| n += t.len()),
            };
        }
        n
    });
}

/// The whole summarise path of one article: split, tokenise, rank, select.
#[divan::bench]
fn summarize_articles(bencher: divan::Bencher) {
    let text = corpus(1 << 20);
    let docs: Vec<String> = text
        .lines()
        .collect::<Vec<_>>()
        .chunks(12)
        .map(|c| c.join("\n"))
        .collect();
    let params = RankParams::default();
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        let mut n = 0;
        for d in &docs {
            let sentences = text::sentences(d, &SplitOptions::default());
            n += rank::select(&sentences, Budget::Sentences(3), &params).len();
        }
        n
    });
}

/// The EASC dev articles (hard-wrapped newspaper text and Wikipedia paragraphs) from
/// `../shared/bench/easc/dev.jsonl` with their word budgets, or `None` when the file is
/// absent.
fn easc_docs() -> Option<Vec<(String, usize)>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/bench/easc/dev.jsonl"
    );
    let Ok(jsonl) = fs::read_to_string(path) else {
        eprintln!("{path} not found; EASC benches skipped");
        return None;
    };
    let docs = jsonl
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["text"].as_str().unwrap().to_owned(),
                v["words"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    Some(docs)
}

/// One EASC article summarised to its word budget, as `digest summarize --jsonl` does
/// without the JSON: split, tokenise, rank, select.
fn summarize_one(text: &str, words: usize, params: &RankParams) -> usize {
    let sentences = text::sentences(text, &SplitOptions::default());
    rank::select(&sentences, Budget::Words(words), params).len()
}

/// The EASC dev articles, one after another on one core.
#[divan::bench]
fn summarize_easc(bencher: divan::Bencher) {
    let Some(docs) = easc_docs() else { return };
    let bytes: usize = docs.iter().map(|(t, _)| t.len()).sum();
    let params = RankParams::default();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        docs.iter()
            .map(|(d, words)| summarize_one(d, *words, &params))
            .sum::<usize>()
    });
}

/// The EASC dev articles spread over all cores (rayon), as the CLI does.
#[divan::bench]
fn summarize_easc_all_cores(bencher: divan::Bencher) {
    use rayon::prelude::*;
    let Some(docs) = easc_docs() else { return };
    let bytes: usize = docs.iter().map(|(t, _)| t.len()).sum();
    let params = RankParams::default();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        docs.par_iter()
            .map(|(d, words)| summarize_one(d, *words, &params))
            .sum::<usize>()
    });
}
